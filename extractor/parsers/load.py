"""Load any supported file into a Source: picks the loader (text, PDF, DOCX, DOC, HTML) by content signature, then suffix."""
from __future__ import annotations

from pathlib import Path

from ..errors import (BinaryFileError, BrokenFileError, EncodingError, EncryptedFileError, ExtractorError, FileTooLargeError,  # noqa: F401
                      MissingToolError, UnsupportedFormatError, size_text)
from ..model import Source
from .text import DEFAULT_MAX_BYTES, source_from_bytes

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
FORMAT_SUFFIXES = {".pdf": "pdf", ".docx": "docx", ".docm": "docx", ".doc": "doc", ".html": "html", ".htm": "html",
                   ".xhtml": "html"}
SUPPORTED = TEXT_SUFFIXES | set(FORMAT_SUFFIXES)

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
# What the bytes of each binary kind are, for a file whose name says otherwise.
KIND_NAMES = {"pdf": "a PDF (%PDF- signature)", "docx": "a Word .docx (ZIP package)", "zip": "a ZIP archive",
              "doc": "an OLE2 compound file (Word 97-2003 .doc signature)"}
# Binary formats the toolkit does not read, named when they come under a text name.
OTHER_SIGNATURES = [(b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
                    (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"), (b"\x1f\x8b", "a gzip archive"),
                    (b"Rar!\x1a\x07", "a RAR archive"), (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
                    (b"\x7fELF", "a program (ELF)"), (b"SQLite format 3\x00", "an SQLite database")]
_TEXT_BYTES = bytes(range(32, 256)) + b"\t\n\x0c\r\x1b"


def _binary_prefix(prefix: bytes) -> bool:
    """Bytes before a signature that are not text (a PDF may have junk before %PDF-; a text may mention it)."""
    return len(prefix.translate(None, _TEXT_BYTES)) > 0


def sniff(data: bytes, suffix: str = "") -> str:
    """The format the bytes are in: pdf | docx | zip | doc | html | text (signature first, then the suffix).
    Under a text name (.txt, .md, none) a '%PDF-' after the first byte counts only after binary bytes."""
    head = data[:2048]
    at = head.find(b"%PDF-", 0, 1024)
    if at == 0 or at > 0 and (suffix not in TEXT_SUFFIXES or _binary_prefix(head[:at])):
        return "pdf"
    if head.startswith(ZIP):
        return "docx" if b"word/" in data[:65536] or b"[Content_Types].xml" in head or suffix in (".docx", ".docm") else "zip"
    if head.startswith(OLE2):
        return "doc"
    probe = head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").lower().replace(b"\x00", b"")
    if probe.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in data[:8192].lower().replace(b"\x00", b"") \
            or probe.startswith((b"<!doctype html", b"<html")):
        return "html"
    if suffix in (".html", ".htm", ".xhtml") and b"<" in head and (b"<body" in data.lower() or b"<div" in data.lower()
                                                                 or b"<p" in data.lower() or b"<table" in data.lower()):
        return "html"
    return "text"


def _read(p: Path, path: str, max_bytes: int) -> bytes:
    if not p.exists():
        raise EncodingError("no such file", path)
    if p.is_dir():
        raise EncodingError("is a folder, not a file", path)
    size = p.stat().st_size
    if size > max_bytes:
        raise FileTooLargeError(f"file is {size_text(size, max_bytes)}, over the {size_text(max_bytes, size)} limit "
                                "(raise it with --max-bytes)", path)
    try:
        return p.read_bytes()
    except OSError as err:
        raise EncodingError(f"cannot read: {err.strerror or err}", path) from None


def load(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read a file of any supported format into a Source; one-line ExtractorError when it cannot be read."""
    p = Path(path)
    name = str(path)
    data = _read(p, name, max_bytes)
    return load_bytes(data, name, p.suffix.lower())


def load_bytes(data: bytes, name: str = "<bytes>", suffix: str | None = None) -> Source:
    suffix = Path(name).suffix.lower() if suffix is None else suffix
    kind = sniff(data, suffix)
    expected = FORMAT_SUFFIXES.get(suffix)
    if kind in KIND_NAMES and kind != "zip" and kind != expected and not (kind == "docx" and expected == "doc"):
        # bytes of a binary format under another name (.md, .txt, .pdf …): read as what they are, and a
        # failure says what they were taken for
        try:
            if kind == "doc":  # the cheap structure check before anything else (LibreOffice's presence included)
                from .doc import check_ole

                check_ole(data, name)
            return _load_kind(kind, data, name)
        except ExtractorError as err:
            named = f"named {suffix}" if suffix else "without a suffix"
            err.message = f"{named} but the bytes are {KIND_NAMES[kind]}: {err.message}"
            err.args = (err.message,)
            raise
    if kind == "text" and suffix in TEXT_SUFFIXES:
        what = next((w for sig, w in OTHER_SIGNATURES if data.startswith(sig)), None)
        if what:
            raise BinaryFileError(f"this is {what}, not text", name)
        if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:6] == b"{\\rtf1":
            raise UnsupportedFormatError("an RTF document, which is not read: save it as .docx or .txt", name)
    if kind == "text" and suffix not in SUPPORTED:
        return _load_other(data, name, suffix)
    return _load_kind(kind, data, name, expected)


def _load_kind(kind: str, data: bytes, name: str, expected: str | None = None) -> Source:
    if kind == "pdf":
        from .pdf import load_pdf

        return load_pdf(data, name)
    if kind == "docx":
        from .docx import load_docx

        return load_docx(data, name)
    if kind == "doc":
        from .doc import load_doc

        return load_doc(data, name)
    if kind == "html":
        from .html import load_html

        return load_html(data, name)
    if kind == "zip":
        raise UnsupportedFormatError("unsupported type: a ZIP archive that is not a Word document (no word/document.xml)",
                                     name)
    # the content is not any binary format: a mislabelled file is an error, else it is text
    if expected == "pdf":
        raise BrokenFileError("not a PDF file (no %PDF- signature): damaged, or another format renamed", name)
    if expected == "docx":
        raise BrokenFileError("not a Word .docx file: it is not a ZIP package (damaged, or another format renamed)", name)
    if expected == "doc":
        raise BrokenFileError("not a Word .doc file (no OLE2 signature): damaged, or another format renamed", name)
    return _load_text(data, name)


# Binary formats the toolkit does not read (images are read through OCR only as the pages of a scanned PDF).
UNSUPPORTED_SIGNATURES = [
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"), (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"), (b"BM", "a BMP image"), (b"RIFF", "a RIFF file (WebP image, WAV, AVI)"),
    (b"\x7fELF", "a program (ELF)"), (b"MZ", "a Windows program (EXE/DLL)"), (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"), (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"), (b"SQLite format 3\x00", "an SQLite database")]
READS = "the toolkit reads text, PDF (scans through OCR), DOCX, DOC and HTML"


def _load_other(data: bytes, name: str, suffix: str) -> Source:
    """A file whose name is of no supported type: read if it is text, else refused as an unsupported type."""
    try:
        return _load_text(data, name)
    except (BinaryFileError, EncodingError):
        what = next((w for sig, w in UNSUPPORTED_SIGNATURES if data.startswith(sig)), f"a {suffix} file that is not text")
        raise UnsupportedFormatError(f"unsupported type: {what}; {READS}", name) from None


def _load_text(data: bytes, name: str) -> Source:
    try:
        return source_from_bytes(data, name)
    except EncodingError:
        # bytes in a legacy Vietnamese font encoding need not read as any code page
        from .legacy import decode_bytes

        got = decode_bytes(data)
        if got is None:
            raise
        import hashlib

        text, kind = got
        return Source(path=name, sha256=hashlib.sha256(data).hexdigest(), encoding=kind, size=len(data), original=text)
