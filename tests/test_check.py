"""The checker through ``compendium check``: a valid corpus passes, each broken corpus gives its exact problem."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from compendium.check import check_date, internal_references
from compendium.cli import main
from compendium.load import schema
from compendium.model import Document, Organ, Source, Version

FIXTURES = Path(__file__).parent / "fixtures"
BROKEN = FIXTURES / "broken"
ROOT = Path(__file__).resolve().parents[1]
F97 = "E-RES-1997-32.adopted.en.md"
# The loader uses libyaml when PyYAML has it (the pinned wheels do); its messages differ from the Python parser's.
MAPPING_VALUES = "mapping values are not allowed " + ("in this context" if yaml.__with_libyaml__ else "here")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_small_corpus_passes(monkeypatch):
    monkeypatch.chdir(FIXTURES)
    result = run("check", "--corpus", "corpus_small", "--strict")
    assert result.output == "0 errors, 0 warnings\n"
    assert result.exit_code == 0


CASES = [
    ("yaml-syntax", 1, [f"{F97}:8: error: front matter is not valid YAML: {MAPPING_VALUES}"]),
    ("front-matter-not-mapping", 1, [f"{F97}:2: error: front matter must be a mapping of keys to values, not a list"]),
    ("unknown-key", 0, [f"{F97}:8: warning: unknown front-matter key 'meting'; did you mean 'meeting'?"]),
    ("missing-key", 1, [f"{F97}:1: error: front matter lacks required key 'title'"]),
    (
        "wrong-type",
        1,
        [f"{F97}:12: error: front-matter key 'categories': '1, 3, 4' is not of type 'array' (expected: a list of category numbers 1-4 (categories.yaml))"],
    ),
    (
        "unsafe-symbol",
        1,
        [
            f"{F97}:2: error: front-matter key 'symbol': \"E/RES/../../1997/32\" is not valid "
            f"(expected: {schema()['properties']['symbol']['description']})"
        ],
    ),
    (
        "unknown-category",
        1,
        [f"{F97}:12: error: unknown category 5; the categories of ECOSOC resolution 2003/30 are 1, 2, 3, 4 (compendium/data/categories.yaml)"],
    ),
    ("unknown-topic", 1, [f"{F97}:13: error: unknown topic 'information-gatherin'; did you mean 'information-gathering'?"]),
    ("unknown-paragraph-anchor", 1, [f"{F97}:26: error: paragraphs: no paragraph has the anchor 'op-40'; did you mean 'op-4'?"]),
    (
        "duplicate-symbol",
        1,
        [
            f"{F97}:2: error: E/RES/1997/32 (adopted, en) is already in duplicate-symbol/E-RES-1997-32.adopted.en.copy.md; "
            "one file per work, version and language"
        ],
    ),
    ("duplicate-anchor", 1, [f"{F97}:64: error: duplicate anchor 'closing' (also at line 60); each paragraph needs its own number or place"]),
    (
        "numbering-repeat",
        1,
        [
            f"{F97}:48: error: operative paragraph 4 repeats in the document; renumber it",
            f"{F97}:50: error: operative paragraph 6 follows 4 in the document: 5 missing",
        ],
    ),
    ("numbering-gap", 1, [f"{F97}:48: error: operative paragraph 6 follows 4 in the document: 5 missing"]),
    ("subparagraph-gap", 1, [f"{F97}:58: error: sub-paragraph (d) follows (b) under op-7: expected (c)"]),
    (
        "footnote-without-entry",
        1,
        [
            f'{F97}:51: error: footnote marker [^186] has no footnote; add "186": its text under footnotes:, '
            'or "186": {missing: true} if the source lacks it'
        ],
    ),
    ("footnote-unreferenced", 1, [f"{F97}:25: error: footnote 187 is never referenced; add [^187] where it belongs in the text or remove it"]),
    (
        "footnote-cycle",
        1,
        [
            f"{F97}:15: error: footnote 179 refers to footnote [^180]; a footnote cannot have footnotes: write the reference out in its text",
            f"{F97}:16: error: footnote 180 refers to footnote [^179]; a footnote cannot have footnotes: write the reference out in its text",
        ],
    ),
    ("invalid-date", 1, [f"{F97}:7: error: date 1997-02-30 is not a real date; write the date of adoption as YYYY-MM-DD"]),
    ("date-contradicts-symbol", 1, [f"{F97}:7: error: date 1996-07-21 contradicts the symbol E/RES/1997/32, which says 1997"]),
    (
        "internal-reference",
        1,
        ["E-RES-2004-28.adopted.en.md:43: error: 'paragraph 15 above' points nowhere: there is no op-15 in this document"],
    ),
    ("not-utf8", 1, [f"{F97}:32: error: file is not UTF-8 (byte 0xa0 at offset 768); save it as UTF-8"]),
    ("empty-file", 1, [f"{F97}:1: error: file is empty; a corpus file starts with front matter between '---' lines"]),
    ("no-front-matter", 1, [f"{F97}:1: error: no front matter: the first line must be '---' followed by YAML and a closing '---'"]),
]


@pytest.mark.parametrize("case, status, expected", CASES, ids=[c[0] for c in CASES])
def test_broken_corpus_reports_exact_problem(monkeypatch, case, status, expected):
    monkeypatch.chdir(BROKEN)
    result = run("check", "--corpus", case)
    lines = result.output.splitlines()
    assert lines[:-1] == [f"{case}/{line}" for line in expected]
    errors = sum(": error: " in line for line in expected)
    warnings = len(expected) - errors
    assert lines[-1] == f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    assert result.exit_code == status


def test_every_broken_case_is_tested():
    assert sorted(p.name for p in BROKEN.iterdir() if p.is_dir()) == sorted(c[0] for c in CASES)


def test_strict_fails_on_warnings(monkeypatch):
    monkeypatch.chdir(BROKEN)
    assert run("check", "--corpus", "unknown-key").exit_code == 0
    assert run("check", "--corpus", "unknown-key", "--strict").exit_code == 1


def test_missing_corpus_folder_is_reported(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    result = run("check", "--corpus", "nowhere")
    assert result.output.splitlines()[0] == "nowhere:0: error: corpus folder 'nowhere' does not exist; pass --corpus DIR"
    assert result.exit_code == 1


def _ga_document(date: str) -> Document:
    # A/RES/78/223 as recorded in ../shared/unxml (adopted 19 December 2023).
    return Document(
        path=Path("A-RES-78-223.adopted.en.md"),
        symbol="A/RES/78/223",
        work="A/RES/78/223",
        doctype="resolution",
        organ=Organ.GA,
        title="Follow-up to the Fourteenth United Nations Congress on Crime Prevention and Criminal Justice and preparations "
        "for the Fifteenth United Nations Congress on Crime Prevention and Criminal Justice",
        date=date,
        language="en",
        version=Version.ADOPTED,
        source=Source(kind="akn", file="A_RES_78_223-2325990E.xml"),
        number="78/223",
    )


def test_ga_session_gives_two_possible_years():
    def lines(*key):
        return 7

    assert check_date(_ga_document("2023-12-19"), lines) == []
    assert check_date(_ga_document("2024-01-10"), lines) == []
    (problem,) = check_date(_ga_document("2022-12-19"), lines)
    assert problem.format() == (
        "A-RES-78-223.adopted.en.md:7: error: date 2022-12-19 contradicts the symbol A/RES/78/223: "
        "session 78 of the General Assembly ran in 2023-2024"
    )


@pytest.mark.parametrize(
    "text, found",
    [
        ("referred to in paragraph 5 above to Member States", [("paragraph 5 above", [(5, [])])]),
        ("listed in paragraph 8 (a) below; the surveys", [("paragraph 8 (a) below", [(8, ["a"])])]),
        ("in paragraphs 5 and 6 above", [("paragraphs 5 and 6 above", [(5, []), (6, [])])]),
        ("in paragraphs 5 to 7 above", [("paragraphs 5 to 7 above", [(5, []), (6, []), (7, [])])]),
        ("in paragraph 3 of its resolution 2003/30", []),
    ],
)
def test_internal_references_are_read(text, found):
    assert internal_references(text) == found


def test_internal_reference_within_section_resolves(monkeypatch):
    # 1993/34, section III, paragraph 7 (c) says "listed in paragraph 8 (a) below": sec-iii-op-8-a exists.
    from compendium.check import check_internal_references
    from compendium.load import load_document

    doc, _ = load_document(FIXTURES / "corpus_small" / "E-RES-1993-34.adopted.en.md")
    assert "paragraph 8 (a) below" in doc.paragraph("sec-iii-op-7-c").text
    assert check_internal_references(doc) == []


def _commands(group: click.Group, prefix: str = "") -> list[str]:
    names = []
    for name, command in sorted(group.commands.items()):
        full = f"{prefix}{name}"
        if isinstance(command, click.Group):
            names += _commands(command, full + " ")
        else:
            names.append(full)
    return names


def test_every_command_is_documented_with_an_example():
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^## `compendium ([^`]+)`", doc, re.M))
    commands = _commands(main)
    assert "check" in commands and "export json" in commands
    undocumented = [c for c in commands if c not in headings]
    assert undocumented == [], f"add a '## `compendium NAME`' section to docs/cli.md for {undocumented}"
    for name in commands:
        command = main
        for part in name.split():
            command = command.commands[part]
        assert "Example:" in (command.help or ""), f"compendium {name}: the docstring needs an 'Example:' line"
        assert any("--corpus" in p.opts for p in command.params), f"compendium {name} lacks --corpus DIR"


def test_export_json_prints_the_corpus(monkeypatch):
    pytest.importorskip("compendium.export", reason="compendium.export is written by helper A2")
    monkeypatch.chdir(FIXTURES)
    result = run("export", "json", "--corpus", "corpus_small")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [d["symbol"] for d in data["documents"]] == ["E/RES/1993/34", "E/RES/1997/32", "E/RES/2004/28"]


def test_export_json_refuses_a_corpus_with_errors(monkeypatch):
    pytest.importorskip("compendium.export", reason="compendium.export is written by helper A2")
    monkeypatch.chdir(BROKEN)
    result = CliRunner().invoke(main, ["export", "json", "--corpus", "numbering-gap"])
    assert result.exit_code == 1
    assert "numbering-gap/E-RES-1997-32.adopted.en.md:48: error:" in result.output


def test_number_must_match_the_symbol():
    doc = _ga_document("2023-12-19")
    doc.number = "78/224"
    (problem,) = check_date(doc, lambda *key: 5)
    assert problem.format() == "A-RES-78-223.adopted.en.md:5: error: number 78/224 contradicts the symbol A/RES/78/223; it should be 78/223"


def test_ecosoc_sessions_run_july_to_july_since_2014():
    # E/RES/2023/1 as recorded in ../shared/unxml: adopted 25 July 2022, in the Council's 2023 session.
    doc = Document(
        path=Path("E-RES-2023-1.adopted.en.md"),
        symbol="E/RES/2023/1",
        work="E/RES/2023/1",
        doctype="resolution",
        organ=Organ.ECOSOC,
        title="Working arrangements for the 2023 session of the Economic and Social Council",
        date="2022-07-25",
        language="en",
        version=Version.ADOPTED,
        source=Source(kind="akn", file="E_RES_2023_1-2212432E.xml"),
        number="2023/1",
    )
    assert check_date(doc, lambda *key: 7) == []
    doc.date = "2022-03-01"
    (problem,) = check_date(doc, lambda *key: 7)
    assert problem.message == "date 2022-03-01 contradicts the symbol E/RES/2023/1: the Council's 2023 session ran from July 2022 to July 2023"


def _fixture_1993():
    from compendium.load import load_document

    doc, problems = load_document(FIXTURES / "corpus_small" / "E-RES-1993-34.adopted.en.md")
    assert problems == []
    return doc


def test_numbering_may_run_on_across_sections():
    from compendium.check import check_numbering

    doc = _fixture_1993()
    ops = [p for p in doc.paragraphs if p.section == "sec-iv-a" and p.kind.value == "operative"]
    for n, p in enumerate(ops, start=11):
        p.number = f"{n}."
    assert check_numbering(doc) == []


def test_a_number_out_of_order_is_reported_once():
    import dataclasses

    from compendium.check import check_numbering

    doc = _fixture_1993()
    doc.paragraph("sec-iii-op-9").number = "4."
    assert [p.message for p in check_numbering(doc)] == [
        "operative paragraph 4 repeats in section III; renumber it",
        "operative paragraph 10 follows 8 in section III: 9 missing",
    ]
    # A stray number (a quoted article "2.1." after paragraph 9) does not derail the numbers after it.
    doc = _fixture_1993()
    i = doc.paragraphs.index(doc.paragraph("sec-iii-op-9"))
    doc.paragraphs.insert(i + 1, dataclasses.replace(doc.paragraphs[i], number="2.1.", anchor="sec-iii-op-2-1"))
    assert [p.message for p in check_numbering(doc)] == ["operative paragraph 2.1 follows 9 in section III: out of sequence"]
