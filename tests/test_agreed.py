"""Agreed language: near-identical paragraphs found by MinHash/LSH, verified by word similarity."""

from __future__ import annotations

import itertools
import re
import shutil
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner

from compendium import agreed
from compendium.cli import main
from compendium.pages import delegates
from compendium.pages.context import Context
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
    assert found.pair_count == len(expected)  # counted from the texts, not listed


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


# ---------------------------------------------------------------- "also adopted in" and the formula pages

RESOLUTIONS = Path(__file__).resolve().parents[1] / "resolutions"


@pytest.fixture(scope="module")
def spanish(tmp_path_factory):
    """The Spanish texts of resolutions/ (54 files): formulas recur across the ECOSOC and GA texts of 2021-2024."""
    root = tmp_path_factory.mktemp("es")
    for path in RESOLUTIONS.rglob("*.adopted.es.md"):
        (root / path.relative_to(RESOLUTIONS)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, root / path.relative_to(RESOLUTIONS))
    s = load(root)
    return Context(s.corpus, s.links)


def _also(ctx, doc_id, anchor):
    doc = ctx.by_id[doc_id]
    return lxml.html.fromstring(delegates.also_adopted_html(ctx, doc.url, ctx.agreed, doc, doc.paragraph(anchor))), doc


def test_earlier_wordings_are_the_earlier_paragraphs_grouped_by_text(spanish, found):
    assert spanish.agreed.pair_count == sum(1 for _ in spanish.agreed.unit_pairs())
    for ctx_found in (found, spanish.agreed):
        for ref in ctx_found.units:
            expected: dict[int, set] = {}
            for m in ctx_found.earlier(ref):
                expected.setdefault(ctx_found.text_of[m.b], set()).add(m.b)
            wordings = ctx_found.earlier_wordings(ref, places=10**6)
            assert {w.text: set(w.latest) for w in wordings} == expected
            assert all(w.count == len(expected[w.text]) for w in wordings)
            capped = ctx_found.earlier_wordings(ref, places=2)
            for w, full in zip(capped, wordings):
                dates = [ctx_found.units[r].date for r in full.latest]
                assert len(w.latest) == min(2, w.count) and w.count == full.count
                # the most recent places are the ones kept
                assert sorted((ctx_found.units[r].date for r in w.latest), reverse=True) == sorted(dates, reverse=True)[:len(w.latest)]


def test_same_words_are_one_line_of_places_capped_with_a_link_to_the_formula(spanish):
    # ECOSOC 2024/10's opening paragraph repeats word for word that of 13 earlier ECOSOC resolutions
    details, doc = _also(spanish, "E-RES-2024-10.adopted.es", "text-1")
    assert details.find("summary").text_content() == "También aprobado en 13 textos anteriores"
    (same,) = details.find_class("cmp-same")
    assert same.text_content().startswith("Mismas palabras en:")
    links = same.findall("a")
    assert len(links) == delegates.PLACES_SHOWN + 1
    assert links[0].get("href") == "../../E-RES-2023-27/es/#text-1"  # the most recent first
    more = links[-1]
    assert more.text_content() == "y 3 más"
    page, fragment = more.get("href").split("#")
    formula = spanish.agreed.formula_of(agreed.Ref(doc.id, "text-1"))
    assert fragment == formula.id and page.startswith("../../../agreed-language/")
    assert not details.findall(".//blockquote")  # the same words: nothing to diff


def test_other_wordings_are_shown_once_with_similarity_and_word_diff_the_most_recent_few(spanish):
    # GA 79/187 op. 5 "Invita a los Estados Miembros y a otros donantes …": 8 earlier places in its words,
    # and 7 other wordings of the formula
    details, doc = _also(spanish, "A-RES-79-187.adopted.es", "op-5")
    wordings = spanish.agreed.earlier_wordings(agreed.Ref(doc.id, "op-5"))
    assert len([w for w in wordings if w.similarity < 1]) == 7
    items = details.find("ul").findall("li")
    assert items[0].get("class") == "cmp-same" and len(items[0].findall("a")) == 8
    variants = items[1:]
    assert len(variants) == delegates.WORDINGS_SHOWN
    for li in variants:
        assert re.match(r"\(idéntico en un \d+\s?%\)", li.text_content())
        quote = li.find("blockquote")
        assert quote.find_class("cmp-visually-hidden") and (quote.findall("del") or quote.findall("ins"))
        assert "Empleada en:" in li.text_content() and li.findall("a")
    tail = details.find("p").findall("a")
    assert [a.text_content() for a in tail] == [f"y {7 - delegates.WORDINGS_SHOWN} redacciones más", "Evolución de esta fórmula"]
    assert tail[0].get("href") == tail[1].get("href")
    assert "[…]" in details.text_content()  # long unchanged stretches are left out: the paragraph is just above


def test_word_diff_leaves_out_long_unchanged_stretches_only_when_asked():
    old = "Invites Member States and other donors to provide extrabudgetary resources for the purposes of the present resolution, in accordance with the rules and procedures of the United Nations;"
    new = old.replace("provide", "contribute").replace(";", ".")
    full = delegates._diff_html(old, new)
    assert lxml.html.fromstring(f"<p>{full}</p>").text_content().replace("deleted: ", "").replace("inserted: ", "") == (
        old.replace("provide", "provide contribute").replace(";", ";."))
    short = delegates._diff_html(old, new, 3)
    assert short.startswith("[…] other donors to<del>")  # three words before the change
    assert "extrabudgetary resources for […] the United Nations<del>" in short
    assert delegates._diff_html(old, new, 3) is short  # memoized: the same pair recurs on many pages


def test_formula_pages_group_formulas_and_show_each_wording_once(spanish):
    found = spanish.agreed
    pages = delegates.agreed_pages(spanish, found)
    index = pages[-1]
    assert index.path == "agreed-language/index.md"
    formula_pages = delegates.formula_pages(found)
    assert [p.path for p in pages[:-1]] == [f"{p.url}index.md" for p in formula_pages]
    assert len(formula_pages) < len(found.formulas) / 20  # many formulas a page, not a page each
    assert all(len(p.formulas) <= delegates.FORMULAS_PER_PAGE for p in formula_pages)
    assert sorted(f.id for p in formula_pages for f in p.formulas) == sorted(f.id for f in found.formulas)
    assert all(re.fullmatch(r"agreed-language/[a-z0-9-]+-\d+(-x)*/", p.url) for p in formula_pages)
    listed = lxml.html.fromstring(index.parts["list"])
    assert [a.get("href") for a in listed.iter("a")] == [p.url[len("agreed-language/"):] for p in formula_pages]
    formula = found.formula_of(agreed.Ref("A-RES-79-187.adopted.es", "op-5"))
    page = next(p for p, fp in zip(pages, formula_pages) if formula in fp.formulas)
    section = lxml.html.fromstring(page.parts["list"]).get_element_by_id(formula.id)
    assert formula.id in {a.get("href")[1:] for a in lxml.html.fromstring(page.parts["intro"]).iter("a")}
    wordings = {}
    for ref in formula.members:
        wordings.setdefault(found.text_of[ref], []).append(ref)
    items = section.find("ol").findall("li")
    assert len(items) == len(wordings) == 8  # each distinct wording once, not once per adoption
    for li, refs in zip(items, wordings.values()):
        places = [a.get("href") for a in li.findall("p")[-1].findall("a")]
        assert places == [f"../../{spanish.by_id[r.document].url}#{r.paragraph}" for r in refs]  # date order
    assert not items[0].find("blockquote").findall("del") and not items[0].find("blockquote").findall("ins")
    assert all(li.find("blockquote").findall("del") or li.find("blockquote").findall("ins") for li in items[1:])
    # the link under a paragraph leads to this section
    details, doc = _also(spanish, "A-RES-79-187.adopted.es", "op-5")
    evolved = details.find("p").findall("a")[-1].get("href")
    assert evolved == f"../../../{page.path[:-len('index.md')]}#{formula.id}"


FORMULA_FILES = (
    "ecosoc/2021/E-RES-2021-21.adopted.en.md",
    "ecosoc/2021/E-RES-2021-23.adopted.en.md",
    "ga/2021/A-RES-76-182.adopted.en.md",
    "ga/2021/A-RES-76-184.adopted.en.md",
    "ecosoc/2022/E-RES-2022-13.adopted.en.md",
)
"""Five texts of 2021-2022 that invite "Member States and other donors to provide extrabudgetary resources …"
in two wordings: ECOSOC 2021/21, GA 76/182 and ECOSOC 2022/13 in one, ECOSOC 2021/23 and GA 76/184 in the other."""


@pytest.fixture(scope="module")
def formula_site(build_site, tmp_path_factory):
    root = tmp_path_factory.mktemp("formula-corpus")
    for rel in FORMULA_FILES:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(RESOLUTIONS / rel, root / rel)
    return build_site(root)


def test_built_site_links_each_paragraph_to_its_formula_section(formula_site):
    page = lxml.html.fromstring((formula_site / "resolutions/E-RES-2022-13/index.html").read_text(encoding="utf-8"))
    details = page.get_element_by_id("op-11").getnext()
    assert details.tag == "details" and "cmp-agreed" in details.get("class")
    assert details.find_class("cmp-same")[0].text_content().startswith("Same words in:")
    assert any(q.findall("ins") or q.findall("del") for q in details.iter("blockquote"))
    evolved = [a for a in details.iter("a") if a.text_content() == "How this formula evolved"][0].get("href")
    path, fragment = evolved.split("#")
    target = (formula_site / "resolutions/E-RES-2022-13" / path / "index.html").resolve()
    assert target.parent.parent.name == "agreed-language" and target.is_file()
    section = lxml.html.fromstring(target.read_text(encoding="utf-8")).get_element_by_id(fragment)
    assert section.tag == "section" and len(section.find("ol").findall("li")) == 2  # two wordings, each once
    # the formula pages hold sections, not a page per formula
    assert not list((formula_site / "agreed-language").glob(f"{fragment}*"))
    index = lxml.html.fromstring((formula_site / "agreed-language/index.html").read_text(encoding="utf-8"))
    assert f"{target.parent.name}/" in {a.get("href") for a in index.get_element_by_id("formulas").getnext().iter("a")}


def test_following_how_this_formula_evolved_lands_on_the_formula(formula_site, served_site, browser_page):
    base = served_site(formula_site)
    browser_page.goto(base + "resolutions/E-RES-2022-13/")
    details = browser_page.locator("#op-11 + details.cmp-agreed")
    details.locator("summary").click()
    details.get_by_role("link", name="How this formula evolved").click()
    browser_page.wait_for_load_state()
    assert "/agreed-language/" in browser_page.url
    fragment = browser_page.url.split("#", 1)[1]
    section = browser_page.locator(f'section[id="{fragment}"]')
    assert section.is_visible() and section.evaluate("s => s.getBoundingClientRect().top < window.innerHeight")
    assert section.locator("li").count() == 2 and section.locator("ins, del").count() > 0
    # "deleted:" / "inserted:" are for screen readers only: the site's stylesheet hides them
    hidden = section.locator(".cmp-visually-hidden").first
    assert hidden.text_content() in ("deleted: ", "inserted: ")
    assert hidden.evaluate("e => e.getBoundingClientRect().width") <= 1
