"""Imports point downwards only, in the layer order the README's architecture section states.

Every `import zcf.x` / `from zcf.x import` in the package, at module level or inside a function,
is checked: a module may import its own folder, a folder of the same layer (never in a cycle), or a
lower layer. Reading the source with `ast` (not importing it) sees lazy imports too; imports under
`if TYPE_CHECKING:` are left out, as they name a type for the checker and run nothing.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import zcf

PACKAGE = Path(zcf.__file__).parent

#: lowest first; the README's "Architecture" section lists the same order
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"model", "errors", "version", "locations", "formats", "input_files", "messages"}),
    frozenset({"accounting"}),
    frozenset({"publishing"}),
    frozenset({"rulesets", "rules", "submission", "standards"}),
    frozenset({"backends"}),
    frozenset({"report"}),
    frozenset({"evaluate", "authoring", "monitor"}),
    frozenset({"api", "bdd"}),
    frozenset({"cli", "service", "__init__", "__main__"}),
)


def _unit(module: str) -> str:
    """`zcf.rules.syntax` -> `rules`; `zcf.api` -> `api`; `zcf` -> `__init__`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _layer(unit: str) -> int:
    for index, units in enumerate(LAYERS):
        if unit in units:
            return index
    raise AssertionError(f"zcf/{unit} is in no layer: add it to LAYERS and to the README")


def _imports() -> list[tuple[str, str, int]]:
    """(importing module's unit, imported module, line) for every zcf import in the package."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        module = ".".join(rel.parts).removesuffix(".__init__")
        tree = ast.parse(path.read_text("utf-8"), str(path))
        type_only = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If) and _is_type_checking(block.test)
                     for stmt in block.body for n in ast.walk(stmt)}
        for node in ast.walk(tree):
            if id(node) in type_only:
                continue
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] if node.module != "zcf" else [f"zcf.{a.name}" for a in node.names]
            found += [(module, n, node.lineno) for n in names if n == "zcf" or n.startswith("zcf.")]
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def test_every_folder_has_a_layer() -> None:
    units = {p.stem if p.is_file() else p.name for p in PACKAGE.iterdir()
             if (p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists()))}
    for unit in units:
        _layer(unit)


def test_imports_point_downwards() -> None:
    upward = []
    for module, target, line in _imports():
        here, there = _unit(module), _unit(target)
        if here != there and _layer(there) > _layer(here):
            upward.append(f"{module}:{line} imports {target} ({there} is above {here})")
    assert not upward, "\n".join(upward)


def test_no_cycles_between_folders_of_one_layer() -> None:
    edges: dict[str, set[str]] = defaultdict(set)
    for module, target, _ in _imports():
        here, there = _unit(module), _unit(target)
        if here != there and _layer(here) == _layer(there):
            edges[here].add(there)
    cycles = [f"{a} <-> {b}" for a in edges for b in edges[a] if a in edges.get(b, set()) and a < b]
    assert not cycles, cycles


def test_the_readme_states_the_same_order() -> None:
    readme = (PACKAGE.parents[1] / "README.md").read_text("utf-8")
    section = readme.split("## Architecture", 1)[1].split("\n## ", 1)[0]
    order = [line for line in section.splitlines() if line.startswith("layer ")]
    assert len(order) == len(LAYERS), order
    for line, units in zip(reversed(order), LAYERS, strict=True):
        named = {w.strip("`/,") for w in line.split(":", 1)[1].split()}
        assert units <= named, (line, sorted(units))
