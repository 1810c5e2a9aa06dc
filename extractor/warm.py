"""Imported once by the fork server of the worker processes (extractor.workers): loads the pipeline, its language data
and the search index's word segmenter by extracting and indexing a small document, so that every worker forked from
it starts warm (and no file's time limit pays for loading). Import it nowhere else."""
from __future__ import annotations

SAMPLE = """ỦY BAN NHÂN DÂN TỈNH A
Số: 1/KH-UBND
KẾ HOẠCH
Thực hiện Nghị định số 45/2020/NĐ-CP
1. Sở Tư pháp chủ trì, phối hợp với Sở Nội vụ rà soát thủ tục hành chính, hoàn thành trước ngày 30/6/2025.
2. Phấn đấu tỷ lệ hồ sơ trực tuyến đạt 80% trong năm 2025.
"""

try:
    from .output import to_dict
    from .pipeline import extract_text

    _ex = extract_text(SAMPLE, "warm.txt")
    to_dict(_ex)
    from .agencies import STANDARD_MIN_CHARS, read_agencies

    # a long text's patterns on the standard library's engine are translated and compiled at its first long text
    read_agencies(SAMPLE * (STANDARD_MIN_CHARS // len(SAMPLE) + 1))
    from .kb import build, cites, store  # noqa: F401  (what a build's worker runs)
    from .kb.search import segment
    from .view import layout

    segment(SAMPLE)                                   # underthesea's word segmenter, for the index
    layout(_ex.documents[0], _ex.text.text)           # the text view a build stores
    store.fts_values("task", {"text": SAMPLE, "lead": ["Sở Tư pháp"], "coordinating": [], "section": "1"})
    from .pipeline import batch_gc

    batch_gc()                                        # every worker forked from here runs file after file
except Exception:  # a worker then loads what it needs on its first file
    pass
