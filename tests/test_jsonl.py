"""JSON Lines: `extractor extract --jsonl` (one line per task, target and reference) and the tasks/targets/references.jsonl
that `extractor build` writes beside the CSV and Parquet exports."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.kb.build import build
from extractor.output import to_dict
from extractor.pipeline import extract_file

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FILES = ("001_d2957228fe623068.txt", "002_be3de6c5a32a288b.txt", "005_congbao_qd844_2026.txt")
PROVENANCE = ("kind", "file", "sha256", "doc_id", "doc_number", "doc_type", "doc_date")


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """Three corpus files in a folder of their own (one in a subfolder), and the knowledge base built from it."""
    root = tmp_path_factory.mktemp("jsonl")
    src = root / "src"
    (src / "sub").mkdir(parents=True)
    for name in FILES[:2]:
        shutil.copy(CORPUS / name, src / name)
    shutil.copy(CORPUS / FILES[2], src / "sub" / FILES[2])
    report = build(src, root / "out", workers=1, progress=False)
    assert not report.failed
    return src, root / "out"


def _lines(text: str) -> list[dict]:
    assert text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


def test_extract_jsonl_one_file_holds_every_item_with_its_provenance():
    r = CliRunner().invoke(app, ["extract", str(CORPUS / FILES[1]), "--jsonl"])
    assert r.exit_code == 0, r.output
    lines = _lines(r.stdout)
    data = to_dict(extract_file(CORPUS / FILES[1]))
    (doc,) = data["documents"]
    assert [x["kind"] for x in lines] == (["task"] * len(doc["tasks"]) + ["target"] * len(doc["targets"])
                                          + ["reference"] * len(doc["references"]))
    assert (len(doc["tasks"]), len(doc["targets"]), len(doc["references"])) == (52, 3, 28)
    for line in lines:
        assert list(line)[:len(PROVENANCE)] == list(PROVENANCE)
        assert (line["file"], line["doc_number"], line["doc_type"], line["doc_date"], line["doc_id"]) == \
            (FILES[1], "240/QĐ-TTg", "Quyết định", "2025-02-04", doc["id"])
        assert line["sha256"] == data["source"]["sha256"]
    # after the provenance, each line is the item exactly as in the JSON output
    items = doc["tasks"] + doc["targets"] + doc["references"]
    assert [{k: v for k, v in line.items() if k not in PROVENANCE} for line in lines] == items
    first = lines[0]
    assert first["lead"] == ["các bộ, ngành, địa phương"] and first["section"] == "III.1.a"
    ref = next(x for x in lines if x["kind"] == "reference")
    assert ref["number"] and "start" in ref and "end" in ref
    # the offsets point at the item's words in the file as read
    text = (CORPUS / FILES[1]).read_text(encoding="utf-8")
    assert text[first["start"]:first["end"]].startswith("Các bộ, ngành, địa phương kiểm soát chặt chẽ")


def test_extract_jsonl_folder_to_a_file_and_bad_files(small, tmp_path):
    src, _ = small
    bad = tmp_path / "src"
    shutil.copytree(src, bad)
    (bad / "empty.txt").write_bytes(b"")
    target = tmp_path / "items.jsonl"
    r = CliRunner().invoke(app, ["extract", str(bad), "--jsonl", "--out", str(target)])
    assert r.exit_code == 0, r.output
    assert "empty.txt" in r.stderr and f"{target}: " in r.stdout
    lines = _lines(target.read_text(encoding="utf-8"))
    files = list(dict.fromkeys(x["file"] for x in lines))
    assert files == [FILES[0], FILES[1], f"sub/{FILES[2]}"]   # names below the folder given, in order
    assert {x["doc_number"] for x in lines if x["file"] == FILES[0]} == {"23/CT-TTg", "468/QĐ-TTg", "979/QĐ-BNV"}
    assert r.stdout.strip() == f"{target}: {len(lines)} lines from 3 of 4 files"
    # nothing readable: exit status 1
    only_bad = tmp_path / "bad"
    only_bad.mkdir()
    (only_bad / "x.txt").write_bytes(b"\x00\x01" * 10)
    assert CliRunner().invoke(app, ["extract", str(only_bad), "--jsonl"]).exit_code == 1


def test_build_writes_jsonl_exports_equal_to_extract_jsonl(small):
    src, out = small
    r = CliRunner().invoke(app, ["extract", str(src), "--jsonl"])
    assert r.exit_code == 0, r.output
    extracted = _lines(r.stdout)
    for table, kind in (("tasks", "task"), ("targets", "target"), ("references", "reference")):
        lines = _lines((out / f"{table}.jsonl").read_text(encoding="utf-8"))
        assert lines == [x for x in extracted if x["kind"] == kind]
        csv = pd.read_csv(out / f"{table}.csv", dtype=str, keep_default_na=False)
        assert len(lines) == len(csv) > 0
        assert [x["doc_id"] for x in lines] == list(csv["doc_id"])
        if kind != "reference":
            assert [x["id"] for x in lines] == list(csv["id"])
        # every line's document has its JSON in documents/ (the same ids)
        assert all((out / "documents" / f"{x['doc_id']}.json").exists() for x in lines)
    tasks = _lines((out / "tasks.jsonl").read_text(encoding="utf-8"))
    assert {x["file"] for x in tasks} == {FILES[0], FILES[1], f"sub/{FILES[2]}"}
    table_task = next(x for x in tasks if x["origin"] == "table" and x["file"].startswith("sub/"))
    assert table_task["doc_number"] == "844/QĐ-TTg" and table_task["table_row"] is not None


def test_a_second_build_keeps_the_jsonl_and_a_removed_file_leaves_it(small, tmp_path):
    src, _ = small
    corpus = tmp_path / "src"
    shutil.copytree(src, corpus)
    out = tmp_path / "out"
    build(corpus, out, workers=1, progress=False)
    before = (out / "tasks.jsonl").read_text(encoding="utf-8")
    (corpus / FILES[1]).unlink()
    build(corpus, out, workers=1, progress=False)
    after = _lines((out / "tasks.jsonl").read_text(encoding="utf-8"))
    assert {x["file"] for x in after} == {FILES[0], f"sub/{FILES[2]}"}
    assert after == [x for x in _lines(before) if x["file"] != FILES[1]]
    assert not list(out.glob("*.tmp"))
