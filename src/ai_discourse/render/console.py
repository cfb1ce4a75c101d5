"""Rich tables for the terminal. Functions take the Console to print on (tests pass their own)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    import pandas as pd

    from ai_discourse.analysis import Analysis


def render_analysis(result: Analysis, console: Console, *, tfidf_top: int = 10) -> None:
    """Overview, keyword table and TF-IDF per document."""
    console.print(overview_table(result.overview))
    console.print(keywords_table(result.keywords))
    console.print(tfidf_table(result.tfidf, result.documents, top=tfidf_top))


def overview_table(summary: dict[str, Any]) -> Table:
    table = Table(title="Corpus overview", show_header=False, title_justify="left")
    table.add_column("what", style="bold")
    table.add_column("value")
    kinds = ", ".join(f"{k} {v}" for k, v in summary["kinds"].items())
    sources = ", ".join(f"{k} {v}" for k, v in summary["sources"].items())
    dates = f"{summary['date_min']} – {summary['date_max']}" if summary["date_min"] else "unknown"
    rows = [
        ("documents", f"{summary['documents']} ({kinds})"),
        ("sources", sources),
        ("dates", dates),
        ("characters", f"{summary['characters']:,}"),
        ("sentences", f"{summary['sentences']:,}"),
        ("tokens", f"{summary['tokens']:,} morphemes, {summary['terms']:,} terms"),
        ("vocabulary", f"{summary['vocabulary']:,} distinct terms"),
    ]
    if summary.get("duplicates"):
        rows.append(("duplicates", f"{summary['duplicates']} dropped"))
    if summary.get("skipped"):
        rows.append(("skipped", f"{summary['skipped']} inputs (see messages above)"))
    for what, value in rows:
        table.add_row(what, value)
    return table


def keywords_table(keywords: pd.DataFrame) -> Table:
    table = Table(title="Top keywords", title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("term")
    table.add_column("tf", justify="right")
    table.add_column("df", justify="right")
    table.add_column("share", justify="right")
    kinds = [c for c in keywords.columns if c.startswith("tf_")]
    for column in kinds:
        table.add_column(column[3:], justify="right")
    for values in keywords.to_dict(orient="records"):
        table.add_row(
            str(values["rank"]),
            str(values["term"]),
            str(values["tf"]),
            str(values["df"]),
            f"{values['share']:.1%}",
            *(str(values[c]) for c in kinds),
        )
    return table


def tfidf_table(tfidf: pd.DataFrame, documents: pd.DataFrame, *, top: int = 10) -> Table:
    table = Table(title="Characteristic words per document (TF-IDF)", title_justify="left")
    table.add_column("document", overflow="fold", max_width=34)
    table.add_column("kind")
    table.add_column("top terms (tf-idf)", overflow="fold")
    labels = {
        row.doc_id: (str(row.title), str(row.kind)) for row in documents.itertuples(index=False)
    }
    for doc_id, group in tfidf.groupby("doc_id", sort=False):
        title, kind = labels.get(str(doc_id), (str(doc_id), ""))
        terms = ", ".join(
            f"{r.term} {r.tfidf:.2f}" for r in group.head(top).itertuples(index=False)
        )
        table.add_row(title, kind, terms)
    return table
