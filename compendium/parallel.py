"""A second process for independent work, where the platform can fork.

The machines the compendium is built on have few cores, and the big stages
(parsing the corpus, making the search index) split into independent halves.
A forked child inherits everything already loaded, so only its result crosses
the pipe (pickled); nothing is pickled on the way in.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Callable

_JOBS: dict[str, Callable[[], Any]] = {}
"""Work handed to a forked worker: set just before the fork, read by the child."""


def _run(name: str) -> Any:
    return _JOBS[name]()


def in_background(name: str, job: Callable[[], Any]) -> Future | None:
    """Run ``job()`` in a forked process and return its future; None where fork is not available.

    Call it only from a process with no other threads at work (a fork copies
    them mid-flight): ``mkdocs build`` and the CLI, not ``mkdocs serve``.
    """
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:
        return None
    _JOBS[name] = job
    executor = ProcessPoolExecutor(max_workers=1, mp_context=context)
    try:
        future = executor.submit(_run, name)  # the worker is forked here, with _JOBS set
    finally:
        executor.shutdown(wait=False)
        _JOBS.pop(name, None)
    return future


__all__ = ["in_background"]
