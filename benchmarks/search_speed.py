"""Benchmark: knowledge-base search, counts and facets with filters, in CPU time of this process. Prints figures; not a test.

    .venv/bin/python benchmarks/search_speed.py OUTPUT_DIR [--repeat 3] [--all]

OUTPUT_DIR holds a built kb.sqlite (benchmarks/kb_scale.py --keep DIR builds one: DIR/output). Each query is run
``--repeat`` times after one warm-up run, and its least CPU time kept (time.process_time: the machine may be shared,
so wall time, printed beside, is only indicative). The queries are realistic searches with filters (agency and role,
document type, year, due range, kind, combinations) over names and words found in both the synthetic and the real
corpora; the number of hits and of matches is printed so that an empty result is seen.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGE = 20          # hits per search, as the web UI and the API ask
PERCENTILES = (50, 95)

# (query, filters): searches as users run them, most with filters
FILTERED = [
    ("thủ tục hành chính", {"agency": "Bộ Tài chính", "role": "lead"}),
    ("dịch vụ công trực tuyến", {"agency": "Văn phòng Chính phủ"}),
    ("số hóa hồ sơ", {"agency": "Bộ Công an", "role": "coordinating"}),
    ("bảo hiểm xã hội", {"doc_type": "Nghị định"}),
    ("thu tuc hanh chinh", {"doc_type": "Quyết định", "year": 2023}),
    ("báo cáo", {"kind": "task", "due_after": "2025-01-01", "due_before": "2025-12-31"}),
    ("chuyển đổi số", {"kind": "target"}),
    ("hoàn thành", {"due_before": "2024-12-31"}),
    ("kiểm tra, giám sát", {"agency": "Ủy ban nhân dân cấp tỉnh", "role": "lead", "due_after": "2025-06-01"}),
    ("cơ sở dữ liệu quốc gia", {"year": 2022}),
    ("thuế", {"agency": "Bộ Tài chính"}),
    ("người lao động", {"doc_type": "Thông tư"}),
    ("hop dong lao dong", {"kind": "document"}),
    ("hướng dẫn", {"agency": "Bộ Lao động - Thương binh và Xã hội", "role": "lead"}),
    ("ngân sách nhà nước", {"agency": "Bộ Kế hoạch và Đầu tư", "role": "coordinating"}),
    ("chu tri", {"year": 2025, "kind": "task"}),
    ("tổ chức thực hiện", {"doc_type": "Quyết định", "agency": "Bộ Y tế"}),
    ("đào tạo", {"role": "lead", "year": 2024}),
    ("an toàn thông tin", {"due_after": "2026-01-01"}),
    ("giấy phép", {"doc_type": "Nghị định", "year": 2021, "kind": "task"}),
    ("bao hiem", {"agency": "Bảo hiểm xã hội Việt Nam"}),
    ("xây dựng", {"agency": "Bộ Xây dựng", "role": "lead", "doc_type": "Quyết định", "due_before": "2026-12-31"}),
    ("chính sách", {"kind": "task", "role": "coordinating"}),
    ("thủ tục", {"year": 2020, "doc_type": "Chỉ thị"}),
    ("hồ sơ", {"agency": "Bộ Nội vụ", "due_after": "2024-01-01", "due_before": "2026-06-30"}),
]
# broad searches without filters, for comparison, and the queries whose facets are timed
BROAD = ["thủ tục hành chính", "thu tuc hanh chinh", "báo cáo", "hồ sơ", "dich vu cong truc tuyen", "quy định"]
FACETED = [(q, {}) for q in BROAD] + [(None, {}), (None, {"kind": "task"}), ("báo cáo", {"agency": "Bộ Tài chính"}),
                                      (None, {"agency": "Bộ Công an", "role": "lead"}), ("hồ sơ", {"year": 2025})]


def _cpu(fn, repeat: int) -> tuple[float, float, object]:
    """(least CPU ms, its wall ms, result) of ``repeat`` calls of ``fn`` after one warm-up call."""
    result = fn()
    best = (float("inf"), 0.0)
    for _ in range(repeat):
        c, w = time.process_time(), time.perf_counter()
        result = fn()
        best = min(best, ((time.process_time() - c) * 1000, (time.perf_counter() - w) * 1000))
    return best[0], best[1], result


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def _summary(name: str, cpu: list[float], wall: list[float]) -> str:
    ps = ", ".join(f"p{p} {_pct(cpu, p):.1f}" for p in PERCENTILES)
    return (f"{name}: CPU ms {ps}, max {max(cpu):.1f}, mean {statistics.mean(cpu):.1f}   "
            f"(wall ms p50 {_pct(wall, 50):.1f}, p95 {_pct(wall, 95):.1f}, max {max(wall):.1f})")


def run(out: Path, repeat: int = 3, show_all: bool = False) -> dict:
    """Time the query sets on the knowledge base in ``out``; prints the figures and returns them."""
    from extractor.kb import KnowledgeBase

    c0, w0 = time.process_time(), time.perf_counter()
    kb = KnowledgeBase(out)
    kb.search("khởi động")  # loads the segmenter: not a query's cost
    c1 = time.process_time()
    kb.facets("quy định")  # the first facets read what the build precomputed for them, once
    facets_cold = (time.process_time() - c1) * 1000
    print(f"open, load the segmenter, first facets: CPU {(time.process_time() - c0) * 1000:.0f} ms "
          f"(first facets {facets_cold:.0f} ms), wall {(time.perf_counter() - w0) * 1000:.0f} ms")
    figures: dict[str, list] = {}
    for name, queries in (("search, filtered", FILTERED), ("search, broad", [(q, {}) for q in BROAD])):
        rows = []
        for q, f in queries:
            cpu, wall, hits = _cpu(lambda: kb.search(q, limit=PAGE, **f), repeat)
            ccpu, cwall, total = _cpu(lambda: kb.count(q, **f), repeat)
            rows.append((cpu, wall, ccpu, cwall, q, f, len(hits), total))
        figures[name] = rows
        print(_summary(f"{name} ({len(rows)} queries, top {PAGE} with snippets)", [r[0] for r in rows],
                       [r[1] for r in rows]))
        print(_summary("  count of the same", [r[2] for r in rows], [r[3] for r in rows]))
        shown = rows if show_all else sorted(rows, key=lambda r: r[0])[-5:]
        for cpu, wall, ccpu, _, q, f, n, total in shown:
            print(f"    {cpu:6.1f} ms  count {ccpu:6.1f} ms  {q!r} {f} → {n} hits of {total}")
    rows = []
    for q, f in FACETED:
        cpu, wall, facets = _cpu(lambda: kb.facets(q, **f), repeat)
        rows.append((cpu, wall, q, f, sum(facets["kind"].values())))
    figures["facets"] = rows
    print(_summary(f"facets ({len(rows)} queries, broad and filtered)", [r[0] for r in rows], [r[1] for r in rows]))
    for cpu, wall, q, f, n in (rows if show_all else sorted(rows, key=lambda r: r[0])[-4:]):
        print(f"    {cpu:6.1f} ms  {q!r} {f} → {n} items")
    kb.close()
    return figures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="a build's output folder (or its kb.sqlite)")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs of each query (the least CPU time is kept)")
    ap.add_argument("--all", action="store_true", help="print every query, not only the slowest")
    args = ap.parse_args()
    run(args.out, args.repeat, args.all)


if __name__ == "__main__":
    main()
