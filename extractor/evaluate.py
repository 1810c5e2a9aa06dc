"""Evaluation against gold annotations: precision, recall and F1 per field, as the project's shared scorer counts them.

The gold format is the one of the shared material (`shared/gold/README.md`): one JSON file per source file, holding
``source`` (the file's name in the corpus) and ``documents``, each with its metadata and, where annotated, lists
of ``references``, ``targets`` and ``tasks``. The figures follow the definitions of the shared scorer
(`shared/tools/score.py`), field by field, so that `extractor eval` and the scorer agree:

- documents pair by number (3 points, spaces and hyphens ignored), type (1) and issue date (1, a prefix of the
  predicted one), best pairs first, a pair needing 1 point;
- metadata: 8 fields per gold document (number, type, issuer, issued_date, place, title, signer, attached_to),
  right or wrong, an unfound document's fields wrong;
- references: the set of (type, number) per document;
- targets: same value and unit, then the share of the gold indicator's (or text's) words found at the start of the
  prediction's, at least 0.35; comparator and year of each pair right or wrong;
- tasks: the share of the gold text's words found at the start of the predicted text, at least 0.6; for each pair
  the F1 of the lead and coordinating agency sets (names equal as keys, or sharing 80 % of their words; a
  province's name is its People's Committee) and whether the deadline's date is the same;
- items of predicted documents that pair with no gold document count as predicted (false positives); a gold list
  that is ``null`` (not annotated) is not scored.

Text is compared after NFC, lower case, old-style tone placement (`hoà`) moved to the gold's (`hòa`) and whitespace
folded. Pairs are chosen greedily: best score first, ties to the later gold item, then the later prediction.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

# The summary, in this order (the names and order of the shared scorer's last line).
FIELDS = ("documents_f1", "metadata_acc", "references_f1", "targets_f1", "target_fields_acc", "tasks_f1",
          "lead_f1", "coordinating_f1", "deadline_acc", "tasks_fully_right")
# The counts behind each figure: (count, "f1" | "acc")
_FIGURES = {"documents_f1": ("documents", "f1"), "metadata_acc": ("metadata", "acc"),
            "references_f1": ("references", "f1"), "targets_f1": ("targets", "f1"),
            "target_fields_acc": ("target_fields", "acc"), "tasks_f1": ("tasks", "f1"), "lead_f1": ("lead", "acc"),
            "coordinating_f1": ("coordinating", "acc"), "deadline_acc": ("deadline", "acc"),
            "tasks_fully_right": ("fully_right", "acc")}
COUNTS = tuple(c for c, _ in _FIGURES.values())
META = ("number", "type", "issuer", "issued_date", "place", "title", "signer", "attached_to")
TASK_FLOOR, TARGET_FLOOR, DOCUMENT_FLOOR = 0.6, 0.35, 1.0

# ------------------------------------------------------------------ comparing text

_VOWELS = {"o": "ae", "u": "y"}            # the pairs whose tone mark the old style puts on the second vowel
_TONES = "\u0300\u0301\u0309\u0303\u0323"   # huyền, sắc, hỏi, ngã, nặng
_OLD_STYLE = {a + unicodedata.normalize("NFC", b + t): unicodedata.normalize("NFC", a + t) + b
              for a, bs in _VOWELS.items() for b in bs for t in _TONES}
_OLD_STYLE_RE = re.compile("|".join(sorted(_OLD_STYLE)))
_WORD = re.compile(r"\w+")
_NUMBER_GAPS = re.compile(r"[\s\-‐–]+")
_COMMITTEE = re.compile(r"^(ubnd|ủy ban nhân dân)\s+(tỉnh|thành phố|tp\.?)\s+")


def norm(text) -> str:
    """Text as compared: NFC, lower case, modern tone placement, single spaces; ``None`` is empty."""
    text = unicodedata.normalize("NFC", str(text or "")).lower()
    text = _OLD_STYLE_RE.sub(lambda m: _OLD_STYLE[m.group()], text)
    return " ".join(text.split())


def words(text) -> list[str]:
    return _WORD.findall(norm(text))


def number_key(number) -> str:
    """A document number as compared: without spaces and hyphens (PDF text layers often lose the hyphen)."""
    return _NUMBER_GAPS.sub("", norm(number)) if number else ""


def _provinces() -> frozenset[str]:
    from .patterns.lexicon import entries

    return frozenset(norm(p) for p in entries("eval_provinces.txt"))


_PROVINCES: frozenset[str] | None = None


def agency_key(name) -> str:
    """An agency as compared: its normalised name; a province's People's Committee as ``province:<name>``, by
    whatever name (`UBND tỉnh X`, `Ủy ban nhân dân thành phố X`, `X` alone)."""
    global _PROVINCES
    if isinstance(name, dict):
        name = name.get("name") or name.get("canonical") or name.get("text") or ""
    key = _COMMITTEE.sub("ubnd ", norm(name).strip(" .,:;-"))
    if key.startswith("ubnd ") and not key.startswith("ubnd các"):
        return "province:" + key[len("ubnd "):].replace("tp. ", "").removeprefix("thành phố ")
    if _PROVINCES is None:
        _PROVINCES = _provinces()
    return "province:" + key if key in _PROVINCES else key


def same_agency(a: str, b: str) -> bool:
    """Two agency keys name the same body: equal, or four fifths of their words shared (Jaccard ≥ 0.8)."""
    if a == b:
        return True
    wa, wb = set(_WORD.findall(a)), set(_WORD.findall(b))
    return bool(wa) and bool(wb) and len(wa & wb) / len(wa | wb) >= 0.8


def agency_f1(gold: Optional[list], pred: Optional[list]) -> float:
    """F1 of two sets of agencies, each gold agency taking the first unused prediction naming it; 1.0 when both
    are empty."""
    g = [agency_key(x) for x in gold or []]
    left = [agency_key(x) for x in pred or []]
    n_pred = len(left)
    if not g and not left:
        return 1.0
    found = 0
    for x in g:
        hit = next((k for k, y in enumerate(left) if same_agency(x, y)), None)
        if hit is not None:
            found += 1
            del left[hit]
    return _f1(found, len(g), n_pred)


def _f1(hit: int, gold: int, pred: int) -> float:
    precision = hit / pred if pred else 0.0
    recall = hit / gold if gold else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def prefix_overlap(gold_text, pred_text) -> float:
    """The share of the gold text's words (counted with repeats) found among the first 1.2 × as many words, plus
    three, of the predicted text: a prediction may run on past the gold's end, not start elsewhere."""
    g = words(gold_text)
    if not g:
        return 0.0
    p = words(pred_text)[: int(len(g) * 1.2) + 3]
    return sum((Counter(g) & Counter(p)).values()) / len(g)


def deadline_date(value) -> Optional[str]:
    """A deadline as compared: its first ten characters (an ISO date), from a string or a ``{end|date|due}`` object."""
    if isinstance(value, dict):
        value = value.get("end") or value.get("date") or value.get("due")
    return str(value)[:10] if value else None


def _agencies(item: dict, *names: str) -> list:
    return next((item[n] for n in names if item.get(n) is not None), [])


def pair_greedily(gold: list, pred: list, score: Callable[[dict, dict], float],
                  floor: float) -> list[tuple[int, int]]:
    """(gold index, prediction index) pairs, best score first, each item used once, none scoring under ``floor``;
    equal scores go to the later gold item, then the later prediction."""
    ranked = sorted(((score(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred)),
                    key=lambda c: (c[0], c[1], c[2]), reverse=True)
    gold_used: set[int] = set()
    pred_used: set[int] = set()
    pairs = []
    for s, i, j in ranked:
        if s < floor:
            break
        if i in gold_used or j in pred_used:
            continue
        gold_used.add(i)
        pred_used.add(j)
        pairs.append((i, j))
    return pairs


def document_score(g: dict, p: dict) -> float:
    points = 0.0
    if g.get("number") and number_key(g["number"]) == number_key(p.get("number")):
        points += 3
    if norm(g.get("type")) == norm(p.get("type")):
        points += 1
    date = str(g.get("issued_date") or "")
    if date and date == str(p.get("issued_date") or "")[:len(date)]:
        points += 1
    return points


def metadata_right(name: str, g, p) -> bool:
    """Whether a predicted metadata field is right."""
    if name in ("number", "attached_to"):
        return number_key(g) == number_key(p)
    if name == "issued_date":
        if g and p:
            return g == str(p)[:len(str(g))]
        return (g or None) == (p or None)
    if name == "issuer":
        return (not g and not p) or (bool(g) and bool(p) and same_agency(agency_key(g), agency_key(p)))
    if name == "title":
        return (not g and not p) or (bool(g) and prefix_overlap(g, p or "") >= 0.9)
    return norm(g) == norm(p)


def target_score(g: dict, p: dict) -> float:
    try:
        if abs(float(g.get("value")) - float(p.get("value"))) > 1e-6:
            return 0.0
    except (TypeError, ValueError):
        return 0.0
    if norm(g.get("unit")) != norm(p.get("unit")):
        return 0.0
    by_indicator = prefix_overlap(g.get("indicator", ""), p.get("indicator", ""))
    by_text = prefix_overlap(g.get("text") or g.get("indicator", ""), p.get("text") or p.get("indicator", ""))
    return max(by_indicator, by_text)


def task_score(g: dict, p: dict) -> float:
    return prefix_overlap(g["text"], p.get("text", ""))


# ------------------------------------------------------------------ counting

@dataclass
class Count:
    """Matched, gold and predicted items (for F1), or right and asked (for accuracy, ``right`` may be fractional)."""
    hit: int = 0
    gold: int = 0
    pred: int = 0
    right: float = 0.0
    asked: int = 0

    @property
    def precision(self) -> float:
        return self.hit / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.hit / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """F1; 1.0 when there is nothing to find and nothing was found."""
        if not self.gold and not self.pred:
            return 1.0
        return _f1(self.hit, self.gold, self.pred)

    @property
    def accuracy(self) -> float:
        return self.right / self.asked if self.asked else 0.0

    def add(self, other: "Count") -> None:
        self.hit += other.hit
        self.gold += other.gold
        self.pred += other.pred
        self.right += other.right
        self.asked += other.asked

    def as_dict(self) -> dict:
        return {"hit": self.hit, "gold": self.gold, "pred": self.pred, "right": self.right, "asked": self.asked}


def _counts() -> dict[str, Count]:
    return {k: Count() for k in COUNTS}


def figures(counts: dict[str, Count]) -> dict[str, float]:
    """The summary figures (FIELDS) of a set of counts."""
    return {name: counts[c].f1 if kind == "f1" else counts[c].accuracy for name, (c, kind) in _FIGURES.items()}


@dataclass
class DocumentResult:
    """One gold document (or a predicted document that paired with none: ``extra``), its counts and misses."""
    file: str
    number: Optional[str]
    type: Optional[str]
    found: bool
    extra: bool = False
    counts: dict[str, Count] = field(default_factory=_counts)
    misses: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.number or self.type or "?"

    def as_dict(self) -> dict:
        return {"file": self.file, "number": self.number, "type": self.type, "found": self.found, "extra": self.extra,
                "scores": figures(self.counts), "counts": {k: c.as_dict() for k, c in self.counts.items()},
                "misses": self.misses}


class Evaluation:
    """Gold files scored one by one (``add``); totals, figures, and the results of each document."""

    def __init__(self) -> None:
        self.documents: list[DocumentResult] = []
        self.failures: list[dict] = []   # files whose prediction could not be made: {"file", "error", "message"}
        self.files = 0

    # ---- adding a file

    def add(self, gold: dict, pred: dict, file: str = "") -> list[DocumentResult]:
        """Score the prediction of one file against its gold; returns the documents' results."""
        self.files += 1
        gold_docs, pred_docs = gold.get("documents") or [], pred.get("documents") or []
        pairs = dict(pair_greedily(gold_docs, pred_docs, document_score, DOCUMENT_FLOOR))
        out = []
        for i, g in enumerate(gold_docs):
            p = pred_docs[pairs[i]] if i in pairs else {}
            res = DocumentResult(file, g.get("number"), g.get("type"), found=i in pairs)
            c = res.counts
            c["documents"].gold = 1
            c["documents"].hit = c["documents"].pred = int(i in pairs)
            if i not in pairs:
                res.misses.append("document not found")
            for name in META:
                ok = metadata_right(name, g.get(name), p.get(name))
                c["metadata"].asked += 1
                c["metadata"].right += ok
                if not ok and i in pairs:
                    res.misses.append(f"{name}: gold {g.get(name)!r}, got {p.get(name)!r}")
            if isinstance(g.get("references"), list):
                self._references(res, g["references"], p.get("references") or [])
            if isinstance(g.get("targets"), list):
                self._targets(res, g["targets"], p.get("targets") or [])
            if isinstance(g.get("tasks"), list):
                self._tasks(res, g["tasks"], p.get("tasks") or [])
            out.append(res)
        paired = set(pairs.values())
        for j, p in enumerate(pred_docs):
            if j in paired:
                continue
            res = DocumentResult(file, p.get("number"), p.get("type"), found=False, extra=True)
            res.counts["documents"].pred = 1
            for kind, count in (("references", "references"), ("targets", "targets"), ("tasks", "tasks")):
                res.counts[count].pred += len(p.get(kind) or [])
            res.misses.append("document not in the gold")
            out.append(res)
        self.documents += out
        return out

    def fail(self, file: str, error: str, message: str) -> None:
        """Record a file whose prediction could not be made (it is scored as an empty prediction)."""
        self.failures.append({"file": file, "error": error, "message": message})

    @staticmethod
    def _references(res: DocumentResult, gold: list, pred: list) -> None:
        key = lambda r: (norm(r.get("type")), number_key(r.get("number")))
        g, p = {key(r) for r in gold}, {key(r) for r in pred}
        c = res.counts["references"]
        c.gold, c.pred, c.hit = len(g), len(p), len(g & p)
        res.misses += [f"reference missed: {t} {n}" for t, n in sorted(g - p)]
        res.misses += [f"reference extra: {t} {n}" for t, n in sorted(p - g)]

    @staticmethod
    def _targets(res: DocumentResult, gold: list, pred: list) -> None:
        pairs = pair_greedily(gold, pred, target_score, TARGET_FLOOR)
        c, fields = res.counts["targets"], res.counts["target_fields"]
        c.gold, c.pred, c.hit = len(gold), len(pred), len(pairs)
        for i, j in pairs:
            for name in ("comparator", "year"):
                ok = str(gold[i].get(name)) == str(pred[j].get(name))
                fields.asked += 1
                fields.right += ok
                if not ok:
                    res.misses.append(f"target {str(gold[i].get('indicator'))[:50]!r} {name}: gold "
                                      f"{gold[i].get(name)!r}, got {pred[j].get(name)!r}")
        for i in sorted(set(range(len(gold))) - {i for i, _ in pairs}):
            g = gold[i]
            res.misses.append(f"target missed: {g.get('value')}{g.get('unit') or ''} {str(g.get('indicator', ''))[:70]!r}")

    @staticmethod
    def _tasks(res: DocumentResult, gold: list, pred: list) -> None:
        pairs = pair_greedily(gold, pred, task_score, TASK_FLOOR)
        c = res.counts
        c["tasks"].gold, c["tasks"].pred, c["tasks"].hit = len(gold), len(pred), len(pairs)
        c["fully_right"].asked = len(gold)
        for i, j in pairs:
            g, p = gold[i], pred[j]
            got_lead = _agencies(p, "lead", "lead_agencies")
            got_coord = _agencies(p, "coordinating", "coordinating_agencies")
            lead = agency_f1(g.get("lead"), got_lead)
            coord = agency_f1(g.get("coordinating"), got_coord)
            due = deadline_date(g.get("deadline")) == deadline_date(p.get("deadline"))
            for name, value in (("lead", lead), ("coordinating", coord), ("deadline", float(due))):
                c[name].asked += 1
                c[name].right += value
            c["fully_right"].right += lead == 1 and due
            short = g["text"][:60]
            if lead < 1:
                res.misses.append(f"task {short!r} lead: gold {g.get('lead')}, got {got_lead}")
            if coord < 1:
                res.misses.append(f"task {short!r} coordinating: gold {g.get('coordinating')}, got {got_coord}")
            if not due:
                res.misses.append(f"task {short!r} deadline: gold {g.get('deadline')}, got {p.get('deadline')!r}")
        for i in sorted(set(range(len(gold))) - {i for i, _ in pairs}):
            res.misses.append(f"task missed: {gold[i]['text'][:90]!r}")
        for j in sorted(set(range(len(pred))) - {j for _, j in pairs}):
            res.misses.append(f"task extra: {str(pred[j].get('text', ''))[:90]!r}")

    # ---- results

    def totals(self) -> dict[str, Count]:
        out = _counts()
        for d in self.documents:
            for k, c in d.counts.items():
                out[k].add(c)
        return out

    def summary(self) -> dict[str, float]:
        """The figures over every file, named and ordered as FIELDS."""
        return figures(self.totals())

    def summary_line(self) -> str:
        """`documents_f1 1.000 | metadata_acc 1.000 | …`: the summary as the shared scorer prints it."""
        return " | ".join(f"{k} {v:.3f}" for k, v in self.summary().items())

    def as_dict(self) -> dict:
        return {"summary": self.summary(), "files": self.files,
                "counts": {k: c.as_dict() for k, c in self.totals().items()},
                "documents": [d.as_dict() for d in self.documents], "failures": self.failures}


# ------------------------------------------------------------------ running

def gold_files(path: Path) -> list[Path]:
    """The gold files of a folder (``*.json``, in name order, README.json aside), or the one file named."""
    path = Path(path)
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    return [f for f in files if f.name != "README.json"]


def extract_prediction(source: Path) -> dict:
    """The JSON of one source file as `extractor extract` prints it, made in this process."""
    from .output import to_dict
    from .pipeline import extract_file

    return to_dict(extract_file(source))


def evaluate(gold: Path, corpus: Optional[Path] = None, pred: Optional[Path] = None,
             predict: Callable[[Path], dict] = extract_prediction,
             progress: Optional[Callable[[str], None]] = None) -> Evaluation:
    """Score every gold file of ``gold``: against the extraction of its source in ``corpus`` (made by ``predict``,
    in this process), or against ``pred``, a folder of predictions named as the gold files (or one file). A file
    that cannot be extracted or read counts as an empty prediction and is listed in ``failures``."""
    from .errors import ExtractorError

    if (corpus is None) == (pred is None):
        raise ValueError("give a corpus to extract, or a folder of predictions")
    ev = Evaluation()
    for gf in gold_files(gold):
        data = json.loads(gf.read_text(encoding="utf-8"))
        if progress:
            progress(gf.name)
        prediction: dict = {}
        if corpus is not None:
            source = Path(corpus) / str(data.get("source") or f"{gf.stem}.txt")
            try:
                prediction = predict(source)
            except ExtractorError as err:
                ev.fail(source.name, err.code, err.message)
            except Exception as err:  # one bad file never stops an evaluation; it scores as empty
                ev.fail(source.name, "internal", f"{type(err).__name__}: {err}")
        else:
            pf = Path(pred) / gf.name if Path(pred).is_dir() else Path(pred)
            if pf.exists():
                try:
                    prediction = json.loads(pf.read_text(encoding="utf-8"))
                except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
                    ev.fail(pf.name, "unreadable", str(err))
            else:
                ev.fail(pf.name, "not_found", "no prediction file")
        ev.add(data, prediction if isinstance(prediction, dict) else {}, gf.name)
    return ev


def scores_of(pairs: Iterable[tuple[dict, dict]]) -> dict[str, float]:
    """The summary of (gold, prediction) pairs already in memory."""
    ev = Evaluation()
    for g, p in pairs:
        ev.add(g, p)
    return ev.summary()
