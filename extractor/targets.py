"""Targets (chỉ tiêu, guide §4): rows of target tables and figures set in prose, with indicator, unit, value, comparator, year, basis."""
from __future__ import annotations

import regex

from .model import Document, Section, Table, Target, Text
from .parsers.structure import section_at
from .patterns.numbers import AT_LEAST_AFTER, NUMBER, comparator_before, parse_number, parse_value_cell

_F = regex.I | regex.V1
INDICATOR_COL = regex.compile(r"chỉ\s+tiêu|nội\s+dung|tên\s+chỉ\s+tiêu", _F)
UNIT_COL = regex.compile(r"^(?:đơn\s+vị(?:\s+tính)?|đvt)$", _F)
VALUE_COL = regex.compile(r"(?:chỉ\s+tiêu|kế\s+hoạch|mục\s+tiêu|giá\s+trị|phấn\s+đấu)\b.*?\b(?:19|20)\d{2}|^(?:19|20)\d{2}$|"
                          r"^(?:giá\s+trị|mức|chỉ\s+tiêu\s+giao|kế\s+hoạch)$", _F)
YEAR = regex.compile(r"\b((?:19|20)\d{2})\b")
# units that may follow a figure in prose
UNIT = regex.compile(
    r"%(?:/năm)?|(?:nghìn\s+|triệu\s+|tỷ\s+)?(?:đồng|USD)(?:/năm)?|phút(?:/\s*(?:0?1\s+)?(?:hồ\s+sơ|lần|lượt(?:\s+giao\s+dịch)?))?|"
    r"giờ|ngày(?:\s+làm\s+việc)?|hồ\s+sơ|doanh\s+nghiệp|người|lượt|thủ\s+tục|dịch\s+vụ|cơ\s+sở|xã|huyện|tỉnh",
    _F)
RESULT_CUE = regex.compile(r"\b(?:đã|đạt\s+được|kết\s+quả|được\s+ghi\s+nhận|tăng\s+so\s+với\s+cùng\s+kỳ)\b", _F)
POLICY_CUE = regex.compile(r"\b(?:hỗ\s+trợ|mức\s+đóng|mức\s+hưởng|chi\s+phí|giảm\s+giá|lãi\s+suất|thuế\s+suất)\b", _F)
TARGET_CUE = regex.compile(
    r"\b(?:đạt|tối\s+thiểu|ít\s+nhất|phấn\s+đấu|tối\s+đa|không\s+quá|trên|tăng|giảm|nâng|bảo\s+đảm|đảm\s+bảo|"
    r"hoàn\s+thành|bao\s+phủ|tại)\b|^\s*\d", _F)
INDICATOR_HEAD = regex.compile(r"\b(?:tỷ\s+lệ|tỉ\s+lệ|mức\s+độ|số\s+lượng|thời\s+gian|năng\s+suất|tốc\s+độ|chỉ\s+số|tổng\s+số)\b", _F)
CLAUSE_BREAK = regex.compile(r"[.;:!?]\s|\n|^")


def _basis(doc: Document, pos: int, text: str) -> str | None:
    """A heading above that names the document setting the targets: `Chỉ tiêu giao tại Nghị quyết số 01/NQ-CP`."""
    from .references import find_references

    s = section_at(doc.sections, pos)
    while s is not None:
        if s.title and regex.search(r"chỉ\s+tiêu|mục\s+tiêu|giao\s+tại|theo", s.title, flags=_F):
            refs = find_references(s.title)
            if refs:
                return refs[0].number
        s = s.parent
    return None


def _year_of_heading(section: Section | None) -> int | None:
    s = section
    while s is not None:
        years = YEAR.findall(s.title or "")
        if years and regex.match(r"^\s*(?:năm|giai\s+đoạn|đến\s+năm)\b|^\s*\d{4}", s.title or "", flags=_F):
            return int(years[-1])
        s = s.parent
    return None


def _from_table(t: Text, doc: Document, tb: Table, out: list[Target]) -> None:
    h = tb.header
    ind = next((i for i, x in enumerate(h) if INDICATOR_COL.search(x) and not VALUE_COL.search(x)), None)
    if ind is None:
        return
    unit_col = next((i for i, x in enumerate(h) if UNIT_COL.match(x)), None)
    value_cols = [i for i, x in enumerate(h) if i not in (ind, unit_col) and VALUE_COL.search(x)]
    if not value_cols:
        return
    basis = _basis(doc, tb.start, t.text)
    for row in tb.rows:
        cells = row.cells + [""] * (len(h) - len(row.cells))
        indicator = cells[ind].strip().rstrip(".").strip()
        if not indicator:
            continue
        for vc in value_cols:
            parsed = parse_value_cell(cells[vc])
            if parsed is None:
                continue
            op, value, vmax, cell_unit = parsed
            years = YEAR.findall(h[vc])
            unit = (cells[unit_col].strip() if unit_col is not None else "") or cell_unit or None
            s = row.cell_spans[ind][0] if row.cell_spans and ind < len(row.cell_spans) else row.start
            out.append(Target(indicator=indicator, unit=unit, value=value, value_max=vmax, comparator=op,
                              year=int(years[-1]) if years else doc.year,
                              text=f"{cells[ind].strip()} {cells[vc].strip()}", start=s, end=row.end,
                              section=tb.section, basis=basis, source="table"))


_FIGURE = regex.compile(rf"(?P<n>{NUMBER})\s*(?P<unit>{UNIT.pattern})", _F)


def _prose(t: Text, doc: Document, out: list[Target]) -> None:
    text = t.text
    for root in doc.sections:
        for sec in root.walk():
            if sec.kind in ("recipients",):
                continue
            for ps, pe in sec.paragraphs:
                _paragraph(t, doc, sec, ps, pe, out)


def _paragraph(t: Text, doc: Document, sec: Section, ps: int, pe: int, out: list[Target]) -> None:
    text = t.text
    para = text[ps:pe]
    figures = [m for m in _FIGURE.finditer(para) if not _noise(para, m)]
    if not figures:
        return
    used: set[int] = set()
    for m in figures:
        if m.start() in used:
            continue
        clause_start = max([b.end() for b in CLAUSE_BREAK.finditer(para, 0, m.start())] + [0])
        clause_end_m = regex.compile(r"[.;!?](?:\s|$)|\n").search(para, m.end())
        clause_end = clause_end_m.start() if clause_end_m else len(para)
        clause = para[clause_start:clause_end]
        before = para[clause_start:m.start()]
        if RESULT_CUE.search(before) or POLICY_CUE.search(before[-60:]):
            continue
        if not TARGET_CUE.search(before[-80:]) and not INDICATOR_HEAD.search(before):
            continue
        # a run of figures sharing one indicator: `40%, 30%, 20%, 15% đối với …`
        run = [m]
        for n in figures:
            if n.start() > run[-1].end() and regex.fullmatch(r"\s*(?:,|và|;)?\s*", para[run[-1].end():n.start()]) \
                    and n.start() < clause_end:
                run.append(n)
        op = comparator_before(before) or (">=" if AT_LEAST_AFTER.match(para[m.end():m.end() + 40]) else "=")
        indicator = _indicator(before, para[run[-1].end():clause_end], m["unit"])
        if not indicator:
            continue
        year = _year_in(clause) or _year_of_heading(sec) or doc.year
        for f in run:
            used.add(f.start())
            value = parse_number(f["n"])
            if value is None:
                continue
            unit = _unit(f["unit"])
            out.append(Target(indicator=indicator, unit=unit, value=value, comparator=op, year=year,
                              text=clause.strip(), start=ps + clause_start, end=ps + clause_end,
                              section=sec.path, basis=None, source="text"))


def _noise(para: str, m) -> bool:
    """Figures that are dates, document numbers, periods or list numbers, not levels."""
    before = para[max(0, m.start() - 12):m.start()]
    after = para[m.end():m.end() + 3]
    if regex.search(r"(?:ngày|tháng|năm|số|giai\s+đoạn|Điều|khoản|mục|quý)\s*$", before, flags=_F):
        return True
    return bool(regex.match(r"[/-]\d", after)) or bool(regex.search(r"[/-]$", before))


def _unit(unit: str) -> str:
    u = " ".join(unit.split())
    u = regex.sub(r"/\s*0?1\s+", "/", u)   # `30 phút/01 hồ sơ` → `phút/hồ sơ`
    return u


def _year_in(clause: str) -> int | None:
    m = regex.search(r"(?:vào|đến|trong|tới|cuối)\s+năm\s+((?:19|20)\d{2})|năm\s+((?:19|20)\d{2})", clause, flags=_F)
    if m:
        return int(m.group(1) or m.group(2))
    return None


def _indicator(before: str, after: str, unit: str) -> str | None:
    """What is measured: the `tỷ lệ …` phrase before the figure, else `Tỷ lệ` + what the percentage counts."""
    head = None
    for h in INDICATOR_HEAD.finditer(before):
        head = h
    verbs = r"\s*(?:đạt|tối\s+thiểu|ít\s+nhất|tối\s+đa|không\s+quá|trên|là|bằng|phấn\s+đấu|xuống|còn|trung\s+bình|từ|ở\s+mức)*\s*$"
    if head is not None:
        ind = regex.sub(verbs, "", before[head.start():], flags=_F).strip(" ,:-")
        return ind[:1].upper() + ind[1:] if ind else None
    tail = regex.split(r"[,;]|\s(?:vào|đến|trong)\s+năm\b", after)[0].strip()
    tail = regex.sub(r"^(?:số\s+lượng\s+|các\s+)?", "", tail, flags=_F)
    if unit.startswith("%") and tail:
        return "Tỷ lệ " + tail
    ind = regex.sub(verbs, "", before, flags=_F).strip(" ,:-")
    ind = regex.sub(r"^(?:-|\+|•)\s*", "", ind)
    return (ind[:1].upper() + ind[1:]) if len(ind.split()) >= 2 else None


def extract_targets(t: Text, doc: Document) -> list[Target]:
    out: list[Target] = []
    for tb in doc.tables:
        _from_table(t, doc, tb, out)
    _prose(t, doc, out)
    out.sort(key=lambda x: x.start)
    return out
