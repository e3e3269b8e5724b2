"""The lineage graph of a work as an accessible inline SVG, drawn at build time.

Columns are generations: the works a text cites (its ancestors) to the left,
the oldest generation farthest out, the text itself in the middle, the works
that cite it (its descendants) to the right. Every node is a link; the SVG
carries a ``<title>`` and a ``<desc>`` that says in words what the drawing
shows, so it needs no script and reads in a screen reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

from compendium.pages import esc

NODE_W = 150
NODE_H = 30
COL_GAP = 60
ROW_GAP = 10
MARGIN = 12
MAX_PER_COLUMN = 12
"""A column shows at most this many works; the rest are counted in a note node."""
MAX_NAMED = 30
"""The description names at most this many works a generation and counts the rest (the page's
lists name every one): a text cited by half the corpus would otherwise carry the corpus in its graph."""


@dataclass(frozen=True)
class Node:
    """One work in the graph."""

    id: str
    """Work id (``E/RES/1993/34``)."""
    label: str
    """Short label drawn in the box (``ECOSOC 1993/34``)."""
    url: str
    """Link target, already relative to the page the SVG is on."""
    title: str = ""
    """Longer description shown as a tooltip (symbol and title)."""
    in_corpus: bool = True
    """False for stubs (works cited but not held): drawn dashed."""


def lineage_svg(
    center: Node,
    ancestors: dict[str, int],
    descendants: dict[str, int],
    nodes: Mapping[str, Node],
    cites: Callable[[str], Iterable[str]],
    more_url: str = "#cites",
    order: Callable[[str], tuple] | None = None,
) -> str:
    """The SVG of a lineage.

    ``ancestors`` and ``descendants`` map work ids to their generation (1 = cited
    by / citing the center directly); ``nodes`` describes every id; ``cites(work)``
    gives the works a work cites (asked for the works drawn only; an edge is drawn
    when both ends are). A generation with more
    than ``MAX_PER_COLUMN`` works ends in an "and N more" link to ``more_url``
    (the page's lists name every one). ``order(work)`` sorts a column (default:
    works in the corpus first, then by label); with it, ``nodes`` is asked only
    for the works drawn or named, so it may build them on demand.
    """
    if order is None:
        order = lambda w: (not nodes[w].in_corpus, nodes[w].label)  # noqa: E731
    columns: dict[int, list[str]] = {0: [center.id]}
    for work, gen in ancestors.items():
        columns.setdefault(-gen, []).append(work)
    for work, gen in descendants.items():
        if work not in ancestors:
            columns.setdefault(gen, []).append(work)
    sequence = sorted(columns)
    rows = max(min(len(c), MAX_PER_COLUMN) for c in columns.values())
    positions: dict[str, tuple[int, int]] = {}
    hidden: dict[int, tuple[int, int]] = {}
    for index, col in enumerate(sequence):
        # Works the corpus holds first: they are the ones a reader can go on from.
        works = sorted(columns[col], key=order)
        x = MARGIN + index * (NODE_W + COL_GAP)
        if len(works) > MAX_PER_COLUMN:
            hidden[col] = (len(works) - (MAX_PER_COLUMN - 1), x)
            works = works[: MAX_PER_COLUMN - 1]
        # Shorter columns are centred on the tallest one.
        top = MARGIN + (rows - len(works) - (col in hidden)) * (NODE_H + ROW_GAP) // 2
        for row, work in enumerate(works):
            positions[work] = (x, top + row * (NODE_H + ROW_GAP))
    width = 2 * MARGIN + len(sequence) * NODE_W + (len(sequence) - 1) * COL_GAP
    height = 2 * MARGIN + rows * NODE_H + (rows - 1) * ROW_GAP

    out = [
        f'<svg class="cmp-lineage" role="img" aria-labelledby="lineage-title lineage-desc" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="lineage-title">Lineage of {esc(center.label)}</title>',
        f'<desc id="lineage-desc">{esc(_description(center, ancestors, descendants, nodes, order))}</desc>',
        '<defs><marker id="lineage-arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="6" markerHeight="6" '
        'orient="auto-start-reverse"><path d="M0,0 L8,4 L0,8 z" class="cmp-lineage-arrowhead"/></marker></defs>',
    ]
    for citing, cited in sorted({(w, t) for w in positions for t in cites(w)}):
        if citing in positions and cited in positions and citing != cited:
            out.append(_edge(positions[citing], positions[cited]))
    for work, (x, y) in positions.items():
        out.append(_node(nodes[work], x, y, work == center.id))
    for count, x in hidden.values():
        y = MARGIN + (MAX_PER_COLUMN - 1) * (NODE_H + ROW_GAP)
        out.append(
            f'<a href="{esc(more_url)}" class="cmp-lineage-more"><text x="{x + NODE_W // 2}" y="{y + NODE_H // 2 + 4}" '
            f'text-anchor="middle">and {count} more</text></a>'
        )
    out.append("</svg>")
    return "\n".join(out)


def _node(node: Node, x: int, y: int, is_center: bool) -> str:
    classes = ["cmp-lineage-node"]
    if is_center:
        classes.append("cmp-lineage-center")
    if not node.in_corpus:
        classes.append("cmp-lineage-stub")
    tooltip = esc(node.title or node.label)
    return (
        f'<a href="{esc(node.url)}" class="{" ".join(classes)}"><title>{tooltip}</title>'
        f'<rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="4"/>'
        f'<text x="{x + NODE_W // 2}" y="{y + NODE_H // 2 + 4}" text-anchor="middle">{esc(_fit(node.label))}</text></a>'
    )


def _edge(citing: tuple[int, int], cited: tuple[int, int]) -> str:
    """A curve from the citing box to the cited box, the arrow pointing at the cited work."""
    (cx, cy), (tx, ty) = citing, cited
    y1, y2 = cy + NODE_H // 2, ty + NODE_H // 2
    if tx < cx:  # the usual case: the cited work is in a column to the left
        x1, x2 = cx, tx + NODE_W
    elif tx > cx:
        x1, x2 = cx + NODE_W, tx
    else:  # same column: loop out to the right
        x1 = x2 = cx + NODE_W
        return (
            f'<path class="cmp-lineage-edge" d="M{x1},{y1} C{x1 + 30},{y1} {x2 + 30},{y2} {x2},{y2}" '
            'marker-end="url(#lineage-arrow)"/>'
        )
    mid = (x1 + x2) / 2
    return (
        f'<path class="cmp-lineage-edge" d="M{x1},{y1} C{mid:g},{y1} {mid:g},{y2} {x2},{y2}" '
        'marker-end="url(#lineage-arrow)"/>'
    )


def _fit(label: str, limit: int = 22) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _description(center: Node, ancestors: dict[str, int], descendants: dict[str, int], nodes: Mapping[str, Node],
                 order: Callable[[str], tuple]) -> str:
    """The graph in words: what the center cites and what cites it, generation by generation.

    Each generation names its first ``MAX_NAMED`` works (in the drawing's order) and counts the rest.
    """

    def listing(works: dict[str, int], verb: str, by: str) -> list[str]:
        parts = []
        for gen in sorted(set(works.values())):
            members = [w for w, g in works.items() if g == gen]
            named = sorted(members, key=order)[:MAX_NAMED] if len(members) > MAX_NAMED else members
            names = sorted(nodes[w].label for w in named)
            more = f" and {len(members) - len(named)} more" if len(members) > len(named) else ""
            step = "directly" if gen == 1 else f"at {gen} removes"
            parts.append(f"{center.label} {verb} {step}{by}: {', '.join(names)}{more}.")
        return parts

    text = [f"Citation lineage of {center.label}."]
    text += listing(ancestors, "cites", "") or [f"{center.label} cites no other document."]
    text += listing(descendants, "is cited", " by") or [f"No text of the corpus cites {center.label}."]
    return " ".join(text)
