"""How the corpus portrays each tracked target: mentions, share of voice, tone, frames,
distinctive words, and the evidence sentences behind every number, counted from the
Evidence rows that `nlp.attribution` makes per document (see there how a sentence is
attributed)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

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
from ai_discourse.analysis.stats import log_odds_dirichlet
from ai_discourse.nlp.attribution import Evidence, own_names
from ai_discourse.nlp.summary import DocSummary
from ai_discourse.resources import Target, phrase_key

if TYPE_CHECKING:
    import pandas as pd


STANCE = TableDoc(
    "stance",
    "(scope, target): scope = the corpus, each kind, each document",
    columns(
        scope_type="corpus, kind or document",
        scope="all, the kind, or the doc_id",
        target="the tracked target",
        documents="documents mentioning the target",
        mentions="mentions of the target",
        sentences="sentences about the target (it is their subject or topic)",
        context_sentences="sentences attributed by context (the next sentence)",
        share_of_voice="its mentions / all targets' mentions",
        positive="positive sentences",
        negative="negative sentences",
        neutral="neutral sentences",
        net_tone="(positive − negative) / sentences",
        top_frames="the three commonest frames, with counts",
    ),
)
FRAMES = TableDoc(
    "stance_frames",
    "(target, frame)",
    columns(
        target="the tracked target",
        frame="the frame (data/frames.toml)",
        sentences="its sentences in that frame",
        share="sentences / the target's sentences",
        positive="positive ones",
        negative="negative ones",
        neutral="neutral ones",
    ),
)
WORDS = TableDoc(
    "stance_words",
    "(target, distinctive word)",
    columns(
        target="the tracked target",
        rank="1 = most distinctive",
        term="the word",
        count="occurrences in the target's sentences",
        count_others="occurrences in the other targets' sentences",
        log_odds="log-odds ratio with an informative Dirichlet prior",
        z="its z-score",
    ),
)
EVIDENCE = TableDoc(
    "stance_evidence",
    "(target, sentence): the evidence behind every stance count",
    columns(
        target="the tracked target",
        doc_id="the article",
        kind="news or blog",
        sentence="the sentence's index",
        start="character offset in the document text",
        end="character offset of its end",
        attribution="mention (the sentence names the target) or context (the one after)",
        tone="pos, neg or neu: the learned tone layer's label (the score's sign without one)",
        score="the summed tone score of the cues",
        cues="the tone words, each with its sign (`(부정됨)`: negated)",
        model="the learned layer's strongest features for its label, with their pull",
        frames="the frames the sentence evokes",
        text="the sentence",
    ),
)
SHOWN = {"stance": 15, "frames": 30, "words": 15, "evidence": 10}
"""Rows the terminal shows (`--top` sets them all): per-document stance rows, frames,
distinctive words per target, evidence sentences per target."""


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


@dataclass(frozen=True, slots=True)
class _DocTargets:
    id: str
    kind: str
    target_mentions: tuple[tuple[str, int], ...]


class StanceCounts:
    """The stance tables' inputs, added document by document: the evidence rows, each
    document's target mentions, each target's terms and the prior."""

    @classmethod
    def make(cls, setup: Setup) -> StanceCounts | None:
        """The fold of a run with targets (None: no targets, no stance)."""
        return cls(setup.targets) if setup.targets else None

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

    def finish(self, run: Finish) -> StanceResult:
        return self.result()

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


def min_count_for(terms: int) -> int:
    """How often a distinctive word must occur in a target's text, scaled to the corpus'
    `terms`: 1 below 2,000 terms (a couple of articles), 2 below 4,000, then 3."""
    return min(MIN_COUNT_CEILING, 1 + terms // _TERMS_PER_STEP)


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


EVIDENCE_COLUMNS = [c.name for c in EVIDENCE.columns]


def evidence_row(a: Evidence) -> dict[str, object]:
    """One row of the evidence table; its cues are their labels, joined by spaces."""
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
        "cues": " ".join(c.label for c in a.cues),
        "model": "; ".join(a.because),
        "frames": "; ".join(a.frames),
        "text": a.text,
    }


# --- the terminal ----------------------------------------------------------------------------


def show(analysis: Results, out: Show) -> None:
    """Within `analyze`: the targets side by side. The stance command: also by document
    kind and document, frames, distinctive words and (with --evidence) the sentences."""
    result: StanceResult | None = analysis.results.get("stance")
    if result is None:
        return
    _side_by_side(result, analysis.targets, out)
    if not out.full:
        return
    _scopes_table(result.table, out)
    n = out.rows(SHOWN["frames"])
    frames = result.frames
    layout = [
        Col("target"),
        Col("frame"),
        Col("sentences", justify="right"),
        Col("share", justify="right"),
        Col("+ / − / =", justify="right"),
    ]
    rows = [
        [
            row["target"],
            row["frame"],
            str(row["sentences"]),
            f"{row['share']:.0%}",
            f"{row['positive']} / {row['negative']} / {row['neutral']}",
        ]
        for row in frames.head(n).to_dict(orient="records")
    ]
    out.table("Frames per target", layout, rows)
    out.more(len(frames) - n, "frame rows", "stance_frames.csv")
    _distinctive(result, analysis.targets, out)
    if out.options.get("evidence"):
        n = out.rows(SHOWN["evidence"])
        for target in analysis.targets:
            _evidence(result.evidence, target, n, out)
            total = int((result.evidence.target == target).sum())
            out.more(total - n, f"sentences about {target}", "stance_evidence.csv")


def _side_by_side(result: StanceResult, targets: tuple[str, ...], out: Show) -> None:
    """Targets as columns, the corpus-wide numbers as rows: the comparison at a glance."""
    overall = result.table[result.table.scope_type == "corpus"]
    by_target = {row["target"]: row for row in overall.to_dict(orient="records")}
    words = result.distinctive

    def cells(render: Any) -> list[Cell]:
        return [render(by_target[t]) if t in by_target else "" for t in targets]

    rows: list[list[Cell]] = [
        ["mentions", *cells(lambda r: f"{r['mentions']} in {r['documents']} docs")],
        ["share of voice", *cells(lambda r: f"{r['share_of_voice']:.0%}")],
        ["sentences", *cells(lambda r: f"{r['sentences']} (+{r['context_sentences']} by context)")],
        ["tone + / − / =", *cells(lambda r: f"{r['positive']} / {r['negative']} / {r['neutral']}")],
        ["net tone", *cells(lambda r: Tone(r["net_tone"]))],
        ["top frames", *cells(lambda r: r["top_frames"] or "—")],
        [
            "distinctive words",
            *[", ".join(words[words.target == t].term.head(8)) or "—" for t in targets],
        ],
    ]
    layout = [Col("", style="bold"), *(Col(t, overflow="fold") for t in targets)]
    out.table("Stance: " + " | ".join(targets), layout, rows)


def _mentioned(documents: pd.DataFrame) -> pd.DataFrame:
    """The per-document rows where the target is mentioned or has sentences, most
    mentions first (then most sentences, then corpus order)."""
    hit = documents[
        (documents.mentions > 0) | (documents.sentences + documents.context_sentences > 0)
    ]
    return hit.sort_values(["mentions", "sentences"], ascending=False, kind="stable")


def _scopes_table(stance: pd.DataFrame, out: Show) -> None:
    """Every document kind, then the (document, target) rows where the target is
    mentioned, most mentions first: the first of them, and how many are left out."""
    shown = out.rows(SHOWN["stance"])
    numbers = ("mentions", "share", "sent.", "+", "−", "=", "net")
    layout = [Col("scope"), Col("target"), *(Col(n, justify="right") for n in numbers)]
    kinds = stance[stance.scope_type == "kind"]
    documents = stance[stance.scope_type == "document"]
    mentioned = _mentioned(documents)
    rows: list[list[Cell]] = [
        [
            f"{row['scope_type']}: {row['scope']}",
            row["target"],
            str(row["mentions"]),
            f"{row['share_of_voice']:.0%}",
            f"{row['sentences']}+{row['context_sentences']}",
            str(row["positive"]),
            str(row["negative"]),
            str(row["neutral"]),
            Tone(row["net_tone"]),
        ]
        for row in [
            *kinds.to_dict(orient="records"),
            *mentioned.head(shown).to_dict(orient="records"),
        ]
    ]
    out.table("Stance by document kind, and by document where a target is mentioned", layout, rows)
    silent = documents.scope.nunique() - mentioned.scope.nunique()
    note = f"{silent:,} documents mention no target" if silent else ""
    if len(mentioned) > shown:
        out.more(len(mentioned) - shown, "document rows", "stance.csv", note)
    elif note:
        out.line(note, style="dim", wrap=True)


def _distinctive(result: StanceResult, targets: tuple[str, ...], out: Show) -> None:
    """Each target's distinctive words, best first."""
    words = result.distinctive
    n = out.rows(SHOWN["words"])
    rows = []
    for target in targets:
        mine = words[words.target == target].head(n)
        rows.append([target, ", ".join(f"{r.term} {r.z:.1f}" for r in mine.itertuples()) or "—"])
    title = (
        "Distinctive words (log-odds, informative Dirichlet prior; z-score; "
        f"min count {result.min_count})"
    )
    layout = [Col("target"), Col("words said about it rather than the others", overflow="fold")]
    out.table(title, layout, rows)
    out.more(int((words["rank"] > n).sum()), "words", "stance_words.csv")


def _evidence(evidence: pd.DataFrame, target: str, top: int, out: Show) -> None:
    """The target's evidence sentences: the `top` with the strongest tone (largest
    |score|, earlier first on ties), shown in reading order."""
    mine = evidence[evidence.target == target]
    title = f"Evidence: {target} ({len(mine)} sentences)"
    if len(mine) > top:
        strength = mine.score.abs().rename("strength")
        order = strength.sort_values(ascending=False, kind="stable").index[:top]
        mine = mine.loc[sorted(order)]
        title = (
            f"Evidence: {target} ({len(mine)} of {int(strength.size)} sentences, strongest tone)"
        )
    layout = [
        Col("doc · sent.", max_width=16, overflow="fold"),
        Col("tone"),
        Col("why", max_width=24, overflow="fold"),
        Col("sentence", overflow="fold"),
    ]
    rows = [
        [
            f"{row['doc_id']} · {row['sentence']}",
            row["tone"],
            " ".join(
                x for x in (row["attribution"], row["cues"], row["model"], row["frames"]) if x
            ),
            row["text"],
        ]
        for row in mine.to_dict(orient="records")
    ]
    out.table(title, layout, rows)


SPEC = Spec(
    name="stance",
    fold=StanceCounts.make,
    tables=(STANCE, FRAMES, WORDS, EVIDENCE),
    tables_of=lambda result: {
        "stance": result.table,
        "stance_frames": result.frames,
        "stance_words": result.distinctive,
        "stance_evidence": result.evidence,
    },
    default=...,
    summary=lambda result: {"distinctive_min_count": result.min_count},
    console=show,
    command=Command(
        name="stance",
        help="How the articles under PATHS portray each target: mentions, share of voice, "
        "tone, frames and distinctive words, with --evidence the sentences behind every "
        "count.",
        options=(
            Option("evidence", bool, False, "Print the sentences behind every count.", short="-e"),
        ),
        overview=False,
        alone=False,
    ),
)
