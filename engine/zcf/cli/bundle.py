"""`zcf bundle build|sign|verify` and `zcf keygen`: argument parsing and printing, nothing more.

The work is in `zcf.publishing.bundle` and `zcf.publishing.signing`. A refusal propagates as its
`ZcfError`; `zcf.cli.exits` prints it as one `error[code]` line plus its hint and exits with the
error's exit code (4 for bundle refusals).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer

from zcf.publishing.bundle import build_bundle, sign_bundle, verify_bundle
from zcf.publishing.signing import Keyring, generate_keypair

app = typer.Typer(
    help="Build, sign and verify ruleset bundles (.zcfb).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as err:
        raise typer.BadParameter(
            f"{value!r} is not a date like 2025-12-31", param_hint=option
        ) from err


def _default_standards(ruleset_dir: Path) -> Path:
    """`rulesets/<id>/<version>/` sits two levels below the repository, beside `standards/`."""
    parents = ruleset_dir.resolve().parents
    return parents[2] / "standards" if len(parents) > 2 else Path("standards")


@app.command("build")
def build(
    ruleset_dir: Annotated[Path, typer.Argument(help="The rulesets/<id>/<version>/ folder.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="The .zcfb file to write.")],
    standards: Annotated[
        Path | None,
        typer.Option(
            "--standards", help="Folder of standard documents [default: ../../../standards]."
        ),
    ] = None,
) -> None:
    """Pack a ruleset folder and its standard document into a deterministic, unsigned bundle."""
    standards_dir = standards or _default_standards(ruleset_dir)
    info = build_bundle(ruleset_dir, out, standards_dir=standards_dir)
    typer.echo(
        f"built {out}: {info.ruleset.id} {info.ruleset.version}, {len(info.manifest.files)} files"
    )
    typer.echo(f"digest: sha256:{info.digest}")


@app.command("sign")
def sign(
    file: Annotated[Path, typer.Argument(help="The .zcfb bundle to sign (rewritten in place).")],
    key: Annotated[Path, typer.Option("--key", help="PREFIX.key written by `zcf keygen`.")],
    key_id: Annotated[
        str | None, typer.Option("--key-id", help="Refuse unless the key has this id.")
    ] = None,
    signed_at: Annotated[
        str | None, typer.Option("--signed-at", help="ISO timestamp to record [default: now].")
    ] = None,
) -> None:
    """Add this key's signature to a bundle; the bundle digest does not change."""
    try:
        when = datetime.fromisoformat(signed_at) if signed_at else datetime.now(UTC)
    except ValueError as err:
        raise typer.BadParameter(
            f"{signed_at!r} is not an ISO timestamp", param_hint="--signed-at"
        ) from err
    when = when.replace(microsecond=0)
    sign_bundle(file, key, key_id=key_id, signed_at=when)
    verified = verify_bundle(file, None, as_of=when.date(), require_signature=False)
    typer.echo(f"signed {file}; signatures now: {', '.join(s.key_id for s in verified.signers)}")
    typer.echo(f"digest: sha256:{verified.digest}")


@app.command("verify")
def verify(
    file: Annotated[Path, typer.Argument(help="The .zcfb bundle to check.")],
    keyring: Annotated[
        Path | None,
        typer.Option("--keyring", help="Folder of trusted .pub files [default: $ZCF_KEYRING]."),
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Date for key expiry [default: today].")
    ] = None,
    allow_unsigned: Annotated[
        bool, typer.Option("--allow-unsigned", help="Accept a bundle no trusted key signed.")
    ] = False,
) -> None:
    """Check every file and signature; exit 4 with the reason if the bundle cannot be trusted."""
    day = _parse_date(as_of, "--as-of") or date.today()
    ring = Keyring.load(keyring) if keyring else Keyring.default()
    verified = verify_bundle(file, ring, as_of=day, require_signature=not allow_unsigned)
    ref = verified.ruleset
    span = f"{_iso(ref.effective_from)} → {_iso(ref.effective_until)}"
    typer.echo(f"ok: {file}")
    typer.echo(f"ruleset: {ref.id} {ref.version} (effective {span})")
    typer.echo(f"digest: sha256:{verified.digest}")
    if not verified.signers:
        typer.echo("signers: none")
    for signer in verified.signers:
        owner = signer.owner or "(not in keyring)"
        typer.echo(f"signer: {signer.key_id} {owner} [{signer.status}] signed {signer.signed_at}")
    if not verified.trusted:
        typer.echo(
            "warning: no trusted key signed this bundle; it was accepted untrusted", err=True
        )


def _iso(value: date | None) -> str:
    return value.isoformat() if value else "…"


def keygen_command(
    out: Annotated[
        Path, typer.Option("-o", "--out", help="PREFIX: writes PREFIX.key and PREFIX.pub.")
    ],
    owner: Annotated[
        str, typer.Option("--owner", help="Who holds the key, e.g. the standards body.")
    ],
    expires: Annotated[
        str | None, typer.Option("--expires", help="Last date the key is trusted (YYYY-MM-DD).")
    ] = None,
) -> None:
    """Create an Ed25519 signing key pair: keep PREFIX.key secret, publish PREFIX.pub."""
    until = _parse_date(expires, "--expires")
    info = generate_keypair(out, owner=owner, expires=until)
    typer.echo(f"key id: {info.key_id} (owner: {info.owner}, expires: {_iso(info.expires)})")
    prefix = out.with_suffix("") if out.suffix in (".key", ".pub") else out
    typer.echo(f"wrote {prefix}.key (secret, mode 0600) and {prefix}.pub (give it to verifiers)")

