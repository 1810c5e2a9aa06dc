"""Patterns of citations of other documents: `Nghị quyết số 01/NQ-CP ngày 08 tháng 01 năm 2025`, `Nghị định 45/2020/NĐ-CP`, `văn bản số 6866/VPCP-KSTT`; word lists in data/citations.txt and data/doc_types.csv."""
from __future__ import annotations

import re

import regex

from .doctypes import type_names
from .fold import caseless_lower, fold_tones
from .lexicon import entries, longest_first, phrase_regex


def _alternation(words) -> str:
    return "|".join(phrase_regex(fold_tones(w)) for w in longest_first(words))


# The kinds of document a citation names; matched case-insensitively on tone-folded text.
_KINDS = [*type_names(), *entries("citations.txt", "kinds")]
TYPE_WORDS = _alternation(_KINDS)
# abbreviations written in place of the type, upper case only (QĐ 972/1997/QĐ-TTg, ND 45/2020/NĐ-CP)
TYPE_ABBR = _alternation(entries("citations.txt", "abbreviations"))
# Where a type word or abbreviation may begin (its first word), and the longest text such a start can match: a
# citation is tried only where one begins.
_FIRST_WORDS = {w.split()[0] for w in _KINDS}
TYPE_START = regex.compile(rf"(?i:{_alternation(_FIRST_WORDS)})|(?:{TYPE_ABBR})", regex.V1)
TYPE_START_LEN = max(map(len, [*_FIRST_WORDS, *entries("citations.txt", "abbreviations")]))
# The same words in lower case, for the standard library's engine on caseless_lower(text) (each letter as TYPE_START
# takes it ignoring case): every match of TYPE_START begins where one of these does, and is then matched there
TYPE_START_LOWER = re.compile("|".join(re.escape(caseless_lower(fold_tones(w))) for w in longest_first(
    {*_FIRST_WORDS, *entries("citations.txt", "abbreviations")})))

# One code of a number after its first slash: capitals and digits, at most one run of lower case inside (`TTg`,
# `CTr`, `QyĐ`), and no letter after it: a word that follows a hyphen (`QH12-Luật`) is no code. A text layer may glue
# a word to the last code (`TT-BTCngày`): the code ends before it.
_CODE = (r"[\p{Lu}Đ\d][\p{Lu}Đ\d&]*(?:[a-zđ]{1,2}[\p{Lu}Đ\d&]*)?"
         r"(?=(?:" + _alternation(entries("citations.txt", "glued")) + r")?(?!\p{Ll}))")
# A line wrap may fall after a hyphen or a slash (`52-\nCT/TW`), so may a page break, whose running header leaves
# blank lines (`131/2021/NĐ-` / … / `CP`: the code goes on with a letter, a page number is no code); or a wrap falls
# before a hyphen glued to the next code (`27/2018/QĐ\n-TTg`; a list dash has a space after it)
_SEP = (r"[ \t]*[-–][ \t]*\n?[ \t]*|[ \t]*[-–][ \t]*(?:\n[ \t]*){2,8}(?=[\p{Lu}Đ])|[ \t]*\n[ \t]*[-–](?=[\p{Lu}Đ])"
        r"|[ \t]*/[ \t]*\n?[ \t]*")
# A document number: 240/QĐ-TTg, 45/2020/NĐ-CP, 142/2024/QH15, 30c/NQ-CP, 57-NQ/TW, 1250/VPCP-KSTT, 38-CP,
# 66.16/2026/NQ-CP.
NUMBER = (
    r"(?P<number>\d{1,5}(?:\.\d{1,3})?[a-zđ]?(?:[ \t]*/[ \t]*(?:19|20)\d{2})?[ \t]*/[ \t]*\n?[ \t]*" + _CODE
    + r"(?:(?:" + _SEP + r")" + _CODE + r")*"
    r"|\d{1,5}[a-z]?-[ \t]*\n?[ \t]*[\p{Lu}Đ]{1,6}(?:/[\p{Lu}Đ]{1,6})?(?![\p{L}\d]))"
)
# A type word, `số`, then the number; a line break may come between them (a wrapped line, or a table whose cells are
# one a line: `Luật` / `Số 74/2014/QH13`). A word or two in lower case may qualify the kind before `số` (`Báo cáo
# thẩm tra số 1152/BC-UBTCNS15`, `Nghị quyết liên tịch số …`), but not `mẫu`: `Văn bản … mẫu số 01/UQ` is a form.
_GAP = r"[ \t]*\n?[ \t]*"
_QUALIFIER = r"(?:[ \t]+(?!(?i:mẫu)\b)\p{Ll}+){1,2}[ \t]+(?i:số)"
TYPED = regex.compile(
    rf"(?P<type>(?i:{TYPE_WORDS})|(?:{TYPE_ABBR}))(?:{_QUALIFIER}|{_GAP}(?i:số))?[ \t]*:?{_GAP}{NUMBER}",
    regex.V1,
)
# Where a document number may begin (a superset of NUMBER's starts): citations are looked for only near these.
NUMBER_START = regex.compile(r"\d{1,5}(?:\.\d{1,3})?[a-zđ]?[ \t]*[/-]")
# Every match of NUMBER_START is a run of its other characters (digits, `.`, a-z, `đ`, spaces, tabs) ending at a
# slash or a hyphen: NUMBER_RUN, searched backwards from one, finds where that run begins.
NUMBER_RUN = regex.compile(r"(?r)[^\d.a-zđ \t]")
# The ASCII characters none of NUMBER_START's characters before its slash or hyphen is.
NOT_IN_NUMBER_RUN = frozenset(map(chr, range(128))) - frozenset("0123456789.abcdefghijklmnopqrstuvwxyz \t")
# The longest a type word with `số:` before its number can be, with room to spare.
TYPED_REACH = 80
# A number alone, when its own shape names the kind: 131/NQ-CP, 93/2007/QĐ-TTg, 52-CT/TW
BARE = regex.compile(
    r"(?<![\p{L}\d/.-])(?P<number>\d{1,5}[a-zđ]?(?:/(?:19|20)\d{2})?/(?:" + _alternation(entries("citations.txt", "bare"))
    + r")-" + _CODE + r"(?:-" + _CODE + r")*"
    r"|\d{1,5}-(?:" + _alternation(entries("citations.txt", "party")) + r")/TW)(?![\p{L}\d])",
    regex.V1,
)
# a number whose line ends at a hyphen or slash with nothing after it that NUMBER could take (`42/2015/TT-` before a
# page break): its end is lost
CUT = regex.compile(r"[-–/][ \t]*(?:\n|$)")
# what names a form, not a document, before a number of that shape: `theo mẫu số 01/TB-BSTT-NNT`
FORM_BEFORE = regex.compile(r"(?i:mẫu)(?:\s+(?i:số))?\s*:?\s*$", regex.V1)
# the date right after the number: `ngày 08 tháng 01 năm 2025`, `ngày 16/11/2020`, `, ngày …`; a footnote marker glued
# to the year (`20232`) is left out of it
DATE_AFTER = regex.compile(
    r"[ \t]*,?[ \t]*\n?[ \t]*(?:ngày|Ngày)[ \t]*\n?[ \t]*(?:(?P<d>\d{1,2})[ \t]*\n?[ \t]*tháng[ \t]*\n?[ \t]*(?P<m>\d{1,2})[ \t]*\n?[ \t]*năm[ \t]*\n?[ \t]*(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})[ \t]*[/.-][ \t]*(?P<m2>\d{1,2})[ \t]*[/.-][ \t]*(?P<y2>\d{4}))",
    regex.V1,
)
# more numbers under the same type word: `Công văn số 7798/VPCP-KSTT ngày 18/9/2020 và 10362/VPCP-KSTT`
CONTINUED = regex.compile(rf"[ \t]*(?:,|;|và|,[ \t]*và)[ \t]*\n?[ \t]*(?:(?i:số)[ \t]*:?[ \t]*)?{NUMBER}", regex.V1)
# A code or law cited by its name and number: `Luật Đầu tư công số 58/2024/QH15`, `Bộ luật Lao động số 45/2019/QH14`,
# `Luật An toàn, vệ sinh lao động số 84/2015/QH13` (a name of up to 16 words, commas between some)
NAMED_LAW = regex.compile(
    rf"(?P<type>Bộ\s+luật|Luật|Pháp\s+lệnh)(?:,?\s+[\p{{Lu}}\p{{Ll}}][\p{{L}}\p{{M}}-]*){{1,16}}?\s+(?i:số)\s*:?\s*{NUMBER}",
    regex.V1,
)
# Where a match of NAMED_LAW may begin: one of its type words (case as written), in the run of letters, marks,
# whitespace, commas, colons and hyphens (every character a match holds before its number: NAMED_LAW_RUN's complement)
# that ends at a digit where a number begins. NAMED_LAW_RUN, searched backwards from that digit, finds where the run
# begins.
NAMED_LAW_TYPES = re.compile(r"Bộ|Luật|Pháp")
NAMED_LAW_RUN = regex.compile(r"(?r)[^\p{L}\p{M}\s,:\-]")
# The code of a term of the National Assembly or of one of its bodies (`QH15`, `UBTVQH14`): two digits are its own,
# more are a footnote marker glued to it (`QH131`)
TERM_CODE = regex.compile(r"^(?P<code>\p{Lu}*QH\d{2})(?P<mark>\d{0,2})$", regex.V1)
# A last code of capitals with digits after it (`CP2`, `TTg3`): the digits may be a footnote marker
CODE_DIGITS = regex.compile(r"^(?P<code>[\p{Lu}Đ][\p{L}&]*?)(?P<mark>\d{1,2})$", regex.V1)
