"""The section of an analysis the report has no page of its own for (one added with
`analysis.registry.register`): each of its tables, cut to the page's rows, under what a
row is; the column headers carry what each column holds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ai_discourse.render.report.parts import Col, Page, Section, records, table
from ai_discourse.render.safe import html_text

if TYPE_CHECKING:
    import pandas as pd

    from ai_discourse.analysis.spec import Spec


def tables(page: Page, spec: Spec) -> Section | None:
    """Every non-empty table of the analysis, in its spec's order (None: none)."""
    result = page.result.results.get(spec.name)
    if result is None:
        return None
    made = spec.tables_of(result)
    parts = []
    for doc in spec.tables:
        frame = made.get(doc.name)
        if frame is None or frame.empty:
            continue
        columns = [Col(str(c), str(c), _kind(frame[c])) for c in frame.columns]
        parts.append(f'<p class="small">{html_text(doc.name)}.csv: {html_text(doc.rows)}</p>')
        parts.append(table(records(frame, page.rows), columns, total=len(frame), file=doc.name))
    if not parts:
        return None
    heading = spec.title or spec.name.replace("_", " ").capitalize()
    return Section(spec.name.replace("_", "-"), heading, "\n".join(parts))


def _kind(column: pd.Series) -> str:
    """Whole numbers with thousands separators, other numbers to three places, the rest
    as text."""
    from pandas.api.types import is_bool_dtype, is_float_dtype, is_integer_dtype

    if is_bool_dtype(column):
        return "text"
    if is_integer_dtype(column):
        return "int"
    return "f3" if is_float_dtype(column) else "text"
