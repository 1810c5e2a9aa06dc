"""The bounds a query's filters may take (years, rows, days ahead): one place for the search, the CLI and the API, and light to import."""
from __future__ import annotations

import regex

YEARS = (1900, 2200)        # the years a document filter may name
MAX_ROWS = 10_000_000       # the largest limit or offset of a query
MAX_WITHIN = 3650           # the most days ahead `due` looks


def whole_number(value, name: str, low: int, high: int) -> int:
    """``value`` as an int in ``low``..``high``; otherwise a ValueError whose one line names ``name`` (the option
    or parameter) and the range, so that no query meets an integer SQLite cannot hold."""
    text = str(value).strip()
    if isinstance(value, bool) or not regex.fullmatch(r"[+-]?\d+", text):
        raise ValueError(f"{name}: expected a whole number from {low} to {high}, got {text[:40]!r}")
    digits = len(text.lstrip("+-").lstrip("0"))
    if digits > 30 or not low <= int(text) <= high:  # (int() of thousands of digits is refused, and slow)
        shown = text if digits <= 30 else f"a number of {digits} digits"
        raise ValueError(f"{name}: must be from {low} to {high}, got {shown}")
    return int(text)
