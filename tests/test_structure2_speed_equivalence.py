"""The shortcuts taken for speed in structure (paragraphs, build_tree), the model and the markers answer what the
plain readings did, on any input."""
from __future__ import annotations

import random
import sys
from bisect import bisect_left

import regex

from extractor.model import Section, Span
from extractor.parsers import structure as S
from extractor.parsers.tables import ends_mid_phrase
from extractor.patterns.markers import BULLETS, LETTER_LABELS, OPENING_LETTERS, match_marker

_END_PUNCT = regex.compile(r"[.:;!?]\s*[\"”’)]*\s*$")
_STARTS_LOWER = regex.compile(r"^[\"“(]*\p{Ll}", regex.V1)
_STARTS_UPPER = regex.compile(r"^[\"“(]*\p{Lu}", regex.V1)
_UPPER = regex.compile(r"^[^\p{Ll}]*\p{Lu}[^\p{Ll}]*$", regex.V1)

LINES = ["Điều 1.", "Điều 2. Phạm vi điều chỉnh", "I.", "II. NHIỆM VỤ VÀ GIẢI PHÁP", "1.", "1. Mục tiêu chung",
         "a)", "a) Bộ Tài chính chủ trì", "đ) các bộ, ngành và", "- kinh tế", "- xã hội;", "(1) rà soát; (2) đánh",
         "(3) giá", "Chương II", "CHƯƠNG", "PHẦN THỨ", "hai", "Mục 2.", "Phần mềm quản lý văn bản của", "b",
         "Ủy ban nhân dân tỉnh Bình Thuận và", "“các cơ quan", "(kèm theo)", "\"hỗ trợ\"", "+ tăng cường",
         "e ngại về", "x", "ĐỀ ÁN", "Nơi nhận:", "vững của đất nước.", "Quý", "Tháng", "và", "hoà", "của",
         "1.2.3", "1.2. Nhiệm vụ", "1.2", "(ii)", "(ii) rà soát", "(i", "(12)", "IV.", "IV. Tổ chức", "IVa",
         "Chương IV", "Mục 2. Quy định", "Điều 15: Hiệu lực", "PHẦN THỨ HAI", "Phần IV: KẾT LUẬN", "-", "- ", "+",
         "•  nội dung", ":", ".", "Phần", "PHẦN I.", "2025", "15 tỷ đồng", "100%", "12)", "3 )", "ĐẨY MẠNH",
         "TM. CHÍNH PHỦ", "THỦ TƯỚNG", "Nguyễn Văn An",
         "các nhiệm vụ trọng tâm về phát triển kinh tế - xã hội của tỉnh trong giai đoạn",
         "tới, bảo đảm tiến độ”", "đạt 95% (năm 2025)", "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6",
         "năm 2015;", "ngành, địa phương:", "Kinh tế tăng trưởng!", "Ai?", "ǅ", "ß", "ǈa", "ª", "\u2160 một"]


def _old_paragraphs(text, start, end, skip=()):
    """paragraphs() as it read before: a list of the paragraph's lines, the patterns asked directly."""
    from extractor.lines import split_lines
    out, cur, last, head, blank_before = [], [], "", False, False
    lines = split_lines(text, start, end)
    stripped = [ln.text.strip() for ln in lines]
    lengths = sorted(n for n in map(len, stripped) if n)
    wrapped = bool(lengths) and lengths[len(lengths) // 2] <= 120
    width = lengths[int(len(lengths) * 0.9)] if lengths else 0
    wrapped_min, full_min = S.WRAPPED_LINE * width, S.FULL_LINE * width
    starts = [ln.start for ln in lines]
    skipped = set()
    for a, b in skip:
        skipped.update(range(bisect_left(starts, a), bisect_left(starts, b)))

    def para(cur, first_marker, marker):
        first, last = cur[0], cur[-1]
        s = first.start + (len(first.text) - len(first.text.lstrip()))
        e = last.start + len(last.text.rstrip())
        return S.Paragraph(s, e, text[s:e], first_marker if len(cur) == 1 else marker)

    def ends(line):
        return _END_PUNCT.search(line) is not None

    first_marker = cur_marker = S.UNREAD
    for k, s in enumerate(stripped):
        if k in skipped:
            if cur:
                out.append(para(cur, first_marker, cur_marker))
                cur = []
            continue
        if not s:
            blank_before = True
            continue
        c = s[0]
        if c.isalpha() and c not in OPENING_LETTERS and (c not in LETTER_LABELS or s[1:2] != ")"
                                                         and not s[1:2].isspace()):
            marker = None
            known = marker if len(s) > 1 else S.UNREAD
        else:
            marker = match_marker(s)
            known = marker if marker is not None and marker[2] < len(s) else S.UNREAD
        if cur:
            prev = last
            if marker is None:
                continues = _STARTS_LOWER.match(s) is not None or not blank_before and (
                    wrapped and len(prev) >= wrapped_min and not ends(prev)
                    and (len(prev) >= full_min or not head or not _STARTS_UPPER.match(s))
                    and not (_UPPER.match(prev) and not _UPPER.match(s))
                    or ends_mid_phrase(prev))
            elif marker[0] in BULLETS:
                continues = not blank_before and not ends(prev) and _STARTS_LOWER.match(s[marker[2]:]) is not None
            else:
                continues = marker[0] in ("paren", "roman_paren") and S._inline_point_before(cur, marker[1])
            if continues:
                cur.append(lines[k])
                last, head, blank_before = s, False, False
                continue
            out.append(para(cur, first_marker, cur_marker))
        cur = [lines[k]]
        cur_marker, first_marker = known, marker
        last = s
        head = marker is not None and marker[0] not in BULLETS
        blank_before = False
    if cur:
        out.append(para(cur, first_marker, cur_marker))
    return out


def _random_text(rng: random.Random) -> str:
    pieces = []
    for _ in range(rng.randint(0, 30)):
        line = rng.choice(LINES)
        if rng.random() < 0.3:      # long wrapped lines, of several widths
            line = " ".join(rng.choice(LINES) for _ in range(rng.randint(2, 8)))
        pieces.append(rng.choice(["", "", "  ", "\t", "*"]) + line + rng.choice(["", "", " ", "  "]))
        if rng.random() < 0.15:
            pieces.append(rng.choice(["", "   ", "\t"]))
    return rng.choice(["\n", "\n", "\r\n"]).join(pieces) + rng.choice(["", "\n"])


def test_paragraphs_as_the_plain_reading():
    rng = random.Random(5)
    for _ in range(4000):
        text = _random_text(rng)
        n = len(text)
        start = rng.randint(0, n // 3) if n else 0
        end = rng.randint(start, n) if rng.random() < 0.3 else n
        skip = []
        for _ in range(rng.choice([0, 0, 1, 2, 3])):
            a = rng.randint(0, max(n - 1, 0))
            skip.append((a, a + rng.randint(0, 80)))
        skip.sort()
        assert S.paragraphs(text, start, end, skip) == _old_paragraphs(text, start, end, skip), repr(text)


def test_first_character_readings_as_the_patterns():
    """_starts_lower and _starts_upper answer as the patterns for a string opening with any character of the
    Basic Multilingual Plane (alone, or before a letter), and for quotes and brackets before letters."""
    samples = ["", "\"", "“", "(", "(“a", "\"Đ", "((a", "“(A", "( a", "“ ", "\"1", "(đ"]
    for cp in range(0x10000):
        if 0xD800 <= cp < 0xE000:
            continue
        c = chr(cp)
        samples += [c, c + "a", c + "A"]
    samples += [chr(cp) for cp in range(0x10000, sys.maxunicode + 1, 97)]
    for s in samples:
        assert S._starts_lower(s) == (_STARTS_LOWER.match(s) is not None), repr(s)
        assert S._starts_upper(s) == (_STARTS_UPPER.match(s) is not None), repr(s)
    for s in samples:    # again, from what was kept
        assert S._starts_lower(s) == (_STARTS_LOWER.match(s) is not None), repr(s)
        assert S._starts_upper(s) == (_STARTS_UPPER.match(s) is not None), repr(s)


def test_ends_sentence_as_the_pattern():
    rng = random.Random(3)
    ends = [".", ":", ";", "!", "?", "\"", "”", "’", ")", " ", "\t", "a", "Đ", "1", ".\n", "\n", "…", ",", "\u00a0"]
    for _ in range(30000):
        s = rng.choice(LINES) + "".join(rng.choice(ends) for _ in range(rng.randint(1, 4)))
        # (the reading before: the last character among those the pattern's match may end on, then the pattern)
        assert S._ends_sentence(s) == (s[-1] in ".:;!?\"”’)" and _END_PUNCT.search(s) is not None), repr(s)
        if s == s.strip():
            assert S._ends_sentence(s) == (_END_PUNCT.search(s) is not None), repr(s)


def test_opening_classes_as_the_inline_test():
    """_opening's class of a paragraph's first character gives the inline test's answer, for every character."""
    for cp in range(sys.maxunicode + 1):
        c = chr(cp)
        for nxt in ("", ")", " ", "x"):
            s = c + nxt
            old = c.isalpha() and c not in OPENING_LETTERS and (c not in LETTER_LABELS or s[1:2] != ")"
                                                                and not s[1:2].isspace())
            o = S._opening(c)
            new = o == S._NO_MARKER or o == S._LABEL_LETTER and s[1:2] != ")" and not s[1:2].isspace()
            assert old == new, hex(cp)


def test_model_inits_as_the_dataclass_gave():
    s = Section("number", "1.", "1", "Mục tiêu", 2, 10, 20, 13)
    assert (s.path, s.paragraphs, s.title_span, s.children, s.parent) == ("", [], None, [], None)
    t = Section("number", "1.", "1", "Mục tiêu", 2, 10, 20, 13)
    assert s == t and s.paragraphs is not t.paragraphs and s.children is not t.children
    u = Section("para", "", "", "x", 0, 1, 2, 1, path="1", paragraphs=[(1, 2)], title_span=(1, 2), children=[s],
                parent=t)
    assert (u.path, u.paragraphs, u.title_span, u.children, u.parent) == ("1", [(1, 2)], (1, 2), [s], t)
    assert "parent" not in repr(u)
    sp = Span("agency", 1, 5, "Bộ")
    assert (sp.label, sp.start, sp.end, sp.text, sp.data) == ("agency", 1, 5, "Bộ", None)
    assert Span("time", 1, 2, "x", {"a": 1}) == Span("time", 1, 2, "x", {"a": 1})


def test_walk_in_document_order():
    def old_walk(node):
        stack = [node]
        while stack:
            n = stack.pop()
            yield n
            stack.extend(reversed(n.children))

    rng = random.Random(1)
    for _ in range(200):
        nodes = [Section("para", "", "", str(i), 0, i, i, i) for i in range(rng.randint(1, 40))]
        for i, n in enumerate(nodes[1:], 1):
            nodes[rng.randrange(i)].children.append(n)
        assert [id(x) for x in nodes[0].walk()] == [id(x) for x in old_walk(nodes[0])]


def _old_build_tree(text, paras, root_label=None, span=None):
    """build_tree as it read before: the first line cut out of every paragraph for the closing tests."""
    from extractor.patterns.header import RECIPIENTS, UPPER_LINE, has_ascii_lower
    roots, stack = [], []
    if root_label:
        s, e = span or ((paras[0].start, paras[-1].end) if paras else (0, 0))
        node = Section("appendix", root_label, root_label, root_label, 0, s, e, s)
        roots.append(node)
        stack.append(node)
    for i, p in enumerate(paras):
        start, end, body, m = p
        nl = body.find("\n")
        first = body if nl < 0 else body[:nl]
        short = first.strip(" *")
        closing = (first[:1] in "Nn" or first[:1].isspace()) and RECIPIENTS.match(body) or \
            len(short) < 60 and not has_ascii_lower(short) and UPPER_LINE.match(short) is not None \
            and S._signature_block(body, paras[i + 1:i + 4])
        if closing:
            stack.clear()
            node = Section("recipients", "Nơi nhận" if RECIPIENTS.match(body) else "", "",
                           first.strip(), 0, start, end, start)
            roots.append(node)
            stack.append(node)
            continue
        if m is S.UNREAD:
            m = match_marker(body)
        if m is None:
            if stack and stack[-1].kind not in ("appendix", "recipients"):
                for sec in stack:
                    if sec.end < end:
                        sec.end = end
                stack[-1].paragraphs.append((start, end))
                continue
            node = Section("para", "", "", first.strip(), len(stack), start, end, start)
            node.paragraphs.append((start, end))
            S._attach(node, stack, roots)
            continue
        kind, label, length = m
        nl = body.find("\n", length)
        node = Section(kind, body[:length].strip(), label, (body[length:] if nl < 0 else body[length:nl]).strip(), 0,
                       start, end, start + length)
        node.paragraphs.append((start + length, end))
        S._place(node, stack, roots)
    for r in roots:
        S._paths(r, "")
    return roots


def _flat(roots):
    """Every section's fields, with its parent's and children's places in the walk, in order."""
    out, index = [], {}
    for r in roots:
        for s in r.walk():
            index[id(s)] = len(out)
            out.append(s)
    return [(s.kind, s.marker, s.label, s.title, s.level, s.start, s.end, s.body_start, s.path, s.paragraphs,
             s.title_span, [index[id(c)] for c in s.children], None if s.parent is None else index.get(id(s.parent)))
            for s in out]


def test_build_tree_as_the_plain_reading():
    rng = random.Random(9)
    closing = ["Nơi nhận:", "  Nơi nhận:\n- Như trên;", "TM. CHÍNH PHỦ\nTHỦ TƯỚNG", "THỦ TƯỚNG", "Nguyễn Văn An",
               "* THỦ TƯỚNG *", "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG", "*" * 70 + "THỦ TƯỚNG", "THỦ TƯỚNG " + " " * 70 + "*",
               "nơi nhận", "N", "\nNơi nhận:"]
    for _ in range(3000):
        text = _random_text(rng)
        paras = S.paragraphs(text, 0, len(text))
        if rng.random() < 0.5:     # paragraphs of closing lines, markers unread or read
            extra = []
            for p in paras:
                extra.append(p)
                if rng.random() < 0.2:
                    body = rng.choice(closing)
                    extra.append(S.Paragraph(p.end, p.end + len(body), body,
                                             rng.choice([S.UNREAD, match_marker(body)])))
            paras = extra
        label = rng.choice([None, None, "Phụ lục", "Phụ lục II"])
        span = rng.choice([None, (0, len(text))])
        assert _flat(S.build_tree(text, paras, label, span)) == _flat(_old_build_tree(text, paras, label, span)), \
            repr(text)


def test_furniture_lines_as_the_single_look_ahead():
    """_FURNITURE_LINE's first look-ahead (the character after the spaces) is implied by its second: the same
    places as the look-ahead alone, on random texts of page numbers, gazette headers, rules and words."""
    import re

    from extractor.normalize import _FURNITURE_LINE
    old = re.compile(r"\n(?=[ \t]*(?:[0-9]{1,4}[ \t]*\n|CÔNG[ \t]|Ký[ \t]|[_=–—]{5}|-{3}|\|))")
    pieces = ["\n", "\n", " ", "\t", "12", "1234", "12345", "CÔNG BÁO", "CÔNG\t", "CÔNG", "Ký bởi:", "Ký", "_____",
              "=====", "–––––", "—————", "---", "--", "|", "Công", "K", "C", "a", "Đ", "0", "9", "-", "_", "="]
    rng = random.Random(4)
    for _ in range(20000):
        s = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert [m.start() for m in _FURNITURE_LINE.finditer(s)] == [m.start() for m in old.finditer(s)], repr(s)


def _old_match_marker(paragraph: str):
    """match_marker as it read before the opening words were asked for."""
    from extractor.patterns import markers as M
    first = paragraph[:1]
    if first.isalpha():
        after = paragraph[1:2]
        if first in OPENING_LETTERS:
            if after and after not in M.SECOND_AFTER[first] and not after.isspace():
                return None
        elif first not in LETTER_LABELS or after != ")" and not after.isspace():
            return None
    elif first.isascii() and not first.isalnum() and first not in M.ASCII_MARK_OPENINGS:
        return None
    m = M._BY_FIRST.get(first, M._ANY_MARKER).match(paragraph)
    if not m:
        return None
    kind, label = M._GROUPS[m.lastgroup]
    return kind, m[label], m.end()


def test_match_marker_as_before_the_opening_words():
    starts = ["PHẦN", "Phần", "PHầN", "Phát", "PH", "Ph", "P", "Chương", "CHƯƠNG", "ChƯơng", "Chủ", "CH", "Ch", "C",
              "C.", "C)", "CI", "CC", "Mục", "MỤC", "Mụ", "MỤc", "M", "Điều", "ĐIỀU", "ĐIều", "Điểm", "Đi", "ĐI", "Đ",
              "I", "IV", "V", "X", "L", "LI", "a", "đ"]
    rest = ["", " ", "  ", "\t", ".", ":", ")", " I", " IV.", " 1", " 1.", " 12:", " thứ hai", " THỨ NHẤT", " hai",
            " mềm", "a", " x", "\n", "\nII", " 3a.", "1", "V.", " Đ"]
    rng = random.Random(8)
    cases = [a + b for a in starts for b in rest]
    cases += ["".join(rng.choice(starts + rest) for _ in range(rng.randint(1, 5))) for _ in range(30000)]
    for s in cases:
        assert match_marker(s) == _old_match_marker(s), repr(s)
