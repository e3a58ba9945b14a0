"""Ruleset bundles (`.zcfb`): build a deterministic zip, verify it, extract it for the loader.

A bundle holds `manifest.json` (canonical JSON listing every file's sha256), the ruleset folder
under `ruleset/`, its standard under `standards/`, and `signatures/<key_id>.sig.json`. The bundle
digest is sha256 of the manifest bytes, so signing never changes it. Keys and signature checks
live in `signing.py`; this module owns the zip and everything that can go wrong inside it.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from zcf.errors import InputFileError, RulesetError, UsageError
from zcf.formats.yaml_io import load_yaml
from zcf.publishing.bundle_errors import (
    BundleFormatError,
    BundleTooLargeError,
    DuplicateEntryError,
    EngineIncompatibleError,
    FileDigestMismatchError,
    MissingFileError,
    SymlinkEntryError,
    UnlistedFileError,
    UnsafePathError,
)
from zcf.publishing.manifest import (
    DEFAULT_ENGINE_REQUIRES,
    MANIFEST,
    NAME_RE,
    FileEntry,
    Manifest,
    RulesetRef,
    requirement_holds,
    unsafe_reason,
)
from zcf.publishing.signing import (
    Keyring,
    Signature,
    Signer,
    SignerStatus,
    check_signatures,
    sign_manifest,
)
from zcf.version import __version__

#: Zip-bomb guards. A real ruleset is well under 1 MiB; these leave two orders of magnitude.
MAX_ENTRY_BYTES = 20 * 1024 * 1024
MAX_TOTAL_BYTES = 100 * 1024 * 1024
MAX_ENTRIES = 10_000
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date zip can store: no build-time leak
_SIGNATURE_RE = re.compile(r"signatures/([0-9a-f]{16})\.sig\.json")
_SKIPPED_DIRS = {"__pycache__"}


@dataclass(frozen=True, slots=True)
class BundleInfo:
    path: Path
    digest: str  #: sha256 of the canonical manifest bytes
    manifest: Manifest

    @property
    def ruleset(self) -> RulesetRef:
        return self.manifest.ruleset


@dataclass(frozen=True, slots=True)
class VerifiedBundle:
    """A bundle whose every byte matched its manifest, with the signers' verdicts."""

    path: Path
    digest: str
    manifest: Manifest
    manifest_bytes: bytes  #: the exact canonical bytes that were hashed and signed
    signers: tuple[Signer, ...]

    @property
    def ruleset(self) -> RulesetRef:
        return self.manifest.ruleset

    @property
    def files(self) -> tuple[FileEntry, ...]:
        return self.manifest.files

    @property
    def trusted(self) -> bool:
        """At least one signature by an unexpired keyring key verified."""
        return any(s.status is SignerStatus.VALID for s in self.signers)


@dataclass(frozen=True, slots=True)
class OpenedBundle:
    """A verified bundle extracted in the repository layout, ready for the loader."""

    verified: VerifiedBundle
    root: Path  #: holds `rulesets/<id>/<version>/` and `standards/`, as the repository does
    ruleset_dir: Path
    standards_dir: Path


def engine_version() -> str | None:
    """This engine's version (`zcf.version`); tests stand in another one by patching this function."""
    return __version__


def default_cache_dir() -> Path:
    """`$ZCF_CACHE/bundles`, else `$XDG_CACHE_HOME/zcf/bundles`, else `~/.cache/zcf/bundles`."""
    if env := os.environ.get("ZCF_CACHE"):
        return Path(env) / "bundles"
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "zcf" / "bundles"


# -- build ---------------------------------------------------------------------------------------


def build_bundle(
    ruleset_dir: Path,
    out: Path,
    *,
    standards_dir: Path,
    engine_requires: str = DEFAULT_ENGINE_REQUIRES,
    created_by: str | None = None,
) -> BundleInfo:
    """Pack `ruleset_dir` and its standard document into `out`; same inputs give the same bytes.

    Hidden files and `__pycache__` are left out. The bundle is unsigned: see `sign_bundle`.

    Raises:
        RulesetError: ruleset.yaml missing or lacking id/version, the standard file missing, a
            symlink or an unportable file name in the ruleset folder.
    """
    ref = _read_ruleset_ref(ruleset_dir)
    contents = _collect_ruleset_files(ruleset_dir)
    if ref.standard_document is not None:
        doc = standards_dir / f"{ref.standard_document}.xml"
        if not doc.is_file():
            raise RulesetError(
                f"standard document {doc} not found",
                file=str(ruleset_dir / "ruleset.yaml"),
                hint="pass --standards DIR pointing at the folder holding it",
            )
        contents[f"standards/{doc.name}"] = doc.read_bytes()
    try:
        requirement_holds(engine_requires, "0")  # fail at build, not at every user's verify
    except ValueError as err:
        raise UsageError(
            str(err), hint="use comparisons joined by commas, e.g. '>=0.1,<1'"
        ) from err
    version = engine_version()
    manifest = Manifest(
        ruleset=ref,
        files=tuple(
            FileEntry(path, hashlib.sha256(data).hexdigest(), len(data))
            for path, data in sorted(contents.items())
        ),
        engine_requires=engine_requires,
        created_by=created_by or (f"zcf-engine/{version}" if version else "zcf-engine"),
    )
    raw = manifest.to_bytes()
    _write_zip(out, {MANIFEST: raw, **contents})
    return BundleInfo(out, hashlib.sha256(raw).hexdigest(), manifest)


def _read_ruleset_ref(ruleset_dir: Path) -> RulesetRef:
    source = ruleset_dir / "ruleset.yaml"
    # Only the identity is used here; the ruleset loader validates the rest.
    doc = load_yaml(source)[0]
    if not isinstance(doc, dict):
        raise RulesetError("expected a mapping at the top level", file=str(source))
    for key in ("id", "version"):
        if not isinstance(doc.get(key), str) or not NAME_RE.fullmatch(doc[key]):
            raise RulesetError(
                f"{key} must be a string of letters, digits, '.', '_' or '-'",
                file=str(source),
                hint=f'quote it, e.g. {key}: "1.0.0"' if key == "version" else None,
            )
    standard = doc.get("standard") or {}
    document = standard.get("document") if isinstance(standard, dict) else None
    if document is not None and not (isinstance(document, str) and NAME_RE.fullmatch(document)):
        raise RulesetError("standard.document must be a file name without '.xml'", file=str(source))
    edition = standard.get("edition") if isinstance(standard, dict) else None
    return RulesetRef(
        doc["id"],
        doc["version"],
        _as_date(doc.get("effective_from"), "effective_from", str(source)),
        _as_date(doc.get("effective_until"), "effective_until", str(source)),
        document,
        None if edition is None else str(edition),
    )


def _as_date(value: object, field: str, source: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as err:
        raise RulesetError(f"{field} must be an ISO date (YYYY-MM-DD)", file=source) from err


def _collect_ruleset_files(ruleset_dir: Path) -> dict[str, bytes]:
    contents: dict[str, bytes] = {}
    for folder, dirnames, filenames in os.walk(ruleset_dir):
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and d not in _SKIPPED_DIRS
        )
        for name in [*dirnames, *filenames]:
            path = Path(folder) / name
            if path.is_symlink():
                raise RulesetError(
                    "symbolic links cannot be bundled", file=str(path), hint="copy the file in"
                )
        for name in sorted(f for f in filenames if not f.startswith(".")):
            path = Path(folder) / name
            arcname = "ruleset/" + path.relative_to(ruleset_dir).as_posix()
            if reason := unsafe_reason(arcname):
                raise RulesetError(f"file name is not portable ({reason})", file=str(path))
            contents[arcname] = path.read_bytes()
    return contents


def _write_zip(out: Path, entries: dict[str, bytes]) -> None:
    """Write atomically, byte-reproducibly: sorted names, fixed dates and modes, no extras."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle, zipfile.ZipFile(handle, "w") as archive:
            for name in sorted(entries):
                info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3  # unix, so external_attr means the same everywhere
                info.external_attr = (stat.S_IFREG | 0o644) << 16
                archive.writestr(info, entries[name], compresslevel=6)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# -- sign ----------------------------------------------------------------------------------------


def sign_bundle(
    path: Path, private_key_path: Path, *, key_id: str | None = None, signed_at: datetime
) -> None:
    """Add (or replace) this key's signature; other signatures and the digest stay as they are.

    The contents are verified first: a key must never vouch for a bundle that is already broken.

    Raises:
        BundleError: the bundle fails verification (see `verify_bundle`), or a key problem.
    """
    verified, entries = _verify(path, None, signed_at.date(), False, check_engine=False)
    signature = sign_manifest(
        verified.manifest_bytes, private_key_path, signed_at=signed_at, key_id=key_id
    )
    entries[f"signatures/{signature.key_id}.sig.json"] = signature.to_json()
    _write_zip(path, entries)


# -- verify --------------------------------------------------------------------------------------


def verify_bundle(
    path: Path, keyring: Keyring | None, *, as_of: date, require_signature: bool
) -> VerifiedBundle:
    """Check every byte, path and signature of a bundle; refuse it on the first defect.

    `as_of` decides key expiry (never the wall clock). `keyring=None` trusts no key.

    Raises:
        BundleError: a subclass from `bundle_errors` whose `code` names the refusal.
    """
    return _verify(path, keyring, as_of, require_signature, check_engine=True)[0]


def _verify(
    path: Path, keyring: Keyring | None, as_of: date, require_signature: bool, *, check_engine: bool
) -> tuple[VerifiedBundle, dict[str, bytes]]:
    bundle = str(path)
    entries = _read_entries(path)
    if MANIFEST not in entries:
        raise BundleFormatError(bundle, f"{MANIFEST} is missing")
    raw = entries[MANIFEST]
    manifest = Manifest.parse(raw, bundle=bundle)
    version = engine_version() if check_engine else None
    if version is not None and not requirement_holds(manifest.engine_requires, version):
        raise EngineIncompatibleError(
            bundle, requires=manifest.engine_requires, engine_version=version
        )
    listed = {f.path for f in manifest.files}
    for name in sorted(entries):
        if name != MANIFEST and name not in listed and not _SIGNATURE_RE.fullmatch(name):
            raise UnlistedFileError(bundle, name)
    for entry in manifest.files:
        if entry.path not in entries:
            raise MissingFileError(bundle, entry.path)
        _check_digest(bundle, entry, entries[entry.path])
    signatures: dict[str, Signature] = {}
    for name in sorted(entries):
        if match := _SIGNATURE_RE.fullmatch(name):
            key_id = match.group(1)
            signatures[key_id] = Signature.from_json(entries[name], key_id=key_id, bundle=bundle)
    signers = check_signatures(
        raw, signatures, keyring, as_of=as_of, require_signature=require_signature, bundle=bundle
    )
    verified = VerifiedBundle(path, hashlib.sha256(raw).hexdigest(), manifest, raw, signers)
    return verified, entries


def _read_entries(path: Path) -> dict[str, bytes]:
    """Read all entries after vetting names, types and declared sizes; bounded actual reads."""
    bundle = str(path)
    if not path.is_file():  # a wrong path is the caller's mistake (exit 2), not a bad bundle
        raise InputFileError(f"{bundle}: bundle file not found" if not path.exists()
                             else f"{bundle}: not a regular file",
                             hint="check the path of the .zcfb file")
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as err:
        raise BundleFormatError(bundle, f"not a readable zip file ({err})") from err
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise BundleTooLargeError(bundle, None, size=len(infos), limit=MAX_ENTRIES)
        seen: set[str] = set()
        declared = 0
        for info in infos:
            name = info.filename
            if reason := unsafe_reason(name):
                raise UnsafePathError(bundle, name, reason)
            if stat.S_ISLNK(info.external_attr >> 16):
                raise SymlinkEntryError(bundle, name)
            if name.casefold() in seen:
                raise DuplicateEntryError(bundle, name)
            seen.add(name.casefold())
            if info.flag_bits & 0x1:
                raise BundleFormatError(bundle, f"{name} is encrypted")
            if info.file_size > MAX_ENTRY_BYTES:
                raise BundleTooLargeError(bundle, name, size=info.file_size, limit=MAX_ENTRY_BYTES)
            declared += info.file_size
            if declared > MAX_TOTAL_BYTES:
                raise BundleTooLargeError(bundle, None, size=declared, limit=MAX_TOTAL_BYTES)
        entries: dict[str, bytes] = {}
        total = 0
        for info in infos:
            # Headers can lie about sizes: the read itself is capped, too.
            data = _read_member(archive, info, bundle)
            total += len(data)
            if total > MAX_TOTAL_BYTES:
                raise BundleTooLargeError(bundle, None, size=total, limit=MAX_TOTAL_BYTES)
            entries[info.filename] = data
    return entries


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, bundle: str) -> bytes:
    try:
        with archive.open(info) as handle:
            data = handle.read(MAX_ENTRY_BYTES + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError) as err:
        raise FileDigestMismatchError(bundle, info.filename) from err
    except NotImplementedError as err:
        raise BundleFormatError(bundle, f"{info.filename}: {err}") from err
    if len(data) > MAX_ENTRY_BYTES:
        raise BundleTooLargeError(bundle, info.filename, size=len(data), limit=MAX_ENTRY_BYTES)
    return data


def _check_digest(bundle: str, entry: FileEntry, data: bytes) -> None:
    actual = hashlib.sha256(data).hexdigest()
    if actual != entry.sha256 or len(data) != entry.size:
        raise FileDigestMismatchError(bundle, entry.path, expected=entry.sha256, actual=actual)


# -- extract -------------------------------------------------------------------------------------


def _target(ref: RulesetRef, bundle_path: str) -> Path:
    """Where a bundle file lands: the repository layout, so folder-based loading just works."""
    top, _, rest = bundle_path.partition("/")
    if top == "ruleset":
        return Path("rulesets", ref.id, ref.version, *rest.split("/"))
    return Path("standards", *rest.split("/"))


def _materialise(verified: VerifiedBundle, entries: dict[str, bytes], root: Path) -> None:
    for entry in verified.files:
        data = entries[entry.path]
        _check_digest(str(verified.path), entry, data)
        target = root / _target(verified.ruleset, entry.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def extract_bundle(verified: VerifiedBundle, dest_dir: Path) -> Path:
    """Extract into an empty `dest_dir`; return the ruleset folder. Bytes are re-hashed on the way.

    Raises:
        UsageError: `dest_dir` exists and is not empty.
        BundleError: the bundle file changed since it was verified.
    """
    if dest_dir.exists() and any(dest_dir.iterdir()):
        raise UsageError(f"{dest_dir} is not empty", hint="extract into a new folder")
    bundle = str(verified.path)
    entries: dict[str, bytes] = {}
    with zipfile.ZipFile(verified.path) as archive:
        for entry in verified.files:
            try:
                info = archive.getinfo(entry.path)
            except KeyError as err:
                raise MissingFileError(bundle, entry.path) from err
            entries[entry.path] = _read_member(archive, info, bundle)
    _materialise(verified, entries, dest_dir)
    return dest_dir / "rulesets" / verified.ruleset.id / verified.ruleset.version


def open_bundle(
    path: Path,
    keyring: Keyring | None,
    *,
    as_of: date,
    require_signature: bool = True,
    cache_dir: Path | None = None,
) -> OpenedBundle:
    """Verify `path`, then return its extraction under `<cache>/<digest>/`, reusing a good one.

    The bundle is verified on every call, and a cached extraction is re-hashed against the
    manifest: files edited in the cache are replaced, never trusted.
    """
    verified, entries = _verify(path, keyring, as_of, require_signature, check_engine=True)
    cache = cache_dir or default_cache_dir()
    root = cache / verified.digest
    if not _extraction_matches(verified, root):
        cache.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=cache, prefix=f".{verified.digest[:16]}-"))
        try:
            _materialise(verified, entries, staging)
            if root.is_symlink() or root.is_file():
                root.unlink()
            elif root.exists():
                shutil.rmtree(root)
            try:
                staging.rename(root)
            except OSError:
                # Another process won the race; use its copy only if it is right.
                if not _extraction_matches(verified, root):
                    raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    ruleset_dir = root / "rulesets" / verified.ruleset.id / verified.ruleset.version
    return OpenedBundle(verified, root, ruleset_dir, root / "standards")


def _extraction_matches(verified: VerifiedBundle, root: Path) -> bool:
    if not root.is_dir() or root.is_symlink():
        return False
    expected = {_target(verified.ruleset, e.path).as_posix(): e for e in verified.files}
    found: set[str] = set()
    for folder, dirnames, filenames in os.walk(root):
        for name in [*dirnames, *filenames]:
            path = Path(folder) / name
            if path.is_symlink():
                return False
            if name in filenames:
                found.add(path.relative_to(root).as_posix())
    if found != set(expected):
        return False
    for rel, entry in expected.items():
        data = (root / rel).read_bytes()
        if len(data) != entry.size or hashlib.sha256(data).hexdigest() != entry.sha256:
            return False
    return True
