"""pytest-bdd wiring for the industry rulesets' features (`features/zcf-cn-{dc,pv,lib,auto}/`).

- Steps: the shared library `zcf_steps` (factory, evaluation, outcomes, general clauses) and the
  industry steps `zcf_steps_industry` (PUE, racks, wafers, cells, traceability, vehicles), both
  on `pythonpath` (tests/support).
- Every tag written in these features is registered as a marker (the suite runs with
  `--strict-markers`), so `-m ruleset_zcf_cn_dc` or `-m clause_DC_02` select scenarios.
- `@engine_bug_*` marks a scenario that states what the ruleset asks while the engine still does
  otherwise; each is described in `ENGINE_BUGS` and runs as strict xfail, so the fix turns it into
  a failure until the tag is removed.
- `backend` runs every scenario on both inference backends; `durable` is skipped, with the
  reason, where durable_rules cannot be loaded.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from zcf_steps import *  # noqa: F403  (shared steps and the zcf_case fixture)
from zcf_steps_industry import *  # noqa: F403  (industry steps)

from engine.errors import BackendUnavailableError
from engine.evaluate.backend import BACKENDS, get_backend

FEATURES = Path(__file__).resolve().parents[2] / "features"
#: the rulesets whose features this folder binds
INDUSTRY_RULESETS = ("zcf-cn-dc", "zcf-cn-pv", "zcf-cn-lib", "zcf-cn-auto")
_TAG = re.compile(r"(?<!\S)@([^\s@#]+)")

#: engine_bug tag -> what is wrong. Scenarios carrying it run as strict xfail.
ENGINE_BUGS: dict[str, str] = {}


def feature_tags() -> set[str]:
    """Every tag written in the industry feature files (feature, scenario, examples lines)."""
    tags: set[str] = set()
    for rid in INDUSTRY_RULESETS:
        for path in sorted((FEATURES / rid).rglob("*.feature")):
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
    if tag.startswith("engine_bug_"):
        return f"{tag}: known engine defect, run as strict xfail: {ENGINE_BUGS[tag]}"
    return f"{tag}: feature tag"


def pytest_configure(config: pytest.Config) -> None:
    tags = feature_tags()
    unknown = sorted(t for t in tags if t.startswith("engine_bug_") and t not in ENGINE_BUGS)
    if unknown:
        raise pytest.UsageError(f"feature tags {unknown} are not described in "
                                "tests/bdd_industry/conftest.py ENGINE_BUGS")
    for tag in sorted(tags):
        config.addinivalue_line("markers", _describe(tag))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        for mark in list(item.iter_markers()):
            if mark.name in ENGINE_BUGS:
                item.add_marker(pytest.mark.xfail(reason=ENGINE_BUGS[mark.name], strict=True))


@pytest.fixture(params=BACKENDS, autouse=True)
def backend(request: pytest.FixtureRequest) -> str:
    """The inference backend the evaluate step uses; every scenario runs on each."""
    name: str = request.param
    try:
        get_backend(name)
    except BackendUnavailableError as err:
        pytest.skip(f"backend {name}: {err}")
    return name
