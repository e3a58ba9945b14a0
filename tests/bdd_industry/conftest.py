"""pytest-bdd wiring for the industry rulesets' features (`features/zcf-cn-{dc,pv,lib,auto}/`).

Steps: the shared `zcf_steps` plus `zcf_steps_industry` (PUE, racks, wafers, cells,
traceability, vehicles); markers, known bugs and both backends: `zcf_bdd`.
"""

from __future__ import annotations

import pytest
from zcf_bdd import backend, mark_known_bugs, register_markers  # noqa: F401  (autouse fixture)
from zcf_steps import *  # noqa: F403  (shared steps and the zcf_case fixture)
from zcf_steps_industry import *  # noqa: F403  (industry steps)
from zcf_steps_trust import *  # noqa: F403  (provenance, provision, basis steps)

RULESETS = ("zcf-cn-dc", "zcf-cn-pv", "zcf-cn-lib", "zcf-cn-auto")
KNOWN_BUGS: dict[str, str] = {}


def pytest_configure(config: pytest.Config) -> None:
    register_markers(config, RULESETS, KNOWN_BUGS)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    mark_known_bugs(items, KNOWN_BUGS)
