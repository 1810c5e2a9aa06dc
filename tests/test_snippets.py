"""Search snippets of targets (each word once, the unit kept) and the titles of hits: a Phụ lục without a number names
the document it comes with, in the web UI and on its page."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from test_api import client, kb_dir  # noqa: F401  (the knowledge base of the bundled corpus and its app)

from extractor.kb import KnowledgeBase, build
from extractor.kb.search import target_level, target_text, vn_number

ROOT = Path(__file__).resolve().parent.parent
APPENDIX = """Phụ lục
DANH MỤC NHIỆM VỤ SỐ HÓA HỒ SƠ NĂM 2025

(Kèm theo Quyết định số 240/QĐ-TTg ngày 04 tháng 02 năm 2025 của Thủ tướng Chính phủ)

I. NHIỆM VỤ

1. Bộ Công an chủ trì, phối hợp với Văn phòng Chính phủ hoàn thành việc số hóa hồ sơ, kết quả giải quyết thủ tục \
hành chính trong Quý III năm 2025.

II. CHỈ TIÊU

1. Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính đạt tối thiểu 90% trong năm 2025.
"""


def test_levels_in_vietnamese():
    assert [vn_number(x) for x in (80.0, 95.5, 2000, 0.25)] == ["80", "95,5", "2.000", "0,25"]
    assert target_level(50, None, "%", ">=", 2025) == "≥ 50% (năm 2025)"
    assert target_level(10, 15, "%", ">=", 2021) == "≥ 10–15% (năm 2021)"
    assert target_level(699, None, "TTHC", "=", None) == "699 TTHC"
    assert target_level(20, None, "% GDP", "=", 2025) == "20% GDP (năm 2025)"
    assert target_level(70, None, "nước", "<=", 2025) == "≤ 70 nước (năm 2025)"
    assert target_level(None, None, None, "=", 2030) == "(năm 2030)"


def test_target_text_says_each_word_once():
    # a repeated opening word of the indicator; the sentence adds only the figure
    assert target_text("Tỷ lệ tỷ lệ số hóa, ký số và lưu trữ điện tử đối với hồ sơ, giấy tờ, kết quả giải quyết TTHC",
                       "100% tỷ lệ số hóa, ký số và lưu trữ điện tử đối với hồ sơ, giấy tờ, kết quả giải quyết TTHC",
                       100, None, "%", "=", None) == \
        "Tỷ lệ số hóa, ký số và lưu trữ điện tử đối với hồ sơ, giấy tờ, kết quả giải quyết TTHC: 100%"
    assert target_text("Tỷ lệ triển khai quy trình số hóa", "100% triển khai quy trình số hóa", 100, None, "%", "=",
                       None) == "Tỷ lệ triển khai quy trình số hóa: 100%"
    # a table row: its text ends in the bare number, the unit is in another column
    assert target_text("Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
                       "Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính 80", 80, None, "%", "=", 2025) == \
        "Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính: 80% (năm 2025)"
    # a sentence that says more follows the level; one that holds the whole indicator stands alone
    assert target_text("Tỷ lệ cắt giảm chi phí tuân thủ", "quy định và cắt giảm ít nhất 10% chi phí tuân thủ", 10, None,
                       "%", ">=", None) == "Tỷ lệ cắt giảm chi phí tuân thủ: ≥ 10% — quy định và cắt giảm ít nhất 10% chi phí tuân thủ"
    assert target_text("Tỷ lệ người dân thực hiện các DVCTT", "Tỷ lệ người dân thực hiện các DVCTT tối thiểu đạt 50% số "
                       "với tổng số hồ sơ tiếp nhận", 50, None, "%", ">=", None) == \
        "Tỷ lệ người dân thực hiện các DVCTT tối thiểu đạt 50% số với tổng số hồ sơ tiếp nhận"
    assert target_text("Tỷ lệ tỷ lệ", "", None) == "Tỷ lệ"
    assert target_text("", "tăng 20%", 20, None, "%", "=", None) == "20%"


def test_target_hits_of_the_corpus(kb_dir):  # noqa: F811
    with KnowledgeBase(kb_dir) as kb:
        hits = {h.text.split("\n")[0]: h for h in kb.search("ty le so hoa", kind="target", limit=50)}
    doubled = hits["Tỷ lệ tỷ lệ số hóa, ký số và lưu trữ điện tử đối với hồ sơ, giấy tờ, kết quả giải quyết TTHC"]
    assert doubled.snippet == ("[Tỷ] [lệ] [số] [hóa], ký [số] và lưu trữ điện tử đối với hồ [sơ], giấy tờ, kết quả giải "
                               "quyết TTHC: 100%")
    assert hits["Tỷ lệ triển khai quy trình số hóa"].snippet == "[Tỷ] [lệ] triển khai quy trình [số] [hóa]: 100%"
    row = hits["Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính 80"]          # a table row of the Phụ lục
    assert row.snippet == "[Tỷ] [lệ] [số] [hóa] hồ [sơ], kết quả giải quyết thủ tục hành chính: 80% (năm 2025)"
    assert row.doc_type == "Phụ lục" and row.doc_number is None
    # the text searched is unchanged: the snippet alone is made from the target's fields
    assert doubled.text.startswith("Tỷ lệ tỷ lệ số hóa")
    for h in hits.values():
        words = h.snippet.replace("[", "").replace("]", "").casefold().split()
        assert not any(words[i:i + 2] == words[i + 2:i + 4] for i in range(len(words) - 3)), h.snippet


def test_an_appendix_hit_names_its_document_in_the_web_ui(client):  # noqa: F811
    page = client.get("/", params={"q": "ty le so hoa", "kind": "target"}).text
    titles = re.findall(r'<a class="doc" href="/view/documents/([0-9a-f]+)[^"]*">([^<]*)</a>', page)
    assert ("6ba9b6bc7951", "Phụ lục kèm theo Công văn …/VPCP-KSTT") in titles
    assert "Phụ lục (không số)" not in page and ("38892a207be6", "Quyết định 468/QĐ-TTg") in titles
    doc = client.get("/view/documents/6ba9b6bc7951").text
    assert "<h1>Phụ lục kèm theo Công văn …/VPCP-KSTT</h1>" in doc


def test_an_appendix_with_its_number_names_the_corpus_document(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(next((ROOT / "corpus").glob("002_*")), corpus)
    (corpus / "phu_luc_240.txt").write_text(APPENDIX, encoding="utf-8")
    out = tmp_path / "output"
    build(corpus, out, workers=1)
    from fastapi.testclient import TestClient

    from extractor.api import create_app

    with TestClient(create_app(out)) as c:
        page = c.get("/", params={"q": "so hoa ho so", "kind": "target"}).text
        assert "Phụ lục kèm theo Quyết định 240/QĐ-TTg" in page
        assert "Tỷ lệ <mark>số</mark> <mark>hóa</mark> <mark>hồ</mark> <mark>sơ</mark>, kết quả giải quyết thủ tục " \
               "hành chính: ≥ 90% (năm 2025)" in page
        appendix = c.get("/documents", params={"doc_type": "Phụ lục"}).json()["results"]
        assert [(d["attached_to"], d["number"]) for d in appendix] == [("240/QĐ-TTg", None)]
        assert "<h1>Phụ lục kèm theo Quyết định 240/QĐ-TTg</h1>" in c.get(f"/view/documents/{appendix[0]['id']}").text
