"""Output sets appear whole or not at all: a death at any point leaves the previous
complete set or the new one, `run.json` tells which, and what a dead run left is swept
by the next one (only what is recognisably ours)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ai_discourse.render import publish
from ai_discourse.render.publish import MANIFEST, PENDING, own_prefix, read_manifest, sha256

from .conftest import SEEDS

OLD = {"a.csv": b"old a", "b.csv": b"old b", "gone.csv": b"only in the old run"}
NEW = {"a.csv": b"new a" * 100, "b.csv": b"new b", "c.svg": b"<svg/>"}


def writers(contents: dict[str, bytes]) -> dict[str, publish.Writer]:
    def writer(data: bytes) -> publish.Writer:
        return lambda handle: handle.write(data)

    return {name: writer(data) for name, data in contents.items()}


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.name not in (MANIFEST, PENDING)}


def complete(folder: Path) -> bool:
    """The reader's rule from the README: run.json present, and every file it lists
    there with its SHA-256."""
    manifest = read_manifest(folder)
    if manifest is None:
        return False
    return all(
        (folder / entry["name"]).is_file() and sha256(folder / entry["name"]) == entry["sha256"]
        for entry in manifest["files"]
    )


def test_a_new_folder_gets_the_files_and_a_manifest(tmp_path: Path) -> None:
    out = tmp_path / "new" / "out"
    written = publish.publish(out, writers(NEW), extra={"command": "test"})
    assert [p.name for p in written] == [*NEW, MANIFEST]
    assert files(out) == NEW
    manifest = read_manifest(out)
    assert manifest is not None and manifest["command"] == "test" and manifest["complete"]
    assert [(e["name"], e["bytes"]) for e in manifest["files"]] == [
        (name, len(data)) for name, data in NEW.items()
    ]
    assert complete(out)
    assert sorted(p.name for p in (tmp_path / "new").iterdir()) == ["out"]  # no staging left


def test_an_earlier_set_is_swapped_whole(tmp_path: Path) -> None:
    out = tmp_path / "out"
    publish.publish(out, writers(OLD))
    before = out.stat().st_ino
    publish.publish(out, writers(NEW))
    assert files(out) == NEW  # gone.csv went with the old set
    assert complete(out)
    assert out.stat().st_ino != before  # one exchange of folders, not file by file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_folder_with_files_of_yours_is_filled_file_by_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    publish.publish(out, writers(OLD))
    (out / "my notes.txt").write_text("mine", encoding="utf-8")
    before = out.stat().st_ino
    publish.publish(out, writers(NEW))
    assert out.stat().st_ino == before  # never swapped away with the user's file in it
    assert files(out) == NEW | {"my notes.txt": b"mine"}  # gone.csv removed: it was ours
    assert complete(out)


def test_the_working_directory_is_never_swapped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    publish.publish(out, writers(OLD))
    monkeypatch.chdir(out)
    publish.publish(Path("."), writers(NEW))
    assert Path.cwd().resolve() == out.resolve() and files(out) == NEW and complete(out)


def test_a_symlinked_out_folder_keeps_its_link(tmp_path: Path) -> None:
    real = tmp_path / "real"
    publish.publish(real, writers(OLD))
    link = tmp_path / "link"
    link.symlink_to(real)
    publish.publish(link, writers(NEW))
    assert link.is_symlink() and files(real) == NEW and complete(real)


def test_a_file_where_the_folder_should_be_is_an_error(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.write_text("not a folder", encoding="utf-8")
    with pytest.raises(NotADirectoryError):
        publish.publish(out, writers(NEW))
    assert out.read_text(encoding="utf-8") == "not a folder"


def test_a_writer_that_fails_changes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    publish.publish(out, writers(OLD))

    def half(handle: object) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        publish.publish(out, {**writers(NEW), "b.csv": half})
    assert files(out) == OLD and complete(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


# --- deaths, in a child process killed with SIGKILL at each step ---------------------------

DEATH = r"""
import os, signal, sys
from pathlib import Path
from ai_discourse.render import publish

out, mode, step = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
new = {"a.csv": b"new a" * 100, "b.csv": b"new b", "c.svg": b"<svg/>"}
calls = 0

def count():
    global calls
    calls += 1
    if calls == step:
        os.kill(os.getpid(), signal.SIGKILL)

def writer(data):
    def write(handle):
        handle.write(data[: len(data) // 2])
        if mode == "write":
            count()
        handle.write(data[len(data) // 2 :])
    return write

for name in ("replace", "rename", "unlink"):
    real = getattr(os, name)
    def patched(*args, real=real, name=name, **kwargs):
        if mode == "move":
            count()
        return real(*args, **kwargs)
    setattr(publish.os, name, patched)
real_exchange = publish.exchange
def exchange(a, b):
    done = real_exchange(a, b)
    if mode == "move":
        count()
    return done
publish.exchange = exchange
publish.publish(out, {k: writer(v) for k, v in new.items()})
print("finished")
"""


def _die_at(out: Path, mode: str, step: int) -> bool:
    """Publish NEW over `out` in a child that kills itself at `step`; True when it
    finished without reaching that step."""
    done = subprocess.run(
        [sys.executable, "-c", DEATH, str(out), mode, str(step)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode == 0:
        return True
    assert done.returncode == -9, done.stderr
    return False


@pytest.mark.slow
@pytest.mark.parametrize("foreign", [False, True], ids=["own folder", "shared folder"])
def test_a_death_at_any_step_leaves_a_set_you_can_tell(tmp_path: Path, foreign: bool) -> None:
    outcomes = set()
    for mode in ("write", "move"):
        for step in range(1, 20):
            out = tmp_path / f"{mode}{step}" / "out"
            publish.publish(out, writers(OLD))
            if foreign:
                (out / "mine.txt").write_bytes(b"mine")
            finished = _die_at(out, mode, step)
            mine = {"mine.txt": b"mine"} if foreign else {}
            if complete(out):
                state = files(out)
                assert state in (OLD | mine, NEW | mine), (mode, step, state)
                outcomes.add("new" if state == NEW | mine else "old")
            else:
                # Only a shared folder can be caught between two sets, and then without
                # run.json: a reader sees it is not a complete run.
                assert foreign and mode == "move", (mode, step)
                assert MANIFEST not in os.listdir(out)
                outcomes.add("partial")
            # The next run sweeps what the dead one left, and publishes whole.
            publish.publish(out, writers(NEW))
            assert files(out) == NEW | mine and complete(out)
            assert sorted(os.listdir(out.parent)) == ["out"]
            if finished:
                break
    assert {"old", "new"} <= outcomes
    if foreign:
        assert "partial" in outcomes


# --- what dead runs leave ------------------------------------------------------------------


def test_the_next_run_sweeps_only_what_dead_runs_left(tmp_path: Path) -> None:
    dead = _dead_pid()
    out = tmp_path / "out"
    publish.publish(out, writers(OLD))
    host = own_prefix("x").split("@")[1].rstrip(".")
    stale_dir = tmp_path / f".out.ai-discourse.{dead}@{host}.k2j4h5"
    stale_dir.mkdir()
    (stale_dir / "a.csv").write_bytes(b"half")
    stale_tmp = out / f".keywords.csv.ai-discourse.{dead}@{host}.abc123.tmp"
    legacy = out / ".keywords.csv.a1b2c3d4.tmp"  # what versions before run.json left
    alive = out / f".b.csv.ai-discourse.{os.getppid()}@{host}.abc123.tmp"
    other_host = tmp_path / f".out.ai-discourse.{dead}@elsewhere.k2j4h5"
    foreign = [out / ".my.tmp", out / "notes.tmp", out / ".keywords.csv.tmp", other_host]
    for path in [stale_tmp, legacy, alive, *foreign]:
        path.write_bytes(b"x")
    publish.publish(out, writers(NEW))
    assert not stale_dir.exists() and not stale_tmp.exists() and not legacy.exists()
    assert alive.exists() and all(p.exists() for p in foreign)


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_atomic_file_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    publish.atomic_file(target, lambda handle: handle.write(b"<p>old</p>"))

    def interrupted(handle: object) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        publish.atomic_file(target, interrupted)
    assert os.listdir(tmp_path) == ["report.html"] and target.read_bytes() == b"<p>old</p>"


# --- through the command line -----------------------------------------------------------


def test_the_workbook_is_the_same_bytes_for_the_same_input(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from ai_discourse.cli import app

    books = []
    for n in range(2):
        out = tmp_path / f"out{n}"
        result = CliRunner().invoke(
            app, ["analyze", str(SEEDS), "-o", str(out), "-x", "xlsx,parquet", "-q", "--no-cache"]
        )
        assert result.exit_code == 0, result.output
        books.append((out / "ai-discourse.xlsx").read_bytes())
        if n == 0:
            import time

            time.sleep(2.1)  # a zip stores times to 2 seconds: make a later save visible
    assert books[0] == books[1]
    with zipfile.ZipFile(tmp_path / "out0" / "ai-discourse.xlsx") as book:
        assert {info.date_time for info in book.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        core = book.read("docProps/core.xml").decode()
    assert ">2000-01-01T00:00:00Z</dcterms:created>" in core
    assert ">2000-01-01T00:00:00Z</dcterms:modified>" in core
    assert (tmp_path / "out0" / "keywords.parquet").read_bytes() == (
        tmp_path / "out1" / "keywords.parquet"
    ).read_bytes()


def test_the_report_is_in_the_set_or_recorded_by_it(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from ai_discourse.cli import app

    out = tmp_path / "out"
    command = ["trends", str(SEEDS), "-o", str(out), "-q", "--no-cache"]
    inside = CliRunner().invoke(app, [*command, "--report", str(out / "report.html")])
    assert inside.exit_code == 0, inside.output
    manifest = read_manifest(out)
    assert manifest is not None and "report.html" in {e["name"] for e in manifest["files"]}
    assert complete(out)
    report = tmp_path / "elsewhere" / "report.html"
    outside = CliRunner().invoke(app, [*command, "--report", str(report)])
    assert outside.exit_code == 0, outside.output
    manifest = read_manifest(out)
    assert manifest is not None and not (out / "report.html").exists()  # a new set
    assert manifest["report"] == {"path": str(report), "sha256": sha256(report)}
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["command"] == "trends"
