"""Command line: `extractor extract FILE|DIR [--out PATH] [--jsonl]` prints or writes the knowledge-base JSON (or JSON Lines)."""
from __future__ import annotations

import json
import sys
from pathlib import Path, PurePosixPath
from typing import NoReturn, Optional

import typer

from .errors import ExtractorError
from .parsers.text import DEFAULT_MAX_BYTES

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Extract tasks, targets and references from Vietnamese government documents.")

SUFFIXES = {".txt", ".text", ".md", ".pdf", ".docx", ".doc", ".html", ".htm"}


def _bare_flags() -> None:
    """Typer 0.29's rich help prints a flag's type (`--json <bool>`) as if it took a value: show flags bare, as
    click does."""
    from typer.core import TyperOption

    shown = getattr(TyperOption, "display_type_rich", None)
    if shown is None or getattr(shown, "bare_flags", False):
        return

    def display_type_rich(self, ctx):
        return None if self.is_flag or self.count else shown(self, ctx)

    display_type_rich.bare_flags = True
    TyperOption.display_type_rich = display_type_rich


_bare_flags()


def _print_version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"extractor {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                 help="print the version and exit"),
) -> None:
    """Extract tasks, targets and references from Vietnamese government documents."""



def usage_error(message: str) -> NoReturn:
    """A one-line message on stderr and exit status 2, as for any wrong use of the command line."""
    typer.echo(f"extractor: {message}", err=True)
    raise typer.Exit(2)


def int_option(option: str, low: int, high: int):
    """A callback that checks a whole-number option against its range: one line naming it and exit status 2."""

    def check(value: Optional[int]) -> Optional[int]:
        if value is None:
            return None
        from .bounds import whole_number

        try:
            return whole_number(value, option, low, high)
        except ValueError as err:
            usage_error(str(err))

    return check


def _file_in_the_way(path: Path) -> Optional[Path]:
    """The existing file (not a folder) at ``path`` or above it that keeps it from being a folder, if any."""
    for p in (path, *path.parents):
        if p.exists():
            return None if p.is_dir() else p
    return None


def out_dir(path: Path, option: str = "--out") -> Path:
    """``path`` as a folder to write into (made if missing), or a one-line usage error naming it."""
    blocker = _file_in_the_way(path)
    if blocker == path:
        usage_error(f"{path}: is a file, not a folder ({option} takes a folder)")
    if blocker is not None:
        usage_error(f"{path}: cannot make this folder: {blocker} is a file ({option} takes a folder)")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        usage_error(f"{path}: cannot make this folder: {err.strerror or err} ({option})")
    return path


def out_file(path: Path, option: str = "--out") -> Path:
    """``path`` as a file to write (its folder made if missing), or a one-line usage error naming it."""
    if path.is_dir():
        usage_error(f"{path}: is a folder, not a file ({option} takes a file name)")
    blocker = _file_in_the_way(path.parent)
    if blocker is not None:
        usage_error(f"{path}: cannot write here: {blocker} is a file, not a folder ({option})")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        usage_error(f"{path}: cannot make its folder: {err.strerror or err} ({option})")
    return path


def write_out(path: Path, text: str) -> None:
    """Write an output file, or a one-line message and exit status 1 when the system refuses."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as err:
        typer.echo(f"extractor: {path}: cannot write: {err.strerror or err}", err=True)
        raise typer.Exit(1)


def _dump(data: dict, pretty: bool) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2 if pretty else None)


def _files(paths: list[Path]) -> list[Path]:
    return [f for f, _ in _inputs(paths)]


def _inputs(paths: list[Path]) -> list[tuple[Path, str]]:
    """(file, its name as given: the path below the folder named, or the file's own name), folders walked."""
    out = []
    for p in paths:
        if p.is_dir():
            out.extend((f, f.relative_to(p).as_posix()) for f in sorted(p.rglob("*"))
                       if f.is_file() and f.suffix.lower() in SUFFIXES)
        else:
            out.append((p, p.name))
    return out


def json_names(keys: list[str]) -> list[str]:
    """The JSON file name of each input in a batch: ``<stem>.json``, unless another input has the same stem (`a.txt`
    and `a.pdf`, `x/a.txt` and `y/a.txt`): then its whole name, folders joined by `__` (`x__a.txt.json`), and a
    number after any name still taken, so that no output overwrites another."""
    stems = [PurePosixPath(k).stem.casefold() for k in keys]
    taken: set[str] = set()
    names = []
    for key, stem in zip(keys, stems):
        name = PurePosixPath(key).stem if stems.count(stem) == 1 else key.replace("/", "__")
        base, n = name, 1
        while name.casefold() in taken:
            n += 1
            name = f"{base}.{n}"
        taken.add(name.casefold())
        names.append(f"{name}.json")
    return names


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help="documents: text (.txt, .md), PDF, "
                                       "DOCX, DOC, HTML; or folders, every such file in them and their subfolders"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="write here: a file for one input, a folder for several"),
    pretty: bool = typer.Option(True, "--pretty/--compact", help="indent the JSON"),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", help="refuse files larger than this",
                                  callback=int_option("--max-bytes", 0, 2**62)),
    jsonl: bool = typer.Option(False, "--jsonl", help="JSON Lines instead: one object a line per task, target and "
                               "reference (kind, file, document, then the item's keys), every input's lines on "
                               "stdout or into the one file --out names"),
) -> None:
    """Extract documents (text, PDF, DOCX, DOC, HTML) to JSON: one file to stdout (or --out), a batch to a folder."""
    from .output import to_dict
    from .pipeline import batch_gc, extract_file

    inputs = _inputs(paths)
    files = [f for f, _ in inputs]
    batch = len(files) > 1 or any(p.is_dir() for p in paths)
    if not files:
        typer.echo("extractor: no input files found", err=True)
        raise typer.Exit(2)
    if jsonl:
        return _extract_jsonl(inputs, out, max_bytes)
    if out is not None:
        out_file(out) if not batch else out_dir(out)
    if not batch:
        try:
            data = to_dict(extract_file(files[0], max_bytes=max_bytes))
        except ExtractorError as err:
            typer.echo(f"extractor: {err}", err=True)
            raise typer.Exit(1)
        if out:
            write_out(out, _dump(data, pretty))
        else:
            sys.stdout.write(_dump(data, pretty) + "\n")
        return
    outdir = out or out_dir(Path("output"))
    batch_gc()
    errors, done = [], 0
    for (f, key), name in zip(inputs, json_names([k for _, k in inputs])):
        try:
            data = to_dict(extract_file(f, max_bytes=max_bytes), key=key)
        except ExtractorError as err:
            errors.append({"path": str(f), "error": err.code, "message": err.message})
            typer.echo(f"extractor: {err}", err=True)
            continue
        except Exception as err:  # one bad file never stops a batch; it is reported
            errors.append({"path": str(f), "error": "internal", "message": f"{type(err).__name__}: {err}"})
            typer.echo(f"extractor: {f}: internal error: {type(err).__name__}: {err}", err=True)
            continue
        write_out(outdir / name, _dump(data, pretty))
        done += 1
        counts = [sum(len(d[k]) for d in data["documents"]) for k in ("tasks", "targets", "references")]
        typer.echo(f"{f.name}: {len(data['documents'])} documents, {counts[0]} tasks, {counts[1]} targets, "
                   f"{counts[2]} references")
    write_out(outdir / "errors.json", _dump({"errors": errors}, True))
    typer.echo(f"{done} of {len(files)} files extracted to {outdir}/" + (f"; {len(errors)} failed (see errors.json)" if errors else ""))
    if errors and not done:
        raise typer.Exit(1)


def _extract_jsonl(inputs: list[tuple[Path, str]], out: Optional[Path], max_bytes: int) -> None:
    """`extract --jsonl`: the items of every input as JSON Lines, on stdout or into ``out``, file by file; a file that
    cannot be read is reported on stderr and skipped (exit status 1 when none could be)."""
    from .output import items, jsonl_line, to_dict
    from .pipeline import batch_gc, extract_file

    if out is not None:
        out_file(out)
    try:
        sink = out.open("w", encoding="utf-8", newline="\n") if out is not None else sys.stdout
    except OSError as err:
        typer.echo(f"extractor: {out}: cannot write: {err.strerror or err}", err=True)
        raise typer.Exit(1)
    done = lines = 0
    if len(inputs) > 1:
        batch_gc()
    try:
        for f, key in inputs:
            try:
                data = to_dict(extract_file(f, max_bytes=max_bytes), key=key)
            except ExtractorError as err:
                typer.echo(f"extractor: {err}", err=True)
                continue
            except Exception as err:  # one bad file never stops a batch; it is reported
                typer.echo(f"extractor: {f}: internal error: {type(err).__name__}: {err}", err=True)
                continue
            for item in items(data, key):
                sink.write(jsonl_line(item))
                lines += 1
            done += 1
    finally:
        if out is not None:
            sink.close()
    if out is not None:
        typer.echo(f"{out}: {lines} lines from {done} of {len(inputs)} files")
    if not done:
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
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="write the HTML view to this file (the text with "
                                       "agencies, deadlines, targets and references highlighted, tasks beside it)"),
) -> None:
    """Print a summary of a document in Vietnamese (number, type, date, issuer, title, tasks, targets, references);
    with --out, write its HTML view instead."""
    from .view import print_summary, render_html

    if out is None:
        print_summary(_extract_or_exit(path))
        return
    out_file(out)
    ex = _extract_or_exit(path)
    write_out(out, render_html(ex))
    typer.echo(f"{out}: {sum(len(d.tasks) for d in ex.documents)} tasks, "
               f"{sum(len(d.targets) for d in ex.documents)} targets")


@app.command()
def tables(
    path: Path = typer.Argument(..., help="a document: text, PDF, DOCX, DOC or HTML"),
    out: Path = typer.Option(Path("tables"), "--out", "-o", help="the folder for the CSV files"),
) -> None:
    """Export every table of a document as CSV (clean headers, broken rows merged, group rows as a column; UTF-8
    with a byte order mark, as spreadsheets need)."""
    out_dir(out)
    ex = _extract_or_exit(path)
    written = 0
    for d, doc in enumerate(ex.documents, 1):
        for n, table in enumerate(doc.tables, 1):
            target = out / f"{path.stem}.doc{d}.table{n}.csv"
            write_out(target, "\ufeff" + table.to_frame().to_csv(index=False))
            typer.echo(f"{target}: {len(table.rows)} rows x {len(table.header) or len(table.rows[0].cells)} columns")
            written += 1
    if not written:
        typer.echo(f"{path}: no tables")


@app.command("compile")
def compile_core(
    check: bool = typer.Option(False, "--check", help="print whether the compiled core runs; build nothing"),
    optional: bool = typer.Option(False, "--optional", help="exit 0 when it cannot be built here (no C compiler or "
                                  "Python headers, a build error): the Python modules then run, only slower"),
) -> None:
    """Build the compiled core: the pipeline's hot modules compiled to C by mypyc, about 1.3× faster than as Python
    (in CPU time on real gazette text), with the same output. It is used while their sources are unchanged
    (EXTRACTOR_PURE=1 turns it off); rebuild after editing them. Takes about two minutes."""
    import shutil
    import sysconfig

    from . import native

    if check:
        found, _ = native.check()
        typer.echo(str(found))
        raise typer.Exit(0 if found.active else 1)
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    headers = Path(sysconfig.get_paths()["include"]) / "Python.h"
    missing = ("no C compiler (" + compiler + ")" if shutil.which(compiler) is None else
               f"no Python headers ({headers})" if not headers.is_file() else None)
    if missing:
        typer.echo(f"extractor compile: cannot build the compiled core here: {missing}; the Python modules run",
                   err=True)
        raise typer.Exit(0 if optional else 1)
    typer.echo(f"compiling {len(native.MODULES)} modules with mypyc into {native.native_dir()} …", err=True)
    try:
        built = native.build()
    except native.BuildError as err:
        typer.echo(f"extractor compile: {err}\n{err.output}", err=True)
        raise typer.Exit(0 if optional else 1) from None
    typer.echo(str(built))


def main() -> None:
    from . import cli_eval, cli_kb, cli_serve, cli_track  # noqa: F401  (register the other commands)

    app()


if __name__ == "__main__":
    from extractor.cli import main as _main  # the package's module, where every command is registered

    _main()
