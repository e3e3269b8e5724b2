"""Pages about what the texts refer to: stubs for absent works, the document index, the instruments."""

from __future__ import annotations

from collections import Counter, defaultdict

from compendium.model import Citation, Document
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


def _citations_list(ctx: Context, url: str, citing: list[tuple[Document, Citation]]) -> str:
    """Every citing paragraph, grouped by relation, quoted in full with its reference."""
    items = []
    for doc, c in sorted(citing, key=lambda dc: (dc[0].date or "9999", dc[0].symbol, dc[1].paragraph)):
        p = _citing_paragraph(doc, c)
        if p is not None:
            item = paragraph_quote(ctx, url, doc, p)
        else:
            ref = f"{document_name(doc)}, {ctx.where(doc, c.paragraph)}"
            item = f'<li><a href="{esc(href(url, doc.url + "#" + c.paragraph))}">{esc(ref)}</a></li>'
        if c.target_paragraph:
            item = item.replace("</li>", f'<p class="cmp-from">Cites {esc(anchor_label(c.target_paragraph))}.</p></li>', 1)
        items.append((c.relation, item))
    return relation_groups(
        items, "Every paragraph of the compendium that cites it, grouped by what the citing text does.", "No paragraph cites it."
    )


def stub_pages(ctx: Context) -> list[GeneratedPage]:
    """A page per work cited but not held: everything the corpus's texts say of it."""
    pages = []
    for stub in ctx.stubs():
        url = ctx.work_url(stub.symbol)
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
        head = (
            f'<h1 class="cmp-title"><span class="cmp-symbol">{esc(stub.symbol)}</span>{esc(ctx.name(stub.symbol))}</h1>'
            '<p class="cmp-ack" role="note">The compendium does not hold this text. This page gathers what the '
            "texts of the compendium say of it, and every paragraph that cites it.</p>"
            f'<dl class="cmp-meta">{panel}</dl>'
        )
        parts = {"head": head, "cited-by": _citations_list(ctx, url, citing)}
        markdown = placeholder("head") + section("Cited by", "cited-by", "cited-by")
        pages.append(GeneratedPage(url + "index.md", f"{ctx.name(stub.symbol)} (not in the compendium)", markdown, parts))
    return pages


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
