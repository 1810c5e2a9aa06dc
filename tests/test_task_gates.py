"""The task reader's statement patterns are tried only where the words they cannot match without stand (each pattern
is written beside those words in patterns/tasks.py): on every paragraph and heading of the bundled corpus, and on
sentences made to match each pattern, a pattern that matches finds its words there, and the gated tests answer as the
plain patterns do."""
from __future__ import annotations

import pytest
import regex

from conftest import CORPUS
from extractor import agencies as A, tasks as T
from extractor.patterns import tasks as P
from extractor.pipeline import extract_file

# one sentence each pattern reads (as rules and plans write them)
MADE = [
    "Thông tư này có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2025.",
    "Bộ trưởng các bộ chịu trách nhiệm thi hành Quyết định này.",
    "Tổ chức, cá nhân chịu trách nhiệm trước pháp luật về tính chính xác của hồ sơ.",
    "Trường hợp văn bản dẫn chiếu được sửa đổi thì thực hiện theo văn bản mới.",
    "Trong quá trình thực hiện, nếu thấy cần sửa đổi, bổ sung, các bộ gửi đề xuất về Bộ Tài chính.",
    "Trường hợp này thì thẩm quyền giải quyết thuộc Chủ tịch Ủy ban nhân dân cấp tỉnh.",
    "Sở Tài chính chịu trách nhiệm tổ chức thực hiện Quyết định này.",
    "Tên tổ chức: ........................",
    "Địa chỉ: …  …",
    "Họ và tên: __________",
    "Số tiền được tính theo công thức sau:",
    "Kế toán ghi Nợ TK 111, ghi Có TK 121.",
    "Khi thanh toán, ghi có các tài khoản liên quan.",
    "Ví dụ: doanh nghiệp A có doanh thu 10 tỷ đồng.",
    "Thời gian kết thúc:",
    "Chính phủ thống nhất quản lý nhà nước về lao động.",
    "Công an tỉnh là cơ quan thường trực của Ban Chỉ đạo.",
    "Cơ quan nhà nước không được yêu cầu người dân nộp thêm giấy tờ.",
    "Người nộp thuế không phải nộp hồ sơ khai thuế.",
    "Cá nhân có quyền khiếu nại quyết định hành chính.",
    "Cơ quan tham mưu là tổ chức thẩm định hồ sơ.",
    "Đơn vị nhận báo cáo là Tổng cục Thống kê.",
    "Cơ sở thực hiện hành vi vi phạm quy định về an toàn thực phẩm.",
    "Cơ sở vi phạm thì bị thu hồi giấy chứng nhận.",
]


def _texts() -> list[str]:
    out = list(MADE)
    for path in sorted(CORPUS.glob("*.txt")):
        ex = extract_file(path)
        for doc in ex.documents:
            for root in doc.sections:
                for sec in root.walk():
                    out.append(sec.title or "")
                    out += [ex.text.text[a:b] for a, b in sec.paragraphs]
    return out


TEXTS = _texts()


@pytest.mark.parametrize("name,parts,anchored", [
    ("anywhere", P._NOT_A_TASK_ANYWHERE_RES, False),
    ("past_words", P._NOT_A_TASK_PAST_WORDS_RES, True),
    ("rule", P._RULE_STATEMENT, True),
])
def test_a_gated_pattern_matches_only_where_its_words_stand(name, parts, anchored):
    met = [0] * len(parts)
    for text in TEXTS:
        folded = text.casefold()
        for k, (gate, pattern) in enumerate(parts):
            if (pattern.match(text) if anchored else pattern.search(text)):
                met[k] += 1
                assert all(w in folded for w in gate), (name, gate, text[:120])
    assert all(met), met      # every pattern met at least once: no check is empty


def test_headings_read_as_the_plain_patterns_read_them():
    start, end = P._NO_TASK_HEADING_PARTS
    r_start, r_end = P._RESULTS_HEADING_PARTS
    titles = [t for t in TEXTS if len(t) < 300] + ["MỤC TIÊU", "Quan điểm chỉ đạo", "Về tình hình thực hiện",
                                                   "KẾT QUẢ ĐẠT ĐƯỢC", "Nhiệm vụ (mục tiêu)", "II. Đánh giá chung"]
    for t in titles:
        assert P.no_task_heading(t) == bool(start.match(t) or end.search(t)), t
        assert P.results_heading(t) == bool(r_start.match(t) or r_end.search(t)), t
    assert sum(map(P.no_task_heading, titles)) and sum(map(P.results_heading, titles))


def _word_starts(text: str) -> list[int]:
    """Where a word (or a mark before one) may start in ``text``: its start and after each space or punctuation."""
    return sorted({0, *(m.end() for m in regex.finditer(r"[\s,;.:()]+", text) if m.end() < len(text))})


def test_an_opening_word_gate_lets_every_match_through():
    """The subject readers try their head-noun patterns only where a word they open with stands: on every paragraph
    and heading of the bundled corpus, at each word, a match of the plain pattern finds its first word in the gate's
    set (agencies.actor_at, tasks._headed_actor, tasks._label_at)."""
    actor_words, actor_firsts = A._actor_words(), A._actor_firsts()
    body_head, body_firsts = T._body_head(), T._body_head_firsts()
    label, label_firsts = T._label_pattern(), T._label_firsts()
    assert all(A._WORD.fullmatch(w) for w in actor_firsts) and all(T._WORDS.fullmatch(w) for w in body_firsts)
    assert all(T._WORDS.fullmatch(w) for w in label_firsts)
    met = [0, 0, 0]
    for text in TEXTS:
        for p in _word_starts(text):
            if actor_words.match(A._lower(text[p:p + 80])):
                met[0] += 1
                first = A._WORD.match(text, p, p + 80)
                assert first and A._lower(first.group()) in actor_firsts, text[p:p + 80]
            if body_head.match(text, p):
                met[1] += 1
                first = T._WORDS.match(text, p)
                assert first and first.group().casefold() in body_firsts, text[p:p + 80]
            if label.match(text, p):
                met[2] += 1
                assert T._label_at(text, p) is not None, text[p:p + 80]
    assert all(met), met      # every gate met at least once: no check is empty
