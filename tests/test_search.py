"""The prebuilt search index (compendium.search.build_index), queried with lunr.py.

The corpus is built from the model directly, with paragraphs quoted from the
seed texts (ECOSOC resolutions 2004/28 and 1993/34 and the report
E/CN.15/2004/9/Add.1) and citations as compendium.link records them. The same
corpus serves tests/test_search_browser.py.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from lunr.index import Index
from lunr.query import Query, QueryPresence

from compendium.model import Citation, Corpus, Document, Footnote, Kind, Organ, Paragraph, Source, Version, slug
from compendium.search import build_index, read_json, tokenize


def _para(kind: Kind, anchor: str, number: str | None, markdown: str, cites=(), **kw) -> Paragraph:
    p = Paragraph(kind=kind, anchor=anchor, number=number, markdown=markdown, line=1, **kw)
    for target, where in cites:
        p.citations.append(Citation(paragraph=where or anchor, target=target))
    return p


def _doc(symbol: str, organ: Organ, date: str, title: str, source: Source, language: str = "en", **kw) -> Document:
    """An adopted expression whose work is its symbol, at the path the corpus would give it."""
    folder = {"report": "reports"}.get(kw.get("doctype", ""), organ.value.lower())
    return Document(
        path=Path(f"resolutions/{folder}/{date[:4]}/{slug(symbol)}.adopted.{language}.md"),
        symbol=symbol,
        work=symbol,
        doctype=kw.pop("doctype", "resolution"),
        organ=organ,
        title=title,
        date=date,
        language=language,
        version=Version.ADOPTED,
        source=source,
        **kw,
    )


def small_corpus() -> Corpus:
    """Three real documents, cut down, with citations filled as link_corpus fills them.

    A footnote's citations are recorded under each paragraph referencing it;
    build_index finds those of the footnote's own entry in its text.
    """
    r2004 = _doc(
        "E/RES/2004/28",
        Organ.ECOSOC,
        "2004-07-21",
        "United Nations standards and norms in crime prevention and criminal justice",
        Source(kind="seed", file="000_0e9eeb24861ad46d.txt"),
        number="2004/28",
        categories=[1, 2],
        topics=["standards-and-norms"],
        footnotes={
            "1": Footnote("1", "A/55/305-S/2000/809."),
            "2": Footnote("2", "E/CN.15/2004/9."),
            "3": Footnote("3", "E/CN.15/2004/9/Add.1."),
        },
    )
    r2004.paragraphs = [
        _para(Kind.FORMULA, "formula", None, "The Economic and Social Council,"),
        _para(
            Kind.PREAMBULAR, "pp-1", None,
            "Recalling the United Nations Millennium Declaration, contained in General Assembly "
            "resolution 55/2 of 8 September 2000,",
            cites=[("A/RES/55/2", None)], ordinal=1,
        ),
        _para(
            Kind.PREAMBULAR, "pp-2", None,
            "*Mindful* of the report of 21 August 2000 of the Panel on United Nations Peace Operations[^1] "
            "and the discussions on justice and the rule of law held by the Security Council,",
            cites=[("A/55/305-S/2000/809", None)], ordinal=2, footnotes=["1"],
        ),
        _para(
            Kind.PREAMBULAR, "pp-6", None,
            "Recalling its resolution 1993/34 of 27 July 1993, in particular section III, paragraph 7 (c) "
            "thereof, in which it requested the Secretary-General to commence without delay a process of "
            "information-gathering to be undertaken by means of surveys,",
            cites=[("E/RES/1993/34", None)], ordinal=6,
        ),
        _para(
            Kind.PREAMBULAR, "pp-8", None,
            "Recalling further its resolution 2003/30 of 22 July 2003, in which it decided to group United "
            "Nations standards and norms in crime prevention and criminal justice into four categories,",
            cites=[("E/RES/2003/30", None)], ordinal=8,
        ),
        _para(
            Kind.OPERATIVE, "op-1", "1.",
            "*Takes note* of the report of the Secretary-General on United Nations standards and norms in "
            "crime prevention and criminal justice;[^2]",
            cites=[("E/CN.15/2004/9", None)], footnotes=["2"],
        ),
        _para(
            Kind.OPERATIVE, "op-2", "2.",
            "Also takes note of the report of the Intergovernmental Expert Group Meeting on United Nations "
            "Standards and Norms in Crime Prevention and Criminal Justice held in Vienna from 23 to 25 March 2004;[^3]",
            cites=[("E/CN.15/2004/9/Add.1", None)], footnotes=["3"],
        ),
        _para(
            Kind.OPERATIVE, "op-9", "9.",
            "*Requests* the Secretary-General to report to the Commission on Crime Prevention and Criminal "
            "Justice at its fifteenth session on the use and application of the United Nations standards and "
            "norms referred to in paragraph 5 above, in particular as regards:",
        ),
        _para(
            Kind.SUBPARAGRAPH, "op-9-b", "(b)",
            "Ways in which technical assistance can be provided to overcome those difficulties:",
            level=1, parent="op-9",
        ),
        _para(
            Kind.OPERATIVE, "op-11", "11.",
            "Requests the Secretary-General to assist Member States, upon request, subject to the availability "
            "of extrabudgetary resources, in the use and application of United Nations standards and norms in "
            "crime prevention and criminal justice through the development and implementation of technical "
            "assistance projects aimed at criminal justice reform;",
        ),
        _para(Kind.CLOSING, "closing", None, "47th plenary meeting 21 July 2004"),
    ]

    report = _doc(
        "E/CN.15/2004/9/Add.1",
        Organ.CCPCJ,
        "2004-04-06",
        "Report of the Intergovernmental Expert Group Meeting on United Nations Standards and Norms "
        "in Crime Prevention and Criminal Justice",
        Source(kind="seed", file="001_72b7bc52390d81d2.txt"),
        doctype="report",
        categories=[1],
    )
    report.paragraphs = [
        _para(
            Kind.REPORT, "para-1", "1.",
            "In its resolution 2003/30 of 22 July 2003, the Economic and Social Council decided to group "
            "United Nations standards and norms in crime prevention and criminal justice into the following "
            "four categories for the purpose of targeted collection of information",
            cites=[("E/RES/2003/30", None)],
        ),
        _para(
            Kind.REPORT, "para-2", "2.",
            "Pursuant to Economic and Social Council resolution 2003/30, the Intergovernmental Expert Group "
            "Meeting on United Nations Standards and Norms in Crime Prevention and Criminal Justice was held "
            "in Vienna from 23 to 25 March 2004.",
            cites=[("E/RES/2003/30", None)],
        ),
    ]

    r1993 = _doc(
        "E/RES/1993/34",
        Organ.ECOSOC,
        "1993-07-27",
        "Implementation of General Assembly resolutions 46/152 and 47/91 and Economic and Social "
        "Council resolution 1992/22, concerning crime prevention and criminal justice",
        Source(kind="seed", file="002_adebd26f7a7cd6ac.txt"),
        number="1993/34",
        categories=[2],
        footnotes={"98": Footnote("98", None, missing=True)},
    )
    r1993.paragraphs = [
        _para(
            Kind.PREAMBULAR, "pp-1", None,
            "*Recalling* resolution 1/2 of 29 April 1992 of the Commission on Crime Prevention and Criminal "
            "Justice,[^98] resolutions 1 (XXXV), 4 (XXXV) and 11 (XXXV) of 15 April 1992 of the Commission "
            "on Narcotic Drugs[^98] and Commission on Human Rights resolution 1992/31 of 18 February 1992,",
            cites=[
                ("CCPCJ/RES/1/2", None),
                ("CND/RES/1(XXXV)", None),
                ("CND/RES/4(XXXV)", None),
                ("CND/RES/11(XXXV)", None),
                ("CHR/RES/1992/31", None),
            ],
            ordinal=1, footnotes=["98"],
        ),
        _para(
            Kind.PREAMBULAR, "pp-2", None,
            "*Concerned* about the disparity between the need for technical assistance and the resources "
            "available for the United Nations crime prevention and criminal justice programme,",
            ordinal=2,
        ),
    ]
    return Corpus(root=Path("resolutions"), documents=[r2004, report, r1993])


def chinese_corpus() -> Corpus:
    """Two paragraphs of the Chinese text of General Assembly resolution 75/195 (UNxml)."""
    doc = _doc(
        "A/RES/75/195",
        Organ.GA,
        "2020-12-16",
        "加强和促进关于器官捐献和移植的有效措施和国际合作，防止和打击为摘除器官贩运人口行为和贩运人体器官行为",
        Source(kind="akn", file="75_195_C.xml"),
        language="zh",
        number="75/195",
    )
    doc.paragraphs = [
        _para(
            Kind.PREAMBULAR, "pp-3", None,
            "回顾大会题为“预防、打击和惩治贩运人体器官行为”的2004年12月20日第59/156号、题为“加强和促进关于器官捐献和移植的"
            "有效措施和国际合作，防止和打击为摘除器官贩运人口行为和贩运人体器官行为”的2018年12月17日第73/189号和题为“改进工作"
            "协调，打击贩运人口行为”的2019年12月18日第74/176号决议以及预防犯罪和刑事司法委员会关于防止和打击贩运人体器官和为摘除"
            "器官贩运人口行为的2014年5月16日第23/2号和2016年5月27日第25/1号决议，",
            cites=[("A/RES/59/156", None), ("A/RES/73/189", None), ("A/RES/74/176", None)], ordinal=3,
        ),
        _para(Kind.OPERATIVE, "op-17", "17.", "决定在其第七十七届会议题为“预防犯罪和刑事司法”的项目下继续审议这个问题。"),
    ]
    return Corpus(root=Path("resolutions"), documents=[doc])


CITING_2003_30 = {("E/RES/2004/28", "pp-8"), ("E/CN.15/2004/9/Add.1", "para-1"), ("E/CN.15/2004/9/Add.1", "para-2")}


def search(files: dict[str, bytes | str], query: str, prefix: bool = False) -> set[tuple[str, str]]:
    """(symbol, anchor) of every entry matching all tokens of ``query``, over every shard (lunr.py)."""
    manifest = json.loads(files["manifest.json"])
    found = set()
    for shard in manifest["shards"]:
        index = Index.load(read_json(files[f"index-{shard['id']}.json.gz"]))
        rows = read_json(files[f"data-{shard['id']}.json.gz"])
        q = index.create_query()
        tokens = tokenize(query, shard["lang"], stemming=not prefix)
        for t in tokens:
            q.term(
                t,
                use_pipeline=False,
                presence=QueryPresence.REQUIRED,
                wildcard=Query.WILDCARD_TRAILING if prefix else Query.WILDCARD_NONE,
            )
        for hit in index.query(q):
            row = rows[int(hit["ref"], 36)]
            found.add((manifest["documents"][row[0]]["symbol"], row[1]))
    return found


def all_rows(files):
    manifest = json.loads(files["manifest.json"])
    for shard in manifest["shards"]:
        for row in read_json(files[f"data-{shard['id']}.json.gz"]):
            yield manifest["documents"][row[0]], row


def test_one_entry_per_paragraph_and_footnote():
    corpus = small_corpus()
    files = build_index(corpus)
    entries = [(d["symbol"], row[1]) for d, row in all_rows(files)]
    expected = []
    for doc in corpus.documents:
        expected += [(doc.symbol, p.anchor) for p in doc.citable()]
        expected += [(doc.symbol, fn.anchor) for fn in doc.footnotes.values() if fn.text is not None]
    assert sorted(entries) == sorted(expected)
    assert len(entries) == len(set(entries))
    # headings, formula and closing line are not entries; a footnote whose text is missing neither
    assert ("E/RES/2004/28", "closing") not in entries
    assert ("E/RES/1993/34", "fn-98") not in entries


def test_resolution_number_finds_exactly_the_citing_paragraphs():
    files = build_index(small_corpus())
    assert search(files, "2003/30") == CITING_2003_30
    assert search(files, "E/RES/2003/30") == CITING_2003_30
    # its own paragraphs, dates and other numbers are not citations of it
    assert search(files, "2004/28") == set()
    assert search(files, "1993/34") == {("E/RES/2004/28", "pp-6")}


def test_document_symbols_match_exactly_unless_prefixed():
    files = build_index(small_corpus())
    assert search(files, "E/CN.15/2004/9") == {("E/RES/2004/28", "op-1"), ("E/RES/2004/28", "fn-2")}
    assert search(files, "E/CN.15/2004/9/Add.1") == {("E/RES/2004/28", "op-2"), ("E/RES/2004/28", "fn-3")}
    assert search(files, "E/CN.15/2004/9", prefix=True) == {
        ("E/RES/2004/28", "op-1"),
        ("E/RES/2004/28", "fn-2"),
        ("E/RES/2004/28", "op-2"),
        ("E/RES/2004/28", "fn-3"),
    }
    assert search(files, "A/55/305-S/2000/809") == {("E/RES/2004/28", "pp-2"), ("E/RES/2004/28", "fn-1")}


def test_commission_resolutions_by_number():
    files = build_index(small_corpus())
    assert search(files, "4 (XXXV)") == {("E/RES/1993/34", "pp-1")}
    assert search(files, "CND/RES/11(XXXV)") == {("E/RES/1993/34", "pp-1")}
    assert search(files, "1/2") == {("E/RES/1993/34", "pp-1")}


def test_words_are_stemmed():
    files = build_index(small_corpus())
    hits = search(files, "requested")
    assert ("E/RES/2004/28", "op-9") in hits and ("E/RES/2004/28", "op-11") in hits
    assert ("E/RES/2004/28", "pp-6") in hits  # "requested the Secretary-General"
    assert search(files, "technical assistance") == {
        ("E/RES/2004/28", "op-9-b"),
        ("E/RES/2004/28", "op-11"),
        ("E/RES/1993/34", "pp-2"),
    }


def test_display_rows_carry_what_the_page_shows():
    files = build_index(small_corpus())
    rows = {(d["symbol"], row[1]): (d, row) for d, row in all_rows(files)}
    doc, row = rows[("E/RES/2004/28", "op-9-b")]
    _, anchor, number, kind, _verb, text, _topics, cites = row
    assert (number, kind) == ("(b)", "subparagraph")
    assert text.startswith("Ways in which technical assistance")
    assert doc["url"] + "#" + anchor == "resolutions/E-RES-2004-28/#op-9-b"
    assert (doc["organ"], doc["date"], doc["lang"], doc["version"]) == ("ECOSOC", "2004-07-21", "en", "adopted")
    assert doc["categories"] == [1, 2]
    _, row = rows[("E/RES/2004/28", "pp-2")]
    assert row[5].endswith("held by the Security Council,")  # plain text: no [^1], no *
    assert row[7] == ["A/55/305-S/2000/809"]  # cited through footnote 1
    _, row = rows[("E/RES/2004/28", "fn-1")]
    assert (row[2], row[3], row[7]) == ("1", "footnote", ["A/55/305-S/2000/809"])
    _, row = rows[("E/RES/2004/28", "op-1")]
    assert row[4] == "Takes note"
    manifest = json.loads(files["manifest.json"])
    assert "Takes note" in manifest["verbs"]
    assert set(manifest["kinds"]) == {"preambular", "operative", "subparagraph", "report", "footnote"}


def test_shards_split_by_language_organ_and_date_and_term_maps_point_to_them():
    files = build_index(small_corpus(), shard_entries=4)
    manifest = json.loads(files["manifest.json"])
    shards = manifest["shards"]
    assert len(shards) > 2
    for s in shards:
        assert s["entries"] <= 4 or s["from"] == s["to"]  # a document is never split
    # newest first
    assert [s["to"] for s in shards] == sorted((s["to"] for s in shards), reverse=True)
    organs = {s["organ"] for s in shards}
    assert organs == {"ECOSOC", "CCPCJ"}
    digits = read_json(files["terms-2.json.gz"])
    holders = {manifest["shards"][i]["organ"] for i in digits["2003/30"]}
    assert holders == {"ECOSOC", "CCPCJ"}
    assert "2004/28" not in digits  # nothing cites it in this corpus
    e_terms = read_json(files["terms-e.json.gz"])
    assert "e/cn.15/2004/9" in e_terms and "extradit" not in e_terms
    assert {manifest["shards"][i]["organ"] for i in e_terms["econom"]} == {"CCPCJ"}
    assert sorted(manifest["term_buckets"]) == sorted(n[6:-8] for n in files if n.startswith("terms-"))
    # sharding changes nothing in what is found
    assert search(files, "2003/30") == CITING_2003_30


REPO = Path(__file__).resolve().parents[1]


def test_seed_corpus_number_query_equals_the_paragraphs_whose_text_cites_it():
    """On the real corpus, linked by compendium.link: 2003/30 finds what a reader finds, nothing else."""
    import re

    from compendium.link import link_corpus
    from compendium.load import load_corpus

    corpus, _problems = load_corpus(REPO / "resolutions")  # the checker's tests judge the problems
    # the texts imported from the seeds (and the drafts printed in them): a small, fixed part to link
    corpus.documents = [d for d in corpus.documents if d.source.kind in ("seed", "report")]
    link_corpus(corpus)
    files = build_index(corpus)
    cites = re.compile(r"(?<![\w/.])2003/30(?![\w/])")
    expected = set()
    for doc in corpus.documents:
        for p in doc.citable():
            notes = " ".join(doc.footnotes[m].text or "" for m in p.footnotes if m in doc.footnotes)
            if cites.search(p.text) or cites.search(notes):
                expected.add((doc.symbol, p.anchor))
        for fn in doc.footnotes.values():
            if fn.text and cites.search(fn.text):
                expected.add((doc.symbol, fn.anchor))
    assert len(expected) >= 4  # 2004/28 (adopted and draft) and the report cite it
    assert search(files, "2003/30") == expected
    assert search(files, "E/RES/2003/30") == expected


def test_chinese_is_searched_by_ideograph_and_symbol():
    files = build_index(chinese_corpus())
    assert search(files, "刑事司法") == {("A/RES/75/195", "pp-3"), ("A/RES/75/195", "op-17")}
    assert search(files, "人体器官") == {("A/RES/75/195", "pp-3")}
    assert search(files, "59/156") == {("A/RES/75/195", "pp-3")}


def test_index_files_are_deterministic_gzip_whatever_the_number_of_workers():
    """The shard, display data and term map files are gzip with no name and mtime 0; the manifest
    is JSON text. Building in two processes (forked) or in one gives the same bytes."""
    one = build_index(small_corpus(), shard_entries=4, workers=1)
    two = build_index(small_corpus(), shard_entries=4, workers=2)
    assert one == two
    assert isinstance(one["manifest.json"], str) and json.loads(one["manifest.json"])["version"] == 2
    gz = {name: content for name, content in one.items() if name != "manifest.json"}
    assert gz and all(name.endswith(".json.gz") and isinstance(c, bytes) for name, c in gz.items())
    for name, content in gz.items():
        assert content[:4] == b"\x1f\x8b\x08\x00", name  # gzip, deflate, no flags (no file name)
        assert content[4:8] == b"\0\0\0\0", name  # mtime 0
        assert read_json(content) == json.loads(gzip.decompress(content)), name
    manifest = json.loads(one["manifest.json"])
    assert {f"index-{s['id']}.json.gz" for s in manifest["shards"]} | {f"data-{s['id']}.json.gz" for s in manifest["shards"]} | {
        f"terms-{b}.json.gz" for b in manifest["term_buckets"]
    } == set(gz)


def test_shards_are_built_here_when_no_process_can_be_started(monkeypatch):
    import compendium.search as search_module

    def no_processes(*args, **kwargs):
        raise OSError("no processes here")

    expected = build_index(small_corpus(), shard_entries=4, workers=1)
    monkeypatch.setattr(search_module, "ProcessPoolExecutor", no_processes)
    assert build_index(small_corpus(), shard_entries=4, workers=2) == expected
