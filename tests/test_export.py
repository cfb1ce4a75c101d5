"""Exports are atomic: an interrupted write leaves the old file (or none), never half of one."""

from __future__ import annotations

import json
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
    assert [p.name for p in written][-2:] == ["summary.json", "run.json"]
    for path in written:
        assert path.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


HOSTILE = [
    '=HYPERLINK("http://evil.example/x","click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\tleading tab",
    "\rcarriage return",
]


def test_csv_neutralises_formulas_in_text_cells_only() -> None:
    import pandas as pd

    table = pd.DataFrame(
        {
            "title": [*HOSTILE, "평범한 제목 = 수식 아님", None],
            "count": [-1, 2, -3, 4, 5, 6, 7, 8],
            "score": [-0.5, 0.0, 1.5, -2.0, 0.1, 0.2, 0.3, 0.4],
        }
    )
    text = export.csv_bytes(table).decode("utf-8-sig")
    back = pd.read_csv(__import__("io").StringIO(text), keep_default_na=False)
    assert list(back.title[:6]) == ["'" + t for t in HOSTILE]
    assert back.title[6] == "평범한 제목 = 수식 아님"  # a formula sign inside the text is harmless
    assert back.title[7] == ""
    assert list(back["count"]) == [-1, 2, -3, 4, 5, 6, 7, 8]  # numbers stay numbers
    assert back.score[0] == -0.5


def test_hostile_titles_are_inert_in_the_exported_documents(tmp_path: Path) -> None:
    import csv

    from ai_discourse import analyze

    for n, title in enumerate(HOSTILE[:4]):
        record = {"title": title, "text": f"네이버가 새 AI 모델 {n}호를 공개했다. 반응은 좋았다."}
        (tmp_path / f"{n}.jsonl").write_text(
            json.dumps(record, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
    result = analyze([tmp_path])
    assert sorted(result.documents.title) == sorted(HOSTILE[:4])  # the data keeps the text
    export.export(result, tmp_path / "out")
    with (tmp_path / "out" / "documents.csv").open(encoding="utf-8-sig", newline="") as f:
        titles = sorted(row["title"] for row in csv.DictReader(f))
    assert titles == sorted("'" + t for t in HOSTILE[:4])
    assert all(not t.startswith(("=", "+", "-", "@")) for t in titles)


def test_an_export_interrupted_midway_changes_no_file(
    tmp_path: Path,
    seed_analysis,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "out"
    export.export(seed_analysis, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    calls = []
    real = export.write_csv

    def failing(table, handle) -> None:  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 3:  # the third file fails halfway through
            handle.write(b"half a row,")
            raise KeyboardInterrupt
        real(table, handle)

    monkeypatch.setattr(export, "write_csv", failing)
    with pytest.raises(KeyboardInterrupt):
        export.export(seed_analysis, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
