"""Filters of the knowledge base: dates in three forms, explicit keyword-only filters (a typo is a TypeError naming
it), search as hits or a DataFrame, and agency facets with one entry per name whatever its spelling."""
from __future__ import annotations

import inspect
import json
from pathlib import Path

import pandas as pd
import pytest

from extractor.kb import KnowledgeBase, build
from extractor.kb.search import iso_date
from extractor.patterns.agencies import key

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

SPELLINGS = """BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------

Số: 30/QĐ-BLĐTBXH

Hà Nội, ngày 15 tháng 01 năm 2025

QUYẾT ĐỊNH
Về việc giao nhiệm vụ cập nhật dữ liệu lao động năm 2025

BỘ TRƯỞNG BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI

QUYẾT ĐỊNH:

Điều 1. Giao nhiệm vụ như sau:
1. Trung tâm dịch vụ việc làm chủ trì cập nhật dữ liệu lao động, hoàn thành trước ngày 30/11/2025.
2. Trung tâm dịch vụ việc làm chủ trì báo cáo kết quả cập nhật, hoàn thành trước ngày 15/12/2025.
3. Trung tâm Dịch vụ việc làm có trách nhiệm tổng hợp số liệu, hoàn thành trước ngày 20/12/2025.

Điều 2. Quyết định này có hiệu lực kể từ ngày ký.

BỘ TRƯỞNG
Nguyễn Văn C
"""
CENTRE = "Trung tâm dịch vụ việc làm"


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    out = tmp_path_factory.mktemp("filters") / "output"
    build(CORPUS, out, workers=2)
    with KnowledgeBase(out) as base:
        yield base


@pytest.fixture(scope="module")
def spelled(tmp_path_factory):
    root = tmp_path_factory.mktemp("filters_spelled")
    (root / "corpus").mkdir()
    (root / "corpus" / "qd30.txt").write_text(SPELLINGS, encoding="utf-8")
    build(root / "corpus", root / "output", workers=1)
    with KnowledgeBase(root / "output") as base:
        yield base


# ------------------------------------------------------------------ dates

@pytest.mark.parametrize("text", ["2025-12-31", "31/12/2025", "31-12-2025"])
def test_three_forms_of_a_date(text):
    assert iso_date(text, "due_before") == "2025-12-31"
    assert iso_date("1/7/2025", "today") == "2025-07-01"


@pytest.mark.parametrize("text, words", [("31/02/2025", "is not a date"), ("31.12.2025", "expected a date as"),
                                         ("12/31/2025", "is not a date"), ("2025/12/31", "expected a date as")])
def test_other_dates_are_refused_by_name(text, words):
    with pytest.raises(ValueError) as err:
        iso_date(text, "due_before")
    message = str(err.value)
    assert message.startswith("due_before: ") and words in message and repr(text) in message
    assert "YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY" in message


def test_every_date_parameter_reads_the_three_forms(kb):
    iso = kb.tasks(due_after="2025-01-01", due_before="2025-12-31")
    assert len(iso)
    for a, b in (("01/01/2025", "31/12/2025"), ("01-01-2025", "31-12-2025")):
        assert list(kb.tasks(due_after=a, due_before=b)["id"]) == list(iso["id"])
        assert kb.count("hồ sơ", due_after=a, due_before=b) == kb.count("hồ sơ", due_after="2025-01-01",
                                                                        due_before="2025-12-31")
    assert list(kb.due(today="15/10/2025")["id"]) == list(kb.due(today="2025-10-15")["id"])
    with pytest.raises(ValueError, match="today: "):
        kb.due(today="15.10.2025")


def test_cli_and_api_read_the_three_forms(kb):
    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from extractor import cli_kb  # noqa: F401  (registers the commands)
    from extractor.api import create_app
    from extractor.cli import app

    out = str(kb.path.parent)
    runs = [CliRunner().invoke(app, ["tasks", "--kb", out, "--due-before", d, "--json"])
            for d in ("2025-12-31", "31/12/2025", "31-12-2025")]
    assert all(r.exit_code == 0 for r in runs), runs[1].output
    assert runs[0].stdout == runs[1].stdout == runs[2].stdout and json.loads(runs[1].stdout)
    r = CliRunner().invoke(app, ["due", "--kb", out, "--today", "15/10/2025", "--json"])
    assert r.exit_code == 0 and r.stdout == CliRunner().invoke(
        app, ["due", "--kb", out, "--today", "2025-10-15", "--json"]).stdout
    with TestClient(create_app(out, web=False)) as client:
        a = client.get("/tasks", params={"due_before": "31/12/2025"}).json()
        assert a == client.get("/tasks", params={"due_before": "2025-12-31"}).json() and a["total"] > 0
        assert client.get("/due", params={"today": "15-10-2025"}).json() == \
            client.get("/due", params={"today": "2025-10-15"}).json()
        bad = client.get("/tasks", params={"due_after": "2025/12/31"})
        assert bad.status_code == 400 and bad.json()["message"].startswith("due_after: expected a date as")


# ------------------------------------------------------------------ the Python API

FILTERS = ("kind", "agency", "role", "due_before", "due_after", "year", "doc_type", "doc", "successor")


@pytest.mark.parametrize("method", ["search", "search_frame", "count", "facets", "tasks", "targets", "documents"])
def test_filters_are_explicit_keyword_only_parameters(method):
    params = inspect.signature(getattr(KnowledgeBase, method)).parameters
    for name in FILTERS:
        assert params[name].kind is inspect.Parameter.KEYWORD_ONLY, (method, name)
        assert params[name].annotation != inspect.Parameter.empty
    assert not any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())


def test_a_misspelt_filter_is_a_type_error_naming_it(kb):
    for call in (lambda: kb.tasks(agncy="BCA"), lambda: kb.search("hồ sơ", due_befor="2025-12-31"),
                 lambda: kb.facets(yaer=2025), lambda: kb.due(today="2025-10-15", doc_typ="QĐ")):
        with pytest.raises(TypeError, match=r"unexpected keyword argument '(agncy|due_befor|yaer|doc_typ)'"):
            call()
    with pytest.raises(TypeError):
        kb.count("hồ sơ", "task")  # a filter is never positional


def test_search_as_hits_or_as_a_frame(kb):
    hits = kb.search("số hóa hồ sơ", limit=10, kind="task")
    df = kb.search_frame("số hóa hồ sơ", limit=10, kind="task")
    assert isinstance(df, pd.DataFrame) and list(df["id"]) == [h.id for h in hits]
    assert list(df.columns)[:4] == ["kind", "id", "doc_id", "doc_number"] and set(df["kind"]) == {"task"}
    assert list(kb.search_frame("không có từ nào như thế xyzxyz").columns) == list(df.columns)
    assert isinstance(kb.tasks(), pd.DataFrame) and isinstance(kb.due(), pd.DataFrame)


# ------------------------------------------------------------------ one facet per agency, however it is spelt

def test_corpus_facet_keys_are_unique(kb):
    names = list(kb.facets(top=10_000)["agency"])
    assert len({key(n) for n in names}) == len(names)
    assert "cơ quan thuộc Chính phủ" in names and "cơ quan thuộc chính phủ" not in names
    merged = kb.facets(top=10_000, successor=True)["agency"]
    assert set(merged) == {kb.successor(n) if kb.successor(n) != n and key(n) != key(kb.successor(n)) else n
                           for n in names}
    assert len({key(n) for n in merged}) == len(merged) < len(names)
    assert {"Bộ Kế hoạch và Đầu tư", "Ủy ban nhân dân tỉnh Hòa Bình"} <= set(names) - set(merged)
    assert "Ủy ban nhân dân tỉnh Phú Thọ" in merged


def test_spellings_are_one_facet_in_the_most_used_spelling(spelled):
    leads = list(spelled.tasks()["lead"])
    assert sorted(leads) == sorted([CENTRE, CENTRE, "Trung tâm Dịch vụ việc làm"])
    assert spelled.facets()["agency"] == {CENTRE: 3}
    assert spelled.count(agency="Trung tâm Dịch vụ việc làm") == 3 == spelled.count(agency="trung tam dich vu viec lam")
    due = spelled.due(today="2025-11-01", successor=True)
    assert set(due["lead"]) == {CENTRE} and set(due["lead_as_written"]) == set(leads)
    assert set(spelled.tasks()["successor"]) == {CENTRE}
