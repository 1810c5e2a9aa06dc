"""Normalise decoded text (NFC, line ends, spaces, digits of other scripts, stray markdown and HTML) while keeping a map to the original offsets."""
from __future__ import annotations

import html
import unicodedata
from dataclasses import replace

import regex

from .model import OffsetMap, Source, Text
from .patterns.fold import fold_tones

# What gets edited, in one pass. Each alternative is a named group; everything between matches is copied as is.
# The lookahead in front lets the engine skip, in one test, the positions where no alternative can start (4× faster).
# A digit of another script is one character class (a decimal digit that is not ASCII: `[^\P{Nd}\x00-\x7f]`), not
# a look-behind tried at every non-ASCII letter (twice as fast on Vietnamese text).
_EDITS_GUARD = r"""
    (?=[\r<&\#*\u00a0\u2000-\u200a\u202f\u205f\u3000\u200b-\u200d\u2060\ufeff\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f]
      |(?m:^)[ \t]*\#|[^\P{Nd}\x00-\x7f]"""
_EDITS_ALTERNATIVES = r"""
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
_EDITS = regex.compile(
    _EDITS_GUARD + r"|(?s:.)\p{M})" + _EDITS_ALTERNATIVES + r"""  | (?P<cluster>\P{M}\p{M}+)
    )
    """,
    regex.X | regex.V0,
)
# The same without the decomposed clusters, for a text with no combining mark at all (the usual case): the guard
# then need not test, at every position, whether a mark follows; the scan is about twice as fast, the matches alike.
_EDITS_NO_MARKS = regex.compile(_EDITS_GUARD + ")" + _EDITS_ALTERNATIVES + "    )\n", regex.X | regex.V0)
_MARK = regex.compile(r"\p{M}")

def normalize_text(original: str, fold: bool = True) -> Text:
    """The characters normalised, with the offset map; ``fold``: the tone-folded copy made too (else left empty,
    for a caller that folds the text it keeps)."""
    out: list[str] = []
    offsets = OffsetMap()
    pos = 0
    for m in (_EDITS if _MARK.search(original) else _EDITS_NO_MARKS).finditer(original):
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
_FURNITURE = regex.compile(
    r"""
    ^[ \t]*(?:\d{1,4}[ \t]*\n(?:[ \t]*\n)*)?[ \t]*CÔNG[ \t]+BÁO[ \t]*/[ \t]*Số[ \t]+\d+[^\n]*\n(?:[ \t]*\n)*(?:[ \t]*\d{1,4}[ \t]*(?:\n|$))?
  | ^[ \t]*Ký[ \t]+bởi:[^\n]*\n(?:[ \t]*(?:Cơ[ \t]+quan|Ngày[ \t]+ký|Thời[ \t]+gian[ \t]+ký|Email|Người[ \t]+ký):[^\n]*(?:\n|$))*
  | ^[ \t]*(?:[_=–—]{5,}|-{3,}|\|)[ \t]*(?:\n|$)
    """,
    regex.M | regex.X,
)


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
    ranges = [m.span() for m in _FURNITURE.finditer(t.text)]
    return drop_ranges(t, ranges) if ranges else replace(t, folded=fold_tones(t.text))
