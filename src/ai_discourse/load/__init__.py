"""Anything on disk -> Article records, with a Skipped entry (path, reason, hint) per bad input."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ai_discourse.errors import InputError
from ai_discourse.records import Article, Skipped

from .encoding import decode, normalize_text
from .records import parse_jsonl
from .text import parse_page

TEXT_SUFFIXES = frozenset({".txt", ".text"})
RECORD_SUFFIXES = frozenset({".jsonl", ".ndjson"})
SUPPORTED = TEXT_SUFFIXES | RECORD_SUFFIXES
MAX_BYTES = 50_000_000
"""Larger files are skipped with a message: one article never needs 50 MB of text."""

__all__ = ["SUPPORTED", "Corpus", "iter_inputs", "load_corpus"]


@dataclass
class Corpus:
    """The loaded articles, what was skipped and why, and how many duplicates were dropped."""

    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    duplicates: int = 0


def load_corpus(paths: Iterable[str | Path], *, encoding: str | None = None) -> Corpus:
    """Load every article under `paths` (files or folders, recursive), in a stable order.

    Articles whose text (or URL) was already seen are counted in `duplicates`, not loaded.
    """
    corpus = Corpus()
    seen_text: set[str] = set()
    seen_url: set[str] = set()
    for item in iter_inputs(paths, encoding=encoding):
        if isinstance(item, Skipped):
            corpus.skipped.append(item)
            continue
        digest = content_hash(item.body)
        if digest in seen_text or (item.url and item.url in seen_url):
            corpus.duplicates += 1
            continue
        seen_text.add(digest)
        if item.url:
            seen_url.add(item.url)
        corpus.articles.append(item)
    return corpus


def content_hash(text: str) -> str:
    """A short stable hash of an article's text (ids, duplicate detection, token cache)."""
    return hashlib.blake2b(" ".join(text.split()).encode("utf-8"), digest_size=8).hexdigest()


def iter_inputs(
    paths: Iterable[str | Path], *, encoding: str | None = None
) -> Iterator[Article | Skipped]:
    """Yield Articles and Skipped entries lazily, file by file, in a deterministic order."""
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            yield Skipped(str(raw), "no such file or directory", "check the path")
            continue
        if path.is_dir():
            files = list(_walk(path))
            if not files:
                suffixes = ", ".join(sorted(SUPPORTED))
                yield Skipped(str(raw), f"no article files ({suffixes}) in this folder")
            for file in files:
                yield from _load_file(file, encoding=encoding)
        else:
            yield from _load_file(path, encoding=encoding)


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
            if not name.startswith(".") and Path(name).suffix.lower() in SUPPORTED:
                yield Path(dirpath) / name


def _load_file(path: Path, *, encoding: str | None) -> Iterator[Article | Skipped]:
    shown = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        yield Skipped(
            shown, f"unsupported file type {suffix or '(none)'}", "pass .txt or .jsonl files"
        )
        return
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            yield Skipped(
                shown,
                f"file too large ({size / 1e6:.0f} MB)",
                "split it into one article per file or per .jsonl line",
            )
            return
        data = path.read_bytes()
    except PermissionError:
        yield Skipped(shown, "permission denied", "check the file's permissions")
        return
    except OSError as exc:
        yield Skipped(shown, f"cannot read ({exc.strerror or exc})")
        return
    if not data.strip():
        yield Skipped(shown, "empty file")
        return
    try:
        text = normalize_text(decode(data, shown, encoding=encoding))
    except InputError as exc:
        yield Skipped(exc.path, exc.reason, exc.hint)
        return
    if suffix in RECORD_SUFFIXES:
        yield from parse_jsonl(text, path=shown)
        return
    article = parse_page(text, path=shown, article_id=path.stem)
    if not article.body.strip():
        yield Skipped(shown, "no article text left after removing page boilerplate")
        return
    yield article
