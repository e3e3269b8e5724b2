"""The loader: front matter (strict YAML, file line numbers, schema) and the body parser's anchors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from compendium.load import load_corpus, load_document, parse_body
from compendium.model import Kind

FIXTURES = Path(__file__).parent / "fixtures"
SMALL = FIXTURES / "corpus_small"


def anchors(body: str, doctype: str = "resolution") -> list[str]:
    paragraphs, problems = parse_body(body, 1, doctype)
    assert problems == []
    return [p.anchor for p in paragraphs]


def test_every_block_kind_gets_its_anchor_and_number():
    body = (
        "The Economic and Social Council,\n{.formula}\n\n"
        "Recalling its resolution 1993/34,\n\n"
        "Mindful of the report,\n\n"
        "1. Takes note of the report;\n\n"
        "2. Requests the Secretary-General:\n\n"
        "    (a) To assist Member States;\n\n"
        "    (b) To report:\n\n"
        "        (i) On the difficulties;\n\n"
        "        (ii) On the practices;\n\n"
        "#### Cross heading\n\n"
        "Unnumbered text after a heading.\n\n"
        "Text kept verbatim by an importer.\n{.residual}\n\n"
        "E-RES-2004-28.draft.en\n{.embedded ref=\"E-RES-2004-28.draft.en\"}\n\n"
        "47th plenary meeting\n21 July 2004\n{.closing}\n"
    )
    paragraphs, problems = parse_body(body, 10, "resolution")
    assert problems == []
    got = [(p.kind, p.anchor, p.number, p.line) for p in paragraphs]
    assert got == [
        (Kind.FORMULA, "formula", None, 10),
        (Kind.PREAMBULAR, "pp-1", None, 13),
        (Kind.PREAMBULAR, "pp-2", None, 15),
        (Kind.OPERATIVE, "op-1", "1.", 17),
        (Kind.OPERATIVE, "op-2", "2.", 19),
        (Kind.SUBPARAGRAPH, "op-2-a", "(a)", 21),
        (Kind.SUBPARAGRAPH, "op-2-b", "(b)", 23),
        (Kind.SUBPARAGRAPH, "op-2-b-i", "(i)", 25),
        (Kind.SUBPARAGRAPH, "op-2-b-ii", "(ii)", 27),
        (Kind.HEADING, "h-1", None, 29),
        (Kind.TEXT, "text-1", None, 31),
        (Kind.RESIDUAL, "residual-1", None, 33),
        (Kind.EMBEDDED, "embedded-1", None, 36),
        (Kind.CLOSING, "closing", None, 39),
    ]
    by = {p.anchor: p for p in paragraphs}
    assert by["pp-2"].ordinal == 2
    assert by["op-2"].markdown == "Requests the Secretary-General:"
    assert (by["op-2-b-i"].level, by["op-2-b-i"].parent) == (2, "op-2-b")
    assert (by["op-2-a"].level, by["op-2-a"].parent) == (1, "op-2")
    assert by["embedded-1"].ref == "E-RES-2004-28.draft.en"
    assert by["closing"].markdown == "47th plenary meeting 21 July 2004"
    assert by["h-1"].heading_level == 4


def test_i_after_h_is_a_letter_otherwise_a_numeral():
    body = "\n\n".join(["1. Requests:"] + [f"({c}) Item;" for c in "abcdefgh"] + ["(i) Ninth letter;", "(j) Tenth;"])
    assert anchors(body)[-3:] == ["op-1-h", "op-1-i", "op-1-j"]
    paragraphs, _ = parse_body(body, 1, "resolution")
    assert paragraphs[-2].level == 1
    body = "1. Requests:\n\n(h) Item;\n\n(i) First numeral;\n\n(ii) Second numeral;\n\n(i) Letter after the numerals;"
    # After (h) the rule reads (i) as a letter until an (ii) shows it began numerals under (h).
    assert anchors(body) == ["op-1", "op-1-h", "op-1-h-i", "op-1-h-ii", "op-1-i"]
    paragraphs, _ = parse_body(body, 1, "resolution")
    assert [(p.level, p.parent) for p in paragraphs[2:]] == [(2, "op-1-h"), (2, "op-1-h"), (1, "op-1")]
    body = "1. Requests:\n\n(a) Item;\n\n(i) First;\n\n(ii) Second;\n\n(iii) Third;\n\n(iv) Fourth;\n\n(v) Fifth;\n\n(b) Next letter;"
    assert anchors(body) == ["op-1", "op-1-a", "op-1-a-i", "op-1-a-ii", "op-1-a-iii", "op-1-a-iv", "op-1-a-v", "op-1-b"]


def test_sections_restart_numbering_and_qualify_anchors():
    body = (
        "The Economic and Social Council,\n{.formula}\n\nBearing in mind,\n\n"
        "## I. Review of priority themes\n\n1. Reaffirms;\n\n2. Invites;\n\n"
        "## III. United Nations standards and norms\n\n7. Requests:\n\n(c) To commence;\n\n"
        "## IV. Information management\n\n### A. Collection of information\n\n1. Takes note;\n\n"
        "### B. Management of information\n\n1. Requests;\n"
    )
    assert anchors(body) == [
        "formula", "pp-1",
        "sec-i", "sec-i-op-1", "sec-i-op-2",
        "sec-iii", "sec-iii-op-7", "sec-iii-op-7-c",
        "sec-iv", "sec-iv-a", "sec-iv-a-op-1", "sec-iv-b", "sec-iv-b-op-1",
    ]
    paragraphs, _ = parse_body(body, 1, "resolution")
    heading = next(p for p in paragraphs if p.anchor == "sec-iii")
    assert (heading.number, heading.markdown, heading.heading_level) == ("III.", "United Nations standards and norms", 2)
    assert next(p for p in paragraphs if p.anchor == "sec-iv-b-op-1").section == "sec-iv-b"


def test_annex_anchors_come_first_and_are_language_neutral():
    body = (
        "1. Adopts the rules annexed;\n\n# Annex\n\nPreamble of the annex.\n\n1. First rule;\n\n3. Third rule;\n\n"
        "# Annex I\n\n## II. Scope\n\n4. Fourth;\n\n# Приложение II\n\n2. Second;\n"
    )
    assert anchors(body) == [
        "op-1", "annex", "text-1", "annex-op-1", "annex-op-3",
        "annex-i", "annex-i-sec-ii", "annex-i-sec-ii-op-4", "annex-ii", "annex-ii-op-2",
    ]


def test_report_paragraphs_run_on_across_sections():
    body = "Contents\n\n## I. Introduction\n\n1. In its resolution;\n\n## II. Recommendations\n\n2. The Meeting;\n\n(a) First;\n\n# Annex\n\n1. Participant;\n"
    assert anchors(body, "report") == ["text-1", "sec-i", "para-1", "sec-ii", "para-2", "para-2-a", "annex", "annex-para-1"]


def test_footnote_references_and_escapes():
    body = "1. Takes note of the report;[^2] and of the other[^3] \\[^4] literal;[^2]"
    paragraphs, _ = parse_body(body, 1, "resolution")
    assert paragraphs[0].footnotes == ["2", "3"]
    assert paragraphs[0].markdown.startswith("Takes note of the report;[^2]")


def test_unknown_attribute_is_an_error_at_its_line():
    paragraphs, problems = parse_body("Text\n{.bogus}\n", 20, "resolution")
    assert [p.format() for p in problems] == [
        "<body>:21: error: attribute list needs exactly one of .formula, .closing, .residual, .text, .embedded; found .bogus"
    ]
    assert paragraphs[0].kind == Kind.PREAMBULAR


def test_fixture_document_front_matter_and_paragraph_topics():
    doc, problems = load_document(SMALL / "E-RES-1997-32.adopted.en.md")
    assert problems == []
    assert (doc.symbol, doc.work, doc.date, doc.organ.value, doc.number) == ("E/RES/1997/32", "E/RES/1997/32", "1997-07-21", "ECOSOC", "1997/32")
    assert doc.footnotes["179"].missing and doc.footnotes["179"].text is None and doc.footnotes["179"].line == 15
    assert doc.paragraph("op-4").topics == ["non-custodial-measures", "judiciary-prosecutors"]
    assert doc.paragraph("op-1").footnotes == ["179"]
    assert doc.paragraph("op-7-c").line == 58
    assert doc.paragraph("pp-4").verb == "Recalling also"


def test_section_fixture_anchor_for_internal_reference_target():
    doc, problems = load_document(SMALL / "E-RES-1993-34.adopted.en.md")
    assert problems == []
    assert doc.paragraph("sec-iii-op-8-a-iv").parent == "sec-iii-op-8-a"
    assert doc.paragraph("sec-iv-a-op-4").verb == "Strongly encourages"


def test_crlf_and_bom_give_the_same_document(tmp_path):
    text = (SMALL / "E-RES-1997-32.adopted.en.md").read_text(encoding="utf-8")
    path = tmp_path / "x.md"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    doc, problems = load_document(path)
    plain, _ = load_document(SMALL / "E-RES-1997-32.adopted.en.md")
    # read as the same document, with a warning for each (the corpus is UTF-8 without BOM, LF line ends)
    assert [(p.line, p.code, p.is_error) for p in problems] == [(1, "bom", False), (1, "line-ends", False)]
    assert [(p.anchor, p.line, p.markdown) for p in doc.paragraphs] == [(p.anchor, p.line, p.markdown) for p in plain.paragraphs]


@pytest.mark.parametrize(
    "front, line, message",
    [
        (
            "symbol: E/RES/1997/32\ntitle: [unclosed, list\ntype: resolution\n",
            4,
            "front matter is not valid YAML: "
            + ("did not find expected ',' or ']'" if yaml.__with_libyaml__ else "expected ',' or ']', but got ':'")
            + " (while parsing a flow sequence that starts at line 3)",
        ),
        ("symbol: E/RES/1997/32\n  type: resolution\n", 3, "front matter is not valid YAML: mapping values are not allowed " + ("in this context" if yaml.__with_libyaml__ else "here")),
        ("symbol: E/RES/1997/32\nsymbol: E/RES/1997/33\n", 3, "duplicate key 'symbol' (first at line 2); keep one"),
        ("just a string\n", 2, "front matter must be a mapping of keys to values, not a string"),
    ],
)
def test_yaml_errors_carry_the_file_line(tmp_path, front, line, message):
    path = tmp_path / "x.md"
    path.write_text(f"---\n{front}---\n\nText.\n", encoding="utf-8")
    doc, problems = load_document(path)
    assert doc is None
    first = problems[0]
    assert (first.line, first.is_error) == (line, True)
    assert first.message.startswith(message)


def test_date_written_as_string_or_yaml_date(tmp_path):
    text = (SMALL / "E-RES-1997-32.adopted.en.md").read_text(encoding="utf-8")
    path = tmp_path / "x.md"
    path.write_text(text.replace("date: 1997-07-21", "date: '1997-07-21'"), encoding="utf-8")
    doc, problems = load_document(path)
    assert problems == [] and doc.date == "1997-07-21"
    path.write_text(text.replace("date: 1997-07-21", "date: !!timestamp 1997-07-21"), encoding="utf-8")
    doc, problems = load_document(path)
    assert problems == [] and doc.date == "1997-07-21"


def test_work_defaults_to_symbol_and_can_be_given(tmp_path):
    text = (SMALL / "E-RES-1997-32.adopted.en.md").read_text(encoding="utf-8")
    path = tmp_path / "x.md"
    path.write_text(text.replace("symbol: E/RES/1997/32\n", "symbol: E/RES/1997/32\nwork: E/RES/1997/32/draft-work\n"), encoding="utf-8")
    doc, problems = load_document(path)
    assert problems == [] and doc.work == "E/RES/1997/32/draft-work"


def test_load_corpus_reads_every_file_sorted_and_reports_bad_ones(tmp_path):
    corpus, problems = load_corpus(SMALL)
    assert [d.id for d in corpus.documents] == ["E-RES-1993-34.adopted.en", "E-RES-1997-32.adopted.en", "E-RES-2004-28.adopted.en"]
    assert problems == []
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "bad.md").write_bytes(b"---\ntitle: caf\xe9\n---\n")
    corpus, problems = load_corpus(tmp_path)
    assert corpus.documents == []
    assert [p.format() for p in problems] == [
        f"{tmp_path / 'sub' / 'bad.md'}:2: error: file is not UTF-8 (byte 0xe9 at offset 14); save it as UTF-8"
    ]


def test_format_page_example_front_matter_is_valid():
    from compendium.load import categories, split_front_matter, topics, validate_front_matter

    page = (Path(__file__).resolve().parents[1] / "docs" / "corpus-format.md").read_text(encoding="utf-8")
    example = page.split("```markdown\n", 1)[1].split("\n```", 1)[0]
    fm = split_front_matter(example, "corpus-format.md")
    assert fm.problems == [] and validate_front_matter(fm, "corpus-format.md") == []
    known = {t["id"] for t in topics()}
    used = set(fm.data["topics"]) | {t for p in fm.data["paragraphs"].values() for t in p["topics"]}
    assert used <= known
    assert set(fm.data["categories"]) <= {c["id"] for c in categories()}


_LINE = st.one_of(
    st.from_regex(r"[1-9][0-9]?\. [A-Za-z;,]{1,8}( [a-z]{1,6}){0,3}", fullmatch=True),
    st.from_regex(r"\((a|b|c|h|i|ii|iv|v|x|aa)\) [A-Za-z;]{1,8}", fullmatch=True),
    st.from_regex(r"#{1,5} ([IVX]{1,3}\. |[A-C]\. )?[A-Za-z]{1,8}", fullmatch=True),
    st.from_regex(r"[A-Z][a-z]{0,8}( [a-z\[\]^0-9*]{1,6}){0,4}", fullmatch=True),
    st.sampled_from(["{.formula}", "{.closing}", "{.text}", "{.residual}", "{.bogus}", '{.embedded ref="x"}', "", "   "]),
)


@settings(max_examples=80, deadline=None)
@given(st.lists(_LINE, max_size=25), st.sampled_from(["resolution", "report"]))
def test_parser_never_raises_and_loses_no_word(lines, doctype):
    body = "\n".join(lines)
    paragraphs, problems = parse_body(body, 1, doctype)
    assert all(p.line >= 1 for p in problems)
    rebuilt = []
    for p in paragraphs:
        if p.kind == Kind.HEADING:
            rebuilt.append("#" * p.heading_level)
        rebuilt += [p.number or "", p.markdown]
    # Every word comes out in order; only heading marks and attribute lists become structure instead.
    def words(text):
        return [w for w in text.split() if not w.startswith(("#", "{.", "ref="))]

    assert words(" ".join(rebuilt)) == words(body)


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("  op-4: {topics", "  OP 4: {topics",
         "x.md:26: error: front-matter key 'paragraphs.OP 4': \"OP 4\" is not valid "
         "(expected: a paragraph anchor: lower-case words joined by hyphens, e.g. op-12)"),
        ('"179": {missing: true}', '"179": {missing: false}',
         "x.md:15: error: front-matter key 'footnotes.179': {\"missing\": false} is not valid "
         "(expected: the footnote text, or {missing: true} when the source lacks it)"),
        ("source: {kind: seed,", "source: {kind: seed, sorce: x,",
         "x.md:11: warning: unknown front-matter key 'source.sorce'; known keys: kind, file, symbol, paragraph"),
        ("version: adopted", "version: final",
         "x.md:10: error: front-matter key 'version': 'final' is not one of ['draft', 'adopted', 'revised', 'corrigendum'] "
         "(expected: draft, adopted, revised or corrigendum)"),
    ],
)
def test_schema_problems_point_at_the_offending_key(tmp_path, old, new, expected):
    text = (SMALL / "E-RES-1997-32.adopted.en.md").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "x.md"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    _, problems = load_document(path)
    assert [p.format(root=tmp_path) for p in problems] == [expected]


def test_cache_reuses_unchanged_documents(tmp_path):
    import shutil

    for f in SMALL.glob("*.md"):
        shutil.copy(f, tmp_path / f.name)
    cache: dict = {}
    first, _ = load_corpus(tmp_path, cache)
    again, _ = load_corpus(tmp_path, cache)
    assert [a is b for a, b in zip(first.documents, again.documents)] == [True, True, True]
    changed = tmp_path / "E-RES-1997-32.adopted.en.md"
    changed.write_text(changed.read_text(encoding="utf-8").replace("date: 1997-07-21", "date: '1997-07-21'"), encoding="utf-8")
    (tmp_path / "E-RES-2004-28.adopted.en.md").unlink()
    third, problems = load_corpus(tmp_path, cache)
    assert problems == []
    assert [d.id for d in third.documents] == ["E-RES-1993-34.adopted.en", "E-RES-1997-32.adopted.en"]
    assert third.documents[0] is first.documents[0] and third.documents[1] is not first.documents[1]
    assert len(cache) == 2


@pytest.mark.parametrize(
    "text, kind, phrase, relation",
    [
        # Openings as printed in the seed texts (../shared/seeds).
        ("Recalling also its resolution 1996/16 of 23 July 1996,", Kind.PREAMBULAR, "Recalling also", "recalls"),
        ("Bearing in mind further section VI of its resolution 1992/22", Kind.PREAMBULAR, "Bearing in mind further", "bears-in-mind"),
        ("*Also taking note* of the recommendations", Kind.PREAMBULAR, "Also taking note", "takes-note-of"),
        ("Also takes note of the report of the Intergovernmental Expert Group", Kind.OPERATIVE, "Also takes note", "takes-note-of"),
        ("*Welcomes with appreciation* the efforts undertaken", Kind.OPERATIVE, "Welcomes with appreciation", "welcomes"),
        ("*Also notes with appreciation* the support provided", Kind.OPERATIVE, "Also notes with appreciation", "notes"),
        ("Expresses its gratitude to the Government of Canada", Kind.OPERATIVE, "Expresses its gratitude", "welcomes"),
        ("*Further requests* the Secretary-General to report", Kind.OPERATIVE, "Further requests", "requests"),
        ("*Strongly encourages* Governments to continue", Kind.OPERATIVE, "Strongly encourages", "encourages"),
        ("*Calls upon* Member States to consider", Kind.OPERATIVE, "Calls upon", "calls-upon"),
        ("Notes the work undertaken", Kind.OPERATIVE, "Notes", "notes"),
        ("To assist Member States, at their request", Kind.SUBPARAGRAPH, None, None),
        ("Recalling its resolution", Kind.HEADING, None, None),
        ("Noteworthy progress", Kind.OPERATIVE, None, None),
    ],
)
def test_opening_phrase_and_relation(text, kind, phrase, relation):
    from compendium.lexicon import opening_phrase, relation_of

    assert opening_phrase(text, kind) == phrase
    if phrase:
        assert relation_of(phrase) == relation
