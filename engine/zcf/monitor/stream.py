"""The monitor: readings in, alerts out, the state checkpointed at every closed day.

A day is closed when a reading of a later day arrives (or at `close`). Closing a day projects the
year-end submission, evaluates it with the ruleset exactly as `zcf evaluate` would (same pipeline,
same Decimal functions), states the facts of `zcf.monitor.alerts`, lets the chosen backend fire
the alert rules, writes the alerts, then the checkpoint. Alerts carry stable ids (day, rule,
subject): after a crash between an alert and its checkpoint, the restarted run writes that alert
again with the same id, so a consumer that keeps ids loses nothing and counts nothing twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from zcf.accounting.rounding import round_half_even
from zcf.evaluate.pipeline import evaluate_document
from zcf.model.result import EvaluationResult
from zcf.monitor import state as checkpoint
from zcf.monitor.alerts import BY_NAME, DECIDERS, Fact
from zcf.monitor.projection import Clock, build
from zcf.monitor.readings import BadLine, Reading
from zcf.monitor.state import DayFindings, YearState
from zcf.rulesets.compiler import CompiledRuleset


@dataclass(frozen=True)
class Settings:
    silence_minutes: int = 6 * 60
    implausible_ratio: Decimal = Decimal(10)
    #: the grade to hold the projection to (default: the ruleset's highest)
    target: str | None = None
    #: the as-of date the projection is evaluated on (default: the end of the monitored year)
    as_of: dt.date | None = None
    backend: str = "compiled"
    year: int | None = None

    def rule_settings(self) -> dict[str, int]:
        return {"silence_minutes": self.silence_minutes}


Emit = Callable[[dict[str, Any]], None]


class Monitor:
    def __init__(self, load: Callable[[dt.date], CompiledRuleset], profile: Mapping[str, Any], settings: Settings,
                 *, emit: Emit, state: YearState | None = None, state_path: Path | None = None) -> None:
        self.load = load
        self._ruleset: CompiledRuleset | None = None
        self._base: Mapping[str, Any] | None = None
        self.profile = profile
        self.settings = settings
        self.emit = emit
        self.state = state
        self.state_path = state_path
        self.open_day: dt.date | None = None
        self.tz: dt.tzinfo | None = None
        self.checks = 0

    @property
    def ruleset(self) -> CompiledRuleset:
        """The edition in force on the as-of date (default: the end of the monitored year), loaded
        once the first reading (or the checkpoint) says which year that is."""
        if self._ruleset is None:
            assert self.state is not None
            self._ruleset = self.load(self.settings.as_of or dt.date(self.state.year, 12, 31))
        return self._ruleset

    @property
    def base(self) -> Mapping[str, Any]:
        """The profile with its own year added to `history`, so trend clauses see last year."""
        if self._base is None:
            self._base = with_profile_year(self.profile, self._evaluate(self.profile, gaps=False))
        return self._base

    @property
    def grades(self) -> list[str]:
        """Grade ids, best first, as the ruleset orders them."""
        return [g.id for g in self.ruleset.model.grading]

    @property
    def target(self) -> str | None:
        return self.settings.target or (self.grades[0] if self.grades else None)

    # --- input -------------------------------------------------------------------------------

    def feed(self, items: Iterable[Reading | BadLine]) -> None:
        for item in items:
            if isinstance(item, BadLine):
                self.emit({"id": f"line/{item.line}", "rule": "reading-invalid", "event": "seen",
                           "line": item.line, "message": {"zh-CN": f"第 {item.line} 行不是有效读数：{item.reason}",
                                                          "en": f"line {item.line} is not a reading: {item.reason}"}})
                continue
            self.take(item)

    def take(self, reading: Reading) -> None:
        if self.state is None:
            self.state = YearState(year=self.settings.year or reading.ts.year)
        day = reading.ts.date()
        if self.open_day is None:
            self.tz = reading.ts.tzinfo
            closed = self.state.closed_until
            self.open_day = dt.datetime.fromisoformat(closed).date() + dt.timedelta(days=1) if closed else day
        if day > self.open_day and reading.ts.year == self.state.year and not self._closed(reading.ts):
            self.close_day(self.open_day)
            self.open_day = day
        self.state.take(reading, implausible_ratio=self.settings.implausible_ratio)

    def _closed(self, ts: dt.datetime) -> bool:
        closed = self.state.closed_until if self.state else None
        return closed is not None and ts <= dt.datetime.fromisoformat(closed)

    # --- checks ------------------------------------------------------------------------------

    def close_day(self, day: dt.date) -> list[dict[str, Any]]:
        """Close `day`: project, evaluate, fire the alert rules, emit, checkpoint."""
        assert self.state is not None
        end = dt.datetime.combine(day, dt.time(23, 59, 59), self.tz or dt.UTC)
        findings = self.state.close_day(end)
        clock = Clock(self.state.year, end)
        projected, methods = build(self.base, self.state, clock)
        result = self._evaluate(projected, gaps=False)
        facts = self._facts(result, findings, end)
        fired = DECIDERS[self.settings.backend](facts, self.settings.rule_settings())
        alerts = self._alerts(day, fired, facts, result, projected, methods, clock)
        for alert in alerts:
            self.emit(alert)
        self.checks += 1
        if self.state_path is not None:
            checkpoint.save(self.state, self.state_path)
        return alerts

    def close(self) -> dict[str, Any]:
        """Close the open day and return the submission the stream implies (no projection)."""
        if self.state is None:
            raise ValueError("no reading was taken")
        if self.open_day is not None and not self._closed(
                dt.datetime.combine(self.open_day, dt.time(23, 59, 59), self.tz or dt.UTC)):
            self.close_day(self.open_day)
        doc, _ = build(self.base, self.state, None)
        return doc

    def _evaluate(self, doc: Mapping[str, Any], *, gaps: bool) -> EvaluationResult:
        assert self.state is not None
        as_of = self.settings.as_of or dt.date(self.state.year, 12, 31)
        return evaluate_document(self.ruleset, doc, as_of=as_of, backend="compiled", gaps=gaps)

    def _facts(self, result: EvaluationResult, findings: DayFindings, end: dt.datetime) -> list[Fact]:
        assert self.state is not None
        facts: list[Fact] = [{"kind": "clause", "subject": c.id, "fails": int(c.status == "fail")}
                             for c in result.clauses if c.kind == "gate" or c.provision == "应"]
        if self.target is not None:
            rank = {g: i for i, g in enumerate(self.grades)}
            projected = rank.get(result.verdict.grade or "", len(self.grades))
            facts.append({"kind": "grade", "subject": "grade", "short": int(projected > rank[self.target])})
        for meter, meter_state in sorted(self.state.meters.items()):
            since = 0
            if meter_state.last_ts is not None:
                since = int((end - dt.datetime.fromisoformat(meter_state.last_ts)).total_seconds() // 60)
            facts.append({"kind": "meter", "subject": meter, "silent_minutes": meter_state.silent_minutes(end),
                          "since_minutes": since,
                          "negatives": findings.negatives.get(meter, 0),
                          "implausible": findings.implausible.get(meter, 0),
                          "duplicates": findings.duplicates.get(meter, 0),
                          "out_of_order": findings.out_of_order.get(meter, 0),
                          "late": findings.late.get(meter, 0)})
        return facts

    def _alerts(self, day: dt.date, fired: set[tuple[str, str]], facts: list[Fact], result: EvaluationResult,
                projected: Mapping[str, Any], methods: Mapping[str, str], clock: Clock) -> list[dict[str, Any]]:
        assert self.state is not None
        by_subject = {(f["kind"], str(f["subject"])): f for f in facts}
        alerts: list[dict[str, Any]] = []
        raised_projection = False
        for name, subject in sorted(fired):
            rule = BY_NAME[name]
            key = f"{name}/{subject}"
            if rule.lasting and key in self.state.active:
                continue
            fact = by_subject[(rule.kind, subject)]
            alert = self._alert(day, name, subject, "raised" if rule.lasting else "seen", fact, result)
            if rule.kind in ("clause", "grade"):
                raised_projection = True
                alert["projection"] = self._projection(result, subject, methods, clock)
            if rule.lasting:
                self.state.active[key] = alert["id"]
            alerts.append(alert)
        for key in sorted(self.state.active):
            name, subject = key.split("/", 1)
            if (name, subject) not in fired:
                del self.state.active[key]
                fact = by_subject.get((BY_NAME[name].kind, subject), {})
                alerts.append(self._alert(day, name, subject, "cleared", fact, result))
        if raised_projection:
            needed = self._evaluate(projected, gaps=True).gaps
            for alert in alerts:
                if "projection" in alert:
                    alert["needed"] = [
                        {"target": g.target, "lever": g.lever, "amount": str(g.amount), "unit": g.unit,
                         "by": f"{self.state.year}-12-31", "message": g.message.model_dump(by_alias=True)}
                        for g in needed if g.target in (alert["subject"], f"grade:{self.target}")]
        return alerts

    def _alert(self, day: dt.date, name: str, subject: str, event: str, fact: Mapping[str, Any],
               result: EvaluationResult) -> dict[str, Any]:
        rule = BY_NAME[name]
        values = {"subject": subject, "target": self.target, "projected": result.verdict.grade or "-",
                  "hours": int(fact.get("since_minutes", 0)) // 60, "count": next(
                      (v for k, v in fact.items() if k == rule.field), "")}
        zh, en = rule.zh.format(**values), rule.en.format(**values)
        if event == "cleared":
            zh, en = f"已解除：{zh}", f"cleared: {en}"
        return {"id": f"{day.isoformat()}/{name}/{subject}", "day": day.isoformat(), "rule": name,
                "event": event, "subject": subject, "message": {"zh-CN": zh, "en": en}}

    def _projection(self, result: EvaluationResult, subject: str, methods: Mapping[str, str],
                    clock: Clock) -> dict[str, Any]:
        clause = next((c for c in result.clauses if c.id == subject), None)
        data: dict[str, Any] = {"elapsed": format(round_half_even(clock.elapsed, 4), "f"), "methods": dict(methods),
                                "grade": result.verdict.grade}
        if clause is not None:
            data["clause"] = {"status": clause.status, "check": clause.evidence.check,
                              "values": [v.model_dump(mode="json") for v in clause.evidence.values],
                              "thresholds": [t.model_dump(mode="json") for t in clause.evidence.thresholds]}
            names = {v.name for v in clause.evidence.values}
            data["trace"] = {n: m.model_dump(mode="json") for n, m in result.metrics.items() if n in names}
        return data


def with_profile_year(profile: Mapping[str, Any], evaluated: EvaluationResult) -> dict[str, Any]:
    """The profile plus a history row for its own year: gross emissions as the ruleset computes
    them (scope 1 + market-based scope 2), its revenue and output; an existing row is kept."""
    doc = dict(profile)
    year = int(str(profile["period"]["end"])[:4])
    history = list(profile.get("history", []))
    gross = evaluated.metrics.get("gross_emissions")
    if gross is None or gross.value is None or any(row.get("year") == year for row in history):
        return doc
    row: dict[str, Any] = {"year": year, "emissions": {"value": str(gross.value), "unit": "tCO2e"}}
    production = profile.get("production", {})
    for name in ("revenue", "output"):
        if name in production:
            row[name] = production[name]
    doc["history"] = [row, *history]
    return doc
