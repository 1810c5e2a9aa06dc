"""Target tables (guide §4): indicator, unit and value columns, years from column headers, result and agency columns left
out, a unit in brackets ending the indicator, a ratio without unit, `Trong đó:` sub-rows, a row cut by a page break, the
basis a heading names, and the same target in prose and table kept once. Written for the test in the style of real
provincial plans."""
from extractor import extract_text

HEAD = ("ỦY BAN NHÂN DÂN\nTỈNH NINH BÌNH\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "---------------\nSố: 25/KH-UBND\nNinh Bình, ngày 10 tháng 01 năm 2025\n\nKẾ HOẠCH\n{title}\n\n")
FOOT = "\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nPhạm Quang Ngọc\n"

TABLE = ("STT\tChỉ tiêu\tĐơn vị tính\tThực hiện năm 2024\tKế hoạch năm 2025\tMục tiêu 2026 - 2030\tCơ quan theo dõi\n"
         "1\tTốc độ tăng trưởng GRDP bình quân/năm (%)\t\t7,2\t8,0\t≥ 10,0\tSở Kế hoạch và Đầu tư\n"
         "2\tHệ số ICOR\t\t5,1\t4,8\t4,5\tSở Kế hoạch và Đầu tư\n"
         "3\tGRDP bình quân đầu người\tUSD\t3.900\t4.300\t6.500\tCục Thống kê\n"
         "4\tTỷ lệ hộ nghèo theo chuẩn nghèo đa chiều, trong đó:\t%\t2,1\t1,5\t1,0\tSở Nội vụ\n"
         "\t- Khu vực nông thôn\t%\t3,0\t2,5\t1,5\tSở Nội vụ\n"
         "5\tSố doanh nghiệp thành lập mới trên địa bàn\tdoanh nghiệp\t1.200\t1.500\tPhấn đấu 2.000\tSở Tài chính\n"
         "\ttỉnh trong năm\t\t\t\t\t\n"
         "6\tTỷ lệ đô thị hóa (%)\t\t40\t42\tKhoảng 50\tSở Xây dựng\n")


def targets(text):
    (doc,) = extract_text(text).documents
    return doc.targets


def test_a_target_table_of_a_provincial_plan():
    found = targets(HEAD.format(title="Thực hiện Nghị quyết số 01/NQ-CP ngày 08 tháng 01 năm 2025 của Chính phủ")
                    + "I. MỤC ĐÍCH\nTriển khai đồng bộ.\nII. CÁC CHỈ TIÊU CHỦ YẾU\n" + TABLE
                    + "III. NHIỆM VỤ\n1. Các sở, ngành tập trung hoàn thành các chỉ tiêu nêu trên.\n" + FOOT)
    assert [(t.indicator, t.unit, t.value, t.comparator, t.year) for t in found] == [
        ("Tốc độ tăng trưởng GRDP bình quân/năm", "%", 8, "=", 2025),
        ("Tốc độ tăng trưởng GRDP bình quân/năm", "%", 10, ">=", 2030),
        ("Hệ số ICOR", None, 4.8, "=", 2025),
        ("Hệ số ICOR", None, 4.5, "=", 2030),
        ("GRDP bình quân đầu người", "USD", 4300, "=", 2025),
        ("GRDP bình quân đầu người", "USD", 6500, "=", 2030),
        ("Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều", "%", 1.5, "=", 2025),
        ("Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều", "%", 1, "=", 2030),
        ("Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều: Khu vực nông thôn", "%", 2.5, "=", 2025),
        ("Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều: Khu vực nông thôn", "%", 1.5, "=", 2030),
        ("Số doanh nghiệp thành lập mới trên địa bàn tỉnh trong năm", "doanh nghiệp", 1500, "=", 2025),
        ("Số doanh nghiệp thành lập mới trên địa bàn tỉnh trong năm", "doanh nghiệp", 2000, "=", 2030),
        ("Tỷ lệ đô thị hóa", "%", 42, "=", 2025),
        ("Tỷ lệ đô thị hóa", "%", 50, "=", 2030),
    ]   # the `Thực hiện năm 2024` column reports results; `Cơ quan theo dõi` names who tracks the row
    assert {t.basis for t in found} == {"01/NQ-CP"}       # the plan's title names the resolution it carries out
    assert {t.source for t in found} == {"table"}


def test_a_heading_names_the_basis_and_the_year_of_a_single_value_column():
    found = targets(HEAD.format(title="Cải cách hành chính năm 2025")
                    + "II. CHỈ TIÊU GIAO TẠI NGHỊ QUYẾT SỐ 76/NQ-CP\n"
                    + "TT\tTên chỉ tiêu\tĐơn vị\tMục tiêu\n1\tMức độ hài lòng của người dân\t%\tTối thiểu 90\n"
                    + "III. TỔ CHỨC THỰC HIỆN\nCác sở, ngành triển khai.\n" + FOOT)
    assert [(t.indicator, t.value, t.comparator, t.year, t.basis) for t in found] == [
        ("Mức độ hài lòng của người dân", 90, ">=", 2025, "76/NQ-CP")]


def test_the_same_target_in_prose_and_table_is_one():
    found = targets(HEAD.format(title="Chuyển đổi số năm 2025")
                    + "I. MỤC TIÊU\nTỷ lệ hồ sơ giải quyết trực tuyến đạt tối thiểu 80%.\n"
                    + "STT\tChỉ tiêu\tĐơn vị tính\tKế hoạch năm 2025\n1\tTỷ lệ hồ sơ giải quyết trực tuyến\t%\t"
                      "Tối thiểu 80\n" + "II. NHIỆM VỤ\nCác sở triển khai.\n" + FOOT)
    assert [(t.indicator, t.value, t.comparator, t.year, t.source) for t in found] == [
        ("Tỷ lệ hồ sơ giải quyết trực tuyến", 80, ">=", 2025, "table")]


def test_a_table_of_rates_in_a_decree_sets_no_targets():
    text = ("CHÍNH PHỦ\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\n"
            "Số: 12/2024/NĐ-CP\nHà Nội, ngày 05 tháng 02 năm 2024\n\nNGHỊ ĐỊNH\nQuy định mức trợ cấp\n\n"
            "Điều 1. Mức trợ cấp\nSTT\tNội dung\tMức năm 2024\n1\tTỷ lệ tổn thương cơ thể từ 21% - 40%\t1.500.000\n"
            "2\tTỷ lệ tổn thương cơ thể từ 41% - 60%\t2.100.000\n"
            "Điều 2. Hiệu lực thi hành\nNghị định này có hiệu lực từ ngày ký.\n\nTM. CHÍNH PHỦ\nTHỦ TƯỚNG\n\n"
            "Phạm Minh Chính\n")
    assert targets(text) == []
