"""pytest-bdd wiring for the provincial and group-standard features (`features/<ruleset-id>/`).

Steps: `zcf_steps_regional` (re-exports the shared `zcf_steps`); markers, known bugs and both
backends: `zcf_bdd`. Select with e.g. `pytest tests/bdd_regional -m clause_HN_01`.
"""

from __future__ import annotations

import pytest
from zcf_bdd import backend, mark_known_bugs, register_markers  # noqa: F401  (autouse fixture)
from zcf_steps_regional import *  # noqa: F403  (step definitions and the zcf_case fixture)
from zcf_steps_trust import *  # noqa: F403  (provenance, provision, basis steps)

RULESETS = ("zcf-hn-2025", "zcf-zj-2023", "zcf-sz-2023", "zcf-sip-2026", "zcf-ceca-0171")
KNOWN_BUGS: dict[str, str] = {}


def pytest_configure(config: pytest.Config) -> None:
    register_markers(config, RULESETS, KNOWN_BUGS)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    mark_known_bugs(items, KNOWN_BUGS)
