"""Read a web page of a legal-document site (vbpl.vn, chinhphu.vn, thuvienphapluat-style) with lxml: find the document body, drop site chrome, tables as tab rows."""
from __future__ import annotations

import hashlib
import unicodedata

import regex

from ..errors import EncodingError
from ..model import Source
from . import legacy
from ..errors import BrokenFileError
from ..patterns.markers import roman
from .limits import exceeded, resolve

# How deep elements may nest, checked right after parsing, before the page is cleaned and walked (raised by
# EXTRACTOR_MAX_HTML_DEPTH, or load_html's max_depth). libxml2's HTML parser itself drops what nests past 255
# levels, so a page that deep is refused rather than read with its text silently lost.
MAX_DEPTH = 200
DEPTH_ENV = "EXTRACTOR_MAX_HTML_DEPTH"

# Where the sites put the text of a document (tried first, in order).
BODY_SELECTORS = [
    "#toanvancontent", ".toanvancontent", "#divContentDoc", ".content1", ".cldivContentDocVn", ".fulltext",
    "#fulltext", ".detail-content", ".vbContent", "#vbContent", ".van-ban-content", ".document-content",
    ".doc-content", "#content-vanban", ".noidungvanban", "article .content", "article",
]
DROP_TAGS = {"script", "style", "noscript", "iframe", "form", "nav", "aside", "button", "select", "input", "svg",
             "template", "link", "meta", "object", "embed", "canvas", "video", "audio", "map", "head", "title"}
CHROME = regex.compile(
    r"(?:^|[\s_-])(?:menu|nav|navbar|breadcrumbs?|footer|header|sidebar|side-bar|banner|share|social|comments?|"
    r"related|advert|ads|ad-|login|search|cookie|popup|modal|toolbar|topbar|tabs?-?menu|pagination|rating|"
    r"tags?|copyright|hotline|sitemap)(?:$|[\s_-])", regex.I)
# Text that only a document (not the site around it) has.
DOC_MARKERS = regex.compile(r"CỘNG\s+HÒA\s+XÃ\s+HỘI|CỘNG\s+HOÀ\s+XÃ\s+HỘI|Độc\s+lập\s*-\s*Tự\s+do|^\s*Số\s*:|"
                            r"^\s*Điều\s+\d+|Nơi\s+nhận|^\s*(?:QUYẾT\s+ĐỊNH|CHỈ\s+THỊ|NGHỊ\s+QUYẾT|NGHỊ\s+ĐỊNH|THÔNG\s+TƯ)\s*$",
                            regex.M | regex.V1)
BLOCK_TAGS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
              "blockquote", "pre", "center", "dl", "dt", "dd", "figure", "figcaption", "address", "hr", "body",
              "header", "footer", "tr", "table", "caption"}
_META_CHARSET = regex.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", regex.I)


def _decode(data: bytes, name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    m = _META_CHARSET.search(data[:4096])
    if m:
        enc = m.group(1).decode("ascii", "replace").lower()
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        from .text import decode

        try:
            return decode(data, name)[0]
        except EncodingError:
            return data.decode("cp1258", errors="replace")


def _classes(el) -> str:
    return f"{el.get('id') or ''} {el.get('class') or ''}"


def _clean(root) -> None:
    """Drop scripts, forms and site chrome; chrome is kept when it holds the document itself."""
    for el in list(root.iter()):
        if not isinstance(el.tag, str):  # comments, processing instructions
            if el.getparent() is not None:
                el.drop_tree()
            continue
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        tag = el.tag.lower()
        if tag in DROP_TAGS or (tag in ("header", "footer") and not DOC_MARKERS.search(el.text_content() or "")):
            el.drop_tree()
        elif CHROME.search(_classes(el)) and not DOC_MARKERS.search(el.text_content() or ""):
            el.drop_tree()
        elif (el.get("style") or "").replace(" ", "").lower().find("display:none") >= 0:
            el.drop_tree()


def _matches(el, simple: str) -> bool:
    if not isinstance(el.tag, str):
        return False
    if simple.startswith("#"):
        return el.get("id") == simple[1:]
    if simple.startswith("."):
        return simple[1:] in (el.get("class") or "").split()
    return el.tag.lower() == simple


def _select(root, selector: str) -> list:
    """The elements a simple CSS selector names: `#id`, `.class`, `tag`, and descendants of those."""
    found = [root]
    for simple in selector.split():
        found = [el for base in found for el in base.iter() if el is not base and _matches(el, simple)]
        if not found:
            return []
    return found


def _link_density(el) -> float:
    text = len((el.text_content() or "").strip()) or 1
    links = sum(len((a.text_content() or "").strip()) for a in el.iter("a"))
    return links / text


def find_body(root):
    """The element holding the document: a known site container, else the smallest element holding all
    the document's marker lines, else the block with the most text that is not links."""
    for sel in BODY_SELECTORS:
        found = [f for f in _select(root, sel) if len((f.text_content() or "").strip()) > 200]
        if found:
            return max(found, key=lambda f: len(f.text_content() or ""))
    marked = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        own = (el.text or "") + "".join((c.tail or "") for c in el)
        if own.strip() and DOC_MARKERS.search(own):
            marked.append(el)
    if len(marked) >= 2:
        common = _common_ancestor(marked)
        if common is not None:
            return common
    best, best_score = None, 0.0
    for el in root.iter("div", "td", "section", "article", "main", "body"):
        text = len((el.text_content() or "").strip())
        score = text * (1 - _link_density(el))
        if score > best_score * 1.0001 + 0:
            best, best_score = el, score
    return best


def _common_ancestor(els):
    paths = []
    for el in els:
        path = []
        while el is not None:
            path.append(el)
            el = el.getparent()
        paths.append(path[::-1])
    common = None
    for level in zip(*paths):
        if all(x is level[0] for x in level):
            common = level[0]
        else:
            break
    return common


# --- rendering -----------------------------------------------------------------------------------


def _ol_label(kind: str, n: int) -> str:
    if kind == "a":
        return chr(ord("a") + (n - 1) % 26) + ")"
    if kind == "A":
        return chr(ord("A") + (n - 1) % 26) + "."
    if kind == "i":
        return roman(n).lower() + ")"
    if kind == "I":
        return roman(n) + "."
    return f"{n}."


class Renderer:
    def __init__(self):
        self.blocks: list[str] = []
        self.cur: list[str] = []

    def flush(self) -> None:
        text = "".join(self.cur)
        lines = [" ".join(ln.split()) for ln in text.split("\n")]
        text = "\n".join(ln for ln in lines if ln)
        if text:
            self.blocks.append(text)
        self.cur = []

    def inline(self, s: str | None) -> None:
        if s:
            self.cur.append(s.replace("\n", " ").replace("\r", " ").replace("\t", " "))

    def walk(self, el, label: str | None = None) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag == "br":
            self.cur.append("\n")
            self.inline(el.tail)
            return
        if tag == "table":
            self.flush()
            self.table(el)
            self.inline(el.tail)
            return
        block = tag in BLOCK_TAGS
        if block:
            self.flush()
        if label:
            self.cur.append(label + " ")
        if tag in ("ul", "ol"):
            self.inline(el.text)
            kind = (el.get("type") or "1") if tag == "ol" else None
            try:
                n = int(el.get("start") or 1)
            except ValueError:
                n = 1
            for child in el:
                if isinstance(child.tag, str) and child.tag.lower() == "li":
                    self.walk(child, _ol_label(kind, n) if kind else "-")
                    n += 1
                else:
                    self.walk(child)
        else:
            self.inline(el.text)
            for child in el:
                if isinstance(child.tag, str):
                    self.walk(child)
                else:
                    self.inline(child.tail)
        if block:
            self.flush()
        self.inline(el.tail)

    def table(self, tbl) -> None:
        rows = _grid(tbl)
        if not rows:
            return
        width = max(len(r) for r in rows)
        if _layout_table(tbl, len(rows), width):
            for c in range(width):
                for row in rows:
                    if c < len(row) and row[c][0] and not row[c][1]:
                        for ln in row[c][0].split("\n"):
                            if ln.strip():
                                self.blocks.append(" ".join(ln.split()))
            return
        lines = []
        for row in rows:
            cells = [(" ".join(t.split()) if not spanned or c > 0 else "") for c, (t, spanned) in enumerate(row)]
            cells += [""] * (width - len(cells))
            if any(cells):
                lines.append("\t".join(cells))
        if lines:
            self.blocks.append("\n".join(lines))


def _cell_text(td) -> str:
    r = Renderer()
    r.inline(td.text)
    for child in td:
        if isinstance(child.tag, str):
            r.walk(child)
        else:
            r.inline(child.tail)
    r.flush()
    return "\n".join(r.blocks)


def _grid(tbl) -> list[list[tuple[str, bool]]]:
    """Rows of (text, came from a rowspan above); colspan cells take their columns, rowspans repeat."""
    rows_el = [tr for tr in tbl.iter("tr") if _owner_table(tr) is tbl]
    grid: list[list[tuple[str, bool]]] = []
    pending: dict[int, tuple[str, int]] = {}  # column → (text, rows left)
    for tr in rows_el:
        row: list[tuple[str, bool]] = []
        col = 0

        def fill():
            nonlocal col
            while col in pending:
                text, left = pending[col]
                row.append((text, True))
                if left <= 1:
                    del pending[col]
                else:
                    pending[col] = (text, left - 1)
                col += 1

        for td in tr:
            if not isinstance(td.tag, str) or td.tag.lower() not in ("td", "th"):
                continue
            fill()
            text = _cell_text(td)
            try:
                span = max(1, min(int(td.get("colspan") or 1), 50))
                rspan = max(1, min(int(td.get("rowspan") or 1), 500))
            except ValueError:
                span, rspan = 1, 1
            row.append((text, False))
            if rspan > 1:
                pending[col] = (text, rspan - 1)
            col += 1
            for _ in range(span - 1):
                row.append(("", False))
                col += 1
        fill()
        grid.append(row)
    return [r for r in grid if r]


def _owner_table(el):
    p = el.getparent()
    while p is not None and (not isinstance(p.tag, str) or p.tag.lower() != "table"):
        p = p.getparent()
    return p


_BORDER = regex.compile(r"border(?:-(?:top|bottom|left|right))?(?:-style)?\s*:\s*(?!none|0(?:px)?\b|hidden)[^;]*"
                        r"(?:solid|dotted|dashed|double|\d)", regex.I)


def _layout_table(tbl, n_rows: int, n_cols: int) -> bool:
    """A table that only places text side by side: no borders drawn, and a small grid."""
    bordered = False
    b = (tbl.get("border") or "").strip()
    if b and b != "0":
        bordered = True
    if not bordered:
        for el in [tbl] + [c for c in tbl.iter("td", "th")][:40]:
            if _BORDER.search(el.get("style") or "") or "grid" in (el.get("class") or "").lower():
                bordered = True
                break
    if bordered:
        return False
    return n_cols <= 2 or n_rows <= 3


def _deeper_than(root, most: int) -> bool:
    """Whether elements nest more than ``most`` levels (stops at the first one that does)."""
    from lxml import etree

    depth = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > most:
            return True
    return False


def html_text(markup: str, name: str | None = None, max_depth: int | None = None) -> str:
    """The text of the document in a web page (empty when the page has none)."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(markup)
    except Exception:  # lxml refuses empty or non-HTML input
        return ""
    most = resolve(max_depth, MAX_DEPTH, DEPTH_ENV)
    if _deeper_than(root, most):
        raise exceeded(f"the web page nests elements more than {most:,} deep", f"{most:,}", "html.MAX_DEPTH",
                       DEPTH_ENV, name)
    _clean(root)
    body = find_body(root)
    if body is None:
        return ""
    r = Renderer()
    r.walk(body)
    r.flush()
    from .docx import _join

    text = unicodedata.normalize("NFC", _join(r.blocks))
    kind = legacy.detect(text)
    if kind:
        text = unicodedata.normalize("NFC", legacy.convert(text, kind))
    return text + "\n" if text else ""


def load_html(data: bytes, name: str = "<html>", max_depth: int | None = None) -> Source:
    markup = _decode(data, name)
    text = html_text(markup, name, max_depth)
    if not text.strip():
        raise BrokenFileError("a web page without a document body (no text found outside the site's menus)", name)
    return Source(path=name, sha256=hashlib.sha256(data).hexdigest(), encoding="html", size=len(data),
                  original=text, format="html")
