"""Vietnamese numbers and comparator words: `13,47` → 13.47, `1.200` → 1200, `tối thiểu` → `>=`, `không quá` → `<=`."""
from __future__ import annotations

import functools

import regex

from .lexicon import entries, longest_first, phrase_regex

_F = regex.I | regex.V1

# `1.200`, `5.000,5` (dots group thousands, a comma marks decimals); `5.9` (one or two decimals after a dot); `13,47`
NUMBER = r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?(?![0-9])|[0-9]+\.[0-9]{1,2}(?![0-9.])|[0-9]+(?:,[0-9]+)?"
_NUMBER = regex.compile(NUMBER)
_GROUPED = regex.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?")

# The comparator each section of data/figures.txt names.
COMPARATOR_SECTIONS = ((">=", "at_least"), ("<=", "at_most"), (">", "more_than"), ("<", "less_than"), ("=", "about"))


def parse_number(text: str) -> float | int | None:
    """`13,47` → 13.47; `1.200` → 1200; `5.000,5` → 5000.5; `05` → 5; `5.9` → 5.9 (one or two decimals)."""
    s = text.strip()
    if not _NUMBER.fullmatch(s):
        return None
    if _GROUPED.fullmatch(s):
        s = s.replace(".", "").replace(",", ".")
    else:
        s = s.replace(",", ".")
    value = float(s)
    return int(value) if value.is_integer() else value


def _words(section: str) -> str:
    forms = longest_first(entries("figures.txt", section))
    return "(?:" + "|".join(phrase_regex(f) for f in forms) + ")"


@functools.cache
def _before_pattern() -> regex.Pattern:
    # one pattern for all comparators, so the words that start first win (`không dưới` over `dưới`), then filler
    # words (`đạt tối thiểu tương ứng 40%`, `tối thiểu là 2.000`), then the number
    filler = rf"(?:\s*(?:{_words('filler')})(?![\p{{L}}]))*"
    groups = "|".join(f"(?P<c{i}>{_words(section)})" for i, (_, section) in enumerate(COMPARATOR_SECTIONS))
    return regex.compile(rf"(?<![\p{{L}}\d])(?:{groups})(?![\p{{L}}]){filler}\s*$", _F)


@functools.cache
def _first_words() -> regex.Pattern:
    # the first words of the comparators: a comparator starts where one does, so the whole pattern is tried only from
    # the first of them on, and not at all before most numbers, which have none (their first characters are tested
    # first: one class test rejects most positions)
    firsts = longest_first(e.split()[0] for _, section in COMPARATOR_SECTIONS for e in entries("figures.txt", section))
    initials = "".join(sorted({w[0] for w in firsts}))
    return regex.compile(rf"(?=[{regex.escape(initials)}])(?:{'|'.join(regex.escape(w) for w in firsts)})", _F)


@functools.cache
def _after_patterns() -> tuple[tuple[str, regex.Pattern], ...]:
    # `80% trở lên`, `từ 80% hồ sơ trở lên` (up to three words between)
    gap = r"(?:\s*[\p{L}]+){0,3}?"
    return ((">=", regex.compile(rf"^{gap}\s*{_words('or_more')}(?![\p{{L}}])", _F)),
            ("<=", regex.compile(rf"^{gap}\s*{_words('or_less')}(?![\p{{L}}])", _F)))


def comparator_before(text_before: str) -> tuple[str, int] | None:
    """The comparator written at the end of ``text_before`` (the words right before a number, tone-folded) and where
    its words start: `đạt tối thiểu` → ('>=', 4). Only the last 40 characters are read."""
    cut = max(0, len(text_before) - 40)
    window = text_before[cut:]
    first = _first_words().search(window)
    m = first and _before_pattern().search(window, first.start())
    if not m:
        return None
    i = next(k for k in range(len(COMPARATOR_SECTIONS)) if m.group(f"c{k}") is not None)
    return COMPARATOR_SECTIONS[i][0], cut + m.start()


def comparator_after(text_after: str) -> str | None:
    """The comparator written after a figure (tone-folded text): `trở lên` → '>=', `trở xuống` → '<='. Only 40
    characters are read."""
    head = text_after[:40]
    for op, pattern in _after_patterns():
        if pattern.search(head):
            return op
    return None
