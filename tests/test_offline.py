"""The offline edition: a real build zipped, unzipped and opened from file:// in headless Chromium.

Every request that is not a file: URL is aborted and recorded; the test fails
if the edition attempted any.
"""

from __future__ import annotations

import base64
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from compendium.cli import main
from compendium.offline import FOLDER, data_script, file_url, gzip_script, write_zip
from conftest import search_from_box


@pytest.fixture(scope="module")
def edition(packs_site, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("offline") / "compendium-offline.zip"
    result = write_zip(packs_site, out)
    assert result.size == out.stat().st_size and result.pages > 10 and result.links > 100
    unzipped = out.parent / "unzipped"
    with zipfile.ZipFile(out) as zf:
        zf.extractall(unzipped)
    return unzipped / FOLDER


@pytest.fixture
def offline_page(_browser):
    """A page that may load file: URLs only; every other request is aborted and listed in ``page.attempted``."""
    context = _browser.new_context()
    attempted: list[str] = []

    def route(r):
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            attempted.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.attempted = attempted
    yield page
    context.close()
    assert not errors, f"JavaScript errors in the page: {errors}"
    assert attempted == [], f"the offline edition tried the network: {attempted}"


@pytest.mark.browser
def test_offline_edition_searches_and_navigates_from_file_urls(edition, offline_page):
    page = offline_page
    page.goto((edition / "index.html").as_uri())
    # follow the site's own link to the search page (rewritten to search/index.html)
    page.locator("a[href$='search/index.html']").first.click()
    page.wait_for_url("**/search/index.html*")
    search_from_box(page, "2003/30")
    results = page.eval_on_selector_all(".cs-result", "els => els.map(e => [e.dataset.symbol, e.dataset.anchor])")
    # 2004/28 recalls resolution 2003/30 in its eighth preambular paragraph
    assert ["E/RES/2004/28", "pp-8"] in results
    page.click('.cs-result[data-anchor="pp-8"] a')
    page.wait_for_url("**/resolutions/E-RES-2004-28/index.html#pp-8")
    assert "2003/30" in page.text_content("#pp-8")
    # links between pages work from the file system: to a pack, and from the pack to a quoted paragraph
    page.goto((edition / "curricula" / "index.html").as_uri())
    page.locator(".cmp-packs a").first.click()
    page.wait_for_url("**/curricula/*/index.html")
    page.locator("#session-1-ref-1 figcaption a").click()
    page.wait_for_url("**/resolutions/*/index.html#*")
    anchor = page.url.rsplit("#", 1)[1]
    assert page.locator(f"[id='{anchor}']").count() == 1


def test_every_local_link_of_the_edition_names_a_file(edition, packs_site):
    """Every link that leads somewhere in the built site names a file in the edition (a link broken in the site stays broken)."""
    import re

    missing = []
    for html in sorted(edition.rglob("*.html")):
        text = html.read_text(encoding="utf-8")
        assert '<script src="' in text.split("</head>")[0] and "assets/offline/offline.js" in text.split("</head>")[0]
        for value in re.findall(r'\s(?:href|src)="([^"#?]+)[^"]*"', text):
            if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", value):
                continue
            target = (html.parent / value).resolve()
            in_site = packs_site / html.parent.relative_to(edition) / value
            if not target.is_file() and in_site.exists():
                missing.append(f"{html.relative_to(edition)} -> {value}")
    assert missing == []


def test_search_data_is_also_a_script(edition):
    manifest = edition / "search" / "manifest.json"
    script = (edition / "search" / "manifest.json.js").read_text(encoding="utf-8")
    prefix = '(window.__compendiumFiles = window.__compendiumFiles || {})["search/manifest.json"] = '
    assert script.startswith(prefix)
    assert json.loads(script[len(prefix):].rstrip().rstrip(";")) == json.loads(manifest.read_text(encoding="utf-8"))
    with pytest.raises(json.JSONDecodeError):
        data_script("search/broken.json", "{")
    # a gzip file of the index: its script stores the file's bytes in base64, which the page inflates
    shards = sorted((edition / "search").glob("index-*.json.gz"))
    assert shards and not list((edition / "search").glob("index-*.json"))
    for path in shards + sorted((edition / "search").glob("terms-*.json.gz")):
        script = path.with_name(path.name + ".js").read_text(encoding="ascii")
        prefix = f'(window.__compendiumFiles = window.__compendiumFiles || {{}})["search/{path.name}"] = '
        assert script.startswith(prefix)
        assert base64.b64decode(json.loads(script[len(prefix):].rstrip().rstrip(";"))) == path.read_bytes()
    with pytest.raises(OSError):
        gzip_script("search/index-0.json.gz", b"{}")


@pytest.mark.parametrize(
    "value, expected",
    [
        ("../E-RES-1993-34/#sec-iii-op-7-c", "../E-RES-1993-34/index.html#sec-iii-op-7-c"),
        ("./", "./index.html"),
        ("..", "../index.html"),
        ("search/?q=2003%2F30", "search/index.html?q=2003%2F30"),
        ("#op-12", "#op-12"),
        ("https://undocs.org/E/RES/2004/28", "https://undocs.org/E/RES/2004/28"),
        ("assets/site/compendium.css", "assets/site/compendium.css"),
        ("", ""),
    ],
)
def test_file_url(value, expected, tmp_path):
    assert file_url(value, tmp_path, tmp_path) == expected


def test_offline_command_zips_a_built_site(packs_site, tmp_path):
    out = tmp_path / "edition.zip"
    result = CliRunner().invoke(main, ["offline", "--out", str(out), "--site", str(packs_site)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as zf:
        names = set(zf.namelist())
    assert {f"{FOLDER}/index.html", f"{FOLDER}/search/manifest.json.js", f"{FOLDER}/assets/offline/offline.js"} <= names
    assert f"wrote {out} ({out.stat().st_size} bytes" in result.output
    assert not (packs_site / "search" / "manifest.json.js").exists()  # the built site is copied, not changed
