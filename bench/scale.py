"""Scale benchmark: the compendium's full build against stock Material for MkDocs on the same texts.

Run:  .venv/bin/python bench/scale.py [--sizes 200,800,all] [--out bench/out]

For each size N it builds, one after the other on this machine:

(a) the compendium (this repository's mkdocs.yml, hooks and every feature) on
    the seed corpus plus the first N English General Assembly resolutions of
    ``../shared/unxml/ga`` imported with ``compendium import-akn``;
(b) the same texts as plain Markdown pages (heading, then each paragraph with
    its number) in stock Material for MkDocs with its search plugin: the peer
    baseline;

and reports wall time, peak memory (max RSS of the build process), output
bytes, search index bytes (raw and gzip) and pages; the floor (Python-Markdown
alone converting every body); the time of a rebuild after editing one
resolution, as ``mkdocs serve`` does it (same process, new config, one file
changed; at the largest size the full build is that process's first build). It writes ``bench/out/scale.json`` and the table between the
``scale`` markers of ``docs/performance.md``. Not part of the test suite: no
pass/fail, figures only.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))

from compendium import import_akn  # noqa: E402
from compendium.load import load_corpus  # noqa: E402
from compendium.model import Kind  # noqa: E402

PY = sys.executable
MKDOCS = [PY, "-m", "mkdocs"]

# A child that runs one command and reports its own wall time and its children's peak RSS.
_MEASURE = textwrap.dedent("""
    import json, resource, subprocess, sys, time
    t = time.perf_counter()
    r = subprocess.run(sys.argv[1:], capture_output=True, text=True)
    wall = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"wall": wall, "rss_kb": rss, "status": r.returncode,
                      "warnings": r.stderr.count("WARNING"), "tail": r.stderr[-2000:]}))
""")


def measure(cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> dict:
    """Run ``cmd`` in a fresh process; wall time, peak RSS of the build (all its processes at once), exit status."""
    proc = subprocess.Popen([PY, "-c", _MEASURE, *cmd], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=cwd)
    sampler = TreeMemory(proc.pid)
    out, err = proc.communicate()
    sampler.stop()
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, cmd, out, err)
    row = json.loads(out)
    row["rss_kb"] = max(row["rss_kb"], sampler.peak_kb)
    return row


def _pss_kb(pid: int) -> int:
    """Proportional set size of a process: a page shared by a forked pair counts half in each, so sums add up."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


class TreeMemory:
    """Samples the summed memory (PSS) of a process and all its descendants every 0.1 s (Linux /proc).

    A build that forks a worker uses both processes' memory at once; ``ru_maxrss``
    gives only the largest one, so the peak reported is the larger of the two figures.
    PSS counts pages the fork shares once in all.
    """

    def __init__(self, pid: int, until: Path | None = None):
        import threading

        self.pid, self.until, self.peak_kb = pid, until, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree_kb(self) -> int:
        children: dict[int, list[int]] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                children.setdefault(int(stat.read_text().rsplit(")", 1)[1].split()[1]), []).append(int(stat.parent.name))
            except (OSError, IndexError, ValueError):
                continue
        total, todo = 0, [self.pid]
        while todo:
            pid = todo.pop()
            total += _pss_kb(pid)
            todo += children.get(pid, [])
        return total

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            if self.until is not None and self.until.exists():
                return
            self.peak_kb = max(self.peak_kb, self._tree_kb())

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def tree_bytes(path: Path) -> tuple[int, int]:
    """Total bytes and file count below ``path``."""
    files = [f for f in path.rglob("*") if f.is_file()]
    return sum(f.stat().st_size for f in files), len(files)


def index_bytes(files: list[Path]) -> tuple[int, int]:
    """Raw and gzip bytes of the search index files.

    A file written gzipped (the compendium's ``.json.gz``) counts its inflated size as raw and
    its own size as gzip; a plain file its size as raw and its gzip (level 6) as gzip.
    """
    raw = gz = 0
    for f in files:
        data = f.read_bytes()
        if f.suffix == ".gz":
            raw += len(gzip.decompress(data))
            gz += len(data)
        else:
            raw += len(data)
            gz += len(gzip.compress(data, 6))
    return raw, gz


def import_ga(work: Path) -> list[Path]:
    """Every English GA resolution of ../shared/unxml imported once into ``work``; the corpus files, sorted."""
    out = work / "ga-corpus"
    if not out.exists():
        paths = sorted((SHARED / "unxml" / "ga").glob("*session/English/*.xml"))
        t = time.perf_counter()
        result = import_akn.import_batch(paths, out, root=SHARED / "unxml", check=False)
        print(f"imported {len(result.written)} GA files in {time.perf_counter() - t:.1f} s "
              f"({len(result.skipped)} skipped)", file=sys.stderr)
    return sorted(out.rglob("*.md"))


def buildable(ga: list[Path], work: Path) -> tuple[list[Path], dict[str, str]]:
    """The GA files the compendium's build accepts beside the repository's corpus, and why the others are set aside.

    A GA file whose name is already in ``resolutions/`` (the same expression) is left out;
    so is one the checker or the linker finds an error in (``compendium.pipeline.load`` on
    the whole scale corpus: the build would stop on it). Each left-out file with its
    first error is recorded in the JSON and counted in the table.
    """
    from compendium.pipeline import load

    have = {f.name for f in (REPO / "resolutions").rglob("*.md")}
    excluded = {f.name: "already in resolutions/ (same expression)" for f in ga if f.name in have}
    root = corpus_of(None, [f for f in ga if f.name not in have], work, name="corpus-check")
    t = time.perf_counter()
    state = load(root)
    for problem in state.problems:
        path = Path(str(problem.path))
        if problem.is_error and path.parent.name == "ga-scale":
            excluded.setdefault(path.name, problem.format(root))
    print(f"checked the scale corpus in {time.perf_counter() - t:.1f} s: {len(excluded)} GA files set aside",
          file=sys.stderr)
    shutil.rmtree(root, ignore_errors=True)
    return [f for f in ga if f.name not in excluded], excluded


def corpus_of(size: int | None, ga: list[Path], work: Path, name: str | None = None) -> Path:
    """A corpus folder: the repository's corpus plus the first ``size`` GA files (all with None)."""
    name = name or f"corpus-{size or 'all'}"
    root = work / name
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(REPO / "resolutions", root)
    for f in ga[:size] if size else ga:
        dest = root / "ga-scale" / f.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, dest)
    return root


def stock_project(corpus: Path, work: Path) -> Path:
    """The same texts as plain Markdown pages in a stock Material for MkDocs project."""
    project = work / f"stock-{corpus.name}"
    if project.exists():
        shutil.rmtree(project)
    docs = project / "docs"
    docs.mkdir(parents=True)
    loaded, _ = load_corpus(corpus)
    (docs / "index.md").write_text("# Resolutions\n", encoding="utf-8")
    for doc in loaded.documents:
        lines = [f"# {doc.symbol}: {doc.title}", ""]
        for p in doc.paragraphs:
            if p.kind == Kind.HEADING:
                lines += [f"## {p.text}", ""]
            else:
                lines += [f"{p.number or ''} {p.text}".strip(), ""]
        (docs / f"{doc.id}.md").write_text("\n".join(lines), encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        "site_name: Stock\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n", encoding="utf-8")
    return project


def floor_seconds(corpus: Path) -> float:
    """Python-Markdown alone converting every corpus file's body: the least any Markdown site could do."""
    import markdown

    bodies = []
    for f in sorted(corpus.rglob("*.md")):
        text = f.read_text(encoding="utf-8")
        bodies.append(text.split("\n---\n", 1)[1] if text.startswith("---\n") else text)
    md = markdown.Markdown()
    t = time.perf_counter()
    for body in bodies:
        md.reset().convert(body)
    return time.perf_counter() - t


_BUILD_AND_REBUILD = textwrap.dedent("""
    import collections, json, resource, sys, threading, time, traceback
    from pathlib import Path
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    config_file, site_dir, edit = sys.argv[1:4]
    row = {"status": 0, "warnings": 0, "tail": ""}
    # A sampling profile of the full build: the main thread's stack every 0.2 s (no tracing
    # overhead, so the measured time stays the build's own).
    inclusive, own, samples = collections.Counter(), collections.Counter(), [0]
    main, stop = threading.main_thread().ident, threading.Event()
    def sample():
        while not stop.wait(0.2):
            frame = sys._current_frames().get(main)
            samples[0] += 1
            seen, top = set(), True
            while frame is not None:
                code = frame.f_code
                key = "/".join(Path(code.co_filename).parts[-2:]) + ":" + code.co_name
                if top:
                    own[key] += 1
                    top = False
                if key not in seen:
                    seen.add(key)
                    inclusive[key] += 1
                frame = frame.f_back
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    t = time.perf_counter()
    try:
        build(load_config(config_file, site_dir=site_dir))
    except BaseException:
        row.update(status=1, tail=traceback.format_exc()[-2000:])
    row["wall"] = time.perf_counter() - t
    stop.set()
    sampler.join()
    n = max(samples[0], 1)
    row["profile"] = {"samples": samples[0], "interval_s": 0.2,
                      "inclusive": [[k, round(v / n, 4)] for k, v in inclusive.most_common(60)],
                      "self": [[k, round(v / n, 4)] for k, v in own.most_common(30)]}
    row["rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    Path(site_dir + ".built").touch()  # tells the memory sampler the full build is over
    if row["status"] == 0:
        path = Path(edit)
        path.write_text(path.read_text(encoding="utf-8").replace("\\n\\n1. ", "\\n\\n1. (edited) ", 1), encoding="utf-8")
        t = time.perf_counter()
        config = load_config(config_file, site_dir=site_dir)
        config.plugins.on_startup(command="serve", dirty=False)  # as `mkdocs serve` rebuilds: one process
        build(config)
        row["rebuild"] = time.perf_counter() - t
        row["rss_after_rebuild_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps(row))
""")


def build_and_rebuild(corpus: Path, site_dir: Path, env: dict[str, str]) -> dict:
    """The full build, then, in the same process, a rebuild after editing one resolution (what `mkdocs serve` does).

    The first build is the measured full build (wall time, peak RSS up to its end), so the
    largest size costs one full build less; the site's bytes are measured after the rebuild
    (one paragraph longer by 9 bytes).
    """
    edit = next(corpus.glob("ga-scale/*.md"), None) or next(corpus.rglob("*.md"))
    done = Path(str(site_dir) + ".built")
    done.unlink(missing_ok=True)
    proc = subprocess.Popen([PY, "-c", _BUILD_AND_REBUILD, str(REPO / "mkdocs.yml"), str(site_dir), str(edit)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO)
    sampler = TreeMemory(proc.pid, until=done)
    stdout, stderr = proc.communicate()
    sampler.stop()
    done.unlink(missing_ok=True)
    out = subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)
    try:
        row = json.loads(out.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        row = {"status": out.returncode or 1, "wall": float("nan"), "rss_kb": 0, "tail": out.stderr[-2000:]}
    row["warnings"] = out.stderr.count("WARNING")
    row["rss_kb"] = max(row.get("rss_kb", 0), sampler.peak_kb)
    if row["status"] != 0:
        print(row["tail"], file=sys.stderr)
    return row


def run_size(size: int | None, ga: list[Path], work: Path, rebuild: bool) -> dict:
    """Both builds of one size and their figures."""
    corpus = corpus_of(size, ga, work)
    n_files = sum(1 for _ in corpus.rglob("*.md"))
    env = dict(os.environ, COMPENDIUM_CORPUS=str(corpus))
    site_dir = work / f"site-{corpus.name}"
    if rebuild:
        ours = build_and_rebuild(corpus, site_dir, env)
    else:
        ours = measure([*MKDOCS, "build", "-q", "-f", str(REPO / "mkdocs.yml"), "-d", str(site_dir)], env=env, cwd=REPO)
    ours["bytes"], ours["files"] = tree_bytes(site_dir)
    ours["pages"] = sum(1 for _ in site_dir.rglob("*.html"))
    ours["index_raw"], ours["index_gzip"] = index_bytes([f for f in (site_dir / "search").rglob("*") if f.is_file()])
    stock = stock_project(corpus, work)
    theirs = measure([*MKDOCS, "build", "-q", "-f", str(stock / "mkdocs.yml"), "-d", str(stock / "site")], cwd=stock)
    theirs["bytes"], theirs["files"] = tree_bytes(stock / "site")
    theirs["pages"] = sum(1 for _ in (stock / "site").rglob("*.html"))
    theirs["index_raw"], theirs["index_gzip"] = index_bytes([stock / "site" / "search" / "search_index.json"])
    floor = floor_seconds(corpus)
    row = {
        "size": size or len(ga), "corpus_files": n_files, "compendium": ours, "stock": theirs, "floor": floor,
        "time_ratio": ours["wall"] / theirs["wall"], "bytes_ratio": ours["bytes"] / theirs["bytes"],
        "floor_ratio": ours["wall"] / floor if floor else None,
    }
    if "rebuild" in ours:
        row["rebuild"] = ours["rebuild"]
    for d in (site_dir, stock / "site"):
        shutil.rmtree(d, ignore_errors=True)
    return row


def mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB"


def table(rows: list[dict], meta: dict) -> str:
    """The Markdown table of ``docs/performance.md``."""
    excluded = meta.get("ga_excluded", {})
    dup = sum(1 for why in excluded.values() if why.startswith("already in"))
    out = [
        f"Run of `{meta['command']}` on {meta['date']} ({meta['machine']}).",
        "",
        f"GA files used: {meta.get('ga_used', '?')}; set aside: {dup} already in `resolutions/` and "
        f"{len(excluded) - dup} on which the checker or linker reports an error (the build would stop; "
        "listed with their first error in `bench/out/scale.json`).",
        "",
        "| resolutions | build: compendium / stock (ratio) | peak memory: compendium / stock | output: compendium / stock (ratio) "
        "| search index raw (gzip): compendium / stock | pages: compendium / stock | floor (Python-Markdown) | build ÷ floor |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        c, s = r["compendium"], r["stock"]
        failed = "".join(f" **{who} build failed (exit {b['status']})**" for who, b in (("compendium", c), ("stock", s))
                         if b["status"] != 0)
        out.append(
            f"| {r['corpus_files']} files ({r['size']} GA){failed} | {c['wall']:.1f} s / {s['wall']:.1f} s ({r['time_ratio']:.2f}) "
            f"| {c['rss_kb'] / 1024:.0f} MB / {s['rss_kb'] / 1024:.0f} MB "
            f"| {mb(c['bytes'])} / {mb(s['bytes'])} ({r['bytes_ratio']:.3f}) "
            f"| {mb(c['index_raw'])} ({mb(c['index_gzip'])}) / {mb(s['index_raw'])} ({mb(s['index_gzip'])}) "
            f"| {c['pages']} / {s['pages']} | {r['floor']:.1f} s | {r['floor_ratio']:.1f} |"
        )
    first, last = rows[0], rows[-1]
    growth = (last["compendium"]["wall"] / first["compendium"]["wall"]) / (last["corpus_files"] / first["corpus_files"])
    for r in rows:
        if r["compendium"]["status"] != 0:
            out += ["", f"The compendium build at {r['corpus_files']} files failed; the end of its log:", "",
                    "```text", r["compendium"]["tail"].strip()[-1500:], "```"]
    out += [
        "",
        f"Growth: build time at {last['corpus_files']} files ÷ at {first['corpus_files']} files, divided by the size "
        f"ratio: **{growth:.2f}** (linear is 1.0 or less; target ≤ 1.2).",
    ]
    rebuilt = [r for r in rows if "rebuild" in r]
    if rebuilt:
        r = rebuilt[-1]
        out.append(f"Rebuild after editing one resolution (as `mkdocs serve` does) at {r['corpus_files']} files: "
                   f"**{r['rebuild']:.1f} s** (full build {r['compendium']['wall']:.1f} s).")
    return "\n".join(out)


def write_docs(text: str) -> None:
    """Put the table between the scale markers of docs/performance.md."""
    page = REPO / "docs" / "performance.md"
    start, end = "<!-- scale:start -->", "<!-- scale:end -->"
    current = page.read_text(encoding="utf-8") if page.exists() else "# Performance\n"
    if start in current and end in current:
        head, rest = current.split(start, 1)
        current = head + start + "\n" + text + "\n" + end + rest.split(end, 1)[1]
    else:
        current = current.rstrip("\n") + f"\n\n## Build at scale\n\n{start}\n{text}\n{end}\n"
    page.write_text(current, encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="200,800,all", help="GA resolutions per run, comma-separated; 'all' for every one")
    ap.add_argument("--out", default=str(REPO / "bench" / "out"))
    ap.add_argument("--work", help="Working folder (default: a temporary one, removed afterwards)")
    ap.add_argument("--no-docs", action="store_true", help="Do not write docs/performance.md")
    args = ap.parse_args()
    if not (SHARED / "unxml" / "ga").is_dir():
        print(f"skipped: {SHARED / 'unxml' / 'ga'} is absent; the scale benchmark needs the UN XML files", file=sys.stderr)
        return 0
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="compendium-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        ga, excluded = buildable(import_ga(work), work)
        sizes = [None if s == "all" else int(s) for s in args.sizes.split(",")]
        rows = []
        for i, size in enumerate(sizes):
            row = run_size(size, ga, work, rebuild=(i == len(sizes) - 1))
            print(json.dumps({k: v for k, v in row.items() if k not in ("compendium", "stock")}), file=sys.stderr)
            rows.append(row)
        meta = {"command": "python bench/scale.py --sizes " + args.sizes, "date": time.strftime("%Y-%m-%d"),
                "machine": f"{os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}",
                "ga_used": len(ga), "ga_excluded": excluded}
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        (out / "scale.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=1), encoding="utf-8")
        text = table(rows, meta)
        print(text)
        if not args.no_docs:
            write_docs(text)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
