"""Worker processes die with their parent: a `kill -9` of a build or a server leaves no worker running."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from extractor.children import death_signal
from extractor.workers import Pool

ROOT = Path(__file__).resolve().parent.parent
SAFETY = 120.0   # only so that a surviving worker fails the test instead of hanging it
linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's parent-death signal is Linux's")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except FileNotFoundError:
        return False
    return state != "Z"


@linux
def test_a_killed_callers_workers_die_with_it(tmp_path):
    (tmp_path / "slow_job.py").write_text(textwrap.dedent("""
        import os, time

        def work(_):
            os.write(1, f"{os.getpid()}\\n".encode())   # one write: two workers' lines never interleave
            time.sleep(600)
    """))
    script = textwrap.dedent(f"""
        import sys
        sys.path[:0] = [{str(ROOT)!r}, {str(tmp_path)!r}]
        from extractor.workers import Pool
        from slow_job import work

        if __name__ == "__main__":
            with Pool(2, limit=0) as pool:
                list(pool.map(work, range(2)))
    """)
    (tmp_path / "caller.py").write_text(script)
    parent = subprocess.Popen([sys.executable, str(tmp_path / "caller.py")], stdout=subprocess.PIPE, text=True)
    workers = [int(parent.stdout.readline()) for _ in range(2)]   # each worker says it runs
    assert len(set(workers)) == 2 and all(_alive(w) for w in workers)
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    end = time.monotonic() + SAFETY
    while any(_alive(w) for w in workers) and time.monotonic() < end:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers)


@linux
def test_workers_ask_for_the_parent_death_signal():
    assert death_signal() == 0   # this test process did not ask
    with Pool(2, limit=0) as pool:
        assert [pool.call(death_signal) for _ in range(3)] == [signal.SIGKILL] * 3
