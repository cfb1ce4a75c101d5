"""The analyses a run can compute, in order, and the reducer that folds summaries into
their results.

The order is the order of the tables in every export and in the JSON document. An
analysis outside this package joins with `register(spec)` (or, from an installed
package, an entry point in the group `ai_discourse.analyses` naming its `Spec`): its
tables then reach `--out`, `--format json` and the report like the built-in ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ai_discourse.analysis import (
    entities,
    keyness,
    keywords,
    neardup,
    network,
    overview,
    stance,
    terms,
    tfidf,
    topics,
    trends,
)
from ai_discourse.analysis.keyness import KeynessOptions
from ai_discourse.analysis.neardup import NearOptions
from ai_discourse.analysis.network import NetworkOptions
from ai_discourse.analysis.result import Analysis
from ai_discourse.analysis.spec import Finish, Fold, NeedsTexts, Plan, Setup, Spec
from ai_discourse.analysis.topics import TopicOptions
from ai_discourse.analysis.trends import TrendOptions

if TYPE_CHECKING:
    from ai_discourse.nlp.summary import DocSummary
    from ai_discourse.records import Note, Skipped
    from ai_discourse.resources import Target

BUILT_IN: tuple[Spec, ...] = (
    overview.SPEC,
    keywords.SPEC,
    tfidf.SPEC,
    entities.SPEC,
    stance.SPEC,
    trends.SPEC,
    neardup.SPEC,
    keyness.SPEC,
    terms.SPEC,
    network.SPEC,
    topics.SPEC,
)
ENTRY_POINTS = "ai_discourse.analyses"

_added: list[Spec] = []
_loaded = False


def specs() -> tuple[Spec, ...]:
    """Every analysis, built-in ones first, then those registered or installed."""
    global _loaded
    if not _loaded:
        _loaded = True
        _added.extend(_installed())
    return (*BUILT_IN, *_added)


def register(spec: Spec) -> Spec:
    """Add an analysis to every run, export and command; returns it. Its name must be new
    and its tables' names too."""
    taken = {s.name for s in specs()}
    tables = {t.name for s in specs() for t in s.tables}
    if spec.name in taken or tables.intersection(t.name for t in spec.tables):
        raise ValueError(f"an analysis named {spec.name!r} or one of its tables exists already")
    _added.append(spec)
    return spec


def unregister(name: str) -> None:
    """Remove an analysis added with `register`."""
    _added[:] = [s for s in _added if s.name != name]


def spec(name: str) -> Spec:
    """The analysis of that name."""
    found = next((s for s in specs() if s.name == name), None)
    if found is None:
        raise KeyError(f"no analysis named {name!r}")
    return found


def commands() -> list[Spec]:
    """The analyses with a command of their own, in order."""
    return [s for s in specs() if s.command is not None]


def _installed() -> list[Spec]:
    from importlib.metadata import entry_points

    found = []
    for point in entry_points(group=ENTRY_POINTS):
        loaded = point.load()
        if not isinstance(loaded, Spec):
            raise TypeError(f"entry point {point.name} ({point.value}) is no analysis Spec")
        found.append(loaded)
    return found


# --- what a run computes -----------------------------------------------------------------------


@dataclass(frozen=True)
class Depth:
    """Which analyses beyond the basic tables a run computes, and how (`analyze` computes
    trends, the network and the near-duplicates; the other commands add theirs). None
    switches one off. `extra` plans analyses added with `register`, by name (those not
    named run with their spec's default)."""

    trends: str | None = "month"
    """The trend period: day, week or month."""
    trend_keywords: int = 0
    """Top keywords per period (0: none)."""
    network: bool = True
    network_options: NetworkOptions | None = None
    """The semantic network's thresholds and measures (None: the defaults)."""
    near_duplicates: float | None = 0.5
    """Estimated Jaccard similarity that makes two documents near-duplicates."""
    collapse: bool = False
    """Count each near-duplicate cluster once: only its first document is analysed."""
    keyness: str | None = None
    """Group documents by kind, source, month, target or meta.FIELD for keyness."""
    keyness_min: int = 5
    topics: TopicOptions | None = None
    compounds: int = 0
    """Minimum count of a compound term (0: no compound terms)."""
    extra: Mapping[str, Any] = field(default_factory=dict)

    def plan(self) -> dict[str, Any]:
        """The analyses as a plan: name -> options (None: off)."""
        near = self.near_duplicates
        return {
            "trends": TrendOptions(self.trends, self.trend_keywords) if self.trends else None,
            "near_duplicates": NearOptions(near, self.collapse) if near is not None else None,
            "keyness": KeynessOptions(self.keyness, self.keyness_min) if self.keyness else None,
            "terms": self.compounds or None,
            "network": (self.network_options or NetworkOptions()) if self.network else None,
            "topics": self.topics,
            **self.extra,
        }


def resolve(plan: Depth | Plan | None) -> dict[str, Any]:
    """What runs, by name, in registry order: the analyses every run makes (default
    `...`), those the plan switches on (an analysis the plan does not name runs with its
    default), and those they build on."""
    if plan is None:
        plan = Depth()
    wanted = plan.plan() if isinstance(plan, Depth) else dict(plan)
    chosen = {}
    for s in specs():
        options = wanted.get(s.name, s.default)
        if options is not None:
            chosen[s.name] = options
    for s in specs():
        if s.name in chosen:
            for need in s.needs:
                chosen.setdefault(need, spec(need).default)
    return {s.name: chosen[s.name] for s in specs() if s.name in chosen}


def off(*keep: str) -> dict[str, Any]:
    """A plan with every optional analysis off but `keep` (which keep their defaults)."""
    return {s.name: None for s in specs() if s.default is not ... and s.name not in keep}


class Reducer:
    """The results of every planned analysis, folded from per-document summaries in
    corpus order: what a run keeps in memory is what the tables need (counts per term and
    entity, a row per document, quote and attributed sentence), never a document's text
    or tokens."""

    def __init__(
        self,
        targets: Sequence[Target] = (),
        depth: Depth | Plan | None = None,
        *,
        top: int | None = None,
    ) -> None:
        self.targets = tuple(targets)
        self.top = top
        self.folds: dict[str, Fold] = {}
        gates: list[Any] = []
        for name, options in resolve(depth).items():
            made = spec(name).fold(Setup(self.targets, options, top))
            if made is None:
                continue  # nothing to do in this run (stance without targets)
            self.folds[name] = made
            if spec(name).gate:
                gates.append(made)
        self._gates = gates
        self._others = [f for f in self.folds.values() if f not in gates]

    def add(self, doc: DocSummary) -> None:
        for gate in self._gates:
            if not gate.admit(doc):
                return
        for fold in self._others:
            fold.add(doc)

    def result(
        self,
        *,
        top: int | None = None,
        skipped: Sequence[Skipped] = (),
        duplicates: int = 0,
        notes: Sequence[Note] = (),
    ) -> Analysis:
        """Every planned analysis's result, and the overview with what each adds to it."""
        run = Finish(
            top if top is not None else self.top, notes, self.folds, len(skipped), duplicates
        )
        results = {name: fold.finish(run) for name, fold in self.folds.items()}
        summary = dict(results["overview"].summary) if "overview" in results else {}
        for s in specs():
            if s.summary is not None and s.name in results:
                summary |= s.summary(results[s.name])
        return Analysis(
            specs=tuple(s for s in specs() if s.name in results),
            results=results,
            overview=summary,
            targets=tuple(t.name for t in self.targets),
            skipped=list(skipped),
            duplicates=duplicates,
            notes=list(notes),
        )

    def readers(self) -> Iterator[tuple[str, NeedsTexts]]:
        """The folds whose results want a second look at some documents' text."""
        for name, fold in self.folds.items():
            if isinstance(fold, NeedsTexts):
                yield name, fold


def run(
    docs: Iterable[Any],
    *,
    top: int | None = None,
    targets: Sequence[Target] = (),
    tone: Any = None,
    frames: Any = None,
    stopwords: frozenset[str] = frozenset(),
    skipped: Sequence[Skipped] = (),
    duplicates: int = 0,
    notes: Sequence[Note] = (),
    keep_verbal_nouns: bool = False,
    depth: Depth | Plan | None = None,
) -> Analysis:
    """Compute every table from tokenized documents (or their summaries, made with the
    same targets); stance only when targets are given.

    The tables are complete (every document, entity, quote, stance row) except keywords:
    the first max(`top`, 100) terms and every further term seen twice, at most 5,000 rows
    (or `top`). `top` is how many rows a terminal will show; renderers cut, tables do not.
    `keep_verbal_nouns` should match the setting that made `Doc.terms` (it applies to the
    distinctive words, counted on the target's own tokens).
    """
    from ai_discourse.nlp.stage import summarize
    from ai_discourse.nlp.summary import DocSummary, StanceSetup

    setup = StanceSetup(tuple(targets), tone, frames, stopwords, keep_verbal_nouns)
    reducer = Reducer(targets, depth, top=top)
    for doc in docs:
        reducer.add(doc if isinstance(doc, DocSummary) else summarize(doc, setup))
    return reducer.result(skipped=skipped, duplicates=duplicates, notes=notes)


def dictionary_markdown() -> str:
    """The data dictionary as Markdown, a heading and a table per exported file: every
    analysis's tables in order, then the concordance of `kwic`. The README holds it
    verbatim (a test checks)."""
    from ai_discourse.analysis.kwic import KWIC

    parts = []
    for table in [*(t for s in specs() for t in s.tables), KWIC]:
        parts.append(f"**`{table.name}`** — {table.rows}\n")
        parts.append("| column | holds |\n|---|---|")
        parts += [f"| `{c.name}` | {c.doc} |" for c in table.columns]
        parts.append("")
    return "\n".join(parts)
