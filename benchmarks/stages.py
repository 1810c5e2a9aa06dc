"""Benchmark: CPU seconds per pipeline stage over a corpus (each stage's own time: a stage called inside another is
counted once, in itself), with the total in MB per CPU-second. Tells where the time goes before anyone optimises.
Prints figures; not a test.

    python benchmarks/stages.py [CORPUS_DIR] [--mb N] [--seed 5]

CORPUS_DIR: a folder of .txt files (default: the bundled corpus/; for real scale, the unpacked
../shared/realcorpus/gazette.tar.gz). With ``--mb``, a fixed random sample of about that many megabytes of its files."""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import extractor.annotate as annotate_module  # noqa: E402
import extractor.pipeline as pipeline  # noqa: E402
from extractor.output import to_dict  # noqa: E402
from extractor.parsers.text import load_text  # noqa: E402

# (module, name) of every stage timed: the pipeline's own calls, and the recognisers the annotate stage runs
STAGES = [(pipeline, name) for name in (
    "normalize", "LineIndex", "split_documents", "read_metadata", "find_tables", "find_fragment_tables", "paragraphs",
    "build_tree", "find_references", "annotate", "extract_tasks", "extract_targets")] + \
    [(annotate_module, "read_agencies"), (annotate_module, "find_time_expressions")]


class Timer:
    """Own CPU seconds per stage: a wrapper around each stage function, which subtracts the stages nested in it."""

    def __init__(self) -> None:
        self.own: dict[str, float] = {}
        self._inner: list[float] = []

    def wrap(self, module, name: str) -> None:
        fn = getattr(module, name)

        def timed(*args, **kwargs):
            start = time.process_time()
            self._inner.append(0.0)
            try:
                return fn(*args, **kwargs)
            finally:
                spent = time.process_time() - start
                nested = self._inner.pop()
                self.own[name] = self.own.get(name, 0.0) + spent - nested
                if self._inner:
                    self._inner[-1] += spent
        setattr(module, name, timed)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("corpus", type=Path, nargs="?", default=ROOT / "corpus")
    ap.add_argument("--mb", type=float, default=None, help="a sample of about this many MB (default: every file)")
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args()
    files = sorted(args.corpus.rglob("*.txt"))
    random.Random(args.seed).shuffle(files)
    sources, size = [], 0
    for f in files:
        if args.mb is not None and size >= args.mb * 1e6:
            break
        sources.append(load_text(f))
        size += sources[-1].size
    timer = Timer()
    for module, name in STAGES:
        timer.wrap(module, name)
    pipeline.run(sources[0])      # warm up: imports, compiled patterns, language data
    timer.own.clear()
    pipeline.batch_gc()           # as a batch of the CLI and the build's workers run
    start = time.process_time()
    for source in sources:
        extraction = pipeline.run(source)
        t = time.process_time()
        to_dict(extraction)
        timer.own["to_dict"] = timer.own.get("to_dict", 0.0) + time.process_time() - t
    total = time.process_time() - start
    from extractor.native import status

    print(f"corpus: {args.corpus} — {len(sources)} files, {size / 1e6:.2f} MB; {status()}")
    if status().active:
        print("(compiled modules call each other directly: a stage called from one is counted in its caller's time; "
              "EXTRACTOR_PURE=1 for the split by stage)")
    print(f"pipeline + JSON: {total:.2f} s CPU = {size / 1e6 / total:.2f} MB per CPU-second")
    for name, spent in sorted(timer.own.items(), key=lambda kv: -kv[1]):
        print(f"  {name:22s} {spent:6.2f} s  {100 * spent / total:4.1f} %")
    rest = total - sum(timer.own.values())
    print(f"  {'(the rest)':22s} {rest:6.2f} s  {100 * rest / total:4.1f} %")


if __name__ == "__main__":
    main()
