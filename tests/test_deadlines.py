"""Unit tests for extractor.deadlines: one test per form of Vietnamese time expression, with exact values."""
from __future__ import annotations

import pytest

from extractor.deadlines import Deadline, find_deadline, find_time_expressions


def due(text: str, doc_year: int | None = None) -> Deadline:
    found = find_deadline(text, doc_year)
    assert found is not None, text
    return found


def fields(d: Deadline | None) -> tuple | None:
    return None if d is None else (d.date, d.recurrence, d.start_date)


# ----------------------------------------------------------------------------------------------------------------
# Months
# ----------------------------------------------------------------------------------------------------------------

def test_month_with_cue_long_form():
    text = "hoàn thành trong tháng 6 năm 2025"
    d = due(text)
    assert (d.date, d.text, d.start, d.end, d.recurrence, d.start_date) == ("2025-06-30", text, 0, len(text), None, None)


def test_month_slash_year():
    assert due("tháng 6/2025").date == "2025-06-30"


def test_month_cell_capitalised():
    d = due("Tháng 9/2021")
    assert (d.date, d.text) == ("2021-09-30", "Tháng 9/2021")


def test_month_cue_in_table_cell():
    d = due("Hoàn thành trong tháng 10/2021")
    assert (d.date, d.text) == ("2021-10-31", "Hoàn thành trong tháng 10/2021")


def test_month_without_year_takes_the_documents_year():
    assert due("trong tháng 6", doc_year=2025).date == "2025-06-30"


def test_month_without_year_and_no_doc_year_is_unresolved():
    d = due("trong tháng 6")
    assert (d.date, d.text, d.recurrence) == (None, "trong tháng 6", None)


def test_month_abbreviated_in_cell():
    assert due("T6/2025").date == "2025-06-30"


def test_bare_month_slash_year_cell():
    assert due("12/2025").date == "2025-12-31"


def test_month_range():
    assert fields(due("tháng 10-12/2025")) == ("2025-12-31", None, None)


def test_before_a_month_ends_with_the_month_before():
    # the guide reads `Trước năm 2025` as 2024-12-31: before a period named means before it begins; a month and a
    # quarter are read the same way (a day, `trước ngày 10 tháng 12`, is kept: see test_before_a_long_date)
    assert due("hoàn thành trước tháng 6/2023").date == "2023-05-31"


# ----------------------------------------------------------------------------------------------------------------
# Quarters
# ----------------------------------------------------------------------------------------------------------------

def test_quarter_roman_long_form():
    assert due("Quý III năm 2025").date == "2025-09-30"


def test_quarter_roman_slash():
    assert due("quý IV/2021").date == "2021-12-31"


def test_quarter_with_trong():
    d = due("trong Quý II năm 2025")
    assert (d.date, d.text) == ("2025-06-30", "trong Quý II năm 2025")


def test_quarter_cell_with_hoan_thanh():
    d = due("Hoàn thành trong quý IV/2021")
    assert (d.date, d.text) == ("2021-12-31", "Hoàn thành trong quý IV/2021")


def test_quarter_one():
    assert due("quý I/2022").date == "2022-03-31"


def test_quarter_arabic_number():
    assert due("Quý 2/2025").date == "2025-06-30"


@pytest.mark.parametrize("text", ["QUÝ II/2025", "quý II năm 2025", "quí 2 năm 2025", "Quí II/2025", "quý ii/2025"])
def test_quarter_case_and_spelling_variants(text):
    assert due(text).date == "2025-06-30"


def test_quarter_list():
    assert fields(due("Quý III, IV/2025")) == ("2025-12-31", None, None)


def test_quarter_this_year():
    assert due("Quý IV năm nay", doc_year=2025).date == "2025-12-31"


def test_quarter_deadline_in_prose_keeps_only_the_cue_words():
    d = due("Khẩn trương hoàn thiện, trình Chính phủ ban hành trong Quý II năm 2025 Chương trình cắt giảm giấy phép.")
    assert (d.date, d.text) == ("2025-06-30", "trong Quý II năm 2025")


def test_quarter_with_chain_of_cues():
    d = due("gửi Văn phòng Chính phủ chậm nhất trong Quý III năm 2025 để tổng hợp")
    assert (d.date, d.text) == ("2025-09-30", "chậm nhất trong Quý III năm 2025")


def test_quarter_broken_over_lines_in_gazette_text():
    text = "đồng bộ, thống nhất với kế hoạch hành động thực hiện Chỉ thị số 52-CT/TW, hoàn \nthành trong quý IV năm 2026. "
    d = due(text, 2026)
    assert (d.date, d.text) == ("2026-12-31", "hoàn thành trong quý IV năm 2026")
    assert text[d.start:d.end] == "hoàn \nthành trong quý IV năm 2026"


# ----------------------------------------------------------------------------------------------------------------
# Days
# ----------------------------------------------------------------------------------------------------------------

def test_before_a_long_date():
    d = due("trước ngày 10 tháng 12 năm 2025")
    assert (d.date, d.text) == ("2025-12-10", "trước ngày 10 tháng 12 năm 2025")


def test_at_the_latest_on_a_short_date():
    assert due("chậm nhất ngày 31/3/2023").date == "2023-03-31"


def test_before_a_bare_date_keeps_the_date_as_written():
    # judgement: `trước 01/01/2025` literally ends on 31/12/2024, but administrative usage (and the gold,
    # `trước ngày 10 tháng 12 năm 2025` -> 2025-12-10) reads `trước` as "by": the date is kept as written
    assert due("Trước 01/01/2025").date == "2025-01-01"


def test_bare_date_cell():
    assert due("31/03/2023").date == "2023-03-31"


def test_deadline_label():
    d = due("Thời hạn hoàn thành trong tháng 12 năm 2025.")
    assert (d.date, d.text) == ("2025-12-31", "Thời hạn hoàn thành trong tháng 12 năm 2025")


# ----------------------------------------------------------------------------------------------------------------
# Years, halves, periods
# ----------------------------------------------------------------------------------------------------------------

def test_year_cell():
    assert fields(due("Năm 2021")) == ("2021-12-31", None, None)


def test_year_range_cell():
    assert fields(due("Năm 2021 - 2022")) == ("2022-12-31", None, None)


def test_year_list():
    assert due("Năm 2025, 2026").date == "2026-12-31"


def test_bare_year_cell():
    assert due("2025").date == "2025-12-31"


def test_period_cell():
    assert due("giai đoạn 2021 - 2025").date == "2025-12-31"


def test_bare_period_cell():
    assert due("2021-2025").date == "2025-12-31"


def test_period_with_cue_in_prose():
    assert due("Thực hiện trong giai đoạn 2021 - 2025").date == "2025-12-31"


def test_first_six_months():
    assert due("6 tháng đầu năm 2025").date == "2025-06-30"


def test_last_six_months():
    assert due("6 tháng cuối năm 2025").date == "2025-12-31"


def test_first_nine_months():
    assert due("9 tháng đầu năm 2025").date == "2025-09-30"


def test_first_half():
    assert due("nửa đầu năm 2025").date == "2025-06-30"


def test_end_of_year():
    assert due("cuối năm 2025").date == "2025-12-31"


def test_start_of_year_is_read_as_the_first_quarter():
    # judgement: `đầu năm 2026` (early 2026) -> end of its first quarter
    assert due("đầu năm 2026").date == "2026-03-31"


def test_until_the_end_of_a_year():
    d = due("phấn đấu đến hết năm 2025 đạt 100% TTHC đủ điều kiện")
    assert (d.date, d.text) == ("2025-12-31", "đến hết năm 2025")


@pytest.mark.parametrize("text", ["hoàn thành trong năm", "trong năm nay", "Hoàn thành trong năm."])
def test_this_year(text):
    assert due(text, doc_year=2025).date == "2025-12-31"


def test_this_year_without_doc_year_is_unresolved():
    assert due("trong năm").date is None


def test_next_year():
    assert due("trong năm tới", doc_year=2025).date == "2026-12-31"


# ----------------------------------------------------------------------------------------------------------------
# Recurrences and starts
# ----------------------------------------------------------------------------------------------------------------

def test_year_and_the_following_years():
    d = due("Năm 2021 và các năm tiếp theo")
    assert (d.date, d.recurrence, d.start_date, d.text) == (None, "yearly", "2021-01-01", "Năm 2021 và các năm tiếp theo")


def test_year_and_the_following_years_heading_in_capitals():
    assert fields(due("TRONG NĂM 2021 VÀ NHỮNG NĂM TIẾP THEO")) == (None, "yearly", "2021-01-01")


def test_following_years_inside_a_task():
    text = "Triển khai, hoàn thành những nhiệm vụ trọng tâm trong những tháng còn lại của năm 2021 và các năm tiếp theo."
    assert fields(due(text, 2021)) == (None, "yearly", "2021-01-01")


def test_quarter_and_the_following_years():
    assert fields(due("Quý IV/2025 và các năm tiếp theo")) == (None, "yearly", "2025-10-01")


@pytest.mark.parametrize("text", ["hằng năm", "Hàng năm", "định kỳ hằng năm", "Định kỳ hàng năm"])
def test_yearly(text):
    assert fields(due(text)) == (None, "yearly", None)


@pytest.mark.parametrize("text", ["định kỳ hàng tháng", "Định kỳ hàng tháng báo cáo kết quả", "hằng tháng"])
def test_monthly(text):
    assert fields(due(text)) == (None, "monthly", None)


@pytest.mark.parametrize("text", ["hằng quý", "định kỳ hàng quý", "Hàng quý"])
def test_quarterly(text):
    assert fields(due(text)) == (None, "quarterly", None)


def test_weekly():
    assert fields(due("Báo cáo hàng tuần")) == (None, "weekly", None)


@pytest.mark.parametrize("text", ["Thường xuyên", "thường xuyên, liên tục", "Thời hạn: thường xuyên"])
def test_continuous(text):
    assert fields(due(text)) == (None, "continuous", None)


def test_recurrence_with_stages():
    d = due("Hằng năm và từng giai đoạn")
    assert (d.recurrence, d.text) == ("yearly", "Hằng năm và từng giai đoạn")


def test_periodic_recurrence_wins_over_continuous():
    assert fields(due("Hằng năm, thường xuyên")) == (None, "yearly", None)


def test_half_yearly_and_yearly_report():
    assert fields(due("báo cáo định kỳ 6 tháng và hằng năm")) == (None, "yearly", None)


def test_start_month_then_continuous():
    d = due("Từ tháng 5/2026, thường xuyên")
    assert (d.date, d.recurrence, d.start_date, d.text) == (None, "continuous", "2026-05-01", "Từ tháng 5/2026, thường xuyên")


def test_yearly_with_a_yearly_due_day_has_no_date():
    text = ("3. Bộ trưởng, Thủ trưởng cơ quan ngang bộ tập trung chỉ đạo thực hiện nội dung nhiệm vụ được giao trong "
            "Kế hoạch hành động và Phụ lục kèm theo; tăng cường kiểm tra, đôn đốc việc triển khai thực hiện Kế hoạch "
            "hành \nđộng, định kỳ hằng năm báo cáo kết quả thực hiện về Bộ Y tế trước ngày 31 tháng \n12 để tổng hợp, "
            "báo cáo Thủ tướng Chính phủ.")
    d = due(text, 2026)
    assert (d.date, d.recurrence, d.start_date) == (None, "yearly", None)
    assert d.text == "định kỳ hằng năm ... trước ngày 31 tháng 12"
    assert text[d.start:d.start + 16] == "định kỳ hằng năm" and text[d.end - 2:d.end] == "12"


def test_yearly_due_day_written_after():
    assert fields(due("gửi báo cáo trước ngày 15 tháng 12 hằng năm", 2025)) == (None, "yearly", None)


def test_quarter_every_year():
    assert fields(due("Quý I hằng năm", 2025)) == (None, "yearly", None)


def test_from_a_year():
    d = due("Từ năm 2026")
    assert (d.date, d.recurrence, d.start_date, d.text) == (None, None, "2026-01-01", "Từ năm 2026")


def test_from_a_year_onwards():
    assert fields(due("từ năm 2026 trở đi")) == (None, None, "2026-01-01")


def test_from_a_quarter():
    assert fields(due("Từ quý II/2027")) == (None, None, "2027-04-01")


def test_from_quarter_to_quarter():
    d = due("Từ quý III/2026 đến quý III/2030")
    assert (d.date, d.recurrence, d.start_date, d.text) == ("2030-09-30", None, "2026-07-01", "Từ quý III/2026 đến quý III/2030")


def test_from_year_to_year():
    assert fields(due("từ năm 2021 đến năm 2025")) == ("2025-12-31", None, "2021-01-01")


def test_yearly_from_a_quarter():
    d = due("- Hằng năm từ quý IV/2026 - 2029, xây dựng, sửa đổi, bổ sung các Thông tư.", 2026)
    assert (d.date, d.recurrence, d.start_date, d.text) == (None, "yearly", "2026-10-01", "Hằng năm từ quý IV/2026 - 2029")


# ----------------------------------------------------------------------------------------------------------------
# Several times in one text
# ----------------------------------------------------------------------------------------------------------------

def test_rounds_give_the_last():
    text = "lần 1: trước ngày 30/6/2025; lần 2: trước ngày 31/12/2025"
    d = due(text)
    assert (d.date, d.text) == ("2025-12-31", "lần 2: trước ngày 31/12/2025")
    assert [x.date for x in find_time_expressions(text)] == ["2025-06-30", "2025-12-31"]


def test_bracketed_month_after_an_item():
    d = due("Xây dựng Đề án đổi mới công tác truyền thông (tháng 6/2025)")
    assert (d.date, d.text) == ("2025-06-30", "tháng 6/2025")


def test_bracketed_quarter_after_an_item():
    assert due("Ban hành Nghị quyết về thí điểm đa dạng hóa các gói bảo hiểm y tế (Quý II/2025).").date == "2025-06-30"


def test_two_part_cell_as_in_the_gold_of_001():
    # 001 (23/CT-TTg), the cell as printed: the gold deadline is 2022-03-31, which is both the first and the latest
    cell = "- Các bộ, cơ quan ngang bộ, hoàn thành trong quý I/2022. - Các địa phương hoàn thành trong quý IV/2021"
    assert due(cell, 2021).date == "2022-03-31"


def test_two_part_cell_takes_the_latest_part():
    # judgement: the row's task is done when every agency has done its part, so the latest time governs
    # (the same rule as `lần 1 ...; lần 2 ...`), not the first written
    cell = "- Các bộ, cơ quan ngang bộ hoàn thành trong quý I/2022. - Các địa phương hoàn thành trong quý IV/2022"
    d = due(cell, 2021)
    assert (d.date, d.text) == ("2022-12-31", "hoàn thành trong quý IV/2022")


def test_cue_beats_a_later_bare_year():
    text = "Phấn đấu đến năm 2030 đạt 100%; hoàn thành trong Quý II năm 2026 việc xây dựng Đề án."
    assert due(text, 2026).date == "2026-06-30"


def test_without_a_cue_the_last_bare_time():
    assert due("Năm 2025 thí điểm tại 05 tỉnh, năm 2026 nhân rộng trên toàn quốc.", 2025).date == "2026-12-31"


def test_target_year_when_it_is_the_only_time():
    d = due("Mức độ hài lòng của người dân đối với chất lượng cung cấp dịch vụ công đạt tối thiểu 95% vào năm 2025.")
    assert (d.date, d.text) == ("2025-12-31", "vào năm 2025")


def test_reference_date_beside_a_deadline():
    text = ("Chủ trì tổng kết, đánh giá việc thực hiện Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018, "
            "báo cáo Thủ tướng Chính phủ trước ngày 31 tháng 12 năm 2025.")
    d = due(text, 2025)
    assert (d.date, d.text) == ("2025-12-31", "trước ngày 31 tháng 12 năm 2025")
    assert [x.text for x in find_time_expressions(text, 2025)] == ["trước ngày 31 tháng 12 năm 2025"]


def test_time_expressions_in_order_with_offsets():
    text = "Năm 2025: hoàn thành trong Quý II năm 2025; định kỳ hằng quý báo cáo kết quả."
    found = find_time_expressions(text, 2025)
    assert [(x.text, x.date, x.recurrence) for x in found] == [
        ("Năm 2025", "2025-12-31", None),
        ("hoàn thành trong Quý II năm 2025", "2025-06-30", None),
        ("định kỳ hằng quý", None, "quarterly"),
    ]
    assert all(text[x.start:x.end] == x.text for x in found)


def test_past_dates_are_not_deadlines():
    # a deadline that ends before the document's year is past
    assert find_deadline("Hoàn thành trong quý IV/2021", doc_year=2025) is None


# ----------------------------------------------------------------------------------------------------------------
# Not deadlines
# ----------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Nghị quyết số 01/NQ-CP ngày 08 tháng 01 năm 2025 của Chính phủ",
    "hướng dẫn của Văn phòng Chính phủ tại Công văn số 807/VPCP-KSTT ngày 01/02/2021 về việc tăng cường gửi, nhận văn bản",
    "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;",
    "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương "
    "ngày 22 tháng 11 năm 2019;",
    "Kèm theo Chỉ thị số 23 /CT-TTg ngày 02 tháng 9 năm 2021 của Thủ tướng Chính phủ",
    "Kèm theo Công văn số: /VPCP-KSTT ngày tháng 01 năm 2025",
    "- Nghị quyết số 38-CP năm 1994 “một công chức làm đầu mối tiếp xúc”",
])
def test_dates_of_cited_documents(text):
    assert find_deadline(text, 2025) is None
    assert find_time_expressions(text, 2025) == []


def test_issue_date():
    assert find_time_expressions("Hà Nội, ngày 02 tháng 9 năm 2021", 2021) == []


def test_past_event():
    text = "Ngày 01/01/2021, Chính phủ đã ban hành Nghị quyết số 01/NQ-CP về nhiệm vụ, giải pháp chủ yếu."
    assert find_deadline(text, 2021) is None


def test_past_year_reported():
    assert find_deadline("Trong năm 2024, các bộ đã cắt giảm 500 thủ tục hành chính.", 2025) is None


@pytest.mark.parametrize("text", [
    "Đẩy mạnh tuyên truyền về kết quả triển khai thực hiện Chương trình tổng thể cải cách hành chính nhà nước "
    "giai đoạn 2021 - 2030, với nhiều hình thức đa dạng.",
    "- Xây dựng Đề án sắp xếp đơn vị hành chính cấp huyện, cấp xã giai đoạn 2022 - 2025, định hướng đến năm 2030.",
    "Tổ chức triển khai Chương trình cắt giảm giấy phép giai đoạn 2025-2030 ngay sau khi được Chính phủ phê duyệt.",
    "Ban hành Kế hoạch cải cách thủ tục hành chính trọng tâm năm 2025",
    "Bố trí kinh phí thực hiện Kế hoạch này trong dự toán ngân sách năm 2025 được cấp có thẩm quyền giao.",
    "Căn cứ Quyết định phê duyệt Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030;",
    "phê duyệt Kế hoạch “Nâng cao chất lượng phục vụ của cơ quan hành chính nhà nước giai đoạn 2021 - 2030”",
])
def test_periods_and_years_in_names(text):
    assert find_deadline(text, 2021) is None


@pytest.mark.parametrize("text", [
    "Quyết định này có hiệu lực kể từ ngày ký.",
    "các luật sẽ có hiệu lực thi hành từ ngày 01/01/2026.",
])
def test_effective_dates(text):
    assert find_deadline(text, 2025) is None


def test_as_of_date():
    text = "Cắt giảm ít nhất 10% số quy định tại các văn bản đang có hiệu lực thi hành tính đến hết ngày 31/5/2025."
    assert find_deadline(text, 2025) is None


def test_baseline_year():
    assert find_deadline("số hồ sơ trực tuyến tăng thêm so với năm 2025 là 20%", 2025) is None


def test_goal_horizon_in_a_purpose_clause():
    text = ("Tập trung phát triển đối tượng tham gia bảo hiểm y tế để đạt mục tiêu tới năm 2026 tỷ lệ bao phủ "
            "đạt trên 95,5% dân số, đến năm 2030 đạt mục tiêu bao phủ bảo hiểm y tế toàn dân.")
    assert find_deadline(text, 2026) is None


@pytest.mark.parametrize("text", [
    "phù hợp khả năng cân đối ngân sách nhà nước hằng năm.",
    "Đưa các chỉ tiêu vào nghị quyết, chương trình, kế hoạch phát triển kinh tế - xã hội hằng năm và dài hạn.",
    "Thường xuyên giám sát, theo dõi việc thực hiện các quy định.",
    "bên cạnh các nhiệm vụ thường xuyên, các bộ cần cụ thể hóa các nhiệm vụ sau đây",
    "bảo đảm duy trì hoạt động ổn định, liên tục, không gián đoạn của Cổng Dịch vụ công quốc gia",
    "thực hiện khám sức khỏe định kỳ",
])
def test_frequency_words_that_describe_a_thing(text):
    assert find_deadline(text, 2025) is None


@pytest.mark.parametrize("text", [
    "Văn phòng Chính phủ trân trọng đề nghị Quý Bộ, cơ quan tập trung triển khai.",
    "tổng số hồ sơ tiếp nhận trong năm/01 Bộ phận Một cửa ít hơn chỉ tiêu trên",
    "Triển khai Nghị định số 12/2025/NĐ-CP và Nghị quyết số 142/2024/QH15",
    "Đã hoàn thành",
    "Thời hạn hoàn thành phù hợp với lộ trình sửa đổi, thay thế",
    "rút ngắn thời gian xử lý hồ sơ 30 phút/01 hồ sơ",
])
def test_no_time_at_all(text):
    assert find_deadline(text, 2025) is None


def test_range_of_two_quarters_in_a_cell():
    d = due("Quý IV năm 2025 - Quý II năm 2026")
    assert (d.date, d.text, d.start_date) == ("2026-06-30", "Quý IV năm 2025 - Quý II năm 2026", None)


def test_agency_name_is_no_plan_name():
    # `Bộ Kế hoạch và Đầu tư` names a ministry, not a plan: the year after it is not part of a title
    assert due("Bộ Kế hoạch và Đầu tư tổng hợp, báo cáo Thủ tướng Chính phủ năm 2025.", 2025).date == "2025-12-31"
