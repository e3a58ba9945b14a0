"""`zcf ruleset check|show`: traceability reports and the canonical form of a ruleset; printing only.

`zcf.authoring.checks` decides what is wrong; this module renders its reports (rich table or JSON)
and dumps rulesets. The exit code comes back as the command's return value: `zcf.cli.app.run`
passes it on (0 every report ok, 4 a ruleset failed verification).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import Enum, StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from zcf.authoring.checks import CheckReport, Severity, check_ruleset, ruleset_folder, with_outcomes
from zcf.authoring.features import WORDS
from zcf.cli.exits import ExitCode
from zcf.errors import UsageError
from zcf.formats.yaml_io import dump_yaml
from zcf.model.ruleset import Ruleset
from zcf.rulesets import registry
from zcf.rulesets.loader import load_ruleset_dir
from zcf.rulesets.tailoring import resolve
from zcf.standards.model import provision_mark

#: `zcf ruleset check` exit code when a report has an error finding (ruleset verification failed)
EXIT_CHECK_FAILED = ExitCode.VERIFICATION_FAILED

app = typer.Typer(
    help="Check and show rulesets.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class ShowFormat(StrEnum):
    YAML = "yaml"
    JSON = "json"


class CheckFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    SARIF = "sarif"


class RunBackend(StrEnum):
    COMPILED = "compiled"
    DURABLE = "durable"
    BOTH = "both"


@app.command("check")
def check(
    rulesets: Annotated[
        list[str] | None, typer.Argument(help="ID, ID@VERSION or a ruleset folder.", show_default=False)
    ] = None,
    fmt: Annotated[
        CheckFormat | None,
        typer.Option("--format", "-f", help="table, json or sarif (SARIF 2.1.0; default: table on a terminal, "
                                            "json when piped)."),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Check every ruleset on the search path.")] = False,
    features: Annotated[
        Path | None, typer.Option("--features", help="Folder holding <ruleset-id>/*.feature (default: "
                                                     "<root>/features beside <root>/rulesets, else the shipped ones).")
    ] = None,
    run: Annotated[bool, typer.Option("--run", help="Run the scenarios (as `zcf test` does); a clause is "
                                                    "'exercised' only when its scenarios ran and passed.")] = False,
    backend: Annotated[RunBackend, typer.Option("--backend", help="Backend(s) --run uses.")] = RunBackend.COMPILED,
) -> int:
    """Trace each clause to its standard text and feature scenarios; exit 4 if any error is found.

    Without --run a clause with enough scenarios "has scenarios"; with --run it is "exercised" once they ran
    and passed.
    """
    targets: list[str | Path] = [*(rulesets or [])]
    if all_:
        targets += [entry.folder for entry in registry.discover()]
    if not targets:
        raise UsageError("name a ruleset to check, or pass --all",
                         hint="zcf ruleset check zcf-cn-general; `zcf rulesets` lists them")
    reports = [check_ruleset(target, features_dir=features) for target in targets]
    if run:
        reports = [_run_scenarios(report, features, backend) for report in reports]
    chosen = fmt or (CheckFormat.TABLE if sys.stdout.isatty() else CheckFormat.JSON)
    if chosen is CheckFormat.SARIF:
        from zcf.authoring.sarif import sarif_log

        sys.stdout.write(json.dumps(sarif_log(reports), ensure_ascii=False, indent=2) + "\n")
    elif chosen is CheckFormat.JSON:
        dumped = [r.model_dump(mode="json") for r in reports]
        data: Any = dumped[0] if len(reports) == 1 and not all_ else {
            "ok": all(r.ok for r in reports), "reports": dumped}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        console = Console()
        for report in reports:
            render_report(report, console)
    return 0 if all(r.ok for r in reports) else EXIT_CHECK_FAILED


def _run_scenarios(report: CheckReport, features: Path | None, backend: RunBackend) -> CheckReport:
    """Run the report's scenarios (its own and the inherited ones) and mark the clauses they exercised."""
    from zcf.backends.seam import BACKENDS
    from zcf.bdd.runner import resolve_target
    from zcf.bdd.runner import run as run_features

    if not report.clauses or report.features is None or not Path(report.features).is_dir():
        return with_outcomes(report, {}, {})
    target = resolve_target(report.folder, features=Path(report.features))
    backends = BACKENDS if backend is RunBackend.BOTH else (backend.value,)
    outcome = run_features(target, backends=backends, extra_args=["-p", "no:terminal"])
    if outcome.code not in (0, 1):
        raise UsageError(f"the scenarios of {report.ruleset} could not be run (pytest exit {outcome.code})",
                         hint=f"zcf test {report.folder} shows the messages")
    return with_outcomes(report, outcome.passed, outcome.failed)


@app.command("show")
def show(
    ruleset: Annotated[str, typer.Argument(help="ID, ID@VERSION or a ruleset folder.", show_default=False)],
    resolved: Annotated[
        bool, typer.Option("--resolved", help="Merge a tailored ruleset onto its base, as the evaluator sees it.")
    ] = False,
    fmt: Annotated[ShowFormat, typer.Option("--format", "-f", help="yaml or json.")] = ShowFormat.YAML,
) -> int:
    """Print RULESET in canonical form: parameters with provenance, clauses with their document."""
    loaded = load_ruleset_dir(ruleset_folder(ruleset))
    data = canonical_ruleset((resolve(loaded) if resolved else loaded).model)
    if fmt is ShowFormat.JSON:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        sys.stdout.write(dump_yaml(data))
    return 0


def render_report(report: CheckReport, console: Console) -> None:
    """The clause coverage table, requirement coverage and findings of one report."""
    verdict = "[green]ok[/]" if report.ok else "[red]FAILED[/]"
    console.print(f"[bold]{escape(report.ruleset)}[/]  {verdict}  [dim]{escape(report.folder)}[/]")
    if report.clauses:
        table = Table(header_style="bold")
        for column in ("clause", "kind", "ref", "standard", "scenarios", "statuses", ""):
            table.add_column(column, justify="right" if column == "scenarios" else "left")
        for row in report.clauses:
            text = provision_mark(row.provision, "zh-CN") if row.resolved else "[red]not found[/]"
            if row.stronger:  # the ruleset asks more than the cited paragraph: say on what basis
                text += f" [yellow]< {row.kind.value}: {row.basis.value if row.basis else 'no basis'}[/]"
            ref = f"§{row.ref}" if row.document == report.standard else f"{row.document} §{row.ref}"
            count = f"{row.scenarios} ({row.inherited} inherited)" if row.inherited else str(row.scenarios)
            table.add_row(row.clause_id, row.kind.value, escape(ref), text,
                          count, " ".join(WORDS[s] for s in row.statuses) or "–", _state(row.ok, row.exercised))
        console.print(table)
        done = "traced and exercised (scenarios ran and passed)" if report.ran else (
            "traced and have scenarios (not run: add --run to run them)")
        console.print(f"clauses: {report.clauses_ok}/{len(report.clauses)} {done}", highlight=False)
    if report.requirements:
        covered = sum(r.covered for r in report.requirements)
        console.print(
            f"requirement coverage of {report.standard}: {report.requirement_paragraphs_covered}/"
            f"{report.requirement_paragraphs} paragraphs ({covered}/{len(report.requirements)} clauses); "
            + ", ".join(_requirement_cell(r.label, r.clauses, r.reason) for r in report.requirements),
            highlight=False, markup=False)
    for finding in report.findings:
        colour = "red" if finding.severity is Severity.ERROR else "yellow"
        where = f"{finding.file}:{finding.line}" if finding.line else finding.file or ""
        named = finding.clause_id and finding.clause_id not in finding.message
        clause = f" {finding.clause_id}" if named else ""
        console.print(f"[{colour}]{escape(f'{finding.severity.value}[{finding.code}]')}[/]{escape(clause)}: "
                      f"{escape(finding.message)}  [dim]{escape(where)}[/]", highlight=False, soft_wrap=True)
    console.print()


def _state(ok: bool, exercised: bool | None) -> str:
    if exercised is None:
        return "[green]has scenarios[/]" if ok else "[red]gap[/]"
    return "[green]exercised[/]" if ok else "[red]gap[/]" if not exercised and not ok else "[red]failed[/]"


def _requirement_cell(label: str, clauses: tuple[str, ...], reason: str | None) -> str:
    if clauses:
        return f"§{label}→{'+'.join(clauses)}"
    return f"§{label}→not machine-checkable" if reason is not None else f"§{label}→UNCOVERED"


def canonical_ruleset(model: Ruleset) -> dict[str, Any]:
    """The ruleset in its authoring shape (keyed sections, no defaults), every clause naming its document."""
    data = model.model_dump(mode="python", by_alias=True, exclude_defaults=True)
    for section in ("parameters", "inputs", "metrics"):
        if section in data:
            data[section] = {name: {k: v for k, v in item.items() if k != "name"}
                             for name, item in data[section].items()}
    clauses = []
    for clause, dumped in zip(model.clauses, data.get("clauses", []), strict=True):
        ordered: dict[str, Any] = {}
        for key, value in dumped.items():
            ordered[key] = value
            if key == "ref":
                ordered["document"] = clause.document or model.standard.document
        clauses.append(ordered)
    if clauses:
        data["clauses"] = clauses
    plain: dict[str, Any] = _plain(data)
    return plain


def _plain(value: Any) -> Any:
    """Enums to their values, dates to ISO text, tuples to lists; Decimals stay exact."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    return value

