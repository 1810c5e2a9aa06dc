"""Command line for the interfaces: `extractor serve` (HTTP API and web UI) and `extractor watch` (the inbox)."""
from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Optional

import typer

from .cli import app, int_option

TIME_LIMIT = typer.Option(None, "--time-limit", min=0,
                          help="CPU seconds one file may take to extract before it is stopped (422 time_limit in the "
                               "API, inbox/failed/ for the watcher); 0: no limit [default: EXTRACTOR_TIME_LIMIT or 120]")
CORPUS = typer.Option(Path("corpus"), "--corpus", "-c",
                      help="the folder the knowledge base is built from (where files taken from an inbox are kept)")


def _factory():
    """The app for `uvicorn --factory` worker processes, configured through the environment."""
    from .api import create_app

    env = os.environ
    return create_app(env["EXTRACTOR_KB"], corpus=env.get("EXTRACTOR_CORPUS") or None,
                      max_upload_bytes=int(env.get("EXTRACTOR_MAX_UPLOAD", 20 * 2**20)),
                      pool_size=int(env.get("EXTRACTOR_POOL") or 0) or None)


@app.command("serve")
def serve_cmd(
    kb: Path = typer.Argument(Path("output"), help="the knowledge base folder (built by `extractor build`)"),
    host: str = typer.Option("127.0.0.1", "--host", help="the address to listen on (0.0.0.0: every interface)"),
    port: int = typer.Option(8000, "--port", "-p", callback=int_option("--port", 0, 65535)),
    corpus: Path = CORPUS,
    inbox: Optional[Path] = typer.Option(None, "--inbox", help="also watch this folder (see `extractor watch`)"),
    max_upload_mb: float = typer.Option(20, "--max-upload-mb", help="refuse uploads larger than this (413)"),
    workers: int = typer.Option(1, "--workers", "-w", help="server processes (each with its own extraction pool)",
                                callback=int_option("--workers", 1, 1024)),
    pool: Optional[int] = typer.Option(None, "--pool", help="extraction worker processes per server process "
                                       "[default: the cores, 2 to 4]", callback=int_option("--pool", 1, 64)),
    time_limit: Optional[float] = TIME_LIMIT,
) -> None:
    """Serve the HTTP API (/docs, /openapi.json) and the web UI (/) over a knowledge base."""
    import uvicorn

    limit = int(max_upload_mb * 2**20)
    if time_limit is not None:
        os.environ["EXTRACTOR_TIME_LIMIT"] = f"{time_limit:g}"   # the workers and every server process read it
    typer.echo(f"serving {kb} on http://{host}:{port}/  (API: /docs)", err=True)
    if workers > 1:
        if inbox is not None:
            raise typer.BadParameter("--inbox needs --workers 1 (run `extractor watch` beside the server instead)")
        os.environ.update(EXTRACTOR_KB=str(kb), EXTRACTOR_CORPUS=str(corpus), EXTRACTOR_MAX_UPLOAD=str(limit),
                          EXTRACTOR_POOL=str(pool or ""))
        uvicorn.run("extractor.cli_serve:_factory", factory=True, host=host, port=port, workers=workers,
                    log_level="warning")
        return
    from .api import create_app

    uvicorn.run(create_app(kb, inbox=inbox, corpus=corpus, max_upload_bytes=limit, pool_size=pool), host=host,
                port=port, log_level="warning")


@app.command("watch")
def watch_cmd(
    inbox: Path = typer.Argument(..., help="the folder to watch"),
    out: Path = typer.Option(Path("output"), "--out", "-o", help="the knowledge base to merge into"),
    corpus: Path = CORPUS,
    interval: float = typer.Option(1.0, "--interval", help="seconds between looks at the folder"),
    time_limit: Optional[float] = TIME_LIMIT,
) -> None:
    """Merge every file dropped into INBOX into the knowledge base (moved to CORPUS/inbox/); failures go to INBOX/failed/."""
    from .cli import out_dir
    from .watch import watch

    out_dir(inbox, "the inbox")
    out_dir(out)
    out_dir(corpus, "--corpus")
    typer.echo(f"watching {inbox}/ → {out}/ (files kept in {corpus}/inbox/, failures in {inbox}/failed/); Ctrl-C stops",
               err=True)
    stop = threading.Event()
    try:
        watch(inbox, out, corpus=corpus, stop=stop, interval=interval, time_limit=time_limit)
    except KeyboardInterrupt:
        stop.set()
