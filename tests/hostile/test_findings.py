"""Regression tests for the hostile-input findings of issue 10, one (or a few) per finding.

Each test failed before its fix: a traceback and exit 5, a wrong exit code, a hang avoided only
by the reader refusing, or a forged result that verified. Everything runs through the real CLI
(`zcf.cli.app.run`) or the public Python API.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import zcf
from zcf.cli.app import run
from zcf.errors import InputFileError, SubmissionInvalidError, UsageError
from zcf.publishing.bundle import build_bundle, sign_bundle
from zcf.publishing.bundle_errors import KeyFileError
from zcf.publishing.signing import Keyring, generate_keypair
from zcf.rulesets import registry
from zcf.submission.reading import read_submission
from zcf.submission.validation import MAX_PROBLEMS

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
RULESETS = sorted(p.name for p in (ROOT / "rulesets").iterdir() if p.is_dir())
AS_OF = "2026-03-31"
GRID_VALUE = "/energy/electricity/grid/0/amount/value"


def example(rid: str, name: str = "failing") -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / rid / f"{name}.json").read_text("utf-8"))
    return data


def write(tmp_path: Path, doc: Any, name: str = "submission.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def evaluate_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(["evaluate", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


# -- 1. a schema error inside a shared definition, under every extending ruleset ------------------

@pytest.mark.parametrize("rid", [*RULESETS, "all"])
def test_1_negative_grid_amount_is_exit_3_with_its_pointer_under_every_ruleset(
        rid: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = example("zcf-cn-dc" if rid == "all" else rid)
    doc["energy"]["electricity"]["grid"][0]["amount"]["value"] = "-5"
    code, out, _ = evaluate_cli(capsys, str(write(tmp_path, doc)), "-r", rid, "--as-of", AS_OF, "-f", "json",
                                "--no-gaps")
    assert code == 3
    problems = json.loads(out)["problems"]
    assert [p["pointer"] for p in problems] == [GRID_VALUE]
    # The rule is named where it lives in the composed schema (the general part of an allOf).
    assert problems[0]["schema_pointer"].endswith("/$defs/nonneg_decimal/anyOf")


# -- 2. no period and no --as-of ------------------------------------------------------------------

def test_2_no_period_without_as_of_is_exit_3_naming_period(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = example("zcf-cn-general", "zero-carbon")
    del doc["period"]
    code, _, err = evaluate_cli(capsys, str(write(tmp_path, doc)), "-f", "json")
    assert code == 3 and "/period/end" in err


# -- 3. year 0000 ---------------------------------------------------------------------------------

def test_3_year_0000_is_refused_at_validation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = example("zcf-cn-general", "zero-carbon")
    doc["period"]["start"] = "0000-01-01"
    code, out, _ = evaluate_cli(capsys, str(write(tmp_path, doc)), "--as-of", AS_OF, "-f", "json", "--no-gaps")
    assert code == 3
    assert [(p["pointer"], p["code"]) for p in json.loads(out)["problems"]] == [("/period/start", "schema-format")]


# -- 4. lone surrogates ---------------------------------------------------------------------------

@pytest.mark.parametrize("where", ["value", "key"])
def test_4_lone_surrogate_is_refused_at_reading(where: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    doc = example("zcf-cn-general", "zero-carbon")
    if where == "value":
        doc["enterprise"]["name"] = "\ud800"
    else:
        doc["boundary"]["\udc00"] = 1
    path = tmp_path / "s.json"
    path.write_text(json.dumps(doc), encoding="ascii")  # ensure_ascii writes the lone \ud800 escape
    code, out, _ = evaluate_cli(capsys, str(path), "--as-of", AS_OF, "-f", "json", "--no-gaps")
    assert code == 3 and json.loads(out)["problems"][0]["code"] == "lone-surrogate"


# -- 5. sizes checked before reading; only regular files ------------------------------------------

def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def test_5_a_sparse_2_gib_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    """The real `zcf` in a process limited to 1 GiB of address space: reading the file whole (as
    before) is a MemoryError and exit 5; refusing it from its size is exit 3."""
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(2 << 30)  # sparse: no disk used
    done = subprocess.run([sys.executable, "-m", "zcf", "evaluate", str(big), "--as-of", AS_OF, "-f", "json"],
                          capture_output=True, text=True, preexec_fn=_limit_memory, check=False)
    assert done.returncode == 3 and "too-large" in done.stderr and "Traceback" not in done.stderr
    assert json.loads(done.stdout)["problems"][0]["code"] == "too-large"
    with pytest.raises(SubmissionInvalidError, match="limit"):
        zcf.evaluate("zcf-cn-general", big, as_of=dt.date(2026, 3, 31))


def test_5_a_fifo_and_a_device_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)  # nobody writes: reading it would block forever
    code, _, err = evaluate_cli(capsys, str(fifo), "--as-of", AS_OF)
    assert code == 2 and "not a regular file" in err
    assert run(["replay", str(fifo), str(EXAMPLES / "zcf-cn-general" / "failing.json")]) == 2
    assert run(["verify-result", str(fifo)]) == 2
    assert run(["diff", "zcf-cn-general@1.0.0", "zcf-cn-general@1.0.0", "--submission", str(fifo)]) == 2
    capsys.readouterr()
    for path in (Path("/dev/zero"), fifo):
        with pytest.raises(InputFileError, match="not a regular file"):
            zcf.evaluate("zcf-cn-general", path, as_of=dt.date(2026, 3, 31))
        with pytest.raises(InputFileError, match="not a regular file"):
            read_submission(path)


# -- 6. a cap on problems -------------------------------------------------------------------------

def test_6_a_hundred_thousand_bad_rows_stop_at_the_cap(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = example("zcf-cn-general", "zero-carbon")
    row = copy.deepcopy(doc["energy"]["electricity"]["grid"][0])
    row["amount"]["value"] = "-1"
    doc["energy"]["electricity"]["grid"] = [row] * 100_000
    code, out, err = evaluate_cli(capsys, str(write(tmp_path, doc)), "--as-of", AS_OF, "-f", "json")
    assert code == 3
    problems = json.loads(out)["problems"]
    assert len(problems) == MAX_PROBLEMS + 1 and problems[-1]["code"] == "too-many-problems"
    assert len(err.splitlines()) < MAX_PROBLEMS + 10


# -- 7. forged rows and duplicate keys in what verify-result and replay read -----------------------

@pytest.fixture
def signed_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    """A signed result of a failing submission, and a keyring trusting its key."""
    (tmp_path / "keyring").mkdir()
    monkeypatch.setenv("ZCF_KEYRING", str(tmp_path / "keyring"))
    monkeypatch.setenv("ZCF_CACHE", str(tmp_path / "cache"))
    generate_keypair(tmp_path / "keys" / "evaluator", owner="Evaluator", expires=None)
    shutil.copy(tmp_path / "keys" / "evaluator.pub", tmp_path / "keyring")
    result = tmp_path / "result.json"
    assert run(["evaluate", str(EXAMPLES / "zcf-cn-general" / "failing.json"), "--as-of", AS_OF, "--no-gaps",
                "--sign", str(tmp_path / "keys" / "evaluator.key"), "-o", str(result)]) == 1
    assert run(["verify-result", str(result)]) == 0
    capsys.readouterr()
    return result


def test_7_a_forged_pass_row_placed_first_is_refused(signed_result: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(signed_result.read_text("utf-8"))
    failing = next(c for c in data["clauses"] if c["status"] == "fail")
    data["clauses"].insert(0, {**failing, "status": "pass"})
    signed_result.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert run(["verify-result", str(signed_result)]) == 4
    assert "duplicate-clause-id" in capsys.readouterr().err
    assert run(["replay", str(signed_result), str(EXAMPLES / "zcf-cn-general" / "failing.json")]) == 4


def test_7_duplicate_keys_in_a_result_are_refused(signed_result: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = signed_result.read_text("utf-8")
    assert '"compliant": false' in text
    signed_result.write_text(text.replace('"compliant": false', '"compliant": true, "compliant": false', 1),
                             encoding="utf-8")
    assert run(["verify-result", str(signed_result)]) == 4
    assert run(["replay", str(signed_result), str(EXAMPLES / "zcf-cn-general" / "failing.json")]) == 4
    assert "appears twice" in capsys.readouterr().err


def test_7_duplicate_keys_in_a_public_key_file_are_refused(tmp_path: Path) -> None:
    generate_keypair(tmp_path / "k", owner="Body", expires=None)
    pub = tmp_path / "k.pub"
    pub.write_text(pub.read_text("utf-8").replace('"owner": "Body"', '"owner": "Body", "owner": "Other"'),
                   encoding="utf-8")
    with pytest.raises(KeyFileError, match="appears twice"):
        Keyring.load(tmp_path)


# -- 8. unsigned rulesets do not shadow signed ones ------------------------------------------------

GENERAL = ROOT / "rulesets" / "zcf-cn-general" / "1.0.0"


@pytest.fixture
def trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """ZCF_RULESETS holding a signed bundle of zcf-cn-general 1.0.0, and a keyring trusting it."""
    for name in ("rulesets", "keyring", "cache"):
        (tmp_path / name).mkdir()
    monkeypatch.setenv("ZCF_RULESETS", str(tmp_path / "rulesets"))
    monkeypatch.setenv("ZCF_KEYRING", str(tmp_path / "keyring"))
    monkeypatch.setenv("ZCF_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("ZCF_ALLOW_UNSIGNED", raising=False)
    generate_keypair(tmp_path / "keys" / "body", owner="Body", expires=None, created=dt.date(2026, 1, 1))
    shutil.copy(tmp_path / "keys" / "body.pub", tmp_path / "keyring")
    bundle = tmp_path / "rulesets" / "general-1.0.0.zcfb"
    build_bundle(GENERAL, bundle, standards_dir=ROOT / "standards")
    sign_bundle(bundle, tmp_path / "keys" / "body.key", signed_at=dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
    return tmp_path


def _copy_general(target: Path, version: str) -> Path:
    folder = target / "zcf-cn-general" / version
    shutil.copytree(GENERAL, folder)
    yaml = folder / "ruleset.yaml"
    yaml.write_text(yaml.read_text("utf-8").replace("version: 1.0.0", f"version: {version}", 1), encoding="utf-8")
    return folder


def test_8_a_folder_never_shadows_the_signed_bundle(trusted: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _copy_general(trusted / "rulesets", "1.0.0")
    monkeypatch.setenv("ZCF_ALLOW_UNSIGNED", "1")  # even when unsigned folders are allowed
    entry = registry.find("zcf-cn-general@1.0.0")
    assert entry.origin == "bundle" and entry.trusted_signers


def test_8_with_a_keyring_an_unsigned_folder_is_refused(trusted: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    _copy_general(trusted / "rulesets", "9.9.9")
    assert run(["evaluate", str(EXAMPLES / "zcf-cn-general" / "failing.json"), "--as-of", AS_OF, "-f", "json"]) == 4
    assert "unsigned-ruleset" in capsys.readouterr().err
    monkeypatch.setenv("ZCF_ALLOW_UNSIGNED", "1")
    assert registry.find("zcf-cn-general").version == "9.9.9"


def test_8_choosing_an_older_edition_than_a_signed_one_seen_is_warned(
        trusted: Path, capsys: pytest.CaptureFixture[str]) -> None:
    newer = _copy_general(trusted / "work", "1.1.0")
    bundle = trusted / "rulesets" / "general-1.1.0.zcfb"
    build_bundle(newer, bundle, standards_dir=ROOT / "standards")
    sign_bundle(bundle, trusted / "keys" / "body.key", signed_at=dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
    assert registry.find("zcf-cn-general", as_of=dt.date(2026, 3, 31)).version == "1.1.0"  # seen, recorded
    bundle.unlink()  # rolled back: only the older signed edition is left
    chosen = registry.find("zcf-cn-general", as_of=dt.date(2026, 3, 31))
    assert chosen.version == "1.0.0"
    assert "1.1.0" in (registry.rollback_warning(chosen, dt.date(2026, 3, 31)) or "")
    code = run(["evaluate", str(EXAMPLES / "zcf-cn-general" / "failing.json"), "--as-of", AS_OF, "-f", "json",
                "--no-gaps"])
    out = capsys.readouterr().out
    assert code == 1
    assert [p["code"] for p in json.loads(out)["problems"] if p["code"] == "older-edition-chosen"]
    assert run(["rulesets"]) == 0
    assert "newer signed edition zcf-cn-general@1.1.0" in capsys.readouterr().err


# -- 9. the smaller ones --------------------------------------------------------------------------

def test_9_a_private_key_readable_by_others_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    generate_keypair(tmp_path / "k", owner="Evaluator", expires=None)
    (tmp_path / "k.key").chmod(0o644)
    code = run(["evaluate", str(EXAMPLES / "zcf-cn-general" / "failing.json"), "--as-of", AS_OF, "--no-gaps",
                "--sign", str(tmp_path / "k.key")])
    assert code == 4 and "chmod 600" in capsys.readouterr().err


def test_9_schema_prints_the_composed_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["schema", "zcf-cn-dc"]) == 0
    schema = json.loads(capsys.readouterr().out)
    general, dc = schema["allOf"]
    assert "enterprise" in general["properties"] and "nonneg_decimal" in general["$defs"]
    assert "zcf-cn-dc" in dc["$id"]


def test_9_a_nan_in_an_api_dict_is_named_as_such() -> None:
    doc = example("zcf-cn-general", "zero-carbon")
    doc["digital"]["metering_coverage"] = float("nan")
    with pytest.raises(SubmissionInvalidError) as info:
        zcf.evaluate("zcf-cn-general", doc, as_of=dt.date(2026, 3, 31))
    assert [(p.pointer, p.code) for p in info.value.problems] == [("/digital/metering_coverage", "not-a-number")]
    doc["digital"]["metering_coverage"] = 0.93  # a finite float is read as its shortest decimal
    assert zcf.evaluate("zcf-cn-general", doc, as_of=dt.date(2026, 3, 31)).metrics


def test_9_a_str_is_json_text_everywhere() -> None:
    path = str(EXAMPLES / "zcf-cn-general" / "zero-carbon.json")
    with pytest.raises(UsageError, match="Path"):
        zcf.evaluate("zcf-cn-general", path, as_of=dt.date(2026, 3, 31))
    with pytest.raises(UsageError, match="Path"):
        read_submission(path)
    text = Path(path).read_text("utf-8")
    assert zcf.evaluate("zcf-cn-general", text, as_of=dt.date(2026, 3, 31)).verdict.compliant


def test_9_bundle_build_makes_the_output_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "dist" / "x.zcfb"
    assert run(["bundle", "build", str(GENERAL), "-o", str(out)]) == 0 and out.is_file()


def test_9_a_missing_bundle_file_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["bundle", "verify", str(tmp_path / "absent.zcfb")]) == 2
    assert "not found" in capsys.readouterr().err


def test_9_json_format_prints_a_problem_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = example("zcf-cn-general", "zero-carbon")
    del doc["enterprise"]["uscc"]
    code, out, _ = evaluate_cli(capsys, str(write(tmp_path, doc)), "--as-of", AS_OF, "-f", "json")
    problem = json.loads(out)
    assert code == 3
    assert problem["type"] == "urn:zcf:problem:submission-invalid" and problem["status"] == 422
    assert problem["title"] and problem["instance"].endswith("submission.json")
    assert [p["pointer"] for p in problem["problems"]] == ["/enterprise/uscc"]


def test_9_integers_are_bounded_like_other_numbers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "s.json"
    text = (EXAMPLES / "zcf-cn-general" / "zero-carbon.json").read_text("utf-8")
    path.write_text(text.replace('"major_incidents_3y": 0', '"major_incidents_3y": ' + "1" * 1001, 1),
                    encoding="utf-8")
    assert '"major_incidents_3y": 1111' in path.read_text("utf-8")
    code, out, _ = evaluate_cli(capsys, str(path), "--as-of", AS_OF, "-f", "json")
    assert code == 3 and json.loads(out)["problems"][0]["code"] == "number-out-of-range"


# -- found by the fuzz suite ----------------------------------------------------------------------

def test_fuzz_a_list_for_an_onsite_quantity_is_exit_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`type-swap at /energy/electricity/onsite_renewable/0/self_consumed` crashed the energy-balance
    consistency check (AttributeError, exit 5) instead of leaving the wrong type to the schema."""
    doc = example("zcf-zj-2023", "zero-carbon")
    doc["energy"]["electricity"]["onsite_renewable"][0]["self_consumed"] = [1]
    code, out, _ = evaluate_cli(capsys, str(write(tmp_path, doc)), "-r", "zcf-zj-2023", "--as-of", AS_OF,
                                "-f", "json", "--no-gaps")
    assert code == 3
    assert "/energy/electricity/onsite_renewable/0/self_consumed" in [p["pointer"] for p in json.loads(out)["problems"]]
