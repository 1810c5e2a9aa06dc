"""Targets set in the prose of plans, resolutions, decisions and letters (guide §4): what is a level to reach and what is
not, what is measured, and the horizon that governs each figure. Every document here is written for the test in the
style of real provincial and ministerial texts; none is a line of the dev corpus."""
from extractor import extract_text


def document(body, *, kind="KẾ HOẠCH", number="Số: 112/KH-UBND", title="Phát triển thương mại điện tử",
             issuer="ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH", date="Hà Tĩnh, ngày 15 tháng 3 năm 2024"):
    text = (f"{issuer}\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\n"
            f"{number}\n{date}\n\n{kind}\n{title}\n\n{body}\n\nNơi nhận:\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\n"
            "Nguyễn Văn Hải\n")
    (doc,) = extract_text(text).documents
    return doc


def fields(doc):
    return [(t.indicator, t.unit, t.value, t.comparator, t.year) for t in doc.targets]


PLAN = """I. MỤC ĐÍCH, YÊU CẦU
Phát triển thương mại điện tử thành kênh phân phối quan trọng của doanh nghiệp.
II. MỤC TIÊU
1. Mục tiêu chung
Thương mại điện tử phát triển nhanh, bền vững.
2. Mục tiêu cụ thể đến năm 2025
- 50% dân số tham gia mua sắm trực tuyến.
- Phấn đấu có 1.000 doanh nghiệp tham gia các sàn giao dịch thương mại điện tử; trong đó 60 doanh nghiệp có doanh thu xuất khẩu qua sàn đạt 1 triệu USD/năm.
- Tỷ lệ thanh toán không dùng tiền mặt trong thương mại điện tử đạt tối thiểu 80%.
- Thời gian giao hàng trung bình giảm xuống còn không quá 24 giờ/đơn hàng.
III. NHIỆM VỤ VÀ GIẢI PHÁP
1. Sở Công Thương chủ trì, phối hợp với các sở, ngành tổ chức đào tạo kỹ năng thương mại điện tử cho 500 doanh nghiệp, hợp tác xã, hoàn thành trong năm 2024.
2. Sở Thông tin và Truyền thông bảo đảm 100% xã, phường có cáp quang đến trung tâm xã trước ngày 31 tháng 12 năm 2025.
3. Ủy ban nhân dân cấp huyện hướng dẫn người dân; trong thời hạn 05 ngày làm việc kể từ ngày nhận hồ sơ, cơ quan tiếp nhận phải trả lời bằng văn bản.
IV. KINH PHÍ THỰC HIỆN
Tổng kinh phí thực hiện Kế hoạch là 3.500 triệu đồng; ngân sách tỉnh hỗ trợ 50% chi phí tổ chức hội chợ trực tuyến, tối đa 200 triệu đồng/doanh nghiệp.
V. TỔ CHỨC THỰC HIỆN
Các sở, ngành báo cáo kết quả thực hiện về Sở Công Thương trước ngày 15 tháng 12 hằng năm."""


def test_a_provincial_plan():
    assert fields(document(PLAN)) == [
        ("Tỷ lệ dân số tham gia mua sắm trực tuyến", "%", 50, "=", 2025),
        ("Số doanh nghiệp tham gia các sàn giao dịch thương mại điện tử", "doanh nghiệp", 1000, "=", 2025),
        # a figure that only qualifies what is counted is part of the indicator: one target, not two
        ("Số doanh nghiệp có doanh thu xuất khẩu qua sàn đạt 1 triệu USD/năm", "doanh nghiệp", 60, "=", 2025),
        ("Tỷ lệ thanh toán không dùng tiền mặt trong thương mại điện tử", "%", 80, ">=", 2025),
        ("Thời gian giao hàng", "giờ/đơn hàng", 24, "<=", 2025),
        # figures in task items: the work applied to what is counted, the task's own time its year
        ("Số doanh nghiệp, hợp tác xã được đào tạo kỹ năng thương mại điện tử", "doanh nghiệp", 500, "=", 2024),
        ("Tỷ lệ xã, phường có cáp quang đến trung tâm xã", "%", 100, "=", 2025),
    ]   # the procedural time limit, the budget and the support rate are not targets


def test_a_sentence_opening_with_a_horizon_governs_the_sentences_after_it():
    doc = document("II. MỤC TIÊU\nBảo đảm 100% hồ sơ được số hóa. Đến năm 2026, tối thiểu 70% thủ tục được giải quyết "
                   "trực tuyến. Mức độ hài lòng của người dân đạt tối thiểu 85%. Đến năm 2030, 90% giao dịch được "
                   "thanh toán điện tử.", title="Chuyển đổi số")
    assert [(t.value, t.year) for t in doc.targets] == [(100, None), (70, 2026), (85, 2026), (90, 2030)]


def test_years_from_headings_phases_and_starts():
    doc = document("III. LỘ TRÌNH THỰC HIỆN\n1. Giai đoạn 2 (từ năm 2026 đến hết năm 2028)\n"
                   "a) Cung cấp dịch vụ cho 100% bệnh viện tuyến tỉnh.\n"
                   "b) Từ năm 2027, 80% trạm y tế xã kết nối hồ sơ sức khỏe điện tử.\n"
                   "2. Năm 2029\nTỷ lệ người dân có hồ sơ sức khỏe điện tử đạt trên 95%.", title="Chuyển đổi số y tế")
    assert [(t.value, t.comparator, t.year) for t in doc.targets] == [(100, "=", 2028), (80, "=", 2027),
                                                                     (95, ">", 2029)]
    assert doc.targets[0].indicator == "Tỷ lệ bệnh viện tuyến tỉnh được cung cấp dịch vụ"


def test_the_issuing_year_is_not_a_default():
    doc = document("1. Các sở, ngành bảo đảm 100% văn bản được ký số.\n"
                   "2. Nâng tỷ lệ hồ sơ trực tuyến tăng thêm so với năm 2023 là 15%.",
                   kind="CHỈ THỊ", number="Số: 05/CT-UBND", title="Về tăng cường chuyển đổi số")
    assert [(t.value, t.year) for t in doc.targets] == [(100, None), (15, None)]   # `so với năm 2023` is a baseline


def test_a_yearly_plan_gives_its_year_to_figures_without_one():
    doc = document("II. NHIỆM VỤ\n1. Bảo đảm 95% hồ sơ được giải quyết đúng hạn.",
                   title="Kiểm soát thủ tục hành chính năm 2026")
    assert [(t.value, t.year) for t in doc.targets] == [(95, 2026)]


def test_a_quoted_national_goal_keeps_its_horizon():
    doc = document("II. MỤC TIÊU\nGóp phần thực hiện mục tiêu quốc gia “Đến năm 2030, kinh tế số chiếm khoảng 30% "
                   "GDP”.", title="Phát triển kinh tế số")
    assert fields(doc) == [("Tỷ trọng kinh tế số trong GDP", "% GDP", 30, "=", 2030)]


def test_rankings_shares_of_gdp_and_rates_per_year():
    doc = document("I. MỤC TIÊU\na) Đến năm 2025:\n- Tốc độ tăng năng suất lao động bình quân đạt trên 6,5%/năm.\n"
                   "- Kinh tế số chiếm khoảng 20% GDP; kim ngạch xuất khẩu đạt khoảng 55 tỷ USD/năm.\n"
                   "- Việt Nam thuộc nhóm 3 nước dẫn đầu ASEAN về chỉ số đổi mới sáng tạo và 40 quốc gia hàng đầu "
                   "thế giới.\n- Có 04 - 05 doanh nghiệp công nghệ số đủ năng lực cạnh tranh quốc tế.\n"
                   "b) Mục tiêu 2026 - 2030: Tỷ lệ doanh nghiệp ứng dụng nền tảng số đạt tối thiểu 70%.",
                   kind="NGHỊ QUYẾT", number="Số: 58/NQ-CP", issuer="CHÍNH PHỦ", title="Về hỗ trợ doanh nghiệp",
                   date="Hà Nội, ngày 21 tháng 4 năm 2023")
    assert fields(doc) == [
        ("Tốc độ tăng năng suất lao động bình quân", "%/năm", 6.5, ">", 2025),
        ("Tỷ trọng kinh tế số trong GDP", "% GDP", 20, "=", 2025),
        ("Kim ngạch xuất khẩu", "tỷ USD/năm", 55, "=", 2025),
        ("Nhóm nước dẫn đầu ASEAN về chỉ số đổi mới sáng tạo có Việt Nam", "nước", 3, "<=", 2025),
        ("Nhóm quốc gia hàng đầu thế giới về chỉ số đổi mới sáng tạo có Việt Nam", "quốc gia", 40, "<=", 2025),
        ("Số doanh nghiệp công nghệ số đủ năng lực cạnh tranh quốc tế", "doanh nghiệp", 4, ">=", 2025),
        ("Tỷ lệ doanh nghiệp ứng dụng nền tảng số", "%", 70, ">=", 2030),
    ]
    assert doc.targets[5].value_max == 5


def test_one_sentence_several_levels():
    doc = document("II. MỤC TIÊU\nHoàn thành việc số hóa hồ sơ đạt tối thiểu tương ứng 50%, 40%, 30% đối với cấp "
                   "tỉnh, cấp huyện, cấp xã.", title="Số hóa hồ sơ năm 2025")
    assert [(t.value, t.comparator, t.indicator) for t in doc.targets] == [
        (50, ">=", "Tỷ lệ số hóa hồ sơ đối với cấp tỉnh"), (40, ">=", "Tỷ lệ số hóa hồ sơ đối với cấp huyện"),
        (30, ">=", "Tỷ lệ số hóa hồ sơ đối với cấp xã")]


def test_the_basis_named_where_the_figures_are_introduced():
    doc = document("1. Các sở, ngành bảo đảm đạt các chỉ tiêu được giao tại Nghị quyết số 01/NQ-CP, cụ thể: tỷ lệ "
                   "hồ sơ giải quyết đúng hạn đạt 98%; tỷ lệ văn bản điện tử đạt 95%.",
                   kind="CHỈ THỊ", number="Số: 05/CT-UBND", title="Về tăng cường kỷ luật hành chính")
    assert [(t.indicator, t.value, t.basis) for t in doc.targets] == [
        ("Tỷ lệ hồ sơ giải quyết đúng hạn", 98, "01/NQ-CP"), ("Tỷ lệ văn bản điện tử", 95, "01/NQ-CP")]


def test_figures_that_are_not_levels_to_reach():
    doc = document("I. TÌNH HÌNH THỰC HIỆN\nNăm 2023, toàn tỉnh đã đạt 85% kế hoạch năm.\n"
                   "II. NHIỆM VỤ\n1. Tỷ lệ hồ sơ trực tuyến năm 2024 tăng 8% so với cùng kỳ.\n"
                   "2. Hỗ trợ 50% chi phí thuê giải pháp, tối đa 100 triệu đồng/doanh nghiệp.\n"
                   "3. Tăng tỷ lệ số hóa mỗi năm thêm 20% cho đến khi đạt 100%.\n"
                   "4. Bố trí ít nhất 02 công chức làm đầu mối.\n"
                   "5. Trường hợp hồ sơ chưa đầy đủ thì trong 03 ngày làm việc cơ quan tiếp nhận hướng dẫn bổ sung.\n"
                   "6. Ví dụ: doanh nghiệp có chi phí 200 triệu đồng thì được hỗ trợ 50% là 100 triệu đồng.\n"
                   "7. Năm 2023, tăng trưởng ước đạt 6,2%; thu ngân sách đạt 115% dự toán.",
                   title="Hỗ trợ doanh nghiệp năm 2024")
    assert doc.targets == []


def test_a_letter_that_reports_gives_only_its_explicit_goals():
    doc = document("Kính gửi: Văn phòng Chính phủ.\n\n1. Năm 2023, toàn ngành đã đạt 85% kế hoạch năm; 98% doanh "
                   "nghiệp khai thuế điện tử.\n2. Số thu ngân sách đạt 1.700 nghìn tỷ đồng.\n"
                   "3. Năm 2024, Bộ Tài chính phấn đấu tỷ lệ hồ sơ khai thuế điện tử đạt trên 99%.",
                   kind="", number="Số: 2345/BTC-TCT\nV/v báo cáo kết quả thanh toán điện tử năm 2023", title="",
                   issuer="BỘ TÀI CHÍNH", date="Hà Nội, ngày 12 tháng 01 năm 2024")
    assert fields(doc) == [("Tỷ lệ hồ sơ khai thuế điện tử", "%", 99, ">", 2024)]


def test_a_resolution_of_a_provincial_council():
    doc = document("Điều 1. Mục tiêu, chỉ tiêu chủ yếu năm 2024\n1. Các chỉ tiêu chủ yếu\n"
                   "a) Tốc độ tăng trưởng kinh tế (GRDP) đạt 7,5 - 8%.\nb) GRDP bình quân đầu người đạt 100 triệu đồng.\n"
                   "c) Thu ngân sách nhà nước trên địa bàn đạt 25.000 tỷ đồng.\n"
                   "d) Giải quyết việc làm cho 25.000 lao động; tỷ lệ lao động qua đào tạo đạt 70%.\n"
                   "đ) Tuổi thọ trung bình đạt 75 tuổi.\nĐiều 2. Tổ chức thực hiện\n"
                   "Nghị quyết này có hiệu lực từ ngày ký.", kind="NGHỊ QUYẾT", number="Số: 85/NQ-HĐND",
                   issuer="HỘI ĐỒNG NHÂN DÂN\nTỈNH QUẢNG NGÃI", title="Về kế hoạch phát triển kinh tế - xã hội năm 2024",
                   date="Quảng Ngãi, ngày 08 tháng 12 năm 2023")
    assert fields(doc) == [
        ("Tốc độ tăng trưởng kinh tế (GRDP)", "%", 7.5, ">=", 2024),
        ("GRDP bình quân đầu người", "triệu đồng", 100, "=", 2024),
        ("Thu ngân sách nhà nước trên địa bàn", "tỷ đồng", 25000, "=", 2024),
        ("Số lao động được giải quyết việc làm", "lao động", 25000, "=", 2024),
        ("Tỷ lệ lao động qua đào tạo", "%", 70, "=", 2024),
        ("Tuổi thọ", "tuổi", 75, "=", 2024),
    ]
