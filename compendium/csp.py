"""The Content-Security-Policy every page of the site carries, as a ``<meta http-equiv>`` tag.

Scripts run only from the site's own files (``'self'``) and, inline, only the
scripts the theme's template writes, allowed one by one by their SHA-256 hash
computed from the finished page. The page's content (the resolution text and
every generated page body) is taken out before hashing, so a ``<script>`` that
reached the content by any route would not be allowed even if it escaped the
renderer's escaping and the sanitizer: the browser refuses to run it.

Styles may be inline (generated pages carry ``<style>`` blocks and Material
sets ``style`` attributes); ``object``, ``frame`` and ``base`` are shut.
``frame-ancestors`` cannot be set from a meta tag: a host that needs it sets
the header. docs/security.md explains the policy.
"""

from __future__ import annotations

import base64
import hashlib
import re

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)

POLICY = (
    "default-src 'self'; "
    "script-src 'self'{hashes}; "
    "style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; "
    "font-src 'self' data:; "
    "connect-src 'self'; "
    "object-src 'none'; "
    "frame-src 'none'; "
    "base-uri 'self'; "
    "form-action 'self'"
)


def script_hashes(html: str) -> list[str]:
    """CSP hash sources (``'sha256-…'``) of the inline scripts of ``html`` that a browser would run."""
    out = []
    for m in _SCRIPT.finditer(html):
        attrs, body = m.group(1), m.group(2)
        if re.search(r"\bsrc\s*=", attrs, re.I):
            continue
        kind = _TYPE.search(attrs)
        if kind and kind.group(1).lower() not in _EXECUTABLE_TYPES:
            continue  # data blocks (application/json) are not run, so need no permission
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        out.append(f"'sha256-{digest}'")
    return sorted(set(out))


def policy(template_html: str) -> str:
    """The policy for a page whose template (content taken out) is ``template_html``."""
    hashes = script_hashes(template_html)
    return POLICY.format(hashes="".join(f" {h}" for h in hashes))


def add_policy(page_html: str, content: str | None) -> str:
    """``page_html`` with the policy's meta tag first in its head (after the charset).

    ``content`` is the page's content as the theme received it; it is removed
    before the inline scripts are hashed, so only the template's scripts are allowed.
    """
    template = page_html.replace(content, "") if content else page_html
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(template)}">'
    charset = _CHARSET.search(page_html)
    anchor = charset or _HEAD.search(page_html)
    if anchor is None:
        return page_html
    return page_html[: anchor.end()] + tag + page_html[anchor.end():]
