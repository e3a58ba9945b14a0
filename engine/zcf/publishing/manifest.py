"""The bundle manifest: its fields, its one canonical byte form, and the checks on what it says.

Kept apart from `bundle.py` (the zip) and `signing.py` (the keys) because both depend on it: the
manifest bytes are what gets hashed into the bundle digest and what every signature covers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from zcf.input_files import loads_strict
from zcf.model.canonical import canonical_json as canonical_json
from zcf.publishing.bundle_errors import BundleFormatError, UnsafePathError

FORMAT = "zcf-bundle/1"
MANIFEST = "manifest.json"
DEFAULT_ENGINE_REQUIRES = ">=0.1,<1"
NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")  #: ruleset id, version, standard document
_SHA256_RE = re.compile(r"[0-9a-f]{64}")
_REQUIRES_RE = re.compile(r"\s*(>=|<=|==|!=|>|<)\s*([0-9]+(?:\.[0-9]+)*)\s*")
_DRIVE_RE = re.compile(r"[A-Za-z]:")


def unsafe_reason(name: str) -> str | None:
    """Why a bundle path could escape the extraction folder or not be portable; None if safe."""
    if not name:
        return "empty name"
    if "\\" in name:
        return "contains a backslash"
    if name.startswith("/"):
        return "absolute path"
    if _DRIVE_RE.match(name):
        return "drive letter"
    # ':' also opens NTFS alternate data streams; control characters break terminals and logs.
    if ":" in name or any(ord(c) < 32 for c in name):
        return "control character or ':'"
    parts = name.split("/")
    if ".." in parts:
        return "contains '..'"
    if "" in parts or "." in parts:
        return "empty or '.' segment (or a directory entry)"
    return None


def requirement_holds(requires: str, version: str) -> bool:
    """Does `version` satisfy a range like `>=0.1,<1`? Release numbers only, no pre-releases.

    Raises:
        ValueError: `requires` is not a comma-joined list of comparisons.
    """

    def release(text: str) -> tuple[int, ...]:
        match = re.match(r"[0-9]+(?:\.[0-9]+)*", text)
        return tuple(int(p) for p in match.group(0).split(".")) if match else (0,)

    have = release(version)
    for clause in requires.split(","):
        match = _REQUIRES_RE.fullmatch(clause)
        if match is None:
            raise ValueError(f"engine requirement {requires!r} is not a range like '>=0.1,<1'")
        want = release(match.group(2))
        width = max(len(have), len(want))
        a, b = have + (0,) * (width - len(have)), want + (0,) * (width - len(want))
        holds = {">=": a >= b, "<=": a <= b, ">": a > b, "<": a < b, "==": a == b, "!=": a != b}
        if not holds[match.group(1)]:
            return False
    return True


@dataclass(frozen=True, slots=True)
class FileEntry:
    path: str  #: path inside the bundle, e.g. `ruleset/ruleset.yaml`
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class RulesetRef:
    """What the manifest says about the ruleset it carries."""

    id: str
    version: str
    effective_from: date | None
    effective_until: date | None
    standard_document: str | None = None
    standard_edition: str | None = None


@dataclass(frozen=True, slots=True)
class Manifest:
    """`manifest.json`: the ruleset's identity, the engine range, and every file's digest."""

    ruleset: RulesetRef
    files: tuple[FileEntry, ...]
    engine_requires: str
    created_by: str

    def to_bytes(self) -> bytes:
        ref = self.ruleset
        standard = None
        if ref.standard_document is not None:
            standard = {"document": ref.standard_document, "edition": ref.standard_edition}
        return canonical_json(
            {
                "format": FORMAT,
                "ruleset": {
                    "id": ref.id,
                    "version": ref.version,
                    "effective_from": _iso(ref.effective_from),
                    "effective_until": _iso(ref.effective_until),
                    "standard": standard,
                },
                "engine": {"requires": self.engine_requires},
                "files": [{"path": f.path, "sha256": f.sha256, "size": f.size} for f in self.files],
                "created_by": self.created_by,
            }
        )

    @classmethod
    def parse(cls, raw: bytes, *, bundle: str) -> Manifest:
        """Read and check manifest bytes; every path is vetted before anything is extracted.

        Raises:
            BundleFormatError: not canonical JSON, unknown format, a missing or mistyped field.
            UnsafePathError: a listed path could escape the extraction folder.
        """

        def bad(reason: str) -> BundleFormatError:
            return BundleFormatError(bundle, f"{MANIFEST}: {reason}")

        try:
            body = loads_strict(raw)
        except ValueError as err:
            raise bad(f"not valid JSON ({err})") from err
        if not isinstance(body, dict):
            raise bad("expected a JSON object")
        # Canonical form makes the digest a function of the content, not of someone's serialiser.
        if canonical_json(body) != raw:
            raise bad("not in canonical form (sorted keys, no spaces, UTF-8)")
        if body.get("format") != FORMAT:
            raise BundleFormatError(
                bundle,
                f"{MANIFEST}: format {body.get('format')!r} is not {FORMAT!r}",
                hint="upgrade zcf-engine to read this bundle",
            )
        ruleset, engine = body.get("ruleset"), body.get("engine")
        if not isinstance(ruleset, dict) or not isinstance(engine, dict):
            raise bad("needs 'ruleset' and 'engine' objects")
        for key in ("id", "version"):
            if not isinstance(ruleset.get(key), str) or not NAME_RE.fullmatch(ruleset[key]):
                raise bad(f"ruleset.{key} must be a plain name")
        standard = ruleset.get("standard")
        document = standard.get("document") if isinstance(standard, dict) else None
        edition = standard.get("edition") if isinstance(standard, dict) else None
        if standard is not None and not (isinstance(document, str) and NAME_RE.fullmatch(document)):
            raise bad("ruleset.standard.document must be a plain name")
        try:
            start, end = (
                date.fromisoformat(v) if v is not None else None
                for v in (ruleset.get("effective_from"), ruleset.get("effective_until"))
            )
        except (TypeError, ValueError) as err:
            raise bad("ruleset.effective_from/effective_until must be ISO dates or null") from err
        requires, created_by = engine.get("requires"), body.get("created_by")
        if not isinstance(requires, str) or not isinstance(created_by, str):
            raise bad("engine.requires and created_by must be strings")
        if not all(_REQUIRES_RE.fullmatch(clause) for clause in requires.split(",")):
            raise bad(f"engine.requires {requires!r} is not a range like '>=0.1,<1'")
        ref = RulesetRef(ruleset["id"], ruleset["version"], start, end, document, edition)
        return cls(ref, _parse_files(body.get("files"), bundle, bad), requires, created_by)


def _parse_files(files: object, bundle: str, bad: Any) -> tuple[FileEntry, ...]:
    if not isinstance(files, list):
        raise bad("'files' must be a list")
    entries: list[FileEntry] = []
    for item in files:
        if not (
            isinstance(item, dict)
            and isinstance(item.get("path"), str)
            and isinstance(item.get("sha256"), str)
            and _SHA256_RE.fullmatch(item["sha256"])
            and type(item.get("size")) is int
            and item["size"] >= 0
        ):
            raise bad(f"malformed file entry {item!r}")
        path = item["path"]
        if reason := unsafe_reason(path):
            raise UnsafePathError(bundle, path, reason)
        if not path.startswith(("ruleset/", "standards/")):
            raise bad(f"{path} is outside ruleset/ and standards/")
        entries.append(FileEntry(path, item["sha256"], item["size"]))
    paths = [e.path for e in entries]
    if paths != sorted(set(paths)):
        raise bad("files must be sorted by path, each listed once")
    return tuple(entries)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None
