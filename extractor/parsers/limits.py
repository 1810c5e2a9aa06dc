"""Named limits on the work one input file may cause, checked before the work: each is a module-level setting
of its loader (``docx.MAX_PARAGRAPHS``, ``pdf.MAX_PAGES`` …), raised for one run by an environment variable or
per call by a keyword argument of the loader."""
from __future__ import annotations

import os

from ..errors import ExtractorError, LimitExceededError


def resolve(given: int | None, default: int, env: str) -> int:
    """The limit in force: ``given`` (a loader's argument), else the environment variable ``env``, else ``default``
    (the module's setting, read at call time so that assigning to it works)."""
    if given is not None:
        return int(given)
    raw = os.environ.get(env, "").strip()
    if not raw:
        return int(default)
    try:
        value = int(raw.replace("_", ""))
    except ValueError:
        raise ExtractorError(f"{env}={raw!r} is not a whole number") from None
    if value <= 0:
        raise ExtractorError(f"{env}={raw!r} must be a positive number")
    return value


def size(n: int) -> str:
    """A byte count for a message: 1.0 GB, 64 MB, 512 KB, 300 bytes."""
    for unit, scale in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if n >= scale:
            v = n / scale
            return f"{v:.1f} {unit}" if v < 10 and v != int(v) else f"{v:.0f} {unit}"
    return f"{n} bytes"


def exceeded(what: str, limit: int | str, setting: str, env: str, path: str | None) -> LimitExceededError:
    """The one-line error: ``{what}, over the limit {setting} = {limit} (raise it with {env}=N)``."""
    return LimitExceededError(f"{what}, over the limit {setting} = {limit} (raise it with the environment variable "
                              f"{env}=N)", path, limit=setting, env=env)
