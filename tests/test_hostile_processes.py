"""Sudden deaths and greedy requests: SIGTERM and SIGHUP stop a run as Ctrl-C does
(workers gone, no temporary file), workers die with their parent, and --jobs is held to
what the machine has."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ai_discourse.processes import WORKER_BYTES, plan_jobs

_CORPORA = ("shared/corpora/ko-wikinews/articles.jsonl",)
WIKINEWS = next(
    (
        root / name
        for root in (Path(__file__).resolve().parents[2], Path("/work"))
        for name in _CORPORA
        if (root / name).exists()
    ),
    None,
)
GB = 2**30


def test_jobs_are_held_to_the_cores() -> None:
    plan = plan_jobs(1000, cpus=2, memory=64 * GB)
    assert plan.jobs == 2
    assert plan.lowered == "--jobs 1000 lowered to 2: this machine has 2 cores"


def test_jobs_are_held_to_the_memory() -> None:
    plan = plan_jobs(8, cpus=16, memory=3 * WORKER_BYTES + 10)
    assert plan.jobs == 3
    assert (
        plan.lowered == "--jobs 8 lowered to 3: 1.8 GB of memory is free, about 600 MB per worker"
    )
    assert plan_jobs(None, cpus=4, memory=WORKER_BYTES // 2).jobs == 1
    assert plan_jobs(None, cpus=4, memory=1).jobs == 1  # always one worker, however tight


def test_a_request_the_machine_holds_is_kept() -> None:
    assert plan_jobs(2, cpus=8, memory=64 * GB).lowered is None
    assert plan_jobs(None, cpus=8, memory=64 * GB).jobs == 8
    assert plan_jobs(3, cpus=8, memory=None).jobs == 3  # memory unknown: cores only


# --- real processes -------------------------------------------------------------------------


def corpus(folder: Path, copies: int, limit: int | None = None) -> Path:
    """Korean Wikinews (CC BY 2.5, Korean Wikinews contributors) repeated with distinct
    ids and texts: enough work for worker processes to be busy for a while."""
    lines = _articles()[:limit]
    path = folder / "news.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for copy in range(copies):
            for line in lines:
                record = json.loads(line)
                record["id"] = f"{record['id']}-{copy}"
                record["text"] = f"{record['text']}\n({copy}판)"
                record.pop("url", None)
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def _articles() -> list[str]:
    """Wikinews as JSON lines, or where the shared corpora are absent, records made from
    the seeds' paragraphs (the tests need work for the workers, not these texts)."""
    if WIKINEWS is not None:
        return WIKINEWS.read_text(encoding="utf-8").splitlines()
    from ai_discourse.load import load_corpus

    from .conftest import SEEDS

    paragraphs = [p for a in load_corpus([SEEDS]).articles for p in a.body.split("\n\n")]
    return [
        json.dumps(
            {"id": f"s{k}", "text": "\n".join([*paragraphs[k % 7 :: 3], f"{k}번째 기록."])},
            ensure_ascii=False,
        )
        for k in range(640)
    ]


def descendants(pid: int) -> set[int]:
    """Every living process below `pid` (read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] != "Z":
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def start(arguments: list[str], cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "ai_discourse", *arguments],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # the test's own signals stay out of it
    )


def wait_for_workers(run: subprocess.Popen[str], count: int, seconds: float = 120) -> set[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        workers = {p for p in descendants(run.pid) if _is_worker(p)}
        if len(workers) >= count:
            time.sleep(1.0)  # well into their first chunks
            return descendants(run.pid)
        if run.poll() is not None:
            pytest.fail(f"the run ended before its workers started: {run.stderr.read()}")  # type: ignore[union-attr]
        time.sleep(0.1)
    pytest.fail("no worker processes started")


def _is_worker(pid: int) -> bool:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"spawn_main" in command  # a spawned worker, not the resource tracker


def all_gone(pids: set[int], seconds: float) -> set[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        left = {p for p in pids if alive(p)}
        if not left:
            return set()
        time.sleep(0.05)
    return {p for p in pids if alive(p)}


def leftovers(folder: Path) -> list[str]:
    return sorted(
        p.name for p in folder.rglob("*") if ".tmp" in p.name or "ai-discourse." in p.name
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sig", "engine"),
    [(signal.SIGTERM, "local"), (signal.SIGHUP, "local"), (signal.SIGTERM, "dask")],
    ids=["SIGTERM", "SIGHUP", "SIGTERM-dask"],
)
def test_a_termination_signal_stops_the_workers(
    tmp_path: Path, sig: signal.Signals, engine: str
) -> None:
    news = corpus(tmp_path, 4)
    command = ["analyze", str(news), "-j", "2", "--no-cache", "-q", "-o", "out"]
    run = start([*command, "--engine", engine], tmp_path)
    workers = wait_for_workers(run, 2)
    run.send_signal(sig)
    assert run.wait(timeout=10) == 128 + sig
    assert all_gone(workers, 5) == set()
    assert leftovers(tmp_path) == []
    assert not (tmp_path / "out").exists()
    stderr = run.stderr.read()  # type: ignore[union-attr]
    assert f"error: stopped by {sig.name}: the workers were stopped" in stderr
    assert "Traceback" not in stderr


@pytest.mark.slow
def test_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    news = corpus(tmp_path, 4)
    run = start(["analyze", str(news), "-j", "2", "--no-cache", "-q"], tmp_path)
    workers = wait_for_workers(run, 2)
    run.send_signal(signal.SIGKILL)
    run.wait(timeout=10)
    assert all_gone(workers, 5) == set()


@pytest.mark.slow
def test_a_thousand_jobs_start_as_many_workers_as_cores(tmp_path: Path) -> None:
    from ai_discourse.processes import cores

    news = corpus(tmp_path, 1, limit=150)  # enough for worker processes (64 or more)
    run = start(["analyze", str(news), "-j", "1000", "--no-cache", "-o", "out"], tmp_path)
    most = 0
    while run.poll() is None:
        most = max(most, len({p for p in descendants(run.pid) if _is_worker(p)}))
        time.sleep(0.05)
    stderr = run.stderr.read()  # type: ignore[union-attr]
    assert run.returncode == 0, stderr
    assert 1 <= most <= cores()
    assert f"note: --jobs 1000 lowered to {cores()}: " in stderr


def test_the_signal_handler_raises_in_the_main_thread() -> None:
    from ai_discourse.processes import Interrupted, signals_interrupt

    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(Interrupted) as caught, signals_interrupt():
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler interrupts this
    assert caught.value.exit_code == 128 + signal.SIGTERM
    assert signal.getsignal(signal.SIGTERM) == before  # put back as it was


NOISY = """
import logging, sys, warnings
import ai_discourse.engine as engine

real = engine._Stage.run

def noisy(self, articles, keep=False):
    # What dask and pandas do inside a run: a Python warning and a logged warning.
    warnings.warn("a library's own UserWarning", UserWarning)
    logging.getLogger("distributed.core").warning("Event loop was unresponsive in Scheduler")
    yield from real(self, articles, keep)

engine._Stage.run = noisy
from ai_discourse.cli import main
sys.argv = ["ai-discourse", *sys.argv[1:]]
main()
"""


def test_quiet_silences_the_libraries_too(tmp_path: Path) -> None:
    from .conftest import SEEDS

    def stderr(*flags: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", NOISY, "analyze", str(SEEDS), "--no-cache", *flags],
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stderr

    loud = stderr()
    assert "a library's own UserWarning" in loud and "Event loop was unresponsive" in loud
    assert stderr("-q") == ""
