"""Full-text search over the knowledge base: accent-folded and word-segmented forms, BM25 via FTS5, filters inside the index, facets, snippets."""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import sqlite3
import threading
import unicodedata
from dataclasses import asdict, dataclass, field

import regex

from ..bounds import MAX_ROWS, MAX_WITHIN, YEARS, whole_number  # noqa: F401  (MAX_WITHIN: importable from here)
from ..patterns.fold import fold_tones
from ..patterns.lexicon import entries

TOKEN = regex.compile(r"[\p{L}\p{N}\p{Co}\p{M}]+")  # what the FTS5 tokenizer keeps as a token (`_` aside)
MAX_WORDS = 32                                        # longer queries are cut: the rest adds nothing to a ranking
KINDS = ("task", "target", "document")
ROLES = ("lead", "coordinating")


# ------------------------------------------------------------------ text forms (indexing and querying share them)

@functools.cache
def _fold_table() -> dict[int, str]:
    table = {ord("đ"): "d", ord("Đ"): "D"}
    for cp in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        parts = unicodedata.normalize("NFD", chr(cp))
        if len(parts) > 1 and not unicodedata.combining(parts[0]) and all(unicodedata.combining(c) for c in parts[1:]):
            table[cp] = parts[0]
    return table


def fold(text: str) -> str:
    """Vietnamese letters without their marks (`số hóa hồ sơ` → `so hoa ho so`, `đ` → `d`); same length, NFC input."""
    return text.translate(_fold_table())


def _lower(text: str) -> str:
    low = text.lower()
    return low if len(low) == len(text) else "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def exact_form(text: str) -> str:
    """The indexed form of Vietnamese text: NFC, modern tone marks (`hoá` → `hóa`), lower case, `_` a separator."""
    return _lower(fold_tones(unicodedata.normalize("NFC", text or ""))).replace("_", " ")


def plain_form(text: str) -> str:
    """The accent-folded form of `exact_form` output."""
    return fold(text)


_PIECES = regex.compile(r"(?<=[.;:!?])\s+|\n+")  # sentence ends: the segmenter's context does not cross them


def segment(text: str) -> str:
    """Words of ``text`` by underthesea, the syllables of a word joined by `_`, lower case (`hồ_sơ thủ_tục`).
    Sentences are segmented one by one, each once per process (government texts repeat theirs a lot)."""
    text = fold_tones(unicodedata.normalize("NFC", text or "")).replace("_", " ")
    return " ".join(w for w in map(_segment_piece, _PIECES.split(text)) if w)


_DIGIT = regex.compile(r"[0-9]")


def _segment_piece(piece: str) -> str:
    """One sentence segmented. Its digits are set to 0 for the segmenter and put back after, so that sentences that
    differ only in their numbers and dates (`ngày 31/12/2025`, `số 45/2020/NĐ-CP`) are segmented once."""
    piece = piece.strip()
    if not piece:
        return ""
    digits = _DIGIT.findall(piece)
    if not digits:
        return _segment_masked(piece)
    out = _segment_masked(_DIGIT.sub("0", piece))
    if len(_DIGIT.findall(out)) != len(digits):  # the segmenter moved a digit: segment the sentence as written
        return _segment_masked(piece)
    it = iter(digits)
    return _DIGIT.sub(lambda m: next(it), out)


@functools.lru_cache(maxsize=50_000)
def _segment_masked(piece: str) -> str:
    from underthesea import word_tokenize  # slow import: only where words are segmented

    try:
        return _lower(word_tokenize(piece, format="text"))
    except Exception:  # the segmenter never stops a build: the text is indexed syllable by syllable
        return _lower(piece)


# ------------------------------------------------------------------ what the index holds of a text

# Two FTS5 tables, keyed by the search item's row id, each with two columns: the item's text and its filter tags.
#   EXACT: one token per syllable, with its accents, as the segmenter read the text into words: a word's first
#          syllable is the word itself (`thủ_tục_`, `và_`), each of its other syllables the syllable and `__`
#          (`tục__`). A word is one token (a cheap term for BM25, which counts the rows of every term of a query);
#          syllables side by side, whatever words they are in, are the phrase of their prefixes (`"thủ_"* + "tục_"*`).
#   PLAIN: the syllables without accents (`thu tuc`): what accent-folded queries, counts and facets read.
# Accent-folded words are looked up in the table of the words of the index (`units`): their forms with accents.
# One token a syllable in each table: the text is indexed twice, not four times (words and syllables, each with
# and without accents).
EXACT, PLAIN = "fts_exact", "fts_plain"
FTS_TABLES = (EXACT, PLAIN)
SEP = "_"                # joins the syllables of a word, ends a word's token; twice: a syllable inside a word
BM25_WEIGHTS = "1.0, 0.0"  # of the text and tags columns: a filter tag adds nothing to a score

_UNIT = regex.compile(r"[\p{L}\p{N}\p{Co}\p{M}_]+")  # a word of segmented text as the index's tokenizer reads it


def syllables(text: str) -> list[str]:
    """The syllables of ``text`` as the index reads them: lower case, modern tone marks."""
    return TOKEN.findall(exact_form(text))


def segmentation(text: str, words: str) -> str:
    """What the store keeps of the segmentation ``words`` of ``text`` (from `segment`): for each gap between two of
    its syllables, `1` where both are in one word and `0` where not (`thủ tục hành chính` → `101`). Where the
    segmenter's syllables are not the text's (it changed a letter), each syllable is a word."""
    units = [[s for s in w.split("_") if s] for w in _UNIT.findall(words)]
    units = [u for u in units if u]
    text_syllables = syllables(text)
    if [s for u in units for s in u] != text_syllables:
        return "0" * max(0, len(text_syllables) - 1)
    return "".join("1" * (len(u) - 1) + "0" for u in units)[:-1]


def units(text: str, seg: str) -> list[list[str]]:
    """The words of ``text``, each a list of syllables, by its stored segmentation ``seg``."""
    return _units(syllables(text), seg)


def _units(syllables_: list[str], seg: str) -> list[list[str]]:
    ends = [i + 1 for i, joined in enumerate(seg[:len(syllables_) - 1]) if joined != "1"] + [len(syllables_)]
    return [syllables_[start:end] for start, end in zip([0, *ends], ends) if end > start]


def head(word: list[str]) -> str:
    """The EXACT token of a word (at its first syllable): its syllables joined, then `_` (`thủ_tục_`, `và_`)."""
    return SEP.join(word) + SEP


def word_tokens(word: list[str]) -> str:
    """A word as the EXACT table holds it: its token, then each of its other syllables and `__` (`thủ_tục_ tục__`)."""
    if len(word) == 1:
        return word[0] + SEP
    return SEP.join(word) + SEP + " " + (SEP * 2 + " ").join(word[1:]) + SEP * 2


def index_forms(text: str, seg: str) -> tuple[str, str, list[str]]:
    """A search item's text as the EXACT and PLAIN tables index it, and its distinct words with accents (`thủ_tục`)."""
    form = exact_form(text)
    words = _units(TOKEN.findall(form), seg)
    return " ".join(map(word_tokens, words)), fold(form), sorted({"_".join(w) for w in words})


# ------------------------------------------------------------------ filter tags: filters answered inside the index

# The tags column of an item holds one token per filter value it answers to, each starting with `_`, which no query
# word does (`_` only joins the syllables of a word): its kind (targets and documents: a task is neither), its
# document's type (a hash of its folded name), and for a task its deadline (`_d20251231`), each role it has an agency
# in (`_l`, `_c`) and each agency in each role (the role's tag and a hash of the agency's key). A filter is then one
# more term of the MATCH expression: FTS5 intersects the lists of the query's words and the filter's tags instead of
# testing every match against the tables. The document's year and the document itself are ranges of row ids (day_of).
# Tags are few, as they cost: BM25 counts the rows of every term of a query, tags too (a tag on most items, as `task`
# would be, is a walk of most of the index whenever it is asked for: `NOT` the other kinds walks those), and an item's
# tags count in its length (BM25 ranks a long text lower).
KIND_TAGS = {"target": "_ktarget", "document": "_kdoc"}
ROLE_TAGS = {"lead": "_l", "coordinating": "_c"}
TYPE_TAG, DUE_TAG = "_t", "_d"
DATE_DIGITS = 8    # of a whole deadline in a tag (`_d20251231`)
HASH_BYTES = 6     # of a tag's hash: 48 bits, so that two agencies or types of one corpus never share a tag
_DEADLINE = regex.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")  # the forms of a task's deadline (kb.schema.json)


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=HASH_BYTES).hexdigest()


def type_key(doc_type: str) -> str:
    """What two spellings of a document type share (`Quyết định`, `QUYẾT ĐỊNH`, `quyet dinh`)."""
    return fold(exact_form(doc_type))


def type_tag(key: str) -> str:
    return TYPE_TAG + _hash(key)


def agency_tag(role: str, key: str) -> str:
    return ROLE_TAGS[role] + _hash(key)


def item_tags(kind: str, doc_type: str | None, deadline: str | None = None,
              agencies: list[tuple[str, str]] | tuple = ()) -> str:
    """The tags of a search item; ``agencies``: the (role, key) of each agency of a task (agencies.key)."""
    tags = {KIND_TAGS[kind]} if kind in KIND_TAGS else set()
    if doc_type:
        tags.add(type_tag(type_key(doc_type)))
    if deadline and _DEADLINE.fullmatch(deadline):
        tags.add(DUE_TAG + deadline.replace("-", ""))
    for role, key in agencies:
        tags |= {ROLE_TAGS[role], agency_tag(role, key)}
    return " ".join(sorted(tags))


def due_terms(after: str | None, before: str | None) -> list[str]:
    """FTS5 terms for the deadline tags from ``after`` to ``before`` (ISO dates, inclusive; None: unbounded), in the
    order of deadlines as text (`2025` < `2025-06` < `2025-06-30`, as the tasks table compares them): whole tags
    and prefixes (`"_d2025"*`: every deadline in 2025), the fewest the digits allow."""
    out: list[str] = []

    def cover(prefix: str, lo: str | None, hi: str | None) -> None:
        # lo, hi: the rest of a bound whose first digits are ``prefix`` ("": the bound is ``prefix``); None: no bound
        if not lo and hi is None:                    # the prefix and everything after it
            out.append(f'"{DUE_TAG}{prefix}"' + ("" if len(prefix) == DATE_DIGITS else "*"))
            return
        if prefix and not lo:
            out.append(f'"{DUE_TAG}{prefix}"')       # the prefix alone: not below the lower bound, a start of the upper
        if hi == "":
            return                                   # anything longer is past the upper bound
        for digit in "0123456789":
            if (lo and digit < lo[0]) or (hi and digit > hi[0]):
                continue
            cover(prefix + digit, lo[1:] if lo and digit == lo[0] else None, hi[1:] if hi and digit == hi[0] else None)

    cover("", after.replace("-", "") if after else None, before.replace("-", "") if before else None)
    return out


def _any(terms: list[str]) -> str:
    return terms[0] if len(terms) == 1 else "(" + " OR ".join(terms) + ")"


# ------------------------------------------------------------------ row ids: newest documents first

DAY_BITS = 24  # search items of the documents of one day: up to 16 million


def day_of(issued_date: str | None) -> int:
    """The day a document was issued as a number (proleptic ordinal; a month or a year alone, or a day or month that
    does not exist: the first day of what does; undated: 0). The search items of a document take row ids from
    ``day << DAY_BITS`` on, so that the full-text index, which walks its matches in row-id order, meets the newest
    documents first, and the documents of a year are one range of row ids."""
    if not issued_date:
        return 0
    try:
        parts = [int(p) for p in issued_date[:10].split("-")]
    except ValueError:
        return 0
    year, month, day = (parts + [1, 1])[:3]
    for m, d in ((month, day), (month, 1), (1, 1)):
        try:
            return dt.date(year, m, d).toordinal()
        except (ValueError, OverflowError):
            continue
    return 0


def year_range(year: int) -> tuple[int, int]:
    """The row ids of the search items of the documents issued in ``year``."""
    return day_of(f"{year:04d}-01-01") << DAY_BITS, (day_of(f"{year + 1:04d}-01-01") << DAY_BITS) - 1


# ------------------------------------------------------------------ queries: always plain text

@dataclass
class Query:
    """A user query as words (each a list of syllables, exact form); builds FTS5 expressions of quoted terms only.

    Four tiers, tried in turn until enough items are found (search()): every word as one word of the segmented
    text (the token `thủ_tục_` of the EXACT table); every word as its syllables side by side (where the text was
    segmented otherwise: `"thủ_"* + "tục_"*`); then the same two without accents: the words of the index that fold
    to the query's (read_units; BM25 of the OR of a word's forms with accents, each counted as its own term), and
    the syllables of the PLAIN table."""

    words: list[list[str]]
    units: list[str] | None = None                 # the accent-folded words of the query, as read against the index
    variants: dict[str, list[str]] | None = None   # each of them → the words of the index that fold to it

    # each tier: (the FTS5 table, its match expression; None: nothing can match)
    def units_expr(self) -> tuple[str, str | None]:
        return EXACT, " AND ".join(f'"{head(w)}"' for w in self.matched)

    def exact_expr(self) -> tuple[str, str | None]:
        return EXACT, " AND ".join(" + ".join(f'"{s}{SEP}"*' for s in w) for w in self.matched)

    def plain_units_expr(self) -> tuple[str, str | None]:
        groups = []
        for unit in self.units if self.units is not None else [fold("_".join(w)) for w in self.matched]:
            found = (self.variants or {}).get(unit)
            if not found:
                return EXACT, None
            groups.append(_any([f'"{head(v.split("_"))}"' for v in found]))
        return EXACT, " AND ".join(groups)

    def plain_expr(self) -> tuple[str, str | None]:
        return PLAIN, " AND ".join(f'"{fold(" ".join(w))}"' for w in self.matched)

    @property
    def matched(self) -> list[list[str]]:
        """The words that must match: all but the function words (data/stopwords.txt), unless nothing else is left.
        A query typed without accents keeps them all: `va` may be `và` or `vá`, `co` `có` or `cơ`."""
        if not self.marked:
            return self.words
        return [w for w in self.words if len(w) > 1 or w[0] not in stopwords()] or self.words

    @property
    def marked(self) -> bool:
        """Whether the query carries any Vietnamese mark (`số`, `đ`): else it was typed without accents."""
        return any(fold(s) != s for w in self.words for s in w)


MAX_UNIT = 4  # syllables in the longest word looked for in an unaccented query


@functools.cache
def stopwords() -> frozenset[str]:
    return frozenset(entries("stopwords.txt"))


def read_units(conn: sqlite3.Connection, q: Query) -> Query:
    """The query's accent-folded words, each with the words of the index that fold to it (`thu_tuc` → `thủ_tục`).
    An unaccented query (`thu tuc hanh chinh`) is read as the longest runs of syllables that are words of the indexed
    text, left to right (`thu_tuc`, `hanh_chinh`): the segmenter cannot read text without accents; each run is one
    seek in the table of words."""
    if q.marked:
        found = [fold("_".join(w)) for w in q.matched]
    else:
        syllables_ = [s for w in q.words for s in w]
        found, i = [], 0
        while i < len(syllables_):
            for n in range(min(MAX_UNIT, len(syllables_) - i), 1, -1):
                unit = "_".join(syllables_[i:i + n])
                if conn.execute("SELECT 1 FROM units WHERE plain = ? LIMIT 1", (unit,)).fetchone():
                    found.append(unit)
                    i += n
                    break
            else:
                found.append(syllables_[i])
                i += 1
    variants = {u: [r[0] for r in conn.execute("SELECT exact FROM units WHERE plain = ? ORDER BY exact", (u,))]
                for u in dict.fromkeys(found)}
    return Query(q.words, found, variants)


def parse(query: str) -> Query | None:
    """The words of a query, segmented by underthesea; every character that is not a letter or digit is dropped,
    so FTS5 syntax (quotes, `*`, `NEAR`, `OR`, column filters) and SQL are only ever searched as text."""
    text = fold_tones(unicodedata.normalize("NFC", query or "")).replace("_", " ")
    tokens = TOKEN.findall(text)[: MAX_WORDS * 4]
    if not tokens:
        return None
    flat = [_lower(t) for t in tokens]
    words = [[s for s in TOKEN.findall(w)] for w in segment(" ".join(tokens)).split(" ")]
    words = [w for w in words if w]
    if [s for w in words for s in w] != flat:  # the segmenter changed a letter: one word per syllable
        words = [[s] for s in flat]
    return Query(words[:MAX_WORDS])


# ------------------------------------------------------------------ filters

_ISO_DATE = regex.compile(r"\d{4}-\d{2}-\d{2}")
_DMY_DATE = regex.compile(r"(?P<d>\d{1,2})(?P<sep>[/-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})")  # 31/12/2025, 31-12-2025


DATE_FORMS = "YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY"


def iso_date(value, name: str) -> str:
    """``value`` (a date, or text in the form YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY: `2025-12-31`, `31/12/2025`,
    `31-12-2025`, `1/7/2025`) as YYYY-MM-DD; otherwise a ValueError whose one line names ``name`` (the option or
    parameter) and the forms. The one place every date option and parameter is read (CLI, HTTP API, Python API)."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    m = _DMY_DATE.fullmatch(text)
    if _ISO_DATE.fullmatch(text) or m:
        try:
            date = dt.date(int(m["y"]), int(m["m"]), int(m["d"])) if m else dt.date.fromisoformat(text)
        except ValueError as err:
            raise ValueError(f"{name}: {text!r} is not a date ({err}); expected {DATE_FORMS}") from None
        return date.isoformat()
    raise ValueError(f"{name}: expected a date as {DATE_FORMS}, got {text[:40]!r}")


@dataclass
class Filters:
    """The filters every query shares (KnowledgeBase, CLI options, HTTP parameters)."""
    kind: str | None = None          # task | target | document
    agency: str | None = None        # canonical name, abbreviation or folded name; keeps tasks only; by succession
                                     # (succession.related_keys): a successor finds its predecessors' tasks too
    role: str | None = None          # lead | coordinating (with agency); None: either
    due_before: str | None = None    # dates (iso_date: ISO, DD/MM/YYYY, DD-MM-YYYY), inclusive; keep tasks only
    due_after: str | None = None
    year: int | None = None          # the document's year of issue
    doc_type: str | None = None      # Quyết định, QĐ, quyet dinh …
    doc: str | None = None           # a document id or number
    successor: bool = False          # show agencies under their successors (facets, the lead of tasks and due);
                                     # filters nothing

    def __post_init__(self) -> None:
        if self.kind is not None and self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {self.kind!r}")
        if self.role is not None and self.role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}, not {self.role!r}")
        if self.year is not None:
            self.year = whole_number(self.year, "year", *YEARS)
        for name in ("due_before", "due_after"):
            value = getattr(self, name)
            if value is not None:
                setattr(self, name, iso_date(value, name))

    def task_only(self) -> bool:
        return bool(self.agency or self.role or self.due_before or self.due_after)

    def kinds(self) -> list[str]:
        """The kinds of item the filters keep."""
        kinds = [self.kind] if self.kind else list(KINDS)
        return [k for k in kinds if k == "task"] if self.task_only() else kinds


def agency_keys(agency: str) -> tuple[str, str]:
    """The lookup keys of a user's agency: the gazetteer's canonical name (from any abbreviation), and its folded form."""
    from ..agencies import canonical_agency
    from ..patterns.agencies import key

    canonical = canonical_agency(agency) or agency
    return key(canonical), fold(key(agency))


def filter_keys(conn: sqlite3.Connection, agency: str) -> list[str]:
    """The store keys (agencies.key) an agency filter matches: the agency's own (by name, abbreviation or folded
    name) and, by succession (succession.related_keys), its successor's or its predecessors'."""
    from .succession import related_keys

    exact, plain = agency_keys(agency)
    found = {k for (k,) in conn.execute("SELECT DISTINCT key FROM agencies WHERE key = ? OR plain = ?", (exact, plain))}
    wanted = set().union(*(related_keys(k) for k in {exact, plain, *found}))
    marks = ", ".join("?" * len(wanted))
    return sorted({k for (k,) in conn.execute(f"SELECT DISTINCT key FROM agencies WHERE key IN ({marks}) "
                                              f"OR plain IN ({marks})", [*wanted, *wanted])})


def doc_type_keys(doc_type: str) -> set[str]:
    """The type keys (type_key) a `--type` filter names: the type as written, or by its name or code (`QĐ`)."""
    from ..patterns.doctypes import type_from_code, type_name

    return {type_key(t) for t in (doc_type, type_name(doc_type), type_from_code(doc_type.upper())) if t}


def _doc_types(conn: sqlite3.Connection, doc_type: str) -> list[str]:
    known = [r[0] for r in conn.execute("SELECT DISTINCT type FROM documents WHERE type IS NOT NULL")]
    wanted = doc_type_keys(doc_type)
    return [t for t in known if type_key(t) in wanted] or [doc_type]


def doc_pks(conn: sqlite3.Connection, doc: str) -> list[int]:
    """The documents a `--doc` filter names: by id, or by number (`240/QĐ-TTg`, any spacing and case)."""
    from ..references import number_key

    return [r[0] for r in conn.execute("SELECT pk FROM documents WHERE id = ? OR number_key = ?", (doc, number_key(doc)))]


def where(conn: sqlite3.Connection, f: Filters, kind: str, item: str, deadline: str) -> tuple[str, list]:
    """SQL conditions (joined by AND, each starting with ` AND `) for the filters, over the SQL expressions naming
    an item's kind, primary key and deadline; the document is the alias `d`. For the tables (tasks, targets,
    documents, references); a search answers its filters inside the index (restrict)."""
    sql, params = ["d.dup_of IS NULL"], []  # a document filed twice is one: its first copy (store.dedupe)
    kinds = f.kinds()
    if len(kinds) < len(KINDS):
        sql.append(f"{kind} IN ({', '.join('?' * len(kinds))})" if kinds else "0")
        params += kinds
    if f.agency or f.role:
        cond = "ta.role = ?" if f.role else "1"
        sub = f"SELECT ta.task_pk FROM task_agencies ta WHERE {cond}"
        params += [f.role] if f.role else []
        if f.agency:
            keys = filter_keys(conn, f.agency)
            sub += f" AND ta.agency_pk IN (SELECT pk FROM agencies WHERE key IN ({', '.join('?' * len(keys))}))"
            params += keys
        sql.append(f"{item} IN ({sub})")
    if f.due_before:
        sql.append(f"{deadline} <= ?")
        params.append(f.due_before)
    if f.due_after:
        sql.append(f"{deadline} >= ?")
        params.append(f.due_after)
    if f.year is not None:
        sql.append("d.year = ?")
        params.append(int(f.year))
    if f.doc_type:
        types = _doc_types(conn, f.doc_type)
        sql.append(f"d.type IN ({', '.join('?' * len(types))})")
        params += types
    if f.doc:
        pks = doc_pks(conn, f.doc)
        sql.append(f"d.pk IN ({', '.join('?' * len(pks))})" if pks else "0")
        params += pks
    return "".join(f" AND {s}" for s in sql), params


@dataclass
class Restriction:
    """What the filters make of a search in the index: tag terms ANDed with the query, row-id ranges, or nothing."""
    tags: list[str] = field(default_factory=list)     # FTS5 expressions over the tags column, each to match
    exclude: list[str] = field(default_factory=list)  # tags none of which may match
    ranges: list[tuple[int, int]] | None = None       # the row ids to search (inclusive); None: all
    kinds: list[str] = field(default_factory=lambda: list(KINDS))
    type_keys: set[str] | None = None                 # the document types kept (type_key); None: any
    empty: bool = False                               # nothing can match
    task_tags: bool = False                           # some tag is of tasks (agency, role, deadline)

    def expr(self, match: str | None) -> str | None:
        """``match`` (an expression over the text) with the filters' tags; None: every item (no tag, no match)."""
        keep = " AND ".join(([f"({match})"] if match else []) + self.tags)
        if self.exclude:
            assert keep, "an exclusion needs a term to keep"  # (restrict: `NOT` only comes with a query's words)
            return f"({keep}) NOT {_any(self.exclude)}"
        return keep or None


def _intersect(a: list[tuple[int, int]] | None, b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    if a is None:
        return b
    return [(max(lo, lo2), min(hi, hi2)) for lo, hi in a for lo2, hi2 in b if max(lo, lo2) <= min(hi, hi2)]


def restrict(conn: sqlite3.Connection, f: Filters) -> Restriction:
    """The filters as tag terms of the index and row-id ranges (what `where` says in SQL, answered by the index)."""
    r = Restriction(kinds=f.kinds(), task_tags=f.task_only())
    if not r.kinds:
        return Restriction(empty=True)
    if len(r.kinds) < len(KINDS) and not r.task_tags:  # (an agency, role or deadline tag is a task's already)
        if r.kinds == ["task"]:
            r.exclude = [f'"{tag}"' for tag in KIND_TAGS.values()]
        else:
            r.tags.append(_any([f'"{KIND_TAGS[k]}"' for k in r.kinds]))
    if f.agency:
        keys = filter_keys(conn, f.agency)
        if not keys:
            return Restriction(empty=True)
        r.tags.append(_any([f'"{agency_tag(role, k)}"' for role in ([f.role] if f.role else ROLES) for k in keys]))
    elif f.role:
        r.tags.append(f'"{ROLE_TAGS[f.role]}"')
    if f.due_before or f.due_after:
        terms = due_terms(f.due_after, f.due_before)
        if not terms:
            return Restriction(empty=True)
        r.tags.append(_any(terms))
    if f.doc_type:
        r.type_keys = doc_type_keys(f.doc_type)
        r.tags.append(_any([f'"{type_tag(k)}"' for k in sorted(r.type_keys)]))
    if f.year is not None:
        r.ranges = [year_range(f.year)]
    if f.doc:
        pks = doc_pks(conn, f.doc)
        spans = conn.execute(f"SELECT rowid, rowid + n_items - 1 FROM search_docs WHERE doc_pk IN "
                             f"({', '.join('?' * len(pks))}) ORDER BY rowid", pks).fetchall()
        r.ranges = _intersect(r.ranges, [tuple(s) for s in spans])
    if r.ranges is not None and not r.ranges:
        return Restriction(empty=True)
    return r


# ------------------------------------------------------------------ hits

@dataclass
class Hit:
    kind: str
    id: str
    doc_id: str
    doc_number: str | None
    doc_type: str | None
    file: str
    text: str
    snippet: str
    score: float
    exact: bool                       # every word matched with its accents
    section: str | None = None
    deadline: str | None = None
    lead: list[str] = field(default_factory=list)
    coordinating: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


CANDIDATES = 1000  # per tier, BM25 ranks at most this many matches: those of the most recently issued documents


def _within(r: Restriction) -> list[tuple[str, list]]:
    """One SQL condition on the row id (and its parameters) per range of the restriction."""
    return [(" AND rowid BETWEEN ? AND ?", [lo, hi]) for lo, hi in r.ranges] if r.ranges is not None else [("", [])]


def _ranked(conn, tier: tuple[str, str | None], r: Restriction, limit: int, exclude: list[int]) -> list[tuple]:
    """(rowid, bm25) of the best ``limit`` items matching ``tier`` (an FTS5 table and its match expression) and the
    filters (their tags and row-id ranges), bar ``exclude``.

    BM25 is computed for the first ``CANDIDATES`` matches in row-id order, newest first: row ids follow the issue
    dates of the documents (day_of), so a query that matches a large part of the corpus (`thủ tục hành chính`)
    is ranked among the matches of the latest documents, in time bounded by CANDIDATES rather than by the corpus;
    a narrower query is ranked whole. Filters are terms of the match: a filter that keeps few items makes the
    index walk few."""
    table, match = tier
    if match is None or r.empty:
        return []
    skip = f" AND rowid NOT IN ({', '.join('?' * len(exclude))})" if exclude else ""
    pool = max(CANDIDATES, limit)
    rows: list[tuple] = []
    for within, params in _within(r):
        rows += conn.execute(f"SELECT rowid, bm25({table}, {BM25_WEIGHTS}) FROM {table} WHERE {table} MATCH ?"
                             f"{within}{skip} ORDER BY rowid DESC LIMIT ?",
                             [r.expr(match), *params, *exclude, pool]).fetchall()
    if r.ranges is not None and len(r.ranges) > 1:
        rows = sorted(rows, reverse=True)[:pool]
    return sorted(rows, key=lambda row: (row[1], -row[0]))[:limit]


def search(conn: sqlite3.Connection, query: str, filters: Filters | None = None, limit: int = 20, offset: int = 0,
           mark: tuple[str, str] = ("[", "]")) -> list[Hit]:
    """Ranked hits: items matching every word with its accents first, then the accent-folded matches, BM25 within each."""
    limit, offset = whole_number(limit, "limit", 0, MAX_ROWS), whole_number(offset, "offset", 0, MAX_ROWS)
    q = parse(query)
    if q is None or limit <= 0:
        return []
    r = restrict(conn, filters or Filters())
    want = offset + limit
    rows: list[tuple[tuple, bool]] = []
    for tier, exact in ((Query.units_expr, True), (Query.exact_expr, True), (Query.plain_units_expr, False),
                        (Query.plain_expr, False)):
        if len(rows) >= want or r.empty:
            break
        if tier is Query.exact_expr and not _more(conn, q, r, [row[0] for row, _ in rows]):
            continue  # syllables with accents match the same words without: none left, the costly tier is not run
        if tier is Query.plain_units_expr:
            q = read_units(conn, q)
        # a tier that did not fill the page is whole in `rows`: the next one only adds what it has not found
        rows += [(row, exact) for row in _ranked(conn, tier(q), r, want - len(rows), [row[0] for row, _ in rows])]
    return _hydrate(conn, rows[offset:want], q, mark)


def _more(conn, q: Query, r: Restriction, found: list[int]) -> bool:
    """Whether an item bar ``found`` matches the query's words without accents (PLAIN: what the syllables of the
    same words with accents match is among these) and the filters: one step of the index when one does, a walk of
    ``found`` when none does. (The words of the index an unaccented query is read as may be other words: those are
    not among these.)"""
    skip = f" AND rowid NOT IN ({', '.join('?' * len(found))})" if found else ""
    return any(conn.execute(f"SELECT 1 FROM {PLAIN} WHERE {PLAIN} MATCH ?{within}{skip} LIMIT 1",
                            [r.expr(q.plain_expr()[1]), *params, *found]).fetchone() for within, params in _within(r))


def _count_matches(conn, q: Query | None, r: Restriction) -> int:
    expr = r.expr(q.plain_expr()[1] if q else None)
    return sum(conn.execute(f"SELECT count(*) FROM {PLAIN} WHERE {PLAIN} MATCH ?{within}",
                            [expr, *params]).fetchone()[0] for within, params in _within(r))


def count(conn: sqlite3.Connection, query: str | None, filters: Filters | None = None) -> int:
    """How many items match (the accent-folded matches include the exact ones)."""
    q = parse(query) if query else None
    r = restrict(conn, filters or Filters())
    if (query and q is None) or r.empty:
        return 0
    if q is None and not r.task_tags:  # no word, no task filter: from what each document holds
        return len(facet_index(conn).items(r))
    return _count_matches(conn, q, r)


def _matching_ids(conn, q: Query | None, r: Restriction, index: "FacetIndex"):
    """The row ids of the matching items, ascending (a numpy array)."""
    import numpy as np

    if q is None and not r.task_tags:
        return index.items(r)
    expr = r.expr(q.plain_expr()[1] if q else None)
    chunks = [np.fromiter((row[0] for row in conn.execute(
        f"SELECT rowid FROM {PLAIN} WHERE {PLAIN} MATCH ?{within} ORDER BY rowid", [expr, *params])), dtype=np.int64)
        for within, params in _within(r)]
    return np.concatenate(chunks) if len(chunks) > 1 else chunks[0]


def facets(conn: sqlite3.Connection, query: str | None, filters: Filters | None = None, top: int = 20) -> dict:
    """Counts of the matching items by kind, document year and type, and of matching tasks by agency (canonical):
    the matching row ids from the index, then what each item is (FacetIndex, precomputed by the build), summed."""
    import numpy as np

    f = filters or Filters()
    q = parse(query) if query else None
    r = restrict(conn, f)
    index = facet_index(conn)
    if (query and q is None) or r.empty:
        ids = np.zeros(0, dtype=np.int64)
    else:
        ids = _matching_ids(conn, q, r, index)
    out = index.counts(ids, f.role, successor=f.successor)
    for facet in out:
        ranked = sorted(out[facet].items(), key=lambda kv: (-kv[1], str(kv[0])))
        out[facet] = dict(ranked[:top] if facet == "agency" else ranked)
    return out


# ------------------------------------------------------------------ facets: what each item is, precomputed

FACET_KEY = "facets"   # the row of search_facets holding the FacetIndex
FACET_STORES = 4       # FacetIndex objects kept in memory (one per store generation)
NO_VALUE = -1          # a document without a year or a type, in the FacetIndex arrays


class FacetIndex:
    """What each search item is, for facets and counts without a query: per document (sorted by the row id of its
    first item) its item count, task count, year and type; per role (and for either) the (task row id, agency)
    pairs. An agency is its key (agencies.key: NFC, modern tone marks, lower case), shown in its most frequent
    spelling (`Trung tâm dịch vụ việc làm` for `trung tâm dịch vụ việc làm` too). Documents filed twice count once
    (store.dedupe). Computed from the store at the end of a build (store.finish) and kept as one blob."""

    def __init__(self, arrays: dict, names: dict):
        self.a, self.types, self.agencies = arrays, names["types"], names["agencies"]
        self.keys = names.get("keys") or [None] * len(self.agencies)
        self._successors = None

    @classmethod
    def compute(cls, conn: sqlite3.Connection) -> "FacetIndex":
        import numpy as np

        docs = conn.execute("SELECT s.rowid, s.n_items, d.n_tasks, d.year, d.type FROM search_docs s "
                            "JOIN documents d ON d.pk = s.doc_pk WHERE d.dup_of IS NULL ORDER BY s.rowid").fetchall()
        types = sorted({d[4] for d in docs if d[4] is not None})
        type_ids = {t: i for i, t in enumerate(types)}
        arrays = {
            "first": np.array([d[0] for d in docs], dtype=np.int64),
            "n_items": np.array([d[1] for d in docs], dtype=np.int64),
            "n_tasks": np.array([d[2] for d in docs], dtype=np.int64),
            "year": np.array([NO_VALUE if d[3] is None else d[3] for d in docs], dtype=np.int64),
            "type": np.array([type_ids.get(d[4], NO_VALUE) for d in docs], dtype=np.int64),
        }
        named = conn.execute("SELECT a.pk, a.key, a.canonical, count(ta.task_pk) FROM agencies a "
                             "LEFT JOIN task_agencies ta ON ta.agency_pk = a.pk GROUP BY a.pk").fetchall()
        spelled = preferred_spellings((k, name, n) for _, k, name, n in named)
        keys = sorted(spelled, key=lambda k: (spelled[k], k))
        agencies = [spelled[k] for k in keys]
        agency_ids = {k: i for i, k in enumerate(keys)}
        canonical = np.full(max([row[0] for row in named], default=0) + 1, NO_VALUE, dtype=np.int64)
        for pk, k, *_ in named:
            canonical[pk] = agency_ids[k]
        pairs = np.array(conn.execute(
            "SELECT s.rowid + 1 + t.ordinal, ta.agency_pk, ta.role = 'lead' FROM task_agencies ta "
            "JOIN tasks t ON t.pk = ta.task_pk JOIN search_docs s ON s.doc_pk = t.doc_pk "
            "JOIN documents d ON d.pk = t.doc_pk WHERE d.dup_of IS NULL").fetchall(),
            dtype=np.int64).reshape(-1, 3)
        for role in (None, *ROLES):
            kept = pairs if role is None else pairs[pairs[:, 2] == (role == "lead")]
            # one (task row id, canonical agency) pair however many names or positions the task gives the agency
            rows = np.unique(np.stack([kept[:, 0], canonical[kept[:, 1]]], axis=1), axis=0)
            arrays[f"rowid_{role or 'any'}"], arrays[f"agency_{role or 'any'}"] = rows[:, 0].copy(), rows[:, 1].copy()
        return cls(arrays, {"types": types, "agencies": agencies, "keys": keys})

    def dumps(self) -> bytes:
        import io

        import numpy as np

        buf = io.BytesIO()
        names = np.frombuffer(json.dumps({"types": self.types, "agencies": self.agencies, "keys": self.keys},
                                         ensure_ascii=False).encode("utf-8"), dtype=np.uint8)
        np.savez_compressed(buf, names=names, **self.a)
        return buf.getvalue()

    @classmethod
    def loads(cls, blob: bytes) -> "FacetIndex":
        import io

        import numpy as np

        with np.load(io.BytesIO(blob)) as data:
            arrays = {k: data[k] for k in data.files if k != "names"}
            names = json.loads(data["names"].tobytes().decode("utf-8"))
        return cls(arrays, names)

    def items(self, r: Restriction):
        """The row ids of every item of the kinds, types and ranges of ``r`` (its tags aside), ascending."""
        import numpy as np

        a = self.a
        n = a["n_items"]
        ids = np.repeat(a["first"], n) + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n))
        keep = np.ones(len(ids), dtype=bool)
        if len(r.kinds) < len(KINDS):
            keep &= np.isin(self._kinds(ids), [KINDS.index(k) for k in r.kinds])
        if r.type_keys is not None:
            wanted = [i for i, t in enumerate(self.types) if type_key(t) in r.type_keys]
            keep &= np.isin(np.repeat(a["type"], n), wanted)
        if r.ranges is not None:
            within = np.zeros(len(ids), dtype=bool)
            for lo, hi in r.ranges:
                within |= (ids >= lo) & (ids <= hi)
            keep &= within
        return ids[keep]

    def _docs(self, ids):
        import numpy as np

        return np.searchsorted(self.a["first"], ids, side="right") - 1

    def _kinds(self, ids, docs=None):
        """The index in KINDS of the kind of each item: a document's heading first, then its tasks, then its targets."""
        import numpy as np

        docs = self._docs(ids) if docs is None else docs
        offset = ids - self.a["first"][docs]
        return np.where(offset == 0, KINDS.index("document"),
                        np.where(offset <= self.a["n_tasks"][docs], KINDS.index("task"), KINDS.index("target")))

    def successor_ids(self):
        """(agency index → index of the body holding its duties now, the names of those indexes): succession.py."""
        import numpy as np

        if self._successors is None:
            from .succession import key_on, successor

            names, index = list(self.agencies), {k: i for i, k in enumerate(self.keys)}
            mapped = np.arange(len(self.agencies), dtype=np.int64)
            for i, k in enumerate(self.keys):
                sk = key_on(k) if k else k
                if sk != k:
                    if sk not in index:
                        index[sk] = len(names)
                        names.append(successor(self.agencies[i]))
                    mapped[i] = index[sk]
            self._successors = (mapped, names)
        return self._successors

    def counts(self, ids, role: str | None, successor: bool = False) -> dict[str, dict]:
        """The items of ``ids`` (ascending row ids) by kind, year and type; their tasks by agency (in ``role``; with
        ``successor``, by the body that holds the agency's duties now: a task counts once per body)."""
        import numpy as np

        out: dict[str, dict] = {"kind": {}, "year": {}, "doc_type": {}, "agency": {}}
        if not len(ids):
            return out
        docs = self._docs(ids)
        for k, n in enumerate(np.bincount(self._kinds(ids, docs), minlength=len(KINDS))):
            if n:
                out["kind"][KINDS[k]] = int(n)
        years, n = np.unique(self.a["year"][docs], return_counts=True)
        out["year"] = {(None if y == NO_VALUE else int(y)): int(c) for y, c in zip(years, n)}
        for t, n in enumerate(np.bincount(self.a["type"][docs] + 1, minlength=len(self.types) + 1)):
            if n:
                out["doc_type"][None if t == 0 else self.types[t - 1]] = int(n)
        rowids, agencies = self.a[f"rowid_{role or 'any'}"], self.a[f"agency_{role or 'any'}"]
        span = slice(np.searchsorted(rowids, ids[0]), np.searchsorted(rowids, ids[-1], side="right"))
        rowids, agencies = rowids[span], agencies[span]
        at = np.minimum(np.searchsorted(ids, rowids), len(ids) - 1)
        keep = ids[at] == rowids
        names = self.agencies
        if successor:
            mapped, names = self.successor_ids()
            pairs = np.unique(np.stack([rowids[keep], mapped[agencies[keep]]], axis=1).reshape(-1, 2), axis=0)
            found = pairs[:, 1]
        else:
            found = agencies[keep]
        for a, n in enumerate(np.bincount(found, minlength=len(names))):
            if n:
                out["agency"][names[a]] = int(n)
        return out


def preferred_spellings(rows) -> dict[str, str]:
    """key → the spelling to show, from (key, spelling, uses) rows: the most used, then the first in sorted order."""
    from collections import Counter

    uses: Counter = Counter()
    for k, name, n in rows:
        uses[k, name] += n
    best: dict[str, tuple[int, str]] = {}
    for (k, name), n in uses.items():
        cur = best.get(k)
        if cur is None or (-n, name) < (-cur[0], cur[1]):
            best[k] = (n, name)
    return {k: name for k, (n, name) in best.items()}


_FACETS: dict[str, FacetIndex] = {}
_FACETS_LOCK = threading.Lock()


def facet_index(conn: sqlite3.Connection) -> FacetIndex:
    """The store's FacetIndex, read once per published store (its generation), or computed where none is stored."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
    generation = row[0] if row else None
    with _FACETS_LOCK:
        if generation is not None and generation in _FACETS:
            return _FACETS[generation]
    stored = conn.execute("SELECT data FROM search_facets WHERE key = ?", (FACET_KEY,)).fetchone()
    index = FacetIndex.loads(stored[0]) if stored else FacetIndex.compute(conn)
    if generation is not None:
        with _FACETS_LOCK:
            while len(_FACETS) >= FACET_STORES:
                _FACETS.pop(next(iter(_FACETS)))
            _FACETS[generation] = index
    return index


# ------------------------------------------------------------------ hydration: row ids to hits

_DOC_COLS = "d.id, d.number, d.type, d.file, d.title"
_KEYS = "WITH k(doc, ord) AS (VALUES {}) "  # (document pk, ordinal) of the items to read, each one index seek
_HYDRATE = {
    "task": _KEYS + f"SELECT t.doc_pk, t.ordinal, t.id, t.text, t.section, t.deadline, t.lead, t.coordinating, "
                    f"{_DOC_COLS} FROM k CROSS JOIN tasks t ON t.doc_pk = k.doc AND t.ordinal = k.ord "
                    "JOIN documents d ON d.pk = t.doc_pk",
    "target": _KEYS + f"SELECT g.doc_pk, g.ordinal, g.id, g.indicator, g.text, g.section, {_DOC_COLS}, "
                      "g.value, g.value_max, g.unit, g.comparator, g.year "   # the level, for the snippet
                      "FROM k CROSS JOIN targets g ON g.doc_pk = k.doc AND g.ordinal = k.ord "
                      "JOIN documents d ON d.pk = g.doc_pk",
    "document": f"SELECT d.pk, 0, {_DOC_COLS}, d.issuer, d.signer FROM documents d WHERE d.pk IN ({{}})",
}
HYDRATE_BATCH = 500  # items fetched by one query (two SQL parameters each)


def locate(conn: sqlite3.Connection, rowids: list[int]) -> dict[int, tuple[str, int, int]]:
    """(kind, document pk, ordinal among the document's items of that kind) of search items' row ids, one lookup
    a document: a document's items have consecutive row ids, its heading first, then its tasks, then its targets."""
    out: dict[int, tuple[str, int, int]] = {}
    span = (0, -1, 0, 0)  # the document's first and last row ids, its pk, its task count
    for rowid in sorted(set(rowids)):
        if rowid > span[1]:
            first, n_items, doc_pk, n_tasks = conn.execute(
                "SELECT s.rowid, s.n_items, s.doc_pk, d.n_tasks FROM search_docs s JOIN documents d "
                "ON d.pk = s.doc_pk WHERE s.rowid <= ? ORDER BY s.rowid DESC LIMIT 1", (rowid,)).fetchone()
            span = (first, first + n_items - 1, doc_pk, n_tasks)
        offset, doc_pk, n_tasks = rowid - span[0], span[2], span[3]
        if offset == 0:
            out[rowid] = ("document", doc_pk, 0)
        elif offset <= n_tasks:
            out[rowid] = ("task", doc_pk, offset - 1)
        else:
            out[rowid] = ("target", doc_pk, offset - 1 - n_tasks)
    return out


def _hydrate(conn, rows: list[tuple[tuple, bool]], q: Query, mark: tuple[str, str]) -> list[Hit]:
    """The hits of ranked rows ((rowid, bm25), exact), in their order: one query per kind (and batch)."""
    from .store import indexed_text

    where_ = locate(conn, [row[0] for row, _ in rows])
    found: dict[tuple[str, int, int], tuple] = {}
    for kind in KINDS:
        keys = list(dict.fromkeys((doc, n) for k, doc, n in where_.values() if k == kind))
        for i in range(0, len(keys), HYDRATE_BATCH):
            batch = keys[i:i + HYDRATE_BATCH]
            if kind == "document":
                sql, params = _HYDRATE[kind].format(", ".join("?" * len(batch))), [doc for doc, _ in batch]
            else:
                sql = _HYDRATE[kind].format(", ".join("(?, ?)" for _ in batch))
                params = [x for key in batch for x in key]
            for r in conn.execute(sql, params):
                found[kind, r[0], r[1]] = r[2:]
    hits = []
    for (rowid, score), exact in rows:
        kind = where_[rowid][0]
        r = found[where_[rowid]]
        if kind == "task":
            item_id, text, section, deadline = r[:4]
            lead, coord = [x for x in (r[4] or "").split("; ") if x], [x for x in (r[5] or "").split("; ") if x]
            doc = r[6:]
        elif kind == "target":
            item_id, section, deadline, lead, coord = r[0], r[3], None, [], []
            text = indexed_text("target", {"indicator": r[1], "text": r[2]})
            doc = r[4:9]
            shown = target_text(r[1], r[2], *r[9:])   # the snippet: indicator and level, each word once
        else:
            item_id, section, deadline, lead, coord = r[0], None, None, [], []
            text = indexed_text("document", {"type": r[2], "number": r[1], "title": r[4], "issuer": r[5], "signer": r[6]})
            doc = r[:5]
        hits.append(Hit(kind=kind, id=item_id, doc_id=doc[0], doc_number=doc[1], doc_type=doc[2], file=doc[3],
                        text=text, snippet=snippet(text if kind != "target" else shown, q, mark=mark, exact=exact),
                        score=round(-score, 4),
                        exact=exact, section=section, deadline=deadline, lead=lead, coordinating=coord))
    return hits


# ------------------------------------------------------------------ snippets

@functools.lru_cache(maxsize=256)
def _word_patterns(words: tuple[tuple[str, ...], ...], exact: bool) -> list[regex.Pattern]:
    """Each query word as a pattern over the exact (or folded) form of a text: its syllables, whole, any separator."""
    key = (lambda s: s) if exact else fold
    sep, edge = r"[^\p{L}\p{N}\p{M}]+", r"[\p{L}\p{N}\p{M}]"
    return [regex.compile(rf"(?<!{edge})" + sep.join(regex.escape(key(s)) for s in w) + rf"(?!{edge})") for w in words]


def snippet(text: str, q: Query, width: int = 220, mark: tuple[str, str] = ("[", "]"), exact: bool = False) -> str:
    """A window of ``text`` around the matches of the query's words, each match wrapped in ``mark``; case-insensitive,
    and accent-insensitive unless ``exact`` (then `cổng` is not marked for `công`): `so hoa` marks `số hóa` as written."""
    text = " ".join((text or "").split())
    form = exact_form(text)
    same = len(form) == len(text)
    spans: list[tuple[int, int]] = []
    if same:
        haystack = form if exact else fold(form)
        for pat in _word_patterns(tuple(map(tuple, q.words)), exact):
            spans += [m.span() for m in pat.finditer(haystack)]
    merged: list[tuple[int, int]] = []
    for s, e in sorted(set(spans)):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    start = 0
    if len(text) > width and merged:
        start = max(0, merged[0][0] - width // 4)
        start = text.rfind(" ", 0, start) + 1 if start else 0
    end = min(len(text), start + width)
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    out, pos = [], start
    for s, e in merged:
        if s < start or e > end:
            continue
        out += [text[pos:s], mark[0], text[s:e], mark[1]]
        pos = e
    out.append(text[pos:end])
    return ("…" if start else "") + "".join(out) + ("…" if end < len(text) else "")


_LEVEL_OPS = {">=": "≥ ", "<=": "≤ ", ">": "> ", "<": "< "}
_SYLLABLE = regex.compile(r"[\p{L}\p{M}]+")
_REPEATED = regex.compile(r"^((?:[\p{L}\p{M}]+\s+){0,3}[\p{L}\p{M}]+)\s+(?i:\1)(?![\p{L}\p{M}])")


def vn_number(x: float) -> str:
    """A number as Vietnamese writes it: `80`, `95,5`, `2.000`."""
    return f"{x:,.10g}".replace(",", " ").replace(".", ",").replace(" ", ".")


def target_level(value=None, value_max=None, unit=None, comparator=None, year=None) -> str:
    """A target's level in words: `≥ 50%`, `10–15%`, `699 TTHC`, `80% (năm 2025)`; empty when it has none."""
    out = ""
    if value is not None and value == value:
        out = _LEVEL_OPS.get(comparator or "", "") + vn_number(value)
        if value_max is not None and value_max == value_max:
            out += "–" + vn_number(value_max)
        if unit:
            out += unit if unit.startswith("%") else " " + unit
    if year is not None and year == year:
        out = f"{out} (năm {int(year)})".strip()
    return out


def target_text(indicator: str | None, text: str | None, value=None, value_max=None, unit=None, comparator=None,
                year=None) -> str:
    """What a target hit shows: `indicator: level`, each word once and the unit kept (a table row's text holds the
    bare number: `… 80`); the target's own sentence after it (` — …`) when that sentence says more than the
    indicator, or alone when it holds the whole indicator. A word repeated at the indicator's start (`Tỷ lệ tỷ lệ
    số hóa`) is read once."""
    ind = _REPEATED.sub(r"\1", " ".join((indicator or "").split()))
    text = " ".join((text or "").split())
    level = target_level(value, value_max, unit, comparator, year)
    head = f"{ind}: {level}" if ind and level else ind or level
    known = {w.casefold() for w in _SYLLABLE.findall(f"{ind} {unit or ''}")}
    words = [w.casefold() for w in _SYLLABLE.findall(text)]
    new = sum(w not in known for w in words)
    if not text or not (new >= 3 and new >= 0.35 * len(words)):   # the sentence adds a number, a `tối thiểu`
        return head or text
    if ind and ind.casefold() in text.casefold():
        return text
    return f"{head} — {text}" if head else text
