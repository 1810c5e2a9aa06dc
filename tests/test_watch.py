"""The inbox watcher: dropped files reach the knowledge base within seconds; failures go to failed/ with their error."""
from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

from extractor.kb import BuildError, KnowledgeBase, build
from extractor.watch import watch

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
WAIT = 60.0  # generous: the first file also loads the models


def _until(cond, timeout: float = WAIT):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = cond()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out")


@pytest.fixture
def setup(tmp_path):
    corpus, out, inbox = tmp_path / "corpus", tmp_path / "output", tmp_path / "inbox"
    corpus.mkdir()
    inbox.mkdir()
    for p in sorted(CORPUS.glob("00[0-2]_*.txt")):
        shutil.copy(p, corpus)
    build(corpus, out, workers=1)
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(inbox, out), daemon=True,
                              kwargs={"corpus": corpus, "stop": stop, "interval": 0.2, "quiet": True})
    thread.start()
    yield corpus, out, inbox
    stop.set()
    thread.join(timeout=30)
    assert not thread.is_alive(), "the watcher did not stop"


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
    corpus, out, inbox = setup
    assert "1250/VPCP-KSTT" not in _numbers(out)
    src = next(CORPUS.glob("003_*.txt"))
    (inbox / "congvan.txt").write_bytes(src.read_bytes())
    _until(lambda: "1250/VPCP-KSTT" in _numbers(out))
    assert not (inbox / "congvan.txt").exists()
    assert (corpus / "inbox" / "congvan.txt").read_bytes() == src.read_bytes()
    with KnowledgeBase(out) as kb:
        assert kb.search("hồ sơ", doc="1250/VPCP-KSTT")
    # a later full build of the corpus keeps it
    _until(lambda: _build_when_free(corpus, out))
    assert "1250/VPCP-KSTT" in _numbers(out)


def test_failed_files_go_to_failed_with_their_error(setup):
    corpus, out, inbox = setup
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "fake.pdf").write_bytes(b"this is no pdf")
    (inbox / "photo.png").write_bytes(b"\x89PNG")
    failed = inbox / "failed"
    _until(lambda: all((failed / f"{n}.error.txt").exists() for n in ("empty.txt", "fake.pdf", "photo.png")))
    for name in ("empty.txt", "fake.pdf", "photo.png"):
        assert (failed / name).exists() and not (inbox / name).exists()
        assert (failed / f"{name}.error.txt").read_text(encoding="utf-8").strip()
    assert "PDF" in (failed / "fake.pdf.error.txt").read_text(encoding="utf-8")
    assert not list((corpus / "inbox").glob("*")) if (corpus / "inbox").exists() else True
    with KnowledgeBase(out) as kb:
        files = {r[0] for r in kb.conn.execute("SELECT path FROM files")}
    assert not any(f.startswith("inbox/") for f in files)


def test_a_file_still_being_written_waits(setup):
    corpus, out, inbox = setup
    text = next(CORPUS.glob("005_*.txt")).read_bytes()
    with (inbox / "slow.txt").open("wb") as f:
        for i in range(0, len(text), len(text) // 5 + 1):
            f.write(text[i:i + len(text) // 5 + 1])
            f.flush()
            time.sleep(0.05)
    _until(lambda: "844/QĐ-TTg" in _numbers(out))
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
