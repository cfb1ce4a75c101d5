"""The analysis as one self-contained HTML page: charts, tables and evidence to look at.

The page opens offline and fetches nothing: the charts are inline SVG (`render.svg`),
the style (`report.css`) and the table-sorting script (`report.js`, files of this
package) are inline, Korean text uses the reader's system fonts, and a
Content-Security-Policy forbids any other load or script. Every piece of corpus text is
HTML-escaped, its control characters made visible and its bidi controls isolated
(`render.safe.html_text`). The page does not grow with the corpus: each table shows its
first `rows` rows (the CSV export holds the rest), each target at most
`EVIDENCE_PER_TARGET` evidence sentences, and long texts are cut.

Each section is a function of the page's context, in its own module: `overview`
(overview, keywords), `stance` (with `evidence`), `entities`, `trends`, `network` and
`depth` (topics, key terms, compound terms, near-duplicates). An analysis the report has
no section for (one added with `analysis.registry.register`) gets its tables, after the
built-in sections (`tables`).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from functools import cache
from html import escape
from importlib.resources import files
from typing import TYPE_CHECKING, BinaryIO

from ai_discourse.render.report import depth, entities, network, overview, stance, tables, trends
from ai_discourse.render.report.evidence import EVIDENCE_PER_TARGET, mark_cues
from ai_discourse.render.report.parts import Page, Section, esc, plural
from ai_discourse.render.safe import html_text
from ai_discourse.render.svg import FONTS
from ai_discourse.version import __version__

if TYPE_CHECKING:
    from ai_discourse.analysis import Analysis

__all__ = ["EVIDENCE_PER_TARGET", "mark_cues", "report_html", "write_report"]

SECTIONS: dict[str, tuple[Callable[[Page], Section | None], ...]] = {
    "overview": (overview.overview,),
    "keywords": (overview.keywords,),
    "stance": (stance.stance,),
    "entities": (entities.entities,),
    "trends": (trends.trends,),
    "network": (network.network,),
    "topics": (depth.topics,),
    "keyness": (depth.keyness,),
    "terms": (depth.terms,),
    "near_duplicates": (depth.near_duplicates,),
    # A table per document is too long for a page: TF-IDF stays in tfidf.csv.
    "tfidf": (),
}
"""Each built-in analysis's sections, in page order; each returns None when the analysis
has no data for it."""


def report_html(result: Analysis, *, title: str | None = None, rows: int = 200) -> str:
    """The whole report as one HTML string."""
    if rows < 0:
        raise ValueError(f"rows must not be negative: {rows}")
    from ai_discourse.analysis.registry import specs

    page = Page(result, rows)
    made = [make(page) for makes in SECTIONS.values() for make in makes]
    made += [tables.tables(page, spec) for spec in specs() if spec.name not in SECTIONS]
    sections = [s for s in made if s is not None]
    heading = title or _default_title(result)
    script = _script()
    script_hash = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
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
        f"<title>{esc(heading)}</title>",
        f"<style>{_style()}</style>",
        "</head>",
        "<body>",
        f'<header><h1>{esc(heading)}</h1><p class="sub">{_subtitle(result)}</p></header>',
        f'<nav aria-label="Sections"><ul>{nav}</ul></nav>',
        "<main>",
        *(s.html() for s in sections),
        "</main>",
        f"<footer><p>Made with ai-discourse {escape(__version__)}. This report is "
        "self-contained: it loads no script, style, font or image from the network and "
        "opens offline. Tables show their first rows; the CSV export "
        "(<code>--out DIR</code>) holds every row. Click a column header to sort.</p></footer>",
        f"<script>{script}</script>",
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


@cache
def _asset(name: str) -> str:
    """A file of this package, as the page embeds it: after a line break, so that the
    element's first line is the file's first line."""
    return "\n" + files(__name__).joinpath(name).read_text(encoding="utf-8")


def _style() -> str:
    """report.css, its `FONTS` standing for the font list the charts use too."""
    return _asset("report.css").replace("FONTS", FONTS)


def _script() -> str:
    """report.js: plain ES5, so that any browser runs it. Its first statement and its last
    are test hooks: a browser test reads errors and readiness off <html data-errors
    data-ready>. The policy allows exactly this text (its SHA-256), so an edit of the
    file changes the hash with it."""
    return _asset("report.js")


def _default_title(result: Analysis) -> str:
    return f"ai-discourse report: {plural(int(result.overview.get('documents', 0)), 'document')}"


def _subtitle(result: Analysis) -> str:
    s = result.overview
    parts = [plural(int(s.get("documents", 0)), "document")]
    if s.get("date_min"):
        parts.append(f"{esc(s['date_min'])} – {esc(s['date_max'])}")
    if result.targets:
        parts.append("targets: " + ", ".join(esc(t) for t in result.targets))
    return " · ".join(parts)
