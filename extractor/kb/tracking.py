"""Task states (open, done, cancelled) kept beside the knowledge base in tracking.sqlite, every change kept."""
from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import asdict, dataclass
from pathlib import Path

FILE = "tracking.sqlite"
STATES = ("open", "done", "cancelled")   # open: the default, a task no change was recorded for
MAX_TEXT = 2000                          # characters kept of `by` and `note`
_CHUNK = 500                             # ids per `IN (…)` query

# One row per change, never updated or deleted: a task's state is its last change. The file lives next to kb.sqlite
# (which a build may replace whole) and is written only here. Rows are keyed by the task id, which is derived from the
# task's document (its path in the corpus, number, type, date and whole text) and the task's section and text: the
# same file gives the same ids on every build. An edit anywhere in the document changes its id and so its tasks' ids;
# each change therefore also keeps a content key (document number — or file when it has none —, type, date, the
# task's section and text): a task whose id has no change of its own takes the changes recorded for a task that is no
# longer in the knowledge base and had the same content key (the same task in a corrected file).
SCHEMA = """
CREATE TABLE IF NOT EXISTS changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'done', 'cancelled')),
    at TEXT NOT NULL,
    by TEXT,
    note TEXT,
    content_key TEXT,
    doc_id TEXT,
    doc_number TEXT,
    text TEXT);
CREATE INDEX IF NOT EXISTS changes_task ON changes(task_id, seq);
CREATE INDEX IF NOT EXISTS changes_content ON changes(content_key, seq);
"""


class UnknownTask(LookupError):
    """A task id the knowledge base does not hold."""


@dataclass
class Change:
    task_id: str
    state: str
    at: str            # UTC, ISO 8601 to the second: 2025-06-01T08:30:00Z
    by: str | None
    note: str | None

    def as_dict(self) -> dict:
        return asdict(self)


def now_utc() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def check_state(state: str) -> str:
    """``state`` lower-cased if it is one of STATES, else a ValueError naming them."""
    s = (state or "").strip().lower()
    if s not in STATES:
        raise ValueError(f"state {state!r} is not one of: {', '.join(STATES)}")
    return s


def content_key(doc_number: str | None, file: str | None, doc_type: str | None, doc_date: str | None,
                section: str | None, text: str | None) -> str:
    from ..model import stable_id

    s = lambda v: v if isinstance(v, str) else ""  # noqa: E731  (None, or pandas' NaN, is no value)
    return stable_id(s(doc_number) or f"file:{s(file)}", s(doc_type), s(doc_date), s(section), s(text))


def row_key(task: dict) -> str:
    """The content key of a task row (doc_number, file, doc_type, doc_date, section, text)."""
    return content_key(task.get("doc_number"), task.get("file"), task.get("doc_type"), task.get("doc_date"),
                       task.get("section"), task.get("text"))


def _clip(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(str(value).split())
    return value[:MAX_TEXT] or None


class Tracking:
    """The states file of one knowledge base. Reads open it read-only (and find nothing while it does not exist);
    each call opens and closes its own connection, so any thread or process may read and write it."""

    def __init__(self, path: str | Path):
        self.path = Path(path)

    def _read(self) -> sqlite3.Connection | None:
        if not self.path.is_file():
            return None
        return sqlite3.connect(f"file:{self.path.resolve()}?mode=ro", uri=True, timeout=10)

    def _write(self) -> sqlite3.Connection:
        conn = sqlite3.connect(str(self.path), timeout=10, isolation_level=None)
        conn.executescript(SCHEMA)
        return conn

    def add(self, task_id: str, state: str, by: str | None = None, note: str | None = None,
            task: dict | None = None, at: str | None = None) -> Change:
        """Record a change; ``task``: the task's row (doc_id, doc_number, file, doc_type, doc_date, section, text)."""
        state = check_state(state)
        t = task or {}
        key = row_key(t) if task else None
        change = Change(task_id, state, at or now_utc(), _clip(by), _clip(note))
        conn = self._write()
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO changes(task_id, state, at, by, note, content_key, doc_id, doc_number, text) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (task_id, state, change.at, change.by, change.note, key, t.get("doc_id"),
                          t.get("doc_number"), t.get("text")))
            conn.execute("COMMIT")
        finally:
            conn.close()
        return change

    def changes(self, task_ids: list[str] | None = None, content_keys: list[str] | None = None) -> list[tuple]:
        """(seq, task_id, state, at, by, note, content_key) rows in order: all, or of these ids or content keys."""
        conn = self._read()
        if conn is None:
            return []
        head = "SELECT seq, task_id, state, at, by, note, content_key FROM changes"
        try:
            if task_ids is None and content_keys is None:
                return conn.execute(f"{head} ORDER BY seq").fetchall()
            rows: dict[int, tuple] = {}
            for col, values in (("task_id", task_ids or []), ("content_key", content_keys or [])):
                for i in range(0, len(values), _CHUNK):
                    part = values[i:i + _CHUNK]
                    for r in conn.execute(f"{head} WHERE {col} IN ({', '.join('?' * len(part))})", part):
                        rows[r[0]] = r
            return [rows[k] for k in sorted(rows)]
        except sqlite3.OperationalError:   # a file without the table (never written to): nothing tracked
            return []
        finally:
            conn.close()


def _present(kb_conn: sqlite3.Connection, ids: list[str]) -> set[str]:
    """The ids among ``ids`` that the knowledge base holds."""
    found: set[str] = set()
    for i in range(0, len(ids), _CHUNK):
        part = ids[i:i + _CHUNK]
        found.update(r[0] for r in kb_conn.execute(f"SELECT id FROM tasks WHERE id IN ({', '.join('?' * len(part))})",
                                                     part))
    return found


def _last(rows: list[tuple]) -> dict[str, tuple]:
    out: dict[str, tuple] = {}
    for r in rows:             # in seq order: the last one stays
        out[r[1]] = r
    return out


def states(tracking: Tracking, kb_conn: sqlite3.Connection, rows: list[dict]) -> list[Change | None]:
    """The current change of each task row (a dict with id, doc_number, file, doc_type, doc_date, section, text), or
    None for a task never changed (open)."""
    every = tracking.changes()
    if not every:
        return [None] * len(rows)
    by_id = _last(every)
    gone = set(by_id) - _present(kb_conn, list(by_id))
    by_key: dict[str, tuple] = {}
    for r in every:            # the last change of a task no longer stored, by its content key
        if r[1] in gone and r[6]:
            by_key[r[6]] = r
    out: list[Change | None] = []
    for row in rows:
        r = by_id.get(row["id"])
        if by_key:
            old = by_key.get(row_key(row))
            if old is not None and (r is None or old[0] > r[0]):
                r = old
        out.append(None if r is None else Change(r[1], r[2], r[3], r[4], r[5]))
    return out


def task_row(kb_conn: sqlite3.Connection, task_id: str) -> dict | None:
    """One task with its document's fields (the columns of `extractor tasks`), or None."""
    from .export import SQL

    cur = kb_conn.execute(f"{SQL['tasks']} WHERE t.id = ? LIMIT 1", (task_id,))
    row = cur.fetchone()
    return None if row is None else dict(zip([c[0] for c in cur.description], row))


def add_states(tracking: Tracking, kb_conn: sqlite3.Connection, df, state: str | None = None, at: int | None = None):
    """``df`` (rows of tasks) with a ``state`` column (inserted at ``at``, else last), keeping only the tasks in
    ``state`` when it is given."""
    rows = df[[c for c in ("id", "doc_number", "file", "doc_type", "doc_date", "section", "text") if c in df.columns]]
    found = states(tracking, kb_conn, rows.to_dict("records")) if len(df) else []
    values = [c.state if c else "open" for c in found]
    df = df.copy()
    df.insert(len(df.columns) if at is None else at, "state", values)
    if state is not None:
        df = df[df["state"] == check_state(state)].reset_index(drop=True)
    return df


def history(tracking: Tracking, kb_conn: sqlite3.Connection, row: dict) -> list[Change]:
    """Every change of one task in order: its own, after those recorded under an earlier id of the same task (one no
    longer in the knowledge base, with the same content key)."""
    rows = tracking.changes([row["id"]], [row_key(row)])
    others = [r[1] for r in rows if r[1] != row["id"]]
    gone = set(others) - _present(kb_conn, list(dict.fromkeys(others))) if others else set()
    return [Change(r[1], r[2], r[3], r[4], r[5]) for r in rows if r[1] == row["id"] or r[1] in gone]
