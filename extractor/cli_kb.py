"""Command line for the knowledge base: build, search, tasks, due, cites (registered on the main `extractor` app)."""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Optional

import enum

import typer

from .cli import app, int_option, usage_error
from .bounds import MAX_ROWS, MAX_WITHIN, YEARS

def _date(option: str):
    """A callback that checks a date option: YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY (as YYYY-MM-DD), or one line
    naming the option and exit status 2."""

    def check(value: Optional[str]) -> Optional[str]:
        if value is None:
            return None
        from .kb.search import iso_date

        try:
            return iso_date(value, option)
        except ValueError as err:
            usage_error(str(err))

    return check


KB = typer.Option(Path("output"), "--kb", "-k", help="the knowledge base: a folder built by `extractor build`")
AGENCY = typer.Option(None, "--agency", "-a", help="canonical name or abbreviation (BCA, VPCP); keeps tasks only; "
                      "a successor also finds its predecessors' tasks (Bộ Tài chính: Bộ Kế hoạch và Đầu tư's), a "
                      "merged body its successor's")
AS_SUCCESSOR = typer.Option(False, "--as-successor", help="show agencies as the bodies that hold their duties now "
                            "(2025 reorganisation): lead and facets by successor")
ROLE = typer.Option(None, "--role", help="with --agency: lead | coordinating (default: either)")
DUE_BEFORE = typer.Option(None, "--due-before", help="tasks due on or before this day: YYYY-MM-DD, DD/MM/YYYY or "
                          "DD-MM-YYYY", callback=_date("--due-before"))
DUE_AFTER = typer.Option(None, "--due-after", help="tasks due on or after this day: YYYY-MM-DD, DD/MM/YYYY or "
                         "DD-MM-YYYY", callback=_date("--due-after"))
YEAR = typer.Option(None, "--year", help="documents issued in this year", callback=int_option("--year", *YEARS))
DOC_TYPE = typer.Option(None, "--doc-type", help="document type: Quyết định, QĐ, Chỉ thị …")
DOC = typer.Option(None, "--doc", help="one document: its id or number (240/QĐ-TTg)")
JSON = typer.Option(False, "--json", help="print JSON")
CSV = typer.Option(False, "--csv", help="print CSV")
MARK = ("\x02", "\x03")  # snippet marks in the terminal, turned into styles


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"extractor: {message}", err=True)
    raise typer.Exit(code)


def _open(kb: Path):
    from .kb import KnowledgeBase

    try:
        return KnowledgeBase(kb)
    except FileNotFoundError as err:
        _fail(str(err))


def _filters(**kw) -> dict:
    return {k: v for k, v in kw.items() if v is not None}


def _print_rows(rows: list[dict], as_json: bool, as_csv: bool, title: str, columns: list[str], extra=None) -> None:
    if as_json and as_csv:
        _fail("--json and --csv exclude each other")
    if as_json:
        sys.stdout.write(json.dumps(rows if extra is None else {"results": rows, **extra}, ensure_ascii=False,
                                    indent=2, default=str) + "\n")
        return
    if as_csv:
        sys.stdout.write("\ufeff")  # a UTF-8 byte order mark, as the API's CSV: spreadsheets then read Vietnamese right
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else columns, extrasaction="ignore")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: "; ".join(v) if isinstance(v, list) else v for k, v in r.items()})
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=title, show_lines=False, expand=True)
    wide = [c for c in columns if c in ("text", "snippet", "sentence")]
    for c in columns:
        if c in wide:
            table.add_column(c, overflow="fold", ratio=1, min_width=30)
        else:
            table.add_column(c, overflow="fold", max_width=28)
    for r in rows:
        cells = []
        for c in columns:
            v = r.get(c)
            v = "; ".join(v) if isinstance(v, list) else "" if v is None else str(v)
            if c in wide and len(v) > 400:
                v = v[:400].rsplit(" ", 1)[0] + "…"
            cells.append(escape(v).replace(MARK[0], "[bold yellow]").replace(MARK[1], "[/]"))
        table.add_row(*cells)
    Console().print(table)


def _successor_column(rows: list[dict]) -> list[str]:
    """["successor"] where some task's lead is now another body's (2025 reorganisation), for the terminal table."""
    return ["successor"] if any(r.get("successor") and r.get("successor") != r.get("lead") for r in rows) else []


def _frame_rows(df) -> list[dict]:
    return [{k: (None if v != v else v) if not isinstance(v, (list, str)) else v for k, v in r.items()}
            for r in df.astype(object).to_dict("records")]


class Engine(str, enum.Enum):
    """Where `build` extracts: worker processes here, or a Dask cluster."""
    local = "local"
    dask = "dask"


@app.command("build")
def build_cmd(
    path: str = typer.Argument(..., help="a folder of documents (every supported format), or one file; or an fsspec "
                               "URL of either (s3://bucket/corpus/, file:///srv/corpus/)"),
    out: Path = typer.Option(Path("output"), "--out", "-o", help="where the knowledge base goes"),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", help="worker processes (default: the core count)"),
    full: bool = typer.Option(False, "--full", help="re-extract every file, as if output/ were empty"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bar"),
    time_limit: Optional[float] = typer.Option(
        None, "--time-limit", min=0, help="CPU seconds one file may take to extract; a file over it is reported in "
        "errors.json (time_limit); 0: no limit [default: EXTRACTOR_TIME_LIMIT or 120]"),
    engine: Engine = typer.Option(Engine.local, "--engine", help="local: worker processes on this machine; dask: a "
                                  "Dask cluster (pip install -e '.[dask]')"),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="with --engine dask: the scheduler's address "
                                            "(tcp://host:8786) [default: a local cluster of --workers processes]"),
) -> None:
    """Build or update the knowledge base: documents/<id>.json, kb.sqlite (with views for Datasette and
    metadata.json), tasks/targets/references as CSV, Parquet and JSON Lines, errors.json."""
    from .errors import ExtractorError
    from .kb.build import BuildError, build

    if scheduler and engine is not Engine.dask:
        _fail("--scheduler needs --engine dask")
    try:
        if engine is Engine.dask:
            from .kb.cluster import DaskPool

            with DaskPool(scheduler, workers, time_limit, quiet=quiet) as pool:
                report = build(path, out, workers=workers, progress=not quiet, full=full, time_limit=time_limit,
                               pool=pool)
        else:
            report = build(path, out, workers=workers, progress=not quiet, full=full, time_limit=time_limit)
    except (BuildError, ExtractorError) as err:
        _fail(str(err))
    typer.echo(report.summary())
    if report.failed and report.documents == 0:
        raise typer.Exit(1)


@app.command("search")
def search_cmd(
    query: str = typer.Argument(..., help="words to find, any accents (`so hoa ho so` finds `số hóa hồ sơ`)"),
    kb: Path = KB, kind: Optional[str] = typer.Option(None, "--kind", help="task | target | document"),
    agency: Optional[str] = AGENCY, role: Optional[str] = ROLE, due_before: Optional[str] = DUE_BEFORE,
    due_after: Optional[str] = DUE_AFTER, year: Optional[int] = YEAR, doc_type: Optional[str] = DOC_TYPE,
    doc: Optional[str] = DOC, limit: int = typer.Option(20, "--limit", "-n", callback=int_option("--limit", 0, MAX_ROWS)),
    facets: bool = typer.Option(False, "--facets", help="also count the matches by kind, year, document type and "
                                "agency (with --csv: the counts instead of the hits)"),
    as_successor: bool = AS_SUCCESSOR, as_json: bool = JSON, as_csv: bool = CSV,
) -> None:
    """Search tasks, targets and documents (BM25; exact accents first)."""
    base = _open(kb)
    f = _filters(kind=kind, agency=agency, role=role, due_before=due_before, due_after=due_after, year=year,
                 doc_type=doc_type, doc=doc, successor=as_successor or None)
    try:
        hits = base.search(query, limit=limit, mark=("[", "]") if as_json or as_csv else MARK, **f)
        counts = base.facets(query, **f) if facets else None
    except ValueError as err:
        _fail(str(err))
    rows = [h.as_dict() for h in hits]
    if counts and as_csv:
        rows = [{"facet": k, "value": v, "count": n} for k, d in counts.items() for v, n in d.items()]
        return _print_rows(rows, False, True, "", ["facet", "value", "count"])
    total = base.count(query, **f)
    _print_rows(rows, as_json, as_csv, f"{total} matches for {query!r}",
                ["kind", "doc_number", "section", "deadline", "snippet"],
                extra={"total": total, **({"facets": counts} if counts else {})} if as_json else None)
    if counts and not as_json:
        for name, d in counts.items():
            _print_rows([{name: v, "count": n} for v, n in d.items()], False, False, f"by {name}", [name, "count"])


@app.command("tasks")
def tasks_cmd(
    kb: Path = KB, agency: Optional[str] = AGENCY, role: Optional[str] = ROLE, due_before: Optional[str] = DUE_BEFORE,
    due_after: Optional[str] = DUE_AFTER, year: Optional[int] = YEAR, doc_type: Optional[str] = DOC_TYPE,
    doc: Optional[str] = DOC, limit: int = typer.Option(0, "--limit", "-n", help="at most this many (0: all)",
                                                        callback=int_option("--limit", 0, MAX_ROWS)),
    state: Optional[str] = typer.Option(None, "--state", help="open | done | cancelled (`extractor status`)"),
    as_successor: bool = AS_SUCCESSOR, as_json: bool = JSON, as_csv: bool = CSV,
) -> None:
    """List tasks, filtered."""
    base = _open(kb)
    try:
        df = base.tasks(**_filters(agency=agency, role=role, due_before=due_before, due_after=due_after, year=year,
                                   doc_type=doc_type, doc=doc, state=state, successor=as_successor or None))
    except ValueError as err:
        _fail(str(err))
    rows = _frame_rows(df.head(limit) if limit else df)
    _print_rows(rows, as_json, as_csv, f"{len(df)} tasks",
                ["doc_number", "section", "deadline", "state", "lead", *_successor_column(rows), "text"])


@app.command("due")
def due_cmd(
    agency: Optional[str] = AGENCY, role: Optional[str] = ROLE, kb: Path = KB,
    within: int = typer.Option(90, "--within", help="days ahead", callback=int_option("--within", 0, MAX_WITHIN)),
    today: Optional[str] = typer.Option(None, "--today", help="YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY (default: "
                                        "today)", callback=_date("--today")),
    include_closed: bool = typer.Option(False, "--all", help="also the done and cancelled tasks (column state)"),
    as_successor: bool = AS_SUCCESSOR, as_json: bool = JSON, as_csv: bool = CSV,
) -> None:
    """Open tasks due in the next N days, and overdue ones."""
    base = _open(kb)
    try:
        df = base.due(agency=agency, role=role, within=within, today=today, include_closed=include_closed,
                      successor=as_successor)
    except ValueError as err:
        _fail(str(err))
    rows = _frame_rows(df)
    open_rows = [r for r in rows if r["state"] == "open"]
    overdue = sum(1 for r in open_rows if r["status"] == "overdue")
    closed = f", {len(rows) - len(open_rows)} done or cancelled" if include_closed else ""
    _print_rows(rows, as_json, as_csv,
                f"{len(open_rows) - overdue} due within {within} days, {overdue} overdue{closed}",
                ["status", *(["state"] if include_closed else []), "days", "deadline", "doc_number", "lead",
                 *_successor_column(rows), "text"])
    if as_successor and not (as_json or as_csv):
        by: dict[str, list[int]] = {}
        for r in rows:
            for a in r["lead"].split("; ") if r["lead"] else ["(no lead)"]:
                by.setdefault(a, [0, 0])[0 if r["status"] == "overdue" else 1] += 1
        _print_rows([{"lead": a, "overdue": o, "due": d} for a, (o, d) in sorted(by.items(), key=lambda kv: -sum(kv[1]))],
                    False, False, "by lead (successors)", ["lead", "overdue", "due"])


@app.command("cites")
def cites_cmd(number: str = typer.Argument(..., help="a document number: 45/2020/NĐ-CP"), kb: Path = KB,
              as_json: bool = JSON) -> None:
    """The documents citing a number, with the sentences; and, if it is in the corpus, what that document cites."""
    base = _open(kb)
    data = base.cites(number)
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    for d in data["documents"]:
        _print_rows(d["cites"], False, False, f"{d['type'] or ''} {d['number']} ({d['file']}) cites",
                    ["type", "number", "date", "doc_id", "sentence"])
    _print_rows(data["cited_by"], False, False,
                f"{len(data['cited_by'])} citations of {number}" + ("" if data["documents"] else " (not in the corpus)"),
                ["number", "type", "issued_date", "section", "sentence"])
