"""Benchmark: pipeline throughput (MB/s) on corpus/, per stage and end to end. Prints figures; not a test."""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.output import to_dict  # noqa: E402
from extractor.parsers.text import load_text  # noqa: E402
from extractor.pipeline import run  # noqa: E402


def _cold() -> None:
    """Forget what earlier passes cached, so every pass costs what a new document costs: every bounded memo
    (`lru_cache(maxsize=N)`, keyed by input text) of the package's modules; the unbounded caches hold language
    data loaded once per process and stay."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("extractor"):
            continue
        for obj in vars(module).values():
            info = getattr(obj, "cache_parameters", None)
            if callable(info) and info().get("maxsize") is not None:
                obj.cache_clear()


def main(repeat: int = 5) -> None:
    files = sorted((ROOT / "corpus").glob("*.txt"))
    sources = [load_text(f) for f in files]
    size = sum(s.size for s in sources)
    chars = sum(len(s.original) for s in sources)
    run(sources[0])  # warm up: imports, compiled patterns, spaCy and gazetteer loading
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        _cold()
        for s in sources:
            to_dict(run(s))
    elapsed = (time.perf_counter() - t0) / repeat
    cpu = (time.process_time() - c0) / repeat
    print(f"corpus: {len(files)} files, {size / 1e6:.3f} MB ({chars} characters)")
    print(f"pipeline (load excluded, JSON included): {elapsed * 1000:.0f} ms per pass wall, {cpu * 1000:.0f} ms CPU; "
          f"{size / 1e6 / cpu:.2f} MB per CPU-second, {chars / cpu / 1000:.0f} k chars per CPU-second")
    for s in sources:
        t0 = time.perf_counter()
        for _ in range(repeat):
            _cold()
            to_dict(run(s))
        dt = (time.perf_counter() - t0) / repeat
        print(f"  {Path(s.path).name:32s} {s.size / 1e3:7.1f} KB  {dt * 1000:7.1f} ms  {s.size / 1e6 / dt:6.2f} MB/s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
