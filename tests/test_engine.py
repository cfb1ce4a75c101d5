"""The engine: worker processes and the cache give the same tables as one process
(real Kiwi in every worker, real SQLite files)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pandas as pd
import pytest

from ai_discourse import engine, pipeline
from ai_discourse.analysis.disk import materialize
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
    # Rebuilt from the token cache, without Kiwi: the same as from the text.
    assert (run.computed, run.rebuilt, run.cached) == (0, 3, 0)
    assert run._stage is not None and "kiwi" not in vars(run._stage.lexicon)
    assert all("딥시크" not in s.terms for s in summaries)
    with Engine(mine) as fresh:
        assert summaries == list(fresh.summaries(articles[:3]))
    edited = [replace(articles[0], body=articles[0].body + "\n\n덧붙인 문단이다."), *articles[1:3]]
    with Engine(settings, cache_dir=cache) as run:
        list(run.summaries(edited))
    assert (run.computed, run.cached) == (1, 2)


@pytest.mark.parametrize(
    "extra",
    [
        # A new company, a new person, an alias that is a known organisation of the
        # gazetteer (read before as itself), and a short Latin alias.
        '[[target]]\nname = "딥시크"\naliases = ["DeepSeek", "딥씨크"]\n',
        '[[target]]\nname = "김기응"\naliases = []\n',
        '[[target]]\nname = "오픈AI"\naliases = ["OpenAI", "챗GPT", "GPT"]\n',
    ],
)
def test_a_target_edit_rebuilds_from_the_token_cache_as_from_the_text(
    articles: list,  # type: ignore[type-arg]
    settings: Settings,
    tmp_path: Path,
    extra: str,
) -> None:
    from dataclasses import replace

    with Engine(settings, cache_dir=tmp_path) as run:
        list(run.summaries(articles))
    targets = tmp_path / "targets.toml"
    targets.write_text(
        settings.targets.read_text(encoding="utf-8") + "\n" + extra, encoding="utf-8"
    )
    mine = replace(settings, targets=targets)
    with Engine(mine, cache_dir=tmp_path) as warm:
        rebuilt = list(warm.summaries(articles))
    assert (warm.computed, warm.rebuilt) == (0, len(articles))
    with Engine(mine) as cold:
        assert rebuilt == list(cold.summaries(articles))
    # And back: the readings were stored with the first targets, read with the new ones.
    targets.write_text(extra, encoding="utf-8")
    with Engine(mine, cache_dir=tmp_path) as warm, Engine(mine) as cold:
        assert list(warm.summaries(articles)) == list(cold.summaries(articles))
        assert warm.computed == 0


def test_the_cache_keeps_to_its_size_bound(
    articles: list,  # type: ignore[type-arg]
    settings: Settings,
    tmp_path: Path,
) -> None:
    with Engine(settings, cache_dir=tmp_path) as run:
        list(run.summaries(articles[:6]))
    full = cache_info(tmp_path)
    assert (full.entries, full.readings) == (6, 6)
    stored = full.reading_bytes + full.summary_bytes
    with Engine(settings, cache_dir=tmp_path, cache_max_bytes=stored // 2) as run:
        list(run.summaries(articles[4:6]))  # the two used last
    kept = cache_info(tmp_path)
    assert 0 < kept.reading_bytes + kept.summary_bytes <= stored // 2
    with Engine(settings, cache_dir=tmp_path) as run:
        list(run.summaries(articles[4:6]))
    assert run.computed == 0  # the rows used last were kept


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
    db.execute("UPDATE summaries SET value = x'00'")
    db.commit()
    with Engine(settings, cache_dir=tmp_path) as run:
        again = list(run.summaries(articles[:2]))
    assert run.rebuilt == 2 and [s.id for s in again] == [a.id for a in articles[:2]]
    db.execute("UPDATE summaries SET value = x'00'")
    db.execute("UPDATE readings SET value = x'00'")
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
            pd.testing.assert_frame_equal(
                materialize(other.tables()[name]), materialize(table), obj=name
            )


def test_the_dask_engine_without_dask_names_the_extra(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    with pytest.raises(ConfigError, match=r"pip install 'ai-discourse\[dask\]'"):
        pipeline.analyze([SEEDS], settings=settings, engine="dask")


def test_each_cache_level_hashes_only_the_code_that_shapes_it() -> None:
    package = Path(engine.__file__).parent
    reading = {
        p.relative_to(package).as_posix() for p in engine._imported(package, engine.READING_CODE)
    }
    summary = {
        p.relative_to(package).as_posix() for p in engine._imported(package, engine.SUMMARY_CODE)
    }
    assert {"nlp/kiwi.py", "nlp/entities.py", "nlp/names.py", "records.py"} <= reading
    assert "nlp/quotes.py" not in reading and "nlp/tone.py" not in reading
    assert {"nlp/quotes.py", "nlp/tone.py", "nlp/attribution.py", "nlp/party_tone.py"} <= summary
    for level in (reading, summary):
        assert not any(p.startswith(("render/", "analysis/")) for p in level)
        assert "cli.py" not in level and "engine.py" not in level


def test_sizes_read_as_a_user_writes_them() -> None:
    from ai_discourse.config import parse_size

    assert parse_size("4GB") == 4_000_000_000
    assert parse_size("500 mb") == 500_000_000
    assert parse_size("1.5G") == 1_500_000_000
    assert parse_size("800000") == 800_000
    with pytest.raises(ValueError, match="no size"):
        parse_size("lots")


def test_an_unchanged_run_reuses_its_reduced_tables(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from ai_discourse import analysis
    from ai_discourse.analysis.topics import TopicOptions

    paths = [SEEDS, LAYOUTS]
    # Every analysis, so that every result's shape is stored and read back.
    depth = analysis.Depth(
        trend_keywords=3, keyness="kind", keyness_min=1, topics=TopicOptions(k=2), compounds=2
    )
    fresh = pipeline.analyze(paths, settings=settings, depth=depth)
    first = pipeline.analyze(paths, settings=settings, depth=depth, cache_dir=tmp_path)
    assert cache_info(tmp_path).runs == 1

    def no_reduce(*args: object) -> None:
        raise AssertionError("reduced again")

    with monkeypatch.context() as patch:
        patch.setattr(analysis.Reducer, "add", no_reduce)
        again = pipeline.analyze(paths, settings=settings, depth=depth, cache_dir=tmp_path)
    for run in (first, again):
        assert run.overview == fresh.overview and list(run.results) == list(fresh.results)
        for name, table in fresh.tables().items():
            pd.testing.assert_frame_equal(
                materialize(run.tables()[name]), materialize(table), obj=name
            )
    assert again.network is not None and fresh.network is not None
    assert list(again.network.graph.nodes(data=True)) == list(fresh.network.graph.nodes(data=True))
    assert list(again.network.graph.edges(data=True)) == list(fresh.network.graph.edges(data=True))
    # Another setting of the reduce step is another run: reduced, and kept too.
    fewer = pipeline.analyze(paths, settings=replace(settings, top=3), cache_dir=tmp_path)
    assert cache_info(tmp_path).runs == 2 and len(fewer.keywords) <= len(fresh.keywords)


def test_a_stored_run_names_only_records_of_ai_discourse() -> None:
    from ai_discourse.analysis.stored import NotStorable, decode, encode

    blob = encode({"x": (1, "a", None)}, {"documents": 2})
    assert decode(blob) == ({"x": (1, "a", None)}, {"documents": 2})
    hostile = blob.replace(b"ADRR1", b"ADRR1", 1)
    import json
    import struct
    import zlib

    tree = {"d": [["results", {"d": []}], ["overview", {"dc": "os:system", "f": {}}]]}
    header = zlib.compress(json.dumps(tree).encode())
    hostile = b"ADRR1" + struct.pack("<Q", len(header)) + header
    with pytest.raises(ValueError, match="no record of ai-discourse"):
        decode(hostile)
    with pytest.raises(NotStorable):
        encode({"x": {1, 2}}, {})  # a set: not a shape the store writes
    with pytest.raises(ValueError):
        decode(b"garbage")


def test_a_reused_run_notes_the_boilerplate_it_removed(settings: Settings, tmp_path: Path) -> None:
    import json

    footer = "이 기사의 무단 전재와 재배포를 금지합니다. 한빛일보 구독 신청은 홈페이지에서."
    lines = [
        {
            "id": f"n{k}",
            "source": "한빛일보",
            "title": f"기사 {k}",
            "text": f"한빛전자가 {k}분기 실적을 발표했다고 밝혔다.\n\n{footer}",
        }
        for k in range(4)
    ]
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), "utf-8")
    cache = tmp_path / "cache"
    runs = [pipeline.analyze([corpus], settings=settings, cache_dir=cache) for _ in range(2)]
    fresh = pipeline.analyze([corpus], settings=settings)
    assert cache_info(cache).runs == 1
    for run in runs:
        boilerplate = [n for n in run.notes if n.kind == "boilerplate"]
        assert boilerplate == [n for n in fresh.notes if n.kind == "boilerplate"]
        assert len(boilerplate) == 1 and boilerplate[0].count == 4


def test_workers_rebuild_from_the_token_cache_as_this_process_does(
    articles: list,  # type: ignore[type-arg]
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dataclasses import replace

    monkeypatch.setattr(engine, "MIN_PARALLEL_REBUILD", 0)
    monkeypatch.setattr(engine, "CHUNK", 4)
    with Engine(settings, cache_dir=tmp_path) as run:
        list(run.summaries(articles))
    stopwords = tmp_path / "stop.txt"
    stopwords.write_text("기업\n", encoding="utf-8")
    mine = replace(settings, stopwords=(*settings.stopwords, stopwords))
    with Engine(mine, jobs=2, cache_dir=tmp_path) as warm:
        rebuilt = list(warm.summaries(articles))
        assert warm._pool is not None  # the workers did it
    assert (warm.computed, warm.rebuilt) == (0, len(articles))
    with Engine(mine) as cold:
        assert rebuilt == list(cold.summaries(articles))
