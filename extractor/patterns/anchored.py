"""A regex tried only at the word starts where one of the words it can open with stands: a character trie finds those
places at the standard library engine's C speed, once per text, and the full pattern is matched there alone."""
from __future__ import annotations

import bisect
import itertools
import re
from typing import Iterable, Iterator

import regex

_LEAF = ""
_LETTER = regex.compile(r"[\p{L}\p{M}]")


def char_trie(strings: Iterable[str]) -> str:
    """One pattern for strings, as a trie of their characters (for the standard library's engine, which then finds
    the places their first characters stand at C speed; the `regex` module, given a pattern that opens with a
    lookbehind or a group, tries it at every character)."""
    trie: dict = {}
    for w in strings:
        sub = trie
        for ch in w:
            sub = sub.setdefault(ch, {})
        sub[_LEAF] = ""
    return trie_alternation(trie)


def trie_alternation(node: dict) -> str:
    """A trie of characters as a pattern; a string's end (key ``""``) holds what must follow it (a lookahead, or
    nothing); longer strings are tried first."""
    alts = [re.escape(ch) + trie_alternation(sub) for ch, sub in sorted(node.items()) if ch != _LEAF]
    if _LEAF in node:
        alts.append(node[_LEAF])
    if not alts:
        return ""
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


class Anchored:
    """``pattern``, every match of which begins at a word start with one of ``openings`` (the caller's guarantee:
    strings a match can open with, as the text searched writes them — the first word, or the first two with the space
    between them; ``number``: a pattern after the digits of a match that opens with a number). ``starts(text)`` finds
    once per text the word starts where one stands; ``search`` and ``finditer`` given them return what the pattern's
    own would (tests/test_agencies.py checks every grammar of the agency recogniser against its pattern on the
    corpus)."""

    def __init__(self, pattern: regex.Pattern, openings: Iterable[str], number: str = ""):
        self.pattern = pattern
        rests: dict[str, set[str]] = {}
        for o in openings:
            if o:
                rests.setdefault(o[0], set()).add(o[1:])
        # each place takes one character: the next place is tried from the next character
        alts = [re.escape(c) + ("" if "" in r else f"(?={char_trie(r)})") for c, r in sorted(rests.items())]
        if number:  # a match that opens with a number: each digit (a match may open inside a number after a letter)
            alts.append(rf"\d(?=\d*{number})")
        self.openings = re.compile("|".join(alts) or "(?!)")

    def match(self, text: str, pos: int = 0) -> regex.Match | None:
        return self.pattern.match(text, pos)

    def starts(self, text: str) -> list[int]:
        """The word starts of ``text`` where one of the openings stands, in order."""
        out = []
        for m in self.openings.finditer(text):
            s = m.start()
            if s and text[s - 1] != " " and _LETTER.match(text, s - 1):
                continue  # inside a word
            out.append(s)
        return out

    def search(self, text: str, starts: list[int] | None = None, pos: int = 0) -> regex.Match | None:
        """The first match at or after ``pos``; ``starts``: starts(text), when the caller keeps them."""
        starts = self.starts(text) if starts is None else starts
        match = self.pattern.match
        for s in itertools.islice(starts, bisect.bisect_left(starts, pos), None):
            m = match(text, s)
            if m is not None:
                return m
        return None

    def finditer(self, text: str, starts: list[int] | None = None) -> Iterator[regex.Match]:
        """The matches of the pattern's own finditer; ``starts``: starts(text), when the caller keeps them."""
        starts = self.starts(text) if starts is None else starts
        match, pos = self.pattern.match, 0
        for s in starts:
            if s >= pos:
                m = match(text, s)
                if m is not None:
                    yield m
                    pos = m.end() if m.end() > s else s + 1
