"""Pages written with the theme's frame rendered once (compendium.mkdocs_frame) equal MkDocs' own, byte for byte."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import run_build
from test_build import copy_seed_corpus


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    corpus = copy_seed_corpus(tmp_path_factory.mktemp("corpus"))
    framed = run_build(corpus, tmp_path_factory.mktemp("framed"))
    previous = os.environ.get("COMPENDIUM_FRAME")
    os.environ["COMPENDIUM_FRAME"] = "0"  # run_build passes the environment on: every page through MkDocs
    try:
        plain = run_build(corpus, tmp_path_factory.mktemp("plain"))
    finally:
        if previous is None:
            del os.environ["COMPENDIUM_FRAME"]
        else:
            os.environ["COMPENDIUM_FRAME"] = previous
    assert framed.returncode == 0, framed.log
    assert plain.returncode == 0, plain.log
    assert "frame is not the expected one" not in framed.log  # the frame was used, not the fallback
    return _tree(framed.site), _tree(plain.site)


def test_the_same_files_with_the_same_bytes(sites):
    framed, plain = sites
    assert sorted(framed) == sorted(plain)
    differing = [path for path in plain if framed[path] != plain[path]]
    assert differing == []


def test_the_framed_pages_are_the_generated_pages_outside_the_navigation(sites):
    framed, _ = sites
    pages = [p for p in framed if p.endswith(".html")]
    # resolution pages, comparison and side-by-side pages, cited works, mandates are framed here;
    # the test above means something only if they are there at all
    for path in ("resolutions/E-RES-2004-28/index.html", "resolutions/E-RES-2004-28/compare/draft-adopted/index.html",
                 "resolutions/A-RES-78-267/side-by-side/fr/index.html", "mandates/actor-1/index.html"):
        assert path in pages
    assert any(p.startswith("cited/") for p in pages)


def test_titles_and_entries_get_the_frames_whitespace_rules():
    """A table-of-contents entry or title with odd whitespace comes out as the theme's path writes it."""
    from compendium.minify import collapse_indentation
    from compendium.mkdocs_frame import _Token, toc_items

    empty = toc_items([_Token(2, "actor-other", "", [])])
    assert "\n\n" in empty  # as Material writes it, before the page's whitespace is collapsed
    assert collapse_indentation(empty) == (
        '<li class="md-nav__item">\n<a href="#actor-other" class="md-nav__link">\n<span class="md-ellipsis">\n'
        "</span>\n</a>\n</li>\n")
