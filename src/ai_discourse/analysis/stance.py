"""How the corpus portrays each tracked target: mentions, share of voice, tone, frames,
distinctive words, and the evidence sentences behind every number, counted from the
Evidence rows that `nlp.attribution` makes per document (see there how a sentence is
attributed)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ai_discourse.analysis.stats import log_odds_dirichlet
from ai_discourse.nlp.attribution import Evidence, own_names
from ai_discourse.nlp.summary import DocSummary, StanceSetup, summaries
from ai_discourse.records import Doc
from ai_discourse.resources import Frames, Target, ToneLexicon, phrase_key

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class StanceResult:
    """The stance tables (pandas DataFrames) and the attributed sentences behind them."""

    table: pd.DataFrame
    frames: pd.DataFrame
    distinctive: pd.DataFrame
    evidence: pd.DataFrame
    attributions: list[Evidence] = field(default_factory=list)
    min_count: int = 1
    """How often a distinctive word must occur in its target's own text."""


def stance(
    docs: Sequence[Doc | DocSummary],
    targets: Sequence[Target],
    lexicon: ToneLexicon,
    frames: Frames,
    *,
    stopwords: frozenset[str] = frozenset(),
    distinctive_top: int = 50,
    min_count: int | None = None,
    keep_verbal_nouns: bool = False,
) -> StanceResult:
    """All stance tables for the corpus (see the module docstring for attribution), from
    Docs or from summaries made with the same targets.

    Distinctive words must occur `min_count` times in the target's own text (default:
    `distinctive_min_count` of the corpus).
    """
    setup = StanceSetup(tuple(targets), lexicon, frames, stopwords, keep_verbal_nouns)
    counts = StanceCounts(targets)
    for doc in summaries(docs, setup):
        counts.add(doc)
    return counts.result(distinctive_top=distinctive_top, min_count=min_count)


@dataclass(frozen=True, slots=True)
class _DocTargets:
    id: str
    kind: str
    target_mentions: tuple[tuple[str, int], ...]


class StanceCounts:
    """The stance tables' inputs, added document by document: the evidence rows, each
    document's target mentions, each target's terms and the prior."""

    def __init__(self, targets: Sequence[Target]) -> None:
        self.targets = tuple(targets)
        self.own = own_names(targets)
        self.evidence: list[Evidence] = []
        self.docs: list[_DocTargets] = []
        self.per_target: dict[str, Counter[str]] = {t.name: Counter() for t in targets}
        self.prior: Counter[str] = Counter()
        self.terms = 0

    def add(self, doc: DocSummary) -> None:
        self.evidence.extend(doc.evidence)
        self.docs.append(_DocTargets(doc.id, doc.kind, doc.target_mentions))
        for e in doc.evidence:
            self.per_target[e.target].update(e.terms)
        self.prior.update(t for t in doc.terms if phrase_key(t) not in self.own)
        self.terms += doc.n_terms

    def result(self, *, distinctive_top: int = 50, min_count: int | None = None) -> StanceResult:
        names = [t.name for t in self.targets]
        if min_count is None:
            min_count = min_count_for(self.terms)
        return StanceResult(
            table=stance_table(self.evidence, self.docs, names),
            frames=frames_table(self.evidence, names),
            distinctive=distinctive_from(
                self.per_target, self.prior, self.targets, top=distinctive_top, min_count=min_count
            ),
            evidence=evidence_table(self.evidence),
            attributions=self.evidence,
            min_count=min_count,
        )


def _scopes(docs: Sequence[DocSummary | _DocTargets]) -> list[tuple[str, str, list[str]]]:
    """(scope type, scope, document ids in corpus order): the corpus, each kind, each doc."""
    kinds: dict[str, list[str]] = defaultdict(list)
    for d in docs:
        kinds[d.kind].append(d.id)
    scopes = [("corpus", "all", [d.id for d in docs])]
    scopes += [("kind", kind, ids) for kind, ids in sorted(kinds.items())]
    scopes += [("document", d.id, [d.id]) for d in docs]
    return scopes


def stance_table(
    evidence: Sequence[Evidence], docs: Sequence[DocSummary | _DocTargets], names: Sequence[str]
) -> pd.DataFrame:
    """One row per (scope, target): counts, share of voice, tone and top frames."""
    import pandas as pd

    per_doc = {d.id: Counter(dict(d.target_mentions)) for d in docs}
    by_doc: dict[str, list[Evidence]] = defaultdict(list)
    for a in evidence:
        by_doc[a.doc_id].append(a)
    rows = []
    for scope_type, scope, ids in _scopes(docs):
        inside = [a for doc_id in ids for a in by_doc[doc_id]]
        counts: Counter[str] = Counter()
        for doc_id in ids:
            counts.update(per_doc[doc_id])
        total_mentions = sum(counts[n] for n in names)
        for name in names:
            mine = [a for a in inside if a.target == name]
            tones = Counter(a.tone for a in mine)
            mentions = counts[name]
            n = len(mine)
            frame_counts = Counter(f for a in mine for f in a.frames)
            rows.append(
                {
                    "scope_type": scope_type,
                    "scope": scope,
                    "target": name,
                    "documents": sum(1 for doc_id in ids if per_doc[doc_id][name]),
                    "mentions": mentions,
                    "sentences": sum(1 for a in mine if a.how != "context"),
                    "context_sentences": sum(1 for a in mine if a.how == "context"),
                    "share_of_voice": round(mentions / total_mentions, 4)
                    if total_mentions
                    else 0.0,
                    "positive": tones["pos"],
                    "negative": tones["neg"],
                    "neutral": tones["neu"],
                    "net_tone": round((tones["pos"] - tones["neg"]) / n, 4) if n else 0.0,
                    "top_frames": "; ".join(f"{f} {c}" for f, c in frame_counts.most_common(3)),
                }
            )
    return pd.DataFrame(rows)


def frames_table(attributions: Sequence[Evidence], names: Sequence[str]) -> pd.DataFrame:
    """Sentences per (target, frame), and that frame's share of the target's sentences."""
    import pandas as pd

    rows = []
    for name in names:
        mine = [a for a in attributions if a.target == name]
        counts = Counter(f for a in mine for f in a.frames)
        for frame, count in sorted(counts.items(), key=lambda fc: (-fc[1], fc[0])):
            tones = Counter(a.tone for a in mine if frame in a.frames)
            rows.append(
                {
                    "target": name,
                    "frame": frame,
                    "sentences": count,
                    "share": round(count / len(mine), 4),
                    "positive": tones["pos"],
                    "negative": tones["neg"],
                    "neutral": tones["neu"],
                }
            )
    columns = ["target", "frame", "sentences", "share", "positive", "negative", "neutral"]
    return pd.DataFrame(rows, columns=columns)


MIN_COUNT_CEILING = 3
_TERMS_PER_STEP = 2_000


def distinctive_min_count(docs: Sequence[Doc | DocSummary]) -> int:
    """How often a distinctive word must occur in a target's text, scaled to the corpus:
    1 below 2,000 terms (a couple of articles), 2 below 4,000, then 3."""
    return min_count_for(sum(len(d.terms) for d in docs))


def min_count_for(terms: int) -> int:
    return min(MIN_COUNT_CEILING, 1 + terms // _TERMS_PER_STEP)


def distinctive_words(
    evidence: Sequence[Evidence],
    docs: Sequence[DocSummary],
    targets: Sequence[Target],
    *,
    top: int = 50,
    min_count: int = 1,
) -> pd.DataFrame:
    """Words said about each target rather than the others (log-odds, z > 0, best first).

    A word must occur at least `min_count` times in the target's own sentences: with one
    or two occurrences the z-score ranks chance, not coverage. The terms are each
    evidence row's own (see `evidence_of`); the prior is every document's terms but the
    targets' names.
    """
    own = own_names(targets)
    per_target: dict[str, Counter[str]] = {t.name: Counter() for t in targets}
    for a in evidence:
        per_target[a.target].update(a.terms)
    prior: Counter[str] = Counter(t for d in docs for t in d.terms if phrase_key(t) not in own)
    return distinctive_from(per_target, prior, targets, top=top, min_count=min_count)


def distinctive_from(
    per_target: dict[str, Counter[str]],
    prior: Counter[str],
    targets: Sequence[Target],
    *,
    top: int = 50,
    min_count: int = 1,
) -> pd.DataFrame:
    """The distinctive-words table from each target's term counts and the prior."""
    import pandas as pd

    rows = []
    for target in targets:
        mine = per_target[target.name]
        others: Counter[str] = Counter()
        for name, counts in per_target.items():
            if name != target.name:
                others.update(counts)
        scores = log_odds_dirichlet(mine, others, prior)
        ranked = sorted(
            ((w, d, z) for w, (d, z) in scores.items() if z > 0 and mine[w] >= min_count),
            key=lambda x: (-x[2], x[0]),
        )[:top]
        for rank, (word, delta, z) in enumerate(ranked, start=1):
            rows.append(
                {
                    "target": target.name,
                    "rank": rank,
                    "term": word,
                    "count": mine[word],
                    "count_others": others[word],
                    "log_odds": round(delta, 4),
                    "z": round(z, 3),
                }
            )
    columns = ["target", "rank", "term", "count", "count_others", "log_odds", "z"]
    return pd.DataFrame(rows, columns=columns)


def evidence_table(evidence: Sequence[Evidence]) -> pd.DataFrame:
    """The sentence behind every count: where it is, how it was attributed, why its tone."""
    import pandas as pd

    return pd.DataFrame([evidence_row(a) for a in evidence], columns=EVIDENCE_COLUMNS)


EVIDENCE_COLUMNS = [
    "target",
    "doc_id",
    "kind",
    "sentence",
    "start",
    "end",
    "attribution",
    "tone",
    "score",
    "cues",
    "frames",
    "text",
]


def evidence_row(a: Evidence) -> dict[str, object]:
    return {
        "target": a.target,
        "doc_id": a.doc_id,
        "kind": a.kind,
        "sentence": a.sentence,
        "start": a.start,
        "end": a.end,
        "attribution": a.how,
        "tone": a.tone,
        "score": round(a.score, 3),
        "cues": a.cues,
        "frames": "; ".join(a.frames),
        "text": a.text,
    }
