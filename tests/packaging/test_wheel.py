"""The wheel, installed into a fresh venv outside the repository, works as the repository does.

Once per session: build the wheel from this checkout (`python -m build --wheel --no-isolation`),
create a venv in a temporary folder, install the wheel and its dependencies there, and run
everything from a folder outside the repository with no `ZCF_*` variables: what a new user gets
from `pip install zcf-engine`.

Dependencies come from PyPI the first time; they are kept as wheels in a wheelhouse under
`~/.cache/zcf/wheel-test/` (keyed by Python version and the wheel's requirements), so later runs
install offline in seconds. The wheel under test is always freshly built.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import zcf
from zcf.cli.app import run

pytestmark = pytest.mark.wheel

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2026-03-31"
SHIPPED = ("rulesets", "standards", "examples", "features")
EXAMPLES = sorted((p.parent.name, p.stem) for p in (ROOT / "examples").glob("*/*.json"))
#: a few examples that also go through separate `zcf example` and `zcf evaluate` processes
THROUGH_PROCESSES = [("zcf-cn-general", "zero-carbon"), ("zcf-cn-pv", "failing"), ("zcf-hn-2025", "net-zero")]


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path
    cwd: Path
    env: dict[str, str]

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run `args` (`zcf ...` or `python ...`, from the venv) in a folder outside the repository."""
        program = str(self.venv / "bin" / args[0])
        done = subprocess.run([program, *args[1:]], cwd=self.cwd, env=self.env, capture_output=True, text=True,
                              check=False)
        if check and done.returncode not in (0, 1):
            raise AssertionError(f"{' '.join(args)} exited {done.returncode}:\n{done.stderr}")
        return done


def _pip(*args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise AssertionError(f"pip {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")


def _requirements(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        metadata = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        text = archive.read(metadata).decode("utf-8")
    return sorted(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("Requires-Dist:"))


def _wheelhouse(wheel: Path) -> Path:
    """Wheels of every dependency of `wheel` (built once from PyPI, then reused)."""
    key = hashlib.sha256("\n".join([sys.version, *_requirements(wheel)]).encode()).hexdigest()[:16]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "zcf" / "wheel-test"
    house = cache / f"py{sys.version_info.major}{sys.version_info.minor}-{key}"
    if not (house / ".complete").exists():
        cache.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(dir=cache, prefix=".building-"))
        _pip("wheel", "--quiet", "--wheel-dir", str(fresh), str(wheel))
        for own in fresh.glob("zcf_engine-*.whl"):
            own.unlink()
        (fresh / ".complete").touch()
        try:
            fresh.rename(house)
        except OSError:  # another session finished first
            shutil.rmtree(fresh)
    return house


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("wheel-test")
    assert ROOT not in base.resolve().parents
    dist = base / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)],
                   capture_output=True, check=True)
    (wheel,) = dist.glob("zcf_engine-*.whl")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    _pip("--python", python, "install", "--quiet", "--no-index", "--find-links", str(_wheelhouse(wheel)), str(wheel))
    cwd = base / "work"
    cwd.mkdir()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("ZCF_") and k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["HOME"] = str(base)  # no keyring or cache of the developer's
    return Installed(wheel, venv, cwd, env)


def _without_volatile(result: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in result.items() if k != "evaluated_at"}


def _repository_result(capsys: pytest.CaptureFixture[str], example: Path, ruleset: str) -> tuple[int, Any]:
    code = run(["evaluate", str(example), "-r", ruleset, "--as-of", AS_OF, "-f", "json", "--no-gaps"])
    return code, json.loads(capsys.readouterr().out)


# -- the wheel file --------------------------------------------------------------------------------


def test_the_wheel_carries_the_package_its_data_and_py_typed(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as archive:
        names = set(archive.namelist())
    assert {"zcf/__init__.py", "zcf/__main__.py", "zcf/py.typed", "zcf/cli/app.py"} <= names
    shipped = {f"zcf/data/{p.relative_to(ROOT).as_posix()}" for kind in SHIPPED for p in (ROOT / kind).rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    assert shipped <= names, sorted(shipped - names)[:5]
    assert any(n.startswith("zcf/data/rulesets/zcf-cn-general/") for n in names)
    assert any(n.startswith("zcf/accounting/") and n.endswith((".yaml", ".yml", ".json")) for n in names)
    assert not [n for n in names if n.startswith(("engine/", "tests/", "rulesets/"))]


def test_the_venv_imports_the_installed_copy_not_the_repository(installed: Installed) -> None:
    done = installed.run("python", "-c", "import zcf, zcf.locations; print(zcf.__file__); "
                                         "print(zcf.locations.data_root())")
    package, data = (Path(line) for line in done.stdout.splitlines())
    assert installed.venv in package.parents and installed.venv in data.parents
    assert data.name == "data"


# -- the command line ------------------------------------------------------------------------------


def test_version(installed: Installed) -> None:
    assert installed.run("zcf", "--version").stdout == f"zcf {zcf.__version__}\n"
    assert installed.run("python", "-m", "zcf", "--version").stdout == f"zcf {zcf.__version__}\n"


def test_version_command_lists_the_same_rulesets_and_digests(installed: Installed,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    there = json.loads(installed.run("zcf", "version", "--format", "json").stdout)
    assert run(["version", "--format", "json"]) == 0
    here = json.loads(capsys.readouterr().out)
    assert there["engine"] == here["engine"]
    assert [(r["id"], r["version"], r["digest"]) for r in there["rulesets"]] == \
        [(r["id"], r["version"], r["digest"]) for r in here["rulesets"]]


def test_rulesets_lists_every_ruleset_of_the_repository(installed: Installed) -> None:
    done = installed.run("zcf", "rulesets", "--format", "json")
    listed = json.loads(done.stdout)
    in_repo = sorted((p.parent.parent.name, p.parent.name) for p in (ROOT / "rulesets").glob("*/*/ruleset.yaml"))
    assert sorted((r["id"], r["version"]) for r in listed) == in_repo
    assert all(installed.venv in Path(r["source"]).parents for r in listed)


def test_standards_lists_the_documents(installed: Installed, capsys: pytest.CaptureFixture[str]) -> None:
    there = json.loads(installed.run("zcf", "standards", "--format", "json").stdout)
    assert run(["standards", "--format", "json"]) == 0
    here = json.loads(capsys.readouterr().out)
    in_repo = sorted((ROOT / "standards").glob("*.xml"))
    assert len(there) == len(in_repo) and there == here


@pytest.mark.parametrize(("ruleset", "name"), THROUGH_PROCESSES)
def test_an_example_through_separate_commands(installed: Installed, capsys: pytest.CaptureFixture[str],
                                              ruleset: str, name: str) -> None:
    printed = installed.run("zcf", "example", ruleset, "--name", name)
    assert printed.stdout == (ROOT / "examples" / ruleset / f"{name}.json").read_text(encoding="utf-8")
    saved = installed.cwd / f"{ruleset}-{name}.json"
    saved.write_text(printed.stdout, encoding="utf-8")
    done = installed.run("zcf", "evaluate", saved.name, "-r", ruleset, "--as-of", AS_OF, "-f", "json", "--no-gaps")
    code, expected = _repository_result(capsys, ROOT / "examples" / ruleset / f"{name}.json", ruleset)
    assert done.returncode == code
    assert _without_volatile(json.loads(done.stdout)) == _without_volatile(expected)


_EVERY_EXAMPLE = """
import contextlib, io, json, sys
from zcf.cli.app import run

out = {}
for ruleset, name in json.loads(sys.argv[1]):
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert run(["example", ruleset, "--name", name]) == 0
    path = f"{ruleset}-{name}.json"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(printed.getvalue())
    result = io.StringIO()
    with contextlib.redirect_stdout(result):
        code = run(["evaluate", path, "-r", ruleset, "--as-of", sys.argv[2], "-f", "json", "--no-gaps"])
    out[f"{ruleset}/{name}"] = {"exit": code, "result": json.loads(result.getvalue())}
json.dump(out, sys.stdout)
"""


def test_every_example_evaluates_as_in_the_repository(installed: Installed,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """`zcf example` then `zcf evaluate` for each shipped example, in one process of the venv."""
    assert len(EXAMPLES) >= 10
    done = installed.run("python", "-c", _EVERY_EXAMPLE, json.dumps(EXAMPLES), AS_OF)
    there = json.loads(done.stdout)
    assert sorted(there) == [f"{r}/{n}" for r, n in EXAMPLES]
    for ruleset, name in EXAMPLES:
        got = there[f"{ruleset}/{name}"]
        code, expected = _repository_result(capsys, ROOT / "examples" / ruleset / f"{name}.json", ruleset)
        statuses = [(c["id"], c["status"]) for c in got["result"]["clauses"]]
        assert statuses == [(c["id"], c["status"]) for c in expected["clauses"]], f"{ruleset}/{name}"
        assert (got["exit"], _without_volatile(got["result"])) == (code, _without_volatile(expected)), \
            f"{ruleset}/{name}"


# -- the Python API --------------------------------------------------------------------------------


def readme_python_snippet() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Python API\n", 1)[1].split("\n## ", 1)[0]
    found = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert found, "the README's Python API section has no ```python block"
    return found.group(1)


def test_the_readme_python_snippet_runs_verbatim(installed: Installed) -> None:
    snippet = installed.cwd / "snippet.py"
    snippet.write_text(readme_python_snippet(), encoding="utf-8")
    done = installed.run("python", snippet.name, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
    here = subprocess.run([sys.executable, str(snippet)], cwd=installed.cwd, capture_output=True, text=True,
                          check=False)
    assert (here.returncode, here.stdout) == (0, done.stdout), here.stderr
