"""`zcf replay` and `zcf verify-result`: check a recorded result; parsing and printing only.

Replay re-runs the evaluation (`zcf.evaluate.replay`): exit 0 identical, 1 differs, 4 the
ruleset's digest is not the recorded one. verify-result checks a signed result offline with only
public keys (`zcf.publishing.attestation`): exit 0 valid, 4 changed, forged or unknown signer.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated, Any

import typer

from zcf.cli.options import Format
from zcf.errors import AmbiguousJsonError, UsageError
from zcf.evaluate.replay import recorded_results, replay_one
from zcf.input_files import loads_strict, read_limited
from zcf.model.json_diff import short
from zcf.publishing.attestation import VerifiedAttestation, verify_attestation
from zcf.publishing.signing import Keyring
from zcf.submission.reading import read_submission, submission_bytes

#: Largest result file read (64 MiB): a result with gaps and traces is well under a megabyte.
MAX_RESULT_BYTES = 64 * 1024 * 1024


def _read_result(path: Path) -> Any:
    """The result document; duplicate keys, NaN and lone surrogates are refused (exit 4)."""
    if not path.exists():
        raise UsageError(f"result file not found: {path}", hint="give the JSON written by `zcf evaluate -o`")
    data = read_limited(path, limit=MAX_RESULT_BYTES, what="result")
    try:
        return loads_strict(data)
    except AmbiguousJsonError as err:
        raise AmbiguousJsonError(f"{path}: {err.message}", hint=err.hint) from err
    except ValueError as err:  # JSONDecodeError, UnicodeDecodeError
        raise UsageError(f"{path}: not JSON ({err})", hint="give the JSON written by `zcf evaluate`") from err


def replay_command(
    result: Annotated[Path, typer.Argument(help="Result JSON written by `zcf evaluate`.", show_default=False)],
    submission: Annotated[Path, typer.Argument(help="The submission it was made from.", show_default=False)],
    ruleset_path: Annotated[
        Path | None,
        typer.Option("--ruleset-path", help="Ruleset folder, folder of rulesets, or .zcfb bundle "
                                            "[default: the search path]."),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="table or json.")] = Format.TABLE,
) -> int:
    """Re-run RESULT from SUBMISSION and confirm it is identical apart from evaluated_at."""
    items = recorded_results(_read_result(result), source=str(result))
    if not submission.exists():
        raise UsageError(f"submission file not found: {submission}")
    raw = submission_bytes(submission)
    doc = read_submission(raw, source_name=str(submission))
    outcomes = [replay_one(item, doc, raw, ruleset_path=ruleset_path) for item in items]
    identical = all(o.identical for o in outcomes)
    if fmt is Format.JSON:
        data = {"identical": identical, "results": [
            {"ruleset": o.ruleset, "as_of": o.as_of.isoformat(), "backend": o.backend, "digest": o.digest,
             "identical": o.identical, "notes": list(o.notes), "differences": [d.to_json() for d in o.differences]}
            for o in outcomes]}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0 if identical else 1
    for o in outcomes:
        for note in o.notes:
            typer.echo(f"note: {note}")
        head = f"{o.ruleset} as of {o.as_of}, backend {o.backend}, ruleset sha256:{o.digest}"
        if o.identical:
            typer.echo(f"identical: {head}")
            continue
        typer.echo(f"differs: {head}: {len(o.differences)} difference(s)")
        for d in o.differences:
            typer.echo(f"  {d.pointer}: recorded {short(d.before)}, replayed {short(d.after)}")
    return 0 if identical else 1


def verify_result_command(
    result: Annotated[Path, typer.Argument(help="Signed result JSON (`zcf evaluate --sign`).", show_default=False)],
    keyring: Annotated[
        Path | None,
        typer.Option("--keyring", help="Folder of trusted .pub files [default: $ZCF_KEYRING, ~/.config/zcf/keyring]."),
    ] = None,
) -> int:
    """Check a result's attestation offline: who signed, and that nothing attested was changed."""
    items = recorded_results(_read_result(result), source=str(result))
    ring = Keyring.load(keyring) if keyring else Keyring.default()
    verified = [verify_attestation(item, ring, source=str(result)) for item in items]
    typer.echo(f"ok: {result}")
    for v in verified:
        _print_verified(v)
    return 0


def _print_verified(v: VerifiedAttestation) -> None:
    s = v.statement
    counts = Counter(s.clauses.values())
    verdict = s.verdict
    typer.echo(f"signed by {v.key_id} ({v.owner}) at {v.signed_at.isoformat()}")
    typer.echo(f"  ruleset: {s.ruleset.id}@{s.ruleset.version} sha256:{s.ruleset.digest}")
    typer.echo(f"  submission: sha256:{s.submission.sha256}, as of {s.as_of}, engine {s.engine}")
    typer.echo(f"  verdict: grade {verdict.get('grade') or 'none'}, "
               f"{'compliant' if verdict.get('compliant') else 'not compliant'}")
    typer.echo("  clauses: " + ", ".join(f"{n} {status}" for status, n in sorted(counts.items())))
    typer.echo("  factor tables: " + ", ".join(f"{k} {val}" for k, val in sorted(s.factor_tables.items())))
