"""PDF loading speed: pages per second on the gazette PDFs, from the text layer and through OCR (goal: ≥ 5 pages/s digital).

    python benchmarks/pdf_speed.py [PDF ...] [--ocr-pages N] [--repeat N]

Without arguments it reads shared/pdf/*.pdf beside the repository. The OCR figure rasterises the first
pages of the same files into image-only PDFs (what a scanner gives) and reads them back through Tesseract.
"""
from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.parsers.pdf import load_pdf  # noqa: E402
from extractor.pipeline import run  # noqa: E402


def scanned(data: bytes, pages: int, dpi: int = 200) -> bytes:
    import pypdfium2

    doc = pypdfium2.PdfDocument(data)
    images = [doc[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(min(pages, len(doc)))]
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return out.getvalue()


def measure(files: list[tuple[str, bytes]], repeat: int, extract: bool) -> tuple[int, float]:
    pages, best = 0, float("inf")
    for _ in range(repeat):
        start, count = time.perf_counter(), 0
        for name, data in files:
            source = load_pdf(data, name)
            if extract:
                run(source)
            count += len(source.pages)
        best = min(best, time.perf_counter() - start)
        pages = count
    return pages, best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--ocr-pages", type=int, default=2, help="pages per file to scan and OCR (0: skip OCR)")
    ap.add_argument("--repeat", type=int, default=3, help="best of N runs for the text layer")
    a = ap.parse_args()
    paths = a.pdfs or sorted((ROOT.parent / "shared" / "pdf").glob("*.pdf"))
    if not paths:
        print("no PDFs given and none in shared/pdf beside the repository", file=sys.stderr)
        return 2
    files = [(str(p), p.read_bytes()) for p in paths]
    load_pdf(files[0][1], files[0][0])  # imports and caches warmed up
    pages, secs = measure(files, a.repeat, extract=False)
    print(f"digital PDF, load only : {pages} pages in {secs:.2f} s = {pages / secs:.1f} pages/s")
    pages, secs = measure(files, a.repeat, extract=True)
    print(f"digital PDF, load + extract : {pages} pages in {secs:.2f} s = {pages / secs:.1f} pages/s")
    if a.ocr_pages:
        from extractor.parsers.ocr import tesseract_status

        problem = tesseract_status()
        if problem:
            print(f"scanned PDF (OCR) : skipped, {problem}")
        else:
            scans = [(name + " (scan)", scanned(data, a.ocr_pages)) for name, data in files]
            pages, secs = measure(scans, 1, extract=True)
            print(f"scanned PDF (OCR), load + extract : {pages} pages in {secs:.2f} s = {pages / secs:.2f} pages/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
