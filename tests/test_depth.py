"""The depth analyses wired into the pipeline and the CLI: trends, the semantic network,
keyness, topics, compound terms, concordance and near-duplicates, on real pages (the 31
layout fixtures and the seeds: 33 articles from 2021 to 2025, news and blogs) plus a
lightly rewritten copy of one of them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from ai_discourse import pipeline
from ai_discourse.analysis import Analysis, Depth
from ai_discourse.analysis.kwic import hits
from ai_discourse.analysis.network import NetworkOptions
from ai_discourse.analysis.periods import all_periods, period_of
from ai_discourse.analysis.topics import TopicOptions
from ai_discourse.cli import app
from ai_discourse.config import Settings
from ai_discourse.load import load_corpus
from ai_discourse.render import export

from .conftest import SEEDS

LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"
ORIGINAL = LAYOUTS / "heldout5_hani.txt"
runner = CliRunner()


def rewritten(body: str) -> str:
    """A syndicated copy as another outlet runs it: the second sentence dropped, a few
    words changed, a sentence of its own added, the lines wrapped differently."""
    sentences = re.split(r"(?<=다\.)\s+", body.strip())
    kept = [sentences[0], *sentences[2:]]
    text = " ".join(kept).replace("밝혔다", "말했다").replace("이날", "같은 날")
    text += " 이 기사는 제휴 매체의 기사를 바탕으로 작성됐다."
    return "\n".join(text[i : i + 70] for i in range(0, len(text), 70))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("copy")
    original = load_corpus([ORIGINAL]).articles[0]
    record = {
        "id": "copy-of-hani",
        "title": "재배포: " + (original.title or ""),
        "text": rewritten(original.body),
        "date": "2024-05-03",
        "source": "다른신문",
        "desk": "경제",
    }
    path = folder / "copy.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return [LAYOUTS, SEEDS, path]


@pytest.fixture(scope="module")
def deep(corpus: list[Path]) -> Analysis:
    depth = Depth(
        trends="month",
        trend_keywords=3,
        network_options=NetworkOptions(nodes=40, min_count=2, min_edge=2),
        keyness="kind",
        keyness_min=2,
        topics=TopicOptions(k=4),
        compounds=2,
    )
    return pipeline.analyze(corpus, settings=Settings(), jobs=1, depth=depth)


# --- near-duplicates ------------------------------------------------------------------


def test_a_rewritten_copy_is_clustered_with_its_original(deep: Analysis) -> None:
    table = deep.near_duplicates
    assert table is not None
    assert list(table.columns) == ["cluster", "doc_id", "similarity", "size"]
    assert list(table["doc_id"]) == ["heldout5_hani", "copy-of-hani"]
    assert table["similarity"].iloc[0] == 1.0
    assert 0.6 <= table["similarity"].iloc[1] < 1.0
    assert deep.overview["near_duplicate_clusters"] == 1
    assert deep.overview["near_duplicate_documents"] == 2


def test_collapsing_counts_the_story_once(corpus: list[Path], deep: Analysis) -> None:
    collapsed = pipeline.analyze(
        corpus, settings=Settings(), jobs=1, depth=Depth(network=False, collapse=True)
    )
    assert collapsed.overview["near_duplicates_collapsed"] == 1
    assert collapsed.overview["documents"] == deep.overview["documents"] - 1
    assert "copy-of-hani" not in set(collapsed.documents["doc_id"])
    assert collapsed.keywords["tf"].sum() < deep.keywords["tf"].sum()


# --- trends ---------------------------------------------------------------------------


def test_periods_read_iso_dates_and_timestamps() -> None:
    assert period_of("2025-01-27", "day") == "2025-01-27"
    assert period_of("2025-01-27T09:30:00+09:00", "month") == "2025-01"
    assert period_of("2025-01-01", "week") == "2025-W01"
    assert period_of("2024-12-30", "week") == "2025-W01"  # ISO weeks cross years
    assert period_of(None, "month") == period_of("어제", "month") == "undated"
    assert all_periods(["2024-11", "2025-02"], "month") == [
        "2024-11",
        "2024-12",
        "2025-01",
        "2025-02",
    ]


def test_monthly_trends_cover_the_corpus_and_flag_thin_months(deep: Analysis) -> None:
    trends = deep.trends
    assert trends is not None
    periods = list(trends["period"].drop_duplicates())
    assert periods[0] == "2021-10" and periods[-1] == "2025-09"
    assert len(periods) == 48  # every month between, the empty ones too
    per_period = trends.drop_duplicates("period").set_index("period")["documents"]
    assert per_period.sum() == deep.overview["documents"]
    assert per_period["2025-02"] == 7
    assert per_period["2022-01"] == 0
    sparse = trends.drop_duplicates("period").set_index("period")["sparse"]
    assert bool(sparse["2021-10"]) and not bool(sparse["2025-02"])  # 1 and 7 documents
    february = trends[(trends["period"] == "2025-02") & (trends["target"] == "네이버")].iloc[0]
    stance = deep.stance
    assert stance is not None
    table = stance.table.to_pandas()
    corpus_naver = table[(table.scope_type == "corpus") & (table.target == "네이버")].iloc[0]
    # Both seeds are from February 2025 and only they mention 네이버 much.
    assert 0 < february["mentions"] <= corpus_naver["mentions"]
    assert trends["mentions"].sum() == table[table.scope_type == "corpus"]["mentions"].sum()


# --- the semantic network -------------------------------------------------------------


def test_the_network_graphml_opens_in_networkx(deep: Analysis, tmp_path: Path) -> None:
    export.export(deep, tmp_path)
    graph = nx.read_graphml(tmp_path / "network.graphml")
    network = deep.network
    assert network is not None
    assert graph.number_of_nodes() == len(network.nodes) <= 40
    assert graph.number_of_edges() == len(network.edges) > 0
    assert all(d["count"] >= 2 for _, _, d in graph.edges(data=True))
    ai = graph.nodes["AI"]
    assert {"betweenness", "eigenvector", "community", "degree"} <= set(ai)
    assert len({d["community"] for _, d in graph.nodes(data=True)}) >= 2
    assert "네이버" in set(network.ego["target"])


# --- keyness, topics, compound terms --------------------------------------------------


def test_keyness_sets_the_blogs_apart_with_examples(deep: Analysis) -> None:
    keyness = deep.keyness
    assert keyness is not None
    assert set(keyness["group"]) == {"news", "blog"}
    blog = keyness[keyness["group"] == "blog"]
    assert (blog["z"] > 0).all() and (blog["count"] >= 2).all()
    first = blog.iloc[0]
    assert f"[{first.term}]" in first.example
    assert (keyness["example"] != "").mean() > 0.5


def test_topics_are_deterministic_and_shares_add_up(corpus: list[Path], deep: Analysis) -> None:
    topics = deep.topics
    assert topics is not None
    assert sorted(topics.topics["topic"].unique()) == [1, 2, 3, 4]
    again = pipeline.analyze(
        corpus,
        settings=Settings(),
        jobs=1,
        depth=Depth(network=False, near_duplicates=None, topics=TopicOptions(k=4)),
    ).topics
    assert again is not None
    assert again.topics.equals(topics.topics)
    corpus_shares = topics.shares[topics.shares["by"] == "corpus"]["share"]
    assert corpus_shares.sum() == pytest.approx(1.0, abs=0.01)
    assert set(topics.shares["by"]) == {"corpus", "target", "month"}


def test_compound_terms_find_what_kiwi_splits(deep: Analysis) -> None:
    terms = deep.terms
    assert terms is not None
    found = set(terms["term"])
    # Written more than once in these pages, and cut by Kiwi into two or three nouns.
    assert {"소버린 AI", "딥시크 쇼크", "급속 충전", "그래픽처리장치"} <= found
    assert not {"그래픽처리", "처리장치"} & found  # the pieces of a longer term


# --- concordance ----------------------------------------------------------------------


def test_kwic_matches_the_term_as_kiwi_reads_it(make_docs) -> None:  # type: ignore[no-untyped-def]
    (doc,) = make_docs("딥시크는 싸다. 딥시크의 모델이 나왔다. 딥시크쇼크가 왔다. DeepSeek도 있다.")
    places = [h.term for h in hits(doc, ["딥시크"])]
    assert places == ["딥시크", "딥시크", "DeepSeek"]
    assert len(list(hits(doc, ["딥시크"], partial=True))) == 4
    first = next(hits(doc, ["딥시크"], window=5))
    assert (first.left, first.right) == ("", "는 싸다.")


def test_kwic_command_finds_a_phrase_in_the_seeds(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["kwic", str(SEEDS), "--term", "소버린 AI", "-f", "json", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) >= 2
    assert all(r["term"].replace(" ", "") == "소버린AI" for r in rows)
    assert (out / "kwic.csv").read_bytes().startswith(b"\xef\xbb\xbfdoc_id,title,sentence")


# --- the commands ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "files"),
    [
        (["trends", "--by", "week"], {"trends.csv", "trends.svg", "summary.json"}),
        (
            ["network", "--nodes", "30", "--measure", "pmi", "--communities", "concor"],
            {
                "network_nodes.csv",
                "network_edges.csv",
                "network_ego.csv",
                "network.graphml",
                "network.svg",
                "summary.json",
            },
        ),
        (["keyness", "--group-by", "source", "--min-count", "2"], {"keyness.csv", "summary.json"}),
        (
            ["topics", "-k", "3", "--method", "lda"],
            {
                "topics.csv",
                "topic_documents.csv",
                "doc_topics.csv",
                "topic_shares.csv",
                "summary.json",
            },
        ),
        (["terms", "--min-count", "2"], {"terms.csv", "summary.json"}),
    ],
)
def test_each_command_prints_and_writes_its_tables(
    command: list[str], files: set[str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, [*command, str(LAYOUTS), str(SEEDS), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == files | {"run.json"}
    assert "Corpus overview" in result.stdout
    as_json = runner.invoke(app, [*command, str(SEEDS), "-f", "json"])
    assert as_json.exit_code == 0, as_json.output
    document = json.loads(as_json.stdout)
    assert set(document) - {"schema_version", "tool", "overview", "skipped", "notes"} == {
        f.removesuffix(".csv") for f in files if f.endswith(".csv")
    }


def test_keyness_by_a_metadata_field(corpus: list[Path]) -> None:
    command = ["keyness", str(corpus[-1]), str(SEEDS), "-g", "meta.desk", "--min-count", "1"]
    result = runner.invoke(app, [*command, "-f", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["keyness"]
    # The copy has a `desk` key; the seeds have none.
    assert {(r["group"], r["documents"]) for r in rows} == {("경제", 1), ("?", 2)}
    shown = runner.invoke(app, command)
    assert "경제 (1" in shown.stdout


def test_a_bad_grouping_is_a_usage_error() -> None:
    result = runner.invoke(app, ["keyness", str(SEEDS), "--group-by", "colour"])
    assert result.exit_code == 2
    assert "meta.FIELD" in result.output


def test_terms_write_a_user_dictionary_the_tool_reads(tmp_path: Path) -> None:
    userdict = tmp_path / "terms.tsv"
    result = runner.invoke(
        app, ["terms", str(SEEDS), "--min-count", "2", "--userdict-out", str(userdict), "-q"]
    )
    assert result.exit_code == 0, result.output
    lines = [x for x in userdict.read_text(encoding="utf-8").splitlines() if x[:1] != "#"]
    assert "딥시크 쇼크\tNNP\t0" in lines
    # With the dictionary, the phrase is one token: found whole, not as 딥시크.
    again = runner.invoke(
        app,
        ["kwic", str(SEEDS), "-t", "딥시크 쇼크", "--userdict", str(userdict), "-f", "json"],
    )
    assert again.exit_code == 0, again.output
    assert {r["term"] for r in json.loads(again.stdout)} == {"딥시크 쇼크"}


def test_the_pictures_are_valid_svg_with_every_label_escaped(deep: Analysis) -> None:
    import xml.etree.ElementTree as ET

    from ai_discourse.render.svg import network_svg, trends_svg

    network = deep.network
    assert network is not None and deep.trends is not None
    graph = network.graph.copy()
    graph.add_edge("<script>alert(1)</script>", "AI", count=1, score=1.0)
    svg = network_svg(graph)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    root = ET.fromstring(svg)
    circles = root.findall(".//{http://www.w3.org/2000/svg}circle")
    assert len(circles) == graph.number_of_nodes()
    assert network_svg(graph) == svg  # the layout is seeded: same graph, same picture
    chart = ET.fromstring(trends_svg(deep.trends))
    lines = chart.findall(".//{http://www.w3.org/2000/svg}polyline")
    assert len(lines) == len(deep.targets) == 2


def test_the_collapse_option_on_the_command_line(corpus: list[Path]) -> None:
    paths = [str(p) for p in corpus]
    result = runner.invoke(app, ["keyness", *paths, "--collapse-near-duplicates", "-f", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["overview"]["near_duplicates_collapsed"] == 1
    assert [r["doc_id"] for r in document["near_duplicates"]] == ["heldout5_hani", "copy-of-hani"]
