"""Glyphs grouped into words, and a table cell's glyphs into its text, as pdfplumber groups them with the PDF loader's
settings (``extract_words(x_tolerance=3, y_tolerance=3, keep_blank_chars=False)`` and ``utils.extract_text`` with its
defaults), in one pass without pdfplumber's per-glyph calls: the same words, in the same order, with the same boxes
(tests/test_pdf_fast.py holds them against pdfplumber's on the gazette PDFs).

The steps, as pdfplumber takes them: runs of glyphs alike in being upright or not; in a run, lines by clustering the
glyphs' `top` (upright) or `x0` (turned) within the tolerance, each line's glyphs in order along it; a word ends at a
blank glyph, or where the next glyph goes back, leaves a gap wider than the tolerance, or steps off the line."""
from __future__ import annotations

import functools
from itertools import groupby
from operator import itemgetter

# pdfplumber's x and y tolerances (its defaults, and the loader's settings)
TOLERANCE = 3
_UPRIGHT = itemgetter("upright")
_ALONG_UPRIGHT = itemgetter("x0")
_ALONG_TURNED = itemgetter("top", "bottom")


@functools.cache
def _ligatures() -> tuple[dict[str, str], frozenset[str]]:
    """pdfplumber's ligature expansions (ﬁ → fi), and the ligature characters."""
    from pdfplumber.utils.text import LIGATURES

    return dict(LIGATURES), frozenset(LIGATURES)


def _clusters(objs: list[dict], key: str) -> list[list[dict]]:
    """pdfplumber's cluster_objects(objs, key, TOLERANCE): the distinct values chained while each is within the
    tolerance of the one before; the objects by cluster, each cluster in the objects' order."""
    index: dict[float, int] = {}
    k = -1
    last = None
    for v in sorted({o[key] for o in objs}):
        if last is None or not v <= last + TOLERANCE:
            k += 1
        index[v] = k
        last = v
    groups: list[list[dict]] = [[] for _ in range(k + 1)]
    for o in objs:
        groups[index[o[key]]].append(o)
    return groups


def _word(chars: list[dict], x0: float, top: float, x1: float, bottom: float) -> dict:
    text = "".join([c["text"] or "" for c in chars])
    lig, lig_chars = _ligatures()
    if not lig_chars.isdisjoint(text):
        text = "".join(lig.get(c["text"], c["text"] or "") for c in chars)
    return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "upright": chars[0]["upright"]}


def _split(line: list[dict], a0: str, a1: str, across: str, out: list[dict]) -> None:
    """A line's glyphs (in order along it) into words: a0/a1 the glyph's start and end along the line, `across` the
    coordinate compared across it."""
    cur: list[dict] = []
    wx0 = wtop = wx1 = wbottom = 0.0
    for c in line:
        t = c["text"]
        if t.isspace():
            if cur:
                out.append(_word(cur, wx0, wtop, wx1, wbottom))
                cur = []
            continue
        if t == "":   # pdfplumber: a glyph with no text is a word of its own
            if cur:
                out.append(_word(cur, wx0, wtop, wx1, wbottom))
                cur = []
            out.append(_word([c], c["x0"], c["top"], c["x1"], c["bottom"]))
            continue
        if cur:
            p = cur[-1]
            if c[a0] < p[a0] or c[a0] > p[a1] + TOLERANCE or abs(c[across] - p[across]) > TOLERANCE:
                out.append(_word(cur, wx0, wtop, wx1, wbottom))
                cur = [c]
                wx0, wtop, wx1, wbottom = c["x0"], c["top"], c["x1"], c["bottom"]
            else:
                cur.append(c)
                v = c["x0"]
                if v < wx0:
                    wx0 = v
                v = c["top"]
                if v < wtop:
                    wtop = v
                v = c["x1"]
                if v > wx1:
                    wx1 = v
                v = c["bottom"]
                if v > wbottom:
                    wbottom = v
        else:
            cur = [c]
            wx0, wtop, wx1, wbottom = c["x0"], c["top"], c["x1"], c["bottom"]
    if cur:
        out.append(_word(cur, wx0, wtop, wx1, wbottom))


def words(chars: list[dict]) -> list[dict]:
    """The words of ``chars`` (dicts with text, x0, x1, top, bottom, upright): text, x0, x1, top, bottom, upright."""
    out: list[dict] = []
    for upright, run in groupby(chars, key=_UPRIGHT):
        run = list(run)
        if upright:
            for line in _clusters(run, "top"):
                line.sort(key=_ALONG_UPRIGHT)
                _split(line, "x0", "x1", "top", out)
        else:
            for line in _clusters(run, "x0"):
                line.sort(key=_ALONG_TURNED)
                _split(line, "top", "bottom", "x0", out)
    return out


def text(chars: list[dict]) -> str:
    """The text of ``chars`` as pdfplumber's ``utils.extract_text`` gives it: the words in lines by their `top`,
    words parted by a space and lines by a line break."""
    found = words(chars)
    if not found:
        return ""
    return "\n".join(" ".join(w["text"] for w in line) for line in _clusters(found, "top"))
