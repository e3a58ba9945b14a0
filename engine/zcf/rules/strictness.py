"""Is a changed threshold stricter or looser? Read the direction off the check's expression tree.

For `x >= p` a higher `p` is harder to meet; for `x <= p` a lower one; for `x in p` a shorter list.
`and`/`or` keep the direction (they are monotone in their operands), `not` flips it, `+`, `-` and
multiplication or division by a positive literal carry it through. Anywhere else (`==`, function
calls, a product of two names) the direction cannot be decided and the diff says "changed". A
wrong "stricter" would mislead a standards body more than an honest "changed".
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal as TypingLiteral

from zcf.rules.expressions import (
    Binary,
    BoolOp,
    Call,
    Compare,
    Expr,
    ListExpr,
    Literal,
    Name,
    Not,
    Unary,
)

Polarity = TypingLiteral["higher", "lower", "fewer", "more", "undecidable"]
Direction = TypingLiteral["stricter", "looser", "changed"]
Path = tuple[int, ...]

_FLIP: dict[Polarity, Polarity] = {"higher": "lower", "lower": "higher", "fewer": "more", "more": "fewer",
                                   "undecidable": "undecidable"}
#: for `left OP right` in a true-means-pass context: (polarity of left, polarity of right)
_COMPARE: dict[str, tuple[Polarity, Polarity]] = {
    ">=": ("lower", "higher"), ">": ("lower", "higher"),
    "<=": ("higher", "lower"), "<": ("higher", "lower"),
    "in": ("undecidable", "fewer"), "not in": ("undecidable", "more"),
}


def children(node: Expr) -> tuple[Expr, ...]:
    """A node's operands in a fixed order; paths index into this."""
    match node:
        case BoolOp(operands=operands):
            return tuple(operands)
        case Not(operand=operand) | Unary(operand=operand):
            return (operand,)
        case Compare(left=left, right=right) | Binary(left=left, right=right):
            return (left, right)
        case Call(args=args):
            return tuple(args)
        case ListExpr(items=items):
            return tuple(items)
    return ()


def polarities(expr: Expr) -> dict[Path, Polarity]:
    """The polarity of every name and literal in a check: which way a bigger value makes it harder.

    "higher": a higher value makes the check harder to pass; "lower": a lower one; "fewer"/"more":
    for a list on the right of `in`/`not in`, fewer/more members make it harder.
    """
    out: dict[Path, Polarity] = {}
    _boolean(expr, (), False, out)
    return out


def _boolean(node: Expr, path: Path, flipped: bool, out: dict[Path, Polarity]) -> None:
    match node:
        case BoolOp():
            for index, operand in enumerate(node.operands):
                _boolean(operand, (*path, index), flipped, out)
        case Not(operand=operand):
            _boolean(operand, (*path, 0), not flipped, out)
        case Compare(op=op, left=left, right=right) if op in _COMPARE:
            for index, (side, polarity) in enumerate(zip((left, right), _COMPARE[op], strict=True)):
                _value(side, (*path, index), _FLIP[polarity] if flipped else polarity, out)
        case _:
            _value(node, path, "undecidable", out)


def _value(node: Expr, path: Path, polarity: Polarity, out: dict[Path, Polarity]) -> None:
    if isinstance(node, Name | Literal) or _literal_list(node):
        out[path] = polarity
        return
    numeric = polarity in ("higher", "lower")
    match node:
        case Binary(op="+", left=left, right=right) if numeric:
            _value(left, (*path, 0), polarity, out)
            _value(right, (*path, 1), polarity, out)
            return
        case Binary(op="-", left=left, right=right) if numeric:
            _value(left, (*path, 0), polarity, out)
            _value(right, (*path, 1), _FLIP[polarity], out)
            return
        case Unary(op="-", operand=operand) if numeric:
            _value(operand, (*path, 0), _FLIP[polarity], out)
            return
        case Binary(op="*" | "/", left=left, right=right) if numeric and _positive(right):
            _value(left, (*path, 0), polarity, out)
            _value(right, (*path, 1), "undecidable", out)
            return
        case Binary(op="*", left=left, right=right) if numeric and _positive(left):
            _value(left, (*path, 0), "undecidable", out)
            _value(right, (*path, 1), polarity, out)
            return
    _mark_undecidable(node, path, out)


def _mark_undecidable(node: Expr, path: Path, out: dict[Path, Polarity]) -> None:
    """Inside `==`, a function call or a product of names nothing keeps its direction."""
    if isinstance(node, Name | Literal) or _literal_list(node):
        out[path] = "undecidable"
        return
    for index, child in enumerate(children(node)):
        _mark_undecidable(child, (*path, index), out)


def _literal_list(node: Expr) -> bool:
    """`["CCER", "CER"]` is one value (a set of accepted kinds), not a list of separate slots."""
    return isinstance(node, ListExpr) and all(isinstance(item, Literal) for item in node.items)


def _positive(node: Expr) -> bool:
    return isinstance(node, Literal) and isinstance(node.value, Decimal) and node.value > 0


def name_polarity(expr: Expr, name: str) -> Polarity | None:
    """How `name` bears on the check: one polarity, "undecidable" if mixed, None if absent."""
    found = {polarity for path, polarity in polarities(expr).items() if _at(expr, path) == Name(name)}
    if not found:
        return None
    return found.pop() if len(found) == 1 else "undecidable"


def _at(expr: Expr, path: Path) -> Expr:
    for index in path:
        expr = children(expr)[index]
    return expr


def _literal_value(node: Expr) -> object:
    if isinstance(node, ListExpr):
        return tuple(item.value for item in node.items if isinstance(item, Literal))
    return node.value if isinstance(node, Literal) else None


def literal_changes(before: Expr, after: Expr, path: Path = ()) -> list[tuple[Path, object, object]] | None:
    """Where two trees differ only in literals: each (path, old value, new value); None if shapes differ.

    A list of literals counts as one value, so `x in ["CCER", "CER"]` -> `x in ["CCER"]` is one change.
    """
    if (isinstance(before, Literal) or _literal_list(before)) and (isinstance(after, Literal) or _literal_list(after)):
        if type(before) is not type(after):
            return None
        return [] if before == after else [(path, _literal_value(before), _literal_value(after))]
    if type(before) is not type(after) or getattr(before, "op", None) != getattr(after, "op", None):
        return None
    if isinstance(before, Name) or (isinstance(before, Call) and isinstance(after, Call) and before.func != after.func):
        return [] if before == after else None
    kids_before, kids_after = children(before), children(after)
    if len(kids_before) != len(kids_after):
        return None
    out: list[tuple[Path, object, object]] = []
    for index, (b, a) in enumerate(zip(kids_before, kids_after, strict=True)):
        found = literal_changes(b, a, (*path, index))
        if found is None:
            return None
        out += found
    return out


def direction(polarity: Polarity | None, before: object, after: object) -> Direction | None:
    """Stricter, looser or merely changed when a value in a slot of this polarity moves; None if equal."""
    if before == after and type(before) is type(after):
        return None
    numbers = all(isinstance(v, Decimal) for v in (before, after))
    if polarity in ("higher", "lower") and numbers:
        up = after > before  # type: ignore[operator]
        return "stricter" if up == (polarity == "higher") else "looser"
    if polarity in ("fewer", "more") and all(isinstance(v, list | tuple) for v in (before, after)):
        old, new = set(before), set(after)  # type: ignore[call-overload]
        if old == new:
            return None
        if new < old or new > old:
            return "stricter" if (new < old) == (polarity == "fewer") else "looser"
    return "changed"


def combine(directions: list[Direction]) -> Direction | None:
    """One verdict for several moves: all the same way, else "changed"."""
    kinds = set(directions)
    if not kinds:
        return None
    return kinds.pop() if len(kinds) == 1 else "changed"
