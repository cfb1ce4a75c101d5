"""The cache: for each article, in one SQLite file, stored as data only, two levels:

- `readings`: what Kiwi and the name rules read of it (`nlp.reading.Reading`), keyed by
  the article and what shapes that reading (Kiwi, the user dictionaries, the gazetteer,
  the extraction code); a change of targets, lexicons, frames or stopwords keeps them;
- `summaries`: its `DocSummary`, keyed by its reading's key and everything else the
  summary depends on; rebuilt from the reading, without Kiwi, when that changes.

and, for a whole run, `reduced`: the tables the summaries reduce to, keyed by every
summary's key in order and the run's settings (stored by `pipeline` as bytes it makes).

Each row records when a run last used it; the file is kept under a size bound by
dropping the rows used longest ago (`SummaryCache.trim`).

Anyone who can write to a cache folder (a shared `--cache`, a synced home) must not be
able to make a run execute code or crash it, so:

- a summary is stored as JSON values (zlib-compressed), never as a pickle, and is read
  back by a decoder built from the dataclasses' type hints, which constructs only the
  expected types and rejects any other shape (the entry is then computed again);
- the file records the version of that structure (`SCHEMA` and a hash of the types) in a
  `meta` table: rows stored under another version are dropped, never misread;
- every SQLite or OS failure (a damaged page, a full disk, a read-only or locked folder)
  is a `CacheError` naming the file and how to clear it; the engine turns it into a
  warning and goes on without the cache, or stops with it under `--strict`.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import hashlib
import json
import os
import shlex
import sqlite3
import time
import types
import typing
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any, Generic, TypeVar

from ai_discourse.config import DEFAULT_MAX_SIZE, parse_size
from ai_discourse.errors import CacheError
from ai_discourse.nlp.reading import Reading
from ai_discourse.nlp.summary import DocSummary

SCHEMA = 4
"""Bump when what a stored value means changes while its types stay the same (the hash
of the types catches every other change). 1 was the pickle format, 2 summaries alone,
3 the two levels without the runs' reduced results."""

LEVELS = ("readings", "summaries", "reduced")
"""The tables: the token cache (level one), the summaries (level two), and the reduced
results of whole runs (see `analysis.stored`), each kept under the one size bound."""

DEFAULT_MAX_BYTES = parse_size(DEFAULT_MAX_SIZE)

FILE_NAME = "summaries.sqlite"

BUSY_SECONDS = 60.0
"""How long a run waits for another one holding the file's write lock."""

MAX_ENTRY_BYTES = 64 << 20
"""A stored entry larger than this once decompressed is damaged (or a zip bomb)."""

T = TypeVar("T")


# --- the codec: dataclasses <-> JSON values, driven by the type hints ------------------


class DecodeError(ValueError):
    """A stored value whose shape is not what the type says."""


@dataclass(frozen=True)
class Codec(Generic[T]):
    """How values of one type become JSON values and back, built once per type."""

    schema: str
    """A hash of the type's structure: field names and types, recursively."""
    to_data: Callable[[T], Any]
    from_data: Callable[[Any], T]


@dataclass(frozen=True)
class _Part:
    """The codec of one type inside another."""

    text: str
    """The type's structure, written out (what the schema hash reads)."""
    encode: Callable[[Any], Any] | None
    """None: the JSON encoder takes the value as it is (tuples become lists)."""
    decode: Callable[[Any], Any]
    exact: frozenset[type] | None = None
    """The types a JSON value may have to be taken as it is: containers check these in
    one C-level pass instead of calling `decode` per element."""
    items: frozenset[type] | None = None
    """For `tuple[X, ...]` of such an X: the item types, so that a tuple of these
    tuples (a summary's sentences of terms) is checked in one pass too."""
    among: tuple[frozenset[type], frozenset[Any]] | None = None
    """For a Literal: its values' types and its values, so that a record checks a
    Literal field with its scalars instead of calling `decode` (a mention's type)."""


def codec(tp: type[T]) -> Codec[T]:
    """The codec of a dataclass (or any supported type); raises TypeError for a type it
    cannot store faithfully (a dict, a set, an ambiguous union), so a redesign that adds
    one fails in the tests, not in a user's cache."""
    part = _part(tp, ())
    digest = hashlib.blake2b(part.text.encode(), digest_size=12).hexdigest()
    encode = part.encode or _same
    return Codec(schema=digest, to_data=encode, from_data=part.decode)


def _same(value: Any) -> Any:
    return value


_SCALARS: dict[Any, frozenset[type]] = {
    str: frozenset({str}),
    int: frozenset({int}),
    # An int is a valid float (PEP 484) and the code may well store 0 for 0.0: keep it an
    # int, as pickle did, so a table's column type does not depend on the cache.
    float: frozenset({float, int}),
    bool: frozenset({bool}),
    type(None): frozenset({type(None)}),
}


def _part(tp: Any, outer: tuple[type, ...]) -> _Part:
    if tp in _SCALARS:
        return _scalar(tp)
    if tp is bytes:
        return _Part("bytes", _bytes_encode, _bytes_decode)
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Literal:
        return _literal(args)
    if origin in (typing.Union, types.UnionType):
        return _union([_part(a, outer) for a in args])
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return _many(_part(args[0], outer))
        return _fixed([_part(a, outer) for a in args])
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if tp in outer:
            raise TypeError(f"{tp.__qualname__} contains itself: not storable")
        return _record(tp, (*outer, tp))
    raise TypeError(f"the cache cannot store values of type {tp!r}")


def _scalar(tp: type) -> _Part:
    allowed = _SCALARS[tp]
    name = "None" if tp is type(None) else tp.__name__

    def decode(value: Any) -> Any:
        if type(value) not in allowed:
            raise DecodeError(f"{name} expected, not {type(value).__name__}")
        return value

    return _Part(name, None, decode, allowed)


def _bytes_encode(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


def _bytes_decode(value: Any) -> bytes:
    if type(value) is not str:
        raise DecodeError("base64 text expected")
    try:
        return base64.b64decode(value, validate=True)
    except ValueError as exc:  # binascii.Error, or text that is not ASCII
        raise DecodeError(f"not base64 ({exc})") from None


def _literal(values: tuple[Any, ...]) -> _Part:
    kinds = frozenset(type(v) for v in values)
    if not kinds <= frozenset(_SCALARS) or {int, bool} <= kinds:
        # Mixing ints and bools: True == 1, so a check by value could not tell them apart.
        raise TypeError(f"Literal{list(values)!r}: only str, int or bool, and None storable")
    allowed = frozenset(values)

    def decode(value: Any) -> Any:
        # The type first: True == 1 would pass a value check alone.
        if type(value) not in kinds or value not in allowed:
            raise DecodeError(f"one of {sorted(map(repr, values))} expected, not {value!r}")
        return value

    text = f"Literal[{','.join(map(repr, values))}]"
    return _Part(text, None, decode, among=(kinds, allowed))


def _union(parts: list[_Part]) -> _Part:
    text = "|".join(sorted(p.text for p in parts))
    if all(p.exact is not None for p in parts):
        # Scalars are taken as JSON gives them: members that overlap (`float | int`)
        # leave nothing to choose.
        allowed = frozenset().union(*(p.exact or () for p in parts))
        return _scalar_union(text, allowed)
    # One member to build, the others None: `X | None` with X a dataclass, bytes, tuple.
    built = [p for p in parts if p.text != "None"]
    if len(built) != 1 or len(parts) != 2:
        raise TypeError(f"{text}: only X | None is storable when X is not a scalar")
    inner_decode = built[0].decode

    def decode(value: Any) -> Any:
        return None if value is None else inner_decode(value)

    if built[0].encode is None:
        return _Part(text, None, decode)
    inner_encode = built[0].encode

    def encode(value: Any) -> Any:
        return None if value is None else inner_encode(value)

    return _Part(text, encode, decode)


def _scalar_union(text: str, allowed: frozenset[type]) -> _Part:
    def decode(value: Any) -> Any:
        if type(value) not in allowed:
            raise DecodeError(f"{text} expected, not {type(value).__name__}")
        return value

    return _Part(text, None, decode, allowed)


_LIST = frozenset({list})


def _many(item: _Part) -> _Part:
    """`tuple[X, ...]`: a JSON list."""
    text = f"tuple[{item.text},...]"
    exact = item.exact
    item_encode = item.encode
    item_decode = item.decode

    rows = item.items

    def decode(value: Any) -> tuple[Any, ...]:
        if type(value) is not list:
            raise DecodeError(f"{text} expected, not {type(value).__name__}")
        if exact is not None:
            if not exact.issuperset(map(type, value)):
                raise DecodeError(f"{text}: an item of another type")
            return tuple(value)
        if rows is not None:
            if not _LIST.issuperset(map(type, value)) or not rows.issuperset(
                map(type, chain.from_iterable(value))
            ):
                raise DecodeError(f"{text}: an item of another type")
            return tuple(map(tuple, value))
        return tuple(map(item_decode, value))

    if item_encode is None:
        return _Part(text, None, decode, items=exact)
    convert = item_encode

    def encode(value: tuple[Any, ...]) -> list[Any]:
        return list(map(convert, value))

    return _Part(text, encode, decode)


def _fixed(items: list[_Part]) -> _Part:
    """`tuple[A, B]`: a JSON list of that length."""
    text = f"tuple[{','.join(p.text for p in items)}]"
    size = len(items)
    decoders = [p.decode for p in items]
    encoders = [p.encode or _same for p in items]
    leaves = [p.exact for p in items]
    if all(e is not None for e in leaves):
        exact = typing.cast(list[frozenset[type]], leaves)

        def decode(value: Any) -> tuple[Any, ...]:
            if type(value) is not list or len(value) != size:
                raise DecodeError(f"{text} expected")
            if not all(map(frozenset.__contains__, exact, map(type, value))):
                raise DecodeError(f"{text}: an item of another type")
            return tuple(value)

    else:

        def decode(value: Any) -> tuple[Any, ...]:
            if type(value) is not list or len(value) != size:
                raise DecodeError(f"{text} expected")
            return tuple([d(v) for d, v in zip(decoders, value, strict=True)])

    def encode(value: tuple[Any, ...]) -> list[Any]:
        return [e(v) for e, v in zip(encoders, value, strict=True)]

    plain = all(p.encode is None for p in items)
    return _Part(text, None if plain else encode, decode)


def _record(cls: type, outer: tuple[type, ...]) -> _Part:
    """A dataclass: the list of its field values in field order."""
    fields = dataclasses.fields(cls)
    if any(not f.init for f in fields):
        raise TypeError(f"{cls.__qualname__}: a field outside __init__ is not storable")
    hints = typing.get_type_hints(cls)
    parts = [_part(hints[f.name], outer) for f in fields]
    names = [f.name for f in fields]
    size = len(fields)
    inside = ",".join(f"{n}:{p.text}" for n, p in zip(names, parts, strict=True))
    text = f"{cls.__module__}.{cls.__qualname__}({inside})"
    get = _getter(attrgetter, names)
    converted = [(k, p.encode) for k, p in enumerate(parts) if p.encode is not None]
    # Scalars (and the types of Literals) are checked in one C-level pass, the values of
    # Literals by lookup; only the other fields call a decoder.
    scalar_at = [k for k, p in enumerate(parts) if p.exact is not None or p.among is not None]
    scalar_types = [_types_of(parts[k]) for k in scalar_at]
    # A record of scalars only (a mention, a quote) is checked as it is, without a pick.
    pick = _same if scalar_at == list(range(size)) else _getter(itemgetter, scalar_at)
    chosen = [(k, p.among[1]) for k, p in enumerate(parts) if p.among is not None]
    built = [(k, p.decode) for k, p in enumerate(parts) if k not in scalar_at]

    def encode(value: Any) -> Any:
        values = get(value)
        if not converted:
            return values
        out = list(values)
        for k, convert in converted:
            out[k] = convert(out[k])
        return out

    def decode(value: Any) -> Any:
        if type(value) is not list or len(value) != size:
            raise DecodeError(f"{cls.__qualname__}: a list of {size} values expected")
        if not all(map(frozenset.__contains__, scalar_types, map(type, pick(value)))):
            raise DecodeError(f"{cls.__qualname__}: a field of another type")
        for k, allowed in chosen:
            if value[k] not in allowed:
                raise DecodeError(f"{cls.__qualname__}: {value[k]!r} is not a value of its field")
        if not built:
            return cls(*value)
        values = value.copy()  # the caller's data stays as it was
        for k, build in built:
            values[k] = build(values[k])
        return cls(*values)

    return _Part(text, encode, decode)


def _types_of(part: _Part) -> frozenset[type]:
    if part.among is not None:
        return part.among[0]
    return typing.cast(frozenset[type], part.exact)


def _getter(make: Callable[..., Callable[[Any], Any]], keys: Sequence[Any]) -> Callable[[Any], Any]:
    """`attrgetter`/`itemgetter` of any number of keys that always returns a tuple."""
    if len(keys) >= 2:
        return make(*keys)
    if len(keys) == 1:
        one = make(keys[0])
        return lambda value: (one(value),)
    return lambda value: ()


@cache
def summary_codec() -> Codec[DocSummary]:
    """The codec of `DocSummary`, built on first use."""
    return codec(DocSummary)


@cache
def reading_codec() -> Codec[Reading]:
    """The codec of `Reading`, built on first use."""
    return codec(Reading)


def schema_version() -> str:
    """What the `meta` table records: the manual SCHEMA number and the types' hashes."""
    return f"{SCHEMA}.{summary_codec().schema}.{reading_codec().schema}"


def pack(summary: DocSummary) -> bytes:
    """A summary as stored: compact JSON, UTF-8, zlib."""
    return _pack(summary_codec().to_data(summary))


def pack_reading(reading: Reading) -> bytes:
    """A reading as stored, as `pack` stores a summary."""
    return _pack(reading_codec().to_data(reading))


def _pack(data: Any) -> bytes:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), check_circular=False)
    # surrogatepass: a lone surrogate read from a broken input file still round-trips
    # (json.loads decodes bytes with surrogatepass too).
    return zlib.compress(text.encode("utf-8", "surrogatepass"))


def unpack(blob: object) -> DocSummary:
    """A stored summary read back; DecodeError for anything that is not one."""
    return _unpack(blob, summary_codec())


def unpack_reading(blob: object) -> Reading:
    """A stored reading read back; DecodeError for anything that is not one."""
    return _unpack(blob, reading_codec())


def _unpack(blob: object, kind: Codec[T]) -> T:
    if not isinstance(blob, bytes):
        raise DecodeError(f"a blob expected, not {type(blob).__name__}")
    try:
        inflate = zlib.decompressobj()
        raw = inflate.decompress(blob, MAX_ENTRY_BYTES)
        if inflate.unconsumed_tail or not inflate.eof:
            raise DecodeError("truncated, or larger than any summary")
        return kind.from_data(json.loads(raw))
    except DecodeError:
        raise
    except (ValueError, TypeError, zlib.error, RecursionError) as exc:
        raise DecodeError(f"{type(exc).__name__}: {exc}") from None


# --- the SQLite file ----------------------------------------------------------------------


def default_cache_dir() -> Path:
    """`$XDG_CACHE_HOME/ai-discourse` (default `~/.cache/ai-discourse`)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ai-discourse"


def clear_command(folder: Path) -> str:
    """The command that deletes the cache in `folder`, ready to paste."""
    return f"ai-discourse cache clear --cache {shlex.quote(str(folder))}"


def _problem(folder: Path, doing: str, exc: BaseException) -> CacheError:
    if isinstance(exc, OSError) and exc.strerror:
        reason = exc.strerror
    else:
        reason = str(exc) or type(exc).__name__
    return CacheError(
        str(folder / FILE_NAME),
        f"the cache cannot be {doing} ({reason})",
        f"clear it with: {clear_command(folder)}",
    )


_FAILURES = (sqlite3.Error, OSError)


class SummaryCache:
    """Readings and summaries by key in one SQLite file (WAL, so two runs may share it:
    each writes whole transactions, and a key written twice gets the same value).

    Every failure of the file raises CacheError; a single entry that does not decode is
    counted in `rejected` and reads as missing, so the engine computes and rewrites it.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / FILE_NAME
        self.version = schema_version()
        self.rejected = 0
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
        except _FAILURES as exc:
            raise _problem(folder, "opened", exc) from None
        try:
            _retry(lambda: self.db.execute("PRAGMA journal_mode=WAL"))
            _retry(self._adopt)
        except _FAILURES as exc:
            self.close()
            raise _problem(folder, "opened", exc) from None

    def _adopt(self) -> None:
        """Create the tables, or empty a file written under another schema version."""
        if self._ours():
            return
        with _transaction(self.db, "BEGIN IMMEDIATE"):
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
            )
            if self._ours():  # another run adopted it while we waited for the lock
                return
            # Whatever shape the old tables had (pickles, a foreign writer's columns).
            for table in LEVELS:
                self.db.execute(f"DROP TABLE IF EXISTS {table}")
            for table in LEVELS:
                self.db.execute(
                    f"CREATE TABLE {table} (key TEXT PRIMARY KEY, doc_id TEXT, chars INTEGER,"
                    " used INTEGER NOT NULL, size INTEGER NOT NULL, value BLOB)"
                )
                self.db.execute(f"CREATE INDEX {table}_used ON {table} (used)")
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (self.version,))

    def _ours(self) -> bool:
        """Whether the file holds rows of this schema version (run inside the transaction
        that reads or writes them, so a newer version taking over the file meanwhile is
        seen)."""
        try:
            row = self.db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return False
            raise
        return row is not None and row[0] == self.version

    def get_many(self, keys: Sequence[str]) -> dict[str, DocSummary]:
        """The stored summaries of these keys (a key with no usable entry is left out)."""
        return self._get("summaries", keys, unpack)

    def get_reading_blobs(self, keys: Sequence[str]) -> dict[str, bytes]:
        """The stored readings of these keys as stored, for the process that reads them
        (`unpack_reading`; the caller counts those it rejects in `rejected`)."""
        return self._get("readings", keys, _as_bytes)

    def _get(self, table: str, keys: Sequence[str], decode: Callable[[object], T]) -> dict[str, T]:
        found: dict[str, T] = {}
        if not keys:
            return found
        try:
            with _transaction(self.db, "BEGIN"):
                if not self._ours():
                    return found
                for start in range(0, len(keys), 500):
                    part = keys[start : start + 500]
                    marks = ",".join("?" * len(part))
                    query = f"SELECT key, value FROM {table} WHERE key IN ({marks})"
                    for key, blob in self.db.execute(query, part):
                        try:
                            found[key] = decode(blob)
                        except DecodeError:
                            self.rejected += 1
        except _FAILURES as exc:
            raise _problem(self.folder, "read", exc) from None
        return found

    def has_reduced(self) -> bool:
        """Whether any run's reduced result is stored (else a run need not key its own)."""
        try:
            with _transaction(self.db, "BEGIN"):
                if not self._ours():
                    return False
                return self.db.execute("SELECT 1 FROM reduced LIMIT 1").fetchone() is not None
        except _FAILURES as exc:
            raise _problem(self.folder, "read", exc) from None

    def get_reduced(self, key: str) -> bytes | None:
        """A run's reduced result by key, as stored (marked used now)."""
        found = self._get("reduced", [key], _as_bytes)
        if key in found:
            self.store(used=[("reduced", key)])
        return found.get(key)

    def put_reduced(self, key: str, documents: int, blob: bytes) -> None:
        """Store a run's reduced result (`documents`: how many it reduced)."""
        self.store(reduced=[(key, "", documents, blob)])

    def put_many(self, items: Sequence[tuple[str, DocSummary]]) -> None:
        """Store summaries by key, replacing what is there (a rejected entry included)."""
        self.store(summaries=[(key, s.id, s.chars, pack(s)) for key, s in items])

    def store(
        self,
        *,
        summaries: Sequence[tuple[str, str, int, bytes]] = (),
        readings: Sequence[tuple[str, str, int, bytes]] = (),
        reduced: Sequence[tuple[str, str, int, bytes]] = (),
        used: Sequence[tuple[str, str]] = (),
    ) -> None:
        """Store packed summaries and readings (key, document id, characters, blob), and
        mark the (level, key) rows this run read as used now, in one transaction."""
        if not (summaries or readings or reduced or used):
            return
        now = time.time_ns()
        try:
            with _transaction(self.db, "BEGIN IMMEDIATE"):
                if not self._ours():
                    return  # a run of another version took the file over: leave it to it
                tables = (("readings", readings), ("summaries", summaries), ("reduced", reduced))
                for table, rows in tables:
                    self.db.executemany(
                        f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?, ?, ?, ?)",
                        [(key, doc, chars, now, len(blob), blob) for key, doc, chars, blob in rows],
                    )
                for table in LEVELS:
                    keys = [(now, key) for level, key in used if level == table]
                    self.db.executemany(f"UPDATE {table} SET used = ? WHERE key = ?", keys)
        except _FAILURES as exc:
            raise _problem(self.folder, "written", exc) from None

    def trim(self, max_bytes: int) -> int:
        """Drop the rows used longest ago until the stored values take at most `max_bytes`
        (both levels together); returns the bytes dropped. SQLite reuses the freed pages
        for the next rows, so the file stays near the bound."""
        try:
            with _transaction(self.db, "BEGIN IMMEDIATE"):
                if not self._ours():
                    return 0
                total = sum(
                    self.db.execute(f"SELECT COALESCE(SUM(size), 0) FROM {t}").fetchone()[0]
                    for t in LEVELS
                )
                if total <= max_bytes:
                    return 0
                oldest = self.db.execute(
                    " UNION ALL ".join(f"SELECT '{t}', key, size, used FROM {t}" for t in LEVELS)
                    + " ORDER BY used"
                )
                dropped: list[tuple[str, str]] = []
                freed = 0
                for table, key, size, _ in oldest:
                    if total - freed <= max_bytes:
                        break
                    dropped.append((table, key))
                    freed += size
                for table in LEVELS:
                    keys = [(key,) for level, key in dropped if level == table]
                    self.db.executemany(f"DELETE FROM {table} WHERE key = ?", keys)
        except _FAILURES as exc:
            raise _problem(self.folder, "written", exc) from None
        return freed

    def close(self) -> None:
        """Close the file; a damaged one closes without complaint."""
        db = getattr(self, "db", None)
        if db is not None:
            with contextlib.suppress(sqlite3.Error):
                db.close()


def _as_bytes(blob: object) -> bytes:
    if not isinstance(blob, bytes):
        raise DecodeError(f"a blob expected, not {type(blob).__name__}")
    return blob


class _transaction:
    """BEGIN … COMMIT, rolled back on any error (a failed rollback is left to the error
    that caused it)."""

    def __init__(self, db: sqlite3.Connection, begin: str) -> None:
        self.db = db
        self.begin = begin

    def __enter__(self) -> None:
        self.db.execute(self.begin)

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        if kind is None:
            self.db.execute("COMMIT")
        elif self.db.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")


def _retry(step: Callable[[], object], seconds: float = BUSY_SECONDS) -> None:
    """Run a statement another process may briefly lock (switching to WAL, creating the
    tables), waiting for it as SQLite's busy timeout does for ordinary writes."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            step()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


# --- what the `cache` commands read and do ---------------------------------------------


@dataclass(frozen=True)
class CacheInfo:
    """Where the cache file is, how many usable summaries it holds and its size on disk
    (the WAL files included); `problem` says why it holds none it could use. The levels:
    readings (the token cache) and summaries, each with the bytes its values take."""

    path: Path
    entries: int
    bytes: int
    problem: str | None = None
    readings: int = 0
    reading_bytes: int = 0
    summary_bytes: int = 0
    runs: int = 0
    """Whole runs' reduced results."""
    run_bytes: int = 0


def cache_info(folder: Path) -> CacheInfo:
    """What the cache in `folder` holds, read without changing it; a damaged file is
    reported in `problem`, never raised."""
    path = folder / FILE_NAME
    size = 0
    for part in folder.glob(f"{FILE_NAME}*"):
        try:
            size += part.stat().st_size
        except OSError:
            continue  # removed meanwhile
    if not path.exists():
        return CacheInfo(path, 0, size)
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
            row = None
            if "meta" in tables:
                row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if row is None or row[0] != schema_version():
                problem = "written by another version of ai-discourse: the next run empties it"
                return CacheInfo(path, 0, size, problem if tables else None)
            (entries, summary_bytes) = db.execute(
                "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM summaries"
            ).fetchone()
            (readings, reading_bytes) = db.execute(
                "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM readings"
            ).fetchone()
            (runs, run_bytes) = db.execute(
                "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM reduced"
            ).fetchone()
            # The count may read the key index alone: a damaged page elsewhere shows
            # only in a check of every page (a second or so per few hundred MB).
            (verdict,) = db.execute("PRAGMA quick_check(1)").fetchone()
        finally:
            db.close()
    except _FAILURES as exc:
        problem = f"{_problem(folder, 'read', exc).problem}; clear it with: {clear_command(folder)}"
        return CacheInfo(path, 0, size, problem)
    if verdict != "ok":
        found = " ".join(line for line in verdict.splitlines() if not line.startswith("***"))
        problem = f"the cache is damaged ({found}); clear it with: {clear_command(folder)}"
        return CacheInfo(path, int(entries), size, problem)
    return CacheInfo(
        path,
        int(entries),
        size,
        None,
        int(readings),
        int(reading_bytes),
        int(summary_bytes),
        int(runs),
        int(run_bytes),
    )


def clear_cache(folder: Path) -> int:
    """Remove the cache files (the WAL and shared-memory files too), damaged or not;
    returns the bytes freed."""
    freed = 0
    for path in folder.glob(f"{FILE_NAME}*"):
        try:
            freed += path.stat().st_size
        except FileNotFoundError:
            continue
        path.unlink(missing_ok=True)
    return freed
