"""Translate compiled clause checks into durable_rules patterns over one pre-joined fact each.

Pure data work, no durable_rules import: `zcf.backends.durable` owns the engine. A clause check
becomes one single-fact pattern (joins crash the engine, research/tech.md §1.10) over a fact
`{"clause": id, <field>: value, ...}` that carries every value the pattern reads.

What durable decides: `and`/`or`/`not` (negation pushed down by De Morgan, comparisons flipped),
the comparisons `== != < <= > >=`, `+`, `-`, unary minus, `*` by a whole-number literal, and
`in`/`not in` over a literal list (an `$or` of equalities, guarded by the operand's kind).
What Python pre-computes into derived fields (the "pre-joined quantities" of DESIGN §7), each
with the compiled closure so it rounds exactly as the reference backend does:

- every function call (`min max abs round len sum ratio all any`): durable has no functions;
- `/`, and `*` of two non-literal operands: durable's integer `$div` truncates (and dies of
  SIGFPE on an integer 0 divisor), and a product of two scaled values would need rescaling;
- `in` over a list from data or parameters (durable arrays are opaque), and list literals used as
  values (they become canonical strings, so `==` on lists still works);
- the kind (`number`, `string`, `boolean`, `list`) of an operand where durable would coerce:
  it matches `1 == true` and `"1" == 1`, which the compiled language never equates;
- boolean sub-expressions nested deeper than durable accepts (error 113, `translate`).

Numbers are exact: every number of one fact (data, parameters, the check's constants, derived
values) is scaled by one 10^k to an integer, k = the most decimal places among them, so that
comparisons, `+` and `-` run in durable's exact int64 arithmetic (0.1 + 0.2 == 0.3 holds). So
the pattern holds no number but 0: constants are fact fields `__c<n>`, scaled with the rest.
Only if `weight` (a bound on every intermediate sum) x the largest scaled value exceeds int64
is k lowered and are values rounded half even, e.g. a 28-digit quotient beside large numbers;
`FactBuild.exact` says so. Never floats: they flip at boundaries, and json writes 5e-05, which
the engine rejects (tech.md §1.8).

A value that is missing or fails to compute leaves its field out. That is safe without guards
(durable even matches `{"$m": absent}` against anything, measured): the compiled language
raises on a missing value unless `and`/`or` stopped before it, so an absent field only sits in
an operand whose siblings already decide the result, in durable as in the closure.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeAlias

from zcf.rules import expressions as ex
from zcf.rules.functions import Value, kind, to_value

Json: TypeAlias = Any
INT64_MAX = 2**63 - 1
#: Keys of the fact the engine or this module uses; a ruleset name equal to one is renamed.
RESERVED = frozenset({"sid", "id", "clause"})
_NEGATED = {"==": "!=", "!=": "==", "<": ">=", ">=": "<", ">": "<=", "<=": ">"}
_MIRRORED = {"==": "==", "!=": "!=", "<": ">", ">": "<", "<=": ">=", ">=": "<="}
_DURABLE_OP = {"!=": "$neq", "<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte"}
_ARITHMETIC = {"+": "$add", "-": "$sub"}
#: A whole-number factor up to this size multiplies inside durable; larger ones are pre-computed.
_MAX_FACTOR = 2**20
#: durable refuses a pattern with more `$and`/`$or` below its root (error 113, its expression
#: sequence holds 32 entries); measured over 3,000 random patterns: 14 pass, 15 fail.
MAX_NESTED_JUNCTIONS = 14


# --- conditions: the boolean shape of a check, negatable before it becomes JSON ---------------

@dataclass(frozen=True)
class Cmp:
    """`key op rhs`: a fact field compared with a constant, `{"$m": field}` or arithmetic."""

    op: str
    key: str
    rhs: Json


@dataclass(frozen=True)
class Junction:
    """`$and` or `$or` of conditions."""

    op: str
    items: tuple[Cond, ...]


@dataclass(frozen=True)
class Const:
    value: bool


Cond: TypeAlias = Cmp | Junction | Const


def join(op: str, items: tuple[Cond, ...]) -> Cond:
    """`$and`/`$or` of `items`, flattened: each nested junction costs durable (see above)."""
    flat: list[Cond] = []
    for item in items:
        if isinstance(item, Junction) and item.op == op:
            flat.extend(item.items)
        elif isinstance(item, Const):
            if item.value is (op == "$or"):  # true decides an `or`, false an `and`
                return item
        else:
            flat.append(item)
    if not flat:
        return Const(op == "$and")
    return flat[0] if len(flat) == 1 else Junction(op, tuple(flat))


def negate(cond: Cond) -> Cond:
    """`not cond` by De Morgan, without durable's `$not` (unmeasured, tech.md §1.3)."""
    match cond:
        case Cmp(op=op, key=key, rhs=rhs):
            return Cmp(_NEGATED[op], key, rhs)
        case Junction(op=op, items=items):
            return join("$or" if op == "$and" else "$and", tuple(map(negate, items)))
    return Const(not cond.value)


def to_pattern(cond: Cond) -> Json:
    """The durable_rules JSON of a condition (research/tech.md §1.2-1.3)."""
    match cond:
        case Cmp(op=op, key=key, rhs=rhs):
            return {key: rhs} if op == "==" else {_DURABLE_OP[op]: {key: rhs}}
        case Junction(op=op, items=items):
            return {op: [to_pattern(item) for item in items]}
    return {"$ex" if cond.value else "$nex": {"clause": 1}}


def nested_junctions(cond: Cond) -> int:
    """How many `$and`/`$or` sit below the root `$and` of the clause pattern."""
    def count(c: Cond) -> int:
        return 1 + sum(map(count, c.items)) if isinstance(c, Junction) else 0

    top = cond.items if isinstance(cond, Junction) and cond.op == "$and" else (cond,)
    return sum(map(count, top))


def clause_pattern(clause_id: str, cond: Cond) -> Json:
    """The rule pattern: the clause's own fact (`clause` = id) and the condition, in one `$and`."""
    top = cond.items if isinstance(cond, Junction) and cond.op == "$and" else (cond,)
    return {"$and": [{"clause": clause_id}, *map(to_pattern, top)]}


# --- fact fields --------------------------------------------------------------------------------

@dataclass(frozen=True)
class FieldSpec:
    """Where one fact field's value comes from: `name` (env), `const`, `derived` or `kind`."""

    key: str
    source: str
    #: the env name, the constant, the CompiledExpression, or the key whose kind (`kind`) or
    #: boolean value (`boolean`: present only if it is a boolean) this field holds
    arg: Any


@dataclass(frozen=True)
class _Operand:
    json: Json
    key: str | None = None
    #: sum of |factor| over the numeric leaves: bounds every intermediate value (int64 headroom)
    weight: int = 0
    constant: Value | None = None


def fact_key(name: str) -> str:
    """The fact field of a ruleset name; `__n_` keeps names clear of engine and derived keys."""
    return f"__n_{name}" if name in RESERVED or name.startswith("_") else name


class _Translator:
    """Builds the condition and the field list of one clause."""

    def __init__(self, depth_limit: int | None = None) -> None:
        #: boolean sub-expressions deeper than this are pre-computed (durable's nesting limit)
        self.depth_limit = depth_limit
        self.fields: dict[str, FieldSpec] = {}
        self._constants: dict[tuple[str, Value], str] = {}
        self._derived: dict[ex.Expr, str] = {}
        self._kinds: dict[tuple[str, str], str] = {}
        self.weight = 1

    def _add(self, prefix: str, source: str, arg: Any) -> str:
        key = f"{prefix}{len(self.fields)}"
        self.fields[key] = FieldSpec(key, source, arg)
        return key

    def name(self, name: str) -> str:
        key = fact_key(name)
        self.fields.setdefault(key, FieldSpec(key, "name", name))
        return key

    def constant(self, value: Value) -> str:
        # kind is part of the key: Decimal 1 == True would otherwise share a field.
        token = (kind(value), value)
        if token not in self._constants:
            self._constants[token] = self._add("__c", "const", value)
        return self._constants[token]

    def derived(self, expr: ex.Expr) -> str:
        if expr not in self._derived:
            compiled = ex.Compiler(ex.names(expr)).compile(expr)
            self._derived[expr] = self._add("__f", "derived", compiled)
        return self._derived[expr]

    def kind_of(self, key: str, source: str = "kind") -> str:
        if (key, source) not in self._kinds:
            self._kinds[key, source] = self._add("__k" if source == "kind" else "__b", source, key)
        return self._kinds[key, source]

    def cmp(self, op: str, key: str, rhs: _Operand) -> Cmp:
        self.weight = max(self.weight, 1 + rhs.weight)  # the left field is one more leaf
        return Cmp(op, key, rhs.json)

    # boolean positions -----------------------------------------------------------------------

    def cond(self, expr: ex.Expr, depth: int = 0) -> Cond:
        boolean = isinstance(expr, ex.BoolOp | ex.Not) or (
            isinstance(expr, ex.Compare) and expr.op in ("in", "not in"))
        if boolean and self.depth_limit is not None and depth > self.depth_limit:
            return Cmp("==", self.derived(expr), True)
        match expr:
            case ex.BoolOp(op=op, operands=operands):
                return join(f"${op}", tuple(self.cond(o, depth + 1) for o in operands))
            case ex.Not(operand=operand):
                return negate(self.cond(operand, depth + 1))
            case ex.Compare(op="in" | "not in"):
                return self.membership(expr)
            case ex.Compare(op=op, left=left, right=right):
                return self.compare(op, left, right)
            case ex.Literal(value=bool() as value):
                return Const(value)
            case ex.Name() | ex.Call():
                # `and`/`or`/`not` raise on a non-boolean, but a whole check that is, say, the
                # number 1 just fails (`holds is True`) where durable would match 1 == true.
                key = self.field(expr)
                return Cmp("==", self.kind_of(key, "boolean") if depth == 0 else key, True)
        return Const(False)  # arithmetic or a list: never `True`, so the check cannot hold

    def compare(self, op: str, left: ex.Expr, right: ex.Expr) -> Cond:
        lo, ro = self.operand(left), self.operand(right)
        if lo.key is None and ro.key is None:
            # durable needs a field on the left: give a constant side one of its own.
            if lo.constant is not None:
                lo = self.operand_field(self.constant(lo.constant))
            elif ro.constant is not None:
                ro = self.operand_field(self.constant(ro.constant))
        if lo.key is not None:
            return self.cmp(op, lo.key, ro)
        if ro.key is not None:
            return self.cmp(_MIRRORED[op], ro.key, lo)
        # Both sides are arithmetic: `l op r` is `0 op r - l`, exact on scaled integers.
        return self.cmp(op, self.constant(Decimal(0)), self.arithmetic("-", ro, lo))

    def membership(self, expr: ex.Compare) -> Cond:
        items = expr.right.items if isinstance(expr.right, ex.ListExpr) else ()
        values = [_literal_value(item) for item in items]
        if not isinstance(expr.right, ex.ListExpr) or any(v is None for v in values):
            return Cmp("==", self.derived(expr), True)  # a list from data: pre-computed
        key = self.field(expr.left)
        kind_key = self.kind_of(key)
        by_kind: dict[str, list[Value]] = {}
        for value in values:
            assert value is not None  # checked above
            by_kind.setdefault(kind(value), []).append(value)
        # `in` is equality without coercion (functions.same): guard each group with its kind.
        found = join("$or", tuple(
            join("$and", (Cmp("==", kind_key, group), join("$or", tuple(
                self.cmp("==", key, self.literal(v)) for v in group_values))))
            for group, group_values in by_kind.items()))
        return found if expr.op == "in" else negate(found)

    # value positions -------------------------------------------------------------------------

    def field(self, expr: ex.Expr) -> str:
        """A fact field holding `expr`'s value (pre-computed unless it is a name or constant)."""
        operand = self.operand(expr)
        if operand.key is not None:
            return operand.key
        if operand.constant is not None:
            return self.constant(operand.constant)
        return self.derived(expr)

    def operand_field(self, key: str) -> _Operand:
        return _Operand({"$m": key}, key, 1)

    def literal(self, value: Value) -> _Operand:
        if isinstance(value, Decimal):
            # Only 0 is the same at every scale; other numbers are fields, scaled with the fact.
            return _Operand(0, constant=value) if not value else self.operand_field(
                self.constant(value))
        return _Operand(value, constant=value)

    def arithmetic(self, op: str, left: _Operand, right: _Operand) -> _Operand:
        left, right = self.fielded(left), self.fielded(right)
        return _Operand({_ARITHMETIC[op]: {"$l": left.json, "$r": right.json}},
                        weight=left.weight + right.weight)

    def fielded(self, operand: _Operand) -> _Operand:
        # durable computes nothing from constants alone (`0 - 0` matches no value, measured).
        if operand.key is None and operand.constant is not None:
            return self.operand_field(self.constant(operand.constant))
        return operand

    def operand(self, expr: ex.Expr) -> _Operand:
        match expr:
            case ex.Name(id=name):
                return self.operand_field(self.name(name))
            case ex.Literal(value=Decimal() | str() | bool() as value):
                return self.literal(value)
            case ex.Unary(op="-", operand=ex.Literal(value=Decimal() as value)):
                return self.literal(-value)
            case ex.Unary(op="-", operand=inner):
                return self.arithmetic("-", _Operand(0), self.operand(inner))
            case ex.Binary(op="+" | "-" as op, left=left, right=right):
                return self.arithmetic(op, self.operand(left), self.operand(right))
            case ex.Binary(op="*", left=left, right=right):
                factor, other = _whole_factor(left, right)
                if factor is not None and other is not None:
                    scaled = self.fielded(self.operand(other))
                    return _Operand({"$mul": {"$l": factor, "$r": scaled.json}},
                                    weight=abs(factor) * scaled.weight)
        return self.operand_field(self.derived(expr))


def _depth(expr: ex.Expr) -> int:
    """How deep boolean operators nest in `expr` (the depth `_Translator.cond` counts)."""
    if isinstance(expr, ex.BoolOp):
        return 1 + max(map(_depth, expr.operands))
    if isinstance(expr, ex.Not):
        return 1 + _depth(expr.operand)
    return 0


def _literal_value(expr: ex.Expr) -> Value | None:
    """The value of a literal, reading `-5` (a minus applied to 5) as one too."""
    if isinstance(expr, ex.Literal):
        return expr.value
    if isinstance(expr, ex.Unary) and isinstance(expr.operand, ex.Literal):
        value = expr.operand.value
        return -value if isinstance(value, Decimal) else None
    return None


def _whole_factor(left: ex.Expr, right: ex.Expr) -> tuple[int | None, ex.Expr | None]:
    for factor, other in ((left, right), (right, left)):
        if isinstance(factor, ex.Literal) and isinstance(factor.value, Decimal):
            value = factor.value
            if value == value.to_integral_value() and abs(value) <= _MAX_FACTOR:
                return int(value), other
    return None, None


# --- clauses and facts ------------------------------------------------------------------------

@dataclass(frozen=True)
class FactBuild:
    fact: dict[str, Json]
    #: False when numbers had to be rounded to fit int64 (see the module docstring)
    exact: bool


@dataclass(frozen=True)
class ClauseTranslation:
    """One clause as durable sees it: the pattern and how to build its fact from an env."""

    clause_id: str
    condition: Cond
    fields: tuple[FieldSpec, ...]
    weight: int
    pattern: Json = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "pattern", clause_pattern(self.clause_id, self.condition))

    def derived(self) -> tuple[str, ...]:
        """The pre-computed sub-expressions, as source text (for docs and tests)."""
        return tuple(spec.arg.source for spec in self.fields if spec.source == "derived")

    def build(self, env: Mapping[str, object], sid: str) -> FactBuild:
        """The clause's fact for `env`; absent and failing values leave their field out."""
        raw: dict[str, Value] = {}
        for spec in self.fields:
            try:
                if spec.source == "name":
                    raw[spec.key] = to_value(env.get(spec.arg), spec.arg)
                elif spec.source == "const":
                    raw[spec.key] = spec.arg
                elif spec.source == "derived":
                    raw[spec.key] = spec.arg(env)
                elif spec.source == "kind" and spec.arg in raw:
                    raw[spec.key] = kind(raw[spec.arg])
                elif isinstance(raw.get(spec.arg), bool):
                    raw[spec.key] = raw[spec.arg]
            except (ex.MissingValueError, ex.EvaluationError):
                continue
        numbers = {k: v for k, v in raw.items() if isinstance(v, Decimal)}
        scaled, exact = scale(numbers, self.weight)
        fact: dict[str, Json] = {"clause": self.clause_id, "sid": sid}
        for key, value in raw.items():
            fact[key] = scaled[key] if key in scaled else _plain(value)
        return FactBuild(fact, exact)


def translate(clause_id: str, check: ex.CompiledExpression) -> ClauseTranslation:
    """The durable form of one clause check.

    A check nested beyond `MAX_NESTED_JUNCTIONS` is translated again with its deeper boolean
    sub-expressions pre-computed, level by level, until durable accepts it; at depth 0 the
    top-level operands are all fields, so some level always fits.
    """
    limit = None
    while True:
        translator = _Translator(limit)
        condition = translator.cond(check.expr)
        if nested_junctions(condition) <= MAX_NESTED_JUNCTIONS:
            return ClauseTranslation(clause_id, condition, tuple(translator.fields.values()),
                                     translator.weight)
        limit = _depth(check.expr) - 1 if limit is None else limit - 1


def _plain(value: Value) -> Json:
    if isinstance(value, tuple):
        return "list:" + _canonical(value)  # lists compare equal exactly when `same` says so
    return value


def _canonical(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        coefficient, exponent = _split(value)
        return f"{coefficient}e{exponent}"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return "[" + ",".join(map(_canonical, value)) + "]"


# --- numbers ----------------------------------------------------------------------------------

def _split(value: Decimal) -> tuple[int, int]:
    """(coefficient, exponent) with trailing zeros stripped: 1.500 -> (15, -1), 0 -> (0, 0)."""
    sign, digits, exponent = value.as_tuple()
    coefficient = int("".join(map(str, digits)) or "0")
    if not coefficient:
        return 0, 0
    assert isinstance(exponent, int)  # finite: to_value refuses NaN and infinity
    while coefficient % 10 == 0:
        coefficient //= 10
        exponent += 1
    return (-coefficient if sign else coefficient), exponent


def _at_scale(coefficient: int, exponent: int, k: int) -> tuple[int, bool]:
    """coefficient x 10^(exponent + k) as an integer, rounded half even; and whether exact."""
    shift = exponent + k
    if shift >= 0:
        return coefficient * 10**shift, True
    quotient, remainder = divmod(abs(coefficient), 10**-shift)
    twice = 2 * remainder
    if twice > 10**-shift or (twice == 10**-shift and quotient % 2):
        quotient += 1
    return (quotient if coefficient >= 0 else -quotient), remainder == 0


def scale(numbers: Mapping[str, Decimal], weight: int = 1) -> tuple[dict[str, int], bool]:
    """Scale every number by one 10^k to int64 integers; say whether that was exact.

    >>> scale({"a": Decimal("0.1"), "b": Decimal("0.25")})
    ({'a': 10, 'b': 25}, True)
    """
    parts = {key: _split(value) for key, value in numbers.items()}
    k = max((max(0, -exponent) for _, exponent in parts.values()), default=0)
    # Start at the largest scale that can fit (digits of the biggest value and of the weight),
    # then step down until every value x weight does fit: at most a few steps.
    top = max((len(str(abs(c))) - 1 + e for c, e in parts.values() if c), default=None)
    if top is not None:
        k = min(k, 19 - top - len(str(weight)))
    while True:
        scaled = {key: _at_scale(c, e, k) for key, (c, e) in parts.items()}
        if all(abs(value) * weight <= INT64_MAX for value, _ in scaled.values()):
            return ({key: value for key, (value, _) in scaled.items()},
                    all(ok for _, ok in scaled.values()))
        k -= 1
