"""pytest-bdd wiring for the sector rulesets of the national phases (`features/<ruleset-id>/`).

Steps: the shared `zcf_steps`, `zcf_steps_regional` (which schemes apply), `zcf_steps_industry`
(unchanged-example premise) and `zcf_steps_sectors` (assessment, revenue, key process measures);
markers, known bugs and both backends: `zcf_bdd`. Select with e.g.
`pytest tests/bdd_sectors -m ruleset_zcf_cn_machinery`.
"""

from __future__ import annotations

import pytest
from zcf_bdd import backend, mark_known_bugs, register_markers  # noqa: F401  (autouse fixture)
from zcf_steps_industry import *  # noqa: F403  (industry steps)
from zcf_steps_regional import *  # noqa: F403  (shared steps, scheme selection, the zcf_case fixture)
from zcf_steps_sectors import *  # noqa: F403  (sector steps)

RULESETS = ("zcf-cn-electronics", "zcf-cn-light", "zcf-cn-machinery", "zcf-cn-steel", "zcf-cn-nonferrous",
            "zcf-cn-petchem", "zcf-cn-buildmat", "zcf-cn-textile")
KNOWN_BUGS: dict[str, str] = {}


def pytest_configure(config: pytest.Config) -> None:
    register_markers(config, RULESETS, KNOWN_BUGS)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    mark_known_bugs(items, KNOWN_BUGS)
