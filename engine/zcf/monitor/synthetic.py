"""A synthetic year of meter readings, made from a profile submission (deterministic, seeded).

For the year after the profile's period: every grid meter sends its interval amount (last year's
month spread over the month, with a day/night shape, a little noise and a growth factor); fuels,
heat, on-site renewables and production send daily amounts; green-power contracts deliver
monthly; last year's certificates and offsets are retired again, spread over the year. `faults`
adds the mistakes real streams have: a meter silent for a day, a duplicate, a negative reading,
a late one. The README walkthrough and the benchmark use it; nothing here is measured data.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import random
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from zcf.accounting.rounding import round_half_even
from zcf.accounting.units import convert

TZ = dt.timezone(dt.timedelta(hours=8))
#: share of a day's energy by hour: lower at night, higher on the day shifts (sums to 24)
_HOURLY = "0.6 0.6 0.6 0.6 0.6 0.7 0.9 1.2 1.3 1.3 1.3 1.3 1.1 1.3 1.3 1.3 1.3 1.2 1.1 1.0 0.9 0.8 0.7 0.6"
_SHAPE = [Decimal(x) * 24 / sum(Decimal(y) for y in _HOURLY.split()) for x in _HOURLY.split()]


def _line(ts: dt.datetime, meter: str, quantity: str, value: Decimal, unit: str, **extra: Any) -> str:
    record = {"ts": ts.isoformat(), "meter": meter, "quantity": quantity,
              "value": format(round_half_even(value, 3), "f"), "unit": unit, **extra}
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def stream(profile: Mapping[str, Any], *, meters: int | None = None, interval: int = 15,
           growth: Decimal = Decimal("0.97"), faults: bool = True, seed: int = 20260101,
           until: dt.date | None = None) -> Iterator[str]:
    """NDJSON lines of readings, in time order (apart from the injected faults)."""
    rng = random.Random(seed)
    year = int(str(profile["period"]["end"])[:4]) + 1
    last_day = until or dt.date(year, 12, 31)
    electricity = profile.get("energy", {}).get("electricity", {})
    monthly: dict[str, dict[int, Decimal]] = {}
    for i, entry in enumerate(electricity.get("grid", [])):
        kwh = convert(entry["amount"], "kWh", f"/energy/electricity/grid/{i}/amount")
        monthly.setdefault(str(entry["meter_id"]), {})[int(str(entry["month"])[5:7])] = kwh
    if meters:  # the same total over `meters` meters
        total = {m: sum((v.get(m, Decimal(0)) for v in monthly.values()), Decimal(0)) for m in range(1, 13)}
        monthly = {f"M{n:02d}": {m: t / meters for m, t in total.items()} for n in range(1, meters + 1)}
    daily = _daily_series(profile, year)
    silent = sorted(monthly)[0] if monthly else None
    per_hour = 60 // interval
    day = dt.date(year, 1, 1)
    while day <= last_day:
        days_in_month = calendar.monthrange(year, day.month)[1]
        for step in range(24 * per_hour):
            ts = dt.datetime.combine(day, dt.time(step // per_hour, (step % per_hour) * interval), TZ)
            for meter, months in monthly.items():
                if faults and meter == silent and day == dt.date(year, 5, 20):
                    continue  # a meter that says nothing for a day
                base = months.get(day.month, Decimal(0)) / days_in_month / 24 / per_hour
                noise = Decimal(rng.randint(950, 1050)) / 1000
                value = base * _SHAPE[ts.hour] * noise * growth
                yield _line(ts, meter, "grid", value, "kWh")
                if faults and meter == silent and day == dt.date(year, 3, 3) and step == 40:
                    yield _line(ts, meter, "grid", value, "kWh")  # the same reading twice
                if faults and meter == silent and day == dt.date(year, 8, 8) and step == 50:
                    yield _line(ts + dt.timedelta(seconds=1), meter, "grid", -value, "kWh")  # register went back
        noon = dt.datetime.combine(day, dt.time(12), TZ)
        for meter, quantity, amount, unit, extra in daily:
            yield _line(noon, meter, quantity, amount * (Decimal(rng.randint(900, 1100)) / 1000), unit, **extra)
        yield from _monthly_events(profile, year, day, noon, growth)
        if faults and day == dt.date(year, 6, 2) and silent:
            yield _line(dt.datetime.combine(dt.date(year, 5, 30), dt.time(9), TZ), silent, "grid", Decimal(1), "kWh")
        day += dt.timedelta(days=1)


def _daily_series(profile: Mapping[str, Any], year: int) -> list[tuple[str, str, Decimal, str, dict[str, str]]]:
    days = Decimal(366 if calendar.isleap(year) else 365)
    series: list[tuple[str, str, Decimal, str, dict[str, str]]] = []
    energy = profile.get("energy", {})
    for fuel in energy.get("fuels", []):
        amount = Decimal(str(fuel["amount"]["value"]))
        series.append((f"FUEL-{fuel['fuel']}", "fuel", amount / days, str(fuel["amount"]["unit"]),
                       {"fuel": str(fuel["fuel"])}))
    for i, heat in enumerate(energy.get("purchased_heat", [])):
        series.append((f"HEAT-{i + 1}", "heat", Decimal(str(heat["amount"]["value"])) / days,
                       str(heat["amount"]["unit"]), {}))
    for i, onsite in enumerate(energy.get("electricity", {}).get("onsite_renewable", [])):
        amount = onsite["self_consumed"]
        series.append((f"PV-{i + 1}", "onsite", Decimal(str(amount["value"])) / days, str(amount["unit"]),
                       {"source": str(onsite["source"])}))
    output = profile.get("production", {}).get("output")
    if output:
        series.append(("OUTPUT", "production", Decimal(str(output["value"])) / days, str(output["unit"]), {}))
    return series


def _monthly_events(profile: Mapping[str, Any], year: int, day: dt.date, noon: dt.datetime,
                    growth: Decimal) -> Iterator[str]:
    """Green-power deliveries on the last day of a month; retirements in the middle of a quarter."""
    electricity = profile.get("energy", {}).get("electricity", {})
    last_of_month = day.day == calendar.monthrange(year, day.month)[1]
    if last_of_month:
        for trade in electricity.get("green_power_trades", []):
            start, end = (dt.date.fromisoformat(str(trade[k])) for k in ("period_start", "period_end"))
            months = (end.year - start.year) * 12 + end.month - start.month + 1
            if start.month <= day.month <= end.month:
                contract = str(trade["contract_id"]).replace(str(year - 1), str(year))
                yield _line(noon, f"GP-{contract}", "green_power", Decimal(str(trade["amount"]["value"])) / months,
                            str(trade["amount"]["unit"]), contract_id=contract, seller=str(trade["seller"]))
    if day.day == 15 and day.month in (2, 5, 8, 11):
        quarter = (day.month + 1) // 3
        for n, cert in enumerate(electricity.get("green_certificates", [])):
            if n % 4 == quarter - 1:
                yield _line(noon, "GEC", "gec", Decimal(str(cert["amount"]["value"])), str(cert["amount"]["unit"]),
                            serial=f"GEC{year}-{n + 1:04d}", vintage=f"{year}-{day.month:02d}")
    if day == dt.date(year, 11, 20):
        for n, offset in enumerate(profile.get("offsets", [])):
            # a little less than last year: the year ends short of zero-carbon, and says by how much
            yield _line(noon, "OFFSETS", "offset", Decimal(str(offset["amount"]["value"])) * growth * Decimal("0.9"),
                        str(offset["amount"]["unit"]), serial=f"{offset['type']}-{year}-{n + 1:05d}",
                        type=str(offset["type"]), vintage=str(year - 1), registry=str(offset.get("registry", "")))
