"""The one time pass over a whole document: find_time_expressions over a text or a range of it, pick_deadline for each
item's span, phase for headings; an item gets the same answer from the whole document as alone."""
from __future__ import annotations

from pathlib import Path

import pytest

import extractor.deadlines as deadlines
import extractor.patterns.dates as dates
from extractor.deadlines import find_deadline, find_time_expressions, phase, pick_deadline

# A plan written for these tests in the style of a provincial Kế hoạch: a phase heading, items with and without
# their own time, a cited decision with its date, a purpose clause, a recurrence, a tab-separated table.
DOCUMENT = """ỦY BAN NHÂN DÂN TỈNH BÌNH AN
Bình An, ngày 12 tháng 3 năm 2026
KẾ HOẠCH
Triển khai Quyết định số 45/QĐ-TTg ngày 05 tháng 01 năm 2026 của Thủ tướng Chính phủ
II. NHIỆM VỤ
1. Giai đoạn 2026 - 2027
a) Sở Nội vụ rà soát, sắp xếp các phòng chuyên môn, hoàn thành trước ngày 30 tháng 9 năm 2026.
b) Sở Tài chính bố trí kinh phí thực hiện để đạt mục tiêu đến năm 2030 giảm 10% biên chế.
c) Các sở, ngành định kỳ hằng quý báo cáo kết quả về Sở Nội vụ.
2. Năm 2028:
a) Tổng kết việc thực hiện Quyết định số 45/QĐ-TTg; báo cáo Ủy ban nhân dân tỉnh trong Quý IV năm 2028.
b) Sở Tư pháp thẩm định các dự thảo (trong đó, năm 2028, tỷ lệ dự thảo được thẩm định đạt 100%).
III. PHỤ LỤC
STT\tNhiệm vụ\tCơ quan chủ trì\tThời gian
1\tXây dựng cơ sở dữ liệu cán bộ\tSở Nội vụ\t2027
2\tSố hóa hồ sơ lưu trữ\tSở Nội vụ\tThường xuyên
3\tĐào tạo công chức\tSở Nội vụ\tT9/2026
"""


def span(text: str, words: str) -> tuple[int, int]:
    """The line of ``text`` that holds ``words``, as (start, end) without its list marker."""
    at = text.index(words)
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.index("\n", at)
    marker = len(text[line_start:line_end]) - len(text[line_start:line_end].split(" ", 1)[-1]) \
        if text[line_start:line_start + 3].rstrip().endswith((")", ".")) else 0
    return line_start + marker, line_end


ITEMS = ["Sở Nội vụ rà soát", "Sở Tài chính bố trí", "Các sở, ngành định kỳ", "Tổng kết việc thực hiện",
         "Sở Tư pháp thẩm định"]
ANSWERS = {  # (date, recurrence, start_date) of each item's own text
    "Sở Nội vụ rà soát": ("2026-09-30", None, None),
    "Sở Tài chính bố trí": None,                       # a purpose clause's horizon only
    "Các sở, ngành định kỳ": (None, "quarterly", None),
    "Tổng kết việc thực hiện": ("2028-12-31", None, None),
    "Sở Tư pháp thẩm định": None,                      # a year inside a bracketed aside with a target
}


def key(d):
    return None if d is None else (d.date, d.recurrence, d.start_date)


@pytest.mark.parametrize("words", ITEMS)
def test_item_answers(words):
    a, b = span(DOCUMENT, words)
    assert key(find_deadline(DOCUMENT[a:b], 2026)) == ANSWERS[words]


@pytest.mark.parametrize("words", ITEMS)
def test_whole_document_pass_gives_each_item_its_own_answer(words):
    found = find_time_expressions(DOCUMENT, 2026)
    a, b = span(DOCUMENT, words)
    assert key(pick_deadline(found, DOCUMENT, a, b, 2026)) == key(find_deadline(DOCUMENT[a:b], 2026))


def test_whole_document_expressions():
    found = find_time_expressions(DOCUMENT, 2026)
    # the issue date and the cited decision's date are left out; the bare year of the table's cell is kept, marked
    assert [(d.text, d.date, d.recurrence, d.whole_cell) for d in found] == [
        ("Giai đoạn 2026 - 2027", "2027-12-31", None, False),
        ("hoàn thành trước ngày 30 tháng 9 năm 2026", "2026-09-30", None, False),
        ("đến năm 2030", "2030-12-31", None, False),
        ("định kỳ hằng quý", None, "quarterly", False),
        ("Năm 2028", "2028-12-31", None, False),
        ("trong Quý IV năm 2028", "2028-12-31", None, False),
        ("năm 2028", "2028-12-31", None, False),
        ("2027", "2027-12-31", None, True),
        ("Thường xuyên", None, "continuous", False),
        ("T9/2026", "2026-09-30", None, True),
    ]
    assert all(" ".join(DOCUMENT[d.start:d.end].split()) == d.text for d in found)
    assert [d.goal for d in found if d.text in ("đến năm 2030", "năm 2028")] == [True, True]


def test_range_is_read_as_a_text_of_its_own_with_offsets_into_the_whole():
    a, b = span(DOCUMENT, "Tổng kết việc thực hiện")
    inside = find_time_expressions(DOCUMENT, 2026, a, b)
    alone = find_time_expressions(DOCUMENT[a:b], 2026)
    assert [(d.start - a, d.end - a, d.text, d.date) for d in inside] == [(d.start, d.end, d.text, d.date) for d in alone]
    assert [DOCUMENT[d.start:d.end] for d in inside] == ["trong Quý IV năm 2028"]


def test_a_bare_cell_counts_only_as_its_whole_range():
    found = find_time_expressions(DOCUMENT, 2026)
    row = DOCUMENT.index("1\tXây dựng")
    row_end = DOCUMENT.index("\n", row)
    cell = DOCUMENT.rindex("\t", row, row_end) + 1
    assert key(pick_deadline(found, DOCUMENT, cell, row_end, 2026)) == ("2027-12-31", None, None)
    assert pick_deadline(found, DOCUMENT, row, row_end, 2026) is None
    assert key(find_deadline(DOCUMENT[cell:row_end], 2026)) == ("2027-12-31", None, None)


def test_a_row_with_a_time_cell_takes_it():
    found = find_time_expressions(DOCUMENT, 2026)
    row = DOCUMENT.index("2\tSố hóa")
    assert key(pick_deadline(found, DOCUMENT, row, DOCUMENT.index("\n", row), 2026)) == (None, "continuous", None)


def test_heading_phase():
    assert key(phase("Giai đoạn 2026 - 2027", 2026)) == ("2027-12-31", None, None)
    assert key(find_deadline("Giai đoạn 2026 - 2027", 2026)) == ("2027-12-31", None, None)


@pytest.mark.parametrize("heading, answer", [
    ("Năm 2028:", ("2028-12-31", None, None)),
    ("Giai đoạn 2026 - 2028: hoàn thiện thể chế, chính sách", ("2028-12-31", None, None)),
    ("Giai đoạn 1 từ năm 2026 đến hết năm 2027 (giai đoạn chuẩn bị)", ("2027-12-31", None, "2026-01-01")),
    ("Giai đoạn 2 (từ năm 2028 đến năm 2030): mở rộng", ("2030-12-31", None, "2028-01-01")),
    ("GIAI ĐOẠN I (2026 - 2027)", ("2027-12-31", None, None)),
    ("Từ năm 2029 đến năm 2030", ("2030-12-31", None, "2029-01-01")),
    ("Đến năm 2030", ("2030-12-31", None, None)),
    ("Trong năm 2026 - 2027: đầu tư, nâng cấp hạ tầng", ("2027-12-31", None, None)),
    ("Hằng năm:", (None, "yearly", None)),
])
def test_headings_that_name_a_phase(heading, answer):
    assert key(phase(heading, 2026)) == answer
    assert key(find_deadline(heading, 2026)) == answer


@pytest.mark.parametrize("heading", [
    "Sơ kết việc thực hiện Nghị quyết năm 2026",       # a time inside a topic, not a phase
    "Cải cách thủ tục hành chính",
    "Chương trình chuyển đổi số giai đoạn 2026 - 2030",
])
def test_headings_that_name_no_phase(heading):
    assert phase(heading, 2026) is None


def test_no_group_across_items():
    # a dash that starts the next item does not make a range of the two items' times
    text = "- Hoàn thành trong quý IV/2026\n- Năm 2027: tổng kết"
    assert [(d.text, d.date, d.start_date) for d in find_time_expressions(text, 2026)] == [
        ("Hoàn thành trong quý IV/2026", "2026-12-31", None), ("Năm 2027", "2027-12-31", None)]


def test_a_table_dumped_on_one_line():
    # 3 000 cells on one line: every cell is found, each with its own date
    text = "\t".join(f"Quý {'I' * (1 + k % 3)}/{2026 + k % 4}" for k in range(3000))
    found = find_time_expressions(text, 2026)
    assert len(found) == 3000
    assert [d.date for d in found[:4]] == ["2026-03-31", "2027-06-30", "2028-09-30", "2029-03-31"]


def test_no_wall_clock_limits():
    # same input, same output: work is bounded by the input's size, never by a regex timeout
    for module in (deadlines, dates):
        assert "timeout=" not in Path(module.__file__).read_text(encoding="utf-8")
