"""Conventions every `zcf` command keeps: --version, `zcf version`, -h/--help, completion, honest help."""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
import zcf
from zcf.cli.app import app, run
from zcf.rulesets import registry

ROOT = Path(__file__).resolve().parents[2]


def zcf_run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def command_paths() -> Iterator[tuple[str, ...]]:
    """Every command and group of the CLI, as the words that reach it (the root is `()`)."""
    def walk(command: object, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        yield path
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            yield from walk(sub, (*path, name))
    yield from walk(typer.main.get_command(app), ())


PATHS = list(command_paths())


def test_the_walk_sees_the_nested_commands() -> None:
    assert {("evaluate",), ("version",), ("bundle", "verify"), ("ruleset", "check"), ("standards",)} <= set(PATHS)


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_flag_prints_the_engine_version(capsys: pytest.CaptureFixture[str], flag: str) -> None:
    assert zcf_run(capsys, flag) == (0, f"zcf {zcf.__version__}\n", "")


def test_python_dash_m_zcf_is_the_same_command() -> None:
    done = subprocess.run([sys.executable, "-m", "zcf", "--version"], capture_output=True, text=True, check=False,
                          cwd=ROOT.parent)
    assert (done.returncode, done.stdout) == (0, f"zcf {zcf.__version__}\n"), done.stderr


def test_version_command_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = zcf_run(capsys, "version", "--format", "json")
    info = json.loads(out)
    assert code == 0
    assert info["engine"] == {"name": "zcf-engine", "version": zcf.__version__}
    assert info["python"]["version"] == platform.python_version()
    assert info["backends"]["compiled"] is True
    try:
        import durable  # noqa: F401
        durable_here = True
    except ImportError:
        durable_here = False
    assert info["backends"]["durable"] is durable_here
    assert [(r["id"], r["version"]) for r in info["rulesets"]] == [(e.id, e.version) for e in registry.discover()]


def test_version_digest_is_the_one_results_record(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = zcf_run(capsys, "version", "-f", "json")
    digests = {(r["id"], r["version"]): r["digest"] for r in json.loads(out)["rulesets"]}
    ruleset = zcf.load_ruleset("zcf-cn-general@1.0.0")
    assert digests[("zcf-cn-general", "1.0.0")] == ruleset.loaded.digest
    assert all(re.fullmatch(r"[0-9a-f]{64}", d) for d in digests.values())


def test_version_command_as_a_table(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = zcf_run(capsys, "version", "-f", "table")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"zcf {zcf.__version__}"
    assert lines[1].startswith(f"Python {platform.python_version()} ")
    assert lines[2].startswith("backends: compiled (available), durable (")
    assert "zcf-cn-general" in out and "1.0.0" in out


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "zcf")
def test_dash_h_and_help_show_the_same_help_without_bool(capsys: pytest.CaptureFixture[str],
                                                         path: tuple[str, ...]) -> None:
    short = zcf_run(capsys, *path, "-h")
    long = zcf_run(capsys, *path, "--help")
    assert short == long
    code, out, _ = short
    assert code == 0 and out.startswith("Usage: zcf")
    assert "-h, --help" in out
    assert "<bool>" not in out


def test_no_command_module_is_mounted_conditionally() -> None:
    source = (Path(zcf.__file__).parent / "cli" / "app.py").read_text(encoding="utf-8")
    assert "except ImportError" not in source and "ModuleNotFoundError" not in source


@pytest.mark.parametrize("group", ["ruleset", "bundle"])
def test_group_help_promises_only_subcommands_that_exist(capsys: pytest.CaptureFixture[str], group: str) -> None:
    """`zcf ruleset -h` says "Check and show rulesets.": each verb there is a sub-command."""
    _, out, _ = zcf_run(capsys, group, "-h")
    summary = out.split("\n\n")[1].strip()
    verbs = re.match(r"((?:\w+, )*\w+(?: and \w+)?) ", summary)
    assert verbs, summary
    promised = {w.lower() for w in re.split(r", | and ", verbs.group(1))}
    subcommands = {p[1] for p in PATHS if len(p) == 2 and p[0] == group}
    assert promised <= subcommands, (summary, sorted(subcommands))


def test_shell_completion_is_on(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = zcf_run(capsys, "-h")
    assert code == 0 and "--install-completion" in out and "--show-completion" in out
    env = {**os.environ, "_ZCF_COMPLETE": "complete_bash", "_TYPER_COMPLETE_ARGS": "zcf ev",
           "COMP_WORDS": "zcf ev", "COMP_CWORD": "1"}
    done = subprocess.run([sys.executable, "-m", "zcf"], env=env, capture_output=True, text=True, check=False)
    assert done.stdout.split() == ["evaluate"], done.stderr
