"""Imported once by the fork server of the worker processes (extractor.workers): loads the pipeline and its models by
extracting a small document, so every worker forked from it starts warm. Import it nowhere else."""
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

    to_dict(extract_text(SAMPLE, "warm.txt"))
except Exception:  # a worker then loads what it needs on its first file
    pass
