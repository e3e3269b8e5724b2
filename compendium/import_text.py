"""Plain-text importer: a resolution or report as extracted from an official document -> corpus files.

The input is the shape of the texts in ``../shared/seeds``: Markdown-ish lines
with page-break artefacts. The output is one corpus file per expression (see
``docs/corpus-format.md``); a report that prints a draft resolution gives two
files, the report and the draft version of the resolution it became.

Stages (each a function below): ``_units`` reads lines and lifts footnote
texts out of the flow; ``_blocks`` joins the pieces of paragraphs split by a
page break (with hyphenation) and classifies each block; ``_resolution`` or
``_report`` lays the blocks out as a document. Nothing is dropped: text the
importer cannot place becomes a ``{.residual}`` block and a warning, and
``check_nothing_lost`` verifies every word of the input reaches the output in
order before anything is returned.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from compendium.files import write_atomic
from compendium.model import ORGAN_NAMES, Kind, Organ, slug
from compendium.problems import CompendiumError, Problem, error, warning

__all__ = [
    "ImportOptions",
    "ImportedFile",
    "import_text",
    "input_words",
    "output_words",
    "check_nothing_lost",
    "write_files",
    "import_files",
    "known_documents",
]

MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_SUP_CHARS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_DATE = re.compile(r"\b(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})\b")
_ROMAN = re.compile(r"^[IVXLC]+$")

# Footnote markers in running text: the broken form first, since it contains the plain one.
_BROKEN_SUP = re.compile(r"<sup>&</sup>lt;sup>\s*([\w*]+)\s*</sup>")
_SUP = re.compile(r"<sup>\s*([\w*]+)\s*</sup>")
_SUP_RUN = re.compile(f"[{_SUP_CHARS}]+")
# A footnote text at the foot of a page: marker at the start of the line, then the text.
_FOOTNOTE_LINE = re.compile(
    r"^\s*(?:<sup>&</sup>lt;sup>\s*(?P<a>[\w*]+)\s*</sup>|<sup>\s*(?P<b>[\w*]+)\s*</sup>"
    f"|(?P<c>[{_SUP_CHARS}]+)|(?P<d>\\*))\\s+(?P<text>\\S.*)$"
)

_ORGAN_PATTERNS = [
    (Organ.ECOSOC, r"ECOSOC|Economic and Social Council"),
    (Organ.GA, r"General Assembly"),
    (Organ.SC, r"Security Council"),
    (Organ.CCPCJ, r"Commission on Crime Prevention and Criminal Justice"),
]
_SYMBOL_PREFIX = {Organ.ECOSOC: "E/RES/", Organ.GA: "A/RES/", Organ.SC: "S/RES/", Organ.CCPCJ: "CCPCJ/RES/"}
_SERIES_ORGAN = [("E/CN.15/", Organ.CCPCJ), ("E/RES/", Organ.ECOSOC), ("E/", Organ.ECOSOC),
                 ("A/RES/", Organ.GA), ("A/", Organ.GA), ("S/", Organ.SC), ("CCPCJ/", Organ.CCPCJ)]
_FOLDER = {Organ.ECOSOC: "ecosoc", Organ.GA: "ga", Organ.SC: "sc", Organ.CCPCJ: "ccpcj", Organ.OTHER: "other"}

_FORMULA = re.compile(r"^\**\s*The (Economic and Social Council|General Assembly|Security Council"
                      r"|Commission on [A-Z][\w ]+?)\**\s*,\s*\**$")
_CLOSING = re.compile(r"^\**\s*\d+\s*(?:st|nd|rd|th)\s+(?:plenary\s+)?meeting\b", re.I)
_DATE_ONLY = re.compile(r"^\**\s*\d{1,2} [A-Z][a-z]+ \d{4}\s*\**$")
_OP = re.compile(r"^(?:[-+]\s+)?(\d+)\.\s+(\S.*)$")
_SUB = re.compile(r"^(?:[-+]\s+)?\(([a-z]{1,3})\)\s+(\S.*)$")
_DOCNUM = re.compile(r"^(\d{1,4}/\d+(?:\s*\([A-Z]+\))?)\.\s+(\S.*)$")
_RES_HEADING = re.compile(r"^(?:(?P<organ>ECOSOC|Economic and Social Council|General Assembly|GA)\s+)?"
                          r"[Rr]esolution\s+(?P<num>\d{1,4}/\d+)$")
_ADOPTED_BY = re.compile(r"^Resolution adopted by the (General Assembly|Economic and Social Council|Security Council)"
                         r"(?: on (\d{1,2} [A-Z][a-z]+ \d{4}))?$")
_SYMBOL_LINE = re.compile(r"^(?:A|E|S|CCPCJ)(?:/[A-Z0-9.()-]+)+$")
_SECTION = re.compile(r"^([IVXLC]+)\.\s+(\S.*)$")
_SUBSECTION = re.compile(r"^([A-Z])\.\s+(\S.*)$")
_ANNEX = re.compile(r"^Annex(?:\s+([IVXLC]+))?\.?$", re.I)
_DRAFT_LABEL = re.compile(r"^(?:Revised |Proposed )?[Dd]raft (?:resolution|decision)(?:\s+[IVXLC]+|\s+[A-Z])?$")
_TERMINAL = ".,;:!?\"”’]"
_SUSPENDED_BEFORE = ("and", "or", "nor", "to")
"""Words after which a line-end hyphen is a suspended hyphen (``pre- and post-conflict``), not a break."""


@dataclass
class ImportOptions:
    """What the text does not say, given on the command line (or by a test)."""

    symbol: str | None = None
    """Symbol of the (first) document: needed for reports, whose symbol is not printed in the extract."""
    version: str | None = None
    """Version of the main document (default ``adopted``)."""
    language: str = "en"
    source_file: str | None = None
    """Name recorded as ``source.file`` (default: the file's own name)."""
    draft_of: list[str] = field(default_factory=list)
    """Symbols of the resolutions the drafts printed in a report became, in order."""
    known: list[dict] = field(default_factory=list)
    """Front matter of corpus documents, to find by title which resolution a draft became."""


@dataclass
class ImportedFile:
    """One corpus file produced by the importer."""

    relpath: str
    """Path below the corpus root (``ecosoc/2004/E-RES-2004-28.adopted.en.md``)."""
    front: dict
    """Front matter, in the order written."""
    body: str
    """The Markdown body."""
    problems: list[Problem] = field(default_factory=list)
    """Warnings about this file, at lines of the source text."""

    @property
    def doc_id(self) -> str:
        """The expression id (``E-RES-2004-28.draft.en``)."""
        return Path(self.relpath).name[: -len(".md")]

    @property
    def content(self) -> str:
        """The whole file: front matter between ``---`` lines, a blank line, the body."""
        return f"---\n{dump_front_matter(self.front)}---\n\n{self.body}\n"


@dataclass
class _Unit:
    """One non-blank source line, after footnote texts are lifted out."""

    line: int
    text: str


@dataclass
class _Footnote:
    marker: str
    text: str
    line: int


@dataclass
class _Block:
    """A paragraph (or heading, line of a table ...) after page-break pieces are joined."""

    line: int
    text: str
    kind: str
    """formula, closing, op, sub, section, subsection, annex, label, docheading, table, text."""
    number: str | None = None
    rest: str = ""
    lines: list[str] = field(default_factory=list)
    """The printed lines of the block (a closing line printed on two lines keeps both)."""


# --------------------------------------------------------------------------- inline


def _inline(text: str, star_marker: bool) -> str:
    """Footnote markers in every printed form become ``[^N]``; ``<i>``/``<b>`` become Markdown."""
    text = _BROKEN_SUP.sub(lambda m: f"[^{m.group(1)}]", text)
    text = _SUP.sub(lambda m: f"[^{m.group(1)}]", text)
    text = _SUP_RUN.sub(lambda m: f"[^{m.group(0).translate(_SUPERSCRIPT)}]", text)
    text = re.sub(r"</?(?:i|em)>", "*", text)
    text = re.sub(r"</?(?:b|strong)>", "**", text)
    if star_marker and _single_stars(text) % 2 == 1:
        hits = list(re.finditer(r"(?<=[\w.,;:)])\*(?=\s|$)", text))
        if hits:
            m = hits[-1]
            text = text[: m.start()] + "[^*]" + text[m.end():]
    return text


def _single_stars(text: str) -> int:
    return len(re.findall(r"(?<![*\\])\*(?!\*)", text))


def _bare(text: str) -> str:
    """The text without emphasis, footnote refs and surrounding spaces (for classification)."""
    text = re.sub(r"\[\^[^\]]+\]|<sup>.*?</sup>", "", text)
    text = _SUP_RUN.sub("", text)
    # A star between two letters separates words (a stray mark in the extract): keep them two words.
    return re.sub(r"(?<=\w)\*+(?=\w)", " ", text).replace("*", "").strip()


# --------------------------------------------------------------------------- stage 1: units


def _units(text: str) -> tuple[list[_Unit], list[_Footnote]]:
    """Non-blank lines in order, with footnote texts at the foot of pages lifted out."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    star_refs = any(re.search(r"[\w.,;:)]\*(\s|$)", ln) and _single_stars(ln) % 2 == 1
                    for ln in lines if not ln.lstrip().startswith("* "))
    units: list[_Unit] = []
    notes: list[_Footnote] = []
    open_note: _Footnote | None = None  # a footnote text that may go on on the next line
    for i, raw in enumerate(lines, start=1):
        line = raw.rstrip()
        if not line.strip():
            open_note = None
            continue
        m = _FOOTNOTE_LINE.match(line)
        if m and (m.group("d") is None or star_refs):
            marker = (m.group("a") or m.group("b") or m.group("c") or m.group("d")).translate(_SUPERSCRIPT)
            open_note = _Footnote(marker, m.group("text").strip(), i)
            notes.append(open_note)
            continue
        if open_note and not open_note.text.endswith(".") and _classify(line.strip())[0] == "text":
            open_note.text += " " + line.strip()  # a footnote text printed on two lines
            continue
        open_note = None
        units.append(_Unit(i, line.strip()))
    return units, notes


# --------------------------------------------------------------------------- stage 2: blocks


def _classify(text: str) -> tuple[str, str | None, str]:
    """What a block is from how it starts: (kind, number as printed, the text after the number)."""
    if "\t" in text:
        return "table", None, text
    md = re.match(r"^(#{1,6})\s+(.*)$", text)
    bare = _bare(md.group(2) if md else text)
    bold = re.fullmatch(r"\*\*(.+)\*\*", text.strip())
    if _FORMULA.match(text):
        return "formula", None, text
    if _CLOSING.match(text):
        return "closing", None, text
    if _ANNEX.match(bare):
        return "annex", None, bare
    m = _SECTION.match(bare)
    if m and (md or not bare.endswith((".", ";", ",", ":"))):
        return "section", m.group(1) + ".", m.group(2)
    m = _SUBSECTION.match(bare)
    if m and (md or (not bare.endswith((".", ";", ",", ":")) and len(bare.split()) <= 20)):
        return "subsection", m.group(1) + ".", m.group(2)
    if md or bold:
        return "docheading", None, bare
    if _DOCNUM.match(text):
        return "docheading", None, bare
    if _DRAFT_LABEL.match(bare):
        return "label", None, bare
    m = _OP.match(text)
    if m:
        return "op", m.group(1) + ".", m.group(2)
    m = _SUB.match(text)
    if m:
        return "sub", f"({m.group(1)})", m.group(2)
    return "text", None, text


def _terminal(text: str) -> bool:
    bare = _bare(text)
    return bool(bare) and bare[-1] in _TERMINAL


def _starts_lower(text: str) -> bool:
    bare = re.sub(r"^[\s*\"“‘']+", "", _bare(text))
    return bool(bare) and bare[0].islower()


def _lexicon(text: str) -> set[str]:
    """Every word of the document, lower-cased, with its in-line hyphens (``peace-keeping``)."""
    words: set[str] = set()
    for line in text.split("\n"):
        for w in re.findall(r"\w+(?:-\w+)*", line):
            words.add(w.lower())
    return words


def _join_hyphen(left: str, right: str, lexicon: set[str]) -> tuple[str, str | None]:
    """Join ``inter-`` + ``national``: keep the hyphen when the document prints the word hyphenated mid-line."""
    head = re.search(r"(\w+)-$", left).group(1)
    tail_m = re.match(r"^(\W*)(\w+)", right)
    tail = tail_m.group(2) if tail_m else ""
    hyphenated, closed = f"{head}-{tail}".lower(), f"{head}{tail}".lower()
    if tail.lower() in _SUSPENDED_BEFORE:  # "pre- and post-conflict"
        return left + " " + right, None
    if hyphenated in lexicon and closed not in lexicon:
        return left + right, None
    if closed in lexicon:
        return left[:-1] + right, None
    if tail[:1].isupper():
        return left + right, None
    note = f"hyphenation of '{head}-/{tail}' is not decided by the document's own words; joined as '{head}{tail}'"
    return left[:-1] + right, note


def _blocks(units: list[_Unit], lexicon: set[str], path: str, problems: list[Problem],
            no_merge: set[int], lower_only: set[int], star_marker: bool) -> list[_Block]:
    """Join pieces of one paragraph split by a page break (or soft-wrapped), then classify."""
    blocks: list[_Block] = []
    subs: list[str] = []  # the sub-paragraph labels since the last numbered paragraph
    for u in units:
        text = _inline(u.text, star_marker)
        kind, number, rest = _classify(text)
        prev = blocks[-1] if blocks else None
        if kind == "sub" and prev and not _terminal(prev.text) and not _expected_sub(number.strip("()"), subs):
            kind = "text"  # "... paragraph 7" / "(c) thereof": a reference split by a break, not a sub-paragraph
        if kind == "op":
            subs = []
        elif kind == "sub":
            subs.append(number.strip("()"))
        if prev and prev.kind == "closing" and kind == "text" and _DATE_ONLY.match(text) and not _DATE.search(prev.text):
            prev.text += " " + text
            prev.lines.append(text)
            continue
        if (prev and kind == "text" and u.line not in no_merge and prev.kind in {"op", "sub", "text"}
                and not _terminal(prev.text)
                and (_starts_lower(text) or (u.line not in lower_only and len(prev.text.split()) >= 8
                                             and not _bare(prev.text).endswith(")")))):
            if re.search(r"\w-$", prev.text):
                joined, note = _join_hyphen(prev.text, text, lexicon)
                if note:
                    problems.append(warning(path, u.line, note, "hyphenation"))
            else:
                joined = prev.text + " " + text
            prev.text = joined
            prev.rest = _classify(joined)[2] if prev.kind != "text" else joined
            prev.lines = [joined]
            continue
        blocks.append(_Block(u.line, text, kind, number, rest, [text]))
    _letters_after_letters(blocks)
    return blocks


def _expected_sub(label: str, seen: list[str]) -> bool:
    """Whether ``(label)`` can come next after the sub-paragraphs ``seen``: a first one, or a successor."""
    from compendium.load import next_letter, next_roman  # late: the loader imports the data files

    if label in {"a", "i"}:
        return True
    letters = [x for x in seen if not re.fullmatch(r"[ivx]+", x) or x == "i" and "h" in seen]
    romans = [x for x in seen if re.fullmatch(r"[ivx]+", x)]
    return (bool(letters) and label == next_letter(letters[-1])) or (bool(romans) and label == next_roman(romans[-1]))


def _letters_after_letters(blocks: list[_Block]) -> None:
    """``C.`` after ``B.`` is subsection C, not section 100 (``I.``, ``V.``, ``X.``, ``L.``, ``C.`` are both)."""
    last: str | None = None
    for b in blocks:
        if b.kind == "subsection":
            last = b.number[0]
        elif b.kind == "section":
            if len(b.number) == 2 and last and ord(b.number[0]) == ord(last) + 1:
                b.kind, last = "subsection", b.number[0]
            else:
                last = None


# --------------------------------------------------------------------------- stage 3: documents


@dataclass
class _Doc:
    """A document being laid out."""

    front: dict
    out: list[str] = field(default_factory=list)
    markers: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.out.append(text)
        for m in re.findall(r"\[\^([^\]]+)\]", text):
            if m not in self.markers:
                self.markers.append(m)

    def residual(self, block: _Block, path: str, why: str) -> None:
        self.add(f"{_escape_start(block.text)}\n{{.residual}}")
        self.problems.append(warning(path, block.line, f"{why}; kept as a residual block", "residual"))


def _escape_start(text: str) -> str:
    """Escape what would make a block start look like a number, sub-paragraph or heading."""
    text = re.sub(r"^(\d+)\.(\s)", r"\1\\.\2", text)
    text = re.sub(r"^\(", r"\\(", text)
    text = re.sub(r"^#", r"\\#", text)
    return re.sub(r"^([-+])(\s)", r"\\\1\2", text)


def _organ_in(text: str) -> Organ | None:
    for organ, pattern in _ORGAN_PATTERNS:
        if re.search(pattern, text):
            return organ
    return None


def _iso(text: str) -> str | None:
    m = _DATE.search(_bare(text))
    if not m:
        return None
    return f"{m.group(3)}-{MONTHS.index(m.group(2)) + 1:02d}-{int(m.group(1)):02d}"


def _prefix_words(front: dict) -> list[str]:
    """The words a printed heading may contribute through front matter (organ, type, number, title)."""
    parts = [front.get("symbol") or ""]
    if front.get("body"):
        parts += [front["body"], ORGAN_NAMES.get(Organ(front["body"]), "")]
    parts += [front.get("version") or "", front.get("type") or "", front.get("number") or "", front.get("title") or ""]
    return _words(" ".join(str(p) for p in parts))


def _sub_indent(number: str, prev_letters: list[str]) -> int:
    """Level of a sub-paragraph: 1 for letters, 2 for roman numerals (``(i)`` after ``(h)`` is a letter)."""
    label = number.strip("()")
    if re.fullmatch(r"[ivxlc]+", label):
        previous = prev_letters[-1] if prev_letters else None
        if not (previous and len(previous) == 1 and ord(label[0]) == ord(previous) + 1 and len(label) == 1):
            return 2
    return 1


def _resolution(blocks: list[_Block], doc: _Doc, path: str, own_symbol: bool = True) -> None:
    """Lay out a resolution: heading lines into front matter, formula, preamble, operative part, closing.

    ``own_symbol`` is False for a draft in a report: a symbol printed over it is the draft's
    document symbol, not the resolution's, and stays in the body.
    """
    front = doc.front
    i = 0
    heading: list[_Block] = []
    while i < len(blocks) and blocks[i].kind != "formula":
        heading.append(blocks[i])
        i += 1
    has_formula = i < len(blocks)
    if not has_formula:  # no formula: nothing can be told about the structure
        heading, i = [], 0
    untitled = []
    for b in heading:
        bare = _bare(re.sub(r"^#+\s*", "", b.text))
        m = _RES_HEADING.match(bare)
        d = _DOCNUM.match(bare)
        a = _ADOPTED_BY.match(bare)
        if m:
            if m.group("organ"):
                front.setdefault("body", _organ_in(m.group("organ")).value if m.group("organ") != "GA" else "GA")
            front.setdefault("number", m.group("num"))
        elif d:
            front.setdefault("number", re.sub(r"\s+", " ", d.group(1)))
            front.setdefault("title", d.group(2).strip())
        elif a:
            front.setdefault("body", _organ_in(a.group(1)).value)
            if a.group(2):
                front["date"] = _iso(a.group(2))
        elif _SYMBOL_LINE.match(bare):
            if own_symbol:
                front.setdefault("symbol", bare)
        elif b.kind == "label":
            front.setdefault("version", "draft")
            if "decision" in bare.lower():
                front["type"] = "decision"
        elif b.kind in {"docheading", "text"}:
            untitled.append(bare)
    if untitled and "title" not in front:
        front["title"] = untitled[0]
    if has_formula:
        organ = _organ_in(blocks[i].text)
        if organ:
            front.setdefault("body", organ.value)
    prefix = _prefix_words(front)
    # Heading lines whose words the front matter keeps are not repeated in the body; from the
    # first line it does not keep on, the printed lines stay in the body (their order matters).
    keep = False
    consumed: list[str] = []
    for b in heading:
        consumed += _md_words(re.sub(r"^#+\s", "", b.text))
        keep = keep or not _is_subsequence(consumed, prefix)
        if keep:
            doc.add(f"{_escape_start(b.text)}\n{{.text}}")
    if has_formula:
        doc.add(f"{blocks[i].text}\n{{.formula}}")
        i += 1
    part = "preamble"
    letters: list[str] = []
    for b in blocks[i:]:
        if b.kind == "closing":
            doc.add("\n".join(b.lines) + "\n{.closing}")
            m = re.match(r"^\**\s*(\d+\s*(?:st|nd|rd|th)\s+(?:plenary\s+)?meeting)", b.text, re.I)
            front.setdefault("meeting", m.group(1))
            iso = _iso(b.text)
            if iso:
                front.setdefault("date", iso)
            part = "closed"
        elif b.kind == "annex":
            doc.add(f"# {b.rest}")
            part = "annex"
        elif part == "closed":
            doc.residual(b, path, "text after the closing line")
        elif b.kind == "section":
            doc.add(f"## {b.number} {b.rest}")
            part = "operative" if part == "preamble" else part
        elif b.kind == "subsection":
            doc.add(f"### {b.number} {b.rest}")
        elif b.kind == "op":
            doc.add(f"{b.number} {b.rest}")
            letters = []
            part = "operative" if part == "preamble" else part
        elif b.kind == "sub":
            level = _sub_indent(b.number, letters)
            if level == 1:
                letters.append(b.number.strip("()"))
            doc.add("    " * level + f"{b.number} {b.rest}")
        elif b.kind in {"docheading", "label"}:
            doc.add("#### " + _bare(re.sub(r"^#+\s*", "", b.text)))
        elif part == "preamble" and b.kind == "text":
            doc.add(b.text)
        elif part == "annex":
            doc.add(f"{_escape_start(b.text)}\n{{.text}}")
        else:
            doc.residual(b, path, f"{b.kind} block among the operative paragraphs")


def _report(blocks: list[_Block], doc: _Doc, path: str) -> list[tuple[list[_Block], str | None, int]]:
    """Lay out a report; return the drafts printed in it: (blocks, report paragraph, index of the embedded block)."""
    front = doc.front
    drafts: list[tuple[list[_Block], str | None, int]] = []
    zone = "cover"
    last_para = 0
    chapter = 0
    in_list = False
    list_last = 0
    current_para: str | None = None
    cover: list[_Block] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if zone == "cover" and (b.kind == "section" or (b.kind == "op" and b.number == "1.")):
            zone = "body"
        if zone == "cover":
            cover.append(b)
            doc.add(f"{_escape_start(_cells(b.text))}\n{{.text}}")
            i += 1
            continue
        j = i
        while j < len(blocks) and blocks[j].kind in {"label", "text", "docheading"} and j - i < 4:
            j += 1
        if zone == "body" and b.kind in {"label", "formula"} and j < len(blocks) and blocks[j].kind == "formula":
            heading = blocks[i:j]
            k = j + 1
            draft_last = 0
            while k < len(blocks):
                c = blocks[k]
                if c.kind == "annex" or (c.kind == "section" and _roman(c.number) == chapter + 1):
                    break
                if c.kind == "op":
                    n = int(c.number[:-1])
                    if n == last_para + 1 and (n != draft_last + 1 or not _operative_opening(c.rest)):
                        break
                    draft_last = n
                k += 1
            drafts.append((blocks[i:k], current_para, len(doc.out)))
            label = "\n".join(_bare(h.text) for h in heading)
            doc.add(label + "\n{.embedded ref=\"\"}" if label else "{.embedded ref=\"\"}")
            i = k
            continue
        if b.kind == "section":
            doc.add(f"## {b.number} {b.rest}")
            chapter = _roman(b.number) or chapter
            in_list = False
        elif b.kind == "subsection":
            doc.add(f"### {b.number} {b.rest}")
            in_list = False
        elif b.kind == "annex":
            doc.add(f"# {b.rest}")
            zone = "annex"
        elif zone == "body" and b.kind == "op":
            n = int(b.number[:-1])
            if n == last_para + 1 and not (in_list and n == list_last + 1):
                doc.add(f"{b.number} {b.rest}")
                last_para, current_para, in_list = n, f"para-{n}", False
            else:
                in_list, list_last = True, n
                doc.add(f"{_escape_start(b.text)}\n{{.text}}")
        elif zone == "body" and b.kind == "sub" and not in_list and current_para:
            doc.add(f"    {b.number} {b.rest}")
        else:
            doc.add(f"{_escape_start(_cells(_strip_list_dash(b.text)))}\n{{.text}}")
        i += 1
    for b in cover:
        bare = _bare(b.text)
        if "date" not in front and _DATE_ONLY.match(bare):
            front["date"] = _iso(bare)
        elif "session" not in front and re.fullmatch(r"[A-Z][a-z-]+ session", bare):
            front["session"] = bare
        elif "agenda_item" not in front and re.match(r"^Items? \d+.* agenda$", bare):
            front["agenda_item"] = bare
        elif "symbol" not in front and _SYMBOL_LINE.match(bare):
            front["symbol"] = bare
    titled = [b for b in cover if b.kind == "text" and not _DATE_ONLY.match(_bare(b.text))]
    contents = next((k for k, b in enumerate(titled) if _bare(b.text) == "Contents"), len(titled))
    if contents:
        front.setdefault("title", _bare(titled[contents - 1].text))
    return drafts


def _operative_opening(text: str) -> bool:
    """True when a paragraph opens with an operative verb (*Requests*, *Decides* ...), as in a resolution."""
    from compendium.lexicon import opening_phrase  # late: the lexicon loads its data file

    return opening_phrase(_bare(text), Kind.OPERATIVE) is not None


def _strip_list_dash(text: str) -> str:
    return re.sub(r"^[-+]\s+(?=\(|\d)", "", text)


def _cells(text: str) -> str:
    """A line of a table keeps its cells, separated by `` | `` instead of tabs."""
    return re.sub(r"\s*\t\s*", " | ", text) if "\t" in text else text


def _roman(number: str | None) -> int:
    if not number:
        return 0
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    label = number.rstrip(".")
    if not _ROMAN.match(label):
        return 0
    total = 0
    for k, ch in enumerate(label):
        v = values[ch]
        total += -v if k + 1 < len(label) and values[label[k + 1]] > v else v
    return total


# --------------------------------------------------------------------------- footnotes and front matter


def _assign_footnotes(docs: list[_Doc], notes: list[_Footnote], spans: list[list[tuple[int, int]]],
                      path: str) -> None:
    """Give each footnote text to the document that references its marker nearest before it."""
    for note in notes:
        owner = None
        best = -1
        for d, doc in enumerate(docs):
            if note.marker not in doc.markers:
                continue
            for start, end in spans[d]:
                if start <= note.line and start > best:
                    owner, best = d, start
        if owner is None:
            owner = next((d for d, doc in enumerate(docs) if note.marker in doc.markers), None)
        if owner is None:
            doc = docs[0]
            doc.out.append(f"{_escape_start(note.marker + ' ' + note.text)}\n{{.residual}}")
            doc.problems.append(warning(path, note.line, f"footnote '{note.marker}' is referenced nowhere; "
                                        "kept as a residual block", "residual"))
            continue
        fns = docs[owner].front.setdefault("footnotes", {})
        if note.marker in fns and fns[note.marker] != note.text:
            docs[owner].out.append(f"{_escape_start(note.marker + ' ' + note.text)}\n{{.residual}}")
            docs[owner].problems.append(warning(path, note.line, f"a second text for footnote '{note.marker}'; "
                                                "kept as a residual block", "residual"))
            continue
        fns[note.marker] = note.text
    for doc in docs:
        fns = doc.front.get("footnotes", {})
        ordered = {}
        for m in doc.markers:
            ordered[m] = fns[m] if m in fns else {"missing": True}
        if ordered:
            doc.front["footnotes"] = ordered
        else:
            doc.front.pop("footnotes", None)


_KEY_ORDER = ["symbol", "work", "type", "body", "number", "title", "date", "meeting", "session",
              "agenda_item", "language", "version", "source", "categories", "topics", "footnotes",
              "paragraphs", "acknowledgement", "akn"]


def dump_front_matter(front: dict) -> str:
    """YAML front matter in the corpus's key order: mappings and lists in flow style, footnotes one per line."""
    out = []
    for key in sorted(front, key=lambda k: _KEY_ORDER.index(k) if k in _KEY_ORDER else len(_KEY_ORDER)):
        value = front[key]
        if key in {"footnotes", "paragraphs"} and isinstance(value, dict) and value:
            out.append(f"{key}:\n")
            out += ["  " + _yaml_pair(str(k), v) for k, v in value.items()]
        else:
            out.append(_yaml_pair(key, value))
    return "".join(out)


def _yaml_pair(key: str, value: object) -> str:
    if key == "date" and isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return f"date: {value}\n"
    if isinstance(value, (dict, list)):
        flow = yaml.safe_dump(value, default_flow_style=True, sort_keys=False, allow_unicode=True, width=100000)
        return f"{_yaml_key(key)}: {flow.strip()}\n"
    return yaml.safe_dump({key: value}, default_flow_style=False, sort_keys=False, allow_unicode=True, width=100000)


def _yaml_key(key: str) -> str:
    return yaml.safe_dump(key, default_style=None).splitlines()[0].removesuffix(" ...").strip()


# --------------------------------------------------------------------------- nothing lost


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).replace("-", "")
    return [w.casefold() for w in re.findall(r"\w+", text)]


def _md_words(markdown: str) -> list[str]:
    """Words of corpus Markdown as a reader meets them: a footnote reference counts as its marker."""
    return _words(re.sub(r"\[\^([^\]]+)\]", r" \1 ", markdown))


def _is_subsequence(needle: list[str], hay: list[str]) -> bool:
    it = iter(hay)
    return all(w in it for w in needle)


def _input_tokens(text: str) -> tuple[list[list[list[str]]], list[tuple[str, list[str]]]]:
    """Words of the source, each as its possible readings; and each footnote text with its marker.

    A word hyphenated at a line end reads joined (``inter-``/``national`` =
    ``international``) or, where the importer found no continuation, as two
    words. Markup is not words (``<sup>`` tags, the broken ``&lt;sup>`` form,
    ``*``), and hyphens count as nothing, so ``socio-economic`` =
    ``socioeconomic`` on both sides.
    """
    units, notes = _units(text)
    running = "\n".join(u.text for u in units)
    running = _BROKEN_SUP.sub(r" \1 ", running)
    running = re.sub(r"<[^>]+>", " ", running)
    running = _SUP_RUN.sub(lambda m: f" {m.group(0).translate(_SUPERSCRIPT)} ", running)
    running = re.sub(r"(\w)-\n(?!(?:" + "|".join(_SUSPENDED_BEFORE) + r")\b)", "\\1\x01", running)
    segments = running.split("\x01")
    tokens: list[list[list[str]]] = []
    chain: list[str] = []
    for i, segment in enumerate(segments):
        words = _words(segment)
        ends_at_join = i + 1 < len(segments)
        if chain:
            if words:
                chain.append(words.pop(0))
                if not words and ends_at_join:
                    continue  # "a-" / "b-" / "c": the chain goes on over the next line end
            tokens.append(_readings(chain))
            chain = []
        if ends_at_join and words:
            chain = [words.pop()]
        tokens += [[[w]] for w in words]
    if chain:
        tokens.append(_readings(chain))
    return tokens, [(n.marker, _words(n.text)) for n in notes]


def _readings(parts: list[str]) -> list[list[str]]:
    """Every way of joining the parts of a word hyphenated over line ends, all joined first."""
    if len(parts) > 6:
        return [["".join(parts)], parts]
    out = []
    for mask in range(2 ** (len(parts) - 1)):
        words = [parts[0]]
        for k, part in enumerate(parts[1:]):
            if mask >> k & 1:
                words.append(part)
            else:
                words[-1] += part
        out.append(words)
    return out


def input_words(text: str) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """The words of a source text, hyphenation across lines joined: (running text, footnote texts by marker)."""
    tokens, notes = _input_tokens(text)
    return [w for token in tokens for w in token[0]], notes


def output_words(files: list[ImportedFile]) -> tuple[list[str], dict[str, list[list[str]]]]:
    """The words of imported files as a reader meets them: (running text, footnotes by marker).

    Each top-level file contributes the words its front matter keeps from the
    printed heading (organ, version, type, number, title), then its body; an
    ``{.embedded}`` block is followed by the body of the file it refers to.
    Footnote references count as their marker.
    """
    by_id = {f.doc_id: f for f in files}
    embedded = {ref for f in files for ref in re.findall(r'\{\.embedded ref="([^"]+)"\}', f.body)}

    def body_words(f: ImportedFile) -> list[str]:
        words: list[str] = []
        for block in f.body.split("\n\n"):
            ref = re.search(r'\{\.embedded ref="([^"]+)"\}', block)
            words += _md_words(re.sub(r"(?m)^\{[.#][^}]*\}$", "", block))
            if ref and ref.group(1) in by_id:
                words += body_words(by_id[ref.group(1)])
        return words

    running: list[str] = []
    notes: dict[str, list[list[str]]] = {}
    for f in files:
        for marker, text in (f.front.get("footnotes") or {}).items():
            if isinstance(text, str):
                notes.setdefault(str(marker), []).append(_words(text))
        if f.doc_id not in embedded:
            running += _prefix_words(f.front) + body_words(f)
    return running, notes


def check_nothing_lost(text: str, files: list[ImportedFile], path: str) -> list[Problem]:
    """Errors for words of the source that do not reach the output in order (empty when nothing is lost)."""
    tokens, notes = _input_tokens(text)
    out, out_notes = output_words(files)
    problems = []
    pos = 0
    for k, token in enumerate(tokens):
        best = None
        for reading in token:
            p = pos
            try:
                for w in reading:
                    p = out.index(w, p) + 1
            except ValueError:
                continue
            best = p if best is None else min(best, p)
        if best is None:
            context = " ".join(w for t in tokens[max(0, k - 5): k + 5] for w in t[0])
            problems.append(error(path, 1, f"importer lost the word '{' '.join(token[0])}' (near: {context}); "
                                  "please report this input", "lost"))
            break
        pos = best
    for marker, note in notes:
        # A footnote no marker refers to is kept in the body as a residual block.
        if not any(_is_subsequence(note, cand) for cand in out_notes.get(marker, [])) and not _is_subsequence(note, out):
            problems.append(error(path, 1, f"importer lost the text of footnote '{marker}'", "lost"))
    return problems


# --------------------------------------------------------------------------- entry points


def import_text(text: str, *, source_file: str, options: ImportOptions | None = None) -> list[ImportedFile]:
    """Convert one extracted text into corpus files (one, or a report and the drafts printed in it).

    Raises ``CompendiumError`` when the text cannot be imported honestly (an
    empty text, a report without ``--symbol``, a draft whose resolution is
    unknown) or when the self-check finds a word of the input missing from the
    output. Warnings (residual blocks, undecided hyphenation) are on the files.
    """
    options = options or ImportOptions()
    path = source_file
    units, notes = _units(text)
    if not units:
        raise CompendiumError([error(path, 1, "no text to import (the file is empty or holds only footnotes)", "empty")])
    star_marker = any(n.marker == "*" for n in notes)
    probe = [(_classify(_inline(u.text, star_marker))[0], u) for u in units]
    kinds = [k for k, _ in probe]
    is_report = "formula" not in kinds or ("op" in kinds and kinds.index("op") < kinds.index("formula"))
    problems: list[Problem] = []
    no_merge, lower_only = _merge_limits(probe, is_report)
    blocks = _blocks(units, _lexicon(text), path, problems, no_merge, lower_only, star_marker)
    source = {"kind": "seed", "file": options.source_file or Path(source_file).name}
    if is_report:
        docs, spans = _report_documents(blocks, options, path, source)
    else:
        docs, spans = [_resolution_document(blocks, options, path, source)], [[(1, 10**9)]]
    ids = [f"{slug(d.front['symbol'])}.{d.front['version']}.{d.front['language']}" for d in docs]
    if len(set(ids)) < len(ids):
        raise CompendiumError([error(path, 1, "two documents of this text would be the same corpus file "
                                     f"({', '.join(sorted(i for i in ids if ids.count(i) > 1))}); give each draft "
                                     "its own --draft-of", "duplicate")])
    _assign_footnotes(docs, notes, spans, path)
    files = []
    for doc in docs:
        if not doc.front.get("title"):
            doc.problems.append(warning(path, 1, f"no title found for {doc.front['symbol']}; write it in the front "
                                        "matter", "no-title"))
        front = {k: doc.front[k] for k in sorted(doc.front, key=lambda k: _KEY_ORDER.index(k))}
        files.append(ImportedFile(_relpath(front), front, "\n\n".join(doc.out), doc.problems))
    files[0].problems[:0] = problems
    lost = check_nothing_lost(text, files, path)
    if lost:
        raise CompendiumError(lost)
    return files


def _merge_limits(probe: list[tuple[str, _Unit]], is_report: bool) -> tuple[set[int], set[int]]:
    """Lines that never continue the block before, and lines that continue it only in lower case.

    A report's cover page and annex are printed line by line. Heading lines
    before an enacting formula are too, except a title wrapped over two lines.
    """
    no_merge: set[int] = set()
    if is_report:
        body_start = next((u.line for k, u in probe if k == "section" or (k == "op" and u.text.startswith("1."))), None)
        annex_start = next((u.line for k, u in probe if k == "annex" and body_start and u.line > body_start), None)
        no_merge = {u.line for _, u in probe
                    if body_start is None or u.line < body_start or (annex_start and u.line > annex_start)}
    formulas = [n for n, (k, _) in enumerate(probe) if k == "formula"]
    lower_only = {u.line for n, (_, u) in enumerate(probe)
                  if (not is_report and formulas and n < formulas[0]) or any(0 < f - n <= 3 for f in formulas)}
    return no_merge, lower_only


def _resolution_document(blocks: list[_Block], options: ImportOptions, path: str, source: dict) -> _Doc:
    """A resolution text: symbol from the option, a printed symbol line, or organ and number."""
    doc = _Doc({"type": "resolution"})
    if options.version:
        doc.front["version"] = options.version
    if options.symbol:
        doc.front["symbol"] = options.symbol
    _resolution(blocks, doc, path)
    body, number = doc.front.get("body"), doc.front.get("number")
    symbol = doc.front.get("symbol") or (f"{_SYMBOL_PREFIX[Organ(body)]}{number}" if body and number and
                                         Organ(body) in _SYMBOL_PREFIX else None)
    if not symbol:
        raise CompendiumError([error(path, 1, "neither the organ and number of the resolution nor --symbol is "
                                     "given; pass --symbol", "no-symbol")])
    doc.front.update(symbol=symbol, language=options.language, source=source)
    doc.front.setdefault("version", "adopted")
    doc.front.setdefault("body", _organ_of_symbol(symbol))
    doc.front.setdefault("title", "")
    doc.front.setdefault("date", None)
    return doc


def _report_documents(blocks: list[_Block], options: ImportOptions, path: str,
                      source: dict) -> tuple[list[_Doc], list[list[tuple[int, int]]]]:
    """A report and the drafts printed in it, with the source lines each document covers."""
    report = _Doc({"type": "report"})
    drafts = _report(blocks, report, path)
    symbol = options.symbol or report.front.get("symbol")
    if not symbol:
        raise CompendiumError([error(path, 1, "this is a report, and the extract does not print the report's "
                                     "symbol; pass --symbol (e.g. --symbol E/CN.15/2004/9/Add.1)", "no-symbol")])
    report.front.update(symbol=symbol, body=_organ_of_symbol(symbol), language=options.language,
                        version=options.version or "adopted", source=source)
    report.front.setdefault("title", "")
    report.front.setdefault("date", None)
    docs, spans = [report], [[(1, 10**9)]]
    for n, (dblocks, para, slot) in enumerate(drafts):
        draft = _Doc({"type": "resolution", "version": "draft"})
        _resolution(dblocks, draft, path, own_symbol=False)
        became = options.draft_of[n] if n < len(options.draft_of) else _match_title(draft.front, report.front, options)
        if not became:
            raise CompendiumError([error(path, dblocks[0].line, "cannot tell which resolution the draft printed here "
                                         f"became (title: {draft.front.get('title')!r}); pass --draft-of SYMBOL or "
                                         "--corpus DIR holding it", "draft-unknown")])
        draft.front.update(symbol=became, language=options.language,
                           source={"kind": "report", "symbol": symbol, "paragraph": para, "file": source["file"]})
        if para is None:
            del draft.front["source"]["paragraph"]
        draft.front.setdefault("body", _organ_of_symbol(became))
        draft.front.setdefault("title", "")
        draft.front.setdefault("date", None)
        ref = f"{slug(became)}.{draft.front['version']}.{options.language}"
        report.out[slot] = report.out[slot].replace('ref=""', f'ref="{ref}"')
        docs.append(draft)
        spans.append([(dblocks[0].line, dblocks[-1].line + 1)])
        spans[0].append((dblocks[-1].line + 1, 10**9))
    return docs, spans


def _organ_of_symbol(symbol: str) -> str:
    return next((o.value for p, o in _SERIES_ORGAN if symbol.startswith(p)), Organ.OTHER.value)


def _relpath(front: dict) -> str:
    """``<organ>/<year>/<slug>.<version>.<language>.md``; reports go under ``reports/``."""
    folder = "reports" if front["type"] == "report" else _FOLDER[Organ(front["body"])]
    year = (front.get("date") or "")[:4]
    if not year:
        m = re.search(r"/(\d{4})/", front["symbol"] + "/")
        year = m.group(1) if m else "undated"
    return f"{folder}/{year}/{slug(front['symbol'])}.{front['version']}.{front['language']}.md"


def _normal_title(title: str | None) -> str:
    return " ".join(_words(title or ""))


def _match_title(draft: dict, report: dict, options: ImportOptions) -> str | None:
    """The adopted resolution whose title is the draft's, adopted on or after the report's date (earliest)."""
    want = _normal_title(draft.get("title"))
    after = report.get("date") or ""
    candidates = sorted(
        (str(k.get("date") or ""), k["symbol"]) for k in options.known
        if k.get("type", "resolution") == "resolution" and k.get("version", "adopted") == "adopted"
        and _normal_title(k.get("title")) == want and str(k.get("date") or "9999") >= after
    )
    return candidates[0][1] if candidates else None


CURATED_KEYS = ("categories", "topics", "paragraphs")
"""Front-matter keys editors write by hand; the importer never writes them, and ``--force`` keeps them."""


def _front_of(path: Path) -> dict:
    """Front matter of an existing corpus file, read by the corpus loader's parser ({} when unreadable)."""
    from compendium.load import split_front_matter  # late: load imports the model and data files

    try:
        fm = split_front_matter(path.read_text(encoding="utf-8"), path)
    except (OSError, UnicodeDecodeError):
        return {}
    return fm.data if isinstance(fm.data, dict) and not fm.problems else {}


def known_documents(corpus: Path) -> list[dict]:
    """Front matter of every corpus file below ``corpus`` (what title matching needs)."""
    fronts = (_front_of(path) for path in sorted(Path(corpus).rglob("*.md")))
    return [front for front in fronts if front.get("symbol")]


def write_files(files: list[ImportedFile], out: Path, force: bool = False) -> list[Path]:
    """Write files below ``out`` through a temporary file and a rename; refuse to overwrite unless ``force``.

    Overwriting keeps the curated keys (``CURATED_KEYS``) of the file replaced,
    so re-importing a seed does not undo the editors' work.
    """
    targets = [Path(out) / f.relpath for f in files]
    existing = [t for t in targets if t.exists()]
    if existing and not force:
        raise CompendiumError([error(t, 1, "exists already; pass --force to overwrite it", "exists") for t in existing])
    for f, target in zip(files, targets):
        content = f.content
        if target.exists():
            old = _front_of(target)
            curated = {k: old[k] for k in CURATED_KEYS if k in old}
            if curated:
                content = ImportedFile(f.relpath, {**f.front, **curated}, f.body).content
        write_atomic(target, content)
    return targets


def import_files(paths: list[Path], out: Path, *, corpus: Path | None = None, options: ImportOptions | None = None,
                 force: bool = False) -> tuple[list[Path], list[Problem]]:
    """Import several files into ``out``; a file that fails is reported and does not stop the others.

    Title matching (which resolution a draft became) sees the corpus folder,
    ``out``, and the files imported earlier in the same batch. Returns the
    paths written and every problem (warnings and errors) in order.
    """
    options = options or ImportOptions()
    known = [] if corpus is None or not Path(corpus).is_dir() else known_documents(Path(corpus))
    if Path(out).is_dir() and (corpus is None or Path(out).resolve() != Path(corpus).resolve()):
        known += known_documents(Path(out))
    written: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(error(path, 1, f"cannot read the file as UTF-8 text ({exc})", "unreadable"))
            continue
        opts = ImportOptions(symbol=options.symbol, version=options.version, language=options.language,
                             source_file=options.source_file, draft_of=list(options.draft_of), known=known + options.known)
        try:
            files = import_text(text, source_file=str(path), options=opts)
            written += write_files(files, out, force=force)
        except CompendiumError as exc:
            problems += exc.problems
            continue
        for f in files:
            problems += f.problems
            known.append(f.front)
    return written, problems
