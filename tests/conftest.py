"""Shared fixtures: the bundled corpus, extracted once per test session."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


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
