"""The engine: worker processes and the cache give the same tables as one process
(real Kiwi in every worker, real SQLite files)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pandas as pd
import pytest

from ai_discourse import engine, pipeline
from ai_discourse.config import Settings
from ai_discourse.engine import Engine, SummaryCache, cache_info, clear_cache
from ai_discourse.errors import ConfigError
from ai_discourse.load import load_corpus

from .conftest import ROOT, SEEDS

LAYOUTS = ROOT / "tests" / "fixtures" / "layouts"


@pytest.fixture(scope="module")
def articles() -> list:  # type: ignore[type-arg]
    corpus = load_corpus([SEEDS, LAYOUTS])
    assert len(corpus.articles) >= 30
    return corpus.articles


@pytest.fixture(scope="module")
def one_process(articles: list, settings: Settings) -> list:  # type: ignore[type-arg]
    with Engine(settings, jobs=1) as run:
        return list(run.summaries(articles))


def test_worker_processes_give_the_same_summaries(
    articles: list,  # type: ignore[type-arg]
    one_process: list,  # type: ignore[type-arg]
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(engine, "MIN_PARALLEL", 0)  # even a small corpus goes to workers
    monkeypatch.setattr(engine, "CHUNK", 4)
    with Engine(settings, jobs=2) as run:
        parallel = list(run.summaries(articles))
        assert run._pool is not None  # it did use worker processes
    assert [s.id for s in parallel] == [a.id for a in articles]
    assert parallel == one_process


def test_a_second_run_reads_the_cache_and_gives_the_same(
    articles: list,  # type: ignore[type-arg]
    one_process: list,  # type: ignore[type-arg]
    settings: Settings,
    tmp_path: Path,
) -> None:
    with Engine(settings, cache_dir=tmp_path) as cold:
        first = list(cold.summaries(articles))
    assert (cold.computed, cold.cached) == (len(articles), 0)
    with Engine(settings, cache_dir=tmp_path) as warm:
        second = list(warm.summaries(articles))
    assert (warm.computed, warm.cached) == (0, len(articles))
    assert warm._stage is None  # Kiwi was never even loaded
    assert first == second == one_process
    info = cache_info(tmp_path)
    assert info.entries == len(articles) and info.bytes > 0


def test_a_changed_resource_or_article_is_computed_again(
    articles: list,  # type: ignore[type-arg]
    settings: Settings,
    tmp_path: Path,
) -> None:
    from dataclasses import replace

    cache = tmp_path / "cache"
    with Engine(settings, cache_dir=cache) as run:
        list(run.summaries(articles[:3]))
    stopwords = tmp_path / "stop.txt"
    stopwords.write_text("딥시크\n", encoding="utf-8")
    mine = replace(settings, stopwords=(*settings.stopwords, stopwords))
    with Engine(mine, cache_dir=cache) as run:
        summaries = list(run.summaries(articles[:3]))
    assert run.computed == 3
    assert all("딥시크" not in s.terms for s in summaries)
    edited = [replace(articles[0], body=articles[0].body + "\n\n덧붙인 문단이다."), *articles[1:3]]
    with Engine(settings, cache_dir=cache) as run:
        list(run.summaries(edited))
    assert (run.computed, run.cached) == (1, 2)


def test_two_runs_can_share_one_cache(
    articles: list,  # type: ignore[type-arg]
    settings: Settings,
    tmp_path: Path,
) -> None:
    errors: list[BaseException] = []

    def work() -> None:
        try:
            with Engine(settings, cache_dir=tmp_path) as run:
                list(run.summaries(articles[:8]))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert cache_info(tmp_path).entries == 8


def test_a_damaged_cache_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "summaries.sqlite").write_bytes(b"this is no database" * 100)
    with pytest.raises(ConfigError, match="--no-cache"):
        SummaryCache(tmp_path)
    assert clear_cache(tmp_path) > 0
    SummaryCache(tmp_path).close()  # cleared, it works again


def test_a_damaged_entry_is_computed_again(
    articles: list,  # type: ignore[type-arg]
    settings: Settings,
    tmp_path: Path,
) -> None:
    with Engine(settings, cache_dir=tmp_path) as run:
        list(run.summaries(articles[:2]))
    db = sqlite3.connect(tmp_path / "summaries.sqlite")
    db.execute("UPDATE summaries SET summary = x'00'")
    db.commit()
    db.close()
    with Engine(settings, cache_dir=tmp_path) as run:
        again = list(run.summaries(articles[:2]))
    assert run.computed == 2 and [s.id for s in again] == [a.id for a in articles[:2]]


def test_the_pipeline_tables_are_the_same_whatever_the_engine(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "MIN_PARALLEL", 0)
    paths = [SEEDS, LAYOUTS]
    base = pipeline.analyze(paths, settings=settings, jobs=1)
    runs = [
        pipeline.analyze(paths, settings=settings, jobs=2),
        pipeline.analyze(paths, settings=settings, jobs=1, cache_dir=tmp_path),
        pipeline.analyze(paths, settings=settings, jobs=2, cache_dir=tmp_path),
    ]
    for other in runs:
        assert other.overview == base.overview
        for name, table in base.tables().items():
            pd.testing.assert_frame_equal(other.tables()[name], table, obj=name)


def test_the_dask_engine_without_dask_names_the_extra(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    with pytest.raises(ConfigError, match=r"pip install 'ai-discourse\[dask\]'"):
        pipeline.analyze([SEEDS], settings=settings, engine="dask")
