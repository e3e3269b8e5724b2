"""The search page in headless Chromium, on a self-contained site served from 127.0.0.1.

Serving and the browser are tests/conftest.py's fixtures. The site holds the index built from tests/test_search.py's corpus, the static
files of compendium/static/search/ under assets/search/ (where the MkDocs build
puts them), the search page and one small page per document with the
paragraph anchors, so result links can be followed.
"""

from __future__ import annotations

import gzip
import html
import json
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from compendium.search import build_index, standalone_search_page

from test_search import CITING_2003_30, chinese_corpus, small_corpus

pytestmark = pytest.mark.browser

STATIC = Path(__file__).resolve().parents[1] / "compendium" / "static" / "search"
CASES = json.loads((Path(__file__).parent / "data" / "tokenizer_cases.json").read_text(encoding="utf-8"))

SCRIPTS = """
<script src="../assets/search/vendor/lunr.min.js"></script>
<script src="../assets/search/vendor/lunr.stemmer.support.min.js"></script>
<script src="../assets/search/vendor/lunr.fr.min.js"></script>
<script src="../assets/search/vendor/lunr.es.min.js"></script>
<script src="../assets/search/vendor/lunr.ru.min.js"></script>
<script src="../assets/search/vendor/lunr.ar.min.js"></script>
<script src="../assets/search/tokenizer.js"></script>
"""


def _site(root: Path, corpus=None) -> Path:
    corpus = corpus or small_corpus()
    (root / "search").mkdir(parents=True)
    for name, content in build_index(corpus, shard_entries=6).items():
        if isinstance(content, bytes):
            (root / "search" / name).write_bytes(content)  # the .json.gz files
        else:
            (root / "search" / name).write_text(content, encoding="utf-8")
    shutil.copytree(STATIC, root / "assets" / "search")
    (root / "search" / "index.html").write_text(standalone_search_page(), encoding="utf-8")
    (root / "search" / "tokenizer.html").write_text(
        '<!doctype html><html><head><meta charset="utf-8"></head><body>' + SCRIPTS + "</body></html>",
        encoding="utf-8",
    )
    for doc in corpus.documents:
        page = root / doc.url / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        body = "".join(f'<p id="{p.anchor}">{html.escape(p.text)}</p>' for p in doc.paragraphs)
        body += "".join(f'<p id="{fn.anchor}">{html.escape(fn.text or "")}</p>' for fn in doc.footnotes.values())
        page.write_text(f"<!doctype html><html><body><h1>{html.escape(doc.symbol)}</h1>{body}</body></html>", "utf-8")
    return root


@pytest.fixture(scope="module")
def base_url(tmp_path_factory, served_site):
    return served_site(_site(tmp_path_factory.mktemp("searchsite")))


@pytest.fixture
def page(browser_page):
    return browser_page


def _search(page, base_url, query: str):
    page.goto(base_url + "search/?" + query)
    page.wait_for_selector('#compendium-search[data-state="done"]')


def _results(page) -> list[tuple[str, str]]:
    return page.eval_on_selector_all(
        ".cs-result", "els => els.map(e => [e.dataset.symbol, e.dataset.anchor])"
    )


def _counts(page, name: str) -> dict[str, int]:
    return {
        v: int(c)
        for v, c in page.eval_on_selector_all(
            f"#cs-{name} option[data-count]", "els => els.map(e => [e.value, e.dataset.count])"
        )
    }


def test_tokenizer_cases_agree_with_python(page, base_url):
    page.goto(base_url + "search/tokenizer.html")
    got = page.evaluate(
        "cases => cases.map(c => CompendiumTokenizer.tokenize(c.input, c.lang))", CASES
    )
    mismatches = [(c["input"], g, c["expected"]) for c, g in zip(CASES, got) if g != c["expected"]]
    assert mismatches == []


def test_resolution_number_lists_exactly_the_citing_paragraphs(page, base_url):
    _search(page, base_url, "q=2003/30")
    assert sorted(map(tuple, _results(page))) == sorted(CITING_2003_30)
    hrefs = page.eval_on_selector_all(".cs-result a.cs-link", "els => els.map(e => e.href)")
    docs = {d.symbol: d for d in small_corpus().documents}
    assert sorted(hrefs) == sorted(f"{base_url}{docs[s].url}#{a}" for s, a in CITING_2003_30)
    marks = page.eval_on_selector_all(".cs-result mark", "els => els.map(e => e.textContent)")
    assert "2003/30" in marks
    assert page.text_content(".cs-status").startswith("3 paragraphs")
    # follow a result to its paragraph
    page.click('.cs-result[data-anchor="pp-8"] a')
    page.wait_for_url("**/resolutions/E-RES-2004-28/#pp-8")
    assert "2003/30" in page.text_content("#pp-8")


def test_organ_kind_and_verb_filters_narrow_with_counts(page, base_url):
    _search(page, base_url, "q=2003/30")
    assert _counts(page, "organ") == {"ECOSOC": 1, "CCPCJ": 2}
    assert _counts(page, "kind") == {"preambular": 1, "report": 2}
    assert _counts(page, "category") == {"1": 3, "2": 1}
    assert page.text_content('#cs-category option[value="2"]') == "2. International cooperation (1)"
    page.select_option("#cs-organ", "CCPCJ")
    page.wait_for_function("() => document.querySelectorAll('.cs-result').length === 2")
    assert {tuple(r) for r in _results(page)} == {("E/CN.15/2004/9/Add.1", "para-1"), ("E/CN.15/2004/9/Add.1", "para-2")}
    assert parse_qs(urlparse(page.url).query) == {"q": ["2003/30"], "organ": ["CCPCJ"]}
    # counts of another facet follow the organ filter; the organ facet keeps its alternatives
    assert _counts(page, "kind") == {"report": 2}
    assert _counts(page, "organ") == {"ECOSOC": 1, "CCPCJ": 2}

    _search(page, base_url, "q=Secretary-General")
    assert _counts(page, "verb") == {"Recalling": 1, "Requests": 2, "Takes note": 1}
    page.select_option("#cs-verb", "Requests")
    page.wait_for_function("() => document.querySelectorAll('.cs-result').length === 2")
    assert {tuple(r) for r in _results(page)} == {("E/RES/2004/28", "op-9"), ("E/RES/2004/28", "op-11")}
    assert _counts(page, "kind") == {"operative": 2}
    page.select_option("#cs-verb", "")
    page.select_option("#cs-kind", "preambular")
    page.wait_for_function("() => document.querySelectorAll('.cs-result').length === 1")
    assert _results(page) == [["E/RES/2004/28", "pp-6"]]
    assert "kind=preambular" in page.url and "verb" not in page.url
    # the URL alone restores the same state (bookmarkable)
    _search(page, base_url, "q=Secretary-General&kind=preambular")
    assert _results(page) == [["E/RES/2004/28", "pp-6"]]
    assert page.input_value("#cs-kind") == "preambular"


def test_date_and_language_filters(page, base_url):
    _search(page, base_url, "q=technical+assistance&to=1999")
    assert _results(page) == [["E/RES/1993/34", "pp-2"]]
    _search(page, base_url, "q=technical+assistance&from=2004-01-01&lang=en")
    assert {tuple(r) for r in _results(page)} == {("E/RES/2004/28", "op-9-b"), ("E/RES/2004/28", "op-11")}


def test_quoted_phrase_matches_as_a_phrase(page, base_url):
    _search(page, base_url, "q=Economic+and+Social+Council+resolution+2003/30")
    assert {tuple(r) for r in _results(page)} == {("E/CN.15/2004/9/Add.1", "para-1"), ("E/CN.15/2004/9/Add.1", "para-2")}
    _search(page, base_url, 'q="Economic and Social Council resolution 2003/30"')
    assert _results(page) == [["E/CN.15/2004/9/Add.1", "para-2"]]
    _search(page, base_url, 'q="assistance technical"')
    assert _results(page) == []
    assert "No results" in page.text_content(".cs-status")


def test_symbol_prefix_and_exact_symbol(page, base_url):
    _search(page, base_url, "q=E/CN.15/2004/9")
    assert {tuple(r) for r in _results(page)} == {("E/RES/2004/28", "op-1"), ("E/RES/2004/28", "fn-2")}
    _search(page, base_url, "q=E/CN.15/2004/9*")
    assert {tuple(r) for r in _results(page)} == {
        ("E/RES/2004/28", "op-1"),
        ("E/RES/2004/28", "fn-2"),
        ("E/RES/2004/28", "op-2"),
        ("E/RES/2004/28", "fn-3"),
    }


def test_no_hits_says_so_and_query_text_is_not_markup(page, base_url):
    _search(page, base_url, "q=extradition")
    assert _results(page) == []
    assert page.text_content(".cs-status") == "No results for “extradition”."
    _search(page, base_url, "q=%3Cimg+src%3Dx+onerror%3D%22window.pwned%3D1%22%3E")
    assert page.evaluate("() => document.querySelectorAll('#compendium-search img').length") == 0
    assert page.evaluate("() => window.pwned") is None
    assert "<img src=x" in page.text_content(".cs-status")


def test_keyboard_only(page, base_url):
    page.goto(base_url + "search/")
    page.wait_for_selector('#compendium-search[data-state="done"]')
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "cs-q"
    page.keyboard.type("E/CN.15/2004/9/Add.1")
    page.keyboard.press("Enter")
    page.wait_for_selector('.cs-result[data-anchor="fn-3"]')
    assert parse_qs(urlparse(page.url).query) == {"q": ["E/CN.15/2004/9/Add.1"]}
    # Tab through the filters to the first result link, and follow it with Enter
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('.cs-result')"):
            break
    href = page.evaluate("() => document.activeElement.href")
    assert href.startswith(base_url + "resolutions/E-RES-2004-28/#")
    page.keyboard.press("Enter")
    page.wait_for_url(href)
    page.go_back()
    page.wait_for_selector('.cs-result[data-anchor="fn-3"]')


def test_chinese_runs_are_phrases(page, served_site, tmp_path):
    base = served_site(_site(tmp_path, chinese_corpus()))
    _search(page, base, "q=刑事司法")
    assert {tuple(r) for r in _results(page)} == {("A/RES/75/195", "pp-3"), ("A/RES/75/195", "op-17")}
    assert "".join(page.eval_on_selector_all('.cs-result[data-anchor="op-17"] mark', "els => els.map(e => e.textContent)")) == "刑事司法"
    # the same ideographs in another order are another word
    _search(page, base, "q=司法刑事")
    assert _results(page) == []
    _search(page, base, "q=59/156")
    assert _results(page) == [["A/RES/75/195", "pp-3"]]


def _gzip_responses(page) -> list:
    """Every .json.gz response the page gets, recorded as it arrives."""
    got: list = []
    page.on("response", lambda r: got.append(r) if r.url.endswith(".json.gz") else None)
    return got


def test_built_site_serves_the_index_gzipped_and_the_page_inflates_it(page, packs_site, served_site):
    """A real build: the shard, display data and term map files are gzip on the wire (no
    Content-Encoding: the page inflates them with DecompressionStream) and the search finds 2003/30."""
    base = served_site(packs_site)
    responses = _gzip_responses(page)
    page.goto(base + "search/?q=2003/30")
    page.wait_for_selector('#compendium-search[data-state="done"]')
    assert ["E/RES/2004/28", "pp-8"] in _results(page)
    names = {r.url.rsplit("/", 1)[1] for r in responses}
    assert {"terms-2.json.gz"} <= names and any(n.startswith("index-") for n in names)
    assert any(n.startswith("data-") for n in names)
    for r in responses:
        assert r.status == 200 and "content-encoding" not in r.headers, r.url
        assert r.body()[:3] == b"\x1f\x8b\x08", f"{r.url} is not gzip"
        assert json.loads(gzip.decompress(r.body())), r.url
    # the built site holds the index files only gzipped (the manifest stays plain JSON)
    search_dir = packs_site / "search"
    assert not list(search_dir.glob("index-*.json")) and list(search_dir.glob("index-*.json.gz"))
    assert json.loads((search_dir / "manifest.json").read_text(encoding="utf-8"))["shards"]


def test_page_reads_index_files_a_server_already_inflated(page, base_url):
    """A server that sends the .json.gz files with Content-Encoding: gzip has the browser inflate
    them: the page gets JSON text and reads it as it is."""
    root = base_url

    def inflated(route):
        response = route.fetch()
        route.fulfill(status=200, body=gzip.decompress(response.body()), content_type="application/json")

    page.route("**/*.json.gz", inflated)
    _search(page, root, "q=2003/30")
    assert sorted(map(tuple, _results(page))) == sorted(CITING_2003_30)


def test_a_query_over_loaded_shards_downloads_nothing_again(page, base_url):
    """Shards are fetched once: a later query over the same shards makes no request for index files.

    (The query loop's look-ahead used to download, inflate and parse loaded shards again, and the next
    query waited behind that work.)
    """
    _search(page, base_url, "q=technical+assistance")
    first = page.evaluate("() => window.compendiumSearch.count")
    fetched = page.evaluate("() => window.compendiumSearch.shardFetches")
    assert first > 0 and fetched > 1
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.evaluate("""async () => {
      const root = document.getElementById('compendium-search');
      const t = window.compendiumSearch.timings;
      const form = root.querySelector('form');
      form.elements.q.value = 'assistance technical';  // another query over the same shards
      form.requestSubmit();
      await new Promise(r => setTimeout(r, 20));
      while (root.dataset.state !== 'done' || t.done < t.queryStart) await new Promise(r => setTimeout(r, 5));
    }""")
    page.wait_for_timeout(300)  # anything the look-ahead would still start
    assert page.evaluate("() => window.compendiumSearch.count") == first
    assert page.evaluate("() => window.compendiumSearch.shardFetches") == fetched
    assert [u for u in requested if "/search/index-" in u or "/search/data-" in u] == []
