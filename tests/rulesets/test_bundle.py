"""Bundles: deterministic build, every refusal of a tampered zip, extraction, and the CLI."""

from __future__ import annotations

import json
import re
import shutil
import stat
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from zcf.errors import BundleError, RulesetError, UsageError
from zcf.publishing import bundle
from zcf.publishing.bundle import (
    build_bundle,
    extract_bundle,
    open_bundle,
    sign_bundle,
    verify_bundle,
)
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
    UnsignedBundleError,
)
from zcf.publishing.manifest import canonical_json
from zcf.publishing.signing import generate_keypair

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini" / "1.0.0"
STANDARDS = FIXTURES / "standards"
AS_OF = date(2025, 6, 30)
SIGNED_AT = datetime(2025, 1, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def built(tmp_path: Path) -> Path:
    out = tmp_path / "mini-1.0.0.zcfb"
    build_bundle(MINI, out, standards_dir=STANDARDS)
    return out


def _entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _rewrite(src: Path, edit: Callable[[dict[str, bytes]], None]) -> Path:
    """Copy a bundle through a plain zipfile writer after `edit` changed its entries."""
    entries = _entries(src)
    edit(entries)
    out = src.with_name("tampered.zcfb")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out


def _append(path: Path, info: zipfile.ZipInfo | str, data: bytes) -> Path:
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(info, data)
    return path


def _verify(path: Path, **kwargs: object) -> bundle.VerifiedBundle:
    options: dict[str, object] = {"as_of": AS_OF, "require_signature": False} | kwargs
    return verify_bundle(path, None, **options)  # type: ignore[arg-type]


# -- build ---------------------------------------------------------------------------------------


def test_build_twice_gives_identical_bytes(tmp_path: Path) -> None:
    first = build_bundle(MINI, tmp_path / "a.zcfb", standards_dir=STANDARDS)
    copy = tmp_path / "copy" / "mini" / "1.0.0"
    shutil.copytree(MINI, copy)  # new mtimes, new inode order: must not matter
    (copy / ".DS_Store").write_bytes(b"junk")
    (copy / "__pycache__").mkdir()
    (copy / "__pycache__" / "x.pyc").write_bytes(b"junk")
    second = build_bundle(copy, tmp_path / "b.zcfb", standards_dir=STANDARDS)
    assert (tmp_path / "a.zcfb").read_bytes() == (tmp_path / "b.zcfb").read_bytes()
    assert first.digest == second.digest


def test_manifest_is_canonical_and_lists_every_file(built: Path) -> None:
    entries = _entries(built)
    manifest = json.loads(entries["manifest.json"])
    assert canonical_json(manifest) == entries["manifest.json"]
    assert manifest["format"] == "zcf-bundle/1"
    assert manifest["engine"] == {"requires": ">=0.1,<1"}
    assert manifest["ruleset"] == {
        "id": "mini",
        "version": "1.0.0",
        "effective_from": "2025-01-01",
        "effective_until": None,
        "standard": {"document": "mini-std", "edition": "2025"},
    }
    assert [f["path"] for f in manifest["files"]] == [
        "ruleset/ruleset.yaml",
        "ruleset/submission.schema.json",
        "ruleset/tests/green_share.yaml",
        "standards/mini-std.xml",
    ]
    with zipfile.ZipFile(built) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == sorted(entries)
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}


def test_build_refuses_symlink_in_ruleset_folder(tmp_path: Path) -> None:
    copy = tmp_path / "mini" / "1.0.0"
    shutil.copytree(MINI, copy)
    (copy / "link.yaml").symlink_to(copy / "ruleset.yaml")
    with pytest.raises(
        RulesetError, match=re.escape("link.yaml: symbolic links cannot be bundled")
    ):
        build_bundle(copy, tmp_path / "x.zcfb", standards_dir=STANDARDS)


def test_build_needs_the_standard_document(tmp_path: Path) -> None:
    with pytest.raises(RulesetError, match=re.escape("mini-std.xml not found")) as info:
        build_bundle(MINI, tmp_path / "x.zcfb", standards_dir=tmp_path)
    assert "--standards" in (info.value.hint or "")


def test_build_refuses_unquoted_version(tmp_path: Path) -> None:
    copy = tmp_path / "mini" / "1.0"
    shutil.copytree(MINI, copy)
    text = (copy / "ruleset.yaml").read_text("utf-8").replace('version: "1.0.0"', "version: 1.0")
    (copy / "ruleset.yaml").write_text(text, "utf-8")
    with pytest.raises(RulesetError, match=re.escape("ruleset.yaml: version must be a string")):
        build_bundle(copy, tmp_path / "x.zcfb", standards_dir=STANDARDS)


# -- refusals ------------------------------------------------------------------------------------


def test_unsigned_bundle_verifies_when_allowed(built: Path) -> None:
    verified = _verify(built)
    assert verified.ruleset.id == "mini" and verified.signers == () and not verified.trusted


def test_unsigned_bundle_is_refused_when_a_signature_is_required(built: Path) -> None:
    with pytest.raises(UnsignedBundleError) as info:
        _verify(built, require_signature=True)
    assert info.value.code == "unsigned" and info.value.exit_code == 4
    assert str(built) in info.value.message


def test_changed_byte_is_a_digest_mismatch(built: Path) -> None:
    def edit(entries: dict[str, bytes]) -> None:
        entries["ruleset/ruleset.yaml"] = entries["ruleset/ruleset.yaml"].replace(b"0.5", b"0.4")

    with pytest.raises(FileDigestMismatchError) as info:
        _verify(_rewrite(built, edit))
    assert info.value.code == "digest-mismatch" and info.value.file == "ruleset/ruleset.yaml"
    assert "ruleset/ruleset.yaml does not match the bundle's manifest" in info.value.message


def test_flipped_byte_in_compressed_data_is_a_digest_mismatch(built: Path) -> None:
    with zipfile.ZipFile(built) as archive:
        info = archive.getinfo("ruleset/ruleset.yaml")
    raw = bytearray(built.read_bytes())
    name_len, extra_len = struct.unpack(
        "<HH", raw[info.header_offset + 26 : info.header_offset + 30]
    )
    start = info.header_offset + 30 + name_len + extra_len
    raw[start + info.compress_size // 2] ^= 0xFF
    built.write_bytes(bytes(raw))
    with pytest.raises(FileDigestMismatchError, match=re.escape("ruleset/ruleset.yaml")) as err:
        _verify(built)
    assert err.value.code == "digest-mismatch"


@pytest.mark.parametrize(
    "name",
    ["ruleset/extra.yaml", "signatures/notes.txt", "README.md"],
    ids=["ruleset-file", "signatures-folder", "top-level"],
)
def test_unlisted_file_is_refused(built: Path, name: str) -> None:
    with pytest.raises(UnlistedFileError) as info:
        _verify(_append(built, name, b"x: 1\n"))
    assert info.value.code == "unlisted-file"
    assert f"{name} is in the bundle but not listed" in info.value.message


def test_missing_file_is_refused(built: Path) -> None:
    tampered = _rewrite(built, lambda entries: entries.pop("standards/mini-std.xml"))
    with pytest.raises(MissingFileError) as info:
        _verify(tampered)
    assert info.value.code == "missing-file"
    assert "standards/mini-std.xml is listed in manifest.json but missing" in info.value.message


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("../evil.yaml", "contains '..'"),
        ("ruleset/../../evil.yaml", "contains '..'"),
        ("/etc/cron.d/evil", "absolute path"),
        ("ruleset\\..\\evil.yaml", "contains a backslash"),
        ("C:/evil.yaml", "drive letter"),
        ("ruleset/./evil.yaml", "empty or '.' segment"),
        ("ruleset/", "empty or '.' segment"),
    ],
    ids=["dotdot", "nested-dotdot", "absolute", "backslash", "drive", "dot", "directory"],
)
def test_unsafe_entry_path_is_refused(built: Path, name: str, reason: str) -> None:
    with pytest.raises(UnsafePathError) as info:
        _verify(_append(built, zipfile.ZipInfo(name), b"evil"))
    assert info.value.code == "unsafe-path" and info.value.file == name
    assert repr(name) in info.value.message and reason in info.value.message


def test_unsafe_path_listed_in_manifest_is_refused(built: Path) -> None:
    def edit(entries: dict[str, bytes]) -> None:
        manifest = json.loads(entries["manifest.json"])
        manifest["files"].insert(0, {"path": "../evil.yaml", "sha256": "0" * 64, "size": 0})
        entries["manifest.json"] = canonical_json(manifest)

    with pytest.raises(UnsafePathError, match=re.escape("'../evil.yaml'")):
        _verify(_rewrite(built, edit))


def test_symlink_entry_is_refused(built: Path) -> None:
    info = zipfile.ZipInfo("ruleset/link.yaml")
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    with pytest.raises(SymlinkEntryError) as err:
        _verify(_append(built, info, b"/etc/passwd"))
    assert err.value.code == "symlink"
    assert "ruleset/link.yaml is a symbolic link" in err.value.message


def test_duplicate_entry_is_refused(built: Path) -> None:
    with pytest.warns(UserWarning, match="Duplicate name"):
        _append(built, "ruleset/ruleset.yaml", b"id: other\n")
    with pytest.raises(
        DuplicateEntryError, match=re.escape("ruleset/ruleset.yaml appears more than once")
    ):
        _verify(built)


def test_entry_differing_only_in_case_is_a_duplicate(built: Path) -> None:
    with pytest.raises(DuplicateEntryError, match=re.escape("ruleset/Ruleset.yaml")):
        _verify(_append(built, "ruleset/Ruleset.yaml", b"id: other\n"))


def test_entry_that_inflates_too_far_is_refused(built: Path) -> None:
    _append(built, "ruleset/bomb.yaml", bytes(bundle.MAX_ENTRY_BYTES + 1))
    with pytest.raises(BundleTooLargeError) as info:
        _verify(built)
    assert info.value.code == "too-large" and info.value.file == "ruleset/bomb.yaml"
    assert "ruleset/bomb.yaml would inflate to more than" in info.value.message


def test_bundle_that_inflates_too_far_in_total_is_refused(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bundle, "MAX_TOTAL_BYTES", 1000)
    with pytest.raises(BundleTooLargeError, match="the bundle's files together") as info:
        _verify(built)
    assert info.value.file is None


def test_engine_outside_the_required_range_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "future.zcfb"
    build_bundle(MINI, out, standards_dir=STANDARDS, engine_requires=">=2,<3")
    monkeypatch.setattr(bundle, "engine_version", lambda: "0.1.0")
    with pytest.raises(EngineIncompatibleError) as info:
        _verify(out)
    assert info.value.code == "engine-incompatible"
    assert "needs zcf-engine >=2,<3 but this is zcf-engine 0.1.0" in info.value.message
    monkeypatch.setattr(bundle, "engine_version", lambda: None)  # unknown version: not refused
    assert _verify(out).manifest.engine_requires == ">=2,<3"


def test_engine_requirement_must_be_a_range(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="not a range"):
        build_bundle(MINI, tmp_path / "x.zcfb", standards_dir=STANDARDS, engine_requires="2.x")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda e: e.pop("manifest.json"), "manifest.json is missing"),
        (lambda e: e.update({"manifest.json": b'{"format": "zcf-bundle/1"}'}), "canonical"),
        (
            lambda e: e.update(
                {"manifest.json": e["manifest.json"].replace(b"zcf-bundle/1", b"zcf-bundle/9")}
            ),
            "'zcf-bundle/9' is not 'zcf-bundle/1'",
        ),
    ],
    ids=["no-manifest", "not-canonical", "unknown-format"],
)
def test_malformed_manifest_is_refused(
    built: Path, edit: Callable[[dict[str, bytes]], None], message: str
) -> None:
    with pytest.raises(BundleFormatError, match=re.escape(message)) as info:
        _verify(_rewrite(built, edit))
    assert info.value.code == "bundle-format"


def test_not_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.zcfb"
    path.write_text("hello")
    with pytest.raises(BundleFormatError, match="not a readable zip file"):
        _verify(path)


def test_every_refusal_exits_4() -> None:
    refusals = [
        BundleFormatError, BundleTooLargeError, DuplicateEntryError, EngineIncompatibleError,
        FileDigestMismatchError, MissingFileError, SymlinkEntryError, UnlistedFileError,
        UnsafePathError, UnsignedBundleError,
    ]  # fmt: skip
    assert all(issubclass(cls, BundleError) and cls.exit_code == 4 for cls in refusals)
    assert len({cls.code for cls in refusals}) == len(refusals)


def test_signing_refuses_a_tampered_bundle(built: Path, tmp_path: Path) -> None:
    generate_keypair(tmp_path / "k", owner="Body", expires=None)
    tampered = _rewrite(built, lambda entries: entries.pop("standards/mini-std.xml"))
    with pytest.raises(MissingFileError):
        sign_bundle(tampered, tmp_path / "k.key", signed_at=SIGNED_AT)


# -- extraction ----------------------------------------------------------------------------------


def test_open_bundle_extracts_in_repository_layout_keyed_by_digest(
    built: Path, tmp_path: Path
) -> None:
    opened = open_bundle(
        built, None, as_of=AS_OF, require_signature=False, cache_dir=tmp_path / "c"
    )
    assert opened.root == tmp_path / "c" / opened.verified.digest
    assert opened.ruleset_dir == opened.root / "rulesets" / "mini" / "1.0.0"
    assert opened.ruleset_dir.parents[2] / "standards" == opened.standards_dir
    assert (opened.ruleset_dir / "ruleset.yaml").read_bytes() == (
        MINI / "ruleset.yaml"
    ).read_bytes()
    assert (opened.ruleset_dir / "tests" / "green_share.yaml").is_file()
    assert (opened.standards_dir / "mini-std.xml").is_file()


def test_open_bundle_replaces_an_edited_cache(built: Path, tmp_path: Path) -> None:
    first = open_bundle(built, None, as_of=AS_OF, require_signature=False, cache_dir=tmp_path)
    (first.ruleset_dir / "ruleset.yaml").write_text("id: evil\n")
    (first.ruleset_dir / "planted.yaml").write_text("x: 1\n")
    again = open_bundle(built, None, as_of=AS_OF, require_signature=False, cache_dir=tmp_path)
    assert (again.ruleset_dir / "ruleset.yaml").read_bytes() == (MINI / "ruleset.yaml").read_bytes()
    assert not (again.ruleset_dir / "planted.yaml").exists()


def test_open_bundle_uses_zcf_cache_and_verifies_first(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZCF_CACHE", str(tmp_path / "zcf-cache"))
    with pytest.raises(UnsignedBundleError):
        open_bundle(built, None, as_of=AS_OF)
    assert not (tmp_path / "zcf-cache").exists()
    opened = open_bundle(built, None, as_of=AS_OF, require_signature=False)
    assert opened.root.parent == tmp_path / "zcf-cache" / "bundles"


def test_extract_bundle_needs_an_empty_folder(built: Path, tmp_path: Path) -> None:
    verified = _verify(built)
    ruleset_dir = extract_bundle(verified, tmp_path / "out")
    assert ruleset_dir == tmp_path / "out" / "rulesets" / "mini" / "1.0.0"
    assert (ruleset_dir / "submission.schema.json").is_file()
    with pytest.raises(UsageError, match="is not empty"):
        extract_bundle(verified, tmp_path / "out")


def test_extract_bundle_rehashes_a_file_swapped_after_verification(
    built: Path, tmp_path: Path
) -> None:
    verified = _verify(built)

    def edit(entries: dict[str, bytes]) -> None:
        entries["ruleset/ruleset.yaml"] += b"# changed\n"

    shutil.move(_rewrite(built, edit), built)
    with pytest.raises(FileDigestMismatchError, match=re.escape("ruleset/ruleset.yaml")):
        extract_bundle(verified, tmp_path / "out")


# -- CLI -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def invoke(capsys: pytest.CaptureFixture[str], args: list[str]) -> Outcome:
    """`zcf ARGS` through the real entry point, which maps errors to exit codes."""
    from zcf.cli.app import run

    code = run(args)
    out, err = capsys.readouterr()
    return Outcome(code, out, err)


def test_cli_build_sign_verify(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, keys = tmp_path / "mini.zcfb", tmp_path / "keys"
    result = invoke(capsys, ["keygen", "-o", str(keys / "body"), "--owner", "标准化机构"])
    assert result.exit_code == 0, result.output
    result = invoke(
        capsys, ["bundle", "build", str(MINI), "-o", str(out), "--standards", str(STANDARDS)]
    )
    assert result.exit_code == 0, result.output
    digest = result.stdout.split("digest: sha256:")[1].strip()
    args = [
        "bundle",
        "sign",
        str(out),
        "--key",
        str(keys / "body.key"),
        "--signed-at",
        "2025-01-02T09:30:00+00:00",
    ]
    result = invoke(capsys, args)
    assert result.exit_code == 0, result.output
    assert f"digest: sha256:{digest}" in result.stdout
    args = ["bundle", "verify", str(out), "--keyring", str(keys), "--as-of", "2025-06-30"]
    result = invoke(capsys, args)
    assert result.exit_code == 0, result.output
    assert "ruleset: mini 1.0.0 (effective 2025-01-01 → …)" in result.stdout
    assert f"digest: sha256:{digest}" in result.stdout
    assert "标准化机构 [valid] signed 2025-01-02T09:30:00+00:00" in result.stdout


def test_cli_verify_refusal_exits_4_with_one_line_reason(built: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    tampered = _rewrite(built, lambda entries: entries.update({"ruleset/x.yaml": b"x"}))
    (tmp_path / "ring").mkdir()
    args = ["bundle", "verify", str(tampered), "--keyring", str(tmp_path / "ring")]
    result = invoke(capsys, args)
    assert result.exit_code == 4
    first, *rest = result.stderr.splitlines()
    assert first.startswith("error[unlisted-file]: ") and "ruleset/x.yaml" in first
    assert [line for line in rest if not line.startswith("  hint: ")] == []


def test_cli_verify_unsigned(built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "ring").mkdir()
    args = ["bundle", "verify", str(built), "--keyring", str(tmp_path / "ring")]
    refused = invoke(capsys, args)
    assert refused.exit_code == 4 and refused.stderr.startswith("error[unsigned]: ")
    allowed = invoke(capsys, [*args, "--allow-unsigned"])
    assert allowed.exit_code == 0 and "signers: none" in allowed.stdout
    assert "warning: no trusted key signed this bundle" in allowed.stderr


def test_cli_bad_date_is_a_usage_error(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = invoke(capsys, ["bundle", "verify", str(built), "--as-of", "30/06/2025"])
    assert result.exit_code == 2 and "not a date like 2025-12-31" in result.output
