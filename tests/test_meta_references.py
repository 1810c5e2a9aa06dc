"""References (guide §2) in the forms of real gazette text: table cells one a line, numbers wrapped or cut by a page
break, footnote markers and words glued to a number, letters of another script, forms and standards that are not
documents. The sentences are written for these tests in the style of the Công báo."""
from extractor.normalize import normalize, normalize_text
from extractor.parsers.text import source_from_text
from extractor.references import clean_number, find_references, number_key


def refs(text):
    t = normalize_text(text)
    return [(r.type, r.number, r.date) for r in find_references(t.folded)]


def test_table_cells_one_a_line():
    text = "TT\nTên loại\nvăn bản\nSố, ký hiệu\n1\nLuật\nSố 74/2014/QH13\nngày 27/11/2014\nLuật giáo dục nghề nghiệp\n" \
           "2\nThông tư\nSố 38/2019/TT-\nBLĐTBXH ngày\n30/12/2019\nHướng dẫn\n08/02/2019\n"
    assert refs(text) == [("Luật", "74/2014/QH13", "2014-11-27"), ("Thông tư", "38/2019/TT-BLĐTBXH", "2019-12-30")]


def test_numbers_wrapped_over_a_line_break():
    assert refs("được sửa đổi, bổ sung theo Luật số 32/2013/QH13 và Luật số \n68/2020/QH14;") == [
        ("Luật", "32/2013/QH13", None), ("Luật", "68/2020/QH14", None)]
    assert refs("theo quy định tại Quyết định \nsố 91/2000/QĐ-TTg ngày 04 tháng 8 năm 2000") == [
        ("Quyết định", "91/2000/QĐ-TTg", "2000-08-04")]
    assert refs("theo Quyết định số 27/2018/QĐ\n-TTg ngày 06/7/2018 của Thủ tướng") == [
        ("Quyết định", "27/2018/QĐ-TTg", "2018-07-06")]


def test_one_document_written_with_and_without_the_leading_zero():
    text = "Nghị định số 4/2023/NĐ-CP ngày 13/02/2023 sửa đổi …; theo Nghị định số 04/2023/NĐ-CP"
    assert refs(text) == [("Nghị định", "04/2023/NĐ-CP", "2023-02-13")]
    assert number_key("04/2023/NĐ-CP") == number_key("4/2023/NĐ - CP")
    assert number_key("40/2023/NĐ-CP") != number_key("4/2023/NĐ-CP")


def test_number_over_a_page_break():
    # the running header (`CÔNG BÁO/Số …` and the page number) is dropped by normalising; blank lines stay
    text = "Nghị định số 131/2021/NĐ-\n\n \n12\nCÔNG BÁO/Số 275/Ngày 15-05-2026\n \nCP và Nghị định số 129/2020/NĐ-CP"
    t = normalize(source_from_text(text, "x"))
    assert [(r.type, r.number) for r in find_references(t.folded)] == [
        ("Nghị định", "131/2021/NĐ-CP"), ("Nghị định", "129/2020/NĐ-CP")]


def test_number_cut_by_a_page_break():
    cut = "sửa đổi, bổ sung một số điều Thông tư số 42/2015/TT-\n\n64\nCÔNG BÁO/Số 505 + 506/Ngày 14-4-2024\n"
    assert refs(cut + "Danh mục văn bản\nThông tư số 42/2015/TT-BLĐTBXH ngày 20/10/2015") == [
        ("Thông tư", "42/2015/TT-BLĐTBXH", "2015-10-20")]
    assert refs(cut) == []   # what the page break left is no number


def test_footnote_markers_glued_to_a_number():
    assert refs("thực hiện Nghị quyết số 140/NQ-CP2 của Chính phủ") == [("Nghị quyết", "140/NQ-CP", None)]
    assert refs("Căn cứ Luật số 74/2014/QH131;") == [("Luật", "74/2014/QH13", None)]
    assert refs("Nghị định số 49/2018/NĐ-CP ngày 30 tháng 3 năm 20218 của Chính phủ") == [
        ("Nghị định", "49/2018/NĐ-CP", "2021-03-30")]
    # digits that belong to the code stay: a term of the National Assembly, a code the gazetteer does not know
    assert clean_number("38/2001/PL-UBTVQH10") == "38/2001/PL-UBTVQH10"
    assert clean_number("685/BC-UBVHXH15") == "685/BC-UBVHXH15"


def test_words_glued_to_a_number_or_after_its_hyphen():
    assert refs("Thông tư số 152/2025/TT-BTCngày 31/12/2025 của Bộ trưởng") == [
        ("Thông tư", "152/2025/TT-BTC", "2025-12-31")]
    assert refs("Luật số 51/2010/QH12-Luật Quản lý thuế") == [("Luật", "51/2010/QH12", None)]


def test_letters_of_another_script_in_a_code():
    assert refs("Căn cứ Nghị định số 40/2026/NĐ-\u0421\u0420 ngày 25/01/2026") == [
        ("Nghị định", "40/2026/NĐ-CP", "2026-01-25")]
    assert refs("Nghị định số 121/2021/N\u00d0-CP") == [("Nghị định", "121/2021/NĐ-CP", None)]


def test_the_number_names_the_kind():
    assert refs("sửa đổi, bổ sung Thông tư số 191/2005/TTLT-BQP-BLĐTBXH-BTC; Nghị quyết số 66.16/2026/NQ-CP") == [
        ("Thông tư liên tịch", "191/2005/TTLT-BQP-BLĐTBXH-BTC", None), ("Nghị quyết", "66.16/2026/NQ-CP", None)]
    assert refs("xem xét các Tờ trình số 613/TTr-CP và số 374/BC-BCT") == [
        ("Tờ trình", "613/TTr-CP", None), ("Báo cáo", "374/BC-BCT", None)]


def test_laws_whose_name_has_commas():
    assert refs("Căn cứ Luật An toàn, vệ sinh lao động số 84/2015/QH13 được sửa đổi, bổ sung") == [
        ("Luật", "84/2015/QH13", None)]


def test_forms_standards_and_numberless_documents_are_not_references():
    assert refs("cơ quan thuế thông báo theo mẫu số 01/TB-BSTT-NNT tại Phụ lục II; Mẫu số 02/TNDN") == []
    assert refs("đáp ứng QCVN 06:2012/BLĐTBXH và tiêu chuẩn ISO 9001:2015 theo Đề án 06") == []


def test_a_qualified_kind_before_so():
    assert refs("Xét Tờ trình số 177/TTr-CP ngày 09/4/2025 của Chính phủ; Báo cáo thẩm tra số 1152/BC-UBTCNS15 "
                "ngày 20/4/2025 của Ủy ban Tài chính, Ngân sách") == [
        ("Tờ trình", "177/TTr-CP", "2025-04-09"), ("Báo cáo", "1152/BC-UBTCNS15", "2025-04-20")]
    assert refs("Văn bản ủy quyền mẫu số 41/UQ-ĐKT ban hành kèm theo Thông tư") == []


def test_the_scan_for_type_words_finds_what_the_pattern_finds():
    """A type word is tried only where its lower case stands in the lower-case text: on dense random strings
    (capitals, letters `regex` folds alike ignoring case: `ſ`, the Kelvin sign, `İ`), the places TYPE_START's search
    finds."""
    import random

    from extractor import references as R
    from extractor.patterns.fold import caseless_lower
    from extractor.patterns.references import TYPE_START
    rng = random.Random(3)
    pieces = ["Luật ", "luật ", "LUẬT ", "Bộ luật ", "Bộ ", "Pháp lệnh ", "Pháp ", "Đầu tư ", "số ", "Số: ", "SỐ ",
              "45/2019/QH14", "58/2024/QH15 ", "Quyết định ", "QUYẾT ", "quyết ", "QĐ ", "qđ ", "Nghị ", "NGHỊ ",
              "Thông tư ", "TT ", "Kế ", "KẾ ", "ſ", "\u212a", "İ", "ß", "Chương ", "CHƯƠNG ", ", ", "\n", "a", "B"]
    found = 0
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        low = caseless_lower(text[start:end])
        for pos in range(start, end + 1):
            want = TYPE_START.search(text, pos, end)
            assert R._type_start(text, low, start, pos, end) == (want.start() if want else -1), (repr(text), pos)
            found += want is not None
    assert found > 10000


def _dense_citation_text(rng) -> str:
    pieces = ["Luật ", "luật ", "LUẬT ", "Bộ luật ", "Bộ ", "Pháp lệnh ", "Pháp ", "Đầu tư ", "Lao động, ", "số ",
              "Số: ", "SỐ ", "số", "45/2019/QH14", "58/2024/QH15 ", "84/2015/QH13", "12-CT/TW", "3/", "2025", "ngày ",
              "Quyết định ", "QĐ ", "Nghị định ", "nghị quyết ", "Thông tư ", "Công văn ", "văn bản ", "Kế hoạch ",
              "ſ", "\u212a", "İ", "Σ", "ΣΑ ", "ß", "(", ")", ". ", "; ", ":", " - ", "–", "\n", "\t", "\u00a0", "a",
              "B", "1", "vụ ", "Tổ chức ", "An toàn, vệ sinh ", "x" * 30 + " ", "Luật Đầu tư số ",
              "Bộ luật Lao động số ", "Pháp lệnh Phí, lệ phí số: ", "Luật Tổ chức Chính phủ\nsố ", "Luật Đất đai SỐ ",
              "12.3a /", "đ", "7 \t-", "123456/", "1.2.3-", "٣/", "¹/", "x-", "Q/", "/", "-", "--", "9"]
    cited = ["Luật Đầu tư số ", "Bộ luật Lao động số ", "Quyết định số ", "Thông tư ", "45/2019/QH14", "12-CT/TW",
             "58/2024/QH15 "]
    return "".join(rng.choice(cited if rng.random() < 0.3 else pieces) for _ in range(rng.randint(0, 40)))


def test_the_scans_near_numbers_find_what_finditer_finds():
    """Numbers' starts are looked for only before a slash or a hyphen; named laws are tried only at their type words
    in the run of name characters before a number, typed citations only within reach of a number, on a lower case of
    that reach alone: on dense random texts (type words in every case, numbers, non-ASCII digits, letters `regex`
    folds alike ignoring case, sigmas, which lower by their neighbours), the three find what the patterns' finditer
    finds over any range."""
    import random

    from extractor import references as R
    from extractor.patterns.references import NAMED_LAW, NUMBER_START, TYPE_START_LOWER, TYPED
    assert not {"σ", "ς"} & set(TYPE_START_LOWER.pattern)   # (the pieces' lower case is the text's there)
    rng = random.Random(11)
    named = typed = 0
    for _ in range(8000):
        text = _dense_citation_text(rng)
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        numbers = [m.start() for m in NUMBER_START.finditer(text, start, end)]
        assert R._number_starts(text, start, end) == numbers, (repr(text), start, end)
        want = [m.span() for m in NAMED_LAW.finditer(text, start, end)]
        assert [m.span() for m in R._named_laws(text, start, end, numbers)] == want, (repr(text), start, end)
        named += len(want)
        want = [m.span() for m in TYPED.finditer(text, start, end)]
        assert [m.span() for m in R._typed(text, start, end, numbers)] == want, (repr(text), start, end)
        typed += len(want)
    assert named > 700 and typed > 1200, (named, typed)
