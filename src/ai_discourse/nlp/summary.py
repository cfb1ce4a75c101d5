"""The per-document stage's result: what every table needs from one document, and
nothing else (no text, no tokens), small and picklable.

A `Doc` holds a document's tokens and sentences, hundreds of bytes per character. The
tables need far less: the document's metadata and sizes, its terms, the entity mentions
it counts, its quotes, the target mentions and the attributed sentences. `summarize`
keeps exactly that, so that a corpus of any size is reduced from summaries that worker
processes (or a cache on disk) produce, while the Docs are dropped as soon as they are
read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ai_discourse.nlp.attribution import Evidence
from ai_discourse.records import Mention, Quote, QuotedTerm
from ai_discourse.resources import Frames, Target, ToneLexicon


@dataclass(frozen=True)
class StanceSetup:
    """What attribution reads besides the document: the targets and the lexicons."""

    targets: tuple[Target, ...] = ()
    tone: ToneLexicon | None = None
    frames: Frames | None = None
    stopwords: frozenset[str] = frozenset()
    keep_verbal_nouns: bool = False


@dataclass(frozen=True, slots=True)
class DocSummary:
    """One document as the tables see it."""

    id: str
    kind: str
    path: str
    source: str | None
    date: str | None
    author: str | None
    title: str
    url: str | None
    chars: int
    sentences: int
    tokens: int
    captions: int
    terms: tuple[str, ...]
    mentions: tuple[Mention, ...]
    """The mentions in the text proper (captions left out), bare references included
    (see `Mention.named`)."""
    quotes: tuple[Quote, ...]
    quoted_terms: tuple[QuotedTerm, ...]
    target_mentions: tuple[tuple[str, int], ...] = ()
    """Mentions of each target in the text proper (captions left out)."""
    evidence: tuple[Evidence, ...] = ()
    bigkinds: bool = False
    """Read from a BigKinds export (its own keyword columns kept in the article's meta)."""
    sentence_terms: tuple[tuple[str, ...], ...] = ()
    """The distinct terms of each content sentence (the semantic network's input)."""
    noun_runs: tuple[tuple[str, ...], ...] = ()
    """Runs of adjacent nouns (see `nlp.kiwi.noun_runs`): compound-term candidates."""
    signature: bytes = b""
    """MinHash signature of the body (see `neardup.signature`)."""
    meta: tuple[tuple[str, str], ...] = ()
    """The article's short metadata fields (for grouping by `meta.FIELD`)."""

    @property
    def n_terms(self) -> int:
        return len(self.terms)


META_VALUE_LIMIT = 200
"""Longer metadata values (BigKinds keyword lists, full texts) are no grouping key."""


def short_meta(meta: Mapping[str, object]) -> tuple[tuple[str, str], ...]:
    """The metadata fields that can group documents: scalar values, short as text."""
    fields = []
    for key, value in meta.items():
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            text = str(value).strip()
            if text and len(text) <= META_VALUE_LIMIT:
                fields.append((str(key), text))
    return tuple(sorted(fields))
