"""Split one file's text into documents on their headers (agency, Quốc hiệu, `Số:`, place-date, type line), keeping attachments, forms and a consolidated text's authentication with their document."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from .lines import Line, LineIndex, lines_of
from .patterns.fold import match_key
from .patterns import header as H
from .patterns.doctypes import type_from_header

# Parts issued together with a document: they belong to it when they follow it in the same file.
ATTACHABLE: Final = {"Phụ lục", "Kế hoạch", "Đề án", "Chương trình", "Quy chế", "Quy định", "Hướng dẫn"}
MAX_GAP: Final = 4  # non-blank lines allowed between two pieces of one header


@dataclass
class Header:
    """One header block as found in the text: the lines that make it and what they say."""

    start: int
    end: int                   # end of the last header line
    lines: list[Line] = field(default_factory=list)
    number: str | None = None  # as printed after `Số:`
    has_number_line: bool = False
    quoc_hieu: bool = False
    type_words: str | None = None
    type_line: Line | None = None
    place_date: Line | None = None
    attached: dict | None = None
    appendix: bool = False
    form: bool = False           # a form to fill in (`Mẫu số 01`, `Số: …/QĐ-…`, `…, ngày … tháng … năm …`)
    consolidation: bool = False  # the number of a consolidated text (`Số: 12/VBHN-BTC`) or its authentication
    authentication: bool = False  # the line `XÁC THỰC VĂN BẢN HỢP NHẤT` that closes a consolidated text

    @property
    def doc_type(self) -> str | None:
        if self.appendix:
            return "Phụ lục"
        return type_from_header(self.type_words) if self.type_words else None

    @property
    def numbered(self) -> bool:
        """Whether the header prints a number of its own (digits, not a blank to fill in)."""
        return bool(self.number and self.number[:1].isdigit())

    def strong(self) -> bool:
        """Enough pieces to be a real header, not a stray line of the body."""
        pieces = sum([self.has_number_line, self.quoc_hieu, bool(self.type_words), bool(self.place_date),
                      bool(self.attached), self.appendix])
        if self.consolidation and self.has_number_line:
            return True
        if self.has_number_line and (self.place_date or self.type_words or self.quoc_hieu):
            return True
        if self.appendix and (self.attached or pieces >= 2):
            return True
        if self.quoc_hieu and pieces >= 2:
            return True
        return bool(self.type_words) and bool(self.attached)


@dataclass
class Part:
    """A stretch of text: a document, or a part attached to it (Kế hoạch, Phụ lục)."""

    start: int
    end: int
    header: Header | None
    attachments: list["Part"] = field(default_factory=list)
    consolidation: Header | None = None  # a consolidated text's authentication block, printed after its body


def _anchor(line: Line, following: list[Line], s: str, low: str) -> dict | None:
    """``s``: the line stripped, ``low``: that in lower case (find_headers has them, and passes only lines that may be
    a header piece)."""
    found = _anchor_line(line, following, s, low)
    if not found and following and H.may_be_split_piece(s, low) and H.SPLIT_PIECE.match(s):
        # a header piece cut over two lines (`CỘNG HÒA XÃ HỘI` / `CHỦ NGHĨA VIỆT NAM`, `Số:` / `34/2024/QĐ-UBND`)
        joined = Line(line.start, following[0].end, s + " " + following[0].stripped)
        js = joined.stripped
        found = _anchor_line(joined, following[1:], js, js.lower())
        if found:
            found["consumed"] = following[0]
    return found or None


def _anchor_line(line: Line, following: list[Line], s: str, low: str) -> dict:
    """The header pieces on ``line``; ``s``: the line stripped, ``low``: that in lower case."""
    # each pattern is tried only where the words it needs stand (the tests of H.may_be_header_piece, one by one)
    opens_s = low.startswith("s")
    found: dict[str, Any] = {}
    if "cộng" in low and H.quoc_hieu_line(s):
        found["quoc_hieu"] = True
    # a number line opens with `Số`, `SỐ` or OCR's `S6:` (a capital S, matched case-sensitively), or is a type's
    # `… số:` (`Luật số: 51/2024/QH15`)
    numbered = s.startswith("S") or "số" in low and ":" in low
    dated = "ngày" in low and "tháng" in low
    m = H.NUMBER_LINE.match(s) if numbered else None
    # (a place-and-date after the number has `ngày … tháng`)
    both = None if m or not numbered or not dated else H.NUMBER_DATE_LINE.match(s)
    if both:
        # the number and the place-and-date on one line: the date part stands as a line of its own
        m = both
        at = line.text.index(both["date"])
        found["place_date"] = Line(line.start + at, line.start + at + len(both["date"]), both["date"])
    if m:
        found["number"] = m["num"] if m["n"] else None
        found["has_number_line"] = True
        if m["num"].rstrip().endswith("-") and following and H.NUMBER_TAIL.match(following[0].stripped):
            # a number cut after a hyphen, its codes going on on the next line
            found["number"] = m["num"] + following[0].stripped if m["n"] else None
            found["consumed"] = following[0]
        if H.CONSOLIDATION_CODE.search(m["num"]):
            found["consolidation"] = True
    elif opens_s and H.FORM_NUMBER.match(s):
        found["has_number_line"] = True
        found["form"] = True
    if dated and H.may_be_place_date(s, low) and H.PLACE_DATE.match(s):
        found["place_date"] = line
    elif both is None and dated and H.FORM_DATE.match(s):
        found["form"] = True
    if "mẫu" in low and H.FORM_LABEL.match(s):
        found["form"] = True
    if "xác" in low and H.CONSOLIDATION_LINE.match(s):
        found["consolidation"] = found["authentication"] = True
    t = H.type_line(s)
    if t:
        found["type_words"] = t
        found["type_line"] = line
    if "phụ" in low and H.APPENDIX_LINE.match(s):
        found["appendix"] = True
        found["type_line"] = line
    m = None
    if "kèm" in low:
        m = H.attached_line(s)
        # (a line opening with `kèm theo` holds `kèm`; `(` and `*` are their own lower case and nothing else lowers to
        # them, so stripping them before lowering or after gives the same opening)
        if not m and low.lstrip("(*").startswith(("kèm theo", "ban hành kèm theo")):
            # `Kèm theo … số` wrapped over two lines
            m = H.attached_line(s + " " + " ".join(x.stripped for x in following[:2]))
    if m:
        found["attached"] = {"type": m["type"], "num": m["num"], "line": line}
    if "độc" in low and H.MOTTO.match(s):
        found["motto"] = True
    return found


def find_headers(text: str, index: LineIndex | None = None) -> list[Header]:
    lines = lines_of(text, index=index)
    content = [ln for ln in lines if not ln.text.isspace() and ln.text]
    headers: list[Header] = []
    cur: Header | None = None
    last_idx = -10
    may_be = H.may_be_header_piece
    for i, ln in enumerate(content):
        s = ln.text.strip()
        if len(s) > 300:
            continue
        low = s.lower()         # (lowered once for the tests here and in _anchor)
        if not may_be(s, low):
            continue            # (what _anchor would say, without taking the lines after it)
        a = _anchor(ln, content[i + 1:i + 3], s, low)
        if not a:
            continue
        if cur is None or i - last_idx > MAX_GAP or _conflicts(cur, a):
            cur = Header(start=ln.start, end=ln.end)
            headers.append(cur)
            # agency lines right above (upper case, no list marker) belong to the header
            j = i - 1
            while j >= 0 and i - j <= 3 and _agency_like(content[j].stripped) and content[j].end >= (
                    headers[-2].end if len(headers) > 1 else 0):
                cur.start = content[j].start
                cur.lines.insert(0, content[j])
                j -= 1
        cur.lines.append(ln)
        cur.end = ln.end
        if "consumed" in a:
            cur.lines.append(a["consumed"])
            cur.end = a["consumed"].end
        for key, value in a.items():
            if key in ("motto", "consumed"):
                continue
            if key == "number":
                cur.number = value
            elif getattr(cur, key, None) in (None, False):
                setattr(cur, key, value)
        last_idx = i
    return [h for h in headers if h.strong()]


def _conflicts(cur: Header, a: dict) -> bool:
    """A second `Số:` or type line means a new header has begun; so does any type line or Quốc hiệu after the block
    that authenticates a consolidated text at its end (it has none of its own: what follows is an appendix or a form)."""
    return (a.get("has_number_line") and cur.has_number_line) or (
        bool(a.get("type_words") or a.get("appendix")) and bool(cur.type_words or cur.appendix)
        and bool(cur.place_date or cur.has_number_line or cur.attached)) or (
        cur.authentication and bool(a.get("type_words") or a.get("appendix") or a.get("quoc_hieu")))


def _agency_like(s: str) -> bool:
    s = s.strip(" *#\t")
    if not s or H.quoc_hieu_line(s) or H.type_line(s):
        return False
    return bool(H.AGENCY_LINE.match(s) or (H.UPPER_LINE.match(s) and H.TITLE_WORDS.match(s))) and len(s) < 120


def _same_number(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    key = lambda n: match_key(n).replace(" ", "").replace("-", "")
    return key(a) == key(b)


def split_documents(text: str, index: LineIndex | None = None) -> list[Part]:
    """Documents of one file, each with the parts attached to it; text before the first header joins the first.

    After the first document, a header begins another document only when it prints a number or a date of its own and
    is not a part issued with the document (`Kèm theo …`, a Phụ lục, a Kế hoạch). A form to fill in (`Mẫu số 01`,
    `Số: …/QĐ-…`, `…, ngày … tháng … năm …`) is part of the text it stands in, and the block authenticating a
    consolidated text (`Số: 12/VBHN-BTC` / `XÁC THỰC VĂN BẢN HỢP NHẤT`) belongs to the text it closes."""
    headers = find_headers(text, index)
    if not headers:
        return [Part(0, len(text), None)]
    docs: list[Part] = []
    for h in headers:
        current = docs[-1] if docs else None
        if current is None:
            docs.append(Part(h.start, len(text), h))
        elif h.consolidation:
            if current.consolidation is None and not (current.header and current.header.consolidation):
                current.consolidation = h
        elif _is_attachment(h, current):
            current.attachments.append(Part(h.start, len(text), h))
        elif not h.form and (h.numbered or h.place_date):
            docs.append(Part(h.start, len(text), h))
    docs[0].start = 0
    # each part ends where the next begins
    flat = []
    for d in docs:
        flat.append(d)
        flat.extend(d.attachments)
    flat.sort(key=lambda p: p.start)
    for a, b in zip(flat, flat[1:]):
        a.end = b.start
    for d in docs:
        if d.attachments:
            d.end = d.attachments[-1].end
    return docs


def _is_attachment(h: Header, doc: Part) -> bool:
    """A part issued with ``doc``: one whose `Kèm theo` line names it (or a part of it), or a Phụ lục, Kế hoạch …
    without a number of its own; also an appendix or form issued with another text (`Ban hành kèm theo Thông tư số …`
    in a consolidated text) that has neither number nor date of its own."""
    numbers = [doc.header.number if doc.header else None]
    numbers += [a.header.number for a in doc.attachments if a.header]
    if h.attached and any(_same_number(h.attached["num"], n) for n in numbers):
        return True
    if h.numbered:
        return False
    if h.doc_type in ATTACHABLE and (h.attached is not None or h.doc_type == "Phụ lục" or not h.has_number_line):
        return True
    return h.attached is not None and not h.place_date
