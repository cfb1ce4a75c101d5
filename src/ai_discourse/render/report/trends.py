"""The trends section: mentions and net tone per period as charts, the periods as a
table, latest first, and each period's top keywords."""

from __future__ import annotations

from ai_discourse.render.report.parts import (
    MENTIONS,
    NET_TONE,
    SENTENCES,
    SHARE_OF_VOICE,
    TARGET,
    TONES,
    Col,
    Page,
    Section,
    records,
    table,
    text,
)
from ai_discourse.render.svg import tone_svg, trends_svg

TARGET_COLUMNS = (TARGET, MENTIONS, SHARE_OF_VOICE, SENTENCES, *TONES, NET_TONE)


def trends(page: Page) -> Section | None:
    """Trends over time (None when no document is dated)."""
    frame = page.result.trends
    if frame is None or frame.empty:
        return None
    dated = frame[frame["period"] != "undated"]
    if dated.empty:
        return None
    body = []
    with_targets = "mentions" in frame.columns and dated["target"].notna().any()
    if with_targets:
        body += [
            '<figure class="chart">',
            trends_svg(frame),
            "<figcaption>Mentions of each target per period.</figcaption></figure>",
            '<figure class="chart">',
            tone_svg(dated),
            "<figcaption>Net tone per period, (positive − negative) / attributed "
            "sentences; gaps where a target has no sentence. Periods of fewer than 5 "
            "documents are anecdotal.</figcaption></figure>",
        ]
    # The latest periods with documents matter most: the report shows the last ones.
    active = frame[frame["documents"] > 0]
    shown = active.tail(page.rows).iloc[::-1]
    columns = [Col("period", "period"), Col("documents", "docs", "int")]
    if with_targets:
        columns += TARGET_COLUMNS
    body.append(
        table(
            records(shown, len(shown)),
            columns,
            total=len(frame),
            file="trends",
            caption="The periods with documents, latest first",
        )
    )
    keywords = page.result.trend_keywords
    if keywords is not None and not keywords.empty:
        grouped = [
            {
                "period": period,
                "terms": ", ".join(
                    f"{text(t)} {text(n)}" for t, n in zip(group["term"], group["tf"], strict=True)
                ),
            }
            for period, group in keywords.groupby("period", sort=False)
        ]
        body.append("<h3>Top keywords per period</h3>")
        body.append(
            table(
                grouped[::-1][: page.rows],
                [Col("period", "period"), Col("terms", "terms")],
                total=len(grouped),
                file="trend_keywords",
                noun="periods",
                caption="Latest first",
            )
        )
    return Section("trends", "Trends", "\n".join(body))
