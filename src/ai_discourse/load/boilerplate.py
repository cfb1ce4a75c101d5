"""Corpus-level boilerplate: paragraphs that recur verbatim across many pages of one source.

A site's footer, subscription pitch or "기사제보" line is identical on every page it serves,
while an article's own text is not. Counting is by 8-byte hashes of normalised paragraphs
per source (one set per document, so a line repeated inside one page counts once): memory
grows with the number of distinct paragraphs, never with a second copy of the documents.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from ai_discourse.records import Article

MIN_DOCS = 3
MIN_SHARE = 0.5


def _hash(paragraph: str) -> int:
    digest = hashlib.blake2b(" ".join(paragraph.split()).encode("utf-8"), digest_size=8)
    return int.from_bytes(digest.digest(), "big")


def source_key(article: Article) -> str:
    """Pages of one source: the press or platform, else the folder the file came from."""
    if article.source:
        return article.source
    return f"{article.kind}:{Path(article.path.split('#', 1)[0]).parent}"


def _paragraphs(article: Article) -> set[int]:
    return {_hash(p) for p in (*article.deck, *article.body.split("\n\n")) if p.strip()}


@dataclass
class RecurringLines:
    """Count paragraphs per source in one pass (`add`), then strip the recurring (`clean`)."""

    min_docs: int = MIN_DOCS
    min_share: float = MIN_SHARE
    docs: Counter[str] = field(default_factory=Counter)
    counts: dict[str, Counter[int]] = field(default_factory=dict)
    _recurring: dict[str, frozenset[int]] | None = None

    def add(self, article: Article) -> None:
        """Count one article's distinct paragraphs under its source."""
        source = source_key(article)
        self.docs[source] += 1
        self.counts.setdefault(source, Counter()).update(_paragraphs(article))
        self._recurring = None

    def recurring(self, source: str) -> frozenset[int]:
        """Hashes of paragraphs in at least `min_docs` and `min_share` of the source's pages."""
        if self._recurring is None:
            self._recurring = {}
            for name, counter in self.counts.items():
                floor = max(self.min_docs, self.min_share * self.docs[name])
                self._recurring[name] = frozenset(h for h, n in counter.items() if n >= floor)
        return self._recurring.get(source, frozenset())

    def clean(self, article: Article) -> tuple[Article, int]:
        """The article without its source's recurring paragraphs, and how many went. An
        article that would be left empty is returned unchanged."""
        drop = self.recurring(source_key(article))
        if not drop:
            return article, 0
        body = [p for p in article.body.split("\n\n") if p.strip()]
        kept = [p for p in body if _hash(p) not in drop]
        deck = tuple(d for d in article.deck if _hash(d) not in drop)
        removed = len(body) - len(kept) + len(article.deck) - len(deck)
        if not removed or not kept:
            return article, 0
        return replace(article, body="\n\n".join(kept), deck=deck), removed


def strip_recurring(
    articles: list[Article], *, min_docs: int = MIN_DOCS, min_share: float = MIN_SHARE
) -> dict[str, tuple[int, int]]:
    """Remove recurring paragraphs from `articles` in place (each article replaced, never
    copied alongside): per source that lost some, (paragraphs removed, its documents)."""
    counter = RecurringLines(min_docs=min_docs, min_share=min_share)
    for article in articles:
        counter.add(article)
    removed: Counter[str] = Counter()
    for k, article in enumerate(articles):
        cleaned, n = counter.clean(article)
        if n:
            articles[k] = cleaned
            removed[source_key(article)] += n
    return {source: (n, counter.docs[source]) for source, n in removed.items()}
