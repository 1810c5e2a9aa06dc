"""The disk cache of compiled regex programs: a new process gets the same patterns without parsing them; a damaged
or foreign file is ignored; the file stays bounded."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import regex

from extractor.patterns import compiled

ROOT = Path(__file__).resolve().parent.parent

_PROBE = r"""
import json, sys
import extractor.patterns.compiled as c
import regex
out = []
for p, f in json.loads(sys.argv[1]):
    rx = regex.compile(p, f)
    key = (p, int(f), int(regex.DEFAULT_VERSION))
    out.append({"from_file": key in c._patterns, "groups": rx.groupindex, "flags": rx.flags,
                "found": [[m.span(), m.groupdict()] for m in rx.finditer(sys.argv[2])]})
print(json.dumps(out))
"""

PATTERNS = [
    (r"(?<![\p{L}\p{M}])(?P<cac>(?:các|những)\s+)?(?P<body>bộ|sở|ủy\s+ban\s+nhân\s+dân)(?![\p{L}\p{M}])",
     int(regex.IGNORECASE)),
    (r"(?=[0-9])(?<![\p{L}\d.,/\-–])(?P<n>\d{1,3}(?:\.\d{3})+|\d+)(?P<pct>\s*%)?", int(regex.IGNORECASE)),
    (r"""quý \s+ (?P<q>IV|I{1,3}) \s* / \s* (?P<y>20\d\d)""", int(regex.IGNORECASE | regex.VERBOSE)),
]
TEXT = "Các Bộ, sở và Ủy ban nhân dân tỉnh; 1.250 hồ sơ, đạt 95 % trong Quý IV/2025 (mã QH15)."


def _probe(cache: Path | str) -> list[dict]:
    env = {**os.environ, "EXTRACTOR_REGEX_CACHE": str(cache)}
    done = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(PATTERNS), TEXT], env=env, cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_a_new_process_takes_the_programs_from_the_file_and_matches_the_same(tmp_path):
    cache = tmp_path / "rx.marshal"
    first = _probe(cache)
    assert cache.exists() and not any(r["from_file"] for r in first)
    second = _probe(cache)
    assert all(r["from_file"] for r in second)
    assert [(r["groups"], r["flags"], r["found"]) for r in second] == [(r["groups"], r["flags"], r["found"])
                                                                       for r in first]
    # what the module would find itself, in this process
    assert [m.group("body") for m in regex.finditer(PATTERNS[0][0], TEXT, PATTERNS[0][1])] == [
        "Bộ", "sở", "Ủy ban nhân dân"]
    assert [m[1] for m in second[0]["found"]][0] == {"cac": "Các ", "body": "Bộ"}
    assert [(m[1]["n"], m[1]["pct"]) for m in second[1]["found"]] == [("1.250", None), ("95", " %")]
    at = TEXT.index("Quý")
    assert second[2]["found"] == [[[at, at + len("Quý IV/2025")], {"q": "IV", "y": "2025"}]]


def test_a_damaged_or_foreign_file_is_ignored_and_rewritten(tmp_path):
    cache = tmp_path / "rx.marshal"
    _probe(cache)
    data = bytearray(cache.read_bytes())
    data[len(data) // 2] ^= 0xFF          # one byte damaged on disk: the digest no longer matches
    cache.write_bytes(bytes(data))
    assert not any(r["from_file"] for r in _probe(cache))
    assert all(r["from_file"] for r in _probe(cache))     # rewritten whole by the process before
    cache.write_bytes(b"not a cache at all")
    assert not any(r["from_file"] for r in _probe(cache))
    off = _probe("0")
    assert not any(r["from_file"] for r in off) and off[0]["found"]


def test_the_file_keeps_at_most_its_entries_and_the_ones_in_use_first(tmp_path, monkeypatch):
    cache = tmp_path / "rx.marshal"
    monkeypatch.setenv("EXTRACTOR_REGEX_CACHE", str(cache))
    monkeypatch.setattr(compiled, "MAX_ENTRIES", 5)
    monkeypatch.setattr(compiled, "_programs", None)
    monkeypatch.setattr(compiled, "_patterns", {})
    monkeypatch.setattr(compiled, "_new", {})
    for k in range(8):
        compiled._compile(rf"(?<!\p{{L}})cache-test-{k}\d+", 0, False, {}, True)
    compiled.save()
    kept = compiled._read(cache)
    assert len(kept) == 5 and {k[0] for k in kept} == {rf"(?<!\p{{L}})cache-test-{k}\d+" for k in range(5)}
    # a later process that uses pattern 7 and one new pattern keeps those two first
    monkeypatch.setattr(compiled, "_programs", None)
    monkeypatch.setattr(compiled, "_patterns", {})
    for k in (4, 99):
        compiled._compile(rf"(?<!\p{{L}})cache-test-{k}\d+", 0, False, {}, True)
    compiled.save()
    kept = {k[0] for k in compiled._read(cache)}
    assert len(kept) == 5 and {rf"(?<!\p{{L}})cache-test-{k}\d+" for k in (4, 99)} <= kept


_PATTERN_TEXTS = r"""
import json, re, sys
from regex import _main
seen = set()
_regex_compile, _re_compile = _main._compile, re._compile
def regex_compile(p, f, *a):
    if isinstance(p, str):
        seen.add(("regex", p, int(f)))
    return _regex_compile(p, f, *a)
def re_compile(p, f):
    if isinstance(p, str):
        seen.add(("re", p, int(f)))
    return _re_compile(p, f)
_main._compile, re._compile = regex_compile, re_compile
from extractor.output import to_dict
from extractor.pipeline import extract_file
to_dict(extract_file(sys.argv[1]))
print(json.dumps(sorted(seen), ensure_ascii=False))
"""


def test_patterns_are_the_same_text_in_every_process():
    """Patterns built from word lists are written the same way whatever a process's hash seed (a set's order changes
    with it): the compiled-pattern cache, keyed by a pattern's text, then serves every one of them to a new process,
    and the alternatives of an alternation are tried in one order everywhere."""
    sample = ROOT / "corpus" / sorted(os.listdir(ROOT / "corpus"))[0]
    texts = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "EXTRACTOR_REGEX_CACHE": "0"}
        run = subprocess.run([sys.executable, "-c", _PATTERN_TEXTS, str(sample)], capture_output=True, text=True,
                             env=env, cwd=ROOT, check=True)
        texts.append({tuple(x) for x in json.loads(run.stdout)})
    assert len(texts[0]) > 300
    assert texts[0] ^ texts[1] == set()
