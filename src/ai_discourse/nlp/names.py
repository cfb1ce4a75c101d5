"""A learned name tagger: PER, ORG and LOC over Kiwi's morphemes, a linear-chain CRF whose
features are the morpheme and its neighbours, their shapes, the gazetteer, and the
decisions of the hand rules (`nlp.entities`).

The rules stay what they were: the fallback when no model is shipped, one feature among
the others, and the explanation a user sees (`Mention.how`). The model's weights are
data/names.crfsuite, rebuilt byte for byte from the labelled files by
`python benchmarks/train.py`.

Tags are BIO per morpheme: `B-PER` opens a name, `I-PER` continues it, `O` is outside.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from ai_discourse.config import data_file
from ai_discourse.nlp.tags import PREDICATE_SUFFIXES
from ai_discourse.records import EntityType, Mention, Sentence, Token
from ai_discourse.resources import Gazetteer, phrase_key

if TYPE_CHECKING:
    import pycrfsuite

MODEL = "names.crfsuite"
TYPES: tuple[EntityType, ...] = ("PER", "ORG", "LOC")


@dataclass(frozen=True, slots=True)
class Span:
    """A name in a document's text, as a tagger or an annotator found it."""

    type: EntityType
    start: int
    end: int


# --- features --------------------------------------------------------------------------------


def _shape(form: str) -> str:
    """H (Hangul), L (Latin), D (digits), C (Hanja), P (punctuation) or M (mixed)."""
    kinds = set()
    for ch in form:
        if "가" <= ch <= "힣":
            kinds.add("H")
        elif ch.isascii() and ch.isalpha():
            kinds.add("L" if not ch.isupper() else "U")
        elif ch.isdigit():
            kinds.add("D")
        elif "\u4e00" <= ch <= "\u9fff":
            kinds.add("C")
        else:
            kinds.add("P")
    return "".join(sorted(kinds)) if len(kinds) <= 2 else "M"


def rule_tags(tokens: Sequence[Token], mentions: Iterable[Mention]) -> list[tuple[str, str]]:
    """The hand rules' decision for each token: its BIO tag and what found the mention
    (`O`, "" outside any)."""
    tags = [("O", "")] * len(tokens)
    for m in mentions:
        first = True
        for k, t in enumerate(tokens):
            if m.start <= t.start < m.end:
                tags[k] = (("B-" if first else "I-") + m.type, m.how)
                first = False
    return tags


def features(
    tokens: Sequence[Token],
    text: str,
    rules: Sequence[tuple[str, str]],
    gazetteer: Gazetteer,
) -> list[list[str]]:
    """Each token's features (strings: a feature is present or not): its own, then each
    neighbour's within two tokens, then how it joins the token before."""
    lexical = [_lexical(t.form, gazetteer) for t in tokens]
    own = [_own(lexical[k], t, rules[k]) for k, t in enumerate(tokens)]
    near = {
        d: [_near(lexical[k], d, t.tag, rules[k][0]) for k, t in enumerate(tokens)]
        for d in (-2, -1, 1, 2)
    }
    last = len(tokens) - 1
    out = []
    for k, t in enumerate(tokens):
        row = [
            *own[k],
            *(near[-2][k - 2] if k >= 2 else _EDGE[-2]),
            *(near[-1][k - 1] if k >= 1 else _EDGE[-1]),
            *(near[1][k + 1] if k + 1 <= last else _EDGE[1]),
            *(near[2][k + 2] if k + 2 <= last else _EDGE[2]),
        ]
        if k > 0:
            before = tokens[k - 1]
            row += [
                "glued" if before.end == t.start else "spaced",
                _text("-1t|t=", f"{before.tag}|{t.tag}"),
            ]
        out.append(row)
    return out


_EDGE = {d: (f"{d}edge",) for d in (-2, -1, 1, 2)}


def _own(form: _Form, token: Token, rule: tuple[str, str]) -> tuple[str, ...]:
    """A token's own features: its form's, its tag, and the rules' decision."""
    key = (token.tag, token.oov, rule)
    made = form.own.get(key)
    if made is None:
        made = form.own[key] = (
            "b",
            form.features[0],
            _text("t=", token.tag),
            *form.features[1:],
            *form.gazetteer,
            *(("oov",) if token.oov else ()),
            _text("r=", rule[0]),
            _text("rh=", rule[1]),
        )
    return made


def _near(form: _Form, d: int, tag: str, rule: str) -> tuple[str, ...]:
    """What a token says as the neighbour at distance d of another."""
    key = (d, tag, rule)
    made = form.seen.get(key)
    if made is None:
        made = form.seen[key] = (
            form.near[d],
            _text(f"{d}t=", tag),
            _text(f"{d}r=", rule),
            *(form.tail[d] if abs(d) == 1 else ()),
        )
    return made


_TEXTS: dict[tuple[str, str], str] = {}


def _text(head: str, value: str) -> str:
    """`head + value`, made once (tags and rule tags repeat millions of times)."""
    key = (head, value)
    made = _TEXTS.get(key)
    if made is None:
        made = _TEXTS[key] = head + value
    return made


@dataclass(frozen=True, slots=True)
class _Form:
    """What a form's features are whatever its neighbours: its own (`w=`, `s=`, length,
    first and last characters), what the gazetteer says of it, and how it reads as a
    neighbour at each distance (`-1w=…`; at ±1 also its shape and the gazetteer's word)."""

    features: tuple[str, ...]
    gazetteer: tuple[str, ...]
    near: dict[int, str]
    tail: dict[int, tuple[str, ...]]
    own: dict[tuple[str, bool, tuple[str, str]], tuple[str, ...]] = field(default_factory=dict)
    """Its whole own features, by tag, unknown-word flag and the rules' decision."""
    seen: dict[tuple[int, str, str], tuple[str, ...]] = field(default_factory=dict)
    """Its whole features as a neighbour, by distance, tag and the rules' decision."""


_lexicon_cache: WeakKeyDictionary[Gazetteer, dict[str, _Form]] = WeakKeyDictionary()
"""Each gazetteer's forms; a gazetteer no longer used (`tone(text, target=…)` makes one
per call) takes its forms with it."""


def _lexical(form: str, gazetteer: Gazetteer) -> _Form:
    """A form's features, remembered per gazetteer (a run has one), since a corpus
    repeats its words."""
    known = _lexicon_cache.get(gazetteer)
    if known is None:
        known = _lexicon_cache[gazetteer] = {}
    found = known.get(form)
    if found is None:
        shape = _shape(form)
        gaz = _gazetteer(form, gazetteer)
        found = known[form] = _Form(
            features=(
                f"w={form}",
                f"s={shape}",
                f"n={min(len(form), 5)}",
                f"p1={form[:1]}",
                f"x1={form[-1:]}",
                f"x2={form[-2:]}",
            ),
            gazetteer=gaz,
            near={d: f"{d}w={form}" for d in (-2, -1, 1, 2)},
            tail={d: (f"{d}s={shape}", *(f"{d}{g}" for g in gaz)) for d in (-1, 1)},
        )
        if len(known) > 200_000:
            known.clear()  # bounded: a long run's rare words are not kept forever
    return found


def _gazetteer(form: str, gazetteer: Gazetteer) -> tuple[str, ...]:
    key = phrase_key(form)
    found = []
    if key in gazetteer.orgs:
        found.append("g=org")
    if key in gazetteer.people:
        found.append("g=per")
    if form in gazetteer.places:
        found.append("g=loc")
    if form in gazetteer.titles:
        found.append("g=title")
    if form in gazetteer.roles:
        found.append("g=role")
    if key in gazetteer.non_entities:
        found.append("g=non")
    if len(form) > 1 and any(
        form.endswith(s) and len(form) > len(s) for s in gazetteer.org_suffixes
    ):
        found.append("g=orgend")
    return tuple(found)


# --- labels ----------------------------------------------------------------------------------


def bio(tokens: Sequence[Token], spans: Iterable[Span]) -> list[str]:
    """Each token's tag under these spans: a token belongs to a span when it starts
    inside it."""
    tags = ["O"] * len(tokens)
    for span in spans:
        first = True
        for k, t in enumerate(tokens):
            if span.start <= t.start < span.end:
                tags[k] = ("B-" if first else "I-") + span.type
                first = False
    return tags


def spans_of(tokens: Sequence[Token], tags: Sequence[str]) -> Iterator[Span]:
    """The names a tag sequence marks (an `I-` after another type opens a new name)."""
    open_type: str | None = None
    start = end = 0
    for t, tag in zip(tokens, tags, strict=True):
        kind = tag[2:] if tag != "O" else None
        if tag.startswith("B-") or (kind is not None and kind != open_type):
            if open_type is not None:
                yield Span(open_type, start, end)  # type: ignore[arg-type]
            open_type, start, end = kind, t.start, t.end
        elif kind is not None:
            end = t.end
        else:
            if open_type is not None:
                yield Span(open_type, start, end)  # type: ignore[arg-type]
            open_type = None
    if open_type is not None:
        yield Span(open_type, start, end)  # type: ignore[arg-type]


# --- the model -------------------------------------------------------------------------------


_TAGGERS = threading.local()
"""Each thread's open taggers by model path. A CRFsuite tagger keeps the lattice of the
sentence it tagged last, which `confidence` reads, so two threads never share one."""


def _tagger(path: str) -> pycrfsuite.Tagger | None:
    """This thread's CRF tagger of the model at `path`, opened once (None: no model)."""
    opened: dict[str, pycrfsuite.Tagger | None] = _TAGGERS.__dict__.setdefault("by_path", {})
    if path not in opened:
        opened[path] = _open(path)
    return opened[path]


def forget_taggers() -> None:
    """Close this thread's taggers, so that a model file written since is read anew
    (`benchmarks/train.py` writes the tagger, then trains what reads its names)."""
    _TAGGERS.__dict__.pop("by_path", None)


def _open(path: str) -> pycrfsuite.Tagger | None:
    if not Path(path).is_file():
        return None
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    return tagger


def model_path() -> Path:
    """The shipped model's file."""
    return data_file(MODEL)


def tag_sentence(
    sentence: Sentence,
    text: str,
    mentions: Sequence[Mention],
    gazetteer: Gazetteer,
    model: Path | None = None,
) -> list[str] | None:
    """The model's tags for a sentence's tokens (None: no model shipped)."""
    tagger: Any = _tagger(str(model or model_path()))
    if tagger is None or not sentence.tokens:
        return None
    rules = rule_tags(sentence.tokens, mentions)
    tags: list[str] = tagger.tag(features(sentence.tokens, text, rules, gazetteer))
    return tags


def confidence(
    span: Span, tokens: Sequence[Token], tags: Sequence[str], model: Path | None
) -> float:
    """How sure the model is of a name it tagged: the smallest marginal probability of
    its tags over the name's tokens (right after `tag_sentence` on that sentence)."""
    tagger: Any = _tagger(str(model or model_path()))
    return min(
        float(tagger.marginal(tags[k], k))
        for k, t in enumerate(tokens)
        if span.start <= t.start < span.end
    )


# --- the rules and the model together ---------------------------------------------------------

KEEP_WITHOUT_MODEL = frozenset({"place", "reference", "apposition"})
"""What the rules keep when the model tags nothing there: places from the place lexicon,
bare references (`박 씨`, `C씨`: someone in the document, no one across documents), and a
name after a noun for its kind (`채널 tvK`). A name
of a tracked target, and a person of the gazetteer, always stay. Every other rule's name
needs the model's agreement (measured on the tune half: keeping the gazetteer's
organisations, or title, ending or acronym names the model leaves out, costs precision
and gains no recall)."""


MIN_CONFIDENCE = 0.8
"""A name only the model finds joins when the model's least sure tag in it has at least
this marginal probability (chosen on the tune half: from 0 to 0.8 PER+ORG precision rose
from 0.86 to 0.89 and F1 stayed at 0.81)."""

_TYPED_BY_RULE = frozenset({"gazetteer", "title", "place", "apposition"})
"""Where the rules' type stands against the model's: a listed name, a name with a
person's title after it (`윤여춘 해설위원`), a place of the place lexicon (`광주 소식`
stays the city, though a club may carry its name), a name after a noun for its kind
(`출판사 김영사`)."""


def refine(
    sentences: Sequence[Sentence],
    text: str,
    mentions: Sequence[Mention],
    gazetteer: Gazetteer,
    model: Path | None = None,
    mode: str = "both",
) -> tuple[Mention, ...]:
    """The rules' mentions, checked and completed by the model: a rule's name the model
    also tags stays as the rules read it (its canonical name, title and affiliation),
    widened to the model's span when the model reads more of the name (`이바나` ->
    `이바나 크로스비치`); one the model does not tag stays only on strong evidence
    (`KEEP_WITHOUT_MODEL`); a name only the model tags joins with `how="model"`. Without
    a shipped model, the rules' mentions as they are.

    `mode` "rules" keeps the rules' mentions; "model" keeps the model's names only (the
    rules still among its features): the two halves, measured apart."""
    if mode == "rules":
        return tuple(mentions)
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    out: list[Mention] = []
    for sentence in sentences:
        found = by_sentence.get(sentence.index, [])
        out += refine_sentence(sentence, text, found, gazetteer, model, mode)
    return tuple(out)


def refine_sentence(
    sentence: Sentence,
    text: str,
    found: Sequence[Mention],
    gazetteer: Gazetteer,
    model: Path | None = None,
    mode: str = "both",
) -> tuple[Mention, ...]:
    """`refine` of one sentence, given the rules' mentions in it (it reads nothing else of
    the document: the token cache keeps its result per sentence)."""
    if mode == "rules":
        return tuple(found)
    tags = tag_sentence(sentence, text, found, gazetteer, model)
    if tags is None:
        return tuple(found)
    spans = list(spans_of(sentence.tokens, tags))

    def sure(span: Span) -> bool:
        return confidence(span, sentence.tokens, tags, model) >= MIN_CONFIDENCE

    kept = found if mode != "model" else ()
    return tuple(_combine(sentence, text, kept, spans, gazetteer, sure))


def _combine(
    sentence: Sentence,
    text: str,
    found: Sequence[Mention],
    spans: Sequence[Span],
    gazetteer: Gazetteer,
    sure: Callable[[Span], bool],
) -> list[Mention]:
    out = []
    used: set[Span] = set()
    for m in found:
        overlapping = [s for s in spans if s.start < m.end and m.start < s.end]
        used.update(overlapping)
        same = [s for s in overlapping if s.type == m.type]
        if same:
            wider = max(same, key=lambda s: s.end - s.start)
            if (
                wider.start <= m.start
                and m.end <= wider.end
                and (wider.start, wider.end) != (m.start, m.end)
                and not _over_another(wider, m, found)  # `오픈AI 샘 알트만`
                and not _predicate_in(wider, sentence.tokens, "VE")  # `빗물이 새면서 시설공단`
            ):
                surface = text[wider.start : wider.end]
                entity = m.entity if m.entity != m.surface else surface
                if m.type == "PER" and wider.start < m.start and not _spelled_like(surface, entity):
                    # A given name before a listed surname is its own person: `멜라니아
                    # 트럼프` is not 도널드 트럼프 (`도널트 트럼프`, a typo, is).
                    entity = _canonical(surface, "PER", gazetteer)
                m = replace(m, entity=entity, start=wider.start, end=wider.end, surface=surface)
            out.append(m)
        elif overlapping:
            # The model reads a name there, of another type: a rule that types the name by
            # itself stands (`고이즈미 준이치로 전 일본 총리`), else the model's type; a
            # place the model surely reads as the start of a longer name, where no other
            # name lies, is part of that name (`애틀랜타 팰컨스`, `전북 현대`, `도쿄 MX`),
            # which joins below (`전남 나주경찰서` stays a place and a police station).
            longer = [
                s
                for s in (overlapping if m.how == "place" else ())
                if s.start == m.start
                and s.end > m.end + 1
                and not _over_another(s, m, found)
                and sure(s)
                and _name_shaped(s, sentence.tokens, gazetteer)
            ]
            if longer:
                used.difference_update(longer)
                continue
            typed = m.how in _TYPED_BY_RULE
            out.append(m if typed else replace(m, type=overlapping[0].type, how="model"))
        elif m.how in KEEP_WITHOUT_MODEL or m.target or (m.how == "gazetteer" and m.type == "PER"):
            out.append(m)
    for s in spans:
        surface = text[s.start : s.end]
        if s in used or len(surface) == 1 or not sure(s):
            continue  # a bare surname or letter (`김 씨`, `A씨`) is the rules' reference
        if not _name_shaped(s, sentence.tokens, gazetteer):
            continue
        out.append(
            Mention(
                _canonical(surface, s.type, gazetteer),
                s.type,
                sentence.index,
                s.start,
                s.end,
                surface,
                how="model",
            )
        )
    return sorted(out, key=lambda m: (m.start, m.end))


def _over_another(span: Span, m: Mention, found: Sequence[Mention]) -> bool:
    """Whether the span reaches over a rule's name other than `m`."""
    return any(o is not m and o.start < span.end and span.start < o.end for o in found)


def _spelled_like(a: str, b: str) -> bool:
    """Whether two names differ by a letter or so (`도널트`/`도날드`/`도널드 트럼프`)."""
    from difflib import SequenceMatcher

    return SequenceMatcher(None, phrase_key(a), phrase_key(b)).ratio() >= 0.8


def _name_shaped(span: Span, tokens: Sequence[Token], gazetteer: Gazetteer) -> bool:
    """Whether a name the model alone found is made as names are: no verb or adjective,
    ending or particle in it (a verb form, `이끈`, `정확한`, is never part of a name); for
    a person, not one common noun Kiwi knows (`승리`, `준결정`); for an organisation, not
    a compound of common nouns Kiwi knows unless it ends as organisations do
    (`소방공무원`, `위성통신` are no names; `국립문서원`, `한빛의료재단` are; one noun,
    `경찰`, `국회`, may be)."""
    if _predicate_in(span, tokens, "VEJ"):
        return False
    inside = [t for t in tokens if span.start <= t.start < span.end]
    common = all(t.tag == "NNG" and not t.oov for t in inside)
    if span.type == "PER":
        return not (common and len(inside) == 1)
    if span.type == "ORG" and common and len(inside) > 1:
        # A one-syllable ending counts only cut off as its own token (`국립문서`+`원`):
        # a noun Kiwi knows whole (`공무원`, `직원`) is no organisation.
        last = inside[-1].form
        return last in gazetteer.org_suffixes or any(
            len(e) >= 2 and last.endswith(e) for e in gazetteer.org_suffixes
        )
    return True


def _predicate_in(span: Span, tokens: Sequence[Token], tags: str) -> bool:
    """Whether a token of these tag classes (V: verb or adjective, E: ending, J: particle)
    or a predicate suffix lies inside the span. A name the rules found may hold a particle
    where Kiwi cut one out of it (`자유와인권연구소`, `데보라 허스만`), never a verb form."""
    return any(
        span.start <= t.start < span.end and (t.tag[0] in tags or t.tag in PREDICATE_SUFFIXES)
        for t in tokens
    )


def _canonical(surface: str, kind: EntityType, gazetteer: Gazetteer) -> str:
    key = phrase_key(surface)
    if kind == "ORG" and key in gazetteer.orgs:
        return gazetteer.orgs[key][0]
    if kind == "PER" and key in gazetteer.people:
        return gazetteer.people[key]
    return surface
