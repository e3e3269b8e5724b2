"""Benchmark: the compendium's prebuilt, sharded lunr search against Material's own search.

Two corpora: the seed corpus (``resolutions/``, loaded and linked) and the
General Assembly's English resolutions of sessions 75-79 from ``../shared/unxml``
(about 1,660 texts; read with ``compendium.import_akn`` when that module offers
``import_file``, else with the small AKN reader below). For each corpus:

- ``build_index`` time and the bytes of its files, raw and gzip (always-loaded
  part, largest shard, total);
- in headless Chromium, served from 127.0.0.1: time from navigation start to the
  first results and to the complete result list for ``search/?q=...``, bytes
  fetched, and the time of a further query on the loaded page;
- the same texts as a plain MkDocs + Material site with Material's ``search``
  plugin: build time, ``search_index.json`` bytes, time from navigation start
  to the first results of a query typed into its search box, and of a further query.

Writes ``bench/out/search.json`` and the "Search" section of ``docs/performance.md``
(between ``<!-- bench:search -->`` markers). Timings are single runs on this
machine (2 cores); they are figures, not assertions.

Run: ``.venv/bin/python bench/search.py [--unxml DIR] [--limit N] [--no-material]``
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from compendium.model import (  # noqa: E402
    Corpus,
    Document,
    Footnote,
    Kind,
    Organ,
    Paragraph,
    Source,
    Version,
    slug,
)
from compendium.search import SHARD_ENTRIES, build_index, standalone_search_page  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from citations import _text  # noqa: E402  (plain text of an AKN element without its footnotes)

AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
STATIC = ROOT / "compendium" / "static" / "search"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]

LABELS = {
    "seed": "The compendium's corpus (resolutions/, loaded and linked)",
    "ga": "General Assembly, sessions 75-79, English (../shared/unxml)",
}
QUERIES = {
    "seed": ["2003/30", "E/CN.15/2004/9", "technical assistance", '"rule of law"', "extradition"],
    "ga": ["70/1", "A/RES/70/1", "human rights", '"rule of law"', "extradition", "E/CN.15/2021/*"],
}


# ---- corpora ---------------------------------------------------------------------------


def seed_corpus() -> Corpus:
    from compendium.link import link_corpus
    from compendium.load import load_corpus

    corpus, problems = load_corpus(ROOT / "resolutions")
    errors = [p for p in problems if p.is_error]
    if errors:  # measured all the same: the search indexes what loads
        print(f"{len(errors)} errors loading resolutions/ (run compendium check)", file=sys.stderr)
    link_corpus(corpus)
    return corpus


def _own_ps(el):
    """The <p> elements of a paragraph that are not inside a nested paragraph or a footnote."""
    for p in el.iter(AKN + "p"):
        a = p.getparent()
        inside = False
        while a is not None and a is not el:
            if a.tag in (AKN + "paragraph", AKN + "authorialNote"):
                inside = True
                break
            a = a.getparent()
        if not inside:
            yield p


def akn_document(path: Path) -> Document | None:
    """A small AKN reader for the benchmark: preamble containers, body paragraphs (nested ones as
    sub-paragraphs), other body text, footnotes. Not the product's importer (``compendium.import_akn``)."""
    tree = etree.parse(str(path))
    root = tree.getroot()
    number = root.find(f".//{AKN}coverPage//{AKN}docNumber")
    date = root.find(f".//{AKN}FRBRWork/{AKN}FRBRdate")
    title = root.find(f".//{AKN}preface//{AKN}docTitle")
    if number is None:
        return None
    symbol = _text(number)
    iso = date.get("date") if date is not None else None
    if iso and iso.startswith("0001"):
        iso = None  # the files' placeholder date
    doc = Document(
        path=path,
        symbol=symbol,
        work=symbol,
        doctype="resolution",
        organ=Organ.GA,
        title=_text(title) if title is not None else symbol,
        date=iso,
        language="en",
        version=Version.ADOPTED,
        source=Source(kind="akn", file=path.name),
        number=symbol.split("/RES/")[-1] if "/RES/" in symbol else None,
    )
    n_pp = 0
    seen_text = 0
    preamble = root.find(f".//{AKN}preamble")
    if preamble is not None:
        for c in preamble.iter(AKN + "container"):
            n_pp += 1
            text = " ".join(_text(p) for p in _own_ps(c))
            doc.paragraphs.append(Paragraph(Kind.PREAMBULAR, f"pp-{n_pp}", None, text, 0, ordinal=n_pp))
    body = root.find(f".//{AKN}mainBody")
    if body is not None:
        for i, para in enumerate(body.iter(AKN + "paragraph")):
            num = para.find(AKN + "num")
            depth = sum(1 for a in para.iterancestors(AKN + "paragraph"))
            text = " ".join(_text(p) for p in _own_ps(para) if p.getparent() is not None)
            if not text:
                continue
            kind = Kind.OPERATIVE if depth == 0 else Kind.SUBPARAGRAPH
            anchor = (para.get("eId") or f"p-{i}").replace("_", "-")
            doc.paragraphs.append(Paragraph(kind, anchor, _text(num) if num is not None else None, text, 0, level=depth))
        for p in _own_ps(body):
            if any(a.tag == AKN + "paragraph" for a in p.iterancestors()):
                continue
            seen_text += 1
            doc.paragraphs.append(Paragraph(Kind.TEXT, f"text-{seen_text}", None, _text(p), 0))
    for note in root.iter(AKN + "authorialNote"):
        marker = note.get("marker") or str(len(doc.footnotes) + 1)
        doc.footnotes[marker] = Footnote(marker, _text(note))
    return doc


def ga_corpus(unxml: Path, limit: int | None) -> tuple[Corpus, dict]:
    files = sorted((unxml / "ga").glob("*session/English/*.xml"))
    if limit:
        files = files[:limit]
    try:
        from compendium import import_akn  # the product's importer (helper D), when present
    except ImportError:
        import_akn = None
    from compendium.load import load_document

    fallback: list[str] = []

    def read(f: Path) -> Document | None:
        if import_akn is None:
            return akn_document(f)
        try:
            imported = import_akn.import_file(f, check=False)
            doc, problems = load_document(ROOT / "resolutions" / imported.relpath, imported.text)
        except import_akn.SkipFile as err:
            doc, problems = None, [err]
        if doc is None or any(getattr(p, "is_error", True) for p in problems):
            # the importer or the loader refuses it: the benchmark still wants its text
            fallback.append(f"{f.name}: {'; '.join(str(p)[:200] for p in problems)}")
            return akn_document(f)
        return doc

    docs, failed, dupes = [], [], 0
    seen = set()
    for f in files:
        try:
            doc = read(f)
        except etree.XMLSyntaxError as err:
            failed.append(f"{f.name}: {err}")
            continue
        if doc is None:
            failed.append(f"{f.name}: no symbol")
            continue
        if doc.id in seen:
            dupes += 1  # "... - Copy.xml" files
            continue
        seen.add(doc.id)
        docs.append(doc)
    corpus = Corpus(root=unxml, documents=docs)
    from compendium.link import link_corpus

    t = time.perf_counter()
    link_corpus(corpus)
    info = {
        "files": len(files),
        "documents": len(docs),
        "unreadable": failed,
        "read_by_the_benchmark_reader": fallback,
        "duplicates_skipped": dupes,
        "reader": "compendium.import_akn + compendium.load" if import_akn else "bench/search.py akn_document",
        "link_seconds": round(time.perf_counter() - t, 2),
        "paragraphs": sum(len(d.citable()) for d in docs),
        "footnotes": sum(len(d.footnotes) for d in docs),
    }
    return corpus, info


# ---- sites -----------------------------------------------------------------------------


def our_site(corpus: Corpus, out: Path, shard_entries: int = SHARD_ENTRIES) -> dict:
    t = time.perf_counter()
    files = build_index(corpus, shard_entries=shard_entries)
    build_s = time.perf_counter() - t
    (out / "search").mkdir(parents=True)
    sizes = {}
    for name, content in files.items():
        # the .json.gz files are served as they are (gzip bytes): raw is what the browser inflates
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (out / "search" / name).write_bytes(data)
        if name.endswith(".gz"):
            sizes[name] = (len(gzip.decompress(data)), len(data))
        else:
            sizes[name] = (len(data), len(gzip.compress(data, 6)))
    shutil.copytree(STATIC, out / "assets" / "search")
    (out / "search" / "index.html").write_text(standalone_search_page(), encoding="utf-8")
    manifest = json.loads(files["manifest.json"])
    shard_sizes = [
        sizes[f"index-{s['id']}.json.gz"][0] + sizes[f"data-{s['id']}.json.gz"][0] for s in manifest["shards"]
    ]
    shard_gz = [sizes[f"index-{s['id']}.json.gz"][1] + sizes[f"data-{s['id']}.json.gz"][1] for s in manifest["shards"]]
    always = ("manifest.json",)
    return {
        "build_index_seconds": round(build_s, 2),
        "entries": sum(s["entries"] for s in manifest["shards"]),
        "shards": len(manifest["shards"]),
        "bytes_total": sum(r for r, _ in sizes.values()),
        "bytes_total_gzip": sum(g for _, g in sizes.values()),
        "bytes_always_loaded": sum(sizes[n][0] for n in always),
        "bytes_always_loaded_gzip": sum(sizes[n][1] for n in always),
        "bytes_largest_shard": max(shard_sizes),
        "bytes_term_maps": sum(r for n, (r, _) in sizes.items() if n.startswith("terms-")),
        "bytes_largest_term_map": max(r for n, (r, _) in sizes.items() if n.startswith("terms-")),
        "bytes_largest_shard_gzip": max(shard_gz),
        "bytes_lunr_indexes": sum(r for n, (r, _) in sizes.items() if n.startswith("index-")),
        "bytes_display_data": sum(r for n, (r, _) in sizes.items() if n.startswith("data-")),
    }


def material_site(corpus: Corpus, out: Path) -> dict:
    """The same texts as plain Markdown pages of a Material site with its own search plugin."""
    docs_dir = out / "docs"
    docs_dir.mkdir(parents=True)
    (docs_dir / "index.md").write_text("# Corpus\n\nThe texts, one page each.\n", encoding="utf-8")
    for doc in corpus.documents:
        lines = [f"# {doc.symbol}: {doc.title}", ""]
        for p in doc.citable():
            text = p.text.replace("<", "&lt;")
            lines += [f"{p.number + ' ' if p.number else ''}{text}", ""]
        for fn in doc.footnotes.values():
            if fn.text:
                lines += [f"{fn.marker}. {fn.text.replace('<', '&lt;')}", ""]
        (docs_dir / f"{slug(doc.id)}.md").write_text("\n".join(lines), encoding="utf-8")
    (out / "mkdocs.yml").write_text(
        "site_name: Material search benchmark\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n",
        encoding="utf-8",
    )
    t = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(out / "mkdocs.yml"), "-d", str(out / "site")],
        check=True,
        capture_output=True,
    )
    build_s = time.perf_counter() - t
    index = (out / "site" / "search" / "search_index.json").read_bytes()
    return {
        "mkdocs_build_seconds": round(build_s, 2),
        "bytes_search_index": len(index),
        "bytes_search_index_gzip": len(gzip.compress(index, 6)),
    }


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


# ---- browser measurements --------------------------------------------------------------

OURS_WAIT = "() => document.querySelector('#compendium-search[data-state=done]') !== null"
OURS_NEXT = """async (q) => {
  const root = document.getElementById('compendium-search');
  const form = root.querySelector('form');
  form.elements.q.value = q;
  form.requestSubmit();
  while (root.dataset.state !== 'done' || window.compendiumSearch.timings.done < window.compendiumSearch.timings.queryStart) {
    await new Promise(r => setTimeout(r, 5));
  }
  const t = window.compendiumSearch.timings;
  return {first_ms: t.first - t.queryStart, done_ms: t.done - t.queryStart,
          results: window.compendiumSearch.count,
          status: root.querySelector('.cs-status').textContent};
}"""
MATERIAL_DONE = """() => {
  const m = document.querySelector('.md-search-result__meta');
  return m && /matching/i.test(m.textContent) ? performance.now() : null;
}"""
MATERIAL_NEXT = """async (q) => {
  const input = document.querySelector('.md-search__input');
  const meta = document.querySelector('.md-search-result__meta');
  input.value = '';
  input.dispatchEvent(new Event('input', {bubbles: true}));
  input.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true}));
  while (/matching/i.test(meta.textContent)) await new Promise(r => setTimeout(r, 5));
  const t0 = performance.now();
  input.value = q;
  input.dispatchEvent(new Event('input', {bubbles: true}));
  input.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true}));
  while (!/matching/i.test(meta.textContent)) await new Promise(r => setTimeout(r, 2));
  return {done_ms: performance.now() - t0, status: meta.textContent};
}"""


def _fetched(page) -> int:
    return page.evaluate(
        "() => performance.getEntriesByType('resource').reduce((n, e) => n + (e.encodedBodySize || 0), 0)"
    )


def warm_up(browser, url: str) -> None:
    """One unmeasured visit, so the first measured query does not pay for the browser's own start."""
    ctx = browser.new_context()
    ctx.new_page().goto(url)
    ctx.close()


def measure_ours(browser, base: str, queries: list[str]) -> dict:
    from urllib.parse import quote

    warm_up(browser, base + "search/")
    cold = {}
    for q in queries:
        ctx = browser.new_context()
        page = ctx.new_page()
        page.goto(base + "search/?q=" + quote(q))
        page.wait_for_function(OURS_WAIT, timeout=300_000)
        t = page.evaluate("() => window.compendiumSearch.timings")
        cold[q] = {
            "first_results_ms": round(t["first"]),
            "all_results_ms": round(t["done"]),
            "results": page.evaluate("() => window.compendiumSearch.count"),
            "js_heap_bytes": page.evaluate("() => performance.memory ? performance.memory.usedJSHeapSize : null"),
            "status": page.text_content(".cs-status"),
            "bytes_fetched": _fetched(page),
        }
        ctx.close()
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(base + "search/?q=" + quote(queries[0]))
    page.wait_for_function(OURS_WAIT, timeout=300_000)
    warm = {}
    for q in queries[1:] + queries[:1]:
        r = page.evaluate(OURS_NEXT, q)
        warm[q] = {"first_results_ms": round(r["first_ms"], 1), "all_results_ms": round(r["done_ms"], 1), "results": r["results"]}
    ctx.close()
    return {"cold": cold, "next_query": warm}


def measure_material(browser, base: str, queries: list[str]) -> dict:
    warm_up(browser, base)
    cold = {}
    for q in queries:
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        page = ctx.new_page()
        page.goto(base)
        page.click(".md-search__input")
        page.keyboard.type(q)  # Material listens to key events, not to input alone
        done = page.wait_for_function(MATERIAL_DONE, timeout=300_000, polling=20).json_value()
        cold[q] = {
            "first_results_ms": round(done),
            "status": page.text_content(".md-search-result__meta"),
            "bytes_fetched": _fetched(page),
        }
        ctx.close()
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.goto(base)
    page.click(".md-search__input")
    page.keyboard.type(queries[0])
    page.wait_for_function(MATERIAL_DONE, timeout=300_000, polling=20)
    warm = {}
    for q in queries[1:] + queries[:1]:
        r = page.evaluate(MATERIAL_NEXT, q)
        warm[q] = {"all_results_ms": round(r["done_ms"], 1), "status": r["status"]}
    ctx.close()
    return {"cold": cold, "next_query": warm}


# ---- report ----------------------------------------------------------------------------


def _kb(n: int) -> str:
    return f"{n / 1024:,.0f} KiB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MiB"


def markdown(result: dict) -> str:
    out = ["<!-- bench:search -->", "", f"Measured {result['date']} by `bench/search.py` on this project's machine "
           "(2 cores, headless Chromium 127.0.0.1, no HTTP compression; single runs).", ""]
    for name, r in result["corpora"].items():
        ours, mat = r["ours"], r.get("material")
        out += [f"### {LABELS.get(name, r['label'])}", ""]
        if r.get("load_average_after"):
            busy = max(r["load_average_after"]) > 2  # more than the 2 cores' worth: something else was running
            out += [f"Load average of the machine after this corpus: {r['load_average_after']} (2 cores"
                    + ("; other work was running, so absolute times are inflated alike for both searches)." if busy
                       else ")."), ""]
        out += [
            f"{r['documents']} documents, {ours['entries']:,} entries (paragraphs, sub-paragraphs, footnotes) "
            f"in {ours['shards']} shards; term maps {_kb(ours.get('bytes_term_maps', 0))} in all, "
            f"the largest {_kb(ours.get('bytes_largest_term_map', 0))}.",
            "",
            "| | compendium (prebuilt lunr, sharded) | Material search plugin |",
            "|---|---|---|",
            f"| index build | {ours['build_index_seconds']} s (`build_index`) | built in the browser on every page load |"
            if mat else f"| index build | {ours['build_index_seconds']} s | – |",
        ]
        if mat:
            out += [
                f"| index bytes | {_kb(ours['bytes_total'])} total ({_kb(ours['bytes_total_gzip'])} gzip); "
                f"always loaded {_kb(ours['bytes_always_loaded'])} ({_kb(ours['bytes_always_loaded_gzip'])} gzip); "
                f"largest shard {_kb(ours['bytes_largest_shard'])} ({_kb(ours['bytes_largest_shard_gzip'])} gzip) "
                f"| {_kb(mat['bytes_search_index'])} ({_kb(mat['bytes_search_index_gzip'])} gzip), all of it on first use |",
            ]
        firsts = [c["first_results_ms"] for c in ours["browser"]["cold"].values()]
        heaps = [c.get("js_heap_bytes") or 0 for c in ours["browser"]["cold"].values()]
        summary = (f"First results in {min(firsts)}–{max(firsts)} ms from navigation start"
                   + (f" against {min(m['first_results_ms'] for m in mat['browser']['cold'].values())}–"
                      f"{max(m['first_results_ms'] for m in mat['browser']['cold'].values())} ms for Material's search"
                      if mat else "")
                   + (f"; JavaScript heap after the complete result list up to {max(heaps) / 2**20:,.0f} MiB." if any(heaps) else "."))
        out += ["", summary]
        if r.get("reader"):
            out += ["", f"Texts read with {r['reader']}"
                    + (f" ({len(r.get('read_by_the_benchmark_reader', []))} files the importer refused were read by "
                       "the benchmark's own AKN reader)" if r.get("read_by_the_benchmark_reader") else "")
                    + (f"; citations linked by `link_corpus` in {r['link_seconds']} s." if r.get("link_seconds") else ".")]
        out += ["", "| query | ours: first results | ours: all results | ours: fetched | ours: next query, first / all results | "
                "Material: first results | Material: next query | hits (ours / Material) |",
                "|---|---|---|---|---|---|---|---|"]
        for q, c in ours["browser"]["cold"].items():
            w = ours["browser"]["next_query"][q]
            m = mat["browser"]["cold"].get(q) if mat else None
            mw = mat["browser"]["next_query"].get(q) if mat else None
            out.append(
                f"| `{q}` | {c['first_results_ms']} ms | {c['all_results_ms']} ms | {_kb(c['bytes_fetched'])} | "
                f"{w['first_results_ms']} / {w['all_results_ms']} ms | "
                + (f"{m['first_results_ms']} ms | {mw['all_results_ms']} ms | {c['results']} paragraphs / "
                   f"{m['status']} |" if m else "– | – | " + f"{c['results']} |")
            )
        out.append("")
    out.append("<!-- /bench:search -->")
    return "\n".join(out)


def write_docs(result: dict) -> None:
    path = ROOT / "docs" / "performance.md"
    section = markdown(result)
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    if "<!-- bench:search -->" in text:
        text = re.sub(r"<!-- bench:search -->.*?<!-- /bench:search -->", lambda _: section, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n## Search\n\nDesign: [search design](search-design.md).\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--unxml", type=Path, default=ROOT.parent / "shared" / "unxml")
    ap.add_argument("--limit", type=int, default=None, help="read only the first N GA files")
    ap.add_argument("--no-material", action="store_true", help="skip Material's search")
    ap.add_argument("--no-docs", action="store_true", help="do not rewrite docs/performance.md")
    ap.add_argument("--shard-entries", type=int, default=SHARD_ENTRIES, help="entries per shard")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "search.json")
    ap.add_argument("--report", action="store_true", help="only rewrite docs/performance.md from --out")
    args = ap.parse_args()
    if args.report:
        result = json.loads(args.out.read_text(encoding="utf-8"))
        write_docs(result)
        print(markdown(result))
        return

    from playwright.sync_api import sync_playwright

    result = {"date": time.strftime("%Y-%m-%d"), "corpora": {}}
    corpora = [("seed", LABELS["seed"], seed_corpus, {})]
    if (args.unxml / "ga").is_dir():
        corpora.append(("ga", LABELS["ga"], None, {}))
    else:
        print(f"{args.unxml}/ga not found: only the seed corpus is measured", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        result["chromium"] = browser.version
        result["load_average_before"] = [round(x, 1) for x in os.getloadavg()]
        for name, label, make, info in corpora:
            print(f"[{name}] reading", file=sys.stderr)
            if make:
                corpus = make()
            else:
                corpus, info = ga_corpus(args.unxml, args.limit)
            entry = {"label": label, "documents": len(corpus.documents), **info}
            ours_dir = Path(tmp) / name / "ours"
            print(f"[{name}] building our index", file=sys.stderr)
            entry["ours"] = our_site(corpus, ours_dir, args.shard_entries)
            server, base = serve(ours_dir)
            print(f"[{name}] measuring our search", file=sys.stderr)
            entry["ours"]["browser"] = measure_ours(browser, base, QUERIES[name])
            server.shutdown()
            if not args.no_material:
                print(f"[{name}] building the Material site", file=sys.stderr)
                mat_dir = Path(tmp) / name / "material"
                entry["material"] = material_site(corpus, mat_dir)
                server, base = serve(mat_dir / "site")
                print(f"[{name}] measuring Material's search", file=sys.stderr)
                entry["material"]["browser"] = measure_material(browser, base, QUERIES[name])
                server.shutdown()
            entry["load_average_after"] = [round(x, 1) for x in os.getloadavg()]
            result["corpora"][name] = entry
            print(json.dumps(entry, indent=1)[:3000], file=sys.stderr)
        browser.close()
    out = args.out
    result["shard_entries"] = args.shard_entries
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if not args.no_docs:
        write_docs(result)
    print(markdown(result))


if __name__ == "__main__":
    main()
