"""What changed between two editions of a ruleset, and whether each change makes a clause harder.

A standards body publishing 2.0.0 and an evaluator choosing between editions both ask the same
questions: which clauses were added, removed or changed; which thresholds moved, from which date;
did a clause get stricter or looser (decided from the check's expression tree, see `strictness`);
did grading change; what must a submission now contain. `diff_rulesets` answers with a pydantic
model (`zcf diff` renders it). Comparing one factory's statuses under both editions needs an
evaluation: `zcf.evaluate.editions.compare_editions` fills `RulesetDiff.outcomes`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from zcf.authoring.schema_diff import SchemaChangeKind, schema_changes
from zcf.model.result import ClauseStatus
from zcf.model.ruleset import Clause, Parameter, Ruleset
from zcf.rules.expressions import names, parse
from zcf.rules.strictness import Direction, combine, direction, literal_changes, name_polarity, polarities
from zcf.rulesets.compiler import CompiledRuleset
from zcf.rulesets.loader import LoadedRuleset

Change = Literal["added", "removed", "changed"]
ClauseChangeKind = Literal["added", "removed", "changed", "stricter", "looser", "reworded"]
#: clause fields whose change can change an outcome; the rest only change wording
_SEMANTIC = ("ref", "document", "provision", "kind", "applies_when", "requires", "check", "threshold", "score")
_WORDING = ("title", "messages", "remediation")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class FieldChange(_Frozen):
    field: str
    before: Any = None
    after: Any = None


class ClauseChange(_Frozen):
    id: str
    change: ClauseChangeKind
    fields: tuple[FieldChange, ...] = ()
    reasons: tuple[str, ...] = Field(default=(), description="Why it is stricter, looser or changed.")


class SeriesChange(_Frozen):
    from_: dt.date = Field(alias="from")
    change: Change
    before: Any = None
    after: Any = None


class ParameterChange(_Frozen):
    name: str
    change: Change
    values: tuple[SeriesChange, ...] = Field(default=(), description="Dated values added, removed or changed.")
    fields: tuple[FieldChange, ...] = Field(default=(), description="unit, provenance or source changes.")


class NamedChange(_Frozen):
    name: str
    change: Change
    fields: tuple[FieldChange, ...] = ()


class SchemaChange(_Frozen):
    pointer: str = Field(description="Submission JSON pointer; `*` stands for every array item.")
    change: SchemaChangeKind
    before: Any = None
    after: Any = None


class StatusChange(_Frozen):
    clause: str
    before: ClauseStatus | None
    after: ClauseStatus | None


class EditionOutcome(_Frozen):
    ruleset: str
    as_of: dt.date
    grade: str | None
    compliant: bool


class OutcomeDiff(_Frozen):
    """One factory under both editions: the verdicts and every clause whose status changed."""

    before: EditionOutcome
    after: EditionOutcome
    statuses: tuple[StatusChange, ...] = ()


class RulesetDiff(_Frozen):
    before: str
    after: str
    before_digest: str
    after_digest: str
    compared_on: dt.date = Field(description="Date at which dated parameter values were compared.")
    identity: tuple[FieldChange, ...] = Field(default=(), description="Effective dates, status, supersedes, standard.")
    clauses: tuple[ClauseChange, ...] = ()
    parameters: tuple[ParameterChange, ...] = ()
    inputs: tuple[NamedChange, ...] = ()
    metrics: tuple[NamedChange, ...] = ()
    grading: tuple[NamedChange, ...] = ()
    schema_: tuple[SchemaChange, ...] = Field(default=(), alias="schema")
    outcomes: OutcomeDiff | None = None

    @property
    def empty(self) -> bool:
        return not (self.identity or self.clauses or self.parameters or self.inputs or self.metrics
                    or self.grading or self.schema_)


def _loaded(ruleset: CompiledRuleset | LoadedRuleset) -> LoadedRuleset:
    return ruleset.loaded if isinstance(ruleset, CompiledRuleset) else ruleset


def _dump(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    if isinstance(value, tuple | list):
        return [_dump(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _field_changes(before: BaseModel, after: BaseModel, fields: tuple[str, ...]) -> list[FieldChange]:
    return [FieldChange(field=f, before=_dump(getattr(before, f)), after=_dump(getattr(after, f)))
            for f in fields if getattr(before, f) != getattr(after, f)]


def value_on(param: Parameter, on: dt.date) -> Any:
    """The value in force on `on`, else the latest one (so editions starting later still compare)."""
    current = param.values[-1].value if param.values else None
    for entry in param.values:
        if entry.from_ <= on:
            current = entry.value
    return tuple(current) if isinstance(current, list) else current


def diff_rulesets(a: CompiledRuleset | LoadedRuleset, b: CompiledRuleset | LoadedRuleset, *,
                  on: dt.date | None = None) -> RulesetDiff:
    """Everything that changed from edition `a` to edition `b`.

    Thresholds are compared as in force on `on` (default: the later edition's effective_from).
    """
    la, lb = _loaded(a), _loaded(b)
    ma, mb = la.model, lb.model
    on = on or max(ma.effective_from, mb.effective_from)
    schema = [SchemaChange(pointer=c.pointer, change=c.change, before=c.before, after=c.after)
              for c in schema_changes(la.schema, lb.schema)]
    return RulesetDiff(
        before=ma.ref, after=mb.ref, before_digest=la.digest, after_digest=lb.digest, compared_on=on,
        identity=tuple(_field_changes(ma, mb, ("effective_from", "effective_until", "status", "supersedes",
                                                "standard", "extends", "applies_to"))),
        clauses=tuple(_clause_changes(ma, mb, on)),
        parameters=tuple(_parameter_changes(ma, mb)),
        inputs=tuple(_named(ma.inputs, mb.inputs, ("pointer",))),
        metrics=tuple(_named(ma.metrics, mb.metrics, ("function", "expr", "unit"))),
        grading=tuple(_named({g.id: g for g in ma.grading}, {g.id: g for g in mb.grading},
                             ("requires_pass", "min_score", "when", "title"))),
        schema_=tuple(schema),
    )


def _named(before: dict[str, Any], after: dict[str, Any], fields: tuple[str, ...]) -> list[NamedChange]:
    out = [NamedChange(name=n, change="removed") for n in before if n not in after]
    out += [NamedChange(name=n, change="added") for n in after if n not in before]
    for name in (n for n in before if n in after):
        changed = _field_changes(before[name], after[name], fields)
        if changed:
            out.append(NamedChange(name=name, change="changed", fields=tuple(changed)))
    return sorted(out, key=lambda c: c.name)


def _parameter_changes(ma: Ruleset, mb: Ruleset) -> list[ParameterChange]:
    out = [ParameterChange(name=n, change="removed") for n in ma.parameters if n not in mb.parameters]
    out += [ParameterChange(name=n, change="added",
                            values=tuple(SeriesChange(from_=v.from_, change="added", after=_dump(v.value))
                                         for v in p.values))
            for n, p in mb.parameters.items() if n not in ma.parameters]
    for name in (n for n in ma.parameters if n in mb.parameters):
        pa, pb = ma.parameters[name], mb.parameters[name]
        old = {v.from_: v.value for v in pa.values}
        new = {v.from_: v.value for v in pb.values}
        series = [SeriesChange(from_=d, change="removed", before=_dump(old[d])) for d in old if d not in new]
        series += [SeriesChange(from_=d, change="added", after=_dump(new[d])) for d in new if d not in old]
        series += [SeriesChange(from_=d, change="changed", before=_dump(old[d]), after=_dump(new[d]))
                   for d in old if d in new and old[d] != new[d]]
        fields = _field_changes(pa, pb, ("unit", "provenance", "source"))
        if series or fields:
            out.append(ParameterChange(name=name, change="changed", fields=tuple(fields),
                                       values=tuple(sorted(series, key=lambda s: s.from_))))
    return sorted(out, key=lambda c: c.name)


def _clause_changes(ma: Ruleset, mb: Ruleset, on: dt.date) -> list[ClauseChange]:
    before = {c.id: c for c in ma.clauses}
    after = {c.id: c for c in mb.clauses}
    out = [ClauseChange(id=i, change="removed") for i in before if i not in after]
    out += [ClauseChange(id=i, change="added") for i in after if i not in before]
    for cid in (i for i in before if i in after):
        change = _clause_change(before[cid], after[cid], ma, mb, on)
        if change is not None:
            out.append(change)
    order = {cid: n for n, cid in enumerate([*after, *(i for i in before if i not in after)])}
    return sorted(out, key=lambda c: order[c.id])


def _clause_change(ca: Clause, cb: Clause, ma: Ruleset, mb: Ruleset, on: dt.date) -> ClauseChange | None:
    """Stricter/looser only when every outcome-relevant change moves the same decidable way."""
    moves: list[Direction] = []
    reasons: list[str] = []
    # An inherited clause names its document after tailoring; compare where the text actually lives.
    ca = ca.model_copy(update={"document": ca.document or ma.standard.document})
    cb = cb.model_copy(update={"document": cb.document or mb.standard.document})
    semantic = _field_changes(ca, cb, _SEMANTIC)
    wording = _field_changes(ca, cb, _WORDING)
    other = [f for f in semantic if f.field != "check"]
    if other:
        moves.append("changed")
        reasons += [f"{f.field} changed" for f in other]
    if ca.check and cb.check and ca.check != cb.check:
        move, why = _check_move(ca.check, cb.check)
        if move is None:  # the same tree, written differently: wording
            semantic = [f for f in semantic if f.field != "check"]
            wording.append(FieldChange(field="check", before=ca.check, after=cb.check))
        else:
            moves.append(move)
            reasons.append(why)
    elif ca.check != cb.check:
        moves.append("changed")
        reasons.append("check added" if cb.check else "check removed")
    in_check = names(parse(cb.check)) if cb.check else frozenset()
    elsewhere = _through_metrics(mb, set().union(*(names(parse(e)) for e in (cb.applies_when, *_score_exprs(cb))
                                                  if e)) | {n for n in in_check if n in mb.metrics})
    for param in sorted(p for p in in_check | elsewhere if p in ma.parameters and p in mb.parameters):
        old, new = value_on(ma.parameters[param], on), value_on(mb.parameters[param], on)
        polarity = name_polarity(parse(cb.check), param) if param in in_check and cb.check else None
        move = direction("undecidable" if param in elsewhere or polarity is None else polarity, old, new)
        if move is not None:
            moves.append(move)
            reasons.append(f"parameter {param}: {_text(old)} → {_text(new)} on {on.isoformat()}"
                           + ("" if move == "changed" else f" ({move})"))
    for name in sorted(in_check | elsewhere | set(cb.requires)):
        rebound = _rebound(ma, mb, name)
        if rebound:
            moves.append("changed")
            reasons.append(rebound)
    kind = combine(moves)
    if kind is None and not wording:
        return None
    fields = tuple([*semantic, *wording])
    if kind is None:
        return ClauseChange(id=cb.id, change="reworded", fields=fields)
    return ClauseChange(id=cb.id, change=kind, fields=fields, reasons=tuple(reasons))


def _rebound(ma: Ruleset, mb: Ruleset, name: str) -> str | None:
    """Why a name the clause uses means something else now (an input re-pointed, a metric redefined)."""
    if name in ma.inputs and name in mb.inputs and ma.inputs[name].pointer != mb.inputs[name].pointer:
        return f"input {name}: {ma.inputs[name].pointer} → {mb.inputs[name].pointer}"
    before, after = ma.metrics.get(name), mb.metrics.get(name)
    if before is not None and after is not None and (before.function, before.expr) != (after.function, after.expr):
        return f"metric {name} redefined: {before.expr or before.function} → {after.expr or after.function}"
    return None


def _through_metrics(model: Ruleset, start: set[str]) -> set[str]:
    """`start` plus every name reached through expression metrics (their direction is not analysed)."""
    seen: set[str] = set()
    todo = list(start)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        metric = model.metrics.get(name)
        if metric is not None and metric.expr:
            todo += names(parse(metric.expr))
    return seen


def _score_exprs(clause: Clause) -> tuple[str, ...]:
    linear = clause.score.linear if clause.score else None
    return (linear.value, linear.baseline, linear.leading) if linear else ()


def _check_move(before: str, after: str) -> tuple[Direction | None, str]:
    """How a rewritten check moves: None when only its spelling changed."""
    tree_a, tree_b = parse(before), parse(after)
    if tree_a == tree_b:
        return None, "check reformatted"
    changes = literal_changes(tree_a, tree_b)
    if not changes:
        return "changed", f"check rewritten: {before!r} → {after!r}"
    slots = polarities(tree_a)
    move = combine([direction(slots.get(path, "undecidable"), old, new) or "changed"
                    for path, old, new in changes]) or "changed"
    moved = ", ".join(f"{_text(old)} → {_text(new)}" for _, old, new in changes)
    return move, f"check threshold {moved}" + ("" if move == "changed" else f" ({move})")


def _text(value: Any) -> str:
    if isinstance(value, tuple | list):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value)
