"""What every section of the report is built from: escaped cells, sortable tables cut to
their first rows with a pointer to the CSV that holds the rest, and the page's context
(the analysis, the row limit, the documents' titles)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING, Any

from ai_discourse.analysis.disk import Table, frames
from ai_discourse.render.safe import html_text
from ai_discourse.render.svg import cut

if TYPE_CHECKING:
    from ai_discourse.analysis import Analysis

CELL_CHARS = 300
INLINE_ITEMS = 12
"""Sources, places and similar lists shown inline before `… and N more`."""

Row = dict[Any, Any]


@dataclass
class Page:
    """What the sections read: the analysis, how many rows a table shows, and the
    documents' titles (looked up once, when a section first names a document)."""

    result: Analysis
    rows: int
    _titles: dict[str, str] | None = field(default=None, init=False, repr=False)

    def title_of(self, doc_id: object) -> str:
        """A document's title (its id when it has none)."""
        if self._titles is None:
            self._titles = {
                text(i): text(t) or text(i)
                for docs in frames(self.result.rows("documents"))
                for i, t in zip(docs["doc_id"], docs["title"], strict=True)
            }
        return self._titles.get(text(doc_id), text(doc_id))


@dataclass(frozen=True)
class Section:
    """One section of the page: its anchor, its heading and its HTML body."""

    id: str
    heading: str
    body: str

    def html(self) -> str:
        """The section element, labelled by its heading."""
        return (
            f'<section id="{self.id}" aria-labelledby="{self.id}-h">'
            f'<h2 id="{self.id}-h">{html_text(self.heading)}</h2>\n{self.body}\n</section>'
        )


# --- Values as escaped text --------------------------------------------------------------


def missing(value: object) -> bool:
    """None, NaN, NaT or pandas.NA: a cell with nothing in it."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, NaT
    except (TypeError, ValueError):
        return True  # pandas.NA refuses to be a bool


def text(value: object) -> str:
    """A table value as text ("" when missing)."""
    return "" if missing(value) else str(value)


def esc(value: object) -> str:
    """Any value as escaped text, for element content and attributes alike."""
    return html_text(text(value))


def esc_cut(value: object, limit: int = CELL_CHARS) -> str:
    """Escaped and cut to `limit` characters."""
    return html_text(cut(text(value), limit))


def link(url: object, label: object) -> str:
    """`label` linked to `url` when it is a web address; otherwise the label alone."""
    address = text(url).strip()
    if address.lower().startswith(("http://", "https://")):
        return (
            f'<a href="{escape(address, quote=True)}" rel="noopener noreferrer">'
            f"{esc_cut(label)}</a>"
        )
    return esc_cut(label)


def plural(count: int, noun: str) -> str:
    """`1 document`, `1,234 documents`."""
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def tone_class(net: float) -> str:
    """The CSS class of a net tone: pos, neg, or neu near zero."""
    return "pos" if net > 0.05 else "neg" if net < -0.05 else "neu"


def inline(items: Sequence[tuple[object, object]], *, limit: int = INLINE_ITEMS) -> str:
    """`name 12, name 3, … and 40 more` from (name, count) pairs, escaped."""
    shown = ", ".join(f"{esc_cut(name, 60)} {esc(count)}" for name, count in items[:limit])
    rest = len(items) - limit
    return shown + (f", … and {rest:,} more" if rest > 0 else "")


def records(frame: Table, rows: int) -> list[Row]:
    """The first `rows` rows of a table as dicts."""
    return [dict(r) for r in frame.head(rows).to_dict(orient="records")]


# --- Tables ------------------------------------------------------------------------------

_FORMATS: dict[str, Callable[[float], str]] = {
    "int": lambda v: f"{v:,.0f}",
    "f2": lambda v: f"{v:.2f}",
    "f3": lambda v: f"{v:.3f}",
    "pct": lambda v: f"{v:.1%}",
    "pct0": lambda v: f"{v:.0%}",
    "signed": lambda v: f"{v:+.2f}",
}


@dataclass(frozen=True)
class Col:
    """A table column: the row key, its header, and how a cell shows: a number format of
    `_FORMATS` (right-aligned, sorted as a number), "text" (escaped and cut), "nowrap" (the
    same on one line), or "html" (markup the section built from escaped parts, sorted by
    its text)."""

    key: str
    header: str
    kind: str = "text"

    @property
    def numeric(self) -> bool:
        """Whether the column holds numbers (right-aligned, sorted by value)."""
        return self.kind in _FORMATS


# Columns several tables share, spelled once.
TARGET = Col("target", "target")
TERM = Col("term", "term")
RANK = Col("rank", "#", "int")
COUNT = Col("count", "count", "int")
Z = Col("z", "z", "f2")
DOCUMENTS = Col("documents", "docs", "int")
DOCUMENT = Col("document", "document")
MENTIONS = Col("mentions", "mentions", "int")
SHARE_OF_VOICE = Col("share_of_voice", "share", "pct0")
SENTENCES = Col("sentences", "sentences", "int")
TONES = (Col("positive", "+", "int"), Col("negative", "−", "int"), Col("neutral", "=", "int"))
NET_TONE = Col("net_tone", "net tone", "signed")
ROLE = Col("role", "title / affiliation")


def _cell(value: object, col: Col) -> str:
    if col.numeric:
        if missing(value):
            return '<td class="num" data-v=""></td>'
        number = float(value)  # type: ignore[arg-type]
        shown = _FORMATS[col.kind](number)
        if col.kind == "signed":
            return f'<td class="num {tone_class(number)}" data-v="{number!r}">{shown}</td>'
        return f'<td class="num" data-v="{number!r}">{shown}</td>'
    if col.kind == "html":
        return f"<td>{value}</td>"
    if col.kind == "nowrap":
        return f'<td class="nowrap">{esc_cut(value)}</td>'
    return f"<td>{esc_cut(value)}</td>"


def table(
    rows: Iterable[Row],
    columns: Sequence[Col],
    *,
    total: int,
    file: str | None,
    noun: str = "rows",
    caption: str = "",
) -> str:
    """A sortable table of `rows` (already cut), and under it how many of `total` rows
    the report leaves out and which exported file holds them."""
    head = "".join(
        f'<th scope="col" tabindex="0" aria-sort="none" data-type="num" class="num">'
        f"{html_text(c.header)}</th>"
        if c.numeric
        else f'<th scope="col" tabindex="0" aria-sort="none" data-type="text">'
        f"{html_text(c.header)}</th>"
        for c in columns
    )
    body = []
    shown = 0
    for row in rows:
        shown += 1
        body.append("<tr>" + "".join(_cell(row.get(c.key), c) for c in columns) + "</tr>")
    parts = ['<div class="scroll"><table class="sortable">']
    if caption:
        parts.append(f"<caption>{html_text(caption)}</caption>")
    parts += [f"<thead><tr>{head}</tr></thead>", "<tbody>", *body, "</tbody></table></div>"]
    parts.append(more(total - shown, noun, file))
    return "\n".join(parts)


def more(hidden: int, noun: str, file: str | None) -> str:
    """`… 40 more rows in keywords.csv` under a cut table or list (nothing when none is
    hidden)."""
    if hidden <= 0:
        return ""
    where = f" in {html_text(file)}.csv" if file else ""
    return f'<p class="more">… {hidden:,} more {html_text(noun)}{where}</p>'
