"""Tests for bodies read by the grammar of their names (outside the gazetteer), titles and places that are not bodies,
committees and their short forms, and the same reading on an item and on a whole document."""
import unicodedata

import pytest

from extractor.agencies import canonical_agency, find_agencies


def read(text, **kw):
    return [(m.name, m.kind) for m in find_agencies(text, **kw)]


def names(text):
    return [m.name for m in find_agencies(text)]


# ---------------------------------------------------------------- a head noun and its name

@pytest.mark.parametrize("text, expected", [
    ("Cục Việc làm chủ trì, phối hợp với Vụ Pháp chế hướng dẫn thực hiện Thông tư này.",
     [("Cục Việc làm", "body"), ("Vụ Pháp chế", "body")]),
    ("Tổng cục Thống kê có trách nhiệm cung cấp số liệu cho Bảo hiểm xã hội Việt Nam.",
     [("Tổng cục Thống kê", "body"), ("Bảo hiểm xã hội Việt Nam", "government_agency")]),
    ("Viện Khoa học Lao động và Xã hội nghiên cứu, đề xuất điều chỉnh định mức.",
     [("Viện Khoa học Lao động và Xã hội", "body")]),
    ("Cục trưởng Cục An toàn lao động ký quyết định công nhận.", [("Cục An toàn lao động", "body")]),
    ("Trung tâm Dịch vụ việc làm tiếp nhận hồ sơ đề nghị hưởng trợ cấp thất nghiệp.",
     [("Trung tâm Dịch vụ việc làm", "body")]),
    ("Bộ Tư lệnh Quân khu 7 phối hợp với Công an tỉnh Tây Ninh",
     [("Bộ Tư lệnh Quân khu 7", "body"), ("Công an tỉnh Tây Ninh", "office")]),
    ("Vụ Kế hoạch - Tài chính tổng hợp dự toán", [("Vụ Kế hoạch - Tài chính", "body")]),
])
def test_bodies_by_their_names(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a proper name closes the name: what follows in lower case is the clause
    ("Ủy ban Chứng khoán Nhà nước cấp giấy chứng nhận đăng ký chào bán", ["Ủy ban Chứng khoán Nhà nước"]),
    ("Số văn bằng do Cục Sở hữu trí tuệ Việt Nam cấp cho người nộp đơn", ["Cục Sở hữu trí tuệ Việt Nam"]),
    # verbs of a rule end the name of a unit
    ("Vụ Tổ chức cán bộ xem xét hồ sơ và trình Bộ trưởng", ["Vụ Tổ chức cán bộ"]),
    ("Cục Quản lý đấu thầu thông báo kết quả", ["Cục Quản lý đấu thầu"]),
    # the level a body serves is part of its name
    ("Trung tâm Phục vụ hành chính công cấp tỉnh đối với hồ sơ của doanh nghiệp",
     ["Trung tâm Phục vụ hành chính công cấp tỉnh"]),
    # an office-holder after a name is another party (a comma lost)
    ("Chủ tịch Hội đồng quản trị Tổng giám đốc quy định", ["Hội đồng quản trị"]),
])
def test_where_a_name_ends(text, expected):
    assert names(text) == expected


def test_organisations_outside_the_state():
    assert read("Tập đoàn Bưu chính Viễn thông Việt Nam, Tổng công ty Bưu điện Việt Nam bảo đảm đường truyền") == [
        ("Tập đoàn Bưu chính Viễn thông Việt Nam", "organisation"), ("Tổng công ty Bưu điện Việt Nam", "organisation")]
    # a name written in lower case after its head, with a proper name in it
    assert read("Yêu cầu Tập đoàn điện lực Việt Nam bảo đảm nguồn điện") == [
        ("Tập đoàn điện lực Việt Nam", "organisation")]
    assert names("công ty mẹ và các công ty con") == []


def test_a_unit_attached_to_its_parent():
    assert names("Phòng Tư pháp thuộc Ủy ban nhân dân cấp huyện thẩm định hồ sơ") == [
        "Phòng Tư pháp thuộc Ủy ban nhân dân cấp huyện"]


def test_names_over_lines():
    # a heading's name ends with its line; a name wrapped inside a sentence goes on
    text = "Điều 7. Trách nhiệm của Cục Quản lý lao động ngoài nước\nCục có trách nhiệm hướng dẫn doanh nghiệp"
    assert names(text) == ["Cục Quản lý lao động ngoài nước"]
    assert names("vốn vay của Ngân hàng Phát triển Việt\nNam, Ngân hàng Chính sách xã hội") == [
        "Ngân hàng Phát triển Việt Nam", "Ngân hàng Chính sách xã hội"]
    assert names("Điều 12. Trách nhiệm của Vụ Bảo hiểm xã hội12\n1. Chủ trì xây dựng") == ["Vụ Bảo hiểm xã hội"]
    assert names("4. Vụ Tài chính - Kế toán\na) Hướng dẫn hạch toán") == ["Vụ Tài chính - Kế toán"]


def test_known_names_win_over_the_grammar():
    assert read("Văn phòng Chính phủ, Ban Cơ yếu Chính phủ, Ủy ban Dân tộc") == [
        ("Văn phòng Chính phủ", "ministerial_agency"), ("Ban Cơ yếu Chính phủ", "government_agency"),
        ("Ủy ban Dân tộc", "ministerial_agency")]
    assert read("Điều 10. Trách nhiệm của Bộ Công an\nChủ trì, phối hợp với Bộ Quốc phòng") == [
        ("Bộ Công an", "ministry"), ("Bộ Quốc phòng", "ministry")]
    # National Assembly bodies and the Front's members are in the gazetteer
    assert read("Ủy ban Tài chính, Ngân sách, Tổng Thư ký Quốc hội và Phòng Thương mại và Công nghiệp Việt Nam") == [
        ("Ủy ban Tài chính, Ngân sách", "other_state"), ("Tổng Thư ký Quốc hội", "other_state"),
        ("Phòng Thương mại và Công nghiệp Việt Nam", "party")]


def test_party_and_national_assembly_bodies():
    assert names("Ban Bí thư, Ban Tuyên giáo Trung ương chỉ đạo; Ủy ban Pháp luật chủ trì thẩm tra, Hội đồng Dân tộc "
                 "tham gia") == ["Ban Bí thư", "Ban Tuyên giáo Trung ương", "Ủy ban Pháp luật", "Hội đồng Dân tộc"]
    assert names("Đoàn đại biểu Quốc hội tỉnh Nghệ An giám sát") == ["Đoàn đại biểu Quốc hội tỉnh Nghệ An"]
    # a party committee named by its place, then alone
    assert read("Tỉnh ủy Quảng Ninh lãnh đạo, Tỉnh ủy ban hành nghị quyết chuyên đề") == [
        ("Tỉnh ủy Quảng Ninh", "committee"), ("Tỉnh ủy Quảng Ninh", "committee")]


def test_a_grammar_name_is_not_canonical():
    assert canonical_agency("Cục Việc làm") is None
    assert canonical_agency("Cục trưởng Cục Việc làm") is None
    assert canonical_agency("Bộ trưởng Bộ Nội vụ") == "Bộ Nội vụ"
    assert [m.known for m in find_agencies("Cục Việc làm và Bộ Nội vụ")] == [False, True]


# ---------------------------------------------------------------- what is not a body

@pytest.mark.parametrize("text", [
    "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;",
    "theo quy định của Luật Ngân hàng Nhà nước Việt Nam và Luật Bảo hiểm xã hội",
    "Phê duyệt Đề án Trung tâm dữ liệu quốc gia",
    "Hội nghị Trung ương lần thứ tám đã thông qua",
    "Ban hành kèm theo Thông tư này Quy chế làm việc",
    "Trường hợp hồ sơ chưa đầy đủ thì trả lại",
    "trụ sở tại xã Trường Sơn, huyện Quảng Ninh",
    "số 12 đường Trường Chinh",
    "Mẫu số 03. Biên bản họp Hội đồng thẩm định",
    "đầu tư Trung tâm dữ liệu tại Hòa Lạc và Trung tâm y tế",
    "theo Quyết định số 15/QĐ-BNV và Công văn số 2345/VPCP-KSTT",
])
def test_not_bodies(text):
    assert names(text) == []


# ---------------------------------------------------------------- committees and short forms

def test_committee_named_in_full_then_by_its_head():
    text = ("Thành lập Ban Chỉ đạo quốc gia về phòng, chống thiên tai do Phó Thủ tướng Chính phủ làm Trưởng ban.\n"
            "Ban Chỉ đạo có nhiệm vụ chỉ đạo các bộ, ngành.")
    assert names(text) == ["Ban Chỉ đạo quốc gia về phòng, chống thiên tai", "Phó Thủ tướng Chính phủ",
                           "Ban Chỉ đạo quốc gia về phòng, chống thiên tai", "các bộ, ngành"]
    # alone, the head names the body the text has not named: kept as written
    assert read("Ban Chỉ đạo chỉ đạo các địa phương") == [("Ban Chỉ đạo", "committee"), ("các địa phương", "collective")]


def test_committee_with_a_verb_in_its_name():
    text = "1. Trách nhiệm của Tổ công tác triển khai Đề án 06:\na) Bổ sung thành viên vào Tổ công tác."
    assert names(text) == ["Tổ công tác triển khai Đề án 06", "Tổ công tác triển khai Đề án 06"]
    # verbs after a committee's head that nothing closes are the clause's
    assert names("Hội đồng thi quyết định việc đình chỉ thi") == ["Hội đồng thi"]
    assert read("Hội đồng quản lý có trách nhiệm thông qua kế hoạch") == [("Hội đồng quản lý", "committee")]


def test_short_form_given_by_the_text():
    text = ("Cục Quản lý đấu thầu (sau đây viết tắt là CQLĐT) vận hành Hệ thống. "
            "Trong 03 ngày làm việc, CQLĐT thông báo cho nhà thầu.")
    found = find_agencies(text)
    assert [(m.text, m.name) for m in found] == [
        ("Cục Quản lý đấu thầu", "Cục Quản lý đấu thầu"), ("CQLĐT", "Cục Quản lý đấu thầu"),
        ("nhà thầu", "nhà thầu")]
    # the short form of a project is not a body's
    assert names("Đề án Trung tâm dữ liệu quốc gia (sau đây gọi tắt là Đề án). Đề án được triển khai") == []


# ---------------------------------------------------------------- an item and a whole document

DOCUMENT = """Điều 5. Trách nhiệm của Cục Việc làm
1. Chủ trì, phối hợp với Vụ Pháp chế và các đơn vị có liên quan
hướng dẫn Trung tâm Dịch vụ việc làm thực hiện.
2. Phối hợp với Bảo hiểm xã hội Việt   Nam kiểm tra việc chi trả.
Điều 6. Trách nhiệm của Ủy ban nhân dân các tỉnh, thành phố trực thuộc
Trung ương
Chỉ đạo Sở Lao động - Thương binh và Xã hội, cơ quan bảo hiểm xã hội
phối hợp với người sử dụng lao động.
"""


def test_whole_document_reads_as_its_items():
    whole = find_agencies(DOCUMENT)
    assert all(DOCUMENT[m.start:m.end] == m.text for m in whole)
    starts = [i for i in range(len(DOCUMENT)) if i == 0 or DOCUMENT[i - 1] == "\n"]
    items = [s for s in starts if DOCUMENT[s].isdigit() or DOCUMENT.startswith("Điều", s) or DOCUMENT.startswith("Chỉ", s)]
    for a, b in zip(items, items[1:] + [len(DOCUMENT)]):
        alone = [(m.name, m.start + a, m.end + a) for m in find_agencies(DOCUMENT[a:b])]
        inside = [(m.name, m.start, m.end) for m in whole if a <= m.start and m.end <= b]
        assert alone == inside, DOCUMENT[a:b]
    assert [m.name for m in whole] == [
        "Cục Việc làm", "Vụ Pháp chế", "các đơn vị có liên quan", "Trung tâm Dịch vụ việc làm",
        "Bảo hiểm xã hội Việt Nam", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương",
        "Sở Lao động - Thương binh và Xã hội", "cơ quan bảo hiểm xã hội", "người sử dụng lao động"]


def test_offsets_into_text_not_in_nfc():
    text = unicodedata.normalize("NFD", "Giao Cục Việc làm  và Viện Khoa học Lao động\nvà Xã hội nghiên cứu")
    found = find_agencies(text)
    assert [m.name for m in found] == ["Cục Việc làm", "Viện Khoa học Lao động và Xã hội"]
    assert all(text[m.start:m.end] == m.text for m in found)


def test_places_after_a_body_qualify_it_not_a_second_body():
    from extractor.agencies import find_agencies
    found = [(m.text, m.key) for m in find_agencies(
        "Sở Y tế các tỉnh, thành phố trực thuộc Trung ương và cơ quan bảo hiểm xã hội tỉnh, thành phố trực thuộc "
        "trung ương phối hợp với Bộ Tài chính, các tỉnh, thành phố trực thuộc Trung ương.")]
    assert found == [
        ("Sở Y tế các tỉnh, thành phố trực thuộc Trung ương", "Sở Y tế các tỉnh, thành phố trực thuộc trung ương"),
        ("cơ quan bảo hiểm xã hội tỉnh, thành phố trực thuộc trung ương", "cơ quan bảo hiểm xã hội cấp tỉnh"),
        ("Bộ Tài chính", "Bộ Tài chính"),
        ("các tỉnh, thành phố trực thuộc Trung ương", "cấp tỉnh")]


def test_a_name_ends_before_the_work_and_keeps_its_fixed_phrases():
    assert names("Đài Phát thanh và Truyền hình tỉnh, Báo Quảng Nam mở chuyên trang, chuyên mục tuyên truyền.") == [
        "Đài Phát thanh và Truyền hình tỉnh", "Báo Quảng Nam"]
    assert names("Báo Nhân Dân đăng tải thông tin về kết quả thực hiện.") == ["Báo Nhân Dân"]
    assert names("Hiệp hội Doanh nghiệp nhỏ và vừa Việt Nam phối hợp với Bộ Tài chính.") == [
        "Hiệp hội Doanh nghiệp nhỏ và vừa Việt Nam", "Bộ Tài chính"]


def test_a_names_two_syllable_words_do_not_end_it_at_their_second_syllable():
    assert names("Cục Hàng không Việt Nam phổ biến thông tin an toàn.") == ["Cục Hàng không Việt Nam"]
    assert names("Tổng công ty Lưu ký và Bù trừ chứng khoán Việt Nam thực hiện bù trừ.") == [
        "Tổng công ty Lưu ký và Bù trừ chứng khoán Việt Nam"]
    assert names("Trung tâm Đổi mới sáng tạo Quốc gia lập đề án; Sở Y tế không thực hiện.") == [
        "Trung tâm Đổi mới sáng tạo Quốc gia", "Sở Y tế"]
