"""Keyword frequencies: term and document frequency, overall and per document kind."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ai_discourse.records import Doc

if TYPE_CHECKING:
    import pandas as pd

    from ai_discourse.nlp.summary import DocSummary

KINDS = ("news", "blog", "unknown")


class KeywordCounts:
    """Term and document frequencies, overall and per document kind, added document by
    document (vocabulary-sized, whatever the corpus size)."""

    def __init__(self) -> None:
        self.tf: Counter[str] = Counter()
        self.df: Counter[str] = Counter()
        self.by_kind: dict[str, Counter[str]] = {kind: Counter() for kind in KINDS}

    def add(self, doc: DocSummary) -> None:
        self.tf.update(doc.terms)
        self.df.update(set(doc.terms))
        self.by_kind[doc.kind].update(doc.terms)

    def table(self, *, top: int = 100, min_tf: int = 2, limit: int = 5000) -> pd.DataFrame:
        """Terms by frequency: rank, term, tf, df, share of all terms, tf per kind.

        The first `top` terms, then every further term seen at least `min_tf` times, at
        most `limit` rows: the file holds far more than a terminal shows, without the long
        tail of words seen once. Ties are broken by document frequency, then
        alphabetically, so the table is stable.
        """
        import pandas as pd

        tf, df, by_kind = self.tf, self.df, self.by_kind
        total = sum(tf.values()) or 1
        kinds = [k for k in KINDS if by_kind[k]]
        ranked = sorted(tf, key=lambda t: (-tf[t], -df[t], t))
        keep = max(top, sum(1 for t in ranked if tf[t] >= min_tf))
        ranked = ranked[: min(keep, max(limit, top))]
        rows = [
            {
                "rank": i,
                "term": term,
                "tf": tf[term],
                "df": df[term],
                "share": round(tf[term] / total, 4),
                **{f"tf_{k}": by_kind[k][term] for k in kinds},
            }
            for i, term in enumerate(ranked, start=1)
        ]
        columns = ["rank", "term", "tf", "df", "share", *(f"tf_{k}" for k in kinds)]
        return pd.DataFrame(rows, columns=columns)


def keyword_table(
    docs: Sequence[Doc | DocSummary], *, top: int = 100, min_tf: int = 2, limit: int = 5000
) -> pd.DataFrame:
    """Terms by frequency (see `KeywordCounts.table`)."""
    from ai_discourse.nlp.summary import summaries

    counts = KeywordCounts()
    for doc in summaries(docs):
        counts.add(doc)
    return counts.table(top=top, min_tf=min_tf, limit=limit)
