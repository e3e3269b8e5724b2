"""Pages about what the texts refer to: stubs for absent works, the document index, the instruments."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from compendium.model import Citation, Document, slug
from compendium.pages import GeneratedPage, esc, href, placeholder, relation_groups, section
from compendium.pages.context import Context
from compendium.pages.labels import anchor_label, long_date
from compendium.pages.taxonomy import paragraph_quote
from compendium.render import document_name


def _citing_paragraph(doc: Document, c: Citation):
    """The paragraph a citation stands in (for a footnote citation, the paragraph calling the footnote)."""
    p = doc.paragraph(c.paragraph)
    if p is None and c.paragraph.startswith("fn-"):
        marker = c.paragraph[3:]
        p = next((q for q in doc.paragraphs if marker in q.footnotes), None)
    return p


QUOTED_MAX = 10
"""A work's section quotes its most recent citing paragraphs up to this many; older ones are listed as links.
A work cited a thousand times (A/RES/70/1 at scale) would otherwise carry a thousand paragraphs."""


def _citations_list(ctx: Context, url: str, citing: list[tuple[Document, Citation]]) -> str:
    """Every citing paragraph, grouped by relation, with its reference; the ``QUOTED_MAX`` most recent quoted in full."""
    items = []
    ordered = sorted(citing, key=lambda dc: (dc[0].date or "9999", dc[0].symbol, dc[1].paragraph))
    for n, (doc, c) in enumerate(ordered):
        p = _citing_paragraph(doc, c) if n >= len(ordered) - QUOTED_MAX else None
        if p is not None:
            item = paragraph_quote(ctx, url, doc, p)
        else:
            ref = f"{document_name(doc)}, {ctx.where(doc, c.paragraph)}"
            item = f'<li><a href="{esc(href(url, doc.url + "#" + c.paragraph))}">{esc(ref)}</a></li>'
        if c.target_paragraph:
            item = item.replace("</li>", f'<p class="cmp-from">Cites {esc(anchor_label(c.target_paragraph))}.</p></li>', 1)
        items.append((c.relation, item))
    intro = "Every paragraph of the compendium that cites it, grouped by what the citing text does"
    if len(ordered) > QUOTED_MAX:
        intro += f"; the {QUOTED_MAX} most recent are quoted"
    return relation_groups(
        items,
        intro + ".",
        "No paragraph cites it.",
        level=5,  # under the work's <h3> and its "Cited by" <h4>
    )


CITED_DIR = "cited/"
"""Where the pages of works cited but not held are: ``cited/a-res-66/#A-RES-66-12``."""

PAGE_BYTES = 200_000
"""A page of cited works holds sections up to this many bytes of HTML; a work whose section is larger stands alone."""

PAGE_ENTRIES = 100
"""A page of cited works holds at most this many works (its table of contents lists each)."""

_SESSION = re.compile(r"^(?:\d+|[A-Z]{1,3}-\d+)$")
"""A symbol segment that is a session or a year: ``66``, ``2004``, ``S-20``, ``ES-10``."""

_BRACKET = re.compile(r"\(([^()]+)\)$")
_ROMAN_SESSION = re.compile(r"\(((?:E?S-)?)([IVXLC]+)\)")

_RESERVED_IDS = {"texts"}
"""Ids the page skeleton uses: a work's anchor never takes one."""


def series(symbol: str) -> str:
    """The series and session (or year) a symbol belongs to, which groups absent works on one page.

    ``A/RES/66/12`` -> ``A/RES/66``; ``E/CN.15/2004/9/Add.1`` -> ``E/CN.15/2004``;
    ``A/RES/S-20/1`` -> ``A/RES/S-20``; session or year in brackets: ``S/RES/2250(2015)``
    -> ``S/RES/(2015)``, ``A/RES/217A(III)`` -> ``A/RES/(III)``; else the symbol without
    its number: ``CD/1064`` -> ``CD``, ``Sales No. E.05.IV.7`` -> ``Sales No.``.
    """
    segments = symbol.split("/")
    for i, segment in enumerate(segments[:-1]):
        if _SESSION.match(segment):
            return "/".join(segments[: i + 1])
    if len(segments) > 1:
        bracket = _BRACKET.search(segments[-1])
        return "/".join(segments[:-1]) + (f"/({bracket.group(1)})" if bracket else "")
    return symbol.rsplit(" ", 1)[0] if " " in symbol else symbol


def _natural(text: str) -> list:
    """Sort key reading digit runs and bracketed Roman session numbers as numbers: ``66/9`` before ``66/10``, ``(IV)`` before ``(IX)``."""
    text = _ROMAN_SESSION.sub(lambda m: f"({m.group(1)}{_roman(m.group(2))})", text)
    return [int(run) if i % 2 else run for i, run in enumerate(re.split(r"(\d+)", text))]


def _roman(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for letter, after in zip(numeral, numeral[1:] + " "):
        total += -values[letter] if values.get(after, 0) > values[letter] else values[letter]
    return total


def _page_name(first: str, last: str) -> str:
    """``a-res-66``; for a page of several series ``a-res-45-to-78`` (the last without what the two share)."""
    words = [re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-") or "other" for key in (first, last)]
    if first == last:
        return words[0]
    a, b = words[0].split("-"), words[1].split("-")
    common = 0
    while common < min(len(a), len(b)) - 1 and a[common] == b[common]:
        common += 1
    return f"{words[0]}-to-{'-'.join(b[common:])}"


def _stub_body(ctx: Context, url: str, stub) -> str:
    """What the compendium's texts say of one absent work: the panel and every citing paragraph."""
    citing = ctx.in_language([(ctx.by_id[cb.place.doc_id], cb.citation) for cb in stub.citing], "en")
    relations = Counter(c.relation for _, c in citing)
    rows = [("Symbol", esc(stub.symbol))]
    if stub.dates:
        rows.append(("Date, as the citing texts give it", "; ".join(esc(long_date(d)) for d in stub.dates)))
    if stub.titles:
        rows.append(("Title, as the citing texts give it", "; ".join(esc(t) for t in stub.titles)))
    if stub.cited_for:
        rows.append(("Parts cited", "; ".join(esc(anchor_label(part)) for part in stub.cited_for)))
    rows.append(("Cited", "; ".join(f"{esc(r)}: {n}×" for r, n in relations.most_common())))
    panel = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return f'<dl class="cmp-meta">{panel}</dl><h4>Cited by</h4>{_citations_list(ctx, url, citing)}'


@dataclass
class CitedPage:
    """One page of works cited but not held."""

    series: str
    """The series of its first work (``series``)."""
    last_series: str
    """The series of its last work: the page is named after the two (``a-res-45-to-78``), or the one."""
    organ: str
    """The organ (``GA``, ``SC`` ...) or kind (``document``) of its works: series of one organ share pages."""
    entries: list[tuple[str, Any, str | None]] = field(default_factory=list)
    """(anchor, ``compendium.link.Stub``, section body HTML), in symbol order; ``stub_pages`` takes the bodies."""
    url: str = ""
    size: int = 0
    """Bytes of the section bodies."""
    shared: bool = True
    """False for the parts of a series too large for one page: the next series starts a page of its own."""


@dataclass
class StubLayout:
    """Which page and section each absent work has (``Context.work_url`` reads ``urls``)."""

    pages: list[CitedPage]
    urls: dict[str, str]
    """Target id -> ``cited/<page>/#<anchor>``."""


def _cut(groups: list[tuple[str, str, list[tuple[Any, str, int]]]]) -> list[CitedPage]:
    """Series (key, organ, [(stub, body, bytes)]) on pages: small ones of one organ share, large ones are cut."""
    pages: list[CitedPage] = []
    for key, organ, entries in groups:
        total = sum(n for _, _, n in entries)
        last = pages[-1] if pages else None
        if (
            last
            and last.shared
            and last.organ == organ
            and len(last.entries) + len(entries) <= PAGE_ENTRIES
            and last.size + total <= PAGE_BYTES
        ):
            page = last
            page.last_series = key
        elif total <= PAGE_BYTES and len(entries) <= PAGE_ENTRIES:
            page = CitedPage(key, key, organ)
            pages.append(page)
        else:
            page = None
            for stub, body, n in entries:
                if page is None or len(page.entries) >= PAGE_ENTRIES or page.size + n > PAGE_BYTES:
                    page = CitedPage(key, key, organ, shared=False)
                    pages.append(page)
                page.entries.append(("", stub, body))
                page.size += n
            continue
        page.entries += [("", stub, body) for stub, body, _ in entries]
        page.size += total
    return pages


def stub_layout(ctx: Context) -> StubLayout:
    """Absent works grouped by series and session (``series``), in symbol order, on pages of bounded size.

    Consecutive small series of one organ (or kind) share a page; a series larger than ``PAGE_BYTES`` or
    ``PAGE_ENTRIES`` is cut into several (``cited/a-75/``, ``cited/a-75-part-2/``).
    Every page is at the same depth (``cited/<name>/``), so a section's relative links
    are the same whichever page it lands on: it is rendered once, before the cut.
    """
    groups: dict[str, list] = defaultdict(list)
    for stub in ctx.stubs():
        groups[series(stub.symbol)].append(stub)
    sized = []
    for key in sorted(groups, key=_natural):
        entries = []
        for stub in sorted(groups[key], key=lambda s: _natural(s.symbol)):
            body = _stub_body(ctx, CITED_DIR + "any/", stub)
            entries.append((stub, body, len(body.encode())))
        sized.append((key, entries[0][0].organ, entries))
    pages = _cut(sized)
    urls: dict[str, str] = {}
    taken_urls: set[str] = set()
    for page in pages:
        name = url = _page_name(page.series, page.last_series)
        n = 1
        while url in taken_urls:  # the next part of a series cut in several
            n += 1
            url = f"{name}-part-{n}"
        taken_urls.add(url)
        page.url = f"{CITED_DIR}{url}/"
        taken = set(_RESERVED_IDS)
        for i, (_, stub, body) in enumerate(page.entries):
            anchor = base = slug(stub.symbol) or "work"
            n = 1
            while anchor in taken:  # two symbols that differ only in punctuation
                n += 1
                anchor = f"{base}-{n}"
            taken.add(anchor)
            page.entries[i] = (anchor, stub, body)
            urls[stub.symbol] = f"{page.url}#{anchor}"
    return StubLayout(pages, urls)


def stub_pages(ctx: Context) -> list[GeneratedPage]:
    """The pages of works cited but not held: a section per work with everything the corpus's texts say of it."""
    out = []
    for page in ctx.stub_layout.pages:
        first, last = page.entries[0][1].symbol, page.entries[-1][1].symbol
        title = ctx.name(first) if first == last else f"{first} to {last}"
        sections = "".join(
            f'<section class="cmp-stub" aria-labelledby="{esc(anchor)}">'
            f'<h3 class="cmp-title" id="{esc(anchor)}"><span class="cmp-symbol">{esc(stub.symbol)}</span>{esc(ctx.name(stub.symbol))}</h3>'
            f"{body if body is not None else _stub_body(ctx, page.url, stub)}</section>"
            for anchor, stub, body in page.entries
        )
        # The page holds the sections now: the layout lets go of them, so the hooks can free a page's parts
        # once they fill it (a second call renders them again).
        page.entries = [(anchor, stub, None) for anchor, stub, _ in page.entries]
        head = (
            f'<h1 class="cmp-title"><span class="cmp-symbol">Not in the compendium</span>{esc(title)}</h1>'
            '<p class="cmp-ack" role="note">The compendium does not hold these texts. For each, this page gathers what '
            "the texts of the compendium say of it, and every paragraph that cites it.</p>"
        )
        toc = [("texts", anchor, esc(stub.symbol)) for anchor, stub, _ in page.entries]
        markdown = placeholder("head") + section("Texts", "texts", "texts")
        parts = {"head": head, "texts": sections}
        out.append(GeneratedPage(page.url + "index.md", f"{title} (not in the compendium)", markdown, parts, toc=toc))
    return out


_KIND_HEADINGS = {
    "resolution": "Resolutions",
    "decision": "Decisions",
    "document": "Documents",
    "publication": "Publications",
}


def document_index(ctx: Context) -> GeneratedPage:
    """``documents/``: every document symbol cited in text or footnotes, with where it is cited."""
    url = "documents/"
    groups: dict[str, list[str]] = defaultdict(list)
    for ref in ctx.documents_index():
        link = f'<a href="{esc(href(url, ctx.work_url(ref.symbol)))}">{esc(ref.symbol)}</a>'
        if not ref.in_corpus:
            link += ' <span class="cmp-badge cmp-badge--stub">not in the corpus</span>'
        cited = ctx.in_language([(ctx.by_id[cb.place.doc_id], cb.citation) for cb in ref.places if cb.place.doc_id in ctx.by_id], "en")
        places = dict.fromkeys((d.id, c.paragraph) for d, c in cited)
        where = ", ".join(
            f'<a href="{esc(href(url, ctx.by_id[d].url + "#" + a))}">{esc(ctx.short(ctx.by_id[d].work))}, {esc(ctx.where(ctx.by_id[d], a))}</a>'
            for d, a in places
        )
        groups[ref.kind].append(f"<li>{link} — cited in {where}</li>")
    intro = (
        "<p>Every document the texts cite by symbol — resolutions and decisions, reports and notes, joint "
        "documents of the General Assembly and the Security Council, sales publications — in the text or in "
        "footnotes, with each paragraph that cites it.</p>"
    )
    if not groups:
        intro += "<p>No text of the corpus cites another document.</p>"
    kinds = sorted(groups, key=lambda kind: list(_KIND_HEADINGS).index(kind) if kind in _KIND_HEADINGS else 9)
    # Kinds come from compendium.link (a fixed set); headings and anchors are ours, not the corpus's.
    markdown = placeholder("intro") + "".join(
        section(f"{_KIND_HEADINGS.get(kind, kind.capitalize())} ({len(groups[kind])})", kind, kind) for kind in kinds
    )
    parts = {"intro": intro, **{kind: f'<ul class="cmp-list">{"".join(groups[kind])}</ul>' for kind in kinds}}
    return GeneratedPage("documents/index.md", "Documents", markdown, parts)


def instrument_pages(ctx: Context) -> list[GeneratedPage]:
    """``instruments/``: each standard or norm with its category, adopting text and every mention."""
    url = "instruments/"
    entries = []
    for inst, mentions in ctx.instruments:
        adopted = ""
        if inst.adopted_by:
            name = esc(ctx.name(inst.adopted_by)) + (", annex" if inst.annex else "")
            if ctx.has_page(inst.adopted_by):
                name = f'<a href="{esc(href(url, ctx.work_url(inst.adopted_by)))}">{name}</a>'
            adopted = f" Adopted by {name}."
        category = ""
        if inst.category:
            name = ctx.categories.get(inst.category, "")
            category = f' <a class="cmp-badge" href="{esc(href(url, f"categories/{inst.category}/"))}">category {inst.category}: {esc(name)}</a>'
        quotes = "".join(paragraph_quote(ctx, url, doc, p) for doc, p in mentions)
        mentioned = f'<ul class="cmp-list">{quotes}</ul>' if quotes else "<p>Not named in any paragraph of the corpus.</p>"
        entries.append(
            f'<section id="{esc(inst.id)}"><h2>{esc(inst.name)}</h2><p>{category}{adopted}</p>'
            f"<h3>Mentioned in ({len(mentions)})</h3>{mentioned}</section>"
        )
    intro = (
        "<p>The standards and norms the texts name, each under one name whatever form the text uses "
        "(“the Tokyo Rules” and “United Nations Standard Minimum Rules for Non-custodial Measures” are one entry), "
        "with its category under ECOSOC resolution 2003/30, the resolution that adopted it where a source says so, "
        "and every paragraph that mentions it.</p>"
    )
    return [GeneratedPage("instruments/index.md", "Instruments", placeholder("list"), {"list": intro + "".join(entries)})]
