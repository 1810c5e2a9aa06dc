"""Normalisation: NFC, tone folding, markup and page furniture removed, and the map back to the original."""
import unicodedata

from extractor.normalize import normalize_text, strip_furniture
from extractor.patterns.fold import fold_tones, match_key


def test_markdown_and_html_removed_but_angle_bracket_text_kept():
    t = normalize_text("**QUYẾT ĐỊNH**\n## KẾ HOẠCH\n(*Kèm theo Chỉ thị*)\n<p>- Một</p> <p>- Hai</p>\nmã <mã loại giấy tờ>")
    assert t.text == "QUYẾT ĐỊNH\nKẾ HOẠCH\n(Kèm theo Chỉ thị)\n- Một - Hai\nmã <mã loại giấy tờ>"


def test_offsets_map_every_character_back():
    src = "\ufeff**Số:**\u00a0240/QĐ-TTg\r\nHà Nội<br>" + unicodedata.normalize("NFD", "Ủy ban")
    t = normalize_text(src)
    assert t.text == "Số: 240/QĐ-TTg\nHà Nội Ủy ban"
    assert len(t.offsets) == len(t.text) + 1
    for i, ch in enumerate(t.text):
        if ch not in " \n":
            assert unicodedata.normalize("NFC", src[t.offsets[i]:t.offsets[i] + 2])[0] == ch
    assert t.orig_span(t.text.index("240"), t.text.index("240") + 10) == (src.index("240"), src.index("240") + 10)


def test_nfc_from_decomposed_text():
    t = normalize_text(unicodedata.normalize("NFD", "Thủ tướng Chính phủ"))
    assert t.text == "Thủ tướng Chính phủ"


def test_tone_folding_keeps_length_and_spares_closed_syllables():
    assert fold_tones("hoá, Uỷ ban, khoẻ, thuỷ lợi, hoàn thành, quý III") == "hóa, Ủy ban, khỏe, thủy lợi, hoàn thành, quý III"
    t = normalize_text("Đơn giản hoá thủ tục")
    assert t.text == "Đơn giản hoá thủ tục" and t.folded == "Đơn giản hóa thủ tục"
    assert match_key("  ỦY  BAN nhân dân ") == match_key("Uỷ ban nhân dân") == "ủy ban nhân dân"


def test_gazette_page_furniture_removed():
    src = ("bệnh thông thường \n\nCÔNG BÁO/Số 286/Ngày 27-05-2026 \n92 \n \n \nở cơ sở khám bệnh\n"
           "Ký bởi: CÔNG BÁO NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nCơ quan: VĂN PHÒNG CHÍNH PHỦ\n"
           "Ngày ký: 2026-05-27 07:55:25 +07:00\n_______________ \nHết")
    t = strip_furniture(normalize_text(src))
    assert "CÔNG BÁO" not in t.text and "Ký bởi" not in t.text and "92" not in t.text and "___" not in t.text
    assert t.text.startswith("bệnh thông thường \n\n \n \nở cơ sở khám bệnh\n")
    assert t.text.endswith("Hết")
    k = t.text.index("ở cơ sở")
    assert src[t.offsets[k]:t.offsets[k] + 7] == "ở cơ sở"


def test_digits_of_other_scripts_are_read_as_ascii_or_as_no_digit():
    from extractor import extract_text
    from extractor.normalize import normalize_text

    t = normalize_text("trước ngày ١٥/١٢/٢٠٢٥, đạt ９５%, mã \U000116e2")
    assert t.text == "trước ngày 15/12/2025, đạt 95%, mã \ufffd"
    assert len(t.offsets) == len(t.text) + 1
    (doc,) = extract_text("QUYẾT ĐỊNH\n1. Bộ Tài chính hoàn thành trong tháng \U000116e2/2025, trước ngày "
                          "١٥/١٢/٢٠٢٥.").documents
    assert [t.deadline for t in doc.tasks] == ["2025-12-15"]


def test_offset_map_reads_as_the_list_it_stands_for():
    """The offset map keeps runs, not a number per character: appended copies and fills, read back by index (also
    from the end), by slice, whole, and as a piece of another map, give what a plain list built the same way gives."""
    import random

    from extractor.model import OffsetMap
    rng = random.Random(1)
    for _ in range(500):
        plain, runs, pos = [], OffsetMap(), 0
        for _ in range(rng.randint(0, 8)):
            n = rng.randint(0, 5)
            if rng.random() < 0.5:
                plain += range(pos, pos + n)
                runs.copy(pos, n)
            else:
                plain += [pos] * n
                runs.fill(pos, n)
            pos += rng.randint(0, 6)      # 0: a copy going on from the one before joins its run
        assert len(runs) == len(plain) and list(runs) == plain
        assert [runs[i] for i in range(-len(plain), len(plain))] == plain + plain
        a, b = rng.randint(0, len(plain)), rng.randint(0, len(plain) + 2)
        assert runs[a:b] == plain[a:b]
        piece = OffsetMap()
        piece.extend_from(runs, a, b)
        assert list(piece) == plain[a:b]


def test_offsets_of_a_long_plain_text_are_a_few_runs():
    """A text with one edit in the middle (a non-breaking space) maps with three runs and an end entry, not a number
    per character."""
    src = "Điều 1. " * 2000 + "\u00a0" + "Điều 2. " * 2000
    t = normalize_text(src)
    assert len(t.offsets) == len(src) + 1
    assert len(t.offsets._at) == 4
    assert t.offsets[len(src) // 2] == len(src) // 2 and t.offsets[-1] == len(src)


def test_edits_and_furniture_matched_only_where_they_may_begin_as_the_plain_scans_find_them():
    """The edits are matched only at the positions the standard library's engine finds (guard characters, digits of
    other scripts, a heading's line start, the character before a mark), and furniture only at the line starts that
    may open it: the same matches as the plain finditer over the whole text, on dense random texts."""
    import random

    from extractor import normalize as N
    rng = random.Random(3)
    alphabet = list("ab \t\n\r<>&#*()-_=|;.,:/pbrs0123456789") + [
        "\u00a0", "\u2003", "\u200b", "\ufeff", "\x01", "\x7f", "٣", "３", "\U000116e2", "\U0001d7cf", "\u0301",
        "\u0323", "ệ", "CÔNG BÁO/Số 12/Ngày 1", "CÔNG ", "Ký bởi: x\nCơ quan: y", "Ký ", "&amp;", "&nbsp;", "&#12;",
        "<br>", "<p>", "</b>", "**", "## ", "_____", "---", "—————", "92 \n", "\n \n"]
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        marks = N._MARK.search(text) is not None
        pattern = N._EDITS if marks else N._EDITS_NO_MARKS
        positions = N._edit_positions(text, marks)
        if positions is not None:
            fast = [(m.span(), m.lastgroup) for m in N._matches_at(pattern, text, positions)]
            assert fast == [(m.span(), m.lastgroup) for m in pattern.finditer(text)], repr(text)
        plain = N.normalize_text(text, fold=False).text
        assert [m.span() for m in N._furniture(plain)] == [m.span() for m in N._FURNITURE.finditer(plain)], repr(plain)


def test_one_scan_plan_equals_the_three_scans():
    """_scan_plan (one scan for edit starts, marks and characters beyond the Basic Multilingual Plane) gives what the
    separate searches give: whether a mark stands in the text, and where edits may begin."""
    import random
    import unicodedata

    from extractor import normalize as N
    rng = random.Random(8)
    alphabet = list("ab \n\r<&#*") + ["Điều 1. ", "## Mục", "ệ", "\u00a0", "٣", "３", "\u0301", "\u0323", "\u20dd",
                                      "\ufe20", "\U000116e2", "\U0001d7cf", "\U0001f600", "\U000e0100", "hoà"]
    texts = ["", "Thủ tướng Chính phủ", unicodedata.normalize("NFD", "Ủy ban nhân dân"), "# Tiêu đề\n\u0300"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(20000)]
    for text in texts:
        marks = N._MARK.search(text) is not None
        assert N._scan_plan(text) == (marks, N._edit_positions(text, marks)), repr(text)


def test_tone_folding_moves_the_mark_of_an_open_syllable_only():
    from extractor.patterns.fold import fold_tones

    assert fold_tones("Ủy ban hoà giải, uỷ quyền, thuý, HOÁ ĐƠN, Hoá") == \
        "Ủy ban hòa giải, ủy quyền, thúy, HÓA ĐƠN, Hóa"
    # the syllable goes on (`hoàn`), after q (`quý` is already right), a pair the table does not hold (`oÀ`)
    assert fold_tones("hoàn thành, quý, quỹ, QUÝ, hoÀ") == "hoàn thành, quý, quỹ, QUÝ, hoÀ"


def test_tone_folding_finds_every_pair_its_first_look_lets_through():
    """fold_tones skips a text where no o or u stands before a marked second vowel: over every string of four
    characters drawn from those letters, q, another letter, a space and a number, it folds as the full substitution."""
    import itertools

    from extractor.patterns.fold import _TONE_RE, _TONE_TABLE, fold_tones

    letters = "oOuUqQ" + "àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ" + "n ²\u0301ƀα"
    for chars in itertools.product(letters, repeat=4):
        s = "".join(chars)
        assert fold_tones(s) == _TONE_RE.sub(lambda m: _TONE_TABLE.get(m.group(), m.group()), s), s


def test_the_latin_letters_the_tone_folding_looks_at_are_letters_to_regex():
    """After a pair, the standard library's engine rules out only letters (each a letter to `regex`), so every pair
    _TONE_RE folds is one its first look finds."""
    import sys

    import regex

    from extractor.patterns.fold import _LATIN_LETTERS
    latin, letter = regex.compile(f"[{_LATIN_LETTERS}]"), regex.compile(r"\p{L}")
    assert all(letter.match(chr(c)) for c in range(sys.maxunicode + 1) if latin.match(chr(c)))
