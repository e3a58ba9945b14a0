"""Year-to-date totals of a reading stream, kept incrementally and checkpointed atomically.

Amounts are summed exactly (Decimal) per key: a grid meter's month, a fuel, an on-site source, a
green-power contract, heat, production; retirements of certificates and offsets are kept one by
one (by serial: a serial seen twice counts once). The state is closed day by day: readings of a
closed day (at or before `closed_until`) are not counted afterwards. On a restart from a checkpoint
the stream's already-processed prefix is skipped quietly (`replayed`); a reading of a closed day
that arrives after newer ones is `late`: reported, not counted, so a total is never inflated.
Within the open day, a second reading of the same meter and time stamp is a `duplicate`
(reported, not counted); an earlier one than the meter's last is `out_of_order` (counted, reported).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from zcf.accounting.units import convert
from zcf.errors import InputFileError, UsageError
from zcf.input_files import loads_strict, read_limited
from zcf.monitor.readings import Reading

FORMAT = "zcf-monitor-state/1"
#: readings a meter needs before a reading can be judged implausible against its mean
PLAUSIBILITY_WARMUP = 96
#: canonical unit a quantity's amounts are summed in (fuel and production keep the first unit seen)
#: quantities that arrive as events, not at a regular interval: never "silent", identified by serial
EVENT_QUANTITIES = frozenset({"gec", "offset", "green_power"})
SUM_UNITS = {"grid": "kWh", "onsite": "MWh", "green_power": "MWh", "heat": "GJ", "gec": "MWh", "offset": "tCO2e"}


@dataclass
class MeterState:
    last_ts: str | None = None
    count: int = 0
    total: Decimal = Decimal(0)
    #: the shortest gap between two of its readings, in minutes: how often it reports
    interval: int | None = None
    quantity: str = ""

    def silent_minutes(self, at: dt.datetime) -> int:
        """Minutes past its usual interval without a reading (0 until the interval is known, and
        always 0 for meters of events, such as retirements and monthly deliveries)."""
        if self.last_ts is None or self.interval is None or self.quantity in EVENT_QUANTITIES:
            return 0
        since = int((at - dt.datetime.fromisoformat(self.last_ts)).total_seconds() // 60)
        return max(0, since - self.interval)

    def mean(self) -> Decimal | None:
        return self.total / self.count if self.count >= PLAUSIBILITY_WARMUP else None


@dataclass
class DayFindings:
    """What the open day's readings showed, per meter (reset when the day is closed)."""

    negatives: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    implausible: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    duplicates: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    out_of_order: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    late: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    bad_lines: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class YearState:
    year: int
    #: the end of the last closed day; readings at or before it are no longer counted
    closed_until: str | None = None
    #: (quantity, key) -> amount in the unit of `units`; key: "meter|YYYY-MM", fuel, source, contract
    totals: dict[str, Decimal] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    #: facts of each total's key (seller of a contract, use of a fuel …) from the readings
    details: dict[str, dict[str, str]] = field(default_factory=dict)
    retirements: dict[str, dict[str, str]] = field(default_factory=dict)
    meters: dict[str, MeterState] = field(default_factory=dict)
    #: (meter, ts) seen in the open day, to tell duplicates
    open_keys: set[str] = field(default_factory=set)
    #: alert subject -> the alert id that raised it, for alerts that stay raised until cleared
    active: dict[str, str] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    resuming: bool = False
    day: DayFindings = field(default_factory=DayFindings)

    # --- taking readings ---------------------------------------------------------------------

    def take(self, reading: Reading, *, implausible_ratio: Decimal) -> None:
        """Count one reading into the year, or say why not (in the open day's findings)."""
        ts = reading.ts
        if ts.year != self.year:
            self.counters["other_year"] += 1
            return
        meter = self.meters.setdefault(reading.meter, MeterState(quantity=reading.quantity))
        stamp = ts.isoformat()
        if self.closed_until is not None and ts <= dt.datetime.fromisoformat(self.closed_until):
            if self.resuming:
                self.counters["replayed"] += 1
            else:
                self.counters["late"] += 1
                self.day.late[reading.meter] += 1
            return
        self.resuming = False
        serial = reading.extra.get("serial") if reading.quantity in ("gec", "offset") else None
        key = f"{reading.meter}|{serial or stamp}"
        if key in self.open_keys:
            self.counters["duplicates"] += 1
            self.day.duplicates[reading.meter] += 1
            return
        self.open_keys.add(key)
        if meter.last_ts is not None and ts < dt.datetime.fromisoformat(meter.last_ts):
            self.counters["out_of_order"] += 1
            self.day.out_of_order[reading.meter] += 1
        else:
            if meter.last_ts is not None:
                gap = int((ts - dt.datetime.fromisoformat(meter.last_ts)).total_seconds() // 60)
                if gap > 0:
                    meter.interval = gap if meter.interval is None else min(meter.interval, gap)
            meter.last_ts = stamp
        if reading.value < 0:
            self.counters["negatives"] += 1
            self.day.negatives[reading.meter] += 1
            return  # a register going backwards: the amount is not believed
        mean = meter.mean()
        if mean is not None and mean > 0 and reading.value > mean * implausible_ratio:
            self.counters["implausible"] += 1
            self.day.implausible[reading.meter] += 1
        meter.count += 1
        meter.total += reading.value
        self.counters["counted"] += 1
        self._add(reading)

    def _add(self, reading: Reading) -> None:
        q = reading.quantity
        if q in ("gec", "offset"):
            serial = reading.extra["serial"]
            if f"{q}|{serial}" in self.retirements:
                self.counters["duplicates"] += 1
                self.day.duplicates[reading.meter] += 1
                return
            self.retirements[f"{q}|{serial}"] = {
                "quantity": q, "amount": str(convert({"value": reading.value, "unit": reading.unit},
                                                     SUM_UNITS[q], "/value")),
                "date": reading.ts.date().isoformat(), **reading.extra}
            return
        sub = {"grid": f"{reading.meter}|{reading.ts.strftime('%Y-%m')}", "onsite": reading.extra.get("source", ""),
               "green_power": reading.extra.get("contract_id", ""), "fuel": reading.extra.get("fuel", ""),
               "heat": "heat", "production": "production"}[q]
        key = f"{q}|{sub}"
        unit = SUM_UNITS.get(q) or self.units.get(key) or reading.unit
        amount = convert({"value": reading.value, "unit": reading.unit}, unit, "/value")
        self.units[key] = unit
        self.totals[key] = self.totals.get(key, Decimal(0)) + amount
        detail = self.details.setdefault(key, {})
        for name, value in reading.extra.items():
            detail.setdefault(name, value)
        first, last = detail.get("first"), detail.get("last")
        day = reading.ts.date().isoformat()
        detail["first"] = min(first, day) if first else day
        detail["last"] = max(last, day) if last else day

    def close_day(self, until: dt.datetime) -> DayFindings:
        """Close everything up to `until`; return the closed day's findings."""
        findings = self.day
        self.day = DayFindings()
        self.closed_until = until.isoformat()
        self.open_keys.clear()
        return findings

    # --- checkpoints -------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT, "year": self.year, "closed_until": self.closed_until,
            "totals": {k: str(v) for k, v in sorted(self.totals.items())}, "units": dict(sorted(self.units.items())),
            "details": self.details, "retirements": self.retirements,
            "meters": {m: {"last_ts": s.last_ts, "count": s.count, "total": str(s.total), "interval": s.interval,
                           "quantity": s.quantity}
                       for m, s in sorted(self.meters.items())},
            "active": self.active, "counters": dict(sorted(self.counters.items())),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], source: str) -> YearState:
        if data.get("format") != FORMAT:
            raise UsageError(f"{source} is not a zcf monitor state ({FORMAT})",
                             hint="give the file a previous `zcf monitor --state` wrote, or a new path")
        state = cls(year=int(data["year"]), closed_until=data["closed_until"],
                    totals={k: Decimal(v) for k, v in data["totals"].items()}, units=dict(data["units"]),
                    details={k: dict(v) for k, v in data["details"].items()},
                    retirements={k: dict(v) for k, v in data["retirements"].items()},
                    meters={m: MeterState(s["last_ts"], int(s["count"]), Decimal(s["total"]), s["interval"],
                                          s["quantity"])
                            for m, s in data["meters"].items()},
                    active=dict(data["active"]), resuming=True)
        state.counters.update({k: int(v) for k, v in data["counters"].items()})
        return state


def save(state: YearState, path: Path) -> None:
    """Write the checkpoint atomically: a temporary file in the same folder, fsync, rename."""
    text = json.dumps(state.to_json(), ensure_ascii=False, sort_keys=True, indent=1)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or Path("."))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


#: Largest checkpoint read (64 MiB): a year of per-meter month totals is far smaller.
MAX_STATE_BYTES = 64 * 1024 * 1024


def load(path: Path) -> YearState | None:
    """The checkpoint at `path`, or None when there is none yet."""
    if not path.exists():
        return None
    try:
        data = loads_strict(read_limited(path, limit=MAX_STATE_BYTES, what="monitor state"))
    except (InputFileError, ValueError) as err:
        raise UsageError(f"cannot read the monitor state {path}: {err}",
                         hint="restore it from a backup, or start afresh with a new --state path") from err
    return YearState.from_json(data, str(path))
