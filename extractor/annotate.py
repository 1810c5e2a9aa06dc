"""The annotate stage: agencies, time expressions and references found once over each document's text and kept as spans on it."""
from __future__ import annotations

from dataclasses import replace

from .agencies import find_agencies
from .deadlines import find_time_expressions
from .model import Document, Span, Text


def annotate(t: Text, doc: Document) -> None:
    """Fill ``doc.spans``: `agency` (data: the AgencyMention, offsets into ``t.text``), `time` (data: the Deadline
    reading, offsets into ``t.text``) and `reference` (data: the Reference). Readers (tasks, targets, the view) take
    the spans inside the range they read instead of running the recognisers again on pieces of the text."""
    base = doc.start
    text = t.text[doc.start:doc.end]
    doc.spans.set("agency", [
        Span("agency", base + m.start, base + m.end, m.text, replace(m, start=base + m.start, end=base + m.end))
        for m in find_agencies(text)])
    doc.spans.set("time", [
        Span("time", base + d.start, base + d.end, d.text, replace(d, start=base + d.start, end=base + d.end))
        for d in find_time_expressions(text, doc.year)])
    doc.spans.set("reference", [Span("reference", r.start, r.end, r.text, r) for r in doc.references])
