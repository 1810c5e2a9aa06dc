"""Command line for a tracker: `extractor status` (a task's state, its history), `extractor calendar` (.ics)."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from .cli import app, out_file, usage_error
from .cli_kb import KB, _open

def _line(c: dict) -> str:
    who = f" — {c['by']}" if c.get("by") else ""
    note = f": {c['note']}" if c.get("note") else ""
    return f"{c['at']}  {c['state']:<9}{who}{note}"


@app.command("status")
def status_cmd(
    task_id: str = typer.Argument(..., help="a task's id (`extractor tasks --json`, the web UI's document page)"),
    state: Optional[str] = typer.Argument(None, help="set it: open | done | cancelled (omit to show the state)"),
    note: Optional[str] = typer.Option(None, "--note", "-m", help="why, what was done (kept in the history)"),
    by: Optional[str] = typer.Option(None, "--by", help="who records the change"),
    kb: Path = KB, as_json: bool = typer.Option(False, "--json", help="print JSON"),
) -> None:
    """A task's state (open, done, cancelled) and its history; with STATE, record a change first.

    The states live in tracking.sqlite beside kb.sqlite: `extractor build` never touches them."""
    from .kb.tracking import STATES, UnknownTask

    if state is not None and state.strip().lower() not in STATES:
        usage_error(f"state {state!r} is not one of: {', '.join(STATES)}")
    if state is None and (note or by):
        usage_error("--note and --by go with a new state: extractor status TASK_ID done --note …")
    base = _open(kb)
    try:
        out = base.set_status(task_id, state, by=by, note=note) if state else base.status(task_id)
    except UnknownTask as err:
        usage_error(str(err))
    if as_json:
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
        return
    row = base._task(task_id)
    doc = " ".join(x for x in (row.get("doc_type"), row.get("doc_number") or "(không số)") if x)
    text = " ".join((row.get("text") or "").split())
    typer.echo(f"{task_id}: {out['state']}")
    typer.echo(f"  {doc}, section {row.get('section') or '-'}, deadline {row.get('deadline') or '-'}")
    typer.echo(f"  {text[:200] + ('…' if len(text) > 200 else '')}")
    typer.echo("history:" if out["history"] else "history: no change recorded")
    for c in out["history"]:
        typer.echo("  " + _line(c))


@app.command("calendar")
def calendar_cmd(
    out: Path = typer.Option(..., "--out", "-o", help="the .ics file to write (`-`: standard output)"),
    agency: Optional[str] = typer.Option(None, "--agency", "-a", help="canonical name or abbreviation (BCA, VPCP)"),
    role: Optional[str] = typer.Option(None, "--role", help="with --agency: lead | coordinating (default: either)"),
    base_url: Optional[str] = typer.Option(None, "--base-url", help="the web UI (http://host:8000): each event "
                                           "links to its task on the document's page"),
    kb: Path = KB,
) -> None:
    """The deadlines of open tasks as an iCalendar file (Outlook, Google Calendar): one all-day event per task."""
    from .kb.calendar import calendar

    if role not in (None, "lead", "coordinating"):
        usage_error(f"--role: {role!r} is not lead or coordinating")
    if base_url and not base_url.startswith(("http://", "https://")):
        usage_error(f"--base-url: {base_url!r} does not start with http:// or https://")
    base = _open(kb)
    try:
        cal = calendar(base, agency=agency, role=role, base_url=base_url)
    except ValueError as err:
        usage_error(str(err))
    data = cal.to_ical()
    if str(out) == "-":
        sys.stdout.buffer.write(data)
        return
    path = out_file(out)
    path.write_bytes(data)
    typer.echo(f"{len(cal.walk('VEVENT'))} open tasks with a deadline → {path}", err=True)
