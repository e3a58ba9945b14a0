"""Traceability checks of one ruleset edition: standard text ↔ clauses ↔ schema ↔ feature scenarios.

`check_ruleset` collects every finding instead of stopping at the first, so one run of
`zcf ruleset check` shows an author the whole gap list (DESIGN §8). Loading, tailoring and compiling
are reused as they are; a `ZcfError` they raise becomes an error finding. Feature files are read by
`zcf.authoring.features`; rendering is the CLI's business.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, computed_field

from zcf.authoring.features import WORDS, FeatureIndex, clause_tag, scan_features
from zcf.authoring.inheritance import Inheritance, inheritance
from zcf.errors import ZcfError
from zcf.formats.json_schema import schema_problem
from zcf.formats.yaml_io import YamlPath
from zcf.locations import data_dir
from zcf.model.result import ClauseStatus
from zcf.model.ruleset import BasisKind, Clause, ClauseKind, Provision, Ruleset, provision_strength
from zcf.rules.expressions import Compare, parse, walk
from zcf.rules.expressions import names as expr_names
from zcf.rulesets import registry
from zcf.rulesets.compiler import CompiledRuleset, compile_ruleset, standards_dirs_for
from zcf.rulesets.loader import RULESET_FILE, LoadedRuleset, load_ruleset_dir
from zcf.rulesets.schema_types import schemas_at
from zcf.rulesets.tailoring import MAX_DEPTH, find_base, resolve
from zcf.rulesets.wording import FLIPPED, allowed_operators
from zcf.standards.catalog import get_document
from zcf.standards.errors import StandardNotFoundError
from zcf.standards.model import StandardDocument

#: the repo checkout's features/ (one folder per ruleset id)
REPO_FEATURES = data_dir("features")


class Severity(StrEnum):
    #: the ruleset is not traceable or not verifiable; `zcf ruleset check` fails
    ERROR = "error"
    #: worth a look; does not fail the check
    WARNING = "warning"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Finding(_Frozen):
    code: str
    severity: Severity
    clause_id: str | None = None
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None


class ClauseCoverage(_Frozen):
    """One clause traced to its standard text and to the scenarios that exercise it."""

    clause_id: str
    kind: ClauseKind
    ref: str
    document: str
    #: whether `ref` is a label of `document`
    resolved: bool
    #: strongest provision of the standard clause's paragraphs (None = informative or unresolved)
    provision: Provision | None
    scenarios: int
    statuses: tuple[ClauseStatus, ...]
    ok: bool
    #: of `scenarios`, how many are the base ruleset's (the clause is inherited unchanged)
    inherited: int = 0
    #: an inherited clause reading names this ruleset overrides: it needs scenarios of its own
    changed_by: tuple[str, ...] = ()
    #: None until the scenarios are run (`--run`); then whether they ran and all passed
    exercised: bool | None = None
    #: the clause's provision or kind (a gate counts as 应) is stronger than its source's
    stronger: bool = False
    #: why, when stronger: zcf's reading or common practice (None: not declared, or not stronger)
    basis: BasisKind | None = None


class RequirementRow(_Frozen):
    """A standard clause holding requirement (应) paragraphs, and what covers it."""

    label: str
    paragraphs: int
    clauses: tuple[str, ...] = ()
    #: the `not_machine_checkable` reason, when the ruleset declares it uncheckable
    reason: str | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def covered(self) -> bool:
        return bool(self.clauses) or self.reason is not None


class CheckReport(_Frozen):
    ruleset: str
    folder: str
    standard: str | None = None
    features: str | None = None
    clauses: tuple[ClauseCoverage, ...] = ()
    requirements: tuple[RequirementRow, ...] = ()
    findings: tuple[Finding, ...] = ()
    #: whether the scenarios were run (`zcf ruleset check --run`)
    ran: bool = False

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ok(self) -> bool:
        return not any(f.severity is Severity.ERROR for f in self.findings)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def clauses_ok(self) -> int:
        return sum(c.ok for c in self.clauses)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def requirement_paragraphs(self) -> int:
        return sum(r.paragraphs for r in self.requirements)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def requirement_paragraphs_covered(self) -> int:
        return sum(r.paragraphs for r in self.requirements if r.covered)


@dataclass(frozen=True)
class _Layer:
    """One ruleset.yaml of the `extends` chain, to point findings at the file that declares a thing."""

    file: str
    lines: dict[YamlPath, int]
    model: Ruleset


def _layers(loaded: LoadedRuleset) -> list[_Layer]:
    layers, current = [], loaded
    for _ in range(MAX_DEPTH):
        file = str(current.folder / RULESET_FILE)
        layers.append(_Layer(file, current.lines, current.model))
        if not current.model.extends:
            break
        try:
            current = load_ruleset_dir(find_base(current.model.extends, file=file).folder)
        except ZcfError:
            break  # resolve() has already reported it
    return layers


def _site(layers: list[_Layer], section: str, key: str, *sub: str) -> tuple[str, int | None]:
    """(file, line) of `section.key[.sub]` in the first layer that declares it."""
    for layer in layers:
        if section == "clauses":
            for index, clause in enumerate(layer.model.clauses):
                if clause.id == key:
                    return layer.file, layer.lines.get(("clauses", index, *sub)) or layer.lines.get(("clauses", index))
        elif key in getattr(layer.model, section):
            return layer.file, layer.lines.get((section, key, *sub)) or layer.lines.get((section, key))
    return layers[0].file, layers[0].lines.get((section,))


def _from_error(err: ZcfError, file: str) -> Finding:
    """A finding from a raised error, without repeating the `file:line` its message starts with."""
    where, message = getattr(err, "file", None), err.message
    if where and message.startswith(where) and ": " in message:
        message = message.split(": ", 1)[1]
    if err.hint:
        message = f"{message} (hint: {err.hint})"
    return Finding(code=err.code, severity=Severity.ERROR, clause_id=getattr(err, "clause_id", None),
                   message=message, file=where or file, line=getattr(err, "line", None),
                   column=getattr(err, "column", None))


def ruleset_folder(target: str | Path) -> Path:
    """The folder of a ruleset named by path, `ID` or `ID@VERSION` (a `Path` is always a folder).

    Raises:
        RulesetNotFoundError: no such ruleset on the search path.
    """
    path = Path(target)
    return path if isinstance(target, Path) or path.is_dir() else registry.find(str(target)).folder


def check_ruleset(target: str | Path, *, features_dir: Path | None = None) -> CheckReport:
    """Check one ruleset (folder, `ID` or `ID@VERSION`) and report every finding with the coverage.

    Raises:
        RulesetNotFoundError: `target` is neither a folder nor a known ruleset.
    """
    folder = ruleset_folder(target)
    file = str(folder / RULESET_FILE)
    try:
        own = load_ruleset_dir(folder)
        loaded = resolve(own)
    except ZcfError as err:
        return CheckReport(ruleset=str(folder), folder=str(folder), findings=(_from_error(err, file),))
    layers = _layers(own)
    findings: list[Finding] = []
    compiled: CompiledRuleset | None = None
    try:
        compiled = compile_ruleset(loaded)
    except ZcfError as err:
        findings.append(_from_error(err, file))
    problem = schema_problem(loaded.schema)
    if problem is not None:
        findings.append(Finding(code="submission-schema", severity=Severity.ERROR, file=file,
                                message=f"the (composed) submission schema is not valid JSON Schema 2020-12: "
                                        f"{problem}"))
    model = loaded.model
    documents = _documents(loaded, layers, findings)
    ids = [c.id for c in model.clauses]
    features = scan_features(features_dir / model.id if features_dir else features_of(folder, model.id), ids)
    findings.extend(Finding(code=p.code, severity=Severity(p.severity), clause_id=p.clause_id,
                            message=p.message, file=p.file, line=p.line) for p in features.problems)
    inherited = _inherited(own, compiled, findings, file)
    base_index = (scan_features(inherited.base_features, inherited.unchanged)
                  if inherited is not None and inherited.unchanged else None)
    rows = tuple(_clause_row(model, clause_id, documents, features, layers, findings, inherited, base_index)
                 for clause_id in ids)
    requirements = _requirements(model, documents.get(model.standard.document), layers, findings)
    findings.extend(_pointer_findings(loaded, layers))
    findings.extend(_wording_findings(model, layers))
    if "gwp_set" not in model.parameters:
        findings.append(Finding(
            code="gwp-set-missing", severity=Severity.ERROR, file=file, line=layers[0].lines.get(("parameters",)),
            message="the ruleset names no GWP set: declare the parameter `gwp_set` (SAR, AR4, AR5 or AR6, with "
                    "its source) so every CO2e total in a result says which set it is in"))
    if compiled is not None:
        findings.extend(_unused_names(compiled, layers))
    return CheckReport(ruleset=model.ref, folder=str(folder), standard=model.standard.document,
                       features=features.folder, clauses=rows, requirements=requirements,
                       findings=tuple(findings))


def _documents(loaded: LoadedRuleset, layers: list[_Layer],
               findings: list[Finding]) -> dict[str, StandardDocument | None]:
    """Every standard document the ruleset cites, read once; `missing-standard` for each absent one."""
    model, dirs = loaded.model, standards_dirs_for(loaded)
    out: dict[str, StandardDocument | None] = {}
    cited = [(model.standard.document, None)] + [(c.document, c.id) for c in model.clauses if c.document]
    for document, clause_id in cited:
        if document in out:
            continue
        try:
            out[document] = get_document(document, dirs)
        except ZcfError as err:
            out[document] = None
            where = _site(layers, "clauses", clause_id, "document") if clause_id else (
                layers[0].file, layers[0].lines.get(("standard",)))
            searched = ", ".join(str(d) for d in dirs)
            if isinstance(err, StandardNotFoundError):
                code, message = "missing-standard", (
                    f"standard document {document!r} is not in {searched}; add {document}.xml there or correct "
                    f"the document id" + (f" ({err.hint})" if err.hint else ""))
            else:  # present but unreadable: the reader's own code (standard-invalid) and file:line
                code, message = err.code, f"standard document {document!r} cannot be read: {err.message}"
            findings.append(Finding(code=code, severity=Severity.ERROR, clause_id=clause_id, file=where[0],
                                    line=where[1], message=message))
    return out


def _inherited(own: LoadedRuleset, compiled: CompiledRuleset | None, findings: list[Finding],
               file: str) -> Inheritance | None:
    """What a tailored ruleset inherits unchanged from its base (None when it extends nothing)."""
    if compiled is None or not own.model.extends:
        return None
    try:
        base = resolve(registry.load_entry(find_base(own.model.extends, file=file)))
    except ZcfError as err:  # resolve() above reported it already, unless it is the base itself
        findings.append(_from_error(err, file))
        return None
    return inheritance(own, compiled, base, features_of(base.folder, base.model.id))


def features_of(folder: Path, ruleset_id: str) -> Path:
    """The feature folder of a ruleset: beside its tree (`<root>/features/<id>`), else the shipped one."""
    parents = folder.resolve().parents
    if len(parents) > 2 and parents[1].name == "rulesets":
        beside = parents[2] / "features" / ruleset_id
        if beside.is_dir():
            return beside
    return REPO_FEATURES / ruleset_id


def with_outcomes(report: CheckReport, passed: dict[str, int], failed: dict[str, int]) -> CheckReport:
    """The report after running its scenarios: a clause is exercised only if its scenarios ran and passed."""
    rows, findings = [], list(report.findings)
    for row in report.clauses:
        bad, good = failed.get(row.clause_id, 0), passed.get(row.clause_id, 0)
        exercised = bool(good) and not bad
        if bad:
            findings.append(Finding(code="scenario-failed", severity=Severity.ERROR, clause_id=row.clause_id,
                                    message=f"{bad} scenario run(s) of {row.clause_id} failed; "
                                            f"`zcf test` shows why"))
        elif row.scenarios and not good:
            findings.append(Finding(code="scenario-not-run", severity=Severity.ERROR, clause_id=row.clause_id,
                                    message=f"{row.clause_id} has {row.scenarios} scenario(s) but none ran "
                                            "(every run skipped?)"))
        rows.append(row.model_copy(update={"exercised": exercised, "ok": row.ok and exercised}))
    return report.model_copy(update={"clauses": tuple(rows), "findings": tuple(findings), "ran": True})


def _scenario_gap(kind: ClauseKind, statuses: set[ClauseStatus],
                  unreachable: frozenset[str] = frozenset()) -> str | None:
    """What the clause's scenarios still lack: gate/scored need 符合 and 不符合 (unless the ruleset
    declares a status unreachable, with its reason), info any, manual 人工评审."""
    if kind in (ClauseKind.GATE, ClauseKind.SCORED):
        missing = [WORDS[s] for s in (ClauseStatus.PASS, ClauseStatus.FAIL)
                   if s not in statuses and s.value not in unreachable]
        return " and one asserting ".join(f'"{w}"' for w in missing) or None
    if kind is ClauseKind.MANUAL:
        return None if ClauseStatus.MANUAL_REVIEW in statuses else f'"{WORDS[ClauseStatus.MANUAL_REVIEW]}"'
    return None if statuses else "any status"


def _clause_row(model: Ruleset, clause_id: str, documents: dict[str, StandardDocument | None],
                features: FeatureIndex, layers: list[_Layer], findings: list[Finding],
                inherited: Inheritance | None = None, base_index: FeatureIndex | None = None) -> ClauseCoverage:
    clause = model.clause(clause_id)
    document = clause.document or model.standard.document
    doc = documents.get(document)
    found = doc.find_clause(clause.ref) if doc else None
    ok = found is not None
    if doc is not None and found is None:
        close = difflib.get_close_matches(clause.ref, list(doc.labels), n=3, cutoff=0.5)
        file, line = _site(layers, "clauses", clause_id, "ref")
        findings.append(Finding(
            code="unresolved-ref", severity=Severity.ERROR, clause_id=clause_id, file=file, line=line,
            message=f"ref {clause.ref!r} is not a clause label of {document}"
                    + (f"; did you mean {', '.join(close)}?" if close else f"; labels: {', '.join(doc.labels)}")))
    own_refs = features.for_clause(clause_id)
    base_refs = base_index.for_clause(clause_id) if base_index is not None else ()
    refs = (*own_refs, *base_refs)
    statuses = {s for ref in refs for s in ref.statuses}
    changed_by = inherited.changed.get(clause_id, ()) if inherited is not None else ()
    gap = _scenario_gap(clause.kind, statuses, frozenset(clause.unreachable))
    if gap is not None:
        ok = False
        file, line = _site(layers, "clauses", clause_id)
        have = ", ".join(WORDS[s] for s in ClauseStatus if s in statuses) or "none"
        why = (f"; it is inherited, but this ruleset overrides {', '.join(changed_by)}, which it reads, so "
               "the base's scenarios no longer prove it" if changed_by else "")
        findings.append(Finding(
            code="missing-scenario", severity=Severity.ERROR, clause_id=clause_id, file=file, line=line,
            message=f"{clause.kind.value} clause {clause_id}: {len(refs)} scenario(s) in {features.folder} "
                    f"(statuses asserted: {have}){why}; needs a scenario asserting {gap} (tag it "
                    f'{clause_tag(clause_id)} and assert `那么 条款 {clause_id} 的结论为 "…"`)'))
    stronger = found is not None and clause.strength() > provision_strength(
        found.provision.value if found.provision else None)
    if stronger and clause.basis is None:
        ok = False
        file, line = _site(layers, "clauses", clause_id, "provision")
        cited = found.provision.value if found and found.provision else "informative"
        findings.append(Finding(
            code="stronger-than-source", severity=Severity.ERROR, clause_id=clause_id, file=file, line=line,
            message=f"{clause.kind.value} clause {clause_id} ({clause.provision.value}) is stronger than "
                    f"{document} §{clause.ref}, which is {cited}: weaken it, or declare `basis: {{kind: reading | "
                    "practice, note: {zh-CN: …, en: …}}` saying what zcf reads into the source"))
    elif not stronger and found is not None and clause.basis is not None:
        file, line = _site(layers, "clauses", clause_id, "basis")
        findings.append(Finding(
            code="basis-not-needed", severity=Severity.WARNING, clause_id=clause_id, file=file, line=line,
            message=f"clause {clause_id} declares a basis but is no stronger than {document} §{clause.ref}"))
    return ClauseCoverage(clause_id=clause_id, kind=clause.kind, ref=clause.ref, document=document,
                          resolved=found is not None, provision=found.provision if found else None,
                          scenarios=len(refs), statuses=tuple(s for s in ClauseStatus if s in statuses), ok=ok,
                          stronger=stronger, basis=clause.basis.kind if stronger and clause.basis else None,
                          inherited=len(base_refs), changed_by=changed_by)


def _requirements(model: Ruleset, doc: StandardDocument | None, layers: list[_Layer],
                  findings: list[Finding]) -> tuple[RequirementRow, ...]:
    """Requirement paragraphs of the ruleset's own standard and the clause (exact label) covering each."""
    if doc is None:
        return ()
    own = model.standard.document
    file, nmc_line = layers[0].file, layers[0].lines.get(("not_machine_checkable",))
    rows = []
    for section in doc.clauses:
        count = sum(p.provision is Provision.REQUIREMENT for p in section.paragraphs)
        if not count:
            continue
        row = RequirementRow(label=section.label, paragraphs=count,
                             clauses=tuple(c.id for c in model.clauses
                                           if c.ref == section.label and (c.document or own) == own),
                             reason=model.not_machine_checkable.get(section.label))
        rows.append(row)
        if not row.covered:
            first = next(p for p in section.paragraphs if p.provision is Provision.REQUIREMENT).text.zh
            findings.append(Finding(
                code="uncovered-requirement", severity=Severity.ERROR, file=file, line=nmc_line,
                message=f"{own} §{section.label} {section.title.zh} has {count} requirement paragraph(s) "
                        f"(“{first[:40]}{'…' if len(first) > 40 else ''}”) that no clause encodes: add a clause "
                        f'with ref: "{section.label}", or list "{section.label}" under not_machine_checkable '
                        "with the reason"))
    for label in model.not_machine_checkable:
        if doc.find_clause(label) is None:
            close = difflib.get_close_matches(label, list(doc.labels), n=3, cutoff=0.5)
            nmc_file, line = _site(layers, "not_machine_checkable", label)
            findings.append(Finding(
                code="unknown-label", severity=Severity.ERROR, file=nmc_file, line=line,
                message=f"not_machine_checkable lists {label!r}, which is not a clause label of {own}"
                        + (f"; did you mean {', '.join(close)}?" if close else "")))
    return tuple(rows)


def _properties_near(schema: dict[str, Any], pointer: str) -> tuple[str, list[str]]:
    """The deepest existing prefix of `pointer` and the property names the schema declares there."""
    parts = pointer.split("/")
    for cut in range(len(parts) - 1, 0, -1):
        prefix = "/".join(parts[:cut])
        nodes = schemas_at(schema, prefix)
        if nodes:
            names = sorted({n for node in nodes for n in (node.get("properties") or {})})
            return prefix or "/", names
    return "/", []


def _pointer_findings(loaded: LoadedRuleset, layers: list[_Layer]) -> Iterator[Finding]:
    for name, item in loaded.model.inputs.items():
        if schemas_at(loaded.schema, item.pointer):
            continue
        prefix, names = _properties_near(loaded.schema, item.pointer)
        close = difflib.get_close_matches(item.pointer.rsplit("/", 1)[-1], names, n=3)
        file, line = _site(layers, "inputs", name)
        yield Finding(
            code="unknown-pointer", severity=Severity.ERROR, file=file, line=line,
            message=f"input {name!r} is bound to {item.pointer}, which the submission schema does not declare"
                    f" ({prefix} has: {', '.join(names) or 'no properties'})"
                    + (f"; did you mean {', '.join(close)}?" if close else ""))


#: parameters the evaluation itself reads (not clauses or metrics): the GWP set every CO2e total
#: names, and what picks milestone targets
ENGINE_PARAMETERS = frozenset({"gwp_set", "milestone_date_basis"})


def _names_used(compiled: CompiledRuleset) -> set[str]:
    used: set[str] = set(ENGINE_PARAMETERS)
    for clause in compiled.clauses:
        used |= clause.names | set(clause.parameters)
    for _, expr in compiled.metric_exprs:
        used |= expr.names
    for grade in compiled.grades:
        used |= grade.when.names if grade.when else set()
    return used


def _unused_names(compiled: CompiledRuleset, layers: list[_Layer]) -> Iterable[Finding]:
    """Inputs and parameters nothing reads: dead weight, or a clause that forgot its threshold.

    Accounting functions read parameters by name at run time (docs/accounting-parameters.md), so
    parameters are only judged when the ruleset declares no function metric.
    """
    model, used = compiled.model, _names_used(compiled)
    sections: list[tuple[str, Iterable[str]]] = [("inputs", model.inputs)]
    if not any(m.function for m in model.metrics.values()):
        sections.append(("parameters", model.parameters))
    for section, names in sections:
        for name in names:
            if name not in used:
                file, line = _site(layers, section, name)
                yield Finding(code="unused-name", severity=Severity.WARNING, file=file, line=line,
                              message=f"{section[:-1]} {name!r} is used by no clause, metric or grade")


def _compared(clause: Clause, parameters: set[str]) -> list[tuple[str, str]]:
    """(parameter, operator read as `value OP parameter`) of every ordering comparison in the
    clause's check and applies_when that involves a parameter."""
    out: list[tuple[str, str]] = []
    for source in (clause.check, clause.applies_when):
        if not source:
            continue
        try:
            expr = parse(source)
        except ZcfError:
            continue  # compile_ruleset reports it
        for node in walk(expr):
            if not isinstance(node, Compare) or node.op not in FLIPPED:
                continue
            left, right = expr_names(node.left) & parameters, expr_names(node.right) & parameters
            out.extend((name, node.op) for name in sorted(right - left))
            out.extend((name, FLIPPED[node.op]) for name in sorted(left - right))
    return out


def _wording_findings(model: Ruleset, layers: list[_Layer]) -> Iterator[Finding]:
    """Every threshold comparison records its source wording, and its operator agrees with it."""
    parameters = set(model.parameters)
    for clause in model.clauses:
        compared = _compared(clause, parameters)
        file, line = _site(layers, "clauses", clause.id, "wording")
        for name, operator in dict.fromkeys(compared):
            wording = clause.wording.get(name)
            if wording is None:
                yield Finding(
                    code="wording-missing", severity=Severity.ERROR, clause_id=clause.id, file=file, line=line,
                    message=f"clause {clause.id} compares with {name!r} ({operator}) but records no source "
                            f"wording: add `wording: {{{name}: 以下 | 低于 | 不低于 | 超过 | …}}` (zcf:… where "
                            "the source is silent)")
                continue
            allowed = allowed_operators(wording)
            if allowed is None:
                yield Finding(
                    code="wording-unknown", severity=Severity.ERROR, clause_id=clause.id, file=file, line=line,
                    message=f"clause {clause.id}: wording {wording!r} of {name!r} is not a known comparison word "
                            "(zcf.rulesets.wording.WORDS)")
            elif operator not in allowed:
                yield Finding(
                    code="operator-contradicts-wording", severity=Severity.ERROR, clause_id=clause.id,
                    file=file, line=line,
                    message=f"clause {clause.id} compares with {name!r} as value {operator} {name}, but the "
                            f"source says {wording!r}, which means {' or '.join(sorted(allowed))}")
        for name in sorted(set(clause.wording) - {n for n, _ in compared}):
            yield Finding(code="wording-unused", severity=Severity.WARNING, clause_id=clause.id, file=file,
                          line=line, message=f"clause {clause.id} records a wording for {name!r}, which its "
                                             "check does not compare with")
