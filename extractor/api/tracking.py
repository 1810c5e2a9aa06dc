"""HTTP endpoints of a tracker: PATCH /tasks/{id} (a task's state), GET /tasks/{id}/history and GET /calendar.ics."""
from __future__ import annotations

from typing import Literal, Optional

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from ..kb.tracking import MAX_TEXT, UnknownTask
from .upload import ApiError

router = APIRouter(tags=["tracking"])
State = Literal["open", "done", "cancelled"]
ICS_NAME = "thoi-han-nhiem-vu.ics"


class StateChange(BaseModel):
    """The body of PATCH /tasks/{task_id}."""
    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"state": "done", "by": "Nguyễn Văn A", "note": "Đã trình Chính phủ ngày 25/6/2025"}]})

    state: State = Field(description="open (reopen), done or cancelled")
    by: Optional[str] = Field(None, max_length=MAX_TEXT, description="who records the change")
    note: Optional[str] = Field(None, max_length=MAX_TEXT, description="why, what was done")


class Change(BaseModel):
    task_id: str = Field(description="the task the change was recorded for (an earlier id of the same task when "
                                     "its document was edited since)")
    state: State
    at: str = Field(description="when, UTC (2025-06-25T08:30:00Z)")
    by: Optional[str] = None
    note: Optional[str] = None


class TaskState(BaseModel):
    task_id: str
    state: State = Field(description="the current state: the last change's, open when there is none")
    at: Optional[str] = Field(None, description="when the current state was recorded (UTC); null: never changed")
    by: Optional[str] = None
    note: Optional[str] = None
    history: list[Change] = Field(description="every change, oldest first")


def _errors(*codes: int) -> dict:
    text = {400: "bad parameters or body", 404: "no such task", 503: "no knowledge base yet"}
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    return {c: {"description": text[c], "content": error} for c in codes}


def _unknown(task_id: str) -> ApiError:
    return ApiError(404, "not_found", f"no task {task_id!r} in the knowledge base")


@router.patch("/tasks/{task_id}", response_model=TaskState, responses=_errors(400, 404, 503))
def set_state(task_id: str, change: StateChange, request: Request):
    """Record a task's new state (done, cancelled, or open again), who recorded it and a note. States are kept in
    tracking.sqlite beside the knowledge base: a rebuild keeps them. Answers the state and its history."""
    try:
        return request.app.state.kb.get().set_status(task_id, change.state, by=change.by, note=change.note)
    except UnknownTask:
        raise _unknown(task_id) from None


@router.get("/tasks/{task_id}/history", response_model=TaskState, responses=_errors(404, 503))
def task_history(task_id: str, request: Request):
    """A task's current state and every change of it, oldest first."""
    try:
        return request.app.state.kb.get().status(task_id)
    except UnknownTask:
        raise _unknown(task_id) from None


@router.get("/calendar.ics", response_class=Response, responses={
    200: {"description": "an iCalendar file (RFC 5545)", "content": {"text/calendar": {"schema": {"type": "string"}}}},
    **_errors(400, 503)})
def calendar_ics(request: Request,
                 agency: Optional[str] = Query(None, description="canonical name or abbreviation (BCA, VPCP)"),
                 role: Optional[Literal["lead", "coordinating"]] = Query(None, description="with agency: the role")):
    """The deadlines of open tasks as an iCalendar file for Outlook or Google Calendar: one all-day event per task
    (a deadline given as a year or a month falls on its last day), linking to the task in the web UI."""
    from ..kb.calendar import to_ics

    body = to_ics(request.app.state.kb.get(), agency=agency or None, role=role,
                  base_url=str(request.base_url).rstrip("/"))
    return Response(body, media_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{ICS_NAME}"'})
