"""How the corpus portrays each tracked target: mentions, share of voice, tone, frames,
distinctive words, and the evidence sentences behind every number, counted from the
Evidence rows that `nlp.attribution` makes per document (see there how a sentence is
attributed)."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ai_discourse.analysis.disk import DiskTable, RowSink, top_rows
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


EXAMPLES = 50
"""Evidence sentences kept per target for the terminal and the report, those of the
strongest tone (more when `--top` asks for more); stance_evidence.csv has every one."""


@dataclass
class StanceResult:
    """The stance tables and the strongest attributed sentences behind them. `table`
    and `evidence` have a row per document or sentence and stay on disk; `scopes` is
    the corpus and kind rows of `table`, in memory."""

    table: DiskTable
    frames: pd.DataFrame
    distinctive: pd.DataFrame
    evidence: DiskTable
    scopes: pd.DataFrame
    strongest: list[Evidence] = field(default_factory=list)
    """Each target's sentences of the strongest tone (at most `EXAMPLES`, or `--top`),
    in reading order, targets in order."""
    sentences: dict[str, int] = field(default_factory=dict)
    """Evidence sentences per target."""
    silent: int = 0
    """Documents that neither mention a target nor have a sentence about one."""
    min_count: int = 1
    """How often a distinctive word must occur in its target's own text."""


STANCE_TYPES = {"scope_type": "str", "scope": "str", "target": "str"} | dict.fromkeys(
    ("documents", "mentions", "sentences", "context_sentences"), "int"
)
STANCE_TYPES |= {"share_of_voice": "float", "positive": "int", "negative": "int"}
STANCE_TYPES |= {"neutral": "int", "net_tone": "float", "top_frames": "str"}
EVIDENCE_TYPES = {"target": "str", "doc_id": "str", "kind": "str"} | dict.fromkeys(
    ("sentence", "start", "end"), "int"
)
EVIDENCE_TYPES |= {"attribution": "str", "tone": "str", "score": "float", "cues": "str"}
EVIDENCE_TYPES |= {"model": "str", "frames": "str", "text": "str"}


@dataclass
class _Tally:
    """One (scope, target)'s numbers, added document by document."""

    documents: int = 0
    mentions: int = 0
    sentences: int = 0
    context: int = 0
    tones: Counter[str] = field(default_factory=Counter)
    frames: Counter[str] = field(default_factory=Counter)

    def add(self, mentions: int, mine: Sequence[Evidence]) -> None:
        self.documents += 1 if mentions else 0
        self.mentions += mentions
        for a in mine:
            if a.how == "context":
                self.context += 1
            else:
                self.sentences += 1
            self.tones[a.tone] += 1
            self.frames.update(a.frames)

    def row(self, scope_type: str, scope: str, target: str, total_mentions: int) -> tuple[Any, ...]:
        n = self.sentences + self.context
        tones = self.tones
        share = round(self.mentions / total_mentions, 4) if total_mentions else 0.0
        net = round((tones["pos"] - tones["neg"]) / n, 4) if n else 0.0
        top = "; ".join(f"{f} {c}" for f, c in self.frames.most_common(3))
        counts = (self.documents, self.mentions, self.sentences, self.context)
        return (scope_type, scope, target, *counts, share, tones["pos"], tones["neg"],
                tones["neu"], net, top)  # fmt: skip


class StanceCounts:
    """The stance tables' inputs, added document by document: the evidence rows and the
    per-document rows (written to disk), each scope's tallies, each target's frames,
    terms and strongest sentences, and the prior."""

    @classmethod
    def make(cls, setup: Setup) -> StanceCounts | None:
        """The fold of a run with targets (None: no targets, no stance)."""
        if not setup.targets:
            return None
        return cls(setup.targets, examples=max(EXAMPLES, setup.top or 0))

    def __init__(self, targets: Sequence[Target], *, examples: int = EXAMPLES) -> None:
        self.targets = tuple(targets)
        self.names = [t.name for t in self.targets]
        self.own = own_names(targets)
        self.examples = examples
        self.evidence = RowSink(EVIDENCE_TYPES)
        self.documents = RowSink(STANCE_TYPES)
        self.scopes: dict[tuple[str, str], dict[str, _Tally]] = {}
        self.frame_tones: dict[str, dict[str, Counter[str]]] = {n: {} for n in self.names}
        self.sentences: Counter[str] = Counter()
        self.kept: dict[str, list[tuple[float, int, Evidence]]] = {n: [] for n in self.names}
        self.seen = 0
        self.silent = 0
        self.per_target: dict[str, Counter[str]] = {t.name: Counter() for t in targets}
        self.prior: Counter[str] = Counter()
        self.terms = 0

    def add(self, doc: DocSummary) -> None:
        mentions = Counter(dict(doc.target_mentions))
        total = sum(mentions[n] for n in self.names)
        mine: dict[str, list[Evidence]] = {n: [] for n in self.names}
        for a in doc.evidence:
            mine[a.target].append(a)
            self.evidence.append(tuple(evidence_row(a).values()))
            self.per_target[a.target].update(a.terms)
            self.sentences[a.target] += 1
            for f in a.frames:
                self.frame_tones[a.target].setdefault(f, Counter())[a.tone] += 1
            self._keep(a)
        if not any(mentions[n] or mine[n] for n in self.names):
            self.silent += 1
        for name in self.names:
            tally = _Tally()
            tally.add(mentions[name], mine[name])
            self.documents.append(tally.row("document", doc.id, name, total))
        for scope in (("corpus", "all"), ("kind", doc.kind)):
            tallies = self.scopes.setdefault(scope, {n: _Tally() for n in self.names})
            for name in self.names:
                tallies[name].add(mentions[name], mine[name])
        self.prior.update(t for t in doc.terms if phrase_key(t) not in self.own)
        self.terms += doc.n_terms

    def _keep(self, a: Evidence) -> None:
        """Keep `a` if its tone is among the `examples` strongest of its target (ties: the
        earlier sentence), by the |score| the evidence table shows."""
        self.seen += 1
        item = (abs(round(a.score, 3)), -self.seen, a)
        kept = self.kept[a.target]
        if len(kept) < self.examples:
            heapq.heappush(kept, item)
        elif item[:2] > kept[0][:2]:
            heapq.heapreplace(kept, item)

    def finish(self, run: Finish) -> StanceResult:
        return self.result()

    def result(self, *, distinctive_top: int = 50, min_count: int | None = None) -> StanceResult:
        import pandas as pd

        if min_count is None:
            min_count = min_count_for(self.terms)
        # The corpus, then each kind by name, then each document in corpus order.
        scopes = [("corpus", "all")] if ("corpus", "all") in self.scopes else []
        scopes += sorted(k for k in self.scopes if k[0] == "kind")
        head = []
        for scope in scopes:
            tallies = self.scopes[scope]
            total = sum(t.mentions for t in tallies.values())
            head += [tallies[n].row(*scope, n, total) for n in self.names]
        table = RowSink(STANCE_TYPES)
        table.extend(head)
        table.copy(self.documents.close())
        strongest = [a for n in self.names for _, _, a in sorted(self.kept[n], key=lambda k: -k[1])]
        return StanceResult(
            table=table.close(),
            frames=self._frames_table(),
            distinctive=distinctive_from(
                self.per_target, self.prior, self.targets, top=distinctive_top, min_count=min_count
            ),
            evidence=self.evidence.close(),
            scopes=pd.DataFrame(head, columns=list(STANCE_TYPES)),
            strongest=strongest,
            sentences={n: self.sentences[n] for n in self.names},
            silent=self.silent,
            min_count=min_count,
        )

    def _frames_table(self) -> pd.DataFrame:
        """Sentences per (target, frame), and that frame's share of the target's
        sentences."""
        import pandas as pd

        rows = []
        for name in self.names:
            frames = self.frame_tones[name]
            counts = {f: sum(tones.values()) for f, tones in frames.items()}
            for frame, count in sorted(counts.items(), key=lambda fc: (-fc[1], fc[0])):
                tones = frames[frame]
                share = round(count / self.sentences[name], 4)
                rows.append((name, frame, count, share, tones["pos"], tones["neg"], tones["neu"]))
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
    _scopes_table(result, out)
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
            _evidence(result, target, n, out)
            out.more(result.sentences.get(target, 0) - n, f"sentences about {target}",
                     "stance_evidence.csv")  # fmt: skip


def _side_by_side(result: StanceResult, targets: tuple[str, ...], out: Show) -> None:
    """Targets as columns, the corpus-wide numbers as rows: the comparison at a glance."""
    overall = result.scopes[result.scopes.scope_type == "corpus"]
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


def _mentioned(rows: pd.DataFrame) -> pd.DataFrame:
    """The per-document rows where the target is mentioned or has sentences."""
    documents = rows[rows.scope_type == "document"]
    return documents[
        (documents.mentions > 0) | (documents.sentences + documents.context_sentences > 0)
    ]


def _scopes_table(result: StanceResult, out: Show) -> None:
    """Every document kind, then the (document, target) rows where the target is
    mentioned, most mentions first (then most sentences, then corpus order): the first
    of them, and how many are left out."""
    shown = out.rows(SHOWN["stance"])
    numbers = ("mentions", "share", "sent.", "+", "−", "=", "net")
    layout = [Col("scope"), Col("target"), *(Col(n, justify="right") for n in numbers)]
    kinds = result.scopes[result.scopes.scope_type == "kind"]
    first, mentioned = top_rows(result.table, shown, ["mentions", "sentences"], _mentioned)
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
        for row in [*kinds.to_dict(orient="records"), *first.to_dict(orient="records")]
    ]
    out.table("Stance by document kind, and by document where a target is mentioned", layout, rows)
    silent = result.silent
    note = f"{silent:,} documents mention no target" if silent else ""
    if mentioned > shown:
        out.more(mentioned - shown, "document rows", "stance.csv", note)
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


def _evidence(result: StanceResult, target: str, top: int, out: Show) -> None:
    """The target's evidence sentences: the `top` with the strongest tone (largest
    |score|, earlier first on ties), shown in reading order."""
    mine = [a for a in result.strongest if a.target == target]
    total = result.sentences.get(target, 0)
    title = f"Evidence: {target} ({total} sentences)"
    if total > top:
        strength = sorted(range(len(mine)), key=lambda k: -abs(round(mine[k].score, 3)))
        mine = [mine[k] for k in sorted(strength[:top])]
        title = f"Evidence: {target} ({len(mine)} of {total} sentences, strongest tone)"
    layout = [
        Col("doc · sent.", max_width=16, overflow="fold"),
        Col("tone"),
        Col("why", max_width=24, overflow="fold"),
        Col("sentence", overflow="fold"),
    ]
    rows: list[list[Cell]] = []
    for a in mine:
        row = evidence_row(a)
        why = (row["attribution"], row["cues"], row["model"], row["frames"])
        rows.append(
            [
                f"{a.doc_id} · {a.sentence}",
                a.tone,
                " ".join(str(x) for x in why if x),
                a.text,
            ]
        )
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
