"""TF-IDF: the words that characterize each document against the rest of the corpus."""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ai_discourse.records import Doc

if TYPE_CHECKING:
    import pandas as pd

    from ai_discourse.analysis.summary import DocSummary


class TermMatrix:
    """Each document's term counts as compact arrays over one vocabulary: what TF-IDF
    needs from the corpus (8 bytes per distinct term of a document)."""

    def __init__(self) -> None:
        self.vocabulary: dict[str, int] = {}
        self.ids: list[str] = []
        self.rows: list[tuple[array[int], array[int]]] = []

    def add(self, doc: DocSummary) -> None:
        counts = Counter(doc.terms)
        vocabulary = self.vocabulary
        columns = array("i", (vocabulary.setdefault(t, len(vocabulary)) for t in counts))
        self.ids.append(doc.id)
        self.rows.append((columns, array("i", counts.values())))

    def table(self, *, top: int = 10) -> pd.DataFrame:
        """Top `top` terms per document by TF-IDF (smoothed idf, L2-normalized, sublinear
        tf), as scikit-learn computes it, fed the terms Kiwi already produced."""
        import numpy as np
        import pandas as pd

        columns = ["doc_id", "rank", "term", "tfidf", "tf", "df"]
        if not self.rows:
            return pd.DataFrame(columns=columns)
        from scipy.sparse import csr_matrix
        from sklearn.feature_extraction.text import TfidfTransformer

        indptr = np.zeros(len(self.rows) + 1, dtype=np.int64)
        np.cumsum([len(c) for c, _ in self.rows], out=indptr[1:])
        indices = np.concatenate([np.frombuffer(c, dtype=np.int32) for c, _ in self.rows])
        data = np.concatenate([np.frombuffer(n, dtype=np.int32) for _, n in self.rows])
        shape = (len(self.rows), len(self.vocabulary))
        counts = csr_matrix((data.astype(np.float64), indices, indptr), shape=shape)
        df = np.bincount(indices, minlength=shape[1])
        matrix = TfidfTransformer(sublinear_tf=True, norm="l2").fit_transform(counts).tocsr()
        terms = list(self.vocabulary)
        rows = []
        for i, doc_id in enumerate(self.ids):
            start, end = matrix.indptr[i], matrix.indptr[i + 1]
            cols = matrix.indices[start:end]
            scores = matrix.data[start:end]
            tf = dict(zip(self.rows[i][0], self.rows[i][1], strict=True))
            pairs = sorted(zip(cols, scores, strict=True), key=lambda p: (-p[1], terms[p[0]]))
            for rank, (j, score) in enumerate(pairs[:top], start=1):
                rows.append(
                    {
                        "doc_id": doc_id,
                        "rank": rank,
                        "term": terms[j],
                        "tfidf": round(float(score), 4),
                        "tf": tf[int(j)],
                        "df": int(df[j]),
                    }
                )
        return pd.DataFrame(rows, columns=columns)


def tfidf_table(docs: Sequence[Doc | DocSummary], *, top: int = 10) -> pd.DataFrame:
    """Top `top` terms per document by TF-IDF (see `TermMatrix.table`)."""
    from ai_discourse.analysis.summary import summaries

    matrix = TermMatrix()
    for doc in summaries(docs):
        matrix.add(doc)
    return matrix.table(top=top)
