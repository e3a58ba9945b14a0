"""`zcf --version` and `zcf version`: which engine, which Python, which backends and rulesets.

What a bug report or an audit trail needs in one place: the engine version, the Python running
it, whether the durable backend is available, and every ruleset on the search path with the
digest results made with it record.
"""

from __future__ import annotations

import json
import platform
import sys
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from zcf.backends.seam import BACKENDS, backend_available
from zcf.cli.options import Format
from zcf.rulesets import registry
from zcf.rulesets.loader import folder_digest
from zcf.version import __version__


def print_version(value: bool) -> None:
    """The eager `--version` option of the root command: print `zcf <version>` and stop."""
    if value:
        typer.echo(f"zcf {__version__}")
        raise typer.Exit()


def version_info() -> dict[str, Any]:
    """The engine, Python, backends and installed rulesets as one JSON-ready mapping."""
    rulesets = [{"id": e.id, "version": e.version, "origin": e.origin, "source": str(e.source),
                 "digest": e.digest or folder_digest(e.folder)} for e in registry.discover()]
    return {
        "engine": {"name": "zcf-engine", "version": __version__},
        "python": {"version": platform.python_version(), "implementation": platform.python_implementation(),
                   "executable": sys.executable},
        "backends": {name: backend_available(name) for name in BACKENDS},
        "rulesets": rulesets,
    }


def version(
    fmt: Annotated[
        Format | None,
        typer.Option("--format", "-f", help="table or json (default: table on a terminal, json when piped)."),
    ] = None,
) -> int:
    """Print the engine and Python versions, the backends available and the rulesets with their digests."""
    info = version_info()
    chosen = fmt or (Format.TABLE if sys.stdout.isatty() else Format.JSON)
    if chosen is Format.JSON:
        sys.stdout.write(json.dumps(info, ensure_ascii=False, indent=2) + "\n")
        return 0
    console = Console()
    python = info["python"]
    console.print(f"zcf {info['engine']['version']}", highlight=False)
    console.print(f"Python {python['version']} ({python['implementation']}, {python['executable']})",
                  highlight=False)
    console.print("backends: " + ", ".join(f"{name} ({'available' if ok else 'not available'})"
                                           for name, ok in info["backends"].items()), highlight=False)
    table = Table(header_style="bold")
    for column in ("id", "version", "origin", "digest", "source"):
        table.add_column(column)
    for row in info["rulesets"]:
        table.add_row(row["id"], row["version"], row["origin"], row["digest"], row["source"])
    console.print(table)
    return 0
