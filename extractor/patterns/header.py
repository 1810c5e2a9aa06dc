"""Patterns of a Vietnamese document header: Quốc hiệu, `Số:` line, place and date, type line, `Kèm theo`, authority and signer lines."""
from __future__ import annotations

from functools import lru_cache

import regex

from .doctypes import header_forms
from .lexicon import entries

_F = regex.I | regex.V1

# tolerant of a PDF or a web page that broke a letter (`XàHỘI`) or lost the dashes (`Độc lập  Tự do  Hạnh phúc`)
QUOC_HIEU = regex.compile(r"CỘNG\s*H[ÒOÓ]A\s*X\S{0,2}\s*HỘI\s*CHỦ\s*NGHĨA\s*VIỆT\s*NAM", _F)
MOTTO = regex.compile(r"^\s*Độc\s+lập\s*[-–—]?\s*Tự\s+do\s*[-–—]?\s*Hạnh\s+phúc\s*$", _F)
# the first line of a header piece that a layout cut over two lines
SPLIT_PIECE = regex.compile(r"^\s*(?:CỘNG\s*H[ÒOÓ]A\s*X\S{0,2}\s*HỘI|Số\s*:?|.{2,40},\s*ngày|(?:Kèm|\(Kèm)\s+theo.*)\s*$", _F)
# `Số: 23 /CT-TTg`, `Số:1250/VPCP-KSTT`, `Số: /VPCP-KSTT` (blank in a draft)
NUMBER_LINE = regex.compile(
    r"^\s*Số\s*:?\s*(?P<num>(?P<n>\d+[a-zA-Z]?)?\s*[/-]\s*[\p{L}\d][\p{L}\d./&-]*(?:\s*[-/]\s*[\p{L}\d.&-]+)*)\s*$", _F)
# `Hà Nội, ngày 02 tháng 9 năm 2021`; `TP. Hồ Chí Minh, ngày …`; place may be absent
PLACE_DATE = regex.compile(
    r"^\s*(?:(?P<place>[\p{Lu}][\p{L}.\- ]{1,40}?)\s*,\s*)?ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})\s*\.?\s*$",
    _F)
# `(Kèm theo Quyết định số 240/QĐ-TTg ngày …)`; the number may be blank (`số: /VPCP-KSTT`)
ATTACHED = regex.compile(
    r"(?:Kèm|Ban\s+hành\s+kèm)\s+theo\s+(?P<what>(?:[^()\n]*?kèm\s+theo\s+)?)(?P<type>[\p{L}]+(?:\s+[\p{L}]+){0,3}?)\s+số\s*:?\s*"
    r"(?P<num>(?:\d+[a-zA-Z]?)?\s*/\s*[\p{L}\d][\p{L}\d./&-]*)",
    _F)
SUBJECT_LINE = regex.compile(r"^\s*V/v\.?\s*(?P<title>.+)$", _F)
ADDRESSEE = regex.compile(r"^\s*Kính\s+gửi\s*:?\s*(?P<rest>.*)$", _F)
RECIPIENTS = regex.compile(r"^\s*Nơi\s+nhận\s*:?", _F)
PRESENTER = regex.compile(r"^\s*(?:Người\s+trình\s+bày|Báo\s+cáo\s+viên|Trình\s+bày)\s*:", _F)
APPENDIX_LINE = regex.compile(r"^\s*(?:PHỤ\s+LỤC|Phụ\s+lục)(?:\s+(?:số\s+)?(?P<no>[IVXLC]+|\d+[a-z]?))?\s*:?\s*$", regex.V1)
# the authority line above `Căn cứ` or a signature: `THỦ TƯỚNG CHÍNH PHỦ`, `BỘ TRƯỞNG BỘ NỘI VỤ`, `KT. THỦ TƯỚNG`
SIGN_PREFIX = regex.compile(r"^(?:KT|TM|TL|TUQ|Q|QUYỀN|THỪA\s+LỆNH|THỪA\s+ỦY\s+QUYỀN)\s*[.:]?\s+", regex.V1)
TITLE_WORDS = regex.compile(
    r"^(?:PHÓ\s+)?(?:THỦ\s+TƯỚNG|BỘ\s+TRƯỞNG|CHỦ\s+TỊCH|CHỦ\s+NHIỆM|TỔNG\s+GIÁM\s+ĐỐC|GIÁM\s+ĐỐC|CHÁNH\s+VĂN\s+PHÒNG|"
    r"TỔNG\s+CỤC\s+TRƯỞNG|CỤC\s+TRƯỞNG|VỤ\s+TRƯỞNG|TRƯỞNG\s+BAN|TRƯỞNG\s+PHÒNG|TỔNG\s+THANH\s+TRA|THỐNG\s+ĐỐC|"
    r"TỔNG\s+KIỂM\s+TOÁN|CHÁNH\s+ÁN|VIỆN\s+TRƯỞNG|BÍ\s+THƯ|TỔNG\s+BÍ\s+THƯ|THỨ\s+TRƯỞNG|CHÍNH\s+PHỦ|ỦY\s+BAN\s+NHÂN\s+DÂN|"
    r"UỶ\s+BAN\s+NHÂN\s+DÂN|HỘI\s+ĐỒNG\s+NHÂN\s+DÂN|BAN\s+CHỈ\s+ĐẠO|BAN\s+THƯỜNG\s+VỤ)\b",
    regex.V1)
AGENCY_LINE = regex.compile(
    r"^(?:THỦ\s+TƯỚNG\s+CHÍNH\s+PHỦ|CHÍNH\s+PHỦ|QUỐC\s+HỘI|(?:BỘ|ỦY\s+BAN|UỶ\s+BAN|VĂN\s+PHÒNG|THANH\s+TRA|NGÂN\s+HÀNG|"
    r"HỘI\s+ĐỒNG|SỞ|CỤC|TỔNG\s+CỤC|BAN|BẢO\s+HIỂM|KIỂM\s+TOÁN|TÒA\s+ÁN|VIỆN|ĐẠI\s+HỌC|TRƯỜNG|TẬP\s+ĐOÀN|TỔNG\s+CÔNG\s+TY|"
    r"TỈNH|THÀNH\s+PHỐ|HUYỆN|QUẬN|THỊ\s+XÃ|XÃ|PHƯỜNG|THỊ\s+TRẤN)"
    r"(?:\s+[\p{Lu}\d\-–]+)+)$",
    regex.V1)
# the second line of an agency name cut in two (`ỦY BAN NHÂN DÂN` / `TỈNH BÌNH THUẬN`)
PLACE_TAIL = regex.compile(r"^(?:TỈNH|THÀNH\s+PHỐ|HUYỆN|QUẬN|THỊ\s+XÃ|XÃ|PHƯỜNG|THỊ\s+TRẤN)\s+\S", regex.V1)
UPPER_LINE = regex.compile(r"^[^\p{Ll}]*\p{Lu}[^\p{Ll}]*$", regex.V1)
RULE_LINE = regex.compile(r"^\s*[-_=–—.*]{3,}\s*$")


@lru_cache(maxsize=1)
def _type_line_re():
    forms = "|".join(regex.escape(f.upper()).replace(r"\ ", r"\s+") for f in header_forms())
    return regex.compile(rf"^\s*(?P<type>{forms})\s*$", regex.V1)


@lru_cache(maxsize=1)
def _forms_in_capitals() -> bool:
    """Whether no type form has a lower-case letter in capitals (then a type line has none either)."""
    return not any(c.islower() for f in header_forms() for c in f.upper())


def type_line(line: str) -> str | None:
    """The words of a document type line (`QUYẾT ĐỊNH`, `KẾ HOẠCH HÀNH ĐỘNG`) — upper case, alone on its line."""
    s = line.strip(" *#\t")
    if _forms_in_capitals() and not s.isupper():
        # most lines have a lower-case letter: no need to fold their tones and try the many forms (this runs on
        # every line); folding keeps the case of each letter, so the test may come first
        return None
    from .fold import fold_tones

    m = _type_line_re().match(fold_tones(s))
    return m["type"] if m else None


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    return frozenset(entries("surnames.txt"))


_NAME = regex.compile(r"^(?:\p{Lu}[\p{Ll}]*)(?:\s+\p{Lu}[\p{Ll}]*){1,5}$", regex.V1)


def is_person_name(line: str) -> bool:
    """`Nguyễn Hòa Bình`: two to six capitalised words, the first a Vietnamese family name."""
    s = " ".join(line.strip(" *\t").split())
    return bool(_NAME.match(s)) and s.split()[0] in surnames()
