"""Serialise an extraction to the knowledge-base JSON contract (schema_version 1), offsets mapped back to the source as read."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path, PurePath
from typing import Iterator

from .lines import fold_ws
from .model import Document, Section, Span, Table, stable_id
from .pipeline import Extraction

SCHEMA_VERSION = "1"
# The JSON Schema of the contract ships in the package; its $id names the major version, and every extraction
# names it in "$schema". The id is an identifier: the file itself is SCHEMA_PATH (`extractor.output.json_schema()`).
SCHEMA_ID = f"https://extractor.github.io/schema/kb/{SCHEMA_VERSION}.json"
SCHEMA_PATH = Path(__file__).resolve().with_name("schema") / "kb.schema.json"


def to_dict(ex: Extraction, key: str | None = None) -> dict:
    """The JSON contract of an extraction. Ids are derived from the content and from ``key``, the file's path
    relative to the folder a knowledge base is built from (default: its file name), never from an absolute path:
    the same on every run and machine, and distinct for two files of identical content."""
    key = PurePath(ex.source.path).name if key is None else key
    docs, seen = [], Counter()
    for doc in ex.documents:
        docs.append(_document(ex, doc, key, seen))
    return {"$schema": SCHEMA_ID, "schema_version": SCHEMA_VERSION, "source": ex.source.as_dict(), "documents": docs}


def json_schema() -> dict:
    """The JSON Schema (draft 2020-12) of ``to_dict``'s output, as shipped in the package."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


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
    span = ex.text.orig_span
    for ref in doc.references:
        rs, re_ = span(ref.start, ref.end)
        out["references"].append({"type": ref.type, "number": ref.number, "date": ref.date, "text": fold_ws(ref.text),
                                  "section": ref.section, "start": rs, "end": re_, **_page(ex, rs)})
    for task in doc.tasks:
        ts, te = span(task.start, task.end)
        words = fold_ws(task.text)
        tid = _unique(seen, stable_id(doc_id, "task", task.section, words))
        out["tasks"].append({
            "id": tid, "text": words, "section": task.section, "lead": task.lead,
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
    span = ex.text.orig_span
    for r in roots:
        for s in r.walk():
            index[id(s)] = len(flat)
            ss, se = span(s.start, s.end)
            parent = s.parent
            flat.append({"path": s.path, "kind": s.kind, "marker": s.marker, "title": s.title[:300],
                         "level": s.level, "parent": None if parent is None else index.get(id(parent)),
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


# ------------------------------------------------------------------ JSON Lines

KINDS = {"tasks": "task", "targets": "target", "references": "reference"}


def items(data: dict, file: str | None = None) -> Iterator[dict]:
    """One object per task, target and reference of an extraction's JSON (``to_dict``), in document order: ``kind``
    (task | target | reference), where it comes from (``file``: the name given, else the source's file name;
    ``sha256`` of the file; its document's ``doc_id``, ``doc_number``, ``doc_type``, ``doc_date``, as in the CSV
    exports), then the item's own keys as in the JSON (``start``/``end`` offsets into the file, ``page``)."""
    src = data.get("source") or {}
    file = PurePath(str(src.get("path") or "")).name if file is None else file
    for doc in data.get("documents", []):
        where = {"file": file, "sha256": src.get("sha256"), "doc_id": doc.get("id"), "doc_number": doc.get("number"),
                 "doc_type": doc.get("type"), "doc_date": doc.get("issued_date")}
        for key, kind in KINDS.items():
            for item in doc.get(key) or []:
                yield {"kind": kind, **where, **item}


def jsonl_line(item: dict) -> str:
    """One JSON Lines record (UTF-8 text, no newline inside, ending in one)."""
    return json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n"
