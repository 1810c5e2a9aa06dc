"""A PDF page's glyphs, rules and boxes read through PDFium's C API (pypdfium2.raw) as the dicts pdfplumber's layout
code takes (x0/x1 across the page, top/bottom down it), the work the PDF loader's fast path does per page.

Every call goes through a ctypes prototype of the PDFium function that takes plain addresses (ints): no pointer
object is made per glyph or per path segment, and nothing is read twice (a text object's font, size and matrix
once, however many glyphs it holds)."""
from __future__ import annotations

import bisect
import ctypes
import functools
import math
import re
from types import SimpleNamespace

# Glyph codes PDFium puts in its text that are no glyph: the line breaks it infers, the BOM-like markers. A space it
# puts for a gap (a generated space) is kept: pdfplumber would see the space glyph (or the gap) there too.
_SKIP = frozenset("\x00\n\r\ufffe\uffff") | frozenset(map(chr, range(0xD800, 0xE000)))
_SKIPPED = re.compile("[\x00\n\r\ufffe\uffff\ud800-\udfff]")
# PDFium's mark for a hyphen that ends a line (\x02): the hyphen as printed
_HYPHEN_MARK = str.maketrans({2: 0x2D})
# A text object narrower than this PDFium leaves out of its text (kSizeEpsilon in cpdf_textpage.cpp): a space set in
# a text object of its own has no width (a blank glyph has no outline), and is lost with it.
BLANK_WIDTH = 0.01
# How far from a left-out space glyph's origin PDFium looks for the glyph whose line it is on (points, each way).
BLANK_REACH = 3.0
# Form XObjects nested deeper than this are not read (pypdfium2's get_objects max_depth, as before).
MAX_DEPTH = 8


@functools.cache
def api() -> SimpleNamespace:
    """ctypes prototypes of the PDFium functions used here, over plain addresses."""
    import pypdfium2.raw as pdfium_c

    vp, i32, u32, ul, f64 = ctypes.c_void_p, ctypes.c_int, ctypes.c_uint, ctypes.c_ulong, ctypes.c_double

    def proto(name: str, restype, *argtypes):
        return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(getattr(pdfium_c, name), vp).value)

    return SimpleNamespace(
        count_chars=proto("FPDFText_CountChars", i32, vp),
        get_text=proto("FPDFText_GetText", i32, vp, i32, i32, vp),
        text_index=proto("FPDFText_GetTextIndexFromCharIndex", i32, vp, i32),
        get_unicode=proto("FPDFText_GetUnicode", u32, vp, i32),
        text_object=proto("FPDFText_GetTextObject", vp, vp, i32),
        loose_box=proto("FPDFText_GetLooseCharBox", i32, vp, i32, vp),
        index_at=proto("FPDFText_GetCharIndexAtPos", i32, vp, f64, f64, f64, f64),
        font_size=proto("FPDFText_GetFontSize", f64, vp, i32),
        char_matrix=proto("FPDFText_GetMatrix", i32, vp, i32, vp),
        font_info=proto("FPDFText_GetFontInfo", ul, vp, i32, vp, ul, vp),
        count_objects=proto("FPDFPage_CountObjects", i32, vp),
        get_object=proto("FPDFPage_GetObject", vp, vp, i32),
        form_count=proto("FPDFFormObj_CountObjects", i32, vp),
        form_object=proto("FPDFFormObj_GetObject", vp, vp, ul),
        object_type=proto("FPDFPageObj_GetType", i32, vp),
        bounds=proto("FPDFPageObj_GetBounds", i32, vp, vp, vp, vp, vp),
        object_matrix=proto("FPDFPageObj_GetMatrix", i32, vp, vp),
        draw_mode=proto("FPDFPath_GetDrawMode", i32, vp, vp, vp),
        stroke_color=proto("FPDFPageObj_GetStrokeColor", i32, vp, vp, vp, vp, vp),
        fill_color=proto("FPDFPageObj_GetFillColor", i32, vp, vp, vp, vp, vp),
        stroke_width=proto("FPDFPageObj_GetStrokeWidth", i32, vp, vp),
        count_segments=proto("FPDFPath_CountSegments", i32, vp),
        get_segment=proto("FPDFPath_GetPathSegment", vp, vp, i32),
        segment_point=proto("FPDFPathSegment_GetPoint", i32, vp, vp, vp),
        segment_type=proto("FPDFPathSegment_GetType", i32, vp),
        segment_close=proto("FPDFPathSegment_GetClose", i32, vp),
        TEXT=pdfium_c.FPDF_PAGEOBJ_TEXT, PATH=pdfium_c.FPDF_PAGEOBJ_PATH, IMAGE=pdfium_c.FPDF_PAGEOBJ_IMAGE,
        FORM=pdfium_c.FPDF_PAGEOBJ_FORM, MOVETO=pdfium_c.FPDF_SEGMENT_MOVETO, BEZIERTO=pdfium_c.FPDF_SEGMENT_BEZIERTO,
        FS_MATRIX=pdfium_c.FS_MATRIX, FS_RECTF=pdfium_c.FS_RECTF,
    )


def address(handle) -> int:
    """A pypdfium2 raw handle (a ctypes pointer) as a plain address."""
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


def _compose(m: tuple, n: tuple) -> tuple:
    """The matrix m then n (PDF row-vector matrices as (a, b, c, d, e, f))."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _white(color) -> bool:
    return color is not None and min(color) >= 0.95


def read_objects(page, doctop: float) -> tuple[dict[str, list[dict]], list[tuple[float, float]], bool]:
    """(shapes, blanks, has_images) of a pypdfium2 page, its objects walked once in content order (Form XObjects
    included, their matrices applied).

    shapes: the page's visible paths as pdfminer gives them to pdfplumber: each subpath a `line` (two points), a `rect`
    (an axis-aligned closed box) or a `curve`, in page coordinates, with stroke and fill and their colours (RGB). A path
    neither stroked nor filled in a colour other than white (a cell's shading, a text background) is left out: the
    loader's table finder would drop it.
    blanks: where the text objects PDFium leaves out of its text (no width: a space glyph drawn on its own) are drawn,
    their origins (x, y) in PDF space."""
    fn = api()
    height = page.get_height()
    out: dict[str, list[dict]] = {"line": [], "rect": [], "curve": []}
    blanks: list[tuple[float, float]] = []
    state = {"images": False}
    m = fn.FS_MATRIX()
    m_at = ctypes.addressof(m)
    floats = (ctypes.c_float * 4)()
    f_at = [ctypes.addressof(floats) + 4 * k for k in range(4)]
    ints = (ctypes.c_int * 2)()
    i_at = [ctypes.addressof(ints) + 4 * k for k in range(2)]
    rgba = (ctypes.c_uint * 4)()
    c_at = [ctypes.addressof(rgba) + 4 * k for k in range(4)]
    TEXT, PATH, IMAGE, FORM = fn.TEXT, fn.PATH, fn.IMAGE, fn.FORM
    MOVETO, BEZIERTO = fn.MOVETO, fn.BEZIERTO
    object_type, bounds, object_matrix = fn.object_type, fn.bounds, fn.object_matrix

    def matrix_of(obj: int) -> tuple:
        if not object_matrix(obj, m_at):
            return _IDENTITY
        return (m.a, m.b, m.c, m.d, m.e, m.f)

    def color(getter, obj: int):
        if not getter(obj, *c_at):
            return None
        return (rgba[0] / 255, rgba[1] / 255, rgba[2] / 255)

    def path(obj: int, form: tuple | None) -> None:
        fn.draw_mode(obj, i_at[0], i_at[1])
        fill, stroke = ints[0] != 0, bool(ints[1])
        stroking = color(fn.stroke_color, obj)
        filling = color(fn.fill_color, obj)
        if not (stroke and not _white(stroking) or fill and not _white(filling)):
            return
        style = {"stroke": stroke, "fill": fill, "stroking_color": stroking, "non_stroking_color": filling,
                 "linewidth": floats[0] if fn.stroke_width(obj, f_at[0]) else 0.0}
        a, b, c, d, e, f = matrix_of(obj) if form is None else _compose(matrix_of(obj), form)
        subpaths: list[list[tuple[float, float]]] = []
        closed: list[bool] = []
        bezier: list[bool] = []
        get_segment, segment_point, segment_type, segment_close = \
            fn.get_segment, fn.segment_point, fn.segment_type, fn.segment_close
        for i in range(fn.count_segments(obj)):
            seg = get_segment(obj, i)
            segment_point(seg, f_at[0], f_at[1])
            x, y = floats[0], floats[1]
            kind = segment_type(seg)
            if kind == MOVETO or not subpaths:
                subpaths.append([])
                closed.append(False)
                bezier.append(False)
            subpaths[-1].append((a * x + c * y + e, height - (b * x + d * y + f)))
            if kind == BEZIERTO:
                bezier[-1] = True
            if segment_close(seg):
                closed[-1] = True
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
            elif not curved and len(ring) == 4 and (shut or len(pts) == 5) and all(
                    p[0] == q[0] or p[1] == q[1] for p, q in zip(ring, ring[1:] + ring[:1])):
                out["rect"].append({**box, "object_type": "rect"})
            else:
                out["curve"].append({**box, "object_type": "curve"})

    def walk(count: int, get, holder: int, level: int, form: tuple | None) -> None:
        for k in range(count):
            obj = get(holder, k)
            if not obj:
                continue
            kind = object_type(obj)
            if kind == TEXT:
                bounds(obj, *f_at)
                if abs(floats[2] - floats[0]) < BLANK_WIDTH:
                    _, _, _, _, x, y = matrix_of(obj) if form is None else _compose(matrix_of(obj), form)
                    blanks.append((x, y))
            elif kind == PATH:
                path(obj, form)
            elif kind == IMAGE:
                state["images"] = True
            elif kind == FORM and level < MAX_DEPTH - 1:
                inner = matrix_of(obj) if form is None else _compose(matrix_of(obj), form)
                walk(fn.form_count(obj), fn.form_object, obj, level + 1, inner)

    raw = address(page.raw)
    walk(fn.count_objects(raw), fn.get_object, raw, 0, None)
    return out, blanks, state["images"]


def _page_text(fn, tp: int, n: int) -> str:
    """The text of PDFium's glyphs 0..n-1 (FPDFText_GetUnicode of each), one character each: read at once when
    PDFium's text holds every glyph once (no glyph left out of it, no character outside the BMP), else glyph by glyph.
    Where the text has U+FFFE (PDFium's stand-in for a glyph of no Unicode value, and for its line-end hyphen mark
    \\x02), the glyph's own value is read."""
    if n and fn.text_index(tp, n - 1) == n - 1:
        buf = (ctypes.c_uint16 * (n + 1))()
        got = fn.get_text(tp, 0, n, ctypes.addressof(buf))
        if got == n + 1:
            text = bytes(buf)[:2 * n].decode("utf-16-le", "surrogatepass")
            if len(text) == n:
                if "\ufffe" not in text:
                    return text
                chars = list(text)
                at = text.find("\ufffe")
                while at >= 0:
                    chars[at] = chr(fn.get_unicode(tp, at))
                    at = text.find("\ufffe", at + 1)
                return "".join(chars)
    get_unicode = fn.get_unicode
    return "".join([chr(get_unicode(tp, i)) for i in range(n)])


def read_chars(page, textpage, doctop: float, blanks: list[tuple[float, float]] | None = None
               ) -> tuple[list[dict], bool]:
    """(the page's glyphs as char dicts, whether all of them are upright).

    A char dict holds what the loader and pdfplumber's word grouping and table reading use: text; box (x0, x1, top,
    bottom, doctop: an upright glyph's `top` is its bottom minus the font size, as pdfminer draws it; a glyph turned a
    quarter takes the font size across its line the same way); upright; size; fontname; matrix (a, b, c, d: how the
    glyph runs, for turning a page set sideways). ``blanks`` (from read_objects): space glyphs PDFium left out, put back
    on the line of the glyph PDFium finds where each is drawn."""
    fn = api()
    height = page.get_height()
    tp = address(textpage.raw)
    n = fn.count_chars(tp)
    text = _page_text(fn, tp, n).translate(_HYPHEN_MARK)
    chars: list[dict] = []
    append = chars.append
    rect = fn.FS_RECTF()
    r_at = ctypes.addressof(rect)
    m = fn.FS_MATRIX()
    m_at = ctypes.addressof(m)
    buf = ctypes.create_string_buffer(128)
    b_at = ctypes.addressof(buf)
    flags = ctypes.c_int()
    fl_at = ctypes.addressof(flags)
    text_object, loose_box = fn.text_object, fn.loose_box
    cache: dict[int, tuple] = {}
    all_upright = True
    last = -1
    font, size, upright, turn, mtx = "", 0.0, True, 0, (0.0, 0.0, 0.0, 0.0)

    for i in range(n):
        ch = text[i]
        if ch in _SKIP:
            continue
        key = text_object(tp, i) or 0
        if key != last:   # font, size and matrix are the text object's: read once per object
            last = key
            got = cache.get(key)
            if got is None:   # (key 0: PDFium's generated spaces, all alike)
                got = cache[key] = _object_style(fn, tp, i, m, m_at, b_at, fl_at)
            font, size, upright, turn, mtx = got
        loose_box(tp, i, r_at)
        x0, x1, r_top, r_bottom = rect.left, rect.right, rect.top, rect.bottom
        if ch == " " and chars and (x1 - x0 <= 0 or r_top - r_bottom <= 0 or size <= 0):
            # a space with no box of its own (a generated one, or a glyph PDFium cannot measure): where it is along
            # the line, on the line of the glyph before it
            prev = chars[-1]
            p_up = prev["upright"]
            if p_up:
                top, bottom = prev["top"], prev["bottom"]
            else:   # right after the glyph before it, in the direction the line runs
                x0, x1 = prev["x0"], prev["x1"]
                top = bottom = prev["top"] if prev["matrix"][1] > 0 else prev["bottom"]
            append({"text": ch, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": doctop + top,
                    "upright": p_up, "size": prev["size"], "fontname": font, "matrix": prev["matrix"]})
            continue
        if upright:
            bottom = height - (r_bottom if r_bottom < r_top else r_top)
            top = bottom - size
        else:
            all_upright = False
            bottom = height - min(r_bottom, r_top)
            top = height - max(r_bottom, r_top)
            if turn == 1:     # runs up the page: the glyph stands to the left of its baseline
                x0 = x1 - size
            elif turn == -1:  # runs down: to the right
                x1 = x0 + size
        append({"text": ch, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": doctop + top,
                "upright": upright, "size": size, "fontname": font, "matrix": mtx})
    if blanks and chars:
        _put_blanks(fn, tp, text, chars, blanks, height, doctop)
    return chars, all_upright


def _object_style(fn, tp: int, i: int, m, m_at: int, b_at: int, fl_at: int) -> tuple:
    """(font name, size, upright, turn, (a, b, c, d)) of glyph i's text object. turn: 1 the text runs up the page,
    -1 down, else 0."""
    size = fn.font_size(tp, i)
    a, b, c, d = size, 0.0, 0.0, size
    if fn.char_matrix(tp, i, m_at):
        a, b, c, d = m.a * size, m.b * size, m.c * size, m.d * size
        size *= math.hypot(m.c, m.d) or 1.0
    upright = abs(b) <= 1e-6 and abs(c) <= 1e-6 and a * d > 0
    turn = 0
    if not upright and abs(a) <= 1e-6 and abs(d) <= 1e-6 and b * c < 0:
        turn = 1 if b > 0 else -1
    got = fn.font_info(tp, i, b_at, 128, fl_at)
    font = ctypes.string_at(b_at, got - 1).decode("latin-1") if 1 < got <= 128 else ""
    return font, size, upright, turn, (a, b, c, d)


def _put_blanks(fn, tp: int, text: str, chars: list[dict], origins: list[tuple[float, float]], height: float,
                doctop: float) -> None:
    """Space glyphs PDFium left out of its text, each put after the glyph PDFium finds where it is drawn (or nearest
    it, a few points off at most): on that glyph's line, at its own place along the line (no width of its own: it only
    parts the words either side, as pdfminer's space glyph would)."""
    # PDFium's glyph i is chars[i - the glyphs skipped before it]
    skipped = [m.start() for m in _SKIPPED.finditer(text)]
    puts = []
    for x, y in origins:
        i = fn.index_at(tp, x, y, BLANK_REACH, BLANK_REACH)
        if i < 0 or text[i] in _SKIP:
            continue
        at = i - bisect.bisect_left(skipped, i)
        near = chars[at]
        if near["upright"]:
            x0 = x1 = x
            top, bottom = near["top"], near["bottom"]
        else:
            x0, x1 = near["x0"], near["x1"]
            top = bottom = height - y
        puts.append((at + 1, {"text": " ", "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": doctop + top,
                              "upright": near["upright"], "size": near["size"], "fontname": near["fontname"],
                              "matrix": near["matrix"]}))
    for at, char in sorted(puts, key=lambda p: p[0], reverse=True):
        chars.insert(at, char)
