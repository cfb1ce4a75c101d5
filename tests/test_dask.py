"""The distributed engine on a real dask.distributed LocalCluster (127.0.0.1, two worker
processes, real Kiwi built on each worker): the same tables as the local engine."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pandas as pd
import pytest

from ai_discourse import pipeline
from ai_discourse.analysis import Analysis
from ai_discourse.analysis.disk import materialize
from ai_discourse.config import Settings
from ai_discourse.errors import ConfigError, DistributedError
from ai_discourse.load import load_corpus

from .conftest import ROOT, SEEDS

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.slow

LAYOUTS = ROOT / "tests" / "fixtures" / "layouts"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few hundred documents: the seeds and the layout pages, eight times over, each
    copy marked so that duplicate detection keeps it."""
    articles = load_corpus([SEEDS, LAYOUTS]).articles
    path = tmp_path_factory.mktemp("dask") / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for copy in range(8):
            for a in articles:
                record = {"id": f"{a.id}~{copy}", "title": a.title, "date": a.date}
                record["text"] = f"{a.body}\n\n(사본 {copy})"
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def cluster():  # type: ignore[no-untyped-def]
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=":0"
    ) as running:
        yield running


def same(a: Analysis, b: Analysis) -> None:
    assert a.overview == b.overview
    for name, table in a.tables().items():
        pd.testing.assert_frame_equal(materialize(b.tables()[name]), materialize(table), obj=name)


def test_a_local_cluster_gives_the_local_tables(corpus: Path, settings: Settings) -> None:
    for paths in ([SEEDS], [corpus]):
        local = pipeline.analyze(paths, settings=settings, jobs=1)
        on_dask = pipeline.analyze(paths, settings=settings, jobs=2, engine="dask")
        assert on_dask.overview["documents"] == local.overview["documents"]
        same(local, on_dask)


def test_an_existing_cluster_by_its_address(
    corpus: Path,
    settings: Settings,
    cluster,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    local = pipeline.analyze([corpus], settings=settings, jobs=1)
    remote = pipeline.analyze(
        [corpus], settings=settings, engine="dask", scheduler=cluster.scheduler_address
    )
    same(local, remote)
    # and with the cache: the second run reads it, whoever computed the first
    cached = [
        pipeline.analyze(
            [corpus],
            settings=settings,
            engine="dask",
            scheduler=cluster.scheduler_address,
            cache_dir=tmp_path,
        )
        for _ in range(2)
    ]
    for run in cached:
        same(local, run)


def test_a_worker_killed_mid_run_changes_nothing_or_fails_clearly(
    corpus: Path, settings: Settings
) -> None:
    local = pipeline.analyze([corpus], settings=settings, jobs=1)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=":0"
        ) as doomed,
        distributed.Client(doomed) as client,
    ):
        pids = list(client.run(os.getpid).values())
        killed: list[int] = []

        def kill_one(_summary: object) -> None:
            if not killed:
                killed.append(pids[0])
                os.kill(pids[0], signal.SIGKILL)

        try:
            result = pipeline.analyze(
                [corpus],
                settings=settings,
                engine="dask",
                scheduler=doomed.scheduler_address,
                on_doc=kill_one,
            )
        except DistributedError as exc:  # the run stops: no partial table is returned
            assert "dask cluster failed" in str(exc)
        else:
            same(local, result)  # dask re-ran the lost worker's tasks elsewhere
        assert killed


def test_no_scheduler_there_is_a_clear_error(settings: Settings) -> None:
    with pytest.raises(ConfigError, match="dask scheduler"):
        pipeline.analyze([SEEDS], settings=settings, engine="dask", scheduler="tcp://127.0.0.1:9")
