"""Bind every scenario of every feature file under `features/` (recursively).

Test names come from the scenario titles; select by clause or ruleset with the tag markers,
e.g. `pytest tests/bdd -m clause_GEN_07` or `-m "ruleset_zcf_cn_general and not clause_GEN_19"`.
"""

from pytest_bdd import scenarios

scenarios("../../features/zcf-cn-general")
