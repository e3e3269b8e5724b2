"""The one model of the compendium: documents, their paragraphs, footnotes and citations.

A *work* is a resolution (or report) as an abstract thing, identified by its
canonical symbol (``E/RES/2004/28``). Each file in ``resolutions/`` is one
*expression* of a work: one version (``draft`` / ``adopted`` / ...) in one
language, as Akoma Ntoso distinguishes them. Everything else in the package
(checker, renderer, search, export, hooks, CLI) reads these classes; nothing
else parses a corpus file.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable, TypeVar


T = TypeVar("T")


class Kind(str, enum.Enum):
    """What a block of a document is. Values are the ``kind`` of the JSON export."""

    FORMULA = "formula"
    """The enacting formula (``The Economic and Social Council,``)."""
    PREAMBULAR = "preambular"
    """An unnumbered preambular paragraph, cited by ordinal."""
    OPERATIVE = "operative"
    """A numbered operative paragraph (or a numbered article/rule of an annex)."""
    SUBPARAGRAPH = "subparagraph"
    """An ``(a)`` / ``(i)`` item under an operative paragraph or another sub-paragraph."""
    REPORT = "report"
    """A numbered paragraph of a report (not of a resolution)."""
    TEXT = "text"
    """Unnumbered running text that is not preamble: report front matter, annex prose, lists."""
    HEADING = "heading"
    """A section, subsection, annex or cross heading."""
    CLOSING = "closing"
    """The closing line: meeting and date of adoption."""
    EMBEDDED = "embedded"
    """A placeholder for another document printed inside this one (a draft inside a report)."""
    RESIDUAL = "residual"
    """Source text the importer could not place; kept verbatim and reported."""


class Version(str, enum.Enum):
    """Which stage of a work an expression records."""

    DRAFT = "draft"
    ADOPTED = "adopted"
    REVISED = "revised"
    CORRIGENDUM = "corrigendum"


class Organ(str, enum.Enum):
    """The adopting (or issuing) body."""

    GA = "GA"
    ECOSOC = "ECOSOC"
    CCPCJ = "CCPCJ"
    SC = "SC"
    OTHER = "other"


ORGAN_NAMES = {
    Organ.GA: "General Assembly",
    Organ.ECOSOC: "Economic and Social Council",
    Organ.CCPCJ: "Commission on Crime Prevention and Criminal Justice",
    Organ.SC: "Security Council",
    Organ.OTHER: "Other",
}


@dataclass
class Footnote:
    """A footnote of one document, keyed by the marker printed in the text."""

    marker: str
    """The marker as printed (``1``, ``96``)."""
    text: str | None
    """The footnote text, or None when the source extract lacks it."""
    missing: bool = False
    """True when the source gives the marker but not the text (annual-volume numbering)."""
    line: int = 0
    """Line in the corpus file where the footnote is declared."""

    @property
    def anchor(self) -> str:
        """The HTML anchor of the footnote."""
        return f"fn-{self.marker}"


@dataclass
class Citation:
    """One reference from a paragraph (or footnote) to another document or paragraph."""

    paragraph: str
    """Anchor of the citing paragraph (or ``fn-N`` for a footnote) in the citing document."""
    target: str
    """Canonical identifier of the cited document (see ``compendium.link`` for the scheme)."""
    target_paragraph: str | None = None
    """Anchor of the cited paragraph in the target, when the text names one."""
    relation: str = "cites"
    """What the citing text does with the target: recalls, reaffirms, takes note of ..."""
    text: str = ""
    """The words of the citation as they stand in the text."""
    annex: bool = False
    """True when the citation is of the target's annex (the instrument)."""
    stated_date: str | None = None
    """ISO date the citing text gives for the target (``of 22 July 2003``), if any."""
    stated_title: str | None = None
    """Title the citing text gives for the target (``on human rights in ...``), if any."""
    internal: bool = False
    """True for a reference within the same document (``paragraph 5 above``)."""
    start: int = -1
    """Offset of the citation in the paragraph's plain text (-1 when unknown)."""
    end: int = -1


@dataclass
class Paragraph:
    """One block of a document's body, in document order."""

    kind: Kind
    anchor: str
    """Stable, human-readable HTML id derived from the official numbering (``op-12``, ``sec-iii-op-7-c``)."""
    number: str | None
    """The official number exactly as printed (``12.``, ``(c)``, ``(iii)``), or None.

    In AKN imports, the form the six languages share; see ``Document.printed_number``."""
    markdown: str
    """The block's Markdown source without its number (inline markup and footnote refs kept)."""
    line: int
    """Line in the corpus file where the block starts."""
    section: str | None = None
    """Anchor prefix of the section the block sits in (``sec-iii``, ``sec-iv-a``), if any."""
    level: int = 0
    """Nesting depth: 0 for top-level blocks, 1 for ``(a)``, 2 for ``(i)`` ..."""
    parent: str | None = None
    """Anchor of the enclosing paragraph for sub-paragraphs."""
    ordinal: int | None = None
    """1-based position among preambular paragraphs (preambular paragraphs only)."""
    heading_level: int = 0
    """For headings: 1 part/annex, 2 section, 3 subsection, 4 cross heading."""
    footnotes: list[str] = field(default_factory=list)
    """Markers of the footnotes referenced in this block, in order."""
    topics: list[str] = field(default_factory=list)
    """Per-paragraph topics from the front matter."""
    ref: str | None = None
    """For embedded blocks: the id of the document printed here."""
    citations: list[Citation] = field(default_factory=list)
    """Filled by ``compendium.link``."""

    # Cached: every stage (check, link, render, search, export) reads them, and a block's
    # Markdown does not change once loaded.
    @cached_property
    def text(self) -> str:
        """The plain text of the block (no Markdown markup, no footnote markers)."""
        return plain_text(self.markdown)

    @cached_property
    def verb(self) -> str | None:
        """The opening verb or participle phrase (``Requests``, ``Recalling also``), if italicised or known."""
        from compendium.lexicon import opening_phrase  # late: lexicon loads data files

        return opening_phrase(self.text, self.kind)


@dataclass
class Source:
    """Where an expression came from."""

    kind: str
    """``seed`` (plain text), ``akn`` (UN XML), ``report`` (draft printed in a report), ``manual``."""
    file: str | None = None
    """The file it was imported from (relative name)."""
    symbol: str | None = None
    """For a draft printed in a report: the report's symbol."""
    paragraph: str | None = None
    """For a draft printed in a report: the report paragraph that carries it."""


@dataclass
class Document:
    """One expression: one version of one work in one language, as one corpus file."""

    path: Path
    """The corpus file."""
    symbol: str
    """Official symbol of this expression (``E/RES/2004/28``, ``E/CN.15/2004/9/Add.1``)."""
    work: str
    """Canonical id of the work this expresses; equal to ``symbol`` for adopted resolutions."""
    doctype: str
    """``resolution`` or ``report`` (or ``decision``)."""
    organ: Organ
    title: str
    date: str | None
    """ISO date of adoption (resolutions) or issue (reports); None for an undated draft."""
    language: str
    """ISO 639-1 code: en, fr, es, ru, ar, zh, ..."""
    version: Version
    source: Source
    number: str | None = None
    """The resolution number as printed (``2004/28``, ``78/224``)."""
    meeting: str | None = None
    session: str | None = None
    agenda_item: str | None = None
    categories: list[int] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    footnotes: dict[str, Footnote] = field(default_factory=dict)
    paragraphs: list[Paragraph] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    """The whole front matter as read (for keys the model does not name: keywords, FRBR, voting)."""
    body_line: int = 1
    """Line of the file where the body starts (after the front matter)."""

    # id and url are asked for millions of times at scale; work, version and language do not
    # change once a document is loaded, so both are computed once.
    @cached_property
    def id(self) -> str:
        """Corpus-wide id of the expression: slug, version and language (``E-RES-2004-28.adopted.en``)."""
        return f"{slug(self.work)}.{self.version.value}.{self.language}"

    @cached_property
    def url(self) -> str:
        """Page URL relative to the site root (directory URLs)."""
        return document_url(self.work, self.version.value, self.language)

    @property
    def is_primary(self) -> bool:
        """True for the adopted English expression, the one other expressions are compared with."""
        return self.version == Version.ADOPTED and self.language == "en"

    def derived(self, name: str, make: Callable[["Document"], T]) -> T:
        """``make(self)``, computed once and kept under ``name`` until the paragraph list changes.

        For tables over the paragraphs that lookups at scale need (anchors, a renderer's index);
        a parser or a test appending a paragraph makes them again.
        """
        kept = self.__dict__.get(name)
        if kept is None or kept[0] is not self.paragraphs or kept[1] != len(self.paragraphs):
            kept = self.__dict__[name] = (self.paragraphs, len(self.paragraphs), make(self))
        return kept[2]

    def paragraph(self, anchor: str) -> Paragraph | None:
        """The paragraph with this anchor (the first, if the file repeats one), or None."""
        return self.derived("_anchors", _first_by_anchor).get(anchor)

    def printed_number(self, anchor: str) -> str | None:
        """The number as the text prints it for this anchor, where it differs from ``Paragraph.number``.

        AKN-imported expressions number paragraphs canonically (``1.``, ``(a)``) so that
        every language shares the anchors, and keep each language's own printing
        (Arabic ``1 -`` / ``(أ)``, French ``a)``) in front matter ``akn.numbers``.
        None when the document records no other printing for the anchor.
        """
        akn = self.meta.get("akn")
        numbers = akn.get("numbers") if isinstance(akn, dict) else None
        printed = numbers.get(anchor) if isinstance(numbers, dict) else None
        return str(printed) if printed not in (None, "") else None

    def citable(self) -> list[Paragraph]:
        """Paragraphs a reader can cite: everything but headings, formula, closing and embedded blocks."""
        skip = {Kind.HEADING, Kind.FORMULA, Kind.CLOSING, Kind.EMBEDDED}
        return [p for p in self.paragraphs if p.kind not in skip]


def _first_by_anchor(doc: Document) -> dict[str, Paragraph]:
    found: dict[str, Paragraph] = {}
    for p in doc.paragraphs:
        found.setdefault(p.anchor, p)
    return found


@dataclass
class Corpus:
    """Every document of a corpus folder, with lookups by work and by id."""

    root: Path
    documents: list[Document] = field(default_factory=list)

    def by_id(self) -> dict[str, Document]:
        """Documents keyed by expression id."""
        return {d.id: d for d in self.documents}

    def works(self) -> dict[str, list[Document]]:
        """Expressions grouped by work id, in corpus order."""
        out: dict[str, list[Document]] = {}
        for d in self.documents:
            out.setdefault(d.work, []).append(d)
        return out

    def primary(self, work: str) -> Document | None:
        """The expression that stands for a work: adopted English, else adopted any, else the first."""
        docs = self.works().get(work, [])
        for test in (lambda d: d.is_primary, lambda d: d.version == Version.ADOPTED, lambda d: True):
            for d in docs:
                if test(d):
                    return d
        return None


def slug(symbol: str) -> str:
    """A symbol as a path segment: ``E/RES/2004/28`` -> ``E-RES-2004-28``."""
    return re.sub(r"[^A-Za-z0-9.()-]+", "-", symbol.replace("/", "-")).strip("-")


def document_url(work: str, version: str, language: str) -> str:
    """URL of an expression's page: ``resolutions/E-RES-2004-28/``, ``.../draft/``, ``.../fr/``, ``.../draft/fr/``."""
    url = f"resolutions/{slug(work)}/"
    if version != Version.ADOPTED.value:
        url += f"{version}/"
    if language != "en":
        url += f"{language}/"
    return url


_MARKUP_START = re.compile(r"[\[<*_\\]")
_MARKUP = re.compile(r"\[\^[^\]]+\]|</?[A-Za-z][^<>]*>|\*\*|\*|(?<!\w)_|_(?!\w)|\\(?=[\\`*_{}\[\]()#+\-.!])")


def plain_text(markdown: str) -> str:
    """Plain text of a block's Markdown: emphasis, footnote refs and tags removed, spaces folded."""
    text = _MARKUP.sub("", markdown) if _MARKUP_START.search(markdown) else markdown
    return " ".join(text.split())
