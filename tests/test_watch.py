"""The inbox watcher: dropped files reach the knowledge base within seconds; failures go to failed/ with their error."""
from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest
from conftest import FLOOD

from extractor.kb import BuildError, KnowledgeBase, build
from extractor.watch import watch

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SAFETY = 900.0  # only so that a broken watcher fails the test instead of hanging it: the tests wait on events


class _Events:
    """What the watcher reports (`poll`, `done` with file names), for a test to wait on instead of the clock."""

    def __init__(self):
        self.cond = threading.Condition()
        self.done: list[str] = []
        self.polls = 0

    def __call__(self, kind: str, names: list[str]) -> None:
        with self.cond:
            if kind == "done":
                self.done += names
            else:
                self.polls += 1
            self.cond.notify_all()

    def wait_done(self, *names: str) -> None:
        with self.cond:
            assert self.cond.wait_for(lambda: all(n in self.done for n in names), SAFETY), (names, self.done)

    def wait_polls(self, n: int) -> None:
        with self.cond:
            target = self.polls + n
            assert self.cond.wait_for(lambda: self.polls >= target, SAFETY)


def _watching(tmp_path: Path, **options):
    corpus, out, inbox = tmp_path / "corpus", tmp_path / "output", tmp_path / "inbox"
    corpus.mkdir()
    inbox.mkdir()
    for p in sorted(CORPUS.glob("00[0-2]_*.txt")):
        shutil.copy(p, corpus)
    build(corpus, out, workers=1)
    stop = threading.Event()
    events = _Events()
    thread = threading.Thread(target=watch, args=(inbox, out), daemon=True,
                              kwargs={"corpus": corpus, "stop": stop, "interval": 0.2, "quiet": True,
                                      "on_event": events, **options})
    thread.start()
    yield corpus, out, inbox, events
    stop.set()
    thread.join(timeout=SAFETY)
    assert not thread.is_alive(), "the watcher did not stop"


@pytest.fixture
def setup(tmp_path):
    yield from _watching(tmp_path)


@pytest.fixture
def limited(tmp_path):
    yield from _watching(tmp_path, time_limit=1.0)


def _until(cond, timeout: float = SAFETY):
    """For the server test, whose watcher runs inside the app: poll what the API answers (the bound only stops a
    broken watcher from hanging the test)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return
        time.sleep(0.2)
    raise AssertionError("timed out")


def _build_when_free(corpus: Path, out: Path) -> bool:
    """A build of the corpus once the watcher's own build (exports after the store) has let go of the lock."""
    try:
        build(corpus, out, workers=1)
        return True
    except BuildError:
        return False


def _numbers(out: Path) -> set:
    with KnowledgeBase(out) as kb:
        return set(kb.documents()["number"].dropna())


def test_dropped_file_is_merged_and_kept(setup):
    corpus, out, inbox, events = setup
    assert "1250/VPCP-KSTT" not in _numbers(out)
    src = next(CORPUS.glob("003_*.txt"))
    (inbox / "congvan.txt").write_bytes(src.read_bytes())
    events.wait_done("congvan.txt")
    assert "1250/VPCP-KSTT" in _numbers(out)
    assert not (inbox / "congvan.txt").exists()
    assert (corpus / "inbox" / "congvan.txt").read_bytes() == src.read_bytes()
    with KnowledgeBase(out) as kb:
        assert kb.search("hồ sơ", doc="1250/VPCP-KSTT")
    # a later full build of the corpus keeps it (the watcher is idle once its batch is done)
    assert _build_when_free(corpus, out)
    assert "1250/VPCP-KSTT" in _numbers(out)


def test_failed_files_go_to_failed_with_their_error(setup):
    corpus, out, inbox, events = setup
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "fake.pdf").write_bytes(b"this is no pdf")
    (inbox / "photo.png").write_bytes(b"\x89PNG")
    failed = inbox / "failed"
    events.wait_done("empty.txt", "fake.pdf", "photo.png")
    for name in ("empty.txt", "fake.pdf", "photo.png"):
        assert (failed / name).exists() and not (inbox / name).exists()
        assert (failed / f"{name}.error.txt").read_text(encoding="utf-8").strip()
    assert "PDF" in (failed / "fake.pdf.error.txt").read_text(encoding="utf-8")
    assert not list((corpus / "inbox").glob("*")) if (corpus / "inbox").exists() else True
    with KnowledgeBase(out) as kb:
        files = {r[0] for r in kb.conn.execute("SELECT path FROM files")}
    assert not any(f.startswith("inbox/") for f in files)


def test_a_file_over_the_time_limit_fails_and_the_next_one_is_merged(limited):
    corpus, out, inbox, events = limited
    (inbox / "flood.txt").write_text(FLOOD, encoding="utf-8")
    events.wait_done("flood.txt")
    note = (inbox / "failed" / "flood.txt.error.txt").read_text(encoding="utf-8")
    assert "time limit of 1 s per file" in note
    with KnowledgeBase(out) as kb:
        assert not kb.conn.execute("SELECT count(*) FROM files WHERE path LIKE 'inbox/%'").fetchone()[0]
    (inbox / "cv.txt").write_bytes(next(CORPUS.glob("003_*.txt")).read_bytes())   # small: well within the limit
    events.wait_done("cv.txt")
    assert "1250/VPCP-KSTT" in _numbers(out)


def test_a_file_still_being_written_waits():
    from extractor.watch import settled

    seen: dict = {}
    growing = [{"slow.txt": (100, 1)}, {"slow.txt": (250, 2)}, {"slow.txt": (400, 3)}, {"slow.txt": (400, 3)}]
    taken = []
    for now in growing:
        ready, seen = settled(seen, now)
        taken.append(ready)
    # taken only once two polls in a row see the same size and time
    assert taken == [[], [], [], ["slow.txt"]]
    assert seen == {}


def test_a_file_written_slowly_is_merged_whole(setup):
    corpus, out, inbox, events = setup
    text = next(CORPUS.glob("005_*.txt")).read_bytes()
    part = inbox / "slow.part"      # a partial name the watcher leaves alone, renamed once written
    part.write_bytes(text)
    part.rename(inbox / "slow.txt")
    events.wait_done("slow.txt")
    assert "844/QĐ-TTg" in _numbers(out)
    assert (corpus / "inbox" / "slow.txt").read_bytes() == text


def test_server_with_an_inbox_merges_dropped_files(tmp_path):
    from fastapi.testclient import TestClient

    from extractor.api import create_app

    corpus, out, inbox = tmp_path / "corpus", tmp_path / "output", tmp_path / "inbox"
    corpus.mkdir()
    inbox.mkdir()
    shutil.copy(next(CORPUS.glob("002_*.txt")), corpus)
    build(corpus, out, workers=1)
    with TestClient(create_app(out, inbox=inbox, corpus=corpus)) as client:
        assert client.get("/documents").json()["total"] == 1
        (inbox / "cv.txt").write_bytes(next(CORPUS.glob("003_*.txt")).read_bytes())
        _until(lambda: client.get("/documents", params={"doc": "1250/VPCP-KSTT"}).json()["total"] == 1)


def test_cli_commands_are_registered():
    from typer.testing import CliRunner

    from extractor import cli_serve  # noqa: F401  (registers serve and watch)
    from extractor.cli import app

    for cmd in ("serve", "watch"):
        r = CliRunner().invoke(app, [cmd, "--help"])
        assert r.exit_code == 0 and "--corpus" in r.output
