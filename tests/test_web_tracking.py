"""The due page of the web UI as a tracker uses it, in a real browser: mark a task done, see it leave the open list,
reopen it, and download the calendar of open deadlines."""
from __future__ import annotations

from pathlib import Path

import pytest

# the live server and the browser page of tests/test_web.py (module-scoped: this module gets its own)
from test_web import CHROMIUM, TODAY, page, server  # noqa: F401

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent (apt-get install chromium)")


def _count(page) -> tuple[int, int]:
    return int(page.inner_text("#n-overdue")), int(page.inner_text("#n-due"))


def test_mark_done_then_reopen_on_the_due_page(server, page):  # noqa: F811
    url = f"{server}/view/due?today={TODAY}&within=180"
    page.goto(url)
    page.wait_for_selector("table.list.due")
    open_rows = page.locator("tr[data-task][data-state=open]")
    n_rows = open_rows.count()
    assert n_rows > 0 and page.locator("tr[data-task]:not([data-state=open])").count() == 0
    before = _count(page)
    assert sum(before) == n_rows                                      # the counts are of the open tasks listed
    first = open_rows.first
    task_id, status = first.get_attribute("data-task"), first.get_attribute("data-status")
    row = page.locator(f"#due-{task_id}")
    assert row.locator(".state").inner_text() == "Đang thực hiện"
    assert row.locator("button[data-state=open]").is_hidden()

    page.fill("#tracker-by", "Chuyên viên Tổ công tác")
    page.locator("#tracker-by").dispatch_event("change")
    row.locator("button[data-state=done]").click()
    page.wait_for_function(f"document.getElementById('due-{task_id}').dataset.state === 'done'")
    assert row.locator(".state").inner_text() == "Đã hoàn thành"
    assert row.locator("button[data-state=done]").is_hidden() and row.locator("button[data-state=open]").is_visible()
    after = _count(page)
    assert after == ((before[0] - 1, before[1]) if status == "overdue" else (before[0], before[1] - 1))
    page.screenshot(path=str(Path(__file__).resolve().parent.parent / "output" / "screenshots" / "due_tracking.png"))

    history = page.request.get(f"{server}/tasks/{task_id}/history").json()
    assert history["state"] == "done" and history["by"] == "Chuyên viên Tổ công tác"

    page.goto(url)                                                   # the open list no longer holds it
    page.wait_for_selector("table.list.due")
    assert page.locator(f"#due-{task_id}").count() == 0
    assert page.locator("tr[data-task]").count() == n_rows - 1 and _count(page) == after

    page.check("input[name=all]")                                    # shown again, with its state
    page.wait_for_url("**all=1**")
    row = page.locator(f"#due-{task_id}")
    assert row.locator(".state").inner_text() == "Đã hoàn thành" and "state-done" in row.get_attribute("class")
    assert page.locator("tr[data-task]").count() == n_rows and _count(page) == after
    row.locator("button[data-state=open]").click()
    page.wait_for_function(f"document.getElementById('due-{task_id}').dataset.state === 'open'")
    assert row.locator(".state").inner_text() == "Đang thực hiện" and _count(page) == before
    states = [h["state"] for h in page.request.get(f"{server}/tasks/{task_id}/history").json()["history"]]
    assert states == ["done", "open"]


def test_calendar_link_downloads_the_open_deadlines(server, page):  # noqa: F811
    icalendar = pytest.importorskip("icalendar")
    page.goto(f"{server}/view/due?today={TODAY}&agency=B%E1%BB%99%20C%C3%B4ng%20an")
    link = page.locator("a.ics")
    assert link.inner_text() == "Tải lịch (.ics)"
    with page.expect_download() as dl:
        link.click()
    assert dl.value.suggested_filename == "thoi-han-nhiem-vu.ics"
    cal = icalendar.Calendar.from_ical(Path(dl.value.path()).read_bytes())
    assert str(cal["X-WR-CALNAME"]) == "Thời hạn nhiệm vụ — Bộ Công an"
    uids = {str(e["UID"]).split("@")[0] for e in cal.walk("VEVENT")}
    tasks = page.request.get(f"{server}/tasks?agency=B%E1%BB%99%20C%C3%B4ng%20an&state=open&limit=500").json()
    assert tasks["total"] <= 500
    assert uids == {t["id"] for t in tasks["results"] if t["deadline"]} and uids
    assert all(str(e["URL"]).startswith(f"{server}/view/documents/") for e in cal.walk("VEVENT"))
