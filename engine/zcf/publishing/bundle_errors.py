"""Why a ruleset bundle or its signature is refused: one class per refusal, each with its `code`.

They sit under `zcf.errors.BundleError` (exit 4) so `zcf` maps them without knowing them. Each
keeps the data its message is rendered from (bundle, file or key id); the hint says what to do.
"""

from __future__ import annotations

from datetime import date

from zcf.errors import BundleError, DigestMismatchError, SignatureError

_REFETCH = "get a fresh copy from the publisher, or rebuild it with `zcf bundle build`"


class BundleFormatError(BundleError):
    """The file is not a zcf bundle: not a zip, no or malformed manifest.json, encrypted entry."""

    code = "bundle-format"

    def __init__(self, bundle: str, reason: str, *, hint: str | None = None) -> None:
        self.bundle, self.reason = bundle, reason
        super().__init__(f"{bundle}: {reason}", hint=hint or _REFETCH)


class DuplicateEntryError(BundleError):
    """Two zip entries share a name (or differ only in case): which one is checked is ambiguous."""

    code = "duplicate-entry"

    def __init__(self, bundle: str, file: str) -> None:
        self.bundle, self.file = bundle, file
        super().__init__(
            f"{bundle}: {file} appears more than once (names are compared case-insensitively)",
            hint="a valid bundle holds each file once; " + _REFETCH,
        )


class FileDigestMismatchError(DigestMismatchError):
    """A file's bytes differ from the sha256/size recorded in manifest.json, or do not inflate."""

    code = "digest-mismatch"

    def __init__(
        self, bundle: str, file: str, *, expected: str | None = None, actual: str | None = None
    ) -> None:
        self.bundle, self.file, self.expected, self.actual = bundle, file, expected, actual
        detail = (
            f"sha256 {actual}, manifest.json lists {expected}"
            if expected and actual
            else "its compressed data is damaged"
        )
        super().__init__(
            f"{bundle}: {file} does not match the bundle's manifest ({detail}); "
            "it was changed after the bundle was built",
            hint="do not use this bundle; " + _REFETCH,
        )


class UnlistedFileError(BundleError):
    """A zip entry is not listed in manifest.json, so nothing vouches for it."""

    code = "unlisted-file"

    def __init__(self, bundle: str, file: str) -> None:
        self.bundle, self.file = bundle, file
        super().__init__(
            f"{bundle}: {file} is in the bundle but not listed in manifest.json",
            hint="a file was added after the bundle was built; " + _REFETCH,
        )


class MissingFileError(BundleError):
    """manifest.json lists a file the zip does not contain."""

    code = "missing-file"

    def __init__(self, bundle: str, file: str) -> None:
        self.bundle, self.file = bundle, file
        super().__init__(
            f"{bundle}: {file} is listed in manifest.json but missing from the bundle",
            hint="the bundle is incomplete; " + _REFETCH,
        )


class UnsafePathError(BundleError):
    """An entry name could write outside the extraction folder (zip-slip) or is not portable."""

    code = "unsafe-path"

    def __init__(self, bundle: str, file: str, reason: str) -> None:
        self.bundle, self.file, self.reason = bundle, file, reason
        super().__init__(
            f"{bundle}: entry {file!r} is not a safe bundle path ({reason})",
            hint="bundles hold relative '/'-separated paths only; do not extract this file",
        )


class SymlinkEntryError(BundleError):
    """A zip entry is a symbolic link; extracting it could point reads or writes anywhere."""

    code = "symlink"

    def __init__(self, bundle: str, file: str) -> None:
        self.bundle, self.file = bundle, file
        super().__init__(
            f"{bundle}: {file} is a symbolic link; bundles may hold regular files only",
            hint="do not extract this bundle; " + _REFETCH,
        )


class BundleTooLargeError(BundleError):
    """An entry or the whole bundle inflates beyond the limits (zip bomb guard)."""

    code = "too-large"

    def __init__(self, bundle: str, file: str | None, *, size: int, limit: int) -> None:
        self.bundle, self.file, self.size, self.limit = bundle, file, size, limit
        what = file if file else "the bundle's files together"
        super().__init__(
            f"{bundle}: {what} would inflate to more than {limit} bytes (at least {size})",
            hint="rulesets are small text files; this is not a genuine bundle",
        )


class EngineIncompatibleError(BundleError):
    """The bundle asks for an engine version range this engine is not in."""

    code = "engine-incompatible"

    def __init__(self, bundle: str, *, requires: str, engine_version: str) -> None:
        self.bundle, self.requires, self.engine_version = bundle, requires, engine_version
        super().__init__(
            f"{bundle}: needs zcf-engine {requires} but this is zcf-engine {engine_version}",
            hint=f"install a zcf-engine version in {requires}, or get a bundle built for "
            f"{engine_version}",
        )


class UnknownKeyError(SignatureError):
    """Every signature is by a key the local keyring does not hold."""

    code = "unknown-key"

    def __init__(self, bundle: str, key_id: str, *, keyring: str | None) -> None:
        self.bundle, self.key_id, self.keyring = bundle, key_id, keyring
        where = f"the keyring at {keyring}" if keyring else "the keyring (none was given)"
        super().__init__(
            f"{bundle}: signed by key {key_id}, which is not in {where}",
            hint="if you trust the signer, put their .pub file in the keyring "
            "(--keyring DIR or $ZCF_KEYRING); check its key id with them first",
        )


class KeyExpiredError(SignatureError):
    """The key that signed (or would sign) expired before the date that matters."""

    code = "key-expired"

    def __init__(
        self, bundle: str | None, key_id: str, *, owner: str, expires: date, as_of: date
    ) -> None:
        self.bundle, self.key_id, self.owner = bundle, key_id, owner
        self.expires, self.as_of = expires, as_of
        prefix = f"{bundle}: " if bundle else ""
        super().__init__(
            f"{prefix}key {key_id} ({owner}) expired on {expires.isoformat()}, "
            f"before {as_of.isoformat()}",
            hint="ask the publisher for a bundle signed with a current key "
            "(or verify with an earlier --as-of if you are replaying a past evaluation)",
        )


class InvalidSignatureError(SignatureError):
    """A signature does not verify or its file is malformed: the manifest is not what was signed."""

    code = "signature-invalid"

    def __init__(self, bundle: str, key_id: str, *, owner: str | None, reason: str) -> None:
        self.bundle, self.key_id, self.owner, self.reason = bundle, key_id, owner, reason
        who = f"key {key_id} ({owner})" if owner else f"key {key_id}"
        super().__init__(
            f"{bundle}: signature by {who} is invalid: {reason}",
            hint="the bundle was changed after signing or the signature is forged; "
            "do not use it and tell the publisher",
        )


class UnsignedBundleError(SignatureError):
    """Trust was required but the bundle carries no signature at all."""

    code = "unsigned"

    def __init__(self, bundle: str) -> None:
        self.bundle = bundle
        super().__init__(
            f"{bundle}: has no signatures",
            hint="sign it with `zcf bundle sign`, or pass --allow-unsigned to use it untrusted",
        )


class KeyFileError(BundleError):
    """A .key or .pub file cannot be read, is not Ed25519, or its key id does not match the key."""

    code = "key-invalid"

    def __init__(self, file: str, reason: str, *, hint: str | None = None) -> None:
        self.file, self.reason = file, reason
        super().__init__(f"{file}: {reason}", hint=hint or "regenerate the key with `zcf keygen`")
