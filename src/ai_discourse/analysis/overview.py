"""Corpus overview: what was analysed (documents, kinds, sources, dates, sizes)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ai_discourse.records import Doc

if TYPE_CHECKING:
    import pandas as pd

    from ai_discourse.nlp.summary import DocSummary

DOCUMENT_COLUMNS = [
    "doc_id",
    "path",
    "kind",
    "source",
    "date",
    "author",
    "title",
    "url",
    "chars",
    "sentences",
    "tokens",
    "terms",
    "captions",
]


class OverviewCounts:
    """The corpus totals and one row per document, added document by document."""

    def __init__(self) -> None:
        self.rows: list[tuple[Any, ...]] = []
        self.kinds: Counter[str] = Counter()
        self.sources: Counter[str] = Counter()
        self.date_min: str | None = None
        self.date_max: str | None = None
        self.totals: Counter[str] = Counter()

    def add(self, d: DocSummary) -> None:
        meta = (d.id, d.path, d.kind, d.source, d.date, d.author, d.title, d.url)
        self.rows.append((*meta, d.chars, d.sentences, d.tokens, d.n_terms, d.captions))
        self.kinds[d.kind] += 1
        self.sources[d.source or "?"] += 1
        if d.date:
            self.date_min = min(self.date_min or d.date, d.date)
            self.date_max = max(self.date_max or d.date, d.date)
        self.totals.update({"characters": d.chars, "sentences": d.sentences, "tokens": d.tokens})
        self.totals["terms"] += d.n_terms

    def overview(self, vocabulary: int) -> dict[str, Any]:
        """Totals for the whole corpus, as plain JSON-ready values."""
        return {
            "documents": len(self.rows),
            "kinds": dict(sorted(self.kinds.items())),
            "sources": dict(sorted(self.sources.items())),
            "date_min": self.date_min,
            "date_max": self.date_max,
            "characters": self.totals["characters"],
            "sentences": self.totals["sentences"],
            "tokens": self.totals["tokens"],
            "terms": self.totals["terms"],
            "vocabulary": vocabulary,
        }

    def documents(self) -> pd.DataFrame:
        """One row per document: metadata and sizes (characters, sentences, tokens, terms)."""
        import pandas as pd

        return pd.DataFrame(self.rows, columns=DOCUMENT_COLUMNS)


def _counts(docs: Sequence[Doc | DocSummary]) -> tuple[OverviewCounts, int]:
    from ai_discourse.nlp.summary import summaries

    counts = OverviewCounts()
    vocabulary: set[str] = set()
    for d in summaries(docs):
        counts.add(d)
        vocabulary.update(d.terms)
    return counts, len(vocabulary)


def documents_table(docs: Sequence[Doc | DocSummary]) -> pd.DataFrame:
    """One row per document: metadata and sizes (characters, sentences, tokens, terms)."""
    return _counts(docs)[0].documents()


def overview(docs: Sequence[Doc | DocSummary]) -> dict[str, Any]:
    """Totals for the whole corpus, as plain JSON-ready values."""
    counts, vocabulary = _counts(docs)
    return counts.overview(vocabulary)
