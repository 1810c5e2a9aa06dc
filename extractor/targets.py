"""Targets (chỉ tiêu, guide §4): rows of target tables and levels to reach set in a plan's prose, with indicator, unit, value, comparator, year and basis.

What is a target is decided by the kind and part of the document: the `MỤC TIÊU`/`CHỈ TIÊU` parts, task items and
target tables of plans, programmes, resolutions and letters set levels to reach; a normative text (Luật, Nghị định,
Thông tư …) sets rules, so only its explicit goals (`mục tiêu … đạt …`) are targets. Figures that report results,
policy rates and amounts, conditions and thresholds, procedural time limits, staffing rules and worked examples are
not targets. The year is the horizon that governs the figure (its clause, its sentence or one opening the paragraph,
a heading, a table column, the task's deadline, the plan's title), never the issuing year by default.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from typing import Final

import regex

from .deadlines import Deadline, find_time_expressions
from .model import Document, Section, Span, Table, Target, Text
from .parsers.structure import section_at
from .patterns.doctypes import NORMATIVE_TYPES, is_normative, type_from_header, type_from_number
from .patterns.figures import Figure, find_figures, find_figures_in
from .patterns.fold import caseless_lower, fold_tones, match_key
from .patterns.numbers import comparator_before
from .patterns.lexicon import entries, longest_first, phrase_regex, words
from .patterns.tasks import results_title
from .references import find_references

_F: Final = regex.I | regex.V1
_YEAR: Final = r"(?:19|20)\d{2}"


def _alt(section: str, name: str = "targets.txt") -> str:
    forms = longest_first(entries(name, section))
    return r"(?<![\p{L}])(?:" + "|".join(phrase_regex(f) for f in forms) + r")(?![\p{L}])"


@functools.cache
def _cue() -> dict[str, regex.Pattern]:
    """The cue patterns of data/targets.txt, compiled once, matched on tone-folded text."""
    lead = r"^[\s\-–+•*]*(?:\(\s*\w{1,4}\s*\)\s*|\w{1,3}\)\s*)?"     # bullets and an inline marker `(1)`, `a)`
    w = _alt
    return {
        "past": regex.compile(w("past"), _F),
        "still_to_do": regex.compile(w("still_to_do"), _F),
        "predicate": regex.compile(w("predicate"), _F),
        "count_word": regex.compile(rf"^{w('count_word')}", _F),
        "determiner": regex.compile(rf"^(?:{w('determiner')}\s+)+", _F),
        "pair_lead": regex.compile(rf"\s*{w('pair_lead')}\s+(.+)$", _F),
        "pair_sep": regex.compile(rf",\s*|\s+{w('conjunction')}\s+", _F),
        "conjunction_end": regex.compile(rf"(?:\s+{w('conjunction')}|,)\s*$", _F),
        "conjunction": regex.compile(w("conjunction"), _F),
        "run_gap": regex.compile(rf"\s*[,;]?\s*(?:{w('conjunction')}\s+)?", _F),
        "shared_gap": regex.compile(rf"[^,;]*?\s{w('conjunction')}\s*|\s*,\s*", _F),
        "topic": regex.compile(rf"{w('topic')}\s.+$", _F),
        "rank_subject": regex.compile(rf"^(.*?)\s*(?:{w('rank_lead')})?\s*:?\s*$", _F),
        "baseline_end": regex.compile(rf"{w('baseline')}\s*$", _F),
        "baseline_start": regex.compile(rf"{w('baseline')}\s", _F),
        "raise_to": regex.compile(rf"\s*{w('raise_to')}\s+(?:\S+\s+){{0,2}}?\d", _F),
        "or_more_start": regex.compile(rf"^\s*(?:{w('or_more', 'figures.txt')}|{w('or_less', 'figures.txt')})", _F),
        "bare_horizon": regex.compile(rf"{w('horizon_to')}\s+({_YEAR})(?![\d/])", _F),
        "plan_year": regex.compile(rf"{w('plan_word')}[^.;]{{0,200}}?(?<!tháng\s+\d{{1,2}}\s+){w('year_word')}"
                                   rf"\s+({_YEAR})(?:\s*[-–]\s*({_YEAR}))?", _F),
        "title_horizon": regex.compile(rf"(?<!tháng\s+\d{{1,2}}\s+)(?<!{w('baseline')}\s+){w('year_word')}\s+({_YEAR})"
                                       rf"(?![\d/])(?:\s*[-–]\s*({_YEAR}))?", _F),
        "attached_line": regex.compile(rf"\(?\s*{w('attached_line')}", _F),
        "sub_row": regex.compile(rf"^\s*(?:{w('sub_row')}\s*[:,]?\s*|[-–+•]\s*)", _F),
        "parent_opens": regex.compile(rf"{w('parent_opens')}\s*:?\s*$", _F),
        "time_head": regex.compile(w("time_head"), _F),
        "goal_heading": regex.compile(rf"^\s*(?:{w('heading_prefix')}\s+)?{_alt('goal_heading')}", _F),
        "no_target_heading": regex.compile(rf"^\s*(?:{w('heading_prefix')}\s+)?{_alt('no_target_heading')}", _F),
        "no_target_paragraph": regex.compile(rf"{lead}{_alt('no_target_paragraph')}", _F),
        "target": regex.compile(_alt("target_cue"), _F),
        "goal": regex.compile(rf"{_alt('goal_cue')}|{_alt('goal_word')}.*?{_alt('reach')}", _F),
        "plan_title": regex.compile(_alt("plan_title"), _F),
        "reporting_type": regex.compile(rf"^{_alt('reporting_type')}$", _F),
        "rule_title": regex.compile(rf"^\s*(?:{_alt('rule_title')}|{_alt('reporting_title')})", _F),
        "result_after": regex.compile(rf"[\s,]*{_alt('result_after')}", _F),
        "rule_header": regex.compile(rf"^\s*{_alt('rule_header')}\s*$", _F),
        "head": regex.compile(_alt("indicator_head"), _F),
        "share_head": regex.compile(rf"^\s*{_alt('share_head')}", _F),
        "ratio": regex.compile(rf"^\s*{_alt('ratio_head')}", _F),
        "result": regex.compile(_alt("result_cue"), _F),
        "policy": regex.compile(_alt("policy_cue"), _F),
        "policy_object": regex.compile(rf"\s*{_alt('policy_object')}", _F),
        "condition_start": regex.compile(rf"{lead}{_alt('condition_start')}", _F),
        "condition": regex.compile(_alt("condition_cue"), _F),
        "procedure_before": regex.compile(rf"{_alt('procedure_before')}\s*$", _F),
        "procedure_after": regex.compile(rf"\s*{_alt('procedure_after')}", _F),
        "staffing": regex.compile(_alt("staffing_cue"), _F),
        "until": regex.compile(rf"[\s,]*(?:{w('yearly')}\s*)?{_alt('until_after')}", _F),
        "qualifier": regex.compile(rf"{_alt('qualifier_before')}\s*$", _F),
        "enumeration": regex.compile(rf"\s*(?:\(\s*)?{_alt('enumeration_after')}", _F),
        "person": regex.compile(rf"^{_alt('person', 'units.txt')}$", _F),
        "example": regex.compile(rf"{lead}{_alt('example_start')}", _F),
        "lead_verb": regex.compile(rf"{lead}(?:{_alt('lead_verb')}\s*)+", _F),
        "lead_cut": regex.compile(_alt("lead_cut"), _F),
        "role": regex.compile(_alt("role_word"), _F),
        "qualifier_link": regex.compile(_alt("qualifier_link"), _F),
        "link_end": regex.compile(rf"(?:[\s,:]*{_alt('link')})+[\s,:]*$", _F),
        "head_link_end": regex.compile(rf"(?:[\s,:]*(?:{_alt('link')}|{_alt('head_link')}))+[\s,:]*$", _F),
        "count_head": regex.compile(rf"^\s*{_alt('count_head')}\s+(?!{_alt('count_head_not')})", _F),
        "horizon": regex.compile(rf"(?<!{w('baseline')}\s+){_alt('horizon_word')}(?:\s+{w('horizon_to')})?"
                                 rf"(?:\s+{w('year_word')})?\s+({_YEAR})(?:\s*[-–]\s*({_YEAR}))?(?![\d/])", _F),
        "stop_after": regex.compile(rf"\s{_alt('stop_after')}\s|[,;(]\s*{_alt('stop_after')}\s", _F),
        "object_prep": regex.compile(rf"{_alt('object_preposition')}\s*$", _F),
        "place_prep": regex.compile(rf"{_alt('place_preposition')}\s*$", _F),
        "basis": regex.compile(_alt("basis_cue"), _F),
        "abbreviation": regex.compile(rf"(?:^|[\s(]){_alt('abbreviation')}$", _F),
        "indicator_column": regex.compile(rf"^\s*{_alt('indicator_column')}", _F),
        "unit_column": regex.compile(rf"^\s*{_alt('unit_column')}\s*$", _F),
        "value_column": regex.compile(rf"^\s*{_alt('value_column')}", _F),
        "result_column": regex.compile(rf"^\s*{_alt('result_column')}", _F),
    }


# Forms of the text itself (not word lists): sentence ends, clause breaks, years, brackets, result shapes; a date's
# `tháng N năm YYYY` is the one Vietnamese form written in them.
# a stop before a capital or a digit; an opening quote before a capital starts a quoted statement of its own
_SENTENCE_BREAK: Final = regex.compile(
    r"[.!?…]+[\"”’)]*(?P<gap>\s+)(?=[\p{Lu}\d\"“(\-–+•])|(?P<gap>\s+)(?=[“\"]\p{Lu})")
# a year in a heading or column header, not a date's (`tháng 10 năm 2025`) or a document number's (`/2024/`)
_YEAR_IN_HEADER: Final = regex.compile(rf"(?<![\d/.\-])(?<!tháng\s+\d{{1,2}}\s+)({_YEAR})(?![\d/])", _F)
_BLANKS: Final = regex.compile(r"[.…]{5,}|_{5,}")                          # `Họ và tên: …………` in a form
_SEMICOLON: Final = regex.compile(r";")
_COMMA: Final = regex.compile(r",")
_SENTENCE_CUT: Final = regex.compile(r"[.;]\s")
_WORD: Final = regex.compile(r"[\p{L}]+")
_COUNT_OPEN: Final = regex.compile(r"\d\s*/\s*\d[\d.,]*\s*[\p{L}]*\s*\(\s*$")          # `3.451/6.191 ĐKKD (55,7%)`
# `699/5.187 TTHC …, đạt 13,47%`
_SHARE_OF_COUNTS: Final = regex.compile(r"(?<![/\d])\d[\d.]*\s*/\s*\d[\d.]*\b(?!\s*/)")
_FORMULA: Final = regex.compile(r"\s[=×]\s|\d\s+x\s+\d")
_ENUMERATOR: Final = regex.compile(r"[\s\-–+•*;,“\"]*(?:\(\s*\w{1,4}\s*\)\s*|\w{1,3}\)\s+)?")   # used with match()
_OPEN_BRACKET_TAIL: Final = regex.compile(r"\s*\([^()]*$")
_SPACE_COMMA: Final = regex.compile(r"\s+,")
_DIGIT: Final = regex.compile(r"\d")
# How far around a figure its words are read, in characters: work stays linear in the length of a paragraph however
# long it is (a table dumped as one line), and no indicator is longer than this.
_REACH: Final = 300
# targets of the same value and unit a new one is compared with, to find it written twice
_COMPARED_WITH: Final = 50


@dataclass
class _Place:
    """Where a paragraph sits: its section and zone, and what it inherits when it states nothing itself."""

    section: Section | None
    goal: bool                  # in a `MỤC TIÊU`/`CHỈ TIÊU` part
    year: int | None = None     # a year given from outside the text (a task row's deadline)


class _Context:
    """What one document tells every target in it: its zones, horizons and the plans its references are for."""

    def __init__(self, t: Text, doc: Document):
        self.t, self.doc = t, doc
        self.text = t.text
        self._zones: dict[int, str | None] = {}
        self._title_years: dict[int, int | None] = {}
        self._bases: dict[int | str, str | None] = {}
        self._plan_years = {r.number: _plan_year(self.text[r.end:r.end + 300]) for r in doc.references if r.number}
        heads = [(doc.start, doc.parts[0][0] if doc.parts else doc.end, doc.title or "")]
        for a, b, _ in doc.parts:
            head = self.text[a:min(b, a + 400)]
            cut = _cue()["attached_line"].search(fold_tones(head))
            heads.append((a, b, " ".join(head[:cut.start() if cut else len(head)].split())))
        self._heads = heads
        self.rules = _sets_rules(doc, self.text)
        self.plan = bool(_cue()["plan_title"].search(fold_tones(doc.title or "")))

    def zone(self, sec: Section) -> str | None:
        """`goal` (a MỤC TIÊU/CHỈ TIÊU part), `plain`, or None for parts that set no targets (results, money,
        scope, conditions, the recipients)."""
        key = id(sec)
        if key not in self._zones:
            z = self.zone(sec.parent) if sec.parent is not None else "plain"
            # in_results(sec) read from the part above: where its zone is not None, no heading above it reports
            # results, so only the section's own heading and its parent's remain to be asked
            if z is None:
                pass
            elif sec.kind == "recipients" or results_title(sec, own=True) \
                    or (sec.parent is not None and results_title(sec.parent, own=False)):
                z = None
            elif _is_heading(sec):
                title = fold_tones(sec.title or "")
                if _cue()["no_target_heading"].match(title):
                    z = None
                elif _cue()["goal_heading"].match(title):
                    z = "goal"
            self._zones[key] = z
        return self._zones[key]

    def heading(self, pos: int) -> str:
        """The title of the document, or of the attached plan holding ``pos``."""
        for a, b, head in reversed(self._heads):
            if a <= pos < b:
                return head
        return self._heads[0][2]

    def horizon(self, pos: int) -> int | None:
        """The year a plan's title names: `Kế hoạch … năm 2025` → 2025; `… giai đoạn 2021 - 2025` → 2025."""
        for head in (self.heading(pos), self.doc.title or ""):
            m = _cue()["title_horizon"].search(fold_tones(head))
            if m:
                return int(m.group(2) or m.group(1))
        return None

    def title_year(self, sec: Section) -> int | None:
        """The last horizon a section's title names (time expressions, `Đến 2030`, `Mục tiêu 2026 - 2030`); a goal
        heading's bare year too (`Chỉ tiêu 2025`)."""
        key = id(sec)
        if key not in self._title_years:
            title = sec.title or ""
            found = _times(title, 0, len(title), self.doc.year)
            year = found[-1][2] if found else None
            if year is None and _cue()["goal_heading"].match(fold_tones(title)):
                year = _header_year(title)
            self._title_years[key] = year
        return self._title_years[key]

    def heading_basis(self, sec: Section | None, pos: int) -> str | None:
        """The document a heading above names as setting the targets under it (`Chỉ tiêu giao tại Nghị quyết số …`,
        `Về triển khai Nghị quyết số …`), else the one the plan's title carries out."""
        s = sec
        while s is not None:
            if id(s) not in self._bases:
                self._bases[id(s)] = _cited(self.t.folded, s.body_start, s.body_start + len(s.title or ""))
            if self._bases[id(s)]:
                return self._bases[id(s)]
            s = s.parent
        head = self.heading(pos)
        if head not in self._bases:
            self._bases[head] = _cited(fold_tones(head), 0, None)
        return self._bases[head]

    def plan_year(self, number: str | None) -> int | None:
        return self._plan_years.get(number) if number else None


def _sets_rules(doc: Document, text: str) -> bool:
    """Whether a document sets rules or reports rather than plans — there only explicit goals are targets: a normative
    text or a part numbered as one (`3503/VBHN-BLĐTBXH`), an appendix of one, a regulation (`Quy định …`), a report, a
    record or a letter that reports (`V/v báo cáo kết quả …`), a form (blanks to fill in), or a text without a document
    header (a fragment of a gazette issue)."""
    if doc.normative or doc.type is None or _cue()["reporting_type"].match(fold_tones(doc.type.lower())) \
            or _cue()["rule_title"].match(fold_tones(doc.title or "")):
        return True
    numbers = [doc.number] + ([doc.attached_to] if doc.type == "Phụ lục" else [])
    if any(n and is_normative(type_from_number(n), n) for n in numbers):
        return True
    if doc.number is None and doc.attached_to is None and doc.start > 0 and doc.type not in ("Phụ lục", "Tài liệu"):
        return True              # an unnumbered document inside another one's file: a template or a text it quotes
    header = text[doc.start:max(doc.start, min(doc.body_start, doc.start + 2000))].splitlines()
    if any(type_from_header(line) in NORMATIVE_TYPES or _cue()["rule_header"].match(fold_tones(line))
           for line in header):
        return True              # `VĂN BẢN HỢP NHẤT`, `VĂN BẢN QUY PHẠM PHÁP LUẬT` above a header read otherwise
    blanks = _BLANKS.finditer(text, doc.start, doc.end)
    return sum(1 for _, _ in zip(range(3), blanks)) >= 3


def _plan_year(after_reference: str) -> int | None:
    """The year of the plan a cited document is about (the words after its number, up to the sentence end)."""
    m = _cue()["plan_year"].search(fold_tones(_SENTENCE_CUT.split(after_reference, maxsplit=1)[0]))
    return int(m.group(2) or m.group(1)) if m else None


def _is_heading(sec: Section) -> bool:
    """Whether a section's first line is a heading over other text (not the words of a list item)."""
    if sec.children or sec.kind in ("part", "roman", "chapter", "article", "appendix", "heading"):
        return True
    return len(sec.paragraphs) > 1 and sec.paragraphs[0][1] - sec.paragraphs[0][0] <= len(sec.title or "") + 2


def _year_of(d: Deadline) -> int | None:
    if d.date:
        return int(d.date[:4])
    if d.start_date:
        return int(d.start_date[:4])
    return None


def _header_year(text: str) -> int | None:
    """The last year a heading or column header names, not a date's or a document number's:
    `Chỉ tiêu năm 2025` → 2025, `Mục tiêu 2026 - 2030` → 2030."""
    years = _YEAR_IN_HEADER.findall(text)
    return int(years[-1]) if years else None


def _clean(s: str) -> str:
    return " ".join(s.split()).strip(" ,;:.-–+•*“”\"")


def _trim(s: str, named: bool = False) -> str:
    """What is measured without the words that lead to the figure: `Tỷ lệ … đạt tối thiểu` → `Tỷ lệ …`; after a named
    measure also its verb (`Thời gian giao hàng giảm xuống còn` → `Thời gian giao hàng`)."""
    s = _clean(s)
    for _ in range(2):
        tail = fold_tones(s[-80:])
        m = _cue()["head_link_end" if named else "link_end"].search(tail)
        if m:
            s = _clean(s[:len(s) - len(tail) + m.start()])
        lead = _cue()["lead_verb"].match(fold_tones(s))
        if lead:
            s = _clean(s[lead.end():])
    return s


def _cap(s: str) -> str:
    s = _clean(_OPEN_BRACKET_TAIL.sub("", s))
    return s[:1].upper() + s[1:] if s else s


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:] if s and not (len(s) > 1 and s[1].isupper()) else s


# ---------------------------------------------------------------------------------------------------------------
# Sentences, clauses and years of prose
# ---------------------------------------------------------------------------------------------------------------

def _sentences(s: str) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph: a stop followed by a capital or a digit, not after an abbreviation (`TP.`)."""
    out, begin = [], 0
    for m in _SENTENCE_BREAK.finditer(s):
        if _cue()["abbreviation"].search(fold_tones(s[max(begin, m.start() - 8):m.start()])):
            continue
        out.append((begin, m.start("gap")))
        begin = m.end()
    out.append((begin, len(s)))
    return [(a, b) for a, b in out if s[a:b].strip()]


def _times(s: str, a: int, b: int, doc_year: int | None) -> list[tuple[int, int, int]]:
    """(start, end, year) of the horizons written in s[a:b]: time expressions with a year, and `Đến 2030`."""
    a += len(s[a:b]) - len(s[a:b].lstrip(" “\"'(-–+•*"))     # an opening quote hides `“Đến năm 2025` from the reader
    found = [(a + d.start, a + d.end, y) for d in find_time_expressions(s[a:b], doc_year)
             if (y := _year_of(d)) is not None]
    folded = fold_tones(s[a:b])
    for m in [*_cue()["bare_horizon"].finditer(folded), *_cue()["horizon"].finditer(folded)]:
        if not any(x <= a + m.start(1) < y for x, y, _ in found):
            found.append((a + m.start(), a + m.end(), int(m.group(m.lastindex))))
    return sorted(found)


def _opening_year(s: str, a: int, times: list[tuple[int, int, int]]) -> int | None:
    """The year of a time expression that opens a sentence (`Đến năm 2030, …`): it governs the sentences after it."""
    for x, _, y in times:
        if x >= a and not s[a:x].strip(" -–+•*“\""):
            return y
    return None


@dataclass
class _Clause:
    start: int
    end: int
    intro: tuple[int, int] | None    # the words before a colon that several clauses share
    sentence: int = 0                # where its sentence begins


def _clauses(s: str, a: int, b: int, figures: list[Figure]) -> list[_Clause]:
    """Clauses of a sentence (`;`), after the intro a colon opens before its first figure:
    `… lên mức tối thiểu: tại bộ … là 2.000 hồ sơ; thành phố … là 1.800 hồ sơ; …`."""
    first = next((f for f in figures if f.unit), None)
    colon = s.rfind(":", a, first.start) if first else -1
    intro = (a, colon) if colon > a else None
    start = colon + 1 if intro else a
    out = []
    for m in _SEMICOLON.finditer(s, start, b):
        out.append(_Clause(start, m.start(), intro, a))
        start = m.end()
    out.append(_Clause(start, b, intro, a))
    return out


# ---------------------------------------------------------------------------------------------------------------
# Which figures are targets
# ---------------------------------------------------------------------------------------------------------------

def _reported(s: str, before: str, f: Figure, clause_end: int) -> bool:
    """A result, not a target: `Cắt giảm 3.451/6.191 ĐKKD (55,7%)`, `90% các cơ quan đã xử lý …` (past tense in the
    main predicate; `100% hồ sơ đã giải quyết thành công được số hóa` keeps its `được` predicate and is a target)."""
    if _COUNT_OPEN.search(before):
        return True
    if f.kind == "percent" and _SHARE_OF_COUNTS.search(before):
        return True       # `phân cấp 699/5.187 TTHC …, đạt tỷ lệ 13,47%`: a share worked out from counts done
    after = fold_tones(s[f.end:min(clause_end, f.end + 200)])
    past = _cue()["past"].search(after)
    return bool(past) and not _cue()["still_to_do"].search(after[past.end():])


def _is_target(s: str, before: str, context: str, f: Figure, clause_end: int, place: _Place, rules: bool) -> bool:
    """Whether a figure is a level to reach. ``before`` is its clause up to it, ``context`` adds the colon's intro;
    both tone-folded."""
    c = _cue()
    if not f.unit:
        return False
    if c["condition"].search(before) or c["result"].search(before) or _reported(s, before, f, clause_end):
        return False
    if c["baseline_end"].search(before) or c["raise_to"].match(fold_tones(s[f.end:f.end + 30])):
        return False                 # a baseline: `so với 50%`, `từ 50% lên 80%`
    if c["result_after"].match(fold_tones(s[f.end:f.end + 40])):
        return False                 # `tăng 8% so với cùng kỳ`: a result
    if c["until"].match(fold_tones(s[f.end:f.end + 40])):
        return False                 # `tăng mỗi năm 30% cho đến khi đạt 100%`: an increment, not a level
    if f.kind in ("percent", "amount", "time", "measure") and (
            c["policy"].search(before[-60:]) or c["policy_object"].match(fold_tones(s[f.end:f.end + 30]))):
        return False                 # `hỗ trợ 50% chi phí`, `mức đóng bằng 4,5%`, `giảm 30% thuế`
    if f.kind == "amount" and not c["head"].search(context):
        return False                 # an amount is a target only as a named measure (`thu ngân sách … đạt 25.000 tỷ`)
    if f.kind == "time":
        if not c["time_head"].search(context) or c["procedure_before"].search(before) \
                or c["procedure_after"].match(fold_tones(s[f.end:f.end + 20])):
            return False             # `trong 05 ngày làm việc`: a procedural time limit
    if f.kind == "count" and f.counted and c["person"].match(fold_tones(f.counted.lower())) \
            and c["staffing"].search(before):
        return False                 # `bố trí ít nhất 02 công chức`: a staffing rule
    if f.kind == "count" and c["enumeration"].match(fold_tones(s[f.end:f.end + 20])):
        return False                 # `02 Dự án bao gồm dự án A, dự án B`: the items of a task named, not a level
    if rules and not place.goal and not c["goal"].search(context):
        return False                 # a rule's figure, unless the text names it a goal
    if place.goal or f.kind == "rank":
        return True
    bare = before[_ENUMERATOR.match(before).end():].strip(" ,:")
    return bool(c["target"].search(before[-80:]) or c["head"].search(context) or not bare
                or c["object_prep"].search(before) or c["place_prep"].search(before))


# ---------------------------------------------------------------------------------------------------------------
# What is measured
# ---------------------------------------------------------------------------------------------------------------

def _after(s: str, start: int, end: int, times: list[tuple[int, int, int]]) -> str:
    """The words after a figure that name what is counted: up to a purpose or exception (`để`, `nhằm`, `trừ`), a
    comma once a predicate has been said (`… được xử lý hoàn toàn trực tuyến, người dân …`), thirty words at most;
    `trở lên` and a trailing `và` dropped."""
    piece = _blank_times(s, start, min(end, start + _REACH), times)
    folded = fold_tones(piece)
    stop = _cue()["stop_after"].search(folded)
    if stop:
        piece, folded = piece[:stop.start()], folded[:stop.start()]
    for m in _COMMA.finditer(piece):
        if _cue()["predicate"].search(folded[:m.start()]):
            piece = piece[:m.start()]
            break
    lead = _cue()["or_more_start"].match(fold_tones(piece))
    piece = piece[lead.end():] if lead else piece
    words = piece.split()[:30]
    text = " ".join(words)
    tail = _cue()["conjunction_end"].search(fold_tones(text))
    text = _clean(text[:tail.start()] if tail else text)
    return f", {text}" if text and piece.lstrip().startswith(",") else text   # `500 doanh nghiệp, hợp tác xã`


def _action(before: str) -> str:
    """The work a level applies to, from the words before the figure: comma-separated pieces back to the one that
    opens with a verb (`…, tích hợp, cung cấp thanh toán trực tuyến …` → `cung cấp thanh toán trực tuyến …`); when
    the words open with who acts (`Sở X chủ trì, phối hợp với các sở, ngành tổ chức đào tạo …`), from the first verb
    after the roles; after the last word that only leads to the figure (`Sở X bảo đảm …` → ``)."""
    pieces = before.split(",")
    k = len(pieces) - 1
    while k > 0 and not _verb_first(pieces[k]):
        k -= 1
    phrase = ",".join(pieces[k:])
    if k == 0 and not _verb_first(phrase):
        folded = fold_tones(phrase)
        roles = list(_cue()["role"].finditer(folded))
        verb = _first_verb(folded, roles[-1].end() if roles else 0)
        if verb is not None:
            phrase = phrase[verb:]
    leads = list(_cue()["lead_cut"].finditer(fold_tones(phrase)))
    return phrase[leads[-1].end():] if leads else phrase


def _first_verb(folded: str, start: int) -> int | None:
    """Where the first verb of the action lexicon begins in folded[start:]."""
    for m in _WORD.finditer(folded[start:]):
        pos = start + m.start()
        two = " ".join(folded[pos:pos + 30].lower().split()[:2])
        if two in _verbs() or m.group().lower() in _verbs():
            return pos
    return None


def _verbs() -> frozenset[str]:
    """The action verbs of the task lexicon (data/action_verbs.txt), lower case, modern tone marks."""
    return words("action_verbs.txt")


def _verb_first(piece: str) -> bool:
    """Whether a piece opens with a verb of the work (`tổ chức đào tạo …`), not with a role (`phối hợp với các sở`)."""
    tokens = fold_tones(piece.lower()).split()
    if not tokens or _cue()["role"].match(fold_tones(piece.lower().lstrip())):
        return False
    return " ".join(tokens[:2]) in _verbs() or tokens[0] in _verbs()


def _split(pattern: regex.Pattern, text: str) -> list[str]:
    """``text`` split where ``pattern`` matches its tone-folded form (same length, so the offsets hold)."""
    out, pos = [], 0
    for m in pattern.finditer(fold_tones(text)):
        out.append(text[pos:m.start()])
        pos = m.end()
    return out + [text[pos:]]


def _pair_labels(after: str, n: int) -> tuple[list[str], int] | None:
    """`40%, 30%, 20%, 15% đối với kết quả thuộc thẩm quyền của cấp trung ương, cấp tỉnh, cấp huyện, cấp xã`:
    the n levels the n figures of a run apply to, each written out in full, and where their words begin."""
    if n < 2:
        return None
    m = _cue()["pair_lead"].search(fold_tones(after))
    if not m:
        return None
    listed = after[m.start(1):m.end(1)].strip(" .")
    items = [x.strip() for x in _split(_cue()["pair_sep"], listed) if x.strip()]
    if len(items) != n:
        return None
    first_word = items[1].split()[0].lower()
    cut = items[0].lower().rfind(" " + first_word + " ")
    head = items[0][:cut + 1] if cut > 0 else ""
    return [items[0]] + [head + x for x in items[1:]], m.start()


def _indicator(before: str, intro: str, after: str, f: Figure, label: str | None) -> str | None:
    """What is measured, without the figure (guide §4), from the words before the figure, the colon's intro and the
    words after it: `Tỷ lệ X đạt 25%` → `Tỷ lệ X`; `100% X được Y` → `Tỷ lệ X được Y`; `cung cấp A cho 100% B` →
    `Tỷ lệ B được cung cấp A`; `Cắt giảm 20% X` → `Tỷ lệ cắt giảm X`; `thuộc nhóm 70 nước dẫn đầu về Y` →
    `Nhóm nước dẫn đầu về Y có Việt Nam`; `X đạt khoảng 20% GDP` → `Tỷ trọng X trong GDP`."""
    c = _cue()
    fb = fold_tones(before)
    leads = list(c["lead_cut"].finditer(fb))   # `… vốn đầu tư công, phấn đấu tỷ lệ giải ngân đạt` → after `phấn đấu`
    head = c["head"].search(fb, leads[-1].end() if leads else 0) or c["head"].search(fb)
    compared = c["baseline_start"].match(fold_tones(after))
    if f.kind == "rank":
        words = _clean(_action(before)) or _clean(intro)
        subject = c["rank_subject"].match(fold_tones(words))
        subject = _trim(words[:subject.end(1)]) if subject else ""
        ind = f"Nhóm {f.counted} {after}" + (f" có {subject}" if subject else "")
    elif f.unit and f.unit.startswith("% ") and not head:
        ind = f"Tỷ trọng {_lower_first(_trim(before) or _trim(intro))} trong {f.unit[2:]}"
    elif head:
        ind = _trim(before[head.start():], named=True)
        if c["count_word"].match(fold_tones(after)) and len(ind.split()) < 3:
            ind = f"{after} {ind}"
        elif compared:
            ind = f"{ind} {after}"
        if f.kind == "percent" and not c["share_head"].match(fold_tones(ind.lower())):
            ind = f"Tỷ lệ {_lower_first(ind)}"     # `tăng trưởng tín dụng khoảng 16%` → `Tỷ lệ tăng trưởng tín dụng`
    elif intro and c["head"].search(fold_tones(intro.rsplit(":", 1)[-1])):
        intro = intro.rsplit(":", 1)[-1]     # `…, cụ thể: Năng suất … lên mức tối thiểu`
        h = c["head"].search(fold_tones(intro))
        ind = f"{_trim(intro[h.start():])} {_trim(before)}"
    else:
        phrase = _clean(_action(before))
        fp = fold_tones(phrase)
        det = c["determiner"].match(fold_tones(after))
        obj = after[det.end():] if det else after
        prep = c["object_prep"].search(fp) or c["place_prep"].search(fp)
        if c["conjunction_end"].search(fp):
            phrase = ""              # `A, B và 100% C`: the words before name other items, not C's
        phrase = _trim(phrase[:prep.start()] if prep else phrase)
        if f.kind == "percent":
            if c["count_word"].match(fold_tones(after)) and phrase:
                ind = f"{after} {phrase}"
            elif not obj:
                ind = f"Tỷ lệ {_lower_first(phrase)}"   # `cung cấp thanh toán trực tuyến … đạt 100%`
            elif prep and c["object_prep"].search(fp) and phrase:
                ind = f"Tỷ lệ {obj} được {_lower_first(phrase)}"
            elif prep or not phrase:
                ind = f"Tỷ lệ {obj} {_lower_first(phrase)}"
            else:
                ind = f"Tỷ lệ {_lower_first(phrase)} {obj}"
        elif c["count_head"].match(fold_tones(phrase)):
            ind = phrase      # `số doanh nghiệp đang hoạt động đạt 1,5 triệu doanh nghiệp`
        else:
            what = _clean(f"{f.counted or ''}{'' if after.startswith(',') else ' '}{after}")
            ind = f"Số {what} được {_lower_first(phrase)}" if phrase else f"Số {what}"
    if label:
        ind = f"{ind} đối với {label}"
    ind = _cap(ind)
    return ind if len(ind.split()) >= 2 else None


# ---------------------------------------------------------------------------------------------------------------
# Prose
# ---------------------------------------------------------------------------------------------------------------

def _runs(s: str, figures: list[Figure]) -> list[list[Figure]]:
    """Figures side by side that share their words (`40%, 30%, 20%, 15% đối với …`): same unit, only `,` or `và`
    between them."""
    runs: list[list[Figure]] = []
    for f in figures:
        last = runs[-1] if runs else None
        if last and last[-1].unit == f.unit and f.comparator in (None, last[0].comparator) \
                and _cue()["run_gap"].fullmatch(fold_tones(s[last[-1].end:f.start])):
            runs[-1].append(f)
        else:
            runs.append([f])
    return runs


def _paragraph(ctx: _Context, s: str, base: int, figures: list[Figure], place: _Place) -> list[Target]:
    """The targets of one paragraph ``s`` (offsets of ``figures`` relative to it; ``base`` maps them to the file)."""
    out: list[Target] = []
    carry = None
    doc = ctx.doc
    figures = [f for f in figures if not _per_one(s, f)]
    last = max((f.number_start for f in figures), default=-1)
    for a, b in _sentences(s):
        if a > last:
            break                    # no figure left: the horizons of the sentences after it govern nothing
        sentence_figures = [f for f in figures if a <= f.number_start < b]
        times = _times(s, a, b, doc.year)
        if sentence_figures and not (_FORMULA.search(s[a:b]) or _cue()["example"].match(fold_tones(s[a:b]))
                                     or _cue()["condition_start"].match(fold_tones(s[a:b]))):
            unit_of = None
            for clause in _clauses(s, a, b, sentence_figures):
                own = [f for f in sentence_figures if clause.start <= f.number_start < clause.end]
                own = [_inherit(s, f, clause.end, unit_of) for f in own]
                unit_of = next((f for f in reversed(own) if f.unit), unit_of)
                out += _clause(ctx, s, base, clause, own, times, carry, place)
        carry = _opening_year(s, a, times) or carry
    return out


def _per_one(s: str, f: Figure) -> bool:
    """`của 01 nhân sự`, `trong 01 năm`: one of something, qualifying what is counted (part of the indicator)."""
    return f.value == 1 and f.comparator is None \
        and bool(_cue()["qualifier"].search(fold_tones(s[max(0, f.start - 12):f.start])))


def _inherit(s: str, f: Figure, clause_end: int, previous: Figure | None) -> Figure:
    """`… là 1.800 hồ sơ; tỉnh, thành phố khác 1.600; …`: a bare number ending its clause takes the unit of the
    clause before it."""
    if f.unit or previous is None or s[f.end:clause_end].strip(" .,)"):
        return f
    return replace(f, unit=previous.unit, counted=previous.counted, kind=previous.kind)


def _clause(ctx: _Context, s: str, base: int, clause: _Clause, figures: list[Figure],
            times: list[tuple[int, int, int]], carry: int | None, place: _Place) -> list[Target]:
    out: list[Target] = []
    if clause.intro:                 # the intro's last words: what a long one says first is not what is measured
        clause = replace(clause, intro=(max(clause.intro[0], clause.intro[1] - _REACH), clause.intro[1]))
    intro = s[clause.intro[0]:clause.intro[1]] if clause.intro else ""
    lead = _ENUMERATOR.match(s, clause.start, clause.end)
    begin = lead.end() if lead else clause.start
    shared, prev_end, topic = None, begin, None
    figures = _without_qualifiers(s, figures)
    runs = _runs(s, figures)
    for i, run in enumerate(runs):
        f = run[0]
        start, stop = max(begin, s.find(" ", f.start - _REACH, f.start) + 1 if f.start - _REACH > begin else begin), f.start
        if prev_end > start:         # after another figure: its words end at the last comma before this one
            comma = max(s.rfind(",", prev_end, f.start), s.rfind(";", prev_end, f.start))
            start = comma + 1 if comma >= 0 else prev_end
        if shared is not None and _cue()["shared_gap"].fullmatch(fold_tones(s[prev_end:f.start])):
            start, stop = shared     # `tại 50% Bộ phận … cấp huyện và 30% Bộ phận … cấp xã`: one verb, two levels
        shared, prev_end = (start, stop), run[-1].end
        before = _blank_times(s, start, stop, times)
        fb, fi = fold_tones(before), fold_tones(intro)
        if not _is_target(s, fb, f"{fi} {fb}", f, clause.end, place, ctx.rules) \
                or _earlier_results(fold_tones(s[max(clause.sentence, clause.start - _REACH):clause.start])):
            continue
        tail_end = min(clause.end, runs[i + 1][0].start) if i + 1 < len(runs) else clause.end
        after = _after(s, run[-1].end, tail_end, times)
        paired = _pair_labels(after, len(run))
        labels = paired[0] if paired else None
        if paired:
            after = _clean(after[:paired[1]])   # what is counted, without the levels it is counted at
        comparator = f.comparator or ("<=" if f.kind == "rank" else None) \
            or _intro_comparator(intro) or "="
        own_year = _sentence_year(times, clause, f)
        if own_year and ctx.doc.year and own_year < ctx.doc.year:
            continue                 # `Năm 2023, … đạt 115% dự toán` in a text of 2024: a result, not a level to reach
        if ctx.rules and not ctx.plan and not _cue()["goal"].search(f"{fi} {fb}") \
                and not (own_year or carry or _heading_year(ctx, place.section, base + f.start)):
            continue                 # a `Mục tiêu`/`Chỉ tiêu` part of a rule that names no horizon defines terms
                                     # (`Mục tiêu đào tạo`, `Chỉ tiêu thống kê`): a level to reach is set for a year
        year = _year(ctx, own_year, f, carry, place, base)
        for n, g in enumerate(run):
            own_after = after if len(run) > 1 else _after(s, g.end, tail_end, times)
            if g.kind == "rank":      # `3 nước dẫn đầu ASEAN về X và 40 quốc gia hàng đầu thế giới`: both about X
                about = _cue()["topic"].search(fold_tones(own_after))
                topic = own_after[about.start():] if about else topic
                own_after = own_after if about or not topic else f"{own_after} {topic}"
            indicator = _indicator(before, _blank_times(s, *clause.intro, times) if clause.intro else "",
                                   own_after, g, labels[n] if labels else None)
            if not indicator:
                continue
            out.append(Target(indicator=indicator, unit=g.unit, value=g.value, value_max=g.value_max,
                              comparator=g.comparator or comparator, year=year,
                              text=_clean(s[start:max(tail_end, run[-1].end)]),
                              start=base + start, end=base + max(tail_end, run[-1].end),
                              section=place.section.path if place.section else "", source="text",
                              basis=_basis(ctx, base, s, clause, f, place)))
    return out


def _earlier_results(earlier: str) -> bool:
    """Whether the earlier clauses of a sentence report results (`Năm 2023, tăng trưởng ước đạt 6,2%; thu ngân sách đạt
    115% dự toán`) with no goal said after them (`…; năm 2024 phấn đấu …`)."""
    found = list(_cue()["result"].finditer(earlier))
    return bool(found) and not _cue()["goal"].search(earlier[found[-1].end():])


def _without_qualifiers(s: str, figures: list[Figure]) -> list[Figure]:
    """A figure that describes the things a count counts (`60 doanh nghiệp có doanh thu … đạt 1 triệu USD/năm`) is part
    of the count's indicator, not a target (guide §4)."""
    out: list[Figure] = []
    for f in figures:
        owner = out[-1] if out else None
        gap = fold_tones(s[owner.end:f.start]) if owner else ""
        if owner and owner.kind == "count" and _cue()["qualifier_link"].search(gap) \
                and not (_SEMICOLON.search(gap) or _COMMA.search(gap) or _cue()["conjunction"].search(gap)):
            continue
        out.append(f)
    return out


def _intro_comparator(intro: str) -> str | None:
    """`… lên mức tối thiểu: tại bộ … là 2.000 hồ sơ`: the intro's comparator governs the figures after its colon."""
    found = comparator_before(fold_tones(intro.rstrip(" :"))) if intro else None
    return found[0] if found else None


def _blank_times(s: str, a: int, b: int, times: list[tuple[int, int, int]]) -> str:
    """s[a:b] with the time expressions in it left out: `Đến năm 2025, tối thiểu …` → `tối thiểu …`."""
    out, pos = [], a
    for x, y, _ in times:
        if y <= a or x >= b:
            continue
        out.append(s[pos:max(pos, x)])
        pos = max(pos, min(y, b))
    out.append(s[pos:b])
    return _SPACE_COMMA.sub(",", "".join(out)) if len(out) > 1 else out[0]


def _sentence_year(times: list[tuple[int, int, int]], clause: _Clause, f: Figure) -> int | None:
    """The horizon its own sentence gives a figure, nearest first: a time in its clause before it, then after it; one
    earlier in its sentence (the colon's intro)."""
    in_clause = [(x, y) for x, e, y in times if clause.start <= x < clause.end]
    before = [y for x, y in in_clause if x < f.start]
    if before:
        return before[-1]
    after = [y for x, y in in_clause if x >= f.end]
    if after:
        return after[0]
    earlier = [y for x, e, y in times if e <= clause.start]
    return earlier[-1] if earlier else None


def _year(ctx: _Context, sentence_year: int | None, f: Figure, carry: int | None, place: _Place,
          base: int) -> int | None:
    """The horizon that governs a figure, nearest first: its sentence's; one opening an earlier sentence of the
    paragraph; the year given from outside (a task row's deadline); a heading above; the plan's title. None when none
    is written (the plan its basis is for is tried last, by the stage)."""
    return sentence_year or carry or place.year or _heading_year(ctx, place.section, base + f.start) \
        or ctx.horizon(base + f.start)


def _heading_year(ctx: _Context, sec: Section | None, pos: int) -> int | None:
    """The year of the nearest heading above a position that names one (`Năm 2021`, `Giai đoạn 3 (từ năm 2029 đến
    hết năm 2030)`, `Mục tiêu 2026 - 2030`)."""
    s = sec
    while s is not None:
        if (s is not sec or pos >= s.body_start + len(s.title or "")) and s.title:
            year = ctx.title_year(s)
            if year:
                return year
        s = s.parent
    return None


def _basis(ctx: _Context, base: int, s: str, clause: _Clause, f: Figure, place: _Place) -> str | None:
    """The document that set a target: one named, with a cue (`giao tại`, `theo`, `thực hiện`), in the intro or the
    clause before the figure; else in a heading above; else in the plan's title (`Kế hoạch thực hiện Chỉ thị số …`)."""
    for a, b in ([clause.intro] if clause.intro else []) + [(clause.start, f.start)]:
        found = _cited(fold_tones(s[max(a, b - _REACH):b]), 0, None)
        if found:
            return found
    return ctx.heading_basis(place.section, base + f.start)


def _cited(folded: str, a: int, b: int | None) -> str | None:
    """The last document cited in folded[a:b] with a basis cue in the words before it."""
    b = len(folded) if b is None else b
    for ref in reversed(find_references(folded, a, b)):
        if ref.number and _cue()["basis"].search(folded[max(a, ref.start - 40):ref.start]):
            return ref.number
    return None


@functools.cache
def _goal_words() -> re.Pattern:
    """The phrases one of which every match of _cue()["goal"] holds (a goal cue, `phấn đấu`, or a goal word, `mục
    tiêu`, before its `đạt`), in lower case for the standard library's engine on caseless_lower(text), where each letter
    stands as `regex` takes it ignoring case (and every space of `regex` is one of the standard library's): a
    paragraph without them names no goal, which this search tells at a fraction of the cost of the pattern's (tried
    by `regex` at every position)."""
    phrases = [e.lower() for k in ("goal_cue", "goal_word") for e in entries("targets.txt", k)]
    return re.compile("|".join(phrase_regex(p) for p in longest_first(phrases)))


def _names_a_goal(text: str) -> bool:
    """Whether _cue()["goal"] matches in ``text``: searched only where one of its phrases stands (_goal_words)."""
    return _goal_words().search(caseless_lower(text)) is not None and _cue()["goal"].search(text) is not None


def _prose(ctx: _Context) -> list[Target]:
    """The targets set in the paragraphs of the parts that may set them. Figures are read only in those paragraphs
    (`figure` spans: find_figures_in reads each with the words around it, as a reading of the whole document would):
    a paragraph without a digit has none."""
    out: list[Target] = []
    text, folded = ctx.text, ctx.t.folded
    read: list[tuple[int, int, _Place]] = []
    no_target = _cue()["no_target_paragraph"]
    for root in ctx.doc.sections:
        for sec in root.walk():
            paras = [(ps, pe) for ps, pe in sec.paragraphs
                     if _DIGIT.search(text, ps, pe) and not no_target.match(folded[ps:ps + 40])]
            if not paras:
                continue             # (the zone of a section without such a paragraph is not needed)
            zone = ctx.zone(sec)
            if zone is None:
                continue
            place = _Place(sec, zone == "goal")
            for ps, pe in paras:
                if ctx.rules and not place.goal and not _names_a_goal(folded[ps:pe]):
                    continue         # a rule's paragraph that names no goal sets no level to reach
                read.append((ps, pe, place))
    ranges: list[tuple[int, int]] = []
    for ps, pe in sorted((ps, pe) for ps, pe, _ in read):
        if ranges and ps < ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], max(pe, ranges[-1][1]))     # (paragraphs of two sections never overlap)
        else:
            ranges.append((ps, pe))
    found = find_figures_in(text, ranges, ctx.doc.start, ctx.doc.end)
    ctx.doc.spans.set("figure", [Span("figure", f.start, f.end, f.text, f) for f in found])
    for ps, pe, place in read:
        spans = ctx.doc.spans.within("figure", ps, pe)
        if not spans:
            continue
        s = text[ps:pe].replace("\n", " ")
        figures = [replace(sp.data, start=sp.data.start - ps, end=sp.data.end - ps,
                           number_start=sp.data.number_start - ps, number_end=sp.data.number_end - ps)
                   for sp in spans]
        out += _paragraph(ctx, s, ps, figures, place)
    return out


def _task_rows(ctx: _Context) -> list[Target]:
    """Targets written in a task table's cell (its words as rebuilt from the cell), the task's deadline their year."""
    out: list[Target] = []
    for task in ctx.doc.tasks:
        if task.source != "table":
            continue
        sec = section_at(ctx.doc.sections, task.start)
        zone = ctx.zone(sec) if sec else "plain"
        if zone is None:
            continue
        year = int(task.deadline[:4]) if task.deadline else None
        place = _Place(sec, zone == "goal", year)
        s = task.text.replace("\n", " ")
        for tg in _paragraph(ctx, s, 0, find_figures(s), place):
            tg.start, tg.end, tg.section, tg.source = task.start, task.end, task.section, "table"
            out.append(tg)
    return out


# ---------------------------------------------------------------------------------------------------------------
# Target tables
# ---------------------------------------------------------------------------------------------------------------

_BRACKET_UNIT: Final = regex.compile(r"\s*\(([^()]{1,20})\)\s*[.:]?\s*$")
_SUB_ITEM: Final = regex.compile(r"(?<=:)\s*[-–+•]\s+|\s+[-–+•]\s+(?=\p{Lu})")   # `…, trong đó: - Khu vực …`


def _columns(header: list[str]) -> tuple[int | None, int | None, list[int]]:
    """(indicator column, unit column, value columns) of a target table's header, or (None, None, []) for another
    table. A value column names a year or a plan (`Chỉ tiêu năm 2025`, `Mục tiêu 2026 - 2030`, `Kế hoạch`); one that
    reports (`Thực hiện năm 2024`, `Ước thực hiện`) or names an agency is not one."""
    c = _cue()
    keys = [fold_tones(h.lower()) for h in header]

    def value_col(k: str) -> bool:
        if c["result_column"].match(k):
            return False
        return bool(_header_year(k)) or bool(c["value_column"].match(k) and len(k.split()) <= 4)

    indicator = next((i for i, k in enumerate(keys) if c["indicator_column"].match(k) and not _header_year(k)), None)
    if indicator is None:
        return None, None, []
    unit = next((i for i, k in enumerate(keys) if c["unit_column"].match(k)), None)
    values = [i for i, k in enumerate(keys) if i not in (indicator, unit) and value_col(k)]
    return indicator, unit, values


def _table(ctx: _Context, tb: Table) -> list[Target]:
    """The targets of one table read through ``Table.header``/``rows``/``cell_spans``: one per row and value column,
    the year from the column's header (else a heading above, the plan's title), the unit from the unit column, a
    bracket ending the indicator (`(%)`) or the value cell; `Trong đó:` sub-rows prefixed by their parent's indicator;
    a row left without number or value by a page break joined to the row above."""
    ind, unit_col, value_cols = _columns(tb.header)
    if ind is None or not value_cols or tb.kind == "form":      # a report form's figures are codes and examples
        return []
    sec = section_at(ctx.doc.sections, tb.start)
    zone = ctx.zone(sec) if sec is not None else "plain"
    if zone is None or (ctx.rules and zone != "goal" and not any(
            _cue()["goal"].search(fold_tones(h)) or _cue()["goal_heading"].match(fold_tones(h)) for h in tb.header)):
        return []                # a rule's table (rates, amounts) sets no targets unless it names them
    basis = _table_basis(ctx, tb)
    width = len(tb.header)
    out: list[Target] = []
    parent = None
    last: list[Target] = []
    for row in tb.rows:
        cells = row.cells + [""] * (width - len(row.cells))
        for number, raw, figures, unit_cell in _logical_rows(cells, ind, unit_col, value_cols):
            if not raw:
                continue
            if not any(figures.values()) and not number and last:
                for tg in last:      # the rest of the row above, cut by a page break
                    tg.indicator = _cap(f"{tg.indicator} {raw.rstrip('.')}")
                    tg.text = f"{tg.text} {raw}"
                    tg.end = row.end
                continue
            unit, indicator = _row_unit(raw)
            sub = row.parent is not None or _cue()["sub_row"].match(fold_tones(raw)) or not number
            if parent and sub and _opens(parent):
                indicator = f"{_opens(parent)}: {_without_sub_mark(indicator)}"
            elif number:
                parent = raw
            last = []
            for vc in value_cols:
                f = figures[vc]
                if f is None:
                    continue
                u = unit_cell or unit or f.unit
                year = _header_year(tb.header[vc]) or _heading_year(ctx, sec, tb.start) or ctx.horizon(tb.start) \
                    or ctx.plan_year(basis)
                start = row.cell_spans[ind][0] if row.cell_spans and ind < len(row.cell_spans) else row.start
                tg = Target(indicator=_cap((_opens(indicator) or indicator).rstrip(".,: ")), unit=u or None,
                            value=f.value, value_max=f.value_max, comparator=f.comparator or "=", year=year,
                            text=f"{raw} {_clean(cells[vc])}", start=start, end=row.end, section=tb.section,
                            basis=basis, source="table")
                last.append(tg)
                out.append(tg)
    return out


def _opens(indicator: str) -> str | None:
    """A parent row's indicator without the words that open its sub-rows (`Tỷ lệ hộ nghèo, trong đó:` → `Tỷ lệ hộ
    nghèo`), or None when it opens none."""
    m = _cue()["parent_opens"].search(fold_tones(indicator))
    return indicator[:m.start()].strip(" ,:") if m else None


def _without_sub_mark(indicator: str) -> str:
    m = _cue()["sub_row"].match(fold_tones(indicator))
    return indicator[m.end():] if m else indicator


def _logical_rows(cells: list[str], ind: int, unit_col: int | None, value_cols: list[int]):
    """(number, indicator, figure of each value column, unit cell) of the rows one table row holds: one, or — when the
    parser joined a `Trong đó:` sub-row to its parent (`Tỷ lệ hộ nghèo, trong đó: - Khu vực nông thôn` with `2,1 3,0`
    in each value cell) — the parent and each sub-row, the n-th figure of each cell to the n-th of them."""
    raw = _clean(cells[ind])
    unit_cell = cells[unit_col].strip() if unit_col is not None else ""
    number = cells[0].strip() if ind != 0 else ""
    parts = [p for p in _SUB_ITEM.split(raw) if p.strip()]
    found = {vc: find_figures(" ".join(cells[vc].split())) for vc in value_cols}
    units = unit_cell.split()
    if len(parts) > 1 and all(len(f) in (0, len(parts)) for f in found.values()) and any(found.values()):
        for n, part in enumerate(parts):
            yield (number if n == 0 else "", part if n == 0 else f"- {part}",
                   {vc: (f[n] if f else None) for vc, f in found.items()},
                   units[n] if len(units) == len(parts) else unit_cell)
        return
    yield number, raw, {vc: (f[0] if f else None) for vc, f in found.items()}, unit_cell


def _row_unit(indicator: str) -> tuple[str | None, str]:
    """A unit in brackets ending an indicator cell: `Tốc độ tăng trưởng GDP bình quân/năm (%)` → (`%`, indicator
    without it); `(USD)`, `(triệu lượt)`. A bracket that is not a unit (`(EGDI)`, `(trừ hồ sơ mật)`) stays."""
    m = _BRACKET_UNIT.search(indicator)
    if m:
        inner = m.group(1).strip()
        f = find_figures("1 " + inner)
        if inner == "%" or (f and f[0].unit and f[0].end == len("1 " + inner)):
            return inner, indicator[:m.start()].strip()
    return None, indicator


def _table_basis(ctx: _Context, tb: Table) -> str | None:
    """The document a heading above the table names as setting its targets: `Chỉ tiêu giao tại Nghị quyết số …`."""
    before = [x for r in ctx.doc.sections for x in r.walk() if x.start <= tb.start and x.kind != "recipients"]
    return ctx.heading_basis(max(before, key=lambda x: x.start) if before else None, tb.start)


# ---------------------------------------------------------------------------------------------------------------
# The stage
# ---------------------------------------------------------------------------------------------------------------

def _same(a: Target, wa: set[str], b: Target, wb: set[str]) -> bool:
    """The same target written twice (prose and a table row): same value, unit and year, the words of the shorter
    indicator (all but one in seven) in the longer."""
    if a.value != b.value or a.unit != b.unit or (a.year and b.year and a.year != b.year):
        return False
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return bool(short) and len(short - long_) <= len(short) // 7


def extract_targets(t: Text, doc: Document) -> list[Target]:
    """The targets of one document: target tables, then levels set in prose, then figures in task-table rows; a target
    written twice is kept once, as first found."""
    ctx = _Context(t, doc)
    found: list[Target] = []
    for tb in doc.tables:
        found += _table(ctx, tb)
    found += _prose(ctx)
    found += _task_rows(ctx)
    out: list[Target] = []
    # compared with its own kind only (value and unit), and with the last few of them: the same target is written
    # twice near enough, and the work stays linear however many targets a document holds
    kept: dict[tuple, list[tuple[Target, set[str]]]] = {}
    for tg in found:
        words_of = set(match_key(tg.indicator).split())
        same_kind = kept.setdefault((tg.value, tg.unit), [])
        if not any(_same(tg, words_of, o, wo) for o, wo in same_kind[-_COMPARED_WITH:]):
            same_kind.append((tg, words_of))
            out.append(tg)
    for tg in out:
        if tg.year is None and tg.basis:
            tg.year = ctx.plan_year(tg.basis)
    out.sort(key=lambda x: x.start)
    return out
