"""Read each document's metadata from its header and signature block: number, type, issuer, date, place, title, signer, attached_to."""
from __future__ import annotations

import itertools
from bisect import bisect_left
from operator import attrgetter
from typing import Final

import regex

from .agencies import canonical_agency, find_agencies
from .lines import Line, LineIndex, fold_ws, lines_of
from .model import Document
from .patterns import header as H
from .patterns.agencies import agency_for_code
from .patterns.dates import find_dates, iso_date
from .patterns.doctypes import type_from_header, type_from_number
from .patterns.fold import match_key
from .patterns.markers import match_marker
from .split import Header, Part

_PROPER: Final = ["Chính phủ", "Thủ tướng", "Quốc hội", "Nhà nước", "Việt Nam", "Đảng", "Trung ương", "Ban Bí thư",
           "Bộ Chính trị", "Hà Nội"]
_PROPER_RE: Final = regex.compile("|".join(regex.escape(p.lower()) for p in _PROPER))


def sentence_case(s: str) -> str:
    """`NHIỆM VỤ, CHỈ TIÊU ĐƯỢC CHÍNH PHỦ GIAO` → `Nhiệm vụ, chỉ tiêu được Chính phủ giao` (only for all-capital text)."""
    if not H.UPPER_LINE.match(s):
        return s[:1].upper() + s[1:]
    low = s.lower()
    low = _PROPER_RE.sub(lambda m: next(p for p in _PROPER if p.lower() == m.group()), low)
    low = _agency_case(low)
    return low[:1].upper() + low[1:]


def _agency_case(low: str) -> str:
    """Names of bodies and places get their capitals back (`ủy ban nhân dân tỉnh bình thuận` →
    `Ủy ban nhân dân tỉnh Bình Thuận`) from the agency gazetteer."""
    out = low
    for m in reversed(find_agencies(low)):
        name = m.name
        written = out[m.start:m.end]
        if match_key(written) == match_key(name):
            out = out[:m.start] + name + out[m.end:]
        elif match_key(name).endswith(match_key(written)):
            # `tỉnh bình thuận` inside a longer name: take the name's own spelling of those words
            out = out[:m.start] + name[len(name) - len(written):] + out[m.end:]
    return out


def canonical_agency_name(line: str) -> str | None:
    """An issuer line (`BỘ NỘI VỤ`, `THỦ TƯỚNG CHÍNH PHỦ`) as its canonical name."""
    s = fold_ws(line.strip(" *#\t,-–"))
    if not s:
        return None
    return canonical_agency(s) or _title_case_agency(s)


def _title_case_agency(s: str) -> str:
    words = s.lower().split()
    out = []
    cap_next = True
    cap_rest = False
    for w in words:
        out.append(w[:1].upper() + w[1:] if (cap_next or cap_rest) else w)
        cap_next = w in ("bộ", "sở", "cục", "vụ", "ban", "tổng")
        if w in ("tỉnh", "phố"):
            cap_rest = True
    text = " ".join(out)
    return _PROPER_RE.sub(lambda m: next(p for p in _PROPER if p.lower() == m.group()), text)


def _clean_number(num: str | None) -> str | None:
    if not num:
        return None
    num = regex.sub(r"\s+", "", num).strip(".,;:")
    return num if regex.match(r"^\d", num) else None


def _issuer_from_code(number: str | None) -> str | None:
    """`240/QĐ-TTg` → Thủ tướng Chính phủ; `1250/VPCP-KSTT` → Văn phòng Chính phủ; `979/QĐ-BNV` → Bộ Nội vụ."""
    if not number:
        return None
    last = number.split("/")[-1]
    parts = last.split("-")
    if len(parts) >= 2 and type_from_number(number) not in (None, "Công văn"):
        code = parts[1]
    else:
        code = parts[0]
    return agency_for_code(code)


def _title_after(lines: list[Line], i: int, stop_at: int) -> tuple[str | None, int]:
    """The title lines after line i (the type line): up to a blank line, an authority line or the body."""
    out: list[str] = []
    j = i + 1
    while j < len(lines) and lines[j].blank and lines[j].start < stop_at:
        j += 1
    while j < len(lines) and lines[j].start < stop_at:
        s = lines[j].stripped.strip("*# ")
        if out and H.UPPER_LINE.match(out[0]) and s and not H.UPPER_LINE.match(s):
            break   # a title in capitals ends where the text in sentence case begins
        if not s or H.attached_line(s) or s.startswith(("(Kèm", "Kèm theo", "(kèm", "Căn cứ", "Kính gửi")) \
                or H.RULE_LINE.match(s) or (out and _authority(s)) or H.quoc_hieu_line(s) or _opens_body(s):
            break
        out.append(s)
        j += 1
    return (fold_ws(" ".join(out)) or None), j


def _opens_body(s: str) -> bool:
    """A heading or numbered item (`Điều 1.`, `Chương I`, `I.`, `1.`): the body has begun, the title is over."""
    marker = match_marker(s)
    return bool(marker) and marker[0] in BODY_MARKERS


def _authority(s: str) -> bool:
    s = s.strip(" *#\t")
    if H.has_ascii_lower(s):
        return False   # (UPPER_LINE refuses it)
    if H.PLACE_TAIL.match(s):
        return False   # `TỈNH KIÊN GIANG` ending a title in capitals, not an authority line
    return bool(H.UPPER_LINE.match(s) and (H.AGENCY_LINE.match(s) or H.TITLE_WORDS.match(s))
                and "," not in s)


BODY_MARKERS: Final = {"part", "chapter", "mục", "article", "roman", "number"}
HEADER_REACH: Final = 3  # lines after a header (and its title) where a letter may still print its V/v or addressees


def read_metadata(text: str, part: Part, doc: Document, index: LineIndex | None = None) -> None:
    """Fill ``doc`` from the header of ``part`` (and its signature block) in ``text`` (``index``: its lines)."""
    h = part.header
    main_end = part.attachments[0].start if part.attachments else part.end
    lines = lines_of(text, part.start, part.end, index)
    if h is None:
        _headerless(lines, doc)
        return
    doc.number = _clean_number(h.number)
    doc.type = h.doc_type
    if not doc.type and h.type_words:
        doc.type = type_from_header(h.type_words)
    if h.attached and doc.type in ("Phụ lục", "Kế hoạch", "Đề án", "Chương trình", "Quy chế", "Quy định"):
        doc.attached_to = _clean_number(h.attached["num"])
    # issuer: the agency lines of the header, else the number's agency code, else the authority line, else `của X`
    issuer_line = _issuer_line(h)
    if issuer_line:
        doc.issuer = canonical_agency_name(issuer_line)
    # place and date
    if h.place_date:
        doc.place, doc.issued_date = _place_date(h.place_date)
    elif h.attached:
        tail = text[h.attached["line"].start:h.attached["line"].end + 200]
        dates = find_dates(tail[:tail.find(")") + 1 if ")" in tail else len(tail)])
        if dates:
            doc.issued_date = dates[0][2]
    # title
    body_start = h.end
    subject = next((ln for ln in _near(lines, h.start, h.end, main_end) if H.SUBJECT_LINE.match(ln.stripped)), None)
    if h.type_line is not None:
        idx = next(k for k, ln in enumerate(lines) if ln.start == h.type_line.start)
        doc.title, j = _title_after(lines, idx, main_end)
        if j < len(lines):
            body_start = max(body_start, lines[j].start)
    else:
        # a text layer that put the header block after the type line and title: they open the part
        first = next((k for k, ln in enumerate(lines[:12]) if ln.start < h.start and H.type_line(ln.stripped)), None)
        if first is not None:
            doc.type = doc.type or type_from_header(H.type_line(lines[first].stripped))   # type: ignore[arg-type]
            doc.title, _ = _title_after(lines, first, h.start)
    if subject is not None and (doc.title is None or h.type_line is None):
        doc.title, end = _subject(lines, subject)
        doc.type = doc.type or "Công văn"
        body_start = max(body_start, end)
    if doc.title:
        doc.title = sentence_case(doc.title.rstrip(" ."))
    if not doc.type:
        doc.type = type_from_number(doc.number)
    if not doc.issuer:
        doc.issuer = _issuer_from_code(doc.number)
    if not doc.issuer:
        for ln in lines:
            if ln.start >= main_end:
                break
            s = ln.stripped.strip("*# ")
            if _authority(s) and H.TITLE_WORDS.match(s) and not H.SIGN_PREFIX.match(s):
                rest = regex.sub(r"^(?:PHÓ\s+)?(?:BỘ\s+TRƯỞNG|CHỦ\s+TỊCH|CHỦ\s+NHIỆM|GIÁM\s+ĐỐC|TỔNG\s+GIÁM\s+ĐỐC)\s+", "", s)
                if rest != s:
                    doc.issuer = canonical_agency_name(rest)
                    break
    if not doc.issuer and h.attached:
        m = regex.search(r"\bcủa\s+([^)\n]+?)\s*\)", text[h.attached["line"].start:h.attached["line"].end + 200])
        if m:
            doc.issuer = canonical_agency_name(m.group(1))
    if not doc.issuer and doc.attached_to:
        doc.issuer = _issuer_from_code(doc.attached_to)   # a part is issued by who issued the text it comes with
    if not doc.issued_date and not h.place_date and not h.attached:
        # a law or resolution without a place-and-date line: the day it was adopted (`… thông qua ngày …`), at its end
        adopted = list(H.ADOPTED.finditer(text, max(body_start, main_end - 6000), main_end))
        if adopted:
            m = adopted[-1]
            doc.issued_date = iso_date(m["y"], m["m"], m["d"])
    # addressees of a letter: the `Kính gửi` of its header, not that of a form further on
    for ln in _near(lines, h.start, body_start, main_end):
        m = H.ADDRESSEE.match(ln.stripped)
        if m:
            doc.addressees, end = _addressees(lines, lines.index(ln), m["rest"])
            body_start = max(body_start, end)
            break
    doc.body_start = body_start
    # the main part's lines (the lines come in order of their starts), blank ones left out
    main = lines[:bisect_left(lines, main_end, key=attrgetter("start"))]
    _signature([ln for ln in main if ln.text and not ln.text.isspace()], doc)
    _consolidated(text, part, lines, doc)


def _near(lines: list[Line], start: int, end: int, stop: int) -> list[Line]:
    """The lines of a header, from ``start`` to ``end``, and the few after it where a letter may still print its V/v
    or addressees (rule lines aside): a form's `V/v` or `Kính gửi` further on is not the document's."""
    # the lines come in order: the ranges are found by bisection, and the lines after read only up to the few kept
    at = attrgetter("start")
    inside = lines[bisect_left(lines, start, key=at):bisect_left(lines, min(end, stop), key=at)]
    after: list[Line] = []
    for ln in itertools.islice(lines, bisect_left(lines, end, key=at), None):
        if ln.start >= stop or len(after) == HEADER_REACH:
            break
        if not ln.blank and not H.RULE_LINE.match(ln.stripped):
            after.append(ln)
    return inside + after


def _subject(lines: list[Line], subject: Line) -> tuple[str, int]:
    """A letter's `V/v …` without the `V/v`, with the lines it wraps onto (they begin in lower case: `V/v triển khai
    Nghị quyết số 01/NQ-CP` / `năm 2025 của Chính phủ`), and where it ends."""
    words, end = [H.SUBJECT_LINE.match(subject.stripped)["title"].strip()], subject.end
    k = next(i for i, ln in enumerate(lines) if ln.start == subject.start) + 1
    while k < len(lines) and H.SUBJECT_TAIL.match(lines[k].stripped) and not H.PLACE_DATE.match(lines[k].stripped):
        words.append(lines[k].stripped)
        end = lines[k].end
        k += 1
    return fold_ws(" ".join(words)), end


def _place_date(line: Line) -> tuple[str | None, str | None]:
    m = H.PLACE_DATE.match(line.stripped)
    return (fold_ws(m["place"]) if m["place"] else None), iso_date(m["y"], m["m"], m["d"] if m["m"] else None)


# a local council or committee whose place stands on the next header line
_LOCAL_COUNCIL: Final = regex.compile(r"(?:HỘI\s+ĐỒNG|ỦY\s+BAN|UỶ\s+BAN)\s+NHÂN\s+DÂN$", regex.I)
_PLACE_LINE: Final = regex.compile(r"(?:TỈNH|THÀNH\s+PHỐ|HUYỆN|QUẬN|THỊ\s+XÃ|XÃ|PHƯỜNG|THỊ\s+TRẤN)\s+\S", regex.I)


def _issuer_line(h: Header) -> str | None:
    """The last agency line of a header above its type line or date, with the line that ends its name when the name is
    cut in two (`BỘ LAO ĐỘNG - THƯƠNG BINH` / `VÀ XÃ HỘI`)."""
    found = None
    for k, ln in enumerate(h.lines):
        s = ln.stripped.strip("*# ")
        q = H.quoc_hieu_line(s)
        if q and q.start() > 0:
            s = s[:q.start()].strip(" *")
        elif q:
            continue
        if _agency_like_line(s):
            nxt = h.lines[k + 1].stripped.strip("*# ") if k + 1 < len(h.lines) else ""
            if found and _LOCAL_COUNCIL.search(found) and _PLACE_LINE.match(s):
                found = found + " " + s     # `HỘI ĐỒNG NHÂN DÂN` / `TỈNH NGHỆ AN`: the council of that province
                continue
            found = s + " " + nxt if H.NAME_TAIL.match(nxt) else s
            if s.endswith(("-", "–")):
                # issuers of a joint text, one a line joined by dashes: the first leads
                return s.rstrip(" -–")
        if ln is h.type_line or (h.place_date and ln.start >= h.place_date.start):
            break
    return found


def _consolidated(text: str, part: Part, lines: list[Line], doc: Document) -> None:
    """A consolidated text (văn bản hợp nhất) is a document of its own kind: its number, date, issuer and signer are
    those of the block that authenticates it (`Số: 12/VBHN-BTC` / `XÁC THỰC VĂN BẢN HỢP NHẤT`), not those of the text
    it consolidates, whose header it may reproduce. Without that block (a text cut over gazette issues) it is known
    by the gazette's heading (`VĂN BẢN HỢP NHẤT - BỘ Y TẾ`) or by its opening (`… được sửa đổi, bổ sung bởi:`)."""
    h = part.header
    assert h is not None   # (a consolidated text is told by its header)
    seal = part.consolidation or (h if h.consolidation else None)
    heading = None
    for k, ln in enumerate(lines[:40]):
        if h.type_line is not None and ln.start >= h.type_line.start:
            break
        m = H.CONSOLIDATED_HEADING.match(ln.stripped)
        if m:
            heading = m["agency"] or next((x.stripped for x in lines[k + 1:k + 3] if x.stripped), "")
            break
    main_end = part.attachments[0].start if part.attachments else part.end
    opening = h.type_line.start if h.type_line is not None else doc.body_start
    intro = H.CONSOLIDATED_INTRO.search(text, opening, min(main_end, opening + 2500))
    if not (seal or heading is not None or intro):
        return
    doc.type = "Văn bản hợp nhất"
    if doc.title and intro:
        # a title the text layer ran into the opening that follows it (`… Nghị định số 61/2020/NĐ-CP ngày …`)
        cut = H.CITATION_START.search(doc.title, 1)
        doc.title = doc.title[:cut.start()].rstrip(" ,.;") if cut else doc.title
    if seal is h:
        return
    doc.number = _clean_number(seal.number) if seal else None
    doc.place, doc.issued_date = _place_date(seal.place_date) if seal and seal.place_date else (None, None)
    issuer_line = _issuer_line(seal) if seal else heading
    doc.issuer = (canonical_agency_name(issuer_line) if issuer_line else None) or _issuer_from_code(doc.number)
    if seal:
        doc.signer = doc.signer_title = None
        after = [ln for ln in lines_of(text, seal.start, min(part.end, seal.end + 400)) if not ln.blank]
        _signature(after, doc)


def _agency_like_line(s: str) -> bool:
    return bool(s) and bool(H.UPPER_LINE.match(s)) and bool(H.AGENCY_LINE.match(s)) and not H.type_line(s)


def _addressees(lines: list[Line], k: int, rest: str) -> tuple[list[str], int]:
    out = [rest.strip(" -;.")] if rest.strip(" -;.") else []
    end = lines[k].end
    for ln in lines[k + 1:]:
        s = ln.stripped
        if not s:
            if out:
                break
            continue
        if not s.startswith(("-", "+", "•")) and out:
            break
        out.append(s.strip(" -+•;."))
        end = ln.end
    return [o for o in out if o], end


def _signature(main: list[Line], doc: Document) -> None:
    """The signer: the first person's name printed under authority lines (`KT. THỦ TƯỚNG` / `PHÓ THỦ TƯỚNG`), whose
    lines are the signer's title (forms further on print titles but no name); else the last name near the end."""
    fallback = None
    for k, ln in enumerate(main):
        s = ln.text.strip().strip("* ")
        if not H.is_person_name(s) or _names_a_body(s):
            continue   # `Hà Nội`, `Hà Giang`: a family name first, but a place
        titles = _titles_above(main, k)
        if titles:
            doc.signer, doc.signer_title = fold_ws(s), " / ".join(titles)
            return
        if k >= len(main) - 40:
            fallback = s
    if fallback:
        doc.signer = fold_ws(fallback)


def _titles_above(main: list[Line], k: int) -> list[str]:
    titles: list[str] = []
    j = k - 1
    while j >= 0 and len(titles) < 4:
        t = main[j].stripped.strip("* ")
        if t in ("[", "]", "(Đã ký)", "(đã ký)", "(Đã ký và đóng dấu)") or H.RULE_LINE.match(t):
            j -= 1
            continue
        if H.UPPER_LINE.match(t) and (H.SIGN_PREFIX.match(t) or H.TITLE_WORDS.match(t)) and len(t) < 80:
            titles.insert(0, fold_ws(t))
            j -= 1
            continue
        break
    return titles


def _names_a_body(s: str) -> bool:
    return canonical_agency(s) is not None


def _headerless(lines: list[Line], doc: Document) -> None:
    """A file without a document header: an untitled document; a slide deck (`Người trình bày:`) is a Tài liệu."""
    # only the first lines are read (a presenter among the first 15 and the 3 after it): a long file is not scanned
    content = list(itertools.islice((ln for ln in lines if not ln.blank), 18))
    if not content:
        return
    first = content[0].stripped.strip("*# ")
    if len(first) < 250:
        doc.title = sentence_case(fold_ws(first))
    for k, ln in enumerate(content[:15]):
        if H.PRESENTER.match(ln.stripped.strip("* ")):
            doc.type = "Tài liệu"
            # the presenter's affiliation: the last agency named in the next lines
            block = " ".join(x.stripped.strip("* ") for x in content[k:k + 4])
            found = [a for a in find_agencies(block) if a.kind not in ("collective",)]
            if found:
                doc.issuer = found[-1].name
            break
    doc.body_start = content[0].end
