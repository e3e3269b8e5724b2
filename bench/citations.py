"""Benchmark: citation extraction against the UN's own links in AKN4UN XML.

Every paragraph of the English UNxml files (``../shared/unxml``) that holds
``<a href="https://undocs.org/...">`` links is a test case: its plain text goes
through ``compendium.link.citations_in`` and the targets found are compared
with the symbols the UN linked. Reports micro precision and recall, a per-form
breakdown and the worst misses; writes ``bench/out/citations.json`` and the
figures into ``docs/citations.md`` (between the ``bench:citations`` markers).

Run: ``.venv/bin/python bench/citations.py [--unxml DIR] [--sample N]``
(``--sample`` rewrites ``tests/fixtures/links/unxml_sample.json``).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from compendium.link import citations_in  # noqa: E402
from compendium.model import Organ  # noqa: E402

AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
UN_HOSTS = re.compile(r"^https?://(?:www\.)?(?:undocs\.org|docs\.un\.org)/", re.IGNORECASE)
# ids of our own scheme that are not UN document symbols: the UN cannot link them, so they are
# left out of the comparison (and counted apart)
NOT_UN_SYMBOL = re.compile(r"^(?:CCPCJ|CND|CHR|CSW|CSocD|CTOC-COP|CAC-COSP)/|^Sales No\.|^(?:A|E|A/HRC)/DEC/")


def normalise_href(href: str) -> str | None:
    """``https://undocs.org/en/A/RES/70/1`` -> ``A/RES/70/1``; None for links elsewhere than undocs."""
    if not UN_HOSTS.match(href):
        return None
    path = unquote(UN_HOSTS.sub("", href)).strip().strip("/")
    path = re.sub(r"^(?:en|fr|es|ru|ar|zh)/", "", path, flags=re.IGNORECASE)
    path = re.sub(r"^/?(?:en|fr|es|ru|ar|zh)/", "", path, flags=re.IGNORECASE)
    path = re.sub(r"^Home/Mobile\?FinalSymbol=", "", path, flags=re.IGNORECASE)
    path = re.sub(r"[&?].*$", "", path)  # "...&Language=E&DeviceType=Desktop" query strings
    return normalise(path) or None


def normalise(symbol: str) -> str:
    """A symbol in the form both sides are compared in.

    Upper case, no spaces, no ``(SUPP)`` marker; a resolution's letter (``48/218 B``,
    ``2200 A (XXI)``) dropped, since the UN's links are not consistent about it; a joint
    symbol (``A/55/305-S/2000/809``) reduced to its first part, which is what the UN links.
    """
    s = re.sub(r"\s+", "", symbol).upper().rstrip(".")
    s = s.replace("(SUPP)", "")
    s = re.sub(r"\(PARTS?[IVX]+(?:AND[IVX]+)?\)", "", s)
    if not re.search(r"/RES/|/DEC/", s):
        s = re.sub(r"-[A-Z]+/.*$", "", s)
    s = re.sub(r"^((?:A|E|S|A/HRC)/(?:RES|DEC)/(?:(?:S-|ES-)?\d+/)?\d+)[A-Z]{1,2}(?:-[A-Z])?(?=$|\()", r"\1", s)
    return s


def form_of(target: str) -> str:
    """The form a normalised target belongs to, for the breakdown."""
    rules = [
        (r"^A/RES/\d+/\d+$", "GA resolution (session/number)"),
        (r"^A/RES/\d+\([IVXLC]+\)$", "GA resolution (old style, roman session)"),
        (r"^A/RES/(?:S|ES)-", "GA special-session resolution"),
        (r"^E/RES/", "ECOSOC resolution"),
        (r"^S/RES/", "Security Council resolution"),
        (r"^A/HRC/RES/", "Human Rights Council resolution"),
        (r"^[AES]/DEC/|^A/HRC/DEC/", "decision"),
    ]
    for rx, name in rules:
        if re.search(rx, target):
            return name
    return "document symbol"


def _text(el) -> str:
    """Plain text of an element without the authorial notes inside it."""
    parts: list[str] = []

    def walk(node):
        if node.tag == f"{AKN}authorialNote":
            if node.tail:
                parts.append(node.tail)
            return
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
        if node is not el and node.tail:
            parts.append(node.tail)

    walk(el)
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _links(el) -> list[str]:
    out = []
    for a in el.iter(f"{AKN}a"):
        anc = a.getparent()
        inside_note = False
        while anc is not None and anc is not el:
            if anc.tag == f"{AKN}authorialNote":
                inside_note = True
                break
            anc = anc.getparent()
        if not inside_note:
            out.append(a.get("href") or "")
    return out


def cases(unxml: Path):
    """Yield (file, organ, text, hrefs) for every English paragraph with undocs links."""
    files = sorted(p for p in unxml.rglob("*.xml") if "English" in p.parts or re.search(r"[_-]E\.xml$|\dE\.xml$", p.name))
    for path in files:
        if "/ga/" in path.as_posix() and "English" not in path.parts:
            continue
        try:
            tree = etree.parse(str(path))
        except etree.XMLSyntaxError:
            continue
        root_organ = Organ.GA if "/ga/" in path.as_posix() else Organ.ECOSOC
        for part in ("preamble", "mainBody"):
            for holder in tree.iter(f"{AKN}{part}"):
                for p in holder.iter(f"{AKN}p"):
                    note = any(anc.tag == f"{AKN}authorialNote" for anc in p.iterancestors())
                    if note and p.getparent().tag != f"{AKN}authorialNote":
                        continue
                    organ = root_organ
                    if any(anc.tag == f"{AKN}embeddedStructure" for anc in p.iterancestors()):
                        organ = Organ.GA
                    hrefs = [h for h in _links(p) if h.startswith(("http://", "https://"))]
                    if not any(UN_HOSTS.match(h) for h in hrefs):
                        continue
                    yield path, organ, _text(p), hrefs


def score(rows):
    """Micro precision/recall over rows of (expected set, predicted set, form of each)."""
    tp = fp = fn = 0
    per_form: dict[str, Counter] = defaultdict(Counter)
    misses: Counter = Counter()
    extras: Counter = Counter()
    for row in rows:
        exp, pred = row["expected"], row["predicted"]
        for t in exp & pred:
            tp += 1
            per_form[form_of(t)]["tp"] += 1
        for t in exp - pred:
            fn += 1
            per_form[form_of(t)]["fn"] += 1
            misses[t] += 1
        for t in pred - exp:
            fp += 1
            per_form[form_of(t)]["fp"] += 1
            extras[t] += 1
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "per_form": per_form, "misses": misses, "extras": extras}


def predict(text: str, organ: Organ) -> tuple[set[str], int]:
    """Normalised UN-symbol targets found in ``text`` and the number of non-UN-symbol ones left out."""
    found = citations_in(text, organ=organ, relation="cites")
    out, skipped = set(), 0
    for c in found:
        if c.internal:
            continue
        if NOT_UN_SYMBOL.search(c.target):
            skipped += 1
            continue
        out.add(normalise(c.target))
    return out, skipped


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--unxml", type=Path, default=ROOT.parent / "shared" / "unxml")
    ap.add_argument("--sample", type=int, default=0, help="write a sample of N paragraphs to tests/fixtures/links")
    ap.add_argument("--no-docs", action="store_true", help="do not rewrite docs/citations.md")
    args = ap.parse_args(argv)
    if not args.unxml.is_dir():
        print(f"skipped: {args.unxml} not found (the UNxml files are needed for this benchmark)")
        return 0
    t0 = time.perf_counter()
    rows = []
    unresolvable = 0
    left_out = 0
    for path, organ, text, hrefs in cases(args.unxml):
        expected = set()
        for h in hrefs:
            n = normalise_href(h)
            if n is None:
                unresolvable += 1
            else:
                expected.add(n)
        predicted, skipped = predict(text, organ)
        left_out += skipped
        rows.append({"file": path.relative_to(args.unxml).as_posix(), "organ": organ.value, "text": text,
                     "expected": expected, "predicted": predicted})
    elapsed = time.perf_counter() - t0
    s = score(rows)
    worst = sorted(
        (r for r in rows if r["expected"] - r["predicted"] or r["predicted"] - r["expected"]),
        key=lambda r: -(len(r["expected"] - r["predicted"]) + len(r["predicted"] - r["expected"])),
    )[:25]
    out = {
        "paragraphs": len(rows),
        "files": len({r["file"] for r in rows}),
        "links": s["tp"] + s["fn"],
        "true_positives": s["tp"],
        "false_positives": s["fp"],
        "false_negatives": s["fn"],
        "precision": round(s["precision"], 4),
        "recall": round(s["recall"], 4),
        "links_not_on_undocs": unresolvable,
        "non_symbol_targets_left_out": left_out,
        "seconds": round(elapsed, 1),
        "per_form": {
            k: {
                "tp": v["tp"], "fp": v["fp"], "fn": v["fn"],
                "precision": round(v["tp"] / (v["tp"] + v["fp"]), 4) if v["tp"] + v["fp"] else None,
                "recall": round(v["tp"] / (v["tp"] + v["fn"]), 4) if v["tp"] + v["fn"] else None,
            }
            for k, v in sorted(s["per_form"].items())
        },
        "most_missed": s["misses"].most_common(20),
        "most_extra": s["extras"].most_common(20),
        "worst": [
            {"file": r["file"], "text": r["text"][:600], "missed": sorted(r["expected"] - r["predicted"]),
             "extra": sorted(r["predicted"] - r["expected"])}
            for r in worst
        ],
    }
    outdir = ROOT / "bench" / "out"
    outdir.mkdir(parents=True, exist_ok=True)
    print(f"{out['paragraphs']} paragraphs in {out['files']} files, {out['links']} links; "
          f"precision {out['precision']:.4f}, recall {out['recall']:.4f} ({elapsed:.1f} s)")
    for k, v in out["per_form"].items():
        print(f"  {k:45s} tp {v['tp']:6d} fp {v['fp']:5d} fn {v['fn']:5d}  P {v['precision']}  R {v['recall']}")
    print("  most missed:", ", ".join(f"{t} ({n})" for t, n in out["most_missed"][:10]))
    print("  most extra: ", ", ".join(f"{t} ({n})" for t, n in out["most_extra"][:10]))
    if args.sample:
        _write_sample(rows, args.sample)
    out["sample"] = score_sample()
    (outdir / "citations.json").write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if not args.no_docs:
        _write_docs(out)
    return 0


SAMPLE = ROOT / "tests" / "fixtures" / "links" / "unxml_sample.json"


def score_sample() -> dict | None:
    """Precision and recall on the test suite's sample (``tests/fixtures/links/unxml_sample.json``)."""
    if not SAMPLE.exists():
        return None
    cases_ = json.loads(SAMPLE.read_text(encoding="utf-8"))
    rows = [{"expected": set(c["expected"]), "predicted": predict(c["text"], Organ(c["organ"]))[0]} for c in cases_]
    s = score(rows)
    return {"paragraphs": len(cases_), "links": s["tp"] + s["fn"], "precision": round(s["precision"], 4),
            "recall": round(s["recall"], 4)}


def _write_sample(rows, n: int) -> None:
    """A deterministic sample of GA and ECOSOC paragraphs, as small JSON, for the test suite.

    Drawn once with a fixed seed from every case, whatever the extractor finds in them: the sample
    is not chosen by how well the extractor does.
    """
    rng = random.Random(20041)
    by_organ = defaultdict(list)
    for r in rows:
        if len(r["text"]) <= 1200:
            by_organ["ECOSOC" if r["file"].startswith("ecosoc/") else "GA"].append(r)
    # each organ in proportion to its paragraphs (at least a quarter ECOSOC, so both are well represented)
    total = len(by_organ["ECOSOC"]) + len(by_organ["GA"])
    n_ecosoc = min(len(by_organ["ECOSOC"]), max(n // 4, round(n * len(by_organ["ECOSOC"]) / total)))
    picked = rng.sample(by_organ["ECOSOC"], n_ecosoc)
    picked += rng.sample(by_organ["GA"], n - len(picked))
    picked.sort(key=lambda r: (r["file"], r["text"]))
    data = [
        {"file": r["file"], "organ": r["organ"], "text": r["text"], "expected": sorted(r["expected"])}
        for r in picked
    ]
    dest = SAMPLE
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(data)} paragraphs to {dest.relative_to(ROOT)}")


def _write_docs(out: dict) -> None:
    doc = ROOT / "docs" / "citations.md"
    if not doc.exists():
        return
    lines = [
        "<!-- bench:citations:start -->",
        f"Measured by `bench/citations.py` on {out['paragraphs']} English paragraphs of {out['files']} UNxml files "
        f"holding {out['links']} UN links ({out['seconds']} s):",
        "",
        f"- **precision {out['precision']:.4f}**, **recall {out['recall']:.4f}** (micro); "
        f"{out['true_positives']} found, {out['false_positives']} extra, {out['false_negatives']} missed;",
        f"- {out['links_not_on_undocs']} links to other hosts than undocs.org/docs.un.org not compared; "
        f"{out['non_symbol_targets_left_out']} commission- or conference-resolution, decision or sales-number targets left out (not UN symbols, or not linked by the UN).",
    ]
    if out.get("sample"):
        sm = out["sample"]
        lines.append(f"- on the test suite's sample ({sm['paragraphs']} paragraphs, {sm['links']} links): "
                     f"precision {sm['precision']:.4f}, recall {sm['recall']:.4f}.")
    lines += [
        "",
        "| form | found | extra | missed | precision | recall |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for k, v in out["per_form"].items():
        lines.append(f"| {k} | {v['tp']} | {v['fp']} | {v['fn']} | {v['precision']} | {v['recall']} |")
    lines.append("<!-- bench:citations:end -->")
    text = doc.read_text(encoding="utf-8")
    block = "\n".join(lines)
    text = re.sub(r"<!-- bench:citations:start -->.*?<!-- bench:citations:end -->", lambda _: block, text, flags=re.S)
    doc.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
