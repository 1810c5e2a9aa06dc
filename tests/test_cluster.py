"""The build on a Dask cluster (`--engine dask`): the same knowledge base as the local build, a killed worker costing
only a retry, a file that loses its worker twice reported, the per-file time limit kept on workers."""
from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")
import cloudpickle  # noqa: E402  (comes with distributed)

from typer.testing import CliRunner  # noqa: E402

from extractor.cli import app  # noqa: E402
from extractor import cli_kb  # noqa: E402,F401  (registers build)
from extractor.kb import build  # noqa: E402
from extractor.kb.build import _failed, process  # noqa: E402
from extractor.kb.cluster import ClusterError, DaskPool  # noqa: E402
from extractor.kb.remote import is_url  # noqa: E402
from test_kb import _dump  # noqa: E402  (the store of an output folder, comparable)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

cloudpickle.register_pickle_by_value(sys.modules[__name__])   # the jobs below run on the workers




def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


def _same(a: Path, b: Path) -> None:
    """Two outputs hold the same knowledge: every table row by row, every document's JSON byte for byte, the same
    errors."""
    da, db = _dump(a), _dump(b)
    assert da.keys() == db.keys()
    for table in da:
        assert da[table] == db[table], table
    assert _files(a / "documents") == _files(b / "documents")
    assert json.loads((a / "errors.json").read_text()) == json.loads((b / "errors.json").read_text())


@pytest.fixture(scope="module")
def cluster():
    with DaskPool(workers=2, limit=0, dashboard=False, quiet=True) as pool:
        yield pool


@pytest.fixture(scope="module")
def local(tmp_path_factory):
    out = tmp_path_factory.mktemp("local") / "output"
    build(CORPUS, out, workers=2)
    return out


def test_cluster_build_equals_the_local_build(cluster, local, tmp_path):
    report = build(CORPUS, tmp_path / "output", pool=cluster)
    assert (report.documents, report.failed) == (13, [])
    _same(local, tmp_path / "output")
    # incremental as the local build: nothing to do the second time
    again = build(CORPUS, tmp_path / "output", pool=cluster)
    assert again.nothing_changed and again.documents == 13


def test_a_worker_killed_mid_build_costs_only_a_retry(tmp_path):
    """Three copies of the corpus (33 files); one of the two workers is killed (SIGKILL) once a few files are back:
    its files go to the other worker (and the restarted one), and the knowledge base is complete and equal."""
    corpus = tmp_path / "corpus"
    for copy in ("a", "b", "c"):
        shutil.copytree(CORPUS, corpus / copy)
    local = build(corpus, tmp_path / "local", workers=2)
    out = tmp_path / "cluster"
    with DaskPool(workers=2, limit=0, dashboard=False, quiet=True) as pool:
        pids = list(pool.worker_pids().values())
        result: dict = {}
        thread = threading.Thread(target=lambda: result.setdefault("report", build(corpus, out, pool=pool)))
        thread.start()
        docs = out / "documents"
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline and thread.is_alive() and \
                (not docs.is_dir() or len([p for p in docs.iterdir() if p.suffix == ".json"]) < 4):
            time.sleep(0.05)
        assert thread.is_alive(), "the build ended before a worker could be killed"
        os.kill(pids[0], signal.SIGKILL)
        thread.join(600)
    report = result["report"]
    assert report.failed == [] and report.files == 33 and report.documents == local.documents == 13  # copies: one each
    _same(tmp_path / "local", out)


def _kills_its_worker(job):
    """A job that takes its worker down with it (as a crash in native code would) for one file."""
    if job[1] == "bad.txt":
        os.kill(os.getpid(), signal.SIGKILL)
    return {"path": job[1], "sha256": job[2], "documents": [], "ok": True}


def test_a_file_that_loses_its_worker_twice_is_reported(cluster, tmp_path):
    jobs = [(str(tmp_path / n), n, "0" * 64, str(tmp_path)) for n in ("a.txt", "bad.txt", "c.txt")]
    recs = list(cluster.map(_kills_its_worker, jobs, on_error=_failed))
    assert [r["path"] for r in recs] == ["a.txt", "bad.txt", "c.txt"]
    assert [r.get("ok") for r in recs] == [True, None, True]
    assert recs[1]["error"]["code"] == "worker_lost"
    assert "lost 2 times" in recs[1]["error"]["message"]


def test_the_time_limit_holds_on_workers(tmp_path):
    """A limit no real file can meet (1 ms of CPU): every file is reported as over it, none lost."""
    files = sorted(CORPUS.glob("00[23]_*.txt"))
    jobs = [(str(p), p.name, "0" * 64, str(tmp_path)) for p in files]
    with DaskPool(workers=1, limit=0.001, dashboard=False, quiet=True) as pool:
        recs = list(pool.map(process, jobs, on_error=_failed))
    assert [(r["path"], r["error"]["code"]) for r in recs] == [(p.name, "time_limit") for p in files]


def test_workers_write_nothing_the_writer_places_the_documents(cluster, tmp_path):
    """The job's documents come back in its record and are written by the writer into the job's folder."""
    docs = tmp_path / "documents"
    docs.mkdir()
    src = next(CORPUS.glob("002_*.txt"))
    [rec] = list(cluster.map(process, [(str(src), src.name, "0" * 64, str(docs))], on_error=_failed))
    assert "outputs" not in rec and [d["id"] for d in rec["documents"]]
    names = sorted(p.name for p in docs.iterdir())
    assert names == sorted(n for d in rec["documents"] for n in (f"{d['id']}.json", f"{d['id']}.view.json.gz"))


def test_url_or_path():
    assert [is_url(s) for s in ("s3://bucket/a.pdf", "file:///data/a.txt", "gcs://b/x", "/data/a.txt",
                                "C:/a.txt", "corpus/x://y.txt")] == [True, True, True, False, False, False]


def test_cli_engine_options():
    runner = CliRunner()
    r = runner.invoke(app, ["build", str(CORPUS), "-o", "/nonexistent/x", "--scheduler", "tcp://127.0.0.1:1"])
    assert r.exit_code == 2 and "--scheduler needs --engine dask" in r.output


def test_no_scheduler_at_the_address_is_one_clear_error(monkeypatch):
    monkeypatch.setattr("extractor.kb.cluster.CONNECT_TIMEOUT", "1s")
    with pytest.raises(ClusterError, match="no Dask scheduler at tcp://127.0.0.1:9"):
        DaskPool("tcp://127.0.0.1:9", quiet=True)


def test_a_corpus_named_by_url_builds_the_same_knowledge(cluster, local, tmp_path):
    """`file:///…/corpus/` read through fsspec, by the local pool and by the cluster's workers: the same store and
    documents as the folder itself (keys are the paths below the URL)."""
    url = f"file://{CORPUS}/"
    by_pool = build(url, tmp_path / "pool", workers=2)
    by_cluster = build(url, tmp_path / "cluster", pool=cluster)
    assert (by_pool.files, by_pool.failed, by_cluster.failed) == (11, [], [])
    for out in ("pool", "cluster"):
        assert _dump(local) == _dump(tmp_path / out)
        for name, data in _files(local / "documents").items():
            theirs = (tmp_path / out / "documents" / name).read_bytes()
            if name.endswith(".json"):   # the source is named as it was read: the URL
                mine, theirs = json.loads(data), json.loads(theirs)
                assert theirs["source"].pop("path") == f"{url}{mine['source'].pop('path').rsplit('/', 1)[-1]}"
                assert mine == theirs
            else:
                assert data == theirs


def test_a_url_with_nothing_there_is_one_clear_error(tmp_path):
    from extractor.kb import BuildError

    with pytest.raises(BuildError, match="no such file or folder"):
        build(f"file://{tmp_path}/missing/", tmp_path / "out")
