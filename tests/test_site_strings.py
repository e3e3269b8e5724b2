"""Interface strings of the generated pages (compendium/data/site-strings.yaml) in the six UN languages.

The "also adopted in" list is checked on real texts: GA resolutions 76/182 and
77/232 (Reducing reoffending through rehabilitation and reintegration), whose
later text repeats paragraphs of the earlier one, in French and in Arabic.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import lxml.html
import pytest

from compendium import agreed
from compendium.load import load_document
from compendium.model import Corpus
from compendium.pages.delegates import also_adopted_html
from compendium.pages.labels import _all_strings, strings

RESOLUTIONS = Path(__file__).resolve().parents[1] / "resolutions"
LANGUAGES = ("en", "fr", "es", "ru", "ar", "zh")
SENTENCES = ("acknowledgement", "cites_intro", "cites_none", "cited_by_intro", "cited_by_none",
             "lineage_legend", "lineage_none", "also_adopted_one", "also_adopted_other", "similarity",
             "formula_evolved", "same_words_in", "wording_in", "and_more", "more_wordings",
             "diff_deleted", "diff_inserted")


def fields(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_every_page_sentence_is_translated_and_keeps_its_placeholders(lang):
    table = _all_strings()
    for key in SENTENCES:
        own = table[lang].get(key)
        assert own, f"site-strings.yaml: {lang}.{key} is missing (the page would show English)"
        assert own != table["en"][key], f"{lang}.{key} is the English text"
        if key != "also_adopted_one":  # "one earlier text" may spell the number out
            assert fields(own) == fields(table["en"][key]), (lang, key)
    assert "{symbol}" in table[lang]["acknowledgement"]


@pytest.mark.parametrize("lang, summary", [
    ("fr", r"Également adopté dans \d+ textes? antérieurs?"),
    ("ar", r"اعتُمد أيضاً في"),
    ("en", r"Also adopted in \d+ earlier texts?"),
])
def test_also_adopted_is_labelled_in_the_page_language(lang, summary):
    docs = []
    for rel in (f"ga/2021/A-RES-76-182.adopted.{lang}.md", f"ga/2022/A-RES-77-232.adopted.{lang}.md"):
        doc, problems = load_document(RESOLUTIONS / rel)
        assert doc is not None, problems
        docs.append(doc)
    corpus = Corpus(RESOLUTIONS, docs)
    found = agreed.find(corpus)
    later = docs[1]
    shown = [html for p in later.paragraphs if (html := also_adopted_html(SimpleNamespace(corpus=corpus), later.url, found, later, p))]
    assert shown, "77/232 repeats paragraphs of 76/182"
    blocks = [lxml.html.fromstring(html) for html in shown]
    assert all(re.fullmatch(summary + ".*", details.find("summary").text_content()) for details in blocks)
    text = " ".join(details.text_content() for details in blocks)
    # 77/232 repeats some paragraphs word for word and others with a few words changed
    assert strings(lang)["same_words_in"] in text
    assert strings(lang)["similarity"].split("{")[0] in text and strings(lang)["wording_in"] in text
    if lang != "en":
        assert not re.search(r"the same|Also adopted|Same words|Used in|deleted:|inserted:", text)
        assert strings(lang)["diff_deleted"] in text or strings(lang)["diff_inserted"] in text
