"""Explicit Vietnamese calendar dates (`ngày 08 tháng 01 năm 2025`, `ngày 16/11/2020`, `16-11-2020`) to ISO strings."""
from __future__ import annotations

import calendar
import datetime as dt
from typing import Final

import regex

# `ngày 08 tháng 01 năm 2025`; day or month may be blank in a draft (`ngày  tháng 01 năm 2025`)
LONG_DATE: Final = regex.compile(
    r"(?:ngày|Ngày|NGÀY)\s*(?P<d>\d{1,2})?\s*(?:tháng|THÁNG)\s*(?P<m>\d{1,2})?\s*(?:năm|NĂM)\s*(?P<y>(?:19|20)\d{2})\b")
_LONG_OPENERS: Final = ("ngày", "Ngày", "NGÀY")      # the words LONG_DATE opens with, as it spells them
_LONG_LOWER: Final = tuple({w.lower() for w in _LONG_OPENERS})   # the same in lower case: `ngày`
# `16/11/2020`, `16-11-2020`, `16.11.2020`, optionally after `ngày`: the digits are found first (a pattern that opens
# with a digit lets the engine skip to the next digit in one step; one that opens with a look-behind or an optional
# word is tried at every position), then the `ngày` right before them, read backwards from the digits. The day's
# first digit is matched before the look-behind that no digit, `/`, `.` or `-` stands before it (then two characters
# back, the second the digit itself): the same matches as `(?=\d)(?<![\d/.-])(?P<d>\d{1,2})`, found a tenth faster,
# as the engine tries the pattern only at digits.
SHORT_DATE: Final = regex.compile(
    r"(?P<d>\d(?<![\d/.-]\d)\d?)\s*([/.-])\s*(?P<m>\d{1,2})\s*\2\s*(?P<y>(?:19|20)\d{2})(?![\d/])")
_DAY_WORD: Final = regex.compile(r"(?r)(?<![\d/.-])(?:ngày|Ngày)\s*")


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


def find_dates(text: str, low: str | None = None) -> list[tuple[int, int, str]]:
    """Every explicit date in ``text``: (start, end, iso), in order; one pass of each pattern, so linear in the
    text's length (a short date inside a long one is the long one's). ``low``: the text in lower case with the same
    offsets (fold.caseless_lower), when the caller has it."""
    long = []
    for m in _long_dates(text, low):
        iso = iso_date(m["y"], m["m"], m["d"] if m["m"] else None)
        if iso:
            long.append((m.start(), m.end(), iso))
    out, k, end = list(long), 0, 0
    for m in SHORT_DATE.finditer(text):
        day = _DAY_WORD.match(text, end, m.start())     # ending at the digits, after the date before
        start, end = (day.start() if day else m.start()), m.end()
        while k < len(long) and long[k][1] <= start:
            k += 1
        if k < len(long) and long[k][0] <= start:
            continue
        iso = iso_date(m["y"], m["m"], m["d"])
        if iso:
            out.append((start, end, iso))
    return sorted(out)


def _long_dates(text: str, low: str | None = None) -> list[regex.Match]:
    """LONG_DATE's matches from left to right, as its finditer finds them, tried only where one of its opening words
    stands (found by `str.find`; the engine would try the pattern at every position of the text): where the caller
    has ``low`` (the text in lower case, same offsets), its one spelling there, which stands wherever one of the three
    does in the text (and where others do, `NGàY`, which the pattern does not match). (Lists built by loops, not
    generators: compiled, a generator's every step costs more than the loop's.)"""
    where, spellings = (text, _LONG_OPENERS) if low is None else (low, _LONG_LOWER)
    starts: list[int] = []
    for w in spellings:
        i = where.find(w)
        while i >= 0:
            starts.append(i)
            i = where.find(w, i + 1)
    starts.sort()
    found: list[regex.Match] = []
    end = 0
    for i in starts:
        if i >= end and (m := LONG_DATE.match(text, i)):
            found.append(m)
            end = m.end()
    return found
