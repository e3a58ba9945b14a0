"""The submission a stream implies: as it stands (`actual`) and as the year is heading (`projected`).

Both start from the profile, a full submission of the factory (usually last year's): its identity,
boundary, evidence and other sections carry over; the metered sections are replaced by the stream's
totals. The projection method, per series, is written into each projection:

- **last year's remainder** (`ytd+last-year`): where the profile has the series, the year-end
  amount is the year-to-date amount plus the profile's amount for the rest of the year (month by
  month for grid meters; in proportion to the days left for annual series);
- **linear** (`linear`): otherwise, the year-to-date amount scaled to the whole year by the days
  elapsed.

Retired certificates and offsets are never projected: only what has been retired counts.
"""

from __future__ import annotations

import calendar
import copy
import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from zcf.accounting.units import convert
from zcf.monitor.state import YearState

ZERO = Decimal(0)


@dataclass(frozen=True)
class Clock:
    """How far into the year the stream is: `at` is the end of the last closed day."""

    year: int
    at: dt.datetime

    @property
    def days(self) -> int:
        """Whole days of the year closed."""
        return min(self.year_days, (self.at.date() - dt.date(self.year, 1, 1)).days + 1)

    @property
    def year_days(self) -> int:
        return 366 if calendar.isleap(self.year) else 365

    @property
    def elapsed(self) -> Decimal:
        """Fraction of the year elapsed, by whole days closed (for reports; sums use `scaled`)."""
        return Decimal(self.days) / Decimal(self.year_days)

    def scaled(self, so_far: Decimal) -> Decimal:
        """A year-to-date amount scaled to the whole year (multiply first: exact where it can be)."""
        return so_far * self.year_days / self.days

    def rest(self, whole_year: Decimal) -> Decimal:
        """The share of a whole year's amount that falls in the days not yet closed."""
        return whole_year * (self.year_days - self.days) / self.year_days

    def month_elapsed(self, month: int) -> Decimal:
        """Fraction of `month` elapsed (1 before it ends, 0 before it starts)."""
        if month < self.at.month:
            return Decimal(1)
        if month > self.at.month:
            return ZERO
        return Decimal(self.at.day) / Decimal(calendar.monthrange(self.year, month)[1])


def _amount(value: Decimal, unit: str) -> dict[str, str]:
    return {"value": format(value.normalize() if value == value.to_integral() else value, "f"), "unit": unit}


def _grid_profile(profile: Mapping[str, Any]) -> dict[str, dict[int, Decimal]]:
    """Last year's grid kWh per meter and month number."""
    out: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for i, entry in enumerate(profile.get("energy", {}).get("electricity", {}).get("grid", [])):
        month = int(str(entry["month"])[5:7])
        out[str(entry["meter_id"])][month] += convert(entry["amount"], "kWh", f"/energy/electricity/grid/{i}/amount")
    return out


def build(profile: Mapping[str, Any], state: YearState, clock: Clock | None) -> tuple[dict[str, Any], dict[str, str]]:
    """The submission (actual when `clock` is None, else projected to year end) and the method of
    each projected series."""
    doc = copy.deepcopy(dict(profile))
    year = state.year
    doc["period"] = {"start": f"{year}-01-01", "end": f"{year}-12-31"}
    methods: dict[str, str] = {}
    energy = doc.setdefault("energy", {})
    electricity = energy.setdefault("electricity", {})
    electricity["grid"] = _grid(profile, state, clock, methods)
    electricity["onsite_renewable"] = _annual_entries(
        state, "onsite", profile, ("energy", "electricity", "onsite_renewable"), "source", clock, methods,
        lambda template, amount: {**{k: v for k, v in template.items() if k != "exported"},
                                  "generated": amount, "self_consumed": amount})
    electricity["green_power_trades"] = _trades(profile, state, clock, methods)
    electricity["green_certificates"] = [
        {"serial": r["serial"], "amount": _amount(Decimal(r["amount"]), "MWh"),
         "vintage": r.get("vintage", r["date"][:7]), "retired": True, "retired_on": r["date"],
         "beneficiary": r.get("beneficiary", str(profile.get("enterprise", {}).get("name", "")))}
        for r in state.retirements.values() if r["quantity"] == "gec"]
    energy["fuels"] = _annual_entries(state, "fuel", profile, ("energy", "fuels"), "fuel", clock, methods,
                                      lambda template, amount: {**template, "amount": amount})
    heat = _annual_entries(state, "heat", profile, ("energy", "purchased_heat"), None, clock, methods,
                           lambda template, amount: {**template, "amount": amount})
    if heat:
        energy["purchased_heat"] = heat
    production = _annual_entries(state, "production", profile, ("production",), None, clock, methods,
                                 lambda template, amount: amount)
    if production:
        doc.setdefault("production", {})["output"] = production[0]
    offsets = [{"type": r["type"], "serial": r["serial"], "amount": _amount(Decimal(r["amount"]), "tCO2e"),
                "vintage": int(r.get("vintage", year)), "retired": True, "retired_on": r["date"],
                "registry": r.get("registry", "")}
               for r in state.retirements.values() if r["quantity"] == "offset"]
    if offsets or "offsets" in doc:
        doc["offsets"] = offsets
    return doc, methods


def _grid(profile: Mapping[str, Any], state: YearState, clock: Clock | None,
          methods: dict[str, str]) -> list[dict[str, Any]]:
    actual: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for key, value in state.totals.items():
        quantity, meter, month = ([*key.split("|"), ""])[:3]
        if quantity == "grid":
            actual[meter][int(month[5:7])] += value
    if clock is None:
        return [{"meter_id": m, "month": f"{state.year}-{n:02d}", "amount": _amount(v, "kWh")}
                for m in sorted(actual) for n, v in sorted(actual[m].items())]
    last = _grid_profile(profile)
    entries = []
    for meter in sorted(set(actual) | set(last)):
        seen, before = actual.get(meter, {}), last.get(meter)
        if before:
            methods[f"grid:{meter}"] = "ytd+last-year"
            months = {n: seen.get(n, ZERO) + before.get(n, ZERO) * (1 - clock.month_elapsed(n)) for n in range(1, 13)}
        else:
            methods[f"grid:{meter}"] = "linear"
            total = clock.scaled(sum(seen.values(), ZERO))
            rest = total - sum(seen.values(), ZERO)
            left = [n for n in range(1, 13) if clock.month_elapsed(n) < 1]
            share = {n: rest / len(left) for n in left[:-1]}
            if left:  # the last month takes what is left, so the months add up to the total exactly
                share[left[-1]] = rest - sum(share.values(), ZERO)
            months = {n: seen.get(n, ZERO) + share.get(n, ZERO) for n in range(1, 13)}
        entries += [{"meter_id": meter, "month": f"{state.year}-{n:02d}", "amount": _amount(v, "kWh")}
                    for n, v in months.items() if v > 0]
    return entries


def _annual_entries(state: YearState, quantity: str, profile: Mapping[str, Any], path: tuple[str, ...],
                    key_field: str | None, clock: Clock | None, methods: dict[str, str],
                    shape: Any) -> list[Any]:
    """One entry per key of an annual series, shaped like the profile's entry for that key."""
    node: Any = profile
    for step in path:
        node = node.get(step, {}) if isinstance(node, Mapping) else {}
    templates = node if isinstance(node, list) else ([node] if node else [])
    if quantity == "production" and isinstance(node, Mapping):
        templates = [node.get("output", {})] if node.get("output") else []
    by_key: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for template in templates:
        by_key[str(template.get(key_field, "")) if key_field else quantity].append(template)
    entries = []
    keys = {k.split("|", 1)[1] for k in state.totals if k.startswith(f"{quantity}|")}
    if clock is not None:
        keys |= set(by_key) if key_field else (set(by_key) & {quantity})
    for key in sorted(keys):
        total_key = f"{quantity}|{key if key_field else quantity}"
        seen = state.totals.get(total_key, ZERO)
        before = by_key.get(key, [])
        unit = state.units.get(total_key) or _unit_of(before, quantity)
        if clock is not None:
            last = sum((_value(t, quantity, unit) for t in before), ZERO)
            if before and last > 0:
                methods[f"{quantity}:{key}"] = "ytd+last-year"
                seen = seen + clock.rest(last)
            else:
                methods[f"{quantity}:{key}"] = "linear"
                seen = clock.scaled(seen)
        if seen <= 0:
            continue
        template = {k: v for k, v in (before[0] if before else {}).items() if k not in ("amount",)}
        if key_field:
            template[key_field] = key
        for name, value in state.details.get(total_key, {}).items():
            if name not in ("first", "last", "fuel", "source", "contract_id", "seller"):
                template.setdefault(name, value)
        entries.append(shape(template, _amount(seen, unit)))
    return entries


def _unit_of(templates: list[Mapping[str, Any]], quantity: str) -> str:
    for template in templates:
        amount = template.get("amount") or (template if "unit" in template else None)
        if isinstance(amount, Mapping):
            return str(amount["unit"])
        if quantity == "onsite" and isinstance(template.get("self_consumed"), Mapping):
            return str(template["self_consumed"]["unit"])
    return "MWh"


def _value(template: Mapping[str, Any], quantity: str, unit: str) -> Decimal:
    amount = template.get("self_consumed") if quantity == "onsite" else template.get("amount", template)
    if not isinstance(amount, Mapping) or "unit" not in amount:
        return ZERO
    return convert(amount, unit, "/profile")


def _trades(profile: Mapping[str, Any], state: YearState, clock: Clock | None,
            methods: dict[str, str]) -> list[dict[str, Any]]:
    """Contracts delivered so far; projected, plus last year's deliveries for the days left."""
    entries = []
    for key, value in sorted(state.totals.items()):
        if not key.startswith("green_power|"):
            continue
        detail = state.details.get(key, {})
        entries.append({"contract_id": key.split("|", 1)[1], "seller": detail.get("seller", ""),
                        "amount": _amount(value, "MWh"), "period_start": detail["first"],
                        "period_end": detail["last"]})
    if clock is not None:
        trades = profile.get("energy", {}).get("electricity", {}).get("green_power_trades", [])
        last = sum((convert(t["amount"], "MWh", "/profile") for t in trades), ZERO)
        if last > 0 and clock.days < clock.year_days:
            methods["green_power"] = "ytd+last-year"
            start = clock.at.date() + dt.timedelta(days=1)
            entries.append({"contract_id": "PROJECTED-REMAINDER", "seller": "projection: last year's deliveries",
                            "amount": _amount(clock.rest(last), "MWh"),
                            "period_start": start.isoformat(), "period_end": f"{state.year}-12-31"})
    return entries
