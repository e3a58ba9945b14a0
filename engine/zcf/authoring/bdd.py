"""Wiring shared by the pytest-bdd suites (`tests/bdd*`): tag markers, known bugs, backends.

- Every tag written in the bound feature folders is registered as a marker (the suite runs with
  `--strict-markers`): `@ruleset_*` and `@clause_*` select scenarios (`-m clause_GEN_07`).
- `@known_bug_*` marks a scenario stating what the standard asks while the engine or ruleset
  still does otherwise; each is described in the suite's `KNOWN_BUGS` and runs as strict xfail, so
  fixing the bug turns it into a failure until the tag is removed.
- `backend` runs every scenario through both inference backends; `durable` is skipped, with the
  reason, where durable_rules cannot be loaded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest
from zcf.backends.seam import BACKENDS, get_backend
from zcf.errors import BackendUnavailableError

FEATURES = Path(__file__).resolve().parents[2] / "features"
_TAG = re.compile(r"(?<!\S)@([^\s@#]+)")


def feature_tags(rulesets: Iterable[str]) -> set[str]:
    """Every tag written in the feature files of these rulesets (feature, scenario, examples)."""
    tags: set[str] = set()
    for ruleset in rulesets:
        for path in sorted((FEATURES / ruleset).rglob("*.feature")):
            for line in path.read_text(encoding="utf-8").splitlines():
                stripped = line.strip()
                if stripped.startswith("@"):
                    tags.update(_TAG.findall(stripped.split(" #", 1)[0]))
    return tags


def _describe(tag: str, known_bugs: Mapping[str, str]) -> str:
    if tag.startswith("clause_"):
        return f"{tag}: scenarios exercising clause {tag.removeprefix('clause_').replace('_', '-')}"
    if tag.startswith("ruleset_"):
        return f"{tag}: features of ruleset {tag.removeprefix('ruleset_').replace('_', '-')}"
    if tag in known_bugs:
        return f"{tag}: known deviation, run as strict xfail: {known_bugs[tag]}"
    return f"{tag}: feature tag"


def register_markers(config: pytest.Config, rulesets: Iterable[str], known_bugs: Mapping[str, str]) -> None:
    """Declare every feature tag as a marker; refuse a known_bug tag nobody described."""
    tags = feature_tags(rulesets)
    unknown = sorted(t for t in tags if t.startswith("known_bug_") and t not in known_bugs)
    if unknown:
        raise pytest.UsageError(f"feature tags {unknown} are not described in the suite's KNOWN_BUGS")
    for tag in sorted(tags):
        config.addinivalue_line("markers", _describe(tag, known_bugs))


def mark_known_bugs(items: Iterable[pytest.Item], known_bugs: Mapping[str, str]) -> None:
    for item in items:
        for mark in list(item.iter_markers()):
            if mark.name in known_bugs:
                item.add_marker(pytest.mark.xfail(reason=known_bugs[mark.name], strict=True))


@pytest.fixture(params=BACKENDS, autouse=True)
def backend(request: pytest.FixtureRequest) -> str:
    """The inference backend the evaluate step uses; every scenario runs on each."""
    name: str = request.param
    try:
        get_backend(name)
    except BackendUnavailableError as err:
        pytest.skip(f"backend {name}: {err}")
    return name
