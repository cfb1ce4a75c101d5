"""How the corpus portrays each tracked target: mentions, tone, frames, distinctive words,
and the evidence sentences behind every number.

Attribution, sentence by sentence:
- a sentence is cut into clauses at clause-linking endings (`~고,`, `~며`, `~면서`,
  `~지만`, `~는데`), never inside `~고 있다`;
- a clause belongs to the targets it names; a clause naming none continues the clause
  before it (`네이버는 …을 개발해 … 추구하고, 카카오는 … 펼친다` gives each its half);
- a sentence naming no target continues the previous sentence of its paragraph, at most
  two sentences on (Korean drops the subject: `아직도 감감무소식이다.`), marked `context`.
So a sentence naming two targets is split between them; only a clause whose subject is
both (`네이버와 카카오가 …`) counts for both.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ai_discourse.analysis.tone import (
    CONTEST_LOSSES,
    CONTEST_WINS,
    Hit,
    for_rival,
    score_tokens,
    tone_label,
    total,
)
from ai_discourse.nlp.kiwi import term_tokens
from ai_discourse.records import Doc, Sentence, Token
from ai_discourse.resources import Frames, Target, ToneLexicon, phrase_key

if TYPE_CHECKING:
    import pandas as pd

    from ai_discourse.analysis.summary import DocSummary

CLAUSE_ENDINGS = frozenset(
    {"고", "며", "으며", "면서", "으면서", "지만", "는데", "은데", "ᆫ데", "으나", "라며", "라면서"}
)
_CONTINUING_VX = frozenset({"있", "계시", "싶", "말"})
_MAX_CONTEXT = 2


@dataclass(frozen=True)
class Attribution:
    """One sentence's share about one target: the clauses, their tone and frames."""

    target: str
    doc: Doc
    sentence: Sentence
    how: str  # mention | clause | context
    mentions: int
    tokens: tuple[Token, ...]
    hits: tuple[Hit, ...]
    frames: tuple[str, ...]

    @property
    def score(self) -> float:
        return total(self.hits)

    @property
    def tone(self) -> str:
        return tone_label(self.score)


@dataclass(frozen=True, slots=True)
class Evidence:
    """An attribution as the tables need it, without its Doc and tokens: where the
    sentence is, how it was attributed, its tone and cues, frames, and the terms said
    about the target (for the distinctive words)."""

    target: str
    doc_id: str
    kind: str
    sentence: int
    start: int
    end: int
    text: str
    how: str
    score: float
    cues: str
    frames: tuple[str, ...]
    terms: tuple[str, ...]

    @property
    def tone(self) -> str:
        return tone_label(self.score)


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


def clauses(sentence: Sentence, text: str) -> list[tuple[Token, ...]]:
    """Cut a sentence's tokens into clauses after clause-linking endings (a comma right
    after the ending stays with its clause)."""
    out: list[tuple[Token, ...]] = []
    current: list[Token] = []
    tokens = sentence.tokens
    for k, token in enumerate(tokens):
        if current and current[-1].tag == "SP" and _cut_after(tokens, k - 2, text):
            out.append(tuple(current))
            current = []
        current.append(token)
        if k + 1 < len(tokens) and tokens[k + 1].tag != "SP" and _cut_after(tokens, k, text):
            out.append(tuple(current))
            current = []
    if current:
        out.append(tuple(current))
    return out


def _cut_after(tokens: Sequence[Token], k: int, text: str) -> bool:
    """Whether a clause ends after token k."""
    if k < 0 or k + 1 >= len(tokens):
        return False
    token, nxt = tokens[k], tokens[k + 1]
    if token.form in ("반면", "사이", "가운데") and k and tokens[k - 1].tag == "ETM":
        return True  # `A한 반면 B`, `A하는 사이 B`
    if token.tag != "EC" or token.form not in CLAUSE_ENDINGS:
        return False
    if text[token.end : token.end + 1] not in (" ", ",", "\n") and nxt.tag != "SP":
        return False
    after = tokens[k + 2] if nxt.tag == "SP" and k + 2 < len(tokens) else nxt
    return not (after.tag == "VX" and after.form in _CONTINUING_VX)


def attribute(
    doc: Doc, targets: Sequence[Target], lexicon: ToneLexicon, frames: Frames
) -> list[Attribution]:
    """Every (sentence, target) attribution of one document."""
    order = {t.name: i for i, t in enumerate(targets)}  # outputs follow the targets' order
    by_sentence: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for m in doc.mentions:
        if m.target in order:
            by_sentence[m.sentence].append((m.start, m.end, m.target))
    paragraph_starts = _paragraph_starts(doc.text)
    out: list[Attribution] = []
    carried: set[str] = set()
    carried_for = 0
    last_paragraph = -1
    for sentence in doc.content_sentences:
        paragraph = bisect.bisect_right(paragraph_starts, sentence.start)
        if paragraph != last_paragraph:
            carried, carried_for, last_paragraph = set(), 0, paragraph
        mentions = by_sentence.get(sentence.index, [])
        if not mentions:
            if carried and carried_for < _MAX_CONTEXT and not _other_subject(sentence.tokens, doc):
                carried_for += 1
                for target in sorted(carried):
                    out.append(
                        _make(target, doc, sentence, "context", 0, sentence.tokens, lexicon, frames)
                    )
            else:
                carried = set()
            continue
        per_target: dict[str, list[Token]] = defaultdict(list)
        rival_hits: dict[str, list[Hit]] = defaultdict(list)
        how: dict[str, str] = {}
        previous: set[str] = set()
        for clause in clauses(sentence, doc.text):
            lo, hi = clause[0].start, clause[-1].end
            in_clause = [m for m in mentions if lo <= m[0] < hi]
            rivals: set[str] = set()
            if contests := _rivals(clause, in_clause):
                hits = score_tokens(clause, lexicon)
                for target, verbs in contests.items():
                    if reversed_hits := for_rival(hits, verbs):
                        rival_hits[target].extend(reversed_hits)
                        how.setdefault(target, "mention")
                        rivals.add(target)
            named = _subjects(clause, [m for m in in_clause if m[2] not in rivals])
            # A clause naming no target continues the previous one, unless its subject is
            # someone else (`한빛은 성장했지만 [경쟁사] 누리는 부진했다`).
            owners = named or (set() if _other_subject(clause, doc) else previous)
            for target in sorted(owners, key=order.__getitem__):
                per_target[target].extend(clause)
                how.setdefault(target, "mention" if target in named else "clause")
                if target in named:
                    how[target] = "mention"
            previous = owners
        counts = Counter(t for _, _, t in mentions)
        for target in sorted({*per_target, *rival_hits}, key=order.__getitem__):
            made = _make(
                target,
                doc,
                sentence,
                how[target],
                counts[target],
                tuple(per_target.get(target, ())),
                lexicon,
                frames,
            )
            if rival_hits.get(target):
                made = replace(made, hits=made.hits + tuple(rival_hits[target]))
            out.append(made)
        carried, carried_for = set(per_target), 0
    return out


_SUBJECT_PARTICLES = frozenset({"JKS", "JX"})


def _subjects(clause: Sequence[Token], named: list[tuple[int, int, str]]) -> set[str]:
    """The targets a clause is about. With several named, those that are its subject or
    topic (네이버는, 카카오가; 네이버와 카카오가 = both) win over those merely mentioned
    (`한빛과 제휴한 누리는` is about 누리)."""
    targets = {t for _, _, t in named}
    if len(targets) < 2:
        return targets
    role: dict[str, str] = {}
    for _, end, target in named:
        after = _after_mention(clause, end)
        if after is not None and after.tag in _SUBJECT_PARTICLES:
            role[target] = "subject"
        elif after is not None and (after.tag == "JC" or after.tag == "SP" or after.form == "·"):
            role.setdefault(target, "joined")  # 네이버와 카카오가, 네이버(NAVER), 카카오가
    subjects = {t for t, r in role.items() if r == "subject"}
    if not subjects:
        return targets
    joined = {t for t, r in role.items() if r == "joined"}
    return subjects | joined


def _rivals(clause: Sequence[Token], named: list[tuple[int, int, str]]) -> dict[str, set[str]]:
    """Targets on the other side of a contest word in the clause, with its words: the object
    of a win (`네이버가 카카오를 제쳤다`: 카카오) and the one a loss is to (`카카오에 밀렸다`).
    The clause's tone is its subject's; the rival gets only the contest word, reversed."""
    out: dict[str, set[str]] = {}
    for _, end, target in named:
        after = _after_mention(clause, end)
        if after is None:
            continue
        if after.tag == "JKO":
            wanted = CONTEST_WINS
        elif after.tag == "JKB" and after.form in ("에게", "에", "한테", "에게서"):
            wanted = CONTEST_LOSSES
        else:
            continue
        verbs = {t.form for t in clause if t.start >= after.end and t.form in wanted}
        if verbs:
            out.setdefault(target, set()).update(verbs)
    return out


def _other_subject(tokens: Sequence[Token], doc: Doc) -> bool:
    """Whether a non-target organisation or person is the subject or topic here."""
    if not tokens:
        return False
    lo, hi = tokens[0].start, tokens[-1].end
    for m in doc.mentions:
        if m.target is None and lo <= m.start < hi:
            after = _after_mention(tokens, m.end)
            if after is not None and after.tag in _SUBJECT_PARTICLES and after.start == m.end:
                return True
    return False


def _after_mention(clause: Sequence[Token], end: int) -> Token | None:
    """The token after a mention, skipping a parenthesis right after it (`네이버(NAVER)`)."""
    depth = 0
    for t in clause:
        if t.start < end:
            continue
        if t.tag == "SSO" and t.form in "([":
            depth += 1
        elif t.tag == "SSC" and t.form in ")]" and depth:
            depth -= 1
        elif depth == 0:
            return t
    return None


def _paragraph_starts(text: str) -> list[int]:
    starts, i = [], text.find("\n\n")
    while i != -1:
        starts.append(i + 2)
        i = text.find("\n\n", i + 2)
    return starts


def _make(
    target: str,
    doc: Doc,
    sentence: Sentence,
    how: str,
    mentions: int,
    tokens: tuple[Token, ...],
    lexicon: ToneLexicon,
    frames: Frames,
) -> Attribution:
    return Attribution(
        target=target,
        doc=doc,
        sentence=sentence,
        how=how,
        mentions=mentions,
        tokens=tokens,
        hits=tuple(score_tokens(_own_tokens(tokens, doc, target), lexicon)),
        frames=frames_in(tokens, doc.text, frames),
    )


def _own_tokens(tokens: tuple[Token, ...], doc: Doc, target: str) -> list[Token]:
    """The tokens whose tone is about the target: a noun compounded with another entity
    (`딥시크 쇼크`, `딥시크 돌풍`) is that entity's, whatever the sentence's subject."""
    others = {m.end for m in doc.mentions if m.target != target}
    out = []
    previous: Token | None = None
    for t in tokens:
        compound = (
            previous is not None
            and t.tag == "NNG"
            and previous.end in others
            and t.start - previous.end <= 2
        )
        if not compound:
            out.append(t)
        if not t.tag.startswith("SS"):  # look through quotes: `'딥시크' 쇼크`
            previous = t
    return out


def frames_in(tokens: Sequence[Token], text: str, frames: Frames) -> tuple[str, ...]:
    """Frames whose cues occur in these tokens (surface text or canonical token forms)."""
    if not tokens:
        return ()
    surface = phrase_key(text[tokens[0].start : tokens[-1].end])
    forms = phrase_key("".join(t.form for t in tokens))
    found = []
    for name, cues in frames.cues.items():
        if any("".join(cue) in surface or "".join(cue) in forms for cue in cues):
            found.append(name)
    return tuple(found)


def evidence_of(
    attributions: Iterable[Attribution],
    doc: Doc,
    targets: Sequence[Target],
    *,
    stopwords: frozenset[str] = frozenset(),
    keep_verbal_nouns: bool = False,
) -> Iterator[Evidence]:
    """The attributions of one document as evidence rows, with the terms each says
    about its target: counted as in `Doc.terms` (nouns used as predicates left out
    unless `keep_verbal_nouns`), the targets' own names left out (that Naver's sentences
    say 네이버 is no finding), and pieces of a name as Kiwi cut it (한빛|전자) too."""
    own = own_names(targets)
    spans = [(m.start, m.end) for m in doc.mentions if m.target]
    for a in attributions:
        terms = tuple(
            t.form
            for t in term_tokens(a.tokens, stopwords, keep_verbal_nouns=keep_verbal_nouns)
            if phrase_key(t.form) not in own and not any(s <= t.start < e for s, e in spans)
        )
        yield Evidence(
            target=a.target,
            doc_id=doc.id,
            kind=doc.article.kind,
            sentence=a.sentence.index,
            start=a.sentence.start,
            end=a.sentence.end,
            text=a.sentence.text,
            how=a.how,
            score=a.score,
            cues=" ".join(h.label() for h in a.hits),
            frames=a.frames,
            terms=terms,
        )


def own_names(targets: Sequence[Target]) -> frozenset[str]:
    return frozenset(phrase_key(s) for t in targets for s in t.spellings())


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
    from ai_discourse.analysis.summary import StanceSetup, summaries

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


def log_odds_dirichlet(
    counts_a: Counter[str], counts_b: Counter[str], prior: Counter[str], *, prior_size: float = 0.0
) -> dict[str, tuple[float, float]]:
    """Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008).

    Returns term -> (delta, z) for a against b; the prior counts are the background corpus
    (scaled to `prior_size` total pseudo-counts when given, else used as they are).
    """
    total_prior = sum(prior.values())
    scale = prior_size / total_prior if prior_size and total_prior else 1.0
    alpha = {w: c * scale for w, c in prior.items()}
    a0 = sum(alpha.values())
    n_a, n_b = sum(counts_a.values()), sum(counts_b.values())
    out: dict[str, tuple[float, float]] = {}
    for w in set(counts_a) | set(counts_b):
        aw = alpha.get(w, 0.0)
        if aw <= 0:
            continue
        ya, yb = counts_a.get(w, 0), counts_b.get(w, 0)
        rest_a, rest_b = n_a + a0 - ya - aw, n_b + a0 - yb - aw
        if rest_a <= 0 or rest_b <= 0:
            continue  # the word is all there is (a one-word corpus): no odds to compare
        delta = math.log((ya + aw) / rest_a) - math.log((yb + aw) / rest_b)
        variance = 1.0 / (ya + aw) + 1.0 / (yb + aw)
        out[w] = (delta, delta / math.sqrt(variance))
    return out


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
