"""Docs -> tables. Pure functions: no I/O, no printing; every table is a pandas DataFrame."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ai_discourse.analysis.entities import (
    EntityCounts,
    entity_by_doc_table,
    entity_table,
    quote_table,
    quoted_terms_table,
)
from ai_discourse.analysis.keywords import KeywordCounts, keyword_table
from ai_discourse.analysis.overview import OverviewCounts, documents_table, overview
from ai_discourse.analysis.stance import StanceCounts, StanceResult, stance
from ai_discourse.analysis.summary import DocSummary, StanceSetup, summarize
from ai_discourse.analysis.tfidf import TermMatrix, tfidf_table
from ai_discourse.records import Doc, Note, Skipped
from ai_discourse.resources import Frames, Target, ToneLexicon

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Analysis",
    "DocSummary",
    "Reducer",
    "documents_table",
    "entity_by_doc_table",
    "entity_table",
    "keyword_table",
    "overview",
    "quote_table",
    "quoted_terms_table",
    "run",
    "stance",
    "summarize",
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


class Reducer:
    """The corpus tables, folded from per-document summaries in corpus order: what a run
    keeps in memory is what the tables need (counts per term and entity, a row per
    document, quote and attributed sentence), never a document's text or tokens."""

    def __init__(self, targets: Sequence[Target] = ()) -> None:
        self.targets = tuple(targets)
        self.overview = OverviewCounts()
        self.keywords = KeywordCounts()
        self.matrix = TermMatrix()
        self.entities = EntityCounts()
        self.stance = StanceCounts(targets) if targets else None
        self.quotes = 0
        self.bigkinds = 0

    def add(self, doc: DocSummary) -> None:
        self.overview.add(doc)
        self.keywords.add(doc)
        self.matrix.add(doc)
        self.entities.add(doc)
        if self.stance is not None:
            self.stance.add(doc)
        self.quotes += len(doc.quotes)
        self.bigkinds += doc.bigkinds

    def result(
        self,
        *,
        top: int | None = None,
        tfidf_top: int = 10,
        skipped: Sequence[Skipped] = (),
        duplicates: int = 0,
        notes: Sequence[Note] = (),
    ) -> Analysis:
        summary = self.overview.overview(len(self.keywords.tf))
        summary["skipped"] = len(skipped)
        summary["duplicates"] = duplicates
        summary["quotes"] = self.quotes
        summary["excluded"] = sum(n.count for n in notes if n.kind == "excluded")
        summary["bigkinds_documents"] = self.bigkinds
        result = self.stance.result() if self.stance is not None else None
        if result is not None:
            summary["distinctive_min_count"] = result.min_count
        return Analysis(
            overview=summary,
            documents=self.overview.documents(),
            keywords=self.keywords.table(
                top=max(KEYWORD_ROWS, top or 0), limit=max(KEYWORD_LIMIT, top or 0)
            ),
            tfidf=self.matrix.table(top=tfidf_top),
            entities=self.entities.entity_table(),
            entities_by_doc=self.entities.by_doc_table(),
            quotes=self.entities.quote_table(),
            quoted_terms=self.entities.quoted_terms_table(),
            stance=result,
            targets=tuple(t.name for t in self.targets),
            skipped=list(skipped),
            duplicates=duplicates,
            notes=list(notes),
        )


def run(
    docs: Iterable[Doc | DocSummary],
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
    """Compute every table from tokenized documents (or their summaries, made with the
    same targets); stance only when targets are given.

    The tables are complete (every document, entity, quote, stance row) except keywords:
    the first max(`top`, 100) terms and every further term seen twice, at most 5,000 rows
    (or `top`). `top` is how many rows a terminal will show; renderers cut, tables do not.
    `keep_verbal_nouns` should match the setting that made `Doc.terms` (it applies to the
    distinctive words, counted on the target's own tokens).
    """
    setup = StanceSetup(tuple(targets), tone, frames, stopwords, keep_verbal_nouns)
    reducer = Reducer(targets)
    for doc in docs:
        reducer.add(doc if isinstance(doc, DocSummary) else summarize(doc, setup))
    return reducer.result(
        top=top,
        tfidf_top=tfidf_top,
        skipped=skipped,
        duplicates=duplicates,
        notes=notes,
    )
