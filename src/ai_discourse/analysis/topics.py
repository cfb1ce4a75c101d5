"""Topics: scikit-learn NMF (on TF-IDF) or LDA (on counts) over the Kiwi terms.

The document-term matrix is the one TF-IDF already keeps (`TermMatrix`), cut to the
terms that can carry a topic: seen in at least two documents and in at most half of
them, the `VOCABULARY` most frequent of those. Results are deterministic for a seed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ai_discourse.analysis.periods import PERIODS, period_of
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

if TYPE_CHECKING:
    import pandas as pd

    from ai_discourse.analysis.tfidf import TermMatrix
    from ai_discourse.nlp.summary import DocSummary

METHODS = ("nmf", "lda")
VOCABULARY = 5_000
MAX_DF = 0.5
TOP_TERMS = 15
REPRESENTATIVE = 3
MIN_SHARE = 0.05
"""A document's topic weights below this share are left out of doc_topics.csv."""


TOPICS = TableDoc(
    "topics",
    "(topic, term) with `topics`",
    columns(
        topic="1 … k",
        rank="1 = the topic's heaviest term",
        term="the term",
        weight="its share of the topic's weight",
    ),
)
TOPIC_DOCUMENTS = TableDoc(
    "topic_documents",
    "(topic, typical document)",
    columns(
        topic="the topic",
        rank="1 = most typical",
        doc_id="the article",
        title="its headline",
        weight="the topic's share of the document",
    ),
)
DOC_TOPICS = TableDoc(
    "doc_topics",
    "(document, topic): shares of at least 5%",
    columns(doc_id="the article", topic="the topic", weight="the topic's share of the document"),
)
TOPIC_SHARES = TableDoc(
    "topic_shares",
    "(group, topic): mean topic shares",
    columns(
        by="corpus, target, or the period (day, week, month)",
        group="all, the target, or the period",
        topic="the topic",
        documents="documents in the group",
        share="the topic's mean share over them",
    ),
)
SHOWN = 10
"""Topics the terminal shows (`--top` sets it)."""


@dataclass(frozen=True)
class TopicOptions:
    k: int = 10
    method: str = "nmf"
    seed: int = 42
    by: str = "month"
    """The period of the topic shares over time (day, week, month)."""


@dataclass
class TopicResult:
    topics: pd.DataFrame
    """topic, rank, term, weight: each topic's top terms."""
    documents: pd.DataFrame
    """doc_id, topic, weight: each document's topics (shares of its weight, >= 5%)."""
    shares: pd.DataFrame
    """by (corpus, target, period), group, topic, documents, share: the mean share."""
    representative: pd.DataFrame
    """topic, rank, doc_id, title, weight: each topic's most typical documents."""


class TopicDocs:
    """What the topic tables need of each document besides its terms (kept by
    `TermMatrix`): its title, period and targets."""

    def __init__(self, options: TopicOptions | None = None) -> None:
        self.options = options or TopicOptions()
        self.by = self.options.by
        self.rows: list[tuple[str, str, tuple[str, ...]]] = []

    @classmethod
    def make(cls, setup: Setup) -> TopicDocs:
        return cls(setup.options)

    def finish(self, run: Finish) -> TopicResult:
        matrix: TermMatrix = run.folds["tfidf"]  # type: ignore[assignment]
        return topics(matrix, self, self.options)

    def add(self, doc: DocSummary) -> None:
        targets = tuple(t for t, n in doc.target_mentions if n)
        self.rows.append((doc.title, period_of(doc.date, self.by), targets))


def topics(matrix: TermMatrix, docs: TopicDocs, options: TopicOptions) -> TopicResult:
    """Fit the topic model and build its tables."""
    import numpy as np
    import pandas as pd

    if options.method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, not {options.method!r}")
    n_docs = len(matrix.ids)
    full = matrix.count_matrix()
    df = np.bincount(full.indices, minlength=full.shape[1])
    terms = np.array(list(matrix.vocabulary), dtype=object)
    usable = np.flatnonzero((df >= 2) & (df <= max(2, MAX_DF * n_docs)))
    keep = usable[np.lexsort((terms[usable].astype(str), -df[usable]))][:VOCABULARY]
    keep.sort()
    x = full[:, keep]
    vocabulary = terms[keep]
    k = max(1, min(options.k, x.shape[1], n_docs))
    if x.shape[1] == 0 or n_docs == 0:
        return _empty()
    if options.method == "nmf":
        from sklearn.decomposition import NMF

        from ai_discourse.analysis.tfidf import tfidf_weights

        # The kept columns' own df is their df in the corpus, so the idf is the corpus's;
        # only the norms are over the kept terms.
        model = NMF(n_components=k, init="nndsvda", random_state=options.seed, max_iter=400)
        weights = model.fit_transform(tfidf_weights(x))
    else:
        from sklearn.decomposition import LatentDirichletAllocation

        model = LatentDirichletAllocation(
            n_components=k, random_state=options.seed, learning_method="batch", max_iter=30
        )
        weights = model.fit_transform(x)
    components = model.components_
    topic_rows = []
    for topic in range(k):
        row = components[topic]
        order = sorted(range(len(row)), key=lambda j: (-row[j], str(vocabulary[j])))
        top = [j for j in order[:TOP_TERMS] if row[j] > 0]
        scale = row.sum() or 1.0
        topic_rows += [
            {
                "topic": topic + 1,
                "rank": rank,
                "term": str(vocabulary[j]),
                "weight": round(float(row[j] / scale), 5),
            }
            for rank, j in enumerate(top, start=1)
        ]
    totals = weights.sum(axis=1, keepdims=True)
    shares = np.divide(weights, totals, out=np.zeros_like(weights), where=totals > 0)
    doc_rows = []
    for i, doc_id in enumerate(matrix.ids):
        for t in np.flatnonzero(shares[i] >= MIN_SHARE).tolist():
            weight = round(float(shares[i, t]), 4)
            doc_rows.append({"doc_id": doc_id, "topic": t + 1, "weight": weight})
    rep_rows = []
    for topic in range(k):
        order = sorted(range(n_docs), key=lambda i: (-weights[i, topic], i))[:REPRESENTATIVE]
        rep_rows += [
            {
                "topic": topic + 1,
                "rank": rank,
                "doc_id": matrix.ids[i],
                "title": docs.rows[i][0],
                "weight": round(float(shares[i, topic]), 4),
            }
            for rank, i in enumerate(order, start=1)
            if weights[i, topic] > 0
        ]
    return TopicResult(
        topics=pd.DataFrame(topic_rows, columns=["topic", "rank", "term", "weight"]),
        documents=pd.DataFrame(doc_rows, columns=["doc_id", "topic", "weight"]),
        shares=_shares(shares, docs, options.by),
        representative=pd.DataFrame(
            rep_rows, columns=["topic", "rank", "doc_id", "title", "weight"]
        ),
    )


def _shares(shares: object, docs: TopicDocs, by: str) -> pd.DataFrame:
    """The mean topic share over the corpus, each target's documents and each period."""
    import numpy as np
    import pandas as pd

    weights = np.asarray(shares)
    groups: dict[tuple[str, str], list[int]] = {("corpus", "all"): list(range(len(docs.rows)))}
    for i, (_, _, targets) in enumerate(docs.rows):
        for target in targets:
            groups.setdefault(("target", target), []).append(i)
    by_period: dict[str, list[int]] = {}
    for i, (_, period, _) in enumerate(docs.rows):
        by_period.setdefault(period, []).append(i)
    for period in sorted(by_period):
        groups[(by, period)] = by_period[period]
    rows = []
    for (kind, group), members in groups.items():
        mean = weights[members].mean(axis=0)
        rows += [
            {
                "by": kind,
                "group": group,
                "topic": topic + 1,
                "documents": len(members),
                "share": round(float(mean[topic]), 4),
            }
            for topic in range(weights.shape[1])
        ]
    return pd.DataFrame(rows, columns=["by", "group", "topic", "documents", "share"])


def _empty() -> TopicResult:
    import pandas as pd

    return TopicResult(
        topics=pd.DataFrame(columns=["topic", "rank", "term", "weight"]),
        documents=pd.DataFrame(columns=["doc_id", "topic", "weight"]),
        shares=pd.DataFrame(columns=["by", "group", "topic", "documents", "share"]),
        representative=pd.DataFrame(columns=["topic", "rank", "doc_id", "title", "weight"]),
    )


def show(analysis: Results, out: Show) -> None:
    """Each topic's share, top terms and most typical document; each target's topics."""
    if not out.full:
        return
    result: TopicResult | None = analysis.results.get("topics")
    if result is None or result.topics.empty:
        out.line("No topics: too few documents or terms.", style="dim")
        return
    n = out.rows(SHOWN)
    corpus = result.shares[result.shares["by"] == "corpus"].set_index("topic")["share"]
    layout = [
        Col("#", justify="right"),
        Col("share", justify="right"),
        Col("top terms", overflow="fold"),
        Col("typical document", overflow="fold", max_width=40),
    ]
    first = result.representative[result.representative["rank"] == 1]
    titles = dict(zip(first["topic"].astype(int), first["title"].astype(str), strict=True))
    rows = []
    for key, group in list(result.topics.groupby("topic", sort=True))[:n]:
        topic = int(str(key))
        terms = ", ".join(group["term"].head(8))
        share = float(corpus.get(topic, 0.0))
        rows.append([str(topic), f"{share:.0%}", terms, titles.get(topic, "")])
    out.table("Topics", layout, rows)
    targets = result.shares[result.shares["by"] == "target"]
    for target, group in targets.groupby("group", sort=False):
        best = group.sort_values("share", ascending=False).head(3)
        shares = ", ".join(f"topic {r.topic} {r.share:.0%}" for r in best.itertuples(index=False))
        out.line(f"{target}: {shares}")


def _plan(values: Mapping[str, Any]) -> dict[str, Any]:
    names = ("k", "method", "seed", "by")
    return {"topics": TopicOptions(**{name: values[name] for name in names})}


SPEC = Spec(
    name="topics",
    fold=TopicDocs.make,
    tables=(TOPICS, TOPIC_DOCUMENTS, DOC_TOPICS, TOPIC_SHARES),
    tables_of=lambda result: {
        "topics": result.topics,
        "topic_documents": result.representative,
        "doc_topics": result.documents,
        "topic_shares": result.shares,
    },
    console=show,
    needs=("tfidf",),
    command=Command(
        name="topics",
        help="Topics (scikit-learn NMF or LDA on the Kiwi terms): top words, representative "
        "documents, each document's topics, and topic shares per target and period "
        "(topics.csv, topic_documents.csv, doc_topics.csv, topic_shares.csv).",
        options=(
            Option("k", int, 10, "Number of topics.", short="-k", minimum=1),
            Option("method", str, "nmf", "nmf (on TF-IDF) or lda (on counts).", choices=METHODS),
            Option("seed", int, 42, "Random seed: the same seed, the same topics."),
            Option(
                "by", str, "month", "The period of the topic shares over time.", choices=PERIODS
            ),
        ),
        plan=_plan,
        exports=("topics", "topic_documents", "doc_topics", "topic_shares"),
    ),
)
