"""The web UI end to end in a real browser (Playwright driving Debian's Chromium) against a live uvicorn server."""
from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHOTS = ROOT / "output" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
TODAY = "2025-06-01"  # the due pages are computed relative to this day, so the test does not age

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent (apt-get install chromium)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    pytest.importorskip("uvicorn")
    import uvicorn

    from extractor.api import create_app
    from extractor.kb import build

    out = tmp_path_factory.mktemp("web") / "output"
    build(CORPUS, out, workers=2)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(out, corpus=CORPUS), host="127.0.0.1", port=port,
                                        log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page(server):
    sync_api = pytest.importorskip("playwright.sync_api")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        pg = browser.new_page(viewport={"width": 1366, "height": 900}, locale="vi-VN")
        pg.set_default_timeout(30_000)
        yield pg
        browser.close()


def test_search_filter_and_open_a_document(server, page):
    page.goto(server + "/")
    assert page.title().startswith("Tìm kiếm")
    page.fill("input[name=q]", "so hoa ho so")          # no accents: matches `số hóa hồ sơ`
    page.click("button[type=submit]")
    page.wait_for_selector("ol.hits li.hit")
    assert "kết quả cho “so hoa ho so”" in page.inner_text("#count")
    assert page.locator("ol.hits mark").count() > 0
    assert "hồ sơ" in page.inner_text("ol.hits").lower()
    page.screenshot(path=str(SHOTS / "search.png"), full_page=False)

    page.select_option("select[name=kind]", "task")      # applies at once (app.js)
    page.wait_for_url("**kind=task**")
    assert {b.inner_text() for b in page.locator("ol.hits .badge").all()} == {"Nhiệm vụ"}
    page.locator(".facet[data-facet=year] li a").first.click()
    page.wait_for_url("**year=**")
    year = page.url.split("year=")[1].split("&")[0]
    assert page.locator(".chips .chip").count() == 2
    page.screenshot(path=str(SHOTS / "search_filtered.png"))

    page.locator("ol.hits .hit a.doc").first.click()
    page.wait_for_selector("article.document")
    assert year in page.inner_text("table.meta")
    assert page.locator(".text mark.entity").count() > 10          # agencies, deadlines, … highlighted
    assert "Cơ quan" in page.inner_text(".text")                     # labels in Vietnamese
    assert page.locator(".side table.tasks tbody tr").count() > 0
    assert page.locator(".side tr.hl").count() == 1                  # the task clicked is marked
    page.screenshot(path=str(SHOTS / "document_task.png"))
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SHOTS / "document.png"))


def test_browse_by_agency_and_download_csv(server, page):
    page.goto(server + "/?agency=BCA")
    page.wait_for_selector("ol.hits li.hit")
    assert "Bộ Công an" in page.inner_text("ol.hits")
    with page.expect_download() as dl:
        page.click("a.csv")
    path = dl.value.path()
    text = Path(path).read_text(encoding="utf-8-sig")
    assert text.startswith("id,doc_id") and "Bộ Công an" in text


def test_due_page_per_agency(server, page):
    page.goto(f"{server}/view/due?today={TODAY}&within=180")
    page.wait_for_selector("table.list.due")
    assert "quá hạn" in page.inner_text("#count")
    page.screenshot(path=str(SHOTS / "due.png"))
    page.locator("details.by-agency td a").first.click()
    page.wait_for_url("**agency=**")
    agency = page.input_value("input[name=agency]")
    assert agency and agency in page.inner_text("#count")
    rows = page.locator("table.list.due tbody tr")
    assert rows.count() > 0 and all(agency in r.inner_text() for r in rows.all())
    page.screenshot(path=str(SHOTS / "due_agency.png"))


def test_user_text_is_escaped(server, page):
    page.goto(server + "/?q=" + "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    assert page.locator("main img").count() == 0
    assert "<img src=x onerror=alert(1)>" in page.inner_text("#count")


def test_unknown_document_is_a_friendly_404(server, page):
    resp = page.goto(server + "/view/documents/khong-co")
    assert resp.status == 404 and "Không tìm thấy văn bản" in page.inner_text("h1")
