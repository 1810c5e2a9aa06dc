"""The HTML view: highlighted entities, a block per task linked from the side table, user text escaped."""
import subprocess
import sys

from extractor import extract_text
from extractor.view import render_html


def test_view_of_240(corpus, tmp_path):
    out = tmp_path / "view.html"
    run = subprocess.run([sys.executable, "-m", "extractor", "show", "corpus/002_be3de6c5a32a288b.txt", "-o", str(out)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"{out}: 52 tasks, {len(corpus('002').documents[0].targets)} targets"
    page = out.read_text(encoding="utf-8")
    assert page.count('class="task" id="task-') == 52
    assert page.count('<a href="#task-') == 52
    # entity labels rendered by displaCy, Vietnamese kept as is
    for label in ("AGENCY", "DEADLINE", "REF"):
        assert f">{label}</span>" in page
    assert "Bộ Công an" in page and "Nghị quyết số 57-NQ/TW" in page
    assert "<td>III.1.b</td>" in page


def test_view_escapes_user_text():
    ex = extract_text("Số: 12/CT-TTg\nHà Nội, ngày 01 tháng 3 năm 2024\nCHỈ THỊ\nVề việc <script>alert(1)</script>\n"
                      "1. Bộ Y tế <b>rà soát</b> quy định, hoàn thành trong tháng 6/2024.\n")
    page = render_html(ex)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_spans_kept_are_those_no_earlier_span_overlaps():
    """The displaCy spans of a view: each kept unless empty or overlapping one kept before it (higher priority
    first), as a comparison with every kept span decides, in order of start."""
    import random
    from extractor.view import non_overlapping
    rnd = random.Random(0)
    for _ in range(3000):
        spans = [(a, a + rnd.randint(-2, 10), rnd.choice("ABC")) for a in (rnd.randint(0, 50) for _ in range(15))]
        kept = []
        for s in spans:
            if s[1] > s[0] and not any(s[0] < k[1] and k[0] < s[1] for k in kept):
                kept.append(s)
        assert non_overlapping(spans) == sorted(kept)
