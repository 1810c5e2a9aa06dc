"""Inputs named by fsspec URLs (``s3://bucket/decrees/``, ``file:///srv/corpus/``): listing a folder, hashing a file
and fetching a local copy, so a build reads a corpus where it lives (fsspec and the scheme's driver, e.g. s3fs)."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path, PurePosixPath

BLOCK = 1 << 20


class RemoteError(Exception):
    """A URL that cannot be listed or read (no fsspec, no driver for its scheme, nothing there)."""


def is_url(path) -> bool:
    """Whether ``path`` is an fsspec URL (``s3://bucket/a.pdf``, ``file:///data/a.txt``) rather than a local path."""
    if not isinstance(path, str):
        return False
    head, sep, _ = path.partition("://")
    return bool(sep) and len(head) > 1 and head.isascii() and head.replace("+", "").replace("-", "").isalnum()


def _fs(url: str):
    try:
        import fsspec
    except ImportError:
        raise RemoteError(f"{url}: reading URLs needs fsspec (pip install -e '.[dask]')") from None
    try:
        return fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as err:
        raise RemoteError(f"{url}: {err}") from None


def discover(url: str, suffixes: set[str]) -> dict[str, str]:
    """key (path relative to ``url``, POSIX) → URL, for every file with one of ``suffixes`` under ``url`` (or the
    file ``url`` itself); names starting with a dot skipped, as in a local folder."""
    fs, root = _fs(url)
    scheme = url.partition("://")[0]
    try:
        if fs.isfile(root):
            return {PurePosixPath(root).name: url}
        if not fs.isdir(root):
            raise RemoteError(f"{url}: no such file or folder")
        found = {}
        base = root.rstrip("/")
        for p in sorted(fs.find(base)):
            rel = PurePosixPath(p[len(base):].lstrip("/"))
            if rel.suffix.lower() in suffixes and not any(part.startswith(".") for part in rel.parts):
                found[rel.as_posix()] = fs.unstrip_protocol(p) if scheme != "file" else f"file://{p}"
        return found
    except OSError as err:
        raise RemoteError(f"{url}: {err}") from None


def sha256(url: str) -> str:
    fs, path = _fs(url)
    h = hashlib.sha256()
    with fs.open(path, "rb") as f:
        for block in iter(lambda: f.read(BLOCK), b""):
            h.update(block)
    return h.hexdigest()


def fetch(url: str, folder: Path) -> Path:
    """A copy of the file at ``url`` in ``folder`` under its own name (the name tells its format)."""
    fs, path = _fs(url)
    target = folder / PurePosixPath(path).name
    with fs.open(path, "rb") as src, open(target, "wb") as dst:
        shutil.copyfileobj(src, dst, BLOCK)
    return target


def parent(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[0]
