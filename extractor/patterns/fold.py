"""Vietnamese text forms for matching: modern tone-mark placement (`hoá` → `hóa`, `uỷ` → `ủy`) and match keys; the lowest layer."""
from __future__ import annotations

import itertools
import re
import unicodedata
from typing import Final

import regex

# Tone marks placed on the second vowel of an open oa/oe/uy syllable (old style) move to the first (modern style).
# Same length in NFC, so the folded text shares the offsets of the normalised text.
_OLD_TONES: Final = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_TONE_TABLE = {}
for _old, _new in _OLD_TONES.items():
    _TONE_TABLE[_old] = _new
    _TONE_TABLE[_old.upper()] = _new.upper()
    _TONE_TABLE[_old[0].upper() + _old[1]] = _new[0].upper() + _new[1]
_TONED_SECOND: Final = frozenset(k[1] for k in _TONE_TABLE)  # a syllable to fold has one of these after its o/u
# not after q (quý is already right), and only where the syllable ends there (hoàn keeps its mark). Any o/u before a
# marked second vowel is matched (the engine then skips at C speed to an o or a u, where an alternation of the pairs
# makes it try every position); a pair the table does not hold (`uà`) is kept as written. No o/u is a second vowel,
# so a kept pair hides no pair to fold.
_TONE_RE: Final = regex.compile(r"[oOuU](?<![qQ].)[" + "".join(sorted(_TONED_SECOND)) + r"](?!\p{L})")
# Latin letters (each a letter, \p{L}, to `regex`: tests/test_normalize.py checks), for the standard library's engine
_LATIN_LETTERS: Final = "a-zA-Z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
# an o or a u before a marked second vowel, and no Latin letter after: every match of _TONE_RE is one of these (the
# standard library's engine finds them by two table lookups a character, where the `regex` module's scan costs four
# times as much); most are not (`hoàn` is left out here, `hoà` kept), and each is then matched by _TONE_RE itself
_PAIR: Final = re.compile(f"[oOuU][{''.join(sorted(_TONED_SECOND))}](?![{_LATIN_LETTERS}])")


def fold_tones(text: str) -> str:
    """Modern tone-mark placement (hoá → hóa, uỷ → ủy); the result has the same length."""
    pair = _PAIR.search(text)
    if pair is None:
        return text  # most words and short strings: nothing to do
    parts, pos = [], 0
    # (the pairs are two characters, the second no o or u: no two overlap, and _TONE_RE's scan would find at a
    # pair's start what its match there finds)
    for m in itertools.chain((pair,), _PAIR.finditer(text, pair.end())):
        s = m.start()
        if _TONE_RE.match(text, s) is not None:
            old = m.group()
            parts += [text[pos:s], _TONE_TABLE.get(old, old)]
            pos = s + 2
    if not parts:
        return text
    parts.append(text[pos:])
    return "".join(parts)


def folded_part(part: str, folded: str, start: int, end: int) -> str:
    """fold_tones(part), ``part`` being text[start:end], from ``folded`` = fold_tones(text). A syllable is refolded
    by its two letters, the character before and the one after, so only the two characters at each edge may read
    differently alone (the text outside unseen): they are folded again from the first and last four of ``part``."""
    if len(part) < 8:
        return fold_tones(part)
    return fold_tones(part[:4])[:2] + folded[start + 2:end - 2] + fold_tones(part[-4:])[-2:]


def match_key(text: str) -> str:
    """The form two spellings of the same words share: NFC, modern tone marks, lower case, single spaces."""
    text = fold_tones(unicodedata.normalize("NFC", text))
    return " ".join(text.lower().split())


def caseless_lower(s: str) -> str:
    """``s`` in lower case with the same offsets, each letter as the one `regex` takes it for when ignoring case
    (`İ` → `i`, `ſ` → `s`): what a case-insensitive `regex` pattern matches in ``s``, its lower-case spelling finds
    in this text with the standard library's engine (a prefilter's text)."""
    low = s.lower()
    if len(low) != len(s):                    # a letter whose lower case is two (`İ` → `i̇`)
        low = "".join(c.lower()[0] for c in s)
    return low.replace("ſ", "s")
