"""pytest-bdd wiring for the provincial and group-standard features (`features/<ruleset-id>/`).

- Steps: `tests/support/zcf_steps_regional.py`, which re-exports the shared library
  `zcf_steps` (one `zcf_case` factory, one evaluate step, one status assertion for all features).
- Every tag written in these features is registered as a marker (the suite runs with
  `--strict-markers`): `@ruleset_*` and `@clause_*` for selection, e.g.
  `pytest tests/bdd_regional -m clause_HN_01` or `-m ruleset_zcf_zj_2023`.
- `backend` runs every scenario through both inference backends (as `tests/bdd` does);
  `durable` is skipped, with the reason, where durable_rules cannot be loaded.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from zcf_steps_regional import *  # noqa: F403  (step definitions and the zcf_case fixture)

from engine.errors import BackendUnavailableError
from engine.evaluate.backend import BACKENDS, get_backend

FEATURES = Path(__file__).resolve().parents[2] / "features"
#: the rulesets whose features this suite binds (tests/test_regional_features.py)
RULESETS = ("zcf-hn-2025", "zcf-zj-2023", "zcf-sz-2023", "zcf-sip-2026", "zcf-ceca-0171")
_TAG = re.compile(r"(?<!\S)@([^\s@#]+)")


def feature_tags() -> set[str]:
    """Every tag written in a feature file of the regional rulesets."""
    tags: set[str] = set()
    for ruleset in RULESETS:
        for path in sorted((FEATURES / ruleset).rglob("*.feature")):
            for line in path.read_text(encoding="utf-8").splitlines():
                stripped = line.strip()
                if stripped.startswith("@"):
                    tags.update(_TAG.findall(stripped.split(" #", 1)[0]))
    return tags


def _describe(tag: str) -> str:
    if tag.startswith("clause_"):
        return f"{tag}: scenarios exercising clause {tag.removeprefix('clause_').replace('_', '-')}"
    if tag.startswith("ruleset_"):
        return f"{tag}: features of ruleset {tag.removeprefix('ruleset_').replace('_', '-')}"
    return f"{tag}: feature tag"


def pytest_configure(config: pytest.Config) -> None:
    for tag in sorted(feature_tags()):
        config.addinivalue_line("markers", _describe(tag))


@pytest.fixture(params=BACKENDS, autouse=True)
def backend(request: pytest.FixtureRequest) -> str:
    """The inference backend the evaluate step uses; every scenario runs on each."""
    name: str = request.param
    try:
        get_backend(name)
    except BackendUnavailableError as err:
        pytest.skip(f"backend {name}: {err}")
    return name
