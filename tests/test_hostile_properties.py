"""Hostile input, property by property (hypothesis): random bytes under every supported name, random Unicode, scrambled
diacritics, legacy encodings, truncated and corrupted PDF/DOCX, floods of list markers and commas. Each input gives an
extraction (that serialises to JSON) or the toolkit's own one-line error, never another exception. The examples are
few and derandomised (the same in every run); `benchmarks/hostile.py` runs thousands and measures time and memory."""
from __future__ import annotations

import io
import json
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor import extract_bytes, extract_text, to_dict
from extractor.errors import ExtractorError

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = (ROOT / "corpus" / "003_3c51375675936ea5.txt").read_text(encoding="utf-8")[:3000]
NAMES = ("x.txt", "x.md", "x.pdf", "x.docx", "x.doc", "x.html", "x.htm", "x")
# no deadline: time is measured in the benchmark, not here; derandomised: the same examples on every machine
FEW = settings(max_examples=25, deadline=None, derandomize=True,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _clean(data: bytes, name: str) -> None:
    """An extraction that serialises to JSON, or an ExtractorError with a one-line message."""
    _answer(lambda: extract_bytes(data, name))


def _clean_text(text: str) -> None:
    _answer(lambda: extract_text(text))


def _answer(call) -> None:
    try:
        result = call()
    except ExtractorError as err:
        assert str(err).strip() and "\n" not in str(err).strip(), repr(str(err))
        return
    json.dumps(to_dict(result), ensure_ascii=False)


@FEW
@given(st.binary(max_size=4000), st.sampled_from(NAMES))
def test_random_bytes_under_any_name(data, name):
    _clean(data, name)


@FEW
@given(st.text(max_size=4000))
def test_random_unicode(text):
    _clean_text(text)


def _scramble(text: str, cuts: list[int]) -> str:
    """The text decomposed (NFD), with some combining marks moved one character on and some doubled."""
    chars = list(unicodedata.normalize("NFD", text))
    for c in cuts:
        i = c % max(1, len(chars) - 1)
        if unicodedata.combining(chars[i]):
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        else:
            chars.insert(i + 1, "\u0301")
    return "".join(chars)


@FEW
@given(st.lists(st.integers(min_value=0, max_value=10 ** 6), max_size=200))
def test_scrambled_diacritics(cuts):
    _clean_text(_scramble(SAMPLE, cuts))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "cp1258", "utf-8-sig", "windows-1252"])
def test_legacy_encodings(encoding):
    data = SAMPLE.encode(encoding, errors="replace")
    _clean(data, "vanban.txt")


@FEW
@given(st.sampled_from(["1) ", "a) ", "- ", "+ ", "I. ", "(i) ", ", ", "; ", "Điều 1. ", "Bộ ", "và "]),
       st.integers(min_value=1, max_value=20000), st.booleans())
def test_floods_of_markers_and_commas(piece, n, one_line):
    _clean_text("QUYẾT ĐỊNH\n" + (piece * n if one_line else "\n".join([piece.strip()] * n)))


def _pdf() -> bytes:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    for line in ("QUYET DINH", "Dieu 1. Bo Tai chinh chu tri thuc hien.", "Dieu 2. Hieu luc."):
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _docx() -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in SAMPLE.splitlines()[:40])
    document = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/'
                   'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("word/document.xml", document)
    return buf.getvalue()


@FEW
@given(st.floats(min_value=0.0, max_value=1.0), st.lists(st.integers(min_value=0, max_value=10 ** 6), max_size=20))
def test_truncated_and_corrupted_pdf_and_docx(keep, flips):
    for data, name in ((_pdf(), "x.pdf"), (_docx(), "x.docx")):
        cut = bytearray(data[:max(1, int(len(data) * keep))])
        for f in flips:
            cut[f % len(cut)] ^= 0xFF
        _clean(bytes(cut), name)


@pytest.mark.parametrize("name,data", [
    ("random.txt", bytes(range(256)) * 8),
    ("ole.md", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8),
    ("cut.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog"),
    ("flood.txt", ("1) " * 30000).encode()),
])
def test_the_command_line_answers_json_or_one_line(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    run = subprocess.run([sys.executable, "-m", "extractor", "extract", str(path)], capture_output=True, text=True,
                         cwd=ROOT)
    assert "Traceback" not in run.stderr
    if run.returncode == 0:
        json.loads(run.stdout)
    else:
        assert len(run.stderr.strip().splitlines()) == 1, run.stderr
