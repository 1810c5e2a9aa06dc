"""Hostile use of the command line: wrong output paths, malformed or huge option values, unsupported file types.
Each gets one line on stderr naming what is wrong (exit 2 for a wrong use, 1 for a file that cannot be read),
never a traceback."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SAMPLE = next(CORPUS.glob("002_*.txt"))
TABLES = next(CORPUS.glob("000_*.txt"))
CLI = [sys.executable, "-m", "extractor"]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(CLI + [str(a) for a in args], capture_output=True, text=True, cwd=cwd or ROOT, timeout=120)


def one_line(r: subprocess.CompletedProcess, code: int) -> str:
    """The one stderr line of a failed run (exit ``code``, no traceback)."""
    assert "Traceback" not in r.stderr, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert r.returncode == code, (r.returncode, r.stderr)
    assert lines[0].startswith("extractor: "), lines
    return lines[0]


@pytest.fixture()
def places(tmp_path):
    (tmp_path / "a_folder").mkdir()
    (tmp_path / "a_file").write_text("keep me", encoding="utf-8")
    return tmp_path / "a_folder", tmp_path / "a_file"


# ------------------------------------------------------------------ output paths

def test_extract_one_file_to_a_folder(places):
    folder, _ = places
    line = one_line(run("extract", SAMPLE, "--out", folder), 2)
    assert str(folder) in line and "is a folder" in line


def test_extract_to_a_path_below_a_file(places):
    _, file = places
    line = one_line(run("extract", SAMPLE, "--out", file / "x.json"), 2)
    assert str(file) in line and "is a file" in line
    assert file.read_text(encoding="utf-8") == "keep me"


def test_extract_batch_to_a_file(places, tmp_path):
    _, file = places
    line = one_line(run("extract", SAMPLE, TABLES, "--out", file), 2)
    assert str(file) in line and "is a file, not a folder" in line


def test_build_into_a_file(places):
    _, file = places
    line = one_line(run("build", SAMPLE, "-o", file, "--quiet", "--workers", "1"), 2)
    assert line == f"extractor: {file}: is a file, not a folder"
    line = one_line(run("build", SAMPLE, "-o", file / "kb", "--quiet", "--workers", "1"), 2)
    assert line == f"extractor: {file / 'kb'}: cannot make this folder: {file} is a file"


def test_tables_into_a_file(places):
    _, file = places
    line = one_line(run("tables", TABLES, "-o", file), 2)
    assert str(file) in line and "is a file, not a folder" in line


def test_show_into_a_folder(places):
    folder, _ = places
    line = one_line(run("show", SAMPLE, "-o", folder), 2)
    assert str(folder) in line and "is a folder" in line


def test_watch_into_a_file(places):
    folder, file = places
    line = one_line(run("watch", folder / "inbox", "-o", file, "--corpus", folder / "corpus"), 2)
    assert str(file) in line and "is a file, not a folder" in line


# ------------------------------------------------------------------ option values

@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    from extractor.kb import build

    out = tmp_path_factory.mktemp("kb") / "output"
    build(SAMPLE, out, workers=1)
    return out


@pytest.mark.parametrize("command, option", [
    (["tasks"], "--due-before"), (["tasks"], "--due-after"), (["search", "hồ sơ"], "--due-before"),
    (["search", "hồ sơ"], "--due-after"), (["due"], "--today")])
@pytest.mark.parametrize("value", ["32/12/2025", "2025-13-01", "20251231", "next week"])
def test_a_date_option_not_in_iso_form_is_named(kb, command, option, value):
    line = one_line(run(*command, "--kb", kb, option, value, "--json"), 2)
    assert line.startswith(f"extractor: {option}: ") and "YYYY-MM-DD" in line and repr(value) in line


def test_iso_date_options_still_work(kb):
    r = run("tasks", "--kb", kb, "--due-after", "2020-01-01", "--due-before", "2030-12-31", "--json")
    assert r.returncode == 0 and r.stderr == "", r.stderr
    r = run("due", "--kb", kb, "--today", "2025-03-01", "--json")
    assert r.returncode == 0 and r.stderr == "", r.stderr


# ------------------------------------------------------------------ sizes

def test_a_small_max_bytes_shows_the_real_sizes():
    size = SAMPLE.stat().st_size
    line = one_line(run("extract", SAMPLE, "--max-bytes", "1000"), 1)
    assert line == (f"extractor: {SAMPLE}: file is {size / 1024:.1f} KB, "
                    "over the 1,000 bytes limit (raise it with --max-bytes)")


@pytest.mark.parametrize("size, limit, shown", [
    (1030, 1025, "file is 1,030 bytes, over the 1,025 bytes limit"),   # the same in KB: exact bytes
    (5000, 0, "file is 4.9 KB, over the 0 bytes limit"),
    (3 * 2**20, 2**20, "file is 3.0 MB, over the 1.0 MB limit"),
])
def test_size_limit_message(tmp_path, size, limit, shown):
    from extractor import extract_file
    from extractor.errors import FileTooLargeError

    f = tmp_path / "big.txt"
    f.write_bytes(b"a" * size)
    with pytest.raises(FileTooLargeError) as info:
        extract_file(f, max_bytes=limit)
    assert info.value.message == f"{shown} (raise it with --max-bytes)"


# ------------------------------------------------------------------ unsupported types

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00\x90\x91h6" + bytes(200)


@pytest.mark.parametrize("name, data, what", [
    ("scan.png", PNG, "a PNG image"),
    ("photo.png", b"\x89PNG....", "a PNG image"),           # cut short: no NUL byte, and not UTF-8 either
    ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)), "a JPEG image"),
    ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(range(256)) * 2, "a Windows program (EXE/DLL)"),
    ("data.bin", bytes(range(256)) * 4, "a .bin file that is not text"),
    ("bundle.zip", b"PK\x03\x04" + bytes(200), "a ZIP archive that is not a Word document"),
])
def test_a_binary_file_of_an_unsupported_type_says_so(name, data, what):
    from extractor.errors import UnsupportedFormatError
    from extractor.parsers.load import load_bytes

    with pytest.raises(UnsupportedFormatError) as info:
        load_bytes(data, name)
    assert info.value.message.startswith(f"unsupported type: {what}") and "not UTF-8" not in info.value.message


def test_text_under_another_name_is_still_read():
    from extractor.parsers.load import load_bytes

    assert load_bytes(SAMPLE.read_bytes(), "notes.rst").original == SAMPLE.read_text(encoding="utf-8")


def test_cli_png_is_an_unsupported_type(tmp_path):
    png = tmp_path / "scan.png"
    png.write_bytes(b"\x89PNG....")
    line = one_line(run("extract", png), 1)
    assert line.startswith(f"extractor: {png}: unsupported type: a PNG image; the toolkit reads text, PDF")


@pytest.mark.parametrize("command, option, value", [
    (["tasks"], "--year", "9" * 400), (["tasks"], "--year", "1899"), (["search", "hồ sơ"], "--year", "9" * 400),
    (["search", "hồ sơ"], "--limit", "9" * 400), (["search", "hồ sơ"], "--limit", "-1"), (["tasks"], "--limit", "9" * 40),
    (["due"], "--within", "9" * 400), (["due"], "--within", "-1")])
def test_an_integer_option_out_of_range_is_named(kb, command, option, value):
    line = one_line(run(*command, "--kb", kb, option, value, "--json"), 2)
    assert line.startswith(f"extractor: {option}: must be from ")


@pytest.mark.parametrize("args, option", [(["extract", SAMPLE, "--max-bytes", "-1"], "--max-bytes"),
                                          (["serve", "--port", "70000"], "--port"),
                                          (["serve", "--workers", "0"], "--workers")])
def test_other_integer_options_out_of_range(args, option):
    line = one_line(run(*args), 2)
    assert line.startswith(f"extractor: {option}: must be from ")


def test_the_python_api_refuses_integers_sqlite_cannot_hold(kb):
    from extractor.kb import KnowledgeBase

    with KnowledgeBase(kb) as base:
        for call in (lambda: base.tasks(year=10**400), lambda: base.search("hồ sơ", limit=10**400),
                     lambda: base.search("hồ sơ", offset=10**400), lambda: base.due(within=10**400),
                     lambda: base.count("hồ sơ", year=-10**400)):
            with pytest.raises(ValueError, match=r"^(year|limit|offset|within): must be from"):
                call()


def test_batch_outputs_of_inputs_with_the_same_stem_do_not_overwrite_each_other(tmp_path):
    from extractor.cli import json_names

    assert json_names(["a.txt", "b.txt"]) == ["a.json", "b.json"]
    assert json_names(["a.txt", "a.pdf", "x/a.txt", "b.txt"]) == ["a.txt.json", "a.pdf.json", "x__a.txt.json", "b.json"]
    assert json_names(["A.txt", "a.txt"]) == ["A.txt.json", "a.txt.2.json"]   # one file on a case-blind disk
    assert json_names(["x/a.txt", "a.txt", "x__a.txt.txt"]) == ["x__a.txt.json", "a.txt.json", "x__a.txt.2.json"]
    src = next(CORPUS.glob("003_*.txt")).read_bytes()
    docs = tmp_path / "in"
    (docs / "sub").mkdir(parents=True)
    (docs / "cv.txt").write_bytes(src)
    (docs / "sub" / "cv.txt").write_bytes(src)
    (docs / "cv.md").write_bytes(src)
    r = run("extract", docs, "--out", tmp_path / "out")
    assert r.returncode == 0, r.stderr
    written = sorted(p.name for p in (tmp_path / "out").glob("*.json"))
    assert written == ["cv.md.json", "cv.txt.json", "errors.json", "sub__cv.txt.json"]
    ids = {json.loads((tmp_path / "out" / n).read_text(encoding="utf-8"))["documents"][0]["id"] for n in written[:2] + written[3:]}
    assert len(ids) == 3   # identical texts, three documents
