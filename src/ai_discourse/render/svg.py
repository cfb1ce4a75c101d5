"""Every picture: the semantic network, the trends of mentions and tone as standalone
SVG, and the report's inline bar charts (keywords, tone, share of voice).

Drawn by hand (a few dozen elements each), so that they open in any browser, paste into
a slide, and need no plotting library or network access. Korean labels use the
reader's system fonts. Every label is XML-escaped, with its control characters made
visible (XML forbids most of them) and its bidi controls isolated.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

from ai_discourse.render.safe import html_text

if TYPE_CHECKING:
    import pandas as pd

FONTS = "'Noto Sans CJK KR', 'Noto Sans KR', 'Apple SD Gothic Neo', 'Malgun Gothic', sans-serif"
PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#59a14f",
    "#e15759",
    "#76b7b2",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
)
"""Community colours (Tableau 10); community 0 (no link) is grey."""
POSITIVE, NEGATIVE, NEUTRAL = "#2e7d32", "#c62828", "#9e9e9e"
BAR = "#4e79a7"
LABEL_CHARS = 14
"""Terms longer than this are cut in a bar chart's labels."""


def colour(community: int) -> str:
    """The colour of a community (or of the n-th target, counted from 1)."""
    return "#cccccc" if community <= 0 else PALETTE[(community - 1) % len(PALETTE)]


def cut(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, the last one an ellipsis when it was longer."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _open(width: int, height: int, title: str, *, inline: bool = False) -> list[str]:
    """The opening tag and the title; an inline picture (inside the report's HTML) is
    announced as an image to screen readers."""
    role = ' role="img"' if inline else ""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"{role} font-family="{escape(FONTS)}">',
        f"<title>{html_text(title)}</title>",
    ]


def _background(width: int, height: int, fill: str = "#ffffff") -> str:
    return f'<rect width="{width}" height="{height}" fill="{fill}"/>'


def _svg(width: int, height: int, body: list[str], title: str) -> str:
    """A standalone picture: one element a line, on a white background."""
    return "\n".join(
        [*_open(width, height, title), _background(width, height), *body, "</svg>", ""]
    )


def _inline_svg(width: int, height: int, body: list[str], title: str) -> str:
    """A picture for the report's HTML: compact, transparent unless the body paints."""
    return "".join([*_open(width, height, title, inline=True), *body, "</svg>"])


def network_svg(graph: Any, *, width: int = 960, height: int = 720, seed: int = 42) -> str:
    """The network drawn with a force-directed layout (networkx, seeded: the same graph
    gives the same picture): node area by sentence count, colour by community, link
    width and opacity by co-occurrence count."""
    import networkx as nx

    title = f"Semantic network: {graph.number_of_nodes()} terms, {graph.number_of_edges()} links"
    if graph.number_of_nodes() == 0:
        return _svg(width, height, [], title)
    positions = nx.spring_layout(graph, seed=seed, weight="count", k=1.6 / math.sqrt(len(graph)))
    margin = 60
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0

    def place(node: object) -> tuple[float, float]:
        x, y = positions[node]
        return (
            margin + (x - min(xs)) / span_x * (width - 2 * margin),
            margin + (y - min(ys)) / span_y * (height - 2 * margin),
        )

    counts = [int(d.get("count", 1)) for _, d in graph.nodes(data=True)]
    biggest = max(counts) or 1
    heaviest = max((int(d.get("count", 1)) for _, _, d in graph.edges(data=True)), default=1)
    body = ['<g stroke="#888888" stroke-linecap="round">']
    for a, b, data in graph.edges(data=True):
        (x1, y1), (x2, y2) = place(a), place(b)
        share = int(data.get("count", 1)) / heaviest
        body.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke-width="{0.5 + 3.5 * share:.2f}" stroke-opacity="{0.15 + 0.5 * share:.2f}"/>'
        )
    body.append("</g>")
    body.append('<g stroke="#ffffff" stroke-width="1">')
    labels = []
    for node, data in graph.nodes(data=True):
        x, y = place(node)
        radius = 4 + 18 * math.sqrt(int(data.get("count", 1)) / biggest)
        community = int(data.get("community", 0))
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{colour(community)}" '
            f'fill-opacity="0.85"><title>{html_text(str(node))}: {data.get("count", "")} '
            f"sentences, community {community}</title></circle>"
        )
        size = 11 + 7 * math.sqrt(int(data.get("count", 1)) / biggest)
        labels.append(
            f'<text x="{x:.1f}" y="{y - radius - 3:.1f}" font-size="{size:.1f}" '
            f'text-anchor="middle" fill="#222222">{html_text(str(node))}</text>'
        )
    body.append("</g>")
    body += ['<g paint-order="stroke" stroke="#ffffff" stroke-width="3">', *labels, "</g>"]
    return _svg(width, height, body, title)


def _period_labels(
    periods: list[str], point: Callable[[int, float], tuple[float, float]], y: float
) -> list[str]:
    """About a dozen period labels under a chart's x axis, the last one too when it does
    not crowd its neighbour."""
    every = max(1, len(periods) // 12)
    labels = []
    for i, period in enumerate(periods):
        last = i == len(periods) - 1 and (len(periods) - 1) % every > every // 2
        if i % every == 0 or last:
            x, _ = point(i, 0)
            labels.append(
                f'<text x="{x:.1f}" y="{y}" text-anchor="middle" '
                f'stroke="none">{html_text(str(period))}</text>'
            )
    return labels


def _grid(
    values: list[float],
    point: Callable[[int, float], tuple[float, float]],
    left: float,
    plot_w: float,
    label: Callable[[float], str],
) -> list[str]:
    """Horizontal grid lines at `values`, labelled on the left; the zero line darker."""
    lines = []
    for value in values:
        _, y = point(0, value)
        stroke = ' stroke="#999999"' if value == 0 and min(values) < 0 else ""
        lines.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}"{stroke}/>')
        lines.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" stroke="none">'
            f"{label(value)}</text>"
        )
    return lines


@dataclass(frozen=True)
class _PeriodPlot:
    """Where a chart over periods draws: the mentions and the tone charts share the left
    edge, the width and the x of each period, so that one stands under the other with
    its periods lined up."""

    width: int
    height: int
    top: int
    bottom: int
    periods: list[str]
    left: int = 56
    right: int = 150

    @property
    def plot_w(self) -> int:
        return self.width - self.left - self.right

    @property
    def plot_h(self) -> int:
        return self.height - self.top - self.bottom

    def x(self, i: int) -> float:
        """The x of the i-th period."""
        return self.left + i * (self.plot_w / max(1, len(self.periods) - 1))

    def axes(
        self,
        point: Callable[[int, float], tuple[float, float]],
        ticks: list[float],
        label: Callable[[float], str],
    ) -> list[str]:
        """The grid at `ticks`, labelled on the left, and the period labels under it."""
        return [
            '<g stroke="#dddddd" font-size="11" fill="#555555">',
            *_grid(ticks, point, self.left, self.plot_w, label),
            *_period_labels(self.periods, point, self.height - self.bottom + 18),
            "</g>",
        ]

    def legend(self, target: str, n: int) -> str:
        """The n-th target's name, in its colour, right of the plot."""
        x, y = self.width - self.right + 12, self.top + 16 + 20 * n
        name = html_text(target)
        return f'<text x="{x}" y="{y}" font-size="13" fill="{colour(n + 1)}">{name}</text>'


def _series(trends: pd.DataFrame) -> tuple[pd.DataFrame, list[str], list[str]]:
    """The dated rows of a trends table, its targets and its periods, in order."""
    dated = trends[trends["period"] != "undated"]
    targets = [t for t in dated["target"].drop_duplicates() if isinstance(t, str)]
    return dated, targets, [str(p) for p in dated["period"].drop_duplicates()]


def trends_svg(trends: pd.DataFrame, *, width: int = 960, height: int = 360) -> str:
    """Mentions of each target per period as lines (undated documents left out), with
    the periods of few documents marked by hollow points."""
    dated, targets, periods = _series(trends)
    title = "Mentions per period: " + ", ".join(targets)
    if not targets or not periods:
        return _svg(width, height, [], title)
    plot = _PeriodPlot(width, height, top=24, bottom=48, periods=periods)
    peak = max(1, int(dated["mentions"].max()))

    def point(i: int, value: float) -> tuple[float, float]:
        return plot.x(i), plot.top + plot.plot_h - value / peak * plot.plot_h

    ticks = [peak * t / 4 for t in range(5)]
    body = plot.axes(point, ticks, lambda v: f"{v:,.0f}")
    for n, target in enumerate(targets):
        rows = dated[dated["target"] == target]
        values = dict(zip(rows["period"].astype(str), rows["mentions"], strict=True))
        sparse = dict(zip(rows["period"].astype(str), rows["sparse"], strict=True))
        points = [point(i, float(values.get(p, 0))) for i, p in enumerate(periods)]
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        body.append(
            f'<polyline points="{line}" fill="none" stroke="{colour(n + 1)}" stroke-width="2"/>'
        )
        # Points only where they can be told apart (a few years of months).
        for (x, y), period in zip(points, periods, strict=True) if len(periods) <= 60 else ():
            fill = "#ffffff" if sparse.get(period) else colour(n + 1)
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{fill}" '
                f'stroke="{colour(n + 1)}"><title>{html_text(target)} {html_text(period)}: '
                f"{values.get(period, 0)}</title></circle>"
            )
        body.append(plot.legend(target, n))
    if len(periods) <= 60:
        body.append(
            f'<text x="{width - plot.right + 12}" y="{plot.top + 16 + 20 * len(targets) + 8}" '
            'font-size="11" fill="#777777">hollow: &lt; 5 documents</text>'
        )
    return _svg(width, height, body, title)


TONE_TICK = 0.5
"""The net-tone grid's step, widened on an axis that must reach further (see `_tone_axis`)."""


def _tone_axis(values: Sequence[float]) -> tuple[float, float, float]:
    """Bottom, top and grid step of the net-tone axis: −1 to +1, the whole range of a net
    tone, so that charts compare and 0 stays in the middle; should a value lie outside
    (no net tone does, but the chart draws any table), widened to reach it, never
    clamped: a point drawn at the edge would show a value the table does not hold."""
    low, high = min([-1.0, *values]), max([1.0, *values])
    step = TONE_TICK * max(1, math.ceil((high - low) / TONE_TICK / 8))  # about 8 lines at most
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def tone_svg(trends: pd.DataFrame, *, width: int = 960, height: int = 280) -> str:
    """Net tone of each target per period (from −1 to +1, see `_tone_axis`), broken where
    a target has no attributed sentence (laid out like `trends_svg`, so the two line up)."""
    dated, targets, periods = _series(trends)
    title = "Net tone per period: " + ", ".join(targets)
    if not targets or not periods:
        return _svg(width, height, [], title)
    plot = _PeriodPlot(width, height, top=16, bottom=44, periods=periods)
    series = {}
    for target in targets:
        rows = dated[dated["target"] == target]
        series[target] = {
            str(p): float(v)
            for p, v, s in zip(rows["period"], rows["net_tone"], rows["sentences"], strict=True)
            if int(s) > 0 and math.isfinite(float(v))
        }
    low, high, step = _tone_axis([v for values in series.values() for v in values.values()])

    def point(i: int, value: float) -> tuple[float, float]:
        return plot.x(i), plot.top + (high - value) / (high - low) * plot.plot_h

    ticks = [high - k * step for k in range(round((high - low) / step) + 1)]
    body = plot.axes(point, ticks, lambda v: f"{v:+.1f}")
    for n, target in enumerate(targets):
        values = series[target]
        runs: list[list[tuple[float, float]]] = [[]]
        for i, period in enumerate(periods):
            if period in values:
                runs[-1].append(point(i, values[period]))
            elif runs[-1]:
                runs.append([])
        fill = colour(n + 1)
        for run in runs:
            if len(run) > 1:
                line = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                body.append(
                    f'<polyline points="{line}" fill="none" stroke="{fill}" stroke-width="2"/>'
                )
        # Dots where they can be told apart, and always where no line passes.
        dots = [p for run in runs for p in run] if len(periods) <= 60 else []
        dots += [run[0] for run in runs if len(run) == 1 and len(periods) > 60]
        for x, y in dots:
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{fill}"/>')
        body.append(plot.legend(target, n))
    return _svg(width, height, body, title)


# --- The report's inline charts -----------------------------------------------------------


@dataclass(frozen=True)
class BarPanel:
    """One column of bars: its heading, a value per term, colour and width."""

    name: str
    values: Sequence[float]
    fill: str
    width: int


def bar_panels(terms: Sequence[str], panels: Sequence[BarPanel], *, title: str) -> str:
    """Horizontal bars, a row per term, in panels side by side (the whole corpus, then
    each kind), each panel scaled to its own largest value."""
    label_w, gap, row, top = 120, 18, 22, 28
    width = label_w + sum(p.width + gap for p in panels)
    height = top + row * len(terms) + 6
    body = [_background(width, height, "#fff")]
    for i, term in enumerate(terms):
        body.append(
            f'<text x="{label_w - 8}" y="{top + i * row + 15}" font-size="13" '
            f'text-anchor="end" fill="#222">{html_text(cut(term, LABEL_CHARS))}</text>'
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
    return _inline_svg(width, height, body, title)


def tone_bar(positive: int, neutral: int, negative: int, *, width: int = 200) -> str:
    """A stacked bar: positive (green), neutral (grey), negative (red) sentences."""
    total = positive + neutral + negative
    height = 14
    body = [] if total else [_background(width, height, "#eee")]
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
    return _inline_svg(width, height, body, f"tone: +{positive} ={neutral} −{negative}")


def share_bar(share: float, *, width: int = 100, fill: str = BAR) -> str:
    """A share (0 to 1) as a filled part of a bar."""
    height = 10
    w = max(0.0, min(1.0, share)) * width
    body = [
        _background(width, height, "#e8edf3"),
        f'<rect width="{w:.1f}" height="{height}" fill="{fill}"/>',
    ]
    return _inline_svg(width, height, body, f"{share:.0%}")
