"""The per-document stage: each document through an explicit, ordered list of components.

    kiwi → entities → names → consistency → targets → quotes → terms │
    attribution → tone → signature → summary
    (the first seven make the Doc, `annotate`; the last four the DocSummary, `summarize`)

Kiwi reads the articles in batches, on its own threads; every document it returns goes
through `COMPONENTS` in order, each filling in its part of the document's `Work` and
reading only the files of data/ it names (`entities` holds the hand rules, `names` the
learned tagger that checks and completes them, `consistency` gives each name one
reading per article, `targets` keeps a tracked company's mentions where the text is
about it). The first seven make the `Doc` that every reader of tokens shares (the
concordance, the Python API) and what the token cache keeps of it (`nlp.reading`: from
it, `reread` runs them again without Kiwi); the last four reduce it to the
`DocSummary` the analyses fold. The engine runs this stage (in this process, in worker
processes or on dask); nothing here imports the corpus layer (`analysis/`).
"""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from ai_discourse.nlp import party_tone
from ai_discourse.nlp.attribution import (
    Attribution,
    attribute_sentences,
    evidence_of,
    with_tone,
)
from ai_discourse.nlp.consistency import consistent
from ai_discourse.nlp.entities import resolve, scan_sentence
from ai_discourse.nlp.kiwi import Lexicon, compose, noun_runs, sentence_terms, sentences_of
from ai_discourse.nlp.names import refine_sentence
from ai_discourse.nlp.quotes import find_quotes
from ai_discourse.nlp.reading import (
    Reading,
    SentenceNames,
    affected,
    changed_spellings,
    may_hold,
    mentions_digest,
    sentence_of,
    store_sentence,
)
from ai_discourse.nlp.signature import signature
from ai_discourse.nlp.summary import DocSummary, StanceSetup, short_meta
from ai_discourse.nlp.targets import in_context
from ai_discourse.nlp.tone_model import shipped
from ai_discourse.records import Article, Doc, Mention, Part, Quote, QuotedTerm, Sentence
from ai_discourse.resources import Frames, ToneLexicon


@dataclass
class Work:
    """One document as the components fill it in, in their order."""

    article: Article
    text: str
    spans: list[tuple[int, int, Part]] = field(default_factory=list)
    """The text's parts (title, deck, body, captions) and where each lies."""
    kiwi: Any = None
    """Kiwi's sentences of `text`, as Kiwi returned them."""
    sentences: tuple[Sentence, ...] = ()
    reading: Reading | None = None
    """What an earlier run read of the article (the token cache): the sentences came from
    it, and each sentence's names are taken from it where they still hold."""
    scanned: list[tuple[Mention, ...]] = field(default_factory=list)
    """The names the rules scanned in each sentence."""
    names: list[SentenceNames] = field(default_factory=list)
    """Each sentence's names, as the reading stores them."""
    changed: list[bool] = field(default_factory=list)
    """Each sentence of the reading: whether its names may read differently now."""
    quotes_for: str = ""
    """The digest of the mentions the quotes were found among (see `mentions_digest`)."""
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    quoted_terms: tuple[QuotedTerm, ...] = ()
    sentence_terms: tuple[tuple[str, ...], ...] = ()
    doc: Doc | None = None
    """The Doc, once the first half has run (or the one `summarize` was given)."""
    attributions: list[Attribution] = field(default_factory=list)
    signature: bytes = b""
    summary: DocSummary | None = None

    @classmethod
    def of(cls, doc: Doc) -> Work:
        """The work of a document already tokenized (the second half runs on it)."""
        return cls(
            article=doc.article,
            text=doc.text,
            sentences=doc.sentences,
            mentions=doc.mentions,
            quotes=doc.quotes,
            quoted_terms=doc.quoted_terms,
            sentence_terms=doc.sentence_terms,
            doc=doc,
        )

    def stored(self, spellings: tuple[tuple[str, str], ...]) -> Reading:
        """What the first level of the cache keeps of this work (once summarized: the
        signature is the summary's)."""
        return Reading(
            tuple(store_sentence(s) for s in self.sentences),
            tuple(self.names),
            spellings,
            self.signature,
            self.quotes_for,
            self.quotes,
            self.quoted_terms,
        )

    def made_doc(self) -> Doc:
        """The Doc of the first half's results."""
        if self.doc is None:
            self.doc = Doc(
                article=self.article,
                text=self.text,
                sentences=self.sentences,
                terms=tuple(term for terms in self.sentence_terms for term in terms),
                mentions=self.mentions,
                quotes=self.quotes,
                quoted_terms=self.quoted_terms,
                sentence_terms=self.sentence_terms,
            )
        return self.doc


Reads = TypeVar("Reads", Lexicon, StanceSetup)


@dataclass(frozen=True)
class Component(Generic[Reads]):
    """One step of the stage: its name, the files of data/ it reads (a user's own files
    given in the settings stand in for them or join them), and what it does to a
    document's work, given what it reads (the run's `Lexicon` or `StanceSetup`)."""

    name: str
    data: tuple[str, ...]
    run: Callable[[Work, Reads], None]


# --- the Doc -------------------------------------------------------------------------------


def _kiwi(work: Work, lexicon: Lexicon) -> None:
    """Sentences and tokens from Kiwi's analysis, with the user's spellings merged."""
    work.sentences = tuple(
        sentences_of(work.kiwi, work.spans, work.text, lexicon.canonical, lexicon.prefixes)
    )
    work.kiwi = None  # Kiwi's own objects are large: the sentences hold what is needed


def _entities(work: Work, lexicon: Lexicon) -> None:
    """People, organisations and places, resolved to canonical names."""
    reading = work.reading
    changed = changed_spellings(reading.spellings, lexicon.spellings) if reading else frozenset()
    # The whole document first: most hold no spelling whose target changed.
    look = reading is not None and bool(changed) and may_hold(reading, work.text, changed)
    work.scanned = []
    work.changed = []
    for k, sentence in enumerate(work.sentences):
        if reading is not None:
            kept = reading.names[k].scanned
            work.changed.append(look and affected(sentence, kept, changed))
            if not work.changed[k]:
                work.scanned.append(kept)
                continue
        work.scanned.append(scan_sentence(sentence, work.text, lexicon.gazetteer))
    work.mentions = resolve([m for found in work.scanned for m in found])


def _names(work: Work, lexicon: Lexicon) -> None:
    """The rules' names checked and completed by the learned tagger, a sentence at a time
    (a stored sentence's names are kept when the tagger would be given the same)."""
    reading = work.reading
    if reading is not None and not any(work.changed):
        # Every sentence scanned as read, so the document resolves them as it did: the
        # tagger would be given what it was given.
        work.names = list(reading.names)
        work.mentions = tuple(m for names in work.names for m in names.named)
        return
    by_sentence: dict[int, list[Mention]] = {}
    for m in work.mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    work.names = []
    for k, sentence in enumerate(work.sentences):
        found = tuple(by_sentence.get(sentence.index, ()))
        given = mentions_digest(found)
        if reading is not None:
            kept = reading.names[k]
            if kept.found == given and not work.changed[k]:
                work.names.append(kept)
                continue
        named = refine_sentence(
            sentence, work.text, found, lexicon.gazetteer, lexicon.names_model, lexicon.names
        )
        work.names.append(SentenceNames(work.scanned[k], given, named))
    work.mentions = tuple(m for names in work.names for m in names.named)


def _consistency(work: Work, lexicon: Lexicon) -> None:
    """Short forms linked back to their names, and one type per name in the article."""
    work.mentions = consistent(work.mentions, work.sentences, work.text)


def _targets(work: Work, lexicon: Lexicon) -> None:
    """Mentions of tracked targets kept only where the text is about them."""
    work.mentions = in_context(work.mentions, work.text, work.sentences, lexicon.targets)


def _quotes(work: Work, lexicon: Lexicon) -> None:
    """Direct quotes with their speakers, and quoted terms that are no speech (the
    reading's, when the names they were found among are the same)."""
    work.quotes_for = mentions_digest(work.mentions)
    reading = work.reading
    if reading is not None and reading.quotes_for == work.quotes_for:
        work.quotes, work.quoted_terms = reading.quotes, reading.quoted_terms
        return
    gazetteer = lexicon.gazetteer
    work.quotes, work.quoted_terms = find_quotes(
        work.sentences,
        work.text,
        work.mentions,
        roles=gazetteer.roles,
        titles=gazetteer.titles,
        org_endings=gazetteer.org_suffixes,
        places=gazetteer.places,
    )


def _terms(work: Work, lexicon: Lexicon) -> None:
    """The content terms of each sentence, stopwords left out."""
    work.sentence_terms = sentence_terms(
        work.sentences, lexicon.stopwords, keep_verbal_nouns=lexicon.keep_verbal_nouns
    )


DOC_COMPONENTS: tuple[Component[Lexicon], ...] = (
    Component("kiwi", ("userdict.tsv",), _kiwi),
    Component(
        "entities",
        ("entities.toml", "institutions.toml", "places.txt", "entity_words.txt", "org_endings.txt"),
        _entities,
    ),
    Component("names", ("names.crfsuite",), _names),
    Component("consistency", (), _consistency),
    Component("targets", ("targets.toml",), _targets),
    Component("quotes", ("quote_words.txt", "org_endings.txt", "entities.toml"), _quotes),
    Component("terms", ("stopwords.txt",), _terms),
)


# --- the summary ---------------------------------------------------------------------------


def _attribution(work: Work, setup: StanceSetup) -> None:
    """Each sentence's share about each target: by mention, clause or context."""
    if setup.targets:
        work.attributions = attribute_sentences(
            work.made_doc(), setup.targets, setup.tone or ToneLexicon(), setup.frames or Frames()
        )


def _tone(work: Work, setup: StanceSetup) -> None:
    """The tone cues of each attributed sentence's own tokens, and the learned layer's
    label for it."""
    if work.attributions:
        work.attributions = with_tone(
            work.attributions,
            work.made_doc(),
            setup.tone or ToneLexicon(),
            shipped(),
            party_tone.shipped(),
        )


def _signature(work: Work, setup: StanceSetup) -> None:
    """The MinHash signature of the body, for near-duplicates (the reading's, if any)."""
    work.signature = work.reading.signature if work.reading else signature(work.article.body)


def _summary(work: Work, setup: StanceSetup) -> None:
    """What the tables need of the document, and nothing else."""
    doc = work.made_doc()
    parts = {s.index: s.part for s in doc.sentences}
    proper = [m for m in doc.mentions if parts.get(m.sentence) != "caption"]
    evidence = tuple(
        evidence_of(
            work.attributions,
            doc,
            setup.targets,
            stopwords=setup.stopwords,
            keep_verbal_nouns=setup.keep_verbal_nouns,
        )
    )
    targets: tuple[tuple[str, int], ...] = ()
    if setup.targets:
        targets = tuple(sorted(Counter(m.target for m in proper if m.target).items()))
    article = doc.article
    work.summary = DocSummary(
        id=doc.id,
        kind=article.kind,
        path=article.path,
        source=article.source,
        date=article.date,
        author=article.author,
        title=article.label,
        url=article.url,
        chars=len(article.body),
        sentences=len(doc.content_sentences),
        tokens=doc.n_tokens,
        captions=len(article.captions),
        terms=doc.terms,
        mentions=tuple(proper),
        quotes=doc.quotes,
        quoted_terms=doc.quoted_terms,
        target_mentions=targets,
        evidence=evidence,
        bigkinds="bigkinds" in article.meta,
        sentence_terms=tuple(tuple(dict.fromkeys(terms)) for terms in doc.sentence_terms),
        noun_runs=noun_runs(doc.content_sentences, doc.text),
        signature=work.signature,
        meta=short_meta(article.meta),
    )


SUMMARY_COMPONENTS: tuple[Component[StanceSetup], ...] = (
    Component("attribution", ("targets.toml", "frames.toml", "tone_lexicon.tsv"), _attribution),
    Component("tone", ("tone_lexicon.tsv", "tone_model.json"), _tone),
    Component("signature", (), _signature),
    Component("summary", (), _summary),
)

_AFTER_KIWI = tuple(c for c in DOC_COMPONENTS if c.name != "kiwi")
"""What runs again from a reading of the token cache."""

COMPONENTS: tuple[Component[Any], ...] = (*DOC_COMPONENTS, *SUMMARY_COMPONENTS)
"""The whole stage, in order."""


# --- running it ------------------------------------------------------------------------------

_SPENT: dict[str, float] = {}
_timing = False


def time_components() -> None:
    """From now on, count the CPU seconds this process's thread spends in each component
    (for `benchmarks/throughput.py`: where a regression happens). Off by default: reading
    a thread's clock is a system call on some machines."""
    global _timing
    _timing = True


def component_seconds() -> dict[str, float]:
    """CPU seconds spent in each component since `time_components` (Kiwi's own threads
    not included)."""
    return {c.name: _SPENT.get(c.name, 0.0) for c in COMPONENTS}


def _run(components: tuple[Component[Reads], ...], work: Work, reads: Reads) -> None:
    if not _timing:
        for component in components:
            component.run(work, reads)
        return
    for component in components:
        started = time.thread_time()
        component.run(work, reads)
        spent = time.thread_time() - started
        _SPENT[component.name] = _SPENT.get(component.name, 0.0) + spent


def annotate(
    articles: Iterable[Article],
    *,
    lexicon: Lexicon,
    on_doc: Callable[[Doc], None] | None = None,
) -> Iterator[Doc]:
    """Tokenize articles with Kiwi's batch API (worker threads) and run the first half of
    the stage on each: Docs in input order, with their terms, entity mentions, quotes and
    quoted terms.

    Articles are pulled lazily, so memory is bounded by Kiwi's batch, not by the corpus.
    """
    for work in read(articles, lexicon=lexicon):
        doc = work.made_doc()
        if on_doc:
            on_doc(doc)
        yield doc


def read(articles: Iterable[Article], *, lexicon: Lexicon) -> Iterator[Work]:
    """`annotate`'s work on each article, in input order (what the engine summarizes and
    keeps in the token cache)."""
    pending: deque[Work] = deque()

    def texts() -> Iterator[str]:
        for article in articles:
            text, spans = compose(article)
            pending.append(Work(article, text, spans))
            yield text

    results: Any = lexicon.kiwi.split_into_sents(
        texts(), return_tokens=True, return_sub_sents=False
    )
    for kiwi_sents in results:
        work = pending.popleft()
        work.kiwi = kiwi_sents
        _run(DOC_COMPONENTS, work, lexicon)
        work.made_doc()
        yield work


def reread(article: Article, reading: Reading, *, lexicon: Lexicon) -> Work:
    """The first half of the stage from what an earlier run read (the token cache), with
    this run's lexicon: no Kiwi, and the names read again only where they may differ."""
    text, spans = compose(article)
    work = Work(article, text, spans, reading=reading)
    work.sentences = tuple(sentence_of(s, text) for s in reading.sentences)
    _run(_AFTER_KIWI, work, lexicon)
    work.made_doc()
    return work


def summarize(doc: Doc, setup: StanceSetup | None = None) -> DocSummary:
    """The second half of the stage: the summary of one document (with its attributions
    when targets are given)."""
    return summarize_work(Work.of(doc), setup)


def summarize_work(work: Work, setup: StanceSetup | None = None) -> DocSummary:
    """`summarize` of a work the first half has just done."""
    _run(SUMMARY_COMPONENTS, work, setup or StanceSetup())
    assert work.summary is not None
    return work.summary
