"""Which sentences, and which clauses of them, speak about each tracked target: run per
document, it turns a Doc into Evidence rows (where, how attributed, tone and cues,
frames, the terms said about the target) that the stance tables count.

Sentence by sentence:
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
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from ai_discourse import resources
from ai_discourse.nlp import party_tone
from ai_discourse.nlp.kiwi import term_tokens
from ai_discourse.nlp.tags import NOMINAL
from ai_discourse.nlp.tone import (
    CONTEST_LOSSES,
    CONTEST_WINS,
    Hit,
    for_rival,
    score_tokens,
    tone_label,
    total,
)
from ai_discourse.nlp.tone_model import ToneModel, features, shipped
from ai_discourse.records import Doc, Sentence, Token
from ai_discourse.resources import Frames, Target, ToneLexicon, phrase_key

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
    """The tone cues of its tokens (empty until `with_tone`)."""
    frames: tuple[str, ...]
    rival_hits: tuple[Hit, ...] = ()
    """Cues a contest reverses onto it (`한빛이 누리를 제쳤다`: 누리's 제치다 is negative)."""
    label: str | None = None
    """The learned tone layer's label (None: no model; the cues' sum decides)."""
    because: tuple[str, ...] = ()
    """The model's features that pushed most towards its label."""

    @property
    def score(self) -> float:
        return total(self.hits)

    @property
    def tone(self) -> str:
        return self.label or tone_label(self.score)


@dataclass(frozen=True, slots=True)
class Cue:
    """A tone word of an evidence sentence: its offsets into the sentence's text (as the
    tone read it, so the report marks it without searching) and its label, `Hit.label()`."""

    start: int
    end: int
    label: str

    @property
    def positive(self) -> bool:
        """Whether the word counts for the target (its label's sign)."""
        return self.label.startswith("+")


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
    cues: tuple[Cue, ...]
    """In the order the tone read them (the contest words read for a rival last)."""
    frames: tuple[str, ...]
    terms: tuple[str, ...]
    label: str = ""
    """pos, neg or neu: the learned layer's label ("" without one: the score's sign)."""
    because: tuple[str, ...] = ()
    """The model's strongest features for its label (`w=전망/NN +0.84`)."""

    @property
    def tone(self) -> str:
        return self.label or tone_label(self.score)


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
    """Every (sentence, target) attribution of one document, with its tone (by the
    shipped tone model and party layer, when there are)."""
    attributions = attribute_sentences(doc, targets, lexicon, frames)
    return with_tone(attributions, doc, lexicon, shipped(), party_tone.shipped())


def with_tone(
    attributions: Iterable[Attribution],
    doc: Doc,
    lexicon: ToneLexicon,
    model: ToneModel | None = None,
    party: ToneModel | None = None,
) -> list[Attribution]:
    """The tone step: each attribution's cues, read from its own tokens (see
    `_own_tokens`), then those a contest reverses onto it; with a learned `model`, its
    label and the features behind it (the cues stay the evidence shown). With the `party`
    layer too, a sentence that names the target and others apart from it may be labelled
    otherwise for the target, where it stands (see `nlp.party_tone.decide`)."""
    out = []
    read: dict[int, tuple[list[Hit], list[float]]] = {}
    margin = party_tone.margin(doc.article.kind)
    for a in attributions:
        own = _own_tokens(a.tokens, doc, a.target)
        hits = tuple(score_tokens(own, lexicon)) + a.rival_hits
        a = replace(a, hits=hits)
        if _reports(a, doc):
            a = replace(a, label="neu", because=(REPORTER,))
        elif model is not None:
            feats = features(own, hits)
            label = model.label(feats)
            because = tuple(model.explain(feats, label))
            if party is not None and a.how != "context":
                placed = party_features(a, doc, feats, lexicon, model, read)
                decided = party_tone.decide(party, placed, label, margin)
                if decided != label:
                    label = decided
                    because = (
                        *party.explain(placed, label, top=2),
                        *model.explain(feats, label, top=2),
                    )
            a = replace(a, label=label, because=because)
        out.append(a)
    return out


def party_features(
    a: Attribution,
    doc: Doc,
    own: dict[str, float],
    lexicon: ToneLexicon,
    model: ToneModel,
    read: dict[int, tuple[list[Hit], list[float]]] | None = None,
) -> dict[str, float]:
    """The party layer's features for an attribution whose cues are read (`a.hits`), with
    the tone model's features of its own tokens (`own`): what `with_tone` decides on and
    `benchmarks/train.py` trains on. `read` keeps each sentence's cues and tone model
    probabilities across the targets it names."""
    if read is None:
        read = {}
    if a.sentence.index not in read:
        whole = score_tokens(a.sentence.tokens, lexicon)
        read[a.sentence.index] = (whole, model.scores(features(a.sentence.tokens, whole)))
    whole, probs = read[a.sentence.index]
    return party_tone.features(
        doc, a.sentence, a.target, a.hits, model.scores(own), whole, probs, a.how
    )


REPORTER = "reports (its speech is about others)"
"""Why a target that only reports is neutral: `X는 "…"고 밝혔다`, `X에서는 …라며`."""

_QUOTATIVES = frozenset({"고", "라고", "며", "라며", "면서", "라면서", "다고", "다며"})


def _reports(a: Attribution, doc: Doc) -> bool:
    """Whether the target is the one speaking in its sentence, not the one spoken of: it
    stands as the subject (은/는/이/가, 에서(는)) or source (에 따르면, 의 보도) before a
    quotative (`…고`, `…라며`) that a speech verb closes, and is not named again in what
    is said."""
    tokens = a.sentence.tokens
    mine = [m for m in doc.mentions if m.target == a.target and m.sentence == a.sentence.index]
    if not mine or a.how == "context":
        return False
    first = mine[0]
    after = [k for k, t in enumerate(tokens) if t.start >= first.end]
    if not after or any(t.tag in ("JKS", "JX") for t in tokens if t.end <= first.start):
        return False  # someone before it is the subject: it is spoken of
    marker = tokens[after[0]]
    source = marker.form == "에" and len(after) > 1 and tokens[after[1]].form == "따르"
    if source:
        return len(mine) == 1
    if marker.tag == "JKG":
        # `바른정당의 오신환 대변인은`: its spokesperson (a role or a title) speaking for it
        rest = after[1:5]
        heads = [k for k in rest if tokens[k].tag in ("JKS", "JX")]
        phrase = rest[: rest.index(heads[0])] if heads else []
        if not phrase or not all(tokens[k].tag in NOMINAL for k in phrase):
            return False
        words = resources.quote_words()
        lo, hi = tokens[phrase[0]].start, tokens[phrase[-1]].end
        person = any(m.type == "PER" and lo <= m.start < hi for m in doc.mentions)
        if not (person or doc.text[lo:hi].endswith(tuple(words.roles | words.body_roles))):
            return False  # `누리소프트의 실적이`: its results are spoken of
    elif not (marker.tag in ("JKS", "JX") or (marker.form == "에서" and marker.tag == "JKB")):
        return False
    speech = resources.quote_words().speech_verbs
    quoted = None
    for k in after[1:]:
        t = tokens[k]
        if t.form in _QUOTATIVES and t.tag in ("EC", "JKQ"):
            quoted = k
        elif (
            quoted is not None
            and t.tag == "VV"
            and (t.form in speech or (t.form == "하" and k == quoted + 1))
        ):
            return len(mine) == 1  # named once: what it says is about others
    return False


def attribute_sentences(
    doc: Doc, targets: Sequence[Target], lexicon: ToneLexicon, frames: Frames
) -> list[Attribution]:
    """The attribution step: every (sentence, target) pair of one document, its clauses
    and frames, without tone (see `with_tone`); the tone lexicon only settles contests
    (`한빛이 누리를 제쳤다`)."""
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
                    out.append(_make(target, doc, sentence, "context", 0, sentence.tokens, frames))
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
                frames,
            )
            if rival_hits.get(target):
                made = replace(made, rival_hits=tuple(rival_hits[target]))
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
    frames: Frames,
) -> Attribution:
    return Attribution(
        target=target,
        doc=doc,
        sentence=sentence,
        how=how,
        mentions=mentions,
        tokens=tokens,
        hits=(),
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
            cues=tuple(_cue(h, a.sentence) for h in a.hits),
            frames=a.frames,
            terms=terms,
            label=a.label or "",
            because=a.because,
        )


def _cue(hit: Hit, sentence: Sentence) -> Cue:
    """A hit's place in its sentence. A sentence holds whole tokens, so the clamp only
    guards against a token Kiwi ran past the sentence's end."""
    size = len(sentence.text)
    start = min(max(hit.start - sentence.start, 0), size)
    return Cue(start, min(max(hit.end - sentence.start, start), size), hit.label())


def own_names(targets: Sequence[Target]) -> frozenset[str]:
    """The targets' spellings as phrase keys (the names a target's own sentences say)."""
    return frozenset(phrase_key(s) for t in targets for s in t.spellings())
