"""Pages for delegates: mandates by actor and by due session, and recurring formulas of agreed language."""

from __future__ import annotations

from collections import defaultdict

from compendium import agreed, diff
from compendium.mandates import Mandate
from compendium.model import Document, Paragraph
from compendium.pages import GeneratedPage, esc, href, placeholder
from compendium.pages.context import Context
from compendium.pages.labels import long_date, strings
from compendium.render import cite_label

MANDATES_URL = "mandates/"
AGREED_URL = "agreed-language/"


def _mandate_item(ctx: Context, url: str, m: Mandate, docs: dict[str, Document]) -> str:
    doc = docs[m.document]
    due = f'<span class="cmp-due">due: {esc(m.due.label)}</span> ' if m.due else ""
    follow = ""
    if m.followed_up_by:
        links = ", ".join(
            f'<a href="{esc(href(url, docs[d].url + "#" + a))}">{esc(cite_label(docs[d], docs[d].paragraph(a)))}</a>'
            for d, a in m.followed_up_by)
        follow = f'<p class="cmp-followup">Report taken note of in {links}.</p>'
    return (
        f'<li><a href="{esc(href(url, doc.url + "#" + m.paragraph))}">{esc(m.number)}</a> '
        f'({esc(long_date(m.date))}) {due}'
        f'<blockquote class="cmp-quote"><strong>{esc(m.verb)}</strong> {esc(m.addressee)} {esc(m.what)}</blockquote>'
        f"{follow}</li>"
    )


def mandates_page(ctx: Context, mandates: list[Mandate]) -> GeneratedPage:
    """``mandates/``: every mandate of the corpus, by actor and by due session or year."""
    docs = {d.id: d for d in ctx.corpus.documents}
    by_actor: dict[str, list[Mandate]] = defaultdict(list)
    by_due: dict[str, list[Mandate]] = defaultdict(list)
    for m in mandates:
        by_actor[m.actor_label].append(m)
        by_due[m.due.label if m.due else "No date or session named"].append(m)
    url = MANDATES_URL

    def block(groups: dict[str, list[Mandate]], prefix: str, order) -> str:
        out = []
        for i, key in enumerate(sorted(groups, key=order)):
            items = "".join(_mandate_item(ctx, url, m, docs) for m in sorted(groups[key], key=lambda m: (m.date or "", m.symbol)))
            out.append(f'<h3 id="{prefix}-{i + 1}">{esc(key)} ({len(groups[key])})</h3><ul class="cmp-list">{items}</ul>')
        return "".join(out)

    def due_order(key: str) -> tuple:
        ms = by_due[key]
        years = [m.due.year for m in ms if m.due and m.due.year]
        return (min(years) if years else 9999, key)

    followed = sum(1 for m in mandates if m.followed_up_by)
    summary = (
        f"<p>{len(mandates)} mandates in {len({m.document for m in mandates})} resolutions: every operative paragraph "
        "that requests, invites, urges, calls upon, encourages or recommends. Due sessions are resolved to years "
        f"where the text names them; {followed} reporting mandates are followed by a later resolution of the "
        "compendium that takes note of the report. Also as CSV: <code>compendium export mandates --format csv</code>.</p>"
    )
    markdown = (
        "# Mandates\n" + placeholder("summary")
        + "\n## By actor {#by-actor}\n" + placeholder("actors")
        + "\n## By due session or year {#by-due}\n" + placeholder("due")
    )
    return GeneratedPage(
        "mandates/index.md", "Mandates", markdown,
        parts={"summary": summary, "actors": block(by_actor, "actor", lambda k: (-len(by_actor[k]), k)),
               "due": block(by_due, "due", due_order)},
    )


def _diff_html(old: str, new: str) -> str:
    """Inline word diff: what the later text deleted and inserted, marked with words besides colour."""
    out = []
    for op in diff.word_diff(old, new):
        if op.kind == "equal":
            out.append(esc(op.text))
        else:
            tag, word = ("del", "deleted") if op.kind == "delete" else ("ins", "inserted")
            out.append(f'<{tag}><span class="visually-hidden">{word}: </span>{esc(op.text)}</{tag}>')
    return "".join(out)


def _member(ctx: Context, url: str, found: agreed.AgreedLanguage, ref: agreed.Ref,
            previous: tuple[Document, Paragraph] | None) -> tuple[str, tuple[Document, Paragraph] | None]:
    located = agreed.paragraph_of(ctx.corpus, ref)
    if located is None:
        return "", previous
    doc, p = located
    text = esc(p.text) if previous is None else _diff_html(previous[1].text, p.text)
    label = "as first adopted" if previous is None else f"changes from {esc(cite_label(*previous))}"
    item = (
        f'<li><a href="{esc(href(url, doc.url + "#" + p.anchor))}">{esc(cite_label(doc, p))}</a> '
        f'({esc(long_date(doc.date))}, {label})'
        f'<blockquote class="cmp-quote cmp-diff" lang="{esc(doc.language)}">{text}</blockquote></li>'
    )
    return item, (doc, p)


def agreed_pages(ctx: Context, found: agreed.AgreedLanguage) -> list[GeneratedPage]:
    """``agreed-language/`` (every recurring formula) and a page per formula showing how it evolved."""
    pages = []
    rows = []
    for f in found.formulas:
        url = f"{AGREED_URL}{f.id}/"
        items, previous = [], None
        for ref in f.members:
            item, previous = _member(ctx, url, found, ref, previous)
            items.append(item)
        pages.append(GeneratedPage(
            f"{AGREED_URL}{f.id}/index.md", f"Formula: {f.label} …",
            "# Recurring formula\n" + placeholder("intro") + "\n## Adoptions in date order {#adoptions}\n" + placeholder("list"),
            parts={"intro": f"<p>“{esc(f.label)} …”: adopted {len(f.members)} times in "
                            f"{len({ctx.by_id[r.document].work for r in f.members})} texts. Each entry shows "
                            "the words changed since the one before it.</p>",
                   "list": f'<ol class="cmp-list">{"".join(items)}</ol>'},
        ))
        rows.append(f'<li><a href="{esc(href(AGREED_URL, url))}">{esc(f.label)} …</a> ({len(f.members)} adoptions)</li>')
    intro = (
        f"<p>{found.pair_count} pairs of paragraphs share the same or nearly the same wording "
        f"(at least {agreed.THRESHOLD:.0%} of their words in order); {len(found.formulas)} formulas recur in "
        f"{agreed.FORMULA_MIN_WORKS} or more texts. Each paragraph's page lists where its wording was adopted "
        "before. The method is described on the page <em>Agreed language</em> of the documentation.</p>"
    )
    pages.append(GeneratedPage(
        f"{AGREED_URL}index.md", "Agreed language",
        "# Agreed language\n" + placeholder("intro") + "\n## Recurring formulas {#formulas}\n" + placeholder("list"),
        parts={"intro": intro, "list": f'<ul class="cmp-list">{"".join(rows)}</ul>' if rows else "<p>No formula recurs in the corpus yet.</p>"},
    ))
    return pages


def also_adopted_html(ctx: Context, page_url: str, found: agreed.AgreedLanguage, doc: Document, p: Paragraph) -> str:
    """The expandable "also adopted in …" list under a paragraph: earlier paragraphs in the same or nearly the same words.

    Labelled in the document's language (agreed language compares texts of one language only).
    """
    earlier = found.earlier(agreed.Ref(doc.id, p.anchor))
    if not earlier:
        return ""
    t = strings(doc.language)
    items = []
    for m in earlier:
        located = agreed.paragraph_of(ctx.corpus, m.b)
        if located is None:
            continue
        other, q = located
        items.append(
            f'<li><a href="{esc(href(page_url, other.url + "#" + q.anchor))}">{esc(cite_label(other, q))}</a> '
            f'{esc(t["similarity"].format(percent=f"{m.similarity:.0%}"))}'
            f'<blockquote class="cmp-diff">{_diff_html(q.text, p.text)}</blockquote></li>'
        )
    formula = found.formula_of(agreed.Ref(doc.id, p.anchor))
    more = (f'<p><a href="{esc(href(page_url, AGREED_URL + formula.id + "/"))}">{esc(t["formula_evolved"])}</a></p>'
            if formula else "")
    summary = t["also_adopted_one" if len(items) == 1 else "also_adopted_other"].format(count=len(items))
    return (f'<details class="cmp-agreed"><summary>{esc(summary)}</summary>'
            f'<ul>{"".join(items)}</ul>{more}</details>')
