"""Patterns that tell work from the rest: sections that assign no tasks, formal articles, accountability statements, role phrases."""
from __future__ import annotations

import functools
from typing import Final

import regex

from .fold import fold_tones
from .lexicon import alternation

_F: Final = regex.I | regex.V1

# Patterns with some alternatives anchored at the start and others free are kept as two: one `search` with the
# mix tries every alternative at every position (the anchored ones fail there, but slowly), while `match` for the
# anchored part and `search` for the free part answer the same question over ten times faster.

# Headings whose content states goals, views, requirements, bases or money, not work (guide §3).
_NO_TASK_HEADING_START: Final = (
    r"(?:(?:mục\s+tiêu|mục\s+đích|quan\s+điểm|yêu\s+cầu|phạm\s+vi|đối\s+tượng|nguyên\s+tắc|(?:các\s+)?chỉ\s+tiêu|"
    r"kinh\s+phí|nguồn\s+kinh\s+phí|nguồn\s+lực\s+tài\s+chính|quyền\s+hạn|thành\s+phần|thành\s+viên|"
    r"tình\s+hình|kết\s+quả\s+(?:đạt\s+được|thực\s+hiện)|đánh\s+giá\s+(?:chung|kết\s+quả|tình\s+hình)|"
    r"hiệu\s+lực|điều\s+khoản\s+thi\s+hành)\b)")
_NO_TASK_HEADING_END: Final = r"\((?:yêu\s+cầu|mục\s+tiêu|quan\s+điểm)\)\s*$"
# the first words of the phrases _NO_TASK_HEADING_START opens with (a heading whose first word is none of them is not
# matched against it)
_NO_TASK_HEADING_FIRST: Final = frozenset({"mục", "quan", "yêu", "phạm", "đối", "nguyên", "các", "chỉ", "kinh", "nguồn",
                                    "quyền", "thành", "tình", "kết", "đánh", "hiệu", "điều"})
# Formal articles and statements that are not assignments: anywhere in the text, or opening it. Each statement found
# anywhere comes with the words it cannot match without (case-folded), so that a text holding none of them is not
# searched for it.
_NOT_A_TASK_ANYWHERE: Final = (
    (("hiệu", "từ"), r"có\s+hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:kể\s+)?từ"),
    (("chịu", "hành"), r"chịu\s+trách\s+nhiệm\s+thi\s+hành"),
    (("chịu", "xác"), r"chịu\s+trách\s+nhiệm\s+(?:trước\s+pháp\s+luật\s+)?về\s+tính\s+chính\s+xác"),
    (("thì", "theo"), r"\bthì\s+(?:được\s+)?(?:thực\s+hiện|áp\s+dụng)\s+theo\b"),
    # the closing clause on amending the document itself: `Trong quá trình thực hiện, nếu thấy cần sửa đổi, bổ sung
    # những nội dung của Kế hoạch, các bộ … đề xuất …` (a provision about the text, not work)
    (("nếu", "cần"),
     r"\bnếu\s+(?:thấy\s+)?cần\s+(?:thiết\s+)?(?:phải\s+)?(?:sửa\s+đổi|điều\s+chỉnh),?\s+(?:bổ\s+sung|sửa\s+đổi)\b"),
    # whose competence something is: `… thì thẩm quyền giải quyết thuộc Chủ tịch Ủy ban nhân dân cấp tỉnh`
    (("thẩm", "thuộc"), r"\bthẩm\s+quyền(?:\s+\p{L}+){0,5}?\s+thuộc\s+(?:về\s+)?(?-i:\p{Lu})"),
    # accountability and the formal execution clause: `… chịu trách nhiệm trước pháp luật về …`, `… chịu trách nhiệm
    # thực hiện Thông tư này`
    (("chịu", "luật"), r"\bchịu\s+trách\s+nhiệm\s+trước\s+pháp\s+luật\b"),
    (("chịu", "này"),
     (r"\bchịu\s+trách\s+nhiệm\s+(?:tổ\s+chức\s+)?(?:thực\s+hiện|triển\s+khai)(?:\s+thi\s+hành)?\s+"
      r"(?:các\s+quy\s+định\s+(?:của|tại)\s+)?"
      r"(?:thông\s+tư|nghị\s+định|quyết\s+định|nghị\s+quyết|quy\s+chế|quy\s+định|chỉ\s+thị|luật)\s+này\b")),
    # a blank field of a form template to fill in: `Tên tổ chức: ……………`, `Năm...........`
    ((".....",), r"\.{5,}"),
    (("…",), r"…\s*…"),
    (("_____",), r"_{5,}"),
    # a worked example or a formula: `… là: 51.000.000 + 18.000.000 = 69.000.000 đồng`, `… tính theo công thức sau:`
    (("thức", "theo"), r"\b(?:tính|xác\s+định)\s+theo\s+công\s+thức\b"),
    # an accounting entry: `… ghi Nợ các TK 111, 112 …, ghi Có TK 121`
    (("ghi", "tk"), r"\bghi\s+(?:nợ|có)\s+(?:các\s+)?tk\b"),
    (("ghi", "khoản"), r"\bghi\s+(?:nợ|có)\s+(?:các\s+)?tài\s+khoản\b"),
    (("ví", "dụ"), r"^\s*ví\s+dụ\b"),
)
# Statements opening the text: those led by their own words, then those found past a few words of any kind (each with
# the words it cannot match without).
_NOT_A_TASK_START: Final = (
    r"(?:ban\s+hành\s+kèm\s+theo\s+(?:quyết\s+định|nghị\s+quyết|chỉ\s+thị)\s+này|"
    r"phê\s+duyệt\s+(?:đề\s+án|kế\s+hoạch|chương\s+trình|chiến\s+lược|quy\s+hoạch)|"
    r"(?:thay\s+thế|bãi\s+bỏ)\s+(?:quyết\s+định|nghị\s+định|thông\s+tư)|"
    r"(?:nơi\s+nhận|lưu\s*:)|"
    # how to fill in a form: `Ghi rõ họ tên`, `Điền tên chủ đầu tư …`, `Đánh dấu X vào ô …`
    r"(?:ghi|điền|đánh\s+dấu|gạch|khai)\s+(?:rõ|cụ\s+thể|đầy\s+đủ|tên|số|ngày|địa\s+chỉ|họ|theo|vào|chữ|mã|thông\s+tin|"
    r"giá\s+trị|nội\s+dung|lý\s+do)\b|"
    # the issuer speaking of its own view, not assigning: `Chính phủ thống nhất đánh giá …`, `Thủ tướng biểu dương …`
    r"(?:chính\s+phủ|thủ\s+tướng(?:\s+chính\s+phủ)?|ủy\s+ban\s+nhân\s+dân\s+tỉnh|hội\s+nghị|ban\s+chỉ\s+đạo)\s+"
    r"(?:cơ\s+bản\s+)?(?:thống\s+nhất\s+)?(?:đánh\s+giá|nhận\s+định|ghi\s+nhận|biểu\s+dương|nhấn\s+mạnh|"
    r"hoan\s+nghênh|chia\s+sẻ|thống\s+nhất\s+với))")
_NOT_A_TASK_PAST_WORDS: Final = (
    # a field label alone: `Thời gian kết thúc:`, `Tên nhà đầu tư/cổ đông:`
    ((":",), r"[^.;:]{1,60}:\s*$"),
    # a body's competence stated, not work given: `Chính phủ thống nhất quản lý nhà nước về lao động`, `Ủy ban nhân
    # dân các cấp thực hiện quản lý nhà nước về … trong phạm vi địa phương`, `Bộ … chịu trách nhiệm trước Chính phủ
    # thực hiện quản lý nhà nước về …`
    (("quản",),
     (r"[^.;:]{0,150}?\b(?:thống\s+nhất\s+quản\s+lý|thực\s+hiện\s+(?:chức\s+năng\s+)?quản\s+lý\s+nhà\s+nước|"
      r"chịu\s+trách\s+nhiệm\s+trước\s+[^.;:]{3,60}?\s+(?:về\s+|thực\s+hiện\s+)(?:việc\s+)?quản\s+lý\s+nhà\s+nước)\b")),
    # (unless work follows the role: `Công an tỉnh là cơ quan thường trực, theo dõi, đôn đốc …; định kỳ báo cáo …`)
    (("là",),
     (r"[^,.;]{3,80}?\s+là\s+(?:đơn\s+vị|cơ\s+quan)\s+(?:chủ\s+quản|đầu\s+mối|thường\s+trực|chủ\s+trì\s+quản\s+lý)"
      r"(?![,\s]+(?:giúp|theo\s+dõi|đôn\s+đốc|tham\s+mưu|tổng\s+hợp|hướng\s+dẫn|kiểm\s+tra|báo\s+cáo)\b)")),
)


def _gated(parts) -> tuple[tuple[tuple[str, ...], regex.Pattern], ...]:
    """Patterns, each with the words (case-folded) it cannot match without."""
    return tuple((gate, regex.compile(p, _F)) for gate, p in parts)


def _any_gated(parts, text: str, folded: str, anchored: bool) -> bool:
    """Whether one of the gated patterns matches ``text`` (at its start if ``anchored``), trying only those whose
    words ``folded`` (its case-folded form) holds."""
    for gate, p in parts:
        for w in gate:
            if w not in folded:
                break
        else:
            if p.match(text) if anchored else p.search(text):
                return True
    return False


_NO_TASK_HEADING_PARTS: Final = (regex.compile(_NO_TASK_HEADING_START, _F), regex.compile(_NO_TASK_HEADING_END, _F))
_NOT_A_TASK_START_RE: Final = regex.compile(_NOT_A_TASK_START, _F)
_NOT_A_TASK_PAST_WORDS_RES: Final = _gated(_NOT_A_TASK_PAST_WORDS)
_NOT_A_TASK_ANYWHERE_RES: Final = _gated(_NOT_A_TASK_ANYWHERE)


def no_task_heading(title: str) -> bool:
    """Whether a heading introduces goals, views, requirements, bases or money rather than work (guide §3)."""
    start, end = _NO_TASK_HEADING_PARTS
    first = title.split(None, 1)[:1]
    return bool(first and first[0].casefold() in _NO_TASK_HEADING_FIRST and start.match(title)
                or "(" in title and end.search(title))


def not_a_task(text: str) -> bool:
    """Whether an item is a formal article or a statement, not an assignment (`có hiệu lực từ`, `Nơi nhận`, …)."""
    if _NOT_A_TASK_START_RE.match(text):
        return True
    folded = text.casefold()
    return _any_gated(_NOT_A_TASK_PAST_WORDS_RES, text, folded, anchored=True) \
        or _any_gated(_NOT_A_TASK_ANYWHERE_RES, text, folded, anchored=False)

# In a normative text, the instruction that changes another text enacts, it assigns no work: `Sửa đổi khoản 2 Điều 3
# như sau: …`, `Bổ sung Điều 21a vào sau Điều 21 như sau: “…”`, `Thay cụm từ “…” bằng …`, `Bãi bỏ điểm c khoản 1 …`; and
# the provisions it quotes (`“Điều 21a. …”`) are the other text's words.
_AMENDMENT: Final = regex.compile(
    r"^[\"“‘']|^(?:sửa\s+đổi|bổ\s+sung|bãi\s+bỏ|thay\s+thế|thay\s+(?:đổi\s+)?cụm\s+từ|bỏ\s+cụm\s+từ|đính\s+chính|"
    r"thay\s+đổi)(?:\s*,\s*bổ\s+sung)?\s+(?:một\s+số\s+|các\s+|tên\s+)?(?:điều|khoản|điểm|cụm\s+từ|mẫu|phụ\s+lục|"
    r"tiêu\s+đề|chương|mục|biểu|từ|nội\s+dung|cụm)\b", _F)


# What a rule says about someone without giving them work (in a normative text): a ban or a permission in the first
# clause (`… không được yêu cầu …`, `Chủ đầu tư được quyết định …`, `… chỉ được cung cấp …`), the role a body is
# (`Cơ quan tham mưu … là tổ chức thẩm định …`), a violation described (`Cơ quan nhà nước thực hiện hành vi vi phạm`).
_RULE_STATEMENT: Final = _gated((
    (("được",), r"^[^.;:]{0,160}?\b(?:không\s+được|chỉ\s+được|được\s+phép|được\s+quyền)\b"),
    (("phải",), r"^[^.;:]{0,160}?\bkhông\s+phải\b"),
    (("quyền",), r"^[^.;:]{0,160}?\bcó\s+quyền\b"),
    (("là",), (r"^[^,.;:]{3,120}?\s+là\s+(?:tổ\s+chức|cơ\s+quan|đơn\s+vị|người|đầu\s+mối|thành\s+viên|chủ\s+quản|"
               r"bộ\s+phận|nơi|căn\s+cứ|cơ\s+sở|chủ\s+thể)\b")),
    # who a role is: `Đơn vị nhận báo cáo là Tổng cục Giáo dục nghề nghiệp`, `Cơ quan thường trực là Bộ Tài chính`
    (("là",), r"^[^,.;:]{3,60}?\s+là\s+(?-i:\p{Lu})"),
    (("phạm",), r"^[^.;:]{0,80}?\b(?:thực\s+hiện|có)\s+(?:các\s+|một\s+trong\s+các\s+)?hành\s+vi\s+vi\s+phạm\b"),
    # a sanction: `Cơ sở … bị thu hồi giấy chứng nhận … thì bị thu hồi …`, `… bị xử phạt theo quy định`
    (("bị",), (r"^[^.;:]{0,160}?\s(?:thì\s+)?bị\s+(?:thu\s+hồi|xử\s+lý|xử\s+phạt|đình\s+chỉ|tước|buộc|cấm|truy\s+cứu|"
               r"phạt|giải\s+thể)\b")),
))


def states_a_rule(text: str) -> bool:
    """Whether an item of a normative text states a ban, a permission, a body's role or a violation, not work."""
    return _any_gated(_RULE_STATEMENT, text, text.casefold(), anchored=True)


@functools.cache
def _listing_intro() -> tuple[regex.Pattern, regex.Pattern]:
    things, work = alternation("task_zones.txt", "listed_things"), alternation("task_zones.txt", "work_words")
    listing = regex.compile(
        # a ban: `Công ty chứng khoán không được thực hiện các hoạt động sau:`, `Nghiêm cấm các hành vi sau đây:`
        r"(?:\bkhông\s+được\b|\bnghiêm\s+cấm\b|\bbị\s+cấm\b|^cấm\b)[^.;]*:$|"
        # kinds of things: `… các trường hợp sau đây:`, `… một trong các nguyên nhân sau:`, `… các nghề, công việc sau:`
        rf"\b(?:các|những|một\s+trong\s+(?:các|những)|một\s+số)\s+{things}\b[^.;:]{{0,80}}?\s+"
        r"(?:sau\s+đây|sau|dưới\s+đây|như\s+sau)\s*:$|"
        # parts or members: `Hồ sơ đề nghị cấp phép bao gồm:`, `Hội đồng gồm:`, `… bao gồm các loại báo cáo sau:`
        r"\b(?:bao\s+gồm|gồm\s+có|gồm)\b[^.;:]{0,80}:$|"
        # scope: `Quy định này áp dụng đối với:`
        r"\báp\s+dụng\s+(?:đối\s+với|cho)\b[^.;:]{0,80}:$", _F)
    return listing, regex.compile(rf"(?<![\p{{L}}]){work}(?![\p{{L}}])", _F)


_CLAUSE_SPLIT: Final = regex.compile(r"[.;]\s")
_BAN_WORD: Final = regex.compile(r"không|nghiêm|bị|cấm", _F)


def lists_no_work(intro: str) -> bool:
    """Whether an introduction ending in a colon lists things that are no work — cases, papers, kinds, members, what
    is banned (`Hồ sơ bao gồm:`, `… không áp dụng đối với các trường hợp sau:`, `… không được:`) — rather than duties
    (`Bộ Tài chính có trách nhiệm sau:`, `Nhiệm vụ của Hội đồng gồm:`)."""
    if not intro.rstrip().endswith(":"):
        return False
    words_ = fold_tones(" ".join(intro.split()).lower()).rstrip()
    last = _CLAUSE_SPLIT.split(words_)[-1]
    listing, work = _listing_intro()
    m = listing.search(last)
    if not m:
        return False
    # a ban lists no work even when it names duties (`… không được thực hiện các nhiệm vụ sau:` is rare and still a ban)
    return bool(_BAN_WORD.match(m.group())) or not work.search(last[:m.start()] + " " +
                                                                                         m.group()[:-1])


# a sum worked out in the text: `… là: 51.000.000 + 18.000.000 = 69.000.000 đồng`
_WORKED_SUM: Final = regex.compile(r"\d[\d.,]*\s*[+×x*]\s*\d[\d.,]*(?:\s*[+×x*\-]\s*\d[\d.,]*)*\s*=\s*\d", _F)


def works_an_example(text: str) -> bool:
    """Whether an item works a sum out (a worked example of a rule), anywhere in its text."""
    return bool(_WORKED_SUM.search(text))


def enacts_amendment(text: str) -> bool:
    """Whether an item of a normative text changes another text (or is the quoted new wording) rather than giving work."""
    return bool(_AMENDMENT.match(text))


# A topic heading: `1. Về tăng cường họp trực tuyến …`, `2. Cải cách thể chế` (short, no sentence end)
TOPIC: Final = regex.compile(r"^(?:Về|VỀ)\s", regex.V1)
SENTENCE_END: Final = regex.compile(r"[.;!?]\s*[\"”’)]*\s*$")
# Role words
LEAD_WORD: Final = regex.compile(r"\bchủ\s+trì\b", _F)
COORD_WORD: Final = regex.compile(r"\b(?:phối\s+hợp|phối\s+hợp\s+chặt\s+chẽ|cùng\s+phối\s+hợp)(?:\s+chặt\s+chẽ)?(?:\s+với)?\b", _F)
# `Giao Bộ Nội vụ chủ trì …`, `Đề nghị Ủy ban Trung ương Mặt trận …`: the one named after the verb acts. (Not `chỉ
# đạo`: an agency that directs others — `Chỉ đạo các cơ quan chuyên môn …` — leads the work itself.)
ASSIGN_PREFIX: Final = regex.compile(
    r"^(?:giao(?:\s+cho)?|đề\s+nghị|yêu\s+cầu|trân\s+trọng\s+đề\s+nghị|ủy\s+quyền(?:\s+cho)?)\s+", _F)
AGENCY_GAP: Final = regex.compile(r"^[\s,;/]*(?:(?:và|cùng|với|hoặc)\s*)?[\s,;]*$", _F)
URGENCY: Final = regex.compile(r"\b(?:khẩn\s+trương|kịp\s+thời|ngay|cấp\s+bách|gấp|tập\s+trung\s+cao\s+độ)\b", _F)
# a word of each form of URGENCY (case-folded, no space inside; of `cấp bách` and `tập trung cao độ` the rarer one): a
# text whose case-folded form holds none of them has no match (a match's case-folded words are in the case-folded
# text, which folds one character at a time)
_URGENCY_WORDS: Final = ("khẩn", "kịp", "ngay", "bách", "gấp", "cao")


def urgency(text: str) -> regex.Match | None:
    """``URGENCY.search(text)``, searched only where a word of it stands."""
    folded = text.casefold()
    for w in _URGENCY_WORDS:
        if w in folded:
            return URGENCY.search(text)
    return None
# points numbered inside one item: `(i) … (ii) …`, `(1) … (2) …` (not a cited `khoản (1)`, which has no space after)
INLINE_POINT: Final = regex.compile(r"(?<![\p{L}\d])\((?P<n>\d{1,2}|i{1,3}|iv|vi{0,3}|ix|x)\)\s", regex.V1)
# `Nhiệm vụ giao bộ, ngành, địa phương tại …`, `Giao Bộ Tư pháp:` — a heading naming who is given the items below
GIVEN_TO: Final = regex.compile(r"^(?:(?:các\s+)?nhiệm\s+vụ\s+(?:được\s+)?)?giao(?:\s+cho)?\s+", _F)
LISTING_VERB: Final = regex.compile(r"^(?:gồm|bao\s+gồm|là)$", _F)
AGENCY_HEAD_WORD: Final = regex.compile(r"^(?:ủy\s+ban|uỷ\s+ban|hội\s+đồng|văn\s+phòng)", _F)
# An opening phrase before the subject: `Trên cơ sở …,`, `Căn cứ …,`, `Để …,`, `Nhằm …,`, `Sau khi …,`
ADVERBIAL_OPENER: Final = regex.compile(
    r"^(?:trên\s+cơ\s+sở|căn\s+cứ|để|nhằm|sau\s+khi|bên\s+cạnh)\b[^,]{0,200},", _F)
# What may stand between the start of an item and the agencies that are its subject: `Yêu cầu Chủ tịch …`,
# `Bộ trưởng Bộ Y tế …`, `Các Bộ: Tài chính, Công Thương …`
ROLE: Final = (r"(?:bộ\s+trưởng|thủ\s+trưởng|chủ\s+tịch|phó\s+chủ\s+tịch|giám\s+đốc|tổng\s+giám\s+đốc|trưởng\s+ban|"
        r"chánh\s+văn\s+phòng|thống\s+đốc|tổng\s+kiểm\s+toán(?:\s+nhà\s+nước)?|chánh\s+án|viện\s+trưởng|"
        r"người\s+đứng\s+đầu|lãnh\s+đạo)")
SUBJECT_GAP: Final = regex.compile(
    rf"^[\s\-–+•:]*(?:(?:các|những)\s+)?(?:{ROLE}\s+(?:các\s+)?)?"
    r"(?:(?:bộ|sở|ban|ngành|tỉnh|thành\s+phố|địa\s+phương)\s*:\s*)?(?:các\s+)?$", _F)
# `Thủ tướng Chính phủ giao Bộ Xây dựng chủ trì …`: the one given the work comes after the verb
GIVES: Final = regex.compile(r"\s*(?:tỉnh\s+|thành\s+phố\s+|huyện\s+)?(?:giao(?:\s+cho)?|ủy\s+quyền(?:\s+cho)?)\s+", _F)
# the same for a superior asking (`Thủ tướng Chính phủ yêu cầu Bộ …`); an agency that `chỉ đạo` others leads itself
ASKS: Final = regex.compile(r"\s*(?:yêu\s+cầu|đề\s+nghị)\s+", _F)
# `theo chức năng, nhiệm vụ được giao` before the action verbs
BY_MANDATE: Final = regex.compile(
    r"^\s*(?:,\s*)?(?:căn\s+cứ|theo)\s+chức\s+năng(?:,?\s*nhiệm\s+vụ)?(?:,?\s*quyền\s+hạn)?"
    r"(?:\s+(?:được\s+giao|của\s+mình))?\s*,?\s*", _F)
# Parts that report what was done (`KẾT QUẢ NỔI BẬT`, `I. … (KQ TỪ 2020 ĐẾN NAY)`, `Về tình hình …`): no task, no target
_RESULTS_HEADING_START: Final = (
    r"(?:[IVX]+\.\s*)?(?:về\s+)?(?:(?:các\s+|những\s+)?kết\s+quả(?:\s+(?:đạt\s+được|nổi\s+bật|thực\s+hiện))?|tình\s+hình|"
    r"đánh\s+giá)\b")
_RESULTS_HEADING_ANYWHERE: Final = r"\(\s*(?:KQ|kết\s+quả)\b"
_RESULTS_HEADING_PARTS: Final = (
    regex.compile(_RESULTS_HEADING_START, _F), regex.compile(_RESULTS_HEADING_ANYWHERE, _F))


def results_heading(title: str) -> bool:
    """Whether a heading opens a part that reports what was done (`KẾT QUẢ …`, `Về tình hình …`, `(KQ …)`)."""
    start, anywhere = _RESULTS_HEADING_PARTS
    folded = title.casefold()     # the heading words, one of which the start must hold
    return bool(("kết" in folded or "tình" in folded or "đánh" in folded) and start.match(title)
                or "(" in title and anywhere.search(title))


def in_results(sec) -> bool:
    """Whether a section sits in a part that reports results: its own heading or one above it says so."""
    s = sec
    while s is not None:
        if results_title(s, own=s is sec):
            return True
        s = s.parent
    return False


def results_title(sec, own: bool) -> bool:
    """Whether a section's heading says it reports results: as the heading of a part above (``own`` False), or as
    the section's own (a heading only when it has children or is a part, chapter or numbered item)."""
    heading = not own or sec.children or sec.kind in ("roman", "part", "chapter", "number", "multi", "letter")
    title = (sec.title or "").strip() if heading else ""
    return len(title) < 160 and results_heading(title)
