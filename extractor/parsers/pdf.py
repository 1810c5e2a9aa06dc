"""Read a PDF: text in reading order, ruled tables as tab-separated rows, running headers/footers dropped, scanned
pages OCR'd. A page's objects (glyphs, rules, boxes) are read by PDFium (pdfium_read) and laid out as pdfplumber lays
them out: its table finder (run only on a page whose rules could make a table), its word grouping (pdf_words, the
same words in one pass); pdfminer parses only pages to OCR (and every page when FAST is off)."""
from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import logging
import statistics
import threading
import unicodedata
import warnings
from collections import Counter
from dataclasses import dataclass, field

import regex

from ..model import Source
from . import legacy
from ..errors import BrokenFileError, EncryptedFileError, LimitExceededError, MissingToolError, one_line
from .limits import exceeded, resolve

OCR_DPI = 300
# Pages one PDF may have, checked from the page tree's declared /Count before any page is read (raised by
# EXTRACTOR_MAX_PDF_PAGES, or load_pdf's max_pages).
MAX_PAGES = 1000
PAGES_ENV = "EXTRACTOR_MAX_PDF_PAGES"
# A page with fewer characters than this but with an image is a scan.
MIN_TEXT_CHARS = 20
# Pages' objects (glyphs, lines, boxes) read by PDFium (pypdfium2's C API) rather than by pdfminer's parser, about
# ten times faster; scans (little text and an image) go through pdfplumber alone, for OCR. False: pdfplumber for all.
FAST = True
# Running headers and footers: lines in this share of the page height at the top or the bottom.
EDGE_ZONE = 0.15

_MARK = regex.compile(r"\p{M}")
_PAGE_NUMBER = regex.compile(r"^\s*(?:[-–—]\s*)?(?:(?:trang|page)\s+)?\d{1,4}(?:\s*(?:/|trên|of)\s*\d{1,4})?(?:\s*[-–—])?\s*$", regex.I)
_DIGITS = regex.compile(r"\d+")


def _is_label(text: str) -> bool:
    from ..patterns.markers import match_marker

    text = text.strip()
    got = match_marker(text + " x")
    return bool(got) and got[2] >= len(text)


@dataclass
class Line:
    top: float
    bottom: float
    words: list[dict] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return min(w["x0"] for w in self.words)

    @property
    def x1(self) -> float:
        return max(w["x1"] for w in self.words)

    @property
    def height(self) -> float:
        return statistics.median(w["bottom"] - w["top"] for w in self.words)

    def segments(self) -> list[tuple[float, float, str]]:
        """Runs of words separated by a wide gap (a tab stop or a second column)."""
        words = sorted(self.words, key=lambda w: w["x0"])
        gaps = sorted(b["x0"] - a["x1"] for a, b in zip(words, words[1:]))
        # wider than the line's own word spacing (a justified line spaces all its words alike)
        gap = max(0.8 * self.height, 2.5 * statistics.median(gaps[:-1])) if len(gaps) > 1 else 1.5 * self.height
        out, cur = [], [words[0]]
        for w in words[1:]:
            if w["x0"] - cur[-1]["x1"] > gap:
                out.append(cur)
                cur = [w]
            else:
                cur.append(w)
        out.append(cur)
        segs = [(s[0]["x0"], max(w["x1"] for w in s), " ".join(w["text"] for w in s)) for s in out]
        # a list label set off by a tab (`a)` ⇥ text) is not a column of its own
        while len(segs) > 1 and _is_label(segs[0][2]):
            segs[0:2] = [(segs[0][0], segs[1][1], segs[0][2] + " " + segs[1][2])]
        return segs

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in sorted(self.words, key=lambda w: w["x0"]))


@dataclass
class Block:
    top: float
    bottom: float
    lines: list[str]
    height: float = 0.0      # 0 for a table
    x0: float = 0.0
    x1: float = 0.0
    single: bool = False     # one text line (not a column run, not a table)
    first_word: float = 0.0  # width of its first word: a line wraps when that word did not fit above


# --- quiet ---------------------------------------------------------------------------------------

# Libraries that log what they think of a damaged file (pdfminer: "Not adding object 3 to xref …", "MediaBox
# missing from /Page …"). With no logging set up, Python prints such records on stderr; the loader's one-line
# error (or its result) is the whole report, so they are held back while a PDF is read.
QUIET_LOGGERS = ("pdfminer", "pdfplumber", "pypdfium2", "PIL")
_quiet_lock = threading.Lock()
_quiet_users = 0
_quiet_levels: dict[str, int] = {}
# pdfplumber's one warning about a page (an annotation's text in no known encoding): not the reader's concern
warnings.filterwarnings("ignore", message=r"Could not decode .* of annotation", category=UserWarning)


@contextlib.contextmanager
def quiet():
    """The PDF libraries' loggers silenced for the duration (thread-safe: restored when the last reader ends)."""
    global _quiet_users
    with _quiet_lock:
        if _quiet_users == 0:
            for logger_name in QUIET_LOGGERS:
                logger = logging.getLogger(logger_name)
                _quiet_levels[logger_name] = logger.level
                logger.setLevel(logging.CRITICAL + 1)
        _quiet_users += 1
    try:
        yield
    finally:
        with _quiet_lock:
            _quiet_users -= 1
            if _quiet_users == 0:
                for logger_name, level in _quiet_levels.items():
                    logging.getLogger(logger_name).setLevel(level)
                _quiet_levels.clear()


# --- opening -------------------------------------------------------------------------------------

def _declared_pages(pdf) -> int | None:
    """The page count the page tree's root declares (/Count), read without walking the tree."""
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(resolve1(pdf.doc.catalog.get("Pages")).get("Count"))
        return count if isinstance(count, int) and count >= 0 else None
    except Exception:  # a damaged catalog: the walk of the tree below reports it
        return None


def _too_many_pages(count: int, most: int, name: str):
    return exceeded(f"the PDF has {count:,} pages", f"{most:,}", "pdf.MAX_PAGES", PAGES_ENV, name)


def _open(data: bytes, name: str, max_pages: int | None = None):
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    most = resolve(max_pages, MAX_PAGES, PAGES_ENV)
    pdf = None
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        declared = _declared_pages(pdf)
        if declared is not None and declared > most:  # before the page tree is walked
            raise _too_many_pages(declared, most, name)
        pdf.pages  # parses the page tree: damaged files fail here
        if len(pdf.pages) > most:  # a /Count that understated the pages
            raise _too_many_pages(len(pdf.pages), most, name)
    except LimitExceededError:
        pdf.close()
        raise
    except Exception as err:  # pdfminer raises many types; all mean the same to the user
        cause = err
        while getattr(cause, "__context__", None) is not None and not isinstance(cause, PDFPasswordIncorrect):
            cause = cause.__context__
        text = f"{type(err).__name__} {err} {type(cause).__name__}".lower()
        if isinstance(cause, PDFPasswordIncorrect) or "password" in text or "encrypt" in text:
            raise EncryptedFileError("the PDF is encrypted with a password; decrypt it first (qpdf --decrypt)", name) from None
        raise BrokenFileError(f"damaged PDF, cannot be read ({_reason(err)})", name) from None
    return pdf


def _reason(err: Exception) -> str:
    return one_line(err, 120) or type(err).__name__


# --- characters ----------------------------------------------------------------------------------

def _white(color) -> bool:
    if color is None or isinstance(color, str):
        return False
    vals = list(color) if isinstance(color, (list, tuple)) else [color]
    try:
        vals = [float(v) for v in vals]
    except (TypeError, ValueError):
        return False
    if len(vals) == 4:  # CMYK
        return all(v <= 0.05 for v in vals)
    return bool(vals) and all(v >= 0.95 for v in vals)


def _visible(obj) -> bool:
    """Rules and borders count; white or invisible boxes (cell shading, text backgrounds) do not."""
    if obj.get("object_type") not in ("rect", "line", "curve"):
        return True
    if obj.get("stroke") and not _white(obj.get("stroking_color")):
        return True
    if obj.get("fill") and not _white(obj.get("non_stroking_color")):
        return True
    return False


def _prepare_chars(page) -> bool:
    """In place: legacy-font glyphs converted to Unicode; combining marks moved just after their base letter.
    True when the page uses a legacy Vietnamese font."""
    return _prepare(page.chars)


@functools.lru_cache(maxsize=4096)
def _only_marks(text: str) -> bool:
    """Whether a glyph's text is combining marks alone (a tone mark drawn as a glyph of its own)."""
    return bool(text) and all(_MARK.match(ch) for ch in text)


def _prepare(chars: list[dict]) -> bool:
    fonts = {c.get("fontname") for c in chars}
    legacy_fonts = {f for f in fonts if legacy.font_encoding(f)}
    if legacy_fonts:
        for c in chars:
            if c.get("fontname") in legacy_fonts:
                c["text"] = legacy.convert_char(c["text"], c["fontname"])
    # (a combining mark is U+0300 or above: a glyph whose text starts lower is no mark)
    marks = [c for c in chars if c["text"] >= "\u0300" and _only_marks(c["text"])]
    if not marks:
        return bool(legacy_fonts)
    bases = [c for c in chars if c["text"] and not _MARK.match(c["text"][0]) and not c["text"].isspace()]
    for m in marks:
        mid = (m["x0"] + m["x1"]) / 2
        for b in bases:
            if b["x0"] - 0.5 <= mid <= b["x1"] + 0.5 and b["top"] - 4 <= m["top"] <= b["bottom"] + 1 \
                    or b["x0"] <= mid <= b["x1"] and abs(b["top"] - m["top"]) < b["size"]:
                width = m["x1"] - m["x0"]
                m["x0"] = b["x1"] - 0.001
                m["x1"] = m["x0"] + min(width, 0.001)
                m["top"], m["bottom"] = b["top"], b["bottom"]
                break
    return bool(legacy_fonts)


# --- lines and columns ---------------------------------------------------------------------------

def _lines(words: list[dict]) -> list[Line]:
    """Words grouped into lines: a word joins a line its vertical middle falls in (superscripts included)."""
    lines: list[Line] = []
    if words and "line" in words[0]:  # OCR words come with their line
        by_key: dict = {}
        for w in words:
            by_key.setdefault(w["line"], []).append(w)
        for ws in by_key.values():
            lines.append(Line(min(w["top"] for w in ws), max(w["bottom"] for w in ws), ws))
        lines.sort(key=lambda ln: (ln.top, ln.x0))
        return lines
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        mid = (w["top"] + w["bottom"]) / 2
        for ln in reversed(lines[-4:]):
            if ln.top - 1 <= mid <= ln.bottom + 1 and w["top"] < ln.bottom:
                ln.words.append(w)
                ln.bottom = max(ln.bottom, w["bottom"]) if w["bottom"] - w["top"] <= 1.5 * (ln.bottom - ln.top) else ln.bottom
                break
        else:
            lines.append(Line(w["top"], w["bottom"], [w]))
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return lines


def _column_blocks(lines: list[Line]) -> list[Block]:
    """Lines as blocks in reading order; a run of side-by-side columns (the header block of issuer and
    motto, the signature block beside the addressees) is read left column first, then the right one."""
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        segs = lines[i].segments()
        if len(segs) != 2:
            ln = lines[i]
            first = min(ln.words, key=lambda w: w["x0"])
            blocks.append(Block(ln.top, ln.bottom, [ln.text], ln.height, ln.x0, ln.x1, True, first["x1"] - first["x0"]))
            i += 1
            continue
        boundary = (segs[0][1] + segs[1][0]) / 2
        left, right = [segs[0][2]], [segs[1][2]]
        j = i + 1
        while j < len(lines):
            s = lines[j].segments()
            height = lines[j].height
            if lines[j].top - lines[j - 1].bottom > 3 * height:
                break
            if len(s) == 2 and s[0][1] < boundary + height and s[1][0] > boundary - height:
                left.append(s[0][2])
                right.append(s[1][2])
            elif len(s) == 1 and s[0][1] <= boundary + height / 2:
                left.append(s[0][2])
            elif len(s) == 1 and s[0][0] >= boundary - height / 2:
                right.append(s[0][2])
            else:
                break
            j += 1
        blocks.append(Block(lines[i].top, lines[j - 1].bottom, left + right, lines[i].height,
                            min(ln.x0 for ln in lines[i:j]), max(ln.x1 for ln in lines[i:j])))
        i = j
    return blocks


def _key(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.lower().split()))


def _furniture(pages: list[list[Line]], heights: list[float]) -> list[set[int]]:
    """Per page, the indexes of running-header/footer lines and bare page numbers at the page edges."""
    n = len(pages)
    candidates = []
    for lines, h in zip(pages, heights):
        edge = set(range(min(3, len(lines)))) | set(range(max(0, len(lines) - 3), len(lines)))
        candidates.append({k for k in edge if lines[k].top < EDGE_ZONE * h or lines[k].bottom > (1 - EDGE_ZONE) * h})
    counts = Counter()
    for lines, cand in zip(pages, candidates):
        counts.update({_key(lines[k].text) for k in cand})
    need = max(2, (n + 1) // 2)
    out = []
    for lines, cand in zip(pages, candidates):
        drop = set()
        for k in cand:
            text = lines[k].text
            if n >= 2 and counts[_key(text)] >= need or _PAGE_NUMBER.match(text):
                drop.add(k)
        out.append(drop)
    return out


# --- tables --------------------------------------------------------------------------------------

def _cell_text(text: str | None) -> str:
    """A cell's lines folded to one: a word cut after its hyphen ("52-" / "CT/TW") is joined back."""
    if not text:
        return ""
    text = regex.sub(r"(?<=\w-)\s*\n\s*(?=\w)|(?<=\w)\s*\n\s*(?=-\w)", "", text)
    return " ".join(text.replace("\t", " ").split())


def _table_rows(table) -> list[list[str]]:
    """Rows of a ruled table with merged cells resolved: a cell spanning columns is written once, a cell
    spanning rows is repeated in each row it spans, the number column too (an agency's number and name
    spanning its tasks, a task spanning the sub-rows of its products). A first cell left empty without a
    cell spanning it is the rest of a row the page break cut."""
    rows = table.rows
    data = _table_text(table, rows)
    out: list[list[str]] = []
    for r, (row, cells) in enumerate(zip(data, rows)):
        line = []
        for c, value in enumerate(row):
            if value is not None or cells.cells[c] is not None:
                line.append(_cell_text(value))
                continue
            left = next((k for k in range(c - 1, -1, -1) if cells.cells[k] is not None), None)
            col_x = _column_x(rows, c)
            if left is not None and col_x is not None and cells.cells[left][2] > col_x:
                line.append("")  # spans from the left
                continue
            above = next((k for k in range(r - 1, -1, -1) if rows[k].cells[c] is not None), None)
            if above is not None and rows[above].cells[c][3] > (cells.bbox[1] + cells.bbox[3]) / 2:
                line.append(out[above][c] if above < len(out) and c < len(out[above]) else "")
            else:
                line.append("")
        out.append(line)
    return out


def _table_text(table, rows) -> list[list[str | None]]:
    """pdfplumber's ``Table.extract()`` (the same cells, the same text), looking for each row's glyphs among those
    inside the table rather than among all the page's."""
    from .pdf_words import text as extract_text   # pdfplumber's utils.extract_text

    x0, top, x1, bottom = table.bbox
    chars = [c for c in table.page.chars
             if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom]
    out = []
    for row in rows:
        rx0, rtop, rx1, rbottom = row.bbox
        row_chars = [c for c in chars if rx0 <= (c["x0"] + c["x1"]) / 2 < rx1
                     and rtop <= (c["top"] + c["bottom"]) / 2 < rbottom]
        line: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                line.append(None)
                continue
            cx0, ctop, cx1, cbottom = cell
            cell_chars = [c for c in row_chars if cx0 <= (c["x0"] + c["x1"]) / 2 < cx1
                          and ctop <= (c["top"] + c["bottom"]) / 2 < cbottom]
            line.append(extract_text(cell_chars) if cell_chars else "")
        out.append(line)
    return out


def _column_x(rows, c: int) -> float | None:
    for row in rows:
        cell = row.cells[c]
        if cell is not None:
            return (cell[0] + cell[2]) / 2
    return None


def _may_hold_table(lines: list[dict], rects: list[dict], curves: list[dict]) -> bool:
    """Whether the page's rules could make a table of two columns: pdfplumber's table finder (lines strategy) needs
    edges of length 1 or more at three x positions at least and at two y positions; counted from the objects as the
    finder makes its edges (a line not level counts as upright, a box gives four sides, a curve a side per segment
    that runs level or upright)."""
    across = down = 0
    for o in lines:
        if o["top"] == o["bottom"]:
            across += o["width"] >= 1
        else:
            down += o["height"] >= 1
    for o in rects:
        across += 2 * (o["width"] >= 1)
        down += 2 * (o["height"] >= 1)
    for o in curves:
        pts = o["pts"]
        for p, q in zip(pts, pts[1:]):
            if p[0] == q[0]:
                down += abs(p[1] - q[1]) >= 1
            elif p[1] == q[1]:
                across += abs(p[0] - q[0]) >= 1
    return down >= 3 and across >= 2


def _find_tables(fp) -> list:
    if not _may_hold_table(fp.lines, fp.rects, fp.curves):
        return []
    tables = []
    for t in fp.find_tables():
        # a grid of two columns or more; one row is enough (a row cut by the page break)
        if t.rows and max(len(r.cells) for r in t.rows) >= 2:
            tables.append(t)
    return tables


# --- pages set sideways ------------------------------------------------------------------------

def _direction(char: dict) -> int:
    """How a glyph runs on the page: 0 upright, 1 upwards (a landscape page set on a portrait one), -1 downwards."""
    a, b = char["matrix"][0], char["matrix"][1]
    if abs(b) <= abs(a):
        return 0
    return 1 if b > 0 else -1


def _turn(obj: dict, direction: int, width: float, height: float) -> dict:
    """An object's box in the frame of text running ``direction`` (up: page height becomes the width)."""
    x0, x1, top, bottom = obj["x0"], obj["x1"], obj["top"], obj["bottom"]
    if direction == 1:    # read bottom to top: x grows as `top` falls, lines go on to the right
        nx0, nx1, ntop, nbottom = height - bottom, height - top, x0, x1
    else:                 # read top to bottom: lines go on to the left
        nx0, nx1, ntop, nbottom = top, bottom, width - x1, width - x0
    out = {**obj, "x0": nx0, "x1": nx1, "top": ntop, "bottom": nbottom, "width": nx1 - nx0, "height": nbottom - ntop,
           # the turned page is as high as the sheet is wide
           "y0": width - nbottom, "y1": width - ntop, "doctop": obj.get("doctop", 0) - top + ntop}
    if "pts" in obj:
        out["pts"] = [(height - p[1], p[0]) for p in obj["pts"]] if direction == 1 else \
            [(p[1], width - p[0]) for p in obj["pts"]]
    return out


def _turn_char(c: dict, direction: int, width: float, height: float) -> dict:
    """A glyph turned as _turn turns a box, then running upright: what word grouping and table reading use of it."""
    x0, x1, top, bottom = c["x0"], c["x1"], c["top"], c["bottom"]
    if direction == 1:
        nx0, nx1, ntop, nbottom = height - bottom, height - top, x0, x1
    else:
        nx0, nx1, ntop, nbottom = top, bottom, width - x1, width - x0
    size = c.get("size", nbottom - ntop)
    return {"text": c["text"], "x0": nx0, "x1": nx1, "top": ntop, "bottom": nbottom,
            "doctop": c.get("doctop", 0) - top + ntop, "upright": True, "size": size, "fontname": c.get("fontname"),
            "matrix": (size, 0.0, 0.0, size, nx0, width - nbottom)}


@functools.cache
def _turned_page_class():
    """pdfplumber's derived page holding turned objects (pdfplumber is imported only when a PDF is read)."""
    from pdfplumber.page import DerivedPage

    class Turned(DerivedPage):
        def __init__(self, parent, direction: int):
            self.bbox = (0, 0, parent.height, parent.width)
            super().__init__(parent)
            width, height = parent.width, parent.height
            self._objects = {
                kind: [_turn(o, direction, width, height) for o in objs] if kind != "char" else
                [_turn_char(o, direction, width, height) for o in objs
                 if _direction(o) == direction or not o["text"].strip()]
                for kind, objs in parent.objects.items()}

        @property
        def objects(self):
            return self._objects

    return Turned


def _upright(page):
    """A page whose text mostly runs up or down the sheet (a landscape table printed sideways), turned to read
    left to right; glyphs running the other way (the running header) are left out. Other pages as they are."""
    counts = Counter(_direction(c) for c in page.chars if c["text"].strip())
    direction, n = counts.most_common(1)[0] if counts else (0, 0)
    if direction == 0 or n * 2 <= sum(counts.values()):
        return page
    return _turned_page_class()(page, direction)


# --- pages ---------------------------------------------------------------------------------------

def _page_content(page) -> tuple[list[Line], list[tuple[float, float, list[str]]], bool, bool]:
    """(text lines outside tables, [(top, bottom, tab rows)] of each table, needs OCR, uses a legacy font)."""
    from .pdf_words import words as extract_words

    legacy_font = _prepare_chars(page)
    chars = page.chars
    if _few_glyphs(chars) and page.images:
        return [], [], True, False
    objects = page.objects
    shapes = {kind: [o for o in objects.get(kind, ()) if _visible(o)] for kind in ("line", "rect", "curve")}
    tables = _find_tables(_objects_page_class()(page, {"char": chars, **shapes}))
    for t in tables:   # the text outside them
        x0, top, x1, bottom = t.bbox
        chars = [c for c in chars
                 if not (x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom)]
    words = extract_words(chars)   # pdfplumber's extract_words(x_tolerance=3, y_tolerance=3, keep_blank_chars=False)
    rendered = []
    for t in tables:
        rows = ["\t".join(cells) for cells in _table_rows(t) if any(cells)]
        if rows:
            rendered.append((t.bbox[1], t.bbox[3], rows))
    return _lines(words), rendered, False, legacy_font


def _few_glyphs(chars: list[dict]) -> bool:
    """Fewer than MIN_TEXT_CHARS glyphs other than spaces."""
    n = 0
    for c in chars:
        if not c["text"].isspace():
            n += 1
            if n >= MIN_TEXT_CHARS:
                return False
    return True


# --- the fast path: the page's objects through PDFium ----------------------------------------------

@functools.cache
def _objects_page_class():
    """pdfplumber's derived page over objects given to it (chars, lines, rects, curves): a fast-path page (objects read
    by PDFium, no content stream parsed by pdfminer), or the page the table finder looks at (a page's visible rules)."""
    from pdfplumber.page import DerivedPage

    class PdfiumPage(DerivedPage):
        def __init__(self, parent, objects: dict):
            self.bbox = parent.bbox
            super().__init__(parent)
            self._objects = objects

        @property
        def objects(self):
            return self._objects

    return PdfiumPage


def _fast_page(parent, fpage):
    """The pdfplumber page ``parent`` with its objects read by PDFium from ``fpage`` (turned upright when its text runs
    up or down the sheet), or None to let pdfplumber read it: little text and an image, a scan to OCR."""
    from .pdfium_read import read_chars, read_objects

    doctop = float(parent.initial_doctop)
    shapes, blanks, images = read_objects(fpage, doctop)
    textpage = fpage.get_textpage()
    try:
        chars, upright = read_chars(fpage, textpage, doctop, blanks)
    finally:
        textpage.close()
    if images and _few_glyphs(chars):
        return None   # a scan: pdfplumber renders it for OCR
    page = _objects_page_class()(parent, {"char": chars, **shapes})
    return page if upright else _upright(page)


def _ocr_page(page) -> list[Line]:
    from .ocr import ocr_words, tesseract_status

    problem = tesseract_status()
    if problem:
        raise MissingToolError(f"page {page.page_number} is a scan without a text layer and needs OCR, but {problem}",
                               None)
    image = page.to_image(resolution=OCR_DPI).original
    words = ocr_words(image, scale=72 / OCR_DPI)
    for w in words:
        w["text"] = unicodedata.normalize("NFC", w["text"])
    return _lines(words)


_CLOSING = regex.compile(r"[.;:!?]\W*$")


def _margins(blocks: list[Block]) -> tuple[float, float]:
    """The right margin of the page's text lines, and how near to it a line counts as running to it."""
    singles = sorted(b.x1 for b in blocks if b.single)
    lefts = sorted(b.x0 for b in blocks if b.single)
    if not singles:
        return float("inf"), 0.0
    right = singles[int(len(singles) * 0.95)] if len(singles) > 4 else singles[-1]
    return right, max(4.0, 0.035 * (right - lefts[0]))


def _full(b: Block, right: float, tol: float) -> bool:
    return not b.single or b.x1 >= right - tol


def _wraps(a: Block, b: Block, right: float, tol: float) -> bool:
    """Line b goes on from line a: a runs to the margin, or b's first word would not have fitted after a."""
    from ..patterns.markers import match_marker

    if not (a.single and b.single) or match_marker(b.lines[0].lstrip()):
        return False
    return _full(a, right, tol) or a.x1 + 0.3 * a.height + b.first_word > right + 1


def _joiner(last: str, first: str) -> str:
    return "" if regex.search(r"\w-$", last) and regex.match(r"\w", first) else " "


def _page_text(blocks: list[Block], pitch: float) -> str:
    """The page's blocks in reading order. Lines of one paragraph (no paragraph spacing between them, the
    upper one running to the right margin) are joined, a word cut after its hyphen joined back; a blank
    line ends a paragraph, except between short lines of one block (the lines of a centred title)."""
    right, tol = _margins(blocks)
    out: list[str] = []
    prev = None
    for b in blocks:
        if prev is not None:
            step = b.top - (prev.top if len(prev.lines) == 1 else prev.bottom - prev.height)
            last, first = prev.lines[-1], b.lines[0]
            if not b.height or not prev.height:
                sep = "\n\n"
            elif step > 1.3 * pitch:
                title = not _full(prev, right, tol) and not _full(b, right, tol) \
                    and not _CLOSING.search(last) and not _CLOSING.search(first)
                sep = "\n" if title else "\n\n"
            elif _wraps(prev, b, right, tol):
                sep = _joiner(last, first)
            else:
                sep = "\n"
            out.append(sep)
        out.append("\n".join(b.lines))
        prev = b
    return "".join(out)


def _page_break(prev_blocks: list[Block], blocks: list[Block]) -> str:
    """Between two pages: a paragraph running on is joined; else a paragraph break."""
    if not prev_blocks or not blocks:
        return "\n\n"
    a, b = prev_blocks[-1], blocks[0]
    if not a.height and not b.height:
        return "\n"  # a table going on over the page
    right, tol = _margins(prev_blocks)
    if _wraps(a, b, right, tol):
        return _joiner(a.lines[-1], b.lines[0])
    return "\n\n"


def load_pdf(data: bytes, name: str = "<pdf>", ocr: bool = True, max_pages: int | None = None) -> Source:
    """The text of a PDF as a Source: pages in order, with their offsets in ``original``."""
    with quiet():
        return _load_pdf(data, name, ocr, max_pages)


def _pdfium(data: bytes):
    """The same PDF opened by PDFium, for the fast path; None when PDFium cannot open it (pdfplumber reads it all)."""
    try:
        import pypdfium2

        return pypdfium2.PdfDocument(data)
    except Exception:
        return None


def _load_pdf(data: bytes, name: str, ocr: bool, max_pages: int | None) -> Source:
    pdf = _open(data, name, max_pages)
    fast = _pdfium(data) if FAST else None
    if fast is not None and len(fast) != len(pdf.pages):
        fast.close()
        fast = None
    page_lines: list[list[Line]] = []
    page_tables: list[list[tuple[float, float, list[str]]]] = []
    heights: list[float] = []
    ocr_pages: list[int] = []
    legacy_fonts: list[bool] = []
    try:
        for n, page in enumerate(pdf.pages, 1):
            try:
                view = None
                if fast is not None:
                    fpage = fast[n - 1]
                    try:
                        view = _fast_page(page, fpage)
                    finally:
                        fpage.close()
                view = view if view is not None else _upright(page)
                lines, tables, scanned, legacy_font = _page_content(view)
                legacy_fonts.append(legacy_font)
                if scanned and ocr:
                    lines = _ocr_page(page)
                    ocr_pages.append(n)
            except MissingToolError as err:
                raise MissingToolError(err.message, name) from None
            except Exception as err:  # a damaged page stream
                raise BrokenFileError(f"damaged PDF, page {n} cannot be read ({_reason(err)})", name) from None
            page_lines.append(lines)
            page_tables.append(tables)
            heights.append(float(view.height))
            page.flush_cache()
            page.close() if hasattr(page, "close") else None
    finally:
        pdf.close()
        if fast is not None:
            fast.close()
    if not page_lines:
        raise BrokenFileError("the PDF has no pages", name)
    drops = _furniture(page_lines, heights)
    # the usual distance from one line to the next: more than that is paragraph spacing
    steps = [b.top - a.top for lines in page_lines for a, b in zip(lines, lines[1:])
             if 0 < b.top - a.top < 3 * a.height]
    pitch = statistics.median(steps) if steps else 14.0
    # a text layer typed in a legacy font whose name did not survive (a substituted font): by content
    sample = "\n".join(ln.text for lines in page_lines[:20] for ln in lines)
    legacy_kind = None if any(legacy_fonts) else legacy.detect(sample)
    parts: list[str] = []
    pages: list[tuple[int, int]] = []
    pos = 0
    prev_blocks: list[Block] = []
    for lines, tables, drop in zip(page_lines, page_tables, drops):
        kept = [ln for k, ln in enumerate(lines) if k not in drop]
        blocks = _column_blocks(kept) + [Block(top, bottom, rows) for top, bottom, rows in tables]
        blocks.sort(key=lambda b: b.top)
        text = _page_text(blocks, pitch)
        if legacy_kind:
            text = legacy.convert(text, legacy_kind)
        text = unicodedata.normalize("NFC", text)
        if parts:
            sep = _page_break(prev_blocks, blocks)
            parts.append(sep)
            pos += len(sep)
        pages.append((pos, pos + len(text)))
        parts.append(text)
        pos += len(text)
        if blocks:
            prev_blocks = blocks
    original = "".join(parts)
    if not original.strip():
        from ..errors import EmptyFileError

        raise EmptyFileError("the PDF has no text (and no scanned pages to OCR)", name)
    encoding = "pdf" + ("+ocr" if ocr_pages else "")
    return Source(path=name, sha256=hashlib.sha256(data).hexdigest(), encoding=encoding, size=len(data),
                  original=original, format="pdf", pages=pages, ocr_pages=ocr_pages)
