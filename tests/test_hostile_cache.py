"""A cache folder others can write to, a damaged file, a full or read-only disk: the cache
never runs code, never crashes a run and never changes its tables (real SQLite files, a
real tmpfs, the real command line)."""

from __future__ import annotations

import base64
import json
import os
import pickle
import random
import shlex
import shutil
import sqlite3
import subprocess
import sys
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

import pytest
from typer.testing import CliRunner

from ai_discourse import cache
from ai_discourse.cache import DecodeError, SummaryCache, codec, pack, unpack, unpack_reading
from ai_discourse.cli import app
from ai_discourse.config import Settings
from ai_discourse.errors import CacheError, ExitCode
from ai_discourse.nlp import Lexicon
from ai_discourse.nlp.reading import Reading
from ai_discourse.nlp.stage import summarize
from ai_discourse.nlp.summary import DocSummary, StanceSetup
from ai_discourse.records import Doc
from ai_discourse.resources import load_frames, load_targets, load_tone_lexicon

from .conftest import ROOT, SEEDS

LAYOUTS = ROOT / "tests" / "fixtures" / "layouts"
runner = CliRunner()


@dataclass
class Run:
    """What a command did: its exit code, stdout, stderr and --out folder."""

    code: int
    stdout: str
    stderr: str
    out: Path

    @property
    def files(self) -> dict[str, Any]:
        """The files written, byte for byte, but summary.json without its notes (a
        warning is the one thing a damaged cache may add) and run.json (when and how)."""
        found: dict[str, Any] = {}
        for path in sorted(self.out.iterdir()):
            if path.name == "summary.json":
                document = json.loads(path.read_text(encoding="utf-8"))
                document.pop("notes")
                found[path.name] = document
            elif path.name != "run.json":
                found[path.name] = path.read_bytes()
        assert len(found) > 10
        return found

    @property
    def notes(self) -> list[dict[str, str]]:
        """The notes in summary.json (what `--format json` prints too)."""
        notes: list[dict[str, str]] = json.loads((self.out / "summary.json").read_text())["notes"]
        return notes


def analyze(out: Path, *options: str) -> Run:
    """`ai-discourse analyze seeds/ layouts/ --out OUT OPTIONS` (30-odd articles: a cache
    of several dozen pages). Not `--format json`: it silences the notes on stderr."""
    args = ["analyze", str(SEEDS), str(LAYOUTS), "--out", str(out), *options]
    result = runner.invoke(app, args)
    # Only typer.Exit (SystemExit) may end a run: anything else would be a traceback.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return Run(result.exit_code, result.stdout, result.stderr, out)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The run without a cache."""
    run = analyze(tmp_path_factory.mktemp("baseline") / "out", "--no-cache")
    assert run.code == ExitCode.OK, run.stderr
    return run


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder a first run filled (each test damages its own copy)."""
    where = tmp_path_factory.mktemp("filled")
    assert analyze(where / "out", "--cache", str(where / "cache")).code == ExitCode.OK
    return where / "cache"


def copy_of(filled: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "cache"
    shutil.copytree(filled, folder)
    return folder


def warnings(run: Run) -> list[str]:
    return [line for line in run.stderr.splitlines() if line.startswith("warning: ")]


# --- a pickle where a summary would be ------------------------------------------------------


class Payload:
    """Unpickled, it runs a shell command: what an attacker writes into a shared cache."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.system, (f"touch {shlex.quote(str(self.marker))}",))


@pytest.mark.parametrize("era", ["rows", "file"])
def test_a_pickle_in_the_cache_is_never_run(
    era: str, filled: Path, baseline: Run, tmp_path: Path
) -> None:
    """rows: every stored summary replaced by the payload; file: the same in a file that
    looks written by the pickle-era version (no meta table)."""
    marker = tmp_path / "pwned"
    payload = zlib.compress(pickle.dumps(Payload(marker)))
    pickle.loads(zlib.decompress(payload))  # the payload is live: it does run under pickle
    assert marker.exists()
    marker.unlink()

    folder = copy_of(filled, tmp_path)
    db = sqlite3.connect(folder / "summaries.sqlite")
    for level in ("summaries", "readings"):
        assert db.execute(f"UPDATE {level} SET value = ?", (payload,)).rowcount > 30
    # The stored run too: it would otherwise be reused without reading the others.
    assert db.execute("UPDATE reduced SET value = ?", (payload,)).rowcount == 1
    if era == "file":
        db.execute("DROP TABLE meta")
    db.commit()
    db.close()

    run = analyze(tmp_path / "out", "--cache", str(folder))
    assert not marker.exists()
    assert run.code == ExitCode.OK, run.stderr
    assert run.files == baseline.files
    if era == "rows":
        (warning,) = warnings(run)
        assert "could not be read" in warning and "ai-discourse cache clear --cache" in warning
    else:  # another version's file is emptied, silently: nothing was wrong with it
        assert not warnings(run)
    # Every entry was written again, as data.
    db = sqlite3.connect(folder / "summaries.sqlite")
    blobs = [blob for (blob,) in db.execute("SELECT value FROM summaries")]
    readings = [blob for (blob,) in db.execute("SELECT value FROM readings")]
    db.close()
    assert len(blobs) > 30 and all(isinstance(unpack(b), DocSummary) for b in blobs)
    assert len(readings) == len(blobs) and all(
        isinstance(unpack_reading(b), Reading) for b in readings
    )
    assert not marker.exists()


# --- a garbage page in the middle of the file -------------------------------------------------


def damage_a_page(path: Path) -> None:
    """Overwrite a page near the middle with random bytes: the first B-tree page (table or
    index: flag byte 2, 5, 10 or 13) from the middle on, a page SQLite must parse to
    find the rows (garbage in an overflow page would only spoil one entry's bytes)."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    (size,) = db.execute("PRAGMA page_size").fetchone()
    db.close()
    data = path.read_bytes()
    pages = len(data) // size
    assert pages >= 16, "too small a file to have a middle"
    middle = pages // 2
    number = next(
        n for n in [*range(middle, pages), *range(1, middle)] if data[n * size] in (2, 5, 10, 13)
    )
    with path.open("r+b") as handle:
        handle.seek(number * size)
        handle.write(random.Random(7).randbytes(size))


def test_a_garbage_page_is_a_warning_and_the_tables_stay_the_same(
    filled: Path, baseline: Run, tmp_path: Path
) -> None:
    folder = copy_of(filled, tmp_path)
    damage_a_page(folder / "summaries.sqlite")
    damaged = (folder / "summaries.sqlite").read_bytes()

    run = analyze(tmp_path / "out", "--cache", str(folder))
    assert run.code == ExitCode.OK
    (warning,) = warnings(run)
    assert warning.startswith(f"warning: {folder / 'summaries.sqlite'}: the cache cannot be ")
    assert "malformed" in warning
    assert warning.endswith(f"clear it with: ai-discourse cache clear --cache {folder})")
    assert run.files == baseline.files
    (note,) = run.notes
    assert note["kind"] == "warning" and warning == f"warning: {note['path']}: {note['message']}"

    (folder / "summaries.sqlite").write_bytes(damaged)
    strict = analyze(tmp_path / "strict-out", "--cache", str(folder), "--strict")
    assert strict.code == ExitCode.USAGE
    assert strict.stdout == "" and not strict.out.exists()
    (line,) = strict.stderr.splitlines()
    assert line.startswith(f"error: {folder / 'summaries.sqlite'}: the cache cannot be ")
    assert line.endswith(f"ai-discourse cache clear --cache {folder} (or run with --no-cache)")

    # The cache commands work on it: info says what it can, clear removes every file.
    info = runner.invoke(app, ["cache", "info", "--cache", str(folder)])
    assert info.exit_code == 0 and info.exception is None
    assert json.loads(info.stdout)["path"] == str(folder / "summaries.sqlite")
    # `cache info` says so too, whichever of its reads meets the page first.
    problem = cache.cache_info(folder).problem or ""
    assert "the cache is damaged" in problem or "malformed" in problem
    for name in ("summaries.sqlite-wal", "summaries.sqlite-shm"):
        (folder / name).write_bytes(b"\xff" * 4096)
    cleared = runner.invoke(app, ["cache", "clear", "--cache", str(folder)])
    assert cleared.exit_code == 0 and cleared.exception is None
    assert list(folder.iterdir()) == []


def test_a_file_that_is_no_database_is_a_warning_or_under_strict_an_error(
    tmp_path: Path, settings: Settings
) -> None:
    from ai_discourse import pipeline

    (tmp_path / "summaries.sqlite").write_bytes(b"this is no database" * 300)
    result = pipeline.analyze([SEEDS], settings=settings, cache_dir=tmp_path)
    (note,) = [n for n in result.notes if n.kind == "warning"]
    assert note.path == str(tmp_path / "summaries.sqlite")
    assert note.message.startswith("the cache cannot be opened (file is not a database)")
    with pytest.raises(CacheError, match="cache clear --cache"):
        pipeline.analyze([SEEDS], settings=replace(settings, strict=True), cache_dir=tmp_path)


# --- a disk that is full, or read-only --------------------------------------------------------


class NoMount(Exception):
    """Neither `mount` nor a private mount namespace is allowed here."""


@contextmanager
def mounted(where: Path, options: str) -> Iterator[None]:
    """A tmpfs at `where` for the block (root, as here and in CI)."""
    where.mkdir(exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True
    )
    if done.returncode != 0:
        raise NoMount(done.stderr.decode(errors="replace").strip())
    try:
        yield
    finally:
        subprocess.run(["umount", "--lazy", str(where)], check=True)


def analyze_on_tmpfs(where: Path, options: str, out: Path) -> Run:
    """`analyze … --cache WHERE` with a tmpfs at WHERE: mounted here when allowed, else in
    a private mount namespace around the command (a process of its own)."""
    try:
        with mounted(where, options):
            return analyze(out, "--cache", str(where))
    except NoMount as direct:
        where.mkdir(exist_ok=True)
        command = [sys.executable, "-m", "ai_discourse", "analyze", str(SEEDS), str(LAYOUTS)]
        command += ["--out", str(out), "--cache", str(where)]
        script = f'mount -t tmpfs -o {options} tmpfs {shlex.quote(str(where))} && exec "$@"'
        namespace = ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script]
        done = subprocess.run([*namespace, "sh", *command], capture_output=True, text=True)
        if done.returncode != 0 and "mount" in done.stderr and not out.exists():
            pytest.skip(f"cannot mount a tmpfs here ({direct}; unshare: {done.stderr.strip()})")
        assert "Traceback" not in done.stderr
        return Run(done.returncode, done.stdout, done.stderr, out)


@pytest.mark.parametrize(
    ("options", "problem"),
    [("size=128k", "written (database or disk is full)"), ("ro,size=128k", "opened")],
    ids=["full", "read-only"],
)
def test_a_full_or_read_only_disk_is_a_warning_and_the_files_are_written(
    options: str, problem: str, baseline: Run, tmp_path: Path
) -> None:
    run = analyze_on_tmpfs(tmp_path / "small", options, tmp_path / "out")
    assert run.code == ExitCode.OK, run.stderr
    (warning,) = warnings(run)
    assert f"the cache cannot be {problem}" in warning
    assert "ai-discourse cache clear --cache" in warning
    assert run.files == baseline.files


# --- the codec ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_summaries(seed_docs: list[Doc], settings: Settings, lexicon: Lexicon) -> list[DocSummary]:
    """The seed articles' summaries with the shipped targets: mentions, quotes, evidence
    and a signature in them."""
    setup = StanceSetup(
        load_targets(settings.targets),
        load_tone_lexicon(settings.tone_lexicon),
        load_frames(settings.frames),
        lexicon.stopwords,
        settings.keep_verbal_nouns,
    )
    summaries = [summarize(doc, setup) for doc in seed_docs]
    assert all(s.mentions and s.evidence and s.signature and s.noun_runs for s in summaries)
    assert any(s.quotes for s in summaries)
    return summaries


def test_real_summaries_round_trip(seed_summaries: list[DocSummary]) -> None:
    for summary in seed_summaries:
        assert unpack(pack(summary)) == summary
        data = json.loads(json.dumps(cache.summary_codec().to_data(summary)))
        assert cache.summary_codec().from_data(data) == summary
        assert cache.summary_codec().from_data(data) == summary  # data left as it was


def _spoil(data: list[Any], field: str, value: Any) -> list[Any]:
    names = list(DocSummary.__dataclass_fields__)
    spoiled = json.loads(json.dumps(data))
    spoiled[names.index(field)] = value
    return spoiled


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("chars", "12"),  # a str for an int
        ("chars", True),  # a bool for an int
        ("chars", 1.5),  # a float for an int
        ("title", None),  # None where the type has no None
        ("title", ["a"]),
        ("bigkinds", 0),  # an int for a bool
        ("terms", ["a", 1]),  # an item of another type
        ("terms", {"a": 1}),  # a dict for a tuple
        ("sentence_terms", [["a"], "b"]),
        ("mentions", [["x"]]),  # a Mention of one value
        ("mentions", [{"entity": "x"}]),
        ("target_mentions", [["네이버", 1, 2]]),  # a pair of three
        ("target_mentions", [["네이버", "1"]]),
        ("signature", "not base64!"),
        ("signature", "서명"),
        ("signature", 7),
    ],
)
def test_a_wrong_shape_is_rejected(
    seed_summaries: list[DocSummary], field: str, value: Any
) -> None:
    data = json.loads(json.dumps(cache.summary_codec().to_data(seed_summaries[0])))
    with pytest.raises(DecodeError):
        cache.summary_codec().from_data(_spoil(data, field, value))
    blob = zlib.compress(json.dumps(_spoil(data, field, value)).encode())
    with pytest.raises(DecodeError):
        unpack(blob)


def test_a_wrong_literal_and_a_wrong_length_are_rejected(seed_summaries: list[DocSummary]) -> None:
    data = json.loads(json.dumps(cache.summary_codec().to_data(seed_summaries[0])))
    mentions = list(DocSummary.__dataclass_fields__).index("mentions")
    mention = data[mentions][0]
    assert mention[1] in ("ORG", "PER", "LOC")
    for spoiled in (["EVIL", *[]], [*mention[:-1]], [*mention, "extra"]):
        wrong = json.loads(json.dumps(data))
        wrong[mentions][0] = (
            [mention[0], *spoiled, *mention[2:]] if spoiled == ["EVIL"] else spoiled
        )
        with pytest.raises(DecodeError):
            cache.summary_codec().from_data(wrong)
    with pytest.raises(DecodeError):
        cache.summary_codec().from_data(data[:-1])


@pytest.mark.parametrize(
    "blob",
    [
        b"",
        b"not zlib",
        zlib.compress(b"not json"),
        zlib.compress(b"[" * 100_000),  # deeper than any decoder may recurse
        zlib.compress(b'{"a": 1}'),
        zlib.compress(pickle.dumps(("a", 1))),
        zlib.compress(b"[1, 2]")[:-3],  # truncated
        "text, not a blob",
        None,
    ],
)
def test_what_is_no_entry_is_rejected(blob: object) -> None:
    with pytest.raises(DecodeError):
        unpack(blob)


def test_an_entry_larger_than_any_summary_is_not_inflated(
    seed_summaries: list[DocSummary], monkeypatch: pytest.MonkeyPatch
) -> None:
    blob = pack(seed_summaries[0])
    monkeypatch.setattr(cache, "MAX_ENTRY_BYTES", len(zlib.decompress(blob)) - 1)
    with pytest.raises(DecodeError, match="larger"):
        unpack(blob)


@dataclass(frozen=True, slots=True)
class Inner:
    name: str
    blob: bytes
    kind: Literal["a", "b"] = "a"


@dataclass(frozen=True)
class Outer:
    inner: Inner | None
    pair: tuple[str, int]
    rows: tuple[tuple[Inner, ...], ...]
    score: float
    flag: bool | None = None
    empty: tuple[()] = ()


def test_the_codec_covers_the_types_a_summary_may_use() -> None:
    value = Outer(
        inner=Inner("\udcff lone surrogate, 한글, \x00", b"\x00\xff" * 9, "b"),
        pair=("x", -3),
        rows=((Inner("a", b""),), ()),
        score=0,  # an int in a float field stays an int
        flag=False,
    )
    for it in (value, replace(value, inner=None, score=float("inf"), flag=None)):
        data = codec(Outer).to_data(it)
        text = json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass")
        back = codec(Outer).from_data(json.loads(text))
        assert back == it and type(back.score) is type(it.score)
    data = json.loads(json.dumps(codec(Outer).to_data(value)))
    assert data[0][1] == base64.b64encode(b"\x00\xff" * 9).decode()
    data[0][2] = "c"
    with pytest.raises(DecodeError):
        codec(Outer).from_data(data)


def test_the_schema_hash_follows_the_type_structure() -> None:
    @dataclass(frozen=True)
    class Point:
        x: int

    first = codec(Point).schema

    @dataclass(frozen=True)  # type: ignore[no-redef]
    class Point:
        x: int

    assert codec(Point).schema == first  # the same structure, the same hash

    @dataclass(frozen=True)  # type: ignore[no-redef]
    class Point:
        x: int
        y: int = 0

    added = codec(Point).schema

    @dataclass(frozen=True)  # type: ignore[no-redef]
    class Point:
        x: str

    retyped = codec(Point).schema

    @dataclass(frozen=True)  # type: ignore[no-redef]
    class Point:
        z: int

    renamed = codec(Point).schema
    assert len({first, added, retyped, renamed}) == 4
    assert codec(Outer).schema != codec(Inner).schema


def test_a_type_the_codec_cannot_store_is_refused_when_it_is_built() -> None:
    @dataclass
    class Loose:
        meta: dict[str, str]

    with pytest.raises(TypeError, match="cannot store"):
        codec(Loose)

    @dataclass
    class Ambiguous:
        value: Inner | tuple[str, ...]

    with pytest.raises(TypeError, match=r"only X \| None"):
        codec(Ambiguous)


def test_rows_of_another_schema_are_dropped_never_read(
    seed_summaries: list[DocSummary], tmp_path: Path
) -> None:
    store = SummaryCache(tmp_path)
    store.put_many([("k", seed_summaries[0])])
    assert store.get_many(["k"]) == {"k": seed_summaries[0]}
    store.db.execute("UPDATE meta SET value = 'another' WHERE key = 'schema'")
    assert store.get_many(["k"]) == {}  # a newer version took the file: ours are not read
    store.put_many([("k2", seed_summaries[0])])  # nor written into it
    store.close()
    assert cache.cache_info(tmp_path).entries == 0
    store = SummaryCache(tmp_path)  # adopted again: the other version's rows are gone
    assert store.db.execute("SELECT COUNT(*) FROM summaries").fetchone() == (0,)
    store.close()


def test_a_cache_locked_too_long_is_a_cache_error(
    seed_summaries: list[DocSummary], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "BUSY_SECONDS", 0.2)
    store = SummaryCache(tmp_path)
    other = sqlite3.connect(tmp_path / "summaries.sqlite", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another run, holding the write lock
    try:
        with pytest.raises(
            CacheError, match="the cache cannot be written \\(database is locked\\)"
        ):
            store.put_many([("k", seed_summaries[0])])
    finally:
        other.execute("ROLLBACK")
        other.close()
    store.put_many([("k", seed_summaries[0])])  # released, it works again
    assert store.get_many(["k"]) == {"k": seed_summaries[0]}
    store.close()
