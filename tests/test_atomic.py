"""Atomic writes: import and translation commands write through a temporary file and a rename.

A write that fails half-way (the disk fills up) leaves the old file as it was
and no temporary file behind; an existing file is replaced only with ``--force``.
Each command is run through the CLI (CliRunner) on committed real inputs.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import compendium.files
from compendium.cli import main
from compendium.files import write_atomic

HERE = Path(__file__).resolve().parent
SEED_TEXT = HERE / "golden" / "text" / "004_7be41f6787f38f68" / "input.txt"  # the extract of E/RES/1997/32
AKN = HERE / "fixtures" / "akn" / "ecosoc_E_RES_2023_23_en.xml"
SMALL = HERE / "fixtures" / "corpus_small"
TEXT_TARGET = Path("ecosoc/1997/E-RES-1997-32.adopted.en.md")
AKN_TARGET = Path("ecosoc/2023/E-RES-2023-23.adopted.en.md")
OLD = "---\nsymbol: an older version of the file\n---\n"


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


class DiskFull:
    """Patches ``compendium.files``' file opening so that a write stores half its text, then fails (ENOSPC)."""

    def __init__(self, monkeypatch):
        self.calls = 0
        real_fdopen = compendium.files.os.fdopen

        def fdopen(fd, *args, **kwargs):
            fh = real_fdopen(fd, *args, **kwargs)
            real_write = fh.write

            def write(text):
                self.calls += 1
                real_write(text[: len(text) // 2])
                fh.flush()
                raise OSError(errno.ENOSPC, "No space left on device")

            fh.write = write
            return fh

        monkeypatch.setattr(compendium.files.os, "fdopen", fdopen)


def leftovers(folder: Path) -> list[str]:
    """Temporary files write_atomic would leave if it failed to clean up."""
    return sorted(p.name for p in folder.rglob("*.tmp"))


def test_write_atomic_failing_half_way_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "x.md"
    target.write_text(OLD, encoding="utf-8")
    disk = DiskFull(monkeypatch)
    with pytest.raises(OSError):
        write_atomic(target, "new text " * 1000)
    assert disk.calls == 1
    assert target.read_text(encoding="utf-8") == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.md"]


def test_write_atomic_interrupted_by_ctrl_c_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "x.md"
    target.write_text(OLD, encoding="utf-8")

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(compendium.files.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new text")
    assert target.read_text(encoding="utf-8") == OLD and leftovers(tmp_path) == []


# --------------------------------------------------------------------------- the commands


def _old_file(out: Path, rel: Path) -> Path:
    path = out / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(OLD, encoding="utf-8")
    return path


def test_import_text_refuses_to_overwrite_without_force(tmp_path):
    path = _old_file(tmp_path / "out", TEXT_TARGET)
    result = run("import-text", SEED_TEXT, "--out", tmp_path / "out", "--corpus", tmp_path / "out")
    assert result.exit_code == 1
    assert f"{path}:1: error: exists already; pass --force to overwrite it" in result.output
    assert path.read_text(encoding="utf-8") == OLD
    result = run("import-text", SEED_TEXT, "--out", tmp_path / "out", "--corpus", tmp_path / "out", "--force")
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8").startswith("---\nsymbol: E/RES/1997/32\n")


def test_import_text_failing_half_way_loses_nothing(tmp_path, monkeypatch):
    path = _old_file(tmp_path / "out", TEXT_TARGET)
    disk = DiskFull(monkeypatch)
    result = run("import-text", SEED_TEXT, "--out", tmp_path / "out", "--corpus", tmp_path / "out", "--force")
    assert disk.calls == 1 and isinstance(result.exception, OSError)
    assert path.read_text(encoding="utf-8") == OLD
    assert leftovers(tmp_path) == []


def test_import_akn_refuses_to_overwrite_without_force(tmp_path):
    path = _old_file(tmp_path / "out", AKN_TARGET)
    result = run("import-akn", AKN, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert f"{AKN.name}:0: error: not written: {path} exists and differs; pass --force to overwrite it" in result.output
    assert path.read_text(encoding="utf-8") == OLD
    result = run("import-akn", AKN, "--out", tmp_path / "out", "--force")
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8").startswith("---\nsymbol: E/RES/2023/23\n")


def test_import_akn_failing_half_way_loses_nothing(tmp_path, monkeypatch):
    path = _old_file(tmp_path / "out", AKN_TARGET)
    disk = DiskFull(monkeypatch)
    result = run("import-akn", AKN, "--out", tmp_path / "out", "--force")
    assert disk.calls == 1 and isinstance(result.exception, OSError)
    assert path.read_text(encoding="utf-8") == OLD
    assert leftovers(tmp_path) == []


@pytest.fixture
def corpus(tmp_path) -> Path:
    shutil.copytree(SMALL, tmp_path / "resolutions")
    return tmp_path / "resolutions"


DOC = "E-RES-1997-32.adopted.en"


def test_translate_init_refuses_to_overwrite_without_force(corpus):
    first = run("translate", "init", "de", DOC, "--corpus", corpus)
    assert first.exit_code == 0, first.output
    path = corpus.parent / "translations" / "de" / f"{DOC}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('translation: ""', 'translation: "kept"', 1), encoding="utf-8")
    kept = path.read_text(encoding="utf-8")
    again = run("translate", "init", "de", DOC, "--corpus", corpus)
    assert again.exit_code != 0 and "use --force to overwrite it" in again.output
    assert path.read_text(encoding="utf-8") == kept
    forced = run("translate", "init", "de", DOC, "--corpus", corpus, "--force")
    assert forced.exit_code == 0 and 'translation: "kept"' not in path.read_text(encoding="utf-8")


def test_translate_commands_failing_half_way_lose_nothing(corpus, monkeypatch, tmp_path):
    assert run("translate", "init", "de", DOC, "--corpus", corpus).exit_code == 0
    path = corpus.parent / "translations" / "de" / f"{DOC}.yaml"
    xliff = tmp_path / "de.xlf"
    assert run("translate", "export-xliff", "de", DOC, "--out", xliff, "--corpus", corpus).exit_code == 0
    before, xliff_before = path.read_text(encoding="utf-8"), xliff.read_text(encoding="utf-8")
    disk = DiskFull(monkeypatch)
    for args in (
        ("translate", "init", "de", DOC, "--corpus", corpus, "--force"),
        ("translate", "update", "de", DOC, "op-1", "--corpus", corpus),
        ("translate", "import-xliff", xliff, "--corpus", corpus),
        ("translate", "export-xliff", "de", DOC, "--out", xliff, "--corpus", corpus, "--force"),
    ):
        result = run(*args)
        assert isinstance(result.exception, OSError), (args, result.output)
    assert disk.calls == 4
    assert path.read_text(encoding="utf-8") == before
    assert xliff.read_text(encoding="utf-8") == xliff_before
    assert leftovers(tmp_path) == []


def test_translate_export_xliff_refuses_to_overwrite_without_force(corpus, tmp_path):
    assert run("translate", "init", "de", DOC, "--corpus", corpus).exit_code == 0
    xliff = tmp_path / "de.xlf"
    xliff.write_text("an XLIFF file a translator is working on", encoding="utf-8")
    result = run("translate", "export-xliff", "de", DOC, "--out", xliff, "--corpus", corpus)
    assert result.exit_code != 0 and "use --force to overwrite it" in result.output
    assert xliff.read_text(encoding="utf-8") == "an XLIFF file a translator is working on"
