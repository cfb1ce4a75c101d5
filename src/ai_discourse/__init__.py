"""ai-discourse: a Korean news-and-blog corpus analyzer.

    >>> import ai_discourse
    >>> result = ai_discourse.analyze(["seeds/"])
    >>> result.keywords.head()

Heavy libraries (kiwipiepy, pandas, scikit-learn) load on first use, not on import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ai_discourse.version import __version__

__all__ = [
    "Analysis",
    "Article",
    "Depth",
    "Doc",
    "Settings",
    "__version__",
    "analyze",
    "entities",
    "kwic",
    "load_corpus",
    "quotes",
    "tone",
]

if TYPE_CHECKING:
    from .analysis import Analysis, Depth
    from .api import entities, quotes, tone
    from .config import Settings
    from .load import load_corpus
    from .pipeline import analyze, kwic
    from .records import Article, Doc

_LAZY = {
    "Analysis": "analysis",
    "Settings": "config",
    "load_corpus": "load",
    "analyze": "pipeline",
    "kwic": "pipeline",
    "Depth": "analysis",
    "Article": "records",
    "Doc": "records",
    "tone": "api",
    "entities": "api",
    "quotes": "api",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
