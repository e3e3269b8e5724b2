"""Sections of works cited but not held: a much-cited work quotes only its most recent citing paragraphs."""

from __future__ import annotations

import lxml.html

from compendium.pages import references
from compendium.pages.context import Context
from compendium.pipeline import load


def test_a_section_quotes_the_most_recent_citing_paragraphs_and_lists_the_rest(seed_corpus_dir, monkeypatch):
    state = load(seed_corpus_dir)
    ctx = Context(state.corpus, state.links)
    monkeypatch.setattr(references, "QUOTED_MAX", 1)
    pages = references.stub_pages(ctx)
    checked = 0
    for page in pages:
        for html in page.parts.values():
            for section in lxml.html.fromstring(f"<div>{html}</div>").find_class("cmp-relations"):
                items = [li for ul in section.find_class("cmp-list") for li in ul.findall("li")]
                if len(items) < 2:
                    continue
                quoted = [li for li in items if li.find_class("cmp-quote")]
                assert len(quoted) == 1, "only the most recent citing paragraph is quoted"
                assert all(li.find("a") is not None for li in items), "the others are still listed, as links"
                assert "the 1 most recent are quoted" in section.text_content()
                checked += 1
    assert checked, "the seed corpus has a work cited by several paragraphs"
