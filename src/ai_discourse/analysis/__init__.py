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
from ai_discourse.analysis.tfidf import TermMatrix, tfidf_table
from ai_discourse.analysis.trends import TrendCounts
from ai_discourse.nlp.summary import DocSummary, StanceSetup, summarize
from ai_discourse.records import Doc, Note, Skipped
from ai_discourse.resources import Frames, Target, ToneLexicon

if TYPE_CHECKING:
    import pandas as pd

    from ai_discourse.analysis.network import NetworkOptions, NetworkResult
    from ai_discourse.analysis.topics import TopicOptions, TopicResult

__all__ = [
    "Analysis",
    "Depth",
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
KEYNESS_ROWS = 100
"""Key terms per group in keyness.csv (more with a larger `top`)."""
COMPOUND_ROWS = 500
"""Compound terms in terms.csv (more with a larger `top`)."""


@dataclass(frozen=True)
class Depth:
    """Which of the corpus-level analyses beyond the basic tables a run computes, and
    how (`analyze` computes trends, the network and the near-duplicates; the other
    commands add theirs). None switches one off."""

    trends: str | None = "month"
    """The trend period: day, week or month."""
    trend_keywords: int = 0
    """Top keywords per period (0: none)."""
    network: bool = True
    network_options: NetworkOptions | None = None
    """The semantic network's thresholds and measures (None: the defaults)."""
    near_duplicates: float | None = 0.5
    """Estimated Jaccard similarity that makes two documents near-duplicates."""
    collapse: bool = False
    """Count each near-duplicate cluster once: only its first document is analysed."""
    keyness: str | None = None
    """Group documents by kind, source, month, target or meta.FIELD for keyness."""
    keyness_min: int = 5
    topics: TopicOptions | None = None
    compounds: int = 0
    """Minimum count of a compound term (0: no compound terms)."""


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
    trends: pd.DataFrame | None = None
    trend_keywords: pd.DataFrame | None = None
    network: NetworkResult | None = None
    near_duplicates: pd.DataFrame | None = None
    keyness: pd.DataFrame | None = None
    topics: TopicResult | None = None
    terms: pd.DataFrame | None = None
    select: tuple[str, ...] | None = None
    """Export only these tables (a command about one analysis); None: all of them."""

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
        optional = {
            "trends": self.trends,
            "trend_keywords": self.trend_keywords,
            "near_duplicates": self.near_duplicates,
            "keyness": self.keyness,
            "terms": self.terms,
        }
        if self.network is not None:
            optional |= {
                "network_nodes": self.network.nodes,
                "network_edges": self.network.edges,
                "network_ego": self.network.ego,
            }
        if self.topics is not None:
            optional |= {
                "topics": self.topics.topics,
                "topic_documents": self.topics.representative,
                "doc_topics": self.topics.documents,
                "topic_shares": self.topics.shares,
            }
        tables |= {name: table for name, table in optional.items() if table is not None}
        if self.select is not None:
            tables = {name: table for name, table in tables.items() if name in self.select}
        return tables


class Reducer:
    """The corpus tables, folded from per-document summaries in corpus order: what a run
    keeps in memory is what the tables need (counts per term and entity, a row per
    document, quote and attributed sentence), never a document's text or tokens."""

    def __init__(self, targets: Sequence[Target] = (), depth: Depth | None = None) -> None:
        from ai_discourse.analysis.neardup import NearDuplicates

        self.targets = tuple(targets)
        self.depth = depth = depth or Depth()
        self.overview = OverviewCounts()
        self.keywords = KeywordCounts()
        self.matrix = TermMatrix()
        self.entities = EntityCounts()
        self.stance = StanceCounts(targets) if targets else None
        self.quotes = 0
        self.bigkinds = 0
        self.collapsed = 0
        names = [t.name for t in self.targets]
        self.trends = (
            TrendCounts(names, by=depth.trends, keywords=depth.trend_keywords)
            if depth.trends
            else None
        )
        self.near = (
            NearDuplicates(threshold=depth.near_duplicates)
            if depth.near_duplicates is not None
            else None
        )
        self.network = None
        if depth.network:
            from ai_discourse.analysis.network import CooccurrenceCounts

            self.network = CooccurrenceCounts()
        self.keyness = None
        if depth.keyness:
            from ai_discourse.analysis.keyness import KeynessCounts

            self.keyness = KeynessCounts(depth.keyness)
        self.topic_docs = None
        if depth.topics is not None:
            from ai_discourse.analysis.topics import TopicDocs

            self.topic_docs = TopicDocs(by=depth.topics.by)
        self.compounds = None
        if depth.compounds:
            from ai_discourse.analysis.terms import CompoundCounts

            self.compounds = CompoundCounts()

    def add(self, doc: DocSummary) -> None:
        if self.near is not None and doc.signature:
            earlier = self.near.add(doc.id, doc.signature)
            if earlier is not None and self.depth.collapse:
                self.collapsed += 1
                return  # one story counts once: its first document speaks for it
        self.overview.add(doc)
        self.keywords.add(doc)
        self.matrix.add(doc)
        self.entities.add(doc)
        if self.stance is not None:
            self.stance.add(doc)
        self.quotes += len(doc.quotes)
        self.bigkinds += doc.bigkinds
        if self.trends is not None:
            self.trends.add(doc)
        if self.network is not None:
            self.network.add(doc.sentence_terms)
        if self.keyness is not None:
            self.keyness.add(doc)
        if self.topic_docs is not None:
            self.topic_docs.add(doc)
        if self.compounds is not None:
            self.compounds.add(doc.noun_runs)

    def result(
        self,
        *,
        top: int | None = None,
        tfidf_top: int = 10,
        skipped: Sequence[Skipped] = (),
        duplicates: int = 0,
        notes: Sequence[Note] = (),
    ) -> Analysis:
        depth = self.depth
        summary = self.overview.overview(len(self.keywords.tf))
        summary["skipped"] = len(skipped)
        summary["duplicates"] = duplicates
        summary["quotes"] = self.quotes
        summary["excluded"] = sum(n.count for n in notes if n.kind == "excluded")
        summary["bigkinds_documents"] = self.bigkinds
        result = self.stance.result() if self.stance is not None else None
        if result is not None:
            summary["distinctive_min_count"] = result.min_count
        analysis = Analysis(
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
        if self.near is not None:
            analysis.near_duplicates = self.near.table()
            clusters = analysis.near_duplicates
            summary["near_duplicate_clusters"] = int(clusters["cluster"].nunique())
            summary["near_duplicate_documents"] = len(clusters)
            summary["near_duplicates_collapsed"] = self.collapsed
        if self.trends is not None:
            analysis.trends = self.trends.table()
            if depth.trend_keywords:
                analysis.trend_keywords = self.trends.keyword_table()
        if self.network is not None:
            from ai_discourse.analysis.network import NetworkOptions

            try:
                analysis.network = self.network.result(
                    depth.network_options or NetworkOptions(), targets=analysis.targets
                )
            finally:
                self.network.close()
        if self.keyness is not None:
            analysis.keyness = self.keyness.table(
                top=max(KEYNESS_ROWS, top or 0), min_count=depth.keyness_min
            )
        if self.topic_docs is not None and depth.topics is not None:
            from ai_discourse.analysis.topics import topics

            analysis.topics = topics(self.matrix, self.topic_docs, depth.topics)
        if self.compounds is not None:
            analysis.terms = self.compounds.table(
                self.keywords.tf,
                sum(self.keywords.tf.values()),
                min_count=depth.compounds,
                top=max(COMPOUND_ROWS, top or 0),
            )
        return analysis


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
    depth: Depth | None = None,
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
    reducer = Reducer(targets, depth)
    for doc in docs:
        reducer.add(doc if isinstance(doc, DocSummary) else summarize(doc, setup))
    return reducer.result(
        top=top,
        tfidf_top=tfidf_top,
        skipped=skipped,
        duplicates=duplicates,
        notes=notes,
    )
