"""What every page generator needs: the corpus, its links, and how to name and find a work."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from compendium.model import Corpus, Document, document_url
from compendium.pages.labels import work_name, work_short

DATA = Path(__file__).resolve().parents[1] / "data"


def _load_yaml(name: str) -> Any:
    path = DATA / name
    if not path.is_file():
        return None
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _names(data: Any, key_type: type) -> dict:
    """Id -> name from a data file written as a mapping or as a list of ``{id, name}`` entries."""
    out: dict = {}
    if isinstance(data, dict):
        data = data.get("categories", data.get("topics", data))
    if isinstance(data, dict):
        for key, value in data.items():
            name = value.get("name") or value.get("title") or value.get("label") if isinstance(value, dict) else value
            out[key_type(key)] = str(name)
    elif isinstance(data, list):
        for entry in data:
            if isinstance(entry, dict):
                key = entry.get("id", entry.get("number"))
                name = entry.get("name") or entry.get("title") or entry.get("label")
                if key is not None:
                    out[key_type(key)] = str(name or key)
    return out


@dataclass
class Context:
    """The corpus as the page generators see it."""

    corpus: Corpus
    links: Any
    """``compendium.link.Links`` for the corpus."""
    docs_dir: Path | None = None
    _primary: dict[str, Document] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for work in self.corpus.works():
            doc = self.corpus.primary(work)
            if doc is not None:
                self._primary[work] = doc

    @cached_property
    def categories(self) -> dict[int, str]:
        """Category number -> name (from ``compendium/data/categories.yaml``)."""
        return _names(_load_yaml("categories.yaml"), int)

    @cached_property
    def topics(self) -> dict[str, str]:
        """Topic id -> name (from ``compendium/data/topics.yaml``)."""
        return _names(_load_yaml("topics.yaml"), str)

    def doc(self, work: str) -> Document | None:
        """The expression that stands for a work in the corpus, or None if the corpus lacks it."""
        return self._primary.get(work)

    def work_url(self, work: str, anchor: str | None = None) -> str:
        """Site-root URL of a work's page (its primary expression, or its stub), with an anchor."""
        doc = self._primary.get(work)
        url = doc.url if doc is not None else document_url(work, "adopted", "en")
        return url + (f"#{anchor}" if anchor else "")

    def name(self, work: str) -> str:
        """``ECOSOC resolution 2004/28``; the symbol for reports and other documents."""
        return work_name(work, self._primary.get(work))

    def short(self, work: str) -> str:
        """``ECOSOC 2004/28``."""
        return work_short(work, self._primary.get(work))

    def edit_path(self, doc: Document) -> str | None:
        """The corpus file relative to docs_dir (``../resolutions/…``), for MkDocs' edit link."""
        if self.docs_dir is None:
            return None
        return Path(os.path.relpath(doc.path.resolve(), self.docs_dir.resolve())).as_posix()
