"""pytest-bdd wiring for the general ruleset's features (`features/zcf-cn-general/`).

Steps: the shipped library `zcf.bdd.steps` (the one `zcf test` runs); markers, known bugs
and backends: `zcf.bdd.plugin`.
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

RULESETS = ("zcf-cn-general",)
#: known_bug tag -> what is wrong (file, clause, evidence). Scenarios carrying it are strict xfail.
KNOWN_BUGS: dict[str, str] = {}


def pytest_configure(config: pytest.Config) -> None:
    register_markers(config, feature_folders(RULESETS), KNOWN_BUGS)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    mark_known_bugs(items, KNOWN_BUGS)
