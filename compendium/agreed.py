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

import difflib
import re
import zlib
from collections import defaultdict
from dataclasses import dataclass, field

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
class Formula:
    """A recurring formula: a group of near-identical paragraphs across works, in date order."""

    id: str
    members: list[Ref]
    label: str
    """The first words of the earliest member."""


@dataclass
class AgreedLanguage:
    """Every near-duplicate pair and recurring formula of a corpus."""

    matches: list[Match] = field(default_factory=list)
    formulas: list[Formula] = field(default_factory=list)
    units: dict[Ref, Unit] = field(default_factory=dict)

    def earlier(self, ref: Ref) -> list[Match]:
        """Matches of a paragraph with paragraphs adopted before it (or with its draft), best first."""
        unit = self.units.get(ref)
        if unit is None:
            return []
        out = []
        for m in self.matches:
            other = m.b if m.a == ref else m.a if m.b == ref else None
            if other is not None and _before(self.units[other], unit):
                out.append(Match(ref, other, m.similarity))
        return sorted(out, key=lambda m: (-m.similarity, self.units[m.b].date))

    def formula_of(self, ref: Ref) -> Formula | None:
        """The recurring formula a paragraph belongs to, if any."""
        for f in self.formulas:
            if ref in f.members:
                return f
        return None


def _before(other: Unit, unit: Unit) -> bool:
    if other.work == unit.work:
        return other.version == "draft" and unit.version != "draft"
    return bool(other.date) and (not unit.date or other.date < unit.date)


_WORD = re.compile(r"\w+(?:[-/.]\w+)*", re.UNICODE)


def words_of(text: str) -> list[str]:
    """The lower-cased words of a paragraph's plain text."""
    return [w.lower() for w in _WORD.findall(text)]


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
    """Pairs of unit indexes that share a band of their signatures, same language, comparable works."""
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
        edges = np.flatnonzero(np.diff(sorted_keys)) + 1
        for members in np.split(order, edges):
            m = len(members)
            if m < 2:
                continue
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
    return {(i, j) for i, j in pairs if _comparable(units[i], units[j])}


def _comparable(u: Unit, v: Unit) -> bool:
    if u.language != v.language:
        return False
    return u.work != v.work or u.version != v.version


def similarity(u: list[str], v: list[str]) -> float:
    """Share of words matching in order (``SequenceMatcher.ratio`` over words): 1.0 is identical."""
    return difflib.SequenceMatcher(None, u, v, autojunk=False).ratio()


def find(corpus: Corpus, threshold: float = THRESHOLD) -> AgreedLanguage:
    """Every pair of paragraphs at or above ``threshold``, and the recurring formulas."""
    units = units_of(corpus)
    result = AgreedLanguage(units={u.ref: u for u in units})
    if not units:
        return result
    sig = signatures(units)
    parent = list(range(len(units)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in sorted(candidate_pairs(units, sig)):
        s = similarity(units[i].words, units[j].words)
        if s >= threshold:
            result.matches.append(Match(units[i].ref, units[j].ref, round(s, 3)))
            parent[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(units)):
        groups.setdefault(root(i), []).append(i)
    for members in groups.values():
        if len({units[i].work for i in members}) < FORMULA_MIN_WORKS:
            continue
        ordered = sorted(members, key=lambda i: (units[i].date or "9999", units[i].ref.document))
        first = units[ordered[0]]
        label = " ".join(first.words[:12])
        fid = f"{'-'.join(first.words[:6])}-{zlib.crc32(first.ref.document.encode() + first.ref.paragraph.encode()):08x}"
        result.formulas.append(Formula(fid, [units[i].ref for i in ordered], label))
    result.formulas.sort(key=lambda f: (-len(f.members), f.id))
    return result


def paragraph_of(corpus: Corpus, ref: Ref) -> tuple[Document, Paragraph] | None:
    """The document and paragraph a reference names."""
    for doc in corpus.documents:
        if doc.id == ref.document:
            p = doc.paragraph(ref.paragraph)
            return (doc, p) if p else None
    return None
