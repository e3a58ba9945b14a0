"""Bundles on the search path: verified before listing or loading, loaded with their bundle digest,
evaluated exactly like the folder they were built from, and refused (exit 4) once tampered with."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import pytest
import zcf
from zcf.api import load_ruleset
from zcf.cli.app import run
from zcf.errors import BundleError
from zcf.publishing.bundle import build_bundle, sign_bundle
from zcf.publishing.bundle_errors import FileDigestMismatchError, UnknownKeyError, UnsignedBundleError
from zcf.publishing.signing import generate_keypair
from zcf.rulesets import registry
from zcf.rulesets.loader import folder_digest

REPO = registry.REPO_RULESETS.parent
GENERAL = registry.REPO_RULESETS / "zcf-cn-general" / "1.0.0"
EXAMPLE = REPO / "examples" / "zcf-cn-general" / "zero-carbon.json"
AS_OF = dt.date(2026, 3, 31)
OWNER = "Test Standards Body 测试标准机构"


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty search folder, keyring and bundle cache, all under tmp_path."""
    for name in ("rulesets", "keyring", "cache"):
        (tmp_path / name).mkdir()
    monkeypatch.setenv("ZCF_RULESETS", str(tmp_path / "rulesets"))
    monkeypatch.setenv("ZCF_KEYRING", str(tmp_path / "keyring"))
    monkeypatch.setenv("ZCF_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("ZCF_ALLOW_UNSIGNED", raising=False)
    return tmp_path


def _build(env: Path, *, sign: bool = True, trust: bool = True) -> tuple[Path, str, str]:
    """zcf-cn-general 1.0.0 as a bundle in the search folder; returns (path, digest, key id)."""
    out = env / "rulesets" / "zcf-cn-general-1.0.0.zcfb"
    info = build_bundle(GENERAL, out, standards_dir=REPO / "standards")
    key = generate_keypair(env / "keys" / "body", owner=OWNER, expires=None, created=dt.date(2026, 1, 1))
    if sign:
        sign_bundle(out, env / "keys" / "body.key", signed_at=dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
    if trust:
        shutil.copy(env / "keys" / "body.pub", env / "keyring" / "body.pub")
    return out, info.digest, key.key_id


def _tamper(bundle: Path) -> None:
    """Change the ruleset inside the zip, leaving manifest and signature as they were."""
    with zipfile.ZipFile(bundle) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    entries["ruleset/ruleset.yaml"] += b"\n# gate thresholds relaxed after signing\n"
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)


def test_a_signed_bundle_is_listed_with_its_source_and_signer(env: Path) -> None:
    bundle, digest, key_id = _build(env)
    entry = registry.find("zcf-cn-general@1.0.0")
    assert entry.origin == "bundle" and entry.bundle == bundle and entry.source == bundle
    assert entry.digest == digest
    assert [(s.key_id, s.owner, str(s.status)) for s in entry.signers] == [(key_id, OWNER, "valid")]
    assert entry.folder.is_relative_to(env / "cache")  # the verified extraction the loader reads
    # The repo's folder of the same id@version is shadowed: ZCF_RULESETS comes first.
    assert sum(1 for e in registry.discover() if e.ref == "zcf-cn-general@1.0.0") == 1


def test_loading_a_bundle_records_origin_digest_and_signers(env: Path) -> None:
    _bundle, digest, key_id = _build(env)
    loaded = registry.load_entry(registry.find("zcf-cn-general@1.0.0"))
    assert loaded.origin == "bundle" and loaded.digest == digest
    assert loaded.signers == (f"{key_id} {OWNER}",)


def test_bundle_and_folder_give_the_same_statuses(env: Path) -> None:
    bundle, digest, _ = _build(env)
    from_bundle = zcf.evaluate(load_ruleset(bundle), EXAMPLE, as_of=AS_OF)
    from_folder = zcf.evaluate(load_ruleset(GENERAL), EXAMPLE, as_of=AS_OF)
    assert [(c.id, c.status) for c in from_bundle.clauses] == [(c.id, c.status) for c in from_folder.clauses]
    assert from_bundle.verdict == from_folder.verdict
    assert from_bundle.ruleset.digest == digest  # replayable: the result names the signed bytes
    assert from_folder.ruleset.digest == folder_digest(GENERAL)
    by_id = zcf.evaluate(load_ruleset("zcf-cn-general", as_of=AS_OF), EXAMPLE, as_of=AS_OF)
    assert by_id.ruleset.digest == digest  # found on the search path, also as the bundle


def test_a_tampered_bundle_is_refused(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bundle, _, _ = _build(env)
    _tamper(bundle)
    with pytest.raises(FileDigestMismatchError):
        registry.discover()
    assert run(["rulesets"]) == 4
    assert "error[digest-mismatch]" in capsys.readouterr().err
    assert run(["evaluate", str(EXAMPLE), "--as-of", "2026-03-31", "--format", "json"]) == 4
    err = capsys.readouterr().err
    assert "ruleset/ruleset.yaml does not match the bundle's manifest" in err and str(bundle) in err


def test_a_tampered_bundle_is_refused_even_when_unsigned_ones_are_allowed(
        env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle, _, _ = _build(env)
    _tamper(bundle)
    monkeypatch.setenv("ZCF_ALLOW_UNSIGNED", "1")
    with pytest.raises(BundleError):
        load_ruleset(bundle)


def test_unsigned_bundles_need_zcf_allow_unsigned(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _build(env, sign=False)
    with pytest.raises(UnsignedBundleError):
        registry.discover()
    monkeypatch.setenv("ZCF_ALLOW_UNSIGNED", "1")
    entry = registry.find("zcf-cn-general@1.0.0")
    assert entry.origin == "bundle" and entry.signers == () and entry.signer_labels() == ()


def test_a_bundle_signed_by_an_unknown_key_is_refused(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _bundle, _, key_id = _build(env, trust=False)
    with pytest.raises(UnknownKeyError) as err:
        registry.discover()
    assert err.value.exit_code == 4 and key_id in str(err.value)
    monkeypatch.setenv("ZCF_ALLOW_UNSIGNED", "1")  # accepted, but not as signed by anyone trusted
    entry = registry.find("zcf-cn-general@1.0.0")
    assert [str(s.status) for s in entry.signers] == ["unknown-key"] and entry.trusted_signers == ()


def test_a_bundle_file_can_be_named_directly_on_the_search_path(env: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    bundle, digest, _ = _build(env)
    moved = env / "elsewhere.zcfb"
    bundle.rename(moved)
    monkeypatch.setenv("ZCF_RULESETS", str(moved))
    assert registry.find("zcf-cn-general@1.0.0").digest == digest


def test_rulesets_json_says_where_each_comes_from(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    bundle, digest, key_id = _build(env)
    assert run(["rulesets", "--format", "json"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    general = rows["zcf-cn-general"]
    assert general["source"] == str(bundle) and general["origin"] == "bundle" and general["digest"] == digest
    assert general["signed"] is True
    assert general["signers"] == [{"key_id": key_id, "owner": OWNER, "status": "valid"}]
    others = [r for r in rows.values() if r["origin"] == "folder"]
    assert all(r["signed"] is False and r["signers"] == [] and Path(r["source"]).is_dir() for r in others)
