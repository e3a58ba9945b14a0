"""`zcf monitor`: readings, year-to-date state, projections, alerts on both backends, restarts."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from zcf.api import load_ruleset
from zcf.evaluate.pipeline import evaluate_document
from zcf.locations import data_dir
from zcf.monitor import alerts
from zcf.monitor.projection import Clock, build
from zcf.monitor.readings import BadLine, Reading, parse_csv, parse_ndjson
from zcf.monitor.state import YearState, load, save
from zcf.monitor.stream import Monitor, Settings
from zcf.monitor.synthetic import stream
from zcf.submission.reading import read_submission

PROFILE_PATH = data_dir("examples") / "zcf-cn-general" / "zero-carbon.json"
TZ = dt.timezone(dt.timedelta(hours=8))
TEN = Decimal(10)


@pytest.fixture(scope="module")
def profile() -> dict[str, Any]:
    return read_submission(PROFILE_PATH)


def reading(ts: str, meter: str = "M1", value: str = "10", quantity: str = "grid", unit: str = "kWh",
            **extra: str) -> Reading:
    return Reading(dt.datetime.fromisoformat(ts), meter, quantity, Decimal(value), unit, extra)


# --- readings ---------------------------------------------------------------------------------

def test_bad_lines_are_named_and_skipped() -> None:
    lines = ['{"ts": "2026-01-01T00:00:00+08:00", "meter": "M1", "quantity": "grid", "value": "1.5", "unit": "kWh"}',
             '{"ts": "2026-01-01T00:00:00", "meter": "M1", "quantity": "grid", "value": "1", "unit": "kWh"}',
             '{"ts": "2026-01-01T00:00:00+08:00", "meter": "M1", "quantity": "grid", "value": "1", "unit": "t"}',
             '{"ts": "2026-01-01T00:00:00+08:00", "meter": "M1", "quantity": "steam", "value": "1", "unit": "t"}',
             '{"ts": "2026-01-01T00:00:00+08:00", "meter": "M1", "quantity": "fuel", "value": "1", "unit": "t"}',
             "not json", ""]
    out = list(parse_ndjson(lines))
    assert isinstance(out[0], Reading) and out[0].value == Decimal("1.5")
    reasons = [o.reason for o in out[1:] if isinstance(o, BadLine)]
    assert [o.line for o in out[1:]] == [2, 3, 4, 5, 6]
    assert "no UTC offset" in reasons[0] and "does not fit" in reasons[1] and "unknown quantity" in reasons[2]
    assert "needs 'fuel'" in reasons[3] and "not JSON" in reasons[4]


def test_csv_readings() -> None:
    rows = ["ts,meter,quantity,value,unit,fuel", "2026-01-01T00:00:00+08:00,G1,fuel,2.5,t,diesel"]
    (only,) = parse_csv(rows)
    assert isinstance(only, Reading) and only.extra == {"fuel": "diesel"} and only.value == Decimal("2.5")


# --- state ------------------------------------------------------------------------------------

def test_duplicates_out_of_order_late_and_negative_readings() -> None:
    state = YearState(2026)
    state.take(reading("2026-01-01T00:15:00+08:00"), implausible_ratio=TEN)
    state.take(reading("2026-01-01T00:15:00+08:00"), implausible_ratio=TEN)  # duplicate: once
    state.take(reading("2026-01-01T00:00:00+08:00", value="5"), implausible_ratio=TEN)  # out of order: counted
    state.take(reading("2026-01-01T00:30:00+08:00", value="-3"), implausible_ratio=TEN)  # backwards: not counted
    assert state.totals["grid|M1|2026-01"] == Decimal(15)
    findings = state.close_day(dt.datetime(2026, 1, 1, 23, 59, 59, tzinfo=TZ))
    assert (findings.duplicates["M1"], findings.out_of_order["M1"], findings.negatives["M1"]) == (1, 1, 1)
    state.take(reading("2026-01-01T12:00:00+08:00"), implausible_ratio=TEN)  # a closed day: late, not counted
    assert state.day.late["M1"] == 1 and state.totals["grid|M1|2026-01"] == Decimal(15)


def test_a_retirement_counts_once_by_serial() -> None:
    state = YearState(2026)
    for ts in ("2026-02-15T12:00:00+08:00", "2026-02-16T12:00:00+08:00"):
        state.take(reading(ts, "GEC", "2000", "gec", "MWh", serial="GEC-1"), implausible_ratio=TEN)
    state.take(reading("2026-02-15T12:00:00+08:00", "GEC", "500", "gec", "MWh", serial="GEC-2"),
               implausible_ratio=TEN)
    assert sorted(r["amount"] for r in state.retirements.values()) == ["2000", "500"]


def test_the_checkpoint_round_trips_exactly(tmp_path: Path) -> None:
    state = YearState(2026)
    state.take(reading("2026-01-01T00:15:00+08:00", value="1.125"), implausible_ratio=TEN)
    state.close_day(dt.datetime(2026, 1, 1, 23, 59, 59, tzinfo=TZ))
    save(state, tmp_path / "s.json")
    again = load(tmp_path / "s.json")
    assert again is not None and again.to_json() == state.to_json() and again.resuming


# --- projection -------------------------------------------------------------------------------

def test_projection_adds_last_years_remainder_month_by_month(profile: dict[str, Any]) -> None:
    """Hand calculation: meter 10kV-I-01 ran 1,000 kWh in each of January-March 2026; the rest of
    the year is last year's April-December for that meter; a meter last year did not have is
    scaled linearly by the days elapsed (90 of 365)."""
    state = YearState(2026)
    for month in (1, 2, 3):
        state.take(reading(f"2026-{month:02d}-10T00:00:00+08:00", "10kV-I-01", "1000"), implausible_ratio=TEN)
        state.take(reading(f"2026-{month:02d}-10T00:00:00+08:00", "NEW", "90"), implausible_ratio=TEN)
    clock = Clock(2026, dt.datetime(2026, 3, 31, 23, 59, 59, tzinfo=TZ))
    doc, methods = build(profile, state, clock)
    grid = doc["energy"]["electricity"]["grid"]
    last_year = sum(Decimal(e["amount"]["value"]) for e in profile["energy"]["electricity"]["grid"]
                    if e["meter_id"] == "10kV-I-01" and int(e["month"][5:7]) > 3)
    assert last_year > 0
    mine = sum(Decimal(e["amount"]["value"]) for e in grid if e["meter_id"] == "10kV-I-01")
    assert mine == 3000 + last_year
    new = sum(Decimal(e["amount"]["value"]) for e in grid if e["meter_id"] == "NEW")
    assert new == Decimal(270) * 365 / 90 == 1095
    assert methods["grid:10kV-I-01"] == "ytd+last-year" and methods["grid:NEW"] == "linear"
    assert doc["period"] == {"start": "2026-01-01", "end": "2026-12-31"}


# --- alert rules ------------------------------------------------------------------------------

def test_both_backends_fire_the_same_rules_on_every_fact() -> None:
    pytest.importorskip("durable")
    settings = {"silence_minutes": 360}
    facts: list[alerts.Fact] = [{"kind": "clause", "subject": "C1", "fails": 1},
                                {"kind": "clause", "subject": "C2", "fails": 0},
                                {"kind": "grade", "subject": "grade", "short": 1}]
    for i, (silent, neg, dup) in enumerate(itertools.product((0, 360, 361, 5000), (0, 2), (0, 1))):
        facts.append({"kind": "meter", "subject": f"M{i}", "silent_minutes": silent, "since_minutes": silent,
                      "negatives": neg, "implausible": neg, "duplicates": dup, "out_of_order": dup, "late": neg})
    compiled = alerts.decide_compiled(facts, settings)
    assert ("meter-silent", "M0") not in compiled and ("clause-projected-fail", "C1") in compiled
    assert alerts.decide_durable(facts, settings) == compiled


def run_monitor(profile: dict[str, Any], lines: list[str], backend: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    watcher = Monitor(lambda on: load_ruleset("zcf-cn-general", as_of=on), profile, Settings(backend=backend),
                      emit=out.append)
    watcher.feed(parse_ndjson(lines))
    return out


@pytest.fixture(scope="module")
def spring(profile: dict[str, Any]) -> list[str]:
    """January to early June 2026 of the synthetic stream: a duplicate, a silent day, a late reading."""
    return list(stream(profile, until=dt.date(2026, 6, 3)))


def test_the_monitor_gives_the_same_alerts_on_both_backends(profile: dict[str, Any], spring: list[str]) -> None:
    pytest.importorskip("durable")
    compiled = run_monitor(profile, spring, "compiled")
    rules = {a["rule"] for a in compiled}
    assert {"clause-projected-fail", "grade-at-risk", "meter-silent", "reading-duplicate", "reading-late"} <= rules
    assert run_monitor(profile, spring, "durable") == compiled


def test_a_projection_alert_says_what_is_needed_by_year_end(profile: dict[str, Any], spring: list[str]) -> None:
    first = next(a for a in run_monitor(profile, spring[:5000], "compiled") if a["subject"] == "GEN-14")
    assert first["event"] == "raised" and first["projection"]["clause"]["status"] == "fail"
    assert "net_emissions" in first["projection"]["trace"]
    (offsets,) = [n for n in first["needed"] if n["lever"] == "retire_offsets"]
    assert Decimal(offsets["amount"]) > 0 and offsets["by"] == "2026-12-31"
    assert first["message"]["zh-CN"] and first["message"]["en"]


# --- the command, restarts and the year end ---------------------------------------------------

def zcf(*args: str, **kwargs: Any) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "zcf", *args], text=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, **kwargs)


def alerts_of(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_a_killed_monitor_restarted_from_its_checkpoint_loses_no_alert(tmp_path: Path, spring: list[str]) -> None:
    stream_file = tmp_path / "readings.ndjson"
    stream_file.write_text("\n".join(spring) + "\n", encoding="utf-8")
    common = ["monitor", "zcf-cn-general", "--profile", str(PROFILE_PATH)]
    whole = zcf(*common, str(stream_file), "--state", str(tmp_path / "whole.state"))
    uninterrupted = alerts_of(whole.communicate(timeout=600)[0])
    assert whole.returncode == 0

    state = tmp_path / "killed.state"
    first = zcf(*common, "-", "--state", str(state), stdin=subprocess.PIPE)
    assert first.stdin is not None
    half = len(spring) // 2
    first.stdin.write("\n".join(spring[:half]) + "\n")
    first.stdin.flush()
    cut = dt.datetime.fromisoformat(json.loads(spring[half])["ts"]).date() - dt.timedelta(days=2)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:  # wait until the checkpoint has passed `cut`, then kill -9
        saved = load(state) if state.exists() else None
        if saved is not None and saved.closed_until and saved.closed_until[:10] >= cut.isoformat():
            break
        time.sleep(0.2)
    os.kill(first.pid, signal.SIGKILL)
    before = alerts_of(first.communicate()[0])
    assert first.returncode == -signal.SIGKILL

    again = zcf(*common, str(stream_file), "--state", str(state))  # the whole stream again: the prefix is skipped
    after = alerts_of(again.communicate(timeout=600)[0])
    assert again.returncode == 0
    seen: dict[str, dict[str, Any]] = {}
    for alert in before + after:
        seen.setdefault(alert["id"], alert)
    assert list(seen.values()) == uninterrupted
    resumed, whole_state = load(state), load(tmp_path / "whole.state")
    assert resumed is not None and whole_state is not None
    assert resumed.counters.pop("replayed") > 0  # the prefix read again was skipped, not counted
    assert resumed.to_json() == whole_state.to_json()


def test_the_year_closes_into_a_submission_zcf_evaluate_grades(tmp_path: Path, profile: dict[str, Any]) -> None:
    lines = list(stream(profile))
    watcher = Monitor(lambda on: load_ruleset("zcf-cn-general", as_of=on), profile, Settings(), emit=lambda a: None)
    watcher.feed(parse_ndjson(lines))
    closed = watcher.close()
    assert closed["period"] == {"start": "2026-01-01", "end": "2026-12-31"}
    path = tmp_path / "closed.json"
    path.write_text(json.dumps(closed, ensure_ascii=False, default=str), encoding="utf-8")
    result = evaluate_document(load_ruleset("zcf-cn-general", as_of=dt.date(2026, 12, 31)),
                               read_submission(path), as_of=dt.date(2026, 12, 31))
    assert result.verdict.grade == "near-zero-carbon"
    grid = sum(Decimal(e["amount"]["value"]) for e in closed["energy"]["electricity"]["grid"])
    readings = [json.loads(line) for line in lines]
    counted = sum(Decimal(r["value"]) for r in readings if r["quantity"] == "grid" and Decimal(r["value"]) > 0)
    duplicate_and_late = Decimal(0)
    seen: set[tuple[str, str]] = set()
    for r in readings:
        if r["quantity"] != "grid":
            continue
        key = (r["meter"], r["ts"])
        if key in seen:  # the duplicate, and the late reading (same meter and time as one already counted)
            duplicate_and_late += Decimal(r["value"])
        seen.add(key)
    assert grid == counted - duplicate_and_late
