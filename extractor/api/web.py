"""The web UI (server-rendered Jinja2): search with facets, document pages with highlighted text, due/overdue tasks."""
from __future__ import annotations

import datetime as dt
import functools
import os
from pathlib import Path
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from ..kb.build import VIEW
from ..kb.search import MAX_ROWS, YEARS, whole_number
from . import data

HERE = Path(__file__).resolve().parent
PER_PAGE = 20
MARK = ("\x02", "\x03")
KINDS = {"task": "Nhiệm vụ", "target": "Chỉ tiêu", "document": "Văn bản"}
WINDOWS = {"": "Mọi thời hạn", "overdue": "Đã quá hạn", "30": "Đến hạn trong 30 ngày", "90": "Đến hạn trong 90 ngày",
           "365": "Đến hạn trong 1 năm"}
LABELS = {"AGENCY": "Cơ quan", "DEADLINE": "Thời hạn", "TARGET": "Chỉ tiêu", "REF": "Văn bản dẫn chiếu"}


def _vndate(value) -> str:
    """ISO date → dd/mm/yyyy (a year-month stays mm/yyyy)."""
    if not value:
        return ""
    s = str(value)
    parts = s[:10].split("-")
    return "/".join(reversed(parts)) if all(p.isdigit() for p in parts) else s


def _marks(text: str) -> Markup:
    return Markup(str(escape(text or "")).replace(MARK[0], "<mark>").replace(MARK[1], "</mark>"))


def _short(text: str, n: int = 320) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[:n].rsplit(" ", 1)[0] + "…"


def templates() -> Jinja2Templates:
    t = Jinja2Templates(directory=str(HERE / "templates"))  # autoescape is on for .html
    t.env.filters.update(vndate=_vndate, marks=_marks, short=_short)
    t.env.globals.update(KINDS=KINDS, WINDOWS=WINDOWS, LABELS=LABELS)
    return t


def _url(path: str, params: dict, **change) -> str:
    merged = {**params, **change}
    return path + ("?" + urlencode({k: v for k, v in merged.items() if v not in (None, "")}) if merged else "")


def _today(value: str | None) -> dt.date:
    """The `today` parameter (YYYY-MM-DD; default: today); a ValueError (a 400 page) naming it otherwise."""
    from ..kb.search import iso_date

    return dt.date.fromisoformat(iso_date(value, "today")) if value else dt.date.today()


def _window(due: str, today: dt.date) -> dict:
    if due == "overdue":
        return {"due_before": (today - dt.timedelta(days=1)).isoformat()}
    if due.isdigit():
        return {"due_after": today.isoformat(), "due_before": (today + dt.timedelta(days=int(due))).isoformat()}
    return {}


def _row_hit(kind: str, r: dict) -> dict:
    """A list row in the shape of a search hit."""
    if kind == "document":
        text = " ".join(x for x in (r.get("type"), r.get("number"), r.get("title")) if x)
        return {"kind": kind, "id": r["id"], "doc_id": r["id"], "doc_number": r.get("number"), "doc_type": r.get("type"),
                "snippet": text, "section": None, "deadline": None, "lead": [], "coordinating": [],
                "extra": f"{r.get('issuer') or ''} · {r.get('n_tasks') or 0} nhiệm vụ, {r.get('n_targets') or 0} chỉ tiêu"}
    text = r.get("text") or ""
    if kind == "target" and r.get("indicator") and r["indicator"] not in text:
        text = f"{r['indicator']}: {text}"
    return {"kind": kind, "id": r["id"], "doc_id": r["doc_id"], "doc_number": r.get("doc_number"),
            "doc_type": r.get("doc_type"), "snippet": _short(text), "section": r.get("section"),
            "deadline": r.get("deadline"), "lead": r.get("lead") or [], "coordinating": r.get("coordinating") or []}


def _agencies(kb) -> list[str]:
    return [r[0] for r in kb.conn.execute("SELECT DISTINCT canonical FROM agencies ORDER BY canonical")]


def mount(app: FastAPI, handle: data.KBHandle) -> None:
    tpl = templates()
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def page(request: Request, name: str, status: int = 200, **ctx) -> HTMLResponse:
        return tpl.TemplateResponse(request, name, ctx, status_code=status)

    def guarded(fn):
        @functools.wraps(fn)
        def inner(request: Request, *a, **kw):
            try:
                return fn(request, *a, **kw)
            except data.NoKnowledgeBase as err:
                return page(request, "message.html", 503, title="Chưa có cơ sở dữ liệu", message=str(err))
            except ValueError as err:
                return page(request, "message.html", 400, title="Tham số không hợp lệ", message=str(err))
        return inner

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    @guarded
    def home(request: Request):
        kb = handle.get()
        qp = request.query_params
        q, kind = (qp.get("q") or "").strip()[:500], qp.get("kind") or ""
        kind = kind if kind in KINDS else ""
        due = qp.get("due") or ""
        due = due if due in WINDOWS else ""
        year = qp.get("year") or ""
        params = {"q": q, "kind": kind, "agency": qp.get("agency") or "", "year": year if year.isdigit() else "",
                  "doc_type": qp.get("doc_type") or "", "due": due, "today": qp.get("today") or ""}
        page_no = qp.get("page") or ""
        # a number out of range is a 400 page (never a query SQLite cannot hold); other text is ignored, as before
        pno = whole_number(page_no, "page", 1, MAX_ROWS // PER_PAGE) if page_no.isdigit() else 1
        today = _today(params["today"])
        f = {k: params[k] for k in ("agency", "doc_type") if params[k]}
        if params["year"]:
            f["year"] = whole_number(params["year"], "year", *YEARS)
        f.update(_window(due, today))
        offset = (pno - 1) * PER_PAGE
        if q:
            fk = {**f, **({"kind": kind} if kind else {})}
            hits = [h.as_dict() for h in kb.search(q, limit=PER_PAGE, offset=offset, mark=MARK, **fk)]
            total, facets = kb.count(q, **fk), kb.facets(q, **fk)
            csv = _url("/search", {"q": q, **{k: v for k, v in fk.items()}}, format="csv")
        else:
            shown = kind or ("task" if f else "document")
            name = {"task": "tasks", "target": "targets", "document": "documents"}[shown]
            df = data.table(kb, name, dict(f))
            total = len(df)
            hits = [_row_hit(shown, r) for r in data.frame_rows(df.iloc[offset:offset + PER_PAGE])]
            facets = kb.facets(None, **{**f, **({"kind": kind} if kind else {})})
            csv = _url(f"/{name}", f, format="csv")
            kind = kind or ""
        for h in hits:   # the title naming each hit's document: a Phụ lục names the document it comes with
            h["title"] = doc_title(kb, handle.dir, h["doc_id"], h.get("doc_type"), h.get("doc_number"))
        pages = max(1, (total + PER_PAGE - 1) // PER_PAGE)
        return page(request, "search.html", params=params, hits=hits, total=total, facets=facets, csv=csv,
                    page=pno, pages=pages, url=lambda **c: _url("/", params, **c), agencies=_agencies(kb),
                    years=sorted((y for y in facets.get("year", {}) if y), reverse=True),
                    types=[t for t in facets.get("doc_type", {}) if t], today=today, browsing=not q)

    @app.get("/view/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    @guarded
    def document(request: Request, doc_id: str):
        kb = handle.get()
        meta = kb.document(doc_id)
        stored = handle.document_json(doc_id) if meta else None
        if meta is None or stored is None:
            return page(request, "message.html", 404, title="Không tìm thấy văn bản",
                        message=f"Không có văn bản mã {doc_id} trong cơ sở dữ liệu.")
        doc = stored["documents"][0]
        text_html, anchored = _text_html(handle.dir, doc_id)
        from ..view import outline

        heads = [s for s in outline(doc.get("sections") or []) if s["n"] in anchored]
        return page(request, "document.html", meta=meta, doc=doc, source=stored["source"], text_html=text_html,
                    outline=heads, title=doc_title(kb, handle.dir, doc_id, meta.get("type"), meta.get("number")))

    @app.get("/view/due", response_class=HTMLResponse, include_in_schema=False)
    @guarded
    def due(request: Request):
        kb = handle.get()
        qp = request.query_params
        agency, role = qp.get("agency") or "", qp.get("role") or ""
        role = role if role in ("lead", "coordinating") else ""
        try:
            within = min(3650, max(0, int(qp.get("within") or 90)))
        except ValueError:
            within = 90
        today = _today(qp.get("today"))
        closed = qp.get("all") in ("1", "on", "true")   # also the tasks marked done or cancelled
        rows = data.frame_rows(kb.due(agency=agency or None, role=role or None, within=within, today=today,
                                      include_closed=closed))
        params = {"agency": agency, "role": role, "within": within, "today": qp.get("today") or "",
                  "all": "1" if closed else ""}
        live = [r for r in rows if r["state"] == "open"]
        summary: dict[str, list[int]] = {}
        if not agency:
            for r in live:
                for a in r["lead"] or ["(chưa rõ cơ quan chủ trì)"]:
                    summary.setdefault(a, [0, 0])[0 if r["status"] == "overdue" else 1] += 1
        return page(request, "due.html", rows=rows, params=params, today=today, agencies=_agencies(kb),
                    summary=sorted(summary.items(), key=lambda kv: (-kv[1][0] - kv[1][1], kv[0])),
                    overdue=sum(r["status"] == "overdue" for r in live), n_open=len(live),
                    csv=_url("/due", {k: v for k, v in params.items() if k != "today" or v}, format="csv", all=None,
                             include_closed="true" if closed else None),
                    ics=_url("/calendar.ics", {k: params[k] for k in ("agency", "role") if params[k]}),
                    url=lambda **c: _url("/view/due", params, **c))


@functools.lru_cache(maxsize=32)
def _render_cached(path: str, mtime: int, size: int) -> tuple[str, frozenset[int]] | None:
    """The HTML of a stored text view (documents/<id>.view.json.gz), kept for the file's version; no extraction;
    with the sections it holds an anchor for (`sec-<n>`)."""
    from ..kb.build import read_view
    from ..view import render_layout

    p = Path(path)
    view = read_view(p.parent, p.name.removesuffix(VIEW))
    if view is None:
        return None
    out = render_layout(view)
    for key, label in LABELS.items():
        out = out.replace(f">{key}</span>", f">{label}</span>")
    return out, frozenset(n for _, n in view.get("sections", ()))


def _view_path(kb_dir: Path, doc_id: str) -> Path | None:
    if not doc_id or "/" in doc_id or doc_id.startswith("."):
        return None
    return kb_dir / "documents" / f"{doc_id}{VIEW}"


def _text_html(kb_dir: Path, doc_id: str) -> tuple[Markup | None, frozenset[int]]:
    """The document's text with entities highlighted (displaCy escapes the text), from the view the build stored,
    and the sections anchored in it; None when there is none (a knowledge base built before views were stored:
    `extractor build` again; one built before views held anchors has no outline until `extractor build --full`)."""
    path = _view_path(kb_dir, doc_id)
    if path is None:
        return None, frozenset()
    try:
        st = os.stat(path)
        found = _render_cached(str(path), st.st_mtime_ns, st.st_size)
    except (OSError, ValueError, KeyError, TypeError):  # the page still shows the stored fields and tasks
        return None, frozenset()
    return (Markup(found[0]), found[1]) if found else (None, frozenset())


def doc_title(kb, kb_dir: Path, doc_id: str, doc_type: str | None, number: str | None) -> str:
    """The title naming a document in lists and on its page: `Quyết định 240/QĐ-TTg`; a part without a number of
    its own names the document it comes with (`Phụ lục kèm theo Quyết định 240/QĐ-TTg`, or as its `Kèm theo` line
    writes it: `Phụ lục kèm theo Công văn …/VPCP-KSTT`); else `Phụ lục (không số)`."""
    from ..view import PARTS

    kind = doc_type or "Văn bản"
    if number:
        return f"{kind} {number}"
    parent = _parent(kb, kb_dir, doc_id) if doc_type in PARTS else None
    return f"{kind} kèm theo {parent}" if parent else f"{kind} (không số)"


def _parent(kb, kb_dir: Path, doc_id: str) -> str | None:
    """The document a part comes with: its `attached_to` (with the type of the corpus document of that number),
    else what the `Kèm theo … số …` line at its head says, a blank number shown `…/VPCP-KSTT`."""
    from ..patterns.doctypes import type_from_number
    from ..references import number_key

    row = kb.conn.execute("SELECT attached_to FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row and row[0]:
        found = kb.conn.execute("SELECT type FROM documents WHERE number_key = ? AND type IS NOT NULL LIMIT 1",
                                (number_key(row[0]),)).fetchone()
        kind = found[0] if found else type_from_number(row[0])
        return f"{kind} {row[0]}" if kind else row[0]
    path = _view_path(kb_dir, doc_id)
    try:
        st = os.stat(path) if path else None
    except OSError:
        return None
    return _attached_line(str(path), st.st_mtime_ns) if st else None


@functools.lru_cache(maxsize=256)
def _attached_line(path: str, mtime: int) -> str | None:
    """`Công văn …/VPCP-KSTT`: the document named by the `(Kèm theo … số …)` line at the head of a stored text view
    (view.named_parent), or None."""
    from ..kb.build import read_view
    from ..view import named_parent

    p = Path(path)
    view = read_view(p.parent, p.name.removesuffix(VIEW))
    return named_parent(view.get("text", "")) if view else None
