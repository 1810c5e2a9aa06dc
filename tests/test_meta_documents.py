"""Documents and their metadata in the layouts of real gazette text (guide §1): forms inside a regulation, consolidated
texts, laws and resolutions of the National Assembly, headers cut or reordered by a text layer. The texts are short
documents written for these tests in the style of the Công báo, not lines of the dev corpus."""
from extractor import extract_text

FURNITURE = """CÔNG BÁO/Số 415 + 416/Ngày 20-5-2024
37
"""

CIRCULAR_WITH_FORMS = FURNITURE + """BỘ Y TẾ

Số: 07/2024/TT-BYT
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Hà Nội, ngày 14 tháng 5 năm 2024

THÔNG TƯ
Quy định về cấp giấy chứng nhận lương y

Căn cứ Nghị định số 95/2022/NĐ-CP ngày 15 tháng 11 năm 2022 của Chính phủ quy định chức năng, nhiệm vụ,
quyền hạn và cơ cấu tổ chức của Bộ Y tế;
Bộ trưởng Bộ Y tế ban hành Thông tư quy định về cấp giấy chứng nhận lương y.
Điều 1. Hồ sơ đề nghị cấp giấy chứng nhận lập theo Mẫu số 01 ban hành kèm theo Thông tư này.
Điều 2. Sở Y tế ra quyết định cấp giấy chứng nhận theo Mẫu số 02 trong 10 ngày làm việc./.

KT. BỘ TRƯỞNG
THỨ TRƯỞNG

Trần Văn Thuấn

Ký bởi: Cổng Thông tin điện tử Chính phủ
Cơ quan: Văn phòng Chính phủ
Thời gian ký: 21.05.2024 10:12:47 +07:00

PHỤ LỤC
CÁC MẪU VĂN BẢN
(Ban hành kèm theo Thông tư số 07/2024/TT-BYT ngày 14 tháng 5 năm 2024 của Bộ trưởng Bộ Y tế)

Mẫu số 01
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
…, ngày … tháng … năm …
ĐƠN ĐỀ NGHỊ CẤP GIẤY CHỨNG NHẬN LƯƠNG Y
Kính gửi: Sở Y tế tỉnh, thành phố ……
Họ và tên: ………………………

Mẫu số 02
UBND TỈNH, THÀNH PHỐ …
SỞ Y TẾ
Số: ……/QĐ-SYT
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
……, ngày …… tháng …… năm ……
QUYẾT ĐỊNH
Về việc cấp giấy chứng nhận lương y
GIÁM ĐỐC SỞ Y TẾ
Điều 1. Cấp giấy chứng nhận lương y cho ông/bà: …………
GIÁM ĐỐC
(Ký, ghi rõ họ tên, đóng dấu)
"""


def _one(text):
    (doc,) = extract_text(text).documents
    return doc


def test_forms_to_fill_in_are_part_of_the_regulation():
    doc = _one(CIRCULAR_WITH_FORMS)
    assert (doc.number, doc.type, doc.issuer, doc.issued_date, doc.place) == (
        "07/2024/TT-BYT", "Thông tư", "Bộ Y tế", "2024-05-14", "Hà Nội")
    assert (doc.signer, doc.signer_title) == ("Trần Văn Thuấn", "KT. BỘ TRƯỞNG / THỨ TRƯỞNG")
    assert [kind for _, _, kind in doc.parts] == ["Phụ lục"]
    assert [(r.type, r.number) for r in doc.references] == [("Nghị định", "95/2022/NĐ-CP")]


def test_two_documents_of_one_file_still_split():
    text = """THỦ TƯỚNG CHÍNH PHỦ
Số: 12/CT-TTg
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 03 tháng 4 năm 2023
CHỈ THỊ
Về tăng cường công tác phòng, chống thiên tai
1. Bộ Nông nghiệp và Phát triển nông thôn chủ trì rà soát các hồ chứa trước ngày 30 tháng 6 năm 2023./.
THỦ TƯỚNG
Phạm Minh Chính

BỘ NỘI VỤ
Số: 215/QĐ-BNV
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 10 tháng 3 năm 2023
QUYẾT ĐỊNH
Ban hành Kế hoạch cải cách hành chính năm 2023
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch cải cách hành chính năm 2023./.
BỘ TRƯỞNG
Phạm Thị Thanh Trà
"""
    docs = extract_text(text).documents
    assert [(d.number, d.type, d.issuer, d.issued_date, d.signer) for d in docs] == [
        ("12/CT-TTg", "Chỉ thị", "Thủ tướng Chính phủ", "2023-04-03", "Phạm Minh Chính"),
        ("215/QĐ-BNV", "Quyết định", "Bộ Nội vụ", "2023-03-10", "Phạm Thị Thanh Trà")]


CONSOLIDATED = FURNITURE + """VĂN BẢN PHÁP LUẬT KHÁC

VĂN BẢN HỢP NHẤT -
BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI

CHÍNH PHỦ
___________
Số: 61/2020/NĐ-CP
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
NGHỊ ĐỊNH1
Quy định chi tiết về hỗ trợ việc làm
Nghị định số 61/2020/NĐ-CP ngày 29 tháng 5 năm 2020 của Chính phủ quy định chi tiết về hỗ trợ việc làm,
có hiệu lực kể từ ngày 15 tháng 7 năm 2020, được sửa đổi, bổ sung bởi:
Nghị định số 23/2022/NĐ-CP ngày 05 tháng 4 năm 2022 của Chính phủ sửa đổi, bổ sung một số điều của
Nghị định số 61/2020/NĐ-CP, có hiệu lực kể từ ngày 05 tháng 4 năm 2022.
Căn cứ Luật Việc làm ngày 16 tháng 11 năm 2013;
Điều 1. Phạm vi điều chỉnh
Nghị định này quy định chi tiết về hỗ trợ việc làm.
Điều 2. Trách nhiệm thi hành
Các Bộ trưởng chịu trách nhiệm thi hành Nghị định này./.
_____________________________________________________________________

BỘ LAO ĐỘNG - THƯƠNG BINH
VÀ XÃ HỘI

Số: 2145/VBHN-BLĐTBXH
XÁC THỰC VĂN BẢN HỢP NHẤT


Hà Nội, ngày 26 tháng 6 năm 2023
KT. BỘ TRƯỞNG
THỨ TRƯỞNG

Nguyễn Bá Hoan

Phụ lục
MẪU ĐƠN ĐỀ NGHỊ HỖ TRỢ
(Ban hành kèm theo Nghị định số 61/2020/NĐ-CP ngày 29 tháng 5 năm 2020 của Chính phủ)
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
ĐƠN ĐỀ NGHỊ HỖ TRỢ
Kính gửi: ……………
"""


def test_consolidated_text_takes_its_own_number_date_issuer_and_signer():
    doc = _one(CONSOLIDATED)
    assert (doc.type, doc.number, doc.issued_date, doc.place, doc.issuer) == (
        "Văn bản hợp nhất", "2145/VBHN-BLĐTBXH", "2023-06-26", "Hà Nội", "Bộ Lao động - Thương binh và Xã hội")
    assert (doc.signer, doc.signer_title) == ("Nguyễn Bá Hoan", "KT. BỘ TRƯỞNG / THỨ TRƯỞNG")
    assert doc.title == "Quy định chi tiết về hỗ trợ việc làm"
    # the texts it consolidates are its references, the one whose header it reproduces among them
    assert [(r.type, r.number, r.date) for r in doc.references] == [
        ("Nghị định", "61/2020/NĐ-CP", "2020-05-29"), ("Nghị định", "23/2022/NĐ-CP", "2022-04-05")]
    assert [kind for _, _, kind in doc.parts] == ["Phụ lục"]


def test_consolidated_text_cut_before_its_authentication_has_no_number():
    cut = CONSOLIDATED[:CONSOLIDATED.index("_____________________________________________________________________")]
    doc = _one(cut + "(Xem tiếp Công báo số 417 + 418)\n")
    assert (doc.type, doc.number, doc.issued_date, doc.issuer) == (
        "Văn bản hợp nhất", None, None, "Bộ Lao động - Thương binh và Xã hội")


def test_authentication_block_first_in_the_file():
    doc = _one("""BỘ TÀI CHÍNH
Số: 18/VBHN-BTC
Hà Nội, ngày 02 tháng 6 năm 2025
THÔNG TƯ
Hướng dẫn về phí thẩm định
Thông tư số 44/2023/TT-BTC ngày 29 tháng 6 năm 2023 của Bộ trưởng Bộ Tài chính, có hiệu lực kể từ ngày
01 tháng 7 năm 2023, được sửa đổi, bổ sung bởi:
Thông tư số 12/2025/TT-BTC ngày 10 tháng 3 năm 2025 của Bộ trưởng Bộ Tài chính.
""")
    assert (doc.type, doc.number, doc.issued_date, doc.issuer, doc.title) == (
        "Văn bản hợp nhất", "18/VBHN-BTC", "2025-06-02", "Bộ Tài chính", "Hướng dẫn về phí thẩm định")


def test_law_number_after_its_type_and_date_of_adoption():
    doc = _one(FURNITURE + """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
QUỐC HỘI
Luật số: 28/2023/QH15
LUẬT
GIÁ
Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;
Quốc hội ban hành Luật Giá.
Điều 1. Phạm vi điều chỉnh
Luật này quy định về quyền và nghĩa vụ của tổ chức, cá nhân trong lĩnh vực giá.
Luật này được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XV, kỳ họp thứ 5 thông qua ngày
19 tháng 6 năm 2023.
CHỦ TỊCH QUỐC HỘI
Vương Đình Huệ
""")
    assert (doc.number, doc.type, doc.issuer, doc.issued_date, doc.place, doc.title) == (
        "28/2023/QH15", "Luật", "Quốc hội", "2023-06-19", None, "Giá")
    assert (doc.signer, doc.signer_title) == ("Vương Đình Huệ", "CHỦ TỊCH QUỐC HỘI")


def test_standing_committee_resolution():
    doc = _one("""VĂN BẢN QUY PHẠM PHÁP LUẬT
ỦY BAN THƯỜNG VỤ QUỐC HỘI
Nghị quyết số: 35/2023/UBTVQH15
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
NGHỊ QUYẾT
Về việc sắp xếp đơn vị hành chính cấp huyện, cấp xã giai đoạn 2023 - 2030
ỦY BAN THƯỜNG VỤ QUỐC HỘI
Căn cứ Luật Tổ chức Quốc hội số 57/2014/QH13;
Nghị quyết này được Ủy ban Thường vụ Quốc hội khóa XV thông qua ngày 12 tháng 7 năm 2023.
TM. ỦY BAN THƯỜNG VỤ QUỐC HỘI
CHỦ TỊCH
Vương Đình Huệ
""")
    assert (doc.number, doc.type, doc.issuer, doc.issued_date, doc.place) == (
        "35/2023/UBTVQH15", "Nghị quyết", "Ủy ban Thường vụ Quốc hội", "2023-07-12", None)
    assert doc.signer_title == "TM. ỦY BAN THƯỜNG VỤ QUỐC HỘI / CHỦ TỊCH"


def test_joint_circular_number_cut_at_a_hyphen():
    doc = _one("""BỘ TÀI CHÍNH -
BỘ NỘI VỤ
Số: 03/2023/TTLT-BTC-
BNV
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 08 tháng 02 năm 2023
THÔNG TƯ LIÊN TỊCH
Hướng dẫn quản lý kinh phí đào tạo cán bộ
""")
    assert (doc.number, doc.type, doc.issuer, doc.issued_date) == (
        "03/2023/TTLT-BTC-BNV", "Thông tư liên tịch", "Bộ Tài chính", "2023-02-08")


def test_ocr_and_text_layer_damage():
    doc = _one("""ỦY BAN NHÂN DÂN
TỈNH NINH THUẬN
S6: 1425/QĐ-UBND
CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Ninh Thuận, ngày 09 tháng 11 năm 2022 2021
QUYẾT ĐỊNH1
Về việc phê duyệt danh mục dự án
CHỦ TỊCH
Đại tá Trần Quốc Nam
""")
    assert (doc.number, doc.type, doc.issuer, doc.issued_date, doc.place, doc.title) == (
        "1425/QĐ-UBND", "Quyết định", "Ủy ban nhân dân tỉnh Ninh Thuận", "2022-11-09", "Ninh Thuận",
        "Về việc phê duyệt danh mục dự án")
    assert (doc.signer, doc.signer_title) == ("Đại tá Trần Quốc Nam", "CHỦ TỊCH")


def test_issuer_cut_over_two_lines_and_dotted_serial():
    doc = _one("""BỘ VĂN HÓA, THỂ THAO
VÀ DU LỊCH
Số: 12.5/2026/TT-BVHTTDL
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 20 tháng 01 năm 2026
THÔNG TƯ
Quy định về quản lý di sản
""")
    assert (doc.number, doc.issuer) == ("12.5/2026/TT-BVHTTDL", "Bộ Văn hóa, Thể thao và Du lịch")


def test_header_block_after_the_type_line_in_the_text_layer():
    doc = _one("""NGHỊ ĐỊNH
Quy định về quản lý cụm công nghiệp
Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;
Chính phủ ban hành Nghị định quy định về quản lý cụm công nghiệp.
CHÍNH PHỦ
Số: 32/2026/NĐ-CP
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 16 tháng 01 năm 2026
Điều 1. Phạm vi điều chỉnh
""")
    assert (doc.number, doc.type, doc.issuer, doc.issued_date, doc.title) == (
        "32/2026/NĐ-CP", "Nghị định", "Chính phủ", "2026-01-16", "Quy định về quản lý cụm công nghiệp")


def test_running_text_that_names_the_republic_or_an_attachment_starts_no_part():
    doc = _one("""BỘ CÔNG THƯƠNG
Số: 11/2024/TT-BCT
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 05 tháng 7 năm 2024
THÔNG TƯ
Quy định về quy tắc xuất xứ hàng hóa
Điều 1. Hàng hóa theo Hiệp định Thương mại tự do giữa Cộng hòa xã hội chủ nghĩa Việt Nam
và Liên minh châu Âu khai báo theo Mẫu số 02 ban hành kèm theo Thông tư số 12/2022/TT-BCT
ngày 30 tháng 6 năm 2022 của Bộ trưởng Bộ Công Thương./.
BỘ TRƯỞNG
Nguyễn Hồng Diên
""")
    assert doc.parts == [] and doc.signer == "Nguyễn Hồng Diên"


def test_letter_subject_wrapped_over_two_lines():
    doc = _one("""ỦY BAN NHÂN DÂN
TỈNH HẢI DƯƠNG
Số: 1234/UBND-KT
V/v triển khai thực hiện Nghị quyết số 01/NQ-CP
năm 2025 của Chính phủ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hải Dương, ngày 15 tháng 01 năm 2025
Kính gửi: Các sở, ban, ngành tỉnh.
1. Sở Kế hoạch và Đầu tư chủ trì tham mưu trước ngày 31/01/2025.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Lưu Văn Bản
""")
    assert (doc.number, doc.type, doc.issuer, doc.place, doc.title) == (
        "1234/UBND-KT", "Công văn", "Ủy ban nhân dân tỉnh Hải Dương", "Hải Dương",
        "Triển khai thực hiện Nghị quyết số 01/NQ-CP năm 2025 của Chính phủ")
    assert doc.signer_title == "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"


def test_web_page_header_cells_run_together():
    doc = _one("""BỘ TÀI CHÍNH -------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ---------------
Số: 12/2024/TT-BTC Hà Nội, ngày 10 tháng 02 năm 2024
THÔNG TƯ
Hướng dẫn chế độ quản lý tài chính
""")
    assert (doc.number, doc.type, doc.issuer, doc.issued_date, doc.place, doc.title) == (
        "12/2024/TT-BTC", "Thông tư", "Bộ Tài chính", "2024-02-10", "Hà Nội", "Hướng dẫn chế độ quản lý tài chính")


def test_ocr_broken_diacritics_kept_as_printed():
    doc = _one("""UỶ BAN NHÂN DÂN
THÀNH PHỐ HÀ NỘI
Sô: 45/KH-UBND
CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tư do - Hanh phúc
Hà Nôi, ngày 5 tháng 3 năm 2024
KÉ HOẠCH
Triển khai công tác chuyển đổi số năm 2024
""")
    assert (doc.number, doc.type, doc.issued_date, doc.place, doc.title) == (
        "45/KH-UBND", "Kế hoạch", "2024-03-05", "Hà Nôi", "Triển khai công tác chuyển đổi số năm 2024")


def test_standalone_parts_name_the_text_they_come_with():
    plan = _one("""ỦY BAN NHÂN DÂN
TỈNH LẠNG SƠN
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
KẾ HOẠCH
Cải cách hành chính năm 2024
(Kèm theo Quyết định số 125/QĐ-UBND ngày 20/01/2024 của Ủy ban nhân dân tỉnh Lạng Sơn)
I. MỤC ĐÍCH, YÊU CẦU
""")
    assert (plan.number, plan.type, plan.issuer, plan.issued_date, plan.place, plan.attached_to) == (
        None, "Kế hoạch", "Ủy ban nhân dân tỉnh Lạng Sơn", "2024-01-20", None, "125/QĐ-UBND")
    appendix = _one("""PHỤ LỤC I
DANH MỤC NHIỆM VỤ
(Kèm theo Quyết định số 240/QĐ-TTg ngày 04 tháng 02 năm 2025)
1. Bộ Tư pháp chủ trì rà soát.
""")
    assert (appendix.number, appendix.type, appendix.issuer, appendix.issued_date, appendix.attached_to) == (
        None, "Phụ lục", "Thủ tướng Chính phủ", "2025-02-04", "240/QĐ-TTg")
    assert appendix.references == []


def test_a_forms_addressees_and_subject_are_not_the_documents():
    text = """BỘ NỘI VỤ
Số: 05/2025/TT-BNV
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 12 tháng 3 năm 2025
THÔNG TƯ
Hướng dẫn thi tuyển công chức
Điều 1. Cơ quan quản lý công chức tổ chức thi tuyển theo Mẫu số 01 kèm theo Thông tư này./.
BỘ TRƯỞNG
Phạm Thị Thanh Trà
Mẫu số 01
CƠ QUAN, ĐƠN VỊ ……
Số: ……/……
V/v đề nghị tổ chức thi tuyển
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
……, ngày …… tháng …… năm ……
Kính gửi: Bộ Nội vụ
"""
    doc = _one(text)
    assert (doc.number, doc.title, doc.addressees, doc.signer) == (
        "05/2025/TT-BNV", "Hướng dẫn thi tuyển công chức", [], "Phạm Thị Thanh Trà")
    assert doc.body_start <= text.index("Điều 1")
