"""The pipeline's glue read the short way gives what the plain readings give: agencies of a chunk, tables' sections,
target zones, line starts and offsets mapped back to the source."""
from __future__ import annotations

import random

from conftest import CORPUS

from extractor import agencies, annotate
from extractor.lines import LineIndex
from extractor.model import Document, Section, Table, Text
from extractor.normalize import normalize
from extractor.parsers.text import load_text, source_from_text
from extractor.patterns.tasks import in_results
from extractor.pipeline import _place_tables, extract_file
from extractor.targets import _Context


def _extractions():
    return [extract_file(path) for path in sorted(CORPUS.glob("*.txt"))]


def test_read_agencies_reads_what_find_agencies_reads_and_stays_out_of_its_memo():
    for ex in _extractions():
        for doc in ex.documents:
            for a, b in annotate.chunks(ex.text.text, doc.start, doc.end):
                text = ex.text.text[a:b]
                before = agencies._find_cached.cache_info().currsize
                mine = agencies.read_agencies(text)
                assert agencies._find_cached.cache_info().currsize == before
                assert mine == agencies.find_agencies(text, individuals=True)
                assert all(m is not n for m in mine for n in agencies._find_cached(text))   # mentions of its own


def test_agency_spans_are_the_mentions_moved_to_the_file():
    for ex in _extractions():
        for doc in ex.documents:
            spans = doc.spans.all("agency")
            assert all((s.start, s.end, s.text) == (s.data.start, s.data.end, s.data.text) for s in spans)
            assert all(ex.text.text[s.start:s.end] == s.text for s in spans)


def _plain_place(doc: Document) -> list[str]:
    """The section of each table as a walk over every section finds it (the reading before bisection)."""
    out = []
    for tb in doc.tables:
        before = [s for r in doc.sections for s in r.walk() if s.start <= tb.start and s.kind != "recipients"]
        out.append(max(before, key=lambda s: s.start).path if before else "")
    return out


def test_tables_are_placed_as_by_a_walk_of_every_section():
    checked = 0
    for ex in _extractions():
        for doc in ex.documents:
            expected = _plain_place(doc)
            _place_tables(doc)
            assert [tb.section for tb in doc.tables] == expected
            checked += len(expected)
    assert checked


def _section(path: str, start: int, end: int, kind: str = "number", children=()) -> Section:
    s = Section(kind, path, path, path, 1, start, end, start, path=path, children=list(children))
    for c in s.children:
        c.parent = s
    return s


def test_tables_placed_at_ties_before_and_between_sections():
    """Sections opened at the same place (the first in document order wins), a recipients block passed over, a table
    before every section, one after all of them."""
    inner = _section("1.1", 10, 20)
    outer = _section("1", 10, 40, children=[inner, _section("1.2", 20, 40)])
    roots = [_section("0", 0, 5), outer, _section("Nơi nhận", 35, 60, "recipients"), _section("2", 10, 70)]
    tables = [Table([], [], p, p + 1) for p in (-1, 0, 4, 10, 15, 20, 36, 65, 99)]
    doc = Document(start=0, end=100)
    doc.sections, doc.tables = roots, tables
    expected = _plain_place(doc)
    _place_tables(doc)
    assert [tb.section for tb in doc.tables] == expected == ["", "0", "0", "1", "1", "1.2", "1.2", "1.2", "1.2"]


def _plain_zone(ctx: _Context, sec: Section, memo: dict) -> str | None:
    """targets._Context.zone with every heading above asked (in_results), as before the parent's zone was used."""
    from extractor.patterns.fold import fold_tones
    from extractor.targets import _cue, _is_heading

    if id(sec) not in memo:
        z = _plain_zone(ctx, sec.parent, memo) if sec.parent is not None else "plain"
        if sec.kind == "recipients" or in_results(sec):
            z = None
        elif z is not None and _is_heading(sec):
            title = fold_tones(sec.title or "")
            if _cue()["no_target_heading"].match(title):
                z = None
            elif _cue()["goal_heading"].match(title):
                z = "goal"
        memo[id(sec)] = z
    return memo[id(sec)]


def test_target_zones_equal_asking_every_heading_above():
    zones = set()
    for ex in _extractions():
        for doc in ex.documents:
            ctx, memo = _Context(ex.text, doc), {}
            for r in doc.sections:
                for s in r.walk():
                    assert ctx.zone(s) == _plain_zone(ctx, s, memo), (ex.source.path, s.path)
                    zones.add(ctx.zone(s))
    assert zones == {None, "plain", "goal"}


def test_zone_of_a_results_part_and_what_lies_under_it():
    """A results heading closes its part to targets, whatever its items say; the items of a plain part stay open."""
    results = _section("I", 0, 50, "roman", children=[_section("1", 10, 30, "number", children=[_section("a", 20, 30)])])
    results.title = "KẾT QUẢ THỰC HIỆN NĂM 2024"
    plain = _section("II", 50, 90, "roman", children=[_section("1", 60, 90, "number", children=[_section("a", 70, 90)])])
    plain.title = "NHIỆM VỤ"
    doc = Document(start=0, end=100)
    doc.sections = [results, plain]
    ctx, memo = _Context(Text("x" * 100, "x" * 100, None, "x" * 100), doc), {}
    for r in doc.sections:
        for s in r.walk():
            assert ctx.zone(s) == _plain_zone(ctx, s, memo)
    assert [ctx.zone(s) for s in results.walk()] == [None, None, None]
    assert ctx.zone(plain.children[0].children[0]) == "plain"


def test_line_starts_are_those_of_the_lines():
    rnd = random.Random(3)
    texts = ["", "\n", "a", "a\n", "\n\nb", *(normalize(load_text(p)).text for p in sorted(CORPUS.glob("*.txt")))]
    texts += ["".join(rnd.choice(["Điều", " 1", "\n", "\n\n", " "]) for _ in range(rnd.randint(0, 40))) for _ in range(500)]
    for text in texts:
        index = LineIndex(text)
        assert index.starts == [ln.start for ln in index.lines]


def _plain_orig_span(t: Text, start: int, end: int) -> tuple[int, int]:
    if end <= start:
        o = t.orig(start)
        return o, o
    return t.offsets[start], t.offsets[end - 1] + 1 if end - 1 < len(t.text) else t.offsets[-1]


def test_orig_span_equals_two_lookups_of_the_offset_map():
    """Every span of a few texts whose normalisation edits (furniture dropped, characters replaced) and random
    spans of the corpus, ends past the text and empty spans included."""
    rnd = random.Random(4)
    small = [normalize(source_from_text(s, "x.txt")) for s in
             ["Điều 1.\r\n  Hoá  đơn\u00a0số 1/2020\t\n\n- Trang 3 -\nkhoản 2", "ＡＢＣ １２３ hoà", "a"]]
    for t in small:
        n = len(t.text)
        for a in range(-1, n + 2):
            for b in range(-1, n + 2):
                if 0 <= a <= n and b <= n + 1:
                    assert t.orig_span(a, b) == _plain_orig_span(t, a, b), (t.text, a, b)
    for path in sorted(CORPUS.glob("*.txt")):
        t = normalize(load_text(path))
        n = len(t.text)
        for _ in range(3000):
            a = rnd.randint(0, n)
            b = rnd.choice([a, a + 1, rnd.randint(a, n), n, n + 1])
            assert t.orig_span(a, b) == _plain_orig_span(t, a, b)


def test_batch_gc_freezes_what_is_loaded_and_collects_the_young_less_often():
    import gc

    from extractor.pipeline import GC_YOUNG, batch_gc

    threshold, frozen = gc.get_threshold(), gc.get_freeze_count()
    try:
        batch_gc()
        assert gc.get_threshold() == (GC_YOUNG, *threshold[1:])
        assert gc.get_freeze_count() > frozen
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
