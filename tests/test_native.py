"""The compiled core (extractor/native.py): used only while every compiled module matches its source, and giving the
JSON the Python sources give."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from extractor import native

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def core(tmp_path, monkeypatch):
    """An empty folder for a compiled core, checked as the one in use (EXTRACTOR_PURE unset)."""
    monkeypatch.delenv(native.PURE_ENV, raising=False)
    monkeypatch.setenv(native.DIR_ENV, str(tmp_path))
    return tmp_path


def _manifest(where: Path, **changes) -> dict:
    """A manifest as build() writes it, for the sources as they are, its files made (empty) unless told not to."""
    modules = {m: {"file": str(native._file_of(m)), "sha256": native._digest(native._source(m))}
               for m in native.MODULES[:3]}
    manifest = {"abi": native._abi(), "group": native.GROUP + "__mypyc",
                "group_file": "extractor/_core__mypyc" + native._abi(), "modules": modules, "python": "3"}
    manifest.update(changes)
    for entry in [*modules.values(), {"file": manifest["group_file"]}]:
        (where / entry["file"]).parent.mkdir(parents=True, exist_ok=True)
        (where / entry["file"]).write_bytes(b"")
    (where / native.MANIFEST).write_text(json.dumps(manifest))
    return manifest


def test_no_build_runs_the_sources(core):
    status, files = native.check()
    assert (status.active, status.state, files) == (False, "absent", {})
    assert "extractor compile" in status.detail


def test_a_current_build_is_used_for_its_modules_and_its_library_only(core):
    _manifest(core)
    status, files = native.check()
    assert (status.active, status.state) == (True, "active")
    assert sorted(files) == sorted([*native.MODULES[:3], native.GROUP + "__mypyc"])
    assert files["extractor.agencies"] == core / "extractor" / ("agencies" + native._abi())
    finder = native._Finder(files)
    assert finder.find_spec("extractor.model") is None          # (not compiled: found in the sources)
    assert finder.find_spec("extractor.agencies").origin == str(core / "extractor" / ("agencies" + native._abi()))


def test_a_changed_source_turns_the_build_off(core):
    manifest = _manifest(core)
    manifest["modules"]["extractor.agencies"]["sha256"] = "0" * 64     # built from another agencies.py
    (core / native.MANIFEST).write_text(json.dumps(manifest))
    status, files = native.check()
    assert (status.active, status.state, files) == (False, "stale", {})
    assert "agencies.py changed" in status.detail


def test_a_build_for_another_python_or_with_a_file_missing_is_not_used(core):
    _manifest(core, abi=".cpython-39-x86_64-linux-gnu.so")
    assert native.check()[0].state == "other-python"
    _manifest(core)
    (core / "extractor" / ("agencies" + native._abi())).unlink()
    status = native.check()[0]
    assert (status.active, status.state) == (False, "broken") and "agencies" in status.detail
    (core / native.MANIFEST).write_text("{not json")
    assert native.check()[0].state == "broken"


def test_extractor_pure_turns_it_off(core, monkeypatch):
    _manifest(core)
    monkeypatch.setenv(native.PURE_ENV, "1")
    assert native.check()[0].state == "disabled"
    monkeypatch.setenv(native.PURE_ENV, "0")
    assert native.check()[0].state == "active"


_COMPILER = (sysconfig.get_config_var("CC") or "cc").split()[0]


_HEADERS = Path(sysconfig.get_paths()["include"]) / "Python.h"


@pytest.mark.skipif(shutil.which(_COMPILER) is None or not _HEADERS.is_file(),
                    reason="no C compiler or Python headers: the compiled core cannot be built here")
def test_the_compiled_core_gives_the_json_of_the_sources(tmp_path):
    """Build the core (about two minutes), then extract the bundled corpus with it in a fresh process: its modules
    are the compiled ones, and every file's JSON is the one the sources give."""
    status = native.build(tmp_path)
    assert status.active and set(status.modules) == set(native.MODULES)
    files = sorted(str(p) for p in (ROOT / "corpus").iterdir() if p.is_file())
    script = (   # argv: whether the modules must run compiled (1) or as Python (0), then the files
        "import json, sys\n"
        "from extractor import extract_file, native, to_dict\n"
        "want = sys.argv[1] == '1'\n"
        "assert native.status().active == want, str(native.status())\n"
        "assert [native.running_compiled(m) for m in native.MODULES] == [want] * len(native.MODULES)\n"
        "print(json.dumps([to_dict(extract_file(f)) for f in sys.argv[2:]], ensure_ascii=False, sort_keys=True, "
        "default=str))\n")
    env = {k: v for k, v in os.environ.items() if k != native.PURE_ENV} | {native.DIR_ENV: str(tmp_path)}
    compiled = subprocess.run([sys.executable, "-c", script, "1", *files], capture_output=True, text=True, env=env,
                              cwd=ROOT, check=True).stdout
    pure = subprocess.run([sys.executable, "-c", script, "0", *files], capture_output=True, text=True,
                          env=env | {native.PURE_ENV: "1"}, cwd=ROOT, check=True).stdout
    assert len(json.loads(compiled)) == len(files) == 11
    assert compiled == pure


def test_compile_check_tells_the_state_and_exits_1_when_the_core_does_not_run(core):
    from typer.testing import CliRunner

    from extractor.cli import app

    r = CliRunner().invoke(app, ["compile", "--check"])
    assert (r.exit_code, r.output.strip()) == (1, "compiled core: absent (run `extractor compile` to build it)")
    _manifest(core)
    r = CliRunner().invoke(app, ["compile", "--check"])
    assert (r.exit_code, r.output.strip()) == (0, "compiled core: active (3 modules)")


def test_compile_without_a_c_compiler_says_so_and_optional_exits_0(core, monkeypatch):
    import sysconfig as sc

    from typer.testing import CliRunner

    from extractor.cli import app

    vars_ = sc.get_config_vars()
    monkeypatch.setitem(vars_, "CC", "no-such-cc-x9")
    r = CliRunner().invoke(app, ["compile"])
    assert r.exit_code == 1 and "cannot build the compiled core here: no C compiler (no-such-cc-x9)" in r.output
    r = CliRunner().invoke(app, ["compile", "--optional"])
    assert r.exit_code == 0 and "the Python modules run" in r.output
    assert not (core / native.MANIFEST).exists()     # (nothing built, nothing half-written)


def test_a_failed_build_leaves_the_core_there_was_and_no_half_built_folder(core, monkeypatch):
    _manifest(core)

    def fail(sources, out):
        (out / "extractor").mkdir()
        (out / "extractor" / "half.so").write_bytes(b"")
        raise native.BuildError("mypyc could not build the compiled core (exit 1)", "error: …")

    monkeypatch.setattr(native, "_compile", fail)
    with pytest.raises(native.BuildError):
        native.build(core)
    assert native.check()[0].state == "active"                     # the old core, untouched
    assert sorted(p.name for p in core.parent.iterdir() if p.name.startswith(core.name)) == [core.name]
