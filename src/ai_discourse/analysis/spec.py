"""What an analysis is to the rest of the program: one `Spec` per module.

An analysis module folds per-document summaries into tables and says everything the
program needs to know about them, in one place:

- its **fold**: the object that reads each `DocSummary` in corpus order and, at the end,
  makes the analysis's result (a table, or a richer object holding tables);
- its **tables**, each with what one row is and what every column holds (the exports,
  `--format json` and the README's data dictionary are made from these);
- its **terminal section**, written against `Show` (tables, lines, "more" pointers), which
  `render.console` draws: the analysis never imports a renderer;
- its **command**, if it has one of its own (`trends`, `network` …): the options, as plain
  data that `cli.py` turns into command-line options, and how they set the analysis up.

`analysis.registry` lists the specs; the reducer, the exports, the JSON document, the
report and the command line iterate over it, so a new analysis is one module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

from ai_discourse.config import Option as Option

if TYPE_CHECKING:
    import pandas as pd

    from ai_discourse.nlp.summary import DocSummary
    from ai_discourse.records import Note
    from ai_discourse.resources import Target


# --- tables ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column of an exported table and what it holds. A name ending in an upper-case
    part (`tf_KIND`) stands for a family of columns (`tf_news`, `tf_blog` …)."""

    name: str
    doc: str

    def matches(self, column: str) -> bool:
        """Whether `column` is this column, or one of its family."""
        if column == self.name:
            return True
        head, sep, tail = self.name.rpartition("_")
        return bool(sep) and tail.isupper() and column.startswith(head + "_")


@dataclass(frozen=True)
class TableDoc:
    """An exported table: its file name (`keywords` -> keywords.csv), what one row is,
    and its columns."""

    name: str
    rows: str
    columns: tuple[Column, ...]

    def describe(self, column: str) -> str | None:
        """What `column` holds, or None when the table does not describe it."""
        return next((c.doc for c in self.columns if c.matches(column)), None)


def columns(**docs: str) -> tuple[Column, ...]:
    """Columns from keyword arguments, in order: `columns(rank="1 = most …", term="…")`."""
    return tuple(Column(name, doc) for name, doc in docs.items())


# --- folding -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Setup:
    """What a fold is made with: the run's targets, the analysis's own options (what the
    plan holds for it), and how many rows a terminal will show (`top`)."""

    targets: tuple[Target, ...] = ()
    options: Any = None
    top: int | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The targets' names, in their order."""
        return tuple(t.name for t in self.targets)


@dataclass
class Finish:
    """What a fold may read when the corpus is done: the run's size limits and notes,
    and the other folds of the run (an analysis that builds on another's counts reads
    them here instead of counting again; it names them in `Spec.needs`)."""

    top: int | None
    notes: Sequence[Note]
    folds: Mapping[str, Fold]
    skipped: int = 0
    duplicates: int = 0


class Fold(Protocol):
    """Reads each document's summary in corpus order; `finish` makes the result."""

    def add(self, doc: DocSummary) -> None: ...

    def finish(self, run: Finish) -> Any: ...


class Gate(Fold, Protocol):
    """A fold that sees each document first and may keep it from every other fold
    (near-duplicates counted once)."""

    def admit(self, doc: DocSummary) -> bool: ...


@runtime_checkable
class NeedsTexts(Protocol):
    """A fold whose result wants a second look at some documents' text (without
    tokenizing): `wanted` names them, `read` gets (id, text) pairs in corpus order."""

    def wanted(self, result: Any) -> set[str]: ...

    def read(self, result: Any, texts: Iterable[tuple[str, str]]) -> Any: ...


# --- the terminal ----------------------------------------------------------------------------


class Results(Protocol):
    """What a terminal section reads of a run (`analysis.result.Analysis` is one): each
    analysis's result by name, the corpus overview, the targets, and tables by export
    name (`table`: a DataFrame or a `disk.DiskTable`, None when the run computed none;
    `frame`: the table whole in memory, which must exist: not for the long tables a
    section shows the top of)."""

    results: dict[str, Any]
    overview: dict[str, Any]
    targets: tuple[str, ...]

    def table(self, name: str) -> Any: ...

    def frame(self, name: str) -> pd.DataFrame: ...


@dataclass(frozen=True)
class Styled:
    """Text drawn in a style: `bold`, `dim`."""

    text: str
    style: str = ""


@dataclass(frozen=True)
class Lines:
    """One cell of several lines (a speaker above their role): each line is text from the
    documents on its own, the line breaks are the table's."""

    parts: tuple[str, ...]


@dataclass(frozen=True)
class Tone:
    """A net tone, `+0.25`: green when positive, red when negative (on a colour terminal)."""

    value: float


Cell = str | Styled | Lines | Tone
"""A table cell. Every `str` is shown as text, whatever it holds (no markup, escape
sequences made visible): text from the documents is data."""


Justify = Literal["left", "right", "center"]


@dataclass(frozen=True)
class Col:
    """A terminal table's column: header and layout."""

    header: str
    justify: Justify = "left"
    overflow: Literal["fold", "ellipsis", "crop"] | None = None
    max_width: int | None = None
    width: int | None = None
    min_width: int | None = None
    no_wrap: bool = False
    style: str = ""


class Show(Protocol):
    """Where an analysis's terminal section draws (see `render.console.ConsoleShow`).

    `top` is the rows asked for every table (None: each table's own default), `out` the
    folder the full tables are written to, `width` the terminal's, `full` whether the
    command is about this analysis (else a short section within `analyze`), `options`
    the command's own option values (`evidence` of `stance`). `visible` is text as the
    terminal shows it (control characters made visible), `text_width` its width in cells
    (Hangul takes two), `clip` cuts shown text to a width, keeping its start or its end
    (with `…` where it was cut)."""

    top: int | None
    out: Path | None
    width: int
    full: bool
    options: Mapping[str, Any]

    def rows(self, default: int) -> int: ...

    def table(
        self,
        title: str,
        columns: Sequence[Col],
        rows: Iterable[Sequence[Cell]],
        *,
        header: bool = True,
    ) -> None: ...

    def line(self, text: str, *, style: str = "", wrap: bool = False) -> None: ...

    def more(self, hidden: int, noun: str, file: str, note: str = "") -> None: ...

    def visible(self, text: str) -> str: ...

    def text_width(self, text: str) -> int: ...

    def clip(self, text: str, width: int, *, keep: Literal["start", "end"] = "start") -> str: ...


# --- the command line ------------------------------------------------------------------------


Plan = Mapping[str, Any]
"""The analyses a run computes, by spec name, each with its options (None: off)."""


@dataclass(frozen=True)
class Command:
    """An analysis's own command (`ai-discourse trends …`): its help, its options, and
    the plan its option values make (which analyses, with which options); whether its
    terminal view shows the overview first, and which tables its --out exports (None:
    every table the run computed)."""

    name: str
    help: str
    options: tuple[Option, ...] = ()
    plan: Callable[[Mapping[str, Any]], Plan] = field(default=lambda values: {})
    overview: bool = True
    alone: bool = True
    """Whether the command computes only its own analysis beyond the basic tables (else
    it computes what `analyze` does, and its view shows its analysis in full)."""
    exports: tuple[str, ...] | None = None
    files: Callable[[Any, Mapping[str, Any]], Mapping[Path, str]] | None = None
    """Files the command writes besides the tables (`terms --userdict-out FILE`), from
    its analysis's result and its option values: path -> UTF-8 text."""


# --- the spec ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """One analysis (see the module's docstring).

    - `fold(setup)` makes its fold for a run; `default` is its options when the caller
      plans nothing for it (None: computed only when asked, `...`: needs no options);
    - `tables` documents the tables `tables_of(result)` returns, in export order;
    - `summary(result)` adds keys to the corpus overview;
    - `console(analysis, show)` draws its terminal section;
    - `needs` names the specs whose folds it reads (they run whenever it runs);
    - `gate`: its fold sees each document first and may keep it from the others;
    - `title` heads its section where a renderer has none of its own for it (the report
      shows such an analysis's tables under it; default: its name).
    """

    name: str
    fold: Callable[[Setup], Fold | None]
    tables: tuple[TableDoc, ...]
    tables_of: Callable[[Any], Mapping[str, pd.DataFrame]]
    default: Any = None
    summary: Callable[[Any], Mapping[str, Any]] | None = None
    console: Callable[[Results, Show], None] | None = None
    command: Command | None = None
    needs: tuple[str, ...] = ()
    gate: bool = False
    title: str = ""

    def table(self, name: str) -> TableDoc:
        """One of its tables' documentation."""
        return next(t for t in self.tables if t.name == name)


def one_table(name: str) -> Callable[[Any], Mapping[str, pd.DataFrame]]:
    """`tables_of` for an analysis whose result is its one table."""

    def tables_of(result: Any) -> Mapping[str, pd.DataFrame]:
        return {name: result} if result is not None else {}

    return tables_of


def plural(count: int, noun: str) -> str:
    """`1 document`, `3 documents`."""
    return f"{count} {noun}" + ("" if count == 1 else "s")
