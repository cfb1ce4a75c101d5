"""The first two sections: the corpus at a glance (figures, problems, the documents) and
its top keywords, overall and by document kind."""

from __future__ import annotations

from ai_discourse.render.report.parts import (
    Col,
    Page,
    Section,
    esc,
    esc_cut,
    inline,
    link,
    more,
    plural,
    records,
    table,
    text,
)
from ai_discourse.render.safe import html_text
from ai_discourse.render.svg import BAR, BarPanel, bar_panels

KEYWORD_BARS = 30
KIND_PANELS = 4
"""At most this many document kinds compared side by side (the most frequent)."""
KIND_COLOURS = ("#76b7b2", "#b07aa1", "#9c755f", "#e0b13a")
"""Document kinds in the keyword chart: apart from the targets' colours and the tones'."""

DOCUMENT_COLUMNS = (
    Col("title_html", "title", "html"),
    Col("kind", "kind"),
    Col("source", "source"),
    Col("date", "date", "nowrap"),
    Col("author", "author"),
    Col("chars", "chars", "int"),
    Col("sentences", "sentences", "int"),
    Col("terms", "terms", "int"),
    Col("id_html", "id", "html"),
)


def overview(page: Page) -> Section:
    """Figure cards, the problems met on the way, and the table of documents."""
    result = page.result
    body = [f'<div class="cards">{"".join(_cards(page))}</div>']
    problems = [x.message() for x in result.skipped] + [x.text() for x in result.notes]
    if problems:
        items = "".join(f"<li>{esc_cut(p)}</li>" for p in problems[: page.rows])
        body.append(f'<ul class="notes">{items}</ul>')
        body.append(more(len(problems) - page.rows, "messages", None))
    docs = result.rows("documents")
    rows = []
    for r in records(docs, page.rows):
        cell = link(r.get("url"), r.get("title") or r.get("doc_id"))
        if text(r.get("url")) and "<a " not in cell:
            cell += f'<br><span class="url">{esc_cut(r.get("url"), 120)}</span>'
        r["title_html"] = cell
        r["id_html"] = f'<span title="{esc(r.get("path"))}">{esc_cut(r.get("doc_id"), 60)}</span>'
        rows.append(r)
    body.append(
        f"<details><summary><strong>Documents</strong> ({len(docs):,})</summary>"
        + table(rows, DOCUMENT_COLUMNS, total=len(docs), file="documents", noun="documents")
        + "</details>"
    )
    return Section("overview", "Overview", "\n".join(body))


def _cards(page: Page) -> list[str]:
    """The overview's figures: always the corpus's size, the rest when there is any."""
    s = page.result.overview
    cards = [
        _card(
            "documents",
            f"{s['documents']:,}",
            " · ".join(f"{esc(k)} {v:,}" for k, v in s["kinds"].items()),
        ),
        _card("sources", f"{len(s['sources']):,}", inline(_by_count(s["sources"]), limit=5)),
        _card(
            "dates",
            f"{esc(s['date_min'])} – {esc(s['date_max'])}" if s.get("date_min") else "unknown",
            "",
        ),
        _card(
            "size",
            f"{s['characters']:,} chars",
            f"{s['sentences']:,} sentences · {s['tokens']:,} morphemes · "
            f"{s['terms']:,} terms · {s['vocabulary']:,} distinct",
        ),
        _card("quotes", f"{s.get('quotes', 0):,}", "direct quotes attributed"),
    ]
    if page.result.targets:
        cards.append(_card("targets", " · ".join(esc(t) for t in page.result.targets), "tracked"))
    if s.get("duplicates"):
        cards.append(_card("duplicates", f"{s['duplicates']:,}", "exact duplicates dropped"))
    if s.get("near_duplicate_clusters"):
        detail = plural(s["near_duplicate_documents"], "document") + " in similar clusters"
        if s.get("near_duplicates_collapsed"):
            detail += f"; {s['near_duplicates_collapsed']:,} counted once"
        cards.append(_card("near-duplicates", f"{s['near_duplicate_clusters']:,}", detail))
    if s.get("skipped"):
        cards.append(_card("skipped", f"{s['skipped']:,}", "inputs that could not be read"))
    if s.get("excluded"):
        cards.append(_card("excluded", f"{s['excluded']:,}", "BigKinds rows marked 분석제외"))
    if s.get("bigkinds_documents"):
        detail = "bodies are the first ~200 characters only"
        cards.append(_card("BigKinds", f"{s['bigkinds_documents']:,}", detail))
    return cards


def _card(label: str, value: str, detail: str) -> str:
    """A figure of the overview; `value` and `detail` are escaped by the caller."""
    return (
        f'<div class="card"><div class="label">{html_text(label)}</div>'
        f'<div class="value">{value}</div><div class="detail">{detail}</div></div>'
    )


def _by_count(counts: dict[str, int]) -> list[tuple[object, object]]:
    return [(k, v) for k, v in sorted(counts.items(), key=lambda kv: -kv[1])]


def keywords(page: Page) -> Section | None:
    """The top keywords as bars (overall, then by kind side by side) and as a table."""
    frame = page.result.keywords
    if frame.empty:
        return None
    top = records(frame, KEYWORD_BARS)
    terms = [text(r["term"]) for r in top]
    panels = [BarPanel("all", [float(r["tf"]) for r in top], BAR, 340)]
    kinds = [str(c) for c in frame.columns if str(c).startswith("tf_")]
    caption = f"The {len(top)} most frequent terms (occurrences)"
    if len(kinds) >= 2:
        kinds = sorted(kinds, key=lambda c: -int(frame[c].to_numpy().sum()))[:KIND_PANELS]
        panels += [
            BarPanel(k[3:], [float(r[k]) for r in top], KIND_COLOURS[n % len(KIND_COLOURS)], 210)
            for n, k in enumerate(kinds)
        ]
        caption += (
            ", in all documents and by document kind side by side; each panel's bars "
            "are scaled to its own largest count"
        )
    body = [
        '<figure class="chart">',
        bar_panels(terms, panels, title=f"Top {len(top)} keywords"),
        f"<figcaption>{html_text(caption)}.</figcaption>",
        "</figure>",
    ]
    columns = [
        Col("rank", "#", "int"),
        Col("term", "term"),
        Col("tf", "tf", "int"),
        Col("df", "df", "int"),
        Col("share", "share", "pct"),
        *(Col(str(k), str(k)[3:], "int") for k in frame.columns if str(k).startswith("tf_")),
    ]
    body.append(table(records(frame, page.rows), columns, total=len(frame), file="keywords"))
    return Section("keywords", "Top keywords", "\n".join(body))
