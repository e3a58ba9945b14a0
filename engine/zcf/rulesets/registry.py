"""Find rulesets: folders and signed `.zcfb` bundles on the search path (`ZCF_RULESETS`, then the repo's).

`ID` alone picks the edition in force on the as-of date; `ID@VERSION` pins one. Several editions of
one id live side by side, each with `effective_from`/`effective_until` and `supersedes`. A bundle is
verified against the keyring (`ZCF_KEYRING`, else `~/.config/zcf/keyring`) before it is listed or
loaded: a refusal raises the `BundleError` that says why (exit 4). Unsigned or untrusted bundles
are refused unless `ZCF_ALLOW_UNSIGNED=1`; so are plain folders on `ZCF_RULESETS` once a keyring
holds a key. A signed bundle is never shadowed by a folder of the same id@version, and the newest
signed edition seen of each id is remembered, so choosing an older one later is warned about
(`rollback_warning`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from packaging.version import InvalidVersion, Version

from zcf.errors import RulesetNotFoundError, UnsignedRulesetError, ZcfError
from zcf.formats.yaml_io import load_yaml
from zcf.locations import data_dir
from zcf.rulesets.loader import RULESET_FILE, LoadedRuleset, load_ruleset_dir

if TYPE_CHECKING:
    from zcf.publishing.signing import Signer

#: the repo checkout's rulesets/ (the package is installed editable from it)
REPO_RULESETS = data_dir("rulesets")
BUNDLE_SUFFIX = ".zcfb"
ALLOW_UNSIGNED_ENV = "ZCF_ALLOW_UNSIGNED"


def search_path() -> list[Path]:
    """Where rulesets are looked for, first match wins: $ZCF_RULESETS entries, then the repo's.

    An entry is a folder holding `<id>/<version>/ruleset.yaml` folders and `*.zcfb` bundles, or
    one `.zcfb` file.
    """
    paths = [Path(p) for p in os.environ.get("ZCF_RULESETS", "").split(os.pathsep) if p]
    return [*paths, REPO_RULESETS]


def allow_unsigned() -> bool:
    """`ZCF_ALLOW_UNSIGNED=1`: accept bundles no trusted key signed (tampering is still refused)."""
    return os.environ.get(ALLOW_UNSIGNED_ENV, "").strip().lower() in {"1", "true", "yes"}


@dataclass(frozen=True)
class RulesetEntry:
    id: str
    version: str
    #: the folder the loader reads: the ruleset folder, or a bundle's verified extraction
    folder: Path
    effective_from: dt.date
    effective_until: dt.date | None
    title_zh: str
    title_en: str
    status: str
    #: effective_from is a placeholder: before it the edition is evaluated as draft, informative
    preview: bool = False
    #: scope filters from the ruleset (e.g. industry_code prefixes, province codes)
    applies_to: tuple[tuple[str, tuple[str, ...]], ...] = ()
    supersedes: str | None = None
    #: "folder" or "bundle"
    origin: str = "folder"
    #: the bundle file for bundle entries (None for folders: `folder` is the source)
    bundle: Path | None = None
    #: sha256 of a bundle's manifest; None for folders (the loader hashes the folder)
    digest: str | None = None
    signers: tuple[Signer, ...] = ()
    #: end implied by a later edition when this one declares no `effective_until`
    implied_until: dt.date | None = None

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    @property
    def source(self) -> Path:
        """Where the ruleset came from, as a user would name it: the bundle file or the folder."""
        return self.bundle or self.folder

    @property
    def until(self) -> dt.date | None:
        """The first day it is no longer in force: declared, else implied by its successor."""
        return self.effective_until or self.implied_until

    @property
    def trusted_signers(self) -> tuple[Signer, ...]:
        return tuple(s for s in self.signers if str(s.status) == "valid")

    def signer_labels(self) -> tuple[str, ...]:
        """`key_id owner` of each trusted signer: what a LoadedRuleset records."""
        return tuple(f"{s.key_id} {s.owner}" for s in self.trusted_signers)

    def in_force(self, as_of: dt.date) -> bool:
        return self.effective_from <= as_of and (self.until is None or as_of < self.until)

    def superseded_ref(self) -> str | None:
        """`supersedes` as `ID@VERSION` (a bare version names an edition of the same id)."""
        if not self.supersedes:
            return None
        return self.supersedes if "@" in self.supersedes else f"{self.id}@{self.supersedes}"


def applies(entry: RulesetEntry, facts: dict[str, str]) -> bool:
    """Whether the ruleset's scope filters match: every filter must match one prefix."""
    for key, prefixes in entry.applies_to:
        value = facts.get(key)
        if value is None or not any(value.startswith(p) for p in prefixes):
            return False
    return True


def version_key(version: str) -> tuple[int, Version | None, str]:
    """Sort key for versions: PEP 440 order where it parses (so 1.10 > 1.9, 2.0.0rc1 < 2.0.0)."""
    try:
        return (1, Version(version), version)
    except InvalidVersion:
        return (0, None, version)


def _sort_key(entry: RulesetEntry) -> tuple[object, ...]:
    parsed = version_key(entry.version)
    return (entry.id, parsed[0], parsed[1] or Version("0"), parsed[2])


@lru_cache(maxsize=256)
def _read_yaml(file: Path, mtime_ns: int, size: int) -> Any:
    """Parsed ruleset.yaml, cached until the file changes: discovery runs several times per command."""
    return load_yaml(file)[0]


def _entry_from_yaml(file: Path, **extra: object) -> RulesetEntry | None:
    stat = file.stat()
    data = _read_yaml(file, stat.st_mtime_ns, stat.st_size)
    if not isinstance(data, dict) or "id" not in data or "version" not in data:
        return None
    until = data.get("effective_until")
    return RulesetEntry(
        id=str(data["id"]), version=str(data["version"]), folder=file.parent,
        effective_from=dt.date.fromisoformat(str(data.get("effective_from"))),
        effective_until=dt.date.fromisoformat(str(until)) if until else None,
        title_zh=str((data.get("title") or {}).get("zh-CN", "")),
        title_en=str((data.get("title") or {}).get("en", "")),
        status=str(data.get("status", "")),
        preview=data.get("effective_from_provisional") is True,
        applies_to=tuple((str(k), tuple(str(x) for x in v)) for k, v in (data.get("applies_to") or {}).items()),
        supersedes=str(data["supersedes"]) if data.get("supersedes") else None,
        **extra,  # type: ignore[arg-type]
    )


def open_bundle_entry(path: Path) -> RulesetEntry:
    """Verify a `.zcfb` against the keyring, extract it to the cache and describe it.

    Raises:
        BundleError: the bundle is tampered with, unsigned or signed by an unknown or expired key
            (unsigned and unknown keys pass with ZCF_ALLOW_UNSIGNED=1), or its manifest and
            ruleset.yaml disagree about what it holds.
    """
    from zcf.publishing.bundle import open_bundle  # cryptography is imported only when needed
    from zcf.publishing.bundle_errors import BundleFormatError
    from zcf.publishing.signing import Keyring

    opened = open_bundle(path, Keyring.default(), as_of=dt.date.today(), require_signature=not allow_unsigned())
    verified = opened.verified
    entry = _entry_from_yaml(opened.ruleset_dir / RULESET_FILE, origin="bundle", bundle=path,
                             digest=verified.digest, signers=verified.signers)
    if entry is None or (entry.id, entry.version) != (verified.ruleset.id, verified.ruleset.version):
        found = entry.ref if entry else "no id/version"
        raise BundleFormatError(str(path), f"manifest.json names {verified.ruleset.id}@{verified.ruleset.version} "
                                f"but its ruleset.yaml says {found}")
    return entry


def keyring_configured() -> bool:
    """A keyring with at least one key: from then on only signed rulesets are trusted by default."""
    from zcf.publishing.signing import default_keyring_dir

    folder = default_keyring_dir()
    return folder.is_dir() and any(folder.glob("*.pub"))


def _entries_in(root: Path, *, shipped: bool) -> list[RulesetEntry]:
    if root.is_file() and root.suffix == BUNDLE_SUFFIX:
        return [open_bundle_entry(root)]
    found = [e for file in sorted(root.glob(f"*/*/{RULESET_FILE}")) if (e := _entry_from_yaml(file))]
    if found and not shipped and not allow_unsigned() and keyring_configured():
        raise UnsignedRulesetError(str(found[0].folder))
    return found + [open_bundle_entry(p) for p in sorted(root.glob(f"*{BUNDLE_SUFFIX}")) if p.is_file()]


def _outranks(entry: RulesetEntry, held: RulesetEntry) -> bool:
    """A signed bundle beats any folder or unsigned copy of the same id@version; else first wins."""
    return bool(entry.trusted_signers) and not held.trusted_signers


def _with_implied_ends(entries: list[RulesetEntry]) -> list[RulesetEntry]:
    """An open-ended edition ends when a later edition of its id takes effect.

    Two open-ended editions cannot both be meant to apply forever; a publisher who wants a
    transition window gives the old edition an `effective_until` after the new one's start.
    """
    out = []
    for entry in entries:
        if entry.effective_until is not None:
            out.append(entry)
            continue
        later = [e.effective_from for e in entries if e.id == entry.id and e is not entry
                 and (e.effective_from, version_key(e.version)) > (entry.effective_from, version_key(entry.version))]
        out.append(replace(entry, implied_until=min(later)) if later else entry)
    return out


def discover(paths: list[Path] | None = None) -> list[RulesetEntry]:
    """Every ruleset edition on the search path (first occurrence of an id@version wins).

    Raises:
        BundleError: a bundle on the path cannot be trusted (nothing is listed past a refusal).
    """
    roots = paths or search_path()
    key = _fingerprint(roots)
    cached = _DISCOVERED.get(key)
    if cached is not None:
        return list(cached)
    found: dict[str, RulesetEntry] = {}
    for root in roots:
        for entry in _entries_in(root, shipped=root == REPO_RULESETS):
            held = found.get(entry.ref)
            if held is None or _outranks(entry, held):
                found[entry.ref] = entry
    entries = _with_implied_ends(sorted(found.values(), key=_sort_key))
    _remember_signed(entries)
    if len(_DISCOVERED) >= 32:
        _DISCOVERED.clear()
    _DISCOVERED[key] = tuple(entries)
    return entries


#: search path fingerprint -> the editions discovered on it; a changed file or folder changes the key
_DISCOVERED: dict[tuple[object, ...], tuple[RulesetEntry, ...]] = {}


def _fingerprint(roots: list[Path]) -> tuple[object, ...]:
    """What discovery depends on, read with a few `stat` calls: each root, each `<id>/` and
    `<id>/<version>/` folder, each `ruleset.yaml` and bundle (path, mtime, size), the keyring's
    files and today's date (key expiry). Adding, removing or editing any of them gives another
    fingerprint, so a long-running process sees the change."""
    parts: list[object] = []

    def stamp(path: str) -> None:
        try:
            st = os.stat(path)
        except OSError:
            parts.append((path, None))
        else:
            parts.append((path, st.st_mtime_ns, st.st_size))

    for root in roots:
        stamp(str(root))
        if not root.is_dir():
            continue
        with os.scandir(root) as level1:
            for child in sorted(level1, key=lambda e: e.name):
                if child.name.endswith(BUNDLE_SUFFIX):
                    stamp(child.path)
                elif child.is_dir():
                    stamp(child.path)
                    with os.scandir(child.path) as level2:
                        for version in sorted(level2, key=lambda e: e.name):
                            if version.is_dir():
                                stamp(version.path)
                                stamp(os.path.join(version.path, RULESET_FILE))
    from zcf.publishing.signing import default_keyring_dir  # bundles are trusted by this keyring

    keyring = default_keyring_dir()
    stamp(str(keyring))
    if keyring.is_dir():
        for key in sorted(os.listdir(keyring)):
            stamp(os.path.join(keyring, key))
    # the day matters too: a signing key may expire at midnight
    return (allow_unsigned(), dt.date.today(), *parts)


# -- rollback: the newest signed edition ever seen of each id ------------------------------------

def _seen_file() -> Path:
    """`signed-editions.json` in the zcf cache (`$ZCF_CACHE`, else `$XDG_CACHE_HOME/zcf`)."""
    if env := os.environ.get("ZCF_CACHE"):
        return Path(env) / SEEN_FILE
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "zcf" / SEEN_FILE


SEEN_FILE = "signed-editions.json"


def _read_seen() -> dict[str, dict[str, str | None]]:
    from zcf.input_files import loads_strict, read_limited

    path = _seen_file()
    try:
        data = loads_strict(read_limited(path, limit=1 << 20, what="record of signed editions"))
    except (ZcfError, ValueError):
        return {}  # absent (first run) or unreadable: start a fresh record
    return data if isinstance(data, dict) else {}


def _remember_signed(entries: list[RulesetEntry]) -> None:
    """Record, per id, the highest version any trusted signer signed (kept across runs)."""
    seen = _read_seen()
    changed = False
    for entry in entries:
        if not entry.trusted_signers:
            continue
        held = seen.get(entry.id)
        if held is None or version_key(entry.version) > version_key(str(held.get("version"))):
            seen[entry.id] = {"version": entry.version, "effective_from": entry.effective_from.isoformat(),
                              "effective_until": entry.until.isoformat() if entry.until else None,
                              "source": str(entry.source)}
            changed = True
    if changed:
        path = _seen_file()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(seen, indent=2, sort_keys=True) + "\n", encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass  # a read-only cache only loses the rollback warning, never an evaluation


def rollback_warning(entry: RulesetEntry, as_of: dt.date) -> str | None:
    """A warning when `entry` is older than a signed edition of its id that was once seen and is
    in force on `as_of` (a newer signed bundle removed from the search path: a rollback)."""
    held = _read_seen().get(entry.id)
    if not held or version_key(str(held.get("version"))) <= version_key(entry.version):
        return None
    try:
        start = dt.date.fromisoformat(str(held.get("effective_from")))
        until = dt.date.fromisoformat(str(held["effective_until"])) if held.get("effective_until") else None
    except ValueError:
        return None
    if as_of < start or (until is not None and as_of >= until):
        return None
    return (f"{entry.ref} was chosen, but the newer signed edition {entry.id}@{held.get('version')} "
            f"(in force from {start}; seen at {held.get('source')}) is not on the search path: "
            "an older edition may have been put in its place")


def _preferred(entries: list[RulesetEntry]) -> RulesetEntry:
    """The edition to use among several: not superseded by another candidate, not marked
    superseded, latest effective_from, then highest version."""
    replaced = {e.superseded_ref() for e in entries}
    return max(entries, key=lambda e: (e.ref not in replaced, e.status != "superseded",
                                       e.effective_from, version_key(e.version)))


def editions_in_force(rid: str, as_of: dt.date, *, paths: list[Path] | None = None) -> list[RulesetEntry]:
    """Every edition of `rid` in force on `as_of`, oldest first; two or more = a transition window."""
    entries = [e for e in discover(paths) if e.id == rid and e.in_force(as_of)]
    return sorted(entries, key=lambda e: (e.effective_from, version_key(e.version)))


def find(spec: str, *, as_of: dt.date | None = None,
         paths: list[Path] | None = None) -> RulesetEntry:
    """Resolve `ID` or `ID@VERSION` to one edition; raise RulesetNotFoundError naming the choices."""
    return find_in(discover(paths), spec, as_of=as_of)


def find_in(everything: list[RulesetEntry], spec: str, *, as_of: dt.date | None = None) -> RulesetEntry:
    """`find` among editions already discovered (one discovery serves many look-ups)."""
    rid, _, version = spec.partition("@")
    entries = [e for e in everything if e.id == rid]
    if not entries:
        known = sorted({e.id for e in everything})
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
    if as_of is None:
        return _preferred(entries)
    in_force = [e for e in entries if e.in_force(as_of)]
    if in_force:
        return _preferred(in_force)
    first = min(e.effective_from for e in entries)
    previews = [e for e in entries if e.preview and as_of < e.effective_from]
    if as_of < first and previews:
        # nothing in force yet and the date is a placeholder: the first edition, informative
        return min(previews, key=lambda e: (e.effective_from, version_key(e.version)))
    advice = (f"the first edition takes effect on {first}; to evaluate this period under it, "
              f"evaluate as of {first} or later, e.g. the date you apply (`as_of=` in Python, `--as-of` "
              "on the command line)" if as_of < first
              else "choose another as-of date (`as_of=`, `--as-of`), or pin an edition with ID@VERSION")
    raise RulesetNotFoundError(
        f"no edition of {rid!r} is in force on {as_of.isoformat()}",
        hint=advice + "; editions: " + ", ".join(
            f"{e.version} ({e.effective_from} → {e.until or '…'})" for e in entries),
    )


def load_entry(entry: RulesetEntry) -> LoadedRuleset:
    """Load an entry as the loader does a folder, recording where it came from.

    A bundle's LoadedRuleset has origin "bundle", the bundle digest (so results name the exact
    bytes that were signed) and its trusted signers as `key_id owner`.
    """
    return load_ruleset_dir(entry.folder, origin=entry.origin, digest=entry.digest,
                            signers=entry.signer_labels())
