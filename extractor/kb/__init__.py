"""The corpus knowledge base: `build` a folder into output/, then query it with `KnowledgeBase("output/")`."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import store
from .build import DB, BuildError, BuildReport, build
from .search import MAX_WITHIN, Filters, Hit, iso_date, whole_number

__all__ = ["KnowledgeBase", "build", "BuildReport", "BuildError", "Hit", "Filters"]


class KnowledgeBase:
    """Read-only access to a built knowledge base (a folder holding kb.sqlite, or the file itself).

    Filters, shared by every query: ``kind`` (task | target | document), ``agency`` (canonical name or
    abbreviation; keeps tasks only) with ``role`` (lead | coordinating), ``due_before``/``due_after`` (ISO
    dates, inclusive; keep tasks only), ``year`` (of the document's issue), ``doc_type``, ``doc`` (id or number).
    """

    def __init__(self, path: str | Path = "output"):
        p = Path(path)
        self.path = p / DB if p.is_dir() else p
        if not self.path.is_file():
            raise FileNotFoundError(f"{self.path}: no knowledge base here; run `extractor build CORPUS -o {p}`")
        self.conn = store.connect(self.path, readonly=True, mmap=True)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "KnowledgeBase":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -------------------------------------------------------------- search

    def search(self, query: str, limit: int = 20, offset: int = 0, mark: tuple[str, str] = ("[", "]"),
               **filters) -> list[Hit]:
        """Hits for ``query`` (plain text, any accents), exact-accent matches first, then by BM25."""
        from .search import search

        return search(self.conn, query, Filters(**filters), limit=limit, offset=offset, mark=mark)

    def count(self, query: str | None = None, **filters) -> int:
        from .search import count

        return count(self.conn, query, Filters(**filters))

    def facets(self, query: str | None = None, top: int = 20, **filters) -> dict[str, dict]:
        """Counts by kind, document year, document type and (tasks) agency of what ``query`` and the filters match."""
        from .search import facets

        return facets(self.conn, query, Filters(**filters), top=top)

    # -------------------------------------------------------------- tables

    def _frame(self, table: str, filters: dict, extra_cond: str = "", extra_params: tuple = (), order: str = ""):
        from .export import ITEM, frame
        from .search import where

        kind, item, deadline = ITEM[table]
        cond, params = where(self.conn, Filters(**filters), kind, item, deadline)
        return frame(self.conn, table, cond + extra_cond, [*params, *extra_params], order)

    def tasks(self, **filters):
        """Tasks as a pandas DataFrame (lead and coordinating agencies joined by `; `)."""
        return self._frame("tasks", filters)

    def targets(self, **filters):
        return self._frame("targets", filters)

    def documents(self, **filters):
        return self._frame("documents", filters)

    def due(self, agency: str | None = None, within: int = 90, today: str | dt.date | None = None,
            role: str | None = None, **filters):
        """Tasks due in the next ``within`` days and the overdue ones, relative to ``today`` (default: the real
        today), by deadline; columns ``status`` (overdue | due) and ``days`` (negative when overdue) lead."""
        today = dt.date.fromisoformat(iso_date(today, "today")) if today else dt.date.today()
        within = whole_number(within, "within", 0, MAX_WITHIN)
        until = today + dt.timedelta(days=within)
        df = self._frame("tasks", {**filters, "agency": agency, "role": role, "due_before": until.isoformat()},
                         " AND t.deadline IS NOT NULL", (), "t.deadline, ")
        days = [(dt.date.fromisoformat(d[:10]) - today).days for d in df["deadline"]]
        df.insert(0, "days", days)
        df.insert(0, "status", ["overdue" if n < 0 else "due" for n in days])
        return df

    # -------------------------------------------------------------- citations

    def cites(self, number: str) -> dict:
        """The corpus documents numbered ``number`` (with what they cite and what cites them) and every citing sentence."""
        from .cites import cites

        return cites(self.conn, number)

    def document(self, doc_id: str) -> dict | None:
        """One document's stored fields, with ``cites`` and ``cited_by``."""
        from .cites import links

        cur = self.conn.execute("SELECT * FROM documents WHERE id = ? ORDER BY file, ordinal LIMIT 1", (doc_id,))
        row = cur.fetchone()
        if row is None:
            return None
        doc = dict(zip([c[0] for c in cur.description], row))
        return {**{k: v for k, v in doc.items() if k not in ("pk", "number_key")}, **links(self.conn, doc["pk"])}
