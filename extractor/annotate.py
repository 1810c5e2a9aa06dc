"""The annotate stage: agencies, time expressions and references found once over each document's text and kept as spans on it."""
from __future__ import annotations

from .agencies import read_agencies
from .deadlines import find_time_expressions
from .model import Document, Span, Text
from .patterns.fold import folded_part


def time_year(doc: Document) -> int | None:
    """The year that completes a day or month written without one: the document's own, except in a normative text,
    where `trước ngày 31 tháng 12` recurs every year and so has none."""
    return None if doc.normative else doc.year


def annotate(t: Text, doc: Document) -> None:
    """Fill ``doc.spans``: `agency` (data: the AgencyMention, offsets into ``t.text``), `time` (data: the Deadline
    reading, offsets into ``t.text``) and `reference` (data: the Reference). Readers (tasks, targets, the view) take
    the spans inside the range they read instead of running the recognisers again on pieces of the text."""
    found, times = [], []
    for base, end in chunks(t.text, doc.start, doc.end):
        chunk = t.text[base:end]
        for m in read_agencies(chunk, folded_part(chunk, t.folded, base, end)):   # (no memo: a chunk is read once)
            m.start += base       # a mention of its own (read afresh, in no memo): moved to the file's offsets in place
            m.end += base
            found.append(Span("agency", m.start, m.end, m.text, m))
        times += [Span("time", d.start, d.end, d.text, d)
                  for d in find_time_expressions(t.text, time_year(doc), base, end, folded=t.folded)]
    doc.spans.set("agency", found)
    doc.spans.set("time", times)
    doc.spans.set("reference", [Span("reference", r.start, r.end, r.text, r) for r in doc.references])


CHUNK = 100_000   # characters read by the recognisers at a time (spaCy refuses a text over 1 000 000)


def chunks(text: str, start: int, end: int, size: int = CHUNK) -> list[tuple[int, int]]:
    """[start, end) cut at line ends into pieces of at most ``size`` characters (a longer line is cut where it
    reaches the size): the recognisers' work grows with the text, never past a bounded piece."""
    out, a = [], start
    while end - a > size:
        cut = text.rfind("\n", a, a + size)
        cut = cut + 1 if cut > a else a + size
        out.append((a, cut))
        a = cut
    out.append((a, end))
    return out
