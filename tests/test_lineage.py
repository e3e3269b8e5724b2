"""compendium.lineage: the graph stays the same size however often a text is cited."""

from __future__ import annotations

import lxml.etree

from compendium.lineage import MAX_NAMED, MAX_PER_COLUMN, Node, lineage_svg


def _node(work: str) -> Node:
    return Node(id=work, label=work.replace("A/RES/", "GA "), url=f"#{work}", title=work, in_corpus=True)


def test_a_much_cited_text_draws_and_names_a_bounded_number_of_works():
    center = "A/RES/70/1"
    citing = {f"A/RES/75/{n}": 1 for n in range(1, 501)}
    asked: list[str] = []

    class Nodes(dict):
        def __missing__(self, work):
            asked.append(work)
            node = self[work] = _node(work)
            return node

    nodes = Nodes()
    svg = lineage_svg(nodes[center], {}, citing, nodes, lambda w: [center] if w != center else [],
                      order=lambda w: (False, w))
    tree = lxml.etree.fromstring(svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    desc = tree.find("s:desc", ns).text
    assert desc.endswith(f"and {500 - MAX_NAMED} more.")
    assert desc.count("GA 75/") == MAX_NAMED
    drawn = [a for a in tree.iter("{http://www.w3.org/2000/svg}a") if "cmp-lineage-node" in a.get("class", "")]
    assert len(drawn) == 1 + MAX_PER_COLUMN - 1  # the center and a full column, the rest in "and N more"
    assert "and 489 more" in svg
    # nodes were made for what is drawn or named, not for the 500 citing works
    assert len(set(asked)) <= 1 + MAX_NAMED + MAX_PER_COLUMN
    # every drawn citing work has its edge to the center
    assert svg.count('class="cmp-lineage-edge"') == MAX_PER_COLUMN - 1


def test_the_default_order_draws_and_describes_a_small_graph():
    nodes = {w: _node(w) for w in ("A/RES/1/1", "A/RES/2/2")}
    cited = {"A/RES/2/2": ["A/RES/1/1"]}
    svg = lineage_svg(nodes["A/RES/2/2"], {"A/RES/1/1": 1}, {}, nodes, lambda w: cited.get(w, []))
    assert svg.count('class="cmp-lineage-edge"') == 1
    assert "GA 2/2 cites directly: GA 1/1." in svg
