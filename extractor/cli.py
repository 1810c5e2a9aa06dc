"""Command line: `extractor extract FILE|DIR [--out PATH]` prints or writes the knowledge-base JSON."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from .errors import ExtractorError
from .parsers.text import DEFAULT_MAX_BYTES

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Extract tasks, targets and references from Vietnamese government documents.")

SUFFIXES = {".txt", ".text", ".md", ".pdf", ".docx", ".doc", ".html", ".htm"}


@app.callback()
def _root() -> None:
    """Extract tasks, targets and references from Vietnamese government documents."""



def _dump(data: dict, pretty: bool) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2 if pretty else None)


def _files(paths: list[Path]) -> list[Path]:
    out = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES))
        else:
            out.append(p)
    return out


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help="files, or folders of .txt files"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="write here: a file for one input, a folder for several"),
    pretty: bool = typer.Option(True, "--pretty/--compact", help="indent the JSON"),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", help="refuse files larger than this"),
) -> None:
    """Extract one file to stdout (or --out), or a batch of files to a folder."""
    from .output import to_dict
    from .pipeline import extract_file

    files = _files(paths)
    batch = len(files) > 1 or any(p.is_dir() for p in paths)
    if not files:
        typer.echo("extractor: no input files found", err=True)
        raise typer.Exit(2)
    if not batch:
        try:
            data = to_dict(extract_file(files[0], max_bytes=max_bytes))
        except ExtractorError as err:
            typer.echo(f"extractor: {err}", err=True)
            raise typer.Exit(1)
        if out:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(_dump(data, pretty), encoding="utf-8")
        else:
            sys.stdout.write(_dump(data, pretty) + "\n")
        return
    outdir = out or Path("output")
    outdir.mkdir(parents=True, exist_ok=True)
    errors, done = [], 0
    for f in files:
        try:
            data = to_dict(extract_file(f, max_bytes=max_bytes))
        except ExtractorError as err:
            errors.append({"path": str(f), "error": err.code, "message": err.message})
            typer.echo(f"extractor: {err}", err=True)
            continue
        except Exception as err:  # one bad file never stops a batch; it is reported
            errors.append({"path": str(f), "error": "internal", "message": f"{type(err).__name__}: {err}"})
            typer.echo(f"extractor: {f}: internal error: {type(err).__name__}: {err}", err=True)
            continue
        (outdir / f"{f.stem}.json").write_text(_dump(data, pretty), encoding="utf-8")
        done += 1
        counts = [sum(len(d[k]) for d in data["documents"]) for k in ("tasks", "targets", "references")]
        typer.echo(f"{f.name}: {len(data['documents'])} documents, {counts[0]} tasks, {counts[1]} targets, "
                   f"{counts[2]} references")
    (outdir / "errors.json").write_text(_dump({"errors": errors}, True), encoding="utf-8")
    typer.echo(f"{done} of {len(files)} files extracted to {outdir}/" + (f"; {len(errors)} failed (see errors.json)" if errors else ""))
    if errors and not done:
        raise typer.Exit(1)


def _extract_or_exit(path: Path):
    """The extraction of one file, or a one-line message and exit status 1."""
    from .pipeline import extract_file

    try:
        return extract_file(path)
    except ExtractorError as err:
        typer.echo(f"extractor: {err}", err=True)
        raise typer.Exit(1)


@app.command()
def show(
    path: Path = typer.Argument(..., help="a document file"),
    out: Path = typer.Option(Path("view.html"), "--out", "-o", help="the HTML file to write"),
) -> None:
    """Write an HTML view: the text with agencies, deadlines, targets and references highlighted, tasks beside it."""
    from .view import render_html

    ex = _extract_or_exit(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_html(ex), encoding="utf-8")
    typer.echo(f"{out}: {sum(len(d.tasks) for d in ex.documents)} tasks, "
               f"{sum(len(d.targets) for d in ex.documents)} targets")


@app.command()
def tables(
    path: Path = typer.Argument(..., help="a document file"),
    out: Path = typer.Option(Path("tables"), "--out", "-o", help="the folder for the CSV files"),
) -> None:
    """Export every table of a document as CSV (clean headers, broken rows merged, group rows as a column)."""
    ex = _extract_or_exit(path)
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for d, doc in enumerate(ex.documents, 1):
        for n, table in enumerate(doc.tables, 1):
            target = out / f"{path.stem}.doc{d}.table{n}.csv"
            table.to_frame().to_csv(target, index=False, encoding="utf-8")
            typer.echo(f"{target}: {len(table.rows)} rows x {len(table.header) or len(table.rows[0].cells)} columns")
            written += 1
    if not written:
        typer.echo(f"{path}: no tables")


def main() -> None:
    from . import cli_kb, cli_serve  # noqa: F401  (register the knowledge-base, server and inbox commands)

    app()


if __name__ == "__main__":
    from extractor.cli import main as _main  # the package's module, where every command is registered

    _main()
