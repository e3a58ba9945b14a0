"""The one place an outcome of a `zcf` command becomes an exit code, and an error a message.

Every command runs through `run_command`: it returns what the command returned (0 passed, 1 a
gate or requirement failed, 4 a ruleset check failed), or maps what was raised: a `ZcfError` to
its own `exit_code` (printed as `error[code]: message` plus its hint and problems), a usage error
to 2, Ctrl-C to 130, anything else to 5 with the end of the traceback, as a bug to report.
Commands never catch errors to pick an exit code themselves.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence
from enum import IntEnum

import typer
from rich.console import Console
from rich.markup import escape

from zcf.errors import SubmissionInvalidError, ZcfError
from zcf.messages import default_lang, text
from zcf.messages.hints import problem_hints
from zcf.messages.problems import problem_message


class ExitCode(IntEnum):
    """What `zcf` returns (README, docs/errors.md)."""

    OK = 0
    REQUIREMENT_FAILED = 1
    USAGE = 2
    SUBMISSION_INVALID = 3
    VERIFICATION_FAILED = 4
    INTERNAL = 5
    INTERRUPTED = 130


def message_lang(argv: Sequence[str]) -> str:
    """The `--lang` given on the command line, else the default (ZCF_LANG, the locale)."""
    args = list(argv)
    for index, arg in enumerate(args):
        if arg == "--lang" and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return default_lang()


def print_error(err: ZcfError, stderr: Console, lang: str = "en") -> None:
    """`error[code]: message`, each submission problem once with its JSON pointer, hints, then the hint.

    `error[code]:` and `hint:` read the same in every language: scripts and people search for them.
    """
    message = err.message
    if isinstance(err, SubmissionInvalidError) and err.problems:  # the problems follow, each once
        message = text("cli.invalid_headline", lang, source=err.file or err.problems[0].file or "submission",
                       count=len(err.problems))
    stderr.print(f"[bold red]error\\[{escape(err.code)}][/]: {escape(message)}", highlight=False, markup=True)
    if isinstance(err, SubmissionInvalidError):
        for problem in err.problems:
            stderr.print(f"  {escape(problem.pointer or '/')}: {escape(problem_message(problem, lang))}"
                         f"  [dim]({problem.code})[/]",
                         highlight=False)
        for hint in problem_hints(err.problems, lang):
            stderr.print(f"  hint: {hint}", highlight=False, markup=False)
    if err.hint:
        stderr.print(f"  hint: {err.hint}", highlight=False, markup=False)


def _is_usage_error(exc: Exception) -> bool:
    """Click's usage errors (typer vendors its own click, so match by shape, not class)."""
    return callable(getattr(exc, "show", None)) and isinstance(getattr(exc, "exit_code", None), int)


def run_command(app: typer.Typer, argv: Sequence[str] | None, prog_name: str = "zcf") -> int:
    """Run `app` on `argv` (None: the process arguments) and return the exit code."""
    stderr = Console(stderr=True, soft_wrap=True)
    try:
        result = app(args=list(argv) if argv is not None else None, standalone_mode=False, prog_name=prog_name)
    except ZcfError as err:
        print_error(err, stderr, message_lang(argv if argv is not None else sys.argv[1:]))
        return err.exit_code
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.Abort:
        stderr.print("aborted")
        return ExitCode.USAGE
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    except Exception as exc:
        if _is_usage_error(exc):
            exc.show()  # type: ignore[attr-defined]
            return ExitCode.USAGE
        stderr.print("[bold red]internal error[/]: this is a bug in zcf; please report it with:")
        stderr.print(traceback.format_exc(limit=-3), markup=False, highlight=False)
        return ExitCode.INTERNAL
    return int(result) if isinstance(result, int) else ExitCode.OK
