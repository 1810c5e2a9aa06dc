"""A provincial plan written for this test in the style of real ones (not a dev file): its goals part sets targets,
its tasks part assigns work by sentence, labelled fields and paragraphs, its closing part gives the standing body
work, and a role alone (`là cơ quan thường trực`) does not swallow the work after it."""
from extractor import extract_text

PLAN = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NAM
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 215/KH-UBND
Quảng Nam, ngày 12 tháng 3 năm 2025

KẾ HOẠCH
Triển khai Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ chuyển đổi số quốc gia trên địa bàn tỉnh năm 2025

Thực hiện Quyết định số 06/QĐ-TTg ngày 06 tháng 01 năm 2022 của Thủ tướng Chính phủ, Ủy ban nhân dân tỉnh ban hành Kế hoạch triển khai năm 2025 như sau:

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Triển khai hiệu quả các nhiệm vụ của Đề án 06 trên địa bàn tỉnh.
2. Yêu cầu
Các sở, ban, ngành, địa phương xác định đây là nhiệm vụ trọng tâm.

II. CHỈ TIÊU CỤ THỂ
1. Phấn đấu đến hết năm 2025, 100% hồ sơ thủ tục hành chính được số hóa kết quả giải quyết.
2. Tỷ lệ dịch vụ công trực tuyến toàn trình đạt tối thiểu 80% tổng số thủ tục hành chính có đủ điều kiện.
3. Ít nhất 70% người dân trưởng thành có tài khoản định danh điện tử mức độ 2 trong năm 2025.
4. Thuộc nhóm 10 tỉnh dẫn đầu cả nước về Chỉ số chuyển đổi số cấp tỉnh (DTI).

III. NHIỆM VỤ, GIẢI PHÁP
1. Hoàn thiện thể chế
a) Rà soát, đề xuất sửa đổi các văn bản quy phạm pháp luật của tỉnh không còn phù hợp với Đề án 06.
- Đơn vị chủ trì: Sở Tư pháp.
- Đơn vị phối hợp: Công an tỉnh, Văn phòng UBND tỉnh.
- Thời gian hoàn thành: Quý II/2025.
b) Sở Nội vụ tham mưu UBND tỉnh ban hành quy chế phối hợp thực hiện Đề án, hoàn thành trước ngày 30/6/2025.
2. Phát triển hạ tầng
Công an tỉnh chủ trì, phối hợp với Sở Khoa học và Công nghệ và các đơn vị liên quan bảo đảm hạ tầng kết nối cơ sở dữ liệu quốc gia về dân cư với hệ thống thông tin giải quyết thủ tục hành chính của tỉnh; thời gian thực hiện: thường xuyên.
3. Tuyên truyền
Đài Phát thanh và Truyền hình tỉnh, Báo Quảng Nam mở chuyên trang, chuyên mục tuyên truyền về Đề án 06 trong năm 2025.

IV. TỔ CHỨC THỰC HIỆN
1. Công an tỉnh là cơ quan thường trực, theo dõi, đôn đốc các sở, ngành, địa phương triển khai Kế hoạch; định kỳ hằng tháng (trước ngày 20) báo cáo kết quả về UBND tỉnh.
2. Sở Tài chính tham mưu bố trí kinh phí thực hiện Kế hoạch.
3. UBND các huyện, thị xã, thành phố căn cứ Kế hoạch này xây dựng kế hoạch của địa phương, hoàn thành trong tháng 4/2025.

Nơi nhận:
- Bộ Công an;
- TT Tỉnh ủy;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Trần Anh Tuấn
"""


def test_a_provincial_plan_reads_as_a_civil_servant_would():
    (doc,) = extract_text(PLAN).documents
    assert (doc.number, doc.type, doc.issuer, doc.issued_date, doc.signer) == (
        "215/KH-UBND", "Kế hoạch", "Ủy ban nhân dân tỉnh Quảng Nam", "2025-03-12", "Trần Anh Tuấn")
    assert [(t.section, t.lead, t.coordinating, t.deadline, t.recurrence) for t in doc.tasks] == [
        ("III.1.a", ["Sở Tư pháp"], ["Công an tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"], "2025-06-30", None),
        ("III.1.b", ["Sở Nội vụ"], [], "2025-06-30", None),
        ("III.2", ["Công an tỉnh"], ["Sở Khoa học và Công nghệ", "các đơn vị liên quan"], None, "continuous"),
        ("III.3", ["Đài Phát thanh và Truyền hình tỉnh", "Báo Quảng Nam"], [], "2025-12-31", None),
        ("IV.1", ["Công an tỉnh"], [], None, "monthly"),
        ("IV.2", ["Sở Tài chính"], [], None, None),
        ("IV.3", ["Ủy ban nhân dân các huyện, thị xã, thành phố"], [], "2025-04-30", None)]
    assert [(t.indicator, t.value, t.unit, t.comparator, t.year) for t in doc.targets] == [
        ("Tỷ lệ hồ sơ thủ tục hành chính được số hóa kết quả giải quyết", 100, "%", "=", 2025),
        ("Tỷ lệ dịch vụ công trực tuyến toàn trình", 80, "%", ">=", 2025),
        ("Tỷ lệ người dân trưởng thành có tài khoản định danh điện tử mức độ 2", 70, "%", ">=", 2025),
        ("Nhóm tỉnh dẫn đầu cả nước về Chỉ số chuyển đổi số cấp tỉnh (DTI)", 10, "tỉnh", "<=", 2025)]
    assert [(r.type, r.number) for r in doc.references] == [("Quyết định", "06/QĐ-TTg")]
