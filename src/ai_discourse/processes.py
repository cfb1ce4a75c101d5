"""The process side of a run: how many workers the machine can hold, workers that die
with their parent, and termination signals handled like Ctrl-C.

- `--jobs` is capped at the cores this process may use and at the memory available
  (a worker holds its own Kiwi: about `WORKER_BYTES`).
- A worker process stops when its parent is gone, however the parent died
  (`PR_SET_PDEATHSIG` on Linux, and a watchdog thread everywhere).
- SIGTERM and SIGHUP (what `timeout`, CI runners and `docker stop` send, and a closed
  terminal) raise `Interrupted` in the main thread, as SIGINT does: the same cleanup
  runs (workers stopped, the dask cluster closed, temporary files removed).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from types import FrameType

WORKER_BYTES = 600 * 1024 * 1024
"""What one worker process holds at most: Kiwi's model and a chunk's documents (about
550 MB measured on the Wikinews corpus)."""
SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class Interrupted(KeyboardInterrupt):
    """A termination signal: unwinds like Ctrl-C, so every cleanup that Ctrl-C runs
    runs; `exit_code` is the shell's convention, 128 + the signal's number."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        self.exit_code = 128 + signum
        super().__init__(signal.Signals(signum).name)


@dataclass(frozen=True)
class JobPlan:
    """The worker processes a run starts, and why fewer than asked (None: as asked)."""

    jobs: int
    lowered: str | None = None


def cores() -> int:
    """The cores this process may run on (its CPU affinity, e.g. in a container)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def available_memory() -> int | None:
    """Bytes of memory available for new processes without swapping (Linux
    MemAvailable), or None where unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


def plan_jobs(
    requested: int | None, *, cpus: int | None = None, memory: int | None = None
) -> JobPlan:
    """Worker processes for `requested` (None: as many as cores): at most the cores, and
    at most the workers the available memory holds (`WORKER_BYTES` each), at least one.
    `cpus` and `memory` default to this machine's."""
    cpus = cpus if cpus is not None else cores()
    memory = memory if memory is not None else available_memory()
    wanted = requested if requested is not None else cpus
    jobs, reasons = wanted, []
    if jobs > cpus:
        jobs = cpus
        reasons.append(f"this machine has {cpus} core{'s' if cpus != 1 else ''}")
    if memory is not None:
        fits = max(1, memory // WORKER_BYTES)
        if jobs > fits:
            jobs = fits
            reasons.append(
                f"{memory / 2**30:.1f} GB of memory is free, about "
                f"{WORKER_BYTES // 2**20} MB per worker"
            )
    jobs = max(1, jobs)
    if jobs == wanted:
        return JobPlan(jobs)
    asked = f"--jobs {requested}" if requested is not None else f"{wanted} workers (one per core)"
    return JobPlan(jobs, f"{asked} lowered to {jobs}: {'; '.join(reasons)}")


# --- workers -----------------------------------------------------------------------------


def die_with_parent(poll: float = 1.0) -> None:
    """In a worker process: exit as soon as the process that started it is gone, and
    leave Ctrl-C to the parent (which stops the workers itself)."""
    parent = os.getppid()
    with contextlib.suppress(ValueError, OSError):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)

    def watch() -> None:
        # Where PDEATHSIG does not exist: a parent's death makes the worker an orphan,
        # adopted by another process (its parent id changes).
        stop = threading.Event()
        while not stop.wait(poll):
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="ai-discourse-parent-watch", daemon=True).start()


# --- the main process ------------------------------------------------------------------


@contextlib.contextmanager
def signals_interrupt() -> Iterator[None]:
    """Within the block, SIGINT, SIGTERM and SIGHUP raise `Interrupted` in the main
    thread (the first one; a second one of the same kind acts as the system's default,
    so a stuck cleanup can still be killed). Outside the main thread: no change."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.getsignal(sig) for sig in SIGNALS}

    def handler(signum: int, frame: FrameType | None) -> None:
        for sig in SIGNALS:
            signal.signal(sig, signal.SIG_DFL if sig == signum else signal.SIG_IGN)
        raise Interrupted(signum)

    for sig in SIGNALS:
        signal.signal(sig, handler)
    try:
        yield
    finally:
        for sig, old in previous.items():
            with contextlib.suppress(TypeError, ValueError):
                signal.signal(sig, old)
