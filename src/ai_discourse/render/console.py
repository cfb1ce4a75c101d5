"""Rich tables for the terminal. Functions take the Console to print on (tests pass their own).

A terminal table shows its top rows only (`ROWS`, or `top` for every table); under a cut
table one line says how many rows were left out and which exported file holds them all.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ai_discourse.render.safe import cell, terminal_text

if TYPE_CHECKING:
    import pandas as pd

    from ai_discourse.analysis import Analysis

ROWS = {
    "keywords": 30,
    "documents": 10,
    "entities": 15,
    "quotes": 10,
    "stance": 15,
    "frames": 30,
    "words": 15,
    "evidence": 10,
}
"""Default rows per terminal table (`--top N` sets them all): keywords, TF-IDF documents,
entities, quotes, per-document stance rows, frames, distinctive words per target (its
table has one row per target), evidence sentences per target."""


def shown_rows(table: str, top: int | None = None) -> int:
    """How many rows the terminal shows of `table`: `top` when given, else its default."""
    return top if top is not None else ROWS[table]


def more_line(hidden: int, noun: str, file: str, out: Path | None = None) -> str:
    """The line under a cut table: `… 627 more documents in out/tfidf.csv`."""
    if out is not None:
        return f"… {hidden:,} more {noun} in {Path(out) / file}"
    return f"… {hidden:,} more {noun} (--out DIR writes them all to {file})"


def _print_more(
    console: Console, hidden: int, noun: str, file: str, out: Path | None, note: str = ""
) -> None:
    if hidden > 0:
        line = more_line(hidden, noun, file, out) + (f"; {note}" if note else "")
        # One line, never wrapped by rich, so that scripts and readers can grep it.
        console.print(cell(line, style="dim"), soft_wrap=True)


def render_analysis(
    result: Analysis,
    console: Console,
    *,
    top: int | None = None,
    out: Path | None = None,
    tfidf_top: int = 10,
) -> None:
    """Overview, keywords, TF-IDF per document, entities, quotes and the stance summary,
    each cut to its top rows (`top` for all of them) with a pointer to the file of `out`."""
    console.print(overview_table(result.overview))
    n = shown_rows("keywords", top)
    console.print(keywords_table(result.keywords.head(n)))
    _print_more(console, len(result.keywords) - n, "terms", "keywords.csv", out)
    n = shown_rows("documents", top)
    console.print(tfidf_table(result.tfidf, result.documents, top=tfidf_top, documents_top=n))
    _print_more(console, result.tfidf.doc_id.nunique() - n, "documents", "tfidf.csv", out)
    n = shown_rows("entities", top)
    named = result.entities[result.entities.type != "LOC"]
    console.print(entities_table(named, top=n))
    _print_more(console, len(named) - n, "people and organisations", "entities.csv", out)
    places = result.entities[result.entities.type == "LOC"]
    if not places.empty:
        # Places are many and short: one line of the most mentioned, not a table.
        shown = ", ".join(f"{r.entity} {r.mentions}" for r in places.head(n).itertuples())
        console.print(cell(f"Places: {shown}"), soft_wrap=False)
        _print_more(console, len(places) - n, "places", "entities.csv", out)
    if not result.quotes.empty:
        n = shown_rows("quotes", top)
        console.print(quotes_table(result.quotes.head(n)))
        _print_more(console, len(result.quotes) - n, "quotes", "quotes.csv", out)
    terms = result.quoted_terms
    if not terms.empty:
        # Words put in quotes without anyone saying them: one line, like the places.
        n = shown_rows("entities", top)
        shown = ", ".join(f"{r.term} {r.count}" for r in terms.head(n).itertuples())
        console.print(cell(f"Set in quotes, not as speech: {shown}"), soft_wrap=False)
        _print_more(console, len(terms) - n, "quoted terms", "quoted_terms.csv", out)
    if result.stance is not None:
        console.print(stance_side_by_side(result))


def render_stance(
    result: Analysis,
    console: Console,
    *,
    evidence: bool = False,
    top: int | None = None,
    out: Path | None = None,
) -> None:
    """The stance command: side by side, by scope, frames, distinctive words, evidence,
    each cut to its top rows (`top` for all of them) with a pointer to the file of `out`."""
    if result.stance is None:
        return
    console.print(stance_side_by_side(result))
    table = result.stance.table
    shown = shown_rows("stance", top)
    console.print(stance_scopes_table(table, top=shown))
    documents = table[table.scope_type == "document"]
    mentioned = _mentioned(documents)
    silent = documents.scope.nunique() - mentioned.scope.nunique()
    note = f"{silent:,} documents mention no target" if silent else ""
    if len(mentioned) > shown:
        _print_more(console, len(mentioned) - shown, "document rows", "stance.csv", out, note)
    elif note:
        console.print(Text(note, style="dim"), soft_wrap=True)
    n = shown_rows("frames", top)
    console.print(frames_table(result.stance.frames.head(n)))
    _print_more(console, len(result.stance.frames) - n, "frame rows", "stance_frames.csv", out)
    words = result.stance.distinctive
    n = shown_rows("words", top)
    console.print(
        distinctive_table(words, result.targets, min_count=result.stance.min_count, top=n)
    )
    hidden = int((words["rank"] > n).sum())
    _print_more(console, hidden, "words", "stance_words.csv", out)
    if evidence:
        n = shown_rows("evidence", top)
        for target in result.targets:
            console.print(evidence_table(result.stance.evidence, target, top=n))
            total = int((result.stance.evidence.target == target).sum())
            _print_more(console, total - n, f"sentences about {target}", "stance_evidence.csv", out)


def tone_text(net: float) -> Text:
    """A net tone, green when positive and red when negative (plain under NO_COLOR or
    when the output is no colour terminal: rich decides)."""
    style = "green" if net > 0 else "red" if net < 0 else ""
    return Text(f"{net:+.2f}", style=style)


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
    if summary.get("excluded"):
        rows.append(("excluded", f"{_n(summary['excluded'], 'BigKinds row')} marked 분석제외"))
    if summary.get("bigkinds_documents"):
        rows.append(
            (
                "BigKinds",
                f"{_n(summary['bigkinds_documents'], 'document')} from BigKinds exports: "
                "bodies are the first ~200 characters only",
            )
        )
    if summary.get("near_duplicate_clusters"):
        clusters, documents = (
            summary["near_duplicate_clusters"],
            summary["near_duplicate_documents"],
        )
        text = f"{_n(documents, 'document')} in {_n(clusters, 'cluster')}"
        if summary.get("near_duplicates_collapsed"):
            text += f", each counted once ({summary['near_duplicates_collapsed']} left out)"
        rows.append(("near-duplicates", text))
    if summary.get("skipped"):
        rows.append(("skipped", f"{_n(summary['skipped'], 'input')} (see messages above)"))
    for what, value in rows:
        table.add_row(what, cell(value))
    return table


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


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
            cell(values["term"]),
            str(values["tf"]),
            str(values["df"]),
            f"{values['share']:.1%}",
            *(str(values[c]) for c in kinds),
        )
    return table


def tfidf_table(
    tfidf: pd.DataFrame, documents: pd.DataFrame, *, top: int = 10, documents_top: int | None = None
) -> Table:
    """`top` terms for each of the first `documents_top` documents (all when None)."""
    table = Table(title="Characteristic words per document (TF-IDF)", title_justify="left")
    table.add_column("document", overflow="fold", max_width=34)
    table.add_column("kind")
    table.add_column("top terms (tf-idf)", overflow="fold")
    labels = {
        row.doc_id: (str(row.title), str(row.kind)) for row in documents.itertuples(index=False)
    }
    for i, (doc_id, group) in enumerate(tfidf.groupby("doc_id", sort=False)):
        if documents_top is not None and i >= documents_top:
            break
        title, kind = labels.get(str(doc_id), (str(doc_id), ""))
        terms = ", ".join(
            f"{r.term} {r.tfidf:.2f}" for r in group.head(top).itertuples(index=False)
        )
        table.add_row(cell(title), cell(kind), cell(terms))
    return table


def entities_table(entities: pd.DataFrame, *, top: int = 15) -> Table:
    table = Table(title="People and organisations", title_justify="left")
    for name, justify in (
        ("entity", "left"),
        ("type", "left"),
        ("title / affiliation", "left"),
        ("mentions", "right"),
        ("docs", "right"),
        ("spellings", "left"),
    ):
        table.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for row in entities.head(top).to_dict(orient="records"):
        role = " · ".join(x for x in (row["title"], row["affiliation"]) if x)
        table.add_row(
            cell(row["entity"]),
            cell(row["type"]),
            cell(role),
            str(row["mentions"]),
            str(row["documents"]),
            cell(row["spellings"]),
        )
    return table


def quotes_table(quotes: pd.DataFrame) -> Table:
    table = Table(title="Who said what (direct quotes)", title_justify="left")
    table.add_column("speaker", max_width=22, overflow="fold")
    table.add_column("how", style="dim")
    table.add_column("verb")
    table.add_column("quote", overflow="fold")
    for row in quotes.to_dict(orient="records"):
        who = row["speaker"] or "?"
        role = " · ".join(x for x in (row["title"], row["affiliation"]) if x)
        quote = row["quote"] if len(row["quote"]) <= 120 else row["quote"][:119] + "…"
        # The line break between speaker and role is the table's own, so each part is
        # made safe on its own.
        speaker = cell(who)
        if role:
            speaker.append("\n" + terminal_text(role))
        table.add_row(speaker, cell(row["how"] or ""), cell(row["verb"] or ""), cell(quote))
    return table


def stance_side_by_side(result: Analysis) -> Table:
    """Targets as columns, the corpus-wide numbers as rows: the comparison at a glance."""
    assert result.stance is not None
    overall = result.stance.table[result.stance.table.scope_type == "corpus"]
    by_target = {row["target"]: row for row in overall.to_dict(orient="records")}
    table = Table(title=cell("Stance: " + " | ".join(result.targets)), title_justify="left")
    table.add_column("", style="bold")
    for target in result.targets:
        table.add_column(cell(target), overflow="fold")
    words = result.stance.distinctive

    def cells(render: Any) -> list[Any]:
        return [render(by_target[t]) if t in by_target else "" for t in result.targets]

    table.add_row("mentions", *cells(lambda r: f"{r['mentions']} in {r['documents']} docs"))
    table.add_row("share of voice", *cells(lambda r: f"{r['share_of_voice']:.0%}"))
    table.add_row(
        "sentences",
        *cells(lambda r: f"{r['sentences']} (+{r['context_sentences']} by context)"),
    )
    table.add_row(
        "tone + / − / =", *cells(lambda r: f"{r['positive']} / {r['negative']} / {r['neutral']}")
    )
    table.add_row("net tone", *cells(lambda r: tone_text(r["net_tone"])))
    table.add_row("top frames", *cells(lambda r: cell(r["top_frames"] or "—")))
    table.add_row(
        "distinctive words",
        *[cell(", ".join(words[words.target == t].term.head(8)) or "—") for t in result.targets],
    )
    return table


def _mentioned(documents: pd.DataFrame) -> pd.DataFrame:
    """The per-document rows where the target is mentioned or has sentences, most
    mentions first (then most sentences, then corpus order)."""
    hit = documents[
        (documents.mentions > 0) | (documents.sentences + documents.context_sentences > 0)
    ]
    return hit.sort_values(["mentions", "sentences"], ascending=False, kind="stable")


def stance_scopes_table(stance: pd.DataFrame, *, top: int | None = None) -> Table:
    """Every document kind, then the (document, target) rows where the target is mentioned,
    most mentions first: the first `top` of them (all when None)."""
    table = Table(
        title="Stance by document kind, and by document where a target is mentioned",
        title_justify="left",
    )
    for name, justify in (
        ("scope", "left"),
        ("target", "left"),
        ("mentions", "right"),
        ("share", "right"),
        ("sent.", "right"),
        ("+", "right"),
        ("−", "right"),
        ("=", "right"),
        ("net", "right"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    kinds = stance[stance.scope_type == "kind"]
    documents = _mentioned(stance[stance.scope_type == "document"])
    if top is not None:
        documents = documents.head(top)
    for row in [*kinds.to_dict(orient="records"), *documents.to_dict(orient="records")]:
        table.add_row(
            cell(f"{row['scope_type']}: {row['scope']}"),
            cell(row["target"]),
            str(row["mentions"]),
            f"{row['share_of_voice']:.0%}",
            f"{row['sentences']}+{row['context_sentences']}",
            str(row["positive"]),
            str(row["negative"]),
            str(row["neutral"]),
            tone_text(row["net_tone"]),
        )
    return table


def frames_table(frames: pd.DataFrame) -> Table:
    table = Table(title="Frames per target", title_justify="left")
    for name, justify in (
        ("target", "left"),
        ("frame", "left"),
        ("sentences", "right"),
        ("share", "right"),
        ("+ / − / =", "right"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for row in frames.to_dict(orient="records"):
        table.add_row(
            cell(row["target"]),
            cell(row["frame"]),
            str(row["sentences"]),
            f"{row['share']:.0%}",
            f"{row['positive']} / {row['negative']} / {row['neutral']}",
        )
    return table


def distinctive_table(
    words: pd.DataFrame, targets: tuple[str, ...], *, min_count: int = 1, top: int | None = None
) -> Table:
    """Each target's distinctive words, best first (the first `top` of them)."""
    table = Table(
        title="Distinctive words (log-odds, informative Dirichlet prior; z-score; "
        f"min count {min_count})",
        title_justify="left",
    )
    table.add_column("target")
    table.add_column("words said about it rather than the others", overflow="fold")
    for target in targets:
        mine = words[words.target == target]
        if top is not None:
            mine = mine.head(top)
        words_of = ", ".join(f"{r.term} {r.z:.1f}" for r in mine.itertuples()) or "—"
        table.add_row(cell(target), cell(words_of))
    return table


def evidence_table(evidence: pd.DataFrame, target: str, *, top: int | None = None) -> Table:
    """The target's evidence sentences; with `top`, the `top` with the strongest tone
    (largest |score|, earlier first on ties), shown in reading order."""
    mine = evidence[evidence.target == target]
    title = f"Evidence: {target} ({len(mine)} sentences)"
    if top is not None and len(mine) > top:
        strength = mine.score.abs().rename("strength")
        order = strength.sort_values(ascending=False, kind="stable").index[:top]
        mine = mine.loc[sorted(order)]
        title = (
            f"Evidence: {target} ({len(mine)} of {int(strength.size)} sentences, strongest tone)"
        )
    table = Table(title=cell(title), title_justify="left")
    table.add_column("doc · sent.", max_width=16, overflow="fold")
    table.add_column("tone")
    table.add_column("why", max_width=24, overflow="fold")
    table.add_column("sentence", overflow="fold")
    for row in mine.to_dict(orient="records"):
        why = " ".join(x for x in (row["attribution"], row["cues"], row["frames"]) if x)
        table.add_row(
            cell(f"{row['doc_id']} · {row['sentence']}"),
            cell(row["tone"]),
            cell(why),
            cell(row["text"]),
        )
    return table
