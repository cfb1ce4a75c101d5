"""Exports are atomic: an interrupted write leaves the old file (or none), never half of one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ai_discourse.render import export


def test_atomic_write_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "k.csv"
    export.atomic_write(target, b"old")
    export.atomic_write(target, b"new content")
    assert target.read_bytes() == b"new content"
    assert [p.name for p in tmp_path.iterdir()] == ["k.csv"]


def test_interrupted_write_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "k.csv"
    target.write_bytes(b"old")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        export.atomic_write(target, b"new" * 1000)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["k.csv"]


def test_export_all_tables(tmp_path: Path, seed_analysis) -> None:  # type: ignore[no-untyped-def]
    written = export.export(seed_analysis, tmp_path / "new" / "dir")
    assert [p.name for p in written][:3] == ["documents.csv", "keywords.csv", "tfidf.csv"]
    assert written[-1].name == "summary.json"
    for path in written:
        assert path.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
