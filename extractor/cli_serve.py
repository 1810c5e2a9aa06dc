"""Command line for the interfaces: `extractor serve` (HTTP API and web UI) and `extractor watch` (the inbox)."""
from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Optional

import typer

from .cli import app, int_option

CORPUS = typer.Option(Path("corpus"), "--corpus", "-c",
                      help="the folder the knowledge base is built from (document texts; where inbox files go)")


def _factory():
    """The app for `uvicorn --factory` worker processes, configured through the environment."""
    from .api import create_app

    env = os.environ
    return create_app(env["EXTRACTOR_KB"], corpus=env.get("EXTRACTOR_CORPUS") or None,
                      max_upload_bytes=int(env.get("EXTRACTOR_MAX_UPLOAD", 20 * 2**20)))


@app.command("serve")
def serve_cmd(
    kb: Path = typer.Argument(Path("output"), help="the knowledge base folder (built by `extractor build`)"),
    host: str = typer.Option("127.0.0.1", "--host", help="the address to listen on (0.0.0.0: every interface)"),
    port: int = typer.Option(8000, "--port", "-p", callback=int_option("--port", 0, 65535)),
    corpus: Path = CORPUS,
    inbox: Optional[Path] = typer.Option(None, "--inbox", help="also watch this folder (see `extractor watch`)"),
    max_upload_mb: float = typer.Option(20, "--max-upload-mb", help="refuse uploads larger than this (413)"),
    workers: int = typer.Option(1, "--workers", "-w", help="server processes (extraction uses one core each)",
                                callback=int_option("--workers", 1, 1024)),
) -> None:
    """Serve the HTTP API (/docs, /openapi.json) and the web UI (/) over a knowledge base."""
    import uvicorn

    limit = int(max_upload_mb * 2**20)
    typer.echo(f"serving {kb} on http://{host}:{port}/  (API: /docs)", err=True)
    if workers > 1:
        if inbox is not None:
            raise typer.BadParameter("--inbox needs --workers 1 (run `extractor watch` beside the server instead)")
        os.environ.update(EXTRACTOR_KB=str(kb), EXTRACTOR_CORPUS=str(corpus), EXTRACTOR_MAX_UPLOAD=str(limit))
        uvicorn.run("extractor.cli_serve:_factory", factory=True, host=host, port=port, workers=workers,
                    log_level="warning")
        return
    from .api import create_app

    uvicorn.run(create_app(kb, inbox=inbox, corpus=corpus, max_upload_bytes=limit), host=host, port=port,
                log_level="warning")


@app.command("watch")
def watch_cmd(
    inbox: Path = typer.Argument(..., help="the folder to watch"),
    out: Path = typer.Option(Path("output"), "--out", "-o", help="the knowledge base to merge into"),
    corpus: Path = CORPUS,
    interval: float = typer.Option(1.0, "--interval", help="seconds between looks at the folder"),
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
        watch(inbox, out, corpus=corpus, stop=stop, interval=interval)
    except KeyboardInterrupt:
        stop.set()
