"""Read a legacy Word .doc: its OLE2 structure checked cheaply, then converted to .docx by LibreOffice headless
when installed, else a clear error. The converter runs in a process group of its own that dies with us: killed
whole on timeout or on any exception, and (Linux) sent SIGKILL when the process that started it dies."""
from __future__ import annotations

import hashlib
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..errors import BrokenFileError, EncryptedFileError, MissingToolError, UnsupportedFormatError, one_line
from ..model import Source
from .limits import exceeded, resolve

# Seconds LibreOffice may take to convert one .doc (raised by EXTRACTOR_DOC_TIMEOUT, or convert_to_docx's timeout).
CONVERT_TIMEOUT = 180
TIMEOUT_ENV = "EXTRACTOR_DOC_TIMEOUT"
INSTALL_HINT = "apt-get install libreoffice-writer-nogui"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# What an OLE2 file that is not a Word document holds instead (stream name → what the file is).
OTHER_OLE = {"Workbook": "an Excel 97-2003 workbook", "Book": "an Excel 5 workbook",
             "PowerPoint Document": "a PowerPoint 97-2003 deck", "__substg1.0_0037001F": "an Outlook message",
             "VisioDocument": "a Visio drawing"}


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _encrypted(data: bytes) -> bool:
    """A password-protected Office file: an OLE2 box holding EncryptionInfo/EncryptedPackage streams."""
    head = data[:1 << 20]
    return "EncryptedPackage".encode("utf-16-le") in head or "EncryptionInfo".encode("utf-16-le") in head


def _header_ok(data: bytes) -> str | None:
    """What is wrong with the OLE2 header (None when it is sound): checked first, as the clearest reason."""
    if len(data) < 1536:
        return f"{len(data)} bytes, shorter than the smallest OLE2 file"
    minor, major, order, shift, mini_shift = (int.from_bytes(data[o:o + 2], "little") for o in (24, 26, 28, 30, 32))
    if order != 0xFFFE:
        return "the byte-order mark of the OLE2 header is wrong"
    if (major, shift) not in ((3, 9), (4, 12)) or mini_shift != 6:
        return f"the OLE2 header gives version {major} with {2 ** min(shift, 31)}-byte sectors"
    return None


def check_ole(data: bytes, name: str) -> None:
    """Refuse, without running anything, bytes that are not a Word document in a sound OLE2 compound file
    (an OLE2 signature followed by garbage, an Excel or PowerPoint file named .doc)."""
    if not data.startswith(OLE2):
        raise BrokenFileError("not a Word .doc file (no OLE2 signature): damaged, or another format renamed", name)
    problem = _header_ok(data)
    if problem:
        raise BrokenFileError(f"damaged .doc: not a valid OLE2 compound file ({problem})", name)
    try:
        import olefile
    except ImportError:  # the header alone
        if "WordDocument".encode("utf-16-le") not in data:
            raise UnsupportedFormatError("an OLE2 file that is not a Word document (no WordDocument stream)", name)
        return
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as err:  # olefile raises OSError, OleFileError, struct.error … for a damaged file
        raise BrokenFileError(f"damaged .doc: not a valid OLE2 compound file ({one_line(err, 100)})", name) from None
    try:
        streams = {"/".join(path) for path in ole.listdir(streams=True, storages=False)}
        if "WordDocument" in streams:
            if ole.get_size("WordDocument") < 32:
                raise BrokenFileError("damaged .doc: its WordDocument stream is too short to hold a document", name)
            return
    except (BrokenFileError, UnsupportedFormatError):
        raise
    except Exception as err:
        raise BrokenFileError(f"damaged .doc: the OLE2 directory cannot be read ({one_line(err, 100)})", name) from None
    finally:
        ole.close()
    kind = next((what for stream, what in OTHER_OLE.items() if stream in streams), "an OLE2 file")
    raise UnsupportedFormatError(f"{kind}, not a Word document (no WordDocument stream)", name)


# --- running LibreOffice -------------------------------------------------------------------------

_PR_SET_PDEATHSIG = 1
_prctl = None


def _death_signal(cpu_seconds: float | None = None):
    """A preexec_fn (Linux) that asks for SIGKILL when our process dies; resolved here, in the parent, so the
    child only calls a ready function pointer between fork and exec. (The signal comes when the starting
    *thread* ends: _run waits in that thread, so it ends only after the converter.) Only the direct child gets
    it; what that child starts is reached by killing the process group, and, when we are killed before we can
    do that, by ``cpu_seconds``: a CPU limit (RLIMIT_CPU) every process of the converter inherits, so that an
    orphaned soffice.bin busy on a bad file ends by itself."""
    global _prctl
    if not sys.platform.startswith("linux"):
        return None
    limit = None
    if cpu_seconds:
        import resource

        soft = max(1, int(cpu_seconds))
        limit = (resource.setrlimit, resource.RLIMIT_CPU, (soft, soft + 5))
    if _prctl is None:
        try:
            import ctypes

            _prctl = ctypes.CDLL(None, use_errno=True).prctl
        except (OSError, AttributeError):
            _prctl = False
    if not _prctl:
        return None
    prctl = _prctl

    def child() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if limit is not None:
            try:
                limit[0](limit[1], limit[2])
            except (ValueError, OSError):   # a lower hard limit already in force
                pass

    return child


def _kill_group(proc: subprocess.Popen) -> None:
    """Kill the converter and everything it started (the soffice script, oosplash, soffice.bin). Called while
    the converter is not yet reaped: a zombie leader keeps its process group id from being reused."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if proc.returncode is None:
        try:
            proc.kill()
        except ProcessLookupError:
            pass


def _exited(proc: subprocess.Popen, timeout: float) -> bool:
    """Whether the converter exits within ``timeout`` seconds; it is left unreaped (see _kill_group)."""
    if not hasattr(os, "waitid"):
        try:
            proc.wait(timeout)
            return True
        except subprocess.TimeoutExpired:
            return False
    deadline = time.monotonic() + timeout
    pause = 0.01
    while True:
        try:
            if os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
                return True
        except ChildProcessError:  # reaped elsewhere
            return True
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        time.sleep(min(pause, left))
        pause = min(pause * 2, 0.25)


def _run(cmd: list[str], timeout: float, name: str, log: Path) -> str:
    """The output of the converter (kept in ``log``: no pipe to fill); its whole process group killed on timeout,
    on any exception, and when it is done (whatever it left running)."""
    with open(log, "wb") as sink:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=sink, stderr=subprocess.STDOUT,
                                start_new_session=True, preexec_fn=_death_signal(timeout))
    try:
        if not _exited(proc, timeout):
            raise exceeded(f"LibreOffice did not finish converting the .doc in {timeout:g} s", f"{timeout:g} s",
                           "doc.CONVERT_TIMEOUT", TIMEOUT_ENV, name)
    finally:
        _kill_group(proc)
        proc.wait()
    return log.read_text(encoding="utf-8", errors="replace")


def _office(name: str) -> str:
    office = libreoffice()
    if office is None:
        raise MissingToolError(f"a Word 97-2003 .doc needs LibreOffice to read it ({INSTALL_HINT}); "
                               "or save it as .docx", name)
    return office


def convert_to_docx(data: bytes, name: str, timeout: float | None = None) -> bytes:
    office = _office(name)
    timeout = resolve(timeout, CONVERT_TIMEOUT, TIMEOUT_ENV)
    with tempfile.TemporaryDirectory(prefix="extractor-doc-") as tmp:
        src = Path(tmp) / "document.doc"
        src.write_bytes(data)
        profile = Path(tmp) / "profile"  # a private profile: runs in parallel do not lock each other out
        output = _run([office, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                       "--convert-to", "docx:MS Word 2007 XML", "--outdir", tmp, str(src)], timeout, name,
                      Path(tmp) / "converter.log")
        out = Path(tmp) / "document.docx"
        if not out.exists() or out.stat().st_size == 0:
            detail = one_line(output)[-160:]
            raise BrokenFileError(f"damaged .doc: LibreOffice could not convert it{': ' + detail if detail else ''}", name)
        return out.read_bytes()


def load_doc(data: bytes, name: str = "<doc>") -> Source:
    if _encrypted(data):
        raise EncryptedFileError("the Word file is encrypted with a password; remove the password first", name)
    _office(name)  # said first: no .doc can be read without it
    check_ole(data, name)  # before LibreOffice spends a minute on garbage
    from .docx import load_docx

    converted = load_docx(convert_to_docx(data, name), name)
    return Source(path=name, sha256=hashlib.sha256(data).hexdigest(), encoding="doc", size=len(data),
                  original=converted.original, format="doc")
