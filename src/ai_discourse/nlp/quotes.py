"""Direct quotes with speaker and speech verb.

`김 교수는 "A"라며 "B"라고 평가했다` gives two quotes (A, B) by 김기응 with the verb
평가했다. Quotes are paired on the document text, not per sentence, so a quote may run
over several sentences and paragraphs; straight quotes (") are told apart as opening or
closing by their neighbours and paired with a stack, so a quote nested in another one
(`… 머스크는 "돈도 없으면서 …"고 말한 바 있다 …"`) gets its own speaker.

The speaker is, in order: the last person named in the quote's sentence before the
opening mark (pronouns 그/그녀 -> the previous speaker); a person named between the
closing mark and the verb; for a quote that opens a paragraph with no verb after it, the
person who introduced it in the previous sentence (`…은 다음과 같이 답했다.`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ai_discourse.records import Mention, Quote, Sentence, Token

# Speech verbs as Kiwi lemmas (말하다 -> 말 + 하, 밝혔다 -> 밝히, 짚었다 -> 짚).
SPEECH_VERBS = frozenset(
    "말 말하 밝히 평가 강조 짚 덧붙이 제언 언급 설명 전하 주장 지적 분석 내다보 전망 답하 답 "
    "묻 반문 우려 예상 비판 꼬집 토로 당부 촉구 진단 조언 답변 발언 호소 단언 일축 반박 시사 "
    "귀띔 제안 요구 경고 소개 고백 털어놓 역설 부연 해명 반발 약속 다짐 자평 보".split()
)
_OPEN_CURLY, _CLOSE_CURLY = "“「『", "”」』"
# After a closing mark: the quotative particle, then anything up to the verb.
_QUOTATIVE = re.compile(r"\s*(?:\(?이\)?)?(?:라고|고|라며|며|라면서|면서|라는|는|란|라|이라)")
_MIN_QUOTE = 4


@dataclass(frozen=True)
class _Pair:
    open: int
    close: int
    depth: int


def _pairs(text: str, body_end: int) -> list[_Pair]:
    """Matched quote marks in text[:body_end], innermost quotes included."""
    stack: list[int] = []
    pairs: list[_Pair] = []
    for i, ch in enumerate(text[:body_end]):
        if ch in _OPEN_CURLY:
            stack.append(i)
        elif ch in _CLOSE_CURLY:
            if stack:
                start = stack.pop()
                pairs.append(_Pair(start, i, len(stack)))
        elif ch == '"':
            before = text[i - 1] if i else "\n"
            after = text[i + 1] if i + 1 < len(text) else "\n"
            opens = before.isspace() or before in "([{<·…,'‘" or i == 0
            closes = not before.isspace() and (
                after.isspace() or not after.isalnum() or _is_particle(text, i + 1)
            )
            if opens and not (closes and stack):
                stack.append(i)
            elif stack:
                start = stack.pop()
                pairs.append(_Pair(start, i, len(stack)))
    return sorted(pairs, key=lambda p: p.open)


def _is_particle(text: str, i: int) -> bool:
    return bool(_QUOTATIVE.match(text, i))


def find_quotes(
    sentences: Sequence[Sentence], text: str, mentions: Sequence[Mention]
) -> tuple[Quote, ...]:
    """Every direct quote of a document with a speaker or a speech verb (else it is a
    scare quote or a title in quotes, not speech)."""
    body = [s for s in sentences if s.part != "caption"]
    if not body:
        return ()
    starts = [s.start for s in body]
    people = sorted((m for m in mentions if m.type == "PER"), key=lambda m: m.start)
    pronouns = _pronouns(body)
    quotes: list[Quote] = []
    last_speaker: Mention | None = None
    for pair in _pairs(text, body[-1].end):
        inner = " ".join(text[pair.open + 1 : pair.close].split())
        if len(inner) < _MIN_QUOTE or " " not in inner:
            continue
        opening = body[max(0, bisect.bisect_right(starts, pair.open) - 1)]
        closing_index = max(0, bisect.bisect_right(starts, pair.close) - 1)
        verb = _verb_after(body, closing_index, pair.close, text)
        speaker = _last_before(people, opening.start, pair.open, pair)
        lead = text[opening.start : pair.open]
        if speaker is None and pronouns and _pronoun_in(pronouns, opening.start, pair.open):
            speaker = last_speaker
        if speaker is None and verb is not None:
            speaker = _first_between(people, pair.close, verb[1])
        if speaker is None and not lead.strip() and verb is None:
            previous = body.index(opening) - 1
            if previous >= 0:
                prev = body[previous]
                speaker = _last_before(people, prev.start, prev.end, None)
        if speaker is None and verb is not None and not lead.strip():
            speaker = last_speaker
        if speaker is None and verb is None:
            continue
        if speaker is not None:
            last_speaker = speaker
        # No person: an organisation or a role as the subject (`기상청 관계자는 "…"`).
        subject = None if speaker else _subject(opening.tokens, pair.open, mentions, text)
        quotes.append(
            Quote(
                text=inner,
                speaker=speaker.entity if speaker else subject,
                title=speaker.title if speaker else None,
                affiliation=speaker.affiliation if speaker else None,
                verb=verb[0] if verb else None,
                sentence=opening.index,
                start=pair.open,
                end=pair.close + 1,
            )
        )
    return tuple(quotes)


_SUBJECT_MARKS = frozenset({"은", "는", "이", "가", "께서"})
_PHRASE_TAGS = frozenset({"NNG", "NNP", "SL", "XSN", "NNB"})


def _subject(
    tokens: Sequence[Token], before: int, mentions: Sequence[Mention], text: str
) -> str | None:
    """The subject before a quote when it is no person: an organisation or a role noun
    phrase right before 은/는/이/가 (`기상청 관계자는`, `회사 측은`, `경찰은`)."""
    lead = [t for t in tokens if t.end <= before]
    marked = [
        k
        for k in range(1, len(lead))
        if lead[k].form in _SUBJECT_MARKS
        and lead[k - 1].tag in _PHRASE_TAGS
        and (len(lead[k - 1].form) >= 2 or lead[k - 1].tag == "NNP")
    ]
    if not marked:
        return None
    # The nominative nearest the quote wins (`연합뉴스는 … 관계자가 "…"라고 밝혔다고`),
    # else the topic that opens the attribution (`기상청 관계자는 … "…"`).
    nominative = [k for k in marked if lead[k].tag == "JKS"]
    k = nominative[-1] if nominative else marked[0]
    end = lead[k - 1].end
    org = next((m for m in mentions if m.type == "ORG" and m.end == end), None)
    if org is not None:
        return org.entity
    start = k - 1
    while (
        start > 0
        and lead[start - 1].tag in _PHRASE_TAGS
        and lead[start].start - lead[start - 1].end <= 1
        and k - start < 3
    ):
        start -= 1
    return text[lead[start].start : end]


def _pronouns(body: Sequence[Sentence]) -> list[Token]:
    return [
        t
        for s in body
        for k, t in enumerate(s.tokens)
        if t.tag == "NP"
        and t.form in ("그", "그녀")
        and k + 1 < len(s.tokens)
        and s.tokens[k + 1].tag in ("JX", "JKS")
    ]


def _pronoun_in(pronouns: Sequence[Token], start: int, end: int) -> bool:
    return any(start <= t.start < end for t in pronouns)


def _last_before(
    people: Sequence[Mention], start: int, end: int, pair: _Pair | None
) -> Mention | None:
    found = None
    for m in people:
        if start <= m.start < end:
            found = m
    return found


def _first_between(people: Sequence[Mention], start: int, end: int) -> Mention | None:
    return next((m for m in people if start < m.start < end), None)


def _verb_after(
    body: Sequence[Sentence], index: int, close: int, text: str
) -> tuple[str, int] | None:
    """The speech verb after a closing mark, in the same sentence (its surface, offset).

    Other quotes in between are skipped (`"A"며 "B"라고 평가했다` gives A the verb too)."""
    sentence = body[index]
    if not _QUOTATIVE.match(text, close + 1) and text[close + 1 : close + 2] not in " \n":
        return None
    depth = 0
    for token in sentence.tokens:
        if token.start <= close:
            continue
        if token.form in ('"', "“", "”") or token.tag in ("SSO", "SSC"):
            depth ^= 1 if token.form == '"' else 0
            continue
        if token.form in SPEECH_VERBS and token.tag in ("NNG", "VV") and depth == 0:
            if token.form == "보" and not re.match(
                r"\s*(?:라)?고\s*(?:봤|본다|보았)", text[close + 1 : close + 12]
            ):
                continue
            end = token.end
            while end < len(text) and not text[end].isspace() and text[end] not in '.,!?"”':
                end += 1
            return text[token.start : end], token.start
    return None
