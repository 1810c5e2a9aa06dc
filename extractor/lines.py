"""Line index over normalised text: each line with its offsets, for the stages that read a document line by line."""
from __future__ import annotations

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
    out, pos = [], start
    for piece in pieces:
        stop = pos + len(piece)
        out.append(Line(pos, stop, piece))
        pos = stop + 1
    return out


def fold_ws(text: str) -> str:
    """Whitespace folded to single spaces, as the output's text fields carry it."""
    return " ".join(text.split())
