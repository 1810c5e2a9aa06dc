"""Benchmark: coverage on a real corpus without gold (documents per file, tasks by type, leads, target years, references, errors). Prints figures; not a test.

    python benchmarks/coverage.py DIR [--workers 2] [--sample 150 --seed 7 --out sample.jsonl] [--json]

DIR holds the files (e.g. ../shared/realcorpus unpacked: `tar xzf gazette.tar.gz -C /tmp/rc`). Each file is extracted
in a worker process; a file that fails is counted and named, the run goes on. ``--sample`` writes a random sample of
tasks, targets and documents (with their source words) for reading by hand against the extraction guide.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _one(path: str) -> dict:
    from extractor import extract_file, to_dict
    from extractor.errors import ExtractorError

    t0 = time.process_time()
    try:
        data = to_dict(extract_file(path))
    except ExtractorError as err:
        return {"path": path, "error": f"{type(err).__name__}: {err}", "cpu": time.process_time() - t0}
    except Exception as err:  # noqa: BLE001 — a crash is a finding of this benchmark, not a reason to stop
        return {"path": path, "error": f"CRASH {type(err).__name__}: {err}", "cpu": time.process_time() - t0}
    return {"path": path, "data": data, "cpu": time.process_time() - t0,
            "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _kind(path: str) -> str:
    """The kind of document the file name says (`thong-tu`, `nghi-dinh`, `van-ban-hop-nhat` …)."""
    name = Path(path).name.split("__")[-1]
    return name.split("-so-")[0] if "-so-" in name else "other"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--sample", type=int, default=0, help="tasks (and half as many targets, documents) to sample")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=Path("coverage_sample.jsonl"))
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    a = ap.parse_args()
    files = sorted(str(p) for p in a.dir.rglob("*") if p.is_file() and p.suffix.lower() in (".txt", ".pdf", ".docx", ".html"))
    t0 = time.perf_counter()
    with ProcessPoolExecutor(a.workers) as pool:
        results = list(pool.map(_one, files, chunksize=1))
    wall = time.perf_counter() - t0

    errors = [r for r in results if "error" in r]
    docs_per_file = Counter()
    by_kind: dict[str, Counter] = defaultdict(Counter)
    doc_types = Counter()
    all_tasks, all_targets, all_docs = [], [], []
    for r in results:
        if "data" not in r:
            continue
        kind = _kind(r["path"])
        docs = r["data"]["documents"]
        docs_per_file[len(docs)] += 1
        k = by_kind[kind]
        k["files"] += 1
        k["documents"] += len(docs)
        for d in docs:
            doc_types[d.get("type") or "None"] += 1
            k["tasks"] += len(d["tasks"])
            k["tasks_with_lead"] += sum(1 for t in d["tasks"] if t["lead"])
            k["targets"] += len(d["targets"])
            k["targets_with_year"] += sum(1 for t in d["targets"] if t["year"])
            k["targets_issue_year"] += sum(1 for t in d["targets"]
                                          if t["year"] and d.get("issued_date") and str(t["year"]) == d["issued_date"][:4])
            k["references"] += len(d["references"])
            k["with_number"] += bool(d.get("number"))
            k["with_date"] += bool(d.get("issued_date"))
            k["with_issuer"] += bool(d.get("issuer"))
            all_docs.append((r["path"], d))
            all_tasks += [(r["path"], d, t) for t in d["tasks"]]
            all_targets += [(r["path"], d, t) for t in d["targets"]]
    total = Counter()
    for k in by_kind.values():
        total.update(k)
    cpu = sum(r["cpu"] for r in results)
    size = sum(Path(f).stat().st_size for f in files)

    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:5.1f} %" if b else "   - "

    figures = {"files": len(files), "errors": len(errors), "documents": total["documents"],
               "documents_per_file": round(total["documents"] / max(1, len(files) - len(errors)), 3),
               "tasks": total["tasks"], "tasks_without_lead": round(1 - total["tasks_with_lead"] / max(1, total["tasks"]), 3),
               "targets": total["targets"], "targets_with_year": total["targets_with_year"],
               "targets_issue_year": total["targets_issue_year"], "references": total["references"],
               "cpu_s": round(cpu, 1), "wall_s": round(wall, 1), "mb_per_cpu_s": round(size / 1e6 / cpu, 3) if cpu else None,
               "max_rss_mb": round(max((r.get("rss", 0) for r in results), default=0))}
    if a.json:
        print(json.dumps(figures))
    else:
        print(f"{len(files)} files, {size / 1e6:.1f} MB: {cpu:.0f} s CPU ({size / 1e6 / cpu:.3f} MB per CPU-second), "
              f"{wall:.0f} s wall with {a.workers} workers, worker peak RSS {figures['max_rss_mb']} MB")
        print(f"errors: {len(errors)}")
        for r in errors:
            print(f"  {Path(r['path']).name}: {r['error'][:200]}")
        print(f"documents: {total['documents']} ({figures['documents_per_file']} per file); files by document count: "
              + ", ".join(f"{n}: {c}" for n, c in sorted(docs_per_file.items())))
        print("document types: " + ", ".join(f"{t} {c}" for t, c in doc_types.most_common()))
        print(f"{'kind':18s} {'files':>5s} {'docs':>5s} {'tasks':>6s} {'t/doc':>6s} {'lead':>7s} {'targets':>7s} "
              f"{'year':>7s} {'=issue':>7s} {'refs/doc':>8s} {'number':>7s} {'date':>7s} {'issuer':>7s}")
        for name, k in sorted(by_kind.items()) + [("ALL", total)]:
            d = max(1, k["documents"])
            print(f"{name:18s} {k['files']:5d} {k['documents']:5d} {k['tasks']:6d} {k['tasks'] / d:6.1f} "
                  f"{pct(k['tasks_with_lead'], k['tasks'])} {k['targets']:7d} {pct(k['targets_with_year'], k['targets'])} "
                  f"{pct(k['targets_issue_year'], k['targets_with_year'])} {k['references'] / d:8.1f} "
                  f"{pct(k['with_number'], k['documents'])} {pct(k['with_date'], k['documents'])} "
                  f"{pct(k['with_issuer'], k['documents'])}")
        print(f"tasks without a lead: {100 * figures['tasks_without_lead']:.1f} %")
    if a.sample:
        rng = random.Random(a.seed)
        with a.out.open("w", encoding="utf-8") as fh:
            for path, d, t in rng.sample(all_tasks, min(a.sample, len(all_tasks))):
                fh.write(json.dumps({"kind": "task", "file": Path(path).name, "doc": d.get("number"),
                                     "section": t["section"], "lead": t["lead"], "coordinating": t["coordinating"],
                                     "deadline": t["deadline"], "text": t["text"][:600]}, ensure_ascii=False) + "\n")
            for path, d, t in rng.sample(all_targets, min(a.sample // 2, len(all_targets))):
                fh.write(json.dumps({"kind": "target", "file": Path(path).name, "doc": d.get("number"),
                                     "indicator": t["indicator"], "value": t["value"], "unit": t["unit"],
                                     "comparator": t["comparator"], "year": t["year"], "text": t["text"][:600]},
                                    ensure_ascii=False) + "\n")
            for path, d in rng.sample(all_docs, min(a.sample // 4, len(all_docs))):
                fh.write(json.dumps({"kind": "document", "file": Path(path).name,
                                     **{f: d.get(f) for f in ("number", "type", "issuer", "issued_date", "place",
                                                              "title", "signer", "attached_to")}},
                                    ensure_ascii=False) + "\n")
        print(f"sample written to {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
