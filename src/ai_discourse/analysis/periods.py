"""Calendar periods of documents' dates, as the trends, the topics over time and the
keyness by month count them: a day (`2025-01-27`), an ISO week (`2025-W05`) or a month
(`2025-01`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

PERIODS = ("day", "week", "month")
UNDATED = "undated"
MAX_FILLED = 10_000
"""Empty periods between the first and last date are listed (a quiet month is news too),
unless that would mean more rows than this (a stray date decades off)."""


def period_of(date: str | None, by: str) -> str:
    """`2025-01-27` (or an ISO timestamp) -> `2025-01-27`, `2025-W05` or `2025-01`;
    `undated` when there is no date or it does not read as one."""
    if not date:
        return UNDATED
    try:
        day = dt.date.fromisoformat(date[:10])
    except ValueError:
        return UNDATED
    if by == "day":
        return day.isoformat()
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day.year}-{day.month:02d}"


def _period_start(period: str, by: str) -> dt.date:
    if by == "day":
        return dt.date.fromisoformat(period)
    if by == "week":
        year, week = period.split("-W")
        return dt.date.fromisocalendar(int(year), int(week), 1)
    year, month = period.split("-")
    return dt.date(int(year), int(month), 1)


def _next(day: dt.date, by: str) -> dt.date:
    if by == "day":
        return day + dt.timedelta(days=1)
    if by == "week":
        return day + dt.timedelta(weeks=1)
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def all_periods(seen: Sequence[str], by: str) -> list[str]:
    """The periods from the first seen to the last, gaps included (see `MAX_FILLED`)."""
    dated = sorted(p for p in seen if p != UNDATED)
    if not dated:
        return []
    periods, day, last = [], _period_start(dated[0], by), _period_start(dated[-1], by)
    while day <= last:
        periods.append(period_of(day.isoformat(), by))
        if len(periods) > MAX_FILLED:
            return dated
        day = _next(day, by)
    return periods
