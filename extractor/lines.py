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
    end = len(text) if end is None else end
    out, pos = [], start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        out.append(Line(pos, stop, text[pos:stop]))
        pos = stop + 1
    return out


def fold_ws(text: str) -> str:
    """Whitespace folded to single spaces, as the output's text fields carry it."""
    return " ".join(text.split())
