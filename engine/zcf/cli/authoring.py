"""`zcf test` (run a ruleset's features with the shipped steps) and `zcf new` (scaffold a ruleset, a standard)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from zcf.backends.seam import BACKENDS
from zcf.errors import UsageError


class BackendChoice(StrEnum):
    COMPILED = "compiled"
    DURABLE = "durable"
    BOTH = "both"


class TestFormat(StrEnum):
    TEXT = "text"
    JUNIT = "junit"


def test_command(
    target: Annotated[str, typer.Argument(help="A ruleset folder (rulesets/ID/VERSION), a features folder, "
                                               "or an installed ruleset ID[@VERSION].", show_default=False)],
    features: Annotated[Path | None, typer.Option("--features", help="Feature folder (default: "
                                                  "<root>/features/ID beside <root>/rulesets/).")] = None,
    examples: Annotated[Path | None, typer.Option("--examples", help="Folder of examples/<ID>/*.json "
                                                  "(default: <root>/examples).")] = None,
    backend: Annotated[BackendChoice, typer.Option("--backend", help="Inference backend(s) to run on.")]
    = BackendChoice.BOTH,
    fmt: Annotated[TestFormat, typer.Option("--format", "-f", help="text, or junit (XML on stdout, "
                                            "or to --output).")] = TestFormat.TEXT,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the JUnit XML here.")] = None,
    select: Annotated[str | None, typer.Option("-k", help="Only scenarios matching this pytest -k "
                                               "expression.")] = None,
    marker: Annotated[str | None, typer.Option("-m", help="Only scenarios with these tags, e.g. "
                                               "clause_GEN_07.")] = None,
) -> int:
    """Run the ruleset's Gherkin scenarios with the shipped step library; exit 0 if all pass, 1 if not."""
    from zcf.bdd.runner import resolve_target, run

    resolved = resolve_target(target, features=features, examples=examples)
    backends = BACKENDS if backend is BackendChoice.BOTH else (backend.value,)
    extra = [*(["-k", select] if select else []), *(["-m", marker] if marker else [])]
    junit = output
    if fmt is TestFormat.JUNIT and junit is None:
        import tempfile

        with tempfile.TemporaryDirectory(prefix="zcf-junit-") as tmp:
            junit = Path(tmp) / "junit.xml"
            code = run(resolved, backends=backends, junit=junit, extra_args=[*extra, "-p", "no:terminal"]).code
            typer.echo(junit.read_text(encoding="utf-8"))
            return _exit(code)
    return _exit(run(resolved, backends=backends, junit=junit, extra_args=["-q", *extra]).code)


def _exit(code: int) -> int:
    """pytest's outcome as zcf's: 0 all passed, 1 a scenario failed; a broken run is a usage error."""
    if code in (0, 1):
        return code
    if code == 5:
        raise UsageError("no scenario was selected", hint="check -k / -m, or the feature folder")
    raise UsageError(f"the scenarios could not be run (pytest exit {code}); see the messages above")


new_app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)


@new_app.command("ruleset")
def new_ruleset(
    ruleset_id: Annotated[str, typer.Argument(metavar="ID", help="The new ruleset's id, e.g. zcf-city-2026.")],
    extends: Annotated[str, typer.Option("--extends", help="BASE@RANGE it tailors, e.g. "
                                         "zcf-cn-general@^1.0.")] = "zcf-cn-general@^1.0",
    province: Annotated[str | None, typer.Option("--province", help="Province code it applies to "
                                                 "(GB/T 2260, e.g. 430000).")] = None,
    industry: Annotated[str | None, typer.Option("--industry", help="Industry code prefix it applies to "
                                                 "(GB/T 4754, e.g. C39).")] = None,
    directory: Annotated[Path, typer.Option("--dir", help="Authoring folder to write into.")] = Path("."),
) -> int:
    """Scaffold a tailored ruleset that `zcf ruleset check` and `zcf test` accept straight away."""
    from zcf.authoring.scaffold import new_ruleset as scaffold

    written = scaffold(directory, ruleset_id, extends=extends, province=province, industry=industry)
    console = Console()
    for path in written:
        console.print(f"wrote {path}", highlight=False)
    console.print(f"next: zcf ruleset check {directory / 'rulesets' / ruleset_id / '1.0.0'} --run", highlight=False)
    return 0


@new_app.command("standard")
def new_standard(
    document: Annotated[str, typer.Argument(metavar="ID", help="Document designation, e.g. T/ABC 001-2026.")],
    title_zh: Annotated[str, typer.Option("--title-zh", help="Title in Chinese.")] = "零碳工厂评价规范",
    title_en: Annotated[str, typer.Option("--title-en", help="Title in English.")] = "Zero-carbon factory evaluation",
    directory: Annotated[Path, typer.Option("--dir", help="Authoring folder to write into.")] = Path("."),
) -> int:
    """Scaffold a NISO STS standards document (standards/<file>.xml) with one requirement."""
    from zcf.authoring.scaffold import new_standard as scaffold

    path = scaffold(directory, document, title_zh=title_zh, title_en=title_en)
    Console().print(f"wrote {path}", highlight=False)
    return 0
