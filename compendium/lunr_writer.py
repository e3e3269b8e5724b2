"""A fast writer of lunr 2.3.9's serialised index, equal to what the ``lunr`` package builds.

The search index (:mod:`compendium.search`) is made of pre-tokenised entries:
every token is final, the pipelines are empty. ``lunr.builder.Builder`` spends
most of a scale build wrapping each token in a ``Token`` object, inserting
vector elements one by one (``Vector.insert`` is a sorted list insert) and
building a ``TokenSet`` automaton that ``Index.serialize`` never writes. This
module computes the same serialised dict straight from term counts: the same
inverted index (terms sorted, postings ``{field: {ref: {}}, "_index": n}`` in
the builder's key order, term indexes in first-seen order), the same field
vectors (``[termIndex, score, ...]`` sorted by term index, BM25 with k1 1.2,
b 0.75, ``idf = log(1 + |(N - df + 0.5) / (df + 0.5)|)``, the same float
operations in the same order, rounded to 3 decimals), the same fields and an
empty pipeline. ``lunr`` stays the reference: the tests compare both outputs
on generated and real input.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

LUNR_VERSION = "2.3.9"
"""The lunr.js version whose format is written (``lunr.__TARGET_JS_VERSION__``)."""

K1 = 1.2
B = 0.75
_EMPTY: dict = {}  # a posting's metadata: lunr writes {} for each; only ever serialised, never changed


class IndexWriter:
    """Collects documents of pre-tokenised fields; :meth:`serialize` returns lunr's dict.

    Equivalent to a ``lunr.builder.Builder`` whose pipeline and search pipeline
    were reset, with these fields (boost 1), given each field as a list of tokens.
    """

    def __init__(self, fields: Sequence[str]):
        for name in fields:
            if "/" in name:
                raise ValueError(f"field name {name!r} contains '/', which lunr forbids")
        self.fields = list(dict.fromkeys(fields))
        self._terms: dict[str, tuple[int, dict[str, dict[str, dict]]]] = {}
        # per (field, ref), in the builder's insertion order: (field, ref, length, {term: tf})
        self._docs: list[tuple[str, str, int, dict[str, int]]] = []
        self._refs: set[str] = set()

    def add(self, ref, fields: Mapping[str, Sequence]) -> None:
        """Add one document: ``ref`` and, for every field, its tokens in order (``None`` for none)."""
        counted = {}
        for name in self.fields:
            value = fields[name]
            if isinstance(value, str):
                raise TypeError(f"field {name!r} of {ref!r}: give a list of tokens, not a string")
            # lunr.tokenizer.Tokenizer on a list: as_string(element).lower()
            tokens = [] if value is None else [("" if not t else str(t)).lower() for t in value]
            counted[name] = (len(tokens), Counter(tokens))
        self.add_counted(ref, counted)

    def add_counted(self, ref, fields: Mapping[str, tuple[int, Mapping[str, int]]]) -> None:
        """Add one document given, for every field, its number of tokens and each token's count,
        in the order tokens first occur (a ``Counter`` of the tokens); tokens as :meth:`add` makes
        them (lower-cased strings). For a caller that meets the same text many times."""
        doc_ref = str(ref)
        if doc_ref in self._refs:
            raise ValueError(f"duplicate document ref {doc_ref!r}")
        self._refs.add(doc_ref)
        terms = self._terms
        for name in self.fields:
            length, counts = fields[name]
            for t in counts:
                entry = terms.get(t)
                if entry is None:
                    entry = (len(terms), {f: {} for f in self.fields})
                    terms[t] = entry
                entry[1][name][doc_ref] = _EMPTY
            self._docs.append((name, doc_ref, length, counts))

    def serialize(self) -> dict:
        """The serialised index, equal to ``Builder().build().serialize()`` on the same input."""
        totals = dict.fromkeys(self.fields, 0)
        with_field = dict.fromkeys(self.fields, 0)
        for name, _ref, length, _counts in self._docs:
            totals[name] += length
            with_field[name] += 1
        average = {name: totals[name] / with_field[name] for name in self.fields}
        n_docs = len(self._refs)
        idf: dict[str, float] = {}
        for term, (_index, postings) in self._terms.items():
            df = 0
            for refs in postings.values():
                df += len(refs)
            x = (n_docs - df + 0.5) / (df + 0.5)
            idf[term] = math.log(1 + abs(x))
        terms = self._terms
        k1_1 = K1 + 1
        index_of = {t: entry[0] for t, entry in terms.items()}
        idf_at = [0.0] * len(terms)
        for t, i in index_of.items():
            idf_at[i] = idf[t]
        # A document whose field repeats another's tokens (the same counts, as add_counted allows
        # sharing) and length has the same vector: computed once.
        done: dict[tuple[int, int, str], list] = {}
        vectors = []
        for name, ref, length, counts in self._docs:
            key = (id(counts), length, name)
            flat = done.get(key)
            if flat is None:
                flat = []
                if counts:  # else lunr computes no score (and would divide by a zero average)
                    norm = K1 * (1 - B + B * (length / average[name]))
                    for i, tf in sorted([(index_of[t], tf) for t, tf in counts.items()]):
                        flat += (i, round(idf_at[i] * (k1_1 * tf) / (norm + tf), 3))
                done[key] = flat
            vectors.append([f"{name}/{ref}", flat[:]])
        inverted = []
        for term in sorted(terms):
            index, postings = terms[term]
            posting = dict(postings)
            posting["_index"] = index
            inverted.append([term, posting])
        return {
            "version": LUNR_VERSION,
            "fields": list(self.fields),
            "fieldVectors": vectors,
            "invertedIndex": inverted,
            "pipeline": [],
        }


def serialize_index(fields: Sequence[str], documents) -> dict:
    """lunr's serialised index of ``documents``, an iterable of ``(ref, {field: tokens})``."""
    writer = IndexWriter(fields)
    for ref, values in documents:
        writer.add(ref, values)
    return writer.serialize()


__all__ = ["IndexWriter", "serialize_index", "LUNR_VERSION"]
