"""Keys, signatures and the keyring: who may vouch for a bundle, and every way that can fail."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from zcf.errors import SignatureError, UsageError
from zcf.publishing.bundle import build_bundle, sign_bundle, verify_bundle
from zcf.publishing.bundle_errors import (
    InvalidSignatureError,
    KeyExpiredError,
    KeyFileError,
    UnknownKeyError,
)
from zcf.publishing.manifest import canonical_json
from zcf.publishing.signing import (
    KeyInfo,
    Keyring,
    SignerStatus,
    default_keyring_dir,
    generate_keypair,
    key_id_for,
)

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini" / "1.0.0"
STANDARDS = FIXTURES / "standards"
AS_OF = date(2025, 6, 30)
SIGNED_AT = datetime(2025, 1, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def publisher(tmp_path: Path) -> Path:
    """The publisher's machine: two key pairs (standards body, platform operator)."""
    folder = tmp_path / "publisher"
    generate_keypair(folder / "body", owner="标准化机构", expires=date(2030, 12, 31))
    generate_keypair(folder / "operator", owner="Platform operator", expires=None)
    return folder


@pytest.fixture
def signed(tmp_path: Path, publisher: Path) -> Path:
    out = tmp_path / "mini-1.0.0.zcfb"
    build_bundle(MINI, out, standards_dir=STANDARDS)
    sign_bundle(out, publisher / "body.key", signed_at=SIGNED_AT)
    return out


def _ring(tmp_path: Path, *pubs: Path) -> Path:
    """An evaluator's keyring folder holding only copies of the given public keys."""
    ring = tmp_path / "evaluator" / "keyring"
    ring.mkdir(parents=True)
    for pub in pubs:
        shutil.copy(pub, ring)
    return ring


def _entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _write(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


# -- keys ----------------------------------------------------------------------------------------


def test_generate_keypair_writes_private_0600_and_public_json(tmp_path: Path) -> None:
    info = generate_keypair(
        tmp_path / "k", owner="Body", expires=date(2027, 1, 1), created=date(2025, 1, 1)
    )
    assert (tmp_path / "k.key").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "k.key").read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    body = json.loads((tmp_path / "k.pub").read_text())
    raw = base64.b64decode(body["public_key"])
    assert body == {
        "key_id": hashlib.sha256(raw).hexdigest()[:16],
        "algorithm": "ed25519",
        "public_key": body["public_key"],
        "owner": "Body",
        "created": "2025-01-01",
        "expires": "2027-01-01",
    }
    assert info.key_id == key_id_for(raw) and len(raw) == 32
    assert KeyInfo.from_file(tmp_path / "k.pub") == info


def test_generate_keypair_never_overwrites(tmp_path: Path) -> None:
    generate_keypair(tmp_path / "k", owner="Body", expires=None)
    before = (tmp_path / "k.key").read_bytes()
    with pytest.raises(UsageError, match="already exists"):
        generate_keypair(tmp_path / "k", owner="Someone else", expires=None)
    assert (tmp_path / "k.key").read_bytes() == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("key_id", "0123456789abcdef", "does not match the public key"),
        ("public_key", base64.b64encode(bytes(32)).decode(), "does not match the public key"),
        ("algorithm", "rsa", "algorithm must be 'ed25519'"),
        ("owner", "", "non-empty owner"),
    ],
    ids=["key-id", "public-key", "algorithm", "owner"],
)
def test_edited_public_key_file_is_refused(
    publisher: Path, field: str, value: str, message: str
) -> None:
    pub = publisher / "body.pub"
    pub.write_text(json.dumps(json.loads(pub.read_text()) | {field: value}))
    with pytest.raises(KeyFileError, match=re.escape(message)) as info:
        KeyInfo.from_file(pub)
    assert info.value.code == "key-invalid" and str(pub) in info.value.message


# -- signing -------------------------------------------------------------------------------------


def test_two_signatures_verify_and_keep_the_digest(
    tmp_path: Path, publisher: Path, signed: Path
) -> None:
    unsigned_digest = verify_bundle(signed, None, as_of=AS_OF, require_signature=False).digest
    sign_bundle(signed, publisher / "operator.key", signed_at=SIGNED_AT)
    ring = Keyring.load(_ring(tmp_path, publisher / "body.pub", publisher / "operator.pub"))
    verified = verify_bundle(signed, ring, as_of=AS_OF, require_signature=True)
    assert verified.digest == unsigned_digest == hashlib.sha256(verified.manifest_bytes).hexdigest()
    assert sorted((s.owner, s.status) for s in verified.signers) == [
        ("Platform operator", SignerStatus.VALID),
        ("标准化机构", SignerStatus.VALID),
    ]
    assert {s.signed_at for s in verified.signers} == {"2025-01-02T09:30:00+00:00"}


def test_signing_is_deterministic_and_replaces_the_same_keys_signature(
    publisher: Path, signed: Path
) -> None:
    before = signed.read_bytes()
    sign_bundle(signed, publisher / "body.key", signed_at=SIGNED_AT)
    assert signed.read_bytes() == before
    sign_bundle(signed, publisher / "body.key", signed_at=datetime(2025, 3, 1, tzinfo=UTC))
    names = [n for n in _entries(signed) if n.startswith("signatures/")]
    assert len(names) == 1


def test_signature_verifies_on_another_machine_with_only_the_public_key(
    tmp_path: Path, publisher: Path, signed: Path
) -> None:
    moved = tmp_path / "evaluator" / "downloads" / signed.name
    moved.parent.mkdir(parents=True)
    shutil.copy(signed, moved)
    ring = _ring(tmp_path, publisher / "body.pub")
    assert sorted(p.name for p in ring.iterdir()) == ["body.pub"]
    verified = verify_bundle(moved, Keyring.load(ring), as_of=AS_OF, require_signature=True)
    assert verified.trusted and [s.owner for s in verified.signers] == ["标准化机构"]


def test_signature_by_a_key_not_in_the_keyring_is_refused(
    tmp_path: Path, publisher: Path, signed: Path
) -> None:
    ring = _ring(tmp_path, publisher / "operator.pub")
    body_id = KeyInfo.from_file(publisher / "body.pub").key_id
    with pytest.raises(UnknownKeyError) as info:
        verify_bundle(signed, Keyring.load(ring), as_of=AS_OF, require_signature=True)
    assert info.value.code == "unknown-key" and info.value.key_id == body_id
    assert f"signed by key {body_id}, which is not in the keyring at {ring}" in info.value.message


def test_co_signature_by_an_unknown_key_does_not_block_a_trusted_one(
    tmp_path: Path, publisher: Path, signed: Path
) -> None:
    sign_bundle(signed, publisher / "operator.key", signed_at=SIGNED_AT)
    ring = Keyring.load(_ring(tmp_path, publisher / "body.pub"))
    verified = verify_bundle(signed, ring, as_of=AS_OF, require_signature=True)
    assert sorted(s.status for s in verified.signers) == [
        SignerStatus.UNKNOWN_KEY,
        SignerStatus.VALID,
    ]


def test_expired_key_is_refused(tmp_path: Path, publisher: Path, signed: Path) -> None:
    ring = Keyring.load(_ring(tmp_path, publisher / "body.pub"))
    verify_bundle(signed, ring, as_of=date(2030, 12, 31), require_signature=True)  # last day
    with pytest.raises(KeyExpiredError) as info:
        verify_bundle(signed, ring, as_of=date(2031, 1, 1), require_signature=True)
    key_id = KeyInfo.from_file(publisher / "body.pub").key_id
    assert info.value.code == "key-expired"
    assert f"key {key_id} (标准化机构) expired on 2030-12-31, before 2031-01-01" in str(info.value)


def test_manifest_changed_after_signing_is_signature_invalid(
    tmp_path: Path, publisher: Path, signed: Path
) -> None:
    # The careful attacker: edit a file AND fix its digest in the manifest, keep the signature.
    entries = _entries(signed)
    entries["ruleset/ruleset.yaml"] = entries["ruleset/ruleset.yaml"].replace(b"0.5", b"0.1")
    manifest = json.loads(entries["manifest.json"])
    for item in manifest["files"]:
        if item["path"] == "ruleset/ruleset.yaml":
            item["sha256"] = hashlib.sha256(entries["ruleset/ruleset.yaml"]).hexdigest()
    entries["manifest.json"] = canonical_json(manifest)
    forged = _write(tmp_path / "forged.zcfb", entries)
    ring = Keyring.load(_ring(tmp_path, publisher / "body.pub"))
    key_id = KeyInfo.from_file(publisher / "body.pub").key_id
    with pytest.raises(InvalidSignatureError) as info:
        verify_bundle(forged, ring, as_of=AS_OF, require_signature=True)
    assert info.value.code == "signature-invalid" and isinstance(info.value, SignatureError)
    assert f"signature by key {key_id} (标准化机构) is invalid" in info.value.message
    # A bad signature by a trusted key is tampering: refused even when unsigned is allowed.
    with pytest.raises(InvalidSignatureError):
        verify_bundle(forged, ring, as_of=AS_OF, require_signature=False)


def test_malformed_signature_file_is_signature_invalid(tmp_path: Path, signed: Path) -> None:
    entries = _entries(signed)
    name = next(n for n in entries if n.startswith("signatures/"))
    body = json.loads(entries[name]) | {"key_id": "ffffffffffffffff"}
    entries[name] = canonical_json(body)
    with pytest.raises(InvalidSignatureError, match=re.escape(f"{name} names another key")):
        verify_bundle(
            _write(tmp_path / "x.zcfb", entries), None, as_of=AS_OF, require_signature=False
        )


def test_sign_refuses_a_key_id_that_is_not_the_keys(publisher: Path, signed: Path) -> None:
    with pytest.raises(KeyFileError, match="not 0123456789abcdef"):
        sign_bundle(signed, publisher / "body.key", key_id="0123456789abcdef", signed_at=SIGNED_AT)


def test_sign_refuses_an_expired_key(tmp_path: Path, signed: Path) -> None:
    generate_keypair(tmp_path / "old", owner="Old body", expires=date(2024, 12, 31))
    with pytest.raises(KeyExpiredError, match="expired on 2024-12-31, before 2025-01-02"):
        sign_bundle(signed, tmp_path / "old.key", signed_at=SIGNED_AT)


# -- keyring -------------------------------------------------------------------------------------


def test_keyring_from_files_and_lookup(publisher: Path) -> None:
    ring = Keyring.from_files([publisher / "body.pub", publisher / "operator.pub"])
    body = KeyInfo.from_file(publisher / "body.pub")
    assert len(ring) == 2 and body.key_id in ring and ring.get(body.key_id) == body
    assert ring.get("0000000000000000") is None


def test_keyring_folder_must_exist(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="keyring folder does not exist"):
        Keyring.load(tmp_path / "nope")


def test_default_keyring_follows_zcf_keyring(
    tmp_path: Path, publisher: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZCF_KEYRING", str(publisher))
    assert default_keyring_dir() == publisher and len(Keyring.default()) == 2
    monkeypatch.setenv("ZCF_KEYRING", str(tmp_path / "absent"))
    assert len(Keyring.default()) == 0


def test_keyring_refuses_one_key_described_twice_differently(publisher: Path) -> None:
    body = json.loads((publisher / "body.pub").read_text())
    (publisher / "body-copy.pub").write_text(json.dumps(body | {"owner": "Impostor"}))
    with pytest.raises(KeyFileError, match="is described twice, differently"):
        Keyring.load(publisher)
