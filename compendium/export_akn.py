"""Write a corpus document back as AKN4UN (Akoma Ntoso 3.0) XML.

The inverse of ``compendium.import_akn``: front matter -> ``meta`` (FRBR,
classification keywords, workflow, voting), ``coverPage`` and ``preface``;
formula and preambular paragraphs -> ``preamble``; numbered paragraphs with
their sub-paragraphs -> ``mainBody/paragraph`` with ``list/intro/point``;
``##``/``###`` headings -> ``section`` / ``subsection``, ``####`` ->
``crossHeading``; the draft recorded in ``akn.embedded`` -> an
``embeddedStructure``; ``# Annex`` parts -> ``attachments/attachment/doc``;
footnotes -> ``authorialNote`` at their marker; ``akn.links`` -> ``<a href>``.
Importing the exported file gives the same corpus file (``tests/test_akn.py``),
and the XML validates against ``compendium/data/akn/akomantoso30.xsd``.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from pathlib import Path

from lxml import etree

from compendium.model import Document, Kind, Paragraph

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
A = "{%s}" % NS
XSD = Path(__file__).parent / "data" / "akn" / "akomantoso30.xsd"
LANG3 = {"en": "eng", "fr": "fra", "es": "spa", "ru": "rus", "ar": "ara", "zh": "zho"}
PLACEHOLDER_DATE = "0001-01-01"


def _el(parent: etree._Element | None, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    attrs = {k.rstrip("_"): v for k, v in attrs.items() if v is not None}
    node = etree.Element(A + tag, attrs) if parent is None else etree.SubElement(parent, A + tag, attrs)
    if text:
        node.text = text
    return node


# --------------------------------------------------------------------------- inline

_TOKEN = re.compile(r"\\(.)|\[\^([^\]\s]+)\]|(\*)", re.S)


class _Inline:
    """Markdown of one block -> mixed content of an element, with notes and links."""

    def __init__(self, doc: Document, links: list[dict], notes: Counter):
        self.doc = doc
        self.links = list(links)
        self.notes = notes
        """Occurrences of each footnote so far in the document: a note referenced twice needs two eIds."""

    def fill(self, target: etree._Element, markdown: str) -> None:
        segments = self.segments(markdown)
        for kind, value in segments:
            if kind == "note":
                self.note(target, value)
            elif kind == "italic":
                span = _el(target, "span", class_="italic")
                self.text(span, value)
            else:
                self.text(target, value)

    @staticmethod
    def segments(markdown: str) -> list[tuple[str, str]]:
        """(``text`` | ``italic`` | ``note``, value) runs of a block's Markdown, escapes resolved."""
        out: list[tuple[str, str]] = []
        italic = False
        buf = ""
        pos = 0
        for m in _TOKEN.finditer(markdown):
            buf += markdown[pos : m.start()]
            pos = m.end()
            if m.group(1) is not None:
                buf += m.group(1)
            elif m.group(2) is not None:
                if buf:
                    out.append(("italic" if italic else "text", buf))
                    buf = ""
                out.append(("note", m.group(2)))
            else:
                if buf:
                    out.append(("italic" if italic else "text", buf))
                    buf = ""
                italic = not italic
        buf += markdown[pos:]
        if buf:
            out.append(("italic" if italic else "text", buf))
        return out

    def text(self, target: etree._Element, value: str) -> None:
        """Append text to ``target``, wrapping the next pending link texts found in it in ``<a href>``."""
        while self.links:
            link = self.links[0]
            if not link["text"]:
                # the UN files hold some empty links (a split <a>): keep them where they stand
                _el(target, "a", href=link["href"])
                self.links.pop(0)
                continue
            i = value.find(link["text"])
            if i < 0:
                break
            _append_text(target, value[:i])
            _el(target, "a", link["text"], href=link["href"])
            value = value[i + len(link["text"]) :]
            self.links.pop(0)
        _append_text(target, value)

    def note(self, target: etree._Element, marker: str) -> None:
        fn = self.doc.footnotes.get(marker)
        self.notes[marker] += 1
        suffix = f"_{self.notes[marker]}" if self.notes[marker] > 1 else ""
        note = _el(target, "authorialNote", marker=marker, placement="bottom", eId=f"authorialNote_{_eid(marker)}{suffix}")
        p = _el(note, "p")
        links = ((self.doc.meta.get("akn") or {}).get("links") or {}).get(f"fn-{marker}", [])
        _Inline(self.doc, links, self.notes).fill(p, (fn.text or "") if fn else "")


def _append_text(target: etree._Element, value: str) -> None:
    if not value:
        return
    if len(target):
        last = target[-1]
        last.tail = (last.tail or "") + value
    else:
        target.text = (target.text or "") + value


def _eid(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", value)


# --------------------------------------------------------------------------- document


def export_document(doc: Document) -> etree._Element:
    """The AKN4UN XML tree of one corpus document."""
    meta = doc.meta
    akn = meta.get("akn") or {}
    root = etree.Element(A + "akomaNtoso", nsmap={None: NS})
    statement = _el(root, "statement", name="resolution")
    _meta(statement, doc, akn)
    _cover(statement, doc)
    preface = _el(statement, "preface")
    p = _el(preface, "p")
    if doc.number:
        _el(p, "docNumber", f"{doc.number}.")
        _append_text(p, " ")
    _el(p, "docTitle", doc.title)
    links = akn.get("links") or {}
    printed = akn.get("numbers") or {}
    embedded = akn.get("embedded") or {}
    writer = _Writer(doc, links, printed)

    paragraphs = doc.paragraphs
    annex_starts = [i for i, q in enumerate(paragraphs) if q.kind == Kind.HEADING and q.heading_level == 1]
    main_end = annex_starts[0] if annex_starts else len(paragraphs)
    main = paragraphs[:main_end]
    closing = [q for q in main if q.kind == Kind.CLOSING]
    main = [q for q in main if q.kind != Kind.CLOSING]

    preamble_items = []
    body_items = []
    emb_range = _range(main, embedded)
    for i, q in enumerate(main):
        in_preamble = q.kind in (Kind.FORMULA, Kind.PREAMBULAR) or (
            q.kind == Kind.SUBPARAGRAPH and q.parent and q.parent.startswith("pp-")
        )
        if in_preamble and not (emb_range and emb_range[0] <= i <= emb_range[1]):
            preamble_items.append(q)
        else:
            body_items.append((i, q))
    if preamble_items:
        preamble = _el(statement, "preamble")
        writer.preamble(preamble, preamble_items)
    body = _el(statement, "mainBody")
    host_el = None
    emb_items: list[Paragraph] = []
    plain: list[Paragraph] = []
    for i, q in body_items:
        if emb_range and emb_range[0] <= i <= emb_range[1]:
            emb_items.append(q)
            continue
        plain.append(q)
        if emb_range and i == emb_range[0] - 1:
            writer.body(body, plain)
            plain = []
            host_el = body[-1] if len(body) else None
    writer.body(body, plain)
    if emb_items and host_el is not None:
        target = host_el.find(f".//{A}p")
        structure = _el(target, "embeddedStructure")
        writer.embedded(structure, emb_items)
    if not len(body):
        _el(_el(body, "paragraph", eId="para_0"), "content").append(etree.Element(A + "p"))
    if closing:
        conclusions = _el(statement, "conclusions")
        for q in closing:
            p = _el(conclusions, "p")
            if doc.meeting and q.markdown.startswith(doc.meeting + " "):
                # meeting, line break, date: the importer reads the meeting back from the first line
                _el(p, "inline", doc.meeting, name="meeting")
                _el(p, "eol")
                _Inline(doc, links.get(q.anchor, []), writer.notes).fill(p, q.markdown[len(doc.meeting) + 1 :])
            else:
                writer.inline(p, q)
    if annex_starts:
        attachments = _el(statement, "attachments")
        bounds = annex_starts + [len(paragraphs)]
        for n, (start, end) in enumerate(zip(bounds, bounds[1:]), 1):
            attachment = _el(attachments, "attachment")
            annex = _el(attachment, "doc", name="annex")
            _identification(_el(annex, "meta"), doc, f"!main/annex{n if len(annex_starts) > 1 else ''}")
            annex_body = _el(annex, "mainBody")
            writer.body(annex_body, paragraphs[start + 1 : end])
            if not len(annex_body):
                _el(_el(annex_body, "paragraph", eId=f"annex{n}_para_0"), "content").append(etree.Element(A + "p"))
    return root


def _range(paragraphs: list[Paragraph], embedded: dict) -> tuple[int, int] | None:
    anchors = [q.anchor for q in paragraphs]
    if embedded.get("first") in anchors and embedded.get("last") in anchors:
        return anchors.index(embedded["first"]), anchors.index(embedded["last"])
    return None


def _identification(meta: etree._Element, doc: Document, component: str = "!main") -> None:
    akn = doc.meta.get("akn") or {}
    frbr = akn.get("frbr") or {}
    date = doc.date or PLACEHOLDER_DATE
    author = "#ga" if doc.organ.value == "GA" else "#ecosoc"
    work = frbr.get("work") or f"/akn/un/statement/deliberation/{doc.symbol}/!main/"
    expression = frbr.get("expression") or f"{work.rstrip('/')}/{LANG3.get(doc.language, doc.language)}@/"
    base_w = re.sub(r"!main.*$", "", work)
    base_e = re.sub(r"!main.*$", "", expression)
    ident = _el(meta, "identification", source="#compendium")
    w = _el(ident, "FRBRWork")
    _el(w, "FRBRthis", value=work if component == "!main" else f"{base_w}{component}")
    _el(w, "FRBRuri", value=base_w)
    _el(w, "FRBRdate", date=date, name="adoption")
    _el(w, "FRBRauthor", href=author, as_="author")
    _el(w, "FRBRcountry", value="un")
    e = _el(ident, "FRBRExpression")
    _el(e, "FRBRthis", value=expression if component == "!main" else f"{base_e}{component}")
    _el(e, "FRBRuri", value=base_e)
    _el(e, "FRBRdate", date=date, name="adoption")
    _el(e, "FRBRauthor", href=author, as_="author")
    _el(e, "FRBRlanguage", language=LANG3.get(doc.language, doc.language))
    m = _el(ident, "FRBRManifestation")
    _el(m, "FRBRthis", value=f"{base_e}{component}.xml")
    _el(m, "FRBRuri", value=f"{base_e.rstrip('/')}.xml")
    _el(m, "FRBRdate", date=date, name="export")
    _el(m, "FRBRauthor", href="#compendium", as_="editor")


def _meta(statement: etree._Element, doc: Document, akn: dict) -> None:
    meta = _el(statement, "meta")
    _identification(meta, doc)
    keywords = akn.get("keywords") or []
    if keywords:
        classification = _el(meta, "classification", source="#un")
        for kw in keywords:
            _el(classification, "keyword", value=kw.get("value", ""), showAs=kw.get("showAs") or kw.get("value", ""),
                dictionary=kw.get("dictionary", ""), refersTo=kw.get("refersTo"))
    steps = akn.get("workflow") or []
    if steps:
        workflow = _el(meta, "workflow", source="#un")
        for step in steps:
            _el(workflow, "step", date=step.get("date") or PLACEHOLDER_DATE, outcome=step.get("outcome") or None,
                as_=step.get("as"), by=step.get("by") or "")
    voting = akn.get("voting")
    if isinstance(voting, dict) and voting:
        parliamentary = _el(_el(meta, "analysis", source="#un"), "parliamentary")
        vote = _el(parliamentary, "voting", outcome=voting.get("outcome") or "unknown")
        for key, value in voting.items():
            if key not in ("outcome", "refersTo", "href") and re.fullmatch(r"quorum|count", key):
                _el(vote, key, value=str(value))
        if not len(vote):
            _el(vote, "quorum", value="")
    references = _el(meta, "references", source="#compendium")
    _el(references, "TLCOrganization", eId="compendium", href="/akn/ontology/organization/compendium", showAs="Compendium")
    _el(references, "TLCOrganization", eId="ga" if doc.organ.value == "GA" else "ecosoc",
        href="/akn/ontology/organization/un/" + ("generalAssembly" if doc.organ.value == "GA" else "economicAndSocialCouncil"),
        showAs="General Assembly" if doc.organ.value == "GA" else "Economic and Social Council")


def _cover(statement: etree._Element, doc: Document) -> None:
    cover = _el(statement, "coverPage")
    _el(_el(cover, "p"), "docNumber", doc.symbol, refersTo="#symbol")
    if doc.date:
        _el(_el(cover, "p"), "docDate", doc.date, date=doc.date, refersTo="#dateOfAdoption")
    if doc.session:
        _el(_el(cover, "p"), "session", doc.session, value=doc.session)
    if doc.agenda_item:
        item, sep, name = doc.agenda_item.partition(": ")
        if sep and re.search(r"\d", item):
            _el(_el(cover, "p"), "inline", item, name="agenda item")
            _el(_el(cover, "p"), "inline", name, name="agenda item name")
        else:
            _el(_el(cover, "p"), "inline", doc.agenda_item, name="agenda item name")


class _Writer:
    """Paragraphs -> AKN elements, numbering eIds in document order."""

    def __init__(self, doc: Document, links: dict, printed: dict):
        self.doc = doc
        self.links = links
        self.printed = printed
        self.count = 0
        self.notes: Counter = Counter()

    def eid(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}_{self.count}"

    def inline(self, target: etree._Element, q: Paragraph) -> None:
        _Inline(self.doc, self.links.get(q.anchor, []), self.notes).fill(target, q.markdown)

    def number(self, q: Paragraph) -> str:
        return self.printed.get(q.anchor) or q.number or ""

    def preamble(self, preamble: etree._Element, items: list[Paragraph]) -> None:
        container = None
        for q in items:
            if q.kind == Kind.FORMULA:
                self.inline(_el(_el(preamble, "formula", name="enactingFormula", eId=self.eid("formula")), "p"), q)
            elif q.kind == Kind.PREAMBULAR:
                container = _el(preamble, "container", name=(q.verb or "preamble"), eId=self.eid("container"))
                self.inline(_el(container, "p"), q)
            elif container is not None:
                block_list = container.find(A + "blockList")
                if block_list is None:
                    block_list = _el(container, "blockList", eId=self.eid("blockList"))
                    intro = container.find(A + "p")
                    container.remove(intro)
                    li = _el(block_list, "listIntroduction")
                    _move_content(intro, li)
                item = _el(block_list, "item", eId=self.eid("item"))
                _el(item, "num", self.number(q))
                self.inline(_el(item, "p"), q)

    def body(self, parent: etree._Element, items: list[Paragraph]) -> None:
        """Headings open sections (``##``) and subsections (``###``); other blocks go into the innermost one."""
        stack: list[tuple[int, etree._Element]] = [(1, parent)]
        i = 0
        while i < len(items):
            q = items[i]
            if q.kind == Kind.HEADING and q.heading_level in (2, 3) and q.number:
                while stack[-1][0] >= q.heading_level:
                    stack.pop()
                tag = "section" if q.heading_level == 2 else "subsection"
                section = _el(stack[-1][1], tag, eId=self.eid(tag))
                _el(section, "num", self.number(q))
                self.inline(_el(section, "heading"), q)
                stack.append((q.heading_level, section))
                i += 1
                continue
            target = stack[-1][1]
            if q.kind == Kind.HEADING:
                self.heading(target, q)
                i += 1
                continue
            j = i + 1
            while j < len(items) and items[j].kind == Kind.SUBPARAGRAPH:
                j += 1
            self.paragraph(target, q, items[i + 1 : j])
            i = j

    def heading(self, parent: etree._Element, q: Paragraph) -> None:
        """A heading without a section designation: a paragraph holding only a subheading, as AKN4UN writes it."""
        para = _el(parent, "paragraph", eId=self.eid("para"), class_="H23")
        self.inline(_el(para, "subheading"), q)

    def paragraph(self, parent: etree._Element, q: Paragraph, subs: list[Paragraph]) -> None:
        para = _el(parent, "paragraph", eId=self.eid("para"))
        number = self.number(q) if q.kind in (Kind.OPERATIVE, Kind.REPORT) else ""
        if number:
            _el(para, "num", number)
        if not subs:
            self.inline(_el(_el(para, "content"), "p"), q)
            return
        lst = _el(para, "list", eId=self.eid("list"))
        self.inline(_el(_el(lst, "intro"), "p"), q)
        self.points(lst, subs, subs[0].level if subs else 1)

    def points(self, lst: etree._Element, subs: list[Paragraph], level: int) -> None:
        i = 0
        while i < len(subs):
            q = subs[i]
            j = i + 1
            while j < len(subs) and subs[j].level > level:
                j += 1
            point = _el(lst, "point", eId=self.eid("point"))
            _el(point, "num", self.number(q))
            children = subs[i + 1 : j]
            if children:
                inner = _el(point, "list", eId=self.eid("list"))
                self.inline(_el(_el(inner, "intro"), "p"), q)
                self.points(inner, children, children[0].level)
            else:
                self.inline(_el(_el(point, "content"), "p"), q)
            i = j

    def embedded(self, structure: etree._Element, items: list[Paragraph]) -> None:
        i = 0
        while i < len(items):
            q = items[i]
            j = i + 1
            while j < len(items) and items[j].kind == Kind.SUBPARAGRAPH:
                j += 1
            if q.kind == Kind.PREAMBULAR:
                container = _el(structure, "container", name=(q.verb or "preamble"), eId=self.eid("container"))
                self.inline(_el(container, "p"), q)
            elif q.kind == Kind.HEADING:
                self.heading(structure, q)
            else:
                self.paragraph(structure, q, items[i + 1 : j])
            i = j


def _move_content(source: etree._Element, target: etree._Element) -> None:
    target.text = source.text
    for child in list(source):
        target.append(child)


def to_xml(doc: Document) -> bytes:
    """The exported document as UTF-8 XML bytes with a declaration."""
    return etree.tostring(export_document(doc), xml_declaration=True, encoding="UTF-8", pretty_print=True)


@functools.cache
def schema() -> etree.XMLSchema:
    """The Akoma Ntoso 3.0 XML Schema (OASIS), shipped in ``compendium/data/akn``."""
    return etree.XMLSchema(etree.parse(str(XSD)))


def validate(xml: bytes | etree._Element) -> list[str]:
    """Schema errors of an AKN document (``line: message``); empty when it is valid Akoma Ntoso 3.0."""
    tree = etree.fromstring(xml) if isinstance(xml, bytes) else xml
    s = schema()
    if s.validate(tree):
        return []
    return [f"{e.line}: {e.message}" for e in s.error_log]
