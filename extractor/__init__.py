"""extractor: Vietnamese government documents to a knowledge base of tasks, targets and references."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import native
from .errors import ExtractorError

native.activate()   # (the compiled core, when built and current: before any of its modules is imported)

if TYPE_CHECKING:
    from .pipeline import Extraction, extract_bytes, extract_file, extract_text

__all__ = ["ExtractorError", "Extraction", "extract_bytes", "extract_file", "extract_text", "to_dict"]
__version__ = "0.1.0"
_PIPELINE = {"Extraction", "extract_bytes", "extract_file", "extract_text"}


def __getattr__(name: str) -> Any:
    """The pipeline's names, imported when first asked for: `import extractor` (and `extractor --help`) loads no
    pattern or model."""
    if name in _PIPELINE:
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'extractor' has no attribute {name!r}")


def to_dict(extraction: "Extraction") -> dict:
    """The knowledge-base JSON of an extraction (see README: output contract)."""
    from .output import to_dict as _to_dict

    return _to_dict(extraction)
