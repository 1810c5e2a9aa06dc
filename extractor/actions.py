"""The action verbs of a task (`rà soát`, `xây dựng, trình`): a lexicon of administrative verbs first, then underthesea's POS tags."""
from __future__ import annotations

import functools
from typing import Final

import regex

from .patterns.phrases import norm
from .patterns.postag import iter_words as iter_tagged_words
from .patterns import tasks as P
from .patterns.fold import fold_tones
from .patterns.lexicon import words


def first_words(phrases) -> frozenset[str]:
    """The words a set of phrases open with. Tokens hold no space, so tokens joined by spaces make one of the phrases
    only if the first token is one of these (and tokens joined from none make "", no phrase): the gate tried before
    the joins at a token."""
    return frozenset(p.split(" ")[0] for p in phrases)


ROLE_VERBS: Final = regex.compile(
    r"^(?:chủ\s+trì|phối\s+hợp|giao|đề\s+nghị|yêu\s+cầu|gồm|bao\s+gồm|là|có|được)$", regex.I)
# words that may stand before the action without being it: `Khẩn trương hoàn thành`, `Tiếp tục rà soát`
MODALS: Final = {
    "khẩn trương", "tiếp tục", "chủ động", "tập trung", "kịp thời", "nghiêm túc", "thường xuyên", "trực tiếp",
    "định kỳ", "hằng năm", "hàng năm", "hằng tháng", "hàng tháng", "hằng quý", "hàng quý", "sớm", "ngay", "cần",
    "phải", "có trách nhiệm", "quyết liệt", "chịu trách nhiệm", "đồng thời", "cùng"}
_MODAL_FIRSTS: Final = first_words(MODALS)


def lexicon() -> frozenset[str]:
    """Administrative action verbs (data/action_verbs.txt), lower case with modern tone marks."""
    return words("action_verbs.txt")


@functools.cache
def lexicon_firsts() -> frozenset[str]:
    """The words the verbs of ``lexicon()`` open with (see ``first_words``)."""
    return first_words(lexicon())


_SYLLABLE: Final = regex.compile(r"[\p{L}\p{M}]+|\d+|[^\s\p{L}\p{M}\d]")


# a token as the lexicon and MODALS spell it: lower case, modern tones (remembered per token)
_lexicon_form: Final = norm


def _lexicon_phrase(window: str, lex: frozenset[str]) -> str | None:
    """`Khẩn trương rà soát, công bố …` → `rà soát, công bố`, read with the verb lexicon alone (modals skipped);
    None when the first word after the modals is not a known verb."""
    toks = _SYLLABLE.findall(window[:200])
    low = [_lexicon_form(t) for t in toks[:_FIRST_TOKENS]]   # all of them only when the phrase reads on past these
    out, k = _read_lexicon_phrase(toks, low, lex)
    if k + 4 > len(low) < len(toks):       # (the reading looks at most 3 tokens past where it stops)
        out, k = _read_lexicon_phrase(toks, [_lexicon_form(t) for t in toks], lex)
    if not out:
        return None
    return (" ".join(out).replace(" ,", ",")).lower()


_FIRST_TOKENS: Final = 16


def _read_lexicon_phrase(toks: list[str], low: list[str], lex: frozenset[str]) -> tuple[list[str], int]:
    """The words of the lexicon phrase read from ``toks`` (``low``: their lexicon forms, a prefix of them), and the
    token where the reading stopped."""
    k = 0
    out: list[str] = []
    firsts = lexicon_firsts() if lex is lexicon() else first_words(lex)
    while k < len(toks):
        if k >= len(low) or low[k] not in _MODAL_FIRSTS:
            break     # (no modal opens here: see first_words)
        for size in (3, 2, 1):
            phrase = " ".join(low[k:k + size])
            if phrase in MODALS and not out:
                k += size
                break
        else:
            break
    while k < len(toks):
        hit = next((size for size in (3, 2, 1) if " ".join(low[k:k + size]) in lex), 0) \
            if k < len(low) and low[k] in firsts else 0      # (no verb opens here: see first_words)
        if hit:
            out.append(" ".join(toks[k:k + hit]))
            k += hit
            continue
        if out and toks[k] in (",", "và", "hoặc") and k + 1 < len(low) and low[k + 1] in firsts and any(
                " ".join(low[k + 1:k + 1 + size]) in lex for size in (3, 2, 1)):
            out.append(toks[k])
            k += 1
            continue
        break
    return out, k


def action_phrase(text: str, start: int = 0) -> str | None:
    """The action verbs of a task (`rà soát`, `xây dựng, trình`, `nghiên cứu, tham mưu, đề xuất`): a lexicon of
    administrative verbs first, then underthesea's POS tags, read from where the work begins."""
    window = text[start:start + 160]
    mandate = P.BY_MANDATE.match(window)
    if mandate:
        window = window[mandate.end():]
    if not window.strip():
        return None
    lex = lexicon()
    quick = _lexicon_phrase(window, lex)
    if quick:
        return quick   # most tasks open with a known administrative verb: no tagging needed
    merged: list[tuple[str, str, bool]] = []   # the tagged words, read only as far as the phrase goes
    reading = _merged_words(window[:100], lex)

    def has(k: int) -> bool:
        """Whether there is a word k (read up to it)."""
        while len(merged) <= k:
            nxt = next(reading, None)
            if nxt is None:
                return False
            merged.append(nxt)
        return True

    out: list[str] = []
    depth = 0
    k = -1
    while has(k + 1):
        k += 1
        word, pos, known = merged[k]
        depth += word.count("(") - word.count(")")
        low = fold_tones(word.lower())
        is_verb = depth == 0 and not ROLE_VERBS.match(word) and (
            known or (pos == "VERB" and not (k > 0 and word[:1].isupper())))
        if not out:
            if is_verb:
                out.append(word.lower())
            elif low in MODALS or pos in ("ADV", "ADJ", "PUNCT") and k < 4:
                continue
            elif k >= 6:
                break
            continue
        if is_verb:
            out.append(word)
        elif word in (",", "và", "hoặc") and has(k + 1) and (merged[k + 1][2] or (
                merged[k + 1][1] == "VERB" and not ROLE_VERBS.match(merged[k + 1][0]))):
            out.append(word)
        else:
            break
    if not out:
        return None
    return " ".join(out).replace(" ,", ",")


def _merged_words(text: str, lex: frozenset[str]):
    """underthesea's words of ``text`` as (word, tag, whether the lexicon has it), with what the tokenizer split
    inside a lexicon verb joined (`đơn giản` + `hóa`); read as far as asked."""
    reading = iter_tagged_words(text)
    cur = next(reading, None)
    while cur is not None:
        nxt = next(reading, None)
        if nxt is not None and fold_tones(f"{cur.text} {nxt.text}".lower()) in lex:
            yield f"{cur.text} {nxt.text}", "VERB", True
            cur = next(reading, None)
            continue
        yield cur.text, cur.pos_, fold_tones(cur.text.lower()) in lex
        cur = nxt
