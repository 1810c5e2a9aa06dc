"""Errors the toolkit reports to its users: one clear sentence, never a traceback."""


class ExtractorError(Exception):
    """A file the toolkit cannot process; the message says why in one line."""

    code = "error"

    def __init__(self, message: str, path: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class EmptyFileError(ExtractorError):
    code = "empty"


class BinaryFileError(ExtractorError):
    code = "binary"


class EncodingError(ExtractorError):
    code = "encoding"


class FileTooLargeError(ExtractorError):
    code = "too_large"


class UnsupportedFormatError(ExtractorError):
    code = "unsupported"


class BrokenFileError(ExtractorError):
    """A PDF, DOCX or HTML file that is damaged or is not what its name says."""

    code = "broken"


class EncryptedFileError(ExtractorError):
    """A password-protected file."""

    code = "encrypted"


class MissingToolError(ExtractorError):
    """A file that needs an external program (Tesseract, LibreOffice) that is not installed."""

    code = "missing_tool"


def size_text(n: int, other: int | None = None) -> str:
    """A size as people read it: 640 bytes, 12.5 KB, 45.0 MB (1 KB = 1024 bytes); exact bytes when rounding would
    make it look the same as ``other`` (a file over a limit is never shown as the size of the limit)."""
    def fmt(v: int) -> str:
        if v < 1024:
            return f"{v:,} byte" + ("" if v == 1 else "s")
        for unit, scale in (("KB", 2**10), ("MB", 2**20), ("GB", 2**30)):
            if v < scale * 1024 or unit == "GB":
                return f"{v / scale:.1f} {unit}"
        raise AssertionError  # the loop always returns

    if other is not None and other != n and fmt(n) == fmt(other):
        return f"{n:,} bytes"
    return fmt(n)
