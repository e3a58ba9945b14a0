"""Bind every scenario of the sector rulesets' features (2027: electronics, light industry,
machinery; 2030 drafts: steel, non-ferrous metals, petrochemicals, building materials, textiles).

Select with the tag markers, e.g. `pytest tests/bdd_sectors -m ruleset_zcf_cn_light` or
`-m clause_MACH_03`.
"""

from pytest_bdd import scenarios

scenarios(
    "../../features/zcf-cn-electronics",
    "../../features/zcf-cn-light",
    "../../features/zcf-cn-machinery",
    "../../features/zcf-cn-steel",
    "../../features/zcf-cn-nonferrous",
    "../../features/zcf-cn-petchem",
    "../../features/zcf-cn-buildmat",
    "../../features/zcf-cn-textile",
)
