"""Word-level diff of aligned versions, the terminal output and the comparison page."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner

from compendium.align import align
from compendium.cli import main
from compendium.diff import comparison_html, comparison_pages, comparison_url, compare, format_terminal, word_diff
from compendium.load import load_corpus

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "versions"


@pytest.fixture(scope="module")
def corpus():
    corpus, problems = load_corpus(FIXTURES)
    assert not [p for p in problems if p.is_error]
    return corpus


@pytest.fixture(scope="module")
def comparison(corpus):
    docs = corpus.by_id()
    draft, adopted = docs["E-RES-2004-28.draft.en"], docs["E-RES-2004-28.adopted.en"]
    alignment, _ = align(draft, adopted)
    return draft, adopted, alignment, compare(draft, adopted, alignment)


def changes(ops) -> list[tuple[str, str]]:
    return [(o.kind, o.text.strip()) for o in ops if o.kind != "equal"]


def test_word_diff_keeps_every_word_of_both_sides():
    x = "Expresses its appreciation for the work undertaken, held in Vienna;"
    y = "Notes the work undertaken;"
    ops = word_diff(x, y)
    assert "".join(o.text for o in ops if o.kind != "insert") == x
    assert "".join(o.text for o in ops if o.kind != "delete") == y
    assert changes(ops) == [("delete", "Expresses its appreciation for"), ("insert", "Notes"),
                            ("delete", ", held in Vienna")]


def test_real_changes_of_2004_28(comparison):
    _, _, _, c = comparison
    by_b = {d.pair.b[0]: d for d in c.pairs if d.pair.b}
    by_a = {d.pair.a[0]: d for d in c.pairs if d.pair.a}
    three = by_b["op-3"]
    assert three.status == "changed" and not three.renumbered
    assert changes(three.ops)[:2] == [("delete", "Expresses its appreciation for"), ("insert", "Notes")]
    assert changes(by_b["op-5"].ops) == [("delete", "Approves"), ("insert", "Takes note of")]
    for anchor, start in (("op-6", "Requests the Secretary-General to forward"),
                          ("op-7", "Also requests the Secretary-General to review")):
        assert by_b[anchor].status == "added" and by_b[anchor].text_b.startswith(start)
    for anchor, start in (("op-11", "Notes that the principal United Nations standards"),
                          ("op-12", "Also notes that the Model Treaty on Extradition")):
        assert by_a[anchor].status == "deleted" and by_a[anchor].text_a.startswith(start)
    six = by_a["op-6"]
    assert six.renumbered and (six.label_a, six.label_b) == ("6", "8")
    assert changes(six.ops) == [("delete", "to those"), ("insert", "concerning the")]
    assert (by_a["op-7-c"].label_a, by_a["op-7-c"].label_b) == ("7 (c)", "9 (c)")
    assert by_a["op-7"].status == "unchanged"
    assert (c.count("unchanged"), c.count("changed"), c.count("added"), c.count("deleted")) == (14, 15, 6, 3)
    assert len(c.renumberings) == 18


def test_terminal_output(comparison):
    _, _, _, c = comparison
    out = format_terminal(c)
    lines = out.splitlines()
    assert lines[1] == "14 unchanged, 15 changed, 6 added, 3 deleted; 18 renumbered"
    assert "~ draft 3 (changed): [-Expresses its appreciation for-]{+Notes+} the work undertaken" in out
    assert "~ draft 6 -> adopted 8 (changed): Invites Member States to reply [-to those-]{+concerning the+} " in out
    assert "+ adopted 6 (added): {+Requests the Secretary-General to forward" in out
    assert "- draft 11 (deleted): [-Notes that the principal" in out
    assert "= draft 7 -> adopted 9 (unchanged)" in lines


def test_cli_diff_uses_symbol_at_version_and_ids():
    runner = CliRunner()
    result = runner.invoke(main, ["diff", "--corpus", str(FIXTURES), "E/RES/2004/28@draft", "E-RES-2004-28.adopted.en"])
    assert result.exit_code == 0, result.output
    assert "[-Approves-]{+Takes note of+}" in result.output
    result = runner.invoke(main, ["diff", "--corpus", str(FIXTURES), "E/RES/2004/28@revised", "E/RES/2004/28"])
    assert result.exit_code != 0 and "no document 'E/RES/2004/28@revised'" in result.output


def test_comparison_html_is_side_by_side_and_does_not_rely_on_colour(comparison):
    draft, adopted, alignment, _ = comparison
    url = comparison_url(draft, adopted)
    assert url == "resolutions/E-RES-2004-28/compare/draft-adopted/"
    page = comparison_html(draft, adopted, alignment, page_url=url)
    assert "\n\n" not in page  # stays one HTML block inside Markdown
    tree = lxml.html.fromstring(page)
    summary = tree.xpath("//ul[@class='compare-summary']/li")
    assert [li.text_content() for li in summary] == [
        "14 unchanged", "15 changed", "6 added in the adopted text", "3 deleted from the draft text", "18 renumbered",
    ]
    rows = tree.xpath("//tbody/tr")
    assert len(rows) == len(alignment.pairs)
    three = tree.get_element_by_id("cmp-op-3")
    dels = three.xpath(".//del")
    assert dels[0].text_content() == "deleted: Expresses its appreciation for"
    assert dels[0].xpath("span[@class='visually-hidden']")[0].text == "deleted: "
    assert three.xpath(".//ins")[0].text_content() == "inserted: Notes"
    eight = tree.get_element_by_id("cmp-op-8")
    assert "renumbered: draft 6 → adopted 8" in eight.xpath(".//span[@class='compare-status']")[0].text_content()
    links = [a.get("href") for a in eight.xpath("th/a")]
    assert links == ["../../draft/#op-6", "../../#op-8"]
    deleted = tree.get_element_by_id("cmp-a-op-11")
    assert deleted.get("class") == "compare-deleted"
    assert "(not in the adopted text)" in deleted.text_content()
    assert tree.get_element_by_id("cmp-op-6").get("class") == "compare-added"
    assert "del{text-decoration:line-through" in page and "ins{text-decoration:underline" in page


def test_comparison_pages_for_the_corpus():
    corpus, _ = load_corpus(ROOT / "resolutions")
    problems: list = []
    pages = dict(comparison_pages(corpus, problems))
    assert problems == []
    page = pages["resolutions/E-RES-2004-28/compare/draft-adopted/index.md"]
    assert page.startswith('---\ntitle: "E/RES/2004/28: draft and adopted texts compared"\n---\n')
    assert 'id="cmp-op-17"' in page and "Expresses its appreciation for" in page
