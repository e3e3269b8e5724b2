"""Copy for drafting: a paragraph's text with the citation in the form UN drafters use.

For reuse in a preambular paragraph of a new text of the same organ::

    Recalling paragraph 12 of its resolution 2004/28 of 21 July 2004, in which it
    requested the United Nations Office on Drugs and Crime to continue to work ...

An operative paragraph whose opening verb the lexicon knows is turned into
"in which it <verb in the past tense> ..."; any other paragraph is quoted
("..., which reads: “...”").
"""

from __future__ import annotations

import re

from compendium.model import Document, Kind, Paragraph
from compendium.pages.labels import long_date
from compendium.render import locator

_IRREGULAR = {"takes": "took", "bears": "bore", "is": "was", "draws": "drew", "reminds": "reminded"}
_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
             "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
             "eighteenth", "nineteenth", "twentieth"]


def past_tense(verb_phrase: str) -> str:
    """``Also requests`` -> ``also requested``; ``Takes note`` -> ``took note``; ``Calls upon`` -> ``called upon``."""
    words = verb_phrase.split()
    out = []
    done = False
    for w in words:
        lw = w.lower()
        if not done and lw.endswith("s") and lw not in ("also", "further", "strongly", "again"):
            if lw in _IRREGULAR:
                lw = _IRREGULAR[lw]
            else:
                stem = lw[:-1]
                lw = stem + "d" if stem.endswith("e") else stem + "ed"
            done = True
        out.append(lw)
    return " ".join(out)


def _part(doc: Document, p: Paragraph) -> str:
    """``paragraph 12``, ``section III, paragraph 7 (c)``, ``the third preambular paragraph``."""
    if p.kind == Kind.PREAMBULAR and p.ordinal:
        nth = _ORDINALS[p.ordinal - 1] if p.ordinal <= len(_ORDINALS) else f"{p.ordinal}th"
        return f"the {nth} preambular paragraph"
    where = locator(doc, p)
    return where.replace("para.", "paragraph")


def drafting_parts(doc: Document, p: Paragraph) -> tuple[str, int | None]:
    """The drafting text without the paragraph's own words: ``(lead, skip)``.

    ``skip`` is the length of the opening verb that the lead already says in the
    past tense (``…, in which it requested``), or None when the paragraph is
    quoted whole after the lead (``…, which reads: “``). Pages carry only this
    and build the rest from the paragraph's text on the page (``complete``,
    and the same steps in compendium.js), so no page holds a text twice.
    """
    number = doc.number or doc.symbol
    kind = "resolution" if doc.doctype == "resolution" else "document"
    date = f" of {long_date(doc.date)}" if doc.date else ""
    head = f"Recalling {_part(doc, p)} of its {kind} {number}{date}"
    verb = p.verb if p.kind in (Kind.OPERATIVE, Kind.SUBPARAGRAPH) else None
    if verb and p.text.startswith(verb):
        return f"{head}, in which it {past_tense(verb)}", len(verb)
    return f"{head}, which reads: “", None


def complete(lead: str, skip: int | None, text: str) -> str:
    """The drafting text from ``drafting_parts`` and the paragraph's plain text."""
    if skip is None:
        return f"{lead}{text}”,"
    rest = re.sub(r"[;.:]$", "", text[skip:].lstrip())
    return f"{lead} {rest},"


def drafting_text(doc: Document, p: Paragraph) -> str:
    """The paragraph as a drafter reuses it: ``Recalling <part> of its resolution <number> of <date>, …``."""
    lead, skip = drafting_parts(doc, p)
    return complete(lead, skip, p.text)
