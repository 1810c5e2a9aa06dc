"""The knowledge base as Parquet datasets partitioned by the document's year and type
(output/parquet/<table>/doc_year=2025/doc_type=Quyết%20định/part-0.parquet), read by dask.dataframe, pandas, pyarrow or
DuckDB without the SQLite file."""
from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from .export import _FLOATS, _INTS, ORDER, SQL

FOLDER = "parquet"
TABLES = ("documents", "tasks", "targets", "references")
PARTITIONS = ("doc_year", "doc_type")   # hive-style folders: doc_year=2025/doc_type=Quyết định (URI-encoded)
# a document whose year is not known goes under doc_year=0: a partition value left empty (hive's default partition)
# is read back by pandas and dask as a dictionary with nulls, which they cannot merge across files
_YEAR = "coalesce(d.year, 0)"
CHUNK = 10_000                         # rows read from SQLite at a time: memory stays flat however large the corpus


def _sql(table: str) -> str:
    """The table's export query (kb.export.SQL) with the document's year and type as the partition columns."""
    if table == "documents":
        return SQL[table].replace("d.type,", "d.type AS doc_type,", 1).replace(
            "d.year,", f"{_YEAR} AS doc_year,", 1)
    return SQL[table].replace("d.file AS file", f"d.file AS file, {_YEAR} AS doc_year", 1)


def write(conn: sqlite3.Connection, out: Path) -> Path:
    """Write every table under ``out``/parquet/ (replacing what was there) and return that folder. Rows keep their
    document order inside each partition, so the same knowledge base gives the same files."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    tmp = out / f".{FOLDER}.{os.getpid()}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    for table in TABLES:
        cur = conn.execute(f"{_sql(table)} ORDER BY {ORDER[table]}")
        names = [c[0] for c in cur.description]
        schema = pa.schema([(n, pa.int64() if n in _INTS + ("doc_year",) else pa.float64() if n in _FLOATS else pa.string())
                            for n in names])

        def batches(cur=cur, schema=schema):
            while rows := cur.fetchmany(CHUNK):
                columns = list(zip(*rows))
                yield pa.RecordBatch.from_arrays([pa.array(c, type=t) for c, t in zip(columns, schema.types)],
                                                 schema=schema)

        ds.write_dataset(batches(), tmp / table, schema=schema, format="parquet", use_threads=False,
                         partitioning=ds.partitioning(pa.schema([schema.field(p) for p in PARTITIONS]),
                                                      flavor="hive"),
                         basename_template="part-{i}.parquet", existing_data_behavior="overwrite_or_ignore")
        (tmp / table).mkdir(parents=True, exist_ok=True)      # an empty table is an empty dataset, still there
    final, old = out / FOLDER, out / f".{FOLDER}.{os.getpid()}.old"
    if final.exists():
        os.replace(final, old)
    os.replace(tmp, final)
    shutil.rmtree(old, ignore_errors=True)
    return final


def read(out: Path, table: str, **filters):
    """One table back as a pandas DataFrame (``doc_year=2025``, ``doc_type="Quyết định"`` read only those folders)."""
    import pyarrow.dataset as ds

    data = ds.dataset(out / FOLDER / table, format="parquet", partitioning="hive")
    cond = None
    for key, value in filters.items():
        term = ds.field(key) == value
        cond = term if cond is None else cond & term
    return data.to_table(filter=cond).to_pandas()
