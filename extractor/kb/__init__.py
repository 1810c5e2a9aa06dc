"""The corpus knowledge base: `build` a folder into output/, then query it with `KnowledgeBase("output/")`."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal, Optional, Union

from . import store
from .build import DB, BuildError, BuildReport, build
from .search import MAX_WITHIN, Filters, Hit, iso_date, whole_number

__all__ = ["KnowledgeBase", "build", "BuildReport", "BuildError", "Hit", "Filters"]

Kind = Literal["task", "target", "document"]
Role = Literal["lead", "coordinating"]
Day = Union[str, dt.date]  # 2025-12-31, 31/12/2025, 31-12-2025 or a date (search.iso_date)


class KnowledgeBase:
    """Read-only access to a built knowledge base (a folder holding kb.sqlite, or the file itself).

    Results: ``search`` gives ranked ``Hit`` objects (``search_frame`` the same as a DataFrame); the lists
    (``tasks``, ``targets``, ``documents``, ``due``) are pandas DataFrames; ``count`` an int, ``facets`` a dict.

    Filters, keyword-only and the same in every query (a misspelt one is a TypeError naming it):
      kind        task | target | document
      agency      a name, abbreviation or name without accents (`Bộ Công an`, `BCA`, `bo cong an`); keeps tasks
                  only. By succession (data/succession.csv): a successor finds its predecessors' tasks too
                  (`Bộ Tài chính` → those of `Bộ Kế hoạch và Đầu tư`), a body that was merged its own and its
                  successor's
      role        with agency: lead | coordinating (default: either)
      due_before, due_after   deadlines from/until these days, inclusive (`2025-12-31`, `31/12/2025`,
                  `31-12-2025` or a date); keep tasks only
      year        the document's year of issue
      doc_type    Quyết định, QĐ, quyet dinh …
      doc         one document: its id or number (240/QĐ-TTg)
      successor   show each agency under the body that holds its duties now: facets by successor; in tasks and
                  due, ``lead``/``coordinating`` name the successors (the documents' names in ``*_as_written``)
    A document filed twice (the same number, issuer and date, or the same text, in two files) is one document,
    listed and found once, with both files in its ``sources`` (``document``, ``documents``).
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

    def search(self, query: str, limit: int = 20, offset: int = 0, mark: tuple[str, str] = ("[", "]"), *,
               kind: Optional[Kind] = None, agency: Optional[str] = None, role: Optional[Role] = None,
               due_before: Optional[Day] = None, due_after: Optional[Day] = None, year: Optional[int] = None,
               doc_type: Optional[str] = None, doc: Optional[str] = None, successor: bool = False) -> list[Hit]:
        """Hits for ``query`` (plain text, any accents), exact-accent matches first, then by BM25; filters: see the
        class. ``mark``: what snippets wrap each match in."""
        from .search import search

        f = Filters(kind=kind, agency=agency, role=role, due_before=due_before, due_after=due_after, year=year,
                    doc_type=doc_type, doc=doc, successor=successor)
        return search(self.conn, query, f, limit=limit, offset=offset, mark=mark)

    def search_frame(self, query: str, limit: int = 20, offset: int = 0, mark: tuple[str, str] = ("[", "]"), *,
                     kind: Optional[Kind] = None, agency: Optional[str] = None, role: Optional[Role] = None,
                     due_before: Optional[Day] = None, due_after: Optional[Day] = None, year: Optional[int] = None,
                     doc_type: Optional[str] = None, doc: Optional[str] = None, successor: bool = False):
        """``search`` as a pandas DataFrame: one row a hit, in rank order, the fields of ``Hit`` as columns."""
        import pandas as pd

        hits = self.search(query, limit, offset, mark, kind=kind, agency=agency, role=role, due_before=due_before,
                           due_after=due_after, year=year, doc_type=doc_type, doc=doc, successor=successor)
        from dataclasses import fields

        return pd.DataFrame([h.as_dict() for h in hits], columns=[f.name for f in fields(Hit)])

    def count(self, query: Optional[str] = None, *, kind: Optional[Kind] = None, agency: Optional[str] = None,
              role: Optional[Role] = None, due_before: Optional[Day] = None, due_after: Optional[Day] = None,
              year: Optional[int] = None, doc_type: Optional[str] = None, doc: Optional[str] = None,
              successor: bool = False) -> int:
        """How many items match ``query`` (None: every item) and the filters (see the class)."""
        from .search import count

        return count(self.conn, query, Filters(kind=kind, agency=agency, role=role, due_before=due_before,
                                               due_after=due_after, year=year, doc_type=doc_type, doc=doc,
                                               successor=successor))

    def facets(self, query: Optional[str] = None, top: int = 20, *, kind: Optional[Kind] = None,
               agency: Optional[str] = None, role: Optional[Role] = None, due_before: Optional[Day] = None,
               due_after: Optional[Day] = None, year: Optional[int] = None, doc_type: Optional[str] = None,
               doc: Optional[str] = None, successor: bool = False) -> dict[str, dict]:
        """Counts by kind, document year, document type and (tasks) agency of what ``query`` and the filters match;
        ``top``: the most frequent agencies kept. An agency is counted under its spellings' key (case, tone marks),
        shown in its most used spelling; with ``successor``, under the body that holds its duties now."""
        from .search import facets

        return facets(self.conn, query, Filters(kind=kind, agency=agency, role=role, due_before=due_before,
                                                due_after=due_after, year=year, doc_type=doc_type, doc=doc,
                                                successor=successor), top=top)

    def successor(self, name: str, on: Optional[Day] = None) -> str:
        """The body that holds ``name``'s duties on ``on`` (default: after every succession of data/succession.csv):
        `successor("Bộ Kế hoạch và Đầu tư")` → `Bộ Tài chính`; with `on="2025-02-28"` → `Bộ Kế hoạch và Đầu tư`;
        a body no succession concerns → its canonical name."""
        from .succession import successor

        return successor(name, on)

    # -------------------------------------------------------------- tables

    def _frame(self, table: str, filters: dict, extra_cond: str = "", extra_params: tuple = (), order: str = "",
               on: Optional[Day] = None):
        """One list, filtered; tasks with their ``successor`` column (as of ``on``, default now); documents with
        their ``sources``."""
        from .export import ITEM, frame
        from .search import where

        kind, item, deadline = ITEM[table]
        f = Filters(**filters)
        cond, params = where(self.conn, f, kind, item, deadline)
        df = frame(self.conn, table, cond + extra_cond, [*params, *extra_params], order)
        if table == "tasks":
            from .succession import add_successors

            df = add_successors(self.conn, df, on, replace=f.successor)
        elif table == "documents":
            from .cites import sources

            pks = dict(self.conn.execute("SELECT id, pk FROM documents WHERE dup_of IS NULL"))
            df["sources"] = ["; ".join(sources(self.conn, pks[i])) if i in pks else None for i in df["id"]]
        return df

    def tasks(self, state: str | None = None, *, agency: Optional[str] = None, role: Optional[Role] = None,
              due_before: Optional[Day] = None, due_after: Optional[Day] = None, year: Optional[int] = None,
              doc_type: Optional[str] = None, doc: Optional[str] = None, successor: bool = False,
              kind: Optional[Kind] = None):
        """Tasks as a pandas DataFrame (lead and coordinating agencies joined by `; `), with their ``state`` (open |
        done | cancelled: tracking.sqlite); ``state`` keeps the tasks in that state."""
        from .tracking import add_states

        filters = dict(kind=kind, agency=agency, role=role, due_before=due_before, due_after=due_after, year=year,
                       doc_type=doc_type, doc=doc, successor=successor)
        return add_states(self.tracking, self.conn, self._frame("tasks", filters), state)

    def targets(self, *, kind: Optional[Kind] = None, agency: Optional[str] = None, role: Optional[Role] = None,
                due_before: Optional[Day] = None, due_after: Optional[Day] = None, year: Optional[int] = None,
                doc_type: Optional[str] = None, doc: Optional[str] = None, successor: bool = False):
        """Targets as a pandas DataFrame; a task filter (agency, role, due_*) keeps none."""
        return self._frame("targets", dict(kind=kind, agency=agency, role=role, due_before=due_before,
                                           due_after=due_after, year=year, doc_type=doc_type, doc=doc))

    def documents(self, *, kind: Optional[Kind] = None, agency: Optional[str] = None, role: Optional[Role] = None,
                  due_before: Optional[Day] = None, due_after: Optional[Day] = None, year: Optional[int] = None,
                  doc_type: Optional[str] = None, doc: Optional[str] = None, successor: bool = False):
        """Documents as a pandas DataFrame, one row a document (one for a document filed twice), with ``sources``:
        the files it was read from, joined by `; `; a task filter keeps none."""
        return self._frame("documents", dict(kind=kind, agency=agency, role=role, due_before=due_before,
                                             due_after=due_after, year=year, doc_type=doc_type, doc=doc))

    def due(self, agency: str | None = None, within: int = 90, today: Optional[Day] = None,
            role: Optional[Role] = None, include_closed: bool = False, *, due_after: Optional[Day] = None,
            year: Optional[int] = None, doc_type: Optional[str] = None, doc: Optional[str] = None,
            successor: bool = False):
        """Open tasks due in the next ``within`` days and the overdue ones, relative to ``today`` (default: the real
        today), by deadline; columns ``status`` (overdue | due), ``days`` (negative when overdue) and ``state`` lead;
        ``include_closed``: the done and cancelled ones too. ``today`` and ``due_after``: `2025-12-31`, `31/12/2025`,
        `31-12-2025` or a date; ``successor``: leads shown as the bodies holding their duties on ``today``; other
        filters: see the class."""
        from .tracking import add_states

        today = dt.date.fromisoformat(iso_date(today, "today")) if today else dt.date.today()
        within = whole_number(within, "within", 0, MAX_WITHIN)
        until = today + dt.timedelta(days=within)
        filters = dict(agency=agency, role=role, due_before=until.isoformat(), due_after=due_after, year=year,
                       doc_type=doc_type, doc=doc, successor=successor)
        df = self._frame("tasks", filters, " AND t.deadline IS NOT NULL", (), "t.deadline, ", on=today)
        days = [(dt.date.fromisoformat(d[:10]) - today).days for d in df["deadline"]]
        df.insert(0, "days", days)
        df.insert(0, "status", ["overdue" if n < 0 else "due" for n in days])
        return add_states(self.tracking, self.conn, df, None if include_closed else "open", at=2)

    # -------------------------------------------------------------- citations

    def cites(self, number: str) -> dict:
        """The corpus documents numbered ``number`` (with what they cite and what cites them) and every citing sentence."""
        from .cites import cites

        return cites(self.conn, number)

    def document(self, doc_id: str) -> dict | None:
        """One document's stored fields, with ``cites`` and ``cited_by``."""
        from .cites import links

        # a copy of a document filed twice answers as the document (store.dedupe), its file among the ``sources``
        cur = self.conn.execute("SELECT p.* FROM documents d JOIN documents p ON p.pk = coalesce(d.dup_of, d.pk) "
                                "WHERE d.id = ? ORDER BY d.file, d.ordinal LIMIT 1", (doc_id,))
        row = cur.fetchone()
        if row is None:
            return None
        doc = dict(zip([c[0] for c in cur.description], row))
        hidden = ("pk", "number_key", "identity", "dup_of")
        return {**{k: v for k, v in doc.items() if k not in hidden}, **links(self.conn, doc["pk"])}

    # -------------------------------------------------------------- task states (tracking.sqlite, beside kb.sqlite)

    @property
    def tracking(self):
        """The task states file of this knowledge base (``tracking.sqlite`` in its folder; a build never touches it)."""
        from .tracking import FILE, Tracking

        return Tracking(self.path.parent / FILE)

    def _task(self, task_id: str) -> dict:
        from .tracking import UnknownTask, task_row

        row = task_row(self.conn, task_id)
        if row is None:
            raise UnknownTask(f"no task {task_id!r} in the knowledge base")
        return row

    def set_status(self, task_id: str, state: str, by: str | None = None, note: str | None = None) -> dict:
        """Record that a task is now ``state`` (open | done | cancelled), by whom, with a note; returns its current
        state and history. UnknownTask (a LookupError) for an id the knowledge base does not hold, ValueError for
        another state."""
        from .tracking import check_state

        state = check_state(state)
        self.tracking.add(task_id, state, by=by, note=note, task=self._task(task_id))
        return self.status(task_id)

    def history(self, task_id: str) -> list[dict]:
        """Every change of a task's state, oldest first (``task_id``, ``state``, ``at`` in UTC, ``by``, ``note``)."""
        from .tracking import history

        return [c.as_dict() for c in history(self.tracking, self.conn, self._task(task_id))]

    def status(self, task_id: str) -> dict:
        """A task's current state (its last change; ``open`` with no ``at`` when none) and its history."""
        changes = self.history(task_id)
        last = changes[-1] if changes else {"state": "open", "at": None, "by": None, "note": None}
        return {"task_id": task_id, **{k: last[k] for k in ("state", "at", "by", "note")}, "history": changes}
