"""Load a ruleset folder: YAML -> meta-schema check -> pydantic `Ruleset` -> compiled closures.

Errors name the file, the line and the YAML path, and say what was expected.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from zcf.errors import RulesetError, RulesetSchemaError
from zcf.formats.json_schema import meta_errors, schema_problem
from zcf.formats.yaml_io import YamlPath, load_yaml
from zcf.model.ruleset import Ruleset

RULESET_FILE = "ruleset.yaml"


@dataclass(frozen=True)
class LoadedRuleset:
    """A validated ruleset with its submission schema, where it came from and its digest."""

    model: Ruleset
    schema: dict[str, Any]
    folder: Path
    digest: str
    origin: str = "folder"
    signers: tuple[str, ...] = ()
    lines: dict[YamlPath, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def ref(self) -> str:
        return self.model.ref


@cache
def _meta_schema() -> dict[str, Any]:
    text = resources.files("zcf.rulesets").joinpath("ruleset.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def meta_schema() -> dict[str, Any]:
    """The JSON meta-schema every ruleset.yaml must satisfy."""
    return dict(_meta_schema())


def _yaml_path_text(path: tuple[Any, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".") or "(top)"


def _line_for(lines: dict[YamlPath, int], path: tuple[Any, ...]) -> int | None:
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path)


def _check_meta(data: Any, lines: dict[YamlPath, int], file: Path) -> None:
    errors = sorted(meta_errors(_meta_schema(), data), key=lambda e: list(map(str, e.path)))
    if not errors:
        return
    first = errors[0]
    path = tuple(first.absolute_path)
    rest = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
    raise RulesetSchemaError(
        f"at {_yaml_path_text(path)}: {first.message}{rest}",
        file=str(file),
        line=_line_for(lines, path),
        hint="see docs/ruleset-format.md for the expected shape",
    )


def _normalise(data: dict[str, Any]) -> dict[str, Any]:
    """Turn the YAML conveniences (keyed maps, short input form) into the model's shape."""
    out = dict(data)
    out["parameters"] = {k: {**v, "name": k} for k, v in data.get("parameters", {}).items()}
    out["metrics"] = {k: {**v, "name": k} for k, v in data.get("metrics", {}).items()}
    out["inputs"] = {
        k: ({"pointer": v} if isinstance(v, str) else dict(v)) | {"name": k}
        for k, v in data.get("inputs", {}).items()
    }
    return out


def folder_digest(folder: Path) -> str:
    """sha256 over every file's relative path and bytes, in sorted order."""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if "__pycache__" in rel:
            continue
        h.update(rel.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def _json_decimal(path: Path) -> dict[str, Any]:
    try:
        schema: dict[str, Any] = json.loads(path.read_text("utf-8"), parse_float=Decimal)
        return schema
    except (OSError, UnicodeDecodeError) as err:
        raise RulesetError(f"cannot read submission schema: {err}", file=str(path)) from err
    except json.JSONDecodeError as err:
        raise RulesetError(
            f"submission schema is not valid JSON: {err.msg}", file=str(path), line=err.lineno,
            column=err.colno,
        ) from err


def load_ruleset_dir(folder: Path, *, origin: str = "folder", digest: str | None = None,
                     signers: tuple[str, ...] = ()) -> LoadedRuleset:
    """Load and check `folder/ruleset.yaml` and its submission schema (not yet compiled)."""
    file = folder / RULESET_FILE
    if not file.is_file():
        raise RulesetError(f"no {RULESET_FILE} in {folder}", file=str(folder))
    data, lines = load_yaml(file)
    _check_meta(data, lines, file)
    try:
        model = Ruleset.model_validate(_normalise(data))
    except ValidationError as err:
        first = err.errors()[0]
        path = tuple(first["loc"])
        raise RulesetSchemaError(
            f"at {_yaml_path_text(path)}: {first['msg']}", file=str(file),
            line=_line_for(lines, path),
        ) from err
    schema_path = folder / model.submission_schema
    if model.extends and not schema_path.is_file():
        schema: dict[str, Any] = {}  # the base's schema applies unchanged (see tailoring)
    else:
        schema = _json_decimal(schema_path)
    problem = schema_problem(schema)
    if problem is not None:
        raise RulesetSchemaError(
            f"submission schema is not a valid JSON Schema 2020-12: {problem}",
            file=str(schema_path),
        )
    return LoadedRuleset(
        model=model, schema=schema, folder=folder, digest=digest or folder_digest(folder),
        origin=origin, signers=signers, lines=lines,
    )
