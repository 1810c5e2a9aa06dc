"""Tasks from task tables: one task per row or sub-row, lead, coordinating and deadline from the columns whose roles the header names."""
from __future__ import annotations

import functools

import regex

from .actions import action_phrase
from .agencies import split_agency_list
from .deadlines import find_deadline
from .model import Document, Table, Task, Text
from .patterns import tasks as P

_MARKER = regex.compile(r"^[-–•+]\s*")
_GROUP = regex.compile(r"^\s*([IVXLC]+|[A-Z])[.)]")
_WORDS = regex.compile(r"\p{L}{2,}")


@functools.lru_cache(maxsize=4096)
def _deadline(text: str, year: int | None):
    return find_deadline(text, year)


def _cell(row, col: int | None) -> str:
    return row.cells[col].strip() if col is not None and col < len(row.cells) else ""


def tasks_from_table(t: Text, doc: Document, tb: Table) -> list[Task]:
    """The tasks of a table of tasks (guide §3 `Table rows`): a row or sub-row is one task, its text the task cell
    without its list marker; the lead and coordinating cells are split into agencies (a numbered list
    `(1) Bộ Tư pháp (2) Văn phòng Chính phủ` too); the time cell gives the deadline. Other tables give none."""
    out: list[Task] = []
    if tb.kind != "tasks":
        return out
    task_col = tb.column("task") if "task" in tb.roles else tb.column("content")
    lead_col, coord_col = tb.column("lead"), tb.column("coordinating")
    time_col, num_col = tb.column("time"), tb.column("number")
    for i, row in enumerate(tb.rows):
        text = _MARKER.sub("", _cell(row, task_col))
        if not _WORDS.search(text):
            continue    # an empty cell, or a form's placeholder (`…`, `(2)`)
        group = _GROUP.match(row.group or "")
        number = _cell(row, num_col).strip(" .") or str(i + 1)
        path = ".".join(p for p in [tb.section, group.group(1) if group else "", number] if p)
        s = row.cell_spans[task_col][0] if task_col < len(row.cell_spans) else row.start
        task = Task(text=text, start=s, end=row.end, section=path, lead=split_agency_list(_cell(row, lead_col)),
                    coordinating=split_agency_list(_cell(row, coord_col)), source="table", table_row=i)
        when = _cell(row, time_col)
        if when:
            task.deadline_text = when
            dl = _deadline(when, doc.year)
            if dl is not None:
                task.deadline, task.recurrence, task.recurrence_start = dl.date, dl.recurrence, dl.start_date
        hint = P.urgency(text)
        task.status_hint = hint.group().lower() if hint else None
        task.action = action_phrase(text)
        out.append(task)
    return out
