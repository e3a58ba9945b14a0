"""Signed result attestations: an evaluator vouches for a verdict, a certifier checks it offline.

The attestation signs, with Ed25519, the canonical JSON of a *statement* drawn from the result:
engine version, ruleset id/version/digest, submission sha256, as-of date, factor-table versions,
the verdict, and every clause's status. Those are what a certificate rests on and what replay can
reproduce; messages and evidence are explanation, not attested. The statement travels inside the
attestation, so a refusal can say exactly which verdict or status was changed after signing.

Crypto goes through `zcf.publishing.signing` (the only module importing `cryptography`), imported
lazily: `zcf.model.result` imports the models here, and loading a result must stay cheap.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from zcf.errors import AttestationMismatchError, AttestationSignatureError, DuplicateClauseIdError, ResultUnsignedError
from zcf.model.attestation import Attestation, Statement, signed_payload
from zcf.model.json_diff import json_diff, short

if TYPE_CHECKING:
    from zcf.model.result import EvaluationResult
    from zcf.publishing.signing import Keyring

def statement_data(result: Mapping[str, Any], *, source: str | None = None) -> dict[str, Any]:
    """The statement drawn from a result's JSON form (as written by `zcf evaluate --format json`)."""
    ruleset = result.get("ruleset") or {}
    return {
        "engine": result.get("engine"),
        "ruleset": {k: ruleset.get(k) for k in ("id", "version", "digest")},
        "submission": {"sha256": (result.get("submission") or {}).get("sha256")},
        "as_of": result.get("as_of"),
        "factor_tables": result.get("factor_tables"),
        "verdict": result.get("verdict"),
        "clauses": clause_statuses(result, source=source),
    }


def clause_statuses(result: Mapping[str, Any], *, source: str | None = None) -> dict[Any, Any]:
    """`{clause id: status}` of a result's JSON form.

    Raises:
        DuplicateClauseIdError: an id listed twice (a forged `pass` row placed before the real one
            would otherwise be what the statement compares).
    """
    statuses: dict[Any, Any] = {}
    for clause in result.get("clauses") or ():
        if not isinstance(clause, Mapping):
            continue
        cid = clause.get("id")
        if cid in statuses:
            raise DuplicateClauseIdError(str(cid), source=source)
        statuses[cid] = clause.get("status")
    return statuses


def _result_json(result: EvaluationResult) -> dict[str, Any]:
    return result.model_dump(mode="json", by_alias=True)


def attest(result: EvaluationResult, key_path: Path, *, signed_at: dt.datetime | None = None) -> EvaluationResult:
    """`result` with an attestation signed by `key_path` (`PREFIX.key` from `zcf keygen`).

    Raises:
        KeyFileError: the key cannot be read or its `.pub` belongs to another key.
        KeyExpiredError: the `.pub` beside the key says it expired before `signed_at`.
    """
    from zcf.publishing.signing import load_signing_key

    when = (signed_at or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    key = load_signing_key(key_path, on=when.date())
    statement = Statement.model_validate(statement_data(_result_json(result)))
    signature = key.sign(signed_payload(key.key_id, when, statement))
    attestation = Attestation(key_id=key.key_id, owner=key.owner, signed_at=when, statement=statement,
                              signature=base64.b64encode(signature).decode())
    return result.model_copy(update={"attestation": attestation})


@dataclass(frozen=True)
class VerifiedAttestation:
    """A good attestation: who signed (the keyring's word for it), when, and what it covers."""

    key_id: str
    owner: str
    signed_at: dt.datetime
    statement: Statement


def verify_attestation(result: Mapping[str, Any], keyring: Keyring, *, source: str) -> VerifiedAttestation:
    """Check a result's attestation with only public keys: signature, key trust, then content.

    Raises:
        ResultUnsignedError: no attestation.
        AttestationSignatureError: malformed attestation or a signature that does not verify.
        UnknownKeyError: the signer's key is not in `keyring`.
        KeyExpiredError: the key had expired when it signed.
        AttestationMismatchError: the result's verdict, statuses or digests differ from the statement.
    """
    from zcf.publishing.bundle_errors import KeyExpiredError, UnknownKeyError
    from zcf.publishing.signing import verify_bytes

    raw = result.get("attestation")
    if not raw:
        raise ResultUnsignedError(source)
    key_id = raw.get("key_id") if isinstance(raw, Mapping) else None
    try:
        attestation = Attestation.model_validate(raw)
        signature = base64.b64decode(attestation.signature, validate=True)
    except (ValidationError, binascii.Error, ValueError) as err:
        reason = err.errors()[0]["msg"] if isinstance(err, ValidationError) else "signature is not base64"
        raise AttestationSignatureError(source, key_id if isinstance(key_id, str) else None, reason) from err
    key = keyring.get(attestation.key_id)
    if key is None:
        raise UnknownKeyError(source, attestation.key_id, keyring=keyring.source)
    if not verify_bytes(key, attestation.signed_bytes(), signature):
        raise AttestationSignatureError(source, attestation.key_id,
                                        f"it does not verify with the public key of {key.owner}")
    if key.expires is not None and key.is_expired(attestation.signed_at.date()):
        raise KeyExpiredError(source, key.key_id, owner=key.owner, expires=key.expires,
                              as_of=attestation.signed_at.date())
    differences = json_diff(attestation.statement.model_dump(mode="json"), statement_data(result, source=source))
    if differences:
        shown = [f"{d.pointer}: attested {short(d.before)}, result says {short(d.after)}" for d in differences]
        raise AttestationMismatchError(source, attestation.key_id, differences, shown)
    return VerifiedAttestation(key.key_id, key.owner, attestation.signed_at, attestation.statement)
