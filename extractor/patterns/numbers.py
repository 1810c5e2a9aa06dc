"""Vietnamese numbers and comparators: `13,47` → 13.47, `1.200` → 1200, `tối thiểu` → `>=`, `không quá` → `<=`."""
from __future__ import annotations

import regex

_F = regex.I | regex.V1

NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?(?!\d)|\d+\.\d{1,2}(?![\d.])|\d+(?:,\d+)?"
COMPARATOR_BEFORE = [
    (">=", regex.compile(r"(?:tối\s+thiểu|ít\s+nhất|không\s+thấp\s+hơn|không\s+dưới|tối\s+thiểu\s+từ|≥|>=)\s*(?:là\s+|từ\s+|đạt\s+|bằng\s+)?$", _F)),
    ("<=", regex.compile(r"(?:tối\s+đa|không\s+quá|không\s+vượt\s+quá|không\s+cao\s+hơn|≤|<=)\s*(?:là\s+|ở\s+mức\s+)?$", _F)),
    (">", regex.compile(r"(?:trên|hơn|vượt|cao\s+hơn|>)\s*$", _F)),
    ("<", regex.compile(r"(?:dưới|thấp\s+hơn|<)\s*$", _F)),
]
AT_LEAST_AFTER = regex.compile(r"^\s*(?:%\s*)?(?:\p{L}+\s+){0,4}?trở\s+lên", _F)


def parse_number(text: str) -> float | None:
    """`13,47` → 13.47; `1.200` → 1200; `5.000,5` → 5000.5; `05` → 5; `5.9` → 5.9 (one or two decimals)."""
    s = text.strip()
    if not regex.fullmatch(NUMBER, s):
        return None
    if regex.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", s):
        s = s.replace(".", "").replace(",", ".")
    else:
        s = s.replace(",", ".")
    value = float(s)
    return int(value) if value.is_integer() else value


def comparator_before(text_before: str) -> str | None:
    tail = text_before[-40:]
    for op, pattern in COMPARATOR_BEFORE:
        if pattern.search(tail):
            return op
    return None


def parse_value_cell(cell: str) -> tuple[str, float, float | None, str] | None:
    """A table cell: `80`, `Tối thiểu 50`, `≥ 90`, `Trên 80`, `Không quá 5`, `10 - 15`, `100%` →
    (comparator, value, value_max, unit written in the cell)."""
    s = " ".join(cell.split())
    m = regex.search(rf"(?P<a>{NUMBER})\s*(?:%\s*)?(?:[-–]|đến)\s*(?P<b>{NUMBER})\s*(?P<unit>%)?", s)
    if m:
        a, b = parse_number(m["a"]), parse_number(m["b"])
        if a is not None and b is not None and b > a:
            return ">=", a, b, m["unit"] or ""
    m = regex.search(rf"(?P<n>{NUMBER})\s*(?P<unit>%)?", s)
    if not m:
        return None
    value = parse_number(m["n"])
    if value is None:
        return None
    op = comparator_before(s[:m.start()]) or ("=" if not AT_LEAST_AFTER.match(s[m.end():]) else ">=")
    return op, value, None, m["unit"] or ""
