"""POST /extract: the request body (multipart file, form or JSON text, raw bytes) read in memory, size- and type-checked, extracted."""
from __future__ import annotations

import json
from pathlib import PurePath

from starlette.requests import Request

from ..errors import ExtractorError
from ..parsers.load import SUPPORTED

RAW_TYPES = {
    "text/plain": ".txt", "text/markdown": ".md", "text/html": ".html", "application/xhtml+xml": ".html",
    "application/pdf": ".pdf", "application/msword": ".doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/octet-stream": "",
}
SLACK = 64 * 1024          # multipart framing and form fields on top of the file itself


class ApiError(Exception):
    """A request the API refuses: HTTP status, a short code and one sentence."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _base(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def safe_name(name: str | None, default: str) -> str:
    """The file name alone (no folders), as the JSON's source.path."""
    name = PurePath((name or "").replace("\\", "/")).name.strip()
    return name[:200] or default


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body, refused with 413 as soon as it passes ``limit`` (Content-Length checked first)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, "too_large", f"the request is {int(declared):,} bytes, over the {limit:,}-byte limit")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise ApiError(413, "too_large", f"the request is over the {limit:,}-byte limit")
    return bytes(body)


async def parse(request: Request, max_bytes: int) -> tuple[bytes | str, str]:
    """(file bytes or text, name) from any accepted body; ApiError 400/413/415 otherwise."""
    ctype = _base(request.headers.get("content-type", ""))
    body = await read_body(request, max_bytes + (SLACK if ctype.startswith("multipart/") else 0))
    name = safe_name(request.query_params.get("name"), "")
    if ctype == "multipart/form-data":
        return await _multipart(request, body, max_bytes)
    if ctype == "application/x-www-form-urlencoded":
        return await _multipart(request, body, max_bytes)
    if ctype == "application/json":
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise ApiError(400, "bad_json", f"the body is not valid JSON: {err}") from None
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise ApiError(400, "missing_text", 'send {"text": "…the document…", "name": "optional.txt"}')
        return data["text"], safe_name(data.get("name") if isinstance(data.get("name"), str) else None, "<text>")
    if ctype in RAW_TYPES:
        return body, name or f"upload{RAW_TYPES[ctype] or ''}"
    raise ApiError(415, "unsupported_media_type",
                   f"content type {ctype or '(none)'!r} is not accepted: send multipart/form-data (a `file` or `text` "
                   "field), application/json ({\"text\": …}), text/plain, or the file's bytes as application/pdf, "
                   "application/msword, …docx or application/octet-stream")


async def _multipart(request: Request, body: bytes, max_bytes: int) -> tuple[bytes | str, str]:
    async def replay():
        return {"type": "http.request", "body": body, "more_body": False}

    again = Request(request.scope, receive=replay)
    try:
        form = await again.form(max_files=1, max_fields=20)
    except Exception as err:  # a malformed form is the client's mistake
        raise ApiError(400, "bad_form", f"the form cannot be read: {err}") from None
    try:
        upload = form.get("file")
        if upload is not None and not isinstance(upload, str):
            name = safe_name(upload.filename, "upload")
            suffix = PurePath(name).suffix.lower()
            ptype = _base(upload.content_type or "")
            if suffix not in SUPPORTED and not (suffix == "" or ptype in RAW_TYPES):
                raise ApiError(415, "unsupported_file_type",
                               f"{name}: {suffix} files are not accepted (txt, pdf, docx, doc, html)")
            data = await upload.read()
            if len(data) > max_bytes:
                raise ApiError(413, "too_large", f"{name} is {len(data):,} bytes, over the {max_bytes:,}-byte limit")
            return data, name
        text = form.get("text") if upload is None else upload
        if isinstance(text, str):
            if len(text.encode("utf-8")) > max_bytes:
                raise ApiError(413, "too_large", f"the text is over the {max_bytes:,}-byte limit")
            return text, safe_name(form.get("name") if isinstance(form.get("name"), str) else None, "<text>")
        raise ApiError(400, "missing_file", "send the document as a `file` field (or its text as a `text` field)")
    finally:
        await form.close()


def extract(content: bytes | str, name: str, pool) -> dict:
    """The document JSON (extractor.output.to_dict) of an upload, extracted by a worker of ``pool``
    (extractor.workers.Pool: no lock here, the time limit there); ApiError 422 for a file that cannot be read or
    that runs over the time limit."""
    from ..jobs import extract_json

    try:
        return pool.call(extract_json, content, name)
    except ExtractorError as err:
        raise ApiError(422, err.code, err.message) from None
    except RecursionError:
        raise ApiError(422, "internal", "the document is nested too deeply to be processed") from None
    except Exception as err:  # a bad file never brings the server down: it is reported to the client
        raise ApiError(422, "internal", f"the document could not be processed ({type(err).__name__}: {err})") from None
