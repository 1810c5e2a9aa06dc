"""Tables of the knowledge base as pandas DataFrames, and their CSV, Parquet and JSON Lines exports (tasks, targets, references)."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

_DOC = "d.id AS doc_id, d.number AS doc_number, d.type AS doc_type, d.issued_date AS doc_date, d.file AS file"

SQL = {
    "tasks": f"""SELECT t.id, {_DOC}, t.section, t.text, t.lead, t.coordinating, t.deadline, t.deadline_text,
                 t.recurrence, t.recurrence_start, t.action, t.status_hint, t.origin, t.table_row, t.start, t."end"
                 FROM documents d CROSS JOIN tasks t ON t.doc_pk = d.pk""",
    "targets": f"""SELECT g.id, {_DOC}, g.section, g.indicator, g.unit, g.value, g.value_max, g.comparator, g.year,
                   g.basis, g.text, g.origin, g.start, g."end" FROM documents d CROSS JOIN targets g ON g.doc_pk = d.pk""",
    "references": f"""SELECT {_DOC}, r.section, r.type, r.number, r.date, r.text, r.sentence, c.id AS cited_doc_id,
                      r.start, r."end" FROM documents d CROSS JOIN "references" r ON r.doc_pk = d.pk
                      LEFT JOIN documents c ON c.pk = r.cited_doc_pk""",
    "documents": """SELECT d.id, d.number, d.type, d.issuer, d.issued_date, d.year, d.place, d.title, d.signer,
                    d.signer_title, d.attached_to, d.file, d.n_tasks, d.n_targets, d.n_references
                    FROM documents d""",
}
ORDER = {"tasks": "d.file, d.ordinal, t.ordinal", "targets": "d.file, d.ordinal, g.ordinal",
         "references": "d.file, d.ordinal, r.ordinal", "documents": "d.file, d.ordinal"}
# (documents first, through the (file, ordinal) and (doc_pk, ordinal) indexes: rows come out in order, unsorted)
# the SQL naming each table's row key and deadline, for the shared filters (search.where)
ITEM = {"tasks": ("'task'", "t.pk", "t.deadline"), "targets": ("'target'", "g.pk", "NULL"),
        "documents": ("'document'", "d.pk", "NULL")}
_INTS = ("table_row", "start", "end", "year", "n_tasks", "n_targets", "n_references")
_FLOATS = ("value", "value_max")


def frame(conn: sqlite3.Connection, table: str, cond: str = "", params: list | tuple = (), extra: str = ""):
    """One table as a DataFrame, its rows in document order; ``cond`` is SQL starting with ` AND `."""
    import pandas as pd

    sql = f"{SQL[table]} WHERE 1{cond} ORDER BY {extra}{ORDER[table]}"
    df = pd.read_sql_query(sql, conn, params=list(params))
    for col in _INTS:
        if col in df.columns:
            df[col] = df[col].astype("Int64")
    return df


def export(conn: sqlite3.Connection, out: Path, suffix: str = "", chunk: int = 10_000) -> list[Path]:
    """Write tasks, targets and references as CSV, Parquet and JSON Lines into ``out`` (names ending in ``suffix``,
    for the caller to move into place), ``chunk`` rows at a time so that memory stays flat however large the corpus;
    returns the paths written. The CSV and Parquet files hold the same rows and columns as ``frame`` (the CSV with a
    UTF-8 byte order mark, which spreadsheets need to read Vietnamese right); the JSON Lines, see ``export_jsonl``."""
    import csv

    import pyarrow as pa
    import pyarrow.parquet as pq

    written = []
    for table in ("tasks", "targets", "references"):
        csv_path, parquet = out / f"{table}.csv{suffix}", out / f"{table}.parquet{suffix}"
        cur = conn.execute(f"{SQL[table]} WHERE d.dup_of IS NULL ORDER BY {ORDER[table]}")  # copies: store.dedupe
        names = [c[0] for c in cur.description]
        schema = pa.schema([(n, pa.int64() if n in _INTS else pa.float64() if n in _FLOATS else pa.string())
                            for n in names])
        with pq.ParquetWriter(parquet, schema) as writer, csv_path.open("w", encoding="utf-8-sig", newline="") as f:
            out_csv = csv.writer(f)
            out_csv.writerow(names)
            rows = cur.fetchmany(chunk)
            while True:
                out_csv.writerows(rows)
                columns = list(zip(*rows)) if rows else [()] * len(names)
                writer.write_table(pa.Table.from_arrays([pa.array(c, type=t) for c, t in zip(columns, schema.types)],
                                                        schema=schema))
                rows = cur.fetchmany(chunk)
                if not rows:
                    break
        written += [csv_path, parquet]
    return written + export_jsonl(conn, out, suffix)


def export_jsonl(conn: sqlite3.Connection, out: Path, suffix: str = "") -> list[Path]:
    """Write tasks.jsonl, targets.jsonl and references.jsonl into ``out``: one JSON object a line per item, read
    from the stored JSON of each document (``out/documents/<id>.json``), so that a line holds the item's keys as in
    the JSON output, after its kind and provenance (``output.items``: file, sha256, doc_id, doc_number, doc_type,
    doc_date). Documents come in the order of the CSV files; a document filed twice is written once."""
    import json

    from ..output import KINDS, items, jsonl_line

    paths = {kind: out / f"{table}.jsonl{suffix}" for table, kind in KINDS.items()}
    files = {kind: p.open("w", encoding="utf-8", newline="\n") for kind, p in paths.items()}
    try:
        docs = conn.execute("SELECT d.id, d.file FROM documents d WHERE d.dup_of IS NULL ORDER BY d.file, d.ordinal")
        for doc_id, file in docs:
            try:
                data = json.loads((out / "documents" / f"{doc_id}.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue  # a document whose JSON went missing is extracted again by the next build
            for item in items(data, file):
                files[item["kind"]].write(jsonl_line(item))
    finally:
        for f in files.values():
            f.close()
    return list(paths.values())


def publish(paths: list[Path], suffix: str) -> None:
    """Move the files written by ``export`` over the old ones, each atomically."""
    for p in paths:
        os.replace(p, Path(str(p)[: -len(suffix)]) if suffix else p)
