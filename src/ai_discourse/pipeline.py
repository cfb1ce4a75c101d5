"""load -> annotate -> analyse, in one call: what `ai-discourse analyze` and the API run."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from . import analysis
from .config import Settings
from .errors import NoInputError
from .load import load_corpus
from .nlp import annotate, get_kiwi, load_canonical, load_stopwords
from .records import Doc


def analyze(
    paths: Iterable[str | Path],
    *,
    settings: Settings | None = None,
    on_loaded: Callable[[int], None] | None = None,
    on_doc: Callable[[Doc], None] | None = None,
) -> analysis.Analysis:
    """Analyse the articles under `paths`; the returned tables are what the CLI prints.

    Raises NoInputError when no article could be loaded; files that could not be read are
    listed in `Analysis.skipped` and do not stop the run.
    """
    settings = settings or Settings()
    corpus = load_corpus(paths, encoding=settings.encoding)
    if not corpus.articles:
        reasons = "; ".join(s.message() for s in corpus.skipped[:5]) or "nothing given"
        raise NoInputError(f"no article to analyse ({reasons})")
    if on_loaded:
        on_loaded(len(corpus.articles))
    kiwi = get_kiwi(settings.userdicts)
    stopwords = load_stopwords(settings.stopwords)
    canonical = load_canonical(settings.userdicts)
    docs = list(
        annotate(
            corpus.articles, kiwi=kiwi, stopwords=stopwords, canonical=canonical, on_doc=on_doc
        )
    )
    return analysis.run(
        docs,
        top=settings.top,
        skipped=corpus.skipped,
        duplicates=corpus.duplicates,
    )
