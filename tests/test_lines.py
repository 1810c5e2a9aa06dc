"""The line index a document is split into once: any range's lines, read from it, are those of splitting the range."""
from __future__ import annotations

import random

from conftest import CORPUS
from extractor.lines import Line, LineIndex, split_lines
from extractor.normalize import normalize
from extractor.parsers.text import load_text


def test_lines_of_a_range_are_those_of_splitting_it():
    """Ranges starting and ending mid-line, on a newline, past the end, empty; blank lines and a final newline."""
    rnd = random.Random(2)
    for _ in range(3000):
        text = "".join(rnd.choice(["Điều", " 1", "\n", "\n", "  ", "khoản"]) for _ in range(rnd.randint(0, 30)))
        index = LineIndex(text)
        for _ in range(10):
            a, b = rnd.randint(0, len(text) + 1), rnd.choice([None, rnd.randint(0, len(text) + 1)])
            assert index.between(a, b) == split_lines(text, a, b)


def test_a_range_inside_a_line_is_cut_at_both_ends():
    index = LineIndex("Điều 1. Phạm vi\nĐiều 2. Đối tượng\n")
    assert index.between(3, 20) == [Line(3, 15, "u 1. Phạm vi"), Line(16, 20, "Điều")]
    assert index.between(15, 16) == [Line(15, 15, "")]


def test_every_document_of_the_corpus_reads_the_same_lines_from_its_index():
    for path in sorted(CORPUS.glob("*.txt")):
        text = normalize(load_text(path)).text
        index = LineIndex(text)
        assert index.lines == split_lines(text)
        for a, b in [(0, len(text) // 3), (len(text) // 3 + 7, len(text) - 5), (len(text) // 2, None)]:
            assert index.between(a, b) == split_lines(text, a, b), path.name
