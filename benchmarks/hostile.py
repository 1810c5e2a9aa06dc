"""Benchmark: thousands of hostile inputs through the pipeline and a sample through the CLI; prints crashes (any
exception that is not the toolkit's one-line error), hangs, the worst time and the worst memory. Not a test.

    python benchmarks/hostile.py [--n 2000] [--cli 60] [--workers 2] [--hang 10] [--seed 7]

Inputs: random bytes under every supported name, random Unicode, scrambled diacritics (NFD, moved and doubled marks),
legacy encodings, truncated and bit-flipped PDF and DOCX, floods of list markers, commas and agency heads (one line and
many), a long line of Vietnamese words. Each input runs in a worker process that is replaced after every input, so
its peak RSS is that input's; an input still running after ``--hang`` seconds of wall time is killed and counted.
"""
from __future__ import annotations

import argparse
import io
import json
import multiprocessing as mp
import random
import resource
import subprocess
import sys
import tempfile
import time
import unicodedata
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NAMES = ("x.txt", "x.md", "x.pdf", "x.docx", "x.doc", "x.html", "x")
PIECES = ("1) ", "a) ", "- ", "+ ", "I. ", "(i) ", ", ", "; ", "Điều 1. ", "Bộ ", "và ", "Ủy ban nhân dân ", "“", "(")
WORDS = ("bộ tài chính chủ trì phối hợp với các bộ ngành địa phương xây dựng kế hoạch triển khai hoàn thành trong năm "
         "2025 ủy ban nhân dân tỉnh báo cáo trước ngày 15 tháng 6 hằng năm đạt 95% chỉ tiêu").split()


def _sample() -> str:
    return (ROOT / "corpus" / "003_3c51375675936ea5.txt").read_text(encoding="utf-8")


def _pdf() -> bytes:
    try:
        import fpdf
    except ImportError:
        return b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF"
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    for k in range(40):
        pdf.cell(0, 6, f"Dieu {k}. Bo Tai chinh chu tri thuc hien nhiem vu {k}.", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _docx(text: str) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in text.splitlines()[:200]
                   if "<" not in line and "&" not in line)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"/>')
        z.writestr("word/document.xml", '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
                   f'openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>')
    return buf.getvalue()


def inputs(n: int, seed: int):
    """(kind, name, bytes) for ``n`` hostile inputs, the same for a seed on every machine."""
    rnd = random.Random(seed)
    sample = _sample()
    pdf, docx = _pdf(), _docx(sample)
    kinds = ("bytes", "unicode", "scramble", "encoding", "pdf", "docx", "flood", "longline")
    for i in range(n):
        kind = kinds[i % len(kinds)]
        if kind == "bytes":
            yield kind, rnd.choice(NAMES), rnd.randbytes(rnd.randint(0, 20000))
        elif kind == "unicode":
            chars = [chr(rnd.choice((rnd.randint(32, 0x24F), rnd.randint(0x300, 0x36F), rnd.randint(0x1EA0, 0x1EF9),
                                     rnd.randint(0, 0x10FFFF)))) for _ in range(rnd.randint(0, 20000))]
            text = "".join(c for c in chars if not 0xD800 <= ord(c) <= 0xDFFF)
            yield kind, "x.txt", text.encode("utf-8")
        elif kind == "scramble":
            chars = list(unicodedata.normalize("NFD", sample))
            for _ in range(rnd.randint(0, 500)):
                k = rnd.randrange(len(chars) - 1)
                chars.insert(k, "\u0301") if rnd.random() < 0.5 else chars.insert(k, chars.pop(k + 1))
            yield kind, "x.txt", "".join(chars).encode("utf-8")
        elif kind == "encoding":
            enc = rnd.choice(("utf-16", "utf-16-be", "cp1258", "windows-1252", "latin-1", "utf-8-sig", "utf-32"))
            yield kind, rnd.choice(("x.txt", "x.html")), sample.encode(enc, errors="replace")
        elif kind in ("pdf", "docx"):
            data = bytearray((pdf if kind == "pdf" else docx)[:rnd.randint(1, len(pdf if kind == "pdf" else docx))])
            for _ in range(rnd.randint(0, 30)):
                data[rnd.randrange(len(data))] = rnd.randrange(256)
            yield kind, f"x.{kind}", bytes(data)
        elif kind == "flood":
            piece, count = rnd.choice(PIECES), rnd.randint(1, 40000)
            sep = "" if rnd.random() < 0.5 else "\n"
            yield kind, "x.txt", ("QUYẾT ĐỊNH\n" + sep.join([piece] * count)).encode("utf-8")
        else:
            yield kind, "x.txt", " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(10000, 150000))).encode()


def _one(conn, name: str, data: bytes) -> None:
    from extractor import extract_bytes, to_dict
    from extractor.errors import ExtractorError

    t0 = time.process_time()
    try:
        json.dumps(to_dict(extract_bytes(data, name)), ensure_ascii=False)
        outcome = "ok"
    except ExtractorError as err:
        outcome = "error" if "\n" not in str(err).strip() else f"CRASH multi-line message: {str(err)[:200]!r}"
    except BaseException as err:  # noqa: BLE001 — what this benchmark looks for
        outcome = f"CRASH {type(err).__name__}: {str(err)[:200]}"
    conn.send((outcome, time.process_time() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def _run(job, hang: float):
    kind, name, data = job
    parent, child = mp.Pipe(duplex=False)
    proc = mp.get_context("fork").Process(target=_one, args=(child, name, data))
    t0 = time.monotonic()
    proc.start()
    child.close()
    if parent.poll(hang):
        outcome, cpu, rss = parent.recv()
    else:
        outcome, cpu, rss = "HANG", time.monotonic() - t0, float("nan")
        proc.kill()
    proc.join()
    return kind, name, len(data), outcome, cpu, rss


def _cli(jobs, hang: float):
    """The one-line contract of `extractor extract`: JSON on exit 0, else one line on stderr, never a traceback."""
    bad = []
    with tempfile.TemporaryDirectory() as tmp:
        for k, (kind, name, data) in enumerate(jobs):
            path = Path(tmp) / f"{k}_{name}"
            path.write_bytes(data)
            try:
                r = subprocess.run([sys.executable, "-m", "extractor", "extract", str(path)], capture_output=True,
                                   text=True, timeout=hang * 6, cwd=ROOT)
            except subprocess.TimeoutExpired:
                bad.append((kind, name, "HANG"))
                continue
            if "Traceback" in r.stderr or (r.returncode != 0 and len(r.stderr.strip().splitlines()) != 1):
                bad.append((kind, name, r.stderr.strip().splitlines()[-1:] if r.stderr.strip() else "(no message)"))
            elif r.returncode == 0:
                try:
                    json.loads(r.stdout)
                except ValueError:
                    bad.append((kind, name, "exit 0 without JSON"))
    return bad


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--cli", type=int, default=60, help="how many of the inputs also run through the CLI")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--hang", type=float, default=10.0, help="seconds of wall time before an input counts as a hang")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    from extractor import extract_text  # load models once in the parent: forked workers share them
    extract_text("QUYẾT ĐỊNH\nBộ Tài chính chủ trì.")

    jobs = list(inputs(a.n, a.seed))
    t0 = time.monotonic()
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(a.workers) as pool:
        results = list(pool.map(lambda j: _run(j, a.hang), jobs))
    wall = time.monotonic() - t0
    crashes = [r for r in results if r[3].startswith("CRASH")]
    hangs = [r for r in results if r[3] == "HANG"]
    done = [r for r in results if r[3] != "HANG"]
    worst_t = max(done, key=lambda r: r[4])
    worst_m = max(done, key=lambda r: r[5])
    print(f"{len(results)} inputs in {wall:.0f} s wall ({a.workers} workers): "
          f"{sum(r[3] == 'ok' for r in results)} extracted, {sum(r[3] == 'error' for r in results)} refused in one "
          f"line, {len(crashes)} crashes, {len(hangs)} hangs (> {a.hang:g} s)")
    print(f"worst CPU time {worst_t[4]:.1f} s ({worst_t[0]}, {worst_t[1]}, {worst_t[2]} bytes); "
          f"worst peak RSS {worst_m[5]:.0f} MB ({worst_m[0]}, {worst_m[1]}, {worst_m[2]} bytes)")
    for r in (crashes + hangs)[:20]:
        print(f"  {r[3][:160]}  <- {r[0]} {r[1]} {r[2]} bytes")
    if a.cli:
        step = max(1, len(jobs) // a.cli)
        bad = _cli(jobs[::step][:a.cli], a.hang)
        print(f"CLI: {min(a.cli, len(jobs[::step]))} inputs, {len(bad)} broke the one-line contract")
        for b in bad[:10]:
            print(f"  {b}")


if __name__ == "__main__":
    main()
