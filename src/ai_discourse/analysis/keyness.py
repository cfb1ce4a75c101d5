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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ai_discourse.analysis.periods import period_of
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
    Styled,
    TableDoc,
    columns,
    one_table,
    plural,
)
from ai_discourse.analysis.stats import g2, log_odds_dirichlet

if TYPE_CHECKING:
    import pandas as pd

    from ai_discourse.nlp.summary import DocSummary

GROUPINGS = ("kind", "source", "month", "target")
"""Besides `meta.FIELD`: any metadata field of the inputs (a CSV column, a JSONL key)."""
UNKNOWN = "?"
KEYNESS = TableDoc(
    "keyness",
    "(group, term) with `keyness`",
    columns(
        group="the kind, source, month, target or metadata value",
        documents="documents in the group",
        rank="1 = most key",
        term="the term",
        count="occurrences in the group",
        count_rest="occurrences in the rest of the corpus",
        per_10k="per 10,000 terms of the group",
        per_10k_rest="per 10,000 terms of the rest",
        log_odds="log-odds ratio with an informative Dirichlet prior (the corpus)",
        z="its z-score",
        g2="Dunning's log-likelihood G², negative when rarer in the group",
        p="G²'s p-value (χ², 1 degree of freedom)",
        example="the term in context: …left[term]right…",
        example_doc="the document of the example",
    ),
)
COLUMNS = [c.name for c in KEYNESS.columns]
ROWS = 100
"""Key terms per group in keyness.csv (more with a larger `top`)."""
EXAMPLES_PER_GROUP = 100
"""Key terms per group that get a KWIC example in keyness.csv."""
SHOWN = 10
"""Key terms per group the terminal shows (`--top` sets it)."""


@dataclass(frozen=True)
class KeynessOptions:
    """How documents are grouped (see `check_grouping`), and how often a term must occur
    in a group to be key."""

    by: str = "kind"
    min_count: int = 5


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


class KeynessFold:
    """Term counts per group and for the corpus, added document by document; the key
    terms' examples are read from the texts afterwards (see `wanted` and `read`)."""

    def __init__(self, by: str, *, min_count: int = 5) -> None:
        self.by = check_grouping(by)
        self.min_count = min_count
        self.counts: dict[str, Counter[str]] = defaultdict(Counter)
        self.documents: Counter[str] = Counter()
        self.total: Counter[str] = Counter()
        self.membership: dict[str, tuple[str, ...]] = {}

    @classmethod
    def make(cls, setup: Setup) -> KeynessFold:
        options: KeynessOptions = setup.options
        return cls(options.by, min_count=options.min_count)

    def add(self, doc: DocSummary) -> None:
        groups = tuple(dict.fromkeys(groups_of(doc, self.by)))
        self.membership[doc.id] = groups
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

    def finish(self, run: Finish) -> pd.DataFrame:
        return self.table(top=max(ROWS, run.top or 0), min_count=self.min_count)

    def terms_wanted(self, table: pd.DataFrame) -> dict[str, list[str]]:
        """The terms that need an example: each group's first `EXAMPLES_PER_GROUP`."""
        wanted: dict[str, list[str]] = defaultdict(list)
        for group, rank, term in zip(table["group"], table["rank"], table["term"], strict=True):
            if int(rank) <= EXAMPLES_PER_GROUP:
                wanted[str(group)].append(str(term))
        return wanted

    def wanted(self, table: pd.DataFrame) -> set[str]:
        """The documents whose text may hold an example: those of the groups with key
        terms."""
        groups = set(self.terms_wanted(table))
        return {d for d, mine in self.membership.items() if groups.intersection(mine)}

    def read(self, table: pd.DataFrame, texts: Iterable[tuple[str, str]]) -> pd.DataFrame:
        """The table with each key term's example: the first place the group's documents
        write it (`texts`: (doc id, title and body) in corpus order)."""
        examples = find_examples(texts, self.membership, self.terms_wanted(table))
        return with_examples(table, examples)


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
    membership: Mapping[str, tuple[str, ...]],
    wanted: dict[str, list[str]],
    *,
    window: int = 30,
) -> dict[tuple[str, str], tuple[str, str]]:
    """For each (group, term) wanted, the first place in the group's documents where the
    term is written: (kwic line, doc id). `texts` yields (doc id, text) in corpus order;
    `membership` gives each document's groups; reading stops as soon as every example is
    found."""
    found: dict[tuple[str, str], tuple[str, str]] = {}
    missing = {(g, t) for g, terms in wanted.items() for t in terms}
    for doc_id, text in texts:
        if not missing:
            break
        for group in membership.get(doc_id, ()):
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


def show(analysis: Results, out: Show) -> None:
    """Each group's key terms with their counts, z, G² and an example in context."""
    if not out.full:
        return
    keyness = analysis.table("keyness")
    if keyness is None or keyness.empty:
        out.line("No key terms: too few groups or too few counts.", style="dim")
        return
    n = out.rows(SHOWN)
    layout = [Col("term", max_width=16, overflow="fold")]
    layout += [
        Col(name, justify="right", no_wrap=True, min_width=width)
        for name, width in (("count", 5), ("rest", 5), ("z", 5), ("G²", 7))
    ]
    # The rest of the line, after the other columns, their padding and the borders.
    example_width = max(16, out.width - 16 - 5 - 5 - 5 - 7 - 12 - 7)
    layout.append(Col("example", no_wrap=True, width=example_width))
    hidden = 0
    rows: list[list[Cell]] = []
    for group, members in keyness.groupby("group", sort=False):
        hidden += max(0, len(members) - n)
        documents = int(members["documents"].iloc[0])
        rows.append([Styled(f"{group} ({plural(documents, 'document')})", "bold")])
        for row in members.head(n).itertuples(index=False):
            rows.append(
                [
                    str(row.term),
                    str(row.count),
                    str(row.count_rest),
                    f"{row.z:.2f}",
                    f"{row.g2:.1f}",
                    centred(str(row.example), example_width, out),
                ]
            )
    out.table("Key terms per group (log-odds z, G²)", layout, rows)
    out.more(hidden, "key terms", "keyness.csv")


def centred(example: str, width: int, out: Show) -> str:
    """A `left[term]right` example cut to `width` cells with the term in view: a third
    of the width for the left context (cut as shown, control characters made visible)."""
    left, bracket, rest = out.visible(example).partition("[")
    if not bracket:
        return out.clip(left, width)
    if out.text_width(left) > width // 3:
        left = out.clip(left, width // 3, keep="end")
    return out.clip(left + bracket + rest, width)


def _plan(values: Mapping[str, Any]) -> dict[str, Any]:
    return {"keyness": KeynessOptions(by=values["group_by"], min_count=values["min_count"])}


SPEC = Spec(
    name="keyness",
    fold=KeynessFold.make,
    tables=(KEYNESS,),
    tables_of=one_table("keyness"),
    console=show,
    command=Command(
        name="keyness",
        help="The words that set each group of documents apart from the rest: log-odds "
        "with an informative Dirichlet prior and z-scores, G² and its p-value, and an "
        "example of each in context (keyness.csv).",
        options=(
            Option(
                "group_by",
                str,
                "kind",
                "kind, source, month, target (the documents that mention each) or "
                "meta.FIELD (a column or key of the inputs).",
                short="-g",
                check=check_grouping,
            ),
            Option("min_count", int, 5, "Times a term must occur in a group to be key.", minimum=1),
        ),
        plan=_plan,
        exports=("keyness",),
    ),
)
