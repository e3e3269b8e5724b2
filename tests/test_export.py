"""compendium.export: the JSON export, its schema, and the CLI that prints it.

The corpus files are written into tmp_path from excerpts of real documents:
ECOSOC resolutions 2004/28 and 1993/34 (seeds 000_0e9eeb24861ad46d.txt and
002_adebd26f7a7cd6ac.txt in ../shared/seeds) and the annex of ECOSOC
resolution 2021/20 (UNxml E_RES_2021_20-2110314E.xml).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from compendium.export import corpus_json, export_schema
from compendium.link import link_corpus
from compendium.load import load_corpus

REPO = Path(__file__).resolve().parents[1]

RES_2004_28 = """\
---
symbol: E/RES/2004/28
type: resolution
body: ECOSOC
number: 2004/28
title: United Nations standards and norms in crime prevention and criminal justice
date: 2004-07-21
meeting: 47th plenary meeting
language: en
version: adopted
source: {kind: seed, file: 000_0e9eeb24861ad46d.txt}
categories: [1, 2]
topics: [standards-and-norms, peacekeeping-post-conflict]
footnotes:
  "1": A/55/305-S/2000/809.
  "2": E/CN.15/2004/9.
paragraphs:
  op-12: {topics: [peacekeeping-post-conflict, technical-assistance]}
---

The Economic and Social Council,
{.formula}

*Mindful* of the report of 21 August 2000 of the Panel on United Nations Peace Operations[^1] and the discussions on justice and the rule of law held by the Security Council,

Recalling its resolution 1993/34 of 27 July 1993, in particular section III, paragraph 7 (c) thereof, in which it requested the Secretary-General to commence without delay a process of information-gathering to be undertaken by means of surveys, such as reporting systems, and contributions from other sources,

1. *Takes note* of the report of the Secretary-General on United Nations standards and norms in crime prevention and criminal justice;[^2]

9. *Requests* the Secretary-General to report to the Commission on Crime Prevention and Criminal Justice at its fifteenth session on the use and application of the United Nations standards and norms referred to in paragraph 5 above, in particular as regards:

(a) The difficulties encountered in the application of the United Nations standards and norms in crime prevention and criminal justice;

12. Requests the United Nations Office on Drugs and Crime to continue to work with the Department of Peacekeeping Operations of the Secretariat and other relevant entities responsible for providing assistance to countries in post-conflict situations and, subject to the availability of extrabudgetary resources, to strengthen its capacity to provide technical assistance and advisory services to post-conflict reconstruction efforts by utilizing the instruments for gathering information on United Nations standards and norms in crime prevention and criminal justice to obtain data that will assist in integrating a crime prevention and criminal justice component into those activities;

47th plenary meeting
21 July 2004
{.closing}
"""

RES_1993_34 = """\
---
symbol: E/RES/1993/34
type: resolution
body: ECOSOC
number: 1993/34
title: Implementation of General Assembly resolutions 46/152 and 47/91 and Economic and Social Council resolution 1992/22, concerning crime prevention and criminal justice
date: 1993-07-27
meeting: 43rd plenary meeting
language: en
version: adopted
source: {kind: seed, file: 002_adebd26f7a7cd6ac.txt}
footnotes:
  "100": {missing: true}
---

The Economic and Social Council,
{.formula}

## III. UNITED NATIONS STANDARDS AND NORMS IN CRIME PREVENTION AND CRIMINAL JUSTICE

7. *Requests* the Secretary-General:

(c) To commence without delay a process of information-gathering to be undertaken by means of surveys, such as reporting systems, and contributions from other sources, initially paying attention to the United Nations standards, norms and guidelines listed in paragraph 8 (a) below; the surveys should be conducted over a two-year period in order to enable Member States to have sufficient time to provide replies; the results of the first surveys should be considered at the earliest possible session of the Commission;

8. *Requests* the Commission to establish, at its third session, an open-ended in-session working group, in accordance with the rules of procedure of the functional commissions of the Economic and Social Council[^100] and subject to the consideration of financial implications, in order to discuss, *inter alia*, the following issues:

(a) The role of the United Nations in promoting the use and application of the following standards, norms and guidelines, on the understanding that this selection does not imply any priority over other standards, norms and guidelines and is subject to review at future sessions of the Commission:
"""

RES_2021_20 = """\
---
symbol: E/RES/2021/20
type: resolution
body: ECOSOC
number: 2021/20
title: Fourteenth United Nations Congress on Crime Prevention and Criminal Justice
date: 2021-07-22
language: en
version: adopted
source: {kind: akn, file: E_RES_2021_20-2110314E.xml}
acknowledgement: un
---

# Annex

3. We undertake to contribute to achieving the 2030 Agenda for Sustainable Development through our efforts in crime prevention and criminal justice, with the firm recognition that sustainable development and the rule of law are interlinked and mutually reinforcing, that crime is an impediment to sustainable development and that achieving sustainable development is an enabling factor for States to effectively prevent and combat crime;
"""


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    root = tmp_path / "resolutions"
    for rel, text in {
        "ecosoc/2004/E-RES-2004-28.adopted.en.md": RES_2004_28,
        "ecosoc/1993/E-RES-1993-34.adopted.en.md": RES_1993_34,
        "ecosoc/2021/E-RES-2021-20.adopted.en.md": RES_2021_20,
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def exported(corpus_dir: Path, with_links: bool = True) -> dict:
    corpus, problems = load_corpus(corpus_dir)
    assert not [p for p in problems if p.is_error], problems
    links = link_corpus(corpus)
    return corpus_json(corpus, links if with_links else None)


def errors(data: dict) -> list[str]:
    validator = Draft202012Validator(export_schema())
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def test_export_validates_against_its_schema(corpus_dir):
    Draft202012Validator.check_schema(export_schema())
    data = exported(corpus_dir)
    assert errors(data) == []
    assert errors(exported(corpus_dir, with_links=False)) == []
    assert data["version"] == 1 and data["generated_by"] == "compendium"
    # Plain JSON: a round trip through text changes nothing.
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_the_schema_rejects_what_it_should(corpus_dir):
    data = exported(corpus_dir)
    for breakage in (
        lambda d: d["documents"][0]["paragraphs"][0].pop("id"),
        lambda d: d["documents"][0]["paragraphs"][0].update(kind="clause"),
        lambda d: d["documents"][0].update(date="21 July 2004"),
        lambda d: d["documents"][0]["paragraphs"][1].update(id="op 1"),
        lambda d: d["documents"][0].update(extra=1),
        lambda d: d["documents"][0]["citations"][0].update(target_paragraph="#op-5"),
        lambda d: d.update(version=2),
    ):
        broken = copy.deepcopy(data)
        breakage(broken)
        assert errors(broken), breakage


def docs_by_symbol(data: dict) -> dict[str, dict]:
    return {d["symbol"]: d for d in data["documents"]}


def test_document_fields(corpus_dir):
    doc = docs_by_symbol(exported(corpus_dir))["E/RES/2004/28"]
    assert {k: doc[k] for k in ("id", "work", "body", "type", "number", "date", "version", "language", "url")} == {
        "id": "E-RES-2004-28.adopted.en",
        "work": "E/RES/2004/28",
        "body": "ECOSOC",
        "type": "resolution",
        "number": "2004/28",
        "date": "2004-07-21",
        "version": "adopted",
        "language": "en",
        "url": "resolutions/E-RES-2004-28/",
    }
    assert doc["meeting"] == "47th plenary meeting"
    assert doc["categories"] == [1, 2] and doc["topics"] == ["standards-and-norms", "peacekeeping-post-conflict"]
    assert doc["source"] == {"kind": "seed", "file": "000_0e9eeb24861ad46d.txt", "symbol": None, "paragraph": None}
    assert "acknowledgement" not in doc


def test_paragraphs_in_document_order_with_numbers_as_printed(corpus_dir):
    doc = docs_by_symbol(exported(corpus_dir))["E/RES/2004/28"]
    paras = doc["paragraphs"]
    assert [(p["id"], p["kind"], p["number"]) for p in paras] == [
        ("formula", "formula", None),
        ("pp-1", "preambular", None),
        ("pp-2", "preambular", None),
        ("op-1", "operative", "1."),
        ("op-9", "operative", "9."),
        ("op-9-a", "subparagraph", "(a)"),
        ("op-12", "operative", "12."),
        ("closing", "closing", None),
    ]
    by_id = {p["id"]: p for p in paras}
    # Plain text without the number, markup or footnote marker.
    assert by_id["op-1"]["text"] == (
        "Takes note of the report of the Secretary-General on United Nations standards and norms in crime "
        "prevention and criminal justice;"
    )
    assert by_id["op-1"]["footnotes"] == ["2"] and by_id["pp-1"]["footnotes"] == ["1"]
    assert by_id["op-1"]["verb"] == "Takes note" and by_id["pp-2"]["verb"] == "Recalling"
    assert by_id["pp-2"]["ordinal"] == 2
    assert by_id["op-9-a"]["parent"] == "op-9" and by_id["op-9-a"]["level"] == 1
    assert by_id["op-12"]["topics"] == ["peacekeeping-post-conflict", "technical-assistance"]
    assert by_id["closing"]["text"] == "47th plenary meeting 21 July 2004"

    sections = docs_by_symbol(exported(corpus_dir))["E/RES/1993/34"]["paragraphs"]
    heading = sections[1]
    assert (heading["id"], heading["kind"], heading["number"], heading["heading_level"]) == ("sec-iii", "heading", "III.", 2)
    assert [p["id"] for p in sections if p["section"] == "sec-iii"] == [
        "sec-iii", "sec-iii-op-7", "sec-iii-op-7-c", "sec-iii-op-8", "sec-iii-op-8-a",
    ]


def test_footnotes_and_missing_texts(corpus_dir):
    data = docs_by_symbol(exported(corpus_dir))
    assert data["E/RES/2004/28"]["footnotes"] == [
        {"id": "fn-1", "marker": "1", "text": "A/55/305-S/2000/809.", "missing": False},
        {"id": "fn-2", "marker": "2", "text": "E/CN.15/2004/9.", "missing": False},
    ]
    assert data["E/RES/1993/34"]["footnotes"] == [{"id": "fn-100", "marker": "100", "text": None, "missing": True}]


def test_citations_paragraph_precise(corpus_dir):
    doc = docs_by_symbol(exported(corpus_dir))["E/RES/2004/28"]
    cites = {(c["paragraph"], c["target"]): c for c in doc["citations"]}
    precise = cites[("pp-2", "E/RES/1993/34")]
    assert precise["target_paragraph"] == "sec-iii-op-7-c"
    assert precise["relation"] == "recalls" and precise["internal"] is False
    assert precise["text"].startswith("its resolution 1993/34 of 27 July 1993")
    internal = cites[("op-9", "E/RES/2004/28")]
    assert internal["internal"] is True and internal["target_paragraph"] == "op-5"
    # Footnote citations: under the referencing paragraph, and (with the links) under the footnote itself.
    assert ("op-1", "E/CN.15/2004/9") in cites
    assert ("fn-2", "E/CN.15/2004/9") in cites
    without = docs_by_symbol(exported(corpus_dir, with_links=False))["E/RES/2004/28"]
    assert ("fn-2", "E/CN.15/2004/9") not in {(c["paragraph"], c["target"]) for c in without["citations"]}


def test_acknowledgement_for_un_material(corpus_dir):
    doc = docs_by_symbol(exported(corpus_dir))["E/RES/2021/20"]
    assert doc["acknowledgement"]["source"] == "United Nations"
    assert "E/RES/2021/20" in doc["acknowledgement"]["text"]
    assert [(p["id"], p["kind"], p["section"]) for p in doc["paragraphs"]] == [
        ("annex", "heading", "annex"),
        ("annex-op-3", "operative", "annex"),
    ]


def test_the_seed_corpus_exports_valid_json(tmp_path):
    """`compendium export json` on the committed seed documents (copied: the whole corpus takes minutes)."""
    import re
    import shutil

    from compendium.cli import main

    seeds = [
        path for path in sorted((REPO / "resolutions").rglob("*.md"))
        if re.search(r"^source: \{kind: (seed|report)", path.read_text(encoding="utf-8"), re.M)
    ]
    if not seeds:
        pytest.skip("no seed documents committed yet")
    for path in seeds:
        target = tmp_path / path.relative_to(REPO)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    result = CliRunner().invoke(main, ["export", "json", "--corpus", str(tmp_path / "resolutions")])
    assert result.exit_code == 0, result.output[-2000:]
    data = json.loads(result.stdout)
    assert errors(data) == []
    by_symbol = {(d["symbol"], d["version"]): d for d in data["documents"]}
    assert {("E/RES/2004/28", "adopted"), ("E/RES/2004/28", "draft"), ("E/RES/1993/34", "adopted")} <= set(by_symbol)
    adopted = by_symbol[("E/RES/2004/28", "adopted")]
    # ECOSOC resolution 2004/28 as printed: 17 operative paragraphs, the 1993/34 citation paragraph-precise.
    assert [p["number"] for p in adopted["paragraphs"] if p["kind"] == "operative"] == [f"{n}." for n in range(1, 18)]
    assert any(
        c["target"] == "E/RES/1993/34" and c["target_paragraph"] == "sec-iii-op-7-c" for c in adopted["citations"]
    )


def test_paragraph_and_footnote_ids_are_the_html_anchors(corpus_dir):
    import lxml.html

    from compendium.render import render_document

    corpus, _ = load_corpus(corpus_dir)
    data = corpus_json(corpus)
    for doc, exported_doc in zip(corpus.documents, data["documents"]):
        page = lxml.html.fragment_fromstring(render_document(doc), create_parent="div")
        ids = set(page.xpath("//@id"))
        wanted = {p["id"] for p in exported_doc["paragraphs"]} | {f["id"] for f in exported_doc["footnotes"]}
        assert wanted <= ids, (doc.symbol, wanted - ids)
        assert exported_doc["url"] == doc.url


def test_the_documented_example_is_valid():
    """docs/api.md shows a document of the export; it must stay valid against the schema."""
    import re

    page = (REPO / "docs" / "api.md").read_text(encoding="utf-8")
    example = json.loads(re.search(r"```json\n(.*?)```", page, re.S).group(1))
    assert errors({"version": 1, "generated_by": "compendium", "documents": [example]}) == []
    documented = set(re.findall(r"^\| `([a-z_]+)`", page, re.M))
    schema_fields = set(export_schema()["$defs"]["document"]["properties"]) | set(
        export_schema()["$defs"]["paragraph"]["properties"]
    ) | set(export_schema()["$defs"]["citation"]["properties"])
    assert schema_fields - {"meeting", "session", "agenda_item"} <= documented


def test_numbers_printed_otherwise_in_a_language_are_exported_as_printed(tmp_path):
    """GA resolution 75/283 imported from UN XML: ``number`` is the form the languages share, ``printed`` the Arabic one."""
    import shutil

    root = tmp_path / "resolutions"
    for lang in ("ar", "en"):
        rel = f"ga/2021/A-RES-75-283.adopted.{lang}.md"
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "resolutions" / rel, root / rel)
    data = exported(root)
    assert errors(data) == []
    by_language = {d["language"]: {p["id"]: p for p in d["paragraphs"]} for d in data["documents"]}
    ar, en = by_language["ar"], by_language["en"]
    assert (ar["op-1"]["number"], ar["op-1"]["printed"]) == ("1.", "1 -")
    assert (ar["op-2-a"]["number"], ar["op-2-a"]["printed"]) == ("(a)", "(أ)")
    assert en["op-1"]["number"] == "1." and "printed" not in en["op-1"]
    assert "printed" not in ar["pp-1"]


def test_export_json_prints_the_site_file_compact(seed_corpus_dir):
    """`compendium export json` prints api/corpus.json byte for byte: one line of compact JSON (docs/api.md)."""
    from compendium import pipeline
    from compendium.cli import main
    from compendium.site import SiteBuild

    result = CliRunner().invoke(main, ["export", "json", "--corpus", str(seed_corpus_dir)])
    assert result.exit_code == 0, result.output[-2000:]
    assert result.stdout.count("\n") == 1 and result.stdout.startswith('{"version":1,"generated_by":"compendium",')
    state = pipeline.load(seed_corpus_dir)
    site_file = SiteBuild(state).data_files()["api/corpus.json"]
    assert result.stdout.encode("utf-8") == site_file  # the site writes the bytes
    assert json.loads(site_file) == corpus_json(state.corpus)
