"""Tasks (nhiệm vụ, guide §3): segment the items that carry work, and find their lead and coordinating agencies and deadline."""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from .actions import action_phrase
from .agencies import find_agencies, split_agency_list
from .deadlines import find_deadline
from .model import Document, Section, Task, Text
from .nlp import word_doc
from .patterns import tasks as P
from .task_tables import tasks_from_table

MAX_HEADING_WORDS = 3

# Compiled once: regex.search(pattern, ...) with a string looks the pattern up in the module's cache on every call,
# which costs more than matching the short texts of a task (read_roles runs several times per item).
_OPENER_GAP = regex.compile(r"(?:\s*[^,\s]+){0,6}\s*,\s*(?:các\s+)?|\s*(?:các\s+)?", regex.I)
_ROLE = regex.compile(P.ROLE, regex.I)
_AGENT_AT_END = regex.compile(r"\b(?:được|của|do|theo|với|cho)\s*$", regex.I)
_LETTERS = regex.compile(r"\p{L}{2,}")
_SUBJECT_FILLER = regex.compile(
    r"(?i)\b(?:các|tỉnh|thành\s+phố|gồm|cấp|và|ủy\s+ban\s+nhân\s+dân|uỷ\s+ban\s+nhân\s+dân|ubnd)\b")
_COORD_GAP = regex.compile(r"^[\s,:]*(?:các\s+)?$", regex.I)
_CITED_AFTER = regex.compile(
    r"^\s*(?:tại|theo)\s+(?:các\s+)?(?:nghị|quyết|chỉ|công|kế|thông|luật|văn|chương|đề)\b.*$", regex.I)
_WORDS = regex.compile(r"\p{L}+")
_ASKED = regex.compile(r"\b(?:đề\s+nghị|yêu\s+cầu|giao(?:\s+cho)?|chỉ\s+đạo)\b\s*:?\s*", regex.I)
_INTRO_AGENT_AT_END = regex.compile(r"\b(?:được|của|do|theo|tại|cho|với)\s*$", regex.I)


def _agencies(text: str):
    return find_agencies(text)


def _names(mentions) -> list[str]:
    out = []
    for m in mentions:
        if m.name not in out:
            out.append(m.name)
    return out


def _block(mentions, text: str, start_index: int):
    """The run of agency mentions from ``start_index`` joined only by commas, `và`, `với`."""
    block = [mentions[start_index]]
    for prev, nxt in zip(mentions[start_index:], mentions[start_index + 1:]):
        if P.AGENCY_GAP.match(text[prev.end:nxt.start]):
            block.append(nxt)
        else:
            break
    return block


def subject_end(text: str, start: int, mentions) -> int:
    """Where the subject of a clause ends: the first verb (underthesea POS) outside an agency name."""
    window = text[start:start + 160]
    inside = [(m.start - start, m.end - start) for m in mentions]
    depth = 0
    for k, tok in enumerate(word_doc(window)):
        depth += tok.text.count("(") - tok.text.count(")")
        if tok.pos_ not in ("VERB", "AUX") or depth > 0 or any(a <= tok.idx < b for a, b in inside):
            continue
        if P.LEAD_WORD.match(window, tok.idx) or P.LISTING_VERB.match(tok.text):
            continue   # `chủ trì` (its own rule), `gồm` (a list follows)
        if k > 0 and tok.text[:1].isupper() or P.AGENCY_HEAD_WORD.match(tok.text):
            continue   # a name the tagger took for a verb (`Ủy ban nhân dân`)
        return start + tok.idx
    return start + len(window)


@dataclass
class Roles:
    lead: list[str]
    coordinating: list[str]
    found: bool        # the lead is named in the words themselves
    work_at: int       # where the work begins, after the subject and the `chủ trì, phối hợp với …` phrases
    via_role: bool = False   # named through an office-holder (`Chủ tịch Ủy ban nhân dân … quyết định`)


def roles(text: str) -> tuple[list[str], list[str], bool]:
    """(lead, coordinating, lead_found_in_text) from one task's words."""
    r = read_roles(text)
    return r.lead, r.coordinating, r.found


def read_roles(text: str) -> Roles:
    """Who leads and who coordinates, read from one task's words."""
    mentions = _agencies(text)
    lead: list = []
    coord: list = []
    found = False
    via_role = False
    head = P.ASSIGN_PREFIX.match(text)
    subject_at = head.end() if head else 0
    opener = P.ADVERBIAL_OPENER.match(text)
    if opener and not head:
        # `Trên cơ sở nội dung …, Kế hoạch …, các bộ, … tổ chức …`: the subject follows the opening phrase
        nxt = next((m for m in mentions if m.start >= opener.end()), None)
        if nxt is not None and _OPENER_GAP.fullmatch(text[opener.end():nxt.start]):
            subject_at = nxt.start
    lead_word = P.LEAD_WORD.search(text)
    coord_word = P.COORD_WORD.search(text)
    first = next((m for m in mentions if m.start >= subject_at), None)
    if first is not None and first.start <= subject_at + 40 and P.SUBJECT_GAP.match(text[subject_at:first.start]):
        lead = _block(mentions, text, mentions.index(first))
        found = True
        via_role = bool(_ROLE.search(text[subject_at:first.start]))
        gives = P.GIVES.match(text, lead[-1].end) or (
            P.ASKS.match(text, lead[-1].end) if lead[-1].kind == "government" else None)
        later = [m for m in mentions if gives and m.start >= gives.end()]
        if later and later[0].start <= gives.end() + 4:
            lead = _block(mentions, text, mentions.index(later[0]))   # the one given the work leads it
        after = mentions[mentions.index(lead[-1]) + 1:]
        if after and after[0].start < subject_at + 250 and not (lead_word and lead_word.start() < after[0].start):
            # more agencies soon after the first: read the whole subject (`Bộ trưởng, …, Chủ tịch Ủy ban …`)
            end = subject_end(text, subject_at, mentions)
            lead = [m for m in mentions if subject_at <= m.start and m.end <= end] or lead
    elif first is not None and first.start < subject_at + 60 and not _AGENT_AT_END.search(text[subject_at:first.start]):
        # a subject that opens with words around the names: `05 tỉnh, thành phố (gồm: Hà Nội, …) khẩn trương …`
        end = subject_end(text, subject_at, mentions)
        inside = [m for m in mentions if subject_at <= m.start and m.end <= end]
        if inside and not _LETTERS.search(_SUBJECT_FILLER.sub("", text[subject_at:inside[0].start])):
            lead, found = inside, True
    if found:
        pass
    elif lead_word:
        before = [m for m in mentions if m.end <= lead_word.start()]
        if before and P.AGENCY_GAP.match(text[before[-1].end:lead_word.start()]):
            k = mentions.index(before[-1])
            j = k
            while j > 0 and P.AGENCY_GAP.match(text[mentions[j - 1].end:mentions[j].start]):
                j -= 1
            lead = mentions[j:k + 1]
            found = True
    if coord_word:
        after = [m for m in mentions if m.start >= coord_word.end()]
        if after and _COORD_GAP.match(text[coord_word.end():after[0].start]):
            coord = _block(mentions, text, mentions.index(after[0]))
    coord = [m for m in coord if m not in lead]
    work_at = subject_at
    for end in [lead[-1].end if lead else 0, lead_word.end() if lead_word else 0,
                coord[-1].end if coord else (coord_word.end() if coord_word and coord_word.start() < 120 else 0)]:
        work_at = max(work_at, end)
    return Roles(_names(lead), _names(coord), found, work_at, via_role)


def _agency_only(title: str) -> list[str]:
    """The agencies of a heading that only names who acts (`a) Các bộ, cơ quan ngang bộ:`, `2. Bộ Tư pháp`,
    `1. Nhiệm vụ giao bộ, ngành, địa phương tại Nghị quyết số 01/NQ-CP`)."""
    title = title.strip().rstrip(":.;")
    if not title or len(title) > 300:
        return []
    given = P.GIVEN_TO.match(title)
    if given:
        mentions = _agencies(title)
        block = [m for m in mentions if m.start >= given.end() - 1]
        if block and block[0].start <= given.end() + 4:
            block = _block(mentions, title, mentions.index(block[0]))
            rest = _CITED_AFTER.sub("", title[block[-1].end:])
            if len(_WORDS.findall(rest)) <= MAX_HEADING_WORDS:   # `… giao bộ, ngành tại Nghị quyết …`
                return _names(block)
            return []
    mentions = _agencies(title)
    if not mentions:
        return []
    rest = title
    for m in reversed(mentions):
        rest = rest[:m.start] + " " + rest[m.end:]
    words = _WORDS.findall(rest)
    filler = {"các", "và", "có", "liên", "quan", "sau", "đây", "gồm", "cụ", "thể", "với", "trách", "nhiệm", "của"}
    if len([w for w in words if w.lower() not in filler]) > MAX_HEADING_WORDS:
        return []
    return _names(mentions)


@functools.lru_cache(maxsize=4096)
def _deadline(text: str, year: int | None):
    """The deadline of a text; headings are asked once per item below them, so answers are remembered."""
    return find_deadline(text, year)


def _excluded(section: Section) -> bool:
    if section.kind == "recipients" or P.in_results(section):
        return True
    s = section
    while s is not None:
        if s.kind in ("recipients",) or (s.title and P.no_task_heading(s.title.lstrip("*# "))):
            return True
        s = s.parent
    return False


def _heading_like(text: str) -> bool:
    t = text.strip()
    return bool(P.TOPIC.match(t)) or (len(t) < 160 and not P.SENTENCE_END.search(t))


def _intro_agencies(t: Text, s: Section) -> list[str]:
    """`…, các bộ, cơ quan ngang bộ, … cần tổ chức triển khai các nhiệm vụ sau đây:` — the agencies an
    introductory paragraph ending in a colon gives to the items below it."""
    for ps, pe in s.paragraphs:
        words = " ".join(t.text[ps:pe].split())
        if not words.endswith(":") or len(words) > 600:
            continue
        mentions = _agencies(words)
        asked = _ASKED.search(words)
        if asked:
            # `Bộ Nội vụ đề nghị các bộ, ngành, địa phương:` — those asked act, not the one asking
            after = [m for m in mentions if m.start >= asked.end()]
            if after and after[0].start <= asked.end() + 4:
                return _names(_block(mentions, words, mentions.index(after[0])))
            return []   # `Văn phòng Chính phủ đề nghị:` — the one asking does not act; the addressees do
        best: list = []
        k = 0
        while k < len(mentions):
            block = _block(mentions, words, k)
            agent = _INTRO_AGENT_AT_END.search(words[:block[0].start])
            if len(block) > len(best) and not agent:
                best = block
            k += len(block)
        if best:
            return _names(best)
    return []


def _zone(section: Section) -> str | None:
    s = section.parent
    while s is not None:
        title = (s.title or "").lstrip("*# ")
        if P.TASK_ZONE.match(title):
            return "task"
        if P.DESCRIPTION_ZONE.match(title):
            return "description"
        s = s.parent
    return None


def _has_task_zone(doc: Document) -> bool:
    return any(P.TASK_ZONE.match((s.title or "").lstrip("*# ")) for r in doc.sections for s in r.walk()
               if s.kind in ("roman", "part", "chapter", "mục", "number", "article"))


def _inherited(section: Section, doc: Document, t: Text | None = None) -> tuple[list[str], list[str], object]:
    """Lead (and deadline) given by the nearest heading above that names agencies, else a letter's addressees."""
    lead: list[str] = []
    deadline = None
    s = section.parent
    while s is not None:
        if not lead and s.kind != "appendix":
            lead = _agency_only(s.title) or (_intro_agencies(t, s) if t is not None else [])
        if deadline is None and s.kind != "appendix":
            deadline = _deadline(s.title, doc.year) if s.title else None
        if lead:
            break
        s = s.parent
    if not lead and t is not None:
        # an opening paragraph before the first item (`… đề nghị các bộ, ngành, địa phương:`)
        root = section
        while root.parent is not None:
            root = root.parent
        intros = [r for r in doc.sections if r.kind == "para" and r.end <= root.start]
        if intros:
            lead = _intro_agencies(t, intros[-1])
    if not lead and doc.addressees:
        lead = [a for x in doc.addressees for a in split_agency_list(x)]
    return lead, [], deadline


def _make(t: Text, doc: Document, start: int, end: int, section: Section, context_lead: list[str],
          context_deadline, prefix_lead: list[str] = ()) -> tuple[Task, bool]:
    text = t.text[start:end]
    words = " ".join(text.split())
    r = read_roles(words)
    lead, coord, found = r.lead, r.coordinating, r.found
    explicit = (found and not r.via_role) or bool(prefix_lead)   # an office-holder's powers are not an assignment
    if not found:
        # `Chủ trì, phối hợp với …` or no subject: the heading's agencies lead
        lead = list(prefix_lead) or context_lead or lead
    dl = _deadline(text, doc.year) or context_deadline
    task = Task(text=text, start=start, end=end, section=section.path, lead=lead, coordinating=coord)
    if dl is not None:
        task.deadline, task.deadline_text = dl.date, dl.text
        task.recurrence, task.recurrence_start = dl.recurrence, dl.start_date
    hint = P.URGENCY.search(text)
    task.status_hint = hint.group().lower() if hint else None
    task.action = action_phrase(words, r.work_at)
    return task, explicit


def _split_inline(text: str, start: int) -> list[tuple[int, int]]:
    """`(i) … (ii) …` inside one item are two tasks."""
    marks = list(P.INLINE_ROMAN.finditer(text))
    if len(marks) < 2 or not marks[0].group().startswith("(i)"):
        return [(start, start + len(text))]
    out = []
    for a, b in zip(marks, marks[1:] + [None]):
        s = start + a.end()
        e = start + (b.start() if b else len(text))
        out.append((s, e))
    return out


def _from_section(t: Text, doc: Document, sec: Section, out: list[Task], has_task_zone=None) -> None:
    if has_task_zone is None:
        # asked for every item of a describing part, and the answer walks the whole tree: once per document
        has_task_zone = functools.cache(lambda: _has_task_zone(doc))
    if _excluded(sec):
        return
    if sec.children and any(c.kind not in ("para",) for c in sec.children):
        for c in sec.children:
            _from_section(t, doc, c, out, has_task_zone)
        return
    if sec.kind in ("para", "appendix") or not sec.paragraphs:
        return
    paras = [(s, e) for s, e in sec.paragraphs if e > s]
    if not paras:
        return
    first_text = t.text[paras[0][0]:paras[0][1]]
    if sec.kind == "article" and P.not_a_task(" ".join(first_text.split())):
        return   # `Điều 3. … chịu trách nhiệm thi hành Quyết định này.` and what it adds are formal
    context_lead, _, context_deadline = _inherited(sec, doc, t)
    describing = _zone(sec) == "description" and has_task_zone()
    own_lead = _agency_only(first_text)
    if own_lead or (len(paras) > 1 and _heading_like(first_text)):
        # the item's first line only names who acts, or a topic: the work is in the paragraphs below
        context_lead = own_lead or context_lead
        context_deadline = _deadline(first_text, doc.year) or context_deadline
        paras = paras[1:]
        if not paras:
            return
    groups: list[list[tuple[int, int]]] = []
    for s, e in paras:
        words = " ".join(t.text[s:e].split())
        explicit = read_roles(words).found
        if groups and not explicit:
            groups[-1].append((s, e))
        else:
            groups.append([(s, e)])
    for g in groups:
        s, e = g[0][0], g[-1][1]
        body = t.text[s:e]
        if P.not_a_task(" ".join(body.split())):
            continue
        parts = _split_inline(body, s)
        prefix_lead: list[str] = []
        if len(parts) > 1:
            # `Các bộ: Công Thương, Y tế: (i) …; (ii) …`: the words before (i) say who does both
            prefix = " ".join(t.text[s:parts[0][0]].split())
            prefix_lead = roles(prefix)[0] or _agency_only(prefix)
        for a, b in parts:
            task, explicit = _make(t, doc, a, b, sec, context_lead, context_deadline, prefix_lead)
            if describing and not explicit:
                continue   # a solution described, not assigned: the `Tổ chức thực hiện` part assigns it
            out.append(task)


def extract_tasks(t: Text, doc: Document) -> list[Task]:
    out: list[Task] = []
    has_task_zone = functools.cache(lambda: _has_task_zone(doc))
    for root in doc.sections:
        _from_section(t, doc, root, out, has_task_zone)
    for tb in doc.tables:
        out.extend(tasks_from_table(t, doc, tb))
    out.sort(key=lambda k: k.start)
    return out
