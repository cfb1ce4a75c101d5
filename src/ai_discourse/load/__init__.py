"""Anything on disk -> Article records, with a Skipped entry (path, reason, hint) per bad
input and a Note for what the user should know (rows left out, truncated bodies)."""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ai_discourse.errors import InputError
from ai_discourse.records import Article, Note, Skipped

from .boilerplate import RecurringLines, source_key
from .encoding import decode, normalize_text
from .tabular import TableOptions, read_delimited, read_jsonl, read_xlsx
from .text import parse_page

TEXT_SUFFIXES = frozenset({".txt", ".text"})
RECORD_SUFFIXES = frozenset({".jsonl", ".ndjson"})
TABLE_SUFFIXES = frozenset({".csv", ".tsv"})
EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm"})
SUPPORTED = TEXT_SUFFIXES | RECORD_SUFFIXES | TABLE_SUFFIXES | EXCEL_SUFFIXES
MAX_TEXT_BYTES = 50_000_000
"""A single page dump larger than this is no article: skipped with a message."""

__all__ = ["SUPPORTED", "Corpus", "LoadOptions", "iter_inputs", "load_corpus"]


@dataclass(frozen=True)
class LoadOptions:
    """How inputs are read: a forced encoding, forced column names, BigKinds exclusions."""

    encoding: str | None = None
    columns: Mapping[str, str] = field(default_factory=dict)
    include_excluded: bool = False

    def table(self) -> TableOptions:
        return TableOptions(columns=self.columns, include_excluded=self.include_excluded)


@dataclass
class Corpus:
    """The loaded articles, what was skipped and why, notes, and duplicates dropped."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    duplicates: int = 0

    @property
    def excluded(self) -> int:
        """Rows left out because BigKinds marked them 분석제외."""
        return sum(n.count for n in self.notes if n.kind == "excluded")


class CorpusStream:
    """The articles under some paths, read twice instead of held: `scan()` reads every
    input once (what was skipped, notes, duplicates, and each source's paragraph
    counts for the boilerplate), then `articles()` reads them again and yields each
    article cleaned, in the same stable order. Memory holds hashes and counts, never
    the corpus; after `articles()` is exhausted, `corpus` has the boilerplate notes too.
    """

    def __init__(self, paths: Iterable[str | Path], options: LoadOptions | None = None) -> None:
        self.paths = list(paths)
        self.options = options or LoadOptions()
        self.corpus = Corpus()
        self.count = 0
        self._recurring = RecurringLines()
        self._scanned = False

    def _unique(self) -> Iterator[Article | Skipped | Note]:
        seen_text: set[str] = set()
        seen_url: set[str] = set()
        for item in iter_inputs(self.paths, options=self.options):
            if isinstance(item, Article):
                digest = content_hash(item.body)
                duplicate = digest in seen_text or (item.url is not None and item.url in seen_url)
                seen_text.add(digest)
                if item.url:
                    seen_url.add(item.url)
                if duplicate:
                    if not self._scanned:
                        self.corpus.duplicates += 1
                    continue
            yield item

    def scan(self) -> Corpus:
        """Read every input once; returns the corpus so far (no articles in it)."""
        if not self._scanned:
            for item in self._unique():
                if isinstance(item, Skipped):
                    self.corpus.skipped.append(item)
                elif isinstance(item, Note):
                    self.corpus.notes.append(item)
                else:
                    self.count += 1
                    self._recurring.add(item)
            self._scanned = True
        return self.corpus

    def articles(self) -> Iterator[Article]:
        """Every article, cleaned of its source's recurring paragraphs, in order."""
        self.scan()
        removed: Counter[str] = Counter()
        for item in self._unique():
            if isinstance(item, Article):
                cleaned, n = self._recurring.clean(item)
                if n:
                    removed[source_key(item)] += n
                yield cleaned
        for source, n in removed.items():
            self.corpus.notes.append(
                Note(
                    source,
                    f"{n} paragraphs repeated across its {self._recurring.docs[source]} "
                    "documents removed as page boilerplate",
                    count=n,
                    kind="boilerplate",
                )
            )


def load_corpus(
    paths: Iterable[str | Path],
    *,
    encoding: str | None = None,
    options: LoadOptions | None = None,
) -> Corpus:
    """Load every article under `paths` (files or folders, recursive), in a stable order.

    Articles whose text (or URL) was already seen are counted in `duplicates`, not loaded.
    Paragraphs that recur verbatim in many pages of one source (a site's footer) are
    removed, with a Note per source (see `boilerplate.RecurringLines`). For corpora too
    large to hold, `CorpusStream` yields the same articles one by one.
    """
    stream = CorpusStream(paths, options or LoadOptions(encoding=encoding))
    articles = list(stream.articles())
    stream.corpus.articles = articles
    return stream.corpus


def content_hash(text: str) -> str:
    """A short stable hash of an article's text (ids, duplicate detection, token cache)."""
    return hashlib.blake2b(" ".join(text.split()).encode("utf-8"), digest_size=8).hexdigest()


def iter_inputs(
    paths: Iterable[str | Path], *, options: LoadOptions | None = None
) -> Iterator[Article | Skipped | Note]:
    """Yield Articles, Skipped and Note entries lazily, file by file, in a stable order."""
    options = options or LoadOptions()
    for raw in paths:
        path = Path(raw)
        try:
            exists, is_dir = path.exists(), path.is_dir()
        except OSError as exc:  # e.g. a symlink loop given directly
            yield Skipped(str(raw), f"cannot open ({exc.strerror or exc})", "check the path")
            continue
        if not exists:
            yield Skipped(str(raw), "no such file or directory", "check the path")
            continue
        if is_dir:
            files = list(_walk(path))
            if not files:
                suffixes = ", ".join(sorted(SUPPORTED))
                yield Skipped(str(raw), f"no article files ({suffixes}) in this folder")
            for file in files:
                yield from _load_file(file, options)
        else:
            yield from _load_file(path, options)


def _walk(root: Path) -> Iterator[Path]:
    """Supported files under `root`, sorted, following symlinks once (loops are cut)."""
    seen: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        real = os.path.realpath(dirpath)
        if real in seen:
            dirnames[:] = []
            continue
        seen.add(real)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith((".", "~$")):  # hidden files, Excel lock files
                continue
            if Path(name).suffix.lower() in SUPPORTED:
                yield Path(dirpath) / name


def _load_file(path: Path, options: LoadOptions) -> Iterator[Article | Skipped | Note]:
    shown = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        kinds = ", ".join(sorted(SUPPORTED))
        yield Skipped(shown, f"unsupported file type {suffix or '(none)'}", f"pass {kinds} files")
        return
    try:
        size = path.stat().st_size
        if suffix in TEXT_SUFFIXES and size > MAX_TEXT_BYTES:
            yield Skipped(
                shown,
                f"{size / 1e6:.0f} MB is too large for one article "
                f"(limit {MAX_TEXT_BYTES // 1_000_000} MB)",
                "split it into one article per file, or use .jsonl/.csv with one per row",
            )
            return
        if size == 0:
            yield Skipped(shown, "empty file")
            return
        with path.open("rb"):
            pass  # fail here, with the path, on permission problems
    except PermissionError:
        yield Skipped(shown, "permission denied", "check the file's permissions")
        return
    except OSError as exc:
        yield Skipped(shown, f"cannot read ({exc.strerror or exc})")
        return
    try:
        if suffix in EXCEL_SUFFIXES:
            yield from read_xlsx(path, options=options.table())
            return
        data = path.read_bytes()
        if not data.strip():
            yield Skipped(shown, "empty file")
            return
        text = normalize_text(decode(data, shown, encoding=options.encoding))
        if suffix in RECORD_SUFFIXES:
            yield from read_jsonl(text, path=shown, options=options.table())
        elif suffix in TABLE_SUFFIXES:
            yield from read_delimited(text, path=shown, options=options.table())
        else:
            article = parse_page(text, path=shown, article_id=path.stem)
            if article.body.strip():
                yield article
            else:
                yield Skipped(shown, "no article text left after removing page boilerplate")
    except InputError as exc:
        yield Skipped(exc.path, exc.reason, exc.hint)
    except OSError as exc:
        yield Skipped(shown, f"cannot read ({exc.strerror or exc})")
