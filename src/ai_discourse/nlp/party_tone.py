"""The party layer: how a sentence presents one of the parties it names, learned from
blind per-party labels (benchmarks/eval/GUIDE_parties.md).

The tone model (`nlp.tone_model`) reads a span's words; a sentence that is bad news is
not bad news for everyone it names. The court that sentences, the outlet that reports,
the ministry that investigates, the spokesperson who criticises are neutral; the one
sentenced, the one criticised, the one whose plant burned are not. This layer weighs
the tone model's verdict on the target's clauses and on the whole sentence with where
the target stands: its role (subject, object, genitive, the 에게 of a loss, one of a
list), whether it speaks or is quoted, and how near the cues are to it. It runs only
on sentences that name the target and someone else apart from it (`sets_apart`); a
sentence attributed by context, or naming the target alone, keeps the tone model's label.

Its weights are data/party_tone.json (the same format as the tone model), rebuilt from
the labelled files by `python benchmarks/train.py`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from pathlib import Path

from ai_discourse.config import data_file
from ai_discourse.nlp import tone_model
from ai_discourse.nlp.tone import Hit
from ai_discourse.nlp.tone_model import LABELS, ToneModel
from ai_discourse.records import Doc, Mention, Sentence, Token

MODEL = "party_tone.json"
MARGIN = 0.3
"""How much likelier than the tone model's label the layer must find its own to override
it in blog posts, a register none of its training sentences is in. Cross-validated over the
per-party labels (`train.py --party-cv`, all news), the layer deciding everywhere reads
best (accuracy 0.659, macro-F1 0.527), deciding where it sets the target apart, as it does
on news, 0.641 and 0.528 (with this margin there too: 0.616 and 0.510 at the fourth step;
the tone model alone 0.544 and 0.474). The gate stays everywhere and the margin on blogs:
without them the layer turned clear verdicts of opinion writing and of a sentence about
one company neutral (`한빛은 … 실망했다`)."""


def margin(kind: str) -> float:
    """The margin for a document of this kind (news, blog, unknown): see `MARGIN`."""
    return MARGIN if kind == "blog" else 0.0


def decide(
    layer: ToneModel, feats: dict[str, float], sentence_label: str, margin: float = 0.0
) -> str:
    """The target's label: the layer's, where it sets the target apart (`sets_apart`) and
    finds its label likelier than the tone model's by `margin`; else the tone model's."""
    if not sets_apart(feats):
        return sentence_label
    probs = layer.scores(feats)
    best = max(range(3), key=probs.__getitem__)
    if probs[best] - probs[LABELS.index(sentence_label)] >= margin:
        return LABELS[best]
    return sentence_label


def role(tokens: Sequence[Token], mention: Mention) -> str:
    """The target's role, read from the particle that closes its phrase (nouns after the
    name belong to the phrase: `이재용 삼성전자 부회장은` is a topic; a parenthesis is
    skipped): subj (이/가), topic (은/는), also (도), obj (을/를), gen (의), the adverbial
    particle itself (`에게`, `에서`), joined (와/과, a list), noun (a long noun phrase),
    end or other."""
    depth = nouns = 0
    for t in tokens:
        if t.start < mention.end:
            continue
        if t.tag == "SSO" and t.form in "([":
            depth += 1
            continue
        if t.tag == "SSC" and t.form in ")]" and depth:
            depth -= 1
            continue
        if depth:
            continue
        if t.tag == "JKS":
            return "subj"
        if t.tag == "JX":
            return "topic" if t.form in ("은", "는") else "also"
        if t.tag == "JKO":
            return "obj"
        if t.tag == "JKG":
            return "gen"
        if t.tag == "JKB":
            return t.form
        if t.tag == "JC" or t.form in ("·", ",", "-"):
            return "joined"
        if t.tag.startswith("N") or t.tag in ("SL", "SN", "XSN"):
            nouns += 1
            if nouns > 3:
                return "noun"
            continue  # the head of its phrase decides: `이재용 삼성전자 부회장은` is a topic
        return "other"
    return "end"


def features(
    doc: Doc,
    sentence: Sentence,
    target: str,
    own: Sequence[Hit],
    own_probs: Sequence[float],
    sentence_hits: Sequence[Hit],
    sentence_probs: Sequence[float],
    how: str,
) -> dict[str, float]:
    """One (sentence, target) pair's features: the tone model's probabilities for the
    target's own clauses (`p=neg`) and for the sentence (`s=neg`), the target's role
    (`role=obj`) alone and with those probabilities, whether it is quoted or speaks, how
    many other people and organisations the sentence names, the cues of its own clauses,
    and the cues near its name (`near-1`: a negative cue within 3 morphemes)."""
    out: dict[str, float] = {"bias": 1.0, f"how={how}": 1.0}
    mine = [m for m in doc.mentions if m.target == target and m.sentence == sentence.index]
    speakers: set[str | None] = set()
    tokens = sentence.tokens
    first = mine[0] if mine else None
    where = role(tokens, first) if first else "none"
    out[f"role={where}"] = 1.0
    for k, label in enumerate(LABELS):
        out[f"p={label}"] = own_probs[k]
        out[f"s={label}"] = sentence_probs[k]
        out[f"role={where}&p={label}"] = own_probs[k]
    if first is not None:
        out[f"type={first.type}"] = 1.0
        quotes = [q for q in doc.quotes if q.sentence == sentence.index]
        holding = [q for q in quotes if q.start <= first.start < q.end]
        if holding:
            out["quoted"] = 1.0
            speakers = {q.speaker for q in holding}  # who speaks of it is no other party
        if any(target in (q.speaker, q.affiliation) for q in quotes):
            out["speaks"] = 1.0
    partners = _listed_with(doc, sentence, mine)
    others = {
        m.entity
        for m in doc.mentions
        if m.sentence == sentence.index
        and m.target != target
        and m.type in ("PER", "ORG")
        and m.entity not in speakers
        and m not in partners
    }
    out[f"others={min(len(others), 3)}"] = 1.0
    ups = sum(1 for h in own if h.counted > 0)
    downs = sum(1 for h in own if h.counted < 0)
    out["own+"] = min(ups, 3) / 3
    out["own-"] = min(downs, 3) / 3
    if first is not None:
        at = [k for k, t in enumerate(tokens) if first.start <= t.start < first.end]
        if at:
            cues = _placed(tokens, sentence_hits)
            for name in _near(at[0], at[-1], cues):
                out[name] = 1.0
                out[f"{name}&role={where}"] = 1.0
            out.update(_context(tokens, at[-1], where))
            for name in _arguments(tokens, at[0], at[-1], where, cues):
                out[name] = 1.0
            for t in (*tokens[max(0, at[0] - 4) : at[0]], *tokens[at[-1] + 1 : at[-1] + 6]):
                if t.tag in ("NNG", "VV", "VA", "XR"):
                    out[f"by={t.form}"] = 1.0
        name = first.entity
        out[f"tail={name[-1:]}"] = 1.0
        out[f"tail={name[-2:]}"] = 1.0
    return out


def sets_apart(feats: dict[str, float]) -> bool:
    """Whether the layer may decide for this pair: the sentence names another person or
    organisation, besides the ones listed with the target (`네이버와 카카오가 …`,
    `_listed_with`) and the speaker of a quote that holds it. A sentence naming the target
    alone, or two as one subject, presents them as one: the tone model's label is theirs."""
    return not feats.get("others=0")


_LIST_LINK = re.compile(r"\s*(?:와|과|및|이나|나|·|,|、)\s*")


def _listed_with(doc: Doc, sentence: Sentence, mine: Sequence[Mention]) -> set[Mention]:
    """The names listed right before or after one of the target's (`네이버와 카카오가`,
    `네이버·카카오는`): one subject with it, never another party set apart from it."""
    out = set()
    text = doc.text
    for m in doc.mentions:
        if m.sentence != sentence.index or m in mine:
            continue
        for t in mine:
            a, b = (m.end, t.start) if m.end <= t.start else (t.end, m.start)
            if 0 < b - a <= 6 and _LIST_LINK.fullmatch(text, a, b):
                out.add(m)
    return out


def _context(tokens: Sequence[Token], last: int, where: str) -> dict[str, float]:
    """The words that say what the target is and does: the noun of its own phrase after
    its name (`삼성전자 부회장`, `검찰청 내`), the first predicate after it and the one
    that closes its clause (`화재가 난 … 감식을 벌였다`: `나`, `벌이`), with its role."""
    out: dict[str, float] = {}
    rest = tokens[last + 1 :]
    for t in rest[:3]:
        if t.tag in ("NNG", "NNB"):
            out[f"next={t.form}"] = 1.0
        if not t.tag.startswith("N"):
            break
    end = next((k for k, t in enumerate(rest) if t.tag in _BOUNDARY), len(rest))
    predicates = [k for k in range(end) if _predicate(rest, k)]
    if predicates:
        first, head = rest[predicates[0]].form, rest[predicates[-1]].form
        out[f"pred={first}"] = 1.0
        out[f"pred={first}&role={where}"] = 1.0
        out[f"head={head}&role={where}"] = 1.0
    return out


def _predicate(tokens: Sequence[Token], k: int) -> bool:
    """A verb, an adjective, or a noun made one (`선고/NNG` + `하/XSV`)."""
    t = tokens[k]
    if t.tag in ("VV", "VA"):
        return True
    return t.tag == "NNG" and k + 1 < len(tokens) and tokens[k + 1].tag in ("XSV", "XSA")


def _near(lo: int, hi: int, cues: Sequence[tuple[int, str]]) -> set[str]:
    """The cues around the name at tokens lo..hi: `near-1` (a negative cue within 3
    morphemes), `near+2` (a positive one within 8), `near-3` (further), each also with
    its side (`near-1<`: before the name)."""
    out = set()
    for k, sign in cues:
        distance, side = (k - hi, ">") if k > hi else (lo - k, "<")
        bucket = "1" if distance <= 3 else "2" if distance <= 8 else "3"
        out.add(f"near{sign}{bucket}")
        out.add(f"near{sign}{bucket}{side}")
    return out


_BOUNDARY = frozenset({"EC", "EF", "SF"})


def _arguments(
    tokens: Sequence[Token], lo: int, hi: int, where: str, cues: Sequence[tuple[int, str]]
) -> set[str]:
    """Whether the target (tokens lo..hi, with its role) is an argument of a cue's
    predicate later in the same clause: its subject or topic (`agent-`: `북한이 미사일을
    발사`), its object (`patient-`: `누리를 상대로 소송`), its owner (`owner-`: `한빛의
    위반`), or only in the same clause (`clause-`); `+` for a positive cue."""
    out = set()
    argument = {"subj": "agent", "topic": "agent", "also": "agent", "obj": "patient"}
    for k, sign in cues:
        if lo <= k <= hi:
            continue
        a, b = (hi, k) if k > hi else (k, lo)
        if any(tokens[j].tag in _BOUNDARY for j in range(a + 1, b)):
            continue  # another clause
        out.add(f"clause{sign}")
        if k < lo:
            continue
        if where in argument:
            out.add(f"{argument[where]}{sign}")
        elif where == "gen" and k - hi <= 6:
            out.add(f"owner{sign}")
    return out


def _placed(tokens: Sequence[Token], hits: Sequence[Hit]) -> list[tuple[int, str]]:
    """The counted cues as (index of the token they start in, sign)."""
    starts = [t.start for t in tokens]
    out = []
    for h in hits:
        if not h.counted:
            continue
        k = bisect.bisect_right(starts, h.start) - 1
        if k >= 0:
            out.append((k, "+" if h.counted > 0 else "-"))
    return out


def shipped(path: Path | None = None) -> ToneModel | None:
    """The party layer at `path` (None: the shipped data/party_tone.json), read once per
    process; None when there is none."""
    return tone_model.shipped(path or data_file(MODEL))
