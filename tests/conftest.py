"""Shared fixtures: the bundled corpus, extracted once per test session."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import pytest

# The suite tests the modules' Python sources (some tests replace a function inside one, which a compiled module
# would not see), also where `extractor compile` built the compiled core; tests/test_native.py tests that core.
os.environ["EXTRACTOR_PURE"] = "1"

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
# A file far over a time limit of 1 s per file, for the tests of that limit: a run of assignments whose work grows with
# its size (6 MB, 3 CPU-s even at 2 MB per CPU-second; a file may have 20 MB), so a faster pipeline keeps it over.
FLOOD = "Bộ Tài chính chủ trì, phối hợp với Bộ Công an rà soát hồ sơ, hoàn thành trước ngày 30/6/2025.\n" * 60_000


@lru_cache(maxsize=None)
def _extract(name: str):
    from extractor import extract_file

    return extract_file(CORPUS / name)


@pytest.fixture(scope="session")
def corpus():
    """corpus("002") → the Extraction of the corpus file whose name starts with 002."""

    def get(prefix: str):
        matches = sorted(p.name for p in CORPUS.glob(f"{prefix}*.txt"))
        assert matches, f"no corpus file {prefix}*"
        return _extract(matches[0])

    return get


@pytest.fixture
def both_pdf_paths(monkeypatch):
    """A function reading PDF bytes twice, with pdfplumber's own parse (FAST off) and with PDFium (FAST on):
    (slow, fast) Sources, to be compared."""
    from extractor.parsers import pdf as pdf_loader

    def read(data: bytes, name: str):
        monkeypatch.setattr(pdf_loader, "FAST", False)
        slow = pdf_loader.load_pdf(data, name)
        monkeypatch.setattr(pdf_loader, "FAST", True)
        return slow, pdf_loader.load_pdf(data, name)

    return read


@pytest.fixture(scope="session")
def built_corpus(tmp_path_factory) -> Path:
    """The bundled corpus built into a knowledge base once per session; tests that write (task states) use
    ``kb_copy``."""
    from extractor.kb import build

    out = tmp_path_factory.mktemp("built_corpus") / "output"
    build(CORPUS, out, workers=2)
    return out


@pytest.fixture
def kb_copy(built_corpus, tmp_path) -> Path:
    """A copy of ``built_corpus`` of the test's own (its own tracking.sqlite)."""
    import shutil

    dst = tmp_path / "output"
    shutil.copytree(built_corpus, dst)
    return dst
