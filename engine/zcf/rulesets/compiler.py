"""Compile a loaded ruleset once: every expression becomes a closure, metrics get an order.

Unknown names, bad syntax and metric cycles fail here, at load time, with the clause id and line.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

from zcf.accounting import METRICS
from zcf.errors import ExpressionError, MetricCycleError, RulesetError, ZcfError
from zcf.formats.yaml_io import YamlPath
from zcf.model.ruleset import Clause, Grade, Metric, Provenance, Provision, Ruleset
from zcf.rules.expressions import CompiledExpression, Compiler
from zcf.rulesets.loader import RULESET_FILE, LoadedRuleset
from zcf.rulesets.schema_types import is_numeric
from zcf.standards.catalog import get_document, standards_dirs

#: Provenances under which a verdict must be flagged as resting on an unpublished number.
UNSETTLED = frozenset({Provenance.PROVISIONAL, Provenance.UNVERIFIED})


@dataclass(frozen=True)
class CompiledClause:
    clause: Clause
    applies_when: CompiledExpression | None
    check: CompiledExpression | None
    score_value: CompiledExpression | None
    score_baseline: CompiledExpression | None
    score_leading: CompiledExpression | None
    #: every name the clause needs for a decision (check, applies_when, requires, scoring)
    names: frozenset[str]
    #: parameters the clause compares against (threshold + any parameter it names)
    parameters: tuple[str, ...]


@dataclass(frozen=True)
class CompiledGrade:
    grade: Grade
    when: CompiledExpression | None


@dataclass(frozen=True)
class ClauseSource:
    """Where a clause's text lives: document, edition, text hash and the text's own provision."""

    document: str
    edition: str
    text_sha256: str | None = None
    #: the cited clause's strongest provision (None: informative only); unknown when not found
    provision: Provision | None = None
    found: bool = False


@dataclass(frozen=True)
class CompiledRuleset:
    """Everything the evaluator needs, built once per ruleset edition."""

    loaded: LoadedRuleset
    clauses: tuple[CompiledClause, ...]
    grades: tuple[CompiledGrade, ...]
    #: expression metrics in dependency order; function metrics have no entry
    metric_exprs: tuple[tuple[str, CompiledExpression], ...]
    #: metric name -> names it depends on (directly)
    metric_deps: dict[str, frozenset[str]] = field(default_factory=dict)
    #: inputs bound to places where the schema accepts a number (decimal strings become Decimal)
    numeric_inputs: frozenset[str] = frozenset()
    #: clause id -> (standard document, edition, sha256 of the clause text or None if not found)
    sources: dict[str, ClauseSource] = field(default_factory=dict)

    @property
    def model(self) -> Ruleset:
        return self.loaded.model

    def unsettled_parameters(self) -> frozenset[str]:
        return frozenset(
            name for name, p in self.model.parameters.items() if p.provenance in UNSETTLED
        )


def _line(loaded: LoadedRuleset, path: YamlPath) -> int | None:
    return loaded.lines.get(path)


def _compile_metric_exprs(
    loaded: LoadedRuleset, compiler: Compiler, file: str
) -> tuple[tuple[tuple[str, CompiledExpression], ...], dict[str, frozenset[str]]]:
    metrics: dict[str, Metric] = loaded.model.metrics
    compiled: dict[str, CompiledExpression] = {}
    deps: dict[str, frozenset[str]] = {}
    for name, metric in metrics.items():
        if metric.expr is None:
            if metric.function not in METRICS:
                close = difflib.get_close_matches(str(metric.function), list(METRICS), n=3)
                raise RulesetError(
                    f"metric {name!r}: unknown accounting function {metric.function!r}",
                    file=file, line=_line(loaded, ("metrics", name)),
                    hint=f"did you mean {', '.join(close)}?" if close
                    else "see zcf.accounting.METRICS for the vetted functions",
                )
            deps[name] = frozenset()
            continue
        try:
            compiled[name] = compiler.compile(metric.expr, file=file)
        except ExpressionError as err:
            raise type(err)(
                f"metric {name!r}: {err.message}", file=file,
                line=_line(loaded, ("metrics", name, "expr")), hint=err.hint,
            ) from err
        deps[name] = frozenset(n for n in compiled[name].names if n in metrics)
    try:
        order = list(TopologicalSorter(deps).static_order())
    except CycleError as err:
        cycle = " -> ".join(err.args[1])
        raise MetricCycleError(f"metrics depend on each other in a cycle: {cycle}", file=file,
                               line=_line(loaded, ("metrics", err.args[1][0])),
                               hint="an expression metric may not use itself, directly or not") from err
    return tuple((n, compiled[n]) for n in order if n in compiled), deps


def _compile(compiler: Compiler, source: str | None, *, clause_id: str, file: str,
             line: int | None) -> CompiledExpression | None:
    if source is None:
        return None
    try:
        return compiler.compile(source, clause_id=clause_id, file=file)
    except ExpressionError as err:
        raise type(err)(err.message, file=file, line=line or err.line, column=err.column,
                        clause_id=clause_id, hint=err.hint) from err


def compile_ruleset(loaded: LoadedRuleset) -> CompiledRuleset:
    """Compile every expression of the ruleset; raise on unknown names with the clause id."""
    model = loaded.model
    file = str(loaded.folder / RULESET_FILE)
    known = set(model.parameters) | set(model.inputs) | set(model.metrics)
    compiler = Compiler(known)
    metric_exprs, metric_deps = _compile_metric_exprs(loaded, compiler, file)

    clauses: list[CompiledClause] = []
    seen: set[str] = set()
    for index, clause in enumerate(model.clauses):
        base = ("clauses", index)
        if clause.id in seen:
            raise RulesetError("duplicate clause id", file=file, line=_line(loaded, base),
                               clause_id=clause.id)
        seen.add(clause.id)
        for name in clause.requires:
            if name not in known:
                raise RulesetError(f"requires unknown name {name!r}", file=file,
                                   line=_line(loaded, (*base, "requires")), clause_id=clause.id)
        if clause.threshold is not None and clause.threshold not in model.parameters:
            raise RulesetError(f"threshold {clause.threshold!r} is not a parameter", file=file,
                               line=_line(loaded, (*base, "threshold")), clause_id=clause.id)
        linear = clause.score.linear if clause.score else None

        def comp(source: str | None, *key: str, _base: YamlPath = base,
                 _id: str = clause.id) -> CompiledExpression | None:
            return _compile(compiler, source, clause_id=_id, file=file,
                            line=_line(loaded, (*_base, *key)))

        parts = {
            "applies_when": comp(clause.applies_when, "applies_when"),
            "check": comp(clause.check, "check"),
            "score_value": comp(linear.value if linear else None, "score", "linear", "value"),
            "score_baseline": comp(linear.baseline if linear else None, "score", "linear",
                                   "baseline"),
            "score_leading": comp(linear.leading if linear else None, "score", "linear",
                                  "leading"),
        }
        names = set(clause.requires)
        for expr in parts.values():
            if expr is not None:
                names |= expr.names
        params = [n for n in sorted(names) if n in model.parameters]
        if clause.threshold and clause.threshold not in params:
            params.insert(0, clause.threshold)
        elif clause.threshold:
            params.remove(clause.threshold)
            params.insert(0, clause.threshold)
        clauses.append(CompiledClause(clause=clause, names=frozenset(names),
                                      parameters=tuple(params), **parts))

    grades = []
    for index, grade in enumerate(model.grading):
        for cid in grade.requires_pass:
            if cid not in seen:
                raise RulesetError(f"grade {grade.id!r} requires unknown clause {cid!r}",
                                   file=file, line=_line(loaded, ("grading", index)))
        if isinstance(grade.min_score, str) and grade.min_score not in model.parameters:
            raise RulesetError(f"grade {grade.id!r}: min_score {grade.min_score!r} is not a parameter",
                               file=file, line=_line(loaded, ("grading", index, "min_score")))
        grades.append(CompiledGrade(grade=grade, when=_compile(
            compiler, grade.when, clause_id=f"grade:{grade.id}", file=file,
            line=_line(loaded, ("grading", index, "when")))))
    return CompiledRuleset(loaded=loaded, clauses=tuple(clauses), grades=tuple(grades),
                           metric_exprs=metric_exprs, metric_deps=metric_deps,
                           sources=clause_sources(loaded),
                           numeric_inputs=frozenset(n for n, i in model.inputs.items()
                                                    if is_numeric(loaded.schema, i.pointer)))


def standards_dirs_for(loaded: LoadedRuleset) -> tuple[Path, ...]:
    """The standards folder beside the ruleset tree (repo or bundle), then the search path."""
    parents = loaded.folder.resolve().parents
    if len(parents) < 3:
        return standards_dirs()
    beside = parents[2] / "standards"
    return (beside, *(d for d in standards_dirs() if d != beside))


def clause_sources(loaded: LoadedRuleset) -> dict[str, ClauseSource]:
    """Where each clause's text lives, with its hash and provision when the document can be read."""
    model = loaded.model
    dirs = standards_dirs_for(loaded)
    out: dict[str, ClauseSource] = {}
    for clause in model.clauses:
        document = clause.document or model.standard.document
        source = ClauseSource(document, model.standard.edition)
        try:
            doc = get_document(document, dirs)
            edition = source.edition if document == model.standard.document else doc.edition
            found = doc.find_clause(clause.ref)
            source = ClauseSource(document, edition, found.text_sha256 if found else None,
                                  found.provision if found else None, found is not None)
        except ZcfError:
            pass  # `zcf ruleset check` reports unresolved references; evaluation goes on
        out[clause.id] = source
    return out
