"""compendium.lunr_writer writes exactly what lunr.py's Builder serialises.

The ``lunr`` package is the reference: a property test on generated documents
and a test on the real corpus's search entries compare both outputs as JSON
(byte for byte, so key order and float formatting count too).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lunr.builder import Builder

from compendium.lunr_writer import IndexWriter, serialize_index

settings.register_profile("lunr_writer", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PROFILE = settings.get_profile(os.environ.get("COMPENDIUM_HYPOTHESIS", "lunr_writer"))

REPO = Path(__file__).resolve().parents[1]


def _reference(fields: list[str], documents: list[tuple[str, dict]]) -> dict:
    builder = Builder()
    builder.pipeline.reset()
    builder.search_pipeline.reset()
    builder.ref("id")
    for name in fields:
        builder.field(name)
    for ref, values in documents:
        builder.add({"id": ref, **values})
    return builder.build().serialize()


def _json(index: dict) -> str:
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


# A small vocabulary so terms repeat across documents and fields (document frequency > 1),
# plus any text at all, the empty token and upper case (lunr lower-cases list elements).
_TOKEN = st.one_of(
    st.sampled_from(["crime", "prevent", "justic", "e/res/2003/30", "2003/30", "1(xxxv)", "", "Victim", "人"]),
    st.text(min_size=0, max_size=6),
)
_FIELDS = st.lists(st.text(alphabet="abcxyz_", min_size=1, max_size=5), min_size=1, max_size=3, unique=True)


@st.composite
def _corpora(draw):
    fields = draw(_FIELDS)
    refs = draw(st.lists(st.text(min_size=0, max_size=4), min_size=1, max_size=12, unique=True))
    docs = [(ref, {f: draw(st.one_of(st.none(), st.lists(_TOKEN, max_size=15))) for f in fields}) for ref in refs]
    return fields, docs


@PROFILE
@given(_corpora())
def test_equals_lunr_builder_on_generated_documents(corpus):
    fields, docs = corpus
    try:
        expected = _reference(fields, docs)
    except ZeroDivisionError:  # lunr divides by the documents with a field; none have one
        with pytest.raises(ZeroDivisionError):
            serialize_index(fields, docs)
        return
    assert _json(serialize_index(fields, docs)) == _json(expected)


def test_refuses_what_it_cannot_write_as_lunr_would():
    with pytest.raises(ValueError, match="'/'"):
        IndexWriter(["a/b"])
    writer = IndexWriter(["text"])
    writer.add("0", {"text": ["a"]})
    with pytest.raises(ValueError, match="duplicate"):
        writer.add("0", {"text": ["b"]})
    with pytest.raises(TypeError, match="list of tokens"):
        writer.add("1", {"text": "a sentence"})


def test_equals_lunr_builder_on_the_real_corpus_entries():
    """The search module's own entries and tokens for real resolutions (first shards of the corpus)."""
    from compendium import search
    from compendium.pipeline import load

    root = REPO / "resolutions"
    if not root.is_dir():
        pytest.skip("resolutions/ is absent")
    corpus = load(root).corpus
    docs = sorted(corpus.documents, key=lambda d: (d.date or "", d.symbol, d.version.value, d.language))[:60]
    per_doc = [search.document_entries(d, i) for i, d in enumerate(docs)]
    shards = search._shards(docs, per_doc, 400)
    assert len(shards) > 1
    for shard in shards[:3]:
        documents = []
        for n, e in enumerate(shard.entries):
            cites = [t for target in e.cites for t in search.citation_tokens(target)]
            documents.append((search._ref(n), {"text": search.tokenize(e.text, shard.lang), "cites": cites}))
        assert any(d[1]["cites"] for d in documents) or shard is not shards[0]
        assert _json(serialize_index(["text", "cites"], documents)) == _json(_reference(["text", "cites"], documents))
