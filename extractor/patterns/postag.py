"""Words and their part of speech read from a lexicon grown from real gazette text (data/pos_lexicon.tsv, see
tools/grow_pos_lexicon.py): the longest lexicon word at each syllable, tagged with the tag underthesea gives it most
often. Used where the pipeline asks "is this word a verb, a preposition, a name?" on a few words at a time — in
microseconds, where tagging each small window with a statistical model cost milliseconds."""
from __future__ import annotations

import functools
import math
from typing import NamedTuple

import regex

from .lexicon import tsv
from .phrases import norm

LEXICON = "pos_lexicon.tsv"
MAX_SYLLABLES = 4        # the longest word looked up
UNKNOWN = math.log(1e-7)  # the share given to a syllable the lexicon lacks: below every word it holds
# VLSP tags (underthesea) to Universal Dependencies
UPOS = {"N": "NOUN", "Nc": "NOUN", "Nu": "NOUN", "Ny": "PROPN", "Np": "PROPN", "Nb": "NOUN", "V": "VERB",
        "Vb": "VERB", "Vy": "VERB", "A": "ADJ", "Ab": "ADJ", "P": "PRON", "R": "ADV", "L": "DET", "M": "NUM",
        "E": "ADP", "C": "CCONJ", "CC": "CCONJ", "I": "INTJ", "T": "PART", "Y": "PROPN", "CH": "PUNCT",
        "B": "X", "S": "X", "X": "X", "Z": "X"}
# a syllable (letters and marks), a number (with its inner separators), or one other character; spaces between
_PIECE = regex.compile(r"[\p{L}\p{M}]+|\d+(?:[.,/]\d+)*|[^\s\p{L}\p{M}\d]")


class Word(NamedTuple):
    """A word of a text: its characters, where it starts, its UD part of speech and its VLSP tag."""

    text: str
    idx: int
    pos_: str
    tag_: str


@functools.cache
def lexicon() -> dict[str, tuple[str, float]]:
    """word (lower case, modern tone marks, syllables joined by one space) → (its VLSP tag, the log of its share of
    the words counted)."""
    rows = [(r[0], r[1], int(r[2])) for r in tsv(LEXICON) if len(r) >= 3 and r[2].isdigit()]
    total = sum(n for _, _, n in rows) or 1
    return {w: (tag, math.log(n / total)) for w, tag, n in rows}


def _unknown_tag(piece: str, first: bool) -> str:
    if piece[0].isdigit():
        return "M"
    if not piece[0].isalpha():
        return "CH"
    if piece[0].isupper() and not first:
        return "Np"
    return "N"


def words(text: str) -> list[Word]:
    """The words of ``text`` with their tags. Syllables are grouped into the lexicon's words by the most likely
    segmentation (a unigram model: the product of the words' shares, Viterbi over words of up to MAX_SYLLABLES
    syllables joined by single spaces); a syllable the lexicon lacks is a word of its own (a number: M, a mark:
    CH, a capitalised syllable inside the text: Np, else N)."""
    lex = lexicon()
    pieces = [(m.group(), m.start(), m.end()) for m in _PIECE.finditer(text)]
    n = len(pieces)
    forms = [norm(p) if p[0].isalpha() else None for p, _, _ in pieces]
    joined = [k + 1 < n and forms[k] is not None and forms[k + 1] is not None
              and len(gap := text[pieces[k][2]:pieces[k + 1][1]]) == 1 and gap.isspace() for k in range(n)]
    best = [0.0] + [-math.inf] * n      # best[i]: the score of the best segmentation of pieces[:i]
    back = [0] * (n + 1)
    for i in range(n):
        if best[i] == -math.inf:
            continue
        key = forms[i]
        if key is None:
            cands = [(1, 0.0)]
        else:
            known = lex.get(key)
            cands = [(1, known[1] if known else UNKNOWN)]
            for m in range(2, MAX_SYLLABLES + 1):
                if not joined[i + m - 2]:
                    break
                key = f"{key} {forms[i + m - 1]}"
                if key in lex:
                    cands.append((m, lex[key][1]))
        for m, score in cands:
            if best[i] + score > best[i + m]:
                best[i + m], back[i + m] = best[i] + score, i
    spans = []
    i = n
    while i > 0:
        spans.append((back[i], i))
        i = back[i]
    out: list[Word] = []
    for a, b in reversed(spans):
        start, end = pieces[a][1], pieces[b - 1][2]
        key = " ".join(f for f in forms[a:b]) if forms[a] is not None else None
        known = lex.get(key) if key else None
        tag = known[0] if known else _unknown_tag(pieces[a][0], not out)
        out.append(Word(text[start:end], start, UPOS.get(tag, "X"), tag))
    return out
