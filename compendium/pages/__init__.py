"""Generated pages of the site, as strings, independent of MkDocs.

Each page is a :class:`GeneratedPage`: a small Markdown skeleton (front matter,
fixed headings for the table of contents, placeholders) plus the HTML that
fills each placeholder. Corpus content never goes through Markdown here: it is
untrusted, so it is escaped (``esc``) into HTML and put in place after MkDocs
has converted the skeleton (see ``fill``).
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field

_PLACEHOLDER = re.compile(r"<!--cmp:([a-z0-9-]+)-->")


def esc(text: object) -> str:
    """HTML-escape any value (quotes too, so the result is safe in attributes)."""
    return html.escape("" if text is None else str(text), quote=True)


def href(from_url: str, to_url: str) -> str:
    """Relative link from one page to another, both given relative to the site root.

    ``href("resolutions/E-RES-2004-28/", "resolutions/E-RES-1993-34/#op-1")`` is
    ``"../E-RES-1993-34/#op-1"``; ``"#x"`` stays as it is. Relative links keep the
    site working under any sub-path and from the file system. Pure string work
    (no ``os.path``): it runs for every link of every page.
    """
    if to_url.startswith("#"):
        return to_url
    path, sep, fragment = to_url.partition("#")
    here = from_url.split("/")[:-1]  # the page's folder; "a/b/" -> ["a", "b"], "a/x.html" -> ["a"]
    there = path.split("/")
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    rel = "../" * (len(here) - common) + "/".join(there[common:])
    return (rel or "./") + sep + fragment


@dataclass
class GeneratedPage:
    """One page the build adds to the site."""

    path: str
    """Source path inside docs_dir (``resolutions/E-RES-2004-28/index.md``)."""
    title: str
    """Plain-text title (escaped when written)."""
    markdown: str
    """Skeleton Markdown: trusted headings and ``<!--cmp:name-->`` placeholders only."""
    parts: dict[str, str] = field(default_factory=dict)
    """Placeholder name -> HTML to put in its place."""
    edit_path: str | None = None
    """The corpus file the page shows, relative to docs_dir, for the edit link."""
    raw: str | None = None
    """A complete Markdown source made elsewhere (comparison and side-by-side pages): used as is."""
    toc: list[tuple[str, str, str]] = field(default_factory=list)
    """Entries for the table of contents below a heading of the skeleton: (parent anchor, anchor, HTML title).

    The document's own headings (annexes, sections) are in the generated HTML, which
    MkDocs' table of contents does not see; the hooks add them from here.
    """

    @property
    def url(self) -> str:
        """The page URL relative to the site root (directory URLs)."""
        if self.path == "index.md":
            return ""
        if self.path.endswith("/index.md"):
            return self.path[: -len("index.md")]
        return self.path[: -len(".md")] + "/"

    def source(self) -> str:
        """The Markdown source MkDocs reads: front matter with the (escaped) title, then the skeleton.

        MkDocs' themes print ``page.title`` unescaped, as HTML, so the title is
        escaped here once.
        """
        if self.raw is not None:
            return self.raw
        return f"---\ntitle: {json.dumps(esc(self.title))}\n---\n\n{self.markdown}"

    def fill(self, content_html: str) -> str:
        """The page's HTML with every placeholder replaced by its part."""
        return _PLACEHOLDER.sub(lambda m: self.parts.get(m.group(1), ""), content_html)


def placeholder(name: str) -> str:
    """The Markdown line that marks where part ``name`` goes (a block of its own)."""
    return f"\n<!--cmp:{name}-->\n"


def section(heading: str, anchor: str, part: str) -> str:
    """A trusted ``##`` heading with a fixed anchor followed by a placeholder."""
    return f"\n## {heading} {{#{anchor}}}\n{placeholder(part)}"


def relation_groups(items: list[tuple[str, str]], intro: str, empty: str, attributes: str = "", level: int = 3) -> str:
    """``(relation, <li> html)`` pairs as one sub-heading and list per relation, in first-seen order.

    ``attributes`` (trusted, e.g. `` lang="fr" dir="ltr"``) go on the intro or empty-list paragraph;
    ``level`` is the sub-headings' (``<h3>``).
    """
    if not items:
        return f'<p class="cmp-relations"{attributes}>{esc(empty)}</p>'
    groups: dict[str, list[str]] = defaultdict(list)
    for relation, item in items:
        groups[relation].append(item)
    lists = "".join(
        f'<h{level}>{esc(relation[:1].upper() + relation[1:])}</h{level}><ul class="cmp-list">{"".join(lis)}</ul>'
        for relation, lis in groups.items()
    )
    return f'<div class="cmp-relations"><p{attributes}>{esc(intro)}</p>{lists}</div>'
