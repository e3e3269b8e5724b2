"""Benchmark: time and bytes of the agreed-language output (issue 8) on a corpus.

Loads the corpus (``compendium.pipeline.load``), then times ``agreed.find``, the
"also adopted in" block of every paragraph (``also_adopted_html``, as the
resolution pages call it) and the formula pages (``agreed_pages``). Bytes are the
sum of the generated HTML's lengths (the page frame MkDocs adds, some 19 KB a
page, is not counted: the page count is printed beside). Single runs on this
machine; figures, not assertions.

Run: ``.venv/bin/python bench/agreed_output.py [CORPUS]`` (default ``resolutions/``;
the scale corpus: ``/work/scale/corpus-all``).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from compendium import pipeline
from compendium.pages import delegates
from compendium.pages.context import Context


def main(root: Path) -> None:
    """Print the figures for the corpus under ``root``."""
    t = time.process_time()
    state = pipeline.load(root)
    print(f"load: {time.process_time() - t:.1f} s CPU, {len(state.corpus.documents)} documents")
    ctx = Context(state.corpus, state.links)
    t = time.process_time()
    found = ctx.agreed
    print(f"agreed.find: {time.process_time() - t:.1f} s CPU, {len(found.formulas)} formulas")
    t = time.process_time()
    blocks = total = largest = 0
    for doc in state.corpus.documents:
        for p in doc.paragraphs:
            html = delegates.also_adopted_html(ctx, doc.url, found, doc, p)
            if html:
                blocks += 1
                total += len(html)
                largest = max(largest, len(html))
    print(f"also_adopted_html: {time.process_time() - t:.1f} s CPU, {blocks} paragraphs, "
          f"{total:,} bytes, largest {largest:,}")
    t = time.process_time()
    pages = delegates.agreed_pages(ctx, found)
    sizes = [sum(len(v) for v in page.parts.values()) for page in pages]
    print(f"agreed_pages: {time.process_time() - t:.1f} s CPU, {len(pages)} pages, "
          f"{sum(sizes):,} bytes, largest {max(sizes):,}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "resolutions"))
