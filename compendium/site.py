"""The site as the compendium generates it: every page, the static files and the API files.

Independent of MkDocs: ``SiteBuild`` takes the loaded, checked and linked corpus
(``compendium.pipeline.State``) and returns strings and paths; the MkDocs hooks
only hand them to MkDocs.
"""

from __future__ import annotations

import csv
import io
import json
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from collections import defaultdict

from compendium import diff, load, translate
from compendium.parallel import in_background
from compendium.align import version_pairs
from compendium.mandates import corpus_mandates
from compendium.export import corpus_json
from compendium.pages import GeneratedPage, esc, placeholder
from compendium.pages.context import Context
from compendium.pages.delegates import agreed_pages, also_adopted_html
from compendium.pages.mandates import mandate_pages
from compendium.pages.indexes import resolutions_index, timeline
from compendium.pages.packs import pack_pages as packs_pages
from compendium.pages.references import document_index, instrument_pages, stub_pages
from compendium.pages.resolution import fill_also, resolution_page
from compendium.pages.taxonomy import category_pages, topic_pages
from compendium.problems import Problem, error
from compendium.search import WORKERS, build_index

STATIC = Path(__file__).resolve().parent / "static"
"""The package's static files; ``static/<x>/…`` is published as ``assets/<x>/…``."""


def version_pages(state: Any, problems: list[Problem]) -> tuple[list[GeneratedPage], dict[str, list[tuple[str, str]]]]:
    """The comparison pages (``compendium.diff``) and side-by-side translation pages (``compendium.translate``).

    Returns the pages and, per expression id, the (label, site URL) of each such page
    that concerns it, for the expression's own page to link.
    """
    related: dict[str, list[tuple[str, str]]] = defaultdict(list)
    made = {path: (title, body) for path, title, body in diff.comparison_parts(state, problems)}
    for a, b in version_pairs(state.corpus):
        url = diff.comparison_url(a, b)
        if url + "index.md" in made:
            if a.language == b.language:
                label = f"what changed: {a.version.value} → {b.version.value}"
            else:
                label = f"what changed: {a.version.value} ({a.language}) → {b.version.value} ({b.language})"
            related[a.id].append((label, url))
            related[b.id].append((label, url))
    by_url = {d.url: d for d in state.corpus.documents}
    works = state.corpus.works()
    for path, title, body in translate.translation_parts(state, problems=problems):
        made[path] = (title, body)
        prefix, _, rest = path.partition("side-by-side/")
        source = by_url.get(prefix)
        language = rest.split("/", 1)[0]
        if source is None:
            continue
        url = path[: -len("index.md")]
        related[source.id].append((f"side by side with the {language} translation", url))
        for other in works.get(source.work, []):
            if other.language == language and other.version == source.version:
                related[other.id].append((f"side by side with the {source.language} source", url))
    # The body is HTML: it fills a placeholder after MkDocs has converted the one-line skeleton, so
    # Python-Markdown never parses it (it spent seconds in its HTML block parser on these pages).
    pages = [
        GeneratedPage(path, title, f"# {esc(title)}\n" + placeholder("body"), parts={"body": body})
        for path, (title, body) in made.items()
    ]
    return pages, dict(related)


def agreed_parts(ctx: Context) -> tuple[dict[tuple[str, str], str], list[GeneratedPage]]:
    """Everything agreed language adds to the site: "also adopted in" by (expression id, anchor), and its pages.

    Independent of the rest of the pages, so a forked worker can make it while they are made
    (``SiteBuild`` with ``parallel``); the resolution pages then carry a mark where each goes.
    """
    found = ctx.agreed
    also = {}
    for doc in ctx.corpus.documents:
        for p in doc.paragraphs:
            made = also_adopted_html(ctx, doc.url, found, doc, p)
            if made:
                also[(doc.id, p.anchor)] = made
    return also, agreed_pages(ctx, found)


def generate_pages(ctx: Context, agreed: bool = True) -> list[GeneratedPage]:
    """Every page made from the corpus: one per expression, the stubs and the index pages.

    With ``agreed`` False the agreed-language pages are left out and the resolution pages
    carry ``ALSO_MARK``s instead of "also adopted in" (filled from ``agreed_parts``).
    """
    pages = [resolution_page(ctx, doc, also=agreed) for doc in ctx.corpus.documents]
    pages += stub_pages(ctx)
    pages.append(resolutions_index(ctx))
    pages.append(timeline(ctx))
    pages += category_pages(ctx)
    pages += topic_pages(ctx)
    pages.append(document_index(ctx))
    pages += instrument_pages(ctx)
    # For delegates (compendium.pages.delegates): mandates and recurring formulas of agreed language.
    pages += mandate_pages(ctx, corpus_mandates(ctx.corpus))
    if agreed:
        pages += agreed_pages(ctx, ctx.agreed)
    return pages


def citations_csv(state: Any) -> str:
    """``api/citations.csv``: the rows of ``compendium export citations --format csv``.

    One row per citation (source expression id, paragraph, relation, target, target
    paragraph); a footnote's citations appear under ``fn-N`` and under each paragraph
    that references it.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["source", "paragraph", "relation", "target", "target_paragraph"])
    for doc in state.corpus.documents:
        for c in state.links.cites(doc.id):
            writer.writerow([doc.id, c.paragraph, c.relation, c.target, c.target_paragraph or ""])
    return out.getvalue()


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def corpus_format_appendix() -> str:
    """Markdown appended to the "Corpus format" page: the schema and the vocabularies, from the data files.

    The page documents the files the checker actually uses, so it cannot drift from them.
    """
    schema = json.dumps(load.schema(), indent=2, ensure_ascii=False)
    categories = "\n".join(
        f"| {_cell(c['id'])} | {_cell(c.get('label', ''))} | {_cell(c.get('wording', ''))} |" for c in load.categories()
    )
    topics = "\n".join(
        f"| `{_cell(t['id'])}` | {_cell(t.get('label', ''))} | {_cell(t.get('description', ''))} |" for t in load.topics()
    )
    return (
        "\n\n## Schema {#schema}\n\n"
        "The JSON Schema of the front matter (`compendium/data/schema.json`), as `compendium check` "
        "and the site's build apply it:\n\n"
        f"```json\n{schema}\n```\n\n"
        "## Data files {#data-files}\n\n"
        "### Categories\n\n`compendium/data/categories.yaml`: the four categories of ECOSOC resolution 2003/30.\n\n"
        f"| id | label | wording in the resolution |\n|---|---|---|\n{categories}\n\n"
        "### Topics\n\n`compendium/data/topics.yaml`: the controlled vocabulary.\n\n"
        f"| id | label | description |\n|---|---|---|\n{topics}\n"
    )


class SiteBuild:
    """The generated part of one build of the site."""

    def __init__(self, state: Any, docs_dir: Path | None = None, parallel: bool = False):
        self.state = state
        # With ``parallel``, the data files (search index, API) are made by a forked worker while
        # this process makes the pages: the two are independent and together most of the build.
        # (one process there: this process and the agreed-language worker keep the other cores busy)
        self._data: Future | None = in_background("data", lambda: self.data_files(workers=1)) if parallel else None
        self.problems: list[Problem] = []
        """Problems found while generating (stale alignments, translation files): the hooks report them."""
        extra, related = version_pages(state, self.problems)
        self.context = Context(state.corpus, state.links, docs_dir, related=related)
        # Agreed language (the longest single stage) is made by a second worker while this process
        # makes the other pages; its parts are put in place after (two workers and this process
        # share the machine's cores).
        agreed = in_background("agreed", lambda: agreed_parts(self.context)) if parallel else None
        generated = generate_pages(self.context, agreed=agreed is None)
        if agreed is not None:
            also, pages = agreed.result()
            marked = {doc.url + "index.md": doc for doc in self.context.corpus.documents}
            for page in generated:
                if page.path in marked:
                    page.parts["body"] = fill_also(page.parts["body"], marked[page.path], also)
            generated += pages
        self.pages = generated + extra
        pack_pages, pack_problems = packs_pages(self.context)  # curriculum packs (compendium.pages.packs)
        self.pages += pack_pages
        self.problems += pack_problems
        self._by_path: dict[str, GeneratedPage] = {}
        for page in self.pages:
            if page.path in self._by_path:
                self.problems.append(
                    error(page.path, 0, f"two generated pages at {page.path}: two works have the same slug; rename one")
                )
            self._by_path[page.path] = page

    def page(self, path: str) -> GeneratedPage | None:
        """The generated page at a docs path, or None for a hand-written page."""
        return self._by_path.get(path)

    def static_files(self) -> list[tuple[str, Path]]:
        """(site path, source file) for every static file of the package."""
        return [
            ("assets/" + f.relative_to(STATIC).as_posix(), f)
            for f in sorted(STATIC.rglob("*"))
            if f.is_file() and "__pycache__" not in f.parts
        ]

    def made_files(self) -> dict[str, str | bytes]:
        """:meth:`data_files`, from the background worker when one was started (``parallel``)."""
        if self._data is not None:
            return self._data.result()
        return self.data_files()

    def data_files(self, workers: int = WORKERS) -> dict[str, str | bytes]:
        """Files made from the corpus: ``api/corpus.json``, ``api/citations.csv`` and the search index under ``search/``.

        ``api/corpus.json`` is compact JSON, the bytes ``compendium export json`` prints (docs/api.md);
        the search index's ``.json.gz`` files are bytes, built in ``workers`` processes.
        """
        files: dict[str, str | bytes] = {
            # UTF-8 bytes rather than str: a str of text in six scripts takes two to four bytes a character,
            # and this one crosses from the data worker (it was a quarter of that worker's memory at scale)
            "api/corpus.json": (json.dumps(corpus_json(self.state.corpus), ensure_ascii=False, separators=(",", ":"))
                                + "\n").encode("utf-8"),
            "api/citations.csv": citations_csv(self.state).encode("utf-8"),
        }
        for name, content in build_index(self.state.corpus, workers=workers).items():
            files[f"search/{name}"] = content
        return files
