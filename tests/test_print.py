"""Print: the print stylesheet on real pages, and the PDF of each shipped pack.

The PDFs are printed by headless Chromium from a real build and read back
with pypdf; the expected text (every quoted paragraph, every citation) comes
from the corpus through the package.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import unicodedata

import pytest

from compendium.load import load_corpus
from compendium.model import plain_text
from compendium.packs import Lookup, read_packs
from compendium.pages.packs import quote_label
from compendium.pdf import pack_pdf
from conftest import PACKS, REPO, pack_corpus

pypdf = pytest.importorskip("pypdf", reason="pypdf (a test extra) reads the PDFs back")


def squash(text: str) -> str:
    """Text compared across PDF line breaks: ligatures unfolded, every space removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="module")
def packs():
    found, problems = read_packs(PACKS)
    assert problems == []
    return {p.id: p for p in found}


@pytest.mark.browser
@pytest.mark.parametrize("pack_id", ["rule-of-law-peacekeeping", "victims-of-crime"])
def test_pack_pdf_has_contents_with_page_numbers_the_quotes_and_their_citations(
    pack_id, packs, packs_site, pack_lookup, tmp_path, _browser
):
    pack = packs[pack_id]
    result = pack_pdf(packs_site, pack_id, tmp_path / f"{pack_id}.pdf", browser=_browser)
    reader = pypdf.PdfReader(result.path)
    pages = [page.extract_text() or "" for page in reader.pages]
    assert result.pages == len(pages) > len(pack.sessions)
    for number, text in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in text
    first = squash(pages[0])
    assert squash(pack.title) in first
    # the contents give the page of each session, and the session starts that page
    assert sorted(result.session_pages) == list(range(1, len(pack.sessions) + 1))
    for n, session in enumerate(pack.sessions, 1):
        start = result.session_pages[n]
        assert squash(f"Session {n}: {session.title} … page {start}") in first
        assert squash(pages[start - 1]).startswith(squash(f"Session {n}: {session.title}"))
        assert squash(f"Session {n}:") not in squash(pages[start - 2]) or start - 1 == 1
    # every quotation in full, under its citation
    whole = squash("".join(pages))
    for ref in pack.references():
        quote = pack_lookup.resolve(ref.ref)
        assert squash(quote_label(quote)) in whole, ref.ref
        for p in quote.paragraphs:
            # as printed: the footnote markers stand in the text as superscripts
            printed = plain_text(re.sub(r"\[\^([^\]\s]+)\]", r"\1", p.markdown))
            assert squash(printed) in whole, (ref.ref, p.anchor)
    # the outline (bookmarks) lists the sessions
    titles = outline_titles(reader.outline)
    for n, session in enumerate(pack.sessions, 1):
        assert f"Session {n}: {session.title}" in titles


@pytest.fixture(scope="module")
def pack_lookup(tmp_path_factory):
    return Lookup(load_corpus(pack_corpus(tmp_path_factory.mktemp("corpus")))[0])


def outline_titles(items) -> list[str]:
    """Every title of a PDF outline, nested ones included."""
    out = []
    for item in items:
        out += outline_titles(item) if isinstance(item, list) else [item.title]
    return out


@pytest.mark.browser
def test_print_layout_keeps_the_text_and_drops_the_chrome(packs_site, served_site, browser_page):
    base = served_site(packs_site)
    page = browser_page
    page.emulate_media(media="print")
    chrome = [".md-header", ".md-sidebar", ".md-footer", ".cmp-permalink", ".headerlink", "button"]
    pages = [
        "resolutions/E-RES-1993-34/",
        "resolutions/E-RES-2004-28/compare/draft-adopted/",
        "curricula/rule-of-law-peacekeeping/",
    ]
    for url in pages:
        page.goto(base + url)
        shown = page.evaluate(
            """(selectors) => selectors.flatMap((s) => [...document.querySelectorAll(s)]
                 .filter((e) => getComputedStyle(e).display !== 'none').map(() => s))""",
            chrome,
        )
        assert shown == [], f"{url}: printed {shown}"
        assert page.locator(".md-header").count() == 1  # the chrome is there on screen, hidden in print
    page.goto(base + "resolutions/E-RES-1993-34/")
    assert page.evaluate("getComputedStyle(document.querySelector('#sec-ii-op-6 .para-num')).display") != "none"
    assert page.text_content("#sec-ii-op-6 .para-num") == "6."
    assert page.evaluate("getComputedStyle(document.querySelector('section.footnotes')).display") != "none"
    cite = page.evaluate(
        """() => { const a = document.querySelector('a.cite[data-target]:not(.cite--internal)');
                   return [a.dataset.target, getComputedStyle(a, '::after').content]; }"""
    )
    assert cite[1] == f'" [{cite[0]}]"'
    page.goto(base + "curricula/rule-of-law-peacekeeping/")
    breaks = page.evaluate("[...document.querySelectorAll('h2.cmp-pack-session')].map((h) => getComputedStyle(h).breakBefore)")
    assert breaks and set(breaks) == {"page"}
    where = page.locator("#session-1-ref-1 .cmp-pack-where")
    assert where.is_visible() and where.text_content() == "resolutions/E-RES-1993-34/#pp-12"


def test_pack_pdf_command_names_a_missing_pack(tmp_path, packs_site):
    proc = subprocess.run(
        [sys.executable, "-c", "from compendium.cli import main; main()", "pack", "pdf", "no-such-pack", "--out", str(tmp_path / "x.pdf"),
         "--site", str(packs_site)],
        cwd=REPO, capture_output=True, text=True,
    )
    assert proc.returncode != 0 and "no pack file docs/curricula/no-such-pack.yaml" in proc.stderr


@pytest.mark.browser
def test_pack_pdf_command_writes_the_pdf(tmp_path, packs_site):
    out = tmp_path / "victims.pdf"
    proc = subprocess.run(
        [sys.executable, "-c", "from compendium.cli import main; main()", "pack", "pdf", "docs/curricula/victims-of-crime.yaml",
         "--out", str(out), "--site", str(packs_site)],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    reader = pypdf.PdfReader(io.BytesIO(out.read_bytes()))
    assert f"wrote {out} ({len(reader.pages)} pages, {out.stat().st_size} bytes)" in proc.stdout
    assert "Victims of crime" in reader.pages[0].extract_text()
