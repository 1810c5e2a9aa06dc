"""Vietnamese time expressions (deadlines, periods, recurrences, starts) found once over a text or a range of it, normalised to ISO dates, and the one that governs a task picked among them."""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Final

import regex

from .patterns.dates import find_dates, iso_date, last_day
from .patterns.fold import caseless_lower, fold_tones, folded_part
from .patterns.lexicon import alternation, entries, longest_first, phrase_regex, words

_F: Final = regex.IGNORECASE | regex.VERBOSE
_DATA: Final = "time_words.txt"


def _any(section: str) -> str:
    """The phrases of one section of the time words, as a regex alternation (tone-folded, any case)."""
    return alternation(_DATA, section)


@dataclass
class Deadline:
    date: str | None         # ISO last day it must be done by; None for open-ended or recurring work
    text: str                # the words as in the input, cue included, spaces folded; words between a recurrence
                             # and its yearly due day are elided: 'định kỳ hằng năm ... trước ngày 31 tháng 12'
    start: int               # offsets of the expression (cue included) in the text given
    end: int
    recurrence: str | None   # 'yearly' | 'quarterly' | 'monthly' | 'weekly' | 'continuous' | None
    start_date: str | None   # ISO first day of the work when given: 'Từ năm 2026' -> '2026-01-01'
    strong: bool = False     # introduced by a deadline cue (`hoàn thành trong`, `trước`, `chậm nhất`, `Thời hạn:`)
                             # or in brackets after an item: preferred to other times of the same task
    goal: bool = False       # in a purpose clause (`để đạt mục tiêu đến năm 2030`): a goal's horizon, not the
                             # work's time (a target reads it; a task takes it only as a last resort)
    whole_cell: bool = False  # a bare number (`2025`, `2021 - 2025`, `6/2025`) alone on its line: a time only
                              # where it is all its range holds (a table cell), so pick_deadline checks that


# ---------------------------------------------------------------------------------------------------------------
# Pattern pieces
# ---------------------------------------------------------------------------------------------------------------

Y: Final = r"(?:19|20)\d{2}"                          # a year of the period the documents cover
QN: Final = r"(?:IV|I{1,3}|[1-4])"                     # a quarter number, Roman (`Quý III`) or Arabic (`Quý 2`)
QUY: Final = r"qu[ýí]"                                 # `quý`, the older spelling `quí`, any case
NO_WORD: Final = r"(?![\p{L}\d])"                      # the word ends here
UNIT: Final = rf"(?:năm|{QUY}|tháng|tuần)"             # the periods a recurrence counts in
# The year of a day, month or quarter: `tháng 6 năm 2025`, `tháng 6/2025`, `quý IV-2021`, `quý II năm nay`,
# `tháng 6 năm sau` (a year that comes round again), `quý I năm trước` (past)
YEAR_TAIL: Final = rf"""(?:\s*(?:năm\s+|[/.\-–]\s*)(?P<y>{Y})(?![\d/])
                  |\s+(?:của\s+)?năm\s+(?:(?P<rel>{_any("year_this")}|{_any("year_next")})
                                         |(?P<cycle>{_any("year_cycle")})|(?P<past>{_any("year_past")})){NO_WORD})?"""
# `... và các năm tiếp theo`, `2026 và hằng năm` (recurs every year from then), `... trở đi` (from then on)
ONWARD: Final = rf"""(?:(?P<onward>\s*,?\s*và\s+{_any("onward_yearly")})
             |(?P<from>\s+{_any("onward_from")}))?"""
EVERY: Final = _any("every")
# `15`, `15 tháng 6`, `15/6` (not `15 tháng 9,7`)
DAY: Final = r"\d{1,2}(?:\s*(?:tháng\s+|/\s*)\d{1,2}(?![\d]|[.,]\d))?"

# The forms of an expression, in the order the alternation tries them: at a position the first form that matches
# wins (leftmost-first, as a backtracking engine reads `a|b|c`), so the order is part of the meaning.
_FORMS: Final = {
    # a due day of a recurring period: `Ngày 25 hằng tháng`, `ngày 05 và ngày 20 hằng tháng`, `ngày 15 tháng 6 và
    # 15 tháng 12 hằng năm`, `Quý I hằng năm`
    "dayrec": rf"""(?P<dayrec>
        (?:ngày\s+{DAY}(?:\s*(?:,|và)\s*(?:ngày\s+)?{DAY})*|(?<![\d/.,])\d{{1,2}}\s+tháng\s+\d{{1,2}}(?!\d|[.,]\d)
          |(?<!\d\s{{0,3}})tháng\s+\d{{1,2}}|{QUY}\s+{QN})
        \s+(?:của\s+)?(?:{EVERY})\s+(?P<unit>{UNIT}){NO_WORD}
    )""",
    # `ngày 31 tháng 12`, `ngày 15/12`, `31 tháng 12 năm 2025` (find_dates covers the forms with `ngày` and a year)
    "daymonth": rf"""(?P<daymonth>
        (?:ngày\s+)?(?<![\d/.,])(?P<d>\d{{1,2}})\s+tháng\s+(?P<m>\d{{1,2}})(?!\d|[.,]\d){YEAR_TAIL}
      | ngày\s+(?P<d>\d{{1,2}})\s*/\s*(?P<m>\d{{1,2}})(?!\s*[/.\-]\s*\d)(?!\d){YEAR_TAIL}
    )""",
    # `Quý III năm 2025`, `quý IV/2021`, `Quý 2/2025`, `quý II - III/2025`, `quý II` (this year), `quý IV/2026 - 2029`
    "quarter": rf"""(?P<quarter>
        (?:cuối\s+)?{QUY}\s+(?P<q>{QN})(?:\s*(?:-|–|,|và|đến)\s*(?:{QUY}\s+)?(?P<q2>{QN}))?{NO_WORD}
        {YEAR_TAIL}
        (?:\s*[-–]\s*(?P<y2>{Y})(?![\d/]))?
        {ONWARD}
    )""",
    # `tháng 6 năm 2025`, `Tháng 9/2021`, `tháng 6 - 7/2025`, `tháng 6` (this year); not `mỗi tháng 1 lần`
    "month": rf"""(?P<month>
        (?:cuối\s+)?(?<!\d\s{{0,3}})tháng\s+(?P<m>\d{{1,2}})(?:\s*(?:-|–|,|và|đến)\s*(?:tháng\s+)?(?P<m2>\d{{1,2}})(?!\d))?
        {YEAR_TAIL}(?!\s*lần)(?![\d/])
        {ONWARD}
    )""",
    # `6 tháng đầu năm 2025`, `6 tháng cuối năm`, `nửa đầu năm 2025`; the count a whole number or word of its own
    # (not the end of `126` or `1,6`, not `ba` of `Cuba`)
    "half": rf"""(?P<half>
        (?:(?P<n>(?<![\d/.,])\d{{1,2}}|(?<!\p{{L}})(?:ba|sáu|chín))\s+tháng|(?<!\p{{L}})nửa)\s+(?P<side>đầu|cuối)\s+năm
        (?:\s+(?P<y>{Y})(?![\d/])|\s+(?P<rel>{_any("year_this")}|{_any("year_next")}){NO_WORD}
          |\s+(?P<cycle>{_any("year_cycle")}){NO_WORD})?
    )""",
    # `giai đoạn 2021 - 2025`, `giai đoạn từ năm 2021 đến năm 2025`
    "period": rf"""(?P<period>
        giai\s+đoạn\s+(?:từ\s+)?(?:năm\s+)?(?P<y>{Y})\s*(?:-|–|đến|tới)\s*(?:năm\s+)?(?P<y2>{Y})(?![\d/])
    )""",
    # `Năm 2021`, `cuối năm 2025`, `Năm 2021 - 2022`, `năm 2025, 2026`, `năm 2021 và các năm tiếp theo`, `năm 2026 trở đi`
    "year": rf"""(?P<year>
        (?:(?P<edge>cuối|đầu|giữa)\s+)?(?:các\s+)?năm\s+(?P<y>{Y})
        (?:\s*(?:[-–,]|và)\s*(?:năm\s+)?(?P<y2>{Y}))?(?![\d/])
        {ONWARD}
    )""",
    # the document's own year: `năm nay`, `cuối năm`, `trong năm`; the next one: `năm tới`
    "relyear": rf"""(?P<relyear>
        (?:(?P<edge>cuối|đầu|giữa)\s+)?năm\s+(?P<rel>{_any("year_this")}|{_any("year_next")}){NO_WORD}
      | (?P<edge>cuối|đầu|giữa)\s+năm(?=\s*(?:[.,;:)\]\n]|$))
      | (?<=(?<!\p{{L}})trong\s{{1,3}})năm(?=\s*(?:[.,;:)\]\n]|$))
    )""",
    # bare `2021-2025`: only with a cue, in brackets or alone in its cell
    "yrange": rf"""(?P<yrange> (?<![\d/.,])(?P<y>{Y})\s*[-–]\s*(?P<y2>{Y})(?![\d/]) )""",
    # bare `6/2025`, `T6/2025`: same conditions (`6/2025` may be half of a document number)
    "mmyyyy": rf"""(?P<mmyyyy> (?<![\p{{L}}\d/.,])(?:(?-i:T)\s?)?(?P<m>\d{{1,2}})\s*/\s*(?P<y>{Y})(?![\d/]) )""",
    # bare `15/12`: only after a cue
    "dm": r"""(?P<dm> (?<![\p{L}\d/.,])(?P<d>\d{1,2})/(?P<m>\d{1,2})(?![\d/]) )""",
    # a bare year `2025`: only alone in its cell; `2026 và hằng năm` anywhere
    "bareyear": rf"""(?P<bareyear> (?<![\p{{L}}\d/.,\-])(?P<y>{Y})(?![\p{{L}}\d/\-]) {ONWARD} )""",
    # recurrence: `định kỳ hằng năm`, `hàng tháng`, `hằng quý`, `Hằng năm và từng giai đoạn`, `thường xuyên, liên tục`
    "rec": rf"""(?P<rec>
        (?:định\s+kỳ\s+(?:(?:\d{{1,2}}|ba|sáu)\s+tháng\s*(?:,|và|hoặc)\s*)?)?   # `định kỳ 6 tháng và hằng năm`
        (?:{EVERY})\s+(?P<unit>{UNIT}){NO_WORD}
        (?:\s*(?:và|,)\s*(?:từng|theo)\s+giai\s+đoạn)?
      | (?P<cont>(?:định\s+kỳ\s+)?{_any("continuous")}(?:\s*(?:,|và)?\s*{_any("continuous")})?){NO_WORD}
    )""",
    # `Trong quá trình thực hiện Đề án`: as long as the work lasts; the words up to the end of the line
    "process": rf"""(?P<process> trong\s+{_any("process")}(?:\s+[\p{{L}}\d]+){{0,6}}?(?=\s*(?:[.;\t\n]|$)) )""",
}
_KINDS: Final = tuple(_FORMS)
# The forms that can begin at a digit (`15 tháng 6`, `6 tháng đầu năm`, `2021-2025`, `6/2025`, `2025`) and those that
# begin at a word (`ngày`, `quý`, `tháng`, `cuối`, `T6/2025`, …), each in the order above: at a position only the
# forms that can begin with the character there can match, so trying just those gives the same first match.
_DIGIT_KINDS: Final = ("dayrec", "daymonth", "half", "yrange", "mmyyyy", "dm", "bareyear")
_WORD_KINDS: Final = tuple(k for k in _KINDS if k not in ("yrange", "dm", "bareyear"))
# The words a form that does not open with a digit begins with (lower case; `T6/2025` aside); the words from data
# (`hằng`, `thường xuyên`) follow.
_OPENERS: Final = (
    "ngày", "nửa", "năm", "cuối", "các", "chín", "đầu", "định", "giữa", "giai", QUY, "tháng", r"ba\s", "sáu",
    "trong", *(phrase_regex(w) for w in sorted(words(_DATA, "every") | words(_DATA, "continuous"))))
# What follows each opener in every form that begins with it (lower case, for the standard library's engine on
# caseless_lower(s), where `\s` is at least the spaces of `regex`): `ngày 15`, `nửa đầu`, `năm 2025` / `năm nay` /
# `trong năm.`, `cuối quý`, `các năm`, `sáu tháng`, `định kỳ`, `giai đoạn`, `tháng 6`, `trong quá trình`, `hằng năm`;
# the continuous words stand alone. A digit is one of either engine (_ANY_DIGIT).
_ANY_DIGIT: Final = r"(?:\d|[^\w\s\x00-\x7f])"
_FOLLOWERS: Final = {
    "ngày": rf"\s+{_ANY_DIGIT}", "nửa": r"\s+(?:đầu|cuối)", "năm": r"(?:\s|[.,;:)\]]|$)",
    "cuối": r"\s+(?:qu[ýí]|tháng|năm|các)", "các": r"\s+năm", "chín": r"\s+tháng", "đầu": r"\s+(?:năm|các)",
    "định": r"\s+kỳ", "giữa": r"\s+(?:năm|các)", "giai": r"\s+đoạn", QUY: r"\s", "tháng": rf"\s+{_ANY_DIGIT}",
    r"ba\s": r"\s*tháng", "sáu": r"\s+tháng", "trong": rf"\s+{_any('process')}",
    **{phrase_regex(w): r"\s+(?:năm|qu[ýí]|tháng|tuần)" for w in words(_DATA, "every")},
    **{phrase_regex(w): "" for w in words(_DATA, "continuous")},
}


def _forms(kinds: tuple[str, ...]) -> str:
    return "|".join(_FORMS[k] for k in kinds)


# Each with the look-ahead of what its forms begin with, as one alternation of all the forms had it: a digit, or an
# opener (a `T` before a digit).
# Every digit form opens a number of its own (not after a digit, `/`, `.` or `,`) with one or two digits before
# `tháng` or `/` (`15 tháng 6`, `6 tháng đầu năm`, `6/2025`, `15/12`) or with a year (`2021-2025`, `2025`): that
# look-ahead, tried first, rules out most digits of the text at once.
_DIGIT_TOKEN: Final = regex.compile(rf"(?=\d)(?<![\d/.,])(?=\d\d?(?:\s*/|\s+tháng)|(?:19|20)\d\d)(?:{_forms(_DIGIT_KINDS)})", _F)
# Where that look-ahead holds, found by the engine faster than by _DIGIT_TOKEN's search: the same conditions spelled
# after the first digit, which the pattern opens with (one that opens with a look-ahead is tried at every digit more
# slowly): no digit, `/`, `.` or `,` before it, then maybe a second digit and `/` or `tháng`, or `19`/`20` and two
# digits. _DIGIT_TOKEN can match only where it does (_next_digit). Its empty groups tell the three apart (its
# lastindex: 1 for `/`, 2 for `tháng`, None for a year); they exclude each other (a year's four digits leave no room
# for the spaces or `/` after the first one or two).
_DIGIT_HEAD: Final = regex.compile(
    r"\d(?<![\d/.,]\d)(?:(?=\d?\s*/)()|(?=\d?\s+tháng)()|(?<=1)(?=9\d\d)|(?<=2)(?=0\d\d))", _F)
# _DIGIT_TOKEN's forms by what follows the digits they open with, each group in the order of _FORMS: a year
# (`2021-2025`, `2025`), `/` (`6/2025`, `15/12`; `T6/2025` opens with a letter), `tháng` (`15 tháng 6 hằng năm`,
# `15 tháng 6`, `6 tháng đầu năm`; their other openings are words). Where _DIGIT_HEAD finds one of the three, no form of
# another group can match, so the group's first match is _DIGIT_TOKEN's (same span and groups, read by name).
_DIGIT_TOKEN_BY_HEAD: Final = tuple(regex.compile(rf"(?:{_forms(tuple(k for k in _DIGIT_KINDS if k in kinds))})", _F)
                                    for kinds in (("yrange", "bareyear"), ("mmyyyy", "dm"),
                                                  ("dayrec", "daymonth", "half")))
_WORD_TOKEN: Final = regex.compile(rf"(?=(?-i:T)\s?\d|{'|'.join(_OPENERS)})(?:{_forms(_WORD_KINDS)})", _F)
# The forms each opener can begin, read off _FORMS (the first word of each of their alternatives): `ngày 25 hằng
# tháng` (dayrec) and `ngày 31 tháng 12` (daymonth) open with `ngày`; `cuối quý IV`, `cuối tháng 6`, `cuối năm 2025`,
# `cuối năm` with `cuối`; `T6/2025` (mmyyyy) with `T`.
_OPENER_KINDS: Final = {
    "ngày": ("dayrec", "daymonth"), "tháng": ("dayrec", "month"), QUY: ("dayrec", "quarter"),
    "cuối": ("quarter", "month", "year", "relyear"), "nửa": ("half",), r"ba\s": ("half",), "sáu": ("half",),
    "chín": ("half",), "giai": ("period",), "đầu": ("year", "relyear"), "giữa": ("year", "relyear"),
    "các": ("year",), "năm": ("year", "relyear"), "định": ("rec",), "trong": ("process",),
    **{phrase_regex(w): ("rec",) for w in words(_DATA, "every") | words(_DATA, "continuous")},
}
_T_DIGIT_KINDS: Final = ("mmyyyy",)
assert set(_OPENER_KINDS) == set(_OPENERS)


def _tokens_by_head() -> dict[str, regex.Pattern]:
    """_WORD_TOKEN's forms grouped by the first two letters of the openers that begin them (in lower case), and `t`
    for `T6/2025`, each group in the order of _FORMS: at a position where the two letters of caseless_lower(text) are
    those of no other opener (the second letter of `T6` is a space or a digit, never a letter), no form outside the
    group can match, so the group's first match is the whole alternation's (same span and groups, read by name). The
    groups go without _WORD_TOKEN's look-ahead: they are tried only at a letter, where every form opens with one of
    the openers, spelled as the look-ahead spells it (or with `T` and a digit), so a form that matches there has the
    look-ahead hold too."""
    heads: dict[str, set[str]] = {"t": set(_T_DIGIT_KINDS)}
    for w, kinds in _OPENER_KINDS.items():
        head = re.match(r"[^\W\d_]{2}", w).group()   # type: ignore[union-attr]  # (an opener opens with two letters)
        heads.setdefault(head, set()).update(kinds)
    return {h: regex.compile(rf"(?:{_forms(tuple(k for k in _WORD_KINDS if k in kinds))})", _F)
            for h, kinds in heads.items()}


_WORD_TOKEN_BY_HEAD: Final = _tokens_by_head()
# The forms each of the patterns above holds, in the order of _FORMS: a match's form is the first of them whose
# group took part (the others have no group in the pattern).
_PATTERN_KINDS: Final = {p: tuple(k for k in _KINDS if k in p.groupindex)
                  for p in (_DIGIT_TOKEN, *_DIGIT_TOKEN_BY_HEAD, _WORD_TOKEN, *_WORD_TOKEN_BY_HEAD.values())}


# The letters most Vietnamese syllables are made of (with `đ`): an opener is found by another of its letters where it
# has one (_opener_pattern).
_COMMON_LETTERS: Final = frozenset("nhtcgiaouđ")


def _opener_pattern() -> tuple[re.Pattern, tuple[int, ...], tuple[tuple[str, re.Pattern], ...]]:
    """Where a word form may begin, for the standard library's engine on the lower-case text (caseless_lower): that
    engine skips the positions that cannot hold an opener by a table lookup of their character, where `regex` tries the
    alternation of words at every position (5× slower). Each opener is found at its rarest letter (one with a mark,
    else one not among _COMMON_LETTERS, else its first: `nă(?=m…)` at `ă`, `tr(?=ong…)` at `r`), the letters
    before it a look-behind and the rest a look-ahead, so that the engine stops at few places and openers inside
    others are found too. Also the offset of that letter in each alternative, by its group number: the opener begins
    that many characters before the match. An opener all of whose letters are common and that is a plain word
    (`giai`) is left out, to be found by `str.find` and what must follow it matched there (the engine would stop at
    each of its first letter, `g` of every `ng`, to find a few): with the pattern of what follows."""
    found: dict[str, list[tuple[str, str]]] = {}
    plain: list[tuple[str, re.Pattern]] = []
    for w in _OPENERS:
        spelled = re.match(r"(?:[^\W\d_](?![?*+{]))*", w).group()   # type: ignore[union-attr]  # its letters before an escape, class or quantifier
        k = min(range(len(spelled)), key=lambda i: (spelled[i].isascii(), spelled[i] in _COMMON_LETTERS, i))
        if spelled == w and all(c.isascii() and c in _COMMON_LETTERS for c in w):
            plain.append((w, re.compile(_FOLLOWERS[w])))
            continue
        found.setdefault(spelled[k], []).append((spelled[:k + 1], w[k + 1:] + _FOLLOWERS[w]))
    alternatives, offsets = [], [0]
    for c, parts in found.items():
        befores = [b for b, _ in parts]
        # one match a letter: two openers found at the same letter must not both stand before it
        assert not any(a != b and a.endswith(b) for a in befores for b in befores), befores
        alternatives.append(c + "(?:" + "|".join(f"{f'(?<={b})' if len(b) > 1 else ''}(?={r})()" for b, r in parts) + ")")
        offsets += [len(b) - 1 for b, _ in parts]
    return re.compile("|".join(alternatives)), tuple(offsets), tuple(plain)


_WORD_OPENER, _OPENER_OFFSETS, _PLAIN_OPENERS = _opener_pattern()
# `T6/2025`: a capital `T` (`(?-i:T)` in the form, so looked for in the text as written, not in caseless_lower's: a
# lower-case `t`, among the commonest letters, opens nothing), then maybe a space, then a digit or a character the
# standard library's Unicode tables (older than those of `regex`) leave unassigned, which `regex` may count as a digit.
_T_OPENER: Final = re.compile(rf"T(?=\s?{_ANY_DIGIT})")


def _word_openers(s: str, low: str) -> list[int]:
    """The positions of ``s`` (``low`` its caseless_lower) where an opener stands, in order."""
    offsets = _OPENER_OFFSETS
    found = [m.start() - offsets[m.lastindex] for m in _WORD_OPENER.finditer(low)]   # type: ignore[index]
    found += [m.start() for m in _T_OPENER.finditer(s)]
    for w, follows in _PLAIN_OPENERS:
        at = low.find(w)
        while at >= 0:
            if follows.match(low, at + len(w)):
                found.append(at)
            at = low.find(w, at + 1)
    return sorted(found)




def _scan(s: str, low: str | None = None) -> Iterator[regex.Match]:
    """The expressions of ``s`` as one alternation of all the forms finds them from left to right (at each position
    the first form in order that matches, the next search from where it ends), found faster: the engine runs the
    digit forms itself, skipping to the next digit in one step, and the word forms are tried only where
    _WORD_OPENER found a word they can begin with. The two streams are merged in order of position (no two start at
    the same one), a match of one discarding what the other found inside it."""
    pos = 0
    digit = _next_digit(s, 0)
    low = caseless_lower(s) if low is None else low
    by_head = _WORD_TOKEN_BY_HEAD
    for at in _word_openers(s, low):
        while digit is not None and digit.start() < at:
            yield digit
            pos = digit.end()
            digit = _next_digit(s, pos)
        if at < pos:
            continue
        m = (by_head.get(low[at:at + 2]) or by_head.get(low[at]) or _WORD_TOKEN).match(s, at)
        if m:
            yield m
            pos = m.end()
            if digit is not None and digit.start() < pos:
                digit = _next_digit(s, pos)
    while digit is not None:
        yield digit
        digit = _next_digit(s, digit.end())


def _next_digit(s: str, pos: int) -> regex.Match | None:
    """_DIGIT_TOKEN.search(s, pos), tried only where _DIGIT_HEAD finds its look-ahead holds (the search would try it
    at the same positions in the same order, and the look-behinds of both see the text before ``pos``), by the forms
    that can match there (_DIGIT_TOKEN_BY_HEAD)."""
    head = _DIGIT_HEAD.search(s, pos)
    while head is not None:
        m = _DIGIT_TOKEN_BY_HEAD[head.lastindex or 0].match(s, head.start())
        if m is not None:
            return m
        head = _DIGIT_HEAD.search(s, head.end())
    return None


# Cue words that introduce a time expression. A chain of them is taken whole: `Thời hạn hoàn thành trong`,
# `chậm nhất trong`, `lần 2: trước`, `Từ`, `đến hết`, `Giai đoạn 1 từ`.
# A numbered round is a cue only before a colon, a bracket or dash, or another cue (`lần 2: trước …`, `Giai đoạn 1
# từ …`); `đợt 2 năm 2025` names a batch, not when the work is due.
_ROUND: Final = rf"""{_any("round")}\s+(?:\d{{1,2}}|[IVX]{{1,4}}){NO_WORD}(?=\s*[:(\-–]|\s+(?:{_any("cue_strong")}|{_any("cue_before")}
    |{_any("cue_weak")}|{_any("cue_to")}|{_any("cue_from")})(?![\p{{L}}]))"""
_CUE_WORD: Final = rf"""
    {_any("label")}(?=\s*:)
  | {_ROUND}
  | {_any("cue_strong")} | {_any("cue_before")} | {_any("cue_weak")} | {_any("cue_to")} | {_any("cue_from")}
"""
_CUE: Final = regex.compile(rf"(?:(?<![\p{{L}}\d])(?:{_CUE_WORD})\s*:?\s*)+$", _F)
# The last word of a chain (of its last cue, before `\s*:?\s*`): a round's number or the last word of a cue. Most
# expressions have none before them, and this look at a few characters saves the search of the chain.
_CUE_LAST_WORDS: Final = longest_first(
    w.split()[-1] for k in ("label", "cue_strong", "cue_before", "cue_weak", "cue_to",
    "cue_from") for w in words(_DATA, k))
_CUE_TAIL: Final = regex.compile(rf"(?:{'|'.join(phrase_regex(w) for w in _CUE_LAST_WORDS)}|\d|[IVX])\Z", _F)
_CUE_TAIL_LEN: Final = len(_CUE_LAST_WORDS[0])
_STRONG_WORD: Final = regex.compile(rf"""(?<![\p{{L}}])(?:{_any("label")}|{_ROUND}
    |{_any("cue_strong")}|{_any("cue_before")})(?![\p{{L}}])""", _F)
_LABEL: Final = regex.compile(rf"\s*(?:{_any('label')}|{_any('cue_strong')})\s*:", _F)
_FROM_END: Final = regex.compile(rf"(?<![\p{{L}}])(?:{_any('cue_from')})\s*:?\s*$", _F)
_BEFORE_END: Final = regex.compile(rf"(?<![\p{{L}}])(?:{_any('cue_before')})\s*:?\s*$", _F)
_TO_START: Final = regex.compile(rf"\s*(?:{_any('cue_to')})(?![\p{{L}}])", _F)


class _Ending:
    """One of a section's phrases, not after a letter, then spaces to the end of s[lo:hi] (a colon allowed among them
    when ``colon``), searched only where the last word of s[lo:hi] (before the spaces and that colon) ends as a
    phrase does: most look-backs end with another word, and this look at a few characters saves the search of the
    window."""

    def __init__(self, section: str, colon: bool = False):
        after = r"\s*:?\s*$" if colon else r"\s*$"
        self.pattern = regex.compile(rf"(?<![\p{{L}}])(?:{_any(section)}){after}", _F)
        lasts = longest_first(w.split()[-1] for w in words(_DATA, section))
        self.tail = regex.compile(rf"(?:{'|'.join(phrase_regex(w) for w in lasts)})\Z", _F)
        self.reach, self.colon = len(lasts[0]), colon

    def search(self, s: str, lo: int, hi: int) -> regex.Match | None:
        tail = s[lo:hi].rstrip()          # (`str.isspace` spaces: at least those of `regex`)
        if self.colon and tail.endswith(":"):
            tail = tail[:-1].rstrip()
        end = lo + len(tail)
        if self.tail.search(s, max(lo, end - self.reach), end) is None:
            return None
        return self.pattern.search(s, lo, hi)


# Words just before a cue (or before a bare expression) that make it no deadline: `tính đến ngày 31/5/2020` (as of),
# `so với năm 2020` (a baseline), `định hướng đến năm 2030`, `tầm nhìn đến năm 2045` (the horizon in a title).
_NOT_A_DEADLINE_BEFORE: Final = _Ending("not_before")
# `Ngày ký: 28.06.2023`, `ban hành ngày 12/3/2025`: the day of an act, when no cue comes between.
_DATED_ACT: Final = _Ending("dated_act", colon=True)
# `trong khoảng thời gian từ ngày … đến ngày …`: the period a rule covers.
_RULE_PERIOD: Final = _Ending("rule_period")
# `sau 30 ngày kể từ …`, `trong thời hạn 60 ngày kể từ ngày kết thúc …`: the time after `kể từ` anchors a relative time.
_RELATIVE: Final = regex.compile(rf"(?<![\p{{L}}\d])\d{{1,3}}\s+(?:{_any('duration_unit')})\s+(?:kể\s+)?(?:từ|sau)(?![\p{{L}}])", _F)

# Where a sentence or list item ends: the scope of the look-back checks below. A single line break is no end:
# gazette text breaks its lines inside sentences. An inline enumeration `(i) … (ii) …` starts an item of its own.
_SENTENCE_END: Final = r"""
    [.;!?](?=\s|$) | \t | \| | \n\s*\n
  | \n(?=\s*(?:[-+•*]|\d{1,2}[.)]|(?i:[a-zđ])\)|(?i:[IVX]{1,4})\.)\s)
  | \((?<=\s\()(?:(?i:[ivx]{1,4})|\d{1,2})\)(?=\s)
"""
# (Case is ignored only in the letters of list markers. The look-behind of `(i)` follows its bracket, so that it is
# tested only where a bracket stands.)
# The same pattern for the standard library's engine, which finds the seven characters a break opens with by a
# table lookup where `regex` tries the whole alternation at every position (a third faster in all): the character
# first, then what each alternative asks of it, in the same order; the classes spelled out as `regex` has them
# (its spaces are the standard library's without \x1c-\x1f, its digits those and some of the supplementary planes,
# and ignoring case it takes `İ` for `i`, `ı` for `I`, `ſ` for `s` and the Kelvin sign for `k`); the test of the
# scans checks each class against `regex` over every character.
_RX_SPACE: Final = r"[^\S\x1c-\x1f]"
_RX_DIGIT: Final = r"[\d\U00010d40-\U00010d49\U000116d0-\U000116e3\U00011bf0-\U00011bf9\U00011de0-\U00011de9\U00011f50-\U00011f59" \
     r"\U00016130-\U00016139\U00016d70-\U00016d79\U0001ccf0-\U0001ccf9\U0001e4f0-\U0001e4f9\U0001e5f1-\U0001e5fa]"
_LETTER_MARK: Final = "[a-zA-Z\u0110\u0111\u0130\u017f\u212a]"        # (?i:[a-zđ])
_ROMAN_DOT: Final = "[IVXivx\u0131]"                                     # (?i:[IVX])
_ROMAN_PAREN: Final = "[IVXivx\u0130]"                                   # (?i:[ivx])
_SENTENCE_BREAK: Final = re.compile(rf"""
    [.;!?\t|\n(](?:
        (?<=[.;!?])(?={_RX_SPACE}|$) | (?<=[\t|]) | (?<=\n){_RX_SPACE}*\n
      | (?<=\n)(?={_RX_SPACE}*(?:[-+•*]|{_RX_DIGIT}{{1,2}}[.)]|{_LETTER_MARK}\)|{_ROMAN_DOT}{{1,4}}\.){_RX_SPACE})
      | (?<={_RX_SPACE}\()(?:{_ROMAN_PAREN}{{1,4}}|{_RX_DIGIT}{{1,2}})\)(?={_RX_SPACE})
    )""", re.VERBOSE)
# ... and a clause: the same plus a comma, a colon or an opening bracket anywhere else (no sentence break holds one
# inside, and only `(` opens one: `(iv)`), so a clause start is found by looking back for these characters
# (_Text.clause_start).
_REACH: Final = 300    # characters a look-back goes at most: the checks are about the sentence, not the document
_NEAR: Final = 100     # where a look-back searches first for the end of a sentence (most are shorter than _REACH)
# What may stand before an expression that opens its clause: list markers (`a)`, `2.`, `1.2.`, `3.43` with a
# footnote number glued to it).
_MARKERS_ONLY: Final = regex.compile(
    r"[\s\-–+•*]*(?:(?:\d{1,2}(?:\.\d{1,3})*[.)]?|[a-zđ][.)]|[IVX]{1,4}[.)])\s*)?[\s\-–+•*]*", _F)
# What may be left of a table cell around its expressions: punctuation and list markers.
_CELL_RESIDUE: Final = regex.compile(r"[\s\-–+•*.,;:()\[\]]*")
_RESIDUE_CHARS: Final = frozenset("-–+•*.,;:()[]")
_LINE_BREAKS: Final = frozenset("\n\t|")
# A heading or lead-in that names a phase: markers, then maybe `Giai đoạn 1`, then the time.
_PHASE_HEAD: Final = regex.compile(rf"{_MARKERS_ONLY.pattern}(?:{_any('round')}\s+(?:\d{{1,2}}|[IVX]{{1,4}})\s*[:(\-–]?\s*)?", _F)

# A document cited by number or by kind: its date is the document's, not a deadline.
_DOC_REFERENCE: Final = regex.compile(rf"""
    (?<![\p{{L}}])số\s*:?\s*\d
  | \d+[a-z]?\s*/\s*(?:\d{{4}}\s*/\s*)?(?-i:[\p{{Lu}}Đ]{{2,}})
  | \d+-(?-i:[\p{{Lu}}Đ]{{2,}})
  | /\s*(?-i:[\p{{Lu}}Đ]{{2,}}-[\p{{Lu}}Đ]{{2,}})          # a draft's blank number: `Số: /VPCP-KSTT`
  | (?<![\p{{L}}]){_any("cited_kind")}(?![\p{{L}}])
""", _F)
# `Hà Nội, ` at the head of a line: the place before an issue date.
_PLACE_COMMA: Final = regex.compile(r"\s*\p{Lu}[\p{L}. ]{0,40},\s*")
# Names of programmes, plans and budgets: a period or year after them is part of the name
# (`Chương trình tổng thể ... giai đoạn 2021 - 2030`, `dự toán ngân sách năm 2025`, `kế hoạch ... hằng năm`).
_TITLES: Final = "|".join(phrase_regex(fold_tones(t)) for t in sorted(entries(_DATA, "titles"), key=len, reverse=True))
_BODY_HEADS: Final = "|".join(
    phrase_regex(h.capitalize()) + "|" + phrase_regex(h) for h in entries(_DATA, "body_heads"))
# The same names for the standard library's engine, without the conditions around them: the titles as written, the
# nouns on the lower-case text (caseless_lower), a test that _NAME_NOUN may find something.
_NAME_NOUNS: Final = sorted(words(_DATA, "name_nouns"))
_TITLE_PHRASES: Final = re.compile("|".join(phrase_regex(fold_tones(t)) for t in entries(_DATA, "titles")))
_NOUN_PHRASES: Final = re.compile("|".join(phrase_regex(w) for w in _NAME_NOUNS))
_NAME_NOUN: Final = regex.compile(rf"""
    (?<![\p{{L}}])(?:
        (?-i:(?<!(?:{_BODY_HEADS})\s+)(?:{_TITLES}))
      | (?<!(?:{_BODY_HEADS})\s+){_any("name_nouns")}
    )(?![\p{{L}}])
""", _F)
_EFFECT: Final = regex.compile(rf"(?<![\p{{L}}])(?:{_any('effect')})(?![\p{{L}}])", _F)
_PAST: Final = regex.compile(rf"(?<![\p{{L}}])(?:{_any('past')})(?![\p{{L}}])", _F)
_OBLIGATION: Final = regex.compile(rf"(?<![\p{{L}}])(?:{_any('obligation')})(?![\p{{L}}])", _F)
# Cue words that only place a time (`trước`, `đến`, `vào`, `trong`, `từ`), as against those that set a deadline
# (`hoàn thành`, `chậm nhất`, `Thời hạn:`).
_PLAIN_CUE: Final = regex.compile(rf"""(?:(?<![\p{{L}}\d])(?:{_any("cue_before")}|{_any("cue_weak")}|{_any("cue_to")}|{_any("cue_from")}
    |trong)\s*:?\s*)*""", _F)
# `… số 138/2026/NĐ-CP ngày …` cut before the number: a code in capitals right before a day.
_CODE_BEFORE: Final = regex.compile(r"(?<![\p{L}])(?-i:[\p{Lu}Đ]{2,})\s*$", _F)
_BACK: Final = regex.compile(rf"\s+(?:{_any('onward_back')})(?![\p{{L}}])", _F)     # `từ ngày 31/12 trở về trước`
# Its first word, looked for after the spaces first: `regex` looks for the words of _BACK through all the rest of
# the text on every match before trying it.
_BACK_FIRST: Final = longest_first(w.split()[0] for w in words(_DATA, "onward_back"))
_BACK_HEAD: Final = regex.compile("|".join(phrase_regex(w) for w in _BACK_FIRST), _F)
_SPACES: Final = regex.compile(r"\s+")
# A purpose clause: a year after `để đạt mục tiêu ...` is the goal's horizon, not the task's deadline.
_PURPOSE: Final = regex.compile(rf"(?<![\p{{L}}])(?:{_any('purpose')})(?![\p{{L}}])", _F)
# Its words alone, for the standard library's engine on the lower-case text (_Text.low, where each letter stands as
# `regex` takes it ignoring case, and every space of `regex` is one of the standard library's): where none stands,
# _PURPOSE finds nothing (most sentences before a time have none).
_PURPOSE_WORDS: Final = re.compile("|".join(phrase_regex(w) for w in longest_first(words(_DATA, "purpose"))))


def _in_purpose(t: _Text, lo: int, hi: int) -> bool:
    """Whether _PURPOSE matches in t.s[lo:hi]: searched only where one of its words stands."""
    return _PURPOSE_WORDS.search(t.low, lo, hi) is not None and _PURPOSE.search(t.s, lo, hi) is not None
# `báo cáo định kỳ hằng năm`, `tổ chức thực hiện trong năm`: a verb of periodic work right before a recurrence or a
# loose time says when the action is done (after a noun, `ngân sách nhà nước hằng năm`, it only qualifies the noun).
_ACTION_BEFORE: Final = _Ending("periodic_verb")
# Spaces and separators between two expressions that belong together (`Hằng năm, thường xuyên`,
# `Từ quý III/2026 đến quý III/2030`).
_JOINER: Final = regex.compile(r"^[\s,]*(?:và\s*)?$", _F)
_DASH: Final = regex.compile(r"^\s*[-–]\s*$")
_CLAUSE_CLOSES: Final = regex.compile(r"\s*(?:$|[.,;:)\]\t\n|])")
_SENTENCE_CLOSES: Final = regex.compile(r"\s*(?:$|[.;)\]\t\n|])")

_RECURRENCE: Final = {"năm": "yearly", "quý": "quarterly", "quí": "quarterly", "tháng": "monthly", "tuần": "weekly"}
_ROMAN: Final = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_NUMBER_WORDS: Final = {"ba": 3, "sáu": 6, "chín": 9}
_VERBS: Final = words("action_verbs.txt")          # a title word that is also a verb (`Báo cáo`, `Hướng dẫn`)


# ---------------------------------------------------------------------------------------------------------------
# One expression as matched, before context and grouping
# ---------------------------------------------------------------------------------------------------------------

@dataclass
class _Token:
    kind: str
    start: int                   # the expression itself
    end: int
    first: str | None = None     # ISO first day of the period named
    last: str | None = None      # ISO last day of the period named
    yearless: bool = False       # `ngày 31 tháng 12`, `quý II`: the year comes from the document or a recurrence
    recurrence: str | None = None
    onward: bool = False         # `năm 2026 trở đi`: a start, no end
    ranged: bool = False         # names a span of its own (`năm 1954 - 1975`, `quý II - III/2025`)
    edge: bool = False           # `cuối năm 2025`, `đầu năm 2026`: a part of the period
    needs_context: bool = False  # bare numbers: kept only after a cue, in brackets or alone in a cell
    loose: bool = False          # `trong năm`, `cuối năm` without a year: kept only after a deadline cue or a verb
    due: bool = False            # a due day of a recurring period (`ngày 25 hằng tháng`): always the work's time
    cue_start: int = 0           # where its cue starts (== start when it has none)
    cue: str = ""                # 'strong' | 'weak' | 'from' | ''
    before: bool = False         # the cue ends in `trước`
    bracketed: bool = False
    whole_cell: bool = False
    flags: set = field(default_factory=set)   # 'target', 'qualified'


def _quarter_number(s: str) -> int:
    return _ROMAN.get(s.lower()) or int(s)


def _year_of(g: _Groups, doc_year: int | None) -> tuple[int | None, bool]:
    """The year a match's groups name (its own, `nay`/`tới` relative to the document's, or the document's) and
    whether it was left implicit."""
    if g["y"]:
        return int(g["y"]), False
    if g["rel"]:
        if doc_year is None:
            return None, True
        return doc_year + (1 if fold_tones(g["rel"].lower()) in words(_DATA, "year_next") else 0), True
    return doc_year, True


def _first_of(y: int | None, month: int) -> str | None:
    return dt.date(y, month, 1).isoformat() if y else None


def _last_of(y: int | None, month: int) -> str | None:
    return last_day(y, month) if y else None


class _Groups:
    """A match's groups by name, read when asked (not all of them, as groupdict does); None for the groups of the
    forms its pattern left out."""

    __slots__ = ("m", "names")

    def __init__(self, m: regex.Match):
        self.m, self.names = m, m.re.groupindex

    def __getitem__(self, name: str) -> Any:   # (str or None)
        return self.m.group(name) if name in self.names else None


def _token(m: regex.Match, doc_year: int | None) -> _Token | None:
    g = _Groups(m)
    kind = next(k for k in _PATTERN_KINDS[m.re] if m.group(k) is not None)
    tok = _Token(kind, m.start(), m.end())
    if g["past"]:
        return None                       # `quý I năm trước`: a period already past
    if kind == "dayrec":
        tok.recurrence, tok.due = _RECURRENCE[g["unit"].lower()], True
        return tok
    if kind == "daymonth":
        d, mo = int(g["d"]), int(g["m"])
        y, tok.yearless = _year_of(g, doc_year)
        iso = iso_date(y, mo, d) if y else None
        if not 1 <= mo <= 12 or not 1 <= d <= 31 or (y and not iso):
            return None
        tok.first = tok.last = iso
    elif kind == "dm":
        d, mo = int(g["d"]), int(g["m"])
        if not 1 <= mo <= 12 or not 1 <= d <= 31:
            return None
        tok.yearless, tok.needs_context = True, True
        tok.first = tok.last = iso_date(doc_year, mo, d) if doc_year else None
    elif kind == "quarter":
        q1 = _quarter_number(g["q"])
        q2 = _quarter_number(g["q2"]) if g["q2"] else q1
        y, tok.yearless = _year_of(g, doc_year)
        y2 = int(g["y2"]) if g["y2"] else y
        if q2 < q1 or (y and y2 < y):   # type: ignore[operator]
            return None
        tok.first, tok.last = _first_of(y, 3 * q1 - 2), _last_of(y2, 3 * q2)
        tok.ranged = q2 != q1 or y2 != y
    elif kind in ("month", "mmyyyy"):
        m1 = int(g["m"])
        m2 = int(g["m2"]) if kind == "month" and g["m2"] else m1
        if not 1 <= m1 <= m2 <= 12:
            return None
        y, tok.yearless = _year_of(g, doc_year)
        tok.first, tok.last = _first_of(y, m1), _last_of(y, m2)
        tok.needs_context, tok.ranged = kind == "mmyyyy", m2 != m1
    elif kind == "half":
        n = _NUMBER_WORDS.get((g["n"] or "").lower()) or int(g["n"] or 6)
        if not 1 <= n <= 11:
            return None
        y, tok.yearless = _year_of(g, doc_year)
        if g["side"].lower() == "đầu":   # the first n months
            tok.first, tok.last = _first_of(y, 1), _last_of(y, n)
        else:                             # the last n months
            tok.first, tok.last = _first_of(y, 13 - n), _last_of(y, 12)
        tok.edge = True
    elif kind in ("period", "yrange"):
        y1, y2 = int(g["y"]), int(g["y2"])
        if y2 < y1:
            return None
        tok.first, tok.last = f"{y1}-01-01", f"{y2}-12-31"
        tok.needs_context, tok.ranged = True, True
    elif kind in ("year", "relyear", "bareyear"):
        y, tok.yearless = _year_of(g, doc_year)
        y_end: int | None
        if kind == "year" and g["y2"]:
            if int(g["y2"]) < y:   # type: ignore[operator]
                return None
            y_end, tok.ranged = int(g["y2"]), True
        else:
            y_end = y
        # `đầu năm` is read as the first quarter, `giữa năm` as the first half (judgement calls: see the tests)
        edge = (g["edge"] or "").lower()
        end_month = {"đầu": 3, "giữa": 6}.get(edge, 12)
        tok.first, tok.last = _first_of(y, 1), _last_of(y_end, end_month)
        tok.edge = bool(edge)
        tok.needs_context = kind == "bareyear" and not g["onward"]
        tok.loose = kind == "relyear" and not g["rel"]
    elif kind == "rec":
        tok.recurrence = "continuous" if g["cont"] else _RECURRENCE[g["unit"].lower()]
    elif kind == "process":
        tok.recurrence = "continuous"
    if g["cycle"]:                        # `ngày 31 tháng 3 năm kế tiếp`: a day of every year
        tok.recurrence, tok.first, tok.last, tok.due = "yearly", None, None, True
    if g["onward"]:                       # `Năm 2021 và các năm tiếp theo`: every year from then
        tok.recurrence, tok.last = "yearly", None
    if g["from"]:                         # `năm 2026 trở đi`: from then on
        tok.onward, tok.last = True, None
    return tok


# ---------------------------------------------------------------------------------------------------------------
# The text as the context checks read it
# ---------------------------------------------------------------------------------------------------------------

class _Text:
    """A text with modern tone marks (same offsets) and its sentence and clause breaks, found once: every look-back
    below stops at the start of its sentence and goes at most _REACH characters, so the time pass is linear in the
    text's length and an item gives the same expressions inside its document as alone."""

    def __init__(self, text: str, folded: str | None = None):
        self.s = fold_tones(text) if folded is None else folded
        self._low: str | None = None
        self._starts: list[int] = []        # the sentence breaks known, in order (_cover)
        self._ends: list[int] = []
        self._cover_opens: list[int] = []   # the windows searched for them, in order, apart
        self._cover_closes: list[int] = []

    # (read when first asked, kept in plain attributes: functools.cached_property needs an instance __dict__, which
    # a class compiled by mypyc has not)
    @property
    def low(self) -> str:
        """The text in lower case, each letter as `regex` takes it ignoring case (caseless_lower), for the standard
        library's engine."""
        if self._low is None:
            self._low = caseless_lower(self.s)
        return self._low

    # The sentence breaks are found only in the windows the look-backs ask about (each reaches _REACH characters at
    # most), a quarter of a text where expressions stand in it: _cover(lo, hi) finds the breaks that start in s[lo:hi]
    # where they are not known yet. A search of _SENTENCE_BREAK from a position finds the breaks of one pass over the
    # whole text that start there or after, as long as no break of that pass runs across the position (its
    # look-behinds see the characters before it, and after a break the pass goes on from where it ended; no break is
    # empty). The windows searched (_cover_opens, _cover_closes: sorted and apart) open at such positions (_safe), so
    # a break that ends inside a window starts inside it: a look-back from inside a window knows every break it meets.

    def _safe(self, pos: int) -> int:
        """A position at or before ``pos`` that no break runs across: before the spaces there (`str.isspace`, at least
        _RX_SPACE and the line breaks, all that a break of two line breaks and the spaces between holds), and before a
        bracket among the five characters before them (a break `(iv)`, `(12)` holds no space and is at most six
        characters long; the bracket opens it, after a space)."""
        s = self.s
        while pos > 0 and s[pos - 1].isspace():
            pos -= 1
        bracket = s.rfind("(", max(pos - 5, 0), pos)
        if bracket >= 0:
            pos = bracket
            while pos > 0 and s[pos - 1].isspace():
                pos -= 1
        return pos

    def _cover(self, lo: int, hi: int) -> None:
        """Make known every break that starts in s[lo:hi] and every one that ends after ``lo``."""
        lo, hi = max(lo, 0), min(hi, len(self.s))
        if lo >= hi:
            return
        opens, closes = self._cover_opens, self._cover_closes
        i = bisect_right(opens, lo) - 1
        if i >= 0 and closes[i] >= hi:
            return                              # (most look-backs: inside a window searched already)
        # a window from the start of the one that holds lo, else from a position no break runs across
        lo = opens[i] if i >= 0 and closes[i] >= lo else self._safe(lo)
        # the parts of s[lo:hi] outside every window, each searched on its own (the breaks before it are known)
        at, k = lo, bisect_left(closes, lo)
        while at < hi:
            if k < len(opens) and opens[k] <= at:
                at = closes[k]
                k += 1
                continue
            gap_end = min(hi, opens[k]) if k < len(opens) else hi
            self._search(at, gap_end)
            at = gap_end
        # the window [lo, hi) joined with those it meets or touches
        a, b = bisect_left(closes, lo), bisect_right(opens, hi)
        if a < b:
            lo, hi = min(lo, opens[a]), max(hi, closes[b - 1])
        opens[a:b], closes[a:b] = [lo], [hi]

    def _search(self, lo: int, hi: int) -> None:
        """Record the breaks that start in s[lo:hi] (none is known): searched from a position no break runs
        across, those before lo known already."""
        starts, ends = self._starts, self._ends
        new_starts: list[int] = []
        new_ends: list[int] = []
        for m in _SENTENCE_BREAK.finditer(self.s, self._safe(lo)):
            a, b = m.span()
            if a >= hi:
                break
            if a >= lo:
                new_starts.append(a)
                new_ends.append(b)
        i = bisect_left(starts, lo)
        starts[i:i] = new_starts
        ends[i:i] = new_ends

    def sentence_start(self, pos: int) -> int:
        ends = self._ends
        for reach in (_NEAR, _REACH):
            self._cover(pos - reach, pos)
            i = bisect_right(ends, pos) - 1
            if i >= 0 and ends[i] > pos - reach:
                return ends[i]          # (every break that ends after pos - reach is known: the last is the last)
        return max(pos - _REACH, 0)

    def clause_start(self, pos: int) -> int:
        """The sentence start, or just after the last comma, colon or opening bracket before ``pos`` if later (a
        bracket that opens a sentence break, `(iv)`, is none)."""
        s, lo = self.s, max(pos - _REACH, 0)
        mark = max(s.rfind(",", lo, pos), s.rfind(":", lo, pos), s.rfind("[", lo, pos))
        bracket = s.rfind("(", lo, pos)
        while bracket > mark and self._opens_break(bracket):
            bracket = s.rfind("(", lo, bracket)
        return max(self.sentence_start(pos), mark + 1, bracket + 1)

    def _opens_break(self, at: int) -> bool:
        self._cover(at, at + 1)
        starts = self._starts
        i = bisect_left(starts, at)
        return i < len(starts) and starts[i] == at

    def sentence_end(self, pos: int) -> int:
        starts = self._starts
        for reach in (_NEAR, _REACH):
            self._cover(pos, pos + reach)
            i = bisect_left(starts, pos)
            if i < len(starts) and starts[i] < pos + reach:
                return starts[i]        # (every break that starts before pos + reach is known: the first is the first)
        return min(len(self.s), pos + _REACH)

    def has_break(self, a: int, b: int) -> bool:
        """Whether a sentence ends between a and b (searched _REACH characters at a time: a break comes soon)."""
        starts = self._starts
        reach = _NEAR
        while a < b:
            step = min(b, a + reach)
            reach = _REACH
            self._cover(a, step)
            i = bisect_left(starts, a)
            if i < len(starts) and starts[i] < step:
                return True
            a = step
        return False

    def residue(self, a: int, b: int) -> bool:
        """Whether s[a:b] holds nothing but punctuation and list markers."""
        return _CELL_RESIDUE.fullmatch(self.s, a, b) is not None

    def alone_on_line(self, a: int, b: int) -> bool:
        """Whether s[a:b] is all its line (or tab- or pipe-separated cell) holds, but punctuation and markers."""
        s = self.s
        while a > 0 and _residue_char(s[a - 1]):
            a -= 1
        if a > 0 and s[a - 1] not in _LINE_BREAKS:
            return False
        while b < len(s) and _residue_char(s[b]):
            b += 1
        return b == len(s) or s[b] in _LINE_BREAKS


def _residue_char(c: str) -> bool:
    """Punctuation, list markers and spaces, but not the breaks between lines and cells."""
    return c in _RESIDUE_CHARS or (c.isspace() and c not in _LINE_BREAKS)


def _attach_cue(tok: _Token, t: _Text) -> None:
    lo = max(t.sentence_start(tok.start), tok.start - 80)
    m = _cue_chain(t.s, lo, tok.start)
    if not m or not m.group().strip():
        tok.cue_start = tok.start
        return
    tok.cue_start = m.start()
    chain = m.group()
    if _FROM_END.search(chain):
        tok.cue = "from"
    elif _STRONG_WORD.search(chain):
        tok.cue = "strong"
    else:
        tok.cue = "weak"
    tok.before = bool(_BEFORE_END.search(chain))


# Characters no chain of cues holds: it is made of cue words (letters, as the word lists are), round numbers (digits,
# `IVX`), spaces and colons; these are ASCII punctuation but the colon, and the quotes, dashes and bullets of prose.
_NOT_IN_CHAIN: Final = re.compile(r"(?s:.*)[!-/;-@\[-`{-~\u2010-\u2027]")


def _cue_chain(s: str, lo: int, hi: int) -> regex.Match | None:
    """_CUE.search(s, lo, hi), searched only when the window may end with a chain (_may_end_a_cue) and only after
    the last character no chain holds (_NOT_IN_CHAIN): a match that began before it would hold it. (Before the
    first position searched stands that character, no letter or digit, as the look-behind of _CUE asks.)"""
    if not _may_end_a_cue(s, lo, hi):
        return None
    stop = _NOT_IN_CHAIN.match(s, lo, hi)
    return _CUE.search(s, lo if stop is None else stop.end(), hi)


def _may_end_a_cue(s: str, lo: int, hi: int) -> bool:
    """Whether s[lo:hi] may end with a chain of cues: its last word, before spaces and a colon, ends as a cue does
    (spaces as `str.isspace` finds them, at least those of `regex`)."""
    tail = s[lo:hi].rstrip()
    if tail.endswith(":"):
        tail = tail[:-1].rstrip()
    end = lo + len(tail)
    return _CUE_TAIL.search(s, max(lo, end - _CUE_TAIL_LEN), end) is not None


def _bracketed(s: str, start: int, end: int) -> bool:
    """`Xây dựng Đề án … (Quý II/2025).`: the time alone in brackets that close the item or clause (mid-sentence,
    `báo cáo đánh giá (giai đoạn 2021 - 2025) về Bộ …`, the brackets only qualify a noun)."""
    before = s[max(0, start - 12):start].rstrip()
    after = s[end:end + 12].lstrip()
    if not (before.endswith(("(", "[")) and after.startswith((")", "]"))):
        return False
    close = s.index(after[0], end)
    return bool(_CLAUSE_CLOSES.match(s, close + 1, close + 6))


def _opens(t: _Text, tok: _Token, scope_start) -> bool:
    return bool(_MARKERS_ONLY.fullmatch(t.s, scope_start(tok.cue_start), tok.cue_start))


def _names_before(t: _Text, lo: int, hi: int) -> list[regex.Match]:
    """Names of documents and plans in s[lo:hi]; a capitalised `Báo cáo`, `Hướng dẫn` opening its sentence is the
    verb of the item, not a name."""
    if not _may_hold_a_name(t.s[lo:hi]):
        return []
    out = []
    for m in _NAME_NOUN.finditer(t.s, lo, hi):
        if fold_tones(" ".join(m.group().lower().split())) in _VERBS and _MARKERS_ONLY.fullmatch(t.s, lo, m.start()):
            continue
        if _THIS.match(t.s, m.end()):
            continue   # `Nghị quyết này`, `Kế hoạch đó`: the text pointed at, not a name that runs on
        out.append(m)
    return out


def _may_hold_a_name(text: str) -> bool:
    """Whether a title (as written) or a name noun (in lower case, caseless_lower) stands in ``text``: else _NAME_NOUN
    finds nothing there."""
    return bool(_TITLE_PHRASES.search(text) or _NOUN_PHRASES.search(caseless_lower(text)))


_PERIOD_OPENS: Final = regex.compile(r"[\s\-–+•*]*(?:trong\s+)?", regex.I)
_THIS: Final = regex.compile(r"\s+(?:này|đó|nêu\s+trên|trên)(?![\p{L}])", regex.I)


def _excluded(tok: _Token, t: _Text) -> str | None:
    """Why the expression is no time of the work (None when it is one): a cited document's date, an issue or
    signing date, part of a name, an effective date, an as-of date, a baseline, a rule's period, the anchor of a
    relative time or a past event. (Which reason is given matters to no caller, only whether there is one: the
    checks that most often decide, a cited document's date and an effective date, come first.)"""
    s = t.s
    sentence_lo = t.sentence_start(tok.cue_start)
    own = s[tok.start:tok.end].lower()
    lookback = s[sentence_lo:tok.cue_start]
    if tok.cue != "strong":
        # The date of a cited document: `Nghị quyết số 01/NQ-CP ngày 08 tháng 01 năm 2025`, `Luật ... ngày ...`,
        # `Nghị quyết số 38-CP năm 1994`.
        if not tok.cue and (own.startswith(("ngày", "năm")) or tok.kind == "date") \
                and (_DOC_REFERENCE.search(" ".join(lookback.rsplit(None, 12)[-12:]))
                     or _CODE_BEFORE.search(s, max(sentence_lo, tok.start - 12), tok.start)):
            return "cited"
        # An effective date: `có hiệu lực thi hành từ ngày 01/01/2022`.
        if tok.cue in ("", "from") and _EFFECT.search(s, max(sentence_lo, tok.cue_start - 60), tok.cue_start):
            return "effect"
    if _NOT_A_DEADLINE_BEFORE.search(s, max(sentence_lo, tok.cue_start - 40), tok.cue_start):
        return "as of"
    # a label or a bracket opens a new phrase: `(+ Phê duyệt: lần 1: ...`, `Kế hoạch ... (tháng 6/2025)`
    phrase_lo = max(sentence_lo, s.rfind(":", sentence_lo, tok.cue_start) + 1,
                    s.rfind("(", sentence_lo, tok.cue_start) + 1)
    # Quoted text is a title: `“... giai đoạn 2021 - 2030”`.
    if lookback.count("“") > lookback.count("”") or lookback.count('"') % 2:
        return "quoted"
    if own.startswith("ngày") or tok.kind == "date":
        # An issue date: `Hà Nội, ngày 02 tháng 9 năm 2021` at the head of its line.
        line_lo = s.rfind("\n", max(0, tok.start - 60), tok.start) + 1
        if (line_lo or tok.start <= 60) and _PLACE_COMMA.fullmatch(s, line_lo, tok.start):
            return "issued"
        # The day of an act: `Ngày ký: 28.06.2023`, `ban hành ngày 12/3/2025`.
        if not tok.cue and _DATED_ACT.search(s, max(sentence_lo, tok.start - 20), tok.start):
            return "act"
    # The anchor of a relative time: `sau 30 ngày kể từ ngày 01/7/2025`.
    if _RELATIVE.search(s, t.clause_start(tok.cue_start), tok.start):
        return "relative"
    # The period a rule covers: `trong khoảng thời gian từ ngày 01/5/2021 đến ngày 31/3/2022`.
    # (A period that opens the clause of the work bounds it: `Hằng tháng, trong thời gian từ … đến hết …, cơ quan
    # bảo hiểm xã hội thực hiện …`.)
    if tok.cue == "from" and (period := _RULE_PERIOD.search(s, max(sentence_lo, tok.cue_start - 30), tok.cue_start)) \
            and not _PERIOD_OPENS.fullmatch(s, t.clause_start(period.start()), period.start()):
        return "period"
    if tok.cue != "strong":
        # Part of a programme's or plan's name: `Chương trình tổng thể ... giai đoạn 2021 - 2030`.
        # (An expression that opens its own clause, `Kế hoạch hành động, định kỳ hằng năm báo cáo ...`, is not;
        # nor is `đến hết năm 2025`, nor the due day of a recurrence.)
        # (the names looked for last: the other conditions are cheaper)
        if not tok.due and "hết" not in s[tok.cue_start:tok.start].lower() and not _opens(t, tok, t.clause_start) \
                and not (tok.kind == "rec" and _ACTION_BEFORE.search(s, max(phrase_lo, tok.start - 30), tok.start)):
            names = _names_before(t, phrase_lo, tok.cue_start)
            if names and len(s[names[-1].end():tok.cue_start].split()) <= 25:
                return "name"
    # A past event: `Ngày 01/01/2021, Chính phủ đã ban hành ...`, `Trong năm 2024, ... đã cắt giảm ...`,
    # `trước ngày 01 tháng 01 năm 2025 đã được ... xác định`.
    rest = s[tok.end:t.sentence_end(tok.end)].split(None, 8)        # (the first 8 words are read)
    if _PAST.search(" ".join(rest[:3])) or _goes_back(s, tok.end):
        return "past"
    # `gói thầu đã phát hành hồ sơ trước ngày 01/01/2024`: a time placing what was (or was not) done, unless an
    # obligation comes between (`các nhiệm vụ đã giao phải hoàn thành trước ngày …`)
    if _PLAIN_CUE.fullmatch(s, tok.cue_start, tok.start):
        clause = s[t.clause_start(tok.cue_start):tok.cue_start]
        state = list(_PAST.finditer(clause))
        if state and not _OBLIGATION.search(clause, state[-1].end()):
            return "past"
    if tok.cue in ("", "weak") or s[tok.cue_start:tok.start].strip().lower() in ("trong", "vào"):
        if _opens(t, tok, t.sentence_start) and _PAST.search(" ".join(rest[:8])):
            return "past"
    return None


def _goes_back(s: str, at: int) -> bool:
    """Whether `trở về trước` follows (_BACK matches at ``at``): only after the whole run of spaces, so only where
    its first word stands there."""
    spaces = _SPACES.match(s, at)
    if spaces is None or not _BACK_HEAD.match(s, spaces.end(), spaces.end() + len(_BACK_FIRST[0])):
        return False
    return _BACK.match(s, at) is not None


def _bare_stands(tok: _Token, t: _Text) -> bool:
    """Whether a bare number (`2025`, `2021 - 2025`, `6/2025`, `15/12`) or period (`giai đoạn 2021 - 2025`) is a time
    here: after a cue, in brackets, or heading its item (`Giai đoạn 2023 - 2025: …`). Alone on its line it is kept
    as a possible table cell (``whole_cell``); anywhere else it is a number, a name's period or half a document
    number."""
    if tok.kind == "dm":
        return bool(tok.cue)                                  # `15/12` only after a cue
    if tok.bracketed or (tok.cue and tok.kind != "bareyear"):
        return True
    if tok.kind == "period" and _opens(t, tok, t.clause_start) and _CLAUSE_CLOSES.match(t.s, tok.end, tok.end + 3):
        return True
    tok.whole_cell = t.alone_on_line(tok.cue_start, tok.end)
    return tok.whole_cell


def _in_aside(tok: _Token, t: _Text) -> bool:
    """Whether the expression stands inside a bracket opened earlier in its sentence, among other words."""
    lookback = t.s[t.sentence_start(tok.start):tok.start]
    return lookback.rfind("(") > lookback.rfind(")")     # (a list marker `b)` closes no bracket)


def _recurrence_counts(tok: _Token, t: _Text) -> bool:
    """Whether `hằng năm` / `thường xuyên` says how often the work is done, not what kind of thing a noun is
    (`ngân sách nhà nước hằng năm`, `các nhiệm vụ thường xuyên`, `Thường xuyên giám sát ...` as a manner adverb)."""
    s = t.s
    own = s[tok.start:tok.end].lower()
    if tok.due or "qualified" in tok.flags or own.startswith("định") \
            or _LABEL.match(s, tok.cue_start, tok.start):      # `Thời hạn: thường xuyên`
        return True
    if tok.recurrence == "continuous":
        # standing alone, as a table cell does: `Thường xuyên`, `thường xuyên, liên tục` (in a list of adjectives,
        # `hoạt động ổn định, liên tục, không gián đoạn`, it describes something); `Trong quá trình thực hiện Đề án`
        # only as a whole sentence (`Trong quá trình thực hiện, nếu có vướng mắc …` is a condition)
        closes = _SENTENCE_CLOSES if tok.kind == "process" else _CLAUSE_CLOSES
        return _opens(t, tok, t.sentence_start) and bool(closes.match(s, tok.end, tok.end + 5))
    if _opens(t, tok, t.clause_start):
        return True
    return bool(_ACTION_BEFORE.search(s, max(t.sentence_start(tok.start), tok.start - 30), tok.start))


def _loose_counts(tok: _Token, t: _Text) -> bool:
    """`trong năm`, `cuối năm` without a year are the document's year only after a deadline cue other than `trong`
    (`hoàn thành trong năm`), after an action verb (`tổ chức thực hiện trong năm`) or alone in a cell; after a noun
    (`thu nhập phát sinh trong năm`, `số dư cuối năm`) they only qualify it."""
    s = t.s
    cues = s[tok.cue_start:tok.start].split()
    if any(w.lower() != "trong" for w in cues):
        return True
    if t.alone_on_line(tok.cue_start, tok.end):
        return True
    return bool(_ACTION_BEFORE.search(s, max(t.sentence_start(tok.cue_start), tok.cue_start - 30), tok.cue_start))


# ---------------------------------------------------------------------------------------------------------------
# Tokens -> groups -> Deadline
# ---------------------------------------------------------------------------------------------------------------

def _matches(t: _Text, doc_year: int | None) -> list[_Token]:
    """Every expression the patterns find, in order, with its cue: explicit dates (find_dates) first, then the
    forms of _FORMS (_scan) that do not overlap them."""
    out: list[_Token] = []
    dated = find_dates(t.s, t.low)
    for s, e, iso in dated:
        tok = _Token("date", s, e)
        if len(iso) == 10:
            tok.first = tok.last = iso
        elif len(iso) == 7:                       # a draft's blank day: `ngày  tháng 01 năm 2025`
            y, mo = int(iso[:4]), int(iso[5:7])
            tok.first, tok.last = _first_of(y, mo), _last_of(y, mo)
        else:                                     # blank day and month: the year
            y = int(iso[:4])
            tok.first, tok.last = _first_of(y, 1), _last_of(y, 12)
        out.append(tok)
    k = 0
    for m in _scan(t.s, t.low):
        while k < len(dated) and dated[k][1] <= m.start():
            k += 1
        if k < len(dated) and dated[k][0] < m.end():
            continue                              # inside an explicit date
        read = _token(m, doc_year)
        if read:
            out.append(read)
    out.sort(key=lambda x: x.start)
    for tok in out:
        _attach_cue(tok, t)
        tok.bracketed = _bracketed(t.s, tok.cue_start, tok.end)
        if tok.before and tok.first and not (tok.ranged or tok.edge or tok.kind in ("date", "daymonth", "dm")):
            # `Trước năm 2025` → 2024-12-31: before the period named begins (a day, `trước ngày 10/12`, is kept:
            # administrative usage reads it as "by")
            tok.last = (dt.date.fromisoformat(tok.first) - dt.timedelta(days=1)).isoformat()
    return out


def _tokens(t: _Text, doc_year: int | None) -> list[_Token]:
    """The expressions that are times of work, with their context read."""
    kept: list[_Token] = []
    after_from = -1               # the end of an excluded start (`từ …`, a rule's period): its `đến …` goes with it
    prev: _Token | None = None    # the expression matched before, kept or not
    for tok in _matches(t, doc_year):
        ends_range = _TO_START.match(t.s, tok.cue_start, tok.start)
        if ends_range and after_from >= 0 and t.residue(after_from, tok.cue_start):
            after_from = -1
            continue
        after_from = -1
        if ends_range and tok.yearless and prev is not None and prev.yearless and prev.first is not None \
                and t.residue(prev.end, tok.cue_start):
            # `(Từ 01/01 đến 31/12)`, `từ ngày 01 tháng 01 đến ngày 31 tháng 12`: a span of every year, the period
            # a report or a rule covers, not a time of the work
            if kept and kept[-1] is prev:
                kept.pop()
            prev = tok
            continue
        prev = tok
        if tok.needs_context and not _bare_stands(tok, t):
            continue
        if tok.loose and not _loose_counts(tok, t):
            continue
        reason = _excluded(tok, t)
        if reason:
            after_from = tok.end if tok.cue == "from" else -1
            continue
        if tok.cue != "strong" and _in_purpose(t, t.sentence_start(tok.cue_start), tok.cue_start):
            tok.flags.add("target")
        elif not tok.cue and not tok.bracketed and _in_aside(tok, t):
            tok.flags.add("target")   # `(trong đó, năm 2021, tỉ lệ … đạt 10 - 15%)`: a detail in brackets
        kept.append(tok)

    # A recurrence next to another expression belongs with it (`Hằng năm, thường xuyên`, `Từ tháng 5/2026, thường xuyên`).
    for a, b in zip(kept, kept[1:]):
        if (a.recurrence or b.recurrence) and b.cue_start - a.end < 12 and _JOINER.match(t.s[a.end:b.cue_start]):
            a.flags.add("qualified")
            b.flags.add("qualified")
    out = []
    for x in kept:
        if x.kind in ("rec", "process") and not _recurrence_counts(x, t):
            if not t.alone_on_line(x.cue_start, x.end):
                continue
            x.whole_cell = True               # `Thường xuyên` on a line of its own: a cell of a table read as lines
        out.append(x)
    return out


def _groups(tokens: list[_Token], t: _Text) -> list[list[_Token]]:
    """Expressions that make one time: a recurrence with its start or its yearless day (`định kỳ hằng năm ... trước
    ngày 31 tháng 12`), a range `Từ quý III/2026 đến quý III/2030`. Never across the end of a sentence."""
    groups: list[list[_Token]] = []
    for tok in tokens:
        if groups and not t.has_break(groups[-1][-1].end, tok.cue_start):
            prev = groups[-1][-1]
            near = tok.cue_start - prev.end < 12
            gap = t.s[prev.end:tok.cue_start] if near else ""
            adjacent = near and bool(_JOINER.match(gap))
            has_rec = any(x.recurrence for x in groups[-1]) or tok.recurrence
            is_range = prev.cue == "from" and tok.cue in ("weak", "strong") \
                and bool(_TO_START.match(t.s, tok.cue_start, tok.start))
            # `định kỳ hằng năm báo cáo … trước ngày 31 tháng 12`: the one yearless day of a recurrence
            yearless_under_rec = (
                (tok.yearless and any(x.kind == "rec" for x in groups[-1]) and not any(x.yearless for x in groups[-1]))
                or (tok.kind == "rec" and len(groups[-1]) == 1 and prev.yearless))
            dash_range = near and bool(_DASH.match(gap))      # `Quý IV năm 2025 - Quý II năm 2026`
            if (adjacent and (has_rec or is_range)) or dash_range or yearless_under_rec:
                groups[-1].append(tok)
                continue
        groups.append([tok])
    return groups


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def _deadline(group: list[_Token], text: str, t: _Text, offset: int) -> Deadline:
    start, end = group[0].cue_start, group[-1].end
    pieces = [(group[0].cue_start, group[0].end)]
    for tok in group[1:]:
        gap = t.s[pieces[-1][1]:tok.cue_start]
        if _JOINER.match(gap) or _DASH.match(gap):
            pieces[-1] = (pieces[-1][0], tok.end)
        else:                             # words between, as the gold writes it: `định kỳ hằng năm ... trước ngày 31 tháng 12`
            pieces.append((tok.cue_start, tok.end))
    words_ = " ... ".join(_squeeze(text[a:b]) for a, b in pieces)

    periodic = [x.recurrence for x in group if x.recurrence and x.recurrence != "continuous"]
    recurrence = periodic[0] if periodic else ("continuous" if any(x.recurrence for x in group) else None)
    starts = [x.first for x in group if x.cue == "from" or x.onward or (x.recurrence and x.kind != "rec")]
    start_date = starts[0] if starts else None
    if recurrence:
        date = None                       # recurring work has no last day (unless a period bounds it: pick_deadline)
    else:
        # a start's own span counts as an end (`Từ năm 1954 - 1975`); its first day does not
        ends = [x.last for x in group if x.last and not x.onward and (x.cue != "from" or x.ranged)]
        date = max(ends) if ends else None
    return Deadline(date=date, text=words_, start=offset + start, end=offset + end, recurrence=recurrence,
                    start_date=start_date,
                    strong=any(x.cue == "strong" or x.bracketed for x in group),
                    goal=all("target" in x.flags for x in group),
                    whole_cell=any(x.whole_cell for x in group))


def find_time_expressions(text: str, doc_year: int | None = None, start: int = 0,
                          end: int | None = None, folded: str | None = None) -> list[Deadline]:
    """Every time expression of ``text[start:end]`` that says when work is due, recurs or starts, in order, with
    offsets into ``text``.

    The range is read as a text of its own (nothing outside it is looked at), and every check looks back only to
    the start of its sentence: an item gives the same expressions whether it is read alone or inside its document,
    and the pass over a whole document is linear in its length. Left out: dates of cited documents, issue and
    signing dates, periods and years that are part of a programme's or plan's name, effective dates (`có hiệu lực từ
    ngày ...`), as-of dates (`tính đến ngày ...`), baselines (`so với năm 2020`), periods a rule covers (`trong khoảng
    thời gian từ ngày … đến ngày …`), anchors of relative times (`sau 30 ngày kể từ …`) and past events (`Ngày
    01/01/2021, Chính phủ đã ban hành ...`). Years of targets are kept (``goal`` marks those of a purpose clause).
    ``doc_year`` resolves expressions without a year (`trong năm`, `trong tháng 6`, `quý II năm nay`).
    ``folded``: fold_tones(text), when the caller has it (the document's ``Text.folded``), so as not to fold again.
    """
    end = len(text) if end is None else end
    part = text[start:end] if (start, end) != (0, len(text)) else text
    t = _Text(part, None if folded is None else folded_part(part, folded, start, end))
    return [_deadline(g, part, t, start) for g in _groups(_tokens(t, doc_year), t)]


def pick_deadline(expressions: list[Deadline], text: str, start: int, end: int,
                  doc_year: int | None = None, issued: str | None = None) -> Deadline | None:
    """The time that governs the task (or table cell) at ``text[start:end]``, chosen among ``expressions`` (found
    over ``text`` or over a part holding the range) that lie inside the range; None when none does.

    In order of preference:
    1. dated expressions introduced by a cue (`hoàn thành trong`, `trước`, `chậm nhất`, `trong`, `xong`, `thời hạn`,
       `lần 2:`), standing alone in the range (a cell) or in brackets after an item; of several (`lần 1: ...; lần 2:
       ...`, one time for the ministries and another for the provinces) the latest, when the whole task is done;
    2. a recurrence (`định kỳ hằng tháng`, `Năm 2021 và các năm tiếp theo`, `Thường xuyên`): date None;
    3. the last other dated expression (`phấn đấu đến hết năm 2025`, a target's `vào năm 2025`) that is not in a
       purpose clause (`để đạt mục tiêu tới năm 2026 ...`);
    4. a start alone (`Từ năm 2026`): date None, start_date set;
    5. an expression whose year is unknown (`trong tháng 6` without ``doc_year``).
    Dates that end, and starts that begin, before ``doc_year`` are past, not deadlines; a time with no cue that ends
    before the day the document was ``issued`` names a period the work is about (`Báo cáo kết quả … 6 tháng đầu năm
    2025` in a letter of August 2025), not when it is due. A bare number (`2025`) counts only when it is all the
    range holds.
    """
    inside = [d for d in expressions if start <= d.start and d.end <= end]
    inside = [d for d in inside if not d.whole_cell
              or (_only_residue(text, start, d.start) and _only_residue(text, d.end, end))]
    if not inside:
        return None
    edges = [start] + [x for d in inside for x in (d.start, d.end)] + [end]
    in_cell = all(_only_residue(text, a, b) for a, b in zip(edges[::2], edges[1::2]))
    floor = f"{doc_year:04d}-01-01" if doc_year else None

    def current(day: str | None) -> bool:
        return day is not None and (floor is None or day >= floor)

    strong, recurring, bare, starting, unresolved = [], [], [], [], []
    for d in inside:
        if d.recurrence:
            recurring.append(d)
        elif current(d.date) and (in_cell or d.strong):
            strong.append(d)
        elif current(d.date) and not d.goal and not (issued and d.date < issued):   # type: ignore[operator]
            bare.append(d)
        elif d.date is None and d.start_date:
            if current(d.start_date):
                starting.append(d)
        elif d.date is None and not d.goal:
            unresolved.append(d)
    if strong:
        # the latest; on a tie the first written
        return max(strong, key=lambda d: (d.date, -d.start))
    if recurring:
        # recurring work within a bounded period (`Hằng tháng, trong thời gian từ … đến hết ngày 30 tháng 9 năm
        # 2022, …`) recurs until the period ends: that day is its deadline
        bounds = [d.date for d in inside if d.start_date and d.date and not d.recurrence]
        return replace(recurring[0], date=max(bounds)) if bounds else recurring[0]
    if bare:
        return bare[-1]
    if starting:
        return starting[0]
    return unresolved[0] if unresolved else None


def _only_residue(text: str, a: int, b: int) -> bool:
    return _CELL_RESIDUE.fullmatch(text, a, b) is not None


def find_deadline(text: str, doc_year: int | None = None) -> Deadline | None:
    """The time that governs a task's text or a table's deadline cell, or None: pick_deadline over the text's own
    expressions. A heading that names a period (`Giai đoạn 2023 - 2025`, `Năm 2025`, `Từ năm 2026 đến năm 2028`,
    `Đến năm 2030`) gives its end, so that the items under it can take it."""
    return pick_deadline(find_time_expressions(text, doc_year), text, 0, len(text), doc_year)


def phase(text: str, doc_year: int | None = None) -> Deadline | None:
    """The period a heading or an item's lead-in names at its head (`Giai đoạn 2023 - 2025`, `Năm 2025:`, `Trong năm
    2023 - 2024: …`, `Giai đoạn 1 từ năm 2023 đến hết năm 2025 (…)`, `Từ năm 2026 đến năm 2028`), or None when the
    text does not open with a time. Items under such a heading take its end unless they give their own date;
    a heading whose time stands inside its words (`Sơ kết … năm 2025`) names no phase."""
    found = find_time_expressions(text, doc_year)
    if not found or not _PHASE_HEAD.fullmatch(fold_tones(text[:found[0].start])):
        return None
    return pick_deadline(found[:1], text, found[0].start, found[0].end, doc_year)
