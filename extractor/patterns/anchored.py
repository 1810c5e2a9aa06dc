"""A regex tried only at the word starts where one of the words it can open with stands: a character trie finds those
places at the standard library engine's C speed, once per text, and the full pattern is matched there alone."""
from __future__ import annotations

import bisect
import functools
import itertools
import re
from typing import Final, Iterable, Mapping

import regex

_LEAF: Final = ""
_LETTER: Final = regex.compile(r"[\p{L}\p{M}]")


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
        self.words = frozenset(o for o in openings if o)
        self.number = number
        rests: dict[str, set[str]] = {}
        for o in self.words:
            rests.setdefault(o[0], set()).add(o[1:])
        # each place takes one character: the next place is tried from the next character
        alts = [re.escape(c) + ("" if "" in r else f"(?={char_trie(r)})") for c, r in sorted(rests.items())]
        if number:  # a match that opens with a number: each digit (a match may open inside a number after a letter)
            alts.append(rf"\d(?=\d*{number})")
        self.openings = re.compile("|".join(alts) or "(?!)")

    def match(self, text: str, pos: int = 0) -> regex.Match | None:
        return self.pattern.match(text, pos)

    def using(self, pattern: re.Pattern | regex.Pattern) -> Anchored:
        """The same openings for another pattern with the same matches (its translation by standard())."""
        other = Anchored(pattern, ())   # (its openings taken from this one; no copy.copy: a class compiled by mypyc
        other.words, other.number, other.openings = self.words, self.number, self.openings   # has no __reduce__)
        return other

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

    def finditer(self, text: str, starts: list[int] | None = None) -> list[regex.Match]:
        """The matches of the pattern's own finditer, as a list (a generator compiled by mypyc costs more per item);
        ``starts``: starts(text), when the caller keeps them."""
        starts = self.starts(text) if starts is None else starts
        match, pos = self.pattern.match, 0
        out = []
        for s in starts:
            if s >= pos:
                m = match(text, s)
                if m is not None:
                    out.append(m)
                    pos = m.end() if m.end() > s else s + 1
        return out


# the letters of Vietnamese text, by ranges (all of them letters or marks for `_LETTER`; tests/test_agencies.py checks):
# a word start not after a space is after a character outside them
LATIN: Final = "a-zA-Z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0300-\u036f\u1e00-\u1eff"


# the letters Vietnamese words open with, the most frequent first
_INITIALS: Final = "tcđnhvblskdqpgxmyeaáởiủưứrôoơóêuàâăảạ"


def _initial_rank(item: tuple[str, set[str]]) -> tuple[int, str]:
    c = item[0]
    return (_INITIALS.find(c) if c in _INITIALS else len(_INITIALS)), c


class SharedStarts:
    """The word starts where the openings of several patterns stand (each pattern's as its Anchored.starts finds
    them), found in one pass over a text: one character trie of all the openings finds at each word start the longest
    that stands there, and the patterns one of whose openings is its prefix (the ones that stand there too) take that
    start.

    The pass is two scans that each open with a character other than the opening's (the standard library's engine
    then skips at C speed to the few places where that character stands): the openings after a space (most), and
    those after a character that is not a space nor a Latin letter (punctuation, a digit, another script's letter:
    a letter before it is then told by `_LETTER`)."""

    def __init__(self, openings: Mapping[str, tuple[Iterable[str], str]]):
        """``openings``: a name for each pattern → the strings its matches open with and the pattern after the digits
        of a match that opens with a number, if any (as Anchored takes them)."""
        by = {k: (frozenset(o for o in words if o), number) for k, (words, number) in openings.items()}
        self.keys = frozenset(by)
        words = {o for ws, _ in by.values() for o in ws}
        # each opening → the patterns one of whose openings is a prefix of it (looked up by its prefixes)
        owner_of: dict[str, set[str]] = {}
        for k, (ws, _) in by.items():
            for o in ws:
                owner_of.setdefault(o, set()).add(k)
        self.owners = {}
        for o in words:
            found = set().union(*(owner_of.get(o[:i], ()) for i in range(1, len(o) + 1)))
            self.owners[o] = tuple(k for k in by if k in found)
        rests: dict[str, set[str]] = {}
        for o in words:
            rests.setdefault(o[0], set()).add(o[1:])
        # (the alternatives open with different characters: tried in the order words open with them most often, so
        # that the engine meets the one that may match sooner)
        alts = [re.escape(c) + char_trie(r) for c, r in sorted(rests.items(), key=_initial_rank)]
        numbers = {number for _, number in by.values() if number}
        if len(numbers) > 1 or (numbers and any(c.isdigit() for c in rests)):
            raise ValueError("one pattern after the digits, and no opening that is a number, in shared starts")
        # the owners of a match that opens with a number (its opening, which opens with a digit, is no word's)
        self.numbers: tuple[str, ...] = ()
        if numbers:
            alts.append(rf"\d\d*{numbers.pop()}")
            self.numbers = tuple(k for k, (_, number) in by.items() if number)
        # the opening found, as the one group of a lookahead (a match object of one group costs less than one of a
        # group per alternative)
        alternation = f"(?=({'|'.join(alts) or '(?!)'}))"
        self.first = re.compile(alternation)                            # at the text's start
        self.spaced = re.compile(f" {alternation}")                     # after a space
        self.other = re.compile(f"[^ {LATIN}]{alternation}")          # after another character

    def starts(self, text: str) -> dict[str, list[int]]:
        """The name of each pattern → its starts in ``text``."""
        out: dict[str, list[int]] = {k: [] for k in self.keys}
        owners, numbers = self.owners, self.numbers
        letter = _LETTER.match
        first = self.first.match(text)
        for m in itertools.chain([first] if first is not None else [], self.spaced.finditer(text),
                                 (m for m in self.other.finditer(text) if not letter(text, m.start()))):
            s, e = m.span(1)   # the opening (the scans take the character before the word)
            for k in owners.get(text[s:e], numbers):
                out[k].append(s)
        for run in out.values():
            run.sort()   # (runs in order: merged in one pass)
        return out


# ---------------------------------------------------------------- the standard library's engine, where it reads alike

# The code points where the standard library's engine can stand in for the `regex` module: Latin (with its combining
# marks and Vietnamese letters), punctuation and symbols, private use. Of them the text checked may hold only those
# whose classes the translation writes out as the `regex` module reads them, and where the two engines read \s and
# \d alike (see _agreed): no letter, mark or digit outside VIETNAMESE and 0-9 (`µ`, `ƀ`, IPA letters, `ℓ`, `Ω` are
# left to the `regex` module), nor the separators \x1c-\x1f (space to the standard library, not to `regex`).
AGREED_RANGES: Final = ((0x0000, 0x036F), (0x1E00, 0x1EFF), (0x2000, 0x2BFF), (0xE000, 0xF8FF))
# the letters and marks of the agreed set: Latin-1, Latin Extended-A, `Ơ ơ Ư ư`, the combining marks, Latin Extended
# Additional (the fewer ranges, the smaller the classes written out and the faster they compile)
VIETNAMESE: Final = "a-zA-Z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u017f\u01a0\u01a1\u01af\u01b0\u0300-\u036f\u1e00-\u1eff"
# the classes the translation writes out, as the `regex` module reads them
_CLASSES: Final = (r"\p{L}", r"\p{M}", r"\p{Lu}")
# the classes both engines read alike over the agreed characters, kept as written (a class written out would cost
# the standard library's compiler a character set at each of its many places)
_SHARED: Final = (r"\s", r"\d", r"\S")
# the groups the standard library reads as the `regex` module does
_GROUPS: Final = ("(?:", "(?=", "(?!", "(?<=", "(?<!", "(?P<")


def class_ranges(points: list[int]) -> str:
    """Code points, ascending, as the body of a character class of ranges."""
    runs: list[list[int]] = []
    for c in points:
        if runs and runs[-1][1] == c - 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in runs)


@functools.cache
def _agreed_points() -> tuple[int, ...]:
    """The agreed code points, ascending: a code point of AGREED_RANGES is agreed where it is a letter or a mark as
    VIETNAMESE has it, and a digit as 0-9 has it, where both engines take it alike for each class of _SHARED, and
    where its lower case is agreed."""
    latin, other = regex.compile(f"[{VIETNAMESE}0-9]"), regex.compile(r"[\p{L}\p{M}\p{Nd}]")
    shared = [(re.compile(name), regex.compile(name)) for name in _SHARED]
    agreed = {c for a, b in AGREED_RANGES for c in range(a, b + 1)
              if (latin.match(chr(c)) is None) == (other.match(chr(c)) is None)
              and all((mine.match(chr(c)) is None) == (theirs.match(chr(c)) is None) for mine, theirs in shared)}
    # and one whose lower case is agreed (`Ɛ` is not), so that the lower-case forms of an agreed text are agreed too
    while True:
        kept = {c for c in agreed if agreed.issuperset(map(ord, chr(c).lower()))}
        if len(kept) == len(agreed):
            break
        agreed = kept
    return tuple(sorted(agreed))


@functools.cache
def _agreed() -> tuple[re.Pattern, dict[str, str]]:
    """A pattern that finds a character outside the agreed set (_agreed_points), and each class of _CLASSES written
    out over the set: the `regex` module's own answers over the agreed code points. So in a text of agreed characters
    a translated class, and a class of _SHARED, matches just where the `regex` module's would."""
    points = list(_agreed_points())
    classes = {}
    for name in _CLASSES:
        pattern = regex.compile(name)
        classes[name] = class_ranges([c for c in points if pattern.match(chr(c))])
    return re.compile(f"[^{class_ranges(points)}]"), classes


def agreed(text: str) -> bool:
    """Whether every character of ``text`` is agreed (patterns translated by standard() then read it alike)."""
    return _agreed()[0].search(text) is None


@functools.cache
def agreed_but(chars: str) -> re.Pattern:
    """A pattern that finds a character outside the agreed set or among ``chars`` (one scan where a caller would make
    two: no match tells both that the text is agreed and that it holds none of ``chars``)."""
    return re.compile(f"[^{class_ranges(sorted(set(_agreed_points()).difference(map(ord, chars))))}]")


def standard(pattern: regex.Pattern) -> re.Pattern | None:
    """``pattern`` for the standard library's engine, to be run on agreed text only (see agreed()): its classes
    `\\p{L}`, `\\p{M}`, `\\p{Lu}` written out over the agreed characters, `\\s`, `\\d`, `\\S` kept; None where it
    uses anything else (another escape of a letter, a flag, a group other than _GROUPS, a variable lookbehind)."""
    if pattern.flags & ~(regex.UNICODE | regex.VERSION0):
        return None
    classes = _agreed()[1]
    src, out, i, inside = pattern.pattern, [], 0, False
    while i < len(src):
        ch = src[i]
        if ch == "\\":
            name = src[i:i + 2]
            if name in (r"\p", r"\P"):
                name = src[i:src.index("}", i) + 1]
            if name in classes:
                body = classes[name]
                out.append(body if inside else f"[{body}]")
            elif name in _SHARED:
                out.append(name)
            elif name[1].isascii() and name[1].isalnum():
                return None   # another class, an anchor, a back reference
            else:
                out.append(name)   # an escaped mark
            i += len(name)
            continue
        if inside:
            if ch == "[":
                return None   # (a nested set in the `regex` module's version 1)
            inside = ch != "]"
            out.append(ch)
            i += 1
            continue
        if ch == "[":
            # the class's first character is taken as written (`[]…]`, `[^]…]`)
            j = i + 1 + (src[i + 1:i + 2] == "^")
            head = src[i:j + 1] if src[j:j + 1] == "]" else src[i:j]
            out.append(head)
            inside, i = True, i + len(head)
            continue
        if ch == "(" and src[i + 1:i + 2] == "?" and not src.startswith(_GROUPS, i):
            return None
        out.append(ch)
        i += 1
    try:
        return re.compile("".join(out))
    except re.error:
        return None
