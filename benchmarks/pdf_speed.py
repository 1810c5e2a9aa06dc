"""PDF loading speed: pages per CPU-second on the gazette PDFs (text layer and OCR), anchored to pdfplumber's
`extract_text` and pypdfium2's text timed in the same run.

    python benchmarks/pdf_speed.py [PDF ...] [--ocr-pages N] [--repeat N] [--min-rate R] [--min-ratio X]

Without arguments it reads shared/pdf/*.pdf beside the repository. CPU time (time.process_time) is measured, not
wall time: the machine may be shared. The OCR figure rasterises the first pages of the same files into image-only
PDFs (what a scanner gives) and reads them back through Tesseract. --min-rate / --min-ratio: exit 1 when loading
(best of --repeat) is slower than R pages per CPU-second, or less than X times pdfplumber's extract_text.
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
    """(pages, best CPU seconds of ``repeat`` runs) of loading (and extracting) every file."""
    pages, best = 0, float("inf")
    for _ in range(repeat):
        start, count = time.process_time(), 0
        for name, data in files:
            source = load_pdf(data, name)
            if extract:
                run(source)
            count += len(source.pages)
        best = min(best, time.process_time() - start)
        pages = count
    return pages, best


def anchors(files: list[tuple[str, bytes]]) -> tuple[float, float]:
    """CPU seconds of pdfplumber `extract_text` and of pypdfium2 `get_text_range` over every page (no layout)."""
    import pdfplumber
    import pypdfium2

    start = time.process_time()
    for _, data in files:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                page.extract_text()
    plumber = time.process_time() - start
    start = time.process_time()
    for _, data in files:
        doc = pypdfium2.PdfDocument(data)
        for k in range(len(doc)):
            doc[k].get_textpage().get_text_range()
        doc.close()
    return plumber, time.process_time() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--ocr-pages", type=int, default=2, help="pages per file to scan and OCR (0: skip OCR)")
    ap.add_argument("--repeat", type=int, default=3, help="best of N runs for the text layer")
    ap.add_argument("--min-rate", type=float, default=None, help="fail below this many pages per CPU-second (load)")
    ap.add_argument("--min-ratio", type=float, default=None, help="fail below this multiple of pdfplumber extract_text")
    a = ap.parse_args()
    paths = a.pdfs or sorted((ROOT.parent / "shared" / "pdf").glob("*.pdf"))
    if not paths:
        print("no PDFs given and none in shared/pdf beside the repository", file=sys.stderr)
        return 2
    files = [(str(p), p.read_bytes()) for p in paths]
    from extractor.parsers import pdf as pdf_loader

    load_pdf(files[0][1], files[0][0])  # imports and caches warmed up
    plumber, pdfium = anchors(files)
    pages, secs = measure(files, a.repeat, extract=False)
    rate, ratio = pages / secs, plumber / secs
    print(f"digital PDF, load only : {pages} pages in {secs:.2f} s CPU = {rate:.1f} pages/s")
    print(f"anchors (same run): pdfplumber extract_text {pages / plumber:.1f} pages/s, pypdfium2 text "
          f"{pages / pdfium:.0f} pages/s; load = {ratio:.2f}× pdfplumber extract_text")
    pdf_loader.FAST = False
    _, slow = measure(files, 1, extract=False)
    pdf_loader.FAST = True
    print(f"the same load with pdfplumber parsing every page (FAST off): {pages / slow:.1f} pages/s "
          f"({slow / secs:.1f}× slower)")
    pages, secs = measure(files, a.repeat, extract=True)
    print(f"digital PDF, load + extract : {pages} pages in {secs:.2f} s CPU = {pages / secs:.1f} pages/s")
    if a.ocr_pages:
        from extractor.parsers.ocr import tesseract_status

        problem = tesseract_status()
        if problem:
            print(f"scanned PDF (OCR) : skipped, {problem}")
        else:
            scans = [(name + " (scan)", scanned(data, a.ocr_pages)) for name, data in files]
            pages, secs = measure(scans, 1, extract=True)
            print(f"scanned PDF (OCR), load + extract : {pages} pages in {secs:.2f} s CPU (Tesseract's own process "
                  f"not counted) = {pages / secs:.2f} pages/s")
    short = []
    if a.min_rate is not None and rate < a.min_rate:
        short.append(f"{rate:.1f} pages/s < {a.min_rate:g}")
    if a.min_ratio is not None and ratio < a.min_ratio:
        short.append(f"{ratio:.2f}× pdfplumber < {a.min_ratio:g}×")
    if short:
        print("too slow: " + "; ".join(short), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
