"""Read a PDF: text in reading order, ruled tables as tab-separated rows, running headers/footers dropped, scanned
pages OCR'd. A page's objects (glyphs, rules, boxes) are read by PDFium and laid out by pdfplumber's code; pdfminer
parses only pages to OCR (and every page when FAST is off)."""
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
# Pages' objects (glyphs, lines, boxes) read by PDFium (pypdfium2) and laid out by pdfplumber's code, some ten times
# faster than pdfminer's parser; pages set sideways and scans go through pdfplumber alone. False: pdfplumber for all.
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
    marks = [c for c in chars if _only_marks(c["text"])]
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
    data = table.extract()
    rows = table.rows
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


def _column_x(rows, c: int) -> float | None:
    for row in rows:
        cell = row.cells[c]
        if cell is not None:
            return (cell[0] + cell[2]) / 2
    return None


def _find_tables(fp) -> list:
    if not fp.rects and not fp.lines and not fp.curves:
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
    out = dict(obj)
    x0, x1, top, bottom = obj["x0"], obj["x1"], obj["top"], obj["bottom"]
    if direction == 1:    # read bottom to top: x grows as `top` falls, lines go on to the right
        box = (height - bottom, height - top, x0, x1)
        point = lambda p: (height - p[1], p[0])  # noqa: E731
    else:                 # read top to bottom: lines go on to the left
        box = (top, bottom, width - x1, width - x0)
        point = lambda p: (p[1], width - p[0])  # noqa: E731
    out["x0"], out["x1"], out["top"], out["bottom"] = box
    out["width"], out["height"] = box[1] - box[0], box[3] - box[2]
    out["y0"], out["y1"] = width - box[3], width - box[2]   # the turned page is as high as the sheet is wide
    out["doctop"] = obj.get("doctop", 0) - top + box[2]
    if "pts" in obj:
        out["pts"] = [point(p) for p in obj["pts"]]
    if obj.get("object_type") == "char":
        size = obj.get("size", out["height"])
        out["upright"] = True
        out["matrix"] = (size, 0.0, 0.0, size, out["x0"], out["y0"])
    return out


@functools.cache
def _turned_page_class():
    """pdfplumber's derived page holding turned objects (pdfplumber is imported only when a PDF is read)."""
    from pdfplumber.page import DerivedPage

    class Turned(DerivedPage):
        def __init__(self, parent, direction: int):
            self.bbox = (0, 0, parent.height, parent.width)
            super().__init__(parent)
            self._objects = {
                kind: [_turn(o, direction, parent.width, parent.height) for o in objs
                       if kind != "char" or _direction(o) == direction or not o["text"].strip()]
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
    legacy_font = _prepare_chars(page)
    text_chars = [c for c in page.chars if not c["text"].isspace()]
    if len(text_chars) < MIN_TEXT_CHARS and page.images:
        return [], [], True, False
    fp = page.filter(_visible)
    tables = _find_tables(fp)
    bboxes = [t.bbox for t in tables]

    def outside(obj):
        if obj.get("object_type") != "char" or not bboxes:
            return True
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in bboxes)

    words = fp.filter(outside).extract_words(x_tolerance=3, y_tolerance=3, keep_blank_chars=False)
    rendered = []
    for t in tables:
        rows = ["\t".join(cells) for cells in _table_rows(t) if any(cells)]
        if rows:
            rendered.append((t.bbox[1], t.bbox[3], rows))
    return _lines(words), rendered, False, legacy_font


# --- the fast path: the page's objects through PDFium ----------------------------------------------

def _fast_chars(page, textpage, doctop: float) -> list[dict]:
    """The page's glyphs as pdfplumber's char dicts: text; box (for an upright glyph `top` is its bottom minus the font
    size, as pdfminer draws it); font name; size; the text matrix (how the glyph runs: _upright reads it)."""
    import ctypes
    import math

    import pypdfium2.raw as pdfium_c

    height = page.get_height()
    tp = textpage.raw
    n = pdfium_c.FPDFText_CountChars(tp)
    chars = []
    buf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    m = pdfium_c.FS_MATRIX()
    rect = pdfium_c.FS_RECTF()
    rect_ref, m_ref, flags_ref = ctypes.byref(rect), ctypes.byref(m), ctypes.byref(flags)
    get_unicode, get_box = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_GetLooseCharBox
    # the text object of a glyph, as a plain address (compared from glyph to glyph: no pointer objects made)
    get_object = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
        ctypes.cast(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p).value)
    tp_address = ctypes.cast(tp, ctypes.c_void_p).value
    last_obj = -1
    font, size, upright, a, b, c, d = "", 0.0, True, 0.0, 0.0, 0.0, 0.0
    for i in range(n):
        code = get_unicode(tp, i)
        if code in (0, 10, 13, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
            continue   # the line breaks PDFium infers (a space it puts for a glyph it cannot measure is kept)
        if code == 2:
            code = 0x2D   # PDFium's mark for a hyphen that ends a line: the hyphen as printed
        key = get_object(tp_address, i) or 0
        if key != last_obj:   # font, size and matrix are the text object's: read once per object
            last_obj = key
            size = pdfium_c.FPDFText_GetFontSize(tp, i)
            a, b, c, d = size, 0.0, 0.0, size
            if pdfium_c.FPDFText_GetMatrix(tp, i, m_ref):
                a, b, c, d = m.a * size, m.b * size, m.c * size, m.d * size
                size *= math.hypot(m.c, m.d) or 1.0
            upright = abs(b) <= 1e-6 and abs(c) <= 1e-6 and a * d > 0
            got = pdfium_c.FPDFText_GetFontInfo(tp, i, buf, len(buf), flags_ref)
            font = buf.raw[:max(0, got - 1)].decode("latin-1") if 0 < got <= len(buf) else ""
        get_box(tp, i, rect_ref)
        x0, x1 = rect.left, rect.right
        bottom = height - min(rect.bottom, rect.top)
        top = bottom - size if upright else height - max(rect.bottom, rect.top)
        csize, cup, ca, cb, cc, cd = size, upright, a, b, c, d
        if code == 32 and chars and (x1 - x0 <= 0 or rect.top - rect.bottom <= 0 or size <= 0):
            # a space with no box of its own (a glyph PDFium cannot measure): where it is along the line, on the
            # line of the glyph before it
            prev = chars[-1]
            csize, cup = prev["size"], prev["upright"]
            ca, cb, cc, cd = prev["matrix"][:4]
            if cup:
                top, bottom = prev["top"], prev["bottom"]
            else:   # right after the glyph before it, in the direction the line runs
                x0, x1 = prev["x0"], prev["x1"]
                top = bottom = prev["top"] if cb > 0 else prev["bottom"]
        chars.append({"object_type": "char", "text": chr(code), "x0": x0, "x1": x1, "top": top, "bottom": bottom,
                      "doctop": doctop + top, "width": x1 - x0, "height": bottom - top, "y0": height - bottom,
                      "y1": height - top, "upright": cup, "size": csize, "fontname": font,
                      "matrix": (ca, cb, cc, cd, x0, height - bottom)})
    return chars


def _color(getter, obj) -> tuple[float, float, float] | None:
    import ctypes

    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
        return None
    return (r.value / 255, g.value / 255, b.value / 255)


def _fast_shapes(page, doctop: float) -> dict[str, list[dict]]:
    """The page's paths as pdfminer gives them to pdfplumber: each subpath a `line` (two points), a `rect` (an
    axis-aligned closed box) or a `curve`, in page coordinates, with stroke and fill and their colours (RGB)."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    height = page.get_height()
    out: dict[str, list[dict]] = {"line": [], "rect": [], "curve": []}
    x, y = ctypes.c_float(), ctypes.c_float()
    fillmode, stroke = ctypes.c_int(), ctypes.c_int()
    width = ctypes.c_float()
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=8):
        raw = obj.raw
        m = obj.get_matrix()
        pdfium_c.FPDFPath_GetDrawMode(raw, ctypes.byref(fillmode), ctypes.byref(stroke))
        style = {"stroke": bool(stroke.value), "fill": fillmode.value != 0,
                 "stroking_color": _color(pdfium_c.FPDFPageObj_GetStrokeColor, raw),
                 "non_stroking_color": _color(pdfium_c.FPDFPageObj_GetFillColor, raw),
                 "linewidth": width.value if pdfium_c.FPDFPageObj_GetStrokeWidth(raw, ctypes.byref(width)) else 0.0}
        subpaths: list[list[tuple[float, float]]] = []
        closed: list[bool] = []
        bezier: list[bool] = []
        for i in range(pdfium_c.FPDFPath_CountSegments(raw)):
            seg = pdfium_c.FPDFPath_GetPathSegment(raw, i)
            pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
            px, py = m.a * x.value + m.c * y.value + m.e, m.b * x.value + m.d * y.value + m.f
            kind = pdfium_c.FPDFPathSegment_GetType(seg)
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not subpaths:
                subpaths.append([])
                closed.append(False)
                bezier.append(False)
            subpaths[-1].append((px, height - py))
            bezier[-1] |= kind == pdfium_c.FPDF_SEGMENT_BEZIERTO
            closed[-1] |= bool(pdfium_c.FPDFPathSegment_GetClose(seg))
        for pts, shut, curved in zip(subpaths, closed, bezier):
            if len(pts) < 2:
                continue
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
            box = {**style, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": doctop + top,
                   "width": x1 - x0, "height": bottom - top, "y0": height - bottom, "y1": height - top, "pts": pts}
            ring = pts[:-1] if len(pts) == 5 and pts[0] == pts[-1] else pts
            if len(pts) == 2 and not curved:
                out["line"].append({**box, "object_type": "line"})
            elif not curved and len(ring) == 4 and all(
                    a[0] == b[0] or a[1] == b[1] for a, b in zip(ring, ring[1:] + ring[:1])) and (shut or len(pts) == 5):
                out["rect"].append({**box, "object_type": "rect"})
            else:
                out["curve"].append({**box, "object_type": "curve"})
    return out


@functools.cache
def _pdfium_page_class():
    """pdfplumber's derived page over objects read by PDFium (chars, lines, rects, curves): the same tables, words
    and filters as pdfplumber's own page, without pdfminer parsing the content stream."""
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
    doctop = float(parent.initial_doctop)
    textpage = fpage.get_textpage()
    try:
        chars = _fast_chars(fpage, textpage, doctop)
    finally:
        textpage.close()
    if sum(1 for c in chars if not c["text"].isspace()) < MIN_TEXT_CHARS and _has_images(fpage):
        return None   # a scan: pdfplumber renders it for OCR
    page = _pdfium_page_class()(parent, {"char": chars, **_fast_shapes(fpage, doctop)})
    return page if all(c["upright"] for c in chars) else _upright(page)


def _has_images(page) -> bool:
    import pypdfium2.raw as pdfium_c

    return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=8))


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
