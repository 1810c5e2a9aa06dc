"""The spaCy pipeline: blank Vietnamese, a syllable tokenizer and an EntityRuler fed from the agency gazetteer."""
from __future__ import annotations

import functools
from typing import Callable

import regex
import spacy
from spacy.attrs import NORM
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from .patterns.fold import fold_tones
from .patterns.agencies import load_agencies

# a syllable (letters and combining marks), a number or one other mark, with the one space after it; or other
# whitespace. Digits glued to a word are a token of their own: a footnote marker (`Xã hội16`) is not part of a name.
_PIECE_SPACE = regex.compile(r"([\p{L}\p{M}]+|\d+|[^\p{L}\p{M}\d\s])( ?)|(\s+)")

# underthesea (VLSP) part-of-speech tags to Universal Dependencies
_UPOS = {"N": "NOUN", "Nc": "NOUN", "Nu": "NOUN", "Ny": "PROPN", "Np": "PROPN", "Nb": "NOUN", "V": "VERB",
         "Vb": "VERB", "Vy": "VERB", "A": "ADJ", "Ab": "ADJ", "P": "PRON", "R": "ADV", "L": "DET", "M": "NUM",
         "E": "ADP", "C": "CCONJ", "CC": "CCONJ", "I": "INTJ", "T": "PART", "Y": "PROPN", "CH": "PUNCT",
         "B": "X", "S": "X", "X": "X", "Z": "X"}


def norm(text: str) -> str:
    """The form tokens are matched on: lower case, modern tone placement (Uỷ → ủy, hoá → hóa)."""
    return fold_tones(text.lower())


class SyllableTokenizer:
    """Deterministic tokenizer: one token per syllable or punctuation mark; the Doc's text is the input, unchanged.
    A single space after a token is its trailing space; other whitespace is a token of its own, as spaCy does."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        found = _PIECE_SPACE.findall(text)
        # (piece, space, "") or ("", "", blank): a blank run never has a trailing space
        return Doc(self.vocab, words=[piece or blank for piece, _, blank in found],
                   spaces=[bool(space) for _, space, _ in found])


def _patterns() -> list[dict]:
    out = []
    for agency in load_agencies():
        if not agency.is_name:  # common nouns (bộ, cơ quan, ...) are not names
            continue
        for form in dict.fromkeys(agency.forms):
            out.append({"label": agency.kind, "pattern": form, "id": agency.canonical})
    return out


@functools.cache
def get_nlp() -> Language:
    """The shared pipeline, built on first use."""
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    # NORM of every lexeme (each distinct string once per process), not of each token: what the matcher reads
    nlp.vocab.lex_attr_getters[NORM] = norm
    nlp.tokenizer = SyllableTokenizer(nlp.vocab)
    # no parser or statistical model runs here, only the tokenizer and the phrase matcher, both linear: a whole
    # document of any size the toolkit accepts is one Doc (spaCy's default limit guards model memory)
    nlp.max_length = 10 ** 9
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "NORM", "overwrite_ents": True})
    ruler.add_patterns(_patterns())
    return nlp


def entities(text: str, keep: Callable[[Span], bool] = lambda span: True) -> Doc:
    """The syllable Doc of ``text`` with the gazetteer's entities, longest first, among the matches ``keep`` accepts."""
    nlp = get_nlp()
    ruler = nlp.get_pipe("entity_ruler")
    doc = nlp.make_doc(text)
    ruler.set_annotations(doc, [m for m in ruler.match(doc) if keep(doc[m[1]:m[2]])])
    return doc


@functools.lru_cache(maxsize=2048)
def word_doc(text: str) -> Doc:
    """A Doc of underthesea words (`Nội vụ`, `phối hợp`) with UD `pos_` and the VLSP tag in `tag_`."""
    from underthesea import pos_tag  # slow import: only when asked

    tagged = pos_tag(text)
    words, spaces, pos = [], [], 0
    for word, _ in tagged:
        found = text.find(word, pos)
        if found >= 0:
            pos = found + len(word)
        spaces.append(text[pos:pos + 1].isspace() if found >= 0 else True)
        words.append(word)
    if spaces:
        spaces[-1] = spaces[-1] and pos < len(text)
    doc = Doc(get_nlp().vocab, words=words, spaces=spaces,
              pos=[_UPOS.get(tag, "X") for _, tag in tagged], tags=[tag for _, tag in tagged])
    return doc
