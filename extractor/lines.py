"""Line index over normalised text: each line with its offsets, for the stages that read a document line by line."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate, repeat
from operator import add
from typing import NamedTuple


class Line(NamedTuple):
    start: int
    end: int      # offset of the newline (or the text end)
    text: str     # the line as is, without the newline

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def split_lines(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    """The lines of text[start:end] with their offsets (a newline at the very end opens no empty line)."""
    return _split(text, start, end)[0]


def _split(text: str, start: int = 0, end: int | None = None) -> tuple[list[Line], list[int]]:
    """split_lines(text, start, end) and the start of each line."""
    end = len(text) if end is None else end
    if start >= end:
        return [], []
    pieces = text[start:end].split("\n")
    if pieces[-1] == "":
        pieces.pop()
    lengths = list(map(len, pieces))
    starts = list(accumulate(map(add, lengths, repeat(1)), initial=start))   # each line's start, one past the end
    # Line(start, end, text) for each, built by tuple.__new__ without a Python call per line
    lines = list(map(tuple.__new__, repeat(Line), zip(starts, map(add, starts, lengths), pieces)))
    starts.pop()
    return lines, starts


class LineIndex:
    """The lines of one text, split once: the stages that read a document line by line (headers, metadata, tables,
    paragraphs) take the lines of their range from it instead of splitting the text again."""

    def __init__(self, text: str):
        self.text = text
        self.lines, self.starts = _split(text)

    def between(self, start: int = 0, end: int | None = None) -> list[Line]:
        """What ``split_lines(text, start, end)`` gives: the lines of the range, the first and last cut at its ends."""
        end = len(self.text) if end is None else min(end, len(self.text))
        if start >= end:
            return []
        i = max(bisect_right(self.starts, start) - 1, 0)
        j = bisect_left(self.starts, end)            # the lines before j begin inside the range or before it
        out = self.lines[i:j]
        if out and (out[0].start < start or out[0].end > end):
            first = out[0]
            a, b = max(first.start, start), min(first.end, end)
            out[0] = Line(a, b, first.text[a - first.start:b - first.start])
        if out and out[-1].end > end:
            last = out[-1]
            out[-1] = Line(last.start, end, last.text[:end - last.start])
        return out


def lines_of(text: str, start: int = 0, end: int | None = None, index: LineIndex | None = None) -> list[Line]:
    """The lines of text[start:end], from ``index`` (the text's LineIndex) when there is one."""
    return index.between(start, end) if index is not None and index.text is text else split_lines(text, start, end)


def fold_ws(text: str) -> str:
    """Whitespace folded to single spaces, as the output's text fields carry it."""
    return " ".join(text.split())
