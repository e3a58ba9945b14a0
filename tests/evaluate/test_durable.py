"""The durable_rules backend: check translation, exact numbers, and the host's safe pattern."""

from __future__ import annotations

import importlib
import json
import multiprocessing
import subprocess
import sys
import threading
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("durable", reason="durable-rules builds on Python 3.11-3.12 only")

from gate_ruleset import write_gate_ruleset
from zcf.backends import durable
from zcf.backends.durable import DurableBackend, DurableBackendError, has_session
from zcf.backends.durable_patterns import (
    MAX_NESTED_JUNCTIONS,
    fact_key,
    nested_junctions,
    scale,
    translate,
)
from zcf.backends.seam import CompiledBackend, get_backend
from zcf.errors import BackendUnavailableError, ZcfError
from zcf.rulesets.compiler import CompiledRuleset, compile_ruleset
from zcf.rulesets.loader import load_ruleset_dir

D = Decimal


def write_ruleset(folder: Path, checks: Mapping[str, str], inputs: list[str],
                  parameters: Mapping[str, object] | None = None) -> CompiledRuleset:
    return write_gate_ruleset(folder, checks, inputs, parameters, ruleset_id="durable-test")


INPUTS = ["a", "b", "c", "d", "s", "t", "f", "g", "n", "xs", "ys", "amounts", "id", "sid",
          "clause", "_u"]
PARAMETERS = {"methods": ["A", "C"], "share_min": 0.3}
BASE = {"a": D("0.6"), "b": D(1), "c": D("0.5"), "d": D(2), "s": "A", "t": "B", "f": True,
        "g": False, "n": D(1), "xs": ("a", "b"), "ys": ("a", "b"), "methods": ("A", "C"),
        "share_min": D("0.3"), "amounts": (D("1.5"), D("2.25")), "id": D(1), "sid": D(2),
        "clause": D(3), "_u": True}

# (id, check, env changes, expected truth); every case runs through both backends.
CASES = [
    ("lt", "a < b", {}, True),
    ("lt-equal", "a < b", {"a": D(1)}, False),
    ("lte-equal", "a <= b", {"a": D("1.000")}, True),
    ("gt", "b > a", {}, True),
    ("gte-equal", "a >= share_min", {"a": D("0.30")}, True),
    ("gte-below", "a >= share_min", {"a": D("0.299999")}, False),
    ("eq-scale", "a == b", {"a": D("1.0"), "b": D(1)}, True),
    ("neq", "a != b", {}, True),
    ("neq-equal", "a != b", {"a": D(1)}, False),
    ("eq-string", 's == "A"', {}, True),
    ("neq-empty-string", 's != ""', {"s": ""}, False),
    ("string-order", "s < t", {"s": "10", "t": "9"}, True),
    ("string-order-cjk", "s < t", {"s": "z", "t": "光"}, True),
    ("and", "a < b and c < b", {}, True),
    ("and-false", "a < b and c > b", {}, False),
    ("or", "a > b or c < b", {}, True),
    ("not", "not a > b", {}, True),
    ("not-de-morgan", "not (a < b and (s == \"A\" or not f))", {}, False),
    ("not-not", "not not (a < b)", {}, True),
    ("bool-name", "f", {}, True),
    ("bool-name-false", "f and g", {}, False),
    ("not-bool", "not g", {}, True),
    ("number-is-not-true", "n", {}, False),
    ("bool-literal", "true and f", {}, True),
    ("add", "a + c > b", {}, True),
    ("sub", "b - a == 0.4", {}, True),
    ("arith-both-sides", "a - b < c - d", {}, False),
    ("unary-minus", "-a < -c", {}, True),
    ("negative-literal", "a - b > -0.5", {}, True),
    ("mul-literal", "2 * c == b", {}, True),
    ("constants-only", "a == --0 and 2 * 3 == 6 and 0 - 0 == 0", {"a": D(0)}, True),
    ("mul-names", "c * d == b", {}, True),
    ("div", "b / d == c", {}, True),
    ("boundary-0.1+0.2", "0.3 == 0.1 + 0.2", {}, True),
    ("boundary-data", "a + b == c", {"a": D("0.1"), "b": D("0.2"), "c": D("0.3")}, True),
    ("six-decimals-at", "a >= 0.123456", {"a": D("0.123456")}, True),
    ("six-decimals-below", "a >= 0.123456", {"a": D("0.123455")}, False),
    ("six-decimals-sum", "a + 0.000001 > b", {"a": D("0.999999"), "b": D(1)}, False),
    ("exponent-notation", "a > 0.00004", {"a": D("0.00005")}, True),
    ("in-list", 's in ["A", "B"]', {}, True),
    ("in-list-miss", 's in ["B", "C"]', {}, False),
    ("in-empty-list", "s in []", {}, False),
    ("not-in-list", 's not in ["B", "C"]', {}, True),
    ("in-numbers", "a in [0.5, 0.60, 1]", {}, True),
    ("in-negative", "a in [-1, 2]", {"a": D(-1)}, True),
    ("in-no-coercion", 'n in ["1", true]', {}, False),
    ("not-in-no-coercion", 'n not in ["1", true]', {}, True),
    ("in-parameter", "s in methods", {}, True),
    ("not-in-parameter", "t not in methods", {}, True),
    ("list-equality", "xs == ys", {}, True),
    ("list-literal-equality", 'xs == ["a", "b"]', {}, True),
    ("min", "min(a, b, c) == c", {}, True),
    ("max", "max(amounts) > 2", {}, True),
    ("abs", "abs(a - b) == 0.4", {}, True),
    ("round-half-even", "round(a, 0) == 2", {"a": D("2.5")}, True),
    ("len", "len(xs) >= 2", {}, True),
    ("sum", "sum(amounts) == 3.75", {}, True),
    ("ratio", "ratio(c, b) >= share_min", {}, True),
    ("ratio-zero", "ratio(0, 0) == 0", {}, True),
    ("all", "all([f, g])", {}, False),
    ("any", "any([f, g])", {}, True),
    ("reserved-names", "id + sid == clause and _u", {}, True),
    ("short-circuit-missing", "not f or a > 1", {"f": False, "a": None}, True),
    ("short-circuit-division", "b == 0 or a / b > 1", {"b": D(0)}, True),
    ("large-values", "a - b == 0.000001", {"a": D("123456789.000001"),
                                            "b": D("123456789")}, True),
]


@pytest.fixture(scope="module")
def case_ruleset(tmp_path_factory: pytest.TempPathFactory) -> CompiledRuleset:
    checks = {f"T-{i:03d}": check for i, (_, check, _, _) in enumerate(CASES)}
    return write_ruleset(tmp_path_factory.mktemp("cases"), checks, INPUTS, PARAMETERS)


@pytest.mark.parametrize(("index", "expected"), [(i, case[3]) for i, case in enumerate(CASES)],
                         ids=[case[0] for case in CASES])
def test_check_matches_compiled(case_ruleset: CompiledRuleset, index: int,
                                expected: bool) -> None:
    clause = case_ruleset.clauses[index]
    env = {**BASE, **CASES[index][2]}
    backend = DurableBackend()
    assert CompiledBackend().decide(case_ruleset, [clause], env) == {clause.clause.id: expected}
    assert backend.decide(case_ruleset, [clause], env) == {clause.clause.id: expected}
    assert backend.rounded == 0 or CASES[index][1].startswith("ratio")


def test_every_case_in_one_session(case_ruleset: CompiledRuleset) -> None:
    """The whole table in one batch: facts of different clauses never disturb each other."""
    compiled = CompiledBackend().decide(case_ruleset, case_ruleset.clauses, BASE)
    assert DurableBackend().decide(case_ruleset, case_ruleset.clauses, BASE) == compiled
    assert set(compiled.values()) == {True, False}


# --- translation --------------------------------------------------------------------------------

def pattern(case_ruleset: CompiledRuleset, check: str) -> object:
    """The clause's pattern after its own `{"clause": id}` test."""
    clause = next(c for c in case_ruleset.clauses if c.clause.check == check)
    assert clause.check is not None
    return translate(clause.clause.id, clause.check).pattern["$and"][1:]


@pytest.mark.parametrize(("check", "expected"), [
    ("a < b", [{"$lt": {"a": {"$m": "b"}}}]),
    ("not a > b", [{"$lte": {"a": {"$m": "b"}}}]),
    ("a < b and c < b", [{"$lt": {"a": {"$m": "b"}}}, {"$lt": {"c": {"$m": "b"}}}]),
    ('s in ["A", "B"]', [{"__k1": "string"}, {"$or": [{"s": "A"}, {"s": "B"}]}]),
    ("s in methods", [{"__f0": True}]),
    ("2 * c == b", [{"b": {"$mul": {"$l": 2, "$r": {"$m": "c"}}}}]),
    ("0.3 == 0.1 + 0.2", [{"__c0": {"$add": {"$l": {"$m": "__c1"}, "$r": {"$m": "__c2"}}}}]),
    ("f", [{"__b1": True}]),
    ("f and g", [{"f": True}, {"g": True}]),
], ids=["compare", "not-flips", "and-flattens", "in-literal", "in-parameter", "mul-literal",
        "constants", "boolean-check", "boolean-operands"])
def test_patterns(case_ruleset: CompiledRuleset, check: str, expected: object) -> None:
    assert pattern(case_ruleset, check) == expected


def test_deep_nesting_is_precomputed(tmp_path: Path) -> None:
    """durable refuses more than 14 nested `$and`/`$or` (error 113); deeper parts move to Python."""
    check = " or ".join(f"(a > {i} and (b < {i} or c == {i}))" for i in range(10))
    compiled = write_ruleset(tmp_path / "deep", {"D-01": check}, ["a", "b", "c"])
    clause = compiled.clauses[0]
    assert clause.check is not None
    translation = translate("D-01", clause.check)
    assert nested_junctions(translation.condition) <= MAX_NESTED_JUNCTIONS
    assert translation.derived()  # some `b < i or c == i` are pre-computed
    for a, b, c in [(D(5), D(9), D(9)), (D(5), D(3), D(9)), (D(0), D(0), D(0))]:
        env = {"a": a, "b": b, "c": c}
        assert (DurableBackend().decide(compiled, [clause], env)
                == CompiledBackend().decide(compiled, [clause], env))


def test_no_not_operator_and_no_division(case_ruleset: CompiledRuleset) -> None:
    """`$not` is unmeasured and an integer `$div` by 0 kills the process (tech.md §1.3)."""
    for clause in case_ruleset.clauses:
        assert clause.check is not None
        text = json.dumps(translate(clause.clause.id, clause.check).pattern)
        assert '"$not"' not in text and '"$div"' not in text


def test_precomputed_parts_are_named(case_ruleset: CompiledRuleset) -> None:
    by_check = {c.clause.check: c for c in case_ruleset.clauses}
    derived = {check: translate(c.clause.id, c.check).derived()  # type: ignore[arg-type]
               for check, c in by_check.items()}
    assert derived["c * d == b"] == ("c * d",)
    assert derived["b / d == c"] == ("b / d",)
    assert derived["ratio(c, b) >= share_min"] == ("ratio(c, b)",)
    assert derived["s in methods"] == ("s in methods",)
    assert derived["a + c > b"] == ()
    assert derived['s in ["A", "B"]'] == ()


def test_reserved_names_are_renamed() -> None:
    assert [fact_key(n) for n in ("id", "sid", "clause", "_u", "__c0", "a")] == [
        "__n_id", "__n_sid", "__n_clause", "__n__u", "__n___c0", "a"]


# --- numbers ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("numbers", "weight", "expected", "exact"), [
    ({"a": D("0.1"), "b": D("0.2"), "c": D("0.3")}, 3, {"a": 1, "b": 2, "c": 3}, True),
    ({"a": D("1.500"), "b": D(-2)}, 1, {"a": 15, "b": -20}, True),
    ({"a": D("0.123456"), "b": D("5E+3")}, 1, {"a": 123456, "b": 5000000000}, True),
    ({"a": D(2**62)}, 1, {"a": 2**62}, True),
    ({"a": D(2**62)}, 4, {"a": 461168601842738790}, False),
    ({"a": D("1") / 3}, 2, {"a": 3333333333333333333}, False),
    ({"a": D("0.25"), "b": D("1E+17")}, 2, {"a": 2, "b": 10**18}, False),
    ({}, 1, {}, True),
], ids=["tenths", "trailing-zeros", "exponent", "int64", "headroom", "quotient",
        "magnitudes", "empty"])
def test_scale(numbers: dict[str, Decimal], weight: int, expected: dict[str, int],
               exact: bool) -> None:
    scaled, ok = scale(numbers, weight)
    assert (scaled, ok) == (expected, exact)
    assert all(abs(v) * weight <= 2**63 - 1 for v in scaled.values())


def test_rounding_is_reported(case_ruleset: CompiledRuleset) -> None:
    clause = next(c for c in case_ruleset.clauses if c.clause.check == "a < b")
    backend = DurableBackend()
    env = {**BASE, "a": D("12345678901234.5678901"), "b": D("12345678901235")}
    assert backend.decide(case_ruleset, [clause], env) == {clause.clause.id: True}
    assert backend.rounded == 1


# --- the host and its sessions ----------------------------------------------------------------

def test_empty_clause_list_asserts_nothing(case_ruleset: CompiledRuleset) -> None:
    backend = DurableBackend()
    assert backend.decide(case_ruleset, [], BASE) == {}
    assert backend.last_sid is None


def test_session_is_deleted(case_ruleset: CompiledRuleset) -> None:
    backend = DurableBackend()
    backend.decide(case_ruleset, case_ruleset.clauses[:3], BASE)
    assert backend.last_sid is not None
    assert not has_session(case_ruleset, backend.last_sid)


def test_registered_once_under_a_versioned_name(case_ruleset: CompiledRuleset) -> None:
    DurableBackend().decide(case_ruleset, case_ruleset.clauses[:1], BASE)
    name = durable.ruleset_name(case_ruleset)
    assert name == f"durable-test@1.0.0#{case_ruleset.loaded.digest[:12]}"
    process = durable._process()
    registered = process.rulesets[name]
    DurableBackend().decide(case_ruleset, case_ruleset.clauses[:1], BASE)
    assert process.rulesets[name] is registered
    # No timer threads: the quiet host never starts the dispatcher (tech.md §1.6).
    assert not [t for t in threading.enumerate() if isinstance(t, threading.Timer)]


def test_a_thread_pool_shares_the_host_safely(case_ruleset: CompiledRuleset) -> None:
    """Before: every thread but the first was refused. Now calls are serialised on one lock: 8
    threads x 200 sessions give exactly the single-thread answers and leave no session behind."""
    from concurrent.futures import ThreadPoolExecutor

    envs = [{**BASE, "a": D(i) / 100} for i in range(200)]
    expected = [DurableBackend().decide(case_ruleset, case_ruleset.clauses, env) for env in envs]
    backend = DurableBackend()

    def decide(env: Mapping[str, object]) -> dict[str, bool]:
        return backend.decide(case_ruleset, case_ruleset.clauses, env)  # type: ignore[arg-type]

    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(decide, envs * 8))
    assert got == expected * 8
    assert backend.last_sid is not None and not has_session(case_ruleset, backend.last_sid)


def _decide_in_child(folder: str) -> tuple[dict[str, bool], int]:
    compiled = compile_ruleset(load_ruleset_dir(Path(folder)))
    return DurableBackend().decide(compiled, compiled.clauses, BASE), durable._process().pid


def test_forked_child_gets_its_own_host(case_ruleset: CompiledRuleset) -> None:
    DurableBackend().decide(case_ruleset, case_ruleset.clauses[:1], BASE)
    with multiprocessing.get_context("fork").Pool(1) as pool:
        result, pid = pool.apply(_decide_in_child, (str(case_ruleset.loaded.folder),))
    assert pid != durable._process().pid
    assert result == CompiledBackend().decide(case_ruleset, case_ruleset.clauses, BASE)


def test_first_session_with_nothing_firing(case_ruleset: CompiledRuleset) -> None:
    """A process whose first session fires no clause rule must survive `delete_state`.

    The C core frees uninitialised pointers there (SIGSEGV, "munmap_chunk(): invalid pointer");
    the backend's session rule prevents it. A fresh interpreter, so a crash fails only this test.
    """
    code = (
        "import sys\n"
        "from decimal import Decimal\n"
        "from pathlib import Path\n"
        "from zcf.backends.durable import DurableBackend\n"
        "from zcf.rulesets.compiler import compile_ruleset\n"
        "from zcf.rulesets.loader import load_ruleset_dir\n"
        "compiled = compile_ruleset(load_ruleset_dir(Path(sys.argv[1])))\n"
        "clause = [c for c in compiled.clauses if c.clause.check == 'a < b'][:1]\n"
        "env = {'a': Decimal(2), 'b': Decimal(1)}\n"
        "print([DurableBackend().decide(compiled, clause, env) for _ in range(3)])\n"
    )
    run = subprocess.run([sys.executable, "-c", code, str(case_ruleset.loaded.folder)],
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    cid = next(c.clause.id for c in case_ruleset.clauses if c.clause.check == "a < b")
    assert run.stdout.strip() == str([{cid: False}] * 3)


def test_error_code() -> None:
    assert issubclass(DurableBackendError, ZcfError)
    assert (DurableBackendError.code, DurableBackendError.exit_code) == ("durable-failed", 5)


def test_unknown_clause_is_refused(case_ruleset: CompiledRuleset, tmp_path: Path) -> None:
    other = write_ruleset(tmp_path / "other", {"O-01": "a > 0"}, ["a"])
    with pytest.raises(DurableBackendError, match="O-01 is not in ruleset"):
        DurableBackend().decide(case_ruleset, other.clauses, BASE)


# --- get_backend ------------------------------------------------------------------------------

def test_get_backend_durable() -> None:
    backend = get_backend("durable")
    assert isinstance(backend, DurableBackend) and backend.name == "durable"


def test_get_backend_without_durable_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """What Python 3.13 sees: `import durable` fails, and the message says what to do."""
    monkeypatch.setitem(sys.modules, "durable", None)
    monkeypatch.setitem(sys.modules, "durable.engine", None)
    monkeypatch.delitem(sys.modules, "zcf.backends.durable")
    with pytest.raises(ImportError):
        importlib.import_module("zcf.backends.durable")
    with pytest.raises(BackendUnavailableError) as caught:
        get_backend("durable")
    assert str(caught.value).startswith(
        "the durable backend is unavailable: durable_rules is not installed")
    assert "use --backend compiled" in str(caught.value)
    assert caught.value.code == "backend-unavailable"
