"""Agreed language: paragraphs adopted before in the same or nearly the same words.

Method (documented in ``docs/agreed-language.md``):

1. each paragraph of at least ``MIN_WORDS`` words becomes the set of its word
   4-shingles (lower-cased words, footnote markers and numbering removed);
2. a MinHash signature of ``PERMUTATIONS`` hash functions per paragraph, and
   locality-sensitive hashing in ``BANDS`` bands, gives candidate pairs without
   comparing all pairs (two rows a band: pairs whose shingle Jaccard is above
   about 0.15 collide with high probability);
3. each candidate is verified by the ratio of matching words in order
   (``difflib.SequenceMatcher`` over words); pairs at ``THRESHOLD`` or above are
   kept, and 1.0 means identical wording;
4. pairs are joined into groups (union-find); a group whose paragraphs come
   from at least ``FORMULA_MIN_WORKS`` different works is a *recurring formula*.

Only paragraphs of the same language are compared, and never two languages
or the same version of one work.
"""

from __future__ import annotations

import bisect
import difflib
import re
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from compendium.model import Corpus, Document, Kind, Paragraph

MIN_WORDS = 8
SHINGLE = 4
PERMUTATIONS = 128
BANDS = 64
THRESHOLD = 0.8
FORMULA_MIN_WORKS = 3
_PRIME = np.uint64((1 << 61) - 1)
_KINDS = (Kind.PREAMBULAR, Kind.OPERATIVE, Kind.SUBPARAGRAPH, Kind.REPORT, Kind.TEXT)


@dataclass(frozen=True)
class Ref:
    """A paragraph of a document."""

    document: str
    paragraph: str


@dataclass
class Unit:
    """A paragraph taken into the comparison."""

    ref: Ref
    work: str
    version: str
    language: str
    date: str
    """Sort key: ISO date, or empty when unknown."""
    words: list[str]


@dataclass
class Match:
    """Two paragraphs in the same or nearly the same words."""

    a: Ref
    b: Ref
    similarity: float


@dataclass
class Wording:
    """The earlier adoptions of one distinct text, as a later paragraph sees them."""

    text: int
    """Index of the text in ``AgreedLanguage.members``."""
    similarity: float
    """1.0 for the paragraph's own text (the same words)."""
    count: int
    """How many earlier paragraphs have this text."""
    latest: list[Ref]
    """The most recent of them, most recent first (at most as many as asked for)."""
    date: str
    """Date of the most recent one (empty when unknown)."""


@dataclass
class Formula:
    """A recurring formula: a group of near-identical paragraphs across works, in date order."""

    id: str
    members: list[Ref]
    label: str
    """The first words of the earliest member."""


@dataclass
class AgreedLanguage:
    """Every near-duplicate pair and recurring formula of a corpus.

    Paragraphs with the very same words (after lower-casing) share one *text*;
    matches are kept between texts, so a formula adopted in hundreds of
    resolutions costs one entry, not the square of its adoptions.
    """

    units: dict[Ref, Unit] = field(default_factory=dict)
    text_of: dict[Ref, int] = field(default_factory=dict)
    """Unit -> index of its text."""
    members: list[list[Ref]] = field(default_factory=list)
    """Text index -> the units with that text."""
    text_matches: list[tuple[int, int, float]] = field(default_factory=list)
    """Pairs of different texts at or above the threshold, with their similarity."""
    formulas: list[Formula] = field(default_factory=list)

    @cached_property
    def _linked(self) -> dict[int, list[tuple[int, float]]]:
        index: dict[int, list[tuple[int, float]]] = defaultdict(list)
        for a, b, s in self.text_matches:
            index[a].append((b, s))
            index[b].append((a, s))
        return index

    @cached_property
    def _formula_by_ref(self) -> dict[Ref, Formula]:
        return {ref: f for f in self.formulas for ref in f.members}

    def related(self, ref: Ref) -> list[Match]:
        """Every other paragraph in the same or nearly the same words (comparable ones only)."""
        unit = self.units.get(ref)
        if unit is None:
            return []
        t = self.text_of[ref]
        out = [Match(ref, other, 1.0) for other in self.members[t] if other != ref]
        for t2, s in self._linked.get(t, []):
            out += [Match(ref, other, s) for other in self.members[t2]]
        return [m for m in out if _comparable(unit, self.units[m.b])]

    def earlier(self, ref: Ref) -> list[Match]:
        """Matches of a paragraph with paragraphs adopted before it (or with its draft), most similar first."""
        unit = self.units.get(ref)
        if unit is None:
            return []
        out = [m for m in self.related(ref) if _before(self.units[m.b], unit)]
        out.sort(key=lambda m: self.units[m.b].date, reverse=True)  # most recent first among equals
        return sorted(out, key=lambda m: -m.similarity)

    def unit_pairs(self):
        """Every pair of comparable paragraphs at or above the threshold, each once (for tests and counts)."""
        for ref in self.units:
            for m in self.related(ref):
                if (m.a.document, m.a.paragraph) < (m.b.document, m.b.paragraph):
                    yield m

    @cached_property
    def pair_count(self) -> int:
        """How many pairs of paragraphs share their wording: the pairs ``unit_pairs`` gives, counted from the texts.

        Listing them costs the square of each formula's adoptions; counting costs a
        pass over the texts and their matches. Two paragraphs of one version of a work
        are not a pair (``_comparable``); a text and its matches share their language.
        """
        versions = [Counter((self.units[r].work, self.units[r].version) for r in refs) for refs in self.members]
        within = sum(len(refs) * (len(refs) - 1) // 2 - sum(k * (k - 1) // 2 for k in c.values())
                     for refs, c in zip(self.members, versions))
        across = sum(len(self.members[a]) * len(self.members[b]) - sum(k * versions[b].get(v, 0) for v, k in versions[a].items())
                     for a, b, _ in self.text_matches)
        return within + across

    @cached_property
    def _by_date(self) -> list[tuple[list[str], list[Ref]]]:
        """Text index -> (dates, refs) of its dated members in date order."""
        out = []
        for refs in self.members:
            dated = sorted((r for r in refs if self.units[r].date),
                           key=lambda r: (self.units[r].date, r.document, r.paragraph))
            out.append(([self.units[r].date for r in dated], dated))
        return out

    @cached_property
    def _by_work(self) -> dict[tuple[int, str], list[Ref]]:
        """(text index, work) -> the members of that text from that work."""
        out: dict[tuple[int, str], list[Ref]] = defaultdict(list)
        for ref, t in self.text_of.items():
            out[(t, self.units[ref].work)].append(ref)
        return out

    def _earlier_in(self, t: int, unit: Unit, places: int) -> tuple[int, list[Ref]]:
        """How many members of text ``t`` are earlier than ``unit``, and the ``places`` most recent of them.

        The same rule as ``earlier`` (``_before`` and ``_comparable``), by bisection in the
        text's dated members, so a paragraph costs the same however often its text was adopted.
        """
        dates, dated = self._by_date[t]
        k = bisect.bisect_left(dates, unit.date) if unit.date else len(dates)
        same = self._by_work.get((t, unit.work), [])
        # Members of the paragraph's own work: only a draft is earlier, whatever the dates say.
        in_prefix = {r for r in same if self.units[r].date and (not unit.date or self.units[r].date < unit.date)}
        drafts = [r for r in same if unit.version != "draft" and self.units[r].version == "draft"]
        latest: list[Ref] = []
        i = k - 1
        while i >= 0 and len(latest) < places:
            if dated[i] not in in_prefix:
                latest.append(dated[i])
            i -= 1
        if drafts:
            latest = sorted(latest + drafts, key=lambda r: self.units[r].date, reverse=True)[:places]
        return k - len(in_prefix) + len(drafts), latest

    def first_of(self, t: int) -> Ref:
        """The earliest adoption of a text (its wording as first adopted); corpus order when none is dated."""
        dated = self._by_date[t][1]
        return dated[0] if dated else self.members[t][0]

    def earlier_wordings(self, ref: Ref, places: int = 10) -> list[Wording]:
        """The earlier adoptions of a paragraph's wording, one entry per distinct text.

        The same paragraphs as ``earlier``, grouped: the paragraph's own text first (the
        same words), then the other texts, the most recently adopted first. Each entry
        keeps its count and its ``places`` most recent paragraphs only, so the cost does
        not grow with how often a formula was adopted.
        """
        unit = self.units.get(ref)
        if unit is None:
            return []
        t = self.text_of[ref]
        out = []
        for t2, s in [(t, 1.0)] + self._linked.get(t, []):
            count, latest = self._earlier_in(t2, unit, places)
            if count:
                out.append(Wording(t2, s, count, latest, self.units[latest[0]].date if latest else ""))
        own = [w for w in out if w.text == t]
        others = sorted((w for w in out if w.text != t), key=lambda w: (w.date, w.similarity), reverse=True)
        return own + others

    def formula_of(self, ref: Ref) -> Formula | None:
        """The recurring formula a paragraph belongs to, if any."""
        return self._formula_by_ref.get(ref)


def _before(other: Unit, unit: Unit) -> bool:
    if other.work == unit.work:
        return other.version == "draft" and unit.version != "draft"
    return bool(other.date) and (not unit.date or other.date < unit.date)


_WORD = re.compile(r"\w+(?:[-/.]\w+)*", re.UNICODE)


_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u00ad": ""})


_SEEN_WORDS: dict[str, str] = {}
"""One string object per distinct word: the corpus's millions of words are a few tens of thousands of
distinct ones, and a list of shared strings is a small part of one of copies (at scale, hundreds of MB)."""


def words_of(text: str) -> list[str]:
    """The lower-cased words of a paragraph's plain text (hyphen variants folded: ``non‑proliferation``)."""
    seen = _SEEN_WORDS
    return [seen.setdefault(w, w) for w in (m.lower() for m in _WORD.findall(text.translate(_HYPHENS)))]


def _date(doc: Document) -> str:
    if doc.date:
        return doc.date
    return ""


def units_of(corpus: Corpus) -> list[Unit]:
    """The paragraphs long enough to compare, of every document."""
    out = []
    for doc in corpus.documents:
        for p in doc.paragraphs:
            if p.kind not in _KINDS:
                continue
            words = words_of(p.text)
            if len(words) >= MIN_WORDS:
                out.append(Unit(Ref(doc.id, p.anchor), doc.work, doc.version.value, doc.language, _date(doc), words))
    return out


_MASK32 = np.uint64(0xFFFFFFFF)


def shingle_hashes(units: list[Unit]) -> tuple[np.ndarray, np.ndarray]:
    """The 32-bit hashes of every unit's word 4-shingles, flat, and where each unit's run starts.

    Words become integer ids, and a shingle's hash is a polynomial of its ids,
    computed for the whole corpus at once. A shingle that repeats within a
    paragraph is hashed twice: the minimum of a MinHash is the same either way.
    """
    ids: dict[str, int] = {}
    flat: list[int] = []
    starts = np.empty(len(units), dtype=np.int64)
    counts = np.empty(len(units), dtype=np.int64)
    pos = 0
    for k, u in enumerate(units):
        starts[k] = pos
        counts[k] = len(u.words)
        flat.extend(ids.setdefault(w, len(ids) + 1) for w in u.words)
        pos += len(u.words)
    words = np.asarray(flat, dtype=np.uint64)
    n = len(words) - SHINGLE + 1
    h = np.zeros(max(n, 0), dtype=np.uint64)
    for i in range(SHINGLE):
        h = (h * np.uint64(1000003) + words[i:i + n]) & _MASK32
    # keep the shingles that start inside a unit and end inside it
    owner = np.repeat(np.arange(len(units)), counts)[: max(n, 0)]
    end_owner = np.repeat(np.arange(len(units)), counts)[SHINGLE - 1:]
    keep = owner == end_owner
    h, owner = h[keep], owner[keep]
    offsets = np.searchsorted(owner, np.arange(len(units)))
    return h, offsets


def signatures(units: list[Unit], seed: int = 20041) -> np.ndarray:
    """MinHash signatures, one row per unit (``PERMUTATIONS`` columns).

    Hash ``i`` of a shingle ``x`` is ``(a_i * x + b_i) mod (2**61 - 1)``; with
    ``x < 2**32`` and ``a_i < 2**29`` nothing overflows 64 bits.
    """
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 1 << 29, PERMUTATIONS, dtype=np.uint64)
    b = rng.integers(0, 1 << 61, PERMUTATIONS, dtype=np.uint64)
    flat, offsets = shingle_hashes(units)
    bounds = np.append(offsets, len(flat))
    sig = np.empty((len(units), PERMUTATIONS), dtype=np.uint64)
    chunk = 1000
    for start in range(0, len(units), chunk):
        stop = min(start + chunk, len(units))
        part = flat[bounds[start]:bounds[stop]]
        hashed = (a[:, None] * part[None, :] + b[:, None]) % _PRIME
        sig[start:stop] = np.minimum.reduceat(hashed, bounds[start:stop] - bounds[start], axis=1).T
    return sig


BUCKET_ALL_PAIRS = 24
"""Buckets up to this size are compared pair by pair; larger ones (a formula adopted
in hundreds of texts) pair each paragraph with its ``BUCKET_WINDOW`` predecessors in
date order, which still joins the whole group and finds each paragraph's latest
earlier adoptions, without the square of the group's size."""
BUCKET_WINDOW = 8


def candidate_pairs(units: list[Unit], sig: np.ndarray) -> set[tuple[int, int]]:
    """Pairs of unit indexes that share a band of their signatures, in the same language."""
    rows = PERMUTATIONS // BANDS
    order_key = np.array([u.date or "9999" for u in units])
    pairs: set[tuple[int, int]] = set()
    mix = np.uint64(0x9E3779B97F4A7C15)
    for band in range(BANDS):
        key = np.zeros(len(units), dtype=np.uint64)
        for r in range(band * rows, (band + 1) * rows):
            key = (key ^ sig[:, r]) * mix
        order = np.argsort(key, kind="stable")
        sorted_keys = key[order]
        starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        sizes = np.diff(np.r_[starts, len(order)])
        # Most buckets hold one text, and most of the rest two: those are taken at once,
        # instead of an array per bucket (np.split made millions of them at scale).
        two = starts[sizes == 2]
        a, b = order[two], order[two + 1]
        pairs.update(zip(np.minimum(a, b).tolist(), np.maximum(a, b).tolist()))
        for start, m in zip(starts[sizes > 2].tolist(), sizes[sizes > 2].tolist()):
            members = order[start:start + m]
            if m <= BUCKET_ALL_PAIRS:
                ms = members.tolist()
                for x in range(m):
                    for y in range(x + 1, m):
                        i, j = (ms[x], ms[y]) if ms[x] < ms[y] else (ms[y], ms[x])
                        pairs.add((i, j))
            else:
                ms = members[np.argsort(order_key[members], kind="stable")].tolist()
                for x in range(1, m):
                    for y in range(max(0, x - BUCKET_WINDOW), x):
                        i, j = (ms[x], ms[y]) if ms[x] < ms[y] else (ms[y], ms[x])
                        pairs.add((i, j))
    return {(i, j) for i, j in pairs if units[i].language == units[j].language}


def _comparable(u: Unit, v: Unit) -> bool:
    if u.language != v.language:
        return False
    return u.work != v.work or u.version != v.version


def similarity(u: list[str], v: list[str], at_least: float = 0.0) -> float:
    """Share of words matching in order (``SequenceMatcher.ratio`` over words): 1.0 is identical.

    With ``at_least``, a pair whose cheap upper bounds (length, then shared
    words) already fall below it returns that bound without the full match.
    """
    return _bounded_ratio(difflib.SequenceMatcher(None, u, v, autojunk=False), at_least)


def _bounded_ratio(sm: difflib.SequenceMatcher, at_least: float) -> float:
    bound = sm.real_quick_ratio()
    if bound < at_least:
        return bound
    bound = sm.quick_ratio()
    if bound < at_least:
        return bound
    return sm.ratio()


MIN_ESTIMATED_JACCARD = 0.1
"""Candidates whose signatures agree on fewer hash values than this (an estimate of
their shingle Jaccard) are dropped before the word comparison; a test keeps the
result equal to a brute-force comparison of every pair on the seed corpus."""


def find(corpus: Corpus, threshold: float = THRESHOLD) -> AgreedLanguage:
    """Every pair of paragraphs at or above ``threshold``, and the recurring formulas."""
    units = units_of(corpus)
    result = AgreedLanguage(units={u.ref: u for u in units})
    by_text: dict[tuple, int] = {}
    texts: list[Unit] = []
    for u in units:
        t = by_text.setdefault((u.language, tuple(u.words)), len(texts))
        if t == len(texts):
            texts.append(u)
            result.members.append([])
        result.members[t].append(u.ref)
        result.text_of[u.ref] = t
    if not texts:
        return result
    sig = signatures(texts)
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    pairs = np.array(sorted(candidate_pairs(texts, sig)), dtype=np.int64).reshape(-1, 2)
    agree = np.zeros(len(pairs))
    for start in range(0, len(pairs), 100_000):
        part = pairs[start:start + 100_000]
        agree[start:start + len(part)] = (sig[part[:, 0]] == sig[part[:, 1]]).mean(axis=1)
    kept = pairs[agree >= MIN_ESTIMATED_JACCARD]
    # The same comparison as similarity(texts[i].words, texts[j].words), taken in order of j:
    # difflib indexes its second sequence (and counts its words) once for all the pairs sharing it.
    sm = difflib.SequenceMatcher(None, autojunk=False)
    current = -1
    for i, j in kept[np.lexsort((kept[:, 0], kept[:, 1]))].tolist():
        if j != current:
            sm.set_seq2(texts[j].words)
            current = j
        sm.set_seq1(texts[i].words)
        s = _bounded_ratio(sm, threshold)
        if s >= threshold:
            result.text_matches.append((i, j, round(s, 3)))
            parent[root(i)] = root(j)
    result.text_matches.sort()
    groups: dict[int, list[int]] = {}
    for i in range(len(texts)):
        groups.setdefault(root(i), []).append(i)
    for group in groups.values():
        refs = [ref for t in group for ref in result.members[t]]
        if len({result.units[r].work for r in refs}) < FORMULA_MIN_WORKS:
            continue
        ordered = sorted(refs, key=lambda r: (result.units[r].date or "9999", r.document, r.paragraph))
        first = result.units[ordered[0]]
        label = " ".join(first.words[:12])
        # The id is a page path segment: at most 60 characters of words (a Chinese "word" is a whole clause,
        # and a path segment longer than 255 bytes cannot be written), then a hash that keeps it unique.
        words = "-".join(first.words[:6])[:60].rstrip("-")
        fid = f"{words}-{zlib.crc32(first.ref.document.encode() + first.ref.paragraph.encode()):08x}"
        result.formulas.append(Formula(fid, ordered, label))
    result.formulas.sort(key=lambda f: (-len(f.members), f.id))
    return result


_DOCS_BY_ID: list = [None, 0, {}]
"""(corpus, its document count, expression id -> first document with it) of the last corpus asked about."""


def paragraph_of(corpus: Corpus, ref: Ref) -> tuple[Document, Paragraph] | None:
    """The document and paragraph a reference names."""
    # A scan of every document (Document.id is computed) per call made the agreed-language
    # pages quadratic in the corpus (29 % of a 1,128-file build): look ids up in a table
    # kept for the corpus last asked about.
    if _DOCS_BY_ID[0] is not corpus or _DOCS_BY_ID[1] != len(corpus.documents):
        table: dict[str, Document] = {}
        for d in corpus.documents:
            table.setdefault(d.id, d)
        _DOCS_BY_ID[:] = [corpus, len(corpus.documents), table]
    doc = _DOCS_BY_ID[2].get(ref.document)
    if doc is None:
        return None
    p = doc.paragraph(ref.paragraph)
    return (doc, p) if p else None
