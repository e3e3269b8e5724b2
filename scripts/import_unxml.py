#!/usr/bin/env python3
"""Grow the corpus with every crime-prevention resolution of ../shared/unxml, in all its languages.

Selection: a work is taken when the cover page of any of its files names the
agenda item "Crime prevention and criminal justice" (``inline[@name='agenda
item name']``, which ECOSOC prints as "Social and human rights questions: crime
prevention and criminal justice"), or its classification has the agenda keyword
``refersTo="agenda"`` with ``showAs="Crime prevention and criminal justice."``.
Every language file of a selected work (same FRBR work URI) is imported with
``compendium.import_akn``; categories and topics come from the reviewable rules
in ``compendium/data/topic_rules.yaml`` applied to the English text, and are
given to every expression of the work.

Usage: scripts/import_unxml.py [--unxml DIR] [--out resolutions] [--force] [--dry-run]
Prints one line per work (symbol, languages, categories, topics), problems, and
the counts; exits 1 when a selected file could not be imported.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

import yaml
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from compendium.files import write_atomic  # noqa: E402
from compendium.import_akn import NS, Imported, import_batch, render_file  # noqa: E402
from compendium.model import plain_text  # noqa: E402

AGENDA = re.compile(r"(^|:\s*)crime prevention and criminal justice\.?$", re.I)
RULES = ROOT / "compendium" / "data" / "topic_rules.yaml"


def cover(path: Path) -> tuple[str | None, bool]:
    """(FRBR work URI, whether the file names the crime-prevention agenda item); (None, False) when unreadable."""
    try:
        root = etree.parse(str(path)).getroot()
    except (etree.XMLSyntaxError, OSError):
        return None, False
    ns = {"a": NS}
    work = root.xpath("string(.//a:meta/a:identification/a:FRBRWork/a:FRBRthis/@value)", namespaces=ns)
    names = root.xpath(".//a:coverPage//a:inline[@name='agenda item name']", namespaces=ns)
    hit = any(AGENDA.search(" ".join("".join(n.itertext()).split())) for n in names)
    for kw in root.xpath(".//a:meta/a:classification/a:keyword[@refersTo='agenda']", namespaces=ns):
        hit = hit or bool(AGENDA.search((kw.get("showAs") or "").strip()))
    return (work.split("!main")[0] or None), hit


def english_text(imported: Imported) -> str:
    """Plain text of the imported English expression, footnotes included."""
    parts = [b.markdown for b in imported.blocks] + list((imported.meta.get("footnotes") or {}).values())
    return plain_text(" ".join(parts))


def classify(title: str, text: str, rules: dict) -> tuple[list[int], list[str]]:
    """Categories and topics whose patterns occur in the title or often enough in the text."""

    def applies(rule: dict) -> bool:
        if any(re.search(p, title, re.I) for p in rule["patterns"]):
            return True
        return sum(len(re.findall(p, text, re.I)) for p in rule["patterns"]) >= rule.get("min_body", 1)

    topics = [r["topic"] for r in rules["topics"] if applies(r)]
    categories = sorted({r["category"] for r in rules["categories"] if applies(r)})
    return categories, topics


def with_classes(meta: dict, categories: list[int], topics: list[str]) -> dict:
    out = {}
    for key, value in meta.items():
        out[key] = value
        if key == "acknowledgement":
            if categories:
                out["categories"] = categories
            if topics:
                out["topics"] = topics
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unxml", type=Path, default=ROOT.parent / "shared" / "unxml")
    parser.add_argument("--out", type=Path, default=ROOT / "resolutions")
    parser.add_argument("--force", action="store_true", help="overwrite existing corpus files")
    parser.add_argument("--dry-run", action="store_true", help="select, convert and classify; write nothing")
    args = parser.parse_args(argv)
    if not args.unxml.is_dir():
        print(f"{args.unxml}: error: no such folder; pass --unxml DIR", file=sys.stderr)
        return 2
    files = sorted(p for p in args.unxml.rglob("*.xml"))
    by_work: dict[str, list[Path]] = defaultdict(list)
    selected: set[str] = set()
    unreadable = []
    for path in files:
        work, hit = cover(path)
        if work is None:
            unreadable.append(path)
            continue
        by_work[work].append(path)
        if hit:
            selected.add(work)
    chosen = [p for w in sorted(selected) for p in by_work[w]]
    # a file that does not parse cannot say which work it belongs to: report those that sit beside chosen files
    chosen_dirs = {p.parent.parent.parent for p in chosen}
    for path in unreadable:
        if path.parent.parent.parent in chosen_dirs:
            print(f"{path}: warning: not well-formed XML; cannot tell whether it belongs to the selection", file=sys.stderr)
    result = import_batch(chosen, None, root=args.unxml)
    for problem in result.problems:
        print(problem.format(), file=sys.stderr)
    rules = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    works: dict[str, list[Imported]] = defaultdict(list)
    for imp in result.imported:
        works[imp.meta["symbol"]].append(imp)
    written = 0
    for symbol, exprs in sorted(works.items()):
        english = next((e for e in exprs if e.meta["language"] == "en"), None)
        categories, topics = classify(english.meta["title"], english_text(english), rules) if english else ([], [])
        anchors = {e.meta["language"]: [b for b in _anchors(e)] for e in exprs}
        reference = anchors.get("en") or next(iter(anchors.values()))
        differ = sorted(lang for lang, a in anchors.items() if a != reference)
        print(f"{symbol}\t{','.join(sorted(anchors))}\tcategories={categories}\ttopics={','.join(topics)}"
              + (f"\tANCHORS DIFFER: {','.join(differ)}" if differ else ""))
        for e in exprs:
            body = e.text.split("\n---\n\n", 1)[1]
            text = render_file(with_classes(e.meta, categories, topics), body)
            if args.dry_run:
                continue
            target = args.out / e.relpath
            if target.exists() and not args.force and target.read_text(encoding="utf-8") != text:
                print(f"{target}: error: exists and differs; pass --force to overwrite", file=sys.stderr)
                continue
            write_atomic(target, text)
            written += 1
    n_expr = sum(len(v) for v in works.values())
    print(f"{len(selected)} works selected, {len(chosen)} files; imported {len(works)} works, {n_expr} expressions; "
          f"{len(result.skipped)} skipped; {written} files written", file=sys.stderr)
    return 1 if result.skipped else 0


def _anchors(imported: Imported) -> list[str]:
    from compendium.load import load_document

    doc, _ = load_document(Path(imported.relpath), imported.text)
    return [p.anchor for p in doc.paragraphs] if doc else []


if __name__ == "__main__":
    raise SystemExit(main())
