"""Paragraph alignment between two versions (expressions) of one work.

The draft of a resolution and the text adopted differ: paragraphs were inserted,
deleted, merged and rewritten, so numbering shifted. :func:`align` pairs the
paragraphs (and sub-paragraphs) of version A with those of version B by text
similarity *and* order: a dynamic programme over both paragraph sequences (in
the manner of Needleman–Wunsch) that maximises the summed similarity of the
pairs it makes, where a pair must beat a threshold to be made and pairs never
cross. Besides 1:1 pairs it considers 2:1 merges and 1:2 splits.

The result is stored in the corpus as YAML
(``resolutions/alignments/E-RES-2004-28.draft-adopted.yaml``), one pair per
line, so a person can correct it; a pair marked ``checked: true`` is kept as
it stands by every later automatic run, and the automatic pairs are fitted
around it.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from compendium.model import Corpus, Document, Kind, Paragraph, Version, slug
from compendium.problems import Problem, error, warning

THRESHOLD = 0.45
"""A pair is made only when its similarity exceeds this (measured on 2004/28: rewritten
paragraphs score 0.6-0.8, unrelated paragraphs of the same resolution at most 0.48)."""

CROSS_KIND = 0.85
"""Factor on the similarity of two text paragraphs of different kinds (preambular vs operative)."""

MERGE_COVERAGE = 0.6
"""In a merge (or split) each merged paragraph must have this share of its words in the other side."""

_TEXT_KINDS = {Kind.PREAMBULAR, Kind.OPERATIVE, Kind.SUBPARAGRAPH, Kind.TEXT, Kind.REPORT, Kind.RESIDUAL}
_STOP = frozenset(
    "a an and are as at be by for from in is it its of on or such that the their these this those "
    "to which with".split()
)
_VERSION_ORDER = [Version.DRAFT, Version.REVISED, Version.ADOPTED, Version.CORRIGENDUM]


@dataclass
class Pair:
    """One line of an alignment: paragraphs of A that correspond to paragraphs of B.

    ``a`` empty means the B paragraphs were inserted; ``b`` empty means the A
    paragraphs were deleted; two anchors on one side is a merge (or split).
    """

    a: list[str]
    b: list[str]
    score: float | None = None
    """Similarity the automatic alignment measured (None for a gap or a person's pair)."""
    checked: bool = False
    """True when a person confirmed or made the pair; automatic runs keep it."""
    line: int = 0
    """Line of the pair in the alignment file (0 when not read from a file)."""

    @property
    def status(self) -> str:
        """``inserted``, ``deleted``, ``merged`` (n:1), ``split`` (1:n) or ``paired``."""
        if not self.a:
            return "inserted"
        if not self.b:
            return "deleted"
        if len(self.a) > 1:
            return "merged"
        if len(self.b) > 1:
            return "split"
        return "paired"


@dataclass
class Alignment:
    """The alignment of expression ``a`` (e.g. the draft) with expression ``b`` (the adopted text)."""

    work: str
    a: str
    """Expression id of version A (``E-RES-2004-28.draft.en``)."""
    b: str
    pairs: list[Pair] = field(default_factory=list)
    path: Path | None = None
    """The file the alignment was read from, if any."""

    def partner(self, side: str, anchor: str) -> Pair | None:
        """The pair holding ``anchor`` on ``side`` (``"a"`` or ``"b"``), or None."""
        for p in self.pairs:
            if anchor in (p.a if side == "a" else p.b):
                return p
        return None


# ---------------------------------------------------------------------------
# similarity


def units(doc: Document) -> list[Paragraph]:
    """The blocks of a document that take part in alignment, in document order."""
    return [p for p in doc.paragraphs if p.kind != Kind.EMBEDDED]


@lru_cache(maxsize=65536)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", text.lower()))


@lru_cache(maxsize=65536)
def _bag(text: str) -> Counter:
    return Counter(_tokens(text))


@lru_cache(maxsize=65536)
def _content(text: str) -> Counter:
    return Counter(w for w in _tokens(text) if w not in _STOP)


def _dice(x: Counter, y: Counter) -> float:
    total = sum(x.values()) + sum(y.values())
    return 2 * sum((x & y).values()) / total if total else 1.0


def text_similarity(x: str, y: str) -> float:
    """Similarity of two texts in [0, 1]: the mean of the word-sequence ratio and the content-word Dice.

    The sequence ratio rewards words in the same order; the Dice coefficient over
    content words (function words removed) keeps a paragraph whose clauses were
    reordered recognisable.
    """
    tx, ty = _tokens(x), _tokens(y)
    if not tx and not ty:
        return 1.0
    dice = _dice(_content(x), _content(y))
    upper = _dice(_bag(x), _bag(y))  # the sequence ratio can never exceed the all-word Dice
    if (upper + dice) / 2 < THRESHOLD * CROSS_KIND:
        return (upper + dice) / 2
    ratio = difflib.SequenceMatcher(None, tx, ty, autojunk=False).ratio()
    return (ratio + dice) / 2


def _coverage(part: str, whole: str) -> float:
    """Share of the content words of ``part`` found in ``whole``."""
    c = _content(part)
    n = sum(c.values())
    return sum((c & _content(whole)).values()) / n if n else 1.0


def _kind_factor(x: Paragraph, y: Paragraph) -> float:
    if x.kind == y.kind:
        return 1.0
    if x.kind in _TEXT_KINDS and y.kind in _TEXT_KINDS:
        return CROSS_KIND
    return 0.0


def similarity(xs: list[Paragraph], ys: list[Paragraph], text=None) -> float:
    """Similarity of paragraph group ``xs`` with group ``ys`` (each of one or two paragraphs).

    Zero when the kinds cannot correspond (a heading with a paragraph) or when,
    in a merge or split, one of the merged paragraphs is not mostly found in
    the other side.
    """
    text = text or (lambda p: p.text)
    factor = min(_kind_factor(x, y) for x in xs for y in ys)
    if factor == 0.0:
        return 0.0
    xt = " ".join(text(p) for p in xs)
    yt = " ".join(text(p) for p in ys)
    for parts, whole in ((xs, yt), (ys, xt)):
        if len(parts) > 1 and any(_coverage(text(p), whole) < MERGE_COVERAGE for p in parts):
            return 0.0
    return factor * text_similarity(xt, yt)


# ---------------------------------------------------------------------------
# the dynamic programme


def _dp(xs: list[Paragraph], ys: list[Paragraph], locked_a: set[str], locked_b: set[str]) -> list[Pair]:
    """Best order-preserving alignment of two paragraph runs; locked anchors are only ever gaps."""
    n, m = len(xs), len(ys)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    move: list[list[tuple[int, int, float | None]]] = [[(0, 0, None)] * (m + 1) for _ in range(n + 1)]
    cache: dict[tuple[int, int, int, int], float] = {}
    texts = {id(p): p.text for p in xs + ys}  # plain_text is costly; each paragraph is compared many times

    def gain(i0: int, i1: int, j0: int, j1: int) -> float | None:
        key = (i0, i1, j0, j1)
        if key not in cache:
            a_side, b_side = xs[i0:i1], ys[j0:j1]
            if any(p.anchor in locked_a for p in a_side) or any(p.anchor in locked_b for p in b_side):
                cache[key] = -1.0
            else:
                cache[key] = similarity(a_side, b_side, lambda p: texts[id(p)])
        s = cache[key]
        return s if s > THRESHOLD else None

    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            options: list[tuple[float, tuple[int, int, float | None]]] = []
            if i:
                options.append((best[i - 1][j], (1, 0, None)))
            if j:
                options.append((best[i][j - 1], (0, 1, None)))
            for di, dj in ((1, 1), (2, 1), (1, 2)):
                if i >= di and j >= dj:
                    s = gain(i - di, i, j - dj, j)
                    if s is not None:
                        # a pair (or merge) earns what its similarity exceeds the threshold by; gaps earn nothing
                        options.append((best[i - di][j - dj] + s - THRESHOLD, (di, dj, s)))
            score, mv = max(options, key=lambda o: o[0])
            best[i][j], move[i][j] = score, mv
    pairs: list[Pair] = []
    i, j = n, m
    while i or j:
        di, dj, s = move[i][j]
        pairs.append(
            Pair([p.anchor for p in xs[i - di : i]], [p.anchor for p in ys[j - dj : j]], None if s is None else round(s, 3))
        )
        i, j = i - di, j - dj
    pairs.reverse()
    return _split_gaps(pairs)


def _split_gaps(pairs: list[Pair]) -> list[Pair]:
    """Within each run of gaps between two pairs, list the deletions before the insertions."""
    out: list[Pair] = []
    run: list[Pair] = []
    for p in pairs + [Pair(["_"], ["_"])]:
        if p.a and p.b:
            out.extend(sorted(run, key=lambda q: 0 if q.a else 1))
            run = []
            out.append(p)
        else:
            run.append(p)
    return out[:-1]


def align(a: Document, b: Document, keep: Alignment | None = None) -> tuple[Alignment, list[Problem]]:
    """Align expression ``a`` with expression ``b``, keeping the checked pairs of ``keep``.

    Checked pairs whose anchors no longer exist are dropped with a warning (the
    text changed under them); checked pairs that cross one another are an error.
    """
    problems: list[Problem] = []
    xs, ys = units(a), units(b)
    pos_a = {p.anchor: i for i, p in enumerate(xs)}
    pos_b = {p.anchor: j for j, p in enumerate(ys)}
    fixed: list[Pair] = []
    where = keep_path(keep)
    for p in keep.pairs if keep else []:
        if not p.checked:
            continue
        gone = [x for x in p.a if x not in pos_a] + [y for y in p.b if y not in pos_b]
        if gone:
            problems.append(
                warning(where, p.line, f"checked pair refers to {', '.join(gone)}, which no longer exist; "
                        "the pair is dropped: check the new alignment and mark it checked again", "alignment-stale")
            )
            continue
        fixed.append(p)
    locked_a = {x for p in fixed for x in p.a}
    locked_b = {y for p in fixed for y in p.b}
    anchors = sorted((p for p in fixed if p.a and p.b), key=lambda p: pos_a[p.a[0]])
    last_b = -1
    for p in anchors:
        if pos_b[p.b[0]] <= last_b:
            problems.append(error(where, p.line, "checked pairs cross: this pair goes back before an earlier "
                                  "checked pair; fix the order or uncheck one of them", "alignment-order"))
            return Alignment(a.work, a.id, b.id, []), problems
        last_b = pos_b[p.b[-1]]
    pairs: list[Pair] = []
    emitted: set[int] = set()

    def emit(q: Pair) -> None:
        if id(q) not in emitted:
            emitted.add(id(q))
            pairs.append(q)

    i0 = j0 = 0
    for p in anchors + [None]:
        i1 = pos_a[p.a[0]] if p else len(xs)
        j1 = pos_b[p.b[0]] if p else len(ys)
        for q in _dp(xs[i0:i1], ys[j0:j1], locked_a, locked_b):
            if (q.a and not q.b and q.a[0] in locked_a) or (q.b and not q.a and q.b[0] in locked_b):
                q = next(f for f in fixed if (q.a and q.a[0] in f.a) or (q.b and q.b[0] in f.b))
            emit(q)
        if p:
            emit(p)
            # paragraphs lying between the parts of a checked merge that are not in it
            i_end, j_end = pos_a[p.a[-1]] + 1, pos_b[p.b[-1]] + 1
            for x in xs[pos_a[p.a[0]] : i_end]:
                if x.anchor not in p.a:
                    emit(next((f for f in fixed if x.anchor in f.a), None) or Pair([x.anchor], []))
            for y in ys[pos_b[p.b[0]] : j_end]:
                if y.anchor not in p.b:
                    emit(next((f for f in fixed if y.anchor in f.b), None) or Pair([], [y.anchor]))
            i0, j0 = i_end, j_end
    return Alignment(a.work, a.id, b.id, pairs), problems


def keep_path(al: Alignment | None) -> Path | str:
    """The file an alignment was read from (for problem locations), or a placeholder."""
    return al.path if al is not None and al.path is not None else "<alignment>"


# ---------------------------------------------------------------------------
# storage


def alignment_path(root: Path, a: Document, b: Document) -> Path:
    """Where the alignment of ``a`` with ``b`` is kept: ``<root>/alignments/<slug>.<va>-<vb>.yaml``.

    Same-language pairs name only the versions (``E-RES-2004-28.draft-adopted.yaml``);
    otherwise version and language (``...draft.en-adopted.fr.yaml``).
    """
    if a.language == b.language:
        name = f"{slug(a.work)}.{a.version.value}-{b.version.value}.yaml"
    else:
        name = f"{slug(a.work)}.{a.version.value}.{a.language}-{b.version.value}.{b.language}.yaml"
    return Path(root) / "alignments" / name


def label(doc: Document, anchor: str) -> str:
    """How a person names a paragraph: ``8``, ``9 (a)``, ``preambular 3``, ``section III, 7 (c)``."""
    p = doc.paragraph(anchor)
    if p is None:
        return anchor
    if p.kind in (Kind.OPERATIVE, Kind.REPORT) and p.number:
        text = p.number.rstrip(".")
    elif p.kind == Kind.SUBPARAGRAPH and p.number:
        parent = label(doc, p.parent) if p.parent else ""
        text = f"{parent} {p.number}".strip()
        return text  # the parent's label already carries the section
    elif p.kind == Kind.PREAMBULAR:
        text = f"preambular {p.ordinal or anchor.rsplit('-', 1)[-1]}"
    elif p.kind in (Kind.FORMULA, Kind.CLOSING):
        text = p.kind.value
    else:
        text = p.number.rstrip(".") if p.number else anchor
    if p.section and p.kind in (Kind.OPERATIVE, Kind.REPORT):
        text = f"section {p.section.removeprefix('sec-').replace('-', ' ').upper()}, {text}"
    return text


def _label(doc: Document, anchors: list[str]) -> str:
    return " + ".join(label(doc, x) for x in anchors)


def _yaml_anchors(anchors: list[str]) -> str:
    if not anchors:
        return "null"
    if len(anchors) == 1:
        return anchors[0]
    return "[" + ", ".join(anchors) + "]"


def format_alignment(al: Alignment, a: Document, b: Document) -> str:
    """The alignment as the YAML kept in the corpus: one pair per line, with a comment saying what it pairs."""
    lines = [
        f"# Paragraph alignment of two versions of {a.work}: {a.version.value} ({a.language}) -> "
        f"{b.version.value} ({b.language}).",
        "# Written by `compendium align`. Correct a pair by editing its anchors and adding",
        "# `checked: true`: automatic runs keep checked pairs and fit the others around them.",
        "# a: null = inserted in b; b: null = deleted from a; [x, y] = merged paragraphs.",
        f"work: {a.work}",
        f"a: {al.a}",
        f"b: {al.b}",
        "pairs:",
    ]
    for p in al.pairs:
        fields = [f"a: {_yaml_anchors(p.a)}", f"b: {_yaml_anchors(p.b)}"]
        if p.score is not None:
            fields.append(f"score: {p.score}")
        if p.checked:
            fields.append("checked: true")
        what = {
            "inserted": f"inserted {_label(b, p.b)}",
            "deleted": f"deleted {_label(a, p.a)}",
        }.get(p.status, f"{_label(a, p.a)} -> {_label(b, p.b)}")
        text = (b.paragraph(p.b[0]) if p.b else a.paragraph(p.a[0])).text
        lines.append(f"- {{{', '.join(fields)}}}  # {what}: {text[:50].rstrip()}")
    return "\n".join(lines) + "\n"


def _anchor_list(node: yaml.Node, path: Path, problems: list[Problem]) -> list[str] | None:
    if isinstance(node, yaml.ScalarNode):
        if node.tag.endswith(":null") or node.value in ("", "null", "~"):
            return []
        return [str(node.value)]
    if isinstance(node, yaml.SequenceNode) and all(isinstance(n, yaml.ScalarNode) for n in node.value):
        return [str(n.value) for n in node.value]
    problems.append(error(path, node.start_mark.line + 1, "an anchor must be a name, a list of names or null",
                          "alignment-format"))
    return None


def read_alignment(path: Path, a: Document, b: Document) -> tuple[Alignment | None, list[Problem]]:
    """Read a stored alignment and check it against the two documents.

    Every problem names the file and the line of the pair: an unknown anchor, an
    anchor used twice, a file for other documents.
    """
    path = Path(path)
    problems: list[Problem] = []
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return None, [error(path, mark.line + 1 if mark else 1, f"not valid YAML: {exc}", "alignment-format")]
    if not isinstance(root, yaml.MappingNode):
        return None, [error(path, 1, "an alignment file is a mapping with work, a, b and pairs", "alignment-format")]
    top = {k.value: v for k, v in root.value}
    for key, want in (("a", a.id), ("b", b.id)):
        node = top.get(key)
        if node is None or node.value != want:
            line = node.start_mark.line + 1 if node is not None else 1
            problems.append(error(path, line, f"`{key}` must be {want}", "alignment-format"))
    if problems:
        return None, problems
    al = Alignment(a.work, a.id, b.id, path=path)
    seen: dict[tuple[str, str], int] = {}
    known = {"a": {p.anchor for p in units(a)}, "b": {p.anchor for p in units(b)}}
    pairs_node = top.get("pairs")
    for item in pairs_node.value if isinstance(pairs_node, yaml.SequenceNode) else []:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            problems.append(error(path, line, "a pair is a mapping {a: ..., b: ...}", "alignment-format"))
            continue
        fields = {k.value: v for k, v in item.value}
        sides = {}
        for side in ("a", "b"):
            anchors = _anchor_list(fields[side], path, problems) if side in fields else []
            if anchors is None:
                break
            for anchor in anchors:
                if anchor not in known[side]:
                    doc = a if side == "a" else b
                    problems.append(warning(path, line, f"{doc.id} has no paragraph `{anchor}` (the text changed?); "
                                            f"run `compendium align {a.work} --write` and check the pair again",
                                            "alignment-stale"))
                elif (side, anchor) in seen:
                    problems.append(error(path, line, f"`{anchor}` is already paired on line "
                                          f"{seen[side, anchor]}; a paragraph belongs to one pair", "alignment-twice"))
                else:
                    seen[side, anchor] = line
            sides[side] = anchors
        else:
            if not sides["a"] and not sides["b"]:
                problems.append(error(path, line, "a pair needs an anchor on at least one side", "alignment-format"))
                continue
            score = fields.get("score")
            al.pairs.append(Pair(
                sides["a"], sides["b"],
                float(score.value) if score is not None and score.value not in ("null", "") else None,
                fields.get("checked") is not None and fields["checked"].value.lower() == "true",
                line,
            ))
    return al, problems


def complete(al: Alignment, a: Document, b: Document) -> bool:
    """True when every alignable paragraph of both documents is in exactly one pair."""
    used_a = [x for p in al.pairs for x in p.a]
    used_b = [y for p in al.pairs for y in p.b]
    return sorted(used_a) == sorted(p.anchor for p in units(a)) and sorted(used_b) == sorted(
        p.anchor for p in units(b)
    )


def stored_or_aligned(root: Path, a: Document, b: Document) -> tuple[Alignment, list[Problem]]:
    """The alignment of ``a`` with ``b``: the stored file when it is valid and complete, else a fresh run.

    A fresh run keeps the stored file's checked pairs; when the file is out of
    date the problems say so and how to refresh it.
    """
    path = alignment_path(root, a, b)
    if not path.exists():
        return align(a, b)
    stored, problems = read_alignment(path, a, b)
    if stored is not None and not problems and complete(stored, a, b):
        return stored, []
    if stored is None or any(p.is_error for p in problems):
        fresh, more = align(a, b)
        return fresh, problems + more
    if not problems:
        problems.append(warning(path, 1, f"the alignment does not cover every paragraph of {a.id} and {b.id}; "
                                f"run `compendium align {a.work} --write` to refresh it", "alignment-incomplete"))
    fresh, more = align(a, b, stored)
    # align() repeats the stale-anchor warnings read_alignment gave already
    return fresh, problems + [p for p in more if p.code != "alignment-stale"]


# ---------------------------------------------------------------------------
# which versions to compare


def version_pairs(corpus: Corpus) -> list[tuple[Document, Document]]:
    """Every (earlier, later) pair of versions of one work in one language to compare.

    Each version is compared with the adopted text (draft -> adopted, adopted ->
    corrigendum); a work without an adopted expression compares consecutive versions.
    """
    out: list[tuple[Document, Document]] = []
    for docs in corpus.works().values():
        by_lang: dict[str, list[Document]] = {}
        for d in docs:
            by_lang.setdefault(d.language, []).append(d)
        for group in by_lang.values():
            group.sort(key=lambda d: _VERSION_ORDER.index(d.version))
            adopted = next((d for d in group if d.version == Version.ADOPTED), None)
            if adopted is None:
                out.extend(zip(group, group[1:]))
                continue
            rank = _VERSION_ORDER.index(Version.ADOPTED)
            for d in group:
                if d is not adopted:
                    out.append((d, adopted) if _VERSION_ORDER.index(d.version) < rank else (adopted, d))
    return out
