"""load -> annotate -> analyse, in one call: what `ai-discourse analyze` and the API run.

The articles stream: read twice from disk (see `CorpusStream`), summarized by the engine
(in this process or in workers, or read from the cache), and folded into the tables one
summary at a time. Neither the corpus nor its tokens are ever held whole.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ai_discourse import analysis
from ai_discourse.analysis.registry import resolve
from ai_discourse.analysis.spec import Plan
from ai_discourse.analysis.stored import NotStorable, decode, encode
from ai_discourse.cache import DEFAULT_MAX_BYTES
from ai_discourse.config import Settings
from ai_discourse.engine import Engine
from ai_discourse.errors import NoInputError, StrictInputError
from ai_discourse.load import Corpus, CorpusStream, LoadOptions
from ai_discourse.nlp.summary import DocSummary
from ai_discourse.records import Note, Skipped
from ai_discourse.resources import Target, load_targets


def analyze(
    paths: Iterable[str | Path],
    *,
    settings: Settings | None = None,
    jobs: int = 1,
    cache_dir: Path | None = None,
    cache_max_bytes: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    on_loaded: Callable[[int], None] | None = None,
    on_doc: Callable[[DocSummary], None] | None = None,
    depth: analysis.Depth | Plan | None = None,
    quiet: bool = False,
) -> analysis.Analysis:
    """Analyse the articles under `paths`; the returned tables are what the CLI prints.

    `jobs` worker processes run the per-document stage (1: this process, with Kiwi's own
    threads); `engine="dask"` runs it on a dask.distributed LocalCluster of `jobs`
    workers, or on the cluster at `scheduler`; `cache_dir` keeps every document's
    summary for the next run (None: no cache), within `cache_max_bytes` (default 4 GB).
    `depth` picks the analyses beyond the
    basic tables (a `Depth`, or a plan: spec name -> options; by default what `analyze`
    computes: trends, the network and the near-duplicates). Raises NoInputError when no article
    could be loaded; files that could not be read are listed in `Analysis.skipped` and
    do not stop the run. `quiet` silences the dask cluster's own log messages.
    """
    settings = settings or Settings()
    stream = _stream(paths, settings)
    corpus = stream.corpus
    if on_loaded:
        on_loaded(stream.count)
    targets = load_targets(settings.targets)
    reducer = analysis.Reducer(targets, depth, top=settings.top)
    notes = [*corpus.notes]
    # What the reduce step reads besides the summaries: the key of its stored result.
    reduce_settings = repr(
        (resolve(depth), settings.top, targets, corpus.skipped, corpus.duplicates, notes)
    )
    with Engine(
        settings,
        jobs=jobs,
        cache_dir=cache_dir,
        cache_max_bytes=cache_max_bytes or DEFAULT_MAX_BYTES,
        expected=stream.count,
        engine=engine,
        scheduler=scheduler,
        quiet=quiet,
    ) as stage:
        # An unchanged corpus with unchanged settings: the last such run's tables.
        stored = stage.stored_run(reduce_settings, stream.articles())
        result = None if stored is None else _reused(stored, reducer, targets, corpus)
        if result is None:
            result = _reduce(stage, stream, reducer, on_doc, notes)
            if stage.cache is not None:
                # An analysis's result of another shape: this run is simply not kept.
                with contextlib.suppress(NotStorable):
                    stage.store_run(reduce_settings, encode(result.results, result.overview))
    result.notes.extend(stage.notes)  # the engine's: a cache it could not use
    return result


def _reduce(
    stage: Engine,
    stream: CorpusStream,
    reducer: analysis.Reducer,
    on_doc: Callable[[DocSummary], None] | None,
    notes: list[Note],
) -> analysis.Analysis:
    """Every summary folded into the tables, then the second look at some texts."""
    corpus = stream.corpus
    for summary in stage.summaries(stream.articles(), on_doc=on_doc):
        reducer.add(summary)
    result = reducer.result(skipped=corpus.skipped, duplicates=corpus.duplicates, notes=notes)
    # The inputs' notes as the pass over them left them (the boilerplate removed).
    result.notes = [*corpus.notes]
    for name, reader in reducer.readers():
        # A second look at some documents' text, read from the inputs again (no
        # tokenizing): the examples of the key terms.
        wanted = reader.wanted(result.results[name])
        texts = (
            (a.id, f"{a.title}\n{a.body}" if a.title else a.body)
            for a in stream.articles()
            if a.id in wanted
        )
        result.results[name] = reader.read(result.results[name], texts)
    return result


def _reused(
    stored: bytes,
    reducer: analysis.Reducer,
    targets: tuple[Target, ...],
    corpus: Corpus,
) -> analysis.Analysis | None:
    """An earlier identical run's reduced result, as `Reducer.result` would give it
    (None: bytes that are not one, so the run reduces again)."""
    from ai_discourse.analysis.registry import spec

    try:
        results, overview = decode(stored)
    except (ValueError, TypeError, KeyError, AttributeError, ImportError, OSError):
        return None
    if list(results) != list(reducer.folds):
        return None
    return analysis.Analysis(
        specs=tuple(spec(name) for name in results),
        results=results,
        overview=overview,
        targets=tuple(t.name for t in targets),
        skipped=list(corpus.skipped),
        duplicates=corpus.duplicates,
        notes=[*corpus.notes],  # keyed, the inputs were read to the end: all noted
    )


def _stream(paths: Iterable[str | Path], settings: Settings) -> CorpusStream:
    """The inputs, scanned: errors for --strict and for no article at all. The corpus
    notes get the warnings about the user dictionaries too (see `userdict_warnings`)."""
    from ai_discourse.nlp.kiwi import userdict_warnings

    options = LoadOptions(
        encoding=settings.encoding,
        columns=dict(settings.columns),
        include_excluded=settings.include_excluded,
        max_doc_chars=settings.max_doc_chars,
    )
    stream = CorpusStream(paths, options)
    corpus = stream.scan()
    corpus.notes.extend(userdict_warnings(settings.userdicts))
    if settings.strict and corpus.skipped:
        raise StrictInputError(corpus.skipped)
    if not stream.count:
        reasons = "; ".join(s.message() for s in corpus.skipped[:5]) or "nothing given"
        raise NoInputError(f"no article to analyse ({reasons})")
    return stream


def kwic(
    paths: Iterable[str | Path],
    term: str,
    *,
    settings: Settings | None = None,
    window: int = 30,
    partial: bool = False,
    on_note: Callable[[Note], None] | None = None,
) -> tuple[list[dict[str, object]], list[Skipped]]:
    """Every place the articles under `paths` write `term` as Kiwi reads it (see
    `analysis.kwic`): rows of doc_id, title, sentence, start, end, left, term, right,
    and the inputs that could not be read; `on_note` is given the run's notes (rows
    left out, warnings). Only the articles whose text contains a spelling of the term
    are tokenized."""
    from ai_discourse.analysis.kwic import hits
    from ai_discourse.nlp import Lexicon, annotate
    from ai_discourse.nlp.kiwi import compose
    from ai_discourse.records import Article
    from ai_discourse.resources import phrase_key

    settings = settings or Settings()
    stream = _stream(paths, settings)
    lexicon = Lexicon.load(settings, load_targets(settings.targets))
    query = next(annotate([Article.plain(term)], lexicon=lexicon))
    forms = [t.form for s in query.sentences for t in s.tokens if t.tag not in _PUNCTUATION]
    # Any spelling the dictionaries merge into the same term (Open AI, OpenAI -> 오픈AI).
    canonical = lexicon.canonical.get(phrase_key(term), term)
    spellings = {phrase_key(term), phrase_key(canonical)} | {
        key for key, value in lexicon.canonical.items() if value == canonical
    }

    def candidates() -> Iterator[Article]:
        for article in stream.articles():
            squeezed = "".join(compose(article)[0].split()).casefold()
            if any(s in squeezed for s in spellings):
                yield article

    rows = [
        hit.row()
        for doc in annotate(candidates(), lexicon=lexicon)
        for hit in hits(doc, forms, window=window, partial=partial)
    ]
    if on_note is not None:
        for note in stream.corpus.notes:
            on_note(note)
    return rows, stream.corpus.skipped


_PUNCTUATION = frozenset({"SF", "SP", "SS", "SSO", "SSC", "SE", "SO", "SW"})
