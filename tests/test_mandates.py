"""Mandates of the seed resolutions: actor, what, due session resolved to a year, CSV export."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

from compendium.cli import main
from compendium.mandates import actor_of, corpus_mandates, due_of, mandates_csv, ordinal_value
from compendium.pipeline import load


@pytest.fixture(scope="module")
def mandates(seed_corpus_dir):
    state = load(seed_corpus_dir)
    return {(m.symbol, m.paragraph): m for m in corpus_mandates(state.corpus)}


@pytest.mark.parametrize("word, value", [
    ("first", 1), ("third", 3), ("seventh", 7), ("thirteenth", 13), ("fifteenth", 15), ("sixteenth", 16),
    ("twentieth", 20), ("seventy-ninth", 79), ("eightieth", 80), ("session", None),
])
def test_ordinals(word, value):
    assert ordinal_value(word) == value


def test_due_session_of_the_commission_resolves_to_its_year():
    due = due_of("to report to the Commission on Crime Prevention and Criminal Justice at its fifteenth session on")
    assert (due.body, due.session, due.year) == ("ccpcj", 15, 2006)


def test_due_session_of_the_general_assembly():
    due = due_of("to submit to the General Assembly at its seventy-ninth session a report on")
    assert (due.body, due.session, due.year) == ("ga", 79, 2024)


def test_a_year_named_in_the_text_wins_over_the_computed_one():
    # E/CN.15/2004/9/Add.1, para. 19: "... at its fifteenth session, in 2006, for its approval."
    due = due_of("to the Commission on Crime Prevention and Criminal Justice at its fifteenth session, in 2006")
    assert due.year == 2006


@pytest.mark.parametrize("text, actor, addressee", [
    ("the Secretary-General to report to the Commission", "secretary-general", "the Secretary-General"),
    ("Member States and intergovernmental and non-governmental organizations to contribute", "member-states",
     "Member States and intergovernmental and non-governmental organizations"),
    ("to Member States that they integrate", "member-states", "Member States"),
    ("that the relevant national authorities promote the use", "governments", "the relevant national authorities"),
    ("that the Secretary-General consider resorting, where appropriate", "secretary-general", "the Secretary-General"),
])
def test_actor_of(text, actor, addressee):
    found, worded = actor_of(text)
    assert found.id == actor
    assert worded == addressee


def test_2004_28_requests_with_due_sessions(mandates):
    m = mandates[("E/RES/2004/28", "op-9")]
    assert m.actor == "secretary-general" and m.reports
    assert (m.due.body, m.due.session, m.due.year) == ("ccpcj", 15, 2006)
    assert m.what.startswith("to report to the Commission on Crime Prevention and Criminal Justice")
    # the sub-paragraphs detail the one report asked for: they are part of it, not mandates of their own
    assert "Ways in which technical assistance can be provided" in m.what
    assert ("E/RES/2004/28", "op-9-a") not in mandates
    last = mandates[("E/RES/2004/28", "op-17")]
    assert (last.verb, last.due.session, last.due.year) == ("Further requests", 16, 2007)
    assert mandates[("E/RES/2004/28", "op-12")].actor == "unodc"
    assert mandates[("E/RES/2004/28", "op-8")].actor == "member-states"


def test_a_colon_after_the_actor_makes_each_subparagraph_a_mandate(mandates):
    # 1993/34, section III, para. 7: "Requests the Secretary-General: (a) To assist ... (c) To commence ..."
    for letter in "abc":
        m = mandates[("E/RES/1993/34", f"sec-iii-op-7-{letter}")]
        assert m.actor == "secretary-general"
        assert m.number.endswith(f"section III, para. 7 ({letter})")
    assert ("E/RES/1993/34", "sec-iii-op-7") not in mandates


def test_1993_34_and_1997_32_due_sessions(mandates):
    assert mandates[("E/RES/1993/34", "sec-ii-op-8")].due.year == 1994
    assert mandates[("E/RES/1993/34", "sec-iv-c-op-3-d")].due.session == 3
    m = mandates[("E/RES/1997/32", "op-4")]
    assert (m.actor, m.due.session, m.due.year) == ("secretariat", 7, 1998)


def test_non_mandates_are_left_out(mandates):
    # "Takes note", "Notes", "Expresses its gratitude" ask nothing of anyone
    for anchor in ("op-1", "op-2", "op-3", "op-4", "op-5"):
        assert ("E/RES/2004/28", anchor) not in mandates


def test_follow_up_needs_the_due_window(mandates):
    # 2004/28 op. 1 takes note of a report of the Secretary-General, but ten years after 1993/34's
    # "third session" (1994): it is not the report 1993/34 asked for.
    assert mandates[("E/RES/1993/34", "sec-v-op-6")].followed_up_by == []


def test_csv_export_matches_the_mandates(mandates, seed_corpus_dir):
    result = CliRunner().invoke(main, ["export", "mandates", "--format", "csv", "--corpus", str(seed_corpus_dir)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == len(mandates)
    row = next(r for r in rows if r["symbol"] == "E/RES/2004/28" and r["paragraph"] == "op-9")
    assert (row["actor"], row["due_year"]) == ("Secretary-General", "2006")
    assert mandates_csv([]) == "symbol,paragraph,date,verb,actor,addressee,what,due,due_year,followed_up_by\n"


def test_mandate_pages_split_long_groups_and_quote_each_mandate_once(seed_corpus_dir, monkeypatch):
    import lxml.html

    from compendium.pages import mandates as pages
    from compendium.pages.context import Context

    state = load(seed_corpus_dir)
    found = corpus_mandates(state.corpus)
    monkeypatch.setattr(pages, "PAGE_ITEMS", 2)
    made = pages.mandate_pages(Context(state.corpus, state.links), found)
    by_path = {p.path: p for p in made}
    actor_pages = [p for p in made if p.path.startswith("mandates/actor-")]
    due_pages = [p for p in made if p.path.startswith("mandates/due-")]
    quoted, listed = [], []
    sections: dict[str, list[str]] = {}
    for group, out in ((actor_pages, quoted), (due_pages, listed)):
        for page in group:
            body = lxml.html.fromstring(f"<div>{page.parts['list']}</div>")
            items = body.findall(".//li")
            assert 1 <= len(items) <= 2  # at most PAGE_ITEMS a page
            out += [li.find("a").get("href") for li in items]
            for h2 in body.findall("h2"):
                sections.setdefault(h2.get("id"), []).append(page.url)
    assert len(quoted) == len(listed) == len(found)  # every mandate once on an actor page, once on a due page
    assert sorted(quoted) == sorted(listed)
    assert not any(li.find_class("cmp-quote") for p in due_pages
                   for li in lxml.html.fromstring(f"<div>{p.parts['list']}</div>").findall(".//li"))
    # the Secretary-General has more requests than a page holds: the section continues on the next pages
    assert len(sections["actor-secretary-general"]) > 1
    index = lxml.html.fromstring(by_path["mandates/index.md"].parts["actors"])
    linked = {a.get("href") for a in index.iter("a")}
    # every page of every actor's section is linked from the index, and nothing else is
    assert {f"{url[len('mandates/'):]}#{anchor}" for anchor, urls in sections.items() if anchor.startswith("actor-")
            for url in urls} == linked


def test_group_names_stay_distinct_when_labels_differ_only_in_case():
    from compendium.pages.mandates import _slug

    taken: set[str] = set()
    names = [_slug(label, taken) for label in ("Non-State actors", "non-State actors", "non-State actors!")]
    assert names[0] == "non-state-actors"
    assert len(set(names)) == 3
    assert len(_slug("interested representatives of " * 10, set())) <= 60
