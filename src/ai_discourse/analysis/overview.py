"""Corpus overview: what was analysed (documents, kinds, sources, dates, sizes)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ai_discourse.records import Doc

if TYPE_CHECKING:
    import pandas as pd


def documents_table(docs: Sequence[Doc]) -> pd.DataFrame:
    """One row per document: metadata and sizes (characters, sentences, tokens, terms)."""
    import pandas as pd

    rows = [
        {
            "doc_id": d.id,
            "path": d.article.path,
            "kind": d.article.kind,
            "source": d.article.source,
            "date": d.article.date,
            "author": d.article.author,
            "title": d.article.label,
            "url": d.article.url,
            "chars": len(d.article.body),
            "sentences": len(d.content_sentences),
            "tokens": d.n_tokens,
            "terms": len(d.terms),
            "captions": len(d.article.captions),
        }
        for d in docs
    ]
    columns = [
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
    return pd.DataFrame(rows, columns=columns)


def overview(docs: Sequence[Doc]) -> dict[str, Any]:
    """Totals for the whole corpus, as plain JSON-ready values."""
    dates = sorted(d.article.date for d in docs if d.article.date)
    return {
        "documents": len(docs),
        "kinds": dict(sorted(Counter(d.article.kind for d in docs).items())),
        "sources": dict(sorted(Counter(d.article.source or "?" for d in docs).items())),
        "date_min": dates[0] if dates else None,
        "date_max": dates[-1] if dates else None,
        "characters": sum(len(d.article.body) for d in docs),
        "sentences": sum(len(d.content_sentences) for d in docs),
        "tokens": sum(d.n_tokens for d in docs),
        "terms": sum(len(d.terms) for d in docs),
        "vocabulary": len({t for d in docs for t in d.terms}),
    }
