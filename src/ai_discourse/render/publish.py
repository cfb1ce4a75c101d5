"""Output sets that appear whole or not at all.

A run's files (tables, pictures, the workbook, summary.json, a report kept in the same
folder) are written into a staging folder beside `--out`, flushed to disk, and only then
switched in:

- `--out` does not exist yet: the staging folder is renamed to it (one rename).
- `--out` holds only the files of an earlier run (as its `run.json` lists them): the two
  folders are exchanged in one step (Linux `renameat2(RENAME_EXCHANGE)`), then the old
  set is deleted. Readers see the previous complete set or the new one, never a mix.
- Otherwise (the folder also holds files of yours, it is the working directory, or the
  system cannot exchange folders): the files are moved in one by one, but `run.json` is
  removed first and written last. A folder without `run.json` is a set being written, or
  one whose writer died: never read it as a run's output.

`run.json` lists the files of the run with their sizes and SHA-256, so any reader (and
the next run) can tell a complete set from a partial one. Whatever a dead run leaves (a
staging folder, a temporary file) carries its process id and host in its name; the next
run removes those whose process is gone, and nothing else.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import json
import os
import re
import shutil
import socket
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from ai_discourse.version import __version__

MANIFEST = "run.json"
"""Written last into a complete output set: the run's files, sizes and SHA-256."""
MANIFEST_SCHEMA = 1
PENDING = ".run.json.pending"
"""While a shared folder is filled file by file: the names of the old and the new set."""

Writer = Callable[[BinaryIO], object]

_MARK = "ai-discourse"
_HOST = re.sub(r"[^A-Za-z0-9_-]", "_", socket.gethostname())[:40] or "host"
# `.<name>.ai-discourse.<pid>@<host>.<random>[.tmp]`: what this module leaves behind
# when its process dies, recognisable by the process that made it.
_OWN = re.compile(
    r"^\..+\." + _MARK + r"\.(?P<pid>\d+)@(?P<host>[A-Za-z0-9_-]+)\.[a-z0-9_]+(\.tmp)?$"
)
# What versions before the output sets left: `.<file>.<8 random characters>.tmp`.
_LEGACY = re.compile(r"^\..+\.(csv|parquet|xlsx|json|svg|graphml|html|tsv)\.[a-z0-9_]{8}\.tmp$")


def own_prefix(name: str) -> str:
    """The start of the name of a temporary file or folder made for `name` by this
    process (see `sweep`)."""
    return f".{name}.{_MARK}.{os.getpid()}@{_HOST}."


def atomic_file(path: Path, write: Writer) -> None:
    """Write one file so that readers see the old file or the new one, never half: the
    bytes go to a temporary file beside it, are flushed to disk, then renamed over it.
    Whatever goes wrong (an error, Ctrl-C, SIGTERM), the temporary file is removed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sweep(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=own_prefix(path.name), suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600 files; give the usual mode
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def publish(
    out_dir: Path,
    files: Mapping[str, Writer],
    *,
    extra: Mapping[str, Any] | None = None,
) -> list[Path]:
    """Write `files` (name -> writer) into `out_dir` as one set, with `run.json` (see the
    module's docstring). `extra` adds keys to `run.json`. Returns the paths written, the
    manifest last. On any failure or interruption the previous set is left as it was and
    the staging folder is removed."""
    target = _target(out_dir)
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(out_dir))
    target.parent.mkdir(parents=True, exist_ok=True)
    sweep(target.parent)
    if target.is_dir():
        sweep(target)
    staging = Path(tempfile.mkdtemp(prefix=own_prefix(target.name), dir=target.parent))
    try:
        os.chmod(staging, _folder_mode(target))
        for name, write in files.items():
            _write_new(staging / name, write)
        manifest = _manifest(staging, list(files), extra or {})
        _write_new(staging / MANIFEST, lambda handle: handle.write(manifest))
        _fsync_dir(staging)
        _commit(staging, target, list(files))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [out_dir / name for name in (*files, MANIFEST)]


def read_manifest(folder: Path, name: str = MANIFEST) -> dict[str, Any] | None:
    """A folder's `run.json`, or None when there is none (or it is not ours)."""
    try:
        data = json.loads((folder / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("tool") != "ai-discourse":
        return None
    return data


def manifest_files(manifest: Mapping[str, Any] | None) -> set[str]:
    """The file names a manifest lists."""
    if manifest is None:
        return set()
    return {
        str(entry["name"])
        for entry in manifest.get("files", [])
        if isinstance(entry, dict) and isinstance(entry.get("name"), str)
    }


def sweep(folder: Path) -> list[Path]:
    """Remove what dead runs left in `folder`: staging folders and temporary files named
    by `own_prefix` whose process (on this host) is gone, and the `.<file>.xxxxxxxx.tmp`
    files of earlier versions. Nothing else is touched. Returns what was removed."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _OWN.match(entry.name)
        if match:
            if match["host"] != _HOST or _alive(int(match["pid"])):
                continue
        elif not (_LEGACY.match(entry.name) and entry.is_file(follow_symlinks=False)):
            continue
        path = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(path)
            else:
                path.unlink()
        except OSError:
            continue  # another run removed it first, or it is not ours to remove
        removed.append(path)
    return removed


# --- how the set is switched in ---------------------------------------------------------


def _commit(staging: Path, target: Path, names: list[str]) -> None:
    if not target.exists():
        try:
            os.rename(staging, target)
            _fsync_dir(target.parent)
            return
        except OSError as exc:
            if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                raise
            # Another run made the folder meanwhile: replace it as an existing one.
    if _replaceable(target) and exchange(staging, target):
        _fsync_dir(target.parent)
        shutil.rmtree(staging, ignore_errors=True)  # the previous set, now at staging
        return
    _merge(staging, target, names)


def _merge(staging: Path, target: Path, names: list[str]) -> None:
    """File by file, with `run.json` gone while the folder is between two sets. The
    names of both sets are kept in `.run.json.pending` meanwhile, so that the run after
    a death here still knows which files were ours."""
    previous = _ours(target)
    pending = {
        "tool": "ai-discourse",
        "files": [{"name": n} for n in sorted(previous | set(names))],
    }
    _write_new(staging / PENDING, lambda handle: handle.write(json.dumps(pending).encode()))
    os.replace(staging / PENDING, target / PENDING)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(target / MANIFEST)
    _fsync_dir(target)
    for name in names:
        os.replace(staging / name, target / name)
    for name in previous - set(names) - {MANIFEST, PENDING}:
        with contextlib.suppress(FileNotFoundError, IsADirectoryError):
            os.unlink(target / name)  # a file of the previous run that this one does not make
    os.replace(staging / MANIFEST, target / MANIFEST)
    _fsync_dir(target)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(target / PENDING)
    shutil.rmtree(staging, ignore_errors=True)


def _ours(target: Path) -> set[str]:
    """The files of earlier runs in `target`: those its run.json lists, and those of a
    run that died while filling the folder (its `.run.json.pending`)."""
    names = manifest_files(read_manifest(target))
    return names | manifest_files(read_manifest(target, PENDING))


def _replaceable(target: Path) -> bool:
    """Whether the whole folder may be swapped: it holds only an earlier run's files (or
    nothing), is no mount point, and is not where the user (this process) stands."""
    if os.path.ismount(target):
        return False
    with contextlib.suppress(OSError):
        here = Path.cwd().resolve()
        if here == target.resolve() or target.resolve() in here.parents:
            return False
    ours = _ours(target) | {MANIFEST, PENDING}
    try:
        present = {e.name for e in os.scandir(target) if not _OWN.match(e.name)}
    except OSError:
        return False
    return not present or (bool(present & {MANIFEST, PENDING}) and present <= ours)


def exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 with RENAME_EXCHANGE). False where
    the system or the file system cannot (then nothing changed)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False  # a C library without renameat2 (glibc before 2.28)
    at_fdcwd, rename_exchange = -100, 2
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.argtypes += [ctypes.c_uint]
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EXDEV, errno.EPERM):
        return False
    raise OSError(code, os.strerror(code), str(b))


# --- helpers ------------------------------------------------------------------------------


def _target(out_dir: Path) -> Path:
    """The folder to switch: a symlink's own target (the link itself stays)."""
    path = Path(os.path.abspath(out_dir))
    return path.resolve() if path.is_symlink() else path


def _write_new(path: Path, write: Writer) -> None:
    with path.open("xb") as handle:
        write(handle)
        handle.flush()
        os.fsync(handle.fileno())


def _manifest(folder: Path, names: Iterable[str], extra: Mapping[str, Any]) -> bytes:
    entries = []
    for name in names:
        path = folder / name
        entries.append({"name": name, "bytes": path.stat().st_size, "sha256": sha256(path)})
    document = {
        "tool": "ai-discourse",
        "version": __version__,
        "schema": MANIFEST_SCHEMA,
        "complete": True,
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        **extra,
        "files": entries,
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def sha256(path: Path) -> str:
    """A file's SHA-256, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _folder_mode(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        return 0o777 & ~_umask()


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable (a no-op where folders cannot be opened, as on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
