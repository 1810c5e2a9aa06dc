"""Find the documents a document cites (guide §2): type, number, ISO date, with every mention's offsets."""
from __future__ import annotations

from dataclasses import dataclass
from typing import AbstractSet, Final

import regex

from .model import Covered, Reference
from .patterns.agencies import agency_for_code
from .patterns.dates import iso_date
from .patterns.doctypes import type_from_code, type_from_number, type_name, type_of_code
from .patterns.fold import caseless_lower, match_key
from .patterns.lexicon import entries
from .patterns.references import (BARE, CODE_DIGITS, CONTINUED, CUT, DATE_AFTER, FORM_BEFORE, NAMED_LAW, NAMED_LAW_RUN,
                                   NAMED_LAW_TYPES, NOT_IN_NUMBER_RUN, NUMBER_RUN, NUMBER_START, TERM_CODE, TYPE_START,
                                   TYPE_START_LEN, TYPE_START_LOWER, TYPED, TYPED_REACH)

_HOMOGLYPHS: Final = str.maketrans(dict(e.split() for e in entries("citations.txt", "homoglyphs")))
_PLAIN_CODES: Final = frozenset(entries("citations.txt", "plain_codes"))


_LEADING_ZEROS: Final = regex.compile(r"^0+(?=\d)")
_SPACES_HYPHENS: Final = regex.compile(r"[\s\-–]+")
_SPACES: Final = regex.compile(r"\s+")
_HYPHEN_CODE: Final = regex.compile(r"-[\p{Lu}Đ]")
_LETTER: Final = regex.compile(r"\p{L}")


def number_key(number: str | None) -> str:
    """The form two spellings of one number share: no spaces or hyphens, lower case, the serial without leading zeros
    (`04/2023/NĐ-CP` and `4/2023/NĐ-CP` are one decree)."""
    return _LEADING_ZEROS.sub("", _SPACES_HYPHENS.sub("", match_key(number or "")))


def clean_number(raw: str) -> str:
    """A number as printed, spaces removed, letters of another script read as the Latin ones they show, and a footnote
    marker glued to its last code dropped (`140/NQ-CP2` → `140/NQ-CP`, `74/2014/QH131` → `74/2014/QH13`)."""
    number = _SPACES.sub("", raw).replace("–", "-").strip(".,;:-/").translate(_HOMOGLYPHS)
    cut = max(number.rfind("/"), number.rfind("-")) + 1
    last = number[cut:]
    term = TERM_CODE.match(last)
    if term:
        return number[:cut] + term["code"]
    m = CODE_DIGITS.match(last)
    if m and cut and (m["code"] in _PLAIN_CODES or agency_for_code(m["code"]) or type_from_code(m["code"])):
        return number[:cut] + m["code"]
    return number


def _kind(type_words: str | None, number: str) -> str | None:
    """The kind of a cited document: the one its number's code names (`374/BC-BCT` is a Báo cáo even in `các Tờ trình
    số …`; `Thông tư số 191/2005/TTLT-…` is a Thông tư liên tịch), else the one the words name; `văn bản` with a letter's
    number (`6866/VPCP-KSTT`) is a Công văn."""
    from_number = type_from_number(number)
    coded = type_of_code(number)
    if not type_words:
        return from_number
    key = match_key(type_words)
    if key in ("văn bản", "văn bản thông báo", "công văn", "cv"):
        return "Công văn" if from_number in (None, "Công văn") else from_number
    if type_words.isupper() and len(type_words) <= 3:
        return coded or type_from_code(type_words) or from_number
    return coded or type_name(" ".join(type_words.split())) or from_number


def _date_after(text: str, pos: int) -> tuple[str | None, int]:
    """The date written right after a number, and where it ends."""
    m = DATE_AFTER.match(text, pos, pos + 60)
    if not m:
        return None, pos
    if m["y"]:
        return iso_date(m["y"], m["m"], m["d"]), m.end()
    return iso_date(m["y2"], m["m2"], m["d2"]), m.end()


def _type_start(text: str, low: str, base: int, pos: int, endpos: int) -> int:
    """Where TYPE_START.search(text, pos, endpos) finds its match, or -1: the first place where one of its words in
    lower case stands in ``low`` (caseless_lower(text[base:])) and TYPE_START matches (the `regex` module would try
    its words ignoring case at every position)."""
    while True:
        found = TYPE_START_LOWER.search(low, pos - base, endpos - base)
        if found is None:
            return -1
        at = found.start() + base
        if TYPE_START.match(text, at, endpos) is not None:
            return at
        pos = at + 1


def _number_starts(text: str, start: int, end: int) -> list[int]:
    """Where the matches of NUMBER_START in text[start:end] begin, as its finditer finds them, looked for only before
    a slash or a hyphen (found by str.find) that a character of a match stands before: in the run of such characters
    that ends there (NUMBER_RUN), the one match the run may hold (it ends at that slash or hyphen, which no other
    match holds)."""
    seps: list[int] = []
    for ch in "/-":
        q = text.find(ch, start, end)
        while q >= 0:
            seps.append(q)
            q = text.find(ch, q + 1, end)
    seps.sort()
    out: list[int] = []
    lo = start   # (where the run before the next slash or hyphen may begin: past the one before it)
    back, search, not_in = NUMBER_RUN.search, NUMBER_START.search, NOT_IN_NUMBER_RUN
    for q in seps:
        if q > lo and text[q - 1] not in not_in:
            other = back(text, lo, q)
            m = search(text, other.end() if other is not None else lo, q + 1)
            if m is not None:
                out.append(m.start())
        lo = q + 1
    return out


def _typed(text: str, start: int, end: int, numbers: list[int]):
    """The matches of TYPED in text[start:end], as its finditer gives them, but scanned only within reach of a
    number (the engine tests the many type words at every position otherwise; ``numbers``: where NUMBER_START's
    matches begin). A citation ends well within 2 × TYPED_REACH of where its number begins."""
    done = start
    windows: list[list[int]] = []
    for n in numbers:
        ws, we = max(start, n - TYPED_REACH), n + 1
        if windows and ws <= windows[-1][1]:
            windows[-1][1] = we
        else:
            windows.append([ws, we])
    for ws, we in windows:
        # TYPED's finditer over the window, tried only where a type word begins (it has no look-behind, so a match
        # tried at a position is the one the scan finds there)
        pos, stop = max(ws, done), min(end, we + 2 * TYPED_REACH)
        reach = min(stop, we + TYPE_START_LEN)
        # the lower case of the part the type words are looked for in, not of the whole text: a piece lowers as the
        # whole does there, but for a capital sigma, which lowers by its neighbours, and no type word holds a sigma
        base = pos
        low = caseless_lower(text[base:reach])
        while 0 <= (s := _type_start(text, low, base, pos, reach)) < we:
            m = TYPED.match(text, s, stop)
            if m:
                done = pos = m.end()
                yield m
            else:
                pos = s + 1


def _named_laws(text: str, start: int, end: int, numbers: list[int]) -> list[regex.Match]:
    """The matches of NAMED_LAW in text[start:end], as its finditer gives them, tried only at its type words in the
    run of characters a match may hold before its number that ends at a number's first digit (``numbers``: where
    NUMBER_START's matches begin, among them every digit a number of NAMED_LAW begins at). The runs are disjoint:
    each is read once, backwards from its digit."""
    out: list[regex.Match] = []
    pos = start
    back, types, match = NAMED_LAW_RUN.search, NAMED_LAW_TYPES.finditer, NAMED_LAW.match
    for n in numbers:
        if n < pos:
            continue
        other = back(text, pos, n)
        for t in types(text, other.end() if other is not None else pos, n):
            m = match(text, t.start(), end)
            if m is not None:
                out.append(m)
                pos = m.end()   # (past n: the number it ends with is this one's)
                break
    return out


def _bare(text: str, end: int, numbers: list[int]):
    """The matches of BARE in text[start:end], as its finditer gives them, tried only where NUMBER_START's matches
    begin: a BARE number begins one (a digit after no letter, digit, `/`, `.` or `-`, which no match of
    NUMBER_START goes on through)."""
    done = 0
    for n in numbers:
        if n >= done:
            m = BARE.match(text, n, end)
            if m:
                done = m.end()
                yield m


def _numbers_a_document(number: str) -> bool:
    """A slash or a code after a hyphen (`38-CP`), and letters: figures alone (`08/02/2019`) are a date."""
    return ("/" in number or bool(_HYPHEN_CODE.search(number))) and bool(_LETTER.search(number))


@dataclass
class _Mention:
    ref: Reference
    cut: bool   # the number stops at a hyphen or slash that ends the line: its end was lost (a page break)


def _mention(text: str, kind: str | None, number: str, date: str | None, start: int, end: int, number_end: int):
    return _Mention(Reference(kind, number, date, text[start:end], start, end), bool(CUT.match(text, number_end)))


def find_references(text: str, start: int = 0, end: int | None = None,
                    exclude: AbstractSet[str] = frozenset()) -> list[Reference]:
    """References cited in text[start:end], one per document (first mention), dates filled from any mention.

    ``text`` should be tone-folded (``Text.folded``) so `Nghị quyết`/`Nghị Quyết` and old tone marks match alike.
    ``exclude`` holds number keys of the document itself and of the document it is attached to.
    """
    end = len(text) if end is None else end
    found: list[_Mention] = []
    taken: list[tuple[int, int]] = []
    numbers = _number_starts(text, start, end)
    for m in _typed(text, start, end, numbers):
        number = clean_number(m["number"])
        if not _numbers_a_document(number):
            continue
        date, pos = _date_after(text, m.end())
        found.append(_mention(text, _kind(m["type"], number), number, date, m.start(), m.end(), m.end("number")))
        taken.append((m.start("number"), m.end()))
        while (c := CONTINUED.match(text, pos, end)) and "/" in c["number"] and _numbers_a_document(c["number"]):
            number = clean_number(c["number"])
            date, pos = _date_after(text, c.end())
            found.append(_mention(text, _kind(m["type"], number), number, date, c.start("number"), c.end(), c.end()))
            taken.append((c.start("number"), c.end()))
    covered = Covered(taken)
    for m in _named_laws(text, start, end, numbers):
        if covered(m.start("number")):
            continue
        number = clean_number(m["number"])
        date, _ = _date_after(text, m.end())
        kind = "Bộ luật" if m["type"].lower().startswith("bộ") else type_name(" ".join(m["type"].split())) or "Luật"
        found.append(_mention(text, kind, number, date, m.start(), m.end(), m.end()))
        taken.append((m.start("number"), m.end()))
    covered = Covered(taken)
    for m in _bare(text, end, numbers):
        if covered(m.start()) or FORM_BEFORE.search(text, max(start, m.start() - 12), m.start()):
            continue
        number = clean_number(m["number"])
        found.append(_mention(text, type_from_number(number), number, _date_after(text, m.end())[0], m.start(), m.end(),
                              m.end()))
    return _merge(found, exclude)


def _merge(found: list[_Mention], exclude: AbstractSet[str]) -> list[Reference]:
    """One reference per cited document: the first mention, the date of any mention, the spelling printed most often
    (on a tie the zero-padded serial: `04/2023/NĐ-CP`). A number whose end a page break cut off (`42/2015/TT-`) is
    the full number it begins, when the document prints that; else it is left out."""
    found.sort(key=lambda x: x.ref.start)
    # each group's mentions, and the spellings of those whose number is the group's (a number's key read once)
    groups: dict[tuple[str, str], tuple[list[Reference], list[str]]] = {}
    for x in found:
        if not x.cut:
            refs, spellings = groups.setdefault((x.ref.type or "", number_key(x.ref.number)), ([], []))
            refs.append(x.ref)
            spellings.append(x.ref.number)   # type: ignore[arg-type]  # (a mention has its number)
    for x in found:
        if x.cut:
            key = number_key(x.ref.number)
            full = next((k for k in groups if k[1].startswith(key) and k[1] != key), None)
            if full:
                groups[full][0].append(x.ref)    # (a cut number's key is not the group's: not a spelling of it)
    out = []
    for (_, key), (refs, spellings) in groups.items():
        if key in exclude:
            continue
        first = min(refs, key=lambda r: r.start)
        first.number = max(dict.fromkeys(spellings), key=lambda n: (spellings.count(n), len(n)))
        first.date = first.date or next((r.date for r in sorted(refs, key=lambda r: r.start) if r.date), None)
        out.append(first)
    return sorted(out, key=lambda r: r.start)
