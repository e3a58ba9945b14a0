"""Read ruleset YAML safely: decimals not floats, dates kept as text, duplicate keys refused,
and a line number for every YAML path so errors can point at the right place.

This is the only module that imports yaml.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from zcf.errors import RulesetError

YamlPath = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
    """SafeLoader with our scalar rules, registered on this subclass only (not globally)."""


# Dates stay strings until the meta-schema has checked them (pydantic parses them later).
_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        value = Decimal(text)
    except InvalidOperation as err:
        raise RulesetError(f"{text!r} is not a decimal number", line=node.start_mark.line + 1) from err
    if not value.is_finite():
        raise RulesetError(
            f"{text!r} is not a finite number", line=node.start_mark.line + 1,
            hint="rulesets may not contain .nan or .inf",
        )
    return value


_Loader.add_constructor("tag:yaml.org,2002:float", _decimal)


def _convert(loader: _Loader, node: yaml.Node, path: YamlPath, lines: dict[YamlPath, int]) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node)
            if not isinstance(key, str | int):
                raise RulesetError(
                    "mapping keys must be strings", line=key_node.start_mark.line + 1
                )
            key = str(key)
            if key in out:
                raise RulesetError(
                    f"duplicate key {key!r} (first at line {lines[(*path, key)]})",
                    line=key_node.start_mark.line + 1,
                    hint="each key may appear once in a mapping",
                )
            out[key] = _convert(loader, value_node, (*path, key), lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(loader, item, (*path, i), lines) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def load_yaml(path: Path) -> tuple[Any, dict[YamlPath, int]]:
    """Load one YAML file; return the data and a map from YAML path to 1-based line number."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise RulesetError(f"cannot read: {err}", file=str(path)) from err
    loader = _Loader(text)
    lines: dict[YamlPath, int] = {}
    try:
        node = loader.get_single_node()
        if node is None:
            raise RulesetError("the file is empty", file=str(path))
        return _convert(loader, node, (), lines), lines
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        raise RulesetError(
            f"not valid YAML: {err.problem}",
            file=str(path),
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from err
    except RulesetError as err:
        if err.file is None:
            raise RulesetError(err.message, file=str(path), line=err.line, hint=err.hint) from err
        raise
    finally:
        loader.dispose()
