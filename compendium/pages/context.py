"""What every page generator needs: the corpus, its links, and how to name and find a work."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from compendium import load
from compendium.model import Citation, Corpus, Document, document_url, slug
from compendium.pages.labels import anchor_label, work_name, work_short
from compendium.render import locator


@dataclass
class Context:
    """The corpus as the page generators see it."""

    corpus: Corpus
    links: Any
    """``compendium.link.Links`` for the corpus."""
    docs_dir: Path | None = None
    related: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    """Expression id -> (label, site URL) of the comparison and side-by-side pages about it."""
    _primary: dict[str, Document] = field(default_factory=dict, init=False, repr=False)
    _absent: set[str] = field(default_factory=set, init=False, repr=False)
    _urls: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    _names: dict[tuple[str, bool], str] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for work, docs in self.works.items():
            # Corpus.primary looks the work up in the whole corpus; one work at a time keeps this linear.
            doc = Corpus(self.corpus.root, docs).primary(work)
            if doc is not None:
                self._primary[work] = doc

    @cached_property
    def works(self) -> dict[str, list[Document]]:
        """Expressions grouped by work, in corpus order (computed once)."""
        return self.corpus.works()

    @cached_property
    def primaries(self) -> list[Document]:
        """The expression standing for each work, in corpus order."""
        return list(self._primary.values())

    @cached_property
    def agreed(self) -> Any:
        """Near-identical wording across the corpus (``compendium.agreed.find``), computed once per build."""
        from compendium import agreed

        return agreed.find(self.corpus)

    @cached_property
    def categories(self) -> dict[int, str]:
        """Category number -> name (from ``compendium/data/categories.yaml``)."""
        return {int(e["id"]): str(e.get("label", e["id"])) for e in load.categories()}

    @cached_property
    def topics(self) -> dict[str, str]:
        """Topic id -> name (from ``compendium/data/topics.yaml``)."""
        return {str(e["id"]): str(e.get("label", e["id"])) for e in load.topics()}

    @cached_property
    def topic_descriptions(self) -> dict[str, str]:
        """Topic id -> one-line description, where the vocabulary gives one."""
        return {str(e["id"]): str(e["description"]) for e in load.topics() if e.get("description")}

    def doc(self, work: str) -> Document | None:
        """The expression that stands for a work (or a citation target) in the corpus, or None."""
        found = self._primary.get(work)
        if found is None and work not in self._absent:
            found = self._primary.get(self.links.resolve(work) or "")
            if found is None:
                self._absent.add(work)
            else:
                self._primary[work] = found
        return found

    def work_url(self, work: str, anchor: str | None = None) -> str:
        """Site-root URL of a work's page (its primary expression), with an anchor.

        A work the corpus does not hold has a section on a page of cited works
        (``cited/a-res-66/#A-RES-66-12``, ``compendium.pages.references.stub_layout``);
        its URL is that section's whatever ``anchor`` says: it has no paragraphs.
        """
        url = self._urls.get(work)
        if url is None:
            doc = self.doc(work)
            url = self._urls[work] = doc.url if doc is not None else self._absent_url(work)
        if "#" in url:
            return url
        return url + (f"#{anchor}" if anchor else "")

    @cached_property
    def stub_layout(self) -> Any:
        """The pages and sections of works cited but not held (``compendium.pages.references.StubLayout``), made once."""
        from compendium.pages.references import stub_layout  # that module imports this one

        return stub_layout(self)

    def _absent_url(self, work: str) -> str:
        url = self.stub_layout.urls.get(work)
        if url is None:
            # Not cited by any paragraph, so without a section (has_page is False): the address it would have.
            url = document_url(work, "adopted", "en")
        return url

    def name(self, work: str) -> str:
        """``ECOSOC resolution 2004/28``; the symbol for reports and other documents."""
        found = self._names.get((work, True))
        if found is None:
            found = self._names[(work, True)] = work_name(work, self.doc(work))
        return found

    def where(self, doc: Document | None, anchor: str) -> str:
        """A paragraph's place in its document (``section III, para. 7 (c)``), from the corpus when it has it."""
        p = doc.paragraph(anchor) if doc is not None else None
        return locator(doc, p) if p is not None else anchor_label(anchor)

    def short(self, work: str) -> str:
        """``ECOSOC 2004/28``."""
        found = self._names.get((work, False))
        if found is None:
            found = self._names[(work, False)] = work_short(work, self.doc(work))
        return found

    def edit_path(self, doc: Document) -> str | None:
        """The corpus file relative to docs_dir (``../resolutions/…``), for MkDocs' edit link."""
        if self.docs_dir is None:
            return None
        return Path(os.path.relpath(doc.path.resolve(), self.docs_dir.resolve())).as_posix()

    def corpus_path(self, doc: Document) -> str:
        """The corpus file relative to the corpus folder's parent (``resolutions/ecosoc/2004/…md``)."""
        try:
            return doc.path.resolve().relative_to(self.corpus.root.resolve().parent).as_posix()
        except ValueError:
            return doc.path.name

    def topic_url(self, topic: str) -> str:
        """Site-root URL of a topic's page."""
        return f"topics/{slug(topic)}/"

    def cites(self, doc: Document) -> list[Citation]:
        """Every citation an expression makes, as its paragraphs make them.

        A footnote's citations count for the paragraphs that reference the footnote
        (``compendium.link`` copies them there); they are listed under ``fn-N`` only
        when no paragraph references the footnote.
        """
        referenced = {m for p in doc.paragraphs for m in p.footnotes}
        return [
            c
            for c in self.links.cites(doc.id)
            if not (c.paragraph.startswith("fn-") and c.paragraph[3:] in referenced)
        ]

    def cited_by(self, work: str) -> list[tuple[Document, Citation]]:
        """Every (citing expression, citation) whose target is ``work`` (in the corpus or not)."""
        by_id = self.by_id
        return [
            (by_id[cb.place.doc_id], cb.citation)
            for entries in self.links.cited_by(work).values()
            for cb in entries
            if cb.place.doc_id in by_id
        ]

    def in_language(self, pairs: list[tuple[Document, Citation]], language: str) -> list[tuple[Document, Citation]]:
        """The citations made by one expression per citing version: the one in ``language``, else English, else the first.

        Six language versions of a text cite what it cites; a reader wants the citing
        paragraph once, in the language of the page.
        """
        chosen: dict[tuple[str, str], str] = {}
        for citing, _ in pairs:
            key = (citing.work, citing.version.value)
            if key not in chosen:
                langs = [d.language for d in self.works.get(citing.work, []) if d.version == citing.version]
                chosen[key] = next((lang for lang in (language, "en") if lang in langs), langs[0] if langs else citing.language)
        return [(d, c) for d, c in pairs if d.language == chosen[(d.work, d.version.value)]]

    @cached_property
    def by_id(self) -> dict[str, Document]:
        """Expressions by id."""
        return self.corpus.by_id()

    def cited_works(self, work: str) -> list[str]:
        """Works (and absent targets) the primary expression of ``work`` cites directly."""
        return sorted(self.links.ancestors(work, 1))

    def citing_works(self, work: str) -> list[str]:
        """Works whose primary expression cites ``work`` directly."""
        return sorted(self.links.descendants(work, 1))

    def resolve(self, target: str) -> str | None:
        """The corpus work a citation target names, or None."""
        return self.links.resolve(target)

    @cached_property
    def _stub_targets(self) -> set[str]:
        return {s.symbol for s in self.links.stubs()}

    def has_page(self, target: str) -> bool:
        """True when a target has a page: a work of the corpus or a stub."""
        return self.resolve(target) is not None or target in self._stub_targets

    def stubs(self) -> list:
        """The works cited but absent from the corpus (``compendium.link.Stub``)."""
        return self.links.stubs()

    @cached_property
    def instruments(self) -> list[tuple[Any, list[tuple[Document, Any]]]]:
        """Each instrument of the registry with every (expression, paragraph) that names it, in date order.

        A mention in a footnote counts for the paragraphs that reference the footnote.
        """
        from compendium.link import instruments

        mentions = self.links.instrument_mentions()
        out = []
        for inst in instruments():
            seen: dict[tuple[str, str], tuple[Document, Any]] = {}
            for place, _start, _end in mentions.get(inst.id, []):
                doc = self.by_id.get(place.doc_id)
                if doc is None:
                    continue
                paras = [doc.paragraph(place.paragraph)]
                if place.paragraph.startswith("fn-"):
                    paras = [p for p in doc.paragraphs if place.paragraph[3:] in p.footnotes]
                for p in paras:
                    if p is not None:
                        seen.setdefault((doc.id, p.anchor), (doc, p))
            found = sorted(seen.values(), key=lambda dp: (dp[0].date or "9999", dp[0].symbol, dp[0].language))
            out.append((inst, found))
        return out

    def documents_index(self) -> list:
        """Every target cited anywhere (``compendium.link.DocumentRef``), sorted by symbol."""
        return self.links.documents_index()
