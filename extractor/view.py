"""Views of an extraction: the HTML view (the text with agencies, deadlines, targets and references highlighted by displaCy, tasks listed beside it) and the terminal summary of `extractor show`."""
from __future__ import annotations

import html
from bisect import bisect_left

import regex

from .model import Document
from .patterns.markers import RANK
from .pipeline import Extraction

COLORS = {"AGENCY": "#a6e3ff", "DEADLINE": "#ffd479", "TARGET": "#b8f2a6", "REF": "#e0c3ff"}
PRIORITY = {"REF": 0, "DEADLINE": 1, "TARGET": 2, "AGENCY": 3}
# the section kinds an outline lists (patterns/markers.py RANK: appendix, part, chapter, mục, article, I., 1., a) …)
OUTLINE_KINDS = frozenset(RANK)
CSS = """
body{font-family:'Noto Sans','DejaVu Sans',Arial,sans-serif;margin:0;color:#222}
header{background:#1f3b57;color:#fff;padding:12px 20px}
header h1{font-size:18px;margin:0} header p{margin:4px 0 0;font-size:13px;opacity:.85}
.doc{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:16px;padding:16px 20px;border-bottom:3px solid #1f3b57}
.meta{grid-column:1/3;font-size:13px} .meta td{padding:2px 10px 2px 0;vertical-align:top}
.text{line-height:1.7;font-size:14px}
.text .entities{line-height:2.1!important;display:inline}
.text mark{padding:0.1em 0.3em!important;margin:0 0.1em!important}
.task{border-left:4px solid #e07a5f;padding-left:6px;margin:2px 0;display:block}
.task:target{background:#fff4e6}
.side{font-size:13px;position:sticky;top:0;max-height:100vh;overflow:auto}
table.list{border-collapse:collapse;width:100%} table.list th,table.list td{border:1px solid #ddd;padding:4px;vertical-align:top}
table.list th{background:#f2f2f2;position:sticky;top:0}
.legend span{display:inline-block;padding:1px 6px;margin-right:6px;border-radius:4px}
"""


def _spans(doc: Document, text: str) -> list[tuple[int, int, str]]:
    """The document's annotations (agencies, times, references: found once by the annotate stage) and the figures
    of its targets, as displaCy entities."""
    spans: list[tuple[int, int, str]] = []
    for label, name in (("agency", "AGENCY"), ("time", "DEADLINE"), ("reference", "REF")):
        spans += [(s.start, s.end, name) for s in doc.spans.all(label)]
    for tg in doc.targets:
        seg = text[tg.start:tg.end]
        value = f"{tg.value:g}".replace(".", ",") if isinstance(tg.value, float) else str(tg.value)
        m = regex.search(rf"(?<!\d){regex.escape(value)}(?:[.,]\d+)?\s*(?:%|{regex.escape(tg.unit or '%')})?", seg)
        if m:
            spans.append((tg.start + m.start(), tg.start + m.end(), "TARGET"))
    # displaCy needs ordered, non-overlapping spans: keep the more specific label where two overlap
    spans.sort(key=lambda s: (PRIORITY[s[2]], s[0]))
    return non_overlapping(spans)


def non_overlapping(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The spans, in the order given, each kept unless it is empty or overlaps one kept before; in order of start.
    A look-up by bisection in the spans kept (they never overlap, so their ends are in order too): a document with
    thousands of annotations costs n log n, not n²."""
    kept: list[tuple[int, int, str]] = []
    starts: list[int] = []
    for s in spans:
        if s[1] <= s[0]:
            continue
        i = bisect_left(starts, s[1])         # the kept spans before i begin before s ends: the last ends furthest
        if i and kept[i - 1][1] > s[0]:
            continue
        kept.insert(i, s)
        starts.insert(i, s[0])
    return kept


def _render(segment: str, start: int, end: int, spans) -> str:
    """``segment`` (the text from ``start`` to ``end``) with the ``spans`` inside it highlighted."""
    from spacy import (
        displacy,  # the view alone needs spaCy: a build that stores views does not load it
    )

    ents = [{"start": a - start, "end": b - start, "label": lab} for a, b, lab in spans if start <= a and b <= end]
    return displacy.render({"text": segment, "ents": ents}, style="ent", manual=True, page=False,
                           jupyter=False, options={"colors": COLORS})


def layout(doc: Document, text: str) -> dict:
    """What a document's text view needs, as plain data (stored by the build, so that showing a document never
    extracts it again): its text, where it starts in the file's text, its tasks' ranges ``[start, end, n]`` (n:
    the task's number in the document), its highlights ``[start, end, label]`` and where its headings start
    ``[start, n]`` (n: the section's place in the JSON's ``sections``), offsets into the file's text."""
    index = {id(t): n for n, t in enumerate(doc.tasks, 1)}
    tasks = sorted(([t.start, t.end, index[id(t)]] for t in doc.tasks if t.source == "text"), key=lambda r: r[0])
    flat = [s for root in doc.sections for s in root.walk()]   # the order of output.py's `sections`
    return {"start": doc.start, "text": text[doc.start:doc.end], "tasks": tasks,
            "spans": [list(s) for s in _spans(doc, text)],
            "sections": [[s.start, n] for n, s in enumerate(flat) if s.kind in OUTLINE_KINDS]}


def outline(sections: list[dict]) -> list[dict]:
    """The headings of a document's JSON ``sections`` (parts, chapters, articles, `I.`, `1.`, `a)`, appendices), each
    with ``n`` (its place in ``sections``: the anchor ``sec-<n>`` of the text view), ``label`` (its marker or path),
    ``title`` and ``depth`` (0 for the outermost)."""
    out = []
    for n, s in enumerate(sections):
        if s.get("kind") not in OUTLINE_KINDS:
            continue
        marker = (s.get("marker") or "").strip()
        title = " ".join((s.get("title") or "").split())
        label = marker or s.get("path") or ""
        if title.casefold().startswith(label.casefold()):   # an appendix: its title is its label
            label = ""
        out.append({"n": n, "label": label, "title": title, "depth": s.get("level") or 0, "path": s.get("path")})
    return out


def render_layout(view: dict) -> str:
    """The document text as HTML, each task in a block of its own (linked from the side table), an empty
    ``<span id="sec-<n>">`` where each heading starts (the targets of the outline's links)."""
    base, body = view["start"], view["text"]
    end = base + len(body)
    spans = [tuple(s) for s in view["spans"]]
    anchors = sorted((a, n) for a, n in view.get("sections", ()) if base <= a < end)

    def render(a: int, b: int) -> str:
        return _render(body[a - base:b - base], a, b, _clip(spans, a, b)) if b > a else ""

    def part(a: int, b: int) -> str:
        out, pos = [], a
        for at, n in anchors:
            if at < a or at >= b:
                continue
            if at > pos and not any(s[0] < at < s[1] for s in spans):   # never inside a highlight
                out.append(render(pos, at))
                pos = at
            out.append(f'<span class="sec-anchor" id="sec-{n}"></span>')
        out.append(render(pos, b))
        return "".join(out)

    out, pos = [], base
    for start, stop, n in view["tasks"]:
        if start < pos:
            continue
        if start > pos:
            out.append(part(pos, start))
        out.append(f'<span class="task" id="task-{n}" title="Task {n}">' + part(start, stop) + "</span>")
        pos = stop
    if pos < end:
        out.append(part(pos, end))
    return "".join(out)


def _clip(spans, a, b):
    return [s for s in spans if a <= s[0] and s[1] <= b]


def _esc(x) -> str:
    if x is None:
        return ""
    if isinstance(x, list):
        return "<br>".join(html.escape(str(v)) for v in x)
    return html.escape(str(x))


def _side(doc: Document) -> str:
    rows = []
    for n, t in enumerate(doc.tasks, 1):
        link = f'<a href="#task-{n}">{n}</a>' if t.source == "text" else str(n)
        when = t.deadline or (t.recurrence and f"({t.recurrence})") or ""
        rows.append(f"<tr><td>{link}</td><td>{_esc(t.section)}</td><td>{_esc(t.action)}</td><td>{_esc(t.lead)}</td>"
                    f"<td>{_esc(t.coordinating)}</td><td>{_esc(when)}<br><small>{_esc(t.deadline_text)}</small></td>"
                    f"<td>{_esc(' '.join(t.text.split())[:160])}</td></tr>")
    tasks = ("<h3>Tasks ({})</h3><table class='list'><tr><th>#</th><th>Section</th><th>Action</th><th>Lead</th>"
             "<th>Coordinating</th><th>Deadline</th><th>Text</th></tr>{}</table>").format(len(doc.tasks), "".join(rows))
    trows = "".join(
        f"<tr><td>{_esc(g.indicator)}</td><td>{_esc(g.comparator)} {_esc(g.value)}"
        f"{'–' + _esc(g.value_max) if g.value_max is not None else ''} {_esc(g.unit)}</td><td>{_esc(g.year)}</td>"
        f"<td>{_esc(g.basis)}</td></tr>" for g in doc.targets)
    targets = (f"<h3>Targets ({len(doc.targets)})</h3><table class='list'><tr><th>Indicator</th><th>Level</th>"
               f"<th>Year</th><th>Basis</th></tr>{trows}</table>")
    refs = "".join(f"<li>{_esc(r.type)} {_esc(r.number)} {_esc(r.date)}</li>" for r in doc.references)
    return tasks + targets + f"<h3>References ({len(doc.references)})</h3><ul>{refs}</ul>"


def render_html(ex: Extraction) -> str:
    text = ex.text.text
    parts = []
    for doc in ex.documents:
        meta = "".join(f"<tr><td>{k}</td><td>{_esc(getattr(doc, k))}</td></tr>" for k in
                       ("number", "type", "issuer", "issued_date", "place", "title", "signer", "signer_title",
                        "attached_to"))
        parts.append(f"<section class='doc'><div class='meta'><h2>{_esc(doc.type)} {_esc(doc.number)}</h2>"
                     f"<table>{meta}</table></div><div class='text'>{render_layout(layout(doc, text))}</div>"
                     f"<div class='side'>{_side(doc)}</div></section>")
    legend = "".join(f"<span style='background:{c}'>{k}</span>" for k, c in COLORS.items())
    title = html.escape(ex.source.path)
    return (f"<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>{title}</title><style>{CSS}</style>"
            f"</head><body><header><h1>{title}</h1><p class='legend'>{legend} <span style='border-left:4px solid "
            f"#e07a5f'>task</span></p></header>{''.join(parts)}</body></html>")


# ------------------------------------------------------------------ the terminal summary (`extractor show FILE`)

RECURRENCE = {"yearly": "hằng năm", "quarterly": "hằng quý", "monthly": "hằng tháng", "weekly": "hằng tuần",
              "continuous": "thường xuyên"}
TEXT_WIDTH = 200   # characters of a task's text shown, cut at a word


def vn_date(value: str | None) -> str:
    """An ISO date as Vietnamese writes it: `2025-02-04` → `04/02/2025`, `2025-01` → `01/2025`, `2025` → `2025`."""
    parts = (value or "").split("-")
    return "/".join(reversed(parts)) if value and all(x.isdigit() for x in parts) else (value or "")


def cut(text: str, width: int = TEXT_WIDTH) -> str:
    """``text`` with its spaces folded, cut at the last word that fits in ``width`` characters, `…` after it."""
    text = " ".join((text or "").split())
    if len(text) <= width:
        return text
    head = text[:width + 1]
    head = head[:head.rfind(" ")] if " " in head else text[:width]
    return head.rstrip(" ,;:.-–") + "…"


# the parts of a document that may come without a number of their own (metadata.py: `attached_to`)
PARTS = ("Phụ lục", "Kế hoạch", "Đề án", "Chương trình", "Quy chế", "Quy định")


def named_parent(text: str) -> str | None:
    """`Công văn …/VPCP-KSTT`: the document named by the `(Kèm theo … số …)` line among the first lines of a part's
    ``text`` (a number left blank shown `…/VPCP-KSTT`), or None."""
    from .patterns import header as H

    lines = [ln.strip(" \t*_") for ln in text[:3000].split("\n")]
    lines = [ln for ln in lines if ln][:15]
    for i, line in enumerate(lines):
        m = H.attached_line(line) or (H.attached_line(" ".join(lines[i:i + 3]))
                                      if line.lstrip("(").lower().startswith(("kèm theo", "ban hành kèm theo")) else None)
        if m:
            num = "".join(m["num"].split())
            return f"{m['type']} {'…' + num if num.startswith('/') else num}"
    return None


def _parent(doc: Document, text: str) -> str | None:
    if doc.number or doc.type not in PARTS:
        return None
    return doc.attached_to or named_parent(text[doc.start:doc.end])


def _header_fields(doc: Document, text: str) -> list[tuple[str, str]]:
    fields = [("Số", doc.number or "(không số)"), ("Loại", doc.type or ""), ("Ngày ban hành", vn_date(doc.issued_date)),
              ("Nơi ban hành", doc.place or ""), ("Cơ quan ban hành", doc.issuer or ""),
              ("Trích yếu", " ".join((doc.title or "").split())), ("Người ký", doc.signer or ""),
              ("Chức vụ", doc.signer_title or ""), ("Kèm theo văn bản", doc.attached_to or _parent(doc, text) or "")]
    return [(k, v) for k, v in fields if v]


def summary_lines(ex: Extraction):
    """The terminal summary of an extraction as rich ``Text`` lines, each with the columns it is indented by: each
    document's number, type, date, issuer and title, then its tasks (text cut at a word, Chủ trì, Phối hợp, Thời hạn),
    targets (indicator, level, year) and references, labelled in Vietnamese."""
    from rich.text import Text

    from .kb.search import target_text

    def line(indent: int, *parts) -> tuple[int, Text]:
        return indent, Text.assemble(*parts)

    out: list[tuple[int, Text]] = []
    for i, doc in enumerate(ex.documents):
        if i:
            out.append((0, Text("")))
        parent = _parent(doc, ex.text.text)
        name = f"{doc.type or 'Văn bản'} " + (doc.number or (f"kèm theo {parent}" if parent else "(không số)"))
        out.append(line(0, (name, "bold")))
        out += [line(2, (f"{k}: ", "bold"), v) for k, v in _header_fields(doc, ex.text.text)]
        out.append(line(0, ""))
        out.append(line(0, (f"Nhiệm vụ ({len(doc.tasks)})", "bold")))
        for n, t in enumerate(doc.tasks, 1):
            where = f"[mục {t.section}] " if t.section else ""
            out.append(line(2, f"{n}. ", (where, "dim"), cut(t.text)))
            who = []
            if t.lead:
                who += [("Chủ trì: ", "bold"), "; ".join(t.lead)]
            if t.coordinating:
                who += [("; " if who else "", ""), ("Phối hợp: ", "bold"), "; ".join(t.coordinating)]
            when = vn_date(t.deadline)
            if t.deadline_text and t.deadline_text != when:
                when = f"{when} ({t.deadline_text})" if when else t.deadline_text
            elif t.recurrence:   # a recurrence without its words (from a table)
                when = ", ".join(x for x in (when, f"định kỳ {RECURRENCE.get(t.recurrence, t.recurrence)}") if x)
            if when:
                who += [("; " if who else "", ""), ("Thời hạn: ", "bold"), when]
            if who:
                out.append(line(4 + len(str(n)), *who))
        if doc.targets:
            out.append(line(0, ""))
            out.append(line(0, (f"Chỉ tiêu ({len(doc.targets)})", "bold")))
            for n, g in enumerate(doc.targets, 1):
                where = f"[mục {g.section}] " if g.section else ""
                shown = target_text(g.indicator, None, g.value, g.value_max, g.unit, g.comparator, g.year)
                out.append(line(2, f"{n}. ", (where, "dim"), shown))
        if doc.references:
            out.append(line(0, ""))
            out.append(line(0, (f"Văn bản dẫn chiếu ({len(doc.references)})", "bold")))
            for r in doc.references:
                words = " ".join(x for x in (r.type, r.number) if x) or " ".join(r.text.split())
                out.append(line(2, "- ", words, f" ngày {vn_date(r.date)}" if r.date else ""))
    return out


def print_summary(ex: Extraction, console=None) -> None:
    """Print ``summary_lines`` with rich: a long line is wrapped at a word to the terminal's width, its next lines
    indented under its text (after `12. `)."""
    from rich.console import Console
    from rich.text import Text

    console = console or Console(highlight=False)
    width = max(40, console.width)
    for indent, text in summary_lines(ex):
        hang = indent + (len(m.group()) if (m := regex.match(r"\d+\. |- ", text.plain)) else 0)
        for k, piece in enumerate(text.wrap(console, width - hang)):
            piece.rstrip()
            console.print(Text(" " * (indent if k == 0 else hang)) + piece, soft_wrap=True)
