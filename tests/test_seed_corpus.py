"""The seed corpus in ``resolutions/`` is what the importer makes of the seeds, plus curated front matter.

The seeds are copied into ``tests/golden/text/<seed>/input.txt`` so this runs
without ``../shared``. Bodies must match the importer's output byte for byte;
front matter too, except the keys curated by hand, listed here. There is no
other deliberate difference: a change to the importer that changes a seed's
output shows here, and the corpus is then re-imported (``compendium
import-text ... --force``) and re-curated, or the difference listed below.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
import yaml

from compendium.check import check_corpus
from compendium.import_text import CURATED_KEYS, ImportOptions, dump_front_matter, import_files
from compendium.load import load_corpus, split_front_matter

from test_import_text import CASES, GOLDEN as GOLDEN_DIR, run_case

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "resolutions"

CURATED = {
    "categories": "categories of ECOSOC resolution 2003/30 (1-4), chosen by reading the text",
    "topics": "topics from compendium/data/topics.yaml, chosen by reading the text",
    "paragraphs": "per-paragraph topics of the key paragraphs (e.g. E/RES/2004/28 op-12: peacekeeping)",
}
"""Front-matter keys written by hand; the importer never writes them."""
assert set(CURATED) == set(CURATED_KEYS)

DELIBERATE: dict[tuple[str, str], str] = {}
"""(corpus file, front-matter key) -> why it differs from the import. None so far: everything else is imported."""


@functools.cache
def imported():
    return [(name, f) for name in CASES for f in run_case(name)]


def committed(rel: str) -> tuple[dict, str]:
    text = (CORPUS / rel).read_text(encoding="utf-8")
    fm = split_front_matter(text, CORPUS / rel)
    body = text.split("\n---\n", 1)[1]
    return fm.data, body


@pytest.mark.parametrize("name,file", imported(), ids=lambda v: getattr(v, "relpath", v))
def test_committed_body_matches_import(name, file):
    assert (CORPUS / file.relpath).exists(), f"{file.relpath} is missing from resolutions/: import seed {name}"
    _, body = committed(file.relpath)
    assert body == f"\n{file.body}\n", f"{file.relpath}: body differs from what the importer makes of {name}"


@pytest.mark.parametrize("name,file", imported(), ids=lambda v: getattr(v, "relpath", v))
def test_committed_front_matter_matches_import_except_curated(name, file):
    data, _ = committed(file.relpath)
    assert not set(file.front) & set(CURATED), "the importer must not write curated keys"
    kept = {k: v for k, v in data.items() if k not in CURATED and (file.relpath, k) not in DELIBERATE}
    wanted = {k: v for k, v in file.front.items() if (file.relpath, k) not in DELIBERATE}
    assert dump_front_matter(kept) == dump_front_matter(wanted)
    # Curation happened: every seed document has categories and topics.
    assert data.get("categories") and data.get("topics")


def test_curated_values_are_from_the_vocabularies():
    topics = {t["id"] for t in yaml.safe_load((ROOT / "compendium/data/topics.yaml").read_text())}
    for _, file in imported():
        data, _ = committed(file.relpath)
        assert set(data["categories"]) <= {1, 2, 3, 4}
        used = set(data["topics"]) | {t for p in (data.get("paragraphs") or {}).values() for t in p["topics"]}
        assert used <= topics, file.relpath


def test_peacekeeping_paragraph_of_2004_28_is_tagged():
    data, _ = committed("ecosoc/2004/E-RES-2004-28.adopted.en.md")
    assert "peacekeeping-post-conflict" in data["paragraphs"]["op-12"]["topics"]


@pytest.fixture(scope="module")
def seed_corpus(tmp_path_factory) -> Path:
    """The committed seed files alone (the real corpus around them grows; these tests are about them)."""
    import shutil

    root = tmp_path_factory.mktemp("seeds") / "resolutions"
    for _, f in imported():
        (root / f.relpath).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CORPUS / f.relpath, root / f.relpath)
    return root


def test_seed_corpus_loads_and_checks_clean(seed_corpus):
    corpus, problems = load_corpus(seed_corpus)
    problems += check_corpus(corpus)
    assert [p.format() for p in problems] == []
    ids = {d.id for d in corpus.documents}
    assert {"E-RES-2004-28.adopted.en", "E-RES-2004-28.draft.en", "E-CN.15-2004-9-Add.1.adopted.en",
            "E-RES-1993-34.adopted.en", "E-RES-1997-32.adopted.en"} <= ids


def test_reimport_with_force_reproduces_the_corpus_byte_for_byte(seed_corpus, tmp_path):
    """What an editor does after an importer change: re-import every seed with --force; curation is kept."""
    import shutil

    corpus = tmp_path / "resolutions"
    shutil.copytree(seed_corpus, corpus)
    for name in CASES:
        opts = yaml.safe_load(p.read_text()) if (p := GOLDEN_DIR / name / "options.yaml").exists() else {}
        options = ImportOptions(symbol=opts.get("symbol"), source_file=f"{name}.txt")  # the draft is found by title
        written, problems = import_files([GOLDEN_DIR / name / "input.txt"], corpus, corpus=corpus, options=options, force=True)
        assert problems == [] and written
    for _, file in imported():
        assert (corpus / file.relpath).read_bytes() == (CORPUS / file.relpath).read_bytes(), file.relpath


def test_export_json_keeps_every_seed_word_in_order(seed_corpus):
    """Issue 2, done when: the text in `compendium export json` contains each seed's words in order.

    Footnote markers are left out of the comparison (the export lists them per paragraph, not at their
    place in the sentence); footnote texts must each be in the export's footnotes under their marker.
    """
    import re

    from compendium.export import corpus_json
    from compendium.import_text import ORGAN_NAMES, Organ, input_words

    corpus, _ = load_corpus(seed_corpus)
    docs = {d["id"]: d for d in corpus_json(corpus)["documents"]}

    def words(text):
        return [w.casefold() for w in re.findall(r"\w+", (text or "").replace("-", ""))]

    def reading(doc, top=True):
        out = words(" ".join([doc["body"], ORGAN_NAMES[Organ(doc["body"])], doc["version"], doc["type"],
                              doc.get("number") or "", doc["title"]])) if top else []
        for p in doc["paragraphs"]:
            out += words(p["number"]) + words(p["text"])
            if p.get("ref") in docs:
                out += reading(docs[p["ref"]], top=False)
        return out

    for name in CASES:
        text = (GOLDEN_DIR / name / "input.txt").read_text(encoding="utf-8")
        marker = r"<sup>&</sup>lt;sup>\w+</sup>|<sup>\w+</sup>|[¹²³⁴⁵⁶⁷⁸⁹⁰]+"
        unmarked = "\n".join(line if re.match(rf"\s*({marker})\s", line) else re.sub(marker, " ", line)
                             for line in text.split("\n"))
        ids = [f.doc_id for f in run_case(name)]
        out = iter(reading(docs[ids[0]]))
        missing = [w for w in input_words(unmarked)[0] if w not in out]
        assert missing == [], name
        exported = {(fn["marker"], " ".join(words(fn["text"]))) for i in ids for fn in docs[i]["footnotes"]}
        for marker, note in input_words(text)[1]:
            assert (marker, " ".join(note)) in exported, (name, marker)
