"""Which parts of which documents assign work (guide §3), on small documents written for these tests, not dev lines."""
from __future__ import annotations

from extractor import extract_text

DECISION = """THỦ TƯỚNG CHÍNH PHỦ
Số: 123/QĐ-TTg
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Hà Nội, ngày 15 tháng 4 năm 2025
QUYẾT ĐỊNH
Phê duyệt Kế hoạch chuyển đổi số ngành nông nghiệp
Điều 1. Phê duyệt Kế hoạch với các nội dung sau:
I. MỤC TIÊU
1. Bảo đảm 100% hồ sơ được số hóa.
2. Nâng cao năng lực quản lý của các cơ quan.
II. NỘI DUNG MÔ HÌNH
1. Trung tâm dữ liệu ngành vận hành hệ thống quản lý hồ sơ nông nghiệp.
2. Sở Nông nghiệp và Môi trường có trách nhiệm cập nhật dữ liệu hằng tháng.
III. NHIỆM VỤ VÀ GIẢI PHÁP
1. Rà soát, chuẩn hóa cơ sở dữ liệu về đất trồng lúa.
2. Giải pháp về huy động vốn
- Đầu tư hạ tầng công nghệ thông tin.
- Đào tạo cán bộ.
3. Xây dựng cổng thông tin nông nghiệp
- Đơn vị chủ trì: Bộ Nông nghiệp và Môi trường.
- Đơn vị phối hợp: Bộ Khoa học và Công nghệ.
- Thời gian hoàn thành: Quý III năm 2026.
IV. KINH PHÍ THỰC HIỆN
1. Bộ Tài chính bố trí kinh phí thực hiện Kế hoạch.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
"""


class _ByStart(dict):
    """Tasks by their words; a lookup by the opening words finds the one task that starts so."""

    def __getitem__(self, start: str):
        found = [t for k, t in self.items() if k.startswith(start)]
        assert len(found) == 1, (start, list(self))
        return found[0]


def _tasks(text: str):
    (doc,) = extract_text(text).documents
    return doc, _ByStart({" ".join(t.text.split()): t for t in doc.tasks})


def test_parts_that_assign_work_describe_or_state_goals():
    doc, tasks = _tasks(DECISION)
    assert not doc.normative
    texts = list(tasks)
    # goals and money give nothing; a part describing a model gives only what it assigns by name
    assert not [t for t in texts if t.startswith(("Bảo đảm 100%", "Nâng cao năng lực", "Bộ Tài chính bố trí"))]
    assert not [t for t in texts if t.startswith("Trung tâm dữ liệu ngành")]
    t = tasks["Sở Nông nghiệp và Môi trường có trách nhiệ"]
    assert t.lead == ["Sở Nông nghiệp và Môi trường"]
    # a part that assigns work: its items are tasks without an agency; a funding topic inside it is not
    assert tasks["Rà soát, chuẩn hóa cơ sở dữ liệu về đất tr"].lead == []
    assert not [t for t in texts if t.startswith(("Đầu tư hạ tầng", "Đào tạo cán bộ"))]


def test_labelled_fields_make_one_task():
    doc, tasks = _tasks(DECISION)
    t = tasks["Xây dựng cổng thông tin nông nghiệp"]
    assert (t.lead, t.coordinating, t.deadline) == (["Bộ Nông nghiệp và Môi trường"], ["Bộ Khoa học và Công nghệ"],
                                                    "2026-09-30")
    assert not [x for x in tasks if x.startswith(("Đơn vị chủ trì", "Thời gian hoàn thành"))]


REGULATION = """CHÍNH PHỦ
Số: 45/2025/NĐ-CP
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Hà Nội, ngày 10 tháng 3 năm 2025
NGHỊ ĐỊNH
Quy định về hỗ trợ đào tạo nghề cho lao động nông thôn
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Nghị định này quy định việc hỗ trợ đào tạo nghề cho lao động nông thôn.
Điều 2. Giải thích từ ngữ
1. Cơ sở đào tạo là cơ sở giáo dục nghề nghiệp được cấp phép.
Điều 3. Mức hỗ trợ
1. Người học được hỗ trợ tối đa 3 triệu đồng/khóa học.
Chương II
TRÌNH TỰ THỰC HIỆN
Điều 4. Trình tự, thủ tục
1. Người lao động nộp đơn đề nghị hỗ trợ tại Ủy ban nhân dân cấp xã.
2. Trong 05 ngày làm việc kể từ ngày nhận đủ hồ sơ, Ủy ban nhân dân cấp xã lập danh sách gửi Sở Lao động - Thương binh và Xã hội. Trong 03 ngày làm việc, Sở Lao động - Thương binh và Xã hội thẩm định danh sách.
3. Danh sách được niêm yết công khai tại trụ sở.
Chương III
TỔ CHỨC THỰC HIỆN
Điều 5. Trách nhiệm của Bộ Lao động - Thương binh và Xã hội
1. Hướng dẫn, kiểm tra việc thực hiện Nghị định này.
2. Được quyết định điều chỉnh mức hỗ trợ theo đề nghị của địa phương.
Điều 6. Trách nhiệm của người học
1. Tham gia đầy đủ chương trình đào tạo.
Điều 7. Hiệu lực thi hành
1. Nghị định này có hiệu lực thi hành từ ngày 01 tháng 5 năm 2025.
2. Các Bộ trưởng, Chủ tịch Ủy ban nhân dân các tỉnh chịu trách nhiệm thi hành Nghị định này.
3. Các bộ, cơ quan ngang bộ chịu trách nhiệm triển khai thi hành Nghị định này.
"""


def test_rules_bind_the_bodies_they_name():
    doc, tasks = _tasks(REGULATION)
    assert doc.normative
    texts = list(tasks)
    # definitions, amounts, a citizen's step, a passive rule, rights and the formal articles give nothing
    for start in ("Nghị định này quy định", "Cơ sở đào tạo là", "Người học được", "Người lao động nộp",
                  "Danh sách được niêm yết", "Được quyết định", "Tham gia đầy đủ", "Các Bộ trưởng",
                  "Các bộ, cơ quan ngang bộ chịu"):
        assert not [t for t in texts if t.startswith(start)], start
    # a step naming two bodies in turn: both lead; a time clause before the subject does not hide it
    t = tasks["Trong 05 ngày làm việc kể từ ngày nhận đủ"]
    assert t.lead == ["Ủy ban nhân dân cấp xã", "Sở Lao động - Thương binh và Xã hội"]
    assert t.deadline is None
    # a duty under a heading that names its holder
    assert tasks["Hướng dẫn, kiểm tra việc thực hiện Nghị đị"].lead == ["Bộ Lao động - Thương binh và Xã hội"]
    assert len(doc.tasks) == 2


def test_points_written_inline_are_tasks_of_their_own():
    text = DECISION.replace(
        "1. Rà soát, chuẩn hóa cơ sở dữ liệu về đất trồng lúa.",
        "1. Từ năm 2026, Bộ Nông nghiệp và Môi trường thực hiện: (1) Cập nhật bản đồ đất; (2) Công bố dữ liệu mở;\n"
        "(3) Kết nối với Cổng dữ liệu quốc gia.")
    doc, tasks = _tasks(text)
    points = [t for t in doc.tasks if t.section.endswith("III.1")]
    assert [" ".join(t.text.split()).rstrip(";.") for t in points] == [
        "Cập nhật bản đồ đất", "Công bố dữ liệu mở", "Kết nối với Cổng dữ liệu quốc gia"]
    assert all(t.lead == ["Bộ Nông nghiệp và Môi trường"] and t.recurrence_start == "2026-01-01" for t in points)


def test_closing_clause_on_amending_the_document_is_not_a_task():
    text = DECISION.replace("Điều 2. Quyết định này", "Trong quá trình thực hiện, nếu thấy cần sửa đổi, bổ sung nội "
                            "dung Kế hoạch, các bộ, ngành chủ động đề xuất gửi Bộ Nông nghiệp và Môi trường.\n"
                            "Điều 2. Quyết định này")
    doc, tasks = _tasks(text)
    assert not [t for t in tasks if t.startswith("Trong quá trình thực hiện")]


def test_lead_spans_point_at_the_words():
    doc, tasks = _tasks(REGULATION)
    t = tasks["Trong 05 ngày làm việc kể từ ngày nhận đủ"]
    ex_text = extract_text(REGULATION).text.text
    assert [ex_text[s.start:s.end] for s in t.lead_spans] == ["Ủy ban nhân dân cấp xã",
                                                              "Sở Lao động - Thương binh và Xã hội"]


def test_an_accountability_sentence_after_a_step_does_not_undo_it():
    text = REGULATION.replace(
        "3. Danh sách được niêm yết công khai tại trụ sở.",
        "3. Ủy ban nhân dân cấp xã gửi danh sách đến Sở Tài chính để tổng hợp. Ủy ban nhân dân cấp xã chịu trách nhiệm "
        "về tính chính xác của danh sách.\n4. Sở Tài chính chịu trách nhiệm về tính chính xác của số liệu tổng hợp.")
    doc, tasks = _tasks(text)
    assert tasks["Ủy ban nhân dân cấp xã gửi danh sách"].lead == ["Ủy ban nhân dân cấp xã"]
    assert not [t for t in tasks if t.startswith("Sở Tài chính chịu trách nhiệm")]


def test_a_subject_list_runs_past_the_names_no_recogniser_took():
    text = REGULATION.replace(
        "Điều 6. Trách nhiệm của người học",
        "Điều 6. Phối hợp thực hiện\nỦy ban nhân dân cấp xã, Hội Nông dân Việt Nam, tổ chức đại diện của hợp tác xã "
        "và các tổ chức xã hội khác ở cơ sở tham gia tuyên truyền, vận động người học.\n"
        "Điều 7. Trách nhiệm của người học")
    doc, tasks = _tasks(text)
    t = tasks["Ủy ban nhân dân cấp xã, Hội Nông dân"]
    assert t.lead == ["Ủy ban nhân dân cấp xã", "Hội Nông dân Việt Nam", "tổ chức đại diện của hợp tác xã",
                      "các tổ chức xã hội khác ở cơ sở"]


def test_a_rule_that_sets_a_day_for_work_is_a_task():
    text = REGULATION.replace(
        "Điều 5. Trách nhiệm", "Điều 5a. Thời hạn\nThời gian thực hiện chi trả hỗ trợ hoàn thành chậm nhất vào ngày 30 "
        "tháng 9 năm 2025.\nĐiều 5. Trách nhiệm")
    doc, tasks = _tasks(text)
    t = tasks["Thời gian thực hiện chi trả hỗ trợ"]
    assert (t.lead, t.deadline) == ([], "2025-09-30")


def test_work_due_at_a_meeting_and_monthly_work_within_a_period():
    text = REGULATION.replace(
        "Điều 5. Trách nhiệm",
        "Điều 5a. Báo cáo\n1. Giao Bộ Lao động - Thương binh và Xã hội báo cáo kết quả thực hiện Nghị định này tại "
        "phiên họp tháng 12 năm 2025 của Chính phủ.\n2. Hằng tháng, trong thời gian từ ngày 01 tháng 4 năm 2025 đến "
        "hết ngày 31 tháng 3 năm 2026, Ủy ban nhân dân cấp xã cập nhật danh sách người học.\nĐiều 5. Trách nhiệm")
    doc, tasks = _tasks(text)
    assert tasks["Giao Bộ Lao động"].deadline == "2025-12-31"
    t = tasks["Hằng tháng, trong thời gian"]
    assert (t.lead, t.deadline, t.recurrence) == (["Ủy ban nhân dân cấp xã"], "2026-03-31", "monthly")


def test_bans_permissions_roles_and_violations_in_rules_are_not_tasks():
    text = REGULATION.replace(
        "Điều 5. Trách nhiệm",
        "Điều 5a. Quy định khác\n1. Cơ sở đào tạo thực hiện việc tuyển sinh không được thu thêm khoản phí nào của người "
        "học.\n2. Cơ sở đào tạo được quyết định hình thức đào tạo phù hợp.\n3. Phòng Lao động - Thương binh và Xã hội "
        "là cơ quan đầu mối tiếp nhận hồ sơ.\n4. Cơ sở đào tạo thực hiện hành vi vi phạm bị xử lý theo quy định.\n"
        "5. Cơ sở đào tạo gửi báo cáo kết quả đào tạo về Sở Lao động - Thương binh và Xã hội trước ngày 15 tháng 12 "
        "hằng năm.\n6. Đơn vị tiếp nhận báo cáo là Sở Lao động - Thương binh và Xã hội.\n"
        "7. Số tiền hỗ trợ đào tạo, bồi dưỡng là số tiền thực chi, gồm: học phí và tiền ăn. Đối với kinh phí được giao "
        "trong năm, các cơ sở đào tạo sử dụng và quyết toán theo chế độ quy định.\n"
        "8. Cơ quan tham gia cập nhật dữ liệu về người học được quyền khai thác dữ liệu thuộc phạm vi quản lý.\n"
        "9. Cơ sở giáo dục nghề nghiệp, cơ sở hoạt động giáo dục nghề nghiệp bị thu hồi giấy phép thì bị thu hồi các "
        "giấy chứng nhận đã cấp.\n"
        "Điều 5. Trách nhiệm")
    doc, tasks = _tasks(text)
    section = [t for t in doc.tasks if "Điều 5a" in t.section]
    assert [(" ".join(t.text.split())[:28], t.lead, t.recurrence) for t in section] == [
        ("Cơ sở đào tạo gửi báo cáo kế", ["cơ sở đào tạo"], "yearly")]


def test_a_clause_opening_with_a_case_or_an_act_is_no_body():
    from extractor.tasks import with_actors
    text = ("Trong 05 ngày làm việc, cơ quan thuế trả lời người nộp thuế. Trường hợp không hoàn thuế, cơ quan thuế "
            "thông báo bằng văn bản. Ban hành quy chế phối hợp. Cơ sở giáo dục nghề nghiệp gửi báo cáo về Sở.")
    found = [m.text for m in with_actors(text, [])]
    assert found == ["cơ quan thuế", "cơ quan thuế", "Cơ sở giáo dục nghề nghiệp"]


def test_items_of_a_list_of_cases_papers_kinds_or_bans_are_no_work():
    text = REGULATION.replace("Điều 5. Trách nhiệm", """Điều 4a. Hồ sơ và trường hợp
1. Hồ sơ đề nghị hỗ trợ bao gồm:
a) Đơn đề nghị hỗ trợ theo Mẫu số 01;
b) Bản sao giấy chứng nhận đăng ký hộ kinh doanh.
2. Quy định tại Điều này không áp dụng đối với các trường hợp sau:
a) Doanh nghiệp nhỏ và vừa tổ chức đào tạo nghề cho lao động của mình;
b) Cơ sở đào tạo thực hiện đào tạo theo đơn đặt hàng của doanh nghiệp.
3. Cơ sở đào tạo không được:
a) Thu học phí vượt mức quy định;
b) Cấp chứng chỉ cho người không tham gia đủ thời gian học.
4. Cơ sở đào tạo có trách nhiệm sau:
a) Lập danh sách người học gửi Ủy ban nhân dân cấp xã;
b) Báo cáo kết quả đào tạo về Sở Lao động - Thương binh và Xã hội.
5. Phát triển mạng lưới cơ sở đào tạo bao gồm 02 đối tượng thực hiện:
a) Sở Lao động - Thương binh và Xã hội rà soát mạng lưới cơ sở đào tạo trên địa bàn;
b) Ủy ban nhân dân cấp huyện đề xuất nhu cầu đào tạo của địa phương.
Điều 5. Trách nhiệm""")
    doc, tasks = _tasks(text)
    section = [(t.section, " ".join(t.text.split())[:24], t.lead) for t in doc.tasks if "Điều 4a" in t.section]
    assert section == [
        ("III.Điều 4a.4.a", "Lập danh sách người học ", ["cơ sở đào tạo"]),
        ("III.Điều 4a.4.b", "Báo cáo kết quả đào tạo ", ["cơ sở đào tạo"]),
        ("III.Điều 4a.5.a", "Sở Lao động - Thương bin", ["Sở Lao động - Thương binh và Xã hội"]),
        ("III.Điều 4a.5.b", "Ủy ban nhân dân cấp huyệ", ["Ủy ban nhân dân cấp huyện"])]


def test_a_body_named_by_a_head_noun_keeps_its_qualifiers_up_to_the_predicate():
    from extractor.tasks import with_actors
    found = [[m.text for m in with_actors(t, [])] for t in (
        "Trường hợp hồ sơ phức tạp, cơ quan cấp giấy phép hoạt động điện lực phải thông báo bằng văn bản.",
        "Trong thời hạn 03 ngày làm việc, cơ sở giam giữ phạm nhân tổ chức đưa phạm nhân về trại.",
        "Cơ quan thống kê cấp huyện áp dụng bộ tiêu chí đánh giá.",
        "Đơn vị sự nghiệp công lập lập dự toán thu, chi hằng năm.",
        "Quỹ thực hiện quản lý lao động theo quy định.",
        "Khối lượng hàng hóa là khối lượng đã vận chuyển. Đơn vị tính khối lượng hàng hóa là tấn.",
        "Quỹ đạo bay của tàu bay bị ảnh hưởng bởi pháo hoa.")]
    assert found == [["cơ quan cấp giấy phép hoạt động điện lực"], ["cơ sở giam giữ phạm nhân"],
                     ["Cơ quan thống kê cấp huyện"], ["Đơn vị sự nghiệp công lập"], [], [], []]


def test_a_line_ending_on_a_link_word_runs_on_into_the_next():
    # a gazette line wraps inside a name after `và`; the next line opens with a capital but is the same sentence
    text = REGULATION.replace("Điều 6. Trách nhiệm của người học", """Điều 5a. Trách nhiệm của các cơ quan khác
1. Bộ Quốc phòng, Bộ Công an, Bộ Y tế và Viện Hàn lâm Khoa học và
Công nghệ Việt Nam chỉ đạo các đơn vị trực thuộc tổ chức đào tạo nghề cho lao động
nông thôn theo địa bàn được phân công.
Điều 6. Trách nhiệm của người học""")
    doc, tasks = _tasks(text)
    t = tasks["Bộ Quốc phòng, Bộ Công an, Bộ Y tế và Viện"]
    assert t.lead == ["Bộ Quốc phòng", "Bộ Công an", "Bộ Y tế", "Viện Hàn lâm Khoa học và Công nghệ Việt Nam"]


def test_worked_examples_and_formulas_are_no_work():
    text = REGULATION.replace("Điều 5. Trách nhiệm", """Điều 4b. Chi trả hỗ trợ
1. Mức hỗ trợ bình quân tính theo công thức sau: M = T / N.
2. Trường hợp người học tham gia hai khóa học, Sở Lao động - Thương binh và Xã hội chi trả cho người học là: 2.000.000 + 1.000.000 = 3.000.000 đồng.
3. Sở Lao động - Thương binh và Xã hội chi trả hỗ trợ cho người học trong 10 ngày làm việc.
4. Khi nhận tiền hỗ trợ, cơ sở đào tạo ghi Nợ TK 112, ghi Có TK 511.
Điều 5. Trách nhiệm""")
    doc, tasks = _tasks(text)
    assert [" ".join(t.text.split())[:30] for t in doc.tasks if "Điều 4b" in t.section] == [
        "Sở Lao động - Thương binh và X"]
