"""Run the app with uvicorn (the one module that uses it)."""

from __future__ import annotations

import uvicorn

from zcf.service.app import Settings, create_app


def serve(settings: Settings, *, host: str, port: int) -> None:
    """Serve until interrupted (Ctrl-C); uvicorn logs each request to the terminal."""
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")
