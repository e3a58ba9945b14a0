"""The `zcf` command: assembles the sub-commands; `zcf.cli.exits` turns outcomes into exit codes.

Exit codes: 0 every gate and requirement met; 1 a gate or requirement failed (or a gate could not
be decided); 2 usage error; 3 submission invalid; 4 ruleset or bundle verification failed;
5 internal error. Every sub-command module is imported directly: a broken one fails loudly.
Help is plain text (`-h` or `--help`): typer's rich help shows `<bool>` beside flags, which take
no value.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Annotated

import typer

from zcf.cli import authoring as authoring_cmd
from zcf.cli import bundle as bundle_cmd
from zcf.cli import diff as diff_cmd
from zcf.cli import evaluate as evaluate_cmd
from zcf.cli import info as info_cmd
from zcf.cli import monitor as monitor_cmd
from zcf.cli import results as results_cmd
from zcf.cli import ruleset as ruleset_cmd
from zcf.cli import serve as serve_cmd
from zcf.cli import standards as standards_cmd
from zcf.cli import template as template_cmd
from zcf.cli import version as version_cmd
from zcf.cli.exits import run_command

app = typer.Typer(
    name="zcf",
    help="Zero-carbon factory (零碳工厂) compliance engine: evaluate submissions against rulesets.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", "-V", callback=version_cmd.print_version, is_eager=True,
                                          help="Print `zcf <version>` and exit.")] = False,
) -> None:
    """Options of `zcf` itself, before any command."""


app.command("evaluate")(evaluate_cmd.evaluate)
app.command("rulesets")(info_cmd.rulesets)
app.command("schema")(info_cmd.schema)
app.command("example")(info_cmd.example)
app.command("version")(version_cmd.version)
app.command("monitor")(monitor_cmd.monitor_command)
app.command("template")(template_cmd.template)
app.command("serve")(serve_cmd.serve)
app.add_typer(standards_cmd.app, name="standards", help="Standards documents and clauses.")
app.add_typer(bundle_cmd.app, name="bundle", help="Build, sign and verify ruleset bundles.")
app.command("keygen")(bundle_cmd.keygen_command)
app.command("diff")(diff_cmd.diff_command)
app.command("replay")(results_cmd.replay_command)
app.command("verify-result")(results_cmd.verify_result_command)
app.add_typer(ruleset_cmd.app, name="ruleset", help="Check and show rulesets.")
app.command("test")(authoring_cmd.test_command)
app.add_typer(authoring_cmd.new_app, name="new", help="Scaffold a ruleset or a standards document.")


def run(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return the exit code (see `zcf.cli.exits.run_command`)."""
    return run_command(app, argv)


def main() -> None:
    sys.exit(run())
