"""Units of work sent to worker processes (extractor.workers): module-level functions of plain arguments that return
plain data, so that they cross a process boundary."""
from __future__ import annotations

from .errors import EmptyFileError


def extract_json(content: bytes | str, name: str) -> dict:
    """The JSON contract (extractor.output.to_dict) of one upload: a file's bytes or a text; ExtractorError for a
    file that cannot be read."""
    from .output import to_dict
    from .parsers.load import load_bytes
    from .pipeline import extract_text, run

    if isinstance(content, str) and not content.strip() or isinstance(content, bytes) and not content:
        raise EmptyFileError("the document is empty", name)
    ex = extract_text(content, name) if isinstance(content, str) else run(load_bytes(content, name))
    return to_dict(ex)
