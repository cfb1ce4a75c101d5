"""Dates as they come in Korean exports -> ISO `YYYY-MM-DD`."""

from __future__ import annotations

import re
from datetime import date, timedelta

_YMD = re.compile(r"(?<!\d)(\d{4})\s*[.\-/년]\s*(\d{1,2})\s*[.\-/월]\s*(\d{1,2})")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:\d{0,6})$")
_EXCEL_EPOCH = date(1899, 12, 30)
# What may follow the date in a cell that is only a date: its final dot or 일, a weekday,
# a time of day and a time zone (`2025.02.10. 오후 2:30`, `2025-02-09T17:47:12+09:00`).
_AFTER_DATE = re.compile(
    r"[.일]?\s*(?:\([월화수목금토일]\))?\s*"
    r"(?:(?:T|오전|오후|AM|PM)?\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:오전|오후|AM|PM)?"
    r"\s*(?:Z|[+-]\d{2}:?\d{2}|KST|UTC)?)?\s*",
    re.IGNORECASE,
)


def parse_date(value: object, *, whole: bool = False) -> str | None:
    """`2025-02-09`, `2025.02.09`, `20250209`, `2025. 2. 10.`, `2025년 2월 9일`, Excel serials.

    By default the first date in a text counts (`입력 2025.02.10 14:30`); with `whole`, the
    text must be a date and nothing else, a time of day aside."""
    if value is None:
        return None
    if hasattr(value, "year") and hasattr(value, "month") and hasattr(value, "day"):
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _excel_serial(value) if 20_000 <= value <= 80_000 else None
    text = str(value).strip()
    if whole:
        m = _YMD.match(text)
        if m and _AFTER_DATE.fullmatch(text, m.end()):
            return _valid(m[1], m[2], m[3])
    elif m := _YMD.search(text):
        return _valid(m[1], m[2], m[3])
    if m := _COMPACT.match(text):
        return _valid(m[1], m[2], m[3])
    if re.fullmatch(r"\d{5}(?:\.\d+)?", text):
        return _excel_serial(float(text))
    return None


def _valid(y: str, m: str, d: str) -> str | None:
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def _excel_serial(serial: float | int) -> str | None:
    # Excel serial dates count days from 1899-12-30 (Lotus' leap-year bug included).
    if not 20_000 <= serial <= 80_000:
        return None
    return (_EXCEL_EPOCH + timedelta(days=int(serial))).isoformat()
