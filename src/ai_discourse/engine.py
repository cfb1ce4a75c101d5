"""The per-document stage (Kiwi, entities, quotes, attribution, tone) run where it is
fastest, with a cache on disk: articles in, `DocSummary`s out, in corpus order.

- `jobs=1`: in this process, Kiwi's own worker threads tokenizing a batch while Python
  summarizes what is done.
- `jobs>1`: worker processes, each with its own Kiwi (one thread each), each running the
  whole per-document stage on chunks of articles, so the Python work is parallel too.
  At most a few chunks per worker are in flight: memory does not grow with the corpus.
- The cache (see `ai_discourse.cache`) has two levels, in SQLite under the user cache
  folder. The token cache maps (article, what shapes its reading: Kiwi, the user
  dictionaries, the gazetteer, the extraction code) to what Kiwi and the name rules read
  (`nlp.reading`); the summaries map (that key, everything else: targets, lexicons,
  frames, stopwords, the stage's code) to the summary. A second run over an unchanged
  corpus does no tokenizing at all (not even Kiwi's start-up); after an edit of the
  targets or a lexicon, the summaries are rebuilt from the readings without Kiwi (in
  this process, or in the workers on a corpus of `MIN_PARALLEL_REBUILD` articles).
  Outputs are the same whichever way a summary was made, and a cache that fails is left
  for the rest of the run with a warning in `Engine.notes` (an error with `--strict`).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from itertools import islice
from pathlib import Path
from typing import Any

from ai_discourse.cache import (
    DEFAULT_MAX_BYTES,
    SCHEMA,
    DecodeError,
    SummaryCache,
    clear_command,
    pack,
    pack_reading,
    unpack_reading,
)
from ai_discourse.cache import CacheInfo as CacheInfo
from ai_discourse.cache import cache_info as cache_info
from ai_discourse.cache import clear_cache as clear_cache
from ai_discourse.cache import default_cache_dir as default_cache_dir
from ai_discourse.config import Settings, data_dir
from ai_discourse.errors import CacheError, ConfigError, DistributedError
from ai_discourse.nlp.reading import Reading
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
MIN_PARALLEL_REBUILD = 2000
"""The same for a corpus whose summaries are all rebuilt from the token cache."""


def default_jobs() -> int:
    """Worker processes when none are asked for: one per core, as many as memory holds."""
    return plan_jobs(None).jobs


# --- what a summary depends on -------------------------------------------------------


READING_CODE = (
    "nlp/kiwi.py",
    "nlp/entities.py",
    "nlp/names.py",
    "nlp/signature.py",
    "nlp/reading.py",
)
"""The modules that make a reading (level one): Kiwi's sentences, the name rules, the
tagger, the near-duplicate signature; with the modules they import."""
SUMMARY_CODE = ("nlp/stage.py",)
"""The module that makes a summary from a reading (level two), with what it imports."""
SUMMARY_DATA = frozenset(
    {
        "targets.toml",
        "frames.toml",
        "tone_lexicon.tsv",
        "tone_model.json",
        "party_tone.json",
        "stopwords.txt",
    }
)
"""The shipped files only the summaries read; every other shipped file keys the readings."""


@cache
def _code_version(roots: tuple[str, ...]) -> str:
    """A hash of the package's modules that `roots` import, directly or not (read from
    their source: every `import`, lazy ones included), so that a change to `render/` or
    `cli.py` keeps the cache."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).parent
    for path in _imported(package, roots):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


_IMPORT = re.compile(
    rb"^[ \t]*(?:from[ \t]+(ai_discourse[\w.]*)[ \t]+import[ \t]+(?:\(([^)]*)\)|([\w ,\t]+))"
    rb"|import[ \t]+(ai_discourse[\w.]*))",
    re.M,
)
"""An import of the package, at any indent (lazy imports inside functions count too)."""


def _imported(package: Path, roots: tuple[str, ...]) -> list[Path]:
    """The package's source files that the modules `roots` (paths under the package)
    import, themselves included, sorted. Read with a pattern, not parsed: this runs at the
    start of every cached run, and an import it over-reads only widens the hash."""
    seen: set[Path] = set()
    todo = [package / root for root in roots]
    while todo:
        path = todo.pop()
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        for match in _IMPORT.finditer(path.read_bytes()):
            module = (match.group(1) or match.group(4)).decode()
            # `from ai_discourse.nlp import party_tone`: the package, or its module.
            imported = (match.group(2) or match.group(3) or b"").decode()
            words = imported.replace(",", " ").split()
            names = [module, *(f"{module}.{w}" for w in words if w.isidentifier())]
            for name in names:
                _, _, rest = name.partition(".")
                base = package.joinpath(*rest.split(".")) if rest else package
                todo += [base.with_suffix(".py"), base / "__init__.py"]
    return sorted(seen)


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def _hash_files(digest: Any, paths: Iterable[Path]) -> None:
    for path in paths:
        digest.update(str(path).encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<missing>")  # reported properly when the file is read


def _shipped() -> list[Path]:
    return sorted(p for p in data_dir().rglob("*") if p.is_file())


def reading_fingerprint(settings: Settings) -> str:
    """Besides the article, what changes its reading (level one): the reading code, Kiwi
    and its model, the user dictionaries, the gazetteer and the shipped files the name
    rules and the tagger read."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"schema {SCHEMA} code {_code_version(READING_CODE)}".encode())
    digest.update(f"kiwi {_version('kiwipiepy')} {_version('kiwipiepy_model')}".encode())
    shipped = [p for p in _shipped() if p.name not in SUMMARY_DATA]
    _hash_files(digest, [*shipped, *settings.userdicts, settings.entities])
    return digest.hexdigest()


def summary_fingerprint(settings: Settings) -> str:
    """Besides the reading, what changes a summary (level two): the stage's code, the
    targets, the tone lexicon and model, the frames, the stopwords."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"code {_code_version(SUMMARY_CODE)}".encode())
    digest.update(f"verbal {settings.keep_verbal_nouns}".encode())
    shipped = [p for p in _shipped() if p.name in SUMMARY_DATA]
    named = [*settings.stopwords, settings.targets]
    named += [p for p in (settings.tone_lexicon, settings.frames) if p is not None]
    _hash_files(digest, [*shipped, *named])
    return digest.hexdigest()


REDUCE_CODE = ("pipeline.py",)
"""With every module of `analysis/` (an analysis is found by name, not imported): the
code that reduces summaries to a run's tables."""


def reduce_fingerprint() -> str:
    """What besides the summaries and the run's settings changes its reduced tables: the
    reducing code and the shipped data."""
    package = Path(__file__).parent
    analyses = sorted(p.name for p in (package / "analysis").glob("*.py"))
    roots = (*REDUCE_CODE, *(f"analysis/{name}" for name in analyses))
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"schema {SCHEMA} code {_code_version(roots)}".encode())
    _hash_files(digest, _shipped())
    return digest.hexdigest()


def article_key(article: Article, fingerprint: str) -> str:
    """The reading's key of an article: `fingerprint` is `reading_fingerprint`'s."""
    digest = hashlib.blake2b(repr(article).encode(), digest_size=16, key=fingerprint[:64].encode())
    return digest.hexdigest()


def summary_key(reading_key: str, fingerprint: str) -> str:
    """The summary's key: its reading's and `summary_fingerprint`'s."""
    digest = hashlib.blake2b(reading_key.encode(), digest_size=16, key=fingerprint[:64].encode())
    return digest.hexdigest()


# --- the per-document stage ---------------------------------------------------------


class _Stage:
    """What one process needs to summarize articles: Kiwi (built when first needed: not
    to summarize from the token cache) and the resources."""

    def __init__(self, settings: Settings, *, kiwi: bool = True) -> None:
        from ai_discourse.nlp import Lexicon
        from ai_discourse.resources import load_frames, load_targets, load_tone_lexicon

        targets = load_targets(settings.targets)
        self.lexicon = Lexicon.load(settings, targets, kiwi=kiwi)
        self.setup = StanceSetup(
            targets,
            load_tone_lexicon(settings.tone_lexicon),
            load_frames(settings.frames),
            self.lexicon.stopwords,
            settings.keep_verbal_nouns,
        )

    def run(self, articles: Iterable[Article], keep: bool = False) -> Iterator[Computed]:
        """The per-document stage (`nlp.stage.COMPONENTS`, in order) on each article: its
        summary, and with `keep` its reading packed for the token cache."""
        from ai_discourse.nlp.stage import read, summarize_work

        spellings = tuple(self.lexicon.spellings.items())
        for work in read(articles, lexicon=self.lexicon):
            summary = summarize_work(work, self.setup)
            yield summary, pack_reading(work.stored(spellings)) if keep else None

    def rerun(self, article: Article, reading: Reading) -> DocSummary:
        """An article's summary from its reading in the token cache, without Kiwi."""
        from ai_discourse.nlp.stage import reread, summarize_work

        return summarize_work(reread(article, reading, lexicon=self.lexicon), self.setup)

    def process(self, items: list[Item], keep: bool) -> Iterator[Outcome]:
        """Each article's summary, in order: from its stored reading when it has one that
        decodes (no Kiwi), else from its text (Kiwi built on first need), lazily."""
        readings: list[Reading | None] = []
        for _, blob in items:
            reading = None
            if blob is not None:
                # A damaged reading, or another program's: made again from the text.
                with contextlib.suppress(DecodeError):
                    reading = unpack_reading(blob)
            readings.append(reading)
        texts = [
            article for (article, _), reading in zip(items, readings, strict=True) if not reading
        ]
        computed = self.run(texts, keep) if texts else iter(())
        for (article, blob), reading in zip(items, readings, strict=True):
            if reading is not None:
                yield Outcome(self.rerun(article, reading), None, "rebuilt")
            else:
                summary, packed = next(computed)
                yield Outcome(summary, packed, "computed" if blob is None else "rejected")


Computed = tuple[DocSummary, bytes | None]
"""A summary computed from the text, and its reading packed (None: no cache to keep it)."""

Item = tuple[Article, bytes | None]
"""An article to summarize, and its reading as the token cache stores it (None: none)."""


@dataclass(frozen=True)
class Outcome:
    """An article's summary; its reading packed when computed from the text (with a
    cache); and how: rebuilt from a reading, computed, or computed because the stored
    reading was rejected."""

    summary: DocSummary
    reading: bytes | None
    how: str


_worker: _Stage | None = None


def _worker_stage(settings: Settings) -> _Stage:
    """A stage for a worker process: Kiwi with one thread (the workers are the threads),
    built when the worker first has text to read."""
    os.environ["AI_DISCOURSE_KIWI_THREADS"] = "1"
    return _Stage(settings, kiwi=False)


def _start_worker(settings: Settings) -> None:
    global _worker
    die_with_parent()  # a killed parent must not leave 550 MB workers behind
    _worker = _worker_stage(settings)


def _summarize_chunk(items: list[Item], keep: bool) -> list[Outcome]:
    assert _worker is not None, "worker not started"
    return list(_worker.process(items, keep))


_dask_stages: dict[str, _Stage] = {}
_dask_lock = threading.Lock()


def _summarize_on_dask(
    settings: Settings, key: str, items: list[Item], keep: bool
) -> list[Outcome]:
    """A dask task: the worker's own stage (Kiwi built there, once per worker and
    settings: Kiwi objects cannot be pickled), run on a chunk of articles."""
    with _dask_lock:
        stage = _dask_stages.get(key)
        if stage is None:
            stage = _dask_stages[key] = _worker_stage(settings)
    return list(stage.process(items, keep))


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
        cache_max_bytes: int = DEFAULT_MAX_BYTES,
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
        self.cache_max_bytes = cache_max_bytes
        # Keys the cache, and each dask worker's stage.
        needed = self.cache is not None or engine == "dask"
        self.reading_fingerprint = reading_fingerprint(settings) if needed else ""
        self.summary_fingerprint = summary_fingerprint(settings) if needed else ""
        self.fingerprint = self.reading_fingerprint + self.summary_fingerprint
        self.expected = expected
        self._stage: _Stage | None = None
        self._pool: ProcessPoolExecutor | None = None
        self.cached = 0
        """Summaries read from the cache."""
        self.rebuilt = 0
        """Summaries made from their reading in the token cache (no Kiwi)."""
        self.computed = 0
        """Summaries made from the text."""
        self._keys = hashlib.blake2b(digest_size=16)
        """Every summary key given out, in order (see `run_key`)."""

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
        if not abort and self.cache is not None:
            try:
                self.cache.trim(self.cache_max_bytes)
            except CacheError as exc:
                self._cache_failed(exc)
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
        """Look a batch up in both levels of the cache and hand what the summaries lack to
        be made (rebuilt from readings, or computed from the text) before the current
        batch is given out."""
        found: dict[str, DocSummary] = {}
        readings: dict[str, bytes] = {}
        keys: list[tuple[str, str]] = []
        if self.cache is not None:
            keys = [
                (k, summary_key(k, self.summary_fingerprint))
                for k in (article_key(a, self.reading_fingerprint) for a in batch)
            ]
            try:
                found = self.cache.get_many([key for _, key in keys])
                wanted = [first for first, key in keys if key not in found]
                if self.cache is not None:
                    readings = self.cache.get_reading_blobs(wanted)
            except CacheError as exc:
                self._cache_failed(exc)
        items = [
            (a, readings.get(keys[k][0]) if keys else None)
            for k, a in enumerate(batch)
            if not keys or keys[k][1] not in found
        ]
        made = self._make(items, keep=self.cache is not None)
        return _Batch(batch, keys, found, made)

    def _finish(
        self, batch: _Batch, on_doc: Callable[[DocSummary], None] | None
    ) -> Iterator[DocSummary]:
        summaries: list[tuple[str, str, int, bytes]] = []
        fresh_readings: list[tuple[str, str, int, bytes]] = []
        used: list[tuple[str, str]] = []
        for k in range(len(batch.articles)):
            first, key = batch.keys[k] if batch.keys else ("", "")
            if key in batch.found:
                summary = batch.found[key]
                self.cached += 1
                used.append(("summaries", key))
            else:
                outcome = next(batch.made)
                summary = outcome.summary
                if outcome.how == "rebuilt":
                    self.rebuilt += 1
                    used.append(("readings", first))
                else:
                    self.computed += 1
                    if outcome.how == "rejected" and self.cache is not None:
                        self.cache.rejected += 1
                    if outcome.reading is not None and first:
                        fresh_readings.append((first, summary.id, summary.chars, outcome.reading))
            if key and key not in batch.found:
                summaries.append((key, summary.id, summary.chars, pack(summary)))
            self._keys.update(key.encode())
            if on_doc is not None:
                on_doc(summary)
            yield summary
        if self.cache is not None:
            try:
                self.cache.store(summaries=summaries, readings=fresh_readings, used=used)
            except CacheError as exc:
                self._cache_failed(exc)

    def _make(self, items: list[Item], keep: bool) -> Iterator[Outcome]:
        """Each item's outcome, in order: here, in the worker processes or on dask."""
        if not items:
            return iter(())
        if self.kind == "dask":
            return self._on_dask(items, keep)
        remaining = self.expected if self.expected is not None else len(items)
        texts = sum(blob is None for _, blob in items)
        # Rebuilding from readings is light: worth starting workers for only on a corpus
        # of thousands (they start in a second or two, without Kiwi).
        threshold = MIN_PARALLEL if texts else MIN_PARALLEL_REBUILD
        if self.jobs == 1 or (self._pool is None and remaining < threshold):
            return self._here().process(items, keep)
        return self._parallel(items, keep)

    # --- a whole run's reduced result (see analysis.stored) --------------------------------

    def run_key(self, settings: str, articles: Iterable[Article] | None = None) -> str | None:
        """The key of a run's reduced result: every summary key in order, the run's own
        `settings` (what the reduce step reads besides the summaries) and the reducing
        code. Without `articles`, of the summaries this engine gave out; with them, of
        those articles (keys only: nothing is looked up or computed). None: no cache."""
        if self.cache is None:
            return None
        keys = self._keys
        if articles is not None:
            keys = hashlib.blake2b(digest_size=16)
            for article in articles:
                first = article_key(article, self.reading_fingerprint)
                keys.update(summary_key(first, self.summary_fingerprint).encode())
        digest = hashlib.blake2b(digest_size=16)
        for part in (keys.hexdigest(), reduce_fingerprint(), settings):
            digest.update(part.encode())
        return digest.hexdigest()

    def stored_run(self, settings: str, articles: Iterable[Article]) -> bytes | None:
        """The reduced result an earlier run stored for these articles and settings."""
        if self.cache is None:
            return None
        try:
            if not self.cache.has_reduced():
                return None
            key = self.run_key(settings, articles)
            return None if key is None or self.cache is None else self.cache.get_reduced(key)
        except CacheError as exc:
            self._cache_failed(exc)
            return None

    def store_run(self, settings: str, blob: bytes) -> None:
        """Keep this run's reduced result for the next identical run."""
        key = self.run_key(settings)
        if key is None or self.cache is None:
            return
        try:
            self.cache.put_reduced(key, self.cached + self.rebuilt + self.computed, blob)
        except CacheError as exc:
            self._cache_failed(exc)

    def _here(self) -> _Stage:
        """The stage of this process (Kiwi built only if it has text to read)."""
        if self._stage is None:
            self._stage = _Stage(self.settings, kiwi=False)
        return self._stage

    def _on_dask(self, items: list[Item], keep: bool) -> Iterator[Outcome]:
        if self._client is None:
            self._client, self._cluster = _connect(self)
            self._settings = self._client.scatter(self.settings, broadcast=True)
        futures = [
            self._client.submit(
                _summarize_on_dask, self._settings, self.fingerprint, chunk, keep, pure=False
            )
            for chunk in _chunks(items)
        ]
        return _dask_results(futures)

    def _parallel(self, items: list[Item], keep: bool) -> Iterator[Outcome]:
        if self._pool is None:
            import multiprocessing

            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(self.settings,),
            )
        futures: list[Future[list[Outcome]]] = [
            self._pool.submit(_summarize_chunk, chunk, keep) for chunk in _chunks(items)
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


def _chunks(items: list[Item]) -> Iterator[list[Item]]:
    """The tasks of a batch for the workers: CHUNK articles each."""
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


@dataclass
class _Batch:
    articles: list[Article]
    keys: list[tuple[str, str]]
    """Each article's reading key and summary key (none without a cache)."""
    found: dict[str, DocSummary]
    made: Iterator[Outcome]


def _results(futures: list[Future[list[Outcome]]]) -> Iterator[Outcome]:
    for future in futures:
        yield from future.result()


def _dask_results(futures: list[Any]) -> Iterator[Outcome]:
    """Each chunk's summaries in order; a chunk that failed (dask retries a task whose
    worker died) ends the run with a clear error, never a partial table."""
    for future in futures:
        try:
            chunk = future.result()
        except Exception as exc:
            raise DistributedError(f"the dask cluster failed to summarize a chunk: {exc}") from exc
        yield from chunk
