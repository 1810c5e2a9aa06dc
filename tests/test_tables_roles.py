"""Column roles from the header (data/table_columns.txt), table kinds, and the rows merged cells and page breaks make in tab tables."""
from extractor.model import Document, Text
from extractor.parsers.tables import bracket_unit, find_tables, header_year, label_role
from extractor.pipeline import extract_text
from extractor.task_tables import tasks_from_table


def test_label_roles_longest_label_wins():
    assert label_role("Cơ quan chủ trì thực hiện") == "lead"
    assert label_role("Cơ quan chủ trì soạn thảo") == "lead"
    assert label_role("Đơn vị phối hợp") == "coordinating"
    assert label_role("Nhiệm vụ chủ trì") == "task"          # not a lead column: the tasks an agency leads
    assert label_role("Thời hạn hoàn thành") == "time"
    assert label_role("Kết quả, sản phẩm") == "result"
    assert label_role("Tên chỉ tiêu") == "indicator"
    assert label_role("ĐVT") == "unit"
    assert label_role("Trích yếu nội dung") == "document"
    assert label_role("Ghi chú") == "note"
    assert label_role("Họ và tên") == "other" and label_role("Ngành nghề kinh doanh") is None
    assert label_role("Mã số thuế") == label_role("Mã số chỉ tiêu") == "code"
    # a label's role is the one it opens with: a time named inside another label is no time column
    assert label_role("Công lao động (giờ) không tính thời gian chạy máy") is None
    assert label_role("Tiêu chí đánh giá hoàn thành công việc") is None
    assert label_role("Nội dung chi") == "content"           # the work described, in words other tables use too
    assert label_role("Mục tiêu, tên chỉ tiêu") == "indicator"


def test_a_year_makes_a_value_column_unless_the_label_names_a_time_or_a_task():
    assert label_role("Chỉ tiêu kế hoạch năm 2026") == "value"
    assert label_role("Năm 2027") == "value"
    assert label_role("Mục tiêu 2026 - 2030") == "value"
    assert header_year("Mục tiêu 2026 - 2030") == 2030
    assert label_role("Nhiệm vụ năm 2026") == "task"
    assert label_role("Thời hạn năm 2026") == "time"


def _table(text):
    (tb,) = find_tables(text)
    return tb


def test_kinds_and_the_unit_or_agency_label():
    tasks = _table("TT\tNội dung công việc\tĐơn vị\tThời gian\n1\tCập nhật cơ sở dữ liệu\tSở Tư pháp\tQuý II/2026\n"
                   "2\tKiểm tra việc chứng thực\tPhòng Tư pháp các huyện\tQuý III/2026\n")
    assert (tasks.kind, tasks.roles) == ("tasks", ["number", "content", "lead", "time"])
    assert tasks.column("lead") == 2 and tasks.column("coordinating") is None
    # the same words over a budget: `Đơn vị` holds units of measure, `Nội dung chi` is no task
    budget = _table("STT\tNội dung chi\tĐơn vị\tDự toán được giao\n1\tChi tổ chức hội nghị\tTriệu đồng\t120\n"
                    "2\tChi mua sắm tài sản\tTriệu đồng\t450\n")
    assert (budget.kind, budget.roles[:3]) == ("", ["number", "content", "unit"])
    # a job's duties and the criteria of their completion are no task table
    duties = _table("TT\tMảng công việc\tCông việc cụ thể\tTiêu chí đánh giá hoàn thành công việc\n"
                    "1\tTham mưu xây dựng văn bản\tNghiên cứu, đề xuất văn bản\tVăn bản được ban hành đúng hạn\n")
    assert duties.kind == ""
    targets = _table("STT\tTên chỉ tiêu\tĐơn vị\tKế hoạch năm 2026\n1\tTỷ lệ xã đạt chuẩn nông thôn mới\t%\t75\n")
    assert (targets.kind, targets.roles, targets.years) == (
        "targets", ["number", "indicator", "unit", "value"], [None, None, None, 2026])
    # a table of indicators whose column names the agency that tracks each is still a table of targets (guide §3)
    tracked = _table("STT\tChỉ tiêu\tNăm 2025\tCơ quan chủ trì theo dõi\n1\tTỷ lệ che phủ rừng\t42%\tSở Nông nghiệp\n")
    assert tracked.kind == "targets" and tracked.column("lead") == 3
    docs = _table("TT\tTên văn bản\tTrích yếu\tGhi chú\n1\tThông tư số 05/2019/TT-BNV\tVề chế độ báo cáo\t\n")
    assert docs.kind == "documents"


def test_a_row_split_in_two_products_gives_two_tasks_with_their_own_deadlines():
    text = ("STT\tNhiệm vụ\tCơ quan chủ trì\tSản phẩm\tThời hạn\n"
            "1\tXây dựng cơ sở dữ liệu hộ tịch điện tử toàn quốc\tBộ Tư pháp\tĐề án được phê duyệt\tTháng 5/2026\n"
            "\t\t\tHệ thống vận hành chính thức\tTháng 11/2026\n"
            "2\tHướng dẫn các địa phương số hóa sổ hộ tịch\tBộ Tư pháp\tVăn bản hướng dẫn\tQuý I/2027\n")
    tb = _table(text)
    assert [r.cells for r in tb.rows] == [
        ["1", "Xây dựng cơ sở dữ liệu hộ tịch điện tử toàn quốc", "Bộ Tư pháp", "Đề án được phê duyệt", "Tháng 5/2026"],
        ["1", "Xây dựng cơ sở dữ liệu hộ tịch điện tử toàn quốc", "Bộ Tư pháp", "Hệ thống vận hành chính thức",
         "Tháng 11/2026"],
        ["2", "Hướng dẫn các địa phương số hóa sổ hộ tịch", "Bộ Tư pháp", "Văn bản hướng dẫn", "Quý I/2027"]]
    assert [r.parent for r in tb.rows] == [None, 0, None]
    # the sub-row's task cell points at the words it repeats
    assert tb.rows[1].cell_spans[1] == tb.rows[0].cell_spans[1]
    assert text[slice(*tb.rows[1].cell_spans[3])] == "Hệ thống vận hành chính thức"
    tasks = tasks_from_table(Text(text, text, [], text), Document(0, len(text), issued_date="2026-01-05"), tb)
    assert [(t.text[:20], t.lead, t.deadline) for t in tasks] == [
        ("Xây dựng cơ sở dữ li", ["Bộ Tư pháp"], "2026-05-31"), ("Xây dựng cơ sở dữ li", ["Bộ Tư pháp"], "2026-11-30"),
        ("Hướng dẫn các địa ph", ["Bộ Tư pháp"], "2027-03-31")]


def test_a_row_without_number_goes_on_from_the_row_above_only_when_its_words_do():
    tb = _table("STT\tNhiệm vụ\tCơ quan chủ trì\tThời gian\n"
                "1\tRà soát quy trình cấp phiếu lý lịch tư pháp,\tSở Tư pháp\tQuý III/2026\n"
                "\trút ngắn thời gian trả kết quả\t\t\n"
                "2\tCông khai thủ tục trên Cổng dịch vụ công\tVăn phòng\tThường xuyên\n"
                "\t\tChính phủ\t\n"
                "3\tTổng kết việc thực hiện Kế hoạch\tSở Tư pháp\tTháng 12/2026\n"
                "\t\t\tTháng 12 hằng năm\n")
    assert [r.cells for r in tb.rows] == [
        ["1", "Rà soát quy trình cấp phiếu lý lịch tư pháp, rút ngắn thời gian trả kết quả", "Sở Tư pháp",
         "Quý III/2026"],
        ["2", "Công khai thủ tục trên Cổng dịch vụ công", "Văn phòng Chính phủ", "Thường xuyên"],
        ["3", "Tổng kết việc thực hiện Kế hoạch", "Sở Tư pháp", "Tháng 12/2026"],
        ["3", "Tổng kết việc thực hiện Kế hoạch", "Sở Tư pháp", "Tháng 12 hằng năm"]]
    assert [r.parent for r in tb.rows] == [None, None, None, 2]


def test_breakdown_rows_and_units_in_brackets():
    tb = _table("STT\tChỉ tiêu\tNăm 2025\tNăm 2030\n"
                "1\tTốc độ tăng trưởng GRDP bình quân (%)\t7,5\t8\n"
                "2\tKim ngạch xuất khẩu (triệu USD)\t1.200\t2.000\n"
                "\tTrong đó: hàng nông sản (triệu USD)\t400\t600\n"
                "3\tXếp hạng chỉ số năng lực cạnh tranh (PCI)\t20\t10\n")
    assert [(r.cells[0], r.parent, r.unit) for r in tb.rows] == [
        ("1", None, "%"), ("2", None, "triệu USD"), ("2", 1, "triệu USD"), ("3", None, None)]
    assert bracket_unit("Tỷ lệ dân số tham gia bảo hiểm y tế (% dân số)") == "% dân số"
    assert bracket_unit("Chỉ số hài lòng về dịch vụ công (SIPAS)") is None
    assert bracket_unit("Số lượt khách du lịch (lượt)") == "lượt"


def test_task_table_in_a_document_gives_tasks_by_the_roles_of_its_columns():
    ex = extract_text("ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN\nSố: 15/KH-UBND\nLạng Sơn, ngày 12 tháng 01 năm 2026\nKẾ HOẠCH\n"
                      "Triển khai nhiệm vụ chuyển đổi số năm 2026\n"
                      "Phụ lục\n"
                      "TT\tNhiệm vụ chủ trì\tĐơn vị\tĐơn vị phối hợp\tThời gian hoàn thành\n"
                      "1\tTriển khai nền tảng họp trực tuyến đến cấp xã\tSở Khoa học và Công nghệ\t"
                      "(1) Văn phòng UBND tỉnh (2) UBND các huyện\tQuý II/2026\n")
    doc = ex.documents[0]
    (tb,) = doc.tables
    assert tb.roles == ["number", "task", "lead", "coordinating", "time"]
    (t,) = [t for t in doc.tasks if t.source == "table"]
    assert (t.text, t.lead, t.deadline) == (
        "Triển khai nền tảng họp trực tuyến đến cấp xã", ["Sở Khoa học và Công nghệ"], "2026-06-30")
    assert len(t.coordinating) == 2


def test_a_forms_placeholder_row_is_no_task():
    text = ("STT\tNội dung công việc\tĐơn vị thực hiện\tGiá trị\n1\t…\t…\t…\n2\t(2)\t\t\n"
            "3\tLập hồ sơ mời thầu\tBan Quản lý dự án\t120\n")
    tb = _table(text)
    tasks = tasks_from_table(Text(text, text, [], text), Document(0, len(text)), tb)
    assert [t.text for t in tasks] == ["Lập hồ sơ mời thầu"]
