"""Bind every scenario of the sector rulesets' features (electronics, light industry, machinery).

Select with the tag markers, e.g. `pytest tests/bdd_sectors -m ruleset_zcf_cn_light` or
`-m clause_MACH_03`.
"""

from pytest_bdd import scenarios

scenarios(
    "../../features/zcf-cn-electronics",
    "../../features/zcf-cn-light",
    "../../features/zcf-cn-machinery",
)
