"""The records that flow through the pipeline: Article (from load) and Doc (from nlp)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Kind = Literal["news", "blog", "unknown"]
Part = Literal["title", "deck", "body", "caption"]


@dataclass(frozen=True, slots=True)
class Caption:
    """An image caption, kept apart from the body, with its credit (사진=뉴스1)."""

    text: str
    credit: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """One news article or blog post, cleaned of its page's boilerplate. Built only by `load`."""

    id: str
    path: str
    kind: Kind
    source: str | None
    title: str | None
    date: str | None
    author: str | None
    url: str | None
    body: str
    deck: tuple[str, ...] = ()
    captions: tuple[Caption, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @classmethod
    def plain(cls, body: str, *, id: str = "text", kind: Kind = "unknown") -> Article:
        """An article that is only text (no page, no metadata), for scripts and tests."""
        return cls(
            id=id,
            path=f"<{id}>",
            kind=kind,
            source=None,
            title=None,
            date=None,
            author=None,
            url=None,
            body=body,
        )

    @property
    def label(self) -> str:
        """A short human label: the title, else the first deck line, else the file name."""
        if self.title:
            return self.title
        if self.deck:
            return self.deck[0]
        return Path(self.path).name if self.path else self.id

    def parts(self) -> list[tuple[Part, str]]:
        """The text Kiwi reads, in reading order: title, deck lines, body paragraphs, and
        last the captions (read for names, e.g. who `이 교수` is; never counted as content)."""
        out: list[tuple[Part, str]] = []
        if self.title:
            out.append(("title", self.title))
        out.extend(("deck", line) for line in self.deck)
        out.extend(("body", p) for p in self.body.split("\n\n") if p.strip())
        out.extend(("caption", c.text) for c in self.captions if c.text.strip())
        return out


@dataclass(frozen=True, slots=True)
class Token:
    """A Kiwi morpheme: surface form, POS tag and character span in `Doc.text`."""

    form: str
    tag: str
    start: int
    end: int
    oov: bool = False
    """Not in Kiwi's dictionary (typical of personal names): a hint for entity patterns."""


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence with its morphemes; `start`/`end` are offsets into `Doc.text`."""

    index: int
    text: str
    start: int
    end: int
    part: Part
    tokens: tuple[Token, ...]


EntityType = Literal["ORG", "PER", "LOC"]


@dataclass(frozen=True, slots=True)
class Mention:
    """A named entity in a sentence, resolved to its canonical name (카이스트 -> 한국과학기술원)."""

    entity: str
    type: EntityType
    sentence: int
    start: int
    end: int
    surface: str
    title: str | None = None
    affiliation: str | None = None
    target: str | None = None
    """The tracked target (data/targets.toml) this mention names, if any."""
    how: str = "gazetteer"
    """What found it: gazetteer, title (name + title), suffix (…전자), context (company
    words nearby), lexicon (a proper noun Kiwi knows), name (a name-shaped proper noun),
    place (the place lexicon or a place ending), acronym (`KBS가`), reference (a surname and
    a title, `박 씨`, whose full name the document never gives)."""

    @property
    def named(self) -> bool:
        """Whether the mention names an entity, not a bare reference to a person the
        document never names (`박 씨`, `C씨`, `이모 씨`): someone in that document, listed
        with its entities, but no one across documents (the corpus tables leave it out)."""
        return self.how != "reference"


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quote with its speaker (resolved: `김 교수` -> 김기응) and speech verb."""

    text: str
    speaker: str | None
    title: str | None
    affiliation: str | None
    verb: str | None
    sentence: int
    start: int
    end: int
    speaker_type: str | None = None
    """PER, ORG, LOC (a country or city speaking as its government) or ROLE (관계자, 대변인)."""
    surface: str | None = None
    """The speaker as the text writes it (`윤 대통령`, `외교부 대변인`)."""
    how: str = ""
    """How the speaker was found: subject, role, title, pronoun, continued, source,
    answer, after, introduced, headline (see ai_discourse.nlp.quotes)."""


@dataclass(frozen=True, slots=True)
class QuotedTerm:
    """A short span in quotes that is no speech: a term, a nickname, a title, a scare quote
    (`"재팬 패싱"`, `"초격차" 전략`). Kept apart from the quotes: the words a text puts at a
    distance are part of how it frames a story."""

    text: str
    sentence: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Doc:
    """An article after tokenization; every analysis reads these tokens, none re-tokenizes."""

    article: Article
    text: str
    sentences: tuple[Sentence, ...]
    terms: tuple[str, ...]
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    quoted_terms: tuple[QuotedTerm, ...] = ()
    sentence_terms: tuple[tuple[str, ...], ...] = ()
    """`terms` cut by content sentence (captions left out), for co-occurrence."""

    @property
    def content_sentences(self) -> tuple[Sentence, ...]:
        """Title, deck and body sentences: the captions are left out of every count."""
        return tuple(s for s in self.sentences if s.part != "caption")

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def n_tokens(self) -> int:
        return sum(len(s.tokens) for s in self.content_sentences)


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that could not be used, with the reason and what to try."""

    path: str
    reason: str
    hint: str | None = None

    def message(self) -> str:
        text = f"{self.path}: {self.reason}"
        return f"{text} ({self.hint})" if self.hint else text


@dataclass(frozen=True, slots=True)
class Note:
    """Something the user should know about an input that is not an error (BigKinds rows
    left out as 분석제외, truncated bodies). `kind="warning"` marks what went wrong but
    did not stop the run (a damaged cache, a malformed resource line): the command line
    prints it as `warning: …`."""

    path: str
    message: str
    count: int = 0
    kind: str = ""

    def text(self) -> str:
        return f"{self.path}: {self.message}"
