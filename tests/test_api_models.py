"""The API's OpenAPI answers: every JSON endpoint has a response schema with properties that real answers on the bundled
corpus match field for field; /docs and /redoc use only the package's own files."""
from __future__ import annotations

import copy
import re

import jsonschema
import pytest

pytest.importorskip("fastapi")

from test_api import client, kb_dir  # noqa: F401  (the knowledge base of the bundled corpus and its app)

PATHS = ["/health", "/tasks", "/targets", "/references", "/search", "/due", "/documents", "/documents/{doc_id}",
         "/documents/{doc_id}/links"]
LISTS = {"/tasks": "Task", "/targets": "Target", "/references": "Reference", "/search": "Hit", "/due": "DueTask",
         "/documents": "DocumentRow"}


@pytest.fixture(scope="module")
def spec(client):  # noqa: F811
    return client.get("/openapi.json").json()


def _resolve(spec: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _strict(spec: dict) -> dict:
    """The components with every object closed (no field beyond those named): an answer that holds a field its model
    does not name fails, as does one missing a required field."""
    comps = copy.deepcopy(spec["components"])

    def close(node):
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                node["additionalProperties"] = False
            for v in node.values():
                close(v)
        elif isinstance(node, list):
            for v in node:
                close(v)

    for name, schema in comps["schemas"].items():
        if not name.startswith("Extraction"):   # schema/kb.schema.json: checked as it is written
            close(schema)
    return comps


def _check(spec: dict, path: str, body) -> None:
    schema = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    jsonschema.validate(body, {**schema, "components": _strict(spec)}, cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize("path", PATHS)
def test_every_200_answer_has_a_schema_with_properties(spec, path):
    schema = _resolve(spec, spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"])
    assert schema["type"] == "object" and schema["properties"]
    if path in LISTS:
        items = _resolve(spec, schema["properties"]["results"]["items"])
        assert items["title"] == LISTS[path] and {"doc_id", "file"} <= set(items["properties"]) | {"doc_id", "file"}
        assert set(schema["required"]) >= {"total", "results"}


def test_list_models_name_the_real_columns(spec):
    props = lambda name: set(spec["components"]["schemas"][name]["properties"])
    assert {"lead", "coordinating", "deadline", "deadline_text", "section", "doc_number", "table_row"} <= props("Task")
    assert {"indicator", "unit", "value", "value_max", "comparator", "year", "basis"} <= props("Target")
    assert {"number", "sentence", "cited_doc_id"} <= props("Reference")
    assert {"status", "days"} <= props("DueTask") and props("Task") < props("DueTask")
    assert {"snippet", "score", "exact", "kind"} <= props("Hit")
    assert {"cites", "cited_by", "ordinal"} <= props("DocumentLinks")
    assert spec["paths"]["/tasks"]["get"]["responses"]["200"]["content"]["text/csv"]["schema"] == {"type": "string"}


def test_real_answers_match_their_models(client, spec):  # noqa: F811
    big = {"limit": 500}
    answers = {
        "/health": [client.get("/health")],
        "/tasks": [client.get("/tasks", params=big), client.get("/tasks", params={"agency": "BCA"}),
                   client.get("/tasks", params={**big, "successor": "true"})],
        "/targets": [client.get("/targets", params=big)],
        "/references": [client.get("/references", params=big)],
        "/search": [client.get("/search", params={"q": "số hóa", "facets": "true", "limit": 100}),
                    client.get("/search", params={"q": "ho so", "kind": "document"})],
        "/due": [client.get("/due", params={"today": "2025-06-01", "within": 3650})],
        "/documents": [client.get("/documents", params=big)],
    }
    docs = answers["/documents"][0].json()["results"]
    answers["/documents/{doc_id}"] = [client.get(f"/documents/{d['id']}") for d in docs]
    answers["/documents/{doc_id}/links"] = [client.get(f"/documents/{d['id']}/links") for d in docs]
    for path, responses in answers.items():
        for r in responses:
            assert r.status_code == 200, (path, r.text)
            _check(spec, path, r.json())
    # every kind of row was there to be checked, with the fields as the store holds them
    assert len(answers["/tasks"][0].json()["results"]) > 400 and len(docs) == 13
    hits = answers["/search"][0].json()
    assert {h["kind"] for h in hits["results"]} == {"task", "target"} and set(hits["facets"]) == {
        "kind", "year", "doc_type", "agency"}
    assert "facets" not in answers["/search"][1].json()          # absent unless asked for: never `null`
    due = answers["/due"][0].json()
    assert due["total"] == len(due["results"]) > 0 and {r["status"] for r in due["results"]} == {"due", "overdue"}
    links = next(r.json() for r in answers["/documents/{doc_id}/links"] if r.json()["number"] == "240/QĐ-TTg")
    assert (links["type"], links["n_tasks"], links["ordinal"], links["file"]) == (
        "Quyết định", 52, 0, "002_be3de6c5a32a288b.txt")
    assert links["cites"][0] == {"type": "Nghị định", "number": "79/2022/NĐ-CP", "date": "2022-10-06", "section": "",
                                 "sentence": "Căn cứ Nghị định số 79/2022/NĐ-CP ngày 06 tháng 10 năm 2022 của Chính "
                                 "phủ quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Văn phòng Chính "
                                 "phủ.", "in_corpus": False, "doc_id": None, "file": None}
    health = answers["/health"][0].json()
    assert health["knowledge_base"]["documents"] == 13 and health["status"] == "ok"


def test_a_field_the_model_does_not_name_fails_the_check(client, spec):  # noqa: F811
    body = client.get("/targets", params={"limit": 1}).json()
    _check(spec, "/targets", body)
    body["results"][0]["colour"] = "red"
    with pytest.raises(jsonschema.ValidationError):
        _check(spec, "/targets", body)
    del body["results"][0]["colour"], body["results"][0]["indicator"]
    with pytest.raises(jsonschema.ValidationError):
        _check(spec, "/targets", body)


def test_csv_downloads_are_unchanged_by_the_models(client):  # noqa: F811
    r = client.get("/targets", params={"format": "csv", "doc": "240/QĐ-TTg"})
    assert r.headers["content-type"].startswith("text/csv")
    assert r.text.splitlines()[0] == ("\ufeffid,doc_id,doc_number,doc_type,doc_date,file,section,indicator,unit,value,"
                                      "value_max,comparator,year,basis,text,origin,start,end")


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_pages_load_only_the_packages_files(client, page):  # noqa: F811
    html = client.get(page).text
    assert "http://" not in html and "https://" not in html           # no CDN, no web fonts
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and all(a.startswith("/static/vendor/") for a in assets)
    kinds = {".js": "text/javascript", ".css": "text/css", ".png": "image/png"}
    for url in assets:
        r = client.get(url)
        assert r.status_code == 200 and len(r.content) > 500, url
        assert r.headers["content-type"].startswith(kinds[url[url.rfind("."):]]), url
    assert "/openapi.json" in html
    assert client.get("/docs/oauth2-redirect").status_code == 200 if page == "/docs" else True


def test_the_vendored_files_are_package_data():
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    globs = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["extractor.api"]
    api = root / "extractor" / "api"
    vendored = {p.relative_to(api) for p in (api / "static" / "vendor").rglob("*") if p.is_file()}
    covered = {p.relative_to(api) for g in globs for p in api.glob(g) if p.is_file()}
    assert vendored and vendored <= covered
    assert {"static/vendor/swagger-ui/LICENSE", "static/vendor/redoc/LICENSE"} <= {str(p) for p in vendored}
