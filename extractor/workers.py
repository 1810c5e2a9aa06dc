"""Worker processes for extraction: each file is extracted in a child process under a per-file time limit, and a
child over the limit (or one that dies) is killed with what it started and replaced; callers in many threads share
the workers without a lock around the pipeline.

The limit counts the worker's CPU seconds for the file (Linux: /proc), so whether a file passes does not depend on
how loaded the machine is; a worker that waits without using CPU is stopped after ``WALL_FACTOR`` × the limit of
wall-clock time. Workers are forked from a fork server that has loaded the pipeline and its models once (module
``extractor.warm``), so a replacement is ready in milliseconds; they die with the process that started them."""
from __future__ import annotations

import multiprocessing
import os
import pickle
import queue
import threading
import time
from typing import Any, Callable, Iterable, Iterator

from .errors import ExtractorError, TimeLimitError, WorkerLostError, one_line

# CPU seconds one file may take (the API, the watcher and builds); 0 turns the limit off.
DEFAULT_TIME_LIMIT = 120.0
TIME_LIMIT_ENV = "EXTRACTOR_TIME_LIMIT"
WALL_FACTOR = 4.0        # a worker blocked without using CPU is stopped after this many times the limit, wall-clock
POLL = 0.1               # seconds between looks at a busy worker's CPU time
NICE = 5                 # workers yield the CPU to the process they serve (a server answering queries) when both want it
PRELOAD = ["extractor.warm"]
ENV_PREFIX = "EXTRACTOR_"  # settings a worker takes from its caller at each call (the fork server's are older)

_CLK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def time_limit(value: float | None = None) -> float:
    """The limit in force: ``value`` when given, else the environment variable EXTRACTOR_TIME_LIMIT, else the
    default; 0 (or less) means no limit. A malformed variable is an ExtractorError naming it."""
    if value is None:
        raw = os.environ.get(TIME_LIMIT_ENV, "").strip()
        if not raw:
            return DEFAULT_TIME_LIMIT
        try:
            value = float(raw)
        except ValueError:
            raise ExtractorError(f"{TIME_LIMIT_ENV}={raw!r} is not a number of seconds") from None
    return max(0.0, float(value))


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of process ``pid`` (Linux), or None where /proc cannot tell."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _CLK
    except (OSError, IndexError, ValueError):
        return None


def _portable(err: BaseException) -> BaseException:
    """``err`` itself when it survives pickling, else an ExtractorError saying what it was."""
    try:
        pickle.loads(pickle.dumps(err))
        return err
    except Exception:
        return ExtractorError(f"internal error: {type(err).__name__}: {one_line(err, 300)}")


def _let_the_fork_server_go() -> None:
    """Close this worker's copy of the fork server's "a client is alive" pipe. The fork server leaves when every
    copy is closed; with workers holding one, it would outlive a killed caller, and the workers (waiting on its
    death signal) with it."""
    try:
        from multiprocessing import forkserver
    except ImportError:
        return
    server = getattr(forkserver, "_forkserver", None)
    fd = getattr(server, "_forkserver_alive_fd", None)
    if isinstance(fd, int):
        try:
            os.close(fd)
        except OSError:
            pass
        server._forkserver_alive_fd = None


def _serve(conn) -> None:
    """A worker's loop: (function, arguments, settings) in, ("ok", result) or ("error", exception) out."""
    import signal

    from .children import die_with_parent

    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the caller's to handle: it stops the workers
    if NICE and hasattr(os, "nice"):
        try:
            os.nice(NICE)
        except OSError:
            pass
    _let_the_fork_server_go()
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        except Exception as err:  # a job naming a function this process cannot import: the caller is told
            conn.send(("error", ExtractorError(f"internal error: the job cannot be read here ({one_line(err, 200)})")))
            continue
        if msg is None:
            return
        fn, args, env = msg
        for key in [k for k in os.environ if k.startswith(ENV_PREFIX) and k not in env]:
            del os.environ[key]
        os.environ.update(env)
        try:
            out = ("ok", fn(*args))
        except BaseException as err:  # everything goes back to the caller; the worker lives on
            out = ("error", _portable(err))
        try:
            conn.send(out)
        except Exception as err:  # a result that cannot be pickled
            conn.send(("error", ExtractorError(f"internal error: the result cannot be sent back ({one_line(err, 200)})")))


_CTX = None
_CTX_LOCK = threading.Lock()


def _context():
    """The fork-server context (fork is unsafe in a process that runs threads, as a server does); where there is
    no fork server (not POSIX), spawn."""
    global _CTX
    with _CTX_LOCK:
        if _CTX is None:
            try:
                ctx = multiprocessing.get_context("forkserver")
                ctx.set_forkserver_preload(PRELOAD)
            except ValueError:
                ctx = multiprocessing.get_context("spawn")
            _CTX = ctx
    return _CTX


class _Worker:
    """One child process and the parent's end of its pipe."""

    def __init__(self):
        ctx = _context()
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child,), daemon=True, name="extractor-worker")
        self.proc.start()
        child.close()

    def run(self, fn: Callable, args: tuple, limit: float) -> Any:
        env = {k: v for k, v in os.environ.items() if k.startswith(ENV_PREFIX)}
        try:
            self.conn.send((fn, args, env))
        except (OSError, EOFError):
            raise WorkerLostError("the worker process ended before it took the file") from None
        cpu0, wall0 = _cpu_seconds(self.proc.pid), time.monotonic()
        while not self.conn.poll(POLL):
            if not self.proc.is_alive():
                raise self._lost()
            self._within(limit, cpu0, wall0)
        # (and once the answer is there: a call over the limit is over it also when it ended between two looks, so
        # that whether a file fails does not hang on when its worker was looked at)
        self._within(limit, cpu0, wall0)
        try:
            status, value = self.conn.recv()
        except (EOFError, OSError):
            raise self._lost() from None
        if status == "error":
            raise value
        return value

    def _within(self, limit: float, cpu0: float | None, wall0: float) -> None:
        """TimeLimitError when the call has used more than ``limit`` CPU seconds (or, blocked, WALL_FACTOR times
        that of wall-clock time) since it was sent."""
        if not limit:
            return
        wall = time.monotonic() - wall0
        cpu = _cpu_seconds(self.proc.pid)
        used = cpu - cpu0 if cpu is not None and cpu0 is not None else wall
        if used > limit or wall > limit * WALL_FACTOR:
            raise TimeLimitError(
                f"the extraction ran over the time limit of {limit:g} s per file (CPU {used:.0f} s, "
                f"{wall:.0f} s in all); raise it with --time-limit or the environment variable "
                f"{TIME_LIMIT_ENV}=SECONDS", limit=limit)

    def _lost(self) -> WorkerLostError:
        self.proc.join(1)
        code = self.proc.exitcode
        how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        hint = " (out of memory?)" if code == -9 else ""
        return WorkerLostError(f"the worker process extracting the file ended ({how}){hint}")

    def alive(self) -> bool:
        return self.proc.is_alive()

    def kill(self) -> None:
        """The worker and, through their parent-death signal, what it started; reaped here."""
        try:
            self.proc.kill()
        except (OSError, ValueError):
            pass
        self.proc.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, EOFError, ValueError):
            pass
        self.proc.join(2)
        if self.proc.is_alive():
            self.kill()
        else:
            self.conn.close()


class Pool:
    """Up to ``workers`` worker processes, started when first needed. ``call(fn, *args)`` runs ``fn`` (a module-level
    function) in one of them and returns its result or raises its exception; a call over ``limit`` raises
    TimeLimitError (code ``time_limit``) and one whose worker dies raises WorkerLostError (``worker_lost``); the
    worker is replaced either way. Safe to call from many threads; callers beyond ``workers`` wait their turn."""

    def __init__(self, workers: int = 1, limit: float | None = None):
        self.workers = max(1, int(workers))
        self.limit = time_limit(limit)
        self._slots = threading.BoundedSemaphore(self.workers)
        self._idle: list[_Worker] = []
        self._busy: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False

    def call(self, fn: Callable, *args) -> Any:
        if self._closed:
            raise RuntimeError("the worker pool is closed")
        with self._slots:
            with self._lock:
                worker = self._idle.pop() if self._idle else None
            if worker is None or not worker.alive():
                if worker is not None:
                    worker.kill()
                worker = _Worker()
            with self._lock:
                self._busy.add(worker)
            try:
                result = worker.run(fn, args, self.limit)
            except (TimeLimitError, WorkerLostError):
                with self._lock:
                    self._busy.discard(worker)
                worker.kill()
                raise
            except BaseException:
                self._give_back(worker)
                raise
            self._give_back(worker)
            return result

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            self._busy.discard(worker)
            if self._closed or not worker.alive():
                worker.stop()
            else:
                self._idle.append(worker)

    def map(self, fn: Callable, items: Iterable, on_error: Callable[[Any, BaseException], Any] | None = None
            ) -> Iterator[Any]:
        """``fn(item)`` for every item, in order, ``workers`` at a time; an item whose call raises gives
        ``on_error(item, err)`` when that is given (else the exception is raised)."""
        from concurrent.futures import ThreadPoolExecutor

        def one(item):
            try:
                return self.call(fn, item)
            except Exception as err:
                if on_error is None:
                    raise
                return on_error(item, err)

        items = list(items)
        if not items:
            return
        with ThreadPoolExecutor(max_workers=min(self.workers, len(items)), thread_name_prefix="extractor-pool") as ex:
            futures = [ex.submit(one, item) for item in items]
            try:
                for f in futures:
                    yield f.result()
            except BaseException:   # the caller stopped (Ctrl-C, an error, or it wants no more): so do the workers
                for f in futures:
                    f.cancel()
                self.interrupt()
                raise

    def interrupt(self) -> None:
        """Kill the busy workers: their calls raise WorkerLostError at once (the pool starts new ones as needed)."""
        with self._lock:
            busy = list(self._busy)
        for w in busy:
            try:
                w.proc.kill()
            except (OSError, ValueError):
                pass

    def close(self) -> None:
        """Stop the idle workers; a busy one is stopped when its call returns."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for w in idle:
            w.stop()

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
