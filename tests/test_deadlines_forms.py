"""Time expressions of extraction guide §3 beyond the basic forms, and the contexts that make a date no deadline:
each test on sentences written for it in the style of real documents (none is a line of the dev files)."""
from __future__ import annotations

import pytest

from extractor.deadlines import find_deadline, find_time_expressions


def fields(text: str, doc_year: int | None = None) -> tuple | None:
    d = find_deadline(text, doc_year)
    return None if d is None else (d.date, d.recurrence, d.start_date)


# ----------------------------------------------------------------------------------------------------------------
# `trước` a period: before it begins
# ----------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, date", [
    ("Trước năm 2026", "2025-12-31"),
    ("Bộ Xây dựng ban hành bộ tiêu chí đánh giá, hoàn thành trước năm 2027.", "2026-12-31"),
    ("TRƯỚC NĂM 2026", "2025-12-31"),
    ("hoàn thành trước Quý III năm 2026", "2026-06-30"),
    ("trình Chính phủ trước tháng 10/2026", "2026-09-30"),
])
def test_before_a_period_ends_the_day_before_it_begins(text, date):
    assert fields(text, 2025) == (date, None, None)


def test_before_a_day_keeps_the_day():
    assert fields("Các địa phương gửi báo cáo trước ngày 20 tháng 11 năm 2026.", 2026) == ("2026-11-20", None, None)


def test_by_the_end_of_a_year_is_not_before_it():
    assert fields("hoàn thành trước cuối năm 2026", 2026) == ("2026-12-31", None, None)


def test_deadline_cell_with_a_route_after_it():
    d = find_deadline("Quý II/2027 và theo lộ trình đầu tư của Dự án", 2026)
    assert (d.date, d.text) == ("2027-06-30", "Quý II/2027")


def test_at_the_latest_to_the_end_of_a_day():
    d = find_deadline("Thời gian nhận hồ sơ chậm nhất đến hết ngày 20 tháng 9 năm 2026.", 2026)
    assert (d.date, d.text) == ("2026-09-20", "chậm nhất đến hết ngày 20 tháng 9 năm 2026")


def test_month_of_a_meeting():
    text = "Bộ Tài chính báo cáo Chính phủ tại phiên họp thường kỳ tháng 10 năm 2026."
    assert fields(text, 2026) == ("2026-10-31", None, None)


def test_capitalised_report_verb_is_no_title():
    # `Báo cáo` opening an item is the verb; mid-sentence and capitalised it names a report
    assert fields("Báo cáo Thủ tướng Chính phủ kết quả thực hiện trong tháng 11 năm 2026.", 2026) \
        == ("2026-11-30", None, None)
    assert find_deadline("Hoàn thiện Báo cáo tổng kết năm 2026 của ngành.", 2026) is None


# ----------------------------------------------------------------------------------------------------------------
# Recurring and open-ended work
# ----------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["2027 và hằng năm", "Năm 2027 và hàng năm", "năm 2027 và các năm kế tiếp"])
def test_year_then_every_year(text):
    assert fields(text, 2026) == (None, "yearly", "2027-01-01")


@pytest.mark.parametrize("text, recurrence, words", [
    ("Ngày 20 hằng tháng", "monthly", "Ngày 20 hằng tháng"),
    ("a) Trước ngày 10 hằng tháng, Sở Tài chính chuyển kinh phí cho các huyện.", "monthly", "Trước ngày 10 hằng tháng"),
    ("Trước ngày 05 và ngày 20 hằng tháng, Trung tâm rà soát danh sách.", "monthly",
     "Trước ngày 05 và ngày 20 hằng tháng"),
    ("Chậm nhất ngày 30 tháng 11 hằng năm, các đơn vị gửi dự toán.", "yearly", "Chậm nhất ngày 30 tháng 11 hằng năm"),
    ("Tháng 7 hằng năm, lập kế hoạch tuyển sinh năm sau", "yearly", "Tháng 7 hằng năm"),
    ("Ngày làm việc cuối cùng của tuần, trước 15 giờ ngày 05 mỗi quý", "quarterly", "ngày 05 mỗi quý"),
    ("báo cáo Bộ Giáo dục và Đào tạo trước 30 tháng 11 hằng năm", "yearly", "trước 30 tháng 11 hằng năm"),
])
def test_due_day_of_a_recurring_period(text, recurrence, words):
    d = find_deadline(text, 2026)
    assert (d.date, d.recurrence, d.start_date, d.text) == (None, recurrence, None, words)


def test_due_day_of_every_year_inside_a_sentence_naming_a_plan():
    # `kế hoạch` earlier in the sentence does not make `… hằng năm` part of a name: it is the due day's recurrence
    text = "Sở Y tế báo cáo kế hoạch tiêm chủng mở rộng gửi Bộ Y tế trước ngày 30 tháng 6 hằng năm."
    assert fields(text, 2026) == (None, "yearly", None)


@pytest.mark.parametrize("text", [
    "Ngày 31 tháng 01 năm kế tiếp sau năm báo cáo.",
    "gửi báo cáo chậm nhất là ngày 20 tháng 02 năm kế tiếp của năm báo cáo",
    "Tháng 9 năm sau, tổ chức tổng kết công tác tuyển sinh.",
])
def test_day_of_a_year_that_comes_round_again(text):
    # a day of `năm kế tiếp`, `năm sau` in a rule: every year, no one date
    assert fields(text, 2026) == (None, "yearly", None)


def test_quarter_of_the_year_before_is_past():
    assert find_deadline("Số liệu thực hiện trong Quý IV năm trước.", 2026) is None


@pytest.mark.parametrize("text", [
    "Trong quá trình thực hiện Đề án",
    "Trong quá trình triển khai thực hiện Kế hoạch",
    "Thời gian thực hiện: Trong quá trình thực hiện Chương trình.",
])
def test_for_as_long_as_the_work_lasts(text):
    assert fields(text, 2026) == (None, "continuous", None)


@pytest.mark.parametrize("text", [
    # a condition, not a time: `Trong quá trình thực hiện, nếu có vướng mắc …`
    "Trong quá trình thực hiện Kế hoạch, nếu có khó khăn, vướng mắc, các sở kịp thời báo cáo Ủy ban nhân dân tỉnh.",
    # the object of the work: `… trong quá trình xây dựng, vận hành …`
    "Đánh giá tác động môi trường trong quá trình xây dựng, vận hành nhà máy.",
])
def test_process_words_that_are_no_time(text):
    assert find_deadline(text, 2026) is None


def test_from_a_quarter_without_an_end():
    assert fields("Từ Quý IV năm 2026", 2026) == (None, None, "2026-10-01")


# ----------------------------------------------------------------------------------------------------------------
# Relative times and events: no date
# ----------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Trong 03 ngày làm việc kể từ ngày nhận đủ hồ sơ, Sở Nội vụ thẩm định và trình Chủ tịch Ủy ban nhân dân tỉnh.",
    "Sau 15 ngày kể từ ngày 01/3/2026, đơn vị chưa nộp báo cáo sẽ bị nhắc nhở.",
    "Trong thời hạn 30 ngày kể từ ngày kết thúc 6 tháng đầu năm 2026, doanh nghiệp công bố thông tin.",
    "Trình Quốc hội tại Kỳ họp thứ hai Quốc hội khóa XVI",
    "Theo Kế hoạch của Bộ Giáo dục và Đào tạo",
    "Theo lộ trình thực hiện Đề án",
])
def test_relative_times_and_events_give_no_date(text):
    assert find_deadline(text, 2026) is None


# ----------------------------------------------------------------------------------------------------------------
# Dates that are not deadlines
# ----------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Người lao động nghỉ việc trong khoảng thời gian từ ngày 01 tháng 4 năm 2026 đến ngày 30 tháng 6 năm 2026 "
    "được hỗ trợ một lần.",
    "Doanh nghiệp phải tạm dừng sản xuất trong thời gian từ ngày 01/4/2026 đến hết ngày 30/9/2026.",
    "Số liệu trong thời kỳ từ ngày 01 tháng 01 đến hết ngày 30 tháng 6 năm báo cáo.",
])
def test_period_a_rule_covers(text):
    assert find_deadline(text, 2026) is None
    assert find_time_expressions(text, 2026) == []


@pytest.mark.parametrize("text", [
    "Ngày ký: 15.04.2026 09:12:40 +07:00",
    "Thời gian ký: 15.04.2026",
    "Quyết định được ban hành ngày 12/3/2026.",
    "Nghị quyết được Hội đồng nhân dân tỉnh thông qua ngày 10 tháng 7 năm 2026.",
])
def test_day_of_signing_issue_or_adoption(text):
    assert find_time_expressions(text, 2026) == []


def test_signing_before_a_day_is_a_deadline():
    assert fields("Hai bên ký biên bản bàn giao trước ngày 30/6/2026.", 2026) == ("2026-06-30", None, None)


def test_as_of_a_point_in_time():
    assert find_deadline("Số cán bộ, công chức tại thời điểm ngày 31 tháng 12 năm 2026.", 2026) is None


@pytest.mark.parametrize("text", [
    "Người đã tham gia bảo hiểm xã hội mà trước ngày 01 tháng 7 năm 2026 đã được cơ quan có thẩm quyền xác nhận.",
    "Các hồ sơ nộp trước ngày 01/01/2026 đã được giải quyết theo quy định cũ.",
])
def test_time_of_a_past_event_later_in_the_sentence(text):
    assert find_deadline(text, 2025) is None


def test_period_in_the_past_is_no_deadline():
    # a cell of a table of historic periods: a span that ended long before the document
    assert find_deadline("Từ năm 1965 - 1972", 2024) is None
    d = find_time_expressions("Từ năm 1965 - 1972", 2024)[0]
    assert (d.date, d.start_date) == ("1972-12-31", "1965-01-01")


def test_start_in_the_past_is_no_deadline():
    assert find_deadline("Người hoạt động cách mạng từ ngày 01/01/1945 đến ngày khởi nghĩa.", 2026) is None


@pytest.mark.parametrize("text", [
    "Thu nhập chịu thuế phát sinh trong năm được xác định theo quy định tại Điều 8.",
    "Số dư cuối năm của tài khoản được chuyển sang năm sau.",
    "Tổng số nhà ở hình thành mới trong năm.",
])
def test_this_year_words_after_a_noun_qualify_it(text):
    assert find_deadline(text, 2026) is None


@pytest.mark.parametrize("text", [
    "Tổ chức thực hiện trong năm.",
    "Hoàn thành trong năm",
    "Trong năm",
])
def test_this_year_words_after_a_verb_or_alone(text):
    assert fields(text, 2026) == ("2026-12-31", None, None)


def test_year_in_a_bracketed_aside_is_no_deadline():
    text = ("Khẩn trương rà soát, cắt giảm quy định kinh doanh (trong đó, năm 2026, tỷ lệ cắt giảm chi phí tuân thủ "
            "đạt ít nhất 20%); tăng cường đối thoại với doanh nghiệp.")
    assert find_deadline(text, 2026) is None


def test_bracketed_expected_time_is_kept():
    assert fields("Tổ chức Hội nghị sơ kết (dự kiến tháng 6/2026).", 2026) == ("2026-06-30", None, None)


def test_footnote_number_glued_to_an_item_marker():
    # `3.12 Hằng năm, …`: the gazette glues footnote 12 to item 3; the recurrence still opens the item
    text = "Điều khoản chung.\n3.12 Hằng năm, Bộ Y tế báo cáo Chính phủ về tình hình sử dụng quỹ."
    assert fields(text, 2026) == (None, "yearly", None)


@pytest.mark.parametrize("text", ["QUÝ II/2026", "Quí II năm 2026", "quý ii năm 2026", "Hoàn thành trong QUÍ 2/2026"])
def test_old_spelling_and_capitals(text):
    assert fields(text, 2026) == ("2026-06-30", None, None)


def test_old_tone_placement_in_the_cue():
    # `hoá`/`thuỷ` written the old way do not hide the words around a time: the text is read with modern tones
    d = find_deadline("Chuẩn hoá dữ liệu thuỷ lợi, hoàn thành trong tháng 8/2026", 2026)
    assert (d.date, d.text) == ("2026-08-31", "hoàn thành trong tháng 8/2026")


@pytest.mark.parametrize("text", [
    "Thuế suất áp dụng từ ngày 01 tháng 01 năm 2027 đến hết ngày 31 tháng 12 năm 2027.",
    "Chính sách có hiệu lực từ ngày 01/7/2026 đến ngày 30/6/2027.",
])
def test_end_of_an_effective_period_goes_with_its_start(text):
    assert find_time_expressions(text, 2026) == []


def test_up_to_a_day_is_past():
    assert find_time_expressions("các khoản nợ phát sinh từ ngày 31/12/2025 trở về trước", 2026) == []


@pytest.mark.parametrize("text", [
    "Phê duyệt phương án đầu tư hằng năm của Quỹ.",
    "Tốc độ phát triển hằng năm của khu vực kinh tế tư nhân.",
])
def test_yearly_after_a_noun_qualifies_it(text):
    assert find_deadline(text, 2026) is None


@pytest.mark.parametrize("text", ["Thực hiện kiểm toán hằng năm đối với Quỹ.", "Công khai hằng năm trên Cổng thông tin."])
def test_yearly_after_a_periodic_verb(text):
    assert fields(text, 2026) == (None, "yearly", None)


def test_a_recurrence_takes_one_yearless_day():
    # cells of a reporting table read as one sentence: each day is its own time, not one chain under `hằng năm`
    text = ("Báo cáo hằng năm gửi trước ngày 31 tháng 3 Tổ chức hội nghị ngày 20 tháng 12 gửi số liệu sơ bộ trước "
            "ngày 15 tháng 7")
    assert [d.text for d in find_time_expressions(text, 2026)] == [
        "hằng năm ... trước ngày 31 tháng 3", "ngày 20 tháng 12", "trước ngày 15 tháng 7"]


@pytest.mark.parametrize("text", [
    "Đối với gói thầu đã phát hành hồ sơ mời thầu trước ngày 01 tháng 7 năm 2026, việc lựa chọn nhà thầu tiếp tục.",
    "Dự án mà đến ngày 30 tháng 9 năm 2026 chưa khởi công thì bị thu hồi chủ trương đầu tư.",
    "Bàn giao hồ sơ mà Sở đã tiếp nhận trước ngày 01/8/2026 cho Ủy ban nhân dân cấp xã.",
])
def test_time_of_what_was_or_was_not_done(text):
    assert find_deadline(text, 2026) is None


def test_obligation_after_a_past_mark_keeps_the_deadline():
    text = "Các nhiệm vụ đã được giao tại Nghị quyết phải hoàn thành trước ngày 31/12/2026."
    assert fields(text, 2026) == ("2026-12-31", None, None)


@pytest.mark.parametrize("text", [
    "Số liệu ước tính: Thời điểm 20 tháng 9.",
    "SỐ CƠ SỞ GIÁO DỤC Có tại ngày 31 tháng 12 năm …",
    "Số liệu tại ngày 30 tháng 6 năm 2026.",
    "tổng số tàu hiện có đến ngày 31 tháng 12 năm 2026",
])
def test_point_in_time_of_figures(text):
    assert find_deadline(text, 2026) is None


@pytest.mark.parametrize("text", [
    "Kỳ báo cáo: năm (Từ 01/01 đến 31/12)",
    "Báo cáo năm: số liệu từ ngày 01 tháng 01 đến hết ngày 31 tháng 12.",
    "Tính theo năm dương lịch (từ ngày 01 tháng 01 đến ngày 31 tháng 12).",
])
def test_span_of_every_year(text):
    assert find_deadline(text, 2026) is None


def test_span_of_a_given_year_is_kept():
    assert fields("Thực hiện từ ngày 01/3/2026 đến ngày 30/6/2026.", 2026) == ("2026-06-30", None, "2026-03-01")


@pytest.mark.parametrize("text", [
    "Thời gian điều chỉnh dự toán hoàn thành trước ngày 15 tháng 11 năm hiện hành.",
    "Báo cáo năm: trước ngày 20/01 năm sau",
    "gửi Sở Tài chính trước ngày 15 tháng 6 và 15 tháng 12 hằng năm;",
])
def test_more_days_of_every_year(text):
    assert fields(text, 2026) == (None, "yearly", None)


def test_year_named_elsewhere():
    assert find_deadline("số tiền cùng chi trả từ thời điểm thay đổi đến hết ngày 31 tháng 12 năm đó", 2026) is None


def test_decimal_after_a_month_is_no_month():
    # a table of measures read as text: `24 tháng 9,7` is 24 months, 9.7 kg
    assert find_time_expressions("18 tháng 8,8 8,1 21 tháng 9,2 8,6 24 tháng 9,7 9,0", 2026) == []


def test_date_after_a_cut_document_number():
    # a task text cut inside `Nghị định số 138/2026/NĐ-CP ngày …`
    assert find_deadline("CP ngày 26 tháng 01 năm 2026 của Chính phủ sửa đổi một số điều", 2026) is None


def test_brackets_inside_a_sentence_qualify_a_noun():
    text = ("Trước ngày 01 tháng 9 năm 2026, các bộ gửi báo cáo đánh giá kết thúc (giai đoạn 2021 - 2026) về Bộ Tài "
            "chính.")
    assert fields(text, 2026) == ("2026-09-01", None, None)


def test_a_numbered_batch_is_no_cue_a_numbered_round_before_a_colon_is():
    text = "Rà soát số người thuộc diện tinh giản biên chế đợt 2 năm 2025, gửi hồ sơ về Bộ Nội vụ trước ngày 15 tháng 9 năm 2025."
    assert find_deadline(text, 2025).date == "2025-09-15"
    assert find_deadline("Báo cáo kết quả: lần 1: trước ngày 30/6/2025; lần 2: trước ngày 31/12/2025.", 2025).date == \
        "2025-12-31"
    assert find_deadline("Tổ chức tập huấn đợt 1: tháng 10/2025.", 2025).date == "2025-10-31"


def test_a_period_before_the_day_of_issue_is_what_the_work_is_about():
    from extractor import extract_text
    letter = """BỘ NỘI VỤ
Số: 1234/BNV-CCVC
V/v báo cáo tình hình thực hiện tinh giản biên chế
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Hà Nội, ngày 05 tháng 8 năm 2025
Kính gửi: Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ.
Bộ Nội vụ đề nghị các bộ, cơ quan:
1. Báo cáo kết quả thực hiện tinh giản biên chế 6 tháng đầu năm 2025 theo Đề cương gửi kèm.
2. Tổng hợp danh sách tinh giản biên chế năm 2025, gửi về Bộ Nội vụ trong tháng 10 năm 2025.
Nơi nhận:
- Như trên;
- Lưu: VT.
KT. BỘ TRƯỞNG
THỨ TRƯỞNG
Trương Hải Long
"""
    (doc,) = extract_text(letter).documents
    assert [(t.section, t.deadline) for t in doc.tasks] == [("1", None), ("2", "2025-10-31")]


# ----------------------------------------------------------------------------------------------------------------
# A count of months is a number or a word of its own: never the tail of a longer number or word
# ----------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, half", [
    ("Báo cáo sơ kết 6 tháng đầu năm 2026 gửi Bộ Nội vụ.", "6 tháng đầu năm 2026"),
    ("Tổ chức sơ kết ba tháng đầu năm.", "ba tháng đầu năm"),
    ("Tổng kết 126 tháng đầu năm 2026 của chương trình.", None),   # `126`, not `26`
    ("Mức tăng 1,6 tháng đầu năm so với cùng kỳ.", None),          # a decimal, not `6 tháng`
    ("Hợp tác với Cuba tháng đầu năm 2026.", None),                 # `Cuba`, not `ba`
])
def test_half_year_count_stands_alone(text, half):
    found = [e.text for e in find_time_expressions(text, 2026) if "tháng" in e.text and "năm" in e.text]
    assert found == ([half] if half else [])
