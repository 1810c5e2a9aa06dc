"""The FastAPI application: POST /extract, the knowledge base (documents, tasks, targets, references, search, due) and the web UI."""
from __future__ import annotations

import asyncio
import contextlib
import json
import os
import threading
from pathlib import Path
from typing import Literal, Optional

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..kb.search import MAX_ROWS, MAX_WITHIN, YEARS
from ..parsers.text import DEFAULT_MAX_BYTES
from . import data, models, upload
from .upload import ApiError

SCHEMA = Path(__file__).resolve().parent.parent / "schema" / "kb.schema.json"  # package data, as output.SCHEMA_PATH
MAX_LIMIT = 500           # rows per page
MAX_CSV = 100_000         # rows per CSV download
ERROR = {"type": "object", "required": ["error", "message"],
         "properties": {"error": {"type": "string"}, "message": {"type": "string"}}}


def _err(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status)


def _errors(*codes: int, csv: bool = False) -> dict:
    """OpenAPI responses of the error ``codes``; ``csv``: the 200 answer may also be CSV (``format=csv``)."""
    text = {400: "bad parameters", 404: "not found", 413: "too large", 415: "unsupported media type",
            422: "the file cannot be read", 503: "no knowledge base yet"}
    out = {c: {"description": text[c], "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
           for c in codes}
    if csv:
        out[200] = {"description": "JSON; with `format=csv`, every matching row as a CSV download (UTF-8, BOM)",
                    "content": {"text/csv": {"schema": {"type": "string"}}}}
    return out


# JSON answers are checked against their model (extractor/api/models.py) and hold exactly the fields returned
JSON_MODEL = {"response_model_exclude_unset": True}


def _extraction_schema() -> tuple[dict, dict]:
    """The JSON Schema of an extraction, its `$defs` moved to OpenAPI components (Extraction, Extraction_task …)."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8")) if SCHEMA.is_file() else {"type": "object"}
    defs = schema.pop("$defs", {})
    text = json.dumps(schema)
    comps = {f"Extraction_{k}": v for k, v in defs.items()}
    fix = lambda s: s.replace('"#/$defs/', '"#/components/schemas/Extraction_')  # noqa: E731
    schema = json.loads(fix(text))
    comps = json.loads(fix(json.dumps(comps)))
    for key in ("$schema", "$id"):
        schema.pop(key, None)
    return schema, comps


def DATE(description: str):  # noqa: N802  (a Query, like FastAPI's own)
    """A date query parameter: text in the form YYYY-MM-DD, checked by ``_date`` (as the CLI checks its options)."""
    return Query(None, description=description, examples=["2025-12-31"])


def _date(value: Optional[str], name: str) -> Optional[str]:
    """YYYY-MM-DD from YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY (kb.search.iso_date), or a ValueError naming the
    parameter and the forms (answered 400 invalid_parameter)."""
    from ..kb.search import iso_date

    return iso_date(value, name) if value not in (None, "") else None


class Filters:
    """The CLI search filters as query parameters."""

    def __init__(self, agency: Optional[str] = Query(None, description="canonical name or abbreviation (BCA, VPCP); keeps tasks only; "
                                                      "a successor also finds its predecessors' tasks (2025 reorganisation), "
                                                      "a merged body its successor's"),
                 role: Optional[Literal["lead", "coordinating"]] = Query(None, description="with agency: the role"),
                 due_before: Optional[str] = DATE("tasks due on or before (YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY)"),
                 due_after: Optional[str] = DATE("tasks due on or after (YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY)"),
                 year: Optional[int] = Query(None, ge=YEARS[0], le=YEARS[1], description="the document's year of issue"),
                 doc_type: Optional[str] = Query(None, description="Quyết định, QĐ, Chỉ thị …"),
                 doc: Optional[str] = Query(None, description="one document: its id or number (240/QĐ-TTg)"),
                 successor: bool = Query(False, description="agencies as the bodies that hold their duties now: "
                                         "tasks' lead (`lead_as_written`: the documents' names) and agency facets")):
        self.values = {k: v for k, v in dict(
            agency=agency, role=role, due_before=_date(due_before, "due_before"),
            due_after=_date(due_after, "due_after"), year=year, doc_type=doc_type, doc=doc,
            successor=successor or None).items() if v not in (None, "")}


class Page:
    def __init__(self, limit: int = Query(50, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0, le=MAX_ROWS),
                 format: Literal["json", "csv"] = Query("json", description="csv: every matching row, as a download")):
        self.limit, self.offset, self.format = limit, offset, format


def _csv(rows: list[dict], name: str) -> Response:
    return Response(data.to_csv(rows), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


def default_pool_size() -> int:
    """Extraction workers per server process: two at least (a small upload never waits behind one slow file),
    at most four."""
    return max(2, min(4, os.cpu_count() or 1))


def create_app(kb_dir: str | Path = "output", inbox: str | Path | None = None, max_upload_bytes: int = DEFAULT_MAX_BYTES,
               corpus: str | Path | None = None, web: bool = True, pool_size: int | None = None,
               time_limit: float | None = None) -> FastAPI:
    """The app over the knowledge base in ``kb_dir``; ``corpus``: the folder it was built from (where inbox files
    go); ``inbox``: a folder watched while the app runs (files merged into ``kb_dir``). Uploads and inbox files are
    extracted by ``pool_size`` worker processes, each file under ``time_limit`` CPU seconds (default: the
    environment variable EXTRACTOR_TIME_LIMIT, else extractor.workers.DEFAULT_TIME_LIMIT; 0: none)."""
    from ..workers import Pool

    kb = data.KBHandle(kb_dir)
    schema, comps = _extraction_schema()
    pool = Pool(pool_size or default_pool_size(), time_limit)
    app = FastAPI(title="extractor", version=__version__, lifespan=_lifespan(inbox, kb_dir, corpus, pool),
                  docs_url=None, redoc_url=None,  # served from the package by _mount_docs: no CDN, works offline
                  description="Tasks, targets and references of Vietnamese government documents: extract one document, "
                              "or query the knowledge base. Errors are `{\"error\": code, \"message\": sentence}`.")
    app.state.kb, app.state.corpus, app.state.max_upload = kb, Path(corpus) if corpus else None, max_upload_bytes
    app.state.pool = pool

    async def extract_in_pool(content, name) -> dict:
        """At most one thread per worker waits on the pool: queued uploads wait on the semaphore (made at start-up,
        in the server's event loop) and never hold the threads that answer the other endpoints."""
        slots = getattr(app.state, "extract_slots", None)
        if slots is None:   # an app used without its lifespan (a TestClient outside `with`)
            slots = app.state.extract_slots = asyncio.Semaphore(pool.workers)
        async with slots:
            return await run_in_threadpool(upload.extract, content, name, pool)

    @app.exception_handler(ApiError)
    async def _api_error(request, err: ApiError):
        return _err(err.status, err.code, err.message)

    @app.exception_handler(data.NoKnowledgeBase)
    async def _no_kb(request, err):
        return _err(503, "no_knowledge_base", str(err))

    @app.exception_handler(ValueError)
    async def _value(request, err):
        return _err(400, "invalid_parameter", str(err))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request, err: RequestValidationError):
        parts = [f"{'.'.join(str(x) for x in e.get('loc', ())[1:]) or 'request'}: {e.get('msg')}" for e in err.errors()]
        return _err(400, "invalid_parameter", "; ".join(parts))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request, err: StarletteHTTPException):
        code = {404: "not_found", 405: "method_not_allowed"}.get(err.status_code, "http_error")
        return _err(err.status_code, code, str(err.detail))

    @app.exception_handler(Exception)
    async def _internal(request, err):  # the last resort: a JSON 500, never a traceback
        return _err(500, "internal", f"internal error: {type(err).__name__}")

    @app.get("/health", tags=["service"], response_model=models.Health, **JSON_MODEL)
    def health() -> dict:
        """Liveness, and what the knowledge base holds."""
        try:
            base = kb.get()
        except data.NoKnowledgeBase:
            return {"status": "ok", "version": __version__, "knowledge_base": None}
        from ..kb import store

        counts = {t: base.conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                  for t in ("files", "documents", "tasks", "targets", "references")}
        return {"status": "ok", "version": __version__,
                "knowledge_base": {**counts, "built": store.get_meta(base.conn, "built"),
                                   "generation": store.get_meta(base.conn, "generation")}}

    @app.post("/extract", tags=["extract"], responses={
        200: {"description": "the extraction (extractor/schema/kb.schema.json)",
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Extraction"}}}},
        **_errors(400, 413, 415, 422)},
        openapi_extra={"requestBody": {"required": True, "content": {
            "multipart/form-data": {"schema": {"type": "object", "properties": {
                "file": {"type": "string", "format": "binary", "description": "txt, pdf, docx, doc or html"},
                "text": {"type": "string", "description": "or the text itself"}}}},
            "application/json": {"schema": {"type": "object", "required": ["text"], "properties": {
                "text": {"type": "string"}, "name": {"type": "string"}}}},
            "text/plain": {"schema": {"type": "string"}},
            "application/pdf": {"schema": {"type": "string", "format": "binary"}},
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}})
    async def extract(request: Request):
        """Extract one document, sent as a file or as text; nothing is stored. Raw bodies take their name from `?name=`."""
        content, name = await upload.parse(request, app.state.max_upload)
        return JSONResponse(await extract_in_pool(content, name))

    def _listing(name: str, f: Filters, page: Page, extra: dict | None = None):
        df = data.table(kb.get(), name, {**f.values, **(extra or {})})
        if page.format == "csv":
            return _csv(data.frame_rows(df.head(MAX_CSV)), name)
        rows = data.frame_rows(df.iloc[page.offset: page.offset + page.limit])
        return {"total": len(df), "limit": page.limit, "offset": page.offset, "results": rows}

    @app.get("/documents", tags=["knowledge base"], response_model=models.DocumentPage, responses=_errors(400, 503, csv=True),
             **JSON_MODEL)
    def documents(f: Filters = Depends(), page: Page = Depends()):
        """Documents, filtered (year, doc_type, doc); `format=csv` for a download."""
        return _listing("documents", f, page)

    @app.get("/documents/{doc_id}", tags=["knowledge base"], responses={
        200: {"description": "the document's extraction (extractor/schema/kb.schema.json, one document)",
              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Extraction"}}}},
        **_errors(404, 503)})
    def document(doc_id: str):
        """One document as extracted (the JSON contract, holding this document only)."""
        kb.get()
        doc = kb.document_json(doc_id)
        if doc is None:
            raise ApiError(404, "not_found", f"no document {doc_id!r} in the knowledge base")
        return doc

    @app.get("/documents/{doc_id}/links", tags=["knowledge base"], response_model=models.DocumentLinks,
             responses=_errors(404, 503), **JSON_MODEL)
    def document_links(doc_id: str):
        """One document's stored fields, what it cites (`cites`) and which documents cite it (`cited_by`)."""
        doc = kb.get().document(doc_id)
        if doc is None:
            raise ApiError(404, "not_found", f"no document {doc_id!r} in the knowledge base")
        return {k: data.clean(v) for k, v in doc.items()}

    @app.get("/tasks", tags=["knowledge base"], response_model=models.TaskPage, responses=_errors(400, 503, csv=True),
             **JSON_MODEL)
    def tasks(f: Filters = Depends(), page: Page = Depends(),
              state: Optional[Literal["open", "done", "cancelled"]] = Query(None, description="tracked state")):
        """Tasks, filtered; `lead` and `coordinating` are lists; `state`: open | done | cancelled (PATCH /tasks/{id})."""
        return _listing("tasks", f, page, {"state": state} if state else None)

    @app.get("/targets", tags=["knowledge base"], response_model=models.TargetPage, responses=_errors(400, 503, csv=True),
             **JSON_MODEL)
    def targets(f: Filters = Depends(), page: Page = Depends()):
        """Targets, filtered (task-only filters leave none)."""
        return _listing("targets", f, page)

    @app.get("/references", tags=["knowledge base"], response_model=models.ReferencePage,
             responses=_errors(400, 503, csv=True), **JSON_MODEL)
    def references(f: Filters = Depends(), page: Page = Depends(),
                   number: Optional[str] = Query(None, description="only citations of this number (45/2020/NĐ-CP)")):
        """Citations, with the citing sentence and the cited corpus document when there is one."""
        return _listing("references", f, page, {"number": number} if number else None)

    @app.get("/search", tags=["knowledge base"], response_model=models.SearchPage, responses=_errors(400, 503, csv=True),
             **JSON_MODEL)
    def search(q: str = Query(..., min_length=1, max_length=500, description="words, any accents"),
               kind: Optional[Literal["task", "target", "document"]] = Query(None), f: Filters = Depends(),
               page: Page = Depends(), facets: bool = Query(False, description="also count by kind, year, type, agency")):
        """Full-text search (exact accents first, then BM25); snippets mark matches with `[` `]`."""
        base = kb.get()
        fv = {**f.values, **({"kind": kind} if kind else {})}
        if page.format == "csv":
            hits = base.search(q, limit=MAX_CSV, **fv)
            return _csv([h.as_dict() for h in hits], "search")
        hits = base.search(q, limit=page.limit, offset=page.offset, **fv)
        out = {"query": q, "total": base.count(q, **fv), "limit": page.limit, "offset": page.offset,
               "results": [h.as_dict() for h in hits]}
        if facets:
            out["facets"] = {k: [{"value": v, "count": n} for v, n in d.items()] for k, d in base.facets(q, **fv).items()}
        return out

    @app.get("/due", tags=["knowledge base"], response_model=models.DuePage, responses=_errors(400, 503, csv=True),
             **JSON_MODEL)
    def due(agency: Optional[str] = None, role: Optional[Literal["lead", "coordinating"]] = None,
            within: int = Query(90, ge=0, le=MAX_WITHIN, description="days ahead"),
            today: Optional[str] = DATE("YYYY-MM-DD (default: today)"),
            include_closed: bool = Query(False, description="also the done and cancelled tasks (`state`)"),
            format: Literal["json", "csv"] = "json"):
        """Open tasks due in the next `within` days and the overdue ones (`status`, `days`, `state`); with
        `include_closed`, the done and cancelled ones too (`closed` counts them; `overdue` counts open tasks)."""
        df = kb.get().due(agency=agency or None, role=role, within=within, today=_date(today, "today"),
                          include_closed=include_closed)
        rows = data.frame_rows(df)
        if format == "csv":
            return _csv(rows, "due")
        live = [r for r in rows if r["state"] == "open"]
        return {"total": len(rows), "overdue": sum(r["status"] == "overdue" for r in live),
                "closed": len(rows) - len(live), "results": rows}

    _orig = app.openapi

    def openapi():
        if app.openapi_schema is None:
            spec = _orig()
            spec.setdefault("components", {}).setdefault("schemas", {}).update(
                {"Extraction": schema, **comps, "Error": ERROR})
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi
    from .tracking import router as tracking_router

    app.include_router(tracking_router)
    _mount_docs(app)
    if web:
        from .web import mount

        mount(app, kb)
    return app


VENDOR = Path(__file__).resolve().parent / "static" / "vendor"   # Swagger UI and ReDoc (vendor/README.md)
VENDOR_URL = "/static/vendor"


def _mount_docs(app: FastAPI) -> None:
    """/docs (Swagger UI) and /redoc from the files shipped in the package, not from a CDN: both pages work on a
    network without internet access, and load nothing from another host."""
    from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
    from fastapi.responses import HTMLResponse
    from fastapi.staticfiles import StaticFiles

    app.mount(VENDOR_URL, StaticFiles(directory=str(VENDOR)), name="vendor")
    title = f"{app.title} {app.version}"

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def swagger_ui():
        return get_swagger_ui_html(
            openapi_url=app.openapi_url, title=f"{title} – Swagger UI", oauth2_redirect_url="/docs/oauth2-redirect",
            swagger_js_url=f"{VENDOR_URL}/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url=f"{VENDOR_URL}/swagger-ui/swagger-ui.css",
            swagger_favicon_url=f"{VENDOR_URL}/swagger-ui/favicon-32x32.png",
            swagger_ui_parameters={"validatorUrl": None})   # no badge fetched from validator.swagger.io

    @app.get("/docs/oauth2-redirect", include_in_schema=False, response_class=HTMLResponse)
    def swagger_ui_redirect():
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False, response_class=HTMLResponse)
    def redoc():
        return get_redoc_html(openapi_url=app.openapi_url, title=f"{title} – ReDoc",
                              redoc_js_url=f"{VENDOR_URL}/redoc/redoc.standalone.js",
                              redoc_favicon_url=f"{VENDOR_URL}/swagger-ui/favicon-32x32.png", with_google_fonts=False)


def _lifespan(inbox, out, corpus, pool):
    """The app's lifespan: with an inbox, the watcher runs in a thread while the app serves (its files extracted by
    the app's worker pool); the workers are stopped at the end."""

    @contextlib.asynccontextmanager
    async def lifespan(app):
        app.state.extract_slots = asyncio.Semaphore(pool.workers)
        if inbox is None:
            try:
                yield
            finally:
                pool.close()
            return
        from ..watch import watch

        stop = threading.Event()
        thread = threading.Thread(target=watch, args=(Path(inbox), Path(out)), name="inbox", daemon=True,
                                  kwargs={"corpus": Path(corpus) if corpus else None, "stop": stop, "quiet": True,
                                          "pool": pool})
        thread.start()
        try:
            yield
        finally:
            stop.set()
            pool.interrupt()
            thread.join(timeout=30)
            pool.close()

    return lifespan
