"""TF-IDF: the words that characterize each document against the rest of the corpus."""

from __future__ import annotations

from array import array
from collections import Counter
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from ai_discourse.analysis.disk import DiskTable, RowSink, frames
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
    import numpy as np
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
CHUNK_DOCUMENTS = 20_000
"""Documents whose TF-IDF rows are made at a time."""
TFIDF_TYPES = {"doc_id": "str", "rank": "int", "term": "str", "tfidf": "float"} | {
    "tf": "int",
    "df": "int",
}


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

    def finish(self, run: Finish) -> DiskTable:
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

    def table(self, *, top: int = 10) -> DiskTable:
        """Top `top` terms per document by TF-IDF (`tfidf_weights`), on the terms Kiwi
        already produced; ties go to the alphabetically first term. Made and written
        `CHUNK_DOCUMENTS` documents at a time: the corpus's document frequencies are all
        a chunk needs of the others."""
        import numpy as np
        from scipy.sparse import csr_matrix

        sink = RowSink(TFIDF_TYPES)
        n = len(self.ids)
        if not n:
            return sink.close()
        counts = np.frombuffer(self.counts, dtype=np.int32)
        columns = np.frombuffer(self.columns, dtype=np.int32)
        indptr = np.frombuffer(self.indptr, dtype=np.int64)
        df = np.bincount(columns, minlength=len(self.vocabulary))
        terms = list(self.vocabulary)
        alphabetical = np.empty(len(terms), dtype=np.int64)
        alphabetical[sorted(range(len(terms)), key=terms.__getitem__)] = np.arange(len(terms))
        ids = np.array(self.ids, dtype=object)
        for a in range(0, n, CHUNK_DOCUMENTS):
            b = min(n, a + CHUNK_DOCUMENTS)
            lo, hi = int(indptr[a]), int(indptr[b])
            # See `count_matrix` for the float64 counts; entry k of `weights` is entry k of
            # this chunk's counts.
            chunk = csr_matrix(
                (counts[lo:hi].astype(np.float64), columns[lo:hi].copy(), indptr[a : b + 1] - lo),
                shape=(b - a, len(self.vocabulary)),
            )
            weights = tfidf_weights(chunk, df=df, n=n)
            indices, scores = weights.indices, weights.data
            sizes = np.diff(weights.indptr)
            row = np.repeat(np.arange(b - a), sizes)
            # One sort per chunk (rows stay apart as the last key): a Python sort per
            # document is what made this table slow on a large corpus.
            order = np.lexsort((alphabetical[indices], -scores, row))
            rank = np.arange(len(order)) - np.repeat(weights.indptr[:-1], sizes) + 1
            kept = rank <= top
            picked = order[kept]
            chosen = indices[picked]
            sink.write_columns(
                {
                    "doc_id": ids[a + row[picked]],
                    "rank": rank[kept],
                    "term": [terms[j] for j in chosen.tolist()],
                    "tfidf": [round(w, 4) for w in scores[picked].tolist()],
                    "tf": counts[lo:hi][picked].astype(np.int64),
                    "df": df[chosen].astype(np.int64),
                }
            )
        return sink.close()


def tfidf_weights(
    counts: csr_matrix, *, df: np.ndarray[Any, Any] | None = None, n: int | None = None
) -> csr_matrix:
    """TF-IDF of a documents × terms count matrix, entry for entry, as
    scikit-learn's TfidfTransformer(sublinear_tf=True) computes it (a test holds the two
    equal): sublinear tf 1 + ln tf, smoothed idf ln((1 + n) / (1 + df)) + 1, each
    document's vector L2-normalized. `df` and `n`: the document frequencies and the
    number of documents of a whole corpus `counts` is some rows of (default: its own).
    Written here because importing scikit-learn takes two seconds, most of a run read
    from the cache."""
    import numpy as np

    if min(counts.shape) == 0:
        return counts
    weights = counts.astype(np.float64)  # entry k stays entry k of the counts
    if n is None:
        n = weights.shape[0]
    if df is None:
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
    tfidf, documents = analysis.table("tfidf"), analysis.table("documents")
    n = out.rows(SHOWN)
    layout = [
        Col("document", overflow="fold", max_width=34),
        Col("kind"),
        Col("top terms (tf-idf)", overflow="fold"),
    ]
    # The rows of the first `n` documents, and how many documents have rows (a table's
    # rows come document by document).
    first: dict[str, list[str]] = {}
    count, last = 0, ""
    for frame in frames(tfidf):
        if frame.empty:
            continue
        starts = frame.doc_id.ne(frame.doc_id.shift()).to_numpy(copy=True)
        starts[0] = str(frame.doc_id.iat[0]) != last
        if count < n:
            number = count + starts.cumsum()
            for row in frame[number <= n].itertuples(index=False):
                first.setdefault(str(row.doc_id), []).append(f"{row.term} {row.tfidf:.2f}")
        count += int(starts.sum())
        last = str(frame.doc_id.iat[-1])
    labels: dict[str, tuple[str, str]] = {}
    for frame in frames(documents):
        for row in frame.itertuples(index=False):
            if str(row.doc_id) in first:
                labels[str(row.doc_id)] = (str(row.title), str(row.kind))
        if len(labels) == len(first):
            break
    rows = []
    for doc_id, terms in first.items():
        title, kind = labels.get(doc_id, (doc_id, ""))
        rows.append([title, kind, ", ".join(terms[:TERMS_PER_DOCUMENT])])
    out.table("Characteristic words per document (TF-IDF)", layout, rows)
    out.more(count - n, "documents", "tfidf.csv")


SPEC = Spec(
    name="tfidf",
    fold=TermMatrix,
    tables=(TFIDF,),
    tables_of=one_table("tfidf"),
    default=...,
    console=show,
)
