"""Hostile query parameters for the HTTP API and the web UI: dates not in ISO form, integers out of range. The
API answers 400 with `{"error": "invalid_parameter", "message": …}` naming the parameter; the web UI, a 400 page."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from extractor.api import create_app  # noqa: E402
from extractor.kb import build  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SAMPLE = next(CORPUS.glob("002_*.txt"))


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile_api") / "output"
    build(SAMPLE, out, workers=1)
    # server errors answered as responses (a 500 is a failure here, not an exception in the test)
    with TestClient(create_app(out, corpus=CORPUS), raise_server_exceptions=False) as c:
        yield c


def _invalid(r, name: str) -> str:
    assert r.status_code == 400, r.text
    body = r.json()
    assert set(body) == {"error", "message"} and body["error"] == "invalid_parameter", body
    assert body["message"].startswith(f"{name}: ") and "\n" not in body["message"], body
    return body["message"]


@pytest.mark.parametrize("path, extra", [("/tasks", {}), ("/targets", {}), ("/documents", {}), ("/references", {}),
                                         ("/search", {"q": "hồ sơ"})])
@pytest.mark.parametrize("name", ["due_before", "due_after"])
@pytest.mark.parametrize("value", ["31.12.2025", "2025-13-01", "1735603200"])  # 31/12/2025 is a date: test_kb_filters
def test_date_filters_not_in_iso_form_are_named(client, path, extra, name, value):
    message = _invalid(client.get(path, params={**extra, name: value}), name)
    assert "YYYY-MM-DD" in message and repr(value) in message


@pytest.mark.parametrize("value", ["31.12.2025", "1735603200"])
def test_due_today_not_in_iso_form_is_named(client, value):
    assert "YYYY-MM-DD" in _invalid(client.get("/due", params={"today": value}), "today")


def test_iso_dates_still_filter(client):
    r = client.get("/tasks", params={"due_after": "2020-01-01", "due_before": "2030-12-31"})
    assert r.status_code == 200 and r.json()["total"] > 0
    assert client.get("/due", params={"today": "2025-03-01"}).status_code == 200


@pytest.mark.parametrize("path", ["/", "/view/due"])
def test_web_today_not_in_iso_form_is_a_400_page(client, path):
    r = client.get(path, params={"today": "31.12.2025"})
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/html")
    assert "today: expected a date as YYYY-MM-DD" in r.text


# ------------------------------------------------------------------ integers out of range

BIG = "9" * 400


@pytest.mark.parametrize("path, extra", [("/tasks", {}), ("/targets", {}), ("/documents", {}), ("/references", {}),
                                         ("/search", {"q": "hồ sơ"})])
@pytest.mark.parametrize("name, value", [("year", BIG), ("year", "-" + BIG), ("year", "1899"), ("year", "2201"),
                                         ("limit", BIG), ("limit", "0"), ("offset", BIG), ("offset", "-1")])
def test_integer_parameters_out_of_range_are_400(client, path, extra, name, value):
    _invalid(client.get(path, params={**extra, name: value}), name)


@pytest.mark.parametrize("value", [BIG, "-1", "3651"])
def test_due_within_out_of_range_is_400(client, value):
    _invalid(client.get("/due", params={"within": value}), "within")


@pytest.mark.parametrize("params", [{"year": BIG}, {"year": "9" * 5000}, {"year": "1800"}, {"page": BIG},
                                    {"q": "hồ sơ", "page": BIG}, {"q": "hồ sơ", "year": BIG}, {"kind": "task", "year": BIG}])
def test_web_integers_out_of_range_are_a_400_page(client, params):
    r = client.get("/", params=params)
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/html"), r.text[:300]
    name = "page" if "page" in params else "year"
    assert f"{name}: must be from" in r.text


def test_web_integers_in_range_still_work(client):
    assert client.get("/", params={"year": "2025", "page": "1"}).status_code == 200
    assert client.get("/", params={"q": "hồ sơ", "page": "2"}).status_code == 200
