"""Rich tables for the depth commands: trends, network, keyness, topics, terms and kwic.

Each prints the top of its table (`top`, else a default) and, under a cut table, one
line saying how many rows are left out and which exported file holds them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ai_discourse.render.console import _n, _print_more, overview_table, tone_text
from ai_discourse.render.safe import cell, terminal_text

if TYPE_CHECKING:
    import pandas as pd

    from ai_discourse.analysis import Analysis

ROWS = {"trends": 36, "network": 20, "keyness": 10, "topics": 10, "terms": 30, "kwic": 20}


def _rows(view: str, top: int | None) -> int:
    return top if top is not None else ROWS[view]


def render_depth(
    result: Analysis,
    console: Console,
    view: str,
    *,
    top: int | None = None,
    out: Path | None = None,
) -> None:
    """The terminal view of one depth command (`view`: trends, network, keyness, topics,
    terms)."""
    console.print(overview_table(result.overview))
    {
        "trends": _trends,
        "network": _network,
        "keyness": _keyness,
        "topics": _topics,
        "terms": _terms,
    }[view](result, console, _rows(view, top), out)


def _trends(result: Analysis, console: Console, n: int, out: Path | None) -> None:
    trends = result.trends
    if trends is None or trends.empty:
        console.print(Text("No dated documents: no trends.", style="dim"))
        return
    table = Table(
        title="Trends (net tone = (positive - negative) / sentences)", title_justify="left"
    )
    table.add_column("period")
    table.add_column("docs", justify="right")
    targets = [t for t in trends["target"].drop_duplicates() if t is not None and t == t]
    for target in targets:
        table.add_column(cell(f"{target} mentions"), justify="right")
        table.add_column("net", justify="right")
    periods = list(trends["period"].drop_duplicates())
    documents = trends.drop_duplicates("period").set_index("period")["documents"]
    # The latest periods with documents matter most to a reader: show the last n of them
    # (the file has every period, the empty ones too).
    shown = [p for p in periods if documents[p]][-n:]
    by_period = {p: g for p, g in trends.groupby("period", sort=False)}
    for period in shown:
        group = by_period[period]
        first = group.iloc[0]
        mark = " *" if bool(first["sparse"]) else ""
        cells: list[Any] = [cell(f"{period}{mark}"), str(first["documents"])]
        for target in targets:
            row = group[group["target"] == target].iloc[0]
            tone = tone_text(row["net_tone"]) if row["sentences"] else ""
            cells += [str(row["mentions"]), tone]
        table.add_row(*cells)
    console.print(table)
    console.print(Text("* fewer than 5 documents: read its tone as anecdotal", style="dim"))
    _print_more(console, len(periods) - len(shown), "periods", "trends.csv", out)
    keywords = result.trend_keywords
    if keywords is not None and not keywords.empty:
        for period, group in list(keywords.groupby("period", sort=False))[-n:]:
            words = ", ".join(f"{r.term} {r.tf}" for r in group.itertuples(index=False))
            console.print(cell(f"{period!s}: {words}"), soft_wrap=False)


def _network(result: Analysis, console: Console, n: int, out: Path | None) -> None:
    network = result.network
    if network is None or network.nodes.empty:
        console.print(Text("No network: too few terms above the thresholds.", style="dim"))
        return
    nodes, edges = network.nodes, network.edges
    title = (
        f"Semantic network: {len(nodes)} terms, {len(edges)} links "
        f"(co-occurrence in {network.sentences:,} sentences)"
    )
    table = Table(title=title, title_justify="left")
    for name in ("term", "sentences", "degree", "betweenness", "eigenvector", "community"):
        table.add_column(name, justify="left" if name == "term" else "right")
    ranked = nodes.sort_values(["degree", "count"], ascending=False, kind="stable").head(n)
    for row in ranked.itertuples(index=False):
        table.add_row(
            cell(row.term),
            str(row.count),
            str(row.degree),
            f"{row.betweenness:.3f}",
            f"{row.eigenvector:.3f}",
            str(row.community),
        )
    console.print(table)
    _print_more(console, len(nodes) - len(ranked), "terms", "network_nodes.csv", out)
    communities = nodes[nodes["community"] > 0].groupby("community", sort=True)
    for community, group in list(communities)[:n]:
        terms = ", ".join(group.sort_values("count", ascending=False)["term"].head(8))
        line = f"community {community!s} ({len(group)}): {terms}"
        console.print(cell(line), soft_wrap=False)
    ego = network.ego
    for target, group in ego.groupby("target", sort=False):
        words = ", ".join(f"{r.term} {r.count}" for r in group.head(10).itertuples(index=False))
        console.print(cell(f"around {target}: {words}"), soft_wrap=False)


def _keyness(result: Analysis, console: Console, n: int, out: Path | None) -> None:
    keyness = result.keyness
    if keyness is None or keyness.empty:
        console.print(Text("No key terms: too few groups or too few counts.", style="dim"))
        return
    table = Table(title="Key terms per group (log-odds z, G²)", title_justify="left")
    table.add_column("term", max_width=16, overflow="fold")
    for name, width in (("count", 5), ("rest", 5), ("z", 5), ("G²", 7)):
        table.add_column(name, justify="right", no_wrap=True, min_width=width)
    # The rest of the line, after the other columns, their padding and the borders.
    example_width = max(16, console.width - 16 - 5 - 5 - 5 - 7 - 12 - 7)
    table.add_column("example", no_wrap=True, width=example_width)
    hidden = 0
    for group, rows in keyness.groupby("group", sort=False):
        hidden += max(0, len(rows) - n)
        documents = int(rows["documents"].iloc[0])
        table.add_row(cell(f"{group} ({_n(documents, 'document')})", style="bold"))
        for row in rows.head(n).itertuples(index=False):
            table.add_row(
                cell(row.term),
                str(row.count),
                str(row.count_rest),
                f"{row.z:.2f}",
                f"{row.g2:.1f}",
                # Made safe before it is cut: a visible marker is wider than its control.
                Text(_centred(terminal_text(row.example), example_width)),
            )
    console.print(table)
    _print_more(console, hidden, "key terms", "keyness.csv", out)


def _topics(result: Analysis, console: Console, n: int, out: Path | None) -> None:
    topics = result.topics
    if topics is None or topics.topics.empty:
        console.print(Text("No topics: too few documents or terms.", style="dim"))
        return
    corpus = topics.shares[topics.shares["by"] == "corpus"].set_index("topic")["share"]
    table = Table(title="Topics", title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("share", justify="right")
    table.add_column("top terms", overflow="fold")
    table.add_column("typical document", overflow="fold", max_width=40)
    first = topics.representative[topics.representative["rank"] == 1]
    titles = dict(zip(first["topic"].astype(int), first["title"].astype(str), strict=True))
    ordered = topics.topics.groupby("topic", sort=True)
    for key, group in list(ordered)[:n]:
        topic = int(str(key))
        terms = ", ".join(group["term"].head(8))
        share = float(corpus.get(topic, 0.0))
        table.add_row(str(topic), f"{share:.0%}", cell(terms), cell(titles.get(topic, "")))
    console.print(table)
    targets = topics.shares[topics.shares["by"] == "target"]
    for target, group in targets.groupby("group", sort=False):
        best = group.sort_values("share", ascending=False).head(3)
        shares = ", ".join(f"topic {r.topic} {r.share:.0%}" for r in best.itertuples(index=False))
        console.print(cell(f"{target}: {shares}"), soft_wrap=False)


def _terms(result: Analysis, console: Console, n: int, out: Path | None) -> None:
    terms = result.terms
    if terms is None or terms.empty:
        console.print(Text("No compound terms above the minimum count.", style="dim"))
        return
    table = Table(title="Compound terms", title_justify="left")
    for name in ("#", "term", "count", "docs", "npmi", "left H", "right H", "score"):
        table.add_column(name, justify="left" if name == "term" else "right")
    for row in terms.head(n).itertuples(index=False):
        table.add_row(
            str(row.rank),
            cell(row.term),
            str(row.count),
            str(row.docs),
            f"{row.npmi:.2f}",
            f"{row.left_entropy:.2f}",
            f"{row.right_entropy:.2f}",
            f"{row.score:.2f}",
        )
    console.print(table)
    _print_more(console, len(terms) - n, "terms", "terms.csv", out)


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
    n = _rows(name, top)
    rows = table.head(n)
    # Made safe before anything is measured or cut: a visible marker is wider than its
    # control character.
    term_width = max((cell_len(terminal_text(t)) for t in rows["term"]), default=4)
    doc_width = 24
    # Four columns: 8 cells of padding and 5 of borders besides the text.
    side = max(8, (console.width - term_width - doc_width - 13) // 2)
    shown = Table(title=cell(title), title_justify="left")
    shown.add_column("left", justify="right", no_wrap=True, width=side)
    shown.add_column("term", style="bold", no_wrap=True, width=term_width)
    shown.add_column("right", no_wrap=True, width=side)
    shown.add_column("document", style="dim", no_wrap=True, width=doc_width)
    for row in rows.itertuples(index=False):
        shown.add_row(
            Text(_cut_left(terminal_text(row.left), side)),
            cell(row.term),
            Text(_cut_right(terminal_text(row.right), side)),
            Text(_cut_right(terminal_text(row.title), doc_width)),
        )
    console.print(shown)
    _print_more(console, len(table) - n, "places", f"{name}.csv", out)


def _centred(example: str, width: int) -> str:
    """A `left[term]right` example cut to `width` cells with the term in view: a third
    of the width for the left context."""
    left, bracket, rest = example.partition("[")
    if not bracket:
        return _cut_right(example, width)
    left = _cut_left(left, width // 3) if cell_len(left) > width // 3 else left
    return _cut_right(left + bracket + rest, width)


def _cut_left(text: str, width: int) -> str:
    """The end of `text` that fits `width` terminal cells (Hangul takes two)."""
    if cell_len(text) <= width:
        return text
    kept = ""
    for char in reversed(text):
        if cell_len(kept) + cell_len(char) > width - 1:
            break
        kept = char + kept
    return "…" + kept


def _cut_right(text: str, width: int) -> str:
    if cell_len(text) <= width:
        return text
    kept = ""
    for char in text:
        if cell_len(kept) + cell_len(char) > width - 1:
            break
        kept += char
    return kept + "…"
