"""Bounds on every request: body size, time, and evaluations at once. Each breach is an answer, never a hang."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from zcf.errors import BodyTooLargeError, RequestTimeoutError, ServiceBusyError

T = TypeVar("T")


@dataclass(frozen=True)
class Limits:
    #: largest request body in bytes (413 beyond)
    max_body: int = 20 * 1024 * 1024
    #: seconds for one request, from its first byte to its answer (408 beyond)
    timeout: float = 60.0
    #: evaluations running at once (threads)
    workers: int = 2
    #: requests waiting for a worker; one more is answered 503 at once
    queue: int = 64


class Gate:
    """Runs work in a bounded pool; a full queue answers 503, a slow run 408 (its thread finishes alone)."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.pool = ThreadPoolExecutor(max_workers=limits.workers, thread_name_prefix="zcf-eval")
        self.slots = asyncio.Semaphore(limits.workers)
        self.waiting = 0

    async def run(self, deadline: float, work: Callable[[], T]) -> T:
        if self.slots.locked() and self.waiting >= self.limits.queue:
            raise ServiceBusyError(f"{self.waiting} requests are already waiting; try again shortly",
                                retry_after=1)
        self.waiting += 1
        try:
            await asyncio.wait_for(self.slots.acquire(), timeout=max(deadline - time.monotonic(), 0.001))
        except TimeoutError as err:
            raise ServiceBusyError("no evaluation slot came free in time; try again shortly",
                                retry_after=1) from err
        finally:
            self.waiting -= 1
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self.pool, work)
        future.add_done_callback(lambda _: self.slots.release())  # the slot is held until the thread ends
        try:
            return await asyncio.wait_for(asyncio.shield(future), timeout=max(deadline - time.monotonic(), 0.001))
        except TimeoutError as err:
            raise RequestTimeoutError(f"the request took longer than {self.limits.timeout:g} s",
                                retry_after=5) from err

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


async def read_body(headers: Mapping[str, str], stream: AsyncIterator[bytes], limits: Limits,
                    deadline: float) -> bytes:
    """The request body, refused past `max_body` bytes (413) or when it arrives too slowly (408)."""
    declared = headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limits.max_body:
        raise BodyTooLargeError(f"the body is {declared} bytes; the limit is {limits.max_body}")
    chunks: list[bytes] = []
    size = 0

    async def receive() -> None:
        nonlocal size
        async for chunk in stream:
            size += len(chunk)
            if size > limits.max_body:
                raise BodyTooLargeError(f"the body exceeds the limit of {limits.max_body} bytes")
            chunks.append(chunk)

    try:
        await asyncio.wait_for(receive(), timeout=max(deadline - time.monotonic(), 0.001))
    except TimeoutError as err:
        raise RequestTimeoutError("the body did not arrive in time") from err
    return b"".join(chunks)
