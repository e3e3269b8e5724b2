"""Mandates: what operative paragraphs ask of whom, and by when.

Every operative paragraph (or sub-paragraph) whose verb requests, invites,
urges, calls upon, encourages or recommends becomes a ``Mandate``: the actor
(from ``data/actors.yaml``), what is asked, and the due session or year where
the text names one ("at its fifteenth session" of the Commission is 2006, by
``data/sessions.yaml``). A mandate to report is followed up when a later
resolution in the corpus takes note of a report of that actor on the same
subject.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from compendium.lexicon import opening_phrase, relation_of
from compendium.model import Corpus, Document, Kind, Paragraph, Version

DATA = Path(__file__).parent / "data"

_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TEENS = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
          "seventeenth", "eighteenth", "nineteenth"]
_TENS = ["twent", "thirt", "fort", "fift", "sixt", "sevent", "eight", "ninet"]


def ordinal_value(word: str) -> int | None:
    """The number an English ordinal names: ``fifteenth`` -> 15, ``seventy-ninth`` -> 79."""
    word = word.lower().strip()
    if word in _UNITS:
        return _UNITS.index(word) + 1
    if word in _TEENS:
        return _TEENS.index(word) + 10
    for i, stem in enumerate(_TENS):
        tens = (i + 2) * 10
        if word == stem + "ieth":
            return tens
        if word.startswith(stem + "y-") and word[len(stem) + 2:] in _UNITS:
            return tens + _UNITS.index(word[len(stem) + 2:]) + 1
    return None


@dataclass
class Actor:
    """An addressee of mandates, with the patterns that name it."""

    id: str
    label: str
    patterns: list[re.Pattern[str]]


@functools.cache
def actors() -> list[Actor]:
    """The actors of ``data/actors.yaml``, in matching order."""
    data = yaml.safe_load((DATA / "actors.yaml").read_text(encoding="utf-8"))
    return [Actor(a["id"], a["label"], [re.compile(p, re.IGNORECASE) for p in a["patterns"]])
            for a in data["actors"]]


@functools.cache
def mandate_relations() -> frozenset[str]:
    """Relations (from the verb lexicon) whose verbs give mandates."""
    data = yaml.safe_load((DATA / "actors.yaml").read_text(encoding="utf-8"))
    return frozenset(data["mandate_relations"])


@functools.cache
def _sessions() -> dict:
    return yaml.safe_load((DATA / "sessions.yaml").read_text(encoding="utf-8"))["bodies"]


@dataclass
class Due:
    """When a mandate is due, as the text says it and resolved where it can be."""

    text: str
    """The words of the text (``at its fifteenth session``, ``in 2006``)."""
    body: str | None = None
    """``ccpcj`` / ``ga`` for a session of a body."""
    session: int | None = None
    year: int | None = None

    @property
    def label(self) -> str:
        """``CCPCJ, 15th session (2006)``, ``2006`` or the text itself."""
        if self.session and self.body:
            year = f" ({self.year})" if self.year else ""
            return f"{self.body.upper()}, session {self.session}{year}"
        return str(self.year) if self.year else self.text


@dataclass
class Mandate:
    """One request of one paragraph to one actor."""

    document: str
    """Expression id of the mandating document."""
    symbol: str
    paragraph: str
    """Anchor of the mandating paragraph."""
    number: str
    """Citation label of the paragraph (``para. 9``, ``section III, para. 7 (c)``)."""
    date: str | None
    verb: str
    actor: str
    """Actor id (``secretary-general``), or ``other``."""
    actor_label: str
    addressee: str
    """The addressee as the text words it."""
    what: str
    """What is asked, as the text says it."""
    due: Due | None = None
    reports: bool = False
    """True when the mandate asks for a report."""
    followed_up_by: list[tuple[str, str]] = field(default_factory=list)
    """(document id, paragraph anchor) of later paragraphs that take note of the resulting report."""


_SESSION = re.compile(
    r"(?:(?:the|its)\s+(?P<body>Commission on Crime Prevention and Criminal Justice|Commission|General Assembly|Assembly)"
    r"[^;:.]{0,60}?)?\bat\s+its\s+(?P<ord>[a-z]+(?:-[a-z]+)?)\s+session", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:in|by|before|until|for)\s+(?:the\s+year\s+)?(?P<year>(?:19|20)\d\d)\b")


def due_of(text: str, document_year: int | None = None) -> Due | None:
    """The due session or year a mandate's text names, resolved to a year where possible."""
    m = _SESSION.search(text)
    if m:
        n = ordinal_value(m.group("ord"))
        if n is not None:
            named = (m.group("body") or "Commission").lower()
            body = "ga" if "assembly" in named else "ccpcj"
            first = _sessions()[body]["first_year"]
            year_m = _YEAR.search(text[m.end(): m.end() + 20])
            year = int(year_m.group("year")) if year_m else first + n - 1
            return Due(m.group(0).strip(), body, n, year)
    m = _YEAR.search(text)
    if m and (document_year is None or int(m.group("year")) >= document_year):
        return Due(m.group(0), year=int(m.group("year")))
    return None


def actor_of(text: str) -> tuple[Actor | None, str]:
    """The actor named right after the verb, and the addressee as worded (``the Secretary-General``).

    ``text`` is what follows the verb: ``the Secretary-General to report ...``,
    ``to Member States that they integrate ...``, ``that the relevant national
    authorities promote ...``.
    """
    text = re.sub(r"^(?:to|that)\s+", "", text.strip(), flags=re.IGNORECASE)
    head = re.split(r"\s+(?:to|that)\s+|[:;,]", text, maxsplit=1)[0]
    for actor in actors():
        for pattern in actor.patterns:
            m = pattern.match(text)
            if m:
                # "Member States and intergovernmental ... organizations to ..." keeps the whole
                # addressee; "the Secretary-General consider resorting" only the actor.
                whole = re.match(r"(?:\s+and\s+[^,;:]+)?$", text[m.end():len(head)])
                return actor, head if whole and len(head.split()) <= 12 else m.group(0)
    return None, " ".join(head.split()[:12])


def _after_verb(text: str, verb: str) -> str:
    rest = text[len(verb):].lstrip()
    return re.sub(r"^(?:also|further)\s+", "", rest, flags=re.IGNORECASE)


def mandates_in(doc: Document) -> list[Mandate]:
    """The mandates of one document's operative paragraphs, in document order.

    A paragraph that ends with a colon and lists its requests in sub-paragraphs
    (``Requests the Secretary-General: (a) To assist ...``) gives one mandate per
    sub-paragraph, with the actor of the paragraph.
    """
    from compendium.render import cite_label  # late: render imports the whole inline machinery

    out: list[Mandate] = []
    year = int(doc.date[:4]) if doc.date else None
    by_anchor = {p.anchor: p for p in doc.paragraphs}
    for p in doc.paragraphs:
        if p.kind != Kind.OPERATIVE:
            continue
        verb = opening_phrase(p.text, p.kind)
        if not verb or relation_of(verb) not in mandate_relations():
            continue
        rest = _after_verb(p.text, verb)
        actor, addressee = actor_of(rest)
        asked = rest[rest.find(addressee) + len(addressee):].lstrip(" ,") if addressee in rest else rest
        subs = [q for q in doc.paragraphs if q.parent == p.anchor]
        # "Requests the Secretary-General: (a) To assist ...; (b) To strengthen ...": one mandate each.
        # Otherwise the sub-paragraphs detail the one request and belong to its text.
        lead = asked.split(":")[0]
        separate = subs and asked.rstrip().endswith(":") and not re.search(r"\bto\s+[a-z]", lead)
        for q in subs if separate else [p]:
            what = q.text if separate else " ".join([asked] + [s.text for s in subs])
            due = due_of(what, year) or due_of(p.text, year)
            out.append(Mandate(
                document=doc.id, symbol=doc.symbol, paragraph=q.anchor,
                number=cite_label(doc, by_anchor[q.anchor]), date=doc.date, verb=verb,
                actor=actor.id if actor else "other", actor_label=actor.label if actor else addressee,
                addressee=addressee, what=what, due=due,
                reports=bool(re.search(r"\breport\b|\bsubmit\b", what, re.IGNORECASE))))
    return out


# Words that every report mandate shares; they say nothing about its subject.
_STOP = frozenset("""the of and in on to a an for its at with by from as that this those these be which report
    reports secretary general commission session sessions assembly council submit present resolution""".split())


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if w not in _STOP and len(w) > 2}


def _subject(text: str) -> str:
    """What a report is about: the words after ``report ... on`` (or the whole text)."""
    m = re.search(r"\breport\b[^;]*?\bon\s+(.*)", text, re.IGNORECASE)
    return m.group(1) if m else text


_REPORT_OF = re.compile(r"\breports? of the (Secretary-General|Secretariat|United Nations Office on Drugs and Crime)",
                        re.IGNORECASE)
_REPORTERS = {"secretary-general": "secretary-general", "secretariat": "secretariat",
              "united nations office on drugs and crime": "unodc"}


def follow_ups(corpus: Corpus, mandates: list[Mandate], threshold: float = 0.3) -> None:
    """Fill ``followed_up_by``: later paragraphs taking note of the report a mandate asked for.

    A paragraph answers a reporting mandate when it takes note of (or welcomes,
    or notes) "the report of" the mandated actor; its resolution carries the
    same title as the mandating one or cites it; it is dated in the due year or
    the year after (without a due date: within five years of the mandate); and
    at least ``threshold`` of the content words of the mandated subject appear
    in the paragraph or its resolution's title.
    """
    candidates: list[tuple[Document, Paragraph, str]] = []
    for doc in corpus.documents:
        if doc.version != Version.ADOPTED or doc.language != "en" or not doc.date:
            continue
        for p in doc.paragraphs:
            if p.kind not in (Kind.OPERATIVE, Kind.PREAMBULAR):
                continue
            verb = opening_phrase(p.text, p.kind)
            m = _REPORT_OF.search(p.text)
            if m and verb and relation_of(verb) in ("takes-note-of", "welcomes", "notes"):
                candidates.append((doc, p, _REPORTERS[m.group(1).lower()]))
    works = {d.id: d.work for d in corpus.documents}
    titles = {d.id: d.title.lower() for d in corpus.documents}
    cited: dict[str, set[str]] = {}
    for doc in corpus.documents:
        cited[doc.id] = {c.target for p in doc.paragraphs for c in p.citations}
    for m in mandates:
        if not m.reports or m.actor not in ("secretary-general", "secretariat", "unodc") or not m.date:
            continue
        subject = _content_words(_subject(m.what))
        first = m.due.year if m.due and m.due.year else int(m.date[:4])
        last = first + 1 if m.due and m.due.year else first + 5
        for doc, p, reporter in candidates:
            if reporter != m.actor or doc.date <= m.date or not first <= int(doc.date[:4]) <= last:
                continue
            if titles[doc.id] != titles[m.document] and works[m.document] not in cited[doc.id]:
                continue
            words = _content_words(p.text + " " + doc.title)
            if not subject or len(subject & words) / len(subject) >= threshold:
                m.followed_up_by.append((doc.id, p.anchor))


def corpus_mandates(corpus: Corpus) -> list[Mandate]:
    """Every mandate of the adopted English texts of the corpus, with follow-ups."""
    out: list[Mandate] = []
    for doc in corpus.documents:
        if doc.version == Version.ADOPTED and doc.language == "en" and doc.doctype == "resolution":
            out.extend(mandates_in(doc))
    follow_ups(corpus, out)
    return out


CSV_COLUMNS = ["symbol", "paragraph", "date", "verb", "actor", "addressee", "what", "due", "due_year",
               "followed_up_by"]


def mandates_csv(mandates: list[Mandate]) -> str:
    """The mandates as CSV, one row each (``compendium export mandates --format csv``)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for m in mandates:
        writer.writerow([m.symbol, m.paragraph, m.date or "", m.verb, m.actor_label, m.addressee, m.what,
                         m.due.text if m.due else "", m.due.year if m.due and m.due.year else "",
                         " ".join(f"{d}#{a}" for d, a in m.followed_up_by)])
    return buf.getvalue()
