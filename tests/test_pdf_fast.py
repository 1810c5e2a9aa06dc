"""The PDF loader's fast path (PDFium objects, pdf_words grouping) reads like pdfplumber: its word grouping gives
pdfplumber's words, PDFium's text read at once is its text read glyph by glyph, a space PDFium leaves out still parts
the words, rules inside a Form XObject still make a table, the cheap check before the table finder skips no table."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from extractor.parsers import pdf as pdf_loader
from extractor.parsers import pdf_words, pdfium_read

GAZETTE = Path(__file__).resolve().parents[2] / "shared" / "pdf"   # shared/ beside the repo (CI has it)
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
KEYS = ("text", "x0", "x1", "top", "bottom", "upright")

needs_gazette = pytest.mark.skipif(not GAZETTE.exists(), reason="shared/pdf is not beside the repo")


def _views(data: bytes):
    """Each page as the loader lays it out: PDFium's page and pdfplumber's own, both turned upright if set sideways."""
    import pypdfium2

    pdf = pdf_loader._open(data, "x.pdf")
    doc = pypdfium2.PdfDocument(data)
    try:
        for n, page in enumerate(pdf.pages):
            fpage = doc[n]
            fast = pdf_loader._fast_page(page, fpage)
            fpage.close()
            for view in (fast, pdf_loader._upright(page)):
                if view is not None:
                    pdf_loader._prepare_chars(view)
                    yield view
    finally:
        pdf.close()
        doc.close()


def _plumber_words(chars):
    from pdfplumber.utils import extract_words

    return [{k: w[k] for k in KEYS} for w in extract_words(chars, x_tolerance=3, y_tolerance=3, keep_blank_chars=False)]


@needs_gazette
def test_word_grouping_is_pdfplumbers_on_gazette_pages():
    """Upright pages, pages set sideways (a ruled table each), running headers turned the other way."""
    from pdfplumber.utils import extract_text

    for view in _views((GAZETTE / "005_congbao_qd844_2026.pdf").read_bytes()):
        chars = view.chars
        assert pdf_words.words(chars) == _plumber_words(chars)
        for start in range(0, len(chars), 97):   # runs of glyphs as a table cell gives them
            cell = chars[start:start + 41]
            assert pdf_words.text(cell) == extract_text(cell)


def test_word_grouping_is_pdfplumbers_on_odd_glyphs():
    """Glyphs with no text, ligatures, blank glyphs, runs of turned glyphs inside upright ones, lines within the
    tolerance chained, a glyph going back."""
    from pdfplumber.utils import extract_text

    def g(text, x0, top, upright=True, w=5.0, h=10.0):
        return {"text": text, "x0": x0, "x1": x0 + w, "top": top, "bottom": top + h, "upright": upright,
                "size": h, "doctop": top}

    chars = [g("a", 10, 100), g("ﬁ", 15, 100.5), g("", 20, 100), g("b", 25, 101), g(" ", 30, 100), g("c", 35, 102.9),
             g("d", 30, 104), g("x", 200, 300, upright=False, w=10, h=5), g("y", 200.5, 305, upright=False, w=10, h=5),
             g("z", 203.9, 320, upright=False, w=10, h=5), g("e", 41, 100), g("f", 44.5, 99), g("\t", 50, 100),
             g("g", 55, 100), g("h", 69, 100), g("ﬀ", 74, 100)]
    for k in range(len(chars)):
        part = chars[k:] + chars[:k]
        assert pdf_words.words(part) == _plumber_words(part)
        assert pdf_words.text(part) == extract_text(part)
    assert pdf_words.words([]) == [] and pdf_words.text([]) == ""


@needs_gazette
def test_pdfium_text_read_at_once_is_its_glyphs_one_by_one():
    """007 has PDFium's line-end hyphen marks (\\x02, U+FFFE in the text it gives at once)."""
    import pypdfium2

    fn = pdfium_read.api()
    doc = pypdfium2.PdfDocument((GAZETTE / "007_congbao_qd225_2024.pdf").read_bytes())
    marks = 0
    for k in range(len(doc)):
        page = doc[k]
        textpage = page.get_textpage()
        tp = pdfium_read.address(textpage.raw)
        n = fn.count_chars(tp)
        at_once = pdfium_read._page_text(fn, tp, n)
        assert at_once == "".join(chr(fn.get_unicode(tp, i)) for i in range(n))
        marks += at_once.count("\x02")
        textpage.close()
        page.close()
    doc.close()
    assert marks > 0


def _spaced_words_pdf(angle: int, gap_mm: float) -> bytes:
    """Each word and each space after it drawn as a text object of its own, the next word a little way on (less than
    pdfplumber's word-gap tolerance): a space glyph has no outline, so PDFium leaves its text object out."""
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF(format="A4")
    pdf.add_font("dv", fname=str(FONT))
    pdf.set_font("dv", size=12)
    pdf.add_page()
    with pdf.rotation(angle, x=105, y=148):
        for k in range(1, 6):
            x, y = 40.0, 100.0 + 9 * k
            for word in ["Quy", "định", "về", "đào", "tạo", "nghề", f"{k}."]:
                pdf.text(x, y, word)
                x += pdf.get_string_width(word)
                pdf.text(x, y, " ")
                x += gap_mm
    return bytes(pdf.output())


@pytest.mark.skipif(not FONT.exists(), reason="no DejaVu font for Vietnamese glyphs")
@pytest.mark.parametrize("angle", [0, 90, -90])
def test_a_space_pdfium_leaves_out_still_parts_the_words(angle, both_pdf_paths):
    """The known defect of 007 (a space glyph in a table cell of a page set sideways: "vềđào"), upright and
    sideways."""
    data = _spaced_words_pdf(angle, 0.5)
    slow, fast = both_pdf_paths(data, "spaces.pdf")
    assert fast.original == slow.original
    assert "Quy định về đào tạo nghề 1." in fast.original


def _form_xobject_pdf() -> bytes:
    """A ruled table drawn inside a Form XObject placed scaled and moved (what imposition tools and some generators
    make): the rules are in the form's space."""
    fpdf = pytest.importorskip("fpdf")
    import pypdfium2

    pdf = fpdf.FPDF(format="A4")
    pdf.add_font("dv", fname=str(FONT))
    pdf.set_font("dv", size=10)
    pdf.add_page()
    pdf.multi_cell(0, 6, "Điều 1. Giao các cơ quan thực hiện các nhiệm vụ sau đây.",
                   new_x="LMARGIN", new_y="NEXT")
    for row in [["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"],
                ["1", "Số hóa sổ hộ tịch lưu trữ", "Sở Tư pháp", "Quý III/2026"],
                ["2", "Kết nối dữ liệu dân cư", "Công an tỉnh", "Tháng 12/2026"]]:
        for width, text in zip([15, 90, 50, 35], row):
            pdf.cell(width, 10, text, border=1)
        pdf.ln(10)
    src = pypdfium2.PdfDocument(bytes(pdf.output()))
    dest = pypdfium2.PdfDocument.new()
    page = dest.new_page(595, 842)
    form = src.page_as_xobject(0, dest).as_pageobject()
    form.transform(pypdfium2.PdfMatrix().scale(0.8, 0.8).translate(40, 60))
    page.insert_obj(form)
    page.gen_content()
    out = io.BytesIO()
    dest.save(out)
    return out.getvalue()


@pytest.mark.skipif(not FONT.exists(), reason="no DejaVu font for Vietnamese glyphs")
def test_a_table_drawn_in_a_form_xobject_is_read(both_pdf_paths):
    slow, fast = both_pdf_paths(_form_xobject_pdf(), "form.pdf")
    assert fast.original == slow.original
    assert "2\tKết nối dữ liệu dân cư\tCông an tỉnh\tTháng 12/2026" in fast.original


@needs_gazette
@pytest.mark.parametrize("name", ["005_congbao_qd844_2026.pdf", "008_congbao_qd28_2021.pdf"])
def test_the_check_before_the_table_finder_skips_no_table(name):
    """Pages the cheap check passes over have no table of two columns by pdfplumber's finder; the pages with tables
    pass it."""
    passed = skipped = 0
    for view in _views((GAZETTE / name).read_bytes()):
        objects = view.objects
        shapes = {kind: [o for o in objects.get(kind, ()) if pdf_loader._visible(o)]
                  for kind in ("line", "rect", "curve")}
        page = pdf_loader._objects_page_class()(view, {"char": view.chars, **shapes})
        tables = [t for t in page.find_tables() if t.rows and max(len(r.cells) for r in t.rows) >= 2]
        if pdf_loader._may_hold_table(shapes["line"], shapes["rect"], shapes["curve"]):
            passed += 1
        else:
            skipped += 1
            assert not tables
    assert passed and skipped
