"""The `zcf` command: assembles the sub-commands and maps every outcome to an exit code.

Exit codes (decided only in `run`): 0 every gate and requirement met; 1 a gate or requirement
failed (or a gate could not be decided); 2 usage error; 3 submission invalid; 4 ruleset or bundle
verification failed; 5 internal error.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence

import typer
from rich.console import Console
from rich.markup import escape

from zcf.cli import evaluate as evaluate_cmd
from zcf.cli import info as info_cmd
from zcf.cli import monitor as monitor_cmd
from zcf.errors import SubmissionInvalidError, ZcfError

app = typer.Typer(
    name="zcf",
    help="Zero-carbon factory (零碳工厂) compliance engine: evaluate submissions against rulesets.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("evaluate")(evaluate_cmd.evaluate)
app.command("rulesets")(info_cmd.rulesets)
app.command("schema")(info_cmd.schema)
app.command("example")(info_cmd.example)
app.command("monitor")(monitor_cmd.monitor_command)


def _mount_optional() -> None:
    """Sub-apps living in their own modules (standards, bundles, diff, replay, verify-result)."""
    try:
        from zcf.cli import standards as standards_cmd

        app.add_typer(standards_cmd.app, name="standards", help="Standards documents and clauses.")
    except ImportError:  # pragma: no cover - module not present in a partial checkout
        pass
    try:
        from zcf.cli import bundle as bundle_cmd

        app.add_typer(bundle_cmd.app, name="bundle", help="Build, sign and verify ruleset bundles.")
        app.command("keygen")(bundle_cmd.keygen_command)
    except ImportError:  # pragma: no cover
        pass
    try:
        from zcf.cli import diff as diff_cmd
        from zcf.cli import results as results_cmd

        # `zcf diff` is top level for now; `zcf ruleset diff` may mount diff_cmd.diff_command later.
        app.command("diff")(diff_cmd.diff_command)
        app.command("replay")(results_cmd.replay_command)
        app.command("verify-result")(results_cmd.verify_result_command)
    except ImportError:  # pragma: no cover
        pass
    try:
        from zcf.cli import ruleset as ruleset_cmd

        app.add_typer(ruleset_cmd.app, name="ruleset", help="Check, show and diff rulesets.")
    except ImportError:  # pragma: no cover
        pass
    try:
        from zcf.cli import authoring as authoring_cmd

        app.command("test")(authoring_cmd.test_command)
        app.add_typer(authoring_cmd.new_app, name="new", help="Scaffold a ruleset or a standards document.")
    except ImportError:  # pragma: no cover
        pass


_mount_optional()


def _print_error(err: ZcfError, stderr: Console) -> None:
    stderr.print(f"[bold red]error\\[{escape(err.code)}][/]: {escape(err.message)}", highlight=False, markup=True)
    if isinstance(err, SubmissionInvalidError):
        for problem in err.problems:
            stderr.print(f"  {problem.pointer or '/'}: {problem.message}  [dim]({problem.code})[/]",
                         highlight=False)
    if err.hint:
        stderr.print(f"  hint: {err.hint}", highlight=False, markup=False)


def _is_usage_error(exc: Exception) -> bool:
    """Click's usage errors (typer vendors its own click, so match by shape, not class)."""
    return callable(getattr(exc, "show", None)) and isinstance(getattr(exc, "exit_code", None), int)


def run(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return the exit code; the one place outcomes become exit codes."""
    stderr = Console(stderr=True, soft_wrap=True)
    try:
        result = app(args=list(argv) if argv is not None else None, standalone_mode=False,
                     prog_name="zcf")
    except ZcfError as err:
        _print_error(err, stderr)
        return err.exit_code
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        stderr.print("aborted")
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if _is_usage_error(exc):
            exc.show()  # type: ignore[attr-defined]
            return 2
        stderr.print("[bold red]internal error[/]: this is a bug in zcf; please report it with:")
        stderr.print(traceback.format_exc(limit=-3), markup=False, highlight=False)
        return 5
    return result if isinstance(result, int) else 0


def main() -> None:
    sys.exit(run())
