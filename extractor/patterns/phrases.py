"""A phrase matcher over syllables: gazetteer phrases found in a text in one pass, compared on their tone-folded lower
case form (`UỶ BAN` = `ủy ban`), the longest first among overlapping ones — what spaCy's PhraseMatcher and
EntityRuler do on a `NORM` attribute, without building a spaCy `Doc` of the text (the extraction then loads no spaCy)."""
from __future__ import annotations

import functools
from typing import Callable, Iterable, NamedTuple

import regex

from .fold import fold_tones

# a syllable (letters and combining marks), a number or one other mark, with the one space after it; or other
# whitespace, a token of its own (a phrase never runs across a line break or a double space). Digits glued to a
# word are a token of their own: a footnote marker (`Xã hội16`) is not part of a name.
TOKEN = regex.compile(r"([\p{L}\p{M}]+|\d+|[^\p{L}\p{M}\d\s])( ?)|(\s+)")
_LEAF = ""   # the trie key that holds what a phrase ending here is (no token's form is empty)


@functools.lru_cache(maxsize=65536)
def norm(token: str) -> str:
    """The form tokens are matched on: lower case, modern tone placement (Uỷ → ủy, hoá → hóa)."""
    return fold_tones(token.lower())


class Token(NamedTuple):
    text: str
    start: int
    end: int
    norm: str


def tokens(text: str) -> list[Token]:
    """The tokens of ``text``: syllables, numbers and marks (a run of whitespace other than one space after a token
    is a token too, so that a phrase never spans it)."""
    out = []
    for m in TOKEN.finditer(text):
        piece = m.group(1) or m.group(3)
        start = m.start()
        out.append(Token(piece, start, start + len(piece), norm(piece) if m.group(1) else piece))
    return out


class Match(NamedTuple):
    """A phrase found: its characters, where they are, its label and id, and its last token (what a caller's
    ``keep`` may look at)."""

    start: int
    end: int
    label: str
    id: str
    text: str
    last: Token


class PhraseMatcher:
    """Phrases (form, label, id) in a trie of token forms; the first phrase given for a form keeps it."""

    def __init__(self, phrases: Iterable[tuple[str, str, str]]):
        self.root: dict = {}
        for form, label, id_ in phrases:
            node = self.root
            for tok in tokens(form):
                node = node.setdefault(tok.norm, {})
            node.setdefault(_LEAF, (label, id_))

    def find(self, text: str, keep: Callable[[Match], bool] = lambda m: True) -> list[Match]:
        """The phrases of ``text`` that ``keep`` accepts, non-overlapping: longest first, then leftmost (the order of
        spaCy's EntityRuler), returned in text order."""
        toks = tokens(text)
        root, found = self.root, []
        for i in range(len(toks)):
            node = root.get(toks[i].norm)
            j = i
            while node is not None:
                hit = node.get(_LEAF)
                if hit is not None:
                    found.append((i, j + 1, hit))
                j += 1
                if j >= len(toks):
                    break
                node = node.get(toks[j].norm)
        found.sort(key=lambda f: (f[0] - f[1], f[0]))
        taken: set[int] = set()
        out = []
        for i, j, (label, id_) in found:
            if i in taken or j - 1 in taken:
                continue
            s, e = toks[i].start, toks[j - 1].end
            m = Match(s, e, label, id_, text[s:e], toks[j - 1])
            if not keep(m):
                continue
            taken.update(range(i, j))
            out.append(m)
        return sorted(out)
