"""The one loader of language data: every word list and table in patterns/data/, read once, NFC, with regex forms of phrase lists.

Word lists (`*.txt`) hold one entry a line; `#` starts a comment line; a line `[section]` starts a named section, so one
file can keep related lists together (`[lead]`, `[coordinating]` … of table column labels). Tables are CSV with a
header row. Entries are NFC; ``phrases`` also gives the modern tone placement (`hoá` → `hóa`), the form matching uses.
"""
from __future__ import annotations

import csv
import functools
import unicodedata
from pathlib import Path

import regex

from .fold import fold_tones

DATA = Path(__file__).with_name("data")


def path(name: str) -> Path:
    """The file of a data set (`action_verbs.txt`, `agencies.csv`)."""
    return DATA / name


@functools.cache
def _sections(name: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {"": []}
    current = ""
    for line in path(name).read_text(encoding="utf-8").splitlines():
        line = unicodedata.normalize("NFC", line.strip())
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
            out.setdefault(current, [])
            continue
        out[current].append(line)
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}


def entries(name: str, section: str = "") -> tuple[str, ...]:
    """The entries of a word list (or of one ``[section]`` of it), in file order, without repeats."""
    found = _sections(name)
    if section not in found:
        raise KeyError(f"{name}: no section [{section}]")
    return found[section]


def sections(name: str) -> tuple[str, ...]:
    """The named sections of a word list, in file order."""
    return tuple(k for k in _sections(name) if k)


@functools.cache
def words(name: str, section: str = "") -> frozenset[str]:
    """The entries as a set of match forms: lower case, modern tone marks."""
    return frozenset(fold_tones(e.lower()) for e in entries(name, section))


@functools.cache
def table(name: str) -> tuple[dict[str, str], ...]:
    """The rows of a CSV data table, cells NFC and stripped."""
    with path(name).open(encoding="utf-8", newline="") as fh:
        return tuple({k: unicodedata.normalize("NFC", (v or "").strip()) for k, v in row.items()}
                     for row in csv.DictReader(fh) if any((v or "").strip() for v in row.values()))


def longest_first(forms) -> list[str]:
    """Forms without repeats, longest first and, among forms of one length, in alphabetical order: an alternation
    built from them tries the longer form first, and its text is the same in every process (a set's order is not; the
    compiled-pattern cache is keyed by the text)."""
    return sorted(set(forms), key=lambda f: (-len(f), f))


def phrase_regex(phrase: str) -> str:
    """A phrase as a pattern: its words escaped, any run of spaces (a line break included) between them."""
    return r"\s+".join(regex.escape(w) for w in phrase.split())


@functools.cache
def alternation(name: str, section: str = "") -> str:
    """The entries of a list as one regex alternation (longest first), for patterns compiled case-insensitive on
    tone-folded text."""
    forms = {fold_tones(e.lower()) for e in entries(name, section)}
    return "(?:" + "|".join(phrase_regex(f) for f in longest_first(forms)) + ")"


@functools.cache
def tsv(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of a tab-separated data table (no header; `#` starts a comment line), cells NFC and stripped."""
    rows = []
    for line in path(name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(tuple(unicodedata.normalize("NFC", c.strip()) for c in line.split("\t")))
    return tuple(rows)
