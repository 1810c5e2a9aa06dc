"""extractor: Vietnamese government documents to a knowledge base of tasks, targets and references."""
from .errors import ExtractorError
from .pipeline import Extraction, extract_bytes, extract_file, extract_text

__all__ = ["ExtractorError", "Extraction", "extract_bytes", "extract_file", "extract_text", "to_dict"]
__version__ = "0.1.0"


def to_dict(extraction: Extraction) -> dict:
    """The knowledge-base JSON of an extraction (see README: output contract)."""
    from .output import to_dict as _to_dict

    return _to_dict(extraction)
