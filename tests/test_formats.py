"""Real-world formats (PDF, DOCX, DOC, HTML, scans, TCVN3/VNI text) extract like the plain text they were made from."""
from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from functools import lru_cache
from pathlib import Path

import pytest
import regex

from extractor.errors import ExtractorError
from extractor.output import to_dict
from extractor.parsers.load import BrokenFileError, EncryptedFileError, MissingToolError, load, load_bytes
from extractor.pipeline import extract_file

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GAZETTE = Path(__file__).resolve().parents[2] / "shared" / "pdf"   # shared/ beside the repo (CI has it)

# ------------------------------------------------------------------------------------------------
# Fixture builders: everything is made at test time from the corpus text.
# ------------------------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# Markers the builder turns into Word automatic numbering: (kind, pattern, numFmt, lvlText, value of the match)
_NUMBERED = [
    ("roman", regex.compile(r"^(?P<v>[IVX]{1,5})\.\s+(?=\S)"), "upperRoman", "%1."),
    ("number", regex.compile(r"^(?P<v>\d{1,2})\.\s+(?=[^\d\s])"), "decimal", "%1."),
    ("letter", regex.compile(r"^(?P<v>[a-z])\)\s+(?=\S)"), "lowerLetter", "%1)"),
    ("dash", regex.compile(r"^-\s+(?=\S)"), "bullet", "-"),
    ("plus", regex.compile(r"^\+\s+(?=\S)"), "bullet", "+"),
]
_ROMAN = {"I": 1, "V": 5, "X": 10}


def _roman_value(s: str) -> int:
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = _ROMAN[a]
        total += -v if b != " " and _ROMAN.get(b, 0) > v else v
    return total


def _value(kind: str, v: str | None) -> int | None:
    if kind == "roman":
        return _roman_value(v)
    if kind == "number":
        return int(v)
    if kind == "letter":
        return ord(v) - ord("a") + 1  # Word's lowerLetter has no đ: a b c d e ...
    return None


def source_paragraphs(text: str) -> list[str]:
    """The paragraphs a Word author typed: one per line of a line-per-paragraph text; in a text wrapped at
    a page width (a PDF dump) a line that reaches the margin goes on in the next unless that starts a list
    item. Table rows (tab-separated lines, and the lines with tabs around them) stay lines."""
    from extractor.patterns.markers import match_marker

    lines = [ln.rstrip("\r ") for ln in text.split("\n")]
    is_row = [("\t" in ln and sum(1 for c in ln.split("\t") if c.strip()) >= 2) for ln in lines]
    for i, ln in enumerate(lines):  # a group row (`I. VỀ ...<tab><tab>`) between rows
        if "\t" in ln and not is_row[i]:
            near = [k for k in range(max(0, i - 2), min(len(lines), i + 3)) if k != i and is_row[k]]
            is_row[i] = bool(near)
    body = sorted(len(ln) for ln, row in zip(lines, is_row) if ln.strip() and not row)
    wrapped = bool(body) and body[len(body) // 2] <= 120
    margin = body[int(len(body) * 0.9)] if body else 0
    out: list[str] = []
    joinable = False
    for ln, row in zip(lines, is_row):
        if row:
            out.append(ln)
            joinable = False
            continue
        s = " ".join(ln.split())
        if not s:
            joinable = joinable and wrapped
            continue
        if joinable and not match_marker(s):
            out[-1] += " " + s
        else:
            out.append(s)
        joinable = wrapped and len(ln) >= 0.8 * margin
    return out


class DocxBuilder:
    """A python-docx document whose list markers are Word numbering (numbering.xml), not typed text."""

    def __init__(self):
        import docx

        self.doc = docx.Document()
        self.numbering = self.doc.part.numbering_part.element
        self.abstract: dict[str, int] = {}
        self.current: dict[str, int] = {}   # kind → numId in use
        self.shown: dict[str, int | None] = {}  # kind → value Word shows for the last item
        ids = [int(a.get(f"{{{W_NS}}}abstractNumId")) for a in self.numbering.findall(f"{{{W_NS}}}abstractNum")]
        self.next_abstract = max(ids + [0]) + 1
        nums = [int(n.get(f"{{{W_NS}}}numId")) for n in self.numbering.findall(f"{{{W_NS}}}num")]
        self.next_num = max(nums + [0]) + 1

    def _abstract(self, kind: str, fmt: str, text: str) -> int:
        from docx.oxml import parse_xml

        if kind in self.abstract:
            return self.abstract[kind]
        aid = self.next_abstract
        self.next_abstract += 1
        font = '<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/></w:rPr>' if fmt == "bullet" else ""
        xml = (f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{aid}"><w:multiLevelType w:val="singleLevel"/>'
               f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
               f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr>{font}</w:lvl></w:abstractNum>')
        first_num = self.numbering.find(f"{{{W_NS}}}num")
        el = parse_xml(xml)
        if first_num is not None:
            first_num.addprevious(el)
        else:
            self.numbering.append(el)
        self.abstract[kind] = aid
        return aid

    def _num(self, aid: int, start: int | None) -> int:
        from docx.oxml import parse_xml

        nid = self.next_num
        self.next_num += 1
        override = (f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>'
                    if start is not None else "")
        self.numbering.append(parse_xml(f'<w:num xmlns:w="{W_NS}" w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>'
                                        f'{override}</w:num>'))
        return nid

    def _numbered(self, paragraph, nid: int) -> None:
        from docx.oxml import parse_xml

        ppr = paragraph._p.get_or_add_pPr()
        ppr.insert(0, parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="0"/><w:numId w:val="{nid}"/></w:numPr>'))

    def add_text(self, text: str, bold: bool = False, number: bool = True):
        """A paragraph; a list marker at its start becomes Word numbering when Word can print it."""
        p = self.doc.add_paragraph()
        text = regex.sub(r"^#{1,6}\s+", "", text)  # a markdown heading mark of the corpus text
        bold_open = text.startswith("**")
        if bold_open:
            text = text[2:]
        for kind, pattern, fmt, lvl_text in _NUMBERED if number else []:
            m = pattern.match(text)
            if not m:
                continue
            value = _value(kind, m.groupdict().get("v"))
            aid = self._abstract(kind, fmt, lvl_text)
            if value is None:  # a bullet
                nid = self.current.get(kind) or self._num(aid, None)
            else:
                shown = self.shown.get(kind)
                expected = 1 if shown is None else shown + 1
                if kind in self.current and value == expected:
                    nid = self.current[kind]
                else:  # a new list, or one that does not go on from the last item: restart it at its value
                    nid = self._num(aid, value)
                self.shown[kind] = value
            self.current[kind] = nid
            self._numbered(p, nid)
            text = text[m.end():]
            break
        self._runs(p, ("**" if bold_open else "") + text, bold)
        if len(text) > 90:  # body paragraphs are justified, as in the documents themselves
            from docx.enum.text import WD_ALIGN_PARAGRAPH

            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        return p

    @staticmethod
    def _runs(p, text: str, bold: bool = False) -> None:
        # **bold** and *italic* of the corpus markdown become run formatting
        for part in regex.split(r"(\*\*[^*]+\*\*|(?<![*\w])\*[^*\n]+\*(?![*\w]))", text):
            if not part:
                continue
            if part.startswith("**") and part.endswith("**"):
                p.add_run(part[2:-2]).bold = True
            elif part.startswith("*") and part.endswith("*") and len(part) > 2:
                p.add_run(part[1:-1]).italic = True
            else:
                p.add_run(part).bold = bold or None

    def add_table(self, rows: list[list[str]], style: str | None = "Table Grid"):
        width = max(len(r) for r in rows)
        table = self.doc.add_table(rows=0, cols=width)
        if style:
            table.style = self.doc.styles[style]
        for cells in rows:
            row = table.add_row()
            cells = [c.strip() for c in cells] + [""] * (width - len(cells))
            if cells[0] and not any(cells[1:]) and width > 1:  # a group row: one cell across the table
                merged = row.cells[0].merge(row.cells[-1])
                merged.text = cells[0]
                continue
            for cell, value in zip(row.cells, cells):
                cell.text = value
        return table

    def save(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def docx_from_text(text: str) -> bytes:
    """A Word document with the text's paragraphs, its list markers as Word numbering and its tab rows as a table."""
    b = DocxBuilder()
    rows: list[list[str]] = []
    for para in source_paragraphs(text):
        if "\t" in para:
            rows.append(para.split("\t"))
            continue
        if rows:
            b.add_table(rows)
            rows = []
        b.add_text(para)
    if rows:
        b.add_table(rows)
    return b.save()


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_with_libreoffice(data: bytes, suffix: str, target: str) -> bytes:
    """LibreOffice headless: e.g. a .docx to pdf or doc."""
    office = libreoffice()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"in{suffix}"
        src.write_bytes(data)
        profile = Path(tmp) / "profile"
        run = subprocess.run([office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target,
                              "--outdir", tmp, str(src)], capture_output=True, text=True, timeout=300)
        out = Path(tmp) / f"in.{target.split(':')[0]}"
        if not out.exists():
            raise RuntimeError(f"LibreOffice could not convert: {run.stderr.strip()[-300:]}")
        return out.read_bytes()


def pdf_from_docx(data: bytes) -> bytes:
    return convert_with_libreoffice(data, ".docx", "pdf")


def scanned_pdf(pdf: bytes, pages: list[int] | None = None, dpi: int = 200) -> bytes:
    """An image-only PDF: each page rasterised (pypdfium2) and saved back as a picture (Pillow)."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    images = []
    for i in range(len(doc)) if pages is None else pages:
        bitmap = doc[i].render(scale=dpi / 72)
        images.append(bitmap.to_pil().convert("L"))
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return out.getvalue()


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def html_page(text: str, container: str = "vbpl") -> bytes:
    """A web page of a legal-document site: menus, breadcrumb, a sidebar of related documents, a footer,
    and the document in the middle (paragraphs, its tab rows as a bordered <table>)."""
    import html as h

    body, rows = [], []

    def flush():
        if rows:
            width = max(len(r) for r in rows)
            out = ['<table border="1" cellspacing="0" class="MsoTableGrid">']
            for k, r in enumerate(rows):
                cells = [c.strip() for c in r] + [""] * (width - len(r))
                if cells[0] and not any(cells[1:]):
                    out.append(f'<tr><td colspan="{width}"><b>{h.escape(cells[0])}</b></td></tr>')
                else:
                    tag = "th" if k == 0 else "td"
                    out.append("<tr>" + "".join(f"<{tag}><p>{h.escape(c)}</p></{tag}>" for c in cells) + "</tr>")
            out.append("</table>")
            body.append("\n".join(out))
            rows.clear()

    for para in source_paragraphs(text):
        if "\t" in para:
            rows.append(para.split("\t"))
            continue
        flush()
        para = regex.sub(r"\*\*([^*]+)\*\*", r"<b>\1</b>", h.escape(para))
        body.append(f'<p class="MsoNormal" style="text-align:justify">{para}</p>')
    flush()
    doc = "\n".join(body)
    chrome_top = ('<header class="site-header"><div class="logo">CƠ SỞ DỮ LIỆU QUỐC GIA VỀ VĂN BẢN PHÁP LUẬT</div>'
                  '<nav class="main-menu"><ul><li><a href="/">Trang chủ</a></li><li><a href="/vb">Văn bản pháp luật'
                  '</a></li><li><a href="/hd">Hỏi đáp</a></li></ul></nav></header>'
                  '<div class="breadcrumb"><a href="/">Trang chủ</a> » <a href="/vb">Văn bản</a> » Toàn văn</div>')
    sidebar = ('<div class="sidebar"><h3>Văn bản liên quan</h3><ul>'
               '<li><a href="/1">Nghị định số 99/2099/NĐ-CP ngày 01 tháng 01 năm 2099 của Chính phủ</a></li>'
               '<li><a href="/2">Quyết định số 9999/QĐ-TTg về việc thử nghiệm</a></li></ul>'
               '<div class="share">Chia sẻ: Facebook | Zalo</div></div>')
    footer = ('<footer class="site-footer"><p>Bản quyền © Bộ Tư pháp. Đường dây nóng: 1900 1234.</p>'
              '<p>Nghị định số 88/2088/NĐ-CP</p></footer>')
    if container == "vbpl":
        main = f'<div id="main">{sidebar}<div class="content"><div class="fulltext" id="toanvancontent">{doc}</div></div></div>'
    else:  # no container a site is known for: found by its marker lines
        main = f'<div id="wrapper"><div class="col-left">{sidebar}</div><div class="col-main"><div>{doc}</div></div></div>'
    page = (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Toàn văn</title>'
            f'<style>p {{ margin: 0 }}</style><script>window.dataLayer = [];</script></head>'
            f'<body>{chrome_top}{main}{footer}<script>track("view")</script></body></html>')
    return page.encode("utf-8")


# legacy font encodings, built from the converter's own tables read backwards
def to_tcvn3(text: str) -> str:
    """Text as typed with the TCVN3 (ABC) fonts: a toned capital has no code of its own (the caps font
    draws the lower-case code as a capital), so in plain text it is its lower-case code."""
    from extractor.parsers.legacy import TCVN3_TABLE

    inverse = {v: k for k, v in TCVN3_TABLE.items()}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        out.append(inverse.get(ch) or inverse.get(ch.lower(), ch) if not ch.isascii() else ch)
    return "".join(out)


def to_vni(text: str) -> str:
    from extractor.parsers.legacy import VNI_TABLE

    inverse: dict[str, str] = {}
    for k, v in sorted(VNI_TABLE.items(), key=lambda kv: len(kv[0])):
        inverse.setdefault(v, k)
    return "".join(inverse.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


# ------------------------------------------------------------------------------------------------
# What must come out the same: documents, tasks (text, lead, deadline) and targets.
# ------------------------------------------------------------------------------------------------

def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def summary(extraction, fold: bool = False):
    data = to_dict(extraction)
    k = (lambda t: _key(t).lower()) if fold else _key
    docs = [(d["number"], d["type"], d["issued_date"]) for d in data["documents"]]
    tasks = [(k(t["text"]), tuple(k(a) for a in t["lead"]), t["deadline"])
             for d in data["documents"] for t in d["tasks"]]
    targets = [(k(t["indicator"]), t["value"], t["unit"], t["year"]) for d in data["documents"] for t in d["targets"]]
    return {"documents": docs, "tasks": tasks, "targets": targets}


@lru_cache(maxsize=None)
def corpus_text(prefix: str) -> tuple[str, str]:
    path = sorted(CORPUS.glob(f"{prefix}*.txt"))[0]
    return path.name, path.read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def text_summary(prefix: str, fold: bool = False):
    name, _ = corpus_text(prefix)
    return summary(extract_file(CORPUS / name), fold)


@lru_cache(maxsize=None)
def corpus_docx(prefix: str) -> bytes:
    return docx_from_text(corpus_text(prefix)[1])


@lru_cache(maxsize=None)
def corpus_pdf(prefix: str) -> bytes:
    return pdf_from_docx(corpus_docx(prefix))


def extract_data(tmp_path: Path, data: bytes, name: str):
    path = tmp_path / name
    path.write_bytes(data)
    return extract_file(path)


needs_office = pytest.mark.skipif(libreoffice() is None, reason="LibreOffice (soffice) is not installed: "
                                  "apt-get install libreoffice-writer-nogui")


def _tesseract_problem() -> str | None:
    from extractor.parsers.ocr import tesseract_status

    return tesseract_status()


needs_tesseract = pytest.mark.skipif(_tesseract_problem() is not None,
                                     reason=f"OCR unavailable: {_tesseract_problem()}")

# ------------------------------------------------------------------------------------------------
# DOCX
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["001", "002"])
def test_docx_with_word_numbering_and_tables_extracts_like_the_text(tmp_path, prefix):
    data = corpus_docx(prefix)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    texts = regex.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", regex.sub(r"<w:tbl>.*?</w:tbl>", "", xml, flags=regex.S))
    assert "<w:numPr>" in xml and ("<w:tbl>" in xml) == ("\t" in corpus_text(prefix)[1])
    # the list markers `a)`, `1.`, `-` are Word numbering, not typed text
    assert not any(regex.match(r"(?:[a-d]\)|\d{1,2}\.|-)\s", t) for t in texts)
    got = summary(extract_data(tmp_path, data, f"{prefix}.docx"))
    assert got == text_summary(prefix)


def test_docx_renders_numbering_levels_restarts_and_bullets():
    from docx.oxml import parse_xml

    b = DocxBuilder()
    ns = f'xmlns:w="{W_NS}"'
    b.numbering.append(parse_xml(
        f'<w:abstractNum {ns} w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2.%3."/></w:lvl>'
        '<w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%4)"/></w:lvl>'
        '<w:lvl w:ilvl="4"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/>'
        '<w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/></w:rPr></w:lvl>'
        '<w:lvl w:ilvl="5"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/>'
        '<w:suff w:val="space"/></w:lvl></w:abstractNum>'))
    b.numbering.append(parse_xml(f'<w:num {ns} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    b.numbering.append(parse_xml(f'<w:num {ns} w:numId="91"><w:abstractNumId w:val="90"/>'
                                 '<w:lvlOverride w:ilvl="1"><w:startOverride w:val="5"/></w:lvlOverride></w:num>'))
    plan = [(90, 0, "MỤC TIÊU"), (90, 1, "Mục tiêu chung"), (90, 1, "Mục tiêu cụ thể"), (90, 2, "Đến năm 2025"),
            (90, 2, "Đến năm 2030"), (90, 3, "Các bộ"), (90, 3, "Các địa phương"), (90, 4, "tăng cường"),
            (90, 5, "kiểm tra"), (90, 0, "NHIỆM VỤ"), (90, 1, "Nhiệm vụ chung"), (91, 1, "Nhiệm vụ tiếp theo"),
            (91, 1, "Nhiệm vụ sau đó")]
    for nid, ilvl, text in plan:
        p = b.doc.add_paragraph(text)
        p._p.get_or_add_pPr().insert(0, parse_xml(
            f'<w:numPr {ns}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{nid}"/></w:numPr>'))
    source = load_bytes(b.save(), "levels.docx")
    lines = [ln for ln in source.original.split("\n") if ln.strip()]
    assert lines == ["I. MỤC TIÊU", "1. Mục tiêu chung", "2. Mục tiêu cụ thể", "2.1. Đến năm 2025", "2.2. Đến năm 2030",
                     "a) Các bộ", "b) Các địa phương", "• tăng cường", "- kiểm tra", "II. NHIỆM VỤ", "1. Nhiệm vụ chung",
                     "5. Nhiệm vụ tiếp theo", "6. Nhiệm vụ sau đó"]
    if libreoffice():  # LibreOffice, a second reader of numbering.xml, prints the same labels
        office = convert_with_libreoffice(b.save(), ".docx", "txt:Text (encoded):UTF8").decode("utf-8-sig")
        labels = [regex.match(r"\s*(\S+)", ln)[1] for ln in office.splitlines() if ln.strip()]
        assert [lb for lb in labels if regex.match(r"\w", lb)] == \
            [ln.split()[0] for ln in lines if regex.match(r"\w", ln)]


def _docx_with_footnote_and_merged_cells() -> bytes:
    from docx.oxml import parse_xml

    b = DocxBuilder()
    b.add_text("Điều 1. Các bộ triển khai Kế hoạch này.", number=False)
    p = b.doc.paragraphs[-1]
    p._p.append(parse_xml(f'<w:r xmlns:w="{W_NS}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                          '<w:footnoteReference w:id="1"/></w:r>'))
    table = b.doc.add_table(rows=5, cols=4)
    table.style = b.doc.styles["Table Grid"]
    values = [["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"],
              ["I. VỀ THỂ CHẾ", "", "", ""],
              ["1.", "Xây dựng Nghị định", "Bộ Tư pháp", "Tháng 6/2026"],
              ["2.", "Sửa đổi Thông tư", "", "Tháng 9/2026"],
              ["3.", "Rà soát văn bản", "Bộ Nội vụ", "Quý IV/2026"]]
    for r, row in enumerate(values):
        for c, v in enumerate(row):
            if v:
                table.cell(r, c).text = v
    table.cell(1, 0).merge(table.cell(1, 3))          # a group row across the table (gridSpan)
    table.cell(2, 2).merge(table.cell(3, 2))          # one lead agency for two rows (vMerge)
    table.cell(2, 2).paragraphs[0].text = "Bộ Tư pháp"
    data = b.save()
    # python-docx writes no footnotes part: add one as Word does
    footnotes = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W_NS}">'
                 '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                 '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
                 '<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">Theo Nghị quyết số 76/NQ-CP ngày 15 tháng 7 năm 2021 của Chính phủ.</w:t></w:r></w:p></w:footnote>'
                 '</w:footnotes>')
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            blob = zin.read(item.filename)
            if item.filename == "[Content_Types].xml":
                blob = blob.replace(b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
            elif item.filename == "word/_rels/document.xml.rels":
                blob = blob.replace(b"</Relationships>", b'<Relationship Id="rIdFn1" Type="http://schemas.openxmlformats.'
                                    b'org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>')
            zout.writestr(item, blob)
        zout.writestr("word/footnotes.xml", footnotes)
    return out.getvalue()


def test_docx_tables_resolve_merged_cells_and_footnotes_are_kept(tmp_path):
    data = _docx_with_footnote_and_merged_cells()
    source = load_bytes(data, "merged.docx")
    assert "Các bộ triển khai Kế hoạch này.[1]" in source.original
    assert "[1] Theo Nghị quyết số 76/NQ-CP ngày 15 tháng 7 năm 2021 của Chính phủ." in source.original
    rows = [ln.split("\t") for ln in source.original.splitlines() if "\t" in ln]
    assert rows == [["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"],
                    ["I. VỀ THỂ CHẾ", "", "", ""],
                    ["1.", "Xây dựng Nghị định", "Bộ Tư pháp", "Tháng 6/2026"],
                    ["2.", "Sửa đổi Thông tư", "Bộ Tư pháp", "Tháng 9/2026"],
                    ["3.", "Rà soát văn bản", "Bộ Nội vụ", "Quý IV/2026"]]
    ex = extract_data(tmp_path, data, "merged.docx")
    (doc,) = ex.documents
    assert [(t.text, t.lead) for t in doc.tasks if t.source == "table"] == [
        ("Xây dựng Nghị định", ["Bộ Tư pháp"]), ("Sửa đổi Thông tư", ["Bộ Tư pháp"]), ("Rà soát văn bản", ["Bộ Nội vụ"])]
    assert ("Nghị quyết", "76/NQ-CP") in [(r.type, r.number) for r in doc.references]


# ------------------------------------------------------------------------------------------------
# PDF
# ------------------------------------------------------------------------------------------------


@needs_office
@pytest.mark.parametrize("prefix", ["002"])
def test_pdf_rendered_from_the_docx_extracts_like_the_text(tmp_path, prefix):
    source = load_bytes(corpus_pdf(prefix), f"{prefix}.pdf")
    assert source.format == "pdf" and len(source.pages) > 3
    assert source.page_of(source.pages[2][0]) == 3
    got = summary(extract_data(tmp_path, corpus_pdf(prefix), f"{prefix}.pdf"))
    assert got == text_summary(prefix)


@needs_office
def test_pdf_table_over_pages_is_one_table_with_its_header_once(tmp_path):
    data = corpus_pdf("000")
    ex = extract_data(tmp_path, data, "000.pdf")
    text_ex = extract_file(CORPUS / corpus_text("000")[0])
    got = [(tb.header, [r.cells for r in tb.rows]) for d in ex.documents for tb in d.tables]
    want = [(tb.header, [r.cells for r in tb.rows]) for d in text_ex.documents for tb in d.tables]
    assert got == want
    assert summary(ex)["targets"] == text_summary("000")["targets"]


@pytest.mark.skipif(not (GAZETTE / "005_congbao_qd844_2026.pdf").exists() or not (GAZETTE.parent / "tools" / "score.py").exists(),
                    reason="shared/pdf and shared/tools are not beside the repo")
def test_gazette_pdf_ruled_task_table_and_page_furniture():
    ex = extract_file(GAZETTE / "005_congbao_qd844_2026.pdf")
    source = ex.source
    assert source.format == "pdf" and len(source.pages) == 15 and not source.ocr_pages
    assert "CÔNG BÁO" not in source.original and "Ký bởi" not in source.original
    (doc,) = ex.documents
    text = extract_file(CORPUS / "005_congbao_qd844_2026.txt").documents[0]
    assert (doc.number, doc.type, doc.issued_date) == (text.number, text.type, text.issued_date) == \
        ("844/QĐ-TTg", "Quyết định", "2026-05-13")
    # the ruled table over nine pages is one table of 29 rows, read cell by cell
    (table,) = doc.tables
    assert table.header[:3] == ["STT", "Tên nhiệm vụ cụ thể", "Cơ quan chủ trì"] and len(table.rows) == 29
    assert {(r.type, r.number) for r in doc.references} == {(r.type, r.number) for r in text.references}
    # scored against the gold like the text layer is: within 0.05 of the text's figures on every field
    scores = {}
    for kind, got in (("pdf", to_dict(ex)), ("text", to_dict(extract_file(CORPUS / "005_congbao_qd844_2026.txt")))):
        scores[kind] = score_against_gold(GAZETTE / "gold" / "005_congbao_qd844_2026.json", got)
    for field, value in scores["text"].items():
        assert scores["pdf"][field] >= value - 0.05, (field, scores)
    assert scores["pdf"]["tasks_f1"] >= 0.99 and scores["pdf"]["lead_f1"] >= 0.98


def score_against_gold(gold_path: Path, pred: dict) -> dict:
    """The shared scorer (shared/tools/score.py) on one prediction."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("shared_score", GAZETTE.parent / "tools" / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    scorer = score.Scorer(verbose=False)
    scorer.file(json.loads(gold_path.read_text(encoding="utf-8")), pred)
    return scorer.summary()


@pytest.mark.skipif(not (GAZETTE / "congbao_nq126_2026.pdf").exists(), reason="shared/pdf is not beside the repo")
def test_gazette_two_page_resolution_smoke():
    (doc,) = extract_file(GAZETTE / "congbao_nq126_2026.pdf").documents
    assert (doc.number, doc.type, doc.issued_date, doc.signer) == ("126/NQ-CP", "Nghị quyết", "2026-05-11",
                                                                   "Phạm Thị Thanh Trà")
    assert doc.tasks


def test_pdf_without_office_renders_running_headers_away(tmp_path):
    """A PDF drawn page by page (fpdf2) with a running header and footer: both are dropped, pages joined."""
    fpdf = pytest.importorskip("fpdf")
    _, text = corpus_text("002")
    font = _font()
    if font is None:
        pytest.skip("no Vietnamese-capable TrueType font (fonts-dejavu-core)")
    paras = [p for p in source_paragraphs(text) if "\t" not in p]
    pdf = fpdf.FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=25)
    pdf.add_font("Viet", "", font)
    pdf.set_font("Viet", size=12)

    class Paged(fpdf.FPDF):
        pass

    def header():
        pdf.set_y(8)
        pdf.cell(0, 6, "VĂN PHÒNG CHÍNH PHỦ - BẢN ĐIỆN TỬ", align="C")
        pdf.set_y(25)

    def footer():
        pdf.set_y(-15)
        pdf.cell(0, 6, f"Trang {pdf.page_no()}", align="C")

    pdf.header, pdf.footer = header, footer
    pdf.add_page()
    for para in paras:
        pdf.multi_cell(0, 6, para, align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    source = load_bytes(bytes(pdf.output()), "fpdf.pdf")
    assert len(source.pages) >= 2
    assert "BẢN ĐIỆN TỬ" not in source.original and "Trang 1" not in source.original
    got = summary(extract_data(tmp_path, bytes(pdf.output()), "fpdf.pdf"))
    assert got == text_summary("002")


def _font() -> str | None:
    for candidate in ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"]:
        if Path(candidate).exists():
            return candidate
    try:
        import matplotlib

        path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
        return str(path) if path.exists() else None
    except ImportError:
        return None


# ------------------------------------------------------------------------------------------------
# Scans
# ------------------------------------------------------------------------------------------------

OCR_EXCERPT_END = "2. Nhiệm vụ giao tại Nghị quyết số 02/NQ-CP"


@needs_office
@needs_tesseract
def test_scanned_pdf_is_read_by_ocr_like_the_text(tmp_path):
    import difflib

    _, text = corpus_text("000")
    excerpt = text[:text.index(OCR_EXCERPT_END)]
    pdf = pdf_from_docx(docx_from_text(excerpt))
    scan = scanned_pdf(pdf, dpi=200)
    source = load_bytes(scan, "scan.pdf")
    assert source.ocr_pages and source.ocr_pages[0] == 1 and source.encoding == "pdf+ocr"
    got = summary(extract_data(tmp_path, scan, "scan.pdf"))
    (tmp_path / "excerpt.txt").write_text(excerpt, encoding="utf-8")
    want = summary(extract_file(tmp_path / "excerpt.txt"))
    assert got["documents"] == want["documents"]
    assert len(got["tasks"]) == len(want["tasks"]) and len(got["targets"]) == len(want["targets"])
    for g, w in zip(got["tasks"], want["tasks"]):
        assert difflib.SequenceMatcher(None, g[0], w[0]).ratio() > 0.95, (g[0], w[0])
        assert g[1:] == w[1:]


def test_scan_without_tesseract_is_a_clear_error(monkeypatch):
    from extractor.parsers import ocr

    image_pdf = scanned_pdf(_tiny_text_pdf(), dpi=60)
    monkeypatch.setattr(ocr, "tesseract_status", lambda: "Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-vie)")
    with pytest.raises(MissingToolError) as info:
        load_bytes(image_pdf, "scan.pdf")
    message = str(info.value)
    assert "needs OCR" in message and "tesseract-ocr-vie" in message and "\n" not in message


def _tiny_text_pdf() -> bytes:
    fpdf = pytest.importorskip("fpdf")
    font = _font()
    if font is None:
        pytest.skip("no Vietnamese-capable TrueType font")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.add_font("Viet", "", font)
    pdf.set_font("Viet", size=14)
    pdf.multi_cell(0, 8, "CHỈ THỊ\nVề việc thử nghiệm\nBộ Y tế chủ trì xây dựng đề án.")
    return bytes(pdf.output())


# ------------------------------------------------------------------------------------------------
# DOC, HTML
# ------------------------------------------------------------------------------------------------


@needs_office
def test_legacy_doc_is_converted_by_libreoffice(tmp_path):
    doc = convert_with_libreoffice(corpus_docx("002"), ".docx", "doc")
    assert doc.startswith(b"\xd0\xcf\x11\xe0")
    ex = extract_data(tmp_path, doc, "002.doc")
    assert ex.source.format == "doc"
    assert summary(ex) == text_summary("002")


def test_doc_without_libreoffice_is_a_clear_error(monkeypatch):
    from extractor.parsers import doc

    monkeypatch.setattr(doc, "libreoffice", lambda: None)
    with pytest.raises(MissingToolError) as info:
        load_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old.doc")
    assert "LibreOffice" in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize("container", ["vbpl", "generic"])
@pytest.mark.parametrize("prefix", ["001", "002"])
def test_html_page_body_found_and_site_chrome_dropped(tmp_path, prefix, container):
    page = html_page(corpus_text(prefix)[1], container)
    source = load_bytes(page, "page.html")
    for chrome in ("Trang chủ", "Văn bản liên quan", "99/2099/NĐ-CP", "Bản quyền", "88/2088", "dataLayer", "Zalo"):
        assert chrome not in source.original
    got = summary(extract_data(tmp_path, page, f"{prefix}.html"))
    assert got == text_summary(prefix)


# ------------------------------------------------------------------------------------------------
# Legacy encodings
# ------------------------------------------------------------------------------------------------


def test_tcvn3_and_vni_text_files_are_converted(tmp_path):
    name, text = corpus_text("003")
    (tmp_path / "vni.txt").write_bytes(to_vni(text).encode("latin-1"))
    vni = extract_file(tmp_path / "vni.txt")
    assert vni.source.encoding.startswith("vni")
    assert summary(vni) == text_summary("003")
    (tmp_path / "tcvn3.txt").write_bytes(to_tcvn3(text).encode("latin-1"))
    tcvn = extract_file(tmp_path / "tcvn3.txt")
    assert tcvn.source.encoding.startswith("tcvn3")
    # a toned capital inside a sentence has no TCVN3 code of its own: case aside, the same extraction
    assert summary(tcvn, fold=True) == text_summary("003", fold=True)
    assert summary(tcvn)["documents"] == text_summary("003")["documents"]


def test_unicode_text_is_never_taken_for_a_legacy_encoding():
    from extractor.parsers.legacy import detect

    for path in sorted(CORPUS.glob("*.txt")):
        assert detect(path.read_text(encoding="utf-8")) is None, path.name


def test_a_few_unicode_letters_in_a_legacy_text_do_not_hide_it():
    """A TCVN3 text is read as Unicode only where more than one character in 400 is a letter only Unicode writes:
    a signature or a name pasted in Unicode into an old file leaves it TCVN3, a Unicode text is never converted."""
    from extractor.parsers.legacy import detect

    _, text = corpus_text("003")
    legacy = to_tcvn3(text[:20000])
    limit = len(legacy) // 400
    assert detect(legacy) == "tcvn3"
    assert detect("ơ" * limit + legacy[limit:]) == "tcvn3"          # as many as the limit: still TCVN3
    assert detect("ơ" * (limit + 1) + legacy[limit + 1:]) is None   # one more: Unicode


def test_docx_runs_in_legacy_fonts_are_converted(tmp_path):
    name, text = corpus_text("002")
    b = DocxBuilder()
    for para in source_paragraphs(text):
        p = b.doc.add_paragraph()
        for piece in regex.findall(r"\p{Lu}+(?=\P{L}|$)|.", para.replace("\t", " "), regex.V1):
            caps = any(not ch.isascii() and ch.isupper() for ch in piece)
            run = p.add_run(to_tcvn3(piece))
            run.font.name = ".VnTimeH" if caps else ".VnTime"
    got = summary(extract_data(tmp_path, b.save(), "tcvn3.docx"))
    want = text_summary("002")
    assert got == want
    b2 = DocxBuilder()
    for para in source_paragraphs(text):
        b2.doc.add_paragraph().add_run(to_vni(para.replace("\t", " "))).font.name = "VNI-Times"
    assert summary(extract_data(tmp_path, b2.save(), "vni.docx")) == want


def test_pdf_glyphs_of_legacy_fonts_are_converted():
    from extractor.parsers.legacy import convert_char

    word = "Céng hßa"
    assert unicodedata.normalize("NFC", "".join(convert_char(c, "ABCDEE+.VnTime") for c in word)) == "Cộng hòa"
    assert unicodedata.normalize("NFC", "".join(convert_char(c, "ABCDEE+.VnTimeH") for c in "céng")) == "CỘNG"
    vni = "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"
    assert unicodedata.normalize("NFC", "".join(convert_char(c, "VNI-Times") for c in vni)) == \
        "Cộng hòa xã hội chủ nghĩa Việt Nam"


# ------------------------------------------------------------------------------------------------
# Content sniffing and bad input
# ------------------------------------------------------------------------------------------------


def test_format_is_found_by_content_not_only_by_name(tmp_path):
    (tmp_path / "a.txt").write_bytes(_docx_with_footnote_and_merged_cells())
    assert load(tmp_path / "a.txt").format == "docx"
    (tmp_path / "page").write_bytes(html_page("Số: 12/CT-TTg\nHà Nội, ngày 01 tháng 3 năm 2024\nCHỈ THỊ\nVề việc thử\n"))
    assert load(tmp_path / "page").format == "html"


def _one_line(err: ExtractorError) -> str:
    message = str(err)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_broken_and_encrypted_pdfs_give_one_line_errors():
    with pytest.raises(BrokenFileError) as info:
        load_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage \x00\x01\x02" * 20, "broken.pdf")
    assert "damaged PDF" in _one_line(info.value)
    with pytest.raises(BrokenFileError):
        load_bytes(b"this is not a pdf at all", "fake.pdf")
    if (GAZETTE / "congbao_nq126_2026.pdf").exists():
        with pytest.raises(BrokenFileError):
            load_bytes((GAZETTE / "congbao_nq126_2026.pdf").read_bytes()[:4000], "truncated.pdf")
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "Secret")
    with pytest.raises(EncryptedFileError) as info:
        load_bytes(bytes(pdf.output()), "locked.pdf")
    assert "password" in _one_line(info.value)


def test_docx_that_is_not_a_zip_and_page_without_body_give_one_line_errors():
    with pytest.raises(BrokenFileError) as info:
        load_bytes(b"PK\x03\x04 this is a truncated zip file", "cut.docx")
    assert "docx" in _one_line(info.value)
    with pytest.raises(BrokenFileError) as info:
        load_bytes("Đây không phải là tệp Word".encode(), "plain.docx")
    assert "ZIP" in _one_line(info.value)
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("hello.txt", "xin chào")
    with pytest.raises(ExtractorError) as info:
        load_bytes(zipped.getvalue(), "archive.docx")
    assert "not a Word document" in _one_line(info.value)
    page = b"<!DOCTYPE html><html><head><title>Trang</title></head><body><nav><a href='/'>Trang ch\xe1\xbb\xa7</a></nav></body></html>"
    with pytest.raises(BrokenFileError) as info:
        load_bytes(page, "empty.html")
    assert "without a document body" in _one_line(info.value)


def test_cli_reports_a_broken_pdf_in_one_line(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\n%%EOF garbage")
    run = subprocess.run([sys.executable, "-m", "extractor", "extract", str(bad)], capture_output=True, text=True)
    assert run.returncode == 1 and run.stdout == ""
    assert len(run.stderr.strip().splitlines()) == 1 and "damaged PDF" in run.stderr


# ------------------------------------------------------------------------------------------------
# The PDFium path: the same text as pdfplumber's own parse, several times faster
# ------------------------------------------------------------------------------------------------

@needs_office
@pytest.mark.parametrize("prefix", ["000", "002"])
def test_pdfium_path_reads_office_pdfs_like_pdfplumber(prefix, both_pdf_paths):
    """A ruled table over pages (000) and a decision with its plan (002), rendered by LibreOffice."""
    slow, fast = both_pdf_paths(corpus_pdf(prefix), f"{prefix}.pdf")
    assert fast.original == slow.original and fast.pages == slow.pages
    assert len(fast.pages) > 1 and ("\t" in fast.original) == (prefix == "000")


def test_pdfium_path_reads_a_page_set_sideways(both_pdf_paths):
    """A landscape table printed on a portrait sheet (text running up the page) is turned to read left to right."""
    fpdf = pytest.importorskip("fpdf")
    font = _font()
    if font is None:
        pytest.skip("no DejaVu font for Vietnamese glyphs")
    pdf = fpdf.FPDF(format="A4")
    pdf.add_font("dv", fname=font)
    pdf.set_font("dv", size=12)
    pdf.add_page()
    for k in range(1, 8):
        pdf.cell(0, 8, f"Điều {k}. Bộ Tài chính chủ trì, phối hợp với Bộ Nội vụ rà soát thủ tục hành chính.",
                 new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    with pdf.rotation(90, x=105, y=148):
        for k in range(1, 6):
            pdf.text(40, 100 + 9 * k, f"{k}. Sở Tư pháp báo cáo kết quả trước ngày 30/6/2025.")
    slow, fast = both_pdf_paths(bytes(pdf.output()), "sideways.pdf")
    assert fast.original == slow.original and fast.pages == slow.pages
    assert "Sở Tư pháp báo cáo kết quả trước ngày 30/6/2025." in fast.original


@pytest.mark.skipif(not GAZETTE.exists(), reason="shared/pdf is not beside the repo")
@pytest.mark.parametrize("name", ["005_congbao_qd844_2026.pdf", "006_congbao_nq175_2023.pdf",
                                  "007_congbao_qd225_2024.pdf", "008_congbao_qd28_2021.pdf",
                                  "009_congbao_nq24_2022.pdf", "010_congbao_qd08_2022.pdf", "congbao_nq126_2026.pdf"])
def test_pdfium_path_reads_gazette_pdfs_like_pdfplumber(name, both_pdf_paths):
    """Real gazette PDFs: running headers, ruled task tables over pages, tables set sideways (the glyphs' height
    across their line is the font size, as pdfminer draws it: 008's footnote stays on its paragraph), a glyph set
    PDFium cannot measure (a space in a font of its own: still a space), a space glyph PDFium leaves out of its text
    (007's table cells: still a space), hyphens at line ends."""
    slow, fast = both_pdf_paths((GAZETTE / name).read_bytes(), name)
    assert fast.original == slow.original and fast.pages == slow.pages
