"""The syntax half of ruleset expressions: the frozen AST, the lark grammar and the parser.

Private: import these names from `zcf.rules.expressions`, which documents the grammar and
adds rendering (`to_text`) and compiling (`Compiler`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import TypeAlias, cast

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken
from lark.lexer import PatternStr

from zcf.errors import ExpressionError, ExpressionSyntaxError
from zcf.rules.functions import Value

#: Deeper nesting is a syntax error: it keeps every recursive walk far from Python's stack limit.
MAX_DEPTH = 100


@dataclass(frozen=True)
class Span:
    """Where a node sits in the ruleset file. Columns are 1-based and count characters."""

    #: Line in the ruleset file (`line_offset` applied); 0 when unknown.
    line: int
    column: int
    #: The column just past the node's last character; None when the node ends on a later line.
    end_column: int | None = None


#: The span of a node built in code rather than parsed.
NO_SPAN = Span(0, 0)

# Spans never take part in equality, so `parse(to_text(e)) == e` compares structure only.


@dataclass(frozen=True)
class Literal:
    """A number, string or boolean from the source; a tuple value only when built in code."""

    value: Value
    span: Span = field(default=NO_SPAN, compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class Name:
    """An input, parameter or metric, looked up in the evaluation environment."""

    id: str
    span: Span = field(default=NO_SPAN, compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class ListExpr:
    """A list written in the source, `["CCER", "CER"]`."""

    items: tuple[Expr, ...]
    span: Span = field(default=NO_SPAN, compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class Unary:
    op: str
    operand: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class Binary:
    #: One of `+ - * /`.
    op: str
    left: Expr
    right: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class Compare:
    #: One of `== != < <= > >= in`, `not in`.
    op: str
    left: Expr
    right: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class BoolOp:
    #: `and` or `or`; the parser flattens `a or b or c` into one node with three operands.
    op: str
    operands: tuple[Expr, ...]
    span: Span = field(default=NO_SPAN, compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class Not:
    operand: Expr
    span: Span = field(default=NO_SPAN, compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class Call:
    """A call of a function from the compiler's table (`FUNCTIONS` by default)."""

    func: str
    args: tuple[Expr, ...]
    span: Span = field(default=NO_SPAN, compare=False, repr=False, kw_only=True)


Expr: TypeAlias = Literal | Name | ListExpr | Unary | Binary | Compare | BoolOp | Not | Call


_GRAMMAR = r"""
?start: or_test
?or_test: and_test ("or" and_test)*
?and_test: not_test ("and" not_test)*
?not_test: "not" not_test -> not_
    | comparison
?comparison: sum COMP_OP sum -> compare
    | sum "in" sum -> in_
    | sum "not" "in" sum -> not_in
    | sum
?sum: product
    | sum "+" product -> add
    | sum "-" product -> sub
?product: unary
    | product "*" unary -> mul
    | product "/" unary -> div
?unary: "-" unary -> neg
    | atom
?atom: NUMBER -> number
    | STRING -> string
    | TRUE -> true
    | FALSE -> false
    | NAME -> name
    | NAME "(" [arguments] ")" -> call
    | "[" [arguments] "]" -> list
    | "(" or_test ")"
arguments: or_test ("," or_test)*
TRUE: "true"
FALSE: "false"
COMP_OP: "==" | "!=" | "<=" | ">=" | "<" | ">"
NAME: /[A-Za-z_][A-Za-z0-9_]*/
// Exponents are lexed so that they can be refused with a message of their own.
NUMBER: /[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/
STRING: /"([^"\\\r\n]|\\.)*"/ | /'([^'\\\r\n]|\\.)*'/
%ignore /[ \t\r\n]+/
"""

_TERMINAL_TEXT = {"NAME": "a name", "NUMBER": "a number", "STRING": "a string",
                  "COMP_OP": "a comparison (== != < <= > >=)", "$END": "the end"}
_CHAR_HINTS = {
    "=": "compare with ==, not =",
    "!": "write `not x`, or != to compare",
    "&": "write `and`",
    "|": "write `or`",
    ".": "a number needs digits on both sides of its point (0.5); names have no attributes",
    '"': "the string is not closed: it must end with the same quote on the same line",
    "'": "the string is not closed: it must end with the same quote on the same line",
}
_BINARY = {"add": "+", "sub": "-", "mul": "*", "div": "/"}
_ESCAPES = frozenset("\\'\"")


@cache
def _parser() -> Lark:
    return Lark(_GRAMMAR, parser="lalr", propagate_positions=True, maybe_placeholders=True)


class _Source:
    """The text being parsed or compiled and where it sits, for spans and error messages."""

    def __init__(self, text: str, *, file: str | None, clause_id: str | None,
                 line_offset: int = 0, caret: bool = True) -> None:
        self.text, self.file, self.clause_id = text, file, clause_id
        self.line_offset, self.caret = line_offset, caret

    def span(self, item: Tree[Token] | Token) -> Span:
        pos = item if isinstance(item, Token) else item.meta
        if pos.line is None or pos.column is None:  # a token made outside the lexer carries no position
            return NO_SPAN
        same_line = pos.end_line == pos.line
        return Span(pos.line + self.line_offset, pos.column, pos.end_column if same_line else None)

    def error(self, cls: type[ExpressionError], message: str, line: int, column: int,
              hint: str | None = None) -> ExpressionError:
        """`line` counts within the text; the error reports it with the offset applied."""
        lines = self.text.split("\n")
        if not self.text.strip():
            excerpt = ""
        elif not self.caret:
            excerpt = f"\n    {self.text}"
        else:
            text = lines[line - 1].rstrip("\r") if 1 <= line <= len(lines) else ""
            pad = "".join(_pad(char) for char in text[: max(column - 1, 0)])
            excerpt = f"\n    {text}\n    {pad}^"
        return cls(message + excerpt, file=self.file, line=line + self.line_offset or None,
                   column=column or None, clause_id=self.clause_id, hint=hint)


def _pad(char: str) -> str:
    # The caret has to land under the character in a terminal, where CJK characters are two wide.
    if char == "\t":
        return "\t"
    return "  " if unicodedata.east_asian_width(char) in ("W", "F") else " "


def parse(source: str, *, file: str | None = None, line_offset: int = 0,
          clause_id: str | None = None) -> Expr:
    """Parse one expression.

    Args:
        line_offset: added to every line: pass N when the expression starts on line N + 1 of `file`.

    Raises:
        ExpressionSyntaxError: with the offending line, a caret under the column, what was expected.
    """
    src = _Source(source, file=file, clause_id=clause_id, line_offset=line_offset)
    if not source.strip():
        raise src.error(ExpressionSyntaxError, "the expression is empty", 1, 1)
    try:
        tree = _parser().parse(source)
    except UnexpectedInput as err:
        raise _syntax_error(err, src) from err
    return _build(tree, src, 1)


def _syntax_error(err: UnexpectedInput, src: _Source) -> ExpressionError:
    expected = ", ".join(sorted({_describe(name) for name in getattr(err, "expected", ())}))
    if isinstance(err, UnexpectedCharacters):
        char: str = err.char
        hint = _CHAR_HINTS.get(char)
        if hint is None and not char.isascii():
            wide = unicodedata.normalize("NFKC", char)
            hint = (f"{char!r} is full-width: write {wide!r}" if wide.isascii() and wide.strip()
                    else "outside quotes only ASCII is allowed; put text such as 绿证 in quotes")
        expected = ", ".join(sorted({_describe(name) for name in err.allowed}))
        return src.error(ExpressionSyntaxError, f"unexpected character {char!r}; expected "
                         f"{expected}", err.line, err.column, hint)
    token = err.token if isinstance(err, UnexpectedToken) else None
    if token is None or token.type == "$END":
        lines = src.text.rstrip().split("\n")
        return src.error(ExpressionSyntaxError, f"unexpected end of expression; expected "
                         f"{expected}", len(lines), len(lines[-1]) + 1)
    hint = None
    if token.type in ("COMP_OP", "IN", "NOT") and "AND" in getattr(err, "expected", ()):
        hint = "comparisons do not chain: write `a < b and b < c`"
    found = {"NAME": "name ", "NUMBER": "number ", "STRING": "string "}.get(token.type, "")
    return src.error(ExpressionSyntaxError, f"unexpected {found}{token.value!r}; expected "
                     f"{expected}", token.line, token.column, hint)


def _describe(terminal: str) -> str:
    if terminal in _TERMINAL_TEXT:
        return _TERMINAL_TEXT[terminal]
    pattern = next((t.pattern for t in _parser().terminals if t.name == terminal), None)
    return repr(pattern.value) if isinstance(pattern, PatternStr) else terminal


def _build(tree: Tree[Token], src: _Source, depth: int) -> Expr:
    span = src.span(tree)
    if depth > MAX_DEPTH:
        raise src.error(ExpressionSyntaxError, f"the expression is nested more than {MAX_DEPTH} "
                        "levels deep", span.line - src.line_offset, span.column,
                        "split it into metrics")
    rule, kids = tree.data, tree.children

    def sub(index: int) -> Expr:
        return _build(cast(Tree[Token], kids[index]), src, depth + 1)

    def arguments(index: int) -> tuple[Expr, ...]:  # `[arguments]` is None when left out
        node = cast("Tree[Token] | None", kids[index])
        return () if node is None else tuple(_build(a, src, depth + 1) for a in node.children)  # type: ignore[arg-type]

    if rule == "number":
        return Literal(_number(cast(Token, kids[0]), src), span=span)
    if rule == "string":
        return Literal(_string(cast(Token, kids[0]), src), span=span)
    if rule in ("true", "false"):
        return Literal(rule == "true", span=span)
    if rule == "name":
        return Name(str(kids[0]), span=span)
    if rule == "call":
        return Call(str(kids[0]), arguments(1), span=span)
    if rule == "list":
        return ListExpr(arguments(0), span=span)
    if rule == "neg":
        return Unary("-", sub(0), span=span)
    if rule == "not_":
        return Not(sub(0), span=span)
    if rule in _BINARY:
        return Binary(_BINARY[rule], sub(0), sub(1), span=span)
    if rule == "compare":
        return Compare(str(kids[1]), sub(0), sub(2), span=span)
    if rule in ("in_", "not_in"):
        return Compare("in" if rule == "in_" else "not in", sub(0), sub(1), span=span)
    if rule in ("or_test", "and_test"):
        op = "or" if rule == "or_test" else "and"
        return BoolOp(op, tuple(sub(i) for i in range(len(kids))), span=span)
    raise AssertionError(f"grammar rule without a node: {rule}")  # the grammar and _build disagree


def _number(token: Token, src: _Source) -> Decimal:
    value = Decimal(str(token))
    if "e" in token.lower():
        full = format(value, "f") if abs(value.adjusted()) <= 30 else None
        raise src.error(ExpressionSyntaxError, f"exponent notation {str(token)!r} is not allowed",
                        token.line or 1, token.column or 1,
                        f"write the number out in full: {full}" if full else None)
    return value


def _string(token: Token, src: _Source) -> str:
    body, chars, index = str(token)[1:-1], [], 0
    while index < len(body):
        char = body[index]
        if char == "\\":
            index += 1
            if body[index] not in _ESCAPES:
                raise src.error(ExpressionSyntaxError, f"unknown escape '\\{body[index]}' in a "
                                "string", token.line or 1, (token.column or 1) + index,
                                "only \\\\, \\' and \\\" are escapes")
            char = body[index]
        chars.append(char)
        index += 1
    return "".join(chars)


def walk(expr: Expr) -> Iterator[Expr]:
    """Every node of `expr`, parents before children, left to right."""
    stack = [expr]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(_children(node)))


def _children(expr: Expr) -> tuple[Expr, ...]:
    match expr:
        case ListExpr(items=items):
            return items
        case Call(args=args):
            return args
        case Unary(operand=operand) | Not(operand=operand):
            return (operand,)
        case Binary(left=left, right=right) | Compare(left=left, right=right):
            return (left, right)
        case BoolOp(operands=operands):
            return operands
    return ()


def names(expr: Expr) -> frozenset[str]:
    """Every name `expr` reads (function names excluded)."""
    return frozenset(node.id for node in walk(expr) if isinstance(node, Name))
