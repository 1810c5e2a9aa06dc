"""Normalise decoded text (NFC, line ends, spaces, digits of other scripts, stray markdown and HTML) while keeping a map to the original offsets."""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import replace
from functools import cache
from typing import Final

import regex

from .model import OffsetMap, Source, Text
from .patterns.anchored import class_ranges
from .patterns.fold import fold_tones

# What gets edited, in one pass. Each alternative is a named group; everything between matches is copied as is.
# The lookahead in front lets the engine skip, in one test, the positions where no alternative can start (4× faster).
# A digit of another script is one character class (a decimal digit that is not ASCII: `[^\P{Nd}\x00-\x7f]`), not
# a look-behind tried at every non-ASCII letter (twice as fast on Vietnamese text).
_EDITS_GUARD: Final = r"""
    (?=[\r<&\#*\u00a0\u2000-\u200a\u202f\u205f\u3000\u200b-\u200d\u2060\ufeff\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f]
      |(?m:^)[ \t]*\#|[^\P{Nd}\x00-\x7f]"""
_EDITS_ALTERNATIVES: Final = r"""
    (?:
    (?P<crlf>\r\n?)
  | (?P<tag></?(?:p|i|b|u|em|strong|span|div|br|sup|sub|font|a|li|ul|ol|h[1-6]|tbody|thead)(?:\s[^<>\n]*)?/?>)
  | (?P<entity>&(?:nbsp|amp|lt|gt|quot|apos|\#\d{1,6}|\#x[0-9a-fA-F]{1,5});)
  | (?P<mdhead>(?m:^)[ \t]*\#{1,6}[ \t]+)
  | (?P<bold>\*\*)
  | (?P<star>(?<=\()\*|\*(?=\()|\*(?=\))|(?<=\))\*|(?<=[\s(]|^)\*(?=[^\s*][^*\n]*\*(?:[\s.,;:)]|$))|(?<=[^\s*])\*(?=[\s.,;:)]|$))
  | (?P<space>[\u00a0\u2000-\u200a\u202f\u205f\u3000])
  | (?P<zero>[\u200b-\u200d\u2060\ufeff\u00ad])
  | (?P<control>[\x00-\x08\x0b\x0c\x0e-\x1f\x7f])
  | (?P<digit>[^\P{Nd}\x00-\x7f])
"""
_EDITS: Final = regex.compile(
    _EDITS_GUARD + r"|(?s:.)\p{M})" + _EDITS_ALTERNATIVES + r"""  | (?P<cluster>\P{M}\p{M}+)
    )
    """,
    regex.X | regex.V0,
)
# The same without the decomposed clusters, for a text with no combining mark at all (the usual case): the guard
# then need not test, at every position, whether a mark follows; the scan is about twice as fast, the matches alike.
_EDITS_NO_MARKS: Final = regex.compile(_EDITS_GUARD + ")" + _EDITS_ALTERNATIVES + "    )\n", regex.X | regex.V0)
_MARK: Final = regex.compile(r"\p{M}")
# The characters the guard above lets an edit begin at, and the digits of other scripts in the Basic Multilingual
# Plane, as one class of the standard library's engine, which skips to them at C speed (the `regex` module tries the
# guard at every position: 8× slower); edits are then matched only there. A character beyond that plane (where a
# digit may stand too) sends the text to the plain scan.
_GUARD_CHARS: Final = r"\r<&#*\u00a0\u2000-\u200a\u202f\u205f\u3000\u200b-\u200d\u2060\ufeff\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
_ASTRAL: Final = re.compile("[\U00010000-\U0010ffff]")
_HEADING_HASH: Final = re.compile(r"(?m)^[ \t]*#")


@cache
def _edit_starts() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """_GUARD_CHARS and the Basic Multilingual Plane's digits that are not ASCII, as the `regex` module knows them;
    the same with the characters that send a text to the slower paths (the plane's combining marks, as `regex`
    knows them, and every character beyond it); and those characters alone."""
    plane = "".join(map(chr, range(0x80, 0x10000)))
    digits, marks = (class_ranges(list(map(ord, regex.findall(c, plane)))) for c in (r"[^\P{Nd}\x00-\x7f]", r"\p{M}"))
    slow = marks + "\U00010000-\U0010ffff"
    return (re.compile(f"[{_GUARD_CHARS}{digits}]"), re.compile(f"[{_GUARD_CHARS}{digits}{slow}]"),
            re.compile(f"[{slow}]"))



def _scan_plan(original: str) -> tuple[bool, list[int] | None]:
    """Whether ``original`` holds a combining mark, and _edit_positions. The usual text, with neither a mark nor a
    character beyond the Basic Multilingual Plane, is read in one scan of the standard library's engine
    instead of three (marks, the plane, edit starts): the edit starts with those characters added to the class. When
    none of them is among what it found the text holds none (every one it holds would be found), so it has no mark
    and what was found is the edit starts; otherwise the text is read as before."""
    _, with_slow, slow = _edit_starts()
    found = [m.start() for m in with_slow.finditer(original)]
    if slow.search("".join([original[p] for p in found])) is None:
        return False, _with_headings(original, found, [])
    marks = _MARK.search(original) is not None
    return marks, _edit_positions(original, marks)


def _edit_positions(original: str, marks: bool) -> list[int] | None:
    """Every position where _EDITS's guard holds (an edit may begin), in order; None for a text with a character
    beyond the Basic Multilingual Plane. A Markdown heading's guard holds at its line's start, a decomposed cluster's
    at the character before its first mark."""
    if _ASTRAL.search(original):
        return None
    found = [m.start() for m in _edit_starts()[0].finditer(original)]
    extra = [m.start() - 1 for m in _MARK.finditer(original) if m.start()] if marks else []
    return _with_headings(original, found, extra)


def _with_headings(original: str, found: list[int], extra: list[int]) -> list[int]:
    """``found`` and ``extra`` positions with the starts of Markdown headings' lines, in order, each once."""
    if "#" in original:
        extra = extra + [m.start() for m in _HEADING_HASH.finditer(original)]
    return sorted(set(found + extra)) if extra else found


def _matches_at(pattern: regex.Pattern, text: str, positions: list[int]):
    """What ``pattern.finditer(text)`` gives when a match can begin only at ``positions`` (sorted)."""
    end = 0
    for p in positions:
        if p >= end:
            m = pattern.match(text, p)
            if m:
                end = m.end()
                yield m


def normalize_text(original: str, fold: bool = True) -> Text:
    """The characters normalised, with the offset map; ``fold``: the tone-folded copy made too (else left empty,
    for a caller that folds the text it keeps)."""
    out: list[str] = []
    offsets = OffsetMap()
    pos = 0
    marks, positions = _scan_plan(original)
    pattern = _EDITS if marks else _EDITS_NO_MARKS
    for m in pattern.finditer(original) if positions is None else _matches_at(pattern, original, positions):
        s, e = m.span()
        if s > pos:
            out.append(original[pos:s])
            offsets.copy(pos, s - pos)
        kind = m.lastgroup
        repl = ""
        if kind == "crlf":
            repl = "\n"
        elif kind == "tag":
            repl = " " if m.group().lower().startswith("<br") else ""
        elif kind == "entity":
            repl = html.unescape(m.group()).replace("\u00a0", " ")
        elif kind == "space":
            repl = " "
        elif kind == "cluster":
            repl = unicodedata.normalize("NFC", m.group())
        elif kind == "digit":
            # a digit of another script (`٣`, `３`): Vietnamese numbers are written in ASCII, and the patterns and
            # int()/float() read only those; one the Unicode tables here do not know is no digit
            d = unicodedata.decimal(m.group(), None)
            repl = str(d) if d is not None else "\ufffd"
        if repl:
            out.append(repl)
            offsets.fill(s, len(repl))
        pos = e
    if pos < len(original):
        out.append(original[pos:])
        offsets.copy(pos, len(original) - pos)
    offsets.fill(len(original), 1)
    text = "".join(out)
    return Text(text=text, folded=fold_tones(text) if fold else "", offsets=offsets, original=original)


# Page furniture of gazette (Công báo) PDF text: running header with its page number, signature stamp, rules.
_FURNITURE: Final = regex.compile(
    r"""
    ^[ \t]*(?:\d{1,4}[ \t]*\n(?:[ \t]*\n)*)?[ \t]*CÔNG[ \t]+BÁO[ \t]*/[ \t]*Số[ \t]+\d+[^\n]*\n(?:[ \t]*\n)*(?:[ \t]*\d{1,4}[ \t]*(?:\n|$))?
  | ^[ \t]*Ký[ \t]+bởi:[^\n]*\n(?:[ \t]*(?:Cơ[ \t]+quan|Ngày[ \t]+ký|Thời[ \t]+gian[ \t]+ký|Email|Người[ \t]+ký):[^\n]*(?:\n|$))*
  | ^[ \t]*(?:[_=–—]{5,}|-{3,}|\|)[ \t]*(?:\n|$)
    """,
    regex.M | regex.X,
)
# Where furniture may begin (in normalised text, whose digits are ASCII): the text's start, and each line opening with
# a page number alone, `CÔNG `, `Ký `, a rule or a `|`; the standard library's engine finds these few line starts at C
# speed, where _FURNITURE's scan tries every line. (The first look-ahead, which the second implies, is the character
# after the spaces: one test that refuses most lines, where the alternatives each set up a repeat: 20 % faster.)
_FURNITURE_LINE: Final = re.compile(
    r"\n(?=[ \t]*[0-9CK_=–—|-])(?=[ \t]*(?:[0-9]{1,4}[ \t]*\n|CÔNG[ \t]|Ký[ \t]|[_=–—]{5}|-{3}|\|))")


def _furniture(text: str):
    """What ``_FURNITURE.finditer(text)`` gives on normalised text, matched only where furniture may begin."""
    return _matches_at(_FURNITURE, text, [0] + [m.end() for m in _FURNITURE_LINE.finditer(text)])


def drop_ranges(t: Text, ranges: list[tuple[int, int]]) -> Text:
    """A new Text without the given [start, end) ranges of ``t.text``; offsets still point into the original."""
    if not ranges:
        return t
    parts, offs, pos = [], OffsetMap(), 0
    for s, e in sorted(ranges):
        if s < pos:
            s = pos
        if s > pos:
            parts.append(t.text[pos:s])
            offs.extend_from(t.offsets, pos, s)
        pos = max(pos, e)
    parts.append(t.text[pos:])
    offs.extend_from(t.offsets, pos, len(t.offsets))
    text = "".join(parts)
    return Text(text=text, folded=fold_tones(text), offsets=offs, original=t.original)


def strip_furniture(t: Text) -> Text:
    """Remove gazette page headers, page numbers, signature stamps and rule lines, keeping the offset map."""
    return drop_ranges(t, [m.span() for m in _FURNITURE.finditer(t.text)])


def normalize(source: Source) -> Text:
    """The normalise stage: characters first, then page furniture; the text folded once, as it is kept."""
    t = normalize_text(source.original, fold=False)
    ranges = [m.span() for m in _furniture(t.text)]
    return drop_ranges(t, ranges) if ranges else replace(t, folded=fold_tones(t.text))
