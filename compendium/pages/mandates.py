"""The mandates pages: an index by actor and by due session, linking their sections on pages of mandates.

At the scale of every General Assembly resolution a single page of every
mandate weighed 18 MB; here each mandate is quoted once, on its actor's page,
and the due-session pages list it in one line that links to the paragraph.
No page holds more than ``PAGE_ITEMS`` mandates: small groups share a page, each a section.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable

from compendium.mandates import Mandate
from compendium.model import Document
from compendium.pages import GeneratedPage, esc, href, placeholder
from compendium.pages.context import Context
from compendium.pages.labels import long_date
from compendium.render import cite_label

MANDATES_URL = "mandates/"
PAGE_ITEMS = 300
"""The most mandates one page lists; a larger group continues on the next pages."""
NO_DUE = "No date or session named"


def _slug(label: str, taken: set[str]) -> str:
    """A path segment for a group: its words, at most 60 characters; a hash of the label when that is taken.

    Actor labels are the texts' own wording for actors the vocabulary does not name, so two can
    differ only in case or punctuation ("non-State actors", "Non-State actors").
    """
    base = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")[:60].rstrip("-") or "other"
    name = base if base not in taken else f"{base}-{zlib.crc32(label.encode()):08x}"
    taken.add(name)
    return name


def _link(url: str, doc: Document, m: Mandate) -> str:
    return f'<a href="{esc(href(url, doc.url + "#" + m.paragraph))}">{esc(m.number)}</a>'


def _quoted(url: str, m: Mandate, docs: dict[str, Document]) -> str:
    """A mandate in full: where, when, due, the request as the text words it, the follow-up."""
    doc = docs[m.document]
    due = f'<span class="cmp-due">due: {esc(m.due.label)}</span> ' if m.due else ""
    follow = ""
    if m.followed_up_by:
        links = ", ".join(
            f'<a href="{esc(href(url, docs[d].url + "#" + a))}">{esc(cite_label(docs[d], docs[d].paragraph(a)))}</a>'
            for d, a in m.followed_up_by)
        follow = f'<p class="cmp-followup">Report taken note of in {links}.</p>'
    return (
        f"<li>{_link(url, doc, m)} ({esc(long_date(m.date))}) {due}"
        f'<blockquote class="cmp-quote"><strong>{esc(m.verb)}</strong> {esc(m.addressee)} {esc(m.what)}</blockquote>'
        f"{follow}</li>"
    )


def _line(url: str, m: Mandate, docs: dict[str, Document]) -> str:
    """A mandate in one line (the due-session pages): where, when, who, and the verb."""
    doc = docs[m.document]
    report = " (report)" if m.reports else ""
    return (f"<li>{_link(url, doc, m)} ({esc(long_date(m.date))}): {esc(m.actor_label)} — "
            f"<em>{esc(m.verb)}</em>{report}</li>")


@dataclass
class _Section:
    key: str
    anchor: str
    items: list[Mandate]
    part: int = 1
    parts: int = 1


def _pack(kind: str, groups: dict[str, list[Mandate]], order: Callable[[str], tuple]) -> list[list[_Section]]:
    """Groups in order as sections of pages of at most ``PAGE_ITEMS`` mandates.

    Small groups share a page (a page each would cost a frame each: hundreds of actors are
    named once); a group larger than a page is split over pages of its own.
    """
    pages: list[list[_Section]] = []
    current: list[_Section] = []
    count = 0
    taken: set[str] = set()
    for key in sorted(groups, key=order):
        items = sorted(groups[key], key=lambda m: (m.date or "", m.symbol, m.paragraph))
        anchor = f"{kind}-{_slug(key, taken)}"
        if len(items) > PAGE_ITEMS:
            chunks = [items[i:i + PAGE_ITEMS] for i in range(0, len(items), PAGE_ITEMS)]
            pages += [[_Section(key, anchor, chunk, n, len(chunks))] for n, chunk in enumerate(chunks, start=1)]
            continue
        if current and count + len(items) > PAGE_ITEMS:
            pages.append(current)
            current, count = [], 0
        current.append(_Section(key, anchor, items))
        count += len(items)
    if current:
        pages.append(current)
    return pages


def _group_pages(kind: str, heading: str, groups: dict[str, list[Mandate]], order: Callable[[str], tuple], item,
                 intro: str, docs: dict[str, Document]) -> tuple[list[GeneratedPage], list[str]]:
    """The pages of one grouping (``mandates/<kind>-<n>/``, a section per group) and the index rows that link to them."""
    pages, rows = [], []
    packed = _pack(kind, groups, order)
    for n, sections in enumerate(packed, start=1):
        url = f"{MANDATES_URL}{kind}-{n}/"
        first, last = sections[0], sections[-1]
        part = f" ({first.part} of {first.parts})" if first.parts > 1 else ""
        title = f"Mandates {heading}: {first.key}{part}" if len(sections) == 1 else \
            f"Mandates {heading}: {first.key} … {last.key}"
        html = []
        for sec in sections:
            total = len(groups[sec.key])
            html.append(f'<h2 id="{esc(sec.anchor)}">{esc(sec.key)}{esc(part)} ({total})</h2>'
                        f'<ul class="cmp-list">{"".join(item(url, m, docs) for m in sec.items)}</ul>')
            if sec.part == 1:
                link = f'<a href="{esc(href(MANDATES_URL, url + "#" + sec.anchor))}">{esc(sec.key)}</a>'
                if sec.parts > 1:
                    link += " — pages " + ", ".join(
                        f'<a href="{esc(href(MANDATES_URL, f"{MANDATES_URL}{kind}-{n + k}/#{sec.anchor}"))}">{k + 1}</a>'
                        for k in range(sec.parts))
                rows.append(f"<li>{link} ({total})</li>")
        pages.append(GeneratedPage(
            url + "index.md", title,
            f"# {esc(title)}\n" + placeholder("intro") + "\n## Mandates {#list}\n" + placeholder("list"),
            parts={"intro": f"<p>{esc(intro)} <a href=\"{esc(href(url, MANDATES_URL))}\">All mandates</a>.</p>",
                   "list": "".join(html)},
            toc=[("list", sec.anchor, esc(sec.key)) for sec in sections],
        ))
    return pages, rows


def mandate_pages(ctx: Context, mandates: list[Mandate]) -> list[GeneratedPage]:
    """``mandates/`` (by actor and by due session, with counts) and the pages each links to."""
    docs = ctx.by_id
    by_actor: dict[str, list[Mandate]] = defaultdict(list)
    by_due: dict[str, list[Mandate]] = defaultdict(list)
    for m in mandates:
        by_actor[m.actor_label or "Actor not named"].append(m)
        by_due[m.due.label if m.due else NO_DUE].append(m)

    def due_order(key: str) -> tuple:
        years = [m.due.year for m in by_due[key] if m.due and m.due.year]
        return (min(years) if years else 9999, key)

    actor_pages, actor_rows = _group_pages(
        "actor", "by actor", by_actor, lambda k: (-len(by_actor[k]), k), _quoted,
        "Every request to each actor, quoted, in date order.", docs)
    due_pages, due_rows = _group_pages(
        "due", "by due session", by_due, due_order, _line,
        "Every mandate due at each session or year, in date order (each is quoted on its actor's page).", docs)
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
    index = GeneratedPage(
        f"{MANDATES_URL}index.md", "Mandates", markdown,
        parts={"summary": summary,
               "actors": f'<ul class="cmp-list">{"".join(actor_rows)}</ul>' if actor_rows else "<p>None.</p>",
               "due": f'<ul class="cmp-list">{"".join(due_rows)}</ul>' if due_rows else "<p>None.</p>"},
    )
    return [index, *actor_pages, *due_pages]


__all__ = ["mandate_pages", "MANDATES_URL", "PAGE_ITEMS"]
