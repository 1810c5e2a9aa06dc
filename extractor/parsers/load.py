"""Load any supported file into a Source: picks the loader by content and suffix (text for now; PDF, DOCX, HTML plug in here)."""
from __future__ import annotations

from pathlib import Path

from ..errors import UnsupportedFormatError
from ..model import Source
from .text import DEFAULT_MAX_BYTES, load_text

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
SUPPORTED = TEXT_SUFFIXES


def load(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in TEXT_SUFFIXES or suffix not in {".pdf", ".docx", ".doc", ".html", ".htm"}:
        return load_text(p, max_bytes=max_bytes)
    raise UnsupportedFormatError(f"{suffix} files are not supported yet", str(path))
