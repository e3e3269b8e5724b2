"""Import UN resolutions published as AKN4UN (Akoma Ntoso for the UN) XML into the corpus format.

One XML file is one expression (one language) of a resolution. The importer
walks the document's structure (never its wording), so every language file of
a resolution yields the same paragraph anchors:

- ``preamble``: ``formula`` -> ``{.formula}``; each ``container`` -> a
  preambular paragraph (``span.italic`` kept as ``*...*``; a ``blockList``
  gives ``(a)`` sub-paragraphs);
- ``mainBody``: ``paragraph/num`` + ``content`` -> ``N.`` blocks;
  ``list/intro/point`` (and ``sublist``) -> ``(a)`` / ``(i)`` sub-paragraphs;
  ``section``/``part``/``title`` and heading paragraphs (``subheading``,
  classes ``HCh``/``H1``/``H23`` ...) -> ``##``/``###``/``####`` headings;
  ``crossHeading`` -> ``####``; an ``embeddedStructure`` (a draft recommended
  to the General Assembly) is printed in place and recorded in ``akn.embedded``;
- ``attachments/attachment/doc[@name=annex]`` -> a ``# Annex`` part with its
  own numbering;
- ``conclusions`` -> ``{.closing}``;
- ``authorialNote`` -> footnote ``[^marker]`` at its place, text in front matter;
- ``<a href>`` -> the words stay in the text, ``{text, href}`` is kept in
  ``akn.links`` under the paragraph's anchor (the UN's own citation record).

Numbers are written in the corpus format's canonical form (``12.``, ``(a)``,
``## I.``); where the file prints them otherwise (Arabic ``12 -``, ``(أ)``,
French ``a)``, Chinese ``㈠``) the printed form is kept in ``akn.numbers``.

:func:`nothing_lost` proves that every letter and digit of the XML's
preamble, body, annexes, notes and conclusions appears in the output, in order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from lxml import etree

from compendium.files import write_atomic
from compendium.load import load_document, parse_body
from compendium.model import Document, Kind, plain_text, slug
from compendium.problems import Problem, error, warning

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
A = "{%s}" % NS

LANGUAGES = {"eng": "en", "fra": "fr", "fre": "fr", "spa": "es", "rus": "ru", "ara": "ar", "chi": "zh", "zho": "zh"}
"""AKN4UN FRBRlanguage codes (ISO 639-2) -> ISO 639-1."""

ANNEX_WORD = {"en": "Annex", "fr": "Annexe", "es": "Anexo", "ru": "Приложение", "ar": "المرفق", "zh": "附件"}
"""The heading the importer writes for an annex (the XML marks it by structure, not by a printed word)."""

PLACEHOLDER_DATE = "0001-01-01"

# Arabic sub-paragraph letters in UN (abjad) order: (أ) = (a), (ب) = (b) ...
_ABJAD = "أ ب ج د ه و ز ح ط ي ك ل م ن س ع ف ص ق ر ش ت ث خ ذ ض".split()
_CJK_CIRCLED = "㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩"
_CJK_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_HEADING_CLASSES = re.compile(r"^H(Ch|\d)")
_ROMAN_UPPER = re.compile(r"^[IVXLC]+$")


class SkipFile(Exception):
    """The file cannot be imported; the message says why (the batch reports it and goes on)."""


# --------------------------------------------------------------------------- blocks


@dataclass
class Block:
    """One block of the body being written, before it is numbered by the loader."""

    kind: str
    """``formula``, ``pre`` (plain), ``op`` (numbered), ``sub``, ``heading``, ``text``, ``closing``."""
    markdown: str
    number: str | None = None
    """Canonical number written in the body: ``12.``, ``(a)``, ``I.``."""
    printed: str | None = None
    """The number as the XML prints it, when it differs from ``number``."""
    level: int = 0
    """Heading level (1-4) or sub-paragraph level (1, 2)."""
    links: list[dict] = field(default_factory=list)

    def render(self) -> str:
        md = self.markdown
        if self.kind == "heading":
            return "#" * self.level + " " + (f"{self.number} " if self.number else "") + md
        if self.kind == "op":
            return f"{self.number} {md}".rstrip()
        if self.kind == "sub":
            return "    " * self.level + f"{self.number} {md}".rstrip()
        if self.kind in ("formula", "text", "closing"):
            return f"{md}\n{{.{self.kind}}}"
        return _escape_start(md)


def _escape_start(md: str) -> str:
    """Keep a plain block from reading as a number, sub-paragraph, heading or attribute list."""
    if re.match(r"#|\d+(?:\.\d+)*\.(?:\s|$)|\((?:[a-z]{1,3}|[ivxl]{1,6})\)(?:\s|$)", md):
        md = re.sub(r"^(#|\d+(?:\.\d+)*)(\.?)", lambda m: ("\\#" if m.group(1) == "#" else m.group(1) + "\\."), md, count=1)
        if md.startswith("("):
            md = "\\" + md
    return md


def _escape_tail(md: str) -> str:
    """A trailing ``{.x}`` in the text would read as an attribute list: escape its brace."""
    return re.sub(r"\{(\s*\.[A-Za-z][^{}]*\}\s*)$", r"\\{\1", md)


# --------------------------------------------------------------------------- inline


class Inline:
    """Converts mixed content (``p``, headings, notes) to one line of corpus Markdown."""

    def __init__(self, state: "State"):
        self.state = state
        self.parts: list[str] = []
        self.links: list[dict] = []
        self.split: list[etree._Element] = []
        """``embeddedStructure`` elements met (handled as blocks by the caller)."""

    def text(self, s: str | None) -> None:
        if s:
            self.parts.append(_escape_inline(s))

    def element(self, el: etree._Element, italic: bool = False) -> None:
        """Append an element's content (and not its tail)."""
        tag = _local(el)
        if tag == "authorialNote":
            self.parts.append(self.state.footnote(el))
            return
        if tag == "embeddedStructure":
            self.parts.append("\x00")
            self.split.append(el)
            return
        if tag in ("img", "br"):
            return
        if tag == "eol":
            self.parts.append(" ")
            return
        if tag == "a":
            words = _text_of(el)
            self.links.append({"text": _fold(words), "href": el.get("href", "")})
        make_italic = tag in ("span", "i") and "italic" in (el.get("class") or "").split() and not italic
        if tag == "i" and not italic:
            make_italic = True
        if make_italic:
            inner = Inline(self.state)
            inner.children(el, italic=True)
            self.links += inner.links
            self.split += inner.split
            content = "".join(inner.parts)
            stripped = content.strip()
            if stripped:
                lead = content[: len(content) - len(content.lstrip())]
                trail = content[len(content.rstrip()) :]
                self.parts.append(f"{lead}*{stripped}*{trail}")
            else:
                self.parts.append(content)
            return
        if tag in ("p", "td", "th") and self.parts:
            self.parts.append(" ")
        self.children(el, italic)

    def children(self, el: etree._Element, italic: bool = False) -> None:
        self.text(el.text)
        for child in el:
            if isinstance(child.tag, str):
                self.element(child, italic)
            self.text(child.tail)

    def markdown(self) -> str:
        return _fold("".join(self.parts))


def _escape_inline(s: str) -> str:
    return s.replace("\\", "\\\\").replace("*", "\\*").replace("[", "\\[")


def _fold(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _local(el: etree._Element) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag.rsplit("}", 1)[-1]


def _text_of(el: etree._Element) -> str:
    return "".join(t for t in el.itertext())


def _kids(el: etree._Element) -> list[etree._Element]:
    return [c for c in el if isinstance(c.tag, str)]


# --------------------------------------------------------------------------- numbers


def _letters(n: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa (UN practice: doubled letters)."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += numeral
            n -= value
    return out


def _cjk_number(s: str) -> int | None:
    if s in _CJK_CIRCLED:
        return _CJK_CIRCLED.index(s) + 1
    if not s or any(ch not in _CJK_DIGITS and ch != "十" for ch in s):
        return None
    if "十" in s:
        tens, _, units = s.partition("十")
        return (_CJK_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CJK_DIGITS.get(units, 0) if units else 0)
    return _CJK_DIGITS.get(s)


def sub_token(printed: str, position: int, level: int) -> str:
    """The canonical sub-paragraph token (``a``, ``iii``) for a printed number in any of the six languages.

    Latin letters and numerals are kept (``(a)``, ``a)``, ``(iii)``); Arabic
    letters map by UN abjad order, Arabic ``’3‘`` and Chinese ``㈢`` / ``(十一)``
    to roman numerals; anything else falls back to the item's position.
    """
    core = printed.strip().strip("().’‘'\u200f\u200e ").strip()
    if re.fullmatch(r"[a-z]{1,3}|[ivxl]{4,}", core):  # letters, and long numerals such as (viii), (xviii)
        return core
    if core.replace("ـ", "") in _ABJAD:
        return _letters(_ABJAD.index(core.replace("ـ", "")) + 1)
    digits = re.fullmatch(r"(\d+)\s*[-–.]?", core)
    if digits:  # Arabic numbers its (i), (ii) items ’1‘ or "1 -"
        return _roman(int(digits.group(1)))
    value = _cjk_number(core)
    if value:
        return _roman(value)
    return _roman(position) if level >= 2 else _letters(position)


def op_number(printed: str) -> str | None:
    """``12.`` for ``12.``, ``12 -`` or ``12``; ``1.1.`` for ``1.1``; None when there are no digits."""
    m = re.search(r"\d+(?:\.\d+)*", printed)
    return f"{m.group(0)}." if m else None


def heading_number(printed: str) -> tuple[int, str] | None:
    """(level, ``I.``) for a Latin section designation: roman -> level 2, capital letter -> level 3."""
    core = printed.strip().rstrip(".").strip()
    if _ROMAN_UPPER.match(core):
        return 2, f"{core}."
    if re.fullmatch(r"[A-Z]", core):
        return 3, f"{core}."
    return None


# --------------------------------------------------------------------------- walking


class State:
    """Everything collected while walking one file."""

    def __init__(self, path: str, language: str):
        self.path = path
        self.language = language
        self.blocks: list[Block] = []
        self.footnotes: dict[str, str] = {}
        self.footnote_links: dict[str, list[dict]] = {}
        self.problems: list[Problem] = []
        self.embedded: tuple[int, int, int] | None = None
        """(host block, first embedded block, last embedded block) indices."""
        self.annexes = 0

    def footnote(self, note: etree._Element) -> str:
        marker = (note.get("marker") or "").strip() or str(len(self.footnotes) + 1)
        inline = Inline(self)
        for p in _kids(note):
            inline.element(p)
            inline.text(p.tail)
        if not _kids(note):
            inline.children(note)
        text = inline.markdown()
        key = marker
        n = 1
        while key in self.footnotes and self.footnotes[key] != text:
            n += 1
            key = f"{marker}-{n}"
        self.footnotes[key] = text
        if inline.links:
            self.footnote_links.setdefault(key, []).extend(inline.links)
        return f"[^{key}]"

    def add(self, block: Block) -> Block:
        block.markdown = _escape_tail(block.markdown)
        self.blocks.append(block)
        return block

    def unknown(self, el: etree._Element, where: str) -> None:
        raise SkipFile(f"unknown structure: <{_local(el)}> in {where} at line {el.sourceline}")

    # ---- inline helpers

    def inline_blocks(self, el: etree._Element, make: Callable[[str], Block]) -> None:
        """Convert mixed content; an embeddedStructure inside splits it into host, embedded blocks, tail."""
        inline = Inline(self)
        inline.children(el)
        self.emit_split(inline, make)

    def emit_split(self, inline: Inline, make: Callable[[str], Block]) -> None:
        raw = "".join(inline.parts)
        pieces = raw.split("\x00")
        host = make(_fold(pieces[0]))
        host.links = inline.links
        self.add(host)
        for i, emb in enumerate(inline.split):
            host_index = len(self.blocks) - 1
            first = len(self.blocks)
            self.embedded_structure(emb)
            self.embedded = (host_index, first, len(self.blocks) - 1)
            tail = _fold(pieces[i + 1]) if i + 1 < len(pieces) else ""
            if tail:
                self.add(Block("text", tail))

    # ---- preamble

    def preamble(self, el: etree._Element, kind: str = "pre", formula: str = "formula") -> None:
        """The resolution's preamble (``kind`` ``pre``), or an annex's (its paragraphs are ``{.text}``).

        ``formula`` is the kind of the enacting formula's block: ``text`` for a draft printed inside the resolution.
        """
        for child in _kids(el):
            tag = _local(child)
            if tag == "formula":
                self.inline_blocks(child, lambda md: Block(formula if kind == "pre" else kind, md))
            elif tag == "container":
                self.container(child, kind=kind)
            elif tag == "p":
                self.inline_blocks(child, lambda md: Block(kind, md))
            elif tag == "blockList":
                self.block_list(child, kind)
            else:
                self.unknown(child, "preamble")

    def container(self, el: etree._Element, kind: str = "pre") -> None:
        kids = _kids(el)
        if any(_local(k) == "table" for k in kids):
            for k in kids:
                if _local(k) == "table":
                    self.table(k)
                else:
                    self.inline_blocks(k, lambda md: Block("text", md))
            return
        paragraphs = [k for k in kids if _local(k) == "p"]
        if paragraphs:
            inline = Inline(self)
            for p in paragraphs:
                inline.element(p)
            self.emit_split(inline, lambda md: Block(kind, md))
        for k in kids:
            tag = _local(k)
            if tag == "blockList":
                self.block_list(k, kind)
            elif tag != "p":
                self.unknown(k, "container")

    def block_list(self, el: etree._Element, kind: str = "pre") -> None:
        position = 0
        for child in _kids(el):
            tag = _local(child)
            if tag == "listIntroduction":
                self.inline_blocks(child, lambda md: Block(kind, md))
            elif tag == "item" and child.find(A + "num") is None:
                # an unnumbered item continues the list's sentence: plain text, never an invented number
                self.inline_blocks(child, lambda md: Block(kind, md))
            elif tag == "item":
                position += 1
                num = child.find(A + "num")
                printed = _fold(_text_of(num)) if num is not None else ""
                token = sub_token(printed, position, 1)
                inline = Inline(self)
                for k in _kids(child):
                    if _local(k) != "num":
                        inline.element(k)
                self.add_sub(inline, token, printed, 1)
            else:
                self.unknown(child, "blockList")

    def add_sub(self, inline: Inline, token: str, printed: str, level: int) -> None:
        number = f"({token})"
        self.emit_split(inline, lambda md: Block("sub", md, number=number, printed=printed if printed != number else None, level=level))

    # ---- body

    def body(self, children: list[etree._Element], where: str = "mainBody") -> None:
        sub_position = 0
        for child in children:
            tag = _local(child)
            if tag == "paragraph":
                sub_position = self.paragraph(child, sub_position)
            elif tag in ("section", "part", "title", "chapter", "subsection", "division"):
                self.division(child)
                sub_position = 0
            elif tag == "crossHeading" and child.get("refersTo") == "#preamble":
                self.inline_blocks(child, lambda md: Block("text", md))
            elif tag == "crossHeading":
                self.inline_blocks(child, lambda md: Block("heading", md, level=4))
            elif tag == "subheading":
                self.inline_blocks(child, lambda md: Block("heading", md, level=4))
            elif tag == "container":
                self.container(child, kind="text")
            elif tag == "p":
                self.inline_blocks(child, lambda md: Block("text", md))
            else:
                self.unknown(child, where)

    def division(self, el: etree._Element) -> None:
        num = el.find(A + "num")
        printed = _fold(_text_of(num)) if num is not None else ""
        title = [k for k in _kids(el) if _local(k) in ("heading", "subheading")]
        self.heading(printed, title)
        rest = [k for k in _kids(el) if _local(k) not in ("num", "heading", "subheading")]
        self.body(rest, f"<{_local(el)}>")

    def heading(self, printed: str, parts: list[etree._Element], default_level: int = 4) -> None:
        if not printed:
            # A part or section may print its designation ("A", "II") as a subheading of its own.
            for i, part in enumerate(parts):
                if _local(part) == "subheading" and heading_number(_fold(_text_of(part)) or "-"):
                    if i:
                        self.heading("", parts[:i])
                    printed, parts = _fold(_text_of(part)), parts[i + 1 :]
                    break
        inline = Inline(self)
        for p in parts:
            inline.element(p)
        found = heading_number(printed) if printed else None
        if found:
            level, number = found
            block = Block("heading", "", number=number, printed=printed if printed != number else None, level=level)
        else:
            block = Block("heading", "", level=default_level)
            if printed:
                inline.parts.insert(0, _escape_inline(printed) + " ")
        self.emit_split(inline, lambda md: _fill(block, md))

    def paragraph(self, el: etree._Element, sub_position: int) -> int:
        kids = _kids(el)
        tags = [_local(k) for k in kids]
        num = el.find(A + "num")
        printed = _fold(_text_of(num)) if num is not None else ""
        body = [k for k in kids if _local(k) != "num"]
        unknown = [k for k in body if _local(k) not in ("content", "list", "subheading", "heading", "p")]
        if unknown:
            self.unknown(unknown[0], "paragraph")
        is_heading = ("subheading" in tags or "heading" in tags) and "list" not in tags
        if not is_heading and _HEADING_CLASSES.match(el.get("class") or "") and "list" not in tags:
            is_heading = not printed or op_number(printed) is None
        if is_heading:
            self.heading(printed, [k for k in body if _local(k) in ("subheading", "heading", "content", "p")])
            return 0
        lst = el.find(A + "list")
        content = [k for k in body if _local(k) in ("content", "p")]
        if lst is not None:
            intro = lst.find(A + "intro")
            inline = Inline(self)
            for k in content:
                inline.element(k)
            if intro is not None:
                inline.element(intro)
            self.numbered(printed, inline)
            self.points(lst, 1)
            return 0
        inline = Inline(self)
        for k in content:
            inline.element(k)
        if printed and re.match(r"^\(?[^\s().]{1,6}\)$", printed):
            sub_position += 1
            token = sub_token(printed, sub_position, 1)
            self.add_sub(inline, token, printed, 1)
            return sub_position
        self.numbered(printed, inline)
        return 0

    def numbered(self, printed: str, inline: Inline) -> None:
        if not printed:
            # Some files print the number inside the text: Arabic "1 -<tab>تحيط علما ...", "4 –", French "10 *Rappelle*"
            raw = "".join(inline.parts)
            m = re.match(r"\s*(\d{1,3})(?:\s*[-–—.]\s+|\s+(?=\*))", raw) or re.match(r"\s*\*(\d{1,3})\s*[-–—.]\s*\*\s+", raw)
            if m:
                printed = m.group(0).strip()
                inline.parts = [raw[m.end():]]
        number = op_number(printed) if printed else None
        if number:
            self.emit_split(inline, lambda md: Block("op", md, number=number, printed=printed if printed != number else None))
        else:
            if printed:
                inline.parts.insert(0, _escape_inline(printed) + " ")
            self.emit_split(inline, lambda md: Block("text", md))

    def points(self, lst: etree._Element, level: int) -> None:
        position = 0
        for child in _kids(lst):
            tag = _local(child)
            if tag == "intro":
                continue
            if tag in ("wrapUp",):
                self.inline_blocks(child, lambda md: Block("text", md))
                continue
            if tag == "sublist":
                self.points(child, level + 1)
                continue
            if tag not in ("point",):
                self.unknown(child, "list")
            position += 1
            num = child.find(A + "num")
            printed = _fold(_text_of(num)) if num is not None else ""
            token = sub_token(printed, position, level)
            inline = Inline(self)
            nested = []
            for k in _kids(child):
                t = _local(k)
                if t == "num":
                    continue
                if t in ("list", "sublist"):
                    intro = k.find(A + "intro")
                    if intro is not None:
                        inline.element(intro)
                    nested.append(k)
                elif t in ("content", "p"):
                    inline.element(k)
                else:
                    self.unknown(k, "point")
            self.add_sub(inline, token, printed, level)
            for k in nested:
                self.points(k, level + 1)

    def table(self, table: etree._Element) -> None:
        for row in table.iter(A + "tr"):
            cells = []
            links = []
            for cell in _kids(row):
                inline = Inline(self)
                inline.children(cell)
                links += inline.links
                cells.append(inline.markdown())
            if any(cells):
                self.add(Block("text", " | ".join(cells), links=links))

    def embedded_structure(self, el: etree._Element) -> None:
        for child in _kids(el):
            tag = _local(child)
            if tag == "container" and (child.get("name") or "").lower() == "formula":
                self.container(child, kind="text")
            elif tag == "container":
                self.container(child)
            elif tag == "paragraph":
                self.paragraph(child, 0)
            elif tag in ("crossHeading", "subheading"):
                self.inline_blocks(child, lambda md: Block("heading", md, level=4))
            else:
                self.unknown(child, "embeddedStructure")

    def annex(self, doc: etree._Element, count: int) -> None:
        self.annexes += 1
        word = ANNEX_WORD.get(self.language, "Annex")
        designation = f" {_roman(self.annexes).upper()}" if count > 1 else ""
        self.add(Block("heading", word + designation, level=1))  # the only words not in the XML
        for child in _kids(doc):
            tag = _local(child)
            if tag == "meta":
                continue
            if tag == "mainBody":
                self.body(_kids(child), "annex")
            elif tag == "preamble":
                self.preamble(child, kind="text")
            elif tag == "conclusions":
                self.conclusions(child, kind="text")
            else:
                self.unknown(child, "annex")

    def conclusions(self, el: etree._Element, kind: str = "closing") -> None:
        lines = []
        links = []
        for p in _kids(el):
            inline = Inline(self)
            inline.children(p) if _local(p) == "p" else inline.element(p)
            links += inline.links
            line = inline.markdown()
            if line:
                lines.append(line)
        if lines:
            self.add(Block(kind, " ".join(lines), links=links))


def sections(statement: etree._Element, embedded: bool = False) -> tuple[list[tuple[etree._Element, bool]], list[etree._Element]]:
    """The text-bearing parts of a statement in reading order, and its annexes (read after them).

    Parts are ``(element, embedded)`` pairs of ``preamble``, ``mainBody`` and
    ``conclusions``; a draft resolution in ``components/component/statement``
    is read in place (``embedded`` True), its annexes join the statement's.
    Anything else is an unknown structure (SkipFile).
    """
    parts: list[tuple[etree._Element, bool]] = []
    annexes: list[etree._Element] = []
    for child in _kids(statement):
        tag = _local(child)
        if tag in ("meta", "coverPage", "preface"):
            continue
        if tag in ("preamble", "mainBody", "conclusions"):
            parts.append((child, embedded))
        elif tag == "attachments":
            for attachment in _kids(child):
                docs = _kids(attachment)
                if _local(attachment) != "attachment" or len(docs) != 1 or _local(docs[0]) != "doc" or docs[0].get("name") not in (None, "annex"):
                    raise SkipFile(f"unknown structure: <attachments> holds something other than one annex <doc> per <attachment> (line {attachment.sourceline})")
                annexes.append(docs[0])
        elif tag == "components":
            for component in _kids(child):
                inner = _kids(component)
                if _local(component) != "component" or len(inner) != 1 or _local(inner[0]) != "statement":
                    raise SkipFile(f"unknown structure: <components> holds something other than one <statement> per <component> (line {component.sourceline})")
                more, more_annexes = sections(inner[0], embedded=True)
                parts += more
                annexes += more_annexes
        else:
            raise SkipFile(f"unknown structure: <{tag}> in <{_local(statement)}> at line {child.sourceline}")
    return parts, annexes


def _mend_misprints(blocks: list[Block]) -> None:
    """A misprinted operative number between two that agree (14, 154, 16) is numbered by its place (15).

    The printed number stays in ``akn.numbers``, so nothing is lost; the anchor
    is the one every other language version gives that paragraph.
    """
    runs: list[list[Block]] = [[]]
    for b in blocks:
        if b.kind == "heading" and b.level <= 3:
            runs.append([])
        elif b.kind == "op" and re.fullmatch(r"\d+\.", b.number or ""):
            runs[-1].append(b)
    for run in runs:
        for prev, cur, nxt in zip(run, run[1:], run[2:]):
            a, c = int(prev.number[:-1]), int(nxt.number[:-1])
            if c == a + 2 and int(cur.number[:-1]) != a + 1:
                cur.printed = cur.printed or cur.number
                cur.number = f"{a + 1}."


def _fill(block: Block, md: str) -> Block:
    block.markdown = md
    return block


# --------------------------------------------------------------------------- metadata


@dataclass
class Imported:
    """One XML file converted: the corpus file's text and where it belongs."""

    source: Path
    text: str
    relpath: Path
    """Path of the corpus file relative to the output folder (``ga/2023/A-RES-78-224.adopted.fr.md``)."""
    meta: dict
    blocks: list[Block]
    problems: list[Problem] = field(default_factory=list)

    @property
    def doc_id(self) -> str:
        return self.relpath.name.removesuffix(".md")


def parse_xml(path: Path) -> etree._Element:
    """The root element of an XML file, or SkipFile saying why it cannot be read."""
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        return etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as exc:
        raise SkipFile(f"not well-formed XML: {exc}") from None
    except OSError as exc:
        raise SkipFile(f"cannot read file: {exc}") from None


def _find(root: etree._Element, xpath: str) -> etree._Element | None:
    found = root.xpath(xpath, namespaces={"a": NS})
    return found[0] if found else None


def _attr(root: etree._Element, xpath: str, name: str) -> str | None:
    el = _find(root, xpath)
    return el.get(name) if el is not None else None


def _real_date(value: str | None) -> str | None:
    if not value or value.startswith(PLACEHOLDER_DATE) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    return value


def _meeting(doc: etree._Element) -> str:
    """The adoption meeting: ``conclusions//location``, else the first line of the conclusions (up to ``eol``/``docDate``)."""
    location = _find(doc, "a:conclusions//a:location")
    if location is not None:
        return _fold(_text_of(location))
    first = _find(doc, "a:conclusions/a:p")
    if first is None:
        return ""
    parts = [first.text or ""]
    for child in first:
        if _local(child) in ("eol", "docDate", "br"):
            break
        parts.append(_text_of(child) + (child.tail or ""))
    return _fold("".join(parts))


def metadata(doc: etree._Element, source_name: str) -> tuple[dict, list[Problem]]:
    """The front matter the XML states: symbol, organ, number, title, dates, session, agenda item, FRBR, keywords, workflow, voting."""
    problems: list[Problem] = []
    symbol_el = _find(doc, "a:coverPage//a:docNumber")
    symbol = _fold(_text_of(symbol_el)) if symbol_el is not None else ""
    work_uri = _attr(doc, "a:meta/a:identification/a:FRBRWork/a:FRBRthis", "value") or ""
    expr_uri = _attr(doc, "a:meta/a:identification/a:FRBRExpression/a:FRBRthis", "value") or ""
    if not symbol:
        raise SkipFile("unknown structure: no coverPage docNumber (symbol)")
    if symbol.startswith("A/"):
        organ = "GA"
    elif symbol.startswith("E/"):
        organ = "ECOSOC"
    else:
        raise SkipFile(f"unknown structure: symbol '{symbol}' is neither a GA (A/...) nor an ECOSOC (E/...) resolution")
    lang3 = _attr(doc, "a:meta/a:identification/a:FRBRExpression/a:FRBRlanguage", "language") or ""
    language = LANGUAGES.get(lang3)
    if not language:
        raise SkipFile(f"unknown structure: FRBRlanguage '{lang3}' is not one of {', '.join(sorted(LANGUAGES))}")
    # The closing line prints the adoption date; the FRBR work date is metadata and is sometimes wrong
    # (E/RES/2022/14 in Russian says 2022-07-29, its closing line 21 July 2022).
    adoption = _real_date(_attr(doc, "a:meta/a:identification/a:FRBRWork/a:FRBRdate[@name='adoption']", "date"))
    closing = _real_date(_attr(doc, "a:conclusions//a:docDate", "date"))
    date = closing or adoption
    if date is None:
        raise SkipFile("placeholder (0001-01-01) or missing adoption date in both FRBRWork and conclusions")
    if adoption and closing and adoption != closing:
        problems.append(warning(source_name, 0, f"FRBR adoption date {adoption} differs from the closing line's {closing}; took {closing}", "date-conflict"))
    number_el = _find(doc, "a:preface//a:docNumber")
    number = _fold(_text_of(number_el)).rstrip(".").strip() if number_el is not None else None
    title_el = _find(doc, "a:preface//a:docTitle")
    title = _fold(_text_of(title_el)) if title_el is not None else ""
    if not title:
        title_el = _find(doc, "a:coverPage//a:docTitle")
        title = _fold(_text_of(title_el)) if title_el is not None else symbol
    meta: dict = {
        "symbol": symbol,
        "type": "resolution",
        "body": organ,
    }
    if number:
        meta["number"] = number
    meta["title"] = title
    meta["date"] = date
    meeting_text = _meeting(doc)
    if meeting_text:
        meta["meeting"] = meeting_text
    session = _find(doc, "a:coverPage//a:session")
    if session is not None and _fold(_text_of(session)):
        meta["session"] = _fold(_text_of(session))
    item = _find(doc, "a:coverPage//a:inline[@name='agenda item']")
    item_name = _find(doc, "a:coverPage//a:inline[@name='agenda item name']")
    agenda = ": ".join(_fold(_text_of(x)) for x in (item, item_name) if x is not None and _fold(_text_of(x)))
    if agenda:
        meta["agenda_item"] = agenda
    meta["language"] = language
    meta["version"] = "adopted"
    meta["source"] = {"kind": "akn", "file": source_name}
    meta["acknowledgement"] = "un"
    akn: dict = {"frbr": {"work": work_uri, "expression": expr_uri}}
    keywords = []
    for kw in doc.xpath("a:meta/a:classification/a:keyword", namespaces={"a": NS}):
        entry = {"dictionary": kw.get("dictionary") or "", "value": kw.get("value") or ""}
        if kw.get("refersTo"):
            entry["refersTo"] = kw.get("refersTo")
        if kw.get("showAs") and kw.get("showAs") != entry["value"]:
            entry["showAs"] = kw.get("showAs")
        if entry not in keywords:
            keywords.append(entry)
    if keywords:
        akn["keywords"] = keywords
    steps = []
    for step in doc.xpath("a:meta/a:workflow/a:step", namespaces={"a": NS}):
        entry = {"outcome": step.get("outcome") or "", "date": _real_date(step.get("date"))}
        for key in ("as", "by"):
            value = _fold(step.get(key) or "").replace("\u200b", "")
            if value:
                entry[key] = value
        steps.append(entry)
    if steps:
        akn["workflow"] = steps
    voting = _find(doc, "a:meta/a:analysis/a:parliamentary/a:voting")
    if voting is not None:
        vote: dict = {k: v for k, v in voting.attrib.items() if v and k in ("outcome", "refersTo", "href")}
        for child in _kids(voting):
            value = child.get("value") or _fold(_text_of(child))
            if value:
                vote[_local(child)] = value
        if vote:
            akn["voting"] = vote
    meta["akn"] = akn
    return meta, problems


# --------------------------------------------------------------------------- conversion


def convert(path: Path, source_name: str | None = None, root: etree._Element | None = None) -> Imported:
    """Convert one AKN4UN file (``root``: its already parsed root); SkipFile says why a file cannot be imported."""
    path = Path(path)
    source_name = source_name or path.name
    root = parse_xml(path) if root is None else root
    if _local(root) != "akomaNtoso":
        raise SkipFile(f"unknown structure: root element <{_local(root)}> is not <akomaNtoso>")
    docs = _kids(root)
    if len(docs) != 1 or _local(docs[0]) != "statement":
        names = ", ".join(f"<{_local(d)}>" for d in docs)
        raise SkipFile(f"unknown structure: expected one <statement>, found {names} (a resolution in several parts is not supported)")
    doc = docs[0]
    meta, problems = metadata(doc, source_name)
    state = State(source_name, meta["language"])
    parts, annexes = sections(doc)
    for part, embedded in parts:
        tag = _local(part)
        if tag == "preamble":
            if embedded and state.embedded is None:
                state.embedded = (len(state.blocks) - 1, len(state.blocks), len(state.blocks))
            state.preamble(part, kind="pre", formula="text" if embedded else "formula")
        elif tag == "mainBody":
            state.body(_kids(part))
        else:
            state.conclusions(part, kind="text" if embedded else "closing")
        if embedded and state.embedded:
            state.embedded = (state.embedded[0], state.embedded[1], len(state.blocks) - 1)
    for d in annexes:
        state.annex(d, len(annexes))
    if not state.blocks:
        raise SkipFile("unknown structure: no preamble, body or annex text found")
    _mend_misprints(state.blocks)
    body = "\n\n".join(b.render() for b in state.blocks) + "\n"
    paragraphs, body_problems = parse_body(body, 1, "resolution", path=source_name)
    if len(paragraphs) != len(state.blocks):
        raise SkipFile(f"internal: {len(state.blocks)} blocks written but {len(paragraphs)} read back")
    anchors = [p.anchor for p in paragraphs]
    dup = sorted({a for a in anchors if anchors.count(a) > 1})
    if dup:
        raise SkipFile(f"unknown structure: numbering gives duplicate anchors {', '.join(dup[:5])}")
    akn = meta["akn"]
    numbers = {p.anchor: b.printed for p, b in zip(paragraphs, state.blocks) if b.printed}
    if numbers:
        akn["numbers"] = numbers
    links = {p.anchor: b.links for p, b in zip(paragraphs, state.blocks) if b.links}
    for key, value in state.footnote_links.items():
        links[f"fn-{key}"] = value
    if links:
        akn["links"] = links
    if state.embedded:
        host, first, last = state.embedded
        akn["embedded"] = {"host": anchors[host], "first": anchors[first], "last": anchors[last]}
    if state.footnotes:
        meta["footnotes"] = dict(state.footnotes)
    relpath = corpus_path(meta)
    text = render_file(meta, body)
    return Imported(path, text, relpath, meta, state.blocks, problems + [p for p in body_problems if p.is_error])


def corpus_path(meta: dict) -> Path:
    """``ga/2023/A-RES-78-224.adopted.fr.md``: organ folder, year of adoption, expression id."""
    organ = {"GA": "ga", "ECOSOC": "ecosoc"}[meta["body"]]
    return Path(organ) / meta["date"][:4] / f"{slug(meta.get('work') or meta['symbol'])}.{meta['version']}.{meta['language']}.md"


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # libyaml when present: 10x faster, same output
    """YAML that keeps key order and writes long strings on one line."""


def _str(dumper: yaml.SafeDumper, value: str):
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def render_file(meta: dict, body: str) -> str:
    """A corpus file: YAML front matter between ``---`` lines, a blank line, the body."""
    front = yaml.dump(meta, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1_000_000, default_flow_style=False)
    return f"---\n{front}---\n\n{body}"


# --------------------------------------------------------------------------- nothing lost


_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def _chars(text: str) -> str:
    return _NOT_WORD.sub("", text)


def source_text(path: Path, root: etree._Element | None = None) -> str:
    """Letters and digits of every text node of preamble, mainBody, conclusions and attachments (without their meta), in order."""
    doc = _kids(parse_xml(path) if root is None else root)[0]
    return _chars("".join(_itertext_without_meta(doc)))


def _itertext_without_meta(doc: etree._Element):
    parts, annexes = sections(doc)
    for el, _ in parts:
        yield from _walk_text(el)
    for el in annexes:
        yield from _walk_text(el)


def _walk_text(el: etree._Element):
    if not isinstance(el.tag, str) or _local(el) == "meta":
        return
    if el.text:
        yield el.text
    for child in el:
        if isinstance(child.tag, str):
            yield from _walk_text(child)
        if child.tail:
            yield child.tail


def output_text(doc: Document) -> str:
    """Letters and digits of a loaded document in reading order: numbers as printed, footnote texts at their markers.

    The annex part headings (``# Annex``) are the importer's own words and are left out.
    """
    printed = (doc.meta.get("akn") or {}).get("numbers") or {}

    def note(m: re.Match) -> str:
        fn = doc.footnotes.get(m.group(1))
        return f" {fn.text or ''} " if fn else m.group(0)

    order = []
    for p in doc.paragraphs:
        if p.kind == Kind.HEADING and p.heading_level == 1:
            continue
        number = printed.get(p.anchor) or p.number or ""
        order.append(number + " " + plain_text(re.sub(r"(?<!\\)\[\^([^\]\s]+)\]", note, p.markdown)))
    return _chars(" ".join(order))


def nothing_lost(xml_path: Path, corpus_text: str, corpus_name: str = "<import>", root: etree._Element | None = None) -> list[str]:
    """Differences between the XML's text and the corpus file's plain text; empty when nothing is lost or added.

    Compares the letters and digits (punctuation and spacing aside) of every
    text node of the preamble, body, annexes (without their metadata), notes and
    conclusions with the loaded document's paragraphs in order, footnote texts
    read at their markers and numbers as printed. The only text allowed in the
    output and not in the XML is the ``# Annex`` heading the importer writes.
    """
    doc, problems = load_document(Path(corpus_name), corpus_text)
    if doc is None:
        return [p.format() for p in problems if p.is_error] or ["corpus file could not be loaded"]
    want = source_text(xml_path, root)
    got = output_text(doc)
    if want == got:
        return []
    i = next((k for k in range(min(len(want), len(got))) if want[k] != got[k]), min(len(want), len(got)))
    return [f"text differs at letter {i}: XML has '…{want[max(0, i - 30):i + 30]}…', corpus has '…{got[max(0, i - 30):i + 30]}…'"]


# --------------------------------------------------------------------------- batch


@dataclass
class BatchResult:
    """What a batch import did: files written, files skipped (with reasons), problems."""

    written: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    imported: list[Imported] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.skipped and not any(p.is_error for p in self.problems)


def import_file(path: Path, source_name: str | None = None, check: bool = True) -> Imported:
    """Convert one file and prove nothing was lost; SkipFile when it cannot be imported faithfully."""
    root = parse_xml(path)
    imported = convert(path, source_name, root)
    if check:
        lost = nothing_lost(path, imported.text, str(imported.relpath), root)
        if lost:
            raise SkipFile("text lost or changed in conversion: " + "; ".join(lost))
    return imported


def import_batch(paths: list[Path], out: Path | None, force: bool = False, root: Path | None = None, check: bool = True) -> BatchResult:
    """Import every file; a file that fails is reported and the batch goes on.

    ``out`` is the corpus folder (None: convert and check only, write nothing).
    ``root`` makes ``source.file`` relative to it (e.g. the ``unxml`` folder).
    An existing corpus file is not overwritten unless ``force``.
    """
    result = BatchResult()
    for path in paths:
        path = Path(path)
        name = path.name
        if root is not None:
            try:
                name = path.resolve().relative_to(Path(root).resolve()).as_posix()
            except ValueError:
                pass
        try:
            imported = import_file(path, name, check=check)
        except SkipFile as exc:
            result.skipped.append((path, str(exc)))
            result.problems.append(error(path, 0, f"skipped: {exc}", "akn-skip"))
            continue
        result.problems += imported.problems
        result.imported.append(imported)
        if out is None:
            continue
        target = Path(out) / imported.relpath
        if target.exists() and not force:
            if target.read_text(encoding="utf-8") == imported.text:
                result.written.append(target)
                continue
            result.skipped.append((path, f"{target} exists; pass --force to overwrite it"))
            result.problems.append(error(path, 0, f"not written: {target} exists and differs; pass --force to overwrite it", "exists"))
            continue
        write_atomic(target, imported.text)
        result.written.append(target)
    return result
