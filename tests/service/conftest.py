"""A real zcf server (uvicorn) on a free loopback port, started in a thread for the tests here."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="needs the service extra")
import uvicorn
from zcf.service.app import Settings, create_app


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running(settings: Settings | Any) -> Iterator[str]:
    """Serve `create_app(settings)` (or an ASGI app) on 127.0.0.1 until the block ends; yields the base URL."""
    port = free_port()
    app = create_app(settings) if isinstance(settings, Settings) else settings
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(600):
        if server.started:
            break
        if not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=60)


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    with running(Settings()) as url:
        yield url


@pytest.fixture
def serve() -> object:
    """`with serve(Settings(...)) as url:` runs a server with those settings for one test."""
    return running
