"""The page of one expression: metadata panel, the text, the acknowledgement, cites, cited by, lineage."""

from __future__ import annotations

import re

from typing import Callable

from compendium.lineage import Node, lineage_svg
from compendium.drafting import drafting_parts
from compendium.model import ORGAN_NAMES, Citation, Document, Kind, Version
from compendium.pages import GeneratedPage, esc, href, placeholder, relation_groups, section
from compendium.pages.context import Context
from compendium.pages.delegates import also_adopted_html
from compendium.pages.labels import language_name, long_date, strings
from compendium.render import direction, document_name, render_document

LINEAGE_DEPTH = 3
"""Generations of ancestors and of descendants the graph shows."""

UN_ACKNOWLEDGEMENT = strings("en")["acknowledgement"]
"""The acknowledgement in English (the export's wording); pages show ``strings(language)["acknowledgement"]``."""


def _lang(doc: Document) -> str:
    """``lang``/``dir`` attributes for interface text written in the document's language."""
    return f' lang="{esc(doc.language)}" dir="{direction(doc.language)}"'


ALSO_MARK = re.compile(r"\n<!--cmp-also:(.*?)-->")
"""Where "also adopted in" goes under a paragraph, when it is made apart (``resolution_page(also=False)``);
with the line break ``render_document`` puts before what follows a block."""


def fill_also(body: str, doc: Document, also: dict[tuple[str, str], str]) -> str:
    """``body`` with every ``ALSO_MARK`` replaced by the paragraph's "also adopted in", as it would have been made in place."""

    def put(m: re.Match) -> str:
        made = also.get((doc.id, m.group(1)))
        return "\n" + made if made else ""

    return ALSO_MARK.sub(put, body)


def resolution_page(ctx: Context, doc: Document, also: bool = True) -> GeneratedPage:
    """The generated page of one expression of a work, labelled in the expression's language.

    ``also`` False leaves a mark (``ALSO_MARK``) under each paragraph instead of its "also
    adopted in" list, for ``fill_also`` to replace.
    """
    t = strings(doc.language)
    parts = {
        "head": _head(ctx, doc),
        "body": _body(ctx, doc, also),
        "cites": _cites(ctx, doc),
        "cited-by": _cited_by(ctx, doc),
        "lineage": _lineage(ctx, doc),
    }
    markdown = (
        placeholder("head")
        + section(t["text"], "text", "body")
        + section(t["cites"], "cites", "cites")
        + section(t["cited_by"], "cited-by", "cited-by")
        + section(t["lineage"], "lineage", "lineage")
    )
    title = f"{doc.symbol} {doc.title}" if doc.version.value == "adopted" else f"{doc.symbol} ({t[doc.version.value]}) {doc.title}"
    toc = [
        ("text", p.anchor, esc(f"{p.number or ''} {p.text}".strip()))
        for p in doc.paragraphs
        if p.kind == Kind.HEADING and p.heading_level <= 2
    ]
    return GeneratedPage(
        path=doc.url + "index.md", title=title, markdown=markdown, parts=parts, edit_path=ctx.edit_path(doc), toc=toc
    )


def resolver(ctx: Context, doc: Document) -> Callable[[Citation], str | None]:
    """``resolve(citation) -> url`` for ``render_document``: links relative to ``doc``'s page.

    Targets in the corpus link to their page, others to their stub page; internal
    references to the anchor on the same page.
    """
    def resolve(citation: Citation) -> str | None:
        if citation.internal:
            return f"#{citation.target_paragraph}" if citation.target_paragraph else None
        if not ctx.has_page(citation.target):
            return None
        anchor = citation.target_paragraph if ctx.doc(citation.target) else None
        return href(doc.url, ctx.work_url(citation.target, anchor))

    return resolve


def _head(ctx: Context, doc: Document) -> str:
    t = strings(doc.language)
    number = f"{esc(doc.number)}. " if doc.number else ""
    organ = t.get(doc.organ.value) or ORGAN_NAMES.get(doc.organ, doc.organ.value)
    date = long_date(doc.date, doc.language)
    rows = [
        (t["symbol"], esc(doc.symbol)),
        (t["organ"], esc(organ)),
        (t["date"], f'<time datetime="{esc(doc.date)}">{esc(date)}</time>' if doc.date else esc(t["undated"])),
    ]
    # The document's own words (title, meeting, session) are in its language and direction.
    lang = f' lang="{esc(doc.language)}" dir="{direction(doc.language)}"'
    for key, value in (("meeting", doc.meeting), ("session", doc.session), ("agenda_item", doc.agenda_item)):
        if value:
            rows.append((t[key], f"<span{lang}>{esc(value)}</span>"))
    if doc.categories:
        rows.append((t["categories"], ", ".join(_category_link(ctx, doc, n) for n in doc.categories)))
    if doc.topics:
        rows.append((t["topics"], ", ".join(_topic_link(ctx, doc, topic) for topic in doc.topics)))
    rows.append((t["version"], esc(t.get(doc.version.value, doc.version.value))))
    rows.append((t["language"], esc(language_name(doc.language))))
    rows.append((t["source"], _source(ctx, doc)))
    expressions = _expressions(ctx, doc)
    if expressions:
        rows.append((t["expressions"], expressions))
    if ctx.related.get(doc.id):
        rows.append((t["compare"], "; ".join(f'<a href="{esc(href(doc.url, url))}">{esc(label)}</a>' for label, url in ctx.related[doc.id])))
    rows.append((t["corpus_file"], f"<code>{esc(ctx.corpus_path(doc))}</code>"))
    panel = "".join(f"<dt>{esc(label)}</dt><dd>{value}</dd>" for label, value in rows)
    return (
        f'<h1 class="cmp-title"><span class="cmp-symbol">{esc(doc.symbol)}</span><span{lang}>{number}{esc(doc.title)}</span></h1>\n'
        f'<dl class="cmp-meta" lang="{esc(doc.language)}" dir="{direction(doc.language)}">{panel}</dl>'
    )


def _category_link(ctx: Context, doc: Document, number: int) -> str:
    name = ctx.categories.get(number, f"Category {number}")
    return f'<a href="{esc(href(doc.url, f"categories/{number}/"))}">{number}. {esc(name)}</a>'


def _topic_link(ctx: Context, doc: Document, topic: str) -> str:
    return f'<a href="{esc(href(doc.url, ctx.topic_url(topic)))}">{esc(ctx.topics.get(topic, topic))}</a>'


def _source(ctx: Context, doc: Document) -> str:
    source = doc.source
    text = esc(source.kind)
    if source.file:
        text += f": <code>{esc(source.file)}</code>"
    if source.symbol:
        target = ctx.work_url(source.symbol, source.paragraph if ctx.doc(source.symbol) else None)
        where = esc(source.symbol) + (f", {esc(ctx.where(ctx.doc(source.symbol), source.paragraph))}" if source.paragraph else "")
        text += f' ({esc(strings(doc.language)["printed_in"])} <a href="{esc(href(doc.url, target))}">{where}</a>)'
    return text


def _expressions(ctx: Context, doc: Document) -> str:
    """The version and language switcher: every expression of the same work."""
    siblings = ctx.works.get(doc.work, [])
    if len(siblings) < 2:
        return ""
    items = []
    for other in sorted(siblings, key=lambda d: (d.version.value != "adopted", d.version.value, d.language != "en", d.language)):
        label = f"{esc(strings(doc.language).get(other.version.value, other.version.value))} · {esc(language_name(other.language))}"
        if other is doc:
            items.append(f'<li><a href="./" aria-current="page" lang="{esc(other.language)}">{label}</a></li>')
        else:
            items.append(f'<li><a href="{esc(href(doc.url, other.url))}" lang="{esc(other.language)}" hreflang="{esc(other.language)}">{label}</a></li>')
    return f'<nav class="cmp-expressions" aria-label="{esc(strings(doc.language)["expressions"])}"><ul>{"".join(items)}</ul></nav>'


def _body(ctx: Context, doc: Document, also: bool = True) -> str:
    t = strings(doc.language)
    label = esc(t["cite"])
    attributes = None
    drafting = ""
    if doc.doctype == "resolution" and doc.version == Version.ADOPTED and doc.language == "en":
        # "Copy for drafting" (compendium.drafting): the English drafting formula, for adopted texts only,
        # since a draft's numbering is not the one a new text can recall.
        # The page holds the lead only; compendium.js adds the paragraph's words from the page.
        attributes = lambda p: _drafting_attributes(doc, p)  # noqa: E731
        drafting = f' data-drafting-label="{esc(t["drafting"])}" data-drafting-title="{esc(t["drafting_title"])}"'
    body = render_document(
        doc,
        resolver(ctx, doc),
        heading_base=2,
        attributes=attributes,
        # "also adopted in …" (issue 10), or where it goes
        after=(lambda p: also_adopted_html(ctx, doc.url, ctx.agreed, doc, p)) if also else (lambda p: f"<!--cmp-also:{p.anchor}-->"),
    )
    out = f'<div class="cmp-text" data-cite-label="{label}"{drafting}>{body}</div>'
    if doc.meta.get("acknowledgement") == "un":
        out += f'\n<p class="cmp-ack" role="note"{_lang(doc)}>{esc(t["acknowledgement"].format(symbol=doc.symbol))}</p>'
    return out


def _drafting_attributes(doc: Document, p) -> dict[str, str]:
    lead, skip = drafting_parts(doc, p)
    return {"data-drafting": lead} if skip is None else {"data-drafting": lead, "data-drafting-skip": str(skip)}


def _cites(ctx: Context, doc: Document) -> str:
    items = []
    for c in ctx.cites(doc):
        if c.internal:
            continue
        target = ctx.work_url(c.target, c.target_paragraph if ctx.doc(c.target) else None)
        what = esc(ctx.name(c.target))
        if c.target_paragraph:
            what += f", {esc(ctx.where(ctx.doc(c.target), c.target_paragraph))}"
        elif c.annex:
            what += ", annex"
        src = f'<a href="#{esc(c.paragraph)}">{esc(ctx.where(doc, c.paragraph))}</a>'
        items.append((c.relation, f'<li><a href="{esc(href(doc.url, target))}">{what}</a> <span class="cmp-from">— in {src}</span></li>'))
    t = strings(doc.language)
    return relation_groups(items, t["cites_intro"], t["cites_none"], attributes=_lang(doc))


def _cited_by(ctx: Context, doc: Document) -> str:
    items = []
    for citing, c in ctx.in_language(ctx.cited_by(doc.work), doc.language):
        if citing.work == doc.work:
            continue
        source = href(doc.url, citing.url + f"#{c.paragraph}")
        where = f"{document_name(citing)}, {ctx.where(citing, c.paragraph)}"
        to = ""
        if c.target_paragraph and doc.paragraph(c.target_paragraph):
            to = f' <span class="cmp-from">— on <a href="#{esc(c.target_paragraph)}">{esc(ctx.where(doc, c.target_paragraph))}</a></span>'
        items.append((c.relation, f'<li><a href="{esc(source)}">{esc(where)}</a>{to}</li>'))
    t = strings(doc.language)
    return relation_groups(items, t["cited_by_intro"], t["cited_by_none"], attributes=_lang(doc))


class _Nodes(dict):
    """Lineage nodes made when first asked for."""

    def __init__(self, make: Callable[[str], Node]):
        super().__init__()
        self._make = make

    def __missing__(self, work: str) -> Node:
        node = self[work] = self._make(work)
        return node


def _lineage(ctx: Context, doc: Document) -> str:
    ancestors = ctx.links.ancestors(doc.work, LINEAGE_DEPTH)
    descendants = ctx.links.descendants(doc.work, LINEAGE_DEPTH)
    if not ancestors and not descendants:
        return f"<p{_lang(doc)}>{esc(strings(doc.language)['lineage_none'])}</p>"
    # A much-cited text has thousands of works within three generations; the graph draws a few a
    # column, so nodes and edges are made for what is drawn or named only (lineage.lineage_svg).
    nodes = _Nodes(lambda w: Node(
        id=w,
        label=ctx.short(w),
        url=href(doc.url, ctx.work_url(w)),
        title=ctx.name(w) + (f": {ctx.doc(w).title}" if ctx.doc(w) else ""),
        in_corpus=ctx.doc(w) is not None,
    ))
    svg = lineage_svg(nodes[doc.work], ancestors, descendants, nodes, ctx.cited_works,
                      order=lambda w: (ctx.doc(w) is None, ctx.short(w)))
    legend = f'<p class="cmp-lineage-legend"{_lang(doc)}>{esc(strings(doc.language)["lineage_legend"])}</p>'
    return f'<div class="cmp-lineage-wrap">{svg}</div>{legend}'
