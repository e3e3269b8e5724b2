"""Cross-references: citations found in plain text, and the link graph of a corpus.

``citations_in`` finds every reference a paragraph makes — to resolutions of
the General Assembly, the Economic and Social Council, the Security Council,
the Human Rights Council and the functional commissions, to documents by
symbol, to sales publications, and to other paragraphs of the same text — and
returns them as ``Citation`` objects with offsets into the text.
``link_corpus`` runs it over a whole corpus and builds the graph (cites,
cited by, stubs for absent targets, lineage, problems). The canonical target
ids are documented in ``docs/citations.md``, among them those of the
conferences of the parties to the crime conventions (``CTOC-COP/RES/10/4``,
``CAC-COSP/RES/10/12``), whose session numbers look like the General
Assembly's.

Speed matters (a build links thousands of resolutions): paragraphs without a
digit are skipped, each extractor runs only when its keyword is present,
every pattern is compiled once, the verb lexicon is matched by dictionary
lookups, targets resolve through dictionaries, and the collector is paused
while linking.
"""

from __future__ import annotations

import bisect
import gc
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from compendium.model import Citation, Corpus, Document, Kind, Organ, Paragraph
from compendium.problems import Problem, error, warning

__all__ = [
    "citations_in",
    "canonical_symbol",
    "conferences_of",
    "document_conferences",
    "instruments",
    "instruments_in",
    "Instrument",
    "link_corpus",
    "Links",
    "Stub",
    "CitedBy",
]

# --------------------------------------------------------------------------- #
# Building blocks
# --------------------------------------------------------------------------- #

MONTHS = {
    m: i + 1
    for i, m in enumerate(
        "January February March April May June July August September October November December".split()
    )
}
_DATE = r"(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})"
_ROMAN = r"[IVXLC]+"

# A resolution number as printed: 2003/30, 70/1, 48/218 B, S-26/2, ES-10/19,
# 3452 (XXX), 2200 A (XXI), 1 (XXXV), 1325 (2000).
_NUM = (
    r"(?P<num>"
    r"(?:(?:S|ES)[-\u2011]\d{1,2}/\d{1,3}"
    r"|\d{1,4}/\d{1,4}(?:\s?[A-Z]{1,2}(?![\w/\u2011-]))?"
    r"|\d{1,4}(?:\s?[A-H])?\s?\((?:" + _ROMAN + r"|S[-\u2011]" + _ROMAN + r"|ES[-\u2011]" + _ROMAN + r"|\d{4})\)"
    r"))"
)
NUM_RE = re.compile(r"(?<![\w/.\-])" + _NUM + r"(?![\w/])")
_NEW_NUM = re.compile(r"(?<![\w/.\-])\d{1,4}/\d{1,4}(?![\w/])")

# A UN document symbol: a series (A, E, S, ST, CAC, A/CONF.213 ...) then
# slash-separated parts, at least one with a digit; joint symbols (A/55/305-S/2000/809)
# and parenthesised parts ((Part I), (Sect. 3), (2000)) included.
_SEG = r"[A-Za-z0-9][A-Za-z0-9.]*(?:[-\u2011]\d+)?(?:\(\d{1,3}\))?"
_PAREN = r"\s?\((?:Part|Parts|Sect\.|Vol\.|Supp\.|SUPP|Introduction)[^()]{0,24}\)|\s?\(\d{4}\)"
SYMBOL_RE = re.compile(
    r"(?<![\w/.])(?P<sym>[A-Z]{1,7}(?:\.\d+)?(?:/" + _SEG + r")+(?:(?:" + _PAREN + r")(?:/" + _SEG + r")*)?"
    r"(?:-[A-Z]{1,7}(?:/" + _SEG + r")+(?:" + _PAREN + r")?)*)"
)
SALES_RE = re.compile(r"Sales\s+No\.\s*(?P<sales>[A-Z]\.\d{2}\.[IVXL]+\.[A-Z]?\.?\d+(?:\.[A-Za-z0-9]+)?)")

_KEYWORD = re.compile(r"\b(?P<kw>[Rr]esolutions?|[Dd]ecisions?)\b\s*")

# Organs named before "resolution(s)", longest first. The value is the organ code
# used to build the canonical id (see _canonical).
_NAMED_ORGANS: list[tuple[str, str]] = [
    ("Commission on Crime Prevention and Criminal Justice", "CCPCJ"),
    ("Commission on Narcotic Drugs", "CND"),
    ("Commission on Human Rights", "CHR"),
    ("Commission on the Status of Women", "CSW"),
    ("Commission for Social Development", "CSocD"),
    ("Economic and Social Council", "ECOSOC"),
    ("Human Rights Council", "HRC"),
    ("Security Council", "SC"),
    ("General Assembly", "GA"),
]
_CONTEXT_WORDS = {"its": "its", "Assembly": "Assembly", "Council": "Council", "Commission": "Commission"}
# Capitalised words that end the name of a body we do not resolve (WHO's
# Health Assembly, conferences of parties, boards, committees ...): a citation
# of their resolutions is not reported rather than guessed.
_OTHER_BODY_END = re.compile(
    r"(?:Environment|Health|Habitat|UN-Habitat)\s+Assembly\s*$|(?:Board|Committee|Conference|Parties|Corruption|"
    r"Crime|Forum|Organization|Agency|Union|Court|Meeting|Sub-Commission|Development|Population|Statistics|"
    r"Women|Drugs|Justice|Rights|Council of Europe|Session|Executive)\s*$"
)
_ORG_ROMAN_OK = {"GA", "ECOSOC", "CND", "SC"}

# The conferences of the parties to the two crime conventions number their resolutions and decisions
# by session like the General Assembly ("resolution 10/4 of the Conference of the Parties to the United
# Nations Convention against Transnational Organized Crime"); they get ids of their own (CTOC-COP/RES/10/4,
# CAC-COSP/RES/10/4). The Convention against Transnational Organized Crime has a "Conference of the
# Parties", the Convention against Corruption a "Conference of the States Parties".
CONFERENCES = ("CTOC-COP", "CAC-COSP")
_CONVENTION_CODES = {"transnational organized crime": "CTOC-COP", "corruption": "CAC-COSP"}
_CONVENTION_RE = re.compile(r"Convention\s+against\s+(Transnational\s+Organized\s+Crime|Corruption)\b")
_CONF_RE = re.compile(
    r"\bConference\s+of\s+(?:the\s+)?(?P<states>States\s+)?[Pp]arties\b"
    r"(?P<to>\s+to\s+the\s+(?:(?:United\s+Nations\s+)?Convention\s+against\s+(?P<conv>Transnational\s+Organized\s+Crime|Corruption)\b"
    r"|(?P<generic>Convention)\b(?!\s+(?:on|against|for|concerning|relating)\b)|(?P<other>[A-Z])))?"
)
# other bodies numbering their resolutions by session, for a number the General Assembly cannot have given
_SESSION_BODIES = {
    "Human Rights Council": "HRC",
    "Commission on Crime Prevention and Criminal Justice": "CCPCJ",
    "Commission on Narcotic Drugs": "CND",
}
_SESSION_BODY_RE = re.compile(r"\b(?:" + "|".join(_SESSION_BODIES) + r")\b")
# resolutions of a session-numbered series whose first number is below 31 cannot be the General
# Assembly's: it numbered them "3452 (XXX)" until its thirty-first session (1976)
_FIRST_GA_SESSION_NUMBERED = 31


def _conference_mentions(text: str, scope: frozenset[str]) -> list[tuple[int, int, str]]:
    """(start, end, code) of every conference of parties named in ``text``: ``CTOC-COP``, ``CAC-COSP`` or ``OTHER``.

    "to the Convention" or no convention at all means the crime convention whose conference has that
    name ("States Parties": corruption) when that convention is in ``scope`` (named in the citing
    document) or named in ``text``; any other conference is ``OTHER``.
    """
    if "Conference" not in text:
        return []
    named = scope | {_CONVENTION_CODES[" ".join(m.group(1).lower().split())] for m in _CONVENTION_RE.finditer(text)}
    out = []
    for m in _CONF_RE.finditer(text):
        if m.group("conv"):
            code = _CONVENTION_CODES[" ".join(m.group("conv").lower().split())]
        elif m.group("other"):
            code = "OTHER"
        else:
            code = "CAC-COSP" if m.group("states") else "CTOC-COP"
            if code not in named:
                code = "OTHER"
        end = m.end() - (1 if m.group("other") else 0)
        out.append((m.start(), end, code))
    return out


_CONFERENCES_OF: dict[int, tuple[Document, frozenset[str]]] = {}


def conferences_of(doc: Document) -> frozenset[str]:
    """``document_conferences`` of a document's title, paragraphs and footnotes, for callers that extract a
    footnote on its own (the renderer, the search index) and must read it as ``link_corpus`` does.

    Kept for the last few documents asked about (by identity: a rebuilt document is read again).
    """
    hit = _CONFERENCES_OF.get(id(doc))
    if hit is not None and hit[0] is doc:
        return hit[1]
    value = document_conferences(
        [doc.title, *(p.text for p in doc.paragraphs), *(fn.text for fn in doc.footnotes.values())]
    )
    if len(_CONFERENCES_OF) >= 32:
        _CONFERENCES_OF.pop(next(iter(_CONFERENCES_OF)))
    _CONFERENCES_OF[id(doc)] = (doc, value)
    return value


def document_conferences(texts) -> frozenset[str]:
    """The crime conventions' conferences a document names (explicitly, or as "the Conference of the States
    Parties to the Convention" where the document names the convention): the scope of its bare references."""
    joined = "\n".join(t for t in texts if t and ("Conference" in t or "Convention" in t))
    if not joined:
        return frozenset()
    named = frozenset(_CONVENTION_CODES[" ".join(m.group(1).lower().split())] for m in _CONVENTION_RE.finditer(joined))
    return frozenset(c for _, _, c in _conference_mentions(joined, named) if c != "OTHER")

_DIGIT = re.compile(r"\d")
_SECTION_ANCHOR = re.compile(r"^(?P<prefix>.*?)(?P<kind>op|para)-\d")


def _iso(day: str, month: str, year: str) -> str:
    return f"{int(year):04d}-{MONTHS[month]:02d}-{int(day):02d}"


def _roman_anchor(roman: str) -> str:
    return roman.lower()


@lru_cache(maxsize=65536)
def canonical_symbol(symbol: str) -> str:
    """A document symbol in canonical form: spaces before ``(`` and inside ``(2000)`` removed.

    ``S/RES/1325 (2000)`` -> ``S/RES/1325(2000)``; ``A/55/305-S/2000/809`` unchanged.
    """
    s = re.sub(r"\s+\(", "(", symbol.strip())
    return re.sub(r"\s+", " ", s)


@lru_cache(maxsize=65536)
def _number_parts(num: str) -> tuple[str, str]:
    """(shape, normalised number): shape is ``year`` (2003/30), ``session`` (70/1), ``special`` (S-26/2),
    ``roman`` (3452(XXX)) or ``sc`` (1325(2000))."""
    n = re.sub(r"\s+", "", num).replace("\u2011", "-")
    if re.match(r"(?:S|ES)-", n):
        return "special", n
    m = re.match(r"(\d+)/(\d+)([A-H]?)$", n)
    if m:
        first = m.group(1)
        shape = "year" if len(first) == 4 and 1946 <= int(first) <= 2100 else "session"
        return shape, n
    if re.search(r"\(\d{4}\)$", n):
        return "sc", n
    return "roman", n


def _canonical(organ: str, num: str, decision: bool) -> str | None:
    """The canonical id of a resolution (or decision) of ``organ`` numbered ``num``; None when unknown."""
    shape, n = _number_parts(num)
    if shape == "sc":
        return None if decision else f"S/RES/{n}"
    kind = "DEC" if decision else "RES"
    if organ == "GA":
        return f"A/{kind}/{n}" if shape in ("session", "special", "roman") else None
    if organ == "ECOSOC":
        return f"E/{kind}/{n}" if shape in ("year", "roman") else None
    if organ == "HRC":
        return f"A/HRC/{kind}/{n}" if shape in ("session", "special") else None
    if organ in ("CCPCJ", "CND", "CHR", "CSW", "CSocD"):
        return f"{organ}/{kind}/{n}" if shape != "special" else None
    if organ in CONFERENCES:
        return f"{organ}/{kind}/{n}" if shape == "session" else None
    return None


def _organ_for_context(word: str, citing: Organ, num: str, inherited: str | None) -> str | None:
    """Resolve ``its``/``Assembly``/``Council``/``Commission``/bare ``resolution`` to an organ code."""
    shape, _ = _number_parts(num)
    if shape == "sc":
        return "SC"
    if word == "Commission":
        return inherited if inherited in ("CCPCJ", "CND", "CHR", "CSW", "CSocD") else "CCPCJ"
    if word == "Council":
        if shape == "year" or citing == Organ.ECOSOC or inherited == "ECOSOC":
            return "ECOSOC"
        if inherited in ("HRC", "SC"):
            return inherited
        # in another body's text a session-numbered "Council resolution 44/5" can only be the
        # Human Rights Council's (ECOSOC numbers by year, the Security Council by "(year)")
        return "HRC" if shape in ("session", "special") else "ECOSOC"
    if word == "Assembly":
        return "GA"
    if word == "" and inherited and inherited not in ("its",):
        # a bare "resolution 54/3" after "Human Rights Council resolutions ..."
        if inherited == "HRC" and shape in ("session", "special"):
            return "HRC"
        if inherited in ("CCPCJ", "CND", "CSW", "CSocD") or (inherited == "CHR" and shape == "year"):
            return inherited
    # "its" or bare: the number's shape tells GA (session/number) from ECOSOC (year/number)
    if shape == "year":
        if citing == Organ.CCPCJ and inherited != "ECOSOC":
            return "ECOSOC"
        return "ECOSOC"
    if shape in ("session", "special"):
        if citing == Organ.CCPCJ and word == "its":
            return "CCPCJ"
        return "GA"
    # roman: the citing organ's own series
    return {Organ.ECOSOC: "ECOSOC", Organ.GA: "GA"}.get(citing, "GA")


# --------------------------------------------------------------------------- #
# Relations (opening verbs)
# --------------------------------------------------------------------------- #

@lru_cache(maxsize=1)
def _verb_table() -> list[tuple[str, str]]:
    """(phrase, relation) pairs from ``compendium/data/verbs.yaml`` (helper A1's lexicon), longest first.

    Read through ``compendium.lexicon`` when it offers the table, else from the data file itself; empty
    when neither exists yet.
    """
    try:
        from compendium import lexicon  # type: ignore

        table = getattr(lexicon, "verb_relations", None)
        if callable(table):
            pairs = list(table())
            return sorted(pairs, key=lambda p: -len(p[0]))
    except ImportError:
        pass
    path = Path(__file__).with_name("data") / "verbs.yaml"
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    pairs: list[tuple[str, str]] = []

    def walk(node, relation=None):
        if isinstance(node, dict):
            rel = node.get("relation", relation)
            for key in ("phrases", "forms", "verbs", "preambular", "operative"):
                if key in node:
                    walk(node[key], rel)
            for k, v in node.items():
                if k in ("relation", "phrases", "forms", "verbs", "preambular", "operative"):
                    continue
                if isinstance(v, (dict, list)):
                    walk(v, rel if not isinstance(v, dict) or "relation" not in v else v["relation"])
                elif isinstance(v, str) and k not in ("kind", "description"):
                    pairs.append((k, v))
        elif isinstance(node, list):
            for item in node:
                if isinstance(item, str) and relation:
                    pairs.append((item, relation))
                else:
                    walk(item, relation)

    walk(data)
    return sorted({(p.strip(), r) for p, r in pairs if p.strip()}, key=lambda p: -len(p[0]))


# a word as the lexicon's phrases are made of: ASCII letters, not part of a longer word or hyphenated one
_WORD = re.compile(r"(?<![\w-])[A-Za-z]+(?![\w-])")
_NEXT_WORD = re.compile(r"\s+([A-Za-z]+)(?![\w-])")


@lru_cache(maxsize=1)
def _verb_lookup() -> tuple[dict[str, str], frozenset[str], int]:
    """The lexicon as (lower-cased phrase -> relation, first words, longest phrase in words)."""
    table = {" ".join(p.lower().split()): r for p, r in _verb_table()}
    firsts = frozenset(p.split()[0] for p in table)
    return table, firsts, max((len(p.split()) for p in table), default=0)


@lru_cache(maxsize=4096)
def _verb_positions(text: str) -> tuple[list[int], list[str]]:
    """Offsets and relations of every lexicon phrase in ``text``, in order (longest phrase at each place,
    phrases not overlapping).

    Dictionary lookups of the words that follow a word a phrase can start with: no regex alternation of
    the 1,900 phrases is tried (that costs tens of microseconds a character). Cached per text: the
    citations of a paragraph and of the footnotes it references ask for the same text.
    """
    table, firsts, longest = _verb_lookup()
    starts: list[int] = []
    rels: list[str] = []
    if not table:
        return starts, rels
    pos = 0
    for w in _WORD.finditer(text):
        if w.start() < pos:
            continue  # inside the phrase just found
        first = w.group(0).lower()
        if first not in firsts:
            continue
        # the words that follow, separated by white space only, then the longest of them that is a phrase
        run = [first]
        ends = [w.end()]
        while len(run) < longest:
            nm = _NEXT_WORD.match(text, ends[-1])
            if not nm:
                break
            run.append(nm.group(1).lower())
            ends.append(nm.end())
        for k in range(len(run), 0, -1):
            rel = table.get(" ".join(run[:k]) if k > 1 else first)
            if rel is not None:
                starts.append(w.start())
                rels.append(rel)
                pos = ends[k - 1]
                break
    return starts, rels


def _relation_at(text: str, pos: int) -> str | None:
    """The relation of the lexicon phrase nearest before ``pos`` in ``text`` (``Recalling ... and taking note of``).

    The phrases and relations are helper A1's lexicon (``compendium/data/verbs.yaml``); None when no
    phrase of it precedes ``pos``.
    """
    starts, rels = _verb_positions(text)
    i = bisect.bisect_left(starts, pos)
    return rels[i - 1] if i else None


# --------------------------------------------------------------------------- #
# Extraction
# --------------------------------------------------------------------------- #

@dataclass
class _Ctx:
    text: str
    organ: Organ
    paragraph: str
    relation: str | None
    source: str
    default: str = "cites"
    conferences: frozenset[str] = frozenset()
    """Conferences of parties the citing document names (``document_conferences``)."""
    taken: list[tuple[int, int]] = field(default_factory=list)
    _verbs: tuple[list[int], list[str]] | None = None
    _confs: list[tuple[int, int, str]] | None = None

    @property
    def confs(self) -> list[tuple[int, int, str]]:
        """The conferences of parties named in the text (``_conference_mentions``), found once."""
        if self._confs is None:
            self._confs = _conference_mentions(self.text, self.conferences)
        return self._confs

    def nearest_conference(self, start: int, num_end: int) -> str | None:
        """The body a session-numbered resolution that cannot be the General Assembly's belongs to.

        The conference of parties (or Human Rights Council, Commission on Crime Prevention and Criminal
        Justice, Commission on Narcotic Drugs) named nearest in the same clause (no ";" between), before
        ``start`` or after ``num_end``; else the only conference the citing document names; else None
        (not reported).
        """
        best: tuple[int, str] | None = None
        bodies = self.confs
        if "Co" in self.text:
            named = [(m.start(), m.end(), _SESSION_BODIES[m.group(0)]) for m in _SESSION_BODY_RE.finditer(self.text)]
            bodies = sorted(bodies + named)
        for cs, ce, code in bodies:
            if code == "OTHER":
                continue
            if ce <= start and start - ce <= 600 and ";" not in self.text[ce:start]:
                d = start - ce
            elif cs >= num_end and cs - num_end <= 600 and ";" not in self.text[num_end:cs]:
                d = cs - num_end
            else:
                continue
            if best is None or d < best[0]:
                best = (d, code)
        if best:
            return best[1]
        return next(iter(self.conferences)) if len(self.conferences) == 1 else None

    def free(self, start: int, end: int) -> bool:
        """True when no span taken so far overlaps [start, end)."""
        # spans are few and mostly in text order: look only at those that start before ``end``
        i = bisect.bisect_left(self.taken, (end, end))
        # taken spans do not overlap one another, so only the last few starting before ``end`` can reach it
        return all(b <= start for a, b in self.taken[max(0, i - 4) : i] if a < end)

    def take(self, start: int, end: int) -> None:
        bisect.insort(self.taken, (start, end))

    def relation_at(self, pos: int) -> str:
        """The forced relation, else the lexicon phrase nearest before ``pos``, else the default."""
        if self.relation:
            return self.relation
        if self._verbs is None:
            self._verbs = _verb_positions(self.text)
        starts, rels = self._verbs
        i = bisect.bisect_left(starts, pos)
        return (rels[i - 1] if i else None) or self.default


# a title in the middle of a list may hold commas: it runs to the next ", <number>"
_MOD_ON_LIST = re.compile(
    r",?\s+(?:on|concerning)\s+(?P<title>[^;\"“”]{3,300}?)(?=(?:\s*,\s*(?:and\s+)?|\s+and\s+)" + _NUM.replace("?P<num>", "?:") + r"(?![\w/]))"
)
_MOD_LETTERS = re.compile(r"(?:\s*(?:,|and|to|-|\u2013)\s*[A-Z](?![\w/]))+")
_OF_BODY = re.compile(
    r"(?:resolutions|decisions)(?:\s+and\s+(?:resolutions|decisions))?\s+(?:adopted\s+by|of)\s+the\s+(?P<org>"
    + "|".join(re.escape(n) for n, _ in [("Commission on Crime Prevention and Criminal Justice", 0),
                                         ("Commission on Narcotic Drugs", 0), ("Commission on Human Rights", 0),
                                         ("Human Rights Council", 0), ("Security Council", 0)])
    + r")"
)
_MOD_ANNEX = re.compile(r",?\s*(?:and\s+)?(?:the\s+)?annex(?:es)?(?:\s+[IVX]+)?(?:\s+thereto)?(?=[\s,;.:)]|$)")
_MOD_SECTION = re.compile(
    r",?\s*(?:in\s+particular\s+)?(?:sections?|sect\.)\s+(?P<sec>" + _ROMAN + r"|[A-H](?![\w.]))(?:\.?\s?(?P<sub>[A-H])\b)?"
    r"(?:,?\s*(?:paragraphs?|paras?\.)\s+(?P<para>\d+)(?:\s*[-\u2013]\s*\d+)?(?:\s*\((?P<a>[a-z]{1,3})\))?"
    r"(?:\s*\((?P<i>[ivx]+)\))?)?"
    r"(?:,?\s*thereof)?"
)
_MOD_PARA = re.compile(
    r",?\s*(?:in\s+particular\s+)?(?:paragraph|paras?\.)\s+(?P<para>\d+)(?:\s*[-\u2013]\s*\d+)?(?:\s*\((?P<a>[a-z]{1,3})\))?(?:\s*\((?P<i>[ivx]+)\))?"
    r"(?:,?\s*thereof)?(?=[\s,;.:]|$)"
)
_MOD_DATE = re.compile(r",?\s*(?:of|on|adopted\s+on)\s+" + _DATE)
_MOD_ENTITLED = re.compile(r",?\s*entitled\s+[\"“](?P<title>[^\"”]{3,400})[\"”]")
_MOD_ON = re.compile(
    r",?\s+on\s+(?P<title>[^,;:\"“]{3,200}?)"
    r"(?=\s*(?:[,;:]|\.(?:\s|$)|$|\s+and\s+(?:its\s+|General|Economic|resolution|\d)|,\s+in\s+which)"
    r"|\s+(?:(?:adopted\s+)?by|of)\s+the\s+Conference\b)"
)
_MOD_TRAIL_ORGAN = re.compile(
    r",?\s*of\s+the\s+(?P<org>Commission on Crime Prevention and Criminal Justice|Commission on Narcotic Drugs|"
    r"Commission on Human Rights|Commission on the Status of Women|Commission for Social Development|"
    r"Economic and Social Council|General Assembly|Security Council|Human Rights Council|Commission|Council|Assembly)\b"
)
# "... of the Conference of the Parties to ...", "..., adopted by the Conference of the States Parties"
_TRAIL_BY = re.compile(r",?\s*(?:of|(?:adopted\s+)?by)\s+the\s+(?=Conference\b)")
# "resolutions 1/3 ... and 2/14 ... of the United Nations Environment Assembly": another body's
_TRAIL_OTHER = re.compile(
    r",?\s*of\s+the\s+(?:(?:[A-Z][\w\-]*|of|on|for|and|the|to|against)\s+){0,10}?"
    r"(?:Assembly|Board|Committee|Conference|Forum|Council|Commission|Organization|Meeting|Programme)\b"
)
_SEP = re.compile(
    r"(?:\s*[,;]\s*(?:and\s+|as\s+well\s+as\s+|or\s+)?|\s+and\s+|\s+as\s+well\s+as\s+|\s+or\s+|\s+to\s+)"
    r"(?=(?:(?P<again>resolutions?|decisions?)\s+)?" + _NUM + r")"
)
_PRE_SECTION = re.compile(
    r"(?:sections?|sect\.)\s+(?P<sec>" + _ROMAN + r")(?:\.?\s?(?P<sub>[A-H])\b)?"
    r"(?:,?\s*paragraphs?\s+(?P<para>\d+)(?:\s*\((?P<a>[a-z]{1,3})\))?(?:\s*\((?P<i>[ivx]+)\))?)?,?\s+of\s+(?:the\s+)?$"
)
_PRE_PARA = re.compile(
    r"paragraphs?\s+(?P<para>\d+)(?:\s*\((?P<a>[a-z]{1,3})\))?(?:\s*\((?P<i>[ivx]+)\))?,?\s+of\s+(?:the\s+)?$"
)
_PRE_ANNEX = re.compile(r"annex(?:es)?(?:\s+[IVX]+)?\s+(?:to|of)\s+(?:the\s+)?$")
_POST_WHICH_SECTION = re.compile(r",?\s*in\s+section\s+(?P<sec>" + _ROMAN + r")\s+of\s+which")


def _anchor(sec: str | None, sub: str | None, para: str | None, a: str | None, i: str | None) -> str | None:
    parts: list[str] = []
    if sec:
        parts.append(f"sec-{_roman_anchor(sec)}")
        if sub:
            parts.append(sub.lower())
    if para:
        parts.append(f"op-{para}")
        if a:
            parts.append(a)
            if i:
                parts.append(i)
    return "-".join(parts) or None


@dataclass
class _Item:
    num: str
    start: int
    end: int
    organ_word: str | None = None
    organ: str | None = None
    decision: bool = False
    annex: bool = False
    target_paragraph: str | None = None
    stated_date: str | None = None
    stated_title: str | None = None
    num_end: int = -1
    """End of the number itself (a title after it may hold citations of its own)."""
    part_titled: bool = False
    """A title stated for the section cited (not recorded as the resolution's)."""
    group: int = 0
    """How many times the keyword was restated before this number in the run ("resolution A ... and
    resolution B of the Conference": B is in group 1, and the organ after it is B's alone)."""


_NAMED_IN_ITS = re.compile(
    r"(?P<org>" + "|".join(re.escape(n) for n, _ in _NAMED_ORGANS) + r")\s*,?\s*(?:in|by|through|under|with|of)\s+its$"
)
_CONF_GAP = re.compile(
    r"\s*|\s*,?\s*(?:in|by|through|under|with|of)\s+its\s*"
    r"|\s*,\s*(?:in\s+particular|including|notably|especially)\s+(?:in\s+)?its\s*"
)
_REPORT_OF = re.compile(r"\b(?P<series>CAC/COSP|CTOC/COP)/[^()]{0,80}$")
_REPORT_CONFERENCE = {"CAC/COSP": "CAC-COSP", "CTOC/COP": "CTOC-COP"}


def _organ_before(
    text: str, kw_start: int, confs: list[tuple[int, int, str]] = (), conferences: frozenset[str] = frozenset()
) -> tuple[str | None, str | None, int]:
    """The organ named right before the keyword at ``kw_start``: (code, context word, phrase start).

    code is a named organ (``GA``, ``CND`` ...), a conference of parties (``CTOC-COP``), ``OTHER`` for
    a body we do not resolve, or None; the context word is ``its``/``Assembly``/``Council``/``Commission``
    or ``""`` for a bare keyword. ``confs`` are the conferences named in ``text`` (``_conference_mentions``),
    ``conferences`` those the citing document names.
    """
    base = max(0, kw_start - 300)  # a window: an organ's name is never longer, and texts can be long
    head = text[base:kw_start].rstrip()
    # "Conference of the Parties to the ... Convention ... resolution 10/4", "... Conference of the
    # Parties ..., in particular its resolution 10/4", "Conference resolution 10/4"
    for cs, ce, ccode in reversed(confs):
        if ce > kw_start:
            continue
        if _CONF_GAP.fullmatch(text, ce, kw_start):
            return ccode, None, cs
        break
    if head.endswith("Conference"):
        earlier = [c for cs, ce, c in confs if ce <= kw_start and c != "OTHER"]
        code = earlier[-1] if earlier else (next(iter(conferences)) if len(conferences) == 1 else "OTHER")
        return code, None, base + len(head) - len("Conference")
    for name, code in _NAMED_ORGANS:
        if head.endswith(name):
            return code, None, base + len(head) - len(name)
    # "Commission on Narcotic Drugs" spelt with its possessive: "the Commission's resolution" is rare; ignore
    m = re.search(r"(?:\b(its|their|Assembly|Council|Commission))$", head)
    if m and m.group(1) == "its":
        # "established by the Human Rights Council in its resolution 39/2": "its" is the body just named
        mi = _NAMED_IN_ITS.search(head)
        if mi:
            return dict(_NAMED_ORGANS)[mi.group("org")], None, base + m.start()
    if m:
        word = m.group(1)
        if word == "their":
            return "OTHER", None, base + m.start()
        if word in ("Council", "Assembly", "Commission"):
            # "Trade and Development Board Council", "Environment Assembly": a named body we do not resolve
            if _OTHER_BODY_END.search(head) and not head.endswith(("the Council", "the Assembly", "the Commission")):
                before = head[: m.start()].rstrip()
                if re.search(r"[A-Z][\w\-]*$", before) and not re.search(
                    r"(?:^|[\s,(])(?:Recalling|Noting|Welcoming|Reaffirming|Recognizing|Bearing|Taking|Mindful|"
                    r"See|In|On|Pursuant|and|of|in|to|with|by)$",
                    before,
                ):
                    return "OTHER", None, base + m.start()
        return None, word, base + m.start()
    if re.search(r"(?:annex(?:\s+[IVX]+)?|sect\.?\s*[A-Z][A-Z.]*|chap\.\s*[IVX]+)\s*,\s*$", head):
        # "(A/77/53/Add.1), chap. III, sect. A, resolution 51/4": Supplement No. 53 is the Human Rights
        # Council's report, so its resolutions are the Council's; another report's are not ours to name
        if re.search(r"\bA/\d{2}/53(?:/Add\.\d+)?\b[^()]{0,40}\)?[^()]{0,60}$", head[-200:]):
            return "HRC", None, kw_start
        rm = _REPORT_OF.search(head[-120:])
        if rm:  # "See CAC/COSP/2021/17, sect. I.A, resolution 9/2": the report of that conference
            return _REPORT_CONFERENCE[rm.group("series")], None, kw_start
        return "OTHER", None, kw_start  # "(E/2015/27), chap. I, sect. C, resolution 59/1": another body's, in that report
    if _OTHER_BODY_END.search(head):
        m2 = re.search(r"[A-Z][\w\-]*$", head)
        if m2 and head[m2.start() :] not in ("Recalling", "Noting", "See", "Also", "Resolution"):
            return "OTHER", None, base + m2.start()
    return None, "", kw_start


_SUBJECT_AFTER = re.compile(
    r"[^.;]{0,200}?,\s*the\s+(?P<org>" + "|".join(re.escape(n) for n, _ in _NAMED_ORGANS) + r")\b(?!\s+resolution)"
)


_GA_SESSION_NUMBER = re.compile(r"A/(?:RES|DEC)/(\d+)/")


def _not_ga(target: str) -> bool:
    """True for ``A/RES/10/4``: a General Assembly number it never gave (before 1976 it numbered ``3452 (XXX)``)."""
    m = _GA_SESSION_NUMBER.match(target)
    return bool(m) and int(m.group(1)) < _FIRST_GA_SESSION_NUMBERED


def _subject_after(text: str, end: int) -> str | None:
    """The organ named as subject right after "in its resolution X, ..., the General Assembly had ..."."""
    m = _SUBJECT_AFTER.match(text, end)
    return dict(_NAMED_ORGANS)[m.group("org")] if m else None


def _parse_run(ctx: _Ctx, pos: int, decision: bool) -> tuple[list[_Item], int]:
    """Parse a list of resolution numbers starting at ``pos``; returns the items and the end offset."""
    text = ctx.text
    items: list[_Item] = []
    group = 0
    while True:
        m = NUM_RE.match(text, pos)
        if not m:
            break
        item = _Item(num=m.group("num"), start=m.start(), end=m.end(), decision=decision, num_end=m.end(), group=group)
        pos = m.end()
        # modifiers in any order, each at most once
        progress = True
        while progress:
            progress = False
            for rx in (_MOD_LETTERS, _MOD_SECTION, _MOD_PARA, _MOD_ANNEX, _MOD_DATE, _MOD_ENTITLED, _POST_WHICH_SECTION, _MOD_ON_LIST, _MOD_ON):
                mm = rx.match(text, pos)
                if not mm:
                    continue
                if rx is _MOD_LETTERS:
                    if not re.search(r"[A-Z]$", item.num) or mm.end() == pos:
                        continue
                elif rx is _MOD_ANNEX:
                    item.annex = True
                elif rx is _MOD_SECTION or rx is _POST_WHICH_SECTION:
                    if item.target_paragraph:
                        continue
                    gd = mm.groupdict()
                    item.target_paragraph = _anchor(gd.get("sec"), gd.get("sub"), gd.get("para"), gd.get("a"), gd.get("i"))
                elif rx is _MOD_PARA:
                    if item.target_paragraph:
                        continue
                    item.target_paragraph = _anchor(None, None, mm.group("para"), mm.group("a"), mm.group("i"))
                elif rx is _MOD_DATE:
                    if item.stated_date:
                        continue
                    item.stated_date = _iso(mm.group(1), mm.group(2), mm.group(3))
                elif rx is _MOD_ENTITLED or rx is _MOD_ON or rx is _MOD_ON_LIST:
                    if item.stated_title or item.part_titled or (rx is not _MOD_ENTITLED and NUM_RE.search(mm.group("title"))):
                        continue
                    if rx is _MOD_ON and not _SEP.match(text, mm.end()):
                        continue  # a title is taken here only when the list goes on after it
                    if item.target_paragraph and item.target_paragraph.startswith("sec-"):
                        # "resolution 1992/22, section I, entitled ...": the section's title, not the resolution's
                        item.part_titled = True
                    else:
                        item.stated_title = mm.group("title").strip().rstrip(",")
                pos = mm.end()
                item.end = pos
                progress = True
        items.append(item)
        sep = _SEP.match(text, pos)
        if not sep:
            break
        again = sep.group("again")
        if again and again.startswith("decision") != decision:
            break  # "decision 18/120 ... and resolutions 24/14": a new run of the other kind
        if again:
            group += 1
        nxt = re.compile(r"(?:(?:resolutions?|decisions?)\s+)?").match(text, sep.end())
        pos = nxt.end() if nxt else sep.end()
    if items:
        # a title ("on human rights in ...") after the last number, and an organ stated after the list
        last = items[-1]
        mt = _MOD_TRAIL_ORGAN.match(text, last.end)
        if mt:
            org = mt.group("org")
            code = dict(_NAMED_ORGANS).get(org)
            for it in items:
                if it.organ_word in ("", None) and it.organ is None and it.group == last.group:
                    if code:
                        it.organ = code
                    else:
                        it.organ_word = org
            last.end = mt.end()
            md = _MOD_DATE.match(text, last.end)
            if md and not last.stated_date:
                last.stated_date = _iso(md.group(1), md.group(2), md.group(3))
                last.end = md.end()
        else:
            trail = None
            mc = _TRAIL_BY.match(text, last.end)
            if mc:
                trail = next(((ce, code) for cs, ce, code in ctx.confs if cs == mc.end()), None)
            if trail is None:
                mo = _TRAIL_OTHER.match(text, last.end)
                if mo:
                    trail = (mo.end(), "OTHER")
            if trail:
                for it in items:
                    if it.organ_word in ("", None) and it.organ is None and it.group == last.group:
                        it.organ = trail[1]
                if trail[1] != "OTHER":
                    last.end = trail[0]
        # "resolutions 7/8 of ... and 8/4 of ... of the Conference ... on corruption in sport": after a list
        # whose other numbers have no title of their own, "on ..." is what they are about, no one's title
        shared = len(items) > 1 and all(it.stated_title is None for it in items[:-1])
        if last.stated_title is None and not last.part_titled:
            mo = None if shared else _MOD_ON.match(text, last.end)
            if mo and not NUM_RE.search(mo.group("title")):
                last.stated_title = mo.group("title").strip()
                last.end = mo.end()
            me = _MOD_ENTITLED.match(text, last.end)
            if me and last.stated_title is None:
                last.stated_title = me.group("title").strip()
                last.end = me.end()
        # "resolutions A, B of <date>" after a list (the date belongs to the last one only)
        for it in items[:-1]:
            if it.stated_title is None:
                mo = _MOD_ON.match(text, it.end)
                if mo and not NUM_RE.search(mo.group("title")):
                    it.stated_title = mo.group("title").strip()
    return items, (items[-1].end if items else pos)


def _resolution_citations(ctx: _Ctx) -> list[Citation]:
    text = ctx.text
    out: list[Citation] = []
    last_named: tuple[int, str] | None = None  # (offset, organ code) of the last organ named with "resolution"
    covered_end = -1
    of_body = [(m.start(), dict(_NAMED_ORGANS)[m.group("org")]) for m in _OF_BODY.finditer(text)]
    named_numbers: dict[str, str] = {}  # number -> organ it was cited with by name in this text
    for kw in _KEYWORD.finditer(text):
        if kw.start() < covered_end:
            continue
        decision = kw.group("kw").lower().startswith("decision")
        code, word, phrase_start = _organ_before(text, kw.start(), ctx.confs, ctx.conferences)
        if code and code != "OTHER":
            last_named = (kw.start(), code)
        items, end = _parse_run(ctx, kw.end(), decision)
        if not items:
            if code == "OTHER":
                last_named = (kw.start(), "OTHER")
            continue
        covered_end = max(it.num_end for it in items)
        inherited = None
        for pos_, code_ in of_body:
            if pos_ < kw.start() and (last_named is None or pos_ > last_named[0]):
                last_named = (pos_, code_)
        if last_named and kw.start() - last_named[0] < 220 and ";" not in text[last_named[0] : kw.start()]:
            inherited = last_named[1]
        if code == "OTHER" or (word == "" and inherited == "OTHER" and not text[max(0, kw.start() - 40) : kw.start()].rstrip().endswith(("its", "General Assembly"))):
            continue
        # what precedes the organ phrase: "section VI of its resolution", "paragraph 12 of", "the annex to"
        pre_base = max(0, phrase_start - 200)
        pre_head = text[pre_base:phrase_start].rstrip() + " "
        pre_start = phrase_start
        pre_anchor = None
        pre_annex = False
        for rx in (_PRE_SECTION, _PRE_PARA, _PRE_ANNEX):
            pm = rx.search(pre_head)
            if pm:
                if rx is _PRE_ANNEX:
                    pre_annex = True
                else:
                    gd = pm.groupdict()
                    pre_anchor = _anchor(gd.get("sec"), gd.get("sub"), gd.get("para"), gd.get("a"), gd.get("i"))
                pre_start = pre_base + pm.start()
                break
        for n, it in enumerate(items):
            if it.organ == "OTHER" and not (it.group == 0 and code):
                continue  # "of the United Nations Environment Assembly": a body the scheme has no id for
            # the organ named before the keyword is that of the numbers it introduces, whatever follows
            organ = code if it.group == 0 and code and code != "OTHER" else (it.organ or code)
            if organ is None and word == "" and re.sub(r"\s+", "", it.num) in named_numbers:
                organ = named_numbers[re.sub(r"\s+", "", it.num)]  # "... submitted pursuant to resolution 43/1"
            if organ is None and word == "its":
                subject = _subject_after(text, end)
                if subject and _canonical(subject, it.num, decision):
                    organ = subject
            if organ is None or organ == "OTHER":
                organ = _organ_for_context(it.organ_word if it.organ_word is not None else (word or ""), ctx.organ, it.num, inherited)
            if organ == "SC" or _number_parts(it.num)[0] == "sc":
                organ = "SC"
            target = _canonical(organ, it.num, decision)
            if target is None and code:
                # "General Assembly and Security Council resolutions 70/262 and 2282 (2016)": a number the
                # named organ cannot have belongs, by its shape, to the other one
                target = _canonical(_organ_for_context("", ctx.organ, it.num, None), it.num, decision)
            if target is not None and _not_ga(target):
                # "resolution 10/4" in a GA text, with the Conference of the Parties named elsewhere in the sentence
                conf = ctx.nearest_conference(it.start, it.num_end)
                target = _canonical(conf, it.num, decision) if conf else None
            if target is None:
                continue
            if code and code != "OTHER":
                named_numbers[re.sub(r"\s+", "", it.num)] = organ
            start = pre_start if n == 0 else it.start
            if n == 0 and pre_anchor is None and not pre_annex:
                start = phrase_start
            out.append(
                Citation(
                    paragraph=ctx.paragraph,
                    target=target,
                    target_paragraph=it.target_paragraph or (pre_anchor if n == 0 else None),
                    relation=ctx.relation_at(start),
                    text=text[start : it.end],
                    annex=it.annex or (pre_annex and n == 0),
                    stated_date=it.stated_date,
                    # "section I of its resolution 1992/22, entitled ...": the section's title
                    stated_title=None if n == 0 and pre_anchor and pre_anchor.startswith("sec-") else it.stated_title,
                    start=start,
                    end=it.end,
                )
            )
            ctx.take(it.start, it.end)
    # numbers left over in a sentence that names resolutions ("resolutions 46/152 of ... on ... and 47/91")
    by_end = sorted(((c.end, i) for i, c in enumerate(out)))
    for m in _NEW_NUM.finditer(text):
        if not ctx.free(m.start(), m.end()):
            continue
        k = bisect.bisect_right(by_end, (m.start(), len(out)))
        if not k:
            continue
        ref = out[by_end[k - 1][1]]
        if m.start() - ref.end > 300:
            continue
        gap = text[ref.end : m.start()]
        if ";" in gap or re.search(r"[.!?]\s+[A-Z]", gap):
            continue
        if not re.search(r"\b(?:and|as well as|or)\s+$", gap):
            continue
        organ = {"A/": "GA", "E/": "ECOSOC"}.get(ref.target[:2])
        if ref.target.startswith("A/HRC/"):
            organ = "HRC"
        for code in ("CCPCJ", "CND", "CHR", "CSW", "CSocD", *CONFERENCES):
            if ref.target.startswith(code + "/"):
                organ = code
        if organ is None:
            continue
        decision = "/DEC/" in ref.target
        items, end = _parse_run(ctx, m.start(), decision)
        for it in items:
            target = _canonical(organ, it.num, decision)
            if target is not None and _not_ga(target):
                conf = ctx.nearest_conference(it.start, it.num_end)
                target = _canonical(conf, it.num, decision) if conf else None
            if target is None:
                continue
            out.append(
                Citation(
                    paragraph=ctx.paragraph,
                    target=target,
                    target_paragraph=it.target_paragraph,
                    relation=ctx.relation_at(it.start),
                    text=text[it.start : it.end],
                    annex=it.annex,
                    stated_date=it.stated_date,
                    stated_title=it.stated_title,
                    start=it.start,
                    end=it.end,
                )
            )
            bisect.insort(by_end, (it.end, len(out) - 1))
            ctx.take(it.start, it.end)
    return out


def _symbol_citations(ctx: _Ctx) -> list[Citation]:
    text = ctx.text
    out: list[Citation] = []
    for m in SYMBOL_RE.finditer(text):
        sym = m.group("sym").rstrip(".-")
        if not re.search(r"\d", sym) or "/" not in sym:
            continue
        if re.match(r"[IVX]+/", sym):
            continue  # "decision II/10" of a conference of parties: a roman numeral is no document series
        # a series needs letters before the first slash: "A", "E/CN.15", "CAC/COSP"
        end = m.start() + len(sym)
        if not ctx.free(m.start(), end):
            continue
        relation = ctx.relation_at(m.start())
        out.append(
            Citation(
                paragraph=ctx.paragraph,
                target=canonical_symbol(sym),
                relation=relation,
                text=sym,
                start=m.start(),
                end=end,
            )
        )
        ctx.take(m.start(), end)
    for m in SALES_RE.finditer(text):
        out.append(
            Citation(
                paragraph=ctx.paragraph,
                target=f"Sales No. {m.group('sales')}",
                relation=ctx.relation_at(m.start()),
                text=m.group(0),
                start=m.start(),
                end=m.end(),
            )
        )
        ctx.take(m.start(), m.end())
    return out


_INTERNAL = re.compile(
    r"\bparagraphs?\s+(?P<list>\d+(?:\s*\([a-z]{1,3}\))?(?:\s*\([ivx]+\))?"
    r"(?:\s*(?:,|and|to|-|–)\s*\d+(?:\s*\([a-z]{1,3}\))?(?:\s*\([ivx]+\))?)*)\s+(?P<dir>above|below)\b"
)
_INTERNAL_ONE = re.compile(r"(?P<n>\d+)(?:\s*\((?P<a>[a-z]{1,3})\))?(?:\s*\((?P<i>[ivx]+)\))?")


def _internal_citations(ctx: _Ctx, section: str | None) -> list[Citation]:
    text = ctx.text
    out: list[Citation] = []
    prefix, kind = "", "op"
    m = _SECTION_ANCHOR.match(ctx.paragraph or "")
    if m:
        prefix, kind = m.group("prefix"), m.group("kind")
    elif section:
        prefix = section + "-"
    if section is not None and not m:
        prefix = section + "-" if section else ""
    for im in _INTERNAL.finditer(text):
        listing = im.group("list")
        nums = list(_INTERNAL_ONE.finditer(listing))
        anchors: list[str] = []
        if len(nums) == 2 and re.search(r"\bto\b|[-–]", listing[nums[0].end() : nums[1].start()]):
            lo, hi = int(nums[0].group("n")), int(nums[1].group("n"))
            if 0 < hi - lo <= 50:
                anchors = [f"{prefix}{kind}-{k}" for k in range(lo, hi + 1)]
        if not anchors:
            for nm in nums:
                a = f"{prefix}{kind}-{nm.group('n')}"
                if nm.group("a"):
                    a += f"-{nm.group('a')}"
                    if nm.group("i"):
                        a += f"-{nm.group('i')}"
                anchors.append(a)
        for a in anchors:
            out.append(
                Citation(
                    paragraph=ctx.paragraph,
                    target=ctx.source,
                    target_paragraph=a,
                    relation=ctx.relation_at(im.start()),
                    text=im.group(0),
                    internal=True,
                    start=im.start(),
                    end=im.end(),
                )
            )
        ctx.take(im.start(), im.end())
    return out


def citations_in(
    text: str,
    *,
    organ: Organ,
    paragraph: str = "",
    relation: str | None = None,
    source: str = "",
    section: str | None = None,
    default_relation: str = "cites",
    conferences: frozenset[str] = frozenset(),
) -> list[Citation]:
    """Every citation in ``text`` (plain text of one paragraph or footnote), in text order.

    ``organ`` is the citing document's organ ("its resolution" means that organ's resolution when the
    number's shape allows); ``paragraph`` the citing anchor (its section prefix qualifies internal
    references: in ``sec-iii-op-8`` "paragraph 5 above" is ``sec-iii-op-5``); ``relation`` forces the
    relation (else it comes from the nearest lexicon verb before each citation); ``source`` is the
    citing work's id, the target of internal references; ``section`` overrides the section prefix;
    ``default_relation`` is the relation when no lexicon phrase precedes a citation (a sub-paragraph's
    parent verb); ``conferences`` the conferences of parties the citing document names
    (``document_conferences``), which settle "the Conference of the States Parties to the Convention" and
    session numbers the General Assembly never gave (``resolution 5/6`` in a text on the Convention against
    Corruption).

    Example: ``citations_in("Recalling its resolution 2003/30 of 22 July 2003,", organ=Organ.ECOSOC)``
    gives one citation of ``E/RES/2003/30`` with ``stated_date`` ``2003-07-22``.
    """
    if not _DIGIT.search(text):
        return []  # every citation has a number: most paragraphs have none
    ctx = _Ctx(
        text=text, organ=organ, paragraph=paragraph, relation=relation, source=source, default=default_relation,
        conferences=frozenset(conferences),
    )
    found = _internal_citations(ctx, section) if "aragraph" in text else []
    if "/" in text or "Sales" in text:
        found += _symbol_citations(ctx)
    if "esolution" in text or "ecision" in text:
        found += _resolution_citations(ctx)
    found.sort(key=lambda c: (c.start, c.end))
    return found


# --------------------------------------------------------------------------- #
# Instruments
# --------------------------------------------------------------------------- #

INSTRUMENTS_PATH = Path(__file__).with_name("data") / "instruments.yaml"


@dataclass(frozen=True)
class Instrument:
    """One standard or norm (a rule set, declaration, model treaty, convention) from ``instruments.yaml``."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    category: int | None = None
    """The category of ECOSOC resolution 2003/30 (1-4) it belongs to, when known."""
    adopted_by: str | None = None
    """Canonical id of the adopting resolution (``A/RES/45/110``), null where no source gives it."""
    annex: bool = False
    """True when the instrument is the annex of ``adopted_by``."""
    source: str | None = None
    """Where the adopting resolution is stated (the guide, a seed footnote, a UNxml text)."""
    related: tuple[str, ...] = ()
    """Other resolutions the source names with it (``A/RES/52/88`` for the Model Treaty on Extradition)."""
    publication: str | None = None
    """Sales number, for a publication (``Sales No. E.92.IV.1``)."""


@lru_cache(maxsize=1)
def instruments() -> tuple[Instrument, ...]:
    """The instruments registry (``compendium/data/instruments.yaml``)."""
    if not INSTRUMENTS_PATH.exists():
        return ()
    data = yaml.safe_load(INSTRUMENTS_PATH.read_text(encoding="utf-8")) or []
    out = []
    for e in data:
        out.append(
            Instrument(
                id=str(e["id"]),
                name=str(e["name"]),
                aliases=tuple(str(a) for a in e.get("aliases") or ()),
                category=e.get("category"),
                adopted_by=e.get("adopted_by"),
                annex=bool(e.get("annex", False)),
                source=e.get("source"),
                related=tuple(e.get("related") or ()),
                publication=e.get("publication"),
            )
        )
    return tuple(out)


@lru_cache(maxsize=1)
def _instrument_regex() -> tuple[re.Pattern, dict[str, str], tuple[str, ...]]:
    """The names and aliases as one pattern, folded name -> id, and one word of each name (its longest)
    that a text must hold, lower-cased, for the pattern to be worth trying."""
    names: dict[str, str] = {}
    for inst in instruments():
        for n in (inst.name, *inst.aliases):
            names[_fold(n)] = inst.id
    alts = sorted(names, key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(w) for w in a.split()) for a in alts) or r"(?!x)x"
    keys = tuple(sorted({max(re.findall(r"\w+", a), key=len) for a in alts if re.search(r"\w", a)}))
    return re.compile(r"(?<![\w])(?:" + body + r")(?![\w])", re.IGNORECASE), names, keys


def _fold(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("’", "'")).strip().lower()


def instruments_in(text: str) -> list[tuple[str, int, int]]:
    """Instruments named in ``text``: (instrument id, start, end), longest name first at each place.

    ``instruments_in("the United Nations Standard Minimum Rules for Non-custodial Measures (the Tokyo Rules)")``
    finds ``tokyo-rules`` twice (the name and the alias).
    """
    rx, names, keys = _instrument_regex()
    folded = text.replace("’", "'")
    low = folded.lower()
    if not any(k in low for k in keys):
        return []  # the alternation of every name is tried at every offset: only where it can match
    out = []
    for m in rx.finditer(folded):
        iid = names.get(_fold(m.group(0)))
        if iid:
            out.append((iid, m.start(), m.end()))
    return out


# --------------------------------------------------------------------------- #
# The link graph of a corpus
# --------------------------------------------------------------------------- #

@dataclass(frozen=True)
class Place:
    """One citing place: a paragraph (or footnote) of an expression, with its file and line."""

    doc_id: str
    work: str
    paragraph: str
    path: Path
    line: int


@dataclass
class CitedBy:
    """One citation of a work, paragraph-precise."""

    place: Place
    citation: Citation


@dataclass
class Stub:
    """A cited target that is not in the corpus, with everything the citing texts say of it."""

    symbol: str
    organ: str
    """``GA``, ``ECOSOC``, ``SC``, ``HRC``, ``CCPCJ``, ``CND``, ``CHR`` ..., ``document`` or ``publication``."""
    dates: list[str] = field(default_factory=list)
    """Distinct dates stated by citing texts (ISO), in first-seen order."""
    titles: list[str] = field(default_factory=list)
    """Distinct titles stated by citing texts, in first-seen order."""
    cited_for: list[str] = field(default_factory=list)
    """The parts cited (``sec-iii-op-7-c``, ``annex``), in first-seen order; empty when only cited as a whole."""
    relations: dict[str, int] = field(default_factory=dict)
    """How often each relation (recalls, takes note ...) cites it."""
    citing: list[CitedBy] = field(default_factory=list)
    """Every citing paragraph."""
    _title_keys: set[str] = field(default_factory=set, repr=False, compare=False)

    @property
    def target(self) -> str:
        """The canonical id (same as ``symbol``)."""
        return self.symbol

    @property
    def date(self) -> str | None:
        """The date the citing texts state (the first stated), or None."""
        return self.dates[0] if self.dates else None

    @property
    def title(self) -> str | None:
        """The title the citing texts state (the first stated), or None."""
        return self.titles[0] if self.titles else None


@dataclass
class DocumentRef:
    """A cited target with every place that cites it (``Links.documents_index``)."""

    symbol: str
    kind: str
    """``resolution``, ``decision``, ``document`` or ``publication``."""
    in_corpus: bool
    places: list[CitedBy] = field(default_factory=list)


def organ_of_target(target: str) -> str:
    """The organ (or kind) a canonical target id belongs to: ``A/RES/55/2`` -> ``GA``."""
    rules = [
        (r"^A/HRC/(?:RES|DEC)/", "HRC"),
        (r"^A/(?:RES|DEC)/", "GA"),
        (r"^E/(?:RES|DEC)/", "ECOSOC"),
        (r"^S/RES/", "SC"),
        (r"^(CCPCJ|CND|CHR|CSW|CSocD|CTOC-COP|CAC-COSP)/", None),
        (r"^Sales No\.", "publication"),
    ]
    for rx, organ in rules:
        m = re.match(rx, target)
        if m:
            return organ or m.group(1)
    return "document"


def _kind_of_target(target: str) -> str:
    if target.startswith("Sales No."):
        return "publication"
    if "/DEC/" in target:
        return "decision"
    if re.search(r"(?:^|/)RES/", target):
        return "resolution"
    return "document"


_ENTITLED = re.compile(r"\bentitled\b")
_TITLE_TAIL = re.compile(r"\s*,?\s*and\s+(?:its\s+)?subsequent\s+resolutions?\b.*$")


def _norm_title(t: str) -> str:
    """A stated title as compared: case, quotes, a leading article or "on", punctuation and dash variants
    (``-``, U+2011, en dash), an "and subsequent resolutions ..." tail do not count."""
    t = re.sub(r"[\"“”'‘’]", "", t).strip().lower()
    t = _TITLE_TAIL.sub("", t)
    t = re.sub(r"^(?:(?:the|a|an|on)\s+)+", "", t)
    return re.sub(r"\W+", " ", t).strip()


def _titles_disagree(titles: list[str]) -> bool:
    """True when two stated titles differ beyond one being part of the other (one text shortening it:
    "on anti-corruption education" beside "entitled 'Promoting anti-corruption education, ...'")."""
    norm = [f" {_norm_title(t)} " for t in titles]
    return any(a not in b and b not in a for i, a in enumerate(norm) for b in norm[i + 1 :])


_SKIP_KINDS = {Kind.FORMULA, Kind.CLOSING, Kind.EMBEDDED}


class Links:
    """The citation graph of a corpus (built by ``link_corpus``)."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.problems: list[Problem] = []
        """Warnings: stated dates contradicting the corpus, disagreeing stubs, internal references to nowhere."""
        self._by_doc: dict[str, list[CitedBy]] = defaultdict(list)
        self._footnotes: dict[str, list[CitedBy]] = defaultdict(list)
        self._works: dict[str, str] = {}  # upper-cased canonical symbol -> work id
        self._primary: dict[str, Document | None] = {}  # work id -> the expression that stands for it
        for work, docs in corpus.works().items():
            self._works[canonical_symbol(work).upper()] = work
            # Corpus.primary groups the whole corpus on every call; asked once per work it is quadratic
            self._primary[work] = Corpus(corpus.root, docs).primary(work)

    # -- lookups ---------------------------------------------------------------
    def resolve(self, target: str) -> str | None:
        """The corpus work a canonical target id names, or None when the corpus lacks it."""
        work = self._works.get(target.upper())
        return work if work is not None else self._works.get(canonical_symbol(target).upper())

    def cites(self, doc_id: str) -> list[Citation]:
        """Every citation an expression makes: per paragraph (a footnote's citations also under each paragraph
        referencing it), then per footnote (``fn-N``)."""
        return [cb.citation for cb in self._by_doc.get(doc_id, [])]

    def cited_by(self, work_or_target: str) -> dict[str, list[CitedBy]]:
        """Who cites a work (or an absent target), grouped by relation, each entry a citing paragraph.

        Footnote citations count for the paragraphs that reference the footnote (a footnote no
        paragraph references counts as ``fn-N`` itself).
        """
        key = self.resolve(work_or_target) or canonical_symbol(work_or_target)
        out: dict[str, list[CitedBy]] = defaultdict(list)
        for cb in self._incoming.get(key, []):
            out[cb.citation.relation].append(cb)
        return dict(out)

    def stubs(self) -> list[Stub]:
        """Every cited target absent from the corpus, sorted by symbol."""
        return [self._stubs[k] for k in sorted(self._stubs)]

    def ancestors(self, work: str, depth: int = 2) -> dict[str, int]:
        """Works (and absent targets) ``work`` cites, up to ``depth`` generations: id -> generation (1 = cited)."""
        return self._walk(work, depth, self._out_edges)

    def descendants(self, work: str, depth: int = 2) -> dict[str, int]:
        """Works that cite ``work``, up to ``depth`` generations: id -> generation (1 = cites it)."""
        return self._walk(work, depth, self._in_edges)

    def documents_index(self) -> list[DocumentRef]:
        """Every target cited anywhere (text or footnotes), with where, sorted by symbol."""
        out: dict[str, DocumentRef] = {}
        for doc_id, entries in self._by_doc.items():
            for cb in entries:
                c = cb.citation
                if c.internal:
                    continue
                key = self.resolve(c.target) or c.target
                ref = out.get(key)
                if ref is None:
                    ref = out[key] = DocumentRef(key, _kind_of_target(key), self.resolve(key) is not None)
                ref.places.append(cb)
        return [out[k] for k in sorted(out)]

    def instrument_mentions(self) -> dict[str, list[tuple[Place, int, int]]]:
        """Instrument id -> every paragraph (or footnote) that names it, with offsets in its plain text."""
        out: dict[str, list[tuple[Place, int, int]]] = defaultdict(list)
        for doc in self.corpus.documents:
            for p in doc.paragraphs:
                if p.kind in _SKIP_KINDS:
                    continue
                for iid, s, e in instruments_in(p.text):
                    out[iid].append((Place(doc.id, doc.work, p.anchor, doc.path, p.line), s, e))
            for fn in doc.footnotes.values():
                if fn.text:
                    for iid, s, e in instruments_in(fn.text):
                        out[iid].append((Place(doc.id, doc.work, fn.anchor, doc.path, fn.line), s, e))
        return dict(out)

    # -- internals -------------------------------------------------------------
    def _walk(self, work: str, depth: int, edges) -> dict[str, int]:
        start = self.resolve(work) or work
        seen: dict[str, int] = {}
        frontier = [start]
        for gen in range(1, depth + 1):
            nxt = []
            for w in frontier:
                for t in sorted(edges.get(w, ())):
                    if t != start and t not in seen:
                        seen[t] = gen
                        nxt.append(t)
            frontier = nxt
        return seen

    def _build(self) -> None:
        self._incoming: dict[str, list[CitedBy]] = defaultdict(list)
        self._out_edges: dict[str, set[str]] = defaultdict(set)
        self._in_edges: dict[str, set[str]] = defaultdict(set)
        self._stubs: dict[str, Stub] = {}
        primary = self._primary
        for doc in self.corpus.documents:
            is_primary = primary.get(doc.work) is doc
            for cb in self._paragraph_level(doc):
                c = cb.citation
                if c.internal:
                    continue
                work = self.resolve(c.target)
                key = work or c.target
                self._incoming[key].append(cb)
                if is_primary and key != doc.work:
                    self._out_edges[doc.work].add(key)
                    self._in_edges[key].add(doc.work)
                if work is None:
                    self._stub_add(key, cb)

    def _paragraph_level(self, doc: Document) -> list[CitedBy]:
        """Citations as paragraphs see them: a footnote's count for each paragraph referencing it."""
        referenced = {m for p in doc.paragraphs for m in p.footnotes}
        out = []
        for cb in self._by_doc.get(doc.id, []):
            if cb.citation.paragraph.startswith("fn-") and cb.citation.paragraph[3:] in referenced:
                continue  # counted through the referencing paragraphs' copies
            out.append(cb)
        return out

    def _stub_add(self, key: str, cb: CitedBy) -> None:
        c = cb.citation
        stub = self._stubs.get(key)
        if stub is None:
            stub = self._stubs[key] = Stub(symbol=key, organ=organ_of_target(key))
        stub.citing.append(cb)
        stub.relations[c.relation] = stub.relations.get(c.relation, 0) + 1
        part = c.target_paragraph or ("annex" if c.annex else None)
        if part and part not in stub.cited_for:
            stub.cited_for.append(part)
        if c.stated_date and c.stated_date not in stub.dates:
            stub.dates.append(c.stated_date)
        if c.stated_title:
            norm = _norm_title(c.stated_title)
            if norm not in stub._title_keys:
                stub._title_keys.add(norm)
                stub.titles.append(c.stated_title)

    def _anchors(self, doc: Document) -> frozenset[str]:
        cache = self.__dict__.setdefault("_anchor_sets", {})
        if doc.id not in cache:
            cache[doc.id] = frozenset(p.anchor for p in doc.paragraphs)
        return cache[doc.id]

    def _check(self) -> None:
        by_id = self.corpus.by_id()
        for doc_id, entries in self._by_doc.items():
            doc = by_id[doc_id]
            anchors = {p.anchor for p in doc.paragraphs}
            for cb in entries:
                c = cb.citation
                where = f"{doc.symbol} {cb.place.paragraph}"
                if c.internal:
                    if c.target_paragraph not in anchors and not cb.place.paragraph.startswith("fn-"):
                        self.problems.append(
                            warning(
                                cb.place.path,
                                cb.place.line,
                                f"{where}: '{c.text}' points to paragraph {c.target_paragraph}, which this text does not "
                                "have; correct the reference or the numbering",
                                "internal-reference",
                            )
                        )
                    continue
                work = self.resolve(c.target)
                if work and work == doc.work and doc.version.value != "corrigendum":
                    # A text citing its own symbol is a misprinted number (a corrigendum does name its text).
                    self.problems.append(
                        error(
                            cb.place.path,
                            cb.place.line,
                            f"{where}: '{c.text}' cites this resolution itself; correct the symbol "
                            "(a reference within the text reads 'paragraph 5 above')",
                            "self-citation",
                        )
                    )
                if work and c.target_paragraph:
                    target = self._primary.get(work)
                    if target is not None and c.target_paragraph not in self._anchors(target):
                        self.problems.append(
                            warning(
                                cb.place.path,
                                cb.place.line,
                                f"{where}: cites {c.target_paragraph} of {c.target}, which {target.path.name} does not "
                                "have; correct the reference or the target's numbering",
                                "target-paragraph",
                            )
                        )
                if work and c.stated_date:
                    target = self._primary.get(work)
                    if target is not None and target.date and target.date != c.stated_date:
                        self.problems.append(
                            warning(
                                cb.place.path,
                                cb.place.line,
                                f"{where}: cites {c.target} as of {c.stated_date}, but the corpus dates it "
                                f"{target.date} ({target.path.name}); correct whichever is wrong",
                                "citation-date",
                            )
                        )
        for stub in self.stubs():
            # a title quoted after "entitled" is the title; "on ..." only says what a resolution is about, and
            # texts word that differently ("on youth", "on the maintenance of international peace and security")
            quoted = [cb for cb in stub.citing if cb.citation.stated_title and _ENTITLED.search(cb.citation.text)]
            titles = list(dict.fromkeys(cb.citation.stated_title for cb in quoted))
            for what, values in (("dates", stub.dates), ("titles", titles)):
                if len(values) < 2 or (what == "titles" and not _titles_disagree(values)):
                    continue
                first = stub.citing[0].place if what == "dates" else quoted[0].place
                said = []
                for cb in stub.citing if what == "dates" else quoted:
                    v = cb.citation.stated_date if what == "dates" else cb.citation.stated_title
                    if v:
                        said.append(f"{v!r} in {cb.place.doc_id} {cb.place.paragraph} ({cb.place.path.name}:{cb.place.line})")
                self.problems.append(
                    warning(
                        first.path,
                        first.line,
                        f"texts disagree on the {what[:-1]} of {stub.symbol}, which is not in the corpus: "
                        + "; ".join(dict.fromkeys(said))
                        + "; check the sources",
                        f"stub-{what[:-1]}",
                    )
                )


def _marker_offset(p: Paragraph, marker: str) -> int:
    """Offset in the paragraph's plain text where footnote ``marker`` is referenced."""
    at = p.markdown.find(f"[^{marker}]")
    if at < 0:
        return len(p.text)
    from compendium.model import plain_text

    return len(plain_text(p.markdown[:at]))


def _parent_relation(p: Paragraph, by_anchor: dict[str, Paragraph]) -> str:
    """The relation of the nearest enclosing paragraph's opening phrase (a sub-paragraph's "Requests")."""
    from compendium.lexicon import relation_of

    seen = 0
    q = by_anchor.get(p.parent) if p.parent else None
    while q is not None and seen < 8:
        phrase = q.verb  # the opening phrase, cached on the paragraph
        rel = relation_of(phrase) if phrase else None
        if rel:
            return rel
        q = by_anchor.get(q.parent) if q.parent else None
        seen += 1
    return "cites"


def link_corpus(corpus: Corpus) -> Links:
    """Find every citation of every paragraph and footnote, fill ``Paragraph.citations``, build the graph.

    A footnote's citations have paragraph ``fn-N``; each paragraph referencing the footnote also gets
    them (with its own anchor and the relation of the verb before the marker). Internal references
    target the citing work. Problems (warnings) are in ``Links.problems``.
    """
    # a build's corpus is millions of objects: the collector's passes over them while citations are made
    # cost more than the extraction itself, and nothing made here forms a cycle to collect
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _link(corpus)
    finally:
        if collecting:
            gc.enable()


def _link(corpus: Corpus) -> Links:
    links = Links(corpus)
    for doc in corpus.documents:
        organ = doc.organ
        doc_id = doc.id  # a property that builds the slug each time
        mine = links._by_doc[doc_id]
        confs = conferences_of(doc)
        fn_cites: dict[str, list[Citation]] = {}
        for marker, fn in doc.footnotes.items():
            if not fn.text:
                continue
            found = citations_in(
                fn.text, organ=organ, paragraph=fn.anchor, source=doc.work, relation="cites", conferences=confs
            )
            fn_cites[marker] = found
        users: dict[str, list[Paragraph]] = defaultdict(list)
        by_anchor = {p.anchor: p for p in doc.paragraphs}
        for p in doc.paragraphs:
            p.citations = []
            if p.kind in _SKIP_KINDS:
                continue
            text = p.text
            default = _parent_relation(p, by_anchor)
            own = citations_in(
                text, organ=organ, paragraph=p.anchor, source=doc.work, section=p.section or "", default_relation=default,
                conferences=confs,
            )
            for c in own:
                mine.append(CitedBy(Place(doc_id, doc.work, p.anchor, doc.path, p.line), c))
            via = []
            for marker in p.footnotes:
                if marker not in fn_cites:
                    continue
                users[marker].append(p)
                rel = _relation_at(text, _marker_offset(p, marker)) or default
                for c in fn_cites[marker]:
                    copy = Citation(**{**c.__dict__, "paragraph": p.anchor, "relation": rel, "start": -1, "end": -1})
                    via.append(copy)
                    mine.append(CitedBy(Place(doc_id, doc.work, p.anchor, doc.path, p.line), copy))
            p.citations = own + via
        for marker, found in fn_cites.items():
            fn = doc.footnotes[marker]
            rel = None
            if users.get(marker):
                first = users[marker][0]
                rel = _relation_at(first.text, _marker_offset(first, marker))
            for c in found:
                if rel:
                    c.relation = rel
                mine.append(CitedBy(Place(doc_id, doc.work, fn.anchor, doc.path, fn.line), c))
    links._build()
    links._check()
    return links
