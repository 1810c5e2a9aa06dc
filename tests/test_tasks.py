"""Tasks (guide §3) on the corpus: segmentation, lead and coordinating agencies, deadlines, action, provenance."""
import re

from extractor import extract_text
from extractor.output import to_dict
from extractor.tasks import action_phrase, roles


def task(doc, start, section=None):
    found = [t for t in doc.tasks if " ".join(t.text.split()).startswith(start) and (section is None or t.section == section)]
    assert len(found) == 1, [t.text[:60] for t in found]
    return found[0]


def test_task_counts_per_document(corpus):
    # the number of tasks each document's gold file lists (../shared/gold), read by hand against the guide
    counts = [len(d.tasks) for p in ("000", "001", "002", "003", "005") for d in corpus(p).documents]
    assert counts == [17, 48, 49, 0, 52, 13, 67]


def test_chu_tri_phoi_hop_and_deadline(corpus):
    t = task(corpus("002").documents[0], "Bộ Công an chủ trì, phối hợp với Bộ Nội vụ")
    assert (t.section, t.lead, t.coordinating) == ("III.1.b", ["Bộ Công an"],
                                                   ["Bộ Nội vụ", "Văn phòng Chính phủ", "các bộ, cơ quan liên quan"])
    assert (t.deadline, t.deadline_text, t.recurrence) == ("2025-06-30", "hoàn thành trong tháng 6 năm 2025", None)


def test_heading_that_only_names_the_agency_gives_it_to_the_items(corpus):
    doc = corpus("002").documents[0]
    assert not [t for t in doc.tasks if t.text.strip().rstrip(":") == "Văn phòng Chính phủ"]
    t = task(doc, "Khẩn trương hoàn thiện, trình Chính phủ ban hành trong Quý II năm 2025")
    assert (t.lead, t.deadline, t.status_hint, t.action) == (["Văn phòng Chính phủ"], "2025-06-30", "khẩn trương",
                                                              "hoàn thiện, trình")
    t = task(doc, "Chủ trì, phối hợp với Bộ Công an và các bộ, ngành có liên quan nghiên cứu")
    assert (t.section, t.lead, t.coordinating) == ("III.2.d", ["Văn phòng Chính phủ"],
                                                   ["Bộ Công an", "các bộ, ngành có liên quan"])


def test_enumerations_and_inline_points(corpus):
    doc = corpus("000").documents[0]
    t = task(doc, "05 tỉnh, thành phố (gồm: Hà Nội")
    assert t.lead == ["Ủy ban nhân dân thành phố Hà Nội", "Ủy ban nhân dân Thành phố Hồ Chí Minh",
                      "Ủy ban nhân dân tỉnh Bình Dương", "Ủy ban nhân dân tỉnh Quảng Ninh", "Ủy ban nhân dân tỉnh Bắc Ninh"]
    one, two = [t for t in doc.tasks if t.section == "I.2.c"]
    assert one.text.startswith("Nghiên cứu, kiến nghị sửa đổi") and two.text.startswith("Nâng cấp, hoàn thiện")
    assert one.lead == two.lead and len(one.lead) == 12
    assert one.lead[0] == "Bộ Công Thương" and one.lead[-1] == "Bộ Văn hóa, Thể thao và Du lịch"
    # a heading `Nhiệm vụ giao bộ, ngành, địa phương tại …` gives its agencies to a) … đ)
    assert [t.lead for t in doc.tasks if t.section.startswith("I.1.")] == [["bộ, ngành, địa phương"]] * 5


def test_role_phrases_in_the_subject(corpus):
    t = task(corpus("001").documents[0], "Bộ trưởng, Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ và Chủ tịch")
    assert t.lead == ["các bộ, cơ quan ngang bộ", "cơ quan thuộc Chính phủ",
                      "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"]


def test_continuation_paragraph_with_a_new_agency_is_a_new_task(corpus):
    doc = corpus("001").documents[0]
    t = task(doc, "Giao Bộ Nội vụ chủ trì")
    assert (t.section, t.lead, t.coordinating[:2]) == ("6", ["Bộ Nội vụ"], ["Văn phòng Chính phủ", "Bộ Tư pháp"])
    assert not [t for t in doc.tasks if "chịu trách nhiệm thi hành" in t.text and t.text.startswith("Các Bộ trưởng")]


def test_appendix_table_rows_are_tasks(corpus):
    doc = corpus("001").documents[0]
    rows = [t for t in doc.tasks if t.source == "table"]
    assert len(rows) == 36
    t = next(t for t in rows if t.section == "Phụ lục.II.1")
    assert (t.lead, t.coordinating, t.deadline) == (["Bộ Lao động - Thương binh và Xã hội"], ["các bộ, ngành, địa phương"],
                                                    "2021-12-31")
    t = next(t for t in rows if t.section == "Phụ lục.I.2")
    assert (t.deadline, t.deadline_text, t.recurrence, t.recurrence_start) == (
        None, "Năm 2021 và các năm tiếp theo", "yearly", "2021-01-01")
    t = next(t for t in rows if t.section == "Phụ lục.VII.4")
    assert (t.text, t.deadline, t.deadline_text) == ("Nghiên cứu, đề xuất sửa đổi Luật Lưu trữ.", "2022-12-31", "Năm 2021 - 2022")


def test_gazette_fragment_table_rows(corpus):
    doc = corpus("005").documents[0]
    rows = [t for t in doc.tasks if t.source == "table"]
    assert len(rows) == 29
    t = rows[4]
    assert t.text.startswith("Xây dựng Đề án về đổi mới, nâng cao hiệu quả công tác truyền thông")
    assert (t.lead, t.coordinating, t.deadline, t.deadline_text) == (
        ["Bộ Tài chính"], ["Bộ Y tế", "cơ quan, đơn vị liên quan"], "2027-03-31", "Quý I/2027")
    t = rows[21]
    assert (t.lead, t.recurrence, t.deadline_text) == (["Bộ Tài chính"], "yearly", "Hằng năm, thường xuyên")


def test_intro_paragraph_gives_its_agencies(corpus):
    doc = corpus("005").documents[0]
    t = task(doc, "Đổi mới nội dung, hình thức, phương thức thông tin", "II.1")
    assert t.lead == ["các bộ, cơ quan ngang bộ", "cơ quan thuộc Chính phủ",
                      "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"]


def test_no_tasks_from_goals_requirements_recipients_or_formal_articles(corpus):
    for prefix in ("001", "002", "005"):
        for doc in corpus(prefix).documents:
            for t in doc.tasks:
                words = " ".join(t.text.split())
                assert not re.search(r"(?:Quyết định|Chỉ thị|Nghị quyết) này có hiệu lực", words)
                assert not words.startswith(("Như Điều 3", "Lưu:", "Ban Bí thư Trung ương Đảng"))
    doc = corpus("002").documents[0]
    assert not [t for t in doc.tasks if t.section.startswith(("I.", "II."))]   # MỤC TIÊU, YÊU CẦU


def test_letter_addressees_lead_items_without_subject():
    ex = extract_text("VĂN PHÒNG CHÍNH PHỦ\nSố: 99/VPCP-KSTT\nV/v đôn đốc thực hiện\nHà Nội, ngày 02 tháng 3 năm 2024\n"
                      "Kính gửi: Bộ Tư pháp.\n\nVăn phòng Chính phủ đề nghị:\n"
                      "1. Rà soát các thủ tục hành chính, hoàn thành trước ngày 30 tháng 6 năm 2024.\n")
    doc = ex.documents[0]
    assert (doc.type, doc.number, doc.addressees) == ("Công văn", "99/VPCP-KSTT", ["Bộ Tư pháp"])
    (t,) = doc.tasks
    assert (t.lead, t.deadline, t.action) == (["Bộ Tư pháp"], "2024-06-30", "rà soát")


def test_roles_and_action_on_sentences():
    assert roles("Bộ Y tế chủ trì, phối hợp với Bộ Tài chính, Bộ Tư pháp xây dựng, trình Chính phủ dự thảo Nghị định") == (
        ["Bộ Y tế"], ["Bộ Tài chính", "Bộ Tư pháp"], True)
    assert roles("Phối hợp với Văn phòng Chính phủ nâng cấp cơ sở dữ liệu") == ([], ["Văn phòng Chính phủ"], False)
    assert action_phrase("Khẩn trương rà soát, công bố đầy đủ thủ tục hành chính nội bộ") == "rà soát, công bố"


def test_task_provenance_in_json(corpus):
    ex = corpus("002")
    data = to_dict(ex)
    src = ex.source.original
    tasks = data["documents"][0]["tasks"]
    assert len({t["id"] for t in tasks}) == len(tasks)
    for t in tasks:
        assert " ".join(src[t["start"]:t["end"]].replace("*", "").split()).startswith(t["text"][:40])


def test_subjects_through_office_holders_enumerations_and_assignment():
    cases = {
        "Yêu cầu Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương chỉ đạo rà soát":
            ["Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"],
        "Bộ trưởng Bộ Y tế chỉ đạo các đơn vị trực thuộc": ["Bộ Y tế"],
        "Các Bộ: Tài chính, Kế hoạch và Đầu tư, Công Thương theo chức năng, nhiệm vụ được giao hướng dẫn":
            ["Bộ Tài chính", "Bộ Kế hoạch và Đầu tư", "Bộ Công Thương"],
        # the one given the work leads it; an agency that directs others leads itself
        "Thủ tướng Chính phủ giao Bộ Xây dựng chủ trì, phối hợp với Bộ Tài nguyên và Môi trường nghiên cứu": ["Bộ Xây dựng"],
        "Ủy ban nhân dân tỉnh giao Sở Nội vụ chủ trì tham mưu": ["Sở Nội vụ"],
        "Thủ tướng Chính phủ yêu cầu Bộ Công an khẩn trương hoàn thành": ["Bộ Công an"],
    }
    for text, lead in cases.items():
        assert roles(text)[0] == lead, text
    assert action_phrase("Các Bộ: Tài chính, Công Thương theo chức năng, nhiệm vụ được giao hướng dẫn, kiểm tra",
                         35) == "hướng dẫn, kiểm tra"
