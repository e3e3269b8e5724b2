"""Whitespace of the theme's frame: indentation dropped, line breaks kept.

Material's templates indent every line; on a site of thousands of pages that
indentation is about a third of each page's frame (6 KB of 19 KB measured on a
General Assembly resolution page). A run of spaces and line breaks is one
space to HTML outside ``<pre>``, ``<textarea>``, ``<script>`` and ``<style>``,
so replacing each run holding a line break by one line break changes nothing
a reader or a script sees. Those four elements are kept byte for byte (the
Content-Security-Policy hashes the inline scripts), and so is the page's
content: only the frame around it is touched.
"""

from __future__ import annotations

import re

# An element left open runs to the end of the page, as a browser reads it.
_KEEP = re.compile(r"<(pre|textarea|script|style)\b.*?(?:</\1\s*>|\Z)", re.S | re.I)
_INDENT = re.compile(r"[ \t]*\n\s*")


def collapse_indentation(html: str) -> str:
    """``html`` with every whitespace run that holds a line break made one line break, outside the kept elements."""
    out: list[str] = []
    pos = 0
    for m in _KEEP.finditer(html):
        out.append(_INDENT.sub("\n", html[pos:m.start()]))
        out.append(m.group())
        pos = m.end()
    out.append(_INDENT.sub("\n", html[pos:]))
    return "".join(out)


def collapse_frame(page_html: str, content: str | None) -> str:
    """``collapse_indentation`` on the page around ``content`` (the page's own HTML, left as it is)."""
    at = page_html.find(content) if content else -1
    if at < 0:
        return collapse_indentation(page_html)
    end = at + len(content)
    return collapse_indentation(page_html[:at]) + content + collapse_indentation(page_html[end:])


__all__ = ["collapse_indentation", "collapse_frame"]
