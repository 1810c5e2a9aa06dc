"""Knowledge-base access for the HTTP API and web UI: per-thread connections reopened when a build publishes, filtered rows, CSV."""
from __future__ import annotations

import csv
import io
import json
import math
import os
import threading
from pathlib import Path

from ..kb import KnowledgeBase
from ..kb.build import DB

LISTS = ("tasks", "targets", "references", "documents")
SPLIT = ("lead", "coordinating")  # columns the store joins with `; `, lists in JSON


class NoKnowledgeBase(Exception):
    """The output folder holds no kb.sqlite (yet)."""


class KBHandle:
    """A ``KnowledgeBase`` per thread, reopened whenever ``kb.sqlite`` is replaced (a build or the inbox published)."""

    def __init__(self, kb_dir: str | Path):
        p = Path(kb_dir)
        self.dir = p if p.suffix != ".sqlite" else p.parent
        self.path = p / DB if p.suffix != ".sqlite" else p
        self._local = threading.local()

    def get(self) -> KnowledgeBase:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            raise NoKnowledgeBase(f"{self.dir}: no knowledge base yet; run `extractor build CORPUS -o {self.dir}`") from None
        key = (st.st_ino, st.st_mtime_ns, st.st_size)
        loc = self._local
        if getattr(loc, "key", None) != key:
            old = getattr(loc, "kb", None)
            if old is not None:
                old.close()
            loc.kb, loc.key = KnowledgeBase(self.path), key
        return loc.kb

    def document_json(self, doc_id: str) -> dict | None:
        """The stored extraction contract of one document (documents/<id>.json), or None."""
        if not doc_id or "/" in doc_id or doc_id.startswith("."):
            return None
        p = self.dir / "documents" / f"{doc_id}.json"
        return json.loads(p.read_text(encoding="utf-8")) if p.is_file() else None


def clean(value):
    """A JSON-safe scalar: NaN and pandas NA become None, numpy numbers plain numbers."""
    if value is None or isinstance(value, (str, bool, list, dict)):
        return value
    try:
        if value != value:  # NaN
            return None
    except (TypeError, ValueError):  # pandas NA
        return None
    if hasattr(value, "item"):
        value = value.item()
    return None if isinstance(value, float) and math.isinf(value) else value


def frame_rows(df, lists: bool = True) -> list[dict]:
    rows = []
    for r in df.astype(object).to_dict("records"):
        row = {k: clean(v) for k, v in r.items()}
        if lists:
            for k in SPLIT:
                if k in row:
                    row[k] = [x for x in (row[k] or "").split("; ") if x]
        rows.append(row)
    return rows


def table(kb: KnowledgeBase, name: str, filters: dict):
    """One list (tasks, targets, documents, references) as a DataFrame, filtered like the CLI search."""
    if name == "references":
        from ..kb.export import frame
        from ..kb.search import Filters, where

        number = filters.pop("number", None)
        cond, params = where(kb.conn, Filters(**filters), "'reference'", "r.pk", "NULL")
        if number:
            from ..references import number_key

            cond += " AND r.number_key = ?"
            params.append(number_key(number))
        return frame(kb.conn, "references", cond, params)
    return getattr(kb, name)(**filters)


def to_csv(rows: list[dict], columns: list[str] | None = None) -> str:
    """CSV text with a UTF-8 BOM (spreadsheets then read Vietnamese right); lists joined by `; `."""
    buf = io.StringIO()
    buf.write("\ufeff")
    names = list(rows[0]) if rows else (columns or [])
    writer = csv.DictWriter(buf, fieldnames=names, extrasaction="ignore")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in r.items()})
    return buf.getvalue()
