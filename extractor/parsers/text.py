"""Load a plain-text file and decode it: UTF-8 (with or without BOM), UTF-16, Windows-1258, else a clear error."""
from __future__ import annotations

import codecs
import hashlib
import unicodedata
from pathlib import Path

import regex

from ..errors import BinaryFileError, EmptyFileError, EncodingError, FileTooLargeError
from ..model import Source

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# Letters only Vietnamese uses; a decoding that yields none of them over a long text is suspect.
_VI_LETTERS = regex.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ]|[\p{L}][\u0300\u0301\u0303\u0309\u0323]")
_VI_WORDS = regex.compile(r"\b(và|của|các|được|những|theo|thực|hiện|năm|ngày|tháng|số|về)\b", regex.I)


_TEXT_BYTES = bytes(range(32, 256)) + b"\t\n\x0c\r\x1b"


def _control_bytes(data: bytes) -> int:
    """NUL and the other control bytes text does not hold (counted in C: the bytes that are not text kept)."""
    return len(data.translate(None, _TEXT_BYTES))


def _looks_binary(data: bytes) -> bool:
    """NUL or many control bytes at the start, or in the file as a whole (text first, binary after it)."""
    sample = data[:8192]
    if b"\x00" in sample or _control_bytes(sample) > max(8, len(sample) // 50):
        return True
    return len(data) > len(sample) and _control_bytes(data) > max(8, len(data) // 50)


def _text_like(text: str) -> bool:
    """Decoded text with hardly any control, unassigned or private-use characters (binary data with a zero
    byte in every other place decodes as UTF-16 too)."""
    sample = text[:4096]
    odd = sum(1 for ch in sample if ch not in "\t\n\r\x0c" and unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs"))
    return odd <= max(2, len(sample) // 100)


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nul > half * 0.3 and even_nul < half * 0.05:
        enc = "utf-16-le"
    elif even_nul > half * 0.3 and odd_nul < half * 0.05:
        enc = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        return None
    return text if _text_like(text) else None


def _plausible_vietnamese(text: str) -> bool:
    nfc = unicodedata.normalize("NFC", text[:20000])
    return bool(_VI_LETTERS.search(nfc)) and bool(_VI_WORDS.search(nfc))


def decode(data: bytes, path: str = "") -> tuple[str, str]:
    """Return (text, encoding name) or raise a clear ExtractorError."""
    if not data.strip():
        raise EmptyFileError("the file is empty", path)
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as err:
            raise EncodingError(f"starts with a UTF-8 mark but has invalid UTF-8 at byte {err.start + 3}", path) from None
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as err:
            raise EncodingError(f"starts with a UTF-16 mark but cannot be decoded as UTF-16 (byte {err.start})", path) from None
    text = _utf16_without_bom(data)
    if text is not None:
        return text, "utf-16"
    if _looks_binary(data):
        raise BinaryFileError("this is a binary file, not text (NUL or control bytes found)", path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        utf8_error = err
    # Windows-1258 is the legacy Vietnamese code page: base letters plus combining tone marks.
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        text = None
    if text is not None and _plausible_vietnamese(text):
        return text, "windows-1258"
    raise EncodingError(
        f"cannot decode: not UTF-8 (invalid byte 0x{data[utf8_error.start]:02x} at {utf8_error.start}), "
        "UTF-16 or Windows-1258 Vietnamese text", path)


def load_text(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    p = Path(path)
    if not p.exists():
        raise EncodingError("no such file", str(path))
    if p.is_dir():
        raise EncodingError("is a folder, not a file", str(path))
    size = p.stat().st_size
    if size > max_bytes:
        raise FileTooLargeError(
            f"file is {size / 2**20:.1f} MB, over the {max_bytes / 2**20:.0f} MB limit (raise it with --max-bytes)", str(path))
    try:
        data = p.read_bytes()
    except OSError as err:
        raise EncodingError(f"cannot read: {err.strerror or err}", str(path)) from None
    return source_from_bytes(data, str(path))


def source_from_bytes(data: bytes, path: str = "<text>") -> Source:
    text, encoding = decode(data, path)
    from .legacy import fix_decoded

    text, encoding = fix_decoded(text, encoding)  # TCVN3 / VNI font-encoded text → Unicode
    return Source(path=path, sha256=hashlib.sha256(data).hexdigest(), encoding=encoding, size=len(data), original=text)


def source_from_text(text: str, path: str = "<text>") -> Source:
    data = text.encode("utf-8")
    if not text.strip():
        raise EmptyFileError("the text is empty", path)
    return Source(path=path, sha256=hashlib.sha256(data).hexdigest(), encoding="utf-8", size=len(data), original=text)
