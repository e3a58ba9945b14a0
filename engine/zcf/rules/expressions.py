r"""Ruleset expressions: parse text to a frozen AST, render it back, compile it to Decimal closures.

Grammar, lowest precedence first (lark LALR; `_GRAMMAR` is the source of truth)::

    expr       = or
    or         = and ("or" and)*
    and        = not ("and" not)*
    not        = "not" not | comparison
    comparison = sum [("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not" "in") sum]  # no chains
    sum        = product (("+" | "-") product)*
    product    = unary (("*" | "/") unary)*
    unary      = "-" unary | atom
    atom       = NUMBER | STRING | "true" | "false" | NAME | NAME "(" [args] ")" | "[" [args] "]"
               | "(" expr ")"

NUMBER is `12` or `0.5` (no exponent); STRING is '...' or "..." on one line, where `\` escapes only
`\ ' "`; NAME is `[A-Za-z_][A-Za-z0-9_]*`. There is no null: a name without a value raises
`MissingValueError` at run time and the evaluator makes the clause indeterminate. Call names come
from `zcf.rules.functions.FUNCTIONS`. Ruleset text never reaches `eval`, `exec` or `ast`.
"""
from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Mapping
from decimal import Decimal, DecimalException
from typing import TypeAlias

from zcf.errors import ExpressionError, UnknownNameError
from zcf.rules.functions import (
    FUNCTIONS,
    OPERATORS,
    EvaluationError,
    Function,
    MissingValueError,
    Value,
    literal_text,
    negate,
    to_value,
    truth,
)
from zcf.rules.syntax import (
    NO_SPAN,
    Binary,
    BoolOp,
    Call,
    Compare,
    Expr,
    ListExpr,
    Literal,
    Name,
    Not,
    Span,
    Unary,
    _Source,
    names,
    parse,
    walk,
)

__all__ = [
    "NO_SPAN", "Binary", "BoolOp", "Call", "Compare", "CompiledExpression", "Compiler",
    "EvaluationError", "Expr", "ListExpr", "Literal", "MissingValueError", "Name", "Not", "Span",
    "Unary", "names", "parse", "to_text", "walk",
]

# How tightly each form binds, loosest first; an operand looser than its place needs brackets.
_OR, _AND, _NOT, _COMPARE, _SUM, _PRODUCT, _UNARY, _ATOM = range(1, 9)
_BINDING = {"or": _OR, "and": _AND, "+": _SUM, "-": _SUM, "*": _PRODUCT, "/": _PRODUCT}
#: The operators each node kind may carry; the compiler refuses others in trees built in code.
_OPS: dict[type, frozenset[str]] = {
    Unary: frozenset({"-"}),
    Binary: frozenset({"+", "-", "*", "/"}),
    Compare: frozenset({"==", "!=", "<", "<=", ">", ">=", "in", "not in"}),
    BoolOp: frozenset({"and", "or"}),
}


def to_text(expr: Expr) -> str:
    """Canonical source for `expr` (for diffs and evidence); `parse(to_text(e)) == e`."""
    match expr:
        case Literal(value=value):
            return literal_text(value)
        case Name(id=name):
            return name
        case ListExpr(items=items):
            return "[" + ", ".join(map(to_text, items)) + "]"
        case Call(func=func, args=args):
            return f"{func}({', '.join(map(to_text, args))})"
        case Unary(op=op, operand=operand):
            return op + _operand(operand, _UNARY)
        case Not(operand=operand):
            return "not " + _operand(operand, _NOT)
        case Binary(op=op, left=left, right=right):
            level = _BINDING.get(op, _SUM)  # left-associative: an equal right operand needs ()
            return f"{_operand(left, level)} {op} {_operand(right, level + 1)}"
        case Compare(op=op, left=left, right=right):
            return f"{_operand(left, _SUM)} {op} {_operand(right, _SUM)}"
        case BoolOp(op=op, operands=operands):
            # Brackets keep `(a or b) or c` apart from the flat `a or b or c` the parser makes.
            return f" {op} ".join(_operand(item, _BINDING.get(op, _OR) + 1) for item in operands)
    raise TypeError(f"not an expression node: {expr!r}")


def _operand(expr: Expr, minimum: int) -> str:
    text = to_text(expr)
    return text if _binding(expr) >= minimum else f"({text})"


def _binding(expr: Expr) -> int:
    match expr:
        case BoolOp(op=op) | Binary(op=op):
            return _BINDING.get(op, _ATOM)  # .get: a bad tree must still print in its error
        case Not():
            return _NOT
        case Compare():
            return _COMPARE
        case Unary():
            return _UNARY
        case Literal(value=Decimal() as number) if number.is_signed():
            return _UNARY  # printed as "-5", which reads back as a unary minus
    return _ATOM


Env: TypeAlias = Mapping[str, object]
_Run: TypeAlias = Callable[[Env], Value]


class CompiledExpression:
    """An expression ready to run: call it with a mapping from its names to their values."""

    __slots__ = ("_run", "clause_id", "expr", "names", "source")

    def __init__(self, source: str, expr: Expr, names: frozenset[str], run: _Run,
                 clause_id: str | None = None) -> None:
        self.source, self.expr, self.names, self.clause_id, self._run = (
            source, expr, names, clause_id, run)

    def __call__(self, env: Env) -> Value:
        """Evaluate over `env`; ints count as Decimal, lists as tuples.

        Raises:
            MissingValueError: a name it reached has no value (absent or None).
            EvaluationError: division by zero, a float in `env`, an operator given wrong types.
        """
        try:
            return self._run(env)
        except EvaluationError as err:
            if err.source is None:
                err.source, err.clause_id = self.source, err.clause_id or self.clause_id
            raise

    def __repr__(self) -> str:
        return f"CompiledExpression({self.source!r})"


class Compiler:
    """Compiles expressions over a fixed set of names and functions (tables, not subclasses)."""

    def __init__(self, known_names: Collection[str],
                 functions: Mapping[str, Function] = FUNCTIONS) -> None:
        self.known_names = frozenset(known_names)
        self.functions: Mapping[str, Function] = dict(functions)

    def compile(self, expr: Expr | str, *, clause_id: str | None = None,
                file: str | None = None) -> CompiledExpression:
        """Check every name and call, then build one closure per node.

        Raises:
            ExpressionSyntaxError: `expr` is text that does not parse.
            UnknownNameError: a name not in `known_names`, an unknown function or a wrong arity.
            ExpressionError: another mistake found before run time (`round(x, n)` with n not a
                whole-number literal).
        """
        if isinstance(expr, str):
            tree = parse(expr, file=file, clause_id=clause_id)
            src = _Source(expr, file=file, clause_id=clause_id)
        else:  # spans point into text we do not have: show the canonical text without a caret
            tree = expr
            src = _Source(to_text(expr), file=file, clause_id=clause_id, caret=False)
        run = _Closures(self, src).build(tree)
        return CompiledExpression(src.text, tree, names(tree), run, clause_id)


class _Closures:
    def __init__(self, compiler: Compiler, src: _Source) -> None:
        self.compiler, self.src = compiler, src

    def build(self, node: Expr) -> _Run:
        allowed = _OPS.get(type(node))
        if allowed is not None and getattr(node, "op", None) not in allowed:
            raise self.src.error(ExpressionError, f"{type(node).__name__} cannot carry the "
                                 f"operator {getattr(node, 'op', None)!r}", node.span.line,
                                 node.span.column, "operators: " + " ".join(sorted(allowed)))
        match node:
            case Literal(value=value):
                constant = self._constant(value, node.span)
                return lambda env: constant
            case Name(id=name):
                if name not in self.compiler.known_names:
                    raise self._unknown("name", name, self.compiler.known_names, node.span)
                return _located(node.span, lambda env: to_value(env.get(name), name))
            case ListExpr(items=items):
                parts = tuple(map(self.build, items))
                return lambda env: tuple([part(env) for part in parts])
            case Unary(operand=operand):
                inner = self.build(operand)
                return _located(node.span, lambda env: negate(inner(env)))
            case Not(operand=operand):
                inner = self.build(operand)
                return _located(node.span, lambda env: not truth("not", inner(env)))
            case Binary(op=op, left=left, right=right) | Compare(op=op, left=left, right=right):
                apply, first, second = OPERATORS[op], self.build(left), self.build(right)
                return _located(node.span, lambda env: apply(first(env), second(env)))
            case BoolOp(op=op, operands=operands):
                return _located(node.span, _short_circuit(op, tuple(map(self.build, operands))))
            case Call():
                return self._call(node)
        raise TypeError(f"not an expression node: {node!r}")

    def _constant(self, value: Value, span: Span) -> Value:
        try:
            return to_value(value, "a literal")
        except (EvaluationError, MissingValueError) as err:
            raise self.src.error(ExpressionError, f"{value!r} is not a value", span.line,
                                 span.column) from err

    def _call(self, node: Call) -> _Run:
        function = self.compiler.functions.get(node.func)
        if function is None:
            raise self._unknown("function", node.func, self.compiler.functions, node.span)
        if not function.accepts(len(node.args)):
            raise self.src.error(UnknownNameError, f"{node.func}() takes "
                                 f"{function.arity_text()}, got {len(node.args)}",
                                 node.span.line, node.span.column, function.doc)
        for index in sorted(function.int_literal_args):
            arg = node.args[index] if index < len(node.args) else None
            if not (isinstance(arg, Literal) and isinstance(arg.value, Decimal)
                    and arg.value.as_tuple().exponent == 0 and arg.value >= 0):
                span = arg.span if arg is not None else node.span
                raise self.src.error(ExpressionError, f"argument {index + 1} of {node.func}() "
                                     "must be a whole number >= 0 written out, such as 2",
                                     span.line, span.column, function.doc)
        args, implementation = tuple(map(self.build, node.args)), function.implementation
        return _located(node.span, lambda env: implementation(*[arg(env) for arg in args]))

    def _unknown(self, what: str, name: str, known: Collection[str], span: Span) -> ExpressionError:
        close = difflib.get_close_matches(name, sorted(known), n=3)
        if name in ("True", "False"):
            close = [name.lower()]
        if close:
            hint = "did you mean " + " or ".join(map(repr, close)) + "?"
        elif name in ("null", "None", "nil"):
            hint = "there is no null: a missing value makes the result indeterminate"
        elif what == "name" and name in self.compiler.functions:
            hint = f"{name} is a function: call it, as in {self.compiler.functions[name].doc}"
        elif what == "function":
            hint = "functions: " + ", ".join(sorted(known))
        else:
            hint = "a name must be an input, a parameter or a metric of the ruleset"
        return self.src.error(UnknownNameError, f"unknown {what} {name!r}", span.line,
                              span.column, hint)


def _short_circuit(op: str, operands: tuple[_Run, ...]) -> _Run:
    stop = op == "or"  # `or` stops at the first true, `and` at the first false

    def run(env: Env) -> bool:
        for operand in operands:
            if truth(op, operand(env)) is stop:
                return stop
        return not stop

    return run


def _located(span: Span, run: _Run) -> _Run:
    """`run`, with the span of its node put on an EvaluationError that has none yet."""

    def located(env: Env) -> Value:
        try:
            return run(env)
        except EvaluationError as err:
            if err.span is None:
                err.span = span
            raise
        except DecimalException as err:  # from a function in a caller's table
            raise EvaluationError(f"arithmetic failed: {err!r}", span=span) from err

    return located
