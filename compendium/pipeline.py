"""The corpus pipeline every front end runs once: load, check, link.

The CLI and the MkDocs hooks both call ``load``; nothing else reads corpus
files.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path

from compendium.check import check_corpus
from compendium.link import Links, link_corpus
from compendium.load import load_corpus
from compendium.model import Corpus
from compendium.problems import Problem


@dataclass
class State:
    """A loaded, checked and linked corpus."""

    corpus: Corpus
    links: Links
    problems: list[Problem] = field(default_factory=list)
    """Everything found while loading, checking and linking, sorted by file and line."""


def load(root: Path, cache: dict | None = None, parallel: bool = False) -> State:
    """Load the corpus under ``root``, check it and link its citations; collect every problem.

    ``cache`` (kept by the caller between runs, e.g. across ``mkdocs serve`` rebuilds)
    spares parsing the files whose bytes have not changed (``load_corpus``); ``parallel``
    parses in two processes (``compendium.parallel``: not from a process with other threads).
    """
    # The loaded corpus is millions of objects that live as long as the build: the cyclic garbage
    # collector would walk them again and again (half the time of page generation at scale). It is
    # off while they are made, and they are frozen out of its reach after (gc.freeze); the previous
    # load's objects are given back to it first, so `mkdocs serve` rebuilds do not accumulate them.
    gc.unfreeze()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        corpus, problems = load_corpus(Path(root), cache, parallel=parallel)
        problems += check_corpus(corpus)
        links = link_corpus(corpus)
        problems += links.problems
    finally:
        if was_enabled:
            gc.enable()
    gc.freeze()
    # One finding made by two stages (an internal reference is checked by both check and link) is reported once.
    unique: dict[tuple, Problem] = {}
    for p in problems:
        unique.setdefault((str(p.path), p.line, p.code or p.message), p)
    return State(corpus, links, sorted(unique.values(), key=lambda p: (str(p.path), p.line)))
