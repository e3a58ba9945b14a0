"""pytest-bdd wiring for the sector rulesets of the national phases (`features/<ruleset-id>/`).

Steps: the shipped library `zcf.bdd.steps` (the one `zcf test` runs); markers, known bugs
and backends: `zcf.bdd.plugin`. Select with e.g.
`pytest tests/bdd_sectors -m ruleset_zcf_cn_machinery`.
"""

from __future__ import annotations

import pytest
from zcf.bdd.plugin import (  # noqa: F401  (the backend fixture and its parametrisation)
    backend,
    feature_folders,
    mark_known_bugs,
    pytest_generate_tests,
    register_markers,
)
from zcf.bdd.steps import *  # noqa: F403  (the shipped step library, the zcf_case fixture)

RULESETS = ("zcf-cn-electronics", "zcf-cn-light", "zcf-cn-machinery", "zcf-cn-steel", "zcf-cn-nonferrous",
            "zcf-cn-petchem", "zcf-cn-buildmat", "zcf-cn-textile")
KNOWN_BUGS: dict[str, str] = {}


def pytest_configure(config: pytest.Config) -> None:
    register_markers(config, feature_folders(RULESETS), KNOWN_BUGS)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    mark_known_bugs(items, KNOWN_BUGS)
