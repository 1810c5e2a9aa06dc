"""The knowledge base as Parquet datasets partitioned by document year and type: read by pandas, pyarrow and
dask.dataframe without the SQLite file, the same rows as the store, replaced whole by each build."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from extractor.kb import build
from extractor.kb.partitioned import TABLES, read

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpus")
    for p in CORPUS.glob("00[0-4]_*.txt"):
        shutil.copy(p, corpus / p.name)
    out = tmp_path_factory.mktemp("kb") / "output"
    build(corpus, out, workers=2)
    return corpus, out


def _count(out: Path, sql: str, *args) -> int:
    conn = sqlite3.connect(out / "kb.sqlite")
    try:
        return conn.execute(sql, args).fetchone()[0]
    finally:
        conn.close()


def test_every_table_holds_the_stores_rows(out):
    _, out = out
    for table in TABLES:
        q = '"references"' if table == "references" else table
        assert len(pd.read_parquet(out / "parquet" / table)) == _count(out, f"SELECT count(*) FROM {q}"), table


def test_folders_by_year_and_type_and_reading_one_partition(out):
    _, out = out
    tasks = pd.read_parquet(out / "parquet" / "tasks")
    by_sql = _count(out, "SELECT count(*) FROM tasks t JOIN documents d ON d.pk = t.doc_pk "
                         "WHERE d.year = 2021 AND d.type = 'Chỉ thị'")
    assert by_sql > 0
    assert len(read(out, "tasks", doc_year=2021, doc_type="Chỉ thị")) == by_sql
    assert ((tasks.doc_year == 2021) & (tasks.doc_type == "Chỉ thị")).sum() == by_sql
    folder = out / "parquet" / "tasks" / "doc_year=2021" / "doc_type=Ch%E1%BB%89%20th%E1%BB%8B"
    assert [p.name for p in folder.iterdir()] == ["part-0.parquet"]


def test_a_document_without_a_year_goes_under_year_0(out):
    _, out = out
    docs = read(out, "documents")
    unknown = _count(out, "SELECT count(*) FROM documents WHERE year IS NULL")
    assert unknown > 0 and (docs.doc_year == 0).sum() == unknown


def test_dask_reads_the_dataset(out):
    dd = pytest.importorskip("dask.dataframe")
    _, out = out
    tasks = dd.read_parquet(out / "parquet" / "tasks")
    assert len(tasks) == _count(out, "SELECT count(*) FROM tasks")
    assert int((tasks.doc_year == 2025).sum().compute()) == _count(
        out, "SELECT count(*) FROM tasks t JOIN documents d ON d.pk = t.doc_pk WHERE d.year = 2025")


def test_a_rebuild_replaces_the_dataset(out, tmp_path):
    corpus, out = out
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    gone = sorted(corpus.iterdir())[-1]
    small = tmp_path / "corpus"
    shutil.copytree(corpus, small)
    (small / gone.name).unlink()
    build(small, copy, workers=1)
    files = set(pd.read_parquet(copy / "parquet" / "documents").file)
    assert gone.name not in files and files == {p.name for p in small.iterdir()}
    assert not [p for p in copy.iterdir() if p.name.startswith(".parquet")]
