"""Find Vietnamese time expressions (deadlines, periods, recurrences, starts) and normalise them to ISO dates."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import regex

from .patterns.fold import fold_tones
from .patterns.dates import find_dates, iso_date, last_day

# Every pattern below is linear or nearly so, but a pathological input (a table dumped as one line) must not hang
# the extractor: each call on a pattern that may backtrack gets this many seconds.
TIMEOUT = 2.0

_F = regex.IGNORECASE | regex.VERBOSE


@dataclass
class Deadline:
    date: str | None         # ISO last day it must be done by; None for open-ended or recurring work
    text: str                # the words as in the input, cue included, spaces folded; words between a recurrence
                             # and its yearly due day are elided: 'định kỳ hằng năm ... trước ngày 31 tháng 12'
    start: int               # offsets of the expression (cue included) in the input string
    end: int
    recurrence: str | None   # 'yearly' | 'quarterly' | 'monthly' | 'weekly' | 'continuous' | None
    start_date: str | None   # ISO first day of the work when given: 'Từ năm 2026' -> '2026-01-01'


# ---------------------------------------------------------------------------------------------------------------
# Pattern pieces
# ---------------------------------------------------------------------------------------------------------------

Y = r"(?:19|20)\d{2}"                          # a year of the period the documents cover
QN = r"(?:IV|I{1,3}|[1-4])"                     # a quarter number, Roman (`Quý III`) or Arabic (`Quý 2`)
QUY = r"qu[ýí]"                                 # `quý`, the older spelling `quí`, any case
NO_WORD = r"(?![\p{L}\d])"                      # the word ends here
# The year of a month or quarter: `tháng 6 năm 2025`, `tháng 6/2025`, `quý IV-2021`, `quý II năm nay`
YEAR_TAIL = rf"""(?:\s*(?:năm\s+|[/.\-–]\s*)(?P<y>{Y})(?![\d/])
                  |\s+năm\s+(?P<rel>nay|tới){NO_WORD})?"""

# `... và các năm tiếp theo` (recurs every year from then), `... trở đi` (from then on)
ONWARD = r"""(?:(?P<onward>\s*,?\s*và\s+(?:các|những)\s+năm\s+(?:tiếp\s+theo|tiếp|sau))
             |(?P<from>\s+trở\s+(?:đi|về\s+sau)))?"""

# The lookahead first: the words and digits an expression can begin with, so that the engine tests the many
# alternatives below only where one of them may start (5× faster on task texts; same matches). The words are
# grouped by their first letters (ngày|nửa|năm → n(?:gày|ửa|ăm)): the engine then rejects most positions after
# one comparison instead of one per word (the lookahead alone took half of the scan).
_TOKEN = regex.compile(rf"""
    (?=\d|(?-i:T)\s?\d|n(?:gày|ửa|ăm)|c(?:uối|ác|hín)|đ(?:ầu|ịnh)|gi(?:ữa|ai)|{QUY}|th(?:áng|ường)|ba\s|sáu
      |h[ằà]ng|mỗi|liên)
    (?:
    # `ngày 31 tháng 12`, `ngày 15/12`, `31 tháng 12 năm 2025` (find_dates covers the forms with `ngày` and a year)
    (?P<daymonth>
        (?:ngày\s+)?(?<![\d/.,])(?P<d>\d{{1,2}})\s+tháng\s+(?P<m>\d{{1,2}})(?!\d)(?:\s+năm\s+(?P<y>{Y})(?![\d/]))?
      | ngày\s+(?P<d>\d{{1,2}})\s*/\s*(?P<m>\d{{1,2}})(?!\s*[/.\-]\s*\d)(?!\d)
    )
    # `Quý III năm 2025`, `quý IV/2021`, `Quý 2/2025`, `quý II - III/2025`, `quý II` (this year), `quý IV/2026 - 2029`
  | (?P<quarter>
        (?:cuối\s+)?{QUY}\s+(?P<q>{QN})(?:\s*(?:-|–|,|và|đến)\s*(?:{QUY}\s+)?(?P<q2>{QN}))?{NO_WORD}
        {YEAR_TAIL}
        (?:\s*[-–]\s*(?P<y2>{Y})(?![\d/]))?
        {ONWARD}
    )
    # `tháng 6 năm 2025`, `Tháng 9/2021`, `tháng 6 - 7/2025`, `tháng 6` (this year); not `mỗi tháng 1 lần`
  | (?P<month>
        (?:cuối\s+)?(?<!\d\s{{0,3}})tháng\s+(?P<m>\d{{1,2}})(?:\s*(?:-|–|,|và|đến)\s*(?:tháng\s+)?(?P<m2>\d{{1,2}})(?!\d))?
        {YEAR_TAIL}(?!\s*lần)(?![\d/])
        {ONWARD}
    )
    # `6 tháng đầu năm 2025`, `6 tháng cuối năm`, `nửa đầu năm 2025`
  | (?P<half>
        (?:(?P<n>\d{{1,2}}|ba|sáu|chín)\s+tháng|nửa)\s+(?P<side>đầu|cuối)\s+năm
        (?:\s+(?P<y>{Y})(?![\d/])|\s+(?P<rel>nay|tới){NO_WORD})?
    )
    # `giai đoạn 2021 - 2025`, `giai đoạn từ năm 2021 đến năm 2025`
  | (?P<period>
        giai\s+đoạn\s+(?:từ\s+)?(?:năm\s+)?(?P<y>{Y})\s*(?:-|–|đến|tới)\s*(?:năm\s+)?(?P<y2>{Y})(?![\d/])
    )
    # `Năm 2021`, `cuối năm 2025`, `Năm 2021 - 2022`, `năm 2025, 2026`, `năm 2021 và các năm tiếp theo`, `năm 2026 trở đi`
  | (?P<year>
        (?:(?P<edge>cuối|đầu|giữa)\s+)?(?:các\s+)?năm\s+(?P<y>{Y})
        (?:\s*(?:[-–,]|và)\s*(?:năm\s+)?(?P<y2>{Y}))?(?![\d/])
        {ONWARD}
    )
    # the document's own year: `năm nay`, `cuối năm`, `trong năm`; the next one: `năm tới`
  | (?P<relyear>
        (?:(?P<edge>cuối|đầu|giữa)\s+)?năm\s+(?P<rel>nay|tới){NO_WORD}
      | (?P<edge>cuối|đầu|giữa)\s+năm(?=\s*(?:[.,;:)\]\n]|$))
      | (?<=(?<!\p{{L}})trong\s{{1,3}})năm(?=\s*(?:[.,;:)\]\n]|$))
    )
    # bare `2021-2025`: only with a cue, alone in a cell or in brackets
  | (?P<yrange> (?<![\d/.,])(?P<y>{Y})\s*[-–]\s*(?P<y2>{Y})(?![\d/]) )
    # bare `6/2025`, `T6/2025`: same conditions (`6/2025` may be half of a document number)
  | (?P<mmyyyy> (?<![\p{{L}}\d/.,])(?:(?-i:T)\s?)?(?P<m>\d{{1,2}})\s*/\s*(?P<y>{Y})(?![\d/]) )
    # bare `15/12`: only after a cue
  | (?P<dm> (?<![\p{{L}}\d/.,])(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})(?![\d/]) )
    # a bare year `2025`: only as a whole cell
  | (?P<bareyear> (?<![\p{{L}}\d/.,\-])(?P<y>{Y})(?![\p{{L}}\d/\-]) )
    # recurrence: `định kỳ hằng năm`, `hàng tháng`, `hằng quý`, `Hằng năm và từng giai đoạn`, `thường xuyên, liên tục`
  | (?P<rec>
        (?:định\s+kỳ\s+(?:(?:\d{{1,2}}|ba|sáu)\s+tháng\s*(?:,|và|hoặc)\s*)?)?   # `định kỳ 6 tháng và hằng năm`
        (?:hằng|hàng|mỗi)\s+(?P<unit>năm|{QUY}|tháng|tuần){NO_WORD}
        (?:\s*(?:và|,)\s*(?:từng|theo)\s+giai\s+đoạn)?
      | (?P<cont>(?:định\s+kỳ\s+)?thường\s+xuyên(?:\s*(?:,|và)?\s*liên\s+tục)?|liên\s+tục){NO_WORD}
    )
    )
""", _F)

# Cue words that introduce a time expression. A chain of them is taken whole: `Thời hạn hoàn thành trong`,
# `chậm nhất trong`, `lần 2: trước`, `Từ`, `đến hết`.
_CUE_WORD = r"""
    thời\s+hạn(?:\s+hoàn\s+thành|\s+thực\s+hiện)?
  | thời\s+gian\s+(?:hoàn\s+thành|thực\s+hiện)
  | hạn\s+chót | hạn(?=\s*:)
  | (?:lần|đợt|bước|giai\s+đoạn)\s+\d{1,2}(?=\s*:)
  | hoàn\s+thành | xong | (?:chậm|muộn)\s+nhất(?:\s+là)? | trước
  | trong | vào | đến\s+hết | đến | tới
  | kể\s+từ | bắt\s+đầu\s+từ | từ
"""
_CUE = regex.compile(rf"(?:(?<![\p{{L}}\d])(?:{_CUE_WORD})\s*:?\s*)+$", _F)
_STRONG_WORD = regex.compile(r"""(?<![\p{L}])(?:
    thời\s+hạn | thời\s+gian | hạn | lần | đợt | bước | giai\s+đoạn\s+\d
  | hoàn\s+thành | xong | chậm\s+nhất | muộn\s+nhất | trước | trong)(?![\p{L}])""", _F)
_LABEL = regex.compile(r"\s*(?:thời\s+hạn|thời\s+gian|hạn)(?![\p{L}])", _F)
_FROM_END = regex.compile(r"(?<![\p{L}])(?:từ)\s*:?\s*$", _F)

# Words just before a cue (or before a bare expression) that make it no deadline: `tính đến ngày 31/5/2020` (as of),
# `so với năm 2020` (a baseline), `định hướng đến năm 2030`, `tầm nhìn đến năm 2045` (the horizon in a title).
_NOT_A_DEADLINE_BEFORE = regex.compile(
    r"(?<![\p{L}])(?:tính|so\s+với(?:\s+cùng\s+kỳ)?|cùng\s+kỳ|định\s+hướng|tầm\s+nhìn)\s*$", _F)

# Where a sentence or list item ends: the scope of the look-back checks below. A single line break is no end:
# gazette text breaks its lines inside sentences.
_SENTENCE_END = regex.compile(r"""
    [.;!?](?=\s|$) | \t | \n\s*\n
  | \n(?=\s*(?:[-+•*]|\d{1,2}[.)]|[a-zđ]\)|[IVX]{1,4}\.)\s)
""", _F)
# ... and a clause: the same plus commas, colons and an opening bracket.
_CLAUSE_END = regex.compile(rf"{_SENTENCE_END.pattern} | [,:(\[]", _F)
# What may stand before an expression that opens its clause: list markers.
_MARKERS_ONLY = regex.compile(r"^[\s\-–+•*]*(?:(?:\d{1,2}|[a-zđ]|[IVX]{1,4})[.)]\s*)?[\s\-–+•*]*$", _F)
# What may be left of a table cell around its expressions: punctuation and list markers.
_CELL_RESIDUE = regex.compile(r"[\s\-–+•*.,;:()\[\]]*")

# A document cited by number or by kind: its date is the document's, not a deadline.
_DOC_REFERENCE = regex.compile(r"""
    (?<![\p{L}])số\s*:?\s*\d
  | \d+[a-z]?\s*/\s*(?:\d{4}\s*/\s*)?(?-i:[\p{Lu}Đ]{2,})
  | \d+-(?-i:[\p{Lu}Đ]{2,})
  | /\s*(?-i:[\p{Lu}Đ]{2,}-[\p{Lu}Đ]{2,})          # a draft's blank number: `Số: /VPCP-KSTT`
  | (?<![\p{L}])(?:hiến\s+pháp|bộ\s+luật|luật|pháp\s+lệnh|nghị\s+quyết|nghị\s+định|quyết\s+định|thông\s+tư|chỉ\s+thị
       |công\s+văn|văn\s+bản|kết\s+luận|công\s+điện|thông\s+báo|hiệp\s+định|công\s+ước)(?![\p{L}])
""", _F)
# Names of programmes, plans and budgets: a period or year after them is part of the name
# (`Chương trình tổng thể ... giai đoạn 2021 - 2030`, `dự toán ngân sách năm 2025`, `kế hoạch ... hằng năm`).
_NAME_NOUN = regex.compile(r"""
    (?<![\p{L}])(?:
        (?-i:Chương\s+trình|(?<!(?:Bộ|Sở|Vụ|Phòng|Ban)\s+)Kế\s+hoạch|Đề\s+án|Chiến\s+lược|Quy\s+hoạch|Dự\s+án
            |Báo\s+cáo|Nghị\s+quyết|Nghị\s+định
            |Quyết\s+định|Chỉ\s+thị|Thông\s+tư|Luật|Bộ\s+luật|Pháp\s+lệnh|Kết\s+luận|Hướng\s+dẫn|Công\s+điện
            |Thông\s+báo|Tờ\s+trình)
      | ngân\s+sách | dự\s+toán | (?<!(?:bộ|sở|vụ|phòng|ban)\s+)kế\s+hoạch | chương\s+trình | chiến\s+lược
      | quy\s+hoạch | niên\s+giám | đề\s+án
    )(?![\p{L}])
""", _F)
_EFFECT = regex.compile(r"(?<![\p{L}])hiệu\s+lực(?![\p{L}])", _F)
_PAST = regex.compile(r"(?<![\p{L}])(?:đã|vừa\s+qua)(?![\p{L}])", _F)
# A purpose clause: a year after `để đạt mục tiêu ...` is the goal's horizon, not the task's deadline.
_PURPOSE = regex.compile(r"(?<![\p{L}])(?:để|nhằm|hướng\s+tới)(?![\p{L}])", _F)
# `Năm 2022 và các năm tiếp theo`, `báo cáo định kỳ hằng năm`: action verbs after which `hằng năm` says how often
# the action recurs (after a noun, `ngân sách nhà nước hằng năm`, it only qualifies the noun).
_ACTION_BEFORE = regex.compile(r"""(?<![\p{L}])(?:báo\s+cáo|tổng\s+kết|sơ\s+kết|đánh\s+giá|kiểm\s+tra|cập\s+nhật
    |công\s+bố|công\s+khai|tổ\s+chức|thực\s+hiện|rà\s+soát|tổng\s+hợp|giám\s+sát|thanh\s+tra|gửi)\s*$""", _F)
# Spaces and separators between two expressions that belong together (`Hằng năm, thường xuyên`,
# `Từ quý III/2026 đến quý III/2030`).
_JOINER = regex.compile(r"^[\s,]*(?:và\s*)?$", _F)
_DASH = regex.compile(r"^\s*[-–]\s*$")

_RECURRENCE = {"năm": "yearly", "quý": "quarterly", "quí": "quarterly", "tháng": "monthly", "tuần": "weekly"}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_NUMBER_WORDS = {"ba": 3, "sáu": 6, "chín": 9}


# ---------------------------------------------------------------------------------------------------------------
# One expression as matched, before context and grouping
# ---------------------------------------------------------------------------------------------------------------

@dataclass
class _Token:
    kind: str
    start: int                   # the expression itself
    end: int
    first: str | None = None     # ISO first day of the period named
    last: str | None = None      # ISO last day of the period named
    yearless: bool = False       # `ngày 31 tháng 12`, `quý II`: the year comes from the document or a recurrence
    recurrence: str | None = None
    onward: bool = False         # `năm 2026 trở đi`: a start, no end
    needs_context: bool = False  # bare numbers: kept only after a cue, in brackets or alone in a cell
    cue_start: int = 0           # where its cue starts (== start when it has none)
    cue: str = ""                # 'strong' | 'weak' | 'from' | ''
    bracketed: bool = False
    flags: set = field(default_factory=set)   # 'target', 'qualified'


def _only_residue(text: str, pos: int = 0, endpos: int | None = None) -> bool:
    """Whether text[pos:endpos] holds nothing but punctuation and list markers."""
    return _CELL_RESIDUE.fullmatch(text, pos, len(text) if endpos is None else endpos) is not None


def _quarter_number(s: str) -> int:
    return _ROMAN.get(s.lower()) or int(s)


def _year_of(m: regex.Match, doc_year: int | None) -> tuple[int | None, bool]:
    """The year a match names (its own, `nay`/`tới` relative to the document's, or the document's) and whether
    it was left implicit."""
    if m["y"]:
        return int(m["y"]), False
    if m["rel"]:
        if doc_year is None:
            return None, True
        return doc_year + (1 if m["rel"].lower() == "tới" else 0), True
    return doc_year, True


def _first_of(y: int | None, month: int) -> str | None:
    return dt.date(y, month, 1).isoformat() if y else None


def _last_of(y: int | None, month: int) -> str | None:
    return last_day(y, month) if y else None


_KINDS = ("daymonth", "quarter", "month", "half", "period", "year", "relyear", "yrange", "mmyyyy", "dm", "bareyear", "rec")


def _token(m: regex.Match, doc_year: int | None) -> _Token | None:
    kind = next(k for k in _KINDS if m[k] is not None)
    tok = _Token(kind, m.start(), m.end())
    if kind == "daymonth":
        d, mo = int(m["d"]), int(m["m"])
        y, tok.yearless = _year_of(m, doc_year)
        iso = iso_date(y, mo, d) if y else None
        if not 1 <= mo <= 12 or not 1 <= d <= 31 or (y and not iso):
            return None
        tok.first = tok.last = iso
    elif kind == "dm":
        d, mo = int(m["d"]), int(m["m"])
        if not 1 <= mo <= 12 or not 1 <= d <= 31:
            return None
        tok.yearless, tok.needs_context = True, True
        tok.first = tok.last = iso_date(doc_year, mo, d) if doc_year else None
    elif kind == "quarter":
        q1 = _quarter_number(m["q"])
        q2 = _quarter_number(m["q2"]) if m["q2"] else q1
        y, tok.yearless = _year_of(m, doc_year)
        y2 = int(m["y2"]) if m["y2"] else y
        if q2 < q1 or (y and y2 < y):
            return None
        tok.first, tok.last = _first_of(y, 3 * q1 - 2), _last_of(y2, 3 * q2)
    elif kind in ("month", "mmyyyy"):
        m1 = int(m["m"])
        m2 = int(m["m2"]) if kind == "month" and m["m2"] else m1
        if not 1 <= m1 <= m2 <= 12:
            return None
        y, tok.yearless = _year_of(m, doc_year)
        tok.first, tok.last = _first_of(y, m1), _last_of(y, m2)
        tok.needs_context = kind == "mmyyyy"
    elif kind == "half":
        n = _NUMBER_WORDS.get((m["n"] or "").lower()) or int(m["n"] or 6)
        if not 1 <= n <= 11:
            return None
        y, tok.yearless = _year_of(m, doc_year)
        if m["side"].lower() == "đầu":   # the first n months
            tok.first, tok.last = _first_of(y, 1), _last_of(y, n)
        else:                             # the last n months
            tok.first, tok.last = _first_of(y, 13 - n), _last_of(y, 12)
    elif kind in ("period", "yrange"):
        y1, y2 = int(m["y"]), int(m["y2"])
        if y2 < y1:
            return None
        tok.first, tok.last = f"{y1}-01-01", f"{y2}-12-31"
        tok.needs_context = True
    elif kind in ("year", "relyear", "bareyear"):
        y, tok.yearless = _year_of(m, doc_year)
        if kind == "year" and m["y2"]:
            if int(m["y2"]) < y:
                return None
            y_end = int(m["y2"])
        else:
            y_end = y
        # `đầu năm` is read as the first quarter, `giữa năm` as the first half (judgement calls: see the tests)
        edge = (m["edge"] or "").lower()
        end_month = {"đầu": 3, "giữa": 6}.get(edge, 12)
        tok.first, tok.last = _first_of(y, 1), _last_of(y_end, end_month)
        tok.needs_context = kind == "bareyear"
    elif kind == "rec":
        if m["cont"]:
            tok.recurrence = "continuous"
        else:
            tok.recurrence = _RECURRENCE[m["unit"].lower()]
    if m["onward"]:                       # `Năm 2021 và các năm tiếp theo`: every year from then
        tok.recurrence, tok.last = "yearly", None
    if m["from"]:                         # `năm 2026 trở đi`: from then on
        tok.onward, tok.last = True, None
    return tok


# ---------------------------------------------------------------------------------------------------------------
# Context: cue words, references, titles, past events
# ---------------------------------------------------------------------------------------------------------------

def _scope_start(text: str, pos: int, breaks: regex.Pattern, reach: int = 300) -> int:
    """Where the sentence (or clause) holding ``pos`` starts, looking back at most ``reach`` characters."""
    lo = max(0, pos - reach)
    ends = [b.end() for b in breaks.finditer(text, lo, pos, timeout=TIMEOUT)]
    return ends[-1] if ends else lo


def _scope_end(text: str, pos: int, breaks: regex.Pattern, reach: int = 300) -> int:
    b = breaks.search(text, pos, min(len(text), pos + reach), timeout=TIMEOUT)
    return b.start() if b else min(len(text), pos + reach)


def _attach_cue(tok: _Token, text: str) -> None:
    lo = max(0, tok.start - 80)
    window = text[lo:tok.start]
    m = _CUE.search(window, timeout=TIMEOUT)
    if not m or not m.group().strip():
        tok.cue_start = tok.start
        return
    tok.cue_start = lo + m.start()
    words = m.group()
    if _FROM_END.search(words, timeout=TIMEOUT):
        tok.cue = "from"
    elif _STRONG_WORD.search(words, timeout=TIMEOUT):
        tok.cue = "strong"
    else:
        tok.cue = "weak"


def _bracketed(text: str, start: int, end: int) -> bool:
    before = text[:start].rstrip()
    after = text[end:].lstrip()
    return before.endswith(("(", "[")) and after.startswith((")", "]"))


def _excluded(tok: _Token, text: str) -> bool:
    """True when the expression is no time of the work: a cited document's date, an issue date, part of a name,
    an effective date, an as-of date, a baseline or a past event."""
    before_cue = text[max(0, tok.cue_start - 40):tok.cue_start]
    if _NOT_A_DEADLINE_BEFORE.search(before_cue, timeout=TIMEOUT):
        return True
    sentence_lo = _scope_start(text, tok.cue_start, _SENTENCE_END)
    lookback = text[sentence_lo:tok.cue_start]
    # a label or a bracket opens a new phrase: `(+ Phê duyệt: lần 1: ...`, `Kế hoạch ... (tháng 6/2025)`
    phrase_lo = max(sentence_lo, text.rfind(":", sentence_lo, tok.cue_start) + 1,
                    text.rfind("(", sentence_lo, tok.cue_start) + 1)
    phrase = text[phrase_lo:tok.cue_start]
    own = text[tok.start:tok.end].lower()

    # Quoted text is a title: `“... giai đoạn 2021 - 2030”`.
    if lookback.count("“") > lookback.count("”") or lookback.count('"') % 2:
        return True
    # An issue date: `Hà Nội, ngày 02 tháng 9 năm 2021` at the head of its line.
    line = text[text.rfind("\n", 0, tok.start) + 1:tok.start]
    if own.startswith("ngày") and regex.fullmatch(r"\s*\p{Lu}[\p{L}. ]{0,40},\s*", line, timeout=TIMEOUT):
        return True
    if tok.cue != "strong":
        # The date of a cited document: `Nghị quyết số 01/NQ-CP ngày 08 tháng 01 năm 2025`, `Luật ... ngày ...`,
        # `Nghị quyết số 38-CP năm 1994`.
        if not tok.cue and (own.startswith(("ngày", "năm")) or tok.kind == "date") \
                and _DOC_REFERENCE.search(" ".join(lookback.split()[-12:]), timeout=TIMEOUT):
            return True
        # Part of a programme's or plan's name: `Chương trình tổng thể ... giai đoạn 2021 - 2030`.
        # (An expression that opens its own clause, `Kế hoạch hành động, định kỳ hằng năm báo cáo ...`, is not.)
        # `đến hết năm 2025` is never part of a name.
        names = list(_NAME_NOUN.finditer(phrase, timeout=TIMEOUT))
        if names and len(phrase[names[-1].end():].split()) <= 25 and not _opens_clause(tok, text) \
                and "hết" not in text[tok.cue_start:tok.start].lower() \
                and not (tok.kind == "rec" and _ACTION_BEFORE.search(phrase[-30:], timeout=TIMEOUT)):
            return True
        # An effective date: `có hiệu lực thi hành từ ngày 01/01/2022`.
        if tok.cue in ("", "from") and _EFFECT.search(lookback[-60:], timeout=TIMEOUT):
            return True
    if tok.cue in ("", "weak") or text[tok.cue_start:tok.start].strip().lower() in ("trong", "vào"):
        # A past event: `Ngày 01/01/2021, Chính phủ đã ban hành ...`, `Trong năm 2024, ... đã cắt giảm ...`.
        opening = text[_scope_start(text, tok.cue_start, _SENTENCE_END):tok.cue_start]
        if _MARKERS_ONLY.match(opening):
            # `đã` as the main verb's mark: within the first words after the expression
            rest = " ".join(text[tok.end:_scope_end(text, tok.end, _SENTENCE_END)].split()[:8])
            if _PAST.search(rest, timeout=TIMEOUT):
                return True
    return False


def _in_purpose_clause(tok: _Token, text: str) -> bool:
    sentence = text[_scope_start(text, tok.cue_start, _SENTENCE_END):tok.cue_start]
    return bool(_PURPOSE.search(sentence, timeout=TIMEOUT))


def _opens_clause(tok: _Token, text: str) -> bool:
    lo = _scope_start(text, tok.cue_start, _CLAUSE_END)
    return bool(_MARKERS_ONLY.match(text[lo:tok.cue_start]))


_CLAUSE_CLOSES = regex.compile(r"\s*(?:$|[.,;:)\]\t\n])")


def _closes_clause(tok: _Token, text: str) -> bool:
    return bool(_CLAUSE_CLOSES.match(text[tok.end:tok.end + 5]))


def _recurrence_counts(tok: _Token, text: str) -> bool:
    """Whether `hằng năm` / `thường xuyên` says how often the work is done, not what kind of thing a noun is
    (`ngân sách nhà nước hằng năm`, `các nhiệm vụ thường xuyên`, `Thường xuyên giám sát ...` as a manner adverb)."""
    own = text[tok.start:tok.end].lower()
    if "qualified" in tok.flags or own.startswith("định") \
            or _LABEL.match(text[tok.cue_start:tok.start]):      # `Thời hạn: thường xuyên`
        return True
    if tok.recurrence == "continuous":
        # standing alone, as a table cell does: `Thường xuyên`, `thường xuyên, liên tục` (in a list of adjectives,
        # `hoạt động ổn định, liên tục, không gián đoạn`, it describes something)
        opening = text[_scope_start(text, tok.cue_start, _SENTENCE_END):tok.cue_start]
        return bool(_MARKERS_ONLY.match(opening)) and _closes_clause(tok, text)
    if _opens_clause(tok, text):
        return True
    return bool(_ACTION_BEFORE.search(text[max(0, tok.start - 30):tok.start], timeout=TIMEOUT))


# ---------------------------------------------------------------------------------------------------------------
# Tokens -> groups -> Deadline
# ---------------------------------------------------------------------------------------------------------------

def _tokens(folded: str, doc_year: int | None) -> list[_Token]:
    """The expressions of a text given with modern tones (fold_tones: same length, so offsets hold)."""
    dated = find_dates(folded)
    out: list[_Token] = []
    for s, e, iso in dated:
        tok = _Token("date", s, e)
        if len(iso) == 10:
            tok.first = tok.last = iso
        elif len(iso) == 7:                       # a draft's blank day: `ngày  tháng 01 năm 2025`
            y, mo = int(iso[:4]), int(iso[5:7])
            tok.first, tok.last = _first_of(y, mo), _last_of(y, mo)
        else:                                     # blank day and month: the year
            y = int(iso[:4])
            tok.first, tok.last = _first_of(y, 1), _last_of(y, 12)
        out.append(tok)
    for m in _TOKEN.finditer(folded, timeout=TIMEOUT):
        if any(s < m.end() and m.start() < e for s, e, _ in dated):
            continue
        tok = _token(m, doc_year)
        if tok:
            out.append(tok)
    out.sort(key=lambda t: t.start)
    for tok in out:
        _attach_cue(tok, folded)
        tok.bracketed = _bracketed(folded, tok.cue_start, tok.end)

    kept = []
    for tok in out:
        alone = tok.needs_context and _only_residue(folded, 0, tok.cue_start) and _only_residue(folded, tok.end)
        if tok.needs_context and not (alone or tok.bracketed or (tok.cue and tok.kind != "bareyear")):
            continue
        if tok.kind == "bareyear" and not alone:
            continue
        if tok.kind == "dm" and not tok.cue:
            continue
        if _excluded(tok, folded):
            continue
        if tok.cue != "strong" and _in_purpose_clause(tok, folded):
            tok.flags.add("target")
        kept.append(tok)

    # A recurrence next to another expression belongs with it (`Hằng năm, thường xuyên`, `Từ tháng 5/2026, thường xuyên`).
    for a, b in zip(kept, kept[1:]):
        if _JOINER.match(folded[a.end:b.cue_start]) and (a.recurrence or b.recurrence):
            a.flags.add("qualified")
            b.flags.add("qualified")
    return [t for t in kept if t.kind != "rec" or _recurrence_counts(t, folded)]


def _groups(tokens: list[_Token], text: str) -> list[list[_Token]]:
    """Expressions that make one time: a recurrence with its start or its yearless day (`định kỳ hằng năm ... trước
    ngày 31 tháng 12`), a range `Từ quý III/2026 đến quý III/2030`."""
    groups: list[list[_Token]] = []
    for tok in tokens:
        if groups:
            prev = groups[-1][-1]
            gap = text[prev.end:tok.cue_start]
            adjacent = bool(_JOINER.match(gap))
            has_rec = any(t.recurrence for t in groups[-1]) or tok.recurrence
            is_range = prev.cue == "from" and tok.cue in ("weak", "strong") \
                and text[tok.cue_start:tok.start].strip().lower().startswith(("đến", "tới"))
            same_sentence = not _SENTENCE_END.search(gap, timeout=TIMEOUT)
            yearless_under_rec = same_sentence and has_rec and (
                (tok.yearless and any(t.recurrence for t in groups[-1]))
                or (tok.recurrence and all(t.yearless for t in groups[-1])))
            dash_range = bool(_DASH.match(gap))      # `Quý IV năm 2025 - Quý II năm 2026`
            if (adjacent and (has_rec or is_range)) or dash_range or yearless_under_rec:
                groups[-1].append(tok)
                continue
        groups.append([tok])
    return groups


def _words(text: str) -> str:
    return " ".join(text.split())


def _deadline(group: list[_Token], text: str) -> Deadline:
    start, end = group[0].cue_start, group[-1].end
    pieces = [(group[0].cue_start, group[0].end)]
    for tok in group[1:]:
        if _JOINER.match(text[pieces[-1][1]:tok.cue_start]) or _DASH.match(text[pieces[-1][1]:tok.cue_start]):
            pieces[-1] = (pieces[-1][0], tok.end)
        else:                             # words between, as the gold writes it: `định kỳ hằng năm ... trước ngày 31 tháng 12`
            pieces.append((tok.cue_start, tok.end))
    words = " ... ".join(_words(text[s:e]) for s, e in pieces)

    periodic = [t.recurrence for t in group if t.recurrence and t.recurrence != "continuous"]
    recurrence = periodic[0] if periodic else ("continuous" if any(t.recurrence for t in group) else None)
    starts = [t.first for t in group if t.cue == "from" or t.onward or (t.recurrence and t.kind != "rec")]
    start_date = starts[0] if starts else None
    if recurrence:
        date = None                       # recurring work has no last day
    else:
        ends = [t.last for t in group if t.cue != "from" and not t.onward and t.last]
        date = max(ends) if ends else None
    return Deadline(date=date, text=words, start=start, end=end, recurrence=recurrence, start_date=start_date)


def _expressions(text: str, doc_year: int | None) -> list[tuple[Deadline, list[_Token]]]:
    folded = fold_tones(text)
    groups = _groups(_tokens(folded, doc_year), folded)   # folded once for both
    return [(_deadline(g, text), g) for g in groups]


def find_time_expressions(text: str, doc_year: int | None = None) -> list[Deadline]:
    """Every time expression of ``text`` that says when work is due, recurs or starts, in order.

    Left out: dates of cited documents, issue dates, periods and years that are part of a programme's or plan's
    name, effective dates (`có hiệu lực từ ngày ...`), as-of dates (`tính đến ngày ...`), baselines (`so với năm
    2020`) and past events (`Ngày 01/01/2021, Chính phủ đã ban hành ...`). Years of targets are kept.
    ``doc_year`` resolves expressions without a year (`trong năm`, `trong tháng 6`, `quý II năm nay`).
    """
    return [d for d, _ in _expressions(text, doc_year)]


def find_deadline(text: str, doc_year: int | None = None) -> Deadline | None:
    """The time that governs a task's text or a table's deadline cell, or None.

    In order of preference:
    1. dated expressions introduced by a cue (`hoàn thành trong`, `trước`, `chậm nhất`, `trong`, `xong`, `thời hạn`,
       `lần 2:`), standing alone in a cell or in brackets after an item; of several (`lần 1: ...; lần 2: ...`,
       one time for the ministries and another for the provinces) the latest, when the whole task is done;
    2. a recurrence (`định kỳ hằng tháng`, `Năm 2021 và các năm tiếp theo`, `Thường xuyên`): date None;
    3. the last other dated expression (`phấn đấu đến hết năm 2025`, a target's `vào năm 2025`) that is not in a
       purpose clause (`để đạt mục tiêu tới năm 2026 ...`);
    4. a start alone (`Từ năm 2026`): date None, start_date set;
    5. an expression whose year is unknown (`trong tháng 6` without ``doc_year``).
    Dates that end before ``doc_year`` are past, not deadlines.
    """
    found = _expressions(text, doc_year)
    if not found:
        return None
    folded = fold_tones(text)
    edges = [0] + [x for d, _ in found for x in (d.start, d.end)] + [len(folded)]
    in_cell = all(_only_residue(folded, a, b) for a, b in zip(edges[::2], edges[1::2]))
    floor = f"{doc_year:04d}-01-01" if doc_year else None

    def current(d: Deadline) -> bool:
        return d.date is not None and (floor is None or d.date >= floor)

    strong, recurring, bare, starting, unresolved = [], [], [], [], []
    for d, g in found:
        is_strong = in_cell or any(t.cue == "strong" or t.bracketed for t in g)
        target = all("target" in t.flags for t in g)
        if d.recurrence:
            recurring.append(d)
        elif current(d) and is_strong:
            strong.append(d)
        elif current(d) and not target:
            bare.append(d)
        elif d.date is None and d.start_date:
            starting.append(d)
        elif d.date is None and not target:
            unresolved.append(d)
    if strong:
        # the latest; on a tie the first written
        return max(strong, key=lambda d: (d.date, -d.start))
    if recurring:
        return recurring[0]
    if bare:
        return bare[-1]
    if starting:
        return starting[0]
    return unresolved[0] if unresolved else None
