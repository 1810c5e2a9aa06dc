"""Provenance: every lead and coordinating agency keeps the offsets of the words it was read from — in the item, in a
heading above it (`2. Bộ Nội vụ:`), an introduction (`… đề nghị các bộ, ngành:`) or a labelled field — so a reader
can click back to them."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractor import extract_file, extract_text

ROOT = Path(__file__).resolve().parent.parent

LETTER = """BỘ NỘI VỤ
Số: 77/BNV-TCBC
V/v rà soát biên chế
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Hà Nội, ngày 05 tháng 3 năm 2025
Kính gửi: Các bộ, cơ quan ngang bộ.
Bộ Nội vụ đề nghị các bộ, cơ quan ngang bộ:
1. Rà soát biên chế được giao năm 2025, hoàn thành trong tháng 4 năm 2025.
2. Văn phòng Chính phủ:
a) Tổng hợp kết quả rà soát của các bộ.
b) Xây dựng báo cáo Thủ tướng Chính phủ.
3. Xây dựng đề án tinh giản
- Đơn vị chủ trì: Bộ Tài chính.
- Đơn vị phối hợp: Bộ Tư pháp.
Nơi nhận:
- Như trên;
- Lưu: VT.
BỘ TRƯỞNG
Phạm Thị Thanh Trà
"""


def _spans_point_at_their_words(ex) -> list:
    src = ex.text.text
    return [(t.section, sp.text, src[sp.start:sp.end]) for d in ex.documents for t in d.tasks
            for sp in t.lead_spans + t.coordinating_spans
            if sp.start >= 0 and " ".join(src[sp.start:sp.end].split()) != " ".join(sp.text.split())]


def test_inherited_leads_point_at_the_heading_intro_or_field_they_came_from():
    ex = extract_text(LETTER)
    (doc,) = ex.documents
    got = {t.section: [(sp.text, sp.start >= 0) for sp in t.lead_spans] for t in doc.tasks}
    assert got["1"] == [("các bộ, cơ quan ngang bộ", True)]
    assert got["2.a"] == [("Văn phòng Chính phủ", True)]
    assert got["3"] == [("Bộ Tài chính", True)]
    assert _spans_point_at_their_words(ex) == []


@pytest.mark.parametrize("name", ["001_d2957228fe623068.txt", "006_congbao_nq175_2023.txt"])
def test_every_agency_span_of_a_real_document_points_at_its_words(name):
    assert _spans_point_at_their_words(extract_file(ROOT / "corpus" / name)) == []
