"""pytest-bdd wiring for the Gherkin features under `features/`.

- Every tag used in a feature file is registered as a marker (the suite runs with
  `--strict-markers`): `@ruleset_*` and `@clause_*` for selection (`-m clause_GEN_07`),
  `@known_bug_*` for scenarios that state what the standard asks while the engine or ruleset
  still does otherwise. Each known bug is listed in `KNOWN_BUGS` with its reason; its scenarios
  run as strict xfail, so fixing the bug turns them into failures until the tag is removed.
- `backend` runs every scenario through both inference backends; `durable` is skipped, with
  the reason, where durable_rules cannot be loaded.
- The step library is `tests/support/zcf_steps.py` (on `pythonpath`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from zcf_steps import *  # noqa: F403  (step definitions and the zcf_case fixture)

from engine.errors import BackendUnavailableError
from engine.evaluate.backend import BACKENDS, get_backend

FEATURES = Path(__file__).resolve().parents[2] / "features"
_TAG = re.compile(r"(?<!\S)@([^\s@#]+)")

#: known_bug tag -> what is wrong (file, clause, evidence). Scenarios carrying it are strict xfail.
KNOWN_BUGS: dict[str, str] = {}


def feature_tags(root: Path = FEATURES) -> set[str]:
    """Every tag written in a feature file under `root` (feature, scenario, examples)."""
    tags: set[str] = set()
    for path in sorted(root.rglob("*.feature")):
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
    if tag.startswith("known_bug_"):
        return f"{tag}: known deviation, run as strict xfail: {KNOWN_BUGS[tag]}"
    return f"{tag}: feature tag"


def pytest_configure(config: pytest.Config) -> None:
    tags = feature_tags()
    unknown = sorted(t for t in tags if t.startswith("known_bug_") and t not in KNOWN_BUGS)
    if unknown:
        raise pytest.UsageError(f"feature tags {unknown} are not described in "
                                "tests/bdd/conftest.py KNOWN_BUGS")
    for tag in sorted(tags):
        config.addinivalue_line("markers", _describe(tag))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        for mark in list(item.iter_markers()):
            if mark.name in KNOWN_BUGS:
                item.add_marker(pytest.mark.xfail(reason=KNOWN_BUGS[mark.name], strict=True))


@pytest.fixture(params=BACKENDS, autouse=True)
def backend(request: pytest.FixtureRequest) -> str:
    """The inference backend the evaluate step uses; every scenario runs on each."""
    name: str = request.param
    try:
        get_backend(name)
    except BackendUnavailableError as err:
        pytest.skip(f"backend {name}: {err}")
    return name
