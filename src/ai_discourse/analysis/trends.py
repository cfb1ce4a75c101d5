"""Trends: documents, and each target's mentions and tone, per day, week or month.

Counts are kept per period (a few hundred rows for years of coverage), added document
by document from the summaries. A period with too few documents to mean much is
flagged (`sparse`), not hidden; documents without a usable date get their own row
(`undated`) so that nothing is silently left out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ai_discourse.analysis.periods import PERIODS, UNDATED, all_periods, period_of
from ai_discourse.analysis.spec import (
    Cell,
    Col,
    Command,
    Finish,
    Option,
    Results,
    Setup,
    Show,
    Spec,
    TableDoc,
    Tone,
    columns,
)

if TYPE_CHECKING:
    import pandas as pd

    from ai_discourse.nlp.summary import DocSummary

MIN_DOCUMENTS = 5
"""Fewer documents than this in a period: its tone is flagged as anecdotal (`sparse`)."""

TRENDS = TableDoc(
    "trends",
    "(period, target); one row per period when there is no target",
    columns(
        period="YYYY-MM-DD, YYYY-Www or YYYY-MM; undated for documents without a date",
        target="the tracked target",
        documents="documents of the period",
        documents_mentioning="of those, documents mentioning the target",
        mentions="mentions of the target",
        share_of_voice="its mentions / all targets' mentions in the period",
        sentences="sentences about the target",
        context_sentences="sentences attributed by context",
        positive="positive sentences",
        negative="negative sentences",
        neutral="neutral sentences",
        net_tone="(positive − negative) / sentences",
        sparse="true when the period has fewer than 5 documents",
    ),
)
TREND_KEYWORDS = TableDoc(
    "trend_keywords",
    "(period, term) with `trends --keywords N`",
    columns(
        period="the period",
        rank="1 = most frequent in the period",
        term="the term",
        tf="occurrences in the period",
    ),
)
COLUMNS = [c.name for c in TRENDS.columns]
SHOWN = 36
"""Periods the terminal shows, the latest (`--top` sets it)."""


@dataclass(frozen=True)
class TrendOptions:
    """The period of each row, and the top keywords per period (0: none)."""

    by: str = "month"
    keywords: int = 0


@dataclass
class Trends:
    """The trends table and, with keywords asked for, each period's top terms."""

    table: pd.DataFrame
    keywords: pd.DataFrame | None = None


class TrendFold:
    """Per period: documents, and per target mentions, attributed sentences and tones;
    optionally each period's term counts for its top keywords."""

    @classmethod
    def make(cls, setup: Setup) -> TrendFold:
        options: TrendOptions = setup.options
        return cls(setup.names, by=options.by, keywords=options.keywords)

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

    def finish(self, run: Finish) -> Trends:
        return Trends(self.table(), self.keyword_table() if self.keywords else None)

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


def show(analysis: Results, out: Show) -> None:
    """The latest periods with documents: documents, and per target mentions and net
    tone; periods too small to mean much are starred."""
    if not out.full:
        return  # analyze exports the trends; the trends command shows them
    trends = analysis.table("trends")
    if trends is None or trends.empty:
        out.line("No dated documents: no trends.", style="dim")
        return
    n = out.rows(SHOWN)
    targets = [t for t in trends["target"].drop_duplicates() if t is not None and t == t]
    layout = [Col("period"), Col("docs", justify="right")]
    for target in targets:
        layout += [Col(f"{target} mentions", justify="right"), Col("net", justify="right")]
    periods = list(trends["period"].drop_duplicates())
    documents = trends.drop_duplicates("period").set_index("period")["documents"]
    # The latest periods with documents matter most to a reader: show the last n of them
    # (the file has every period, the empty ones too).
    shown = [p for p in periods if documents[p]][-n:]
    by_period = {p: g for p, g in trends.groupby("period", sort=False)}
    rows: list[list[Cell]] = []
    for period in shown:
        group = by_period[period]
        first = group.iloc[0]
        mark = " *" if bool(first["sparse"]) else ""
        cells: list[Cell] = [f"{period}{mark}", str(first["documents"])]
        for target in targets:
            row = group[group["target"] == target].iloc[0]
            cells += [str(row["mentions"]), Tone(row["net_tone"]) if row["sentences"] else ""]
        rows.append(cells)
    out.table("Trends (net tone = (positive - negative) / sentences)", layout, rows)
    out.line("* fewer than 5 documents: read its tone as anecdotal", style="dim")
    out.more(len(periods) - len(shown), "periods", "trends.csv")
    keywords = analysis.table("trend_keywords")
    if keywords is not None and not keywords.empty:
        for period, group in list(keywords.groupby("period", sort=False))[-n:]:
            words = ", ".join(f"{r.term} {r.tf}" for r in group.itertuples(index=False))
            out.line(f"{period!s}: {words}")


def _plan(values: Mapping[str, Any]) -> dict[str, Any]:
    return {"trends": TrendOptions(by=values["by"], keywords=values["keywords"])}


SPEC = Spec(
    name="trends",
    fold=TrendFold.make,
    tables=(TRENDS, TREND_KEYWORDS),
    tables_of=lambda result: (
        {"trends": result.table}
        | ({"trend_keywords": result.keywords} if result.keywords is not None else {})
    ),
    default=TrendOptions(),
    console=show,
    command=Command(
        name="trends",
        help="Per day, week or month: documents, and for each target mentions, attributed "
        "sentences, positive and negative counts and net tone (trends.csv). Periods with "
        "fewer than 5 documents are flagged `sparse`.",
        options=(
            Option("by", str, "month", "The period of each row.", choices=PERIODS),
            Option("keywords", int, 0, "Top keywords per period (0: none).", minimum=0),
        ),
        plan=_plan,
        exports=("trends", "trend_keywords"),
    ),
)
