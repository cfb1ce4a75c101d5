"""One document at a time: Kiwi's sentences and tokens, entity mentions, quotes,
attribution and tone, reduced to a summary (the stage: `nlp.stage`).

The names below load on first use: importing a small module of this package (the
signature of near-duplicates, the tag sets) never loads the rules."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ai_discourse.nlp.kiwi import Lexicon, get_kiwi, load_canonical, load_stopwords
    from ai_discourse.nlp.stage import annotate, summarize

__all__ = ["Lexicon", "annotate", "get_kiwi", "load_canonical", "load_stopwords", "summarize"]

_HOMES = {
    "Lexicon": "kiwi",
    "get_kiwi": "kiwi",
    "load_canonical": "kiwi",
    "load_stopwords": "kiwi",
    "annotate": "stage",
    "summarize": "stage",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{home}"), name)
