"""Formats other tools read: the JSON Schema shipped in the package, `--version`, CSV with a byte order mark, the
Datasette views and metadata.json of a build, and help texts that show flags as flags."""
from __future__ import annotations

import asyncio
import importlib.metadata
import json
import shutil
import sqlite3
import subprocess
import sys
import tomllib
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

import extractor
from extractor.cli import app
from extractor.kb import datasette
from extractor.kb.build import build
from extractor.output import (
    SCHEMA_ID,
    SCHEMA_PATH,
    SCHEMA_VERSION,
    json_schema,
    to_dict,
)
from extractor.pipeline import extract_file

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
BOM = b"\xef\xbb\xbf"
FILES = ("000_fcc27b92ff946782.txt", "002_be3de6c5a32a288b.txt", "003_3c51375675936ea5.txt")
VIEWS = ("tasks_with_agencies", "agency_tasks", "targets_with_documents", "references_with_documents")


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    root = tmp_path_factory.mktemp("formats")
    for name in FILES:
        (root / "src").mkdir(exist_ok=True)
        shutil.copy(CORPUS / name, root / "src" / name)
    report = build(root / "src", root / "out", workers=1, progress=False)
    assert not report.failed and report.documents == 3
    return root / "out"


def _register_commands():
    from extractor import cli_eval, cli_kb, cli_serve  # noqa: F401  (register the commands)


# ------------------------------------------------------------------ schema, version, package data

def test_the_schema_ships_in_the_package_and_every_extraction_names_it():
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert SCHEMA_PATH == Path(extractor.__file__).parent / "schema" / "kb.schema.json"
    assert schema["$id"] == SCHEMA_ID == f"https://extractor.github.io/schema/kb/{SCHEMA_VERSION}.json"
    assert schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION
    data = to_dict(extract_file(CORPUS / FILES[1]))
    assert list(data)[:2] == ["$schema", "schema_version"]
    assert (data["$schema"], data["schema_version"]) == (schema["$id"], "1")
    jsonschema.validate(data, schema)
    wrong = {**data, "$schema": "https://example.invalid/other.json"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(wrong, schema)


def test_package_data_lists_the_schema_and_py_typed():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data = project["tool"]["setuptools"]["package-data"]["extractor"]
    assert "py.typed" in data and "schema/*.json" in data
    assert (ROOT / "extractor" / "py.typed").is_file() and not (ROOT / "schema").exists()
    assert project["project"]["version"] == extractor.__version__


def test_version_option():
    r = subprocess.run([sys.executable, "-m", "extractor", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0 and r.stdout == f"extractor {extractor.__version__}\n"
    assert importlib.metadata.version("extractor") == extractor.__version__


# ------------------------------------------------------------------ help

def test_help_shows_flags_without_a_type():
    _register_commands()
    run = CliRunner().invoke
    commands = ["extract", "tables", "build", "search", "tasks", "due", "cites", "serve", "watch", "eval"]
    for command in [[], *([c] for c in commands)]:
        r = run(app, [*command, "--help"], env={"COLUMNS": "200"})
        assert r.exit_code == 0, (command, r.output)
        assert "<bool>" not in r.stdout, command
        assert "--help" in r.stdout
    r = run(app, ["tasks", "--help"], env={"COLUMNS": "200"})
    assert "<int>" in r.stdout                        # options that take a value keep their type
    json_line = next(line for line in r.stdout.splitlines() if "--json" in line)
    assert json_line.split("--json", 1)[1].split()[0] == "print"   # the help text follows the flag directly
    r = run(app, ["extract", "--help"], env={"COLUMNS": "200"})
    assert "PDF" in r.stdout and "DOCX" in r.stdout and "HTML" in r.stdout and ".txt files" not in r.stdout


# ------------------------------------------------------------------ CSV for spreadsheets

def test_every_csv_the_cli_writes_starts_with_a_bom(kb, tmp_path):
    _register_commands()
    for table in ("tasks", "targets", "references"):
        raw = (kb / f"{table}.csv").read_bytes()
        assert raw.startswith(BOM) and not raw[3:].startswith(BOM)
        assert raw[3:].split(b",", 1)[0] in (b"id", b"doc_id")
    run = CliRunner().invoke
    r = run(app, ["tasks", "--kb", str(kb), "--csv"])
    assert r.exit_code == 0 and r.stdout_bytes.startswith(BOM + b"id,doc_id,")
    r = run(app, ["search", "thủ tục", "--kb", str(kb), "--csv"])
    assert r.exit_code == 0 and r.stdout_bytes.startswith(BOM)
    r = run(app, ["tables", str(CORPUS / FILES[0]), "-o", str(tmp_path)])
    assert r.exit_code == 0, r.output
    written = sorted(tmp_path.glob("*.csv"))
    assert len(written) == 2 and all(p.read_bytes().startswith(BOM + b"group,") for p in written)
    # Excel's reading (utf-8-sig) and pandas' both see the header without the mark
    assert written[1].read_text(encoding="utf-8-sig").splitlines()[0] == "group,STT,Chỉ tiêu,Đơn vị,Chỉ tiêu năm 2025"


# ------------------------------------------------------------------ Datasette

def test_build_creates_the_views_and_metadata(kb):
    conn = sqlite3.connect(kb / "kb.sqlite")
    names = {n: t for n, t in conn.execute("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')")}
    assert all(names.get(v) == "view" for v in VIEWS)
    count = lambda sql: conn.execute(sql).fetchone()[0]
    assert count("SELECT count(*) FROM tasks_with_agencies") == count("SELECT count(*) FROM tasks") > 0
    assert count("SELECT count(*) FROM targets_with_documents") == count("SELECT count(*) FROM targets") > 0
    assert count('SELECT count(*) FROM references_with_documents') == count('SELECT count(*) FROM "references"') > 0
    assert count("SELECT count(*) FROM agency_tasks") == count("SELECT count(*) FROM task_agencies") > 0
    # the joins: a task of 240/QĐ-TTg with its lead and coordinating agencies, in their order
    row = conn.execute("SELECT doc_number, doc_title, deadline, lead, coordinating FROM tasks_with_agencies "
                       "WHERE text LIKE 'Bộ Công an chủ trì, phối hợp với Bộ Nội vụ%' LIMIT 1").fetchone()
    assert row[0] == "240/QĐ-TTg" and row[1].startswith("Ban hành Kế hoạch cải cách thủ tục hành chính")
    assert row[3] == "Bộ Công an" and row[4].startswith("Bộ Nội vụ; Văn phòng Chính phủ")
    assert row[2] is not None
    # the view and the JSON agree task by task on the lead agencies (canonical names, as the agencies table holds)
    leads = dict(conn.execute("SELECT task_id, lead FROM tasks_with_agencies"))
    doc = json.loads(next((kb / "documents").glob("*.json")).read_text(encoding="utf-8"))["documents"][0]
    for t in doc["tasks"]:
        assert (leads[t["id"]] or "").count(";") == max(len(t["lead"]) - 1, 0)

    meta = json.loads((kb / "metadata.json").read_text(encoding="utf-8"))
    assert meta["title"] and meta["description"]
    tables = meta["databases"]["kb"]["tables"]
    assert set(tables) <= set(names)                      # only tables and views that exist
    for view in VIEWS:
        entry = tables[view]
        columns = {r[1] for r in conn.execute(f'PRAGMA table_info("{view}")')}
        assert " — " in entry["title"] and entry["facets"] and set(entry["facets"]) <= columns
        assert set(entry["columns"]) <= columns and " — " in entry["columns"].get("doc_number", " — ")
    assert tables["tasks_with_agencies"]["columns"]["lead"] == "Cơ quan chủ trì — lead agencies"
    assert tables["fts_exact"] == {"hidden": True} and not tables["documents"].get("hidden")
    conn.close()


def test_views_are_replaced_not_duplicated(kb, tmp_path):
    db = tmp_path / "kb.sqlite"
    shutil.copy(kb / "kb.sqlite", db)
    conn = sqlite3.connect(db)
    conn.execute("DROP VIEW agency_tasks")
    conn.execute("CREATE VIEW agency_tasks AS SELECT 1 AS old")
    conn.commit()
    conn.close()
    assert datasette.prepare(db) == tmp_path / "metadata.json"
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'agency_tasks'").fetchone()[0] == 1
    assert "agency" in {r[1] for r in conn.execute("PRAGMA table_info(agency_tasks)")}
    conn.close()


def test_datasette_serves_the_views_with_their_facets(kb):
    pytest.importorskip("datasette")
    from datasette.app import Datasette

    meta = json.loads((kb / "metadata.json").read_text(encoding="utf-8"))
    ds = Datasette([str(kb / "kb.sqlite")], metadata=meta)

    async def get(path):
        r = await ds.client.get(path)
        assert r.status_code == 200, (path, r.text[:300])
        return r

    async def run():
        db = (await get("/kb.json")).json()
        hidden = {t["name"] for t in db["tables"] if t["hidden"]}
        assert "fts_exact" in hidden and "tasks" not in hidden
        assert {v["name"] for v in db["views"]} == set(VIEWS)
        data = (await get("/kb/tasks_with_agencies.json?_size=1")).json()
        assert set(data["facet_results"]) == {"doc_number", "doc_type", "year"}
        assert data["filtered_table_rows_count"] == sqlite3.connect(kb / "kb.sqlite").execute(
            "SELECT count(*) FROM tasks").fetchone()[0]
        page = (await get("/kb/tasks_with_agencies")).text
        assert "Nhiệm vụ — Tasks" in page and "Cơ quan chủ trì — lead agencies" in page

    asyncio.run(run())
