"""What every page of the site gets last: its Content-Security-Policy and a frame without indentation.

One function for both ways a page is written: by MkDocs (the hooks' ``on_post_page``)
and with a frame rendered once (``compendium.mkdocs_frame``).
"""

from __future__ import annotations

from compendium import csp, minify


def finish_page(output: str, content: str | None, serving: bool) -> str:
    """The page's HTML with its policy (``compendium.csp``; not under ``mkdocs serve``, whose live-reload
    script is inline and different on every request) and its frame's indentation dropped (``compendium.minify``)."""
    if not serving:
        output = csp.add_policy(output, content)
    return minify.collapse_frame(output, content)


__all__ = ["finish_page"]
