"""Parse a document's body into paragraphs and a tree of headings and list items, each with its section path and offsets."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from math import ceil
from typing import Final, NamedTuple, Sequence, cast

import regex

from ..lines import Line, LineIndex, lines_of
from ..model import Section
from ..patterns.header import RECIPIENTS, SIGN_PREFIX, TITLE_WORDS, UPPER_LINE, has_ascii_lower, is_person_name
from ..patterns.markers import BULLETS, IN_PATH, LETTER_LABELS, OPENING_LETTERS, RANK, match_marker
from .tables import ends_mid_phrase

_END_PUNCT: Final = regex.compile(r"[.:;!?]\s*[\"”’)]*\s*$")
_STARTS_LOWER: Final = regex.compile(r"^[\"“(]*\p{Ll}", regex.V1)
_UPPER: Final = regex.compile(r"^[^\p{Ll}]*\p{Lu}[^\p{Ll}]*$", regex.V1)
_STARTS_UPPER: Final = regex.compile(r"^[\"“(]*\p{Lu}", regex.V1)
# How full a line must be, as a share of the page width (the 90th percentile of line lengths), for the next line to
# continue it: any wrapped line of a paragraph, and the first line of a numbered item when the next opens with a capital.
WRAPPED_LINE: Final = 0.6
FULL_LINE: Final = 0.85


# a Paragraph's marker when paragraphs() did not read it for the paragraph's whole text (build_tree matches it then)
UNREAD: Final = False


class Paragraph(NamedTuple):
    start: int
    end: int
    text: str
    marker: tuple | None | bool = UNREAD   # match_marker(text), or UNREAD


def paragraphs(text: str, start: int, end: int, skip: Sequence[tuple[int, int]] = (),
               index: LineIndex | None = None) -> list[Paragraph]:
    """Join wrapped lines into paragraphs: a line continues the one above unless that one ended a sentence
    and this one starts a new item; a lower-case start after a blank line (a page break) also continues."""
    out: list[Paragraph] = []
    # the paragraph so far: the indices of its first and last lines (-1: none); the lines between them that are not
    # its own are blank (a skipped line ends the paragraph), so no list of its lines is kept
    first_k = -1
    last_k = -1
    last = ""
    head = False            # whether the paragraph so far is one line opening with a heading marker
    blank_before = False
    lines = lines_of(text, start, end, index)
    stripped = [ln.text.strip() for ln in lines]
    lengths = [len(x) for x in stripped if x]
    lengths.sort()
    # PDF text wraps lines at a page width; a file with a line per paragraph never wraps
    wrapped = bool(lengths) and lengths[len(lengths) // 2] <= 120
    width = lengths[int(len(lengths) * 0.9)] if lengths else 0   # the page width, in characters
    # (as whole numbers: a length is at least x when it is at least x rounded up; compared without boxing)
    wrapped_min, full_min = ceil(WRAPPED_LINE * width), ceil(FULL_LINE * width)
    skipped = _skipped_lines(lines, skip) if skip else []    # whether each line lies in a skipped range (a table)
    # the marker of the paragraph's first line (match_marker's answer for the paragraph when it is that line alone),
    # and, when it is known, match_marker's answer for the paragraph whatever lines follow
    first_marker: tuple | None | bool = UNREAD
    cur_marker: tuple | None | bool = UNREAD
    marker: tuple[str, str, int] | None
    known: tuple | None | bool
    for k in range(len(stripped)):
        if skipped and skipped[k]:
            if first_k >= 0:
                out.append(_para(text, lines, first_k, last_k, first_marker, cur_marker))
                first_k = -1
            continue
        s = stripped[k]
        if not s:
            blank_before = True
            continue
        # (match_marker's first test inlined, read per character: most lines open with a letter no marker begins with)
        c = s[0]
        opening = _OPENING.get(c)
        if opening is None:
            opening = _opening(c)
        if opening == _NO_MARKER or opening == _LABEL_LETTER and s[1:2] != ")" and not s[1:2].isspace():
            marker = None
            # a paragraph's text begins with its first line, its first two characters those of the line when it has
            # two: the test answers the same for the text
            known = marker if len(s) > 1 else UNREAD
        else:
            marker = match_marker(s)
            # a marker that ends before the line does is the paragraph's too. Each marker pattern is a word or sign,
            # a label, then spaces and marks; the alternatives that share a first character (`Chương`/`C.`, `1.2`/`1.`,
            # `(ii)`/`(i)`) refuse a line the first of them read to its end, and none backtracks from its end to a
            # shorter match, so no pattern looks past the line; a marker reaching the line's end may run on (its
            # spaces, a label on the next line: `PHẦN THỨ` / `HAI`), and is matched again on the paragraph
            known = marker if marker is not None and marker[2] < len(s) else UNREAD
        if first_k >= 0:
            prev = last             # the stripped last line of the paragraph so far
            # the tests below are those of the plain reading, each one alone enough to continue; the cheap first
            if marker is None:
                # `bền\n\nvững của đất nước`: a sentence cut by a page break
                continues = _starts_lower(s) or not blank_before and (
                    # a wrapped line; but a capital-letter heading ends at its line, and a numbered heading line that
                    # stops short (`4. Giải pháp về huy động vốn`) ends before a sentence that opens with a capital
                    wrapped and len(prev) >= wrapped_min and not _ends_sentence(prev)
                    and (len(prev) >= full_min or not head or not _starts_upper(s))
                    and not (_UPPER.match(prev) and not _UPPER.match(s))
                    # `… Viện Hàn lâm Khoa học và\nCông nghệ Việt Nam chỉ đạo …`: no line ends on `và`
                    or ends_mid_phrase(prev))
            elif marker[0] in BULLETS:
                # `kinh tế\n- xã hội`: a wrapped hyphen, not a list item
                continues = not blank_before and not _ends_sentence(prev) and _starts_lower(s[marker[2]:])
            else:
                # `… thực hiện: (1) …; (2) …;\n(3) …`: a wrapped line of points written inline
                continues = marker[0] in ("paren", "roman_paren") and _inline_point_before(
                    [lines[j] for j in range(first_k, last_k + 1) if stripped[j]], marker[1])
            if continues:
                last_k = k
                last = s
                head = False
                blank_before = False
                continue
            out.append(_para(text, lines, first_k, last_k, first_marker, cur_marker))
        first_k = last_k = k
        cur_marker, first_marker = known, marker
        last = s
        head = marker is not None and marker[0] not in BULLETS
        blank_before = False
    if first_k >= 0:
        out.append(_para(text, lines, first_k, last_k, first_marker, cur_marker))
    return out


# how a paragraph's first character bears on its marker (the test of match_marker's start): a letter no marker opens
# with (none), a lower-case letter that opens one only before `)` or a space (`a)`), anything else (match it)
_NO_MARKER: Final = 1
_LABEL_LETTER: Final = 2
_MAY_OPEN: Final = 0
# each character's answer, read once (a line's first character is one of a few hundred)
_OPENING: Final[dict[str, int]] = {}


def _opening(c: str) -> int:
    """How a paragraph's first character ``c`` bears on its marker (_NO_MARKER, _LABEL_LETTER, _MAY_OPEN), kept in
    _OPENING."""
    if c.isalpha() and c not in OPENING_LETTERS:
        found = _LABEL_LETTER if c in LETTER_LABELS else _NO_MARKER
    else:
        found = _MAY_OPEN
    _OPENING[c] = found
    return found


# The characters END_PUNCT's match may end on, in a stripped line; those that end one alone
_END_CHARS: Final = frozenset(".:;!?\"”’)")
_END_MARKS: Final = frozenset(".:;!?")


def _ends_sentence(line: str) -> bool:
    """Whether a stripped line ends a sentence (_END_PUNCT), its last character looked at first: a line ending on
    one of `.:;!?` does (the pattern matches that mark alone at the end), one ending on no closing quote or bracket
    does not."""
    c = line[-1]
    if c in _END_MARKS:
        return True
    return c in _END_CHARS and _END_PUNCT.search(line) is not None


# _STARTS_LOWER's and _STARTS_UPPER's answers for a line by its first character, when that opens no quote or bracket
# (the patterns then read that character alone)
_QUOTES: Final = frozenset('"“(')
_LOWER_FIRST: Final[dict[str, bool]] = {}
_UPPER_FIRST: Final[dict[str, bool]] = {}


def _starts_lower(s: str) -> bool:
    """Whether _STARTS_LOWER matches ``s`` (after any quotes and brackets, a lower-case letter): read per first
    character, kept in _LOWER_FIRST, for a first character other than a quote or bracket (or none)."""
    c = s[:1]
    found = _LOWER_FIRST.get(c)
    if found is None:
        if c in _QUOTES:
            return _STARTS_LOWER.match(s) is not None
        found = _LOWER_FIRST[c] = _STARTS_LOWER.match(c) is not None
    return found


def _starts_upper(s: str) -> bool:
    """Whether _STARTS_UPPER matches ``s`` (after any quotes and brackets, a capital), as _starts_lower reads it."""
    c = s[:1]
    found = _UPPER_FIRST.get(c)
    if found is None:
        if c in _QUOTES:
            return _STARTS_UPPER.match(s) is not None
        found = _UPPER_FIRST[c] = _STARTS_UPPER.match(c) is not None
    return found


def _skipped_lines(lines: list[Line], skip: Sequence[tuple[int, int]]) -> list[bool]:
    """Whether each line begins inside one of the ``skip`` ranges, by bisection over the line starts."""
    out = [False] * len(lines)
    for a, b in skip:
        for i in range(bisect_left(lines, a, key=_line_start), bisect_left(lines, b, key=_line_start)):
            out[i] = True
    return out


def _line_start(ln: Line) -> int:
    """A line's start offset."""
    return ln.start


def _inline_point_before(lines, label: str) -> bool:
    """Whether the paragraph so far holds, inside its text (not at its start), the point before ``label``:
    `(2)` before a line opening with `(3)`, `(ii)` before `(iii)`."""
    prev = _PREVIOUS_POINT.get(label) or (str(int(label) - 1) if label.isdigit() and int(label) > 1 else None)
    if prev is None:
        return False
    body = " ".join(ln.text for ln in lines)
    at = body.find(f"({prev})")
    return at > 0 and bool(body[:at].strip())


_PREVIOUS_POINT: Final = {
    "ii": "i", "iii": "ii", "iv": "iii", "v": "iv", "vi": "v", "vii": "vi", "viii": "vii", "ix": "viii", "x": "ix"}


def _para(text: str, lines: list[Line], i: int, j: int, first_marker: tuple | None | bool,
          marker: tuple | None | bool) -> Paragraph:
    """The paragraph from line ``i`` to line ``j`` (the non-blank ones between them), with match_marker's answer for
    it: ``first_marker``, its first line's, when that line is the paragraph (the paragraph's text is the stripped
    line), else ``marker`` (UNREAD when not known)."""
    first, last = lines[i], lines[j]
    ftext = first.text
    s = first.start + (len(ftext) - len(ftext.lstrip()))
    e = last.start + len(last.text.rstrip())
    # (the tuple made at once, without the NamedTuple's own __new__, a Python function)
    return _tuple_new(Paragraph, (s, e, text[s:e], first_marker if i == j else marker))


_tuple_new: Final = tuple.__new__


def build_tree(text: str, paras: list[Paragraph], root_label: str | None = None,
               span: tuple[int, int] | None = None) -> list[Section]:
    """Sections from paragraphs; unmarked paragraphs continue the item above (or stand at the top as `para`).
    With ``root_label`` (an appendix) everything hangs under one root node covering ``span``."""
    roots: list[Section] = []
    stack: list[Section] = []
    if root_label:
        s, e = span or ((paras[0].start, paras[-1].end) if paras else (0, 0))
        node = Section("appendix", root_label, root_label, root_label, 0, s, e, s)
        roots.append(node)
        stack.append(node)
    for i, p in enumerate(paras):
        start, end, body, m = p
        nl = body.find("\n")
        n = len(body) if nl < 0 else nl       # the first line's length
        f0 = body[:1] if n else ""            # its first character
        # `Nơi nhận` opens with an N after any spaces; a signature block's first line is short and in capitals
        # (what _signature_block asks of that line first, without a call; the cheap tests first). The first line,
        # `* ` and spaces stripped, is shorter than 60 only when it is, or when it has one of those at an end: a
        # longer one is not cut out of the paragraph for the test
        closing = (f0 in "Nn" or f0.isspace()) and RECIPIENTS.match(body) is not None
        if not closing and (n < 60 or f0 in " *" or body[n - 1] in " *"):
            short = body[:n].strip(" *")
            closing = len(short) < 60 and not has_ascii_lower(short) and UPPER_LINE.match(short) is not None \
                and _signature_block(body, paras[i + 1:i + 4])
        if closing:
            first = body[:n]
            # `Nơi nhận:` or a signature block (`TM. CHÍNH PHỦ` / `THỦ TƯỚNG` / the name) ends the body:
            # what follows is not an item of the last heading
            stack.clear()
            node = Section("recipients", "Nơi nhận" if RECIPIENTS.match(body) else "", "",
                           first.strip(), 0, start, end, start)
            roots.append(node)
            stack.append(node)
            continue
        if m is UNREAD:
            m = match_marker(body)
        if m is None:
            if stack and stack[-1].kind not in ("appendix", "recipients"):
                for sec in stack:       # (_extend, inlined)
                    if sec.end < end:
                        sec.end = end
                stack[-1].paragraphs.append((start, end))
                continue
            node = Section("para", "", "", body[:n].strip(), len(stack), start, end, start, "", [(start, end)])
            _attach(node, stack, roots)
            continue
        # (read: a marker; its length a native int)
        kind, label, length = cast("tuple[str, str, int]", m)
        nl = body.find("\n", length)
        node = Section(kind, body[:length].strip(), label, (body[length:] if nl < 0 else body[length:nl]).strip(), 0,
                       start, end, start + length, "", [(start + length, end)])
        _place(node, stack, roots)
    for r in roots:
        _paths(r, "")
    return roots


def _signature_block(text: str, following: list[Paragraph]) -> bool:
    """`KT. BỘ TRƯỞNG`, `TM. CHÍNH PHỦ`, or an authority line in capitals (`THỦ TƯỚNG`) with a person's name
    right after it — not the same line above `Căn cứ …` in a decision's header."""
    first = text.split("\n")[0].strip(" *")
    if not UPPER_LINE.match(first) or len(first) >= 60 or first.endswith((".", ":", ";")):
        return False
    if not (SIGN_PREFIX.match(first) or TITLE_WORDS.match(first)):
        return False
    lines = [ln.strip(" *") for p in [Paragraph(0, 0, text)] + following for ln in p.text.split("\n") if ln.strip(" *[]")]
    return any(is_person_name(ln) for ln in lines[1:5])


def _attach(node: Section, stack: list[Section], roots: list[Section]) -> None:
    """Hang ``node`` under the top of ``stack`` (extending every open section to its end), or among the roots."""
    if stack:
        node.parent = stack[-1]
        stack[-1].children.append(node)
        _extend(stack, node.end)
    else:
        roots.append(node)


def _extend(stack: list[Section], end: int) -> None:
    """Extend every section of ``stack`` to ``end`` at least."""
    for s in stack:
        if s.end < end:
            s.end = end


def _place(node: Section, stack: list[Section], roots: list[Section]) -> None:
    rank = RANK.get(node.kind)
    while stack:
        top = stack[-1]
        if top.kind in ("appendix", "recipients"):
            break
        top_rank = RANK.get(top.kind)
        if rank is not None:
            if top_rank is None or top_rank >= rank:
                stack.pop()
                continue
            break
        if top.kind == node.kind or top.kind == "para":
            stack.pop()
            break
        if any(s.kind == node.kind for s in stack):
            stack.pop()
            continue
        break
    node.level = len(stack)
    _attach(node, stack, roots)
    stack.append(node)


def _paths(node: Section, prefix: str) -> None:
    if node.kind in IN_PATH:
        node.path = f"{prefix}.{node.label}" if prefix else node.label
    else:
        node.path = prefix
    for child in node.children:
        _paths(child, node.path)


def section_at(roots: list[Section], pos: int) -> Section | None:
    """The deepest section containing offset ``pos``. Sections come in order of their starts; a section's range holds
    its children's (build_tree extends every open ancestor with each paragraph) and children follow one another
    without overlap, so the search goes down through the one child that begins last at or before ``pos``. Roots may
    nest (an appendix's root spans its part, the `Nơi nhận` block at its end is a root of its own): the last root
    that holds ``pos`` is the one to go down."""
    i = bisect_right(roots, pos, key=_start) - 1
    while i >= 0 and pos >= max(roots[i].end, roots[i].start + 1):
        i -= 1
    if i < 0:
        return None
    best = roots[i]
    while best.children:
        k = bisect_right(best.children, pos, key=_start) - 1
        s = best.children[k] if k >= 0 else None
        if s is None or pos >= max(s.end, s.start + 1):
            break
        best = s
    return best


def _start(s: Section) -> int:
    return s.start
