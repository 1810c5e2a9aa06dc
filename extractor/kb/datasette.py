"""Datasette-ready knowledge base: SQL views joining tasks, targets and references to their documents and agencies, and metadata.json.

`extractor build` ends by (re)creating the views in kb.sqlite and writing ``metadata.json`` beside it, so that

    datasette output/kb.sqlite --metadata output/metadata.json

opens the knowledge base with readable tables (titles and column labels in Vietnamese and English), the search
index's internal tables hidden, and facets on the views. The views are plain SQL: any SQLite client can read them.
A document filed twice (``documents.dup_of``) appears once, as in the CSV exports.
"""
from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

DATABASE = "kb"   # Datasette names a database by its file's stem: kb.sqlite → /kb

_AGENCIES = """(SELECT group_concat(canonical, '; ') FROM (
        SELECT a.canonical FROM task_agencies ta JOIN agencies a ON a.pk = ta.agency_pk
        WHERE ta.task_pk = t.pk AND ta.role = '{role}' ORDER BY ta.position))"""

VIEWS = {
    "tasks_with_agencies": f"""
        SELECT t.id AS task_id, d.number AS doc_number, d.type AS doc_type, d.title AS doc_title,
               d.issuer AS issuer, d.issued_date AS issued_date, d.year AS year, t.section AS section,
               t.text AS text, t.deadline AS deadline, t.deadline_text AS deadline_text, t.recurrence AS recurrence,
               {_AGENCIES.format(role="lead")} AS lead,
               {_AGENCIES.format(role="coordinating")} AS coordinating,
               t.action AS action, t.origin AS origin, d.id AS doc_id, d.file AS file, t.start AS start,
               t."end" AS "end"
        FROM tasks t JOIN documents d ON d.pk = t.doc_pk
        WHERE d.dup_of IS NULL
        ORDER BY d.file, d.ordinal, t.ordinal""",
    "agency_tasks": """
        SELECT a.canonical AS agency, ta.role AS role, t.id AS task_id, d.number AS doc_number,
               d.title AS doc_title, d.issued_date AS issued_date, d.year AS year, t.section AS section,
               t.text AS text, t.deadline AS deadline, d.id AS doc_id
        FROM task_agencies ta JOIN agencies a ON a.pk = ta.agency_pk JOIN tasks t ON t.pk = ta.task_pk
             JOIN documents d ON d.pk = t.doc_pk
        WHERE d.dup_of IS NULL
        ORDER BY a.canonical, ta.role DESC, t.deadline""",
    "targets_with_documents": """
        SELECT g.id AS target_id, d.number AS doc_number, d.type AS doc_type, d.title AS doc_title,
               d.issued_date AS issued_date, g.indicator AS indicator, g.comparator AS comparator, g.value AS value,
               g.value_max AS value_max, g.unit AS unit, g.year AS year, g.basis AS basis, g.section AS section,
               g.text AS text, d.id AS doc_id, d.file AS file, g.start AS start, g."end" AS "end"
        FROM targets g JOIN documents d ON d.pk = g.doc_pk
        WHERE d.dup_of IS NULL
        ORDER BY d.file, d.ordinal, g.ordinal""",
    "references_with_documents": """
        SELECT d.number AS doc_number, d.title AS doc_title, d.issued_date AS issued_date, r.type AS type,
               r.number AS number, r.date AS date, c.id AS cited_doc_id, c.title AS cited_title,
               r.sentence AS sentence, r.section AS section, d.id AS doc_id, d.file AS file, r.start AS start,
               r."end" AS "end"
        FROM "references" r JOIN documents d ON d.pk = r.doc_pk LEFT JOIN documents c ON c.pk = r.cited_doc_pk
        WHERE d.dup_of IS NULL
        ORDER BY d.file, d.ordinal, r.ordinal""",
}

# Column labels, Vietnamese — English (Datasette shows them as column descriptions).
LABELS = {
    "task_id": "Mã nhiệm vụ — task id", "target_id": "Mã chỉ tiêu — target id",
    "doc_id": "Mã văn bản — document id", "doc_number": "Số, ký hiệu văn bản — document number",
    "doc_type": "Loại văn bản — document type", "doc_title": "Trích yếu — document title",
    "issuer": "Cơ quan ban hành — issuer", "issued_date": "Ngày ban hành — date issued",
    "year": "Năm — year", "section": "Mục — section", "text": "Nội dung — text",
    "deadline": "Thời hạn — deadline (ISO)", "deadline_text": "Thời hạn (nguyên văn) — deadline as written",
    "recurrence": "Định kỳ — recurrence", "lead": "Cơ quan chủ trì — lead agencies",
    "coordinating": "Cơ quan phối hợp — coordinating agencies", "action": "Hành động — action verb",
    "origin": "Nguồn (văn bản, bảng) — read from (text, table)", "file": "Tệp nguồn — source file",
    "start": "Vị trí đầu (ký tự) — start offset", "end": "Vị trí cuối (ký tự) — end offset",
    "agency": "Cơ quan — agency", "role": "Vai trò (chủ trì, phối hợp) — role (lead, coordinating)",
    "indicator": "Chỉ tiêu — indicator", "comparator": "So sánh — comparator", "value": "Giá trị — value",
    "value_max": "Giá trị tối đa — upper value", "unit": "Đơn vị — unit", "basis": "Cơ sở so sánh — basis",
    "type": "Loại văn bản được dẫn — cited type", "number": "Số văn bản được dẫn — cited number",
    "date": "Ngày văn bản được dẫn — cited date", "cited_doc_id": "Mã văn bản được dẫn (nếu có) — cited document id",
    "cited_title": "Trích yếu văn bản được dẫn — cited document title", "sentence": "Câu dẫn — citing sentence",
}

TITLES = {
    "tasks_with_agencies": ("Nhiệm vụ — Tasks",
                            "Mỗi nhiệm vụ với văn bản giao, thời hạn, cơ quan chủ trì và phối hợp. "
                            "One row per task: its document, deadline, lead and coordinating agencies."),
    "agency_tasks": ("Nhiệm vụ theo cơ quan — Tasks by agency",
                     "Mỗi cặp cơ quan – nhiệm vụ (chủ trì hoặc phối hợp). "
                     "One row per agency and task it leads or coordinates."),
    "targets_with_documents": ("Chỉ tiêu — Targets",
                               "Chỉ tiêu (giá trị, đơn vị, năm) với văn bản đặt ra. "
                               "One row per target: indicator, level, year, its document."),
    "references_with_documents": ("Văn bản được dẫn — References",
                                  "Mỗi lần một văn bản dẫn văn bản khác, với câu dẫn. "
                                  "One row per citation, with the citing sentence."),
    "documents": ("Văn bản — Documents", "Các văn bản trong kho. The documents of the knowledge base."),
    "tasks": ("Nhiệm vụ (bảng gốc) — Tasks (base table)", "The stored tasks; see tasks_with_agencies."),
    "targets": ("Chỉ tiêu (bảng gốc) — Targets (base table)", "The stored targets; see targets_with_documents."),
    "references": ("Dẫn chiếu (bảng gốc) — References (base table)",
                   "The stored references; see references_with_documents."),
    "agencies": ("Cơ quan — Agencies", "Tên cơ quan như đọc được và tên chuẩn. Agency names as read, canonical."),
    "task_agencies": ("Cơ quan của nhiệm vụ — Task agencies", "Task, agency, role, position."),
    "files": ("Tệp nguồn — Source files", "The files built from, with their errors."),
}

FACETS = {
    "tasks_with_agencies": ["doc_number", "doc_type", "year"],
    "agency_tasks": ["agency", "role", "doc_number"],
    "targets_with_documents": ["doc_number", "unit", "year"],
    "references_with_documents": ["type", "doc_number"],
}
SORT = {"tasks_with_agencies": "deadline", "agency_tasks": "deadline"}
LABEL_COLUMNS = {"documents": "number", "agencies": "canonical"}
SHOWN = set(TITLES)   # every other table of the store (the search index, bookkeeping) is hidden


def create_views(conn: sqlite3.Connection) -> None:
    """(Re)create the views in one transaction: a view of older code is replaced."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for name, sql in VIEWS.items():
            conn.execute(f'DROP VIEW IF EXISTS "{name}"')
            conn.execute(f'CREATE VIEW "{name}" AS {sql}')
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _columns(conn: sqlite3.Connection, name: str) -> list[str]:
    return [r[1] for r in conn.execute(f'PRAGMA table_info("{name}")')]


def metadata(conn: sqlite3.Connection) -> dict:
    """Datasette's metadata.json for the store: titles, descriptions and column labels of the tables and views
    that exist, facets and sort orders of the views, the search index's tables hidden."""
    from .. import __version__

    names = {n: kind for n, kind in conn.execute("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')")}
    tables: dict[str, dict] = {}
    for name in sorted(names):
        if name not in SHOWN:
            if names[name] == "table":
                tables[name] = {"hidden": True}
            continue
        cols = _columns(conn, name)
        title, description = TITLES[name]
        entry: dict = {"title": title, "description": description,
                       "columns": {c: LABELS[c] for c in cols if c in LABELS}}
        if name in FACETS:
            entry["facets"] = [c for c in FACETS[name] if c in cols]
        if name in SORT and SORT[name] in cols:
            entry["sort"] = SORT[name]
        if name in LABEL_COLUMNS and LABEL_COLUMNS[name] in cols:
            entry["label_column"] = LABEL_COLUMNS[name]
        tables[name] = entry
    return {
        "title": "Kho nhiệm vụ, chỉ tiêu từ văn bản — Tasks and targets from Vietnamese government documents",
        "description": ("Nhiệm vụ (ai làm gì, phối hợp với ai, thời hạn), chỉ tiêu và văn bản được dẫn, trích từ văn "
                        "bản quản lý nhà nước. Tasks (who must do what, with whom, by when), targets and references "
                        f"extracted from Vietnamese government documents by extractor {__version__}."),
        "databases": {DATABASE: {"tables": tables}},
    }


def prepare(db: Path, out: Path | None = None) -> Path:
    """Create the views in the store ``db`` and write ``metadata.json`` beside it (or into ``out``), atomically;
    returns the metadata file's path."""
    db = Path(db)
    target = Path(out or db.parent) / "metadata.json"
    conn = sqlite3.connect(str(db), isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout = 10000")
        create_views(conn)
        data = metadata(conn)
    finally:
        conn.close()
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, target)
    return target
