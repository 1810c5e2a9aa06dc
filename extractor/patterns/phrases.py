"""A phrase matcher over syllables: gazetteer phrases found in a text in one pass, compared on their tone-folded lower
case form (`UỶ BAN` = `ủy ban`), the longest first among overlapping ones — what spaCy's PhraseMatcher and
EntityRuler do on a `NORM` attribute, without building a spaCy `Doc` of the text (the extraction then loads no spaCy)."""
from __future__ import annotations

import functools
import re
from typing import Callable, Final, Iterable, NamedTuple

import regex

from .anchored import LATIN, char_trie, trie_alternation
from .fold import fold_tones

# a syllable (letters and combining marks), a number or one other mark, with the one space after it; or other
# whitespace, a token of its own (a phrase never runs across a line break or a double space). Digits glued to a
# word are a token of their own: a footnote marker (`Xã hội16`) is not part of a name.
TOKEN: Final = regex.compile(r"([\p{L}\p{M}]+|\d+|[^\p{L}\p{M}\d\s])( ?)|(\s+)")
_LEAF: Final = ""   # the trie key that holds what a phrase ending here is (no token's form is empty)


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
        self._firsts = _firsts_pattern(self.root)
        self._scans = None   # (after a space, after another character): when every phrase opens with a letter
        self.letter_openings = all(_LETTER.match(k) for k in self.root if k)
        if self.letter_openings:
            trie = self._firsts.pattern
            self._scans = re.compile(f" (?={trie})"), re.compile(f"[^ {LATIN}](?={trie})")

    def openings(self) -> set[str]:
        """The strings the walks of find start from, as _starts finds them: a phrase's first token, followed by the
        start of one of its next tokens (after a space or none) unless it ends a phrase itself."""
        out = set()
        for first, node in self.root.items():
            if not first:
                continue
            nexts = [k for k in node if k]
            if _LEAF in node or any(not _ONE_TOKEN.fullmatch(k) for k in nexts):
                out.add(first)
            else:
                out |= {first + n for n in nexts} | {f"{first} {n}" for n in nexts}
        return out

    def find(self, text: str, keep: Callable[[Match], bool] = lambda m: True, low: str | None = None,
             starts: list[int] | None = None) -> list[Match]:
        """The phrases of ``text`` that ``keep`` accepts, non-overlapping: longest first, then leftmost (the order of
        spaCy's EntityRuler), returned in text order. The trie is walked only from the places where a phrase's first
        token stands, found by one pass of a pattern over the text's matching form (``low``:
        fold_tones(text.lower()), when the caller has it; ``starts``: _starts(low), when the caller has them)."""
        if low is None:
            low = fold_tones(text.lower())
        if len(low) != len(text):    # a letter whose lower case is longer (`İ`): the forms token by token
            return self._find_tokens(text, tokens(text), keep)
        root, found = self.root, []
        match = TOKEN.match
        for begin in self._starts(low) if starts is None else starts:
            pos = begin
            node: dict | None = root
            at, last = [], None
            while True:
                end = low.find(" ", pos, pos + 40)
                form = low[pos:end] if end >= 0 else ""
                if form.isalpha():   # a syllable and the one space after it: what TOKEN reads there
                    after = end + 1
                else:
                    m = match(low, pos)
                    if m is None:
                        break
                    form, after = m.group(1) or m.group(3), m.end()
                node = node.get(form)   # type: ignore[union-attr]  # (None: no phrase goes on with the form)
                if node is None:
                    break
                at.append(pos)
                last = (pos, pos + len(form))
                hit = node.get(_LEAF)
                if hit is not None:
                    found.append((begin, last, tuple(at), hit))
                pos = after
        found.sort(key=lambda f: (-len(f[2]), f[0]))
        return self._resolve(text, low, found, keep)

    def _starts(self, low: str) -> list[int]:
        """Where a token of the trie's first level stands in ``low`` (at a word's or number's start), followed by one
        of its next tokens unless it ends a phrase itself: the places a walk may find a phrase from. The fast pattern
        finds a superset (no word boundaries); the boundary before is checked here, the tokens by the walk."""
        return self._scan_starts(low) if self._scans is None else self._letter_starts(low)

    def _scan_starts(self, low: str) -> list[int]:
        """_starts by one scan of the fast pattern."""
        out = []
        for m in self._firsts.finditer(low):
            s = m.start()
            if s and low[s - 1] != " ":
                c = low[s]
                if (_LETTER.match(c) and _LETTER.match(low, s - 1)) or (c.isdigit() and _DIGIT.match(low, s - 1)):
                    continue   # inside a syllable or a number
            out.append(s)
        return out

    def _letter_starts(self, low: str) -> list[int]:
        """_starts where every phrase opens with a letter (a word start: not after a letter), in two scans that open
        with the character before the word (see anchored.SharedStarts): after a space, after another character."""
        spaced, other = self._scans   # type: ignore[misc]  # (set: every phrase opens with a letter)
        out = [0] if self._firsts.match(low) else []
        out += [m.end() for m in spaced.finditer(low)]
        late = [m.end() for m in other.finditer(low) if not _LETTER.match(low, m.start())]
        return sorted(out + late) if late else out

    def _find_tokens(self, text: str, toks: list[Token], keep: Callable[[Match], bool]) -> list[Match]:
        """The same, walking the trie from every token (for a text whose lower case changes its length)."""
        root, found = self.root, []
        for i in range(len(toks)):
            node = root.get(toks[i].norm)
            j = i
            while node is not None:
                hit = node.get(_LEAF)
                if hit is not None:
                    found.append((toks[i].start, (toks[j].start, toks[j].end), tuple(t.start for t in toks[i:j + 1]),
                                  hit))
                j += 1
                if j >= len(toks):
                    break
                node = node.get(toks[j].norm)
        found.sort(key=lambda f: (-len(f[2]), f[0]))
        norms = {t.start: t.norm for t in toks}
        return self._resolve(text, None, found, keep, norms)

    @staticmethod
    def _resolve(text: str, low: str | None, found: list, keep: Callable[[Match], bool],
                 norms: dict[int, str] | None = None) -> list[Match]:
        """Candidates, longest first then leftmost, taken unless their first or last token is already taken."""
        taken: set[int] = set()
        out = []
        for s, (ls, e), starts, (label, id_) in found:
            if s in taken or ls in taken:
                continue
            piece = text[ls:e]
            last = Token(piece, ls, e, low[ls:e] if low is not None else norms[ls])   # type: ignore[index]
            m = Match(s, e, label, id_, text[s:e], last)
            if not keep(m):
                continue
            taken.update(starts)
            out.append(m)
        return sorted(out)


def _firsts_pattern(root: dict) -> re.Pattern:
    """A pattern finding, in a text's matching form, the tokens that begin a phrase, each followed by one of the tokens
    that go on after it (unless it ends a phrase itself), as a trie of their characters: the standard library's engine
    finds the places where the first characters stand at C speed. Word boundaries are not in it (see _starts)."""
    trie: dict = {}
    for first, node in root.items():
        if not first:
            continue
        nexts = [k for k in node if k]
        simple = _LEAF in node or any(not _ONE_TOKEN.fullmatch(k) for k in nexts)
        leaf = "" if simple else "(?= ?" + char_trie(nexts) + ")"
        sub = trie
        for ch in first:
            sub = sub.setdefault(ch, {})
        sub[_LEAF] = leaf
    return re.compile(trie_alternation(trie) or "(?!)")


# a token that is one syllable, number or mark (what may follow a first token, read by the fast pattern)
_ONE_TOKEN: Final = regex.compile(r"[\p{L}\p{M}]+|\d+|[^\p{L}\p{M}\d\s]")
_LETTER: Final = regex.compile(r"[\p{L}\p{M}]")
_DIGIT: Final = regex.compile(r"\d")
