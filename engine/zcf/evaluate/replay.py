"""Replay a recorded result: same ruleset bytes, same as-of date, same backend, same answer?

A certificate may be challenged years later. Every result records what it rests on (ruleset id,
version and digest, factor-table versions, engine version, submission sha256, as-of date,
backend); replay re-runs the evaluation from those and compares the JSON apart from the wall-clock
`evaluated_at` and the attestation (whose signing time differs; `zcf verify-result` checks it).
A ruleset whose digest differs from the recorded one is refused: that would be a different ruleset
under the same name, and "identical" would then prove nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zcf.errors import ReplayRulesetMismatchError, UsageError
from zcf.evaluate.pipeline import evaluate_document
from zcf.model.json_diff import Difference, json_diff
from zcf.publishing.attestation import clause_statuses
from zcf.report.json_result import render_json
from zcf.rulesets import registry
from zcf.rulesets.compiler import CompiledRuleset
from zcf.rulesets.loader import RULESET_FILE

#: result keys that legitimately differ between two runs of the same evaluation
VOLATILE = ("evaluated_at", "attestation")


@dataclass(frozen=True)
class ReplayOutcome:
    """One recorded result replayed: identical, or the pointers where the new run differs."""

    ruleset: str
    as_of: dt.date
    backend: str
    digest: str
    differences: tuple[Difference, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def identical(self) -> bool:
        return not self.differences


def recorded_results(data: Any, *, source: str) -> list[dict[str, Any]]:
    """The result objects in a result file: one result, or `{"results": [...]}` from a multi-run."""
    items = data.get("results") if isinstance(data, dict) and "results" in data else [data]
    if not isinstance(items, list) or not all(isinstance(i, dict) and "ruleset" in i for i in items):
        raise UsageError(f"{source}: not a zcf result (expected the JSON of `zcf evaluate --format json`)",
                         hint="write one with `zcf evaluate SUBMISSION --format json -o result.json`")
    for item in items:
        clause_statuses(item, source=source)  # refuses a clause id listed twice
    return items


def _load_for(ref: str, ruleset_path: Path | None) -> tuple[CompiledRuleset, str]:
    """The ruleset to replay with, and where it came from (for messages)."""
    from zcf.rulesets.installed import load_entry, load_ruleset  # the API caches compiled rulesets

    if ruleset_path is None:
        entry = registry.find(ref)
        return load_entry(entry), str(entry.source)
    if ruleset_path.is_dir() and not (ruleset_path / RULESET_FILE).is_file():
        entry = registry.find(ref, paths=[ruleset_path])  # a folder of rulesets and bundles
        return load_entry(entry), str(entry.source)
    if not ruleset_path.exists():
        raise UsageError(f"--ruleset-path {ruleset_path} does not exist",
                         hint="give a ruleset folder, a folder of rulesets, or a .zcfb bundle")
    return load_ruleset(ruleset_path), str(ruleset_path)


def _comparable(data: Mapping[str, Any]) -> dict[str, Any]:
    """The result minus what legitimately differs between runs: the clock, the attestation, and the
    rollback warning (it depends on which signed editions this machine has seen)."""
    kept = {k: v for k, v in data.items() if k not in VOLATILE}
    if isinstance(kept.get("problems"), list):
        kept["problems"] = [p for p in kept["problems"]
                            if not (isinstance(p, Mapping) and p.get("code") == "older-edition-chosen")]
    return kept


def replay_one(recorded: dict[str, Any], doc: Mapping[str, Any], raw: bytes | None, *,
               ruleset_path: Path | None = None) -> ReplayOutcome:
    """Re-run one recorded result and compare.

    Raises:
        ReplayRulesetMismatchError: the available ruleset's digest differs from the recorded one.
        RulesetNotFoundError: no ruleset with the recorded id@version.
        BundleError: the bundle holding it cannot be trusted.
    """
    ruleset = recorded.get("ruleset") or {}
    ref = f"{ruleset.get('id')}@{ruleset.get('version')}"
    compiled, where = _load_for(ref, ruleset_path)
    if compiled.model.ref != ref:
        raise UsageError(f"{where} holds {compiled.model.ref}, but the result was made with {ref}",
                         hint="pass the ruleset the result names")
    if compiled.loaded.digest != ruleset.get("digest"):
        raise ReplayRulesetMismatchError(ref, str(ruleset.get("digest")), compiled.loaded.digest, where)
    try:
        as_of = dt.date.fromisoformat(str(recorded.get("as_of")))
    except ValueError as err:
        raise UsageError(f"the result for {ref} has no valid as_of date ({recorded.get('as_of')!r})",
                         hint="replay needs the JSON written by `zcf evaluate`, unedited") from err
    backend = str(recorded.get("backend") or "compiled")
    result = evaluate_document(compiled, doc, as_of=as_of, backend=backend, raw=raw,
                               gaps=bool(recorded.get("gaps")))
    replayed = json.loads(render_json(result))
    notes = []
    if replayed.get("engine") != recorded.get("engine"):
        notes.append(f"recorded with zcf-engine {recorded.get('engine')}, replayed with {replayed.get('engine')}")
    recorded_sha = (recorded.get("submission") or {}).get("sha256")
    if replayed["submission"]["sha256"] != recorded_sha:
        notes.append(f"the submission given is not the one recorded (sha256 {replayed['submission']['sha256']}, "
                     f"recorded {recorded_sha})")
    differences = tuple(json_diff(_comparable(recorded), _comparable(replayed)))
    return ReplayOutcome(ref, as_of, backend, compiled.loaded.digest, differences, tuple(notes))
