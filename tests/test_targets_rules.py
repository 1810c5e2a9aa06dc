"""Texts that set rules, report or record (guide §4): their rates, amounts, fines, thresholds, time limits, staffing rules
and worked examples are not targets; only an explicit goal (`mục tiêu … đạt …`, `phấn đấu …`) is. Written for the test
in the style of real decrees, circulars, consolidated texts and forms."""
from extractor import extract_text

DECREE = """CHÍNH PHỦ
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 45/2024/NĐ-CP
Hà Nội, ngày 20 tháng 4 năm 2024

NGHỊ ĐỊNH
Quy định chính sách hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số

Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;

Chính phủ ban hành Nghị định quy định chính sách hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số.

Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Nghị định này quy định chính sách hỗ trợ doanh nghiệp nhỏ và vừa có từ 10 lao động trở lên.
Điều 2. Mục tiêu
Chính sách nhằm mục tiêu đến năm 2030 tỷ lệ doanh nghiệp nhỏ và vừa ứng dụng nền tảng số đạt tối thiểu 60%.
Chương II
CHÍNH SÁCH HỖ TRỢ
Điều 3. Mức hỗ trợ
1. Hỗ trợ 50% chi phí thuê giải pháp chuyển đổi số, tối đa 100 triệu đồng/doanh nghiệp/năm.
2. Doanh nghiệp có doanh thu không quá 10 tỷ đồng được giảm 30% lệ phí đăng ký.
3. Mức đóng bằng 4,5% quỹ tiền lương tháng.
Điều 4. Trình tự, thủ tục
1. Trong thời hạn 05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ, Sở Tài chính thẩm định và trình Ủy ban nhân dân cấp tỉnh.
2. Hội đồng thẩm định gồm ít nhất 05 thành viên, trong đó có ít nhất 01 chuyên gia công nghệ thông tin.
3. Quyết định của Hội đồng được thông qua khi có ít nhất 2/3 số thành viên tán thành.
4. Tỷ lệ vốn góp của nhà đầu tư nước ngoài không quá 49% vốn điều lệ.
Điều 5. Xử lý vi phạm
Phạt tiền từ 10.000.000 đồng đến 20.000.000 đồng đối với hành vi kê khai không trung thực.
Ví dụ: Doanh nghiệp A có chi phí 200 triệu đồng thì được hỗ trợ 50% là 100 triệu đồng.
Điều 6. Hiệu lực thi hành
Nghị định này có hiệu lực từ ngày 01 tháng 6 năm 2024.

TM. CHÍNH PHỦ
KT. THỦ TƯỚNG
PHÓ THỦ TƯỚNG

Trần Hồng Hà
"""


def test_a_decree_sets_rules_and_one_explicit_goal():
    (doc,) = extract_text(DECREE).documents
    assert doc.normative
    assert [(t.indicator, t.unit, t.value, t.comparator, t.year) for t in doc.targets] == [
        ("Tỷ lệ doanh nghiệp nhỏ và vừa ứng dụng nền tảng số", "%", 60, ">=", 2030)]


CIRCULAR = """BỘ GIÁO DỤC VÀ ĐÀO TẠO
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 12/2023/TT-BGDĐT
Hà Nội, ngày 10 tháng 7 năm 2023

THÔNG TƯ
Ban hành quy chế thi tốt nghiệp trung học phổ thông

Điều 1. Chỉ tiêu tuyển sinh
1. Mỗi lớp có tối đa 35 học sinh.
2. Thí sinh đạt từ 5,0 điểm trở lên được công nhận tốt nghiệp; tỷ lệ câu hỏi vận dụng chiếm từ 20% - 30%.
3. Thời gian làm bài thi môn Ngữ văn là 120 phút.
Điều 2. Mục tiêu đào tạo
Học sinh hoàn thành chương trình đạt tối thiểu 80% số tiết học.

KT. BỘ TRƯỞNG
THỨ TRƯỞNG

Phạm Ngọc Thưởng
"""


def test_a_circular_headings_define_terms_not_levels():
    (doc,) = extract_text(CIRCULAR).documents
    assert doc.normative and doc.targets == []


CONSOLIDATED = """VĂN BẢN HỢP NHẤT

QUYẾT ĐỊNH
Về việc thực hiện chính sách hỗ trợ người lao động

Điều 1. Mức hỗ trợ
1. Người lao động được hỗ trợ 1.000.000 đồng/người/tháng.
2. Thời gian hỗ trợ tối đa 06 tháng.
3. Tỷ lệ hỗ trợ bằng 50% mức lương tối thiểu vùng.
"""


def test_a_consolidated_text_read_as_another_kind_still_sets_rules():
    (doc,) = extract_text(CONSOLIDATED).documents
    assert doc.targets == []


FORM = """BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 18/BC-LĐTBXH
Hà Nội, ngày 05 tháng 02 năm 2024

BÁO CÁO
Kết quả thực hiện chính sách việc làm năm 2023

1. Năm 2023, cả nước tạo việc làm cho 1,6 triệu lao động, đạt 104% kế hoạch.
2. Tỷ lệ lao động qua đào tạo đạt 68%.
3. Năm 2024, phấn đấu tỷ lệ thất nghiệp ở khu vực thành thị dưới 4%.

Người lập biểu: ……………………
Ký tên: ……………………
Ngày: ……………………
"""


def test_a_report_gives_only_its_explicit_goals():
    (doc,) = extract_text(FORM).documents
    assert [(t.indicator, t.value, t.comparator, t.year) for t in doc.targets] == [
        ("Tỷ lệ thất nghiệp ở khu vực thành thị", 4, "<", 2024)]


def test_a_goal_part_of_a_rule_sets_levels_for_the_horizon_it_names():
    text = DECREE.replace("Điều 6. Hiệu lực thi hành", "Điều 6. Mục tiêu cụ thể\nĐến năm 2028, 100% hồ sơ hỗ trợ được "
                                                        "giải quyết trực tuyến.\nĐiều 7. Hiệu lực thi hành")
    (doc,) = extract_text(text).documents
    assert [(t.value, t.year) for t in doc.targets] == [(60, 2030), (100, 2028)]


def test_a_definition_is_not_a_level():
    text = DECREE.replace("Điều 6. Hiệu lực thi hành", "Điều 6. Mục tiêu hỗ trợ\n1. Hộ có thu nhập thấp giai đoạn "
                                                        "2024 - 2026\n- Là hộ gia đình có thu nhập bình quân từ "
                                                        "1.500.000 đồng trở xuống.\nĐiều 7. Hiệu lực thi hành")
    (doc,) = extract_text(text).documents
    assert [(t.value, t.year) for t in doc.targets] == [(60, 2030)]


def test_report_forms_and_code_lists_in_an_appendix_set_no_targets():
    # a financial report form (its year columns left for the reporter to fill) and a list of coded indicators
    text = DECREE + """
Phụ lục I
(Kèm theo Nghị định số 45/2024/NĐ-CP ngày 20 tháng 4 năm 2024 của Chính phủ)
BÁO CÁO LƯU CHUYỂN TIỀN TỆ
TT\tChỉ tiêu\tMã số\tThuyết minh\tNăm 20X2\tNăm 20X1
1\tDoanh thu hoạt động\t401\tTM12\t1.250\t1.100
2\tChi phí khấu hao\t413\t\t320\t300
Phụ lục II
DANH MỤC CHỈ TIÊU THỐNG KÊ
STT\tMã số\tChỉ tiêu\tLộ trình thực hiện
1\t0101\tSố doanh nghiệp nhỏ và vừa được hỗ trợ\t0102
2\t0103\tTỷ lệ doanh nghiệp ứng dụng nền tảng số\t0104
"""
    (doc,) = extract_text(text).documents
    assert len(doc.tables) == 2
    assert [(t.indicator, t.value, t.year) for t in doc.targets] == [
        ("Tỷ lệ doanh nghiệp nhỏ và vừa ứng dụng nền tảng số", 60, 2030)]
