"""Fuzz the plain-text importer and the body parser for a given time (hypothesis, no extra dependency).

Runs the checks of tests/test_properties.py (``check_import``: only
``CompendiumError``, nothing lost, words in order; ``check_roundtrip``:
parse -> write -> parse stable) on freshly generated inputs, batch after batch,
until the time is up, then prints how many examples ran. Exits 1 on the first
failing input, printed (shrunk by hypothesis) so that it can become a test.

Usage: .venv/bin/python scripts/fuzz_import.py --minutes 10
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import test_properties as props  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="how long to run (default 10)")
    parser.add_argument("--batch", type=int, default=500, help="examples per hypothesis run")
    args = parser.parse_args()
    deadline = time.monotonic() + args.minutes * 60
    counts = {"import": 0, "roundtrip": 0}
    failing: dict[str, str] = {}  # the input being checked; hypothesis replays the shrunk failure last
    fuzz = settings(settings.get_profile("fuzz"), max_examples=args.batch)  # the profile tests/test_properties.py registers

    @fuzz
    @given(props.any_text)
    def fuzz_import(text: str) -> None:
        counts["import"] += 1
        failing["input"] = repr(text)
        props.check_import(text)
        failing.pop("input")

    @fuzz
    @given(st.one_of(props.corpus_body(), st.text(max_size=500)), st.sampled_from(["resolution", "report"]))
    def fuzz_roundtrip(body: str, doctype: str) -> None:
        counts["roundtrip"] += 1
        failing["input"] = f"{body!r} ({doctype})"
        props.check_roundtrip(body, doctype)
        failing.pop("input")

    start = time.monotonic()
    batches = 0
    while time.monotonic() < deadline:
        try:
            fuzz_import()
            fuzz_roundtrip()
        except Exception as exc:  # hypothesis re-raises the shrunk failure after printing the input
            print(f"FAILED after {sum(counts.values())} examples: {type(exc).__name__}: {exc}", file=sys.stderr)
            print(f"input: {failing.get('input')}", file=sys.stderr)
            return 1
        batches += 1
        elapsed = time.monotonic() - start
        print(f"{elapsed:7.0f} s  batches {batches}  importer {counts['import']}  parser {counts['roundtrip']}", flush=True)
    elapsed = time.monotonic() - start
    print(f"nothing found: {counts['import']} importer examples and {counts['roundtrip']} parser round trips "
          f"in {elapsed / 60:.1f} minutes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
