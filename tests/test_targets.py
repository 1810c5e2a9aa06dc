"""Targets (guide §4): target tables, prose figures, years from headings, results and policy figures left out."""
import subprocess
import sys

import pandas as pd
import pytest

from extractor import extract_text
from extractor.patterns.figures import cell_figure
from extractor.patterns.numbers import parse_number


def rows(targets):
    return [(t.value, t.value_max, t.unit, t.comparator, t.year, t.basis) for t in targets]


def test_both_target_tables_of_000(corpus):
    targets = corpus("000").documents[0].targets
    assert rows(targets) == [(v, None, "%", op, 2025, "01/NQ-CP") for v, op in [
        (80, "="), (60, "="), (60, "="), (80, "="), (100, "="), (100, "="), (100, "="), (100, "="), (90, "="),
        (100, "="), (100, "=")]] + [(v, None, "%", op, 2025, "02/NQ-CP") for v, op in [
            (100, "="), (50, ">="), (100, "="), (90, ">=")]]
    assert targets[0].indicator == ("Tỷ lệ cung cấp dịch vụ công trực tuyến toàn trình trên tổng số thủ tục hành "
                                    "chính có đủ điều kiện trên Cổng Dịch vụ công quốc gia")
    # row 8 was cut by a page break: one target, its indicator whole
    assert targets[7].indicator.endswith("tiếp nhận thông tin, dữ liệu phục vụ chỉ đạo, điều hành trên môi trường điện tử")
    assert [t.source for t in targets] == ["table"] * 15


def test_year_blocks_of_468(corpus):
    targets = corpus("001").documents[1].targets
    by_year = {}
    for t in targets:
        by_year.setdefault(t.year, []).append((t.value, t.unit, t.comparator))
    assert by_year[2021] == [(40, "%", ">="), (30, "%", ">="), (20, "%", ">="), (15, "%", ">="), (100, "%", "=")]
    assert by_year[2022] == [(20, "%", ">="), (50, "%", "="), (30, "%", "="), (30, "%", ">="), (30, "phút", "<=")]
    assert by_year[2025] == [(80, "%", "="), (50, "%", ">="), (80, "%", ">="), (100, "%", "="),
                             (2000, "hồ sơ", ">="), (1800, "hồ sơ", ">="), (1600, "hồ sơ", ">="), (1200, "hồ sơ", ">="),
                             (800, "hồ sơ", ">="), (15, "phút", "<="), (30, "phút/hồ sơ", ">="), (95, "%", ">=")]
    levels = [t for t in targets if t.year == 2021][:4]
    assert [t.indicator.split(" đối với ")[-1] for t in levels] == [
        "kết quả thuộc thẩm quyền giải quyết của cấp trung ương", "kết quả thuộc thẩm quyền giải quyết của cấp tỉnh",
        "kết quả thuộc thẩm quyền giải quyết của cấp huyện", "kết quả thuộc thẩm quyền giải quyết của cấp xã"]
    assert [t.indicator for t in targets if t.year == 2022][1:3] == [
        "Tỷ lệ Bộ phận Một cửa cấp huyện triển khai quy trình số hóa hồ sơ, giấy tờ, kết quả giải quyết thủ tục hành chính",
        "Tỷ lệ Bộ phận Một cửa cấp xã triển khai quy trình số hóa hồ sơ, giấy tờ, kết quả giải quyết thủ tục hành chính"]


def test_prose_figures_of_1250(corpus):
    targets = corpus("003").documents[0].targets
    assert [(t.value, t.value_max, t.comparator, t.year) for t in targets] == [
        (100, None, "=", 2021), (100, None, "=", 2021), (80, None, "=", 2021), (20, None, "=", 2021),
        (25, None, "=", 2021), (50, None, "=", 2021), (100, None, "=", 2021), (100, None, "=", 2021),
        (100, None, "=", 2021), (50, None, "=", 2021), (30, None, "=", 2021), (35, None, "=", 2021),
        (10, 15, ">=", 2021)]
    assert targets[4].indicator == ("Tỷ lệ thanh toán trực tuyến trên Cổng Dịch vụ công quốc gia trên tổng, số giao "
                                    "dịch thanh toán của dịch vụ công")
    assert targets[8].indicator == ("Tỷ lệ cung cấp thanh toán trực tuyến đối với các khoản thuế nội địa trên Cổng Dịch vụ "
                                    "công quốc gia")


def test_prose_target_and_its_gazette_table_row_are_one(corpus):
    (t,) = corpus("005").documents[0].targets
    assert (t.indicator, t.value, t.unit, t.comparator, t.year) == ("Tỷ lệ bao phủ bảo hiểm y tế", 95.5, "%", ">", 2026)


def _targets(sentence):
    ex = extract_text("Số: 01/CT-TTg\nHà Nội, ngày 02 tháng 01 năm 2025\nCHỈ THỊ\nVề việc thử\n\n"
                      "Thủ tướng Chính phủ chỉ thị:\n1. " + sentence + "\n")
    return [(t.value, t.unit, t.comparator, t.year) for t in ex.documents[0].targets]


@pytest.mark.parametrize("sentence,expected", [
    ("Bảo đảm tỷ lệ hồ sơ trực tuyến đạt tối thiểu 80% vào năm 2026.", [(80, "%", ">=", 2026)]),
    ("Tối thiểu 80% hồ sơ TTHC được xử lý hoàn toàn trực tuyến.", [(80, "%", ">=", None)]),
    ("Giảm thời gian chờ đợi xuống trung bình còn tối đa 30 phút/01 hồ sơ.", [(30, "phút/hồ sơ", "<=", None)]),
    ("Phấn đấu 100% xã được công nhận đạt chuẩn.", [(100, "%", "=", None)]),
    ("Tỷ lệ hài lòng đạt trên 90%.", [(90, "%", ">", None)]),
    ("Tỷ lệ hồ sơ trễ hạn không quá 5%.", [(5, "%", "<=", None)]),
    # reported results and policy figures are not targets
    ("Đã cắt giảm 3.451/6.191 ĐKKD (55,7%), tiết kiệm hơn 5,9 triệu ngày công.", []),
    ("90% các cơ quan đã xử lý công việc trên môi trường điện tử.", []),
    ("Kết quả: đạt được 70% kế hoạch năm.", []),
    ("Hỗ trợ 50% chi phí, tối đa 2 tỷ đồng/doanh nghiệp.", []),
    ("Phân cấp giải quyết 699/5.187 TTHC, đạt tỷ lệ 13,47%.", []),
    # a comparison year is not the year due, nor is the issuing year (guide §4: `null` when none is stated)
    ("Nâng tỷ lệ dịch vụ công trực tuyến tăng thêm so với năm 2020 là 20%.", [(20, "%", "=", None)]),
])
def test_prose_targets_and_results(sentence, expected):
    assert _targets(sentence) == expected


def test_past_tense_relative_clause_is_still_a_target():
    assert _targets("100% hồ sơ thủ tục hành chính đã giải quyết thành công được số hóa.") == [(100, "%", "=", None)]


def test_numbers_read_the_vietnamese_way():
    assert [parse_number(x) for x in ("13,47", "1.200", "5.000,5", "05", "95,5")] == [13.47, 1200, 5000.5, 5, 95.5]
    cells = [cell_figure(c) for c in ("10 - 15", "Tối thiểu 50", "≥ 90", "Trên 80", "Không quá 5", "Phấn đấu ≥ 10,0")]
    assert [(f.comparator, f.value, f.value_max) for f in cells] == [
        (">=", 10, 15), (">=", 50, None), (">=", 90, None), (">", 80, None), ("<=", 5, None), (">=", 10, None)]


def test_year_columns_give_one_target_per_year():
    text = ("Số: 05/KH-UBND\nHà Nội, ngày 02 tháng 01 năm 2024\nKẾ HOẠCH\nVề chuyển đổi số\n"
            "I. CHỈ TIÊU\nTT\tChỉ tiêu\tĐơn vị tính\t2024\t2025\n1.\tTỷ lệ hồ sơ trực tuyến\t%\t60\tTối thiểu 80\n")
    targets = extract_text(text).documents[0].targets
    assert [(t.indicator, t.value, t.comparator, t.year, t.unit) for t in targets] == [
        ("Tỷ lệ hồ sơ trực tuyến", 60, "=", 2024, "%"), ("Tỷ lệ hồ sơ trực tuyến", 80, ">=", 2025, "%")]


def test_status_table_as_frame(corpus):
    tb = next(t for t in corpus("004").documents[0].tables if t.header and t.header[0] == "TT")
    frame = tb.to_frame()
    assert frame.shape[0] == len(tb.rows)
    row = frame[frame["TT"] == "10"].iloc[0]
    assert row["Tên bộ, cơ quan, địa phương (B, ĐP)"] == "Bộ Nội vụ"
    assert row["Chế độ báo cáo (CĐBC) định kỳ thuộc phạm vi quản lý / Tổng số CĐBC"] == "34"
    assert row["Địa chỉ truy cập HTTTBC của B, ĐP"] == "https://baocaobnv.moha.gov.vn"
    row = frame[frame["Tên bộ, cơ quan, địa phương (B, ĐP)"] == "Ngân hàng Nhà nước Việt Nam"].iloc[0]
    assert list(row.iloc[1:8]) == ["19", "Ngân hàng Nhà nước Việt Nam", "47", "09", "38", "22", "09/09"]


def test_tables_cli_writes_csv(tmp_path):
    run = subprocess.run([sys.executable, "-m", "extractor", "tables", "corpus/000_fcc27b92ff946782.txt", "-o",
                          str(tmp_path)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    files = sorted(p.name for p in tmp_path.glob("*.csv"))
    assert files == ["000_fcc27b92ff946782.doc1.table1.csv", "000_fcc27b92ff946782.doc1.table2.csv"]
    frame = pd.read_csv(tmp_path / files[1], dtype=str)
    assert list(frame.columns) == ["group", "STT", "Chỉ tiêu", "Đơn vị", "Chỉ tiêu năm 2025"]
    assert frame.loc[3, "Chỉ tiêu năm 2025"] == "Tối thiểu 90"
