"""The pipeline: load → normalise → split → metadata → tables → structure → references → tasks → targets, over one document model."""
from __future__ import annotations

import gc
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

from .annotate import annotate
from .metadata import read_metadata
from .lines import LineIndex
from .model import Document, Source, Text
from .normalize import normalize
from .parsers.structure import build_tree, paragraphs, section_at
from .parsers.fragments import find_fragment_tables
from .parsers.load import load
from .parsers.tables import find_tables
from .patterns.doctypes import is_normative
from .parsers.text import DEFAULT_MAX_BYTES, source_from_bytes, source_from_text
from .references import find_references, number_key
from .split import Part, split_documents
from .targets import extract_targets
from .tasks import extract_tasks


@dataclass
class Extraction:
    """Everything extracted from one source file."""

    source: Source
    text: Text
    documents: list[Document] = field(default_factory=list)


def _body_start(text: str, part: Part) -> int:
    """Where an attached part's own content begins: after its header and a `(Kèm theo …)` line wrapped over two."""
    h = part.header
    if h is None:
        return part.start
    pos = h.end
    if h.attached:
        line_start = h.attached["line"].start
        opened = text.count("(", line_start, pos) - text.count(")", line_start, pos)
        if opened > 0:
            close = text.find(")", pos, pos + 400)
            if close >= 0:
                nl = text.find("\n", close)
                pos = len(text) if nl < 0 else nl
    return pos


def _appendix_title(part: Part) -> tuple[int, int] | None:
    """Where the title of an attached part lies: the lines after its type line (`Phụ lục I`), up to its
    `(Kèm theo …)` line or the end of its header."""
    h = part.header
    if h is None or h.type_line is None:
        return None
    end = h.attached["line"].start if h.attached and h.attached["line"].start > h.type_line.end else h.end
    return (h.type_line.end, end) if end > h.type_line.end else None


def process_document(t: Text, part: Part, lines: LineIndex | None = None) -> Document:
    text = t.text
    doc = Document(start=part.start, end=part.end)
    read_metadata(text, part, doc, lines)
    doc.normative = is_normative(doc.type, doc.number)
    doc.parts = [(a.start, a.end, a.header.doc_type or "") for a in part.attachments]
    doc.tables = find_tables(text, doc.start, doc.end, lines)
    doc.tables += [tb for tb in find_fragment_tables(text, doc.start, doc.end, lines)
                   if not any(o.start <= tb.start < o.end for o in doc.tables)]
    doc.tables.sort(key=lambda tb: tb.start)
    skip = [(tb.start, tb.end) for tb in doc.tables]
    # the main part, then each attached part with its own root
    ranges = [(max(doc.body_start, part.start), part.attachments[0].start if part.attachments else part.end, None, None)]
    for a in part.attachments:
        root = "Phụ lục" if a.header and a.header.doc_type == "Phụ lục" else None
        if root and a.header.type_line is not None:
            label = " ".join(a.header.type_line.stripped.split())
            root = "Phụ lục" + label[7:] if label.lower().startswith("phụ lục") else root
        ranges.append((_body_start(text, a), a.end, root, _appendix_title(a)))
    if part.header is None:
        ranges = [(doc.body_start, doc.end, None, None)]
    for start, end, root, title in ranges:
        paras = paragraphs(text, start, end, skip, lines)
        roots = build_tree(text, paras, root, (start, end))
        if root and title and roots and roots[0].kind == "appendix":
            # `Phụ lục I / NHIỆM VỤ CỦA CÁC BỘ, NGÀNH, ĐỊA PHƯƠNG …`: the appendix's own title heads its items
            roots[0].title, roots[0].title_span = " ".join(text[title[0]:title[1]].split()), title
        doc.sections.extend(roots)
    _place_tables(doc)
    own = {number_key(n) for n in [doc.number, doc.attached_to] if n}
    doc.references = find_references(t.folded, doc.start, doc.end, exclude=own)
    for ref in doc.references:
        ref.text = text[ref.start:ref.end]
        ref.section = _section_path(doc, ref.start)
    annotate(t, doc)
    doc.tasks = extract_tasks(t, doc)
    doc.targets = extract_targets(t, doc)
    return doc


def _section_path(doc: Document, pos: int) -> str:
    s = section_at(doc.sections, pos)
    return s.path if s else ""


def _place_tables(doc: Document) -> None:
    """A table belongs to the heading that introduces it: the last section opened before it (of two opened at the same
    place, the first in document order)."""
    if not doc.tables:
        return
    sections = sorted((s for r in doc.sections for s in r.walk() if s.kind != "recipients"), key=attrgetter("start"))
    starts = [s.start for s in sections]
    for tb in doc.tables:
        i = bisect_right(starts, tb.start)
        tb.section = sections[bisect_left(starts, starts[i - 1])].path if i else ""


def run(source: Source) -> Extraction:
    t = normalize(source)
    result = Extraction(source=source, text=t)
    lines = LineIndex(t.text)     # split once, read by every stage that goes line by line
    for part in split_documents(t.text, lines):
        result.documents.append(process_document(t, part, lines))
    return result


GC_YOUNG = 10_000   # new objects between two collections of the youngest generation in a batch (Python's default: 700)


def batch_gc() -> None:
    """Garbage collection for a process that extracts file after file (a batch of the CLI, the workers' fork server):
    what is loaded by then (patterns, word lists, models) is left out of every later collection (gc.freeze), and the
    youngest generation is collected every GC_YOUNG new objects. Memory stays bounded: a document's cyclic garbage (its
    section tree) waits for at most that many new objects. 370 real files: 2.2 → 0.6 CPU-s in collections."""
    gc.freeze()
    gc.set_threshold(GC_YOUNG, *gc.get_threshold()[1:])


def extract_file(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Extraction:
    """Extract one file; raises ExtractorError (with a one-line message) for a file that cannot be read."""
    return run(load(path, max_bytes=max_bytes))


def extract_bytes(data: bytes, name: str = "<bytes>") -> Extraction:
    return run(source_from_bytes(data, name))


def extract_text(text: str, name: str = "<text>") -> Extraction:
    return run(source_from_text(text, name))
