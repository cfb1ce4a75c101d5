"""TF-IDF: the words that characterize each document against the rest of the corpus."""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ai_discourse.records import Doc

if TYPE_CHECKING:
    import pandas as pd

    from ai_discourse.nlp.summary import DocSummary


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
        """Top `top` terms per document by TF-IDF, as scikit-learn's TfidfVectorizer
        computes it (sublinear tf 1 + ln tf, smoothed idf ln((1 + n) / (1 + df)) + 1,
        each document's vector L2-normalized), on the terms Kiwi already produced."""
        import numpy as np
        import pandas as pd

        columns = ["doc_id", "rank", "term", "tfidf", "tf", "df"]
        if not self.rows:
            return pd.DataFrame(columns=columns)
        sizes = np.array([len(c) for c, _ in self.rows], dtype=np.int64)
        indices = np.concatenate([np.frombuffer(c, dtype=np.int32) for c, _ in self.rows])
        counts = np.concatenate([np.frombuffer(n, dtype=np.int32) for _, n in self.rows])
        df = np.bincount(indices, minlength=len(self.vocabulary))
        idf = np.log((1 + len(self.rows)) / (1 + df)) + 1.0
        weights = (np.log(counts) + 1.0) * idf[indices]
        starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        norms = np.sqrt(np.add.reduceat(weights * weights, starts)) if len(weights) else sizes
        weights /= np.repeat(np.where(sizes > 0, norms, 1.0), sizes)
        terms = list(self.vocabulary)
        # Column by column (a dict per row would hold far more for a large corpus).
        picked: list[int] = []
        doc_ids: list[str] = []
        ranks: list[int] = []
        for i, doc_id in enumerate(self.ids):
            lo, hi = int(starts[i]), int(starts[i] + sizes[i])
            cols, scores = indices[lo:hi], weights[lo:hi]
            order = sorted(range(hi - lo), key=lambda k: (-scores[k], terms[cols[k]]))[:top]
            picked.extend(lo + k for k in order)
            doc_ids.extend([doc_id] * len(order))
            ranks.extend(range(1, len(order) + 1))
        at = np.array(picked, dtype=np.int64)
        chosen = indices[at]
        data = {
            "doc_id": doc_ids,
            "rank": ranks,
            "term": [terms[j] for j in chosen],
            "tfidf": [round(float(w), 4) for w in weights[at]],
            "tf": counts[at].astype(np.int64),
            "df": df[chosen].astype(np.int64),
        }
        return pd.DataFrame(data, columns=columns)


def tfidf_table(docs: Sequence[Doc | DocSummary], *, top: int = 10) -> pd.DataFrame:
    """Top `top` terms per document by TF-IDF (see `TermMatrix.table`)."""
    from ai_discourse.nlp.summary import summaries

    matrix = TermMatrix()
    for doc in summaries(docs):
        matrix.add(doc)
    return matrix.table(top=top)
