"""Patterns that tell work from the rest: sections that assign no tasks, formal articles, accountability statements, role phrases."""
from __future__ import annotations

import regex

_F = regex.I | regex.V1

# Patterns with some alternatives anchored at the start and others free are kept as two: one `search` with the
# mix tries every alternative at every position (the anchored ones fail there, but slowly), while `match` for the
# anchored part and `search` for the free part answer the same question over ten times faster.

# Headings whose content states goals, views, requirements, bases or money, not work (guide §3).
_NO_TASK_HEADING_START = (
    r"(?:(?:mục\s+tiêu|mục\s+đích|quan\s+điểm|yêu\s+cầu|phạm\s+vi|đối\s+tượng|nguyên\s+tắc|(?:các\s+)?chỉ\s+tiêu|"
    r"kinh\s+phí|nguồn\s+kinh\s+phí|nguồn\s+lực\s+tài\s+chính|quyền\s+hạn|thành\s+phần|thành\s+viên|"
    r"tình\s+hình|kết\s+quả\s+(?:đạt\s+được|thực\s+hiện)|đánh\s+giá\s+(?:chung|kết\s+quả|tình\s+hình)|"
    r"hiệu\s+lực|điều\s+khoản\s+thi\s+hành)\b)")
_NO_TASK_HEADING_END = r"\((?:yêu\s+cầu|mục\s+tiêu|quan\s+điểm)\)\s*$"
# Formal articles and statements that are not assignments: anywhere in the text, or opening it.
_NOT_A_TASK_ANYWHERE = (
    r"(?:có\s+hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:kể\s+)?từ|chịu\s+trách\s+nhiệm\s+thi\s+hành|"
    r"chịu\s+trách\s+nhiệm\s+(?:trước\s+pháp\s+luật\s+)?về\s+tính\s+chính\s+xác|"
    r"\bthì\s+(?:được\s+)?(?:thực\s+hiện|áp\s+dụng)\s+theo\b)")
_NOT_A_TASK_START = (
    r"(?:ban\s+hành\s+kèm\s+theo\s+(?:quyết\s+định|nghị\s+quyết|chỉ\s+thị)\s+này|"
    r"phê\s+duyệt\s+(?:đề\s+án|kế\s+hoạch|chương\s+trình|chiến\s+lược|quy\s+hoạch)|"
    r"(?:thay\s+thế|bãi\s+bỏ)\s+(?:quyết\s+định|nghị\s+định|thông\s+tư)|"
    r"(?:nơi\s+nhận|lưu\s*:)|"
    r"[^,.;]{3,80}?\s+là\s+(?:đơn\s+vị|cơ\s+quan)\s+(?:chủ\s+quản|đầu\s+mối|thường\s+trực|chủ\s+trì\s+quản\s+lý)|"
    # the issuer speaking of its own view, not assigning: `Chính phủ thống nhất đánh giá …`, `Thủ tướng biểu dương …`
    r"(?:chính\s+phủ|thủ\s+tướng(?:\s+chính\s+phủ)?|ủy\s+ban\s+nhân\s+dân\s+tỉnh|hội\s+nghị|ban\s+chỉ\s+đạo)\s+"
    r"(?:cơ\s+bản\s+)?(?:thống\s+nhất\s+)?(?:đánh\s+giá|nhận\s+định|ghi\s+nhận|biểu\s+dương|nhấn\s+mạnh|"
    r"hoan\s+nghênh|chia\s+sẻ|thống\s+nhất\s+với))")
_NO_TASK_HEADING_PARTS = (regex.compile(_NO_TASK_HEADING_START, _F), regex.compile(_NO_TASK_HEADING_END, _F))
_NOT_A_TASK_PARTS = (regex.compile(_NOT_A_TASK_START, _F), regex.compile(_NOT_A_TASK_ANYWHERE, _F))


def no_task_heading(title: str) -> bool:
    """Whether a heading introduces goals, views, requirements, bases or money rather than work (guide §3)."""
    start, end = _NO_TASK_HEADING_PARTS
    return bool(start.match(title) or end.search(title))


def not_a_task(text: str) -> bool:
    """Whether an item is a formal article or a statement, not an assignment (`có hiệu lực từ`, `Nơi nhận`, …)."""
    start, anywhere = _NOT_A_TASK_PARTS
    return bool(start.match(text) or anywhere.search(text))

# A topic heading: `1. Về tăng cường họp trực tuyến …`, `2. Cải cách thể chế` (short, no sentence end)
TOPIC = regex.compile(r"^(?:Về|VỀ)\s", regex.V1)
SENTENCE_END = regex.compile(r"[.;!?]\s*[\"”’)]*\s*$")
# Role words
LEAD_WORD = regex.compile(r"\bchủ\s+trì\b", _F)
COORD_WORD = regex.compile(r"\b(?:phối\s+hợp|phối\s+hợp\s+chặt\s+chẽ|cùng\s+phối\s+hợp)(?:\s+chặt\s+chẽ)?(?:\s+với)?\b", _F)
ASSIGN_PREFIX = regex.compile(
    r"^(?:giao(?:\s+cho)?|đề\s+nghị|yêu\s+cầu|trân\s+trọng\s+đề\s+nghị|chỉ\s+đạo|ủy\s+quyền(?:\s+cho)?)\s+", _F)
AGENCY_GAP = regex.compile(r"^[\s,;/]*(?:(?:và|cùng|với|hoặc)\s*)?[\s,;]*$", _F)
URGENCY = regex.compile(r"\b(?:khẩn\s+trương|kịp\s+thời|ngay|cấp\s+bách|gấp|tập\s+trung\s+cao\s+độ)\b", _F)
INLINE_ROMAN = regex.compile(r"\((?:i|ii|iii|iv|v|vi|vii|viii|ix|x)\)\s", regex.V1)
# Headings of the parts that assign work, and of the parts that describe content or solutions: in a document
# that also has a part assigning work, an item of a describing part is a task only when someone is named for it.
TASK_ZONE = regex.compile(r"^(?:(?:những\s+|các\s+)?nhiệm\s+vụ|tổ\s+chức\s+thực\s+hiện|trách\s+nhiệm|phân\s+công|giao\s+nhiệm\s+vụ)", _F)
DESCRIPTION_ZONE = regex.compile(r"^(?:nội\s+dung|(?:các\s+)?giải\s+pháp|định\s+hướng|phương\s+án|mô\s+hình)", _F)
# `Nhiệm vụ giao bộ, ngành, địa phương tại …`, `Giao Bộ Tư pháp:` — a heading naming who is given the items below
GIVEN_TO = regex.compile(r"^(?:(?:các\s+)?nhiệm\s+vụ\s+(?:được\s+)?)?giao(?:\s+cho)?\s+", _F)
LISTING_VERB = regex.compile(r"^(?:gồm|bao\s+gồm|là)$", _F)
AGENCY_HEAD_WORD = regex.compile(r"^(?:ủy\s+ban|uỷ\s+ban|hội\s+đồng|văn\s+phòng)", _F)
# An opening phrase before the subject: `Trên cơ sở …,`, `Căn cứ …,`, `Để …,`, `Nhằm …,`, `Sau khi …,`
ADVERBIAL_OPENER = regex.compile(
    r"^(?:trên\s+cơ\s+sở|căn\s+cứ|để|nhằm|sau\s+khi|bên\s+cạnh)\b[^,]{0,200},", _F)
# What may stand between the start of an item and the agencies that are its subject: `Yêu cầu Chủ tịch …`,
# `Bộ trưởng Bộ Y tế …`, `Các Bộ: Tài chính, Công Thương …`
ROLE = (r"(?:bộ\s+trưởng|thủ\s+trưởng|chủ\s+tịch|phó\s+chủ\s+tịch|giám\s+đốc|tổng\s+giám\s+đốc|trưởng\s+ban|"
        r"chánh\s+văn\s+phòng|thống\s+đốc|tổng\s+kiểm\s+toán(?:\s+nhà\s+nước)?|chánh\s+án|viện\s+trưởng|"
        r"người\s+đứng\s+đầu|lãnh\s+đạo)")
SUBJECT_GAP = regex.compile(
    rf"^[\s\-–+•:]*(?:(?:các|những)\s+)?(?:{ROLE}\s+(?:các\s+)?)?"
    r"(?:(?:bộ|sở|ban|ngành|tỉnh|thành\s+phố|địa\s+phương)\s*:\s*)?(?:các\s+)?$", _F)
# `Thủ tướng Chính phủ giao Bộ Xây dựng chủ trì …`: the one given the work comes after the verb
GIVES = regex.compile(r"\s*(?:tỉnh\s+|thành\s+phố\s+|huyện\s+)?(?:giao(?:\s+cho)?|ủy\s+quyền(?:\s+cho)?)\s+", _F)
# the same for a superior asking (`Thủ tướng Chính phủ yêu cầu Bộ …`); an agency that `chỉ đạo` others leads itself
ASKS = regex.compile(r"\s*(?:yêu\s+cầu|đề\s+nghị)\s+", _F)
# `theo chức năng, nhiệm vụ được giao` before the action verbs
BY_MANDATE = regex.compile(r"^\s*(?:,\s*)?(?:căn\s+cứ|theo)\s+chức\s+năng(?:,?\s*nhiệm\s+vụ)?(?:,?\s*quyền\s+hạn)?"
                           r"(?:\s+(?:được\s+giao|của\s+mình))?\s*,?\s*", _F)
# Parts that report what was done (`KẾT QUẢ NỔI BẬT`, `I. … (KQ TỪ 2020 ĐẾN NAY)`, `Về tình hình …`): no task, no target
_RESULTS_HEADING_START = (
    r"(?:[IVX]+\.\s*)?(?:về\s+)?(?:(?:các\s+|những\s+)?kết\s+quả(?:\s+(?:đạt\s+được|nổi\s+bật|thực\s+hiện))?|tình\s+hình|"
    r"đánh\s+giá)\b")
_RESULTS_HEADING_ANYWHERE = r"\(\s*(?:KQ|kết\s+quả)\b"
_RESULTS_HEADING_PARTS = (regex.compile(_RESULTS_HEADING_START, _F), regex.compile(_RESULTS_HEADING_ANYWHERE, _F))


def results_heading(title: str) -> bool:
    """Whether a heading opens a part that reports what was done (`KẾT QUẢ …`, `Về tình hình …`, `(KQ …)`)."""
    start, anywhere = _RESULTS_HEADING_PARTS
    return bool(start.match(title) or anywhere.search(title))


def in_results(sec) -> bool:
    """Whether a section sits in a part that reports results: its own heading or one above it says so."""
    s = sec
    while s is not None:
        heading = s is not sec or s.children or s.kind in ("roman", "part", "chapter", "number", "multi", "letter")
        title = (s.title or "").strip() if heading else ""
        if len(title) < 160 and results_heading(title):
            return True
        s = s.parent
    return False
