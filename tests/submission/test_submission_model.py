"""The Submission model mirrors the submission schema and loads every valid document."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from zcf.model.submission import Submission
from zcf.submission import load_schema, read_submission

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "rulesets/zcf-cn-general/1.0.0/submission.schema.json"
VALID = sorted(ROOT.glob("tests/submissions/valid/*.json")) + sorted(
    ROOT.glob("examples/zcf-cn-general/*.json"))


def property_paths(node: Any, root: Mapping[str, Any], prefix: str = "") -> Iterator[str]:
    """Every property path (`energy.fuels[].amount.unit`) a JSON Schema defines."""
    if not isinstance(node, Mapping):
        return
    if "$ref" in node:
        target: Any = root
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        yield from property_paths(target, root, prefix)
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in node.get(key, []):
            yield from property_paths(branch, root, prefix)
    for name, sub in node.get("properties", {}).items():
        path = f"{prefix}.{name}" if prefix else name
        yield path
        yield from property_paths(sub, root, path)
    if "items" in node:
        yield from property_paths(node["items"], root, prefix + "[]")


def test_model_has_the_schema_property_paths() -> None:
    schema = load_schema(SCHEMA)
    model = Submission.model_json_schema()
    # extensions is free-form in both; quantities' value/unit appear under each quantity.
    assert set(property_paths(model, model)) == set(property_paths(schema, schema))


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_every_valid_document_loads(path: Path) -> None:
    submission = Submission.model_validate(read_submission(path))
    assert submission.period.start <= submission.period.end


def test_numbers_stay_decimal_and_floats_are_refused() -> None:
    doc = read_submission(ROOT / "tests/submissions/valid/minimal.json")
    submission = Submission.model_validate(doc)
    grid = submission.energy.electricity.grid[0]  # type: ignore[union-attr,index]
    assert grid.amount.value == Decimal("1200.5") and type(grid.amount.value) is Decimal
    doc["energy"]["electricity"]["grid"][0]["amount"]["value"] = 1200.5
    with pytest.raises(ValidationError, match="binary float that has lost digits"):
        Submission.model_validate(doc)


def test_frozen_and_closed() -> None:
    doc = read_submission(ROOT / "tests/submissions/valid/minimal.json")
    submission = Submission.model_validate(doc)
    with pytest.raises(ValidationError):
        submission.period = submission.period  # type: ignore[misc]
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Submission.model_validate({**doc, "surplus": 1})
