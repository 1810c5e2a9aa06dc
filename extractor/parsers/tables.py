"""Tables written as text (tab- or pipe-separated rows) and what any table's header and cells say: column roles from data/table_columns.txt, cell shapes, rows resolved for page breaks, merged cells, sub-rows and breakdowns."""
from __future__ import annotations

import functools
import unicodedata
from bisect import bisect_right
from itertools import islice
from operator import attrgetter
from typing import Final

import regex

from ..lines import Line, LineIndex, fold_ws, lines_of
from ..model import Table, TableRow
from ..patterns import lexicon
from ..patterns.agencies import key as agency_key, load_agencies
from ..patterns.fold import fold_tones, match_key
from ..patterns.markers import match_marker

COLUMNS: Final = "table_columns.txt"
_WORDS: Final = regex.compile(r"[\w\p{M}]+")
WORD: Final = regex.compile(r"[\w\p{M}]+(?:/[\w\p{M}]+)*")
_LETTER_GROUP: Final = regex.compile(r"^[A-ZĐ]\s*[.)]\s+\S", regex.V1)   # `A. CẮT GIẢM, ĐƠN GIẢN HÓA …`
STARTS_UPPER: Final = regex.compile(r"^[\"“(]*[\p{Lu}\d]", regex.V1)
_YEAR: Final = regex.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
# the patterns of the row tests, compiled once (a pattern string handed to regex.search goes through the package's
# cache on every call); the same patterns and flags
_DIGIT: Final = regex.compile(r"\d")
_FIGURES: Final = regex.compile(r"[\d.,/%\s-]+")       # a cell of figures alone
_DOTTED_NUMBER: Final = regex.compile(r"[\d.]+")
# roles that a year in the label does not turn into a value column (`Nhiệm vụ năm 2025`, `Thời hạn năm 2025`)
_KEEP_WITH_YEAR: Final = {
    "number", "task", "content", "lead", "coordinating", "time", "unit", "document", "funding", "note"}
# the sections of the data file that list header labels (the others list the words of cells)
ROLES: Final = (
    "number", "task", "content", "lead", "coordinating", "time", "result", "indicator", "unit", "agency_or_unit",
    "value", "document", "funding", "note", "code", "other")
# a year left for the reporter to fill in a form's column header (`Năm 20X2`, `Năm 20..`, `Năm N-1`, `Kỳ báo cáo năm N`)
_PLACEHOLDER_YEAR: Final = regex.compile(r"(?<![\p{L}\d])(?:19|20)[xX.…_]{1,2}\d?(?![\p{L}\d])|(?<![\p{L}])[Nn]ăm\s+N(?:\s*[-+]\s*\d)?"
                                  r"(?![\p{L}\d])")


def _words(text: str) -> str:
    """A label as its words only: lower case, modern tone marks, punctuation dropped (`Số, ký hiệu` → `số ký hiệu`)."""
    return " ".join(_WORDS.findall(match_key(text)))


@functools.cache
def _labels() -> tuple[tuple[str, str], ...]:
    """(label words, role) of every header label in the data file, longest first."""
    pairs = {(_words(e), role) for role in ROLES for e in lexicon.entries(COLUMNS, role)}
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p[1])))


@functools.cache
def _label_index() -> tuple[dict[str, str], int]:
    """The labels by their words (the first role listed for the longest first, as `_labels` orders them) and the
    most words a label has: a cell is looked up by its first words, not compared with every label."""
    index: dict[str, str] = {}
    for lab, role in _labels():
        index.setdefault(lab, role)
    return index, max((len(lab.split()) for lab in index), default=0)


def labels_of(role: str) -> frozenset[str]:
    """The labels (in match form, words only) that give a column this role (`stt`, `số thứ tự` for `number`)."""
    return frozenset(lab for lab, r in _label_index()[0].items() if r == role)


# a header label is short: the words of a longer cell past this many characters are not read for its role
MAX_LABEL_CHARS: Final = 200


def label_role(label: str) -> str | None:
    """The role a column header gives its column: that of the longest label of the data file it opens with (word
    by word), `value` for a label naming a year (`Năm 2025`, `Chỉ tiêu năm 2025`, `2026 - 2030`); `other` for a
    header's label of no role the toolkit reads (`Tên đơn vị`)."""
    return _short_label_role(label) if len(label) <= _SHORT_LABEL else _label_role(label)


_SHORT_LABEL: Final = 24    # labels up to this length (a line's first word, a cell of a header) are looked up once


@functools.lru_cache(maxsize=8192)
def _short_label_role(label: str) -> str | None:
    return _label_role(label)


def _label_role(label: str) -> str | None:
    index, most = _label_index()
    words = _words(label[:MAX_LABEL_CHARS]).split()
    role = next((index[k] for k in (" ".join(words[:n]) for n in range(min(len(words), most), 0, -1)) if k in index),
                None)
    if _YEAR.search(label) and role not in _KEEP_WITH_YEAR:
        return "value"
    return role


def header_year(label: str) -> int | None:
    """The year a column header names, the last of a period (`Mục tiêu 2026 - 2030` → 2030)."""
    years = _YEAR.findall(label)
    return int(years[-1]) if years else None


def describe(table: Table) -> Table:
    """Fill in what the header tells of a table: the role and year of each column, and its kind (`settle` finishes
    it once the rows are read). A column of codes or headed by a year left blank (`Năm 20X2`) makes a `form`. A table of indicators is `targets` even when a column names the agency that tracks
    each one (guide §3); one naming a task, or its content beside a column of agencies, is `tasks` when a column
    names who leads, coordinates or (for a task) when; one listing legal documents is `documents`."""
    roles = [label_role(h) for h in table.header]
    roles = ["placeholder" if _PLACEHOLDER_YEAR.search(h) else r for h, r in zip(table.header, roles)]
    if "indicator" in roles:   # `Đơn vị` beside an indicator is its unit of measure
        roles = ["unit" if r == "agency_or_unit" else r for r in roles]
    table.roles = roles
    table.years = [header_year(h) if r == "value" else None for h, r in zip(table.header, roles)]
    _kind(table)
    return table


def _kind(table: Table) -> None:
    roles = set(table.roles)
    agencies = {"lead", "coordinating", "agency_or_unit"} & roles
    if {"code", "placeholder"} & roles and not agencies:
        table.kind = "form"    # a report form or a list of coded indicators: blanks and codes, not levels to reach
    elif "indicator" in roles and "value" in roles:
        table.kind = "targets"
    elif "task" in roles and (agencies or "time" in roles) or "content" in roles and agencies:
        table.kind = "tasks"
    elif "document" in roles:
        table.kind = "documents"
    else:
        table.kind = ""


def settle(table: Table) -> Table:
    """Finish what the header left open once the rows are read: a column headed `Đơn vị` names agencies when most of
    its cells do (`Bộ Tư pháp`), else the unit of measure (`Triệu đồng`); the table's kind follows."""
    for c, role in enumerate(table.roles):
        if role == "agency_or_unit":
            cells = [r.cells[c] for r in table.rows if c < len(r.cells) and r.cells[c]]
            named = sum(1 for x in cells if agency_like(x))
            table.roles[c] = "lead" if cells and named * 2 >= len(cells) else "unit"
    _kind(table)
    return table


def header_like(cell: str) -> bool:
    """Whether a cell reads as a column header: a label of the data file opens it, or it names a year."""
    return label_role(cell) is not None


_GROUP_FIRST: Final = "IVXLCPM"    # what a roman, part or mục marker opens with (`II.`, `Phần`, `Mục`)


def group_line(s: str) -> bool:
    """A group row: `I. Đổi mới …`, `A. CẮT GIẢM …`, `Mục 2. LĨNH VỰC …`, `PHẦN I …`."""
    got = match_marker(s) if s and s[0] in _GROUP_FIRST else None
    return got is not None and got[0] in ("roman", "part", "mục") or bool(_LETTER_GROUP.match(s))


@functools.cache
def phrases(name: str, section: str = "") -> frozenset[str]:
    return frozenset(match_key(e) for e in lexicon.entries(name, section))


@functools.cache
def agency_openings() -> frozenset[str]:
    """The first two words of every name in the agency gazetteer (`bộ tư`, `văn phòng`, `ủy ban`) and the heads of
    bodies in the data file: what a cell naming agencies opens with."""
    return phrases(COLUMNS, "agency_heads") | frozenset(p for p in name_prefixes() if p.count(" ") == 1)


@functools.lru_cache(maxsize=8192)
def openings(text: str) -> tuple[str, ...]:
    """The first one, two, three and four words of a text, in match form."""
    head = text[:80]
    tokens = _tokens(head, 4)
    words = WORD.findall(tokens)
    if len(words) < 4 and len(tokens) < len(head):   # (the words of the first four tokens were all the text's)
        words = WORD.findall(head)
    words = match_key(" ".join(words[:4])).split()   # a word's match form is one word
    out: list[str] = []
    for word in words:
        out.append(f"{out[-1]} {word}" if out else word)
    return tuple(out)


def _tokens(text: str, k: int, last: bool = False) -> str:
    """The first (or ``last``) k whitespace-separated tokens of a text with what stands between them: no word spans
    whitespace, so the words found in them are the text's first (last) words, as many as they hold."""
    if last:
        parts = text.rsplit(None, k)
        return text[len(parts[0]):] if len(parts) > k else text
    parts = text.split(None, k)
    return text[:len(text) - len(parts[k])] if len(parts) > k else text


def opens_with(text: str, phrases: frozenset[str]) -> bool:
    return not phrases.isdisjoint(openings(text))


def agency_like(text: str) -> bool:
    """Whether a fragment opens a cell naming agencies: a name or head of a body (`Bộ Tài chính`, `Ủy ban nhân`,
    `Các cơ quan, tổ`), an acronym (`UBND`, `VTV`), the first point of a numbered list of them (`(1) Bộ Tư pháp`)."""
    got = text.startswith("(") and match_marker(text)   # (a point's marker: `(1)`)
    if got and got[0] == "paren":
        text = text[got[2]:]
    if not STARTS_UPPER.match(text):
        return False
    return acronym_first(text) or opens_with(text, agency_openings())


def acronym_first(text: str) -> bool:
    """Whether a text opens with an acronym (`VTV, VOV`, `UBND tỉnh`; not `ISO 30134`)."""
    first = [m.group() for m in islice(WORD.finditer(text), 2)]
    return bool(first) and len(first[0]) >= 2 and first[0].isupper() and not first[0].isdigit() \
        and not (len(first) > 1 and first[1][:1].isdigit())


PIPE_SEPARATOR: Final = regex.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _cells(line: Line) -> tuple[list[str], list[tuple[int, int]]] | None:
    text = line.text
    if "\t" in text:
        sep = "\t"
    elif text.count("|") >= 2 and not PIPE_SEPARATOR.match(text):
        sep = "|"
    else:
        return None
    cells, spans, pos = [], [], 0
    parts = text.split(sep)
    if sep == "|":
        if parts and not parts[0].strip():
            pos += len(parts[0]) + 1
            parts = parts[1:]
        if parts and not parts[-1].strip():
            parts = parts[:-1]
    for p in parts:
        lead = len(p) - len(p.lstrip())
        cells.append(fold_ws(p))
        spans.append((line.start + pos + lead, line.start + pos + len(p.rstrip())))
        pos += len(p) + 1
    while cells and not cells[-1] and len(cells) > 1:
        cells.pop()
        spans.pop()
    return cells, spans


def _is_header(cells: list[str], following: list[list[str]]) -> bool:
    filled = [c for c in cells if c]
    if len(filled) < 2:
        return False
    hits = sum(1 for c in filled if header_like(c))
    if hits >= max(2, len(filled) // 2):
        return True
    no_digits = not any(_DIGIT.search(c) for c in filled)
    return no_digits and any(any(_DIGIT.search(c) for c in row[1:]) for row in following[:3])


def _combine_header(top: list[str], sub: list[str]) -> list[str]:
    width = max(len(top), len(sub))
    top = top + [""] * (width - len(top))
    sub = sub + [""] * (width - len(sub))
    out, parent = [], ""
    for t, s in zip(top, sub):
        if t:
            parent = t
        head = t or (parent if s else "")
        out.append(f"{head} / {s}" if head and s else (head or s))
    return out


def _looks_like_subheader(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    return bool(filled) and not cells[0] and not any(_FIGURES.fullmatch(c) for c in filled)


def _repeats_header(cells: list[str], header: list[str]) -> bool:
    """A page's repeated header, even with a column less or a typo: same first cells, header words elsewhere."""
    if not header or not cells or not cells[0] or match_key(cells[0]) != match_key(header[0]):
        return False
    if not header_like(cells[0]):
        return False
    filled = [c for c in cells if c]
    known = {match_key(h) for h in header} | {match_key(p) for h in header for p in h.split(" / ")}
    same = sum(1 for c in filled if match_key(c) in known or header_like(c))
    return same * 2 >= len(filled)


def find_tables(text: str, start: int = 0, end: int | None = None, index: LineIndex | None = None) -> list[Table]:
    """Every table in text[start:end] (``index``: the text's lines)."""
    lines = lines_of(text, start, end, index)
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        # _cells reads only a line with a tab or a bar: the next such line is found in the text, the lines before it
        # passed over
        at = _next_cell_mark(text, lines[i].start, lines[-1].end)
        if at < 0:
            break
        i = max(i, bisect_right(lines, at, key=_START) - 1)
        got = _cells(lines[i])
        if not got or sum(1 for c in got[0] if c) < 2:
            i += 1
            continue
        block: list[tuple[Line, list[str], list[tuple[int, int]]]] = []
        j = i
        while j < len(lines):
            ln = lines[j]
            if ln.blank or PIPE_SEPARATOR.match(ln.text):
                j += 1
                continue
            got = _cells(ln)
            if not got or not any(got[0]):
                break
            block.append((ln, *got))
            j += 1
        tables.append(_build(block))
        i = j
    return tables


_START: Final = attrgetter("start")


def _next_cell_mark(text: str, start: int, end: int) -> int:
    """Where the next tab or bar of text[start:end] stands, or -1."""
    tab, bar = text.find("\t", start, end), text.find("|", start, end)
    return bar if tab < 0 else tab if bar < 0 else min(tab, bar)


def _build(block) -> Table:
    rows_cells = [cells for _, cells, _ in block]
    header: list[str] = []
    k = 0
    if _is_header(rows_cells[0], rows_cells[1:]):
        header = rows_cells[0]
        k = 1
        if len(rows_cells) > 1 and _looks_like_subheader(rows_cells[1]) and len(block) > 2:
            header = _combine_header(header, rows_cells[1])
            k = 2
    header_keys = {match_key(" ".join(c for c in r if c)) for r in rows_cells[:k]}
    table = describe(Table(header=header, rows=[], start=block[0][0].start, end=block[-1][0].end))
    group = None
    skip_sub = False
    for ln, cells, spans in block[k:]:
        key = match_key(" ".join(c for c in cells if c))
        if key in header_keys or _repeats_header(cells, header):  # the header again after a page break
            skip_sub = k == 2
            continue
        if skip_sub and _looks_like_subheader(cells):
            skip_sub = False
            continue
        skip_sub = False
        filled = [c for c in cells if c]
        if len(filled) == 1 and (group_line(filled[0]) or cells[0] == filled[0] and len(cells) >= 3) \
                and not _DOTTED_NUMBER.fullmatch(filled[0]):
            group = filled[0]
            table.groups.append(group)
            continue
        add_row(table, TableRow(cells=list(cells), start=ln.start, end=ln.end, group=group, cell_spans=list(spans)))
    table.end = max([table.end] + [r.end for r in table.rows])
    return settle(table)


# searched from the end (every character is a word's, `\p{M}` too, or `\W`: the same last word as searched forward)
_LAST_WORD: Final = regex.compile(r"(?r)([\w\p{M}]+)\W*$")
_UNIT_BRACKET: Final = regex.compile(r"\s*\(([^()]{1,24})\)\s*\.?\s*$")


@functools.cache
def _run_on_words() -> tuple[frozenset[str], frozenset[str]]:
    """Words after which a line runs on: (lower-case ones, in any case; capitalised ones, as printed)."""
    entries = lexicon.entries(COLUMNS, "run_on")
    return (frozenset(match_key(e) for e in entries if e[:1].islower()),
            frozenset(e for e in entries if e[:1].isupper()))


def runs_on(text: str) -> bool:
    """Whether a cell's line stops mid-phrase (`Bộ Tài chính,`, `… ban hành quy định của`, `… một phần:`): the cell
    goes on."""
    text = text.rstrip()
    if text.endswith((",", "-", "–", "/", "(", ":")):
        return True
    return ends_mid_phrase(text)


@functools.cache
def _run_on_ends() -> frozenset[str]:
    """The last characters of the words after which a line runs on (their keys' and the capitalised ones')."""
    lower, upper = _run_on_words()
    return frozenset(w[-1] for w in (*lower, *upper) if w)


def ends_mid_phrase(text: str) -> bool:
    """Whether a line's last word is one a phrase never ends on (`và`, `của`, `các`, `Quý`): the line goes on."""
    text = text.rstrip()
    c = text[-1:]
    if c.isascii() and c.isalnum() and c not in _run_on_ends() and c.lower() not in _run_on_ends():
        # an ASCII letter or digit ends the last word, and its key the same in lower case (NFC composes nothing
        # onto it, tone folding changes only a toned vowel): no run-on word ends that way
        return False
    m = _LAST_WORD.search(text)
    if not m or m.end() < len(text):
        return False      # a line ending in a mark (`… và Xã hội.`) has said its last word
    lower, upper = _run_on_words()
    word = m.group(1)
    # a word in NFC (as normalised text has it) is its own NFC form and holds no space: its match_key is its tones
    # folded, in lower case
    key = fold_tones(word).lower() if unicodedata.is_normalized("NFC", word) else match_key(word)
    return key in lower or word in upper


@functools.cache
def name_prefixes() -> frozenset[str]:
    """Every beginning, word by word, of the names in the agency gazetteer (`văn phòng chính`, `ban cơ yếu`,
    `cần thơ`), of two words or more."""
    out: set[str] = set()
    for agency in load_agencies():
        for form in agency.forms:
            words = agency_key(form).split()
            out.update(" ".join(words[:k]) for k in range(2, len(words) + 1))
    return frozenset(out)


@functools.cache
def _prefix_tails() -> frozenset[str]:
    """The last two words of every beginning of a name in the agency gazetteer (`phòng chính` of `văn phòng chính`)."""
    return frozenset(" ".join(p.split()[-2:]) for p in name_prefixes())


@functools.cache
def _name_seconds() -> frozenset[str]:
    """The words a beginning of a name in the agency gazetteer goes on with (the last of each of `_prefix_tails`)."""
    return frozenset(t.split()[-1] for t in _prefix_tails())


def may_go_on_name(b: str) -> bool:
    """Whether a line's first word may go on with an agency's name the line before began, as `name_goes_on` reads it:
    its key (the last word of the key of the pair it makes with the word before: a word keys as one word, the same
    alone or after a space) goes on some beginning of a name of the gazetteer."""
    first = _WORDS.search(b)
    return first is not None and agency_key(first.group()) in _name_seconds()


def name_goes_on(a: str, b: str) -> bool:
    """Whether a line ends inside an agency's name that the next line goes on with (`Văn phòng` / `Chính phủ`,
    `Ban Cơ yếu` / `Chính phủ`): its last words and the next line's first begin a name of the gazetteer."""
    last, first = _WORDS.findall(_tokens(a, 3, last=True))[-3:], _WORDS.search(b)
    if len(last) < 3:
        last = _WORDS.findall(a)[-3:]
    if not last or not first:
        return False
    pair = agency_key(f"{last[-1]} {first.group()}")
    if pair in name_prefixes():
        return True
    # words key one by one as they do together: more of the line's last words make a beginning that ends the same
    tail = pair.split()[-2:]
    if len(tail) == 2 and " ".join(tail) not in _prefix_tails():
        return False
    return any(agency_key(" ".join(last[-k:] + [first.group()])) in name_prefixes() for k in range(2, len(last) + 1))


@functools.cache
def _breakdown() -> regex.Pattern:
    return regex.compile(r"(?<![\w\p{M}])" + lexicon.alternation(COLUMNS, "breakdown") + r"(?![\w\p{M}])",
                         regex.I | regex.V1)


def bracket_unit(indicator: str) -> str | None:
    """The unit in brackets that ends an indicator cell (`Tốc độ tăng trưởng GDP (%)` → `%`, `(triệu lượt)`), or None
    for a bracket naming something else (`(EGDI)`, `(theo giá hiện hành)`)."""
    m = _UNIT_BRACKET.search(indicator)
    if not m:
        return None
    inner = m.group(1).strip()
    if "%" in inner or inner in lexicon.entries(COLUMNS, "bracket_units"):
        return inner
    if inner[:1].islower() and len(inner.split()) <= 3:
        return inner
    return None


def _main_column(table: Table) -> int | None:
    """The column that says what a row is about: its task or its indicator, else the first after the number."""
    for role in ("task", "content", "indicator"):
        if role in table.roles:
            return table.roles.index(role)
    if table.roles[:1] == ["number"]:
        return 1
    return None


def add_row(table: Table, row: TableRow) -> None:
    """Add a row read from a table, resolving what the page and the merged cells did to it (guide §3, §4):
    - a row with no number whose first words continue a cell of the row above (lower case, a cell left
      half-written, an empty cell above filled) is the rest of that row, cut by a page break;
    - a row whose first cells are empty otherwise takes them from the row above: they span it (the number and
      name of an agency over its tasks; a task over the sub-rows of its products, each with its own deadline —
      such a sub-row `parent`s the row it shares its task with);
    - in a table of indicators, the rows under one whose indicator opens a breakdown (`Trong đó:`) parent it."""
    rows = table.rows
    cells = row.cells
    first = next((n for n, c in enumerate(cells) if c), None)
    if first is None:
        return
    main = _main_column(table)
    num = table.column("number")
    own_number = num is None or num < len(cells) and bool(cells[num].strip(" .-–+"))
    breakdown = None if own_number else _breakdown_parent(table, _cell(cells, main))
    if first > 0 and rows and breakdown is None:
        prev = rows[-1]
        if rest_of_row(prev, cells, first):
            for n, c in enumerate(cells):
                if not c:
                    continue
                if n < len(prev.cells):
                    a = prev.cell_spans[n][0] if prev.cells[n] else row.cell_spans[n][0]
                    prev.cells[n] = (prev.cells[n] + " " + c).strip()
                    prev.cell_spans[n] = (a, row.cell_spans[n][1])
                else:
                    prev.cells.append(c)
                    prev.cell_spans.append(row.cell_spans[n])
            prev.end = row.end
            return
        row.cells = prev.cells[:first] + cells[first:]
        row.cell_spans = prev.cell_spans[:first] + row.cell_spans[first:]
        if main is not None and first > main:
            row.parent = prev.parent if prev.parent is not None else len(rows) - 1
    elif breakdown is not None and _cell(cells, main):
        row.parent = breakdown
        if num is not None and num < len(cells) and not cells[num] and num < len(rows[breakdown].cells):
            row.cells[num] = rows[breakdown].cells[num]
    if table.kind == "targets":
        row.unit = bracket_unit(_cell(row.cells, main))
    rows.append(row)


def _cell(cells: list[str], col: int | None) -> str:
    return cells[col] if col is not None and col < len(cells) else ""


def _breakdown_parent(table: Table, text: str) -> int | None:
    """The row whose indicator an unnumbered row (its main cell ``text``) breaks down: the last numbered row of a
    table of indicators, when the row itself opens with `Trong đó`, or that row or one already under it says it."""
    if table.kind != "targets" or not table.rows:
        return None
    main = _main_column(table)
    last = len(table.rows) - 1
    top = table.rows[last].parent if table.rows[last].parent is not None else last
    said = [text] + [_cell(r.cells, main) for r in table.rows[top:]]
    return top if any(_breakdown().search(t) for t in said) else None


def rest_of_row(prev: TableRow, cells: list[str], first: int) -> bool:
    """Whether a row without a number is the rest of the row above: its first words go on from the cell above
    (lower case, a list point `- …`, a cell above cut mid-phrase or inside an agency's name) or fill a cell the
    row above left empty."""
    above = prev.cells[first] if first < len(prev.cells) else ""
    return not above or not STARTS_UPPER.match(cells[first]) or runs_on(above) or name_goes_on(above, cells[first])
