"""The HTTP API (FastAPI TestClient): every endpoint, filter, pagination, CSV and error case; OpenAPI matches the schema."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from extractor.api import create_app  # noqa: E402
from extractor.kb import build  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SCHEMA = json.loads((ROOT / "extractor" / "schema" / "kb.schema.json").read_text(encoding="utf-8"))
SAMPLE = next(CORPUS.glob("002_*.txt"))


@pytest.fixture(scope="module")
def kb_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("api") / "output"
    build(CORPUS, out, workers=2)
    return out


@pytest.fixture(scope="module")
def client(kb_dir):
    with TestClient(create_app(kb_dir, corpus=CORPUS, max_upload_bytes=200_000)) as c:
        yield c


def _error(r, status: int, code: str | None = None) -> dict:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error", "message"} and body["message"]
    if code:
        assert body["error"] == code, body
    return body


# ------------------------------------------------------------------ service

def test_health(client):
    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body["knowledge_base"]["documents"] == 13 and body["knowledge_base"]["tasks"] > 100


def test_health_and_503_without_a_knowledge_base(tmp_path):
    with TestClient(create_app(tmp_path / "empty")) as c:
        assert c.get("/health").json()["knowledge_base"] is None
        _error(c.get("/tasks"), 503, "no_knowledge_base")
        _error(c.get("/search", params={"q": "hồ sơ"}), 503, "no_knowledge_base")
        assert c.post("/extract", json={"text": SAMPLE.read_text(encoding="utf-8")}).status_code == 200


def test_openapi_documents_the_extraction_schema(client):
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert schemas["Extraction"]["required"] == SCHEMA["required"]
    assert set(SCHEMA["$defs"]) <= {k.removeprefix("Extraction_") for k in schemas}
    assert "#/$defs/" not in json.dumps(spec)
    ok = spec["paths"]["/extract"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/Extraction"}
    assert {"multipart/form-data", "application/json"} <= set(spec["paths"]["/extract"]["post"]["requestBody"]["content"])
    for path in ("/documents", "/documents/{doc_id}", "/tasks", "/targets", "/references", "/search", "/health", "/due"):
        assert path in spec["paths"]


# ------------------------------------------------------------------ POST /extract

def test_extract_multipart_file_matches_the_schema(client):
    r = client.post("/extract", files={"file": (SAMPLE.name, SAMPLE.read_bytes(), "text/plain")})
    assert r.status_code == 200, r.text
    body = r.json()
    jsonschema.validate(body, SCHEMA)
    assert body["source"]["path"] == SAMPLE.name
    assert body["documents"][0]["number"] == "240/QĐ-TTg" and body["documents"][0]["tasks"]


def test_extract_text_as_json_form_and_raw(client):
    text = SAMPLE.read_text(encoding="utf-8")
    for r in (client.post("/extract", json={"text": text, "name": "qd240.txt"}),
              client.post("/extract", data={"text": text}),
              client.post("/extract", files={"text": (None, text)}),
              client.post("/extract?name=qd240.txt", content=text.encode("utf-8"),
                          headers={"content-type": "text/plain; charset=utf-8"}),
              client.post("/extract", content=SAMPLE.read_bytes(), headers={"content-type": "application/octet-stream"})):
        assert r.status_code == 200, r.text
        jsonschema.validate(r.json(), SCHEMA)
        assert r.json()["documents"][0]["number"] == "240/QĐ-TTg"


def test_extract_path_is_a_name_only(client, tmp_path):
    r = client.post("/extract", files={"file": ("../../etc/evil.txt", SAMPLE.read_bytes(), "text/plain")})
    assert r.status_code == 200 and r.json()["source"]["path"] == "evil.txt"


@pytest.mark.parametrize("payload, code", [
    (("empty.txt", b"", "text/plain"), "empty"),
    (("blob.txt", bytes(range(256)) * 40, "text/plain"), None),
    (("fake.pdf", b"this is not a pdf", "application/pdf"), "broken"),
    (("fake.docx", b"not a zip at all", "application/octet-stream"), "broken"),
    (("archive.zip.txt", b"PK\x03\x04" + b"\0" * 200, "text/plain"), "unsupported"),
])
def test_extract_bad_files_are_422_with_the_message(client, payload, code):
    body = _error(client.post("/extract", files={"file": payload}), 422, code)
    assert "\n" not in body["message"]


def test_extract_limits_and_types(client):
    _error(client.post("/extract", files={"file": ("big.txt", b"a" * 300_000, "text/plain")}), 413, "too_large")
    _error(client.post("/extract", content=b"a" * 300_000, headers={"content-type": "text/plain"}), 413, "too_large")
    _error(client.post("/extract", json={"text": "á" * 200_000}), 413, "too_large")
    _error(client.post("/extract", files={"file": ("photo.png", b"\x89PNG....", "image/png")}), 415,
           "unsupported_file_type")
    _error(client.post("/extract", content=b"<x/>", headers={"content-type": "application/xml"}), 415,
           "unsupported_media_type")
    _error(client.post("/extract", content=b"{not json", headers={"content-type": "application/json"}), 400, "bad_json")
    _error(client.post("/extract", json={"name": "no text"}), 400, "missing_text")
    _error(client.post("/extract", files={"other": ("a.txt", b"x", "text/plain")}), 400, "missing_file")
    _error(client.get("/extract"), 405, "method_not_allowed")


def test_extract_writes_nothing(client, kb_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = sorted(p.relative_to(kb_dir) for p in kb_dir.rglob("*"))
    assert client.post("/extract", files={"file": ("x.txt", SAMPLE.read_bytes(), "text/plain")}).status_code == 200
    assert sorted(p.relative_to(kb_dir) for p in kb_dir.rglob("*")) == before
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ lists and filters

def test_lists_paginate(client):
    first = client.get("/tasks", params={"limit": 5}).json()
    second = client.get("/tasks", params={"limit": 5, "offset": 5}).json()
    assert first["total"] == second["total"] > 10 and len(first["results"]) == 5
    assert {t["id"] for t in first["results"]}.isdisjoint(t["id"] for t in second["results"])
    assert isinstance(first["results"][0]["lead"], list)
    _error(client.get("/tasks", params={"limit": 100_000}), 400, "invalid_parameter")
    _error(client.get("/tasks", params={"offset": -1}), 400, "invalid_parameter")


@pytest.mark.parametrize("params, check", [
    ({"agency": "BCA"}, lambda r: "Bộ Công an" in r["lead"] + r["coordinating"]),
    ({"agency": "Bộ Công an", "role": "lead"}, lambda r: "Bộ Công an" in r["lead"]),
    ({"due_before": "2025-12-31", "due_after": "2025-01-01"}, lambda r: "2025-01-01" <= r["deadline"] <= "2025-12-31"),
    ({"year": 2021}, lambda r: r["doc_date"].startswith("2021")),
    ({"doc_type": "QĐ"}, lambda r: r["doc_type"] == "Quyết định"),
    ({"doc": "240/QĐ-TTg"}, lambda r: r["doc_number"] == "240/QĐ-TTg"),
])
def test_task_filters(client, params, check):
    body = client.get("/tasks", params={**params, "limit": 500}).json()
    assert body["total"] > 0 and all(check(r) for r in body["results"]), params


def test_other_lists_and_filters(client):
    docs = client.get("/documents", params={"year": 2021}).json()
    assert docs["total"] == 4 and all(d["year"] == 2021 for d in docs["results"])
    targets = client.get("/targets", params={"doc": "468/QĐ-TTg"}).json()
    assert targets["total"] > 0 and all(t["doc_number"] == "468/QĐ-TTg" for t in targets["results"])
    assert client.get("/targets", params={"agency": "BCA"}).json()["total"] == 0  # agency keeps tasks only
    refs = client.get("/references", params={"number": "01/NQ-CP"}).json()
    assert refs["total"] > 0 and all(r["number"] == "01/NQ-CP" for r in refs["results"])
    assert client.get("/references", params={"doc_type": "Chỉ thị"}).json()["total"] > 0


@pytest.mark.parametrize("params", [{"due_before": "31.12.2025"}, {"role": "boss"}, {"year": "abc"}])
def test_bad_filters_are_400(client, params):
    _error(client.get("/tasks", params=params), 400, "invalid_parameter")


def test_documents_one_and_links(client):
    doc = client.get("/documents", params={"doc": "240/QĐ-TTg"}).json()["results"][0]
    body = client.get(f"/documents/{doc['id']}").json()
    jsonschema.validate(body, SCHEMA)
    assert [d["id"] for d in body["documents"]] == [doc["id"]]
    links = client.get(f"/documents/{doc['id']}/links").json()
    assert links["number"] == "240/QĐ-TTg" and "cites" in links and "cited_by" in links
    _error(client.get("/documents/nope"), 404, "not_found")
    _error(client.get("/documents/..%2Fkb/links"), 404)
    _error(client.get("/nowhere"), 404, "not_found")


# ------------------------------------------------------------------ search, due, CSV

def test_search_with_filters_and_facets(client):
    body = client.get("/search", params={"q": "so hoa ho so", "facets": True, "limit": 3}).json()
    assert body["total"] >= len(body["results"]) > 0 and body["results"][0]["snippet"].count("[") > 0
    assert {"kind", "year", "doc_type", "agency"} == set(body["facets"])
    tasks = client.get("/search", params={"q": "hồ sơ", "kind": "task", "year": 2025}).json()
    assert tasks["results"] and all(h["kind"] == "task" for h in tasks["results"])
    page2 = client.get("/search", params={"q": "hồ sơ", "limit": 2, "offset": 2}).json()
    assert page2["offset"] == 2 and len(page2["results"]) == 2
    assert client.get("/search", params={"q": '"; DROP TABLE tasks; --'}).status_code == 200
    _error(client.get("/search"), 400, "invalid_parameter")
    _error(client.get("/search", params={"q": "x", "kind": "person"}), 400, "invalid_parameter")


def test_due(client):
    body = client.get("/due", params={"today": "2025-06-01", "within": 60}).json()
    assert body["total"] > 0 and body["overdue"] > 0
    assert all(r["deadline"] <= "2025-07-31" for r in body["results"])
    assert {r["status"] for r in body["results"]} == {"overdue", "due"}


@pytest.mark.parametrize("path, params", [("/tasks", {"agency": "VPCP"}), ("/targets", {}), ("/documents", {}),
                                          ("/references", {}), ("/search", {"q": "hồ sơ"}), ("/due", {"within": 30})])
def test_csv_downloads(client, path, params):
    r = client.get(path, params={**params, "format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    text = r.content.decode("utf-8-sig")
    assert text.splitlines()[0].count(",") >= 3 and len(text.splitlines()) > 1
