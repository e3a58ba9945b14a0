"""The report formats the service offers: every format of the engine's report registry whose renderer
loads (PDF needs WeasyPrint and fonts), or JSON alone where the engine has no registry."""

from __future__ import annotations

import functools
import importlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from zcf.errors import UsageError
from zcf.model.result import EvaluationResult
from zcf.report.json_result import render_json


@dataclass(frozen=True)
class ReportFormat:
    name: str
    media_type: str
    suffix: str


_BUILTIN = {"json": ReportFormat("json", "application/json", ".json")}


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
    if registry is None:
        raise UsageError(f"this engine has no {name!r} report format", hint="format=json")
    report = registry.Report(results=tuple(results), lang=lang, several=several, submission=submission,
                             submission_name=submission_name)
    data: bytes = registry.render(name, report)
    return data
