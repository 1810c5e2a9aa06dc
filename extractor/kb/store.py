"""The knowledge-base SQLite store: schema, per-file row writes and deletes (FTS5 kept in step), canonical dumps."""
from __future__ import annotations

import sqlite3
import zlib
from collections import Counter
from pathlib import Path

from .search import (DAY_BITS, EXACT, FACET_KEY, FTS_TABLES, PLAIN, ROLES, FacetIndex, day_of, fold, index_forms,
                     item_tags, segment, segmentation)

SCHEMA_VERSION = "7"  # 7: documents filed twice (identity, dup_of); facets by agency key (a store of 6 is rebuilt)

# one tokenizer for every column: letters, digits and marks make tokens, `_` joins the syllables of a word (search.head)
_TOKENIZE = "unicode61 remove_diacritics 0 categories 'L* N* Co M*' tokenchars '_'"
SEGMENTS_LEVEL = 6  # zlib level of a document's segmentations (search_segments)

# The full-text index (search.EXACT, search.PLAIN): two FTS5 tables, contentless, keyed by the search item's row id,
# each with the item's text and its filter tags. A document's items have consecutive row ids from search_docs.rowid
# on (its heading, then its tasks, then its targets); search_segments keeps how the segmenter read each of their
# texts (search.segmentation), so that a deleted item's FTS entries can be made again and removed; `units` counts
# the items each word of the index is in (accent-folded queries read their words there).

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, sha256 TEXT NOT NULL, size INTEGER, format TEXT, encoding TEXT,
    error_code TEXT, error TEXT, n_documents INTEGER NOT NULL DEFAULT 0, extractor TEXT);
CREATE TABLE IF NOT EXISTS documents (
    pk INTEGER PRIMARY KEY, id TEXT NOT NULL, file TEXT NOT NULL REFERENCES files(path) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL, number TEXT, number_key TEXT, type TEXT, issuer TEXT, issued_date TEXT,
    year INTEGER, place TEXT, title TEXT, signer TEXT, signer_title TEXT, attached_to TEXT,
    n_tasks INTEGER, n_targets INTEGER, n_references INTEGER, identity TEXT, dup_of INTEGER);
CREATE INDEX IF NOT EXISTS documents_id ON documents(id);
CREATE INDEX IF NOT EXISTS documents_identity ON documents(identity);
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
CREATE TABLE IF NOT EXISTS search_docs (
    rowid INTEGER PRIMARY KEY, doc_pk INTEGER NOT NULL UNIQUE REFERENCES documents(pk) ON DELETE CASCADE,
    n_items INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS search_segments (
    doc_pk INTEGER PRIMARY KEY REFERENCES documents(pk) ON DELETE CASCADE, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS units (
    plain TEXT NOT NULL, exact TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (plain, exact)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS search_facets (key TEXT PRIMARY KEY, data BLOB NOT NULL);
""" + "".join(f"""CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5(text, tags, content='', tokenize="{_TOKENIZE}");
""" for table in FTS_TABLES)

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
    conn.execute("PRAGMA auto_vacuum = INCREMENTAL")  # (a new file only) pages freed can be given back: compact()
    conn.executescript(SCHEMA)


def compact(conn: sqlite3.Connection) -> None:
    """Give the pages that deletes and index merges freed back to the file system; outside a transaction."""
    conn.executescript("PRAGMA incremental_vacuum;")  # (stepped to the end, as `execute` would not)


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


def fts_values(kind: str, item: dict) -> tuple[str, str, str, list[str]]:
    """What a search item adds to the index: its segmentation as stored (search.segmentation, by underthesea), its
    text for the EXACT and PLAIN tables and its distinct words with accents (search.index_forms). Made in the build's
    worker processes, so that the single writer only inserts; a delete makes the same from the stored rows."""
    text = indexed_text(kind, item)
    seg = segmentation(text, segment(text))
    return (seg, *index_forms(text, seg))


# ------------------------------------------------------------------ documents filed twice

# The same document filed twice (a corpus file copied under another name, a TXT and a PDF of one decree) is one
# document of the knowledge base: every copy keeps its row, its JSON and its text view, but only one copy (the
# primary) is searched, listed, counted and cited; the others point at it (documents.dup_of) and are its further
# `sources`. Two documents are the same when, in different files, they have
#   - the same number (number_key), type, issuer and full date of issue, or, for one without a number or a date,
#   - the same text, once normalised (NFC, modern tone marks, lower case, letters and digits only: line breaks,
#     spacing and punctuation aside).
# Of the copies, the primary is the one with the most tasks and targets (a PDF that kept its Kế hoạch), then the
# first in file order: the choice depends on the files alone, never on the order they were built in.

def identity(doc: dict) -> str | None:
    """What two copies of one document share (see above); None: nothing to compare."""
    import hashlib

    from ..patterns.agencies import key
    from .search import type_key

    if doc.get("number_key") and doc.get("issued_date") and len(doc["issued_date"]) == 10:
        parts = ["number", doc["number_key"], type_key(doc.get("type") or ""), key(doc.get("issuer") or ""),
                 doc["issued_date"]]
    elif doc.get("fingerprint"):
        parts = ["text", doc["fingerprint"]]
    else:
        return None
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=12).hexdigest()


def text_fingerprint(text: str) -> str:
    """A digest of a document's text as `identity` compares it: its letters and digits, lower case, modern tone marks."""
    import hashlib

    from .search import TOKEN, exact_form

    return hashlib.blake2b(" ".join(TOKEN.findall(exact_form(text))).encode("utf-8"), digest_size=16).hexdigest()


def dedupe(conn: sqlite3.Connection) -> None:
    """Mark the copies of documents filed twice (documents.dup_of → the primary's pk), and take them out of the
    full-text index (put back when their primary's file is removed or changed); the caller holds the transaction."""
    groups: dict[str, list[tuple]] = {}
    for row in conn.execute(
            "SELECT pk, identity, file, ordinal, dup_of, coalesce(n_tasks, 0) + coalesce(n_targets, 0) FROM documents "
            "WHERE identity IN (SELECT identity FROM documents WHERE identity IS NOT NULL GROUP BY identity "
            "HAVING count(DISTINCT file) > 1) OR dup_of IS NOT NULL"):
        groups.setdefault(row[1] or f"pk{row[0]}", []).append(row)
    changes: list[tuple[int, int | None, int | None]] = []  # (pk, dup_of before, dup_of after)
    for rows in groups.values():
        rows.sort(key=lambda r: (-r[5], r[2], r[3]))
        primary = rows[0]
        for pk, ident, file, _, before, _ in rows:
            after = primary[0] if ident is not None and file != primary[2] else None
            if after != before:
                changes.append((pk, before, after))
    if not changes:
        return
    fts_add, fts_remove = [], []
    words_add: Counter = Counter()
    words_remove: Counter = Counter()
    for pk, before, after in changes:
        if (before is None) != (after is None):  # into or out of the index
            rows, words = _document_fts(conn, pk)
            (fts_remove if after is not None else fts_add).extend(rows)
            (words_remove if after is not None else words_add).update(words)
        conn.execute("UPDATE documents SET dup_of = ? WHERE pk = ?", (after, pk))
    if fts_remove:
        _write_fts(conn, fts_remove, delete=True)
        _count_words(conn, words_remove, -1)
    if fts_add:
        _write_fts(conn, fts_add)
        _count_words(conn, words_add, 1)


def _document_fts(conn: sqlite3.Connection, doc_pk: int) -> tuple[list[tuple], Counter]:
    """The FTS rows (rowid, exact, plain, tags) of one stored document's items and their words, made again from the
    stored rows and segmentations (fts_values): what inserting it indexed."""
    fts_rows: list[tuple] = []
    words: Counter = Counter()
    cur = conn.execute("SELECT d.pk, s.rowid AS first, g.data, " + ", ".join(f"d.{k}" for k in DOC_FIELDS)
                       + " FROM documents d JOIN search_docs s ON s.doc_pk = d.pk "
                         "JOIN search_segments g ON g.doc_pk = d.pk WHERE d.pk = ?", (doc_pk,))
    names = [c[0] for c in cur.description]
    for doc in [dict(zip(names, row)) for row in cur.fetchall()]:
        agencies: dict[int, list[tuple[str, str]]] = {}
        for task_pk, role, key in conn.execute(
                "SELECT ta.task_pk, ta.role, a.key FROM tasks t JOIN task_agencies ta ON ta.task_pk = t.pk "
                "JOIN agencies a ON a.pk = ta.agency_pk WHERE t.doc_pk = ?", (doc["pk"],)):
            agencies.setdefault(task_pk, []).append((role, key))
        items = [("document", indexed_text("document", doc), None, [])]
        items += [("task", indexed_text("task", {"text": text}), deadline, agencies.get(pk, []))
                  for pk, text, deadline in conn.execute("SELECT pk, text, deadline FROM tasks WHERE doc_pk = ? "
                                                         "ORDER BY ordinal", (doc["pk"],))]
        items += [("target", indexed_text("target", {"indicator": ind, "text": text}), None, [])
                  for ind, text in conn.execute("SELECT indicator, text FROM targets WHERE doc_pk = ? ORDER BY ordinal",
                                                (doc["pk"],))]
        for n, ((kind, text, deadline, pairs), seg) in enumerate(zip(items, _unpack(doc["data"]))):
            exact, plain, unit_list = index_forms(text, seg)
            fts_rows.append((doc["first"] + n, exact, plain, item_tags(kind, doc["type"], deadline, pairs)))
            words.update(unit_list)
    return fts_rows, words


# ------------------------------------------------------------------ writes

def _first_rowid(conn: sqlite3.Connection, issued_date: str | None) -> int:
    """The first free row id of the day a document was issued (search.day_of): after the items of that day's last."""
    base = day_of(issued_date) << DAY_BITS
    row = conn.execute("SELECT rowid + n_items FROM search_docs WHERE rowid >= ? AND rowid < ? ORDER BY rowid DESC "
                       "LIMIT 1", (base, base + (1 << DAY_BITS))).fetchone()
    return base if row is None else row[0]


def _agency(conn: sqlite3.Connection, cache: dict, name: str, canonical: str, key: str, plain: str) -> tuple[int, str]:
    """(pk, key) of an agency of the store, added if new: the key stored is what its tasks' tags are made from."""
    found = cache.get(name)
    if found is None:
        row = conn.execute("SELECT pk, key FROM agencies WHERE name = ?", (name,)).fetchone()
        if row is None:
            row = (conn.execute("INSERT INTO agencies(name, canonical, key, plain) VALUES (?, ?, ?, ?)",
                                (name, canonical, key, plain)).lastrowid, key)
        found = cache[name] = tuple(row)
    return found


def _pack(segmentations: list[str]) -> bytes:
    return zlib.compress("\n".join(segmentations).encode("utf-8"), SEGMENTS_LEVEL)


def _unpack(data: bytes) -> list[str]:
    return zlib.decompress(data).decode("utf-8").split("\n")


def _write_fts(conn: sqlite3.Connection, rows: list[tuple], delete: bool = False) -> None:
    """Index (or, contentless tables being told what to remove, unindex) rows of (rowid, exact, plain, tags)."""
    for table, col in ((EXACT, 1), (PLAIN, 2)):
        head = f"INSERT INTO {table}({table}, rowid, text, tags) VALUES ('delete', ?, ?, ?)" if delete else \
            f"INSERT INTO {table}(rowid, text, tags) VALUES (?, ?, ?)"
        conn.executemany(head, [(r[0], r[col], r[3]) for r in rows])


def _count_words(conn: sqlite3.Connection, counts: Counter, sign: int) -> None:
    """Add (sign 1) or take away (-1) the items each word is in; a word in no item any more is removed."""
    rows = [(fold(w), w, sign * n) for w, n in sorted(counts.items())]
    conn.executemany("INSERT INTO units(plain, exact, n) VALUES (?, ?, ?) "
                     "ON CONFLICT(plain, exact) DO UPDATE SET n = n + excluded.n", rows)
    if sign < 0:
        conn.executemany("DELETE FROM units WHERE plain = ? AND exact = ? AND n <= 0", [r[:2] for r in rows])


def insert_file(conn: sqlite3.Connection, rec: dict, agency_cache: dict | None = None) -> None:
    """Store one processed file (see build._process for the record); the caller holds the transaction."""
    cache = {} if agency_cache is None else agency_cache
    err = rec.get("error") or {}
    conn.execute("INSERT INTO files(path, sha256, size, format, encoding, error_code, error, n_documents, extractor) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 (rec["path"], rec["sha256"], rec.get("size"), rec.get("format"), rec.get("encoding"),
                  err.get("code"), err.get("message"), len(rec.get("documents", [])), rec.get("extractor")))
    fts_rows, task_rows, role_rows, target_rows, ref_rows = [], [], [], [], []
    words: Counter = Counter()
    task_pk, target_pk = _next_pk(conn, "tasks"), _next_pk(conn, "targets")
    for ordinal, doc in enumerate(rec.get("documents", [])):
        year = int(doc["issued_date"][:4]) if doc.get("issued_date") else None
        doc_pk = conn.execute(
            "INSERT INTO documents(id, file, ordinal, number_key, year, n_tasks, n_targets, n_references, identity, "
            + ", ".join(DOC_FIELDS) + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?" + ", ?" * len(DOC_FIELDS) + ")",
            (doc["id"], rec["path"], ordinal, doc.get("number_key"), year, len(doc["tasks"]), len(doc["targets"]),
             len(doc["references"]), identity(doc), *(doc.get(k) for k in DOC_FIELDS))).lastrowid
        items = [("document", None, [], doc["fts"])]  # (kind, deadline, (role, agency key) pairs, fts_values)
        for i, t in enumerate(doc["tasks"]):
            task_rows.append((task_pk, t["id"], doc_pk, i, "; ".join(t["lead"]), "; ".join(t["coordinating"]),
                              *(t.get(k) for k in TASK_FIELDS)))
            agencies = []
            for role in ROLES:
                for pos, names in enumerate(t["agencies"][role]):
                    agency_pk, key = _agency(conn, cache, *names)
                    role_rows.append((task_pk, agency_pk, role, pos))
                    agencies.append((role, key))
            items.append(("task", t.get("deadline"), agencies, t["fts"]))
            task_pk += 1
        for i, g in enumerate(doc["targets"]):
            target_rows.append((target_pk, g["id"], doc_pk, i, *(g.get(k) for k in TARGET_FIELDS)))
            items.append(("target", None, [], g["fts"]))
            target_pk += 1
        ref_rows += [(doc_pk, i, *(r.get(k) for k in REF_FIELDS)) for i, r in enumerate(doc["references"])]
        first = _first_rowid(conn, doc.get("issued_date"))
        for n, (kind, deadline, agencies, (_, exact, plain, unit_list)) in enumerate(items):
            fts_rows.append((first + n, exact, plain, item_tags(kind, doc.get("type"), deadline, agencies)))
            words.update(unit_list)
        # the document's row ids, before the next one asks for its first
        conn.execute("INSERT INTO search_docs(rowid, doc_pk, n_items) VALUES (?, ?, ?)", (first, doc_pk, len(items)))
        conn.execute("INSERT INTO search_segments(doc_pk, data) VALUES (?, ?)",
                     (doc_pk, _pack([fts[0] for *_, fts in items])))
    conn.executemany("INSERT INTO tasks(pk, id, doc_pk, ordinal, lead, coordinating, "
                     + ", ".join(f'"{k}"' for k in TASK_FIELDS) + ") VALUES (?, ?, ?, ?, ?, ?"
                     + ", ?" * len(TASK_FIELDS) + ")", task_rows)
    conn.executemany("INSERT OR IGNORE INTO task_agencies(task_pk, agency_pk, role, position) VALUES (?, ?, ?, ?)",
                     role_rows)
    conn.executemany("INSERT INTO targets(pk, id, doc_pk, ordinal, " + ", ".join(f'"{k}"' for k in TARGET_FIELDS)
                     + ") VALUES (?, ?, ?, ?" + ", ?" * len(TARGET_FIELDS) + ")", target_rows)
    conn.executemany('INSERT INTO "references"(doc_pk, ordinal, ' + ", ".join(f'"{k}"' for k in REF_FIELDS)
                     + ") VALUES (?, ?" + ", ?" * len(REF_FIELDS) + ")", ref_rows)
    _write_fts(conn, fts_rows)
    _count_words(conn, words, 1)


def _next_pk(conn: sqlite3.Connection, table: str) -> int:
    return (conn.execute(f"SELECT max(pk) FROM {table}").fetchone()[0] or 0) + 1


def delete_file(conn: sqlite3.Connection, path: str) -> None:
    """Remove one file and everything derived from it; the FTS entries are deleted with the values they were indexed
    with, made again from the stored rows and segmentations (fts_values). A copy of a document filed twice has none
    (dedupe); a copy of one of this file's documents is put back in the index by the next `finish`."""
    fts_rows: list[tuple] = []
    words: Counter = Counter()
    for (doc_pk,) in conn.execute("SELECT pk FROM documents WHERE file = ? AND dup_of IS NULL", (path,)).fetchall():
        rows, found = _document_fts(conn, doc_pk)
        fts_rows += rows
        words.update(found)
    _write_fts(conn, fts_rows, delete=True)
    _count_words(conn, words, -1)
    conn.execute("DELETE FROM files WHERE path = ?", (path,))  # cascades to documents and their rows


def finish(conn: sqlite3.Connection, optimize: bool = False) -> None:
    """After a batch of writes: drop agencies no task names any more, mark documents filed twice (dedupe), resolve
    citations to corpus documents,
    precompute what facets read (search.FacetIndex) and, with ``optimize``, merge each FTS table into one segment
    (every query looks a term up once per segment; a large batch leaves tens of them)."""
    from .cites import resolve

    conn.execute("DELETE FROM agencies WHERE pk NOT IN (SELECT agency_pk FROM task_agencies)")
    dedupe(conn)
    resolve(conn)
    conn.execute("INSERT OR REPLACE INTO search_facets(key, data) VALUES (?, ?)",
                 (FACET_KEY, FacetIndex.compute(conn).dumps()))
    if optimize:
        for table in FTS_TABLES:
            conn.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")


# ------------------------------------------------------------------ a canonical dump, independent of row ids

def dump(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    """Every table's content with surrogate keys replaced by content ids, sorted: two stores that hold the same
    knowledge compare equal whatever order their rows were written in. The FTS index is dumped as its vocabulary
    (term, column, rows, occurrences); the facets' blob, made of row ids, is left out."""
    doc = "(SELECT file || '#' || ordinal FROM documents WHERE pk = {})"
    out: dict[str, list[tuple]] = {}
    out["files"] = sorted(conn.execute(
        "SELECT path, sha256, size, format, encoding, error_code, error, n_documents FROM files"))
    out["documents"] = sorted(conn.execute(
        "SELECT file || '#' || ordinal, id, number, number_key, type, issuer, issued_date, year, place, title, signer, "
        "signer_title, attached_to, n_tasks, n_targets, n_references, identity, "
        f"{doc.format('o.dup_of')} FROM documents o"), key=repr)
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
    out["search_docs"] = sorted(conn.execute(f"SELECT {doc.format('s.doc_pk')}, s.n_items FROM search_docs s"))
    out["search_segments"] = sorted((d, zlib.decompress(data).decode("utf-8")) for d, data in conn.execute(
        f"SELECT {doc.format('g.doc_pk')}, g.data FROM search_segments g"))
    out["units"] = sorted(conn.execute("SELECT plain, exact, n FROM units"))
    for table in FTS_TABLES:
        conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab_{table} USING fts5vocab(main, {table}, col)")
        out[f"{table}_vocab"] = sorted(conn.execute(f"SELECT term, col, doc, cnt FROM temp.vocab_{table}"))
    return out
