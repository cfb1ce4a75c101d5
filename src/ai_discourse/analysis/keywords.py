"""Keyword frequencies: term and document frequency, overall and per document kind."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ai_discourse.records import Doc

if TYPE_CHECKING:
    import pandas as pd

KINDS = ("news", "blog", "unknown")


def keyword_table(
    docs: Sequence[Doc], *, top: int = 100, min_tf: int = 2, limit: int = 5000
) -> pd.DataFrame:
    """Terms by frequency: rank, term, tf, df, share of all terms, tf per document kind.

    The first `top` terms, then every further term seen at least `min_tf` times, at most
    `limit` rows: the file holds far more than a terminal shows, without the long tail of
    words seen once. Ties are broken by document frequency, then alphabetically, so the
    table is stable.
    """
    import pandas as pd

    tf: Counter[str] = Counter()
    df: Counter[str] = Counter()
    by_kind: dict[str, Counter[str]] = {kind: Counter() for kind in KINDS}
    for doc in docs:
        tf.update(doc.terms)
        df.update(set(doc.terms))
        by_kind[doc.article.kind].update(doc.terms)
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
