"""Read and write YAML: the only module in zcf that imports yaml (PyYAML).

Reading is safe (no Python objects) and strict: numbers with a fraction become `Decimal`, never
float; a key repeated in one mapping is refused; every YAML path gets its line number so errors
can point at the right place. Ruleset dates stay text until the meta-schema has checked them;
the factor tables ask for dates (`dates=True`). libyaml's C parser is used when PyYAML has it,
with the same results as the pure-Python one.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from zcf.errors import RulesetError

YamlPath = tuple[str | int, ...]

#: True when PyYAML was built with libyaml, so reading uses the C parser.
C_PARSER = bool(yaml.__with_libyaml__)

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_TEXT_DATES = {
    key: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _decimal(loader: yaml.SafeLoader | yaml.CSafeLoader, node: yaml.ScalarNode) -> Decimal:
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


class _PythonLoader(yaml.SafeLoader):
    """SafeLoader with our scalar rules, registered on this subclass only (not globally)."""


_PythonLoader.add_constructor("tag:yaml.org,2002:float", _decimal)

_new_loader: Callable[[str], yaml.SafeLoader | yaml.CSafeLoader] = _PythonLoader

if C_PARSER:
    class _CLoader(yaml.CSafeLoader):
        """CSafeLoader (libyaml's parser, the Python constructor and resolver) with the same rules."""

    _CLoader.add_constructor("tag:yaml.org,2002:float", _decimal)
    _new_loader = _CLoader


def _convert(loader: SafeConstructor, node: yaml.Node, path: YamlPath, lines: dict[YamlPath, int]) -> Any:
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


def parse_yaml(text: str, file: str, *, dates: bool = False,
               pure_python: bool = False) -> tuple[Any, dict[YamlPath, int]]:
    """Parse one YAML document; return the data and a map from YAML path to 1-based line number.

    Args:
        file: named in errors.
        dates: read unquoted ISO dates as `datetime.date` (otherwise they stay text).
        pure_python: use PyYAML's Python parser even where libyaml is present.

    Raises:
        RulesetError: not YAML, empty, a duplicate key, a non-text key, a number that is not finite.
    """
    loader: yaml.SafeLoader | yaml.CSafeLoader = _PythonLoader(text) if pure_python else _new_loader(text)
    if not dates:
        loader.yaml_implicit_resolvers = _TEXT_DATES
    lines: dict[YamlPath, int] = {}
    try:
        node = loader.get_single_node()
        if node is None:
            raise RulesetError("the file is empty", file=file)
        return _convert(loader, node, (), lines), lines
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        raise RulesetError(
            f"not valid YAML: {err.problem}",
            file=file,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from err
    except RulesetError as err:
        if err.file is None:
            raise RulesetError(err.message, file=file, line=err.line, hint=err.hint) from err
        raise
    finally:
        loader.dispose()


def load_yaml(path: Path) -> tuple[Any, dict[YamlPath, int]]:
    """Read and parse one YAML file (see `parse_yaml`); dates stay text."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise RulesetError(f"cannot read: {err}", file=str(path)) from err
    return parse_yaml(text, str(path))


class _Dumper(yaml.SafeDumper):
    """Writes Decimals as YAML numbers that `parse_yaml` reads back as the same Decimal."""


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, text)


_Dumper.add_representer(Decimal, _represent_decimal)


def dump_yaml(data: Any) -> str:
    """`data` as block YAML in the given key order, Chinese text unescaped, Decimals exact."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)
