"""Docs -> tables. Pure functions: no I/O, no printing; every table is a pandas DataFrame."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ai_discourse.analysis.entities import (
    entity_by_doc_table,
    entity_table,
    quote_table,
    quoted_terms_table,
)
from ai_discourse.analysis.keywords import keyword_table
from ai_discourse.analysis.overview import documents_table, overview
from ai_discourse.analysis.stance import StanceResult, stance
from ai_discourse.analysis.tfidf import tfidf_table
from ai_discourse.records import Doc, Note, Skipped
from ai_discourse.resources import Frames, Target, ToneLexicon

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Analysis",
    "documents_table",
    "entity_table",
    "keyword_table",
    "overview",
    "quote_table",
    "run",
    "stance",
    "tfidf_table",
]


KEYWORD_ROWS = 100
"""Keyword rows every export holds whatever their counts (more with a larger `top`)."""
KEYWORD_LIMIT = 5_000
"""At most this many keyword rows (terms seen twice or more after the first 100)."""


@dataclass
class Analysis:
    """Everything one run computed: the tables the CLI renders and exports."""

    overview: dict[str, Any]
    documents: pd.DataFrame
    keywords: pd.DataFrame
    tfidf: pd.DataFrame
    entities: pd.DataFrame
    entities_by_doc: pd.DataFrame
    quotes: pd.DataFrame
    quoted_terms: pd.DataFrame
    stance: StanceResult | None = None
    targets: tuple[str, ...] = ()
    skipped: list[Skipped] = field(default_factory=list)
    duplicates: int = 0
    notes: list[Note] = field(default_factory=list)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by export name (`documents` -> documents.csv …)."""
        tables = {
            "documents": self.documents,
            "keywords": self.keywords,
            "tfidf": self.tfidf,
            "entities": self.entities,
            "entities_by_doc": self.entities_by_doc,
            "quotes": self.quotes,
            "quoted_terms": self.quoted_terms,
        }
        if self.stance is not None:
            tables |= {
                "stance": self.stance.table,
                "stance_frames": self.stance.frames,
                "stance_words": self.stance.distinctive,
                "stance_evidence": self.stance.evidence,
            }
        return tables


def run(
    docs: Sequence[Doc],
    *,
    top: int | None = None,
    tfidf_top: int = 10,
    targets: Sequence[Target] = (),
    tone: ToneLexicon | None = None,
    frames: Frames | None = None,
    stopwords: frozenset[str] = frozenset(),
    skipped: Sequence[Skipped] = (),
    duplicates: int = 0,
    notes: Sequence[Note] = (),
    keep_verbal_nouns: bool = False,
) -> Analysis:
    """Compute every table from tokenized documents (stance only when targets are given).

    The tables are complete (every document, entity, quote, stance row) except keywords:
    the first max(`top`, 100) terms and every further term seen twice, at most 5,000 rows
    (or `top`). `top` is how many rows a terminal will show; renderers cut, tables do not.
    `keep_verbal_nouns` should match the setting that made `Doc.terms` (it applies to the
    distinctive words, counted on the target's own tokens).
    """
    summary = overview(docs)
    summary["skipped"] = len(skipped)
    summary["duplicates"] = duplicates
    summary["quotes"] = sum(len(d.quotes) for d in docs)
    summary["excluded"] = sum(n.count for n in notes if n.kind == "excluded")
    summary["bigkinds_documents"] = sum(1 for d in docs if "bigkinds" in d.article.meta)
    result = None
    if targets:
        result = stance(
            docs,
            targets,
            tone or ToneLexicon(),
            frames or Frames(),
            stopwords=stopwords,
            keep_verbal_nouns=keep_verbal_nouns,
        )
        summary["distinctive_min_count"] = result.min_count
    return Analysis(
        overview=summary,
        documents=documents_table(docs),
        keywords=keyword_table(
            docs, top=max(KEYWORD_ROWS, top or 0), limit=max(KEYWORD_LIMIT, top or 0)
        ),
        tfidf=tfidf_table(docs, top=tfidf_top),
        entities=entity_table(docs),
        entities_by_doc=entity_by_doc_table(docs),
        quotes=quote_table(docs),
        quoted_terms=quoted_terms_table(docs),
        stance=result,
        targets=tuple(t.name for t in targets),
        skipped=list(skipped),
        duplicates=duplicates,
        notes=list(notes),
    )
