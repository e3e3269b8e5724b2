"""The category pages (the four categories of ECOSOC resolution 2003/30) and the topic pages."""

from __future__ import annotations

from collections import defaultdict

from compendium.model import Document, Paragraph
from compendium.pages import GeneratedPage, esc, href, placeholder
from compendium.pages.context import Context
from compendium.pages.labels import long_date
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
    out = f'<h2 id="texts">Texts ({len(docs)})</h2>'
    if docs:
        return out + f'<ul class="cmp-list">{"".join(_doc_item(ctx, url, d) for d in _by_date(docs))}</ul>'
    return out + f"<p>No text of the corpus is classed under {esc(what)} as a whole.</p>"


def _paragraphs(ctx: Context, url: str, tagged: list[tuple[Document, Paragraph]], heading: str, none: str) -> str:
    out = f'<h2 id="paragraphs">{esc(heading)} ({len(tagged)})</h2>'
    if not tagged:
        return out + f"<p>{esc(none)}</p>"
    tagged = sorted(tagged, key=lambda dp: (dp[0].date or "9999", dp[0].symbol))
    return out + f'<ul class="cmp-list">{"".join(paragraph_quote(ctx, url, d, p) for d, p in tagged)}</ul>'


def category_pages(ctx: Context) -> list[GeneratedPage]:
    """``categories/`` and ``categories/<n>/``: the texts of each category, its instruments and the paragraphs naming them."""
    primaries = ctx.primaries
    instruments = ctx.instruments
    pages = []
    items = []
    for number, name in sorted(ctx.categories.items()):
        url = f"categories/{number}/"
        docs = [d for d in primaries if number in d.categories]
        own = [(inst, found) for inst, found in instruments if inst.category == number]
        body = _texts(ctx, url, docs, f"category {number}")
        body += f'<h2 id="instruments">Instruments ({len(own)})</h2>'
        if own:
            links = "".join(
                f'<li><a href="{esc(href(url, "instruments/#" + inst.id))}">{esc(inst.name)}</a> ({len(found)} paragraphs)</li>'
                for inst, found in own
            )
            body += f'<ul class="cmp-list">{links}</ul>'
        else:
            body += "<p>The instruments registry files no instrument under this category.</p>"
        mentions = list({(d.id, p.anchor): (d, p) for _, found in own for d, p in found}.values())
        body += _paragraphs(
            ctx, url, mentions, "Paragraphs naming these instruments", "No paragraph of the corpus names an instrument of this category."
        )
        pages.append(GeneratedPage(f"categories/{number}/index.md", f"Category {number}: {name}", placeholder("list"), {"list": body}))
        items.append(f'<li><a href="{number}/">{number}. {esc(name)}</a> ({len(docs)} texts, {len(own)} instruments)</li>')
    intro = (
        "<p>In its resolution 2003/30 the Economic and Social Council grouped the United Nations "
        "standards and norms in crime prevention and criminal justice into four categories, for the "
        "targeted collection of information on their use and application.</p>"
    )
    pages.append(GeneratedPage("categories/index.md", "Categories", placeholder("list"), {"list": f'{intro}<ol class="cmp-list">{"".join(items)}</ol>'}))
    return pages


def topic_pages(ctx: Context) -> list[GeneratedPage]:
    """``topics/`` and ``topics/<id>/``: the texts classed under each topic and the paragraphs tagged with it."""
    docs_of: dict[str, list[Document]] = defaultdict(list)
    tagged_with: dict[str, list[tuple[Document, Paragraph]]] = defaultdict(list)
    for d in ctx.primaries:
        for topic in d.topics:
            docs_of[topic].append(d)
        for p in d.paragraphs:
            for topic in p.topics:
                tagged_with[topic].append((d, p))
    pages = []
    items = []
    for topic, name in sorted(ctx.topics.items(), key=lambda kv: kv[1].lower()):
        url = ctx.topic_url(topic)
        docs = docs_of.get(topic, [])
        tagged = tagged_with.get(topic, [])
        description = ctx.topic_descriptions.get(topic)
        body = f"<p>{esc(description)}</p>" if description else ""
        body += _texts(ctx, url, docs, f"the topic “{name}”")
        body += _paragraphs(ctx, url, tagged, "Paragraphs tagged", f"No paragraph of the corpus is tagged “{name}”.")
        pages.append(GeneratedPage(url + "index.md", f"Topic: {name}", placeholder("list"), {"list": body}))
        items.append(f'<li><a href="{esc(href("topics/", url))}">{esc(name)}</a> ({len(docs)} texts, {len(tagged)} paragraphs)</li>')
    intro = "<p>The controlled vocabulary of the compendium. Each topic lists the texts classed under it and the paragraphs tagged with it, in date order.</p>"
    pages.append(GeneratedPage("topics/index.md", "Topics", placeholder("list"), {"list": f'{intro}<ul class="cmp-list">{"".join(items)}</ul>'}))
    return pages
