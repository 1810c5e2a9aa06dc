"""Find the documents a document cites (guide §2): type, number, ISO date, with every mention's offsets."""
from __future__ import annotations

import regex

from .model import Reference
from .patterns.fold import match_key
from .patterns.dates import iso_date
from .patterns.doctypes import type_from_code, type_from_number, type_name
from .patterns.references import BARE, CONTINUED, DATE_AFTER, NAMED_LAW, NUMBER_START, TYPED, TYPED_REACH


def number_key(number: str | None) -> str:
    return regex.sub(r"[\s\-–]+", "", match_key(number or ""))


def clean_number(raw: str) -> str:
    return regex.sub(r"\s+", "", raw).replace("–", "-").strip(".,;:-/")


def _kind(type_words: str | None, number: str) -> str | None:
    from_number = type_from_number(number)
    if not type_words:
        return from_number
    key = match_key(type_words)
    if key in ("văn bản", "văn bản thông báo", "công văn", "cv"):
        return "Công văn" if from_number in (None, "Công văn") else from_number
    if type_words.isupper() and len(type_words) <= 3:
        return type_from_code(type_words) or from_number
    return type_name(" ".join(type_words.split())) or from_number


def _date_after(text: str, pos: int) -> tuple[str | None, int]:
    """The date written right after a number, and where it ends."""
    m = DATE_AFTER.match(text, pos, pos + 60)
    if not m:
        return None, pos
    if m["y"]:
        return iso_date(m["y"], m["m"], m["d"]), m.end()
    return iso_date(m["y2"], m["m2"], m["d2"]), m.end()


def _typed(text: str, start: int, end: int):
    """The matches of TYPED in text[start:end], as its finditer gives them, but scanned only within reach of a
    number (the engine tests the many type words at every position otherwise). A citation ends well within
    2 × TYPED_REACH of where its number begins."""
    done = start
    windows: list[list[int]] = []
    for m in NUMBER_START.finditer(text, start, end):
        ws, we = max(start, m.start() - TYPED_REACH), m.start() + 1
        if windows and ws <= windows[-1][1]:
            windows[-1][1] = we
        else:
            windows.append([ws, we])
    for ws, we in windows:
        for m in TYPED.finditer(text, max(ws, done), min(end, we + 2 * TYPED_REACH), timeout=5):
            if m.start() >= we:
                break
            done = m.end()
            yield m


def find_references(text: str, start: int = 0, end: int | None = None, exclude: set[str] = frozenset()) -> list[Reference]:
    """References cited in text[start:end], one per document (first mention), dates filled from any mention.

    ``text`` should be tone-folded (``Text.folded``) so `Nghị quyết`/`Nghị Quyết` and old tone marks match alike.
    ``exclude`` holds number keys of the document itself and of the document it is attached to.
    """
    end = len(text) if end is None else end
    found: list[Reference] = []
    taken: list[tuple[int, int]] = []
    for m in _typed(text, start, end):
        number = clean_number(m["number"])
        if "/" not in number and not regex.search(r"-[\p{Lu}Đ]", number):
            continue
        kind = _kind(m["type"], number)
        date, pos = _date_after(text, m.end())
        found.append(Reference(kind, number, date, text[m.start():m.end()], m.start(), m.end()))
        taken.append((m.start("number"), m.end()))
        while (c := CONTINUED.match(text, pos, end)) and "/" in c["number"]:
            number = clean_number(c["number"])
            date, pos = _date_after(text, c.end())
            found.append(Reference(_kind(m["type"], number), number, date, c["number"], c.start("number"), c.end()))
            taken.append((c.start("number"), c.end()))
    for m in NAMED_LAW.finditer(text, start, end, timeout=5):
        if any(s <= m.start("number") < e for s, e in taken):
            continue
        number = clean_number(m["number"])
        date, _ = _date_after(text, m.end())
        kind = "Bộ luật" if m["type"].lower().startswith("bộ") else type_name(" ".join(m["type"].split())) or "Luật"
        found.append(Reference(kind, number, date, m.group(), m.start(), m.end()))
        taken.append((m.start("number"), m.end()))
    for m in BARE.finditer(text, start, end, timeout=5):
        if any(s <= m.start() < e for s, e in taken):
            continue
        number = clean_number(m["number"])
        found.append(Reference(type_from_number(number), number, _date_after(text, m.end())[0], m.group(), m.start(), m.end()))
    found.sort(key=lambda r: r.start)
    merged: dict[tuple[str, str], Reference] = {}
    for ref in found:
        key = number_key(ref.number)
        if key in exclude:
            continue
        k = (ref.type or "", key)
        if k in merged:
            if merged[k].date is None and ref.date:
                merged[k].date = ref.date
            continue
        merged[k] = ref
    return list(merged.values())
