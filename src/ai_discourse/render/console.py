"""The terminal: each analysis's section drawn with rich (see `analysis.spec.Show`).

An analysis's section says what to show (tables of its top rows, lines, pointers to the
files that hold the rest); `ConsoleShow` draws it on the Console it is given (tests pass
their own). Every string reaches the terminal as inert text (`render.safe`).

A terminal table shows its top rows only (each table's default, or `top` for every
table); under a cut table one line says how many rows were left out and which exported
file holds them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ai_discourse.analysis.spec import Cell, Col, Lines, Styled, Tone
from ai_discourse.render.safe import cell, terminal_text

if TYPE_CHECKING:
    import pandas as pd

    from ai_discourse.analysis.result import Analysis
    from ai_discourse.analysis.spec import Spec

KWIC_ROWS = 20
"""Places the kwic command shows (`--top` sets it)."""


def more_line(hidden: int, noun: str, file: str, out: Path | None = None) -> str:
    """The line under a cut table: `… 627 more documents in out/tfidf.csv`."""
    if out is not None:
        return f"… {hidden:,} more {noun} in {Path(out) / file}"
    return f"… {hidden:,} more {noun} (--out DIR writes them all to {file})"


def tone_text(net: float) -> Text:
    """A net tone, green when positive and red when negative (plain under NO_COLOR or
    when the output is no colour terminal: rich decides)."""
    style = "green" if net > 0 else "red" if net < 0 else ""
    return Text(f"{net:+.2f}", style=style)


class ConsoleShow:
    """`analysis.spec.Show` on a rich Console."""

    def __init__(
        self,
        console: Console,
        *,
        top: int | None = None,
        out: Path | None = None,
        full: bool = False,
        options: Mapping[str, Any] | None = None,
    ) -> None:
        self.console = console
        self.top = top
        self.out = out
        self.full = full
        self.options: Mapping[str, Any] = options or {}
        self.width = console.width

    def rows(self, default: int) -> int:
        return self.top if self.top is not None else default

    def table(
        self,
        title: str,
        columns: Sequence[Col],
        rows: Iterable[Sequence[Cell]],
        *,
        header: bool = True,
    ) -> None:
        table = Table(title=cell(title), title_justify="left", show_header=header)
        for column in columns:
            layout: dict[str, Any] = {"justify": column.justify}
            for name in ("overflow", "max_width", "width", "min_width", "style"):
                if getattr(column, name):
                    layout[name] = getattr(column, name)
            if column.no_wrap:
                layout["no_wrap"] = True
            table.add_column(cell(column.header), **layout)
        for row in rows:
            table.add_row(*(_cell(value) for value in row))
        self.console.print(table)

    def line(self, text: str, *, style: str = "", wrap: bool = False) -> None:
        self.console.print(cell(text, style=style), soft_wrap=wrap)

    def more(self, hidden: int, noun: str, file: str, note: str = "") -> None:
        if hidden > 0:
            line = more_line(hidden, noun, file, self.out) + (f"; {note}" if note else "")
            # One line, never wrapped by rich, so that scripts and readers can grep it.
            self.console.print(cell(line, style="dim"), soft_wrap=True)

    def visible(self, text: str) -> str:
        return terminal_text(text)

    def text_width(self, text: str) -> int:
        return cell_len(text)

    def clip(self, text: str, width: int, *, keep: Literal["start", "end"] = "start") -> str:
        return cut_left(text, width) if keep == "end" else cut_right(text, width)


def _cell(value: Cell) -> Text:
    if isinstance(value, Tone):
        return tone_text(value.value)
    if isinstance(value, Styled):
        return cell(value.text, style=value.style)
    if isinstance(value, Lines):
        # The line breaks are the table's own, so each line is made safe on its own.
        text = cell(value.parts[0])
        for part in value.parts[1:]:
            text.append("\n" + terminal_text(part))
        return text
    return cell(value)


def render(
    analysis: Analysis,
    console: Console,
    sections: Sequence[tuple[Spec, bool]],
    *,
    top: int | None = None,
    out: Path | None = None,
    options: Mapping[str, Any] | None = None,
) -> None:
    """The sections of (analysis, full) pairs, in order: `full` for the analysis a
    command is about, else its short form (or nothing) within `analyze`."""
    for spec, full in sections:
        if spec.console is not None and analysis.results.get(spec.name) is not None:
            show = ConsoleShow(console, top=top, out=out, full=full, options=options)
            spec.console(analysis, show)


def render_analysis(
    analysis: Analysis, console: Console, *, top: int | None = None, out: Path | None = None
) -> None:
    """What `analyze` shows: every analysis's short section, in order."""
    from ai_discourse.analysis.registry import specs

    render(analysis, console, [(s, False) for s in specs()], top=top, out=out)


def render_rows(
    table: pd.DataFrame,
    console: Console,
    *,
    name: str,
    title: str,
    top: int | None = None,
    out: Path | None = None,
) -> None:
    """A concordance: the left context cut on its left, the term lined up in one column,
    the right context cut on its right, and the document."""
    n = top if top is not None else KWIC_ROWS
    rows = table.head(n)
    # Made safe before anything is measured or cut: a visible marker is wider than its
    # control character.
    term_width = max((cell_len(terminal_text(t)) for t in rows["term"]), default=4)
    doc_width = 24
    # Four columns: 8 cells of padding and 5 of borders besides the text.
    side = max(8, (console.width - term_width - doc_width - 13) // 2)
    show = ConsoleShow(console, top=top, out=out)
    layout = [
        Col("left", justify="right", no_wrap=True, width=side),
        Col("term", style="bold", no_wrap=True, width=term_width),
        Col("right", no_wrap=True, width=side),
        Col("document", style="dim", no_wrap=True, width=doc_width),
    ]
    show.table(
        title,
        layout,
        [
            [
                cut_left(terminal_text(row.left), side),
                str(row.term),
                cut_right(terminal_text(row.right), side),
                cut_right(terminal_text(row.title), doc_width),
            ]
            for row in rows.itertuples(index=False)
        ],
    )
    show.more(len(table) - n, "places", f"{name}.csv")


def cut_left(text: str, width: int) -> str:
    """The end of `text` that fits `width` terminal cells (Hangul takes two)."""
    if cell_len(text) <= width:
        return text
    kept = ""
    for char in reversed(text):
        if cell_len(kept) + cell_len(char) > width - 1:
            break
        kept = char + kept
    return "…" + kept


def cut_right(text: str, width: int) -> str:
    """The start of `text` that fits `width` terminal cells, then `…`."""
    if cell_len(text) <= width:
        return text
    kept = ""
    for char in text:
        if cell_len(kept) + cell_len(char) > width - 1:
            break
        kept += char
    return kept + "…"
