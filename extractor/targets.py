"""Targets (chỉ tiêu, guide §4): rows of target tables and figures set in prose, with indicator, unit, value, comparator, year, basis."""
from __future__ import annotations

import regex

from .actions import lexicon
from .model import Document, Section, Table, Target, Text
from .patterns.fold import fold_tones
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
# reported results, not levels to reach: `đã cắt giảm 3.451/6.191 …`, `đạt được 90%`, `kết quả: …`, `tính đến nay`
RESULT_CUE = regex.compile(r"\b(?:đã|đạt\s+được|được\s+ghi\s+nhận|đến\s+nay|tăng\s+so\s+với\s+cùng\s+kỳ)\b|"
                           r"\bkết\s+quả\s*(?:đạt\s+được|thực\s+hiện\s+(?:năm|giai)|:)", _F)
POLICY_CUE = regex.compile(r"\b(?:hỗ\s+trợ|mức\s+đóng|mức\s+hưởng|chi\s+phí|giảm\s+giá|lãi\s+suất|thuế\s+suất)\b", _F)
TARGET_CUE = regex.compile(
    r"\b(?:đạt|tối\s+thiểu|ít\s+nhất|phấn\s+đấu|tối\s+đa|không\s+quá|trên|tăng|giảm|nâng|bảo\s+đảm|đảm\s+bảo|"
    r"hoàn\s+thành|bao\s+phủ|tại)\b|^\s*\d", _F)
INDICATOR_HEAD = regex.compile(r"\b(?:tỷ\s+lệ|tỉ\s+lệ|mức\s+độ|số\s+lượng|thời\s+gian|năng\s+suất|tốc\s+độ|chỉ\s+số|tổng\s+số)\b", _F)
CLAUSE_BREAK = regex.compile(r"[.;:!?]\s|\n|^")
# The patterns below are compiled once: regex.search(pattern, ...) with a string looks the pattern up in the
# module's cache on every call, which costs more than matching these short texts (_noise runs for every figure).
_SENTENCE_PIECE = regex.compile(r"[^.!?]+(?:[.!?]+|$)")
_SEMICOLON = regex.compile(r";")
_SHARED_GAP = regex.compile(r"[^,;]*?\s(?:và|hoặc)\s*|\s*,\s*")
_LINK_AT_END = regex.compile(r"\s*(?:tương\s+ứng|lần\s+lượt|đạt|là)\s*$", _F)
_TAIL_STOP = regex.compile(r"\s(?:để|nhằm|trừ|cho\s+đến\s+khi)\s|[,;(]\s*(?:trừ|để|nhằm)\s")
_OWN_AFTER_CUT = regex.compile(r",\s|;")
_AND_AT_END = regex.compile(r"\s+(?:và|hoặc)\s*$")
_COUNT_OPEN = regex.compile(r"\d\s*/\s*\d[\d.,]*\s*[\p{L}]*\s*\(\s*$")
_SHARE_OF_COUNTS = regex.compile(r"(?<![/\d])\d[\d.]*\s*/\s*\d[\d.]*\b(?!\s*/)")
_PAST_WORD = regex.compile(r"\bđã\b")
_STILL_TO_DO = regex.compile(r"\b(?:được|phải|sẽ|cần)\b")
_PAIR_LEAD = regex.compile(r"\s*(?:đối\s+với|cho|của|tại)\s+(.+)$", _F)
_PAIR_SEP = regex.compile(r",\s*|\s+và\s+")
_YEAR_AFTER_NAM = regex.compile(r"(?:năm\s+)((?:19|20)\d{2})\b", _F)
_NOT_DUE_YEAR = regex.compile(r"so\s+với\s*$|giai\s+đoạn\s*$|ngày.{0,12}$", _F)
_NOISE_BEFORE = regex.compile(r"(?:ngày|tháng|năm|số|giai\s+đoạn|Điều|khoản|mục|quý|mức\s+độ|hạng|lần\s+thứ|cấp\s+độ)\s*$", _F)
_NOISE_AFTER = regex.compile(r"[/-]\d")
_NOISE_BEFORE_SEP = regex.compile(r"[/-]$")
_PER_ONE = regex.compile(r"/\s*0?1\s+")
_OR_MORE = regex.compile(r"^\s*trở\s+lên\s*", _F)
_RELATION_AFTER = regex.compile(r"(?:so\s+với|đối\s+với|trở\s+lên|trên|vào|đến|trong)\b", _F)
_COUNT_WORD = regex.compile(r"số\s+lượng", _F)
_REACHES_AT_END = regex.compile(r"\bđạt\s*(?:tối\s+thiểu|ít\s+nhất|tối\s+đa|trên|từ)?\s*$", _F)
_OPEN_BRACKET_TAIL = regex.compile(r"\s*\((?:[^()]*)$")


def _basis(doc: Document, pos: int, text: str) -> str | None:
    """A heading above that names the document setting the targets: `Chỉ tiêu giao tại Nghị quyết số 01/NQ-CP`."""
    from .references import find_references

    # the heading that introduces the table: the last section opened before it, then its parents
    before = [x for r in doc.sections for x in r.walk() if x.start <= pos and x.kind != "recipients"]
    s = max(before, key=lambda x: x.start) if before else None
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


_FIGURE = regex.compile(
    rf"(?P<n>{NUMBER})(?:\s*%?\s*[-–]\s*(?P<n2>{NUMBER}))?\s*(?P<unit>{UNIT.pattern})?(?![\p{{L}}\d])", _F)
_RUN_GAP = regex.compile(r"\s*(?:,|;)?\s*(?:và\s+)?", _F)
_TRAILING = regex.compile(
    r"(?:\s*(?:,|:)?\s*(?:đạt|là|bằng|tối\s+thiểu|ít\s+nhất|tối\s+đa|không\s+quá|không\s+dưới|trên|dưới|hơn|từ|"
    r"tương\s+ứng|lần\s+lượt|lên\s+mức|lên|xuống|còn|trung\s+bình|ở\s+mức|mức|phấn\s+đấu|thêm|tăng\s+thêm|khoảng|"
    r"so\s+với\s+năm\s+\d{4}|vào\s+năm\s+\d{4}|đến\s+năm\s+\d{4}|tới\s+năm\s+\d{4}|năm\s+\d{4}|tại|ở|cho|của|"
    r"đối\s+với|trong|với|theo|bảo\s+đảm|đảm\s+bảo))+\s*$", _F)
_LEADING = regex.compile(
    r"^(?:[-–+•]\s*)?(?:(?:tổ\s+chức|hoàn\s+thành(?:\s+việc)?|bảo\s+đảm|đảm\s+bảo|phấn\s+đấu|tập\s+trung|"
    r"nâng|tăng(?!\s+trưởng)|giảm(?!\s+nghèo)|thực\s+hiện|đạt|để|nhằm)\s+)+", _F)
_PER_OCCURRENCE = regex.compile(r"/\s*(?:0?1\s+)?(?:lần|lượt)(?:\s+(?:đến\s+)?giao\s+dịch)?$", _F)
_NO_TARGET_BEFORE = regex.compile(r"(?:cho\s+đến\s+khi|đến\s+khi|khi)\s+(?:đạt\s+)?(?:tỷ\s+lệ\s+)?$|"
                                  r"\b(?:mỗi|hằng|hàng)\s+năm\b.*$|\btrong\s+mỗi\s+năm\b.*$|\bso\s+với\s+$", _F)


def _prose(t: Text, doc: Document, out: list[Target]) -> None:
    seen: set[tuple] = set()
    for root in doc.sections:
        for sec in root.walk():
            if sec.kind == "recipients" or _in_results(sec):
                continue   # a report of what was done sets no level to reach
            for ps, pe in sec.paragraphs:
                for tg in _figures_in(t.text, ps, pe, sec, doc):
                    key = (tg.value, tg.unit, tg.year, tg.indicator.lower()[:40])
                    if key not in seen:
                        seen.add(key)
                        out.append(tg)
    for task in doc.tasks:
        if task.source != "table":
            continue
        # a target written in a task table's cell (its words as rebuilt from the cell), unless the prose set it too
        for tg in _figures_in(task.text, 0, len(task.text), None, doc):
            if any(o.value == tg.value and o.unit == tg.unit for o in out):
                continue
            tg.start, tg.end, tg.section, tg.source = task.start, task.end, task.section, "table"
            out.append(tg)


def _figures_in(text: str, ps: int, pe: int, sec: Section | None, doc: Document) -> list[Target]:
    """The levels set in one paragraph: sentence by sentence, clause by clause (`;`), a colon's intro shared."""
    out: list[Target] = []
    para = text[ps:pe].replace("\n", " ")   # a paragraph wrapped over lines is one run of sentences
    if not _FIGURE.search(para):
        return out
    for a, b in sentence_spans(para):
        _sentence(para, a, b, ps, sec, doc, out)
    return out


def sentence_spans(para: str) -> list[tuple[int, int]]:
    """Sentences of a paragraph by underthesea's sentence splitter (it knows `TP.`, `8.4.2020`), as offsets."""
    from underthesea import sent_tokenize

    spans, pos = [], 0
    for sent in sent_tokenize(para):
        found = para.find(sent, pos)
        if found < 0:   # the splitter changed the text: fall back to punctuation
            return [(m.start(), m.end()) for m in _SENTENCE_PIECE.finditer(para)]
        spans.append((found, found + len(sent)))
        pos = found + len(sent)
    return spans


def _sentence(para: str, a: int, b: int, base: int, sec, doc: Document, out: list[Target]) -> None:
    sentence = para[a:b]
    if not _FIGURE.search(sentence):
        return
    intro = ""
    clauses: list[tuple[int, int]] = []
    start = 0
    first = next((f for f in _FIGURE.finditer(sentence) if not _noise(sentence, f) and f["unit"]), None)
    colon = sentence.rfind(":", 0, first.start()) if first else -1
    if colon > 0:
        intro = sentence[:colon]      # `… lên mức tối thiểu: tại bộ … là 2.000 hồ sơ; địa phương: …`
        start = colon + 1
    for m in list(_SEMICOLON.finditer(sentence, start)) + [None]:
        end = m.start() if m else len(sentence)
        clauses.append((start, end))
        if m:
            start = m.end()
    last_unit = None
    for cs, ce in clauses:
        clause = sentence[cs:ce]
        for tg in _clause(clause, intro, last_unit, sec, doc):
            tg.start, tg.end = base + a + cs + tg.start, base + a + cs + tg.end
            last_unit = tg.unit
            out.append(tg)


def _clause(clause: str, intro: str, inherited_unit: str | None, sec, doc: Document) -> list[Target]:
    figs = [m for m in _FIGURE.finditer(clause) if not _noise(clause, m)]
    figs = [m for m in figs if m["unit"] or (inherited_unit and m.end() >= len(clause.rstrip(" .")) - 1
                                              and not YEAR.fullmatch(m["n"]))]
    out: list[Target] = []
    k = 0
    shared_before = None
    while k < len(figs):
        m = figs[k]
        run = [m]
        while k + len(run) < len(figs) and _RUN_GAP.fullmatch(clause[run[-1].end():figs[k + len(run)].start()]) \
                and (figs[k + len(run)]["unit"] or "") == (m["unit"] or ""):
            run.append(figs[k + len(run)])
        k += len(run)
        before = clause[:m.start()]
        if shared_before is not None and _SHARED_GAP.fullmatch(clause[prev_end:m.start()]):
            before = shared_before   # `tại 50% Bộ phận … cấp huyện và 30% Bộ phận … cấp xã`: one verb, two levels
        shared_before, prev_end = before, run[-1].end()
        context = (intro + " " + before) if intro else before
        if RESULT_CUE.search(before) or POLICY_CUE.search(before[-60:]) or _NO_TARGET_BEFORE.search(before):
            continue
        if _reported(clause, before, run[-1].end()):
            continue
        if not (TARGET_CUE.search(before[-80:]) or INDICATOR_HEAD.search(context) or not before.strip(" -–+•")):
            continue
        op = comparator_before(_LINK_AT_END.sub("", before)) \
            or (comparator_before(intro) if intro and not before.strip() else None) \
            or (">=" if AT_LEAST_AFTER.match(clause[m.end():m.end() + 40]) else None)
        if op is None and intro:
            op = comparator_before(intro.rstrip(" :"))
        op = op or "="
        stop = _TAIL_STOP.search(clause[run[-1].end():])
        tail_end = run[-1].end() + (stop.start() if stop else len(clause) - run[-1].end())
        after = clause[run[-1].end():tail_end]
        labels = _pair_labels(after, len(run))
        year = _year_near(clause, m.start()) or (_year_near(intro, len(intro)) if intro else None) \
            or _year_of_heading(sec) or doc.year
        for n, f in enumerate(run):
            value = parse_number(f["n"])
            if value is None:
                continue
            unit = _unit(f["unit"]) if f["unit"] else inherited_unit
            nxt = figs[figs.index(f) + 1].start() if figs.index(f) + 1 < len(figs) else tail_end
            own_after = clause[f.end():min(nxt, tail_end)] if len(run) == 1 else after
            own_after = _OWN_AFTER_CUT.split(own_after)[0] if len(run) == 1 else own_after
            own_after = _AND_AT_END.sub("", own_after.rstrip(" ,"))
            indicator = _indicator(before, own_after, unit or "", intro, labels[n] if labels else None)
            if not indicator:
                continue
            vmax = parse_number(f["n2"]) if f["n2"] else None
            out.append(Target(indicator=indicator, unit=unit, value=value, value_max=vmax,
                              comparator=">=" if vmax is not None else op, year=year,
                              text=clause[:tail_end].strip(" ;,.-–+•"), start=0, end=tail_end,
                              section=sec.path if sec else "", source="text"))
    return out


def _reported(clause: str, before: str, end: int) -> bool:
    """A result, not a target: `Cắt giảm 3.451/6.191 ĐKKD (55,7%)`, `90% các cơ quan đã xử lý …` (past tense in the
    main predicate; `100% hồ sơ đã giải quyết thành công được số hóa` keeps its `được` predicate and is a target)."""
    if _COUNT_OPEN.search(before):
        return True
    if clause[end - 1:end] == "%" and _SHARE_OF_COUNTS.search(before):
        return True   # `phân cấp 699/5.187 TTHC …, đạt tỷ lệ 13,47%`: a share worked out from counts done
    after = clause[end:end + 200]
    past = _PAST_WORD.search(after)
    return bool(past) and not _STILL_TO_DO.search(after[past.end():])


from .patterns.tasks import in_results as _in_results  # noqa: E402  (shared with the task stage)


def _pair_labels(after: str, n: int) -> list[str] | None:
    """`40%, 30%, 20%, 15% đối với kết quả thuộc thẩm quyền của cấp trung ương, cấp tỉnh, cấp huyện, cấp xã`:
    the n levels the n figures apply to, each written out in full."""
    if n < 2:
        return None
    m = _PAIR_LEAD.match(after)
    if not m:
        return None
    items = [x.strip() for x in _PAIR_SEP.split(m.group(1).strip(" .")) if x.strip()]
    if len(items) != n:
        return None
    first_word = items[1].split()[0].lower()
    cut = items[0].lower().rfind(" " + first_word + " ")
    head = items[0][:cut + 1] if cut > 0 else ""
    return [items[0]] + [head + x for x in items[1:]]


def _year_near(clause: str, pos: int) -> int | None:
    """The year a figure is due: the nearest `(vào|đến|tới|trong) năm YYYY` before it, else the first after;
    a comparison year (`so với năm 2020`) is not one."""
    years = [(m.start(), int(m.group(1))) for m in _YEAR_AFTER_NAM.finditer(clause)
             if not _NOT_DUE_YEAR.search(clause[max(0, m.start() - 15):m.start()])]
    if not years:
        return None
    before = [y for p, y in years if p < pos]
    return before[-1] if before else years[0][1]


def _noise(para: str, m) -> bool:
    """Figures that are dates, document numbers, periods or list numbers, not levels."""
    before = para[max(0, m.start() - 14):m.start()]
    after = para[m.end():m.end() + 3]
    if _NOISE_BEFORE.search(before):
        return True
    if YEAR.fullmatch(m["n"]) and not m["unit"]:
        return True
    if before[-1:].isalpha():   # `QH15 ngày …`: digits inside a document number
        return True
    return bool(_NOISE_AFTER.match(after)) or bool(_NOISE_BEFORE_SEP.search(before))


def _unit(unit: str) -> str:
    u = " ".join(unit.split())
    u = _PER_OCCURRENCE.sub("", u)          # `30 phút/01 lần` → phút: the occurrence belongs to the indicator
    u = _PER_ONE.sub("/", u)   # `30 phút/01 hồ sơ` → phút/hồ sơ
    return u


def _core(text: str) -> str:
    text = _TRAILING.sub("", text.strip(" ,;:"))
    return _LEADING.sub("", text).strip(" ,;:-–")


def _strip_verbs(text: str) -> str:
    """`cung cấp thanh toán trực tuyến …` → `thanh toán trực tuyến …`: leading action verbs are the task, not the measure."""
    lex = lexicon()
    words = text.split()
    if len(words) > 4:
        if fold_tones(" ".join(words[:2]).lower()) in lex:
            words = words[2:]
        elif fold_tones(words[0].lower()) in lex:
            words = words[1:]
    return " ".join(words)


def _last_phrase(before: str) -> str:
    """The phrase a level applies to: comma-separated pieces back to the one that opens with a verb
    (`…, tích hợp, cung cấp thanh toán trực tuyến …` → `thanh toán trực tuyến …`;
    `Tổ chức triển khai quy trình số hóa hồ sơ, giấy tờ, kết quả …` keeps its list of nouns)."""
    lex = lexicon()
    pieces = before.split(",")
    k = len(pieces) - 1
    while k > 0:
        first = pieces[k].split()[:2]
        if first and (fold_tones(" ".join(first).lower()) in lex or fold_tones(first[0].lower()) in lex):
            break
        k -= 1
    return _strip_verbs(_TRAILING.sub("", ",".join(pieces[k:]).strip(" ,;:")).strip(" ,;:-–"))


def _cap(s: str) -> str:
    s = " ".join(s.split())
    return s[:1].upper() + s[1:] if s else s


def _indicator(before: str, after: str, unit: str, intro: str = "", label: str | None = None) -> str | None:
    """What is measured, without the figure."""
    after = _OR_MORE.sub("", after.strip(" ,.;"))
    head = None
    for h in INDICATOR_HEAD.finditer(before):
        head = h
    if head is not None:
        ind = _core(before[head.start():])
    elif intro and INDICATOR_HEAD.search(intro):
        h = list(INDICATOR_HEAD.finditer(intro))[-1]
        ind = _core(intro[h.start():]) + " " + _core(before)
    elif unit.startswith("%") and after and not _RELATION_AFTER.match(after):
        core = _last_phrase(before) if before.strip() else ""
        if _COUNT_WORD.match(after):
            ind = after + (" " + core if core else "")
        else:
            ind = "Tỷ lệ " + after + (" " + core if core else "")
    elif _REACHES_AT_END.search(before) and "," in before:
        # `…, tích hợp, cung cấp thanh toán trực tuyến … đạt 100%`: what reaches the level is the last phrase
        ind = _last_phrase(before)
    else:
        ind = _core(before) or _core(intro)
        if unit.startswith("%") and ind and not INDICATOR_HEAD.match(ind):
            ind = "Tỷ lệ " + ind[:1].lower() + ind[1:]
    if label:
        ind = ind + " đối với " + label
    ind = _OPEN_BRACKET_TAIL.sub("", ind)   # a bracket left open by the cut
    ind = _cap(ind)
    return ind if len(ind.split()) >= 2 else None


def extract_targets(t: Text, doc: Document) -> list[Target]:
    out: list[Target] = []
    for tb in doc.tables:
        _from_table(t, doc, tb, out)
    _prose(t, doc, out)
    out.sort(key=lambda x: x.start)
    return out
