"""Agency succession (the 2025 reorganisation of ministries and provinces): which body took over which, from when."""
from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from dataclasses import dataclass

DATA = "succession.csv"  # extractor/patterns/data/: old, old_abbreviation, successor, date, basis


@dataclass(frozen=True)
class Succession:
    """One body that ceased to exist (``old``, canonical name of agencies.csv) and the body that took over its duties
    (``successor``) from ``date`` (ISO), by the act ``basis`` (Nghị quyết 176/2025/QH15)."""

    old: str
    old_abbreviation: str | None
    successor: str
    date: str
    basis: str

    def as_dict(self) -> dict:
        return {"old": self.old, "old_abbreviation": self.old_abbreviation, "successor": self.successor,
                "date": self.date, "basis": self.basis}


@functools.cache
def load() -> tuple[Succession, ...]:
    """Every row of data/succession.csv, in file order (lines whose first cell starts with `#` are comments)."""
    from ..patterns.lexicon import table

    rows = tuple(Succession(r["old"], r.get("old_abbreviation") or None, r["successor"],
                            dt.date.fromisoformat(r["date"]).isoformat(), r["basis"])
                 for r in table(DATA) if not r["old"].startswith("#"))
    olds = [r.old for r in rows]
    if len(set(olds)) != len(olds):
        raise ValueError(f"{DATA}: a body has two successors")
    return rows


def key(name: str) -> str:
    """The store's key of an agency as written (agencies.key): its canonical name's lookup key."""
    from ..agencies import canonical_agency
    from ..patterns.agencies import key as lookup_key

    name = unicodedata.normalize("NFC", name or "").strip()
    return lookup_key(canonical_agency(name) or name)


def _plain(k: str) -> str:
    from .search import fold

    return fold(k)


@functools.cache
def _by_key() -> dict[str, Succession]:
    """Each old body's row by its key and by its key without accents (a user's `bo ke hoach va dau tu`)."""
    out: dict[str, Succession] = {}
    for row in load():
        for form in (row.old, row.old_abbreviation):
            if form:
                out.setdefault(key(form), row)
                out.setdefault(_plain(key(form)), row)
    return out


@functools.cache
def _predecessors() -> dict[str, frozenset[str]]:
    """Each successor's key → the keys of every body whose duties it took over, through any number of steps."""
    direct: dict[str, set[str]] = {}
    for row in load():
        direct.setdefault(key(row.successor), set()).add(key(row.old))
    out: dict[str, frozenset[str]] = {}
    for k in direct:
        seen, todo = set(), [k]
        while todo:
            for p in direct.get(todo.pop(), ()):
                if p not in seen:
                    seen.add(p)
                    todo.append(p)
        out[k] = frozenset(seen)
    return out


def _on(on) -> str | None:
    if on is None:
        return None
    from .search import iso_date

    return iso_date(on, "on")


def chain(name: str, on: str | dt.date | None = None) -> list[Succession]:
    """The successions that apply to ``name`` (any spelling: canonical, abbreviation, variant, without accents),
    oldest first, each in force on ``on`` (ISO date, DD/MM/YYYY or a date; None: every one)."""
    when = _on(on)
    out: list[Succession] = []
    k = key(name)
    row = _by_key().get(k) or _by_key().get(_plain(k))
    while row is not None and (when is None or row.date <= when) and row not in out:
        out.append(row)
        row = _by_key().get(key(row.successor))
    return out


def successor(name: str, on: str | dt.date | None = None) -> str:
    """The body that holds ``name``'s duties on ``on`` (default: every succession decided so far): its successor's
    canonical name (`Bộ Kế hoạch và Đầu tư` → `Bộ Tài chính` from 2025-03-01), or ``name``'s canonical name where
    no succession applies (the name as given where the gazetteer does not know it)."""
    from ..agencies import canonical_agency

    found = chain(name, on)
    if found:
        return found[-1].successor
    k = key(name)
    row = _by_key().get(k) or _by_key().get(_plain(k))
    if row is not None:  # not yet succeeded on ``on``
        return row.old
    name = unicodedata.normalize("NFC", name or "").strip()
    return canonical_agency(name) or name


def related_keys(k: str) -> set[str]:
    """The store keys an agency filter by the agency with key ``k`` (or its key without accents) matches: itself;
    for a body that was succeeded, its successor (and theirs, on to the body that holds its duties now); for a
    successor, every body whose duties it took over. A query by `Bộ Tài chính` finds the tasks of `Bộ Kế hoạch và
    Đầu tư`; one by `Bộ Kế hoạch và Đầu tư` finds its own and `Bộ Tài chính`'s (not those of the other bodies merged
    into the same successor)."""
    out = {k}
    row = _by_key().get(k) or _by_key().get(_plain(k))
    if row is not None:   # the body itself (``k`` may be its abbreviation or folded key) and each successor after it
        out |= {key(row.old), *(key(r.successor) for r in chain(row.old))}
    out |= _predecessors().get(k, frozenset())
    if k not in _predecessors():  # a key without accents: the successor it folds to
        for succ, preds in _predecessors().items():
            if _plain(succ) == k:
                out |= {succ, *preds}
    return out


# ------------------------------------------------------------------ tasks shown under their successors

_NAMES: dict[str, tuple[dict[str, str], dict[str, str]]] = {}


def _names(conn) -> tuple[dict[str, str], dict[str, str]]:
    """(agency name as stored → its key, key → the spelling shown: the most used, as facets show it), once per store
    generation."""
    from .search import facet_index

    row = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
    generation = row[0] if row else None
    if generation is not None and generation in _NAMES:
        return _NAMES[generation]
    index = facet_index(conn)
    shown = {k: name for k, name in zip(index.keys, index.agencies) if k}
    found = (dict(conn.execute("SELECT name, key FROM agencies")), shown)
    if generation is not None:
        if len(_NAMES) >= 4:
            _NAMES.pop(next(iter(_NAMES)))
        _NAMES[generation] = found
    return found


def key_on(k: str, on: str | None = None) -> str:
    """The key of the body holding on ``on`` (ISO; None: now, every succession) the duties of the agency with key ``k``."""
    row = _by_key().get(k)
    seen = set()
    while row is not None and (on is None or row.date <= on) and row.old not in seen:
        seen.add(row.old)
        k = key(row.successor)
        row = _by_key().get(k)
    return k


def present(conn, names: str | None, on: str | dt.date | None = None) -> str | None:
    """Agencies joined by `; ` (a task's lead) as the bodies that hold their duties on ``on`` (default: every
    succession decided), each in the spelling facets show, joined by `; ` without repeats; None for none."""
    by_name, shown = _names(conn)
    when = _on(on)
    out: list[str] = []
    for name in (names or "").split("; "):
        if not name:
            continue
        k = by_name.get(name) or key(name)
        now = key_on(k, when)
        if now == k:
            text = shown.get(k, name)
        else:
            text = shown.get(now) or successor(name, when)
        if text not in out:
            out.append(text)
    return "; ".join(out) or None


def add_successors(conn, df, on: str | dt.date | None = None, replace: bool = False):
    """A tasks frame with a ``successor`` column after ``lead`` (present(lead)); with ``replace``, ``lead`` and
    ``coordinating`` themselves show the successors, and ``lead_as_written``/``coordinating_as_written`` the names
    the documents give."""
    if "lead" not in df.columns:
        return df
    cache: dict = {}

    def now(value):
        if value not in cache:
            cache[value] = present(conn, value if isinstance(value, str) else None, on)
        return cache[value]

    at = list(df.columns).index("lead") + 1
    df.insert(at, "successor", [now(v) for v in df["lead"]])
    if replace:
        for col, after in (("lead", "successor"), ("coordinating", "coordinating")):
            df.insert(list(df.columns).index(after) + 1, f"{col}_as_written", df[col])
            df[col] = [now(v) or "" for v in df[col]]
    return df
