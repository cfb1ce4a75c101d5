"""load -> annotate -> analyse, in one call: what `ai-discourse analyze` and the API run.

The articles stream: read twice from disk (see `CorpusStream`), summarized by the engine
(in this process or in workers, or read from the cache), and folded into the tables one
summary at a time. Neither the corpus nor its tokens are ever held whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ai_discourse import analysis
from ai_discourse.analysis.summary import DocSummary
from ai_discourse.config import Settings
from ai_discourse.engine import Engine
from ai_discourse.errors import NoInputError, StrictInputError
from ai_discourse.load import CorpusStream, LoadOptions
from ai_discourse.resources import load_targets


def analyze(
    paths: Iterable[str | Path],
    *,
    settings: Settings | None = None,
    jobs: int = 1,
    cache_dir: Path | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    on_loaded: Callable[[int], None] | None = None,
    on_doc: Callable[[DocSummary], None] | None = None,
) -> analysis.Analysis:
    """Analyse the articles under `paths`; the returned tables are what the CLI prints.

    `jobs` worker processes run the per-document stage (1: this process, with Kiwi's own
    threads); `engine="dask"` runs it on a dask.distributed LocalCluster of `jobs`
    workers, or on the cluster at `scheduler`; `cache_dir` keeps every document's
    summary for the next run (None: no cache). Raises NoInputError when no article
    could be loaded; files that could not be read are listed in `Analysis.skipped` and
    do not stop the run.
    """
    settings = settings or Settings()
    options = LoadOptions(
        encoding=settings.encoding,
        columns=dict(settings.columns),
        include_excluded=settings.include_excluded,
    )
    stream = CorpusStream(paths, options)
    corpus = stream.scan()
    if settings.strict and corpus.skipped:
        raise StrictInputError(corpus.skipped)
    if not stream.count:
        reasons = "; ".join(s.message() for s in corpus.skipped[:5]) or "nothing given"
        raise NoInputError(f"no article to analyse ({reasons})")
    if on_loaded:
        on_loaded(stream.count)
    targets = load_targets(settings.targets)
    reducer = analysis.Reducer(targets)
    with Engine(
        settings,
        jobs=jobs,
        cache_dir=cache_dir,
        expected=stream.count,
        engine=engine,
        scheduler=scheduler,
    ) as stage:
        for summary in stage.summaries(stream.articles(), on_doc=on_doc):
            reducer.add(summary)
    return reducer.result(
        top=settings.top,
        skipped=corpus.skipped,
        duplicates=corpus.duplicates,
        notes=corpus.notes,
    )
