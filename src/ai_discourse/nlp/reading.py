"""What Kiwi and the name rules read of one article, kept so that a change of targets,
lexicons or stopwords never runs Kiwi again: the first level of the cache.

A `Reading` holds the article's sentences as a compact token stream and, for each
sentence, the names the rules scanned and the tagger's names, with the targets' spellings
they were read with. The rest of the per-document stage (the document's resolution of
names, consistency, targets, quotes, terms, attribution, tone, the summary) runs again
from it: fast, and without Kiwi.

Both name steps read one sentence at a time, so a stored sentence stays valid for other
targets unless it holds a spelling whose meaning changed (`affected`), or the document's
resolution now gives the tagger other mentions for it (the stage compares them): only
those sentences are read again. A run from a `Reading` therefore gives exactly what a run
from the text gives with the same settings.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ai_discourse.records import Mention, Part, Quote, QuotedTerm, Sentence, Token
from ai_discourse.resources import Target, phrase_key


@dataclass(frozen=True, slots=True)
class StoredSentence:
    """A sentence without its text (a slice of the article's text) and its tokens as
    columns: forms, tags, offsets from the sentence's start, the unknown words' places."""

    index: int
    start: int
    end: int
    part: Part
    forms: tuple[str, ...]
    tags: tuple[str, ...]
    bounds: tuple[int, ...]
    """start, end of each token, relative to the sentence's start, flattened."""
    oov: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class SentenceNames:
    """One sentence's names as read: by the rules' scan, and by the tagger from the
    mentions the document gave it (`found`, their digest: the key of `named`)."""

    scanned: tuple[Mention, ...]
    found: str
    named: tuple[Mention, ...]


@dataclass(frozen=True, slots=True)
class Reading:
    """An article as Kiwi and the name rules read it (see the module's docstring)."""

    sentences: tuple[StoredSentence, ...]
    names: tuple[SentenceNames, ...]
    spellings: tuple[tuple[str, str], ...]
    """The targets' spellings (phrase key, target) the names were read with."""
    signature: bytes
    quotes_for: str
    """The digest of the mentions the quotes were found among: they stand while the
    document's mentions are the same (`mentions_digest`)."""
    quotes: tuple[Quote, ...]
    quoted_terms: tuple[QuotedTerm, ...]


def store_sentence(sentence: Sentence) -> StoredSentence:
    base = sentence.start
    tokens = sentence.tokens
    bounds: list[int] = []
    for t in tokens:
        bounds += (t.start - base, t.end - base)
    return StoredSentence(
        sentence.index,
        sentence.start,
        sentence.end,
        sentence.part,
        tuple(t.form for t in tokens),
        tuple(t.tag for t in tokens),
        tuple(bounds),
        tuple(k for k, t in enumerate(tokens) if t.oov),
    )


def sentence_of(stored: StoredSentence, text: str) -> Sentence:
    base = stored.start
    bounds = stored.bounds
    flags = [False] * len(stored.forms)
    for k in stored.oov:
        flags[k] = True
    starts = [base + b for b in bounds[0::2]]
    ends = [base + b for b in bounds[1::2]]
    tokens = tuple(map(Token, stored.forms, stored.tags, starts, ends, flags))
    return Sentence(stored.index, text[stored.start : stored.end], stored.start, stored.end,
                    stored.part, tokens)  # fmt: skip


def spellings_of(targets: Iterable[Target]) -> dict[str, str]:
    """Each target spelling's phrase key and its target, as the gazetteer takes them (a
    later target wins a spelling two share)."""
    return {phrase_key(s): t.name for t in targets for s in t.spellings()}


def changed_spellings(
    read_with: Sequence[tuple[str, str]], now: Mapping[str, str]
) -> frozenset[str]:
    """The spellings whose target differs between a reading and this run."""
    before = dict(read_with)
    return frozenset(k for k in before.keys() | now.keys() if before.get(k) != now.get(k))


def may_hold(reading: Reading, text: str, changed: frozenset[str]) -> bool:
    """Whether any sentence of a reading may be `affected` by the changed spellings (one
    look at the whole document, before looking sentence by sentence)."""
    forms = (f for s in reading.sentences for f in s.forms)
    scanned = (m for names in reading.names for m in names.scanned)
    return _holds(text, forms, scanned, changed)


def affected(sentence: Sentence, scanned: Iterable[Mention], changed: frozenset[str]) -> bool:
    """Whether a sentence's names may read differently with the changed spellings: it
    holds one (in its text, squeezed as phrase keys are, or as a token's form), or a
    name scanned in it resolved to one. Erring on the side of reading again."""
    if not changed:
        return False
    return _holds(sentence.text, (t.form for t in sentence.tokens), scanned, changed)


def _holds(
    text: str, forms: Iterable[str], scanned: Iterable[Mention], changed: frozenset[str]
) -> bool:
    squeezed = phrase_key(text)
    if any(k in squeezed for k in changed):
        return True
    # A token's form may differ from the text (a user spelling merged, `Open AI` -> 오픈AI).
    joined = phrase_key("".join(forms))
    if any(k in joined for k in changed):
        return True
    return any(phrase_key(m.entity) in changed or phrase_key(m.surface) in changed for m in scanned)


def mentions_digest(mentions: Sequence[Mention]) -> str:
    """A digest of a document's mentions, every field: what its quotes were found among."""
    return hashlib.blake2b(repr(tuple(mentions)).encode(), digest_size=16).hexdigest()
