"""Agency succession (the 2025 reorganisation): the data, `successor(name, on)`, filters by either name, tasks and
facets shown under the successor, on the bundled corpus and on a small decree naming merged bodies."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.kb import KnowledgeBase, build
from extractor.kb import succession as S
from extractor.patterns.agencies import load_agencies

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

KHDT, BTC = "Bộ Kế hoạch và Đầu tư", "Bộ Tài chính"
TTTT, KHCN = "Bộ Thông tin và Truyền thông", "Bộ Khoa học và Công nghệ"
TNMT, NNPTNT, NNMT = "Bộ Tài nguyên và Môi trường", "Bộ Nông nghiệp và Phát triển nông thôn", "Bộ Nông nghiệp và Môi trường"
OLD_MINISTRIES = {KHDT, TTTT, TNMT, NNPTNT, "Bộ Lao động - Thương binh và Xã hội", "Bộ Giao thông vận tải",
                  "Ủy ban Dân tộc"}

DECREE = """BỘ NỘI VỤ
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------

Số: 12/QĐ-BNV

Hà Nội, ngày 10 tháng 01 năm 2025

QUYẾT ĐỊNH
Về việc giao nhiệm vụ số hóa hồ sơ năm 2025

BỘ TRƯỞNG BỘ NỘI VỤ

QUYẾT ĐỊNH:

Điều 1. Giao nhiệm vụ số hóa hồ sơ năm 2025 như sau:
1. Bộ Kế hoạch và Đầu tư chủ trì xây dựng cơ sở dữ liệu đầu tư công, hoàn thành trước ngày 30/6/2025.
2. Bộ Tài chính chủ trì hướng dẫn kinh phí số hóa hồ sơ, hoàn thành trước ngày 30/9/2025.
3. Ủy ban nhân dân tỉnh Hà Giang chủ trì rà soát hồ sơ đất đai, hoàn thành trước ngày 31/12/2025.
4. Uỷ ban nhân dân tỉnh Tuyên Quang chủ trì số hóa hồ sơ hộ tịch, hoàn thành trước ngày 31/10/2025.
5. Bộ Thông tin và Truyền thông chủ trì kết nối nền tảng số, hoàn thành trước ngày 31/3/2025.
6. Ủy ban nhân dân tỉnh Hòa Bình chủ trì số hóa hồ sơ người có công, hoàn thành trước ngày 30/11/2025.
7. Bộ Tài nguyên và Môi trường chủ trì số hóa hồ sơ địa chính, hoàn thành trước ngày 31/5/2025.
8. Bộ Nông nghiệp và Phát triển nông thôn chủ trì số hóa hồ sơ thủy lợi, hoàn thành trước ngày 31/8/2025.

Điều 2. Quyết định này có hiệu lực kể từ ngày ký.

Nơi nhận:
- Như Điều 2;
- Lưu: VT.

BỘ TRƯỞNG
Nguyễn Văn A
"""


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    out = tmp_path_factory.mktemp("succession") / "output"
    build(CORPUS, out, workers=2)
    with KnowledgeBase(out) as base:
        yield base


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    root = tmp_path_factory.mktemp("succession_small")
    (root / "corpus").mkdir()
    (root / "corpus" / "qd12.txt").write_text(DECREE, encoding="utf-8")
    build(root / "corpus", root / "output", workers=1)
    with KnowledgeBase(root / "output") as base:
        yield base


def _naming(df, name: str) -> set[str]:
    """Ids of the tasks whose lead or coordinating agencies include ``name``."""
    return {r.id for r in df.itertuples() if name in f"{r.lead}; {r.coordinating}".split("; ")}


# ------------------------------------------------------------------ the data

def test_the_data_names_canonical_agencies_and_the_2025_acts():
    rows = S.load()
    canonical = {a.canonical: a for a in load_agencies()}
    for r in rows:
        assert r.old in canonical and r.successor in canonical, r
        assert r.successor not in {x.old for x in rows}, r  # every successor exists today
    ministries = {r.old: r for r in rows if r.basis == "Nghị quyết 176/2025/QH15"}
    assert set(ministries) == OLD_MINISTRIES
    assert {r.date for r in ministries.values()} == {"2025-03-01"}
    assert {r.old: r.successor for r in ministries.values()} == {
        KHDT: BTC, TTTT: KHCN, "Bộ Lao động - Thương binh và Xã hội": "Bộ Nội vụ", TNMT: NNMT, NNPTNT: NNMT,
        "Bộ Giao thông vận tải": "Bộ Xây dựng", "Ủy ban Dân tộc": "Bộ Dân tộc và Tôn giáo"}
    assert ministries[KHDT].old_abbreviation == "BKHĐT"


def test_63_provinces_become_34():
    rows = [r for r in S.load() if canonical_kind(r.old) == "province"]
    merged = [r for r in rows if r.basis == "Nghị quyết 202/2025/QH15"]
    assert len(merged) == 29 and {r.date for r in merged} == {"2025-07-01"}
    provinces = {a.canonical for a in load_agencies() if a.kind == "province"}
    # agencies.csv holds the 63 provinces of 2024 and the city of Huế (Thừa Thiên Huế's successor from 2025-01-01)
    assert len(provinces) == 64
    left = provinces - {r.old for r in rows}
    assert len(left) == 34
    by_successor: dict[str, set[str]] = {}
    for r in merged:
        by_successor.setdefault(r.successor.rsplit(" ", 1)[-1] if "Phố" not in r.successor else r.successor,
                                set()).add(r.old.split("tỉnh ", 1)[1])
    assert by_successor["Thọ"] == {"Vĩnh Phúc", "Hòa Bình"}
    assert by_successor["Bình"] == {"Hà Nam", "Nam Định"}        # Ninh Bình
    assert by_successor["Long"] == {"Bến Tre", "Trà Vinh"}       # Vĩnh Long
    assert {r.old for r in merged if r.successor == "Ủy ban nhân dân Thành phố Hồ Chí Minh"} == {
        "Ủy ban nhân dân tỉnh Bình Dương", "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu"}
    assert {r.old for r in merged if r.successor == "Ủy ban nhân dân tỉnh Lâm Đồng"} == {
        "Ủy ban nhân dân tỉnh Đắk Nông", "Ủy ban nhân dân tỉnh Bình Thuận"}


def canonical_kind(name: str) -> str:
    return next(a.kind for a in load_agencies() if a.canonical == name)


# ------------------------------------------------------------------ successor(name, on)

@pytest.mark.parametrize("name", [KHDT, "BKHĐT", "Bộ KH&ĐT", "bo ke hoach va dau tu"])
def test_successor_by_any_spelling_and_date(name):
    assert S.successor(name) == BTC
    assert S.successor(name, on="2025-03-01") == BTC
    assert S.successor(name, on="28/02/2025") == KHDT


def test_successor_of_provinces_and_of_bodies_without_one():
    assert S.successor("UBND tỉnh Hà Giang") == "Ủy ban nhân dân tỉnh Tuyên Quang"
    assert S.successor("Hà Giang", on="2025-06-30") == "Ủy ban nhân dân tỉnh Hà Giang"
    assert S.successor("tỉnh Bà Rịa-Vũng Tàu") == "Ủy ban nhân dân Thành phố Hồ Chí Minh"
    assert S.successor("Thừa Thiên Huế", on="2025-01-01") == "Ủy ban nhân dân thành phố Huế"
    assert S.successor("BCA") == "Bộ Công an"                    # no succession: the canonical name
    assert S.successor(BTC) == BTC
    with pytest.raises(ValueError, match="on: "):
        S.successor(KHDT, on="next year")


def test_knowledge_base_successor(kb):
    assert kb.successor("BTTTT") == KHCN and kb.successor("BTTTT", on="2025-01-31") == TTTT


# ------------------------------------------------------------------ filters by either name (bundled corpus)

def test_a_successor_finds_its_predecessors_tasks(kb):
    everything = kb.tasks()
    by_btc = set(kb.tasks(agency=BTC)["id"])
    assert _naming(everything, KHDT) and _naming(everything, KHDT) <= by_btc
    assert by_btc == _naming(everything, BTC) | _naming(everything, KHDT)
    assert set(kb.tasks(agency="BTC")["id"]) == by_btc == set(kb.tasks(agency="bo tai chinh")["id"])


def test_an_old_name_finds_its_own_and_its_successors_tasks(kb):
    everything = kb.tasks()
    by_tttt = set(kb.tasks(agency=TTTT)["id"])
    assert _naming(everything, TTTT) <= by_tttt and len(_naming(everything, TTTT)) == 43
    assert by_tttt == _naming(everything, TTTT) | _naming(everything, KHCN)
    assert set(kb.tasks(agency="BTTTT")["id"]) == by_tttt
    assert set(kb.tasks(agency=NNMT)["id"]) == _naming(everything, TNMT) | _naming(everything, NNPTNT) | \
        _naming(everything, NNMT)


def test_an_old_name_does_not_find_the_other_bodies_merged_with_it(small):
    lead = lambda **f: set(small.tasks(**f)["lead"])  # noqa: E731
    assert lead(agency=TNMT) == {TNMT} and lead(agency="BNNPTNT") == {NNPTNT}
    assert lead(agency=NNMT) == lead(agency="Bộ NN&MT") == {TNMT, NNPTNT}
    assert lead(agency="Hòa Bình") == lead(agency="Phú Thọ") == {"Ủy ban nhân dân tỉnh Hòa Bình"}


def test_search_count_and_due_follow_the_same_rule(kb):
    hits = kb.search("thủ tục hành chính", agency=BTC, limit=500)
    assert {h.id for h in hits} == set(kb.tasks(agency=BTC)["id"]) & {h.id for h in kb.search(
        "thủ tục hành chính", kind="task", limit=500)}
    assert kb.count("thủ tục hành chính", agency=BTC) == len(hits)
    due = kb.due(agency=BTC, within=3650, today="2020-01-01")
    assert set(due["id"]) == set(kb.tasks(agency=BTC).dropna(subset=["deadline"])["id"])
    role = kb.tasks(agency=BTC, role="lead")
    assert all({BTC, KHDT} & set(lead.split("; ")) for lead in role["lead"])


# ------------------------------------------------------------------ shown under the successor

def test_tasks_carry_their_successor(kb):
    df = kb.tasks(agency=KHDT)
    row = df[df["lead"] == KHDT].iloc[0]
    assert row["successor"] == BTC
    same = df[df["lead"] == BTC].iloc[0]
    assert same["successor"] == BTC
    shown = kb.tasks(agency=KHDT, successor=True)
    assert KHDT not in "; ".join(shown["lead"]) and KHDT in "; ".join(shown["lead_as_written"])
    assert list(shown["id"]) == list(df["id"])


def test_facets_by_successor(kb):
    plain, merged = kb.facets(top=1000)["agency"], kb.facets(top=1000, successor=True)["agency"]
    assert plain[KHDT] and plain[TTTT] == 43
    assert not OLD_MINISTRIES & set(merged)
    everything = kb.tasks()
    assert merged[BTC] == len(_naming(everything, BTC) | _naming(everything, KHDT)) == kb.count(agency=BTC)
    assert merged[KHCN] == len(_naming(everything, KHCN) | _naming(everything, TTTT)) == kb.count(agency=KHCN)
    assert merged["Bộ Công an"] == plain["Bộ Công an"]
    query = kb.facets("dịch vụ công", successor=True, top=1000)["agency"]
    assert TTTT not in query and query[KHCN] == kb.count("dịch vụ công", agency=KHCN)


def test_due_by_successor_on_its_today(kb):
    before = kb.due(within=3650, today="2025-02-01", successor=True)
    after = kb.due(within=3650, today="2025-10-01", successor=True)
    assert TTTT in "; ".join(before["lead"])           # not yet merged on 2025-02-01
    assert TTTT not in "; ".join(after["lead"]) and TTTT in "; ".join(after["lead_as_written"])


# ------------------------------------------------------------------ a small decree naming merged provinces

def test_provinces_by_either_name(small):
    df = small.tasks()
    assert len(df) == 8
    tq = small.tasks(agency="Tuyên Quang")
    assert set(tq["lead"]) == {"Ủy ban nhân dân tỉnh Tuyên Quang", "Ủy ban nhân dân tỉnh Hà Giang"}
    hg = small.tasks(agency="UBND tỉnh Hà Giang")
    assert set(hg["id"]) == set(tq["id"])
    assert set(small.tasks(agency="Phú Thọ")["lead"]) == {"Ủy ban nhân dân tỉnh Hòa Bình"}
    assert dict(zip(df["lead"], df["successor"]))["Ủy ban nhân dân tỉnh Hà Giang"] == "Ủy ban nhân dân tỉnh Tuyên Quang"
    facets = small.facets(successor=True)["agency"]
    assert facets == {BTC: 2, "Ủy ban nhân dân tỉnh Tuyên Quang": 2, NNMT: 2, KHCN: 1, "Ủy ban nhân dân tỉnh Phú Thọ": 1}


def test_cli_and_api(small):
    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from extractor import cli_kb  # noqa: F401  (registers the commands)
    from extractor.api import create_app
    from extractor.cli import app

    out = str(small.path.parent)
    r = CliRunner().invoke(app, ["tasks", "--agency", BTC, "--kb", out, "--json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert {(x["lead"], x["successor"]) for x in rows} == {(KHDT, BTC), (BTC, BTC)}
    r = CliRunner().invoke(app, ["due", "--kb", out, "--today", "01/10/2025", "--within", "120", "--as-successor"])
    assert r.exit_code == 0, r.output
    assert "by lead (successors)" in r.stdout and "Hà Giang" not in r.stdout.split("by lead")[1]
    with TestClient(create_app(out, web=False)) as client:
        body = client.get("/tasks", params={"agency": "Hà Giang", "successor": "true"}).json()
        assert body["total"] == 2
        assert {x["successor"] for x in body["results"]} == {"Ủy ban nhân dân tỉnh Tuyên Quang"}
        assert {x["lead_as_written"] for x in body["results"]} == {"Ủy ban nhân dân tỉnh Tuyên Quang",
                                                                   "Ủy ban nhân dân tỉnh Hà Giang"}
        facets = client.get("/search", params={"q": "hồ sơ", "facets": "true", "successor": "true"}).json()["facets"]
        assert "Ủy ban nhân dân tỉnh Hà Giang" not in {f["value"] for f in facets["agency"]}
