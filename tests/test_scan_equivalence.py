"""The fast scans of the time and figure recognisers find exactly what the plain patterns they replace find: the
split scan of time forms (digit forms in the engine, word forms where the standard library found an opener) against
one alternation of all the forms, the backwards `ngày` of short dates, the clause breaks, the unit words grouped by
first letter and the comparator's first-word check, on texts made of the patterns' own words in random order."""
from __future__ import annotations

import random
import re
import sys

import pytest
import regex

from extractor import deadlines
from extractor.patterns import dates, figures, numbers
from extractor.patterns.lexicon import entries, phrase_regex

# Pieces the patterns are made of, and what stands around them, in both cases.
_PIECES = """ngày tháng năm quý quí I II III IV 2025 2021 1999 2030 6 15 12 05 123 0 - – / . , : ; ( ) và của hằng hàng
    mỗi định kỳ các cuối đầu giữa nửa sáu ba chín chính trong quá trình thực hiện triển khai T t T6 giai đoạn từ đến tới
    thường xuyên liên tục nay tới sau trước tiếp theo trở đi lần hết tuần đồng tỷ triệu USD % người hộ doanh nghiệp ha
    tối thiểu không dưới ít nhất hơn trên khoảng đạt là số Nghị quyết (i) a) b) 1. 2) İ ſ 12/3/2024 01.02.2021
    3-4-2022 15/12 6/2025""".split()
_GAPS = [" ", " ", " ", "  ", "\n", "\n\n", "\t", "", ""]


def _texts(n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        words = []
        for _ in range(rnd.randint(1, 40)):
            w = rnd.choice(_PIECES)
            words.append(w.upper() if rnd.random() < 0.1 else w.capitalize() if rnd.random() < 0.2 else w)
            words.append(rnd.choice(_GAPS))
        out.append("".join(words))
    return out


TEXTS = _texts(3000, 14) + [
    "123 tháng đầu năm 2025", "Quý I hằng năm", "ngày 05 và ngày 20 hằng tháng", "T6/2025 và t 6/2025", "T 6/2025",
    "trong năm.", "Trong quá trình thực hiện Đề án", "chính phủ 6 tháng cuối năm nay", "2026 và hằng năm",
    "Năm 2021 và các năm tiếp theo", "ngày 31/12/2025 (ngày 31 tháng 12)", "Hằng năm, thường xuyên, liên tục",
]


def _found(matches) -> list[tuple]:
    return [(m.span(), {k: v for k, v in m.groupdict().items() if v is not None}) for m in matches]


def test_time_scan_equals_one_alternation_of_all_forms():
    # the pattern the scan replaces: a look-ahead for a digit or an opener, then every form in order
    reference = regex.compile(rf"(?=\d|(?-i:T)\s?\d|{'|'.join(deadlines._OPENERS)})"
                              rf"(?:{deadlines._forms(deadlines._KINDS)})", deadlines._F)
    for text in TEXTS:
        assert _found(deadlines._scan(text)) == _found(reference.finditer(text)), text


def test_every_form_is_a_digit_or_a_word_form():
    assert set(deadlines._DIGIT_KINDS) | set(deadlines._WORD_KINDS) == set(deadlines._KINDS)


def _all_characters() -> str:
    return "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


def test_the_opener_scan_misses_no_place_the_patterns_match():
    # on the lower-case text the standard library must see at least what `regex` matches ignoring case: each letter
    # of the openers, and every space and digit `regex` knows
    everything = _all_characters()
    letters = sorted({c for w in deadlines._OPENERS for c in w if c.isalpha()} | {"t"})
    for c in regex.findall(f"[{''.join(letters)}]", everything, regex.I):
        low = deadlines._lower(c)
        assert len(low) == 1, c
        assert all(low == x for x in letters if regex.fullmatch(x, c, regex.I)), c
    for c in regex.findall(r"\s", everything):
        assert re.fullmatch(r"\s", deadlines._lower(c)), hex(ord(c))
    for c in regex.findall(r"\d", everything):
        assert re.fullmatch(r"\d|[^\w\s\x00-\x7f]", deadlines._lower(c)), hex(ord(c))


def test_lower_keeps_offsets():
    assert deadlines._lower("İstanbul ſáu Năm") == "istanbul sáu năm"


def test_short_dates_equal_one_pattern_with_the_optional_day_word():
    reference = regex.compile(r"(?<![\d/.-])(?:(?:ngày|Ngày)\s*)?"
                              r"(?P<d>\d{1,2})\s*([/.-])\s*(?P<m>\d{1,2})\s*\2\s*(?P<y>(?:19|20)\d{2})(?![\d/])")
    for text in TEXTS + ["ngày 12/3/2024", "5ngày 12/3/2024", "Ngày  \n 01.02.2021", "ngày ngày 1/1/2020",
                         "/ngày 1/1/2020", "ngày1/1/2020ngày 2/2/2021", "ngày 111/1/2020 ngày 1/11/2020"]:
        expected = [(m.start(), m.end()) for m in reference.finditer(text)]
        found, end = [], 0
        for m in dates.SHORT_DATE.finditer(text):
            day = dates._DAY_WORD.match(text, end, m.start())
            found.append((day.start() if day else m.start(), m.end()))
            end = m.end()
        assert found == expected, text


def test_clause_breaks_equal_the_pattern_ignoring_case_throughout():
    reference = regex.compile(deadlines._CLAUSE_END.pattern.replace("(?i:", "(?:"), regex.I | regex.VERBOSE)
    for text in TEXTS:
        assert [m.span() for m in deadlines._CLAUSE_END.finditer(text)] == \
            [m.span() for m in reference.finditer(text)], text


@pytest.mark.parametrize("name, sections", [
    ("units.txt", figures.UNIT_SECTIONS), ("units.txt", ("scale",)), ("units.txt", ("per",)),
    ("units.txt", ("share_of",)), ("figures.txt", ("range_word",)),
])
def test_phrases_grouped_by_first_letter_match_as_the_flat_alternation(name, sections):
    forms = sorted({f for s in sections for f in entries(name, s)}, key=len, reverse=True)
    flat = regex.compile("(?:" + "|".join(phrase_regex(f) for f in forms) + r")(?![\p{L}\d])", figures._F)
    grouped = regex.compile(figures._alt(name, *sections) + r"(?![\p{L}\d])", figures._F)
    texts = TEXTS[:300] + [f + tail for f in forms for tail in ("", " ", "/năm", "s")] + [f.upper() for f in forms]
    for text in texts:
        for at in range(len(text)):
            a, b = flat.match(text, at), grouped.match(text, at)
            assert (a and a.span()) == (b and b.span()), (text, at)


def test_comparator_before_equals_the_search_of_the_whole_pattern():
    pattern = numbers._before_pattern()
    for text in TEXTS[:200] + ["đạt tối thiểu", "không dưới", "XYZkhông dưới ", "trên ", "≥ ", "là", "Không quá "]:
        for end in range(len(text) + 1):
            window = text[max(0, end - 40):end]
            m = pattern.search(window)
            expected = None
            if m:
                i = next(k for k in range(len(numbers.COMPARATOR_SECTIONS)) if m.group(f"c{k}") is not None)
                expected = numbers.COMPARATOR_SECTIONS[i][0], m.start()
            assert numbers.comparator_before(window) == expected, window


def test_figures_number_pattern_finds_ascii_numbers_only():
    assert [f.value for f in figures.find_figures("đạt 12 người, ٣ người và 15 hộ")] == [12, 15]


def _random_ranges(rnd: random.Random, n: int, gap: int, width: int) -> list[tuple[int, int]]:
    out, pos = [], 0
    while True:
        a = pos + rnd.randrange(0, gap)
        b = a + rnd.randrange(1, width)
        if b > n:
            return out
        if rnd.random() < 0.5:
            out.append((a, b))
        pos = b


def _figures_inside(text: str, ranges: list[tuple[int, int]]) -> list:
    return [f for f in figures.find_figures(text) if any(a <= f.start and f.end <= b for a, b in ranges)]


@pytest.mark.parametrize("gap,width", [(40, 120), (400, 300), (3000, 800)])
def test_figures_in_ranges_are_those_of_the_whole_text(gap, width):
    """Reading only stretches around some paragraphs finds, in them, exactly the figures a reading of the whole text
    finds there: on long texts dense with numbers, ranges, dates and markers (many restart places fall between numbers
    a range joins), with ranges close together and far apart."""
    rnd = random.Random(gap)
    long_texts = [" ".join(TEXTS[i:i + 60]) for i in range(0, 3000, 60)]
    for text in long_texts:
        for _ in range(3):
            ranges = _random_ranges(rnd, len(text), gap, width)
            assert figures.find_figures_in(text, ranges) == _figures_inside(text, ranges)


def test_figures_in_ranges_on_the_corpus():
    """The same on every document of the bundled corpus, normalised as the pipeline reads it."""
    from conftest import CORPUS
    from extractor.normalize import normalize
    from extractor.parsers.text import load_text
    rnd = random.Random(7)
    for path in sorted(CORPUS.glob("*.txt")):
        text = normalize(load_text(path)).text
        ranges = _random_ranges(rnd, len(text), 2000, 600)
        assert figures.find_figures_in(text, ranges) == _figures_inside(text, ranges), path.name


def test_a_paragraph_cut_inside_a_run_of_numbers_reads_as_the_whole_text():
    """`10 - 15 - … - 50 - 55 %`: a number followed by `- <digit>` is no quantity, only the last pair is a range with
    its unit; a paragraph that starts at `50` (no digit-free place near it) is read from a place before the run."""
    text = "Chỉ tiêu: " + " - ".join(str(n) for n in range(10, 60, 5)) + " %; đạt 30 người. " + "x" * 200
    ranges = [(text.index("50"), len(text) - 200)]
    found = figures.find_figures_in(text, ranges)
    assert found == _figures_inside(text, ranges)
    assert [(f.text, f.value, f.value_max, f.unit) for f in found] == [("50 - 55 %", 50, 55, "%"), ("30 người", 30, None, "người")]
