"""Worker processes (extractor.workers.Pool): a file over the time limit or a dying worker is an error with a code,
the worker is replaced, errors keep their kind, settings follow the caller, a slow call never blocks a quick one."""
from __future__ import annotations

import os
import signal
import threading

import pytest
from conftest import FLOOD

from extractor.errors import BrokenFileError, TimeLimitError, WorkerLostError
from extractor.workers import Pool, time_limit


def spin() -> None:
    while True:   # only the time limit ends this
        pass


def burn(seconds: float) -> str:
    """Busy for ``seconds`` of CPU time, then an answer."""
    import time

    end = time.process_time() + seconds
    while time.process_time() < end:
        pass
    return "done"


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def broken(name: str) -> None:
    raise BrokenFileError("damaged .docx: not a zip file", name)


def setting(name: str) -> str | None:
    return os.environ.get(name)


def wait_for(path: str) -> int:
    """Busy until the file exists (a slow call the test ends when it wants)."""
    while not os.path.exists(path):
        pass
    return os.getpid()


@pytest.fixture(scope="module")
def pool():
    with Pool(2, limit=1.0) as p:
        yield p


def test_a_call_over_the_limit_is_stopped_and_its_worker_replaced():
    with Pool(1, limit=1.0) as one:
        before = one.call(os.getpid)
        with pytest.raises(TimeLimitError) as info:
            one.call(spin)
        assert info.value.code == "time_limit" and info.value.limit == 1.0
        assert "time limit of 1 s per file" in info.value.message and "EXTRACTOR_TIME_LIMIT" in info.value.message
        after = one.call(os.getpid)
        assert after != before and one.call(sum, [1, 2, 3]) == 6
        assert not os.path.exists(f"/proc/{before}")   # killed and reaped


def test_a_call_over_the_limit_fails_also_when_it_ends_between_two_looks():
    """30 ms of CPU against a limit of 1 ms: over it, though the answer comes before the first look at the worker
    (every 0.1 s); a call within the limit is answered."""
    with Pool(1, limit=0.001) as tight:
        with pytest.raises(TimeLimitError):
            tight.call(burn, 0.03)
    with Pool(1, limit=5.0) as loose:
        assert loose.call(burn, 0.03) == "done"


def test_a_dying_worker_is_an_error_and_is_replaced(pool):
    with pytest.raises(WorkerLostError) as info:
        pool.call(die)
    assert info.value.code == "worker_lost" and "killed by signal 9" in info.value.message
    assert pool.call(sum, [2, 2]) == 4


def test_errors_keep_their_kind_and_message(pool):
    with pytest.raises(BrokenFileError) as info:
        pool.call(broken, "a.docx")
    assert info.value.code == "broken" and info.value.message == "damaged .docx: not a zip file"


def test_settings_follow_the_caller(pool, monkeypatch):
    pool.call(os.getpid)   # workers exist before the setting changes
    monkeypatch.setenv("EXTRACTOR_MAX_PAGES", "7")
    assert pool.call(setting, "EXTRACTOR_MAX_PAGES") == "7"
    monkeypatch.delenv("EXTRACTOR_MAX_PAGES")
    assert pool.call(setting, "EXTRACTOR_MAX_PAGES") is None


def test_a_slow_call_does_not_hold_up_a_quick_one(tmp_path):
    flag = tmp_path / "done"
    with Pool(2, limit=0) as p:
        slow = threading.Thread(target=p.call, args=(wait_for, str(flag)))
        slow.start()
        try:
            assert p.call(sum, [40, 2]) == 42
            assert slow.is_alive()   # the quick call came back while the slow one still runs
        finally:
            flag.touch()
            slow.join()


def test_map_keeps_the_order_and_reports_failures(pool):
    out = list(pool.map(abs, [-3, "x", -1], on_error=lambda item, err: f"{item!r}: {type(err).__name__}"))
    assert out == [3, "'x': TypeError", 1]


def test_the_limit_setting(monkeypatch):
    monkeypatch.delenv("EXTRACTOR_TIME_LIMIT", raising=False)
    assert time_limit() == 120.0 and time_limit(5) == 5.0 and time_limit(0) == 0.0
    monkeypatch.setenv("EXTRACTOR_TIME_LIMIT", "30")
    assert time_limit() == 30.0
    monkeypatch.setenv("EXTRACTOR_TIME_LIMIT", "soon")
    with pytest.raises(Exception, match="EXTRACTOR_TIME_LIMIT='soon' is not a number"):
        time_limit()


def test_a_build_reports_a_file_over_the_time_limit_and_keeps_the_others(tmp_path):
    import json
    import shutil
    from pathlib import Path

    from extractor.kb import KnowledgeBase, build

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(next((Path(__file__).resolve().parent.parent / "corpus").glob("003_*.txt")), corpus / "cv.txt")
    (corpus / "flood.txt").write_text(FLOOD, encoding="utf-8")
    report = build(corpus, tmp_path / "out", workers=2, time_limit=1.0)
    assert report.failed == ["flood.txt"]
    errors = json.loads((tmp_path / "out" / "errors.json").read_text(encoding="utf-8"))["errors"]
    assert [(e["path"], e["error"]) for e in errors] == [("flood.txt", "time_limit")]
    with KnowledgeBase(tmp_path / "out") as kb:
        assert list(kb.documents()["number"]) == ["1250/VPCP-KSTT"]
