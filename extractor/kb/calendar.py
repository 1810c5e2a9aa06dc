"""Deadlines of open tasks as an iCalendar file (.ics): one all-day event per task, for Outlook and Google Calendar."""
from __future__ import annotations

import calendar as _cal
import datetime as dt
import re

UID_DOMAIN = "tasks.extractor.local"   # an event's UID: <task id>@UID_DOMAIN, the same in every export
PRODID = "-//extractor//Thoi han nhiem vu//VI"
NAME = "Thời hạn nhiệm vụ"
SUMMARY_CHARS = 120
_DEADLINE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def deadline_date(value: str | None) -> dt.date | None:
    """The day an event goes on for a deadline: a full date is that day; a year (`2025`) or a month (`2025-06`)
    alone is the last day of that period (2025-12-31, 2025-06-30), as the extraction guide reads `trong năm 2025`
    and `tháng 6/2025`; anything else None."""
    m = _DEADLINE.fullmatch((value or "").strip()[:10])
    if not m:
        return None
    year, month, day = int(m[1]), m[2] and int(m[2]), m[3] and int(m[3])
    try:
        if day:
            return dt.date(year, month, day)
        if month:
            return dt.date(year, month, _cal.monthrange(year, month)[1])
        return dt.date(year, 12, 31)
    except ValueError:
        return None


def shorten(text: str, n: int = SUMMARY_CHARS) -> str:
    """``text`` on one line, at most ``n`` characters: cut at the last word that fits, with `…` (view.cut)."""
    from ..view import cut

    return cut(text, n - 1)


def _list(value) -> list[str]:
    if isinstance(value, list):
        return value
    return [x for x in (value or "").split("; ") if x] if isinstance(value, str) else []


def _name(kb, agency: str | None, role: str | None) -> str:
    """The calendar's name: `Thời hạn nhiệm vụ`, with the agency's canonical name and role when filtered."""
    if not agency:
        return NAME
    from .search import agency_keys

    row = kb.conn.execute("SELECT canonical FROM agencies WHERE key = ? OR plain = ? ORDER BY canonical LIMIT 1",
                          agency_keys(agency)).fetchone()
    who = row[0] if row else agency
    return f"{NAME} — {who}" + {"lead": " (chủ trì)", "coordinating": " (phối hợp)"}.get(role or "", "")


def description(r: dict, day: dt.date) -> str:
    """An event's text: the document (number, title), lead and coordinating agencies, the deadline as written, the
    section, the task in full."""
    from ..view import vn_date

    doc = " ".join(x for x in (r.get("doc_type"), r.get("doc_number") or "(không số)") if x)
    if len(r.get("doc_date") or "") == 10:
        doc += f" ngày {vn_date(r['doc_date'])}"
    lines = [f"Văn bản: {doc}"]
    if r.get("doc_title"):
        lines.append(f"Trích yếu: {r['doc_title']}")
    lines.append(f"Chủ trì: {', '.join(_list(r.get('lead'))) or '(chưa rõ)'}")
    if _list(r.get("coordinating")):
        lines.append(f"Phối hợp: {', '.join(_list(r['coordinating']))}")
    when = vn_date(day.isoformat())
    if r.get("deadline_text"):
        when += f" ({' '.join(str(r['deadline_text']).split())})"
    lines.append(f"Thời hạn: {when}")
    if r.get("recurrence"):
        lines.append(f"Định kỳ: {r['recurrence']}")
    if r.get("section"):
        lines.append(f"Mục: {r['section']}")
    lines += ["", "Nhiệm vụ:", " ".join((r.get("text") or "").split())]
    return "\n".join(lines)


def events(kb, agency: str | None = None, role: str | None = None, **filters) -> list[tuple[dt.date, dict]]:
    """(day, task row) of every open task with a deadline, filtered as `extractor tasks`, by day then document order."""
    df = kb.tasks(state="open", agency=agency, role=role, **filters)
    df = df[df["deadline"].notna()]
    rows = df.astype(object).where(df.notna(), None).to_dict("records")
    if rows:  # the documents' titles, for the descriptions
        ids = sorted({r["doc_id"] for r in rows})
        titles: dict[str, str] = {}
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            titles.update(kb.conn.execute(f"SELECT id, title FROM documents WHERE id IN ({', '.join('?' * len(part))})",
                                          part).fetchall())
        for r in rows:
            r["doc_title"] = titles.get(r["doc_id"])
    out = [(day, r) for r in rows if (day := deadline_date(r["deadline"])) is not None]
    out.sort(key=lambda e: e[0])  # (stable: document order within a day)
    return out


def calendar(kb, agency: str | None = None, role: str | None = None, base_url: str | None = None,
             now: dt.datetime | None = None, **filters):
    """An icalendar.Calendar of the open tasks' deadlines (see `events`); ``base_url`` (http://host:8000): each
    event links to the task on its document's page in the web UI."""
    from icalendar import Calendar, Event

    stamp = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(microsecond=0)
    name = _name(kb, agency, role)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-caldesc", "Thời hạn các nhiệm vụ chưa hoàn thành trong văn bản chỉ đạo")
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    base = (base_url or "").rstrip("/")
    for day, r in events(kb, agency=agency, role=role, **filters):
        ev = Event()
        ev.add("uid", f"{r['id']}@{UID_DOMAIN}")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", day)
        ev.add("dtend", day + dt.timedelta(days=1))   # all-day: the end is exclusive
        ev.add("summary", shorten(r.get("text") or ""))
        ev.add("description", description(r, day))
        if r.get("doc_number") or r.get("doc_type"):
            ev.add("categories", [" ".join(x for x in (r.get("doc_type"), r.get("doc_number")) if x)])
        if base:
            ev.add("url", f"{base}/view/documents/{r['doc_id']}#t-{r['id']}")
        ev.add("transp", "TRANSPARENT")               # a deadline does not make anyone busy
        ev.add("x-microsoft-cdo-alldayevent", "TRUE")
        cal.add_component(ev)
    return cal


def to_ics(kb, **kw) -> bytes:
    """The calendar (``calendar``'s arguments) as the bytes of an .ics file (UTF-8, CRLF, lines folded at 75 octets)."""
    return calendar(kb, **kw).to_ical()
