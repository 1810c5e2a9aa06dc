"""Read a legacy Word .doc: converted to .docx by LibreOffice headless when installed, else a clear error."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..model import Source
from ..errors import BrokenFileError, EncryptedFileError, MissingToolError

CONVERT_TIMEOUT = 180
INSTALL_HINT = "apt-get install libreoffice-writer-nogui"


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _encrypted(data: bytes) -> bool:
    """A password-protected Office file: an OLE2 box holding EncryptionInfo/EncryptedPackage streams."""
    head = data[:1 << 20]
    return "EncryptedPackage".encode("utf-16-le") in head or "EncryptionInfo".encode("utf-16-le") in head


def convert_to_docx(data: bytes, name: str) -> bytes:
    office = libreoffice()
    if office is None:
        raise MissingToolError(f"a Word 97-2003 .doc needs LibreOffice to read it ({INSTALL_HINT}); "
                               "or save it as .docx", name)
    with tempfile.TemporaryDirectory(prefix="extractor-doc-") as tmp:
        src = Path(tmp) / "document.doc"
        src.write_bytes(data)
        profile = Path(tmp) / "profile"  # a private profile: runs in parallel do not lock each other out
        try:
            run = subprocess.run(
                [office, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                 "--convert-to", "docx:MS Word 2007 XML", "--outdir", tmp, str(src)],
                capture_output=True, text=True, timeout=CONVERT_TIMEOUT, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise BrokenFileError(f"LibreOffice did not finish converting the .doc in {CONVERT_TIMEOUT} s", name) from None
        out = Path(tmp) / "document.docx"
        if not out.exists() or out.stat().st_size == 0:
            detail = " ".join((run.stderr or run.stdout or "").split())[-160:]
            raise BrokenFileError(f"damaged .doc: LibreOffice could not convert it{': ' + detail if detail else ''}", name)
        return out.read_bytes()


def load_doc(data: bytes, name: str = "<doc>") -> Source:
    if _encrypted(data):
        raise EncryptedFileError("the Word file is encrypted with a password; remove the password first", name)
    from .docx import load_docx

    converted = load_docx(convert_to_docx(data, name), name)
    return Source(path=name, sha256=hashlib.sha256(data).hexdigest(), encoding="doc", size=len(data),
                  original=converted.original, format="doc")
