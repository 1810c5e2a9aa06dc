"""Document identity: ids come from the content and the file's path in the corpus (never an absolute path), so two
files of identical content keep a document each, and ids are the same on every run and machine."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema

from extractor import extract_file
from extractor.kb import KnowledgeBase, build
from extractor.output import to_dict

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = next((ROOT / "corpus").glob("002_*.txt"))
SCHEMA = json.loads((ROOT / "extractor" / "schema" / "kb.schema.json").read_text(encoding="utf-8"))


def _corpus(folder: Path) -> Path:
    (folder / "sub").mkdir(parents=True)
    for name in ("a.txt", "b.txt", "sub/a.txt"):
        shutil.copyfile(SAMPLE, folder / name)
    return folder


def _stored(out: Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (out / "documents").glob("*.json")}


def test_identical_files_keep_a_document_each(tmp_path):
    out = tmp_path / "output"
    build(_corpus(tmp_path / "corpus"), out, workers=1)
    stored = _stored(out)
    assert len(stored) == 3
    assert sorted(Path(d["source"]["path"]).relative_to(tmp_path / "corpus").as_posix() for d in stored.values()) \
        == ["a.txt", "b.txt", "sub/a.txt"]
    for doc_id, data in stored.items():
        jsonschema.validate(data, SCHEMA)
        assert [d["id"] for d in data["documents"]] == [doc_id]
    with KnowledgeBase(out) as kb:  # one document filed three times: one row, three sources (store.dedupe)
        rows = kb.documents()
        assert len(rows) == 1 and rows["id"][0] in stored
        assert rows["sources"][0].split("; ") == ["a.txt", "b.txt", "sub/a.txt"]
        assert len(kb.tasks()) == len(next(iter(stored.values()))["documents"][0]["tasks"])
        assert {kb.document(doc_id)["id"] for doc_id in stored} == {rows["id"][0]}


def test_ids_are_the_same_wherever_the_corpus_is(tmp_path):
    one, two = tmp_path / "one", tmp_path / "elsewhere" / "two"
    build(_corpus(one / "corpus"), one / "output", workers=1)
    build(_corpus(two / "corpus"), two / "output", workers=1)
    assert sorted(_stored(one / "output")) == sorted(_stored(two / "output"))


def test_extract_and_build_agree_for_a_file_at_the_top_of_the_corpus(tmp_path):
    out = tmp_path / "output"
    build(_corpus(tmp_path / "corpus"), out, workers=1)
    data = to_dict(extract_file(tmp_path / "corpus" / "a.txt"))
    assert data["documents"][0]["id"] in _stored(out)
    # the name is part of the id, the folder it is read from is not
    copy = tmp_path / "elsewhere" / SAMPLE.name
    copy.parent.mkdir()
    shutil.copyfile(SAMPLE, copy)
    assert to_dict(extract_file(SAMPLE))["documents"][0]["id"] == to_dict(extract_file(copy))["documents"][0]["id"]


def test_the_web_ui_finds_the_text_of_each_copy(tmp_path):
    from extractor.api.web import _text_html

    corpus, out = _corpus(tmp_path / "corpus"), tmp_path / "output"
    build(corpus, out, workers=1)
    with KnowledgeBase(out) as kb:
        rows = kb.documents()[["id", "file"]].itertuples(index=False)
        for doc_id, file in rows:
            assert _text_html(out, doc_id) is not None, file   # each copy's stored text view
