"""The Python API: `load_ruleset` and `evaluate`, what embedding tools call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from engine.evaluate.pipeline import default_as_of, evaluate_document
from engine.model.result import EvaluationResult
from engine.rulesets import registry, tailoring
from engine.rulesets.compiler import CompiledRuleset, compile_ruleset
from engine.rulesets.loader import load_ruleset_dir
from engine.submission.reading import read_submission


@lru_cache(maxsize=64)
def _load_folder(folder: Path) -> CompiledRuleset:
    return compile_ruleset(tailoring.resolve(load_ruleset_dir(folder)))


@lru_cache(maxsize=64)
def _load_bundle_entry(entry: registry.RulesetEntry) -> CompiledRuleset:
    return compile_ruleset(tailoring.resolve(registry.load_entry(entry)))


def load_entry(entry: registry.RulesetEntry) -> CompiledRuleset:
    """Compile a registry entry; a bundle keeps its origin, bundle digest and signers."""
    if entry.origin == "bundle":
        return _load_bundle_entry(entry)
    return _load_folder(entry.folder.resolve())


def load_ruleset(spec: str | Path = "zcf-cn-general", *,
                 as_of: dt.date | None = None) -> CompiledRuleset:
    """Load and compile a ruleset by `ID`, `ID@VERSION`, folder path or `.zcfb` bundle path.

    Without a version, the edition in force on `as_of` is chosen (the latest if no date). A
    bundle is verified against the keyring first (see `engine.rulesets.registry`).
    """
    path = Path(spec)
    if path.is_dir():
        return _load_folder(path.resolve())
    if path.suffix == registry.BUNDLE_SUFFIX and path.is_file():
        return load_entry(registry.open_bundle_entry(path))
    return load_entry(registry.find(str(spec), as_of=as_of))


def evaluate(ruleset: CompiledRuleset | str, submission: Mapping[str, Any] | bytes | str | Path,
             *, as_of: dt.date | None = None, backend: str = "compiled") -> EvaluationResult:
    """Evaluate one submission (a parsed document, JSON bytes/text, or a file path).

    The as-of date defaults to the end of the submission's reporting period; it picks the
    ruleset edition (when `ruleset` is an id) and every dated parameter and factor.
    """
    raw: bytes | None = None
    if isinstance(submission, Path):
        raw = submission.read_bytes()
        doc = read_submission(raw, source_name=str(submission))
    elif isinstance(submission, bytes | str):
        raw = submission.encode() if isinstance(submission, str) else submission
        doc = read_submission(raw, source_name="<submission>")
    else:
        doc = submission
    if not isinstance(ruleset, CompiledRuleset):
        ruleset = load_ruleset(ruleset, as_of=as_of or _period_end(doc))
    return evaluate_document(ruleset, doc, as_of=as_of, backend=backend, raw=raw)


def _period_end(doc: Mapping[str, Any]) -> dt.date | None:
    try:
        return default_as_of(doc)
    except (KeyError, TypeError, ValueError):
        return None
