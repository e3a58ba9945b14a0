"""The step library of the Gherkin features, shipped with zcf: one library for every ruleset.

`from zcf.bdd.steps import *` in a conftest binds every step and the `zcf_case` fixture:
`common` (the factory, accounting, electricity, credits, evaluation and outcomes), `evidence`
(repeated rows, retirements, certificates), `trust` (provenance, provisions, basis), `industry`
(data centres, photovoltaics, batteries, vehicles), `sectors` (the national phases' sector
rulesets: assessment, revenue, key process measures) and `regional` (provincial and group schemes).
"""

from zcf.bdd.steps import common, evidence, industry, regional, sectors, trust
from zcf.bdd.steps.evidence import *  # noqa: F403
from zcf.bdd.steps.industry import *  # noqa: F403
from zcf.bdd.steps.regional import *  # noqa: F403
from zcf.bdd.steps.sectors import *  # noqa: F403
from zcf.bdd.steps.trust import *  # noqa: F403

__all__ = list(dict.fromkeys([*common.__all__, *regional.__all__, *industry.__all__, *evidence.__all__,
                              *sectors.__all__, *trust.__all__]))
