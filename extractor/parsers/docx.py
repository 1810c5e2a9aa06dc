"""Read a Word .docx with python-docx: paragraphs with their automatic numbering rendered, tables as tab-separated rows, footnotes, legacy fonts converted."""
from __future__ import annotations

import hashlib
import io
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass

import regex

from ..errors import BrokenFileError, ExtractorError, UnsupportedFormatError, one_line
from ..model import Source
from ..patterns.markers import roman
from . import legacy
from .limits import exceeded, resolve, size

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
OFFICE_DOCUMENT_REL = "/officeDocument"

# Limits on the work one .docx may cause, checked before python-docx unpacks anything: the sizes against the
# sizes the ZIP directory declares (zipfile never yields more than that), the paragraphs while streaming the
# document part. Module settings, read at each call; raised per run by the environment variable named in the
# comment (and in the error), or per call by load_docx's keyword arguments.
MAX_PART_BYTES = 64 * 2**20       # one part unpacked (document.xml, styles.xml, an image): EXTRACTOR_MAX_DOCX_PART_BYTES
MAX_UNPACKED_BYTES = 256 * 2**20  # all the parts together, unpacked: EXTRACTOR_MAX_DOCX_UNPACKED_BYTES
MAX_PARTS = 10_000                # parts (ZIP entries) in the package: EXTRACTOR_MAX_DOCX_PARTS
MAX_PARAGRAPHS = 100_000          # paragraphs (w:p, those in tables too) in the document: EXTRACTOR_MAX_DOCX_PARAGRAPHS
ENV = {"MAX_PART_BYTES": "EXTRACTOR_MAX_DOCX_PART_BYTES", "MAX_UNPACKED_BYTES": "EXTRACTOR_MAX_DOCX_UNPACKED_BYTES",
       "MAX_PARTS": "EXTRACTOR_MAX_DOCX_PARTS", "MAX_PARAGRAPHS": "EXTRACTOR_MAX_DOCX_PARAGRAPHS"}
_CHUNK = 1 << 16


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _val(el, tag: str, attr: str = "val"):
    if el is None:
        return None
    child = el.find(q(tag))
    return None if child is None else child.get(q(attr))


def _on(el, tag: str) -> bool:
    """A toggle property (w:caps, w:vanish) that is present and not switched off."""
    if el is None:
        return False
    child = el.find(q(tag))
    return child is not None and child.get(q("val"), "true").lower() not in ("0", "false", "off")


# --- numbering -----------------------------------------------------------------------------------

# Bullets drawn from symbol fonts come as private-use code points.
_BULLETS = {"\uf0b7": "•", "\u00b7": "•", "\uf0a7": "▪", "§": "▪", "\uf0a8": "▪", "\uf076": "❖", "v": "❖",
            "\uf0d8": "➢", "Ø": "➢", "\uf0fc": "✓", "ü": "✓", "\uf0e0": "➢", "\uf0d7": "►", "\uf06e": "▪",
            "\uf06c": "•", "o": "◦", "\uf0b0": "•", "": "", "-": "-", "–": "-", "—": "-", "+": "+", "*": "*",
            "•": "•", "●": "•", "▪": "▪", "◦": "◦", "❖": "❖", "➢": "➢", "►": "►", "✓": "✓"}


def _bullet(text: str) -> str:
    if text in _BULLETS:
        return _BULLETS[text]
    if len(text) == 1 and 0xF000 <= ord(text) <= 0xF0FF:
        return "•"
    return text



def format_number(n: int, fmt: str) -> str:
    """A list counter as Word prints it in the given w:numFmt."""
    if fmt in ("none", ""):
        return ""
    if n <= 0 and fmt not in ("decimal", "decimalZero"):
        n = max(n, 1)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter"):
        s = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        return roman(n) if fmt == "upperRoman" else roman(n).lower()
    return str(n)


@dataclass
class Level:
    start: int = 0
    fmt: str = "decimal"
    text: str = ""
    suffix: str = "tab"
    legal: bool = False
    restart: int | None = None  # w:lvlRestart: restart after this (1-based) level; 0 never; None any higher


def _level(lvl) -> Level:
    start = _val(lvl, "start")
    restart = _val(lvl, "lvlRestart")
    text = _val(lvl, "lvlText") or ""
    fmt = _val(lvl, "numFmt") or "decimal"
    if fmt == "bullet":
        fonts = lvl.find(f"{q('rPr')}/{q('rFonts')}")
        font = (fonts.get(q("ascii")) or fonts.get(q("hAnsi")) or "") if fonts is not None else ""
        text = "◦" if text == "o" and "courier" in font.lower() else _bullet(text)
    return Level(start=int(start) if start and start.lstrip("-").isdigit() else 0, fmt=fmt, text=text,
                 suffix=_val(lvl, "suff") or "tab", legal=_on(lvl, "isLgl"),
                 restart=int(restart) if restart and restart.isdigit() else None)


class Numbering:
    """Word's list numbering: counters per abstract list, restarted by w:startOverride of a list instance."""

    def __init__(self, numbering_el, style_num: dict[str, str]):
        self.abstract: dict[str, dict[int, Level]] = {}
        self.links: dict[str, str] = {}      # abstractNum numStyleLink → style id
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, Level]]] = {}
        self.style_num = style_num
        self.counters: dict[str, list[int | None]] = {}
        self.pending: dict[tuple[str, int], int] = {}
        self.seen: set[str] = set()
        if numbering_el is None:
            return
        for an in numbering_el.findall(q("abstractNum")):
            aid = an.get(q("abstractNumId"))
            self.abstract[aid] = {int(l.get(q("ilvl"), "0")): _level(l) for l in an.findall(q("lvl"))}
            link = _val(an, "numStyleLink")
            if link:
                self.links[aid] = link
        for num in numbering_el.findall(q("num")):
            nid = num.get(q("numId"))
            aid = _val(num, "abstractNumId")
            starts, levels = {}, {}
            for ov in num.findall(q("lvlOverride")):
                ilvl = int(ov.get(q("ilvl"), "0"))
                so = _val(ov, "startOverride")
                if so and so.lstrip("-").isdigit():
                    starts[ilvl] = int(so)
                lvl = ov.find(q("lvl"))
                if lvl is not None:
                    levels[ilvl] = _level(lvl)
            self.nums[nid] = (aid, starts, levels)

    def _levels(self, nid: str, depth: int = 0) -> tuple[str, dict[int, Level]] | None:
        if nid not in self.nums or depth > 3:
            return None
        aid, _, overrides = self.nums[nid]
        levels = self.abstract.get(aid, {})
        if not levels and aid in self.links:  # a list style: its definition is behind the style's own list
            target = self.style_num.get(self.links[aid])
            got = self._levels(target, depth + 1) if target else None
            if got:
                aid, levels = got
        return aid, {**levels, **overrides}

    def label(self, nid: str | None, ilvl: int) -> tuple[str, str] | None:
        """(label, suffix) for the next paragraph of list ``nid`` at level ``ilvl``; counts it."""
        if not nid or nid == "0":
            return None
        got = self._levels(nid)
        if not got:
            return None
        aid, levels = got
        lvl = levels.get(ilvl)
        if lvl is None:
            return None
        counters = self.counters.setdefault(aid, [None] * 10)
        if nid not in self.seen:
            self.seen.add(nid)
            for level, start in self.nums[nid][1].items():
                if 0 <= level < 10:
                    counters[level] = None
                    self.pending[(aid, level)] = start
        if counters[ilvl] is None:
            counters[ilvl] = self.pending.pop((aid, ilvl), lvl.start)
        else:
            counters[ilvl] += 1
        for d in range(ilvl + 1, 10):
            deeper = levels.get(d)
            restart = deeper.restart if deeper else None
            if restart is None or (restart != 0 and ilvl + 1 <= restart):
                counters[d] = None
        if lvl.fmt == "bullet":
            return lvl.text, lvl.suffix
        text = lvl.text
        for k in range(9, 0, -1):
            token = f"%{k}"
            if token in text:
                other = levels.get(k - 1, Level())
                value = counters[k - 1] if counters[k - 1] is not None else other.start
                fmt = "decimal" if lvl.legal and other.fmt != "none" else other.fmt
                text = text.replace(token, format_number(value, fmt))
        return text, lvl.suffix


# --- styles --------------------------------------------------------------------------------------

class Styles:
    """What paragraph rendering needs from styles.xml: list numbering and fonts, through basedOn chains."""

    def __init__(self, styles_el):
        self.by_id = {}
        self.default_font = None
        if styles_el is None:
            return
        for st in styles_el.findall(q("style")):
            self.by_id[st.get(q("styleId"))] = st
        defaults = styles_el.find(f"{q('docDefaults')}/{q('rPrDefault')}/{q('rPr')}")
        self.default_font = _font_of(defaults)

    def chain(self, sid: str | None):
        seen = set()
        while sid and sid in self.by_id and sid not in seen:
            seen.add(sid)
            st = self.by_id[sid]
            yield st
            sid = _val(st, "basedOn")

    def num_pr(self, sid: str | None) -> tuple[str | None, int]:
        for st in self.chain(sid):
            np = st.find(f"{q('pPr')}/{q('numPr')}")
            if np is not None:
                return _val(np, "numId"), int(_val(np, "ilvl") or 0)
        return None, 0

    def font(self, sid: str | None) -> str | None:
        for st in self.chain(sid):
            f = _font_of(st.find(q("rPr")))
            if f:
                return f
        return None

    def style_nums(self) -> dict[str, str]:
        out = {}
        for sid, st in self.by_id.items():
            np = st.find(f"{q('pPr')}/{q('numPr')}")
            if np is not None and _val(np, "numId"):
                out[sid] = _val(np, "numId")
        return out

    def table_bordered(self, sid: str | None) -> bool | None:
        for st in self.chain(sid):
            b = st.find(f"{q('tblPr')}/{q('tblBorders')}")
            if b is not None:
                return _borders_visible(b)
        return None


def _font_of(rpr) -> str | None:
    if rpr is None:
        return None
    f = rpr.find(q("rFonts"))
    if f is None:
        return None
    return f.get(q("ascii")) or f.get(q("hAnsi")) or f.get(q("cs")) or None


def _borders_visible(borders) -> bool:
    return any(b.get(q("val")) not in (None, "nil", "none") for b in borders)


# --- the document --------------------------------------------------------------------------------

class Renderer:
    def __init__(self, document):
        self.doc = document
        part = document.part
        self.styles = Styles(part.styles.element if _has_styles(part) else None)
        try:
            numbering_el = part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            numbering_el = None
        self.numbering = Numbering(numbering_el, self.styles.style_nums())
        self.footnotes = _footnotes(part)
        self.used_notes: list[str] = []
        self.legacy_runs = 0

    # paragraphs
    def paragraph(self, p) -> str:
        ppr = p.find(q("pPr"))
        sid = _val(ppr, "pStyle")
        text = self._runs(p, sid)
        nid, ilvl = None, 0
        np = ppr.find(q("numPr")) if ppr is not None else None
        if np is not None:
            nid, ilvl = _val(np, "numId"), int(_val(np, "ilvl") or 0)
            if nid is None:  # only the level given: the style's list
                nid = self.styles.num_pr(sid)[0]
        else:
            nid, ilvl = self.styles.num_pr(sid)
        got = self.numbering.label(nid, ilvl) if nid else None
        if got and got[0] and text.strip():
            label, suffix = got
            text = label + ("" if suffix == "nothing" else " ") + text.lstrip()
        return text

    def _runs(self, p, sid) -> str:
        para_font = self.styles.font(sid) or self.styles.default_font
        out: list[str] = []
        for r in p.iter(q("r")):
            if _deleted(r, p):
                continue
            rpr = r.find(q("rPr"))
            if _on(rpr, "vanish") or _on(rpr, "webHidden"):
                continue
            font = _font_of(rpr) or self.styles.font(_val(rpr, "rStyle")) or para_font
            caps = _on(rpr, "caps")
            pieces: list[str] = []
            for child in r:
                tag = child.tag
                if tag == q("t"):
                    pieces.append(child.text or "")
                elif tag == q("tab") or tag == q("ptab"):
                    pieces.append("\t")
                elif tag in (q("br"), q("cr")):
                    pieces.append("\n")
                elif tag == q("noBreakHyphen"):
                    pieces.append("-")
                elif tag == q("sym"):
                    code = child.get(q("char")) or ""
                    try:
                        pieces.append(_bullet(chr(int(code, 16))))
                    except ValueError:
                        pass
                elif tag == q("footnoteReference"):
                    fid = child.get(q("id"))
                    if fid in self.footnotes:
                        self.used_notes.append(fid)
                        pieces.append(f"[{len(self.used_notes)}]")
            text = "".join(pieces)
            if legacy.font_encoding(font):
                self.legacy_runs += 1
                text = legacy.convert_run(text, font)
            if caps:
                text = text.upper()
            out.append(text)
        return _tabs("".join(out))

    # tables
    def table(self, tbl) -> tuple[bool, list[str]]:
        """(is a layout grid, its lines): tab rows for a data table, paragraphs for a layout grid."""
        grid = [g for g in tbl.findall(f"{q('tblGrid')}/{q('gridCol')}")]
        rows: list[list[str]] = []
        spans: list[list[tuple[str, str | None]]] = []  # per row: (text, vMerge) per grid column
        for tr in tbl.findall(q("tr")):
            trpr = tr.find(q("trPr"))
            cells: list[tuple[str, str | None]] = []
            before = _val(trpr, "gridBefore")
            cells += [("", None)] * (int(before) if before and before.isdigit() else 0)
            for tc in tr.findall(q("tc")) + [c for sdt in tr.findall(q("sdt")) for c in sdt.iter(q("tc"))]:
                tcpr = tc.find(q("tcPr"))
                span = _val(tcpr, "gridSpan")
                vm = tcpr.find(q("vMerge")) if tcpr is not None else None
                merge = None if vm is None else (vm.get(q("val")) or "continue")
                text = self._cell(tc)
                cells.append((text, merge))
                cells += [("", "hspan")] * (int(span) - 1 if span and span.isdigit() and int(span) > 1 else 0)
            spans.append(cells)
        width = max([len(grid)] + [len(c) for c in spans]) if spans else 0
        for r, cells in enumerate(spans):
            row = []
            for c in range(width):
                text, merge = cells[c] if c < len(cells) else ("", None)
                if merge == "continue":
                    # the cell merged with the one above: its value holds for this row too (the first
                    # column stays empty, which marks the rest of the row above)
                    text = rows[r - 1][c] if r > 0 and c > 0 and c < len(rows[r - 1]) else ""
                row.append(text)
            rows.append(row)
        if _layout_table(tbl, self.styles, len(rows), width):
            # a layout grid (header block, signature block): each column read top to bottom
            out = []
            for c in range(width):
                for row, cells in zip(rows, spans):
                    merge = cells[c][1] if c < len(cells) else None
                    if row[c] and merge != "continue":
                        out.extend(self._cell_lines(row[c]))
            return True, out
        return False, [_fold_cells("\t".join(row)) for row in rows if any(row)]

    def _cell(self, tc) -> str:
        parts = []
        for el in tc:
            if el.tag == q("p"):
                t = self.paragraph(el)
                if t.strip():
                    parts.append(t)
            elif el.tag == q("tbl"):
                parts.extend(" ".join(r.split("\t")) for r in self.table(el)[1])
            elif el.tag == q("sdt"):
                for p in el.iter(q("p")):
                    t = self.paragraph(p)
                    if t.strip():
                        parts.append(t)
        return "\x00".join(parts)  # paragraph breaks, folded later by the kind of table

    @staticmethod
    def _cell_lines(text: str) -> list[str]:
        return [" ".join(ln.split()) for t in text.split("\x00") for ln in t.split("\n") if ln.strip()]

    # body
    def blocks(self, body) -> list[str]:
        out: list[str] = []
        for el in body:
            if el.tag == q("p"):
                t = self.paragraph(el)
                if t.strip():
                    out.append(t.strip("\n"))
            elif el.tag == q("tbl"):
                layout, lines = self.table(el)
                if layout:
                    out.extend(lines)
                elif lines:
                    out.append("\n".join(lines))
            elif el.tag == q("sdt"):
                content = el.find(q("sdtContent"))
                if content is not None:
                    out.extend(self.blocks(content))
            elif el.tag in (q("customXml"), q("ins"), q("moveTo")):
                out.extend(self.blocks(el))
        return out

    def notes(self) -> list[str]:
        out = []
        for n, fid in enumerate(self.used_notes, 1):
            el = self.footnotes[fid]
            text = " ".join(t for t in (self.paragraph(p) for p in el.iter(q("p"))) if t.strip())
            out.append(f"[{n}] {' '.join(text.split())}")
        return out


def _fold_cells(row: str) -> str:
    """A table row: cell paragraphs and line breaks folded to spaces, cells kept apart by tabs."""
    return "\t".join(" ".join(c.replace("\x00", " ").split()) for c in row.split("\t"))


def _tabs(text: str) -> str:
    """Tabs inside a paragraph: leading ones are indentation; between short pieces they are a tab-stop
    layout (`Số: 12/CT-TTg <tab> Hà Nội, ngày …`), read as separate lines; else a space."""
    lines = []
    for line in text.split("\n"):
        line = line.lstrip("\t")
        if "\t" in line:
            parts = [p.strip() for p in line.split("\t") if p.strip()]
            line = "\n".join(parts) if parts and all(len(p) <= 80 for p in parts) else " ".join(parts)
        lines.append(line)
    return "\n".join(lines)


def _layout_table(tbl, styles: Styles, n_rows: int, n_cols: int) -> bool:
    """A table used only to place text side by side: no visible borders, and a small grid."""
    tblpr = tbl.find(q("tblPr"))
    bordered = None
    b = tblpr.find(q("tblBorders")) if tblpr is not None else None
    if b is not None:
        bordered = _borders_visible(b)
    if bordered is None:
        bordered = styles.table_bordered(_val(tblpr, "tblStyle"))
    if not bordered:
        for tcb in tbl.iter(q("tcBorders")):
            if _borders_visible(tcb):
                bordered = True
                break
    if bordered:
        return False
    return n_cols <= 2 or n_rows <= 3


def _deleted(r, p) -> bool:
    parent = r.getparent()
    while parent is not None and parent is not p:
        if parent.tag in (q("del"), q("moveFrom")):
            return True
        parent = parent.getparent()
    return False


def _has_styles(part) -> bool:
    try:
        part.styles
        return True
    except (KeyError, NotImplementedError, AttributeError):
        return False


def _footnotes(part) -> dict[str, object]:
    from lxml import etree

    for rel in part.rels.values():
        if rel.reltype == FOOTNOTES_REL and not rel.is_external:
            try:
                root = etree.fromstring(rel.target_part.blob)
            except etree.XMLSyntaxError:
                return {}
            return {fn.get(q("id")): fn for fn in root.findall(q("footnote"))
                    if fn.get(q("type")) in (None, "normal")}
    return {}


def _limits(**given) -> dict[str, int]:
    """The limits in force for one call: an argument, else the environment variable, else the module setting."""
    return {key: resolve(given.get(key.lower()), globals()[key], env) for key, env in ENV.items()}


class _Bounded(io.RawIOBase):
    """A part's stream that refuses to yield more than ``limit`` bytes, whatever its ZIP header says."""

    def __init__(self, raw, limit: int, on_over):
        self.raw, self.left, self.on_over = raw, limit, on_over

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        got = self.raw.read(min(len(buf), self.left + 1))
        if len(got) > self.left:
            raise self.on_over()
        self.left -= len(got)
        buf[:len(got)] = got
        return len(got)


def _main_part(zf: zipfile.ZipFile, names: set[str]) -> str | None:
    """The name of the main document part: the package relationship's officeDocument target, else the usual name."""
    from lxml import etree

    if "_rels/.rels" in names:
        try:
            root = etree.fromstring(zf.read("_rels/.rels"), etree.XMLParser(resolve_entities=False, no_network=True))
            for rel in root:
                if (rel.get("Type") or "").endswith(OFFICE_DOCUMENT_REL) and rel.get("TargetMode") != "External":
                    target = (rel.get("Target") or "").lstrip("/")
                    if target in names and (target.startswith("word/") or target.endswith("document.xml")):
                        return target
        except (etree.XMLSyntaxError, zipfile.BadZipFile, ValueError):
            pass
    if "word/document.xml" in names:
        return "word/document.xml"
    return next((n for n in sorted(names) if n.endswith("document.xml")), None)


def _check_package(zf: zipfile.ZipFile, name: str, limits: dict[str, int]) -> None:
    """Refuse a package over a size limit, from the sizes its ZIP directory declares (nothing is unpacked)."""
    infos = zf.infolist()
    if len(infos) > limits["MAX_PARTS"]:
        raise exceeded(f"the .docx package holds {len(infos):,} parts", f"{limits['MAX_PARTS']:,}", "docx.MAX_PARTS",
                       ENV["MAX_PARTS"], name)
    total = 0
    for info in infos:
        if info.file_size > limits["MAX_PART_BYTES"]:
            raise exceeded(f"the part {one_line(info.filename, 80)} of the .docx unpacks to {size(info.file_size)} "
                           f"({info.compress_size:,} bytes packed)", size(limits["MAX_PART_BYTES"]),
                           "docx.MAX_PART_BYTES", ENV["MAX_PART_BYTES"], name)
        total += info.file_size
    if total > limits["MAX_UNPACKED_BYTES"]:
        raise exceeded(f"the .docx unpacks to {size(total)} ({len(zf.infolist())} parts)",
                       size(limits["MAX_UNPACKED_BYTES"]), "docx.MAX_UNPACKED_BYTES", ENV["MAX_UNPACKED_BYTES"], name)


def _count_paragraphs(zf: zipfile.ZipFile, part: str, name: str, limits: dict[str, int]) -> int:
    """The paragraphs of the document part, counted while streaming it through a bounded reader; refused as
    soon as the count passes the limit (the part is never held whole)."""
    from lxml import etree

    info = zf.getinfo(part)
    cap = min(info.file_size, limits["MAX_PART_BYTES"])

    def over():
        return exceeded(f"the part {part} of the .docx unpacks to more than its declared {size(info.file_size)}",
                        size(limits["MAX_PART_BYTES"]), "docx.MAX_PART_BYTES", ENV["MAX_PART_BYTES"], name)

    n, most = 0, limits["MAX_PARAGRAPHS"]
    with zf.open(info) as raw:
        stream = io.BufferedReader(_Bounded(raw, cap, over), _CHUNK)
        try:
            for _, el in etree.iterparse(stream, events=("end",), tag=q("p"), resolve_entities=False, no_network=True,
                                         huge_tree=False):
                n += 1
                if n > most:
                    raise exceeded(f"the Word document has more than {most:,} paragraphs", f"{most:,}",
                                   "docx.MAX_PARAGRAPHS", ENV["MAX_PARAGRAPHS"], name)
                el.clear(keep_tail=True)
                parent = el.getparent()
                while parent is not None and el.getprevious() is not None:  # what is counted is let go
                    del parent[0]
        except etree.XMLSyntaxError as err:
            raise BrokenFileError(f"damaged .docx: {part} is not well-formed XML ({one_line(err, 120)})", name) from None
        except (zipfile.BadZipFile, EOFError, zlib.error) as err:
            raise BrokenFileError(f"damaged .docx: the part {part} is corrupt ({one_line(err, 80)})", name) from None
    return n


def _open(data: bytes, name: str, limits: dict[str, int] | None = None):
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    limits = limits or _limits()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            _check_package(zf, name, limits)  # before anything is unpacked
            main = _main_part(zf, names)
            if main is not None:
                _count_paragraphs(zf, main, name, limits)
            bad = zf.testzip()
    except zipfile.BadZipFile:
        raise BrokenFileError("damaged .docx: not a valid ZIP package", name) from None
    except ExtractorError:
        raise
    except Exception as err:
        raise BrokenFileError(f"damaged .docx: {one_line(err, 120)}", name) from None
    if bad:
        raise BrokenFileError(f"damaged .docx: the part {bad} is corrupt", name)
    if main is None:
        kind = "an Excel workbook" if "xl/workbook.xml" in names else "a PowerPoint deck" if "ppt/presentation.xml" in names \
            else "a ZIP archive"
        raise UnsupportedFormatError(f"{kind}, not a Word document (no word/document.xml)", name)
    try:
        return docx.Document(io.BytesIO(data))
    except PackageNotFoundError:
        raise BrokenFileError("damaged .docx: no Word document inside the package", name) from None
    except ValueError as err:
        raise UnsupportedFormatError(f"not a Word document ({_docx_reason(err)})", name) from None
    except Exception as err:
        raise BrokenFileError(f"damaged .docx, cannot be read ({type(err).__name__}: {_docx_reason(err)})", name) from None


_STREAM_REPR = regex.compile(r"(?:file )?'?<_io\.BytesIO object at 0x[0-9a-fA-F]+>'?")


def _docx_reason(err: Exception) -> str:
    """python-docx's and lxml's message on one line, without the in-memory stream's repr."""
    return one_line(_STREAM_REPR.sub("the package", str(err)), 100)


_CLOSING = regex.compile(r"[.;:!?]\W*$")


def _join(blocks: list[str]) -> str:
    """Paragraphs apart by a blank line; but short lines without a closing stop (a title or heading typed
    as one paragraph a line) stay together, as the lines of one block."""
    out: list[str] = []
    for b in blocks:
        if out:
            prev = out[-1]
            last = prev.rsplit("\n", 1)[-1]
            first = b.split("\n", 1)[0]
            close = "\t" not in last and "\t" not in b and len(last) < 100 and len(first) < 100 \
                and not _CLOSING.search(last) and not _CLOSING.search(first)
            out.append("\n" if close else "\n\n")
        out.append(b)
    return "".join(out)


def docx_text(document) -> str:
    """The text of a python-docx Document: paragraphs blank-line separated, tables as tab rows, then footnotes."""
    r = Renderer(document)
    blocks = r.blocks(document.element.body)
    notes = r.notes()
    text = _join(blocks)
    if notes:
        text += "\n\n" + "\n".join(notes)
    text = unicodedata.normalize("NFC", text)
    if not r.legacy_runs:
        kind = legacy.detect(text)
        if kind:
            text = unicodedata.normalize("NFC", legacy.convert(text, kind))
    return text + "\n"


def load_docx(data: bytes, name: str = "<docx>", *, max_part_bytes: int | None = None,
              max_unpacked_bytes: int | None = None, max_parts: int | None = None,
              max_paragraphs: int | None = None) -> Source:
    """The text of a .docx as a Source; the limits default to the module settings (see MAX_PART_BYTES)."""
    limits = _limits(max_part_bytes=max_part_bytes, max_unpacked_bytes=max_unpacked_bytes, max_parts=max_parts,
                     max_paragraphs=max_paragraphs)
    document = _open(data, name, limits)
    try:
        text = docx_text(document)
    except Exception as err:  # malformed XML inside a well-formed package
        raise BrokenFileError(f"damaged .docx, cannot be read ({type(err).__name__}: {_docx_reason(err)})", name) from None
    if not text.strip():
        from ..errors import EmptyFileError

        raise EmptyFileError("the Word document has no text", name)
    return Source(path=name, sha256=hashlib.sha256(data).hexdigest(), encoding="docx", size=len(data),
                  original=text, format="docx")
