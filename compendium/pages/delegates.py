"""Pages for delegates: recurring formulas of agreed language, and "also adopted in" under each paragraph (mandates: ``compendium.pages.mandates``)."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from compendium import agreed, diff
from compendium.model import Corpus, Document, Paragraph, Version
from compendium.pages import GeneratedPage, esc, href, placeholder
from compendium.pages.context import Context
from compendium.pages.labels import long_date, strings, work_short
from compendium.render import locator

AGREED_URL = "agreed-language/"


WORDINGS_SHOWN = 3
"""Under a paragraph, at most this many earlier wordings other than its own are shown (the most recent)."""
PLACES_SHOWN = 10
"""… and at most this many places per wording; the rest are on the formula's page."""
ALSO_CONTEXT = 6
"""Under a paragraph (shown in full just above), a diff keeps this many unchanged words around each change."""
FORMULA_CONTEXT = 8
"""On a formula's page (the first wording in full), a later wording keeps this many unchanged words around each change."""
FORMULAS_PER_PAGE = 100
"""At most this many formulas share a page of ``agreed-language/`` (a page each would cost a frame each) …"""
PAGE_WEIGHT = 2000
"""… and about this much weight (``_weight``: hundreds of bytes), so that pages of long formulas stay readable."""


_RUN = re.compile(r"\S+\s*")


def _elide(text: str, context: int, head: bool, tail: bool) -> str:
    """An unchanged stretch of a diff with its middle left out (``[…]``), keeping ``context`` words at each kept end."""
    words = _RUN.findall(text)
    keep_head, keep_tail = (context if head else 0), (context if tail else 0)
    if len(words) <= keep_head + keep_tail + 3:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    out = lead + "".join(words[:keep_head]) + "[…]"
    return out + " " + "".join(words[len(words) - keep_tail:]) if keep_tail else out


@functools.lru_cache(maxsize=8192)
def _diff_html(old: str, new: str, context: int | None = None, language: str = "en") -> str:
    """Inline word diff: what the later text deleted and inserted, marked with words besides colour.

    With ``context``, unchanged stretches keep that many words next to each change and
    the rest is left out (``[…]``): for a text shown in full nearby. The words naming
    a change for screen readers are in ``language``, the page's. Memoized: the same
    two wordings meet on the page of every paragraph that repeats one of them.
    """
    ops = diff.word_diff(old, new)
    t = strings(language)
    named = {"delete": ("del", esc(t["diff_deleted"])), "insert": ("ins", esc(t["diff_inserted"]))}
    out = []
    for i, op in enumerate(ops):
        if op.kind == "equal":
            text = op.text if context is None else _elide(op.text, context, i > 0, i < len(ops) - 1)
            out.append(esc(text))
        else:
            tag, word = named[op.kind]
            out.append(f'<{tag}><span class="cmp-visually-hidden">{word}</span>{esc(op.text)}</{tag}>')
    return "".join(out)


def place_label(doc: Document, p: Paragraph) -> str:
    """A paragraph named briefly, for lists of places: ``GA 76/182, para. 3``, ``Draft of ECOSOC 2004/28, para. 6``."""
    name = work_short(doc.work, doc)
    if doc.version == Version.DRAFT:
        name = f"Draft of {name}"
    elif doc.version != Version.ADOPTED:
        name += f" ({doc.version.value})"
    return f"{name}, {locator(doc, p)}"


@dataclass
class FormulaPage:
    """A page of ``agreed-language/``: consecutive formulas (in order of their words) opening alike."""

    name: str
    """Path segment: the opening word and the page's number among its pages (``recalling-3``)."""
    title: str
    formulas: list[agreed.Formula]

    @property
    def url(self) -> str:
        """Site-root URL of the page."""
        return f"{AGREED_URL}{self.name}/"


def _opening(found: agreed.AgreedLanguage, f: agreed.Formula) -> str:
    """The path segment for a formula's opening word: ASCII letters, else the formula's language."""
    words = f.label.split()
    # "(a) Such sums …": a sub-paragraph's letter or number is not its opening word
    word = words[1] if len(words) > 1 and re.fullmatch(r"[a-z]|[ivxl]+|\d+", words[0]) else words[0]
    ascii_word = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_word).strip("-")[:40] or found.units[f.members[0]].language


def _weight(found: agreed.AgreedLanguage, f: agreed.Formula) -> int:
    """About how many hundred bytes a formula's section takes (fitted on the scale corpus): its wordings, their words, its places."""
    first = {found.text_of[r]: r for r in reversed(f.members)}
    words = sum(len(found.units[r].words) for r in first.values())
    return 3 + (80 * len(f.members) + 10 * words + 400 * len(first)) // 100


def _split(formulas: list[agreed.Formula], weights: list[int], pieces: int) -> list[list[agreed.Formula]]:
    """Consecutive runs of about equal weight."""
    total, out, run, acc = sum(weights), [], [], 0
    for f, w in zip(formulas, weights):
        if run and acc + w / 2 > total * (len(out) + 1) / pieces and len(out) < pieces - 1:
            out.append(run)
            run = []
        run.append(f)
        acc += w
    return out + [run]


def formula_pages(found: agreed.AgreedLanguage) -> list[FormulaPage]:
    """The formulas laid out on pages by opening word, at most ``FORMULAS_PER_PAGE`` and about ``PAGE_WEIGHT`` a page.

    An opening heavy enough for half a page or more gets pages of its own
    (``recalling-1`` … ``recalling-11``); rarer openings share pages in the order of
    their words, named after the first opening on them (``abiding-1``). Pages are
    listed by name.
    """
    by_opening: dict[str, list[agreed.Formula]] = defaultdict(list)
    for f in sorted(found.formulas, key=lambda f: (f.label, f.id)):
        by_opening[_opening(found, f)].append(f)
    weight = {f.id: _weight(found, f) for f in found.formulas}
    pages: list[FormulaPage] = []
    used: set[str] = set()

    def add(key: str, formulas: list[agreed.Formula], n: int, of: int) -> None:
        name = f"{key}-{n}"
        while name in used:  # two openings that fold to one segment
            name += "-x"
        used.add(name)
        first = formulas[0].label.split(" ", 1)[0]
        last = formulas[-1].label.split(" ", 1)[0]
        opening = first if first == last else f"{first} … {last}"
        pages.append(FormulaPage(name, f"Formulas: {opening}" + (f" ({n} of {of})" if of > 1 else ""), formulas))

    pending: list[agreed.Formula] = []
    pending_key, pending_weight = "", 0
    for key in sorted(by_opening):
        group = by_opening[key]
        w = sum(weight[f.id] for f in group)
        if w >= PAGE_WEIGHT // 2 or len(group) >= FORMULAS_PER_PAGE // 2:
            count = max(-(-w // PAGE_WEIGHT), -(-len(group) // FORMULAS_PER_PAGE))
            for n, run in enumerate(_split(group, [weight[f.id] for f in group], count)):
                add(key, run, n + 1, count)
            continue
        if pending and (pending_weight + w > PAGE_WEIGHT or len(pending) + len(group) > FORMULAS_PER_PAGE):
            add(pending_key, pending, 1, 1)
            pending, pending_weight = [], 0
        if not pending:
            pending_key = key
        pending += group
        pending_weight += w
    if pending:
        add(pending_key, pending, 1, 1)
    return sorted(pages, key=lambda page: page.name)


class _Shown:
    """What the agreed-language output computes once per corpus: formula sections and each place's link."""

    def __init__(self, corpus: Corpus, found: agreed.AgreedLanguage):
        self.corpus = corpus
        self.found = found
        self.pages = formula_pages(found)
        self.section = {f.id: f"{page.url}#{f.id}" for page in self.pages for f in page.formulas}
        self._places: dict[agreed.Ref, tuple[Document, Paragraph] | None] = {}
        self._labels: dict[agreed.Ref, str] = {}

    def located(self, ref: agreed.Ref) -> tuple[Document, Paragraph] | None:
        """The document and paragraph a reference names (``agreed.paragraph_of``, remembered)."""
        if ref not in self._places:
            self._places[ref] = agreed.paragraph_of(self.corpus, ref)
        return self._places[ref]

    def link(self, page_url: str, ref: agreed.Ref) -> str:
        """``<a>`` to a paragraph, labelled with its citation; empty when the corpus lacks it."""
        located = self.located(ref)
        if located is None:
            return ""
        doc, p = located
        label = self._labels.get(ref)
        if label is None:
            label = self._labels[ref] = esc(place_label(doc, p))
        return f'<a href="{esc(href(page_url, doc.url + "#" + p.anchor))}">{label}</a>'

    def formula_url(self, ref: agreed.Ref) -> str | None:
        """Site-root URL of the section of the formula a paragraph belongs to, if any."""
        formula = self.found.formula_of(ref)
        return self.section.get(formula.id) if formula else None


_SHOWN: list[_Shown | None] = [None]


def _shown(corpus: Corpus, found: agreed.AgreedLanguage) -> _Shown:
    cached = _SHOWN[0]
    if cached is None or cached.found is not found or cached.corpus is not corpus:
        cached = _SHOWN[0] = _Shown(corpus, found)
    return cached


def _formula_section(shown: _Shown, page_url: str, f: agreed.Formula) -> str:
    """A formula's section: each distinct wording once, in the order of first adoption, with its places."""
    found = shown.found
    wordings: dict[int, list[agreed.Ref]] = {}
    for ref in f.members:  # date order: a wording's first adoption places it
        wordings.setdefault(found.text_of[ref], []).append(ref)
    items, previous = [], None
    language = found.units[f.members[0]].language
    heading = f.label  # lower-cased words, unless the first wording's own text is at hand
    for refs in wordings.values():
        quote = ""
        located = shown.located(refs[0])
        if located is not None:
            doc, p = located
            text = esc(p.text) if previous is None else _diff_html(previous, p.text, FORMULA_CONTEXT)
            quote = f'<blockquote class="cmp-quote cmp-diff" lang="{esc(language)}" dir="auto">{text}</blockquote>'
            if previous is None:
                heading = " ".join(p.text.split()[:12]).rstrip(",;:.")
            previous = p.text
        dates = [d for d in (found.units[r].date for r in refs) if d]
        when = long_date(dates[0]) if dates else "undated"
        if dates and dates[-1] != dates[0]:
            when += f" to {long_date(dates[-1])}"
        places = ", ".join(link for r in refs if (link := shown.link(page_url, r)))
        count = f"{len(refs)} adoption" + ("s" if len(refs) > 1 else "")
        items.append(f"<li><p>{count}, {esc(when)}:</p>{quote}<p>In {places}.</p></li>")
    works = len({found.units[r].work for r in f.members})
    return (f'<section class="cmp-formula" id="{esc(f.id)}"><h2 lang="{esc(language)}" dir="auto">“{esc(heading)} …”</h2>'
            f"<p>Adopted {len(f.members)} times in {works} texts, in {len(wordings)} "
            f'wording{"s" if len(wordings) > 1 else ""}.</p><ol class="cmp-list">{"".join(items)}</ol></section>')


def agreed_pages(ctx: Context, found: agreed.AgreedLanguage) -> list[GeneratedPage]:
    """``agreed-language/`` (the pages of formulas, the most adopted ones) and the pages of formulas.

    Each formula is a section (``agreed-language/<opening>-<n>/#<formula id>``) listing
    its distinct wordings in the order they were first adopted, each once, with the
    words changed since the wording before and every place that adopted it.
    """
    shown = _shown(ctx.corpus, found)
    pages = []
    rows = []
    for page in shown.pages:
        contents = ", ".join(f'<a href="#{esc(f.id)}">{esc(" ".join(f.label.split()[:6]))} …</a>' for f in page.formulas)
        sections = "".join(_formula_section(shown, page.url, f) for f in page.formulas)
        intro = (f'<p><a href="../">Agreed language</a>: {len(page.formulas)} recurring formulas, in the order of '
                 "their words. Each formula lists its wordings in the order they were first adopted, each once: the first "
                 "in full, each later one as the words changed since the wording before (deleted words struck through, "
                 "inserted words underlined, long unchanged stretches left out as […]), with the places that "
                 "adopted it.</p>"
                 f'<nav class="cmp-formulas" aria-label="Formulas on this page"><p>{contents}</p></nav>')
        pages.append(GeneratedPage(
            f"{page.url}index.md", page.title,
            "# Recurring formulas\n" + placeholder("intro") + "\n## Formulas {#formulas}\n" + placeholder("list"),
            parts={"intro": intro, "list": sections},
        ))
        first, last = page.formulas[0].label, page.formulas[-1].label
        rows.append(f'<li><a href="{esc(href(AGREED_URL, page.url))}">{esc(page.title)}</a>: '
                    f"{len(page.formulas)} formulas, “{esc(' '.join(first.split()[:5]))} …” to "
                    f"“{esc(' '.join(last.split()[:5]))} …”</li>")
    top = sorted(found.formulas, key=lambda f: (-len(f.members), f.label))[:50]
    most = "".join(f'<li><a href="{esc(href(AGREED_URL, shown.section[f.id]))}">{esc(f.label)} …</a> '
                   f"({len(f.members)} adoptions)</li>" for f in top)
    intro = (
        f"<p>{found.pair_count} pairs of paragraphs share the same or nearly the same wording "
        f"(at least {agreed.THRESHOLD:.0%} of their words in order); {len(found.formulas)} formulas recur in "
        f"{agreed.FORMULA_MIN_WORKS} or more texts, on {len(shown.pages)} page{'s' if len(shown.pages) != 1 else ''} by their opening words. "
        "Each paragraph's page lists where its wording was adopted "
        "before. The method is described on the page <em>Agreed language</em> of the documentation.</p>"
    )
    pages.append(GeneratedPage(
        f"{AGREED_URL}index.md", "Agreed language",
        "# Agreed language\n" + placeholder("intro") + "\n## Recurring formulas {#formulas}\n" + placeholder("list")
        + "\n## Most adopted {#most-adopted}\n" + placeholder("most"),
        parts={"intro": intro,
               "list": f'<ul class="cmp-list">{"".join(rows)}</ul>' if rows else "<p>No formula recurs in the corpus yet.</p>",
               "most": f'<ol class="cmp-list">{most}</ol>' if most else "<p>None yet.</p>"},
    ))
    return pages


def _places(shown: _Shown, page_url: str, refs: list[agreed.Ref], total: int, more_url: str | None, t: dict) -> str:
    links = [link for r in refs if (link := shown.link(page_url, r))]
    rest = total - len(links)
    if rest > 0:
        more = esc(t["and_more"].format(count=rest))
        links.append(f'<a href="{esc(more_url)}">{more}</a>' if more_url else more)
    return t.get("list_separator", ", ").join(links)


def also_adopted_html(ctx: Context, page_url: str, found: agreed.AgreedLanguage, doc: Document, p: Paragraph) -> str:
    """The expandable "also adopted in …" under a paragraph: its wording's earlier adoptions, grouped by wording.

    The paragraph's own wording is one line of places ("same words in …"); each other
    wording is shown once, with its similarity, its word diff against this paragraph
    and the places that used it. The most recent ``WORDINGS_SHOWN`` wordings and
    ``PLACES_SHOWN`` places a wording are shown; "and N more" links to the formula's
    section, so the size does not grow with the corpus. Labelled in the document's
    language (agreed language compares texts of one language only).
    """
    ref = agreed.Ref(doc.id, p.anchor)
    wordings = found.earlier_wordings(ref, PLACES_SHOWN)
    if not wordings:
        return ""
    shown = _shown(ctx.corpus, found)
    t = strings(doc.language)
    section = shown.formula_url(ref)
    more_url = href(page_url, section) if section else None
    own = found.text_of[ref]
    items = [f'<li class="cmp-same">{esc(t["same_words_in"])} {_places(shown, page_url, w.latest, w.count, more_url, t)}</li>'
             for w in wordings if w.text == own]
    others = [w for w in wordings if w.text != own]
    for w in others[:WORDINGS_SHOWN]:
        located = shown.located(found.first_of(w.text))
        if located is None:
            continue
        items.append(
            f'<li>{esc(t["similarity"].format(percent=f"{w.similarity:.0%}"))}'
            f'<blockquote class="cmp-diff">{_diff_html(located[1].text, p.text, ALSO_CONTEXT, doc.language)}</blockquote>'
            f'{esc(t["wording_in"])} {_places(shown, page_url, w.latest, w.count, more_url, t)}</li>'
        )
    tail = []
    if len(others) > WORDINGS_SHOWN:
        more = esc(t["more_wordings"].format(count=len(others) - WORDINGS_SHOWN))
        tail.append(f'<a href="{esc(more_url)}">{more}</a>' if more_url else more)
    if more_url:
        tail.append(f'<a href="{esc(more_url)}">{esc(t["formula_evolved"])}</a>')
    total = sum(w.count for w in wordings)
    summary = t["also_adopted_one" if total == 1 else "also_adopted_other"].format(count=total)
    return (f'<details class="cmp-agreed"><summary>{esc(summary)}</summary>'
            f'<ul>{"".join(items)}</ul>{"<p>" + " · ".join(tail) + "</p>" if tail else ""}</details>')
