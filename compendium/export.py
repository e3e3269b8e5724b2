"""The machine-readable export: the whole corpus as one JSON document.

``compendium export json`` prints it and the site publishes it as
``api/corpus.json``. Its shape is ``compendium/data/export.schema.json``
(documented on docs/api.md); a test validates real exports against it.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING

from compendium.lexicon import opening_phrase
from compendium.model import Citation, Corpus, Document, Footnote, Paragraph

if TYPE_CHECKING:
    from compendium.link import Links

EXPORT_VERSION = 1
"""Bumped when a field changes meaning or disappears (adding fields does not bump it)."""

SCHEMA_PATH = Path(__file__).parent / "data" / "export.schema.json"

OPENING_WINDOW = 200
"""Characters of a paragraph's start in which its opening verb or participle phrase must lie."""


@functools.cache
def export_schema() -> dict:
    """The JSON Schema of the export."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def corpus_json(corpus: Corpus, links: "Links | None" = None) -> dict:
    """The corpus as JSON-ready data: ``{"version": 1, "generated_by": "compendium", "documents": [...]}``.

    Citations are those the linker put on the paragraphs (a footnote's
    citations under each paragraph referencing it). With ``links`` (from
    ``compendium.link.link_corpus``) the footnotes' own citations (``paragraph``
    ``fn-N``) are included too.
    """
    return {
        "version": EXPORT_VERSION,
        "generated_by": "compendium",
        "documents": [document_json(doc, links) for doc in corpus.documents],
    }


def document_json(doc: Document, links: "Links | None" = None) -> dict:
    """One expression as JSON-ready data (see the schema for each field)."""
    citations = links.cites(doc.id) if links is not None else [c for p in doc.paragraphs for c in p.citations]
    out = {
        "id": doc.id,
        "work": doc.work,
        "symbol": doc.symbol,
        "body": doc.organ.value,
        "type": doc.doctype,
        "number": doc.number,
        "date": doc.date,
        "title": doc.title,
        "version": doc.version.value,
        "language": doc.language,
        "url": doc.url,
        "meeting": doc.meeting,
        "session": doc.session,
        "agenda_item": doc.agenda_item,
        "categories": list(doc.categories),
        "topics": list(doc.topics),
        "source": {
            "kind": doc.source.kind,
            "file": doc.source.file,
            "symbol": doc.source.symbol,
            "paragraph": doc.source.paragraph,
        },
        "paragraphs": [paragraph_json(p, doc.printed_number(p.anchor)) for p in doc.paragraphs],
        "footnotes": [footnote_json(fn) for fn in doc.footnotes.values()],
        "citations": [citation_json(c) for c in citations],
    }
    if doc.meta.get("acknowledgement") == "un":
        out["acknowledgement"] = un_acknowledgement(doc)
    return out


def paragraph_json(p: Paragraph, printed: str | None = None) -> dict:
    """One block of a document: anchor, kind, number as printed, plain text without its number.

    ``printed``: the number as this language prints it where the model's number is the
    canonical one shared by all languages (``Document.printed_number``); the key is left
    out when there is none.
    """
    text = p.text
    # The opening phrase is at the start: matching a head of the plain text is the same and
    # spares a second plain_text pass over the whole paragraph (export runs over the whole corpus).
    verb = opening_phrase(text[:OPENING_WINDOW], p.kind)
    return {
        "id": p.anchor,
        "kind": p.kind.value,
        "number": p.number,
        "section": p.section,
        "parent": p.parent,
        "level": p.level,
        "ordinal": p.ordinal,
        "heading_level": p.heading_level or None,
        "verb": verb,
        "topics": list(p.topics),
        "text": text,
        "footnotes": list(p.footnotes),
        "ref": p.ref,
    } | ({"printed": printed} if printed else {})


def footnote_json(fn: Footnote) -> dict:
    """One footnote: anchor, marker as printed, text (null when the source extract lacks it)."""
    return {"id": fn.anchor, "marker": fn.marker, "text": fn.text, "missing": fn.missing or fn.text is None}


def citation_json(c: Citation) -> dict:
    """One citation: citing anchor, canonical target, target paragraph anchor or null, relation, words."""
    return {
        "paragraph": c.paragraph,
        "target": c.target,
        "target_paragraph": c.target_paragraph,
        "relation": c.relation,
        "text": c.text,
        "annex": c.annex,
        "internal": c.internal,
        "stated_date": c.stated_date,
        "stated_title": c.stated_title,
    }


def un_acknowledgement(doc: Document) -> dict:
    """The acknowledgement the UN asks for with material imported from its files."""
    from compendium.pages.resolution import UN_ACKNOWLEDGEMENT  # the one wording, shared with the site

    return {"source": "United Nations", "text": UN_ACKNOWLEDGEMENT.format(symbol=doc.symbol)}
