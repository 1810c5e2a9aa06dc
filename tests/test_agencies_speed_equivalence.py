"""Equivalence checks for the faster forms of the agency recogniser's steps: each one reads as the plainer form it
stands for, on generated texts (Vietnamese letters, tone variants, capitals, punctuation, digits, whitespace)."""
import random
import unicodedata

from extractor import agencies as A
from extractor.patterns.anchored import _agreed, agreed, agreed_but

_PIECES = [" ", " ", " ", "  ", "   ", "\n", "\n", " \n", "\n ", "\n\n", "a", "bộ", "Hoà", "hóa", "HOÁ", "Ủy", "ỦY",
           "các", "(", ")", "1", "2024", ",", ".", "-", "/", "µ", "Ω", "б", "\t", "\u3000", "\xa0", "\u2003", "o\u0300",
           "Thủ tướng", "UBND", "Đ"]


def _texts(seed: int, count: int):
    rnd = random.Random(seed)
    for _ in range(count):
        yield "".join(rnd.choice(_PIECES) for _ in range(rnd.randint(0, 24)))


def test_the_other_whitespace_is_what_the_pattern_finds():
    """_OTHER_SPACES holds just the characters _OTHER_SPACE finds (the one scan of _odd() takes them from it)."""
    found = {chr(c) for c in range(0x110000) if A._OTHER_SPACE.match(chr(c))}
    assert found == set(A._OTHER_SPACES)


def test_one_scan_finds_a_character_outside_the_agreed_set_or_among_others():
    """agreed_but(chars) finds a character just where it is not agreed or is one of ``chars``."""
    odd = A._odd()
    outside = _agreed()[0]
    for c in map(chr, range(0x110000)):
        assert (odd.match(c) is not None) == (outside.match(c) is not None or c in A._OTHER_SPACES), hex(ord(c))
    assert agreed_but("µ").match("µ") and agreed_but("a").match("a") and not agreed_but("µ").match("a")


def test_a_compact_text_known_to_be_agreed_is_agreed():
    """_Compact.agreed is set only where the compact text is of agreed characters; and it is set for a text in NFC of
    agreed characters with no whitespace but spaces and line breaks (the one scan of _odd() found nothing)."""
    for text in _texts(7, 20000):
        c = A._Compact(text, A.fold_tones(text))
        if c.agreed:
            assert agreed(c.ctext), repr(text)
        plain = A._OTHER_SPACE.search(text) is None and agreed(text)
        assert c.agreed == (plain and unicodedata.is_normalized("NFC", text)), repr(text)


def test_lines_reads_as_spaces_on_varied_texts():
    """_Compact._lines (pieces with runs of spaces alone cut where they hold two spaces) gives what _spaces, which
    reads any text, gives, on texts with spaces and line breaks in every arrangement."""
    rnd = random.Random(11)
    pieces = [" ", "  ", "   ", "\n", " \n", "\n  ", "\n\n ", "a", "bộ", "Hoà", "hoá", "Ủy", "1", ",", "(", "x y"]
    for n in range(30000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 30 if n % 3 else 6)))
        folded = A.fold_tones(text)
        c, general = A._Compact(text, folded), A._Compact(text, folded)
        general._spaces(text, folded)
        assert (c.ctext, c.folded, c.where, c.size, c.starts, c.ends, c.breaks) == (
            general.ctext, general.folded, general.where, general.size, general.starts, general.ends,
            general.breaks), repr(text)
        for s in range(len(c.ctext)):
            assert c.span(s, s + 1) == general.span(s, s + 1)


def test_shared_starts_are_each_patterns_own():
    """SharedStarts.starts (one pass, the opening found as the one group of a lookahead) gives each pattern the word
    starts Anchored.starts finds for its openings alone, on texts made of the openings' words, numbers and marks."""
    from extractor.patterns.anchored import Anchored
    shared = A._low_starts()
    alone = {a.openings.pattern: Anchored(a.pattern, {o for o in a.words if o.islower()}, a.number)
             for a in A._keyed_grammars()}
    alone["abbreviations"] = Anchored(A._WORD, {w.lower() for w in A._abbr_words() if len(w) > 1})
    if A._gazetteer().letter_openings:
        alone["gazetteer"] = Anchored(A._WORD, A._gazetteer().openings())
    rnd = random.Random(13)
    words = sorted({w for a in alone.values() for o in a.words for w in o.split()})
    words += sorted({o for a in alone.values() for o in a.words}) + ["05 tỉnh", "12 thành phố", "3 địa phương"]
    words += ["1", "05", "2024", "x", "µ", "б", "hoá", "hóa", "HOÁ", "Ủy", "ủy"]
    seps = [" ", " ", " ", "", ", ", "-", "(", ")", ".", "3", "µ", "б", "/"]
    for n in range(20000):
        text = "".join(rnd.choice(words) + rnd.choice(seps) for _ in range(rnd.randint(0, 12)))
        text = A._lower(text) if n % 2 else text.lower()
        found = shared.starts(text)
        assert found.keys() == alone.keys()
        for k, a in alone.items():
            assert found[k] == a.starts(text), (k[:40], text)


def test_a_place_before_a_head_is_searched_only_where_it_may_stand():
    """_place_before reads as the walk's `place_before` pattern searched in the 12 characters before each place."""
    rnd = random.Random(17)
    units = [w for u in A._list("place_units") for w in (u, u.upper(), u.capitalize())]
    pieces = units + [" ", " ", "  ", "\n", "\t", "\u3000", "\x1c", "(", ",", "-", "1", "xa", "phốt", "bộ", "Sở", "Ủy",
                      "ban", "hoá", "thành", "o\u0300"]
    for std in (False, True):
        pattern = A._walk_patterns(std)["place_before"]
        for _ in range(5000):
            text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 10)))
            for keyed in (text, A._lower(text)):
                for s in range(len(keyed) + 1):
                    want = pattern.search(keyed, max(0, s - 12), s) is not None
                    assert A._place_before(keyed, s, pattern) == want, (keyed, s)
