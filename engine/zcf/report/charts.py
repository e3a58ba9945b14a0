"""Inline SVG charts for the HTML report: emissions waterfall, renewable share, clause statuses, group scores.

Each function returns an SVG fragment (text) or None when the result lacks what the chart needs.
Geometry is computed with Decimal like everything else and written with one decimal place.
Labels are escaped here; the template inserts the fragments as they are.
"""

from __future__ import annotations

import re
from decimal import Decimal
from html import escape

from zcf.accounting.rounding import round_half_even
from zcf.messages import text
from zcf.model.result import ClauseStatus, EvaluationResult
from zcf.report.figures import human

STATUS_COLOURS = {ClauseStatus.PASS: "#2e7d32", ClauseStatus.FAIL: "#c62828",
                  ClauseStatus.INDETERMINATE: "#ef6c00", ClauseStatus.NOT_APPLICABLE: "#9e9e9e",
                  ClauseStatus.MANUAL_REVIEW: "#1565c0"}
_LIMIT = re.compile(r"net_emissions\s*<=?\s*([a-z_][a-z0-9_]*)(?:\s*\*\s*([a-z_][a-z0-9_]*))?")
_SHARE = re.compile(r"(renewable_electricity_share|green_electricity_share)\s*>=?\s*([a-z_][a-z0-9_]*)")
_W, _H = 640, 280


def _n(value: Decimal) -> str:
    return f"{round_half_even(value, 1):f}"


def _metric(result: EvaluationResult, name: str) -> Decimal | None:
    metric = result.metrics.get(name)
    return metric.value if metric is not None and isinstance(metric.value, Decimal) else None


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img" aria-label="{escape(title)}" class="chart">'
            f"<title>{escape(title)}</title>" + "".join(body) + "</svg>")


def net_limits(result: EvaluationResult, lang: str) -> list[tuple[str, Decimal]]:
    """(label, tCO2e) for every limit a clause puts on net emissions, plus zero."""
    limits: list[tuple[str, Decimal]] = []
    for clause in result.clauses:
        match = _LIMIT.search(clause.evidence.check or "")
        if not match:
            continue
        param, base = match.groups()
        threshold = next((t for t in clause.evidence.thresholds if t.parameter == param), None)
        if threshold is None or not isinstance(threshold.value, Decimal):
            continue
        value = threshold.value
        if base:
            factor = _metric(result, base)
            if factor is None:
                continue
            value = value * factor
        limits.append((clause.id, value))
    return limits


def waterfall(result: EvaluationResult, lang: str) -> str | None:
    """Scope 1 -> + scope 2 (market) -> - offsets -> net, with the net-emission limits drawn across."""
    s1, s2 = _metric(result, "scope1"), _metric(result, "scope2_market")
    offsets, net = _metric(result, "offsets_eligible"), _metric(result, "net_emissions")
    if s1 is None or s2 is None or net is None:
        return None
    offsets = offsets or Decimal(0)
    limits = net_limits(result, lang)
    # net bar: green at or below zero, amber within a grade's limit, red above every limit
    net_colour = "#2e7d32" if net <= 0 else "#ef6c00" if any(net <= v for _, v in limits) else "#c62828"
    steps = [(text("report.chart.scope1", lang), Decimal(0), s1, "#5d4037"),
             (text("report.chart.scope2", lang), s1, s1 + s2, "#8d6e63"),
             (text("report.chart.offsets", lang), s1 + s2 - offsets, s1 + s2, "#43a047"),
             (text("report.chart.net", lang), Decimal(0), net, net_colour)]
    top = max([s1 + s2, net, Decimal(1)] + [v for _, v in limits])
    bottom = min([Decimal(0), net, s1 + s2 - offsets] + [v for _, v in limits])
    left, right, up, down = Decimal(70), Decimal(_W - 150), Decimal(20), Decimal(_H - 40)
    span = top - bottom

    def y(value: Decimal) -> Decimal:
        return down - (value - bottom) / span * (down - up)

    slot = (right - left) / len(steps)
    body = [f'<line x1="{_n(left)}" y1="{_n(y(Decimal(0)))}" x2="{_n(right)}" y2="{_n(y(Decimal(0)))}" '
            'stroke="#333" stroke-width="1"/>']
    for index, (label, low, high, colour) in enumerate(steps):
        x = left + slot * index + slot / 8
        lo, hi = min(low, high), max(low, high)
        body.append(f'<rect x="{_n(x)}" y="{_n(y(hi))}" width="{_n(slot * 3 / 4)}" '
                    f'height="{_n(max(y(lo) - y(hi), Decimal("0.5")))}" fill="{colour}"/>')
        amount = high - low if index != 2 else -(high - low)
        body.append(f'<text x="{_n(x + slot * 3 / 8)}" y="{_n(y(hi) - 4)}" text-anchor="middle" '
                    f'font-size="11">{escape(human(amount, None))}</text>')
        body.append(f'<text x="{_n(x + slot * 3 / 8)}" y="{_n(down + 16)}" text-anchor="middle" '
                    f'font-size="11">{escape(label)}</text>')
    for label, value in [*limits, (text("report.chart.zero", lang), Decimal(0))]:
        if value == 0 and label != text("report.chart.zero", lang):
            continue
        line_y = y(value)
        body.append(f'<line x1="{_n(left)}" y1="{_n(line_y)}" x2="{_n(right)}" y2="{_n(line_y)}" '
                    'stroke="#1565c0" stroke-dasharray="5 3" stroke-width="1.2"/>')
        caption = (text("report.chart.limit", lang, label=label, value=human(value, "tCO2e"))
                   if label != text("report.chart.zero", lang) else label)
        body.append(f'<text x="{_n(right + 6)}" y="{_n(line_y + 4)}" font-size="11" fill="#1565c0">'
                    f"{escape(caption)}</text>")
    body.append(f'<text x="4" y="{_n(up + 4)}" font-size="10" fill="#555">tCO2e</text>')
    return _svg(_W, _H, text("report.chart.waterfall", lang), body)


def renewable_share(result: EvaluationResult, lang: str) -> str | None:
    """The renewable electricity share on a 0-100 % bar, each threshold a marker."""
    share = _metric(result, "renewable_electricity_share")
    if share is None:
        return None
    marks: list[tuple[str, Decimal]] = []
    for clause in result.clauses:
        match = _SHARE.search(clause.evidence.check or "")
        if not match:
            continue
        threshold = next((t for t in clause.evidence.thresholds if t.parameter == match.group(2)), None)
        if threshold is not None and isinstance(threshold.value, Decimal):
            marks.append((clause.id, threshold.value))
    left, right, height = Decimal(20), Decimal(_W - 20), 110
    width = right - left
    shown = min(max(share, Decimal(0)), Decimal(1))
    body = [f'<rect x="{_n(left)}" y="30" width="{_n(width)}" height="26" fill="#e0e0e0"/>',
            f'<rect x="{_n(left)}" y="30" width="{_n(width * shown)}" height="26" fill="#43a047"/>',
            f'<text x="{_n(left + width * shown + 4)}" y="48" font-size="12" font-weight="bold">'
            f"{escape(human(share, '1', 'share'))}</text>"]
    for index, (clause_id, value) in enumerate(marks):
        x = left + width * min(max(value, Decimal(0)), Decimal(1))
        body.append(f'<line x1="{_n(x)}" y1="22" x2="{_n(x)}" y2="64" stroke="#c62828" stroke-width="2"/>')
        body.append(f'<text x="{_n(x)}" y="{80 + 14 * index}" text-anchor="middle" font-size="11" fill="#c62828">'
                    + escape(text("report.chart.threshold", lang, clause=clause_id, value=human(value, "1", "share")))
                    + "</text>")
    for tick in range(0, 101, 25):
        x = left + width * Decimal(tick) / 100
        body.append(f'<text x="{_n(x)}" y="18" text-anchor="middle" font-size="10" fill="#555">{tick} %</text>')
    return _svg(_W, height + 14 * max(len(marks) - 1, 0), text("report.chart.renewable", lang), body)


def statuses(result: EvaluationResult, lang: str) -> str:
    """How many clauses got each status, as one stacked bar with a legend."""
    counts = [(s, sum(1 for c in result.clauses if c.status is s)) for s in STATUS_COLOURS]
    total = sum(n for _, n in counts) or 1
    left, width = Decimal(20), Decimal(_W - 40)
    body, x = [], left
    for status, count in counts:
        if not count:
            continue
        part = width * count / total
        body.append(f'<rect x="{_n(x)}" y="10" width="{_n(part)}" height="26" fill="{STATUS_COLOURS[status]}"/>')
        body.append(f'<text x="{_n(x + part / 2)}" y="28" text-anchor="middle" font-size="12" '
                    f'fill="#fff">{count}</text>')
        x += part
    for index, (status, count) in enumerate((s, n) for s, n in counts if n):
        lx = left + Decimal(index * 150)
        body.append(f'<rect x="{_n(lx)}" y="48" width="12" height="12" fill="{STATUS_COLOURS[status]}"/>')
        body.append(f'<text x="{_n(lx + 16)}" y="58" font-size="11">'
                    f"{escape(text('status.' + status.value, lang))} {count}</text>")
    return _svg(_W, 70, text("report.chart.statuses", lang), body)


def group_scores(result: EvaluationResult, lang: str) -> str | None:
    """Points earned per scored group (scored schemes only)."""
    groups = result.score.groups
    if not groups or not result.score.maximum:
        return None
    most = max([*groups.values(), Decimal(1)])
    left, width, row = Decimal(150), Decimal(_W - 220), 24
    body = []
    for index, (name, points) in enumerate(groups.items()):
        y = 8 + row * index
        body.append(f'<text x="{_n(left - 8)}" y="{y + 14}" text-anchor="end" font-size="11">{escape(name)}</text>')
        body.append(f'<rect x="{_n(left)}" y="{y}" width="{_n(width * max(points, Decimal(0)) / most)}" height="18" '
                    'fill="#1565c0"/>')
        body.append(f'<text x="{_n(left + width * max(points, Decimal(0)) / most + 4)}" y="{y + 14}" font-size="11">'
                    f"{escape(human(points))}</text>")
    return _svg(_W, 16 + row * len(groups), text("report.chart.groups", lang), body)
