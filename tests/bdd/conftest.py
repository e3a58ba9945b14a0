"""pytest-bdd wiring for the general ruleset's features (`features/zcf-cn-general/`).

Steps: `tests/support/zcf_steps.py`; markers, known bugs and both backends: `zcf_bdd`.
"""

from __future__ import annotations

import pytest
from zcf_bdd import backend, mark_known_bugs, register_markers  # noqa: F401  (autouse fixture)
from zcf_steps import *  # noqa: F403  (step definitions and the zcf_case fixture)
from zcf_steps_trust import *  # noqa: F403  (provenance, provision, basis steps)

RULESETS = ("zcf-cn-general",)
#: known_bug tag -> what is wrong (file, clause, evidence). Scenarios carrying it are strict xfail.
KNOWN_BUGS: dict[str, str] = {}


def pytest_configure(config: pytest.Config) -> None:
    register_markers(config, RULESETS, KNOWN_BUGS)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    mark_known_bugs(items, KNOWN_BUGS)
