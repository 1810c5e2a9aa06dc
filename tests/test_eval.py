"""`extractor eval` and extractor.evaluate: hand-computed figures on small gold/prediction pairs, and the same figures
as the shared scorer (shared/tools/score.py) on the bundled corpus and its PDFs, as extracted and as spoiled."""
from __future__ import annotations

import copy
import importlib.util
import io
import json
from contextlib import redirect_stdout
from functools import cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor import cli_eval  # noqa: F401  (registers `eval`)
from extractor import evaluate as ev
from extractor.cli import app

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = Path(__file__).resolve().parents[2] / "shared"   # shared/ beside the repo (CI has it)
SCORER = SHARED / "tools" / "score.py"
needs_shared = pytest.mark.skipif(not (SCORER.exists() and (SHARED / "gold").is_dir()),
                                  reason="shared/ (gold and scorer) is not beside the repo")


def _doc(**kw) -> dict:
    base = {"number": "240/QĐ-TTg", "type": "Quyết định", "issuer": "Thủ tướng Chính phủ", "issued_date": "2025-02-04",
            "place": "Hà Nội", "title": "Ban hành Kế hoạch cải cách thủ tục hành chính trọng tâm năm 2025",
            "signer": "Nguyễn Hòa Bình", "attached_to": None, "references": [], "targets": [], "tasks": []}
    return {**base, **kw}


TASK_A = "Bộ Công an chủ trì xây dựng cơ sở dữ liệu quốc gia về dân cư, hoàn thành trong tháng 6 năm 2025."
TASK_B = "Ủy ban nhân dân thành phố Hà Nội triển khai số hóa hồ sơ thủ tục hành chính trong năm 2025."
TASK_C = "Văn phòng Chính phủ theo dõi, đôn đốc việc thực hiện Kế hoạch này."

GOLD = {"source": "x.txt", "documents": [_doc(
    references=[{"type": "Nghị quyết", "number": "01/NQ-CP", "date": "2025-01-08"},
                {"type": "Nghị định", "number": "45/2020/NĐ-CP", "date": None}],
    targets=[{"indicator": "Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến", "unit": "%", "value": 80,
              "comparator": ">=", "year": 2025},
             {"indicator": "Tỷ lệ người dân hài lòng", "unit": "%", "value": 90, "comparator": ">=", "year": 2025}],
    tasks=[{"text": TASK_A, "lead": ["Bộ Công an"], "coordinating": [], "deadline": "2025-06-30"},
           {"text": TASK_B, "lead": ["UBND thành phố Hà Nội"], "coordinating": ["Bộ Nội vụ"],
            "deadline": "2025-12-31"},
           {"text": TASK_C, "lead": ["Văn phòng Chính phủ"], "coordinating": [], "deadline": None}])]}

PRED = {"documents": [
    _doc(title="Ban hành kế hoạch cải cách thủ tục hành chính trọng tâm năm 2025",   # case aside: right
         signer="Nguyễn Hoà Bình",                                                    # old tone placement: right
         attached_to="01/QĐ-TTg",                                                     # wrong
         references=[{"type": "Nghị quyết", "number": "01/NQ - CP"},                  # spaces and hyphen aside
                     {"type": "Thông tư", "number": "10/2024/TT-BTC"}],
         targets=[{"indicator": "tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến", "unit": "%", "value": 80.0,
                   "comparator": ">=", "year": 2026}],
         tasks=[{"text": TASK_A, "lead": ["Bộ Công an", "Bộ Tài chính"], "coordinating": [], "deadline": None},
                {"text": TASK_B.replace("hóa", "hoá"), "lead": ["Hà Nội"], "coordinating": [],
                 "deadline": "2025-12-31"},
                {"text": "Các bộ, ngành rà soát, báo cáo kết quả thực hiện.", "lead": [], "coordinating": []}]),
    _doc(number="15/KH-UBND", type="Kế hoạch", issued_date="2025-03-01", title="Kế hoạch khác",
         references=[{"type": "Luật", "number": "1/2020/QH14"}],
         tasks=[{"text": "Sở Nội vụ tổng hợp báo cáo."}, {"text": "Sở Tư pháp rà soát văn bản."}])]}


def test_hand_computed_figures():
    e = ev.Evaluation()
    e.add(GOLD, PRED, "x.json")
    s = e.summary()
    # documents: 1 of 1 gold found, 2 predicted → P 1/2, R 1 → F1 2/3
    assert s["documents_f1"] == pytest.approx(2 / 3)
    # metadata: 8 fields, attached_to wrong
    assert s["metadata_acc"] == pytest.approx(7 / 8)
    # references: {01/NQ-CP, 45/2020/NĐ-CP} against {01/NQ-CP, 10/2024/TT-BTC} + 1 of the unpaired document
    # → hit 1, gold 2, predicted 3: P 1/3, R 1/2, F1 0.4
    assert s["references_f1"] == pytest.approx(0.4)
    # targets: 80 % found (90 % missed) → P 1, R 1/2, F1 2/3; its comparator right, its year wrong
    assert s["targets_f1"] == pytest.approx(2 / 3)
    assert s["target_fields_acc"] == pytest.approx(1 / 2)
    # tasks: A and B found, C missed; 3 + 2 predicted → P 2/5, R 2/3, F1 0.5
    assert s["tasks_f1"] == pytest.approx(0.5)
    # lead: A {Bộ Công an} against {Bộ Công an, Bộ Tài chính} → 2/3; B UBND thành phố Hà Nội = Hà Nội → 1
    assert s["lead_f1"] == pytest.approx((2 / 3 + 1) / 2)
    # coordinating: A both empty → 1; B {Bộ Nội vụ} against {} → 0
    assert s["coordinating_f1"] == pytest.approx(0.5)
    # deadline: A wrong, B right; fully right: B only, of 3 gold tasks
    assert s["deadline_acc"] == pytest.approx(0.5)
    assert s["tasks_fully_right"] == pytest.approx(1 / 3)
    t = e.totals()
    assert (t["tasks"].hit, t["tasks"].gold, t["tasks"].pred) == (2, 3, 5)
    assert (t["references"].hit, t["references"].gold, t["references"].pred) == (1, 2, 3)
    assert (t["documents"].hit, t["documents"].gold, t["documents"].pred) == (1, 1, 2)
    # the per-document results add up to the totals; the unpaired document is listed as extra
    first, extra = e.documents
    assert first.found and not first.extra and extra.extra and extra.number == "15/KH-UBND"
    assert ev.figures(first.counts)["tasks_f1"] == pytest.approx(2 / 3)
    assert (extra.counts["tasks"].pred, extra.counts["references"].pred) == (2, 1)
    assert "task missed: " + repr(TASK_C[:90]) in first.misses
    assert "attached_to: gold None, got '01/QĐ-TTg'" in first.misses
    assert "reference missed: nghị định 45/2020/nđcp" in first.misses
    assert e.summary_line().startswith("documents_f1 0.667 | metadata_acc 0.875 | references_f1 0.400 | ")


def test_unannotated_lists_are_not_scored_and_empty_ones_are():
    gold = {"documents": [_doc(tasks=None, targets=None, references=[])]}
    pred = {"documents": [_doc(tasks=[{"text": TASK_A}], targets=[{"value": 1, "unit": "%", "indicator": "x"}],
                               references=[{"type": "Luật", "number": "1/2020/QH14"}])]}
    s = ev.scores_of([(gold, pred)])
    t = ev.Evaluation()
    t.add(gold, pred)
    counts = t.totals()
    assert (counts["tasks"].gold, counts["tasks"].pred, counts["targets"].pred) == (0, 0, 0)
    assert s["tasks_f1"] == 1.0 and s["targets_f1"] == 1.0   # nothing to find, nothing counted
    assert s["references_f1"] == 0.0                          # an empty gold list: the reference is a false positive
    assert s["lead_f1"] == 0.0                                # no task matched: nothing asked


def test_equal_scores_pair_with_the_later_gold_item():
    gold = {"documents": [_doc(tasks=[{"text": TASK_A, "lead": ["Bộ Công an"], "deadline": None},
                                      {"text": TASK_A, "lead": ["Bộ Quốc phòng"], "deadline": None}])]}
    pred = {"documents": [_doc(tasks=[{"text": TASK_A, "lead": ["Bộ Quốc phòng"], "deadline": None}])]}
    s = ev.scores_of([(gold, pred)])
    assert s["lead_f1"] == 1.0 and s["tasks_f1"] == pytest.approx(2 / 3)


def test_agency_and_text_normalisation():
    assert ev.agency_key("UBND tỉnh Thừa Thiên Huế") == ev.agency_key("Thừa Thiên Huế") == "province:thừa thiên huế"
    assert ev.agency_key("Ủy ban nhân dân TP. Hồ Chí Minh") == "province:hồ chí minh"
    assert ev.agency_key("UBND các tỉnh, thành phố") == "ubnd các tỉnh, thành phố"
    assert ev.agency_key({"name": "Bộ Tài chính."}) == "bộ tài chính"
    assert ev.same_agency("bộ lao động thương binh và xã hội", "bộ lao động - thương binh và xã hội")
    assert not ev.same_agency("bộ tài chính", "bộ tư pháp")
    assert ev.norm("  Hoà   THUẬN  Uỷ ") == "hòa thuận ủy"
    assert ev.number_key("45/2020/NĐ - CP") == ev.number_key("45/2020/NĐCP")
    assert ev.agency_f1(["Bộ Công an", "Bộ Y tế"], ["Bộ Công an"]) == pytest.approx(2 / 3)
    # a prediction's first int(1.2 × n) + 3 words are read: 7 for a gold of 4, 5 for a gold of 2
    assert ev.prefix_overlap("a b c d", "x x x x x a b c d") == 0.5
    assert ev.prefix_overlap("một hai", "ba bốn năm sáu một hai") == 0.5


# ------------------------------------------------------------------ against the shared scorer


@cache
def _scorer():
    spec = importlib.util.spec_from_file_location("shared_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def _predicted(gold_dir: str, corpus: str) -> tuple:
    """(gold file name, gold, prediction) of every gold file, each source extracted once, in this process."""
    out = []
    for gf in ev.gold_files(Path(gold_dir)):
        gold = json.loads(gf.read_text(encoding="utf-8"))
        out.append((gf.name, gold, ev.extract_prediction(Path(corpus) / gold["source"])))
    return tuple(out)


def _spoil(pred: dict, seed: int) -> dict:
    """A prediction with deterministic mistakes of every kind the scorer counts."""
    p = copy.deepcopy(pred)
    docs = p["documents"]
    for d_i, d in enumerate(docs):
        tasks = d["tasks"]
        for i, t in enumerate(tasks):
            if (i + seed) % 5 == 0:
                t["lead"] = tasks[(i + 1) % len(tasks)]["lead"]
            if (i + seed) % 4 == 1:
                t["deadline"] = None if t.get("deadline") else "2025-12-31"
            if (i + seed) % 6 == 2:
                t["coordinating"] = t["coordinating"][1:]
            if (i + seed) % 7 == 3:
                t["text"] = " ".join(t["text"].split()[: max(1, len(t["text"].split()) // 2)])
        d["tasks"] = [t for i, t in enumerate(tasks) if (i + seed) % 9 != 4]
        for i, g in enumerate(d["targets"]):
            if (i + seed) % 3 == 0:
                g["year"] = (g.get("year") or 2025) + 1
            if (i + seed) % 5 == 1:
                g["value"] = (g.get("value") or 0) + 1
        d["references"] = [r for i, r in enumerate(d["references"]) if (i + seed) % 4 != 0]
        if (d_i + seed) % 3 == 0 and d.get("number"):
            d["number"] = d["number"].replace("-", "")
        if (d_i + seed) % 4 == 1:
            d["signer"] = None
            d["title"] = (d.get("title") or "")[:20]
    if len(docs) > 1 and seed % 2:
        docs.pop(0)
    if seed % 3 == 0 and docs:
        docs.append({**copy.deepcopy(docs[-1]), "number": "999/QĐ-XYZ", "type": "Thông báo", "issued_date": None})
    return p


def _compare(triples, spoil_seed: int | None) -> None:
    score = _scorer()
    theirs = score.Scorer(verbose=True)
    ours = ev.Evaluation()
    printed = io.StringIO()
    for name, gold, pred in triples:
        pred = pred if spoil_seed is None else _spoil(pred, spoil_seed)
        with redirect_stdout(printed):
            theirs.file(gold, pred)
        ours.add(gold, pred, name)
    want, got = theirs.summary(), ours.summary()
    assert list(got) == list(want)
    for field, value in want.items():
        assert abs(got[field] - value) < 1e-9, (field, got[field], value, spoil_seed)
    # -v lists the same misses (the scorer does not list predicted documents outside the gold)
    their_misses = [line for line in printed.getvalue().splitlines() if line.startswith("   [")]
    our_misses = [m for d in ours.documents if not d.extra for m in d.misses]
    assert len(our_misses) == len(their_misses), spoil_seed


@needs_shared
@pytest.mark.parametrize("seed", [None, 0, 1, 2, 3, 4, 5])
def test_same_figures_as_the_shared_scorer_on_the_corpus(seed):
    _compare(_predicted(str(SHARED / "gold"), str(CORPUS)), seed)


@needs_shared
@pytest.mark.skipif(not (SHARED / "pdf" / "gold").is_dir(), reason="shared/pdf is not beside the repo")
@pytest.mark.parametrize("seed", [None, 1, 2])
def test_same_figures_as_the_shared_scorer_on_the_gazette_pdfs(seed):
    _compare(_predicted(str(SHARED / "pdf" / "gold"), str(SHARED / "pdf")), seed)


@needs_shared
def test_spoiling_changes_the_figures():
    """The comparisons above compare figures that move: spoiled predictions score lower on every task field."""
    triples = _predicted(str(SHARED / "gold"), str(CORPUS))
    clean = ev.scores_of((g, p) for _, g, p in triples)
    spoiled = ev.scores_of((g, _spoil(p, 1)) for _, g, p in triples)
    for field in ("documents_f1", "references_f1", "tasks_f1", "lead_f1", "deadline_acc", "target_fields_acc"):
        assert spoiled[field] < clean[field] - 0.01, field


@needs_shared
def test_eval_command_prints_the_scorers_figures(tmp_path):
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    names = ("002_be3de6c5a32a288b.json", "003_3c51375675936ea5.json")
    for name in names:
        (gold_dir / name).write_bytes((SHARED / "gold" / name).read_bytes())
    scorer = _scorer().Scorer(verbose=False)
    triples = {n: (g, p) for n, g, p in _predicted(str(SHARED / "gold"), str(CORPUS))}
    for name in names:
        scorer.file(*triples[name])
    want = scorer.summary()

    run = CliRunner().invoke
    r = run(app, ["eval", str(gold_dir), "--corpus", str(CORPUS), "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["files"] == 2 and [d["number"] for d in data["documents"]] == ["240/QĐ-TTg", "1250/VPCP-KSTT"]
    assert all(abs(data["summary"][k] - v) < 1e-9 for k, v in want.items())
    assert data["counts"]["tasks"]["gold"] == 52 + 13 and "misses" not in data["documents"][0]

    r = run(app, ["eval", str(gold_dir), "--corpus", str(CORPUS), "-v"], env={"COLUMNS": "120"})
    assert r.exit_code == 0, r.output
    lines = r.stdout.strip().splitlines()
    assert lines[-1] == " | ".join(f"{k} {v:.3f}" for k, v in want.items())
    assert lines[0] == "002_be3de6c5a32a288b.json"
    assert any(line.startswith("   [240/QĐ-TTg] task ") for line in lines)   # the coordinating misses of 002
    assert "240/QĐ-TTg" in r.stdout and "1250/VPCP-KSTT" in r.stdout


def test_eval_command_reads_predictions_and_refuses_bad_use(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "pred").mkdir()
    (tmp_path / "gold" / "x.json").write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "pred" / "x.json").write_text(json.dumps(PRED, ensure_ascii=False), encoding="utf-8")
    run = CliRunner().invoke
    r = run(app, ["eval", str(tmp_path / "gold"), "--pred", str(tmp_path / "pred"), "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["summary"]["tasks_f1"] == pytest.approx(0.5)
    # a source missing from the corpus scores as an empty prediction, said on stderr
    r = run(app, ["eval", str(tmp_path / "gold"), "--corpus", str(tmp_path), "--json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["summary"]["tasks_f1"] == 0.0
    assert json.loads(r.stdout)["failures"][0]["file"] == "x.txt"
    assert run(app, ["eval", str(tmp_path / "gold")]).exit_code == 2                      # neither
    assert run(app, ["eval", str(tmp_path / "gold"), "--corpus", ".", "--pred", "."]).exit_code == 2  # both
    assert run(app, ["eval", str(tmp_path / "nothing"), "--corpus", "."]).exit_code == 2
    assert run(app, ["eval", str(tmp_path / "pred" / ".."), "--corpus", "/no/such/dir"]).exit_code == 2
