"""One article, one reading of each name: after the rules and the tagger have read the
sentences one by one, the document decides.

- **Short forms.** `홈플랜(이하 홈플)`, `한국소비자원(이하 ‘소비자원’)`: the name before the
  parenthesis is an entity (a proper noun no rule knew is read as an organisation), and
  every later `홈플` is that entity (`how="short form"`).
- **Family names.** `데미스 허사비스 … 허사비스는`: a person named by one word that is the
  last word of a full name the article gave before (one full name only) is that person;
  never a Korean name, whole in itself.
- **One type per name.** A name typed differently in two sentences (a person by a title
  in one, an organisation by the tagger in another) keeps the type its strongest evidence
  gives: a rule's over the tagger's or weak context, then the majority.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from ai_discourse.nlp.entities import bare_korean_name
from ai_discourse.nlp.tags import PROPER
from ai_discourse.records import EntityType, Mention, Sentence, Token

_SHORT_FORM = re.compile(
    r"\(\s*이하\s*[:：]?\s*['‘\"“「]?(?P<short>[^()'’\"”」\s][^()'’\"”」]{0,19}?)['’\"”」]?\s*\)"
)
_NOT_ENTITIES = re.compile(
    r"(?:법|법안|법률|조약|협정|협약|제도|사업|정책|계획|지수|사태|사건|시스템|서비스|"
    r"프로그램|제품|기술|모델|감염증|바이러스|질환|증후군|보고서|대회|행사|축제)$"
)
"""What a `(이하 …)` abbreviates that is no organisation: laws, programmes, products,
diseases, events."""
_WEAK_EVIDENCE = frozenset({"model", "context", "lexicon", "guess", "short form"})


def consistent(
    mentions: Sequence[Mention], sentences: Sequence[Sentence], text: str
) -> tuple[Mention, ...]:
    """The document's mentions with short forms linked back and one type per name."""
    linked = _short_forms(list(mentions), sentences, text)
    return tuple(_one_type(_family_names(linked)))


def _short_forms(
    mentions: list[Mention], sentences: Sequence[Sentence], text: str
) -> list[Mention]:
    if "이하" not in text:
        return mentions
    starts = [s.start for s in sentences]
    by_end = {m.end: m for m in mentions}
    aliases: dict[str, tuple[Mention, int]] = {}  # short form -> (full, where it was defined)
    added: list[Mention] = []
    for match in _SHORT_FORM.finditer(text):
        short = match.group("short").strip()
        full = by_end.get(match.start())
        if full is None:
            full = _unknown_name(text, match.start(), short, sentences, starts)
            if full is None:
                continue
            added.append(full)
        if short != full.entity and len(short) >= 2:
            aliases[short] = (full, match.start())
    if not aliases:
        return mentions
    out = []
    for m in mentions:
        alias = aliases.get(m.surface) or aliases.get(m.entity)
        if alias is not None and m.start >= alias[1]:
            full = alias[0]
            m = replace(m, entity=full.entity, type=full.type, target=full.target or m.target)
        out.append(m)
    taken = sorted((m.start, m.end) for m in out + added)
    for short, (full, defined) in aliases.items():
        after = text.index(")", defined) + 1
        for found in re.finditer(re.escape(short), text[after:]):
            start, end = after + found.start(), after + found.end()
            if start and (text[start - 1].isalnum()):
                continue  # inside a longer word
            k = bisect.bisect_right(taken, (start, len(text))) - 1
            if (k >= 0 and taken[k][1] > start) or (k + 1 < len(taken) and taken[k + 1][0] < end):
                continue  # already a name (or part of one)
            sentence = sentences[bisect.bisect_right(starts, start) - 1]
            added.append(
                replace(
                    full,
                    sentence=sentence.index,
                    start=start,
                    end=end,
                    surface=short,
                    how="short form",
                )
            )
    return sorted(out + added, key=lambda m: (m.start, m.end))


def _unknown_name(
    text: str, paren: int, short: str, sentences: Sequence[Sentence], starts: list[int]
) -> Mention | None:
    """The word glued before `(이하 …)` that no rule read, read as an organisation when
    it is a proper noun, or a coined compound that the short form cuts (`홈플랜(이하
    홈플)`; not `인공지능(이하 AI)`, `국민건강보험(이하 건보)`)."""
    k = bisect.bisect_right(starts, paren - 1) - 1
    if k < 0:
        return None
    sentence = sentences[k]
    begin = paren
    while (
        begin > sentence.start
        and not text[begin - 1].isspace()
        and text[begin - 1] not in "(\"'“‘["
    ):
        begin -= 1
    word = text[begin:paren]
    tokens: list[Token] = [t for t in sentence.tokens if begin <= t.start and t.end <= paren]
    if len(word) < 2 or not tokens or _NOT_ENTITIES.search(word):
        return None
    proper = any(t.tag in PROPER or (t.tag == "NNG" and t.oov) for t in tokens)
    coined = len(tokens) >= 2 and len(short) < len(word) and word.startswith(short)
    if not (proper or coined) or any(t.tag[0] in "VEJX" and t.tag != "XSN" for t in tokens):
        return None
    return Mention(word, "ORG", sentence.index, begin, paren, word, how="short form")


def _family_names(mentions: list[Mention]) -> list[Mention]:
    """Later mentions of a person by the last word of their full name, linked to it:
    `데미스 허사비스` then `허사비스는` (see `fuller_name`)."""
    seen: list[str] = []  # the full names given so far
    out = []
    for m in sorted(mentions, key=lambda m: m.start):
        if m.type == "PER" and m.named:
            if " " in m.entity:
                seen.append(m.entity)
            elif (full := fuller_name(m.entity, seen)) is not None:
                m = replace(m, entity=full)
        out.append(m)
    return out


def fuller_name(name: str, full_names: Iterable[str]) -> str | None:
    """The one full name of `full_names` whose last word `name` is (`허사비스` of `데미스
    허사비스`), or None: none, or two (`도널드 트럼프` and `멜라니아 트럼프` leave `트럼프`
    alone), or a Korean name, whole in itself (`김재환` after `두산 김재환`)."""
    if " " in name or len(name) < 2 or bare_korean_name(name):
        return None
    found = {full for full in full_names if full.endswith(" " + name)}
    return found.pop() if len(found) == 1 else None


def _one_type(mentions: list[Mention]) -> list[Mention]:
    types: dict[str, Counter[EntityType]] = defaultdict(Counter)
    strong: dict[str, Counter[EntityType]] = defaultdict(Counter)
    for m in mentions:
        if not m.named:
            continue
        types[m.entity][m.type] += 1
        if m.how not in _WEAK_EVIDENCE:
            strong[m.entity][m.type] += 1
    chosen: dict[str, EntityType] = {}
    for entity, counts in types.items():
        if len(counts) < 2:
            continue
        ranked = (strong[entity] or counts).most_common(2)
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            chosen[entity] = ranked[0][0]
    if not chosen:
        return mentions
    return [
        replace(m, type=chosen[m.entity]) if m.entity in chosen and m.named else m for m in mentions
    ]
