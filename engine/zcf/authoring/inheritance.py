"""Which clauses of a tailored ruleset are inherited unchanged, so the base's scenarios still hold.

A ruleset that `extends` another keeps the base's clauses unless it drops or replaces them. An
inherited clause is *unchanged* when the ruleset redefines nothing it depends on: no parameter,
input or metric it reads (directly, or through the metrics it reads) is overridden. Accounting
function metrics read parameters by name at run time, so a clause reading one counts as changed
as soon as the ruleset overrides any of the base's parameters. The base's scenarios of unchanged
clauses are re-run against the tailored ruleset by `zcf test`, and `zcf ruleset check` counts them;
added, replaced and changed clauses need scenarios of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from zcf.rulesets.compiler import CompiledRuleset
from zcf.rulesets.loader import LoadedRuleset


@dataclass(frozen=True)
class Inheritance:
    """The base a ruleset extends and the clauses it inherits unchanged from it."""

    base_id: str
    #: the base's own feature folder (where its scenarios live)
    base_features: Path
    unchanged: tuple[str, ...]
    #: inherited clauses that read something the ruleset overrides -> the overridden names
    changed: dict[str, tuple[str, ...]]


def _reads(compiled: CompiledRuleset, names: frozenset[str]) -> tuple[set[str], bool]:
    """Every name reachable from `names` through metrics; and whether a function metric is among them."""
    model = compiled.loaded.model
    exprs = dict(compiled.metric_exprs)
    seen: set[str] = set()
    todo = list(names)
    function = False
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        metric = model.metrics.get(name)
        if metric is None:
            continue
        if name in exprs:
            todo.extend(exprs[name].names)
        elif metric.function:
            function = True
    return seen, function


def inheritance(own: LoadedRuleset, compiled: CompiledRuleset, base: LoadedRuleset,
                base_features: Path) -> Inheritance:
    """Split the clauses `own` inherits from `base` into unchanged and changed (with the reason).

    `own` is the ruleset's folder as written, `compiled` the ruleset merged onto its base.
    """
    child = own.model
    overridden = {n for n in (*child.parameters, *child.inputs, *child.metrics)
                  if n in base.model.parameters or n in base.model.inputs or n in base.model.metrics}
    overridden_params = {n for n in child.parameters if n in base.model.parameters}
    own_ids = {c.id for c in child.clauses}
    base_ids = {c.id for c in base.model.clauses}
    unchanged: list[str] = []
    changed: dict[str, tuple[str, ...]] = {}
    for clause in compiled.clauses:
        cid = clause.clause.id
        if cid in own_ids or cid not in base_ids:
            continue
        reads, function = _reads(compiled, clause.names | frozenset(clause.parameters))
        hit = sorted(reads & overridden)
        if function and overridden_params:
            hit = sorted({*hit, *overridden_params})
        if hit:
            changed[cid] = tuple(hit)
        else:
            unchanged.append(cid)
    return Inheritance(base_id=base.model.id, base_features=base_features,
                       unchanged=tuple(unchanged), changed=changed)
