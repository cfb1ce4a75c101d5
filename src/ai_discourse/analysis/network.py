"""Semantic network (의미연결망): sentence co-occurrence of terms, with centralities and
communities (Louvain modularity, or CONCOR as Korean discourse studies expect).

Counting streams: each sentence's term ids go to a temporary file as documents arrive, so
memory holds only the vocabulary and its sentence counts. The nodes are chosen at the
end (the terms in most sentences), and pairs are counted in one pass over that file,
among the chosen nodes only.
"""

from __future__ import annotations

import math
import tempfile
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any, BinaryIO

from ai_discourse.analysis.spec import (
    Col,
    Command,
    Finish,
    Option,
    Results,
    Setup,
    Show,
    Spec,
    TableDoc,
    columns,
)
from ai_discourse.analysis.stats import g2_table

if TYPE_CHECKING:
    import networkx as nx
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

    from ai_discourse.nlp.summary import DocSummary

MEASURES = ("frequency", "pmi", "jaccard", "g2")
"""Edge scores: see `edge_scores`."""
COMMUNITIES = ("louvain", "concor")

_CHUNK_IDS = 1 << 15
"""Term ids buffered before a chunk is spilled (128 KiB): large enough that the second
pass works on arrays, small enough not to matter next to the vocabulary."""
_CONCOR_ITERATIONS = 50
_CONCOR_TOLERANCE = 1e-6
_PLACES = 6

NODES = TableDoc(
    "network_nodes",
    "one row per term of the semantic network",
    columns(
        term="the term",
        count="sentences it occurs in",
        degree="terms it is linked to",
        weighted_degree="the sum of its links' counts",
        betweenness="betweenness centrality (unweighted, normalised)",
        eigenvector="eigenvector centrality (weighted by count)",
        community="Louvain or CONCOR community (1 = largest; 0 = no link)",
    ),
)
EDGES = TableDoc(
    "network_edges",
    "one row per link",
    columns(
        source="a term",
        target="the other term",
        count="sentences with both",
        score="frequency, PMI, Jaccard or G², as chosen",
    ),
)
EGO = TableDoc(
    "network_ego",
    "(target, neighbour)",
    columns(
        target="the tracked target",
        rank="1 = strongest link",
        term="the neighbouring term",
        count="sentences with both",
        score="the link's score",
    ),
)
NODE_COLUMNS = [c.name for c in NODES.columns]
EDGE_COLUMNS = [c.name for c in EDGES.columns]
EGO_COLUMNS = [c.name for c in EGO.columns]
SHOWN = 20
"""Terms the terminal shows, by degree (`--top` sets it)."""


@dataclass(frozen=True)
class NetworkOptions:
    """How the network is cut and measured."""

    nodes: int = 100
    """At most this many nodes: the terms in most sentences (ties by term)."""
    min_count: int = 3
    """A node must occur in at least this many sentences."""
    min_edge: int = 3
    """An edge needs at least this many sentences holding both terms."""
    edges: int = 500
    """Keep at most this many edges, best score first."""
    measure: str = "frequency"
    """The edge score, one of `MEASURES`."""
    communities: str = "louvain"
    """"louvain" (modularity, networkx) or "concor" (up to 4 structural blocks)."""
    seed: int = 42
    """Louvain's seed: the same input gives the same communities."""

    def __post_init__(self) -> None:
        if self.measure not in MEASURES:
            raise ValueError(f"measure must be one of {', '.join(MEASURES)}: {self.measure!r}")
        if self.communities not in COMMUNITIES:
            raise ValueError(
                f"communities must be one of {', '.join(COMMUNITIES)}: {self.communities!r}"
            )
        if self.nodes < 0 or self.edges < 0:
            raise ValueError("nodes and edges must not be negative")


@dataclass
class NetworkResult:
    """The network as tables and as a graph.

    `nodes`: term, count (sentences), degree (neighbours), weighted_degree (sum of edge
    counts), betweenness, eigenvector, community (1 = largest, 0 = no edge); by count
    descending, then term. `edges`: source, target, count (sentences with both), score;
    best score first, then count, source, target; the source is the more frequent term.
    `ego`: each given target that is a node, its neighbours best score first.
    """

    nodes: pd.DataFrame
    edges: pd.DataFrame
    ego: pd.DataFrame
    graph: nx.Graph
    sentences: int


class CooccurrenceCounts:
    """Sentence co-occurrence of terms, added document by document; per-sentence term
    ids are spilled to a temporary file so memory holds only the vocabulary."""

    def __init__(self) -> None:
        self._vocabulary: dict[str, int] = {}
        self._terms: list[str] = []
        self._counts = array("q")
        self._sentences = 0
        # Each spilled chunk is [sentences, ids] then the sentence lengths then the ids:
        # lengths first, so a chunk decodes with array operations instead of a scan.
        self._lengths = array("i")
        self._ids = array("i")
        self._spill: IO[bytes] | None = None
        self._closed = False

    @property
    def sentences(self) -> int:
        """Sentences added so far (those without any term included)."""
        return self._sentences

    def add(self, sentences: Sequence[Sequence[str]]) -> None:
        """One document's sentences, each the distinct terms it contains (order kept; a
        term repeated in a sentence counts once)."""
        if self._closed:
            raise ValueError("CooccurrenceCounts is closed")
        vocabulary, terms, counts = self._vocabulary, self._terms, self._counts
        for sentence in sentences:
            self._sentences += 1
            distinct = dict.fromkeys(sentence)
            if not distinct:
                continue
            for term in distinct:
                index = vocabulary.get(term)
                if index is None:
                    index = vocabulary[term] = len(terms)
                    terms.append(term)
                    counts.append(0)
                counts[index] += 1
                self._ids.append(index)
            self._lengths.append(len(distinct))
        if len(self._ids) >= _CHUNK_IDS:
            self._flush()

    def _flush(self) -> None:
        if not self._lengths:
            return
        if self._spill is None:
            # Open for the object's lifetime: close() (or the context manager) ends it.
            self._spill = tempfile.TemporaryFile()  # noqa: SIM115
        self._spill.write(array("i", (len(self._lengths), len(self._ids))).tobytes())
        self._spill.write(self._lengths.tobytes())
        self._spill.write(self._ids.tobytes())
        self._lengths = array("i")
        self._ids = array("i")

    def _pair_counts(self, index: npt.NDArray[np.int64], size: int) -> npt.NDArray[np.int64]:
        """Sentences holding both terms, for every pair of chosen nodes: one pass over the
        spill. `index` maps a vocabulary id to its node number, or -1."""
        import numpy as np
        from scipy import sparse

        matrix = np.zeros((size, size), dtype=np.int64)
        if size == 0 or self._spill is None:
            return matrix
        spill = self._spill
        spill.seek(0)
        try:
            while header := spill.read(8):
                n_sentences, n_ids = np.frombuffer(header, dtype=np.int32).tolist()
                lengths = np.frombuffer(spill.read(4 * n_sentences), dtype=np.int32)
                ids = np.frombuffer(spill.read(4 * n_ids), dtype=np.int32)
                rows = np.repeat(np.arange(n_sentences), lengths)
                columns = index[ids]
                kept = columns >= 0
                # A sentence-by-node incidence matrix: its Gram matrix counts, for each
                # pair, the sentences holding both (terms are distinct within a sentence).
                incidence = sparse.csr_array(
                    (np.ones(int(kept.sum()), dtype=np.int64), (rows[kept], columns[kept])),
                    shape=(n_sentences, size),
                )
                pairs = (incidence.T @ incidence).tocoo()
                np.add.at(matrix, (pairs.row, pairs.col), pairs.data)
        finally:
            spill.seek(0, 2)  # later add() calls append
        return matrix

    def result(
        self, options: NetworkOptions = NetworkOptions(), *, targets: Sequence[str] = ()
    ) -> NetworkResult:
        """The network under `options` (may be called again, with other options or after
        more documents): nodes, edges, ego tables of `targets`, and the graph.

        Nodes: the `options.nodes` terms in most sentences (ties by term) among those in at
        least `min_count`. Edges: pairs in at least `min_edge` sentences (for pmi and g2
        only pairs seen more often than chance), the best `edges` by score (see
        `edge_scores`). Centralities and communities: see `centralities` and
        `communities`.
        """
        import numpy as np

        if self._closed:
            raise ValueError("CooccurrenceCounts is closed")
        self._flush()
        terms, counts = self._terms, self._counts
        eligible = [i for i, n in enumerate(counts) if n >= options.min_count]
        chosen = sorted(eligible, key=lambda i: (-counts[i], terms[i]))[: options.nodes]
        index = np.full(len(terms), -1, dtype=np.int64)
        index[chosen] = np.arange(len(chosen))
        pairs = self._pair_counts(index, len(chosen))
        names = [terms[i] for i in chosen]
        node_counts = [counts[i] for i in chosen]
        edges = _edge_table(pairs, names, node_counts, self._sentences, options)
        graph = build_graph(names, node_counts, edges, options)
        return NetworkResult(
            nodes=_node_table(graph),
            edges=edges,
            ego=_ego_table(graph, targets),
            graph=graph,
            sentences=self._sentences,
        )

    def close(self) -> None:
        """Remove the spill file (the counts cannot be used afterwards)."""
        self._closed = True
        if self._spill is not None:
            self._spill.close()
            self._spill = None

    def __enter__(self) -> CooccurrenceCounts:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def __del__(self) -> None:
        # A TemporaryFile is unlinked already; closing frees its disk space now.
        spill = getattr(self, "_spill", None)
        if spill is not None:
            spill.close()


def edge_scores(
    k: npt.NDArray[np.int64],
    a: npt.NDArray[np.int64],
    b: npt.NDArray[np.int64],
    n: int,
    measure: str,
) -> npt.NDArray[np.float64]:
    """The association of term pairs over `n` sentences: `a` with x, `b` with y, `k` with both.

    - frequency: k
    - pmi: log2(k·n / (a·b))
    - jaccard: k / (a + b − k)
    - g2: Dunning's log-likelihood 2·Σ O·ln(O/E) over the 2×2 table of sentences
      (with/without x × with/without y; E = row total · column total / n, a cell with
      O = 0 adds 0), negative when k is below its expectation a·b/n.
    """
    import numpy as np

    kf, af, bf = (x.astype(np.float64) for x in (k, a, b))
    if measure == "frequency":
        return kf
    if measure == "pmi":
        return np.log2(kf * n / (af * bf))
    if measure == "jaccard":
        return kf / (af + bf - kf)
    if measure == "g2":
        return g2_table(k, a, b, n)
    raise ValueError(f"measure must be one of {', '.join(MEASURES)}: {measure!r}")


def _edge_table(
    pairs: npt.NDArray[np.int64],
    names: list[str],
    node_counts: list[int],
    sentences: int,
    options: NetworkOptions,
) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    sources, targets = np.triu_indices(len(names), k=1)
    k = pairs[sources, targets]
    keep = k >= max(options.min_edge, 1)
    sources, targets, k = sources[keep], targets[keep], k[keep]
    counts = np.asarray(node_counts, dtype=np.int64)
    a, b = counts[sources], counts[targets]
    if options.measure in ("pmi", "g2"):
        # Exact integers: a pair seen no more often than chance is no association.
        above = k * sentences > a * b
        sources, targets, k, a, b = sources[above], targets[above], k[above], a[above], b[above]
    score = np.round(edge_scores(k, a, b, sentences, options.measure), _PLACES)
    terms = np.asarray(names, dtype=str)
    source_terms, target_terms = terms[sources], terms[targets]
    # Sorting on the rounded score: pairs that tie in the table tie in the order too.
    order = np.lexsort((target_terms, source_terms, -k, -score))[: options.edges]
    return pd.DataFrame(
        {
            "source": source_terms[order].tolist(),
            "target": target_terms[order].tolist(),
            "count": k[order].tolist(),
            "score": score[order].tolist(),
        },
        columns=EDGE_COLUMNS,
    ).astype({"source": object, "target": object, "count": "int64", "score": "float64"})


def build_graph(
    names: Sequence[str],
    node_counts: Sequence[int],
    edges: pd.DataFrame,
    options: NetworkOptions = NetworkOptions(),
) -> nx.Graph:
    """The network from its nodes (in node order) and edge table, with every node's
    count, degree, weighted_degree, betweenness, eigenvector and community, and every
    edge's count, score and weight (= score)."""
    import networkx as nx

    graph = nx.Graph(measure=options.measure, communities=options.communities)
    for name, count in zip(names, node_counts, strict=True):
        graph.add_node(name, count=int(count))
    for source, target, count, score in edges.itertuples(index=False):
        graph.add_edge(source, target, count=int(count), score=float(score), weight=float(score))
    betweenness, eigenvector = centralities(graph)
    community = communities(graph, method=options.communities, seed=options.seed)
    for name in graph:
        graph.nodes[name].update(
            degree=int(graph.degree(name)),
            weighted_degree=int(graph.degree(name, weight="count")),
            betweenness=round(betweenness[name], _PLACES),
            eigenvector=round(eigenvector[name], _PLACES),
            community=community[name],
        )
    return graph


def centralities(graph: nx.Graph) -> tuple[dict[Any, float], dict[Any, float]]:
    """Betweenness and eigenvector centrality of every node.

    Betweenness is unweighted (shortest paths count hops, as in most Korean semantic
    network studies) and normalized. Eigenvector centrality weighs edges by count. The
    leading eigenvector of a disconnected graph lives on one component, the one with the
    largest leading eigenvalue: that component gets networkx's values (Euclidean norm 1),
    every other node 0.0 (ties between components go to the one whose first node comes
    first; a graph without edges is 0.0 everywhere). This is what the whole graph's
    eigenvector would be, made deterministic where it is not unique.
    """
    import networkx as nx
    import numpy as np

    betweenness: dict[Any, float] = nx.betweenness_centrality(graph, normalized=True)
    eigenvector = dict.fromkeys(graph, 0.0)
    order = {name: i for i, name in enumerate(graph)}
    best: list[Any] = []
    best_radius = 0.0
    for component in nx.connected_components(graph):
        if len(component) < 2:
            continue
        members = sorted(component, key=order.__getitem__)
        adjacency = nx.to_numpy_array(graph, nodelist=members, weight="count")
        radius = float(np.linalg.eigvalsh(adjacency)[-1])
        tied = math.isclose(radius, best_radius, rel_tol=1e-9)
        if (radius > best_radius and not tied) or (tied and order[members[0]] < order[best[0]]):
            best, best_radius = members, radius
    if len(best) == 2:
        # One edge: both ends are equally central; scipy's sparse solver needs 3 nodes.
        eigenvector.update(dict.fromkeys(best, 1 / math.sqrt(2)))
    elif best:
        values = nx.eigenvector_centrality_numpy(graph.subgraph(best), weight="count")
        eigenvector.update({name: abs(float(v)) for name, v in values.items()})
    return betweenness, eigenvector


def communities(graph: nx.Graph, *, method: str = "louvain", seed: int = 42) -> dict[Any, int]:
    """Each node's community: 1 is the largest, ties by the first node in node order;
    0 for a node without edges (a community of its own would say nothing).

    "louvain": networkx's Louvain modularity on edge counts, seeded. "concor": see
    `concor_blocks`.
    """
    import networkx as nx

    connected = [name for name in graph if graph.degree(name) > 0]
    if method == "louvain":
        groups = [
            list(group)
            for group in nx.community.louvain_communities(
                graph.subgraph(connected), weight="count", seed=seed
            )
        ]
    elif method == "concor":
        adjacency = nx.to_numpy_array(graph, nodelist=connected, weight="count")
        groups = [[connected[i] for i in block] for block in concor_blocks(adjacency)]
    else:
        raise ValueError(f"communities must be one of {', '.join(COMMUNITIES)}: {method!r}")
    order = {name: i for i, name in enumerate(graph)}
    groups.sort(key=lambda group: (-len(group), min(order[name] for name in group)))
    numbers = dict.fromkeys(graph, 0)
    for number, group in enumerate(groups, start=1):
        numbers.update(dict.fromkeys(group, number))
    return numbers


def concor_blocks(adjacency: npt.NDArray[np.float64], *, depth: int = 2) -> list[list[int]]:
    """CONCOR (Breiger, Boorman and Arabie 1975): up to 2**`depth` blocks of structurally
    equivalent nodes, as lists of row numbers of the symmetric `adjacency` matrix.

    The Pearson correlation of the matrix's columns is correlated again and again until
    every entry is within 1e-6 of ±1 (at most 50 times); the nodes then split by the sign
    of their correlation with the block's first node. Each block splits again from its
    members' columns of the original matrix (their ties to every node, not only within
    the block), down to `depth` levels. A block that does not divide stays whole.
    """
    import numpy as np

    def split(members: list[int], level: int) -> list[list[int]]:
        if level == 0 or len(members) < 2:
            return [members]
        converged = _correlate(adjacency[:, members])
        for _ in range(_CONCOR_ITERATIONS):
            if np.all(np.abs(np.abs(converged) - 1.0) <= _CONCOR_TOLERANCE):
                break
            converged = _correlate(converged)
        positive = converged[0] > 0
        first = [m for m, p in zip(members, positive, strict=True) if p]
        second = [m for m, p in zip(members, positive, strict=True) if not p]
        if not second:
            return [members]
        return split(first, level - 1) + split(second, level - 1)

    return split(list(range(len(adjacency))), depth) if len(adjacency) else []


def _correlate(matrix: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Pearson correlation of the columns; a constant column correlates 0 with the others
    (and 1 with itself), where numpy would give NaN."""
    import numpy as np

    centred = matrix - matrix.mean(axis=0)
    norms = np.sqrt((centred * centred).sum(axis=0))
    constant = norms <= 1e-12
    centred = centred / np.where(constant, 1.0, norms)
    result: npt.NDArray[np.float64] = np.clip(centred.T @ centred, -1.0, 1.0)
    np.fill_diagonal(result, 1.0)
    return result


def _node_table(graph: nx.Graph) -> pd.DataFrame:
    import pandas as pd

    rows = [{"term": name, **{c: graph.nodes[name][c] for c in NODE_COLUMNS[1:]}} for name in graph]
    return pd.DataFrame(rows, columns=NODE_COLUMNS).astype(
        {
            "term": object,
            "count": "int64",
            "degree": "int64",
            "weighted_degree": "int64",
            "betweenness": "float64",
            "eigenvector": "float64",
            "community": "int64",
        }
    )


def _ego_table(graph: nx.Graph, targets: Sequence[str]) -> pd.DataFrame:
    """Each target's neighbours in the graph (so within the kept edges), best score
    first, then count, then term."""
    import pandas as pd

    rows: list[dict[str, Any]] = []
    for target in dict.fromkeys(targets):
        if target not in graph:
            continue
        neighbours = sorted(
            graph[target].items(), key=lambda item: (-item[1]["score"], -item[1]["count"], item[0])
        )
        rows.extend(
            {
                "target": target,
                "rank": rank,
                "term": term,
                "count": data["count"],
                "score": data["score"],
            }
            for rank, (term, data) in enumerate(neighbours, start=1)
        )
    return pd.DataFrame(rows, columns=EGO_COLUMNS).astype(
        {"target": object, "rank": "int64", "term": object, "count": "int64", "score": "float64"}
    )


def write_graphml(graph: nx.Graph, handle: BinaryIO) -> None:
    """The graph as GraphML (Gephi, networkx, igraph read it), UTF-8, Korean intact."""
    import networkx as nx

    nx.write_graphml(graph, handle, encoding="utf-8", prettyprint=True)


class NetworkFold:
    """The run's co-occurrence counts (spilled to a temporary file as they grow), made
    into the network at the end with the run's options and targets."""

    def __init__(self, setup: Setup) -> None:
        self.options: NetworkOptions = setup.options
        self.targets = setup.names
        self.counts = CooccurrenceCounts()

    def add(self, doc: DocSummary) -> None:
        self.counts.add(doc.sentence_terms)

    def finish(self, run: Finish) -> NetworkResult:
        try:
            return self.counts.result(self.options, targets=self.targets)
        finally:
            self.counts.close()


def show(analysis: Results, out: Show) -> None:
    """The most linked terms with their centralities and communities, each community's
    terms, and each target's neighbours."""
    if not out.full:
        return
    network: NetworkResult | None = analysis.results.get("network")
    if network is None or network.nodes.empty:
        out.line("No network: too few terms above the thresholds.", style="dim")
        return
    n = out.rows(SHOWN)
    nodes, edges = network.nodes, network.edges
    title = (
        f"Semantic network: {len(nodes)} terms, {len(edges)} links "
        f"(co-occurrence in {network.sentences:,} sentences)"
    )
    names = ("term", "sentences", "degree", "betweenness", "eigenvector", "community")
    layout = [Col(name, justify="left" if name == "term" else "right") for name in names]
    ranked = nodes.sort_values(["degree", "count"], ascending=False, kind="stable").head(n)
    rows = [
        [
            str(row.term),
            str(row.count),
            str(row.degree),
            f"{row.betweenness:.3f}",
            f"{row.eigenvector:.3f}",
            str(row.community),
        ]
        for row in ranked.itertuples(index=False)
    ]
    out.table(title, layout, rows)
    out.more(len(nodes) - len(ranked), "terms", "network_nodes.csv")
    communities = nodes[nodes["community"] > 0].groupby("community", sort=True)
    for community, group in list(communities)[:n]:
        terms = ", ".join(group.sort_values("count", ascending=False)["term"].head(8))
        out.line(f"community {community!s} ({len(group)}): {terms}")
    for target, group in network.ego.groupby("target", sort=False):
        words = ", ".join(f"{r.term} {r.count}" for r in group.head(10).itertuples(index=False))
        out.line(f"around {target}: {words}")


def _plan(values: Mapping[str, Any]) -> dict[str, Any]:
    options = NetworkOptions(
        nodes=values["nodes"],
        min_count=values["min_count"],
        min_edge=values["min_edge"],
        edges=values["edges"],
        measure=values["measure"],
        communities=values["communities"],
    )
    return {"network": options}


SPEC = Spec(
    name="network",
    fold=NetworkFold,
    tables=(NODES, EDGES, EGO),
    tables_of=lambda result: {
        "network_nodes": result.nodes,
        "network_edges": result.edges,
        "network_ego": result.ego,
    },
    default=NetworkOptions(),
    console=show,
    command=Command(
        name="network",
        help="The semantic network: terms that occur in the same sentence, with degree, "
        "betweenness and eigenvector centrality, communities, and each target's neighbours "
        "(network_nodes.csv, network_edges.csv, network_ego.csv, network.graphml).",
        options=(
            Option(
                "nodes",
                int,
                100,
                "At most this many nodes: the terms in most sentences.",
                minimum=2,
            ),
            Option("min_count", int, 3, "Sentences a term must occur in to be a node.", minimum=1),
            Option("min_edge", int, 3, "Sentences two terms must share to be linked.", minimum=1),
            Option("edges", int, 500, "At most this many edges, best first.", minimum=1),
            Option(
                "measure",
                str,
                "frequency",
                "Edge score: frequency, pmi, jaccard or g2 (log-likelihood).",
                choices=MEASURES,
            ),
            Option(
                "communities",
                str,
                "louvain",
                "louvain (modularity) or concor (block model).",
                choices=COMMUNITIES,
            ),
        ),
        plan=_plan,
        exports=("network_nodes", "network_edges", "network_ego"),
    ),
)
