"""Deadlines as iCalendar: one all-day event per open task with a deadline, dates of year- and month-only deadlines,
stable UIDs, Vietnamese names and descriptions; `extractor calendar` and GET /calendar.ics."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

icalendar = pytest.importorskip("icalendar")

from extractor.kb import KnowledgeBase  # noqa: E402
from extractor.kb.calendar import UID_DOMAIN, calendar, deadline_date, shorten, to_ics  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
NOW = dt.datetime(2025, 6, 1, 8, 30, tzinfo=dt.timezone.utc)


@pytest.fixture
def out(kb_copy):
    """A build of the bundled corpus of this test's own (conftest: built once per session)."""
    return kb_copy


def _one(kb: KnowledgeBase, doc: str, deadline_text: str, lead: str) -> dict:
    df = kb.tasks(doc=doc)
    rows = df[(df["deadline_text"] == deadline_text) & (df["lead"] == lead)].to_dict("records")
    assert len(rows) == 1, rows
    return rows[0]


def _events(data: bytes) -> dict[str, "icalendar.Event"]:
    cal = icalendar.Calendar.from_ical(data)
    events = cal.walk("VEVENT")
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids))
    return dict(zip(uids, events))


def _open_with_deadline(kb: KnowledgeBase, **filters) -> set[str]:
    df = kb.tasks(**filters)
    return set(df[(df["state"] == "open") & df["deadline"].notna()]["id"])


def test_deadline_dates():
    assert deadline_date("2025-06-30") == dt.date(2025, 6, 30)
    assert deadline_date("2025") == dt.date(2025, 12, 31)       # a year alone: its last day
    assert deadline_date("2025-06") == dt.date(2025, 6, 30)     # a month alone: its last day
    assert deadline_date("2024-02") == dt.date(2024, 2, 29)
    assert deadline_date("2025-02") == dt.date(2025, 2, 28)
    for bad in (None, "", "Quý II/2025", "2025-13", "2025-02-30", "25-06-30"):
        assert deadline_date(bad) is None, bad


def test_summary_is_cut_at_a_word_boundary():
    text = ("Bộ Công an chủ trì, phối hợp với Bộ Nội vụ, Văn phòng Chính phủ và các bộ, cơ quan liên quan nghiên cứu "
            "và tổ chức triển khai việc sử dụng VNNeID để xác thực định danh tổ chức, cá nhân")
    short = shorten(text, 60)
    assert short == "Bộ Công an chủ trì, phối hợp với Bộ Nội vụ, Văn phòng Chính…"
    assert shorten("Rà soát  văn bản\n pháp luật", 60) == "Rà soát văn bản pháp luật"


def test_one_event_per_open_task_with_a_deadline(out):
    kb = KnowledgeBase(out)
    year_only = _one(kb, "175/NQ-CP", "Trong năm 2024", "Bộ Thông tin và Truyền thông")
    full_date = _one(kb, "240/QĐ-TTg", "trước ngày 10 tháng 12 năm 2025", "Ủy ban nhân dân thành phố Hà Nội; "
                     "Ủy ban nhân dân Thành phố Hồ Chí Minh; Ủy ban nhân dân tỉnh Quảng Ninh; Ủy ban nhân dân tỉnh "
                     "Bình Dương; Ủy ban nhân dân tỉnh Bắc Ninh")
    done = _one(kb, "240/QĐ-TTg", "hoàn thành trong tháng 6 năm 2025", "Bộ Công an")
    dated = _open_with_deadline(kb)
    kb.set_status(done["id"], "done", by="An")
    kb.set_status(year_only["id"], "cancelled")
    kb.set_status(year_only["id"], "open")                  # reopened: in the calendar again
    expected = _open_with_deadline(kb)
    assert expected == dated - {done["id"]}

    data = to_ics(kb, base_url="http://tracker.example:8000/", now=NOW)
    events = _events(data)
    assert set(events) == {f"{i}@{UID_DOMAIN}" for i in expected}
    assert f"{done['id']}@{UID_DOMAIN}" not in events

    ev = events[f"{year_only['id']}@{UID_DOMAIN}"]
    start, end = ev.decoded("DTSTART"), ev.decoded("DTEND")
    assert type(start) is dt.date and start == dt.date(2024, 12, 31) and end == dt.date(2025, 1, 1)   # all day
    assert ev.decoded("DTSTAMP") == NOW
    desc = str(ev["DESCRIPTION"])
    assert "Văn bản: Nghị quyết 175/NQ-CP ngày 30/10/2023" in desc
    assert "Trích yếu: Phê duyệt Đề án Trung tâm dữ liệu quốc gia" in desc
    assert "Chủ trì: Bộ Thông tin và Truyền thông" in desc and "Thời hạn: 31/12/2024 (Trong năm 2024)" in desc
    assert desc.endswith("\n" + year_only["text"])                                         # the task in full
    assert str(ev["URL"]) == (f"http://tracker.example:8000/view/documents/{year_only['doc_id']}"
                              f"#t-{year_only['id']}")
    assert str(ev["SUMMARY"]) == shorten(year_only["text"])

    ev = events[f"{full_date['id']}@{UID_DOMAIN}"]
    assert ev.decoded("DTSTART") == dt.date(2025, 12, 10) and ev.decoded("DTEND") == dt.date(2025, 12, 11)
    summary = str(ev["SUMMARY"])
    assert summary.endswith("…") and len(summary) <= 120
    assert full_date["text"].startswith(summary[:-1]) and full_date["text"][len(summary) - 1] == " "
    assert "\nPhối hợp: Văn phòng Chính phủ\n" in str(ev["DESCRIPTION"])
    assert "Phối hợp:" not in desc                                      # (the year-only task names none)


def test_calendar_is_valid_for_outlook_and_google(out):
    kb = KnowledgeBase(out)
    data = to_ics(kb, now=NOW)
    cal = icalendar.Calendar.from_ical(data)
    assert str(cal["VERSION"]) == "2.0" and str(cal["PRODID"]).startswith("-//")
    assert str(cal["CALSCALE"]) == "GREGORIAN" and str(cal["METHOD"]) == "PUBLISH"
    assert str(cal["X-WR-CALNAME"]) == "Thời hạn nhiệm vụ"
    lines = data.split(b"\r\n")
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-2:] == [b"END:VCALENDAR", b""]
    assert all(len(line) <= 75 for line in lines)                       # folded at 75 octets
    assert b"\n" not in data.replace(b"\r\n", b"")                          # CRLF only
    for line in lines:
        line.decode("utf-8")                                                # a fold never cuts a character
    for ev in cal.walk("VEVENT"):
        assert {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION"} <= set(ev)
        assert "URL" not in ev                                              # no base URL given
    again = to_ics(KnowledgeBase(out), now=NOW)
    assert again == data                                                    # the same file for the same state


def test_agency_and_role_filters(out):
    kb = KnowledgeBase(out)
    cal = calendar(kb, agency="BCA", now=NOW)
    assert str(cal["X-WR-CALNAME"]) == "Thời hạn nhiệm vụ — Bộ Công an"
    ids = {str(e["UID"]).split("@")[0] for e in cal.walk("VEVENT")}
    assert ids == _open_with_deadline(kb, agency="Bộ Công an") and ids
    tasks = kb.tasks().set_index("id")
    assert all("Bộ Công an" in f"{tasks.loc[i, 'lead']}; {tasks.loc[i, 'coordinating']}" for i in ids)
    lead = calendar(kb, agency="Bộ Công an", role="lead", now=NOW)
    lead_ids = {str(e["UID"]).split("@")[0] for e in lead.walk("VEVENT")}
    assert lead_ids == _open_with_deadline(kb, agency="Bộ Công an", role="lead") and lead_ids < ids
    assert str(lead["X-WR-CALNAME"]) == "Thời hạn nhiệm vụ — Bộ Công an (chủ trì)"
    assert all("Bộ Công an" in tasks.loc[i, "lead"].split("; ") for i in lead_ids)


def test_cli_calendar(out, tmp_path):
    from typer.testing import CliRunner

    from extractor import cli_kb, cli_track  # noqa: F401  (register the commands)
    from extractor.cli import app

    run = CliRunner().invoke
    ics = tmp_path / "lich" / "bca.ics"
    r = run(app, ["calendar", "--agency", "BCA", "--role", "lead", "--base-url", "http://localhost:8000",
                  "--kb", str(out), "-o", str(ics)])
    assert r.exit_code == 0, r.output
    events = _events(ics.read_bytes())
    expected = _open_with_deadline(KnowledgeBase(out), agency="BCA", role="lead")
    assert {u.split("@")[0] for u in events} == expected
    assert r.stderr == f"{len(expected)} open tasks with a deadline → {ics}\n"
    assert all(str(e["URL"]).startswith("http://localhost:8000/view/documents/") for e in events.values())
    r = run(app, ["calendar", "--kb", str(out), "-o", "-"])
    assert r.exit_code == 0 and len(_events(r.stdout_bytes)) == len(_open_with_deadline(KnowledgeBase(out)))
    assert run(app, ["calendar", "--role", "boss", "--kb", str(out), "-o", str(ics)]).exit_code == 2
    assert run(app, ["calendar", "--base-url", "localhost", "--kb", str(out), "-o", str(ics)]).exit_code == 2
    assert run(app, ["calendar", "--kb", str(tmp_path / "none"), "-o", str(ics)]).exit_code == 2


def test_api_calendar(out):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from extractor.api import create_app

    with TestClient(create_app(out, web=False)) as client:
        r = client.get("/calendar.ics", params={"agency": "Bộ Công an"})
        assert r.status_code == 200 and r.headers["content-type"] == "text/calendar; charset=utf-8"
        assert r.headers["content-disposition"] == 'attachment; filename="thoi-han-nhiem-vu.ics"'
        events = _events(r.content)
        expected = _open_with_deadline(KnowledgeBase(out), agency="Bộ Công an")
        assert {u.split("@")[0] for u in events} == expected
        assert all(str(e["URL"]).startswith("http://testserver/view/documents/") for e in events.values())
        some = sorted(expected)[0]
        assert client.patch(f"/tasks/{some}", json={"state": "done"}).status_code == 200
        after = _events(client.get("/calendar.ics", params={"agency": "Bộ Công an"}).content)
        assert set(after) == set(events) - {f"{some}@{UID_DOMAIN}"}
        assert client.get("/calendar.ics", params={"role": "boss"}).status_code == 400
        r = client.get("/calendar.ics", params={"agency": "Bộ Không Có"})
        assert r.status_code == 200 and _events(r.content) == {}
