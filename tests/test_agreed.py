"""Agreed language: near-identical paragraphs found by MinHash/LSH, verified by word similarity."""

from __future__ import annotations

import itertools

import pytest
from click.testing import CliRunner

from compendium import agreed
from compendium.cli import main
from compendium.pipeline import load


@pytest.fixture(scope="module")
def state(seed_corpus_dir):
    return load(seed_corpus_dir)


@pytest.fixture(scope="module")
def found(state):
    return agreed.find(state.corpus)


def test_the_millennium_paragraph_of_the_draft_is_agreed_language_of_the_adopted_text(found):
    matches = found.earlier(agreed.Ref("E-RES-2004-28.adopted.en", "pp-1"))
    assert [(m.b.document, m.b.paragraph, m.similarity) for m in matches] == [("E-RES-2004-28.draft.en", "pp-1", 1.0)]


def test_rewritten_paragraph_pairs_with_its_draft(found):
    # adopted op. 8 "Invites Member States to reply concerning ..." was draft op. 6 "... to reply to those ..."
    others = {(m.b.document, m.b.paragraph) for m in found.earlier(agreed.Ref("E-RES-2004-28.adopted.en", "op-8"))}
    assert ("E-RES-2004-28.draft.en", "op-6") in others


def test_recurring_wording_across_resolutions(found):
    # 1997/32 repeats 1993/34's first preambular paragraph word for word
    matches = found.earlier(agreed.Ref("E-RES-1997-32.adopted.en", "pp-1"))
    assert ("E-RES-1993-34.adopted.en", "pp-1", 1.0) in [(m.b.document, m.b.paragraph, m.similarity) for m in matches]
    # and nothing is "earlier" than the earliest
    assert all(m.b.document != "E-RES-1997-32.adopted.en" for m in found.earlier(agreed.Ref("E-RES-1993-34.adopted.en", "pp-1")))


def test_lsh_finds_every_pair_brute_force_finds(state, found):
    units = agreed.units_of(state.corpus)
    expected = set()
    for u, v in itertools.combinations(units, 2):
        if agreed._comparable(u, v) and agreed.similarity(u.words, v.words) >= agreed.THRESHOLD:
            expected.add(frozenset((u.ref, v.ref)))
    got = {frozenset((m.a, m.b)) for m in found.unit_pairs()}
    assert expected and got == expected


def test_different_paragraphs_do_not_match():
    a = agreed.words_of("Requests the Secretary-General to report to the Commission at its fifteenth session")
    b = agreed.words_of("Invites Member States to strengthen the human and financial resources available")
    assert agreed.similarity(a, b) < agreed.THRESHOLD


def test_cli_prints_earlier_paragraphs_with_word_diff(seed_corpus_dir):
    result = CliRunner().invoke(main, ["agreed", "E/RES/2004/28#op-3", "--corpus", str(seed_corpus_dir)])
    assert result.exit_code == 0, result.output
    assert "Draft of E/RES/2004/28" not in result.output or "[-" in result.output
    result = CliRunner().invoke(main, ["agreed", "E/RES/2004/28#op-99", "--corpus", str(seed_corpus_dir)])
    assert result.exit_code != 0 and "no such document and paragraph" in result.output
