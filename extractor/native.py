"""The compiled core: the pipeline's hot modules built by mypyc into a folder of their own, imported instead of their
sources only while each one's source is byte for byte the one it was built from.

`extractor compile` builds it (a C compiler and the Python headers are needed; mypy, a dependency, brings mypyc);
without it, or once a source changed, or with ``EXTRACTOR_PURE=1``, every module runs as Python. Nothing is built
into the source tree, so an edited module is never shadowed by a stale build: the manifest's hashes decide.
"""
from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

# The modules compiled: the stages that read the text and the patterns they call most (tests/test_native.py checks
# the compiled core gives the JSON the sources give). Modules that find files next to their own (`__file__`: the word
# lists, the schema), that tests replace parts of, or that run once per file are left as Python.
MODULES = (
    "extractor.agencies",
    "extractor.actions",
    "extractor.deadlines",
    "extractor.lines",
    "extractor.metadata",
    "extractor.model",
    "extractor.normalize",
    "extractor.references",
    "extractor.split",
    "extractor.targets",
    "extractor.tasks",
    "extractor.parsers.fragments",
    "extractor.parsers.structure",
    "extractor.parsers.tables",
    "extractor.patterns.agencies",
    "extractor.patterns.anchored",
    "extractor.patterns.dates",
    "extractor.patterns.doctypes",
    "extractor.patterns.figures",
    "extractor.patterns.fold",
    "extractor.patterns.header",
    "extractor.patterns.markers",
    "extractor.patterns.phrases",
    "extractor.patterns.postag",
    "extractor.patterns.tasks",
)
GROUP = "extractor._core"          # the shared library of the group: extractor/_core__mypyc.*.so
MANIFEST = "manifest.json"
PURE_ENV = "EXTRACTOR_PURE"        # set (to anything but 0 or empty): run every module as Python
DIR_ENV = "EXTRACTOR_NATIVE_DIR"   # where the compiled core is (default: _native beside this file)

SOURCE_ROOT = Path(__file__).resolve().parent.parent   # the folder that holds the package


def native_dir() -> Path:
    return Path(os.environ.get(DIR_ENV) or Path(__file__).resolve().with_name("_native"))


def _source(module: str) -> Path:
    return SOURCE_ROOT.joinpath(*module.split(".")).with_suffix(".py")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _abi() -> str:
    """What a compiled module must match: the interpreter's extension suffix (version, ABI, platform)."""
    return importlib.machinery.EXTENSION_SUFFIXES[0]


def _file_of(module: str) -> Path:
    """Where setuptools puts a compiled module in the build folder: `extractor/agencies.cpython-311-….so`."""
    return Path(*module.split(".")).with_suffix(_abi())


@dataclass
class Status:
    """Whether the compiled core runs, and why not when it does not."""

    active: bool
    state: str           # active, absent, stale, other-python, disabled, broken
    detail: str = ""
    modules: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"compiled core: {self.state}" + (f" ({self.detail})" if self.detail else "")


def check(where: Path | None = None, pure_env: bool = True) -> tuple[Status, dict[str, Path]]:
    """The status of the compiled core in ``where`` and, when it can run, the file of each module it holds
    (``pure_env``: EXTRACTOR_PURE set turns it off)."""
    if pure_env and os.environ.get(PURE_ENV, "") not in ("", "0"):
        return Status(False, "disabled", f"{PURE_ENV} is set"), {}
    where = where or native_dir()
    try:
        manifest = json.loads((where / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Status(False, "absent", "run `extractor compile` to build it"), {}
    except (OSError, ValueError) as err:
        return Status(False, "broken", f"unreadable manifest: {err}"), {}
    if manifest.get("abi") != _abi():
        return Status(False, "other-python", f"built for {manifest.get('abi')}, this is {_abi()}: rebuild it"), {}
    files: dict[str, Path] = {}
    for module, entry in manifest.get("modules", {}).items():
        source = _source(module)
        if not source.is_file() or _digest(source) != entry.get("sha256"):
            return Status(False, "stale", f"{source.name} changed since the build: run `extractor compile`"), {}
        files[module] = where / entry["file"]
    files[manifest["group"]] = where / manifest["group_file"]
    missing = [str(p) for p in files.values() if not p.is_file()]
    if missing:
        return Status(False, "broken", f"missing {missing[0]}"), {}
    return Status(True, "active", f"{len(files) - 1} modules", tuple(manifest["modules"])), files


class _Finder(importlib.abc.MetaPathFinder):
    """Finds the compiled modules (and their group's shared library) in the compiled core, nothing else."""

    def __init__(self, files: dict[str, Path]):
        self.files = files

    def find_spec(self, name, path=None, target=None):
        file = self.files.get(name)
        return importlib.util.spec_from_file_location(name, file) if file is not None else None


_STATUS: Status | None = None


def activate() -> Status:
    """Use the compiled core for the rest of the process when it can run (called once, when the package is
    imported, before any compiled module is)."""
    global _STATUS
    if _STATUS is None:
        status, files = check()
        if status.active and not any(m in sys.modules for m in files):
            sys.meta_path.insert(0, _Finder(files))
        elif status.active:
            status = Status(False, "broken", "its modules were imported before it was activated")
        _STATUS = status
    return _STATUS


def status() -> Status:
    """The compiled core's status in this process."""
    return _STATUS if _STATUS is not None else activate()


def running_compiled(module: str) -> bool:
    """Whether a module of the package runs compiled in this process (it is then an extension module)."""
    spec = importlib.util.find_spec(module)
    return spec is not None and isinstance(spec.loader, importlib.machinery.ExtensionFileLoader)


# ------------------------------------------------------------------------------------------------ building

class BuildError(RuntimeError):
    """The compiled core could not be built; ``output`` holds the compiler's last lines."""

    def __init__(self, message: str, output: str = ""):
        super().__init__(message)
        self.output = output


# (the modules the compiled ones import are read for their types, their own errors not reported: as when mypy finds
# them in an installed package — a source checkout that is not the installed one reads them from its own folder)
_BUILD_SCRIPT = """
import sys
from setuptools import setup
from mypyc.build import mypycify
sources, group, build_lib, build_temp, cache, c_dir = sys.argv[1:7]
setup(name="extractor-core", ext_modules=mypycify(
          ["--ignore-missing-imports", "--follow-imports", "silent", "--disable-error-code", "annotation-unchecked",
           "--cache-dir", cache, *sources.split(",")], opt_level="3", group_name=group, target_dir=c_dir),
      script_args=["build_ext", "--build-lib", build_lib, "--build-temp", build_temp])
"""


def build(where: Path | None = None) -> Status:
    """Compile MODULES with mypyc into ``where`` (default: native_dir()), replacing what was there. The new core is
    built beside it and put in its place only once complete (its manifest written last): a build that fails leaves
    the old one as it was, and a process running the old one keeps its files (they are unlinked, not overwritten)."""
    where = where or native_dir()
    sources = [_source(m) for m in MODULES]
    digests = {m: _digest(p) for m, p in zip(MODULES, sources, strict=True)}
    where.parent.mkdir(parents=True, exist_ok=True)
    new = Path(tempfile.mkdtemp(prefix=where.name + ".new-", dir=where.parent))
    new.chmod(0o755)   # (mkdtemp makes it the owner's alone)
    try:
        _compile(sources, new)
        _write_manifest(new, digests)
        old = where.with_name(new.name.replace(".new-", ".old-"))
        if where.exists():
            os.replace(where, old)
        os.replace(new, where)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(new, ignore_errors=True)
    found, _ = check(where, pure_env=False)
    return found


def _compile(sources: list[Path], out: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="extractor-core-") as tmp:
        cmd = [sys.executable, "-c", _BUILD_SCRIPT, ",".join(str(p.relative_to(SOURCE_ROOT)) for p in sources),
               GROUP, str(out), str(Path(tmp) / "temp"), str(Path(tmp) / "mypy-cache"), str(Path(tmp) / "c")]
        # (the C sources, objects and mypy's cache go to a temporary folder: nothing lands in the source tree; the
        # sources are named by their paths from the source root, which give their modules)
        proc = subprocess.run(cmd, cwd=SOURCE_ROOT, capture_output=True, text=True)
        if proc.returncode != 0:
            tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
            raise BuildError(f"mypyc could not build the compiled core (exit {proc.returncode})", tail)


def _write_manifest(where: Path, digests: dict[str, str]) -> None:
    modules = {m: {"file": str(_file_of(m)), "sha256": digests[m]} for m in MODULES}
    library = GROUP + "__mypyc"   # (mypyc's name for the group's shared library)
    manifest = {"abi": _abi(), "group": library, "group_file": str(_file_of(library)), "modules": modules,
                "python": sys.version.split()[0]}
    (where / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
