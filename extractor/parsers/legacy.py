"""Detect Vietnamese text typed in the legacy TCVN3 (ABC, .VnTime fonts) or VNI font encodings and convert it to Unicode."""
from __future__ import annotations

import unicodedata

import regex

# --- TCVN3 (TCVN 5712:1993 VN3, the ABC fonts) -------------------------------------------------
# One byte per letter. The lower-case letters and the seven bare capitals sit in 0xA1-0xFF; capitals
# with a tone mark do not exist in the plain fonts: they are typed with the caps font (.VnTimeH),
# whose glyphs for the lower-case codes are capitals.
_TCVN3_CODES = {
    0xB5: "à", 0xB8: "á", 0xB6: "ả", 0xB7: "ã", 0xB9: "ạ",
    0xA8: "ă", 0xBB: "ằ", 0xBE: "ắ", 0xBC: "ẳ", 0xBD: "ẵ", 0xC6: "ặ",
    0xA9: "â", 0xC7: "ầ", 0xCA: "ấ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCB: "ậ",
    0xAE: "đ", 0xCC: "è", 0xD0: "é", 0xCE: "ẻ", 0xCF: "ẽ", 0xD1: "ẹ",
    0xAA: "ê", 0xD2: "ề", 0xD5: "ế", 0xD3: "ể", 0xD4: "ễ", 0xD6: "ệ",
    0xD7: "ì", 0xDD: "í", 0xD8: "ỉ", 0xDC: "ĩ", 0xDE: "ị",
    0xDF: "ò", 0xE3: "ó", 0xE1: "ỏ", 0xE2: "õ", 0xE4: "ọ",
    0xAB: "ô", 0xE5: "ồ", 0xE8: "ố", 0xE6: "ổ", 0xE7: "ỗ", 0xE9: "ộ",
    0xAC: "ơ", 0xEA: "ờ", 0xED: "ớ", 0xEB: "ở", 0xEC: "ỡ", 0xEE: "ợ",
    0xEF: "ù", 0xF3: "ú", 0xF1: "ủ", 0xF2: "ũ", 0xF4: "ụ",
    0xAD: "ư", 0xF5: "ừ", 0xF8: "ứ", 0xF6: "ử", 0xF7: "ữ", 0xF9: "ự",
    0xFA: "ỳ", 0xFD: "ý", 0xFB: "ỷ", 0xFC: "ỹ", 0xFE: "ỵ",
    0xA1: "Ă", 0xA2: "Â", 0xA7: "Đ", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư",
}
TCVN3_TABLE = {chr(code): letter for code, letter in _TCVN3_CODES.items()}

# --- VNI (VNI-Windows fonts: VNI-Times, VNI-Helve, ...) ---------------------------------------
# A base letter followed by a mark character; a few letters are one character of their own.
_VNI_TONES = {"": "", "ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_HAT_TONES = {  # marks after a letter that carry the circumflex/breve and a tone together
    "â": ("\u0302", ""), "á": ("\u0302", "\u0301"), "à": ("\u0302", "\u0300"), "å": ("\u0302", "\u0309"),
    "ã": ("\u0302", "\u0303"), "ä": ("\u0302", "\u0323"),
    "ê": ("\u0306", ""), "é": ("\u0306", "\u0301"), "è": ("\u0306", "\u0300"), "ú": ("\u0306", "\u0309"),
    "ü": ("\u0306", "\u0303"), "ë": ("\u0306", "\u0323"),
}


def _build_vni() -> dict[str, str]:
    table: dict[str, str] = {}

    def add(vni: str, base: str, *marks: str) -> None:
        uni = unicodedata.normalize("NFC", base + "".join(marks))
        table[vni] = uni
        table[vni.upper()] = uni.upper()

    for base in "aeouy":
        for mark, tone in _VNI_TONES.items():
            if mark:
                add(base + mark, base, tone)
    for mark, (hat, tone) in _VNI_HAT_TONES.items():
        add("a" + mark, "a", hat, tone)
        if hat == "\u0302":
            add("e" + mark, "e", hat, tone)
            add("o" + mark, "o", hat, tone)
    for mark, tone in _VNI_TONES.items():  # ơ = ô, ư = ö, each with the usual tone marks
        add("ô" + mark, "o", "\u031b", tone)
        add("ö" + mark, "u", "\u031b", tone)
    # i and the dot-below y are single characters; đ is ñ
    for vni, uni in {"í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ", "ñ": "đ"}.items():
        add(vni, uni)
    return table


VNI_TABLE = _build_vni()
_VNI_RE = regex.compile("|".join(sorted(map(regex.escape, VNI_TABLE), key=len, reverse=True)))

# Characters that never stand inside a Unicode Vietnamese word but are letters in the legacy fonts.
_TCVN3_SIGNS = set("µ¸¶·¹¨»¾¼½©®ª«¬¡¢§£¤¥¦") | {"\u00ad"}
_VNI_SIGNS = set("øûïåäëüæîñöØÛÏÅÄËÜÆÎÑÖ")
_MODERN = regex.compile(r"[\u0100-\u024f\u1ea0-\u1ef9]")  # ă, đ, ơ, ư, ạ ... : real Unicode Vietnamese
_COMMON = regex.compile(
    r"\b(?:và|của|các|được|những|theo|thực|hiện|năm|ngày|tháng|số|về|cho|trong|có|không|người|phát|"
    r"triển|quản|lý|nhà|nước|tỉnh|bộ|công|tác|đến|với|việc|này|một|điều|quyết|định|chính|phủ)\b",
    regex.I | regex.V1)
# Words typed in the caps font: every plain letter of the word is a capital.
_WORD = regex.compile(r"[^\s\d.,;:!?()\[\]\"'/\\-]+")


def tcvn3_to_unicode(text: str, caps: bool | None = None) -> str:
    """TCVN3 text (as the code points of its bytes) in Unicode; ``caps`` for the .VnTimeH caps fonts.

    With ``caps`` None, a word whose plain letters are all capitals is taken as typed in the caps font.
    """
    converted = "".join(TCVN3_TABLE.get(ch, ch) for ch in text)
    if caps:
        return converted.upper()
    if caps is None:
        lines = []
        for orig, line in zip(text.split("\n"), converted.split("\n")):
            plain = [c for c in orig if c.isascii() and c.isalpha()]
            if len(plain) >= 4 and all(c.isupper() for c in plain):
                lines.append(line.upper())
            else:
                line = _WORD.sub(lambda m: _caps_word(orig[m.start():m.end()], m.group()), line)
                # a capital with a tone mark has no code in the plain fonts: at a sentence start it was one
                lines.append(_SENTENCE_START.sub(lambda m: m.group().upper(), line))
        converted = "\n".join(lines)
    return converted


_TONED = "".join(sorted(c for c in TCVN3_TABLE.values()
                        if set(unicodedata.normalize("NFD", c)) & set("\u0300\u0301\u0303\u0309\u0323")))
_SENTENCE_START = regex.compile(r"(?:^|(?<=[.!?:;]\s))\s*[" + _TONED + "]", regex.V1)


def _caps_word(orig: str, word: str) -> str:
    plain = [c for c in orig if c.isascii() and c.isalpha()]
    return word.upper() if len(plain) >= 2 and all(c.isupper() for c in plain) else word


def vni_to_unicode(text: str) -> str:
    """VNI text (as the code points of its bytes) in Unicode."""
    return _VNI_RE.sub(lambda m: VNI_TABLE[m.group()], text)


def _score(text: str) -> int:
    return len(_COMMON.findall(unicodedata.normalize("NFC", text)))


def _modern(sample: str) -> bool:
    """Whether more than one character in 400 of ``sample`` is a letter only Unicode Vietnamese writes
    (`ă đ ơ ư ạ`): counted until the answer is known (a modern text tells it in its first lines, not over the whole
    sample)."""
    limit, count = len(sample) / 400, 0
    for _ in _MODERN.finditer(sample):
        count += 1
        if count > limit:
            return True
    return False


def detect(text: str) -> str | None:
    """'tcvn3' or 'vni' when the text reads as Vietnamese only once converted from that font encoding."""
    sample = text[:200000]
    if not sample or _modern(sample):
        return None
    tcvn_signs = sum(1 for c in sample if c in _TCVN3_SIGNS)
    vni_signs = sum(1 for c in sample if c in _VNI_SIGNS)
    if max(tcvn_signs, vni_signs) < 3:
        return None
    base = _score(sample)
    best, best_score = None, base
    for name, convert in (("tcvn3", tcvn3_to_unicode), ("vni", vni_to_unicode)):
        got = _score(convert(sample))
        if got > best_score * 1.5 + 2:
            best, best_score = name, got
    return best


def convert(text: str, encoding: str | None = None) -> str:
    """Text converted from a legacy font encoding (detected when ``encoding`` is None); other text unchanged."""
    kind = encoding or detect(text)
    if kind == "tcvn3":
        return tcvn3_to_unicode(text)
    if kind == "vni":
        return vni_to_unicode(text)
    return text


def font_encoding(font_name: str | None) -> str | None:
    """The legacy encoding a font name implies: '.VnTime', '.VnArialH' → tcvn3; 'VNI-Times' → vni."""
    if not font_name:
        return None
    name = font_name.split("+", 1)[-1].strip().lower()  # PDF subset prefix ABCDEF+
    if name.startswith((".vn", "vn3", "vntime", "vnarial")) or name.startswith("abc"):
        return "tcvn3"
    if name.startswith("vni"):
        return "vni"
    return None


def font_is_caps(font_name: str | None) -> bool:
    """TCVN3 caps fonts end in H: .VnTimeH, .VnArialH (bold/italic suffixes aside)."""
    if not font_name:
        return False
    name = regex.sub(r"[-,]?(?:bold|italic|oblique|bolditalic|regular)$", "", font_name.split("+", 1)[-1].strip(), flags=regex.I)
    return name.startswith(".") and name.endswith("H")


def convert_run(text: str, font_name: str | None) -> str:
    """A run of a DOCX or PDF whose font is a legacy Vietnamese font, converted; other runs unchanged."""
    kind = font_encoding(font_name)
    if kind == "tcvn3":  # the font says which letters are capitals: no guessing
        return tcvn3_to_unicode(text, caps=font_is_caps(font_name))
    if kind == "vni":
        return vni_to_unicode(text)
    return text


def fix_decoded(text: str, encoding: str) -> tuple[str, str]:
    """After a text file is decoded: legacy font-encoded text converted, with the encoding name noted.

    A Windows-1258 decoding of TCVN3 or VNI bytes has turned some of them into combining marks and
    Vietnamese letters: the bytes are recovered from it first, then read as code points.
    """
    points = text
    if encoding in ("windows-1258", "cp1258"):
        try:
            points = text.encode("cp1258").decode("latin-1")
        except UnicodeEncodeError:
            return text, encoding
    kind = detect(points)
    if kind is None:
        return text, encoding
    return convert(points, kind), f"{kind} ({encoding})"


def decode_bytes(data: bytes) -> tuple[str, str] | None:
    """Bytes that no Unicode or code-page decoding reads as Vietnamese, tried as TCVN3 and VNI."""
    points = data.decode("latin-1")
    kind = detect(points)
    if kind is None:
        return None
    return convert(points, kind), kind


def _build_vni_chars() -> dict[str, str]:
    """VNI read one glyph at a time (as a PDF lays them out): mark glyphs become combining marks."""
    table: dict[str, str] = {}
    for mark, tone in _VNI_TONES.items():
        if mark:
            table[mark] = table[mark.upper()] = tone
    for mark, (hat, tone) in _VNI_HAT_TONES.items():
        table[mark] = table[mark.upper()] = hat + tone
    for vni, uni in {"í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ", "ñ": "đ", "ô": "ơ", "ö": "ư"}.items():
        table[vni], table[vni.upper()] = uni, uni.upper()
    return table


_VNI_CHARS = _build_vni_chars()


def convert_char(ch: str, font_name: str | None) -> str:
    """One glyph of a legacy Vietnamese font in Unicode (a VNI mark glyph becomes combining marks; compose with NFC)."""
    kind = font_encoding(font_name)
    if kind == "tcvn3":
        out = TCVN3_TABLE.get(ch, ch)
        return out.upper() if font_is_caps(font_name) else out
    if kind == "vni":
        return _VNI_CHARS.get(ch, ch)
    return ch
