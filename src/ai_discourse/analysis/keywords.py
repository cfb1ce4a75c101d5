"""Keyword frequencies: term and document frequency, overall and per document kind."""

from __future__ import annotations

from collections import Counter
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

    from ai_discourse.nlp.summary import DocSummary

KINDS = ("news", "blog", "unknown")
ROWS = 100
"""Keyword rows every export holds whatever their counts (more with a larger `top`)."""
LIMIT = 5_000
"""At most this many keyword rows (terms seen twice or more after the first 100)."""
SHOWN = 30
"""Keywords the terminal shows (`--top` sets it)."""

KEYWORDS = TableDoc(
    "keywords",
    "one row per term: the first 100, then every term seen twice or more (at most 5,000)",
    columns(
        rank="1 = most frequent",
        term="the noun, name or acronym as Kiwi reads it (spellings merged)",
        tf="occurrences in the corpus",
        df="documents it occurs in",
        share="tf / all terms",
        tf_KIND="occurrences in the documents of that kind (tf_news, tf_blog …)",
    ),
)


class KeywordFold:
    """Term and document frequencies, overall and per document kind, added document by
    document (vocabulary-sized, whatever the corpus size)."""

    def __init__(self, setup: Setup | None = None) -> None:
        self.tf: Counter[str] = Counter()
        self.df: Counter[str] = Counter()
        self.by_kind: dict[str, Counter[str]] = {kind: Counter() for kind in KINDS}

    def add(self, doc: DocSummary) -> None:
        self.tf.update(doc.terms)
        self.df.update(set(doc.terms))
        self.by_kind[doc.kind].update(doc.terms)

    def finish(self, run: Finish) -> pd.DataFrame:
        top = run.top or 0
        return self.table(top=max(ROWS, top), limit=max(LIMIT, top))

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


def show(analysis: Results, out: Show) -> None:
    """The top keywords, with tf per document kind."""
    keywords = analysis.frame("keywords")
    n = out.rows(SHOWN)
    kinds = [c for c in keywords.columns if c.startswith("tf_")]
    layout = [
        Col("#", justify="right"),
        Col("term"),
        Col("tf", justify="right"),
        Col("df", justify="right"),
        Col("share", justify="right"),
        *(Col(c[3:], justify="right") for c in kinds),
    ]
    rows = [
        [
            str(row["rank"]),
            str(row["term"]),
            str(row["tf"]),
            str(row["df"]),
            f"{row['share']:.1%}",
            *(str(row[c]) for c in kinds),
        ]
        for row in keywords.head(n).to_dict(orient="records")
    ]
    out.table("Top keywords", layout, rows)
    out.more(len(keywords) - n, "terms", "keywords.csv")


SPEC = Spec(
    name="keywords",
    fold=KeywordFold,
    tables=(KEYWORDS,),
    tables_of=one_table("keywords"),
    default=...,
    console=show,
)
