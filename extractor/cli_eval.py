"""Command line: `extractor eval GOLD --corpus DIR` scores the extraction against gold annotations (registered on the main app)."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from .cli import app, usage_error


def _f(value: float) -> str:
    """A figure as a percentage with one decimal (the summary line keeps three decimals of the fraction)."""
    return "100" if value == 1 else f"{100 * value:.1f}"


def _print_table(ev) -> None:
    from rich import box
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from .evaluate import figures

    table = Table(title=f"{ev.files} gold files, {sum(not d.extra for d in ev.documents)} documents",
                  box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    table.add_column("document", overflow="fold", ratio=1, min_width=12)
    for name in ("tasks", "F1", "lead", "coord", "due", "right", "tgt", "refs", "meta"):
        table.add_column(name, justify="right", no_wrap=True)

    def row(label: str, counts, style: str | None = None) -> None:
        s = figures(counts)
        tasks = counts["tasks"]
        has = {k: counts[k].gold or counts[k].pred for k in ("tasks", "targets", "references")}
        scored = counts["lead"].asked
        table.add_row(label, str(tasks.gold) if has["tasks"] else "–",
                      _f(s["tasks_f1"]) if has["tasks"] else "–",
                      _f(s["lead_f1"]) if scored else "–", _f(s["coordinating_f1"]) if scored else "–",
                      _f(s["deadline_acc"]) if scored else "–",
                      _f(s["tasks_fully_right"]) if counts["fully_right"].asked else "–",
                      _f(s["targets_f1"]) if has["targets"] else "–",
                      _f(s["references_f1"]) if has["references"] else "–",
                      _f(s["metadata_acc"]) if counts["metadata"].asked else "–", style=style)

    last = None
    for d in ev.documents:
        note = " (not found)" if not d.found and not d.extra else " (not in the gold)" if d.extra else ""
        label = escape(d.name + note)
        if d.file != last:
            label = f"[dim]{escape(d.file.removesuffix('.json'))}[/]\n{label}"
            last = d.file
        row(label, d.counts, style="red" if not d.found else None)
    table.add_section()
    row("all", ev.totals(), style="bold")
    Console().print(table)
    typer.echo("tasks: gold tasks; in %: F1 of tasks; lead, coord: mean F1 of the agencies of the matched tasks; due: "
               "deadline right; right: lead and deadline right; tgt (targets), refs: F1; meta: metadata right")


@app.command("eval")
def eval_cmd(
    gold: Path = typer.Argument(..., help="a gold file, or a folder of them (the shared gold format: one JSON per "
                                "source file, naming it in `source`)"),
    corpus: Optional[Path] = typer.Option(None, "--corpus", "-c", help="the folder of the source files the gold "
                                          "names; each is extracted in this process"),
    pred: Optional[Path] = typer.Option(None, "--pred", help="instead of --corpus: a folder of extraction JSON named "
                                        "as the gold files (or one file)"),
    as_json: bool = typer.Option(False, "--json", help="print the figures, counts and documents as JSON"),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="list every miss"),
) -> None:
    """Score the extraction against gold annotations: F1 and accuracy per field, per document and overall, as
    shared/tools/score.py counts them (its summary line is the last line printed)."""
    from .evaluate import evaluate, gold_files

    if (corpus is None) == (pred is None):
        usage_error("give --corpus (the source files to extract) or --pred (extraction JSON), not both")
    if not gold.exists():
        usage_error(f"{gold}: no such file or folder")
    if not gold_files(gold):
        usage_error(f"{gold}: no gold files (*.json)")
    for option, path in (("--corpus", corpus), ("--pred", pred)):
        if path is not None and not path.exists():
            usage_error(f"{path}: no such file or folder ({option})")
    try:
        ev = evaluate(gold, corpus=corpus, pred=pred)
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        typer.echo(f"extractor: a gold file is not JSON: {err}", err=True)
        raise typer.Exit(1)
    for f in ev.failures:
        typer.echo(f"extractor: {f['file']}: {f['message']} (scored as empty)", err=True)
    if as_json:
        data = ev.as_dict()
        if not verbose:
            for d in data["documents"]:
                d.pop("misses")
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    if verbose:
        last = None
        for d in ev.documents:
            if d.file != last:
                typer.echo(d.file)
                last = d.file
            for m in d.misses:
                typer.echo(f"   [{d.name}] {m}")
    _print_table(ev)
    typer.echo(ev.summary_line())
