"""List and heading markers of Vietnamese administrative text: `PHẦN I`, `Điều 1.`, `I.`, `1.`, `1.1.`, `a)`, `-`, `+`, `(i)`, `(1)`."""
from __future__ import annotations

from typing import Final

import regex

_V: Final = regex.V1
# (kind, pattern); the first that matches a paragraph's start wins. Group `label` is the path component.
MARKERS: list[tuple[str, regex.Pattern]] = [
    # `PHẦN I`, `Phần thứ hai`, `PHẦN THỨ NHẤT` — not `Phần mềm …`, `Phần này …` at the start of a wrapped line
    ("part", regex.compile(r"^(?:PHẦN|Phần)\s+(?:(?:THỨ|thứ)\s+(?P<label>[\p{L}]+)|(?P<label>[IVXLC]+|\d+)"
                           r"|(?P<label>(?i:nhất|một|hai|ba|bốn|tư|năm|sáu|bảy|tám|chín|mười)))\b\s*[.:]?\s*", _V)),
    ("chapter", regex.compile(r"^(?:CHƯƠNG|Chương)\s+(?P<label>[IVXLC]+|\d+)\b\s*[.:]?\s*", _V)),
    ("mục", regex.compile(r"^(?:MỤC|Mục)\s+(?P<label>\d+|[IVXLC]+)\s*[.:]\s*", _V)),
    ("article", regex.compile(r"^(?P<label>(?:Điều|ĐIỀU)\s+\d+[a-z]?)\s*[.:]\s*", _V)),
    ("roman", regex.compile(r"^(?P<label>[IVXLC]{1,7})\s*[.)]\s*(?=\S)", _V)),
    ("multi", regex.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(?=\S)", _V)),
    ("number", regex.compile(r"^(?P<label>\d{1,2})\s*[.)]\s*(?=[^\d\s])", _V)),
    ("letter", regex.compile(r"^(?P<label>[a-zđ])\s*\)\s*(?=\S)", _V)),
    ("roman_paren", regex.compile(r"^\((?P<label>[ivxlc]{1,5})\)\s*(?=\S)", _V)),
    ("paren", regex.compile(r"^\((?P<label>\d{1,2}|[a-zđ])\)\s*(?=\S)", _V)),
    ("dash", regex.compile(r"^(?P<label>[-–—])\s*(?=\S)", _V)),
    ("plus", regex.compile(r"^(?P<label>\+)\s*(?=\S)", _V)),
    ("bullet", regex.compile(r"^(?P<label>[•●▪◦❖➢►✓*])\s*(?=\S)", _V)),
]
# Fixed depth for the markers whose order Vietnamese drafting rules fix; the others nest as they come.
RANK: Final = {"appendix": 0, "part": 1, "chapter": 2, "mục": 3, "article": 4, "roman": 5, "number": 6, "multi": 7, "letter": 9}
IN_PATH: Final = {"appendix", "part", "chapter", "mục", "article", "roman", "number", "multi", "letter", "roman_paren", "paren"}
BULLETS: Final = {"dash", "plus", "bullet"}


def _alternation(kinds: list[int]) -> regex.Pattern:
    """MARKERS[i] for each i of ``kinds`` as one pattern, in the same order (so the first that matches still wins),
    each one's `label` group renamed `label<i>` inside a group `k<i>`: one match call instead of a loop."""
    return regex.compile("|".join(f"(?P<k{i}>{MARKERS[i][1].pattern.replace('(?P<label>', f'(?P<label{i}>')})"
                                  for i in kinds), _V)


# MARKERS as one pattern (this runs on every paragraph)
_ANY_MARKER: Final = _alternation(list(range(len(MARKERS))))
# the characters each kind's pattern opens with (ASCII digits only: a paragraph opening with another digit, which
# `\d` takes too, is matched by _ANY_MARKER)
_FIRSTS: Final = {"part": "P", "chapter": "C", "mục": "M", "article": "Đ", "roman": "IVXLC", "multi": "0123456789",
                  "number": "0123456789", "letter": "abcdefghijklmnopqrstuvwxyzđ", "roman_paren": "(", "paren": "(",
                  "dash": "-–—", "plus": "+", "bullet": "•●▪◦❖➢►✓*"}
# each of those characters → the alternation of the kinds whose pattern opens with it, in MARKERS' order: a paragraph
# is matched by those alone (the others cannot match it), in a third of the time of all thirteen
_BY_FIRST: Final = {c: _alternation([i for i, (kind, _) in enumerate(MARKERS) if c in _FIRSTS[kind]])
                    for c in sorted(set("".join(_FIRSTS.values())))}
# each group k<i> → the kind and the name of its label group
_GROUPS: Final = {f"k{i}": (kind, f"label{i}") for i, (kind, _) in enumerate(MARKERS)}


def _by_index(pattern: regex.Pattern) -> dict[int, tuple[str, int]]:
    """The number of each group k<i> of an alternation → the kind and the number of its label group (a match's
    lastindex is its k<i>'s, which closes last; a name used twice is one group)."""
    numbers = pattern.groupindex
    return {numbers[k]: (kind, numbers[label]) for k, (kind, label) in _GROUPS.items() if k in numbers}


# the same, by the number of the group, for each of _BY_FIRST's patterns and _ANY_MARKER (read by number: a match's
# group by name is looked up in its pattern's table of names on every call)
_INDEX_BY_FIRST: Final = {c: _by_index(p) for c, p in _BY_FIRST.items()}
_ANY_INDEX: Final = _by_index(_ANY_MARKER)


# The letters a marker may open with (`Phần`, `Chương`, `Mục`, `Điều`, Roman numerals; `a)`): a paragraph opening with
# another letter has none (no digit, bracket, dash or bullet is a letter). After a lower-case one only `)` or a space
# may follow.
OPENING_LETTERS: Final = frozenset("PCMĐIVXL")
LETTER_LABELS: Final = frozenset("abcdefghijklmnopqrstuvwxyzđ")
# The character each of those capitals needs after it (the patterns are case-sensitive): `PHẦN`/`Phần`,
# `CHƯƠNG`/`Chương`, `MỤC`/`Mục`, `Điều`/`ĐIỀU`; a Roman numeral goes on with another, a space, `.` or `)`.
_ROMAN_NEXT: Final = "IVXLC.)"
SECOND_AFTER: Final = {"P": "Hh", "C": "Hh" + _ROMAN_NEXT, "M": "Ụụ", "Đ": "iI", "I": _ROMAN_NEXT, "V": _ROMAN_NEXT,
                "X": _ROMAN_NEXT, "L": _ROMAN_NEXT}
# The words the patterns of the kinds that open with these capitals begin with (the only kinds that do, but for a
# Roman numeral's `C`; the patterns are case-sensitive)
_OPENING_WORDS: Final = {"P": ("PHẦN", "Phần"), "M": ("MỤC", "Mục"), "Đ": ("Điều", "ĐIỀU"), "C": ("CHƯƠNG", "Chương")}
# The ASCII characters other than letters and digits a marker may open with (a bracket, a dash, a plus, a bullet star)
ASCII_MARK_OPENINGS: Final = frozenset("(-+*")


def match_marker(paragraph: str):
    """(kind, label, marker length) for the marker at the start of a paragraph, or None."""
    first = paragraph[:1]
    if first.isalpha():
        after = paragraph[1:2]
        if first in OPENING_LETTERS:
            if after and after not in SECOND_AFTER[first] and not after.isspace():
                return None
            # the word a `Phần`, `Mục`, `Điều` (and `Chương` after `Ch`: no Roman numeral) marker opens with
            words = _OPENING_WORDS.get(first)
            if words is not None and (first != "C" or after in "Hh") and not paragraph.startswith(words):
                return None
        elif first not in LETTER_LABELS or after != ")" and not after.isspace():
            return None
    elif first.isascii() and not first.isalnum() and first not in ASCII_MARK_OPENINGS:
        return None     # (`"`, `[`, `.`, `:` …; an empty paragraph too)
    pattern = _BY_FIRST.get(first)
    if pattern is None:
        m = _ANY_MARKER.match(paragraph)
        index = _ANY_INDEX
    else:
        m = pattern.match(paragraph)
        index = _INDEX_BY_FIRST[first]
    if not m:
        return None
    kind, label = index[m.lastindex]   # (the k<i> group closes last)
    return kind, m.group(label), m.end()


def roman(n: int) -> str:
    """`14` → `XIV`: the Roman numerals of list markers (callers lower-case them for `(i)`, `i.`)."""
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                       (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += sym
            n -= value
    return out
