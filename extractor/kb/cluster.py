"""The extraction of a build fanned out over a Dask cluster (`extractor build --engine dask`): one file per task on
dask.distributed workers, records streamed back in order to the one writer of the knowledge base.

``DaskPool`` has the interface of ``extractor.workers.Pool`` that ``kb.build.build(pool=…)`` takes, so the build
itself (incremental rules, store, exports, atomic publish, errors.json) is the local one. What differs:

- Workers read the input where it lives (a path every worker sees, or an fsspec URL: ``file://``, ``s3://`` …) and
  write nothing: the documents' JSON a job makes comes back inside its record and the writer puts it in place, so
  workers need no shared output folder.
- Each worker extracts in child processes (``extractor.workers.Pool``) that stop a file at the per-file CPU time
  limit; a file over it is reported (``time_limit``) as in a local build.
- A worker lost mid-build (killed, out of memory) costs only the files it held: the scheduler gives them to another
  worker (``RETRIES`` more times); a file whose workers are lost more often than that is reported
  (``worker_lost``), never silently dropped.

Dask is an optional extra: ``pip install -e '.[dask]'``."""
from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..errors import ExtractorError, WorkerLostError

RETRIES = 1              # a file whose worker is lost is tried again this many times, then reported (worker_lost)
BUFFERED = 16            # records per worker thread that may wait behind a slow file for the writer
CONNECT_TIMEOUT = "10s"  # to reach a scheduler
DASK_SETTINGS = {
    "distributed.worker.daemon": False,            # a worker starts child processes (the per-file time limit)
    "distributed.scheduler.allowed-failures": RETRIES,
    "distributed.scheduler.worker-saturation": 1.0,   # no task queued on a worker beyond its threads
}


class ClusterError(ExtractorError):
    """No Dask installed, or no scheduler at the address given."""

    code = "cluster"


def _dask():
    try:
        import dask
        import distributed
    except ImportError:
        raise ClusterError("the Dask engine needs the dask extra: pip install -e '.[dask]' "
                           "(or pip install 'dask[distributed]')") from None
    return dask, distributed


# ------------------------------------------------------------------ on a worker

_POOLS: dict[float, Any] = {}
_POOLS_LOCK = threading.Lock()


def _worker_pool(limit: float):
    """This worker's extraction processes (as many as its threads), kept for the worker's life."""
    from ..workers import Pool

    with _POOLS_LOCK:
        pool = _POOLS.get(limit)
        if pool is None:
            try:
                from distributed import get_worker

                threads = get_worker().state.nthreads
            except Exception:   # not on a Dask worker (a test calling run_job directly)
                threads = 1
            pool = _POOLS[limit] = Pool(threads, limit)
        return pool


def run_job(fn: Callable, job: tuple, limit: float) -> dict:
    """``fn(job)`` (kb.build.process, which reads a URL where it lives) on this worker, the job's output folder a
    private one whose files come back in the record (``outputs``: name → bytes) for the writer to put in place."""
    path, key, sha, _docs = job
    scratch = Path(tempfile.mkdtemp(prefix="extractor-job-"))
    try:
        docs = scratch / "documents"
        docs.mkdir()
        args = (path, key, sha, str(docs))
        # a daemonic worker (one started without DASK_SETTINGS) cannot start processes: it extracts in its own thread,
        # without the per-file limit, rather than fail every file
        daemonic = multiprocessing.current_process().daemon
        rec = _worker_pool(limit).call(fn, args) if limit > 0 and not daemonic else fn(args)
        rec["outputs"] = {p.name: p.read_bytes() for p in sorted(docs.iterdir()) if not p.name.startswith(".")}
        return rec
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


# ------------------------------------------------------------------ in the writer's process

def _write(docs_dir: Path, name: str, data: bytes) -> None:
    tmp = docs_dir / f".{name}.{os.getpid()}.tmp"
    tmp.write_bytes(data)
    os.replace(tmp, docs_dir / name)


class DaskPool:
    """Files extracted on a Dask cluster: the one at ``scheduler`` (``tcp://host:8786``), else a LocalCluster of
    ``workers`` processes started here (one thread each) and stopped on close. ``limit``: CPU seconds a file may
    take (extractor.workers.time_limit: default, EXTRACTOR_TIME_LIMIT, or this; 0: none)."""

    def __init__(self, scheduler: str | None = None, workers: int | None = None, limit: float | None = None,
                 dashboard: bool = True, quiet: bool = False):
        from ..workers import time_limit

        dask, distributed = _dask()
        self.limit = time_limit(limit)
        self._config = dask.config.set(DASK_SETTINGS)
        self._cluster = None
        try:
            if scheduler:
                self.client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
            else:
                n = max(1, workers or os.cpu_count() or 1)
                self._cluster = distributed.LocalCluster(
                    n_workers=n, threads_per_worker=1, processes=True, memory_limit=0,
                    dashboard_address=":0", silence_logs=40)   # a free port: never a user's own cluster's
                self.client = distributed.Client(self._cluster, set_as_default=False)
        except (OSError, TimeoutError) as err:
            self._close_cluster()
            self._config.__exit__(None, None, None)
            raise ClusterError(f"no Dask scheduler at {scheduler}: {err}") from None
        self.workers = max(1, sum(w.get("nthreads", 1) for w in self.client.scheduler_info()["workers"].values()))
        link = self.client.dashboard_link if (dashboard and (scheduler or _has_bokeh())) else None
        if link and not quiet:
            print(f"Dask dashboard: {link}", file=sys.stderr)
        self.dashboard_link = link

    def map(self, fn: Callable, items: Iterable, on_error: Callable[[Any, BaseException], Any] | None = None
            ) -> Iterator[Any]:
        """``fn(job)`` for every build job, in order, on the cluster; a job whose task failed gives
        ``on_error(job, err)`` (a worker lost more than RETRIES times: WorkerLostError).

        As many files are in flight as the cluster has threads, so a worker holds only the file it extracts (a lost
        worker takes no bystanders with it); a file is submitted each time one comes back, and the records wait in
        order for the writer (at most BUFFERED per thread: past that the cluster waits for the slow head file)."""
        from distributed import as_completed

        jobs = iter(items)
        todo: dict = {}       # future → (index, job)
        done: dict[int, Any] = {}
        order = {"next": 0, "submitted": 0}
        ready = as_completed(loop=self.client.loop)
        cap = self.workers * BUFFERED

        def top_up() -> None:
            while len(todo) < self.workers and len(done) < cap:
                job = next(jobs, None)
                if job is None:
                    return
                fut = self.client.submit(run_job, fn, job, self.limit, pure=False)
                todo[fut] = (order["submitted"], job)
                order["submitted"] += 1
                ready.add(fut)

        top_up()
        try:
            while order["next"] < order["submitted"]:
                while order["next"] in done:
                    yield done.pop(order["next"])
                    order["next"] += 1
                    top_up()
                if not todo:
                    continue
                fut = next(ready)
                i, job = todo.pop(fut)
                done[i] = self._record(fut, job, on_error)
                fut.release()
                top_up()
        except BaseException:
            for fut in todo:
                fut.cancel()
            raise

    @staticmethod
    def _record(fut, job: tuple, on_error) -> Any:
        """A finished task's record, its documents written into the job's folder; or what on_error makes of its
        failure."""
        from distributed import KilledWorker

        try:
            rec = fut.result()
        except KilledWorker:
            return _report(on_error, job, WorkerLostError(
                f"the workers extracting this file were lost {RETRIES + 1} times", job[1]))
        except Exception as err:
            return _report(on_error, job, err)
        docs_dir = Path(job[3])
        for name, data in rec.pop("outputs", {}).items():
            _write(docs_dir, name, data)
        return rec

    def close(self) -> None:
        try:
            self.client.close()
        finally:
            self._close_cluster()
            self._config.__exit__(None, None, None)

    def _close_cluster(self) -> None:
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def worker_pids(self) -> dict[str, int]:
        """Worker address → process id (tests kill one)."""
        return self.client.run(os.getpid)

    def __enter__(self) -> "DaskPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _report(on_error, job, err: BaseException):
    if on_error is None:
        raise err
    return on_error(job, err)


def _has_bokeh() -> bool:
    try:
        import bokeh  # noqa: F401  (the dashboard's web pages)
    except ImportError:
        return False
    return True
