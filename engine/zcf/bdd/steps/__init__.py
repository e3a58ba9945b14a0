"""The step library of the Gherkin features, shipped with zcf: one library for every ruleset.

`from zcf.bdd.steps import *` in a conftest binds every step and the `zcf_case` fixture:
`common` (the factory, accounting, electricity, credits, evaluation and outcomes), `industry`
(data centres, photovoltaics, batteries, vehicles) and `regional` (provincial and group schemes).
"""

from zcf.bdd.steps import common, industry, regional
from zcf.bdd.steps.industry import *  # noqa: F403
from zcf.bdd.steps.regional import *  # noqa: F403

__all__ = list(dict.fromkeys([*common.__all__, *regional.__all__, *industry.__all__]))
