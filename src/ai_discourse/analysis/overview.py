"""Corpus overview: what was analysed (documents, kinds, sources, dates, sizes), and one
row per document (documents.csv)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ai_discourse.analysis.disk import DiskTable, RowSink
from ai_discourse.analysis.spec import (
    Col,
    Finish,
    Results,
    Setup,
    Show,
    Spec,
    TableDoc,
    columns,
    plural,
)

if TYPE_CHECKING:
    from ai_discourse.analysis.keywords import KeywordFold
    from ai_discourse.nlp.summary import DocSummary

DOCUMENTS = TableDoc(
    "documents",
    "one row per article",
    columns(
        doc_id="the article's id (file name, JSONL id, row id)",
        path="the input file",
        kind="news, blog or unknown",
        source="the outlet or platform",
        date="publication date, ISO (YYYY-MM-DD) when known",
        author="reporter or blogger",
        title="the headline",
        url="the page's address when the input had one",
        chars="characters of the cleaned body",
        sentences="content sentences (title, deck, body; captions left out)",
        tokens="Kiwi morphemes in those sentences",
        terms="content terms (see keywords)",
        captions="photo captions kept apart",
    ),
)


DOCUMENT_TYPES = {c.name: "str" for c in DOCUMENTS.columns} | dict.fromkeys(
    ("chars", "sentences", "tokens", "terms", "captions"), "int"
)


@dataclass
class Overview:
    """The corpus totals (plain JSON-ready values) and the documents table."""

    summary: dict[str, Any]
    documents: DiskTable


class OverviewFold:
    """The corpus totals and one row per document, added document by document."""

    def __init__(self, setup: Setup | None = None) -> None:
        self.rows = RowSink(DOCUMENT_TYPES)
        self.kinds: Counter[str] = Counter()
        self.sources: Counter[str] = Counter()
        self.date_min: str | None = None
        self.date_max: str | None = None
        self.totals: Counter[str] = Counter()

    def add(self, d: DocSummary) -> None:
        meta = (d.id, d.path, d.kind, d.source, d.date, d.author, d.title, d.url)
        self.rows.append((*meta, d.chars, d.sentences, d.tokens, d.n_terms, d.captions))
        self.kinds[d.kind] += 1
        self.sources[d.source or "?"] += 1
        if d.date:
            self.date_min = min(self.date_min or d.date, d.date)
            self.date_max = max(self.date_max or d.date, d.date)
        self.totals.update({"characters": d.chars, "sentences": d.sentences, "tokens": d.tokens})
        self.totals.update({"terms": d.n_terms, "quotes": len(d.quotes), "bigkinds": d.bigkinds})

    def finish(self, run: Finish) -> Overview:
        keywords: KeywordFold = run.folds["keywords"]  # type: ignore[assignment]
        summary = {
            "documents": len(self.rows),
            "kinds": dict(sorted(self.kinds.items())),
            "sources": dict(sorted(self.sources.items())),
            "date_min": self.date_min,
            "date_max": self.date_max,
            "characters": self.totals["characters"],
            "sentences": self.totals["sentences"],
            "tokens": self.totals["tokens"],
            "terms": self.totals["terms"],
            "vocabulary": len(keywords.tf),
            "skipped": run.skipped,
            "duplicates": run.duplicates,
            "quotes": self.totals["quotes"],
            "excluded": sum(n.count for n in run.notes if n.kind == "excluded"),
            "bigkinds_documents": self.totals["bigkinds"],
        }
        return Overview(summary, self.rows.close())


def show(analysis: Results, out: Show) -> None:
    """The overview as a two-column table: what, value."""
    summary = analysis.overview
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
    if summary.get("excluded"):
        rows.append(("excluded", f"{plural(summary['excluded'], 'BigKinds row')} marked 분석제외"))
    if summary.get("bigkinds_documents"):
        documents = plural(summary["bigkinds_documents"], "document")
        text = f"{documents} from BigKinds exports: bodies are the first ~200 characters only"
        rows.append(("BigKinds", text))
    if summary.get("near_duplicate_clusters"):
        documents = plural(summary["near_duplicate_documents"], "document")
        text = f"{documents} in {plural(summary['near_duplicate_clusters'], 'cluster')}"
        if summary.get("near_duplicates_collapsed"):
            text += f", each counted once ({summary['near_duplicates_collapsed']} left out)"
        rows.append(("near-duplicates", text))
    if summary.get("skipped"):
        rows.append(("skipped", f"{plural(summary['skipped'], 'input')} (see messages above)"))
    layout = (Col("what", style="bold"), Col("value"))
    out.table("Corpus overview", layout, rows, header=False)


SPEC = Spec(
    name="overview",
    fold=OverviewFold,
    tables=(DOCUMENTS,),
    tables_of=lambda result: {"documents": result.documents},
    default=...,
    console=show,
    needs=("keywords",),
)
