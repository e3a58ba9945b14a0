"""Ed25519 keys, signatures over a bundle's manifest, and the keyring of trusted publishers.

The only module that imports `cryptography`. `bundle.py` owns the zip and hands this module the
canonical manifest bytes; what is signed is exactly those bytes, nothing else. Result attestations
(`zcf.publishing.attestation`) sign and verify their canonical bytes through `load_signing_key`
and `verify_bytes`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from zcf.errors import InputFileError, UsageError, ZcfError
from zcf.input_files import loads_strict, read_limited
from zcf.publishing.bundle_errors import (
    InvalidSignatureError,
    KeyExpiredError,
    KeyFileError,
    UnknownKeyError,
    UnsignedBundleError,
)
from zcf.publishing.manifest import canonical_json

#: The one algorithm today; the field exists so SM2 (国密) can be added without a format change.
ALGORITHM = "ed25519"
KEY_ID_RE = re.compile(r"[0-9a-f]{16}")


def key_id_for(public_key: bytes) -> str:
    """Key id = first 16 hex chars of sha256(raw public key): derived, so it cannot be chosen."""
    return hashlib.sha256(public_key).hexdigest()[:16]


#: Largest .pub or .key file read (64 KiB; a real one is a few hundred bytes).
MAX_KEY_FILE_BYTES = 64 * 1024


def default_keyring_dir() -> Path:
    """`$ZCF_KEYRING`, else `$XDG_CONFIG_HOME/zcf/keyring`, else `~/.config/zcf/keyring`."""
    if env := os.environ.get("ZCF_KEYRING"):
        return Path(env)
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "zcf" / "keyring"


@dataclass(frozen=True, slots=True)
class KeyInfo:
    """A public key as a `.pub` file describes it: who owns it and until when it is trusted."""

    key_id: str
    public_key: bytes  #: raw 32-byte Ed25519 public key
    owner: str
    created: date
    expires: date | None = None
    algorithm: str = ALGORITHM

    def is_expired(self, as_of: date) -> bool:
        return self.expires is not None and self.expires < as_of

    def to_json(self) -> bytes:
        """The `.pub` file body: small, human-readable, one key."""
        body = {
            "key_id": self.key_id,
            "algorithm": self.algorithm,
            "public_key": base64.b64encode(self.public_key).decode(),
            "owner": self.owner,
            "created": self.created.isoformat(),
            "expires": self.expires.isoformat() if self.expires else None,
        }
        return (json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()

    @classmethod
    def from_file(cls, path: Path) -> KeyInfo:
        """Read and check a `.pub` file; the declared key id must match the key itself.

        Raises:
            KeyFileError: unreadable, malformed, not Ed25519, or key id mismatch.
        """
        try:
            body = loads_strict(read_limited(path, limit=MAX_KEY_FILE_BYTES, what="public key file"))
        except (InputFileError, ValueError) as err:
            message = err.message if isinstance(err, ZcfError) else str(err)
            raise KeyFileError(str(path), f"cannot read public key file: {message}") from err
        if not isinstance(body, dict):
            raise KeyFileError(str(path), "expected a JSON object")
        if body.get("algorithm") != ALGORITHM:
            raise KeyFileError(str(path), f"algorithm must be {ALGORITHM!r}")
        try:
            raw = base64.b64decode(str(body.get("public_key", "")), validate=True)
            created = date.fromisoformat(str(body.get("created")))
            until = body.get("expires")
            expires = date.fromisoformat(until) if until is not None else None
        except (binascii.Error, ValueError, TypeError) as err:
            raise KeyFileError(str(path), f"malformed field: {err}") from err
        owner = body.get("owner")
        if len(raw) != 32 or not isinstance(owner, str) or not owner:
            raise KeyFileError(str(path), "needs a 32-byte public_key and a non-empty owner")
        if body.get("key_id") != key_id_for(raw):
            raise KeyFileError(
                str(path),
                f"key_id {body.get('key_id')!r} does not match the public key ({key_id_for(raw)})",
                hint="the file was edited; get the publisher's original .pub file",
            )
        return cls(key_id_for(raw), raw, owner, created, expires)


def generate_keypair(
    prefix: Path, *, owner: str, expires: date | None, created: date | None = None
) -> KeyInfo:
    """Write `PREFIX.key` (PEM PKCS8, mode 0600) and `PREFIX.pub`; never overwrite either.

    Raises:
        UsageError: one of the two files already exists (a key is never silently replaced).
    """
    if prefix.suffix in (".key", ".pub"):
        prefix = prefix.with_suffix("")
    key_path = prefix.with_name(prefix.name + ".key")
    pub_path = prefix.with_name(prefix.name + ".pub")
    for path in (key_path, pub_path):
        if path.exists():
            raise UsageError(f"{path} already exists", hint="choose another -o PREFIX")
    private = Ed25519PrivateKey.generate()
    raw = _raw_public(private)
    info = KeyInfo(key_id_for(raw), raw, owner, created or date.today(), expires)
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    key_path.parent.mkdir(parents=True, exist_ok=True)
    # O_EXCL + mode at creation: the key is never readable by others, not even for an instant.
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    pub_path.write_bytes(info.to_json())
    return info


def _raw_public(private: Ed25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )


def _load_private_key(path: Path) -> Ed25519PrivateKey:
    """The key in `path`, refused (as ssh refuses) when its group or others may read it."""
    try:
        pem = read_limited(path, limit=MAX_KEY_FILE_BYTES, what="private key")
    except InputFileError as err:
        raise KeyFileError(str(path), f"cannot read private key: {err.message}") from err
    mode = path.stat().st_mode
    if os.name == "posix" and mode & 0o077:
        raise KeyFileError(str(path), f"the private key is readable by others (mode {mode & 0o777:o})",
                           hint=f"restrict it to its owner: chmod 600 {path}")
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as err:
        raise KeyFileError(str(path), f"cannot read private key: {err}") from err
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(str(path), "not an Ed25519 private key")
    return key


@dataclass(frozen=True, slots=True)
class Signature:
    """One `signatures/<key_id>.sig.json` entry. `signed_at` is informational, not signed."""

    key_id: str
    signature: bytes
    signed_at: str
    algorithm: str = ALGORITHM

    def to_json(self) -> bytes:
        return canonical_json(
            {
                "key_id": self.key_id,
                "algorithm": self.algorithm,
                "signature": base64.b64encode(self.signature).decode(),
                "signed_at": self.signed_at,
            }
        )

    @classmethod
    def from_json(cls, data: bytes, *, key_id: str, bundle: str) -> Signature:
        """Parse a signature entry whose file name says `key_id`; the body must agree.

        Raises:
            InvalidSignatureError: malformed JSON, another key id inside, or an unknown algorithm.
        """

        def bad(reason: str) -> InvalidSignatureError:
            return InvalidSignatureError(bundle, key_id, owner=None, reason=reason)

        try:
            body = loads_strict(data)
        except ValueError as err:
            raise bad(f"signatures/{key_id}.sig.json is not JSON ({err})") from err
        if not isinstance(body, dict) or body.get("key_id") != key_id:
            raise bad(f"signatures/{key_id}.sig.json names another key")
        if body.get("algorithm") != ALGORITHM:
            raise bad(f"unsupported algorithm {body.get('algorithm')!r}")
        try:
            raw = base64.b64decode(str(body.get("signature", "")), validate=True)
        except binascii.Error as err:
            raise bad("signature is not base64") from err
        return cls(key_id, raw, str(body.get("signed_at", "")))


@dataclass(frozen=True, slots=True)
class SigningKey:
    """A private key ready to sign, with what the `.pub` beside it (if any) says about its owner.

    Bundles and result attestations both sign through this, so key checks live in one place.
    """

    key_id: str
    owner: str | None  #: from `PREFIX.pub` beside the key; None if there is none
    expires: date | None
    private: Ed25519PrivateKey = field(repr=False)

    def sign(self, message: bytes) -> bytes:
        return self.private.sign(message)


def load_signing_key(private_key_path: Path, *, on: date, key_id: str | None = None) -> SigningKey:
    """Read `PREFIX.key`; if `PREFIX.pub` sits beside it, check it belongs and has not expired by `on`.

    Raises:
        KeyFileError: unreadable key, or `key_id` given and not this key's id.
        KeyExpiredError: the key's `.pub` says it expired before `on`.
    """
    private = _load_private_key(private_key_path)
    actual = key_id_for(_raw_public(private))
    if key_id is not None and key_id != actual:
        raise KeyFileError(
            str(private_key_path),
            f"this key's id is {actual}, not {key_id}",
            hint="pass the matching --key, or drop --key-id",
        )
    pub_path = private_key_path.with_suffix(".pub")
    if not pub_path.is_file():
        return SigningKey(actual, None, None, private)
    info = KeyInfo.from_file(pub_path)
    if info.key_id != actual:
        raise KeyFileError(str(pub_path), f"belongs to key {info.key_id}, not to {actual}")
    if info.is_expired(on) and info.expires is not None:
        raise KeyExpiredError(None, actual, owner=info.owner, expires=info.expires, as_of=on)
    return SigningKey(actual, info.owner, info.expires, private)


def verify_bytes(key: KeyInfo, message: bytes, signature: bytes) -> bool:
    """Whether `signature` is `key`'s Ed25519 signature over exactly `message`."""
    return _verifies(key, message, signature)


def sign_manifest(
    manifest: bytes, private_key_path: Path, *, signed_at: datetime, key_id: str | None = None
) -> Signature:
    """Sign the canonical manifest bytes with `private_key_path`.

    If `PREFIX.pub` sits beside the key it is checked too, so an expired key is not used.

    Raises:
        KeyFileError: unreadable key, or `key_id` given and not this key's id.
        KeyExpiredError: the key's `.pub` says it expired before `signed_at`.
    """
    key = load_signing_key(private_key_path, on=signed_at.date(), key_id=key_id)
    return Signature(key.key_id, key.sign(manifest), signed_at.isoformat(timespec="seconds"))


class SignerStatus(StrEnum):
    VALID = "valid"  #: key in the keyring, not expired, signature verifies
    KEY_EXPIRED = "key-expired"  #: signature verifies but the key expired before as_of
    UNKNOWN_KEY = "unknown-key"  #: the keyring does not hold this key, so it proves nothing


@dataclass(frozen=True, slots=True)
class Signer:
    """Who signed a bundle and whether that signature counts."""

    key_id: str
    owner: str | None
    signed_at: str
    status: SignerStatus


class Keyring:
    """Trusted public keys by key id, loaded from a folder of `.pub` files."""

    def __init__(self, keys: Iterable[KeyInfo] = (), *, source: str | None = None) -> None:
        self.source = source
        self._keys: dict[str, KeyInfo] = {}
        for key in keys:
            self._add(key, source or key.key_id)

    def _add(self, key: KeyInfo, origin: str) -> None:
        known = self._keys.get(key.key_id)
        if known is not None and known != key:
            raise KeyFileError(origin, f"key {key.key_id} is described twice, differently")
        self._keys[key.key_id] = key

    @classmethod
    def from_files(cls, paths: Sequence[Path]) -> Keyring:
        ring = cls(source=", ".join(str(p) for p in paths) or None)
        for path in paths:
            ring._add(KeyInfo.from_file(path), str(path))
        return ring

    @classmethod
    def load(cls, directory: Path) -> Keyring:
        """Every `*.pub` in `directory`.

        Raises:
            UsageError: the folder does not exist (most likely a typo in --keyring).
            KeyFileError: a `.pub` file is malformed or two describe one key differently.
        """
        if not directory.is_dir():
            raise UsageError(
                f"{directory}: keyring folder does not exist",
                hint="create it and copy trusted publishers' .pub files into it",
            )
        ring = cls.from_files(sorted(directory.glob("*.pub")))
        ring.source = str(directory)
        return ring

    @classmethod
    def default(cls) -> Keyring:
        """The user's keyring (see `default_keyring_dir`); empty if the folder does not exist."""
        directory = default_keyring_dir()
        return cls.load(directory) if directory.is_dir() else cls(source=str(directory))

    def get(self, key_id: str) -> KeyInfo | None:
        return self._keys.get(key_id)

    def __contains__(self, key_id: object) -> bool:
        return key_id in self._keys

    def __iter__(self) -> Iterator[KeyInfo]:
        return iter(self._keys.values())

    def __len__(self) -> int:
        return len(self._keys)


def _verifies(key: KeyInfo, message: bytes, signature: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(key.public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def check_signatures(
    manifest: bytes,
    signatures: Mapping[str, Signature],
    keyring: Keyring | None,
    *,
    as_of: date,
    require_signature: bool,
    bundle: str,
) -> tuple[Signer, ...]:
    """Verify every signature against the keyring and decide whether the bundle is trusted.

    Policy: a signature by a keyring key that fails is always fatal (tampering). Signatures by
    keys the keyring lacks prove nothing and are reported, not fatal, so a bundle co-signed by a
    second party still loads where only the first is trusted. When a signature is required, at
    least one must be VALID; otherwise the refusal says why (unsigned, expired, unknown key).

    Raises:
        InvalidSignatureError, UnsignedBundleError, KeyExpiredError, UnknownKeyError.
    """
    signers: list[Signer] = []
    for key_id in sorted(signatures):
        sig = signatures[key_id]
        key = keyring.get(key_id) if keyring is not None else None
        if key is None:
            signers.append(Signer(key_id, None, sig.signed_at, SignerStatus.UNKNOWN_KEY))
            continue
        if not _verifies(key, manifest, sig.signature):
            raise InvalidSignatureError(
                bundle, key_id, owner=key.owner, reason="it does not match manifest.json"
            )
        status = SignerStatus.KEY_EXPIRED if key.is_expired(as_of) else SignerStatus.VALID
        signers.append(Signer(key_id, key.owner, sig.signed_at, status))
    if not require_signature or any(s.status is SignerStatus.VALID for s in signers):
        return tuple(signers)
    if not signers:
        raise UnsignedBundleError(bundle)
    for signer in signers:
        key = keyring.get(signer.key_id) if keyring is not None else None
        if key is not None and key.expires is not None:
            raise KeyExpiredError(
                bundle, key.key_id, owner=key.owner, expires=key.expires, as_of=as_of
            )
    raise UnknownKeyError(
        bundle, signers[0].key_id, keyring=keyring.source if keyring is not None else None
    )
