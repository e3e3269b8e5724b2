"""Build a real site (``mkdocs build --strict``) from the seed corpus in tmp_path and read what it wrote.

The corpus is copied from the committed seed files (``resolutions/``); the
expectations are facts of those texts (2004/28 recalls 1993/34, section III,
paragraph 7 (c) in its sixth preambular paragraph) or are read from the
corpus itself through the package, never from the built pages.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from lxml import html as lxml_html

from compendium import pipeline
from compendium.lineage import MAX_PER_COLUMN
from compendium.pages.context import Context
from compendium.pages.references import PAGE_BYTES, PAGE_ENTRIES, CitedPage, _cut, series, stub_pages
from conftest import REPO, run_build

LANGUAGES = ("en", "fr", "es", "ru", "ar", "zh")
SEED_FILES = [
    "ecosoc/1993/E-RES-1993-34.adopted.en.md",
    "ecosoc/1997/E-RES-1997-32.adopted.en.md",
    "ecosoc/2004/E-RES-2004-28.adopted.en.md",
    "ecosoc/2004/E-RES-2004-28.draft.en.md",
    "reports/2004/E-CN.15-2004-9-Add.1.adopted.en.md",
    # one resolution imported from the UN's XML, in its six languages
    *(f"ga/2024/A-RES-78-267.adopted.{lang}.md" for lang in LANGUAGES),
]


def copy_seed_corpus(dest: Path) -> Path:
    """The seed corpus (and its stored alignments) copied to ``dest``."""
    source = REPO / "resolutions"
    for rel in SEED_FILES:
        if not (source / rel).is_file():
            pytest.fail(f"seed corpus file resolutions/{rel} is missing")
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / rel, dest / rel)
    if (source / "alignments").is_dir():
        shutil.copytree(source / "alignments", dest / "alignments")
    return dest


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return copy_seed_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def site(build_site, corpus) -> Path:
    return build_site(corpus)


@pytest.fixture(scope="module")
def state(corpus):
    return pipeline.load(corpus)


@pytest.fixture(scope="module")
def ctx(state):
    """The page generators' view of the seed corpus: where the package puts each page and section."""
    return Context(state.corpus, state.links)


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def tree(site: Path, url: str):
    return lxml_html.fromstring(page(site, url))


def section_after(doc, heading_id: str):
    """The elements between the ``<h2 id=heading_id>`` and the next ``<h2>``."""
    h2 = doc.get_element_by_id(heading_id)
    out = []
    for el in h2.itersiblings():
        if el.tag == "h2":
            break
        out.append(el)
    return out


def hrefs(elements) -> list[str]:
    return [a.get("href") for el in elements for a in el.iter("a") if a.get("href")]


# --------------------------------------------------------------------------- resolution pages


def test_every_expression_has_a_page_with_every_paragraph_anchor(site, state):
    assert len(state.corpus.documents) == len(SEED_FILES)
    for doc in state.corpus.documents:
        built = tree(site, doc.url)
        for p in doc.paragraphs:
            assert built.get_element_by_id(p.anchor, None) is not None, f"{doc.url} lacks #{p.anchor}"


def test_metadata_panel_of_2004_28(site, state):
    doc = state.corpus.primary("E/RES/2004/28")
    built = tree(site, doc.url)
    panel = built.find_class("cmp-meta")[0]
    rows = {dt.text_content(): dd for dt, dd in zip(panel.iter("dt"), panel.iter("dd"))}
    assert rows["Symbol"].text_content() == "E/RES/2004/28"
    assert rows["Organ"].text_content() == "Economic and Social Council"
    assert rows["Date"].text_content() == "21 July 2004"
    assert rows["Date"].find("time").get("datetime") == "2004-07-21"
    assert rows["Meeting"].text_content() == "47th plenary meeting"
    assert rows["Version"].text_content() == "adopted"
    assert rows["Language"].text_content() == "English"
    assert "000_0e9eeb24861ad46d.txt" in rows["Source"].text_content()
    assert hrefs([rows["Categories"]]) == [f"../../categories/{n}/" for n in doc.categories]
    assert hrefs([rows["Topics"]]) == [f"../../topics/{t}/" for t in doc.topics]
    assert "draft/" in hrefs([rows["Versions and languages"]])
    assert "compare/draft-adopted/" in hrefs([rows["Compare"]])
    assert rows["Corpus file"].text_content().endswith("ecosoc/2004/E-RES-2004-28.adopted.en.md")


def test_language_versions_are_labelled_in_their_language_and_link_each_other(site, state):
    en = tree(site, "resolutions/A-RES-78-267/")
    switcher = en.find_class("cmp-expressions")[0]
    assert set(hrefs([switcher])) == {"./"} | {f"{lang}/" for lang in LANGUAGES if lang != "en"}
    assert "side-by-side/fr/" in hrefs(en.find_class("cmp-meta"))
    fr = tree(site, "resolutions/A-RES-78-267/fr/")
    rows = {dt.text_content(): dd.text_content() for dt, dd in zip(fr.iter("dt"), fr.iter("dd"))}
    assert rows["Organe"] == "Assemblée générale"
    assert rows["Date"] == "21 mars 2024"
    assert rows["Séance"] == "63e séance plénière"
    assert fr.find_class("cmp-text")[0].get("data-cite-label") == "Citer"
    # "Copy for drafting" recalls a paragraph in English: its label is on English pages only.
    assert en.find_class("cmp-text")[0].get("data-drafting-label") == "Copy for drafting"
    assert fr.find_class("cmp-text")[0].get("data-drafting-label") is None
    assert [h.text_content().strip("¶ ") for h in fr.iter("h2") if h.get("id") in ("text", "cites", "cited-by", "lineage")] == [
        "Texte", "Cite", "Cité par", "Filiation"
    ]
    ar = tree(site, "resolutions/A-RES-78-267/ar/")
    assert ar.find_class("cmp-meta")[0].get("dir") == "rtl"
    assert ar.find_class("compendium-doc")[0].get("dir") == "rtl"
    zh = {dt.text_content(): dd.text_content() for dt, dd in zip(*(tree(site, "resolutions/A-RES-78-267/zh/").iter(t) for t in ("dt", "dd")))}
    assert zh["日期"] == "2024年3月21日"
    # The UN acknowledgement and the interface sentences in the page's language (site-strings.yaml).
    from compendium.pages.labels import strings

    own_words = {"en": "Unofficial copy", "fr": "Copie non officielle", "es": "Copia no oficial",
                 "ru": "Неофициальная копия", "ar": "نسخة غير رسمية", "zh": "非正式副本"}
    for lang in LANGUAGES:
        url = "resolutions/A-RES-78-267/" + ("" if lang == "en" else f"{lang}/")
        built = tree(site, url)
        ack = built.find_class("cmp-ack")[0]
        assert ack.get("lang") == lang and ack.get("dir") == ("rtl" if lang == "ar" else "ltr")
        assert own_words[lang] in ack.text_content() and "A/RES/78/267" in ack.text_content()
        assert ack.text_content() == strings(lang)["acknowledgement"].format(symbol="A/RES/78/267")
        if lang != "en":
            assert "Source: United Nations" not in page(site, url)
        for heading, keys in (("cites", ("cites_intro", "cites_none")), ("lineage", ("lineage_legend",))):
            text = " ".join(el.text_content() for el in section_after(built, heading))
            assert any(strings(lang)[key] in text for key in keys), (lang, heading)
    assert "Les textes que celui-ci cite figurent à gauche" in page(site, "resolutions/A-RES-78-267/fr/")
    assert "النصوص التي يشير إليها هذا النص" in page(site, "resolutions/A-RES-78-267/ar/")


def test_draft_page_names_the_report_it_was_printed_in(site, state):
    draft = next(d for d in state.corpus.documents if d.work == "E/RES/2004/28" and d.version.value == "draft")
    built = tree(site, draft.url)
    source = [dd for dt, dd in zip(built.iter("dt"), built.iter("dd")) if dt.text_content() == "Source"][0]
    assert draft.source.symbol == "E/CN.15/2004/9/Add.1"
    assert hrefs([source]) == [f"../../E-CN.15-2004-9-Add.1/#{draft.source.paragraph}"]
    assert tree(site, "resolutions/E-CN.15-2004-9-Add.1/").get_element_by_id(draft.source.paragraph) is not None


def test_citation_in_the_text_links_to_the_cited_subparagraph(site):
    built = tree(site, "resolutions/E-RES-2004-28/")
    pp6 = built.get_element_by_id("pp-6")
    assert "its resolution 1993/34 of 27 July 1993" in pp6.text_content()
    assert "../E-RES-1993-34/#sec-iii-op-7-c" in hrefs([pp6])
    target = tree(site, "resolutions/E-RES-1993-34/").get_element_by_id("sec-iii-op-7-c")
    assert target.get("data-cite") == "ECOSOC resolution 1993/34, section III, para. 7 (c)"


def test_cites_are_grouped_by_relation_and_paragraph_precise(site, ctx):
    cites = section_after(tree(site, "resolutions/E-RES-2004-28/"), "cites")
    groups = {}
    for el in cites:
        for h3 in el.iter("h3"):
            groups[h3.text_content()] = hrefs([h3.getnext()])
    assert "../E-RES-1993-34/#sec-iii-op-7-c" in groups["Recalls"]
    assert "#pp-6" in groups["Recalls"]
    # GA 55/2, which the corpus does not hold: its section on the page of cited GA resolutions
    assert re.fullmatch(r"cited/a-res-[a-z0-9-]+/#A-RES-55-2", ctx.work_url("A/RES/55/2"))
    assert "../../" + ctx.work_url("A/RES/55/2") in groups["Recalls"]


def test_cited_by_lists_the_citing_paragraph_and_the_cited_one(site):
    cited_by = section_after(tree(site, "resolutions/E-RES-1993-34/"), "cited-by")
    links = hrefs(cited_by)
    assert "../E-RES-2004-28/#pp-6" in links
    assert "#sec-iii-op-7-c" in links
    text = " ".join(el.text_content() for el in cited_by)
    assert "ECOSOC resolution 2004/28, sixth preambular paragraph" in text
    assert "ECOSOC resolution 1997/32" in text


def test_lineage_graph_is_an_accessible_svg_of_links(site, ctx):
    built = tree(site, "resolutions/E-RES-2004-28/")
    svg = built.find_class("cmp-lineage")[0]
    assert svg.get("role") == "img"
    assert svg.find("title").text == "Lineage of ECOSOC 2004/28"
    desc = svg.find("desc").text
    assert "ECOSOC 2004/28 cites directly:" in desc and "ECOSOC 1993/34" in desc
    nodes = [a for a in svg.iter("a")]
    assert all(a.get("href") for a in nodes)
    assert "../E-RES-1993-34/" in [a.get("href") for a in nodes]
    # 1993/34 recalls GA resolution 46/152: a second generation ancestor of 2004/28. The drawing
    # shows at most MAX_PER_COLUMN works a generation, the description names up to MAX_NAMED (here all).
    assert "ECOSOC 2004/28 cites at 2 removes:" in desc and "GA 46/152" in desc
    assert len(nodes) <= 2 * MAX_PER_COLUMN + 1
    later = tree(site, "resolutions/E-RES-1993-34/").find_class("cmp-lineage")[0]
    assert "is cited directly by: ECOSOC 1997/32, ECOSOC 2004/28" in later.find("desc").text
    # an absent work is drawn dashed and links to its section on a page of cited works
    stubs = {a.find("title").text: a.get("href") for a in later.iter("a") if "cmp-lineage-stub" in (a.get("class") or "")}
    assert stubs["GA resolution 45/109"] == "../../" + ctx.work_url("A/RES/45/109")
    assert all(h.startswith("../../cited/") and "#" in h for h in stubs.values())


def test_paragraphs_carry_link_and_citation(site):
    built = tree(site, "resolutions/E-RES-2004-28/")
    op12 = built.get_element_by_id("op-12")
    assert op12.get("data-cite") == "ECOSOC resolution 2004/28, para. 12"
    assert op12.find_class("cmp-permalink")[0].get("href") == "#op-12"
    head = page(site, "resolutions/E-RES-2004-28/")
    assert "assets/site/compendium.js" in head and "assets/site/compendium.css" in head
    assert (site / "assets/site/compendium.js").is_file()


def test_navigation_does_not_list_every_resolution(site):
    built = tree(site, "resolutions/E-RES-2004-28/")
    nav = built.find_class("md-nav--primary")[0]
    assert not [h for h in hrefs([nav]) if "E-RES-" in h]
    assert "../" in hrefs([nav])  # the resolutions index page is in the navigation


# --------------------------------------------------------------------------- generated index pages


def cited_section(site: Path, url: str):
    """The ``<section>`` of an absent work on its page of cited works (``cited/x/#A-RES-55-2``)."""
    page_url, _, anchor = url.partition("#")
    heading = tree(site, page_url).get_element_by_id(anchor)
    assert heading.tag == "h3" and heading.getparent().tag == "section", url
    return heading.getparent()


def test_stub_section_gathers_what_the_texts_say(site, ctx):
    url = ctx.work_url("A/RES/55/2")
    built = tree(site, url.partition("#")[0])
    assert "The compendium does not hold these texts" in built.text_content()
    section = cited_section(site, url)
    text = section.text_content()
    assert section.find("h3").text_content() == "A/RES/55/2GA resolution 55/2"
    panel = {dt.text_content(): dd.text_content() for dt, dd in zip(section.iter("dt"), section.iter("dd"))}
    assert panel["Symbol"] == "A/RES/55/2"
    assert panel["Date, as the citing texts give it"] == "8 September 2000"
    assert "recalls: " in panel["Cited"]
    assert "Cited by" in [h.text_content() for h in section.iter("h4")]
    assert "../../resolutions/E-RES-2004-28/#pp-1" in hrefs([section])
    assert "United Nations Millennium Declaration" in text  # the citing paragraph is quoted
    # one section per work, holding that work only
    symbols = [s.find_class("cmp-symbol")[0].text for s in built.find_class("cmp-stub")]
    assert symbols.count("A/RES/55/2") == 1 and len(symbols) > 1
    assert len(section.findall(".//h3")) == 1


def test_absent_works_share_pages_of_bounded_size(site, ctx):
    layout = ctx.stub_layout
    stubs = ctx.stubs()
    assert 1 < len(layout.pages) < len(stubs)  # grouped: fewer pages than works
    placed = [stub.symbol for page in layout.pages for _, stub, _ in page.entries]
    assert sorted(placed) == sorted(s.symbol for s in stubs)  # every absent work once
    built_pages = {p.parent.relative_to(site).as_posix() + "/" for p in (site / "cited").rglob("index.html")}
    assert built_pages == {page.url for page in layout.pages}
    for page in layout.pages:
        assert re.fullmatch(r"cited/[a-z0-9-]+/", page.url)
        assert len(page.entries) <= PAGE_ENTRIES and (page.size <= PAGE_BYTES or len(page.entries) == 1)
        built = tree(site, page.url)
        toc = hrefs(built.find_class("md-sidebar--secondary"))
        for anchor, stub, _ in page.entries:
            assert ctx.work_url(stub.symbol) == f"{page.url}#{anchor}"
            assert cited_section(site, ctx.work_url(stub.symbol)).find("h3").find_class("cmp-symbol")[0].text == stub.symbol
            assert f"#{anchor}" in toc  # the table of contents lists every work of the page
    # no page per absent work any more
    assert not (site / "resolutions" / "A-RES-55-2").exists()
    # the layout hands its sections to the pages (so the build can free them); asked again, the same pages
    first = [(p.path, p.parts) for p in stub_pages(ctx)]
    assert first == [(p.path, p.parts) for p in stub_pages(ctx)] and len(first) == len(layout.pages)
    # works of one series and session share a page (GA 45/116 and 45/117, both cited for their annex)
    assert ctx.work_url("A/RES/45/116").partition("#")[0] == ctx.work_url("A/RES/45/117").partition("#")[0]


def test_a_paragraph_of_an_absent_work_links_to_the_works_section(site, ctx, state):
    """1993/34 pp-5 cites section VI of ECOSOC 1992/22, which the corpus does not hold: no such anchor exists."""
    cited = [c for c in state.links.cites("E-RES-1993-34.adopted.en") if c.paragraph == "pp-5" and c.target == "E/RES/1992/22"]
    assert cited and cited[0].target_paragraph == "sec-vi"
    url = ctx.work_url("E/RES/1992/22")
    assert ctx.work_url("E/RES/1992/22", "sec-vi") == url and url.endswith("#E-RES-1992-22")
    built = tree(site, "resolutions/E-RES-1993-34/")
    assert "../../" + url in hrefs([built.get_element_by_id("pp-5")])  # in the text
    assert "../../" + url in hrefs(section_after(built, "cites"))  # in Cites
    section = cited_section(site, url)
    panel = {dt.text_content(): dd.text_content() for dt, dd in zip(section.iter("dt"), section.iter("dd"))}
    assert "section VI" in panel["Parts cited"]
    assert "../../resolutions/E-RES-1993-34/#pp-5" in hrefs([section])


@pytest.mark.parametrize(
    ("symbol", "expected"),
    [
        ("A/RES/66/12", "A/RES/66"),
        ("A/RES/44/117F", "A/RES/44"),
        ("A/RES/S-20/1", "A/RES/S-20"),
        ("A/HRC/RES/24/14", "A/HRC/RES/24"),
        ("E/CN.15/2004/9/Add.1", "E/CN.15/2004"),
        ("A/55/305-S/2000/809", "A/55"),
        ("S/RES/2250(2015)", "S/RES/(2015)"),
        ("A/RES/217A(III)", "A/RES/(III)"),
        ("CD/1064", "CD"),
        ("Sales No. E.05.IV.7", "Sales No."),
    ],
)
def test_series_of_an_absent_work(symbol, expected):
    assert series(symbol) == expected


def test_cutting_series_into_pages_keeps_order_and_bounds(monkeypatch):
    """Small series of one organ share a page, a large one is cut, a section larger than a page stands alone."""
    import compendium.pages.references as references

    monkeypatch.setattr(references, "PAGE_BYTES", 100)
    monkeypatch.setattr(references, "PAGE_ENTRIES", 4)
    sizes = {"A/RES/1": [10, 20], "A/RES/2": [30], "A/RES/3": [40, 50, 30, 10, 10, 10], "A/RES/4": [500, 5], "A/1": [5]}
    organs = {"A/RES/1": "GA", "A/RES/2": "GA", "A/RES/3": "GA", "A/RES/4": "GA", "A/1": "document"}
    groups = [(key, organs[key], [(f"{key}/{i}", "x" * n, n) for i, n in enumerate(ns)]) for key, ns in sizes.items()]
    pages: list[CitedPage] = _cut(groups)
    assert [[stub for _, stub, _ in p.entries] for p in pages] == [
        ["A/RES/1/0", "A/RES/1/1", "A/RES/2/0"],  # two small series share
        ["A/RES/3/0", "A/RES/3/1"],  # a large series is cut wherever the page is full
        ["A/RES/3/2", "A/RES/3/3", "A/RES/3/4", "A/RES/3/5"],  # at most PAGE_ENTRIES
        ["A/RES/4/0"],  # larger than a page: alone
        ["A/RES/4/1"],
        ["A/1/0"],  # another organ: a page of its own
    ]
    assert [(p.series, p.last_series) for p in pages][:2] == [("A/RES/1", "A/RES/2"), ("A/RES/3", "A/RES/3")]
    assert all(p.size <= 100 or len(p.entries) == 1 for p in pages)


def test_timeline_by_year_with_draft_and_stubs(site, state, ctx):
    built = tree(site, "timeline/")
    for year in ("1993", "1997", "2000", "2004"):
        assert built.get_element_by_id(f"y{year}") is not None
    y2004 = built.get_element_by_id("y2004")
    entry = [li for li in y2004.iter("li") if "../resolutions/E-RES-2004-28/" in hrefs([li])][0]
    assert entry.get("data-organ") == "ECOSOC"
    assert entry.get("data-categories") == " ".join(map(str, state.corpus.primary("E/RES/2004/28").categories))
    assert "draft in E/CN.15/2004/9/Add.1 → adopted" in entry.text_content()
    assert "../resolutions/E-RES-2004-28/compare/draft-adopted/" in hrefs([entry])
    stub = [li for li in built.get_element_by_id("y2000").iter("li") if "../" + ctx.work_url("A/RES/55/2") in hrefs([li])]
    assert stub and stub[0].get("data-organ") == "GA"
    assert built.find_class("cmp-timeline-filter")


def test_category_and_topic_pages_list_texts_and_tagged_paragraphs(site, state):
    for doc in state.corpus.documents:
        if doc is not state.corpus.primary(doc.work):
            continue
        for n in doc.categories:
            assert f"../../{doc.url}" in hrefs([tree(site, f"categories/{n}/")])
        for t in doc.topics:
            assert f"../../{doc.url}" in hrefs([tree(site, f"topics/{t}/")])
        for p in doc.paragraphs:
            for t in p.topics:
                topic = tree(site, f"topics/{t}/")
                assert f"../../{doc.url}#{p.anchor}" in hrefs([topic]), (t, p.anchor)
    op12 = tree(site, "topics/peacekeeping-post-conflict/")
    assert "Department of Peacekeeping Operations" in op12.text_content()
    # 1997/32 names the Standard Minimum Rules for the Treatment of Prisoners: its topics and the
    # instrument's category list the instrument.
    from compendium.link import instruments

    smr = next(i for i in instruments() if i.name.startswith("Standard Minimum Rules for the Treatment"))
    for url in [f"topics/{t}/" for t in state.corpus.primary("E/RES/1997/32").topics] + [f"categories/{smr.category}/"]:
        listed = section_after(tree(site, url), "instruments")
        assert f"../../instruments/#{smr.id}" in hrefs(listed), url


def test_document_index_lists_symbols_with_where_they_are_cited(site, ctx):
    built = tree(site, "documents/")
    item = [li for li in built.iter("li") if li.find("a") is not None and li.find("a").text == "A/55/305-S/2000/809"][0]
    assert "../resolutions/E-RES-2004-28/#pp-2" in hrefs([item])  # the paragraph that calls footnote 1
    assert re.fullmatch(r"cited/a-55[a-z0-9-]*/#A-55-305-S-2000-809", ctx.work_url("A/55/305-S/2000/809"))
    assert "../" + ctx.work_url("A/55/305-S/2000/809") in hrefs([item])  # the report's section


def test_instruments_page_lists_every_mention(site, state):
    from compendium.link import instruments

    built = tree(site, "instruments/")
    mentions = state.links.instrument_mentions()
    assert mentions, "the seed texts name instruments"
    by_id = state.corpus.by_id()
    for inst in instruments():
        section = built.get_element_by_id(inst.id)
        assert section.find("h2").text == inst.name
        links = hrefs([section])
        for place, _, _ in mentions.get(inst.id, []):
            if not place.paragraph.startswith("fn-"):
                assert f"../{by_id[place.doc_id].url}#{place.paragraph}" in links
    smr = built.get_element_by_id(next(i.id for i in instruments() if i.name.startswith("Standard Minimum Rules for the Treatment")))
    assert "ECOSOC resolution 1997/32" in smr.text_content()


# --------------------------------------------------------------------------- data files


def test_api_corpus_json_documents_point_to_built_pages(site, state):
    data = json.loads((site / "api/corpus.json").read_text(encoding="utf-8"))
    docs = {d["id"]: d for d in data["documents"]}
    assert set(docs) == {d.id for d in state.corpus.documents}
    for d in docs.values():
        built = tree(site, d["url"])
        for p in d["paragraphs"]:
            assert built.get_element_by_id(p["id"]) is not None
    cites = docs["E-RES-2004-28.adopted.en"]["citations"]
    assert {"paragraph": "pp-6", "target": "E/RES/1993/34", "target_paragraph": "sec-iii-op-7-c"}.items() <= next(
        c for c in cites if c["paragraph"] == "pp-6"
    ).items()


def test_api_citations_csv(site, state):
    rows = list(csv.DictReader(io.StringIO((site / "api/citations.csv").read_text(encoding="utf-8"))))
    assert len(rows) == sum(len(state.links.cites(d.id)) for d in state.corpus.documents)
    assert {
        "source": "E-RES-2004-28.adopted.en",
        "paragraph": "pp-6",
        "relation": "recalls",
        "target": "E/RES/1993/34",
        "target_paragraph": "sec-iii-op-7-c",
    } in rows


def test_search_index_and_page_are_published(site):
    manifest = json.loads((site / "search/manifest.json").read_text(encoding="utf-8"))
    assert {d["url"] for d in manifest["documents"]} >= {"resolutions/E-RES-2004-28/"}
    assert (site / "assets/search/vendor/lunr.min.js").is_file()
    assert 'action="../search/"' in page(site, "resolutions/")  # the header search box


def test_corpus_format_page_carries_the_schema(site):
    built = tree(site, "corpus-format/")
    assert built.get_element_by_id("schema") is not None and built.get_element_by_id("data-files") is not None
    assert '"symbol"' in built.get_element_by_id("schema").getnext().getnext().text_content()


def test_every_internal_link_and_anchor_resolves(site):
    """Every relative link of every page leads to a file of the site, and its #fragment to an id there."""
    ids: dict[Path, set[str]] = {}

    def ids_of(path: Path) -> set[str]:
        if path not in ids:
            ids[path] = set(lxml_html.fromstring(path.read_bytes()).xpath("//@id"))
        return ids[path]

    broken = []
    for html_file in site.rglob("*.html"):
        if html_file.name == "404.html":
            continue  # MkDocs makes its links absolute: it is served at any depth
        for a in lxml_html.fromstring(html_file.read_bytes()).iter("a"):
            href = a.get("href")
            if not href or re.match(r"^[a-z]+:", href):
                continue
            parts = urlsplit(href)
            target = (html_file.parent / unquote(parts.path)).resolve() if parts.path else html_file
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{html_file.relative_to(site)}: {href}")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids_of(target):
                broken.append(f"{html_file.relative_to(site)}: {href} (no such anchor)")
    assert not broken, "\n".join(broken[:30])


# --------------------------------------------------------------------------- untrusted content, problems


def test_acknowledgement_and_escaping_of_untrusted_text(tmp_path):
    corpus = copy_seed_corpus(tmp_path / "corpus")
    path = corpus / "ecosoc/1997/E-RES-1997-32.adopted.en.md"
    text = path.read_text(encoding="utf-8")
    hostile = "Standards <img src=x onerror=alert(1)> & norms"
    text = re.sub(r"^title: .*$", f"title: '{hostile}'\nacknowledgement: un", text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")
    result = run_build(corpus, tmp_path / "build")
    assert result.returncode == 0, result.log
    built = (result.site / "resolutions/E-RES-1997-32/index.html").read_text(encoding="utf-8")
    assert "Source: United Nations. Unofficial copy for informational purposes" in built
    assert "<img src=x" not in built
    assert "Standards &lt;img src=x onerror=alert(1)&gt; &amp; norms" in built
    for other in ("resolutions/E-RES-2004-28/", "timeline/", "resolutions/"):
        text = (result.site / other / "index.html").read_text(encoding="utf-8")
        assert "<img src=x" not in text
    assert "Source: United Nations" not in (result.site / "resolutions/E-RES-2004-28/index.html").read_text(encoding="utf-8")
    assert "Source: United Nations" not in (result.site / "resolutions/E-RES-1993-34/index.html").read_text(encoding="utf-8")


def test_corpus_errors_fail_the_build_with_file_and_line(tmp_path):
    corpus = copy_seed_corpus(tmp_path / "corpus")
    path = corpus / "ecosoc/1997/E-RES-1997-32.adopted.en.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^topics: \[", "topics: [no-such-topic, ", text, count=1, flags=re.M), encoding="utf-8")
    line = next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith("topics:"))
    result = run_build(corpus, tmp_path / "build")
    assert result.returncode != 0
    assert re.search(rf"E-RES-1997-32\.adopted\.en\.md:{line}: error: .*no-such-topic", result.log), result.log


def test_corpus_warnings_fail_only_the_strict_build(tmp_path):
    corpus = copy_seed_corpus(tmp_path / "corpus")
    path = corpus / "ecosoc/2004/E-RES-2004-28.adopted.en.md"
    text = path.read_text(encoding="utf-8")
    assert "its resolution 1993/34 of 27 July 1993" in text
    path.write_text(text.replace("its resolution 1993/34 of 27 July 1993", "its resolution 1993/34 of 28 July 1993"), encoding="utf-8")
    line = next(i for i, line in enumerate(text.splitlines(), 1) if "of 27 July 1993" in line)
    strict = run_build(corpus, tmp_path / "strict")
    assert strict.returncode != 0
    assert re.search(rf"E-RES-2004-28\.adopted\.en\.md:{line}: warning: .*1993-07-28.*1993-07-27", strict.log), strict.log
    lenient = run_build(corpus, tmp_path / "lenient", strict=False)
    assert lenient.returncode == 0, lenient.log
    assert (lenient.site / "resolutions/E-RES-2004-28/index.html").is_file()


@pytest.mark.parametrize(
    "from_url, to_url, expected",
    [
        ("resolutions/E-RES-2004-28/", "resolutions/E-RES-1993-34/#sec-iii-op-7-c", "../E-RES-1993-34/#sec-iii-op-7-c"),
        ("resolutions/E-RES-2004-28/draft/", "resolutions/E-RES-2004-28/", "../"),
        ("resolutions/E-RES-2004-28/", "resolutions/E-RES-2004-28/compare/draft-adopted/", "compare/draft-adopted/"),
        ("resolutions/E-RES-2004-28/", "resolutions/E-RES-2004-28/#op-1", "./#op-1"),
        ("", "timeline/", "timeline/"),
        ("timeline/", "", "../"),
        ("timeline/", "api/corpus.json", "../api/corpus.json"),
        ("topics/victims/", "#paragraphs", "#paragraphs"),
    ],
)
def test_links_between_pages_are_relative(from_url, to_url, expected):
    from compendium.pages import href

    assert href(from_url, to_url) == expected


def test_a_text_in_six_languages_is_listed_once_where_it_cites(site, state, ctx):
    stubs = [s for s in state.links.stubs() if any(cb.place.work == "A/RES/78/267" for cb in s.citing)]
    assert stubs, "A/RES/78/267 cites texts the test corpus does not hold"
    for stub in stubs:
        links = hrefs([cited_section(site, ctx.work_url(stub.symbol))])
        mine = [h for h in links if "A-RES-78-267" in h]
        assert mine and all(h.startswith("../../resolutions/A-RES-78-267/#") for h in mine), (stub.symbol, mine)


def test_table_of_contents_lists_the_sections_of_the_text(site, state):
    doc = state.corpus.primary("E/RES/1993/34")
    headings = [p for p in doc.paragraphs if p.kind.value == "heading" and p.heading_level <= 2]
    assert [p.anchor for p in headings][:2] == ["sec-i", "sec-ii"]
    toc = tree(site, doc.url).find_class("md-sidebar--secondary")[0]
    links = hrefs([toc])
    assert links.index("#text") < links.index("#sec-i") < links.index("#sec-ii") < links.index("#cites")
    text = toc.text_content()
    assert "I. REVIEW OF PRIORITY THEMES" in text.upper()


def test_pages_for_delegates_mandates_and_agreed_language(site, state):
    from compendium.mandates import corpus_mandates

    from compendium.pages.mandates import PAGE_ITEMS

    mandates = tree(site, "mandates/")
    found = [m for m in corpus_mandates(state.corpus) if m.document == "E-RES-2004-28.adopted.en"]
    assert found, "2004/28 requests things of the Secretary-General"
    # The index links each actor's and each due session's section on the pages of mandates; each mandate
    # is quoted on its actor's page and listed in one line on its due session's page, linking its paragraph.
    index_links = hrefs([mandates])
    actor_pages = sorted({h.split("#")[0] for h in index_links if h.startswith("actor-")})
    due_pages = sorted({h.split("#")[0] for h in index_links if h.startswith("due-")})
    assert actor_pages and due_pages
    secretary_general = next(h for h in index_links if h.endswith("#actor-secretary-general"))
    page = tree(site, "mandates/" + secretary_general.split("#")[0])
    section = page.get_element_by_id("actor-secretary-general")
    quoted = {h for h in hrefs([section.getnext()]) if "E-RES-2004-28/#" in h}
    assert section.getnext().find_class("cmp-quote")
    listed = set()
    for due in due_pages:
        page = tree(site, "mandates/" + due)
        assert sum(len(ul.findall("li")) for ul in page.find_class("cmp-list")) <= PAGE_ITEMS
        assert not page.find_class("cmp-quote")  # quoted once, on the actor's page
        listed |= {h for h in hrefs([page]) if "E-RES-2004-28/#" in h}
    for m in found:
        link = f"../../resolutions/E-RES-2004-28/#{m.paragraph}"
        assert link in listed
        if m.actor_label == "Secretary-General":
            assert link in quoted
    assert tree(site, "agreed-language/").get_element_by_id("formulas") is not None
    # The adopted 2004/28 recalls the Millennium Declaration in the words of its draft: "also adopted in".
    pp1 = tree(site, "resolutions/E-RES-2004-28/").get_element_by_id("pp-1")
    also = pp1.getnext()
    assert also.tag == "details" and "draft/#pp-1" in " ".join(hrefs([also]))
