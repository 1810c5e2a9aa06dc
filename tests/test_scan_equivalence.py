"""The fast scans of the time and figure recognisers find exactly what the plain patterns they replace find: the
split scan of time forms (digit forms in the engine, word forms where the standard library found an opener) against
one alternation of all the forms, the backwards `ngày` of short dates, the clause breaks, the unit words grouped by
first letter and the comparator's first-word check, on texts made of the patterns' own words in random order."""
from __future__ import annotations

import bisect
import random
import re
import sys

import pytest
import regex

from extractor import deadlines
from extractor.patterns import dates, figures, numbers
from extractor.patterns.fold import caseless_lower, folded_part
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


def _time_reference() -> regex.Pattern:
    """The pattern the time scan replaces: a look-ahead for a digit or an opener, then every form in order."""
    return regex.compile(rf"(?=\d|(?-i:T)\s?\d|{'|'.join(deadlines._OPENERS)})"
                         rf"(?:{deadlines._forms(deadlines._KINDS)})", deadlines._F)


def _corpus_texts() -> list[str]:
    """Every document of the bundled corpus, normalised as the pipeline reads it, with its tone-folded copy."""
    from conftest import CORPUS
    from extractor.normalize import normalize
    from extractor.parsers.text import load_text
    from extractor.patterns.fold import fold_tones
    texts = [normalize(load_text(path)).text for path in sorted(CORPUS.glob("*.txt"))]
    return texts + [fold_tones(t) for t in texts]


def test_time_scan_on_the_corpus_equals_one_alternation_of_all_forms():
    """The same on real text: the look-ahead of the digit forms and the words that must follow each opener leave
    out no place where a form matches."""
    reference = _time_reference()
    for text in _corpus_texts():
        assert _found(deadlines._scan(text)) == _found(reference.finditer(text))


def test_every_form_is_a_digit_or_a_word_form():
    assert set(deadlines._DIGIT_KINDS) | set(deadlines._WORD_KINDS) == set(deadlines._KINDS)


def _all_characters() -> str:
    return "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


def test_the_opener_scan_misses_no_place_the_patterns_match():
    # on the lower-case text the standard library must see at least what `regex` matches ignoring case: each letter
    # of the openers, and every space and digit `regex` knows
    everything = _all_characters()
    # (the letters of the openers and of the words that must follow them, escapes such as `\\s` left out)
    spelled = [regex.sub(r"\\.", "", w) for w in (*deadlines._OPENERS, *deadlines._FOLLOWERS.values())]
    spelled += deadlines._NAME_NOUNS                         # looked for in caseless_lower(text) too
    letters = sorted({c for w in spelled for c in w if c.isalpha()} | {"t"})
    for c in regex.findall(f"[{''.join(letters)}]", everything, regex.I):
        low = caseless_lower(c)
        assert len(low) == 1, c
        assert all(low == x for x in letters if regex.fullmatch(x, c, regex.I)), c
    for c in regex.findall(r"\s", everything):
        assert re.fullmatch(r"\s", caseless_lower(c)), hex(ord(c))
    for c in regex.findall(r"\d", everything):
        assert re.fullmatch(r"\d|[^\w\s\x00-\x7f]", caseless_lower(c)), hex(ord(c))


def test_lower_keeps_offsets():
    assert caseless_lower("İstanbul ſáu Năm") == "istanbul sáu năm"


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


_ODD = ["\x1c", "\x1f", "\xa0", "\u2003", "\u0130", "\u0131", "\u017f", "\u212a", "\u0660", "\U00011f52", "\U0001d7ce",
        "\u0111", "\u0110"]


def test_sentence_breaks_equal_the_pattern_of_regex():
    """The standard library's pattern finds the breaks `regex` finds with _SENTENCE_END (as written, and ignoring case
    throughout, as its letters may)."""
    reference = regex.compile(deadlines._SENTENCE_END, regex.VERBOSE)
    ignoring = regex.compile(deadlines._SENTENCE_END.replace("(?i:", "(?:"), regex.I | regex.VERBOSE)
    rnd = random.Random(9)
    odd = ["".join(rnd.choice(_ODD + [" ", "\n", "(", ")", ".", "a", "1", "i", "X", "-", "\t"]) for _ in range(30))
           for _ in range(3000)]
    for text in TEXTS + odd + _corpus_texts():
        found = [m.span() for m in deadlines._SENTENCE_BREAK.finditer(text)]
        assert found == [m.span() for m in reference.finditer(text)], text
        assert found == [m.span() for m in ignoring.finditer(text)], text


@pytest.mark.parametrize("ours, theirs", [
    (deadlines._RX_SPACE, r"\s"), (deadlines._RX_DIGIT, r"\d"), (deadlines._LETTER_MARK, r"(?i:[a-zđ])"),
    (deadlines._ROMAN_DOT, r"(?i:[IVX])"), (deadlines._ROMAN_PAREN, r"(?i:[ivx])"),
])
def test_sentence_break_classes_are_those_of_regex(ours, theirs):
    everything = _all_characters()
    assert re.findall(ours, everything) == regex.findall(theirs, everything)


class _OnePassBreaks:
    """The sentence and clause look-backs as one pass of the whole clause pattern (sentence breaks, commas, colons,
    opening brackets) found them: the reference of _Text, which looks back for the one-character clause breaks."""

    def __init__(self, s: str):
        clauses = [m.span() for m in regex.finditer(rf"{deadlines._SENTENCE_END} | [,:(\[]", s, regex.VERBOSE)]
        sentences = [(a, b) for a, b in clauses if b - a > 1 or s[a] not in ",:(["]
        self.n = len(s)
        self.sentence_starts = [a for a, _ in sentences]
        self.sentence_ends = [b for _, b in sentences]
        self.clause_ends = [b for _, b in clauses]

    @staticmethod
    def _start(ends: list[int], pos: int) -> int:
        i = bisect.bisect_right(ends, pos) - 1
        return max(ends[i] if i >= 0 else 0, pos - deadlines._REACH, 0)

    def sentence_start(self, pos: int) -> int:
        return self._start(self.sentence_ends, pos)

    def clause_start(self, pos: int) -> int:
        return self._start(self.clause_ends, pos)

    def sentence_end(self, pos: int) -> int:
        i = bisect.bisect_left(self.sentence_starts, pos)
        return min(self.sentence_starts[i] if i < len(self.sentence_starts) else self.n, pos + deadlines._REACH)

    def has_break(self, a: int, b: int) -> bool:
        i = bisect.bisect_left(self.sentence_starts, a)
        return i < len(self.sentence_starts) and self.sentence_starts[i] < b


def _same_breaks(text: str, step: int = 1) -> None:
    t, ref = deadlines._Text(text), _OnePassBreaks(deadlines.fold_tones(text))
    for pos in range(0, len(text) + 1, step):
        assert (t.sentence_start(pos), t.clause_start(pos), t.sentence_end(pos), t.has_break(pos, pos + 7)) == \
            (ref.sentence_start(pos), ref.clause_start(pos), ref.sentence_end(pos), ref.has_break(pos, pos + 7)), \
            (text[max(0, pos - 40):pos + 40], pos)


_BREAK_TEXTS = ["(i) a, (ii) b (iv) c:(v)\n\n(1) d [x] (12) e", "x (iv)(i) (ii)\t(iii) f", " (I) g (x), h",
                "a,\n\n\t\n (ii) ,(", "(((((i) ", ",(i)"]


def test_clause_and_sentence_look_backs_equal_one_pass_of_the_clause_pattern():
    long_texts = [" ".join(TEXTS[i:i + 40]) for i in range(0, 3000, 40)]
    for text in TEXTS + _BREAK_TEXTS + long_texts:
        _same_breaks(text)


def test_look_backs_asked_in_any_order_equal_one_pass():
    """The breaks are found only in the windows the look-backs ask about, as they ask: asked in random order (each
    answer from the windows searched by then), on texts of brackets, spaces, line breaks and list markers in long runs,
    they answer as one pass over the whole text does."""
    rnd = random.Random(21)
    pieces = _ODD + [" ", " ", "\n", "\n", "(", ")", ".", "a", "1", "12", "i", "iv", "X", "-", "\t", "|", ";", "\n\n",
                     " (", "(ii)", "(12) ", "\n \n", "- ", ",", ":"]
    texts = ["".join(rnd.choice(pieces) for _ in range(rnd.randrange(1, 400))) for _ in range(300)]
    texts += ["".join(rnd.choice(pieces) * rnd.randrange(1, 200) for _ in range(rnd.randrange(1, 30)))
              for _ in range(60)]
    texts += [" ".join(TEXTS[i:i + 200]) for i in range(0, 3000, 600)]
    # a marker alone among words, where a window may open inside it: every position asked, in random orders
    lone = [f"{'xy ' * k}{marker} {'zw ' * 150}" for k in (0, 1, 40, 97, 100, 150) for marker in ("(iv)", "(12)", "(i)")]
    asked = 0
    for text in texts + lone * 3:
        ref = _OnePassBreaks(deadlines.fold_tones(text))
        t = deadlines._Text(text)
        order = rnd.sample(range(len(text) + 1), len(text) + 1) if text in lone else \
            [rnd.randrange(len(text) + 1) for _ in range(min(600, 3 * len(text)))]
        for pos in order:
            far = pos + rnd.choice([0, 1, 7, 50, 299, 300, 301, 1000])
            assert (t.sentence_start(pos), t.clause_start(pos), t.sentence_end(pos), t.has_break(pos, far)) == \
                (ref.sentence_start(pos), ref.clause_start(pos), ref.sentence_end(pos), ref.has_break(pos, far)), \
                (text[max(0, pos - 40):pos + 40], pos)
            asked += 1
    assert asked > 100_000


def test_clause_and_sentence_look_backs_on_the_corpus():
    for text in _corpus_texts():
        _same_breaks(text, 3)


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


# Texts for the gates of the context checks: cue words, colons, odd spaces, names in any case, `trở về trước`.
_GATE_PIECES = _PIECES + """thời hạn hoàn thành chậm nhất là xong vào dự kiến kể từ bắt đầu hạn: tiến độ : lần đợt
    bước V X iv 2: trở về trước đó trở về Chương trình Kế hoạch kế hoạch KẾ HOẠCH ngân sách Ngân Sách dự toán Bộ luật
    luật Luật Quyết định quyết định Nghị quyết này Đề án đề án niên giám Tờ trình""".split()
_GATE_GAPS = _GAPS + ["\u2003", "\x1c", " : ", ":", "\xa0"]


def _gate_texts(n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(_GATE_PIECES) + rnd.choice(_GATE_GAPS) for _ in range(rnd.randint(1, 30)))
            for _ in range(n)]


def test_a_cue_is_searched_wherever_the_chain_can_end():
    for text in _gate_texts(1500, 3) + TEXTS[:500]:
        for hi in range(len(text) + 1):
            for lo in (max(0, hi - 80), max(0, hi - 7)):
                if not deadlines._may_end_a_cue(text, lo, hi):
                    assert deadlines._CUE.search(text, lo, hi) is None, (text, lo, hi)


def test_a_cue_is_searched_wherever_the_chain_can_end_on_the_corpus():
    for text in _corpus_texts():
        for hi in range(0, len(text) + 1, 5):
            lo = max(0, hi - 80)
            if not deadlines._may_end_a_cue(text, lo, hi):
                assert deadlines._CUE.search(text, lo, hi) is None, (text[lo:hi], lo, hi)


def test_a_cue_chain_is_the_pattern_searched_through_the_whole_window():
    """_cue_chain, which searches only after the last character no chain holds, finds what _CUE finds in the whole
    window: on cue words among punctuation, quotes, dashes and brackets, and on the corpus."""
    rnd = random.Random(8)
    marks = [",", ".", "(", ")", "-", "–", "“", "”", "…", "/", "•", ";", "_", "'"]
    odd = ["".join(rnd.choice(_GATE_PIECES + marks) + rnd.choice(_GATE_GAPS + marks) for _ in range(rnd.randint(1, 20)))
           for _ in range(1500)]
    for text in odd + _gate_texts(500, 9) + ["hoàn thành trước: (lần 2: trước", "Thời hạn: – trước", "đến, hết"]:
        for hi in range(len(text) + 1):
            for lo in (max(0, hi - 80), max(0, hi - 7), 0):
                found, plain = deadlines._cue_chain(text, lo, hi), deadlines._CUE.search(text, lo, hi)
                assert (found and found.span()) == (plain and plain.span()), (text, lo, hi)
    for text in _corpus_texts():
        for hi in range(0, len(text) + 1, 3):
            lo = max(0, hi - 80)
            found, plain = deadlines._cue_chain(text, lo, hi), deadlines._CUE.search(text, lo, hi)
            assert (found and found.span()) == (plain and plain.span()), (text[lo:hi], lo, hi)


def test_a_purpose_is_searched_wherever_its_words_stand():
    """_in_purpose (the words looked for in the lower-case text first) answers as _PURPOSE's search does."""
    rnd = random.Random(12)
    purpose = ["để", "ĐỂ", "Để", "nhằm", "NHẰM", "hướng tới", "Hướng\ntới", "HƯỚNG  TỚI", "đểu", "nhằmm", "hướngtới", "ſ"]
    texts = ["".join(rnd.choice(_GATE_PIECES + purpose) + rnd.choice(_GATE_GAPS) for _ in range(rnd.randint(1, 20)))
             for _ in range(1500)]
    for text in texts + _corpus_texts():
        t = deadlines._Text(text, folded=text)
        step = 1 if len(text) < 400 else 11
        for hi in range(0, len(text) + 1, step):
            for lo in {max(0, hi - 300), max(0, hi - 20)}:
                assert deadlines._in_purpose(t, lo, hi) == (deadlines._PURPOSE.search(text, lo, hi) is not None), \
                    (text[lo:hi], lo, hi)


def test_going_back_equals_the_pattern():
    for text in _gate_texts(1500, 4) + ["2020 trở về trước", "2020\n\n TRỞ  về\ntrước đó.", "2020 trởvề trước"]:
        for at in range(len(text)):
            assert deadlines._goes_back(text, at) == (deadlines._BACK.match(text, at) is not None), (text, at)
    for text in _corpus_texts():     # (the plain pattern reads the rest of the text on every call: a sample)
        near = {i for m in regex.finditer("trở", text, regex.I) for i in range(max(0, m.start() - 20), m.start())}
        for at in sorted(near | set(range(0, len(text), 97))):
            assert deadlines._goes_back(text, at) == (deadlines._BACK.match(text, at) is not None), (text, at)


def test_names_are_looked_for_wherever_their_words_stand():
    for text in _gate_texts(600, 5) + _corpus_texts():
        step = 1 if len(text) < 2000 else 11
        for hi in range(0, len(text) + 1, step):
            lo = max(0, hi - 300)
            if not deadlines._may_hold_a_name(text[lo:hi]):
                assert next(deadlines._NAME_NOUN.finditer(text, lo, hi), None) is None, (text[lo:hi], lo, hi)


def test_long_dates_equal_the_pattern():
    for text in TEXTS + _gate_texts(500, 6) + _corpus_texts() + [
            "NGÀY 1 THÁNG 2 NĂM 2020", "ngàyngày 1 tháng 1 năm 2020", "Ngày tháng năm 2020 ngày 3 tháng 4 năm 2021"]:
        assert [m.span() for m in dates._long_dates(text)] == [m.span() for m in dates.LONG_DATE.finditer(text)]


def test_a_part_folded_from_the_whole_text_is_the_part_folded_alone():
    """find_time_expressions given the document's folded text reads each range as it would fold it alone: at the
    edges too (a syllable cut by the range, `q` or a letter just outside)."""
    rnd = random.Random(11)
    pieces = ["hoà", "Hoà", "HOÀ", "quý", "qoà", "uỷ", "oà", "oàn", "toàn", "khoẻ", "thuỷ", "a", "q", " ", "\n", "Q", "ý"]
    texts = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 40))) for _ in range(400)]
    for text in texts + _corpus_texts()[:4]:
        folded = deadlines.fold_tones(text)
        cuts = range(len(text) + 1) if len(text) < 120 else sorted(rnd.sample(range(len(text) + 1), 60))
        for start in cuts:
            for end in (start + 1, start + 5, start + 8, start + 9, start + 40, len(text)):
                if end <= len(text):
                    part = text[start:end]
                    assert folded_part(part, folded, start, end) == deadlines.fold_tones(part), \
                        (text, start, end)


def test_token_readings_equal_those_of_the_whole_groupdict(monkeypatch):
    """_Groups reads a match's groups one by one as groupdict (with None for the forms left out) has them."""
    matches = [m for text in TEXTS + _corpus_texts() for m in deadlines._scan(text)]
    for year in (None, 2025):
        ours = [deadlines._token(m, year) for m in matches]
        with monkeypatch.context() as patch:
            none = dict.fromkeys(deadlines._DIGIT_TOKEN.groupindex | deadlines._WORD_TOKEN.groupindex)
            patch.setattr(deadlines, "_Groups", lambda m: none | m.groupdict())
            assert ours == [deadlines._token(m, year) for m in matches]


def _plain_openers(text: str, low: str) -> list[int]:
    """Every position of ``low`` where an opener and what must follow it stand, found at their first letter, and of
    ``text`` where a capital `T` stands before a digit."""
    plain = re.compile("(?=" + "|".join(w + deadlines._FOLLOWERS[w] for w in deadlines._OPENERS) + ")")
    capital_t = re.compile(rf"(?=T\s?{deadlines._ANY_DIGIT})")
    return sorted([m.start() for m in plain.finditer(low)] + [m.start() for m in capital_t.finditer(text)])


def test_openers_found_at_their_rarest_letter_are_those_found_at_their_first():
    for text in TEXTS + _corpus_texts() + ["ngàyngày 5", "hàng năm hằng quý", "t 5 trong quá trình thực hiện",
                                           "Tháng T6/2025, t6/2025, T 6/2025"]:
        low = caseless_lower(text)
        assert deadlines._word_openers(text, low) == _plain_openers(text, low), text


def test_a_lower_case_t_opens_no_form():
    """The forms that open with a `t` not of an opener word (`T6/2025`) read it in capitals only: at a lower-case `t`
    nothing matches, so the openers leave it out."""
    for text in ["t6/2025", "t 6/2025", "ngày t6/2025", "Tt6/2025", "(t6/2025)"]:
        for at, c in enumerate(text):
            if c == "t":
                assert deadlines._WORD_TOKEN.match(text, at) is None, (text, at)


@pytest.mark.parametrize("ending", ["_NOT_A_DEADLINE_BEFORE", "_DATED_ACT", "_RULE_PERIOD", "_ACTION_BEFORE"])
def test_a_phrase_before_the_end_is_searched_wherever_it_can_end(ending):
    """_Ending's look at the last word leaves out no window where its whole pattern matches."""
    found = getattr(deadlines, ending)
    rnd = random.Random(5)
    phrases = [w for k in ("not_before", "dated_act", "rule_period", "periodic_verb") for w in entries("time_words.txt", k)]
    odd = ["".join(rnd.choice([rnd.choice(phrases), rnd.choice(phrases).upper(), " ", "\n", ":", " : ", "a", "\x1c",
                               "\xa0", "ngày 5"]) for _ in range(rnd.randint(1, 8))) for _ in range(3000)]
    for text in TEXTS + odd + _corpus_texts():
        ends = range(len(text) + 1) if len(text) < 400 else range(0, len(text) + 1, 7)
        for hi in ends:
            for lo in {max(0, hi - 40), max(0, hi - 12), 0 if hi < 400 else hi - 300}:
                m = found.search(text, lo, hi)
                plain = found.pattern.search(text, lo, hi)
                assert (m and m.span()) == (plain and plain.span()), (text[lo:hi], lo, hi)


def test_word_forms_tried_by_their_openers_head_match_as_all_word_forms():
    """At a position, the forms of the opener's first two letters (_WORD_TOKEN_BY_HEAD, `t` for `T6/2025`) give the
    match all the word forms give: on short texts at every position, on the corpus wherever an opener stands."""
    by_head = deadlines._WORD_TOKEN_BY_HEAD
    texts = TEXTS + ["Cuối quý IV", "cuối năm", "CUỐI THÁNG 6/2025", "T6/2025", "T 6/2025", "ſáu tháng đầu năm",
                     "Giữa năm 2025", "giai đoạn 2021-2025", "Các năm 2021, 2022", "Định kỳ hằng quý", "Mỗi tuần",
                     "Liên tục", "thường xuyên", "trong quá trình thực hiện", "nửa cuối năm nay", "chín tháng đầu năm"]
    for text, positions in [(t, range(len(t))) for t in texts] + \
            [(t, deadlines._word_openers(t, caseless_lower(t))) for t in _corpus_texts()]:
        low = caseless_lower(text)
        for at in positions:
            whole = deadlines._WORD_TOKEN.match(text, at)
            head = by_head.get(low[at:at + 2]) or by_head.get(low[at]) or deadlines._WORD_TOKEN
            assert _found([whole] if whole else []) == _found(filter(None, [head.match(text, at)])), (text, at)
