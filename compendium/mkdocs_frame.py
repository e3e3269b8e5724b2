"""The bulk of the generated pages written with the theme's frame rendered once (MkDocs and Material glue).

At the scale of thousands of resolutions, MkDocs spent most of its part of the
build rendering Material's ``main.html`` once per page, though every generated
page outside the navigation gets the same frame: header, navigation, scripts,
footer, differing only in the page's title, table of contents and content, and
in relative links, which depend only on where the page is. So the frame is
rendered once per place (first folder and depth) with sentinels where those
three go, finished as every page is (``compendium.finish.finish_page``:
Content-Security-Policy, indentation), and each page is that frame with its
title, table of contents and content put in. The page's content is made as
MkDocs makes it: its skeleton converted by Python-Markdown with the site's
extensions (the same heading ids and permalinks), the table of contents from
the same tokens, the parts filled in (``GeneratedPage.fill``).

The frame is checked when it is made: the table of contents this module writes
for the sentinel headings must equal what the theme wrote for them; if the
theme's markup differs, no page is written this way (``FrameWriter.prepare`` is
False) and MkDocs renders every page as before. ``tests/test_frame.py`` compares
pages written both ways, byte for byte.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar

import markdown
from markupsafe import Markup, escape
from mkdocs.commands.build import get_context
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from compendium.finish import finish_page
from compendium.minify import collapse_indentation
from compendium.pages import GeneratedPage
from compendium.parallel import in_background

TITLE = "CMPFRAMETITLE"
CONTENT = "CMPFRAMECONTENT"
H1, H1_ID = "CMPFRAMEHONE", "cmp-frame-h-one"
ITEM, ITEM_ID = "CMPFRAMEITEM", "cmp-frame-item"
CHILD, CHILD_ID = "CMPFRAMECHILD", "cmp-frame-child"


@dataclass
class _Token:
    level: int
    id: str
    name: str
    children: list["_Token"]


def _tokens(raw: list[dict]) -> list[_Token]:
    return [_Token(t["level"], t["id"], t["name"], _tokens(t.get("children", []))) for t in raw]


def toc_items(items: list[_Token]) -> str:
    """The table of contents entries as Material's ``partials/toc-item.html`` writes them, indentation dropped."""
    out = []
    for t in items:
        out.append(f'<li class="md-nav__item">\n<a href="#{t.id}" class="md-nav__link">\n<span class="md-ellipsis">\n'
                   f"{t.name}\n</span>\n</a>\n")
        if t.children:
            label = escape(Markup(t.name).striptags())
            out.append(f'<nav class="md-nav" aria-label="{label}">\n<ul class="md-nav__list">\n'
                       f"{toc_items(t.children)}</ul>\n</nav>\n")
        out.append("</li>\n")
    return "".join(out)


N = TypeVar("N")


def walk(entries: Iterable[N]) -> Iterable[N]:
    """Every entry of a table of contents, depth first (MkDocs' ``AnchorLink``s or this module's tokens)."""
    for entry in entries:
        yield entry
        yield from walk(entry.children)


def attach_headings(entries: list[N], page: GeneratedPage, make: Callable[[str, str, int], N]) -> None:
    """Put the document's own headings (``GeneratedPage.toc``) below the skeleton heading each names, at any level.

    ``make(title, anchor, level)`` makes an entry of the table's own kind; the hooks call this
    for MkDocs' table of contents, ``FrameWriter`` for its own, so both tables are the same.
    """
    by_id = {entry.id: entry for entry in walk(entries)}
    for parent_id, anchor, title in page.toc:
        parent = by_id.get(parent_id)
        if parent is not None:
            parent.children.append(make(title, anchor, parent.level + 1))


def _shown(tokens: list[_Token]) -> list[_Token]:
    """The entries Material lists: the children of a first level-1 heading, else every heading."""
    if tokens and tokens[0].level == 1:
        return tokens[0].children
    return tokens


@dataclass
class _Frame:
    head: str
    """Up to the table of contents' entries (the skip link's anchor is ``H1_ID``)."""
    middle: str
    """From after the entries to the content."""
    tail: str
    """After the content."""


class FrameWriter:
    """Writes generated pages into the site with frames rendered once by the theme."""

    def __init__(self, config: Any, env: Any, files: Any, nav: Any, serving: bool):
        self.config, self.env, self.files, self.nav, self.serving = config, env, files, nav, serving
        self._frames: dict[tuple, _Frame | None] = {}
        self._md = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {})

    def prepare(self, urls: set[str]) -> bool:
        """Render every frame pages at these URLs can need; False if the theme's markup is not the expected one."""
        places = {}
        for url in urls:
            places.setdefault(_place(url), url)
        return all(self.frame(url, skip, entries, h1) is not None for url in places.values()
                   for skip, entries in ((False, False), (True, False), (True, True)) for h1 in (True, False))

    def frame(self, url: str, skip: bool, entries: bool, with_h1: bool) -> _Frame | None:
        """The frame for pages at ``url``'s place (first folder and depth), or None if the theme's markup is not the expected one.

        ``skip``: the page has headings (the theme links the first from "Skip to content");
        ``entries``: its table of contents lists some; ``with_h1``: its content has its own ``<h1>``.
        """
        key = (*_place(url), skip, entries, with_h1)
        if key not in self._frames:
            self._frames[key] = self._render(url, skip, entries, with_h1)
        return self._frames[key]

    def _render(self, url: str, skip: bool, entries: bool, with_h1: bool) -> _Frame | None:
        file = File.generated(self.config, url + "index.md", content="")
        page = Page(TITLE, file, self.config)
        page.meta = {"title": TITLE}
        content = f"<h1>{CONTENT}</h1>" if with_h1 else CONTENT
        page.content = content
        children = [{"level": 2, "id": ITEM_ID, "name": ITEM, "children": [
            {"level": 3, "id": CHILD_ID, "name": CHILD, "children": []}]}] if entries else []
        raw = [{"level": 1, "id": H1_ID, "name": H1, "children": children}] if skip else []
        page.toc = get_toc(raw)
        output = self.env.get_template("main.html").render(get_context(self.nav, self.files, self.config, page))
        output = finish_page(output, content, self.serving)
        listed = toc_items(_shown(_tokens(raw)))
        if output.count(content) != 1 or (entries and output.count(listed) != 1):
            return None
        before, after = output.split(content)
        head, middle = before.split(listed) if entries else (before, "")
        return _Frame(head, middle, after)

    def page_html(self, page: GeneratedPage) -> str:
        """The whole HTML of a generated page, as MkDocs and the hooks would have written it."""
        md = self._md
        md.reset()
        content = md.convert(page.markdown)
        tokens = _tokens(getattr(md, "toc_tokens", []))
        attach_headings(tokens, page, lambda title, anchor, level: _Token(level, anchor, title, []))
        content = page.fill(content)
        shown = _shown(tokens)
        frame = self.frame(page.url, bool(tokens), bool(shown), "<h1" in content)
        title = html.escape(page.title, quote=True)
        head = frame.head.replace(TITLE, title)
        if tokens:
            head = head.replace(f'href="#{H1_ID}"', f'href="#{tokens[0].id}"')
        toc = toc_items(shown) if shown else ""
        # the title and the entries are in the frame, whose whitespace the theme's path collapses (finish_page)
        before = collapse_indentation(head + toc + frame.middle.replace(TITLE, title))
        return before + content + collapse_indentation(frame.tail.replace(TITLE, title))

    def write(self, pages: list[GeneratedPage], site_dir: Path, parallel: bool = False) -> None:
        """Write every page under ``site_dir`` (``<url>index.html``); with ``parallel``, half in a forked worker."""
        other = in_background("write", lambda: self._write(pages[1::2], site_dir)) if parallel else None
        self._write(pages if other is None else pages[0::2], site_dir)
        if other is not None:
            other.result()

    def _write(self, pages: list[GeneratedPage], site_dir: Path) -> None:
        for page in pages:
            target = Path(site_dir) / page.url / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(self.page_html(page), encoding="utf-8")
            page.parts.clear()


def _place(url: str) -> tuple[str, int]:
    """What a page's relative links depend on: its first folder and its depth."""
    parts = url.strip("/").split("/")
    return parts[0], len(parts)


__all__ = ["FrameWriter", "attach_headings", "toc_items", "walk"]
