"""In a real browser with every request to another host refused: /docs and /redoc render from the package's own files,
and the document page's outline jumps to its sections."""
from __future__ import annotations

from urllib.parse import urlparse

import pytest
from test_web import CHROMIUM, SHOTS, page, server  # noqa: F401  (the live server and browser fixtures)

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent (apt-get install chromium)")


@pytest.fixture
def offline(page):  # noqa: F811
    """The page with every request to a host other than the test server's aborted; yields the list of those URLs."""
    refused: list[str] = []

    def route(r):
        if urlparse(r.request.url).hostname in ("127.0.0.1", "localhost"):
            r.continue_()
        else:
            refused.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    yield refused
    page.unroute("**/*")


def test_swagger_ui_renders_offline(server, page, offline):  # noqa: F811
    page.goto(server + "/docs")
    page.wait_for_selector(".opblock-summary-path >> text=/tasks")
    paths = {x.inner_text().replace("\u200b", "") for x in page.locator(".opblock-summary-path").all()}
    assert {"/tasks", "/targets", "/search", "/due", "/documents/{doc_id}/links", "/extract"} <= paths
    page.locator(".opblock-summary-path >> text=/health").first.click()       # an operation opens, with its model
    page.wait_for_selector(".opblock.is-open .responses-wrapper")
    assert "knowledge_base" in page.inner_text(".opblock.is-open")
    assert offline == []                       # nothing was even asked of another host (fonts, validator badge, CDN)


def test_redoc_renders_offline(server, page, offline):  # noqa: F811
    page.goto(server + "/redoc")
    page.wait_for_selector("text=Full-text search")                          # the /search operation's description
    assert "extractor" in page.inner_text("body")
    assert offline == []


def test_document_outline_jumps_to_its_sections(server, page):  # noqa: F811
    found = page.request.get(server + "/documents", params={"doc": "240/QĐ-TTg"}).json()["results"]
    page.goto(f"{server}/view/documents/{found[0]['id']}")
    entries = page.locator("details.outline li a")
    labels = [" ".join(e.inner_text().split()) for e in entries.all()]
    assert page.inner_text("details.outline summary") == f"Mục lục ({len(labels)})"
    assert labels[:4] == [("Điều 1. Ban hành kèm theo Quyết định này Kế hoạch cải cách thủ tục hành chính trọng tâm năm "
                          "2025."), "Điều 2. Quyết định này có hiệu lực kể từ ngày ký ban hành.",
                          ("Điều 3. Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Thủ trưởng cơ quan thuộc Chính phủ, Chủ "
                          "tịch…"),
                          "I. MỤC TIÊU"]
    assert "III. NHỮNG NHIỆM VỤ TRỌNG TÂM" in labels
    assert page.evaluate("window.scrollY") == 0
    page.locator("details.outline li a", has_text="III. NHỮNG NHIỆM VỤ TRỌNG TÂM").click()
    page.wait_for_url("**#sec-27")
    anchor = page.locator("#sec-27")
    assert anchor.count() == 1
    # the heading's own words follow the anchor in the text, and the page scrolled to bring them into view
    assert page.evaluate("document.getElementById('sec-27').nextElementSibling.textContent.trim()").startswith(
        "III. NHỮNG NHIỆM VỤ TRỌNG TÂM")
    top = page.evaluate("document.getElementById('sec-27').getBoundingClientRect().top")
    assert page.evaluate("window.scrollY") > 1000 and 0 <= top < 900
    page.screenshot(path=str(SHOTS / "document-outline.png"), full_page=False)
