"""Recognise agencies in Vietnamese administrative text: gazetteer names, bodies named by their grammar (a head noun and
its name), generic actors and collectives, enumerations, office-holders; short forms resolved within the text.

Works on an item or on a whole document alike: each pattern makes one pass over the text, and a name is walked word by
word from its head within a bounded number of words, so the work grows with the length of the text."""
from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Final, Iterable, Iterator, NamedTuple

import regex

from .patterns.agencies import key, key_lowered, load_agencies, surface_index
from .patterns.fold import fold_tones, match_key
from .patterns.lexicon import alternation, entries, longest_first
from .patterns.phrases import Match as PhraseMatch
from .patterns.phrases import PhraseMatcher
from .patterns.anchored import Anchored, SharedStarts, agreed, agreed_but, standard

L: Final = r"[\p{L}\p{M}]"         # a letter of a syllable
B: Final = rf"(?<!{L})"            # word start
E: Final = rf"(?!{L})"             # word end
UB: Final = r"(?:ủy\s+ban\s+nhân\s+dân|UBND)"
HD: Final = r"(?:hội\s+đồng\s+nhân\s+dân|HĐND)"
TW: Final = r"(?:trung\s+ương|TW)"

GRAMMAR: Final = "agency_grammar.txt"
MAX_NAME_WORDS: Final = 14         # words of a name after its head
MAX_LOWER_RUN: Final = 7           # lower-case words in a row inside a name
MIN_LOWER_NAME: Final = 3          # words of a name that starts in lower case (`Trung tâm công nghệ thông tin`)
GENERIC_KINDS: Final = ("collective", "organisation", "individual")   # kinds of the lower-case rows of the gazetteer
_ATTACHING: Final = ("office", "body", "committee", "collective")       # kinds that take `thuộc` + their parent


@dataclass
class AgencyMention:
    text: str      # the words as in the input
    name: str      # canonical name; a body read by its grammar or a collective: the printed words, tidied
    kind: str      # a gazetteer kind (patterns/agencies.KINDS): `body` and `committee` for names read by their grammar,
                   # `organisation` for bodies outside the State, `individual` for persons (who lead no task)
    start: int     # character offsets into the input string
    end: int
    key: str = ""        # one spelling for search and facets: agency_key(name)
    known: bool = True   # from the gazetteer or a collective; False for a name read by its grammar alone

    # (written out, as the dataclass would make it: its generated __init__ runs as Python even when compiled)
    def __init__(self, text: str, name: str, kind: str, start: int, end: int, key: str = "", known: bool = True):
        self.text = text
        self.name = name
        self.kind = kind
        self.start = start
        self.end = end
        self.key = key
        self.known = known

    @property
    def individual(self) -> bool:
        """A person (`người lao động`, `người nộp thuế`): rights and duties of persons are not tasks of bodies."""
        return self.kind == "individual"


class _M(NamedTuple):
    """A mention while it is being found: offsets into the compact text."""

    start: int
    end: int
    name: str
    kind: str
    known: bool = True


@dataclass
class _Group:
    """Mentions found together (an enumeration gives several); groups compete for the text by length. A group with
    no mentions blocks its words (the title of a law)."""

    start: int
    end: int
    mentions: list[_M] = field(default_factory=list)
    rank: int = 0  # lower wins between groups of the same length

    # (written out: the dataclass's generated __init__ runs as Python even when compiled)
    def __init__(self, start: int, end: int, mentions: list[_M] | None = None, rank: int = 0):
        self.start = start
        self.end = end
        self.mentions = [] if mentions is None else mentions
        self.rank = rank


@dataclass
class _Text:
    """The text being read, in the forms the recognisers use; offsets are the same in all of them."""

    ctext: str                  # NFC, each whitespace run one space
    low: str                    # lower case, modern tone marks (_lower)
    keyed: str                  # lower case, modern tone marks, upper-case abbreviations kept (_keyed)
    folded: str                 # modern tone marks, case kept
    breaks: frozenset[int]      # the spaces that stand for a line break of the input
    cell: bool                  # a table cell: bare place names and single generic nouns count
    same: bool = True           # ctext.lower() has ctext's length (low is then the gazetteer matcher's form)
    std: bool = False           # long and all of agreed characters: the patterns run on the standard library's engine
    gaz: dict[int, int] = field(default_factory=dict)   # start → end of the gazetteer's names found
    shared: dict[str, list[int]] = field(default_factory=dict)   # _low_starts() found in ``low``
    _starts: dict[tuple[str, str], list[int]] = field(default_factory=dict)

    def starts(self, anchors: Anchored, form: str = "keyed") -> list[int]:
        """The word starts of a form of the text (`keyed`, `folded`, `ctext`) where ``anchors``' openings stand (on
        the keyed text: maybe some more, where the pattern does not match)."""
        at = (anchors.openings.pattern, form)   # patterns with the same openings share them
        found = self.shared.get(at[0]) if form == "keyed" else None
        if found is None:
            found = self._starts.get(at)
            if found is None:
                found = self._starts[at] = anchors.starts(getattr(self, form))
        return found


def _list(section: str) -> tuple[str, ...]:
    return entries(GRAMMAR, section)


def _per_engine(build):
    """A table of patterns built once for each engine (``std``: the standard library's, its patterns translated; else
    the `regex` module's), whether it is asked for with ``std=False`` or without (functools.cache keeps those apart)."""
    built: dict[bool, object] = {}

    @functools.wraps(build)
    def get(std: bool = False):
        found = built.get(std)
        if found is None:   # (the first built is kept, should two threads build at once)
            found = built.setdefault(std, build(std))
        return found
    return get


# ---------------------------------------------------------------- text forms

_WS: Final = regex.compile(r"\s+")
# Patterns used per call are compiled once here: regex.sub/match/search with a string look the pattern up in the
# module's cache on every call, which costs more than the match itself on short texts.
_WORD: Final = regex.compile(rf"{L}+")
_COMMA: Final = regex.compile(r"\s*,\s*")
_NEXT_WORD: Final = regex.compile(rf"\s+({L}+)")
_WORD_NEXT: Final = regex.compile(rf"\s*{L}")
# the last word before a position: searched in reverse (?r), so the engine starts at the end
_LAST_WORD: Final = regex.compile(rf"(?r)({L}+)\s*$")
_PROVINCE_HEAD: Final = regex.compile(r"^(?:tỉnh|thành\s+phố|TP|tp)\.?\s*")
_LEVEL: Final = regex.compile(r"các\s+cấp|(?:cấp\s+)?(?:tỉnh|huyện|xã)")
_UNDER_WORD: Final = "thuộc"
_UNDER: Final = regex.compile(rf"\s+(?:trực\s+)?{_UNDER_WORD}\s+")
_BRACKETED: Final = regex.compile(r"\([^()]*\)")
_LIST_SEP: Final = regex.compile(r"[,;\n+]|\s+và\s+|\s/\s")
_TOKEN: Final = regex.compile(r"[\p{L}\p{M}]+|\d+|\S")
_WS_TO_COMPACT: Final = regex.compile(r"\s{2,}|[^\S ]")
_NON_SPACE: Final = regex.compile(r"\S+")
_GRAPHEME: Final = regex.compile(r"\X")


# whitespace other than the space and the line break (the rest of regex's \s; tests/test_agencies.py checks): a text
# without it (most) is made compact by _Compact._lines, one with it by _Compact._spaces; the characters for _odd(), the
# pattern for a search
_OTHER_SPACES: Final = ("\t\x0b\x0c\r\x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
                       + "\u2028\u2029\u202f\u205f\u3000")
_OTHER_SPACE: Final = re.compile(f"[{re.escape(_OTHER_SPACES)}]")


def _odd() -> re.Pattern:
    """A pattern that finds a character outside the agreed set or whitespace other than the space and the line break:
    one scan of a text without them (most) tells both _Compact and _text (anchored.agreed_but)."""
    return agreed_but(_OTHER_SPACES)
# two spaces or more with no line break beside them (not after one nor before): the runs of spaces alone (the
# lookbehind, after the two spaces the engine skips to, turns away a start inside a run or after a line break)
_SPACES_ALONE: Final = re.compile("  (?<![ \n]  ) *(?![ \n])")


def _space_runs(text: str) -> list[tuple[int, int, bool]]:
    """The spans of the whitespace runs other than one space, in order (those _WS_TO_COMPACT finds), each with
    whether it holds a line break."""
    return [(a, b, "\n" in text[a:b]) for a, b in (m.span() for m in _WS_TO_COMPACT.finditer(text))]


# a line break and the spaces and line breaks after it, and two spaces or more: where a text without other whitespace
# is cut into the pieces its compact form keeps (the spaces before a line break are the end of the piece before it)
_LINE_SPLIT: Final = re.compile("(\n[ \n]*)")
_SPACE_SPLIT: Final = re.compile("(  +)")


class _Compact:
    """The input with each whitespace run made one space and each character in NFC, and the way back to the input's
    offsets.

    Only the pieces that change are kept (whitespace runs other than one space, characters not in NFC), each as
    (offset here, length here, span in the input: ``starts``, ``ends``); between them the offsets differ by a
    constant. The map costs as much as the input has such pieces, and a text that needs no change maps to itself.

    Given the input's tone folding (fold_tones of it), the compact text's is made alike (``folded``, else None): a
    syllable is folded by its letters and the characters beside them, which a whitespace run stays (a space)."""

    def __init__(self, text: str, folded: str | None = None):
        self.where: list[int] = []
        self.size: list[int] = []
        self.starts: list[int] = []   # each piece's span in the input
        self.ends: list[int] = []
        self.folded: str | None = None
        self.agreed = False   # whether the compact text is known to be of agreed characters (else _text reads it)
        if unicodedata.is_normalized("NFC", text):
            odd = _odd().search(text)
            if odd is None:
                # no other whitespace and all agreed: so is the compact text (the text's characters, and spaces)
                self.agreed = True
                self._lines(text, folded)
            elif _OTHER_SPACE.search(text, odd.start()) is None:   # (none before the first odd character)
                self._lines(text, folded)
            else:
                self._spaces(text, folded)
            return
        parts, pos, shift, breaks = [], 0, 0, set()
        for a, b, piece in self._changes(text):
            parts += [text[pos:a], piece]
            self.where.append(a - shift)
            self.size.append(len(piece))
            self.starts.append(a)
            self.ends.append(b)
            if "\n" in text[a:b]:
                breaks.add(a - shift)
            shift += (b - a) - len(piece)
            pos = b
        parts.append(text[pos:])
        self.ctext = "".join(parts)
        self.breaks = frozenset(breaks)

    def _spaces(self, text: str, folded: str | None) -> None:
        """The map of a text in NFC, where only whitespace runs change (each to one space): iterations of C functions
        rather than a loop over the pieces (any such text; _lines reads those without other whitespace faster)."""
        runs = _space_runs(text)
        # (the columns by itemgetter: zip(*runs) would make an iterator of each run)
        starts, ends = list(map(operator.itemgetter(0), runs)), list(map(operator.itemgetter(1), runs))
        lines = map(operator.itemgetter(2), runs)
        self.starts, self.ends = starts, ends
        self.size = [1] * len(runs)
        # each run's offset here: its offset in the input less what the runs before it took away (b - a - 1 each)
        shifts = itertools.accumulate(map(operator.sub, map(operator.sub, ends, starts), itertools.repeat(1)),
                                      initial=0)
        self.where = list(map(operator.sub, starts, shifts))
        kept = list(map(slice, (0, *ends), (*starts, len(text))))   # the pieces between the runs
        self.ctext = " ".join(map(text.__getitem__, kept))
        if folded is not None:   # (a text the folding leaves as it is, most, has the compact text as its folding)
            self.folded = self.ctext if folded == text else " ".join(map(folded.__getitem__, kept))
        self.breaks = frozenset(itertools.compress(self.where, lines))

    def _lines(self, text: str, folded: str | None) -> None:
        """_spaces for a text with no whitespace but spaces and line breaks, as iterations of C functions over the
        pieces two splits cut: the text at its line runs (a line break with the spaces and line breaks after it, and
        the spaces before it, which the piece before loses to it), then, where the text has runs of spaces alone, the
        pieces that hold one at those runs (no other run of two spaces is left in a piece)."""
        parts = _LINE_SPLIT.split(text)   # piece, run, piece, …, run, piece
        # where each piece begins in the input (where the run before it ends): the lengths of the parts before it
        begins = list(itertools.accumulate(map(len, parts), initial=0))[::2]
        kept = list(map(str.rstrip, parts[::2], itertools.repeat(" ")))
        kept[-1] = parts[-1]   # (the last piece has no run after it: a space at its end is kept)
        sizes = list(map(len, kept))
        lines: list[bool] | None = None   # whether each run holds a line break (None: all do)
        if _SPACES_ALONE.search(text) is not None:
            runs = len(kept) - 1   # (the line runs: after each piece but the last)
            cut_kept: list[str] = []
            cut_begins: list[int] = []
            cut_sizes: list[int] = []
            lines = []
            done = 0   # the pieces before it are taken, each with its run (a line run)
            # (only the pieces that hold two spaces are cut, found at C speed; the others are taken by slices)
            for i in itertools.compress(itertools.count(), map(operator.contains, kept, itertools.repeat("  "))):
                cut_kept += kept[done:i]
                cut_begins += begins[done:i]
                cut_sizes += sizes[done:i]
                lines += [True] * (i - done)
                cut = _SPACE_SPLIT.split(kept[i])   # piece, spaces, piece, …
                cut_kept += cut[::2]
                cut_begins += list(itertools.accumulate(map(len, cut), initial=begins[i]))[::2]
                cut_sizes += map(len, cut[::2])
                lines += [False] * (len(cut) >> 1)
                if i < runs:
                    lines.append(True)
                done = i + 1
            cut_kept += kept[done:]
            cut_begins += begins[done:]
            cut_sizes += sizes[done:]
            lines += [True] * (runs - done)
            kept, begins, sizes = cut_kept, cut_begins, cut_sizes
        stops = list(map(operator.add, begins, sizes))   # where each piece's kept text ends: a run begins
        self.ctext = " ".join(kept)
        if folded is not None:   # (the folding keeps every whitespace character where it is; a text it leaves as it
            # is, most, has the compact text as its folding)
            self.folded = self.ctext if folded == text else " ".join(map(folded.__getitem__, map(slice, begins, stops)))
        stops.pop()   # (the last piece has no run after it)
        del begins[0]   # each run ends where the next piece begins
        self.starts, self.ends = stops, begins
        self.size = [1] * len(stops)
        # each run's offset here: the kept text and the one space of each run before it (the sums of sizes[j] + 1
        # from -1 on, less the first and the last)
        where = list(itertools.accumulate(map(operator.add, sizes, itertools.repeat(1)), initial=-1))
        where.pop()
        del where[0]
        self.where = where
        self.breaks = frozenset(where if lines is None else itertools.compress(where, lines))

    @staticmethod
    def _changes(text: str):
        """(start, end, replacement) of each piece that changes, in order."""
        spaces = ((m.start(), m.end(), " ") for m in _WS_TO_COMPACT.finditer(text))
        marks = []
        for w in _NON_SPACE.finditer(text):
            if not unicodedata.is_normalized("NFC", w.group()):
                for g in _GRAPHEME.finditer(text, w.start(), w.end()):
                    nfc = unicodedata.normalize("NFC", g.group())
                    if nfc != g.group():
                        marks.append((g.start(), g.end(), nfc))
        yield from sorted([*spaces, *marks])

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The input's span of [start, end) here: from the start of its first character's span to the end of its
        last one's (each character a piece of the map stands for, or one whose offset differs by the pieces before)."""
        where, size, ends = self.where, self.size, self.ends
        k = bisect.bisect_right(where, start) - 1
        if k < 0:
            s = start
        elif start < where[k] + size[k]:
            s = self.starts[k]
        else:
            s = ends[k] + start - where[k] - size[k]
        last = end - 1
        k = bisect.bisect_right(where, last) - 1
        if k < 0:
            return s, end
        if last < where[k] + size[k]:
            return s, ends[k]
        return s, ends[k] + end - where[k] - size[k]


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return fold_tones(low)


# a lower-case o or u before a capital the tone folding moves (`oÀ`): the one pair fold_tones leaves as written but
# folds once in lower case (every other pair it folds alike in either case, and lower case keeps what is a letter)
# (found from its capital, which the engine skips to at C speed, rather than from every o and u)
_MIXED_PAIR: Final = re.compile("[ÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ](?<=o[ÀÁẢÃẠÈÉẺẼẸ]|u[ỲÝỶỸỴ])")


def _lower_folded(text: str, folded: str) -> tuple[str, bool]:
    """_lower(text), given fold_tones(text): its lower case where the two commute (no letter whose lower case is
    longer, no mixed pair), without a second pass of the folding; and whether text.lower() has text's length (the
    folding swaps letters whose lower case is one letter, so folded.lower() has the same length)."""
    low = folded.lower()
    same = len(low) == len(text)
    if same and _MIXED_PAIR.search(text) is None:
        return low, same
    return _lower(text), same


def _keyed(ctext: str, low: str | None = None, abbrs: list[regex.Match] | None = None) -> str:
    """Lower case with modern tone marks, except the upper-case abbreviations the grammars read; same length
    (``low``: _lower(ctext), ``abbrs``: _abbr_word().finditer(ctext), when the caller has them)."""
    low = _lower(ctext) if low is None else low
    parts, pos = [], 0
    for m in _abbr_word().finditer(ctext) if abbrs is None else abbrs:
        parts += [low[pos:m.start()], m.group()]   # only the abbreviations, not every word of the text
        pos = m.end()
    return "".join(parts) + low[pos:] if parts else low


def _abbr_at(ctext: str, at: list[int], std: bool = False) -> list[regex.Match]:
    """What _abbr_word().finditer(ctext) finds, tried only at ``at`` (where the abbreviations in lower case stand)."""
    match, end, firsts = _abbr_word(std).match, 0, _abbr_firsts()
    out = []
    for s in at:
        if s >= end and ctext[s] in firsts:
            m = match(ctext, s)
            if m is not None:
                end = m.end()
                out.append(m)
    return out


@functools.cache
def _abbr_letters() -> re.Pattern | None:
    """The abbreviations read as words that are one letter (`B`), as one pattern; None if there are none."""
    letters = sorted(w for w in _abbr_words() if len(w) == 1)
    return re.compile("|".join(map(re.escape, letters))) if letters else None


@functools.cache
def _abbr_firsts() -> frozenset[str]:
    return frozenset(w[0] for w in _abbr_words())


@_per_engine
def _abbr_word(std: bool = False) -> regex.Pattern:
    """A whole word that is one of `_abbr_words()` (`UBND`, `CQNB`), as the grammars read it: the lookahead on the
    first letters lets the engine skip the other positions in one test (``std``: for the standard library's engine)."""
    if std:
        return _standard(_abbr_word())
    words = longest_first(_abbr_words())
    firsts = "".join(sorted({regex.escape(w[0]) for w in words}))
    return regex.compile(rf"(?=[{firsts}]){B}(?:{'|'.join(map(regex.escape, words))}){E}")


# (the names a text gives are few and repeat: the tidying of a name, a collective's written form and its key are
# remembered, a bounded number of each, rather than made again; each is a function of its argument alone)
_MEMO: Final = 4096


@functools.lru_cache(maxsize=_MEMO)
def _tidy(text: str) -> str:
    """Words as a name: modern tone marks, single spaces, no marks at either end, `, ` between its parts."""
    text = fold_tones(text)
    if "  " in text or not text.isprintable():   # (every whitespace but the space is unprintable)
        text = _WS.sub(" ", text)
    text = text.strip(" ,;:.-")
    return _COMMA.sub(", ", text) if "," in text else text


@functools.cache
def _caps() -> list[tuple[regex.Pattern, str, str]]:
    """Each name of [capitalised]: its pattern in lower case, the name, its first word in lower case."""
    return [(regex.compile(rf"{B}{_alternation([c])}{E}"), c, _lower(_TOKEN.match(unicodedata.normalize("NFC", c)).group()))
            for c in _list("capitalised")]


@functools.lru_cache(maxsize=_MEMO)
def _collective_name(text: str) -> str:
    """A collective as written: abbreviations expanded, lower case but for the names inside it."""
    text = _tidy(text)
    if not (text.islower() and _abbr_cased()):  # all in lower case: no abbreviation (each has a capital) to expand
        words = _abbr_words()
        text = _WORD.sub(lambda m: words.get(m.group(), m.group()), text)
    return _capitalise(_lower(text))


def _capitalise(text: str) -> str:
    """The names of [capitalised] written with their capitals (`chính phủ` → `Chính phủ`)."""
    for low, cap, first in _caps():  # one after another, as each may change what the next one sees
        if first in text:   # (a name's first word, without which it cannot match)
            text = low.sub(cap, text)
    return text


@functools.cache
def _abbr_cased() -> bool:
    """Whether every abbreviation read as a word has a capital (so that a text in lower case holds none)."""
    return all(any(c.isupper() for c in w) for w in _abbr_words())


_KEY_LEAD: Final = regex.compile(rf"(?:^|(?<=,\s))(?:các|những|mọi){E}\s*")
_KEY_AND: Final = regex.compile(r"\s+và\s+")
_KEY_RELATED: Final = regex.compile(rf"{B}có\s+liên\s+quan{E}")
_KEY_UNDER: Final = regex.compile(rf"{B}trực\s+thuộc{E}")
# the provinces and centrally run cities are the provincial level: `Ủy ban nhân dân (các) tỉnh, thành phố (trực) thuộc
# trung ương` and `Ủy ban nhân dân cấp tỉnh` are one body for search and facets
_KEY_PROVINCES: Final = regex.compile(
    rf"{B}(?:các\s+)?tỉnh\s*,\s*thành\s+phố(?:\s+(?:trực\s+)?thuộc\s+trung\s+ương)?{E}")


@functools.lru_cache(maxsize=_MEMO)
def _collective_key(name: str) -> str:
    """One spelling of a collective: lower case but for names, without a leading `các`, `và` read as a comma,
    `có liên quan` as `liên quan`, `trực thuộc` as `thuộc` (`Các bộ, ngành và địa phương` → `bộ, ngành, địa phương`)."""
    k = match_key(_collective_name(name))
    # each rewrite only where its first word stands
    if "các" in k or "những" in k or "mọi" in k:
        k = _KEY_LEAD.sub("", k)
    if "và" in k:
        k = _KEY_AND.sub(", ", k)
    if "liên" in k:
        k = _KEY_RELATED.sub("liên quan", k)
    if "trực" in k:
        k = _KEY_UNDER.sub("thuộc", k)
    if "tỉnh" in k:
        k = _KEY_PROVINCES.sub("cấp tỉnh", k)
    if "," in k:
        k = _COMMA.sub(", ", k)
    return _capitalise(k.strip(" ,"))


# ---------------------------------------------------------------- grammar, built from the gazetteer and the data

def _alternation(forms: Iterable[str], cased: Iterable[str] = ()) -> str:
    """One pattern for written forms (`cơ quan`, `cơ quan thuế`, `CQNB`): lower case with modern tone marks, those in
    ``cased`` as written; spaces optional around punctuation. The forms are laid out as a tree of their words, so the
    engine reads each word once however many forms share it, and the longest form wins."""
    return _tree(_forms_tree(forms, cased), "")


def _openings(forms: Iterable[str], cased: Iterable[str] = ()) -> set[str]:
    """The first two words of each match of ``_alternation(forms, cased)``, as the keyed text writes them (single
    spaces), or its first word alone where it may end there or a mark follows."""
    out = set()
    for first, sub in _forms_tree(forms, cased).items():
        for second in sub:
            if not second:
                out.add(first)
            elif first[0].isalnum() and second[0].isalnum():
                out.add(f"{first} {second}")
            else:
                out |= {first + second, f"{first} {second}"}
    return out


def _forms_tree(forms: Iterable[str], cased: Iterable[str]) -> dict:
    root: dict = {}
    for form, keep in [*((f, False) for f in forms), *((f, True) for f in cased)]:
        node = root
        for tok in _TOKEN.findall(unicodedata.normalize("NFC", form)):
            node = node.setdefault(tok if keep else _lower(tok), {})
        node[""] = {}
    return root


def _tree(node: dict, prev: str) -> str:
    alts = []
    for tok, sub in sorted(node.items(), key=lambda kv: (-len(kv[0]), kv[0])):
        if tok:
            sep = "" if not prev else r"\s+" if tok[0].isalnum() and prev[0].isalnum() else r"\s*"
            alts.append(sep + regex.escape(tok) + _tree(sub, tok))
    if not alts:
        return ""
    group = "(?:" + "|".join(alts) + ")"
    return group + "?" if "" in node and prev else group


def _words_alt(section: str) -> str:
    """The entries of a section of the grammar file as one alternation on the keyed text."""
    return _alternation(_list(section))


@functools.cache
def _word_abbr() -> dict[str, str]:
    """`UBND` → `Ủy ban nhân dân`: abbreviations read inside names (data: [word_abbreviations])."""
    pairs = (e.partition("=") for e in _list("word_abbreviations"))
    return {a.strip(): b.strip() for a, _, b in pairs}


@functools.cache
def _abbr_words() -> dict[str, str]:
    """Upper-case abbreviations read as words (`CQNB` → `cơ quan ngang bộ`, `UBND` → `Ủy ban nhân dân`)."""
    words = dict(_word_abbr())
    for agency in load_agencies():
        if not agency.is_name:
            words.update({a: agency.canonical for a in agency.abbreviations})
    return words


@functools.cache
def _provinces() -> dict[str, str]:
    """Bare place names (`Hà Nội`, `Thừa Thiên Huế`) by key → canonical name of the province."""
    out: dict[str, str] = {}
    for agency in load_agencies():
        if agency.kind == "province":
            for form in agency.variants:
                if not _has_province_head(key(form)):
                    out.setdefault(key(form), agency.canonical)
    return out


def _has_province_head(k: str) -> bool:
    return k.split(" ", 1)[0] in {"ủy", "ubnd", "tỉnh", "thành", "tp"}


@functools.cache
def _short_names() -> dict[str, tuple[str, str]]:
    """`công thương` → (`Bộ`, `Bộ Công Thương`): what follows `Bộ`/`Sở` in the names of ministries and departments."""
    out: dict[str, tuple[str, str]] = {}
    for agency in load_agencies():
        for form in (agency.canonical, *agency.variants):
            head, _, rest = form.partition(" ")
            if head in ("Bộ", "Sở") and rest and agency.kind in ("ministry", "office"):
                out.setdefault(key(rest), (head, agency.canonical))
    return out


@functools.cache
def _generic() -> dict[str, tuple[str, bool]]:
    """The generic nouns of bodies and actors (lower-case rows of the gazetteer) by their keyed form → (kind, weak):
    a weak noun (`bộ`, `cơ quan`) names bodies only in a list, after `các` or with a qualifier."""
    weak = {key(w) for w in _list("weak")}
    out = {}
    for agency in load_agencies():
        if not agency.is_name:
            for form in agency.forms:
                out[key(form)] = (agency.kind, key(form) in weak)
    return out


def _generic_of(item: str) -> tuple[str, bool]:
    found = _item_table().get(item)
    return found[1] if found is not None else _generic().get(key(item), ("collective", True))


def _item_key(item: str) -> str:
    """key(item), for a generic noun as the keyed text writes it."""
    found = _item_table().get(item)
    return found[0] if found is not None else key(item)


@functools.cache
def _item_table() -> dict[str, tuple[str, tuple[str, bool]]]:
    """Every spelling the grammar's `item` matches in the keyed text (single spaces; a space or none beside a mark)
    → its key and (kind, weak) as _generic_of reads them: a look-up per item instead of a key to compute."""
    generic = [a for a in load_agencies() if not a.is_name]
    tree = _forms_tree([f for a in generic for f in (a.canonical, *a.variants)],
                       [x for a in generic for x in a.abbreviations])
    out: dict[str, tuple[str, tuple[str, bool]]] = {}

    def walk(node: dict, prev: str, written: str) -> None:
        for tok, sub in node.items():
            if not tok:
                k = key(written)
                out[written] = (k, _generic().get(k, ("collective", True)))
                continue
            seps = [""] if not prev else [" "] if tok[0].isalnum() and prev[0].isalnum() else ["", " "]
            for sep in seps:
                walk(sub, tok, written + sep + tok)
    walk(tree, "", "")
    return out


@functools.cache
def _written_names() -> dict[str, str]:
    """A generic noun as the compact text writes it in lower case, alone or after `các`/`những`/`mọi` → its
    _collective_name: a look-up for the most frequent collectives."""
    return {lead + w: _collective_name(lead + w) for w in _item_table() for lead in ("", "các ", "những ", "mọi ")}


# the names _bodies gives: a council or committee by its levels (`Ủy ban nhân dân cấp tỉnh`, maybe `… ở địa phương`),
# and the role phrase of ministers and heads of ministerial bodies
_COUNCILS: Final = ("Ủy ban nhân dân", "Hội đồng nhân dân")
_LEVEL_NAMES: Final = ("các cấp", "cấp tỉnh", "cấp huyện", "cấp xã")
_LOCALLY: Final = " ở địa phương"
_ROLE_NAME: Final = "các bộ, cơ quan ngang bộ"


@functools.cache
def _name_keys() -> dict[str, str]:
    """The _collective_key of each name of _written_names() and of those _bodies gives: a look-up for the most
    frequent collectives (any other name's key is computed)."""
    made = [f"{body} {level}{where}" for body in _COUNCILS for level in _LEVEL_NAMES for where in ("", _LOCALLY)]
    return {name: _collective_key(name) for name in (*_written_names().values(), *made, _ROLE_NAME)}


@_per_engine
def _grammar(std: bool = False) -> dict[str, regex.Pattern]:
    """The patterns, run on the keyed text (lower case, modern tones, upper-case abbreviations kept); ``std``: for
    the standard library's engine, run on a _Text.std text."""
    if std:
        return {k: _standard(p) for k, p in _grammar().items()}
    generic = [a for a in load_agencies() if not a.is_name]
    forms = [f for a in generic for f in (a.canonical, *a.variants)], [x for a in generic for x in a.abbreviations]
    item = _alternation(*forms)
    item = rf"{B}{item}{E}(?!\s+{_words_alt('not_after_generic')}{E})"
    sep = r"(?:\s*,\s*(?:và\s+)?|\s+và\s+|\s*/\s*)"
    assigned = (rf"(?:\s+trong\s+(?:lĩnh\s+vực|phạm\s+vi)(?:\s+{L}+){{1,6}}?)?"   # trong lĩnh vực ... được phân công
                rf"\s+được(?:\s+{L}+){{0,3}}?\s+(?:phân\s+công|giao){E}")
    qual = (rf"(?P<qual>(?:\s+(?:ở\s+)?{TW}(?:\s+và\s+địa\s+phương)?)?(?:\s+ở\s+địa\s+phương)?"
            rf"(?:\s+(?:trực\s+)?thuộc\s+(?:chính\s+phủ|{TW}){E})?(?:{assigned})?"
            rf"(?:\s+khác{E})?(?:\s+{_RELATED})?)")
    pname = rf"{B}(?:(?:tỉnh|thành\s+phố|TP|tp)\.?\s*)?" + _alternation(_provinces()) + E
    mname = B + _alternation(_short_names()) + E
    psep = r"(?:\s*,\s*(?:và\s+)?|\s*;\s*|\s+và\s+)"
    level = rf"(?:tỉnh|huyện|xã(?!\s+hội)){E}"
    levels = rf"(?:các\s+cấp|cấp\s+{level}(?:\s*(?:,|và)\s*(?:cấp\s+)?{level})*)"
    all_provinces = r"(?:(?:các\s+)?tỉnh\s*(?:,|/|và)\s*(?:thành\s+phố|TP)\.?|các\s+(?:tỉnh|thành\s+phố))"
    directly = rf"(?:\s+trực\s+thuộc\s+{TW})"
    prov_head = (rf"(?:{UB}\s+)?(?:(?:các|\d+)\s+)?(?:tỉnh|thành\s+phố|địa\s+phương)"
                 rf"(?:\s*(?:,|/|và)\s*(?:thành\s+phố|tỉnh))?{directly}?")
    lead_in = r"\s*(?:\(\s*)?(?:(?:bao\s+gồm|gồm|là)\s*:?|:)?\s*"          # (gồm: ...
    surnames = "|".join(entries("surnames.txt"))
    return {
        "item": regex.compile(item),
        # what qualifies a list, read after its last noun (group `qual` of `collective`)
        "qual": regex.compile(qual),
        # a list of generic nouns opens with `các`/`những`/`mọi` or its first noun: tried only where those stand
        "collective": Anchored(regex.compile(rf"{B}(?P<cac>(?:các|những|mọi)\s+)?(?P<list>{item}(?:{sep}{item})*){qual}"),
                               {f"{w} {o}" for w in ("các", "những", "mọi") for o in _openings(*forms)}
                               | _openings(*forms)),
        "pname": regex.compile(pname),
        "mname": regex.compile(mname),
        # each pattern below with the words its matches open with (single spaces: the keyed text has no other)
        "prov_enum": Anchored(regex.compile(rf"{B}{prov_head}{lead_in}(?P<list>{pname}(?:{psep}{pname})*)(?:\s*\))?"),
                              (*_UB_OPEN, "các tỉnh", "các thành phố", "các địa phương", "tỉnh", "thành phố", "địa phương"),
                              " (?:tỉnh|thành phố|địa phương)"),
        "min_enum": Anchored(regex.compile(rf"{B}(?:các|những)\s+(?P<head>bộ|sở)\s*(?::\s*|\s+)"
                                           rf"(?P<list>{mname}(?:{psep}{mname})*)"),
                             ("các bộ", "các sở", "những bộ", "những sở")),
        "levels": Anchored(regex.compile(rf"{B}(?P<body>{UB}|{HD})\s+(?P<levels>{levels})(?P<where>\s+ở\s+địa\s+phương)?"),
                           (*_UB_OPEN, *_HD_OPEN)),
        "provinces": Anchored(regex.compile(rf"{B}(?:(?:{UB}|{HD})\s+{all_provinces}{directly}?"
                                            rf"|các\s+tỉnh\s*,\s*thành\s+phố{directly}?|tỉnh\s*,\s*thành\s+phố{directly}){E}"),
                              (*_UB_OPEN, *_HD_OPEN, "các tỉnh", "tỉnh")),
        "local_ub": Anchored(regex.compile(
            rf"{B}(?P<body>{UB}|{HD})\s+(?:các\s+)?(?P<units>{_LOCAL_UNIT}(?:\s*(?:,|/|và)\s*{_LOCAL_UNIT})*)"
            rf"(?:\s+(?:thuộc|trên\s+địa\s+bàn)\s+(?:tỉnh|thành\s+phố){E})?(?!\s+\p{{Lu}})"), (*_UB_OPEN, *_HD_OPEN)),
        "role": Anchored(regex.compile(rf"{B}bộ\s+trưởng(?:\s+các\s+bộ)?\s*(?:,|và)\s*thủ\s+trưởng\s+(?:các\s+)?"
                                       rf"cơ\s+quan\s+ngang\s+bộ{E}"), ("bộ trưởng",)),
        # on the folded text (case kept)
        "leader": Anchored(regex.compile(rf"{B}Phó\s+Thủ\s+tướng(?:\s+Chính\s+phủ)?(?:\s+[Tt]hường\s+trực)?\s+"
                                         rf"(?:{surnames})(?:\s+\p{{Lu}}{L}*){{1,3}}{E}"), ("Phó Thủ tướng",)),
    }


@functools.cache
def _low_starts() -> SharedStarts:
    """The word starts of the lower-case text (`low`) where the openings read on it and on the keyed text stand,
    found in one pass: the gazetteer's (`gazetteer`, the places its walks start from), the abbreviations the keyed text
    keeps (`abbreviations`) and those of the grammars of the keyed text, in lower case (`low` is the keyed text with
    those abbreviations in lower case: a grammar gets the starts its openings have in the keyed text, and maybe some
    more, where its pattern does not match)."""
    if any(fold_tones(w.lower()) != w.lower() for w in _abbr_words()):
        raise ValueError("an abbreviation read as a word changes with the tone folding in lower case")
    openings = {a.openings.pattern: ({o for o in a.words if o.islower()}, a.number) for a in _keyed_grammars()}
    # (an abbreviation of one letter, `B`, is looked for on the compact text: in lower case it opens every word
    # that starts with its letter)
    openings["abbreviations"] = ({w.lower() for w in _abbr_words() if len(w) > 1}, "")
    if _gazetteer().letter_openings:   # (else the matcher finds its own, by other rules)
        openings["gazetteer"] = (_gazetteer().openings(), "")
    return SharedStarts(openings)


def _keyed_grammars() -> list[Anchored]:
    return [*(g for g in _grammar().values() if isinstance(g, Anchored) and g is not _grammar()["leader"]), _heads()[0]]


@functools.cache
def _cased_openings() -> dict[str, tuple[re.Pattern, frozenset[int]]]:
    """The openings of the keyed grammars that hold a capital (`UBND `, `các CQNB`), which stand in the keyed text
    only over the abbreviations it keeps: each grammar's (by the pattern of its openings) as one pattern, and the
    offsets in them of the words that hold their first capital (where an abbreviation starts)."""
    out = {}
    for a in _keyed_grammars():
        cased = sorted(o for o in a.words if not o.islower())
        if cased:
            offsets = set()
            for o in cased:
                j = next(i for i, ch in enumerate(o) if ch.isupper())
                offsets.add(j - len(_TRAILING_LETTERS.search(o, 0, j).group()))
            out[a.openings.pattern] = re.compile("|".join(map(re.escape, cased))), frozenset(offsets)
    return out


_TRAILING_LETTERS: Final = regex.compile(rf"(?r){L}*$")


def _add_cased_starts(keyed: str, abbrs: list[regex.Match], shared: dict[str, list[int]]) -> None:
    """The starts of the keyed grammars' openings that hold a capital, added to those _low_starts found of the others:
    tried where the abbreviations of the keyed text begin (less the offset of their word in the opening)."""
    for pattern, (cased, offsets) in _cased_openings().items():
        found = set()
        for a in abbrs:
            for d in offsets:
                s = a.start() - d
                if s >= 0 and (not s or not _LETTER.match(keyed, s - 1)) and cased.match(keyed, s):
                    found.add(s)
        if found:
            shared[pattern] = sorted(found.union(shared[pattern]))


_LETTER: Final = regex.compile(L)


_UB_OPEN: Final = ("ủy ban nhân dân ", "UBND ")     # UB and HD as the keyed text writes them, followed by a space
_HD_OPEN: Final = ("hội đồng nhân dân ", "HĐND ")


_UNIT: Final = r"(?:quận|huyện|thị\s+xã|thành\s+phố|xã|phường|thị\s+trấn)(?![\p{L}\p{M}])"
# the levels a local council or committee is named by alone (`Ủy ban nhân dân tỉnh` in a province's own text)
_LOCAL_UNIT: Final = r"(?:tỉnh|quận|huyện|thị\s+xã|thành\s+phố|xã(?!\s+hội)|phường|thị\s+trấn)(?![\p{L}\p{M}])"
# `có liên quan` qualifies a list of bodies; `liên quan đến …` opens a clause about something else
_RELATED: Final = rf"(?:có\s+)?liên\s+quan{E}(?!\s+(?:đến|tới|với)(?![\p{{L}}\p{{M}}]))"


@_per_engine
def _local_body(std: bool = False) -> Anchored:
    """`Công an tỉnh`, `Kho bạc Nhà nước tỉnh Bình Định`, `Bảo hiểm xã hội cấp huyện`, `Ban Quản lý các khu công
    nghiệp tỉnh`: bodies named by the place or level they serve, heads from data/local_bodies.txt, run on the text
    with its capitals (``std``: for the standard library's engine)."""
    if std:
        return _standard(_local_body())
    heads, free = [], []
    for line in entries("local_bodies.txt"):
        if line.endswith("…"):
            free.append(line[:-1].strip())
        else:
            heads.append(line)
    place = r"(?:tỉnh|thành\s+phố|huyện|quận|thị\s+xã|cấp\s+(?:tỉnh|huyện|xã))"
    name = rf"(?:\s+\p{{Lu}}{L}*(?:\s*-\s*|\s+)?){{0,4}}"
    head = _alternation((), heads)
    if free:
        head = rf"(?:{head}|{_alternation((), free)}\s+(?:{L}+\s+){{1,8}}?)"
    openings = _openings((), heads) | _openings((), free)
    return Anchored(regex.compile(rf"{B}{head}\s*{place}(?:{name})?{E}"), openings)


# ---------------------------------------------------------------- bodies by the grammar of their names

@_per_engine
def _heads(std: bool = False) -> tuple[Anchored, dict[str, str]]:
    """The head nouns of names (keyed text, longest first) and the class of each: `heads`, `organisation_heads`,
    `committee_heads`, `title_heads` (a law's title: not a body)."""
    if std:
        return _standard(_heads()[0]), _heads()[1]
    cls: dict[str, str] = {}
    for section in ("committee_heads", "title_heads", "organisation_heads", "heads"):
        for h in _list(section):
            cls.setdefault(" ".join(_lower(h).split()), section)
    return Anchored(regex.compile(rf"{B}{_alternation(cls)}{E}"), _openings(cls)), cls


def _capital_heads(t: _Text) -> list[regex.Match]:
    """The matches of the head nouns in the keyed text (as the pattern's finditer) that are capitalised as written: a
    head in lower case (`ban hành`, `nhiệm vụ`) names no body, and is read only where its match may cover the next
    start (which it then passes over). (A list: a generator compiled by mypyc costs more per item.)"""
    head_re = _heads(t.std)[0]
    match, ctext, keyed, reach = head_re.pattern.match, t.ctext, t.keyed, _head_reach()
    starts = t.starts(head_re)
    pos = 0
    out = []
    for i, s in enumerate(starts):
        if s < pos:
            continue
        capital = ctext[s].isupper()
        if not capital and (i + 1 == len(starts) or starts[i + 1] >= s + reach):
            continue
        m = match(keyed, s)
        if m is not None:
            pos = m.end() if m.end() > s else s + 1
            if capital:
                out.append(m)
    return out


@functools.cache
def _head_reach() -> int:
    """The longest match of the head nouns in the keyed text (single spaces; one or none beside a mark)."""
    return max(len(" ".join(_TOKEN.findall(unicodedata.normalize("NFC", h)))) for h in _heads()[1])


def _head_at(keyed: str, pos: int, std: bool = False) -> str | None:
    """The class of the head noun that starts at ``pos`` of the keyed text (`heads`, `committee_heads` …), if any."""
    head_re, cls = _heads(std)
    m = head_re.match(keyed, pos)
    return cls[" ".join(m.group().split())] if m else None


@_per_engine
def _walk_patterns(std: bool = False) -> dict[str, regex.Pattern]:
    """What ends a name, read on the keyed text at a word."""
    if std:
        return {k: _standard(p) for k, p in _walk_patterns().items()}
    stops, committee_ok = set(_list("stops")), set(_list("committee_stops"))
    verbs = alternation("action_verbs.txt")
    return {
        "stop": regex.compile(rf"(?:{_words_alt('stops')}|{verbs}){E}"),
        "committee_stop": regex.compile(rf"{_alternation(stops - committee_ok)}{E}"),
        "verb": regex.compile(rf"{verbs}{E}"),
        "hard": regex.compile(rf"{_words_alt('hard_boundaries')}{E}"),
        "title_stop": regex.compile(rf"{_words_alt('title_stops')}{E}"),
        "pair": regex.compile(rf"{_words_alt('comma_pairs')}{E}"),
        "not_body": regex.compile(rf"{_words_alt('not_bodies')}{E}"),
        "place_before": regex.compile(rf"(?r){B}{_words_alt('place_units')}\s+$"),
        "name_phrase": regex.compile(rf"{_words_alt('name_phrases')}{E}"),
        "government_thing": regex.compile(rf"\s+{_words_alt('government_things')}{E}(?!\s*\d)"),
        "lower_first": regex.compile(rf"{_words_alt('lower_name_heads')}{E}"),
    }


class _Words:
    """The words after a head noun (syllables, numbers, marks), for walking a name word by word: read from the text
    as far as a name can go, so a whole document is not cut into words. Index 0 is the head's last word."""

    def __init__(self, t: _Text, head_start: int, head_end: int):
        self.t, self.ctext, self.keyed = t, t.ctext, t.keyed
        last = _LAST_TOKEN.search(t.ctext, head_start, head_end)
        self.spans = [last.span()]   # the words read so far (need reads more: most names end within a few words)
        self.complete = True   # the words run to the end of the text (known once they are all read)
        self._rest: Iterator[regex.Match] | None = _token(t.std).finditer(t.ctext, head_end)

    def need(self, n: int) -> None:
        """Read words until there are ``n`` of them, or the text or the bound of a name's words ends."""
        spans, rest = self.spans, self._rest
        while len(spans) < n and rest is not None:
            m = next(rest, None)
            if m is None:
                rest = None
                break
            spans.append(m.span())
            if len(spans) > 3 * MAX_NAME_WORDS:
                self.complete, rest = False, None
        self._rest = rest

    def capitalised(self, i: int) -> bool:
        if i >= len(self.spans):
            self.need(i + 1)
        return 0 <= i < len(self.spans) and self.ctext[self.spans[i][0]].isupper()

    def after(self, end: int) -> int:
        """The index of the first word at or after ``end`` (the words up to it read)."""
        spans = self.spans
        while self._rest is not None and spans[-1] < (end, end):
            self.need(len(spans) + 1)
        return bisect.bisect_left(spans, (end, end))


_LAST_TOKEN: Final = regex.compile(r"(?r)[\p{L}\p{M}]+|\d+|\S")


@_per_engine
def _token(std: bool = False) -> regex.Pattern:
    """_TOKEN; ``std``: for the standard library's engine, on a _Text.std text (the words of the names walked)."""
    return _standard(_TOKEN) if std else _TOKEN
_JOINED: Final = ("và", "-", "–", "&", ",")   # after these a name goes on over a line break (`Lao động và\nXã hội`)
_MARKER_END: Final = (".", ")", "/")


def _walk(w: _Words, mode: str, lower_first: bool) -> int | None:
    """Where the name after the head ends; None when no word of a name follows its head.

    ``mode``: `unit` (stops at verbs, at `của`, `về`), `committee` (a name that may hold verbs: `Tổ công tác triển
    khai Đề án 06`; `của` + a body ends it with that body), `title` (a law's title, through names of bodies).

    Official names capitalise their first word and the proper names in them (`Cục Sở hữu trí tuệ Việt Nam`, `Ủy ban
    Chứng khoán Nhà nước`): once a capitalised word follows lower-case ones other than after `và` or `-`, the name
    closes with it and the one syllable of its word (`Nhà nước`, `Đề án 06`); lower-case words after that are the
    clause's (`… Việt Nam cấp giấy chứng nhận`)."""
    std = w.t.std
    P = _walk_patterns(std)
    stop = P[_STOP_OF[mode]]
    ctext, keyed, spans, gaz, breaks = w.ctext, w.keyed, w.spans, w.t.gaz, w.t.breaks
    low, name_words = w.t.low, _name_words()
    ends: list[int] = []          # the end of each word taken, in order
    taken: list[str] = []
    cut = None
    n = lower_run = 0
    closing = seen_lower = False
    i = 1
    while True:
        if i + 2 > len(spans):
            w.need(i + 2)   # this word and the next
        if not (i < len(spans) and n < MAX_NAME_WORDS):
            break
        s, e = spans[i]
        tok, before = ctext[s:e], ctext[spans[i - 1][0]:spans[i - 1][1]]
        if s - 1 in breaks and not tok[0].islower() and before not in _JOINED \
                and not (tok[0].isupper() and w.capitalised(i - 1)):
            break  # a new line that starts a sentence, a number or a mark: a heading's name ends with its line
        if len(tok) == 1 and tok.isalpha() and ctext[e:e + 1] in ").":
            break  # a list marker (`a)`)
        if tok.isdigit():
            if s == spans[i - 1][1] or len(tok) > 3 or ctext[e:e + 1] in _MARKER_END \
                    or not any(w.capitalised(k) for k in (i - 1, i - 2)):
                break  # a footnote marker glued to a word (`Xã hội16`), a year, a list marker (`1.`), a count
            ends.append(e)
            taken.append(tok)   # `Quân khu 7`, `Đề án 06`
            n, i, lower_run = n + 1, i + 1, 0
            continue
        if not tok[0].isalpha():
            if tok in "-–&" and w.capitalised(i + 1) and spans[i + 1][0] not in gaz:
                i += 1  # `Lao động - Thương binh`, `KH&ĐT`: the name goes on
                seen_lower = False
                continue
            if tok == "," and mode == "committee" and P["pair"].match(keyed, spans[i - 1][0]):
                i += 1  # `phòng, chống`
                continue
            break
        if s in gaz and mode != "title":
            break  # another body's name begins (`Văn phòng Bộ Tài chính`)
        if tok[0].isupper():
            if n and mode != "title" and _office_holder(std).match(keyed, s):
                break  # `Hội đồng quản trị, Tổng giám đốc` with its comma lost: another party
            if seen_lower and before not in _JOINED:
                closing = True
            lower_run, seen_lower = 0, False
        else:
            if n == 0 and not lower_first:
                break
            phrase = P["name_phrase"].match(keyed, s)
            if phrase:  # `… cấp tỉnh`
                w.after(phrase.end())   # (its words read)
                while i < len(spans) and spans[i][1] <= phrase.end():
                    ends.append(spans[i][1])
                    taken.append(ctext[spans[i][0]:spans[i][1]])
                    i, n = i + 1, n + 1
                continue
            if tok == "và":
                if w.capitalised(i + 1) and spans[i + 1][0] not in gaz and not _head_at(keyed, spans[i + 1][0], std):
                    i += 1  # `Lao động - Thương binh và Xã hội`
                    seen_lower = False
                    continue
                break
            if mode == "committee" and tok == "của":
                nxt = spans[i + 1][0] if i + 1 < len(spans) else -1
                if nxt in gaz:  # `… của Thủ tướng Chính phủ` ends the name
                    ends.append(gaz[nxt])
                    taken.append(ctext[nxt:gaz[nxt]])
                break
            if n and f"{low[spans[i - 1][0]:spans[i - 1][1]]} {low[s:e]}" in name_words:   # (_lower of both words)
                ends.append(e)
                taken.append(tok)   # `Hàng không`, `Lưu ký`: the second syllable of a name's word
                n, i = n + 1, i + 1
                continue
            if stop.match(keyed, s) or (closing and (lower_run or not w.capitalised(i - 1) or w.capitalised(i - 2))):
                break
            if mode == "committee" and cut is None and P["verb"].match(keyed, s):
                cut = len(ends)  # the words before the first verb, in case the name does not end surely
            lower_run, seen_lower = lower_run + 1, True
            if lower_run > MAX_LOWER_RUN:
                break
        ends.append(e)
        taken.append(tok)
        n += 1
        i += 1
    w.need(i + 1)
    if mode == "committee" and cut is not None and ends and taken[-1][0].islower() \
            and not (i < len(spans) and P["hard"].match(keyed, spans[i][0])):
        del ends[cut:], taken[cut:]   # verbs after the head, not closed by a name or a role: not the name
    while taken and taken[-1] in _DANGLING:
        ends.pop(), taken.pop()
    return ends[-1] if ends else None


_STOP_OF: Final = {"unit": "stop", "committee": "committee_stop", "title": "title_stop"}   # what ends a name, by mode
_DANGLING: Final = ("về", "của", "và")   # a name does not end with these joining words


def _named(t: _Text) -> list[_Group]:
    """Bodies named by a head noun and their name (`Cục Việc làm`, `Trung tâm dữ liệu quốc gia`, `Tổ công tác triển
    khai Đề án 06`), committees named by their head alone (`Ban Chỉ đạo`), and the titles of laws, which block the
    names inside them (`Luật Tổ chức Chính phủ`)."""
    head_re, cls = _heads(t.std)
    P = _walk_patterns(t.std)
    ctext, keyed, gaz = t.ctext, t.keyed, t.gaz
    out: list[_Group] = []
    clean: set[str] = set()
    known = sorted(gaz.items())
    for m in _capital_heads(t):
        s = m.start()
        written = ctext[s:m.end()]
        k = bisect.bisect_right(known, (s, 1 << 62)) - 1
        if written.isupper() or (k >= 0 and known[k][1] > s) \
                or P["not_body"].match(keyed, s) \
                or _place_before(keyed, s, P["place_before"]):
            continue  # a common word (`ban hành`), a heading in capitals, a name the gazetteer knows, a place
        section = cls[" ".join(m.group().split())]
        mode = {"committee_heads": "committee", "title_heads": "title"}.get(section, "unit")
        organisation = section == "organisation_heads"
        words = _Words(t, s, m.end())
        lower_first = mode == "committee" or organisation or bool(P["lower_first"].match(keyed, s))
        end = _walk(words, mode, lower_first)
        if mode == "title":
            if end is not None:
                out.append(_Group(s, end))  # blocks the words of bodies in it
            continue
        if organisation and end is not None and not _UPPER.search(ctext, m.end(), end):
            continue  # `Tập đoàn điện lực Việt Nam` is a name, `công ty mẹ` is not
        if mode == "unit" and end is not None and not words.capitalised(1) \
                and len(_token(t.std).findall(ctext, m.end(), end)) < MIN_LOWER_NAME:
            continue  # `Trung tâm dữ liệu`, `Trung tâm y tế`: a kind of centre; a named one says more
        if end is None:
            if mode != "committee":
                continue
            end = m.end()  # `Ban Chỉ đạo` alone: the body the document set up (resolved in _short_forms)
        kind = "organisation" if organisation else {"committee": "committee", "unit": "body"}[mode]
        out.append(_Group(s, end, [_M(s, end, _tidy(ctext[s:end]), kind, False)], rank=2))
        if _ends_clean(words, end):
            clean.add(out[-1].mentions[0].name)
    return _common_prefixes(ctext, out, clean)


def _place_before(keyed: str, s: int, pattern: regex.Pattern) -> bool:
    """Whether a place unit and a space stand just before ``s`` of the keyed text (`xã`, `thành phố`: ``pattern``,
    the walk's `place_before`, in the 12 characters before), searched only where the words there end with a unit's
    last word and whitespace (without which the pattern cannot match)."""
    lo = max(0, s - 12)
    tail = keyed[lo:s]
    words = tail.rstrip()   # (every whitespace character of the pattern's is one str.rstrip strips)
    if len(words) == len(tail) or not words.endswith(_place_ends()):
        return False
    return pattern.search(keyed, lo, s) is not None


@functools.cache
def _place_ends() -> tuple[str, ...]:
    """The last word of each place unit, as the keyed text writes it (in lower case, modern tone marks)."""
    return tuple(sorted({_lower(_TOKEN.findall(unicodedata.normalize("NFC", u))[-1]) for u in _list("place_units")}))


def _ends_clean(w: _Words, end: int) -> bool:
    """Whether what follows a name surely ends it: a mark, the end, a word that ends names (not a new line, a limit,
    a blank to fill)."""
    i = w.after(end)
    if i >= len(w.spans):
        return w.complete
    s = w.spans[i][0]
    if w.ctext[s] == "…" or w.ctext.startswith("..", s):
        return False  # a blank to fill in a form (`Trung tâm Dịch vụ việc......`)
    stop = _walk_patterns(w.t.std)["stop"]
    return not w.ctext[s].isalnum() or (s - 1 not in w.t.breaks and bool(stop.match(w.keyed, s)))


_UPPER: Final = regex.compile(r"\p{Lu}")


def _common_prefixes(ctext: str, groups: list[_Group], names: set[str]) -> list[_Group]:
    """A name whose last words are in lower case is cut where the same text names the body without them elsewhere,
    a name there surely ended (``names``): `Trung tâm dữ liệu quốc gia lưu trữ dữ liệu` is `Trung tâm dữ liệu quốc
    gia` (a verb the word lists do not know follows it). Reading a whole document at once lets its other mentions
    decide."""
    out = []
    for g in groups:
        if g.mentions and names:
            toks = list(_TOKEN.finditer(ctext, g.start, g.end))
            for k in range(len(toks) - 1, 0, -1):
                if not toks[k].group()[0].islower():
                    break
                prefix = _tidy(ctext[g.start:toks[k - 1].end()])
                if prefix in names and prefix != g.mentions[0].name:
                    end = toks[k - 1].end()
                    g = _Group(g.start, end, [g.mentions[0]._replace(end=end, name=prefix)], g.rank)
                    break
        out.append(g)
    return out


# ---------------------------------------------------------------- the recognisers

@functools.cache
def _abbreviations() -> dict[str, set[str]]:
    """The abbreviations of the gazetteer, as written, by key (`ttg` → {`TTg`})."""
    out: dict[str, set[str]] = {}
    for agency in load_agencies():
        for a in agency.abbreviations:
            out.setdefault(key(a), set()).add(a)
    return out


def _name_match_ok(t: _Text, span: PhraseMatch) -> bool:
    """Whether a gazetteer match is an agency here (the ruler then keeps the longest of those that are)."""
    ctext = t.ctext
    s, e, text = span.start, span.end, span.text
    if _code_before(ctext, s) or (e + 1 < len(ctext) and ctext[e] in "/-" and ctext[e + 1].isalnum()):
        return False  # the issuer code of a document number: 240/QĐ-TTg, 1250/VPCP-KSTT
    # (the ruler's form of a text whose lower case keeps its length, `low`, is key()'s form of each phrase it finds:
    # NFC, lower case, tones folded; a phrase starts and ends at a word's edge, where the folding of a slice reads as
    # that of the whole, and holds no `σ`, whose lower case alone depends on the letters around it)
    k = key_lowered(t.low[s:e]) if t.same and _sigma_free() else key(text)
    if k in _abbreviations() and text not in _abbreviations()[k] and not text.isupper():
        return False  # an abbreviation in the wrong case is an ordinary word
    agency = surface_index().get(k)
    if agency and agency.kind == "province" and not t.cell and not _has_province_head(k):
        return False  # a bare place name (`Hà Nội`, `Nguyễn Hòa Bình`) is an agency only in a list
    if agency and agency.kind == "government" and _walk_patterns(t.std)["government_thing"].match(t.keyed, e):
        return False  # Chính phủ điện tử, Chính phủ số
    if span.last.norm in _generic_end() and _name_follows(t, e, span.last.text):
        return False  # `Văn phòng Bộ Tài chính`: the name goes on with the next words
    return True


@functools.cache
def _sigma_free() -> bool:
    """Whether no phrase of the gazetteer holds a `σ` or `ς` (the one letter str.lower() writes by its neighbours)."""
    keys = [key(form) for agency in load_agencies() if agency.is_name for form in agency.forms]
    return not any("σ" in k or "ς" in k for k in keys)


@functools.cache
def _generic_end() -> frozenset[str]:
    return frozenset(_lower(w) for w in _list("generic_end"))


@functools.cache
def _gazetteer() -> PhraseMatcher:
    """Every written form of every named agency of the gazetteer (common nouns such as `bộ`, `cơ quan` aside)."""
    return PhraseMatcher((form, agency.kind, agency.canonical) for agency in load_agencies() if agency.is_name
                         for form in dict.fromkeys(agency.forms))


def _code_before(ctext: str, s: int) -> bool:
    """Whether a `/` or `-` glued to a letter or digit stands before ``s``: a name there is the issuer code of a
    document number (`240/QĐ-TTg`)."""
    return s > 1 and ctext[s - 1] in "/-" and ctext[s - 2].isalnum()


def _ruler(t: _Text) -> list[_Group]:
    same = t.same   # else _lower is not the matcher's form: it makes its own
    starts = t.shared.get("gazetteer") if same else None
    if starts:
        # every match found from a start after an issuer code's `/` or `-` is refused by _name_match_ok (and a
        # refused match takes no words from the others): no walk from there
        ctext = t.ctext
        starts = [s for s in starts if not _code_before(ctext, s)]
    found = _gazetteer().find(t.ctext, lambda m: _name_match_ok(t, m), t.low if same else None, starts)
    return [_Group(m.start, m.end, [_M(m.start, m.end, m.id, m.label)]) for m in found]


def _enumerations(t: _Text) -> list[_Group]:
    """`05 tỉnh, thành phố (gồm: Hà Nội, Bắc Ninh)`, `Các bộ: Công Thương, Y tế`: one mention per name, the first
    from the words that open the list, so that the list's subject starts where it is written."""
    out = []
    keyed = t.keyed
    provinces, shorts = _provinces(), _short_names()
    G = _grammar(t.std)
    for m in G["prov_enum"].finditer(keyed, t.starts(G["prov_enum"])):
        g = _Group(m.start(), m.end(), rank=1)  # `tỉnh Quảng Ninh` alone is the ruler's
        for p in G["pname"].finditer(keyed, m.start("list"), m.end("list")):
            bare = _PROVINCE_HEAD.sub("", p.group())
            g.mentions.append(_M(p.start() if g.mentions else m.start(), p.end(),
                                 provinces.get(key(bare), _tidy(p.group())), "province"))
        out.append(g)
    for m in G["min_enum"].finditer(keyed, t.starts(G["min_enum"])):
        head = "Bộ" if m["head"] == "bộ" else "Sở"
        g = _Group(m.start(), m.end(), rank=-1)
        for n in G["mname"].finditer(keyed, m.start("list"), m.end("list")):
            found = shorts.get(key(n.group()))
            s = n.start() if g.mentions else m.start()
            if found and found[0] == head:
                g.mentions.append(_M(s, n.end(), found[1], "ministry" if head == "Bộ" else "office"))
            else:
                g.mentions.append(_M(s, n.end(), f"{head} {_tidy(n.group())}", "office"))
        out.append(g)
    return out


# the units a council of a province is named by, and nothing after them (`HỘI ĐỒNG NHÂN DÂN TỈNH` before its name)
_PROVINCIAL_UNITS: Final = regex.compile(r"\s*(?:tỉnh|thành\s+phố)$")


def _bodies(t: _Text) -> list[_Group]:
    """People's committees and councils by level (distributed) or for all provinces; bodies named by the place they
    serve; role phrases; named deputies."""
    out = []
    ctext, keyed, folded = t.ctext, t.keyed, t.folded
    G = _grammar(t.std)
    for m in G["levels"].finditer(keyed, t.starts(G["levels"])):
        body = _COUNCILS[0] if m["body"] == "UBND" or m["body"].startswith("ủy") else _COUNCILS[1]
        found = list(_LEVEL.finditer(keyed, m.start("levels"), m.end("levels")))
        g = _Group(m.start(), m.end())
        for i, lv in enumerate(found):
            level = "các cấp" if lv.group().startswith("các") else "cấp " + lv.group().split()[-1]
            name, end = f"{body} {level}", lv.end()
            if len(found) == 1 and m["where"]:
                name, end = name + _LOCALLY, m.end()
            g.mentions.append(_M(m.start() if i == 0 else lv.start(), end, name, "collective"))
        out.append(g)
    for m in G["local_ub"].finditer(keyed, t.starts(G["local_ub"])):
        place = G["pname"].match(keyed, m.end() + 1) if keyed[m.end():m.end() + 1] == " " else None
        if place and _PROVINCIAL_UNITS.match(keyed, m.start("units"), m.end()):
            # `HỘI ĐỒNG NHÂN DÂN TỈNH NGHỆ AN`: the council of the province named after it
            province = _provinces().get(key(_PROVINCE_HEAD.sub("", keyed[place.start():place.end()])))
            if province:
                body = "Hội đồng nhân dân" if _lower(m["body"]).startswith(("hội", "hđnd")) else "Ủy ban nhân dân"
                council = body + province[len("Ủy ban nhân dân"):] if province.startswith("Ủy ban nhân dân") else None
                if council:
                    out.append(_Group(m.start(), place.end(), [_M(m.start(), place.end(), council, "province", True)]))
                    continue
        out.append(_Group(m.start(), m.end(), [_M(m.start(), m.end(), _collective_name(ctext[m.start():m.end()]),
                                                  "collective")]))
    abbr = _word_abbr()
    local_body = _local_body(t.std)
    for m in local_body.finditer(ctext, t.starts(local_body, "ctext")):
        end = m.start() + len(m.group().rstrip())
        name = _WORD.sub(lambda w: abbr.get(w.group(), w.group()), _tidy(m.group()))
        out.append(_Group(m.start(), end, [_M(m.start(), end, name, "office")]))
    for m in G["provinces"].finditer(keyed, t.starts(G["provinces"])):
        name = _collective_name(ctext[m.start():m.end()])
        out.append(_Group(m.start(), m.end(), [_M(m.start(), m.end(), name, "collective")]))
    for m in G["role"].finditer(keyed, t.starts(G["role"])):
        out.append(_Group(m.start(), m.end(), [_M(m.start(), m.end(), _ROLE_NAME, "collective")]))
    for m in G["leader"].finditer(folded, t.starts(G["leader"], "folded")):
        out.append(_Group(m.start(), m.end(), [_M(m.start(), m.end(), _tidy(m.group()), "government")]))
    return out


def _name_follows(t: _Text, end: int, item_text: str) -> bool:
    """Whether a capitalised word follows, making the generic noun before it the head of a name (`Sở Tư pháp`); not
    when that word starts a name of its own (`các bộ, ngành Ủy ban nhân dân cấp tỉnh` in a cell that lost a comma)
    or a new line."""
    if not t.ctext[end + 1:end + 2].isupper():
        return False   # no capital after the one space the compact text has (the next word's first letter)
    nxt = _NEXT_WORD.match(t.ctext, end, min(len(t.ctext), end + 40))
    if not nxt or _lower(nxt.group(1)) in _not_name_words() or nxt.start(1) in t.gaz or end in t.breaks:
        return False
    word = nxt.group(1)
    if not word[0].isupper():
        return False
    return not (word.isupper() and len(word) > 1 and item_text.isupper() and len(item_text) > 1)


@functools.cache
def _not_name_words() -> frozenset[str]:
    return frozenset(_lower(w) if not w.isupper() else w.lower() for w in _list("not_name_after_generic"))


@_per_engine
def _bare_parent(std: bool = False) -> regex.Pattern:
    """`thuộc Bộ`, `trực thuộc Tổng cục` with no name after: the body whose document this is; maybe `có liên quan`."""
    if std:
        return _standard(_bare_parent())
    heads = ["Bộ", *(h for h in _list("heads") if " " not in h)]
    return regex.compile(rf"\s+(?:trực\s+)?thuộc\s+{_alternation((), heads)}{E}(?!\s+\p{{Lu}})"
                         rf"(?:\s+{_RELATED})?")


# characters a qualifier after a list of generic nouns may take (`thuộc Bộ … có liên quan`)
_QUALIFIER_REACH: Final = 200


def _collectives(t: _Text) -> list[_Group]:
    """Lists of generic nouns (`các bộ, ngành, địa phương`, `cơ quan, đơn vị có liên quan`) and generic actors
    (`cơ quan bảo hiểm xã hội`, `người sử dụng lao động`, `doanh nghiệp`), lower case as written."""
    out, pos = [], 0
    ctext, keyed, cell = t.ctext, t.keyed, t.cell
    left_ok, after_cac = _list_words()
    names = _written_names()
    G = _grammar(t.std)
    collective, item = G["collective"].pattern, G["item"]
    for start in t.starts(G["collective"]):   # (the matches of Anchored.search from ``pos`` on)
        if start < pos:
            continue
        if not cell and not keyed.startswith(_LEADS, start):
            alone = item.match(keyed, start)
            if alone is None:
                continue   # (no list opens here)
            end = alone.end()
            if not _list_goes_on(keyed, end):
                # a bare noun not followed by a separator: a list of one, read alone (what the list pattern would
                # read: the noun and its qualifier), its readings made here
                pos, noun = end, alone.group()
                kind, weak = _generic_of(noun)
                if (ctext[end + 1:end + 2].isupper() and _name_follows(t, end, ctext[start:end])) or (
                        weak and not noun.isupper() and _bare_noun_left(t, start, left_ok)):
                    continue
                qual = ""
                # else neither a qualifier nor a parent follows (the words a parent opens with, _UNDER_OPENS, are
                # among the qualifier's, and the keyed text writes them as the compact text does)
                if keyed.startswith(_QUAL_OPENS, end):
                    found = _qualifier(keyed, end, t.std)
                    if found is not None:
                        end, qual = found.end(), found["qual"].strip()
                    if not qual:
                        end, qual = _under_parent(t, pos)
                pos = end
                if qual or not weak:
                    written = ctext[start:end]
                    name = names.get(written) or _collective_name(written)
                    out.append(_Group(start, end, [_M(start, end, name, kind)], rank=1))
                continue
        m = collective.match(keyed, start)
        if m is None:
            continue
        qual = m["qual"].strip()
        ls, le = m.span("list")
        first = item.match(keyed, ls, le)   # a list of one noun (most): what finditer finds in it
        items = [first] if first is not None and first.end() == le else list(item.finditer(keyed, ls, le))
        pos = items[0].end()  # what is not taken is tried again from the next noun on
        if not m["cac"] and not cell and _generic_of(items[0].group())[1] and not items[0].group().isupper() \
                and _bare_noun_left(t, start, left_ok):
            continue  # đồng bộ, cán bộ, ngân sách địa phương
        for i, it in enumerate(items):
            if _name_follows(t, it.end(), ctext[it.start():it.end()]):
                items, qual = items[:i], ""
                break
        if not items:
            continue
        end = m.end() if qual else items[-1].end()
        if not qual:
            end, qual = _under_parent(t, end)
        pos = end
        for s, its, e in _parts(start, items, end, bool(qual)) if len(items) > 1 else [(start, items, end)]:
            words = [it.group() for it in its]
            kinds = [_generic_of(w) for w in words]
            ok = len(its) > 1 or (qual and e == end) or not kinds[0][1] \
                or (cell and not _WORD_NEXT.match(ctext, e)) \
                or (s < its[0].start() and _lower(words[0]) in after_cac)   # (a cell's item ends at a mark or the end)
            if ok:
                sides = {k for k, _ in kinds}
                kind = sides.pop() if len(sides) == 1 else "collective"
                written = ctext[s:e]
                name = names.get(written) or _collective_name(written)
                out.append(_Group(s, e, [_M(s, e, name, kind)], rank=1))
    return out


_LEADS: Final = ("các", "những", "mọi")


def _under_parent(t: _Text, end: int) -> tuple[int, str]:
    """What follows a list without a qualifier at ``end``: a bare parent (`các đơn vị thuộc Bộ có liên quan`: the list
    goes on to its end) or a named one (`cơ quan chuyên môn thuộc Ủy ban nhân dân …`: joined to it in _attach), with
    the qualifier `thuộc`; else ``end`` and no qualifier."""
    if t.ctext.startswith(_UNDER_OPENS, end):   # the first word both patterns open with
        # (bounded windows: the regex engine looks for a pattern's required words from ``pos`` to the end of the
        # string first, so an unbounded match at each of many names would cost the length of the text each time)
        parent = _bare_parent(t.std).match(t.folded, end, end + _QUALIFIER_REACH)
        if parent:
            return parent.end(), "thuộc"
        under = _UNDER.match(t.ctext, end, end + _QUALIFIER_REACH)
        if under and under.end() in t.gaz:
            return end, "thuộc"
    return end, ""


# the words the qualifier of a list may open with, after its one space (`ở`, `trung ương`, `TW`, `trực thuộc`,
# `thuộc`, `trong lĩnh vực`, `được giao`, `khác`, `có liên quan`, `liên quan`)
_QUAL_OPENS: Final = (" ở", " trung", " TW", " trực", " thuộc", " trong", " được", " khác", " có", " liên")
_UNDER_OPENS: Final = (" thuộc", " trực")   # those a parent opens with (_under_parent), after its one space


def _qualifier(keyed: str, pos: int, std: bool = False) -> regex.Match | None:
    """The qualifier's match at ``pos`` of the keyed text (group `qual`), or None where it can only be empty: it is
    read only where one of the words it opens with follows."""
    return _grammar(std)["qual"].match(keyed, pos) if keyed.startswith(_QUAL_OPENS, pos) else None


def _list_goes_on(keyed: str, end: int) -> bool:
    """Whether a separator of a list of nouns may follow ``end`` of the keyed text (a comma, `và`, `/`)."""
    c = keyed[end:end + 1]
    return c in (",", "/") or (c == " " and (keyed[end + 1:end + 2] in (",", "/") or keyed.startswith("và", end + 1)))


def _bare_noun_left(t: _Text, start: int, left_ok: frozenset[str]) -> bool:
    """Whether a weak noun without `các` at ``start`` has a word before it that does not open a list; a new line that
    starts with a capital starts a list, a line wrapped inside `chuyên ngành` does not."""
    if start - 1 in t.breaks and t.ctext[start].isupper():
        return False
    prev = _word_before(t.keyed, start)
    return prev is not None and prev not in left_ok


def _word_before(keyed: str, start: int) -> str | None:
    """The word that ends at ``start`` or one space before it (its last 40 characters at most), or None."""
    lo = max(0, start - 40)
    end = start - 1 if start > lo and keyed[start - 1] == " " else start   # (the keyed text has single spaces)
    word = keyed[max(lo, keyed.rfind(" ", lo, end) + 1):end]
    if word.isalpha():   # letters from a space (or the window's start) on: the word
        return word
    prev = _LAST_WORD.search(keyed, lo, start)
    return prev.group(1) if prev else None


@functools.cache
def _list_words() -> tuple[frozenset[str], frozenset[str]]:
    """Words before a bare list ([list_left]) and weak nouns that name bodies after `các` ([after_cac])."""
    return frozenset(_lower(w) for w in _list("list_left")), frozenset(_lower(w) for w in _list("after_cac"))


@functools.cache
def _new_reading() -> frozenset[str]:
    return frozenset(key(w) for w in _list("new_reading"))


def _parts(start: int, items: list, end: int, qualified: bool) -> list[tuple[int, list, int]]:
    """Where one list of generic nouns is several readings. Public bodies, bodies outside the State (`doanh nghiệp,
    hợp tác xã`) and persons (`học sinh, sinh viên`) each make their own reading; one named specifically
    (`cơ sở khám bệnh, chữa bệnh`, `người sử dụng lao động`) stands alone; `cá nhân`, `công dân` stay with the bodies
    before them (`tổ chức, cá nhân`). A qualifier over the whole list (`có liên quan`) keeps it one reading but for
    what stands alone; without one, `cơ quan thuộc Chính phủ` after other items starts a new reading."""
    parts: list[tuple[int, list, int]] = []
    for i, it in enumerate(items):
        new = i == 0 or _sides_differ(parts[-1][1][-1].group(), it.group(), qualified) \
            or (not qualified and _item_key(it.group()) in _new_reading())
        if new:
            parts.append((start if i == 0 else it.start(), [it], it.end()))
        else:
            parts[-1] = (parts[-1][0], parts[-1][1] + [it], it.end())
    parts[-1] = (parts[-1][0], parts[-1][1], end)
    return parts


def _sides_differ(before: str, item: str, qualified: bool) -> bool:
    """Whether two neighbours of a list belong to different readings (see _parts)."""
    (k1, weak1), (k2, weak2) = _generic_of(before), _generic_of(item)
    if (k1 != "collective" and not weak1) or (k2 != "collective" and not weak2):
        return not (k1 == k2 == "individual")   # named specifically: alone, but persons go together
    if k2 == "individual":
        return False                        # `tổ chức, cá nhân`
    return k1 != k2 and not (qualified and k2 != "collective")


def _resolve(groups: list[_Group]) -> list[_M]:
    """The longest readings win; among readings of one length, the lowest rank. Non-overlapping, in order."""
    taken: list[tuple[int, int]] = []   # sorted spans already taken
    kept: list[_Group] = []
    for g in sorted(groups, key=lambda g: (g.start - g.end, g.rank, g.start)):
        i = bisect.bisect_left(taken, (g.start, g.end))
        if (i and taken[i - 1][1] > g.start) or (i < len(taken) and taken[i][0] < g.end):
            continue
        taken.insert(i, (g.start, g.end))
        kept.append(g)
    out = [m for g in kept for m in g.mentions]   # (a list, not a generator: mypyc's cost more per item)
    out.sort()
    return out


def _attach(ctext: str, mentions: list[_M]) -> list[_M]:
    """`Sở Tư pháp thuộc Ủy ban nhân dân …`, `cơ quan chuyên môn thuộc Ủy ban nhân dân cấp tỉnh`: a body followed by
    `thuộc` and its parent is one mention."""
    out: list[_M] = []
    for m in mentions:
        # (the gap holds `thuộc` where _UNDER matches all of it: looked for first, at C speed)
        gap = _UNDER.fullmatch(ctext, out[-1].end, m.start) \
            if out and ctext.find(_UNDER_WORD, out[-1].end, m.start) >= 0 else None
        if gap and out[-1].kind in _ATTACHING and m.kind not in ("organisation", "individual"):
            prev = out.pop()
            m = _M(prev.start, m.end, f"{prev.name} {_tidy(gap.group())} {m.name}", prev.kind, prev.known)
        elif out and m.kind == "collective" and out[-1].kind != "individual" and _PLACES.match(m.name) \
                and not ctext[out[-1].end:m.start].strip():
            # `Sở Lao động - Thương binh và Xã hội các tỉnh, thành phố trực thuộc Trung ương`, `cơ quan bảo hiểm xã hội
            # tỉnh, thành phố …`: the places qualify the body before them (the body of each province), no second body
            prev = out.pop()
            m = _M(prev.start, m.end, f"{prev.name} {m.name}", prev.kind, prev.known)
        out.append(m)
    return out


# the places a collective names (`các tỉnh, thành phố trực thuộc Trung ương`, `huyện, thị xã`)
_PLACES: Final = regex.compile(r"(?:các\s+)?(?:tỉnh|thành\s+phố|huyện|quận|thị\s+xã|xã|phường)\b", regex.I)


# a name given a short form (`… (sau đây gọi tắt là Ban Chỉ đạo)`, `… (sau đây viết tắt là BCĐ)`)
_ABBREVIATION: Final = regex.compile(r"\p{Lu}[\p{Lu}&\-]*\p{Lu}")
_ALIAS: Final = regex.compile(r"\s*\(\s*(?:sau\s+đây\s+)?(?:được\s+)?(?:gọi\s+tắt\s+là|gọi\s+chung\s+là|viết\s+tắt\s+là|gọi\s+là)"
                       r"\s*[\"“']?(?P<alias>[^()\"“”']{2,60}?)[\"”']?\s*\)", regex.I)


def _short_forms(ctext: str, mentions: list[_M]) -> list[_M]:
    """Short forms resolved within the text: a committee named by its head alone (`Ban Chỉ đạo`) is the last one of
    that head named in full before it; a short form the text gives a name (`(sau đây gọi tắt là Tổ công tác)`) is
    that name wherever it is written after."""
    aliases: dict[str, tuple[int, _M, str]] = {}   # key of the short form → (where it applies from, name, form)
    for m in mentions:
        # (a bracket after the name, or after the one space of the compact text: where _ALIAS may match)
        a = _ALIAS.match(ctext, m.end) if ctext.startswith(("(", " ("), m.end) else None
        if a:
            alias = " ".join(a["alias"].split())
            # a body's short form: a head and words (`Ban Chỉ đạo`), or an abbreviation (`BCĐ`); not `Đề án`
            head = _head_at(_lower(alias), 0) if alias[0].isupper() else None
            if (" " in alias and head not in (None, "title_heads")) or _ABBREVIATION.fullmatch(alias):
                aliases.setdefault(key(alias), (a.end(), m, alias))
    out: list[_M] = []
    full: dict[str, str] = {}
    heads = _committee_head()
    for m in mentions:
        named = aliases.get(key(ctext[m.start:m.end])) if aliases else None
        if named and named[0] <= m.start:
            m = m._replace(name=named[1].name, kind=named[1].kind, known=named[1].known)
        elif m.kind == "committee":
            committee = heads.match(_lower(m.name))
            if committee and committee.end() == len(m.name) and not m.known:
                m = m._replace(name=full.get(committee.group(), m.name), known=committee.group() in full)
            elif committee:
                full[committee.group()] = m.name
        out.append(m)
    if aliases:
        out = _alias_mentions(ctext, out, aliases)
    return out


@functools.cache
def _committee_head() -> regex.Pattern:
    return regex.compile(rf"{_words_alt('committee_heads')}{E}")


def _alias_mentions(ctext: str, mentions: list[_M], aliases: dict[str, tuple[int, _M, str]]) -> list[_M]:
    """Short forms written where no other reading took the words become mentions of their full name."""
    pattern = regex.compile(rf"{B}{_alternation((), [form for _, _, form in aliases.values()])}{E}")
    spans = [(m.start, m.end) for m in mentions]
    added = []
    for a in pattern.finditer(ctext):
        since, target, _ = aliases[key(a.group())]
        i = bisect.bisect_left(spans, (a.start(), a.end()))
        free = not (i and spans[i - 1][1] > a.start()) and not (i < len(spans) and spans[i][0] < a.end())
        if a.start() >= since and free:
            added.append(_M(a.start(), a.end(), target.name, target.kind, target.known))
    return sorted(mentions + added)


# the length from which a text's patterns run on the standard library's engine (their translation, made once, costs
# what reading a text this long saves; a shorter text is read by the `regex` module's patterns)
STANDARD_MIN_CHARS: Final = 20_000


def _standard(pattern):
    """A pattern (or an Anchored pattern) for the standard library's engine, to run on a _Text.std text; the pattern
    itself where it does not translate (anchored.standard: in a text of agreed characters the two match alike)."""
    if isinstance(pattern, Anchored):
        std = standard(pattern.pattern)
        return pattern if std is None else pattern.using(std)
    return standard(pattern) or pattern


def _text(ctext: str, breaks: frozenset[int] = frozenset(), cell: bool = False, folded: str | None = None,
          known_agreed: bool = False) -> _Text:
    """The forms of a compact text, folded once (``folded``: fold_tones(ctext), when the caller has it), and the
    starts of the patterns read on them found in one pass (``known_agreed``: the caller knows ctext is of agreed
    characters, _Compact.agreed)."""
    folded = fold_tones(ctext) if folded is None else folded
    low, same = _lower_folded(ctext, folded)
    shared = _low_starts().starts(low)
    std = len(ctext) >= STANDARD_MIN_CHARS and (known_agreed or agreed(ctext))
    at = shared["abbreviations"]   # where the abbreviations of more than one letter may stand
    letters = _abbr_letters()
    if letters is not None:   # and where those of one letter stand (as written: the abbreviations are cased)
        at = sorted(set(at).union(m.start() for m in letters.finditer(ctext)))
    abbrs = _abbr_at(ctext, at, std)
    keyed = _keyed(ctext, low, abbrs)
    if abbrs:
        _add_cased_starts(keyed, abbrs, shared)
    return _Text(ctext, low, keyed, folded, breaks, cell, same, std, shared=shared)


def _find(text: str, cell: bool = False, folded: str | None = None) -> list[AgencyMention]:
    c = _Compact(text or "", folded if text else None)
    ctext = c.ctext
    if not ctext or ctext.isspace():   # (what `not ctext.strip()` tells, without a copy of the text)
        return []
    t = _text(ctext, c.breaks, cell, c.folded, c.agreed)
    ruled = _ruler(t)
    t.gaz = {g.start: g.end for g in ruled}
    groups = ruled + _named(t) + _enumerations(t) + _bodies(t) + _collectives(t)
    mentions = _council_parts(ctext, _short_forms(ctext, _attach(ctext, _resolve(groups))))
    out = []
    for m in mentions:
        s, e = c.span(m.start, m.end)
        out.append(AgencyMention(text[s:e], m.name, m.kind, s, e, _mention_key(m), m.known))
    return out


@functools.cache
def _name_words() -> frozenset[str]:
    return frozenset(_lower(x) for x in _list("name_words"))


@functools.cache
def _council_part_end() -> regex.Pattern:
    return regex.compile(rf"(?<![\p{{L}}]){_words_alt('council_parts')}\s+$")


def _council_parts(ctext: str, mentions: list[_M]) -> list[_M]:
    """`Thường trực Hội đồng nhân dân tỉnh`, `các Ban của Hội đồng nhân dân tỉnh`, `đại biểu Hội đồng nhân dân tỉnh`:
    a part or the members of a council named before it are one mention with it, not the council itself."""
    out: list[_M] = []
    for m in mentions:
        if m.name.startswith("Hội đồng nhân dân"):
            floor = out[-1].end if out else 0
            a = max(floor, m.start - 30)
            part = _council_part_end().search(_lower(ctext[a:m.start]))
            if part:
                start = a + part.start()
                words = " ".join(ctext[start:m.start].split())
                kind = "collective" if _lower(words).startswith(("các", "đại biểu")) else "other_state"
                m = _M(start, m.end, f"{words} {m.name}", kind, m.known)
        out.append(m)
    return out


def _mention_key(m: _M) -> str:
    if m.kind == "collective" or (m.kind in GENERIC_KINDS and m.name[:1].islower()):
        return _name_keys().get(m.name) or _collective_key(m.name)
    return m.name


# ---------------------------------------------------------------- public API

def find_agencies(text: str, individuals: bool = False) -> list[AgencyMention]:
    """Every agency named in ``text``, in order, non-overlapping, the longest reading first; persons (`người lao
    động`, kind `individual`) only when ``individuals`` is asked. ``text`` may be one item or a whole document."""
    found = _find_cached(text)
    return [m for m in found if individuals or m.kind != "individual"]


def read_agencies(text: str, folded: str | None = None) -> list[AgencyMention]:
    """Every agency and person named in ``text``, read afresh (fresh mentions the caller may move): for a text read
    once, such as a chunk of a whole document, which find_agencies' memo would only keep in memory with its mentions.
    ``folded``: fold_tones(text), when the caller has it (the document's, `patterns.fold.folded_part`)."""
    return _find(text, folded=folded)


@functools.lru_cache(maxsize=4096)
def _find_cached(text: str, cell: bool = False) -> tuple[AgencyMention, ...]:
    # headings and intro paragraphs are read once per item below them, table cells repeat: remember recent answers
    return tuple(_find(text, cell))


@_per_engine
def _office_holder(std: bool = False) -> regex.Pattern:
    if std:
        return _standard(_office_holder())
    return regex.compile(rf"(?:phó\s+)?{alternation(GRAMMAR, 'office_holders')}(?:\s+các)?")


def _single(name: str) -> AgencyMention | None:
    """The one agency a written name is (an office-holder's words around it allowed), or None."""
    found = [m for m in _find_cached(name, True)]
    if len(found) != 1:
        return None
    rest = _lower(name[:found[0].start] + " " + name[found[0].end:]).strip(" ,.;:-()")
    return found[0] if not rest or _office_holder().fullmatch(rest) else None


@functools.cache
def _actor_words() -> regex.Pattern:
    """The generic nouns of bodies and actors that stand alone as a clause's subject: `Doanh nghiệp gửi …`,
    `Cơ quan thuế thông báo …`, `Tổ chức tín dụng báo cáo …` (lower-case rows of the gazetteer, weak ones included)."""
    return regex.compile(r"(?:(?:các|những|mọi)\s+)?" + _alternation(_generic()) + E)


@functools.cache
def _actor_firsts() -> frozenset[str]:
    """The words (keyed) a match of _actor_words() opens with: `các`, `những`, `mọi` or a generic noun's first word."""
    return frozenset({"các", "những", "mọi", *_forms_tree(_generic(), ())})


def may_open_actor(word: str) -> bool:
    """Whether a word (a run of letters as written) is one a match of _actor_words() may open with (_actor_firsts)."""
    low = word.lower()
    return (fold_tones(low) if len(low) == len(word) else _lower(word)) in _actor_firsts()


# the quantifier a generic actor may open with (`các`, `những`, `mọi`)
_QUANTIFIER_LEAD: Final = regex.compile(r"^(?:các|những|mọi)\s+")


def actor_at(text: str, pos: int = 0) -> AgencyMention | None:
    """A generic noun of a body or an actor read at ``pos`` as the subject of a clause (`Doanh nghiệp gửi hồ sơ …`),
    where alone it would not be read as an agency (guide §3: the employer sends, the office confirms)."""
    first = _WORD.match(text, pos, pos + 80)
    if first is None or not may_open_actor(first.group()):
        return None    # (the word it opens with, keyed, without which it cannot match)
    keyed = _lower(text[pos:pos + 80])
    m = _actor_words().match(keyed)
    if not m:
        return None
    kind, _ = _generic_of(_QUANTIFIER_LEAD.sub("", m.group()))
    words = text[pos:pos + m.end()]
    name = _collective_name(words)
    return AgencyMention(words, name, kind, pos, pos + m.end(), key=agency_key(name))


def canonical_agency(name: str) -> str | None:
    """The canonical name for one written agency (`VPCP`, `BỘ NỘI VỤ`, `Bộ trưởng Bộ Tài chính`); None if the
    gazetteer does not know it (a body read by its grammar alone is not canonical)."""
    agency = surface_index().get(key(name or ""))
    if agency is not None:
        return agency.canonical
    found = _single(name or "")
    return found.name if found is not None and found.known else None


def agency_key(name: str) -> str:
    """One spelling per agency for search and facets: the gazetteer's canonical name (`UBND tỉnh Quảng Ninh` →
    `Ủy ban nhân dân tỉnh Quảng Ninh`); for a collective its words in one form (`Các bộ, ngành và địa phương`,
    `bộ, ngành, địa phương`, `B, CQ, ĐP`… → `bộ, ngành, địa phương`); else the name tidied."""
    name = unicodedata.normalize("NFC", name or "").strip()
    agency = surface_index().get(key(name))
    if agency is not None:
        return agency.canonical if agency.is_name and agency.kind != "collective" else _collective_key(agency.canonical)
    found = _single(name)
    if found is not None:
        return found.key
    return _collective_key(name) if name[:1].islower() else _tidy(name)


_ACTION: Final = regex.compile(rf"{B}{alternation('action_verbs.txt')}{E}")


# a cell's or a phrase's opening role words, not an action of its own: `phối hợp với …`, `chủ trì, phối hợp với …`
_ROLE_LEAD: Final = regex.compile(r"^\s*(?:chủ\s+trì\s*,?\s*)?(?:phối\s+hợp(?:\s+chặt\s+chẽ)?(?:\s+với)?|chủ\s+trì)\s*")


@functools.cache
def _cell_heads() -> regex.Pattern:
    """Words that open a body's name in a table cell, kept as written when no reading took them."""
    heads = [h for s in ("heads", "organisation_heads", "committee_heads") for h in _list(s)]
    generic = [f for f, (kind, weak) in _generic().items() if not weak and not f.isupper() and kind != "individual"]
    return regex.compile(rf"(?:các\s+)?{_alternation([*heads, *generic])}{E}")


def split_agency_list(text: str) -> list[str]:
    """The agencies of a table cell or a `phối hợp với ...` phrase, one name each, in order, without repeats."""
    text = text or ""
    names: list[str] = []
    pos = 0
    brackets = [b.span() for b in _BRACKETED.finditer(text)]
    # a unit in brackets after a body is the part of it that does the work (`Văn phòng Chính phủ (Cục Kiểm soát
    # TTHC)`): the body is the agency
    found = [m for m in _find_cached(text, True) if m.kind != "individual"
             and not any(s < m.start and m.end < e and text[:s].rstrip()[-1:].isalnum() for s, e in brackets)]
    if found and _ACTION.search(_ROLE_LEAD.sub("", _lower(text[:found[0].start]))):
        return []  # a sentence that names a body (`Chỉ đạo Tập đoàn … nghiên cứu …`), not a list of bodies
    for m in [*found, None]:
        gap = _BRACKETED.sub(" ", text[pos:m.start if m else len(text)])
        for piece in _LIST_SEP.split(gap):
            piece = _tidy(piece).strip("()[] ")
            if not piece:
                continue
            if _cell_heads().match(_lower(piece)):  # a body no reading took: kept as written
                names.append(piece[0].lower() + piece[1:] if piece[:3].lower() == "các" else piece)
            elif names:  # words that name no body end the list (`... và các bộ liên quan nghiên cứu, ...`)
                return list(dict.fromkeys(names))
        if m:
            names.append(m.name)
            pos = m.end
    return list(dict.fromkeys(names))
