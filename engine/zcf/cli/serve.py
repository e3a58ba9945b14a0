"""`zcf serve`: the HTTP API and the self-check page (needs the `service` extra)."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from zcf.errors import UsageError


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (127.0.0.1 keeps it on this machine).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    max_body_mb: Annotated[float, typer.Option(help="Largest request body in MiB (413 beyond).")] = 20.0,
    timeout: Annotated[float, typer.Option(help="Seconds one request may take (408 beyond).")] = 60.0,
    workers: Annotated[int, typer.Option(help="Evaluations running at once.")] = 2,
    queue: Annotated[int, typer.Option(help="Requests waiting for a worker (503 beyond).")] = 64,
    cors_origin: Annotated[
        list[str] | None, typer.Option(help="Allow browser calls from this origin (repeatable); off by default.")
    ] = None,
) -> int:
    """Serve the API (/v1, OpenAPI at /openapi.json) and the self-check page (/). Set ZCF_API_KEY to require an
    X-API-Key header on /v1."""
    try:
        from zcf.service.app import Settings
        from zcf.service.limits import Limits
        from zcf.service.server import serve as run_server
    except ImportError as err:
        raise UsageError("zcf serve needs FastAPI and uvicorn", hint="pip install 'zcf-engine[service]'") from err
    if workers < 1 or queue < 0 or timeout <= 0 or max_body_mb <= 0:
        raise UsageError("--workers must be at least 1, --queue at least 0, --timeout and --max-body-mb positive")
    limits = Limits(max_body=int(max_body_mb * 1024 * 1024), timeout=timeout, workers=workers, queue=queue)
    settings = Settings(limits=limits, api_key=os.environ.get("ZCF_API_KEY") or None,
                        cors_origins=tuple(cors_origin or ()))
    run_server(settings, host=host, port=port)
    return 0
