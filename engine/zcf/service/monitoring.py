"""`POST /v1/monitor`: a meter stream in, the monitor's alerts out as server-sent events.

The request body is NDJSON: the first line is `{"profile": SUBMISSION}` (the factory, usually
last year's submission), every further line a reading as `zcf monitor` reads them. The response is
`text/event-stream`: one `alert` event per alert (its `id` is the alert's id, so a client that
reconnects can tell what it has seen), and a closing `end` event with the checks made and the
reading counters. Nothing is kept after the request: to resume a year, send the readings again
(or run `zcf monitor --state` where the state must live). The monitor runs on the compiled
backend, in a worker thread, as the body arrives.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from zcf.errors import UsageError, ZcfError
from zcf.monitor.readings import MAX_LINE, BadLine, Reading, reading_from
from zcf.monitor.stream import Monitor, Settings
from zcf.rulesets.compiler import CompiledRuleset
from zcf.submission.reading import read_submission

MEDIA_TYPE = "text/event-stream"


class DuplexStreamingResponse(StreamingResponse):
    """A streaming response that reads its request body while it answers.

    Starlette's StreamingResponse (ASGI spec < 2.4, as uvicorn reports) listens for a disconnect by
    consuming `receive`, which would swallow the body chunks the monitor is still reading; here the
    body stream itself tells of a disconnect (`ClientDisconnect`), which ends the response quietly.
    """

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.stream_response(send)
        except (ClientDisconnect, OSError):
            return


def sse(event: str, data: dict[str, Any], event_id: str | None = None) -> bytes:
    """One server-sent event; the data is one line of compact JSON."""
    head = f"id: {event_id}\n" if event_id else ""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return f"{head}event: {event}\ndata: {body}\n\n".encode()


class StreamSession:
    """One request's monitor: the profile line first, then readings, alerts collected as events."""

    def __init__(self, load: Callable[[dt.date], CompiledRuleset], settings: Settings) -> None:
        self.load = load
        self.settings = settings
        self.monitor: Monitor | None = None
        self.pending: list[bytes] = []
        self.line = 0
        self.failed = False

    def _emit(self, alert: dict[str, Any]) -> None:
        self.pending.append(sse("alert", alert, str(alert.get("id", ""))))

    def take(self, lines: list[bytes]) -> list[bytes]:
        """Process complete lines; return the events they raised."""
        for raw in lines:
            if self.failed:
                break
            self.line += 1
            if not raw.strip():
                continue
            try:
                self._line(raw)
            except ZcfError as err:
                self.pending.append(sse("error", {"line": self.line, "code": err.code, "message": err.message,
                                                  "hint": err.hint}))
                self.failed = True
        out, self.pending = self.pending, []
        return out

    def _line(self, raw: bytes) -> None:
        if self.monitor is None:
            doc = read_submission(raw, source_name=f"line {self.line}")
            if not isinstance(doc, dict) or not isinstance(doc.get("profile"), dict):
                raise UsageError('the first line must be {"profile": SUBMISSION}',
                               hint="send the factory's submission (usually last year's) first, then readings")
            self.monitor = Monitor(self.load, doc["profile"], self.settings, emit=self._emit)
            return
        try:
            data = json.loads(raw, parse_float=str, parse_int=str)
        except ValueError as err:
            item: Reading | BadLine = BadLine(self.line, f"not JSON: {err}")
        else:
            item = reading_from(data, self.line)
        self.monitor.feed([item])

    def end(self) -> list[bytes]:
        summary: dict[str, Any] = {"lines": self.line}
        if self.monitor is not None:
            summary["checks"] = self.monitor.checks
            if self.monitor.state is not None:
                summary["counters"] = dict(self.monitor.state.counters)
        return [*self.pending, sse("end", summary)]


async def events(body: AsyncIterator[bytes], session: StreamSession) -> AsyncIterator[bytes]:
    """Feed the body to the session line by line as it arrives; yield its events."""
    buffer = b""
    async for chunk in body:
        buffer += chunk
        if b"\n" not in buffer:
            if len(buffer) > MAX_LINE:
                yield sse("error", {"line": session.line + 1, "code": "line-too-long",
                                    "message": f"a line is longer than {MAX_LINE} bytes"})
                return
            continue
        *lines, buffer = buffer.split(b"\n")
        for event in await run_in_threadpool(session.take, lines):
            yield event
        if session.failed:
            return
    if buffer.strip():
        for event in await run_in_threadpool(session.take, [buffer]):
            yield event
    for event in session.end():
        yield event
