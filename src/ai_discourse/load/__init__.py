"""Anything on disk -> Article records, with a Skipped entry (path, reason, hint) per bad
input and a Note for what the user should know (rows left out, truncated bodies)."""

from __future__ import annotations

import codecs
import hashlib
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ai_discourse.config import MAX_DOC_CHARS
from ai_discourse.errors import InputError
from ai_discourse.records import Article, Note, Skipped

from .boilerplate import RecurringLines, source_key
from .encoding import decode, is_utf16, no_nul, normalize_text, utf8_file
from .limits import LIMIT_HINT, bytes_over_limit, over_limit
from .tabular import (
    TableOptions,
    read_delimited,
    read_delimited_file,
    read_jsonl,
    read_jsonl_file,
    read_xlsx,
)
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
    """How inputs are read: a forced encoding, forced column names, BigKinds exclusions,
    and the characters one document (a page, a row) may have."""

    encoding: str | None = None
    columns: Mapping[str, str] = field(default_factory=dict)
    include_excluded: bool = False
    max_doc_chars: int = MAX_DOC_CHARS

    def table(self) -> TableOptions:
        return TableOptions(
            columns=self.columns,
            include_excluded=self.include_excluded,
            max_doc_chars=self.max_doc_chars,
        )


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
        self._noted = False

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
        """Every article, cleaned of its source's recurring paragraphs, in order (the
        first pass read to the end notes what it removed; later passes remove the same)."""
        self.scan()
        removed: Counter[str] = Counter()
        for item in self._unique():
            if isinstance(item, Article):
                cleaned, n = self._recurring.clean(item)
                if n:
                    removed[source_key(item)] += n
                yield cleaned
        if self._noted:
            return
        self._noted = True
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
            found = False
            for entry in _walk(path):
                found = True
                if isinstance(entry, Skipped):
                    yield entry
                else:
                    yield from _load_file(entry, options)
            if not found:
                suffixes = ", ".join(sorted(SUPPORTED))
                yield Skipped(str(raw), f"no article files ({suffixes}) in this folder")
        else:
            yield from _load_file(path, options)


def _walk(root: Path) -> Iterator[Path | Skipped]:
    """Supported files under `root`, sorted, following symlinks once (loops are cut), and
    a Skipped entry for each folder that cannot be listed, where the walk meets it."""
    seen: set[str] = set()
    errors: list[OSError] = []
    # os.walk leaves out a folder it cannot list unless told; `errors` is filled while
    # the walk advances, so each is reported before the files that follow it.
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append, followlinks=True):
        yield from map(_unlisted, errors)
        errors.clear()
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
    yield from map(_unlisted, errors)


def _unlisted(error: OSError) -> Skipped:
    """A folder the walk could not list, as the user sees it."""
    shown = str(error.filename)
    if isinstance(error, PermissionError):
        return Skipped(shown, "permission denied", "check the folder's permissions")
    return Skipped(shown, f"cannot read this folder ({error.strerror or error})")


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
        if suffix in TEXT_SUFFIXES and _at_most_4_bytes(options.encoding):
            too_long = bytes_over_limit(size, options.max_doc_chars)
            if too_long:
                yield Skipped(shown, too_long, LIMIT_HINT)
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
        if suffix in RECORD_SUFFIXES | TABLE_SUFFIXES and _streamed(options.encoding):
            # UTF-8 rows, read as they are parsed: a file of 100 M characters is never
            # held. Any other encoding is detected on the whole file, below.
            plain = utf8_file(path)
            if plain == "empty":
                yield Skipped(shown, "empty file")
                return
            if plain == "text":
                read = read_jsonl_file if suffix in RECORD_SUFFIXES else read_delimited_file
                yield from read(path, shown=shown, options=options.table())
                return
        data = path.read_bytes()
        if not data.strip():
            yield Skipped(shown, "empty file")
            return
        decoded = decode(data, shown, encoding=options.encoding)
        if options.encoding and "\x00" in decoded and not is_utf16(options.encoding):
            no_nul(data, shown)  # a forced codec decodes NULs as it should: still no text
        text = normalize_text(decoded)
        if suffix in RECORD_SUFFIXES:
            yield from read_jsonl(text, path=shown, options=options.table())
        elif suffix in TABLE_SUFFIXES:
            yield from read_delimited(text, path=shown, options=options.table())
        elif len(text) > options.max_doc_chars:
            yield Skipped(shown, over_limit(len(text), options.max_doc_chars), LIMIT_HINT)
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


def _streamed(encoding: str | None) -> bool:
    """Whether a JSON Lines file is read line by line under `--encoding` (None:
    detected, which tries UTF-8 first): UTF-8 only."""
    if encoding is None:
        return True
    try:
        return codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")
    except LookupError:
        return False


_NARROW_CODECS = frozenset(
    {"utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le"}
    | {"utf-32-be", "cp949", "euc_kr", "johab", "ascii", "iso8859-1", "cp1252"}
)


def _at_most_4_bytes(encoding: str | None) -> bool:
    """Whether text in `encoding` (None: detected, so UTF-8, UTF-16 or CP949) takes at
    most 4 bytes per character, so that a file's size bounds its characters. UTF-7 and
    the escape codecs a user may force take more."""
    if encoding is None:
        return True
    try:
        return codecs.lookup(encoding).name in _NARROW_CODECS
    except LookupError:
        return False  # decode() names the unknown encoding
