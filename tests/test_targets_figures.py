"""The figure recogniser (patterns/figures.py): Vietnamese quantities with units, comparators, ranges and rankings, and the
numbers that are not quantities (dates, document and article numbers, list markers, clock times, fractions)."""
import pytest

from extractor.patterns.figures import cell_figure, find_figures
from extractor.patterns.numbers import comparator_after, comparator_before, parse_number


def read(text):
    return [(f.value, f.value_max, f.unit, f.comparator, f.kind) for f in find_figures(text)]


@pytest.mark.parametrize("text,expected", [
    # units with scale words and rate suffixes, numerals inside dropped (guide §4 `unit`)
    ("kim ngạch xuất khẩu nông sản đạt 12 tỷ USD/năm", [(12, None, "tỷ USD/năm", None, "amount")]),
    ("tốc độ tăng năng suất lao động đạt 6,5%/năm", [(6.5, None, "%/năm", None, "percent")]),
    ("thời gian tiếp nhận tối thiểu 20 phút/01 hồ sơ", [(20, None, "phút/hồ sơ", ">=", "time")]),
    ("thời gian chờ tối đa 10 phút/01 lượt giao dịch", [(10, None, "phút", "<=", "time")]),
    ("mức hỗ trợ 300.000 đồng/người/tháng", [(300000, None, "đồng/người/tháng", None, "amount")]),
    ("đạt 11 bác sĩ/vạn dân", [(11, None, "bác sĩ/vạn dân", None, "measure")]),
    ("kinh tế số chiếm khoảng 25% GRDP", [(25, None, "% GRDP", "=", "percent")]),
    ("tiết kiệm hơn 2,3 triệu ngày công", [(2.3, None, "triệu ngày công", ">", "count")]),
    ("thu hút 3.500 doanh nghiệp", [(3500, None, "doanh nghiệp", None, "count")]),
    ("diện tích 120 ha", [(120, None, "ha", None, "measure")]),
    # comparators before and after (guide §4 `comparator`)
    ("đạt ít nhất 75% số hộ", [(75, None, "%", ">=", "percent")]),
    ("không thấp hơn 60%", [(60, None, "%", ">=", "percent")]),
    ("không dưới 40 giờ", [(40, None, "giờ", ">=", "time")]),
    ("không vượt quá 3%", [(3, None, "%", "<=", "percent")]),
    ("vượt 15%", [(15, None, "%", ">", "percent")]),
    ("vượt quá 15%", [(15, None, "%", ">", "percent")]),
    ("dưới 2%", [(2, None, "%", "<", "percent")]),
    ("từ 85% trở lên", [(85, None, "%", ">=", "percent")]),
    ("Phấn đấu ≥ 9,5", [(9.5, None, None, ">=", "number")]),
    ("bảo đảm ≤ 5 ngày", [(5, None, "ngày", "<=", "time")]),
    ("đạt tối thiểu tương ứng 35%", [(35, None, "%", ">=", "percent")]),
    # ranges give their lower end with `>=` (guide §4 `value`)
    ("có 03 - 04 sản phẩm", [(3, 4, "sản phẩm", ">=", "count")]),
    ("tăng từ 6% - 6,5%", [(6, 6.5, "%", ">=", "percent")]),
    ("đạt 7-7,5%", [(7, 7.5, "%", ">=", "percent")]),
    ("từ 20 đến 25 doanh nghiệp", [(20, 25, "doanh nghiệp", ">=", "count")]),
    # rankings: within the top N (guide §4)
    ("thuộc nhóm 10 nước dẫn đầu châu Á", [(10, None, "nước", "<=", "rank")]),
    ("nằm trong top 50 quốc gia hàng đầu thế giới", [(50, None, "quốc gia", "<=", "rank")]),
    ("thuộc nhóm 15 tỉnh dẫn đầu cả nước", [(15, None, "tỉnh", "<=", "rank")]),
])
def test_quantities(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize("text", [
    "ngày 15 tháng 6 năm 2024",                 # a date
    "trước ngày 31/12/2025",                    # a date with slashes
    "Ngày ký: 12.03.2024 09:41:05 +07:00",      # the signature stamp
    "theo Nghị định số 15/2020/NĐ-CP",          # a document number
    "tại khoản 2 Điều 7 Nghị quyết này",        # article and clause numbers
    "Trung tâm dữ liệu quốc gia số 03",         # a name's number
    "thuộc Dự án 4 Chương trình mục tiêu quốc gia",
    "Biểu số 12 kèm theo",
    "giai đoạn 2021 - 2025",                    # years of a period
    "được ít nhất 2/3 tổng số đại biểu tán thành",   # a fraction
    "công nghệ 5G và 4G",                       # codes glued to letters
    "(2) Xây dựng cơ sở dữ liệu",               # an inline list marker
    "từ hạng 3 trở lên",                        # an ordinal
    "định kỳ 6 tháng một lần",                  # a recurrence
    "Quý 3 năm 2025",
])
def test_not_quantities(text):
    assert read(text) == []


def test_offsets_point_at_the_words():
    text = "Đến năm 2030, tỷ lệ che phủ rừng đạt tối thiểu 45%."
    (f,) = find_figures(text, 5)
    assert text[f.start:f.end] == "tối thiểu 45%"
    assert text[f.number_start:f.number_end] == "45"


def test_a_footnote_number_opening_a_line_is_not_a_quantity():
    assert read("Các chỉ tiêu nêu trên.\n2 Văn bản này được ban hành kèm theo") == []


def test_a_unit_glued_to_its_number():
    assert read("đường dây 500kV dài 120km") == [(120, None, "km", None, "measure")]


def test_scale_word_before_a_ratio_word_is_not_a_unit():
    # `2026 tỷ lệ …`: a year, then `tỷ lệ`
    assert read("tới năm 2026 tỷ lệ bao phủ đạt 96%") == [(96, None, "%", None, "percent")]


def test_numbers_the_vietnamese_way():
    assert [parse_number(x) for x in ("13,47", "1.200", "5.000,5", "05", "95,5", "2.5", "12.000.000")] == [
        13.47, 1200, 5000.5, 5, 95.5, 2.5, 12000000]
    assert parse_number("abc") is None


def test_comparator_words():
    assert comparator_before("tỷ lệ đạt tối thiểu ") == (">=", 10)
    assert comparator_before("không dưới ")[0] == ">="     # not `dưới`
    assert comparator_before("không cao hơn ")[0] == "<="  # not `cao hơn`
    assert comparator_before("tỷ lệ đạt ") is None
    assert comparator_after(" hồ sơ trở lên") == ">="
    assert comparator_after(" trở xuống") == "<="


@pytest.mark.parametrize("cell,expected", [
    ("85", ("=", 85, None)), ("Tối thiểu 60", (">=", 60, None)), ("≥ 9,5", (">=", 9.5, None)),
    ("Trên 70", (">", 70, None)), ("Không quá 3", ("<=", 3, None)), ("6 - 6,5", (">=", 6, 6.5)),
    ("Khoảng 40", ("=", 40, None)), ("100%", ("=", 100, None)),
])
def test_value_cells(cell, expected):
    f = cell_figure(cell)
    assert (f.comparator or "=", f.value, f.value_max) == expected


@pytest.mark.parametrize("cell", ["", "-", "x", "Theo lộ trình"])
def test_cells_without_a_figure(cell):
    assert cell_figure(cell) is None


def test_goal_phrases_are_found_wherever_the_goal_pattern_matches():
    """_names_a_goal (the goal's phrases looked for first on the lower-case text) says what the search of the whole
    goal pattern says: each letter of the phrases, and each space, as `regex` matches it ignoring case, is that
    letter (a space) in caseless_lower's text; and on paragraphs made of the goal words in any case."""
    import random
    import re
    import sys

    import regex

    from extractor.patterns.fold import caseless_lower
    from extractor.patterns.lexicon import entries
    from extractor.targets import _F, _cue, _names_a_goal

    everything = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    phrases = [e.lower() for k in ("goal_cue", "goal_word") for e in entries("targets.txt", k)]
    for letter in sorted({c for p in phrases for c in p if not c.isspace()}):
        for c in regex.findall(regex.escape(letter), everything, _F):
            assert caseless_lower(c) == letter, (letter, hex(ord(c)))
    for c in regex.findall(r"\s", everything, _F):
        assert re.fullmatch(r"\s", caseless_lower(c)), hex(ord(c))
    rnd = random.Random(6)
    pieces = phrases + [w for k in ("reach",) for w in entries("targets.txt", k)] + [
        "Mục", "tiêu", "MỤC TIÊU", "Phấn\nđấu", "ĐỊNH  HƯỚNG ĐẾN NĂM", "İ", "tİêu", "95%", " ", "\n", "xã", "năm 2025"]
    texts = ["".join(rnd.choice([p, p.upper(), p.capitalize(), " "]) for p in rnd.choices(pieces, k=rnd.randint(1, 12)))
             for _ in range(4000)]
    for text in texts:
        assert _names_a_goal(text) == bool(_cue()["goal"].search(text)), text
