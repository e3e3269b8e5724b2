"""compendium.render: anchors, printed numbers, escaping, footnotes, citation links, labels, direction.

Every text below is an excerpt of a real document: the seed texts in
../shared/seeds (ECOSOC resolutions 2004/28, 1993/34, 1997/32 and report
E/CN.15/2004/9/Add.1) and UNxml files (E/RES/2021/20 annex, E/RES/2023/23 in
Arabic), written in the corpus format and parsed by ``compendium.load``.
Hostile strings are planted in real paragraphs where a test needs them.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compendium.link import citations_in
from compendium.load import parse_body
from compendium.model import Citation, Document, Footnote, Kind, Organ, Source, Version, plain_text, slug
from compendium.render import (
    MISSING_FOOTNOTE,
    RESIDUAL_LABEL,
    cite_label,
    direction,
    ordinal_word,
    render_document,
    render_inline,
    sanitize,
    source_positions,
)

# ECOSOC resolution 2004/28 (seed 000_0e9eeb24861ad46d.txt), excerpt.
BODY_2004_28 = """\
The Economic and Social Council,
{.formula}

Recalling the United Nations Millennium Declaration, contained in General Assembly resolution 55/2 of 8 September 2000, in which the Assembly resolved to strengthen respect for the rule of law in international as in national affairs and to make the United Nations more effective in maintaining peace and security by giving it the resources and tools it needed for conflict prevention, peaceful resolution of disputes, peacekeeping, post-conflict peace-building and reconstruction,

*Mindful* of the report of 21 August 2000 of the Panel on United Nations Peace Operations[^1] and the discussions on justice and the rule of law held by the Security Council,

*Noting* the leading role of the Department of Peacekeeping Operations of the Secretariat, among other entities, in providing assistance to countries in post-conflict situations,

1. *Takes note* of the report of the Secretary-General on United Nations standards and norms in crime prevention and criminal justice;[^2]

9. *Requests* the Secretary-General to report to the Commission on Crime Prevention and Criminal Justice at its fifteenth session on the use and application of the United Nations standards and norms referred to in paragraph 5 above, in particular as regards:

(a) The difficulties encountered in the application of the United Nations standards and norms in crime prevention and criminal justice;

(b) Ways in which technical assistance can be provided to overcome those difficulties:

12. Requests the United Nations Office on Drugs and Crime to continue to work with the Department of Peacekeeping Operations of the Secretariat and other relevant entities responsible for providing assistance to countries in post-conflict situations and, subject to the availability of extrabudgetary resources, to strengthen its capacity to provide technical assistance and advisory services to post-conflict reconstruction efforts by utilizing the instruments for gathering information on United Nations standards and norms in crime prevention and criminal justice to obtain data that will assist in integrating a crime prevention and criminal justice component into those activities;

47th plenary meeting
21 July 2004
{.closing}
"""

# ECOSOC resolution 1993/34 (seed 002_adebd26f7a7cd6ac.txt), section III excerpt; markers 100-102 are
# numbered across the annual volume and their texts are not in the extract.
BODY_1993_34 = """\
The Economic and Social Council,
{.formula}

*Recalling* resolution 1/2 of 29 April 1992 of the Commission on Crime Prevention and Criminal Justice,[^98] resolutions 1 (XXXV), 4 (XXXV) and 11 (XXXV) of 15 April 1992 of the Commission on Narcotic Drugs[^98] and Commission on Human Rights resolution 1992/31 of 18 February 1992,[^99]

## III. UNITED NATIONS STANDARDS AND NORMS IN CRIME PREVENTION AND CRIMINAL JUSTICE

5. *Requests* the Secretary-General to ensure the widest possible dissemination of the texts of the standards contained in the *Compendium of United Nations Standards and Norms in Crime Prevention and Criminal Justice*,[^87] which has been published only in English, and calls for the reprint of the compendium in English and for its publication in the other five official languages of the United Nations;

7. *Requests* the Secretary-General:

(a) To assist Member States, at their request, in implementing existing United Nations standards in crime prevention and criminal justice;

(c) To commence without delay a process of information-gathering to be undertaken by means of surveys, such as reporting systems, and contributions from other sources, initially paying attention to the United Nations standards, norms and guidelines listed in paragraph 8 (a) below; the surveys should be conducted over a two-year period in order to enable Member States to have sufficient time to provide replies; the results of the first surveys should be considered at the earliest possible session of the Commission;

8. *Requests* the Commission to establish, at its third session, an open-ended in-session working group, in accordance with the rules of procedure of the functional commissions of the Economic and Social Council[^100] and subject to the consideration of financial implications, in order to discuss, *inter alia*, the following issues:

(a) The role of the United Nations in promoting the use and application of the following standards, norms and guidelines, on the understanding that this selection does not imply any priority over other standards, norms and guidelines and is subject to review at future sessions of the Commission:

(i) The Standard Minimum Rules for the Treatment of Prisoners;[^101]

(ii) The Code of Conduct for Law Enforcement Officials,[^101] together with the Basic Principles on the Use of Force and Firearms by Law Enforcement Officials;[^102]

(iii) The Declaration of Basic Principles of Justice for Victims of Crime and Abuse of Power;[^84]
"""

# Report E/CN.15/2004/9/Add.1 (seed 001_72b7bc52390d81d2.txt), paragraph 3 and the draft printed after it.
BODY_REPORT = """\
## II. Recommendations

3. The Meeting recommended to the Commission on Crime Prevention and Criminal Justice the approval of the following draft resolution for adoption by the Economic and Social Council:

Draft resolution
{.embedded ref="E-RES-2004-28.draft.en"}
"""

# ECOSOC resolution 2021/20 (UNxml E_RES_2021_20-2110314E.xml), annex (Kyoto Declaration), paragraph 3.
BODY_ANNEX = """\
# Annex

3. We undertake to contribute to achieving the 2030 Agenda for Sustainable Development through our efforts in crime prevention and criminal justice, with the firm recognition that sustainable development and the rule of law are interlinked and mutually reinforcing, that crime is an impediment to sustainable development and that achieving sustainable development is an enabling factor for States to effectively prevent and combat crime;
"""

# ECOSOC resolution 2023/23 in Arabic (UNxml E_RES_2023_23-2314954A.xml): formula and first paragraph.
BODY_ARABIC = """\
إن المجلس الاقتصادي والاجتماعي
{.formula}

يوصي بأن تعتمد الجمعية العامة مشروع القرار التالي:
{.text}
"""


def make_doc(
    body: str,
    symbol: str,
    *,
    number: str | None,
    date: str | None,
    title: str,
    doctype: str = "resolution",
    organ: Organ = Organ.ECOSOC,
    language: str = "en",
    version: Version = Version.ADOPTED,
    footnotes: dict[str, Footnote] | None = None,
    source: Source | None = None,
) -> Document:
    """A Document from a corpus-format body parsed by compendium.load (no front matter file needed)."""
    paragraphs, problems = parse_body(body, 1, doctype)
    assert not [p for p in problems if p.is_error], problems
    return Document(
        path=Path(f"{slug(symbol)}.{version.value}.{language}.md"),
        symbol=symbol,
        work=symbol,
        doctype=doctype,
        organ=organ,
        title=title,
        date=date,
        language=language,
        version=version,
        source=source or Source(kind="seed"),
        number=number,
        footnotes=footnotes or {},
        paragraphs=paragraphs,
    )


@pytest.fixture
def res_2004_28() -> Document:
    return make_doc(
        BODY_2004_28,
        "E/RES/2004/28",
        number="2004/28",
        date="2004-07-21",
        title="United Nations standards and norms in crime prevention and criminal justice",
        footnotes={"1": Footnote("1", "A/55/305-S/2000/809."), "2": Footnote("2", "E/CN.15/2004/9.")},
        source=Source(kind="seed", file="000_0e9eeb24861ad46d.txt"),
    )


@pytest.fixture
def res_1993_34() -> Document:
    return make_doc(
        BODY_1993_34,
        "E/RES/1993/34",
        number="1993/34",
        date="1993-07-27",
        title="Implementation of General Assembly resolutions 46/152 and 47/91 and Economic and Social Council "
        "resolution 1992/22, concerning crime prevention and criminal justice",
        footnotes={m: Footnote(m, None, missing=True) for m in ("84", "87", "98", "99", "100", "101", "102")},
    )


def tree(fragment: str):
    return lxml.html.fragment_fromstring(fragment, create_parent="div")


def by_id(fragment: str, anchor: str):
    found = tree(fragment).xpath(f'//*[@id="{anchor}"]')
    assert len(found) == 1, f"{anchor}: {len(found)} elements"
    return found[0]


VOID = {"br", "hr", "img", "input", "meta", "link", "wbr"}


class Balance(HTMLParser):
    """Checks that every element is closed in order (what a browser would otherwise repair)."""

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
        else:
            self.stack.pop()


def balanced(fragment: str) -> bool:
    parser = Balance()
    parser.feed(fragment)
    parser.close()
    return not parser.errors and not parser.stack


def shape(element) -> tuple:
    """An element as comparable data: tag, attributes (any order), text and children."""
    return (
        element.tag,
        sorted(element.attrib.items()),
        (element.text or "").strip(),
        [shape(child) for child in element],
        (element.tail or "").strip(),
    )


def survives_sanitizer(fragment: str) -> bool:
    """The allow-list sanitizer (nh3) leaves the fragment as it is: only our tags and attributes."""
    return shape(tree(sanitize(fragment))) == shape(tree(fragment))


# --------------------------------------------------------------------------- structure


def test_every_block_has_its_anchor_and_number_as_printed(res_2004_28):
    out = render_document(res_2004_28)
    assert balanced(out)
    for para in res_2004_28.paragraphs:
        element = by_id(out, para.anchor)
        assert element.get("data-kind") == para.kind.value
        if para.number:
            assert element.xpath('string(.//span[@class="para-num"])') == para.number
    op12 = by_id(out, "op-12")
    assert op12.xpath('string(.//span[@class="para-num"])') == "12."
    assert op12.get("class") == "para para--operative"
    link = op12.xpath('.//a[contains(@class, "para-link")]')[0]
    assert link.get("href") == "#op-12" and link.get("aria-label") == "Link to paragraph 12"
    assert op12.get("data-cite") == "ECOSOC resolution 2004/28, para. 12"
    assert by_id(out, "op-9-a").xpath('string(.//span[@class="para-num"])') == "(a)"
    assert "para--level-1" in by_id(out, "op-9-a").get("class")
    # Text as printed, opening verbs in italics, nothing added to it.
    assert by_id(out, "op-1").xpath("string(.//em)") == "Takes note"
    pp1 = by_id(out, "pp-1")
    assert pp1.xpath('string(.//span[@class="para-text"])') == res_2004_28.paragraphs[1].text
    assert pp1.get("data-cite") == "ECOSOC resolution 2004/28, first preambular paragraph"
    # Formula and closing are not citable paragraphs.
    assert by_id(out, "formula").get("data-cite") is None
    assert by_id(out, "closing").text_content() == "47th plenary meeting 21 July 2004"


def test_sections_headings_and_nested_subparagraphs(res_1993_34):
    out = render_document(res_1993_34)
    assert balanced(out) and survives_sanitizer(out)
    heading = by_id(out, "sec-iii")
    assert heading.tag == "h3"  # section headings are level 2: h(2 + heading_base)
    assert heading.xpath('string(.//span[@class="para-num"])') == "III."
    assert by_id(render_document(res_1993_34, heading_base=2), "sec-iii").tag == "h4"
    sub = by_id(out, "sec-iii-op-8-a-iii")
    assert sub.get("data-level") == "2" and "para--level-2" in sub.get("class")
    assert sub.xpath('string(.//span[@class="para-num"])') == "(iii)"
    assert sub.get("data-cite") == "ECOSOC resolution 1993/34, section III, para. 8 (a) (iii)"
    assert by_id(out, "sec-iii-op-7-c").get("data-cite") == "ECOSOC resolution 1993/34, section III, para. 7 (c)"
    label = by_id(out, "sec-iii-op-7-c").xpath('.//a[contains(@class, "para-link")]/@aria-label')
    assert label == ["Link to section III, paragraph 7 (c)"]
    # Document order is kept.
    ids = [e.get("id") for e in tree(out).xpath("//*[@data-kind]")]
    assert ids == [p.anchor for p in res_1993_34.paragraphs]


# --------------------------------------------------------------------------- escaping


@pytest.mark.parametrize(
    "planted",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">here</a>',
        "<iframe src=//example.org></iframe>",
        '" onmouseover="alert(1)',
    ],
)
def test_raw_html_in_text_comes_out_as_text(res_2004_28, planted):
    para = res_2004_28.paragraph("op-12")
    para.markdown = para.markdown.replace("post-conflict situations", f"post-conflict situations {planted}")
    res_2004_28.footnotes["2"] = Footnote("2", f"E/CN.15/2004/9. {planted}")
    out = render_document(res_2004_28)
    root = tree(out)
    assert not root.xpath("//script | //img | //iframe | //*[@onerror] | //*[@onmouseover]")
    assert not root.xpath('//a[starts-with(@href, "javascript:")]')
    assert survives_sanitizer(out)
    assert planted in by_id(out, "op-12").text_content()
    assert planted in by_id(out, "fn-2").text_content()
    assert html.escape(planted, quote=True) in out


def test_raw_html_in_heading_and_attribute_values(res_1993_34):
    res_1993_34.paragraphs[2].markdown = "UNITED NATIONS STANDARDS <script>alert(1)</script>"
    res_1993_34.title = 'standards" onload="alert(1)'
    out = render_document(res_1993_34)
    assert not tree(out).xpath("//script | //*[@onload]")


def test_resolver_urls_are_escaped_and_scripts_refused(res_2004_28):
    para = res_2004_28.paragraph("pp-1")
    para.citations = citations_in(para.text, organ=Organ.ECOSOC, paragraph="pp-1")
    out = render_document(res_2004_28, lambda c: "javascript:alert(1)")
    assert not tree(out).xpath('//a[contains(@class, "cite")]')
    out = render_document(res_2004_28, lambda c: '../x/"><script>alert(1)</script>')
    links = tree(out).xpath('//a[contains(@class, "cite")]')
    assert links and not tree(out).xpath("//script")
    assert links[0].get("href") == '../x/"><script>alert(1)</script>'


# --------------------------------------------------------------------------- footnotes


def test_footnote_references_and_list(res_2004_28):
    out = render_document(res_2004_28)
    ref = by_id(out, "fnref-1-1")
    assert ref.get("href") == "#fn-1" and ref.text_content() == "1"
    assert ref.getparent().tag == "sup"
    note = by_id(out, "fn-1")
    assert "A/55/305-S/2000/809." in note.text_content()
    assert note.xpath('.//a[@class="fn-back"]/@href') == ["#fnref-1-1"]
    # The plain text of the paragraph has no marker; the rendered text has it as a reference only.
    assert by_id(out, "pp-2").xpath('string(.//span[@class="para-text"])') == res_2004_28.paragraphs[2].text.replace(
        "Operations and", "Operations1 and"
    )


def test_repeated_and_missing_footnotes(res_1993_34):
    out = render_document(res_1993_34)
    assert balanced(out)
    assert by_id(out, "fnref-101-1") is not None and by_id(out, "fnref-101-2") is not None
    assert by_id(out, "fn-101").xpath('.//a[@class="fn-back"]/@href') == ["#fnref-101-1", "#fnref-101-2"]
    assert MISSING_FOOTNOTE in by_id(out, "fn-100").text_content()
    # Order of first reference: 98 (preamble) before 87 (section III).
    order = [e.get("id") for e in tree(out).xpath('//li[@class="footnote"]')]
    assert order[:3] == ["fn-98", "fn-99", "fn-87"]
    # A marker with no declared footnote still gets a target, so the reference is not a dead link.
    del res_1993_34.footnotes["84"]
    out = render_document(res_1993_34)
    assert "not in the corpus" in by_id(out, "fn-84").text_content()


# --------------------------------------------------------------------------- citations


def resolve_to_pages(c: Citation) -> str | None:
    if c.internal:
        return f"#{c.target_paragraph}"
    return f"../{slug(c.target)}/" + (f"#{c.target_paragraph}" if c.target_paragraph else "")


def cite_links(fragment: str, anchor: str) -> dict[str, str]:
    """target -> the words linked for it (pieces of a split link joined)."""
    out: dict[str, str] = {}
    for a in by_id(fragment, anchor).xpath('.//a[contains(@class, "cite")]'):
        out[a.get("data-target")] = out.get(a.get("data-target"), "") + a.text_content()
    return out


def test_citations_link_exactly_their_words(res_2004_28):
    for para in res_2004_28.paragraphs:
        para.citations = citations_in(para.text, organ=Organ.ECOSOC, paragraph=para.anchor, source="E/RES/2004/28")
    out = render_document(res_2004_28, resolve_to_pages)
    assert balanced(out) and survives_sanitizer(out)
    assert cite_links(out, "pp-1") == {"A/RES/55/2": "General Assembly resolution 55/2 of 8 September 2000"}
    link = by_id(out, "pp-1").xpath('.//a[contains(@class, "cite")]')[0]
    assert link.get("href") == "../A-RES-55-2/"
    internal = by_id(out, "op-9").xpath('.//a[contains(@class, "cite--internal")]')
    assert [a.text_content() for a in internal] == ["paragraph 5 above"]
    assert internal[0].get("href") == "#op-5"
    # Footnote texts are searched for citations too.
    assert cite_links(out, "fn-2") == {"E/CN.15/2004/9": "E/CN.15/2004/9"}


def test_citation_links_inside_and_across_italics(res_1993_34):
    para = res_1993_34.paragraph("pp-1")
    para.citations = citations_in(para.text, organ=Organ.ECOSOC, paragraph="pp-1")
    assert para.citations, "the linker finds the commission resolutions of this paragraph"
    # A span that starts inside the italic opening word and ends after it: the link is split, not crossed.
    words = "Recalling resolution 1/2"
    para.citations.append(Citation("pp-1", "CCPCJ/RES/1/2", text=words, start=0, end=len(words)))
    out = render_document(res_1993_34, resolve_to_pages)
    assert balanced(out)
    links = cite_links(out, "pp-1")
    for c in para.citations:
        if c.target != "CCPCJ/RES/1/2":
            assert links[c.target] == c.text
    assert links["CCPCJ/RES/1/2"] == words
    em = by_id(out, "pp-1").xpath(".//em")[0]
    assert em.xpath('string(.//a[contains(@class, "cite")])') == "Recalling"
    # A citation entirely inside italics, followed by a footnote reference.
    op5 = res_1993_34.paragraph("sec-iii-op-5")
    title = "Compendium of United Nations Standards and Norms in Crime Prevention and Criminal Justice"
    start = op5.text.index(title)
    op5.citations = [Citation(op5.anchor, "Sales No. E.92.IV.1", text=title, start=start, end=start + len(title))]
    out = render_document(res_1993_34, lambda c: "../documents/#sales")
    link = by_id(out, "sec-iii-op-5").xpath('.//a[contains(@class, "cite")]')
    assert len(link) == 1 and link[0].text_content() == title and link[0].getparent().tag == "em"


def test_citation_with_stale_offsets_is_not_linked(res_2004_28):
    para = res_2004_28.paragraph("pp-1")
    para.citations = [Citation("pp-1", "A/RES/55/2", text="General Assembly resolution 55/2", start=3, end=35)]
    out = render_document(res_2004_28, resolve_to_pages)
    assert not by_id(out, "pp-1").xpath('.//a[contains(@class, "cite")]')


def test_unresolved_citations_stay_text(res_2004_28):
    para = res_2004_28.paragraph("pp-1")
    para.citations = citations_in(para.text, organ=Organ.ECOSOC, paragraph="pp-1")
    out = render_document(res_2004_28, lambda c: None)
    assert not tree(out).xpath('//a[contains(@class, "cite")]')
    assert by_id(out, "pp-1").xpath('string(.//span[@class="para-text"])') == para.text


# --------------------------------------------------------------------------- labels, kinds, direction


def test_cite_labels_for_reports_annexes_and_drafts():
    report = make_doc(
        BODY_REPORT,
        "E/CN.15/2004/9/Add.1",
        number=None,
        date="2004-04-02",
        title="Report of the Intergovernmental Expert Group Meeting on United Nations Standards and Norms in "
        "Crime Prevention and Criminal Justice, held in Vienna from 23 to 25 March 2004",
        doctype="report",
        organ=Organ.CCPCJ,
    )
    assert cite_label(report, report.paragraph("para-3")) == "E/CN.15/2004/9/Add.1, para. 3"
    out = render_document(report)
    assert survives_sanitizer(out)
    box = by_id(out, "embedded-1")
    assert box.tag == "aside" and box.get("data-ref") == "E-RES-2004-28.draft.en"
    assert box.xpath('.//a[@class="embedded-link"]/@href') == ["../E-RES-2004-28/draft/"]
    custom = render_document(report, link_document=lambda ref: None)
    assert "not in the corpus" in by_id(custom, "embedded-1").text_content()

    annex = make_doc(
        BODY_ANNEX, "E/RES/2021/20", number="2021/20", date="2021-07-22",
        title="Fourteenth United Nations Congress on Crime Prevention and Criminal Justice",
    )
    para = annex.paragraph("annex-op-3")
    assert cite_label(annex, para) == "ECOSOC resolution 2021/20, annex, para. 3"
    assert by_id(render_document(annex), "annex").tag == "h2"

    draft = make_doc(
        BODY_2004_28, "E/RES/2004/28", number="2004/28", date=None, version=Version.DRAFT,
        title="United Nations standards and norms in crime prevention and criminal justice",
        source=Source(kind="report", symbol="E/CN.15/2004/9/Add.1", paragraph="para-3"),
    )
    assert cite_label(draft, draft.paragraph("op-12")) == (
        "Draft of ECOSOC resolution 2004/28 (E/CN.15/2004/9/Add.1), para. 12"
    )


def test_document_names():
    from compendium.render import document_name

    # GA resolution 55/2 of 8 September 2000, the Millennium Declaration cited by ECOSOC resolution 2004/28.
    ga = make_doc("", "A/RES/55/2", number="55/2", date="2000-09-08", organ=Organ.GA,
                  title="United Nations Millennium Declaration")
    assert document_name(ga) == "General Assembly resolution 55/2"
    # A report is named by its symbol.
    report = make_doc("", "E/CN.15/2004/9", number=None, date=None, organ=Organ.CCPCJ, doctype="report",
                      title="United Nations standards and norms in crime prevention and criminal justice")
    assert document_name(report) == "E/CN.15/2004/9"


def test_ordinal_words():
    assert [ordinal_word(n) for n in (1, 3, 12, 20, 21, 42, 99)] == [
        "first", "third", "twelfth", "twentieth", "twenty-first", "forty-second", "ninety-ninth",
    ]
    assert ordinal_word(101) == "101st" and ordinal_word(111) == "111th"


def test_residual_blocks_are_marked():
    # ECOSOC resolution 2004/28 (seed 000): a page-break footnote line as the extract has it, kept as residual.
    body = BODY_2004_28 + "\n<sup>&</sup><sup>1</sup> A/55/305-S/2000/809.\n{.residual}\n"
    doc = make_doc(body, "E/RES/2004/28", number="2004/28", date="2004-07-21", title="United Nations standards")
    out = render_document(doc)
    assert survives_sanitizer(out)
    block = by_id(out, "residual-1")
    assert RESIDUAL_LABEL in block.text_content()
    assert "<sup>&</sup><sup>1</sup> A/55/305-S/2000/809." in block.text_content()
    assert block.get("data-cite") is None
    assert not tree(out).xpath("//div[@id='residual-1']//sup")


def test_right_to_left_languages():
    doc = make_doc(BODY_ARABIC, "E/RES/2023/23", number="2023/23", date="2023-07-25", language="ar",
                   title="متابعة نتائج مؤتمر الأمم المتحدة الرابع عشر لمنع الجريمة والعدالة الجنائية")
    root = tree(render_document(doc))
    wrapper = root.xpath('//div[@class="compendium-doc"]')[0]
    assert wrapper.get("lang") == "ar" and wrapper.get("dir") == "rtl"
    assert by_id(render_document(doc), "text-1").text_content().endswith("مشروع القرار التالي:")
    assert [direction(code) for code in ("ar", "he", "fa", "ur", "en", "zh", "ru")] == ["rtl"] * 4 + ["ltr"] * 3


RESOLUTIONS = Path(__file__).resolve().parents[1] / "resolutions"


@pytest.mark.parametrize("name, anchor, canonical, printed, where", [
    ("A-RES-75-283.adopted.ar.md", "op-1", "1.", "1 -", "para. 1"),
    ("A-RES-75-283.adopted.ar.md", "op-2-a", "(a)", "(أ)", "para. 2 (a)"),
    ("A-RES-75-283.adopted.fr.md", "op-2-a", "(a)", "a)", "para. 2 (a)"),
    ("A-RES-75-283.adopted.fr.md", "op-1", "1.", "1.", "para. 1"),  # no other printing recorded: the model's number
])
def test_akn_expressions_show_the_number_their_language_prints(name, anchor, canonical, printed, where):
    """GA resolution 75/283 as imported from UNxml: the page shows each language's printing, the anchor stays."""
    from compendium.load import load_document

    doc, problems = load_document(RESOLUTIONS / "ga" / "2021" / name)
    assert doc is not None, problems
    para = doc.paragraph(anchor)
    assert para is not None and para.number == canonical
    block = by_id(render_document(doc), anchor)
    assert block.xpath('./span[@class="para-num"]')[0].text_content() == printed
    assert block.get("id") == anchor
    assert block.get("data-cite") == f"General Assembly resolution 75/283, {where}"
    assert doc.printed_number(anchor) == (None if printed == canonical else printed)


# --------------------------------------------------------------------------- inline markup


def test_inline_markup():
    assert render_inline("*Takes note*") == "<em>Takes note</em>"
    assert render_inline("**1993/34. Implementation**") == "<strong>1993/34. Implementation</strong>"
    assert render_inline(r"paragraph 8 \*") == "paragraph 8 *"
    assert render_inline("a * b") == "a * b"  # a lone asterisk is text
    assert render_inline("*inter alia*, the following issues:") == "<em>inter alia</em>, the following issues:"
    assert render_inline("E/CN.15/2004/9 and snake_case_name") == "E/CN.15/2004/9 and snake_case_name"
    assert render_inline(r"\[^1] is not a reference") == "[^1] is not a reference"
    assert render_inline("A & B < C") == "A &amp; B &lt; C"


MARKDOWNISH = st.text(alphabet=st.sampled_from(list("ab 1/*_\\[^]<>&\"'\n\t()") + ["é", "ر"]), max_size=60)


@settings(max_examples=300, deadline=None)
@given(MARKDOWNISH)
def test_source_positions_follow_plain_text(markdown):
    plain = plain_text(markdown)
    positions = source_positions(markdown)
    assert len(positions) == len(plain)
    assert positions == sorted(set(positions))
    for ch, pos in zip(plain, positions):
        assert markdown[pos] == ch or (ch == " " and markdown[pos].isspace())


@settings(max_examples=300, deadline=None)
@given(MARKDOWNISH, st.integers(0, 60), st.integers(1, 60))
def test_inline_output_is_balanced_and_only_our_tags(markdown, start, length):
    plain = plain_text(markdown)
    citations = []
    if plain:
        start = min(start, len(plain) - 1)
        end = min(len(plain), start + length)
        citations = [Citation("p", "A/RES/55/2", text=plain[start:end], start=start, end=end)]
    note = lambda m: f'<sup><a href="#fn-{html.escape(m)}">{html.escape(m)}</a></sup>'  # noqa: E731
    out = render_inline(markdown, citations=citations, resolve=lambda c: "../x/", footnote=note)
    assert balanced(out)
    assert not tree(out).xpath("//a//a | //em//strong//em")
    assert set(re.findall(r"</?([a-z]+)", out)) <= {"em", "strong", "sup", "a"}
    if re.search(r"[<*_\\]|\[\^[^\]]*\s", markdown):
        return  # markup characters: displayed or not, plain_text drops them
    root = tree(out)
    for sup in root.xpath("//sup"):
        sup.drop_tree()
    assert root.text_content().split() == plain.split()
    if citations:
        linked = "".join(a.text_content() for a in root.xpath("//a"))
        assert linked.split() == citations[0].text.split()


# --------------------------------------------------------------------------- the Markdown extension


def test_markdown_extension_replaces_the_marker_line(res_2004_28, caplog):
    import markdown

    from compendium.mdext import CompendiumExtension

    registry = {res_2004_28.id: res_2004_28}
    md = markdown.Markdown(extensions=[CompendiumExtension(documents=registry, heading_base=2), "attr_list", "footnotes"])
    out = md.convert(
        f"# {res_2004_28.symbol}\n\nBefore *this*.\n\n<!-- compendium:document {res_2004_28.id} -->\n\nAfter.\n"
    )
    assert out.startswith('<h1>E/RES/2004/28</h1>\n<p>Before <em>this</em>.</p>\n<div class="compendium-doc"')
    assert out.endswith("</div>\n<p>After.</p>")
    assert "<p><div" not in out
    assert out.count('id="op-12"') == 1 and 'data-cite="ECOSOC resolution 2004/28, para. 12"' in out
    # The same body as render_document: Markdown does not re-process the stashed HTML.
    assert render_document(res_2004_28, heading_base=2) in out

    md.reset()
    page = "Text of another page.\n\n<!-- compendium:document E-RES-1993-34.adopted.en -->\n"
    out = md.convert(page)
    assert out == "<p>Text of another page.</p>\n<!-- compendium:document E-RES-1993-34.adopted.en -->"
    assert "E-RES-1993-34.adopted.en: no such document" in caplog.text


def test_markdown_extension_current_page_and_callable_registry(res_2004_28, res_1993_34):
    import markdown

    from compendium.mdext import makeExtension

    seen: list[str] = []
    ext = makeExtension(
        current=lambda: res_1993_34,
        resolve=lambda doc: (lambda c: seen.append(doc.symbol) or "#x"),
    )
    res_1993_34.paragraph("pp-1").citations = citations_in(
        res_1993_34.paragraph("pp-1").text, organ=Organ.ECOSOC, paragraph="pp-1"
    )
    out = markdown.Markdown(extensions=[ext]).convert("1. *Requests* the Secretary-General:\n")
    assert 'id="sec-iii-op-8-a-iii"' in out and "<ol>" not in out
    assert seen and set(seen) == {"E/RES/1993/34"}
    assert tree(out).xpath('//a[contains(@class, "cite")]')

    by_path = {str(res_2004_28.path): res_2004_28}
    ext = makeExtension(documents=by_path.get)
    out = markdown.Markdown(extensions=[ext]).convert(f"<!-- compendium:document {res_2004_28.path} -->")
    assert 'id="op-9-b"' in out
    out = markdown.Markdown(extensions=[makeExtension()]).convert("Plain *page*.")
    assert out == "<p>Plain <em>page</em>.</p>"


def test_extension_in_a_real_mkdocs_build(tmp_path, res_2004_28):
    """A hook appends the extension with the loaded documents; the built page has the paragraphs."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(
        f"# ECOSOC resolution 2004/28\n\n<!-- compendium:document {res_2004_28.id} -->\n", encoding="utf-8"
    )
    (tmp_path / "hook.py").write_text(
        "from compendium.mdext import CompendiumExtension\n"
        "DOCUMENTS = {}\n"
        "def on_config(config):\n"
        "    config.markdown_extensions.append(CompendiumExtension(documents=DOCUMENTS))\n"
        "    return config\n",
        encoding="utf-8",
    )
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\ntheme: {name: mkdocs}\nhooks: [hook.py]\nplugins: []\n", encoding="utf-8"
    )
    config = load_config(str(tmp_path / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    hook = next(p for name, p in config.plugins.items() if name.startswith("hook"))
    hook.DOCUMENTS[res_2004_28.id] = res_2004_28
    build(config)
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    built = lxml.html.fromstring(page)
    assert built.xpath('//*[@id="op-12"]/@data-cite') == ["ECOSOC resolution 2004/28, para. 12"]
    assert built.xpath('//*[@id="fn-1"]')


def test_sanitizer_strips_what_the_renderer_never_writes():
    hostile = '<p class="para" onclick="alert(1)">x<script>alert(1)</script><a href="javascript:alert(1)">y</a></p>'
    assert not survives_sanitizer(hostile)
    cleaned = tree(sanitize(hostile))
    assert not cleaned.xpath("//script | //*[@onclick] | //a[@href]")
