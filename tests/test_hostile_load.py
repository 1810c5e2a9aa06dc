"""Hostile input to the loaders: decompression bombs, structure bombs, binary files under text names, corrupt
PDFs and deep HTML are refused before the heavy work, each with one line naming the limit and what raises it."""
import io
import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from extractor.errors import BrokenFileError, ExtractorError, LimitExceededError, UnsupportedFormatError
from extractor.parsers import docx as docx_loader
from extractor.parsers.load import load_bytes

CLI = [sys.executable, "-m", "extractor", "extract"]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="{ct}"/></Types>')
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
    ' Target="word/document.xml"/></Relationships>')
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
PARA = b"<w:p><w:r><w:t>Ch\xe1\xbb\x89 th\xe1\xbb\x8b s\xe1\xbb\x91 1.</w:t></w:r></w:p>"


def docx_bytes(body: bytes, content_type: str = DOCX_MAIN) -> bytes:
    """A minimal .docx package whose word/document.xml holds ``body`` inside <w:body>."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES.format(ct=content_type))
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", b'<w:document xmlns:w="' + W.encode() + b'"><w:body>' + body
                   + b"</w:body></w:document>")
    return out.getvalue()


def declare_size(package: bytes, part: str, declared: int) -> bytes:
    """The package with the unpacked size its ZIP central directory declares for ``part`` forged."""
    data = bytearray(package)
    pos = data.index(b"PK\x01\x02")  # the first central directory header
    while pos >= 0:
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, pos + 28)
        if data[pos + 46:pos + 46 + name_len].decode() == part:
            struct.pack_into("<I", data, pos + 24, declared)
            return bytes(data)
        pos = data.find(b"PK\x01\x02", pos + 46 + name_len + extra_len + comment_len)
    raise AssertionError(f"no {part} in the package")


def one_line(err: BaseException) -> str:
    text = str(err)
    assert "\n" not in text and "Traceback" not in text
    return text


def run_cli(path: Path, **env) -> subprocess.CompletedProcess:
    return subprocess.run(CLI + [str(path)], capture_output=True, text=True, env={**os.environ, **env}, timeout=600)


def assert_one_line_failure(run: subprocess.CompletedProcess) -> str:
    assert run.returncode != 0 and run.stdout == ""
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    return lines[0]


# ------------------------------------------------------------------------------------------------
# 1. DOCX: sizes and paragraphs limited before the work
# ------------------------------------------------------------------------------------------------


def test_docx_part_declared_to_unpack_past_the_limit_is_refused_before_unpacking():
    # 2 MB of spaces in document.xml (a few KB packed) against a 1 MB limit passed in
    bomb = docx_bytes(PARA + b" " * (2 * 2**20) + PARA)
    assert len(bomb) < 20_000
    with pytest.raises(LimitExceededError) as info:
        docx_loader.load_docx(bomb, "bomb.docx", max_part_bytes=2**20)
    message = one_line(info.value)
    assert "word/document.xml" in message and "docx.MAX_PART_BYTES" in message
    assert "EXTRACTOR_MAX_DOCX_PART_BYTES" in message
    assert info.value.limit == "docx.MAX_PART_BYTES"
    # under the limit the same package reads
    assert "Chỉ thị số 1." in docx_loader.load_docx(bomb, "bomb.docx", max_part_bytes=4 * 2**20).original


def test_docx_part_declaring_a_gigabyte_is_refused_from_its_declared_size_with_the_default_limits():
    forged = declare_size(docx_bytes(PARA * 3), "word/document.xml", 2**30)
    with pytest.raises(LimitExceededError) as info:
        load_bytes(forged, "forged.docx")
    message = one_line(info.value)
    assert "1 GB" in message and "docx.MAX_PART_BYTES" in message


def test_docx_limits_sum_of_parts_and_count_of_parts():
    package = docx_bytes(PARA * 10)
    total = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(package)).infolist())
    with pytest.raises(LimitExceededError) as info:
        docx_loader.load_docx(package, "x.docx", max_unpacked_bytes=total - 1)
    assert "docx.MAX_UNPACKED_BYTES" in one_line(info.value)
    with pytest.raises(LimitExceededError) as info:
        docx_loader.load_docx(package, "x.docx", max_parts=2)
    assert "docx.MAX_PARTS" in one_line(info.value) and "3 parts" in str(info.value)


def test_docx_with_a_million_paragraphs_is_refused_while_streaming():
    bomb = docx_bytes(PARA * 1_000_000)
    assert len(bomb) < 1_000_000  # tens of MB of XML, packed small
    with pytest.raises(LimitExceededError) as info:
        docx_loader.load_docx(bomb, "paragraphs.docx")
    message = one_line(info.value)
    assert f"more than {docx_loader.MAX_PARAGRAPHS:,} paragraphs" in message
    assert "docx.MAX_PARAGRAPHS" in message and "EXTRACTOR_MAX_DOCX_PARAGRAPHS" in message


def test_docx_paragraph_limit_passed_in_or_from_the_environment(monkeypatch):
    package = docx_bytes(PARA * 50)
    with pytest.raises(LimitExceededError):
        docx_loader.load_docx(package, "x.docx", max_paragraphs=49)
    assert docx_loader.load_docx(package, "x.docx", max_paragraphs=50).original.count("Chỉ thị") == 50
    monkeypatch.setenv("EXTRACTOR_MAX_DOCX_PARAGRAPHS", "10")
    with pytest.raises(LimitExceededError):
        load_bytes(package, "x.docx")
    monkeypatch.setenv("EXTRACTOR_MAX_DOCX_PARAGRAPHS", "many")
    with pytest.raises(ExtractorError) as info:
        load_bytes(package, "x.docx")
    assert "EXTRACTOR_MAX_DOCX_PARAGRAPHS" in one_line(info.value)


def test_cli_names_the_docx_limit_and_its_variable_in_one_line(tmp_path):
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(docx_bytes(PARA * 200))
    line = assert_one_line_failure(run_cli(bomb, EXTRACTOR_MAX_DOCX_PARAGRAPHS="100"))
    assert "bomb.docx" in line and "docx.MAX_PARAGRAPHS" in line and "EXTRACTOR_MAX_DOCX_PARAGRAPHS" in line


# ------------------------------------------------------------------------------------------------
# 2. DOC: the OLE2 structure checked before LibreOffice; LibreOffice never outlives us
# ------------------------------------------------------------------------------------------------

FREE, END, FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def ole2_file(stream: str, size: int = 4096) -> bytes:
    """A sound OLE2 compound file (512-byte sectors) holding one stream of ``size`` bytes (≥ 4096, so it lives
    in ordinary sectors): header, one FAT sector, one directory sector, then the stream."""
    n = size // 512
    fat = [FAT, END] + [3 + k for k in range(n - 1)] + [END]
    fat += [FREE] * (128 - len(fat))
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, END, 0, END, 0)
    struct.pack_into("<109I", header, 76, 0, *[FREE] * 108)

    def entry(name: str, kind: int, child: int, start: int, length: int) -> bytes:
        e = bytearray(128)
        raw = name.encode("utf-16-le") + b"\x00\x00"
        e[:len(raw)] = raw
        struct.pack_into("<HBB", e, 64, len(raw), kind, 1)
        struct.pack_into("<III", e, 68, FREE, FREE, child)
        struct.pack_into("<II", e, 116, start, length)
        return bytes(e)

    directory = entry("Root Entry", 5, 1, END, 0) + entry(stream, 2, FREE, 2, size)
    directory += bytes(128) * 2
    return bytes(header) + struct.pack("<128I", *fat) + directory + bytes([0x41]) * size


OLE_GARBAGE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes((k * 7919 + 13) % 251 for k in range(20_000))


@pytest.fixture
def office_never_runs(monkeypatch):
    """A LibreOffice that seems installed but must not be started."""
    from extractor.parsers import doc

    def refuse(*args, **kwargs):
        raise AssertionError(f"LibreOffice was started: {args[0] if args else kwargs}")

    monkeypatch.setattr(doc, "libreoffice", lambda: "/usr/bin/soffice-not-to-be-run")
    monkeypatch.setattr(doc.subprocess, "run", refuse)
    monkeypatch.setattr(doc.subprocess, "Popen", refuse)


def test_ole2_signature_with_garbage_is_refused_without_starting_libreoffice(office_never_runs):
    with pytest.raises(BrokenFileError) as info:
        load_bytes(OLE_GARBAGE, "garbage.doc")
    assert "not a valid OLE2 compound file" in one_line(info.value)


def test_ole2_file_that_is_not_word_is_named(office_never_runs):
    with pytest.raises(UnsupportedFormatError) as info:
        load_bytes(ole2_file("Workbook"), "sheet.doc")
    assert "Excel" in one_line(info.value) and "no WordDocument stream" in str(info.value)


def test_sound_word_ole2_file_reaches_the_converter(monkeypatch):
    from extractor.parsers import doc

    calls = []

    def convert(data, name, timeout=None):
        calls.append(name)
        return docx_bytes(PARA)

    monkeypatch.setattr(doc, "libreoffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(doc, "convert_to_docx", convert)
    source = load_bytes(ole2_file("WordDocument"), "old.doc")
    assert calls == ["old.doc"] and source.format == "doc" and "Chỉ thị số 1." in source.original


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:  # a zombie nobody reaped (no init in a container) is dead too
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] in ("Z", "X")
    except OSError:
        return True


def _wait_gone(pid: int, tries: int = 200) -> bool:
    import time

    for _ in range(tries):
        if _gone(pid):
            return True
        time.sleep(0.05)
    return False


def _fake_office(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(0o755)
    return script


def _read_pid(path: Path, tries: int = 400) -> int:
    import time

    for _ in range(tries):
        if path.exists() and path.read_text().strip():
            return int(path.read_text())
        time.sleep(0.05)
    raise AssertionError(f"the fake converter never wrote {path}")


@pytest.mark.skipif(os.name != "posix", reason="process groups")
def test_converter_timeout_kills_the_whole_process_group(tmp_path, monkeypatch):
    from extractor.parsers import doc

    pidfile = tmp_path / "grandchild.pid"
    # a converter that leaves a child of its own running, as soffice → oosplash → soffice.bin does
    office = _fake_office(tmp_path, f'sleep 300 &\necho $! > "{pidfile}"\nwait\n')
    monkeypatch.setattr(doc, "libreoffice", lambda: str(office))
    monkeypatch.setattr(doc, "CONVERT_TIMEOUT", 1)
    with pytest.raises(ExtractorError) as info:
        doc.convert_to_docx(b"x", "slow.doc")
    assert "doc.CONVERT_TIMEOUT" in one_line(info.value) and "EXTRACTOR_DOC_TIMEOUT" in str(info.value)
    assert _wait_gone(_read_pid(pidfile)), "the converter's child outlived the timeout"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_converter_dies_with_the_process_that_started_it(tmp_path):
    import signal

    pidfile = tmp_path / "child.pid"
    office = _fake_office(tmp_path, f'echo $$ > "{pidfile}"\nexec sleep 300\n')
    code = ("import sys; from extractor.parsers import doc; doc.libreoffice = lambda: sys.argv[1]; "
            "doc.convert_to_docx(b'x', 'x.doc', timeout=600)")
    parent = subprocess.Popen([sys.executable, "-c", code, str(office)])
    try:
        child = _read_pid(pidfile)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        assert _wait_gone(child), "the converter outlived the process that started it"
    finally:
        parent.kill()
        parent.wait()
        if pidfile.exists() and not _gone(int(pidfile.read_text())):
            os.kill(int(pidfile.read_text()), signal.SIGKILL)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_what_the_converter_starts_inherits_a_cpu_limit(tmp_path):
    """soffice → oosplash → soffice.bin: a grandchild gets no parent-death signal and may outlive a `kill -9` of
    us; the CPU limit every process of the converter inherits ends it by itself."""
    from extractor.parsers import doc

    out = doc._run(["sh", "-c", "ulimit -t; sh -c 'ulimit -t'"], 30, "x.doc", tmp_path / "log")
    assert out.split() == ["30", "30"]


# ------------------------------------------------------------------------------------------------
# 3. Sniffing: binary bytes under a text name are read as what they are, or refused as binary
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".md", ".txt", ""])
def test_ole2_garbage_under_a_text_name_is_refused_before_libreoffice(office_never_runs, suffix):
    with pytest.raises(BrokenFileError) as info:
        load_bytes(OLE_GARBAGE, f"notes{suffix}")
    message = one_line(info.value)
    assert "but the bytes are an OLE2 compound file" in message and "not a valid OLE2 compound file" in message
    assert (f"named {suffix}" if suffix else "without a suffix") in message


def test_ole2_garbage_named_md_fails_in_one_line_from_the_cli(tmp_path):
    path = tmp_path / "notes.md"
    path.write_bytes(OLE_GARBAGE)
    line = assert_one_line_failure(run_cli(path))
    assert "notes.md" in line and "OLE2" in line


def test_binary_that_decodes_as_utf16_is_not_text(tmp_path):
    # 16-bit samples: a zero high byte in every other place, as UTF-16 text has
    pcm = struct.pack("<8000H", *[(k * 37) % 200 for k in range(8000)])
    with pytest.raises(ExtractorError) as info:
        load_bytes(pcm, "audio.txt")
    assert info.value.code == "binary" and "binary" in one_line(info.value)
    # real UTF-16 text without a byte-order mark still reads
    text = "Chỉ thị số 12/CT-TTg về việc thực hiện nhiệm vụ năm 2024.\n" * 40
    assert load_bytes(text.encode("utf-16-le"), "letter.txt").original == text


def test_text_followed_by_binary_is_not_text():
    import random

    tail = random.Random(7).randbytes(40_000)
    data = "Chỉ thị về việc thực hiện các nhiệm vụ của năm 2024.\n".encode() * 200 + tail
    with pytest.raises(ExtractorError) as info:
        load_bytes(data, "notes.md")
    assert info.value.code == "binary"


def test_a_text_mentioning_the_pdf_signature_is_text():
    text = "# Ghi chú\nMột tệp PDF bắt đầu bằng %PDF-1.7 rồi đến các đối tượng.\n"
    assert load_bytes(text.encode(), "notes.md").original == text
    # bytes that are not text before the signature: a PDF with junk in front, read as a PDF
    with pytest.raises(BrokenFileError) as info:
        load_bytes(b"\x00\x01\x02junk%PDF-1.4\n%%EOF", "scan.txt")
    assert "named .txt but the bytes are a PDF" in one_line(info.value)


@pytest.mark.parametrize("data,words", [
    (b"\x89PNG\r\n\x1a\n" + bytes(100), "a PNG image"),
    (b"\x1f\x8b\x08\x00" + bytes(100), "a gzip archive"),
])
def test_known_binary_formats_under_a_text_name_are_named(data, words):
    with pytest.raises(ExtractorError) as info:
        load_bytes(data, "file.txt")
    assert info.value.code == "binary" and words in one_line(info.value)


# ------------------------------------------------------------------------------------------------
# 4. One line on stderr: pdfminer's log lines held back; newlines in library messages flattened
# ------------------------------------------------------------------------------------------------


def small_pdf(pages: int = 3) -> bytes:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"]
    for n in range(pages):
        pdf.add_page()
        pdf.set_font("helvetica", size=12)
        pdf.set_y(120)
        pdf.cell(0, 10, f"Page {words[n % len(words)]} of the directive on reporting.")
    return bytes(pdf.output())


def _shared_pdf() -> Path | None:
    here = Path(__file__).resolve().parent.parent
    for base in (here.parent / "shared" / "pdf", here.parent.parent / "shared" / "pdf"):
        found = sorted(base.glob("*.pdf")) if base.is_dir() else []
        if found:
            return found[0]
    return None


def damaged_pdfs() -> dict[str, bytes]:
    good = small_pdf()
    # an xref entry that is not a number (object 3's) and pages without a MediaBox: pdfminer logs both as it reads
    table = good.index(b"\nxref\n0 ") + len(b"\nxref\n")
    entry = good.index(b"\n", table) + 1 + 3 * 20  # after the subsection header, the entries of objects 0, 1, 2
    assert good[entry + 18:entry + 20] == b" \n" and b"/MediaBox" in good  # fpdf's layout, which the damage needs
    mangled = good[:entry + 5] + b"X" + good[entry + 6:]
    out = {"truncated": good[:300], "mangled": mangled.replace(b"/MediaBox", b"/MediaBux")}
    real = _shared_pdf()
    if real is not None:
        out["real-truncated"] = real.read_bytes()[:300]
    return out


@pytest.mark.parametrize("kind", ["truncated", "mangled", "real-truncated"])
def test_cli_reports_a_damaged_pdf_in_exactly_one_line(tmp_path, kind):
    pdfs = damaged_pdfs()
    if kind not in pdfs:
        pytest.skip("no real PDF in ../shared/pdf")
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(pdfs[kind])
    line = assert_one_line_failure(run_cli(path))
    assert line.startswith(f"extractor: {path}: damaged PDF")


def test_pdf_loader_keeps_pdfminer_records_back_and_restores_its_loggers(caplog):
    import logging

    before = logging.getLogger("pdfminer").level
    with caplog.at_level(logging.DEBUG):
        with pytest.raises(BrokenFileError):
            load_bytes(damaged_pdfs()["mangled"], "mangled.pdf")
    assert [r.getMessage() for r in caplog.records if r.name.startswith(("pdfminer", "pdfplumber"))] == []
    assert logging.getLogger("pdfminer").level == before


def test_a_library_message_with_newlines_becomes_one_line():
    # python-docx quotes the content type it found, newlines and all
    package = docx_bytes(PARA, content_type="text/plain&#10;second line&#10;third line")
    with pytest.raises(UnsupportedFormatError) as info:
        load_bytes(package, "odd.docx")
    message = one_line(info.value)
    assert "content type is 'text/plain second line third line'" in message and "BytesIO" not in message
    assert str(BrokenFileError("line one\nline two\r\n\tthree", "a\nb.pdf")) == "a\\nb.pdf: line one line two three"


# ------------------------------------------------------------------------------------------------
# 5. Pages per PDF and nesting per web page: named limits checked before the work
# ------------------------------------------------------------------------------------------------


def test_pdf_over_the_page_limit_is_refused_before_its_pages_are_read(monkeypatch):
    from extractor.parsers import pdf as pdf_loader

    data = small_pdf(5)
    read = []
    monkeypatch.setattr(pdf_loader, "_page_content", lambda page: read.append(page) or ([], [], False, False))
    with pytest.raises(LimitExceededError) as info:
        pdf_loader.load_pdf(data, "long.pdf", max_pages=4)
    message = one_line(info.value)
    assert "5 pages" in message and "pdf.MAX_PAGES = 4" in message and "EXTRACTOR_MAX_PDF_PAGES" in message
    assert read == []
    monkeypatch.undo()
    assert len(pdf_loader.load_pdf(data, "long.pdf", max_pages=5).pages) == 5


def test_pdf_page_limit_holds_when_the_declared_count_understates_the_pages():
    from extractor.parsers import pdf as pdf_loader

    lying = small_pdf(5).replace(b"/Count 5", b"/Count 1")
    with pytest.raises(LimitExceededError) as info:
        pdf_loader.load_pdf(lying, "lying.pdf", max_pages=4)
    assert "5 pages" in one_line(info.value)


def test_cli_names_the_page_limit_and_its_variable(tmp_path):
    path = tmp_path / "long.pdf"
    path.write_bytes(small_pdf(3))
    line = assert_one_line_failure(run_cli(path, EXTRACTOR_MAX_PDF_PAGES="2"))
    assert "3 pages" in line and "pdf.MAX_PAGES" in line and "EXTRACTOR_MAX_PDF_PAGES" in line


def nested_page(depth: int) -> bytes:
    body = "<p>Chỉ thị số 12/CT-TTg về việc thực hiện nhiệm vụ năm 2024 của các bộ, ngành và địa phương.</p>" * 3
    return f"<html><body>{'<div>' * depth}{body}{'</div>' * depth}</body></html>".encode()


def test_web_page_nested_past_the_limit_is_refused_before_it_is_walked(monkeypatch):
    from extractor.parsers import html as html_loader

    walked = []
    monkeypatch.setattr(html_loader, "_clean", lambda root: walked.append(root))
    with pytest.raises(LimitExceededError) as info:
        html_loader.load_html(nested_page(30), "deep.html", max_depth=20)
    message = one_line(info.value)
    assert "more than 20 deep" in message and "html.MAX_DEPTH = 20" in message and "EXTRACTOR_MAX_HTML_DEPTH" in message
    assert walked == []
    monkeypatch.undo()
    assert "Chỉ thị số 12/CT-TTg" in html_loader.load_html(nested_page(30), "deep.html", max_depth=40).original


def test_web_page_deeper_than_the_parser_keeps_is_refused_not_read_empty(tmp_path):
    # libxml2 drops what nests past 255 levels: such a page is over the default limit, not "without a body"
    path = tmp_path / "deep.html"
    path.write_bytes(nested_page(5000))
    line = assert_one_line_failure(run_cli(path))
    assert "html.MAX_DEPTH" in line and "EXTRACTOR_MAX_HTML_DEPTH" in line
