"""The per-document stage (Kiwi, entities, quotes, attribution, tone) run where it is
fastest, with a cache on disk: articles in, `DocSummary`s out, in corpus order.

- `jobs=1`: in this process, Kiwi's own worker threads tokenizing a batch while Python
  summarizes what is done.
- `jobs>1`: worker processes, each with its own Kiwi (one thread each), each running the
  whole per-document stage on chunks of articles, so the Python work is parallel too.
  At most a few chunks per worker are in flight: memory does not grow with the corpus.
- The cache maps (article, everything that changes its summary) to the summary, in
  SQLite under the user cache folder: a second run over an unchanged corpus does no
  tokenizing at all (not even Kiwi's start-up). Outputs are the same whichever way a
  summary was made.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from itertools import islice
from pathlib import Path
from typing import Any

from ai_discourse.analysis.summary import DocSummary, StanceSetup, summarize
from ai_discourse.config import Settings, data_dir
from ai_discourse.errors import ConfigError, DistributedError
from ai_discourse.records import Article

BATCH = 256
"""Articles looked up in the cache (and summarized) together."""
CHUNK = 16
"""Articles a worker process summarizes per task."""
MIN_PARALLEL = 64
"""Fewer articles than this to summarize are done in this process: starting workers
(each loads Kiwi) costs more than it saves."""
SCHEMA = 1


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


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


# --- the cache --------------------------------------------------------------------------


def default_cache_dir() -> Path:
    """`$XDG_CACHE_HOME/ai-discourse` (default `~/.cache/ai-discourse`)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ai-discourse"


@dataclass(frozen=True)
class CacheInfo:
    path: Path
    entries: int
    bytes: int


class SummaryCache:
    """Summaries by key in one SQLite file (WAL, so two runs may share it: each writes
    whole transactions, a key written twice keeps its first value, which is the same)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "summaries.sqlite"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            _retry(lambda: self.db.execute("PRAGMA journal_mode=WAL"))
            _retry(
                lambda: self.db.execute(
                    "CREATE TABLE IF NOT EXISTS summaries ("
                    " key TEXT PRIMARY KEY, doc_id TEXT, chars INTEGER, summary BLOB)"
                )
            )
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(f"{folder}: cannot use as a cache ({exc}); try --no-cache") from None

    def get_many(self, keys: Sequence[str]) -> dict[str, DocSummary]:
        found: dict[str, DocSummary] = {}
        for start in range(0, len(keys), 500):
            part = keys[start : start + 500]
            marks = ",".join("?" * len(part))
            query = f"SELECT key, summary FROM summaries WHERE key IN ({marks})"
            for key, blob in self.db.execute(query, part):
                try:
                    found[key] = pickle.loads(zlib.decompress(blob))  # our own file
                except Exception:  # a damaged entry is recomputed
                    continue
        return found

    def put_many(self, items: Sequence[tuple[str, DocSummary]]) -> None:
        if not items:
            return
        rows = [
            (key, s.id, s.chars, zlib.compress(pickle.dumps(s, protocol=pickle.HIGHEST_PROTOCOL)))
            for key, s in items
        ]
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.executemany("INSERT OR IGNORE INTO summaries VALUES (?, ?, ?, ?)", rows)

    def close(self) -> None:
        self.db.close()


def _retry(step: Callable[[], object], seconds: float = 60) -> None:
    """Run a statement another process may briefly lock (switching to WAL, creating the
    table), waiting for it as SQLite's busy timeout does for ordinary writes."""
    import time

    deadline = time.monotonic() + seconds
    while True:
        try:
            step()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def cache_info(folder: Path) -> CacheInfo:
    path = folder / "summaries.sqlite"
    if not path.exists():
        return CacheInfo(path, 0, 0)
    size = sum(p.stat().st_size for p in folder.glob("summaries.sqlite*"))
    db = sqlite3.connect(path, timeout=60)
    try:
        (entries,) = db.execute("SELECT COUNT(*) FROM summaries").fetchone()
    except sqlite3.Error:
        entries = 0
    finally:
        db.close()
    return CacheInfo(path, int(entries), size)


def clear_cache(folder: Path) -> int:
    """Remove the cache files; returns the bytes freed."""
    freed = 0
    for path in folder.glob("summaries.sqlite*"):
        freed += path.stat().st_size
        path.unlink()
    return freed


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
        from ai_discourse.nlp import annotate

        for doc in annotate(articles, lexicon=self.lexicon):
            yield summarize(doc, self.setup)


_worker: _Stage | None = None


def _worker_stage(settings: Settings) -> _Stage:
    """A stage for a worker process: Kiwi with one thread (the workers are the threads)."""
    os.environ["AI_DISCOURSE_KIWI_THREADS"] = "1"
    return _Stage(settings)


def _start_worker(settings: Settings) -> None:
    global _worker
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
    ) -> None:
        if engine not in ("local", "dask"):
            raise ConfigError(f"unknown engine {engine!r}: use local or dask")
        self.settings = settings
        self.kind = engine
        self.scheduler = scheduler
        self._client: Any = None  # dask: the client, its LocalCluster and the settings
        self._cluster: Any = None  # scattered to the workers
        self._settings: Any = None
        self.jobs = max(1, jobs)
        self.cache = SummaryCache(cache_dir) if cache_dir is not None else None
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

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
        if self.cache is not None:
            self.cache.close()

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
        found = self.cache.get_many(keys) if self.cache is not None else {}
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
            self.cache.put_many(fresh)

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
