"""Topics: scikit-learn NMF (on TF-IDF) or LDA (on counts) over the Kiwi terms.

The document-term matrix is the one TF-IDF already keeps (`TermMatrix`), cut to the
terms that can carry a topic: seen in at least two documents and in at most half of
them, the `VOCABULARY` most frequent of those. Results are deterministic for a seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ai_discourse.analysis.trends import period_of

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

    def __init__(self, *, by: str = "month") -> None:
        self.by = by
        self.rows: list[tuple[str, str, tuple[str, ...]]] = []

    def add(self, doc: DocSummary) -> None:
        targets = tuple(t for t, n in doc.target_mentions if n)
        self.rows.append((doc.title, period_of(doc.date, self.by), targets))


def topics(matrix: TermMatrix, docs: TopicDocs, options: TopicOptions) -> TopicResult:
    """Fit the topic model and build its tables."""
    import numpy as np
    import pandas as pd
    from scipy.sparse import csr_matrix

    if options.method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, not {options.method!r}")
    n_docs = len(matrix.rows)
    indptr = np.zeros(n_docs + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(c) for c, _ in matrix.rows])
    empty = np.zeros(0, dtype=np.int32)
    columns = np.concatenate([empty, *(np.frombuffer(c, dtype=np.int32) for c, _ in matrix.rows)])
    counts = np.concatenate([empty, *(np.frombuffer(n, dtype=np.int32) for _, n in matrix.rows)])
    full = csr_matrix(
        (counts.astype(np.float64), columns.astype(np.int64), indptr),
        shape=(n_docs, len(matrix.vocabulary)),
    )
    df = np.bincount(columns.astype(np.int64), minlength=len(matrix.vocabulary))
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

        tfidf = x.copy()
        tfidf.data = np.log(tfidf.data) + 1.0
        idf = np.log((1 + n_docs) / (1 + df[keep])) + 1.0
        tfidf = tfidf.multiply(idf.reshape(1, -1)).tocsr()
        norms = np.sqrt(np.asarray(tfidf.multiply(tfidf).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        tfidf = tfidf.multiply((1 / norms).reshape(-1, 1)).tocsr()
        model = NMF(n_components=k, init="nndsvda", random_state=options.seed, max_iter=400)
        weights = model.fit_transform(tfidf)
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
