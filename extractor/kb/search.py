"""Full-text search over the knowledge base: accent-folded and word-segmented forms, BM25 via FTS5, filters, facets, snippets."""
from __future__ import annotations

import datetime as dt
import functools
import sqlite3
import unicodedata
from dataclasses import asdict, dataclass, field

import regex

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


# ------------------------------------------------------------------ queries: always plain text

@dataclass
class Query:
    """A user query as words (each a list of syllables, exact form); builds FTS5 expressions of quoted terms only.

    Four tiers, tried in turn until enough items are found (search()): every word as one unit of the segmented
    text (`thủ_tục` in fts_words, the compound as underthesea reads it); every word as its syllables side by side
    (where the text was segmented otherwise); then the same two without accents. A unit is one token of the
    index, so a tier costs one pass over the lists of its words, not a merge of syllable positions."""

    words: list[list[str]]
    units: list[str] | None = None   # the accent-folded units of an unaccented query, read against the index

    # each tier: (the FTS5 table of that form of the text, its match expression)
    def units_expr(self) -> tuple[str, str]:
        return "fts_words", " AND ".join(f'"{"_".join(w)}"' for w in self.matched)

    def exact_expr(self) -> tuple[str, str]:
        return "fts_exact", " AND ".join(f'"{" ".join(w)}"' for w in self.matched)

    def plain_units_expr(self) -> tuple[str, str]:
        units = self.units if self.units is not None else [fold("_".join(w)) for w in self.matched]
        return "fts_plain_words", " AND ".join(f'"{u}"' for u in units)

    def plain_expr(self) -> tuple[str, str]:
        return "fts_plain", " AND ".join(f'"{fold(" ".join(w))}"' for w in self.matched)

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


MAX_UNIT = 4  # syllables in the longest unit looked for in an unaccented query


@functools.cache
def stopwords() -> frozenset[str]:
    return frozenset(entries("stopwords.txt"))


def read_units(conn: sqlite3.Connection, q: Query) -> Query:
    """An unaccented query's units (`thu tuc hanh chinh` → `thu_tuc`, `hanh_chinh`): the segmenter cannot read
    text without accents, so the longest runs of syllables that are units of the indexed text are taken, left to
    right; each is looked up as one token (a seek in the index)."""
    if q.marked:
        return q
    syllables = [s for w in q.words for s in w]
    units, i = [], 0
    while i < len(syllables):
        for n in range(min(MAX_UNIT, len(syllables) - i), 1, -1):
            unit = "_".join(syllables[i:i + n])
            if conn.execute("SELECT 1 FROM fts_plain_words WHERE fts_plain_words MATCH ? LIMIT 1",
                            (f'"{unit}"',)).fetchone():
                units.append(unit)
                i += n
                break
        else:
            units.append(syllables[i])
            i += 1
    return Query(q.words, units)


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
YEARS = (1900, 2200)        # the years a document filter may name
MAX_ROWS = 10_000_000       # the largest limit or offset of a query
MAX_WITHIN = 3650           # the most days ahead `due` looks


def whole_number(value, name: str, low: int, high: int) -> int:
    """``value`` as an int in ``low``..``high``; otherwise a ValueError whose one line names ``name`` (the option
    or parameter) and the range, so that no query meets an integer SQLite cannot hold."""
    text = str(value).strip()
    if isinstance(value, bool) or not regex.fullmatch(r"[+-]?\d+", text):
        raise ValueError(f"{name}: expected a whole number from {low} to {high}, got {text[:40]!r}")
    digits = len(text.lstrip("+-").lstrip("0"))
    if digits > 30 or not low <= int(text) <= high:  # (int() of thousands of digits is refused, and slow)
        shown = text if digits <= 30 else f"a number of {digits} digits"
        raise ValueError(f"{name}: must be from {low} to {high}, got {shown}")
    return int(text)


def iso_date(value, name: str) -> str:
    """``value`` (a date, or text in the form YYYY-MM-DD) as YYYY-MM-DD; otherwise a ValueError whose one line
    names ``name`` (the option or parameter) and the expected form."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if _ISO_DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError as err:
            raise ValueError(f"{name}: {text!r} is not a date ({err}); expected YYYY-MM-DD") from None
    raise ValueError(f"{name}: expected a date as YYYY-MM-DD, got {text[:40]!r}")


@dataclass
class Filters:
    kind: str | None = None          # task | target | document
    agency: str | None = None        # canonical name, abbreviation or folded name; keeps tasks only
    role: str | None = None          # lead | coordinating (with agency); None: either
    due_before: str | None = None    # ISO dates, inclusive; keep tasks only
    due_after: str | None = None
    year: int | None = None          # the document's year of issue
    doc_type: str | None = None      # Quyết định, QĐ, quyet dinh …
    doc: str | None = None           # a document id or number

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


def agency_keys(agency: str) -> tuple[str, str]:
    """The lookup keys of a user's agency: the gazetteer's canonical name (from any abbreviation), and its folded form."""
    from ..agencies import canonical_agency
    from ..patterns.agencies import key

    canonical = canonical_agency(agency) or agency
    return key(canonical), fold(key(agency))


def _doc_types(conn: sqlite3.Connection, doc_type: str) -> list[str]:
    from ..patterns.doctypes import type_from_code, type_name

    known = [r[0] for r in conn.execute("SELECT DISTINCT type FROM documents WHERE type IS NOT NULL")]
    wanted = {fold(exact_form(t)) for t in (doc_type, type_name(doc_type), type_from_code(doc_type.upper())) if t}
    return [t for t in known if fold(exact_form(t)) in wanted] or [doc_type]


def doc_pks(conn: sqlite3.Connection, doc: str) -> list[int]:
    """The documents a `--doc` filter names: by id, or by number (`240/QĐ-TTg`, any spacing and case)."""
    from ..references import number_key

    return [r[0] for r in conn.execute("SELECT pk FROM documents WHERE id = ? OR number_key = ?", (doc, number_key(doc)))]


def where(conn: sqlite3.Connection, f: Filters, kind: str, item: str, deadline: str) -> tuple[str, list]:
    """SQL conditions (joined by AND, each starting with ` AND `) for the filters, over the SQL expressions naming
    an item's kind, primary key and deadline; the document is the alias `d`."""
    sql, params = [], []
    kinds = [f.kind] if f.kind else list(KINDS)
    if f.task_only():
        kinds = [k for k in kinds if k == "task"]
    if len(kinds) < len(KINDS):
        sql.append(f"{kind} IN ({', '.join('?' * len(kinds))})" if kinds else "0")
        params += kinds
    if f.agency or f.role:
        cond = "ta.role = ?" if f.role else "1"
        sub = f"SELECT ta.task_pk FROM task_agencies ta WHERE {cond}"
        params += [f.role] if f.role else []
        if f.agency:
            sub += " AND ta.agency_pk IN (SELECT pk FROM agencies WHERE key = ? OR plain = ?)"
            params += list(agency_keys(f.agency))
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


def _from(table: str) -> str:
    return f"FROM {table} CROSS JOIN search_items si ON si.rowid = {table}.rowid CROSS JOIN documents d ON d.pk = si.doc_pk"


CANDIDATES = 1000  # per tier, BM25 ranks at most this many matches: those of the most recently issued documents


def _ranked(conn, tier: tuple[str, str], f: Filters, limit: int, exclude: list[int]) -> list[tuple]:
    """(rowid, kind, item_pk, bm25) of the best ``limit`` items matching ``tier`` (an FTS5 table and its match
    expression) and the filters, bar ``exclude``.

    BM25 is computed for the first ``CANDIDATES`` matches in row-id order, newest first: row ids follow the issue
    dates of the documents (store.day_of), so a query that matches a large part of the corpus (`thủ tục hành chính`)
    is ranked among the matches of the latest documents, in time bounded by CANDIDATES rather than by the corpus;
    a narrower query is ranked whole."""
    table, match = tier
    cond, params = where(conn, f, "si.kind", "si.item_pk", "si.deadline")
    skip = f" AND {table}.rowid NOT IN ({', '.join('?' * len(exclude))})" if exclude else ""
    pool = max(CANDIDATES, limit)
    if not cond:  # no filter: rank the index alone, then join the few rows kept
        sql = (f"SELECT si.rowid, si.kind, si.item_pk, r.score FROM (SELECT {table}.rowid AS id, bm25({table}) AS score "
               f"FROM {table} WHERE {table} MATCH ?{skip} ORDER BY {table}.rowid DESC LIMIT ?) r "
               "JOIN search_items si ON si.rowid = r.id ORDER BY r.score, r.id DESC LIMIT ?")
        return conn.execute(sql, [match, *exclude, pool, limit]).fetchall()
    span: list[int] = []
    if f.doc:  # a document's items have consecutive row ids: the index walks only that range of its matches
        pks = doc_pks(conn, f.doc)
        span = list(conn.execute(f"SELECT min(rowid), max(rowid) FROM search_items WHERE doc_pk IN "
                                 f"({', '.join('?' * len(pks))})", pks).fetchone())
        if span[0] is None:
            return []
    within = f" AND {table}.rowid BETWEEN ? AND ?" if span else ""
    sql = (f"SELECT * FROM (SELECT si.rowid, si.kind, si.item_pk, bm25({table}) AS score {_from(table)} "
           f"WHERE {table} MATCH ?{within}{cond}{skip} ORDER BY {table}.rowid DESC LIMIT ?) "
           "ORDER BY score, rowid DESC LIMIT ?")
    return conn.execute(sql, [match, *span, *params, *exclude, pool, limit]).fetchall()


def search(conn: sqlite3.Connection, query: str, filters: Filters | None = None, limit: int = 20, offset: int = 0,
           mark: tuple[str, str] = ("[", "]")) -> list[Hit]:
    """Ranked hits: items matching every word with its accents first, then the accent-folded matches, BM25 within each."""
    limit, offset = whole_number(limit, "limit", 0, MAX_ROWS), whole_number(offset, "offset", 0, MAX_ROWS)
    q = parse(query)
    f = filters or Filters()
    if q is None or limit <= 0:
        return []
    want = offset + limit
    rows: list[tuple[tuple, bool]] = []
    for tier, exact in ((Query.units_expr, True), (Query.exact_expr, True), (Query.plain_units_expr, False),
                        (Query.plain_expr, False)):
        if len(rows) >= want:
            break
        if tier is Query.plain_units_expr:
            q = read_units(conn, q)
        # a tier that did not fill the page is whole in `rows`: the next one only adds what it has not found
        rows += [(r, exact) for r in _ranked(conn, tier(q), f, want - len(rows), [r[0] for r, _ in rows])]
    return _hydrate(conn, rows[offset:want], q, mark)


def count(conn: sqlite3.Connection, query: str | None, filters: Filters | None = None) -> int:
    """How many items match (the accent-folded matches include the exact ones)."""
    f = filters or Filters()
    q = parse(query) if query else None
    if q is not None and not where(conn, f, "si.kind", "si.item_pk", "si.deadline")[0]:
        return conn.execute("SELECT count(*) FROM fts_plain WHERE fts_plain MATCH ?", (q.plain_expr()[1],)).fetchone()[0]
    sql, params = _matching(conn, query, f)
    return conn.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]


def _matching(conn, query: str | None, f: Filters) -> tuple[str, list]:
    """SQL selecting (kind, item_pk, doc_pk) of the matching items, and its parameters."""
    cond, params = where(conn, f, "si.kind", "si.item_pk", "si.deadline")
    q = parse(query) if query else None
    if query and q is None:
        return "SELECT NULL AS kind, NULL AS item_pk, NULL AS doc_pk WHERE 0", []
    if q is None:
        return f"SELECT si.kind, si.item_pk, si.doc_pk FROM search_items si JOIN documents d ON d.pk = si.doc_pk " \
               f"WHERE 1{cond}", params
    return f"SELECT si.kind, si.item_pk, si.doc_pk {_from('fts_plain')} WHERE fts_plain MATCH ?{cond}", \
        [q.plain_expr()[1], *params]


def facets(conn: sqlite3.Connection, query: str | None, filters: Filters | None = None, top: int = 20) -> dict:
    """Counts of the matching items by kind, document year and type, and of matching tasks by agency (canonical)."""
    f = filters or Filters()
    sql, params = _matching(conn, query, f)
    role = "AND ta.role = ?" if f.role else ""
    rows = conn.execute(
        f"WITH m AS MATERIALIZED ({sql}) "
        "SELECT 'kind', kind, count(*) FROM m GROUP BY kind "
        "UNION ALL SELECT 'year', d.year, count(*) FROM m JOIN documents d ON d.pk = m.doc_pk GROUP BY d.year "
        "UNION ALL SELECT 'doc_type', d.type, count(*) FROM m JOIN documents d ON d.pk = m.doc_pk GROUP BY d.type "
        "UNION ALL SELECT 'agency', a.canonical, count(DISTINCT ta.task_pk) FROM m "
        f"JOIN task_agencies ta ON m.kind = 'task' AND ta.task_pk = m.item_pk {role} "
        "JOIN agencies a ON a.pk = ta.agency_pk GROUP BY a.canonical",
        [*params, *([f.role] if f.role else [])]).fetchall()
    out: dict[str, dict] = {"kind": {}, "year": {}, "doc_type": {}, "agency": {}}
    for facet, value, n in rows:
        out[facet][value] = n
    for facet in out:
        ranked = sorted(out[facet].items(), key=lambda kv: (-kv[1], str(kv[0])))
        out[facet] = dict(ranked[:top] if facet == "agency" else ranked)
    return out


_DOC_COLS = "d.id, d.number, d.type, d.file, d.title"
_HYDRATE = {
    "task": f"SELECT t.pk, t.id, t.text, t.section, t.deadline, t.lead, t.coordinating, {_DOC_COLS} "
            "FROM tasks t JOIN documents d ON d.pk = t.doc_pk WHERE t.pk IN ({})",
    "target": f"SELECT g.pk, g.id, g.indicator, g.text, g.section, {_DOC_COLS} FROM targets g "
              "JOIN documents d ON d.pk = g.doc_pk WHERE g.pk IN ({})",
    "document": f"SELECT d.pk, {_DOC_COLS}, d.issuer, d.signer FROM documents d WHERE d.pk IN ({{}})",
}


def _hydrate(conn, rows: list[tuple[tuple, bool]], q: Query, mark: tuple[str, str]) -> list[Hit]:
    """The hits of ranked rows ((rowid, kind, item_pk, bm25), exact), in their order: one query per kind."""
    from .store import indexed_text

    found: dict[tuple[str, int], tuple] = {}
    for kind in KINDS:
        pks = [r[2] for r, _ in rows if r[1] == kind]
        if pks:
            for r in conn.execute(_HYDRATE[kind].format(", ".join("?" * len(pks))), pks):
                found[kind, r[0]] = r[1:]
    hits = []
    for (_, kind, item_pk, score), exact in rows:
        r = found[kind, item_pk]
        if kind == "task":
            item_id, text, section, deadline = r[:4]
            lead, coord = [x for x in (r[4] or "").split("; ") if x], [x for x in (r[5] or "").split("; ") if x]
            doc = r[6:]
        elif kind == "target":
            item_id, section, deadline, lead, coord = r[0], r[3], None, [], []
            text = indexed_text("target", {"indicator": r[1], "text": r[2]})
            doc = r[4:]
        else:
            item_id, section, deadline, lead, coord = r[0], None, None, [], []
            text = indexed_text("document", {"type": r[2], "number": r[1], "title": r[4], "issuer": r[5], "signer": r[6]})
            doc = r[:5]
        hits.append(Hit(kind=kind, id=item_id, doc_id=doc[0], doc_number=doc[1], doc_type=doc[2], file=doc[3],
                        text=text, snippet=snippet(text, q, mark=mark, exact=exact), score=round(-score, 4),
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
