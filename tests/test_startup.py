"""What a run loads: `import extractor` loads no pattern, an extraction loads neither spaCy, underthesea nor pandas
(they are for the HTML view, the search index and table exports), so that `extractor extract small.txt` starts fast."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = next((ROOT / "corpus").glob("002_*.txt"))


def _modules(code: str) -> set[str]:
    """The modules loaded after running ``code`` in a fresh interpreter."""
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    return set(json.loads(out.stdout.splitlines()[-1]))


def test_importing_the_package_loads_no_pipeline():
    mods = _modules("import extractor")
    assert "extractor.pipeline" not in mods and "extractor.agencies" not in mods


def test_an_extraction_loads_no_spacy_underthesea_or_pandas():
    mods = _modules(f"import extractor\nd = extractor.to_dict(extractor.extract_file({str(SAMPLE)!r}))\n"
                    "assert d['documents'][0]['number'] == '240/QĐ-TTg' and d['documents'][0]['tasks']")
    assert not {"spacy", "underthesea", "pandas", "fastapi"} & mods
