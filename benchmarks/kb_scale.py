"""Benchmark: knowledge-base build and search at scale, on synthetic text or the real gazette corpus repeated. Prints figures; not a test.

    .venv/bin/python benchmarks/kb_scale.py [--docs 10000] [--real [DIR]] [--workers 2] [--keep DIR]
                                            [--queries-only] [--profile 40]

Writes the corpus to a temporary folder (or DIR/corpus): variants of the files of corpus/ (synthetic, the default)
or, with --real, copies of the real gazette files (default /tmp/rc/gazette; unpack
/work/shared/realcorpus/gazette.tar.gz there), each copy with its document numbers, years and ministries varied so
that copies are distinct documents. Builds it in a child process (CPU time and peak RSS of the build process and of
its workers: getrusage and /proc), builds it again (nothing changed), then times 100 fixed queries and the filtered
searches, counts and facets of benchmarks/search_speed.py, in CPU time of this process beside wall time.
With --keep DIR --queries-only, a corpus built before in DIR is only queried.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MINISTRIES = [
    "Bộ Công an", "Bộ Y tế", "Bộ Tài chính", "Bộ Nội vụ", "Bộ Tư pháp", "Bộ Xây dựng", "Bộ Công Thương",
    "Bộ Quốc phòng", "Bộ Ngoại giao", "Bộ Giáo dục và Đào tạo", "Bộ Khoa học và Công nghệ", "Bộ Giao thông vận tải",
    "Bộ Nông nghiệp và Phát triển nông thôn", "Bộ Tài nguyên và Môi trường", "Bộ Thông tin và Truyền thông",
    "Bộ Kế hoạch và Đầu tư", "Bộ Lao động - Thương binh và Xã hội", "Bộ Văn hóa, Thể thao và Du lịch",
]
_AGENCY = regex.compile("|".join(regex.escape(m) for m in sorted(MINISTRIES, key=len, reverse=True)))
_NUMBER = regex.compile(r"(?<![\d/])(\d{1,5})(?=/(?:\d{4}/)?[A-ZĐ][A-ZĐa-z]{0,5}(?:[-–][A-ZĐ0-9]{1,8})*)")
_YEAR = regex.compile(r"(?<!\d)(20[12]\d)(?!\d)")

TOPICS = [
    "số hóa hồ sơ", "dịch vụ công trực tuyến", "thủ tục hành chính", "cơ sở dữ liệu quốc gia về dân cư",
    "một cửa liên thông", "chữ ký số", "thanh toán trực tuyến", "căn cước công dân", "chuyển đổi số",
    "cải cách thủ tục hành chính", "giấy phép kinh doanh", "bảo hiểm xã hội", "khám bệnh, chữa bệnh",
    "định danh điện tử", "văn bản điện tử", "hệ thống thông tin", "kết quả giải quyết", "phản ánh, kiến nghị",
    "kiểm soát thủ tục hành chính", "báo cáo định kỳ", "môi trường điện tử", "chia sẻ dữ liệu", "phân cấp",
    "đơn giản hóa", "ngân sách nhà nước", "an toàn thông tin", "trung tâm phục vụ hành chính công",
    "bộ phận một cửa", "tỷ lệ hồ sơ", "hóa đơn điện tử", "học phí", "viện phí", "đăng ký doanh nghiệp",
    "hộ tịch", "đất đai", "thuế nội địa", "hải quan", "sức khỏe điện tử", "họp trực tuyến", "giấy tờ công dân",
]
AGENCIES = [
    "Bộ Công an", "Văn phòng Chính phủ", "Bộ Tài chính", "Bộ Y tế", "Ủy ban nhân dân cấp tỉnh", "Bộ Nội vụ",
    "Bộ Tư pháp", "Bảo hiểm xã hội Việt Nam", "Bộ Thông tin và Truyền thông", "Ngân hàng Nhà nước Việt Nam",
    "Bộ Giáo dục và Đào tạo", "Bộ Xây dựng", "Bộ Công Thương", "Bộ Quốc phòng", "Ban Cơ yếu Chính phủ",
    "Bộ Kế hoạch và Đầu tư", "Bộ Giao thông vận tải", "Bộ Ngoại giao", "cơ quan thuộc Chính phủ", "Sở Y tế",
]
NUMBERS = ["240/QĐ-TTg", "468/QĐ-TTg", "45/2020/NĐ-CP", "01/NQ-CP", "23/CT-TTg", "1250/VPCP-KSTT", "844/QĐ-TTg",
           "61/2018/NĐ-CP", "57-NQ/TW", "107/2021/NĐ-CP"]


def queries() -> list[str]:
    """The fixed 100 queries: 40 topics, their 30 first without accents, 20 agencies, 10 document numbers."""
    from extractor.kb.search import fold

    return TOPICS + [fold(t) for t in TOPICS[:30]] + AGENCIES + NUMBERS


def vary(text: str, rng: random.Random) -> str:
    """One synthetic variant: every document number renumbered, years shifted, ministries permuted."""
    shift = rng.randint(-4, 4)
    perm = MINISTRIES[:]
    rng.shuffle(perm)
    swap = dict(zip(MINISTRIES, perm))
    renumber: dict[str, str] = {}
    text = _NUMBER.sub(lambda m: renumber.setdefault(m[1], str(rng.randint(1, 99999))), text)
    text = _YEAR.sub(lambda m: str(int(m[1]) + shift), text)
    return _AGENCY.sub(lambda m: swap[m[0]], text)


REAL = Path("/tmp/rc/gazette")  # where the real corpus is unpacked (see /work/shared/realcorpus/README.md)


def repeat_real(source: Path, dest: Path, n_docs: int, seed: int = 7) -> tuple[int, int]:
    """Write copies of the real corpus in ``source`` until they hold about ``n_docs`` documents (a gazette file holds
    one): the first copy as it is, the others varied (`vary`). Returns (files, documents: one a file)."""
    files = sorted(source.glob("*.txt"))
    if not files:
        raise SystemExit(f"{source}: no .txt files; unpack /work/shared/realcorpus/gazette.tar.gz there")
    rng = random.Random(seed)
    for n in range(n_docs):
        copy, p = divmod(n, len(files))
        text = files[p].read_text(encoding="utf-8")
        (dest / f"{copy:03d}_{files[p].name}").write_text(text if copy == 0 else vary(text, rng), encoding="utf-8")
    return n_docs, n_docs


def synthesize(dest: Path, n_docs: int, seed: int = 7) -> tuple[int, int]:
    """Write variants of the corpus files until they hold ``n_docs`` documents; returns (files, documents)."""
    from extractor.pipeline import extract_file

    templates = []
    for p in sorted((ROOT / "corpus").glob("*.txt")):
        templates.append((p.read_text(encoding="utf-8"), len(extract_file(p).documents)))
    rng = random.Random(seed)
    docs = files = 0
    while docs < n_docs:
        text, count = templates[files % len(templates)]
        (dest / f"{files:05d}.txt").write_text(vary(text, rng), encoding="utf-8")
        files += 1
        docs += count
    return files, docs


# The build, in a child process. Its workers are forked from a fork server that it does not wait for, so their CPU
# time and memory are read from /proc while they run (every POLL seconds: the last reading of each is kept).
_CHILD = """
import json, os, resource, sys, threading, time
from extractor.kb import build

seen = {}  # pid -> (CPU seconds, peak RSS MB) of the build's descendants, last read
def descendants():
    parent = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            with open(f"/proc/{pid}/status", "rb") as f:
                hwm = next((int(l.split()[1]) for l in f if l.startswith(b"VmHWM")), 0)
            cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            parent[int(pid)] = (int(fields[1]), cpu, hwm / 1024)
        except (OSError, IndexError, ValueError):
            pass
    mine, found = {os.getpid()}, True
    while found:
        found = {p for p, (pp, _, _) in parent.items() if pp in mine and p not in mine}
        mine |= found
    return {p: parent[p][1:] for p in mine - {os.getpid()} if p in parent}
done = threading.Event()
def poll():
    while not done.wait(float(sys.argv[4])):
        seen.update(descendants())
threading.Thread(target=poll, daemon=True).start()
t = time.perf_counter()
r = build(sys.argv[1], sys.argv[2], workers=int(sys.argv[3]), progress=True)
done.set()
me = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": time.perf_counter() - t, "summary": r.summary(), "documents": r.documents,
                  "extract_seconds": r.extract_seconds, "write_seconds": r.write_seconds,
                  "index_seconds": r.index_seconds, "cpu_main": me.ru_utime + me.ru_stime,
                  "cpu_workers": sum(c for c, _ in seen.values()), "rss_main_mb": me.ru_maxrss / 1024,
                  "rss_worker_mb": max([m for _, m in seen.values()], default=0)}))
"""
POLL = 0.5  # seconds between readings of the build's worker processes


def run_build(corpus: Path, out: Path, workers: int) -> dict:
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(corpus), str(out), str(workers), str(POLL)], cwd=ROOT,
                          stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def time_search(out: Path) -> None:
    """The 100 fixed queries without filters, then the filtered ones, counts and facets (search_speed), in CPU time."""
    from extractor.kb import KnowledgeBase

    from search_speed import run

    kb = KnowledgeBase(out)
    kb.search("khởi động")  # loads the segmenter: not a query's cost
    cpu, wall, rows = [], [], []
    for q in queries():
        c, t = time.process_time(), time.perf_counter()
        hits = kb.search(q, limit=20)
        cpu.append((time.process_time() - c) * 1000)
        wall.append((time.perf_counter() - t) * 1000)
        rows.append((cpu[-1], q, len(hits)))
    p = lambda v, x: sorted(v)[min(len(v) - 1, int(round(x / 100 * (len(v) - 1))))]  # noqa: E731
    print(f"search (100 queries, top 20 with snippets): CPU p50 {p(cpu, 50):.1f} ms, p95 {p(cpu, 95):.1f} ms, "
          f"max {max(cpu):.1f} ms, mean {statistics.mean(cpu):.1f} ms (wall p50 {p(wall, 50):.1f}, "
          f"p95 {p(wall, 95):.1f}, max {max(wall):.1f} ms)")
    print("  slowest:", "; ".join(f"{q!r} {ms:.0f} ms ({kb.count(q)} matches)" for ms, q, _ in sorted(rows)[-5:]))
    c, t = time.process_time(), time.perf_counter()
    for q in queries()[:20]:
        kb.facets(q)
    print(f"facets: CPU {(time.process_time() - c) / 20 * 1000:.1f} ms per query (mean of 20; wall "
          f"{(time.perf_counter() - t) / 20 * 1000:.1f} ms)")
    kb.close()
    run(out)


SIZE_PARTS = 8  # tables and indexes named in the size report


def text_bytes(corpus: Path) -> int:
    return sum(p.stat().st_size for p in corpus.iterdir() if p.is_file())


def report_size(corpus: Path, out: Path) -> None:
    """kb.sqlite against the text it was built from, and its largest tables and indexes."""
    import sqlite3

    db, text = (out / "kb.sqlite").stat().st_size, text_bytes(corpus)
    conn = sqlite3.connect(f"file:{out / 'kb.sqlite'}?mode=ro", uri=True)
    try:
        parts = conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT ?",
                             (SIZE_PARTS,)).fetchall()
    except sqlite3.OperationalError:  # an SQLite without the dbstat table
        parts = []
    conn.close()
    print(f"kb.sqlite: {db / 1e6:.0f} MB = {db / max(1, text):.2f} x the text ({text / 1e6:.0f} MB)" + (
        "; largest: " + ", ".join(f"{name} {size / 1e6:.0f} MB" for name, size in parts) if parts else ""))


def profile(corpus: Path, n: int) -> None:
    """cProfile of the extraction of ``n`` synthetic files in this process: where a worker's time goes."""
    import cProfile
    import pstats

    from extractor.kb.build import process

    files = sorted(corpus.glob("*.txt"))[:n]
    with tempfile.TemporaryDirectory() as tmp:
        process((str(files[0]), files[0].name, "", tmp))  # warm up: models and patterns load once per worker
        prof = cProfile.Profile()
        t = time.perf_counter()
        prof.enable()
        for f in files:
            process((str(f), f.name, "", tmp))
        prof.disable()
        dt = time.perf_counter() - t
    from extractor.kb.search import _segment_masked

    info = _segment_masked.cache_info()
    print(f"\nprofile: {n} files in one process, {dt / n * 1000:.0f} ms per file (profiler on); sentences segmented "
          f"{info.misses}, met again {info.hits} ({info.hits / max(1, info.hits + info.misses):.0%})")
    stats = pstats.Stats(prof)
    stats.sort_stats("cumulative").print_stats(r"extractor|underthesea", 25)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--real", type=Path, nargs="?", const=REAL, default=None, metavar="DIR",
                    help=f"repeat the real gazette corpus (default {REAL}) instead of synthesizing from corpus/")
    ap.add_argument("--keep", type=Path, help="build here and keep it (default: a temporary folder, removed)")
    ap.add_argument("--queries-only", action="store_true", help="only query the corpus built before in --keep DIR")
    ap.add_argument("--profile", type=int, default=0, help="also profile the extraction of this many files")
    args = ap.parse_args()
    if args.queries_only and not args.keep:
        ap.error("--queries-only needs --keep DIR, the folder of an earlier run")
    work = args.keep or Path(tempfile.mkdtemp(prefix="kb_scale_"))
    corpus, out = work / "corpus", work / "output"
    corpus.mkdir(parents=True, exist_ok=True)
    try:
        if args.queries_only:
            report_size(corpus, out)
            time_search(out)
            return
        t = time.perf_counter()
        files, docs = repeat_real(args.real, corpus, args.docs) if args.real else synthesize(corpus, args.docs)
        print(f"{'real (repeated)' if args.real else 'synthetic'} corpus: {files} files, {docs} documents, "
              f"{text_bytes(corpus) / 1e6:.0f} MB ({time.perf_counter() - t:.0f} s)")
        load = os.getloadavg()[0]
        first = run_build(corpus, out, args.workers)
        n, ext, idx = max(1, first["documents"]), first["extract_seconds"], first.get("index_seconds", 0.0)
        print(f"build: {first['documents']} documents in {first['seconds']:.0f} s with {args.workers} workers = "
              f"{first['documents'] / first['seconds']:.1f} docs/s; CPU: main process {first['cpu_main']:.0f} s, "
              f"workers {first['cpu_workers']:.0f} s")
        print(f"  worker wall time {ext:.0f} s = {ext / n * 1000:.0f} ms per document: pipeline {(ext - idx) / n * 1000:.0f} ms, "
              f"indexing (segmentation, JSON) {idx / n * 1000:.0f} ms; main-process writes {first['write_seconds']:.0f} s")
        print(f"  load average {load:.1f} before, {os.getloadavg()[1]:.1f} (5 min) after, on {os.cpu_count()} cores")
        print(f"peak RSS: main process {first['rss_main_mb']:.0f} MB, largest worker {first['rss_worker_mb']:.0f} MB")
        report_size(corpus, out)
        second = run_build(corpus, out, args.workers)
        print(f"second build: {second['summary']} in {second['seconds']:.2f} s (CPU: main {second['cpu_main']:.2f} s)")
        time_search(out)
        if args.profile:
            profile(corpus, args.profile)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
