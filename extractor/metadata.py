"""Read each document's metadata from its header and signature block: number, type, issuer, date, place, title, signer, attached_to."""
from __future__ import annotations

import itertools

import regex

from .lines import Line, fold_ws, split_lines
from .model import Document
from .patterns import header as H
from .patterns.dates import find_dates, iso_date
from .patterns.doctypes import type_from_header, type_from_number
from .split import Part

_PROPER = ["Chính phủ", "Thủ tướng", "Quốc hội", "Nhà nước", "Việt Nam", "Đảng", "Trung ương", "Ban Bí thư",
           "Bộ Chính trị", "Hà Nội"]
_PROPER_RE = regex.compile("|".join(regex.escape(p.lower()) for p in _PROPER))


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
    try:
        from .agencies import find_agencies
    except ImportError:
        return low
    from .patterns.fold import match_key

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
    s = fold_ws(line.strip(" *#\t,"))
    if not s:
        return None
    try:
        from .agencies import canonical_agency
    except ImportError:  # the gazetteer is optional for metadata
        canonical_agency = None
    if canonical_agency:
        found = canonical_agency(s)
        if found:
            return found
    return _title_case_agency(s)


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
    try:
        from .patterns.agencies import agency_for_code
    except ImportError:
        return {"TTg": "Thủ tướng Chính phủ", "CP": "Chính phủ", "VPCP": "Văn phòng Chính phủ"}.get(code)
    return agency_for_code(code)


def _title_after(lines: list[Line], i: int, stop_at: int) -> tuple[str | None, int]:
    """The title lines after line i (the type line): up to a blank line, an authority line or the body."""
    out, j = [], i + 1
    while j < len(lines) and lines[j].blank and lines[j].start < stop_at:
        j += 1
    while j < len(lines) and lines[j].start < stop_at:
        s = lines[j].stripped.strip("*# ")
        if out and H.UPPER_LINE.match(out[0]) and s and not H.UPPER_LINE.match(s):
            break   # a title in capitals ends where the text in sentence case begins
        if not s or H.ATTACHED.search(s) or s.startswith(("(Kèm", "Kèm theo", "(kèm", "Căn cứ", "Kính gửi")) \
                or H.RULE_LINE.match(s) or (out and _authority(s)) or H.QUOC_HIEU.search(s):
            break
        out.append(s)
        j += 1
    return (fold_ws(" ".join(out)) or None), j


def _authority(s: str) -> bool:
    s = s.strip(" *#\t")
    if H.PLACE_TAIL.match(s):
        return False   # `TỈNH KIÊN GIANG` ending a title in capitals, not an authority line
    return bool(H.UPPER_LINE.match(s) and (H.AGENCY_LINE.match(s) or H.TITLE_WORDS.match(s))
                and "," not in s)


def read_metadata(text: str, part: Part, doc: Document) -> None:
    """Fill ``doc`` from the header of ``part`` (and its signature block) in ``text``."""
    h = part.header
    main_end = part.attachments[0].start if part.attachments else part.end
    lines = split_lines(text, part.start, part.end)
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
    issuer_line = None
    for ln in h.lines:
        s = ln.stripped.strip("*# ")
        q = H.QUOC_HIEU.search(s)
        if q and q.start() > 0:
            s = s[:q.start()].strip(" *")
        elif q:
            continue
        if _agency_like_line(s):
            issuer_line = s
        if ln is h.type_line or (h.place_date and ln.start >= h.place_date.start):
            break
    if issuer_line:
        doc.issuer = canonical_agency_name(issuer_line)
    # place and date
    if h.place_date:
        m = H.PLACE_DATE.match(h.place_date.stripped)
        doc.place = fold_ws(m["place"]) if m["place"] else None
        doc.issued_date = iso_date(m["y"], m["m"], m["d"] if m["m"] else None)
    elif h.attached:
        tail = text[h.attached["line"].start:h.attached["line"].end + 200]
        dates = find_dates(tail[:tail.find(")") + 1 if ")" in tail else len(tail)])
        if dates:
            doc.issued_date = dates[0][2]
    # title
    body_start = h.end
    subject = next((ln for ln in lines if ln.start < main_end and H.SUBJECT_LINE.match(ln.stripped)), None)
    if h.type_line is not None:
        idx = next(k for k, ln in enumerate(lines) if ln.start == h.type_line.start)
        doc.title, j = _title_after(lines, idx, main_end)
        if j < len(lines):
            body_start = max(body_start, lines[j].start)
    if subject is not None and (doc.title is None or h.type_line is None):
        doc.title = H.SUBJECT_LINE.match(subject.stripped)["title"].strip()
        doc.type = doc.type or "Công văn"
        body_start = max(body_start, subject.end)
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
    # addressees of a letter
    for k, ln in enumerate(lines):
        if ln.start >= main_end:
            break
        m = H.ADDRESSEE.match(ln.stripped)
        if m:
            doc.addressees, end = _addressees(lines, k, m["rest"])
            body_start = max(body_start, end)
            break
    doc.body_start = body_start
    _signature(lines, main_end, doc)


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


def _signature(lines: list[Line], main_end: int, doc: Document) -> None:
    """The signer is the last person's name of the main part; the authority lines right above it are their title."""
    main = [ln for ln in lines if ln.start < main_end and not ln.blank]
    for k in range(len(main) - 1, max(-1, len(main) - 40), -1):
        s = main[k].stripped.strip("* ")
        if not H.is_person_name(s) or _names_a_body(s):
            continue   # `Hà Nội`, `Hà Giang`: a family name first, but a place
        doc.signer = fold_ws(s)
        titles = []
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
        doc.signer_title = " / ".join(titles) or None
        return


def _names_a_body(s: str) -> bool:
    try:
        from .agencies import canonical_agency
    except ImportError:
        return False
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
            try:
                from .agencies import find_agencies
                found = [a for a in find_agencies(block) if a.kind not in ("collective",)]
                if found:
                    doc.issuer = found[-1].name
            except ImportError:
                pass
            break
    doc.body_start = content[0].end
