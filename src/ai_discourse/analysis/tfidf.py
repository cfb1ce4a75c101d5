"""TF-IDF: the words that characterize each document against the rest of the corpus."""

from __future__ import annotations

from array import array
from collections import Counter
from itertools import pairwise
from typing import TYPE_CHECKING

from ai_discourse.analysis.spec import (
    Col,
    Finish,
    Results,
    Setup,
    Show,
    Spec,
    TableDoc,
    columns,
    one_table,
)

if TYPE_CHECKING:
    import pandas as pd
    from scipy.sparse import csr_matrix

    from ai_discourse.nlp.summary import DocSummary


TFIDF = TableDoc(
    "tfidf",
    "(document, term): each document's top terms",
    columns(
        doc_id="the article",
        rank="1 = most characteristic of the document",
        term="the term",
        tfidf="(1 + ln tf) × (ln((1 + n) / (1 + df)) + 1), L2-normalised per document",
        tf="occurrences in the document",
        df="documents with the term",
    ),
)
TERMS_PER_DOCUMENT = 10
"""Each document's top terms in tfidf.csv (and on the terminal)."""
SHOWN = 10
"""Documents the terminal shows (`--top` sets it)."""


class TermMatrix:
    """Each document's term counts over one vocabulary, kept as the three flat arrays
    of a CSR matrix (8 bytes per distinct term of a document, 8 per document): what
    TF-IDF and the topic models need from the corpus."""

    def __init__(self, setup: Setup | None = None) -> None:
        self.vocabulary: dict[str, int] = {}
        self.ids: list[str] = []
        self.columns: array[int] = array("i")
        """Each document's terms (vocabulary indices), one document after another."""
        self.counts: array[int] = array("i")
        """How often each of those terms occurs in its document."""
        self.indptr: array[int] = array("q", [0])
        """Where each document's terms start in `columns` and `counts` (and the end)."""

    def finish(self, run: Finish) -> pd.DataFrame:
        return self.table(top=TERMS_PER_DOCUMENT)

    def add(self, doc: DocSummary) -> None:
        counts = Counter(doc.terms)
        vocabulary = self.vocabulary
        self.columns.extend(vocabulary.setdefault(t, len(vocabulary)) for t in counts)
        self.counts.extend(counts.values())
        self.indptr.append(len(self.columns))
        self.ids.append(doc.id)

    @property
    def rows(self) -> list[tuple[array[int], array[int]]]:
        """Each document's (columns, counts), as copies: the layout earlier versions kept."""
        return [(self.columns[a:b], self.counts[a:b]) for a, b in pairwise(self.indptr)]

    def count_matrix(self) -> csr_matrix:
        """Documents × vocabulary term counts, each row's terms in the order its document
        first used them."""
        import numpy as np
        from scipy.sparse import csr_matrix

        # float64 counts: scikit-learn would cast integer counts with scipy's astype, which
        # also sorts each row's terms, and the sums over a row (the L2 norm, the topic
        # models' products) would no longer run in the order the tables were made in.
        # Copies, as an array.array whose buffer is still exported cannot grow.
        return csr_matrix(
            (
                np.frombuffer(self.counts, dtype=np.int32).astype(np.float64),
                np.frombuffer(self.columns, dtype=np.int32).copy(),
                np.frombuffer(self.indptr, dtype=np.int64).copy(),
            ),
            shape=(len(self.ids), len(self.vocabulary)),
        )

    def table(self, *, top: int = 10) -> pd.DataFrame:
        """Top `top` terms per document by TF-IDF (`tfidf_weights`), on the terms Kiwi
        already produced; ties go to the alphabetically first term."""
        import numpy as np
        import pandas as pd

        columns = ["doc_id", "rank", "term", "tfidf", "tf", "df"]
        if not self.ids:
            return pd.DataFrame(columns=columns)
        # In place of the counts: entry k of `weights` is entry k of `self.counts`.
        weights = tfidf_weights(self.count_matrix())
        indices, scores, indptr = weights.indices, weights.data, weights.indptr
        df = np.bincount(indices, minlength=len(self.vocabulary))
        terms = list(self.vocabulary)
        alphabetical = np.empty(len(terms), dtype=np.int64)
        alphabetical[sorted(range(len(terms)), key=terms.__getitem__)] = np.arange(len(terms))
        sizes = np.diff(indptr)
        row = np.repeat(np.arange(len(self.ids)), sizes)
        # One sort for the whole corpus (rows stay apart as the last key): a Python sort
        # per document is what made this table slow on a large corpus.
        order = np.lexsort((alphabetical[indices], -scores, row))
        rank = np.arange(len(order)) - np.repeat(indptr[:-1], sizes) + 1
        kept = rank <= top
        picked = order[kept]
        chosen = indices[picked]
        data = {
            "doc_id": np.array(self.ids, dtype=object)[row[picked]],
            "rank": rank[kept],
            "term": [terms[j] for j in chosen.tolist()],
            "tfidf": [round(w, 4) for w in scores[picked].tolist()],
            "tf": np.frombuffer(self.counts, dtype=np.int32)[picked].astype(np.int64),
            "df": df[chosen].astype(np.int64),
        }
        return pd.DataFrame(data, columns=columns)


def tfidf_weights(counts: csr_matrix) -> csr_matrix:
    """TF-IDF of a documents × terms count matrix, entry for entry, as
    scikit-learn's TfidfTransformer(sublinear_tf=True) computes it (a test holds the two
    equal): sublinear tf 1 + ln tf, smoothed idf ln((1 + n) / (1 + df)) + 1, each
    document's vector L2-normalized. Written here because importing scikit-learn takes
    two seconds, most of a run read from the cache."""
    import numpy as np

    if min(counts.shape) == 0:
        return counts
    weights = counts.astype(np.float64)  # entry k stays entry k of the counts
    n = weights.shape[0]
    df = np.bincount(weights.indices, minlength=weights.shape[1])
    idf = np.log((1 + n) / (1 + df)) + 1
    np.log(weights.data, weights.data)
    weights.data += 1
    weights.data *= idf[weights.indices]
    norms = np.sqrt(np.asarray(weights.multiply(weights).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    weights.data /= np.repeat(norms, np.diff(weights.indptr))
    return weights


def show(analysis: Results, out: Show) -> None:
    """The first documents, each with its top terms and their TF-IDF."""
    tfidf, documents = analysis.frame("tfidf"), analysis.frame("documents")
    n = out.rows(SHOWN)
    layout = [
        Col("document", overflow="fold", max_width=34),
        Col("kind"),
        Col("top terms (tf-idf)", overflow="fold"),
    ]
    labels = {
        row.doc_id: (str(row.title), str(row.kind)) for row in documents.itertuples(index=False)
    }
    rows = []
    for i, (doc_id, group) in enumerate(tfidf.groupby("doc_id", sort=False)):
        if i >= n:
            break
        title, kind = labels.get(str(doc_id), (str(doc_id), ""))
        terms = ", ".join(
            f"{r.term} {r.tfidf:.2f}"
            for r in group.head(TERMS_PER_DOCUMENT).itertuples(index=False)
        )
        rows.append([title, kind, terms])
    out.table("Characteristic words per document (TF-IDF)", layout, rows)
    out.more(tfidf.doc_id.nunique() - n, "documents", "tfidf.csv")


SPEC = Spec(
    name="tfidf",
    fold=TermMatrix,
    tables=(TFIDF,),
    tables_of=one_table("tfidf"),
    default=...,
    console=show,
)
