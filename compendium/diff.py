"""What changed between two versions of a work: word-level diffs of aligned paragraphs.

:func:`compare` turns an :class:`~compendium.align.Alignment` into a
:class:`Comparison` (per pair: unchanged / changed / added / deleted, the word
diff, the renumbering "draft 6 -> adopted 8"); :func:`format_terminal` prints it
with ``[-deleted-]{+inserted+}`` markers (``compendium diff``);
:func:`comparison_html` renders the side-by-side page the site publishes, and
:func:`comparison_pages` lists those pages for every pair of versions in a corpus.
"""

from __future__ import annotations

import difflib
import html
import json
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from compendium.align import Alignment, Pair, label, stored_or_aligned, version_pairs
from compendium.model import Corpus, Document, Version, slug
from compendium.problems import Problem

_TOKEN = re.compile(r"\s*(?:\w+(?:[-'’/.]\w+)*|[^\w\s])")


@dataclass
class Op:
    """One run of a word diff: ``equal``, ``delete`` (only in A) or ``insert`` (only in B)."""

    kind: str
    text: str


@dataclass
class PairDiff:
    """One aligned pair with its word diff."""

    pair: Pair
    status: str
    """``unchanged``, ``changed``, ``added`` (only in B) or ``deleted`` (only in A)."""
    label_a: str
    """How A numbers the paragraph(s): ``6``, ``9 (a)``, ``preambular 3``; empty when added."""
    label_b: str
    text_a: str
    text_b: str
    ops: list[Op] = field(default_factory=list)

    @property
    def renumbered(self) -> bool:
        """True when both sides exist and number the paragraph differently."""
        return bool(self.label_a and self.label_b and self.label_a != self.label_b)

    @property
    def anchor(self) -> str:
        """A stable id for the pair on the comparison page (its B anchor, else its A anchor)."""
        return "cmp-" + (self.pair.b[0] if self.pair.b else "a-" + self.pair.a[0])


@dataclass
class Comparison:
    """Two versions of a work compared paragraph by paragraph."""

    a: Document
    b: Document
    pairs: list[PairDiff]

    def count(self, status: str) -> int:
        """How many pairs have this status."""
        return sum(p.status == status for p in self.pairs)

    @property
    def renumberings(self) -> list[PairDiff]:
        """Pairs whose official number changed."""
        return [p for p in self.pairs if p.renumbered]

    def summary(self) -> str:
        """``24 unchanged, 12 changed, 5 added, 4 deleted; 10 renumbered``."""
        counts = ", ".join(f"{self.count(s)} {s}" for s in ("unchanged", "changed", "added", "deleted"))
        return f"{counts}; {len(self.renumberings)} renumbered"


def tokens(text: str) -> list[str]:
    """Word tokens of a text, each with the space before it; punctuation marks are tokens of their own."""
    return _TOKEN.findall(text)


def word_diff(x: str, y: str) -> list[Op]:
    """The word-level diff of two texts, as runs of equal, deleted and inserted text (spacing kept)."""
    tx, ty = tokens(x), tokens(y)
    sm = difflib.SequenceMatcher(None, [t.strip() for t in tx], [t.strip() for t in ty], autojunk=False)
    ops: list[Op] = []

    def add(kind: str, text: str) -> None:
        if not text:
            return
        if ops and ops[-1].kind == kind:
            ops[-1].text += text
        else:
            ops.append(Op(kind, text))

    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            add("equal", "".join(ty[j1:j2]))
        else:
            add("delete", "".join(tx[i1:i2]))
            add("insert", "".join(ty[j1:j2]))
    if ops and ops[0].text[:1].isspace():
        ops[0].text = ops[0].text.lstrip()
    return ops


def _text(doc: Document, anchors: list[str]) -> str:
    return " ".join(p.text for p in (doc.paragraph(x) for x in anchors) if p is not None)


def compare(a: Document, b: Document, alignment: Alignment) -> Comparison:
    """Compare two versions along their alignment."""
    out: list[PairDiff] = []
    for pair in alignment.pairs:
        ta, tb = _text(a, pair.a), _text(b, pair.b)
        la = " + ".join(label(a, x) for x in pair.a)
        lb = " + ".join(label(b, y) for y in pair.b)
        if not pair.a:
            status, ops = "added", [Op("insert", tb)]
        elif not pair.b:
            status, ops = "deleted", [Op("delete", ta)]
        else:
            ops = word_diff(ta, tb)
            status = "unchanged" if all(o.kind == "equal" for o in ops) and len(pair.a) == len(pair.b) else "changed"
        out.append(PairDiff(pair, status, la, lb, ta, tb, ops))
    return Comparison(a, b, out)


def version_name(doc: Document) -> str:
    """``draft``, ``adopted``, or ``adopted (fr)`` when languages differ from English."""
    return doc.version.value if doc.language == "en" else f"{doc.version.value} ({doc.language})"


def renumbering(a: Document, b: Document, d: PairDiff) -> str:
    """``draft 6 -> adopted 8`` (ASCII arrow for terminals)."""
    return f"{version_name(a)} {d.label_a} -> {version_name(b)} {d.label_b}"


# ---------------------------------------------------------------------------
# terminal


def _split_space(text: str) -> tuple[str, str]:
    body = text.lstrip()
    return text[: len(text) - len(body)], body


def _terminal_mark(o: Op) -> str:
    if o.kind == "equal":
        return o.text
    space, body = _split_space(o.text)
    return f"{space}[-{body}-]" if o.kind == "delete" else f"{space}{{+{body}+}}"


def terminal_ops(ops: list[Op]) -> str:
    """Ops with markers; an insertion right after a deletion sits against it (``[-into-]{+in+}``)."""
    out = []
    for i, o in enumerate(ops):
        if o.kind == "insert" and i and ops[i - 1].kind == "delete":
            o = Op(o.kind, o.text.lstrip())
        out.append(_terminal_mark(o))
    return "".join(out)


def format_terminal(c: Comparison) -> str:
    """The comparison as text: summary, then one entry per pair with ``[-deleted-]{+inserted+}`` markers."""
    va, vb = version_name(c.a), version_name(c.b)
    lines = [f"{c.a.work}: {va} ({c.a.id}) -> {vb} ({c.b.id})", c.summary(), ""]
    for d in c.pairs:
        if d.status == "added":
            lines.append(f"+ {vb} {d.label_b} (added): {{+{d.text_b}+}}")
        elif d.status == "deleted":
            lines.append(f"- {va} {d.label_a} (deleted): [-{d.text_a}-]")
        else:
            where = renumbering(c.a, c.b, d) if d.renumbered else f"{va} {d.label_a}"
            if d.status == "unchanged":
                lines.append(f"= {where} (unchanged)")
            else:
                body = terminal_ops(d.ops)
                lines.append(f"~ {where} (changed): {body}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# HTML

COMPARE_CSS = """
.compare-table{width:100%;border-collapse:collapse;table-layout:fixed}
.compare-table th,.compare-table td{vertical-align:top;border-top:1px solid rgba(128,128,128,.4);padding:.4em .6em;text-align:left}
.compare-table del{text-decoration:line-through;background:rgba(220,40,40,.15)}
.compare-table ins{text-decoration:underline;background:rgba(40,160,40,.18)}
.compare-status{font-weight:bold;font-size:.85em}
.compare-absent{font-style:italic;opacity:.8}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
""".strip()
"""Styles the comparison needs (strike-through and underline besides colour); inlined in the page."""


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def mark_html(kind: str, text: str) -> str:
    """One diff run as HTML: ``<del>``/``<ins>`` with a visually hidden "deleted: "/"inserted: " label."""
    if kind == "equal":
        return _esc(text)
    space, body = _split_space(text)
    tag, word = ("del", "deleted") if kind == "delete" else ("ins", "inserted")
    return f'{space}<{tag}><span class="visually-hidden">{word}: </span>{_esc(body)}</{tag}>'



def _side(ops: list[Op], side: str) -> str:
    keep = {"a": ("equal", "delete"), "b": ("equal", "insert")}[side]
    return "".join(mark_html(o.kind, o.text) for o in ops if o.kind in keep)


def _link(doc: Document, anchors: list[str], text: str, page_url: str | None) -> str:
    if page_url is None or not anchors:
        return _esc(text)
    href = posixpath.relpath(doc.url, page_url.rstrip("/") or ".") + "/#" + anchors[0]
    return f'<a href="{_esc(href)}">{_esc(text)}</a>'


def comparison_html(a: Document, b: Document, alignment: Alignment, page_url: str | None = None) -> str:
    """The side-by-side comparison of two versions as an HTML fragment (no blank lines, safe inside Markdown).

    Every aligned pair is a table row: the number in each version (with the
    renumbering spelled out), a status word, and the two texts with the word
    diff marked by ``<del>``/``<ins>`` — struck through / underlined and
    preceded by visually hidden "deleted:" / "inserted:" labels, so the marks
    do not rely on colour. ``page_url`` (the page's URL relative to the site
    root) makes the numbers link to the paragraphs of each version.
    """
    c = compare(a, b, alignment)
    va, vb = version_name(a), version_name(b)
    summary = (
        f'<ul class="compare-summary">'
        f"<li><strong>{c.count('unchanged')}</strong> unchanged</li>"
        f"<li><strong>{c.count('changed')}</strong> changed</li>"
        f"<li><strong>{c.count('added')}</strong> added in the {_esc(vb)} text</li>"
        f"<li><strong>{c.count('deleted')}</strong> deleted from the {_esc(va)} text</li>"
        f"<li><strong>{len(c.renumberings)}</strong> renumbered</li></ul>"
    )
    rows = []
    for d in c.pairs:
        if d.status == "added":
            left = f'<span class="compare-absent">(not in the {_esc(va)} text)</span>'
            right = _side(d.ops, "b")
        elif d.status == "deleted":
            left = _side(d.ops, "a")
            right = f'<span class="compare-absent">(not in the {_esc(vb)} text)</span>'
        else:
            left, right = _side(d.ops, "a"), _side(d.ops, "b")
        status = d.status
        if d.renumbered:
            status += f"; renumbered: {va} {d.label_a} → {vb} {d.label_b}"
        la = _link(a, d.pair.a, f"{va} {d.label_a}", page_url) if d.label_a else "—"
        lb = _link(b, d.pair.b, f"{vb} {d.label_b}", page_url) if d.label_b else "—"
        rows.append(
            f'<tr id="{_esc(d.anchor)}" class="compare-{d.status}">'
            f'<th scope="row">{la}<br>{lb}<br><span class="compare-status">{_esc(status)}</span></th>'
            f"<td>{left}</td><td>{right}</td></tr>"
        )
    return (
        f'<div class="compendium-compare"><style>{COMPARE_CSS}</style>'
        f'<p class="compare-intro">The {_esc(va)} text ({_esc(a.id)}) compared with the {_esc(vb)} text '
        f"({_esc(b.id)}), paragraph by paragraph. Deleted words are struck through and marked "
        f"“deleted”; inserted words are underlined and marked “inserted”.</p>"
        f"{summary}"
        f'<table class="compare-table"><caption>{_esc(a.work)}: {_esc(va)} and {_esc(vb)} texts</caption>'
        f'<colgroup><col style="width:17%"><col><col></colgroup>'
        f'<thead><tr><th scope="col">Paragraph ({_esc(va)} / {_esc(vb)})</th>'
        f'<th scope="col">{_esc(va.capitalize())} text</th><th scope="col">{_esc(vb.capitalize())} text</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def comparison_url(a: Document, b: Document) -> str:
    """URL (relative to the site root) of the comparison page: ``resolutions/E-RES-2004-28/compare/draft-adopted/``."""
    name = (
        f"{a.version.value}-{b.version.value}"
        if a.language == b.language == "en"
        else f"{a.version.value}.{a.language}-{b.version.value}.{b.language}"
    )
    return f"resolutions/{slug(a.work)}/compare/{name}/"


def comparison_parts(state, problems: list[Problem] | None = None) -> list[tuple[str, str, str]]:
    """Every comparison page of a corpus as ``(path, title, body HTML)``, path relative to the docs folder.

    ``state`` is the pipeline's State (with ``.corpus``) or a Corpus. The stored
    alignment in ``<corpus root>/alignments/`` is used when it is up to date;
    otherwise a fresh alignment (keeping its checked pairs), and the reason is
    appended to ``problems`` when given.
    """
    corpus: Corpus = getattr(state, "corpus", state)
    pages: list[tuple[str, str, str]] = []
    for a, b in version_pairs(corpus):
        alignment, found = stored_or_aligned(Path(corpus.root), a, b)
        if problems is not None:
            problems.extend(found)
        url = comparison_url(a, b)
        title = f"{a.symbol}: {version_name(a)} and {version_name(b)} texts compared"
        pages.append((url + "index.md", title, comparison_html(a, b, alignment, page_url=url)))
    return pages


def comparison_pages(state, problems: list[Problem] | None = None) -> list[tuple[str, str]]:
    """Every comparison page as ``(path, markdown)``: front matter, heading and the body HTML (``comparison_parts``)."""
    return [
        (path, f"---\ntitle: {json.dumps(title)}\n---\n\n# {html.escape(title)}\n\n{body}\n")
        for path, title, body in comparison_parts(state, problems)
    ]


def find_document(corpus: Corpus, ref: str) -> Document | None:
    """A document by expression id (``E-RES-2004-28.draft.en``) or ``symbol@version[.language]``."""
    by_id = corpus.by_id()
    if ref in by_id:
        return by_id[ref]
    symbol, _, rest = ref.partition("@")
    version, _, language = (rest or Version.ADOPTED.value).partition(".")
    for d in corpus.documents:
        if (d.work == symbol or d.symbol == symbol) and d.version.value == version and d.language == (language or "en"):
            return d
    return None
