"""Tests for generic actors and persons (kinds), collectives and their keys, enumerations, office-holders and lists in
cells: sentences written in the style of circulars, decrees and plans, not taken from the dev files."""
import pytest

from extractor.agencies import agency_key, find_agencies, split_agency_list


def read(text, **kw):
    return [(m.name, m.kind) for m in find_agencies(text, **kw)]


# ---------------------------------------------------------------- generic actors, lower case as written

@pytest.mark.parametrize("text, expected", [
    ("Cơ quan bảo hiểm xã hội có trách nhiệm tiếp nhận hồ sơ", [("cơ quan bảo hiểm xã hội", "collective")]),
    ("Người sử dụng lao động gửi tờ khai đến cơ quan thuế quản lý trực tiếp",
     [("người sử dụng lao động", "organisation"), ("cơ quan thuế", "collective")]),
    ("Các tổ chức tín dụng báo cáo Ngân hàng Nhà nước Việt Nam",
     [("các tổ chức tín dụng", "organisation"), ("Ngân hàng Nhà nước Việt Nam", "ministerial_agency")]),
    ("Đài Tiếng nói Việt Nam và các cơ quan thông tấn, báo chí tuyên truyền",
     [("Đài Tiếng nói Việt Nam", "government_agency"), ("các cơ quan thông tấn, báo chí", "collective")]),
    ("lực lượng công an phối hợp kiểm tra", [("lực lượng công an", "collective")]),
    ("Các tổ chức chính trị - xã hội vận động hội viên", [("các tổ chức chính trị - xã hội", "collective")]),
    ("Các tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành",
     [("các tổ chức, cá nhân có liên quan", "collective")]),
    ("cơ sở khám bệnh, chữa bệnh và doanh nghiệp", [("cơ sở khám bệnh, chữa bệnh", "organisation")]),
    ("Các doanh nghiệp, hợp tác xã đăng ký với Sở Kế hoạch và Đầu tư",
     [("các doanh nghiệp, hợp tác xã", "organisation"), ("Sở Kế hoạch và Đầu tư", "office")]),
])
def test_generic_actors(text, expected):
    assert read(text) == expected


def test_persons_only_when_asked():
    text = "Người lao động và người sử dụng lao động có trách nhiệm đóng bảo hiểm xã hội"
    assert read(text) == [("người sử dụng lao động", "organisation")]
    found = find_agencies(text, individuals=True)
    assert [(m.name, m.kind, m.individual) for m in found] == [
        ("người lao động", "individual", True), ("người sử dụng lao động", "organisation", False)]
    assert read("Công dân, học sinh, sinh viên tham gia bảo hiểm y tế", individuals=True) == [
        ("công dân, học sinh, sinh viên", "individual")]


@pytest.mark.parametrize("text", [
    "thuế thu nhập doanh nghiệp và thuế thu nhập cá nhân",
    "bảo đảm đồng bộ với cơ sở dữ liệu về căn cước công dân",
    "đào tạo cán bộ, công chức",
])
def test_generic_words_that_name_no_body(text):
    assert [m.name for m in find_agencies(text)] == []


def test_related_to_is_not_a_qualifier():
    assert read("các nhà đầu tư liên quan đến dự án và các cơ quan liên quan") == [
        ("các nhà đầu tư", "organisation"), ("các cơ quan liên quan", "collective")]


def test_collectives_and_their_parents():
    assert read("Căn cứ Danh mục, các đơn vị thuộc Bộ có liên quan rà soát") == [
        ("các đơn vị thuộc bộ có liên quan", "collective")]
    assert read("cơ quan chuyên môn thuộc Ủy ban nhân dân cấp tỉnh hướng dẫn") == [
        ("cơ quan chuyên môn thuộc Ủy ban nhân dân cấp tỉnh", "collective")]
    assert read("Công an cấp xã, Bảo hiểm xã hội cấp huyện xác nhận") == [
        ("Công an cấp xã", "office"), ("Bảo hiểm xã hội cấp huyện", "office")]


# ---------------------------------------------------------------- one key per collective

def test_collective_keys():
    forms = ["Các bộ, ngành và địa phương", "bộ, ngành, địa phương", "Bộ, ngành, địa phương",
             "các Bộ, ngành, địa phương", "B, ngành, ĐP"]
    assert {agency_key(f) for f in forms} == {"bộ, ngành, địa phương"}
    assert agency_key("các cơ quan, đơn vị có liên quan") == agency_key("cơ quan, đơn vị liên quan") \
        == "cơ quan, đơn vị liên quan"
    assert agency_key("cơ quan trực thuộc Chính phủ") == agency_key("CQTCP") == "cơ quan thuộc Chính phủ"
    assert agency_key("UBND tỉnh Quảng Ninh") == "Ủy ban nhân dân tỉnh Quảng Ninh"
    assert agency_key("Bộ trưởng Bộ Tài chính") == "Bộ Tài chính"
    assert agency_key("Cục Việc làm") == "Cục Việc làm"


def test_mentions_carry_their_key_and_printed_words():
    found = find_agencies("Các Bộ, ngành và địa phương; VPCP")
    assert [(m.text, m.name, m.key) for m in found] == [
        ("Các Bộ, ngành và địa phương", "các bộ, ngành và địa phương", "bộ, ngành, địa phương"),
        ("VPCP", "Văn phòng Chính phủ", "Văn phòng Chính phủ")]


# ---------------------------------------------------------------- enumerations and office-holders

def test_enumerations_start_with_their_opening_words():
    text = "Ủy ban nhân dân các tỉnh, thành phố Hà Nội, Đà Nẵng, Cần Thơ triển khai thí điểm"
    found = find_agencies(text)
    assert [m.name for m in found] == ["Ủy ban nhân dân thành phố Hà Nội", "Ủy ban nhân dân thành phố Đà Nẵng",
                                       "Ủy ban nhân dân thành phố Cần Thơ"]
    assert found[0].start == 0 and found[0].text == "Ủy ban nhân dân các tỉnh, thành phố Hà Nội"
    found = find_agencies("Các Bộ: Tư pháp, Nội vụ, Tài chính phối hợp thẩm định")
    assert [(m.text, m.name) for m in found] == [
        ("Các Bộ: Tư pháp", "Bộ Tư pháp"), ("Nội vụ", "Bộ Nội vụ"), ("Tài chính", "Bộ Tài chính")]


def test_office_holders_name_their_bodies():
    assert [m.name for m in find_agencies(
        "Giám đốc Sở Xây dựng, Chủ tịch Ủy ban nhân dân cấp huyện và Vụ trưởng Vụ Tổ chức cán bộ chịu trách nhiệm")] \
        == ["Sở Xây dựng", "Ủy ban nhân dân cấp huyện", "Vụ Tổ chức cán bộ"]


# ---------------------------------------------------------------- lists in cells

@pytest.mark.parametrize("cell, expected", [
    ("Cục Việc làm; Vụ Pháp chế", ["Cục Việc làm", "Vụ Pháp chế"]),
    ("Cục Thuế, cơ quan bảo hiểm xã hội, người sử dụng lao động",
     ["Cục Thuế", "cơ quan bảo hiểm xã hội", "người sử dụng lao động"]),
    ("Bộ Y tế (Cục Quản lý khám, chữa bệnh), Bộ Tài chính", ["Bộ Y tế", "Bộ Tài chính"]),
    ("Chỉ đạo Tập đoàn Bưu chính Viễn thông Việt Nam nghiên cứu phương án", []),
    ("Người lao động", []),
])
def test_split_cells(cell, expected):
    assert split_agency_list(cell) == expected
