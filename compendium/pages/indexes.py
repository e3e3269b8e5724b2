"""Index pages over the whole corpus: the list of resolutions and the timeline."""

from __future__ import annotations

from dataclasses import dataclass

from compendium.model import Document, Version
from compendium.pages import GeneratedPage, esc, href, placeholder
from compendium.pages.context import Context
from compendium.pages.labels import language_name, long_date, year_of


def resolutions_index(ctx: Context) -> GeneratedPage:
    """``resolutions/``: every work of the corpus, newest first, with its versions and languages."""
    url = "resolutions/"
    rows = []
    for work, docs in sorted(ctx.works.items(), key=lambda kv: _sort_key(ctx.doc(kv[0])), reverse=True):
        primary = ctx.doc(work)
        if primary is None:
            continue
        others = [
            f'<a href="{esc(href(url, d.url))}" hreflang="{esc(d.language)}">{esc(d.version.value)} · {esc(language_name(d.language))}</a>'
            for d in docs
            if d is not primary
        ]
        rows.append(
            "<tr>"
            f'<td><time datetime="{esc(primary.date or "")}">{esc(primary.date or "undated")}</time></td>'
            f'<td><a href="{esc(href(url, primary.url))}">{esc(ctx.name(work))}</a></td>'
            f"<td>{esc(primary.title)}</td>"
            f"<td>{' '.join(others)}</td>"
            "</tr>"
        )
    table = (
        f"<p>{len(rows)} texts. Each links to its adopted English text where the corpus has it; "
        "the last column links the other versions and languages.</p>"
        '<table class="cmp-table"><thead><tr><th>Date</th><th>Text</th><th>Title</th><th>Other versions</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    return GeneratedPage("resolutions/index.md", "Resolutions", placeholder("list"), {"list": table})


def _sort_key(doc: Document | None) -> tuple[str, str]:
    return ((doc.date or "") if doc else "", doc.symbol if doc else "")


@dataclass
class _Entry:
    date: str | None
    organ: str
    categories: list[int]
    html: str


def timeline(ctx: Context) -> GeneratedPage:
    """``timeline/``: every resolution and every stub by date, grouped by year, filterable."""
    url = "timeline/"
    entries: list[_Entry] = []
    for work, docs in ctx.works.items():
        primary = ctx.doc(work)
        if primary is None:
            continue
        link = f'<a href="{esc(href(url, primary.url))}">{esc(ctx.name(work))}</a>'
        stages = ""
        drafts = [d for d in docs if d.version == Version.DRAFT and d.language == primary.language]
        if drafts and primary.version == Version.ADOPTED:
            draft = drafts[0]
            where = f" in {esc(draft.source.symbol)}" if draft.source.symbol else ""
            stages = (
                f' <span class="cmp-badge">draft{where} → adopted</span> '
                f'<a href="{esc(href(url, draft.url))}">the draft</a>'
            )
            for label, page in ctx.related.get(primary.id, []):
                if label.startswith("what changed"):
                    stages += f' · <a href="{esc(href(url, page))}">{esc(label)}</a>'
        entries.append(
            _Entry(
                primary.date,
                primary.organ.value,
                list(primary.categories),
                f"{link} {esc(primary.title)}{stages}",
            )
        )
    for stub in ctx.stubs():
        link = f'<a href="{esc(href(url, ctx.work_url(stub.target)))}">{esc(ctx.name(stub.target))}</a>'
        title = f" {esc(stub.title)}" if stub.title else ""
        entries.append(
            _Entry(stub.date, stub.organ, [], f'{link}{title} <span class="cmp-badge cmp-badge--stub">not in the corpus</span>')
        )
    years: dict[str, list[_Entry]] = {}
    for entry in sorted(entries, key=lambda e: (e.date or "9999", e.html)):
        years.setdefault(year_of(entry.date) or "Undated", []).append(entry)
    organs = sorted({e.organ for e in entries})
    blocks = []
    for year, group in years.items():
        items = "".join(
            f'<li data-organ="{esc(e.organ)}" data-categories="{" ".join(map(str, e.categories))}">'
            f'<span class="cmp-date">{esc(long_date(e.date) or "undated")}</span> {e.html}</li>'
            for e in group
        )
        blocks.append(
            f'<section class="cmp-timeline-year" id="y{esc(year)}"><h2>{esc(year)}</h2><ul class="cmp-list">{items}</ul></section>'
        )
    options_organ = "".join(f'<option value="{esc(o)}">{esc(o)}</option>' for o in organs)
    options_cat = "".join(f'<option value="{n}">{n}. {esc(name)}</option>' for n, name in sorted(ctx.categories.items()))
    form = (
        '<form class="cmp-timeline-filter" hidden>'
        f'<label>Organ <select name="organ"><option value="">all</option>{options_organ}</select></label>'
        f'<label>Category <select name="category"><option value="">all</option>{options_cat}</select></label>'
        '<output class="cmp-timeline-count" aria-live="polite"></output>'
        "</form>"
    )
    intro = (
        "<p>Every text of the corpus, and every text it cites that the corpus does not hold, "
        "by date of adoption (or the date the citing texts give). Where the corpus holds the draft "
        "of a resolution as well, the entry shows draft → adopted.</p>"
    )
    html = f'<div class="cmp-timeline">{intro}{form}{"".join(blocks)}</div>'
    return GeneratedPage("timeline/index.md", "Timeline", placeholder("timeline"), {"timeline": html})
