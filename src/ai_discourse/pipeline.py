"""load -> annotate -> analyse, in one call: what `ai-discourse analyze` and the API run."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ai_discourse import analysis
from ai_discourse.config import Settings
from ai_discourse.errors import NoInputError, StrictInputError
from ai_discourse.load import LoadOptions, load_corpus
from ai_discourse.nlp import Lexicon, annotate
from ai_discourse.records import Doc
from ai_discourse.resources import load_frames, load_targets, load_tone_lexicon


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
    options = LoadOptions(
        encoding=settings.encoding,
        columns=dict(settings.columns),
        include_excluded=settings.include_excluded,
    )
    corpus = load_corpus(paths, options=options)
    if settings.strict and corpus.skipped:
        raise StrictInputError(corpus.skipped)
    if not corpus.articles:
        reasons = "; ".join(s.message() for s in corpus.skipped[:5]) or "nothing given"
        raise NoInputError(f"no article to analyse ({reasons})")
    if on_loaded:
        on_loaded(len(corpus.articles))
    targets = load_targets(settings.targets)
    tone = load_tone_lexicon(settings.tone_lexicon)
    frames = load_frames(settings.frames)
    lexicon = Lexicon.load(settings, targets)
    docs = list(annotate(corpus.articles, lexicon=lexicon, on_doc=on_doc))
    return analysis.run(
        docs,
        top=settings.top,
        targets=targets,
        tone=tone,
        frames=frames,
        stopwords=lexicon.stopwords,
        skipped=corpus.skipped,
        duplicates=corpus.duplicates,
        notes=corpus.notes,
        keep_verbal_nouns=settings.keep_verbal_nouns,
    )
