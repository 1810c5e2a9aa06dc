"""Tables a PDF text layer prints one fragment a line, column by column: header, rows, cells, page breaks, spanning cells; and tables set sideways in a PDF."""
from pathlib import Path

import pytest

from extractor.parsers.fragments import agency_like, find_fragment_tables, time_like, verb_like
from extractor.pipeline import extract_text

HEADER = "STT \nNội dung nhiệm vụ \nĐơn vị chủ \ntrì \nĐơn vị phối \nhợp \nThời hạn \nhoàn thành \n"

# a plan's appendix as a gazette text layer gives it: a header cut into one line per fragment, group rows, narrow
# cells wrapped word by word, a numbered list in a cell, a page break (page number, the header again) cutting row 3
PLAN = ("BỘ TƯ PHÁP\nPhụ lục\nDANH MỤC NHIỆM VỤ TRIỂN KHAI KẾ HOẠCH NĂM 2026\n"
        "(Kèm theo Quyết định số 512/QĐ-BTP ngày 10 tháng 4 năm 2026 của Bộ trưởng Bộ Tư pháp)\n"
        + HEADER +
        "I. Hoàn thiện thể chế về trợ giúp pháp lý\n"
        "1. \nRà soát, đánh giá các văn bản quy phạm \npháp luật về trợ giúp pháp lý, đề xuất sửa \n"
        "đổi, bổ sung phù hợp với thực tiễn. \nCục Trợ giúp \npháp lý \nVụ Pháp luật \ndân sự - kinh tế, \n"
        "Vụ Các vấn đề \nchung về xây \ndựng pháp luật \nQuý III/2026 \n"
        "2. \nXây dựng Thông tư hướng dẫn quy trình \ntiếp nhận yêu cầu trợ giúp pháp lý trên \n"
        "môi trường điện tử \nCục Trợ giúp \npháp lý \n(1) Cục Công nghệ \nthông tin \n(2) Văn phòng Bộ \n"
        "Tháng 12/2026 \n"
        "II. Nâng cao năng lực đội ngũ\n"
        "3. \nTổ chức tập huấn nghiệp vụ cho đội ngũ \ntrợ giúp viên pháp lý tại các địa phương, \n"
        "Sở Tư pháp các \ntỉnh, thành phố \nCục Trợ giúp \npháp lý \nHằng năm \n\n \n13 \n"
        + HEADER +
        "bảo đảm mỗi tỉnh, thành phố tổ chức ít \nnhất một lớp trong năm \n"
        "4. \nKiểm tra việc thực hiện chính sách trợ \ngiúp pháp lý đối với người khuyết tật \n"
        "Thanh tra Bộ \nCục Trợ giúp \npháp lý \nThường xuyên \n")


def _rows(text):
    (tb,) = find_fragment_tables(text)
    return tb, [r.cells for r in tb.rows]


def test_cell_shapes():
    assert time_like("Quý IV/2026") and time_like("Thường xuyên") and time_like("31/12/2026")
    assert time_like("Trước năm 2027") and not time_like("Trình Chính phủ ban hành")
    assert agency_like("Sở Tài chính") and agency_like("(1) Bộ Tư pháp") and agency_like("UBND các huyện")
    assert agency_like("Các cơ quan, tổ") and not agency_like("Hệ thống vận hành") and not agency_like("ISO 9001")
    assert verb_like("Rà soát, đánh giá") and not verb_like("Sở Tài chính")


def test_plan_appendix_rows_and_cells():
    tb, rows = _rows(PLAN)
    assert tb.header == ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn hoàn thành"]
    assert (tb.kind, tb.roles) == ("tasks", ["number", "task", "lead", "coordinating", "time"])
    assert tb.groups == ["I. Hoàn thiện thể chế về trợ giúp pháp lý", "II. Nâng cao năng lực đội ngũ"]
    assert rows == [
        ["1.", "Rà soát, đánh giá các văn bản quy phạm pháp luật về trợ giúp pháp lý, đề xuất sửa đổi, bổ sung phù "
               "hợp với thực tiễn.", "Cục Trợ giúp pháp lý",
         "Vụ Pháp luật dân sự - kinh tế, Vụ Các vấn đề chung về xây dựng pháp luật", "Quý III/2026"],
        ["2.", "Xây dựng Thông tư hướng dẫn quy trình tiếp nhận yêu cầu trợ giúp pháp lý trên môi trường điện tử",
         "Cục Trợ giúp pháp lý", "(1) Cục Công nghệ thông tin (2) Văn phòng Bộ", "Tháng 12/2026"],
        # the page break cut row 3: its task goes on after the page number and the header printed again
        ["3.", "Tổ chức tập huấn nghiệp vụ cho đội ngũ trợ giúp viên pháp lý tại các địa phương, bảo đảm mỗi tỉnh, "
               "thành phố tổ chức ít nhất một lớp trong năm", "Sở Tư pháp các tỉnh, thành phố",
         "Cục Trợ giúp pháp lý", "Hằng năm"],
        ["4.", "Kiểm tra việc thực hiện chính sách trợ giúp pháp lý đối với người khuyết tật", "Thanh tra Bộ",
         "Cục Trợ giúp pháp lý", "Thường xuyên"]]
    assert [r.group for r in tb.rows] == [tb.groups[0]] * 2 + [tb.groups[1]] * 2
    # each cell's span points at its own words; a cell cut by the page spans both of its parts
    row = tb.rows[1]
    assert PLAN[slice(*row.cell_spans[4])] == "Tháng 12/2026"
    assert PLAN[slice(*row.cell_spans[3])].split() == "(1) Cục Công nghệ thông tin (2) Văn phòng Bộ".split()
    cut = PLAN[slice(*tb.rows[2].cell_spans[1])]
    assert cut.startswith("Tổ chức tập huấn") and cut.rstrip().endswith("một lớp trong năm") and "13" in cut


def test_plan_appendix_tasks():
    text = ("BỘ TƯ PHÁP\nSố: 512/QĐ-BTP\nHà Nội, ngày 10 tháng 4 năm 2026\nQUYẾT ĐỊNH\n"
            "Ban hành Kế hoạch trợ giúp pháp lý năm 2026\n" + PLAN.split("\n", 1)[1])
    doc = extract_text(text).documents[0]
    tasks = [t for t in doc.tasks if t.source == "table"]
    assert [(t.deadline, t.recurrence, t.deadline_text) for t in tasks] == [
        ("2026-09-30", None, "Quý III/2026"), ("2026-12-31", None, "Tháng 12/2026"), (None, "yearly", "Hằng năm"),
        (None, "continuous", "Thường xuyên")]
    assert [t.lead for t in tasks[:2]] == [["Cục Trợ giúp pháp lý"], ["Cục Trợ giúp pháp lý"]]
    # the numbered list in the cell gives two agencies (their spelling is the agency stage's)
    assert [a.lower() for a in tasks[1].coordinating] == ["cục công nghệ thông tin", "văn phòng bộ"]
    assert tasks[0].text.startswith("Rà soát, đánh giá") and tasks[0].section.endswith("I.1")
    # no task is made of the table's words read as paragraphs
    assert not [t for t in doc.tasks if t.source != "table" and "STT" in t.text]


def test_agency_spanning_its_tasks_printed_at_the_top():
    text = ("STT \nCơ quan \nchủ trì \nNhiệm vụ \nThời hạn \n"
            "1 \nBộ Tài chính \nHướng dẫn cơ chế tài chính cho các dự án \nchuyển đổi số cấp tỉnh \nQuý II/2026 \n"
            "Bố trí kinh phí thường xuyên cho nền tảng \ndùng chung của các bộ, ngành \nHằng năm \n"
            "2 \nBộ Nội vụ \nTrình Chính phủ ban hành Nghị định về vị \ntrí việc làm trong lĩnh vực chuyển đổi số \n"
            "Tháng 10/2026 \n")
    tb, rows = _rows(text)
    assert rows == [
        ["1", "Bộ Tài chính", "Hướng dẫn cơ chế tài chính cho các dự án chuyển đổi số cấp tỉnh", "Quý II/2026"],
        ["1", "Bộ Tài chính", "Bố trí kinh phí thường xuyên cho nền tảng dùng chung của các bộ, ngành", "Hằng năm"],
        ["2", "Bộ Nội vụ", "Trình Chính phủ ban hành Nghị định về vị trí việc làm trong lĩnh vực chuyển đổi số",
         "Tháng 10/2026"]]
    # the agency's cell points at its words, printed once
    assert tb.rows[1].cell_spans[1] == tb.rows[0].cell_spans[1]


def test_agency_spanning_its_tasks_printed_at_their_middle():
    text = ("STT \nĐơn vị \nNhiệm vụ chủ trì \nThời gian \n"
            "Hướng dẫn các địa phương lập kế hoạch \nchuyển đổi số cấp xã \nQuý II/2026 \n"
            "1 \nSở Khoa học và \nCông nghệ \nTổ chức đánh giá mức độ chuyển đổi số \ncủa các sở, ngành \nQuý IV/2026 \n"
            "Cập nhật khung kiến trúc số của tỉnh \nTháng 9/2026 \n"
            "2 \nSở Tài chính \nBố trí kinh phí thực hiện Kế hoạch \nHằng năm \n")
    tb, rows = _rows(text)
    assert tb.roles == ["number", "lead", "task", "time"]
    assert [(r[0], r[1], r[2][:20], r[3]) for r in rows] == [
        ("1", "Sở Khoa học và Công nghệ", "Hướng dẫn các địa ph", "Quý II/2026"),
        ("1", "Sở Khoa học và Công nghệ", "Tổ chức đánh giá mức", "Quý IV/2026"),
        ("1", "Sở Khoa học và Công nghệ", "Cập nhật khung kiến ", "Tháng 9/2026"),
        ("2", "Sở Tài chính", "Bố trí kinh phí thực", "Hằng năm")]


def test_indicator_table_with_years_and_a_breakdown():
    text = ("STT \nChỉ tiêu \nĐơn vị \ntính \nNăm 2025 \nNăm 2030 \n"
            "1 \nTỷ lệ hồ sơ thủ tục hành chính được \nxử lý trực tuyến toàn trình \n% \n80 \n100 \n"
            "2 \nSố doanh nghiệp thành lập mới trên \nđịa bàn tỉnh \ndoanh nghiệp \n2.500 \n4.000 \n"
            "Trong đó: doanh nghiệp số \ndoanh nghiệp \n300 \n800 \n")
    tb, rows = _rows(text)
    assert (tb.kind, tb.roles, tb.years) == (
        "targets", ["number", "indicator", "unit", "value", "value"], [None, None, None, 2025, 2030])
    assert rows == [
        ["1", "Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến toàn trình", "%", "80", "100"],
        ["2", "Số doanh nghiệp thành lập mới trên địa bàn tỉnh", "doanh nghiệp", "2.500", "4.000"],
        ["2", "Trong đó: doanh nghiệp số", "doanh nghiệp", "300", "800"]]
    assert [r.parent for r in tb.rows] == [None, None, 1]


def test_no_table_without_known_columns_or_numbered_rows():
    # a slide's words one a line under `TT` name no column
    assert find_fragment_tables("TT\nMột\ncửa\nsố\nMột\ncửa,\nmột\ndấu\nNhiều\ncửa\n") == []
    # a header whose rows carry no number is not read as a table of fragments
    assert find_fragment_tables(HEADER + "Rà soát các thủ tục hành chính \nSở Tư pháp \nQuý I/2026 \n") == []


def test_prose_after_a_table_is_not_its_row():
    text = (HEADER + "1. \nRà soát các thủ tục hành chính nội bộ \nSở Tư pháp \nSở Nội vụ \nQuý I/2026 \n"
            "2. \nCông bố danh mục thủ tục được cắt giảm \nVăn phòng \nUBND tỉnh \nSở Tư pháp \nQuý II/2026 \n"
            "Các sở, ban, ngành căn cứ nhiệm vụ được giao tại Kế hoạch này chủ động xây dựng kế hoạch chi tiết, \n"
            "bố trí nguồn lực và báo cáo kết quả thực hiện về Sở Tư pháp trước ngày 15 tháng 12 hằng năm để tổng \n"
            "hợp, báo cáo Ủy ban nhân dân tỉnh theo quy định của pháp luật hiện hành về công tác này. \n")
    tb, rows = _rows(text)
    assert [r[0] for r in rows] == ["1.", "2."]
    assert rows[1][2:] == ["Văn phòng UBND tỉnh", "Sở Tư pháp", "Quý II/2026"]
    assert tb.end < text.index("Các sở, ban, ngành")


FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.mark.parametrize("angle", [90, -90])
def test_pdf_table_set_sideways_is_read_upright(angle):
    fpdf = pytest.importorskip("fpdf")
    if not FONT.exists():
        pytest.skip("no Vietnamese-capable TrueType font (fonts-dejavu-core)")
    from extractor.parsers.load import load_bytes

    pdf = fpdf.FPDF(format="A4")
    pdf.add_page()
    pdf.add_font("Viet", "", str(FONT))
    pdf.set_font("Viet", size=10)
    rows = [["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"],
            ["1", "Số hóa sổ hộ tịch lưu trữ", "Sở Tư pháp", "Quý III/2026"],
            ["2", "Kết nối dữ liệu dân cư", "Công an tỉnh", "Tháng 12/2026"]]
    with pdf.rotation(angle, x=105, y=148):     # a landscape table printed across a portrait page
        for r, row in enumerate(rows):
            x = 10
            for w, text in zip([15, 90, 50, 35], row):
                pdf.set_xy(x, 110 + 10 * r)
                pdf.cell(w, 10, text, border=1)
                x += w
    source = load_bytes(bytes(pdf.output()), "sideways.pdf")
    assert source.original.split("\n") == ["\t".join(row) for row in rows]


@pytest.mark.parametrize("after", [
    "Phụ lục II \nDANH MỤC THỦ TỤC HÀNH CHÍNH ĐƯỢC CẮT GIẢM \n",
    "DANH MỤC THỦ TỤC HÀNH CHÍNH ĐƯỢC CẮT GIẢM \n(Kèm theo Quyết định số 512/QĐ-BTP ngày 10 tháng 4 năm 2026) \n",
    "Mẫu số 02 \nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM \nĐộc lập - Tự do - Hạnh phúc \n",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM \nĐộc lập - Tự do - Hạnh phúc \n"])
def test_a_table_ends_where_the_next_appendix_or_form_begins(after):
    text = (HEADER + "1. \nRà soát các thủ tục hành chính nội bộ \nSở Tư pháp \nSở Nội vụ \nQuý I/2026 \n" + after +
            "1. Thủ tục cấp bản sao trích lục hộ tịch \n2. Thủ tục chứng thực chữ ký \n")
    tb, rows = _rows(text)
    assert rows == [["1.", "Rà soát các thủ tục hành chính nội bộ", "Sở Tư pháp", "Sở Nội vụ", "Quý I/2026"]]
    assert tb.end <= text.index(after)


def test_column_index_row_and_group_markers_on_their_own_lines():
    text = ("STT \nChỉ tiêu \nĐơn vị tính \nKế hoạch \nnăm 2026 \nA \nB \n1 \n2 \n"
            "I \nThu ngân sách \n1 \nThu nội địa \ntỷ đồng \n1.250 \n"
            "2 \nThu từ hoạt động xuất nhập khẩu \ntỷ đồng \n300 \n"
            "II \nChi ngân sách \n1 \nChi đầu tư phát triển \ntỷ đồng \n800 \n")
    tb, rows = _rows(text)
    assert tb.header == ["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch năm 2026"] and tb.years[3] == 2026
    assert tb.groups == ["I Thu ngân sách", "II Chi ngân sách"]
    assert rows == [["1", "Thu nội địa", "tỷ đồng", "1.250"], ["2", "Thu từ hoạt động xuất nhập khẩu", "tỷ đồng", "300"],
                    ["1", "Chi đầu tư phát triển", "tỷ đồng", "800"]]
    assert [r.group for r in tb.rows] == ["I Thu ngân sách"] * 2 + ["II Chi ngân sách"]


def test_table_parsers_import_no_stage():
    import ast

    root = Path(__file__).resolve().parent.parent / "extractor" / "parsers"
    for name in ("fragments.py", "tables.py"):
        tree = ast.parse((root / name).read_text(encoding="utf-8"))
        top = {id(n) for n in tree.body}
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                assert id(node) in top, f"{name}: import inside a function"
                if isinstance(node, ast.ImportFrom) and node.level:
                    assert node.module in ("lines", "model", "tables") or node.module.startswith("patterns"), \
                        (name, node.module)


def test_every_first_word_a_header_may_open_with_passes_the_header_pretest():
    """Lines are read as a header's first line only where the pretest (_head_cue, derived from the number labels of
    the data file) lets them: every number label that can stand as a line's first word, as tables print it (`STT`,
    `Stt`, `TT.`, `(STT)`), passes it; a line of running text does not."""
    from extractor.parsers.fragments import _head_cue
    from extractor.parsers.tables import label_role, labels_of
    cue = _head_cue()
    firsts = {lab for lab in labels_of("number") if len(lab.split()) == 1}
    assert firsts >= {"stt", "tt"}
    for lab in firsts:
        for form in (lab.upper(), lab.capitalize(), lab, lab.upper() + ".", f"({lab.upper()})"):
            if len(form) <= 6 and label_role(form) == "number":
                assert cue.match("  " + form + "\n"), form
    assert not cue.match("Bộ Tài chính chủ trì, phối hợp")


CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _corpus_lines() -> list[str]:
    return [ln.strip() for p in sorted(CORPUS.glob("*.txt")) for ln in p.read_text(encoding="utf-8").splitlines()]


def test_marker_gates_let_through_every_marker_they_look_for():
    """list_item, group_line, end_line and agency_like read a line's marker only when its first character is one the
    markers they look for open with: on every line of the bundled corpus and on markers of every kind they answer as
    a reading of every line's marker does."""
    from extractor.parsers import fragments as F
    from extractor.parsers import tables as T
    from extractor.patterns.fold import fold_tones
    from extractor.patterns.header import ATTACHED, QUOC_HIEU, RECIPIENTS
    from extractor.patterns.markers import match_marker
    marks = ["(1) Bộ Tư pháp", "(a) Sở", "(iv) Bộ", "- Hết", "– a", "— b", "+ c", "• d", "● e", "▪ f", "◦ g", "❖ h",
             "➢ i", "► j", "✓ k", "* l", "PHẦN I", "Phần thứ hai", "Chương II", "CHƯƠNG 3", "Mục 2. X", "MỤC 1: Y",
             "Điều 5. Z", "ĐIỀU 7. W", "IV. Đổi mới", "II) X", "L. Y", "C. Z", "", "(", "-"]
    for s in _corpus_lines() + marks:
        got = match_marker(s)
        kind = got[0] if got else None
        item = got[1] if kind in ("paren", "roman_paren") else "-" if kind in ("dash", "plus", "bullet") else None
        assert F.list_item(s) == item, s
        assert T.group_line(s) == (kind in ("roman", "part", "mục") or bool(T._LETTER_GROUP.match(s))), s
        ended = kind in ("chapter", "article") or bool(RECIPIENTS.match(s) or QUOC_HIEU.match(s)) \
            or bool(F._ends().match(fold_tones(s))) or s.startswith("(") and bool(ATTACHED.search(s))
        assert F.end_line(s) == ended, s
        text = s[got[2]:] if kind == "paren" else s
        plain = bool(T.STARTS_UPPER.match(text)) and (T.acronym_first(text) or T.opens_with(text, T.agency_openings()))
        assert T.agency_like(s) == plain, s


def test_a_line_is_cut_only_where_its_first_word_may_open_a_time_or_an_agency():
    """_pieces reads time_like and agency_like only where _may_open lets it: on every capitalised word of the bundled
    corpus's lines, each is true only where _may_open is."""
    from extractor.parsers import fragments as F
    for s in _corpus_lines():
        for m in F._SPLIT_AT.finditer(s):
            after = s[m.end():]
            if F.time_like(after) or agency_like(after):
                assert F._may_open(after), after


def _plain_label(frags, model, columns, above, at):
    """The dynamic program of _label without the cells it leaves out: every cell from every fragment, to every end
    it reaches, its score summed in the same order."""
    n, neg = len(frags), float("-inf")
    lists = any(g.item is not None for g in frags[1:])
    states = 2 * columns
    best = [[neg] * (n + 1) for _ in range(states)]
    back = [[None] * (n + 1) for _ in range(states)]
    best[int(above is not None)][0] = 0.0
    live = range(states) if above is not None else range(0, states, 2)
    for a, f in enumerate(frags):
        scores, origins = [neg] * states, [None] * states
        for state in live:
            base, p = best[state][a], state >> 1
            if base == neg or f.glued and not model.too_wide(f, p):
                continue
            moves = [] if f.glued else [(row, x, True) for c, row, x in model.new_rows[f.after_break] if c <= p]
            for row, x, new in moves + [(row, x, False) for row, x in model.nexts[p][state & 1]]:
                if base + x > scores[row]:
                    scores[row], origins[row] = base + x, (state, new)
        listy = f.item is not None or f.lower
        for row in live[1:]:
            if origins[row] is None:
                continue
            c, cut = row >> 1, row & 1
            _, fit, (plain, listed), end, _ = model.column(c, lists)
            step = listed if listy else plain
            total = scores[row] + (model.start(f, c, above) if cut else model.opens[c][at + a]) + fit[at + a]
            for b in range(a + 1, min(n, a + 40) + 1):
                if b > a + 1:
                    x = step[at + b - 1]
                    total += x - 2.0 if b - 1 >= a + model.limits[c] else x
                score = total + (end[at + b - 1] if b < n else 0.0)
                if score > best[row][b]:
                    best[row][b], back[row][b] = score, (a, *origins[row])
    state = max(range(states), key=lambda x: best[x][n])
    out, b = [], n
    while b > 0 and back[state][b] is not None:
        a, prev, new = back[state][b]
        out.append((a, b, state // 2, new))
        b, state = a, prev
    return out[::-1]


def test_the_cells_left_out_of_the_dynamic_program_change_no_reading(monkeypatch):
    """_label leaves out the cells another betters at every end (and reads each cell fragment by fragment): on every
    run of the bundled corpus's fragment tables it reads what the plain dynamic program reads."""
    from extractor.parsers import fragments as F
    from extractor.parsers.text import load_text
    from extractor.pipeline import run
    label, runs = F._label, []

    def both(frags, model, columns, above, at):
        got = label(frags, model, columns, above, at)
        assert got == _plain_label(frags, model, columns, above, at)
        runs.append(len(frags))
        return got

    monkeypatch.setattr(F, "_label", both)
    for p in sorted(CORPUS.glob("*.txt")):
        run(load_text(p))
    assert len(runs) > 100 and max(runs) > 40


def test_the_shortcuts_of_a_fragment_read_as_the_plain_reading():
    """On every line of the bundled corpus (and its pieces): a fragment's shape read by the bits of `_opening_kinds`
    is the one read list by list; `openings` reads the first words as before; `may_go_on_name` lets through every
    line `name_goes_on` joins to the line before; `_cell_text` finds a cut word by its last two characters; an ASCII
    word's match form is its lower case."""
    import regex

    from extractor.parsers import fragments as F
    from extractor.parsers import tables as T
    from extractor.patterns import lexicon
    from extractor.patterns.fold import match_key
    from extractor.patterns.markers import match_marker

    def plain_openings(text):
        words = T.WORD.findall(T._tokens(text[:80], 4))
        if len(words) < 4:
            words = T.WORD.findall(text[:80])
        out = []
        for word in match_key(" ".join(words[:4])).split():
            out.append(f"{out[-1]} {word}" if out else word)
        return tuple(out)

    lines = [s for s in _corpus_lines() if s]
    # acronyms and first words the first 80 characters cut (`/` at their end), units with digits of other scripts
    lines += ["UBND tỉnh", "VTV, VOV", "ISO 30134", "A", "Ab", "AB", "Đ", "ĐB", "x" * 78 + "/UBND", "X" * 79 + "Y",
              "Q" * 78 + "/" + "V" * 5, "(" * 79 + "UBND", "tỷ đồng", "m²", "USD", "%", "người/km²", "hồ sơ ٣"]
    prev = ""
    for s in lines:
        assert T.openings(s) == plain_openings(s), s
        f = F.Frag(s, 0, len(s))
        f.shape(s)
        t = s.strip()
        assert f.unit == (len(t) <= 16 and not any(ch.isdigit() for ch in t) and (
            not t[:1].isalpha() or t[:1].islower() or t in lexicon.entries(T.COLUMNS, "bracket_units"))), s
        opening = plain_openings(s)
        upper = T.STARTS_UPPER.match(s) is not None
        time = bool(F._DATE.match(s)) or upper and not T.phrases(T.COLUMNS, "time_cues").isdisjoint(opening)
        got = s.startswith("(") and match_marker(s)
        agency = T.agency_like(s) if got and got[0] == "paren" else \
            upper and (not T.agency_openings().isdisjoint(opening) or T.acronym_first(s))
        verb = not lexicon.words("action_verbs.txt").isdisjoint(opening)
        result = upper and not F._result_openings().isdisjoint(opening)
        assert (f.time, f.agency, f.verb, f.result) == (time, agency, verb, result), s
        if T.name_goes_on(prev, s):
            assert T.may_go_on_name(s), (prev, s)
        prev = s
        word = s.split(None, 1)[0]
        if word.isascii():
            assert word.lower() == match_key(word), word
        cut = s[-1:] == "-" and bool(F._CUT_WORD.match(s, len(s) - 2))
        assert cut == bool(regex.search(r"\w-$", s)), s
    for a, b in [("Văn phòng", "Chính phủ"), ("Ban Cơ yếu", "Chính phủ"), ("Ủy ban nhân", "dân tỉnh"),
                 ("Bộ Lao động - Thương", "binh và Xã hội")]:
        assert not T.name_goes_on(a, b) or T.may_go_on_name(b), (a, b)


def test_the_opening_scores_of_a_table_read_at_once_as_one_by_one(monkeypatch):
    """_opening_scores gives what _Model.start gives each fragment outside a cut row, on every table of the bundled
    corpus and every role of its columns."""
    from extractor.parsers import fragments as F
    from extractor.parsers.text import load_text
    from extractor.pipeline import run
    scores, seen = F._opening_scores, []

    def both(role, frags):
        got = scores(role, frags)
        model = F._Model([None, role], 1, False)   # (a number's column, then one of the role)
        assert got == [model.start(f, 1, None) for f in frags]
        seen.append(role)
        return got

    monkeypatch.setattr(F, "_opening_scores", both)
    for p in sorted(CORPUS.glob("*.txt")):
        run(load_text(p))
    assert {"time", "lead", "task"} <= set(seen)


def test_a_line_is_cut_where_the_plain_reading_cuts_it():
    """_pieces reads the words after a cut before those before it: on every line of the bundled corpus it cuts where
    the plain order of the tests does."""
    from extractor.parsers import fragments as F
    from extractor.parsers.tables import STARTS_UPPER, agency_like, runs_on
    for s in _corpus_lines():
        if not s:
            continue
        parts = s.split(None, 1)
        second = len(s) - len(parts[1]) if len(parts) > 1 else len(s)
        cuts = [0]
        for m in F._SPLIT_AT.finditer(s, second + 1):
            before, after = s[:m.start()], s[m.end():]
            if runs_on(before):
                continue
            if F._may_open(after) and (F.time_like(after) or not STARTS_UPPER.match(before.rsplit(None, 1)[-1])
                                       and agency_like(after)):
                cuts.append(m.end())
        assert [f.start for f in F._pieces(s, 0, False)] == cuts, s


def test_the_header_pretest_finds_the_lines_its_pattern_finds():
    """_head_starts reads only the lines holding `tt`: on every bundled corpus text, whole and in slices that cut
    lines, and on small texts, it gives the line starts `_head_cue` matches in the slice."""
    from extractor.parsers import fragments as F
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    texts += ["STT\nNội dung\n", "  TT \nTên nhiệm vụ\n", "Số TT\n", "Thông tư số 03/2023/TT-BKHĐT\nSTT",
              "(STT)\nStt.\nsttx\nmột dòng có TT ở giữa\n", "", "\n\nTT", "tT\n", "abcdeTT\nabcdTT\n"]
    for text in texts:
        for start, end in [(0, len(text)), (1, len(text) - 1), (len(text) // 3, 2 * len(text) // 3)]:
            if start > end:
                continue
            want = [start + m.start() for m in F._head_cue().finditer(text[start:end])]
            assert F._head_starts(text, start, end) == want, (text[:40], start, end)
    assert list(F._line_starts("a\nb\n", 0, 4)) == [0, 2, 4]


def test_a_line_ending_a_table_passes_the_first_character_gate():
    """end_line turns away an ASCII letter or digit none of its headings opens with before reading any of them: on
    small lines of every kind, it answers as the full rule does."""
    from extractor.parsers import fragments as F
    from extractor.patterns.fold import fold_tones
    from extractor.patterns.header import ATTACHED, QUOC_HIEU, RECIPIENTS
    from extractor.patterns.markers import match_marker
    lines = ["Mẫu số 01", "MẪU SỐ 02/TK", "mẫu", "Phụ lục II", "PHỤ LỤC", "Ghi chú:", "GHI CHÚ: số liệu", "Nơi nhận:",
             "  Nơi nhận:", "\tNơi nhận", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Cộng hoà xã hội chủ nghĩa Việt Nam",
             "Chương II", "CHƯƠNG III. ĐIỀU KHOẢN THI HÀNH", "Điều 5. Hiệu lực", "(Kèm theo Quyết định số 12/QĐ-BTP)",
             "Bộ Tài chính", "Xây dựng kế hoạch", "1. Rà soát", "2026", "Quý IV/2026", "oà", "Uỷ ban nhân dân",
             "Ủy ban nhân dân", "Thường xuyên", "", " ", "-", "(1) Bộ Tư pháp", "Kèm theo", "Ghi", "Nơi"]
    for s in lines:
        got = match_marker(s)
        kind = got[0] if got else None
        full = kind in ("chapter", "article") or bool(RECIPIENTS.match(s) or QUOC_HIEU.match(s)) \
            or bool(F._ends().match(fold_tones(s))) or s.startswith("(") and bool(ATTACHED.search(s))
        assert F.end_line(s) == full, s
    assert F.end_line("Mẫu số 01") and F.end_line("Nơi nhận:") and not F.end_line("Bộ Tài chính")


def test_a_fragment_whose_first_word_opens_no_list_has_no_shape_of_one():
    """Frag.shape reads the lists' openings only where the first word is the first of one of them: where it is not,
    no opening of the text is in `_opening_kinds`."""
    from extractor.parsers import fragments as F
    from extractor.parsers.tables import WORD, openings
    from extractor.patterns.fold import match_key
    kinds, firsts = F._opening_kinds(), F._opening_firsts()
    for s in _corpus_lines() + ["Bộ Tài chính", "Các bộ, ngành", "Xây dựng", "Quý IV/2026", "hoàn thành", "UBND tỉnh"]:
        first = WORD.search(s[:80])
        assert (first.group() if first else None) == (WORD.findall(s[:80]) or [None])[0]
        if first is None or match_key(first.group()) not in firsts:
            assert not any(o in kinds for o in openings(s)), s


def test_a_last_word_that_opens_no_name_reads_after_a_page_break_as_before():
    """_carried keeps a cell's last word only when it may open a name: `_goes_on` then answers as it does reading the
    last word and the words after the break together, on cells and words of the bundled corpus and small ones."""
    from extractor.parsers import fragments as F
    from extractor.parsers.tables import WORD, opens_with, runs_on

    def plain(cell_frags, text):
        cell = F._cell_text(cell_frags)
        last = (WORD.findall(cell)[-1:] or [""])[0]
        if runs_on(cell) or last and opens_with(f"{last} {text}", F._named_openings()):
            return 1.0
        return 0.5

    cells = ["Ủy ban nhân dân các", "Bộ Tài chính", "Văn phòng", "các bộ, ngành, cơ", "Sở Tư pháp", "Ban Cơ", "",
             "2026"]
    cells += [s for s in _corpus_lines()[::7] if s]
    texts = ["quan, tổ chức", "Chính phủ", "dân tỉnh", "yếu Chính phủ", "tỉnh, thành phố", "Thường xuyên"]
    for cell in cells:
        fs = [F.Frag(cell, 0, len(cell))]
        carried = F._carried({1: fs})
        for text in texts:
            assert F._goes_on(carried, 1, text) == plain(fs, text), (cell, text)


def test_a_repeated_header_is_turned_away_by_its_first_character_as_by_its_first_word():
    """_repeated_header turns away a line by its first character where it opens with an ASCII one: it answers as the
    full rule does (combining marks and old tone pairs after it left to the full rule)."""
    from extractor.lines import Line
    from extractor.parsers import fragments as F
    from extractor.patterns.fold import match_key

    def plain(lines, k, want):
        first = lines[k].text.split(None, 1)[0]
        if (first.lower() if first.isascii() else match_key(first)) != want[0]:
            return None
        got = []
        while k < len(lines) and len(got) < len(want):
            got.extend(match_key(lines[k].text).split())
            k += 1
        return k if got == want else None

    headers = ["STT Nội dung Cơ quan chủ trì Thời gian", "TT Tên nhiệm vụ", "Số TT Chỉ tiêu Đơn vị", "Stt Việc", "Ô",
               "Ô TT", "Òa", "Ủy", "Bộ", "Bộ Tài chính"]
    texts = ["STT", "stt", "Stt Nội dung", "TT", "Tt", "Số TT", "Sô TT", "S", "T", "1", "1.", "Bộ Tài chính", "Bộ",
             "Xây dựng kế hoạch", "oà", "Oà soát", "Uỷ ban", "Ủy ban", "So\u0301 TT", "Sô\u0301", "O\u0302 TT", "Ô TT",
             "Oà", "Uỷ", "Thường xuyên", "(1) Bộ Tư pháp", "- Rà soát", "2026", "Quý IV/2026", "TTg", "Stt\tNội dung"]
    texts += [s for s in _corpus_lines()[::5] if s.strip()]
    for header in headers:
        want = match_key(header).split()
        for s in texts:
            for after in ([], [Line(0, 0, "Nội dung")], [Line(0, 0, "TT Tài chính")]):
                lines = [Line(0, len(s), s)] + after
                assert F._repeated_header(lines, 0, want, s.strip()) == plain(lines, 0, want), (header, s)
    assert F._repeated_header([Line(0, 3, "STT"), Line(4, 9, "Việc")], 0, ["stt", "việc"], "STT") == 2
