"""Bind every scenario of the industry rulesets' features (data centres, photovoltaics, lithium
batteries, vehicle assembly).

Select with the tag markers, e.g. `pytest tests/bdd_industry -m ruleset_zcf_cn_pv` or
`-m "clause_DC_01_HUB or clause_DC_02"`.
"""

from pytest_bdd import scenarios

scenarios(
    "../../features/zcf-cn-dc",
    "../../features/zcf-cn-pv",
    "../../features/zcf-cn-lib",
    "../../features/zcf-cn-auto",
)
