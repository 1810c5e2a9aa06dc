"""Tests for the agency gazetteer, the spaCy pipeline and agency recognition (names, lists, roles, collectives)."""
import re
import unicodedata
from collections import Counter

import pytest

from extractor.agencies import canonical_agency, find_agencies, split_agency_list
from extractor.patterns.agencies import agency_for_code, load_agencies
from extractor.patterns.phrases import PhraseMatcher, tokens
from extractor.patterns.postag import words as tagged_words


def names(text):
    return [m.name for m in find_agencies(text)]


# ---------------------------------------------------------------- the data file

def test_gazetteer_covers_both_reorganisations():
    rows = load_agencies()
    kinds = Counter(a.kind for a in rows)
    assert kinds["province"] == 64  # 63 before 2025 + thành phố Huế (the other 33 of the 34 keep old names)
    canon = {a.canonical for a in rows}
    for name in ["Bộ Kế hoạch và Đầu tư", "Bộ Lao động - Thương binh và Xã hội", "Bộ Thông tin và Truyền thông",
                 "Bộ Tài nguyên và Môi trường", "Bộ Giao thông vận tải", "Bộ Nông nghiệp và Phát triển nông thôn",
                 "Ủy ban Dân tộc", "Thanh tra Chính phủ", "Ngân hàng Nhà nước Việt Nam", "Văn phòng Chính phủ",
                 "Bộ Nông nghiệp và Môi trường", "Bộ Dân tộc và Tôn giáo", "Bảo hiểm xã hội Việt Nam",
                 "Ủy ban nhân dân tỉnh Thừa Thiên Huế", "Ủy ban nhân dân thành phố Huế", "Ủy ban nhân dân tỉnh Thanh Hóa",
                 "Ủy ban nhân dân Thành phố Hồ Chí Minh", "Ủy ban nhân dân cấp xã", "Sở Tư pháp", "Quốc hội"]:
        assert name in canon, name
    assert len(canon) == len(rows)


# ---------------------------------------------------------------- lookups

@pytest.mark.parametrize("written, canonical", [
    ("VPCP", "Văn phòng Chính phủ"),
    ("BỘ NỘI VỤ", "Bộ Nội vụ"),
    ("THỦ TƯỚNG CHÍNH PHỦ", "Thủ tướng Chính phủ"),
    ("TTg", "Thủ tướng Chính phủ"),
    ("CP", "Chính phủ"),
    ("BLĐTBXH", "Bộ Lao động - Thương binh và Xã hội"),
    ("Bộ NN&PTNT", "Bộ Nông nghiệp và Phát triển nông thôn"),
    ("BKHĐT", "Bộ Kế hoạch và Đầu tư"),
    ("NHNN", "Ngân hàng Nhà nước Việt Nam"),
    ("BHXH", "Bảo hiểm xã hội Việt Nam"),
    ("Uỷ ban nhân dân tỉnh Thanh Hoá", "Ủy ban nhân dân tỉnh Thanh Hóa"),
    (unicodedata.normalize("NFD", "Bộ Văn hoá, Thể thao và Du lịch"), "Bộ Văn hóa, Thể thao và Du lịch"),
    ("UBND tỉnh Quảng Ninh", "Ủy ban nhân dân tỉnh Quảng Ninh"),
    ("Hà Nội", "Ủy ban nhân dân thành phố Hà Nội"),
    ("TP.HCM", "Ủy ban nhân dân Thành phố Hồ Chí Minh"),
    ("Thừa Thiên Huế", "Ủy ban nhân dân tỉnh Thừa Thiên Huế"),
    ("Huế", "Ủy ban nhân dân thành phố Huế"),
    ("CQNB", "cơ quan ngang bộ"),
    ("Bộ trưởng Bộ Tài chính", "Bộ Tài chính"),
    ("Chủ tịch Ủy ban nhân dân cấp tỉnh", "Ủy ban nhân dân cấp tỉnh"),
    ("Bộ Foo", None),
    ("", None),
])
def test_canonical_agency(written, canonical):
    assert canonical_agency(written) == canonical


@pytest.mark.parametrize("code, issuer", [
    ("TTg", "Thủ tướng Chính phủ"), ("CP", "Chính phủ"), ("VPCP", "Văn phòng Chính phủ"), ("BNV", "Bộ Nội vụ"),
    ("BCA", "Bộ Công an"), ("QH15", "Quốc hội"), ("UBND", None), ("HĐND", None), ("XYZ", None),
])
def test_agency_for_code(code, issuer):
    assert agency_for_code(code) == issuer


# ---------------------------------------------------------------- recognition in text

def test_mentions_keep_input_offsets():
    text = "Giao Bộ Nội vụ chủ trì,\n  phối hợp với Văn phòng   Chính phủ"
    found = find_agencies(text)
    assert [(m.text, m.name, m.kind) for m in found] == [
        ("Bộ Nội vụ", "Bộ Nội vụ", "ministry"),
        ("Văn phòng   Chính phủ", "Văn phòng Chính phủ", "ministerial_agency")]
    assert all(text[m.start:m.end] == m.text for m in found)


def test_ministry_enumeration():
    assert names("Các bộ: Công Thương, Khoa học và Công nghệ, Y tế, Văn hóa, Thể thao và Du lịch: (i) Nghiên cứu") == [
        "Bộ Công Thương", "Bộ Khoa học và Công nghệ", "Bộ Y tế", "Bộ Văn hóa, Thể thao và Du lịch"]


def test_province_enumerations():
    assert names("05 tỉnh, thành phố (gồm: Hà Nội, Thành phố Hồ Chí Minh, Bình Dương) khẩn trương") == [
        "Ủy ban nhân dân thành phố Hà Nội", "Ủy ban nhân dân Thành phố Hồ Chí Minh", "Ủy ban nhân dân tỉnh Bình Dương"]
    assert names("Ủy ban nhân dân các tỉnh, thành phố: Hà Nội, thành phố Hồ Chí Minh, Bắc Ninh phối hợp với VPCP") == [
        "Ủy ban nhân dân thành phố Hà Nội", "Ủy ban nhân dân Thành phố Hồ Chí Minh", "Ủy ban nhân dân tỉnh Bắc Ninh",
        "Văn phòng Chính phủ"]


def test_role_phrases():
    assert names("Bộ trưởng Bộ Tài chính chỉ đạo") == ["Bộ Tài chính"]
    assert names("Chủ tịch Ủy ban nhân dân cấp tỉnh chịu trách nhiệm") == ["Ủy ban nhân dân cấp tỉnh"]
    assert names("Thủ trưởng cơ quan ngang bộ chỉ đạo") == ["cơ quan ngang bộ"]
    assert names("Bộ trưởng, Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ và Chủ tịch Ủy ban nhân dân các "
                 "tỉnh, thành phố trực thuộc trung ương trực tiếp lãnh đạo") == [
        "các bộ, cơ quan ngang bộ", "cơ quan thuộc Chính phủ", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"]
    assert names("Phó Thủ tướng Thường trực Nguyễn Hòa Bình trực tiếp chỉ đạo") == [
        "Phó Thủ tướng Thường trực Nguyễn Hòa Bình"]


@pytest.mark.parametrize("text, expected", [
    ("Các bộ, ngành, địa phương tiếp tục quán triệt", ["các bộ, ngành, địa phương"]),
    ("Các Bộ, cơ quan ngang Bộ kịp thời công bố", ["các bộ, cơ quan ngang bộ"]),
    ("phối hợp với các bộ, ngành liên quan", ["các bộ, ngành liên quan"]),
    ("phối hợp với các cơ quan liên quan", ["các cơ quan liên quan"]),
    ("Bộ Tài chính hướng dẫn các bộ, cơ quan, địa phương", ["Bộ Tài chính", "các bộ, cơ quan, địa phương"]),
    ("Bộ Y tế chủ trì, phối hợp với Văn phòng Chính phủ, cơ quan, đơn vị có liên quan",
     ["Bộ Y tế", "Văn phòng Chính phủ", "cơ quan, đơn vị có liên quan"]),
    ("phối hợp với các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ có liên quan",
     ["các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ có liên quan"]),
    ("Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ, UBND các tỉnh, thành phố trực thuộc TW",
     ["các bộ, cơ quan ngang bộ", "cơ quan thuộc Chính phủ", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"]),
    ("Các Bộ, cơ quan ngang bộ và Bảo hiểm xã hội Việt Nam khẩn trương",
     ["các bộ, cơ quan ngang bộ", "Bảo hiểm xã hội Việt Nam"]),
    ("Các bộ ở Trung ương, Ủy ban nhân dân cấp tỉnh ở địa phương",
     ["các bộ ở trung ương", "Ủy ban nhân dân cấp tỉnh ở địa phương"]),
    ("Uỷ ban nhân dân cấp tỉnh, cấp xã đưa các chỉ tiêu", ["Ủy ban nhân dân cấp tỉnh", "Ủy ban nhân dân cấp xã"]),
    ("Nhiệm vụ cụ thể của B, CQ, ĐP", ["bộ, cơ quan, địa phương"]),
])
def test_collectives(text, expected):
    assert names(text) == expected


def test_names_inside_names():
    assert names("Văn phòng Chính phủ báo cáo Chính phủ, Thủ tướng Chính phủ") == [
        "Văn phòng Chính phủ", "Chính phủ", "Thủ tướng Chính phủ"]
    assert names("Bộ Tư pháp, Tổ chức pháp chế thuộc bộ, cơ quan ngang bộ, Sở Tư pháp thuộc Ủy ban nhân dân các tỉnh, "
                 "thành phố trực thuộc Trung ương tập trung thẩm định") == [
        "Bộ Tư pháp", "Tổ chức pháp chế thuộc bộ, cơ quan ngang bộ",
        "Sở Tư pháp thuộc Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"]
    assert names("Văn phòng Bộ Tài chính") == ["Bộ Tài chính"]


@pytest.mark.parametrize("text", [
    "Đổi mới hoạt động của Bộ phận Một cửa các cấp",
    "chủ động khai thác, sử dụng Bộ Chỉ số đánh giá chất lượng phục vụ",
    "bảo đảm đồng bộ, thống nhất; đào tạo cán bộ, công chức",
    "theo Quyết định số 240/QĐ-TTg và văn bản số 1250/VPCP-KSTT, Nghị định số 45/2020/NĐ-CP",
    "xây dựng Chính phủ điện tử, Chính phủ số",
    "Hà Nội, ngày 04 tháng 02 năm 2025",
])
def test_not_agencies(text):
    assert names(text) == []


def test_spelling_variants():
    assert names("UỶ BAN NHÂN DÂN TỈNH QUẢNG NINH; Uỷ ban Dân tộc; Ủy ban Dân tộc; bộ công thương") == [
        "Ủy ban nhân dân tỉnh Quảng Ninh", "Ủy ban Dân tộc", "Ủy ban Dân tộc", "Bộ Công Thương"]
    assert names(unicodedata.normalize("NFD", "Bộ Văn hoá, Thể thao và Du lịch")) == ["Bộ Văn hóa, Thể thao và Du lịch"]
    assert names("UBND TP. Đà Nẵng, UBND tỉnh Thừa Thiên - Huế, tỉnh Đăk Lăk") == [
        "Ủy ban nhân dân thành phố Đà Nẵng", "Ủy ban nhân dân tỉnh Thừa Thiên Huế", "Ủy ban nhân dân tỉnh Đắk Lắk"]


# ---------------------------------------------------------------- lists

@pytest.mark.parametrize("cell, expected", [
    ("Bộ Công an, Bộ Nội vụ", ["Bộ Công an", "Bộ Nội vụ"]),
    ("Văn phòng Chính phủ, các bộ, ngành, địa phương", ["Văn phòng Chính phủ", "các bộ, ngành, địa phương"]),
    ("BTC, BCA, VPCP", ["Bộ Tài chính", "Bộ Công an", "Văn phòng Chính phủ"]),
    ("B, CQNB, ĐP", ["bộ, cơ quan ngang bộ, địa phương"]),
    ("UBND cấp tỉnh", ["Ủy ban nhân dân cấp tỉnh"]),
    ("Hà Nội, Bắc Ninh", ["Ủy ban nhân dân thành phố Hà Nội", "Ủy ban nhân dân tỉnh Bắc Ninh"]),
    ("Bộ Nông nghiệp và Môi trường; Bộ Dân tộc và Tôn giáo", ["Bộ Nông nghiệp và Môi trường", "Bộ Dân tộc và Tôn giáo"]),
    ("Bộ, cơ quan, tổ chức, đơn vị có liên quan, cơ sở khám bệnh, chữa bệnh, doanh nghiệp",
     ["bộ, cơ quan, tổ chức, đơn vị có liên quan", "cơ sở khám bệnh, chữa bệnh", "doanh nghiệp"]),
    ("Văn phòng Chính phủ (Cục Kiểm soát TTHC), Tập đoàn Điện lực Việt Nam", ["Văn phòng Chính phủ", "Tập đoàn Điện lực Việt Nam"]),
    ("phối hợp với Bộ Nội vụ, Văn phòng Chính phủ và các bộ, cơ quan liên quan nghiên cứu và tổ chức triển khai",
     ["Bộ Nội vụ", "Văn phòng Chính phủ", "các bộ, cơ quan liên quan"]),
])
def test_split_agency_list(cell, expected):
    assert split_agency_list(cell) == expected


# ---------------------------------------------------------------- the phrase matcher and the word lexicon

def test_syllable_tokens_and_the_gazetteer_matcher():
    text = "Bộ trưởng  Bộ Tài chính,\nUỶ BAN NHÂN DÂN TỈNH THANH HOÁ"
    toks = tokens(text)
    assert all(text[t.start:t.end] == t.text for t in toks)
    assert [t.text for t in toks][:7] == ["Bộ", "trưởng", " ", "Bộ", "Tài", "chính", ","]
    assert toks[-1].norm == "hóa" and toks[-7].norm == "ủy"
    matcher = PhraseMatcher([("Bộ Tài chính", "ministry", "Bộ Tài chính"), ("Tài chính", "other", "x"),
                             ("Ủy ban nhân dân tỉnh Thanh Hóa", "province", "Ủy ban nhân dân tỉnh Thanh Hóa"),
                             ("Bộ trưởng Bộ", "person", "y")])
    found = matcher.find(text)
    assert [(m.text, m.label, m.id) for m in found] == [
        ("Bộ Tài chính", "ministry", "Bộ Tài chính"),           # `Bộ trưởng  Bộ`: no phrase across a double space
        ("UỶ BAN NHÂN DÂN TỈNH THANH HOÁ", "province", "Ủy ban nhân dân tỉnh Thanh Hóa")]
    # longest first; a match the caller refuses leaves its words to the others
    assert [m.text for m in matcher.find(text, keep=lambda m: m.label != "ministry")][:1] == ["Tài chính"]


def test_the_matcher_starts_only_where_a_first_word_stands_and_finds_what_a_walk_from_every_token_finds():
    matcher = PhraseMatcher([("Bộ Tài chính", "ministry", "a"), ("Bộ Tài chính và Bộ Y tế", "x", "b"),
                             ("Bộ Y tế", "ministry", "c"), ("Bộ", "other", "d"), ("Bộ đội", "other", "e"),
                             ("Sở Y tế", "department", "f"), ("Tổ 16", "other", "g"), ("(Cục)", "other", "h")])
    text = ("Bộ Tài chính và Bộ Y tế; bộ tài chính; Bộđội Bộ đội; xã hội16 Bộ Y tế16; Tổ 16 tổ 160 (Cục) "
            "Sở Y  tế SỞ Y TẾ İstanbul Bộ Y tế")
    fast = matcher.find(text)
    assert [(m.text, m.id) for m in fast] == [
        ("Bộ Tài chính và Bộ Y tế", "b"), ("bộ tài chính", "a"), ("Bộ đội", "e"), ("Bộ Y tế", "c"),
        ("Tổ 16", "g"), ("(Cục)", "h"), ("SỞ Y TẾ", "f"), ("Bộ Y tế", "c")]
    # `Bộđội` is one syllable, `tổ 160` another number, `Sở Y  tế` has a double space (a token of its own);
    # `İ` lowers to two characters, so that text is read token by token; without it, from the first words only:
    # both readings give what a walk from every token gives
    plain = text.replace("İ", "I")
    assert [m.text for m in matcher.find(plain)] == [m.text for m in fast]
    for t in (text, plain):
        assert matcher.find(t) == matcher._find_tokens(t, tokens(t), lambda m: True)
    assert [m.last.norm for m in fast][-2:] == ["tế", "tế"]


def test_words_and_their_tags_from_the_lexicon():
    text = "Bộ Nội vụ chủ trì, phối hợp với Văn phòng Chính phủ."
    ws = tagged_words(text)
    assert all(text[w.idx:w.idx + len(w.text)] == w.text for w in ws)
    assert [w.text for w in ws if w.text in ("phối hợp", "với", ",")] == [",", "phối hợp", "với"]
    assert [w.pos_ for w in ws if w.text in ("phối hợp", "với", ",")] == ["PUNCT", "VERB", "ADP"]
    assert all(ws[k].idx < ws[k + 1].idx for k in range(len(ws) - 1))
    # a body whose name holds a verb-like word is one word, not a subject and its verb
    assert [(w.text, w.pos_) for w in tagged_words("Ngân hàng giám sát có trách nhiệm kiểm tra")][:2] == [
        ("Ngân hàng giám sát", "PROPN"), ("có", "VERB")]


# ---------------------------------------------------------------- provincial documents

@pytest.mark.parametrize("text,expected", [
    ("Các sở, ban, ngành, Ủy ban nhân dân các huyện, thành phố rà soát",
     ["các sở, ban, ngành", "Ủy ban nhân dân các huyện, thành phố"]),
    ("UBND các xã, phường, thị trấn thực hiện", ["Ủy ban nhân dân các xã, phường, thị trấn"]),
    ("Giám đốc các sở, Thủ trưởng các ban, ngành tỉnh, Chủ tịch UBND các huyện, thị xã, thành phố",
     ["các sở", "các ban, ngành", "Ủy ban nhân dân các huyện, thị xã, thành phố"]),
    ("Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh phối hợp", ["Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh"]),
    ("Ban Quản lý các khu công nghiệp tỉnh chủ trì", ["Ban Quản lý các khu công nghiệp tỉnh"]),
    ("Kho bạc Nhà nước tỉnh Bình Định hướng dẫn", ["Kho bạc Nhà nước tỉnh Bình Định"]),
    ("phối hợp với Văn phòng UBND tỉnh", ["Văn phòng Ủy ban nhân dân tỉnh"]),
    ("Ủy ban nhân dân thành phố Hà Nội chủ trì", ["Ủy ban nhân dân thành phố Hà Nội"]),
])
def test_provincial_bodies(text, expected):
    assert [m.name for m in find_agencies(text)] == expected


def test_a_pattern_tried_only_where_its_first_words_stand_finds_what_the_pattern_finds():
    import regex

    from extractor.patterns.anchored import Anchored
    body = regex.compile(r"(?<![\p{L}\p{M}])(?:các\s+)?(?:bộ|sở|cơ\s+quan)(?:\s*,\s*(?:bộ|sở|ngành))*(?![\p{L}\p{M}])")
    anchored = Anchored(body, {"các", "bộ", "sở", "cơ quan"})
    text = "cán bộ, các bộ, ngành và sở; cơ quan, bộ đội; sởi; cơquan"
    assert [m.group() for m in anchored.finditer(text)] == [m.group() for m in body.finditer(text)] == [
        "bộ", "các bộ, ngành", "sở", "cơ quan, bộ"]
    # from a position inside a word the look-behind still sees the letters before it
    starts = anchored.starts(text)
    assert anchored.search(text, starts, 5).span() == body.search(text, 5).span() == (8, 21)
    assert anchored.search(text, starts, 1).span() == body.search(text, 1).span() == (4, 6)


def test_every_anchored_grammar_finds_what_its_pattern_finds_on_the_corpus():
    """The agency grammars are tried only where the openings written beside them stand: on every document of the
    bundled corpus, in the form of the text each reads, they find exactly what their patterns find everywhere (a
    pattern edited to open with a new word, its openings not, fails here)."""
    from conftest import CORPUS

    from extractor import agencies as A
    from extractor.normalize import normalize
    from extractor.parsers.text import load_text
    from extractor.patterns.anchored import Anchored
    from extractor.patterns.fold import fold_tones
    grammars = [(name, g, "folded" if name == "leader" else "keyed")
                for name, g in A._grammar().items() if isinstance(g, Anchored)]
    grammars += [("heads", A._heads()[0], "keyed"), ("local_body", A._local_body(), "ctext")]
    assert {n for n, _, _ in grammars} >= {"collective", "prov_enum", "min_enum", "levels", "provinces", "local_ub",
                                            "role", "leader", "heads", "local_body"}
    found = dict.fromkeys([n for n, _, _ in grammars], 0)
    for path in sorted(CORPUS.glob("*.txt")):
        ctext = A._Compact(normalize(load_text(path)).text).ctext
        forms = {"ctext": ctext, "keyed": A._keyed(ctext), "folded": fold_tones(ctext)}
        t = A._text(ctext)   # the forms the recogniser reads, and the starts it finds for all grammars in one pass
        assert (t.keyed, t.folded, t.low) == (forms["keyed"], forms["folded"], A._lower(ctext)), path.name
        if A._gazetteer().letter_openings:
            assert t.shared["gazetteer"] == A._gazetteer()._letter_starts(t.low) == \
                A._gazetteer()._scan_starts(t.low), path.name
        for name, g, form in grammars:
            text = forms[form]
            want = [m.span() for m in g.pattern.finditer(text)]
            assert [m.span() for m in g.finditer(text)] == want, (name, path.name)
            assert [m.span() for m in g.finditer(text, t.starts(g, form))] == want, (name, path.name)
            assert set(g.starts(text)) <= set(t.starts(g, form)), (name, path.name)
            found[name] += len(want)
    assert all(found.values()), found      # each grammar met in the corpus


def test_the_character_classes_written_for_the_standard_engine_are_those_of_regex():
    """The classes written out for the standard library's engine (which has no Unicode properties) hold what they
    stand for in the `regex` module's: the letters of Vietnamese text, the whitespace other than space and line break."""
    import re
    import sys

    import regex

    from extractor import agencies as A
    from extractor.patterns.anchored import LATIN
    letter = regex.compile(r"[\p{L}\p{M}]")
    latin = re.compile(f"[{LATIN}]")
    assert all(letter.match(chr(c)) for c in range(0x2000) if latin.match(chr(c)))
    other = regex.compile(r"[^\S \n]")
    assert [c for c in range(sys.maxunicode + 1) if A._OTHER_SPACE.match(chr(c))] == \
        [c for c in range(sys.maxunicode + 1) if other.match(chr(c))]


def test_the_shortcuts_of_the_text_forms_give_what_the_plain_ways_give():
    """Whitespace runs found by two fixed-character scans, the word before a list, the lower case of the folded text,
    the tables of the generic nouns: the same as the regex, the folding of the lower case, the keys they stand for."""
    import random

    from extractor import agencies as A
    rnd = random.Random(7)
    pieces = [" ", " ", "\n", "\t", "\xa0", "a", "bộ", "(", "1", "\u0301", "các", "hoÀ", "Hoà", "HOÀ", "uỷ", "UỶ",
              "uỶ", "quý", "İ", ","]
    for _ in range(20000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 14)))
        assert A._space_runs(text) == [(*m.span(), "\n" in m.group()) for m in A._WS_TO_COMPACT.finditer(text)], \
            repr(text)
        assert A._lower_folded(text, A.fold_tones(text)) == (A._lower(text), len(text.lower()) == len(text)), repr(text)
        start = rnd.randint(0, len(text))
        prev = A._LAST_WORD.search(text, max(0, start - 40), start)
        assert A._word_before(text, start) == (prev.group(1) if prev else None), (repr(text), start)
    # a parent opens with a word the qualifier opens with, written alike in the keyed text (one gate for both)
    assert set(A._UNDER_OPENS) <= set(A._QUAL_OPENS)
    assert all(A._keyed(w) == w for w in A._UNDER_OPENS)
    for written, (k, generic) in A._item_table().items():
        assert (k, generic) == (A.key(written), A._generic().get(A.key(written), ("collective", True)))
    for written, name in A._written_names().items():
        assert name == A._collective_name(written) and A._name_keys()[name] == A._collective_key(name)


def test_the_qualifier_of_a_list_is_read_only_where_a_word_it_opens_with_follows():
    """_qualifier (the qualifier after a noun read alone) answers None only where the qualifier's pattern matches
    nothing, and else gives its match: at every space of the bundled corpus's keyed texts, and at every position of
    random texts made of the qualifier's words."""
    import random

    from conftest import CORPUS

    from extractor import agencies as A
    from extractor.normalize import normalize
    from extractor.parsers.text import load_text
    qual = A._grammar()["qual"]

    def same(keyed, pos):
        got, want = A._qualifier(keyed, pos), qual.match(keyed, pos)
        if got is None:
            return want["qual"] == ""
        return got.span() == want.span() and got["qual"] == want["qual"]

    for path in sorted(CORPUS.glob("*.txt")):
        keyed = A._text(A._Compact(normalize(load_text(path)).text).ctext).keyed
        assert all(same(keyed, p) for p in range(len(keyed)) if keyed[p] == " "), path.name
    rnd = random.Random(11)
    words = ["ở", "trung", "ương", "TW", "Trung", "trực", "thuộc", "trong", "lĩnh", "vực", "phạm", "vi", "được", "giao",
             "phân", "công", "khác", "có", "liên", "quan", "đến", "địa", "phương", "chính", "phủ", "và", "bộ", "x",
             ",", "(", "ởx", "cóc", "\n", "  "]
    for _ in range(4000):
        raw = " ".join(rnd.choice(words) for _ in range(rnd.randint(1, 10)))
        keyed = A._text(A._Compact(raw).ctext).keyed
        assert all(same(keyed, p) for p in range(len(keyed) + 1)), repr(keyed)


def test_the_standard_engine_reads_agreed_text_as_regex_does():
    """Patterns translated for the standard library's engine (anchored.standard) run only on text of agreed
    characters: there each class written out holds just what the `regex` module's class holds, lower case keeps a
    character agreed, and every translated grammar matches alike at every position of Vietnamese sentences."""
    import random
    import sys

    import regex

    from extractor import agencies as A
    from extractor.patterns.anchored import Anchored, _agreed, agreed, standard
    outside, classes = _agreed()
    ok = [c for c in range(sys.maxunicode + 1) if not outside.match(chr(c))]
    assert 0x1EA1 in ok and ord("đ") in ok and ord("“") in ok and ord("µ") not in ok and ord("Ω") not in ok
    okset = set(ok)
    assert all(okset.issuperset(map(ord, chr(c).lower())) for c in ok)
    for name, body in classes.items():
        mine, theirs = re.compile(f"[{body}]"), regex.compile(name)
        assert [c for c in ok if mine.match(chr(c))] == [c for c in ok if theirs.match(chr(c))], name
    for name in (r"\s", r"\d", r"\S", r"[^\S ]"):   # kept as written: both engines read them alike there
        mine, theirs = re.compile(name), regex.compile(name)
        assert [c for c in ok if mine.match(chr(c))] == [c for c in ok if theirs.match(chr(c))], name
    assert not agreed("a\x1cb") and agreed("a\tb\xa0c")
    assert agreed("Ủy ban nhân dân tỉnh Hà Nội “quý” – 5%") and not agreed("hệ số μ") and not agreed("𝑛 = 1")

    def plain(p):
        return p.pattern if isinstance(p, Anchored) else p
    patterns = {**{f"g.{k}": plain(p) for k, p in A._grammar().items()},
                **{f"w.{k}": p for k, p in A._walk_patterns().items()},
                "heads": A._heads()[0].pattern, "local_body": A._local_body().pattern, "office": A._office_holder(),
                "bare_parent": A._bare_parent(), "abbr": A._abbr_word(), "token": A._TOKEN}
    translated = {k: (p, standard(p)) for k, p in patterns.items()}
    assert all(s is not None for k, (_, s) in translated.items() if k != "w.place_before")   # (?r): not translated
    sentences = [
        "Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ và Ủy ban nhân dân các tỉnh, "
        "thành phố trực thuộc trung ương có liên quan chịu trách nhiệm thi hành Nghị định này.",
        "UBND tỉnh, thành phố; HĐND các cấp; Sở Tài chính, Sở Kế hoạch và Đầu tư tỉnh Quảng Ninh (gồm: Hà Nội, "
        "Bắc Ninh); Bộ trưởng các bộ, thủ trưởng cơ quan ngang bộ; Phó Thủ tướng Chính phủ Trần Hồng Hà.",
        "Cục Việc làm thuộc Bộ Lao động - Thương binh và Xã hội; Tổ công tác triển khai Đề án 06 "
        "của Thủ tướng Chính phủ; Công an tỉnh, Kho bạc Nhà nước huyện, Bảo hiểm xã hội cấp xã; doanh nghiệp, "
        "tổ chức, cá nhân khác.",
        "05 tỉnh, thành phố; các bộ: Công Thương, Y tế; cơ quan thuế, người nộp thuế, CQNB, UBND cấp huyện, "
        "HOÀ, uỷ ban.",
    ]
    rnd = random.Random(11)
    words = " ".join(sentences).split()
    texts = sentences + [" ".join(rnd.choice(words) for _ in range(30)) for _ in range(40)]
    for text in texts:
        for form in (A._keyed(text), A.fold_tones(text), text):
            assert agreed(form)
            for name, (rx, std) in translated.items():
                if std is None:
                    continue
                for pos in range(len(form)):
                    a, b = std.match(form, pos), rx.match(form, pos)
                    assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), (name, form, pos)
                    end = min(len(form), pos + 30)
                    a, b = std.match(form, pos, end), rx.match(form, pos, end)
                    assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), (name, form, pos)


def test_the_ruler_skips_only_starts_whose_matches_it_refuses_and_attach_looks_for_thuoc_first():
    """Gazetteer starts after an issuer code's `/` or `-` are not walked: the ruler finds what the matcher finds from
    every start with the same check; a gap without `thuộc` is one _UNDER cannot match whole."""
    from extractor import agencies as A
    texts = ["Căn cứ Quyết định số 240/QĐ-TTg của Thủ tướng Chính phủ và Công văn 1250/VPCP-KSTT, Bộ Tài chính "
             "phối hợp với Bộ-Công an, Sở Tư pháp thuộc Ủy ban nhân dân tỉnh Hà Nội; Nghị định 15/2024/NĐ-CP; "
             "Văn phòng Chính phủ, Bộ Nội vụ/Bộ Tài chính.",
             "Số: 12/BTC-CST ngày 5/1/2025 gửi Ủy ban nhân dân các tỉnh, Bộ Công Thương, KBNN-BTC."]
    for text in texts:
        t = A._text(text)
        t.gaz = {}
        every = A._gazetteer().find(t.ctext, lambda m, t=t: A._name_match_ok(t, m), t.low, t.shared["gazetteer"])
        assert [(g.start, g.end, g.mentions) for g in A._ruler(t)] == \
            [(m.start, m.end, [A._M(m.start, m.end, m.id, m.label)]) for m in every]
        assert any(A._code_before(t.ctext, s) for s in t.shared["gazetteer"])
        for a in range(len(text)):
            for b in range(a, min(len(text), a + 40) + 1):
                if text.find(A._UNDER_WORD, a, b) < 0:
                    assert A._UNDER.fullmatch(text, a, b) is None


def test_abbreviations_of_one_letter_are_looked_for_as_written():
    """`B` (bộ) is looked for on the compact text rather than as `b` opening every word of the lower-case text: the
    abbreviations found are those the pattern finds everywhere."""
    from extractor import agencies as A
    assert A._abbr_letters() is not None and A._abbr_letters().match("B")
    for text in ["Các B, CQ, ĐP và UBND cấp tỉnh; bộ B; (B) AB B1 bB Bộ BỘ b) B.", "B", "B CQNB", "ban b B-CQ"]:
        t = A._text(text)
        assert t.keyed == A._keyed(text)
        want = [m.span() for m in A._abbr_word().finditer(text)]
        assert [m.span() for m in A._abbr_at(text, list(range(len(text))))] == want
        assert [i for i in range(len(t.keyed)) if t.keyed[i] != t.low[i]] == \
            [i for a, b in want for i in range(a, b) if text[i] != t.low[i]]


def test_a_text_with_line_runs_alone_is_made_compact_as_any_text_is():
    """_Compact._lines (a text with no whitespace but spaces and line breaks) gives the compact text, its folding and
    its map that _spaces, which reads any text, gives: the spaces before a line break, after it, blank lines, runs of
    spaces alone, a space at either end."""
    import random

    from extractor import agencies as A
    rnd = random.Random(5)
    pieces = [" ", " ", "\n", "\n", " \n", "a", "bộ", "Hoà", "(", "1", "các", ",", "  ", "\t"]
    lines = 0
    for _ in range(20000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 16)))
        folded = A.fold_tones(text)
        c, general = A._Compact(text, folded), A._Compact(text, folded)
        general._spaces(text, folded)
        lines += A._OTHER_SPACE.search(text) is None
        assert (c.ctext, c.folded, c.where, c.size, c.starts, c.ends, c.breaks) == (
            general.ctext, general.folded, general.where, general.size, general.starts, general.ends,
            general.breaks), repr(text)
    assert lines > 5000   # (the texts _lines reads are many of them)
    c = A._Compact("a  b \n  c")   # `a b c`: a run of spaces alone holds no line break
    assert (c.where, c.starts, c.ends, c.breaks) == ([1, 3], [1, 4], [3, 8], {3})


def test_the_compact_text_maps_each_span_back_to_the_input():
    """_Compact.span: the input's span from the first character's piece to the last one's, each whitespace run and
    each character that NFC changes one piece (as a plain per-character map of the compact text reads it)."""
    import random

    from extractor import agencies as A
    rnd = random.Random(11)
    pieces = [" ", " ", "\n", "\t", "\xa0", "a", "bộ", "(", "1", "o\u0301", "các", "HOÀ", ",", "e\u0302\u0301"]
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 14)))
        c = A._Compact(text)
        plain, pos = [], 0   # the input's span of each character of the compact text
        for a, b, size in zip(c.starts, c.ends, c.size):
            plain += [(i, i + 1) for i in range(pos, a)] + [(a, b)] * size
            pos = b
        plain += [(i, i + 1) for i in range(pos, len(text))]
        assert len(plain) == len(c.ctext), repr(text)
        for s in range(len(c.ctext)):
            for e in range(s + 1, len(c.ctext) + 1):
                assert c.span(s, e) == (plain[s][0], plain[e - 1][1]), (repr(text), s, e)


def test_the_ruler_reads_a_phrase_key_from_the_lower_case_text():
    """A gazetteer phrase's key read from the ruler's lower-case form of the whole text is key() of its words."""
    from extractor import agencies as A
    assert A._sigma_free()
    texts = ["Bộ Tài chính chủ trì, phối hợp với UỶ BAN NHÂN DÂN tỉnh Hoà Bình và Văn phòng Chính phủ.",
             "Giao Bộ Kế hoạch và Đầu tư (Bộ KH&ĐT), Ngân hàng Nhà nước Việt Nam báo cáo Thủ tướng Chính phủ;",
             "QUYẾT ĐỊNH 240/QĐ-TTg của THỦ TƯỚNG CHÍNH PHỦ giao Uỷ ban Dân tộc, Bộ Quốc phòng thực hiện"]
    for text in texts:
        t = A._text(A._Compact(text).ctext)
        assert t.same
        found = A._gazetteer().find(t.ctext, lambda m: True, t.low, t.shared.get("gazetteer"))
        assert len(found) >= 2
        for m in found:
            assert A.key_lowered(t.low[m.start:m.end]) == A.key(m.text), m.text


def test_the_compact_text_folded_from_the_input_folded_is_the_compact_text_folded():
    """Given fold_tones of the input, _Compact makes the compact text's folding from it (whitespace runs made one
    space leave every syllable's letters and the characters beside them as they read): the same as folding the compact
    text, at a run before or after a syllable (`q` then a line break then `uý`) too; a text not in NFC has none."""
    import random

    from extractor import agencies as A
    rnd = random.Random(5)
    pieces = ["hoà", "HOÀ", "Hoà", "quý", "q", "Q", "uỷ", "uý", "oà", "toàn", "khoẻ", " ", "  ", "\n", " \n ", "\t",
              "\xa0", "a", "ý", ",", "Bộ"]
    for _ in range(5000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 16)))
        c = A._Compact(text, A.fold_tones(text))
        assert c.folded == A.fold_tones(c.ctext), repr(text)
    assert A._Compact("hoa\u0300 ", A.fold_tones("hoa\u0300 ")).folded is None    # (decomposed: read alone)
