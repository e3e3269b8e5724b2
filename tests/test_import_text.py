"""The plain-text importer: golden files per seed, nothing lost, official structure, unseen shapes.

Golden cases live in ``tests/golden/text/<seed>/``: ``input.txt`` (a copy of the
seed), ``options.yaml`` (what the text does not say, e.g. a report's symbol)
and ``expected/`` (the corpus files the importer must write, byte for byte)
with ``warnings.txt`` (the warnings it must print). After a deliberate change
to the importer, regenerate them and review the diff like code:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_import_text.py -k golden
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from compendium.import_text import (
    ImportOptions,
    import_text,
    input_words,
    known_documents,
    output_words,
    write_files,
)
from compendium.load import parse_body, split_front_matter
from compendium.model import Kind
from compendium.problems import CompendiumError

GOLDEN = Path(__file__).parent / "golden" / "text"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "input.txt").exists())


def run_case(name: str):
    """Import a golden case as the seed corpus was imported (source file named after the seed)."""
    case = GOLDEN / name
    opts = yaml.safe_load((case / "options.yaml").read_text()) if (case / "options.yaml").exists() else {}
    options = ImportOptions(symbol=opts.get("symbol"), draft_of=opts.get("draft_of", []))
    return import_text((case / "input.txt").read_text(encoding="utf-8"), source_file=f"{name}.txt", options=options)


def parsed(file):
    """The paragraphs A1's loader reads from an imported file's body."""
    paragraphs, problems = parse_body(file.body, 1, file.front["type"])
    assert problems == []
    return paragraphs


def by_id(files):
    return {f.doc_id: f for f in files}


# --------------------------------------------------------------------------- golden


@pytest.mark.parametrize("name", CASES)
def test_golden(name):
    files = run_case(name)
    expected_dir = GOLDEN / name / "expected"
    warnings = "".join(p.format() + "\n" for f in files for p in f.problems)
    if os.environ.get("UPDATE_GOLDEN"):
        for old in expected_dir.rglob("*.md") if expected_dir.exists() else []:
            old.unlink()
        write_files(files, expected_dir, force=True)
        (GOLDEN / name / "warnings.txt").write_text(warnings, encoding="utf-8")
    produced = {f.relpath: f.content for f in files}
    expected = {p.relative_to(expected_dir).as_posix(): p.read_text(encoding="utf-8") for p in expected_dir.rglob("*.md")}
    assert sorted(produced) == sorted(expected)
    for rel, content in produced.items():
        assert content == expected[rel], f"{name}: {rel} differs from the golden file"
    assert warnings == (GOLDEN / name / "warnings.txt").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- nothing lost


def independent_words(text: str) -> list[str]:
    """Words of a seed, computed without the importer: markup out, footnote lines out, page-break hyphens joined."""
    lines = [ln for ln in text.split("\n") if not re.match(r"^\s*(<sup>|[¹²³⁴⁵⁶⁷⁸⁹⁰]|\* )", ln)]
    text = "\n".join(lines)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+", lambda m: " " + unicodedata.normalize("NFKC", m.group(0)) + " ", text)
    text = re.sub(r"(\w)-\s*\n\s*(?=\w)", r"\1", text)
    text = text.replace("-", "")
    return [w.casefold() for w in re.findall(r"\w+", text)]


def body_words(files) -> list[str]:
    """Words of every file's body (embedded drafts expanded), the way a reader of the site meets them."""
    return output_words(files)[0]


@pytest.mark.parametrize("name", CASES)
def test_nothing_lost_in_order(name):
    files = run_case(name)
    text = (GOLDEN / name / "input.txt").read_text(encoding="utf-8")
    words = independent_words(text)
    assert words == input_words(text)[0]
    out = iter(body_words(files))
    missing = [w for w in words if w not in out]
    assert missing == []
    # Footnote texts: every one is in some file's front matter under its marker.
    notes = {str(k): v for f in files for k, v in (f.front.get("footnotes") or {}).items()}
    for marker, note in input_words(text)[1]:
        assert " ".join(note) in " ".join(re.findall(r"\w+", str(notes[marker]).replace("-", "").casefold()))


def test_nothing_lost_detects_a_loss():
    files = run_case("004_7be41f6787f38f68")
    files[0].body = files[0].body.replace("necessity of elaborating", "necessity of")
    out = iter(body_words(files))
    words = independent_words((GOLDEN / "004_7be41f6787f38f68" / "input.txt").read_text())
    assert [w for w in words if w not in out][:1] == ["elaborating"]


# --------------------------------------------------------------------------- structure


def kinds(paragraphs, kind):
    return [p for p in paragraphs if p.kind == kind]


def test_structure_2004_28_adopted():
    files = run_case("000_0e9eeb24861ad46d")
    assert [f.relpath for f in files] == ["ecosoc/2004/E-RES-2004-28.adopted.en.md"]
    f = files[0]
    assert f.front["symbol"] == "E/RES/2004/28" and f.front["number"] == "2004/28"
    assert f.front["date"] == "2004-07-21" and f.front["meeting"] == "47th plenary meeting"
    paras = parsed(f)
    assert len(kinds(paras, Kind.PREAMBULAR)) == 11
    assert [p.number for p in kinds(paras, Kind.OPERATIVE)] == [f"{n}." for n in range(1, 18)]
    assert [p.anchor for p in kinds(paras, Kind.SUBPARAGRAPH)] == ["op-9-a", "op-9-b", "op-9-c", "op-15-a", "op-15-b"]
    # Paragraph 15 runs over a page break; the typo "difficulties:" is kept.
    op15 = next(p for p in paras if p.anchor == "op-15")
    assert "Criminal Justice and open to observers" in op15.text
    assert next(p for p in paras if p.anchor == "op-9-b").text.endswith("difficulties:")
    # The broken <sup>&</sup>lt;sup>1</sup> footnote line gives footnote 1.
    assert f.front["footnotes"] == {"1": "A/55/305-S/2000/809.", "2": "E/CN.15/2004/9.", "3": "E/CN.15/2004/9/Add.1."}
    assert "Operations[^1] and" in f.body and "justice; [^2]" in f.body
    assert f.body.startswith("The Economic and Social Council,\n{.formula}")
    assert f.body.endswith("47th plenary meeting 21 July 2004\n{.closing}")
    # Italics as printed: some opening verbs marked, some not.
    assert "\n\n*Mindful* of the report" in f.body and "\n\nMindful of the importance" in f.body


def test_structure_1993_34_sections():
    (f,) = run_case("002_adebd26f7a7cd6ac")
    assert f.front["symbol"] == "E/RES/1993/34" and f.front["date"] == "1993-07-27"
    assert f.front["title"].startswith("Implementation of General Assembly resolutions 46/152 and 47/91")
    paras = parsed(f)
    headings = [p.anchor for p in kinds(paras, Kind.HEADING)]
    assert headings == ["sec-i", "sec-ii", "sec-iii", "sec-iv", "sec-iv-a", "sec-iv-b", "sec-iv-c", "sec-v"]
    ops = [p.anchor for p in kinds(paras, Kind.OPERATIVE)]
    assert ops[:3] == ["sec-i-op-1", "sec-i-op-2", "sec-ii-op-1"]
    assert "sec-iii-op-7" in ops and "sec-iv-c-op-3" in ops and ops[-1] == "sec-v-op-6"
    assert len(kinds(paras, Kind.PREAMBULAR)) == 29
    sub = next(p for p in paras if p.anchor == "sec-iii-op-7-c")
    assert sub.text.startswith("To commence without delay a process of information-gathering")
    assert [p.anchor for p in paras if p.parent == "sec-iii-op-8-a"] == [f"sec-iii-op-8-a-{r}" for r in ("i", "ii", "iii", "iv")]
    # inter- / national across a page break: the document writes "international" elsewhere.
    assert "tackle serious forms of international criminal activity" in f.body
    # "peace-keeping" is printed with its hyphen mid-line: kept.
    assert "for training peace-keeping and emergency mission personnel" in f.body
    # Markers whose footnote text is not in the extract (annual-volume numbering).
    assert f.front["footnotes"]["96"] == {"missing": True} and len(f.front["footnotes"]) == 13
    assert f.body.endswith("43rd plenary meeting\n27 July 1993\n{.closing}")


def test_structure_1997_32():
    (f,) = run_case("004_7be41f6787f38f68")
    paras = parsed(f)
    assert len(kinds(paras, Kind.PREAMBULAR)) == 4
    assert len(kinds(paras, Kind.OPERATIVE)) == 7
    assert [p.anchor for p in kinds(paras, Kind.SUBPARAGRAPH)] == ["op-7-a", "op-7-b", "op-7-c"]
    assert f.front["date"] == "1997-07-21" and f.front["meeting"] == "36th plenary meeting"
    assert f.body.endswith("*36th plenary meeting\n21 July 1997*\n{.closing}")
    assert "*The Economic and Social Council,*\n{.formula}" in f.body


def test_structure_report_and_draft():
    files = by_id(run_case("001_72b7bc52390d81d2"))
    assert sorted(files) == ["E-CN.15-2004-9-Add.1.adopted.en", "E-RES-2004-28.draft.en"]
    report, draft = files["E-CN.15-2004-9-Add.1.adopted.en"], files["E-RES-2004-28.draft.en"]
    assert report.relpath == "reports/2004/E-CN.15-2004-9-Add.1.adopted.en.md"
    assert draft.relpath == "ecosoc/2004/E-RES-2004-28.draft.en.md"
    assert report.front["date"] == "2004-04-02" and report.front["type"] == "report"
    rparas = parsed(report)
    assert [p.number for p in kinds(rparas, Kind.REPORT)] == [f"{n}." for n in range(1, 24)]
    embedded = kinds(rparas, Kind.EMBEDDED)
    assert [e.ref for e in embedded] == ["E-RES-2004-28.draft.en"]
    assert rparas.index(embedded[0]) == rparas.index(next(p for p in rparas if p.anchor == "para-3")) + 1
    # The agenda inside paragraph 7 is a list, not report paragraphs 1-7 again.
    assert "1\\. Opening of the Meeting.\n{.text}" in report.body
    assert report.front["footnotes"] == {"*": "E/CN.15/2004/1.", "8": "United Nations publication, Sales No. E.92.IV.1."}
    assert "\n# Annex\n" in report.body and "Chile | Fernando Londoño Martinez\n{.text}" in report.body
    assert draft.front["source"] == {"kind": "report", "symbol": "E/CN.15/2004/9/Add.1", "paragraph": "para-3",
                                     "file": "001_72b7bc52390d81d2.txt"}
    assert draft.front["version"] == "draft" and draft.front["date"] is None
    dparas = parsed(draft)
    assert len(kinds(dparas, Kind.PREAMBULAR)) == 10
    assert [p.number for p in kinds(dparas, Kind.OPERATIVE)] == [f"{n}." for n in range(1, 17)]
    assert [p.anchor for p in kinds(dparas, Kind.SUBPARAGRAPH)] == ["op-7-a", "op-7-b", "op-7-c", "op-15-a", "op-15-b"]
    # Paragraph 9 is interrupted by a footnote block; both pieces are one paragraph.
    op9 = next(p for p in dparas if p.anchor == "op-9")
    assert "standards and norms in crime prevention and criminal justice through the development" in op9.text
    assert sorted(draft.front["footnotes"]) == ["1", "2", "3", "4", "5", "6", "7"]


# --------------------------------------------------------------------------- which resolution a draft became


def test_draft_found_by_title_in_corpus():
    adopted = [f.front for c in ("000_0e9eeb24861ad46d", "004_7be41f6787f38f68") for f in run_case(c)]
    text = (GOLDEN / "001_72b7bc52390d81d2" / "input.txt").read_text()
    # 1997/32 has the same title but was adopted before the report's date: 2004/28 is the one.
    files = import_text(text, source_file="001.txt", options=ImportOptions(symbol="E/CN.15/2004/9/Add.1", known=adopted))
    assert files[1].front["symbol"] == "E/RES/2004/28"


def test_draft_unknown_and_report_symbol_missing_are_errors():
    text = (GOLDEN / "001_72b7bc52390d81d2" / "input.txt").read_text()
    with pytest.raises(CompendiumError, match="--draft-of"):
        import_text(text, source_file="001.txt", options=ImportOptions(symbol="E/CN.15/2004/9/Add.1"))
    with pytest.raises(CompendiumError, match="001.txt:1: error: .*--symbol"):
        import_text(text, source_file="001.txt")


def test_known_documents_reads_front_matter(tmp_path):
    write_files(run_case("000_0e9eeb24861ad46d"), tmp_path)
    (known,) = known_documents(tmp_path)
    assert known["symbol"] == "E/RES/2004/28" and known["title"].startswith("United Nations standards")


# --------------------------------------------------------------------------- unseen shapes


def one(text: str, **options):
    files = import_text(text, source_file="t.txt", options=ImportOptions(**options))
    assert len(files) == 1
    return files[0]


HEAD = "**2001/5. A test resolution**\n\n*The Economic and Social Council,*\n\n"
CLOSE = "\n\n12th plenary meeting\n3 May 2001\n"


def test_paragraph_split_mid_word_by_footnote_block():
    f = one(HEAD + "*Recalling* the inter-\n\n<sup>7</sup> E/2000/1.\n\nnational order,<sup>7</sup>\n\n"
            "1. *Decides* to act internationally." + CLOSE)
    assert "*Recalling* the international order,[^7]\n\n1. *Decides*" in f.body
    assert f.front["footnotes"] == {"7": "E/2000/1."}


def test_real_hyphen_kept_when_printed_mid_line_elsewhere():
    f = one(HEAD + "*Noting* socio-economic needs and the socio-\n\n¹ A/1.\n\neconomic programmes,¹\n\n"
            "1. *Decides* to act." + CLOSE)
    assert "the socio-economic programmes,[^1]" in f.body


def test_undecided_hyphenation_is_warned():
    f = one(HEAD + "*Noting* the cyber-\n\nspace,\n\n1. *Decides* to act." + CLOSE)
    assert "the cyberspace," in f.body
    assert [p.format() for p in f.problems] == [
        "t.txt:7: warning: hyphenation of 'cyber-/space' is not decided by the document's own words; joined as 'cyberspace'"
    ]


def test_suspended_hyphen_before_and_keeps_the_space():
    f = one(HEAD + "*Noting* the pre-\nand post-conflict needs,\n\n1. *Decides* to act." + CLOSE)
    assert "the pre- and post-conflict needs," in f.body


def test_page_break_continuation_with_capital_after_long_paragraph():
    f = one(HEAD + "1. *Requests* the Secretary-General to report to the Commission on\n\n"
            "Crime Prevention and Criminal Justice at its next session;\n\n2. *Decides* to act." + CLOSE)
    assert "1. *Requests* the Secretary-General to report to the Commission on Crime Prevention" in f.body


def test_list_items_and_indented_subparagraphs():
    f = one(HEAD + "- 1. *Requests*:\n - (a) One;\n    - (b) Two;\n(i) Three;\n- 2. Decides." + CLOSE)
    assert "1. *Requests*:\n\n    (a) One;\n\n    (b) Two;\n\n        (i) Three;\n\n2. Decides." in f.body


def test_i_after_h_is_a_letter():
    subs = "".join(f"({c}) Item {c};\n" for c in "abcdefghij")
    f = one(HEAD + "1. *Requests*:\n" + subs + CLOSE)
    assert "\n    (i) Item i;" in f.body and "\n        (i)" not in f.body


def test_text_after_closing_is_residual_and_warned():
    f = one(HEAD + "1. *Decides* to act." + CLOSE + "\nStray words here\n")
    assert f.body.endswith("Stray words here\n{.residual}")
    assert [p.code for p in f.problems] == ["residual"] and f.problems[0].line == 10


def test_unreferenced_footnote_is_residual():
    f = one(HEAD + "1. *Decides* to act.\n\n<sup>9</sup> Orphan note." + CLOSE)
    assert "9 Orphan note.\n{.residual}" in f.body and "footnotes" not in f.front


def test_annex_after_closing():
    f = one(HEAD + "1. *Adopts* the rules annexed." + CLOSE + "\nAnnex\n\nRules\n\n1. Rule one.\n")
    paras = parsed(f)
    assert [p.anchor for p in paras][-3:] == ["annex", "text-1", "annex-op-1"]


def test_ga_heading_and_symbol_override():
    text = ("75/195. Strengthening the programme\n\nThe General Assembly,\n\nRecalling its resolution 74/177,\n\n"
            "1. Takes note.\n\n46th plenary meeting\n16 December 2020\n")
    f = one(text)
    assert f.relpath == "ga/2020/A-RES-75-195.adopted.en.md" and f.front["body"] == "GA"
    f = one(text, symbol="A/RES/75/195/Corr.1", version="corrigendum", language="fr")
    assert f.relpath == "ga/2020/A-RES-75-195-Corr.1.corrigendum.fr.md"


def test_unplaceable_heading_lines_stay_in_the_body():
    text = ("Resolution adopted by the General Assembly on 16 December 2020\n\n75/195. A title\n\n"
            "The General Assembly,\n\n1. Takes note.\n\n46th plenary meeting\n16 December 2020\n")
    f = one(text)
    assert f.body.startswith("Resolution adopted by the General Assembly on 16 December 2020\n{.text}\n\n75/195. A title\n{.text}")
    assert f.front["title"] == "A title"


def test_crlf_and_bom():
    f = one(("\ufeff" + HEAD + "1. *Decides* to act." + CLOSE).replace("\n", "\r\n"))
    assert "\r" not in f.content and "1. *Decides* to act." in f.body


def test_no_symbol_is_an_error():
    with pytest.raises(CompendiumError, match="--symbol"):
        one("A title\n\nThe Economic and Social Council,\n\n1. Decides.\n")


# --------------------------------------------------------------------------- writing and the command


def test_write_files_refuses_to_overwrite(tmp_path):
    files = run_case("004_7be41f6787f38f68")
    (path,) = write_files(files, tmp_path)
    path.write_text("edited")
    with pytest.raises(CompendiumError, match="exists already; pass --force"):
        write_files(files, tmp_path)
    assert path.read_text() == "edited"
    write_files(files, tmp_path, force=True)
    assert path.read_text() == files[0].content
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left


def test_force_keeps_curated_front_matter(tmp_path):
    files = run_case("004_7be41f6787f38f68")
    (path,) = write_files(files, tmp_path)
    path.write_text(path.read_text().replace("source: {", "topics: [victims]\nsource: {").replace("Invites", "Edited"))
    write_files(files, tmp_path, force=True)
    text = path.read_text()
    assert "topics: [victims]\n" in text and "Edited" not in text


def test_written_file_loads_with_its_front_matter(tmp_path):
    (path,) = write_files(run_case("004_7be41f6787f38f68"), tmp_path)
    fm = split_front_matter(path.read_text(), path)
    assert fm.data["footnotes"]["179"] == {"missing": True}


def test_cli_import_text(tmp_path):
    cli = pytest.importorskip("compendium.cli")
    seed = GOLDEN / "001_72b7bc52390d81d2" / "input.txt"
    runner = CliRunner()
    result = runner.invoke(cli.main, ["import-text", str(seed), "--out", str(tmp_path)])
    assert result.exit_code != 0 and "--symbol" in result.output
    args = ["import-text", str(seed), "--out", str(tmp_path), "--symbol", "E/CN.15/2004/9/Add.1",
            "--draft-of", "E/RES/2004/28", "--source-file", "001_72b7bc52390d81d2.txt"]
    result = runner.invoke(cli.main, args)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ecosoc/2004/E-RES-2004-28.draft.en.md").read_text() == (
        GOLDEN / "001_72b7bc52390d81d2/expected/ecosoc/2004/E-RES-2004-28.draft.en.md").read_text()
    result = runner.invoke(cli.main, args)
    assert result.exit_code != 0 and "pass --force" in result.output
    assert runner.invoke(cli.main, args + ["--force"]).exit_code == 0


def test_footnote_text_printed_on_two_lines():
    f = one(HEAD + "*Recalling* the thing,<sup>4</sup> and the\n\n<sup>4</sup> General Assembly resolution 45/116, annex,\n"
            "and 52/88, annex.\n\nother thing,\n\n1. Decides." + CLOSE)
    assert f.front["footnotes"] == {"4": "General Assembly resolution 45/116, annex, and 52/88, annex."}
    assert "*Recalling* the thing,[^4] and the other thing,\n\n1. Decides." in f.body


def test_printed_symbol_line_is_the_symbol():
    f = one("E/RES/2004/28\n\n" + HEAD + "1. Decides." + CLOSE)
    assert f.front["symbol"] == "E/RES/2004/28" and f.front["number"] == "2001/5"
    assert f.body.startswith("*The Economic and Social Council,*\n{.formula}")


REPORT = """E/CN.15/2005/3

Distr.: General
2 March 2005

A report of a meeting

1. The Meeting recommended the following draft decision:

Draft decision

A decision title

The Commission on Crime Prevention and Criminal Justice,

1. *Decides* to do.

2. The report was adopted.
"""


def test_report_symbol_printed_on_cover_and_draft_decision():
    report, draft = import_text(REPORT, source_file="r.txt", options=ImportOptions(draft_of=["E/2005/30"]))
    assert report.front["symbol"] == "E/CN.15/2005/3" and report.front["date"] == "2005-03-02"
    assert report.front["title"] == "A report of a meeting"
    # Paragraph 2 continues the report's numbering and does not open with an operative verb.
    assert report.body.endswith('Draft decision\nA decision title\n{.embedded ref="E-2005-30.draft.en"}\n\n2. The report was adopted.')
    assert draft.front["type"] == "decision" and draft.front["body"] == "CCPCJ"
    assert draft.body.endswith("1. *Decides* to do.")


def test_official_heading_lines_stay_separate_and_formula_italic_before_comma():
    text = ("E/RES/2024/12\n\nEconomic and environmental questions: United Nations Forum on Forests\n\n"
            "Resolution adopted by the Economic and Social Council on 23 July 2024\n\n"
            "[on the recommendation of the Commission (E/2024/30)]\n\n2024/12. A title\n\n"
            "*The Economic and Social Council*,\n\n*Recalling* its resolutions,\n\n1. *Decides* to act.\n\n"
            "37th plenary meeting\n23 July 2024\n")
    f = one(text)
    assert f.front["symbol"] == "E/RES/2024/12" and f.front["title"] == "A title" and f.front["date"] == "2024-07-23"
    blocks = f.body.split("\n\n")
    assert blocks[0:3] == ["Economic and environmental questions: United Nations Forum on Forests\n{.text}",
                           "Resolution adopted by the Economic and Social Council on 23 July 2024\n{.text}",
                           "[on the recommendation of the Commission (E/2024/30)]\n{.text}"]
    assert "*The Economic and Social Council*,\n{.formula}" in f.body


# --------------------------------------------------------------------------- generated texts

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

LINES = [
    "**2004/28. A title**", "## **ECOSOC Resolution 2004/28**", "The Economic and Social Council,", "*The General Assembly*,",
    "Recalling its resolution,", "*Mindful* of the inter-", "national order", "- 1. *Takes note* of it;", "2. Decides;<sup>2</sup>",
    " - (a) The thing;", "(i) Sub;", "<sup>&</sup>lt;sup>1</sup> A/55/305.", "¹ A/1.", "word² next", "* E/CN.15/2004/1.",
    "agenda*", "#### I. REVIEW", "##### A. Collection", "C. Letter", "Annex", "47th plenary meeting 21 July 2004",
    "27 July 1993", "Draft resolution", "I. Introduction", "3. The Meeting recommended:", "peace-", "keeping forces,",
    "Contents", "2 April 2004", "Chile\tName", "<i>Chapter</i>\tPage", "E/CN.15/2005/3", "", "", "x", "-", "*", "(", "[^1]",
]


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(LINES), max_size=30).map("\n".join) | st.text(max_size=200), st.booleans())
def test_generated_texts_raise_only_compendium_errors_and_lose_nothing(text, report_symbol):
    """Whatever the text: files that parse, or a CompendiumError that is not a loss (the self-check ran)."""
    options = ImportOptions(symbol="E/CN.15/2004/9/Add.1" if report_symbol else None, draft_of=["E/RES/2004/28"] * 3)
    try:
        files = import_text(text, source_file="g.txt", options=options)
    except CompendiumError as exc:
        assert all(p.code != "lost" for p in exc.problems), exc
        return
    for f in files:  # every file is well-formed corpus Markdown with its footnotes declared
        paragraphs, problems = parse_body(f.body, 1, f.front["type"])
        assert [p for p in problems if p.is_error] == []
        assert {m for p in paragraphs for m in p.footnotes} <= set(f.front.get("footnotes") or {})


def test_empty_text_is_an_error_and_a_missing_title_a_warning():
    with pytest.raises(CompendiumError, match="t.txt:1: error: no text to import"):
        one("\n\n<sup>1</sup> Only a footnote.\n")
    f = one("The Economic and Social Council,\n\n1. Decides.\n", symbol="E/RES/2001/9")
    assert [p.code for p in f.problems] == ["no-title"]


# --------------------------------------------------------------------------- real resolutions, unseen

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def plain_text_of_akn(path: Path) -> str:
    """A UN XML resolution printed the way the seed extracts are: cover lines, paragraphs, footnotes after them."""
    from lxml import etree

    def inline(e, notes):
        out = [e.text or ""]
        for c in e:
            name = etree.QName(c).localname
            if name == "authorialNote":
                notes.append((c.get("marker") or str(len(notes) + 1), " ".join("".join(c.itertext()).split())))
                out.append(f"<sup>{notes[-1][0]}</sup>")
            elif name == "span" and "italic" in (c.get("class") or ""):
                out.append("*" + inline(c, notes) + "*")
            else:
                out.append(inline(c, notes))
            out.append(c.tail or "")
        return "".join(out)

    root = etree.parse(str(path)).getroot()
    lines, notes = [], []
    for e in root.xpath("//*[local-name()='coverPage']/* | //*[local-name()='preface']/*"):
        if text := " ".join("".join(e.itertext()).split()):
            lines.append(text)
    inside = "//*[local-name()='{}']//*[local-name()='{}']"
    for e in root.xpath(" | ".join(inside.format(a, b) for a, b in [("preamble", "p"), ("mainBody", "p"),
                                                                      ("mainBody", "num"), ("conclusions", "p")])):
        if any(etree.QName(a).localname == "authorialNote" for a in e.iterancestors()):
            continue
        text = " ".join(inline(e, notes).split())
        if etree.QName(e).localname != "num" and lines and re.fullmatch(r"\d+\.|\([a-z]+\)", lines[-1]):
            lines[-1] += " " + text
        else:
            lines.append(text)
        lines += [f"<sup>{m}</sup> {n}" for m, n in notes]
        notes.clear()
    return "\n\n".join(lines) + "\n"


@pytest.mark.shared
def test_unseen_ecosoc_resolutions_import_without_loss():
    """Every English ECOSOC resolution of ../shared/unxml, printed as plain text, imports with nothing lost."""
    files = sorted((SHARED / "unxml" / "ecosoc").glob("*/English/*.xml"))
    if not files:
        pytest.skip("../shared/unxml is absent")
    imported, residual = 0, 0
    for path in files:
        from lxml import etree

        try:
            text = plain_text_of_akn(path)
        except etree.XMLSyntaxError:  # a file that is not well-formed XML is the AKN importer's business
            continue
        out = import_text(text, source_file=path.name)
        assert out[0].front["symbol"].startswith("E/RES/20") and out[0].front["date"]
        imported += 1
        residual += any(p.code == "residual" for f in out for p in f.problems)
    assert imported >= 100
    assert residual <= imported // 5  # annexed texts without an "Annex" heading in this printing


def test_reference_split_before_its_letter_is_not_a_subparagraph():
    f = one(HEAD + "*Recalling* its resolution 1993/34, section III, paragraph 7\n\n(c) thereof,\n\n"
            "1. *Requests*:\n\n(a) One;\n\n(b) Two" + CLOSE)
    assert "section III, paragraph 7 (c) thereof,\n\n1. *Requests*:\n\n    (a) One;\n\n    (b) Two" in f.body
