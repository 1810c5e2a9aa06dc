"""Grow extractor/patterns/data/pos_lexicon.tsv: underthesea's part-of-speech tags of the words of real gazette text,
counted, so that the pipeline can read verbs and prepositions from a lexicon instead of tagging windows at run time.

    python tools/grow_pos_lexicon.py REALCORPUS_DIR [--mb 4] [--seed 13] [--workers 2] [--min-count 2]

REALCORPUS_DIR: the unpacked ../shared/realcorpus/ (not the dev corpus, whose documents are scored). A fixed random
sample of its non-empty lines (``--mb`` megabytes, ``--seed``) is tagged line by line; each word (lower case, modern
tone marks, syllables joined by one space) gets its most frequent tag, written with its count and the share of that
tag. Deterministic for a given corpus, seed and underthesea version."""
from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "extractor" / "patterns" / "data" / "pos_lexicon.tsv"


def _tag(lines: list[str]) -> dict[str, Counter]:
    from underthesea import pos_tag

    from extractor.patterns.fold import fold_tones

    counts: dict[str, Counter] = defaultdict(Counter)
    for line in lines:
        for word, tag in pos_tag(line):
            key = " ".join(fold_tones(word.lower()).split())
            if key and len(key) <= 60 and key.isprintable() and any(ch.isalpha() for ch in key):
                counts[key][tag] += 1
    return counts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--mb", type=float, default=4.0)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--min-count", type=int, default=2)
    args = ap.parse_args()
    lines = []
    for f in sorted(args.corpus.rglob("*.txt")):
        lines += [ln.strip() for ln in f.read_text(encoding="utf-8", errors="replace").splitlines()
                  if len(ln.strip()) > 3]
    random.Random(args.seed).shuffle(lines)
    budget, sample = int(args.mb * 1e6), []
    for ln in lines:
        if budget <= 0:
            break
        sample.append(ln)
        budget -= len(ln.encode("utf-8"))
    chunks = [sample[i::args.workers * 8] for i in range(args.workers * 8)]
    total: dict[str, Counter] = defaultdict(Counter)
    with ProcessPoolExecutor(args.workers) as pool:
        for part in pool.map(_tag, chunks):
            for word, c in part.items():
                total[word].update(c)
    rows = []
    for word, c in total.items():
        n = sum(c.values())
        if n < args.min_count:
            continue
        tag, k = sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        rows.append((word, tag, n, k / n))
    rows.sort()
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(f"# word\ttag (VLSP, underthesea's most frequent for it)\tcount\tshare; grown by tools/grow_pos_lexicon.py "
                f"from {len(sample)} lines ({args.mb:g} MB, seed {args.seed}) of the real gazette corpus\n")
        for word, tag, n, share in rows:
            f.write(f"{word}\t{tag}\t{n}\t{share:.2f}\n")
    print(f"{len(rows)} words from {len(sample)} lines → {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
