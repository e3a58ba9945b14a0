"""`zcf rulesets`, `zcf schema`, `zcf example`: what is installed and what a submission looks like."""

from __future__ import annotations

import datetime as dt
import json
import sys
from decimal import Decimal
from typing import Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from zcf.api import example_path, load_entry
from zcf.cli.options import Format, parse_date
from zcf.errors import UsageError
from zcf.model.result import EvaluationResult
from zcf.rulesets import registry
from zcf.submission.reading import read_submission


def rulesets(
    fmt: Annotated[Format | None, typer.Option("--format", "-f", help="table or json [default: table on a "
                                                                      "terminal, json when piped].")] = None,
) -> int:
    """List the rulesets on the search path (ZCF_RULESETS folders and .zcfb bundles, then the repo's).

    Bundles are verified against the keyring first; one that cannot be trusted stops the listing (exit 4).
    """
    entries = registry.discover()
    today = dt.date.today()
    for rid in sorted({e.id for e in entries}):
        try:
            chosen = registry.find(rid, as_of=today)
        except UsageError:
            continue
        if warning := registry.rollback_warning(chosen, today):
            Console(stderr=True, soft_wrap=True).print(f"warning: {warning}", highlight=False, markup=False)
    rows: list[dict[str, Any]] = [{"id": e.id, "version": e.version, "title": {"zh-CN": e.title_zh, "en": e.title_en},
             "status": e.status, "effective_from": e.effective_from.isoformat(),
             "effective_until": e.effective_until.isoformat() if e.effective_until else None,
             "implied_until": e.implied_until.isoformat() if e.implied_until else None,
             "supersedes": e.supersedes, "origin": e.origin, "source": str(e.source),
             "digest": e.digest, "signed": bool(e.trusted_signers),
             "signers": [{"key_id": s.key_id, "owner": s.owner, "status": str(s.status)} for s in e.signers]}
            for e in entries]
    if fmt is Format.JSON or (fmt is None and not sys.stdout.isatty()):
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return 0
    console = Console()
    wide = console.width >= 140  # source and signer need room; ids and versions are never cut
    table = Table(header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False)
    for col in ("id", "version", "title", "status", "effective", *(("source", "signed_by") if wide else ())):
        table.add_column(col, no_wrap=col in ("id", "version"), overflow="fold")
    signers: list[str] = []
    for row in rows:
        until = row["effective_until"] or (f"{row['implied_until']} (next edition)" if row["implied_until"] else "…")
        signed_by = ", ".join(f"{s['owner'] or '(unknown key)'} {s['key_id']}"
                              + ("" if s["status"] == "valid" else f" [{s['status']}]") for s in row["signers"])
        if row["origin"] == "bundle" and not row["signed"]:
            signed_by = (signed_by + " " if signed_by else "") + "UNTRUSTED (ZCF_ALLOW_UNSIGNED)"
        signers.append(signed_by or "–")
        extra = (row["source"], signed_by or "–") if wide else ()
        table.add_row(row["id"], row["version"], f"{row['title']['zh-CN']}\n{row['title']['en']}",
                      row["status"], f"{row['effective_from']} → {until}", *extra)
    console.print(table)
    if not wide:  # where each edition comes from, one line each, below the table
        for row, signer in zip(rows, signers, strict=True):
            console.print(f"{row['id']}@{row['version']}  source: {row['source']}  signed_by: {signer}",
                          highlight=False, markup=False, overflow="fold")
    return 0


def schema(
    ruleset: Annotated[str | None, typer.Argument(help="ID or ID@VERSION.")] = None,
    result: Annotated[bool, typer.Option("--result", help="Print the result model's schema.")] = False,
) -> int:
    """Print the submission JSON Schema of RULESET, or with --result the result schema."""
    if result:
        data = EvaluationResult.model_json_schema(by_alias=True, mode="serialization")
    elif ruleset:
        # The composed schema (a tailored ruleset's is `allOf: [base, extension]`): what
        # submissions are checked against, not the extension fragment alone.
        data = load_entry(registry.find(ruleset)).loaded.schema
    else:
        raise UsageError("name a ruleset or pass --result", hint="zcf schema zcf-cn-general")
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_number) + "\n")
    return 0


def _number(value: object) -> object:
    """Schema numbers are read as Decimal; print them as JSON numbers, not strings."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def example(
    ruleset: Annotated[str, typer.Argument(help="ID or ID@VERSION.")] = "zcf-cn-general",
    name: Annotated[str, typer.Option(help="Which example (file stem).")] = "zero-carbon",
    stream: Annotated[bool, typer.Option(
        "--stream", help="Instead, print a synthetic year of meter readings (NDJSON) for `zcf monitor`, "
                         "made from the example as last year's profile.")] = False,
    meters: Annotated[int | None, typer.Option(min=1, help="With --stream: spread the grid over N meters.")] = None,
    until: Annotated[str | None, typer.Option(help="With --stream: stop after this day (YYYY-MM-DD).")] = None,
) -> int:
    """Print a filled example submission for RULESET (start your own from it)."""
    entry = registry.find(ruleset)
    path = example_path(entry.id, name)
    if not stream:
        sys.stdout.write(path.read_text(encoding="utf-8"))
        return 0
    from zcf.monitor.synthetic import stream as synthetic_stream

    for line in synthetic_stream(read_submission(path), meters=meters, until=parse_date(until)):
        sys.stdout.write(line + "\n")
    return 0
