"""The opening phrases of resolution paragraphs and the relation each expresses.

Data, not code: ``compendium/data/verbs.yaml`` lists the preambular openers
(*Recalling*, *Bearing in mind* ...) and operative verbs (*Requests*, *Takes
note* ...) with a relation (``recalls``, ``takes-note-of`` ...), plus the
modifiers that combine with any of them (*Also requests*, *Recalling also*).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

from compendium.model import Kind, plain_text

VERBS_PATH = Path(__file__).parent / "data" / "verbs.yaml"

_KINDS = {
    Kind.PREAMBULAR: ("preambular",),
    Kind.OPERATIVE: ("operative",),
    Kind.SUBPARAGRAPH: ("operative",),
    Kind.TEXT: ("preambular", "operative"),
}


@functools.cache
def forms() -> dict[str, dict[str, str]]:
    """Every recognised form, by list (``preambular`` / ``operative``): phrase as written -> relation.

    A phrase is recognised alone, after a ``before`` modifier (``Also requests``)
    and followed by an ``after`` modifier (``Recalling also``).
    """
    data = yaml.safe_load(VERBS_PATH.read_text(encoding="utf-8"))
    before = data.get("modifiers", {}).get("before", [])
    after = data.get("modifiers", {}).get("after", [])
    out: dict[str, dict[str, str]] = {}
    for group in ("preambular", "operative"):
        table: dict[str, str] = {}
        for phrase, relation in (data.get(group) or {}).items():
            table.setdefault(phrase, relation)
            for m in after:
                table.setdefault(f"{phrase} {m}", relation)
            for m in before:
                table.setdefault(f"{m} {phrase[0].lower()}{phrase[1:]}", relation)
        out[group] = table
    return out


@functools.cache
def _pattern(groups: tuple[str, ...]) -> re.Pattern[str]:
    phrases = sorted({p for g in groups for p in forms()[g]}, key=len, reverse=True)
    words = (r"\s+".join(re.escape(w) for w in p.split()) for p in phrases)
    return re.compile(r"^(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE)


@functools.cache
def _relations() -> dict[str, str]:
    table: dict[str, str] = {}
    for group in ("operative", "preambular"):
        for phrase, relation in forms()[group].items():
            table.setdefault(_key(phrase), relation)
    return table


def _key(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def opening_phrase(text: str, kind: Kind | str) -> str | None:
    """The opening verb or participle phrase of a paragraph as printed (longest match), or None.

    ``opening_phrase("Also requests the Secretary-General ...", Kind.OPERATIVE)`` is
    ``"Also requests"``. Preambular paragraphs are matched against the preambular
    openers, operative paragraphs and sub-paragraphs against the operative verbs,
    unnumbered text against both; other kinds have no opening phrase.
    """
    try:
        groups = _KINDS.get(Kind(kind))
    except ValueError:
        return None
    if not groups:
        return None
    text = plain_text(text).lstrip("\"“' ")
    m = _pattern(groups).match(text)
    return m.group(0) if m else None


def relation_of(phrase: str) -> str | None:
    """The relation an opening phrase expresses (``Recalling also`` -> ``recalls``), or None if unknown."""
    return _relations().get(_key(plain_text(phrase)))


def verb_relations() -> list[tuple[str, str]]:
    """Every (phrase, relation) the lexicon knows, both lists, for citation extraction."""
    return sorted(_relations().items(), key=lambda pr: -len(pr[0]))
