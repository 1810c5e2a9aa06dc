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
