"""The checker: what the schema cannot say about a loaded corpus.

Each check returns problems at the line of the block or front-matter key
concerned; ``check_corpus`` runs them all so one run reports everything.
"""

from __future__ import annotations

import datetime
import difflib
import re
from functools import cached_property
from pathlib import Path

from compendium.load import categories, footnote_refs, front_matter_lines, next_letter, next_roman, roman_value, topics
from compendium.model import Corpus, Document, Kind, Paragraph, Version
from compendium.problems import Problem, error


class _Lines:
    """Front-matter key lines of one file, read only when a problem needs one."""

    def __init__(self, doc: Document):
        self.doc = doc

    @cached_property
    def table(self) -> dict:
        return front_matter_lines(self.doc.path)

    def __call__(self, *path: str | int) -> int:
        for n in range(len(path), 0, -1):
            if path[:n] in self.table:
                return self.table[path[:n]]
        return 1


def check_corpus(corpus: Corpus) -> list[Problem]:
    """Every problem of a loaded corpus, sorted by file and line."""
    problems: list[Problem] = []
    seen: dict[str, Document] = {}
    ids = corpus.by_id()
    for doc in corpus.documents:
        lines = _Lines(doc)
        if doc.id in seen:
            first = seen[doc.id]
            problems.append(
                error(
                    doc.path,
                    lines("symbol"),
                    f"{doc.work} ({doc.version.value}, {doc.language}) is already in {first.path}; "
                    "one file per work, version and language",
                    "duplicate-symbol",
                )
            )
        seen.setdefault(doc.id, doc)
        problems += check_vocabulary(doc, lines)
        problems += check_date(doc, lines)
        problems += check_anchors(doc)
        problems += check_numbering(doc)
        problems += check_subparagraphs(doc)
        problems += check_footnotes(doc, lines)
        problems += check_internal_references(doc)
        problems += check_embedded(doc, lines, ids, corpus)
    return sorted(problems, key=lambda p: (str(p.path), p.line))


def check_vocabulary(doc: Document, lines: _Lines) -> list[Problem]:
    """Categories must be numbers of ``categories.yaml``; topics ids of ``topics.yaml``."""
    problems = []
    known_categories = {c["id"] for c in categories()}
    known_topics = [t["id"] for t in topics()]
    for i, c in enumerate(doc.categories):
        if c not in known_categories:
            problems.append(
                error(doc.path, lines("categories", i), f"unknown category {c}; the categories of ECOSOC resolution 2003/30 are "
                      f"{', '.join(map(str, sorted(known_categories)))} (compendium/data/categories.yaml)", "unknown-category")
            )
    used = [(("topics", i), t) for i, t in enumerate(doc.topics)]
    for p in doc.paragraphs:
        used += [(("paragraphs", p.anchor, "topics", i), t) for i, t in enumerate(p.topics)]
    for key, t in used:
        if t not in known_topics:
            near = difflib.get_close_matches(t, known_topics, n=1)
            hint = f"did you mean '{near[0]}'?" if near else "add it to compendium/data/topics.yaml if it is needed"
            problems.append(error(doc.path, lines(*key), f"unknown topic '{t}'; {hint}", "unknown-topic"))
    return problems


ECOSOC_JULY_CYCLE = 2014
"""First ECOSOC session that ran July to July (General Assembly resolution 68/1) rather than by calendar year."""

# Group 1: the year (or GA session) in the symbol; group "number": the resolution number it prints.
_YEAR_SYMBOLS = [
    (re.compile(r"^E/(?:RES|DEC)/(?P<number>(\d{4})/\S.*)$"), "ECOSOC"),
    (re.compile(r"^E/CN\.\d+/(\d{4})/"), "report"),
    (re.compile(r"^A/(?:RES|DEC)/(?P<number>(\d{1,3})/\S.*)$"), "GA"),
]


def check_date(doc: Document, lines: _Lines) -> list[Problem]:
    """The date is a real date, agrees with the year in the symbol, and is absent only for a draft."""
    if doc.date is None:
        if doc.version != Version.DRAFT:
            return [error(doc.path, lines("date"), f"date is null, but only an undated draft may lack a date (this is {doc.version.value})", "date")]
        return []
    try:
        date = datetime.date.fromisoformat(doc.date)
    except ValueError:
        return [error(doc.path, lines("date"), f"date {doc.date} is not a real date; write the date of adoption as YYYY-MM-DD", "date")]
    problems = []
    for pattern, kind in _YEAR_SYMBOLS:
        m = pattern.match(doc.symbol)
        if not m or doc.version != Version.ADOPTED:
            continue
        year = m.group(2) if "number" in m.groupdict() else m.group(1)
        if kind == "GA":
            session = int(year)
            years = (1945 + session, 1946 + session)
            if date.year not in years:
                problems.append(
                    error(doc.path, lines("date"), f"date {doc.date} contradicts the symbol {doc.symbol}: session {session} of the "
                          f"General Assembly ran in {years[0]}-{years[1]}", "date-symbol")
                )
        elif kind == "ECOSOC" and int(year) >= ECOSOC_JULY_CYCLE:
            # Since its 2014 session the Council's year runs July to July: E/RES/2023/1 was adopted in July 2022.
            y = int(year)
            if not (date.year == y or (date.year == y - 1 and date.month >= 7)):
                problems.append(
                    error(doc.path, lines("date"), f"date {doc.date} contradicts the symbol {doc.symbol}: the Council's {y} "
                          f"session ran from July {y - 1} to July {y}", "date-symbol")
                )
        elif date.year != int(year):
            problems.append(
                error(doc.path, lines("date"), f"date {doc.date} contradicts the symbol {doc.symbol}, which says {year}", "date-symbol")
            )
        # A resolution in parts prints its number without the part: E/RES/2021/2 B is "2021/2." then "B".
        if "number" in m.groupdict() and doc.number and doc.number not in (m.group("number"), m.group("number").split(" ")[0]):
            problems.append(
                error(doc.path, lines("number"), f"number {doc.number} contradicts the symbol {doc.symbol}; it should be "
                      f"{m.group('number')}", "number-symbol")
            )
    return problems


def check_anchors(doc: Document) -> list[Problem]:
    """No two blocks of a file share an anchor (two paragraphs with one number in one section)."""
    problems = []
    first: dict[str, Paragraph] = {}
    for p in doc.paragraphs:
        # Two numbered paragraphs with one number are reported by the numbering checks.
        if p.anchor in first and p.kind not in (Kind.OPERATIVE, Kind.REPORT, Kind.SUBPARAGRAPH):
            problems.append(
                error(doc.path, p.line, f"duplicate anchor '{p.anchor}' (also at line {first[p.anchor].line}); each paragraph "
                      "needs its own number or place", "duplicate-anchor")
            )
        first.setdefault(p.anchor, p)
    if not doc.paragraphs:
        problems.append(error(doc.path, doc.body_line, "the document has no text after its front matter", "empty-body"))
    return problems


def _number(p: Paragraph) -> tuple[int, ...]:
    return tuple(int(x) for x in (p.number or "0").rstrip(".").split("."))


def _successors(n: tuple[int, ...]) -> set[tuple[int, ...]]:
    """Numbers that may follow ``n``: 5 -> 6 (or 5.1); 1.3 -> 1.4, 2, 2.1."""
    out = {n + (1,)}
    for i in range(len(n)):
        step = n[:i] + (n[i] + 1,)
        out |= {step, step + (1,)}
    return out


def _show(n: tuple[int, ...]) -> str:
    return ".".join(map(str, n))


def _scope_name(doc: Document, scope: str | None) -> str:
    """``section III`` / ``Annex I`` / ``the annex, section II`` for a section prefix."""
    if not scope:
        return "the document"
    names = []
    for p in doc.paragraphs:
        if p.kind == Kind.HEADING and (scope == p.anchor or scope.startswith(p.anchor + "-")):
            if p.heading_level == 1:
                names = [p.markdown]
            elif p.number:
                names.append(f"{'section' if p.heading_level == 2 else 'subsection'} {p.number.rstrip('.')}")
    return ", ".join(names) or scope


def _numbering_scope(doc: Document, p: Paragraph) -> tuple[str, str]:
    """(scope where numbering restarts, part it belongs to): report paragraphs run on across sections."""
    section = p.section or ""
    part = section.split("sec-")[0].rstrip("-")
    return (part if p.kind == Kind.REPORT else section), part


def check_numbering(doc: Document) -> list[Problem]:
    """Operative (or report) paragraphs run 1, 2, 3 ... in each section, without gaps or repeats.

    A section starts again at 1 or continues the numbering of the section before it.
    """
    problems = []
    last: dict[str, tuple[int, ...]] = {}
    seen: dict[str, set] = {}
    last_in_part: dict[str, tuple[int, ...]] = {}
    for p in doc.paragraphs:
        if p.kind not in (Kind.OPERATIVE, Kind.REPORT):
            continue
        scope, part = _numbering_scope(doc, p)
        n = _number(p)
        what = "operative paragraph" if p.kind == Kind.OPERATIVE else "paragraph"
        where = _scope_name(doc, scope)
        if n in seen.setdefault(scope, set()):
            problems.append(error(doc.path, p.line, f"{what} {_show(n)} repeats in {where}; renumber it", "numbering-repeat"))
        elif scope not in last:
            allowed = {(1,), (1, 1)} | (_successors(last_in_part[part]) if part in last_in_part else set())
            if n not in allowed:
                problems.append(
                    error(doc.path, p.line, f"{what} {_show(n)} is the first in {where}; numbering should start at 1", "numbering-gap")
                )
        elif n not in _successors(last[scope]):
            prev = last[scope]
            if len(n) == 1 and len(prev) == 1 and n[0] > prev[0] + 1:
                missing = ", ".join(str(k) for k in range(prev[0] + 1, n[0]))
                message = f"{what} {_show(n)} follows {_show(prev)} in {where}: {missing} missing"
            else:
                message = f"{what} {_show(n)} follows {_show(prev)} in {where}: out of sequence"
            problems.append(error(doc.path, p.line, message, "numbering-gap"))
        seen[scope].add(n)
        if scope not in last or n > last[scope]:
            # A number out of order (a quoted article numbered 4 after paragraph 14) must not derail what follows.
            last[scope] = n
            last_in_part[part] = n
    return problems


def check_subparagraphs(doc: Document) -> list[Problem]:
    """Sub-paragraphs under each paragraph run (a), (b), (c) ... and (i), (ii), (iii) ... without gaps."""
    problems = []
    last: dict[str, str] = {}
    roman: dict[str, bool] = {}
    for p in doc.paragraphs:
        if p.kind != Kind.SUBPARAGRAPH or not p.number or not p.parent:
            continue
        token = p.number.strip("()")
        prev = last.get(p.parent)
        # A run is of numerals when it sits under a letter or starts with one ((i) directly under a paragraph).
        is_roman = roman.setdefault(p.parent, p.level == 2 or roman_value(token) is not None)
        if prev is None:
            expected = "i" if is_roman else "a"
        else:
            expected = next_roman(prev) if is_roman else next_letter(prev)
        if token != expected:
            if prev is None:
                message = f"sub-paragraph ({token}) is the first under {p.parent}; expected ({expected})"
            elif token == prev:
                message = f"sub-paragraph ({token}) repeats under {p.parent}"
            else:
                message = f"sub-paragraph ({token}) follows ({prev}) under {p.parent}: expected ({expected})"
            problems.append(error(doc.path, p.line, message, "subparagraph-sequence"))
        last[p.parent] = token
    return problems


def check_footnotes(doc: Document, lines: _Lines) -> list[Problem]:
    """Every marker in the text has a footnote (text or ``{missing: true}``), every footnote is referenced."""
    problems = []
    referenced: set[str] = set()
    for p in doc.paragraphs:
        for marker in p.footnotes:
            referenced.add(marker)
            if marker not in doc.footnotes:
                problems.append(
                    error(doc.path, p.line, f"footnote marker [^{marker}] has no footnote; add \"{marker}\": its text under "
                          f"footnotes:, or \"{marker}\": {{missing: true}} if the source lacks it", "footnote-missing")
                )
    for marker, fn in doc.footnotes.items():
        for inner in footnote_refs(fn.text or ""):
            # A footnote's own footnote could loop (1 -> 2 -> 1); the format has none.
            problems.append(
                error(doc.path, fn.line or lines("footnotes", marker), f"footnote {marker} refers to footnote [^{inner}]; "
                      "a footnote cannot have footnotes: write the reference out in its text", "footnote-in-footnote")
            )
        if marker not in referenced:
            problems.append(
                error(doc.path, fn.line or lines("footnotes", marker), f"footnote {marker} is never referenced; add [^{marker}] "
                      "where it belongs in the text or remove it", "footnote-unused")
            )
    return problems


_INTERNAL = re.compile(
    r"\bparagraphs?\s+"
    r"(?P<list>\d+(?:\s*\([a-z]{1,4}\))*(?:\s*(?:,\s*and|,|and|to|or)\s*\d+(?:\s*\([a-z]{1,4}\))*)*)"
    r"\s+(?P<dir>above|below)\b"
)
_ITEM = re.compile(r"(\d+)((?:\s*\([a-z]{1,4}\))*)|\bto\b")


def internal_references(text: str) -> list[tuple[str, list[tuple[int, list[str]]]]]:
    """The internal references of a text: (words as printed, [(number, [sub-paragraph tokens])]).

    ``paragraphs 5 to 7 above`` gives 5, 6 and 7; ``paragraph 8 (a) below`` gives (8, ["a"]).
    """
    out = []
    for m in _INTERNAL.finditer(text):
        items: list[tuple[int, list[str]]] = []
        pending_range = False
        for it in _ITEM.finditer(m.group("list")):
            if it.group(0) == "to":
                pending_range = True
                continue
            n = int(it.group(1))
            subs = re.findall(r"\(([a-z]{1,4})\)", it.group(2))
            if pending_range and items:
                items += [(k, []) for k in range(items[-1][0] + 1, n)]
            items.append((n, subs))
            pending_range = False
        out.append((m.group(0), items))
    return out


def check_internal_references(doc: Document) -> list[Problem]:
    """``paragraph 5 above`` / ``paragraph 8 (a) below`` must name a paragraph of the same section."""
    problems = []
    anchors = {p.anchor for p in doc.paragraphs}
    for p in doc.paragraphs:
        if p.kind in (Kind.HEADING, Kind.RESIDUAL, Kind.EMBEDDED):
            continue
        for words, items in internal_references(p.text):
            section = p.section or ""
            if doc.doctype == "report":
                prefix, stem = section.split("sec-")[0].rstrip("-"), "para"
            else:
                prefix, stem = section, "op"
            for n, subs in items:
                target = "-".join([x for x in (prefix, f"{stem}-{n}") if x] + subs)
                if target not in anchors:
                    problems.append(
                        error(doc.path, p.line, f"'{words}' points nowhere: there is no {target} in "
                              f"{_scope_name(doc, section) if section else 'this document'}", "internal-reference")
                    )
    return problems


def check_embedded(doc: Document, lines: _Lines, ids: dict[str, Document], corpus: Corpus) -> list[Problem]:
    """An embedded block names a document of the corpus; a draft's source paragraph exists in its report."""
    problems = []
    for p in doc.paragraphs:
        if p.kind == Kind.EMBEDDED and p.ref and p.ref not in ids:
            near = difflib.get_close_matches(p.ref, list(ids), n=1)
            hint = f"; did you mean '{near[0]}'?" if near else ""
            problems.append(error(doc.path, p.line, f"embedded document '{p.ref}' is not in the corpus{hint}", "embedded-unknown"))
    src = doc.source
    if src.symbol and src.paragraph:
        host = corpus.primary(src.symbol)
        if host is not None and host.paragraph(src.paragraph) is None:
            problems.append(
                error(doc.path, lines("source", "paragraph"), f"source paragraph '{src.paragraph}' does not exist in "
                      f"{src.symbol} ({Path(host.path).name})", "source-paragraph")
            )
    return problems
