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
from extractor.deadlines import pick_deadline
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


EXTRACTIONS = [extract_file(path) for path in sorted(CORPUS.glob("*.txt"))]


def _texts() -> list[str]:
    out = list(MADE)
    for ex in EXTRACTIONS:
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


def test_an_opening_phrase_gate_lets_every_match_through():
    """Opening phrases ended by a comma (`Trong thời hạn 05 ngày, `) are tried only where a word they begin with
    stands: at each word of every paragraph and heading, up to the next comma, a match of the plain pattern is one of
    the gated reader's (tasks._opener)."""
    met = 0
    for text in TEXTS:
        for p in _word_starts(text):
            comma = text.find(",", p)
            if comma < 0:
                continue
            plain = T._opener_re().match(text[p:comma + 1])
            gated = T._opener(text, p, comma + 1)
            assert bool(plain) == bool(gated), text[p:comma + 1]
            met += bool(plain)
    assert met


def _plain_heading_zone(title: str, rules: bool) -> str | None:
    """heading_zone as a loop over every zone word (the longest that the words open with; on a tie the first zone)."""
    words_ = T.fold_tones(" ".join(T._HEADING_MARK.sub("", title).split()).lower()).strip(" :.")
    words_ = T._QUANTIFIER.sub("", words_)
    if not words_:
        return None
    topic = T._TOPIC_LEAD.sub("", words_)
    if any(topic.startswith(w) and (len(topic) == len(w) or not topic[len(w)].isalnum())
           for w in T._zone_words()["funding"]):
        return "none"
    best, zone = 0, None
    for name in ("responsibility", "none", "describe") if rules else ("task", "none", "describe"):
        for w in T._zone_words()[name]:
            if len(w) > best and words_.startswith(w) and (len(words_) == len(w) or not words_[len(w)].isalnum()):
                best, zone = len(w), name
    return zone


def test_heading_zones_read_as_the_plain_loop_reads_them():
    """heading_zone finds its zone word by the prefixes of the heading (tasks._zone_index) as a loop over every zone
    word does, on every paragraph and heading and on each zone word itself (alone, and followed by a word)."""
    zone_words = [w for ws in T._zone_words().values() for w in ws]
    titles = [t for t in TEXTS if len(t) < 300] + zone_words + [w + " x" for w in zone_words] + [w + "x" for w in zone_words]
    # (and the words shorter than a lookup key)
    titles += [w[:k] for w in zone_words for k in range(T.OPENING_CHARS + 1)] + SENTENCES
    seen = set()
    for t in titles:
        for rules in (False, True):
            zone = T.heading_zone.__wrapped__(t, rules)
            assert zone == _plain_heading_zone(t, rules), (t, rules)
            seen.add(zone)
    assert {"task", "responsibility", "none", "describe"} <= seen


def _readers():
    """A reader of every document of the bundled corpus as a rule's and as a plan's (more items for each check)."""
    for ex in EXTRACTIONS:
        for doc in ex.documents:
            normative = doc.normative
            for rules in (False, True):
                doc.normative = rules
                yield ex, doc, T._Reader(ex.text, doc)
            doc.normative = normative


def test_an_item_that_binds_no_one_makes_no_task(monkeypatch):
    """make's early answer is a necessary condition: on every item of the bundled corpus (each document read as a rule
    and as a plan), where binds_no_one holds the full reading (_make) makes no task."""
    met = [0, 0]

    def make(self, sec, start, end, ctx, zone, prefix, labelled, topic=False):
        text = self.text[start:end]
        paragraph_starts = tuple(ps - start for ps, _ in sec.paragraphs if start < ps < end)
        mentions = T.with_actors(text, self.mentions(start, end), paragraph_starts)
        task = self._make(sec, start, end, text, paragraph_starts, T.clause_starts(text), mentions, ctx, zone, prefix,
                          labelled, topic)
        if self.binds_no_one(text, mentions, ctx):
            met[0] += 1
            assert task is None, text[:120]
        met[1] += task is not None
        return task

    monkeypatch.setattr(T._Reader, "make", make)
    for _, doc, reader in _readers():
        for root in doc.sections:
            reader.walk(root)
    assert all(met), met


def test_a_subject_ends_within_its_window():
    """read_roles reads a subject with words around its names only when some name within SUBJECT_WINDOW characters
    has only filler before it: subject_end never goes past that window (at every clause start of every paragraph)."""
    met = 0
    for ex, doc, reader in _readers():
        for root in doc.sections:
            for sec in root.walk():
                for a, b in sec.paragraphs:
                    text = ex.text.text[a:b]
                    mentions = T.with_actors(text, reader.mentions(a, b))
                    for at in {0, *(m.end() for m in T._CLAUSE_START.finditer(text))}:
                        assert T.subject_end(text, at, mentions) <= at + T.SUBJECT_WINDOW
                        met += 1
    assert met


def test_deadlines_read_from_the_times_in_range():
    """The reader picks a range's deadline among the times starting in it (found by bisection) as among all the
    document's times: for every paragraph, section and heading of the bundled corpus."""
    met = 0
    for ex, doc, reader in _readers():
        assert reader._time_starts is not None or not reader.times
        for root in doc.sections:
            for sec in root.walk():
                for a, b in [*sec.paragraphs, (sec.start, sec.end), reader.title_range(sec)]:
                    got = reader.deadline(a, b)
                    assert got == pick_deadline(reader.times, ex.text.text, a, b, reader.year, doc.issued_date)
                    met += got is not None
    assert met


class _Every:
    """A container holding everything (the segmentation without its check for longer words)."""

    def __contains__(self, item) -> bool:
        return True


def test_the_segmentation_tries_longer_words_only_where_one_may_start(monkeypatch):
    """postag._segment extends a word only while a longer word of the lexicon opens with it (_going_on): on every
    paragraph and heading (first 200 characters), the words read eagerly and lazily are those read trying every
    length up to MAX_SYLLABLES."""
    from extractor.patterns import postag
    texts = [t[:200] for t in TEXTS if t.strip()]
    gated = [(postag.words(t), list(postag.iter_words(t))) for t in texts]
    monkeypatch.setattr(postag, "_going_on", lambda: _Every())
    plain = [(postag.words(t), list(postag.iter_words(t))) for t in texts]
    assert gated == plain
    assert sum(len(w) for w, _ in gated) > sum(len(t.split()) for t in texts) // 2     # (words of many syllables)


def test_a_clause_start_with_no_actor_word_gives_no_actor():
    """with_actors reads a clause's actor only where the word at its start is one actor_at or _headed_actor may open
    with: at each word of every paragraph and heading, where that gate says no, both readers find none."""
    firsts = T._body_head_firsts()
    met = [0, 0]
    for text in TEXTS:
        for p in _word_starts(text):
            p = T._LEADING_MARKS.match(text, p).end()
            first = T._ACTOR_WORD.match(text, p, p + 80)
            word = first.group() if first else ""
            skipped = first is None or (not A.may_open_actor(word) and word.isalpha() and len(word) < 80
                                        and word.casefold() not in firsts)
            found = A.actor_at(text, p) is not None or T._headed_actor(text, p, []) is not None
            assert not (skipped and found), text[p:p + 80]
            met[found] += 1
    assert all(met), met


def test_a_part_is_excluded_as_the_plain_order_reads_it():
    """excluded asks the parts above a section first (their answer kept once a part): on every section of the bundled
    corpus (each document read as a rule and as a plan), it answers as its own checks before the parts' do."""
    met = [0, 0]
    for _, doc, reader in _readers():
        for root in doc.sections:
            for sec in root.walk():
                plain = bool(sec.kind == "recipients" or P.results_title(sec, own=True)
                             or (sec.title and P.no_task_heading(sec.title.lstrip("*# ")))
                             or (sec.parent is not None and reader._barred(sec.parent)))
                assert reader.excluded(sec) == plain, sec.title
                met[plain] += 1
    assert all(met), met


# sentences of rules and plans that open with modals, verbs, phrases of no work, urgency and generic actors
SENTENCES = [
    "Khẩn trương rà soát, sửa đổi các văn bản quy phạm pháp luật có liên quan.",
    "Có trách nhiệm tổ chức thực hiện và báo cáo kết quả trước ngày 15 tháng 12 hằng năm.",
    "Không được yêu cầu tổ chức, cá nhân nộp thêm giấy tờ ngoài quy định.",
    "Được hỗ trợ kinh phí đào tạo theo quy định của pháp luật.",
    "Là cơ quan đầu mối theo dõi, đôn đốc việc thực hiện Kế hoạch này.",
    "Doanh nghiệp gửi hồ sơ đề nghị đến cơ quan bảo hiểm xã hội; cơ quan bảo hiểm xã hội xác nhận trong 05 ngày.",
    "- Cơ sở đào tạo có trách nhiệm sau: tổ chức tuyển sinh, cấp bằng tốt nghiệp.",
    "Trường hợp hồ sơ chưa đầy đủ, cơ quan tiếp nhận hướng dẫn người nộp bổ sung ngay trong ngày.",
    "Tập trung cao độ, kịp thời xử lý các vướng mắc, KHẨN TRƯƠNG hoàn thành trong tháng 6.",
    "Đơn giản hóa thủ tục hành chính; cấp bách triển khai, gấp rút hoàn thiện hệ thống.",
    "Trong thời hạn 03 ngày làm việc, Ủy ban nhân dân cấp xã niêm yết công khai danh sách.",
    "Hạ tầng mạng Internet của Trung tâm.",
]
SAMPLES = SENTENCES + [t for t in TEXTS if t.strip()]


def _plain_phrase_at(low, k, groups):
    for n, group in groups.pairs:
        if " ".join(low[k:k + n]) in group:
            return n
    return 0


def _tokens(text: str) -> list[str]:
    return [T.norm(x) for x in T._SYLLABLE.findall(text)]


def test_phrases_and_verbs_are_looked_up_only_at_the_words_they_open_with():
    """_phrase_at (by a section's first words) and the lexicon's verb readers (by its verbs' first words) answer as
    the plain joins of 1, 2, 3 … tokens do, at every token of every sample (past its end too)."""
    from extractor import actions as X
    lex = X.lexicon()
    met = [0, 0]
    for text in SAMPLES:
        low = _tokens(text[:300])
        for section in ("modal", "not_action", "qualifier"):
            groups = T._phrase_groups(section)
            for k in range(len(low) + 2):
                got = T._phrase_at(low, k, groups)
                assert got == _plain_phrase_at(low, k, groups), (section, low[k:k + 4])
                met[0] += bool(got)
        for k in range(len(low) + 2):
            plain = any(" ".join(low[k:k + n]) in lex for n in (3, 2, 1))
            nouns = T.words("task_words.txt", "noun_compounds")
            plain = plain and " ".join(low[k:k + 2]) not in nouns and " ".join(low[k:k + 3]) not in nouns
            assert T._verb_at(low, k) == plain, low[k:k + 4]
            met[1] += plain
        head = _tokens(text[:160])     # (has_verb reads the opening 160 characters)
        plain_has = any(" ".join(head[k:k + n]) in lex for k in range(len(head)) for n in (1, 2, 3))
        assert not plain_has or T.has_verb(text)
    assert all(met), met


def _plain_read_lexicon_phrase(toks, low, lex):
    """actions._read_lexicon_phrase without its first-word gates."""
    from extractor import actions as X
    k, out = 0, []
    while k < len(toks):
        for size in (3, 2, 1):
            if " ".join(low[k:k + size]) in X.MODALS and not out:
                k += size
                break
        else:
            break
    while k < len(toks):
        hit = next((size for size in (3, 2, 1) if " ".join(low[k:k + size]) in lex), 0)
        if hit:
            out.append(" ".join(toks[k:k + hit]))
            k += hit
            continue
        if out and toks[k] in (",", "và", "hoặc") and k + 1 < len(toks) and any(
                " ".join(low[k + 1:k + 1 + size]) in lex for size in (3, 2, 1)):
            out.append(toks[k])
            k += 1
            continue
        break
    return out, k


def test_the_action_lexicon_reading_answers_as_the_plain_joins():
    """actions._read_lexicon_phrase (modals and verbs looked up only at the words they open with) reads the same
    phrase and stops at the same token as the plain joins, on every sample, with all its tokens' forms and a prefix."""
    from extractor import actions as X
    lex = X.lexicon()
    met = 0
    for text in SAMPLES:
        for start in (0, *[m.end() for m in regex.finditer(r"[,;:]\s*", text[:400])]):
            toks = X._SYLLABLE.findall(text[start:start + 200])
            for low in ([X.norm(t) for t in toks], [X.norm(t) for t in toks[:X._FIRST_TOKENS]]):
                got = X._read_lexicon_phrase(toks, low, lex)
                assert got == _plain_read_lexicon_phrase(toks, low, lex), toks[:8]
                met += bool(got[0])
    assert met


def test_urgency_is_searched_only_where_its_words_stand():
    """P.urgency answers as URGENCY.search on every sample (and on each of them upper-cased)."""
    met = 0
    for text in SAMPLES:
        for t in (text, text.upper()):
            plain, gated = P.URGENCY.search(t), P.urgency(t)
            assert (plain and plain.span()) == (gated and gated.span()), t[:120]
            met += bool(plain)
    assert met


def test_a_clause_start_reads_its_marks_and_word_as_the_two_patterns_do():
    """_MARKS_WORD at a position gives the end of _LEADING_MARKS there and the word _ACTOR_WORD reads after it (cut
    at ACTOR_WORD_REACH characters), or no word where _ACTOR_WORD reads none; actor_at reads no actor where the word
    is not one may_open_actor lets through."""
    met = [0, 0]
    for text in SAMPLES + ["- " + "a" * 100 + " làm", "* Cơ quan thuế thông báo"]:
        for p in _word_starts(text):
            at = T._MARKS_WORD.match(text, p)
            q = T._LEADING_MARKS.match(text, p).end()
            first = T._ACTOR_WORD.match(text, q, q + T.ACTOR_WORD_REACH)
            assert (at.group(1) is None) == (first is None), text[p:p + 40]
            if first is not None:
                word = at.group(1)[:T.ACTOR_WORD_REACH]
                assert at.start(1) == q and word == first.group(), text[p:p + 40]
                if not A.may_open_actor(word):
                    assert A.actor_at(text, q) is None, text[q:q + 40]
                    met[0] += 1
                else:
                    met[1] += 1
    assert all(met), met


def test_clause_subjects_with_no_mentions_and_shared_clause_starts():
    """clause_subjects answers [] at once for an item with no mentions (each clause's subject is one of them), and
    with_actors and clause_subjects read the same given their text's clause_starts as reading them themselves."""
    met = 0
    for text in SAMPLES:
        clauses = T.clause_starts(text)
        plain = T.with_actors(text, [])
        assert T.with_actors(text, [], (), clauses) == plain
        found = T.find_agencies(text)
        mentions = T.with_actors(text, found)
        assert T.with_actors(text, found, (), clauses) == mentions
        assert T.clause_subjects(text, mentions, clauses=clauses) == T.clause_subjects(text, mentions)
        if not plain:
            assert T.clause_subjects(text, []) == []
        met += bool(T.clause_subjects(text, mentions))
    assert met


LABELLED = ["- Đơn vị chủ trì: Bộ Công an.", "Thời gian hoàn thành: Quý IV/2025", "+ Cơ quan phối hợp: các bộ, ngành.",
            "• Sản phẩm: Báo cáo tổng kết.", "*Tiến độ: năm 2026", "Chủ trì: Sở Y tế; phối hợp: Sở Tài chính.",
            "Trong thời hạn 05 ngày, Sở Xây dựng gửi báo cáo.", "Ơn vị chủ trì:", "ĐƠN VỊ CHỦ TRÌ: BỘ TƯ PHÁP"]


def test_a_label_is_peeked_at_as_the_plain_pattern_reads_it():
    """_label_at turns a start away by its first LABEL_PEEK letters only where the plain pattern matches no label
    there, whatever end it is read to."""
    met = 0
    for text in SAMPLES + LABELLED:
        for p in _word_starts(text) + [len(text)]:
            for end in (len(text), min(len(text), p + 1), min(len(text), p + 12)):
                plain = T._label_pattern().match(text, p, end)
                first = T._LABEL_OPENING.match(text, p, end)
                if first is None or first.group(1).casefold() not in T._label_firsts():
                    plain = None
                gated = T._label_at(text, p, end)
                assert (plain and plain.span()) == (gated and gated.span()), text[p:end]
                met += plain is not None
    assert met


def test_a_clause_start_reads_the_opening_word_from_its_marks_and_word():
    """with_actors reads the word an opening phrase begins with from _MARKS_WORD where that word is all letters and
    no `*` stands before it (the word _LABEL_OPENING reads), and no word there means _LABEL_OPENING reads none."""
    met = [0, 0]
    for text in SAMPLES + LABELLED + ["* Trong 05 ngày, Sở Y tế báo cáo", "- ̀a làm", "Theo đó, các bộ"]:
        for p in _word_starts(text):
            at = T._MARKS_WORD.match(text, p)
            first = T._LABEL_OPENING.match(text, p)
            word = at.group(1)
            if word is None:
                assert first is None, text[p:p + 40]
            elif word.isalpha() and "*" not in text[p:at.start(1)]:
                assert first is not None and first.group(1) == word, text[p:p + 40]
                met[0] += 1
            else:
                met[1] += 1
    assert all(met), met


def test_a_subject_reads_the_opening_word_once_for_every_gap():
    """_subject reads the word a clause opens with once: in a gap up to any later mention, _may_open_opener answers as
    that word does where the gap holds all of it, and no gap opens with a word where the clause opens with none."""
    met = [0, 0]
    for text in SAMPLES + LABELLED + ["Trong thời hạn 05 ngày, Sở Y tế gửi", "- , Bộ Công an", "Theo đó"]:
        for p in _word_starts(text):
            first = T._LABEL_OPENING.match(text, p)
            for e in range(p, min(len(text), p + 30) + 1):
                plain = T._may_open_opener(text[p:e])
                if first is None:
                    assert not plain, text[p:e]
                    met[0] += 1
                elif first.end() <= e:
                    assert plain == (first.group(1).casefold() in T._opener_firsts()), text[p:e]
                    met[1] += plain
    assert all(met), met
