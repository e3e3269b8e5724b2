"""No script from content: payloads planted in a resolution and in imported AKN XML never run.

The corpus ``tests/hostile/xss/corpus`` is ECOSOC resolution 1997/32 with
``<script>``, ``<img onerror>``, ``javascript:`` links, ``<iframe>``,
``<svg onload>`` and an event-handler attribute planted in its title, a
footnote, preambular and operative paragraphs, a sub-paragraph and the title
of a resolution it cites (which its section on a page of cited works and the documents index show).
An AKN file (ECOSOC 2023/23 from tests/fixtures/akn) gets ``javascript:`` and
event-handler attributes; the same file with a payload in its text is refused.
The site is built with ``mkdocs build --strict``; the HTML is searched for live
markup and Chromium opens the pages, searches the planted text and checks that
no payload ran, no dialog opened and the Content-Security-Policy saw no violation.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner

from compendium.cli import main
from conftest import search_from_box

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "hostile" / "xss" / "corpus"
AKN = HERE / "fixtures" / "akn" / "ecosoc_E_RES_2023_23_en.xml"

# (original, planted) in the AKN file: an attribute payload the importer must not carry into a page.
AKN_ATTRIBUTE_PAYLOADS = [
    ('<a href="https://undocs.org/en/A/RES/76/181">', '<a href="javascript:window.__pwned=9" onclick="window.__pwned=10">'),
    ('<span class="italic">\tEmphasizing </span>', '<span class="italic" onmouseover="window.__pwned=11">\tEmphasizing </span>'),
]
AKN_TEXT_PAYLOAD = ("the responsibility assumed", "the responsibility &lt;script&gt;window.__pwned=7&lt;/script&gt; assumed")

# Pages that display planted text: the resolution, the indexes that list its title, the page of cited
# works where the resolution it cites has its section (titled by the citing text; ``cited_page``), the
# imported AKN resolution.
PAGES = [
    "",
    "resolutions/",
    "resolutions/E-RES-1997-32/",
    "resolutions/E-RES-2023-23/",
    "resolutions/E-RES-1997-32/side-by-side/de/",
    "timeline/",
    "documents/",
    "topics/standards-and-norms/",
    "categories/1/",
]


def _planted(xml: str, pairs: list[tuple[str, str]]) -> str:
    for original, planted in pairs:
        assert original in xml, f"the AKN fixture no longer has {original!r}"
        xml = xml.replace(original, planted, 1)
    return xml


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, build_site) -> Path:
    corpus = tmp_path_factory.mktemp("xss-corpus")
    shutil.copytree(CORPUS, corpus, dirs_exist_ok=True)
    xml = tmp_path_factory.mktemp("xss-akn") / AKN.name
    xml.write_text(_planted(AKN.read_text(encoding="utf-8"), AKN_ATTRIBUTE_PAYLOADS), encoding="utf-8")
    result = CliRunner().invoke(main, ["import-akn", str(xml), "--out", str(corpus)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    # a translation file (translations/ beside the corpus) whose translated text carries a payload
    translations = corpus.parent / "translations"
    result = CliRunner().invoke(main, ["translate", "init", "de", "E-RES-1997-32.adopted.en", "--corpus", str(corpus),
                                       "--translations", str(translations)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    unit = translations / "de" / "E-RES-1997-32.adopted.en.yaml"
    planted = 'translation: "Der Wirtschafts- und Sozialrat <img src=x onerror=window.__pwned=12>"'
    unit.write_text(unit.read_text(encoding="utf-8").replace('translation: ""', planted, 1), encoding="utf-8")
    return build_site(corpus)


def cited_section(site: Path) -> tuple[str, str]:
    """(page URL, anchor) of GA 46/152's section: the link the text of 1997/32 makes to it (the corpus does not hold it)."""
    page = lxml.html.fromstring((site / "resolutions/E-RES-1997-32/index.html").read_text(encoding="utf-8"))
    links = [h for h in page.get_element_by_id("pp-1").xpath(".//a/@href") if "46-152" in h]
    assert links and links[0].startswith("../../cited/"), links
    url, _, anchor = links[0][len("../../"):].partition("#")
    assert anchor == "A-RES-46-152"
    return url, anchor


def live_markup(html: str) -> list[str]:
    """Every place in ``html`` where planted markup would be live: script, handler, javascript: URL, frame."""
    found = []
    for el in lxml.html.fromstring(html).iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        if tag == "script" and "__pwned" in (el.text or ""):
            found.append(f"<script>{el.text}")
        if tag in ("iframe", "frame", "object", "embed"):
            found.append(f"<{tag}>")
        for name, value in el.attrib.items():
            if name.lower().startswith("on"):
                found.append(f"<{tag} {name}={value}>")
            if name.lower() in ("href", "src", "action", "formaction", "srcdoc", "data") and "javascript:" in value.lower():
                found.append(f"<{tag} {name}={value}>")
    return found


def test_built_html_has_no_live_markup_from_content(hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 20
    problems = {str(p.relative_to(hostile_site)): live_markup(p.read_text(encoding="utf-8")) for p in pages}
    assert {k: v for k, v in problems.items() if v} == {}


def test_planted_text_is_shown_as_text(hostile_site):
    """Escaped, not dropped: the reader sees the planted characters (nothing lost)."""
    page = lxml.html.fromstring((hostile_site / "resolutions/E-RES-1997-32/index.html").read_text(encoding="utf-8"))
    text = page.text_content()
    assert "<script>window.__pwned=1;document.title=1</script>" in text  # title and pp-2
    assert "<iframe src=javascript:parent.__pwned=4></iframe>" in text  # op-2
    assert "<a href=javascript:window.__pwned=3>javascript link</a>" in text  # sub-paragraph op-7-a
    assert "<img src=x onerror=window.__pwned=2>" in text  # footnote 179
    side = lxml.html.fromstring((hostile_site / "resolutions/E-RES-1997-32/side-by-side/de/index.html").read_text(encoding="utf-8"))
    assert "Der Wirtschafts- und Sozialrat <img src=x onerror=window.__pwned=12>" in side.text_content()
    # Quotes on other pages are plain text (compendium.model.plain_text), which drops tag-like runs:
    # the section of the cited resolution quotes 1997/32 pp-1 without the planted <svg>/<img>.
    url, anchor = cited_section(hostile_site)
    cited = lxml.html.fromstring((hostile_site / url / "index.html").read_text(encoding="utf-8"))
    section = cited.get_element_by_id(anchor).getparent()
    quote = section.xpath(".//a[contains(@href, 'E-RES-1997-32/#pp-1')]/following-sibling::blockquote")[0].text_content()
    assert "46/152 of 18 December 1991 on the creation of an effective" in quote


def test_akn_text_payload_is_refused_with_a_reason(tmp_path):
    """Markup written as text in AKN XML is not passed on: the file is skipped with the reason, nothing written."""
    xml = tmp_path / AKN.name
    xml.write_text(_planted(AKN.read_text(encoding="utf-8"), [AKN_TEXT_PAYLOAD]), encoding="utf-8")
    result = CliRunner().invoke(main, ["import-akn", str(xml), "--out", str(tmp_path / "out")], catch_exceptions=False)
    assert result.exit_code == 1
    assert f"{xml}:0: error: skipped: text lost or changed in conversion" in result.output
    assert result.output.endswith("0 written, 1 skipped\n")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.md"))


def test_every_page_has_the_policy(hostile_site):
    for path in ("index.html", "search/index.html", "resolutions/E-RES-1997-32/index.html", "404.html"):
        head = (hostile_site / path).read_text(encoding="utf-8").split("</head>")[0]
        assert head.count('http-equiv="Content-Security-Policy"') == 1, path
        assert "script-src 'self' 'sha256-" in head and "'unsafe-inline'; img-src" in head
        assert "script-src 'self' 'unsafe-inline'" not in head


def test_policy_hashes_the_template_scripts_and_not_the_content():
    """A script in the content gets no hash even when it is inline: only the theme's own are allowed."""
    import base64
    import hashlib

    from compendium.csp import add_policy

    def sha(js: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(js.encode()).digest()).decode() + "'"

    content = "<p>text</p><script>window.__pwned=1</script>"
    page = ('<html><head><meta charset="utf-8"><script>__md_scope=1</script></head><body><article>' + content
            + '</article><script id="__config" type="application/json">{"a": 1}</script><script src="x.js"></script></body></html>')
    out = add_policy(page, content)
    head = out.split("</head>")[0]
    assert head.startswith('<html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy"')
    assert sha("__md_scope=1") in head and sha("window.__pwned=1") not in head and sha('{"a": 1}') not in head
    assert out.replace(head, "") == page.replace(page.split("</head>")[0], "")  # nothing else changed


WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
"""

IN_PAGE_CHECK = """() => ({
  pwned: window.__pwned === undefined ? null : String(window.__pwned),
  title: document.title,
  csp: window.__csp,
  handlers: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]
      .filter(a => a.name.startsWith('on') || /^\\s*javascript:/i.test(a.value)).map(a => e.tagName + ' ' + a.name)),
  frames: document.querySelectorAll('iframe, frame, object, embed').length,
})"""


@pytest.fixture
def watched_page(browser_page):
    page = browser_page
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.add_init_script(WATCH)
    return page


def _assert_clean(page, where: str) -> None:
    state = page.evaluate(IN_PAGE_CHECK)
    assert state["pwned"] is None, f"{where}: a payload ran ({state['pwned']})"
    assert state["title"] != "1", where
    assert state["csp"] == [], f"{where}: Content-Security-Policy violations {state['csp']}"
    assert state["handlers"] == [] and state["frames"] == 0, f"{where}: {state}"
    assert page.dialogs == [], f"{where}: dialogs {page.dialogs}"


@pytest.mark.browser
def test_no_payload_runs_and_no_policy_violation(hostile_site, served_site, watched_page):
    base = served_site(hostile_site)
    page = watched_page
    for path in PAGES + [cited_section(hostile_site)[0]]:
        page.goto(base + path)
        page.wait_for_load_state("load")
        for link in page.locator("article a").all()[:40]:
            link.hover()  # a handler that escaped would fire on hover
        _assert_clean(page, path or "home")
    page.goto(base + "resolutions/E-RES-1997-32/")
    # the site's own scripts run under the policy: they add a copy button ("cite") to every paragraph
    page.wait_for_selector("#op-2 .cmp-cite")
    assert page.locator(".cmp-cite").count() >= 10
    assert page.locator("#op-2 .cmp-permalink").count() == 1


@pytest.mark.browser
def test_search_shows_planted_text_as_text(hostile_site, served_site, watched_page):
    page = watched_page
    page.goto(served_site(hostile_site) + "search/")
    search_from_box(page, "pwned")
    anchors = page.eval_on_selector_all(".cs-result", "els => els.map(e => e.dataset.anchor)")
    assert "pp-2" in anchors  # the planted script's text is indexed as text (its tags are not words)
    snippets = page.locator(".cs-results").inner_text()
    assert "pwned=1;document.title=1" in snippets  # as plain text (the index drops tags and emphasis marks)
    _assert_clean(page, "search")
