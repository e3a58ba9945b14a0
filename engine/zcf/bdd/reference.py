"""The generated reference sections of `docs/authoring.md`, written from the code itself.

Four sections: accounting metric functions (`zcf.accounting.METRICS`), expression operators and
functions (`zcf.rules.functions`), and the Gherkin step vocabulary (every step `zcf.bdd.steps`
registers). Each sits between `<!-- BEGIN GENERATED: name -->` and `<!-- END GENERATED: name -->`;
`python -m zcf.bdd.reference docs/authoring.md` rewrites them, `--check` exits 1 when they are stale
(tests/cli/test_authoring.py checks the doc is current and complete).
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Callable
from pathlib import Path

from pytest_bdd.steps import step_function_context_registry
from zcf.accounting import METRICS
from zcf.rules.functions import FUNCTIONS, OPERATORS

KEYWORDS = {"given": "假如", "when": "当", "then": "那么"}
_MARKER = re.compile(r"(<!-- BEGIN GENERATED: (?P<name>[a-z-]+) -->\n)(?P<body>.*?)(<!-- END GENERATED: (?P=name) -->)",
                     re.DOTALL)
OPERATOR_MEANING = {
    "+": "sum of two numbers", "-": "difference of two numbers (also unary minus)",
    "*": "product", "/": "quotient (division by zero is an evaluation error, see `ratio`)",
    "==": "equal (numbers, text, booleans)", "!=": "not equal",
    "<": "less than (numbers)", "<=": "at most", ">": "greater than", ">=": "at least",
    "in": "membership in a list parameter or input", "not in": "not a member",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip()


def _first_line(obj: Callable[..., object]) -> str:
    doc = inspect.getdoc(obj) or ""
    return doc.split("\n\n", 1)[0].replace("\n", " ").strip()


def metric_functions() -> str:
    rows = [f"| `{name}` | {_cell(_first_line(function))} |" for name, function in sorted(METRICS.items())]
    return "\n".join(["| metric function | what it computes |", "|---|---|", *rows]) + "\n"


def expression_language() -> str:
    missing = sorted(set(OPERATORS) - set(OPERATOR_MEANING))
    if missing:
        raise LookupError(f"describe the operators {missing} in OPERATOR_MEANING")
    ops = [f"| `{op}` | {OPERATOR_MEANING[op]} |" for op in OPERATORS]
    functions = [f"| `{f.name}` | {f.arity_text()} | {_cell(f.doc)} |"
                 for f in sorted(FUNCTIONS.values(), key=lambda f: f.name)]
    return "\n".join(["| operator | meaning |", "|---|---|", *ops, "", "Besides: `and`, `or`, `not` on booleans,",
                      "parentheses, decimal literals, quoted text and `true`/`false`.", "",
                      "| function | arguments | meaning |", "|---|---|---|", *functions]) + "\n"


def step_vocabulary() -> str:
    import zcf.bdd.steps  # noqa: F401  (registers every step)

    by_module: dict[str, list[str]] = {}
    for context in list(step_function_context_registry.values()):
        module = getattr(context.step_func, "__module__", "")
        if not module.startswith("zcf.bdd.steps."):
            continue
        keyword = KEYWORDS.get(context.type or "", "*")
        pattern = str(context.parser.name)
        doc = _first_line(context.step_func)
        by_module.setdefault(module.rsplit(".", 1)[1], []).append(
            f"| {keyword} | `{_cell(pattern)}` | {_cell(doc)} |")
    parts = []
    for module in sorted(by_module):
        rows = sorted(set(by_module[module]))
        parts += [f"#### `{module}` ({len(rows)} steps)", "", "| keyword | step text (regular expression or "
                  "`{name}` pattern) | note |", "|---|---|---|", *rows, ""]
    return "\n".join(parts)


def step_count() -> int:
    """How many steps the shipped library registers (the vocabulary must list each)."""
    import zcf.bdd.steps  # noqa: F401

    return len({(c.type, str(c.parser.name)) for c in list(step_function_context_registry.values())
                if getattr(c.step_func, "__module__", "").startswith("zcf.bdd.steps.")})


SECTIONS: dict[str, Callable[[], str]] = {
    "metric-functions": metric_functions,
    "expression-language": expression_language,
    "step-vocabulary": step_vocabulary,
}


def render(text: str) -> str:
    """`text` with every generated section rewritten; a missing section is an error."""
    found = {m["name"] for m in _MARKER.finditer(text)}
    missing = sorted(set(SECTIONS) - found)
    if missing:
        raise LookupError(f"the document has no generated section(s) {missing}")
    return _MARKER.sub(lambda m: m.group(1) + SECTIONS[m["name"]]() + m.group(4), text)


def main(argv: list[str]) -> int:
    """`python -m zcf.bdd.reference DOC [--check]`: rewrite DOC's generated sections, or check them."""
    paths = [a for a in argv if not a.startswith("--")]
    if len(paths) != 1:
        print("usage: python -m zcf.bdd.reference docs/authoring.md [--check]", file=sys.stderr)
        return 2
    path = Path(paths[0])
    text = path.read_text(encoding="utf-8")
    new = render(text)
    if "--check" in argv:
        if new != text:
            print(f"{path}: generated sections are stale; run python -m zcf.bdd.reference {path}", file=sys.stderr)
            return 1
        return 0
    path.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
