"""One owner per third-party library (each library below is imported by one module of zcf only),
and one module that rounds Decimals (`zcf.accounting.rounding`).

The test reads the package with `ast` (not importing it), so imports inside functions and under
`if TYPE_CHECKING:` count too, as do `importlib.import_module("...")` calls with a literal name.

To use a watched library in a new place, call its owner; to start using a library in WATCHED,
write its one module, say in that module's docstring that it is the only one importing it, and
add `"library": "zcf.folder.module"` to OWNERS. To watch another library, add its import name to
WATCHED.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import zcf

PACKAGE = Path(zcf.__file__).parent

#: top-level import name -> the one module allowed to import it. A watched library the package
#: does not use yet has no entry: its first import anywhere fails until an owner is named here.
OWNERS: dict[str, str] = {
    "yaml": "zcf.formats.yaml_io",
    "jsonschema": "zcf.formats.json_schema",
    "jsonschema_rs": "zcf.submission.validation",
    "lxml": "zcf.standards.reader",
    "durable": "zcf.backends.durable",
    "cryptography": "zcf.publishing.signing",
    "distributed": "zcf.evaluate.distributed",  # dask.distributed
    "openpyxl": "zcf.submission.workbook",
    "fastapi": "zcf.service.app",
    "jinja2": "zcf.report.html",
    "markupsafe": "zcf.report.html",  # jinja2's Markup, for the SVG charts
    "weasyprint": "zcf.report.pdf",
}

#: libraries whose imports this test checks
WATCHED: frozenset[str] = frozenset(OWNERS) | {"dask", "openpyxl", "fastapi", "trestle", "sarif_kit"}


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    return ".".join(rel.parts).removesuffix(".__init__")


def _imported(tree: ast.AST) -> list[tuple[str, int]]:
    """(top-level library name, line) for every absolute import in `tree`."""
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name.split(".")[0], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module.split(".")[0], node.lineno))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "import_module" and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.append((node.args[0].value.split(".")[0], node.lineno))
    return found


def _imports() -> dict[str, list[tuple[str, int]]]:
    """library -> [(importing module, line)] for the watched libraries, across the package."""
    by_library: dict[str, list[tuple[str, int]]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        for library, line in _imported(ast.parse(path.read_text("utf-8"), str(path))):
            if library in WATCHED:
                by_library.setdefault(library, []).append((module, line))
    return by_library


def test_watched_libraries_are_imported_by_their_owner_only() -> None:
    strays = []
    for library, places in sorted(_imports().items()):
        owner = OWNERS.get(library)
        for module, line in places:
            if owner is None:
                strays.append(f"{module}:{line} imports {library}, which has no owner yet: make one module "
                              f"own it and add it to OWNERS in {Path(__file__).name}")
            elif module != owner:
                strays.append(f"{module}:{line} imports {library}; only {owner} may (call it instead)")
    assert not strays, "\n".join(strays)


@pytest.mark.parametrize(("library", "owner"), sorted(OWNERS.items()))
def test_each_owner_imports_its_library_and_says_it_is_the_only_one(library: str, owner: str) -> None:
    assert owner in {m for m, _ in _imports().get(library, [])}, f"{owner} no longer imports {library}"
    path = PACKAGE.parent.joinpath(*owner.split(".")).with_suffix(".py")
    doc = ast.get_docstring(ast.parse(path.read_text("utf-8"))) or ""
    assert library in doc and ("only" in doc or "the one module" in doc), (
        f"{owner}'s docstring should say it is the only module importing {library}")


def test_the_check_sees_imports_in_every_form() -> None:
    source = ("import yaml\nimport lxml.etree as et\nfrom jsonschema.validators import extend\n"
              "def f():\n    import durable.engine\n    importlib.import_module('jinja2')\n"
              "from . import yaml as local\n")
    assert sorted(name for name, _ in _imported(ast.parse(source))) == [
        "durable", "jinja2", "jsonschema", "lxml", "yaml"]


#: the one module that rounds a Decimal (GB/T 8170, explicit modes)
ROUNDING_OWNER = "zcf.accounting.rounding"


def _roundings(tree: ast.AST) -> list[int]:
    """Lines that round: `x.quantize(...)`, builtin `round(...)`, `x.to_integral*(rounding=...)`."""
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        builtin = isinstance(func, ast.Name) and func.id == "round"
        method = isinstance(func, ast.Attribute) and (func.attr == "quantize" or (
            func.attr.startswith("to_integral") and any(k.arg == "rounding" for k in node.keywords)))
        if builtin or method:
            lines.append(node.lineno)
    return lines


def test_decimals_are_rounded_in_one_module_only() -> None:
    strays = [f"{_module_name(path)}:{line} rounds a Decimal; call {ROUNDING_OWNER} instead"
              for path in sorted(PACKAGE.rglob("*.py")) if _module_name(path) != ROUNDING_OWNER
              for line in _roundings(ast.parse(path.read_text("utf-8"), str(path)))]
    assert not strays, "\n".join(strays)


def test_the_rounding_check_sees_every_form() -> None:
    source = ("a = x.quantize(q)\nb = round(x, 2)\nc = x.to_integral_value(rounding=R)\n"
              "d = x.to_integral_value()\ne = decimal.Context(rounding=R)\n")
    assert _roundings(ast.parse(source)) == [1, 2, 3]
