"""Patterns of citations of other documents: `Nghị quyết số 01/NQ-CP ngày 08 tháng 01 năm 2025`, `Nghị định 45/2020/NĐ-CP`, `văn bản số 6866/VPCP-KSTT`."""
from __future__ import annotations

import regex

# The kinds of document a citation names; matched case-insensitively on tone-folded text.
TYPE_WORDS = (
    r"Nghị\s+quyết|Quyết\s+định|Nghị\s+định|Chỉ\s+thị|Thông\s+tư\s+liên\s+tịch|Thông\s+tư|Công\s+văn|"
    r"Văn\s+bản\s+thông\s+báo|Văn\s+bản\s+hợp\s+nhất|Văn\s+bản|Luật|Pháp\s+lệnh|Kế\s+hoạch|Thông\s+báo\s+kết\s+luận|"
    r"Thông\s+báo|Kết\s+luận|Hướng\s+dẫn|Công\s+điện|Quy\s+định|Báo\s+cáo|Tờ\s+trình|Đề\s+án|Chương\s+trình"
)
# abbreviations written in place of the type, upper case only (QĐ 972/1997/QĐ-TTg, ND 45/2020/NĐ-CP)
TYPE_ABBR = r"QĐ|NĐ|ND|NQ|TT|CT|CV|TB|KH"

# A document number: 240/QĐ-TTg, 45/2020/NĐ-CP, 142/2024/QH15, 30c/NQ-CP, 57-NQ/TW, 1250/VPCP-KSTT, 38-CP.
# A line wrap may fall after a hyphen or a slash (gazette text: `52-\nCT/TW`).
_SEP = r"[ \t]*[-–][ \t]*\n?[ \t]*|[ \t]*/[ \t]*\n?[ \t]*"
NUMBER = (
    r"(?P<number>\d{1,5}[a-zđ]?(?:[ \t]*/[ \t]*(?:19|20)\d{2})?[ \t]*/[ \t]*\n?[ \t]*[\p{Lu}Đ][\p{L}\d&]*(?:(?:" + _SEP + r")[\p{Lu}Đ\d][\p{L}\d&]*)*"
    r"|\d{1,5}[a-z]?-[ \t]*\n?[ \t]*[\p{Lu}Đ]{1,6}(?:/[\p{Lu}Đ]{1,6})?(?![\p{L}\d]))"
)
TYPED = regex.compile(
    rf"(?P<type>(?i:{TYPE_WORDS})|(?:{TYPE_ABBR}))(?:[ \t]+(?i:số))?[ \t]*:?[ \t]*{NUMBER}",
    regex.V1,
)
# Where a document number may begin (a superset of NUMBER's starts): citations are looked for only near these.
NUMBER_START = regex.compile(r"\d{1,5}[a-zđ]?[ \t]*[/-]")
# The longest a type word with `số:` before its number can be, with room to spare.
TYPED_REACH = 80
# A number alone, when its own shape names the kind: 131/NQ-CP, 93/2007/QĐ-TTg, 52-CT/TW
BARE = regex.compile(
    r"(?<![\p{L}\d/.-])(?P<number>\d{1,5}[a-zđ]?(?:/(?:19|20)\d{2})?/(?:NQ|QĐ|NĐ|CT|TTLT|TT|KH|TB|CĐ|KL)-[\p{L}\d&]+(?:-[\p{L}\d&]+)*"
    r"|\d{1,5}-(?:NQ|CT|KL|QĐ|TB|HD|QC)/TW)(?![\p{L}\d])",
    regex.V1,
)
# the date right after the number: `ngày 08 tháng 01 năm 2025`, `ngày 16/11/2020`, `, ngày …`
DATE_AFTER = regex.compile(
    r"[ \t]*,?[ \t]*\n?[ \t]*(?:ngày|Ngày)[ \t]*\n?[ \t]*(?:(?P<d>\d{1,2})[ \t]*\n?[ \t]*tháng[ \t]*\n?[ \t]*(?P<m>\d{1,2})[ \t]*\n?[ \t]*năm[ \t]*\n?[ \t]*(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})[ \t]*[/.-][ \t]*(?P<m2>\d{1,2})[ \t]*[/.-][ \t]*(?P<y2>\d{4}))",
    regex.V1,
)
# more numbers under the same type word: `Công văn số 7798/VPCP-KSTT ngày 18/9/2020 và 10362/VPCP-KSTT`
CONTINUED = regex.compile(rf"[ \t]*(?:,|;|và|,[ \t]*và)[ \t]*\n?[ \t]*(?:(?i:số)[ \t]*:?[ \t]*)?{NUMBER}", regex.V1)
# A code or law cited by its name and number: `Luật Đầu tư công số 58/2024/QH15`, `Bộ luật Lao động số 45/2019/QH14`
NAMED_LAW = regex.compile(
    rf"(?P<type>Bộ\s+luật|Luật|Pháp\s+lệnh)(?:\s+[\p{{Lu}}\p{{Ll}}][\p{{L}}\p{{M}}-]*){{1,10}}?\s+(?i:số)\s*:?\s*{NUMBER}",
    regex.V1,
)
