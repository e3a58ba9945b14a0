"""docs/authoring.md's walkthrough, run verbatim against the installed wheel in a temporary folder.

The `sh` blocks of the "Walkthrough" section run in order in one bash (`set -euo pipefail`), with the
wheel's venv first on PATH and no `ZCF_*` variables: scaffold with `zcf new`, write a clause and its
scenarios, `zcf test`, `zcf ruleset check --run`, build, sign, install and evaluate.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from test_wheel import Installed, installed  # noqa: F401  (the wheel-in-a-venv fixture)

pytestmark = pytest.mark.wheel

DOC = Path(__file__).resolve().parents[2] / "docs" / "authoring.md"


def walkthrough() -> str:
    section = DOC.read_text(encoding="utf-8").split("\n## Walkthrough\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.DOTALL)
    assert len(blocks) >= 6, "the walkthrough lost its commands"
    return "set -euo pipefail\n" + "\n".join(blocks)


def test_the_authoring_walkthrough_runs_from_the_wheel(installed: Installed) -> None:  # noqa: F811
    env = {**installed.env, "PATH": f"{installed.venv / 'bin'}:{installed.env.get('PATH', '/usr/bin:/bin')}"}
    work = installed.cwd / "authoring"
    work.mkdir()
    done = subprocess.run(["bash", "-c", walkthrough()], cwd=work, env=env, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    city = work / "city"
    check = json.loads((city / "check.json").read_text(encoding="utf-8"))
    rows = {c["clause_id"]: c for c in check["clauses"]}
    assert check["ok"] and check["ran"] and rows["CITY-02"]["exercised"] and rows["CITY-01"]["exercised"]
    listed = json.loads((city / "rulesets.json").read_text(encoding="utf-8"))
    mine = next(r for r in listed if r["id"] == "zcf-city-2026")
    assert mine["origin"] == "bundle" and mine["signed"]
    result = json.loads((city / "result.json").read_text(encoding="utf-8"))
    clauses = {c["id"]: c["status"] for c in result["clauses"]}
    assert result["ruleset"]["id"] == "zcf-city-2026"
    assert clauses["CITY-01"] == "pass" and clauses["CITY-02"] == "pass"
