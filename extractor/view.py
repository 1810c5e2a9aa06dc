"""An HTML view of an extraction: the text with agencies, deadlines, targets and references highlighted (displaCy), tasks listed beside it."""
from __future__ import annotations

import html

import regex

from .model import Document
from .pipeline import Extraction

COLORS = {"AGENCY": "#a6e3ff", "DEADLINE": "#ffd479", "TARGET": "#b8f2a6", "REF": "#e0c3ff"}
PRIORITY = {"REF": 0, "DEADLINE": 1, "TARGET": 2, "AGENCY": 3}
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
    kept: list[tuple[int, int, str]] = []
    for s in spans:
        if s[1] > s[0] and not any(s[0] < k[1] and k[0] < s[1] for k in kept):
            kept.append(s)
    return sorted(kept)


def _render(segment: str, start: int, end: int, spans) -> str:
    """``segment`` (the text from ``start`` to ``end``) with the ``spans`` inside it highlighted."""
    from spacy import displacy   # the view alone needs spaCy: a build that stores views does not load it

    ents = [{"start": a - start, "end": b - start, "label": lab} for a, b, lab in spans if start <= a and b <= end]
    return displacy.render({"text": segment, "ents": ents}, style="ent", manual=True, page=False,
                           jupyter=False, options={"colors": COLORS})


def layout(doc: Document, text: str) -> dict:
    """What a document's text view needs, as plain data (stored by the build, so that showing a document never
    extracts it again): its text, where it starts in the file's text, its tasks' ranges ``[start, end, n]`` (n:
    the task's number in the document) and its highlights ``[start, end, label]``, offsets into the file's text."""
    index = {id(t): n for n, t in enumerate(doc.tasks, 1)}
    tasks = sorted(([t.start, t.end, index[id(t)]] for t in doc.tasks if t.source == "text"), key=lambda r: r[0])
    return {"start": doc.start, "text": text[doc.start:doc.end], "tasks": tasks,
            "spans": [list(s) for s in _spans(doc, text)]}


def render_layout(view: dict) -> str:
    """The document text as HTML, each task in a block of its own (linked from the side table)."""
    base, body = view["start"], view["text"]
    end = base + len(body)
    spans = [tuple(s) for s in view["spans"]]

    def part(a: int, b: int) -> str:
        return _render(body[a - base:b - base], a, b, _clip(spans, a, b))

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
