"""The curriculum pack pages: ``curricula/`` and ``curricula/<id>/`` (``compendium.packs``).

A pack page quotes every referenced paragraph in full, as printed (number,
emphasis, footnotes), under its citation (``render.cite_label``) linking to the
paragraph on its resolution page. The trainer's text and the corpus text are
both escaped; session headings are Markdown headings (for the table of contents
and the print layout) with their title escaped for Markdown and HTML.
"""

from __future__ import annotations

import re

from compendium import packs
from compendium.model import Kind, Paragraph
from compendium.pages import GeneratedPage, esc, href, placeholder
from compendium.pages.context import Context
from compendium.pages.labels import long_date
from compendium.problems import Problem
from compendium.render import cite_label, direction, document_name, locator, render_inline

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
INDEX_URL = f"{packs.PACKS_FOLDER}/"


def markdown_text(text: str) -> str:
    """Plain text made safe as Markdown heading text: HTML-escaped, Markdown punctuation backslash-escaped."""
    text = " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def pack_pages(ctx: Context) -> tuple[list[GeneratedPage], list[Problem]]:
    """The index of the packs and one page per pack; the packs' problems (schema, references) with file and line."""
    if ctx.docs_dir is None:
        return [], []
    found, problems = packs.read_packs(packs.packs_dir(ctx.docs_dir))
    lookup = packs.Lookup(ctx.corpus)
    problems += packs.check_packs(found, ctx.corpus, lookup)
    pages = [pack_page(ctx, lookup, pack) for pack in found]
    pages.append(index_page(found))
    return pages, problems


def index_page(found: list[packs.Pack]) -> GeneratedPage:
    """``curricula/``: every pack with its audience and size."""
    intro = (
        "<p>Curriculum packs for trainers: courses built from the paragraphs of the compendium, quoted in full "
        "with their citations, with the trainer's notes and discussion questions. Each pack prints cleanly "
        "(each session on a new page) and <code>compendium pack pdf</code> makes a PDF of it. "
        f'<a href="{esc(href(INDEX_URL, "guides/packs/"))}">How to write a pack</a>.</p>'
    )
    if not found:
        return GeneratedPage(
            INDEX_URL + "index.md", "Curriculum packs", placeholder("list"), {"list": intro + "<p>No pack has been written yet.</p>"}
        )
    items = "".join(
        f'<li><a href="{esc(href(INDEX_URL, p.url))}">{esc(p.title)}</a>'
        f'<br><span class="cmp-pack-audience">For {esc(p.audience)}</span> '
        f"({len(p.sessions)} sessions, {len(p.references())} references)</li>"
        for p in found
    )
    return GeneratedPage(INDEX_URL + "index.md", "Curriculum packs", placeholder("list"), {"list": f'{intro}<ul class="cmp-list cmp-packs">{items}</ul>'})


def pack_page(ctx: Context, lookup: packs.Lookup, pack: packs.Pack) -> GeneratedPage:
    """One pack: its audience and objectives, a table of contents, then each session with its quotes."""
    url = pack.url
    parts = {"head": _head(pack), "toc": _toc(pack)}
    markdown = placeholder("head") + "\n## Contents {#contents}\n" + placeholder("toc")
    for n, session in enumerate(pack.sessions, 1):
        name = f"session-{n}"
        markdown += f"\n## Session {n}: {markdown_text(session.title)} {{#{name} .cmp-pack-session}}\n" + placeholder(name)
        parts[name] = _session(ctx, lookup, url, n, session)
    return GeneratedPage(url + "index.md", pack.title, markdown, parts)


def _paragraphs_html(text: str) -> str:
    return "".join(f"<p>{esc(p)}</p>" for p in packs.plain_paragraphs(text))


def _head(pack: packs.Pack) -> str:
    rows = [("Audience", pack.audience)] + ([("Duration", pack.duration)] if pack.duration else [])
    meta = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows)
    objectives = "".join(f"<li>{esc(o)}</li>" for o in pack.objectives)
    return (
        f'<dl class="cmp-meta cmp-pack-meta">{meta}</dl>'
        + (f'<div class="cmp-pack-intro">{_paragraphs_html(pack.introduction)}</div>' if pack.introduction else "")
        + f'<h2 id="objectives">Learning objectives</h2><ol class="cmp-pack-objectives">{objectives}</ol>'
        + '<p class="cmp-pack-howto">The texts are quoted as the compendium holds them, each under its citation and with '
        "a link to the paragraph on its resolution page. The notes and questions are the trainer's, not the United Nations'.</p>"
    )


def _toc(pack: packs.Pack) -> str:
    items = "".join(
        f'<li><a href="#session-{n}"><span class="cmp-toc-title">Session {n}: {esc(s.title)}</span>'
        f'<span class="cmp-toc-page" data-target="session-{n}"></span></a></li>'
        for n, s in enumerate(pack.sessions, 1)
    )
    return f'<nav class="cmp-pack-toc" aria-label="Sessions"><ol>{items}</ol></nav>'


def _session(ctx: Context, lookup: packs.Lookup, url: str, n: int, session: packs.Session) -> str:
    out = []
    if session.notes:
        out.append(f'<div class="cmp-pack-notes"><h3>Trainer\'s notes</h3>{_paragraphs_html(session.notes)}</div>')
    if session.references:
        out.append(f'<h3 id="session-{n}-texts">Texts</h3>')
    for i, ref in enumerate(session.references, 1):
        found = lookup.resolve(ref.ref)
        ident = f"session-{n}-ref-{i}"
        if isinstance(found, str):
            out.append(f'<p class="cmp-pack-broken" id="{ident}" role="alert">Reference {esc(ref.ref)} does not resolve: {esc(found)}</p>')
            continue
        out.append(_quote(url, ident, found, ref.note))
    if session.questions:
        questions = "".join(f"<li>{esc(q)}</li>" for q in session.questions)
        out.append(f'<h3 id="session-{n}-questions">Discussion questions</h3><ol class="cmp-pack-questions">{questions}</ol>')
    return f'<div class="cmp-pack-session-body">{"".join(out)}</div>'


def quote_label(quote: packs.Quote) -> str:
    """The citation of what a reference quotes: a paragraph's ``cite_label``, a heading's section, or the whole text."""
    doc = quote.doc
    if quote.anchor is None:
        date = f" of {long_date(doc.date)}" if doc.date else ""
        return f"{document_name(doc)}{date}: {doc.title}"
    head = quote.paragraphs[0]
    if head.kind != Kind.HEADING:
        return cite_label(doc, head)
    where = locator(doc, head)
    heading = head.text
    return f"{document_name(doc)}, {where}" + (f": {heading}" if heading and heading not in where else "")


def _quote(url: str, ident: str, quote: packs.Quote, note: str | None) -> str:
    doc = quote.doc
    target = doc.url + (f"#{quote.anchor}" if quote.anchor else "")
    markers: list[str] = []

    def footnote(marker: str) -> str:
        if marker not in markers:
            markers.append(marker)
        return f'<sup class="fnref">{esc(marker)}</sup>'

    body = "".join(_paragraph(p, footnote) for p in quote.paragraphs)
    notes = ""
    if markers:
        items = []
        for m in markers:
            fn = doc.footnotes.get(m)
            text = render_inline(fn.text) if fn is not None and fn.text else "<em>Footnote text not in the source extract.</em>"
            items.append(f'<li><span class="fn-marker">{esc(m)}</span> {text}</li>')
        notes = f'<ul class="cmp-pack-footnotes" aria-label="Footnotes">{"".join(items)}</ul>'
    caption = (
        f'<figcaption class="cmp-pack-cite"><a href="{esc(href(url, target))}">{esc(quote_label(quote))}</a> '
        f'<span class="cmp-pack-where">{esc(target)}</span></figcaption>'
    )
    remark = f'<p class="cmp-pack-refnote"><strong>Note:</strong> {esc(note)}</p>' if note else ""
    return (
        f'<figure class="cmp-pack-quote" id="{esc(ident)}" data-ref="{esc(quote.anchor or "")}">{caption}'
        f'<blockquote class="cmp-quote" lang="{esc(doc.language)}" dir="{direction(doc.language)}">{body}</blockquote>'
        f"{notes}{remark}</figure>"
    )


def _paragraph(p: Paragraph, footnote) -> str:
    inline = render_inline(p.markdown, footnote=footnote)
    number = f'<span class="para-num">{esc(p.number)}</span> ' if p.number else ""
    if p.kind == Kind.HEADING:
        return f'<p class="cmp-quote-heading" data-anchor="{esc(p.anchor)}"><strong>{number}{inline}</strong></p>'
    level = f" para--level-{p.level}" if p.kind == Kind.SUBPARAGRAPH else ""
    return f'<p class="para para--{esc(p.kind.value)}{level}" data-anchor="{esc(p.anchor)}">{number}<span class="para-text">{inline}</span></p>'

