"""The PDF of a curriculum pack: its page of the built site printed by headless Chromium.

The site is served on 127.0.0.1 (a random port) for the time of the printing;
Chromium prints the pack's page with the site's print stylesheet
(``compendium/static/print/print.css``: no navigation, one session per page)
and a footer with the page number and the page count. The table of contents
links to the sessions; when ``pypdf`` is installed the page is printed twice,
the second time with the page number of every session, read from the first
printing, written into the table of contents (so both printings lay out the
same: the first one reserves the numbers' room with ``00``).
"""

from __future__ import annotations

import functools
import http.server
import io
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from compendium.problems import CompendiumError, error

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
MARGIN = {"top": "16mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}
HEADER = '<div style="font-size:7pt;width:100%;margin:0 16mm;color:#555;text-align:right"><span class="title"></span></div>'
FOOTER = (
    '<div style="font-size:8pt;width:100%;margin:0 16mm;color:#333;text-align:center">'
    'Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>'
)
_MARK = "cmpsession{n}mark"
"""A marker printed invisibly before each session heading, to find its page in the first printing."""


@dataclass
class PdfResult:
    """What ``pack_pdf`` wrote."""

    path: Path
    pages: int | None
    """Page count (None without pypdf to read it)."""
    size: int
    """Bytes."""
    session_pages: dict[int, int] = field(default_factory=dict)
    """Session number -> page it starts on (empty without pypdf)."""


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 (random port) while the block runs; yields the base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format, *args):  # noqa: A002 - the base class's signature
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def _browser(chromium: Path, browser=None) -> Iterator:
    """The browser given, or headless Chromium launched for the block."""
    if browser is not None:
        yield browser
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def _print(page) -> bytes:
    return page.pdf(
        format="A4",
        display_header_footer=True,
        header_template=HEADER,
        footer_template=FOOTER,
        margin=MARGIN,
        print_background=False,
        outline=True,
        tagged=True,
    )


def session_pages(pdf: bytes, sessions: int) -> dict[int, int]:
    """Session number -> 1-based page where its invisible marker (``_MARK``) is printed."""
    from pypdf import PdfReader

    found: dict[int, int] = {}
    reader = PdfReader(io.BytesIO(pdf))
    for number, page in enumerate(reader.pages, 1):
        text = page.extract_text() or ""
        for n in range(1, sessions + 1):
            if n not in found and _MARK.format(n=n) in text:
                found[n] = number
    return found


def pack_pdf(site: Path, pack_id: str, out: Path, chromium: Path = CHROMIUM, browser=None) -> PdfResult:
    """Print the page ``curricula/<pack_id>/`` of the built ``site`` to ``out``.

    ``browser``: a Playwright Chromium browser to print with (one already running
    in the caller's thread); by default Chromium at ``chromium`` is launched.
    """
    page_file = Path(site) / "curricula" / pack_id / "index.html"
    if not page_file.is_file():
        raise CompendiumError([error(page_file, 0, f"the built site has no page for pack {pack_id}: build the site with the pack first")])
    if browser is None and not Path(chromium).exists():
        raise CompendiumError([error(chromium, 0, "Chromium is missing: install Debian's chromium package")])
    try:
        import pypdf  # noqa: F401 - only to know whether the page numbers can be read back
        numbered = True
    except ImportError:
        numbered = False
    with serve(Path(site)) as base, _browser(chromium, browser) as running:
        page = running.new_page()
        try:
            # Everything the pack page needs is on 127.0.0.1: anything else is refused, not waited for.
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
            page.goto(base + f"curricula/{pack_id}/", wait_until="load")
            page.emulate_media(media="print")
            sessions = page.locator("h2.cmp-pack-session").count()
            pages: dict[int, int] = {}
            if numbered and sessions:
                page.evaluate(
                    """(mark) => {
                      document.querySelectorAll('h2.cmp-pack-session').forEach((h, i) => {
                        const s = document.createElement('span');
                        s.className = 'cmp-pdf-mark';
                        s.textContent = mark.replace('{n}', String(i + 1));
                        s.style.cssText = 'font-size:1px;color:transparent';
                        h.prepend(s);
                      });
                      document.querySelectorAll('.cmp-toc-page').forEach((s) => { s.textContent = '00'; });
                    }""",
                    _MARK,
                )
                pages = session_pages(_print(page), sessions)
                page.evaluate(
                    """(pages) => {
                      document.querySelectorAll('.cmp-pdf-mark').forEach((s) => s.remove());
                      document.querySelectorAll('.cmp-toc-page').forEach((s) => {
                        const n = s.getAttribute('data-target').replace('session-', '');
                        s.textContent = pages[n] ? String(pages[n]) : '';
                      });
                    }""",
                    {str(k): v for k, v in pages.items()},
                )
            data = _print(page)
        finally:
            page.close()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    count = None
    if numbered:
        from pypdf import PdfReader

        count = len(PdfReader(io.BytesIO(data)).pages)
    return PdfResult(out, count, len(data), pages)
