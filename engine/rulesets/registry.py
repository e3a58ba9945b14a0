"""Find rulesets: folders under the search path (`ZCF_RULESETS`, then the repo's `rulesets/`).

`ID` alone picks the edition in force on the as-of date; `ID@VERSION` pins one.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from engine.errors import RulesetNotFoundError
from engine.rulesets.loader import RULESET_FILE
from engine.rulesets.yaml_loader import load_yaml

#: the repo checkout's rulesets/ (the package is installed editable from it)
REPO_RULESETS = Path(__file__).resolve().parents[2] / "rulesets"


def search_path() -> list[Path]:
    """Folders searched for rulesets, first match wins: $ZCF_RULESETS entries, then the repo's."""
    paths = [Path(p) for p in os.environ.get("ZCF_RULESETS", "").split(os.pathsep) if p]
    return [*paths, REPO_RULESETS]


@dataclass(frozen=True)
class RulesetEntry:
    id: str
    version: str
    folder: Path
    effective_from: dt.date
    effective_until: dt.date | None
    title_zh: str
    title_en: str
    status: str
    #: scope filters from the ruleset (e.g. industry_code prefixes, province codes)
    applies_to: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    def in_force(self, as_of: dt.date) -> bool:
        return self.effective_from <= as_of and (
            self.effective_until is None or as_of < self.effective_until)


def applies(entry: RulesetEntry, facts: dict[str, str]) -> bool:
    """Whether the ruleset's scope filters match: every filter must match one prefix."""
    for key, prefixes in entry.applies_to:
        value = facts.get(key)
        if value is None or not any(value.startswith(p) for p in prefixes):
            return False
    return True


def _version_key(version: str) -> tuple[int, ...]:
    core = version.split("-", 1)[0]
    return tuple(int(p) for p in core.split("."))


def discover(paths: list[Path] | None = None) -> list[RulesetEntry]:
    """Every ruleset edition on the search path (first occurrence of an id@version wins)."""
    found: dict[str, RulesetEntry] = {}
    for root in paths or search_path():
        for file in sorted(root.glob(f"*/*/{RULESET_FILE}")):
            data, _ = load_yaml(file)
            if not isinstance(data, dict) or "id" not in data or "version" not in data:
                continue
            entry = RulesetEntry(
                id=str(data["id"]), version=str(data["version"]), folder=file.parent,
                effective_from=dt.date.fromisoformat(str(data.get("effective_from"))),
                effective_until=(dt.date.fromisoformat(str(data["effective_until"]))
                                 if data.get("effective_until") else None),
                title_zh=str(data.get("title", {}).get("zh-CN", "")),
                title_en=str(data.get("title", {}).get("en", "")),
                status=str(data.get("status", "")),
                applies_to=tuple((str(k), tuple(str(x) for x in v))
                                 for k, v in (data.get("applies_to") or {}).items()),
            )
            found.setdefault(entry.ref, entry)
    return sorted(found.values(), key=lambda e: (e.id, _version_key(e.version)))


def find(spec: str, *, as_of: dt.date | None = None,
         paths: list[Path] | None = None) -> RulesetEntry:
    """Resolve `ID` or `ID@VERSION` to one edition; raise RulesetNotFoundError naming the choices."""
    rid, _, version = spec.partition("@")
    entries = [e for e in discover(paths) if e.id == rid]
    if not entries:
        known = sorted({e.id for e in discover(paths)})
        raise RulesetNotFoundError(
            f"no ruleset with id {rid!r}",
            hint=f"known rulesets: {', '.join(known) or '(none)'}; list them with `zcf rulesets`",
        )
    if version:
        for entry in entries:
            if entry.version == version:
                return entry
        raise RulesetNotFoundError(
            f"ruleset {rid!r} has no version {version!r}",
            hint=f"available: {', '.join(e.version for e in entries)}",
        )
    if as_of is not None:
        in_force = [e for e in entries if e.in_force(as_of)]
        if in_force:
            return in_force[-1]
        first = min(e.effective_from for e in entries)
        advice = (f"the first edition takes effect on {first}; to evaluate this period under it, "
                  f"pass --as-of {first} or later (e.g. the date you apply)" if as_of < first
                  else "choose another --as-of")
        raise RulesetNotFoundError(
            f"no edition of {rid!r} is in force on {as_of.isoformat()}",
            hint=advice + "; editions: "
            + ", ".join(f"{e.version} (from {e.effective_from})" for e in entries),
        )
    return entries[-1]
