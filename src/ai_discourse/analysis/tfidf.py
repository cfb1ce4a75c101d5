"""TF-IDF: the words that characterize each document against the rest of the corpus."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ai_discourse.records import Doc

if TYPE_CHECKING:
    import pandas as pd


def _identity(terms: Sequence[str]) -> Sequence[str]:
    return terms


def tfidf_table(docs: Sequence[Doc], *, top: int = 10) -> pd.DataFrame:
    """Top `top` terms per document by TF-IDF (smoothed idf, L2-normalized, sublinear tf).

    Fed the terms Kiwi already produced: scikit-learn does no tokenizing of its own.
    """
    import pandas as pd

    columns = ["doc_id", "rank", "term", "tfidf", "tf", "df"]
    if not docs:
        return pd.DataFrame(columns=columns)
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, norm="l2")
    matrix = vectorizer.fit_transform([doc.terms for doc in docs]).tocsr()
    vocabulary = vectorizer.get_feature_names_out()
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(set(doc.terms))
    rows = []
    for i, doc in enumerate(docs):
        row = matrix.getrow(i)
        tf = Counter(doc.terms)
        pairs = sorted(
            zip(row.indices, row.data, strict=True),
            key=lambda p: (-p[1], vocabulary[p[0]]),
        )[:top]
        for rank, (j, score) in enumerate(pairs, start=1):
            term = str(vocabulary[j])
            rows.append(
                {
                    "doc_id": doc.id,
                    "rank": rank,
                    "term": term,
                    "tfidf": round(float(score), 4),
                    "tf": tf[term],
                    "df": df[term],
                }
            )
    return pd.DataFrame(rows, columns=columns)
