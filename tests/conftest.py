"""Shared fixtures: build a real site with ``mkdocs build --strict``, serve it, drive Chromium.

Helpers add fixtures here by appending (see /work/team/COMMON.md).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import pytest

from compendium.pdf import CHROMIUM, CHROMIUM_ARGS  # Debian's chromium and the flags it runs headless with

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SITE_SOURCES = ("mkdocs.yml", "docs", "hooks", "overrides")
"""What a build needs besides the package and the corpus: copied into the test's folder."""


@dataclass
class Build:
    """The outcome of one ``mkdocs build``."""

    returncode: int
    log: str
    """Everything MkDocs printed (stdout and stderr)."""
    site: Path


def run_build(corpus: Path, workdir: Path, strict: bool = True, packs: Path | None = None) -> Build:
    """Copy the site's configuration into ``workdir`` and run the real ``mkdocs build`` on ``corpus``.

    The curriculum packs of ``docs/curricula`` quote texts a test corpus may not hold, so a
    test build reads the packs of ``packs`` (a folder), and none when it is not given.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    for name in SITE_SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, workdir / name, dirs_exist_ok=True)
        elif source.is_file():
            shutil.copy2(source, workdir / name)
    site = workdir / "site"
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(workdir / "mkdocs.yml"), "-d", str(site)]
    if strict:
        command.append("--strict")
    env = {**os.environ, "COMPENDIUM_CORPUS": str(corpus)}
    if packs is None:
        packs = workdir / "no-packs"
        packs.mkdir(exist_ok=True)
    env["COMPENDIUM_PACKS"] = str(packs)
    proc = subprocess.run(command, cwd=workdir, env=env, capture_output=True, text=True, timeout=600)
    return Build(proc.returncode, proc.stdout + proc.stderr, site)


@pytest.fixture(scope="session")
def build_site(tmp_path_factory) -> Callable[[Path], Path]:
    """``build_site(corpus_dir) -> site_dir``: a real ``mkdocs build --strict``; fails the test with MkDocs' log."""

    def build(corpus: Path) -> Path:
        result = run_build(Path(corpus), tmp_path_factory.mktemp("build"))
        if result.returncode != 0:
            pytest.fail(f"mkdocs build --strict failed ({result.returncode}):\n{result.log}", pytrace=False)
        return result.site

    return build


@pytest.fixture(scope="session")
def served_site() -> Iterator[Callable[[Path], str]]:
    """``served_site(site_dir) -> base URL``: serves a built site on 127.0.0.1 (random port) in a thread."""
    servers: list[http.server.ThreadingHTTPServer] = []

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format, *args):  # noqa: A002 - the base class's signature
            pass

    def serve(site: Path) -> str:
        handler = functools.partial(Quiet, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def _browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium package (bash scripts/dev.sh test does)")
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(_browser):
    """A fresh Playwright page in headless Chromium (/usr/bin/chromium); JavaScript errors fail the test."""
    context = _browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors in the page: {errors}"


PACKS = REPO / "docs" / "curricula"
"""The curriculum packs the compendium ships."""


def search_from_box(page, query: str) -> None:
    """On a page showing the search, once it is ready: type ``query`` in its box, press Enter, wait for the results."""
    page.wait_for_function("() => document.querySelector('#compendium-search').getAttribute('data-state') === 'done'")
    page.fill("#compendium-search input[name=q]", query)
    page.keyboard.press("Enter")
    page.wait_for_selector(".cs-result")
    page.wait_for_selector('#compendium-search[data-state="done"]')


def pack_corpus(dest: Path) -> Path:
    """The seed corpus plus every document the shipped packs quote, copied from ``resolutions/`` to ``dest``.

    A pack names works (``A/RES/76/181``); their adopted English files are found by name
    (``A-RES-76-181.adopted.en.md``), so the copy needs no loading of the whole corpus.
    """
    from compendium.model import slug
    from compendium.packs import read_packs

    source = REPO / "resolutions"
    packs, problems = read_packs(PACKS)
    assert not problems, [p.format(REPO) for p in problems]
    wanted = {ref.work for pack in packs for ref in pack.references()}
    seeds = ["ecosoc/1993", "ecosoc/1997", "ecosoc/2004", "reports/2004", "alignments"]
    for folder in seeds:
        if (source / folder).is_dir():
            shutil.copytree(source / folder, dest / folder, dirs_exist_ok=True)
    for work in sorted(wanted):
        found = sorted(source.rglob(f"{slug(work)}.adopted.en.md"))
        if not found:
            pytest.fail(f"the packs quote {work}, which resolutions/ does not hold")
        target = dest / found[0].relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(found[0], target)
    return dest


@pytest.fixture(scope="session")
def packs_site(tmp_path_factory) -> Path:
    """A real site built (lenient: other parts' warnings do not count here) with the shipped packs on ``pack_corpus``."""
    corpus = pack_corpus(tmp_path_factory.mktemp("pack-corpus"))
    result = run_build(corpus, tmp_path_factory.mktemp("pack-build"), strict=False, packs=PACKS)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build with the packs failed ({result.returncode}):\n{result.log}", pytrace=False)
    return result.site


SEED_FOLDERS = ("ecosoc/1993", "ecosoc/1997", "ecosoc/2004", "reports/2004")
"""The seed documents' folders under ``resolutions/``: 1993/34, 1997/32, 2004/28 (adopted and draft), the report."""


@pytest.fixture(scope="module")
def seed_corpus_dir(tmp_path_factory) -> Path:
    """A corpus folder holding only the seed documents, copied from ``resolutions/`` (tests that pin their figures)."""
    root = tmp_path_factory.mktemp("seeds")
    for sub in SEED_FOLDERS:
        shutil.copytree(REPO / "resolutions" / sub, root / sub)
    return root
