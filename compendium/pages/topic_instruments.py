"""What the instruments registry says for readers: each instrument's one-line description and its topics.

``compendium/data/instruments.yaml`` gives each instrument a ``description`` and
``topics`` (ids of ``topics.yaml``); ``compendium.link`` reads the registry's
other fields. The topic pages list the instruments filed under the topic as
well as those named in its texts, each with its description.
"""

from __future__ import annotations

from functools import lru_cache

import yaml

from compendium.link import INSTRUMENTS_PATH


@lru_cache(maxsize=1)
def _registry() -> dict[str, tuple[str, tuple[str, ...]]]:
    if not INSTRUMENTS_PATH.exists():
        return {}
    data = yaml.safe_load(INSTRUMENTS_PATH.read_text(encoding="utf-8")) or []
    return {str(e["id"]): (str(e.get("description") or ""), tuple(e.get("topics") or ())) for e in data}


def description(instrument: str) -> str:
    """The instrument's one-line description ('' when the registry gives none)."""
    return _registry().get(instrument, ("", ()))[0]


def filed_under(instrument: str) -> tuple[str, ...]:
    """The topics the registry files the instrument under."""
    return _registry().get(instrument, ("", ()))[1]
