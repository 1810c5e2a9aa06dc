"""References (guide §2): every citation form of the corpus, one reference per cited document, ISO dates."""
from extractor.normalize import normalize_text
from extractor.references import find_references

REFS_240 = [
    ("Nghị định", "79/2022/NĐ-CP", "2022-10-06"), ("Nghị quyết", "57-NQ/TW", "2024-12-22"),
    ("Nghị quyết", "142/2024/QH15", "2024-06-29"), ("Nghị quyết", "01/NQ-CP", "2025-01-08"),
    ("Nghị quyết", "02/NQ-CP", "2025-01-08"), ("Nghị quyết", "76/NQ-CP", "2021-07-15"),
    ("Nghị quyết", "68/NQ-CP", "2020-05-12"), ("Quyết định", "468/QĐ-TTg", "2021-03-27"),
    ("Quyết định", "06/QĐ-TTg", "2022-01-06"), ("Công văn", "6866/VPCP-KSTT", "2024-09-26"),
    ("Công văn", "7575/VPCP-KSTT", "2024-10-16"), ("Quyết định", "498/QĐ-TTg", "2024-06-11"),
    ("Nghị quyết", "03/NQ-CP", "2025-01-09"), ("Công văn", "5990/VPCP-KSTT", "2024-08-22"),
    ("Quyết định", "1085/QĐ-TTg", "2022-09-15"), ("Nghị định", "63/2010/NĐ-CP", "2010-06-08"),
    ("Nghị định", "92/2017/NĐ-CP", "2017-08-07"), ("Nghị định", "45/2020/NĐ-CP", "2020-04-08"),
    ("Nghị định", "107/2021/NĐ-CP", None), ("Quyết định", "766/QĐ-TTg", "2022-06-23"),
    ("Nghị quyết", "108/NQ-CP", "2024-07-10"), ("Nghị quyết", "188/NQ-CP", "2024-10-11"),
    ("Nghị quyết", "175/NQ-CP", "2023-10-30"), ("Quyết định", "1012/QĐ-TTg", "2024-09-20"),
    ("Công văn", "7641/VPCP-KSTT", "2024-10-18"), ("Quyết định", "274/QĐ-TTg", "2019-03-12"),
    ("Nghị định", "61/2018/NĐ-CP", "2018-04-23"), ("Nghị định", "09/2019/NĐ-CP", "2019-01-24"),
]


def refs(text):
    t = normalize_text(text)
    return [(r.type, r.number, r.date) for r in find_references(t.folded)]


def test_references_of_240(corpus):
    doc = corpus("002").documents[0]
    assert sorted((r.type, r.number, r.date) for r in doc.references) == sorted(REFS_240)


def test_the_document_does_not_cite_itself(corpus):
    numbers = {r.number for d in corpus("001").documents for r in d.references}
    assert "23/CT-TTg" not in numbers  # its own Phụ lục says `Kèm theo Chỉ thị số 23 /CT-TTg`
    assert "240/QĐ-TTg" not in {r.number for r in corpus("002").documents[0].references}


def test_reference_offsets_point_at_the_source(corpus):
    ex = corpus("003")
    from extractor.output import to_dict

    doc = to_dict(ex)["documents"][0]
    src = ex.source.original
    for r in doc["references"]:
        assert " ".join(src[r["start"]:r["end"]].split()) == r["text"]
        assert r["number"].split("/")[0] in r["text"]


def test_long_and_short_dates():
    assert refs("theo Nghị quyết số 01/NQ-CP ngày 08 tháng 01 năm 2025 của Chính phủ") == [
        ("Nghị quyết", "01/NQ-CP", "2025-01-08")]
    assert refs("tại Công văn số 9568/VPCP-KSTT ngày 16/11/2020 của Văn phòng Chính phủ") == [
        ("Công văn", "9568/VPCP-KSTT", "2020-11-16")]


def test_letters_named_van_ban_are_cong_van():
    assert refs("tại văn bản số 6866/VPCP-KSTT ngày 26/9/2024 và Văn bản thông báo số 8363/VPCP-KSTT") == [
        ("Công văn", "6866/VPCP-KSTT", "2024-09-26"), ("Công văn", "8363/VPCP-KSTT", None)]


def test_forms_without_so_abbreviations_and_bare_numbers():
    assert refs("Nghị định 45/2020/NĐ-CP; ND 107/2021/NĐ-CP; QĐ 972/1997/QĐ-TTg; 93/2007/QĐ-TTg") == [
        ("Nghị định", "45/2020/NĐ-CP", None), ("Nghị định", "107/2021/NĐ-CP", None),
        ("Quyết định", "972/1997/QĐ-TTg", None), ("Quyết định", "93/2007/QĐ-TTg", None)]


def test_party_and_assembly_numbers():
    assert refs("Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024; Nghị quyết số 142/2024/QH15; Nghị quyết số 38-CP năm 1994") == [
        ("Nghị quyết", "57-NQ/TW", "2024-12-22"), ("Nghị quyết", "142/2024/QH15", None), ("Nghị quyết", "38-CP", None)]


def test_number_wrapped_over_a_line_break():
    assert refs("(sau đây gọi tắt là Chỉ thị số 52-\nCT/TW)") == [("Chỉ thị", "52-CT/TW", None)]


def test_several_numbers_under_one_type_word():
    assert refs("tại các Công văn số: 7798/VPCP-KSTT ngày 18/9/2020 và 10362/VPCP- KSTT ngày 10/12/2020") == [
        ("Công văn", "7798/VPCP-KSTT", "2020-09-18"), ("Công văn", "10362/VPCP-KSTT", "2020-12-10")]


def test_same_document_twice_is_one_reference_with_the_date_found_later():
    assert refs("Nghị quyết 131/NQ-CP. Sau đó: 131/NQ-CP ngày 24/01/2018") == [("Nghị quyết", "131/NQ-CP", "2018-01-24")]


def test_a_law_without_number_is_not_a_reference():
    assert refs("Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;") == []


def test_old_tone_marks_and_capitals_in_the_type():
    assert refs("theo Nghị Quyết số 282/NQ-CP ngày 15/9/2025") == [("Nghị quyết", "282/NQ-CP", "2025-09-15")]


def test_laws_cited_by_name_and_number():
    assert refs("Căn cứ Luật Đầu tư công số 58/2024/QH15 ngày 29 tháng 11 năm 2024; Bộ luật Lao động số 45/2019/QH14") == [
        ("Luật", "58/2024/QH15", "2024-11-29"), ("Bộ luật", "45/2019/QH14", None)]


def test_bare_numbers_tried_only_where_a_number_starts_as_the_plain_scan_finds_them():
    """BARE's matches, tried only where NUMBER_START's begin, are those of its finditer: on dense random texts."""
    import random

    from extractor.patterns.references import BARE, NUMBER_START
    from extractor.references import _bare
    rng = random.Random(5)
    pieces = ["12", "3", "2024", "/", "-", ".", " ", "\n", "a", "đ", "NQ", "CP", "QĐ", "TTg", "TW", "BCT", "/2023/",
              "-CT/TW", "x", "(", "số "]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        a, b = rng.randint(0, len(text)), len(text) - rng.randint(0, 3)
        numbers = [m.start() for m in NUMBER_START.finditer(text, a, b)]
        assert [m.span() for m in _bare(text, b, numbers)] == [m.span() for m in BARE.finditer(text, a, b)], repr(text)
