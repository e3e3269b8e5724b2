"""Where a parallel build's time goes: each stage's wall time and each process's CPU time.

Run:  .venv/bin/python bench/phases.py CORPUS_DIR

Loads, checks and links the corpus (``compendium.pipeline.load``) and generates the site
(``compendium.site.SiteBuild``) as ``mkdocs build`` does, with the forked workers of
``compendium.parallel`` timing themselves. MkDocs' own part (index pages, static files,
writing the framed pages) is the rest of a build's time. Figures only, no pass/fail.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from compendium import parallel, pipeline, site  # noqa: E402

START = time.time()


def timed(name, job):
    """``parallel.in_background`` with the worker reporting its own wall and CPU time."""

    def run():
        wall, cpu = time.time(), time.process_time()
        result = job()
        print(f"  [{name}] worker: {time.time() - wall:.1f} s wall, {time.process_time() - cpu:.1f} s CPU, "
              f"ended at {time.time() - START:.1f} s", file=sys.stderr)
        return result

    return _in_background(name, run)


_in_background = parallel.in_background


def main() -> int:
    parallel.in_background = site.in_background = timed
    wall, cpu = time.time(), time.process_time()
    state = pipeline.load(Path(sys.argv[1]), parallel=True)
    print(f"load, check, link: {time.time() - wall:.1f} s wall, {time.process_time() - cpu:.1f} s CPU in this process",
          file=sys.stderr)
    wall, cpu = time.time(), time.process_time()
    site.SiteBuild(state, parallel=True)
    print(f"page generation: {time.time() - wall:.1f} s wall, {time.process_time() - cpu:.1f} s CPU in this process "
          f"(ends at {time.time() - START:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
