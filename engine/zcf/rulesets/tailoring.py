"""Tailoring: a ruleset that `extends` another overrides parameters, adds, replaces or drops
clauses and extends the submission schema (as OSCAL profiles tailor catalogs).

The resolved ruleset is an ordinary `LoadedRuleset`: the evaluator never sees inheritance.
"""

from __future__ import annotations

import hashlib

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

from zcf.errors import RulesetError, RulesetNotFoundError
from zcf.rulesets import registry
from zcf.rulesets.loader import RULESET_FILE, LoadedRuleset

MAX_DEPTH = 8


def find_base(spec: str, *, file: str) -> registry.RulesetEntry:
    """The highest edition of the base id matching the version specifier (`id@>=1.0,<2`)."""
    rid, _, version_spec = spec.partition("@")
    try:
        wanted = SpecifierSet(version_spec) if version_spec else SpecifierSet()
    except InvalidSpecifier:
        try:
            wanted = SpecifierSet(f"=={version_spec}")
        except InvalidSpecifier:
            raise RulesetError(f"`extends: {spec}` has no valid version range",
                               file=file, hint="write it like zcf-cn-general@>=1.0,<2") from None
    candidates = [e for e in registry.discover() if e.id == rid]
    matching = [e for e in candidates if Version(e.version) in wanted]
    if not matching:
        have = ", ".join(e.version for e in candidates) or "none"
        raise RulesetNotFoundError(
            f"{file}: base ruleset {spec!r} not found (versions of {rid!r}: {have})",
            hint="install the base ruleset or widen the version range in `extends`",
        )
    return max(matching, key=lambda e: Version(e.version))


def resolve(loaded: LoadedRuleset, *, _depth: int = 0) -> LoadedRuleset:
    """Merge `loaded` onto its base (recursively); return it unchanged if it extends nothing."""
    child = loaded.model
    if not child.extends:
        return loaded
    file = str(loaded.folder / RULESET_FILE)
    if _depth >= MAX_DEPTH:
        raise RulesetError("`extends` chain is too deep or circular", file=file)
    entry = find_base(child.extends, file=file)
    base = resolve(registry.load_entry(entry), _depth=_depth + 1)  # a bundled base keeps its digest
    model = base.model

    base_ids = {c.id for c in model.clauses}
    unknown = [cid for cid in child.drop_clauses if cid not in base_ids]
    if unknown:
        raise RulesetError(f"drop_clauses names clauses the base does not have: {unknown}",
                           file=file, hint=f"base {base.ref} has: {', '.join(sorted(base_ids))}")
    own = {c.id: c for c in child.clauses}
    inherited = [
        own.pop(c.id) if c.id in own
        else c.model_copy(update={"document": c.document or model.standard.document})
        for c in model.clauses if c.id not in child.drop_clauses
    ]
    clauses = (*inherited, *own.values())
    merged = child.model_copy(update={
        "parameters": {**model.parameters, **child.parameters},
        "inputs": {**model.inputs, **child.inputs},
        "metrics": {**model.metrics, **child.metrics},
        "clauses": clauses,
        "grading": child.grading or model.grading,
        "not_machine_checkable": {**child.not_machine_checkable},
        "base": base.ref,
    })
    schema = base.schema
    child_schema_file = loaded.folder / child.submission_schema
    if child_schema_file.is_file() and loaded.schema:
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                  "allOf": [base.schema, loaded.schema]}
    digest = hashlib.sha256(f"{loaded.digest}:{base.digest}".encode()).hexdigest()
    return LoadedRuleset(model=merged, schema=schema, folder=loaded.folder, digest=digest,
                         origin=loaded.origin, signers=loaded.signers, lines=loaded.lines)
