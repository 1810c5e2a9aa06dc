"""Build the knowledge base from a folder: parallel extraction, incremental by content hash, one atomic publish."""
from __future__ import annotations

import fcntl
import gzip
import hashlib
import json
import os
import shutil
import sqlite3
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from . import remote, store

DB, BUILDING, MARKER, LOCK = "kb.sqlite", "kb.sqlite.building", ".exports", ".kb.lock"
SUFFIXES = {".txt", ".text", ".md", ".pdf", ".docx", ".doc", ".html", ".htm"}
COMMIT_EVERY = 5.0  # seconds between commits of the building store: what a killed build can lose
OPTIMIZE_SHARE = 0.1  # a build that rewrites this share of the files merges the full-text index (store.finish)


class BuildError(Exception):
    """A build that cannot start (no input, another build running); one line for the user."""


@dataclass
class BuildReport:
    files: int = 0
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    documents: int = 0                 # a document filed twice counts once (store.dedupe)
    copies: int = 0                    # further copies of documents filed twice (each a further source of one)
    resumed: int = 0                   # files an interrupted build had already stored
    stale: int = 0                     # files extracted by other extraction code than the current one
    seconds: float = 0.0
    extract_seconds: float = 0.0       # summed over worker processes, indexing included
    index_seconds: float = 0.0         # of which: JSON, word segmentation, agency names (the rest is the pipeline)
    write_seconds: float = 0.0         # main process: database writes, citations, exports, publish

    @property
    def nothing_changed(self) -> bool:
        return not (self.added or self.changed or self.removed)

    def summary(self) -> str:
        note = (f"\nnote: {self.stale} files were extracted by other extractor code; `extractor build --full` "
                "re-extracts them") if self.stale else ""
        if self.nothing_changed:
            return f"nothing changed: {self.files} files, {self.documents} documents ({self.seconds:.3f} s){note}"
        done = f"; {self.resumed} resumed from an interrupted build" if self.resumed else ""
        fail = f"; {len(self.failed)} failed (see errors.json)" if self.failed else ""
        copies = f"; {self.copies} filed twice (one document each)" if self.copies else ""
        return (f"{len(self.added)} added, {len(self.changed)} changed, {len(self.removed)} removed of {self.files} files"
                f" → {self.documents} documents ({self.seconds:.1f} s){copies}{done}{fail}{note}")


# ------------------------------------------------------------------ inputs

def discover(source: Path | str) -> dict[str, Path] | dict[str, str]:
    """key (path relative to ``source``, POSIX) → file, for every supported file under ``source`` (or ``source`` itself);
    an fsspec URL (``s3://bucket/corpus/``) gives URLs."""
    if remote.is_url(source):
        try:
            return remote.discover(source, SUFFIXES)
        except remote.RemoteError as err:
            raise BuildError(str(err)) from None
    if source.is_file():
        return {source.name: source}
    if not source.is_dir():
        raise BuildError(f"{source}: no such file or folder")
    found = {}
    for p in sorted(source.rglob("*")):
        rel = p.relative_to(source)
        if p.is_file() and p.suffix.lower() in SUFFIXES and not any(part.startswith(".") for part in rel.parts):
            found[rel.as_posix()] = p
    return found


def sha256(path: Path | str) -> str:
    if remote.is_url(path):
        return remote.sha256(path)
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def store_version() -> str:
    """What a store must have been built with to be updated in place (else the build starts afresh): the store
    schema and the extractor's release."""
    from .. import __version__

    return f"{store.SCHEMA_VERSION}:{__version__}"


def code_version() -> str:
    """A hash of the extraction code and data (the knowledge base and command line aside), recorded per file: files
    extracted by other code are reported, and `--full` re-extracts them."""
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if p.is_file() and (p.suffix == ".py" or "/data/" in f"/{rel}") and "__pycache__" not in rel \
                and not rel.startswith(("kb/", "api/")) \
                and not p.name.startswith("cli") and p.name not in ("watch.py", "view.py", "evaluate.py", "__main__.py"):
            h.update(rel.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()[:16]


# ------------------------------------------------------------------ the worker: one file → rows

_CANON: dict[str, tuple[str, str, str, str]] = {}


def _agency(name: str) -> tuple[str, str, str, str]:
    if name not in _CANON:
        from ..agencies import canonical_agency
        from ..patterns.agencies import key
        from .search import fold

        canonical = canonical_agency(name) or name
        _CANON[name] = (name, canonical, key(canonical), fold(key(canonical)))
    return _CANON[name]


VIEW = ".view.json.gz"   # documents/<id>.view.json.gz: the text view of a document (extractor.view.layout)


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp")
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    tmp.write_bytes(gzip.compress(raw, compresslevel=6, mtime=0) if path.name.endswith(".gz") else raw)
    os.replace(tmp, path)


def read_view(docs_dir: Path, doc_id: str) -> dict | None:
    """The stored text view of a document, or None (not built, or built before views were stored)."""
    try:
        return json.loads(gzip.decompress((docs_dir / f"{doc_id}{VIEW}").read_bytes()))
    except (OSError, ValueError, EOFError):
        return None


def process(job: tuple[str, str, str, str]) -> dict:
    """Extract one file, write its documents' JSON, and return the rows to store (words segmented here, in parallel)."""
    path, key, sha, docs_dir = job
    from ..errors import ExtractorError
    from ..output import to_dict
    from ..pipeline import extract_file

    t0 = time.perf_counter()
    rec = {"path": key, "sha256": sha, "documents": []}
    try:
        ex = _extract_url(path) if remote.is_url(path) else extract_file(path)
        data = to_dict(ex, key=key)  # ids from the path in the corpus: identical files keep their own documents
    except ExtractorError as err:
        rec["error"] = {"code": err.code, "message": err.message}
    except Exception as err:  # one bad file never stops a build; it is reported
        rec["error"] = {"code": "internal", "message": f"internal error: {type(err).__name__}: {err}"}
    if "error" in rec:
        rec["seconds"] = time.perf_counter() - t0
        return rec
    t1 = time.perf_counter()
    try:
        _rows(ex, data, rec, Path(docs_dir))
    except Exception as err:  # indexing never stops a build either
        rec.update(documents=[], error={"code": "internal", "message": f"internal error: {type(err).__name__}: {err}"})
    rec["seconds"], rec["index_seconds"] = time.perf_counter() - t0, time.perf_counter() - t1
    return rec


def _extract_url(url: str):
    """The extraction of the file at an fsspec URL, from a local copy (the source named by the URL)."""
    import tempfile

    from ..pipeline import extract_file

    with tempfile.TemporaryDirectory(prefix="extractor-url-") as tmp:
        ex = extract_file(remote.fetch(url, Path(tmp)))
    ex.source.path = url
    return ex


def _rows(ex, data: dict, rec: dict, docs_dir: Path) -> None:
    """Write each document's JSON and text view, and add its rows to ``rec``: words segmented, agencies canonical, citing sentences."""
    from ..references import number_key
    from ..view import layout
    from .cites import sentence

    src = data["source"]
    rec.update(size=src.get("size"), format=src.get("format"), encoding=src.get("encoding"))
    original = ex.source.original
    for doc, model in zip(data["documents"], ex.documents):
        _write_json(docs_dir / f"{doc['id']}.json", {**data, "documents": [doc]})
        _write_json(docs_dir / f"{doc['id']}{VIEW}", layout(model, ex.text.text))
        row = {k: doc.get(k) for k in ("id", *store.DOC_FIELDS)}
        row["number_key"] = number_key(doc["number"]) if doc.get("number") else None
        row["fingerprint"] = store.text_fingerprint(ex.text.text[model.start:model.end])  # store.identity
        row["fts"] = store.fts_values("document", doc)
        row["tasks"] = [{**t, "fts": store.fts_values("task", t),
                         "agencies": {r: [_agency(n) for n in t[r]] for r in ("lead", "coordinating")}}
                        for t in doc["tasks"]]
        row["targets"] = [{**g, "fts": store.fts_values("target", g)} for g in doc["targets"]]
        row["references"] = [{**r, "number_key": number_key(r["number"]) if r.get("number") else None,
                              "sentence": sentence(original, r["start"], r["end"])} for r in doc["references"]]
        rec["documents"].append(row)


# ------------------------------------------------------------------ the build

def _usable(path: Path, fp: str) -> sqlite3.Connection | None:
    """The store at ``path`` if it is complete and was built by this code, else None."""
    if not path.exists():
        return None
    try:
        conn = store.connect(path, readonly=True)
        if store.get_meta(conn, "fingerprint") == fp and store.get_meta(conn, "complete") == "1":
            return conn
        conn.close()
    except sqlite3.DatabaseError:
        pass
    return None


def _remove_db(path: Path) -> None:
    for p in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)


def _open_building(out: Path, live: sqlite3.Connection | None, fp: str) -> sqlite3.Connection:
    """The store being built: an interrupted build's, if it started from the current store, else a fresh copy of it."""
    tmp, base = out / BUILDING, store.get_meta(live, "generation") if live else ""
    if tmp.exists():
        try:
            conn = store.connect(tmp)  # a hot journal left by a killed build is rolled back here
            if store.get_meta(conn, "base") == base and store.get_meta(conn, "fingerprint") == fp:
                return conn
            conn.close()
        except sqlite3.DatabaseError:
            pass
        _remove_db(tmp)
    if live is not None:
        shutil.copyfile(out / DB, tmp)
    conn = store.connect(tmp)
    store.create(conn)
    conn.execute("BEGIN IMMEDIATE")
    store.set_meta(conn, "base", base)
    store.set_meta(conn, "fingerprint", fp)
    store.set_meta(conn, "complete", "0")
    conn.execute("COMMIT")
    return conn


def _missing_json(conn: sqlite3.Connection, docs_dir: Path) -> set[str]:
    """Files one of whose documents lacks its JSON or its text view."""
    names = {p.name for p in docs_dir.iterdir()} if docs_dir.is_dir() else set()
    return {path for path, ids in store.document_ids(conn).items()
            if any(f"{i}.json" not in names or f"{i}{VIEW}" not in names for i in ids)}


def _exports_current(out: Path, live: sqlite3.Connection) -> bool:
    names = [f"{t}.{x}" for t in ("tasks", "targets", "references") for x in ("csv", "parquet", "jsonl")] \
        + ["errors.json", "parquet", "metadata.json"]
    marker = out / MARKER
    return (marker.exists() and marker.read_text().strip() == store.get_meta(live, "generation")
            and all((out / n).exists() for n in names))


def _progress(total: int, enabled: bool):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    return Progress(TextColumn("[bold]building[/] {task.description}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TimeRemainingColumn(),
                    console=Console(stderr=True), disable=not enabled or total == 0, transient=False)


def _failed(job: tuple[str, str, str, str], err: BaseException) -> dict:
    """The record of a file whose worker ran over the time limit or died (ExtractorError codes time_limit,
    worker_lost), or whose call failed in the pool itself."""
    code = getattr(err, "code", "internal")
    message = getattr(err, "message", None) or f"internal error: {type(err).__name__}: {err}"
    return {"path": job[1], "sha256": job[2], "documents": [], "error": {"code": code, "message": message}}


def _results(jobs: list, workers: int, limit: float, pool=None):
    """Each job's record, in order (the store is the same whatever the timing): in this process when there is
    neither a time limit nor more than one worker to use, else in worker processes (``pool``, or one made here)
    that stop a file at ``limit`` CPU seconds."""
    from ..workers import Pool

    if pool is not None:
        yield from pool.map(process, jobs, on_error=_failed)
        return
    if not limit and (workers <= 1 or len(jobs) <= 1):
        yield from map(process, jobs)
        return
    if not jobs:
        return
    with Pool(min(workers, len(jobs)), limit) as own:
        yield from own.map(process, jobs, on_error=_failed)


def _make_dir(path: Path) -> None:
    """Make an output folder, or a BuildError naming it when a file (or the system) is in the way."""
    for p in (path, *path.parents):
        if p.exists():
            if not p.is_dir():
                raise BuildError(f"{path}: is a file, not a folder" if p == path else
                                 f"{path}: cannot make this folder: {p} is a file")
            break
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise BuildError(f"{path}: cannot make this folder: {err.strerror or err}") from None


def build(source: str | Path, out: str | Path = "output", workers: int | None = None, progress: bool = False,
          full: bool = False, commit_every: float = COMMIT_EVERY, time_limit: float | None = None,
          pool=None) -> BuildReport:
    """Bring ``out`` up to date with ``source``: documents/<id>.json, kb.sqlite, CSV/Parquet exports, errors.json.

    Unchanged files (by SHA-256) are skipped, changed ones replaced, removed ones deleted. Everything is written
    to ``kb.sqlite.building`` and moved over ``kb.sqlite`` in one step, so a killed build leaves the previous
    store intact; the next build resumes from what the killed one had committed (every ``commit_every`` seconds).
    Each file is extracted in a worker process under ``time_limit`` CPU seconds (extractor.workers.time_limit: the
    default, EXTRACTOR_TIME_LIMIT, or this; 0: none, and one worker extracts in this process); a file over it is
    recorded as failed (code ``time_limit``). ``pool``: workers to use (a watcher's, kept between builds)."""
    from ..workers import time_limit as resolve_limit

    t0 = time.perf_counter()
    limit = resolve_limit(time_limit)
    source, out = source if remote.is_url(source) else Path(source), Path(out)
    docs_dir = out / "documents"
    _make_dir(out)
    _make_dir(docs_dir)
    lock = open(out / LOCK, "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise BuildError(f"{out}: another build is writing here") from None
    try:
        return _build(source, out, docs_dir, workers or os.cpu_count() or 1, progress, full, commit_every, t0,
                      limit, pool)
    finally:
        lock.close()


def _build(source: Path, out: Path, docs_dir: Path, workers: int, progress: bool, full: bool, commit_every: float,
           t0: float, limit: float = 0.0, pool=None) -> BuildReport:
    files = discover(source)
    shas = {k: sha256(p) for k, p in files.items()}
    fp, code = store_version(), code_version()
    live = None if full else _usable(out / DB, fp)
    old = store.file_states(live) if live else {}
    rep = BuildReport(files=len(files))
    rep.added = [k for k in files if k not in old]
    rep.changed = [k for k in files if k in old and old[k] != shas[k]]
    rep.removed = [k for k in old if k not in files]
    missing: set[str] = set()
    if live is not None:
        missing = _missing_json(live, docs_dir) & (set(files) - set(rep.changed))
        rep.changed = sorted(set(rep.changed) | missing)
        rep.stale = live.execute("SELECT count(*) FROM files WHERE extractor != ?", (code,)).fetchone()[0]
        if rep.nothing_changed:
            if not _exports_current(out, live):
                _finalize_outputs(live, out)
            else:
                _clean_documents(live, out)
            rep.documents = live.execute("SELECT count(*) FROM documents WHERE dup_of IS NULL").fetchone()[0]
            rep.failed = [r[0] for r in live.execute("SELECT path FROM files WHERE error IS NOT NULL")]
            live.close()
            _remove_db(out / BUILDING)
            rep.seconds = time.perf_counter() - t0
            return rep
    conn = _open_building(out, live, fp)
    if live is not None:
        live.close()
    try:
        _update(conn, files, shas, docs_dir, workers, progress, rep, missing, code, commit_every, limit, pool)
        rep.stale = conn.execute("SELECT count(*) FROM files WHERE extractor != ?", (code,)).fetchone()[0]
        tw = time.perf_counter()
        store.set_meta(conn, "generation", uuid.uuid4().hex)
        store.set_meta(conn, "complete", "1")
        store.set_meta(conn, "built", time.strftime("%Y-%m-%dT%H:%M:%S"))
        conn.execute("COMMIT")
        store.compact(conn)
        rep.documents = conn.execute("SELECT count(*) FROM documents WHERE dup_of IS NULL").fetchone()[0]
        rep.copies = conn.execute("SELECT count(*) FROM documents WHERE dup_of IS NOT NULL").fetchone()[0]
        rep.failed = [r[0] for r in conn.execute("SELECT path FROM files WHERE error IS NOT NULL ORDER BY path")]
    finally:
        conn.close()
    tmp = out / BUILDING
    with open(tmp, "rb+") as f:
        os.fsync(f.fileno())
    os.replace(tmp, out / DB)  # the publish: before this line the old store is live, after it the new one
    fd = os.open(out, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    live = store.connect(out / DB, readonly=True)
    _finalize_outputs(live, out)
    live.close()
    rep.write_seconds += time.perf_counter() - tw
    rep.seconds = time.perf_counter() - t0
    return rep


def _update(conn, files, shas, docs_dir, workers, progress, rep, redo: set[str], code: str, commit_every: float,
            limit: float = 0.0, pool=None) -> None:
    """Bring the building store to the corpus: deletes first, then every file to (re)extract, committed in batches;
    ``redo``: files whose JSON went missing, extracted again even where the store is up to date."""
    have = store.file_states(conn)
    todo = [k for k in files if have.get(k) != shas[k] or k in redo]
    rep.resumed = sum(1 for k in rep.added + rep.changed if k not in todo)
    tw = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    for k in [k for k in have if k not in files]:
        store.delete_file(conn, k)
    rep.write_seconds += time.perf_counter() - tw
    jobs = [(str(files[k]), k, shas[k], str(docs_dir)) for k in todo]
    cache: dict = {}
    start = last = time.perf_counter()
    with _progress(len(jobs), progress) as bar:
        where = "" if not todo else remote.parent(files[todo[0]]) if remote.is_url(files[todo[0]]) \
            else str(files[todo[0]].parent)
        task = bar.add_task(where, total=len(jobs), rate="")
        for i, rec in enumerate(_results(jobs, workers, limit, pool), 1):
            tw = time.perf_counter()
            rep.extract_seconds += rec.pop("seconds", 0.0)
            rep.index_seconds += rec.pop("index_seconds", 0.0)
            rec["extractor"] = code
            store.delete_file(conn, rec["path"])
            store.insert_file(conn, rec, cache)
            if tw - last >= commit_every:
                conn.execute("COMMIT")
                conn.execute("BEGIN IMMEDIATE")
                last = time.perf_counter()
            rep.write_seconds += time.perf_counter() - tw
            bar.update(task, advance=1, rate=f"{i / (time.perf_counter() - start):.1f} files/s")
    tw = time.perf_counter()
    removed = sum(1 for k in have if k not in files)
    store.finish(conn, optimize=len(todo) + removed >= OPTIMIZE_SHARE * max(1, len(have), len(files)))
    rep.write_seconds += time.perf_counter() - tw


def _clean_documents(live: sqlite3.Connection, out: Path) -> None:
    """Remove the JSON of documents the published store does not hold (and leftovers of killed writers)."""
    keep = {r[0] for r in live.execute("SELECT DISTINCT id FROM documents")}
    for p in (out / "documents").iterdir():
        stem = p.name[:-len(VIEW)] if p.name.endswith(VIEW) else p.stem if p.suffix == ".json" else None
        if p.name.endswith(".tmp") or (stem is not None and stem not in keep):
            p.unlink(missing_ok=True)


def _finalize_outputs(live: sqlite3.Connection, out: Path) -> None:
    """Exports (CSV, Parquet, JSON Lines, the partitioned Parquet datasets), errors.json, the views and metadata.json
    for Datasette, and the JSON of documents no longer stored, all from the published store."""
    from . import datasette, partitioned
    from .export import export, publish

    suffix = ".tmp"
    written = export(live, out, suffix)
    errors = [{"path": p, "error": c, "message": m}
              for p, c, m in live.execute("SELECT path, error_code, error FROM files WHERE error IS NOT NULL ORDER BY path")]
    err = out / f"errors.json{suffix}"
    err.write_text(json.dumps({"errors": errors}, ensure_ascii=False, indent=2), encoding="utf-8")
    publish([*written, err], suffix)
    partitioned.write(live, out)
    datasette.prepare(out / DB)  # the SQL views and metadata.json for `datasette output/kb.sqlite` (kb/datasette.py)
    _clean_documents(live, out)
    marker = out / f"{MARKER}.tmp"
    marker.write_text(store.get_meta(live, "generation") or "")
    os.replace(marker, out / MARKER)
