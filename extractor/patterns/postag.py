"""Words and their part of speech read from a lexicon grown from real gazette text (data/pos_lexicon.tsv, see
tools/grow_pos_lexicon.py): the longest lexicon word at each syllable, tagged with the tag underthesea gives it most
often. Used where the pipeline asks "is this word a verb, a preposition, a name?" on a few words at a time — in
microseconds, where tagging each small window with a statistical model cost milliseconds."""
from __future__ import annotations

import functools
import math
from collections.abc import Iterator
from itertools import pairwise
from typing import Final, NamedTuple

import regex

from .lexicon import tsv
from .phrases import norm

LEXICON: Final = "pos_lexicon.tsv"
MAX_SYLLABLES: Final = 4        # the longest word looked up
UNKNOWN: Final = math.log(1e-7)  # the share given to a syllable the lexicon lacks: below every word it holds
# VLSP tags (underthesea) to Universal Dependencies
UPOS: Final = {"N": "NOUN", "Nc": "NOUN", "Nu": "NOUN", "Ny": "PROPN", "Np": "PROPN", "Nb": "NOUN", "V": "VERB",
        "Vb": "VERB", "Vy": "VERB", "A": "ADJ", "Ab": "ADJ", "P": "PRON", "R": "ADV", "L": "DET", "M": "NUM",
        "E": "ADP", "C": "CCONJ", "CC": "CCONJ", "I": "INTJ", "T": "PART", "Y": "PROPN", "CH": "PUNCT",
        "B": "X", "S": "X", "X": "X", "Z": "X"}
# a syllable (letters and marks), a number (with its inner separators), or one other character; spaces between
_PIECE: Final = regex.compile(r"[\p{L}\p{M}]+|\d+(?:[.,/]\d+)*|[^\s\p{L}\p{M}\d]")


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


@functools.cache
def _going_on() -> frozenset[str]:
    """The words of the lexicon that a longer one of it (of at most MAX_SYLLABLES syllables) opens with: each of its
    first syllables but the last, joined by one space (past a word not here, no longer word can be found)."""
    out = set()
    for w in lexicon():
        syllables = w.split(" ")
        for n in range(1, min(len(syllables), MAX_SYLLABLES)):
            out.add(" ".join(syllables[:n]))
    return frozenset(out)


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
    return list(_segment(text, eager=True))


def iter_words(text: str) -> Iterator[Word]:
    """``words(text)`` one at a time, each read only as far as its choice can depend on: up to the next boundary
    between pieces that no lexicon word spans (the best segmentation of the text goes through every such boundary,
    so its part up to one is the best segmentation of the text up to there). A caller that stops early spares the
    rest."""
    return _segment(text, eager=False)


def first_word(text: str) -> Word | None:
    """``words(text)[0]``, None for a text with no word (read as far as ``iter_words`` reads it)."""
    return next(_segment(text, eager=False), None)


def _segment(text: str, eager: bool) -> Iterator[Word]:
    """The best segmentation of ``text`` (see ``words``), yielded a settled stretch at a time; its pieces read at once
    (``eager``) or as the segmentation goes."""
    lex = lexicon()
    going_on = _going_on()
    pieces: list[tuple[str, int, int]] = []
    forms: list[str | None] = []   # a syllable's lexicon form; None for a number or a mark
    glued: list[bool] = []         # whether the piece is a syllable one space before the next piece
    it = _PIECE.finditer(text)

    def more() -> bool:
        """One more piece read; False at the text's end."""
        m = next(it, None)
        if m is None:
            return False
        p = m.group()
        form = norm(p) if p[0].isalpha() else None
        if pieces:
            at = m.start()     # (one space between: one character from where the last piece ended, a space)
            glued.append(forms[-1] is not None and form is not None
                          and at - pieces[-1][2] == 1 and text[at - 1].isspace())
        pieces.append((p, m.start(), m.end()))
        forms.append(form)
        return True

    if eager:
        pieces = [(m.group(), m.start(), m.end()) for m in it]
        forms = [norm(p) if p[0].isalpha() else None for p, _, _ in pieces]
        glued = [forms[k] is not None and forms[k + 1] is not None
                 and len(gap := text[pieces[k][2]:pieces[k + 1][1]]) == 1 and gap.isspace()
                 for k in range(len(pieces) - 1)]

    def settled(a: int, b: int, first: bool) -> list[Word]:
        """The words of the best segmentation of pieces[a:b], a and b boundaries no word spans."""
        spans = []
        i = b
        while i > a:
            spans.append((back[i], i))
            i = back[i]
        out: list[Word] = []
        for x, y in reversed(spans):
            start, end = pieces[x][1], pieces[y - 1][2]
            key = " ".join(forms[x:y]) if forms[x] is not None else None   # type: ignore[arg-type]
            known = lex.get(key) if key else None
            tag = known[0] if known else _unknown_tag(pieces[x][0], first and not out)
            out.append(Word(text[start:end], start, UPOS.get(tag, "X"), tag))
        return out

    best = [0.0]      # best[i]: the score of the best segmentation of pieces[:i]
    back = [0]
    reach = 0         # the furthest end of a candidate word read so far
    done = 0          # the pieces whose words are out
    i = 0
    while i < len(pieces) or more():
        if done < i == reach and not eager:
            yield from settled(done, i, done == 0)     # no word spans this boundary: the words before it are settled
            done = i
        # each word of the lexicon starting at piece i (the piece alone at least) scored against the best ending where
        # it ends (in order of length: the same sums and comparisons as a list of the candidates read first)
        key = forms[i]
        here = best[i]
        if len(best) == i + 1:
            best.append(-math.inf)
            back.append(0)
        known = lex.get(key) if key is not None else None
        score = here + (known[1] if known else UNKNOWN if key is not None else 0.0)
        if score > best[i + 1]:
            best[i + 1], back[i + 1] = score, i
        top = i + 1
        m = 1
        while key is not None and key in going_on and m < MAX_SYLLABLES:    # (a longer word may start here)
            m += 1
            k = i + m - 2
            if k >= len(glued) and not more() or not glued[k]:
                break
            key = f"{key} {forms[i + m - 1]}"
            known = lex.get(key)
            if known is not None:
                top = i + m
                while len(best) <= top:
                    best.append(-math.inf)
                    back.append(0)
                score = here + known[1]
                if score > best[top]:
                    best[top], back[top] = score, i
        reach = max(reach, top)
        i += 1
    if i > done:
        yield from settled(done, i, done == 0)


def opening_words(text: str) -> list[Word]:
    """The words ``text`` may open with — ``words(text)[0]`` is one of them: the first piece alone, and each word of
    the lexicon of more syllables that starts there (shortest first). Where they all answer a question alike, the
    segmentation need not be run."""
    lex = lexicon()
    pieces = []
    for m in _PIECE.finditer(text):
        pieces.append(m)
        if len(pieces) == MAX_SYLLABLES:
            break
    if not pieces:
        return []
    first = pieces[0].group()
    key = norm(first) if first[0].isalpha() else None
    known = lex.get(key) if key else None
    tag = known[0] if known else _unknown_tag(first, True)
    out = [Word(first, pieces[0].start(), UPOS.get(tag, "X"), tag)]
    if key is None:
        return out
    for prev, m in pairwise(pieces):
        piece = m.group()
        gap = text[prev.end():m.start()]
        if not (piece[0].isalpha() and len(gap) == 1 and gap.isspace()):
            break
        key = f"{key} {norm(piece)}"
        if key in lex:
            tag = lex[key][0]
            out.append(Word(text[pieces[0].start():m.end()], pieces[0].start(), UPOS.get(tag, "X"), tag))
    return out
