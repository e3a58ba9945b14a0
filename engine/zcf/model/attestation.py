"""The attestation a signed result carries: a value type every layer can hold (signing lives in `zcf.publishing`)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from zcf.model.canonical import canonical_json

FORMAT: Final = "zcf-attestation/1"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AttestedRuleset(_Frozen):
    id: str
    version: str
    digest: str


class AttestedSubmission(_Frozen):
    sha256: str


class Statement(_Frozen):
    """What the signer vouches for; shaped like the result so pointers read the same."""

    engine: str
    ruleset: AttestedRuleset
    submission: AttestedSubmission
    as_of: dt.date
    factor_tables: dict[str, str]
    verdict: dict[str, Any] = Field(description="The result's verdict, as it appears in its JSON.")
    clauses: dict[str, str] = Field(description="Clause id -> status.")


class Attestation(_Frozen):
    """An Ed25519 signature by `key_id` over the canonical JSON of format, key id, time and statement."""

    format: Literal["zcf-attestation/1"] = FORMAT
    algorithm: Literal["ed25519"] = "ed25519"
    key_id: str
    owner: str | None = Field(
        default=None, description="From the signer's .pub; verifiers trust their keyring's owner instead.")
    signed_at: dt.datetime
    statement: Statement
    signature: str = Field(description="Base64 Ed25519 signature.")

    def signed_bytes(self) -> bytes:
        """The exact bytes the signature covers (owner is not among them: the keyring says who)."""
        return signed_payload(self.key_id, self.signed_at, self.statement)


def signed_payload(key_id: str, signed_at: dt.datetime, statement: Statement) -> bytes:
    stamp = _Stamp(signed_at=signed_at).model_dump(mode="json")["signed_at"]
    return canonical_json({"format": FORMAT, "key_id": key_id, "signed_at": stamp,
                           "statement": statement.model_dump(mode="json")})


class _Stamp(_Frozen):
    signed_at: dt.datetime
