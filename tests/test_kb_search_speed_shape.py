"""The shape of a fast knowledge-base search: filters answered inside the index (equal to the SQL filters of the
tables), facets from precomputed per-item facts (equal to counting), two FTS tables, deadline ranges as tags."""
from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from extractor.kb import KnowledgeBase, build
from extractor.kb import search as S
from extractor.kb import store

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
WORKERS = 2

QUERIES = ["thủ tục hành chính", "so hoa ho so", "báo cáo", "hồ sơ", "cổng", "dich vu cong", "và"]
FILTERS = [{}, {"kind": "task"}, {"kind": "target"}, {"kind": "document"}, {"agency": "Bộ Công an"},
           {"agency": "VPCP", "role": "lead"}, {"agency": "bo cong an", "role": "coordinating"}, {"role": "lead"},
           {"due_before": "2025-12-31"}, {"due_after": "2025-01-01", "due_before": "2025-12-31"},
           {"due_after": "2026-01-01"}, {"year": 2025}, {"year": 2021, "kind": "task"}, {"doc_type": "QĐ"},
           {"doc_type": "Quyết định", "year": 2025, "role": "lead"}, {"doc": "240/QĐ-TTg"},
           {"doc": "240/QĐ-TTg", "year": 2020}, {"agency": "Cơ quan không có"}]
EVERYTHING = 100_000  # a limit above the number of matches of any query of the bundled corpus


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    out = tmp_path_factory.mktemp("kb_shape") / "output"
    build(CORPUS, out, workers=WORKERS)
    base = KnowledgeBase(out)
    yield base
    base.close()


def _table_ids(kb: KnowledgeBase, f: dict) -> set[str]:
    """The ids of the items the tables keep under the filters (SQL conditions, search.where)."""
    return set(kb.tasks(**f)["id"]) | set(kb.targets(**f)["id"]) | set(kb.documents(**f)["id"])


def _text_ids(kb: KnowledgeBase, query: str) -> set[str]:
    """The ids of every item whose text matches ``query`` without accents, no filter."""
    return {h.id for h in kb.search(query, limit=EVERYTHING)}


@pytest.mark.parametrize("query", QUERIES)
def test_filters_in_the_index_equal_the_sql_filters(kb, query):
    matched = _text_ids(kb, query)
    assert matched and len(matched) == kb.count(query)
    for f in FILTERS:
        expected = matched & _table_ids(kb, f)
        hits = kb.search(query, limit=EVERYTHING, **f)
        assert {h.id for h in hits} == expected, f
        assert kb.count(query, **f) == len(expected) == len(hits), f


def test_counts_and_facets_equal_counting_the_items(kb):
    items = {}  # id → (kind, year, type, {role: canonical agencies})
    for i, kind, year, doc_type, pk in kb.conn.execute(
            "SELECT id, 'document', year, type, NULL FROM documents UNION ALL "
            "SELECT t.id, 'task', d.year, d.type, t.pk FROM tasks t JOIN documents d ON d.pk = t.doc_pk UNION ALL "
            "SELECT g.id, 'target', d.year, d.type, NULL FROM targets g JOIN documents d ON d.pk = g.doc_pk"):
        roles = {r: set() for r in S.ROLES}
        for role, name in kb.conn.execute("SELECT ta.role, a.canonical FROM task_agencies ta JOIN agencies a "
                                          "ON a.pk = ta.agency_pk WHERE ta.task_pk = ?", (pk,)):
            roles[role].add(name)
        items[i] = (kind, year, doc_type, roles)
    for query in [None, *QUERIES]:
        for f in FILTERS:
            ids = _table_ids(kb, f) & (_text_ids(kb, query) if query else set(items))
            got = kb.facets(query, top=EVERYTHING, **f)
            assert sum(got["kind"].values()) == len(ids) == kb.count(query, **f), (query, f)
            for facet, at in (("kind", 0), ("year", 1), ("doc_type", 2)):
                expected: dict = {}
                for i in ids:
                    expected[items[i][at]] = expected.get(items[i][at], 0) + 1
                assert got[facet] == expected, (query, f, facet)
            agencies: dict = {}
            for i in ids:
                for name in set().union(*(items[i][3][r] for r in ([f["role"]] if f.get("role") else S.ROLES))):
                    agencies[name] = agencies.get(name, 0) + 1
            assert got["agency"] == agencies, (query, f)


def test_a_filtered_search_is_one_index_walk(kb):
    """No statement of a filtered search or count tests matches against the tables (`IN (SELECT …)`): the filters
    are terms of the MATCH expression, the year a range of row ids."""
    seen: list[str] = []
    kb.conn.set_trace_callback(seen.append)
    try:
        hits = kb.search("hồ sơ", role="lead", year=2025, doc_type="QĐ", limit=5)
        total = kb.count("hồ sơ", role="lead", year=2025, doc_type="QĐ")
    finally:
        kb.conn.set_trace_callback(None)
    assert hits and total >= len(hits)
    walks = [s for s in seen if " MATCH " in s]
    assert walks and all("task_agencies" not in s and "IN (SELECT" not in s for s in seen)
    type_tag = S.type_tag(S.type_key("Quyết định"))
    assert all("rowid BETWEEN" in s and f'"{S.ROLE_TAGS["lead"]}"' in s and type_tag in s for s in walks)


def test_skipping_the_syllable_tier_changes_no_result(kb, monkeypatch):
    """A search skips the costly tier of syllables with accents when no match without accents is left; the words an
    unaccented query is read as may still find more (`ty le ho so`: `tỷ_lệ`, `hồ_sơ`, not the segmenter's `le ho`)."""
    queries = [*QUERIES, "ty le ho so", "cơ sở dữ liệu quốc gia", "định danh điện tử", "xyzzy hồ sơ"]
    fast = {(q, i): [(h.id, h.exact) for h in kb.search(q, limit=60, **f)] for q in queries for i, f in enumerate(FILTERS)}
    monkeypatch.setattr(S, "_more", lambda *args: True)
    for (q, i), hits in fast.items():
        assert [(h.id, h.exact) for h in kb.search(q, limit=60, **FILTERS[i])] == hits, (q, FILTERS[i])
    assert len(fast["ty le ho so", 0]) > kb.count("ty le ho so")


def test_two_fts_tables_hold_the_text(kb):
    tables = {r[0] for r in kb.conn.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")}
    assert tables == set(S.FTS_TABLES)
    first, n_items, n_tasks, n_targets = kb.conn.execute(
        "SELECT s.rowid, s.n_items, d.n_tasks, d.n_targets FROM search_docs s JOIN documents d ON d.pk = s.doc_pk "
        "WHERE d.n_tasks > 0 AND d.n_targets > 0 LIMIT 1").fetchone()
    kinds = [k for k, _, _ in S.locate(kb.conn, list(range(first, first + n_items))).values()]
    assert kinds == ["document"] + ["task"] * n_tasks + ["target"] * n_targets


def test_the_store_keeps_no_free_pages(kb):
    """Index merges and deletes free pages; the build gives them back (auto_vacuum=incremental)."""
    assert kb.conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 2
    assert kb.conn.execute("PRAGMA freelist_count").fetchone()[0] == 0


def test_due_terms_cover_the_deadlines_compared_as_text():
    rng = random.Random(3)

    def deadline() -> str:
        y, m, d = rng.randint(2018, 2031), rng.randint(1, 12), rng.randint(1, 28)
        return rng.choice([f"{y}", f"{y}-{m:02d}", f"{y}-{m:02d}-{d:02d}"])

    def matches(terms: list[str], value: str) -> bool:
        tag = S.DUE_TAG + value.replace("-", "")
        return any(tag.startswith(t[1:-2]) if t.endswith("*") else tag == t[1:-1] for t in terms)

    values = [deadline() for _ in range(400)]
    for _ in range(300):
        after, before = (f"{rng.randint(2017, 2032)}-{rng.randint(1, 12):02d}-{rng.randint(1, 31):02d}"
                         if rng.random() < 0.8 else None for _ in range(2))
        if after is None and before is None:
            continue
        terms = S.due_terms(after, before)
        for v in values:
            assert matches(terms, v) == ((after is None or v >= after) and (before is None or v <= before)), \
                (after, before, v)


def test_segmentation_kept_compactly_and_read_back():
    text = "Thủ tục hành chính và hồ sơ"
    seg = S.segmentation(text, "thủ_tục hành_chính và hồ_sơ")
    assert seg == "101001"
    assert S.units(text, seg) == [["thủ", "tục"], ["hành", "chính"], ["và"], ["hồ", "sơ"]]
    exact, plain, words = S.index_forms(text, seg)
    assert exact == "thủ_tục_ tục__ hành_chính_ chính__ và_ hồ_sơ_ sơ__" and plain == "thu tuc hanh chinh va ho so"
    assert words == ["hành_chính", "hồ_sơ", "thủ_tục", "và"]
    odd = S.segmentation(text, "thủ_tục hành_chánh")  # the segmenter's syllables are not the text's: one word each
    assert odd == "0" * 6 and S.units(text, odd) == [[s] for s in S.syllables(text)]


def test_days_that_do_not_exist_stay_in_their_year():
    assert store.day_of("2025-02-30") == store.day_of("2025-02-01")
    assert store.day_of("2025-13-01") == store.day_of("2025-01-01")
    lo, hi = S.year_range(2025)
    assert lo <= store.day_of("2025-12-31") << store.DAY_BITS <= hi < store.day_of("2026-01-01") << store.DAY_BITS


def test_a_store_of_the_previous_schema_is_rebuilt(kb, tmp_path):
    import shutil

    out = tmp_path / "output"
    shutil.copytree(kb.path.parent, out)
    conn = sqlite3.connect(out / "kb.sqlite")
    conn.execute("UPDATE meta SET value = ? WHERE key = 'fingerprint'", (f"5:{S.__name__}",))
    conn.commit()
    conn.close()
    report = build(CORPUS, out, workers=WORKERS)
    assert not report.nothing_changed and len(report.added) == report.files
    with KnowledgeBase(out) as again:
        assert again.count("hồ sơ") == kb.count("hồ sơ")
