"""A disk cache of compiled regex programs, so that a new process does not parse its patterns again.

The `regex` module parses and compiles a pattern in Python (0.4 s of the 0.7 s a one-file `extractor extract` took);
the program it builds is plain data (`Pattern._pickled_data`, what the module itself pickles a pattern as) that
`regex._regex.compile` turns back into the same pattern object in microseconds. This module keeps those programs in one
file per `regex` and Python version and serves them to `regex.compile` (and `regex.search`, `sub` … which compile
through the same function): the patterns, and so every match, are the ones the module would build.

Settings (environment): ``EXTRACTOR_REGEX_CACHE`` — the cache file (default
``$XDG_CACHE_HOME/extractor/regex-<regex version>-py<X.Y>.marshal``); ``0`` or empty turns the cache off.
Patterns without named lists are kept, at most ``MAX_ENTRIES`` (the package compiles about 400; a few more are built
from a document's own words, about one per ten documents): when the file is full, the patterns this process used and
compiled come first, so a new version's patterns replace those no process asks for any more. The file is written at
exit, merged with what other processes wrote, replaced atomically; a file that cannot be read or written is ignored.
"""
from __future__ import annotations

import atexit
import hashlib
import marshal
import os
import sys
import threading
from pathlib import Path

import regex
from regex import _main, _regex

MAX_ENTRIES = 1500
_FORMAT = 1

_lock = threading.Lock()
_programs: dict | None = None     # (pattern, flags, default version) → the program, loaded at first use
_patterns: dict = {}              # the patterns served from the file in this process (at most its entries)
_new: dict = {}                   # programs compiled here, to be written
_original = _main._compile


def cache_path() -> Path | None:
    """Where the cache lives, or None when it is turned off."""
    setting = os.environ.get("EXTRACTOR_REGEX_CACHE")
    if setting is not None:
        return Path(setting) if setting not in ("", "0") else None
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "extractor" / f"regex-{regex.__version__}-py{sys.version_info[0]}.{sys.version_info[1]}.marshal"


def _read(path: Path | None) -> dict:
    if path is None:
        return {}
    try:
        data = marshal.loads(path.read_bytes())
        if not isinstance(data, dict) or data.get("format") != _FORMAT or data.get("digest") != _digest(data["payload"]):
            return {}      # another format, or a file damaged on disk: its programs are not given to the engine
        programs = marshal.loads(data["payload"])
        return programs if isinstance(programs, dict) else {}
    except (OSError, ValueError, EOFError, TypeError, KeyError):
        return {}


def _digest(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=16).digest()


def _compile(pattern, flags, ignore_unused, kwargs, cache_it):
    """`regex._main._compile`, served from the cache for a plain string pattern without named lists."""
    global _programs
    if kwargs or not cache_it or type(pattern) is not str or flags & regex.DEBUG:
        return _original(pattern, flags, ignore_unused, kwargs, cache_it)
    key = (pattern, int(flags), int(regex.DEFAULT_VERSION))
    found = _patterns.get(key)
    if found is not None:
        return found
    with _lock:
        if _programs is None:
            _programs = _read(cache_path())
        program = _programs.get(key)
    if program is not None:
        try:
            found = _regex.compile(*program)
        except Exception:   # a program this build of the module cannot take: parse the pattern instead
            found = None
        if found is not None:
            _patterns[key] = found
            return found
    compiled = _original(pattern, flags, ignore_unused, kwargs, cache_it)   # (remembered by the module's own cache)
    with _lock:
        if len(_new) < MAX_ENTRIES:
            _new[key] = compiled._pickled_data
    return compiled


def save() -> None:
    """Write the programs compiled in this process, merged with the file as it is now (other processes may have
    written it), atomically; nothing when there is nothing new or no place to write."""
    path = cache_path()
    with _lock:
        new = dict(_new)
        _new.clear()
    if not new or path is None:
        return
    try:
        before = _read(path)
        merged = {k: before[k] for k in _patterns if k in before}    # what this process used, then what it compiled,
        for key, program in [*new.items(), *before.items()]:          # then the rest while there is room
            if len(merged) >= MAX_ENTRIES:
                break
            merged.setdefault(key, program)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        payload = marshal.dumps(merged)
        tmp.write_bytes(marshal.dumps({"format": _FORMAT, "digest": _digest(payload), "payload": payload}))
        os.replace(tmp, path)
    except (OSError, ValueError):
        pass


def install() -> None:
    """Serve `regex` compilations from the cache in this process (once)."""
    if _main._compile is not _compile and cache_path() is not None:
        _main._compile = _compile
        atexit.register(save)
