"""Bad input: every broken corpus gives its exact ``path:line: error`` and fails ``mkdocs build --strict``.

Each case is ECOSOC resolution 1997/32 (the committed text) broken in one
place. Cases that are text are committed under ``tests/hostile/cases/``;
cases that are bytes (other encodings, a BOM, CRLF line ends, a 50 MB file,
1000 levels of nesting) are written into ``tmp_path`` by the test. The build
test runs them all, and the checker's own broken corpora (tests/fixtures/broken),
through the real ``mkdocs build --strict``: it must fail, log every problem
``compendium check`` reports, and print no traceback.

Decisions (docs/security.md): a BOM and CR/CRLF line ends are read correctly,
so they are warnings (which fail ``--strict``), not errors; a file over 5 MB
(``compendium.load.MAX_FILE_BYTES``) is reported without being read.
"""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from compendium.cli import main
from compendium.load import MAX_FILE_BYTES, schema
from conftest import run_build

HERE = Path(__file__).resolve().parent
CASES_DIR = HERE / "hostile" / "cases"
BROKEN_DIR = HERE / "fixtures" / "broken"
REPO = HERE.parent
BASE = REPO / "resolutions" / "ecosoc" / "1997" / "E-RES-1997-32.adopted.en.md"
FRENCH = REPO / "resolutions" / "ga" / "2021" / "A-RES-75-283.adopted.fr.md"
F = "E-RES-1997-32.adopted.en.md"
SYMBOL = schema()["properties"]["symbol"]["description"]
DATE = schema()["properties"]["date"]["description"]

# case folder -> (corpus folder inside it, exact lines of `compendium check` before the count line)
CASES: dict[str, tuple[str, list[str]]] = {
    "yaml-unclosed-list": (".", [f"{F}:9: error: front matter is not valid YAML: did not find expected ',' or ']' "
                                 "(while parsing a flow sequence that starts at line 8)"]),
    "front-matter-scalar": (".", [f"{F}:2: error: front matter must be a mapping of keys to values, not a string"]),
    "wrong-type-date": (".", [f"{F}:7: error: front-matter key 'date': \"21 July 1997\" is not valid (expected: {DATE})"]),
    "unknown-key-typo": (".", [f"{F}:12: warning: unknown front-matter key 'categorie'; did you mean 'categories'?"]),
    "missing-symbol": (".", [f"{F}:1: error: front matter lacks required key 'symbol'"]),
    "symbol-path-traversal": (".", [f"{F}:2: error: front-matter key 'symbol': \"E/RES/1997/32/../../../etc\" is not valid "
                                    f"(expected: {SYMBOL})"]),
    "symbol-unsafe-in-url": (".", [f"{F}:2: error: front-matter key 'symbol': \"E/RES/1997/32?x=<b>#top\" is not valid "
                                   f"(expected: {SYMBOL})"]),
    "symbol-slug-collision": (".", ["E-RES-1997-32.copy.md:2: error: E-RES-1997-32 (adopted, en) is already in "
                                    f"{F}; one file per work, version and language"]),
    "duplicate-symbol-across-folders": (".", [
        f"imported/{F}:2: error: E/RES/1997/32 (adopted, en) is already in ecosoc/1997/{F}; "
        "one file per work, version and language"]),
    "date-february-30": (".", [f"{F}:7: error: date 1997-02-30 is not a real date; write the date of adoption as YYYY-MM-DD"]),
    "deeply-nested": (".", [  # a third and fourth level under (b) (i): the format has two
        f"{F}:64: error: sub-paragraph (a) follows (b) under op-7: expected (c)",
        f"{F}:68: error: sub-paragraph (c) follows (a) under op-7: expected (b)"]),
    "footnote-cycle": (".", [
        f"{F}:15: error: footnote 179 refers to footnote [^180]; a footnote cannot have footnotes: write the reference out in its text",
        f"{F}:16: error: footnote 180 refers to footnote [^179]; a footnote cannot have footnotes: write the reference out in its text"]),
    "self-citation": (".", [f"{F}:46: error: E/RES/1997/32 op-2: 'its resolution 1997/32' cites this resolution itself; "
                            "correct the symbol (a reference within the text reads 'paragraph 5 above')"]),
    "translation-unknown-anchor": ("resolutions", [
        "translations/de/E-RES-1997-32.adopted.en.yaml:24: error: translation unit 'pp-40': E-RES-1997-32.adopted.en has "
        "no paragraph with this anchor, so its translation is shown nowhere; move it to the right anchor or remove the unit"]),
}


def check(corpus: Path, cwd: Path) -> tuple[int, list[str]]:
    """``compendium check --corpus`` run from ``cwd``: exit code and output lines (an exception fails the test)."""
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, ["check", "--corpus", os.path.relpath(corpus, cwd)], catch_exceptions=False)
    finally:
        os.chdir(old)
    assert "Traceback" not in result.output
    return result.exit_code, result.output.splitlines()


def count_line(lines: list[str]) -> str:
    errors = sum(": error: " in line for line in lines)
    warnings = sum(": warning: " in line for line in lines)
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


@pytest.mark.parametrize("case", sorted(CASES))
def test_committed_case_gives_exact_problem(case):
    if case == "yaml-unclosed-list" and not yaml.__with_libyaml__:
        pytest.skip("the message is libyaml's (the pinned PyYAML wheels have it)")
    sub, expected = CASES[case]
    corpus = CASES_DIR / case / sub
    code, lines = check(corpus, CASES_DIR / case)
    # paths are printed relative to the working directory, the case's folder (translations/ lies beside the corpus)
    assert lines[:-1] == expected
    assert lines[-1] == count_line(expected)
    assert code == (1 if any(": error: " in line for line in expected) else 0)


def test_every_committed_case_is_listed():
    assert sorted(p.name for p in CASES_DIR.iterdir() if p.is_dir()) == sorted(CASES)


# --------------------------------------------------------------------------- cases written at test time


def _base() -> str:
    return BASE.read_text(encoding="utf-8")


def _write(folder: Path, data: bytes, name: str = F) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return folder


def byte_cases() -> dict[str, tuple[bytes, list[str]]]:
    """name -> (file bytes, exact problem lines with the file name)."""
    text = _base()
    cases = {
        "bom": (b"\xef\xbb\xbf" + text.encode(), [f"{F}:1: warning: file starts with a byte-order mark; it was read, but save it as UTF-8 without BOM"]),
        "crlf": (text.replace("\n", "\r\n").encode(), [f"{F}:1: warning: file has CR or CRLF line ends; they were read as LF, but save it with LF line ends as every corpus file has"]),
        "utf-16": (text.encode("utf-16"), [f"{F}:1: error: file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8"]),
        "utf-16-without-bom": (text.encode("utf-16-le"), [f"{F}:1: error: file contains NUL bytes, so it is not UTF-8 text (UTF-16 without a byte-order mark?); save it as UTF-8"]),
        "empty": (b"", [f"{F}:1: error: file is empty; a corpus file starts with front matter between '---' lines"]),
        "blank-lines-only": (b"\n  \n\t\n", [f"{F}:1: error: file is empty; a corpus file starts with front matter between '---' lines"]),
    }
    if FRENCH.exists():
        latin1 = FRENCH.read_text(encoding="utf-8").encode("latin-1", errors="replace")
        at = next(i for i, b in enumerate(latin1) if b >= 0x80)
        line = latin1[:at].count(b"\n") + 1
        cases["latin-1"] = (latin1, [f"{F}:{line}: error: file is not UTF-8 (byte 0x{latin1[at]:02x} at offset {at}); save it as UTF-8"])
    return cases


@pytest.mark.parametrize("case", sorted(byte_cases()))
def test_encoding_and_emptiness_cases(tmp_path, case):
    data, expected = byte_cases()[case]
    corpus = _write(tmp_path / case, data)
    code, lines = check(corpus, corpus)
    assert lines == expected + [count_line(expected)]
    assert code == (1 if any(": error: " in line for line in expected) else 0)


def test_crlf_and_bom_files_are_read_as_the_same_document(tmp_path):
    """Warned about, not misread: the paragraphs are those of the LF file."""
    from compendium.load import load_document

    text = _base()
    path = _write(tmp_path, b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()) / F
    doc, problems = load_document(path)
    plain, none = load_document(BASE)
    assert none == [] and [p.code for p in problems] == ["bom", "line-ends"]
    assert [(p.anchor, p.line, p.markdown) for p in doc.paragraphs] == [(p.anchor, p.line, p.markdown) for p in plain.paragraphs]


def huge_file(folder: Path, size: int = 50 * 1024 * 1024) -> Path:
    """The real resolution with its operative paragraphs repeated until the file holds ``size`` bytes."""
    text = _base()
    head, body = text.split("\n1. ", 1)
    chunk = ("\n1. " + body.split("\n*36th")[0]).encode()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / F
    with path.open("wb") as fh:
        fh.write(head.encode())
        written = len(head.encode())
        while written < size:
            fh.write(chunk)
            written += len(chunk)
    return path


def test_a_50_mb_file_is_reported_without_being_read(tmp_path):
    path = huge_file(tmp_path / "huge")
    size = path.stat().st_size
    assert size >= 50 * 1024 * 1024
    tracemalloc.start()
    try:
        code, lines = check(path.parent, path.parent)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert lines == [
        f"{F}:1: error: file is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,} bytes for a corpus file; a file "
        "holds one resolution: check that this is the right file, or split it",
        "1 error, 0 warnings",
    ]
    assert code == 1
    assert peak < size // 5  # the file is not read into memory


def deep_body(levels: int) -> str:
    """Sub-paragraph 7 (b) followed by ``levels`` ever deeper indented items, alternating (i) and (a)."""
    text = _base()
    anchor = "    (b) The necessity of elaborating such an instrument;"
    items = [" " * 4 * (k + 2) + ("(i)" if k % 2 == 0 else "(a)") + " The necessity of elaborating such an instrument;"
             for k in range(levels)]
    return text.replace(anchor, anchor + "\n\n" + "\n\n".join(items))


def test_a_thousand_levels_of_nesting_give_errors_not_a_crash(tmp_path):
    corpus = _write(tmp_path / "deep", deep_body(1000).encode())
    code, lines = check(corpus, corpus)
    assert code == 1
    problems = lines[:-1]
    assert len(problems) >= 500 and lines[-1] == count_line(problems)
    assert all(line.startswith(f"{F}:") and ": error: sub-paragraph (" in line for line in problems)
    body_lines = {int(line.split(":")[1]) for line in problems}
    assert min(body_lines) > 60  # every problem is at the line of an item that breaks the sequence


# --------------------------------------------------------------------------- the build fails on every case


def _all_build_cases() -> list[tuple[str, str]]:
    cases = [("hostile", name) for name in sorted(CASES)]
    cases += [("bytes", name) for name in sorted(byte_cases())]
    cases += [("generated", "huge"), ("generated", "deep")]
    cases += [("broken", p.name) for p in sorted(BROKEN_DIR.iterdir()) if p.is_dir()]
    return cases


def _corpus_for(kind: str, name: str, tmp_path: Path) -> Path:
    if kind == "hostile":
        return CASES_DIR / name / CASES[name][0]
    if kind == "broken":
        return BROKEN_DIR / name
    if kind == "bytes":
        return _write(tmp_path / name, byte_cases()[name][0])
    if name == "huge":
        return huge_file(tmp_path / "huge").parent
    return _write(tmp_path / "deep", deep_body(200).encode())


@pytest.mark.parametrize("kind, name", _all_build_cases(), ids=[f"{k}-{n}" for k, n in _all_build_cases()])
def test_strict_build_fails_with_every_problem_and_no_traceback(tmp_path, kind, name):
    corpus = _corpus_for(kind, name, tmp_path).resolve()
    _, lines = check(corpus, corpus.parent)
    problems = lines[:-1]
    assert problems, f"{kind}/{name}: compendium check found nothing"
    result = run_build(corpus, tmp_path / "build")
    assert result.returncode != 0
    assert "Traceback" not in result.log
    for line in problems:
        # The build names the file by its absolute path (the corpus lies outside the site's folder);
        # a path inside the message is relative to the working directory, so only its start is compared.
        path, number, severity, message = line.split(":", 3)
        where = f"{os.path.normpath(corpus.parent / path)}:{number}:{severity}:{message[:40]}"
        assert where in result.log, f"{line}\n--- build log ---\n{result.log[-3000:]}"
