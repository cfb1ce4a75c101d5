"""Semantic network: counts, scores, thresholds and order checked against values worked
out by hand, communities on an obvious structure, GraphML, the spill, and real text."""

from __future__ import annotations

import io
import itertools
import json
import math
import random
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pytest

from ai_discourse.analysis.network import (
    CooccurrenceCounts,
    NetworkOptions,
    NetworkResult,
    centralities,
    concor_blocks,
    edge_scores,
    write_graphml,
)

WIKINEWS = Path("/work/shared/corpora/ko-wikinews/articles.jsonl")

# Six sentences over five terms. Sentence counts: 기업 4, 정부 4, 규제 2, 시장 2, 투자 2.
# Pairs: 기업·정부 3, 정부·규제 2, and 1 each for 기업·규제, 기업·시장, 기업·투자,
# 정부·시장, 규제·시장, 시장·투자.
SIX = [
    ["정부", "기업", "규제"],
    ["정부", "기업"],
    ["정부", "규제", "시장"],
    ["기업", "시장", "투자"],
    ["정부", "기업", "기업"],  # a term twice in a sentence counts once
    ["투자"],
]
ALL = {"min_count": 1, "min_edge": 1}


def network(sentences: list[list[str]], **options: Any) -> NetworkResult:
    with CooccurrenceCounts() as counts:
        counts.add(sentences)
        return counts.result(NetworkOptions(**options))


def edge_rows(result: NetworkResult) -> list[tuple[str, str, int, float]]:
    return [(s, t, int(k), float(x)) for s, t, k, x in result.edges.itertuples(index=False)]


def g2(*cells: tuple[float, float]) -> float:
    return 2 * sum(o * math.log(o / e) for o, e in cells if o > 0)


# ---------------------------------------------------------------- counts and thresholds


def test_sentence_counts_and_node_order() -> None:
    result = network(SIX, **ALL)
    assert result.sentences == 6
    # 기업 and 정부 tie at 4, the three terms at 2 tie too: ties go by term.
    assert result.nodes["term"].tolist() == ["기업", "정부", "규제", "시장", "투자"]
    assert result.nodes["count"].tolist() == [4, 4, 2, 2, 2]
    assert list(result.nodes.columns) == [
        "term",
        "count",
        "degree",
        "weighted_degree",
        "betweenness",
        "eigenvector",
        "community",
    ]


def test_pair_counts_and_edge_order() -> None:
    result = network(SIX, **ALL)
    # Score (= count) first, then count, then source and target; the source is the term
    # that comes first in node order.
    assert edge_rows(result) == [
        ("기업", "정부", 3, 3.0),
        ("정부", "규제", 2, 2.0),
        ("규제", "시장", 1, 1.0),
        ("기업", "규제", 1, 1.0),
        ("기업", "시장", 1, 1.0),
        ("기업", "투자", 1, 1.0),
        ("시장", "투자", 1, 1.0),
        ("정부", "시장", 1, 1.0),
    ]
    nodes = result.nodes.set_index("term")
    assert nodes.loc["기업", "degree"] == 4
    assert nodes.loc["기업", "weighted_degree"] == 3 + 1 + 1 + 1
    assert nodes.loc["정부", "degree"] == 3
    assert nodes.loc["정부", "weighted_degree"] == 3 + 2 + 1
    assert nodes.loc["투자", "weighted_degree"] == 2


def test_thresholds_and_caps() -> None:
    high = network(SIX, min_count=3, min_edge=1)
    assert high.nodes["term"].tolist() == ["기업", "정부"]
    assert edge_rows(high) == [("기업", "정부", 3, 3.0)]

    capped = network(SIX, nodes=3, **ALL)  # the three-way tie at 2 keeps 규제
    assert capped.nodes["term"].tolist() == ["기업", "정부", "규제"]
    assert [(s, t) for s, t, _, _ in edge_rows(capped)] == [
        ("기업", "정부"),
        ("정부", "규제"),
        ("기업", "규제"),
    ]

    strong = network(SIX, min_count=1, min_edge=2)
    assert edge_rows(strong) == [("기업", "정부", 3, 3.0), ("정부", "규제", 2, 2.0)]

    assert edge_rows(network(SIX, edges=1, **ALL)) == [("기업", "정부", 3, 3.0)]


def test_pmi_keeps_positive_associations_and_breaks_ties_by_count() -> None:
    result = network(SIX, measure="pmi", **ALL)
    # N = 6; kept only where k·N > a·b: 기업·규제 (6 ≤ 8) and the other k = 1 pairs with
    # 기업 or 정부 (6 ≤ 8) are no more frequent than chance.
    assert [(s, t, k) for s, t, k, _ in edge_rows(result)] == [
        ("정부", "규제", 2),  # log2(2·6 / (4·2)), tied with the next two, more sentences
        ("규제", "시장", 1),  # log2(1·6 / (2·2))
        ("시장", "투자", 1),
        ("기업", "정부", 3),  # log2(3·6 / (4·4))
    ]
    scores = result.edges["score"].tolist()
    assert scores[:3] == pytest.approx([math.log2(1.5)] * 3, abs=1e-6)
    assert scores[3] == pytest.approx(math.log2(18 / 16), abs=1e-6)


def test_jaccard_scores() -> None:
    result = network(SIX, measure="jaccard", **ALL)
    assert [(s, t) for s, t, _, _ in edge_rows(result)] == [
        ("기업", "정부"),  # 3 / (4 + 4 − 3)
        ("정부", "규제"),  # 2 / (4 + 2 − 2)
        ("규제", "시장"),  # 1 / (2 + 2 − 1)
        ("시장", "투자"),
        ("기업", "규제"),  # 1 / (4 + 2 − 1)
        ("기업", "시장"),
        ("기업", "투자"),
        ("정부", "시장"),
    ]
    assert result.edges["score"].tolist() == pytest.approx(
        [0.6, 0.5, 1 / 3, 1 / 3, 0.2, 0.2, 0.2, 0.2], abs=1e-6
    )


def test_g2_scores() -> None:
    result = network(SIX, measure="g2", **ALL)
    scores = {(s, t): score for s, t, _, score in edge_rows(result)}
    # 2×2 tables of sentences (both, x only, y only, neither) with their expectations.
    assert scores[("기업", "정부")] == pytest.approx(
        g2((3, 16 / 6), (1, 8 / 6), (1, 8 / 6), (1, 4 / 6)), abs=1e-6
    )
    assert scores[("정부", "규제")] == pytest.approx(
        g2((2, 8 / 6), (2, 16 / 6), (0, 4 / 6), (2, 8 / 6)), abs=1e-6
    )
    assert scores[("규제", "시장")] == pytest.approx(
        g2((1, 4 / 6), (1, 8 / 6), (1, 8 / 6), (3, 16 / 6)), abs=1e-6
    )
    assert ("기업", "규제") not in scores  # below expectation


def test_g2_is_negative_below_expectation() -> None:
    k, a, b = (np.array([v], dtype=np.int64) for v in (1, 4, 2))
    expected = g2((1, 8 / 6), (3, 16 / 6), (1, 4 / 6), (1, 8 / 6))
    assert edge_scores(k, a, b, 6, "g2")[0] == pytest.approx(-expected)
    assert edge_scores(k, a, b, 6, "pmi")[0] == pytest.approx(math.log2(6 / 8))
    assert edge_scores(k, a, b, 6, "frequency")[0] == 1.0
    # Independence: k = a·b/N exactly gives 0, not a rounding error's sign.
    k, a, b = (np.array([v], dtype=np.int64) for v in (2, 4, 3))
    assert edge_scores(k, a, b, 6, "g2")[0] == pytest.approx(0.0, abs=1e-12)


def test_centralities_and_isolated_nodes() -> None:
    result = network(SIX, min_count=1, min_edge=2)
    nodes = result.nodes.set_index("term")
    # A path 기업 –3– 정부 –2– 규제 and two isolated nodes, five nodes in all: 정부 lies
    # on one of the (5−1)(5−2)/2 = 6 pairs' shortest paths.
    assert nodes["betweenness"].to_dict() == pytest.approx(
        {"기업": 0.0, "정부": 1 / 6, "규제": 0.0, "시장": 0.0, "투자": 0.0}, abs=1e-6
    )
    # Leading eigenvector of [[0,3,0],[3,0,2],[0,2,0]]: λ = √13, (3/√13, 1, 2/√13) / √2.
    assert nodes["eigenvector"].to_dict() == pytest.approx(
        {"기업": 3 / math.sqrt(26), "정부": 1 / math.sqrt(2), "규제": 2 / math.sqrt(26)}
        | {"시장": 0.0, "투자": 0.0},
        abs=1e-6,
    )
    assert nodes.loc["시장", "community"] == 0
    assert nodes.loc["투자", "community"] == 0
    assert nodes.loc["시장", "degree"] == 0
    assert set(nodes.loc[["기업", "정부", "규제"], "community"]) <= {1, 2}


def test_eigenvector_on_disconnected_graph() -> None:
    graph = nx.Graph()
    graph.add_nodes_from(["가", "나", "다", "라", "마", "바"])
    graph.add_edge("가", "나", count=1)  # the weaker component comes first
    graph.add_edges_from([("다", "라"), ("라", "마"), ("다", "마")], count=5)
    _, eigenvector = centralities(graph)
    assert eigenvector == pytest.approx(
        {"가": 0.0, "나": 0.0, "다": 1 / math.sqrt(3), "라": 1 / math.sqrt(3)}
        | {"마": 1 / math.sqrt(3), "바": 0.0}
    )
    # Two equal components: the first in node order carries the vector.
    twins = nx.Graph()
    twins.add_edge("가", "나", count=2)
    twins.add_edge("다", "라", count=2)
    assert centralities(twins)[1] == pytest.approx(
        {"가": 1 / math.sqrt(2), "나": 1 / math.sqrt(2), "다": 0.0, "라": 0.0}
    )


# ---------------------------------------------------------------- communities


def clusters() -> tuple[list[list[str]], list[str], list[str], str]:
    fruit = ["사과", "배", "포도", "딸기"]
    sport = ["축구", "야구", "농구", "배구"]
    bridge = "스포츠"
    sentences = []
    for _ in range(3):
        sentences += [list(pair) for pair in itertools.combinations(fruit, 2)]
        sentences += [list(pair) for pair in itertools.combinations(sport, 2)]
        sentences += [[bridge, "사과"], [bridge, "축구"]]
    return sentences, fruit, sport, bridge


@pytest.mark.parametrize("method", ["louvain", "concor"])
def test_two_clusters(method: str) -> None:
    sentences, fruit, sport, bridge = clusters()
    result = network(sentences, communities=method, **ALL)
    community = result.nodes.set_index("term")["community"].to_dict()
    fruit_blocks = {community[t] for t in fruit}
    sport_blocks = {community[t] for t in sport}
    assert not fruit_blocks & sport_blocks
    if method == "louvain":
        assert len(fruit_blocks) == len(sport_blocks) == 1
        assert set(community.values()) == {1, 2}
    else:
        # Two levels of splits: at most four blocks, each within one cluster.
        assert set(community.values()) <= {1, 2, 3, 4}
    betweenness = result.nodes.set_index("term")["betweenness"]
    assert betweenness.idxmax() == bridge


def test_communities_are_numbered_by_size() -> None:
    sentences, _, _, _ = clusters()
    for method in ("louvain", "concor"):
        result = network(sentences, communities=method, **ALL)
        sizes = result.nodes["community"].value_counts().sort_index().tolist()
        assert sizes == sorted(sizes, reverse=True)


def test_louvain_is_seeded() -> None:
    sentences, _, _, _ = clusters()
    first = network(sentences, seed=7, **ALL).nodes
    again = network(sentences, seed=7, **ALL).nodes
    assert first.equals(again)


def test_concor_blocks_split_structural_equivalents() -> None:
    # Two stars: 0 and 1 are hubs tied to the same leaves 2..5; leaves are equivalent.
    adjacency = np.zeros((6, 6))
    for hub in (0, 1):
        for leaf in range(2, 6):
            adjacency[hub, leaf] = adjacency[leaf, hub] = 1
    assert concor_blocks(adjacency, depth=1) == [[0, 1], [2, 3, 4, 5]]
    assert concor_blocks(np.zeros((0, 0))) == []


# ---------------------------------------------------------------- ego, GraphML


def test_ego_table() -> None:
    with CooccurrenceCounts() as counts:
        counts.add(SIX)
        result = counts.result(NetworkOptions(**ALL), targets=["정부", "없는말", "정부"])
    assert list(result.ego.columns) == ["target", "rank", "term", "count", "score"]
    assert [tuple(row) for row in result.ego.itertuples(index=False)] == [
        ("정부", 1, "기업", 3, 3.0),
        ("정부", 2, "규제", 2, 2.0),
        ("정부", 3, "시장", 1, 1.0),
    ]


def test_graphml_round_trip() -> None:
    sentences, _, _, _ = clusters()
    graph = network(sentences, measure="pmi", **ALL).graph
    buffer = io.BytesIO()
    write_graphml(graph, buffer)
    raw = buffer.getvalue()
    assert "스포츠".encode() in raw  # UTF-8 text, not character references
    back = nx.read_graphml(io.BytesIO(raw))
    assert list(back.nodes) == list(graph.nodes)
    assert {frozenset(e) for e in back.edges} == {frozenset(e) for e in graph.edges}
    for node, data in graph.nodes(data=True):
        assert back.nodes[node] == pytest.approx(data)
        assert isinstance(back.nodes[node]["community"], int)
    for source, target, data in graph.edges(data=True):
        assert back.edges[source, target] == pytest.approx(data)
    assert back.graph["measure"] == "pmi"


# ---------------------------------------------------------------- the spill


def test_spill_matches_counting_in_memory() -> None:
    rng = random.Random(3)
    vocabulary = [f"낱말{i}" for i in range(40)]
    weights = [1 / (i + 1) for i in range(40)]  # a long tail, as in text
    sentences = [rng.choices(vocabulary, weights, k=rng.randint(0, 8)) for _ in range(20_000)]
    term_counts: Counter[str] = Counter()
    pair_counts: Counter[frozenset[str]] = Counter()
    for sentence in sentences:
        distinct = set(sentence)
        term_counts.update(distinct)
        pair_counts.update(frozenset(p) for p in itertools.combinations(distinct, 2))

    with CooccurrenceCounts() as counts:
        for start in range(0, 20_000, 12):  # documents of a dozen sentences
            counts.add(sentences[start : start + 12])
        everything = NetworkOptions(nodes=40, min_count=1, min_edge=1, edges=10**6)
        result = counts.result(everything)
        assert counts._spill is not None and counts._spill.tell() > 0  # it did spill

        assert result.sentences == 20_000
        assert dict(zip(result.nodes["term"], result.nodes["count"], strict=True)) == dict(
            term_counts
        )
        got = {frozenset((s, t)): k for s, t, k, _ in edge_rows(result)}
        assert got == dict(pair_counts)

        # A second call with a node cap counts among the chosen nodes only.
        top = sorted(term_counts, key=lambda t: (-term_counts[t], t))[:10]
        capped = counts.result(NetworkOptions(nodes=10, min_count=1, min_edge=1, edges=10**6))
        assert capped.nodes["term"].tolist() == top
        assert {frozenset((s, t)): k for s, t, k, _ in edge_rows(capped)} == {
            pair: k for pair, k in pair_counts.items() if pair <= set(top)
        }

        # More documents after a result are counted too.
        counts.add([["낱말0", "낱말1"]] * 5)
        later = counts.result(everything)
        assert later.sentences == 20_005
        pair = later.edges[(later.edges["source"] == "낱말0") & (later.edges["target"] == "낱말1")]
        assert pair["count"].tolist() == [pair_counts[frozenset(("낱말0", "낱말1"))] + 5]


def test_close_removes_the_spill() -> None:
    counts = CooccurrenceCounts()
    counts.add([["가", "나"]] * 40_000)
    spill = counts._spill
    assert spill is not None
    counts.close()
    assert spill.closed
    with pytest.raises(ValueError, match="closed"):
        counts.result()


# ---------------------------------------------------------------- degenerate input


@pytest.mark.parametrize("method", ["louvain", "concor"])
def test_empty_input(method: str) -> None:
    result = network([], communities=method)
    assert result.sentences == 0
    assert result.nodes.empty and result.edges.empty and result.ego.empty
    assert len(result.graph) == 0
    with CooccurrenceCounts() as counts:
        counts.add([[], []])
        assert counts.result(targets=["가"]).sentences == 2


@pytest.mark.parametrize("measure", ["frequency", "pmi", "jaccard", "g2"])
@pytest.mark.parametrize("method", ["louvain", "concor"])
def test_no_edge_above_threshold(measure: str, method: str) -> None:
    result = network(SIX, min_count=1, min_edge=4, measure=measure, communities=method)
    assert len(result.nodes) == 5
    assert result.edges.empty
    assert result.nodes["community"].tolist() == [0] * 5
    assert result.nodes["eigenvector"].tolist() == [0.0] * 5
    assert result.nodes["degree"].tolist() == [0] * 5


def test_bad_options() -> None:
    with pytest.raises(ValueError, match="measure"):
        NetworkOptions(measure="cosine")
    with pytest.raises(ValueError, match="communities"):
        NetworkOptions(communities="girvan")


# ---------------------------------------------------------------- real text


@pytest.fixture(scope="module")
def kiwi() -> Any:
    kiwipiepy = pytest.importorskip("kiwipiepy")
    return kiwipiepy.Kiwi()


def test_wikinews_network(kiwi: Any) -> None:
    if not WIKINEWS.exists():
        pytest.skip(f"{WIKINEWS} is absent")
    with WIKINEWS.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in itertools.islice(lines, 100)]
    options = NetworkOptions()
    with CooccurrenceCounts() as counts:
        total = 0
        for sentences in kiwi.split_into_sents(texts, return_tokens=True):
            nouns = [[t.form for t in s.tokens if t.tag in ("NNG", "NNP")] for s in sentences]
            counts.add(nouns)
            total += len(nouns)
        result = counts.result(options, targets=["지진"])
    assert result.sentences == total
    assert 0 < len(result.nodes) <= options.nodes
    assert (result.nodes["count"] >= options.min_count).all()
    assert 0 < len(result.edges) <= options.edges
    assert (result.edges["count"] >= options.min_edge).all()
    assert set(result.edges["source"]) | set(result.edges["target"]) <= set(result.nodes["term"])
    # The earthquake reports: "규모 … 지진이 발생했다".
    assert result.graph.has_edge("발생", "지진")
    assert result.graph.has_edge("규모", "지진")
    assert "발생" in result.ego["term"].tolist()
    assert result.nodes["community"].min() >= 0
