"""Every exception zcf raises, in one tree, each with a stable code and the exit code it maps to.

Findings about a submission are not exceptions: they are `zcf.model.problem.Problem` values,
collected and reported together. Exceptions here stop a run (broken ruleset, bad call, tampered
bundle) and carry the data their message is rendered from. Modules that raise them may re-export
them by name (`zcf.publishing.bundle_errors`, `zcf.standards.errors`); the classes live only here.
`docs/errors.md` lists every code with its exit code; a test keeps the two in step.

Exit codes: 1 a requirement failed (a result, never an exception), 2 usage, 3 submission invalid,
4 ruleset, standard or bundle verification failed, 5 internal error.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from zcf.model.json_diff import Difference
    from zcf.model.problem import Problem
    from zcf.rules.expressions import Span


class ZcfError(Exception):
    """Base of all zcf errors. `code` is kebab-case and stable; `exit_code` is what `zcf` returns."""

    code: ClassVar[str] = "zcf-error"
    exit_code: ClassVar[int] = 5

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n  hint: {self.hint}"


class UsageError(ZcfError):
    """The caller asked for something that does not exist or does not fit (exit 2)."""

    code = "usage"
    exit_code = 2


class RulesetNotFoundError(UsageError, LookupError):
    code = "ruleset-not-found"


class ExampleNotFoundError(UsageError, LookupError):
    """No shipped example of that name; the message lists the ones there are."""

    code = "example-not-found"

    def __init__(self, ruleset_id: str, name: str, known: Sequence[str]) -> None:
        listed = ", ".join(known) if known else "none"
        super().__init__(f"{ruleset_id} has no example {name!r} (examples: {listed})",
                         hint=f"zcf example {ruleset_id} --name NAME prints one")


class InputFileError(UsageError):
    """A file zcf was told to read is missing, unreadable, or not a regular file (exit 2)."""

    code = "input-file"


class InputTooLargeError(InputFileError):
    """A file is longer than zcf reads for its kind; refused before it is read in full."""

    code = "input-too-large"

    def __init__(self, name: str, size: int, limit: int, what: str = "file") -> None:
        self.name, self.size, self.limit = name, size, limit
        super().__init__(f"{name}: the {what} is {size} bytes; the limit is {limit} bytes",
                         hint="check that this is the right file")


class AmbiguousJsonError(ZcfError, ValueError):
    """A result, manifest or key file holds JSON that readers could read differently: a duplicate
    key, NaN/Infinity, or a lone surrogate. Refused as a failed verification (exit 4)."""

    code = "ambiguous-json"
    exit_code = 4


class DuplicateClauseIdError(ZcfError):
    """A result lists one clause id twice: a forged row could stand in for the real one (exit 4)."""

    code = "duplicate-clause-id"
    exit_code = 4

    def __init__(self, clause_id: str, *, source: str | None = None) -> None:
        self.clause_id = clause_id
        where = f"{source}: " if source else ""
        super().__init__(f"{where}clause {clause_id!r} appears more than once in the result",
                         hint="a result lists each clause once; this one was edited or forged")


class RulesetError(ZcfError):
    """A ruleset (or one of its files) is broken. Names the file, line and clause where known."""

    code = "ruleset-invalid"
    exit_code = 4

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        clause_id: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.file, self.line, self.column, self.clause_id = file, line, column, clause_id
        where = ""
        if file:
            where = file + (f":{line}" if line else "") + (f":{column}" if column and line else "")
        if clause_id:
            where = f"{where} clause {clause_id}".strip()
        super().__init__(f"{where}: {message}" if where else message, hint=hint)


class RulesetSchemaError(RulesetError):
    code = "ruleset-schema"


class ExpressionError(RulesetError):
    code = "expression"


class ExpressionSyntaxError(ExpressionError):
    code = "expression-syntax"


class UnknownNameError(ExpressionError):
    code = "unknown-name"


class ParameterNotInForceError(RulesetError, LookupError):
    code = "parameter-not-in-force"


class MetricCycleError(RulesetError):
    code = "metric-cycle"


class SubmissionInvalidError(ZcfError):
    """The submission cannot be evaluated; `problems` lists every defect with its JSON pointer."""

    code = "submission-invalid"
    exit_code = 3

    def __init__(self, message: str, problems: Sequence[Problem] = (), *, file: str | None = None):
        self.problems = tuple(problems)
        self.file = file
        super().__init__(f"{file}: {message}" if file else message)


class AccountingError(ZcfError):
    code = "accounting"


class UnitMismatchError(AccountingError, ValueError):
    code = "unit-mismatch"
    exit_code = 3


class FactorNotFoundError(AccountingError, LookupError):
    code = "factor-not-found"
    exit_code = 3


class BundleError(ZcfError):
    """A bundle or its signature cannot be trusted; loading refuses it (exit 4)."""

    code = "bundle-invalid"
    exit_code = 4


class UnsignedRulesetError(BundleError):
    """With a keyring configured, a plain ruleset folder on ZCF_RULESETS is refused (exit 4):
    nothing vouches for it. `ZCF_ALLOW_UNSIGNED=1` accepts it."""

    code = "unsigned-ruleset"

    def __init__(self, folder: str) -> None:
        self.folder = folder
        super().__init__(f"{folder}: an unsigned ruleset folder, and a keyring is configured",
                         hint="build and sign it as a bundle (`zcf bundle build`, `zcf bundle sign`), "
                              "or set ZCF_ALLOW_UNSIGNED=1 to use it anyway")


class SignatureError(BundleError):
    """A signature (of a bundle or of a result) is missing, unknown, expired or does not verify."""

    code = "signature"


class ScenarioSetupError(UsageError, AssertionError):
    """A Gherkin premise cannot be realised on the example factory (the scenario fails, saying why)."""

    code = "scenario-setup"


class BackendUnavailableError(UsageError):
    code = "backend-unavailable"


class BackendDisagreementError(ZcfError):
    code = "backend-disagreement"


class DurableBackendError(ZcfError):
    """durable_rules failed or was misused; the evaluation has no trustworthy durable answer."""

    code = "durable-failed"
    exit_code = 5


# -- expressions at run time -------------------------------------------------------------------


class EvaluationError(ZcfError):
    """An expression failed at run time: division by zero, or an operator given the wrong types.

    The evaluator catches it and reports the clause; should one escape, it is the ruleset's
    fault (exit 4). `span`, `source` and `clause_id` are filled in as the error propagates.
    """

    code = "expression-evaluation"
    exit_code = 4

    def __init__(
        self,
        message: str,
        *,
        span: Span | None = None,
        source: str | None = None,
        clause_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.span = span
        self.source = source
        self.clause_id = clause_id

    def __str__(self) -> str:
        text = self.message
        if self.span is not None and self.span.line:
            text += f" at line {self.span.line}, column {self.span.column}"
        if self.source:
            text += f" of `{self.source}`"
        return f"{text} (clause {self.clause_id})" if self.clause_id else text


class MissingValueError(ZcfError):
    """A name has no value (absent, or None) at run time: the result is indeterminate.

    The evaluator catches it (the clause becomes indeterminate); escaping, it means the submission
    lacks a value the caller needed (exit 3).
    """

    code = "missing-value"
    exit_code = 3

    def __init__(self, name: str) -> None:
        super().__init__(f"no value for {name!r}")
        self.name = name


# -- replay and result attestations ------------------------------------------------------------


class ReplayRulesetMismatchError(RulesetError):
    """The ruleset available under the recorded id@version is not the one the result was made with."""

    code = "replay-ruleset-mismatch"

    def __init__(self, ref: str, recorded: str, available: str, source: str) -> None:
        self.ref, self.recorded, self.available, self.source = ref, recorded, available, source
        super().__init__(
            f"cannot replay: {ref} from {source} has digest {available}, but the result was made with {recorded}",
            hint="replay needs the exact ruleset the result names: pass --ruleset-path with the original folder "
                 "or signed bundle (a bundle's digest is printed by `zcf bundle verify`)")


class ResultUnsignedError(SignatureError):
    """The result carries no attestation, so nothing can be verified."""

    code = "result-unsigned"

    def __init__(self, source: str) -> None:
        self.source = source
        super().__init__(f"{source}: the result has no attestation",
                         hint="ask the evaluator for a result made with `zcf evaluate --sign KEY.key`")


class AttestationSignatureError(SignatureError):
    """The attestation is malformed or its signature does not verify with the signer's public key."""

    code = "attestation-invalid"

    def __init__(self, source: str, key_id: str | None, reason: str) -> None:
        self.source, self.key_id, self.reason = source, key_id, reason
        who = f" by key {key_id}" if key_id else ""
        super().__init__(f"{source}: attestation{who} is invalid: {reason}",
                         hint="the attestation was altered or forged; do not rely on this result")


class AttestationMismatchError(SignatureError):
    """The signature is good, but the result no longer says what was signed.

    `shown` is the differences as one line each (`pointer: attested X, result says Y`).
    """

    code = "attestation-mismatch"

    def __init__(self, source: str, key_id: str, differences: Sequence[Difference], shown: Sequence[str]) -> None:
        self.source, self.key_id, self.differences = source, key_id, list(differences)
        more = f" (and {len(shown) - 5} more)" if len(shown) > 5 else ""
        super().__init__(f"{source}: the result differs from what key {key_id} attested: "
                         f"{'; '.join(shown[:5])}{more}",
                         hint="the result was edited after signing; ask the evaluator for the original "
                              "or re-run it with `zcf replay`")


# -- standards documents -----------------------------------------------------------------------


def _where(file: str | None, line: int | None, column: int | None) -> str:
    if not file:
        return f"line {line}" if line else ""
    where = file
    if line:
        where += f":{line}"
        if column:
            where += f":{column}"
    return where


class StandardError(ZcfError):
    """A standard document is unsafe, malformed or outside the zcf subset of NISO STS.

    The message always starts with ``file:line`` so an author can jump to the spot.
    """

    code = "standard-invalid"
    exit_code = 4

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.file, self.line, self.column = file, line, column
        where = _where(file, line, column)
        super().__init__(f"{where}: {message}" if where else message, hint=hint)


class StandardGrammarError(StandardError):
    """A document parses but does not validate against the NISO STS 1.2 interchange grammar."""

    code = "standard-grammar"

    def __init__(
        self,
        message: str,
        errors: tuple[str, ...] = (),
        *,
        file: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.errors = errors
        super().__init__(message, file=file, hint=hint)


class StandardNotFoundError(UsageError, LookupError):
    """No document with that id or file, or no clause with that label in the document (exit 2)."""

    code = "standard-not-found"

    def __init__(
        self,
        message: str,
        *,
        document: str | None = None,
        label: str | None = None,
        file: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.document, self.label, self.file = document, label, file
        super().__init__(message, hint=hint)


# -- bundle refusals (exit 4) ------------------------------------------------------------------

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


class DigestMismatchError(BundleError):
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


#: the name `zcf.publishing.bundle_errors` has always used for a file whose bytes changed
FileDigestMismatchError = DigestMismatchError


class RequestLimitError(ZcfError):
    """A request to `zcf serve` went past one of its bounds; `status` is the HTTP answer."""

    code = "request-limit"
    exit_code = 2
    status: ClassVar[int] = 503

    def __init__(self, message: str, *, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class BodyTooLargeError(RequestLimitError):
    code = "request-too-large"
    status = 413


class RequestTimeoutError(RequestLimitError):
    code = "request-timeout"
    status = 408


class ServiceBusyError(RequestLimitError):
    code = "service-busy"
    status = 503
