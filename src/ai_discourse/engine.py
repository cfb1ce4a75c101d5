"""The per-document stage (Kiwi, entities, quotes, attribution, tone) run where it is
fastest, with a cache on disk: articles in, `DocSummary`s out, in corpus order.

- `jobs=1`: in this process, Kiwi's own worker threads tokenizing a batch while Python
  summarizes what is done.
- `jobs>1`: worker processes, each with its own Kiwi (one thread each), each running the
  whole per-document stage on chunks of articles, so the Python work is parallel too.
  At most a few chunks per worker are in flight: memory does not grow with the corpus.
- The cache (see `ai_discourse.cache`) maps (article, everything that changes its
  summary) to the summary, in SQLite under the user cache folder: a second run over an
  unchanged corpus does no tokenizing at all (not even Kiwi's start-up). Outputs are the
  same whichever way a summary was made, and a cache that fails is left for the rest of
  the run with a warning in `Engine.notes` (an error with `--strict`).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from itertools import islice
from pathlib import Path
from typing import Any

from ai_discourse.cache import SCHEMA, SummaryCache, clear_command
from ai_discourse.cache import CacheInfo as CacheInfo
from ai_discourse.cache import cache_info as cache_info
from ai_discourse.cache import clear_cache as clear_cache
from ai_discourse.cache import default_cache_dir as default_cache_dir
from ai_discourse.config import Settings, data_dir
from ai_discourse.errors import CacheError, ConfigError, DistributedError
from ai_discourse.nlp.summary import DocSummary, StanceSetup
from ai_discourse.processes import die_with_parent, plan_jobs
from ai_discourse.records import Article, Note

BATCH = 256
"""Articles looked up in the cache (and summarized) together."""
CHUNK = 16
"""Articles a worker process summarizes per task."""
MIN_PARALLEL = 64
"""Fewer articles than this to summarize are done in this process: starting workers
(each loads Kiwi) costs more than it saves."""


def default_jobs() -> int:
    """Worker processes when none are asked for: one per core, as many as memory holds."""
    return plan_jobs(None).jobs


# --- what a summary depends on -------------------------------------------------------


@cache
def _code_version() -> str:
    """A hash of the package's own source: any code change invalidates the cache."""
    digest = hashlib.blake2b(digest_size=16)
    root = Path(__file__).parent
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def fingerprint(settings: Settings) -> str:
    """Everything besides the article that changes its summary: the code, Kiwi and its
    model, the shipped data and every resource file the settings name."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"schema {SCHEMA} code {_code_version()}".encode())
    digest.update(f"kiwi {_version('kiwipiepy')} {_version('kiwipiepy_model')}".encode())
    digest.update(f"verbal {settings.keep_verbal_nouns}".encode())
    named = [*settings.userdicts, *settings.stopwords, settings.targets, settings.entities]
    named += [p for p in (settings.tone_lexicon, settings.frames) if p is not None]
    shipped = sorted(p for p in data_dir().rglob("*") if p.is_file())
    for path in [*shipped, *named]:
        digest.update(str(path).encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<missing>")  # reported properly when the file is read
    return digest.hexdigest()


def article_key(article: Article, fingerprint: str) -> str:
    digest = hashlib.blake2b(repr(article).encode(), digest_size=16, key=fingerprint[:64].encode())
    return digest.hexdigest()


# --- the per-document stage ---------------------------------------------------------


class _Stage:
    """What one process needs to summarize articles: Kiwi and the resources."""

    def __init__(self, settings: Settings) -> None:
        from ai_discourse.nlp import Lexicon
        from ai_discourse.resources import load_frames, load_targets, load_tone_lexicon

        targets = load_targets(settings.targets)
        self.lexicon = Lexicon.load(settings, targets)
        self.setup = StanceSetup(
            targets,
            load_tone_lexicon(settings.tone_lexicon),
            load_frames(settings.frames),
            self.lexicon.stopwords,
            settings.keep_verbal_nouns,
        )

    def run(self, articles: Iterable[Article]) -> Iterator[DocSummary]:
        """The per-document stage (`nlp.stage.COMPONENTS`, in order) on each article."""
        from ai_discourse.nlp.stage import annotate, summarize

        for doc in annotate(articles, lexicon=self.lexicon):
            yield summarize(doc, self.setup)


_worker: _Stage | None = None


def _worker_stage(settings: Settings) -> _Stage:
    """A stage for a worker process: Kiwi with one thread (the workers are the threads)."""
    os.environ["AI_DISCOURSE_KIWI_THREADS"] = "1"
    return _Stage(settings)


def _start_worker(settings: Settings) -> None:
    global _worker
    die_with_parent()  # a killed parent must not leave 550 MB workers behind
    _worker = _worker_stage(settings)


def _summarize_chunk(articles: list[Article]) -> list[DocSummary]:
    assert _worker is not None, "worker not started"
    return list(_worker.run(articles))


_dask_stages: dict[str, _Stage] = {}
_dask_lock = threading.Lock()


def _summarize_on_dask(settings: Settings, key: str, articles: list[Article]) -> list[DocSummary]:
    """A dask task: the worker's own stage (Kiwi built there, once per worker and
    settings: Kiwi objects cannot be pickled), run on a chunk of articles."""
    with _dask_lock:
        stage = _dask_stages.get(key)
        if stage is None:
            stage = _dask_stages[key] = _worker_stage(settings)
    return list(stage.run(articles))


class Engine:
    """Summaries of articles, in order: cached ones read, the others computed (in this
    process, in `jobs` worker processes, or on a dask cluster) and stored."""

    def __init__(
        self,
        settings: Settings,
        *,
        jobs: int = 1,
        cache_dir: Path | None = None,
        expected: int | None = None,
        engine: str = "local",
        scheduler: str | None = None,
        quiet: bool = False,
    ) -> None:
        if engine not in ("local", "dask"):
            raise ConfigError(f"unknown engine {engine!r}: use local or dask")
        self.settings = settings
        self.kind = engine
        self.scheduler = scheduler
        self._client: Any = None  # dask: the client, its LocalCluster and the settings
        self._cluster: Any = None  # scattered to the workers
        self._settings: Any = None
        # Never more workers than cores, nor than the memory holds (see processes).
        self.jobs = plan_jobs(max(1, jobs)).jobs
        self.quiet = quiet
        self.notes: list[Note] = []
        """Warnings for the run's notes: a cache that failed, entries that were rejected."""
        self.cache: SummaryCache | None = None
        if cache_dir is not None:
            self.cache = self._open_cache(cache_dir)
        # Keys the cache, and each dask worker's stage.
        needed = self.cache is not None or engine == "dask"
        self.fingerprint = fingerprint(settings) if needed else ""
        self.expected = expected
        self._stage: _Stage | None = None
        self._pool: ProcessPoolExecutor | None = None
        self.cached = 0
        self.computed = 0

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        self.close(abort=kind is not None)

    def close(self, *, abort: bool = False) -> None:
        """Stop the workers and close the cache. `abort` (an error, Ctrl-C, SIGTERM):
        stop the workers at once instead of letting their chunks finish."""
        if self._pool is not None:
            pool, self._pool = self._pool, None
            if abort:
                _stop_processes(pool)
                pool.shutdown(wait=False, cancel_futures=True)
            else:
                pool.shutdown(cancel_futures=True)
        if abort and (self._client is not None or self._cluster is not None):
            # Stopping mid-task makes dask log the connections it loses: expected now.
            logging.getLogger("distributed").setLevel(logging.CRITICAL)
        if self._client is not None:
            client, self._client = self._client, None
            client.close(timeout=5 if abort else None)
        if self._cluster is not None:
            cluster, self._cluster = self._cluster, None
            cluster.close(timeout=5 if abort else None)
        self._drop_cache()

    def _open_cache(self, folder: Path) -> SummaryCache | None:
        try:
            return SummaryCache(folder)
        except CacheError as exc:
            self._cache_failed(exc)
            return None

    def _cache_failed(self, exc: CacheError) -> None:
        """Go on without the cache (its summaries are only ever a shortcut, so the
        outputs stay the same), or stop under --strict."""
        self._drop_cache()
        if self.settings.strict:
            raise exc
        message = f"{exc.problem}; this run went on without it ({exc.remedy})"
        self.notes.append(Note(exc.path, message, kind="warning"))

    def _drop_cache(self) -> None:
        """Close the cache; the entries it rejected become one warning."""
        cache, self.cache = self.cache, None
        if cache is None:
            return
        cache.close()
        if n := cache.rejected:
            self.notes.append(
                Note(
                    str(cache.path),
                    f"{n} cached {'summary' if n == 1 else 'summaries'} could not be read "
                    "(damaged, or written by another program) and computed again; if this "
                    f"repeats, clear the cache with: {clear_command(cache.folder)}",
                    count=n,
                    kind="warning",
                )
            )

    def summaries(
        self, articles: Iterable[Article], on_doc: Callable[[DocSummary], None] | None = None
    ) -> Iterator[DocSummary]:
        """Every article's summary, in order. The next batch is looked up and handed to
        the workers before the current one is given out, so they never wait for the
        reduce step."""
        stream = iter(articles)
        pending: _Batch | None = None
        while True:
            batch = list(islice(stream, BATCH))
            prepared = self._prepare(batch) if batch else None
            if pending is not None:
                yield from self._finish(pending, on_doc)
            if prepared is None:
                return
            pending = prepared

    def _prepare(self, batch: list[Article]) -> _Batch:
        keys = [article_key(a, self.fingerprint) for a in batch] if self.cache is not None else []
        found: dict[str, DocSummary] = {}
        if self.cache is not None:
            try:
                found = self.cache.get_many(keys)
            except CacheError as exc:
                self._cache_failed(exc)
        misses = [a for k, a in enumerate(batch) if not keys or keys[k] not in found]
        return _Batch(len(batch), keys, found, self._compute(misses))

    def _finish(
        self, batch: _Batch, on_doc: Callable[[DocSummary], None] | None
    ) -> Iterator[DocSummary]:
        fresh: list[tuple[str, DocSummary]] = []
        for k in range(batch.size):
            key = batch.keys[k] if batch.keys else ""
            if key in batch.found:
                summary = batch.found[key]
                self.cached += 1
            else:
                summary = next(batch.computed)
                self.computed += 1
                if key:
                    fresh.append((key, summary))
            if on_doc is not None:
                on_doc(summary)
            yield summary
        if self.cache is not None:
            try:
                self.cache.put_many(fresh)
            except CacheError as exc:
                self._cache_failed(exc)

    def _compute(self, articles: list[Article]) -> Iterator[DocSummary]:
        if not articles:
            return iter(())
        if self.kind == "dask":
            return self._on_dask(articles)
        remaining = self.expected if self.expected is not None else len(articles)
        if self.jobs == 1 or (self._pool is None and remaining < MIN_PARALLEL):
            if self._stage is None:
                self._stage = _Stage(self.settings)
            return self._stage.run(articles)
        return self._parallel(articles)

    def _on_dask(self, articles: list[Article]) -> Iterator[DocSummary]:
        if self._client is None:
            self._client, self._cluster = _connect(self)
            self._settings = self._client.scatter(self.settings, broadcast=True)
        futures = [
            self._client.submit(
                _summarize_on_dask, self._settings, self.fingerprint, chunk, pure=False
            )
            for chunk in _chunks(articles)
        ]
        return _dask_results(futures)

    def _parallel(self, articles: list[Article]) -> Iterator[DocSummary]:
        if self._pool is None:
            import multiprocessing

            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(self.settings,),
            )
        futures: list[Future[list[DocSummary]]] = [
            self._pool.submit(_summarize_chunk, chunk) for chunk in _chunks(articles)
        ]
        return _results(futures)


def _stop_processes(pool: ProcessPoolExecutor, grace: float = 2.0) -> None:
    """Terminate a pool's worker processes now (a chunk in progress is dropped), and
    kill any that has not exited within `grace` seconds."""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14 and later
    if terminate is not None:
        terminate()
        return
    # Before 3.14 the executor offers no way to stop a running worker: its processes.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(OSError, ValueError):
            process.terminate()
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AssertionError):
            process.join(grace)
            if process.is_alive():
                process.kill()
                process.join(grace)


def _connect(engine: Engine) -> Any:
    """A dask client: to the scheduler given, else to a LocalCluster of `jobs` worker
    processes (one thread each) on 127.0.0.1."""
    import importlib

    try:
        distributed: Any = importlib.import_module("distributed")
    except ImportError:
        raise ConfigError(
            "--engine dask needs dask.distributed: pip install 'ai-discourse[dask]'"
        ) from None
    try:
        if engine.scheduler:
            return distributed.Client(engine.scheduler, timeout="30s"), None
        cluster = distributed.LocalCluster(
            n_workers=engine.jobs,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address=":0",
            processes=True,
            # -q: the scheduler's and the workers' logs are silenced too. A failed task
            # still ends the run with an error (its future raises), and a stop (Ctrl-C,
            # SIGTERM) never prints a worker's lost-heartbeat traceback.
            silence_logs=logging.CRITICAL if engine.quiet else logging.WARNING,
        )
        return distributed.Client(cluster), cluster
    except OSError as exc:
        where = engine.scheduler or "a local cluster"
        raise ConfigError(f"cannot reach the dask scheduler at {where} ({exc})") from None


def _chunks(articles: list[Article]) -> Iterator[list[Article]]:
    """The tasks of a batch for the workers: CHUNK articles each."""
    for i in range(0, len(articles), CHUNK):
        yield articles[i : i + CHUNK]


@dataclass
class _Batch:
    size: int
    keys: list[str]
    found: dict[str, DocSummary]
    computed: Iterator[DocSummary]


def _results(futures: list[Future[list[DocSummary]]]) -> Iterator[DocSummary]:
    for future in futures:
        yield from future.result()


def _dask_results(futures: list[Any]) -> Iterator[DocSummary]:
    """Each chunk's summaries in order; a chunk that failed (dask retries a task whose
    worker died) ends the run with a clear error, never a partial table."""
    for future in futures:
        try:
            chunk = future.result()
        except Exception as exc:
            raise DistributedError(f"the dask cluster failed to summarize a chunk: {exc}") from exc
        yield from chunk
