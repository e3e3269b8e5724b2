"""Copy for drafting: the paragraph with its citation as UN drafters write it."""

from __future__ import annotations

from pathlib import Path

import pytest

from compendium.drafting import drafting_text, past_tense
from compendium.load import load_document
from compendium.render import render_document

SEEDS = Path(__file__).resolve().parents[1] / "resolutions" / "ecosoc"


@pytest.fixture(scope="module")
def res_2004_28():
    doc, problems = load_document(SEEDS / "2004" / "E-RES-2004-28.adopted.en.md")
    assert doc is not None, problems
    return doc


@pytest.mark.parametrize("verb, past", [
    ("Requests", "requested"), ("Also requests", "also requested"), ("Further requests", "further requested"),
    ("Takes note", "took note"), ("Calls upon", "called upon"), ("Stresses", "stressed"),
    ("Strongly encourages", "strongly encouraged"), ("Decides", "decided"), ("Invites", "invited"),
])
def test_past_tense(verb, past):
    assert past_tense(verb) == past


def test_operative_paragraph_becomes_in_which_it(res_2004_28):
    text = drafting_text(res_2004_28, res_2004_28.paragraph("op-12"))
    assert text.startswith("Recalling paragraph 12 of its resolution 2004/28 of 21 July 2004, in which it requested "
                           "the United Nations Office on Drugs and Crime to continue to work with")
    assert text.endswith(",") and not text.endswith(";,")


def test_preambular_paragraph_is_quoted_by_ordinal(res_2004_28):
    text = drafting_text(res_2004_28, res_2004_28.paragraph("pp-3"))
    assert text.startswith("Recalling the third preambular paragraph of its resolution 2004/28 of 21 July 2004, "
                           "which reads: “Noting the leading role of the Department of Peacekeeping Operations")


def test_render_carries_extra_attributes_escaped_and_html_after_blocks(res_2004_28):
    html = render_document(
        res_2004_28,
        attributes=lambda p: {"data-draft": f"<{p.anchor}>", "onclick": "alert(1)"},
        after=lambda p: f'<aside data-after="{p.anchor}"></aside>' if p.anchor == "op-12" else "",
    )
    assert 'data-draft="&lt;op-12&gt;"' in html
    assert "onclick" not in html
    assert html.index('id="op-12"') < html.index('data-after="op-12"') < html.index('id="op-13"')
