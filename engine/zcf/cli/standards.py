"""`zcf standards [list|show|check]`: browse the standards' clause text; printing only.

The library (`zcf.standards`) finds, reads and validates documents; this module turns its
models into rich tables or JSON. Errors (unknown document or clause, invalid file) propagate to
`zcf.cli.app.run`, which prints them and picks the exit code. Renderers take the `Console` to
print on, so tests and embedders can pass their own.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from zcf.cli.options import Format, Lang
from zcf.standards import catalog, validation
from zcf.standards.model import (
    StandardClause,
    StandardDocument,
    StandardTable,
    provision_mark,
)

app = typer.Typer(
    help="Standards documents (standards/*.xml) and their clauses.",
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

FormatOption = Annotated[
    Format | None,
    typer.Option("--format", "-f", help="table or json [default: table on a terminal, else json]."),
]


def _chosen(fmt: Format | None, console: Console) -> Format:
    if fmt is not None:
        return fmt
    return Format.TABLE if console.is_terminal else Format.JSON


@app.callback(invoke_without_command=True)
def default(ctx: typer.Context, fmt: FormatOption = None) -> None:
    """Without a sub-command, list the documents (`zcf standards -f json`)."""
    if ctx.invoked_subcommand is None:
        list_documents(fmt=fmt)


@app.command("list")
def list_documents(fmt: FormatOption = None) -> None:
    """List the standard documents: id, number, edition, title, clause count, known-from."""
    console = Console()
    render_documents(catalog.find_documents(), console, _chosen(fmt, console))


@app.command("show")
def show(
    document: Annotated[str, typer.Argument(help="Document id, e.g. miit-2026-13.")],
    clause: Annotated[str | None, typer.Argument(help="Clause label, e.g. 4.6.3; shows its sub-clauses too.")] = None,
    lang: Annotated[Lang, typer.Option("--lang", help="zh-CN or en.")] = Lang.ZH,
    fmt: FormatOption = None,
) -> None:
    """Print a document's clauses (label, title, provision 应/宜/可, text)."""
    console = Console()
    doc = catalog.get_document(document)
    if clause is None:
        clauses = doc.clauses
    else:
        catalog.clause(document, clause)  # raises with close labels when unknown
        clauses = doc.subtree(clause)
    render_clauses(doc, clauses, console, _chosen(fmt, console), lang.value)


@app.command("check")
def check(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files to check [default: every document].")] = None,
) -> None:
    """Validate documents against the NISO STS 1.2 grammar and read them with the zcf reader."""
    console = Console()
    results = validation.check_documents(paths or None)
    for path, errors in results.items():
        mark = "[green]ok[/]" if not errors else f"[red]{len(errors)} error(s)[/]"
        console.print(f"{mark}  {escape(str(path))}")
        for error in errors:
            console.print(f"    {escape(error)}", highlight=False)
    validation.raise_for_errors(results)


def render_documents(documents: tuple[StandardDocument, ...], console: Console, fmt: Format) -> None:
    """The document list as a table or a JSON array."""
    rows: list[dict[str, Any]] = [
        {
            "id": doc.id,
            "number": doc.number,
            "edition": doc.edition,
            "release_date": doc.release_date.isoformat() if doc.release_date else None,
            "title": doc.title.model_dump(by_alias=True),
            "clauses": len(doc.clauses),
            "known_from": doc.known_from.value,
        }
        for doc in documents
    ]
    if fmt is Format.JSON:
        _write_json(rows)
        return
    table = Table(header_style="bold")
    for column in ("id", "number", "edition", "title", "clauses", "known-from"):
        table.add_column(column, justify="right" if column == "clauses" else "left")
    for row in rows:
        title = row["title"]
        table.add_row(
            row["id"],
            escape(row["number"]),
            row["edition"],
            escape(f"{title['zh-CN']}\n{title['en']}"),
            str(row["clauses"]),
            row["known_from"],
        )
    console.print(table)


def render_clauses(
    document: StandardDocument,
    clauses: tuple[StandardClause, ...],
    console: Console,
    fmt: Format,
    lang: str,
) -> None:
    """Clauses with their provision marks, paragraphs and tables, in one language."""
    if fmt is Format.JSON:
        _write_json(
            {
                "id": document.id,
                "number": document.number,
                "edition": document.edition,
                "known_from": document.known_from.value,
                "clauses": [c.model_dump(mode="json", by_alias=True) for c in clauses],
            }
        )
        return
    console.print(
        f"[bold]{escape(document.number)}[/]  {escape(document.title.get(lang))}"
        f"  [dim]({document.id}, {document.edition}, known from {document.known_from.value})[/]"
    )
    for clause in clauses:
        console.print()
        mark = provision_mark(clause.provision, lang)
        console.print(f"[bold]{escape(clause.label)}  {escape(clause.title.get(lang))}[/]  [dim]\\[{mark}][/]")
        for paragraph in clause.paragraphs:
            label = f"{paragraph.label} " if paragraph.label else ""
            console.print(
                f"  [cyan]{provision_mark(paragraph.provision, lang)}[/]  {escape(label + paragraph.text.get(lang))}"
            )
        for table in clause.tables:
            console.print(_table(table, lang))


def _table(table: StandardTable, lang: str) -> Table:
    caption = " ".join(part for part in (table.label, table.caption.get(lang)) if part)
    rendered = Table(title=escape(caption), header_style="bold")
    header = table.header[0] if table.header else ()
    width = max((len(row) for row in (*table.header, *table.rows)), default=0)
    for index in range(width):
        rendered.add_column(escape(header[index].get(lang)) if index < len(header) else "")
    for row in table.rows:
        rendered.add_row(*(escape(cell.get(lang)) for cell in row))
    return rendered


def _write_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
