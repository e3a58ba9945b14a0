"""Option types shared by the `zcf` commands: output format and message language."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from zcf.errors import UsageError


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"


class Lang(StrEnum):
    ZH = "zh-CN"
    EN = "en"


def parse_date(text: str | None) -> dt.date | None:
    """An `--as-of` style option: YYYY-MM-DD, or a usage error saying so."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as err:
        raise UsageError(f"--as-of {text!r} is not a date", hint="use YYYY-MM-DD") from err
