"""The citation graph: references resolved to corpus documents by number (and type); what a document cites and what cites it."""
from __future__ import annotations

import sqlite3

import regex

_BEFORE = regex.compile(r"(?:[.;!?:](?=\s)|\n)[^\n.;!?:]*$")
_AFTER = regex.compile(r"[.;!?](?=\s|$)|\n")


def sentence(text: str, start: int, end: int, reach: int = 200) -> str:
    """The sentence (or list item) of ``text`` around [start, end), spaces folded; at most ``reach`` characters
    each side, cut at a word with `…` where the sentence goes on."""
    lo, hi = max(0, start - reach), min(len(text), end + reach)
    m = _BEFORE.search(text, lo, start)
    a = m.start() + 1 if m else lo
    m = _AFTER.search(text, end, hi)
    b = m.end() if m else hi
    cut_a, cut_b = a == lo and a > 0, b == hi and b < len(text)
    if cut_a:
        a = text.find(" ", a, start) + 1 or a
    if cut_b and text.rfind(" ", end, b) > end:
        b = text.rfind(" ", end, b)
    return ("…" if cut_a else "") + " ".join(text[a:b].split()) + ("…" if cut_b else "")


def resolve(conn: sqlite3.Connection) -> None:
    """Point every reference at the corpus document it cites: same number, same type when both are known; the first
    such document in file order, never the citing document itself, never a second copy of a document filed twice
    (store.dedupe)."""
    conn.execute("""
        UPDATE "references" SET cited_doc_pk = (
            SELECT d.pk FROM documents d
            WHERE d.number_key = "references".number_key AND d.pk != "references".doc_pk AND d.dup_of IS NULL
              AND ("references".type IS NULL OR d.type IS NULL OR d.type = "references".type)
            ORDER BY d.file, d.ordinal LIMIT 1)
        WHERE number_key IS NOT NULL AND number_key != ''""")


_DOC = "d.id, d.number, d.type, d.issued_date, d.title, d.file"
_DOC_KEYS = ("id", "number", "type", "issued_date", "title", "file")


def _doc(row) -> dict:
    return dict(zip(_DOC_KEYS, row))


def links(conn: sqlite3.Connection, doc_pk: int) -> dict:
    """What one document cites (resolved to the corpus where possible) and which corpus documents cite it."""
    cites = []
    for r in conn.execute(
            'SELECT r.type, r.number, r.date, r.section, r.sentence, c.id, c.file FROM "references" r '
            "LEFT JOIN documents c ON c.pk = r.cited_doc_pk WHERE r.doc_pk = ? ORDER BY r.ordinal", (doc_pk,)):
        cites.append({"type": r[0], "number": r[1], "date": r[2], "section": r[3], "sentence": r[4],
                      "in_corpus": r[5] is not None, "doc_id": r[5], "file": r[6]})
    return {"cites": cites, "cited_by": _citing(conn, "r.cited_doc_pk = ?", [doc_pk]), "sources": sources(conn, doc_pk)}


def sources(conn: sqlite3.Connection, doc_pk: int) -> list[str]:
    """The files a document was read from: its own, then those of its other copies (store.dedupe), in file order."""
    own = conn.execute("SELECT file FROM documents WHERE pk = ?", (doc_pk,)).fetchone()
    others = [f for (f,) in conn.execute("SELECT DISTINCT file FROM documents WHERE dup_of = ? ORDER BY file", (doc_pk,))]
    return ([own[0]] if own else []) + [f for f in others if not own or f != own[0]]


def _citing(conn: sqlite3.Connection, cond: str, params: list) -> list[dict]:
    out = []
    for r in conn.execute(f'SELECT {_DOC}, r.section, r.sentence, r.number FROM "references" r '
                          f"JOIN documents d ON d.pk = r.doc_pk WHERE d.dup_of IS NULL AND {cond} "
                          "ORDER BY d.file, d.ordinal, r.ordinal",
                          params):
        out.append({**_doc(r[:6]), "section": r[6], "sentence": r[7], "cited_as": r[8]})
    return out


def cites(conn: sqlite3.Connection, number: str) -> dict:
    """For a document number (`45/2020/NĐ-CP`): the corpus documents with that number, each with its links, and every
    document citing that number (whether or not the cited document is in the corpus) with the citing sentence."""
    from ..references import number_key

    key = number_key(number)
    docs = []
    for r in conn.execute(f"SELECT d.pk, {_DOC} FROM documents d WHERE d.number_key = ? AND d.dup_of IS NULL "
                          "ORDER BY d.file, d.ordinal",
                          (key,)):
        docs.append({**_doc(r[1:]), **links(conn, r[0])})
    return {"number": number, "documents": docs, "cited_by": _citing(conn, "r.number_key = ?", [key])}
