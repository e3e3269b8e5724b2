"""Curriculum packs: the format, the references, the pages the build makes, the CLI.

The shipped packs are checked against the real corpus files they quote; the
expectations come from the corpus through the package (``Lookup``,
``cite_label``), never from the built pages.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from compendium.cli import main
from compendium.load import load_corpus
from compendium.packs import Lookup, add_reference, check_packs, read_pack, read_packs, scaffold, section_of
from compendium.pages.packs import markdown_text, quote_label
from conftest import PACKS, pack_corpus, run_build

TITLES = {
    "rule-of-law-peacekeeping": "The rule of law in peacekeeping and post-conflict reconstruction: United Nations standards and norms",
    "victims-of-crime": "Victims of crime: United Nations standards and norms",
}


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory) -> Path:
    return pack_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def corpus(corpus_dir):
    loaded, problems = load_corpus(corpus_dir)
    assert not [p for p in problems if p.is_error]
    return loaded


def test_shipped_packs_are_valid_and_every_reference_resolves(corpus):
    packs, problems = read_packs(PACKS)
    assert problems == []
    assert {p.id: p.title for p in packs} == TITLES
    assert check_packs(packs, corpus) == []
    for pack in packs:
        assert pack.objectives and all(s.references and s.questions for s in pack.sessions)


def test_a_paragraph_brings_its_sub_paragraphs_and_a_heading_its_section(corpus):
    lookup = Lookup(corpus)
    doc = lookup.document("E/RES/1993/34")
    assert [p.anchor for p in section_of(doc, "sec-iii-op-7")] == ["sec-iii-op-7", "sec-iii-op-7-a", "sec-iii-op-7-b", "sec-iii-op-7-c"]
    assert [p.anchor for p in section_of(doc, "sec-iii-op-8-a-iii")] == ["sec-iii-op-8-a-iii"]
    kyoto = lookup.resolve("A/RES/76/181#h-12")
    assert [p.anchor for p in kyoto.paragraphs] == ["h-12", "annex-op-31", "annex-op-32", "annex-op-33", "annex-op-34"]
    assert quote_label(kyoto).startswith("General Assembly resolution 76/181, annex: Safeguarding victims")
    whole = lookup.resolve("E/RES/1997/32")
    assert whole.paragraphs == lookup.document("E/RES/1997/32").paragraphs and whole.anchor is None
    assert quote_label(lookup.resolve("E/RES/2004/28#op-12")) == "ECOSOC resolution 2004/28, para. 12"
    draft = lookup.resolve("E-RES-2004-28.draft.en#op-3")
    assert draft.doc.version.value == "draft"


def test_unresolved_references_say_what_is_near(corpus):
    lookup = Lookup(corpus)
    assert "E/RES/2004/28 has no paragraph op-99: did you mean op-9" in lookup.resolve("E/RES/2004/28#op-99")
    assert "the corpus has no document E/RES/2004/29 (did you mean E/RES/2004/28" in lookup.resolve("E/RES/2004/29#op-1")
    assert "WORK#anchor" in lookup.resolve("E/RES/2004/28#")


def test_schema_errors_name_the_line(tmp_path):
    text = scaffold("A pack").replace("    references: []\n", "    references: []\n    bogus: 1\n")
    pack, problems = read_pack(tmp_path / "a.yaml", text)
    line = text.splitlines().index("  - title: The first session") + 1
    assert pack is None and [(p.line, p.code) for p in problems] == [(line, "pack-schema")]
    assert "'bogus' was unexpected" in problems[0].message and "allowed keys are" in problems[0].message
    bad = scaffold("A pack").replace("objectives:\n  - What", "objectives: []\nx:\n  - What")
    _, problems = read_pack(tmp_path / "b.yaml", bad)
    assert {p.line for p in problems} >= {bad.splitlines().index("objectives: []") + 1}
    _, problems = read_pack(tmp_path / "Bad Name.yaml", scaffold("x"))
    assert problems[0].code == "pack-id"


def test_add_reference_keeps_comments_and_layout(tmp_path):
    text = scaffold("A pack")
    once = add_reference(text, "E/RES/2004/28#op-12")
    assert "    references:\n      - E/RES/2004/28#op-12\n    questions:" in once
    twice = add_reference(once, "E/RES/1993/34#sec-ii-op-6")
    assert "      - E/RES/2004/28#op-12\n      - E/RES/1993/34#sec-ii-op-6\n    questions:" in twice
    assert twice.startswith("# A curriculum pack")
    pack, problems = read_pack(tmp_path / "a.yaml", twice)
    assert problems == [] and [r.ref for r in pack.references()] == ["E/RES/2004/28#op-12", "E/RES/1993/34#sec-ii-op-6"]
    shipped = (PACKS / "victims-of-crime.yaml").read_text(encoding="utf-8")
    added = add_reference(shipped, "A/RES/76/181#annex-op-31", session=2)
    pack, _ = read_pack(PACKS / "victims-of-crime.yaml", added)
    assert pack.sessions[1].references[-1].ref == "A/RES/76/181#annex-op-31"
    assert added.replace("      - A/RES/76/181#annex-op-31\n", "", 1) == shipped
    # after a reference with a note (a mapping), before a comment: the new item goes right below it
    commented = shipped.replace("    questions:\n      - Why might", "\n    # a comment\n    questions:\n      - Why might", 1)
    added = add_reference(commented, "E/RES/1997/32#op-1", session=1)
    assert "victim issues.\n      - E/RES/1997/32#op-1\n\n    # a comment\n    questions:" in added
    with pytest.raises(ValueError, match="3 sessions"):
        add_reference(shipped, "E/RES/2004/28", session=4)


def test_markdown_text_escapes_heading_titles():
    assert markdown_text("Who *pays*? <b> & [x](y) {#id}") == r"Who \*pays\*? &lt;b&gt; &amp; \[x\]\(y\) \{\#id\}"


def test_pack_pages_quote_every_reference_in_full_with_citation_and_link(packs_site, corpus):
    lookup = Lookup(corpus)
    index = lxml_html.parse(str(packs_site / "curricula/index.html")).getroot()
    assert {a.text_content() for a in index.xpath('//ul[contains(@class, "cmp-packs")]//a')} == set(TITLES.values())
    for pack in read_packs(PACKS)[0]:
        page_file = packs_site / pack.url / "index.html"
        page = lxml_html.parse(str(page_file)).getroot()
        assert page.xpath("//article//h1")[0].text_content().strip() == pack.title
        sessions = page.xpath('//h2[contains(@class, "cmp-pack-session")]')
        assert [h.get("id") for h in sessions] == [f"session-{n}" for n in range(1, len(pack.sessions) + 1)]
        for n, session in enumerate(pack.sessions, 1):
            assert sessions[n - 1].text_content().startswith(f"Session {n}: {session.title}")
            for i, ref in enumerate(session.references, 1):
                quote = lookup.resolve(ref.ref)
                figure = page.get_element_by_id(f"session-{n}-ref-{i}")
                link = figure.xpath(".//figcaption/a")[0]
                assert link.text_content() == quote_label(quote)
                target, _, anchor = link.get("href").partition("#")
                target_page = (page_file.parent / target / "index.html").resolve()
                assert target_page.is_file(), link.get("href")
                if anchor:
                    assert f'id="{anchor}"' in target_page.read_text(encoding="utf-8")
                quoted = figure.xpath(".//blockquote/p")
                assert [e.get("data-anchor") for e in quoted] == [p.anchor for p in quote.paragraphs]
                for p, element in zip(quote.paragraphs, quoted):
                    # the paragraph as printed: its number, then its text (footnote markers apart)
                    printed = " ".join("".join(element.xpath(".//text()[not(ancestor::sup)]")).split())
                    assert printed == " ".join(filter(None, [p.number, p.text]))
                    for marker in p.footnotes:
                        if quote.doc.footnotes.get(marker) and quote.doc.footnotes[marker].text:
                            assert quote.doc.footnotes[marker].text.strip() in figure.xpath(".//ul")[0].text_content()
                if ref.note:
                    assert ref.note in figure.text_content()
            for q in session.questions:
                assert q in page.text_content()


def test_a_broken_reference_fails_the_build_with_pack_file_and_line(tmp_path, corpus_dir):
    packs = tmp_path / "packs"
    shutil.copytree(PACKS, packs)
    path = packs / "rule-of-law-peacekeeping.yaml"
    text = path.read_text(encoding="utf-8")
    assert "      - E/RES/2004/28#pp-4\n" in text
    path.write_text(text.replace("      - E/RES/2004/28#pp-4\n", "      - E/RES/2004/28#op-99\n"), encoding="utf-8")
    line = text.splitlines().index("      - E/RES/2004/28#pp-4") + 1
    result = run_build(corpus_dir, tmp_path / "build", strict=False, packs=packs)
    assert result.returncode != 0
    assert re.search(
        rf"rule-of-law-peacekeeping\.yaml:{line}: error: reference E/RES/2004/28#op-99 does not resolve: "
        r"E/RES/2004/28 has no paragraph op-99",
        result.log,
    ), result.log


def test_pack_text_is_escaped(tmp_path, corpus_dir):
    packs = tmp_path / "packs"
    packs.mkdir()
    hostile = "<img src=x onerror=alert(1)> *bold* & {#x}"
    (packs / "hostile.yaml").write_text(
        scaffold(hostile).replace("The first session", "'" + hostile + "'").replace("references: []", "references: [E/RES/2004/28#op-12]")
        .replace("Your notes for the session.", "<script>alert(1)</script>"),
        encoding="utf-8",
    )
    result = run_build(corpus_dir, tmp_path / "build", strict=False, packs=packs)
    assert result.returncode == 0, result.log
    built = (result.site / "curricula/hostile/index.html").read_text(encoding="utf-8")
    assert "<img src=x" not in built and "<script>alert" not in built
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in built
    heading = lxml_html.fromstring(built).get_element_by_id("session-1").text_content()
    assert heading.startswith(f"Session 1: {hostile}")


def run(*args) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_cli_new_add_check(tmp_path, corpus_dir, monkeypatch):
    monkeypatch.chdir(tmp_path)
    corpus = str(corpus_dir)
    code, out = run("pack", "new", "police", "--title", "Police", "--ref", "E/RES/1993/34#sec-iii-op-8-a-ii", "--corpus", corpus)
    assert code == 0, out
    path = tmp_path / "docs/curricula/police.yaml"
    code, out = run("pack", "new", "police", "--title", "Police", "--corpus", corpus)
    assert code != 0 and "exists already" in out
    code, out = run("pack", "add", "police", "E/RES/2004/28#op-12", "--corpus", corpus)
    assert code == 0, out
    before = path.read_text(encoding="utf-8")
    code, out = run("pack", "add", "police", "E/RES/2004/28#op-99", "--corpus", corpus)
    assert code == 1 and "does not resolve" in out and path.read_text(encoding="utf-8") == before
    pack, _ = read_pack(path)
    assert [r.ref for r in pack.references()] == ["E/RES/1993/34#sec-iii-op-8-a-ii", "E/RES/2004/28#op-12"]
    code, out = run("pack", "check", "--corpus", corpus)
    assert code == 0 and "1 pack, 0 errors" in out
    path.write_text(before.replace("E/RES/2004/28#op-12", "E/RES/2004/28#op-77"), encoding="utf-8")
    line = before.splitlines().index("      - E/RES/2004/28#op-12") + 1
    code, out = run("pack", "check", "--corpus", corpus)
    assert code == 1 and f"docs/curricula/police.yaml:{line}: error: reference E/RES/2004/28#op-77 does not resolve" in out



TRAINER_TOPICS = [
    "peacekeeping-post-conflict", "victims", "juvenile-justice", "custody-prisons",
    "police-use-of-force", "judiciary-prosecutors", "international-cooperation", "technical-assistance",
]


def test_topic_pages_list_the_instruments_filed_under_them_with_their_description(packs_site):
    import yaml

    from compendium.link import INSTRUMENTS_PATH

    registry = yaml.safe_load(INSTRUMENTS_PATH.read_text(encoding="utf-8"))
    known_topics = {t["id"] for t in yaml.safe_load((INSTRUMENTS_PATH.parent / "topics.yaml").read_text(encoding="utf-8"))}
    for entry in registry:
        assert entry.get("description") and set(entry.get("topics") or ()) <= known_topics, entry["id"]
    for topic in TRAINER_TOPICS:
        filed = [e for e in registry if topic in e["topics"]]
        assert filed, f"the registry files no instrument under {topic}"
        page = lxml_html.parse(str(packs_site / "topics" / topic / "index.html")).getroot()
        section = page.xpath('//h2[@id="instruments"]/following-sibling::ul[1]')[0]
        items = {li.xpath("./a")[0].get("href").rsplit("#", 1)[1]: li for li in section.xpath("./li")}
        for entry in filed:
            assert entry["id"] in items, (topic, entry["id"])
            assert " ".join(entry["description"].split()) in " ".join(items[entry["id"]].text_content().split())
