"""Tables a PDF text layer cut into one fragment per line, read column by column (gazette text): the header's labels give the columns and their roles, and each row's fragments go under its columns by their shape and continuity."""
from __future__ import annotations

import functools
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Final, TypeAlias

import regex

from ..lines import Line, LineIndex, fold_ws, lines_of
from ..model import Table, TableRow
from ..patterns import lexicon
from ..patterns.fold import fold_tones, match_key
from ..patterns.header import ATTACHED, QUOC_HIEU, RECIPIENTS, UPPER_LINE
from ..patterns.markers import match_marker
from .tables import (COLUMNS, STARTS_UPPER, WORD, acronym_first, add_row, agency_like, agency_openings, describe,
                     group_line, label_role, labels_of, may_go_on_name, name_goes_on, openings, opens_with, phrases,
                     rest_of_row, runs_on, settle)

_V: Final = regex.V1
# A row's number, alone or with the first words of its first cell (`1`, `2.`, `10.  Xây dựng Luật …`, `1.2`)
NUMBER_LINE: Final = regex.compile(r"^(?P<n>\d{1,3}(?:\.\d{1,2}){0,2})\s*\.?(?:\s+(?P<rest>\S.*))?$", _V)
_HEADING: Final = regex.compile(r"^(?:\d{1,2}|[a-zđ])[.)]\s+\p{Lu}", _V)   # `2. Tổ chức thực hiện`, `b) Các sở …`
_CUT_WORD: Final = regex.compile(r"\w-$")       # `NĐ-` / `CP`: a word cut after its hyphen
_WORD_START: Final = regex.compile(r"\w")
PAGE_NUMBER: Final = regex.compile(r"^\d{1,4}(?:\s+\d{1,4})*$")
# A marker printed alone on its line: a group row's (`II` / `Thu, chi trong năm`) or a column's index (`A`, `(3)`)
BARE_MARK: Final = regex.compile(r"^\(?(?:[IVXLC]{1,6}|[A-ZĐ]|\d{1,2})\)?\.?$", _V)
_ROMAN_OR_LETTER: Final = regex.compile(r"^(?:[IVXLC]{1,6}|[A-ZĐ])\.?$", _V)
_BARE_MAX: Final = 9   # the longest line either matches: `(` six numerals `)` `.` (a stripped line: $ is its end)
STARTS_LOWER: Final = regex.compile(r"^[\"“]*\p{Ll}|^[IVX]+/\d", _V)   # `III/2026` goes on from `Từ quý`
_DATE: Final = regex.compile(r"^(?:\d{1,2}/)?\d{1,2}/(?:19|20)\d{2}|^(?:19|20)\d{2}\b")
_LABEL_MAX: Final = 50     # a header label's line is as narrow as its column
_CELL_LINES: Final = 40    # the most lines one cell is read over
_PROSE: Final = 0.75       # a line this share of the page wide or more is prose (or a group row), not a cell


# --- lines of the text layer: structure ---------------------------------------------------------------------

@functools.cache
def _ends() -> regex.Pattern:
    return regex.compile(lexicon.alternation(COLUMNS, "table_ends"), regex.I | regex.V1)


def end_line(s: str) -> bool:
    """A heading after which a table has ended: the next appendix (its `(Kèm theo …)` line too), form, chapter or
    article, a document's national motto, the recipients."""
    first = s[:1]
    if first.isascii() and first.isalnum() and first.lower() not in _end_first():
        return False    # (an ASCII letter or digit none of the headings opens with: see _end_first)
    got = match_marker(s) if s and s[0] in _CHAPTER_OR_ARTICLE else None
    return got is not None and got[0] in ("chapter", "article") or bool(RECIPIENTS.match(s) or QUOC_HIEU.match(s)) \
        or bool(_ends().match(fold_tones(s))) or s.startswith("(") and bool(ATTACHED.search(s))


_CHAPTER_OR_ARTICLE: Final = "CĐ"    # what a chapter's or an article's marker opens with (`Chương`, `Điều`)
# what the recipients (`Nơi nhận:`) and the national motto (`CỘNG HÒA XÃ HỘI …`) open with, in lower case
_RECIPIENTS_OR_MOTTO: Final = "nc"


@functools.cache
def _end_first() -> frozenset[str]:
    """The lower case of the first characters an `end_line` may open with, among ASCII letters and digits: those of
    a chapter's or an article's marker, of the recipients and the motto, of the data file's endings (matched
    case-insensitive: an ASCII letter matches only itself in either case), and `o`, `u` (tone folding may turn the
    first `o` of `oà …` into `ò`). An ASCII line opening with any other letter or a digit is no such heading
    (`RECIPIENTS` allows spaces before `Nơi`: a space is no letter or digit, it passes)."""
    endings = lexicon.entries(COLUMNS, "table_ends")
    return frozenset(_CHAPTER_OR_ARTICLE.lower() + _RECIPIENTS_OR_MOTTO + "ou"
                     + "".join(fold_tones(e.lower())[:1] for e in endings))
_ITEM_FIRST: Final = "(-–—+•●▪◦❖➢►✓*"   # what a list point's marker opens with (markers: paren … bullet)


def list_item(s: str) -> str | None:
    """The label of a list point opening a fragment: `1` for `(1) Bộ Tư pháp`, `-` for `- Hết hiệu lực …`."""
    got = s and s[0] in _ITEM_FIRST and match_marker(s)
    if not got or got[0] not in ("paren", "roman_paren", "dash", "plus", "bullet"):
        return None
    return got[1] if got[0] in ("paren", "roman_paren") else "-"


@functools.cache
def _numeric() -> regex.Pattern:
    return regex.compile(r"^(?:[≥≤<>~]|" + lexicon.alternation(COLUMNS, "value_openings") + r")?\s*[\d.,]+",
                         regex.I | regex.V1)


def numeric(s: str) -> bool:
    """A value cell's opening: a figure, maybe after `tối thiểu`, `≥`, `khoảng` …"""
    return bool(_numeric().match(fold_tones(s)))


# --- shapes of a fragment: words the data lists and the gazetteer know ----------------------------------------

def _dated(text: str) -> bool:
    """Whether a text opens with a date or a year (`_DATE`). Both open with a digit: an ASCII character that is none
    opens neither, without asking the pattern (past ASCII, the regex module knows digits str.isdigit does not)."""
    c = text[:1]
    return not (c.isascii() and not c.isdigit()) and _DATE.match(text) is not None


def _starts_lower(text: str) -> bool:
    """Whether a text opens in lower case (`STARTS_LOWER`): with a quote, a lower-case letter or I, V, X; an ASCII
    character that is none of them opens no such text, without asking the pattern (on ASCII, \\p{Ll} is a-z)."""
    c = text[:1]
    return not (c.isascii() and c and not (c.islower() or c in _LOWER_FIRST)) and STARTS_LOWER.match(text) is not None


_LOWER_FIRST: Final = "\"IVX"   # the ASCII characters but a-z STARTS_LOWER may open with


def time_like(text: str) -> bool:
    """Whether a fragment opens a cell giving a time: `Quý IV/2023`, `Thường xuyên`, `Trước năm 2025`, `31/12/2025`."""
    return _dated(text) or STARTS_UPPER.match(text) is not None and opens_with(
        text, phrases(COLUMNS, "time_cues"))


@functools.cache
def _result_openings() -> frozenset[str]:
    return phrases(COLUMNS, "result_heads") | frozenset(match_key(r["name"]) for r in lexicon.table("doc_types.csv"))


@functools.cache
def _named_openings() -> frozenset[str]:
    return agency_openings() | _result_openings()


_TIME, _AGENCY, _VERB, _RESULT = 1, 2, 4, 8


@functools.cache
def _opening_kinds() -> dict[str, int]:
    """Which of the lists `Frag.shape` reads each opening (first words, in match form) is in: the time cues, the
    openings of agencies, the verbs of work, the openings of products (a bit each)."""
    kinds: dict[str, int] = {}
    for bit, listed in ((_TIME, phrases(COLUMNS, "time_cues")), (_AGENCY, agency_openings()),
                        (_VERB, lexicon.words("action_verbs.txt")), (_RESULT, _result_openings())):
        for opening in listed:
            kinds[opening] = kinds.get(opening, 0) | bit
    return kinds


@functools.cache
def _opening_firsts() -> frozenset[str]:
    """The first words of the openings `_opening_kinds` knows: a text whose first word (in match form) is none of
    them opens none of the lists."""
    return frozenset(opening.split()[0] for opening in _opening_kinds() if opening.split())


def result_like(text: str) -> bool:
    """Whether a fragment opens a cell naming a product: a kind of document or a product (`Nghị quyết của Chính
    phủ`, `Văn bản chỉ đạo`, `Các hoạt động …`)."""
    return STARTS_UPPER.match(text) is not None and opens_with(text, _result_openings())


def unit_like(text: str) -> bool:
    """Whether a fragment is a unit of measure: a few words in lower case (`tỷ đồng`, `hồ sơ`), a sign (`%`), a
    unit written in capitals (`USD`)."""
    text = text.strip()
    return len(text) <= 16 and not any(map(str.isdigit, text)) and (
        not text[:1].isalpha() or text[:1].islower() or text in lexicon.entries(COLUMNS, "bracket_units"))


def verb_like(text: str) -> bool:
    """Whether a fragment opens with a verb of work (`Xây dựng …`, `Tham mưu …`, `Rà soát, …`): a task's first words."""
    return opens_with(text, lexicon.words("action_verbs.txt"))


# --- reading the text layer ----------------------------------------------------------------------------------

@dataclass(init=False)
class Frag:
    """One fragment of a cell: a line of the text layer, or a piece of one that holds two cells."""

    text: str
    start: int
    end: int
    glued: bool = False      # on the same printed line as the fragment before it
    after_break: bool = False  # the first fragment after a page break (a repeated header)
    line: int = 0            # the length of the printed line it is a piece of

    # (the dataclass's own __init__, then __post_init__, with the same arguments: written out, mypyc compiles it,
    # where it runs the one dataclass generates as Python)
    def __init__(self, text: str, start: int, end: int, glued: bool = False, after_break: bool = False,
                 line: int = 0):
        self.text = text
        self.start = start
        self.end = end
        self.glued = glued
        self.after_break = after_break
        self.line = line
        self.lower = _starts_lower(self.text)
        self.item = list_item(self.text)
        self.runs = runs_on(self.text)
        words = self.text.split(None, 1)   # (its first word and the rest)
        self.first_word = len(words[0]) if words else 0
        self._unit: bool | None = None
        # its shape (time, agency, verb, result) is read once its neighbours are known (_read_context)

    def shape(self, head: str) -> None:
        """What the cell opening here looks like, read on its first words (``head``: this fragment and, when it
        holds one or two words, the next ones: `Các` / `bộ ở` is agencies, `Kế` / `hoạch` a product)."""
        # time_like, agency_like, verb_like, result_like on the same first words, read once: what lists they open
        kinds = _opening_kinds()
        got = 0
        first = WORD.search(head[:_HEAD])   # (the first of `openings`: a word's match form is one word, an
        word = first and first.group()      # ASCII word's its lower case)
        if word and (word.lower() if word.isascii() else match_key(word)) in _opening_firsts():
            for opening in openings(head):
                got |= kinds.get(opening, 0)
        upper = STARTS_UPPER.match(head) is not None
        self.time = _dated(head) or upper and bool(got & _TIME)
        marker = head.startswith("(") and match_marker(head)   # (a point's marker: `(1)`)
        if marker and marker[0] == "paren":
            self.agency = agency_like(head)
        else:
            # (an acronym is a first word of two capitals or more: one the first 80 characters hold whole, short of
            # a `/` at their end that may go on, is the first word acronym_first reads)
            self.agency = upper and (bool(got & _AGENCY) or (
                acronym_first(head) if not word or first.end() >= _HEAD - 1 or len(word) >= 2 and word.isupper()
                else False))
        self.verb = bool(got & _VERB)
        self.result = upper and bool(got & _RESULT)

    @property
    def unit(self) -> bool:
        """Whether it is a unit of measure (`unit_like`), read the first time a column or a wrapped line asks (kept in
        a plain attribute: see deadlines._Text)."""
        if self._unit is None:
            self._unit = unit_like(self.text)
        return self._unit


def _read_context(frags: list[Frag]) -> None:
    """What a fragment's neighbours tell: its shape, that of one of one or two words read on its first three words
    and more."""
    for i, f in enumerate(frags):
        words = f.text.split(None, 2)   # (all its words when it has fewer than three: only then are they read)
        k = i + 1
        while len(words) < 3 and k < len(frags):
            words += frags[k].text.split()
            k += 1
        f.shape(" ".join(words) if k > i + 1 else f.text)


@dataclass
class Marker:
    """A row's number, with the line it was printed on."""

    number: str
    start: int
    end: int


@dataclass
class Group:
    """A group row (`I. Hoàn thiện thể chế …`): the context of the rows under it."""

    text: str
    start: int
    end: int


@dataclass
class RawRow:
    """A row as read: its cells' fragments by column, its number if printed, whether a page break came before it."""

    cells: dict[int, list[Frag]] = field(default_factory=dict)
    number: Marker | None = None
    group: str | None = None
    after_break: bool = False

    def first(self) -> int:
        return min(self.cells) if self.cells else 0


@functools.cache
def _head_cue() -> re.Pattern:
    """What the first word of a line opening a header holds (``re``: spaces as ``str.split`` takes them): `tt`
    within its first six characters, as every number label of the data file short enough for a first word does
    (`STT`, `TT`, `Số-TT`; not `Số thứ tự`, seven letters); a line without it is no header's first line."""
    if all("tt" in lab or sum(ch.isalpha() for ch in lab) > 6 for lab in labels_of("number")):
        return re.compile(r"^[^\S\n]*\S{0,4}[tT]{2}", re.MULTILINE)
    return re.compile(r"^", re.MULTILINE)


# `tt` in any case, as [tT][tT] finds it: each of its letters matches t and T and nothing else (simple case folding
# only, V0 without FULLCASE: no character folds to a t but T), so the leftmost matches are the same; `regex` finds a
# literal ignoring case with a fast search, where `re` tries the class [tT] at every character (3× slower)
_TT: Final = regex.compile(r"tt", regex.I | regex.V0)
_HEAD_CUE_AT: Final = re.compile(r"[^\S\n]*\S{0,4}[tT]{2}")   # _head_cue without its `^`, matched at a line's start


def _head_starts(text: str, start: int, end: int) -> list[int]:
    """Where the lines of text[start:end] that `_head_cue` lets through begin (as its matches in the slice would):
    a line it lets through holds `tt` in some case, so only the lines of the `tt`s found are read."""
    if _head_cue().pattern == "^":
        return list(_line_starts(text, start, end))
    out: list[int] = []
    last = -1
    for m in _TT.finditer(text, start, end):
        line = max(start, text.rfind("\n", start, m.start()) + 1)
        if line != last:
            last = line
            if _HEAD_CUE_AT.match(text, line, end):
                out.append(line)
    return out


def _line_starts(text: str, start: int, end: int):
    yield start
    at = text.find("\n", start, end)
    while at >= 0:
        yield at + 1
        at = text.find("\n", at + 1, end)


def _header_at(lines: list[Line], i: int) -> tuple[list[str], int] | None:
    """Column labels of a header printed one fragment a line from lines[i] (`STT` / `Tên nhiệm vụ` / `Cơ quan` /
    `chủ trì` …): a line that starts with a number label, then labels, a label going on in lower case. The header
    ends at a row's number, a group row, a line too wide for a label, or words that name no column and open
    like a cell (a verb, a long line) once the labels named some columns. Three labels at least, one of a known
    role besides the number."""
    if not _head_cue().match(lines[i].text):
        return None
    words = lines[i].text.split()
    if not words or len(words[0]) > 6 or label_role(words[0]) != "number":
        return None
    labels = [words[0]] + ([" ".join(words[1:])] if len(words) > 1 else [])
    # each label's role, read once (as each is added or goes on; label_role reads a label's text only)
    roles = ["number"] + [label_role(x) for x in labels[1:]]
    named = sum(1 for r in roles[1:] if r)   # the labels after the number's that name a column
    j = i + 1
    while j < len(lines) and len(labels) < 16:
        s = lines[j].text.strip()
        if not s:
            j += 1
            continue
        if len(s) > _LABEL_MAX or NUMBER_LINE.match(s) or group_line(s) or BARE_MARK.match(s):
            break
        if STARTS_UPPER.match(s) and not (len(labels) > 1 and runs_on(labels[-1])):
            role = label_role(s)
            if named >= 2 and not role and (verb_like(s) or len(s) > 30):
                break
            labels.append(s)
            roles.append(role)
            named += bool(role)
        elif len(labels) > 1:
            named -= bool(roles[-1])
            labels[-1] = labels[-1] + " " + s
            roles[-1] = label_role(labels[-1])
            named += bool(roles[-1])
        else:
            break
        j += 1
    folded = [fold_ws(x) for x in labels]
    # (a label its folding leaves as it was keeps the role read)
    if len(folded) < 3 or not any((roles[n] if folded[n] == labels[n] else label_role(folded[n])) not in (None, "other")
                                  for n in range(1, len(folded))):
        return None
    return folded, j


_FOLDED_FIRST: Final = "oOuU"   # the first letters of the old tone pairs `fold_tones` moves a tone onto (`oà`, `uỷ`)


def _repeated_header(lines: list[Line], k: int, want: list[str], text: str) -> int | None:
    """Where the table's header, printed again at lines[k] after a page break, ends; None if it is not there. Its
    lines are read word for word against the labels' words ``want`` (the first words of a cut row may follow on the
    last line; ``text``: lines[k] stripped)."""
    a, b = text[:1], text[1:2]
    if a.isascii() and a.lower() != want[0][:1] and (b.isascii() or b.isalpha() and a not in _FOLDED_FIRST):
        return None     # (the match form of a first word opening with an ASCII character opens with its lower case
        #                 unless a combining mark follows it, no letter, or a tone that moves onto an o or a u: `oà`)
    first = lines[k].text.split(None, 1)[0]
    if (first.lower() if first.isascii() else match_key(first)) != want[0]:
        return None     # (the match form of a line's first word is the first word of the line's match form; an
        #                 ASCII word's is its lower case)
    got: list[str] = []
    while k < len(lines) and len(got) < len(want):
        got.extend(match_key(lines[k].text).split())
        k += 1
    return k if got == want else None


def _page_width(lines: list[Line]) -> int:
    """How many characters a full line of the page holds: the 98th percentile of the line lengths (a document of
    tables has few lines of prose, yet some)."""
    lengths = list(filter(None, map(len, map(str.strip, map(itemgetter(2), lines)))))   # Line.text, stripped
    if not lengths:
        return 80
    # sorted(lengths)[k], counted instead of sorted: the least length that more than k lines are no longer than (a
    # document's lines are many, their lengths few)
    k = int(len(lengths) * 0.98)
    counts = Counter(lengths)
    for length in sorted(counts):
        k -= counts[length]
        if k < 0:
            return length
    return lengths[-1]   # (never: k < len(lengths))


def find_fragment_tables(text: str, start: int = 0, end: int | None = None,
                         index: LineIndex | None = None) -> list[Table]:
    """Every table in text[start:end] whose header and cells the text layer printed one fragment a line (``index``:
    the text's lines)."""
    end = len(text) if end is None else end
    heads = _head_starts(text, start, end)   # the lines a header may open
    if not heads:
        return []
    lines = lines_of(text, start, end, index)
    starts = list(map(itemgetter(0), lines))   # Line.start
    width = None
    tables: list[Table] = []
    i = 0
    head_set = set(heads)
    for pos in heads:
        h = bisect_left(starts, pos)
        got = h >= i and _header_at(lines, h)
        if not got:
            continue
        labels, j = got
        width = _page_width(lines) if width is None else width
        table, i = _read(lines, labels, h, j, width, head_set)
        if table.rows:
            tables.append(table)
    return tables


def _without_running_titles(items: list, above_headers: list[int]) -> list:
    """The items without the running title printed above the header on each page (`Danh mục VBQPPL còn hiệu
    lực`), a line standing above the repeated header on most pages, twice at least; and without the page numbers
    printed just above such a title."""
    keys = [match_key(items[i].text) for i in above_headers]
    drop = {i for i, k in zip(above_headers, keys) if keys.count(k) >= max(2, 0.8 * len(keys))}
    for i in sorted(drop):
        j = i - 1
        while j >= 0 and isinstance(items[j], Frag) and PAGE_NUMBER.match(items[j].text):
            drop.add(j)
            j -= 1
    return [it for i, it in enumerate(items) if i not in drop]


def _read(lines: list[Line], labels: list[str], header_start: int, j: int, width: int,
          heads: set[int]) -> tuple[Table, int]:
    """The table whose header ends at lines[j]: its body read item by item (fragments, numbers, group rows, page
    breaks), then its rows rebuilt (``heads``: where the lines `_head_cue` lets through begin, `_head_starts`)."""
    items: list = []
    above_headers: list[int] = []   # where in items the line above each repeated header stands
    expected = 1
    k = j
    brk = False
    cells_read, widest = 0, float("inf")   # lines read into cells; the widest once a few were read
    want = match_key(" ".join(labels)).split()
    while k < len(lines):
        ln = lines[k]
        s = ln.text.strip()
        if not s:
            k += 1
            continue
        again = _repeated_header(lines, k, want, s)
        if again is not None:
            while items and isinstance(items[-1], Frag) and PAGE_NUMBER.match(items[-1].text):
                items.pop()        # the page number above the repeated header
            if items and isinstance(items[-1], Frag):
                above_headers.append(len(items) - 1)   # a running title, maybe, with the page number above it
            k = again
            brk = True
            continue
        if ln.start in heads and _header_at(lines, k):   # (_head_cue lets the line through)
            break                  # another table begins
        if end_line(s):
            while items and isinstance(items[-1], Frag) and UPPER_LINE.match(items[-1].text):
                items.pop()        # the title of what follows (`CẮT GIẢM, PHÂN CẤP …`) printed above the end
            break
        if _prose(s, width, widest) and _prose(_next_line(lines, k + 1), width, widest):
            break                  # prose: two lines as wide as the page, wider than any cell before them
        # (a row's number opens with a digit: an ASCII character that is none opens no number; past ASCII, the
        # regex module knows digits str.isdigit does not)
        number = None if s[0].isascii() and not s[0].isdigit() else NUMBER_LINE.match(s)
        if number and _is_next(number["n"], expected, items):
            items.append(Marker(number["n"] + ("." if s[len(number["n"]):].lstrip().startswith(".") else ""),
                                ln.start + ln.text.index(s), ln.start + ln.text.index(s) + len(number["n"])))
            expected = int(number["n"].split(".")[0]) + 1
            brk = False            # a numbered row after a page break is a row of its own, not the rest of one
            if number["rest"]:
                off = ln.start + ln.text.index(s) + number.start("rest")
                items.extend(_pieces(number["rest"], off, brk))
            k += 1
            continue
        if len(s) <= _BARE_MAX and BARE_MARK.match(s):
            index = _index_row(lines, k)
            if index > k:          # the columns' index printed under the header (`A`, `B`, `1`, `2`, `3` …)
                k = index
                continue
        if group_line(s) or len(s) <= _BARE_MAX and _ROMAN_OR_LETTER.match(s):
            group, k = _group_row(lines, k, width)
            items.append(group)
            continue
        off = ln.start + ln.text.index(s)
        items.extend(_pieces(s, off, brk))
        cells_read += 1
        if cells_read == 3:
            widest = 0.0
        if cells_read >= 3:
            widest = max(widest, len(s))
        brk = False
        k += 1
    items = _without_running_titles(items, above_headers)
    while items and not isinstance(items[-1], (Frag, Marker)):
        items.pop()                # a heading after the table is not its group row
    while items and isinstance(items[-1], Frag) and _heading_after(items):
        items.pop()
    if not any(isinstance(it, Marker) for it in items):
        items = []                 # a table numbers its rows
    end_pos = max((it.end for it in items), default=lines[j - 1].end)
    table = describe(Table(header=labels, rows=[], start=lines[header_start].start, end=end_pos))
    table.groups = [it.text for it in items if isinstance(it, Group)]
    for row in _rows(table, items):
        add_row(table, row)
    return settle(table), k


def _next_line(lines: list[Line], k: int) -> str:
    while k < len(lines) and not lines[k].stripped:
        k += 1
    return lines[k].stripped if k < len(lines) else ""


def _prose(s: str, width: int, widest: float) -> bool:
    """A line of prose after a table: as wide as the page's text, and wider than every line of its cells so far."""
    return len(s) >= _PROSE * width and len(s) > 1.2 * widest and not group_line(s) \
        and not NUMBER_LINE.match(s)


def _heading_after(items: list) -> bool:
    """A last fragment that is a numbered heading the table does not number (`2. Tổ chức thực hiện`)."""
    last = items[-1]
    return bool(_HEADING.match(last.text)) and not last.glued


def _is_next(number: str, expected: int, items: list) -> bool:
    """Whether a number printed alone is the next row's: the one expected, or `1` again after a group row."""
    major = int(number.split(".")[0])
    if "." in number:
        return major in (expected - 1, expected)
    after_group = bool(items) and isinstance(items[-1], Group)
    return major == expected or major == 1 and after_group


def _index_row(lines: list[Line], k: int) -> int:
    """Where a row of column indexes starting at lines[k] ends (three bare marks or more in a row, up to a group
    row's marker: one with a title under it), else k."""
    j = k
    while j < len(lines) and (not lines[j].stripped or BARE_MARK.match(lines[j].stripped)):
        s = lines[j].stripped
        if s and _ROMAN_OR_LETTER.match(s) and not BARE_MARK.match(_next_line(lines, j + 1) or "0"):
            break
        j += 1
    return j if sum(1 for ln in lines[k:j] if ln.stripped) >= 3 else k


def _group_row(lines: list[Line], k: int, width: int) -> tuple[Group, int]:
    """A group row and the lines it wraps onto: lower case, or full page width; a marker printed alone on its
    line (`II`) takes the title under it."""
    ln = lines[k]
    s = ln.stripped
    start = ln.start + ln.text.index(s)
    text, end = s, start + len(s)
    k += 1
    if _ROMAN_OR_LETTER.match(s):
        nxt = _next_line(lines, k)
        while k < len(lines) and not lines[k].stripped:
            k += 1
        if nxt and not NUMBER_LINE.match(nxt) and not BARE_MARK.match(nxt):
            text += " " + nxt
            end = lines[k].start + lines[k].text.index(nxt) + len(nxt)
            k += 1
    while k < len(lines):
        nxt = lines[k].stripped
        if not nxt:
            k += 1
            continue
        if NUMBER_LINE.match(nxt) or group_line(nxt) or not (STARTS_LOWER.match(nxt) or len(nxt) >= _PROSE * width):
            break
        text += " " + nxt
        end = lines[k].start + lines[k].text.index(nxt) + len(nxt)
        k += 1
    return Group(fold_ws(text), start, end), k


_SPLIT_AT: Final = regex.compile(r"(?<=\S)\s+(?=[\p{Lu}(])", _V)


def _pieces(s: str, off: int, brk: bool) -> list[Frag]:
    """A line as fragments: whole, or cut where a second cell seems to begin on the same printed line (`… theo lộ
    trình phù hợp Bộ Y tế`, `văn bản phối hợp Thường xuyên`): before a capitalised word opening a time or an
    agency, after a word that does not run on."""
    cuts = [0]
    parts = s.split(None, 1)
    second = len(s) - len(parts[1]) if len(parts) > 1 else len(s)   # where the line's second word begins
    for m in _SPLIT_AT.finditer(s, second + 1):   # (before has two words once it reaches past that)
        after = s[m.end():]
        if not _may_open(after):
            continue               # (read first: it needs no more than the word after the cut)
        before = s[:m.start()]
        if runs_on(before):
            continue
        if time_like(after) or not STARTS_UPPER.match(before.rsplit(None, 1)[-1]) and agency_like(after):
            cuts.append(m.end())   # `… phù hợp Bộ Y tế`, not `Luật Bảo hiểm y tế`
    out = []
    for n, a in enumerate(cuts):
        b = cuts[n + 1] if n + 1 < len(cuts) else len(s)
        piece = s[a:b].rstrip()
        out.append(Frag(piece, off + a, off + a + len(piece), glued=n > 0, after_break=brk and n == 0, line=len(s)))
    return out


@functools.cache
def _opening_words() -> frozenset[str]:
    """The first words of the time cues and of what a cell naming agencies opens with (in match form)."""
    return frozenset(p.split()[0] for p in phrases(COLUMNS, "time_cues") | agency_openings())


def _may_open(text: str) -> bool:
    """What `time_like` or `agency_like` needs of a text, cheap to read: a date, a point's marker, or a first word
    that is an acronym or opens a time cue or an agency (a word's match form is the first word of the match form of
    the first words: `openings`)."""
    if text[:1] == "(" or _dated(text):
        return True
    first = WORD.search(text)
    if first is None:
        return False
    word = first.group()   # (an ASCII word's match form is its lower case)
    return first.end() > 80 or word.isupper() or (word.lower() if word.isascii() else match_key(word)) in \
        _opening_words()


# --- fragments into cells --------------------------------------------------------------------------------------

class _Pairs:
    """What each fragment of a table tells with the one before it (how it goes on, for `_Model.joins`) and the one
    after it (for `_Model.ends`), read once for every column and both readings; a list by fragment."""

    def __init__(self, frags: list[Frag]):
        after = frags[1:]
        self.length = [len(f.text) for f in frags]
        self.glued = [f.glued for f in frags]
        self.brk = [-1.0 if f.after_break else 0.0 for f in frags]
        # b after a: 0 going on (lower case, after a line that runs on, finishing an agency's name a began: `Văn
        # phòng` / `Chính phủ`, read only where the rest does not tell), 1 a list's next point, 2 a list's first
        # point, 3 a capital after a line that ends a phrase
        self.kind = [3] + [0 if b.lower or a.runs or may_go_on_name(b.text) and name_goes_on(a.text, b.text) else
                           3 if b.item is None else 2 if b.item in ("1", "a") else 1 for a, b in zip(frags, after)]
        self.reach = [0] + [a.line + 1 + b.first_word for a, b in zip(frags, after)]   # b's first word after a
        self.frags = frags
        self.cost: dict[tuple, list[float]] = {}
        # closing a cell at a before b: 0 before a page break or a piece of the same line, less after a line that
        # runs on; whether lower-case words follow (that may be its wrapped words), not a unit of measure too
        self.closing = [0.0 if b.after_break or b.glued else -1.5 if a.runs else 0.0 for a, b in zip(frags, after)]
        self.wraps = [not (b.after_break or b.glued) and b.lower for b in after]
        self.wraps_unit = [w and not b.unit for w, b in zip(self.wraps, after)]
        if frags:
            self.closing.append(0.0)

    def costs(self, timed: bool, task: bool, units: bool, value: bool) -> list[float]:
        """What each fragment's shape costs going on after the one before it in a cell of a column that is no
        time's (``timed``), a task's, an indicator's beside a unit's, a value's."""
        key = (timed, task, units, value)
        if key not in self.cost:
            out = [0.0]
            for a, b in zip(self.frags, self.frags[1:]):
                x = 0.0
                if timed and b.time and not a.runs:
                    x -= 1.5
                if task and b.agency:
                    x -= 0.5
                if units and b.unit and not a.runs:
                    x -= 1.5
                if value and not numeric(b.text) and not b.lower:
                    x -= 2.0
                out.append(x)
            self.cost[key] = out
        return self.cost[key]


# a cell's steps by fragment, opened without a list point and with one; a move to a cell: (state, score, where it
# comes from: the state before * 2 + whether a row opens; an int, which mypyc keeps unboxed and lists hold as the
# small ints Python caches, where a pair would be a new tuple at each store)
_Steps: TypeAlias = tuple[list[float], list[float]]
_Move: TypeAlias = tuple[int, float, int]

_SKIP: Final = {"task": -2.0, "indicator": -2.0, "lead": -0.7, "time": -0.7, "value": -0.7}


class _Model:
    """Scores for putting fragments under columns, from the roles of the columns and their widths in characters
    (unknown at first, then the widths the previous reading gave each column)."""

    def __init__(self, roles: list[str | None], main: int, numbered: bool, widths: dict[int, float] | None = None):
        self.roles = ["lead" if r == "agency_or_unit" else r for r in roles]   # read as agencies till settled
        self.main = main
        self.numbered = numbered    # every row has its number: one without starts right of the task (a sub-row)
        self.widths = widths or {}
        widest = max(self.widths.values(), default=0)
        self.wide = {c: w >= 0.6 * widest for c, w in self.widths.items()}   # the columns of running text
        # cost of leaving columns empty: skipped[c] for columns 1..c-1
        self.skipped = [0.0]
        for role in self.roles[1:]:
            self.skipped.append(self.skipped[-1] + _SKIP.get(role, -0.3))   # type: ignore[arg-type]
        columns = len(self.roles)
        # opening a cell after one of column p: nexts[p][cut], (state, score) of the next cells of the same row (the
        # columns left empty between cost; a cut row goes on in some of its cells only); new_rows[after_break],
        # (column, state, score) of the cells a row without a number of its own may open with
        neg = float("-inf")
        # (`skip(first, c)` read off `skipped` directly: first = max(p + 1, 1) >= 1 and c >= first >= 1)
        skipped = self.skipped
        self.nexts = [[[(c * 2 + cut, (skipped[c - 1] - skipped[first - 1]) * (0.3 if cut else 1.0))
                        for c in range(first, columns)] for cut in (0, 1)]
                      for p in range(columns) for first in (max(p + 1, 1),)]
        self.new_rows = [[(c, c * 2, x) for c in range(1, columns) if (x := self.new_row(after_break, c)) != neg]
                         for after_break in (False, True)]
        # by the fragment opening the cell (glued, or after a page break or not) and the state before it: (state,
        # score, state before * 2 + whether a row opens) of each cell it may open, new rows first
        self.moves: list[list[list[_Move]]] = [
            [[(row, x, state * 2 + 1) for c, row, x in self.new_rows[after_break] if c <= state >> 1]
             + [(row, x, state * 2) for row, x in self.nexts[state >> 1][state & 1]]
             for state in range(2 * columns)] for after_break in (False, True)]
        self.moves.append([[(row, x, state * 2) for row, x in self.nexts[state >> 1][state & 1]]
                           for state in range(2 * columns)])   # (a piece of a line goes on with its row)

    def too_wide(self, f: Frag, c: int) -> bool:
        """Whether the printed line a piece comes from is too wide for column c (it holds two cells)."""
        w = self.widths.get(c)
        return w is not None and w != 0 and f.line > 1.05 * w + 1

    def alike(self, c: int) -> tuple:
        """What `fits`, `joins` and `ends` read of column c: its width, whether it is wide, its role where they
        tell one from another."""
        role = self.roles[c]
        return role if role in ("time", "task", "indicator", "value") else None, self.widths.get(c), self.wide.get(c)

    def read(self, pairs: _Pairs, opens: list[list[float]]) -> None:
        """Take the table's fragments (all its runs, in order, with what they tell of each other): each column's
        scores are worked out once over them, for every run to read its part; ``opens``: by column, what each
        fragment scores opening a cell outside a cut row (`_opening_scores`)."""
        self.pairs = pairs
        self.scored: dict[tuple, tuple] = {}
        self.opens = opens
        self.columns: dict[tuple, tuple] = {}
        self.layouts: dict[bool, list] = {}
        self.limits = [self.lines(c) for c in range(len(self.roles))]

    def column(self, c: int, lists: bool) -> tuple:
        """Column c's scores over the table's fragments, the steps of a cell opened with a list point too when
        ``lists`` (else the plain ones again): what the columns read alike share (`alike`), fits, steps, ends, and
        the steps past the lines the column's cells may have."""
        limited = self.limits[c] < _CELL_LINES
        key = (self.alike(c), lists, limited)
        if key not in self.columns:
            fit, plain, end = self.scores(c, False)
            listed = self.scores(c, True)[1] if lists else plain
            longer = ([x - 2.0 for x in plain], [x - 2.0 for x in listed]) if limited else None
            self.columns[key] = (key, fit, (plain, listed), end, longer)
        return self.columns[key]

    def layout(self, lists: bool) -> list[tuple]:
        """`column` of every column but the number's, by column (``lists`` as there), read once for every run."""
        if lists not in self.layouts:
            self.layouts[lists] = [self.column(c, lists) for c in range(1, len(self.roles))]
        return self.layouts[lists]

    def scores(self, c: int, listy: bool) -> tuple[list[float], list[float], list[float]]:
        """Column c's scores over the table's fragments: what each costs in a cell of it, what it adds going on in
        one (``listy``: opened with a list point), what it adds closing one (the columns read alike share them)."""
        key = (self.alike(c), listy)
        if key not in self.scored:
            fit = self.fits(c)
            joins = self.joins(c, listy)   # (fit + join by index: map(add) calls operator.add for each)
            self.scored[key] = (fit, [fit[i] + joins[i] for i in range(len(fit))], self.ends(c))
        return self.scored[key]

    def fits(self, c: int) -> list[float]:
        """What each fragment costs in column c when its text is wider than the column."""
        w = self.widths.get(c)
        if not w:
            return [0.0] * len(self.pairs.length)
        most = 1.2 * w + 3
        return [-3.0 if length > most else 0.0 for length in self.pairs.length]

    def joins(self, c: int, listy: bool) -> list[float]:
        """Each fragment going on, after the one before it, in a cell of column c (``listy``: the cell opened with a
        list point, or goes on from the page before); 0 for the first (of each run, whose first takes no step)."""
        role = self.roles[c]
        w = self.widths.get(c)
        wide = self.wide.get(c, False)
        pairs = self.pairs
        # by how b goes on from a (the `kind` of _Pairs), whether b's first word did not fit after a: what it adds.
        # A short line in a wide column does not wrap, a narrow justified one may; the next point of a list the
        # cell opened with, or a list of a new cell; a capital after a line that ends a phrase: a new cell, but in a
        # wide column where a full line wraps before a name
        fitted = [-2.0 if wide else 1.0, 0.5 if listy else -1.5, -1.5, -1.5]
        full = [2.0, 0.5 if listy else -1.5, -1.5, 1.5 if wide else -1.5]
        w95 = 0.95 * w if w is not None else 0.0
        # what b's shape costs going on in this column: a time, an agency in a task, a unit after an indicator (a
        # unit of measure opens the unit's cell), a value that is no figure
        cost = pairs.costs(role != "time", role == "task", role == "indicator" and "unit" in self.roles,
                           role == "value")
        # a cell seldom goes on over the page break: its row does. (A loop by index over the lists: a comprehension
        # over their zip makes a tuple for each fragment; the sum is the same, in the same order)
        glued, brk, kind, reach = pairs.glued, pairs.brk, pairs.kind, pairs.reach
        out: list[float] = []
        for i in range(len(kind)):
            if glued[i]:
                out.append(1.0)
            else:
                by_kind = full if w is None or reach[i] > w95 else fitted   # b's first word did not fit after a
                out.append(brk[i] + by_kind[kind[i]] + cost[i])
        if out:
            out[0] = 0.0
        return out

    def lines(self, c: int) -> int:
        """How many lines a cell of column c may have before each more one costs: a time is a few words, a unit
        fewer."""
        return {"time": 4, "unit": 2}.get(self.roles[c], _CELL_LINES)   # type: ignore[arg-type]

    def start(self, f: Frag, c: int, cut: dict[int, tuple[str, bool, bool]] | None) -> float:
        """Fragment f opening a cell of column c; ``cut``: in the rest of a row a page break cut, what the break left
        of the row above (a cell goes on from the one above it left unfinished)."""
        role = self.roles[c]
        if cut is not None:
            score = _goes_on(cut, c, f.text)
        elif f.lower and role not in ("unit", "value"):   # units and figures open in lower case (`hồ sơ`, `tối đa`)
            score = -3.0
        else:
            score = 0.0
        shape = _OPENING.get(role)   # type: ignore[arg-type]
        return score + shape(f) if shape else score

    def ends(self, c: int) -> list[float]:
        """Each fragment closing its cell of column c: not when it stops mid-phrase, nor when it fills a wide column
        and lower-case words follow (they are its wrapped words, unless they are a unit of measure); 0 for the last,
        and before a page break or a piece of the same printed line (each run's last is given 0 by _label)."""
        w = self.widths.get(c)
        pairs = self.pairs
        if not (w and self.wide[c]):
            return pairs.closing[:]
        w95 = 0.95 * w
        wraps = pairs.wraps_unit if "unit" in self.roles else pairs.wraps
        closing, reach = pairs.closing, pairs.reach   # (by index: a comprehension over a zip makes a tuple each)
        out = [closing[i] - 2.0 if wraps[i] and reach[i + 1] > w95 else closing[i] for i in range(len(wraps))]
        return out + closing[len(out):]   # (the last's 0)

    def skip(self, first: int, last: int) -> float:
        """Columns first..last-1 left empty in a row."""
        return self.skipped[max(last - 1, 0)] - self.skipped[max(first - 1, 0)]

    def new_row(self, after_break: bool, c: int) -> float:
        """A row that starts, without a printed number, at a fragment (after a page break or not) in column c: a
        sub-row (its own product, deadline or figure under the same task), a breakdown of an indicator, a task under
        an agency's spanning cell; in a table that numbers each row, nothing else."""
        score = -0.5 if after_break else -2.0
        if c > self.main:
            if self.roles[c] not in ("result", "time", "value"):
                return float("-inf")
            score -= 1.0
        elif c < self.main or self.numbered and self.main == 1 and self.roles[c] != "indicator":
            if self.numbered:
                return float("-inf")
            score -= 1.5     # cells left of the task come with the row's number
        return score + self.skip(1, c) * 0.5


# what a fragment's shape adds opening a cell of a column, by the column's role (_Model.start)
_OPENING: Final = {
    "time": lambda f: 1.5 if f.time else -1.0,
    "lead": lambda f: 1.5 if f.agency else (-1.5 if f.verb else -1.0),
    "coordinating": lambda f: 1.5 if f.agency else (-1.5 if f.verb else -1.0),
    "task": lambda f: (1.0 if f.verb else 0.0) - (1.5 if f.time else 0.0) - (0.5 if f.agency else 0.0),
    "result": lambda f: 0.5 if f.result else (-1.0 if f.agency or f.time else 0.0),
    "value": lambda f: 1.5 if numeric(f.text) else -1.0,
    "unit": lambda f: 1.0 if f.unit else -1.0,   # (unit_like of its text)
}


def _opening_scores(role: str | None, frags: list[Frag]) -> list[float]:
    """`_Model.start` of each fragment in a column of the role outside a cut row, read for all of them at once."""
    low = [0.0 if role in ("unit", "value") or not f.lower else -3.0 for f in frags]
    shape = _OPENING.get(role)   # type: ignore[arg-type]
    return [x + shape(f) for x, f in zip(low, frags)] if shape else low


class _Cell:
    """A cell open in _label's reading: its score with the fragments it took, the first end it does not reach (-1:
    dropped), its steps, from where it takes the longer steps (past its column's lines), those, and where it began
    (the fragment; the state before * 2 + whether a row opens)."""

    __slots__ = ("score", "reach", "steps", "short", "longer", "first", "came")

    def __init__(self, score: float, reach: int, steps: list[float], short: int, longer: list[float], first: int,
                 came: int):
        self.score = score
        self.reach = reach
        self.steps = steps
        self.short = short
        self.longer = longer
        self.first = first
        self.came = came


class _State:
    """A state of _label's reading (the column of the last cell, whether a page break cut its row) with its column's
    scores, the cells open in it, and what the fragment read sets: the best opening of a cell in it (its score, where
    it comes from: the state before * 2 + whether a row opens; -1, none) and the best end of a cell in it at the next
    fragment. Kept in a native object's fields, the scores stay unboxed floats (a list would box each one)."""

    __slots__ = ("row", "c", "cut", "fit", "closes", "plain", "listed", "limit", "long_plain", "long_listed",
                 "cells", "score", "came", "end")

    def __init__(self, row: int, fit: list[float], closes: list[float], steps: _Steps, limit: int,
                 longer: _Steps | None):
        self.row = row
        self.c = row >> 1
        self.cut = row & 1
        self.fit = fit
        self.closes = closes
        self.plain, self.listed = steps
        self.limit = limit
        # (past the column's lines: the longer steps, or the same steps when the column has no such limit)
        self.long_plain, self.long_listed = longer if longer else steps
        self.cells: list[_Cell] = []
        self.score = float("-inf")
        self.came = -1
        self.end = 0.0


def _label(frags: list[Frag], model: _Model, columns: int, above: dict[int, tuple[str, bool, bool]] | None,
           at: int) -> list[tuple[int, int, int, bool]]:
    """The best reading of a run of fragments that follows a row's number, a group row, the header or a page break:
    cells (first, end, column, opens a row), found by dynamic programming over cell boundaries and columns. A state
    is the column of the last cell and whether its row is the rest of one a page break cut (after a break, ``above``
    tells what the break left of the row above, by column); ``at``: where the run begins in the table the model
    read."""
    n = len(frags)
    if not n:
        return []   # (a run of no fragments reads as no cells)
    neg = float("-inf")
    cols = range(1, columns)
    # what a fragment adds to a cell of each column, going on from the one before (the cell opened by a list
    # point or not; `longer`: past the lines the column's cells may have), and closing it
    fits: dict[int, list[float]] = {}
    steps: dict[int, _Steps] = {}
    ends: dict[int, list[float]] = {}
    longer: dict[int, _Steps] = {}
    lists = any(g.item is not None for g in frags[1:])   # else a cell going on reads the same opened by a point
    alike: dict[tuple, tuple] = {}   # the columns the model reads alike share their scores
    limits = model.limits
    for c, (key, fit, (plain, listed), end, long) in zip(cols, model.layout(lists)):
        if key not in alike:
            plain = plain[at:at + n]
            listed = listed[at:at + n] if lists else plain
            alike[key] = (fit[at:at + n], (plain, listed), end[at:at + n - 1] + [0.0],   # (a run's last closes its
                          long and (long[0][at:at + n], long[1][at:at + n]))           # cell at no cost)
        fits[c], steps[c], ends[c], long = alike[key]
        if long:
            longer[c] = long
    # ending: the states (c * 2 + cut) a cell ends in at the fragment read next (the best score of the fragments
    # before it read with the last cell in column c, c = 0: none yet, its row cut by the page break or not, is the
    # state's `end`), in the order of the states (a state the cells reach no end in scores -inf, and opens no cell:
    # it is left out); back[b * states + state]: the best cell ending at b in the state (where it began and the
    # state before)
    states = 2 * columns
    live = range(states) if above is not None else range(0, states, 2)   # a cut row only after a page break
    opens = model.opens
    # by state: the column, whether a page break cut its row, the column's scores, the cells open (read fragment by
    # fragment: each end is the best of the cells reaching it); the states no cell is in (column 0 but the first,
    # a cut row before a page break) share one that is never read
    columns_of = [_State(row, fits[row >> 1], ends[row >> 1], steps[row >> 1],
                         limits[row >> 1] if row >> 1 in longer else 0, longer.get(row >> 1))
                  for row in live if row >= 2]
    first = _State(int(above is not None), [], [], ([], []), 0, None)
    by_state = [first] * states
    for st in columns_of:
        by_state[st.row] = st
    ending = [first.row]
    back: list[_Cell | None] = [None] * ((n + 1) * states)
    for a in range(n):
        f = frags[a]
        # the best opening of a cell at fragment a in each state: its score, the state before, whether it opens a row
        for st in columns_of:
            st.score = neg
            st.came = -1
        glued = f.glued
        # a new row without a number of its own (not on the line of the cell before), the next cell of the row
        moves = model.moves[2 if glued else f.after_break]
        for state in ending:
            if glued and not model.too_wide(f, state >> 1):
                continue    # a printed line holds two cells only when it is too wide for one
            base = by_state[state].end
            for row, gain, came in moves[state]:
                s = base + gain
                to = by_state[row]
                if s > to.score:
                    to.score = s
                    to.came = came
        hi = min(n, a + _CELL_LINES)
        listy = f.item is not None or f.lower
        here = at + a
        ending = []
        ends_here = (a + 1) * states
        for st in columns_of:
            cells = st.cells
            origin = st.came
            if origin < 0 and not cells:
                continue
            while cells and cells[0].reach <= a:
                del cells[0]     # it reached its last end
            # the cells still open take fragment a (past their column's lines, by the longer steps); the best end at
            # a + 1 is the first cell read that scores most there
            e = st.closes[a]
            top: float = neg
            who: _Cell | None = None
            if origin < 0:
                for x in cells:
                    score = x.score = x.score + (x.steps if a < x.short else x.longer)[a]
                    if score + e > top:
                        top, who = score + e, x
            else:
                c = st.c
                new = st.score + (model.start(f, c, above) if st.cut else opens[c][here]) + st.fit[a]
                up = st.listed
                step = up if listy else st.plain
                short = min(a + st.limit, hi) if st.limit else hi
                covered = False
                dropped = False
                # float sums in the same order: a lower score stays no higher by steps no higher. The cells the new
                # one betters clearly (by _CLEAR) now go on by steps no higher, to ends no farther, paying for length
                # no later: they set no end; the new one sets none when a cell that wins ties scores as much now,
                # goes on by steps no lower, to ends as far, paying for length no sooner
                for x in cells:
                    score = x.score = x.score + (x.steps if a < x.short else x.longer)[a]
                    if (step is x.steps or step is up) and new - score >= _CLEAR and -_FAR < score and new < _FAR:
                        x.reach = -1
                        dropped = True
                        continue
                    if score + e > top:
                        top, who = score + e, x
                    if score >= new and x.reach >= hi and x.short >= short and (x.steps is step or x.steps is up):
                        covered = True
                if dropped:
                    cells = st.cells = [x for x in cells if x.reach >= 0]
                if not covered:
                    cell = _Cell(new, hi, step, short, st.long_listed if listy else st.long_plain, a, origin)
                    cells.append(cell)
                    if new + e > top:
                        top, who = new + e, cell
            if who is not None:
                st.end = top
                ending.append(st.row)
                back[ends_here + st.row] = who
    if not ending:
        return []
    state = ending[0]   # (the first state of the best score)
    for row in ending:
        if by_state[row].end > by_state[state].end:
            state = row
    out = []
    b = n
    while b > 0:
        got = back[b * states + state]
        if got is None:
            break
        out.append((got.first, b, state // 2, bool(got.came & 1)))
        b, state = got.first, got.came >> 1
    return out[::-1]


_CLEAR: Final = 1e-6    # two scores this far apart stay apart over a cell's 41 sums (each rounds by < 3e-10 below _FAR)
_FAR: Final = 1e6


def _widths(raw: list[RawRow]) -> dict[int, float]:
    """Each column's width in characters, as the rows read give it: the 90th percentile of the lengths of its whole
    printed lines (a few lines read into the wrong column do not move it), on whole rows only (the rest of a row
    a page break cut is the hardest to read)."""
    lengths: dict[int, list[int]] = {}
    for row in raw:
        if row.after_break:
            continue
        for c, fs in row.cells.items():
            for i, f in enumerate(fs):
                if not (f.glued or i + 1 < len(fs) and fs[i + 1].glued):
                    lengths.setdefault(c, []).append(len(f.text))
    return {c: sorted(ls)[int(len(ls) * 0.9)] for c, ls in lengths.items() if len(ls) >= 3}


def _carried(above: dict[int, list[Frag]]) -> dict[int, tuple[str, bool, bool]]:
    """What a page break leaves of the row above, by column: the last word of its cell (none when it opens no
    name), whether the cell stopped mid-phrase, whether it is among the row's longest (a page break cuts the cells
    that reach the foot of the page)."""
    longest = max((len(fs) for fs in above.values()), default=0)
    out = {}
    for c, fs in above.items():
        cell = _cell_text(fs)
        last = (WORD.findall(cell)[-1:] or [""])[0]
        # the last word is read on with the words after the break only when it may open a name (`_goes_on`): it is
        # the first of the words read, so their openings begin with its match form (a word's is one word)
        if len(last) < _HEAD and match_key(last) not in _named_firsts():
            last = ""
        out[c] = (last, runs_on(cell), len(fs) >= longest)
    return out


_HEAD: Final = 80    # `openings` reads a text's first 80 characters: a word as long is cut there


@functools.cache
def _named_firsts() -> frozenset[str]:
    """The first words of `_named_openings`: `_goes_on` joins a last word to the next words only when it is one."""
    return frozenset(opening.split()[0] for opening in _named_openings() if opening.split())


def _goes_on(above: dict[int, tuple[str, bool, bool]], c: int, text: str) -> float:
    """How likely words after a page break go on from the cell above them in column c: surely when it stopped
    mid-phrase or its last word and their first make a known opening (`… ngành, cơ` / `quan, tổ chức`); likely
    when it was among the row's longest; hardly when it was empty."""
    if c not in above:
        return -1.0
    last, runs, longest = above[c]
    if runs or last and opens_with(f"{last} {text}", _named_openings()):
        return 1.0
    return 0.5 if longest else -0.5


def _read_runs(runs: list[tuple[Marker | None, str | None, list[Frag]]], model: _Model, columns: int) -> list[RawRow]:
    """Every run of fragments read into rows, in order; a run after a page break knows the row above it."""
    raw: list[RawRow] = []
    at = 0
    for marker, grp, fs in runs:
        above = None
        if fs and fs[0].after_break and marker is None and raw:
            last = raw[-1]
            above = _carried(last.cells)
        row = RawRow(number=marker, group=grp)
        if marker is not None or not fs:
            raw.append(row)
        for a, b, c, new in _label(fs, model, columns, above, at):
            if new and row.cells:
                row = RawRow(group=grp)
                raw.append(row)
            elif not raw or raw[-1] is not row:
                raw.append(row)
            row.after_break = row.after_break or (not row.cells and fs[a].after_break)
            row.cells.setdefault(c, []).extend(fs[a:b])
        at += len(fs)
    return raw


def _rows(table: Table, items: list) -> list[TableRow]:
    """The rows of a table from its body's items: the fragments after each number (or group row) read into cells,
    rows continued over a page break joined, spanning cells given to the rows they span."""
    columns = len(table.header)
    main = _main(table)
    runs: list[tuple[Marker | None, str | None, list[Frag]]] = []   # (number, group, fragments after it)
    group = None
    for it in items:
        if isinstance(it, Group):
            group = it.text
            runs.append((None, group, []))
        elif isinstance(it, Marker):
            runs.append((it, group, []))
        else:
            if not runs or it.after_break:
                runs.append((None, group, []))
            runs[-1][2].append(it)
    frags = [f for _, _, fs in runs for f in fs]
    _read_context(frags)
    # a table numbers each row when fragments follow no number only after a page break (the rest of a cut row)
    numbered = all(marker is not None or not fs or fs[0].after_break for marker, _, fs in runs)
    model = _Model(table.roles, main, numbered)
    pairs = _Pairs(frags)
    # what each fragment scores opening a cell of each column outside a cut row, once for the columns of a role (the
    # widths measured below do not change them)
    by_role = {role: _opening_scores(role, frags) for role in set(model.roles)}
    opens = [by_role[role] for role in model.roles]
    model.read(pairs, opens)
    raw = _read_runs(runs, model, columns)
    # read again knowing how wide each column is, as the first reading measured it (when it measured none, the
    # second reading is the first)
    widths = _widths(raw)
    if widths:
        model = _Model(table.roles, main, numbered, widths)
        model.read(pairs, opens)
        raw = _read_runs(runs, model, columns)
    raw = _join_cut_rows([r for r in raw if r.cells or r.number], columns)
    _span(raw, main)
    return [_table_row(r, columns) for r in raw if r.cells]


def _main(table: Table) -> int:
    for role in ("task", "content", "indicator"):
        if role in table.roles:
            return table.roles.index(role)
    return 1


def _cell_text(frags: list[Frag]) -> str:
    """A cell's fragments as one line: a word cut after its hyphen (`NĐ-` / `CP`) joined back."""
    out = ""
    for f in frags:   # (a cut word's hyphen ends the text so far: its last two characters are read)
        if out[-1:] == "-" and _CUT_WORD.match(out, len(out) - 2) and _WORD_START.match(f.text):
            out += f.text
        else:
            out = f"{out} {f.text}" if out else f.text
    return fold_ws(out)


def _texts(row: RawRow, columns: int) -> list[str]:
    return [_cell_text(row.cells.get(c, [])) for c in range(columns)]


def _join_cut_rows(raw: list[RawRow], columns: int) -> list[RawRow]:
    """A row without a number after a page break is the rest of the row above (guide §4) when every other row has
    its number; in a table whose rows go without one (a spanning number, sub-rows), when its first words go on
    from the row above."""
    numbered = all(r.number is not None for r in raw if not r.after_break)
    out: list[RawRow] = []
    for row in raw:
        if out and row.number is None and row.cells and row.after_break:
            prev = out[-1]
            above = TableRow(cells=_texts(prev, columns), start=0, end=0)
            if numbered or rest_of_row(above, _texts(row, columns), row.first()):
                for c, fs in row.cells.items():
                    prev.cells.setdefault(c, []).extend(fs)
                continue
        out.append(row)
    return out


def _span(raw: list[RawRow], main: int) -> None:
    """Give the rows under a spanning cell (an agency's number and name over its tasks) that cell's fragments. The
    cell prints its words at the top of its rows when no row comes before the first number; else at their middle,
    so the rows between two numbers are shared, each number getting as near as can be as many rows below its
    words as above them (a tie gives the row to the number below). A group row ends every spanning cell. A table
    with no column between the number and the task or indicator has no such cell: a row without a number there is
    a breakdown, a sub-row or the rest of a row (`tables.add_row`)."""
    if main <= 1:
        return
    block: list[RawRow] = []
    for row in raw + [None]:
        if row is not None and (not block or row.group == block[-1].group):
            block.append(row)
            continue
        _span_block(block, main)
        block = [row] if row is not None else []


def _span_block(block: list[RawRow], main: int) -> None:
    owners = [n for n, r in enumerate(block) if r.number is not None]
    loose = [n for n, r in enumerate(block) if r.number is None and 0 < r.first() <= main]
    if not owners or not loose:
        return
    owner_of: dict[int, int] = {}
    if owners[0] < loose[0]:          # printed at the top: a row belongs to the number above it
        for n in loose:
            owner_of[n] = max(o for o in owners if o < n)
    else:                             # printed at the middle
        gaps = [[n for n in loose if lo < n < hi] for lo, hi in zip([-1] + owners, owners + [len(block)])]
        splits = _middle_split(gaps)
        for k, owner in enumerate(owners):
            above = gaps[k][splits[k - 1]:] if k > 0 else gaps[0]
            below = gaps[k + 1][:splits[k]] if k + 1 < len(owners) else gaps[-1]
            for n in above + below:
                owner_of[n] = owner
    for n in loose:
        loose_row, owner_row = block[n], block[owner_of[n]]
        for c in range(0, loose_row.first()):
            if c in owner_row.cells:
                loose_row.cells[c] = owner_row.cells[c]
        loose_row.number = owner_row.number


def _middle_split(gaps: list[list[int]]) -> list[int]:
    """Where to cut each run of rows between two numbers (gaps[1:-1]; gaps[0] lies above the first number, gaps[-1]
    below the last): the cuts that make each number's rows above and below its words most even."""
    inner = gaps[1:-1]
    # cost[k][s]: the least unevenness of the numbers up to the k-th when the k-th inner run is cut after s rows
    best: list[dict[int, tuple[int, int | None]]] = []
    before = len(gaps[0])
    for k, gap in enumerate(inner):
        row: dict[int, tuple[int, int | None]] = {}
        for s in range(len(gap) + 1):     # s rows go up to number k, the rest down to number k + 1
            if k == 0:
                row[s] = (abs(before - s), None)
            else:
                prev_gap = len(inner[k - 1])
                row[s] = min((best[k - 1][t][0] + abs(prev_gap - t - s), t) for t in best[k - 1])
        best.append(row)
    if not inner:
        return []
    last_gap = len(inner[-1])
    end = min(best[-1], key=lambda s: (best[-1][s][0] + abs(last_gap - s - len(gaps[-1])), s))
    cuts = [end]
    for k in range(len(inner) - 1, 0, -1):
        cuts.append(best[k][cuts[-1]][1])   # type: ignore[arg-type]  # (past the first run, each cut has one before)
    return cuts[::-1]


def _table_row(row: RawRow, columns: int) -> TableRow:
    texts = _texts(row, columns)
    spans: list = []   # (first, end) of each cell, None where it is empty till filled below
    for c in range(columns):
        fs = row.cells.get(c)
        spans.append((fs[0].start, fs[-1].end) if fs else None)
    if row.number is not None:
        texts[0] = texts[0] or row.number.number
        spans[0] = spans[0] or (row.number.start, row.number.end)
    known = [s for s in spans if s]
    start = min(s[0] for s in known)
    end = max(s[1] for s in known)
    at = start
    for c in range(columns):
        if spans[c] is None:
            spans[c] = (at, at)
        else:
            at = spans[c][1]
    return TableRow(cells=texts, start=start, end=end, group=row.group, cell_spans=spans)
