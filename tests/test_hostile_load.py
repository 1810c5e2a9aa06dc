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
from extractor.parsers.load import load, load_bytes

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
