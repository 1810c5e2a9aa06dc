"""A document filed twice (a corpus file copied under another name, a TXT and a DOCX of one decree) is one document
of the knowledge base with both files as its sources; documents that merely share a number stay apart."""
from __future__ import annotations

import io
import shutil
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from extractor.kb import KnowledgeBase, build, store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
QD240 = "002_be3de6c5a32a288b.txt"      # 240/QĐ-TTg
ANNEX = "000_fcc27b92ff946782.txt"      # a Phụ lục without a number: the same by its text

DECREE = """ỦY BAN NHÂN DÂN
TỈNH {province_upper}
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------

Số: 15/QĐ-UBND

{place}, ngày 20 tháng {month:02d} năm {year}

QUYẾT ĐỊNH
Về việc giao nhiệm vụ chuyển đổi số năm {year}

ỦY BAN NHÂN DÂN TỈNH {province_upper}

QUYẾT ĐỊNH:

Điều 1. Giao nhiệm vụ như sau:
1. Sở Nội vụ chủ trì số hóa hồ sơ cán bộ, công chức, hoàn thành trước ngày 30/9/{year}.
2. Sở Tư pháp chủ trì rà soát thủ tục hành chính {topic}, hoàn thành trước ngày 31/12/{year}.

Điều 2. Quyết định này có hiệu lực kể từ ngày ký.

Nơi nhận:
- Như Điều 2;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn B
"""


def _decree(province="Lào Cai", place="Lào Cai", month=3, year=2025, topic="về đất đai") -> str:
    return DECREE.format(province_upper=province.upper(), place=place, month=month, year=year, topic=topic)


def _docx(text: str) -> bytes:
    import docx

    d = docx.Document()
    for line in text.splitlines():
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    out = tmp_path_factory.mktemp("dup_plain") / "output"
    build(CORPUS, out, workers=2)
    with KnowledgeBase(out) as kb:
        yield kb


@pytest.fixture(scope="module")
def copied(tmp_path_factory):
    """The corpus with 240/QĐ-TTg copied into a subfolder under another name and the numberless annex copied."""
    root = tmp_path_factory.mktemp("dup_copied")
    shutil.copytree(CORPUS, root / "corpus")
    (root / "corpus" / "copy").mkdir()
    shutil.copyfile(CORPUS / QD240, root / "corpus" / "copy" / "qd240_again.txt")
    shutil.copyfile(CORPUS / ANNEX, root / "corpus" / "zz_annex_copy.txt")
    report = build(root / "corpus", root / "output", workers=2)
    with KnowledgeBase(root / "output") as kb:
        yield root, report, kb


def test_copies_leave_every_count_unchanged(plain, copied):
    root, report, kb = copied
    assert report.documents == len(plain.documents()) == 13 and report.copies == 2
    assert "2 filed twice" in report.summary()
    assert len(kb.tasks()) == len(plain.tasks()) and len(kb.targets()) == len(plain.targets())
    assert list(kb.tasks()["id"]) == list(plain.tasks()["id"])
    for query in ("số hóa hồ sơ", "thủ tục hành chính"):
        assert [h.id for h in kb.search(query, limit=500)] == [h.id for h in plain.search(query, limit=500)]
        assert kb.count(query) == plain.count(query)
        assert kb.facets(query) == plain.facets(query)
    assert kb.facets() == plain.facets() and kb.count() == plain.count()
    assert len(pd.read_csv(root / "output" / "tasks.csv")) == len(plain.tasks())
    assert len(pd.read_csv(root / "output" / "references.csv")) == len(pd.read_csv(plain.path.parent / "references.csv"))


def test_the_document_has_both_sources(copied):
    root, _, kb = copied
    docs = kb.documents()
    row = docs[docs["number"] == "240/QĐ-TTg"].iloc[0]
    assert row["file"] == QD240 and row["sources"].split("; ") == [QD240, "copy/qd240_again.txt"]
    annex = docs[docs["file"] == ANNEX].iloc[0]
    assert annex["sources"].split("; ") == [ANNEX, "zz_annex_copy.txt"]
    assert docs[docs["number"] == "23/CT-TTg"].iloc[0]["sources"] == "001_d2957228fe623068.txt"
    # the copy's own id (its JSON is still written) answers as the document
    conn = sqlite3.connect(root / "output" / "kb.sqlite")
    copy_id = conn.execute("SELECT id FROM documents WHERE file = 'copy/qd240_again.txt'").fetchone()[0]
    conn.close()
    assert (root / "output" / "documents" / f"{copy_id}.json").is_file()
    doc = kb.document(copy_id)
    assert doc["id"] == row["id"] and doc["sources"] == [QD240, "copy/qd240_again.txt"]
    cited = kb.cites("240/QĐ-TTg")
    assert [d["file"] for d in cited["documents"]] == [QD240]
    assert len(kb.tasks(doc="240/QĐ-TTg")) == 52


def test_removing_the_first_copy_keeps_the_document(copied, tmp_path):
    root, _, kb = copied
    shutil.copytree(root / "corpus", tmp_path / "corpus")
    shutil.copytree(root / "output", tmp_path / "output")
    (tmp_path / "corpus" / QD240).unlink()
    build(tmp_path / "corpus", tmp_path / "output", workers=1)
    with KnowledgeBase(tmp_path / "output") as after:
        docs = after.documents()
        row = docs[docs["number"] == "240/QĐ-TTg"].iloc[0]
        assert row["sources"] == "copy/qd240_again.txt"
        assert len(after.tasks()) == len(kb.tasks()) and after.count("số hóa hồ sơ") == kb.count("số hóa hồ sơ")
        assert len(after.tasks(doc="240/QĐ-TTg")) == 52
    # the same store as a clean build of what is left
    build(tmp_path / "corpus", tmp_path / "clean", workers=1)
    dumps = []
    for out in ("output", "clean"):
        conn = sqlite3.connect(tmp_path / out / "kb.sqlite")
        dumps.append(store.dump(conn))
        conn.close()
    assert dumps[0] == dumps[1]


def test_a_txt_and_a_docx_of_one_decree_are_one_document(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = _decree()
    (corpus / "qd15.txt").write_text(text, encoding="utf-8")
    (corpus / "qd15.docx").write_bytes(_docx(text))
    report = build(corpus, tmp_path / "output", workers=1)
    assert report.documents == 1 and report.copies == 1
    with KnowledgeBase(tmp_path / "output") as kb:
        docs = kb.documents()
        assert list(docs["number"]) == ["15/QĐ-UBND"] and docs["sources"][0].split("; ") == ["qd15.docx", "qd15.txt"]
        assert len(kb.tasks()) == 2 and len(kb.search("số hóa hồ sơ cán bộ")) == 1


def test_documents_that_only_share_a_number_stay_two(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "laocai_2025.txt").write_text(_decree(), encoding="utf-8")
    # another year, another province on the same day, and the same decree with a day of another month
    (corpus / "laocai_2024.txt").write_text(_decree(year=2024), encoding="utf-8")
    (corpus / "sonla_2025.txt").write_text(_decree(province="Sơn La", place="Sơn La"), encoding="utf-8")
    (corpus / "laocai_2025_may.txt").write_text(_decree(month=5), encoding="utf-8")
    report = build(corpus, tmp_path / "output", workers=1)
    assert report.documents == 4 and report.copies == 0
    with KnowledgeBase(tmp_path / "output") as kb:
        docs = kb.documents()
        assert set(docs["number"]) == {"15/QĐ-UBND"} and len(docs) == 4
        assert set(docs["issuer"]) == {"Ủy ban nhân dân tỉnh Lào Cai", "Ủy ban nhân dân tỉnh Sơn La"}
        assert len(kb.tasks()) == 8


def test_identity_rules():
    base = {"number_key": "15/qđ-ubnd", "type": "Quyết định", "issuer": "Ủy ban nhân dân tỉnh Lào Cai",
            "issued_date": "2025-03-20", "fingerprint": "a"}
    same = store.identity(base)
    assert store.identity({**base, "fingerprint": "b"}) == same           # same number, issuer, day: the text aside
    assert store.identity({**base, "issuer": "UỶ BAN NHÂN DÂN TỈNH LÀO CAI"}) == same   # spelling of the issuer
    for change in ({"issued_date": "2024-03-20"}, {"issuer": "Ủy ban nhân dân tỉnh Sơn La"},
                   {"type": "Kế hoạch"}, {"number_key": "16/qđ-ubnd"}):
        assert store.identity({**base, **change}) != same, change
    # without a number or a whole date: by the text alone
    assert store.identity({**base, "number_key": None}) == store.identity({"fingerprint": "a"})
    assert store.identity({**base, "issued_date": "2025"}) != store.identity({**base, "issued_date": "2025",
                                                                                "fingerprint": "b"})
    assert store.identity({}) is None
    assert store.text_fingerprint("Số hoá  hồ sơ,\nthủ tục.") == store.text_fingerprint("số hóa hồ sơ thủ tục")
    assert store.text_fingerprint("số hóa hồ sơ") != store.text_fingerprint("số hóa hồ sơ thủ tục")
