"""Hostile and generated submissions, and the oracle every one of them must satisfy.

Shared by the bounded fuzz tests (`tests/fuzz`, part of `make test`) and the deep run
(`bench/fuzz.py`, `make fuzz`). An input is JSON bytes; the oracle evaluates it under one ruleset
with both backends through the Python API and says what `zcf evaluate` would exit with:

- 0 or 1: evaluated (compliant or not), 3: refused as an invalid submission;
- anything else is a finding: 5 (an exception outside the zcf error tree, i.e. a crash), or a
  zcf error with another exit code;
- the two backends must give the same exit code and, apart from the backend's name and the
  clock, the same result.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from zcf.api import evaluate, load_ruleset
from zcf.errors import SubmissionInvalidError, ZcfError
from zcf.report.json_result import result_dict
from zcf.rulesets.compiler import CompiledRuleset

ROOT = Path(__file__).resolve().parents[2]
RULESETS = sorted(p.name for p in (ROOT / "rulesets").iterdir() if (p / "1.0.0" / "ruleset.yaml").is_file())
#: Inside every shipped edition's time in force; half of the inputs use the period end instead.
AS_OF = dt.date(2026, 3, 31)
ALLOWED_EXITS = frozenset({0, 1, 3})
BACKENDS = ("compiled", "durable")

Path_ = tuple[str | int, ...]


def examples() -> list[tuple[str, Path]]:
    """(ruleset id, example file) for every example of every ruleset."""
    return [(rid, path) for rid in RULESETS for path in sorted((ROOT / "examples" / rid).glob("*.json"))]


def ruleset(rid: str) -> CompiledRuleset:
    return load_ruleset(f"{rid}@1.0.0")


# -- mutations -------------------------------------------------------------------------------------

ODD_TEXT = ["", " ", "\u200b", "\u202eevil", "e\u0301", "\u0000", "１２３", "😀" * 3, "\ufeff12", "A" * 5000,
            "\u00a0100", "١٢٣", "NaN", "Infinity", "-0", "1e999", "0x10", "1_000", "  12  ", "12\n"]
EDGE_DATES = ["0001-01-01", "9999-12-31", "2024-02-29", "2023-02-29", "2025-13-01", "2025-00-10", "2025-12-31T00:00:00",
              "1969-12-31", "2100-01-01", "2025-1-1", "20251231", "0000-01-01", "2025-12", "9999-12", "0000-01"]
EXTREME_NUMBERS: list[Any] = [0, -1, 10**15 - 1, -(10**15 - 1), Decimal("1e100"), Decimal("-1e100"), Decimal("1e-100"),
                              Decimal("0.000000000000001"), Decimal("999999999999999"), "999999999999999999999999",
                              "0.0000000000000000000000001", "-0", "1e5", 2**63, -(2**63)]
SWAPS: list[Any] = [None, True, False, 0, 1, Decimal("0.5"), "", "text", [], {}, [1], {"value": "1", "unit": "kWh"}]
KINDS = ("type-swap", "negative", "remove", "duplicate-item", "extreme", "unicode", "date-edge")


def _places(doc: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    yield path, doc
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from _places(value, (*path, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            yield from _places(value, (*path, i))


def _set(doc: Any, path: Path_, value: Any) -> None:
    for part in path[:-1]:
        doc = doc[part]
    doc[path[-1]] = value


def _parent(doc: Any, path: Path_) -> Any:
    for part in path[:-1]:
        doc = doc[part]
    return doc


def _negative(value: Any) -> Any:
    if isinstance(value, bool):
        return -1
    if isinstance(value, int | Decimal):
        return -value if value else -1
    if isinstance(value, str):
        try:
            number = Decimal(value)
        except ArithmeticError:
            return "-" + value
        return str(-number if number else Decimal(-1))
    return -1


def mutate(doc: Any, kind: str, rng: random.Random) -> tuple[Any, str]:
    """A mutated deep copy of `doc` and a description (`kind at /pointer`)."""
    doc = copy.deepcopy(doc)
    places = [(p, v) for p, v in _places(doc) if p]
    leaves = [(p, v) for p, v in places if not isinstance(v, dict | list)]
    if kind == "negative":
        numeric = [(p, v) for p, v in leaves if (isinstance(v, int | Decimal) and not isinstance(v, bool))
                   or (isinstance(v, str) and v[:1].isdigit())]
        path, value = rng.choice(numeric or leaves)
        _set(doc, path, _negative(value))
    elif kind == "type-swap":
        path, value = rng.choice(places)
        _set(doc, path, copy.deepcopy(rng.choice([s for s in SWAPS if type(s) is not type(value)])))
    elif kind == "remove":
        path, _ = rng.choice(places)
        del _parent(doc, path)[path[-1]]
    elif kind == "duplicate-item":
        lists = [(p, v) for p, v in _places(doc) if isinstance(v, list) and v]
        if not lists:
            return mutate(doc, "type-swap", rng)
        path, items = rng.choice(lists)
        items.insert(rng.randrange(len(items) + 1), copy.deepcopy(rng.choice(items)))
        return doc, f"{kind} at /{'/'.join(map(str, path))}"
    elif kind == "extreme":
        path, _ = rng.choice(leaves)
        _set(doc, path, rng.choice(EXTREME_NUMBERS))
    elif kind == "unicode":
        strings = [(p, v) for p, v in leaves if isinstance(v, str)]
        path, value = rng.choice(strings or leaves)
        odd = rng.choice(ODD_TEXT)
        _set(doc, path, rng.choice([odd, f"{value}{odd}", f"{odd}{value}"]))
    elif kind == "date-edge":
        dated = [(p, v) for p, v in leaves if isinstance(v, str) and len(v) in (7, 10) and v[:4].isdigit()]
        path, _ = rng.choice(dated or leaves)
        _set(doc, path, rng.choice(EDGE_DATES))
    else:
        raise ValueError(f"unknown mutation {kind!r}")
    return doc, f"{kind} at /{'/'.join(map(str, path))}"


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() or abs(value) > 10**15 else int(value)
    raise TypeError(type(value).__name__)


def to_bytes(doc: Any, rng: random.Random | None = None) -> bytes:
    """JSON bytes; with `rng`, Decimals are written as numbers or as decimal strings at random."""
    if rng is not None:
        doc = _decimals_as(doc, rng)
    return json.dumps(doc, ensure_ascii=bool(rng and rng.random() < 0.3), default=_json_default).encode(
        "utf-8", "surrogatepass")


def _decimals_as(doc: Any, rng: random.Random) -> Any:
    if isinstance(doc, dict):
        return {k: _decimals_as(v, rng) for k, v in doc.items()}
    if isinstance(doc, list):
        return [_decimals_as(v, rng) for v in doc]
    if isinstance(doc, Decimal) and rng.random() < 0.5:
        return str(doc)
    return doc


def mutated_inputs(rng: random.Random, per_example: int,
                   only: tuple[str, Path] | None = None) -> Iterator[tuple[str, Path, str, bytes]]:
    """(ruleset id, example, description, bytes): `per_example` mutants of every example (or of
    `only` one), every kind in turn, some with a second mutation on top."""
    from zcf.submission.reading import read_submission

    for rid, path in [only] if only else examples():
        base = read_submission(path)
        for i in range(per_example):
            doc, what = mutate(base, KINDS[i % len(KINDS)], rng)
            if rng.random() < 0.25:
                doc, more = mutate(doc, rng.choice(KINDS), rng)
                what = f"{what}, then {more}"
            yield rid, path, what, to_bytes(doc, rng)


# -- schema-valid submissions (hypothesis-jsonschema) ---------------------------------------------

def _inline(node: Any, resource: dict[str, Any], depth: int = 0) -> Any:
    """`node` with every local `$ref` replaced by what it points to inside `resource`; `$id`,
    `$schema` and `$comment` dropped (hypothesis-jsonschema resolves no references across
    resources, and a tailored schema is `allOf` of two)."""
    if depth > 32:
        raise ValueError("recursive $ref")
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):
            target: Any = resource
            for part in node["$ref"][2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            rest = {k: v for k, v in node.items() if k != "$ref"}
            inlined = _inline(target, resource, depth + 1)
            return {"allOf": [inlined, _inline(rest, resource, depth)]} if rest else inlined
        return {k: _inline(v, resource, depth) for k, v in node.items()
                if k not in ("$id", "$schema", "$comment", "$defs", "definitions")}
    if isinstance(node, list):
        return [_inline(v, resource, depth) for v in node]
    if isinstance(node, Decimal):
        return int(node) if node == node.to_integral_value() else float(node)
    return node


def generation_schema(rid: str) -> dict[str, Any]:
    """The ruleset's composed submission schema, self-contained for hypothesis-jsonschema."""
    schema = ruleset(rid).loaded.schema
    parts = schema.get("allOf") if "$id" not in schema else None
    if parts:
        return {"allOf": [_inline(part, part) for part in parts]}
    return _inline(schema, schema)  # type: ignore[no-any-return]


# -- the oracle ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    exit_code: int
    #: the result as JSON (minus the clock and the backend's name) when evaluated
    result: dict[str, Any] | None = None
    #: the refusal's problem codes, or the error code
    codes: tuple[str, ...] = ()
    #: the traceback of an exception outside the zcf error tree
    crash: str | None = None


def outcome(compiled: CompiledRuleset, data: bytes, *, as_of: dt.date | None, backend: str) -> Outcome:
    """What `zcf evaluate` would exit with for these bytes, without a process per input."""
    try:
        result = evaluate(compiled, data, as_of=as_of, backend=backend)
    except SubmissionInvalidError as err:
        return Outcome(err.exit_code, codes=tuple(p.code for p in err.problems))
    except ZcfError as err:
        return Outcome(err.exit_code, codes=(err.code,), crash=None if err.exit_code != 5 else str(err))
    except Exception:
        return Outcome(5, crash=traceback.format_exc())
    data_out = result_dict(result)
    for volatile in ("evaluated_at", "backend"):
        data_out.pop(volatile, None)
    # A value written out must be writable: the JSON renderer is what the CLI prints.
    try:
        json.dumps(data_out, ensure_ascii=False).encode("utf-8")
    except (TypeError, ValueError, UnicodeEncodeError):
        return Outcome(5, crash=traceback.format_exc())
    return Outcome(0 if result.verdict.compliant else 1, result=data_out)


#: When the shipped editions take effect: a period ending earlier needs an explicit as-of date.
FIRST_IN_FORCE = dt.date(2026, 1, 19)


def choose_as_of(data: bytes, rng: random.Random) -> dt.date | None:
    """None (the period end, as `zcf evaluate` without --as-of) for half of the inputs whose period
    ends while the editions are in force; `AS_OF` otherwise."""
    try:
        end = dt.date.fromisoformat(json.loads(data)["period"]["end"])
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return AS_OF if rng.random() < 0.5 else None  # invalid anyway: exit 3 either way
    return None if FIRST_IN_FORCE <= end <= dt.date(2100, 12, 31) and rng.random() < 0.5 else AS_OF


def findings(rid: str, data: bytes, *, as_of: dt.date | None,
             backends: tuple[str, ...] = BACKENDS) -> tuple[dict[str, Outcome], list[str]]:
    """Each backend's outcome, and what is wrong with them (empty when all is well)."""
    compiled = ruleset(rid)
    outcomes = {b: outcome(compiled, data, as_of=as_of, backend=b) for b in backends}
    wrong = [f"{b}: exit {o.exit_code}" + (f"\n{o.crash}" if o.crash else f" {o.codes}")
             for b, o in outcomes.items() if o.exit_code not in ALLOWED_EXITS]
    first, *others = outcomes.values()
    for b, o in zip(backends[1:], others, strict=True):
        if (o.exit_code, o.result) != (first.exit_code, first.result):
            wrong.append(f"backends disagree: {backends[0]} exit {first.exit_code}, {b} exit {o.exit_code}")
    return outcomes, wrong


def describe(rid: str, what: str, data: bytes) -> str:
    shown = data[:300].decode("utf-8", "backslashreplace")
    return f"{rid} {what}: {shown}{'…' if len(data) > 300 else ''}"


