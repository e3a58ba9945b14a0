"""`POST /v1/monitor` over real HTTP: a meter stream in, server-sent alerts out, as `zcf monitor` gives them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import httpx
from zcf.api import load_ruleset
from zcf.locations import data_dir
from zcf.monitor.readings import parse_ndjson
from zcf.monitor.stream import Monitor, Settings
from zcf.monitor.synthetic import stream
from zcf.submission.reading import read_submission

PROFILE = data_dir("examples") / "zcf-cn-general" / "zero-carbon.json"


def events(lines: Iterator[str]) -> list[tuple[str, str | None, dict[str, Any]]]:
    """(event, id, data) of every server-sent event in the response lines."""
    out: list[tuple[str, str | None, dict[str, Any]]] = []
    event, ident = "message", None
    for line in lines:
        if line.startswith("event: "):
            event = line[7:]
        elif line.startswith("id: "):
            ident = line[4:]
        elif line.startswith("data: "):
            out.append((event, ident, json.loads(line[6:])))
            event, ident = "message", None
    return out


def body(readings: list[str]) -> Iterator[bytes]:
    """The request body, sent in pieces as a meter gateway would (lines split across chunks)."""
    yield (json.dumps({"profile": json.loads(PROFILE.read_text("utf-8"))}, ensure_ascii=False) + "\n").encode()
    text = "\n".join(readings) + "\n"
    for start in range(0, len(text), 7919):
        yield text[start:start + 7919].encode()


def test_the_stream_gives_the_alerts_of_zcf_monitor(base_url: str) -> None:
    profile = read_submission(PROFILE)
    readings = list(stream(profile, until=dt.date(2026, 3, 10)))
    expected: list[dict[str, Any]] = []
    Monitor(lambda on: load_ruleset("zcf-cn-general", as_of=on), profile, Settings(),
            emit=expected.append).feed(parse_ndjson(readings))
    with httpx.stream("POST", f"{base_url}/v1/monitor?ruleset=zcf-cn-general", content=body(readings),
                      headers={"Content-Type": "application/x-ndjson"}, timeout=300) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        got = events(response.iter_lines())
    alerts = [(ident, data) for event, ident, data in got if event == "alert"]
    assert [data for _, data in alerts] == json.loads(json.dumps(expected, default=str))
    assert all(ident == data["id"] for ident, data in alerts)
    assert {"clause-projected-fail", "reading-duplicate"} <= {data["rule"] for _, data in alerts}
    end = got[-1]
    assert end[0] == "end" and end[2]["checks"] > 60 and end[2]["counters"]["duplicates"] == 1


def test_a_first_line_without_a_profile_is_an_error_event(base_url: str) -> None:
    with httpx.stream("POST", f"{base_url}/v1/monitor", content=b'{"ts": "2026-01-01T00:00:00+08:00"}\n',
                      timeout=60) as response:
        got = events(response.iter_lines())
    assert got[0][0] == "error" and got[0][2]["line"] == 1 and "profile" in got[0][2]["message"]


def test_an_unknown_ruleset_is_a_404_problem(base_url: str) -> None:
    response = httpx.post(f"{base_url}/v1/monitor?ruleset=zcf-xx-nope", content=b"", timeout=60)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
