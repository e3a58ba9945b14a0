"""The run-time half of ruleset expressions: values, operators and the functions they may call.

`OPERATORS` and `FUNCTIONS` are the tables the compiler in `expressions` looks symbols up in
(`min(a, b)` calls `min_`). Extend the language by passing a bigger table to `Compiler`, never by
subclassing it. Values are `Decimal`, `str`, `bool` or tuples of them; a float never gets in.
"""

from __future__ import annotations

import decimal
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import TypeAlias

from zcf.accounting.rounding import round_half_even
from zcf.errors import EvaluationError as EvaluationError
from zcf.errors import MissingValueError as MissingValueError

#: A run-time value: a number, a string, a boolean or a list of values.
Value: TypeAlias = "Decimal | str | bool | tuple[Value, ...]"
#: A binary operator of the language over two evaluated operands.
Operator: TypeAlias = "Callable[[Value, Value], Value]"

#: The one arithmetic context (GB/T 8170 rounding, 28 digits). Operations call its methods directly
#: so that a caller's thread-local decimal context can never change a verdict.
DECIMAL_CONTEXT = decimal.Context(
    prec=28,
    rounding=ROUND_HALF_EVEN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)


def kind(value: object) -> str:
    """The name of a value's type as ruleset authors see it (`number`, `string`, ...)."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, Decimal):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, tuple):
        return "list"
    return type(value).__name__


def literal_text(value: Value) -> str:
    """A value as expression source: `12.5`, `"绿证"`, `true`, `["CCER", "CER"]`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, tuple):
        return "[" + ", ".join(map(literal_text, value)) + "]"
    return repr(value)  # not a value at all; shown so that the error about it can name it


def _show(value: Value) -> str:
    text = literal_text(value)
    return f"a {kind(value)} ({text if len(text) <= 40 else text[:37] + '...'})"


def to_value(raw: object, name: str) -> Value:
    """The value of `name` as expressions see it: ints become Decimal, lists become tuples.

    Raises:
        MissingValueError: `raw` (or an item of it) is None.
        EvaluationError: `raw` is a float, a NaN or infinity, or a type expressions cannot use.
    """
    if raw is None:
        raise MissingValueError(name)
    if isinstance(raw, bool | str):
        return raw
    if isinstance(raw, Decimal):
        if raw.is_finite():
            return raw
        raise EvaluationError(f"{name} is {raw}; numbers must be finite")
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        # Decimal(str(x)) would hide where the float came from; the boundary must parse Decimal.
        raise EvaluationError(f"{name} is the float {raw!r}; numbers must arrive as Decimal")
    if isinstance(raw, list | tuple):
        return tuple(to_value(item, name) for item in raw)
    raise EvaluationError(f"{name} is a {type(raw).__name__}, which expressions cannot use")


def same(left: Value, right: Value) -> bool:
    """Equality without Python's cross-type surprises: `true` is not `1`, `1.0` is `1`."""
    if kind(left) != kind(right):
        return False
    if isinstance(left, tuple) and isinstance(right, tuple):
        return len(left) == len(right) and all(map(same, left, right))
    return left == right


def _mismatch(op: str, left: Value, right: Value) -> EvaluationError:
    return EvaluationError(f"'{op}' cannot take {_show(left)} and {_show(right)}")


def _arithmetic(op: str, apply: Callable[[Decimal, Decimal], Decimal]) -> Operator:
    def run(left: Value, right: Value) -> Decimal:
        if not isinstance(left, Decimal) or not isinstance(right, Decimal):
            raise _mismatch(op, left, right)
        if op == "/" and not right:
            raise EvaluationError(f"division by zero: {literal_text(left)} / 0")
        try:
            return apply(left, right)
        except decimal.DecimalException as err:
            raise EvaluationError(f"'{op}' failed on {left} and {right}: {err!r}") from err

    return run


def _order(op: str, test: Callable[[Decimal | str, Decimal | str], bool]) -> Operator:
    def run(left: Value, right: Value) -> bool:
        if isinstance(left, Decimal) and isinstance(right, Decimal):
            return test(left, right)
        if isinstance(left, str) and isinstance(right, str):
            return test(left, right)
        raise _mismatch(op, left, right)

    return run


def _equality(op: str) -> Operator:
    def run(left: Value, right: Value) -> bool:
        if kind(left) != kind(right):
            raise _mismatch(op, left, right)
        return same(left, right) is (op == "==")

    return run


def _membership(op: str) -> Operator:
    def run(item: Value, items: Value) -> bool:
        if not isinstance(items, tuple):
            raise EvaluationError(f"'{op}' needs a list on its right, got {_show(items)}")
        return any(same(item, candidate) for candidate in items) is (op == "in")

    return run


def negate(value: Value) -> Decimal:
    """Unary minus."""
    if not isinstance(value, Decimal):
        raise EvaluationError(f"'-' needs a number, got {_show(value)}")
    return DECIMAL_CONTEXT.minus(value)


def truth(op: str, value: Value) -> bool:
    """`value` as the operand of `and`, `or` or `not`, which take booleans only."""
    if not isinstance(value, bool):
        raise EvaluationError(f"'{op}' needs a boolean, got {_show(value)}")
    return value


OPERATORS: dict[str, Operator] = {
    "+": _arithmetic("+", DECIMAL_CONTEXT.add),
    "-": _arithmetic("-", DECIMAL_CONTEXT.subtract),
    "*": _arithmetic("*", DECIMAL_CONTEXT.multiply),
    "/": _arithmetic("/", DECIMAL_CONTEXT.divide),
    "==": _equality("=="),
    "!=": _equality("!="),
    "<": _order("<", operator.lt),
    "<=": _order("<=", operator.le),
    ">": _order(">", operator.gt),
    ">=": _order(">=", operator.ge),
    "in": _membership("in"),
    "not in": _membership("not in"),
}


def _numbers(func: str, values: Sequence[Value]) -> list[Decimal]:
    numbers = []
    for value in values:
        if not isinstance(value, Decimal):
            raise EvaluationError(f"{func}() needs numbers, got a {kind(value)}: {value!r}")
        numbers.append(value)
    return numbers


def _items(func: str, value: Value) -> tuple[Value, ...]:
    if not isinstance(value, tuple):
        raise EvaluationError(f"{func}() needs a list, got a {kind(value)}: {value!r}")
    return value


def _booleans(func: str, value: Value) -> list[bool]:
    booleans = []
    for item in _items(func, value):
        if not isinstance(item, bool):
            raise EvaluationError(f"{func}() needs a list of booleans, got a {kind(item)}")
        booleans.append(item)
    return booleans


def _spread(args: tuple[Value, ...]) -> tuple[Value, ...]:
    # min(xs) over one list and min(a, b, c) over arguments both read naturally in rulesets.
    return args[0] if len(args) == 1 and isinstance(args[0], tuple) else args


def min_(*args: Value) -> Decimal:
    """The smallest of its number arguments, or of the numbers in its one list argument."""
    numbers = _numbers("min", _spread(args))
    if not numbers:
        raise EvaluationError("min() of an empty list")
    return min(numbers)


def max_(*args: Value) -> Decimal:
    """The largest of its number arguments, or of the numbers in its one list argument."""
    numbers = _numbers("max", _spread(args))
    if not numbers:
        raise EvaluationError("max() of an empty list")
    return max(numbers)


def abs_(x: Value) -> Decimal:
    """The absolute value of a number."""
    (number,) = _numbers("abs", (x,))
    return DECIMAL_CONTEXT.abs(number)


def round_(x: Value, places: Value) -> Decimal:
    """Round to `places` decimal places by GB/T 8170-2008 ch. 3 (四舍六入五成双: half to even).

    A negative number rounds like its absolute value, then takes the sign back (also ch. 3),
    which ROUND_HALF_EVEN does. Round once, from the full value: never round a rounded value.
    """
    number, digits = _numbers("round", (x, places))
    if digits != digits.to_integral_value() or digits < 0:
        raise EvaluationError(f"round() needs a whole number of places >= 0, got {digits}")
    try:
        return round_half_even(number, int(digits), DECIMAL_CONTEXT)
    except decimal.InvalidOperation as err:
        raise EvaluationError(f"round({number}, {digits}) needs more than 28 digits") from err


def len_(items: Value) -> Decimal:
    """The number of items in a list."""
    return Decimal(len(_items("len", items)))


def sum_(items: Value) -> Decimal:
    """The sum of a list of numbers; 0 for an empty list."""
    total = Decimal(0)
    for number in _numbers("sum", _items("sum", items)):
        total = DECIMAL_CONTEXT.add(total, number)
    return total


def all_(items: Value) -> bool:
    """True when every boolean in the list is true (and for an empty list)."""
    return all(_booleans("all", items))


def any_(items: Value) -> bool:
    """True when some boolean in the list is true (false for an empty list)."""
    return any(_booleans("any", items))


def ratio(a: Value, b: Value) -> Decimal:
    """`a / b`, with 0/0 = 0 (e.g. a share of nothing is nothing); a/0 with a != 0 is an error."""
    numerator, denominator = _numbers("ratio", (a, b))
    if not denominator:
        if not numerator:
            return Decimal(0)
        raise EvaluationError(f"ratio({numerator}, 0): division by zero")
    return DECIMAL_CONTEXT.divide(numerator, denominator)


@dataclass(frozen=True)
class Function:
    """One callable of the expression language; the compiler checks arity before run time."""

    #: The name ruleset authors call it by.
    name: str
    min_arity: int
    #: None: any number of arguments from `min_arity` up.
    max_arity: int | None
    implementation: Callable[..., Value]
    doc: str
    #: Positions of arguments that must be whole-number literals >= 0 (the places of `round`).
    int_literal_args: frozenset[int] = frozenset()

    def accepts(self, count: int) -> bool:
        """Whether a call with `count` arguments has the right arity."""
        return count >= self.min_arity and (self.max_arity is None or count <= self.max_arity)

    def arity_text(self) -> str:
        """The arity as a message fragment: `2 arguments`, `1 to 2 arguments`, `at least 1 ...`."""
        low, high = self.min_arity, self.max_arity
        noun = "argument" if (high if high is not None else low) == 1 else "arguments"
        if high is None:
            return f"at least {low} {noun}"
        return f"{low} {noun}" if low == high else f"{low} to {high} {noun}"


FUNCTIONS: dict[str, Function] = {
    function.name: function
    for function in (
        Function("min", 1, None, min_, "min(a, b, ...) or min(list): the smallest number"),
        Function("max", 1, None, max_, "max(a, b, ...) or max(list): the largest number"),
        Function("abs", 1, 1, abs_, "abs(x): the absolute value"),
        Function(
            "round", 2, 2, round_, "round(x, n): GB/T 8170 rounding to n places", frozenset({1})
        ),
        Function("len", 1, 1, len_, "len(list): the number of items"),
        Function("sum", 1, 1, sum_, "sum(list): the sum of the numbers, 0 when empty"),
        Function("all", 1, 1, all_, "all(list): every boolean is true"),
        Function("any", 1, 1, any_, "any(list): some boolean is true"),
        Function("ratio", 2, 2, ratio, "ratio(a, b): a / b, and 0 when both are 0"),
    )
}
