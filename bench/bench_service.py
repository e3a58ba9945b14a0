"""Load test of `zcf serve` on loopback: N evaluations, C at a time; prints p50/p99 latency, throughput, errors.

Run: `.venv/bin/python bench/bench_service.py [--requests 2000] [--concurrency 16]` (`make bench-service`).
It starts `zcf serve` as a subprocess on a free 127.0.0.1 port (default limits: 2 workers, 64 queued),
posts `examples/zcf-cn-general/zero-carbon.json` to `/v1/evaluate?as_of=2026-03-31` (no gaps) the given
number of times, stops the server and writes nothing. Every request is bounded (120 s), and so is the run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
BODY = (ROOT / "examples" / "zcf-cn-general" / "zero-carbon.json").read_bytes()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def load(url: str, requests: int, concurrency: int) -> tuple[list[float], dict[int, int], int, float]:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    failures = 0
    todo = iter(range(requests))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:

        async def worker() -> None:
            nonlocal failures
            for _ in todo:
                start = time.perf_counter()
                try:
                    response = await client.post("/v1/evaluate", params={"as_of": "2026-03-31"}, content=BODY,
                                                 headers={"Content-Type": "application/json"})
                    await response.aread()
                    statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                except httpx.HTTPError:
                    failures += 1
                    continue
                latencies.append(time.perf_counter() - start)

        began = time.perf_counter()
        await asyncio.wait_for(asyncio.gather(*(worker() for _ in range(concurrency))), timeout=3600)
        elapsed = time.perf_counter() - began
    return latencies, statuses, failures, elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    port = free_port()
    zcf = Path(sys.executable).with_name("zcf")
    server = subprocess.Popen([str(zcf), "serve", "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            print("the server did not start", file=sys.stderr)
            return 1
        asyncio.run(load(url, 16, min(4, args.concurrency)))  # warm-up: caches, compiled ruleset
        latencies, statuses, failures, elapsed = asyncio.run(load(url, args.requests, args.concurrency))
    finally:
        server.terminate()
        server.wait(timeout=30)
    ok = statuses.get(200, 0)
    errors = failures + sum(n for status, n in statuses.items() if status != 200)
    cuts = statistics.quantiles(latencies, n=100)
    print(f"zcf serve load test: {args.requests} requests, {args.concurrency} concurrent, loopback")
    print(f"python {platform.python_version()}, {os.cpu_count()} cpus, server workers 2 (default)")
    print(f"ok {ok}, errors {errors} {dict(sorted(statuses.items()))}")
    print(f"latency p50 {cuts[49] * 1000:.1f} ms, p99 {cuts[98] * 1000:.1f} ms, max {max(latencies) * 1000:.1f} ms")
    print(f"throughput {ok / elapsed:.1f} evaluations/s over {elapsed:.1f} s")
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
