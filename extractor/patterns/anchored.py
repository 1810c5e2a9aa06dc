"""A regex searched only where one of the words it can begin with stands: a trie-shaped pattern finds those places
at the regex engine's speed, the full pattern is tried there alone (instead of at every character)."""
from __future__ import annotations

from typing import Iterable, Iterator

import regex

_LEAF = ""
_WORD_START = r"(?<![\p{L}\p{M}])"


def trie_pattern(strings: Iterable[str]) -> str:
    """One pattern matching exactly the given strings, their shared beginnings written once (`b(?:an|ộ)`), so that
    matching costs a step per character rather than one per string."""
    trie: dict = {}
    for s in strings:
        node = trie
        for ch in s:
            node = node.setdefault(ch, {})
        node[_LEAF] = {}

    def pattern(node: dict) -> str:
        alts = [regex.escape(ch) + pattern(sub) for ch, sub in sorted(node.items()) if ch != _LEAF]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and _LEAF not in node else "(?:" + "|".join(alts) + ")"
        return body + ("?" if _LEAF in node else "")

    return "(?:" + pattern(trie) + ")"


class Anchored:
    """``pattern`` whose every match begins, at a word start, with one of ``firsts`` (the caller's guarantee: the
    strings a match can open with, as the text to search writes them). ``search`` and ``finditer`` give what the
    pattern's own would."""

    def __init__(self, pattern: regex.Pattern, firsts: Iterable[str]):
        self.pattern = pattern
        words = sorted({w for w in firsts if w})
        self.anchors = regex.compile(_WORD_START + trie_pattern(words)) if words else regex.compile(r"(?!)")

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> regex.Match | None:
        return self.pattern.match(text, pos, len(text) if endpos is None else endpos)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> regex.Match | None:
        end = len(text) if endpos is None else endpos
        match = self.pattern.match
        for a in self.anchors.finditer(text, pos, end):
            m = match(text, a.start(), end)
            if m is not None:
                return m
        return None

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[regex.Match]:
        end = len(text) if endpos is None else endpos
        while True:
            m = self.search(text, pos, end)
            if m is None:
                return
            yield m
            pos = m.end() if m.end() > m.start() else m.start() + 1
