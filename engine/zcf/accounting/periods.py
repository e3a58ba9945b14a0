"""Calendar arithmetic for evidence windows: a date some whole months after another.

Examples:
    >>> import datetime as dt
    >>> months_after(dt.date(2025, 12, 31), 3), months_after(dt.date(2025, 11, 30), 3)
    (datetime.date(2026, 3, 31), datetime.date(2026, 2, 28))
"""

from __future__ import annotations

import calendar
import datetime as dt


def months_after(day: dt.date, months: int) -> dt.date:
    """`day` moved `months` calendar months on; a month end stays a month end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    keep_end = day.day == calendar.monthrange(day.year, day.month)[1]
    return dt.date(year, month + 1, last if keep_end else min(day.day, last))


def retirement_window(start: dt.date, end: dt.date, grace_months: int) -> tuple[dt.date, dt.date]:
    """First and last day a retirement may carry to count for the period `start`..`end`."""
    return start, months_after(end, grace_months)
