"""Compiled rulesets by id, `ID@VERSION`, folder or `.zcfb` bundle, cached per process.

Every layer that needs a compiled ruleset (the API, editions, replay, schemes) comes here, so the
cache is one and nothing below the API imports the API.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from zcf.rulesets import registry, tailoring
from zcf.rulesets.compiler import CompiledRuleset, compile_ruleset
from zcf.rulesets.loader import load_ruleset_dir


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
    bundle is verified against the keyring first (see `zcf.rulesets.registry`).
    """
    path = Path(spec)
    if path.is_dir():
        return _load_folder(path.resolve())
    if path.suffix == registry.BUNDLE_SUFFIX and path.is_file():
        return load_entry(registry.open_bundle_entry(path))
    return load_entry(registry.find(str(spec), as_of=as_of))
