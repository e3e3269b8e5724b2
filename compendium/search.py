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
``terms-<c>.json.gz``
    loaded for the query's terms: every token starting with ``c`` (``2003/30``,
    ``extradit``) → the shards that hold it, so a query loads only the shards
    that can answer it (see :func:`term_bucket`).
``index-N.json.gz``
    the lunr index of shard N (fields ``text`` and ``cites``).
``data-N.json.gz``
    the display data of shard N's entries (not in the lunr index).

The ``.json.gz`` files are gzip (deterministic: no name, mtime 0), given as
bytes; ``search.js`` inflates them with the browser's ``DecompressionStream``.
The manifest stays plain text. :func:`read_json` reads either kind.
"""

from __future__ import annotations

import gc
import gzip
import html
import json
import multiprocessing
import os
import re
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from lunr.stop_word_filter import WORDS

from compendium import stemmers
from compendium.lunr_writer import IndexWriter
from compendium.model import ORGAN_NAMES, Citation, Corpus, Document, plain_text
from compendium.stemmer import stem

FORMAT_VERSION = 2
STEMMER_SCRIPTS = ("lunr.stemmer.support.min.js",) + tuple(f"lunr.{lang}.min.js" for lang in stemmers.LANGUAGES)
"""lunr-languages scripts (in ``vendor/``) the search page loads between lunr.min.js and tokenizer.js."""
SHARD_ENTRIES = 2000
"""Entries per shard; see docs/search-design.md for the measurements behind it."""
GZIP_LEVEL = 6
"""zlib level of the ``.json.gz`` files: level 9 is 3 % smaller and four times slower at scale (docs/search-design.md)."""
WORKERS = 2
"""Processes that build shards at most (``os.cpu_count()`` caps it); 1 builds them in this process."""

# lunr.js 2.3.9's English stop words (lunr.stopWordFilter); lunr.py has the same list.
STOP_WORDS = frozenset(WORDS)

# The token rules. tokenizer.js has the same expressions; keep them in step.
def _rules(x: str = "") -> tuple[str, str, str]:
    """The (commission, symbol, dotted) expressions. ``x="+"`` makes their runs possessive, which
    changes no match (what follows a run can never continue it) but spares the engine backtracking
    through every word that is no symbol: the token scan of the scale corpus takes half the time."""
    part = rf"[A-Za-z0-9]+{x}(?:\.[A-Za-z0-9]+{x})*{x}(?:\([A-Za-z]+{x}\))?{x}"
    symbol = rf"{part}(?:/{part})+{x}(?:-{part}(?:/{part})+{x})*{x}"
    commission = rf"[0-9]+{x}(?: ?[A-Z])? ?\([IVXLCDM]+{x}\)"
    dotted = rf"[A-Za-z0-9]+{x}(?:\.[A-Za-z0-9]+{x})+{x}"
    return commission, symbol, dotted


_COMMISSION, _SYMBOL, _DOTTED = _rules()
# Chinese has no spaces between words: each ideograph is a token (phrases keep the order)
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD_RUN = rf"(?:(?![{_HAN}])[^\W_])+"
_TOKEN = re.compile(rf"(?P<c>{_COMMISSION})|(?P<s>{_SYMBOL})|(?P<d>{_DOTTED})|(?P<w>{_WORD_RUN}|[{_HAN}])")
# The same alternatives without groups, for findall: a match's text decides which alternative made it
# (an earlier alternative matching it would have matched in place too), so tokens are cached per match.
_TOKEN_TEXT = re.compile("|".join(_rules("+")) + rf"|{_WORD_RUN}|[{_HAN}]")
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
    # A corpus of thousands of texts has a few tens of thousands of distinct words: each is
    # turned into tokens once per language (the cache), the rest is a dictionary look-up.
    cache = _MATCH_TOKENS.get((lang, stemming))
    if cache is None:
        cache = _MATCH_TOKENS[(lang, stemming)] = {}
    out: list[str] = []
    for raw in _TOKEN_TEXT.findall(text):
        tokens = cache.get(raw)
        if tokens is None:
            tokens = cache[raw] = _match_tokens(raw, lang, stemming)
        out.extend(tokens)
    return out


_MATCH_TOKENS: dict[tuple[str, bool], dict[str, tuple[str, ...]]] = {}


def _match_tokens(raw: str, lang: str, stemming: bool) -> tuple[str, ...]:
    """The tokens of one match of the token rules."""
    kind = _TOKEN.match(raw).lastgroup
    if kind in ("s", "d") and not _DIGIT.search(raw):
        words = _WORD.findall(raw)  # "and/or", "e.g": not symbols
    elif kind == "c":
        return (raw.replace(" ", "").lower(),)
    elif kind in ("s", "d"):
        return (raw.lower(),)
    else:
        words = [raw]
    english = lang == "en"
    stops = STOP_WORDS if english else stemmers.stop_words(lang)
    out: list[str] = []
    for w in words:
        w = w.lower()
        if w in stops:
            continue
        if not stemming:
            out.append(w)
        else:
            out.append(stem(w) if english else stemmers.stem(w, lang))
    return tuple(out)


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


def _lunr_index(shard: Shard, counted: dict[str, tuple[int, Counter]] | None = None) -> dict:
    """Shard's lunr index; ``counted`` caches each distinct text's token count and term counts
    (the corpus repeats paragraphs word for word: half the entries at scale)."""
    # compendium.lunr_writer writes what lunr.py's Builder (pipelines reset) serialises, without its
    # per-token objects: the builder was most of the build's time at scale (tests/test_lunr_writer.py).
    if counted is None:
        counted = {}
    writer = IndexWriter(["text", "cites"])
    for n, e in enumerate(shard.entries):
        text = counted.get(e.text)
        if text is None:
            tokens = tokenize(e.text, shard.lang)
            text = counted[e.text] = (len(tokens), Counter(tokens))
        cites: list[str] = []
        for target in e.cites:
            cites.extend(citation_tokens(target))
        writer.add_counted(_ref(n), {"text": text, "cites": (len(cites), Counter(cites))})
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


def _gzip(text: str) -> bytes:
    """Deterministic gzip of a file's text: no file name, mtime 0, so equal builds write equal bytes."""
    return gzip.compress(text.encode("utf-8"), compresslevel=GZIP_LEVEL, mtime=0)


def read_json(content: bytes | str):
    """The data of a file :func:`build_index` returns: gzip bytes or JSON text."""
    if isinstance(content, bytes):
        content = gzip.decompress(content).decode("utf-8")
    return json.loads(content)


@dataclass
class _ShardFiles:
    """What building one shard gives: its two files, gzipped, and the terms of its index."""

    index: bytes
    data: bytes
    terms: list[str]


def _shard_files(shard: Shard, counted: dict) -> _ShardFiles:
    index = _lunr_index(shard, counted.setdefault(shard.lang, {}))
    return _ShardFiles(
        index=_gzip(_dumps(index)),
        data=_gzip(_dumps([e.row() for e in shard.entries])),
        terms=[term for term, _posting in index["invertedIndex"]],
    )


# The shards forked workers build: set before the pool forks, read by _forked_shard in the child,
# where _FORK_COUNTED (empty in the parent) becomes that worker's own cache of token counts.
_FORK_SHARDS: list[Shard] = []
_FORK_COUNTED: dict = {}


def _forked_shard(n: int) -> _ShardFiles:
    return _shard_files(_FORK_SHARDS[n], _FORK_COUNTED)


def _build_shards(shards: list[Shard], workers: int) -> list[_ShardFiles]:
    """Every shard's files, in order: in ``workers`` forked processes where the platform can fork, else here."""
    global _FORK_SHARDS
    workers = min(workers, os.cpu_count() or 1, len(shards))
    # (a daemonic process, e.g. a multiprocessing.Pool worker, may not have children)
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods() and not multiprocessing.current_process().daemon:
        # The children share the parent's memory until they write to it: the shards are not sent, and
        # with the cyclic collector off (build_index) they do not walk, and so copy, the parent's objects.
        _FORK_SHARDS = shards
        try:
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                return list(pool.map(_forked_shard, range(len(shards))))
        except (OSError, BrokenProcessPool):
            pass  # no processes to be had (a sandbox, a limit) or a worker killed: build them here
        finally:
            _FORK_SHARDS = []
    counted: dict = {}
    return [_shard_files(shard, counted) for shard in shards]


def build_index(corpus: Corpus, shard_entries: int = SHARD_ENTRIES, workers: int = WORKERS) -> dict[str, bytes | str]:
    """The search files for a corpus, keyed by their path under ``search/``.

    ``manifest.json`` is text; the ``.json.gz`` files are gzip bytes (:func:`read_json`
    reads both). Citations must already be filled (``compendium.link.link_corpus``); each
    entry's citation targets go into the ``cites`` field. Shards are built in up to
    ``workers`` processes; the files are the same whatever their number.
    """
    # The index is millions of small dicts and lists that live until the files are written, none in
    # a reference cycle: with the cyclic collector on, they set off collection after collection, each
    # walking all of them that survived so far (43 % of build_index's time at scale; freezing the
    # loaded corpus out of it did not help, docs/search-design.md). Reference counting frees them.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build_index(corpus, shard_entries, workers)
    finally:
        if collecting:
            gc.enable()


def _build_index(corpus: Corpus, shard_entries: int, workers: int) -> dict[str, bytes | str]:
    docs = sorted(corpus.documents, key=lambda d: (d.date or "", d.symbol, d.version.value, d.language))
    per_doc = [document_entries(d, i) for i, d in enumerate(docs)]
    shards = _shards(docs, per_doc, shard_entries)

    files: dict[str, bytes | str] = {}
    terms: dict[str, dict[str, list[int]]] = {}
    shard_meta = []
    verbs: set[str] = set()
    kinds: set[str] = set()
    topics: set[str] = set()
    for n, (shard, built) in enumerate(zip(shards, _build_shards(shards, workers))):
        for term in built.terms:
            terms.setdefault(term_bucket(term), {}).setdefault(term, []).append(n)
        files[f"index-{n}.json.gz"] = built.index
        files[f"data-{n}.json.gz"] = built.data
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
        files[f"terms-{bucket}.json.gz"] = _gzip(_dumps(mapping))
    return files


__all__ = ["build_index", "read_json", "search_page_html", "standalone_search_page", "tokenize", "term_bucket", "citation_tokens", "is_symbol_token", "document_entries", "Entry"]
