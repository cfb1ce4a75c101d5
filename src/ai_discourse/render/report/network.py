"""The network section: the co-occurrence network drawn, its communities, the terms
around each target, and the terms by centrality."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ai_discourse.render.report.parts import (
    TERM,
    Col,
    Page,
    Section,
    esc_cut,
    more,
    plural,
    records,
    table,
    text,
)
from ai_discourse.render.svg import colour, network_svg

if TYPE_CHECKING:
    import pandas as pd

COMMUNITIES = 20
"""Communities listed under the network drawing."""
NETWORK_NODES = 150
"""The network drawing keeps the terms in most sentences when the graph is larger."""

TERM_COLUMNS = (
    TERM,
    Col("count", "sentences", "int"),
    Col("degree", "degree", "int"),
    Col("weighted_degree", "weighted", "int"),
    Col("betweenness", "betweenness", "f3"),
    Col("eigenvector", "eigenvector", "f3"),
    Col("group", "community", "html"),
)


def network(page: Page) -> Section | None:
    """The semantic network (None when it has no node)."""
    result = page.result.network
    if result is None or result.nodes.empty:
        return None
    nodes = result.nodes
    graph, note = _drawable(result.graph, nodes)
    body = [
        '<figure class="chart">',
        network_svg(graph),
        f"<figcaption>{len(nodes):,} terms and {len(result.edges):,} links from "
        f"co-occurrence in {result.sentences:,} sentences: node size by sentences, "
        f"colour by community, link width by co-occurrences.{note}</figcaption>",
        "</figure>",
    ]
    communities = nodes[nodes["community"] > 0].groupby("community", sort=True)
    legend = []
    for key, group in list(communities)[:COMMUNITIES]:
        number = int(str(key))
        terms = ", ".join(
            esc_cut(t, 30) for t in group.sort_values("count", ascending=False)["term"].head(8)
        )
        legend.append(
            f'<li><span class="swatch" style="background:{colour(number)}"></span>'
            f"<strong>{number}</strong> ({len(group)}): {terms}</li>"
        )
    if legend:
        body.append(f'<ul class="legend">{"".join(legend)}</ul>')
        body.append(more(communities.ngroups - len(legend), "communities", "network_nodes"))
    ego = result.ego
    if not ego.empty:
        around = [
            {
                "target": target,
                "terms": ", ".join(
                    f"{text(t)} {text(c)}"
                    for t, c in zip(group["term"].head(12), group["count"].head(12), strict=True)
                ),
            }
            for target, group in ego.groupby("target", sort=False)
        ]
        body.append("<h3>Around each target</h3>")
        body.append(
            table(
                around,
                [Col("target", "target"), Col("terms", "neighbours (co-occurring sentences)")],
                total=len(around),
                file=None,
            )
        )
    ranked = nodes.sort_values(["degree", "count"], ascending=False, kind="stable")
    rows = records(ranked, page.rows)
    for r in rows:
        number = int(r["community"])
        r["group"] = f'<span class="swatch" style="background:{colour(number)}"></span>{number}'
    body.append("<h3>Terms</h3>")
    body.append(table(rows, TERM_COLUMNS, total=len(nodes), file="network_nodes", noun="terms"))
    return Section("network", "Network", "\n".join(body))


def _drawable(graph: Any, nodes: pd.DataFrame) -> tuple[Any, str]:
    """The part of the network worth drawing, and a note on what is left out: terms with
    no link (a force layout flings them to the edges and squeezes the rest), and beyond
    `NETWORK_NODES` the terms in fewest sentences."""
    notes = []
    if graph.number_of_edges():
        unlinked = {n for n, degree in graph.degree() if degree == 0}
        if unlinked:
            graph = graph.subgraph([n for n in graph if n not in unlinked])
            notes.append(f"{plural(len(unlinked), 'term')} without links left out")
    if graph.number_of_nodes() > NETWORK_NODES:
        ranked = nodes.sort_values("count", ascending=False, kind="stable")["term"]
        keep = [t for t in ranked if t in graph][:NETWORK_NODES]
        graph = graph.subgraph(keep)
        notes.append(f"only the {NETWORK_NODES} terms in most sentences drawn")
    return graph, "".join(f" Drawing: {n}." for n in notes)
