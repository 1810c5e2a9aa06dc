"""Patterns of a Vietnamese document header: Quốc hiệu, `Số:` line, place and date, type line, `Kèm theo`, authority and signer lines."""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Final

import regex

from .doctypes import header_forms, type_names
from .fold import fold_tones
from .lexicon import entries

_F: Final = regex.I | regex.V1

# tolerant of a PDF or a web page that broke a letter (`XàHỘI`) or lost the dashes (`Độc lập  Tự do  Hạnh phúc`), and
# of the old tone placement (`HOÀ`)
QUOC_HIEU: Final = regex.compile(r"CỘNG\s*H[ÒOÓ][AÀ]\s*X\S{0,2}\s*HỘI\s*CHỦ\s*NGHĨA\s*VIỆT\s*NAM", _F)
MOTTO: Final = regex.compile(r"^\s*Độc\s+lập\s*[-–—]?\s*Tự\s+do\s*[-–—]?\s*Hạnh\s+phúc\s*$", _F)
# the first line of a header piece that a layout cut over two lines
SPLIT_PIECE: Final = regex.compile(r"^\s*(?:CỘNG\s*H[ÒOÓ][AÀ]\s*X\S{0,2}\s*HỘI|Số\s*:?|.{2,40},\s*ngày|(?:Kèm|\(Kèm)\s+theo.*)\s*$", _F)
# `Số: 23 /CT-TTg`, `Số:1250/VPCP-KSTT`, `Số: /VPCP-KSTT` (blank in a draft); the type may come first, as laws and
# resolutions of the National Assembly print it (`Luật số: 51/2024/QH15`, `Nghị quyết số: 24/2022/UBTVQH15`: then the
# colon is printed, which a table cell `Nghị quyết số 66/NQ-CP` lacks); OCR may read `Số` as `S6`, `Sô`, `So` (then
# too the colon must follow); a serial may carry a dot (`66.16/2026/NQ-CP`). `Số` has its capital: a line of running
# text may begin `số 09/2016/TTLT-…`.
_KINDS: Final = "|".join(regex.escape(f).replace(r"\ ", r"\s+") for f in type_names())
_NUMBER_LINE: Final = (
    r"\s*(?:(?:" + _KINDS + r")\s+số\s*:"
    r"|(?-i:Số|SỐ)\s*:?|(?-i:S)[ô6oóồỗ0]\s*:)\s*"
    r"(?P<num>(?P<n>\d+(?:\.\d+)?[a-zA-Z]?)?\s*[/-]\s*[\p{L}\d][\p{L}\d./&-]*(?:\s*[-/]\s*[\p{L}\d.&-]+)*)")
NUMBER_LINE: Final = regex.compile(r"^" + _NUMBER_LINE + r"\s*$", _F)
# a number line of a form to fill in: no digit outside a note mark, and dots, ellipses or underscores for the number
# (`Số: ……/QĐ-…`, `Số:____`, `Số:      /TB-…(9)…`, `Số:           /`)
FORM_NUMBER: Final = regex.compile(r"^\s*Số\s*:?\s*(?:(?=[^\n]*[.…_])(?:[^\d\n]|\(\d{1,2}\))*|/)\s*$", _F)
# the rest of a document number cut at a hyphen over two lines (`01/2022/TTLT-VKSNDTC-` / `TANDTC-BCA-BQP-BLĐTBXH`)
NUMBER_TAIL: Final = regex.compile(r"^\s*[\p{Lu}Đ][\p{Lu}Đ\d&]*(?:\s*-\s*[\p{Lu}Đ\d&]+)*\s*$", regex.V1)
# `Hà Nội, ngày 02 tháng 9 năm 2021`; `TP. Hồ Chí Minh, ngày …`; place may be absent; a footnote marker glued to the
# year (`năm 20231`) or stray figures of a text layer after it (`năm 2026 2025`) are not part of the date
_PLACE_DATE: Final = (r"(?:(?P<place>[\p{Lu}][\p{L}.\- ]{1,40}?)\s*,\s*)?ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*"
               r"(?P<y>\d{4})\d{0,2}(?:\s+\d{1,4})?\s*\.?")
PLACE_DATE: Final = regex.compile(r"^\s*" + _PLACE_DATE + r"\s*$", _F)
# both on one line, as a web page runs its header cells together: `Số: 12/2024/TT-BTC Hà Nội, ngày 10 tháng 02 năm 2024`
NUMBER_DATE_LINE: Final = regex.compile(r"^" + _NUMBER_LINE + r"\s+(?P<date>" + _PLACE_DATE + r")\s*$", _F)
# the place-and-date line of a form to fill in: blanks for the year (`…, ngày … tháng … năm …`, `___, ngày___ tháng__
# năm____`, `...(3)..., ngày … tháng … năm 20..`)
FORM_DATE: Final = regex.compile(
    r"^(?=[^\n]*[.…_])[^\d\n]{0,60}?(?:\(\d{1,2}\)[^\d\n]{0,30})?ngày[\s.…_]*(?:\d{1,2}[\s.…_]*)?tháng[\s.…_]*"
    r"(?:\d{1,2}[\s.…_]*)?năm[\s.…_]*(?:20[.…_]*)?$", _F)
# a form's label above its header: `Mẫu số 01`, `Mẫu số: B01-BH`, `Mẫu số 02/ĐK`, `MẪU SỐ 03`, `(Mẫu 01A)`
FORM_LABEL: Final = regex.compile(r"^\s*\(?\s*Mẫu(?:\s+số)?\s*:?\s*[\p{Lu}\d]", _F)
# a resolution or law without a place-and-date line: `… khóa XV, kỳ họp thứ 8 thông qua ngày 27 tháng 11 năm 2024`
ADOPTED: Final = regex.compile(r"thông\s+qua\s+ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})", _F)
# the block that authenticates a consolidated text (văn bản hợp nhất): its own number carries the code VBHN, and a line
# `XÁC THỰC VĂN BẢN HỢP NHẤT` (older texts: `XÁC NHẬN …`) stands by it
CONSOLIDATION_LINE: Final = regex.compile(r"^\s*XÁC\s+(?:THỰC|NHẬN)\s+VĂN\s+BẢN\s+HỢP\s+NHẤT\s*$", _F)
CONSOLIDATION_CODE: Final = regex.compile(r"/\s*VBHN\b", _F)
# a consolidated text states, after its title, what it consolidates: `Thông tư số … ngày …, có hiệu lực …, được sửa
# đổi, bổ sung bởi:`; the gazette prints a section heading above it: `VĂN BẢN HỢP NHẤT - BỘ Y TẾ`
CONSOLIDATED_INTRO: Final = regex.compile(r"được\s+sửa\s+đổi,?\s+bổ\s+sung\s+bởi\s*:", _F)
# the citation that opens that statement: `Nghị định số 61/2020/NĐ-CP`, `Luật Bảo hiểm y tế số 25/2008/QH12` (the kind
# with its capital, as a citation writes it)
CITATION_START: Final = regex.compile(
    r"(?<!\S)(?:" + _KINDS + r")(?:\s+\S+){0,10}?\s+số\s+\d",
    regex.V1)
CONSOLIDATED_HEADING: Final = regex.compile(r"^\s*VĂN\s+BẢN\s+HỢP\s+NHẤT\s*(?:[-–]\s*(?P<agency>.*?))?\s*$", regex.V1)
# `(Kèm theo Quyết định số 240/QĐ-TTg ngày …)`; the number may be blank (`số: /VPCP-KSTT`)
ATTACHED: Final = regex.compile(
    r"(?:Kèm|Ban\s+hành\s+kèm)\s+theo\s+(?P<what>(?:[^()\n]*?kèm\s+theo\s+)?)(?P<type>[\p{L}]+(?:\s+[\p{L}]+){0,3}?)\s+số\s*:?\s*"
    r"(?P<num>(?:\d+(?:\.\d+)?[a-zA-Z]?)?\s*/\s*[\p{L}\d][\p{L}\d./&-]*)",
    _F)
# what may stand before `Kèm theo` on the line that opens an attached part: a bracket, the part's label
# (`Mẫu số 08:`, `Phụ lục II -`, `Biểu số 01.`); running text that cites `… ban hành kèm theo Thông tư số …` does not
_ATTACHED_LEAD: Final = regex.compile(
    r"^[\s(\[*]*(?:(?:Mẫu|Phụ\s+lục|Biểu|Mẫu\s+biểu)\b[^()\n]{0,25}?[\s:.\-–(]+)?$", _F)
SUBJECT_LINE: Final = regex.compile(r"^\s*V/v\.?\s*(?P<title>.+)$", _F)
# a line the `V/v` wraps onto: it goes on in lower case
SUBJECT_TAIL: Final = regex.compile(r"^\p{Ll}", regex.V1)
ADDRESSEE: Final = regex.compile(r"^\s*Kính\s+gửi\s*:?\s*(?P<rest>.*)$", _F)
RECIPIENTS: Final = regex.compile(r"^\s*Nơi\s+nhận\s*:?", _F)
PRESENTER: Final = regex.compile(r"^\s*(?:Người\s+trình\s+bày|Báo\s+cáo\s+viên|Trình\s+bày)\s*:", _F)
APPENDIX_LINE: Final = regex.compile(r"^\s*(?:PHỤ\s+LỤC|Phụ\s+lục)(?:\s+(?:số\s+)?(?P<no>[IVXLC]+|\d+[a-z]?))?\s*:?\s*$", regex.V1)
# the authority line above `Căn cứ` or a signature: `THỦ TƯỚNG CHÍNH PHỦ`, `BỘ TRƯỞNG BỘ NỘI VỤ`, `KT. THỦ TƯỚNG`
SIGN_PREFIX: Final = regex.compile(r"^(?:KT|TM|TL|TUQ|Q|QUYỀN|THỪA\s+LỆNH|THỪA\s+ỦY\s+QUYỀN)\s*[.:]?\s+", regex.V1)
TITLE_WORDS: Final = regex.compile(
    r"^(?:PHÓ\s+)?(?:THỦ\s+TƯỚNG|BỘ\s+TRƯỞNG|CHỦ\s+TỊCH|CHỦ\s+NHIỆM|TỔNG\s+GIÁM\s+ĐỐC|GIÁM\s+ĐỐC|CHÁNH\s+VĂN\s+PHÒNG|"
    r"TỔNG\s+CỤC\s+TRƯỞNG|CỤC\s+TRƯỞNG|VỤ\s+TRƯỞNG|TRƯỞNG\s+BAN|TRƯỞNG\s+PHÒNG|TỔNG\s+THANH\s+TRA|THỐNG\s+ĐỐC|"
    r"TỔNG\s+KIỂM\s+TOÁN|CHÁNH\s+ÁN|VIỆN\s+TRƯỞNG|BÍ\s+THƯ|TỔNG\s+BÍ\s+THƯ|THỨ\s+TRƯỞNG|CHÍNH\s+PHỦ|ỦY\s+BAN\s+NHÂN\s+DÂN|"
    r"UỶ\s+BAN\s+NHÂN\s+DÂN|HỘI\s+ĐỒNG\s+NHÂN\s+DÂN|BAN\s+CHỈ\s+ĐẠO|BAN\s+THƯỜNG\s+VỤ)\b",
    regex.V1)
AGENCY_LINE: Final = regex.compile(
    r"^(?:THỦ\s+TƯỚNG\s+CHÍNH\s+PHỦ|CHÍNH\s+PHỦ|QUỐC\s+HỘI|(?:BỘ|ỦY\s+BAN|UỶ\s+BAN|VĂN\s+PHÒNG|THANH\s+TRA|NGÂN\s+HÀNG|"
    r"HỘI\s+ĐỒNG|SỞ|CỤC|TỔNG\s+CỤC|BAN|BẢO\s+HIỂM|KIỂM\s+TOÁN|TÒA\s+ÁN|VIỆN|ĐẠI\s+HỌC|TRƯỜNG|TẬP\s+ĐOÀN|TỔNG\s+CÔNG\s+TY|"
    r"TỈNH|THÀNH\s+PHỐ|HUYỆN|QUẬN|THỊ\s+XÃ|XÃ|PHƯỜNG|THỊ\s+TRẤN)"
    r"(?:\s+[\p{Lu}\d\-–]+)+)$",
    regex.V1)
# the second line of an agency name cut in two (`ỦY BAN NHÂN DÂN` / `TỈNH BÌNH THUẬN`)
PLACE_TAIL: Final = regex.compile(r"^(?:TỈNH|THÀNH\s+PHỐ|HUYỆN|QUẬN|THỊ\s+XÃ|XÃ|PHƯỜNG|THỊ\s+TRẤN)\s+\S", regex.V1)
# the second line of a body's name cut in two (`BỘ LAO ĐỘNG - THƯƠNG BINH` / `VÀ XÃ HỘI`): capitals, and it begins with
# the conjunction the cut fell before
NAME_TAIL: Final = regex.compile(r"^(?:VÀ|&)\s+[^\p{Ll}]{2,60}$", regex.V1)
UPPER_LINE: Final = regex.compile(r"^[^\p{Ll}]*\p{Lu}[^\p{Ll}]*$", regex.V1)
RULE_LINE: Final = regex.compile(r"^\s*[-_=–—.*]{3,}\s*$")


# What a line must contain to be a piece of a header at all, each test standing for the patterns above that need it:
# `cộng` (Quốc hiệu), an opening `S` (`Số:`, `SỐ:`, OCR `S6:`), `số … :` (`Luật số: …`), `Mẫu`, `Phụ lục`, `Xác thực`,
# `Độc lập`, `ngày … tháng` or a line ending in `, ngày` (place and date, a form's date), `Kèm theo`, or a line in
# capitals (type and agency lines). Only a line that passes is read by the patterns (a body line seldom does).
PIECE_OPENINGS: Final = ("s", "xác", "độc", "mẫu", "phụ")


def may_be_header_piece(line: str, low: str | None = None) -> bool:
    """A cheap necessary condition for any header pattern to match the stripped line (false: none can). ``low``: the
    line in lower case, when the caller has it (find_headers lowers each line once for all its tests)."""
    low = line.lower() if low is None else low
    # (`line.strip(" *#\t").isupper()` without the strip: isupper looks at cased characters alone)
    return ("cộng" in low or "số" in low and ":" in low or "ngày" in low and ("tháng" in low or low.endswith("ngày"))
            or "kèm" in low or line.isupper() or low.lstrip(" (*[").startswith(PIECE_OPENINGS))


_ASCII_DIGITS: Final = frozenset("0123456789")
_NON_ASCII: Final = "\x80"


def may_be_place_date(line: str, low: str | None = None) -> bool:
    """A cheap necessary condition for PLACE_DATE to match the stripped line (false: it cannot): the line opens with
    `ngày` or its first comma ends the place (a place holds no comma) and `ngày` follows it, and the line ends with the
    year's digits, a `.` after them aside (`…, ngày 02 tháng 9 năm 2021.`). A last character that is not ASCII is left
    to the pattern (its `\\d` takes any decimal digit). ``low``: the line in lower case, when the caller has it."""
    t = line[:-1].rstrip() if line.endswith(".") else line
    if t == "" or not (t[-1] in _ASCII_DIGITS or t[-1] >= _NON_ASCII):
        return False
    low = line.lower() if low is None else low
    return low.startswith("ngày") or "," in low and low[low.find(",") + 1:].lstrip().startswith("ngày")


def has_ascii_lower(s: str) -> bool:
    """Whether a string holds an ASCII lower-case letter (an Ll letter: UPPER_LINE refuses it), by its ASCII letters
    alone in upper case, cheaper than the pattern."""
    ascii_part = s.encode("ascii", "ignore")
    return ascii_part != ascii_part.upper()


def may_be_split_piece(line: str, low: str | None = None) -> bool:
    """A cheap necessary condition for SPLIT_PIECE to match the stripped line (false: it cannot): it ends with `hội`
    (the Quốc hiệu's first half) or `ngày` (a place before the date), or opens with `Số` or `Kèm theo`. ``low``: the
    line in lower case, when the caller has it."""
    low = line.lower() if low is None else low
    return low.endswith(("hội", "ngày")) or low.startswith(("số", "kèm", "(kèm"))


def quoc_hieu_line(line: str):
    """The Quốc hiệu as a header prints it: in capitals, with at most an agency name in capitals before it on the line
    (a web page's cells run together); not the words `Cộng hòa xã hội chủ nghĩa Việt Nam` inside a sentence."""
    m = QUOC_HIEU.search(line)
    if m and line[m.start():m.start() + 4].isupper() and not any(c.islower() for c in line[:m.start()]):
        return m
    return None


def attached_line(line: str):
    """The `(Kèm theo Quyết định số 240/QĐ-TTg …)` line that opens an attached part, or None."""
    m = ATTACHED.search(line)
    return m if m and _ATTACHED_LEAD.match(line[:m.start()]) else None


@lru_cache(maxsize=1)
def _type_line_re():
    forms = "|".join(regex.escape(f.upper()).replace(r"\ ", r"\s+") for f in header_forms())
    # a footnote marker may be glued to it (`THÔNG TƯ1` in a consolidated text)
    return regex.compile(rf"^\s*(?P<type>{forms})\d{{0,2}}\s*$", regex.V1)


@lru_cache(maxsize=1)
def _forms_in_capitals() -> bool:
    """Whether no type form has a lower-case letter in capitals (then a type line has none either)."""
    return not any(c.islower() for f in header_forms() for c in f.upper())


def _bare(text: str) -> str:
    """Letters without their marks (`KÉ HOẠCH` → `KE HOACH`): what OCR that broke a diacritic still agrees on."""
    # (a list, not a generator: compiled, the list is built in a plain loop)
    return "".join([c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)]).replace(
        "Đ", "D").replace("đ", "d")


@lru_cache(maxsize=1)
def _bare_forms() -> dict[str, str]:
    forms: dict[str, list[str]] = {}
    for f in header_forms():
        forms.setdefault(" ".join(_bare(f.upper()).split()), []).append(f.upper())
    return {k: v[0] for k, v in forms.items() if len(v) == 1}


def type_line(line: str) -> str | None:
    """The words of a document type line (`QUYẾT ĐỊNH`, `KẾ HOẠCH HÀNH ĐỘNG`) — upper case, alone on its line; a line
    whose letters match a type's but for broken diacritics (`KÉ HOẠCH`, OCR) gives that type's words."""
    s = line.strip(" *#\t")
    if _forms_in_capitals() and not s.isupper():
        # most lines have a lower-case letter: no need to fold their tones and try the many forms (this runs on
        # every line); folding keeps the case of each letter, so the test may come first
        return None
    m = _type_line_re().match(fold_tones(s))
    if m:
        return m["type"]
    return _bare_forms().get(" ".join(_bare(s.rstrip("0123456789")).split()))


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    return frozenset(entries("surnames.txt"))


@lru_cache(maxsize=1)
def _rank() -> regex.Pattern:
    ranks = sorted(entries("surnames.txt", "ranks"), key=len, reverse=True)
    return regex.compile(r"^(?:" + "|".join(regex.escape(r) for r in ranks) + r")\s*")


_NAME: Final = regex.compile(r"^(?:\p{Lu}[\p{Ll}]*)(?:\s+\p{Lu}[\p{Ll}]*){1,5}$", regex.V1)


def is_person_name(line: str) -> bool:
    """`Nguyễn Hòa Bình`: two to six capitalised words, the first a Vietnamese family name; a rank or degree may come
    first (`Đại tướng Lương Tam Quang`)."""
    t = line.strip(" *\t")
    # the name's last word is the line's (a rank is taken from the front): one opening with a lower-case letter, an
    # ASCII digit or mark is no capitalised word (the last word read from the end, before the line's words are joined)
    last = t.rsplit(None, 1)
    c = last[-1][:1] if last else ""
    if not c or c.islower() or c.isascii() and not c.isalpha():
        return False
    s = " ".join(t.split())
    s = _rank().sub("", s, count=1)
    return bool(_NAME.match(s)) and s.split()[0] in surnames()
