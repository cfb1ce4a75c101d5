"""Pictures as standalone SVG: the semantic network and the trend of mentions.

Drawn by hand (a few dozen elements each), so that they open in any browser, paste into
a slide, and need no plotting library or network access. Korean labels use the
reader's system fonts. Every label is XML-escaped, with its control characters made
visible (XML forbids most of them) and its bidi controls isolated.
"""

from __future__ import annotations

import math
from collections.abc import Callable
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


def colour(community: int) -> str:
    return "#cccccc" if community <= 0 else PALETTE[(community - 1) % len(PALETTE)]


def _svg(width: int, height: int, body: list[str], title: str) -> str:
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="{escape(FONTS)}">',
            f"<title>{html_text(title)}</title>",
            f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
            *body,
            "</svg>",
            "",
        ]
    )


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
    left, right, top, bottom = 56, 150, 24, 48
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(1, int(dated["mentions"].max()))
    step = plot_w / max(1, len(periods) - 1)

    def point(i: int, value: float) -> tuple[float, float]:
        return left + i * step, top + plot_h - value / peak * plot_h

    body = ['<g stroke="#dddddd" font-size="11" fill="#555555">']
    body += _grid([peak * t / 4 for t in range(5)], point, left, plot_w, lambda v: f"{v:,.0f}")
    body += _period_labels(periods, point, height - bottom + 18)
    body.append("</g>")
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
        body.append(_legend(target, n, width - right + 12, top + 16 + 20 * n))
    if len(periods) <= 60:
        body.append(
            f'<text x="{width - right + 12}" y="{top + 16 + 20 * len(targets) + 8}" '
            'font-size="11" fill="#777777">hollow: &lt; 5 documents</text>'
        )
    return _svg(width, height, body, title)


def tone_svg(trends: pd.DataFrame, *, width: int = 960, height: int = 280) -> str:
    """Net tone of each target per period, from −1 to +1, broken where a target has no
    attributed sentence (laid out like `trends_svg`, so the two line up)."""
    dated, targets, periods = _series(trends)
    title = "Net tone per period: " + ", ".join(targets)
    if not targets or not periods:
        return _svg(width, height, [], title)
    left, right, top, bottom = 56, 150, 16, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(1, len(periods) - 1)

    def point(i: int, value: float) -> tuple[float, float]:
        return left + i * step, top + (1 - value) / 2 * plot_h

    body = ['<g stroke="#dddddd" font-size="11" fill="#555555">']
    body += _grid([1.0, 0.5, 0.0, -0.5, -1.0], point, left, plot_w, lambda v: f"{v:+.1f}")
    body += _period_labels(periods, point, height - bottom + 18)
    body.append("</g>")
    for n, target in enumerate(targets):
        rows = dated[dated["target"] == target]
        values = {
            str(p): float(v)
            for p, v, s in zip(rows["period"], rows["net_tone"], rows["sentences"], strict=True)
            if int(s) > 0
        }
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
        body.append(_legend(target, n, width - right + 12, top + 16 + 20 * n))
    return _svg(width, height, body, title)


def _legend(target: str, n: int, x: float, y: float) -> str:
    return f'<text x="{x}" y="{y}" font-size="13" fill="{colour(n + 1)}">{html_text(target)}</text>'
