"""POST /extract in worker processes: a file over the per-file time limit is a 422 `time_limit` and its worker is
replaced; a small upload is answered while a slow one is still being extracted (no lock around the pipeline); a
document page shows the text the build stored and never extracts the document again."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
from conftest import FLOOD

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from extractor.api import create_app  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SMALL = next((ROOT / "corpus").glob("002_*.txt")).read_bytes()
# A long run of assignments: about a second of CPU, far longer than a small file.
SLOW = ("Bộ Tài chính chủ trì, phối hợp với Bộ Công an và Ủy ban nhân dân các tỉnh rà soát hồ sơ, "
        "hoàn thành trước ngày 30/6/2025.\n" * 10_000)


def _post_text(client, text: str, name: str = "slow.txt"):
    return client.post("/extract", json={"text": text, "name": name})


def test_an_upload_over_the_time_limit_is_422_and_the_next_one_works(tmp_path):
    with TestClient(create_app(tmp_path / "kb", pool_size=1, time_limit=1.0)) as client:
        r = _post_text(client, FLOOD)
        assert r.status_code == 422, r.text[:300]
        body = r.json()
        assert body["error"] == "time_limit"
        assert "time limit of 1 s per file" in body["message"] and "EXTRACTOR_TIME_LIMIT" in body["message"]
        ok = client.post("/extract", files={"file": ("qd240.txt", SMALL, "text/plain")})
        assert ok.status_code == 200 and ok.json()["documents"][0]["number"] == "240/QĐ-TTg"


def test_a_small_upload_is_answered_while_a_slow_one_runs(tmp_path):
    with TestClient(create_app(tmp_path / "kb", pool_size=2, time_limit=0)) as client:
        slow: dict = {}
        thread = threading.Thread(target=lambda: slow.update(r=_post_text(client, SLOW)))
        thread.start()
        r = client.post("/extract", files={"file": ("qd240.txt", SMALL, "text/plain")})
        assert r.status_code == 200 and r.json()["documents"][0]["number"] == "240/QĐ-TTg"
        assert thread.is_alive()   # answered before the slow one
        thread.join()
        assert slow["r"].status_code == 200 and slow["r"].json()["source"]["path"] == "slow.txt"


def test_a_document_page_shows_its_text_without_extracting_it(tmp_path, monkeypatch):
    import extractor.pipeline as pipeline
    from extractor.kb import build

    out = tmp_path / "kb"
    build(ROOT / "corpus" / next((ROOT / "corpus").glob("002_*.txt")).name, out, workers=1, time_limit=0)
    views = sorted(p.name for p in (out / "documents").iterdir())
    assert len(views) == 2 and views[1] == views[0].removesuffix(".json") + ".view.json.gz"

    def no_extraction(*args, **kwargs):
        raise AssertionError("a page extracted a document")

    monkeypatch.setattr(pipeline, "extract_file", no_extraction)
    monkeypatch.setattr(pipeline, "run", no_extraction)
    with TestClient(create_app(out)) as client:   # no corpus: the text comes from the knowledge base
        doc_id = client.get("/documents").json()["results"][0]["id"]
        page = client.get(f"/view/documents/{doc_id}")
        assert page.status_code == 200
        html = page.text
        assert 'id="task-1"' in html and "<mark" in html and "Cơ quan" in html
        assert "Thủ tướng Chính phủ" in html and "Không hiển thị được toàn văn" not in html
