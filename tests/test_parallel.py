"""The parallel build (forked workers for parsing, data files and agreed language) makes the same site."""

from __future__ import annotations

from pathlib import Path

import pytest

from compendium import load, pipeline, site

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def builds():
    root = REPO / "resolutions"
    serial = site.SiteBuild(pipeline.load(root), parallel=False)
    original = load.PARALLEL_MIN_FILES
    load.PARALLEL_MIN_FILES = 1  # parse in two processes even for the small corpus
    try:
        parallel = site.SiteBuild(pipeline.load(root, parallel=True), parallel=True)
    finally:
        load.PARALLEL_MIN_FILES = original
    return serial, parallel


def test_the_parallel_build_makes_the_same_pages(builds):
    serial, parallel = builds
    assert [p.path for p in serial.pages] == [p.path for p in parallel.pages]
    for a, b in zip(serial.pages, parallel.pages):
        assert (a.title, a.markdown, a.parts, a.toc) == (b.title, b.markdown, b.parts, b.toc), a.path
    assert any("cmp-agreed" in p.parts.get("body", "") for p in parallel.pages)  # "also adopted in" filled in
    assert not any("<!--cmp-also:" in v for p in parallel.pages for v in p.parts.values())


def test_the_parallel_build_makes_the_same_data_files(builds):
    serial, parallel = builds
    assert serial.made_files() == parallel.made_files()


def test_parallel_parsing_loads_the_same_corpus_and_problems():
    original = load.PARALLEL_MIN_FILES
    load.PARALLEL_MIN_FILES = 1
    try:
        a = pipeline.load(REPO / "resolutions")
        b = pipeline.load(REPO / "resolutions", parallel=True)
    finally:
        load.PARALLEL_MIN_FILES = original
    assert [d.id for d in a.corpus.documents] == [d.id for d in b.corpus.documents]
    assert [(d.paragraphs, d.footnotes, d.meta) for d in a.corpus.documents] == [
        (d.paragraphs, d.footnotes, d.meta) for d in b.corpus.documents]
    assert [p.format(REPO) for p in a.problems] == [p.format(REPO) for p in b.problems]
