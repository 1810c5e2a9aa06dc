"""The knowledge base: build (incremental, transactional), search, filters, facets, due dates, citations, schema."""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pandas as pd
import pytest

from extractor.kb import KnowledgeBase, build
from extractor.kb import store
from extractor.kb.search import fold as search_fold

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SCHEMA = json.loads((ROOT / "extractor" / "schema" / "kb.schema.json").read_text(encoding="utf-8"))
WORKERS = 2


def _modify(corpus: Path) -> None:
    """Edit four files, delete one, add a copy under a new number and an empty (failing) file."""
    for name in sorted(p.name for p in corpus.glob("00[1-4]_*.txt")):
        p = corpus / name
        text = p.read_text(encoding="utf-8").replace("thủ tục hành chính", "thủ tục hành chánh", 1)
        p.write_text(text.replace("viện phí", "học phí"), encoding="utf-8")
    next(corpus.glob("000_*.txt")).unlink()
    copy = next(corpus.glob("003_*.txt")).read_text(encoding="utf-8").replace("1250/VPCP-KSTT", "1251/VPCP-KSTT")
    (corpus / "006_copy.txt").write_text(copy, encoding="utf-8")
    (corpus / "007_empty.txt").write_bytes(b"")


def _dump(out: Path) -> dict:
    conn = sqlite3.connect(out / "kb.sqlite")
    try:
        return store.dump(conn)
    finally:
        conn.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The bundled corpus built once: (output folder, first build report)."""
    out = tmp_path_factory.mktemp("kb") / "output"
    report = build(CORPUS, out, workers=WORKERS)
    return out, report


@pytest.fixture(scope="session")
def kb(built):
    base = KnowledgeBase(built[0])
    yield base
    base.close()


@pytest.fixture(scope="session")
def modified_clean(tmp_path_factory):
    """A clean build of the modified corpus: what incremental and resumed builds must equal."""
    root = tmp_path_factory.mktemp("clean")
    shutil.copytree(CORPUS, root / "corpus")
    _modify(root / "corpus")
    report = build(root / "corpus", root / "output", workers=WORKERS)
    return root / "output", report


# ------------------------------------------------------------------ build

def test_build_writes_every_output(built, kb):
    out, report = built
    assert report.added and not report.failed and report.documents == 13  # the documents of the gold files of corpus/
    ids = set(kb.documents()["id"])
    assert {p.stem for p in (out / "documents").glob("*.json")} == ids
    for name in ("tasks", "targets", "references"):
        csv, parquet = pd.read_csv(out / f"{name}.csv"), pd.read_parquet(out / f"{name}.parquet")
        assert len(csv) == len(parquet) > 0
    assert len(pd.read_csv(out / "tasks.csv")) == len(kb.tasks())
    assert json.loads((out / "errors.json").read_text()) == {"errors": []}


def test_schema_validates_every_output_file(built):
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    validator = jsonschema.Draft202012Validator(SCHEMA)
    files = sorted((built[0] / "documents").glob("*.json"))
    assert files
    for f in files:
        data = json.loads(f.read_text(encoding="utf-8"))
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(data)]
        assert not errors, f"{f.name}: {errors[:5]}"
        assert len(data["documents"]) == 1 and data["documents"][0]["id"] == f.stem


def test_schema_validates_whole_extractions(corpus):
    from extractor.output import to_dict

    validator = jsonschema.Draft202012Validator(SCHEMA)
    for prefix in ("001", "002"):
        assert not list(validator.iter_errors(to_dict(corpus(prefix))))


def test_second_build_changes_nothing_and_is_fast(built):
    out, first = built
    before = _sha(out / "kb.sqlite")
    again = build(CORPUS, out, workers=WORKERS)
    assert again.nothing_changed and "nothing changed" in again.summary()
    assert again.seconds < 0.1 * first.seconds
    assert _sha(out / "kb.sqlite") == before


def test_incremental_update_equals_a_clean_build(built, modified_clean, tmp_path):
    shutil.copytree(CORPUS, tmp_path / "corpus")
    shutil.copytree(built[0], tmp_path / "output")
    _modify(tmp_path / "corpus")
    report = build(tmp_path / "corpus", tmp_path / "output", workers=WORKERS)
    assert sorted(report.changed) == sorted(p.name for p in CORPUS.glob("00[1-4]_*.txt"))
    assert report.removed == ["000_fcc27b92ff946782.txt"] and sorted(report.added) == ["006_copy.txt", "007_empty.txt"]
    assert report.failed == ["007_empty.txt"]
    assert _dump(tmp_path / "output") == _dump(modified_clean[0])
    errors = json.loads((tmp_path / "output" / "errors.json").read_text())["errors"]
    assert [e["path"] for e in errors] == ["007_empty.txt"] and errors[0]["message"]
    with KnowledgeBase(tmp_path / "output") as base:
        assert {p.stem for p in (tmp_path / "output" / "documents").glob("*.json")} == set(base.documents()["id"])
        assert base.search("hoc phi") and not base.search("viện phí")
        assert base.count("thủ tục hành chánh") > 0
        assert not base.tasks(doc="6ba9b6bc7951").shape[0]  # the deleted file's document is gone


def test_killed_build_leaves_the_store_intact_and_resumes(built, modified_clean, tmp_path):
    shutil.copytree(CORPUS, tmp_path / "corpus")
    shutil.copytree(built[0], tmp_path / "output")
    _modify(tmp_path / "corpus")
    out = tmp_path / "output"
    before = _sha(out / "kb.sqlite")
    code = (f"from extractor.kb import build; "
            f"build({str(tmp_path / 'corpus')!r}, {str(out)!r}, workers=1, commit_every=0)")  # commit every file
    proc = subprocess.Popen([sys.executable, "-c", code], start_new_session=True, cwd=ROOT)
    building, stored = out / "kb.sqlite.building", 0
    try:
        deadline = time.time() + 60
        while time.time() < deadline and proc.poll() is None:
            if building.exists():
                try:
                    conn = sqlite3.connect(f"file:{building}?mode=ro", uri=True, timeout=0.05)
                    stored = conn.execute("SELECT count(*) FROM files WHERE path LIKE '001_%' AND sha256 = ?",
                                          (_sha(next((tmp_path / "corpus").glob("001_*.txt"))),)).fetchone()[0]
                    conn.close()
                except sqlite3.Error:
                    pass
            if stored:
                break
            time.sleep(0.02)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    assert stored, "the build finished or stored nothing before it could be killed"
    assert _sha(out / "kb.sqlite") == before  # the previous knowledge base is intact
    with KnowledgeBase(out) as base:
        assert base.count("viện phí") > 0
    report = build(tmp_path / "corpus", out, workers=WORKERS)
    assert report.resumed >= 1
    assert _dump(out) == _dump(modified_clean[0])
    assert not building.exists()


# ------------------------------------------------------------------ search

def test_search_is_diacritic_and_case_insensitive(kb):
    plain = kb.search("so hoa ho so", limit=1000)
    exact = kb.search("số hóa hồ sơ", limit=1000)
    upper = kb.search("SỐ HÓA HỒ SƠ", limit=1000)
    # every hit holds the four syllables, whatever their accents (the folded tier reads `sở`, `hòa` … too)
    assert plain and all({"so", "hoa", "ho"} <= set(re.findall(r"\w+", search_fold(h.text.lower()))) for h in plain)
    # typed without accents, the query finds every accented match (and words that differ only by their marks)
    assert {h.id for h in exact} == {h.id for h in upper} and {h.id for h in exact} <= {h.id for h in plain}
    flags = [h.exact for h in exact]
    assert flags[0] and flags == sorted(flags, reverse=True) and not any(h.exact for h in plain)
    assert all("số" in h.text.lower() and "hồ sơ" in h.text.lower() for h in exact if h.exact)
    assert "[" in plain[0].snippet and "]" in plain[0].snippet
    assert kb.count("số hóa hồ sơ") == kb.count("Số Hoá Hồ Sơ")  # old tone placement (hoá) too


def test_exact_accents_rank_first(kb):
    hits = kb.search("cổng", limit=200)
    exact = [h.exact for h in hits]
    assert True in exact and False in exact and exact == sorted(exact, reverse=True)
    assert all("cổng" in h.text.lower() for h in hits if h.exact)
    assert any("công" in h.text.lower() and "cổng" not in h.text.lower() for h in hits if not h.exact)


def test_compounds_match_as_units(kb):
    from extractor.kb.search import parse

    assert ["hồ", "sơ"] in parse("số hóa hồ sơ").words
    hits = kb.search("hồ sơ", limit=100)
    assert hits and all("[hồ sơ]" in h.snippet.lower() for h in hits)


@pytest.mark.parametrize("query", ['"', '""', "*", "NEAR", "NEAR(hồ sơ, 2)", "'; DROP TABLE tasks; --",
                                   "hồ sơ OR *", "exact : hồ", "{plain words}: so", "^hồ", "-", "(", ")", "AND",
                                   'hồ sơ"', "số* hóa*", "\x00", "%_"])
def test_queries_are_plain_text(kb, query):
    kb.search(query)
    kb.count(query)
    kb.facets(query)
    assert kb.conn.execute("SELECT count(*) FROM tasks").fetchone()[0] > 0


def test_fts_syntax_is_searched_as_words(kb):
    assert {h.id for h in kb.search('"hồ sơ"')} == {h.id for h in kb.search("hồ sơ")}
    assert {h.id for h in kb.search("hồ* sơ*")} == {h.id for h in kb.search("hồ sơ")}
    assert kb.search("NEAR") == [] and kb.search("'; DROP TABLE tasks; --") == []


# ------------------------------------------------------------------ filters and facets

def test_filter_kind(kb):
    for kind in ("task", "target", "document"):
        hits = kb.search("thủ tục hành chính", kind=kind, limit=30)
        assert hits and {h.kind for h in hits} == {kind}


def test_filter_agency_by_name_abbreviation_and_role(kb):
    by_name = kb.tasks(agency="Bộ Công an")
    assert len(by_name) and all("Bộ Công an" in f"{r.lead}; {r.coordinating}" for r in by_name.itertuples())
    assert list(kb.tasks(agency="BCA")["id"]) == list(by_name["id"])
    assert list(kb.tasks(agency="bo cong an")["id"]) == list(by_name["id"])
    lead, coord = kb.tasks(agency="Bộ Công an", role="lead"), kb.tasks(agency="Bộ Công an", role="coordinating")
    assert all("Bộ Công an" in r.split("; ") for r in lead["lead"])
    assert all("Bộ Công an" in r.split("; ") for r in coord["coordinating"])
    assert set(lead["id"]) | set(coord["id"]) == set(by_name["id"])
    hits = kb.search("dịch vụ công", agency="VPCP", role="lead", limit=50)
    assert hits and all(h.kind == "task" and "Văn phòng Chính phủ" in h.lead for h in hits)


def test_filter_due_dates(kb):
    due = kb.tasks(due_after="2025-01-01", due_before="2025-12-31")
    assert len(due) and all("2025-01-01" <= d <= "2025-12-31" for d in due["deadline"])
    hits = kb.search("hoàn thành", due_before="2021-12-31", limit=50)
    assert hits and all(h.kind == "task" and h.deadline <= "2021-12-31" for h in hits)


def test_filter_year_doc_type_and_doc(kb):
    docs = kb.documents()
    assert set(kb.documents(year=2021)["id"]) == set(docs[docs["year"] == 2021]["id"])
    qd = kb.documents(doc_type="Quyết định")
    assert len(qd) >= 3 and set(qd["type"]) == {"Quyết định"}
    assert list(kb.documents(doc_type="QĐ")["id"]) == list(qd["id"])
    assert list(kb.documents(doc_type="quyet dinh")["id"]) == list(qd["id"])
    by_number = kb.tasks(doc="240/QĐ-TTg")
    assert len(by_number) == 52 and list(kb.tasks(doc="12f24ff5aa34")["id"]) == list(by_number["id"])
    hits = kb.search("thủ tục", year=2025, doc_type="Quyết định", limit=50)
    assert hits and {h.doc_number for h in hits} <= {"240/QĐ-TTg", "844/QĐ-TTg"}
    # --doc with search: only that document's items, all of them (its row ids are one range of the index)
    everything = [h for h in kb.search("thủ tục", limit=500) if h.doc_number == "240/QĐ-TTg"]
    in_doc = kb.search("thủ tục", doc="240/QĐ-TTg", limit=500)
    assert in_doc and {h.id for h in in_doc} == {h.id for h in everything}
    assert kb.count("thủ tục", doc="240/QĐ-TTg") == len(in_doc)
    assert kb.search("thủ tục", doc="999/QĐ-XX") == [] and kb.count("thủ tục", doc="999/QĐ-XX") == 0


def test_facet_counts(kb):
    query = "dịch vụ công trực tuyến"
    total = kb.count(query)
    f = kb.facets(query)
    assert total > 0
    assert sum(f["kind"].values()) == sum(f["year"].values()) == sum(f["doc_type"].values()) == total
    for kind, n in f["kind"].items():
        assert kb.count(query, kind=kind) == n
    for year, n in f["year"].items():
        if year is not None:
            assert kb.count(query, year=year) == n
    for agency, n in list(f["agency"].items())[:5]:
        if agency[0].isupper():
            assert kb.count(query, agency=agency) == n
    assert f["agency"]["Bộ Công an"] == kb.count(query, agency="BCA")
    everything = kb.facets()
    assert sum(everything["kind"].values()) == kb.count()


# ------------------------------------------------------------------ due, API, citations, CLI

def test_due_and_overdue_with_a_fixed_today(kb):
    df = kb.due(agency="Bộ Công an", within=90, today="2025-10-15")  # until 2026-01-13
    tasks = kb.tasks(agency="Bộ Công an")
    dated = tasks[tasks["deadline"].notna()]
    expected = dated[dated["deadline"] <= "2026-01-13"]
    assert sorted(df["id"]) == sorted(expected["id"])
    assert list(df["deadline"]) == sorted(df["deadline"])
    for r in df.itertuples():
        assert (r.status == "overdue") == (r.deadline < "2025-10-15") and r.days == (
            pd.Timestamp(r.deadline) - pd.Timestamp("2025-10-15")).days
    assert set(df["status"]) == {"due", "overdue"}
    soon = kb.due(agency="Bộ Công an", within=30, today="2025-10-15")  # 2025-12-31 is beyond the window
    assert set(soon["status"]) == {"overdue"} and len(soon) == len(df) - (df["status"] == "due").sum()
    later = kb.due(agency="Bộ Công an", within=0, today="2030-01-01")
    assert set(later["status"]) == {"overdue"} and len(later) == len(dated)


def test_python_api_returns_frames_and_hits(built):
    base = KnowledgeBase(str(built[0]) + "/")
    df = base.tasks(agency="Bộ Công an", due_before="2025-12-31")
    assert isinstance(df, pd.DataFrame) and len(df) and (df["deadline"] <= "2025-12-31").all()
    hits = base.search("số hóa hồ sơ")
    assert hits and hits[0].as_dict()["snippet"]
    with pytest.raises(FileNotFoundError):
        KnowledgeBase(built[0] / "nowhere")
    with pytest.raises(ValueError):
        base.search("x", kind="memo")


def test_citation_graph(kb):
    cited = kb.cites("468/QĐ-TTg")
    assert [d["number"] for d in cited["documents"]] == ["468/QĐ-TTg"]
    citing = {c["number"] for c in cited["cited_by"]}
    assert {"240/QĐ-TTg", "23/CT-TTg"} <= citing
    assert all("468/QĐ-TTg" in c["sentence"] for c in cited["cited_by"])
    doc = kb.document(cited["documents"][0]["id"])
    assert {c["number"] for c in doc["cited_by"]} == citing
    qd240 = kb.document("12f24ff5aa34")
    resolved = [c for c in qd240["cites"] if c["in_corpus"]]
    assert any(c["number"] == "468/QĐ-TTg" for c in resolved)
    outside = kb.cites("45/2020/NĐ-CP")
    assert outside["documents"] == [] and outside["cited_by"]


def test_cli(built):
    from typer.testing import CliRunner

    from extractor import cli_kb  # noqa: F401  (registers the commands)
    from extractor.cli import app

    out = str(built[0])
    run = CliRunner().invoke
    r = run(app, ["search", "so hoa ho so", "--kb", out, "--json", "--facets", "--kind", "task"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["results"] and data["total"] == data["facets"]["kind"]["task"]
    r = run(app, ["due", "--agency", "Bộ Công an", "--within", "90", "--today", "2025-06-01", "--kb", out, "--csv"])
    assert r.exit_code == 0 and r.stdout.startswith("\ufeffstatus,days,")
    r = run(app, ["cites", "468/QĐ-TTg", "--kb", out, "--json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["cited_by"]
    r = run(app, ["tasks", "--kb", out, "--agency", "BCA", "--due-before", "2025-12-31"])
    assert r.exit_code == 0 and "tasks" in r.stdout
    r = run(app, ["search", "'; DROP TABLE tasks; --", "--kb", out])
    assert r.exit_code == 0
    r = run(app, ["build", str(CORPUS), "-o", out, "-q"])
    assert r.exit_code == 0 and "nothing changed" in r.stdout
    assert run(app, ["search", "x", "--kb", str(built[0] / "missing")]).exit_code == 2
    assert run(app, ["tasks", "--kb", out, "--due-before", "soon"]).exit_code == 2


# ------------------------------------------------------------------ ranking at scale

def test_row_ids_follow_issue_dates(kb):
    """Search items take row ids from their document's issue day on: the index meets the newest documents first."""
    rows = kb.conn.execute("SELECT s.rowid, s.n_items, d.n_tasks, d.n_targets, d.issued_date FROM search_docs s "
                           "JOIN documents d ON d.pk = s.doc_pk").fetchall()
    assert len(rows) == len(kb.documents())
    for first, n_items, n_tasks, n_targets, issued in rows:  # a document's items: one range of row ids in its day
        assert n_items == 1 + n_tasks + n_targets
        assert first >> store.DAY_BITS == (first + n_items - 1) >> store.DAY_BITS == store.day_of(issued)
    assert store.day_of("2025-01-08") - store.day_of("2025-01-01") == 7
    assert store.day_of("2025-03") == store.day_of("2025-03-01") and store.day_of(None) == 0


def test_broad_queries_rank_the_newest_matches(kb, monkeypatch):
    """BM25 ranks at most CANDIDATES matches per tier, those of the latest documents; counts stay whole."""
    from extractor.kb import search as S

    everything = kb.search("thủ tục hành chính", limit=500)
    table, expr = S.parse("thủ tục hành chính").units_expr()
    pool = kb.conn.execute(f"SELECT rowid, bm25({table}) FROM {table} WHERE {table} MATCH ? ORDER BY rowid DESC "
                           "LIMIT 5", (expr,)).fetchall()
    monkeypatch.setattr(S, "CANDIDATES", 5)
    few = kb.search("thủ tục hành chính", limit=3)
    assert len(everything) > 20 and len(few) == 3 and all(h.exact for h in few)
    # the three best of the five newest matches, best first
    assert [h.score for h in few] == [round(-s, 4) for _, s in sorted(pool, key=lambda r: r[1])[:3]]
    oldest_candidate = pool[-1][0] >> store.DAY_BITS
    assert all(store.day_of(kb.document(h.doc_id)["issued_date"]) >= oldest_candidate for h in few)
    assert kb.count("thủ tục hành chính") >= len(everything)
    # a query with no more matches than the cap is ranked whole
    monkeypatch.setattr(S, "CANDIDATES", kb.count("viện phí"))
    narrow = [h.id for h in kb.search("viện phí", limit=5)]
    monkeypatch.setattr(S, "CANDIDATES", 2000)
    assert len(narrow) == kb.count("viện phí") and [h.id for h in kb.search("viện phí", limit=5)] == narrow


def test_segmentation_is_shared_by_sentences_that_differ_in_numbers():
    from underthesea import word_tokenize

    from extractor.kb import search as S

    a = "Hoàn thành trước ngày 31/12/2025 theo Nghị định số 45/2020/NĐ-CP về thủ tục hành chính."
    b = "Hoàn thành trước ngày 15/06/2027 theo Nghị định số 61/2018/NĐ-CP về thủ tục hành chính."
    before = S._segment_masked.cache_info()
    seg_a, seg_b = S._segment_piece(a), S._segment_piece(b)
    after = S._segment_masked.cache_info()
    assert seg_a == S._lower(word_tokenize(a, format="text")) and seg_b == S._lower(word_tokenize(b, format="text"))
    assert "thủ_tục hành_chính" in seg_a and "31/12/2025" in seg_a and "15/06/2027" in seg_b and "61/2018" in seg_b
    assert after.misses - before.misses <= 1 and after.hits - before.hits >= 1


def test_tiers_units_then_syllables_then_without_accents(kb):
    from extractor.kb import search as S

    def matches(tier: tuple[str, str]) -> int:
        return kb.conn.execute(f"SELECT count(*) FROM {tier[0]} WHERE {tier[0]} MATCH ?", (tier[1],)).fetchone()[0]

    q = S.parse("cơ sở dữ liệu quốc gia")
    assert q.words == [["cơ", "sở", "dữ", "liệu"], ["quốc", "gia"]]
    units, syllables = matches(q.units_expr()), matches(q.exact_expr())
    assert 0 < units < syllables  # some texts segment `cơ sở dữ liệu` otherwise: found by their syllables
    hits = kb.search("cơ sở dữ liệu quốc gia", limit=200)
    assert sum(h.exact for h in hits) == syllables and len(hits) == matches(q.plain_expr())
    # an unaccented query is read as the units of the index, without the segmenter
    plain = S.read_units(kb.conn, S.parse("co so du lieu quoc gia ve dan cu"))
    assert plain.units == ["co_so_du_lieu", "quoc_gia", "ve", "dan_cu"]
    # each is looked for as the words of the index that fold to it (each one token: `thủ_tục_`)
    units = S.read_units(kb.conn, S.parse("thu tuc hanh chinh"))
    assert units.units == ["thu_tuc", "hanh_chinh"] and units.variants["thu_tuc"] == ["thủ_tục"]
    assert units.plain_units_expr() == ("fts_exact", '"thủ_tục_" AND "hành_chính_"')
    assert S.read_units(kb.conn, S.parse("thu tuc xyzzy")).plain_units_expr() == ("fts_exact", None)  # no such word
    accented = {h.id for h in kb.search("thủ tục hành chính", limit=500)}
    unaccented = kb.search("thu tuc hanh chinh", limit=500)
    assert accented <= {h.id for h in unaccented} and not any(h.exact for h in unaccented)


def test_function_words_do_not_have_to_match(kb):
    from extractor.kb import search as S

    q = S.parse("Bộ Tài chính và Bộ Công an")
    assert ["và"] in q.words and ["và"] not in q.matched and "và" in S.stopwords()
    assert S.parse("và").matched == [["và"]]                       # nothing else: kept
    assert S.parse("va tai chinh").matched == S.parse("va tai chinh").words  # unaccented: `va` may be `vá`
    hits = kb.search("thủ tục và hồ sơ", limit=50)
    assert hits and all("thủ tục" in h.text.lower() and "hồ sơ" in h.text.lower() for h in hits if h.exact)
    assert any("[và]" in h.snippet for h in hits if " và " in h.text)  # still marked where it is
