"""The knowledge-base SQLite store: schema, per-file row writes and deletes (FTS5 kept in step), canonical dumps."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from .search import exact_form, plain_form, segment

SCHEMA_VERSION = "5"  # 5: document ids derived from the file's path in the corpus too (a store of 4 is rebuilt)

# one tokenizer for every column: letters, digits and marks make tokens, `_` joins the syllables of a word
_TOKENIZE = "unicode61 remove_diacritics 0 categories 'L* N* Co M*' tokenchars '_'"

# The full-text index: one FTS5 table per form of the text (FTS_FORMS), all keyed by the search item's row id. One
# table each, not one column each: FTS5 keeps one list per token for all the columns of a table, so a syllable
# searched in one column (`tuc` without accents) would walk its occurrences in the others.
FTS_FORMS = ("exact", "plain", "words", "plain_words")

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, sha256 TEXT NOT NULL, size INTEGER, format TEXT, encoding TEXT,
    error_code TEXT, error TEXT, n_documents INTEGER NOT NULL DEFAULT 0, extractor TEXT);
CREATE TABLE IF NOT EXISTS documents (
    pk INTEGER PRIMARY KEY, id TEXT NOT NULL, file TEXT NOT NULL REFERENCES files(path) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL, number TEXT, number_key TEXT, type TEXT, issuer TEXT, issued_date TEXT,
    year INTEGER, place TEXT, title TEXT, signer TEXT, signer_title TEXT, attached_to TEXT,
    n_tasks INTEGER, n_targets INTEGER, n_references INTEGER);
CREATE INDEX IF NOT EXISTS documents_id ON documents(id);
CREATE INDEX IF NOT EXISTS documents_file ON documents(file, ordinal);
CREATE INDEX IF NOT EXISTS documents_number ON documents(number_key);
CREATE INDEX IF NOT EXISTS documents_type_year ON documents(type, year);
CREATE INDEX IF NOT EXISTS documents_year ON documents(year);
CREATE TABLE IF NOT EXISTS tasks (
    pk INTEGER PRIMARY KEY, id TEXT NOT NULL, doc_pk INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL, text TEXT, section TEXT, lead TEXT, coordinating TEXT, deadline TEXT,
    deadline_text TEXT, recurrence TEXT, recurrence_start TEXT, action TEXT, status_hint TEXT, origin TEXT,
    table_row INTEGER, start INTEGER, "end" INTEGER);
CREATE INDEX IF NOT EXISTS tasks_doc ON tasks(doc_pk, ordinal);
CREATE INDEX IF NOT EXISTS tasks_deadline ON tasks(deadline);
CREATE INDEX IF NOT EXISTS tasks_id ON tasks(id);
CREATE TABLE IF NOT EXISTS targets (
    pk INTEGER PRIMARY KEY, id TEXT NOT NULL, doc_pk INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL, indicator TEXT, unit TEXT, value REAL, value_max REAL, comparator TEXT,
    year INTEGER, basis TEXT, text TEXT, section TEXT, origin TEXT, start INTEGER, "end" INTEGER);
CREATE INDEX IF NOT EXISTS targets_doc ON targets(doc_pk, ordinal);
CREATE INDEX IF NOT EXISTS targets_year ON targets(year);
CREATE TABLE IF NOT EXISTS "references" (
    pk INTEGER PRIMARY KEY, doc_pk INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL, type TEXT, number TEXT, number_key TEXT, date TEXT, text TEXT, sentence TEXT,
    section TEXT, start INTEGER, "end" INTEGER, cited_doc_pk INTEGER);
CREATE INDEX IF NOT EXISTS references_doc ON "references"(doc_pk, ordinal);
CREATE INDEX IF NOT EXISTS references_number ON "references"(number_key);
CREATE INDEX IF NOT EXISTS references_cited ON "references"(cited_doc_pk);
CREATE TABLE IF NOT EXISTS agencies (
    pk INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, canonical TEXT NOT NULL, key TEXT NOT NULL,
    plain TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS agencies_key ON agencies(key);
CREATE INDEX IF NOT EXISTS agencies_plain ON agencies(plain);
CREATE TABLE IF NOT EXISTS task_agencies (
    task_pk INTEGER NOT NULL REFERENCES tasks(pk) ON DELETE CASCADE,
    agency_pk INTEGER NOT NULL REFERENCES agencies(pk),
    role TEXT NOT NULL CHECK (role IN ('lead', 'coordinating')), position INTEGER NOT NULL,
    PRIMARY KEY (task_pk, role, position)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS task_agencies_agency ON task_agencies(agency_pk, role);
CREATE TABLE IF NOT EXISTS search_items (
    rowid INTEGER PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('task', 'target', 'document')),
    item_pk INTEGER NOT NULL, doc_pk INTEGER NOT NULL, deadline TEXT, words TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS search_items_doc ON search_items(doc_pk);
CREATE INDEX IF NOT EXISTS search_items_kind ON search_items(kind, item_pk);
""" + "".join(f"""CREATE VIRTUAL TABLE IF NOT EXISTS fts_{form} USING fts5(text, content='', tokenize="{_TOKENIZE}");
""" for form in FTS_FORMS)

DOC_FIELDS = ("number", "type", "issuer", "issued_date", "place", "title", "signer", "signer_title", "attached_to")
TASK_FIELDS = ("text", "section", "deadline", "deadline_text", "recurrence", "recurrence_start", "action",
               "status_hint", "origin", "table_row", "start", "end")
TARGET_FIELDS = ("indicator", "unit", "value", "value_max", "comparator", "year", "basis", "text", "section",
                 "origin", "start", "end")
REF_FIELDS = ("type", "number", "number_key", "date", "text", "sentence", "section", "start", "end")


def connect(path: str | Path, readonly: bool = False, mmap: bool = False) -> sqlite3.Connection:
    """A connection; ``mmap`` maps the file for reading (faster search, but the mapped pages count in the RSS)."""
    if readonly:
        conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True, check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None)  # transactions are explicit (BEGIN IMMEDIATE)
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA cache_size=-65536")  # 64 MB page cache
    if mmap:
        conn.execute("PRAGMA mmap_size=4294967296")
    return conn


def create(conn: sqlite3.Connection) -> None:
    conn.executescript(SCHEMA)


def get_meta(conn: sqlite3.Connection, key: str) -> str | None:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


def set_meta(conn: sqlite3.Connection, key: str, value: str | None) -> None:
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))


def file_states(conn: sqlite3.Connection) -> dict[str, str]:
    """path → sha256 of every file the store holds (failed ones included)."""
    return dict(conn.execute("SELECT path, sha256 FROM files"))


def document_ids(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """path → ids of the documents stored for it."""
    out: dict[str, list[str]] = {}
    for path, doc_id in conn.execute("SELECT file, id FROM documents ORDER BY file, ordinal"):
        out.setdefault(path, []).append(doc_id)
    return out


# ------------------------------------------------------------------ the text each search item indexes

def indexed_text(kind: str, item: dict) -> str:
    """What a search item indexes: a task's text, a target's indicator and text, a document's heading fields."""
    if kind == "task":
        return item.get("text") or ""
    if kind == "target":
        ind, text = item.get("indicator") or "", item.get("text") or ""
        return text if ind and ind in text else f"{ind}\n{text}".strip()
    return "\n".join(item.get(k) or "" for k in ("type", "number", "title", "issuer", "signer")).strip()


def _fts_values(text: str, words: str) -> tuple[str, str, str, str]:
    exact = exact_form(text)
    return exact, plain_form(exact), words, plain_form(words)


def fts_values(kind: str, item: dict) -> tuple[str, str, str, str]:
    """The indexed forms of a search item: its syllables with accents and accent-folded, and its underthesea words
    (`thủ_tục hành_chính`) with accents and folded (`thu_tuc hanh_chinh`). Made in the build's worker processes, so
    that the single writer only inserts."""
    text = indexed_text(kind, item)
    return _fts_values(text, segment(text))


# ------------------------------------------------------------------ writes

DAY_BITS = 24  # search items of the documents of one day: up to 16 million


def day_of(issued_date: str | None) -> int:
    """The day a document was issued as a number (proleptic ordinal; a month or a year alone: its first day;
    undated: 0). The search items of a document take row ids from ``day << DAY_BITS`` on, so that the full-text
    index, which walks its matches in row-id order, meets the newest documents first."""
    import datetime as dt

    if not issued_date:
        return 0
    try:
        parts = [int(p) for p in issued_date[:10].split("-")]
        return dt.date(parts[0], *(parts[1:] + [1, 1])[:2]).toordinal()
    except (ValueError, TypeError):
        return 0


def _first_rowid(conn: sqlite3.Connection, issued_date: str | None) -> int:
    base = day_of(issued_date) << DAY_BITS
    last = conn.execute("SELECT max(rowid) FROM search_items WHERE rowid >= ? AND rowid < ?",
                        (base, base + (1 << DAY_BITS))).fetchone()[0]
    return base if last is None else last + 1


def _agency_pk(conn: sqlite3.Connection, cache: dict, name: str, canonical: str, key: str, plain: str) -> int:
    pk = cache.get(name)
    if pk is None:
        row = conn.execute("SELECT pk FROM agencies WHERE name = ?", (name,)).fetchone()
        if row is None:
            pk = conn.execute("INSERT INTO agencies(name, canonical, key, plain) VALUES (?, ?, ?, ?)",
                              (name, canonical, key, plain)).lastrowid
        else:
            pk = row[0]
        cache[name] = pk
    return pk


def insert_file(conn: sqlite3.Connection, rec: dict, agency_cache: dict | None = None) -> None:
    """Store one processed file (see build._process for the record); the caller holds the transaction."""
    cache = {} if agency_cache is None else agency_cache
    err = rec.get("error") or {}
    conn.execute("INSERT INTO files(path, sha256, size, format, encoding, error_code, error, n_documents, extractor) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 (rec["path"], rec["sha256"], rec.get("size"), rec.get("format"), rec.get("encoding"),
                  err.get("code"), err.get("message"), len(rec.get("documents", [])), rec.get("extractor")))
    fts_rows, task_rows, role_rows, target_rows, ref_rows, item_rows = [], [], [], [], [], []
    task_pk, target_pk = _next_pk(conn, "tasks"), _next_pk(conn, "targets")
    for ordinal, doc in enumerate(rec.get("documents", [])):
        year = int(doc["issued_date"][:4]) if doc.get("issued_date") else None
        doc_pk = conn.execute(
            "INSERT INTO documents(id, file, ordinal, number_key, year, n_tasks, n_targets, n_references, "
            + ", ".join(DOC_FIELDS) + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?" + ", ?" * len(DOC_FIELDS) + ")",
            (doc["id"], rec["path"], ordinal, doc.get("number_key"), year, len(doc["tasks"]), len(doc["targets"]),
             len(doc["references"]), *(doc.get(k) for k in DOC_FIELDS))).lastrowid
        items = [("document", doc_pk, None, doc["fts"])]
        for i, t in enumerate(doc["tasks"]):
            task_rows.append((task_pk, t["id"], doc_pk, i, "; ".join(t["lead"]), "; ".join(t["coordinating"]),
                              *(t.get(k) for k in TASK_FIELDS)))
            for role in ("lead", "coordinating"):
                for pos, (name, canonical, key, plain) in enumerate(t["agencies"][role]):
                    role_rows.append((task_pk, _agency_pk(conn, cache, name, canonical, key, plain), role, pos))
            items.append(("task", task_pk, t.get("deadline"), t["fts"]))
            task_pk += 1
        for i, g in enumerate(doc["targets"]):
            target_rows.append((target_pk, g["id"], doc_pk, i, *(g.get(k) for k in TARGET_FIELDS)))
            items.append(("target", target_pk, None, g["fts"]))
            target_pk += 1
        ref_rows += [(doc_pk, i, *(r.get(k) for k in REF_FIELDS)) for i, r in enumerate(doc["references"])]
        rowid = _first_rowid(conn, doc.get("issued_date"))
        for kind, item_pk, deadline, fts in items:
            item_rows.append((rowid, kind, item_pk, doc_pk, deadline, fts[2]))
            fts_rows.append((rowid, *fts))
            rowid += 1
        # the rows of this document before the next one asks for its first row id
        conn.executemany("INSERT INTO search_items(rowid, kind, item_pk, doc_pk, deadline, words) "
                         "VALUES (?, ?, ?, ?, ?, ?)", item_rows)
        item_rows = []
    conn.executemany("INSERT INTO tasks(pk, id, doc_pk, ordinal, lead, coordinating, "
                     + ", ".join(f'"{k}"' for k in TASK_FIELDS) + ") VALUES (?, ?, ?, ?, ?, ?"
                     + ", ?" * len(TASK_FIELDS) + ")", task_rows)
    conn.executemany("INSERT OR IGNORE INTO task_agencies(task_pk, agency_pk, role, position) VALUES (?, ?, ?, ?)",
                     role_rows)
    conn.executemany("INSERT INTO targets(pk, id, doc_pk, ordinal, " + ", ".join(f'"{k}"' for k in TARGET_FIELDS)
                     + ") VALUES (?, ?, ?, ?" + ", ?" * len(TARGET_FIELDS) + ")", target_rows)
    conn.executemany('INSERT INTO "references"(doc_pk, ordinal, ' + ", ".join(f'"{k}"' for k in REF_FIELDS)
                     + ") VALUES (?, ?" + ", ?" * len(REF_FIELDS) + ")", ref_rows)
    for i, form in enumerate(FTS_FORMS):
        conn.executemany(f"INSERT INTO fts_{form}(rowid, text) VALUES (?, ?)", [(r[0], r[i + 1]) for r in fts_rows])


def _next_pk(conn: sqlite3.Connection, table: str) -> int:
    return (conn.execute(f"SELECT max(pk) FROM {table}").fetchone()[0] or 0) + 1


def delete_file(conn: sqlite3.Connection, path: str) -> None:
    """Remove one file and everything derived from it; the FTS entries are deleted with the values they were indexed with."""
    doc_pks = [r[0] for r in conn.execute("SELECT pk FROM documents WHERE file = ?", (path,))]
    if doc_pks:
        marks = ", ".join("?" * len(doc_pks))
        rows = []
        queries = {
            "task": "SELECT si.rowid, si.words, t.text FROM search_items si JOIN tasks t ON t.pk = si.item_pk "
                    f"WHERE si.kind = 'task' AND si.doc_pk IN ({marks})",
            "target": "SELECT si.rowid, si.words, g.indicator, g.text FROM search_items si JOIN targets g "
                      f"ON g.pk = si.item_pk WHERE si.kind = 'target' AND si.doc_pk IN ({marks})",
            "document": "SELECT si.rowid, si.words, " + ", ".join(f"d.{k}" for k in DOC_FIELDS) + " FROM search_items si "
                        f"JOIN documents d ON d.pk = si.item_pk WHERE si.kind = 'document' AND si.doc_pk IN ({marks})",
        }
        for kind, sql in queries.items():
            cur = conn.execute(sql, doc_pks)
            names = [c[0] for c in cur.description]
            for row in cur:
                item = dict(zip(names, row))
                rows.append(("delete", item["rowid"], *_fts_values(indexed_text(kind, item), item["words"])))
        for i, form in enumerate(FTS_FORMS):
            conn.executemany(f"INSERT INTO fts_{form}(fts_{form}, rowid, text) VALUES ('delete', ?, ?)",
                             [(r[1], r[i + 2]) for r in rows])
        conn.execute(f"DELETE FROM search_items WHERE doc_pk IN ({marks})", doc_pks)
    conn.execute("DELETE FROM files WHERE path = ?", (path,))  # cascades to documents and their rows


def finish(conn: sqlite3.Connection) -> None:
    """After a batch of writes: drop agencies no task names any more, resolve citations to corpus documents."""
    from .cites import resolve

    conn.execute("DELETE FROM agencies WHERE pk NOT IN (SELECT agency_pk FROM task_agencies)")
    resolve(conn)


# ------------------------------------------------------------------ a canonical dump, independent of row ids

def dump(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    """Every table's content with surrogate keys replaced by content ids, sorted: two stores that hold the same
    knowledge compare equal whatever order their rows were written in. The FTS index is dumped as the
    (item, token count) of every indexed row, found through its vocabulary."""
    doc = "(SELECT file || '#' || ordinal FROM documents WHERE pk = {})"
    out: dict[str, list[tuple]] = {}
    out["files"] = sorted(conn.execute(
        "SELECT path, sha256, size, format, encoding, error_code, error, n_documents FROM files"))
    out["documents"] = sorted(conn.execute(
        "SELECT file || '#' || ordinal, id, number, number_key, type, issuer, issued_date, year, place, title, signer, "
        "signer_title, attached_to, n_tasks, n_targets, n_references FROM documents"))
    out["tasks"] = sorted(conn.execute(
        f"SELECT {doc.format('t.doc_pk')}, t.ordinal, t.id, " + ", ".join(f't."{k}"' for k in TASK_FIELDS)
        + ", t.lead, t.coordinating FROM tasks t"))
    out["targets"] = sorted(conn.execute(
        f"SELECT {doc.format('g.doc_pk')}, g.ordinal, g.id, " + ", ".join(f'g."{k}"' for k in TARGET_FIELDS)
        + " FROM targets g"), key=repr)
    out["references"] = sorted(conn.execute(
        f"SELECT {doc.format('r.doc_pk')}, r.ordinal, " + ", ".join(f'r."{k}"' for k in REF_FIELDS)
        + f", {doc.format('r.cited_doc_pk')} FROM \"references\" r"), key=repr)
    out["agencies"] = sorted(conn.execute("SELECT name, canonical, key, plain FROM agencies"))
    out["task_agencies"] = sorted(conn.execute(
        f"SELECT {doc.format('t.doc_pk')}, t.ordinal, a.name, ta.role, ta.position FROM task_agencies ta "
        "JOIN tasks t ON t.pk = ta.task_pk JOIN agencies a ON a.pk = ta.agency_pk"))
    item = ("CASE si.kind WHEN 'task' THEN (SELECT ordinal FROM tasks WHERE pk = si.item_pk) "
            "WHEN 'target' THEN (SELECT ordinal FROM targets WHERE pk = si.item_pk) END")
    out["search_items"] = sorted(conn.execute(
        f"SELECT si.kind, {doc.format('si.doc_pk')}, {item}, si.deadline, si.words FROM search_items si"), key=repr)
    for form in FTS_FORMS:
        conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab_{form} USING fts5vocab(main, fts_{form}, row)")
        out[f"fts_{form}_vocab"] = sorted(conn.execute(f"SELECT term, doc, cnt FROM temp.vocab_{form}"))
    return out
