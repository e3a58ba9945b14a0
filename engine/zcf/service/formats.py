"""The report formats the service offers: the engine's format registry when it has one, else JSON and table."""

from __future__ import annotations

import functools
import importlib
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from rich.console import Console

from zcf.model.result import EvaluationResult
from zcf.report.json_result import render_json
from zcf.report.table import render_matrix, render_table


@dataclass(frozen=True)
class ReportFormat:
    name: str
    media_type: str
    suffix: str


_BUILTIN = {"json": ReportFormat("json", "application/json", ".json"),
            "table": ReportFormat("table", "text/plain; charset=utf-8", ".txt")}


def _registry() -> Any:
    try:
        return importlib.import_module("zcf.report.registry")
    except ImportError:
        return None


@functools.cache
def available() -> Mapping[str, ReportFormat]:
    """Every format whose renderer is installed (a PDF renderer needs its optional libraries); read-only."""
    registry = _registry()
    if registry is None:
        return MappingProxyType(dict(_BUILTIN))
    found: dict[str, ReportFormat] = {}
    for name, fmt in registry.FORMATS.items():
        try:  # imported once: a renderer whose libraries are missing (WeasyPrint, fonts) is not offered
            importlib.import_module(fmt.module)
        except (ImportError, OSError):
            continue
        media = fmt.media_type + ("" if fmt.binary or "charset" in fmt.media_type else "; charset=utf-8")
        found[name] = ReportFormat(name, media, fmt.suffix)
    return MappingProxyType(found)


def render(name: str, results: Sequence[EvaluationResult], *, lang: str, several: bool,
           submission: Mapping[str, Any] | None, submission_name: str) -> bytes:
    """The results in format `name` (one of `available()`)."""
    if name == "json":  # always {"results": [...]}, one per scheme, whatever was asked
        return render_json(list(results)).encode()
    registry = _registry()
    if registry is not None:
        report = registry.Report(results=tuple(results), lang=lang, several=several, submission=submission,
                                 submission_name=submission_name)
        data: bytes = registry.render(name, report)
        return data
    out = io.StringIO()
    console = Console(file=out, width=140, no_color=True, force_terminal=False)
    if several:
        render_matrix(list(results), console, lang=lang)
    else:
        render_table(results[0], console, lang=lang)
    return out.getvalue().encode()
