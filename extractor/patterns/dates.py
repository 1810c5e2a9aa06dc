"""Explicit Vietnamese calendar dates (`ngày 08 tháng 01 năm 2025`, `ngày 16/11/2020`, `16-11-2020`) to ISO strings."""
from __future__ import annotations

import calendar
import datetime as dt

import regex

# `ngày 08 tháng 01 năm 2025`; day or month may be blank in a draft (`ngày  tháng 01 năm 2025`)
LONG_DATE = regex.compile(
    r"(?:ngày|Ngày|NGÀY)\s*(?P<d>\d{1,2})?\s*(?:tháng|THÁNG)\s*(?P<m>\d{1,2})?\s*(?:năm|NĂM)\s*(?P<y>(?:19|20)\d{2})\b")
# `16/11/2020`, `16-11-2020`, `16.11.2020`, optionally after `ngày`
SHORT_DATE = regex.compile(
    r"(?<![\d/.-])(?:(?:ngày|Ngày)\s*)?(?P<d>\d{1,2})\s*([/.-])\s*(?P<m>\d{1,2})\s*\2\s*(?P<y>(?:19|20)\d{2})(?![\d/])")


def iso_date(year: int | str | None, month: int | str | None = None, day: int | str | None = None) -> str | None:
    """ISO text for what is known: `2025-01-08`, `2025-01` or `2025`; None when the parts are impossible."""
    try:
        y = int(year) if year else None
        m = int(month) if month else None
        d = int(day) if day else None
    except ValueError:
        return None
    if y is None or not 1900 <= y <= 2100:
        return None
    if m is None:
        return f"{y:04d}"
    if not 1 <= m <= 12:
        return None
    if d is None:
        return f"{y:04d}-{m:02d}"
    if not 1 <= d <= calendar.monthrange(y, m)[1]:
        return None
    return dt.date(y, m, d).isoformat()


def last_day(year: int, month: int) -> str:
    return dt.date(year, month, calendar.monthrange(year, month)[1]).isoformat()


def parse_date(text: str) -> str | None:
    """The first explicit date in ``text`` as ISO (partial when the day or month is blank), else None."""
    found = find_dates(text)
    return found[0][2] if found else None


def find_dates(text: str) -> list[tuple[int, int, str]]:
    """Every explicit date in ``text``: (start, end, iso), in order; one pass of each pattern, so linear in the
    text's length (a short date inside a long one is the long one's)."""
    long = []
    for m in LONG_DATE.finditer(text):
        iso = iso_date(m["y"], m["m"], m["d"] if m["m"] else None)
        if iso:
            long.append((m.start(), m.end(), iso))
    out, k = list(long), 0
    for m in SHORT_DATE.finditer(text):
        while k < len(long) and long[k][1] <= m.start():
            k += 1
        if k < len(long) and long[k][0] <= m.start():
            continue
        iso = iso_date(m["y"], m["m"], m["d"])
        if iso:
            out.append((m.start(), m.end(), iso))
    return sorted(out)
