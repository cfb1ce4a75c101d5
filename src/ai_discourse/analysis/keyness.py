"""Keyness: the words that set each group of documents apart from the rest.

Groups are document kinds, sources, months, targets (every document that mentions the
target; a document may be in several) or any metadata field. Each group's term counts
are compared with the rest of the corpus by the log-odds ratio with an informative
Dirichlet prior (as the stance tables do, the whole corpus as the prior) and, for
readers who expect them, Dunning's log-likelihood G² and its p-value.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ai_discourse.analysis.stats import g2, log_odds_dirichlet
from ai_discourse.analysis.trends import period_of

if TYPE_CHECKING:
    import pandas as pd

    from ai_discourse.nlp.summary import DocSummary

GROUPINGS = ("kind", "source", "month", "target")
"""Besides `meta.FIELD`: any metadata field of the inputs (a CSV column, a JSONL key)."""
UNKNOWN = "?"
COLUMNS = [
    "group",
    "documents",
    "rank",
    "term",
    "count",
    "count_rest",
    "per_10k",
    "per_10k_rest",
    "log_odds",
    "z",
    "g2",
    "p",
    "example",
    "example_doc",
]


def check_grouping(by: str) -> str:
    """`by` if it names a grouping (see `GROUPINGS`, `meta.FIELD`), else ValueError."""
    if by in GROUPINGS or (by.startswith("meta.") and len(by) > len("meta.")):
        return by
    raise ValueError(f"group by one of {', '.join(GROUPINGS)} or meta.FIELD, not {by!r}")


def groups_of(doc: DocSummary, by: str) -> list[str]:
    """The groups a document belongs to under `by`."""
    if by == "kind":
        return [doc.kind]
    if by == "source":
        return [doc.source or UNKNOWN]
    if by == "month":
        return [period_of(doc.date, "month")]
    if by == "target":
        return [target for target, count in doc.target_mentions if count]
    return [dict(doc.meta).get(by.removeprefix("meta."), UNKNOWN)]


class KeynessCounts:
    """Term counts per group and for the corpus, added document by document."""

    def __init__(self, by: str) -> None:
        self.by = check_grouping(by)
        self.counts: dict[str, Counter[str]] = defaultdict(Counter)
        self.documents: Counter[str] = Counter()
        self.total: Counter[str] = Counter()
        self.membership: list[tuple[str, ...]] = []

    def add(self, doc: DocSummary) -> None:
        groups = tuple(dict.fromkeys(groups_of(doc, self.by)))
        self.membership.append(groups)
        self.total.update(doc.terms)
        for group in groups:
            self.counts[group].update(doc.terms)
            self.documents[group] += 1

    def table(self, *, top: int = 100, min_count: int = 5) -> pd.DataFrame:
        """Each group's key terms (z > 0, at least `min_count` in the group), best first;
        groups in order of size. `example` columns are empty (see `add_examples`)."""
        import pandas as pd
        from scipy.stats import chi2

        rows = []
        for group in sorted(self.counts, key=lambda g: (-self.documents[g], g)):
            mine = self.counts[group]
            rest = self.total - mine
            n_a, n_b = sum(mine.values()), sum(rest.values())
            if not n_b:
                continue  # a group that is the whole corpus has nothing to differ from
            scores = log_odds_dirichlet(mine, rest, self.total)
            ranked = sorted(
                ((w, d, z) for w, (d, z) in scores.items() if z > 0 and mine[w] >= min_count),
                key=lambda x: (-x[2], x[0]),
            )[:top]
            for rank, (term, delta, z) in enumerate(ranked, start=1):
                score = g2(mine[term], rest[term], n_a, n_b)
                rows.append(
                    {
                        "group": group,
                        "documents": self.documents[group],
                        "rank": rank,
                        "term": term,
                        "count": mine[term],
                        "count_rest": rest[term],
                        "per_10k": round(mine[term] / n_a * 10_000, 2),
                        "per_10k_rest": round(rest[term] / n_b * 10_000, 2),
                        "log_odds": round(delta, 4),
                        "z": round(z, 3),
                        "g2": round(score, 3),
                        "p": float(f"{chi2.sf(abs(score), 1):.3g}"),
                        "example": "",
                        "example_doc": "",
                    }
                )
        return pd.DataFrame(rows, columns=COLUMNS)

    def wanted(self, table: pd.DataFrame, *, per_group: int) -> dict[str, list[str]]:
        """The terms that need an example: each group's first `per_group`."""
        wanted: dict[str, list[str]] = defaultdict(list)
        for group, rank, term in zip(table["group"], table["rank"], table["term"], strict=True):
            if int(rank) <= per_group:
                wanted[str(group)].append(str(term))
        return wanted


def kwic_line(text: str, start: int, end: int, *, window: int = 30) -> str:
    """`…left[term]right…` on one line, `window` characters each side, the text's own
    spacing kept (line breaks and runs of spaces read as one space)."""
    left = _SPACES.sub(" ", text[max(0, start - window) : start])
    right = _SPACES.sub(" ", text[end : end + window])
    lead = "…" if start > window else ""
    tail = "…" if end + window < len(text) else ""
    return f"{lead}{left}[{text[start:end]}]{right}{tail}"


_SPACES = re.compile(r"\s+")


def find_examples(
    texts: Iterable[tuple[str, str]],
    membership: Sequence[tuple[str, ...]],
    wanted: dict[str, list[str]],
    *,
    window: int = 30,
) -> dict[tuple[str, str], tuple[str, str]]:
    """For each (group, term) wanted, the first place in the group's documents where the
    term is written: (kwic line, doc id). `texts` yields (doc id, text) in corpus order,
    the order of `membership`; reading stops as soon as every example is found."""
    found: dict[tuple[str, str], tuple[str, str]] = {}
    missing = {(g, t) for g, terms in wanted.items() for t in terms}
    for (doc_id, text), groups in zip(texts, membership, strict=False):
        if not missing:
            break
        for group in groups:
            for term in wanted.get(group, ()):
                if (group, term) not in missing:
                    continue
                at = text.find(term)
                if at >= 0:
                    found[group, term] = (
                        kwic_line(text, at, at + len(term), window=window),
                        doc_id,
                    )
                    missing.discard((group, term))
    return found


def with_examples(
    table: pd.DataFrame, examples: dict[tuple[str, str], tuple[str, str]]
) -> pd.DataFrame:
    """The table with its `example` and `example_doc` columns filled where found."""
    if table.empty:
        return table
    pairs = list(zip(table["group"].astype(str), table["term"].astype(str), strict=True))
    table = table.copy()
    table["example"] = [examples.get(p, ("", ""))[0] for p in pairs]
    table["example_doc"] = [examples.get(p, ("", ""))[1] for p in pairs]
    return table
