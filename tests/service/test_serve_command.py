"""`zcf serve` as a user starts it: a subprocess on a free loopback port, stopped by the test."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_zcf_serve_answers_and_requires_the_key_from_the_environment() -> None:
    port = free_port()
    zcf = Path(sys.executable).with_name("zcf")
    env = {**os.environ, "ZCF_API_KEY": "from-env"}
    server = subprocess.Popen([str(zcf), "serve", "--port", str(port), "--workers", "1"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                health = httpx.get(url + "/healthz", timeout=2)
                break
            except httpx.HTTPError:
                assert server.poll() is None, "zcf serve exited"
                time.sleep(0.1)
        assert health.json()["api_key_required"] is True
        assert httpx.get(url + "/v1/rulesets").status_code == 401
        assert httpx.get(url + "/v1/rulesets", headers={"X-API-Key": "from-env"}).status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
