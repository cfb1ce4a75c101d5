"""Docs -> tables. Pure functions: no I/O, no printing; every table is a pandas DataFrame."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ai_discourse.records import Doc, Skipped

from .keywords import keyword_table
from .overview import documents_table, overview
from .tfidf import tfidf_table

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Analysis", "documents_table", "keyword_table", "overview", "run", "tfidf_table"]


@dataclass
class Analysis:
    """Everything one run computed: the tables the CLI renders and exports."""

    overview: dict[str, Any]
    documents: pd.DataFrame
    keywords: pd.DataFrame
    tfidf: pd.DataFrame
    skipped: list[Skipped] = field(default_factory=list)
    duplicates: int = 0

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by export name (`documents` -> documents.csv …)."""
        return {"documents": self.documents, "keywords": self.keywords, "tfidf": self.tfidf}


def run(
    docs: Sequence[Doc],
    *,
    top: int = 30,
    tfidf_top: int = 10,
    skipped: Sequence[Skipped] = (),
    duplicates: int = 0,
) -> Analysis:
    """Compute every table from tokenized documents."""
    summary = overview(docs)
    summary["skipped"] = len(skipped)
    summary["duplicates"] = duplicates
    return Analysis(
        overview=summary,
        documents=documents_table(docs),
        keywords=keyword_table(docs, top=top),
        tfidf=tfidf_table(docs, top=tfidf_top),
        skipped=list(skipped),
        duplicates=duplicates,
    )
