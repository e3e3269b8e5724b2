"""Rendering: a Document's body as HTML, every paragraph addressable and citable.

The corpus is untrusted text. Everything from it is HTML-escaped first; the
only tags in the output are the ones this module writes: the paragraph
elements, ``<em>``/``<strong>`` from ``*italics*``/``**bold**``, footnote
references and citation links.

Citation offsets (``Citation.start``/``end``) are offsets into the paragraph's
plain text (``Paragraph.text``, i.e. ``model.plain_text``). The inline
renderer keeps, for every character it writes, the position of that character
in the Markdown source; ``plain_offsets`` maps plain-text offsets to the same
source positions, so a citation span becomes a source range and the link tags
go around exactly those characters, split where emphasis or a footnote
reference would otherwise make the tags cross.

The HTML, for stylesheets and scripts:

* ``div.compendium-doc[lang][dir]`` wraps the body;
* each citable block is ``p.para.para--<kind>[id][data-kind][data-cite]``
  (sub-paragraphs add ``.para--level-N`` and ``data-level``) holding
  ``a.para-link.cmp-permalink`` (the link icon), ``span.para-num`` (the number
  as printed) and ``span.para-text``; formula and closing are ``p.para``
  without ``data-cite``; headings ``h2``–``h5.para--heading[id]``; residual
  text ``div.para--residual[role=note]``; embedded documents
  ``aside.para--embedded[data-ref]``;
* citations ``a.cite[data-target]`` (``.cite--internal`` within the document);
* footnote references ``sup.fnref > a#fnref-N-k[href=#fn-N]``, the list
  ``section.footnotes > ul.footnote-list > li.footnote#fn-N`` with
  ``a.fn-back`` links.
"""

from __future__ import annotations

import bisect
import html
import posixpath
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

from compendium.model import _MARKUP, Citation, Document, Kind, Organ, Paragraph, Version, document_url, plain_text

RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb"})
"""Languages written right to left (ISO 639-1 and -3 codes)."""

ORGAN_CITE_NAMES = {
    Organ.GA: "General Assembly",
    Organ.ECOSOC: "ECOSOC",
    Organ.CCPCJ: "CCPCJ",
    Organ.SC: "Security Council",
}
"""How a citation names the adopting organ (``ECOSOC resolution 2004/28``)."""

LINK_ICON = "¶"
MISSING_FOOTNOTE = "Text not in the source extract."
UNDECLARED_FOOTNOTE = "Footnote text not in the corpus file."
RESIDUAL_LABEL = "Text the importer could not place"

Resolve = Callable[[Citation], "str | None"]

ALLOWED_TAGS = frozenset({"div", "p", "span", "a", "em", "strong", "sup", "h1", "h2", "h3", "h4", "h5", "h6",
                          "aside", "section", "hr", "ul", "li"})
"""Every element ``render_document`` writes (what an allow-list sanitizer must keep)."""
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "lang", "dir", "role", "aria-label", "title"},
    "a": {"href", "data-target"},
    "p": {"data-kind", "data-level", "data-cite"},
    "div": {"data-kind", "data-level"},
    "aside": {"data-kind", "data-ref"},
    "li": {"data-cite"},
    **{f"h{n}": {"data-kind"} for n in range(1, 7)},
}
"""Every attribute ``render_document`` writes, by element."""


def esc(text: object) -> str:
    """HTML-escape a value for text or a double-quoted attribute."""
    return html.escape("" if text is None else str(text), quote=True)


def direction(language: str) -> str:
    """``rtl`` for a right-to-left language code (``ar``, ``he``, ``fa``, ``ur`` ...), else ``ltr``."""
    return "rtl" if language.split("-")[0].lower() in RTL_LANGUAGES else "ltr"


def sanitize(fragment: str) -> str:
    """The fragment passed through the nh3 allow-list of what the renderer writes.

    Defence in depth: ``render_document``'s output already passes unchanged
    (the tests check it, hostile input included); anything else is stripped.
    """
    import nh3  # late: only callers that sanitize need it

    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )


# --------------------------------------------------------------------------- citation labels

_ORDINALS = (
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_UNITS = "one two three four five six seven eight nine".split()


def ordinal_word(n: int) -> str:
    """``3`` -> ``third``, ``21`` -> ``twenty-first``; ``100`` and above as ``100th``."""
    if 0 <= n < 20:
        return _ORDINALS[n]
    if n < 100:
        tens, units = divmod(n, 10)
        if units == 0:
            return _TENS[tens - 2][:-1] + "ieth"
        return f"{_TENS[tens - 2]}-{_ORDINALS[units]}"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def document_name(doc: Document) -> str:
    """How a citation names the document: ``ECOSOC resolution 2004/28``, or the symbol of a report.

    A draft says so, and where it was printed (``Draft of ECOSOC resolution 2004/28
    (E/CN.15/2004/9/Add.1)``): its paragraph numbers are not the adopted text's.
    """
    if doc.number and doc.doctype in ("resolution", "decision") and doc.organ in ORGAN_CITE_NAMES:
        name = f"{ORGAN_CITE_NAMES[doc.organ]} {doc.doctype} {doc.number}"
    else:
        name = doc.symbol
    if doc.version == Version.DRAFT:
        name = f"Draft of {name}"
        if doc.source.symbol and doc.source.symbol != doc.symbol:
            name += f" ({doc.source.symbol})"
    elif doc.version != Version.ADOPTED:
        name += f" ({doc.version.value})"
    return name


def section_label(section: str | None) -> list[str]:
    """Parts of a section prefix read out: ``annex-i-sec-iv-a`` -> ``["annex I", "section IV.A"]``."""
    if not section:
        return []
    tokens = section.split("-")
    out: list[str] = []
    i = 0
    if tokens[0] == "annex":
        i = 1
        if i < len(tokens) and tokens[i] != "sec":
            out.append(f"annex {tokens[i].upper()}")
            i += 1
        else:
            out.append("annex")
    if i + 1 < len(tokens) and tokens[i] == "sec":
        out.append("section " + ".".join(t.upper() for t in tokens[i + 1 :]))
    return out


class _Index:
    """Lookups over one document's paragraphs, built once per rendering (``doc.paragraph`` is a scan)."""

    def __init__(self, doc: Document):
        self.by_anchor = {p.anchor: p for p in doc.paragraphs}
        self.text_ordinal: dict[int, int] = {}
        counts: dict[str | None, int] = {}
        for p in doc.paragraphs:
            if p.kind == Kind.TEXT:
                counts[p.section] = counts.get(p.section, 0) + 1
                self.text_ordinal[id(p)] = counts[p.section]

    def parent(self, para: Paragraph) -> Paragraph | None:
        return self.by_anchor.get(para.parent) if para.parent else None


def _index_of(doc: Document) -> _Index:
    """The document's ``_Index``, made once: every citation label of the site asks for one."""
    return doc.derived("_render_index", _Index)


def locator(doc: Document, para: Paragraph, *, short: bool = True, index: _Index | None = None) -> str:
    """Where a paragraph is in its document: ``section III, para. 7 (c)``, ``third preambular paragraph``.

    ``short=False`` spells ``paragraph`` out (for screen-reader labels).
    """
    index = index or _index_of(doc)
    word = "para." if short else "paragraph"
    parts = section_label(para.section)
    root = para
    while root.kind == Kind.SUBPARAGRAPH and (parent := index.parent(root)) is not None:
        root = parent
    if root.kind == Kind.REPORT:
        # Report paragraphs are numbered through the whole report: the section adds nothing.
        parts = [p for p in parts if p.startswith("annex")]
    if para.kind == Kind.HEADING:
        return ", ".join(parts) or plain_text(para.markdown) or para.anchor
    parts.append(_own_locator(para, word, index))
    return ", ".join(parts)


def _own_locator(para: Paragraph, word: str, index: _Index) -> str:
    """The paragraph's own part of the locator, without the section."""
    if para.kind == Kind.PREAMBULAR:
        return f"{ordinal_word(para.ordinal or 0)} preambular paragraph"
    if para.kind in (Kind.OPERATIVE, Kind.REPORT):
        return f"{word} {(para.number or '').rstrip('.')}"
    if para.kind == Kind.SUBPARAGRAPH:
        chain = [para.number or ""]
        parent = index.parent(para)
        while parent is not None and parent.kind == Kind.SUBPARAGRAPH:
            chain.append(parent.number or "")
            parent = index.parent(parent)
        head = _own_locator(parent, word, index) if parent is not None else word
        return " ".join([head] + chain[::-1])
    if para.kind == Kind.TEXT:
        return f"{ordinal_word(index.text_ordinal.get(id(para), 0))} unnumbered paragraph"
    if para.kind == Kind.RESIDUAL:
        return f"unplaced text {para.anchor.rsplit('-', 1)[-1]}"
    return {Kind.FORMULA: "enacting formula", Kind.CLOSING: "closing line"}.get(para.kind, para.anchor)


def cite_label(doc: Document, paragraph: Paragraph, *, index: _Index | None = None) -> str:
    """The citation of a paragraph as a reader writes it.

    ``ECOSOC resolution 2004/28, para. 12``; ``ECOSOC resolution 1993/34, section III, para. 7 (c)``;
    ``ECOSOC resolution 2004/28, third preambular paragraph``; ``…, annex, para. 3``;
    ``E/CN.15/2004/9/Add.1, para. 3`` for a report.
    """
    return f"{document_name(doc)}, {locator(doc, paragraph, index=index)}"


# --------------------------------------------------------------------------- inline markup


@dataclass
class _Tok:
    """One inline token: source text, a delimiter run, or a footnote reference."""

    kind: str
    """``text``, ``delim`` or ``fn``."""
    text: str
    """The characters (for ``text``: as displayed; for ``delim``: the run; for ``fn``: the marker)."""
    pos: int
    """Source position of the first character; ``text`` tokens are contiguous in the source."""
    can_open: bool = False
    can_close: bool = False
    count: int = 0
    opens: list[str] = field(default_factory=list)
    closes: list[str] = field(default_factory=list)


_ESCAPABLE = set("\\`*_{}[]()#+-.!")
_FN_REF = re.compile(r"\[\^([^\]\s]+)\]")
_SPECIAL = re.compile(r"[\\\[*_]")
_WHITESPACE = re.compile(r"\s+")


def _tokens(markdown: str) -> list[_Tok]:
    """Split a block's Markdown into text runs, emphasis delimiter runs and footnote references."""
    toks: list[_Tok] = []
    text_start = 0
    i = 0
    n = len(markdown)

    def flush(end: int) -> None:
        if end > text_start:
            toks.append(_Tok("text", markdown[text_start:end], text_start))

    while (special := _SPECIAL.search(markdown, i)) is not None:
        i = special.start()
        c = markdown[i]
        if c == "\\" and i + 1 < n and markdown[i + 1] in _ESCAPABLE:
            flush(i)
            toks.append(_Tok("text", markdown[i + 1], i + 1))
            i += 2
            text_start = i
        elif c == "[" and (m := _FN_REF.match(markdown, i)):
            flush(i)
            toks.append(_Tok("fn", m.group(1), i))
            i = m.end()
            text_start = i
        elif c == "*" or (c == "_" and _underscore_is_markup(markdown, i)):
            j = i
            while j < n and markdown[j] == c:
                j += 1
            before = markdown[i - 1] if i > 0 else " "
            after = markdown[j] if j < n else " "
            if c == "*":
                can_open, can_close = not after.isspace(), not before.isspace()
            else:
                can_open = not after.isspace() and not before.isalnum()
                can_close = not before.isspace() and not after.isalnum()
            flush(i)
            toks.append(_Tok("delim", markdown[i:j], i, can_open, can_close, j - i))
            i = j
            text_start = i
        else:
            i += 1
    flush(n)
    _match_delimiters(toks)
    return toks


def _underscore_is_markup(markdown: str, i: int) -> bool:
    """An underscore is emphasis unless inside a word (``snake_case``), as ``plain_text`` has it."""
    before = markdown[i - 1] if i > 0 else " "
    after = markdown[i + 1] if i + 1 < len(markdown) else " "
    return not (_is_word(before) and _is_word(after))


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _match_delimiters(toks: list[_Tok]) -> None:
    """Pair emphasis delimiter runs (a simplified CommonMark rule); unpaired runs stay literal."""
    stack: list[int] = []
    for i, tok in enumerate(toks):
        if tok.kind != "delim":
            continue
        if tok.can_close:
            while tok.count:
                j = next((k for k in range(len(stack) - 1, -1, -1) if toks[stack[k]].text[0] == tok.text[0]), None)
                if j is None:
                    break
                opener = toks[stack[j]]
                used = 2 if opener.count >= 2 and tok.count >= 2 else 1
                tag = "strong" if used == 2 else "em"
                opener.opens.append(tag)
                tok.closes.append(tag)
                opener.count -= used
                tok.count -= used
                # Delimiters between the pair can no longer match across it.
                del stack[j + (1 if opener.count else 0) :]
        if tok.can_open and tok.count:
            stack.append(i)


@dataclass
class _Span:
    """A citation link: source range [start, end) and its target."""

    start: int
    end: int
    href: str
    citation: Citation


def plain_offsets(markdown: str) -> Callable[[int], int]:
    """A function from offsets in ``plain_text(markdown)`` to positions in ``markdown``.

    Replays ``plain_text`` (markup removed, whitespace runs folded to one space,
    ends stripped) as two tables of runs, so offsets into ``Paragraph.text`` can
    be located in the source without a per-character walk.
    """
    kept_at: list[int] = []  # joined offset where each kept run starts
    kept_src: list[int] = []  # source position of that run
    pieces: list[str] = []
    pos = length = 0
    for m in _MARKUP.finditer(markdown):
        if m.start() > pos:
            kept_at.append(length)
            kept_src.append(pos)
            pieces.append(markdown[pos : m.start()])
            length += m.start() - pos
        pos = m.end()
    if pos < len(markdown):
        kept_at.append(length)
        kept_src.append(pos)
        pieces.append(markdown[pos:])
    joined = "".join(pieces)
    fold_at: list[int] = []  # folded offset where each run starts
    fold_src: list[int] = []  # joined offset of that run; a whitespace run folds to its first character
    folded = jpos = 0
    for m in _WHITESPACE.finditer(joined):
        if m.start() > jpos:
            fold_at.append(folded)
            fold_src.append(jpos)
            folded += m.start() - jpos
        fold_at.append(folded)
        fold_src.append(m.start())
        folded += 1
        jpos = m.end()
    if jpos < len(joined):
        fold_at.append(folded)
        fold_src.append(jpos)
    lead = 1 if joined[:1].isspace() else 0

    def position(offset: int) -> int:
        f = offset + lead
        r = bisect.bisect_right(fold_at, f) - 1
        j = fold_src[r] + (f - fold_at[r])
        k = bisect.bisect_right(kept_at, j) - 1
        return kept_src[k] + (j - kept_at[k])

    return position


def source_positions(markdown: str) -> list[int]:
    """For each character of ``plain_text(markdown)``, its position in ``markdown``."""
    position = plain_offsets(markdown)
    return [position(i) for i in range(len(plain_text(markdown)))]


_SAFE_URL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:)")


def safe_href(url: str) -> bool:
    """True for relative URLs and http(s)/mailto ones; ``javascript:`` and the like are refused."""
    m = _SAFE_URL.match(url.strip())
    return m is None or m.group(0).lower() in ("http:", "https:", "mailto:")


def _spans(markdown: str, plain: str, citations: Iterable[Citation], resolve: Resolve | None) -> list[_Span]:
    """Source ranges of the citations that resolve to a URL, in order, without overlaps."""
    if resolve is None:
        return []
    position: Callable[[int], int] | None = None
    spans: list[_Span] = []
    for c in sorted(citations, key=lambda c: (c.start, -c.end)):
        start, end = c.start, c.end
        if start < 0 or end <= start or end > len(plain):
            continue
        if c.text and plain[start:end] != c.text:
            continue  # offsets from another version of the text: a wrong link is worse than none
        url = resolve(c)
        if not url or not safe_href(url):
            continue
        if position is None:
            position = plain_offsets(markdown)
        lo, hi = position(start), position(end - 1) + 1
        if spans and lo < spans[-1].end:
            continue
        spans.append(_Span(lo, hi, url, c))
    return spans


class _Writer:
    """Collects output, opening and closing citation links around source ranges."""

    def __init__(self, spans: list[_Span]):
        self.out: list[str] = []
        self.spans = spans
        self.open: _Span | None = None

    def tag(self, html_text: str) -> None:
        """Our own markup: a link may not straddle it, so close the link (it reopens at the next text)."""
        self.close()
        self.out.append(html_text)

    def close(self) -> None:
        if self.open is not None:
            self.out.append("</a>")
            self.open = None

    def text(self, text: str, pos: int) -> None:
        """Source characters ``text`` starting at source position ``pos``."""
        if not self.spans:
            self.out.append(esc(text))
            return
        i = 0
        while i < len(text):
            p = pos + i
            span = next((s for s in self.spans if s.start <= p < s.end), None)
            if span is None:
                self.close()
                nxt = min((s.start for s in self.spans if s.start > p), default=pos + len(text))
                j = min(len(text), nxt - pos)
            else:
                if self.open is not span:
                    self.close()
                    c = span.citation
                    cls = "cite cite--internal" if c.internal else "cite"
                    target = c.target + (f"#{c.target_paragraph}" if c.target_paragraph else "")
                    self.out.append(f'<a class="{cls}" href="{esc(span.href)}" data-target="{esc(target)}">')
                    self.open = span
                j = min(len(text), span.end - pos)
            self.out.append(esc(text[i:j]))
            i = j


def render_inline(
    markdown: str,
    *,
    citations: Iterable[Citation] = (),
    resolve: Resolve | None = None,
    footnote: Callable[[str], str] | None = None,
) -> str:
    """HTML of a block's inline Markdown: escaped text, ``<em>``, ``<strong>``, footnote refs, citation links.

    ``footnote(marker)`` returns the HTML of a footnote reference (default: the
    marker in ``<sup>``). Citation offsets are into ``plain_text(markdown)``.
    """
    citations = list(citations)
    spans = _spans(markdown, plain_text(markdown), citations, resolve) if resolve and citations else []
    w = _Writer(spans)
    for tok in _tokens(markdown):
        if tok.kind == "text":
            w.text(tok.text, tok.pos)
        elif tok.kind == "fn":
            w.tag(footnote(tok.text) if footnote else f"<sup>{esc(tok.text)}</sup>")
        else:
            for tag in tok.closes:
                w.tag(f"</{tag}>")
            if tok.count:
                w.text(tok.text[: tok.count], tok.pos)
            for tag in reversed(tok.opens):
                w.tag(f"<{tag}>")
    w.close()
    return "".join(w.out)


# --------------------------------------------------------------------------- blocks


class _Footnotes:
    """Footnote references of one document: numbering of repeated references, for back links."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.refs: dict[str, list[str]] = {}

    def ref(self, marker: str) -> str:
        ids = self.refs.setdefault(marker, [])
        ref_id = f"fnref-{marker}-{len(ids) + 1}"
        ids.append(ref_id)
        return (
            f'<sup class="fnref"><a href="#fn-{esc(marker)}" id="{esc(ref_id)}" '
            f'aria-label="Footnote {esc(marker)}">{esc(marker)}</a></sup>'
        )


def render_document(
    doc: Document,
    resolve: Resolve | None = None,
    *,
    link_document: Callable[[str], "str | None"] | None = None,
    heading_base: int = 1,
    attributes: Callable[[Paragraph], dict[str, str]] | None = None,
    after: Callable[[Paragraph], str] | None = None,
) -> str:
    """The HTML of a document's body: paragraphs with anchors, numbers as printed, footnotes.

    ``resolve(citation) -> url | None`` turns citations into links (None: plain text).
    ``link_document(doc_id) -> url | None`` gives the link of an embedded document
    (default: its page, relative to ``doc``'s page). Headings of level 1 (annex)
    become ``<h{1 + heading_base}>`` and so on down. ``attributes(paragraph)`` adds
    attributes (values escaped here) to each citable paragraph, and ``after(paragraph)``
    trusted HTML after any block (the site's "also adopted in" lists).
    """
    notes = _Footnotes(doc)
    index = _index_of(doc)
    link_document = link_document or (lambda ref: _relative_url(doc.url, _url_of_id(ref)))
    out = [f'<div class="compendium-doc" lang="{esc(doc.language)}" dir="{direction(doc.language)}">']
    for para in doc.paragraphs:
        out.append(_block(doc, para, resolve, notes, link_document, heading_base, index, attributes))
        if after is not None:
            out.append(after(para))
    out.append(_footnote_list(doc, notes, resolve))
    out.append("</div>")
    return "\n".join(x for x in out if x)


def _block(
    doc: Document, para: Paragraph, resolve, notes: _Footnotes, link_document, heading_base: int, index: _Index,
    attributes: Callable[[Paragraph], dict[str, str]] | None = None,
) -> str:
    inline = render_inline(para.markdown, citations=para.citations, resolve=resolve, footnote=notes.ref)
    anchor = esc(para.anchor)
    # The number as this language prints it (Arabic "1 -", French "a)"); anchors and cite labels keep the canonical one.
    shown = doc.printed_number(para.anchor) or para.number
    number = f'<span class="para-num">{esc(shown)}</span> ' if shown else ""
    if para.kind == Kind.HEADING:
        level = min(6, max(1, para.heading_level) + heading_base)
        label = esc(locator(doc, para, short=False, index=index))
        link = f'<a class="para-link cmp-permalink" href="#{anchor}" aria-label="Link to {label}">{LINK_ICON}</a>'
        return f'<h{level} class="para para--heading" id="{anchor}" data-kind="heading">{number}{inline} {link}</h{level}>'
    kind = para.kind.value
    classes = f"para para--{kind}"
    attrs = f' id="{anchor}" data-kind="{kind}"'
    if para.kind == Kind.SUBPARAGRAPH:
        classes += f" para--level-{para.level}"
        attrs += f' data-level="{para.level}"'
    if para.kind == Kind.EMBEDDED:
        return _embedded(para, inline, link_document)
    if para.kind == Kind.RESIDUAL:
        return (
            f'<div class="{classes}"{attrs} role="note">'
            f'<p class="para-residual-label"><strong>{RESIDUAL_LABEL}</strong> '
            f'(kept as the source has it)</p><p>{inline}</p></div>'
        )
    if para.kind in (Kind.FORMULA, Kind.CLOSING):
        return f'<p class="{classes}"{attrs}>{inline}</p>'
    label = esc(locator(doc, para, short=False, index=index))
    attrs += f' data-cite="{esc(cite_label(doc, para, index=index))}"'
    for name, value in (attributes(para) if attributes else {}).items():
        if re.fullmatch(r"data-[a-z-]+", name):
            attrs += f' {name}="{esc(value)}"'
    link = f'<a class="para-link cmp-permalink" href="#{anchor}" aria-label="Link to {label}">{LINK_ICON}</a>'
    return f'<p class="{classes}"{attrs}>{link} {number}<span class="para-text">{inline}</span></p>'


def _embedded(para: Paragraph, inline: str, link_document) -> str:
    url = link_document(para.ref) if para.ref else None
    label = inline or "A document printed here"
    if url and safe_href(url):
        target = f'<a class="embedded-link" href="{esc(url)}">Read the text printed here</a>'
    else:
        target = f"<em>The text printed here is not in the corpus{f' ({esc(para.ref)})' if para.ref else ''}.</em>"
    ref = f' data-ref="{esc(para.ref)}"' if para.ref else ""
    return (
        f'<aside class="para para--embedded" id="{esc(para.anchor)}" data-kind="embedded"{ref}>'
        f'<p class="embedded-label">{label}</p><p>{target}</p></aside>'
    )


def _url_of_id(doc_id: str) -> str:
    """Page URL (from the site root) of an expression id ``E-RES-2004-28.draft.en``."""
    parts = doc_id.rsplit(".", 2)
    if len(parts) != 3:
        return document_url(doc_id, Version.ADOPTED.value, "en")
    return document_url(*parts)


def _relative_url(from_page: str, to_page: str) -> str:
    """Link from one directory-URL page to another, both relative to the site root."""
    rel = posixpath.relpath(to_page, from_page or ".")
    return rel.rstrip("/") + "/" if rel != "." else "./"


def _footnote_list(doc: Document, notes: _Footnotes, resolve: Resolve | None) -> str:
    """The footnotes: referenced ones in order of first reference, then any never referenced."""
    markers = list(notes.refs) + [m for m in doc.footnotes if m not in notes.refs]
    if not markers:
        return ""
    items = []
    for marker in markers:
        fn = doc.footnotes.get(marker)
        anchor = f"fn-{marker}"
        if fn is None:
            body = f'<span class="fn-missing">{UNDECLARED_FOOTNOTE}</span>'
        elif fn.missing or fn.text is None:
            body = f'<span class="fn-missing">{MISSING_FOOTNOTE}</span>'
        else:
            body = render_inline(fn.text, citations=_footnote_citations(doc, fn.text, anchor) if resolve else (), resolve=resolve)
        backs = "".join(
            f' <a class="fn-back" href="#{esc(ref)}" aria-label="Back to reference {i} of footnote {esc(marker)}">↩</a>'
            for i, ref in enumerate(notes.refs.get(marker, []), 1)
        )
        cite = f' data-cite="{esc(document_name(doc))}, footnote {esc(marker)}"' if fn is not None and fn.text else ""
        items.append(
            f'<li class="footnote" id="{esc(anchor)}"{cite}><span class="fn-marker">{esc(marker)}</span> '
            f'<span class="fn-text">{body}</span>{backs}</li>'
        )
    return f'<section class="footnotes" aria-label="Footnotes"><hr><ul class="footnote-list">{"".join(items)}</ul></section>'


def _footnote_citations(doc: Document, text: str, anchor: str) -> list[Citation]:
    """Citations in a footnote's text (``compendium.link`` keeps them off the model)."""
    from compendium.link import citations_in, conferences_of  # late: the linker loads its data files

    return citations_in(plain_text(text), organ=doc.organ, paragraph=anchor, source=doc.work, relation="cites",
                        conferences=conferences_of(doc))
