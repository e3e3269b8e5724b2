"""Paragraph alignment between versions: the 2004/28 draft (E/CN.15/2004/9/Add.1, para. 3) and the adopted text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from compendium.align import (
    align,
    alignment_path,
    complete,
    format_alignment,
    read_alignment,
    stored_or_aligned,
    text_similarity,
    version_pairs,
)
from compendium.load import load_corpus, load_document
from compendium.model import Corpus

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "versions"

# Checked by hand against the seed texts: draft -> adopted, None where a paragraph was inserted or deleted.
PAIRS_2004_28 = [
    ("formula", "formula"),
    ("pp-1", "pp-1"),
    ("pp-2", "pp-2"),
    (None, "pp-3"),  # "Noting the leading role of the Department of Peacekeeping Operations" was added
    ("pp-3", "pp-4"),
    ("pp-4", "pp-5"),
    ("pp-5", "pp-6"),
    ("pp-6", "pp-7"),
    ("pp-7", "pp-8"),
    ("pp-8", "pp-9"),
    ("pp-9", "pp-10"),
    ("pp-10", "pp-11"),
    ("op-1", "op-1"),
    ("op-2", "op-2"),
    ("op-3", "op-3"),  # "Expresses its appreciation for" -> "Notes"
    ("op-4", "op-4"),
    ("op-5", "op-5"),  # "Approves" -> "Takes note of"
    (None, "op-6"),  # inserted: forward the instruments for comments
    (None, "op-7"),  # inserted: review the instruments
    ("op-6", "op-8"),
    ("op-7", "op-9"),
    ("op-7-a", "op-9-a"),
    ("op-7-b", "op-9-b"),
    ("op-7-c", "op-9-c"),
    ("op-8", "op-10"),
    ("op-9", "op-11"),
    ("op-10", "op-12"),  # rewritten: UNODC to work with DPKO
    ("op-11", None),  # deleted: model treaties on international cooperation
    ("op-12", None),  # deleted: Model Treaty on Extradition ...
    ("op-13", "op-13"),
    ("op-14", "op-14"),
    ("op-15", "op-15"),
    (None, "op-15-a"),  # inserted category: international cooperation
    ("op-15-a", "op-15-b"),  # crime prevention and victim issues moved from (a) to (b)
    ("op-15-b", None),  # good governance category dropped
    (None, "op-16"),  # inserted: forward the second instruments
    ("op-16", "op-17"),  # report at the sixteenth session, rewritten
    (None, "closing"),  # a draft has no closing line
]


def flat(alignment) -> list[tuple[str | None, str | None]]:
    out = []
    for p in alignment.pairs:
        assert len(p.a) <= 1 and len(p.b) <= 1, p
        out.append((p.a[0] if p.a else None, p.b[0] if p.b else None))
    return out


def load(path: Path):
    doc, problems = load_document(path)
    assert doc is not None, [p.format() for p in problems]
    return doc


@pytest.fixture(scope="module")
def versions():
    return load(FIXTURES / "E-RES-2004-28.draft.en.md"), load(FIXTURES / "E-RES-2004-28.adopted.en.md")


def test_automatic_alignment_pins_2004_28(versions):
    draft, adopted = versions
    alignment, problems = align(draft, adopted)
    assert problems == []
    assert flat(alignment) == PAIRS_2004_28
    assert complete(alignment, draft, adopted)


def test_corpus_versions_align_the_same_and_the_stored_file_agrees():
    corpus, _ = load_corpus(ROOT / "resolutions")
    docs = corpus.by_id()
    draft, adopted = docs["E-RES-2004-28.draft.en"], docs["E-RES-2004-28.adopted.en"]
    assert (draft, adopted) in version_pairs(corpus)
    automatic, problems = align(draft, adopted)
    assert problems == [] and flat(automatic) == PAIRS_2004_28
    path = alignment_path(ROOT / "resolutions", draft, adopted)
    assert path == ROOT / "resolutions" / "alignments" / "E-RES-2004-28.draft-adopted.yaml"
    stored, problems = read_alignment(path, draft, adopted)
    assert problems == []
    assert flat(stored) == PAIRS_2004_28
    assert all(p.checked for p in stored.pairs)
    used, problems = stored_or_aligned(ROOT / "resolutions", draft, adopted)
    assert problems == [] and used.path == path


def test_similarity_ranks_the_rewritten_successor_above_the_new_paragraph(versions):
    draft, adopted = versions
    old = draft.paragraph("op-16").text
    assert text_similarity(old, adopted.paragraph("op-17").text) > text_similarity(old, adopted.paragraph("op-16").text)
    assert text_similarity(old, old) == 1.0


def test_checked_pair_is_kept_and_the_rest_fitted_around_it(versions, tmp_path):
    draft, adopted = versions
    automatic, _ = align(draft, adopted)
    path = tmp_path / "alignment.yaml"
    text = format_alignment(automatic, draft, adopted)
    # a person decides draft 16 became adopted 16 (not 17) and says so
    text = text.replace("- {a: null, b: op-16}", "- {a: op-16, b: op-16, checked: true}")
    text = text.replace("- {a: op-16, b: op-17, score: 0.617}", "- {a: null, b: op-17}")
    path.write_text(text, encoding="utf-8")
    keep, problems = read_alignment(path, draft, adopted)
    assert problems == []
    again, problems = align(draft, adopted, keep)
    assert problems == []
    pairs = flat(again)
    assert ("op-16", "op-16") in pairs and (None, "op-17") in pairs
    assert [p for p in pairs if p[0] != "op-16" and p[1] not in ("op-16", "op-17")] == [
        p for p in PAIRS_2004_28 if p[0] != "op-16" and p[1] not in ("op-16", "op-17")
    ]
    assert next(p for p in again.pairs if p.a == ["op-16"]).checked
    assert "checked: true" in format_alignment(again, draft, adopted)


def test_checked_deletion_stays_a_deletion(versions, tmp_path):
    draft, adopted = versions
    automatic, _ = align(draft, adopted)
    text = format_alignment(automatic, draft, adopted).replace(
        "- {a: op-7, b: op-9, score: 1.0}", "- {a: op-7, b: null, checked: true}"
    )
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    keep, _ = read_alignment(path, draft, adopted)
    again, problems = align(draft, adopted, keep)
    pairs = flat(again)
    assert ("op-7", None) in pairs and (None, "op-9") in pairs
    assert complete(again, draft, adopted)


def test_merged_paragraphs_are_found(tmp_path):
    # The adopted text with its paragraphs 6 and 7 joined into one: the alignment must say 6+7 -> 6.
    source = (FIXTURES / "E-RES-2004-28.adopted.en.md").read_text(encoding="utf-8")
    six = source.index("6. Requests the Secretary-General to forward")
    seven = source.index("7. Also requests the Secretary-General to review")
    merged = source[:seven].rstrip().removesuffix(";") + ", and also requests" + source[seven + len("7. Also requests"):]
    merged = merged.replace("8. *Invites* Member States to reply", "7. *Invites* Member States to reply")
    for n in range(9, 18):
        merged = merged.replace(f"\n{n}. ", f"\n{n - 1}. ")
    path = tmp_path / "E-RES-2004-28.adopted.en.md"
    path.write_text(merged, encoding="utf-8")
    joined = load(path)
    original = load(FIXTURES / "E-RES-2004-28.adopted.en.md")
    assert six < seven
    alignment, _ = align(original, joined)
    merge = [p for p in alignment.pairs if p.status == "merged"]
    assert [(p.a, p.b) for p in merge] == [(["op-6", "op-7"], ["op-6"])]
    assert ["op-8"] in [p.a for p in alignment.pairs if p.b == ["op-7"]]
    stored = tmp_path / "merge.yaml"
    stored.write_text(format_alignment(alignment, original, joined), encoding="utf-8")
    back, problems = read_alignment(stored, original, joined)
    assert problems == [] and [(p.a, p.b) for p in back.pairs] == [(p.a, p.b) for p in alignment.pairs]


def alignment_file(path: Path, *pairs: str) -> Path:
    """A 2004/28 draft-adopted alignment file with these pair lines (the first pair is on line 5)."""
    head = "work: E/RES/2004/28\na: E-RES-2004-28.draft.en\nb: E-RES-2004-28.adopted.en\npairs:\n"
    path.write_text(head + "".join(f"- {p}\n" for p in pairs), encoding="utf-8")
    return path


def test_bad_alignment_files_are_reported_with_file_and_line(versions, tmp_path):
    draft, adopted = versions
    path = alignment_file(tmp_path / "bad.yaml", "{a: op-1, b: op-1}", "{a: op-99, b: op-2}", "{a: op-1, b: op-3}")
    _, problems = read_alignment(path, draft, adopted)
    messages = [p.format() for p in problems]
    assert any(m.startswith(f"{path.as_posix()}:6: warning:") and "op-99" in m for m in messages), messages
    assert any(m.startswith(f"{path.as_posix()}:7: error:") and "already paired on line 5" in m for m in messages)
    other = tmp_path / "other.yaml"
    other.write_text("work: X\na: E-RES-2004-28.adopted.en\nb: E-RES-2004-28.adopted.en\npairs: []\n")
    _, problems = read_alignment(other, draft, adopted)
    assert problems and problems[0].line == 2 and "must be E-RES-2004-28.draft.en" in problems[0].message


def test_crossing_checked_pairs_are_an_error(versions, tmp_path):
    draft, adopted = versions
    path = alignment_file(tmp_path / "cross.yaml", "{a: op-1, b: op-5, checked: true}", "{a: op-5, b: op-1, checked: true}")
    keep, problems = read_alignment(path, draft, adopted)
    assert problems == []
    _, problems = align(draft, adopted, keep)
    assert [(p.line, p.code) for p in problems] == [(6, "alignment-order")]


def test_stale_checked_pair_is_dropped_with_a_warning_and_the_file_refreshed(versions, tmp_path):
    draft, adopted = versions
    corpus_dir = tmp_path / "resolutions"
    corpus_dir.mkdir()
    shutil.copy(FIXTURES / "E-RES-2004-28.draft.en.md", corpus_dir)
    shutil.copy(FIXTURES / "E-RES-2004-28.adopted.en.md", corpus_dir)
    corpus, problems = load_corpus(corpus_dir)
    assert not [p for p in problems if p.is_error]
    d, a = corpus.by_id()["E-RES-2004-28.draft.en"], corpus.by_id()["E-RES-2004-28.adopted.en"]
    path = alignment_path(corpus_dir, d, a)
    path.parent.mkdir()
    automatic, _ = align(d, a)
    text = format_alignment(automatic, d, a).replace("score: 0.617}", "score: 0.617, checked: true}")
    path.write_text(text, encoding="utf-8")
    assert stored_or_aligned(corpus_dir, d, a)[0].path == path
    # the adopted text loses its paragraph 17: the checked pair draft 16 -> adopted 17 no longer fits
    a.paragraphs = [p for p in a.paragraphs if p.anchor != "op-17"]
    fresh, problems = stored_or_aligned(corpus_dir, d, a)
    line = text.splitlines().index(next(x for x in text.splitlines() if "b: op-17" in x)) + 1
    assert [(p.code, p.line, p.is_error) for p in problems] == [("alignment-stale", line, False)]
    assert "compendium align E/RES/2004/28 --write" in problems[0].message
    assert fresh.path is None and complete(fresh, d, a)
    assert not any(p.checked for p in fresh.pairs if "op-16" in p.a)
    assert isinstance(corpus, Corpus)


def test_cli_align_writes_and_keeps_checked_pairs(tmp_path):
    from click.testing import CliRunner

    from compendium.cli import main

    corpus_dir = tmp_path / "resolutions"
    corpus_dir.mkdir()
    for name in ("E-RES-2004-28.draft.en.md", "E-RES-2004-28.adopted.en.md"):
        shutil.copy(FIXTURES / name, corpus_dir / name)
    runner = CliRunner()
    result = runner.invoke(main, ["align", "E/RES/2004/28", "--corpus", str(corpus_dir)])
    assert result.exit_code == 0 and "- {a: op-6, b: op-8, score: 0.957}  # 6 -> 8: Invites" in result.output
    path = corpus_dir / "alignments" / "E-RES-2004-28.draft-adopted.yaml"
    assert not path.exists()
    result = runner.invoke(main, ["align", "E/RES/2004/28", "--write", "--corpus", str(corpus_dir)])
    assert result.output == f"wrote {path.as_posix()} (38 pairs, 0 checked)\n"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("- {a: op-10, b: op-12, score: 0.73}", "- {a: op-10, b: null, checked: true}"))
    result = runner.invoke(main, ["align", "E/RES/2004/28", "--write", "--corpus", str(corpus_dir)])
    assert result.output == f"wrote {path.as_posix()} (39 pairs, 1 checked)\n"
    again = path.read_text(encoding="utf-8")
    assert "- {a: op-10, b: null, checked: true}  # deleted 10:" in again and "- {a: null, b: op-12}" in again
    result = runner.invoke(main, ["diff", "E/RES/2004/28@draft", "E/RES/2004/28@adopted", "--corpus", str(corpus_dir)])
    assert "- draft 10 (deleted)" in result.output and "+ adopted 12 (added)" in result.output
    result = runner.invoke(main, ["align", "E/RES/1999/1", "--corpus", str(corpus_dir)])
    assert result.exit_code != 0 and "has no two versions" in result.output
