"""A Python-Markdown extension that puts a corpus document's rendered body into a page.

The document is never parsed here: the extension takes already-loaded
``Document`` objects from a registry given in its config and calls
``compendium.render.render_document``. The HTML goes into Markdown's stash, so
Markdown does not touch the (escaped) corpus text again.

Two ways for a page to say which document it shows:

* a line ``<!-- compendium:document KEY -->`` in the page's Markdown is
  replaced by the document's body; ``KEY`` is looked up in ``documents`` (a
  dict, e.g. by expression id ``E-RES-2004-28.adopted.en`` or by source path,
  or a callable ``KEY -> Document | None``);
* ``current`` (a callable returning the Document of the page being converted,
  or None) makes the whole page the document's body: for a page whose
  Markdown *is* a corpus file.

Pages with neither pass through untouched. MkDocs builds one Markdown
instance per page from ``markdown_extensions``; to pass Python objects, a hook
appends an instance in ``on_config``::

    config.markdown_extensions.append(CompendiumExtension(documents=state.by_id, resolve=make_resolver))
"""

from __future__ import annotations

import logging
import re
from typing import Callable, Mapping

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from compendium.model import Document
from compendium.render import render_document

log = logging.getLogger("mkdocs.plugins.compendium.mdext")

MARKER = re.compile(r"^[ \t]*<!--[ \t]*compendium:document[ \t]+(\S+)[ \t]*-->[ \t]*$")
"""The line that stands for a document's body."""


class DocumentPreprocessor(Preprocessor):
    """Replaces the marker line (or the whole page) by the stashed HTML of a document."""

    def __init__(self, md: Markdown, ext: "CompendiumExtension"):
        super().__init__(md)
        self.ext = ext

    def run(self, lines: list[str]) -> list[str]:
        doc = self.ext.getConfig("current")()
        if doc is not None:
            return ["", self.stash(doc), ""]
        out: list[str] = []
        for line in lines:
            m = MARKER.match(line)
            found = self.ext.lookup(m.group(1)) if m else None
            if found is None:
                if m:
                    log.warning("compendium:document %s: no such document in the corpus; the marker is left as it is", m.group(1))
                out.append(line)
                continue
            out += ["", self.stash(found), ""]
        return out

    def stash(self, doc: Document) -> str:
        resolve = self.ext.getConfig("resolve")(doc)
        body = render_document(doc, resolve, heading_base=int(self.ext.getConfig("heading_base")))
        return self.md.htmlStash.store(body)


def _no_document() -> None:
    return None


def _no_resolver(doc: Document) -> None:
    return None


class CompendiumExtension(Extension):
    """Renders corpus documents into pages; see the module docstring."""

    def __init__(self, **kwargs):
        self.config = {
            "documents": [{}, "Registry: a dict KEY -> Document, or a callable KEY -> Document | None"],
            "current": [_no_document, "Callable returning the Document the page being converted shows, or None"],
            "resolve": [_no_resolver, "Callable Document -> resolve(citation) -> url | None, for citation links"],
            "heading_base": [1, "Annex headings become h(1 + heading_base), sections h(2 + heading_base) ..."],
        }
        # Defaults are functions, not None: Python-Markdown turns a None-default option into a bool.
        super().__init__(**kwargs)

    def lookup(self, key: str) -> Document | None:
        """The document registered under ``key``, or None."""
        documents: Mapping[str, Document] | Callable[[str], Document | None] = self.getConfig("documents")
        if callable(documents):
            return documents(key)
        return documents.get(key) if documents else None

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # Before the raw-HTML block preprocessor (priority 20), so the marker comment is still a line.
        md.preprocessors.register(DocumentPreprocessor(md, self), "compendium_document", 25)


def makeExtension(**kwargs) -> CompendiumExtension:  # noqa: N802 (Python-Markdown's entry point name)
    """Entry point for ``markdown.Markdown(extensions=["compendium.mdext"])``."""
    return CompendiumExtension(**kwargs)
