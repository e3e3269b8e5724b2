"""French, Spanish, Russian and Arabic stemming: the index (Python) and the query (browser) agree.

tests/data/stem_cases_<lang>.json: 200 words spread over the sorted distinct
words of the corpus's expressions in that language, plus stop words, with the
stem and stop-word flag lunr-languages 1.22.0 gives them in Chromium.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compendium.load import load_document
from compendium.problems import Severity
from compendium.model import Corpus
from compendium.search import STEMMER_SCRIPTS, tokenize
from compendium.stemmers import LANGUAGES, stem, stop_words

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[1]
VENDOR = REPO / "compendium" / "static" / "search" / "vendor"
CASES = {lang: json.loads((DATA / f"stem_cases_{lang}.json").read_text(encoding="utf-8")) for lang in LANGUAGES}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_python_stems_as_lunr_languages(lang):
    cases = CASES[lang]
    assert len(cases) >= 200
    assert [(c["word"], stem(c["word"], lang), c["word"] in stop_words(lang)) for c in cases] == [
        (c["word"], c["stem"], c["stop"]) for c in cases
    ]
    assert sum(c["word"] != c["stem"] for c in cases) > 150  # the stemmer does stem


@pytest.mark.parametrize("lang", LANGUAGES)
def test_tokenize_drops_stop_words_and_stems(lang):
    for c in CASES[lang]:
        assert tokenize(c["word"], lang) == ([] if c["stop"] else [c["stem"]])
        assert tokenize(c["word"], lang, stemming=False) == ([] if c["stop"] else [c["word"]])


def test_other_languages_are_only_lower_cased():
    assert tokenize("Victimes DES", "de") == ["victimes", "des"]
    assert tokenize("Victimes des", "fr") == ["victim"]
    assert tokenize("Las víctimas", "es") == ["victim"]


@pytest.mark.browser
def test_browser_stems_as_the_cases(browser_page):
    browser_page.set_content('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>')
    for name in ("lunr.min.js",) + STEMMER_SCRIPTS:
        browser_page.add_script_tag(content=(VENDOR / name).read_text(encoding="utf-8"))
    browser_page.add_script_tag(content=(VENDOR.parent / "tokenizer.js").read_text(encoding="utf-8"))
    got = browser_page.evaluate(
        """cases => Object.fromEntries(Object.entries(cases).map(([lang, cs]) => [lang, cs.map(c => [
             c.word, lunr[lang].stemmer(new lunr.Token(c.word)).toString(),
             lunr[lang].stopWordFilter(new lunr.Token(c.word)) === undefined,
             CompendiumTokenizer.tokenize(c.word, lang)])]))""",
        CASES,
    )
    for lang, cases in CASES.items():
        assert got[lang] == [[c["word"], c["stem"], c["stop"], [] if c["stop"] else [c["stem"]]] for c in cases]


@pytest.mark.browser
def test_french_query_finds_another_inflection(browser_page, served_site, tmp_path):
    from test_search_browser import _results, _search, _site

    doc, problems = load_document(REPO / "resolutions" / "ga" / "2023" / "A-RES-78-224.adopted.fr.md")
    assert doc is not None and not [p for p in problems if p.severity is Severity.ERROR]
    base = served_site(_site(tmp_path, Corpus(root=Path("resolutions"), documents=[doc])))
    # pp-3 says "nationaux"; no other paragraph or footnote has a form of "national"
    _search(browser_page, base, "q=national")
    assert _results(browser_page) == [["A/RES/78/224", "pp-3"]]
    _search(browser_page, base, "q=victime")  # op-6: "victimes"
    assert _results(browser_page) == [["A/RES/78/224", "op-6"]]
