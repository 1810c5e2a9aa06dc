"""Errors the toolkit reports to its users: one clear sentence, never a traceback."""


def one_line(text: object, limit: int | None = None) -> str:
    """``text`` on one line: every run of whitespace (newlines from lxml, pdfminer or LibreOffice messages
    included) and every other control character as one space; cut to ``limit`` characters when given."""
    s = "".join(" " if ch < " " or ch == "\x7f" else ch for ch in str(text))
    s = " ".join(s.split())
    return s if limit is None or len(s) <= limit else s[:limit - 1] + "…"


class ExtractorError(Exception):
    """A file the toolkit cannot process; the message says why in one line (newlines in it are flattened)."""

    code = "error"

    def __init__(self, message: str, path: str | None = None):
        message = one_line(message)
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        # a file name may hold a newline too: shown escaped, so the report stays one line
        path = self.path if self.path is None or self.path.isprintable() else repr(self.path)[1:-1]
        return f"{path}: {self.message}" if path else self.message


class EmptyFileError(ExtractorError):
    code = "empty"


class BinaryFileError(ExtractorError):
    code = "binary"


class EncodingError(ExtractorError):
    code = "encoding"


class FileTooLargeError(ExtractorError):
    code = "too_large"


class LimitExceededError(FileTooLargeError):
    """A file over one of the named limits on the work a file may cause (unpacked size, paragraphs, pages,
    nesting); the message names the limit and the environment variable that raises it."""

    def __init__(self, message: str, path: str | None = None, limit: str | None = None, env: str | None = None):
        super().__init__(message, path)
        self.limit = limit
        self.env = env


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


class TimeLimitError(ExtractorError):
    """A file whose extraction ran over the per-file time limit of the worker processes (the worker is replaced)."""

    code = "time_limit"

    def __init__(self, message: str, path: str | None = None, limit: float | None = None):
        super().__init__(message, path)
        self.limit = limit


class WorkerLostError(ExtractorError):
    """A worker process that ended while extracting a file (killed, out of memory, a crash in native code)."""

    code = "worker_lost"


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
