#!/usr/bin/env python3
"""Benchmark: import every AKN4UN file of ../shared/unxml, prove nothing lost, export back and validate.

Writes bench/out/import_akn.json: files, seconds, files per second, files
imported with the nothing-lost proof, failures with their reasons (grouped and
listed), and for the imported files how many exports validate against the
Akoma Ntoso 3.0 schema and re-import to the identical corpus file.

Usage: python bench/import_akn.py [--unxml DIR] [--no-export]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from compendium.export_akn import to_xml, validate  # noqa: E402
from compendium.import_akn import SkipFile, import_batch, import_file  # noqa: E402
from compendium.load import load_document  # noqa: E402


def reason_kind(reason: str) -> str:
    """A failure reason without its file-specific details, to group failures."""
    kind = reason.split(":")[0]
    if kind == "unknown structure":
        kind += ": " + re.sub(r"(line|at letter) \d+.*|anchors .*", r"\1", reason.split(":", 1)[1].strip())[:60]
    return kind


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unxml", type=Path, default=ROOT.parent / "shared" / "unxml")
    parser.add_argument("--no-export", action="store_true", help="skip the export / validate / re-import phase")
    args = parser.parse_args(argv)
    if not args.unxml.is_dir():
        print(f"{args.unxml}: error: no such folder; pass --unxml DIR", file=sys.stderr)
        return 2
    files = sorted(args.unxml.rglob("*.xml"))
    with tempfile.TemporaryDirectory() as tmp:
        start, cpu = time.perf_counter(), time.process_time()
        result = import_batch(files, Path(tmp) / "corpus", root=args.unxml)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    report: dict = {
        "files": len(files),
        "seconds": round(seconds, 2),
        "files_per_second": round(len(files) / seconds, 1),
        "cpu_seconds": round(cpu, 2),
        "files_per_cpu_second": round(len(files) / cpu, 1),
        "load_average_1min_at_end": round(os.getloadavg()[0], 1),
        "imported_nothing_lost": len(result.imported),
        "expressions_written": len(result.written),
        "failed": len(result.skipped),
        "failures_by_reason": dict(Counter(reason_kind(r) for _, r in result.skipped).most_common()),
        "failures": [{"file": p.relative_to(args.unxml).as_posix(), "reason": r} for p, r in result.skipped],
    }
    if not args.no_export:
        valid = same = 0
        start = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            again = Path(tmp) / "export.xml"
            for imported in result.imported:
                doc, _ = load_document(Path(imported.relpath), imported.text)
                xml = to_xml(doc)
                valid += not validate(xml)
                again.write_bytes(xml)
                try:
                    same += import_file(again, imported.meta["source"]["file"]).text == imported.text
                except SkipFile:
                    pass
        report["export_seconds"] = round(time.perf_counter() - start, 2)
        report["exports_valid_akn30"] = valid
        report["round_trips_identical"] = same
    out = ROOT / "bench" / "out" / "import_akn.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    summary = {k: v for k, v in report.items() if k != "failures"}
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
