"""The built site in headless Chromium: paragraph links, citing a paragraph, following the lineage.

The site is built with the real ``mkdocs build --strict`` from the seed corpus
and served on 127.0.0.1; the test does what a reader does and checks what a
reader sees.
"""

from __future__ import annotations

import re

import pytest

from test_build import copy_seed_corpus

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect


@pytest.fixture(scope="module")
def base_url(build_site, served_site, tmp_path_factory) -> str:
    return served_site(build_site(copy_seed_corpus(tmp_path_factory.mktemp("corpus"))))


@pytest.fixture
def page(browser_page, base_url):
    browser_page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    return browser_page


def clipboard(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


def test_paragraph_link_shows_the_paragraph_and_copies_its_address(page, base_url):
    page.goto(base_url + "resolutions/E-RES-2004-28/")
    link = page.locator("#op-12 a.cmp-permalink")
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(base_url + "resolutions/E-RES-2004-28/#op-12")
    expect(page.locator("#op-12")).to_be_in_viewport()
    expect(page.locator("#cmp-status")).to_contain_text("Copied link")
    assert clipboard(page) == base_url + "resolutions/E-RES-2004-28/#op-12"


def test_cite_this_paragraph_copies_the_citation(page, base_url):
    page.goto(base_url + "resolutions/E-RES-2004-28/#op-12")
    button = page.locator("#op-12 > button.cmp-cite")
    expect(button).to_be_visible()
    button.click()
    expect(page.locator("#cmp-status")).to_contain_text("ECOSOC resolution 2004/28, para. 12")
    assert clipboard(page) == "ECOSOC resolution 2004/28, para. 12"


def test_following_the_lineage_from_2004_28_lands_on_section_iii_paragraph_7_c_of_1993_34(page, base_url):
    page.goto(base_url + "resolutions/E-RES-2004-28/")
    citation = page.locator('#pp-6 a[href$="#sec-iii-op-7-c"]')
    expect(citation).to_be_visible()
    citation.click()
    expect(page).to_have_url(base_url + "resolutions/E-RES-1993-34/#sec-iii-op-7-c")
    target = page.locator("#sec-iii-op-7-c")
    expect(target).to_be_in_viewport()
    expect(target).to_contain_text("process of information-gathering")
    # and back: 1993/34's "Cited by" names the paragraph of 2004/28 that cites it
    back = page.locator('#cited-by ~ .cmp-relations a[href="../E-RES-2004-28/#pp-6"]')
    follow_back(page, back, base_url + "resolutions/E-RES-2004-28/", "pp-6")


def follow_back(page, link, url: str, anchor: str) -> None:
    """Click the one ``link`` back to a citing paragraph: the page at ``url#anchor`` shows the paragraph."""
    expect(link).to_have_count(1)
    link.click()
    expect(page).to_have_url(f"{url}#{anchor}")
    expect(page.locator(f"#{anchor}")).to_be_in_viewport()


def test_a_citation_of_a_work_not_held_lands_on_its_section(page, base_url):
    """GA 55/2 is not in the corpus: its link leads to its section on a page of cited works, and back."""
    page.goto(base_url + "resolutions/E-RES-2004-28/")
    citation = page.locator('#pp-1 a[href*="#A-RES-55-2"]')
    expect(citation).to_have_count(1)
    citation.click()
    expect(page).to_have_url(re.compile(re.escape(base_url) + r"cited/a-res-[a-z0-9-]+/#A-RES-55-2$"))
    heading = page.locator("h3#A-RES-55-2")
    expect(heading).to_be_in_viewport()
    expect(heading).to_contain_text("GA resolution 55/2")
    section = page.locator("section.cmp-stub", has=heading)
    expect(section).to_contain_text("8 September 2000")
    back = section.locator('a[href="../../resolutions/E-RES-2004-28/#pp-1"]')
    follow_back(page, back, base_url + "resolutions/E-RES-2004-28/", "pp-1")


def test_lineage_graph_nodes_are_links(page, base_url):
    page.goto(base_url + "resolutions/E-RES-2004-28/")
    graph = page.get_by_role("img", name="Lineage of ECOSOC 2004/28")
    expect(graph).to_be_visible()
    graph.locator('a[href="../E-RES-1993-34/"]').click()
    expect(page).to_have_url(base_url + "resolutions/E-RES-1993-34/")
    expect(page.locator("h1")).to_contain_text("1993/34")


def test_timeline_filters_by_organ(page, base_url):
    page.goto(base_url + "timeline/")
    ecosoc = page.locator('li[data-organ="ECOSOC"]').first
    ga = page.locator('li[data-organ="GA"]').first
    expect(ecosoc).to_be_visible()
    page.get_by_label("Organ").select_option("GA")
    expect(ecosoc).to_be_hidden()
    expect(ga).to_be_visible()
    count = page.locator('li[data-organ="GA"]').count()
    expect(page.locator(".cmp-timeline-count")).to_have_text(f"{count} entries")
    expect(page.locator("#y2000")).to_be_visible()  # GA resolution 55/2 of 8 September 2000 is cited
    expect(page.locator("#y2004")).to_be_hidden()  # only ECOSOC texts and documents in 2004


def test_header_search_box_leads_to_the_search_page(page, base_url):
    page.goto(base_url + "resolutions/E-RES-2004-28/")
    box = page.get_by_role("searchbox", name="Search the compendium")
    box.fill("2003/30")
    box.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(base_url + "search/?q=2003%2F30")))


def test_copy_for_drafting_copies_the_paragraph_as_a_new_text_recalls_it(page, base_url):
    page.goto(base_url + "resolutions/E-RES-2004-28/#op-12")
    # Its label comes from the page (site-strings.yaml), as the Cite label does.
    expect(page.locator("#op-12 > button.cmp-drafting")).to_have_text("Copy for drafting")
    expect(page.locator("#op-12 > button.cmp-drafting")).to_have_attribute("title", "Copy the paragraph as a new text would recall it")
    page.locator("#op-12 > button.cmp-drafting").click()
    copied = clipboard(page)
    assert copied.startswith(
        "Recalling paragraph 12 of its resolution 2004/28 of 21 July 2004, in which it requested the United Nations "
        "Office on Drugs and Crime to continue to work with the Department of Peacekeeping Operations"
    )
    expect(page.locator("#cmp-status")).to_contain_text("Copied text for drafting")
    page.goto(base_url + "resolutions/E-RES-2004-28/draft/")
    expect(page.locator("button.cmp-drafting")).to_have_count(0)  # a draft's numbering cannot be recalled


@pytest.mark.parametrize("rel", [
    "ecosoc/2004/E-RES-2004-28.adopted.en.md",
    "ecosoc/1993/E-RES-1993-34.adopted.en.md",  # sections, sub-paragraphs, footnote markers in the text
    "ecosoc/1997/E-RES-1997-32.adopted.en.md",
    "ga/2024/A-RES-78-267.adopted.en.md",
])
def test_drafting_text_built_on_the_page_equals_compendium_drafting(page, base_url, rel):
    """Pages carry only the lead of "Copy for drafting"; the script adds the paragraph's words from the page.

    For every paragraph, the script's text must be what compendium.drafting writes from the corpus.
    """
    from test_build import REPO

    from compendium.drafting import drafting_text
    from compendium.load import load_document

    doc, _ = load_document(REPO / "resolutions" / rel)
    page.goto(base_url + doc.url)
    built = dict(page.evaluate(
        "() => Array.from(document.querySelectorAll('[data-drafting]')).map(p => [p.id, window.compendiumDraftingText(p)])"))
    expected = {p.anchor: drafting_text(doc, p) for p in doc.citable() if p.anchor in built}
    assert len(built) >= 4
    assert set(built) == {p.anchor for p in doc.citable()} & set(built)
    assert built == expected
