"""Paragraph-level search: a symbol-aware tokenizer and a prebuilt, sharded lunr index.

The browser never builds an index: :func:`build_index` makes lunr indexes here
(the ``lunr`` package, serialised in lunr.js 2.3.9's format) and the search
page loads them with ``lunr.Index.load``. ``compendium/static/search/tokenizer.js``
implements :func:`tokenize` with the same rules; ``tests/data/tokenizer_cases.json``
holds the cases both sides must agree on. Design and figures:
``docs/search-design.md``.

Files written under ``search/`` (keys of the dict :func:`build_index` returns):

``manifest.json``
    always loaded: the documents table, the shards (language, organ, date range,
    entry count), the facet vocabularies.
``terms-<c>.json``
    loaded for the query's terms: every token starting with ``c`` (``2003/30``,
    ``extradit``) → the shards that hold it, so a query loads only the shards
    that can answer it (see :func:`term_bucket`).
``index-N.json``
    the lunr index of shard N (fields ``text`` and ``cites``).
``data-N.json``
    the display data of shard N's entries (not in the lunr index).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field

from lunr.stop_word_filter import WORDS

from compendium import stemmers
from compendium.lunr_writer import IndexWriter
from compendium.model import ORGAN_NAMES, Citation, Corpus, Document, plain_text
from compendium.stemmer import stem

FORMAT_VERSION = 1
STEMMER_SCRIPTS = ("lunr.stemmer.support.min.js",) + tuple(f"lunr.{lang}.min.js" for lang in stemmers.LANGUAGES)
"""lunr-languages scripts (in ``vendor/``) the search page loads between lunr.min.js and tokenizer.js."""
SHARD_ENTRIES = 2000
"""Entries per shard; see docs/search-design.md for the measurements behind it."""

# lunr.js 2.3.9's English stop words (lunr.stopWordFilter); lunr.py has the same list.
STOP_WORDS = frozenset(WORDS)

# The token rules. tokenizer.js has the same expressions; keep them in step.
_PART = r"[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*(?:\([A-Za-z]+\))?"
_SYMBOL = rf"{_PART}(?:/{_PART})+(?:-{_PART}(?:/{_PART})+)*"
_COMMISSION = r"[0-9]+(?: ?[A-Z])? ?\([IVXLCDM]+\)"
_DOTTED = r"[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)+"
# Chinese has no spaces between words: each ideograph is a token (phrases keep the order)
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD_RUN = rf"(?:(?![{_HAN}])[^\W_])+"
_TOKEN = re.compile(rf"(?P<c>{_COMMISSION})|(?P<s>{_SYMBOL})|(?P<d>{_DOTTED})|(?P<w>{_WORD_RUN}|[{_HAN}])")
_WORD = re.compile(rf"{_WORD_RUN}|[{_HAN}]")
_DIGIT = re.compile(r"[0-9]")
_RESOLUTION_TARGET = re.compile(r"^[A-Z]+/RES/(.+)$")


def tokenize(text: str, lang: str = "en", stemming: bool = True) -> list[str]:
    """The search tokens of a text, in order.

    Document symbols (``E/CN.15/2004/9/Add.1``, ``A/55/305-S/2000/809``),
    resolution numbers (``2003/30``, ``45/116``), commission numbers
    (``1 (XXXV)`` → ``1(xxxv)``) and dotted numbers (``E.92.IV.1``) are single
    lower-cased tokens. Other words are lower-cased and, in English, lose stop
    words and are stemmed as lunr.js stems them; French, Spanish, Russian and
    Arabic words as lunr-languages does (compendium.stemmers); other languages'
    words are only lower-cased. ``stemming=False`` keeps words whole (for prefix queries).
    """
    out: list[str] = []
    english = lang == "en"
    stops = STOP_WORDS if english else stemmers.stop_words(lang)
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        raw = m.group()
        if kind in ("s", "d") and not _DIGIT.search(raw):
            words = _WORD.findall(raw)  # "and/or", "e.g": not symbols
        elif kind == "c":
            out.append(raw.replace(" ", "").lower())
            continue
        elif kind in ("s", "d"):
            out.append(raw.lower())
            continue
        else:
            words = [raw]
        for w in words:
            w = w.lower()
            if w in stops:
                continue
            if not stemming:
                out.append(w)
            else:
                out.append(stem(w) if english else stemmers.stem(w, lang))
    return out


def is_symbol_token(token: str) -> bool:
    """True for tokens made by the symbol rules (never stemmed)."""
    return any(ch in token for ch in "/.(")


def term_bucket(token: str) -> str:
    """The ``terms-<bucket>.json`` file listing a token: its first character if ``a-z``/``0-9``;
    other scripts (Arabic, Chinese, Cyrillic, accented letters) spread over ``_0`` … ``_f`` by code point."""
    c = token[:1]
    if "a" <= c <= "z" or "0" <= c <= "9":
        return c
    return "_" + format(ord(c) % 16, "x") if c else "_"


def citation_tokens(target: str) -> list[str]:
    """Tokens a citation target adds to the ``cites`` field.

    The canonical id itself (``e/res/2003/30``) and, for resolutions, the number
    alone (``2003/30``, ``10(xxxvi)``) so a query for the number finds the
    paragraph however its text names the resolution. Other documents
    (``E/CN.15/2004/9/Add.1``) add only themselves.
    """
    tokens = [target.lower()]
    m = _RESOLUTION_TARGET.match(target)
    if m:
        tokens.append(m.group(1).replace(" ", "").lower())
    return tokens


@dataclass
class Entry:
    """One searchable unit: a paragraph, sub-paragraph or footnote."""

    doc: int
    """Index of the document in the manifest's documents table."""
    anchor: str
    number: str | None
    kind: str
    verb: str | None
    text: str
    topics: list[str]
    cites: list[str] = field(default_factory=list)
    """Canonical targets of the citations, in order, without repeats."""

    def row(self) -> list:
        """The compact display row written to ``data-N.json``."""
        return [self.doc, self.anchor, self.number, self.kind, self.verb, self.text, self.topics, self.cites]


def _targets(citations: list[Citation], anchor: str) -> list[str]:
    out: list[str] = []
    for c in citations:
        if c.paragraph == anchor and not c.internal and c.target not in out:
            out.append(c.target)
    return out


def document_entries(doc: Document, index: int) -> list[Entry]:
    """The entries of one document: its citable paragraphs, then its footnotes."""
    entries: list[Entry] = []
    for p in doc.citable():
        entries.append(
            Entry(
                doc=index,
                anchor=p.anchor,
                number=p.number,
                kind=p.kind.value,
                verb=p.verb,
                text=p.text,
                topics=list(p.topics),
                cites=_targets(p.citations, p.anchor),
            )
        )
    for fn in doc.footnotes.values():
        if fn.text is None:
            continue  # a marker whose text the source lacks: nothing to search
        # link_corpus records a footnote's citations under the paragraphs that reference it;
        # the footnote's own entry finds them in its text the same way.
        from compendium.link import citations_in, conferences_of  # late: link loads its data files

        found = citations_in(plain_text(fn.text), organ=doc.organ, paragraph=fn.anchor, source=doc.work,
                             conferences=conferences_of(doc))
        entries.append(
            Entry(
                doc=index,
                anchor=fn.anchor,
                number=fn.marker,
                kind="footnote",
                verb=None,
                text=plain_text(fn.text),
                topics=[],
                cites=_targets(found, fn.anchor),
            )
        )
    return entries


@dataclass
class Shard:
    """A group of entries of one language and organ, from a contiguous date range."""

    lang: str
    organ: str
    entries: list[Entry] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)


def _shards(docs: list[Document], per_doc: list[list[Entry]], limit: int) -> list[Shard]:
    """Pack documents, newest first within each (language, organ), into shards of at most ``limit`` entries."""
    groups: dict[tuple[str, str], list[int]] = {}
    for i, d in enumerate(docs):
        groups.setdefault((d.language, d.organ.value), []).append(i)
    shards: list[Shard] = []
    for (lang, organ), members in sorted(groups.items()):
        members.sort(key=lambda i: (docs[i].date or "", docs[i].symbol), reverse=True)
        current = Shard(lang, organ)
        for i in members:
            if current.entries and len(current.entries) + len(per_doc[i]) > limit:
                shards.append(current)
                current = Shard(lang, organ)
            current.entries.extend(per_doc[i])
            if docs[i].date:
                current.dates.append(docs[i].date)
        if current.entries:
            shards.append(current)
    # newest shards first: the page searches them in this order
    shards.sort(key=lambda s: max(s.dates, default=""), reverse=True)
    return shards


def _lunr_index(shard: Shard) -> dict:
    # compendium.lunr_writer writes what lunr.py's Builder (pipelines reset) serialises, without its
    # per-token objects: the builder was most of the build's time at scale (tests/test_lunr_writer.py).
    writer = IndexWriter(["text", "cites"])
    for n, e in enumerate(shard.entries):
        cites: list[str] = []
        for target in e.cites:
            cites.extend(citation_tokens(target))
        writer.add(_ref(n), {"text": tokenize(e.text, shard.lang), "cites": cites})
    return writer.serialize()


def _ref(n: int) -> str:
    """Short lunr document ref: the entry's position in its shard, base 36."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if n == 0:
            return out


def search_page_html(assets: str = "../assets/search/", index: str = "./", root: str = "../") -> str:
    """The HTML body of a search page: the mount and the script tags, with URLs relative to the page.

    ``assets`` is where ``compendium/static/search/`` is served, ``index`` where
    :func:`build_index`'s files are, ``root`` the site root (result links are
    ``root + Document.url + '#' + anchor``). ``docs/search.md`` holds the same markup.
    """
    a, i, r = (html.escape(x, quote=True) for x in (assets, index, root))
    return (
        f'<link rel="stylesheet" href="{a}search.css">\n'
        f'<div id="compendium-search" data-index="{i}" data-root="{r}"></div>\n'
        f'<script src="{a}vendor/lunr.min.js"></script>\n'
        + "".join(f'<script src="{a}vendor/{name}"></script>\n' for name in STEMMER_SCRIPTS)
        + f'<script src="{a}tokenizer.js"></script>\n'
        f'<script src="{a}search.js"></script>\n'
    )


def standalone_search_page(title: str = "Search") -> str:
    """A whole HTML page holding only the search, for a directory laid out like the site
    (``search/`` beside ``assets/search/``): used by the browser tests and the benchmark."""
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"</head><body>\n{search_page_html()}</body></html>\n"
    )


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def build_index(corpus: Corpus, shard_entries: int = SHARD_ENTRIES) -> dict[str, str]:
    """The search files for a corpus, keyed by their path under ``search/``.

    Citations must already be filled (``compendium.link.link_corpus``); each
    entry's citation targets go into the ``cites`` field.
    """
    docs = sorted(corpus.documents, key=lambda d: (d.date or "", d.symbol, d.version.value, d.language))
    per_doc = [document_entries(d, i) for i, d in enumerate(docs)]
    shards = _shards(docs, per_doc, shard_entries)

    files: dict[str, str] = {}
    terms: dict[str, dict[str, list[int]]] = {}
    shard_meta = []
    verbs: set[str] = set()
    kinds: set[str] = set()
    topics: set[str] = set()
    for n, shard in enumerate(shards):
        index = _lunr_index(shard)
        for term, _posting in index["invertedIndex"]:
            terms.setdefault(term_bucket(term), {}).setdefault(term, []).append(n)
        files[f"index-{n}.json"] = _dumps(index)
        files[f"data-{n}.json"] = _dumps([e.row() for e in shard.entries])
        for e in shard.entries:
            kinds.add(e.kind)
            topics.update(e.topics)
            if e.verb:
                verbs.add(e.verb)
        shard_meta.append(
            {
                "id": n,
                "lang": shard.lang,
                "organ": shard.organ,
                "from": min(shard.dates, default=None),
                "to": max(shard.dates, default=None),
                "entries": len(shard.entries),
            }
        )
    for doc in docs:
        topics.update(doc.topics)
    from compendium.load import categories  # late: load reads the data files

    manifest = {
        "version": FORMAT_VERSION,
        "columns": ["doc", "anchor", "number", "kind", "verb", "text", "topics", "cites"],
        "documents": [
            {
                "symbol": d.symbol,
                "work": d.work,
                "number": d.number,
                "title": d.title,
                "organ": d.organ.value,
                "date": d.date,
                "lang": d.language,
                "version": d.version.value,
                "url": d.url,
                "categories": list(d.categories),
                "topics": list(d.topics),
            }
            for d in docs
        ],
        "shards": shard_meta,
        "organs": {o.value: name for o, name in ORGAN_NAMES.items()},
        "categories": {str(c["id"]): f'{c["id"]}. {c["label"]}' for c in categories()},
        "kinds": sorted(kinds),
        "verbs": sorted(verbs),
        "topics": sorted(topics),
        "languages": sorted({d.language for d in docs}),
        "term_buckets": sorted(terms),
    }
    files["manifest.json"] = _dumps(manifest)
    for bucket, mapping in terms.items():
        files[f"terms-{bucket}.json"] = _dumps(mapping)
    return files


__all__ = ["build_index", "search_page_html", "standalone_search_page", "tokenize", "term_bucket", "citation_tokens", "is_symbol_token", "document_entries", "Entry"]
