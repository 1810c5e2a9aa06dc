"""Tasks (nhiệm vụ, guide §3): which items of which parts assign work, and who leads and coordinates it by when, read from the document's spans."""
from __future__ import annotations

import bisect
import functools
import itertools
from dataclasses import dataclass, field, replace
from typing import Any, Final, NamedTuple

import regex

from .actions import action_phrase, first_words, lexicon, lexicon_firsts
from .agencies import AgencyMention, actor_at, find_agencies, may_open_actor, split_agency_list
from .deadlines import Deadline, pick_deadline
from .model import Document, Section, Span, Task, Text
from .patterns.postag import MAX_SYLLABLES, first_word as first_tagged_word, iter_words as iter_tagged_words, \
    opening_words, words as tagged_words
from .patterns import tasks as P
from .patterns.fold import fold_tones
from .patterns.phrases import norm
from .patterns.lexicon import entries, longest_first, words
from .task_tables import tasks_from_table

MAX_HEADING_WORDS: Final = 3
ACTION_REACH: Final = 15   # syllables after a subject within which its action verb is looked for
# Kinds of agency mention that name people, not bodies: citizens' rights and steps are not tasks (guide §3).
INDIVIDUAL_KINDS: Final = frozenset({"individual", "person"})

_OPENER_GAP: Final = regex.compile(r"(?:\s*[^,\s]+){0,6}\s*,\s*(?:các\s+)?|\s*(?:các\s+)?", regex.I)
_ROLE: Final = regex.compile(P.ROLE, regex.I)
_AGENT_AT_END: Final = regex.compile(r"\b(?:được|của|do|theo|với|cho)\s*$", regex.I)
_LETTERS: Final = regex.compile(r"\p{L}{2,}")
_SUBJECT_FILLER: Final = regex.compile(
    r"(?i)\b(?:các|tỉnh|thành\s+phố|gồm|cấp|và|ủy\s+ban\s+nhân\s+dân|uỷ\s+ban\s+nhân\s+dân|ubnd)\b")
_COORD_GAP: Final = regex.compile(r"^[\s,:]*(?:các\s+)?$", regex.I)
_CITED_AFTER: Final = regex.compile(
    r"^\s*(?:tại|theo)\s+(?:các\s+)?(?:nghị|quyết|chỉ|công|kế|thông|luật|văn|chương|đề)\b.*$", regex.I | regex.S)
_WORDS: Final = regex.compile(r"\p{L}+")
_ACTOR_WORD: Final = regex.compile(r"[\p{L}\p{M}]+")   # a word as agencies.actor_at reads it (letters and marks)
ACTOR_WORD_REACH: Final = 80     # characters of the word at a clause's start that agencies.actor_at reads
# a clause's leading marks (_LEADING_MARKS) and the word after them (_ACTOR_WORD), if one stands there
_MARKS_WORD: Final = regex.compile(r"[\s\-–+•*]*([\p{L}\p{M}]+)?")
_ASKED: Final = regex.compile(r"\b(?:đề\s+nghị|yêu\s+cầu|giao(?:\s+cho)?|chỉ\s+đạo)\b\s*:?\s*", regex.I)
_INTRO_AGENT_AT_END: Final = regex.compile(r"\b(?:được|của|do|theo|tại|cho|với)\s*$", regex.I)
_SYLLABLE: Final = regex.compile(r"[\p{L}\p{M}]+|\d+|[^\s\p{L}\p{M}\d]")
_QUANTIFIER: Final = regex.compile(r"^(?:một\s+số|các|những)\s+")
_TOPIC_LEAD: Final = regex.compile(
    r"^(?:(?:nhóm\s+)?(?:các\s+)?giải\s+pháp\s+)?(?:về\s+)?(?:bảo\s+đảm\s+|đảm\s+bảo\s+)?")
_POWERS: Final = regex.compile(r"\b(?:có\s+(?:các\s+|những\s+)?(?:thẩm\s+)?quyền|được\s+quyền|quyền\s+hạn)\b", regex.I)
_DUTY_WORD: Final = regex.compile(r"\b(?:trách\s+nhiệm|nhiệm\s+vụ|nghĩa\s+vụ)\b", regex.I)
_SENTENCE_STOP: Final = regex.compile(r"[.;:!?](?:\s|$)")
_COMMA: Final = regex.compile(r",\s*")
_PHRASE_STOP: Final = regex.compile(r"[,;.:()]")
_CLAUSE_END: Final = regex.compile(r"[.;!?](?:\s|$)")
_DUE_RULE: Final = regex.compile(
    r"[\s\-–+•]*(?:thời\s+(?:gian|hạn)\s+(?:thực\s+hiện|hoàn\s+thành)|hạn\s+chót)\b", regex.I)
_BANNED: Final = regex.compile(r"\b(?:không|chỉ|chưa)(?:\s+(?:được|phải))?\s*$|\bđược\s+phép\s*$")
_HEADING_MARK: Final = regex.compile(r"^[\s*#]*(?:(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s*)?")
_OPENING_PHRASE: Final = regex.compile(r"^[^.;:!?,]{0,120},\s*")
# where a clause may begin inside one item: after a sentence end or a semicolon
_CLAUSE_START: Final = regex.compile(r"[.;!?]\s+(?=[\p{Lu}\d(])", regex.V1)
# `Đối với các đơn vị chưa xây dựng cơ sở dữ liệu: Khẩn trương rà soát …` — a colon gives the work to the one named
_FOR_WHOM: Final = regex.compile(r"^\s*(?:đối\s+với|với)\s+(?P<who>[^:;.]{3,150}?)\s*:\s*(?=\S)", regex.I)
_GENERIC_HEAD: Final = regex.compile(
    r"^(?:các\s+)?(?:đơn\s+vị|cơ\s+quan|tổ\s+chức|bộ|ngành|địa\s+phương|doanh\s+nghiệp)\b", regex.I)


# ------------------------------------------------------------------------------------------------ language data

@functools.cache
def _phrases(section: str) -> tuple[str, ...]:
    return tuple(longest_first(words("task_words.txt", section)))


class _Groups(NamedTuple):
    """The phrases of a section as (number of words, the phrases of that many words) pairs, most words first, and
    ``firsts``: the words they open with (a phrase of tokens opens with its first token, so at a token that is none of
    these no phrase starts)."""

    pairs: tuple[tuple[int, frozenset[str]], ...]
    firsts: frozenset[str]

    @property
    def most(self) -> int:
        """The number of words of the longest phrase."""
        return self.pairs[0][0]


@functools.cache
def _phrase_groups(section: str) -> _Groups:
    """The phrases of a section by their number of words, most words first (of the phrases that start at one token,
    the one of most words is the longest)."""
    groups: dict[int, set[str]] = {}
    for p in _phrases(section):
        groups.setdefault(p.count(" ") + 1, set()).add(p)
    pairs = tuple((n, frozenset(groups[n])) for n in sorted(groups, reverse=True))
    return _Groups(pairs, first_words(_phrases(section)))


def _phrase_at(low: list[str], k: int, groups: _Groups) -> int:
    """How many tokens from token k make the longest phrase of ``groups`` there; 0 if none does (at once where no
    phrase opens with token k: a token has no space, so the joined tokens open with it; past the tokens they join to
    "", no phrase)."""
    if k >= len(low) or low[k] not in groups.firsts:
        return 0
    for n, group in groups.pairs:
        if " ".join(low[k:k + n]) in group:
            return n
    return 0


@functools.cache
def _label_pattern() -> regex.Pattern:
    """`- Đơn vị chủ trì: Bộ Công an.`, `Thời gian hoàn thành: Quý IV/2025`: a labelled field at a paragraph's start."""
    groups = []
    for role in ("name", "lead", "coordinating", "time", "other"):
        forms = longest_first(fold_tones(e.lower()) for e in entries("task_words.txt", f"field_{role}"))
        groups.append(f"(?P<{role}>" + "|".join(r"\s+".join(map(regex.escape, f.split())) for f in forms) + ")")
    return regex.compile(r"[\s\-–+•]*(?:" + "|".join(groups) + r")\s*:\s*", regex.I)


# the marks and the first word a labelled field (or an opening phrase) opens with
_LABEL_OPENING: Final = regex.compile(r"[\s\-–+•]*(\p{L}+)")


@functools.cache
def _label_firsts() -> frozenset[str]:
    """The words (case-folded) the labels of _label_pattern() open with."""
    return frozenset(fold_tones(e.lower()).split()[0].casefold()
                     for role in ("name", "lead", "coordinating", "time", "other")
                     for e in entries("task_words.txt", f"field_{role}"))


@functools.cache
def _label_prefixes() -> frozenset[str]:
    """Every beginning (of one character or more) of the words in _label_firsts()."""
    return frozenset(f[:k] for f in _label_firsts() for k in range(1, len(f) + 1))


LABEL_PEEK: Final = 2   # characters at a paragraph's start read before _LABEL_OPENING is tried (_label_at)


def _label_at(text: str, pos: int, end: int | None = None) -> regex.Match | None:
    """``_label_pattern().match(text, pos, end)``, tried only where a label's first word stands. (First its first
    LABEL_PEEK characters: where all are letters no mark stands before them and the label's word opens with them;
    casefold folds a string character by character, so the folded word opens with their folding, which must begin a
    word of _label_firsts().)"""
    end = len(text) if end is None else end
    peek = text[pos:min(pos + LABEL_PEEK, end)]
    if peek.isalpha() and peek.casefold() not in _label_prefixes():
        return None
    first = _LABEL_OPENING.match(text, pos, end)
    if first is None or first.group(1).casefold() not in _label_firsts():
        return None
    return _label_pattern().match(text, pos, end)


@functools.cache
def _zone_words() -> dict[str, tuple[str, ...]]:
    return {name: tuple(sorted(entries("task_zones.txt", name), key=len, reverse=True))
            for name in ("task", "responsibility", "none", "describe", "funding")}


@functools.cache
def _holder_re() -> regex.Pattern:
    """`Trách nhiệm của Bộ Tài chính`, `NHIỆM VỤ CỦA CÁC BỘ, NGÀNH, ĐỊA PHƯƠNG TRONG TRIỂN KHAI …`, `Quyền và nghĩa
    vụ của người sử dụng lao động`: a heading of duties and the holder it names."""
    heads = longest_first(fold_tones(e.lower()) for e in entries("task_zones.txt", "responsibility"))
    return regex.compile(r"^[\s*#]*(?:" + "|".join(r"\s+".join(map(regex.escape, h.split())) for h in heads)
                         + r")\s+(?:của|đối\s+với)\s+", regex.I)


@functools.lru_cache(maxsize=4096)
def heading_zone(title: str, rules: bool) -> str | None:
    """What a part does, from its heading: `task` (assigns work), `responsibility` (binds the bodies it names, in a
    normative document), `none` (goals, scope, money, definitions …), `describe` (how something works), or None."""
    words_ = fold_tones(" ".join(_HEADING_MARK.sub("", title).split()).lower()).strip(" :.")
    words_ = _QUANTIFIER.sub("", words_)
    if not words_:
        return None
    topic = _TOPIC_LEAD.sub("", words_)
    if _longest_prefix(topic, *_zone_index("funding")) is not None:
        return "none"   # `Giải pháp về huy động vốn …`: money, not work
    return _longest_prefix(words_, *_zone_index("rules" if rules else "plans"))


OPENING_CHARS: Final = 2   # the characters of a zone word by which its lengths are looked up (_zone_index)


@functools.cache
def _zone_index(kind: str) -> tuple[dict[str, str], dict[str, tuple[int, ...]], tuple[int, ...]]:
    """The zone words of a kind of document (`rules`, `plans`) or the funding topics, each with the zone it gives (a
    word two zones list gives the first's, as the zones are tried in order); the lengths of those that open with each
    OPENING_CHARS characters, longest first; and the lengths of those shorter than that (tried at any words)."""
    names = {"rules": ("responsibility", "none", "describe"), "plans": ("task", "none", "describe"),
             "funding": ("funding",)}[kind]
    index: dict[str, str] = {}
    for name in names:
        for w in _zone_words()[name]:
            if w or kind == "funding":     # (an empty zone word never wins: a zone needs a longer one than none)
                index.setdefault(w, name)
    by_opening: dict[str, set[int]] = {}
    for w in index:
        if len(w) >= OPENING_CHARS:
            by_opening.setdefault(w[:OPENING_CHARS], set()).add(len(w))
    short = {len(w) for w in index if len(w) < OPENING_CHARS}
    return (index, {k: tuple(sorted(v | short, reverse=True)) for k, v in by_opening.items()},
            tuple(sorted(short, reverse=True)))


def _longest_prefix(words_: str, index: dict[str, str], by_opening: dict[str, tuple[int, ...]],
                    short: tuple[int, ...]) -> str | None:
    """What ``index`` gives the longest of its words that ``words_`` opens with as a whole word (at its end, or before
    a character that is not a letter or digit); None if it opens with none. (Only the lengths of the words that open
    with the same OPENING_CHARS characters as ``words_`` are tried, and those of the shorter words: a word ``words_``
    opens with is one of them.)"""
    n = len(words_)
    for i in by_opening.get(words_[:OPENING_CHARS], short):
        if i < n:
            if not words_[i].isalnum() and words_[:i] in index:
                return index[words_[:i]]
        elif i == n and words_ in index:
            return index[words_]
    return None


# ------------------------------------------------------------------------------------------------ roles

def _moved(m, start: int, end: int):
    """``replace(m, start=start, end=end)``, an agency mention built at once (the generic copy is slow)."""
    if type(m) is AgencyMention:
        return AgencyMention(m.text, m.name, m.kind, start, end, m.key, m.known)
    return replace(m, start=start, end=end)


def _shift(mentions, by: int) -> list:
    """Mentions with their offsets moved by ``by``: the heading's, intro's or field's (read relative to their own
    text) into the document's, and the document's into an item's. A name with no words of its own (an addressee, a
    field's name the recogniser did not read) stays without offsets."""
    return [_moved(m, m.start + by, m.end + by) if m.end > m.start else m for m in mentions]


def _names(mentions) -> list[str]:
    out = []
    for m in mentions:
        if m.name not in out:
            out.append(m.name)
    return out


def _bodies(mentions) -> list:
    """The mentions that name bodies or organisations, not people."""
    return [m for m in mentions if m.kind not in INDIVIDUAL_KINDS]


def _block(mentions, text: str, start_index: int):
    """The run of agency mentions from ``start_index`` joined only by commas, `và`, `với`."""
    block = [mentions[start_index]]
    for prev, nxt in zip(mentions[start_index:], mentions[start_index + 1:]):
        if P.AGENCY_GAP.match(text[prev.end:nxt.start]):
            block.append(nxt)
        else:
            break
    return block


SUBJECT_WINDOW: Final = 160   # characters from a clause's start within which its subject ends


def subject_end(text: str, start: int, mentions) -> int:
    """Where the subject of a clause ends: the first verb (underthesea POS) outside an agency name."""
    window = text[start:start + SUBJECT_WINDOW].replace("\n", " ")
    inside = [(m.start - start, m.end - start) for m in mentions]
    depth = 0
    prev: Any = None     # (a tagged word)
    before: Any = None
    for k, tok in enumerate(iter_tagged_words(window)):     # read only up to the verb
        depth += tok.text.count("(") - tok.text.count(")")
        before, prev = prev, tok
        if tok.pos_ not in ("VERB", "AUX") or depth > 0 or any(a <= tok.idx < b for a, b in inside):
            continue
        if P.LEAD_WORD.match(window, tok.idx) or P.LISTING_VERB.match(tok.text):
            continue   # `chủ trì` (its own rule), `gồm` (a list follows)
        if k > 0 and tok.text[:1].isupper() or P.AGENCY_HEAD_WORD.match(tok.text) \
                or (before is not None and P.AGENCY_HEAD_WORD.match(window, before.idx)):
            continue   # a name the tagger took for a verb (`Ủy ban nhân dân`, split `Ủy` + `ban nhân dân`)
        return start + tok.idx
    return start + len(window)


@functools.cache
def _opener_re() -> regex.Pattern:
    forms = _phrases("opener")
    return regex.compile(r"^[\s\-–+•]*(?:" + "|".join(r"\s+".join(map(regex.escape, f.split())) for f in forms)
                         + r")(?![\p{L}\d])[^.;:!?]*,\s*(?:các\s+|những\s+)?$", regex.I | regex.V1)


@functools.cache
def _opener_firsts() -> frozenset[str]:
    """The words (case-folded) the opening phrases of _opener_re() begin with."""
    return frozenset(f.split()[0].casefold() for f in _phrases("opener"))


def _may_open_opener(words_: str, pos: int = 0, end: int | None = None) -> bool:
    """Whether words_[pos:end] opens (past list marks) with a word an opening phrase of _opener_re() may begin with."""
    first = _LABEL_OPENING.match(words_, pos, len(words_) if end is None else end)
    return first is not None and first.group(1).casefold() in _opener_firsts()


def _opener(words_: str, pos: int = 0, end: int | None = None) -> regex.Match | None:
    """``_opener_re().match(words_[pos:end])``: an opening phrase ended by a comma (`Trong thời hạn 05 ngày, `), tried
    only where a word it may begin with stands."""
    if not _may_open_opener(words_, pos, end):
        return None
    return _opener_re().match(words_[pos:len(words_) if end is None else end])


def _subject(text: str, at: int, mentions, reach: int = 400, lo: int = 0):
    """The first mention that is the subject of the clause starting at ``at``: right at its start (after list
    markers, `các`, an office-holder's title), or right after an opening adverbial phrase ended by a comma
    (`Trong 02 ngày làm việc kể từ ngày nhận đủ hồ sơ, Ủy ban nhân dân cấp huyện …`). None when the clause ends first.
    ``lo``: the mentions before it start before ``at``."""
    # the word the clause opens with past its marks, as _may_open_opener reads it in every gap (read once, when
    # asked): a gap that holds the whole word reads it; none where the clause opens with no word; a gap that cuts the
    # word is read on its own
    first: regex.Match | None | bool = False
    for i in range(lo, len(mentions)):
        m = mentions[i]
        if m.start < at:
            continue
        if m.start > at + reach:
            break
        gap = text[at:m.start]
        if P.SUBJECT_GAP.match(gap):
            return m
        if _CLAUSE_END.search(gap):
            break
        if first is False:
            first = _LABEL_OPENING.match(text, at)
        if first is None:
            continue
        if first.end() <= m.start:   # type: ignore[union-attr]  # (read: a match)
            if first.group(1).casefold() not in _opener_firsts():   # type: ignore[union-attr]
                continue
            opened = _opener_re().match(gap)
        else:
            opened = _opener(gap)
        if opened and not any(_opens_with_action(piece) for piece in gap.split(",")[1:]):
            # after an opening phrase, the subject is the names followed by the predicate (`Trên cơ sở nhiệm vụ của
            # bộ, ngành, Bộ trưởng … chỉ đạo …`: not the names inside the phrase, nor names after the predicate
            # began: `Ngày 25 hằng tháng, báo cáo … về Bộ A, Bộ B để tổng hợp`)
            block = _block(mentions, text, i)
            if acts(text, block[-1].end, reach=ACTION_REACH):
                return m
    return None


_SUBJECT_GLUE: Final = regex.compile(r"^[\s,;/()\-–]*(?:(?:và|cùng|với|hoặc|các|những)\s+)*"
                              rf"(?:{P.ROLE}\s+)?(?:(?:các|những)\s+)?[\s,;()]*$", regex.I)


_LIST_SEP_AT: Final = regex.compile(r"\s*(?:[,;]\s*(?:(?:và|cùng)\s+)?|(?:và|cùng|cùng\s+với)\s+)", regex.I)
_PIECE_END: Final = frozenset({",", ";", ".", ":", "(", ")"})
MAX_LIST: Final = 12   # members of one subject list read past the recognised names


@functools.cache
def _list_head() -> regex.Pattern:
    return regex.compile(r"(?:(?:các|những)\s+)?(?:(?-i:\p{Lu})|" + _words_alt("list_body_heads") + r"(?![\p{L}]))",
                         regex.I)


@functools.cache
def _bare_heads() -> frozenset[str]:
    return frozenset(fold_tones(h.lower()) for h in entries("task_words.txt", "bare_heads"))


@functools.cache
def _not_a_body() -> regex.Pattern:
    return regex.compile(r"(?:(?:các|những)\s+)?" + _words_alt("not_body_heads") + r"(?![\p{L}])", regex.I)


@functools.cache
def _body_head() -> regex.Pattern:
    """A head noun of bodies opening a common-noun phrase (`Cơ sở đào tạo`, `các đơn vị sự nghiệp`), not a name."""
    return regex.compile(r"(?:(?:các|những)\s+)?(?!" + _words_alt("not_body_heads") + r"(?![\p{L}]))"
                         + _words_alt("list_body_heads") + r"\s+(?-i:\p{Ll})", regex.I)


@functools.cache
def _body_head_firsts() -> frozenset[str]:
    """The words (case-folded) a match of _body_head() opens with: `các`, `những` or a head noun's first word."""
    return frozenset({"các", "những", *(w.split()[0].casefold() for w in entries("task_words.txt", "list_body_heads"))})


def _words_alt(section: str) -> str:
    """The phrases of a section of task_words.txt as one group, longest first, any run of spaces between words (the
    text is matched as printed: case-insensitive, tone placement as the list writes both forms)."""
    words_ = sorted(entries("task_words.txt", section), key=len, reverse=True)
    return "(?:" + "|".join(r"\s+".join(map(regex.escape, w.split())) for w in words_) + ")"


def extend_subject(text: str, pos: int, mentions: list) -> list:
    """The members of a subject list that no recogniser took, after its last recognised name: `Ủy ban Trung ương
    Mặt trận …, Tổng Liên đoàn Lao động Việt Nam, tổ chức đại diện người sử dụng lao động và các tổ chức thành viên
    khác của Mặt trận tham gia …` — each a phrase opening with a capital or a head noun of bodies, up to the next
    comma, `và` or the predicate's verb; kept as written."""
    out = []
    by_start = {m.start: m for m in mentions}
    for _ in range(MAX_LIST):
        sep = _LIST_SEP_AT.match(text, pos)
        if not sep or sep.end() == pos:
            break
        start = sep.end()
        if start in by_start:
            out.append(by_start[start])
            pos = by_start[start].end
            continue
        if not _list_head().match(text, start):
            break
        end, verb = _piece(text, start, mentions)
        phrase = " ".join(text[start:end].split()).rstrip(" ,;")
        if not phrase:
            break
        name = phrase[:1].lower() + phrase[1:] if phrase[:4].lower() == "các " else phrase
        out.append(AgencyMention(text[start:end].rstrip(" ,;"), name, "collective" if name[:1].islower() else "body",
                                 start, start + len(text[start:end].rstrip(" ,;")), key=name))
        pos = out[-1].end
        if verb:
            break
    return out


def _piece(text: str, start: int, mentions: list) -> tuple[int, bool]:
    """Where a list member that starts at ``start`` ends: before a comma, `và`, or a verb of the lexicon (its own head
    word and the names inside it excepted); and whether a verb ended it."""
    inside = [(m.start, m.end) for m in mentions if m.start > start]
    pos, first = start, True
    for m in _SYLLABLE.finditer(text, start, min(len(text), start + 160)):
        if any(a <= m.start() < b for a, b in inside):
            pos = m.end()
            continue
        tok = m.group()
        if tok in _PIECE_END or (not first and fold_tones(tok.lower()) == "và"):
            return pos, False
        low = [norm(x) for x in _SYLLABLE.findall(text[m.start():m.start() + 40])]
        if not first and (_verb_at(low, 0) or low[0] in _PREDICATE_WORDS):
            return pos, True     # the predicate: a verb, or `bị`, `được`, `có`, `phải` before one
        first = low[0] in ("các", "những")   # the head noun after a quantifier is no verb (`các tổ chức …`)
        pos = m.end()
    return pos, False


def _opens_with_action(words_: str) -> bool:
    """Whether a phrase opens with an administrative verb of the lexicon (`báo cáo kết quả …`, not `kể từ ngày …`)."""
    low = [norm(x) for x in _SYLLABLE.findall(words_[:60])]
    if not low or low[0] not in lexicon_firsts():
        return False     # (no verb of the lexicon opens with its first word)
    lex = lexicon()
    return any(" ".join(low[:n]) in lex for n in (3, 2, 1))


def _still_subject(gap: str) -> bool:
    """Whether the words between two agencies keep the subject going: separators, `và`, an office-holder's title
    (`, Thủ trưởng `, `và Chủ tịch `) — not a verb (`báo cáo`, `gửi`) or a preposition (`về`, `của`)."""
    return len(gap) <= 60 and bool(_SUBJECT_GLUE.match(gap))


def _skip_phrases(toks: list[str], low: list[str], k: int, groups: _Groups) -> int:
    """Past the phrases of a list (``_phrase_groups``) and commas starting at token k."""
    while k < len(toks):
        if toks[k] in (",", ":"):
            k += 1
            continue
        n = _phrase_at(low, k, groups)
        if not n:
            return k
        k += n
    return k


def states_no_work(text: str, pos: int) -> bool:
    """Whether the words from ``pos`` (past the modals) state a definition, a right, a status or a passive rule:
    `là …`, `được hỗ trợ …`, `có quyền …`, `không được …`."""
    groups = _phrase_groups("not_action")
    _, low, k = _past_modals(text[pos:pos + 80], groups.most)
    return _phrase_at(low, k, groups) > 0


def _past_modals(window: str, need: int) -> tuple[list[str], list[str], int]:
    """The tokens of ``window`` (as written, and as the lexicon spells them) and the index of the first past its
    modals and commas — read from a prefix of the window when that holds ``need`` tokens (3 at least) past them."""
    modal = _phrase_groups("modal")
    need = max(need, modal.most, 3)
    cut = 6 * need              # characters: enough for the modals and ``need`` words past them, mostly
    if cut < len(window):
        toks = _SYLLABLE.findall(window, 0, cut)[:-1]   # the last one may go on past the cut
        low = [norm(x) for x in toks]
        k = _skip_phrases(toks, low, 0, modal)
        if k + need <= len(toks):
            return toks, low, k
    toks = _SYLLABLE.findall(window)
    low = [norm(x) for x in toks]
    return toks, low, _skip_phrases(toks, low, 0, modal)


def _verb_at(low: list[str], k: int) -> bool:
    """Whether the lexicon has a verb at token k that is not the first syllable of a noun (`chi phí`, `cấp tỉnh`)."""
    if k >= len(low) or low[k] not in lexicon_firsts():
        return False     # (no verb of the lexicon opens with token k)
    lex = lexicon()
    if not any(" ".join(low[k:k + n]) in lex for n in (3, 2, 1)):
        return False
    nouns = words("task_words.txt", "noun_compounds")
    return " ".join(low[k:k + 2]) not in nouns and " ".join(low[k:k + 3]) not in nouns


def acts(text: str, pos: int, opening: bool = False, reach: int = 1) -> bool:
    """Whether the words from ``pos`` state work to do: past an opening phrase ended by a comma (`Ngày 25 hằng
    tháng, …`) and the modals (`khẩn trương`, `có trách nhiệm`), not a definition (`là`), a right, a ban or a passive
    rule (`được`, `có quyền`, `không được`, `chỉ được`), a status (`thuộc`, `gồm`), and an administrative verb (the
    lexicon) at once — or, with ``reach`` after a subject, past a qualifying phrase that opens with a preposition
    (`theo nhiệm vụ được giao trong Quyết định này tổ chức …`) — else a verb by underthesea's tags that is not a
    preposition it takes for one (`đối với`, `theo`)."""
    window = text[pos:pos + 200]
    opener = _OPENING_PHRASE.match(window) if opening else None
    if opener and _opener(opener.group()):
        window = window[opener.end():]   # at an item's start: `Ngày 25 hằng tháng, báo cáo …`
    # the words are read past the modals as far as each question needs: a phrase of `not_action` and the words the
    # predicate may open with, then (only when asked) a qualifier's reach or the 12 words tagged
    no_action = _phrase_groups("not_action")
    toks, low, k = _past_modals(window, max(no_action.most, MAX_SYLLABLES))
    if _verb_at(low, 0):
        return True   # `tập trung nguồn lực`, `tiếp tục …`: a word that may be a modal is the verb here
    if k >= len(toks) or _phrase_at(low, k, no_action):
        return False
    if _verb_at(low, k):
        return True
    if reach > 1 and any(" ".join(low[k:k + n]) in words("task_words.txt", "qualifier") for n in (1, 2, 3)):
        toks, low, k = _past_modals(window, reach + 2)
        for j in range(k + 1, min(len(toks), k + reach)):
            if toks[j] in (".", ";", ":", "?", "!"):
                break
            if _verb_at(low, j):
                return not _BANNED.search(" ".join(low[max(k, j - 3):j]))
    # the tagger's first word, unless every word the words may open with answers alike
    answers = {_predicate_verb(w) for w in opening_words(" ".join(toks[k:k + MAX_SYLLABLES]))}
    if len(answers) == 1:
        return answers.pop()
    toks, low, k = _past_modals(window, 12)
    first = first_tagged_word(" ".join(toks[k:k + 12]))
    return first is not None and _predicate_verb(first)


def _predicate_verb(word) -> bool:
    """Whether a tagged word is a verb that opens a predicate: not a name's capital, not a word that only looks like
    one (`not_predicate`)."""
    return word.pos_ == "VERB" and not word.text[:1].isupper() \
        and fold_tones(word.text.lower()) not in words("task_words.txt", "not_predicate")


def has_verb(text: str) -> bool:
    """Whether an item's opening words hold any verb (the lexicon's, else underthesea's): a list's closing noun phrase
    (`- Hạ tầng mạng Internet của Trung tâm.`) states no work."""
    window = text[:160]
    low = [norm(x) for x in _SYLLABLE.findall(window)]
    lex, firsts = lexicon(), lexicon_firsts()
    if any(" ".join(low[k:k + n]) in lex for k in range(len(low)) if low[k] in firsts for n in (1, 2, 3)):
        return True      # (tried only at tokens a verb of the lexicon opens with)
    return any(tok.pos_ == "VERB" for tok in tagged_words(window.replace("\n", " ")))


_DUTY_AFTER_SUBJECT: Final = regex.compile(r"\s*(?:có|chịu)\s+trách\s+nhiệm\b|\s*(?:được\s+)?giao\b", regex.I)


def assignment_marked(text: str, r: "Roles") -> bool:
    """Whether an item says in so many words that work is given: `Giao X …`, `Đề nghị X …`, `X chủ trì …`, `X có
    trách nhiệm …`, `X được giao …`."""
    if P.ASSIGN_PREFIX.match(text) or P.LEAD_WORD.search(text[:300]):
        return True
    return bool(r.lead_mentions) and bool(_DUTY_AFTER_SUBJECT.match(text, r.lead_mentions[-1].end))


@dataclass
class Roles:
    lead: list[str]
    coordinating: list[str]
    found: bool        # the lead is named in the words themselves
    work_at: int       # where the work begins, after the subject and the `chủ trì, phối hợp với …` phrases
    via_role: bool = False   # named through an office-holder (`Chủ tịch Ủy ban nhân dân … quyết định`)
    lead_mentions: list = field(default_factory=list)
    coordinating_mentions: list = field(default_factory=list)


def roles(text: str) -> tuple[list[str], list[str], bool]:
    """(lead, coordinating, lead_found_in_text) from one task's words."""
    r = read_roles(text, find_agencies(text))
    return r.lead, r.coordinating, r.found


def read_roles(text: str, mentions: list) -> Roles:
    """Who leads and who coordinates, read from one task's words and the agencies named in them (offsets into
    ``text``)."""
    lead: list = []
    coord: list = []
    found = False
    via_role = False
    head = P.ASSIGN_PREFIX.match(text)
    subject_at = head.end() if head else 0
    folded = text.casefold()      # the role words are looked for only where their words are
    lead_word = P.LEAD_WORD.search(text) if "trì" in folded else None
    coord_word = P.COORD_WORD.search(text) if "phối" in folded else None
    first = _subject(text, subject_at, mentions)
    if first is not None:
        lead = _block(mentions, text, mentions.index(first))
        found = True
        via_role = bool(_ROLE.search(text[subject_at:first.start]))
        gives = P.GIVES.match(text, lead[-1].end) or (
            P.ASKS.match(text, lead[-1].end) if lead[-1].kind == "government" else None)
        later = [m for m in mentions if gives and m.start >= gives.end()]
        if later and later[0].start <= gives.end() + 4:   # type: ignore[union-attr]  # (later: after what gives)
            lead = _block(mentions, text, mentions.index(later[0]))   # the one given the work leads it
        # more agencies before the predicate: the whole subject (`Bộ trưởng, Thủ trưởng cơ quan ngang bộ, …, Chủ tịch
        # Ủy ban nhân dân các tỉnh …`), up to the first verb (`… báo cáo Hội đồng nhân dân …`: not the one reported to)
        k = mentions.index(lead[-1]) + 1
        while k < len(mentions) and not (lead_word and lead_word.start() < mentions[k].start) \
                and _still_subject(text[lead[-1].end:mentions[k].start]):
            lead.append(mentions[k])
            k += 1
        if not (lead_word and lead_word.start() < lead[-1].end + 4):
            lead += extend_subject(text, lead[-1].end, mentions)
    else:
        nxt = next((m for m in mentions if m.start >= subject_at), None)
        if nxt is not None and nxt.start < subject_at + 60 and not _AGENT_AT_END.search(text[subject_at:nxt.start]) \
                and any(_only_filler(text, subject_at, m.start) for m in mentions
                        if subject_at <= m.start and m.end <= subject_at + SUBJECT_WINDOW):
            # a subject that opens with words around the names: `05 tỉnh, thành phố (gồm: Hà Nội, …) khẩn trương …`
            # (the subject ends within its window: the first name inside it is one of those tried, and the words
            # before that name must be filler; where none has only filler before it, the subject is not read)
            end = subject_end(text, subject_at, mentions)
            inside = [m for m in mentions if subject_at <= m.start and m.end <= end]
            if inside and _only_filler(text, subject_at, inside[0].start):
                lead, found = inside, True
    if not found and lead_word:
        before = [m for m in mentions if m.end <= lead_word.start()]
        if before and P.AGENCY_GAP.match(text[before[-1].end:lead_word.start()]):
            k = mentions.index(before[-1])
            j = k
            while j > 0 and P.AGENCY_GAP.match(text[mentions[j - 1].end:mentions[j].start]):
                j -= 1
            lead = mentions[j:k + 1]
            found = True
    if coord_word:
        after = [m for m in mentions if m.start >= coord_word.end()]
        if after and _COORD_GAP.match(text[coord_word.end():after[0].start]):
            coord = _block(mentions, text, mentions.index(after[0]))
    coord = [m for m in coord if m not in lead]
    work_at = subject_at
    for end in [lead[-1].end if lead else 0, lead_word.end() if lead_word else 0,
                coord[-1].end if coord else (coord_word.end() if coord_word and coord_word.start() < 120 else 0)]:
        work_at = max(work_at, end)
    return Roles(_names(lead), _names(coord), found, work_at, via_role, list(lead), list(coord))


def _only_filler(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] holds no word but the filler of a subject (`các`, `tỉnh`, `cấp`, `Ủy ban nhân dân` …)."""
    return not _LETTERS.search(_SUBJECT_FILLER.sub("", text[start:end]))


_LEADING_MARKS: Final = regex.compile(r"[\s\-–+•*]*")
# the copula of a definition: `X là Y` (not `là cơ quan …`, read as a role; not inside `lập là`)
_COPULA: Final = regex.compile(r"(?<=\S)\s+là\s+(?!(?:cơ\s+quan|đơn\s+vị|tổ\s+chức|đầu\s+mối)\b)", regex.I)
# an introduction giving duties to its subject: `… có trách nhiệm sau đây:`, `… thực hiện các nhiệm vụ sau:`
_DUTY_INTRO: Final = regex.compile(r"\s(?:có|thực\s+hiện)\s+(?:các\s+)?(?:trách\s+nhiệm|nhiệm\s+vụ|nghĩa\s+vụ)\b[^.;:]{0,60}:$", regex.I)


def clause_starts(text: str) -> list[int]:
    """Where a clause begins inside one item's text, past a sentence end or a semicolon (_CLAUSE_START): read once an
    item, for with_actors and clause_subjects."""
    return [m.end() for m in _CLAUSE_START.finditer(text)]


def with_actors(text: str, mentions: list, paragraphs: tuple[int, ...] = (), clauses: list[int] | None = None) -> list:
    """``mentions`` with the generic actors that stand as a clause's subject (`Doanh nghiệp gửi hồ sơ …`, `Trong 02
    ngày làm việc, cơ quan bảo hiểm xã hội xác nhận …`): at a clause's start, or after an opening phrase's comma;
    the recogniser reads such nouns as bodies only in lists, so the clause's grammar decides here. ``clauses``: the
    text's clause_starts, when read already."""
    starts = {0, *paragraphs}
    starts.update(clause_starts(text) if clauses is None else clauses)
    opening, opener_firsts = _LABEL_OPENING.match, _opener_firsts()
    marks_word, body_firsts = _MARKS_WORD.match, _body_head_firsts()
    after_openers: list[int] = []    # (added once the clause starts are read: the same set as adding them at once)
    # each start's word past its marks (_MARKS_WORD) and where it begins, read once for both loops
    marked: dict[int, tuple[str | None, int]] = {}
    for c in starts:
        # the opening phrase ends at the clause's first comma, before its sentence stops (within 250 characters);
        # (first the word it opens with, as _may_open_opener reads it: no letter run goes past the comma)
        at = marks_word(text, c)
        marked[c] = word, begin = at.group(1), at.start(1)
        if word is None:
            continue    # (_LABEL_OPENING's marks are some of _MARKS_WORD's: with no word after these, no letter)
        if word.isalpha() and "*" not in text[c:begin]:
            # (the same marks and, all letters, the same word as _LABEL_OPENING reads there)
            first_word = word
        else:
            first = opening(text, c)
            first_word = first.group(1) if first is not None else None
        if first_word is None or first_word.casefold() not in opener_firsts:
            continue
        comma = text.find(",", c, c + 250)
        if comma < 0 or _SENTENCE_STOP.search(text, c, comma + 1):
            continue
        if _opener_re().match(text[c:comma + 1]):
            stop = _SENTENCE_STOP.search(text, comma, c + 250)
            limit = stop.start() if stop else min(len(text), c + 250)
            after_openers += [m.end() for m in _COMMA.finditer(text, c, limit)]
    starts.update(after_openers)
    # where the mentions start (in order) and the furthest any of them up to each reaches: whether a position is inside
    # one is two lookups
    taken = [m.start for m in mentions]
    reach = list(itertools.accumulate((m.end for m in mentions), max))
    added = []
    for p in sorted(starts):
        # past the marks, the word there as actor_at reads it (at most ACTOR_WORD_REACH characters of it): neither
        # reader matches without a word it may open with (actor_at's, _headed_actor's: the same run of letters when it
        # holds no mark and is not cut)
        read = marked.get(p)
        if read is None:
            at = marks_word(text, p)
            read = at.group(1), at.start(1)
        word, p = read
        if word is None:
            continue
        if len(word) > ACTOR_WORD_REACH:
            word = word[:ACTOR_WORD_REACH]
        opens_actor = may_open_actor(word)
        if not opens_actor and word.isalpha() and len(word) < ACTOR_WORD_REACH and word.casefold() not in body_firsts:
            continue
        k = bisect.bisect_right(taken, p)
        if k and reach[k - 1] > p:
            continue
        # (actor_at reads no actor where the word is not one its nouns open with: asked only where it is)
        actor = actor_at(text, p) if opens_actor else None
        if actor is None or _QUANTIFIER.sub("", fold_tones(actor.text.lower())) in _bare_heads():
            # `cơ quan cấp giấy phép hoạt động điện lực có thể …`: the head alone names no one; its qualifiers do
            longer = _headed_actor(text, p, mentions)
            actor = longer if longer is not None and (actor is None or longer.end > actor.end) else actor
        if actor is None or _not_a_body().match(text, p):
            continue   # (`Đơn vị tính …`, `Trường hợp …`: the head noun opens no body here)
        bare = _QUANTIFIER.sub("", fold_tones(actor.text.lower()))
        if " " not in bare and bare == fold_tones(actor.text.lower()):
            continue   # `Bộ`, `Sở`, `Ban` alone at a clause's start are not its subject (`Bộ trí …` is a typo)
        if _opens_with_action(actor.text[len(actor.text) - len(bare):] if bare else actor.text):
            continue   # `Tổ chức các hoạt động …`: the verb, not the noun
        if acts(text, actor.end):
            added.append(actor)   # its predicate comes at once: `Doanh nghiệp gửi …`, `… có trách nhiệm lập …`
    return sorted([*mentions, *added], key=lambda m: m.start) if added else mentions


# single words that open a predicate rather than go on with a noun phrase (a passive, a permission, a modal)
_PREDICATE_WORDS: Final = frozenset({"bị", "được", "phải", "cần", "sẽ", "đã", "đang"})
# words underthesea may tag as verbs that open a qualifier of a noun, not its predicate
_PREPOSITIONS: Final = frozenset(
    {"theo", "về", "tại", "cho", "của", "với", "đối với", "trong", "từ", "đến", "qua", "thuộc"})


@functools.cache
def _phrase_ends() -> frozenset[str]:
    """The words that end a body's name ahead of its predicate: a modal, a word of no work, `có thể`, `thực hiện`."""
    return frozenset({*_phrases("modal"), *_phrases("not_action"), "có thể", "thực hiện"})


def _headed_actor(text: str, pos: int, mentions: list) -> AgencyMention | None:
    """A body named by a head noun and its qualifiers as a clause's subject (`Cơ sở giam giữ phạm nhân tổ chức …`,
    `Đơn vị sự nghiệp công lập lập …`, `cơ quan cấp giấy phép hoạt động điện lực có thể gia hạn …`), read on
    underthesea's words up to its predicate: the word after the head is the body's name (`đào tạo` in `Cơ sở đào tạo
    gửi …`, `giam giữ`), a modal ahead in the clause with no preposition before it ends the phrase, else the first
    verb after the name does. None when the clause ends first or a modal comes at once (`Quỹ thực hiện …`)."""
    first = _WORDS.match(text, pos)
    if first is None or first.group().casefold() not in _body_head_firsts():
        return None    # (the word it opens with, without which no head matches)
    head = _body_head().match(text, pos)
    if not head:
        return None
    stop = _PHRASE_STOP.search(text, pos, pos + 160)
    window = text[pos:stop.start() if stop else min(len(text), pos + 160)]
    toks: list = []           # the window's words, read only as far as asked
    low: list[str] = []
    reading = iter_tagged_words(window)

    def has(k: int) -> bool:
        """Whether the window has a word k (read up to it)."""
        while len(toks) <= k:
            tok = next(reading, None)
            if tok is None:
                return False
            toks.append(tok)
            low.append(fold_tones(tok.text.lower()))
        return True

    modal = _phrase_ends()
    name = len(tagged_words(text[pos:head.end() - 1].strip()))          # the head (and `các`) in words
    if not has(name) or low[name] in modal or low[name].split()[0] in modal:
        return None
    end = None
    k = name + 1
    while has(k):
        if toks[k].tag_ == "E" or low[k] in _PREPOSITIONS:
            break
        if low[k] in modal or (has(k + 1) and f"{low[k]} {low[k + 1]}" in modal):
            end = k
            break
        k += 1
    if end is None:
        k = name + 1
        while has(k):
            if low[k] in _PREPOSITIONS or toks[k].pos_ == "VERB" or " " in low[k] and low[k] in lexicon():
                end = k
                break
            k += 1
    if end is None or low[end] in _PREPOSITIONS:
        return None          # `doanh nghiệp theo …`: a qualifier, not the predicate, comes first
    cut = toks[end].idx
    phrase = window[:cut].rstrip()
    words_ = " ".join(phrase.split())
    return AgencyMention(phrase, words_[:1].lower() + words_[1:], "organisation", pos, pos + len(phrase),
                         key=words_.lower())


def clause_subjects(text: str, mentions: list, skip_first: bool = False, paragraphs: tuple[int, ...] = (),
                    clauses: list[int] | None = None) -> list:
    """The bodies that are the subjects of the clauses of one item, in order: `Doanh nghiệp gửi danh sách …. Trong 02
    ngày làm việc, cơ quan bảo hiểm xã hội xác nhận …` names two actors in turn (guide §3 "Rules that bind bodies").
    ``clauses``: the text's clause_starts, when read already."""
    out: list = []
    if not mentions:
        return out    # (no clause has a subject: _subject reads one of the mentions)
    starts = sorted({*([] if skip_first else [0]), *paragraphs,
                     *(clause_starts(text) if clauses is None else clauses)})
    offsets = [m.start for m in mentions]     # (in order: the mentions of one item)
    for at in starts:
        head = P.ASSIGN_PREFIX.match(text[at:at + 40])
        at = at + head.end() if head else at
        first = _subject(text, at, mentions, reach=250, lo=bisect.bisect_left(offsets, at))
        if first is None:
            continue
        block = _block(mentions, text, mentions.index(first))
        if acts(text, block[-1].end, reach=ACTION_REACH):
            out += [m for m in _bodies(block) if m.name not in {x.name for x in out}]
    return out


# ------------------------------------------------------------------------------------------------ the reader

@dataclass
class _Context:
    """What an item inherits from the headings and introductions above it."""

    lead: list = field(default_factory=list)          # AgencyMention-like (name, kind, start, end)
    coordinating: list = field(default_factory=list)
    deadline: Deadline | None = None
    zone: str | None = None
    holder_individual: bool = False                   # the heading names people (`Trách nhiệm của người lao động`)
    powers: bool = False                              # the heading lists powers (`… có quyền:`)

    def copy(self) -> _Context:
        """An item's own copy (the lists shared: an item replaces them, never changes them)."""
        return _Context(self.lead, self.coordinating, self.deadline, self.zone, self.holder_individual, self.powers)


class _Once:
    """A value computed when first asked for, then kept."""

    __slots__ = ("_compute", "_done", "_value")

    def __init__(self, compute):
        self._compute, self._value, self._done = compute, None, False

    def __call__(self):
        if not self._done:
            self._value, self._done = self._compute(), True
        return self._value


class _Reader:
    """Reads the tasks of one document from its sections and spans."""

    def __init__(self, t: Text, doc: Document):
        self.t, self.doc, self.text = t, doc, t.text
        self.rules = doc.normative
        self.out: list[Task] = []
        self._addressees: list | None = None
        self._headings: dict[int, str | None] = {}
        self._barring: dict[int, bool] = {}
        self._own_clear: set[int] = set()    # the sections ``excluded`` found no bar in by their own kind and heading
        self._words: dict[tuple[int, int], str] = {}
        self._contexts: dict[tuple[str, int], _Context] = {}
        self._giving: dict[int, tuple[bool, list]] = {}
        self._title_deadlines: dict[int, object] = {}
        self._openings: dict[int, list] = {}
        # times found once over the document (annotate, where a rule's yearless day gets no year); a day before the
        # document's year is past, not due
        self.times = [sp.data for sp in doc.spans.all("time")]
        # where they start, when in order (then those a range may hold are found by bisection)
        starts = [d.start for d in self.times]
        ordered = all(a <= b for a, b in zip(starts, starts[1:])) and all(d.start <= d.end for d in self.times)
        self._time_starts = starts if ordered else None
        self.year = doc.year
        # whether each part (the body, each appendix) has a part that assigns work: then the others assign only by name
        # (read when first asked: a rule's items never ask)
        self._zoned: dict = {}
        self._appendices = {id(r): r for r in doc.sections if r.kind == "appendix"}
        self.has_task_zone = False

    def _assigning(self, roots: list[Section]) -> bool:
        return any(heading_zone(self.heading(s) or "", self.rules) in ("task", "responsibility")
                   for r in roots for s in r.walk()
                   if s.kind in ("roman", "part", "chapter", "mục", "number", "article", "multi", "appendix"))

    def zoned(self, sec: Section) -> bool:
        """Whether the part ``sec`` is in (the body, or its appendix) has a part that assigns work (once a part)."""
        root = sec
        while root.parent is not None:
            root = root.parent
        key: Any = id(root) if id(root) in self._appendices else "body"
        if key not in self._zoned:
            self._zoned[key] = self._assigning(
                [self._appendices[key]] if key != "body" else [r for r in self.doc.sections if r.kind != "appendix"])
        return self._zoned[key]

    # -- spans

    def mentions(self, start: int, end: int) -> list[AgencyMention]:
        """The agencies named in text[start:end], with offsets relative to ``start``."""
        return [_moved(s.data, s.start - start, s.end - start)
                for s in self.doc.spans.within("agency", start, end)]

    def absolute(self, mentions: list, base: int) -> list[Span]:
        return [Span("agency", base + m.start, base + m.end, m.text, m) for m in mentions]

    def deadline(self, start: int, end: int):
        times = self.times
        if self._time_starts is not None:
            # (only the times starting in the range can lie in it: the same ones, in the same order)
            times = times[bisect.bisect_left(self._time_starts, start):bisect.bisect_right(self._time_starts, end)]
        return pick_deadline(times, self.text, start, end, self.year, self.doc.issued_date)

    # -- headings

    def heading(self, sec: Section) -> str | None:
        """A section's heading words when its first paragraph is a heading (`V. TỔ CHỨC THỰC HIỆN`, `Điều 13.
        Trách nhiệm của các cơ quan liên quan`, `1. Về cải cách thể chế`), None when it is a sentence of work
        (`c) Triển khai thực hiện cơ chế …, bảo đảm …`): only headings tell what a part does."""
        key = id(sec)
        if key not in self._headings:
            words_ = None
            if sec.paragraphs and sec.kind not in ("para", "recipients"):
                s, e = sec.paragraphs[0]
                first = self.words_of(s, e)
                if first and (len(first) <= 160 and not P.SENTENCE_END.search(first) or first.isupper()):
                    words_ = first
            elif sec.kind == "appendix":
                words_ = sec.title
            self._headings[key] = words_
        return self._headings[key]

    def words_of(self, start: int, end: int) -> str:
        """The words of text[start:end] joined by single spaces (a paragraph's, read once: the headings above an
        item, its part and the item itself ask for them)."""
        key = (start, end)
        if key not in self._words:
            self._words[key] = " ".join(self.text[start:end].split())
        return self._words[key]

    def title_range(self, sec: Section) -> tuple[int, int]:
        """Where a section's first line (its title) lies in the text."""
        if sec.title_span:
            return sec.title_span
        if self.heading(sec) and sec.paragraphs:
            return sec.paragraphs[0]      # a heading wrapped over lines
        s = sec.body_start
        nl = self.text.find("\n", s, sec.end)
        e = sec.end if nl < 0 else nl
        while s < e and self.text[s].isspace():
            s += 1
        while e > s and self.text[e - 1].isspace():
            e -= 1
        return s, e

    def agency_only(self, start: int, end: int) -> list:
        """The agencies of a line that only names who acts (`a) Các bộ, cơ quan ngang bộ:`, `2. Bộ Tư pháp`,
        `Trách nhiệm của Bộ Công an`, `1. Nhiệm vụ giao bộ, ngành, địa phương tại Nghị quyết số 01/NQ-CP`)."""
        title = self.text[start:end]
        stripped = title.rstrip().rstrip(":.;")
        if not stripped.strip() or len(stripped) > 300:
            return []
        mentions = [m for m in self.mentions(start, end) if m.end <= len(stripped)]
        given = P.GIVEN_TO.match(stripped)
        if given:
            block = [m for m in mentions if m.start >= given.end() - 1]
            if block and block[0].start <= given.end() + 4:
                block = _block(mentions, stripped, mentions.index(block[0]))
                rest = _CITED_AFTER.sub("", stripped[block[-1].end:])
                if len(_WORDS.findall(rest)) <= MAX_HEADING_WORDS:   # `… giao bộ, ngành tại Nghị quyết …`
                    return block
            return []
        if not mentions:
            return []
        rest = stripped
        for m in reversed(mentions):
            rest = rest[:m.start] + " " + rest[m.end:]
        filler = {"các", "và", "có", "liên", "quan", "sau", "đây", "gồm", "cụ", "thể", "với", "trách", "nhiệm", "của",
                  "nghĩa", "vụ", "quyền", "hạn", "đối"}
        if len([w for w in _WORDS.findall(rest) if w.lower() not in filler]) > MAX_HEADING_WORDS:
            return []
        return mentions

    def holder(self, start: int, end: int) -> list:
        """The bodies a heading of duties names (`Trách nhiệm của Bộ Tài chính`, `Nhiệm vụ của các bộ, ngành, địa
        phương trong triển khai Đề án …`)."""
        title = self.text[start:end]
        m = _holder_re().match(fold_tones(title))
        if not m:
            return []
        mentions = self.mentions(start, end)
        after = [x for x in mentions if x.start >= m.end()]
        if after and after[0].start <= m.end() + 4:
            return _block(mentions, title, mentions.index(after[0]))
        return []

    def intro_agencies(self, sec: Section) -> list:
        """`…, các bộ, cơ quan ngang bộ, … cần tổ chức triển khai các nhiệm vụ sau đây:` — the agencies an
        introductory paragraph ending in a colon gives to the items below it (offsets in the document's text)."""
        for ps, pe in sec.paragraphs:
            words_ = self.text[ps:pe].rstrip()
            if not words_.endswith(":") or len(words_) > 600:
                continue
            mentions = self.mentions(ps, ps + len(words_))
            duty = _DUTY_INTRO.search(words_) if self.rules and not mentions else None
            if duty:
                # `Cơ sở đào tạo có trách nhiệm sau:` — a body no recogniser names, as the subject of the duties
                p = _LEADING_MARKS.match(words_).end()
                actor = actor_at(words_, p) or _headed_actor(words_, p, [])
                mentions = [actor] if actor and actor.end <= duty.start() else []
            asked = _ASKED.search(words_)
            if asked:
                # `Bộ Nội vụ đề nghị các bộ, ngành, địa phương:` — those asked act, not the one asking
                after = [m for m in mentions if m.start >= asked.end()]
                if after and after[0].start <= asked.end() + 4:
                    return _shift(_block(mentions, words_, mentions.index(after[0])), ps)
                return []   # `Văn phòng Chính phủ đề nghị:` — the one asking does not act; the addressees do
            best: list = []
            k = 0
            while k < len(mentions):
                block = _block(mentions, words_, k)
                agent = _INTRO_AGENT_AT_END.search(words_[:block[0].start])
                if len(block) > len(best) and not agent:
                    best = block
                k += len(block)
            if best:
                return _shift(best, ps)
        return []

    def addressees(self) -> list:
        if self._addressees is None:
            self._addressees = [AgencyMention(n, n, "addressee", 0, 0)
                                for x in self.doc.addressees for n in split_agency_list(x)]
        return self._addressees

    def context(self, sec: Section) -> _Context:
        """Lead, deadline and zone given by the headings above an item; else a letter's addressees. All come from the
        parts above it, so they are read once for the items of one part; each item gets its own copy to change."""
        key = ("under", id(sec.parent)) if sec.parent is not None else ("root", id(sec))
        if key not in self._contexts:
            self._contexts[key] = self._read_context(sec)
        return self._contexts[key].copy()

    def _read_context(self, sec: Section) -> _Context:
        """What ``context`` gives an item: read from the parts above ``sec``."""
        ctx = _Context()
        s = sec.parent
        while s is not None:
            if self.heading(s):
                # the outermost part that says what it does decides (`Phụ lục II. Một số nội dung …` holds a
                # `4. Giải pháp tận dụng …` that is part of the description)
                ctx.zone = heading_zone(self.heading(s), self.rules) or ctx.zone
            if not ctx.lead and not ctx.powers:
                powers, found = self._gives(s)
                if powers:
                    ctx.powers = True     # `Chủ tịch Ủy ban nhân dân cấp tỉnh có quyền:` — powers, not tasks
                    break
                if found:
                    ctx.holder_individual = not _bodies(found)
                    ctx.lead = _bodies(found)
            if ctx.deadline is None and s.kind != "appendix" and s.title:
                ctx.deadline = self._title_deadline(s)
            s = s.parent
        if not ctx.lead and not ctx.holder_individual and not self.rules:
            # an opening paragraph before the first item (`… đề nghị các bộ, ngành, địa phương:`)
            root = sec
            while root.parent is not None:
                root = root.parent
            ctx.lead = _bodies(self._opening_agencies(root))
        if not ctx.lead and not ctx.holder_individual:
            ctx.lead = self.addressees()
        return ctx

    def _gives(self, s: Section) -> tuple[bool, list]:
        """What a part's heading gives the items below it (once a part): whether it lists powers, not tasks, and the
        agencies it names as the holders of its work."""
        key = id(s)
        if key not in self._giving:
            a, b = self.title_range(s)
            words_ = self.text[a:b]
            if _POWERS.search(words_) and not _DUTY_WORD.search(words_):
                self._giving[key] = True, []
                return self._giving[key]
            if s.kind == "appendix":
                found = _shift(self.holder(a, b), a)
            else:
                found = _shift(self.holder(a, b) or self.agency_only(a, b), a) or self.intro_agencies(s)
                if found and self.rules and not self.holder(a, b) \
                        and not (_DUTY_WORD.search(words_) or words_.rstrip().endswith(":")):
                    found = []    # a rule's chapter named after a body (`II. BẢO HIỂM XÃ HỘI VIỆT NAM`) binds no one
            self._giving[key] = False, found
        return self._giving[key]

    def _title_deadline(self, s: Section):
        """The time a part's title names (once a part)."""
        key = id(s)
        if key not in self._title_deadlines:
            self._title_deadlines[key] = self.deadline(*self.title_range(s))
        return self._title_deadlines[key]

    def _opening_agencies(self, root: Section) -> list:
        """The agencies the opening paragraph before a part gives its items (once a part)."""
        key = id(root)
        if key not in self._openings:
            intros = [r for r in self.doc.sections if r.kind == "para" and r.end <= root.start]
            self._openings[key] = self.intro_agencies(intros[-1]) if intros else []
        return self._openings[key]

    # -- sections

    def excluded(self, sec: Section) -> bool:
        """Whether a section assigns no work: its own kind or heading, or a part above it, says so (the parts above
        first: _barred keeps their answer, once a part)."""
        parent = sec.parent
        if parent is not None and self._barred(parent):
            return True
        if sec.kind == "recipients" or P.results_title(sec, own=True) \
                or (sec.title and P.no_task_heading(sec.title.lstrip("*# "))):
            return True
        self._own_clear.add(id(sec))
        return False

    def _barred(self, sec: Section) -> bool:
        """Whether the items below a section assign no work: it or a part above it reports results, names no work
        in its heading (goals, money …), lists the recipients, or introduces a list of what is no work (once a
        section)."""
        key = id(sec)
        if key not in self._barring:
            # (a section ``excluded`` cleared by its kind, title and own heading is neither recipients nor a heading of
            # no work; one with children is read as a heading either way, so results_title answers as it did there)
            cleared = key in self._own_clear and bool(sec.children)
            self._barring[key] = bool(
                not cleared and (sec.kind == "recipients" or (sec.title and P.no_task_heading(sec.title.lstrip("*# ")))
                                 or P.results_title(sec, own=False))
                or (self.heading(sec) and heading_zone(self.heading(sec), self.rules) == "none")
                or (sec.paragraphs and self._lists_no_work(sec))   # `Hồ sơ bao gồm:`, `… các trường hợp sau:`
                or (sec.parent is not None and self._barred(sec.parent)))
        return self._barring[key]

    def _lists_no_work(self, sec: Section) -> bool:
        """Whether a section's introduction lists cases, papers, kinds or members (`Hồ sơ bao gồm:`), not duties; one
        that opens with work (`d) Phát triển các cơ sở dữ liệu bao gồm 03 đối tượng thực hiện:`) lists who does it."""
        s, e = sec.paragraphs[0]
        if not self.text[s:e].rstrip().endswith(":"):
            return False     # (an introduction to a list ends with a colon)
        intro = self.words_of(s, e)
        return P.lists_no_work(intro) and not _opens_with_action(_LEADING_MARKS.sub("", intro, count=1))

    def walk(self, sec: Section) -> None:
        if self.excluded(sec):
            return
        kids = [c for c in sec.children if c.kind != "para"]
        fields = [c for c in kids if _label_at(self.text, c.body_start)]
        if kids and len(fields) < len(kids):
            for c in kids:
                if c not in fields:
                    self.walk(c)
            return
        if sec.kind in ("para", "appendix") or not sec.paragraphs:
            return
        self.leaf(sec, fields)

    def leaf(self, sec: Section, field_sections: list[Section]) -> None:
        paras = [(s, e) for s, e in sec.paragraphs if e > s]
        if not paras:
            return
        if sec.kind == "article":
            first = self.words_of(*paras[0])
            if P.not_a_task(_first_sentence(first)):
                return   # `Điều 3. … chịu trách nhiệm thi hành Quyết định này.` and what it adds are formal
            if len(paras) == 1 and heading_zone(first, self.rules) is not None:
                return   # an article's title alone: its work, if any, is in its clauses
        ctx = self.context(sec)
        own_zone = heading_zone(self.words_of(*paras[0]), self.rules) if (len(paras) > 1 or field_sections) else None
        if own_zone == "none":
            return
        # labelled fields: sub-items and paragraphs `- Đơn vị chủ trì: …`, `Thời gian thực hiện: …`
        fields: dict[str, list[tuple[int, int]]] = {}
        for c in field_sections:
            for s, e in c.paragraphs or [(c.body_start, c.end)]:
                self._field(s, e, fields)
        work = []
        for s, e in paras:
            if not self._field(s, e, fields):
                work.append((s, e))
        if not work and "name" in fields:
            work = fields.pop("name")
        if not work:
            return
        head_lead = self.agency_only(*work[0]) if len(work) > 1 or fields else []
        topic = False
        if head_lead or (len(work) > 1 and _heading_like(self.text[work[0][0]:work[0][1]])):
            # the item's first line only names who acts, or a topic: the work is in the paragraphs below
            if head_lead:
                ctx.lead = _bodies(_shift(head_lead, work[0][0]))
                ctx.holder_individual = not ctx.lead
            ctx.deadline = self.deadline(*work[0]) or ctx.deadline
            topic = not head_lead
            if head_lead or not fields:
                work = work[1:]
                if not work:
                    return
        if "lead" in fields:
            ctx.lead = self._field_agencies(fields["lead"])
        if "coordinating" in fields:
            ctx.coordinating = self._field_agencies(fields["coordinating"])
        if "time" in fields:
            s, e = fields["time"][0]
            ctx.deadline = self.deadline(s, e) or ctx.deadline
        zone = own_zone or ctx.zone
        labelled = bool(fields.keys() & {"lead", "time", "coordinating"})
        if self.rules:
            groups = [work]                      # a procedure step is one unit, whoever acts in it
        else:
            groups = []
            for s, e in work:
                # a paragraph with its own subject is a new assignment
                explicit = read_roles(self.text[s:e], self.mentions(s, e)).found
                if groups and not explicit:
                    groups[-1].append((s, e))
                else:
                    groups.append([(s, e)])
        for g in groups:
            s, e = g[0][0], g[-1][1]
            tasks = [task for a, b, prefix in self._inline(s, e)
                     if (task := self.make(sec, a, b, ctx, zone, prefix, labelled, topic)) is not None]
            if tasks and not self._states_no_task(s, e):    # (asked only of the groups that would give tasks)
                self.out.extend(tasks)

    def _states_no_task(self, s: int, e: int) -> bool:
        """Whether a group of paragraphs is a formal article or a statement, a worked example, or (in a normative text)
        an amendment, a rule stated or a definition, not an assignment."""
        words_ = self.words_of(s, e)
        first = _first_sentence(words_)
        return P.not_a_task(first) or P.works_an_example(words_) or (
            self.rules and (P.enacts_amendment(words_) or P.states_a_rule(first) or self._defines(s, first)))

    def _defines(self, start: int, first: str) -> bool:
        """Whether a rule's item opens by defining a thing (`Giấy phép nhận chìm ở biển là giấy phép …`, `Số quyết toán
        thu tiền đóng bảo hiểm xã hội là số tiền thực thu …`): a subject before `là` that names no body."""
        m = _COPULA.search(first, 0, 160)
        if not m:
            return False
        subject = first[:m.start()]
        if self.mentions(start, start + len(subject)):
            return False
        return actor_at(subject, 0) is None and _headed_actor(subject + " làm", 0, []) is None

    def _field(self, s: int, e: int, fields: dict) -> bool:
        m = _label_at(self.text, s, e)
        if not m or m.end() >= e:
            return False
        # a time keeps its label: `Thời gian hoàn thành:` is the cue of the time it names
        fields.setdefault(m.lastgroup, []).append((s if m.lastgroup == "time" else m.end(), e))
        return True

    def _field_agencies(self, ranges: list[tuple[int, int]]) -> list:
        out = []
        for s, e in ranges:
            cell = self.text[s:e].strip().rstrip(".;")
            known = {m.name: m for m in _shift(self.mentions(s, e), s)}
            for name in split_agency_list(cell):
                out.append(known.get(name) or AgencyMention(name, name, "named", 0, 0))
        return out

    def _inline(self, s: int, e: int):
        """`(i) … (ii) …` or `(1) … (2) …` inside one item are tasks of their own; the words before the first say
        who and when for all of them."""
        if self.text.count("(", s, e) < 2:
            return [(s, e, None)]   # (each point opens with a bracket, and it takes two)
        body = self.text[s:e]
        marks = list(P.INLINE_POINT.finditer(body))
        firsts = [m for m in marks if m.group("n") in ("1", "i")]
        if len(marks) < 2 or not firsts or firsts[0] is not marks[0]:
            return [(s, e, None)]
        expected, seq = 1, []
        for m in marks:
            n = m.group("n")
            value = int(n) if n.isdigit() else _ROMAN_SMALL.get(n)
            if value == expected:
                seq.append(m)
                expected += 1
        if len(seq) < 2:
            return [(s, e, None)]
        prefix = (s, s + seq[0].start())
        out = []
        for a, b in zip(seq, seq[1:] + [None]):
            out.append((s + a.end(), s + (b.start() if b else len(body)), prefix))
        return out

    def make(self, sec: Section, start: int, end: int, ctx: _Context, zone: str | None,
             prefix: tuple[int, int] | None, labelled: bool, topic: bool = False) -> Task | None:
        text = self.text[start:end]
        paragraph_starts = tuple(ps - start for ps, _ in sec.paragraphs if start < ps < end)
        clauses = clause_starts(text)
        mentions = with_actors(text, self.mentions(start, end), paragraph_starts, clauses)
        if self.binds_no_one(text, mentions, ctx):
            return None
        return self._make(sec, start, end, text, paragraph_starts, clauses, mentions, ctx, zone, prefix, labelled,
                          topic)

    def binds_no_one(self, text: str, mentions: list, ctx: _Context) -> bool:
        """Whether an item of a rule names no one (no agency, no actor at a clause's start) under no part naming the
        holder of its duties, and sets no due day: then no lead is read (no subject, no clause's subject), _assigns
        answers False and no task is made — asked before the item's roles are read."""
        return not mentions and self.rules and not ctx.lead and not _DUE_RULE.match(text)

    def _make(self, sec: Section, start: int, end: int, text: str, paragraph_starts: tuple[int, ...],
              clauses: list[int], mentions: list, ctx: _Context, zone: str | None, prefix: tuple[int, int] | None,
              labelled: bool, topic: bool) -> Task | None:
        """``make`` past its agencies and actors (``clauses``: the text's clause_starts)."""
        r = read_roles(text, mentions)
        lead_m, coord_m = r.lead_mentions, r.coordinating_mentions
        found, work_at, subject = r.found, r.work_at, r.lead_mentions

        # whether the words where the work should begin state none (read once, when asked)
        no_work = _Once(lambda: states_no_work(text, work_at))

        def reads_work() -> bool:
            """Whether the words where the work should begin state work."""
            if acts(text, work_at, opening=not found, reach=ACTION_REACH if found else 1) \
                    or (not found and work_at > 0 and acts(text, 0, opening=True)):   # (at 0: asked already)
                return True
            if found and not no_work():
                # a subject with words the recognisers did not take (`…, Phòng Thương mại và Công nghiệp Việt Nam và
                # các tổ chức đoàn thể tham gia …`): the predicate is the first verb after the names
                verb = subject_end(text, subject[0].start, mentions)
                return acts(text, verb) and not _BANNED.search(fold_tones(text[max(0, verb - 16):verb].lower()))
            return False

        acting = _Once(reads_work)   # (read once, when asked)
        explicit_body = r.found and bool(_bodies(lead_m))
        later: list = []
        if self.rules:
            # every actor of a procedure step leads it: the first clause's subject, then those of the next clauses
            first = _bodies(lead_m) if r.found and acting() else []
            later = clause_subjects(text, mentions, skip_first=True, paragraphs=paragraph_starts, clauses=clauses)
            lead_m = first + [m for m in later if m.name not in {x.name for x in first}]
            # the holder of the duties named again in other words (`Ủy ban nhân dân tỉnh, thành phố trực thuộc Trung
            # ương có trách nhiệm: … c) … Ủy ban nhân dân cấp tỉnh báo cáo …`) keeps the heading's words
            if lead_m:
                holders = {h.key: h for h in _shift([h for h in ctx.lead if getattr(h, "key", "")], -start)}
                lead_m = list({id(x): x for x in (holders.get(m.key, m) for m in lead_m)}.values())
            explicit_body = bool(lead_m)

        def working() -> bool:
            """Whether the item states work: where its work begins, or (a rule's step) a later clause's subject acts."""
            return bool(later) or acting()

        for_whom = None if self.rules or r.found else _FOR_WHOM.match(text)
        if for_whom and _GENERIC_HEAD.match(for_whom["who"]) and acts(text, for_whom.end()):
            # `Đối với các đơn vị chưa xây dựng cơ sở dữ liệu quốc gia: Khẩn trương …`
            who = " ".join(for_whom["who"].split())
            lead_m = [AgencyMention(who, who[:1].lower() + who[1:], "collective", for_whom.start("who"),
                                    for_whom.end("who"))]
            r.found, explicit_body = True, True
        prefix_lead: list = []
        prefix_deadline = None
        if prefix is not None:
            ptext = self.text[prefix[0]:prefix[1]]
            pm = self.mentions(*prefix)
            pr = read_roles(ptext, pm)
            prefix_lead = pr.lead_mentions if pr.found else self.agency_only(*prefix)
            prefix_deadline = self.deadline(*prefix)
            if prefix_lead:
                base = prefix[0] - start
                prefix_lead = [_moved(m, m.start + base, m.end + base) for m in prefix_lead]
        assigned = self._assigns(sec, zone, r, explicit_body, working, no_work, bool(prefix_lead) or labelled, topic,
                                 ctx, lambda: has_verb(text), lambda: assignment_marked(text, r))
        # a rule that sets the day some work must be done by is an obligation even with no body named: `Thời gian
        # thực hiện chi trả hỗ trợ … hoàn thành chậm nhất vào ngày 10 tháng 9 năm 2022.`
        if not assigned and not (self.rules and zone != "none" and not ctx.powers and _DUE_RULE.match(text)):
            return None
        own_deadline = self.deadline(start, end)
        if not assigned and not (own_deadline is not None and own_deadline.date and own_deadline.strong):
            return None
        if not r.found:
            lead_m = list(prefix_lead) or _shift(ctx.lead, -start) or lead_m
        if not coord_m and ctx.coordinating:
            coord_m = _shift(ctx.coordinating, -start)
        if lead_m and not _bodies(lead_m):
            return None   # only people are named: a citizen's right or step is not a task
        lead_m = _bodies(lead_m)
        dl = own_deadline or prefix_deadline or ctx.deadline
        task = Task(text=text, start=start, end=end, section=sec.path, lead=_names(lead_m),
                    coordinating=[n for n in _names(coord_m) if n not in _names(lead_m)])
        task.lead_spans = [self._span(m, start) for m in lead_m]
        task.coordinating_spans = [self._span(m, start) for m in coord_m if m.name in task.coordinating]
        if dl is not None:
            task.deadline, task.deadline_text = dl.date, dl.text
            task.recurrence, task.recurrence_start = dl.recurrence, dl.start_date
        hint = P.urgency(text)
        task.status_hint = hint.group().lower() if hint else None
        task.action = action_phrase(text.replace("\n", " "), r.work_at)
        return task

    def _span(self, m, base: int) -> Span:
        if m.end <= m.start:
            return Span("agency", -1, -1, m.text, m)   # named by a heading's field, a table or the addressees
        return Span("agency", base + m.start, base + m.end, m.text, m)

    def _assigns(self, sec: Section, zone, r: Roles, explicit_body: bool, working, no_work, given: bool,
                 topic: bool, ctx: _Context, verb, marked) -> bool:
        """Whether an item assigns work, by the kind of document and the part it is in (guide §3); ``working``,
        ``no_work``, ``verb`` and ``marked`` are asked only where they decide."""
        if zone == "none" or (ctx.powers and not explicit_body):
            return False
        if self.rules:
            # rules bind the bodies they name: a step of a named body, or a duty under a heading naming its holder
            # (`2. Bộ Tài chính có trách nhiệm: a) …`), unless the item states a right or a status (`được …`)
            if explicit_body and working():
                return True
            return not r.found and bool(ctx.lead) and zone != "describe" and not no_work() and working()
        if zone in ("task", "responsibility"):
            # items of a part that assigns work are tasks even without an agency, if they state work (a noun phrase
            # closing a list, `- Hạ tầng mạng Internet của Trung tâm.`, does not)
            return explicit_body or given or topic or working() or verb()
        if zone == "describe":
            # in a description of how something works, `X làm Y` describes a role; an assignment says so:
            # `giao X`, `X chủ trì`, `X có trách nhiệm …` (an office-holder's powers described are not one either)
            return ((explicit_body and not r.via_role and marked()) or given) and working()
        if self.zoned(sec):
            return (explicit_body or given) and working()
        return working()


_ROMAN_SMALL: Final = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}


_SENTENCE_BREAK: Final = regex.compile(r"[.!?](\s+)(?=[\p{Lu}\d])", regex.V1)   # the spaces after a sentence


def _first_sentence(words_: str) -> str:
    """An item's first sentence: it says what the item is (`Doanh nghiệp gửi danh sách …. Doanh nghiệp chịu trách
    nhiệm về tính chính xác …` is a step; the accountability sentence after it does not undo it)."""
    m = _SENTENCE_BREAK.search(words_)
    return words_[:m.start(1)] if m else words_


def _heading_like(text: str) -> bool:
    t = text.strip()
    return bool(P.TOPIC.match(t)) or (len(t) < 160 and not P.SENTENCE_END.search(t))


def extract_tasks(t: Text, doc: Document) -> list[Task]:
    reader = _Reader(t, doc)
    for root in doc.sections:
        reader.walk(root)
    out = reader.out
    for tb in doc.tables:
        out.extend(tasks_from_table(t, doc, tb))
    out.sort(key=lambda k: k.start)
    return out
