"""Line index over normalised text: each line with its offsets, for the stages that read a document line by line."""
from __future__ import annotations

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
    end = len(text) if end is None else end
    if start >= end:
        return []
    pieces = text[start:end].split("\n")
    if pieces[-1] == "":
        pieces.pop()
    lengths = list(map(len, pieces))
    starts = list(accumulate(map(add, lengths, repeat(1)), initial=start))   # each line's start, one past the end
    # Line(start, end, text) for each, built by tuple.__new__ without a Python call per line
    return list(map(tuple.__new__, repeat(Line), zip(starts, map(add, starts, lengths), pieces)))


def fold_ws(text: str) -> str:
    """Whitespace folded to single spaces, as the output's text fields carry it."""
    return " ".join(text.split())
