"""Recognise agencies in Vietnamese administrative text: gazetteer names, enumerations, role phrases and collectives."""
from __future__ import annotations

import functools
from pathlib import Path
import unicodedata
from dataclasses import dataclass, field
from typing import Sequence

import regex

from .nlp import entities
from .patterns.fold import fold_tones
from .patterns.agencies import key, load_agencies, surface_index

TIMEOUT = 0.5  # seconds a pattern may spend on one text before it is given up

W = r"[\w\p{M}]"           # a letter of a syllable
B = rf"(?<!{W})"            # word start
E = rf"(?!{W})"             # word end
UB = r"(?:ủy\s+ban\s+nhân\s+dân|UBND)"
HD = r"(?:hội\s+đồng\s+nhân\s+dân|HĐND)"
TW = r"(?:trung\s+ương|TW)"

# abbreviations that the grammars read with their case kept (B, CQ, ĐP are words only in upper case)
_WORD_ABBR = {"UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân", "TW": "trung ương", "TP": "thành phố"}
# words after a generic noun that are not the rest of a name (`các bộ, cơ quan Trung ương`)
_NOT_NAME = {"trung", "chính", "nhà", "đảng", "tw"}
# `Bộ` + these is not a ministry (`Bộ phận Một cửa`, `Bộ Chỉ số`, `Bộ trưởng`), `ban hành` is a verb
_NOT_GENERIC = (r"trưởng|phận|máy|luật|chỉ\s+số|tiêu\s+chí|công\s+cụ|hồ\s+sơ|mặt|môn|chính\s+trị|tư\s+lệnh|đội"
                r"|nhận\s+diện|dữ\s+liệu|tài\s+liệu|quy\s+tắc|nguyên\s+tắc|khung|câu\s+hỏi|sưu\s+tập|thủ\s+tục"
                r"|mẫu|mã|sách|hành")
# a gazetteer form ending in one of these (`Văn phòng bộ`, `Thanh tra tỉnh`) is generic: not before a name
_GENERIC_END = {"bộ", "sở", "tỉnh", "huyện", "xã"}
# a generic noun alone counts after `các` for these; the two categories count even bare
_SINGLE_OK = {"bộ", "ngành", "địa phương", "sở"}
_CATEGORIES = {"cơ quan ngang bộ", "cơ quan thuộc chính phủ", "CQNB", "CQTCP", "CQCP"}
_GOVT_AGENCIES = {"cơ quan thuộc chính phủ", "CQTCP", "CQCP"}
# outside the State: listed with agencies, but each its own party to the task unless a qualifier covers the list
_STANDALONE = {"doanh nghiệp", "DN", "hiệp hội", "tập đoàn", "tổng công ty", "cơ sở khám bệnh, chữa bệnh", "CSKCB"}
# a bare list (no `các`) must follow punctuation or one of these words
_LEFT_OK = {"với", "và", "giao", "cho", "thuộc", "trưởng", "gồm", "là", "đến"}
_CAPS = {"chính phủ": "Chính phủ", "ủy ban nhân dân": "Ủy ban nhân dân", "hội đồng nhân dân": "Hội đồng nhân dân",
         "quốc hội": "Quốc hội", "thủ tướng": "Thủ tướng"}
_CAPS_RE = [(regex.compile(rf"{B}{low}{E}"), cap) for low, cap in _CAPS.items()]
_SURNAMES = ("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Mai Trịnh Đinh Lâm Đoàn "
             "Lưu Tô Hà Lương Cao Tạ Chu Thái Trương Đào Quách Lại Kiều Đàm Nông Triệu Vương Văn Tăng Mạc").split()
# the head of a body, before its name (`Bộ trưởng Bộ Tài chính`)
_ROLE = regex.compile(r"(?:phó\s+)?(?:bộ\s+trưởng|thủ\s+trưởng|chủ\s+tịch|giám\s+đốc|lãnh\s+đạo|chánh|chủ\s+nhiệm"
                      r"|người\s+đứng\s+đầu)")
# heads of organisation names kept when a table cell names something outside the gazetteer
_ORG_HEADS = regex.compile(
    r"(?:các\s+)?(?:tổng\s+cục|chi\s+cục|cục|vụ|viện|học\s+viện|trường|đại\s+học|bệnh\s+viện|trung\s+tâm|hiệp\s+hội|hội"
    r"|liên\s+đoàn|tập\s+đoàn|tổng\s+công\s+ty|công\s+ty|ngân\s+hàng|quỹ|ban|ủy\s+ban|hội\s+đồng|đài|báo|tạp\s+chí"
    r"|cơ\s+sở|doanh\s+nghiệp|kho\s+bạc|phòng|văn\s+phòng|sở|bộ\s+tư\s+lệnh|cơ\s+quan|đơn\s+vị|tổ\s+chức|tổ|đoàn"
    r"|cảnh\s+sát|công\s+an|thanh\s+tra)" + E)


@dataclass
class AgencyMention:
    text: str      # the words as in the input
    name: str      # canonical name (or, for a collective, the collective lower-cased as written)
    kind: str
    start: int     # character offsets into the input string
    end: int


@dataclass
class _Group:
    """Mentions found together (an enumeration gives several); groups compete for the text by length."""

    start: int
    end: int
    mentions: list[tuple[int, int, str, str]] = field(default_factory=list)
    rank: int = 0  # lower wins between groups of the same length


# ---------------------------------------------------------------- text forms

_WS = regex.compile(r"\s+")
# Patterns used per call are compiled once here: regex.sub/match/search with a string look the pattern up in the
# module's cache on every call, which costs more than the match itself on short texts.
_WORD = regex.compile(rf"{W}+")
_COMMA = regex.compile(r"\s*,\s*")
_NEXT_WORD = regex.compile(rf"\s+({W}+)")
_WORD_NEXT = regex.compile(rf"\s*{W}")
_E_OR_DIGITAL = regex.compile(r"\s+(?:điện\s+tử|số(?!\s*\d))")
# the last word of a text: searched in reverse (?r), so the engine starts at the end instead of trying every word
_LAST_WORD = regex.compile(rf"(?r){W}+$")
_PROVINCE_HEAD = regex.compile(r"^(?:tỉnh|thành\s+phố|TP|tp)\.?\s*")
_LEVEL = regex.compile(r"các\s+cấp|(?:cấp\s+)?(?:tỉnh|huyện|xã)")
_UNDER = regex.compile(r"\s+(?:trực\s+)?thuộc\s+")
_BRACKETED = regex.compile(r"\([^()]*\)")
_LIST_SEP = regex.compile(r"[,;\n+]|\s+và\s+|\s/\s")


_WS_TO_COMPACT = regex.compile(r"\s{2,}|[^\S ]")


def _compact(text: str) -> tuple[str, Sequence[int], Sequence[int]]:
    """NFC text with every whitespace run made one space, and each character's span in the input."""
    if unicodedata.is_normalized("NFC", text) and not _WS_TO_COMPACT.search(text):
        return text, range(len(text)), range(1, len(text) + 1)  # already compact: the spans are the identity
    if unicodedata.is_normalized("NFC", text):
        # the pipeline's text is NFC already: only whitespace runs change, copy the rest in slices
        parts, starts, ends, pos = [], [], [], 0
        for m in _WS.finditer(text):
            parts.append(text[pos:m.start()])
            starts.extend(range(pos, m.start()))
            ends.extend(range(pos + 1, m.start() + 1))
            parts.append(" ")
            starts.append(m.start())
            ends.append(m.end())
            pos = m.end()
        parts.append(text[pos:])
        starts.extend(range(pos, len(text)))
        ends.extend(range(pos + 1, len(text) + 1))
        return "".join(parts), starts, ends
    out, starts, ends = [], [], []
    for m in regex.finditer(r"\s+|\X", text):
        piece = " " if m.group().isspace() else unicodedata.normalize("NFC", m.group())
        out.append(piece)
        starts.extend([m.start()] * len(piece))
        ends.extend([m.end()] * len(piece))
    return "".join(out), starts, ends


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return fold_tones(low)


def _keyed(ctext: str) -> str:
    """Lower case with modern tone marks, except the upper-case abbreviations the grammars read; same length."""
    low = _lower(ctext)
    parts, pos = [], 0
    for m in _abbr_word().finditer(ctext):  # only the abbreviations, not every word of the text
        parts += [low[pos:m.start()], m.group()]
        pos = m.end()
    return "".join(parts) + low[pos:] if parts else low


@functools.cache
def _abbr_word() -> regex.Pattern:
    """A whole word that is one of `_abbr_words()` (`UBND`, `CQNB`), as the grammars read it: the lookahead on the
    first letters lets the engine skip the other positions in one test."""
    words = sorted(_abbr_words(), key=len, reverse=True)
    firsts = "".join(sorted({regex.escape(w[0]) for w in words}))
    return regex.compile(rf"(?=[{firsts}]){B}(?:{'|'.join(map(regex.escape, words))}){E}")


def _tidy(text: str) -> str:
    text = _WS.sub(" ", fold_tones(text)).strip(" ,;:.-")
    return _COMMA.sub(", ", text)


def _collective_name(text: str) -> str:
    """A collective as written: abbreviations expanded, lower case but for the names inside it."""
    words = _abbr_words()
    text = _WORD.sub(lambda m: words.get(m.group(), m.group()), _tidy(text))
    text = _lower(text)
    for low, cap in _CAPS_RE:  # one after another, as each may change what the next one sees
        text = low.sub(cap, text)
    return text


# ---------------------------------------------------------------- grammar, built from the gazetteer

def _phrase(form: str, keep_case: bool = False) -> str:
    """Regex for a written form: its tokens, spaces optional around punctuation."""
    tokens = regex.findall(rf"{W}+|[^\w\p{{M}}\s]", unicodedata.normalize("NFC", form))
    out = ""
    for i, tok in enumerate(tokens):
        word = regex.match(rf"{W}", tok)
        if i:
            out += r"\s+" if word and regex.match(rf"{W}", tokens[i - 1]) else r"\s*"
        out += regex.escape(tok if keep_case else _lower(tok))
    return out


def _alternation(forms) -> str:
    return "(?:" + "|".join(sorted(set(forms), key=len, reverse=True)) + ")"


@functools.cache
def _abbr_words() -> dict[str, str]:
    """Upper-case abbreviations read as words (`CQNB` → `cơ quan ngang bộ`, `UBND` → `Ủy ban nhân dân`)."""
    words = dict(_WORD_ABBR)
    for agency in load_agencies():
        if not agency.is_name:
            words.update({a: agency.canonical for a in agency.abbreviations})
    return words


@functools.cache
def _provinces() -> dict[str, str]:
    """Bare place names (`Hà Nội`, `Thừa Thiên Huế`) by key → canonical name of the province."""
    out = {}
    for agency in load_agencies():
        if agency.kind == "province":
            for form in agency.variants:
                if not _has_province_head(key(form)):
                    out.setdefault(key(form), agency.canonical)
    return out


def _has_province_head(k: str) -> bool:
    return k.split(" ", 1)[0] in {"ủy", "ubnd", "tỉnh", "thành", "tp"}


@functools.cache
def _short_names() -> dict[str, tuple[str, str]]:
    """`công thương` → (`Bộ`, `Bộ Công Thương`): what follows `Bộ`/`Sở` in the names of ministries and departments."""
    out = {}
    for agency in load_agencies():
        for form in (agency.canonical, *agency.variants):
            head, _, rest = form.partition(" ")
            if head in ("Bộ", "Sở") and rest and agency.kind in ("ministry", "office"):
                out.setdefault(key(rest), (head, agency.canonical))
    return out


@functools.cache
def _grammar() -> dict[str, regex.Pattern]:
    """The patterns, run on the keyed text (lower case, modern tones, upper-case abbreviations kept)."""
    generic = [a for a in load_agencies() if not a.is_name]
    item = _alternation([_phrase(a.canonical) for a in generic]
                        + [_phrase(x, keep_case=True) for a in generic for x in a.abbreviations])
    item = rf"{B}{item}{E}(?!\s+(?:{_NOT_GENERIC}){E})"
    sep = r"(?:\s*,\s*(?:và\s+)?|\s+và\s+|\s*/\s*)"
    assigned = (rf"(?:\s+trong\s+(?:lĩnh\s+vực|phạm\s+vi)(?:\s+{W}+){{1,6}}?)?"   # trong lĩnh vực ... được phân công
                rf"\s+được(?:\s+{W}+){{0,3}}?\s+(?:phân\s+công|giao){E}")
    qual = (rf"(?P<qual>(?:\s+(?:ở\s+)?{TW}(?:\s+và\s+địa\s+phương)?)?(?:\s+ở\s+địa\s+phương)?"
            rf"(?:\s+(?:trực\s+)?thuộc\s+(?:chính\s+phủ|{TW}){E})?(?:{assigned})?"
            rf"(?:\s+khác{E})?(?:\s+(?:có\s+)?liên\s+quan{E})?)")
    pname = rf"{B}(?:(?:tỉnh|thành\s+phố|TP|tp)\.?\s*)?" + _alternation(_phrase(p) for p in _provinces()) + E
    mname = B + _alternation(_phrase(s) for s in _short_names()) + E
    psep = r"(?:\s*,\s*(?:và\s+)?|\s*;\s*|\s+và\s+)"
    level = rf"(?:tỉnh|huyện|xã(?!\s+hội)){E}"
    levels = rf"(?:các\s+cấp|cấp\s+{level}(?:\s*(?:,|và)\s*(?:cấp\s+)?{level})*)"
    all_provinces = r"(?:(?:các\s+)?tỉnh\s*(?:,|/|và)\s*(?:thành\s+phố|TP)\.?|các\s+(?:tỉnh|thành\s+phố))"
    directly = rf"(?:\s+trực\s+thuộc\s+{TW})"
    prov_head = (rf"(?:{UB}\s+)?(?:(?:các|\d+)\s+)?(?:tỉnh|thành\s+phố|địa\s+phương)"
                 rf"(?:\s*(?:,|/|và)\s*(?:thành\s+phố|tỉnh))?{directly}?")
    lead_in = r"\s*(?:\(\s*)?(?:(?:bao\s+gồm|gồm|là)\s*:?|:)?\s*"          # (gồm: ...
    return {
        "item": regex.compile(item),
        "collective": regex.compile(rf"{B}(?P<cac>(?:các|những|mọi)\s+)?(?P<list>{item}(?:{sep}{item})*){qual}"),
        "pname": regex.compile(pname),
        "mname": regex.compile(mname),
        "prov_enum": regex.compile(rf"{B}{prov_head}{lead_in}(?P<list>{pname}(?:{psep}{pname})*)(?:\s*\))?"),
        "min_enum": regex.compile(rf"{B}(?:các|những)\s+(?P<head>bộ|sở)\s*(?::\s*|\s+)(?P<list>{mname}(?:{psep}{mname})*)"),
        "levels": regex.compile(rf"{B}(?P<body>{UB}|{HD})\s+(?P<levels>{levels})(?P<where>\s+ở\s+địa\s+phương)?"),
        "provinces": regex.compile(rf"{B}(?:(?:{UB}|{HD})\s+{all_provinces}{directly}?|các\s+tỉnh\s*,\s*thành\s+phố{directly}?"
                                   rf"|tỉnh\s*,\s*thành\s+phố{directly}){E}"),
        "local_ub": regex.compile(
            rf"{B}(?P<body>{UB}|{HD})\s+(?:các\s+)?(?P<units>{_UNIT}(?:\s*(?:,|/|và)\s*{_UNIT})*)"
            rf"(?:\s+(?:thuộc|trên\s+địa\s+bàn)\s+(?:tỉnh|thành\s+phố){E})?(?!\s+\p{{Lu}})"),
        "role": regex.compile(rf"{B}bộ\s+trưởng(?:\s+các\s+bộ)?\s*(?:,|và)\s*thủ\s+trưởng\s+(?:các\s+)?cơ\s+quan\s+ngang\s+bộ{E}"),
        "leader": regex.compile(rf"{B}Phó\s+Thủ\s+tướng(?:\s+Chính\s+phủ)?(?:\s+[Tt]hường\s+trực)?\s+"
                                rf"(?:{'|'.join(_SURNAMES)})(?:\s+\p{{Lu}}{W}*){{1,3}}{E}"),
    }


_UNIT = r"(?:quận|huyện|thị\s+xã|thành\s+phố|xã|phường|thị\s+trấn)(?![\w\p{M}])"


@functools.cache
def _local_body() -> regex.Pattern:
    """`Công an tỉnh`, `Kho bạc Nhà nước tỉnh Bình Định`, `Ban Quản lý các khu công nghiệp tỉnh`: bodies named by the
    place they serve, heads from data/local_bodies.txt, run on the text with its capitals."""
    path = Path(__file__).parent / "patterns" / "data" / "local_bodies.txt"
    heads, free = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("…"):
            free.append(_phrase(line[:-1].strip(), keep_case=True))
        else:
            heads.append(_phrase(line, keep_case=True))
    place = r"(?:tỉnh|thành\s+phố|huyện|quận|thị\s+xã)"
    name = r"(?:\s+\p{Lu}[\w\p{M}]*(?:\s*-\s*|\s+)?){0,4}"
    head = _alternation(heads)
    if free:
        head = rf"(?:{head}|{_alternation(free)}\s+(?:[\w\p{{M}}]+\s+){{1,8}}?)"
    return regex.compile(rf"{B}{head}\s*{place}(?:{name})?{E}")


def _finditer(name: str, text: str):
    try:
        yield from _grammar()[name].finditer(text, timeout=TIMEOUT)
    except TimeoutError:
        return


# ---------------------------------------------------------------- the recognisers

@functools.cache
def _abbreviations() -> dict[str, set[str]]:
    """The abbreviations of the gazetteer, as written, by key (`ttg` → {`TTg`})."""
    out: dict[str, set[str]] = {}
    for agency in load_agencies():
        for a in agency.abbreviations:
            out.setdefault(key(a), set()).add(a)
    return out


def _name_match_ok(ctext: str, span, cell: bool) -> bool:
    """Whether a gazetteer match is an agency here (the ruler then keeps the longest of those that are)."""
    s, e, text = span.start_char, span.end_char, span.text
    if (s > 1 and ctext[s - 1] in "/-" and ctext[s - 2].isalnum()) or \
            (e + 1 < len(ctext) and ctext[e] in "/-" and ctext[e + 1].isalnum()):
        return False  # the issuer code of a document number: 240/QĐ-TTg, 1250/VPCP-KSTT
    k = key(text)
    if k in _abbreviations() and text not in _abbreviations()[k] and not text.isupper():
        return False  # an abbreviation in the wrong case is an ordinary word
    agency = surface_index().get(k)
    if agency and agency.kind == "province" and not cell and not _has_province_head(k):
        return False  # a bare place name (`Hà Nội`, `Nguyễn Hòa Bình`) is an agency only in a list
    if agency and agency.canonical == "Chính phủ" \
            and _E_OR_DIGITAL.match(_lower(ctext[e:e + 12])):
        return False  # Chính phủ điện tử, Chính phủ số
    if span[-1].norm_ in _GENERIC_END and _name_follows(ctext, e, span[-1].text):
        return False  # `Văn phòng Bộ Tài chính`: the name goes on with the next words
    return True


def _ruler(ctext: str, cell: bool) -> list[_Group]:
    doc = entities(ctext, lambda span: _name_match_ok(ctext, span, cell))
    return [_Group(ent.start_char, ent.end_char, [(ent.start_char, ent.end_char, ent.ent_id_, ent.label_)])
            for ent in doc.ents]


def _enumerations(keyed: str) -> list[_Group]:
    out = []
    provinces, shorts = _provinces(), _short_names()
    for m in _finditer("prov_enum", keyed):
        g = _Group(m.start(), m.end(), rank=1)  # `tỉnh Quảng Ninh` alone is the ruler's
        for p in _grammar()["pname"].finditer(keyed, m.start("list"), m.end("list")):
            bare = _PROVINCE_HEAD.sub("", p.group())
            g.mentions.append((p.start(), p.end(), provinces.get(key(bare), _tidy(p.group())), "province"))
        out.append(g)
    for m in _finditer("min_enum", keyed):
        head = "Bộ" if m["head"] == "bộ" else "Sở"
        g = _Group(m.start(), m.end(), rank=-1)
        for n in _grammar()["mname"].finditer(keyed, m.start("list"), m.end("list")):
            found = shorts.get(key(n.group()))
            if found and found[0] == head:
                g.mentions.append((n.start(), n.end(), found[1], "ministry" if head == "Bộ" else "office"))
            else:
                g.mentions.append((n.start(), n.end(), f"{head} {_tidy(n.group())}", "office"))
        out.append(g)
    return out


def _bodies(ctext: str, keyed: str) -> list[_Group]:
    """People's committees and councils by level (distributed) or for all provinces; role phrases; named deputies."""
    out = []
    for m in _finditer("levels", keyed):
        body = "Ủy ban nhân dân" if m["body"] == "UBND" or m["body"].startswith("ủy") else "Hội đồng nhân dân"
        found = list(_LEVEL.finditer(keyed, m.start("levels"), m.end("levels")))
        g = _Group(m.start(), m.end())
        for i, lv in enumerate(found):
            level = "các cấp" if lv.group().startswith("các") else "cấp " + lv.group().split()[-1]
            name, end = f"{body} {level}", lv.end()
            if len(found) == 1 and m["where"]:
                name, end = name + " ở địa phương", m.end()
            g.mentions.append((m.start() if i == 0 else lv.start(), end, name, "collective"))
        out.append(g)
    for m in _finditer("local_ub", keyed):
        out.append(_Group(m.start(), m.end(), [(m.start(), m.end(), _collective_name(ctext[m.start():m.end()]),
                                                "collective")]))
    try:
        for m in _local_body().finditer(ctext, timeout=TIMEOUT):
            name = _WORD.sub(lambda w: _WORD_ABBR.get(w.group(), w.group()), _tidy(m.group()))
            out.append(_Group(m.start(), m.start() + len(m.group().rstrip()), [(m.start(), m.start() + len(m.group().rstrip()), name, "office")]))
    except TimeoutError:
        pass
    for m in _finditer("provinces", keyed):
        name = _collective_name(ctext[m.start():m.end()])
        out.append(_Group(m.start(), m.end(), [(m.start(), m.end(), name, "collective")]))
    for m in _finditer("role", keyed):
        out.append(_Group(m.start(), m.end(), [(m.start(), m.end(), "các bộ, cơ quan ngang bộ", "collective")]))
    for m in _finditer("leader", fold_tones(ctext)):
        out.append(_Group(m.start(), m.end(), [(m.start(), m.end(), _tidy(m.group()), "government")]))
    return out


def _name_follows(ctext: str, end: int, item_text: str) -> bool:
    """Whether a capitalised word follows, making the generic noun before it the head of a name (`Sở Tư pháp`)."""
    nxt = _NEXT_WORD.match(ctext[end:end + 40])
    if not nxt or _lower(nxt.group(1)) in _NOT_NAME:
        return False
    word = nxt.group(1)
    if not word[0].isupper():
        return False
    return not (word.isupper() and len(word) > 1 and item_text.isupper() and len(item_text) > 1)


def _collectives(ctext: str, keyed: str, cell: bool) -> list[_Group]:
    out, pos = [], 0
    while True:
        try:
            m = _grammar()["collective"].search(keyed, pos, timeout=TIMEOUT)
        except TimeoutError:
            break
        if m is None:
            break
        start = m.start()
        items = list(_grammar()["item"].finditer(keyed, m.start("list"), m.end("list")))
        pos = items[0].end()  # what is not taken is tried again from the next noun on
        if not m["cac"] and not cell and not items[0].group().isupper():
            prev = _LAST_WORD.search(keyed[:start].rstrip())
            if prev and prev.group() not in _LEFT_OK:
                continue  # đồng bộ, cán bộ, ngân sách địa phương
        qual = m["qual"].strip()
        for i, it in enumerate(items):
            if _name_follows(ctext, it.end(), ctext[it.start():it.end()]):
                items, qual = items[:i], ""
                break
        if not items:
            continue
        end = m.end() if qual else items[-1].end()
        pos = end
        for s, its, e in _parts(start, items, end, bool(qual)):
            words = [it.group() for it in its]
            whole = not _WORD_NEXT.match(ctext, e)  # a cell's item ends at punctuation or the end
            ok = len(its) > 1 or (qual and e == end) or words[0] in _CATEGORIES or (cell and whole) \
                or (s < its[0].start() and words[0] in _SINGLE_OK)
            if ok:
                out.append(_Group(s, e, [(s, e, _collective_name(ctext[s:e]), "collective")], rank=1))
    return out


def _parts(start: int, items: list, end: int, qualified: bool) -> list[tuple[int, list, int]]:
    """Where one list of generic nouns is several readings. Unless a qualifier (`có liên quan`) covers the list,
    `cơ quan thuộc Chính phủ` after other items starts a new one and bodies outside the State (`doanh nghiệp`)
    stand alone; a state body after one of those always starts a new reading."""
    parts: list[tuple[int, list, int]] = []
    for i, it in enumerate(items):
        outside = it.group() in _STANDALONE
        new = i == 0 or (not qualified and (outside or it.group() in _GOVT_AGENCIES)) \
            or (not outside and parts[-1][1][-1].group() in _STANDALONE)
        if new:
            parts.append((start if i == 0 else it.start(), [it], it.end()))
        else:
            parts[-1] = (parts[-1][0], parts[-1][1] + [it], it.end())
    parts[-1] = (parts[-1][0], parts[-1][1], end)
    return parts


def _resolve(groups: list[_Group]) -> list[tuple[int, int, str, str]]:
    taken: list[_Group] = []
    for g in sorted(groups, key=lambda g: (g.start - g.end, g.rank, g.start)):
        if g.mentions and all(g.end <= t.start or g.start >= t.end for t in taken):
            taken.append(g)
    return sorted(m for g in taken for m in g.mentions)


def _attach(ctext: str, mentions: list[tuple[int, int, str, str]]):
    """`Sở Tư pháp thuộc Ủy ban nhân dân ...`: an office followed by `thuộc` + its parent is one mention."""
    out = []
    for m in mentions:
        if out and out[-1][3] == "office" and _UNDER.fullmatch(ctext[out[-1][1]:m[0]]):
            s, _, name, kind = out.pop()
            m = (s, m[1], f"{name} thuộc {m[2]}", kind)
        out.append(m)
    return out


def _find(text: str, cell: bool = False) -> list[AgencyMention]:
    ctext, starts, ends = _compact(text or "")
    if not ctext.strip():
        return []
    keyed = _keyed(ctext)
    groups = _ruler(ctext, cell) + _enumerations(keyed) + _bodies(ctext, keyed) + _collectives(ctext, keyed, cell)
    mentions = _attach(ctext, _resolve(groups))
    return [AgencyMention(text[starts[s]:ends[e - 1]], name, kind, starts[s], ends[e - 1])
            for s, e, name, kind in mentions]


# ---------------------------------------------------------------- public API

def find_agencies(text: str) -> list[AgencyMention]:
    """Every agency named in ``text``, in order, non-overlapping, the longest reading first."""
    return list(_find_cached(text))


@functools.lru_cache(maxsize=4096)
def _find_cached(text: str, cell: bool = False) -> tuple[AgencyMention, ...]:
    # headings and intro paragraphs are read once per item below them, table cells repeat: remember recent answers
    return tuple(_find(text, cell))


def canonical_agency(name: str) -> str | None:
    """The canonical name for one written agency (`VPCP`, `BỘ NỘI VỤ`, `Bộ trưởng Bộ Tài chính`); None if unknown."""
    agency = surface_index().get(key(name or ""))
    if agency is not None:
        return agency.canonical
    found = _find_cached(name, True)
    if len(found) != 1:
        return None
    rest = _lower(name[:found[0].start] + " " + name[found[0].end:]).strip(" ,.;:-()")
    return found[0].name if not rest or _ROLE.fullmatch(rest) else None


def split_agency_list(text: str) -> list[str]:
    """The agencies of a table cell or a `phối hợp với ...` phrase, one name each, in order, without repeats."""
    text = text or ""
    names: list[str] = []
    pos = 0
    for m in [*_find_cached(text, True), None]:
        gap = _BRACKETED.sub(" ", text[pos:m.start if m else len(text)])
        for piece in _LIST_SEP.split(gap):
            piece = _tidy(piece).strip("()[] ")
            if not piece:
                continue
            if _ORG_HEADS.match(_lower(piece)):  # a body the gazetteer does not know: kept as written
                names.append(piece[0].lower() + piece[1:] if piece[:3].lower() == "các" else piece)
            elif names:  # words that name no body end the list (`... và các bộ liên quan nghiên cứu, ...`)
                return list(dict.fromkeys(names))
        if m:
            names.append(m.name)
            pos = m.end
    return list(dict.fromkeys(names))
