"""Shared fixtures: one Kiwi per test session, the seed corpus analysed once."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from ai_discourse import analysis
from ai_discourse.config import Settings
from ai_discourse.load import load_corpus
from ai_discourse.nlp import Lexicon, annotate
from ai_discourse.nlp.summary import StanceSetup
from ai_discourse.records import Article, Doc
from ai_discourse.resources import load_frames, load_targets, load_tone_lexicon

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
NEWS_SEED = SEEDS / "000_069fa59ddfa03867.txt"
BLOG_SEED = SEEDS / "002_17c3983ae803864c.txt"


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Runs in tests cache under a temporary folder, never the user's."""
    import os

    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="Rewrite tests/golden/* from current output."
    )


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def lexicon(settings: Settings) -> Lexicon:
    """The session's one Kiwi with the shipped resources, names found by the hand rules
    alone: the rule tests pin what each rule does. The learned tagger on top of them is
    tested in test_learned.py and, as the product runs it, through the CLI, the API and
    the golden files."""
    from dataclasses import replace

    return replace(Lexicon.load(settings), names="rules")


@pytest.fixture(scope="session")
def make_docs(lexicon: Lexicon) -> Callable[..., list[Doc]]:
    """Tokenize in-memory articles with the session's Kiwi and the shipped resources."""

    def make(*texts: str | Article) -> list[Doc]:
        articles = [
            t if isinstance(t, Article) else article(t, id=f"d{i}") for i, t in enumerate(texts)
        ]
        return list(annotate(articles, lexicon=lexicon))

    return make


def article(body: str, *, id: str = "d0", kind: str = "news", **fields: object) -> Article:
    """A minimal Article for library tests (a title may be given)."""
    from dataclasses import replace

    return replace(Article.plain(body, id=id, kind=kind), path=f"{id}.txt", **fields)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def seed_docs(lexicon: Lexicon) -> list[Doc]:
    """The seed corpus as the product reads it: the rules and the learned tagger."""
    from dataclasses import replace

    corpus = load_corpus([SEEDS])
    assert not corpus.skipped
    return list(annotate(corpus.articles, lexicon=replace(lexicon, names="both")))


@pytest.fixture(scope="session")
def seed_analysis(seed_docs: list[Doc], settings: Settings, lexicon: Lexicon) -> analysis.Analysis:
    """The seed corpus analysed with the shipped targets, tone lexicon and frames."""
    return analysis.run(
        seed_docs,
        targets=load_targets(settings.targets),
        tone=load_tone_lexicon(settings.tone_lexicon),
        frames=load_frames(settings.frames),
        stopwords=lexicon.stopwords,
    )


def folded(fold: Any, docs: Iterable[Doc], setup: StanceSetup | None = None) -> Any:
    """`fold` (an analysis's fold, as the reducer makes it) after every document's
    summary: tests drive the same folds the product does."""
    from ai_discourse.nlp.stage import summarize

    for doc in docs:
        fold.add(summarize(doc, setup))
    return fold
