"""A provincial council's resolution written for this test in the style of real ones (not a dev file): the council
named over two header lines is the issuer, the province's own committee named by its level alone is a body, and the
plan's target table (with a column naming who tracks each row) gives targets for the plan's year."""
from extractor import extract_text
from extractor.agencies import find_agencies

RESOLUTION = """HỘI ĐỒNG NHÂN DÂN
TỈNH NGHỆ AN
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 45/NQ-HĐND
Nghệ An, ngày 10 tháng 12 năm 2025

NGHỊ QUYẾT
Về kế hoạch phát triển kinh tế - xã hội năm 2026

HỘI ĐỒNG NHÂN DÂN TỈNH NGHỆ AN
KHÓA XVIII, KỲ HỌP THỨ 30

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;
Xét Báo cáo số 900/BC-UBND ngày 25 tháng 11 năm 2025 của Ủy ban nhân dân tỉnh;

QUYẾT NGHỊ:

Điều 1. Mục tiêu và các chỉ tiêu chủ yếu năm 2026
1. Mục tiêu tổng quát
Tập trung phát triển kinh tế nhanh, bền vững.
2. Các chỉ tiêu chủ yếu
STT	Chỉ tiêu	Đơn vị tính	Kế hoạch năm 2026	Cơ quan theo dõi
1	Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP)	%	9,5 - 10	Sở Tài chính
2	GRDP bình quân đầu người	Triệu đồng	75	Sở Tài chính
3	Tổng vốn đầu tư toàn xã hội	Nghìn tỷ đồng	145	Sở Tài chính
4	Tỷ lệ hộ nghèo, trong đó:	%	giảm 1 - 1,5	Sở Nông nghiệp và Môi trường
	- Khu vực miền núi	%	giảm 2,5	Sở Nông nghiệp và Môi trường
5	Số doanh nghiệp thành lập mới	Doanh nghiệp	2.500	Sở Tài chính
6	Tỷ lệ dân số tham gia bảo hiểm y tế	%	≥ 95	Bảo hiểm xã hội tỉnh

Điều 2. Nhiệm vụ, giải pháp chủ yếu
1. Tập trung cải thiện môi trường đầu tư kinh doanh, nâng cao Chỉ số năng lực cạnh tranh cấp tỉnh (PCI).
2. Đẩy mạnh giải ngân vốn đầu tư công, phấn đấu tỷ lệ giải ngân đạt trên 95% kế hoạch vốn được giao.

Điều 3. Tổ chức thực hiện
1. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện Nghị quyết này; báo cáo kết quả thực hiện tại kỳ họp cuối năm 2026.
2. Thường trực Hội đồng nhân dân, các Ban của Hội đồng nhân dân, các Tổ đại biểu và đại biểu Hội đồng nhân dân tỉnh giám sát việc thực hiện Nghị quyết này.

Nghị quyết này đã được Hội đồng nhân dân tỉnh Nghệ An khóa XVIII, Kỳ họp thứ 30 thông qua ngày 10 tháng 12 năm 2025 và có hiệu lực từ ngày thông qua.

CHỦ TỊCH

Thái Thanh Quý
"""


def test_a_council_resolution_names_its_council_and_the_provinces_committee():
    (doc,) = extract_text(RESOLUTION).documents
    assert (doc.number, doc.type, doc.issuer, doc.issued_date, doc.signer) == (
        "45/NQ-HĐND", "Nghị quyết", "Hội đồng nhân dân tỉnh Nghệ An", "2025-12-10", "Thái Thanh Quý")
    t = [t for t in doc.tasks if t.section == "Điều 3.1"][0]
    assert (t.lead, t.deadline) == (["Ủy ban nhân dân tỉnh"], "2026-12-31")
    assert [(g.indicator, g.value, g.value_max, g.unit, g.comparator, g.year) for g in doc.targets[:3]] == [
        ("Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP)", 9.5, 10, "%", ">=", 2026),
        ("GRDP bình quân đầu người", 75, None, "Triệu đồng", "=", 2026),
        ("Tổng vốn đầu tư toàn xã hội", 145, None, "Nghìn tỷ đồng", "=", 2026)]
    assert ("Tỷ lệ dân số tham gia bảo hiểm y tế", 95, ">=") in [(g.indicator, g.value, g.comparator) for g in doc.targets]


def test_a_local_body_named_by_its_level_alone_or_with_its_place():
    read = [[(m.text, m.name) for m in find_agencies(t)] for t in (
        "Giao UBND tỉnh tổ chức thực hiện.", "HỘI ĐỒNG NHÂN DÂN\nTỈNH NGHỆ AN", "HĐND thành phố Hà Nội giám sát.")]
    assert read == [[("UBND tỉnh", "Ủy ban nhân dân tỉnh")],
                    [("HỘI ĐỒNG NHÂN DÂN\nTỈNH NGHỆ AN", "Hội đồng nhân dân tỉnh Nghệ An")],
                    [("HĐND thành phố Hà Nội", "Hội đồng nhân dân thành phố Hà Nội")]]


def test_the_parts_and_members_of_a_council_are_not_the_council():
    (doc,) = extract_text(RESOLUTION).documents
    t = [t for t in doc.tasks if t.section == "Điều 3.2"][0]
    assert t.lead == ["Thường trực Hội đồng nhân dân", "các Ban của Hội đồng nhân dân", "các Tổ đại biểu",
                      "đại biểu Hội đồng nhân dân tỉnh"]
