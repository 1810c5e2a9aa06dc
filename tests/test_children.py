"""Pool workers die with their parent: a `kill -9` of a build leaves no worker running."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAFETY = 120.0   # only so that a surviving worker fails the test instead of hanging it


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's parent-death signal is Linux's")
def test_a_killed_builds_pool_workers_die_with_it(tmp_path):
    script = textwrap.dedent(f"""
        import os, sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from concurrent.futures import ProcessPoolExecutor
        from extractor.children import die_with_parent

        def work(_):
            print(os.getpid(), flush=True)
            time.sleep(600)

        with ProcessPoolExecutor(2, initializer=die_with_parent) as pool:
            list(pool.map(work, range(2)))
    """)
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    workers = [int(parent.stdout.readline()) for _ in range(2)]   # each worker says it runs
    assert all(_alive(w) for w in workers)
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    end = time.monotonic() + SAFETY
    while any(_alive(w) for w in workers) and time.monotonic() < end:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers)


def _pdeathsig(_job) -> int:
    import ctypes
    import ctypes.util

    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    sig = ctypes.c_int(0)
    libc.prctl(2, ctypes.byref(sig), 0, 0, 0)   # PR_GET_PDEATHSIG
    return sig.value


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's parent-death signal is Linux's")
def test_the_builds_pool_asks_for_the_signal(monkeypatch):
    import importlib

    kb_build = importlib.import_module("extractor.kb.build")   # the module (the package exports a function `build`)
    monkeypatch.setattr(kb_build, "process", _pdeathsig)
    assert list(kb_build._results(["a", "b", "c"], 2)) == [signal.SIGKILL] * 3
