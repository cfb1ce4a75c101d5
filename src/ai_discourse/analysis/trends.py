"""Trends: documents, and each target's mentions and tone, per day, week or month.

Counts are kept per period (a few hundred rows for years of coverage), added document
by document from the summaries. A period with too few documents to mean much is
flagged (`sparse`), not hidden; documents without a usable date get their own row
(`undated`) so that nothing is silently left out.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from ai_discourse.nlp.summary import DocSummary

PERIODS = ("day", "week", "month")
UNDATED = "undated"
MIN_DOCUMENTS = 5
"""Fewer documents than this in a period: its tone is flagged as anecdotal (`sparse`)."""
MAX_FILLED = 10_000
"""Empty periods between the first and last date are listed (a quiet month is news too),
unless that would mean more rows than this (a stray date decades off)."""

COLUMNS = [
    "period",
    "target",
    "documents",
    "documents_mentioning",
    "mentions",
    "share_of_voice",
    "sentences",
    "context_sentences",
    "positive",
    "negative",
    "neutral",
    "net_tone",
    "sparse",
]


def period_of(date: str | None, by: str) -> str:
    """`2025-01-27` (or an ISO timestamp) -> `2025-01-27`, `2025-W05` or `2025-01`;
    `undated` when there is no date or it does not read as one."""
    if not date:
        return UNDATED
    try:
        day = dt.date.fromisoformat(date[:10])
    except ValueError:
        return UNDATED
    if by == "day":
        return day.isoformat()
    if by == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day.year}-{day.month:02d}"


def _period_start(period: str, by: str) -> dt.date:
    if by == "day":
        return dt.date.fromisoformat(period)
    if by == "week":
        year, week = period.split("-W")
        return dt.date.fromisocalendar(int(year), int(week), 1)
    year, month = period.split("-")
    return dt.date(int(year), int(month), 1)


def _next(day: dt.date, by: str) -> dt.date:
    if by == "day":
        return day + dt.timedelta(days=1)
    if by == "week":
        return day + dt.timedelta(weeks=1)
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def all_periods(seen: Sequence[str], by: str) -> list[str]:
    """The periods from the first seen to the last, gaps included (see `MAX_FILLED`)."""
    dated = sorted(p for p in seen if p != UNDATED)
    if not dated:
        return []
    periods, day, last = [], _period_start(dated[0], by), _period_start(dated[-1], by)
    while day <= last:
        periods.append(period_of(day.isoformat(), by))
        if len(periods) > MAX_FILLED:
            return dated
        day = _next(day, by)
    return periods


class TrendCounts:
    """Per period: documents, and per target mentions, attributed sentences and tones;
    optionally each period's term counts for its top keywords."""

    def __init__(self, targets: Sequence[str], *, by: str = "month", keywords: int = 0) -> None:
        if by not in PERIODS:
            raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {by!r}")
        self.targets = tuple(targets)
        self.by = by
        self.keywords = keywords
        self.documents: Counter[str] = Counter()
        self.mentioning: dict[str, Counter[str]] = defaultdict(Counter)
        self.mentions: dict[str, Counter[str]] = defaultdict(Counter)
        self.sentences: dict[str, Counter[str]] = defaultdict(Counter)
        self.terms: dict[str, Counter[str]] = defaultdict(Counter)

    def add(self, doc: DocSummary) -> None:
        period = period_of(doc.date, self.by)
        self.documents[period] += 1
        for target, count in doc.target_mentions:
            self.mentions[period][target] += count
            self.mentioning[period][target] += 1
        for e in doc.evidence:
            how = "context" if e.how == "context" else "sentence"
            self.sentences[period][f"{e.target}\t{how}"] += 1
            self.sentences[period][f"{e.target}\t{e.tone}"] += 1
        if self.keywords:
            self.terms[period].update(doc.terms)

    def periods(self) -> list[str]:
        periods = all_periods(list(self.documents), self.by)
        return periods + ([UNDATED] if self.documents[UNDATED] else [])

    def table(self) -> pd.DataFrame:
        """One row per period and target (one row per period when there are no targets),
        in time order, the undated documents last."""
        import pandas as pd

        rows = []
        for period in self.periods():
            docs = self.documents[period]
            mentions, sentences = self.mentions[period], self.sentences[period]
            total = sum(mentions[t] for t in self.targets)
            for target in self.targets or (None,):
                row: dict[str, object] = {
                    "period": period,
                    "target": target,
                    "documents": docs,
                    "sparse": docs < MIN_DOCUMENTS,
                }
                if target is None:
                    rows.append(row)
                    continue
                pos, neg = sentences[f"{target}\tpos"], sentences[f"{target}\tneg"]
                neu = sentences[f"{target}\tneu"]
                n = pos + neg + neu
                rows.append(
                    row
                    | {
                        "documents_mentioning": self.mentioning[period][target],
                        "mentions": mentions[target],
                        "share_of_voice": round(mentions[target] / total, 4) if total else 0.0,
                        "sentences": sentences[f"{target}\tsentence"],
                        "context_sentences": sentences[f"{target}\tcontext"],
                        "positive": pos,
                        "negative": neg,
                        "neutral": neu,
                        "net_tone": round((pos - neg) / n, 4) if n else 0.0,
                    }
                )
        columns = COLUMNS if self.targets else ["period", "target", "documents", "sparse"]
        return pd.DataFrame(rows, columns=columns)

    def keyword_table(self, *, top: int | None = None) -> pd.DataFrame:
        """Each period's top terms: period, rank, term, tf."""
        import pandas as pd

        top = top or self.keywords
        rows = []
        for period in self.periods():
            ranked = sorted(self.terms[period].items(), key=lambda x: (-x[1], x[0]))[:top]
            rows += [
                {"period": period, "rank": rank, "term": term, "tf": tf}
                for rank, (term, tf) in enumerate(ranked, start=1)
            ]
        return pd.DataFrame(rows, columns=["period", "rank", "term", "tf"])
