"""Benchmark: the real corpus built with the local worker pool and with a Dask LocalCluster of the same size; prints
documents/s of each, the cluster's overhead ratio, whether the two knowledge bases are equal, and a projection for a
national corpus. Prints figures; not a test.

    .venv/bin/python benchmarks/scale_out.py [--corpus /tmp/rc/gazette] [--workers 2] [--files N] [--docs 300000]

The corpus: the real gazette files (unpack /work/shared/realcorpus/gazette.tar.gz into /tmp/rc), or the first N of
them. Each build is a fresh `extractor build --full` in a child process (so start-up is counted, as a user meets
it); CPU seconds are those of the child and everything it started (fork server, nannies, workers, extraction
processes), read from /proc every POLL seconds (the last reading of each process kept: a process loses at most its
last POLL seconds).
"""
from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


POLL = 0.1


def _tree(root: int) -> dict[int, float]:
    """CPU seconds of ``root`` and its descendants, by pid."""
    parent, cpu = {}, {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            parent[int(pid)] = int(fields[1])
            cpu[int(pid)] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            pass
    mine, found = {root}, True
    while found:
        found = {p for p, pp in parent.items() if pp in mine and p not in mine}
        mine |= found
    return {p: cpu[p] for p in mine if p in cpu}


def _build(corpus: Path, out: Path, workers: int, engine: str) -> dict:
    t = time.perf_counter()
    proc = subprocess.Popen([str(ROOT / ".venv" / "bin" / "extractor"), "build", str(corpus), "-o", str(out), "--full",
                             "-q", "-w", str(workers), "--engine", engine], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    seen: dict[int, float] = {}
    while proc.poll() is None:
        seen.update(_tree(proc.pid))
        time.sleep(POLL)
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - t
    if proc.returncode:
        sys.exit(f"{engine} build failed: {stderr[-2000:]}")
    conn = sqlite3.connect(out / "kb.sqlite")
    docs = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    files = conn.execute("SELECT count(*) FROM files").fetchone()[0]
    conn.close()
    return {"wall": wall, "cpu": sum(seen.values()), "docs": docs, "files": files,
            "summary": stdout.strip().splitlines()[-1]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/rc/gazette"))
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--files", type=int, default=0, help="only the first N files (0: all)")
    ap.add_argument("--docs", type=int, default=300_000, help="documents in the projection")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"{args.corpus}: unpack /work/shared/realcorpus/gazette.tar.gz there first")
    tmp = Path(tempfile.mkdtemp(prefix="scale-out-"))
    try:
        corpus = args.corpus
        if args.files:
            corpus = tmp / "corpus"
            corpus.mkdir()
            for p in sorted(args.corpus.glob("*"))[: args.files]:
                shutil.copy(p, corpus / p.name)
        size = sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file())
        print(f"corpus: {corpus} ({sum(1 for p in corpus.rglob('*') if p.is_file())} files, {size / 1e6:.1f} MB), "
              f"{args.workers} workers, load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        res = {}
        for engine in ("local", "dask"):
            res[engine] = r = _build(corpus, tmp / engine, args.workers, engine)
            print(f"  {engine:5s}: {r['wall']:6.1f} s wall, {r['cpu']:6.1f} CPU-s, {r['docs'] / r['wall']:5.2f} docs/s, "
                  f"{r['files']} files -> {r['docs']} documents")
        from extractor.kb import store

        dumps = []
        for engine in ("local", "dask"):
            conn = sqlite3.connect(tmp / engine / "kb.sqlite")
            dumps.append(store.dump(conn))
            conn.close()
        docs_same = all((tmp / "local" / "documents" / p.name).read_bytes() == p.read_bytes()
                        for p in (tmp / "dask" / "documents").iterdir()) and \
            len(list((tmp / "local" / "documents").iterdir())) == len(list((tmp / "dask" / "documents").iterdir()))
        print(f"  equal knowledge bases: store {dumps[0] == dumps[1]}, documents' JSON {docs_same}")
        lo, da = res["local"], res["dask"]
        print(f"  overhead: wall {da['wall'] / lo['wall']:.2f}x, CPU {da['cpu'] / lo['cpu']:.2f}x the local pool")
        per_doc = lo["cpu"] / lo["docs"]
        print(f"projection for {args.docs:,} documents at {per_doc:.2f} CPU-s a document (this corpus, local build), "
              f"cluster overhead {da['cpu'] / lo['cpu']:.2f}x:")
        for cores in (16, 64, 256):
            hours = args.docs * per_doc * (da["cpu"] / lo["cpu"]) / cores / 3600
            print(f"  {cores:4d} cores: {hours:6.1f} h")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
