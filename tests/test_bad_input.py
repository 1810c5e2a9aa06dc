"""Bad input gets a clear one-line error (or a sensible result), never a traceback; one bad file never stops a batch."""
import codecs
import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractor import extract_bytes, extract_file
from extractor.errors import BinaryFileError, EmptyFileError, EncodingError, FileTooLargeError
from extractor.parsers.text import decode

VI = "Hà Nội, ngày 02 tháng 9 năm 2021\nCHỈ THỊ\nVề việc đẩy mạnh cải cách hành chính của các bộ, ngành\n"
CLI = [sys.executable, "-m", "extractor"]
TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as legacy Vietnamese editors wrote it: base letter (with its hat or horn) + combining tone mark."""
    import unicodedata

    out = []
    for ch in text:
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in TONES))
        out.append((base + "".join(c for c in d if c in TONES)).encode("cp1258"))
    return b"".join(out)


def test_utf8_with_and_without_bom_utf16_and_windows_1258_decode_alike():
    assert decode(VI.encode("utf-8")) == (VI, "utf-8")
    assert decode(codecs.BOM_UTF8 + VI.encode("utf-8")) == (VI, "utf-8-sig")
    assert decode(VI.encode("utf-16")) == (VI, "utf-16")
    assert decode(VI.encode("utf-16-le")) == (VI, "utf-16")
    text, enc = decode(to_cp1258(VI))
    assert enc == "windows-1258"
    import unicodedata
    assert unicodedata.normalize("NFC", text) == VI


def test_windows_1258_file_extracts_like_utf8(tmp_path):
    src = (Path(__file__).parent.parent / "corpus" / "003_3c51375675936ea5.txt").read_text(encoding="utf-8")
    legacy = tmp_path / "letter.txt"
    legacy.write_bytes(to_cp1258(src))
    doc = extract_file(legacy).documents[0]
    assert (doc.number, doc.issued_date, doc.signer) == ("1250/VPCP-KSTT", "2021-02-25", "Mai Tiến Dũng")
    assert len(doc.references) == 13


@pytest.mark.parametrize("data,error,words", [
    (b"", EmptyFileError, "empty"),
    (b"  \n\t\n", EmptyFileError, "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, BinaryFileError, "binary"),
    (b"Chi th\xef\xbf v\x81 \x90\x9d\x81\x8d \xff\xfe\xfd" * 3, EncodingError, "cannot decode"),
])
def test_unreadable_bytes_give_a_clear_error(data, error, words):
    with pytest.raises(error) as info:
        extract_bytes(data, "bad.txt")
    assert words in str(info.value) and "\n" not in str(info.value)


def test_huge_file_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    with pytest.raises(FileTooLargeError) as info:
        extract_file(big)
    assert "50.0 MB" in str(info.value) and "--max-bytes" in str(info.value)


def test_text_without_header_is_one_untitled_document():
    ex = extract_bytes("Các bộ, ngành tăng cường kiểm tra việc thực hiện Nghị định số 45/2020/NĐ-CP.\n".encode(), "note.txt")
    (doc,) = ex.documents
    assert (doc.number, doc.type, doc.issued_date) == (None, None, None)
    assert [(r.type, r.number) for r in doc.references] == [("Nghị định", "45/2020/NĐ-CP")]


def test_hostile_text_does_not_hang_or_crash():
    nasty = ("Số: " + "1/" * 5000 + "\n" + "(" * 20000 + "Nghị quyết số " * 3000 + "\t" * 5000 + "\n- " * 20000)
    ex = extract_bytes(nasty.encode(), "nasty.txt")
    assert len(ex.documents) >= 1


def test_cli_error_is_one_line_and_nonzero(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    run = subprocess.run(CLI + ["extract", str(empty)], capture_output=True, text=True)
    assert run.returncode == 1
    assert run.stdout == ""
    assert run.stderr.strip().splitlines() == [f"extractor: {empty}: the file is empty"]
    missing = subprocess.run(CLI + ["extract", str(tmp_path / "nope.txt")], capture_output=True, text=True)
    assert missing.returncode == 1 and "no such file" in missing.stderr and "Traceback" not in missing.stderr


def test_batch_goes_on_past_a_bad_file(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    (folder / "b_good.txt").write_text("Số: 12/CT-TTg\nHà Nội, ngày 01 tháng 3 năm 2024\nCHỈ THỊ\nVề việc thử\n", encoding="utf-8")
    out = tmp_path / "out"
    run = subprocess.run(CLI + ["extract", str(folder), "--out", str(out)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    errors = json.loads((out / "errors.json").read_text(encoding="utf-8"))["errors"]
    assert [(Path(e["path"]).name, e["error"]) for e in errors] == [("a_bad.txt", "binary")]
    data = json.loads((out / "b_good.json").read_text(encoding="utf-8"))
    assert data["documents"][0]["number"] == "12/CT-TTg"
    assert data["documents"][0]["type"] == "Chỉ thị"
