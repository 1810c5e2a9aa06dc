"""`extractor show FILE`: the Vietnamese terminal summary (number, type, date, issuer, title, tasks, targets,
references) on bundled corpus files, and with -o the HTML view."""
from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from extractor.cli import app
from extractor.view import cut, named_parent, vn_date

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def _show(name: str, *args: str):
    return CliRunner().invoke(app, ["show", str(next(CORPUS.glob(f"{name}*"))), *args], env={"COLUMNS": "120"})


def test_summary_of_a_decision_in_vietnamese():
    r = _show("002_")
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[:13] == [
        "Quyết định 240/QĐ-TTg",
        "  Số: 240/QĐ-TTg",
        "  Loại: Quyết định",
        "  Ngày ban hành: 04/02/2025",
        "  Nơi ban hành: Hà Nội",
        "  Cơ quan ban hành: Thủ tướng Chính phủ",
        "  Trích yếu: Ban hành Kế hoạch cải cách thủ tục hành chính trọng tâm năm 2025",
        "  Người ký: Nguyễn Hòa Bình",
        "",
        "Nhiệm vụ (52)",
        # the text is cut at a word, `…` after it; a long line wraps under the task's text
        "  1. [mục III.1.a] Các bộ, ngành, địa phương kiểm soát chặt chẽ và thực hiện nghiêm việc đánh giá tác động chính",
        "     sách, TTHC tại các đề nghị xây dựng, dự án, dự thảo văn bản QPPL; tiếp thu, giải trình đầy đủ ý kiến thẩm…",
        "     Chủ trì: các bộ, ngành, địa phương",
    ]
    # lead, coordinating agencies and the deadline with its words
    at = lines.index("  52. [mục IV.6] Văn phòng Chính phủ chủ trì, phối hợp với các bộ, cơ quan, địa phương tổng hợp "
                     "tình hình, kết quả")
    assert lines[at + 1:at + 3] == [
        "      thực hiện Kế hoạch này trong báo cáo tình hình, kết quả thực hiện nhiệm vụ cải cách, kiểm soát TTHC…",
        "      Chủ trì: Văn phòng Chính phủ; Phối hợp: các bộ, cơ quan, địa phương; Thời hạn: định kỳ hàng tháng"]
    assert "      Chủ trì: Văn phòng Chính phủ; Thời hạn: 30/06/2025 (hoàn thành trong Quý II năm 2025)" in lines
    # targets: indicator, level with its unit, year; references: type, number, date
    at = lines.index("Chỉ tiêu (3)")
    assert lines[at:at + 6] == [
        "Chỉ tiêu (3)",
        "  1. [mục III.2.a] Tỷ lệ hồ sơ TTHC phải được tiếp nhận: 100% (năm 2025)",
        "  2. [mục III.2.a] Tỷ lệ TTHC đủ điều kiện: 100% (năm 2025)",
        "  3. [mục III.2.a] Tỷ lệ hồ sơ TTHC được xử lý hoàn toàn trực tuyến: ≥ 80% (năm 2025)",
        "",
        "Văn bản dẫn chiếu (28)"]
    assert lines[at + 6:at + 8] == ["  - Nghị định 79/2022/NĐ-CP ngày 06/10/2022",
                                    "  - Nghị quyết 57-NQ/TW ngày 22/12/2024"]
    assert len(lines) == at + 6 + 28
    assert not any(line != line.rstrip() for line in lines)                  # no padding after the words
    assert "issued_date" not in r.output and "Tasks" not in r.output


def test_summary_of_an_appendix_names_the_document_it_comes_with():
    lines = _show("000_").output.splitlines()
    assert lines[:9] == [
        "Phụ lục kèm theo Công văn …/VPCP-KSTT",
        "  Số: (không số)",
        "  Loại: Phụ lục",
        "  Ngày ban hành: 01/2025",
        "  Cơ quan ban hành: Văn phòng Chính phủ",
        ("  Trích yếu: Nhiệm vụ, chỉ tiêu về cải cách thủ tục hành chính, hiện đại hóa phương thức chỉ đạo, điều hành bộ, "
        "ngành,"),
        "  địa phương được Chính phủ giao",
        "  Kèm theo văn bản: Công văn …/VPCP-KSTT",
        ""]
    # a table's target keeps its unit (the row's text holds the bare `80`) and its year
    assert "  4. [mục II.1] Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính: 80% (năm 2025)" in lines
    assert "  13. [mục II.2] Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa: ≥ 50% (năm 2025)" in lines


def test_a_file_of_several_documents_shows_each():
    lines = _show("001_").output.splitlines()
    heads = [ln for ln in lines if ln and not ln.startswith(" ") and "(" not in ln]
    assert heads == ["Chỉ thị 23/CT-TTg", "Quyết định 468/QĐ-TTg", "Quyết định 979/QĐ-BNV"]


def test_with_out_it_writes_the_html_view(tmp_path):
    out = tmp_path / "view.html"
    r = _show("002_", "-o", str(out))
    assert r.exit_code == 0 and r.output.strip() == f"{out}: 52 tasks, 3 targets"
    html = out.read_text(encoding="utf-8")
    assert html.count('class="task"') == 52 and "<mark" in html   # the displaCy view, each task in its block
    assert 'id="sec-' in html                                        # the headings' anchors


def test_a_missing_file_is_one_line_and_status_1(tmp_path):
    r = CliRunner().invoke(app, ["show", str(tmp_path / "none.txt")])
    assert r.exit_code == 1 and len(r.output.strip().splitlines()) == 1


def test_cut_at_a_word():
    text = "Tập trung cắt giảm, đơn giản hóa thủ tục hành chính"
    assert cut(text, 100) == text
    assert cut(text, 20) == "Tập trung cắt giảm…"          # never `giả…`, the comma dropped
    assert cut(text, 23) == "Tập trung cắt giảm, đơn…"    # a word ending exactly at the width is kept
    assert cut("  nhiều   khoảng\ntrắng ", 50) == "nhiều khoảng trắng"
    assert cut("Mộttừrấtdàikhôngcókhoảngtrắng", 10) == "Mộttừrấtdà…"


def test_vietnamese_dates_and_the_named_parent():
    assert [vn_date(x) for x in ("2025-02-04", "2025-01", "2025", None)] == ["04/02/2025", "01/2025", "2025", ""]
    assert named_parent("Phụ lục\nTIÊU ĐỀ\n\n*(Kèm theo Công văn số: /VPCP-KSTT ngày tháng 01 năm 2025\n"
                        "của Văn phòng Chính phủ)*\n") == "Công văn …/VPCP-KSTT"
    assert named_parent("PHỤ LỤC\n(Kèm theo Quyết định số 240/QĐ-TTg ngày 04 tháng 02 năm 2025)") == \
        "Quyết định 240/QĐ-TTg"
    assert named_parent("Phụ lục\nI. NHIỆM VỤ\nCăn cứ Quyết định số 240/QĐ-TTg") is None
