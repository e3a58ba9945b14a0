"""Result attestations: sign with a private key, verify offline with only the public key, and refuse
a result whose verdict, statuses or digests changed after signing."""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import zcf
from zcf.api import load_ruleset
from zcf.model.result import EvaluationResult
from zcf.publishing.attestation import (
    Attestation,
    AttestationMismatchError,
    AttestationSignatureError,
    ResultUnsignedError,
    attest,
    statement_data,
    verify_attestation,
)
from zcf.publishing.bundle_errors import KeyExpiredError, UnknownKeyError
from zcf.publishing.signing import Keyring, generate_keypair, verify_bytes
from zcf.report.json_result import render_json
from zcf.rulesets import registry

EXAMPLE = registry.REPO_RULESETS.parent / "examples" / "zcf-cn-general" / "zero-carbon.json"
GENERAL = registry.REPO_RULESETS / "zcf-cn-general" / "1.0.0"
SIGNED_AT = dt.datetime(2026, 4, 2, 8, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def result() -> EvaluationResult:
    return zcf.evaluate(load_ruleset(GENERAL), EXAMPLE, as_of=dt.date(2026, 3, 31))


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, Keyring]:
    """An evaluator's key pair, and a fresh keyring holding only its public half."""
    generate_keypair(tmp_path / "keys" / "evaluator", owner="Evaluator Co.", expires=dt.date(2027, 12, 31),
                     created=dt.date(2026, 1, 1))
    ring = tmp_path / "ring"
    ring.mkdir()
    shutil.copy(tmp_path / "keys" / "evaluator.pub", ring / "evaluator.pub")
    return tmp_path / "keys" / "evaluator.key", Keyring.load(ring)


def _flip(data: dict[str, Any]) -> None:
    """Turn the first clause's status into another one."""
    clause = data["clauses"][0]
    clause["status"] = "pass" if clause["status"] == "fail" else "fail"


def _signed_json(result: EvaluationResult, key: Path) -> dict[str, Any]:
    return json.loads(render_json(attest(result, key, signed_at=SIGNED_AT)))


def test_sign_then_verify_with_only_the_public_key(result: EvaluationResult, keys: tuple[Path, Keyring]) -> None:
    key, ring = keys
    data = _signed_json(result, key)
    att = data["attestation"]
    assert att["format"] == "zcf-attestation/1" and att["algorithm"] == "ed25519"
    assert att["owner"] == "Evaluator Co." and att["signed_at"] == "2026-04-02T08:00:00Z"
    assert att["statement"]["clauses"] == {c.id: c.status.value for c in result.clauses}
    verified = verify_attestation(data, ring, source="result.json")
    assert verified.owner == "Evaluator Co." and verified.key_id == att["key_id"]
    assert verified.statement.ruleset.digest == result.ruleset.digest
    assert verified.statement.submission.sha256 == result.submission.sha256
    assert verified.statement.verdict["grade"] == result.verdict.grade


def test_the_statement_covers_what_a_certificate_rests_on(result: EvaluationResult) -> None:
    statement = statement_data(json.loads(render_json(result)))
    assert set(statement) == {"engine", "ruleset", "submission", "as_of", "factor_tables", "verdict", "clauses"}
    assert statement["ruleset"] == {"id": "zcf-cn-general", "version": "1.0.0", "digest": result.ruleset.digest}
    assert statement["factor_tables"] == result.factor_tables and statement["as_of"] == "2026-03-31"


def test_the_signature_is_over_canonical_bytes(result: EvaluationResult, keys: tuple[Path, Keyring]) -> None:
    import base64

    key, ring = keys
    att = Attestation.model_validate(_signed_json(result, key)["attestation"])
    public = ring.get(att.key_id)
    assert public is not None
    assert verify_bytes(public, att.signed_bytes(), base64.b64decode(att.signature))
    assert not verify_bytes(public, att.signed_bytes() + b" ", base64.b64decode(att.signature))


@pytest.mark.parametrize(("edit", "pointer"), [
    (_flip, "/clauses/"),
    (lambda d: d["verdict"].update(grade="near-zero-carbon"), "/verdict/grade"),
    (lambda d: d["verdict"].update(compliant=False), "/verdict/compliant"),
    (lambda d: d["ruleset"].update(digest="0" * 64), "/ruleset/digest"),
    (lambda d: d["submission"].update(sha256="f" * 64), "/submission/sha256"),
    (lambda d: d.update(as_of="2026-12-31"), "/as_of"),
])
def test_a_changed_result_is_refused(result: EvaluationResult, keys: tuple[Path, Keyring], edit: Any,
                                     pointer: str) -> None:
    key, ring = keys
    data = _signed_json(result, key)
    edit(data)
    with pytest.raises(AttestationMismatchError) as err:
        verify_attestation(data, ring, source="result.json")
    assert err.value.exit_code == 4 and pointer in str(err.value)


def test_changing_the_statement_too_breaks_the_signature(result: EvaluationResult,
                                                         keys: tuple[Path, Keyring]) -> None:
    key, ring = keys
    data = _signed_json(result, key)
    _flip(data)
    data["attestation"]["statement"]["clauses"][data["clauses"][0]["id"]] = data["clauses"][0]["status"]
    with pytest.raises(AttestationSignatureError, match="does not verify"):
        verify_attestation(data, ring, source="result.json")


def test_explanations_and_owner_label_are_not_attested(result: EvaluationResult,
                                                       keys: tuple[Path, Keyring]) -> None:
    key, ring = keys
    data = _signed_json(result, key)
    data["clauses"][0]["message"]["en"] = "reworded"
    data["evaluated_at"] = "2030-01-01T00:00:00Z"
    data["attestation"]["owner"] = "Someone Else"  # the keyring, not the file, says who signed
    assert verify_attestation(data, ring, source="result.json").owner == "Evaluator Co."


def test_unknown_key_unsigned_and_malformed_are_refused(result: EvaluationResult,
                                                       keys: tuple[Path, Keyring]) -> None:
    key, _ = keys
    data = _signed_json(result, key)
    with pytest.raises(UnknownKeyError):
        verify_attestation(data, Keyring(), source="result.json")
    with pytest.raises(ResultUnsignedError):
        verify_attestation(json.loads(render_json(result)), Keyring(), source="result.json")
    broken = copy.deepcopy(data)
    broken["attestation"]["signature"] = "not base64!"
    with pytest.raises(AttestationSignatureError):
        verify_attestation(broken, Keyring(), source="result.json")


def test_a_key_expired_before_signing_is_refused(result: EvaluationResult, keys: tuple[Path, Keyring],
                                                 tmp_path: Path) -> None:
    key, ring = keys
    with pytest.raises(KeyExpiredError):  # the .pub beside the key stops the signer
        attest(result, key, signed_at=dt.datetime(2028, 1, 1, tzinfo=dt.UTC))
    lone = tmp_path / "lone.key"  # without its .pub the signer cannot tell; the verifier can
    shutil.copy(key, lone)
    data = json.loads(render_json(attest(result, lone, signed_at=dt.datetime(2028, 1, 1, tzinfo=dt.UTC))))
    assert data["attestation"]["owner"] is None
    with pytest.raises(KeyExpiredError):
        verify_attestation(data, ring, source="result.json")


def test_the_result_schema_publishes_the_attestation() -> None:
    schema = EvaluationResult.model_json_schema(by_alias=True, mode="serialization")
    assert "attestation" in schema["properties"]
