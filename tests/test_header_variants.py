"""Headers as other sources lay them out: a web page's table cells one per line, a PDF that broke letters and dashes.
The texts in tests/data are short reconstructions of provincial documents in those layouts."""
from pathlib import Path

import pytest

from extractor import extract_file

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("name,expected", [
    ("header_cells_binhthuan.txt", dict(
        number="34/2024/QĐ-UBND", type="Quyết định", issuer="Ủy ban nhân dân tỉnh Bình Thuận",
        issued_date="2024-10-11", place="Bình Thuận",
        title="Ban hành quy định phân cấp quản lý tổ chức bộ máy, vị trí việc làm và công chức, viên chức thuộc "
              "Ủy ban nhân dân tỉnh Bình Thuận")),
    ("header_cells_tuyenquang.txt", dict(
        number="87/KH-UBND", type="Kế hoạch", issuer="Ủy ban nhân dân tỉnh Tuyên Quang", issued_date="2013-12-10",
        place="Tuyên Quang", title="Cải cách hành chính tỉnh Tuyên Quang năm 2014")),
    ("header_broken_kiengiang.txt", dict(
        number="1961/QĐUBND", type="Quyết định", issuer="Ủy ban nhân dân tỉnh Kiên Giang", issued_date="2019-08-28",
        place="Kiên Giang",
        title="Ban hành quy chế phối hợp giải quyết thủ tục hành chính theo cơ chế một cửa, một cửa liên thông tại "
              "trung tâm phục vụ hành chính công tỉnh Kiên Giang")),
])
def test_header_layouts(name, expected):
    (doc,) = extract_file(DATA / name).documents
    assert {k: getattr(doc, k) for k in expected} == expected


def test_tasks_of_a_provincial_decision_and_plan():
    (doc,) = extract_file(DATA / "header_cells_binhthuan.txt").documents
    (t,) = doc.tasks
    assert (t.section, t.lead, t.coordinating, t.deadline) == ("Điều 2", ["Sở Nội vụ"], ["các sở, ngành"], "2024-12-15")
    (doc,) = extract_file(DATA / "header_cells_tuyenquang.txt").documents
    assert [(t.section, t.lead[0], t.deadline) for t in doc.tasks] == [
        ("II.1", "Sở Nội vụ", "2014-03-31"), ("II.2", "các sở, ban, ngành", "2014-06-30")]
    assert [(r.type, r.number, r.date) for r in doc.references] == [
        ("Nghị quyết", "30c/NQ-CP", "2011-11-08"), ("Chỉ thị", "07/CT-TTg", "2013-05-22")]


def test_government_resolution_tasks_targets_and_signature():
    (doc,) = extract_file(DATA / "resolution_government_meeting.txt").documents
    assert (doc.number, doc.type, doc.issuer, doc.signer, doc.signer_title) == (
        "25/NQ-CP", "Nghị quyết", "Chính phủ", "Phạm Minh Chính", "TM. CHÍNH PHỦ / THỦ TƯỚNG")
    assert [(t.section, t.lead, t.deadline, t.recurrence) for t in doc.tasks] == [
        ("2.a", ["Bộ Kế hoạch và Đầu tư"], "2025-03-15", None),
        ("2.b", ["Ngân hàng Nhà nước Việt Nam"], "2025-12-31", None),
        ("2.c", ["Bộ Tài chính"], "2025-06-30", None),
        ("2.c", ["Bộ Tài chính"], None, None),
        ("2.d", ["các bộ, cơ quan, địa phương"], None, None),
        ("3", ["Văn phòng Chính phủ"], None, "monthly")]
    # the Government's own assessment is neither a task nor (its credit growth of 1,2 %) a target
    assert [(t.indicator, t.value, t.comparator) for t in doc.targets] == [
        ("Tỷ lệ tăng trưởng tín dụng", 16, "="), ("Tỷ lệ giải ngân", 95, ">")]


def test_ministry_letter_addressees_lead():
    (doc,) = extract_file(DATA / "letter_ministry.txt").documents
    assert (doc.number, doc.type, doc.issuer, doc.title, doc.signer_title) == (
        "1234/BNV-CCHC", "Công văn", "Bộ Nội vụ", "Báo cáo kết quả cải cách hành chính năm 2024",
        "KT. BỘ TRƯỞNG / THỨ TRƯỞNG")
    # `Bộ Nội vụ đề nghị các bộ, ngành, địa phương:` names who acts on the items below it
    assert [(t.lead, t.deadline) for t in doc.tasks] == [
        (["các bộ, ngành, địa phương"], "2024-12-15"), (["các bộ, ngành, địa phương"], "2024-12-20")]
