"""Bind the scenarios of the provincial and group-standard rulesets' features.

Test names come from the scenario titles; select with the tag markers, e.g.
`pytest tests/bdd_regional -m clause_SZ_01` or `-m "ruleset_zcf_ceca_0171 and clause_CECA_03"`.
"""

from pytest_bdd import scenarios

scenarios(
    "../../features/zcf-hn-2025",
    "../../features/zcf-zj-2023",
    "../../features/zcf-sz-2023",
    "../../features/zcf-sip-2026",
    "../../features/zcf-ceca-0171",
)
