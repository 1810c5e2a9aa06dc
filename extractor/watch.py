"""The inbox: files dropped into a folder are moved into the corpus and merged into the knowledge base; failures go to failed/."""
from __future__ import annotations

import os
import shutil
import sqlite3
import threading
import time
from pathlib import Path
from typing import Callable

from .kb.build import DB, SUFFIXES, BuildError, build

FAILED = "failed"
SUBFOLDER = "inbox"  # processed files go to <corpus>/inbox/<name>: a later `extractor build <corpus>` keeps them


def _candidates(inbox: Path) -> dict[str, tuple[int, int]]:
    """name → (size, mtime) of the files waiting in the inbox (top level; hidden and partial files aside)."""
    out = {}
    for p in inbox.iterdir():
        if p.name.startswith(".") or p.name.endswith((".part", ".tmp", ".crdownload", ".error.txt")):
            continue
        try:
            st = p.stat()
        except FileNotFoundError:
            continue
        if p.is_file():
            out[p.name] = (st.st_size, st.st_mtime_ns)
    return out


def _fail(inbox: Path, src: Path, message: str, log: Callable[[str], None], note: bool = True) -> Path:
    """Move a file that cannot be read to ``inbox/failed/``; with ``note``, write its ``.error.txt`` too (the sign,
    for whoever watches the folder, that the knowledge base no longer holds it)."""
    failed = inbox / FAILED
    failed.mkdir(exist_ok=True)
    dest = failed / src.name
    os.replace(src, dest) if src.parent.resolve() == inbox.resolve() else shutil.move(str(src), dest)
    if note:
        _note(dest, message, log)
    return dest


def _note(dest: Path, message: str, log: Callable[[str], None]) -> None:
    (dest.parent / f"{dest.name}.error.txt").write_text(message.rstrip() + "\n", encoding="utf-8")
    log(f"failed  {dest.name}: {message}")


def _file_errors(out: Path, keys: list[str]) -> dict[str, str]:
    """key → error message of the given files, as the published store recorded them."""
    conn = sqlite3.connect(f"file:{(out / DB).resolve()}?mode=ro", uri=True)
    try:
        marks = ", ".join("?" * len(keys))
        return {p: m or c or "failed" for p, c, m in
                conn.execute(f"SELECT path, error_code, error FROM files WHERE error IS NOT NULL AND path IN ({marks})",
                             keys)}
    finally:
        conn.close()


def _counts(out: Path, keys: list[str]) -> dict[str, tuple[int, int]]:
    conn = sqlite3.connect(f"file:{(out / DB).resolve()}?mode=ro", uri=True)
    try:
        return {k: conn.execute("SELECT count(*), coalesce(sum(n_tasks), 0) FROM documents WHERE file = ?", (k,)).fetchone()
                for k in keys}
    finally:
        conn.close()


def process(inbox: Path, out: Path, corpus: Path, names: list[str], log: Callable[[str], None] = print,
            pool=None) -> None:
    """Move ``names`` from the inbox into ``corpus/inbox/`` and bring the knowledge base up to date (files extracted
    by ``pool``, extractor.workers.Pool, under its time limit); a file that fails or runs over the limit is moved to
    ``inbox/failed/`` with ``<name>.error.txt`` and dropped from the knowledge base again."""
    dest_dir = corpus / SUBFOLDER
    dest_dir.mkdir(parents=True, exist_ok=True)
    keys = []
    for name in names:
        src = inbox / name
        if Path(name).suffix.lower() not in SUFFIXES:
            _fail(inbox, src, f"unsupported file type {Path(name).suffix or '(none)'}: send txt, pdf, docx, doc or html", log)
            continue
        shutil.move(str(src), dest_dir / name)  # a file of the same name is replaced: a new version of it
        keys.append((dest_dir / name).relative_to(corpus).as_posix())
    if not keys:
        return
    _build(corpus, out, pool)
    errors = _file_errors(out, keys)
    moved = [(_fail(inbox, corpus / key, message, log, note=False), message) for key, message in errors.items()]
    if errors:
        _build(corpus, out, pool)   # drop them from the knowledge base, then say so
    for dest, message in moved:
        _note(dest, message, log)
    for key, (docs, tasks) in _counts(out, [k for k in keys if k not in errors]).items():
        log(f"added   {Path(key).name}: {docs} documents, {tasks} tasks")


def _build(corpus: Path, out: Path, pool=None, tries: int = 120) -> None:
    """An incremental build whose files ``pool`` extracts (workers stay warm between batches), waiting out a
    concurrent build."""
    for _ in range(tries):
        try:
            build(corpus, out, workers=1, progress=False, pool=pool)
            return
        except BuildError as err:
            if "another build" not in str(err):
                raise
            time.sleep(1.0)
    raise BuildError(f"{out}: another build kept the knowledge base locked")


def settled(seen: dict[str, tuple[int, int]], now: dict[str, tuple[int, int]]
            ) -> tuple[list[str], dict[str, tuple[int, int]]]:
    """The files of this poll whose size and time are those of the last poll (written out: to take), and what to
    remember for the next poll (the others); a file still growing is never taken."""
    ready = sorted(n for n, sig in now.items() if seen.get(n) == sig)
    return ready, {n: sig for n, sig in now.items() if n not in ready}


def watch(inbox: str | Path, out: str | Path = "output", corpus: str | Path | None = None,
          stop: threading.Event | None = None, interval: float = 1.0, quiet: bool = False,
          on_event: Callable[[str, list[str]], None] | None = None, pool=None,
          time_limit: float | None = None) -> None:
    """Poll ``inbox`` every ``interval`` seconds until ``stop`` is set; a file is taken once its size and time have
    not changed between two polls. ``corpus`` (default `corpus/`): the folder the knowledge base is built from.
    ``on_event(kind, names)`` is told of each poll (`"poll"`, the files seen) and of each batch done (`"done"`, the
    files taken, merged or failed), so that a caller can wait on what happened rather than on the clock.
    Files are extracted in worker processes: ``pool`` (a server's), or one worker kept for the watch, each file
    under ``time_limit`` CPU seconds (extractor.workers.time_limit)."""
    from .workers import Pool

    if pool is None:
        with Pool(1, time_limit) as own:
            return watch(inbox, out, corpus, stop, interval, quiet, on_event, pool=own)
    inbox, out = Path(inbox), Path(out)
    corpus = Path(corpus) if corpus is not None else Path("corpus")
    inbox.mkdir(parents=True, exist_ok=True)
    stop = stop or threading.Event()
    log = (lambda msg: None) if quiet else (lambda msg: print(msg, flush=True))
    seen: dict[str, tuple[int, int]] = {}
    while not stop.is_set():
        now = _candidates(inbox)
        ready, seen = settled(seen, now)
        if ready:
            try:
                process(inbox, out, corpus, ready, log, pool)
            except Exception as err:  # the watcher keeps watching; the files stay where they are for the next try
                log(f"error   {type(err).__name__}: {err}")
            if on_event:
                on_event("done", ready)
        if on_event:
            on_event("poll", sorted(now))
        stop.wait(interval)
