"""OCR of page images with Tesseract and its Vietnamese model: positioned text lines for pages that have no text layer."""
from __future__ import annotations

import shutil
from functools import lru_cache

LANG = "vie"
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-vie"


@lru_cache(maxsize=None)
def tesseract_status() -> str | None:
    """None when Tesseract with the Vietnamese model is usable, else what is missing (one line)."""
    if shutil.which("tesseract") is None:
        return f"Tesseract is not installed ({INSTALL_HINT})"
    try:
        import pytesseract
    except ImportError:
        return "the pytesseract package is not installed (pip install pytesseract)"
    try:
        langs = set(pytesseract.get_languages(config=""))
    except Exception as err:  # a broken install answers with an error of its own
        return f"Tesseract does not run: {str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__}"
    if LANG not in langs:
        return f"Tesseract has no Vietnamese model ({INSTALL_HINT})"
    return None


def ocr_words(image, scale: float = 1.0) -> list[dict]:
    """Words of a page image as pdfplumber-like dicts (x0, x1, top, bottom, text, line), in points when ``scale`` is points per pixel.

    ``line`` identifies Tesseract's own text line, which survives a slightly skewed scan.
    """
    import pytesseract

    data = pytesseract.image_to_data(image, lang=LANG, config="--psm 3", output_type=pytesseract.Output.DICT)
    words = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        if not text:
            continue
        try:
            conf = float(data["conf"][i])
        except (TypeError, ValueError):
            conf = 0.0
        if conf < 0:
            continue
        left, top, width, height = (data[k][i] for k in ("left", "top", "width", "height"))
        words.append({
            "text": text, "x0": left * scale, "x1": (left + width) * scale, "top": top * scale,
            "bottom": (top + height) * scale,
            "line": (data["block_num"][i], data["par_num"][i], data["line_num"][i]),
        })
    return words
