"""Tables written as text: the Chỉ thị 23 appendix, the 000 target tables and the 004 status table."""
from extractor.parsers.tables import find_tables


def test_chi_thi_23_appendix_rows(corpus):
    doc = corpus("001").documents[0]
    assert len(doc.tables) == 1
    tb = doc.tables[0]
    assert tb.header == ["TT", "Nhiệm vụ", "Thời gian", "Cơ quan chủ trì", "Cơ quan phối hợp"]
    assert tb.section == "Phụ lục"
    # 36 task rows under 7 group rows; the header repeated after each page break is gone
    assert len(tb.rows) == 36
    assert tb.groups == [
        "I. VỀ CÔNG TÁC CHỈ ĐẠO, TỔ CHỨC THỰC HIỆN", "II. VỀ CẢI CÁCH THỂ CHẾ", "III. VỀ CẢI CÁCH THỦ TỤC HÀNH CHÍNH",
        "IV. VỀ CẢI CÁCH TỔ CHỨC BỘ MÁY HÀNH CHÍNH NHÀ NƯỚC", "V. VỀ CẢI CÁCH CHẾ ĐỘ CÔNG VỤ",
        "VI. VỀ CẢI CÁCH TÀI CHÍNH CÔNG", "VII. VỀ XÂY DỰNG, PHÁT TRIỂN CHÍNH PHỦ ĐIỆN TỬ, CHÍNH PHỦ SỐ"]
    assert not any(r.cells[0] == "TT" for r in tb.rows)
    first = tb.rows[0]
    assert first.group == "I. VỀ CÔNG TÁC CHỈ ĐẠO, TỔ CHỨC THỰC HIỆN"
    assert first.cells[0] == "1."
    assert first.cells[1].startswith("- Các bộ, ngành, địa phương căn cứ vào điều kiện thực tiễn")
    assert first.cells[2:] == ["Tháng 9/2021", "Các bộ, ngành, địa phương", "Bộ Nội vụ"]
    row = next(r for r in tb.rows if r.cells[1].startswith("Nghiên cứu, đề xuất sửa đổi Luật Lưu trữ"))
    assert row.cells == ["4.", "Nghiên cứu, đề xuất sửa đổi Luật Lưu trữ.", "Năm 2021 - 2022", "Bộ Nội vụ",
                         "Các bộ, ngành, địa phương"]
    assert row.group == "VII. VỀ XÂY DỰNG, PHÁT TRIỂN CHÍNH PHỦ ĐIỆN TỬ, CHÍNH PHỦ SỐ"
    assert tb.rows[-1].cells[2:4] == ["Năm 2021 và các năm tiếp theo", "Các bộ, ngành, địa phương"]


def test_to_frame_of_the_appendix(corpus):
    frame = corpus("001").documents[0].tables[0].to_frame()
    assert list(frame.columns) == ["group", "TT", "Nhiệm vụ", "Thời gian", "Cơ quan chủ trì", "Cơ quan phối hợp"]
    assert frame.shape == (36, 6)
    assert frame.loc[3, "group"] == "II. VỀ CẢI CÁCH THỂ CHẾ"
    assert frame.loc[3, "Thời gian"] == "Năm 2021"
    assert frame.loc[3, "Cơ quan chủ trì"] == "Bộ Lao động - Thương binh và Xã hội"


def test_row_broken_by_a_page_break_is_one_row(corpus):
    tables = corpus("000").documents[0].tables
    assert [len(t.rows) for t in tables] == [11, 4]
    row8 = tables[0].rows[7]
    assert row8.cells[0] == "8."
    assert row8.cells[1].endswith("ban hành quy chế khai thác, sử dụng, kết nối, tích hợp, chia sẻ, tiếp nhận thông tin, "
                                  "dữ liệu phục vụ chỉ đạo, điều hành trên môi trường điện tử.")
    assert row8.cells[2:] == ["%", "100"]
    assert tables[1].rows[1].cells == ["2.", "Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa.", "%", "Tối thiểu 50"]


def test_two_row_header_and_repeated_header_dropped(corpus):
    tb = next(t for t in corpus("004").documents[0].tables if t.header and t.header[0] == "TT")
    assert tb.header[2] == "Chế độ báo cáo (CĐBC) định kỳ thuộc phạm vi quản lý / Tổng số CĐBC"
    assert tb.header[3] == "Chế độ báo cáo (CĐBC) định kỳ thuộc phạm vi quản lý / Báo cáo TTgCP, CP, QH..."
    assert tb.rows[0].cells[:3] == ["", "Tổng: 22 bộ, CQ + 63 ĐP", "2.552"]
    assert tb.rows[2].cells[:7] == ["1", "Bộ Công an", "04", "04", "0", "0", "00/04"]
    assert not any(r.cells[:1] == ["TT"] or r.cells[2:3] == ["Tổng số CĐBC"] for r in tb.rows)
    assert tb.rows[-1].cells[:2] == ["63", "Yên Bái"]


def test_pipe_tables():
    text = "| STT | Chỉ tiêu | Đơn vị |\n|---|---|---|\n| 1 | Tỷ lệ hồ sơ trực tuyến | % |\n| 2 | Số doanh nghiệp | doanh nghiệp |\n"
    (tb,) = find_tables(text)
    assert tb.header == ["STT", "Chỉ tiêu", "Đơn vị"]
    assert [r.cells for r in tb.rows] == [["1", "Tỷ lệ hồ sơ trực tuyến", "%"], ["2", "Số doanh nghiệp", "doanh nghiệp"]]


def test_indented_lines_are_not_a_table():
    assert find_tables(" \tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n \tSố: 1250/VPCP-KSTT\n\tHà Nội, ngày 25 tháng 02 năm 2021\n") == []
