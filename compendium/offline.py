"""The offline edition: the whole site in one zip that works opened from the file system.

``compendium offline --out compendium-offline.zip`` builds the site (``mkdocs
build`` into a temporary folder) and makes it work from ``file://``:

* every relative link to a folder (``../E-RES-2004-28/#op-12``) is rewritten to
  the folder's ``index.html``, which a browser does not add on the file system;
* every JSON file under ``search/`` is also written as ``<file>.js``, a script
  storing the data in ``window.__compendiumFiles`` (Chromium refuses fetch() of
  file:// URLs, but loads scripts); a gzip file (``index-3.json.gz``) is stored
  as its bytes in base64, which the search inflates as it does online;
* every page loads ``assets/offline/offline.js`` first, which on a file: page
  answers the search's fetch() calls from those scripts and sends links that
  scripts write to folders to their ``index.html``.

Nothing in the edition refers to the network: the site has no external fonts,
scripts or styles.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from compendium.problems import CompendiumError, error

LOADER = "assets/offline/offline.js"
FOLDER = "compendium-offline"
"""The folder the zip holds the site in."""
_ATTRIBUTE = re.compile(r"""(\s(?:href|src)=)(["'])(.*?)\2""", re.S)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_HEAD = re.compile(r"<head(\s[^>]*)?>", re.I)


@dataclass
class OfflineResult:
    """What ``write_zip`` wrote."""

    path: Path
    size: int
    """Bytes of the zip."""
    files: int
    pages: int
    links: int
    """Links rewritten to an ``index.html``."""


def build_site(config: Path, corpus: Path, dest: Path, packs: Path | None = None) -> Path:
    """Run the real ``mkdocs build`` of ``config`` on ``corpus`` into ``dest``; CompendiumError with MkDocs' log on failure."""
    env = {**os.environ, "COMPENDIUM_CORPUS": str(Path(corpus).resolve())}
    if packs is not None:
        env["COMPENDIUM_PACKS"] = str(Path(packs).resolve())
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(Path(dest).resolve())]
    proc = subprocess.run(command, cwd=Path(config).resolve().parent, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        log = (proc.stdout + proc.stderr).strip()
        raise CompendiumError([error(config, 0, f"mkdocs build failed:\n{log}")])
    return Path(dest)


def file_url(value: str, page_dir: Path, site: Path) -> str:
    """A link of a page in ``page_dir`` as it must be on the file system: folders end in ``index.html``.

    Absolute URLs, fragments of the same page and links that already name a file are kept.
    """
    if not value or value.startswith(("#", "//", "/")) or _SCHEME.match(value):
        return value
    cut = min((i for i in (value.find("?"), value.find("#")) if i >= 0), default=len(value))
    path, rest = value[:cut], value[cut:]
    if not path:
        return value
    if path.endswith("/"):
        path += "index.html"
    elif path in (".", "..") or path.endswith(("/.", "/..")) or (page_dir / path).is_dir():
        path += "/index.html"
    else:
        return value
    return path + rest


def rewrite_page(html: str, page: Path, site: Path) -> tuple[str, int]:
    """A page's HTML with its folder links rewritten and the offline loader first in ``<head>``; and the count of links rewritten."""
    count = 0

    def one(m: re.Match) -> str:
        nonlocal count
        new = file_url(m.group(3), page.parent, site)
        if new != m.group(3):
            count += 1
        return f"{m.group(1)}{m.group(2)}{new}{m.group(2)}"

    html = _ATTRIBUTE.sub(one, html)
    depth = len(page.relative_to(site).parts) - 1
    loader = f'<script src="{"../" * depth}{LOADER}"></script>'
    html, found = _HEAD.subn(lambda m: m.group(0) + loader, html, count=1)
    if not found:
        html = loader + html
    return html, count


def data_script(key: str, content: str) -> str:
    """The script form of a JSON file: it stores the parsed data under its path from the site root."""
    json.loads(content)  # a broken file fails here, not in a trainer's browser
    return f"(window.__compendiumFiles = window.__compendiumFiles || {{}})[{json.dumps(key)}] = {content};\n"


def gzip_script(key: str, content: bytes) -> str:
    """The script form of a gzip JSON file: it stores the file's bytes, in base64, under its path from the site root."""
    json.loads(gzip.decompress(content))  # a broken file fails here, not in a trainer's browser
    encoded = base64.b64encode(content).decode("ascii")
    return f"(window.__compendiumFiles = window.__compendiumFiles || {{}})[{json.dumps(key)}] = {json.dumps(encoded)};\n"


def make_offline(site: Path) -> tuple[int, int]:
    """Turn a built site into the offline edition, in place; returns (pages, links rewritten)."""
    site = Path(site)
    if not (site / LOADER).is_file():
        raise CompendiumError([error(site / LOADER, 0, "the built site has no offline loader: build it with the compendium's hooks")])
    for path in sorted((site / "search").rglob("*.json")) if (site / "search").is_dir() else []:
        key = path.relative_to(site).as_posix()
        path.with_name(path.name + ".js").write_text(data_script(key, path.read_text(encoding="utf-8")), encoding="utf-8")
    for path in sorted((site / "search").rglob("*.json.gz")) if (site / "search").is_dir() else []:
        key = path.relative_to(site).as_posix()
        path.with_name(path.name + ".js").write_text(gzip_script(key, path.read_bytes()), encoding="ascii")
    # A file system serves no "not found" page, and MkDocs writes this one with links from the server's root.
    (site / "404.html").unlink(missing_ok=True)
    pages = links = 0
    for page in sorted(site.rglob("*.html")):
        html, count = rewrite_page(page.read_text(encoding="utf-8"), page, site)
        page.write_text(html, encoding="utf-8")
        pages += 1
        links += count
    return pages, links


def write_zip(site: Path, out: Path) -> OfflineResult:
    """Copy a built site, make it the offline edition and zip it (under ``compendium-offline/``) to ``out``."""
    out = Path(out)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / FOLDER
        shutil.copytree(site, work)
        pages, links = make_offline(work)
        out.parent.mkdir(parents=True, exist_ok=True)
        files = 0
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            for path in sorted(work.rglob("*")):
                if path.is_file():
                    zf.write(path, path.relative_to(work.parent).as_posix())
                    files += 1
    return OfflineResult(out, out.stat().st_size, files, pages, links)
