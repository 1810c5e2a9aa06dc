"""The agency gazetteer: loads data/agencies.csv and looks names, abbreviations and document-number codes up in it."""
from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from typing import Final

import regex

from .fold import fold_tones
from .lexicon import table

# The kinds of agencies. The gazetteer's names: government … other_state. Its lower-case rows (generic nouns):
# collective (public bodies: `bộ`, `cơ quan thuế`), organisation (outside the State: `doanh nghiệp`, `người sử dụng
# lao động`), individual (persons: `người lao động`, `công dân`, who lead no task). Names read by their grammar,
# outside the gazetteer: body (`Cục Việc làm`), committee (`Tổ công tác …`), organisation (`Tập đoàn …`).
KINDS: Final = ("government", "ministry", "ministerial_agency", "government_agency", "province",
         "collective", "office", "committee", "party", "other_state", "body", "organisation", "individual")

_TOKEN: Final = regex.compile(r"[\w\p{M}]+|[^\w\p{M}\s]")


@dataclass(frozen=True)
class Agency:
    """One row of the gazetteer.

    A canonical name that starts in lower case (``bộ``, ``cơ quan ngang bộ``) is a common noun,
    not a name: it expands abbreviations (``CQNB``) and supplies the words collectives are made of,
    but is never matched as a name on its own.
    """

    canonical: str
    kind: str
    abbreviations: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()

    @property
    def is_name(self) -> bool:
        return self.canonical[:1].isupper()

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.canonical, *self.abbreviations, *self.variants)


def key(text: str) -> str:
    """Lookup key: NFC, modern tone marks, lower case, tokens split on punctuation and joined by one space."""
    return key_lowered(fold_tones(unicodedata.normalize("NFC", text).lower()))


def key_lowered(text: str) -> str:
    """key() of a text already in NFC, lower case and with modern tone marks: its tokens joined by one space."""
    if text.replace(" ", "").isalpha() and "  " not in text and text[0] != " " != text[-1]:
        return text   # syllables and single spaces (most names): already its tokens joined by one space
    return " ".join(_TOKEN.findall(text))


def _split(cell: str) -> tuple[str, ...]:
    return tuple(unicodedata.normalize("NFC", p.strip()) for p in (cell or "").split("|") if p.strip())


@functools.cache
def load_agencies() -> list[Agency]:
    """Every row of data/agencies.csv, in file order."""
    rows = [Agency(r["canonical"], r["kind"], _split(r["abbreviations"]), _split(r["variants"]))
            for r in table("agencies.csv") if not r["canonical"].startswith("#")]
    bad = [a.canonical for a in rows if a.kind not in KINDS]
    if bad:
        raise ValueError(f"agencies.csv: unknown kind for {bad}")
    return rows


@functools.cache
def surface_index() -> dict[str, Agency]:
    """Every written form (canonical, abbreviation, variant) by its key; a name wins over a common noun."""
    index: dict[str, Agency] = {}
    for agency in sorted(load_agencies(), key=lambda a: not a.is_name):
        for form in agency.forms:
            index.setdefault(key(form), agency)
    return index


@functools.cache
def _codes() -> dict[str, Agency]:
    return {key(a): agency for agency in load_agencies() for a in agency.abbreviations}


def agency_for_code(code: str) -> str | None:
    """The issuer a document number's code names (`TTg` → Thủ tướng Chính phủ); None if unknown or generic (`UBND`)."""
    code = regex.sub(r"\d+$", "", (code or "").strip())  # QH15 → QH
    agency = _codes().get(key(code)) if code else None
    if agency is None or not agency.is_name or agency.kind == "collective":
        return None
    return agency.canonical
