"""TF-IDF on documents whose terms the test chooses, checked against the formula by hand."""

from __future__ import annotations

import math

import pytest

from ai_discourse.analysis.tfidf import TermMatrix, tfidf_weights
from ai_discourse.nlp.summary import DocSummary


def summary(doc_id: str, *terms: str) -> DocSummary:
    """A document that is nothing but its terms (all TF-IDF reads)."""
    return DocSummary(
        id=doc_id,
        kind="news",
        path=f"{doc_id}.txt",
        source=None,
        date=None,
        author=None,
        title=doc_id,
        url=None,
        chars=0,
        sentences=1,
        tokens=len(terms),
        captions=0,
        terms=terms,
        mentions=(),
        quotes=(),
        quoted_terms=(),
    )


# 정부 and 규제 occur once each, only in d1: the same score, so 규제 must rank first even
# though d1 uses 정부 first.
DOCS = [
    summary("d1", "인공지능", "정부", "인공지능", "규제", "데이터", "인공지능"),
    summary("d2", "데이터", "인공지능", "데이터", "시장"),
    summary("d3", "시장", "반도체", "인공지능", "반도체"),
]


def by_hand() -> dict[str, dict[str, float]]:
    """(1 + ln tf) × (ln((1 + n) / (1 + df)) + 1), each document's vector L2-normalised."""
    n = len(DOCS)
    df: dict[str, int] = {}
    for doc in DOCS:
        for term in set(doc.terms):
            df[term] = df.get(term, 0) + 1
    weights = {}
    for doc in DOCS:
        raw = {
            t: (1 + math.log(doc.terms.count(t))) * (math.log((1 + n) / (1 + df[t])) + 1)
            for t in set(doc.terms)
        }
        norm = math.sqrt(sum(v * v for v in raw.values()))
        weights[doc.id] = {t: v / norm for t, v in raw.items()}
    return weights


def matrix(*docs: DocSummary) -> TermMatrix:
    folded = TermMatrix()
    for doc in docs:
        folded.add(doc)
    return folded


def test_tfidf_table_is_the_formula_with_ties_alphabetical() -> None:
    expected = by_hand()
    # The numbers themselves, so that the check below is not only about their order.
    assert round(expected["d1"]["인공지능"], 4) == 0.611
    assert round(expected["d1"]["규제"], 4) == round(expected["d1"]["정부"], 4) == 0.493
    table = matrix(*DOCS).table(top=3).to_pandas()
    assert list(table.columns) == ["doc_id", "rank", "term", "tfidf", "tf", "df"]
    assert table.to_dict(orient="records") == [
        {"doc_id": "d1", "rank": 1, "term": "인공지능", "tfidf": 0.611, "tf": 3, "df": 3},
        {"doc_id": "d1", "rank": 2, "term": "규제", "tfidf": 0.493, "tf": 1, "df": 1},
        {"doc_id": "d1", "rank": 3, "term": "정부", "tfidf": 0.493, "tf": 1, "df": 1},
        {"doc_id": "d2", "rank": 1, "term": "데이터", "tfidf": 0.8008, "tf": 2, "df": 2},
        {"doc_id": "d2", "rank": 2, "term": "시장", "tfidf": 0.473, "tf": 1, "df": 2},
        {"doc_id": "d2", "rank": 3, "term": "인공지능", "tfidf": 0.3673, "tf": 1, "df": 3},
        {"doc_id": "d3", "rank": 1, "term": "반도체", "tfidf": 0.8693, "tf": 2, "df": 1},
        {"doc_id": "d3", "rank": 2, "term": "시장", "tfidf": 0.3905, "tf": 1, "df": 2},
        {"doc_id": "d3", "rank": 3, "term": "인공지능", "tfidf": 0.3032, "tf": 1, "df": 3},
    ]
    for row in table.itertuples():
        assert row.tfidf == round(expected[row.doc_id][row.term], 4)


def test_tfidf_weights_before_rounding() -> None:
    folded = matrix(*DOCS)
    weights = tfidf_weights(folded.count_matrix())
    terms = list(folded.vocabulary)
    expected = by_hand()
    for i, doc_id in enumerate(folded.ids):
        row = weights[i]
        got = {terms[j]: w for j, w in zip(row.indices, row.data, strict=True)}
        assert got == pytest.approx(expected[doc_id], rel=1e-12)


def test_tfidf_without_documents_or_terms() -> None:
    assert matrix().table().empty
    assert list(matrix().table().columns) == ["doc_id", "rank", "term", "tfidf", "tf", "df"]
    assert matrix(summary("empty")).table().empty
    # A document without terms takes no rows (though it counts in n).
    table = matrix(summary("empty"), *DOCS).table(top=1).to_pandas()
    assert list(table.doc_id) == ["d1", "d2", "d3"]
    assert list(table.term) == ["인공지능", "데이터", "반도체"]


def test_tfidf_weights_are_scikit_learns() -> None:
    """The hand-written weighting (imported in a fraction of scikit-learn's time) gives
    the TfidfTransformer's numbers, empty documents and unused terms included."""
    import numpy as np
    from scipy.sparse import random as sparse_random
    from sklearn.feature_extraction.text import TfidfTransformer

    rng = np.random.default_rng(7)
    counts = sparse_random(300, 500, density=0.02, format="csr", random_state=rng)
    counts.data = np.ceil(counts.data * 9)
    counts[5] = 0  # a document with no terms
    counts.eliminate_zeros()
    counts = counts.astype(np.int32)
    ours = tfidf_weights(counts.copy())
    theirs = TfidfTransformer(norm="l2", smooth_idf=True, sublinear_tf=True).fit_transform(counts)
    assert ours.shape == theirs.shape
    assert abs(ours - theirs).max() < 1e-12
    assert ours[5].nnz == 0
