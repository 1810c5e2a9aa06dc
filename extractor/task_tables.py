"""Tasks from task tables: one task per row, lead, coordinating and deadline from the columns the header names."""
from __future__ import annotations

import functools

import regex

from .actions import action_phrase
from .agencies import split_agency_list
from .deadlines import find_deadline
from .model import Document, Table, Task, Text
from .patterns import tasks as P


@functools.lru_cache(maxsize=4096)
def _deadline(text: str, year: int | None):
    return find_deadline(text, year)


def _column(header: list[str], pattern) -> int | None:
    for i, h in enumerate(header):
        if pattern.search(h):
            return i
    return None


def tasks_from_table(t: Text, doc: Document, tb: Table) -> list[Task]:
    """The tasks of one table, or none when its header names no task and no lead or time column."""
    out: list[Task] = []
    h = tb.header
    task_col = _column(h, P.TASK_COL)
    lead_col = _column(h, P.LEAD_COL)
    if task_col is None or (lead_col is None and _column(h, P.TIME_COL) is None):
        return out
    if any(regex.search(r"chỉ\s+tiêu|đơn\s+vị\s+tính|đvt", x, flags=regex.I) for x in h):
        return out
    coord_col = _column([x if not P.LEAD_COL.search(x) else "" for x in h], P.COORD_COL)
    time_col = _column(h, P.TIME_COL)
    num_col = _column(h, P.NUMBER_COL)
    for i, row in enumerate(tb.rows):
        cells = row.cells + [""] * (len(h) - len(row.cells))
        text = cells[task_col].strip()
        if not text:
            continue
        text = regex.sub(r"^[-–•]\s*", "", text)
        lead = split_agency_list(cells[lead_col]) if lead_col is not None else []
        coord = split_agency_list(cells[coord_col]) if coord_col is not None else []
        group = regex.match(r"^\s*([IVXLC]+|[A-Z])[.)]", row.group or "")
        number = cells[num_col].strip(" .") if num_col is not None else str(i + 1)
        path = ".".join(p for p in [tb.section, group.group(1) if group else "", number] if p)
        s, e = row.start, row.end
        if row.cell_spans and task_col < len(row.cell_spans):
            s = row.cell_spans[task_col][0]
        task = Task(text=text, start=s, end=e, section=path, lead=lead, coordinating=coord, source="table",
                    table_row=i)
        if time_col is not None and cells[time_col].strip():
            dl = _deadline(cells[time_col], doc.year)
            task.deadline_text = cells[time_col].strip()
            if dl is not None:
                task.deadline, task.recurrence, task.recurrence_start = dl.date, dl.recurrence, dl.start_date
        hint = P.URGENCY.search(text)
        task.status_hint = hint.group().lower() if hint else None
        task.action = action_phrase(text)
        out.append(task)
    return out
