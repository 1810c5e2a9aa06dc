"""The figure recogniser: quantities written in Vietnamese text (a number with its unit, comparator, range or ranking), with offsets.

`tối thiểu 80%` → 80, `%`, `>=`; `04 - 05 doanh nghiệp` → 4 (to 5), `doanh nghiệp`, `>=`; `55 tỷ USD/năm` → 55,
`tỷ USD/năm`; `30 phút/01 hồ sơ` → 30, `phút/hồ sơ`; `khoảng 20% GDP` → 20, `% GDP`, `=`; `thuộc nhóm 3 nước dẫn đầu`
→ 3, `nước`, `<=` (a ranking). Numbers that are not quantities are left out: dates, years, document and article
numbers, list markers, clock times, fractions (`2/3`), numbers inside names (`số 01`, `QH15`).
Which figures are targets is for the target stage to decide; this module only reads the words.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Final

import regex

from .fold import fold_tones
from .lexicon import entries, longest_first, phrase_regex, words
from .numbers import NUMBER, comparator_after, comparator_before, parse_number

_F: Final = regex.I | regex.V1

_PER_NUMERAL: Final = regex.compile(r"\s*/\s*(?:\d[\d.,]*\s+)?")
UNIT_SECTIONS: Final = ("currency", "measure", "time", "count", "rank")


@dataclass(frozen=True)
class Figure:
    """A quantity in the text. Offsets are into the string given to ``find_figures``."""

    start: int                 # the first character: the comparator's words when written, else the number
    end: int                   # after the unit (or the number when there is none)
    number_start: int
    number_end: int            # after the number (the second one of a range)
    value: float | int
    value_max: float | int | None   # the upper end of a range (`10 - 15%`), else None
    unit: str | None           # `%`, `% GDP`, `tỷ USD/năm`, `phút/hồ sơ`, `doanh nghiệp`; None for a bare number
    counted: str | None        # the counted thing without scale or rate (`USD` of `tỷ USD/năm`), for indicators
    comparator: str | None     # as written (`>=`, `<=`, `>`, `<`, `=` for `khoảng`); None when the text states none
    kind: str                  # percent | amount | time | count | measure | rank | number
    text: str


def _alt(name: str, *sections: str) -> str:
    """The phrases of sections of a word list as one alternation, longest first, grouped by their first letter
    (`tấn|tỷ đồng|triệu` → `t(?:ấn|ỷ đồng|riệu)`): the engine tries the phrases one after another, so a text that
    starts none of them costs one comparison a letter instead of one a phrase. Phrases whose first letters differ
    (ignoring case) cannot both match at a place, so only the order within a letter counts, and it is kept."""
    forms = longest_first(f for s in sections for f in entries(name, s))
    rests: dict[str, list[str]] = {}
    for f in forms:
        rests.setdefault(f[0].lower(), []).append(phrase_regex(f)[len(regex.escape(f[0])):])
    return "(?:" + "|".join(f"{regex.escape(c)}(?:{'|'.join(r)})" for c, r in rests.items()) + ")"


@functools.cache
def _patterns() -> dict[str, regex.Pattern]:
    end_word = r"(?![\p{L}\d])"
    unit = _alt("units.txt", *UNIT_SECTIONS)
    return {
        # a number not glued to letters, digits or separators before it (`QH15`, `31/5`, `-2`)
        # (the digit first: the engine then skips positions with one test instead of testing the look-behind at each;
        # `\d` before `[0-9]` because `regex` skips to the next `\d` in a loop of its own, 3× faster than testing
        # a character class at every position)
        "number": regex.compile(rf"(?=\d)(?=[0-9])(?<![\p{{L}}\d.,/\-–])(?:{NUMBER})(?![\d])", _F),
        # a range: `10 - 15`, `10% - 15%`, `từ 10 đến 15`
        "range": regex.compile(rf"\s*(?:%\s*)?(?:[-–]|{_alt('figures.txt', 'range_word')})\s*(?P<n2>{NUMBER})(?![\d/])"
                               rf"(?!\s?[/.\-–]\s?\d)", _F),
        # unit: scale words and a measure (`tỷ USD`, `triệu lượt người`), or a scale alone (`5,9 triệu`);
        # `%` with what it is a share of (`% GDP`); a rate suffix (`/năm`, `/01 hồ sơ`)
        "unit": regex.compile(
            rf"\s*(?:(?P<pct>%)(?:\s*(?P<share>{_alt('units.txt', 'share_of')}){end_word})?"
            rf"|(?P<scale>{_alt('units.txt', 'scale')}{end_word})?\s*(?P<noun>{unit}){end_word}"
            rf"|(?P<scale_only>{_alt('units.txt', 'scale')}){end_word}"
            rf"(?!\s+{_alt('units.txt', 'not_scale_after')}{end_word}))"
            rf"(?:(?P<per>(?:\s*/\s*(?:\d[\d.,]*\s+)?{_alt('units.txt', 'per')}{end_word}){{1,2}})"
            rf"|\s*/\s*(?:\d[\d.,]*\s+)?(?P<occurrence>{_alt('units.txt', 'per_occurrence')}){end_word})?", _F),
        "rank_after": regex.compile(rf"\s+{_alt('units.txt', 'rank_after')}{end_word}", _F),
        "rank_noun": regex.compile(rf"^{_alt('units.txt', 'rank')}$", _F),
        "year": regex.compile(r"(?:19|20)\d{2}"),
        "kinds": {s: regex.compile(rf"^{_alt('units.txt', s)}$", _F) for s in ("currency", "time", "measure")},
    }


# Shapes around a number that make it something other than a quantity.
# `31/5`, `8.4.2020`, `10:15`, `2/3`, `x 2`
_DATE_OR_FRACTION_AFTER: Final = regex.compile(r"\s?[/.\-–:]\s?\d|[/:]|\s?[x×=]\s")
_FORMULA_BEFORE: Final = regex.compile(r"(?:[/:+#]|=\s*)$")                               # `… = 62%`, `+07:00`
_OPEN_BRACKET: Final = regex.compile(r"\(\s*$")
_MARKER_IN_BRACKETS: Final = regex.compile(r"\d+\s*\)")                                 # `(3)`
_LINE_START: Final = regex.compile(r"(?:^|\n)[\s\-–+•*]*$")
_MARKER_OR_FOOTNOTE: Final = regex.compile(r"\d+(?:[.)]\s|\s+\p{Lu})")                 # `1. `, `2) `, `1 Văn bản …`
_GLUED_LETTER: Final = regex.compile(r"[\p{L}]")


def _words_before(folded: str, pos: int) -> list[str]:
    """The last three, two and one words right before ``pos`` (a trailing `:` or `.` aside), lower case: the keys
    _follows_words looks up (`thuộc nhóm`, `dự án`, `điều`)."""
    tokens = folded[max(0, pos - 24):pos].lower().split()[-3:]
    return [" ".join(tokens[k:]).strip("(“\":.") for k in range(len(tokens))]


def _follows_words(keys: list[str], vocab: frozenset[str]) -> bool:
    """Whether the words before a number (_words_before, read once a number) are an entry of ``vocab``: `Điều 5`, `Dự
    án 6`, `thuộc nhóm 3`. A set lookup, not a search, so every number costs the same."""
    return not vocab.isdisjoint(keys)


def _noise_after(folded: str, e: int) -> bool:
    """Whether what follows a number makes it a date, a clock time, a fraction or a formula's term."""
    return bool(_DATE_OR_FRACTION_AFTER.match(folded, e, e + 4))


def _noise_before(folded: str, s: int) -> bool:
    """Whether what precedes a number makes it a formula's term, a clock time or a list marker."""
    before = folded[max(0, s - 24):s]
    if _FORMULA_BEFORE.search(before[-3:]):
        return True          # `… = 62%`, `+07:00`
    if _MARKER_IN_BRACKETS.match(folded, s, s + 8) and _OPEN_BRACKET.search(before):
        return True          # `(3)`: an inline list marker
    if _MARKER_OR_FOOTNOTE.match(folded, s, s + 8) and _LINE_START.search(before):
        return True          # `1. `, `2) ` opening a line; a footnote's number before its text (`1 Văn bản này …`)
    return False


def _unit(text: str, u: regex.Match) -> tuple[str | None, str | None, str]:
    """(unit as printed, the counted thing, kind) of a unit match; numerals in a rate suffix dropped."""
    p = _patterns()
    if u["pct"]:
        unit = "%" + (" " + text[u.start("share"):u.end("share")] if u["share"] else "")
        counted, kind = "%", "percent"
    elif u["scale_only"]:
        unit = counted = " ".join(text[u.start("scale_only"):u.end("scale_only")].split())
        kind = "count"
    else:
        noun = " ".join(text[u.start("noun"):u.end("noun")].split())
        scale = " ".join(text[u.start("scale"):u.end("scale")].split()) if u["scale"] else ""
        unit, counted = (scale + " " + noun).strip(), noun
        folded_noun = fold_tones(noun.lower())
        kind = ("amount" if p["kinds"]["currency"].match(folded_noun)
                else "time" if p["kinds"]["time"].match(folded_noun)
                else "measure" if p["kinds"]["measure"].match(folded_noun) else "count")
    if u["per"]:   # `/01 hồ sơ` → `/hồ sơ`, `/người/tháng`
        unit += _PER_NUMERAL.sub("/", " ".join(text[u.start("per"):u.end("per")].split()))
    return unit, counted, kind


def find_figures(text: str, start: int = 0, end: int | None = None) -> list[Figure]:
    """The quantities written in text[start:end], in order, with offsets into ``text``.

    Work is linear in the length: each number is read with a bounded window of words before and after it.
    """
    end = len(text) if end is None else min(end, len(text))
    own = text[start:end]
    folded = fold_tones(own)
    p = _patterns()
    names, ordinals, dates, ranks = (words("figures.txt", "name_number_before"),
                                     words("figures.txt", "not_quantity_before"),
                                     words("figures.txt", "date_before"), words("units.txt", "rank_before"))
    out: list[Figure] = []
    taken_to = 0
    for m in p["number"].finditer(folded):
        if m.start() < taken_to or _noise_before(folded, m.start()):
            continue
        value = parse_number(m.group())
        if value is None:
            continue
        num_end, value_max = m.end(), None
        r = p["range"].match(folded, m.end(), min(len(folded), m.end() + 24))
        if r:
            second = parse_number(r["n2"])
            if second is not None and second > value and not p["year"].fullmatch(r["n2"]):
                num_end, value_max = r.end(), second
        if value_max is None and _noise_after(folded, m.end()):
            continue
        u = p["unit"].match(folded, num_end, min(len(folded), num_end + 60))
        unit = counted = None
        kind, fig_end = "number", num_end
        if u:
            unit, counted, kind = _unit(own, u)
            fig_end = u.end()
        elif p["year"].fullmatch(m.group()) or _GLUED_LETTER.match(folded, num_end, num_end + 1):
            continue             # a year standing alone (`2021 - 2025`), a code glued to letters (`4G`)
        keys = _words_before(folded, m.start())
        date = _follows_words(keys, dates)
        if date and p["year"].fullmatch(m.group()) or _follows_words(keys, names):
            continue             # `tới năm 2026 tỷ lệ …`, `Dự án 6 Chương trình …`: a year or a name's number
        if kind in ("number", "time") and (date or _follows_words(keys, ordinals)):
            continue             # `ngày 15`, `tháng 6 năm 2025`, `hạng 2`, `thôn 3` (not `nông thôn 1.200 hộ`)
        before = folded[max(0, m.start() - 40):m.start()]
        op = comparator_before(before)
        fig_start = m.start() - len(before) + op[1] if op else m.start()
        comparator = op[0] if op else None
        if kind == "count" and counted and p["rank_noun"].match(fold_tones(counted.lower())) and (
                _follows_words(keys, ranks)
                or p["rank_after"].match(folded, fig_end, min(len(folded), fig_end + 16))):
            kind, comparator = "rank", comparator or "<="      # within the top N
        if comparator is None:
            comparator = comparator_after(folded[fig_end:fig_end + 40])
        if value_max is not None and comparator in (None, "="):
            comparator = ">="    # a range gives its lower end as the floor
        out.append(Figure(start=start + fig_start, end=start + fig_end, number_start=start + m.start(),
                          number_end=start + num_end, value=value, value_max=value_max, unit=unit, counted=counted,
                          comparator=comparator, kind=kind, text=" ".join(own[fig_start:fig_end].split())))
        taken_to = num_end
    return out


def cell_figure(cell: str) -> Figure | None:
    """The figure of a table's value cell: `80`, `Tối thiểu 50`, `≥ 90`, `Trên 80`, `Không quá 5`, `10 - 15`, `100%`,
    `Phấn đấu ≥ 10,0`; None for a cell without one (`-`, `x`, a note)."""
    found = find_figures(" ".join(cell.split()))
    return found[0] if found else None


# How far the reading of one number looks around it, in characters, as find_figures bounds its windows: back 40 (a
# comparator, the words before, a list marker); ahead 24 (a range's second number), then 60 (the unit), then 40 (a
# comparator after) and 16 (a ranking's words). A stretch read from a place with no digit for _CLEAR_BEFORE characters
# before it and _CLEAR_AFTER after it reads every number after that place as the whole text does: no figure before it
# reaches past it (a range's second number lies within 24 characters of the first), and no look-back crosses it.
_CLEAR_BEFORE: Final = 30
_CLEAR_AFTER: Final = 45
_AHEAD: Final = 24 + 60 + 40 + 16 + 60      # with a margin for a long number's own digits
_DIGITS: Final = regex.compile(r"\d+")


def _restart(text: str, lo: int, pos: int, end: int) -> int | None:
    """The last place a ≤ pos, with a ≥ lo + _CLEAR_BEFORE, that has no digit in [a - _CLEAR_BEFORE, a + _CLEAR_AFTER)
    (digits looked for in [lo, pos + _CLEAR_AFTER) only); None when there is none."""
    hi = min(end, pos + _CLEAR_AFTER)
    edges = [lo]
    for m in _DIGITS.finditer(text, lo, hi):
        edges += m.span()
    edges.append(hi)
    for i in range(len(edges) - 2, -1, -2):              # the digit-free gaps [edges[i], edges[i + 1]), last first
        a = min(pos, edges[i + 1] - _CLEAR_AFTER) if edges[i + 1] < hi else pos
        if a >= edges[i] + _CLEAR_BEFORE:
            return a
    return None


def find_figures_in(text: str, ranges: list[tuple[int, int]], start: int = 0, end: int | None = None) -> list[Figure]:
    """The figures ``find_figures(text, start, end)`` gives that lie wholly inside one of ``ranges`` (sorted, within
    [start, end)), reading only stretches around them: each from a restart place (_restart) before its first range to
    _AHEAD characters past its last. Stretches that would overlap are read as one, and the search for a restart place
    never goes back past the stretch before, so the work is linear in the length of the ranges and the gaps searched."""
    end = len(text) if end is None else min(end, len(text))
    stretches: list[list[int]] = []
    for ps, pe in ranges:
        lo = stretches[-1][1] if stretches else start
        a = _restart(text, lo, ps, end) if ps >= lo else None
        if a is None and stretches:
            stretches[-1][1] = max(stretches[-1][1], min(end, pe + _AHEAD))
        else:
            stretches.append([start if a is None else a, min(end, pe + _AHEAD)])
    out: list[Figure] = []
    k = 0
    for a, b in stretches:
        for f in find_figures(text, a, b):
            while k < len(ranges) and ranges[k][1] <= f.start:
                k += 1
            if k < len(ranges) and ranges[k][0] <= f.start and f.end <= ranges[k][1]:
                out.append(f)
    return out
