"""An analysis added from outside the package, in this one module: registered, it reaches
`analyze --out`, `--format json`, the terminal and the HTML report, and no other file of
the project knows of it."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from ai_discourse.analysis import registry
from ai_discourse.analysis.result import Analysis
from ai_discourse.analysis.spec import Col, Finish, Setup, Show, Spec, TableDoc, columns, one_table
from ai_discourse.cli import app
from ai_discourse.nlp.summary import DocSummary

from .conftest import SEEDS

runner = CliRunner()

QUOTES_BY_SOURCE = TableDoc(
    "quotes_by_source",
    "one row per source, most quoted first",
    columns(
        source="the outlet or platform (empty: none known)",
        documents="documents from it",
        quotes="direct quotes found in them",
    ),
)


@dataclass
class QuoteCounts:
    """Documents and quotes per source."""

    documents: Counter[str] = field(default_factory=Counter)
    quotes: Counter[str] = field(default_factory=Counter)

    def add(self, doc: DocSummary) -> None:
        source = doc.source or ""
        self.documents[source] += 1
        self.quotes[source] += len(doc.quotes)

    def finish(self, run: Finish) -> pd.DataFrame:
        rows = [
            {"source": s, "documents": self.documents[s], "quotes": self.quotes[s]}
            for s in sorted(self.documents, key=lambda s: (-self.quotes[s], s))
        ]
        return pd.DataFrame(rows, columns=["source", "documents", "quotes"])


def show(analysis: Analysis, view: Show) -> None:
    frame = analysis.table("quotes_by_source")
    if frame is None:
        return
    view.table(
        "Quotes by source",
        [Col("source"), Col("quotes", justify="right")],
        ([str(r.source), str(r.quotes)] for r in frame.itertuples()),
    )


def make(setup: Setup) -> QuoteCounts:
    return QuoteCounts()


SPEC = Spec(
    name="quotes_by_source",
    fold=make,
    tables=(QUOTES_BY_SOURCE,),
    tables_of=one_table("quotes_by_source"),
    default=...,
    console=show,
    title="Quotes by source",
)


@pytest.fixture
def registered() -> Iterator[Spec]:
    registry.register(SPEC)
    try:
        yield SPEC
    finally:
        registry.unregister(SPEC.name)


def expected(out: Path) -> pd.DataFrame:
    """Documents and quotes per source, from the run's own documents.csv and quotes.csv."""
    docs = pd.read_csv(out / "documents.csv", encoding="utf-8-sig", keep_default_na=False)
    quotes = pd.read_csv(out / "quotes.csv", encoding="utf-8-sig", keep_default_na=False)
    per_doc = quotes.groupby("doc_id").size()
    docs["quotes"] = docs["doc_id"].map(per_doc).fillna(0).astype(int)
    grouped = docs.groupby("source").agg(documents=("doc_id", "size"), quotes=("quotes", "sum"))
    return grouped.reset_index()


def test_a_registered_analysis_is_exported_shown_and_reported(
    registered: Spec, tmp_path: Path
) -> None:
    out, report = tmp_path / "out", tmp_path / "report.html"
    args = ["analyze", str(SEEDS), "--out", str(out), "--report", str(report)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output

    table = pd.read_csv(out / "quotes_by_source.csv", encoding="utf-8-sig", keep_default_na=False)
    assert list(table.columns) == ["source", "documents", "quotes"]
    want = expected(out)
    assert table.sort_values("source").to_dict("records") == want.sort_values("source").to_dict(
        "records"
    )
    assert table["quotes"].sum() > 0
    assert table["quotes"].is_monotonic_decreasing

    manifest = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert "quotes_by_source.csv" in json.dumps(manifest)

    assert "Quotes by source" in result.stdout
    page = report.read_text(encoding="utf-8")
    assert 'id="quotes-by-source"' in page
    assert ">Quotes by source</h2>" in page
    for source in table["source"]:
        assert f"<td>{source}</td>" in page


def test_a_registered_analysis_is_in_the_json_document(registered: Spec) -> None:
    result = runner.invoke(app, ["analyze", str(SEEDS), "--format", "json", "--quiet"])
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    rows = document["quotes_by_source"]
    assert [set(r) for r in rows] == [{"source", "documents", "quotes"}] * len(rows)
    assert sum(r["documents"] for r in rows) == len(document["documents"])
    assert sum(r["quotes"] for r in rows) == len(document["quotes"])


def test_unregistered_it_is_gone(tmp_path: Path) -> None:
    assert all(s.name != "quotes_by_source" for s in registry.specs())
    out = tmp_path / "out"
    result = runner.invoke(app, ["analyze", str(SEEDS), "--out", str(out), "--quiet"])
    assert result.exit_code == 0
    assert not (out / "quotes_by_source.csv").exists()


def test_a_second_analysis_of_the_same_name_is_refused(registered: Spec) -> None:
    with pytest.raises(ValueError, match="exists already"):
        registry.register(SPEC)
