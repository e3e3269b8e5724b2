"""The category pages (the four categories of ECOSOC resolution 2003/30) and the topic pages."""

from __future__ import annotations

from collections import defaultdict

from compendium.model import Document, Paragraph
from compendium.pages import GeneratedPage, esc, href, placeholder, section
from compendium.pages.context import Context
from compendium.pages.labels import long_date
from compendium.pages.topic_instruments import description as instrument_description
from compendium.pages.topic_instruments import filed_under
from compendium.render import cite_label, direction


def _by_date(docs: list[Document]) -> list[Document]:
    return sorted(docs, key=lambda d: (d.date or "9999", d.symbol))


def _doc_item(ctx: Context, url: str, doc: Document) -> str:
    return (
        f'<li><span class="cmp-date">{esc(long_date(doc.date) or "undated")}</span> '
        f'<a href="{esc(href(url, doc.url))}">{esc(ctx.name(doc.work))}</a> {esc(doc.title)}</li>'
    )


def paragraph_quote(ctx: Context, url: str, doc: Document, p: Paragraph) -> str:
    """One paragraph quoted in full, with its reference linking to it."""
    number = f"{esc(p.number)} " if p.number else ""
    ref = cite_label(doc, p)
    return (
        f'<li><a href="{esc(href(url, doc.url + "#" + p.anchor))}">{esc(ref)}</a>'
        f'<blockquote class="cmp-quote" lang="{esc(doc.language)}" dir="{direction(doc.language)}">{number}{esc(p.text)}</blockquote></li>'
    )


def _texts(ctx: Context, url: str, docs: list[Document], what: str) -> str:
    if docs:
        return f'<ul class="cmp-list">{"".join(_doc_item(ctx, url, d) for d in _by_date(docs))}</ul>'
    return f"<p>No text of the corpus is classed under {esc(what)} as a whole.</p>"


def _paragraphs(ctx: Context, url: str, tagged: list[tuple[Document, Paragraph]], none: str) -> str:
    if not tagged:
        return f"<p>{esc(none)}</p>"
    tagged = sorted(tagged, key=lambda dp: (dp[0].date or "9999", dp[0].symbol))
    return f'<ul class="cmp-list">{"".join(paragraph_quote(ctx, url, d, p) for d, p in tagged)}</ul>'


def _instruments(ctx: Context, url: str, found: list, none: str) -> str:
    """Instruments, each with the line that says what it is: category and adopting text."""
    if not found:
        return f"<p>{esc(none)}</p>"
    items = []
    for inst, mentions in found:
        line = []
        if inst.category:
            line.append(f"category {inst.category}: {ctx.categories.get(inst.category, '')}")
        if inst.adopted_by:
            line.append(f"adopted by {ctx.name(inst.adopted_by)}" + (", annex" if inst.annex else ""))
        about = instrument_description(inst.id)  # the registry's one-line description (compendium.pages.topic_instruments)
        items.append(
            f'<li><a href="{esc(href(url, "instruments/#" + inst.id))}">{esc(inst.name)}</a> '
            f'<span class="cmp-from">— {esc("; ".join(line) or "not classed")}; named in {len(mentions)} paragraphs</span>'
            + (f'<br><span class="cmp-instrument-description">{esc(about)}</span>' if about else "")
            + "</li>"
        )
    return f'<ul class="cmp-list">{"".join(items)}</ul>'


def _page(path: str, title: str, intro: str, sections: list[tuple[str, str, str]]) -> GeneratedPage:
    """A page of an intro and ``(heading, anchor, html)`` sections whose headings go to the table of contents."""
    markdown = placeholder("intro") + "".join(section(heading, anchor, anchor) for heading, anchor, _ in sections)
    parts = {"intro": intro, **{anchor: html for _, anchor, html in sections}}
    return GeneratedPage(path, title, markdown, parts)


def category_pages(ctx: Context) -> list[GeneratedPage]:
    """``categories/`` and ``categories/<n>/``: the texts of each category, its instruments and the paragraphs naming them."""
    pages = []
    items = []
    for number, name in sorted(ctx.categories.items()):
        url = f"categories/{number}/"
        docs = [d for d in ctx.primaries if number in d.categories]
        own = [(inst, found) for inst, found in ctx.instruments if inst.category == number]
        mentions = list({(d.id, p.anchor): (d, p) for _, found in own for d, p in found}.values())
        sections = [
            (f"Instruments ({len(own)})", "instruments", _instruments(ctx, url, own, "The instruments registry files no instrument under this category.")),
            (f"Texts ({len(docs)})", "texts", _texts(ctx, url, docs, f"category {number}")),
            (
                f"Paragraphs naming these instruments ({len(mentions)})",
                "paragraphs",
                _paragraphs(ctx, url, mentions, "No paragraph of the corpus names an instrument of this category."),
            ),
        ]
        pages.append(_page(f"categories/{number}/index.md", f"Category {number}: {name}", "", sections))
        items.append(f'<li><a href="{number}/">{number}. {esc(name)}</a> ({len(docs)} texts, {len(own)} instruments)</li>')
    intro = (
        "<p>In its resolution 2003/30 the Economic and Social Council grouped the United Nations "
        "standards and norms in crime prevention and criminal justice into four categories, for the "
        "targeted collection of information on their use and application.</p>"
    )
    pages.append(GeneratedPage("categories/index.md", "Categories", placeholder("list"), {"list": f'{intro}<ol class="cmp-list">{"".join(items)}</ol>'}))
    return pages


def topic_pages(ctx: Context) -> list[GeneratedPage]:
    """``topics/`` and ``topics/<id>/``: the instruments, the texts classed under each topic and the paragraphs tagged with it.

    A topic's instruments are those named in its paragraphs or texts and those the
    instruments registry files under it, each with the registry's one-line description.
    """
    docs_of: dict[str, list[Document]] = defaultdict(list)
    tagged_with: dict[str, list[tuple[Document, Paragraph]]] = defaultdict(list)
    for d in ctx.primaries:
        for topic in d.topics:
            docs_of[topic].append(d)
        for p in d.paragraphs:
            for topic in p.topics:
                tagged_with[topic].append((d, p))
    named_in: dict[tuple[str, str], list] = defaultdict(list)
    for inst, found in ctx.instruments:
        for d, p in found:
            named_in[(d.id, p.anchor)].append((inst, found))
    pages = []
    items = []
    for topic, name in sorted(ctx.topics.items(), key=lambda kv: kv[1].lower()):
        url = ctx.topic_url(topic)
        docs = docs_of.get(topic, [])
        tagged = tagged_with.get(topic, [])
        ids = {d.id for d in docs}
        places = {(d.id, p.anchor) for d, p in tagged}
        instruments = {
            inst.id: (inst, found)
            for (doc_id, anchor), named in named_in.items()
            if doc_id in ids or (doc_id, anchor) in places
            for inst, found in named
        }
        for inst, found in ctx.instruments:  # and those the registry files under the topic
            if topic in filed_under(inst.id):
                instruments.setdefault(inst.id, (inst, found))
        description = ctx.topic_descriptions.get(topic)
        sections = [
            (f"Instruments ({len(instruments)})", "instruments", _instruments(ctx, url, sorted(instruments.values(), key=lambda i: i[0].name), "No instrument is named in the texts or paragraphs of this topic.")),
            (f"Texts ({len(docs)})", "texts", _texts(ctx, url, docs, f"the topic “{name}”")),
            (f"Paragraphs tagged ({len(tagged)})", "paragraphs", _paragraphs(ctx, url, tagged, f"No paragraph of the corpus is tagged “{name}”.")),
        ]
        pages.append(_page(url + "index.md", f"Topic: {name}", f"<p>{esc(description)}</p>" if description else "", sections))
        items.append(f'<li><a href="{esc(href("topics/", url))}">{esc(name)}</a> ({len(docs)} texts, {len(tagged)} paragraphs)</li>')
    intro = "<p>The controlled vocabulary of the compendium. Each topic lists the instruments named in its texts, the texts classed under it and the paragraphs tagged with it, in date order.</p>"
    pages.append(GeneratedPage("topics/index.md", "Topics", placeholder("list"), {"list": f'{intro}<ul class="cmp-list">{"".join(items)}</ul>'}))
    return pages
