"""Documents of the corpus: the split into 8 documents and their metadata, field by field."""
import pytest

EXPECTED = {
    "000": [dict(number=None, type="Phụ lục", issuer="Văn phòng Chính phủ", issued_date="2025-01", place=None,
                 title="Nhiệm vụ, chỉ tiêu về cải cách thủ tục hành chính, hiện đại hóa phương thức chỉ đạo, điều hành "
                       "bộ, ngành, địa phương được Chính phủ giao",
                 signer=None, signer_title=None, attached_to=None)],
    "001": [dict(number="23/CT-TTg", type="Chỉ thị", issuer="Thủ tướng Chính phủ", issued_date="2021-09-02",
                 place="Hà Nội",
                 title="Về việc đẩy mạnh thực hiện Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030",
                 signer="Phạm Bình Minh", signer_title="KT. THỦ TƯỚNG / PHÓ THỦ TƯỚNG", attached_to=None),
            dict(number="468/QĐ-TTg", type="Quyết định", issuer="Thủ tướng Chính phủ", issued_date="2021-03-27",
                 place="Hà Nội",
                 title="Phê duyệt Đề án đổi mới việc thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết "
                       "thủ tục hành chính",
                 signer="Nguyễn Xuân Phúc", signer_title=None, attached_to=None),
            dict(number="979/QĐ-BNV", type="Quyết định", issuer="Bộ Nội vụ", issued_date="2020-11-18", place="Hà Nội",
                 signer="Lê Vĩnh Tân", signer_title="BỘ TRƯỞNG", attached_to=None)],
    "002": [dict(number="240/QĐ-TTg", type="Quyết định", issuer="Thủ tướng Chính phủ", issued_date="2025-02-04",
                 place="Hà Nội", title="Ban hành Kế hoạch cải cách thủ tục hành chính trọng tâm năm 2025",
                 signer="Nguyễn Hòa Bình", signer_title=None, attached_to=None)],
    "003": [dict(number="1250/VPCP-KSTT", type="Công văn", issuer="Văn phòng Chính phủ", issued_date="2021-02-25",
                 place="Hà Nội", title="Triển khai nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao",
                 signer="Mai Tiến Dũng", signer_title="BỘ TRƯỞNG, CHỦ NHIỆM", attached_to=None)],
    "004": [dict(number=None, type="Tài liệu", issued_date=None, place=None,
                 title="Cải cách thủ tục hành chính và hiện đại hóa phương thức chỉ đạo, điều hành",
                 signer=None, attached_to=None)],
    "005": [dict(number="844/QĐ-TTg", type="Quyết định", issuer="Thủ tướng Chính phủ", issued_date="2026-05-13",
                 place="Hà Nội",
                 title="Ban hành Kế hoạch hành động thực hiện Chỉ thị số 52-CT/TW ngày 03 tháng 10 năm 2025 của "
                       "Ban Bí thư về thực hiện bảo hiểm y tế toàn dân trong giai đoạn mới",
                 signer="Phạm Thị Thanh Trà", signer_title="KT. THỦ TƯỚNG / PHÓ THỦ TƯỚNG", attached_to=None)],
}


def test_corpus_holds_eight_documents(corpus):
    assert sum(len(corpus(p).documents) for p in EXPECTED) == 8


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_metadata(corpus, prefix):
    docs = corpus(prefix).documents
    assert len(docs) == len(EXPECTED[prefix])
    for doc, want in zip(docs, EXPECTED[prefix]):
        got = {k: getattr(doc, k) for k in want}
        assert got == want


def test_979_title_keeps_its_quotes(corpus):
    doc = corpus("001").documents[2]
    assert doc.title.startswith("Phê duyệt Đề án “Hệ thống ứng dụng công nghệ thông tin đánh giá cải cách hành chính")
    assert doc.title.endswith("giai đoạn 2021 - 2030”")


def test_attached_plans_stay_with_their_decision(corpus):
    """A Kế hoạch or Phụ lục issued with a document is a part of it, not a document of its own."""
    assert [kind for _, _, kind in corpus("002").documents[0].parts] == ["Kế hoạch"]
    assert [kind for _, _, kind in corpus("005").documents[0].parts] == ["Kế hoạch", "Phụ lục"]
    assert [kind for _, _, kind in corpus("001").documents[0].parts] == ["Phụ lục"]


def test_letter_addressees(corpus):
    assert corpus("003").documents[0].addressees == [
        "Các Bộ, cơ quan ngang Bộ; cơ quan thuộc Chính phủ",
        "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",
    ]


def test_documents_cover_the_file_in_order(corpus):
    ex = corpus("001")
    docs = ex.documents
    assert docs[0].start == 0 and docs[-1].end == len(ex.text.text)
    assert all(a.end == b.start for a, b in zip(docs, docs[1:]))
    assert ex.text.text[docs[1].start:].startswith("THỦ TƯỚNG CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert ex.text.text[docs[2].start:].startswith("Số: 979 /QĐ-BNV")


def test_section_at_finds_the_deepest_section_as_a_walk_of_all_does():
    """`section_at` goes down through the child holding a position (a parent's range holds its children's; an
    appendix root may hold the `Nơi nhận` root after it): on every document of the bundled corpus, at every section's
    start and end (± 1) and every 37th offset, it gives the section a walk over all of them picks."""
    from conftest import CORPUS

    from extractor.parsers.structure import section_at
    from extractor.pipeline import extract_file

    def walked(roots, pos):
        best = None
        for r in roots:
            for s in r.walk():
                if s.start <= pos < max(s.end, s.start + 1):
                    if best is None or s.level >= best.level and s.start >= best.start:
                        best = s
        return best

    tried = 0
    for path in sorted(CORPUS.glob("*.txt")):
        for doc in extract_file(path).documents:
            edges = {p + d for r in doc.sections for s in r.walk() for p in (s.start, s.end) for d in (-1, 0, 1)}
            for pos in sorted(edges | set(range(doc.start, doc.end, 37))):
                assert section_at(doc.sections, pos) is walked(doc.sections, pos), (path.name, pos)
                tried += 1
    assert tried > 10_000


def test_marker_and_name_gates_answer_as_the_patterns_do():
    """match_marker's opening-letter test and is_person_name's last-word test only skip strings the patterns refuse:
    on dense random strings, the same answers as the plain patterns."""
    import random

    from extractor.patterns import header as H
    from extractor.patterns import markers as M
    rng = random.Random(9)
    pieces = list("PCMĐIVXLabcđxyzTNđươ0129 \t\n().-–+•*:Hhụi\"[“,٣—●") + [
        "Phần ", "Chương ", "Mục ", "Điều ", "II", "a)", "(i)", "Nguyễn ", "Văn ", "An", "Đại tướng ", "TS. ", "Bộ",
        "PHẦN ", "CHƯƠNG ", "MỤC ", "ĐIỀU ", "Các ", "Phát ", "Ma"]
    for _ in range(30000):
        s = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        m = M._ANY_MARKER.match(s)
        plain = None if not m else (M.MARKERS[int(m.lastgroup[1:])][0], m[f"label{m.lastgroup[1:]}"], m.end())
        assert M.match_marker(s) == plain, repr(s)
        t = H._rank().sub("", " ".join(s.strip(" *\t").split()), count=1)
        assert H.is_person_name(s) == (bool(H._NAME.match(t)) and t.split()[0] in H.surnames()), repr(s)


def test_a_marker_is_matched_by_the_patterns_of_its_first_character_as_by_all():
    """match_marker tries only the kinds whose pattern opens with the paragraph's first character: for every character
    of the Basic Multilingual Plane before the openings of each kind, the answer of all thirteen patterns."""
    from extractor.patterns import markers as M
    rests = ["HẦN I. Phạm vi", "HƯƠNG II", "ục 2. Nội dung", "iều 3. Hiệu lực", "IV. Tổ chức", ". Mục tiêu",
             ") nội dung", "1.2. Kết quả", "i) cơ quan", "12) x", " - x", "x", ""]
    matched = 0
    for c in range(0x10000):
        for rest in rests:
            s = chr(c) + rest
            m = M._ANY_MARKER.match(s)
            plain = None if not m else (M.MARKERS[int(m.lastgroup[1:])][0], m[f"label{m.lastgroup[1:]}"], m.end())
            assert M.match_marker(s) == plain, repr(s)
            matched += plain is not None
    assert matched > 100


def test_paragraph_markers_and_line_gates_answer_as_the_patterns_do():
    """paragraphs() hands build_tree the marker it read on a paragraph's first line only where match_marker would give
    the same for the paragraph's whole text (the line alone, or a line whose opening letter no marker takes); its
    first-character reading of _STARTS_LOWER and ends_mid_phrase's NFC key agree with the plain patterns: on short
    Vietnamese texts of headings, list items and wrapped lines, cut in random places."""
    import random
    import unicodedata

    from extractor.parsers import structure as S
    from extractor.parsers import tables as T
    from extractor.patterns.fold import match_key
    from extractor.patterns.markers import match_marker

    rng = random.Random(11)
    lines = ["Điều 1.", "Điều 2. Phạm vi điều chỉnh", "I.", "II. NHIỆM VỤ VÀ GIẢI PHÁP", "1.", "1. Mục tiêu chung",
             "a)", "a) Bộ Tài chính chủ trì", "đ) các bộ, ngành và", "- kinh tế", "- xã hội;", "(1) rà soát; (2) đánh",
             "(3) giá", "Chương II", "CHƯƠNG", "PHẦN THỨ", "hai", "Mục 2.", "Phần mềm quản lý văn bản của", "b",
             "Ủy ban nhân dân tỉnh Bình Thuận và", "“các cơ quan", "(kèm theo)", "\"hỗ trợ\"", "+ tăng cường",
             "e ngại về", "x", "ĐỀ ÁN", "Nơi nhận:", "vững của đất nước.", "Quý", "Tháng", "và", "hoà", "của",
             "1.2.3", "1.2. Nhiệm vụ", "1.2", "(ii)", "(ii) rà soát", "(i", "(12)", "IV.", "IV. Tổ chức", "IVa",
             "Chương", "Chương IV", "CHƯƠNG IVa", "Mục 2", "Mục 2. Quy định", "Điều 15", "Điều 15: Hiệu lực",
             "PHẦN THỨ HAI", "Phần IV: KẾT LUẬN", "a)", "-", "- ", "+", "•  nội dung", ":", ".", "Phần", "PHẦN I."]
    for _ in range(6000):
        text = "\n".join(rng.choice(["", "  ", ""]) + rng.choice(lines) + rng.choice(["", " "])
                         for _ in range(rng.randint(1, 12)))
        for p in S.paragraphs(text, 0, len(text)):
            if p.marker is not S.UNREAD:
                assert p.marker == match_marker(p.text), repr(p.text)
    for s in lines + [x.upper() for x in lines] + ["(đ)", "“Đ", "\"", "(", "ă", "Ă", "z", "Z", "0", "ß"]:
        assert S._starts_lower(s) == (S._STARTS_LOWER.match(s) is not None), repr(s)
        for word in s.split() + [unicodedata.normalize("NFD", w) for w in s.split()]:
            key = T.fold_tones(word).lower() if unicodedata.is_normalized("NFC", word) else match_key(word)
            assert key == match_key(word), repr(word)
    # ends_mid_phrase's test of an ASCII last character against the plain reading of the last word
    lower, upper = T._run_on_words()
    words = ["và", "của", "Quý", "Tháng", "năm", "2025", "cho", "bằng", "hoà", "Nam", "v", "x1", "ngày", "đối với", ".",
             ")", "A", "ABC", "giữa", "thuộc", "Ngày", "mục"]
    for _ in range(20000):
        t = " ".join(rng.choice(words) for _ in range(rng.randint(0, 4)))
        m = T._LAST_WORD.search(t.rstrip())
        plain = bool(m) and m.end() == len(t.rstrip()) and (match_key(m.group(1)) in lower or m.group(1) in upper)
        assert T.ends_mid_phrase(t) == plain, repr(t)


def test_header_line_gates_answer_as_the_patterns_do():
    """The header reader's cheap tests only skip lines the patterns refuse: a place-and-date line ends with its year
    (may_be_place_date), a number line opens with a capital `S` or has `số` and a colon, a line in capitals is one
    whatever marks stand around it; on header and body lines of Vietnamese documents, cut and joined at random."""
    import random

    from extractor.patterns import header as H

    rng = random.Random(13)
    lines = ["Hà Nội, ngày 02 tháng 9 năm 2021", "TP. Hồ Chí Minh, ngày 10 tháng 02 năm 2024.",
             "ngày 5 tháng 3 năm 2025",
             "Số: 23 /CT-TTg", "SỐ: 12/2024/TT-BTC Hà Nội, ngày 10 tháng 02 năm 2024", "S6: 45/QĐ-UBND",
             "Luật số: 51/2024/QH15", "Nghị quyết số: 24/2022/UBTVQH15", "số 09/2016/TTLT-BTC", "sự phát triển",
             "Sở Tài chính", "…, ngày … tháng … năm …", "năm 2023 của Chính phủ.", "THỦ TƯỚNG CHÍNH PHỦ",
             "** QUYẾT ĐỊNH",
             "# KẾ HOẠCH\t", "Độc lập - Tự do - Hạnh phúc", "ngày 15 tháng 3 năm 2024 2025", "năm 20231", "Kèm theo",
             "tháng 12 năm 2020 ٣", "năm 2021 .", "2021", ".", "a", "Hà Nội ,  Ngày 1 tháng 2 năm 2020",
             "có hiệu lực từ ngày 15 tháng 8 năm 2020.", "Bộ Y tế, có hiệu lực", "Đà Nẵng,", "NGÀY 3 THÁNG 4 NĂM 2022",
             "CỘNG HÒA XÃ HỘI", "CỘNG HOÀ XàHỘI", "Số", "Số :", "SỐ:", "(Kèm theo", "Kèm theo Quyết định",
             "Hà Nội, ngày"]
    for _ in range(5000):
        s = " ".join(rng.choice(lines) for _ in range(rng.randint(1, 3))).strip()
        if H.PLACE_DATE.match(s):
            assert H.may_be_place_date(s), s
        low = s.lower()
        if H.NUMBER_LINE.match(s) or H.NUMBER_DATE_LINE.match(s):
            assert s.startswith("S") or "số" in low and ":" in low, s
        if H.NUMBER_DATE_LINE.match(s):
            assert "ngày" in low and "tháng" in low, s
        for piece in (s, s[:rng.randint(0, len(s))].strip()):
            if H.SPLIT_PIECE.match(piece):
                assert H.may_be_split_piece(piece), piece
        t = rng.choice(["", "*", " #", "\t"]) + s + rng.choice(["", "*", " #"])
        assert t.isupper() == t.strip(" *#\t").isupper(), t


def test_tables_found_from_the_next_tab_or_bar_are_those_of_reading_every_line():
    """find_tables passes over the lines without a tab or a bar (it looks for the next in the text): on texts of
    Vietnamese lines, tab rows and bar rows mixed at random, and ranges cut inside lines, the tables of a reading
    that tries every line."""
    import random

    from extractor.parsers import tables as T

    rng = random.Random(17)
    rows = ["STT\tNhiệm vụ\tCơ quan chủ trì\tThời hạn", "1\tRà soát thủ tục\tBộ Tư pháp\tQuý I/2025",
            "| STT | Nội dung | Ghi chú |", "|---|---|---|", "| 2 | Báo cáo kết quả | Văn phòng Chính phủ |",
            "Bộ Tài chính chủ trì, phối hợp với các bộ, ngành.", "", "   ", "a | b", "Điều 3.\tHiệu lực thi hành",
            "\t", "x\t\ty"]
    plain = lambda text, a, b: a    # noqa: E731  (every line tried, as before the search)
    for _ in range(1500):
        text = "\n".join(rng.choice(rows) for _ in range(rng.randint(1, 14)))
        start = rng.randint(0, len(text) // 3)
        end = rng.choice([None, rng.randint(start, len(text))])
        got = T.find_tables(text, start, end)
        T._next_cell_mark, kept = plain, T._next_cell_mark
        try:
            assert got == T.find_tables(text, start, end), repr(text)
        finally:
            T._next_cell_mark = kept


def test_ascii_lower_case_letters_refuse_a_line_in_capitals():
    """build_tree asks UPPER_LINE only of a short first line without an ASCII lower-case letter: one with such a letter
    is refused by the pattern too (random mixes of Vietnamese capitals, small letters, digits and marks)."""
    import random

    from extractor.patterns.header import UPPER_LINE, has_ascii_lower

    rng = random.Random(19)
    pieces = ["THỦ TƯỚNG", "KT. ", "Bộ", "trưởng", "ĐIỀU", "ư", "đ", "a", "Z", "1.", " ", "*", "ª", "ǅ", "–", "Ư"]
    for _ in range(20000):
        s = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 5)))
        if has_ascii_lower(s):
            assert UPPER_LINE.match(s) is None, repr(s)
