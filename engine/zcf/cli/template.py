"""`zcf template`: the Excel data template of a ruleset, empty or filled from a JSON submission."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from zcf.api import example_path, template_workbook
from zcf.errors import UsageError
from zcf.rulesets import registry
from zcf.submission.reading import read_submission


def template(
    ruleset: Annotated[str, typer.Argument(help="ID or ID@VERSION.")] = "zcf-cn-general",
    output: Annotated[Path, typer.Option("--output", "-o", help="The .xlsx file to write.")] = Path("factory.xlsx"),
    source: Annotated[
        Path | None, typer.Option("--from", help="Fill it from this JSON submission (convert JSON to Excel).")
    ] = None,
    example: Annotated[
        str | None, typer.Option("--example", help="Fill it from a shipped example (e.g. zero-carbon).")
    ] = None,
) -> int:
    """Write the Excel template of RULESET: a sheet per section, units and choices as drop-down lists,
    zh-CN/en headers and an instructions sheet. `zcf evaluate FILE.xlsx` reads it back."""
    if source is not None and example is not None:
        raise UsageError("give --from or --example, not both")
    doc = None
    if example is not None:
        source = example_path(registry.find(ruleset).id, example)
    if source is not None:
        if not source.is_file():
            raise UsageError(f"submission file not found: {source}")
        doc = read_submission(source.read_bytes(), source_name=str(source))
    if output.suffix.lower() != ".xlsx":
        raise UsageError(f"{output}: the template is an .xlsx workbook", hint="name the output FILE.xlsx")
    output.write_bytes(template_workbook(ruleset, doc))
    Console(stderr=True).print(f"wrote {output}", highlight=False, markup=False)
    return 0
