"""The seed corpus rendered on a fixed-width, colourless console, compared with a reviewed file.

After an intended change: `pytest tests/test_golden.py --update-golden`, then review the diff.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from ai_discourse.render.console import render_analysis

GOLDEN = Path(__file__).parent / "golden"


def render(result) -> str:  # type: ignore[no-untyped-def]
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=100,
        color_system=None,
        force_terminal=False,
        legacy_windows=False,
        highlight=False,
    )
    render_analysis(result, console)
    return buffer.getvalue()


def test_seed_tables_match_golden(seed_analysis, request: pytest.FixtureRequest) -> None:  # type: ignore[no-untyped-def]
    text = render(seed_analysis)
    golden = GOLDEN / "analyze_seeds.txt"
    if request.config.getoption("--update-golden") or not golden.exists():
        golden.write_text(text, encoding="utf-8")
        if not request.config.getoption("--update-golden"):
            pytest.fail(f"{golden} did not exist: written now, review and commit it")
    assert text == golden.read_text(encoding="utf-8")
