"""Publishing through the CLI: transition windows in `zcf evaluate`, `zcf diff`, `zcf replay`,
`zcf evaluate --sign` + `zcf verify-result`, and a tampered bundle refused with exit 4."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from tiny_ruleset import BASE
from zcf.cli.app import run
from zcf.rulesets import registry

REPO = registry.REPO_RULESETS.parent
EXAMPLE = REPO / "examples" / "zcf-cn-general" / "zero-carbon.json"
SCHEMA = {"type": "object", "properties": {"share": {"type": "number"}}}


def _edition(root: Path, version: str, header: str, share_min: str) -> Path:
    text = (BASE.replace("version: 1.0.0", f"version: {version}").replace("effective_from: 2026-01-01\n", header)
            .replace("value: 0.30", f"value: {share_min}"))
    folder = root / "tiny" / version
    folder.mkdir(parents=True)
    (folder / "ruleset.yaml").write_text(text, encoding="utf-8")
    (folder / "submission.schema.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    return folder


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two tiny editions overlapping 2027-01-01 → 2027-07-01, a submission at 0.35, keyring and cache."""
    rulesets = tmp_path / "rulesets"
    _edition(rulesets, "1.0.0", "effective_from: 2026-01-01\neffective_until: 2027-07-01\n", "0.30")
    _edition(rulesets, "2.0.0", "effective_from: 2027-01-01\nsupersedes: 1.0.0\n", "0.40")
    (tmp_path / "factory.json").write_text(json.dumps(
        {"share": 0.35, "period": {"start": "2027-01-01", "end": "2027-03-31"}}), encoding="utf-8")
    for name in ("keyring", "cache"):
        (tmp_path / name).mkdir()
    monkeypatch.setenv("ZCF_RULESETS", str(rulesets))
    monkeypatch.setenv("ZCF_KEYRING", str(tmp_path / "keyring"))
    monkeypatch.setenv("ZCF_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("ZCF_ALLOW_UNSIGNED", raising=False)
    return tmp_path


# The tiny ruleset has no offset parameters, which the self-check gap search needs: --no-gaps.


def _json(capsys: pytest.CaptureFixture[str]) -> Any:
    return json.loads(capsys.readouterr().out)


# -- transition window -----------------------------------------------------------------------------


def test_evaluate_in_a_transition_window_reports_both_editions(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["evaluate", str(env / "factory.json"), "--no-gaps", "-r", "tiny", "--format", "json"])
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert [r["ruleset"]["version"] for r in data["results"]] == ["1.0.0", "2.0.0"]
    assert [r["verdict"]["compliant"] for r in data["results"]] == [True, False]
    assert data["transition"]["id"] == "tiny" and data["transition"]["as_of"] == "2027-03-31"
    assert [e["version"] for e in data["transition"]["editions"]] == ["1.0.0", "2.0.0"]
    assert data["transition"]["editions"][0]["effective_until"] == "2027-07-01"
    assert "notice: transition window" in captured.err
    assert code == 0  # compliant under the old edition, which still applies


def test_transition_table_has_a_header_per_edition(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(["evaluate", str(env / "factory.json"), "--no-gaps", "-r", "tiny", "--format", "table", "--lang", "en"])
    out = capsys.readouterr().out
    assert "notice: transition window: 2 editions of tiny are in force on 2027-03-31" in out
    assert "tiny@1.0.0  (in force 2026-01-01 → 2027-07-01)" in out and "tiny@2.0.0  (in force 2027-01-01" in out


def test_a_pin_or_a_date_after_the_window_gives_one_result(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["evaluate", str(env / "factory.json"), "--no-gaps", "-r", "tiny@2.0.0", "--format", "json"]) == 1
    assert _json(capsys)["ruleset"]["version"] == "2.0.0"
    later = ["--as-of", "2027-08-01", "-f", "json"]
    assert run(["evaluate", str(env / "factory.json"), "--no-gaps", "-r", "tiny", *later]) == 1
    assert _json(capsys)["ruleset"]["version"] == "2.0.0"


# -- diff ------------------------------------------------------------------------------------------


def test_diff_names_the_stricter_clause_and_the_moved_status(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["diff", "tiny@1.0.0", "tiny@2.0.0", "--submission", str(env / "factory.json"),
                "--format", "json"]) == 0
    data = _json(capsys)
    assert data["before"] == "tiny@1.0.0" and data["after"] == "tiny@2.0.0"
    assert [(c["id"], c["change"]) for c in data["clauses"]] == [("T-01", "stricter")]
    assert data["outcomes"]["statuses"] == [{"clause": "T-01", "before": "pass", "after": "fail"}]
    assert data["outcomes"]["before"]["as_of"] == "2027-03-31"
    run(["diff", "tiny@1.0.0", "tiny@2.0.0", "--format", "table"])
    out = capsys.readouterr().out
    assert "stricter" in out and "share_min" in out


# -- replay ----------------------------------------------------------------------------------------


def test_replay_confirms_an_identical_result(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = env / "result.json"
    run(["evaluate", str(env / "factory.json"), "--no-gaps", "-r", "tiny@1.0.0", "--format", "json", "-o", str(result)])
    capsys.readouterr()
    assert run(["replay", str(result), str(env / "factory.json")]) == 0
    assert capsys.readouterr().out.startswith("identical: tiny@1.0.0 as of 2027-03-31, backend compiled")


def test_replay_prints_what_differs(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = env / "result.json"
    run(["evaluate", str(env / "factory.json"), "--no-gaps", "-r", "tiny@1.0.0", "--format", "json", "-o", str(result)])
    data = json.loads(result.read_text(encoding="utf-8"))
    data["clauses"][0]["status"] = "fail"
    result.write_text(json.dumps(data), encoding="utf-8")
    capsys.readouterr()
    assert run(["replay", str(result), str(env / "factory.json")]) == 1
    out = capsys.readouterr().out
    assert "differs:" in out and '/clauses/0/status: recorded "fail", replayed "pass"' in out


def test_replay_refuses_a_ruleset_with_another_digest(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = env / "result.json"
    run(["evaluate", str(env / "factory.json"), "--no-gaps", "-r", "tiny@1.0.0", "--format", "json", "-o", str(result)])
    changed = env / "changed" / "tiny" / "1.0.0"
    shutil.copytree(env / "rulesets" / "tiny" / "1.0.0", changed)
    (changed / "ruleset.yaml").write_text((changed / "ruleset.yaml").read_text().replace("0.30", "0.20"))
    capsys.readouterr()
    assert run(["replay", str(result), str(env / "factory.json"), "--ruleset-path", str(changed)]) == 4
    err = capsys.readouterr().err
    assert "error[replay-ruleset-mismatch]: cannot replay: tiny@1.0.0" in err and "has digest" in err


# -- sign and verify -------------------------------------------------------------------------------


def _signed_result(env: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    """Sign with a key from `zcf keygen`; only the .pub goes to a fresh keyring folder."""
    assert run(["keygen", "-o", str(env / "keys" / "evaluator"), "--owner", "Evaluator Co."]) == 0
    ring = env / "verifier-ring"
    ring.mkdir()
    shutil.copy(env / "keys" / "evaluator.pub", ring)
    result = env / "signed.json"
    assert run(["evaluate", str(EXAMPLE), "--as-of", "2026-03-31", "--sign", str(env / "keys" / "evaluator.key"),
                "-o", str(result)]) == 0
    capsys.readouterr()
    return result, ring


def test_sign_and_verify_result(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result, ring = _signed_result(env, capsys)
    data = json.loads(result.read_text(encoding="utf-8"))
    assert data["attestation"]["owner"] == "Evaluator Co."
    assert run(["verify-result", str(result), "--keyring", str(ring)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"ok: {result}")
    assert f"signed by {data['attestation']['key_id']} (Evaluator Co.)" in out
    assert "ruleset: zcf-cn-general@1.0.0 sha256:" in out and "as of 2026-03-31" in out


def test_verify_result_refuses_a_flipped_status(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result, ring = _signed_result(env, capsys)
    data = json.loads(result.read_text(encoding="utf-8"))
    clause = data["clauses"][0]
    clause["status"] = "fail" if clause["status"] != "fail" else "pass"
    result.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert run(["verify-result", str(result), "--keyring", str(ring)]) == 4
    assert f"error[attestation-mismatch]: {result}: the result differs" in capsys.readouterr().err


def test_verify_result_refuses_an_unknown_key(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result, _ = _signed_result(env, capsys)
    assert run(["verify-result", str(result)]) == 4  # $ZCF_KEYRING is empty
    assert "error[unknown-key]" in capsys.readouterr().err


# -- bundles ---------------------------------------------------------------------------------------


def test_rulesets_table_and_tampered_bundle(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for folder in (env / "rulesets").iterdir():  # with a key in the keyring, unsigned folders are refused
        shutil.rmtree(folder)
    bundle = env / "rulesets" / "general.zcfb"
    assert run(["bundle", "build", str(registry.REPO_RULESETS / "zcf-cn-general" / "1.0.0"), "-o", str(bundle)]) == 0
    assert run(["keygen", "-o", str(env / "keys" / "body"), "--owner", "Body"]) == 0
    assert run(["bundle", "sign", str(bundle), "--key", str(env / "keys" / "body.key")]) == 0
    shutil.copy(env / "keys" / "body.pub", env / "keyring")
    capsys.readouterr()
    assert run(["rulesets", "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert "source" in out and "signed_by" in out
    assert run(["evaluate", str(EXAMPLE), "--as-of", "2026-03-31", "--format", "json"]) == 0
    assert _json(capsys)["ruleset"]["digest"] != ""
    with zipfile.ZipFile(bundle) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    entries["ruleset/submission.schema.json"] = entries["ruleset/submission.schema.json"].replace(b"{", b"{ ", 1)
    with zipfile.ZipFile(bundle, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    assert run(["evaluate", str(EXAMPLE), "--as-of", "2026-03-31", "--format", "json"]) == 4
    assert "error[digest-mismatch]" in capsys.readouterr().err
