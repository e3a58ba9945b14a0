"""Meter readings as they arrive: NDJSON lines or CSV rows, checked one by one.

A reading is one interval's amount on one meter: `{"ts": "2026-03-01T00:15:00+08:00", "meter":
"10kV-I-01", "quantity": "grid", "value": "505.4", "unit": "kWh"}`. Retirements of certificates and
offsets are readings too (`quantity` `gec` or `offset`, with `serial`). A line that cannot be a
reading is reported with its line number and skipped; it never stops the stream.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO

from zcf.accounting.units import dimension

#: quantity -> the dimension its unit must have, and the extra fields a reading of it needs
QUANTITIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "grid": ("electricity", ()),
    "onsite": ("electricity", ("source",)),  # on-site renewable electricity consumed on site
    "green_power": ("electricity", ("contract_id", "seller")),  # green-power trade deliveries
    "fuel": ("", ("fuel",)),  # mass or volume, as the fuel's factor needs
    "heat": ("energy", ()),
    "production": ("", ()),  # the profile's production unit
    "gec": ("electricity", ("serial",)),  # green certificates retired for own use (1 per MWh)
    "offset": ("emissions", ("serial", "type")),  # emission credits retired
}
CSV_FIELDS = ("ts", "meter", "quantity", "value", "unit")
#: longest line read at once: a reading is a few hundred bytes; a longer line is cut and refused
MAX_LINE = 64 * 1024
#: largest value a reading may carry (digits), as for submissions: bounded, never `1e400`
MAX_DIGITS = 28


@dataclass(frozen=True)
class Reading:
    ts: dt.datetime
    meter: str
    quantity: str
    value: Decimal
    unit: str
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        """What makes two readings the same reading: meter and time stamp."""
        return self.meter, self.ts.isoformat()


@dataclass(frozen=True)
class BadLine:
    """A line that is not a reading: where and why."""

    line: int
    reason: str


def parse_ndjson(lines: Iterable[str]) -> Iterator[Reading | BadLine]:
    """Readings from NDJSON lines (blank lines skipped), numbered from 1."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line, parse_float=Decimal, parse_int=Decimal)
        except ValueError as err:
            yield BadLine(number, f"not JSON: {err}")
            continue
        yield reading_from(data, number)


def parse_csv(lines: Iterable[str]) -> Iterator[Reading | BadLine]:
    """Readings from CSV with a header row naming at least ts, meter, quantity, value, unit."""
    reader = csv.DictReader(lines)
    missing = [f for f in CSV_FIELDS if f not in (reader.fieldnames or [])]
    if missing:
        yield BadLine(1, f"the CSV header lacks {', '.join(missing)}")
        return
    for row in reader:
        yield reading_from({k: v for k, v in row.items() if k and v not in (None, "")}, reader.line_num)


def reading_from(data: object, line: int) -> Reading | BadLine:
    """Check one decoded record; every defect is named."""
    if not isinstance(data, dict):
        return BadLine(line, "a reading is a JSON object")
    for name in CSV_FIELDS:
        if name not in data:
            return BadLine(line, f"missing {name!r}")
    quantity = str(data["quantity"])
    if quantity not in QUANTITIES:
        return BadLine(line, f"unknown quantity {quantity!r}; one of {', '.join(QUANTITIES)}")
    need_dim, need_fields = QUANTITIES[quantity]
    unit = str(data["unit"])
    if dimension(unit) is None or (need_dim and dimension(unit) != need_dim):
        return BadLine(line, f"unit {unit!r} does not fit quantity {quantity!r}")
    try:
        value = Decimal(str(data["value"]))
    except InvalidOperation:
        return BadLine(line, f"value {data['value']!r} is not a number")
    if not value.is_finite() or len(value.as_tuple().digits) > MAX_DIGITS or abs(value.adjusted()) > MAX_DIGITS:
        return BadLine(line, f"value {data['value']!r} is out of range")
    try:
        ts = dt.datetime.fromisoformat(str(data["ts"]))
    except ValueError:
        return BadLine(line, f"ts {data['ts']!r} is not an ISO 8601 time")
    if ts.tzinfo is None:
        return BadLine(line, f"ts {data['ts']!r} has no UTC offset (write e.g. +08:00)")
    extra = {k: str(data[k]) for k in data if k not in CSV_FIELDS}
    for name in need_fields:
        if name not in extra:
            return BadLine(line, f"a {quantity} reading needs {name!r}")
    return Reading(ts, str(data["meter"]), quantity, value, unit, extra)


def parse(stream: Iterable[str], *, csv_format: bool) -> Iterator[Reading | BadLine]:
    return parse_csv(stream) if csv_format else parse_ndjson(stream)


def text_lines(raw: IO[bytes]) -> Iterator[str]:
    """Decoded lines of a byte stream (UTF-8, BOM allowed), each at most `MAX_LINE` bytes read."""
    for line in iter(lambda: raw.readline(MAX_LINE), b""):
        yield line.decode("utf-8-sig", errors="replace")
