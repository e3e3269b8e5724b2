"""Human labels the generated pages use: organs, languages, dates, short names of works."""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path
from typing import Any

import yaml

from compendium.model import Document, Organ
from compendium.render import document_name

ORGAN_SHORT = {
    Organ.GA: "GA",
    Organ.ECOSOC: "ECOSOC",
    Organ.CCPCJ: "CCPCJ",
    Organ.SC: "Security Council",
    Organ.OTHER: "",
}

LANGUAGES = {
    "en": "English",
    "fr": "Français",
    "es": "Español",
    "ru": "Русский",
    "ar": "العربية",
    "zh": "中文",
}
"""Each language named in itself, as a language switcher shows it."""

# Canonical ids of works the corpus may not hold (see docs/citations.md), and how a reader names them.
_WORK_PATTERNS = [
    (re.compile(r"^A/RES/(.+)$"), "GA resolution {}", "GA {}"),
    (re.compile(r"^E/RES/(.+)$"), "ECOSOC resolution {}", "ECOSOC {}"),
    (re.compile(r"^A/DEC/(.+)$"), "GA decision {}", "GA dec. {}"),
    (re.compile(r"^E/DEC/(.+)$"), "ECOSOC decision {}", "ECOSOC dec. {}"),
    (re.compile(r"^S/RES/(.+)$"), "Security Council resolution {}", "SC {}"),
    (re.compile(r"^CCPCJ/RES/(.+)$"), "CCPCJ resolution {}", "CCPCJ {}"),
    (re.compile(r"^CND/RES/(.+)$"), "CND resolution {}", "CND {}"),
    (re.compile(r"^CHR/RES/(.+)$"), "Commission on Human Rights resolution {}", "CHR {}"),
    (re.compile(r"^CTOC-COP/RES/(.+)$"), "Conference of the Parties (UNTOC) resolution {}", "CTOC COP {}"),
    (re.compile(r"^CTOC-COP/DEC/(.+)$"), "Conference of the Parties (UNTOC) decision {}", "CTOC COP dec. {}"),
    (re.compile(r"^CAC-COSP/RES/(.+)$"), "Conference of the States Parties (UNCAC) resolution {}", "CAC COSP {}"),
    (re.compile(r"^CAC-COSP/DEC/(.+)$"), "Conference of the States Parties (UNCAC) decision {}", "CAC COSP dec. {}"),
]


def language_name(code: str) -> str:
    """The language's own name, or its code when the site does not know it."""
    return LANGUAGES.get(code, code)


@functools.cache
def _all_strings() -> dict[str, dict]:
    return yaml.safe_load((Path(__file__).resolve().parents[1] / "data" / "site-strings.yaml").read_text(encoding="utf-8"))


def strings(language: str) -> dict[str, Any]:
    """Interface strings of the generated pages in ``language`` (``data/site-strings.yaml``), English where missing."""
    table = _all_strings()
    return {**table["en"], **table.get(language, {})}


def long_date(iso: str | None, language: str = "en") -> str:
    """``2004-07-21`` -> ``21 July 2004`` (as the UN writes dates, in ``language``); anything else unchanged."""
    if not iso:
        return ""
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    s = strings(language)
    return s["date_format"].format(day=day.day, month=s["months"][day.month - 1], month_number=day.month, year=day.year)


def work_name(work: str, doc: Document | None = None) -> str:
    """How a reader names a work: ``ECOSOC resolution 2004/28``, or the symbol of a report."""
    if doc is not None:
        return document_name(doc)
    for pattern, long_form, _ in _WORK_PATTERNS:
        m = pattern.match(work)
        if m:
            return long_form.format(m.group(1))
    return work


def work_short(work: str, doc: Document | None = None) -> str:
    """A short name for a graph node or a list: ``ECOSOC 2004/28``, ``GA 55/2``, or the symbol."""
    if doc is not None and doc.number and doc.doctype == "resolution":
        return f"{ORGAN_SHORT.get(doc.organ, '')} {doc.number}".strip()
    for pattern, _, short in _WORK_PATTERNS:
        m = pattern.match(work)
        if m:
            return short.format(m.group(1))
    return work


def year_of(iso: str | None) -> str | None:
    """The year of an ISO date, or None."""
    return iso[:4] if iso and re.match(r"^\d{4}", iso) else None


_STRUCTURAL = {"sec", "op", "para", "pp", "text", "fn", "h", "formula", "closing", "residual"}


def anchor_label(anchor: str) -> str:
    """A paragraph anchor read out as a reference.

    ``sec-iii-op-7-c`` -> ``section III, paragraph 7 (c)``; ``pp-3`` -> ``preambular paragraph 3``;
    ``annex-op-2`` -> ``annex, paragraph 2``; ``fn-1`` -> ``footnote 1``. Anchors are derived
    from the official numbering (docs/corpus-format.md), so the label needs no lookup.
    """
    tokens = anchor.split("-")
    out: list[str] = []
    i = 0
    if tokens[0] == "annex":
        i = 1
        if i < len(tokens) and tokens[i] not in _STRUCTURAL:
            out.append(f"annex {tokens[i].upper()}")
            i += 1
        else:
            out.append("annex")
    if i < len(tokens) and tokens[i] == "sec" and i + 1 < len(tokens):
        sec = tokens[i + 1].upper()
        i += 2
        if i < len(tokens) and tokens[i] not in _STRUCTURAL:
            sec += f".{tokens[i].upper()}"
            i += 1
        out.append(f"section {sec}")
    rest = tokens[i:]
    if rest and rest[0] in ("op", "para") and len(rest) > 1:
        out.append("paragraph " + " ".join([rest[1]] + [f"({t})" for t in rest[2:]]))
    elif rest and rest[0] == "pp" and len(rest) == 2:
        out.append(f"preambular paragraph {rest[1]}")
    elif rest and rest[0] == "fn" and len(rest) >= 2:
        out.append(f"footnote {'-'.join(rest[1:])}")
    elif rest:
        out.append("-".join(rest))
    return ", ".join(out) or anchor
