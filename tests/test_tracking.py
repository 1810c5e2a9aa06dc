"""Task states beside the knowledge base: set and history, kept through rebuilds and edits, `due` and `tasks` by state,
the HTTP endpoints (PATCH /tasks/{id}, GET /tasks/{id}/history) and the `extractor status` command."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from extractor.kb import KnowledgeBase, build
from extractor.kb.tracking import FILE, UnknownTask

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
TODAY = "2025-06-01"
UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
# Quyết định 240/QĐ-TTg, III.1.b: "Bộ Công an chủ trì … hoàn thành trong tháng 6 năm 2025."
DOC, SECTION, LEAD = "240/QĐ-TTg", "III.1.b", "Bộ Công an"


@pytest.fixture
def out(kb_copy):
    """A build of the bundled corpus of this test's own (conftest: built once per session)."""
    return kb_copy


def _task(kb: KnowledgeBase, doc: str = DOC, section: str = SECTION, lead: str = LEAD) -> dict:
    df = kb.tasks(doc=doc)
    rows = df[(df["section"] == section) & (df["lead"] == lead)].to_dict("records")
    assert len(rows) == 1, rows
    return rows[0]


def test_a_new_knowledge_base_has_every_task_open_and_reading_writes_nothing(out):
    kb = KnowledgeBase(out)
    tasks = kb.tasks()
    assert len(tasks) and set(tasks["state"]) == {"open"}
    due = kb.due(within=90, today=TODAY)
    assert len(due) and set(due["state"]) == {"open"} and list(due.columns[:3]) == ["status", "days", "state"]
    task = _task(kb)
    assert kb.status(task["id"]) == {"task_id": task["id"], "state": "open", "at": None, "by": None, "note": None,
                                     "history": []}
    assert not (out / FILE).exists()


def test_done_survives_a_full_rebuild_and_leaves_due(out):
    kb = KnowledgeBase(out)
    task = _task(kb)
    assert task["deadline"] == "2025-06-30"
    ids = sorted(kb.tasks()["id"])
    due_before = kb.due(within=90, today=TODAY)
    assert task["id"] in set(due_before["id"])
    got = kb.set_status(task["id"], "done", by="Nguyễn Văn An (VPCP)", note="Đã trình Chính phủ ngày 25/6/2025")
    assert got["state"] == "done" and got["by"] == "Nguyễn Văn An (VPCP)" and UTC.match(got["at"])
    kb.close()

    report = build(CORPUS, out, workers=2, full=True)      # kb.sqlite made afresh and moved over the old one
    assert report.added and not report.failed
    kb = KnowledgeBase(out)
    assert sorted(kb.tasks()["id"]) == ids                 # the same ids: the state is still attached
    now = kb.status(task["id"])
    assert (now["state"], now["by"], now["note"], now["at"]) == (
        "done", "Nguyễn Văn An (VPCP)", "Đã trình Chính phủ ngày 25/6/2025", got["at"])
    due = kb.due(within=90, today=TODAY)
    assert task["id"] not in set(due["id"])
    assert sorted(due["id"]) == sorted(i for i in due_before["id"] if i != task["id"])
    everything = kb.due(within=90, today=TODAY, include_closed=True)
    assert sorted(everything["id"]) == sorted(due_before["id"])
    assert everything.set_index("id").loc[task["id"], "state"] == "done"
    assert list(kb.tasks(state="done")["id"]) == [task["id"]]
    assert len(kb.tasks(state="open")) == len(ids) - 1 and kb.tasks(state="cancelled").empty


def test_history_keeps_every_change_in_order(out):
    kb = KnowledgeBase(out)
    task = _task(kb)
    kb.set_status(task["id"], "done", by="An", note="xong")
    kb.set_status(task["id"], "open", by="Bình", note="chưa đạt yêu cầu, mở lại")
    last = kb.set_status(task["id"], "CANCELLED", by="Chi")
    assert last["state"] == "cancelled" and last["note"] is None
    hist = kb.history(task["id"])
    assert [(h["state"], h["by"], h["note"]) for h in hist] == [
        ("done", "An", "xong"), ("open", "Bình", "chưa đạt yêu cầu, mở lại"), ("cancelled", "Chi", None)]
    assert all(UTC.match(h["at"]) for h in hist) and [h["at"] for h in hist] == sorted(h["at"] for h in hist)
    assert last["history"] == hist
    assert list(kb.tasks(state="cancelled")["id"]) == [task["id"]]


def test_bad_state_and_unknown_task_change_nothing(out):
    kb = KnowledgeBase(out)
    task = _task(kb)
    with pytest.raises(ValueError, match="not one of: open, done, cancelled"):
        kb.set_status(task["id"], "finished")
    with pytest.raises(UnknownTask, match="no task 'ffffffffffff'"):
        kb.set_status("ffffffffffff", "done")
    with pytest.raises(LookupError):
        kb.history("ffffffffffff")
    with pytest.raises(ValueError):
        kb.tasks(state="closed")
    assert kb.history(task["id"]) == [] and set(kb.tasks()["state"]) == {"open"}


def test_an_edited_document_keeps_the_states_of_its_unchanged_tasks(tmp_path):
    """An edit anywhere in a document gives it, and so each of its tasks, a new id: a task whose section and text are
    unchanged takes the changes recorded under its earlier id."""
    corpus, out = tmp_path / "corpus", tmp_path / "output"
    corpus.mkdir()
    src = next(CORPUS.glob("002_*.txt"))
    (corpus / src.name).write_bytes(src.read_bytes())
    build(corpus, out, workers=1)
    kb = KnowledgeBase(out)
    task = _task(kb)
    other = _task(kb, section="III.1.b", lead="Bộ Nội vụ")
    kb.set_status(task["id"], "done", by="An", note="đã xong")
    kb.close()

    text = src.read_text(encoding="utf-8")
    edited = text.replace("5. Phó Thủ tướng Thường trực Nguyễn Hòa Bình trực tiếp",
                          "5. Phó Thủ tướng Thường trực trực tiếp")
    assert edited != text
    (corpus / src.name).write_text(edited, encoding="utf-8")
    assert build(corpus, out, workers=1).changed == [src.name]
    kb = KnowledgeBase(out)
    moved = _task(kb)
    assert moved["id"] != task["id"] and moved["text"] == task["text"]        # a new id, the same task
    assert kb.status(moved["id"])["state"] == "done"
    assert [(h["task_id"], h["state"], h["by"]) for h in kb.history(moved["id"])] == [(task["id"], "done", "An")]
    assert list(kb.tasks(state="done")["id"]) == [moved["id"]]
    assert kb.status(_task(kb, section="III.1.b", lead="Bộ Nội vụ")["id"])["state"] == "open"
    assert other["id"] not in set(kb.tasks()["id"])
    # a change under the new id comes after the carried one
    kb.set_status(moved["id"], "open", by="Bình")
    assert [h["state"] for h in kb.history(moved["id"])] == ["done", "open"]
    assert kb.tasks(state="done").empty


# ------------------------------------------------------------------ HTTP

def test_api_patch_history_and_filters(out):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from extractor.api import create_app

    task = _task(KnowledgeBase(out))
    with TestClient(create_app(out, web=False)) as client:
        n_due = client.get("/due", params={"today": TODAY}).json()["total"]
        r = client.patch(f"/tasks/{task['id']}", json={"state": "done", "by": "Tổ công tác", "note": "đã hoàn thành"})
        assert r.status_code == 200, r.text
        body = r.json()
        assert (body["task_id"], body["state"], body["by"], body["note"]) == (task["id"], "done", "Tổ công tác",
                                                                              "đã hoàn thành")
        assert UTC.match(body["at"]) and len(body["history"]) == 1
        r = client.patch(f"/tasks/{task['id']}", json={"state": "open", "note": "mở lại"})
        r = client.patch(f"/tasks/{task['id']}", json={"state": "cancelled"})
        hist = client.get(f"/tasks/{task['id']}/history").json()
        assert hist["state"] == "cancelled" and [h["state"] for h in hist["history"]] == ["done", "open", "cancelled"]
        assert hist["history"][1]["note"] == "mở lại" and hist["history"][1]["by"] is None

        for bad in ({"state": "finished"}, {"status": "done"}, {}):
            r = client.patch(f"/tasks/{task['id']}", json=bad)
            assert r.status_code == 400 and r.json()["error"] == "invalid_parameter", r.text
        assert len(client.get(f"/tasks/{task['id']}/history").json()["history"]) == 3
        for r in (client.patch("/tasks/ffffffffffff", json={"state": "done"}),
                  client.get("/tasks/ffffffffffff/history")):
            assert r.status_code == 404 and r.json() == {"error": "not_found",
                                                         "message": "no task 'ffffffffffff' in the knowledge base"}

        listed = client.get("/tasks", params={"state": "cancelled"}).json()
        assert listed["total"] == 1 and [t["id"] for t in listed["results"]] == [task["id"]]
        assert listed["results"][0]["state"] == "cancelled"
        assert client.get("/tasks", params={"state": "nope"}).status_code == 400
        everything = client.get("/tasks", params={"limit": 1}).json()
        assert everything["results"][0]["state"] in ("open", "cancelled")
        assert client.get("/tasks", params={"state": "open"}).json()["total"] == everything["total"] - 1

        due = client.get("/due", params={"today": TODAY}).json()
        assert due["total"] == n_due - 1 and due["closed"] == 0 and {r["state"] for r in due["results"]} == {"open"}
        due = client.get("/due", params={"today": TODAY, "include_closed": "true"}).json()
        assert due["total"] == n_due and due["closed"] == 1
        assert [r["state"] for r in due["results"] if r["id"] == task["id"]] == ["cancelled"]
        paths = client.get("/openapi.json").json()["paths"]
        assert "patch" in paths["/tasks/{task_id}"] and "get" in paths["/tasks/{task_id}/history"]


# ------------------------------------------------------------------ command line

def test_cli_status_tasks_and_due(out):
    from typer.testing import CliRunner

    from extractor import cli_kb, cli_track  # noqa: F401  (register the commands)
    from extractor.cli import app

    run = CliRunner().invoke
    task = _task(KnowledgeBase(out))
    kb = ["--kb", str(out)]
    r = run(app, ["status", task["id"], *kb])
    assert r.exit_code == 0 and r.stdout.startswith(f"{task['id']}: open\n") and "no change recorded" in r.stdout
    r = run(app, ["status", task["id"], "done", "--note", "Đã trình", "--by", "Chuyên viên A", *kb])
    assert r.exit_code == 0, r.output
    assert re.search(r"^  \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ  done      — Chuyên viên A: Đã trình$", r.stdout, re.M)
    r = run(app, ["status", task["id"], "--json", *kb])
    data = json.loads(r.stdout)
    assert data["state"] == "done" and [h["by"] for h in data["history"]] == ["Chuyên viên A"]

    r = run(app, ["status", "ffffffffffff", "done", *kb])
    assert r.exit_code == 2 and r.stderr == "extractor: no task 'ffffffffffff' in the knowledge base\n"
    r = run(app, ["status", task["id"], "finished", *kb])
    assert r.exit_code == 2 and r.stderr == "extractor: state 'finished' is not one of: open, done, cancelled\n"
    assert run(app, ["status", task["id"], "--note", "x", *kb]).exit_code == 2
    assert len(KnowledgeBase(out).history(task["id"])) == 1

    r = run(app, ["tasks", "--state", "done", "--json", *kb])
    assert r.exit_code == 0 and [(t["id"], t["state"]) for t in json.loads(r.stdout)] == [(task["id"], "done")]
    assert run(app, ["tasks", "--state", "bogus", *kb]).exit_code == 2
    r = run(app, ["due", "--today", TODAY, "--json", *kb])
    assert task["id"] not in {t["id"] for t in json.loads(r.stdout)}
    r = run(app, ["due", "--today", TODAY, "--all", "--csv", *kb])
    assert r.exit_code == 0 and r.stdout.lstrip("\ufeff").startswith("status,days,state,id,")
    assert f"due,29,done,{task['id']}," in r.stdout
