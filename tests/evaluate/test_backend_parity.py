"""Both backends give the same truth for every decidable clause: generated data, generated
checks, and the bundled examples through the public API (DESIGN §7)."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("durable", reason="durable-rules builds on Python 3.11-3.12 only")

from gate_ruleset import write_gate_ruleset
from zcf.api import evaluate, load_ruleset
from zcf.backends.durable import DurableBackend
from zcf.backends.seam import CompiledBackend
from zcf.rules.expressions import EvaluationError, MissingValueError
from zcf.rulesets.compiler import CompiledClause, CompiledRuleset
from zcf.submission.reading import read_submission

D = Decimal
ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples" / "zcf-cn-general").glob("*.json"))
#: The examples report 2025; the first edition takes effect 2026-01-19 (as the CLI tests do).
AS_OF = dt.date(2026, 3, 31)


def write_ruleset(folder: Path, checks: Mapping[str, str], inputs: list[str],
                  parameters: Mapping[str, object] | None = None) -> CompiledRuleset:
    return write_gate_ruleset(folder, checks, inputs, parameters, ruleset_id="parity-test")


def decidable(compiled: CompiledRuleset, env: Mapping[str, Any]) -> list[CompiledClause]:
    """The clauses the pipeline would hand a backend: the compiled check runs without error."""
    out = []
    for clause in compiled.clauses:
        try:
            assert clause.check is not None
            clause.check(env)
        except (MissingValueError, EvaluationError):
            continue
        out.append(clause)
    return out


def assert_parity(compiled: CompiledRuleset, env: Mapping[str, Any]) -> None:
    clauses = decidable(compiled, env)
    assert (DurableBackend().decide(compiled, clauses, env)
            == CompiledBackend().decide(compiled, clauses, env))


# --- a fixed ruleset of varied clauses, generated data with boundaries ------------------------

CHECKS = {
    "P-01": "a >= share_min",
    "P-02": "a + b <= c",
    "P-03": "a - b == c",
    "P-04": "ratio(a, c) >= share_min",
    "P-05": "net <= near_zero * gross",
    "P-06": "min(a, b) > 0.1 and max(a, b) < 100",
    "P-07": "abs(a - b) <= 0.000001",
    "P-08": "round(a, 2) == round(b, 2)",
    "P-09": 's in ["CCER", "CER"]',
    "P-10": "s not in allowed",
    "P-11": "(flag and a > 0) or (not flag and b > 0)",
    "P-12": "not (a < b or c == 0)",
    "P-13": "2 * a - b != -c",
    "P-14": "len(types) >= 2 and sum(amounts) > a",
    "P-15": 'all(flags) or (any(flags) and s != "none")',
    "P-16": "a / b > c",
    "P-17": "s < t",
    "P-18": "gross - net >= 0.5 * gross",
}
INPUTS = ["a", "b", "c", "net", "gross", "s", "t", "flag", "types", "amounts", "flags"]
PARAMETERS = {"share_min": 0.3, "near_zero": 0.05, "allowed": ["CCER", "VCU"]}
PARAMETER_VALUES = {"share_min": D("0.3"), "near_zero": D("0.05"), "allowed": ("CCER", "VCU")}

TICK = D("0.000001")
numbers = st.one_of(
    st.decimals(min_value=-10**6, max_value=10**6, places=6, allow_nan=False,
                allow_infinity=False),
    st.integers(min_value=-1000, max_value=1000).map(D),
    st.sampled_from([D(0), D("0.1"), D("0.2"), D("0.3"), D("0.30"), D(100), TICK, -TICK]),
)
strings = st.sampled_from(["CCER", "CER", "VCU", "none", "", "光伏", "10", "9"])


@st.composite
def envs(draw: st.DrawFn) -> dict[str, Any]:
    """Values that often sit exactly on, or one step off, the clauses' boundaries."""
    def near(value: Decimal) -> st.SearchStrategy[Decimal]:
        return st.sampled_from([value, value + TICK, value - TICK])

    c = draw(numbers)
    a = draw(st.one_of(numbers, near(D("0.3") * c), near(D("0.3"))))
    b = draw(st.one_of(numbers, near(c - a), near(a - c), near(a)))
    if draw(st.booleans()) and b:
        c = draw(near(round(a / b, 6)))
    gross = draw(numbers.map(abs))
    net = draw(st.one_of(numbers, near(D("0.05") * gross), near(D("0.5") * gross)))
    return {
        "a": a, "b": b, "c": c, "net": net, "gross": gross, "s": draw(strings),
        "t": draw(strings), "flag": draw(st.booleans()),
        "types": tuple(draw(st.lists(strings, max_size=3))),
        "amounts": tuple(draw(st.lists(numbers, max_size=3))),
        "flags": tuple(draw(st.lists(st.booleans(), max_size=3))),
        **PARAMETER_VALUES,
    }


@pytest.fixture(scope="module")
def varied(tmp_path_factory: pytest.TempPathFactory) -> CompiledRuleset:
    return write_ruleset(tmp_path_factory.mktemp("varied"), CHECKS, INPUTS, PARAMETERS)


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(env=envs())
def test_generated_values(varied: CompiledRuleset, env: dict[str, Any]) -> None:
    assert_parity(varied, env)


def test_boundaries_are_hit(varied: CompiledRuleset) -> None:
    """The exact-equality boundaries the strategy aims at, written out."""
    env = {**PARAMETER_VALUES, "a": D("0.1"), "b": D("0.2"), "c": D("0.3"), "net": D(5),
           "gross": D(100), "s": "CCER", "t": "CER", "flag": True, "types": (),
           "amounts": (), "flags": ()}
    truths = CompiledBackend().decide(varied, decidable(varied, env), env)
    assert truths["P-02"] and truths["P-05"] and not truths["P-03"]
    assert_parity(varied, env)


# --- generated checks -------------------------------------------------------------------------

def _binary(ops: list[str]) -> Callable[[st.SearchStrategy[str]], st.SearchStrategy[str]]:
    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.tuples(inner, st.sampled_from(ops), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})")
    return extend


num_atoms = st.sampled_from(["a", "b", "c", "0", "0.1", "0.2", "0.3", "1", "2", "0.000001"])
num_exprs = st.recursive(
    num_atoms,
    lambda inner: st.one_of(
        _binary(["+", "-", "*", "/"])(inner),
        inner.map(lambda e: f"-{e}"),
        st.tuples(inner, inner).map(lambda t: f"min({t[0]}, {t[1]})"),
        st.tuples(inner, inner).map(lambda t: f"ratio({t[0]}, {t[1]})"),
        inner.map(lambda e: f"abs({e})"),
        inner.map(lambda e: f"round({e}, 1)"),
    ),
    max_leaves=5,
)
str_atoms = st.sampled_from(["s", "t", '"A"', '"B"', '""'])
conditions = st.recursive(
    st.one_of(
        st.tuples(num_exprs, st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), num_exprs)
        .map(" ".join),
        st.tuples(str_atoms, st.sampled_from(["==", "!=", "<", ">="]), str_atoms).map(" ".join),
        st.tuples(str_atoms, st.sampled_from(["in", "not in"])).map(
            lambda t: f'{t[0]} {t[1]} ["A", "C", ""]'),
        st.tuples(num_exprs, st.sampled_from(["in", "not in"])).map(
            lambda t: f"{t[0]} {t[1]} [0.3, 1, -2]"),
        st.sampled_from(["f", "g", "true", "false", "all([f, g])", "any([f, g])"]),
    ),
    lambda inner: st.one_of(_binary(["and", "or"])(inner), inner.map(lambda e: f"not ({e})")),
    max_leaves=4,
)
small = st.one_of(st.sampled_from([D(0), D("0.1"), D("0.2"), D("0.3"), D(1), D(2), D(-1)]),
                  st.decimals(min_value=-100, max_value=100, places=3, allow_nan=False,
                              allow_infinity=False))


@settings(max_examples=150, deadline=None)
@given(checks=st.lists(conditions, min_size=1, max_size=6),
       values=st.tuples(small, small, small, st.sampled_from(["A", "B", ""]),
                        st.sampled_from(["A", "C"]), st.booleans(), st.booleans()))
def test_generated_checks(tmp_path_factory: pytest.TempPathFactory, checks: list[str],
                          values: tuple[Any, ...]) -> None:
    """Random checks over the whole language, each ruleset registered once in the host."""
    folder = tmp_path_factory.mktemp("generated")
    compiled = write_ruleset(folder, {f"G-{i:02d}": c for i, c in enumerate(checks)},
                             ["a", "b", "c", "s", "t", "f", "g"], {})
    assert_parity(compiled, dict(zip("abcstfg", values, strict=True)))


# --- the bundled examples through the public API ----------------------------------------------

def statuses(result: Any) -> dict[str, str]:
    return {clause.id: str(clause.status) for clause in result.clauses}


def test_examples_exist() -> None:
    assert len(EXAMPLES) >= 3, "examples/zcf-cn-general/*.json feed the parity tests"


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_examples(example: Path) -> None:
    compiled = evaluate("zcf-cn-general", example, as_of=AS_OF)
    durable = evaluate("zcf-cn-general", example, as_of=AS_OF, backend="durable")
    assert durable.backend == "durable"
    assert statuses(durable) == statuses(compiled)
    assert durable.verdict == compiled.verdict


#: Quantities the perturbation test scales: grid electricity, green certificates, offsets.
PERTURBED = (("energy", "electricity", "grid"), ("energy", "electricity", "green_certificates"),
             ("energy", "electricity", "green_power_trades"), ("offsets",))
factors = st.decimals(min_value=D("0.0001"), max_value=3, places=4, allow_nan=False, allow_infinity=False)


@pytest.fixture(scope="module")
def general() -> CompiledRuleset:
    # Loading by id looks the edition up on every call; once is enough here.
    return load_ruleset("zcf-cn-general", as_of=AS_OF)


@pytest.fixture(scope="module")
def zero_carbon(general: CompiledRuleset) -> dict[str, Any]:
    doc = read_submission((ROOT / "examples" / "zcf-cn-general" / "zero-carbon.json")
                          .read_bytes(), source_name="zero-carbon.json")
    evaluate(general, doc, as_of=AS_OF)  # a broken pipeline fails here, not in a long shrink
    return doc


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_perturbed_zero_carbon(general: CompiledRuleset, zero_carbon: dict[str, Any],
                               data: st.DataObject) -> None:
    """Scaled grid electricity, certificates, green power and offsets move GEN-07, GEN-12 and
    GEN-14 across their thresholds; both backends must follow."""
    doc = copy.deepcopy(zero_carbon)
    for path in PERTURBED:
        node: Any = doc
        for key in path:
            node = node[key]
        factor = data.draw(factors, label="/".join(path))
        for item in node:
            amount = item["amount"]
            amount["value"] = format(D(amount["value"]) * factor, "f")
    compiled = evaluate(general, doc, as_of=AS_OF)
    durable = evaluate(general, doc, as_of=AS_OF, backend="durable")
    assert statuses(durable) == statuses(compiled)
