"""Serialise an extraction to the knowledge-base JSON contract (schema_version 1), offsets mapped back to the source as read."""
from __future__ import annotations

from collections import Counter
from pathlib import PurePath

from .lines import fold_ws
from .model import Document, Section, Span, Table, stable_id
from .pipeline import Extraction

SCHEMA_VERSION = "1"


def to_dict(ex: Extraction, key: str | None = None) -> dict:
    """The JSON contract of an extraction. Ids are derived from the content and from ``key``, the file's path
    relative to the folder a knowledge base is built from (default: its file name), never from an absolute path:
    the same on every run and machine, and distinct for two files of identical content."""
    key = PurePath(ex.source.path).name if key is None else key
    docs, seen = [], Counter()
    for doc in ex.documents:
        docs.append(_document(ex, doc, key, seen))
    return {"schema_version": SCHEMA_VERSION, "source": ex.source.as_dict(), "documents": docs}


def _span(ex: Extraction, start: int, end: int) -> tuple[int, int]:
    return ex.text.orig_span(start, end)


def _page(ex: Extraction, orig_start: int) -> dict:
    """For paged formats (PDF), the page an item starts on."""
    if not ex.source.pages:
        return {}
    return {"page": ex.source.page_of(orig_start)}


def _unique(ids: Counter, base: str) -> str:
    ids[base] += 1
    return base if ids[base] == 1 else f"{base}-{ids[base]}"


def _document(ex: Extraction, doc: Document, key: str, doc_ids: Counter) -> dict:
    text = ex.text.text
    doc_id = _unique(doc_ids, stable_id(key, doc.number or "", doc.type or "", doc.issued_date or "",
                                        text[doc.start:doc.end]))
    seen: Counter = Counter()
    s, e = _span(ex, doc.start, doc.end)
    out = {
        "id": doc_id,
        "number": doc.number,
        "type": doc.type,
        "issuer": doc.issuer,
        "issued_date": doc.issued_date,
        "place": doc.place,
        "title": doc.title,
        "signer": doc.signer,
        "signer_title": doc.signer_title,
        "attached_to": doc.attached_to,
        "addressees": doc.addressees,
        "start": s,
        "end": e,
        "parts": [dict(zip(("start", "end"), _span(ex, a, b)), type=kind) for a, b, kind in doc.parts],
        "sections": _sections(ex, doc.sections),
        "tables": [_table(ex, doc_id, i, tb) for i, tb in enumerate(doc.tables)],
        "references": [],
        "tasks": [],
        "targets": [],
    }
    for ref in doc.references:
        rs, re_ = _span(ex, ref.start, ref.end)
        out["references"].append({"type": ref.type, "number": ref.number, "date": ref.date, "text": fold_ws(ref.text),
                                  "section": ref.section, "start": rs, "end": re_, **_page(ex, rs)})
    for task in doc.tasks:
        ts, te = _span(ex, task.start, task.end)
        tid = _unique(seen, stable_id(doc_id, "task", task.section, fold_ws(task.text)))
        out["tasks"].append({
            "id": tid, "text": fold_ws(task.text), "section": task.section, "lead": task.lead,
            "coordinating": task.coordinating, "deadline": task.deadline, "deadline_text": task.deadline_text,
            "recurrence": task.recurrence, "recurrence_start": task.recurrence_start, "action": task.action,
            "status_hint": task.status_hint, "origin": task.source, "table_row": task.table_row,
            "lead_spans": [_agency_span(ex, s) for s in task.lead_spans],
            "coordinating_spans": [_agency_span(ex, s) for s in task.coordinating_spans],
            "start": ts, "end": te, **_page(ex, ts)})
    for tg in doc.targets:
        ts, te = _span(ex, tg.start, tg.end)
        gid = _unique(seen, stable_id(doc_id, "target", tg.section, tg.indicator, tg.value, tg.year))
        out["targets"].append({
            "id": gid, "indicator": tg.indicator, "unit": tg.unit, "value": tg.value, "value_max": tg.value_max,
            "comparator": tg.comparator, "year": tg.year, "basis": tg.basis, "text": fold_ws(tg.text),
            "section": tg.section, "origin": tg.source, "start": ts, "end": te, **_page(ex, ts)})
    return out


def _agency_span(ex: Extraction, span: Span) -> dict:
    """A lead or coordinating agency with the words it was read from (offsets into the source as read)."""
    if span.start < 0:
        return {"name": span.data.name, "text": fold_ws(span.text), "start": None, "end": None}
    s, e = _span(ex, span.start, span.end)
    return {"name": span.data.name, "text": fold_ws(span.text), "start": s, "end": e}


def _sections(ex: Extraction, roots: list[Section]) -> list[dict]:
    flat: list[dict] = []
    index: dict[int, int] = {}
    for r in roots:
        for s in r.walk():
            index[id(s)] = len(flat)
            ss, se = _span(ex, s.start, s.end)
            flat.append({"path": s.path, "kind": s.kind, "marker": s.marker, "title": s.title[:300],
                         "level": s.level, "parent": index.get(id(s.parent)) if s.parent else None,
                         "start": ss, "end": se})
    return flat


def _table(ex: Extraction, doc_id: str, i: int, tb: Table) -> dict:
    s, e = _span(ex, tb.start, tb.end)
    rows = []
    for r in tb.rows:
        rs, re_ = _span(ex, r.start, r.end)
        rows.append({"cells": r.cells, "group": r.group, "start": rs, "end": re_})
    return {"id": stable_id(doc_id, "table", i, "|".join(tb.header)), "section": tb.section, "header": tb.header,
            "kind": tb.kind, "roles": tb.roles, "years": tb.years, "groups": tb.groups, "rows": rows, "start": s,
            "end": e}
