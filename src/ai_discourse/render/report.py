"""The analysis as one self-contained HTML page: charts, tables and evidence to look at.

The page opens offline and fetches nothing: the charts are inline SVG drawn here (or by
`render.svg`), the style and the table-sorting script are inline, Korean text uses the
reader's system fonts, and a Content-Security-Policy forbids any other load or script.
Every piece of corpus text is HTML-escaped, its control characters made visible and its
bidi controls isolated (`render.safe.html_text`). The page does not grow with the corpus:
each table shows its first `rows` rows (the CSV export holds the rest), each target at
most `EVIDENCE_PER_TARGET` evidence sentences, and long texts are cut.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any, BinaryIO

from ai_discourse import __version__
from ai_discourse.render.safe import html_text
from ai_discourse.render.svg import FONTS, colour

if TYPE_CHECKING:
    import pandas as pd

    from ai_discourse.analysis import Analysis

__all__ = ["EVIDENCE_PER_TARGET", "report_html", "write_report"]

EVIDENCE_PER_TARGET = 50
"""Evidence sentences shown per target: those with the strongest tone, in reading order."""
KEYWORD_BARS = 30
KIND_PANELS = 4
"""At most this many document kinds compared side by side (the most frequent)."""
COMMUNITIES = 20
"""Communities listed under the network drawing."""
NETWORK_NODES = 150
"""The network drawing keeps the terms in most sentences when the graph is larger."""
CELL_CHARS = 300
SENTENCE_CHARS = 600
LABEL_CHARS = 14
INLINE_ITEMS = 12
"""Sources, places and similar lists shown inline before `… and N more`."""

POSITIVE, NEGATIVE, NEUTRAL = "#2e7d32", "#c62828", "#9e9e9e"
BAR = "#4e79a7"
KIND_COLOURS = ("#76b7b2", "#b07aa1", "#9c755f", "#e0b13a")
"""Document kinds in the keyword chart: apart from the targets' colours and the tones'."""

Row = dict[Any, Any]


# --- Public API --------------------------------------------------------------------------


def report_html(result: Analysis, *, title: str | None = None, rows: int = 200) -> str:
    """The whole report as one HTML string."""
    if rows < 0:
        raise ValueError(f"rows must not be negative: {rows}")
    page = _Page(result, rows)
    sections = [
        s
        for s in (
            page.overview(),
            page.keywords(),
            page.stance(),
            page.entities(),
            page.trends(),
            page.network(),
            page.topics(),
            page.keyness(),
            page.terms(),
            page.near_duplicates(),
        )
        if s is not None
    ]
    heading = title or _default_title(result)
    script_hash = base64.b64encode(hashlib.sha256(_SCRIPT.encode("utf-8")).digest()).decode()
    # No network, no other script: injected markup could neither run nor phone home.
    policy = f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{script_hash}'"
    nav = "".join(f'<li><a href="#{s.id}">{html_text(s.heading)}</a></li>' for s in sections)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="ko">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">',
        f'<meta name="generator" content="ai-discourse {escape(__version__)}">',
        f"<title>{_e(heading)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f'<header><h1>{_e(heading)}</h1><p class="sub">{_subtitle(result)}</p></header>',
        f'<nav aria-label="Sections"><ul>{nav}</ul></nav>',
        "<main>",
        *(s.html() for s in sections),
        "</main>",
        f"<footer><p>Made with ai-discourse {escape(__version__)}. This report is "
        "self-contained: it loads no script, style, font or image from the network and "
        "opens offline. Tables show their first rows; the CSV export "
        "(<code>--out DIR</code>) holds every row. Click a column header to sort.</p></footer>",
        f"<script>{_SCRIPT}</script>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


def write_report(
    result: Analysis, handle: BinaryIO, *, title: str | None = None, rows: int = 200
) -> None:
    """UTF-8 bytes of report_html to a binary file handle (the caller writes atomically)."""
    handle.write(report_html(result, title=title, rows=rows).encode("utf-8"))


# --- Escaping and cells ------------------------------------------------------------------


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, NaT
    except (TypeError, ValueError):
        return True  # pandas.NA refuses to be a bool


def _str(value: object) -> str:
    return "" if _missing(value) else str(value)


def _e(value: object) -> str:
    """Any value as escaped text, for element content and attributes alike."""
    return html_text(_str(value))


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _ec(value: object, limit: int = CELL_CHARS) -> str:
    """Escaped and cut to `limit` characters."""
    return html_text(_cut(_str(value), limit))


def _link(url: object, text: object) -> str:
    """`text` linked to `url` when it is a web address; otherwise the text alone."""
    address = _str(url).strip()
    if address.lower().startswith(("http://", "https://")):
        return f'<a href="{escape(address, quote=True)}" rel="noopener noreferrer">{_ec(text)}</a>'
    return _ec(text)


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def _tone_class(net: float) -> str:
    return "pos" if net > 0.05 else "neg" if net < -0.05 else "neu"


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
        return self.kind in _FORMATS


def _cell(value: object, col: Col) -> str:
    if col.numeric:
        if _missing(value):
            return '<td class="num" data-v=""></td>'
        number = float(value)  # type: ignore[arg-type]
        shown = _FORMATS[col.kind](number)
        if col.kind == "signed":
            return f'<td class="num {_tone_class(number)}" data-v="{number!r}">{shown}</td>'
        return f'<td class="num" data-v="{number!r}">{shown}</td>'
    if col.kind == "html":
        return f"<td>{value}</td>"
    if col.kind == "nowrap":
        return f'<td class="nowrap">{_ec(value)}</td>'
    return f"<td>{_ec(value)}</td>"


def _table(
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
    parts.append(_more(total - shown, noun, file))
    return "\n".join(parts)


def _more(hidden: int, noun: str, file: str | None) -> str:
    if hidden <= 0:
        return ""
    where = f" in {html_text(file)}.csv" if file else ""
    return f'<p class="more">… {hidden:,} more {html_text(noun)}{where}</p>'


def _records(frame: pd.DataFrame, rows: int) -> list[Row]:
    return [dict(r) for r in frame.head(rows).to_dict(orient="records")]


def _inline(items: Sequence[tuple[object, object]], *, limit: int = INLINE_ITEMS) -> str:
    """`name 12, name 3, … and 40 more` from (name, count) pairs, escaped."""
    shown = ", ".join(f"{_ec(name, 60)} {_e(count)}" for name, count in items[:limit])
    rest = len(items) - limit
    return shown + (f", … and {rest:,} more" if rest > 0 else "")


# --- Sections ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Section:
    id: str
    heading: str
    body: str

    def html(self) -> str:
        return (
            f'<section id="{self.id}" aria-labelledby="{self.id}-h">'
            f'<h2 id="{self.id}-h">{html_text(self.heading)}</h2>\n{self.body}\n</section>'
        )


class _Page:
    """The sections of one report, each None when the analysis has no data for it."""

    def __init__(self, result: Analysis, rows: int) -> None:
        self.result = result
        self.rows = rows
        self._titles: dict[str, str] | None = None

    @property
    def titles(self) -> dict[str, str]:
        """Document titles by id (the id when a document has none)."""
        if self._titles is None:
            docs = self.result.documents
            self._titles = {
                _str(i): _str(t) or _str(i)
                for i, t in zip(docs["doc_id"], docs["title"], strict=True)
            }
        return self._titles

    def title_of(self, doc_id: object) -> str:
        return self.titles.get(_str(doc_id), _str(doc_id))

    # 1. Overview

    def overview(self) -> _Section:
        s = self.result.overview
        cards = [
            _card(
                "documents",
                f"{s['documents']:,}",
                " · ".join(f"{_e(k)} {v:,}" for k, v in s["kinds"].items()),
            ),
            _card(
                "sources",
                f"{len(s['sources']):,}",
                _inline(_by_count(s["sources"]), limit=5),
            ),
            _card(
                "dates",
                f"{_e(s['date_min'])} – {_e(s['date_max'])}" if s.get("date_min") else "unknown",
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
        if self.result.targets:
            cards.append(
                _card("targets", " · ".join(_e(t) for t in self.result.targets), "tracked")
            )
        if s.get("duplicates"):
            cards.append(_card("duplicates", f"{s['duplicates']:,}", "exact duplicates dropped"))
        if s.get("near_duplicate_clusters"):
            detail = _n(s["near_duplicate_documents"], "document") + " in similar clusters"
            if s.get("near_duplicates_collapsed"):
                detail += f"; {s['near_duplicates_collapsed']:,} counted once"
            cards.append(_card("near-duplicates", f"{s['near_duplicate_clusters']:,}", detail))
        if s.get("skipped"):
            cards.append(_card("skipped", f"{s['skipped']:,}", "inputs that could not be read"))
        if s.get("excluded"):
            cards.append(_card("excluded", f"{s['excluded']:,}", "BigKinds rows marked 분석제외"))
        if s.get("bigkinds_documents"):
            cards.append(
                _card(
                    "BigKinds",
                    f"{s['bigkinds_documents']:,}",
                    "bodies are the first ~200 characters only",
                )
            )
        body = [f'<div class="cards">{"".join(cards)}</div>']
        problems = [x.message() for x in self.result.skipped] + [
            x.text() for x in self.result.notes
        ]
        if problems:
            items = "".join(f"<li>{_ec(p)}</li>" for p in problems[: self.rows])
            body.append(f'<ul class="notes">{items}</ul>')
            body.append(_more(len(problems) - self.rows, "messages", None))
        docs = self.result.documents
        table_rows = []
        for r in _records(docs, self.rows):
            cell = _link(r.get("url"), r.get("title") or r.get("doc_id"))
            if _str(r.get("url")) and "<a " not in cell:
                cell += f'<br><span class="url">{_ec(r.get("url"), 120)}</span>'
            r["title_html"] = cell
            r["id_html"] = f'<span title="{_e(r.get("path"))}">{_ec(r.get("doc_id"), 60)}</span>'
            table_rows.append(r)
        body.append(
            f"<details><summary><strong>Documents</strong> ({len(docs):,})</summary>"
            + _table(
                table_rows,
                [
                    Col("title_html", "title", "html"),
                    Col("kind", "kind"),
                    Col("source", "source"),
                    Col("date", "date", "nowrap"),
                    Col("author", "author"),
                    Col("chars", "chars", "int"),
                    Col("sentences", "sentences", "int"),
                    Col("terms", "terms", "int"),
                    Col("id_html", "id", "html"),
                ],
                total=len(docs),
                file="documents",
                noun="documents",
            )
            + "</details>"
        )
        return _Section("overview", "Overview", "\n".join(body))

    # 2. Keywords

    def keywords(self) -> _Section | None:
        keywords = self.result.keywords
        if keywords.empty:
            return None
        top = _records(keywords, KEYWORD_BARS)
        terms = [_str(r["term"]) for r in top]
        panels = [_Panel("all", [float(r["tf"]) for r in top], BAR, 340)]
        kinds = [str(c) for c in keywords.columns if str(c).startswith("tf_")]
        caption = f"The {len(top)} most frequent terms (occurrences)"
        if len(kinds) >= 2:
            kinds = sorted(kinds, key=lambda c: -int(keywords[c].to_numpy().sum()))[:KIND_PANELS]
            panels += [
                _Panel(k[3:], [float(r[k]) for r in top], KIND_COLOURS[n % len(KIND_COLOURS)], 210)
                for n, k in enumerate(kinds)
            ]
            caption += (
                ", in all documents and by document kind side by side; each panel's bars "
                "are scaled to its own largest count"
            )
        body = [
            '<figure class="chart">',
            _bar_panels(terms, panels, title=f"Top {len(top)} keywords"),
            f"<figcaption>{html_text(caption)}.</figcaption>",
            "</figure>",
        ]
        columns = [
            Col("rank", "#", "int"),
            Col("term", "term"),
            Col("tf", "tf", "int"),
            Col("df", "df", "int"),
            Col("share", "share", "pct"),
            *(Col(str(k), str(k)[3:], "int") for k in keywords.columns if str(k).startswith("tf_")),
        ]
        body.append(
            _table(_records(keywords, self.rows), columns, total=len(keywords), file="keywords")
        )
        return _Section("keywords", "Top keywords", "\n".join(body))

    # 3. Stance

    def stance(self) -> _Section | None:
        stance = self.result.stance
        targets = self.result.targets
        if stance is None or not targets:
            return None
        table = stance.table
        overall = table[table["scope_type"] == "corpus"]
        by_target = {_str(r["target"]): r for r in _records(overall, len(overall))}
        words = stance.distinctive
        body = ['<div class="scroll"><table class="side"><thead><tr><th scope="col"></th>']
        for n, target in enumerate(targets):
            body.append(
                f'<th scope="col"><span class="swatch" style="background:{colour(n + 1)}">'
                f"</span>{_e(target)}</th>"
            )
        body.append("</tr></thead><tbody>")

        def line(label: str, render: Callable[[Row], str]) -> None:
            cells = "".join(
                f"<td>{render(by_target[t])}</td>" if t in by_target else "<td></td>"
                for t in targets
            )
            body.append(f'<tr><th scope="row">{html_text(label)}</th>{cells}</tr>')

        hue = {t: colour(n + 1) for n, t in enumerate(targets)}
        line("mentions", lambda r: f"{r['mentions']:,} in {_n(int(r['documents']), 'document')}")
        line(
            "share of voice",
            lambda r: (
                f"{_share_bar(float(r['share_of_voice']), fill=hue[_str(r['target'])])} "
                f"{r['share_of_voice']:.0%}"
            ),
        )
        line(
            "attributed sentences",
            lambda r: f"{r['sentences']:,} (+{r['context_sentences']:,} by context)",
        )
        line(
            "tone",
            lambda r: (
                _tone_bar(int(r["positive"]), int(r["neutral"]), int(r["negative"]))
                + f'<div class="small"><span class="pos">+{r["positive"]:,}</span> · '
                f'<span class="neu">={r["neutral"]:,}</span> · '
                f'<span class="neg">−{r["negative"]:,}</span></div>'
            ),
        )
        line(
            "net tone",
            lambda r: (
                f'<strong class="{_tone_class(float(r["net_tone"]))}">'
                f"{float(r['net_tone']):+.2f}</strong>"
            ),
        )
        line("top frames", lambda r: _ec(r["top_frames"]) or "—")
        distinctive = {
            t: ", ".join(_ec(w, 40) for w in words[words["target"] == t]["term"].head(10))
            for t in targets
        }
        body.append(
            '<tr><th scope="row">distinctive words</th>'
            + "".join(f"<td>{distinctive[t] or '—'}</td>" for t in targets)
            + "</tr>"
        )
        body.append("</tbody></table></div>")
        body.append(
            '<p class="small">Net tone = (positive − negative) / attributed sentences. '
            f"Distinctive words: log-odds with an informative Dirichlet prior, seen at least "
            f"{stance.min_count} times in the target's own sentences.</p>"
        )
        kinds = table[table["scope_type"] == "kind"]
        if kinds["scope"].nunique() > 1:
            body.append("<h3>By document kind</h3>")
            body.append(
                _table(
                    _records(kinds, self.rows),
                    [
                        Col("scope", "kind"),
                        Col("target", "target"),
                        Col("documents", "docs", "int"),
                        Col("mentions", "mentions", "int"),
                        Col("share_of_voice", "share", "pct0"),
                        Col("sentences", "sentences", "int"),
                        Col("context_sentences", "by context", "int"),
                        Col("positive", "+", "int"),
                        Col("negative", "−", "int"),
                        Col("neutral", "=", "int"),
                        Col("net_tone", "net tone", "signed"),
                        Col("top_frames", "top frames"),
                    ],
                    total=len(kinds),
                    file="stance",
                )
            )
        if not stance.frames.empty:
            body.append("<h3>Frames</h3>")
            body.append(
                _table(
                    _records(stance.frames, self.rows),
                    [
                        Col("target", "target"),
                        Col("frame", "frame"),
                        Col("sentences", "sentences", "int"),
                        Col("share", "share", "pct0"),
                        Col("positive", "+", "int"),
                        Col("negative", "−", "int"),
                        Col("neutral", "=", "int"),
                    ],
                    total=len(stance.frames),
                    file="stance_frames",
                )
            )
        if not words.empty:
            body.append("<h3>Distinctive words</h3>")
            body.append(
                _table(
                    _records(words, self.rows),
                    [
                        Col("target", "target"),
                        Col("rank", "#", "int"),
                        Col("term", "term"),
                        Col("count", "count", "int"),
                        Col("count_others", "others", "int"),
                        Col("z", "z", "f2"),
                    ],
                    total=len(words),
                    file="stance_words",
                    noun="words",
                )
            )
        body.append("<h3>Evidence sentences</h3>")
        body.append(
            '<p class="small">The sentences behind the numbers, up to '
            f"{EVIDENCE_PER_TARGET} per target (the strongest tone first chosen, shown in "
            'reading order). Tone words are marked: <mark class="pos">positive</mark>, '
            '<mark class="neg">negative</mark>.</p>'
        )
        for target in targets:
            body.append(self._evidence(target, by_target.get(target)))
        return _Section("stance", "Stance", "\n".join(body))

    def _evidence(self, target: str, summary: Row | None) -> str:
        assert self.result.stance is not None
        evidence = self.result.stance.evidence
        mine = evidence[evidence["target"] == target]
        total = len(mine)
        if total > EVIDENCE_PER_TARGET:
            strength = mine["score"].abs()
            order = strength.sort_values(ascending=False, kind="stable").index
            mine = mine.loc[sorted(order[:EVIDENCE_PER_TARGET])]
        counts = ""
        if summary is not None:
            counts = (
                f': <span class="pos">+{summary["positive"]:,}</span> '
                f'<span class="neg">−{summary["negative"]:,}</span> '
                f'<span class="neu">={summary["neutral"]:,}</span>'
            )
        items = []
        for r in _records(mine, len(mine)):
            tone = _str(r["tone"]) or "neu"
            text, unplaced = mark_cues(_str(r["text"]), _str(r["cues"]))
            why = [
                f"{_ec(self.title_of(r['doc_id']), 80)} · sentence {_e(r['sentence'])}",
                f"by {_e(r['attribution'])}",
            ]
            if r.get("frames"):
                why.append("frames: " + _ec(r["frames"], 120))
            if unplaced:
                why.append(
                    "cues: "
                    + " ".join(
                        f'<span class="{"pos" if c.positive else "neg"}">{_ec(c.label, 60)}</span>'
                        for c in unplaced
                    )
                )
            items.append(
                f'<li class="ev"><span class="badge {_e(tone)}">{_e(tone)} '
                f"{float(r['score']):+.1f}</span> <q>{text}</q>"
                f'<div class="why">{" · ".join(why)}</div></li>'
            )
        shown = f"{len(items)} of {total:,}" if total > len(items) else f"{total:,}"
        return (
            f'<details class="evidence"><summary><strong>{_e(target)}</strong>: '
            f"{shown} sentences{counts}</summary>"
            f'<ol class="evidence">{"".join(items)}</ol>'
            f"{_more(total - len(items), f'sentences about {target}', 'stance_evidence')}"
            "</details>"
        )

    # 4. Entities and quotes

    def entities(self) -> _Section | None:
        entities, quotes = self.result.entities, self.result.quotes
        if entities.empty and quotes.empty:
            return None
        body = []
        named = entities[entities["type"] != "LOC"]
        if not named.empty:
            body.append("<h3>People and organisations</h3>")
            rows = _records(named, self.rows)
            for r in rows:
                r["role"] = " · ".join(_str(x) for x in (r["title"], r["affiliation"]) if _str(x))
            body.append(
                _table(
                    rows,
                    [
                        Col("entity", "entity"),
                        Col("type", "type"),
                        Col("target", "target"),
                        Col("role", "title / affiliation"),
                        Col("mentions", "mentions", "int"),
                        Col("documents", "docs", "int"),
                        Col("spellings", "spellings"),
                    ],
                    total=len(named),
                    file="entities",
                    noun="people and organisations",
                )
            )
        places = entities[entities["type"] == "LOC"]
        if not places.empty:
            pairs = list(zip(places["entity"], places["mentions"], strict=True))
            body.append(f"<p><strong>Places:</strong> {_inline(pairs, limit=30)}</p>")
        if not quotes.empty:
            body.append("<h3>Who said what</h3>")
            rows = _records(quotes, self.rows)
            for r in rows:
                r["who"] = _str(r["speaker"]) or "?"
                r["role"] = " · ".join(_str(x) for x in (r["title"], r["affiliation"]) if _str(x))
                r["document"] = self.title_of(r["doc_id"])
            body.append(
                _table(
                    rows,
                    [
                        Col("who", "speaker"),
                        Col("role", "title / affiliation"),
                        Col("verb", "verb", "nowrap"),
                        Col("quote", "quote"),
                        Col("document", "document"),
                    ],
                    total=len(quotes),
                    file="quotes",
                    noun="quotes",
                )
            )
        terms = self.result.quoted_terms
        if not terms.empty:
            pairs = list(zip(terms["term"], terms["count"], strict=True))
            body.append(
                f"<p><strong>Set in quotes, not as speech:</strong> {_inline(pairs, limit=30)}</p>"
            )
        return _Section("entities", "Entities and quotes", "\n".join(body))

    # 5. Trends

    def trends(self) -> _Section | None:
        from ai_discourse.render.svg import tone_svg, trends_svg

        trends = self.result.trends
        if trends is None or trends.empty:
            return None
        dated = trends[trends["period"] != "undated"]
        if dated.empty:
            return None
        body = []
        with_targets = "mentions" in trends.columns and dated["target"].notna().any()
        if with_targets:
            body += [
                '<figure class="chart">',
                trends_svg(trends),
                "<figcaption>Mentions of each target per period.</figcaption></figure>",
                '<figure class="chart">',
                tone_svg(dated),
                "<figcaption>Net tone per period, (positive − negative) / attributed "
                "sentences; gaps where a target has no sentence. Periods of fewer than 5 "
                "documents are anecdotal.</figcaption></figure>",
            ]
        # The latest periods with documents matter most: the report shows the last ones.
        active = trends[trends["documents"] > 0]
        shown = active.tail(self.rows).iloc[::-1]
        columns = [Col("period", "period"), Col("documents", "docs", "int")]
        if with_targets:
            columns += [
                Col("target", "target"),
                Col("mentions", "mentions", "int"),
                Col("share_of_voice", "share", "pct0"),
                Col("sentences", "sentences", "int"),
                Col("positive", "+", "int"),
                Col("negative", "−", "int"),
                Col("neutral", "=", "int"),
                Col("net_tone", "net tone", "signed"),
            ]
        body.append(
            _table(
                _records(shown, len(shown)),
                columns,
                total=len(trends),
                file="trends",
                caption="The periods with documents, latest first",
            )
        )
        keywords = self.result.trend_keywords
        if keywords is not None and not keywords.empty:
            grouped = [
                {
                    "period": period,
                    "terms": ", ".join(
                        f"{_str(t)} {_str(n)}"
                        for t, n in zip(group["term"], group["tf"], strict=True)
                    ),
                }
                for period, group in keywords.groupby("period", sort=False)
            ]
            body.append("<h3>Top keywords per period</h3>")
            body.append(
                _table(
                    grouped[::-1][: self.rows],
                    [Col("period", "period"), Col("terms", "terms")],
                    total=len(grouped),
                    file="trend_keywords",
                    noun="periods",
                    caption="Latest first",
                )
            )
        return _Section("trends", "Trends", "\n".join(body))

    # 6. Network

    def network(self) -> _Section | None:
        from ai_discourse.render.svg import network_svg

        network = self.result.network
        if network is None or network.nodes.empty:
            return None
        nodes = network.nodes
        graph, note = _drawable(network.graph, nodes)
        body = [
            '<figure class="chart">',
            network_svg(graph),
            f"<figcaption>{len(nodes):,} terms and {len(network.edges):,} links from "
            f"co-occurrence in {network.sentences:,} sentences: node size by sentences, "
            f"colour by community, link width by co-occurrences.{note}</figcaption>",
            "</figure>",
        ]
        communities = nodes[nodes["community"] > 0].groupby("community", sort=True)
        legend = []
        for key, group in list(communities)[:COMMUNITIES]:
            number = int(str(key))
            terms = ", ".join(
                _ec(t, 30) for t in group.sort_values("count", ascending=False)["term"].head(8)
            )
            legend.append(
                f'<li><span class="swatch" style="background:{colour(number)}"></span>'
                f"<strong>{number}</strong> ({len(group)}): {terms}</li>"
            )
        if legend:
            body.append(f'<ul class="legend">{"".join(legend)}</ul>')
            body.append(_more(communities.ngroups - len(legend), "communities", "network_nodes"))
        ego = network.ego
        if not ego.empty:
            around = [
                {
                    "target": target,
                    "terms": ", ".join(
                        f"{_str(t)} {_str(c)}"
                        for t, c in zip(
                            group["term"].head(12), group["count"].head(12), strict=True
                        )
                    ),
                }
                for target, group in ego.groupby("target", sort=False)
            ]
            body.append("<h3>Around each target</h3>")
            body.append(
                _table(
                    around,
                    [Col("target", "target"), Col("terms", "neighbours (co-occurring sentences)")],
                    total=len(around),
                    file=None,
                )
            )
        ranked = nodes.sort_values(["degree", "count"], ascending=False, kind="stable")
        rows = _records(ranked, self.rows)
        for r in rows:
            number = int(r["community"])
            r["group"] = f'<span class="swatch" style="background:{colour(number)}"></span>{number}'
        body.append("<h3>Terms</h3>")
        body.append(
            _table(
                rows,
                [
                    Col("term", "term"),
                    Col("count", "sentences", "int"),
                    Col("degree", "degree", "int"),
                    Col("weighted_degree", "weighted", "int"),
                    Col("betweenness", "betweenness", "f3"),
                    Col("eigenvector", "eigenvector", "f3"),
                    Col("group", "community", "html"),
                ],
                total=len(nodes),
                file="network_nodes",
                noun="terms",
            )
        )
        return _Section("network", "Network", "\n".join(body))

    # 7. Topics, key terms, compound terms, near-duplicates

    def topics(self) -> _Section | None:
        topics = self.result.topics
        if topics is None or topics.topics.empty:
            return None
        shares = topics.shares
        corpus = {
            int(t): float(s)
            for t, s in zip(
                shares[shares["by"] == "corpus"]["topic"],
                shares[shares["by"] == "corpus"]["share"],
                strict=True,
            )
        }
        first = topics.representative[topics.representative["rank"] == 1]
        typical = {int(t): d for t, d in zip(first["topic"], first["doc_id"], strict=True)}
        rows = []
        for key, group in topics.topics.groupby("topic", sort=True):
            topic = int(str(key))
            share = corpus.get(topic, 0.0)
            doc = typical.get(topic)
            rows.append(
                {
                    "topic": topic,
                    "share": share,
                    "bar": _share_bar(share),
                    "terms": ", ".join(_str(t) for t in group["term"].head(10)),
                    "typical": "" if doc is None else self.title_of(doc),
                }
            )
        body = [
            _table(
                rows[: self.rows],
                [
                    Col("topic", "#", "int"),
                    Col("share", "share", "pct0"),
                    Col("bar", "", "html"),
                    Col("terms", "top terms"),
                    Col("typical", "typical document"),
                ],
                total=len(rows),
                file="topics",
                noun="topics",
            )
        ]
        by_target = shares[shares["by"] == "target"]
        lines = []
        for target, group in by_target.groupby("group", sort=False):
            best = group.sort_values("share", ascending=False).head(3)
            parts = ", ".join(
                f"topic {int(t)} {float(s):.0%}"
                for t, s in zip(best["topic"], best["share"], strict=True)
            )
            lines.append(f"<li><strong>{_e(target)}</strong>: {parts}</li>")
        if lines:
            body.append("<h3>Topics of the documents naming each target</h3>")
            body.append(f"<ul>{''.join(lines)}</ul>")
        return _Section("topics", "Topics", "\n".join(body))

    def keyness(self) -> _Section | None:
        keyness = self.result.keyness
        if keyness is None or keyness.empty:
            return None
        rows = _records(keyness, self.rows)
        for r in rows:
            r["context"] = _bracketed(_str(r.get("example")))
        table = _table(
            rows,
            [
                Col("group", "group"),
                Col("rank", "#", "int"),
                Col("term", "term"),
                Col("count", "count", "int"),
                Col("count_rest", "rest", "int"),
                Col("z", "z", "f2"),
                Col("g2", "G²", "f2"),
                Col("context", "example", "html"),
            ],
            total=len(keyness),
            file="keyness",
            noun="key terms",
        )
        intro = (
            '<p class="small">Terms used more in one group than in the rest '
            "(log-odds z-score; G² log-likelihood).</p>"
        )
        return _Section("keyness", "Key terms", intro + table)

    def terms(self) -> _Section | None:
        terms = self.result.terms
        if terms is None or terms.empty:
            return None
        table = _table(
            _records(terms, self.rows),
            [
                Col("rank", "#", "int"),
                Col("term", "term"),
                Col("count", "count", "int"),
                Col("docs", "docs", "int"),
                Col("npmi", "npmi", "f2"),
                Col("left_entropy", "left H", "f2"),
                Col("right_entropy", "right H", "f2"),
                Col("score", "score", "f2"),
            ],
            total=len(terms),
            file="terms",
            noun="terms",
        )
        return _Section("terms", "Compound terms", table)

    def near_duplicates(self) -> _Section | None:
        near = self.result.near_duplicates
        if near is None or near.empty:
            return None
        rows = _records(near, self.rows)
        for r in rows:
            r["document"] = self.title_of(r["doc_id"])
        intro = (
            f"<p>{_n(len(near), 'document')} in "
            f"{_n(int(near['cluster'].nunique()), 'cluster')} of near-duplicates (similarity "
            "to the cluster's first document).</p>"
        )
        table = _table(
            rows,
            [
                Col("cluster", "cluster", "int"),
                Col("size", "size", "int"),
                Col("document", "document"),
                Col("doc_id", "id"),
                Col("similarity", "similarity", "f3"),
            ],
            total=len(near),
            file="near_duplicates",
            noun="documents",
        )
        return _Section("near-duplicates", "Near-duplicates", intro + table)


def _drawable(graph: Any, nodes: pd.DataFrame) -> tuple[Any, str]:
    """The part of the network worth drawing, and a note on what is left out: terms with
    no link (a force layout flings them to the edges and squeezes the rest), and beyond
    `NETWORK_NODES` the terms in fewest sentences."""
    notes = []
    if graph.number_of_edges():
        unlinked = {n for n, degree in graph.degree() if degree == 0}
        if unlinked:
            graph = graph.subgraph([n for n in graph if n not in unlinked])
            notes.append(f"{_n(len(unlinked), 'term')} without links left out")
    if graph.number_of_nodes() > NETWORK_NODES:
        ranked = nodes.sort_values("count", ascending=False, kind="stable")["term"]
        keep = [t for t in ranked if t in graph][:NETWORK_NODES]
        graph = graph.subgraph(keep)
        notes.append(f"only the {NETWORK_NODES} terms in most sentences drawn")
    return graph, "".join(f" Drawing: {n}." for n in notes)


def _card(label: str, value: str, detail: str) -> str:
    """A figure of the overview; `value` and `detail` are escaped by the caller."""
    return (
        f'<div class="card"><div class="label">{html_text(label)}</div>'
        f'<div class="value">{value}</div><div class="detail">{detail}</div></div>'
    )


def _by_count(counts: dict[str, int]) -> list[tuple[object, object]]:
    return [(k, v) for k, v in sorted(counts.items(), key=lambda kv: -kv[1])]


def _default_title(result: Analysis) -> str:
    return f"ai-discourse report: {_n(int(result.overview.get('documents', 0)), 'document')}"


def _subtitle(result: Analysis) -> str:
    s = result.overview
    parts = [_n(int(s.get("documents", 0)), "document")]
    if s.get("date_min"):
        parts.append(f"{_e(s['date_min'])} – {_e(s['date_max'])}")
    if result.targets:
        parts.append("targets: " + ", ".join(_e(t) for t in result.targets))
    return " · ".join(parts)


def _bracketed(example: str) -> str:
    """A keyness example `…left [term] right…` escaped, the term marked."""
    left, bracket, rest = example.partition("[")
    term, close, right = rest.partition("]")
    if not bracket or not close:
        return _ec(example)
    return f"{_ec(left, 150)}<mark>{_ec(term, 60)}</mark>{_ec(right, 150)}"


# --- Tone cues ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Cue:
    """One tone word of an evidence row's `cues` (`+성장`, `−부진(부정됨)`, `−적자·확대`)."""

    label: str
    form: str
    positive: bool


_CUE_SPLIT = re.compile(r"\s+(?=[+−-])")
_CUE = re.compile(r"^([+−-])(.*?)((?:\([^()]*\))*)$")
_HANGUL, _HANGUL_END = 0xAC00, 0xD7A3
_PHRASE_GAP = 6
"""At most this many characters between the words of a phrase cue."""


def parse_cues(cues: str) -> list[Cue]:
    """The cues of an evidence row: labels joined by spaces, a phrase's parts by spaces too,
    so a new cue starts only where a sign follows a space."""
    out = []
    for label in _CUE_SPLIT.split(cues.strip()):
        match = _CUE.match(label)
        if match and match.group(2).strip():
            out.append(Cue(label, match.group(2).strip(), match.group(1) == "+"))
    return out


def _syllable_class(char: str, *, same_vowel: bool) -> str:
    """A regex class of the Hangul syllables sharing `char`'s initial consonant (and vowel):
    a lemma's last syllable changes as it is conjugated (못하 -> 못했, 낫 -> 나아)."""
    code = ord(char)
    if not _HANGUL <= code <= _HANGUL_END:
        return re.escape(char)
    initial = (code - _HANGUL) // 588
    if same_vowel:
        start = _HANGUL + initial * 588 + (code - _HANGUL) % 588 // 28 * 28
        return f"[{chr(start)}-{chr(start + 27)}]"
    start = _HANGUL + initial * 588
    return f"[{chr(start)}-{chr(start + 587)}]"


def _part_patterns(part: str, *, loose: bool) -> list[re.Pattern[str]]:
    """How to find one lemma in a sentence: as written, then with its last syllable
    conjugated (same initial consonant; same vowel too for a lone one-syllable lemma,
    unless `loose`: 쓰 -> 썼 right after the rest of its phrase)."""
    exact = re.compile(re.escape(part), re.IGNORECASE)
    last = part[-1]
    if not _HANGUL <= ord(last) <= _HANGUL_END:
        return [exact]
    same_vowel = len(part) == 1 and not loose
    return [exact, re.compile(re.escape(part[:-1]) + _syllable_class(last, same_vowel=same_vowel))]


def _find(
    text: str, part: str, start: int, taken: list[tuple[int, int]], *, near: bool = False
) -> tuple[int, int] | None:
    """The first place of `part` from `start` not overlapping `taken`; with `near`, only
    a few characters on (the next word of a phrase)."""
    for pattern in _part_patterns(part, loose=near):
        for m in pattern.finditer(text, start):
            if near and m.start() - start > _PHRASE_GAP:
                break
            if not any(m.start() < e and s < m.end() for s, e in taken):
                return m.start(), m.end()
    return None


def locate(text: str, cue: Cue, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Where a cue's words are in the sentence, avoiding spans already marked. A composed
    cue's parts (`적자·확대`) are found in order, as one span when they sit close together;
    a phrase (`기록 을 새로 쓰`) is one span. Empty when the first part cannot be found."""
    spans: list[tuple[int, int]] = []
    position = 0
    for component in cue.form.split("·"):
        found = _phrase(text, component, position, taken + spans)
        if found is None:
            if not spans:
                return []
            continue
        spans.append(found)
        position = found[1]
    if len(spans) > 1 and spans[-1][1] - spans[0][0] <= 24:
        whole = (spans[0][0], spans[-1][1])
        if not any(whole[0] < e and s < whole[1] for s, e in taken):
            return [whole]
    return spans


def _phrase(
    text: str, phrase: str, start: int, taken: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """A phrase's span: its first word, then each next word a few characters on (words
    that cannot be found so are left out of the span; Kiwi's jamo endings are skipped)."""
    words = [w for w in phrase.split() if _has_syllable(w)]
    if not words:
        return None
    first = _find(text, words[0], start, taken)
    if first is None:
        return None
    end = first[1]
    for word in words[1:]:
        found = _find(text, word, end, taken, near=True)
        if found is not None:
            end = found[1]
    return first[0], end


def _has_syllable(part: str) -> bool:
    """Whether a part is more than a lone jamo ending (Kiwi's `ᆯ`)."""
    return any(not 0x1100 <= ord(c) <= 0x11FF and not 0x3130 <= ord(c) <= 0x318F for c in part)


def mark_cues(text: str, cues: str, *, limit: int = SENTENCE_CHARS) -> tuple[str, list[Cue]]:
    """The sentence escaped, cut to `limit` characters, with each tone cue in a
    `<mark class="pos|neg">`; and the cues that could not be placed in it."""
    shown = _cut(text, limit)
    taken: list[tuple[int, int, Cue]] = []
    unplaced: list[Cue] = []
    for cue in parse_cues(cues):
        spans = locate(shown, cue, [(s, e) for s, e, _ in taken])
        spans = [(s, e) for s, e in spans if e <= len(shown)]
        if not spans:
            unplaced.append(cue)
        taken += [(s, e, cue) for s, e in spans]
    out, position = [], 0
    for start, end, cue in sorted(taken, key=lambda t: t[0]):
        tone = "pos" if cue.positive else "neg"
        out.append(html_text(shown[position:start]))
        out.append(
            f'<mark class="{tone}" title="{html_text(cue.label)}">'
            f"{html_text(shown[start:end])}</mark>"
        )
        position = end
    out.append(html_text(shown[position:]))
    return "".join(out), unplaced


# --- Charts ------------------------------------------------------------------------------


def _svg_open(width: int, height: int, label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="{escape(FONTS)}">'
        f"<title>{html_text(label)}</title>"
    )


def _background(width: int, height: int) -> str:
    return f'<rect width="{width}" height="{height}" fill="#fff"/>'


@dataclass(frozen=True)
class _Panel:
    """One column of bars: its heading, a value per term, colour and width."""

    name: str
    values: Sequence[float]
    fill: str
    width: int


def _bar_panels(terms: Sequence[str], panels: Sequence[_Panel], *, title: str) -> str:
    """Horizontal bars, a row per term, in panels side by side (the whole corpus, then
    each kind), each panel scaled to its own largest value."""
    label_w, gap, row, top = 120, 18, 22, 28
    width = label_w + sum(p.width + gap for p in panels)
    height = top + row * len(terms) + 6
    body = [_svg_open(width, height, title), _background(width, height)]
    for i, term in enumerate(terms):
        body.append(
            f'<text x="{label_w - 8}" y="{top + i * row + 15}" font-size="13" '
            f'text-anchor="end" fill="#222">{html_text(_cut(term, LABEL_CHARS))}</text>'
        )
    x0 = label_w
    for panel in panels:
        peak = max(panel.values, default=0.0) or 1.0
        room = panel.width - 48  # the value's label after the longest bar
        body.append(
            f'<text x="{x0}" y="17" font-size="13" font-weight="bold" fill="{panel.fill}">'
            f"{html_text(panel.name)}</text>"
            f'<line x1="{x0}" x2="{x0}" y1="{top}" y2="{height - 4}" stroke="#bbb"/>'
        )
        for i, value in enumerate(panel.values):
            y = top + i * row
            length = value / peak * room
            body.append(
                f'<rect x="{x0}" y="{y + 3}" width="{length:.1f}" height="{row - 6}" '
                f'fill="{panel.fill}"><title>{html_text(terms[i])} ({html_text(panel.name)}): '
                f"{value:,.0f}</title></rect>"
                f'<text x="{x0 + length + 4:.1f}" y="{y + 15}" font-size="11.5" '
                f'fill="#555">{value:,.0f}</text>'
            )
        x0 += panel.width + gap
    body.append("</svg>")
    return "".join(body)


def _tone_bar(positive: int, neutral: int, negative: int, *, width: int = 200) -> str:
    """A stacked bar: positive (green), neutral (grey), negative (red) sentences."""
    total = positive + neutral + negative
    height = 14
    body = [_svg_open(width, height, f"tone: +{positive} ={neutral} −{negative}")]
    if not total:
        body.append(f'<rect width="{width}" height="{height}" fill="#eee"/>')
    x = 0.0
    for count, fill, name in (
        (positive, POSITIVE, "positive"),
        (neutral, NEUTRAL, "neutral"),
        (negative, NEGATIVE, "negative"),
    ):
        if total and count:
            w = count / total * width
            body.append(
                f'<rect x="{x:.1f}" width="{w:.1f}" height="{height}" fill="{fill}">'
                f"<title>{name} {count:,} ({count / total:.0%})</title></rect>"
            )
            x += w
    body.append("</svg>")
    return "".join(body)


def _share_bar(share: float, *, width: int = 100, fill: str = BAR) -> str:
    height = 10
    w = max(0.0, min(1.0, share)) * width
    return (
        _svg_open(width, height, f"{share:.0%}")
        + f'<rect width="{width}" height="{height}" fill="#e8edf3"/>'
        + f'<rect width="{w:.1f}" height="{height}" fill="{fill}"/></svg>'
    )


# --- Style and script --------------------------------------------------------------------

_CSS = (
    """
:root{--fg:#1f2328;--muted:#59636e;--line:#d8dee4;--zebra:#f6f8fa;--accent:#4e79a7;
--pos:#2e7d32;--neg:#c62828;--neu:#757575}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:FONTS;color:var(--fg);background:#fff;line-height:1.55;font-size:15px}
header,main,footer{max-width:1120px;margin:0 auto;padding:0 24px}
header{padding-top:20px}
h1{font-size:26px;margin:0 0 4px}
.sub{color:var(--muted);margin:0 0 12px}
nav{position:sticky;top:0;z-index:2;background:rgba(255,255,255,.97);
border-bottom:1px solid var(--line)}
nav ul{max-width:1120px;margin:0 auto;padding:8px 24px;list-style:none;display:flex;
flex-wrap:wrap;gap:2px 18px}
nav a{color:var(--accent);text-decoration:none;font-weight:600;font-size:14px}
nav a:hover,nav a:focus{text-decoration:underline}
section{padding:8px 0 12px;scroll-margin-top:48px}
h2{font-size:21px;border-bottom:2px solid var(--fg);padding-bottom:4px;margin:24px 0 12px}
h3{font-size:16px;margin:20px 0 6px}
a{color:var(--accent)}
figure.chart{margin:8px 0 16px}
figcaption,.small,.more{color:var(--muted);font-size:13px}
svg{max-width:100%;height:auto;vertical-align:middle}
.scroll{overflow:auto;max-height:36em;border-bottom:1px solid var(--line)}
table{border-collapse:collapse;width:100%;font-size:14px;margin:6px 0}
caption{text-align:left;color:var(--muted);font-size:13px;padding:2px 0}
th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
td,th,caption,q,mark{unicode-bidi:isolate}
thead th{border-bottom:2px solid #9aa4ae;white-space:nowrap;background:#fff;position:sticky;top:0;
z-index:1}
tbody tr:nth-child(even){background:var(--zebra)}
.nowrap{white-space:nowrap}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.sortable thead th{cursor:pointer;user-select:none}
table.sortable thead th:hover{background:#eef2f6}
th[aria-sort=ascending]::after{content:" ▲";font-size:10px}
th[aria-sort=descending]::after{content:" ▼";font-size:10px}
table.side{table-layout:fixed}
table.side th[scope=row]{width:170px;color:var(--muted);font-weight:600}
table.side thead th{font-size:16px}
.swatch{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:6px}
.pos{color:var(--pos)}.neg{color:var(--neg)}.neu{color:var(--neu)}
mark{background:#fff3b0;color:inherit;border-radius:2px;padding:0 1px}
mark.pos{background:#d5efd6;color:#1b5e20}
mark.neg{background:#fbd5d5;color:#8e1c1c}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:10px;
margin:8px 0 12px}
.card{border:1px solid var(--line);border-radius:6px;padding:8px 12px}
.card .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.card .value{font-size:20px;font-weight:700}
.card .detail{color:var(--muted);font-size:13px}
.url{color:var(--muted);font-size:12px;word-break:break-all}
details.evidence{border:1px solid var(--line);border-radius:6px;margin:8px 0;padding:6px 12px}
details.evidence summary{cursor:pointer}
ol.evidence{padding-left:22px}
li.ev{margin:8px 0}
li.ev q{quotes:none}
.why{color:var(--muted);font-size:12px}
.badge{display:inline-block;font-size:11px;border-radius:3px;padding:0 5px;color:#fff;
background:var(--neu);font-variant-numeric:tabular-nums}
.badge.pos{background:var(--pos);color:#fff}.badge.neg{background:var(--neg);color:#fff}
.badge.neu{color:#fff}
ul.legend{list-style:none;padding:0;columns:2;font-size:14px}
footer{border-top:1px solid var(--line);margin-top:32px;padding-top:8px;padding-bottom:24px;
color:var(--muted);font-size:13px}
@media (max-width:700px){ul.legend{columns:1}table.side th[scope=row]{width:110px}}
@media print{
nav{display:none}
body{font-size:11pt}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
h2,h3{break-after:avoid}
figure.chart,tr,li.ev{break-inside:avoid}
.scroll{overflow:visible;max-height:none}
thead th{position:static}
a{color:inherit}
}
"""
).replace("FONTS", FONTS)

# Plain ES5 so that any browser runs it. The first statement and the last are test hooks:
# a browser test reads errors and readiness off <html data-errors data-ready>.
_SCRIPT = (
    "\nwindow.onerror = function(m){ var e=document.documentElement; "
    'e.dataset.errors=(e.dataset.errors||"")+m+"|"; };'
    + """
(function () {
  "use strict";
  function key(cell, numeric) {
    if (!cell) { return numeric ? null : ""; }
    var raw = cell.hasAttribute("data-v") ? cell.getAttribute("data-v") : cell.textContent;
    raw = raw.trim();
    if (!numeric) { return raw; }
    var n = parseFloat(raw);
    return isNaN(n) ? null : n;
  }
  function compare(x, y, numeric, ascending) {
    if (numeric) {
      if (x === null || y === null) { return (x === null ? 1 : 0) - (y === null ? 1 : 0); }
      return ascending ? x - y : y - x;
    }
    var c = x.localeCompare(y, "ko");
    return ascending ? c : -c;
  }
  function sortBy(th) {
    var row = th.parentNode, table = row.parentNode.parentNode, body = table.tBodies[0];
    var headers = row.children, index = 0, i;
    for (i = 0; i < headers.length; i++) { if (headers[i] === th) { index = i; } }
    var numeric = th.getAttribute("data-type") === "num";
    var state = th.getAttribute("aria-sort");
    // Numbers first sort largest first, text A to Z; a second click reverses.
    var ascending = state === "ascending" ? false : state === "descending" ? true : !numeric;
    var keyed = [];
    for (i = 0; i < body.rows.length; i++) {
      keyed.push([key(body.rows[i].cells[index], numeric), i, body.rows[i]]);
    }
    keyed.sort(function (a, b) { return compare(a[0], b[0], numeric, ascending) || a[1] - b[1]; });
    var fragment = document.createDocumentFragment();
    for (i = 0; i < keyed.length; i++) { fragment.appendChild(keyed[i][2]); }
    body.appendChild(fragment);
    for (i = 0; i < headers.length; i++) { headers[i].setAttribute("aria-sort", "none"); }
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }
  var heads = document.querySelectorAll("table.sortable thead th");
  for (var h = 0; h < heads.length; h++) {
    heads[h].addEventListener("click", function (event) { sortBy(event.currentTarget); });
    heads[h].addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        sortBy(event.currentTarget);
      }
    });
  }
  // A printed report shows the evidence too.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    var all = document.querySelectorAll("details:not([open])");
    opened = [];
    for (var d = 0; d < all.length; d++) { all[d].open = true; opened.push(all[d]); }
  });
  window.addEventListener("afterprint", function () {
    for (var d = 0; d < opened.length; d++) { opened[d].open = false; }
  });
  document.documentElement.dataset.ready = "1";
})();
"""
)
