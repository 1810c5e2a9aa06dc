"""The shortcuts taken for speed in split and header answer what the plain readings did, on any input."""
from __future__ import annotations

import random
import sys
import unicodedata

from extractor import split
from extractor.lines import LineIndex
from extractor.patterns import header as H


def test_strip_marks_commute_with_lower():
    """`(` and `*` are their own lower case, and no other character's lower case opens with either: stripping them
    before lowering a line or after gives the same opening (_anchor_line's `Kèm theo` test reads the lowered line)."""
    for cp in range(sys.maxunicode + 1):
        c = chr(cp)
        if c in "(*":
            assert c.lower() == c
        else:
            assert not c.lower().startswith(("(", "*")), hex(cp)


def _old_attached_opening(s: str) -> bool:
    return s.lstrip("(*").lower().startswith(("kèm theo", "ban hành kèm theo"))


def _new_attached_opening(s: str) -> bool:
    low = s.lower()
    return "kèm" in low and low.lstrip("(*").startswith(("kèm theo", "ban hành kèm theo"))


def test_attached_opening_as_before():
    rng = random.Random(7)
    pieces = ["(", "*", "(*", "Kèm", "KÈM", "kèm", " theo", " THEO", "Ban hành ", "BAN HÀNH ", "Σ", "İ", " ", "x", "ς"]
    for _ in range(20000):
        s = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        assert _old_attached_opening(s) == _new_attached_opening(s), repr(s)


def test_bare_as_a_generator_gave():
    for text in ["KÉ HOẠCH", "QUYẾT ĐỊNH", "Đđ", "", "a\u0301b\u0323", "THÔNG TƯ1"]:
        nfd = unicodedata.normalize("NFD", text)
        old = "".join(c for c in nfd if not unicodedata.combining(c)).replace("Đ", "D").replace("đ", "d")
        assert H._bare(text) == old


def _old_find_headers(text: str):
    """find_headers as it read each line before it lowered it once for all its tests."""
    lines = LineIndex(text).lines
    content = [ln for ln in lines if not ln.text.isspace() and ln.text]
    found = []
    for i, ln in enumerate(content):
        s = ln.text.strip()
        if len(s) > 300 or not H.may_be_header_piece(s):
            continue
        following = content[i + 1:i + 3]
        a = split._anchor_line(ln, following, s, s.lower())
        if not a and following and H.may_be_split_piece(s) and H.SPLIT_PIECE.match(s):
            joined = split.Line(ln.start, following[0].end, s + " " + following[0].stripped)
            a = split._anchor_line(joined, following[1:], joined.stripped, joined.stripped.lower())
            if a:
                a["consumed"] = following[0]
        found.append((i, sorted(a) if a else None))
    return found


def test_anchor_with_lowered_line_as_before():
    text = "\n".join([
        "BỘ TÀI CHÍNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: 12/2024/TT-BTC",
        "Hà Nội, ngày 10 tháng 02 năm 2024", "THÔNG TƯ", "(Kèm theo Quyết định số 240/QĐ-TTg", "ngày 1 tháng 2 năm 2020)",
        "  kèm theo", "Quyết định số 12/QĐ-BTC", "Mẫu số 01", "PHỤ LỤC II", "XÁC THỰC VĂN BẢN HỢP NHẤT", "CỘNG HÒA XÃ HỘI",
        "CHỦ NGHĨA VIỆT NAM", "Số:", "34/2024/QĐ-UBND", "Điều 1. Phạm vi", "số liệu: 12", "Σ ΣΑΣ", "İstanbul, ngày"])
    lines = LineIndex(text).lines
    content = [ln for ln in lines if not ln.text.isspace() and ln.text]
    new = []
    for i, ln in enumerate(content):
        s = ln.text.strip()
        low = s.lower()
        if len(s) > 300 or not H.may_be_header_piece(s, low):
            continue
        a = split._anchor(ln, content[i + 1:i + 3], s, low)
        new.append((i, sorted(a) if a else None))
    assert new == _old_find_headers(text)
    assert split.find_headers(text)
