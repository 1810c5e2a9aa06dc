"""The document model every pipeline stage reads and writes: text with an offset map, documents, sections, tables and extracted items."""
from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any, Iterable


def stable_id(*parts: Any, length: int = 12) -> str:
    """An id derived from content, so the same input gives the same id on every run."""
    # (a list: join makes one of a generator anyway)
    raw = "\x1f".join(["" if p is None else str(p) for p in parts])
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:length]


@dataclass
class Source:
    """The file as read: where it came from and how it was decoded."""

    path: str
    sha256: str
    encoding: str
    size: int
    original: str  # the decoded text, before any normalisation
    format: str = "text"  # text | pdf | docx | doc | html
    pages: list[tuple[int, int]] = field(default_factory=list)  # [start, end) of each page in `original`
    ocr_pages: list[int] = field(default_factory=list)           # 1-based numbers of pages read by OCR

    def as_dict(self) -> dict:
        out = {"path": self.path, "sha256": self.sha256, "encoding": self.encoding, "size": self.size,
               "format": self.format}
        if self.pages:
            out["pages"] = len(self.pages)
        if self.ocr_pages:
            out["ocr_pages"] = self.ocr_pages
        return out

    def page_of(self, offset: int) -> int | None:
        """The 1-based page holding ``offset`` of ``original``, for formats with pages."""
        for n, (a, b) in enumerate(self.pages, 1):
            if a <= offset < b:
                return n
        return None


class OffsetMap:
    """``offsets[i]``: the offset in the original text of character ``i`` of the normalised text, with one extra entry
    for the end. Kept as runs, not a number per character: a stretch copied as is maps one to one (step 1), the
    characters that replace an edit all map to where the edit began (step 0). Reads like a sequence of ints."""

    __slots__ = ("_at", "_orig", "_step", "_len")

    def __init__(self) -> None:
        self._at: list[int] = []      # where each run begins in the normalised text
        self._orig: list[int] = []    # the original offset of its first character
        self._step: list[int] = []    # 1: copied, 0: replacement
        self._len = 0

    def _add(self, orig: int, n: int, step: int) -> None:
        if n <= 0:
            return
        if self._step and self._step[-1] == step == 1 and \
                self._orig[-1] + (self._len - self._at[-1]) == orig:
            self._len += n            # goes on from the run before: one run
            return
        self._at.append(self._len)
        self._orig.append(orig)
        self._step.append(step)
        self._len += n

    def copy(self, orig: int, n: int) -> None:
        """Append n characters copied from the original at ``orig``."""
        self._add(orig, n, 1)

    def fill(self, orig: int, n: int) -> None:
        """Append n characters that all stand for the original at ``orig`` (a replacement, or the end entry)."""
        self._add(orig, n, 0)

    def extend_from(self, other: "OffsetMap", start: int, end: int) -> None:
        """Append entries [start, end) of another map."""
        end = min(end, len(other))
        if start >= end:
            return
        k = bisect_right(other._at, start) - 1
        while start < end:
            run_end = other._at[k + 1] if k + 1 < len(other._at) else other._len
            stop = min(end, run_end)
            step = other._step[k]
            self._add(other._orig[k] + (start - other._at[k]) * step, stop - start, step)
            start = stop
            k += 1

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._len))]
        if i < 0:
            i += self._len
        if not 0 <= i < self._len:
            raise IndexError("offset map index out of range")
        k = bisect_right(self._at, i) - 1
        return self._orig[k] + (i - self._at[k]) * self._step[k]

    def __iter__(self):
        for k, at in enumerate(self._at):
            run_end = self._at[k + 1] if k + 1 < len(self._at) else self._len
            o, step = self._orig[k], self._step[k]
            yield from (o + (i - at) * step for i in range(at, run_end))



class Covered:
    """Whether a position lies inside one of some [start, end) spans (they may overlap), by bisection over their
    starts and the furthest end reached so far: a look-up per position, not a pass over all the spans."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        spans = sorted(spans)
        self.starts = [a for a, _ in spans]
        self.reach = list(accumulate((b for _, b in spans), max))

    def __call__(self, pos: int) -> bool:
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.reach[i]


@dataclass
class Text:
    """Normalised text with a map back to the original characters.

    ``text`` is NFC, markup-free text keeping the document's own tone-mark placement; ``folded``
    has exactly the same length, with tone marks placed the modern way (``hoá`` → ``hóa``) for
    matching; ``offsets[i]`` is the offset in ``original`` of ``text[i]`` (with one extra entry
    for the end).
    """

    text: str
    folded: str
    offsets: OffsetMap
    original: str

    def orig(self, pos: int) -> int:
        pos = max(0, min(pos, len(self.text)))
        return self.offsets[pos]

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        m = self.offsets
        if 0 <= start < end <= len(self.text) < m._len:
            # both ends inside the text: ``offsets[start]`` and ``offsets[end - 1] + 1`` read from the runs directly
            at = m._at
            k = bisect_right(at, start) - 1
            i = bisect_right(at, end - 1, k) - 1
            return m._orig[k] + (start - at[k]) * m._step[k], m._orig[i] + (end - 1 - at[i]) * m._step[i] + 1
        if end <= start:
            o = self.orig(start)
            return o, o
        # the end is the position just after the last character kept
        return self.offsets[start], self.offsets[end - 1] + 1 if end - 1 < len(self.text) else self.offsets[-1]


@dataclass(init=False)
class Section:
    """A heading or list item of the document's structure."""

    kind: str          # part | roman | article | clause | number | letter | dash | plus | roman_paren | paren | appendix | heading
    marker: str        # as printed: "III.", "1.2.", "a)", "-", "Điều 3."
    label: str         # the path component: "III", "1.2", "a", "Điều 3", "Phụ lục"
    title: str         # the first line after the marker
    level: int
    start: int         # offsets into the normalised text of the whole file
    end: int
    body_start: int    # where the item's own words begin (after the marker)
    path: str = ""
    paragraphs: list[tuple[int, int]] = field(default_factory=list)  # its own text, marker excluded
    title_span: tuple[int, int] | None = None   # where ``title`` lies when it is not the first line (an appendix's)
    children: list["Section"] = field(default_factory=list)
    parent: "Section | None" = field(default=None, repr=False)

    # (the dataclass's own __init__, written out: mypyc compiles it, where it runs the one dataclass generates as
    # Python; a list left out is a new empty one, as the fields' default_factory made it)
    def __init__(self, kind: str, marker: str, label: str, title: str, level: int, start: int, end: int,
                 body_start: int, path: str = "", paragraphs: list[tuple[int, int]] | None = None,
                 title_span: tuple[int, int] | None = None, children: list[Section] | None = None,
                 parent: Section | None = None) -> None:
        """A section of these fields (``paragraphs`` and ``children`` new empty lists unless given)."""
        self.kind = kind
        self.marker = marker
        self.label = label
        self.title = title
        self.level = level
        self.start = start
        self.end = end
        self.body_start = body_start
        self.path = path
        self.paragraphs = [] if paragraphs is None else paragraphs
        self.title_span = title_span
        self.children = [] if children is None else children
        self.parent = parent

    def walk(self) -> list[Section]:
        """This section and all below it, in document order (depth first), as a list (a generator runs slower
        compiled), without a call per level."""
        out: list[Section] = []
        stack = [self]
        while stack:
            node = stack.pop()
            out.append(node)
            if node.children:
                stack.extend(reversed(node.children))
        return out


@dataclass
class TableRow:
    cells: list[str]
    start: int
    end: int
    group: str | None = None       # the group row above it ("I. VỀ CẢI CÁCH THỂ CHẾ")
    cell_spans: list[tuple[int, int]] = field(default_factory=list)  # [start, end) of each cell's words; empty cells
                                                                     # are (p, p), a cell taken from above is the
                                                                     # span of the words it repeats
    parent: int | None = None      # index of the row it belongs under: the row whose task it shares (a product and
                                   # deadline split in two), or the indicator it breaks down (`Trong đó:`)
    unit: str | None = None        # of a table of indicators: the unit in brackets ending the indicator cell (`(%)`)


@dataclass
class Table:
    header: list[str]
    rows: list[TableRow]
    start: int
    end: int
    section: str = ""
    groups: list[str] = field(default_factory=list)
    roles: list[str | None] = field(default_factory=list)  # each column's role (data/table_columns.txt): number,
                                                           # task, lead, coordinating, time, result, indicator, unit,
                                                           # value, document, funding, note
    years: list[int | None] = field(default_factory=list)  # the year each column header names (`Chỉ tiêu năm 2025`)
    kind: str = ""        # tasks | targets | documents | form | "" (what its columns make it)

    def column(self, role: str) -> int | None:
        """The first column of a role, or None."""
        return self.roles.index(role) if role in self.roles else None

    def columns(self, role: str) -> list[int]:
        """Every column of a role, left to right (a table of indicators has a value column a year)."""
        return [i for i, r in enumerate(self.roles) if r == role]

    def to_frame(self):
        import pandas as pd

        width = max([len(self.header)] + [len(r.cells) for r in self.rows]) if self.rows else len(self.header)
        header = list(self.header) + [f"col{i + 1}" for i in range(len(self.header), width)]
        data = [list(r.cells) + [""] * (width - len(r.cells)) for r in self.rows]
        frame = pd.DataFrame(data, columns=header)
        frame.insert(0, "group", [r.group for r in self.rows])
        return frame


@dataclass(init=False)
class Span:
    """One annotation on the text of a file, as spaCy keeps entities on a Doc: what a recogniser found there.

    ``label`` names the recogniser (`agency`, `time`, `reference`, `figure`); ``start``/``end`` are offsets into
    ``Text.text``; ``data`` is the recogniser's reading of the words (an agency's canonical name and kind, a time's
    dates, a reference's type and number, a figure's value and unit).
    """

    label: str
    start: int
    end: int
    text: str
    data: Any = None

    # (the dataclass's own __init__, written out: mypyc compiles it, where it runs the one dataclass generates as
    # Python)
    def __init__(self, label: str, start: int, end: int, text: str, data: Any = None) -> None:
        """A span of these fields."""
        self.label = label
        self.start = start
        self.end = end
        self.text = text
        self.data = data


class Annotations:
    """The spans of one document by label, sorted by start, with lookups by range."""

    def __init__(self) -> None:
        self._by_label: dict[str, list[Span]] = {}
        self._starts: dict[str, list[int]] = {}

    def set(self, label: str, spans: list[Span]) -> None:
        spans = sorted(spans, key=lambda s: (s.start, -s.end))
        self._by_label[label] = spans
        self._starts[label] = [s.start for s in spans]

    def labels(self) -> list[str]:
        return list(self._by_label)

    def all(self, label: str) -> list[Span]:
        return self._by_label.get(label, [])

    def within(self, label: str, start: int, end: int) -> list[Span]:
        """The spans of ``label`` lying wholly inside [start, end)."""
        spans = self._by_label.get(label, [])
        i = bisect_left(self._starts.get(label, []), start)
        out = []
        while i < len(spans) and spans[i].start < end:
            if spans[i].end <= end:
                out.append(spans[i])
            i += 1
        return out


@dataclass
class Reference:
    type: str | None
    number: str | None
    date: str | None
    text: str
    start: int
    end: int
    section: str = ""


@dataclass
class Task:
    text: str
    start: int
    end: int
    section: str
    lead: list[str] = field(default_factory=list)
    coordinating: list[str] = field(default_factory=list)
    deadline: str | None = None
    deadline_text: str | None = None
    recurrence: str | None = None
    recurrence_start: str | None = None
    action: str | None = None
    status_hint: str | None = None
    source: str = "text"   # text | table
    table_row: int | None = None
    lead_spans: list["Span"] = field(default_factory=list)          # the words each lead came from (offsets into
    coordinating_spans: list["Span"] = field(default_factory=list)  # Text.text; -1 when named by a field or table)


@dataclass
class Target:
    indicator: str
    unit: str | None
    value: float | None
    comparator: str
    year: int | None
    text: str
    start: int
    end: int
    section: str
    basis: str | None = None
    value_max: float | None = None
    source: str = "text"


@dataclass
class Document:
    start: int
    end: int
    number: str | None = None
    type: str | None = None
    issuer: str | None = None
    issued_date: str | None = None
    place: str | None = None
    title: str | None = None
    signer: str | None = None
    signer_title: str | None = None
    attached_to: str | None = None
    normative: bool = False      # a legal normative document (Luật, Nghị định, Thông tư, a numbered `…/YYYY/QĐ-…`):
                                 # it binds bodies by rules rather than assigning work item by item
    addressees: list[str] = field(default_factory=list)
    body_start: int = 0          # where the body (after the header block) begins
    parts: list[tuple[int, int, str]] = field(default_factory=list)  # attached plans/appendices: (start, end, kind)
    sections: list[Section] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    spans: Annotations = field(default_factory=Annotations)
    references: list[Reference] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)

    @property
    def year(self) -> int | None:
        if self.issued_date:
            return int(self.issued_date[:4])
        return None
