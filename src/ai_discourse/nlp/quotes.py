"""Direct quotes: what was said, who said it, and how the speaker was found.

A quoted span is a quotation only in a speech frame: a quotative particle after it (라고,
고, 라며, 며, 라면서, 면서: `"…"고 말했다`, `"…"라며`, also `…받았"다며`), a speech noun
(`"…"라는 입장을 밝혔다`, `"…"는 질문을 던졌다`), the object of a speech verb (`"…"을
요청했다`), a list of quotes sharing one frame (`"A", "B"라고`), a headline's `NAME "…"`, a
transcript's `NAME: "…"`, a paragraph that a previous sentence introduced (`…은 다음과 같이
말했다.`), or whole sentences after a subject or a source. Anything else in quotes (a title,
a term, a scare quote: `"초격차" 전략`, `"재팬 패싱"의 재림`, `"…"라는 제목의`, a short phrase
named with 부르다 or 번역되다) is a mention, not speech, and is left out. Single quotes
(`'…'`, `‘…’`) mostly hold terms and names in Korean news; a span in them is a quotation
only in a quotative frame with a verb of saying (`기상청은 '…'고 밝혔다`), a clause with
며/면서 (`'…위반했다'며`) or a clause named as a statement (`'…'라는 의견`), and only when
a speaker is found; it is never kept as a term.

The speaker is read from the grammar of the sentence, over Kiwi's tokens:
- `subject`: the noun phrase marked 은/는/이/가/께서/에서는 that governs the speech verb, before
  the quote (or after it: `"…"라고 김 의원은 말했다`); never an object (을/를) or an adverbial
  (에게, 에 대해). In order: a nominative with nothing but nouns between it and the quote,
  the nearest topic, a nominative whose clause runs on across a plain connective (`… 청문회에
  나와 "…"`), a body with 에서 (`대통령실에서`). A nominative inside a relative, nominalised
  or reported clause (`위원회가 나열한`, `방역당국이 … 나열했다며 "…"`) never speaks.
  In a name-affiliation-title phrase in any order (`홍길동 서울시 교통과장`, `한빛당 김철수
  의원`) the person speaks and the rest is title and affiliation; an organisation or a
  country speaks as itself (`외교부는`, `이란에서는`).
- `role`: no name, a description (관계자, 대변인, 목격자들, 외무성 대변인, 역학조사팀 관계자),
  kept as written, so that no name is shown where the text gave none.
- `title`: a bare title (`대통령은`, `이 후보는`) is the person last named with it.
- `pronoun`: 그/그녀/이 관계자 -> the last speaker (or person named as a subject).
- `continued`: a quote with no subject (`이어 "…"`, `또 "…"라고 덧붙였다`, a paragraph that
  is only a quote) continues the speaker of the previous quote or speech sentence, if it was
  at most two sentences before (four, when no one else was a subject in between); `일부는`
  is part of the group named just before.
- `introduced`: a paragraph that is only a quote, after `…은 다음과 같이 말했다.`
- `headline`: `NAME "…"` with nothing between.
- `source`: whose account (`X에 따르면 "…"`, `X 명의의 논평을 통해 "…"`, `X의 "…"`).
- `answer`: the one a question went to (`연구소 측에 묻자 "…"는 답변이 돌아왔다`).
- `after`: named after the quote (`"…"(박지영 부행장)`, `"…"는 게 업계의 설명이다`).
- `colon`: a transcript's or an interview's `박지영: "…"`.
- `crowd`: a reaction that rose among a group (`누리꾼들 사이에서 "…"는 반응이 나왔다`).

Each is a `SpeakerRule` in one of three ordered lists (`FRAMED_RULES`, `VOICES_RULES`,
`UNFRAMED_RULES`); the first rule that finds a speaker wins, and its name is the `how`.

The words these rules read (speech verbs and nouns, roles, statements …) are
data/quote_words.txt, organisation endings data/org_endings.txt, titles data/entities.toml.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from ai_discourse import resources
from ai_discourse.nlp.consistency import fuller_name
from ai_discourse.nlp.entities import FORMER, bare_korean_name
from ai_discourse.nlp.tags import BRACKETS, NOMINAL, SUBJECT_PARTICLES, VERBAL
from ai_discourse.records import Mention, Quote, QuotedTerm, Sentence, Token

# Determiners that make a role phrase anaphoric: `이 관계자는`, `해당 매체는`.
_ANAPHORIC = frozenset({"이", "그", "해당", "같은", "동", "상기"})
_PRONOUNS = frozenset({"그", "그녀", "그들", "그녀들", "자신"})
_OPEN_CURLY, _CLOSE_CURLY = "“「『", "”」』"
_MARKS = frozenset(_OPEN_CURLY + _CLOSE_CURLY + '"')
# After a closing mark: the quotative particle (`"…"라고`, `"…"며`), also with the quote's own
# ending left outside (`…받았"다며`) or a noun glued to it (`…수출"중이라며`).
_QUOTATIVE = re.compile(
    r"\s*(?:\(?이\)?)?(?:다|라|냐|자|으)?(?:고|며|면서)(?:도|까지|만|는)?(?![가-힣])"
    r"|\s*(?:[가-힣]{1,2})?(?:\(?이\)?)?(?:라고|라며|라면서|면서|라(?=\s))"
)
# `…제공"하기로 합의했다고`, `…추정"된다며`: the quote's predicate goes on after the mark.
_GLUED_PREDICATE = re.compile(r" ?(?:하|되|한|된|했|됐|해|돼)[가-힣]*")
# `"…"을 요청했다`: the quote as the object of a speech verb.
_OBJECT = re.compile(r"\s*(?:을|를)\s")
_ADNOMINAL = re.compile(
    r"\s*(?:\(?이\)?)?(?:라는|는|란|이란|라던)\s*(?:등의?\s*)?(?P<noun>[가-힣]+)"
)
_ETC = re.compile(r"\s*(?:등|따위)(?:의|을|를|이|과|와)?\s*(?P<noun>[가-힣]+)?")
_BETWEEN_LISTED = re.compile(r"\s*[,·]?\s*(?:(?:또는|혹은|이나|나|와|과)\s*)?")
_INTRODUCER = re.compile(r"(?:다음과\s*같이|이렇게|아래와\s*같이|이같이).{0,30}|[:：]\s*$")
_SINGLE_QUOTED_CLAUSE = re.compile(r"['‘][^'‘’\n]{6,300}?다\.?['’]")
# `'스스로를 먹는다'는 뜻으로`: what a word means, not what someone said.
_GLOSSES = frozenset({"뜻으로", "뜻이다", "뜻이며", "뜻이고"})
# Where the words of a mark left unclosed end: at a quotative before a space (`…높다고 말했다`,
# `…관건이라며`); `end` is the words' own last letter.
_UNCLOSED_FRAME = re.compile(r"(?:이)?라(?:고|며|면서)(?=\s)|(?P<end>[다냐자])(?:고|며|면서)(?=\s)")
# Any span in single quotes, not an apostrophe in Latin text (`don't`).
_SINGLE_QUOTED = re.compile(r"(?<![A-Za-z])['‘]([^'‘’\n]{2,300}?)['’](?![A-Za-z])")
# A speech noun as the subject of voices rising: `반응이 잇따랐다`, `목소리가 나왔다`.
_VOICES_RISE = re.compile(
    r"(?P<particle>이|가|도)?\s*(?:잇따|잇달|나오|나왔|나온|쏟아지|쏟아졌|이어지|이어졌|달리|"
    r"달렸|제기되|제기됐|빗발|터져|터졌|커지|커졌|높아|높았|높다|일었|일고|인다|올라오|올라왔|"
    r"적지 않|많았|많다|많이 나)"
)
_CONTINUERS = frozenset(
    "이어 이어서 또 또한 그러면서 아울러 덧붙여 특히 그리고 이에 다만 하지만".split()
)
# After a name, what keeps the name the phrase's head: `홍길동 씨는`, `김 모 씨는`.
_PERSON_MARKS = frozenset({"씨", "군", "양", "옹", "님", "모"})
# What may stand between a word for a statement and the quote: `논평을 통해 "…"`,
# `담화문의 "…"`.
_SOURCE_LINKS = frozenset("을 를 통하 어 아 해 에서 에 는 의 서 도 및".split())
# Determiner-tagged words that belong to a title: `문재인 전 대통령`, `현 정부`.
_TITLE_MODIFIERS = FORMER | {"신", "초대", "차기"}
_QUESTION_STEMS = frozenset({"는", "은", "ᆫ", "ㄴ", "을", "ᆯ", "ㄹ", "던", "었는", "았는"})
_REPORTING_ENDINGS = frozenset("다며 다고 라며 라고 다면서 라면서 냐며 냐고 자며 자고 다는".split())
# Discourse words Kiwi may tag as nouns, never part of a speaker's name.
_LEADING_WORDS = frozenset(
    "반면 한편 이에 특히 또 또한 이어 다만 결국 따라서 이후 그러나 당시".split()
)
_PARTITIVES = frozenset({"일부", "대부분", "다수", "상당수", "대다수"})
_TIME_NOUNS = frozenset("당시 때 뒤 후 전 이후 직후 도중 무렵 다음 가운데 동안".split())
_CONTINUE_WITHIN = 2
_TERM_WORDS = 6
"""A quoted span that is no speech is kept as a term when it is this short (a law's text
or a long title is neither)."""
_CONTINUE_QUIET = 4
"""How far back when no one else was named as a subject in between."""
"""How many sentences back a quote with no subject may find the speaker it continues."""


@dataclass(frozen=True)
class _Pair:
    open: int
    close: int
    depth: int
    unclosed: bool = False
    """A mark the outlet never closed (`교수는 "…높다고 말했다.`): `close` is then the last
    letter of the words, read up to the quotative after them, not a mark."""

    @property
    def inner_end(self) -> int:
        """Where the quoted words end (exclusive)."""
        return self.close + 1 if self.unclosed else self.close


@dataclass(frozen=True)
class Speaker:
    name: str
    surface: str
    type: str  # PER, ORG, LOC or ROLE
    title: str | None = None
    affiliation: str | None = None
    found: str = ""  # how, when not the phrase itself: title, pronoun


@dataclass(frozen=True)
class _Frame:
    kind: str  # quotative | noun | none
    verb: tuple[str, int] | None  # the speech verb as written, and where
    end: int  # where the frame ends in the text
    lemma: str = ""  # the verb's lemma (밝히 for 밝혔다)


_HEADING_LEAD = re.compile(r"[\s■□◆◇▲△▶▷●○◎★☆※\-*·<\[【〈《(]*")
_HEADING_TAIL = re.compile(r"[\s\]】〉》>).!?]*")
_HEADING_MIN_BIGRAMS = 5
_HEADING_OVERLAP = 0.7
"""A sub-headline repeats a quotation when at least this share of its letter pairs (of
at least five) is in the quotation: outlets abridge (`"AI가 일자리 바꾼다"`)."""


def _bigrams(text: str) -> set[str]:
    letters = "".join(ch for ch in text if ch.isalnum())
    return {letters[k : k + 2] for k in range(len(letters) - 1)}


def _closes(text: str, j: int) -> bool:
    """Whether the mark at j closes a quote (a curly closing mark; a straight mark glued
    to the word before it and followed by a space, punctuation or a quotative particle)."""
    ch = text[j]
    if ch in _CLOSE_CURLY:
        return True
    if ch in _OPEN_CURLY:
        return False
    after = text[j + 1] if j + 1 < len(text) else "\n"
    return (
        j > 0
        and not text[j - 1].isspace()
        and (after.isspace() or not after.isalnum() or _QUOTATIVE.match(text, j + 1) is not None)
    )


def _pairs(text: str, body_end: int) -> list[_Pair]:
    """Matched quote marks in text[:body_end], innermost quotes included.

    The press's habits are read as they come: a mark glued to the word before it
    (`교수는"…"고`) still opens a quote; a mark an outlet left unclosed is dropped at the
    end of its paragraph when the next mark opens another quote (a quotation running
    over paragraphs closes with the next mark), or when the same kind of curly mark
    opens again (`“…  “…”`: news nests quotes in single marks, never a curly mark in the
    same curly mark), so that it never throws the pairing off for the rest of the
    article. Its words are kept when a quotative ends them before the next mark (`교수는
    "…늘었다고 말했다.`): an `unclosed` pair."""
    stack: list[int] = []
    pairs: list[_Pair] = []
    marks = [j for j, ch in enumerate(text[:body_end]) if ch in _MARKS]

    def left_open(start: int, limit: int) -> None:
        """A mark never closed: its words, when a quotative ends them before `limit` (the
        next mark, or the end of the paragraph), are still a pair."""
        k = bisect.bisect_right(marks, start)
        limit = min(limit, marks[k]) if k < len(marks) else limit
        for m in _UNCLOSED_FRAME.finditer(text, start + 1, limit):
            close = m.start("end") if m["end"] else m.start() - 1
            if close - start > 4:
                pairs.append(_Pair(start, close, len(stack), unclosed=True))
            return

    for i, ch in enumerate(text[:body_end]):
        if ch == "\n":
            if stack:
                # A quotation may run over paragraphs (its next mark closes it); a mark
                # whose next mark opens another quote was left unclosed: dropped here.
                k = bisect.bisect_right(marks, i)
                if k == len(marks) or not _closes(text, marks[k]):
                    while stack:
                        left_open(stack.pop(), i)
        elif ch in _OPEN_CURLY:
            if stack and text[stack[-1]] == ch:
                left_open(stack.pop(), i)  # `“` left open, and a new quote opens the same way
            stack.append(i)
        elif ch in _CLOSE_CURLY:
            if stack:
                start = stack.pop()
                pairs.append(_Pair(start, i, len(stack)))
        elif ch == '"':
            before = text[i - 1] if i else "\n"
            after = text[i + 1] if i + 1 < len(text) else "\n"
            opens = before.isspace() or before in "([{<·…,'‘" or i == 0
            closes = _closes(text, i)
            if opens and not (closes and stack):
                stack.append(i)
            elif stack:
                start = stack.pop()
                pairs.append(_Pair(start, i, len(stack)))
            elif not closes and not after.isspace():
                stack.append(i)  # glued to the word before: `교수는"이번 …`
    while stack:
        left_open(stack.pop(), body_end)
    return sorted(pairs, key=lambda p: p.open)


class _Reader:
    """One document's sentences, mentions and quote marks, read quote by quote."""

    def __init__(
        self,
        sentences: Sequence[Sentence],
        text: str,
        mentions: Sequence[Mention],
        roles: frozenset[str],
        titles: frozenset[str],
        org_endings: tuple[str, ...] = (),
        places: frozenset[str] = frozenset(),
    ) -> None:
        self.body = [s for s in sentences if s.part != "caption"]
        self.text = text
        self.starts = [s.start for s in self.body]
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.mention_starts = [m.start for m in self.mentions]
        self.roles = roles
        self.titles = titles
        self.org_endings = org_endings
        self.places = places
        self.words = resources.quote_words()
        self.body_endings = resources.org_endings().body
        self.unit_endings = self.body_endings + resources.org_endings().unit
        self.pairs = _pairs(text, self.body[-1].end) if self.body else []
        self._index_pairs()
        # Sentences in single quotes (`'오바마 때 … 넣었다' 라며`): reported words, whose
        # subjects are nobody's subject outside them.
        self.single = [(m.start(), m.end()) for m in _SINGLE_QUOTED_CLAUSE.finditer(text)]
        # Speech some outlets put in single quotes (`기상청은 '…'고 밝혔다`): read as
        # quotations, but only in a speech frame and only with a speaker.
        single = [_Pair(o, c, 0) for o, c in self._single_speech()]
        self.single_opens = {p.open for p in single}
        if single:
            self.pairs = sorted([*self.pairs, *single], key=lambda p: p.open)
            self._index_pairs()
        self.quoting = {self.position(p.open) for p in self.pairs}  # sentences with a quote
        self.events: list[tuple[int, Speaker]] = []  # (sentence position, speaker)
        self.subjects: list[tuple[int, Speaker]] = []  # people named as subjects
        self.groups: list[tuple[int, Speaker]] = []  # roles and bodies named as subjects
        self._now = 0  # the offset being read: only mentions before it are "before"

    def _index_pairs(self) -> None:
        """The lookups over `self.pairs`: each pair's enclosing pair, the quoted stretches."""
        self.quoted = [(p.open, p.close) for p in self.pairs]
        # Quote pairs nest (one stack matched them): each pair's innermost enclosing pair,
        # so that `inside_quote(…, within=…)` walks a token's few enclosing pairs instead
        # of testing every pair of the document for every token (hours on a long text).
        self.quote_opens = [o for o, _ in self.quoted]
        self.quote_parent: list[int] = []
        enclosing: list[int] = []
        for k, (o, _) in enumerate(self.quoted):
            while enclosing and self.quoted[enclosing[-1]][1] < o:
                enclosing.pop()
            self.quote_parent.append(enclosing[-1] if enclosing else -1)
            enclosing.append(k)
        # The quoted stretches merged, for the common question (inside any quote?).
        self.spans: list[tuple[int, int]] = []
        for o, c in sorted(self.quoted):
            if self.spans and o <= self.spans[-1][1]:
                self.spans[-1] = (self.spans[-1][0], max(self.spans[-1][1], c))
            else:
                self.spans.append((o, c))
        self.span_starts = [o for o, _ in self.spans]

    def _single_speech(self) -> list[tuple[int, int]]:
        """Spans in single quotes framed as speech: a quotative right after the closing
        mark and a verb of saying in the sentence (`'…'고 밝혔다`, `'…'라며 반발했다`,
        `'…'고 했다`), outside any double-quoted stretch. A term in single quotes
        (`'팝의 황제'라고 불리는`, `'알파팀'이라는`) has no such frame."""
        if not self.body:
            return []
        end = self.body[-1].end
        found = []
        for span in _SINGLE_QUOTED.finditer(self.text, 0, end):
            o, c = span.start(), span.end() - 1
            inner = span.group(1)
            if not re.search("[가-힣]", inner) or any(ch in _MARKS for ch in inner):
                continue
            k = bisect.bisect_right(self.span_starts, o) - 1
            if k >= 0 and self.spans[k][1] > o:
                continue  # inside someone's double-quoted words
            clause = _CLAUSE_END.search(inner) is not None
            if not clause and len(inner.split()) < 3:
                continue  # `'갓갓'이라고 자백했다`, `'리설주'라고 밝혔다`: a name
            quotative = _QUOTATIVE.match(self.text, c + 1)
            if quotative is None:
                # `'…'라는 의견도 나왔다`: a whole clause named as a statement
                named = _ADNOMINAL.match(self.text, c + 1)
                noun = named["noun"] if named is not None else ""
                if clause and _speech_noun(noun) and noun not in _GLOSSES:
                    found.append((o, c))
                continue
            if clause and re.search(r"(?:며|면서)$", quotative.group()):
                found.append((o, c))  # `'…위반했다'며 해임했다`: said while doing
                continue
            verb = self.verb_after(c, quotative.end())
            if verb is None:
                continue
            surface, _, lemma = verb
            speech = lemma in self.words.speech_verbs or (
                lemma == "하" and re.match(r"(?:했|하였)(?:다|고|으며|지만|는데)", surface)
            )
            frame = _Frame("quotative", (surface, verb[1]), quotative.end(), lemma)
            if speech and not _naming(" ".join(inner.split()), self.text, c, frame):
                found.append((o, c))
        return found

    # --- where things are ---------------------------------------------------------------

    def position(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def inside_quote(self, token: Token, within: _Pair | None = None) -> bool:
        """Whether the token is inside a quote, other than the quotes around `within` (a
        nested quote's speaker is named inside the quote around it)."""
        if within is None:
            k = bisect.bisect_left(self.span_starts, token.start) - 1
            return k >= 0 and token.end <= self.spans[k][1] + 1
        # The pairs around the token form a chain; the innermost decides, since the pairs
        # around it enclose `within` whenever it does.
        k = bisect.bisect_left(self.quote_opens, token.start) - 1
        while k >= 0 and token.end > self.quoted[k][1] + 1:
            k = self.quote_parent[k]
        if k < 0:
            return False
        o, c = self.quoted[k]
        return not (o < within.open and within.close < c)

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        k = bisect.bisect_left(self.mention_starts, start)
        out = []
        while k < len(self.mentions) and self.mentions[k].start < end:
            if self.mentions[k].end <= end:
                out.append(self.mentions[k])
            k += 1
        return out

    def covered(self, token: Token) -> bool:
        """Whether a mention covers the token (Kiwi may cut a name into anything)."""
        k = bisect.bisect_right(self.mention_starts, token.start) - 1
        return k >= 0 and any(
            m.start <= token.start and token.end <= m.end
            for m in self.mentions[max(0, k - 3) : k + 1]
        )

    # --- the frame after a quote --------------------------------------------------------

    def frame(self, k: int, seen: int = 0) -> _Frame:
        pair = self.pairs[k]
        text = self.text
        after = pair.close + 1
        if (aside := re.match(r"\s*\([^()]{1,40}\)", text[after : after + 44])) is not None:
            after += aside.end()  # `"…"(meddlesome)이란 평가`: a gloss before the frame
        m = _QUOTATIVE.match(text, after)
        if m:
            end = m.end()
            return self._framed("quotative", pair, end)
        m = _GLUED_PREDICATE.match(text, after)
        if m:
            framed = self._framed("quotative", pair, m.end())
            quotative = re.search(r"(?:다며|다고|라며|라고|면서|며)$", m.group())
            if quotative or (framed.verb is not None and framed.lemma in self.words.speech_verbs):
                return framed
        # `"A", "B"라고`: a list of quotes shares the frame of its last one.
        nxt = next(
            (j for j in range(k + 1, len(self.pairs)) if self.pairs[j].open > pair.close), None
        )
        if nxt is not None and seen < 8:
            gap = _BETWEEN_LISTED.fullmatch(text, pair.close + 1, self.pairs[nxt].open)
            if gap is not None:
                return self.frame(nxt, seen + 1)
        for pattern in (_ADNOMINAL, _ETC):
            m = pattern.match(text, after)
            if m and m["noun"]:
                # `"…"는 신중한 입장을 밝혔다`: the speech noun may follow a modifier or two
                words = [(m["noun"], m.end())]
                for w in re.finditer(r"\s*([가-힣]+)", text[m.end() : m.end() + 24]):
                    words.append((w.group(1), m.end() + w.end()))
                for noun, end in words[:3]:
                    if noun.startswith(self.words.title_nouns):
                        break  # `"…"라는 제목의 논평`: the name of a text, not speech
                    if _speech_noun(noun):
                        return self._framed("noun", pair, end)
        m = _OBJECT.match(text, pair.close + 1)
        if m:
            framed = self._framed("noun", pair, m.end())
            if framed.verb and framed.verb[1] - m.end() <= 8 and framed.lemma != "하":
                return framed
        return _Frame("none", None, pair.close + 1)

    def _framed(self, kind: str, pair: _Pair, end: int) -> _Frame:
        found = self.verb_after(pair.close, end, pair)
        if found is None:
            return _Frame(kind, None, end)
        surface, offset, lemma = found
        return _Frame(kind, (surface, offset), end, lemma)

    def verb_after(
        self, close: int, frame_end: int, within: _Pair | None = None
    ) -> tuple[str, int, str] | None:
        """The speech verb after a quote's frame, in its sentence (other quotes skipped);
        `라고 했다` counts, as does the first verb right after the frame."""
        sentence = self.body[self.position(close)]
        first_verb: Token | None = None
        for token in sentence.tokens:
            if token.start < frame_end or self.inside_quote(token, within):
                continue
            if token.tag in BRACKETS or token.form in ('"', "“", "”"):
                continue
            speech = token.form in self.words.speech_verbs or token.form in self.words.naming_verbs
            if speech and token.tag in VERBAL:
                if token.form == "보" and not re.match(
                    r"\s*(?:라)?고\s*(?:봤|본다|보았|보고)", self.text[close + 1 : close + 12]
                ):
                    continue
                return self._surface(token), token.start, token.form
            if token.form == "하" and token.tag == "VV" and token.start - frame_end <= 3:
                return self._surface(token), token.start, token.form
            if first_verb is None and token.tag == "VV":
                first_verb = token
            if token.tag == "EF":
                break
        if first_verb is not None and first_verb.start - frame_end <= 6:
            return self._surface(first_verb), first_verb.start, first_verb.form
        return None

    def _surface(self, token: Token) -> str:
        end = token.end
        while (
            end < len(self.text) and not self.text[end].isspace() and self.text[end] not in '.,!?"”'
        ):
            end += 1
        return self.text[token.start : end]

    # --- subjects -----------------------------------------------------------------------

    def subject_between(
        self, start: int, end: int, pair: _Pair | None, *, locative: bool = True
    ) -> Speaker | None:
        """The speaker among the subject phrases between two offsets of one sentence: the
        nearest topic or open nominative that names someone."""
        sentence = self.body[self.position(max(start, end - 1))]
        tokens = [
            t
            for t in sentence.tokens
            if start <= t.start and t.end <= end and not self.inside_quote(t, within=pair)
        ]
        if pair is not None:
            tokens = [t for t in tokens if not (pair.open <= t.start <= pair.close)]
        tokens = [t for t in tokens if not any(a < t.start < b for a, b in self.single)]
        # `관계자가 "…"면서 "…"고`: the frame of an earlier quote in a list does not end the
        # speaker's clause.
        listed = [
            (p.close, m.end())
            for p in self.pairs
            if start <= p.close < end and (m := _QUOTATIVE.match(self.text, p.close + 1))
        ]
        tokens = [t for t in tokens if not any(c < t.start < e for c, e in listed)]
        # In order: a nominative with nothing but nouns and particles before the quote
        # (`연합뉴스는 … 관계자가 "…"`: the 관계자), the nearest topic (`윤 일병이 … 들렀던
        # 병원의 병원장은 "…"`: the 병원장), a nominative whose clause runs on into the quote
        # (`강신명 전 경찰청장이 청문회에 나와 "…"`). A nominative inside a relative, a
        # nominalised or a reported clause (`위원회가 나열한`, `당국이 … 나열했다며`) never speaks.
        phrases = list(self.subject_phrases(tokens))
        tiers = (
            [p for p in phrases if p[1] == "nominative" and p[2] == 0],
            [p for p in phrases if p[1] == "topic"],
            [p for p in phrases if p[1] == "nominative" and p[2] == 1],
            [p for p in phrases if p[1] == "locative" and p[2] <= 1 and locative],
        )
        for n, tier in enumerate(tiers):
            for phrase, _, _ in reversed(tier):
                speaker = self.speaker_of(phrase)
                # With 에서, only a body speaks (`대통령실에서`), never a place (`국회에서`,
                # `대한민국에서`).
                if speaker is not None and (
                    n < 3 or (speaker.type in ("ORG", "ROLE") and speaker.name not in self.places)
                ):
                    return speaker
        return None

    def subject_phrases(self, tokens: Sequence[Token]) -> Iterable[tuple[list[Token], str, int]]:
        """(noun phrase, topic|nominative, how far its clause ended before the tokens end:
        0 not at all, 1 only a plain connective, 2 closed)."""
        for k, t in enumerate(tokens):
            kind = None
            if t.tag == "JKS" or t.form == "께서":
                kind = "nominative"
            elif t.form in ("역시", "또한") and k and tokens[k - 1].tag in NOMINAL:
                kind = "topic"  # `우운택 카이스트 교수 역시 "…"`
            elif t.tag == "JX" and t.form in ("은", "는", "도"):
                kind = "topic"
                if (
                    k
                    and tokens[k - 1].tag == "JKB"
                    and tokens[k - 1].form not in ("에서", "에서도")
                ):
                    continue  # `에게는`, `에 대해서는`: adverbials, not subjects
            elif (
                t.form == "에서"
                and t.tag == "JKB"
                and not (k + 1 < len(tokens) and tokens[k + 1].tag == "JX")
            ):
                kind = "locative"  # `대통령실에서 "…"라고 하며`: a body as the one speaking
            if kind is None:
                continue
            end = k - 1 if k and tokens[k - 1].form == "에서" else k
            if kind == "locative":
                end = k
            phrase = self.phrase_before(tokens, end)
            if not phrase:
                continue
            closure = _closure(tokens[k + 1 :])
            yield phrase, kind, closure
            # `신주백 교수와 시민단체 '…연대'는 "…"`: the first of two who speak together
            # is read first (the tiers try the last phrase of a tier first).
            j = tokens.index(phrase[0]) - 1
            while j >= 0 and (tokens[j].tag in NOMINAL or tokens[j].tag in ("SSO", "JKG")):
                j -= 1
            if j > 0 and tokens[j].tag == "JC" and tokens[j].form in ("와", "과"):
                first = self.phrase_before(tokens, j)
                if first:
                    yield first, kind, closure

    def phrase_before(self, tokens: Sequence[Token], k: int) -> list[Token]:
        """The noun phrase ending right before tokens[k]: nouns, names (whatever Kiwi cut
        them into), `의` between nouns, a parenthesis (`(54)`, `(장낙원 부장판사)`), a
        determiner (`한 관계자`)."""
        out: list[Token] = []
        edge = tokens[k].start if k < len(tokens) else 0  # where the phrase begins so far
        j = k - 1
        while j >= 0 and len(out) < 12:
            t = tokens[j]
            glued = t.end == edge  # part of the word the phrase begins with
            side = len(out) == 1 and (
                out[0].form in self.words.group_heads or out[0].form in self.words.org_appositions
            )
            if t.tag == "SSC" and t.form in ">》〉'’\"”" and (not out or side):
                # `<자유일보>는`: a name in title brackets is the name (`'사의재' 측도`: its side)
                opening = next((i for i in range(j - 1, -1, -1) if tokens[i].tag == "SSO"), None)
                if opening is None:
                    break
                out = [u for u in tokens[opening + 1 : j] if u.tag != "SP"] + out
                break
            if t.tag == "SSC" and t.form in ")]":
                depth, i = 0, j
                while i >= 0:
                    depth += tokens[i].tag == "SSC"
                    depth -= tokens[i].tag == "SSO"
                    if depth == 0:
                        break
                    i -= 1
                if i <= 0:
                    break
                if not out:  # `개발관(국장)도`, `(Lila Tretikov)는`: kept, for its title
                    out = list(tokens[i : j + 1])
                edge, j = tokens[i].start, i - 1  # one inside the phrase is read through
                continue
            if out and edge - t.end > 1:
                break
            if t.form in _LEADING_WORDS and not glued:
                break
            word = (
                t.tag in NOMINAL
                or self.covered(t)
                or (glued and out and t.tag[0] in "NMIV")
                or (t.form == "%" and not out)  # `국민의 56%가`
            )
            genitive = t.tag == "JKG" and out and j > 0 and tokens[j - 1].tag in NOMINAL
            if word or genitive:
                out.insert(0, t)
            elif t.tag == "MM" and out and t.form in _TITLE_MODIFIERS:
                out.insert(0, t)  # `문재인 전 대통령`: part of the title, read on
            elif (
                t.tag == "MM"
                and t.form == "한"
                and out
                and j > 0
                and tokens[j - 1].tag in ("NNG", "NNP", "JKG")
            ):
                out.insert(0, t)  # `업계 한 관계자`, `대통령의 한 측근`: one of theirs, read on
            elif t.tag == "MM" and out:
                out.insert(0, t)
                break
            elif t.tag == "SP" and t.form == "·" and out:
                out.insert(0, t)
            else:
                break
            edge = t.start
            j -= 1
        while out and out[0].tag in ("JKG", "SP"):
            out.pop(0)
        return out

    def speaker_of(self, phrase: list[Token]) -> Speaker | None:
        """Who a subject phrase names: a person (with the title and affiliation around the
        name), an organisation, a place acting as a state, a role, or no one."""
        if not phrase:
            return None
        determiner = (
            phrase[0].form
            if phrase[0].tag == "MM"
            and phrase[0].form not in _TITLE_MODIFIERS
            and not self.covered(phrase[0])
            else None
        )
        words = phrase[1:] if determiner is not None else list(phrase)
        # `샤오치잉 자신들은`, `김 의원 본인은`: the one named, stressed
        selves = [k for k, t in enumerate(words) if k and t.form in ("자신", "자신들", "본인")]
        if selves and all(t.form == "들" for t in words[selves[-1] + 1 :]):
            words = words[: selves[-1]]
        # A parenthesis that ends the phrase: `전략기술개발관(국장)`, `트레티코프 (Lila Tretikov)`.
        opened = next((i for i, t in enumerate(words) if t.tag == "SSO"), len(words))
        aside, words = words[opened:], words[:opened]
        if not words:
            return None
        start, end = words[0].start, words[-1].end
        if len(words) == 1 and words[0].form in _PARTITIVES:
            # `네티즌들은 … 반응을 보였다. 일부는 "…"`: part of the group just named
            group = self.last_group()
            return replace(group, found="continued") if group is not None else None
        if len(words) == 1 and words[0].tag == "NP":
            found = self.last_person() or self.last_speaker()
            if words[0].form in _PRONOUNS and found is not None:
                return replace(found, found="pronoun")
            return None
        if words[-1].form in ("%", "퍼센트") and any(t.tag == "JKG" for t in words):
            surface = self.text[start:end]  # `국민의 56%가`, `지지자들 중의 59%는`
            return Speaker(surface, surface, "ROLE")
        inside = self.mentions_in(start, end)
        head = _head(words)
        titled_aside = any(self._role(t) for t in aside if t.tag.startswith("N"))
        latin_aside = any(t.tag == "SL" for t in aside) and all(
            t.tag in ("SL", "SSO", "SSC", "SP") for t in aside
        )
        people = [m for m in inside if m.type == "PER"]
        others = [m for m in inside if m.type != "PER"]
        if people:
            person = people[-1]
            if head.end <= person.end or head.form in _PERSON_MARKS:
                return self._person(person, others, None)  # 홍길동은, 홍길동(54) 씨는
            if head.form in self.words.group_heads:
                surface = self.text[person.start : end]  # `박근혜 정부`, `홍길동 측`
                return Speaker(surface, surface, "ROLE", head.form, person.entity)
            if any(t.tag == "JKG" and t.start >= person.end and not self.covered(t) for t in words):
                # `김영수 의원의 보좌관은`: someone of theirs; `오주한 선수의 경기 포기는`: no one;
                # `김원웅 광복회장의 발언이`: their words, so them
                if _speech_noun(head.form):
                    return self._person(person, others, None)
                if not self._role(head):
                    return None
                surface = self.text[start:end]
                return Speaker(surface, surface, "ROLE", head.form, person.entity)
            # `홍길동 서울시 교통과장`, `한빛당 김철수 의원`, `박근혜 대통령 후보자`: the person
            # speaks, the title is what follows the last name in the phrase.
            last = max((m.end for m in inside), default=person.end)
            after = [t for t in words if t.start >= last and t.tag != "SSC"]
            title = self.text[after[0].start : head.end] if after else None
            speaker = self._person(person, others, title)
            if len(person.surface) == 1:  # `윤 대통령`: the surname and title as written
                speaker = replace(speaker, surface=self.text[person.start : head.end])
            return speaker
        orgs = [m for m in others if m.type == "ORG"]
        if orgs and (
            orgs[-1].end >= head.end
            or (head.form in self.words.org_appositions and head.start - orgs[-1].end <= 1)
        ):
            return Speaker(orgs[-1].entity, orgs[-1].surface, "ORG")
        if orgs and (unit := self._body_of(orgs[-1], head, self.unit_endings)) is not None:
            return unit  # `서울지방경찰청 광역수사대는`, `국토부 항공정책실은`: a unit of the body
        if head.form in self.roles:
            pass  # `대리인단`, `재판부`: described, not named; read as a role below
        elif (len(head.form) >= 3 and head.form.endswith(self.org_endings)) or (
            len(head.form) >= 4 and head.form.endswith(self.body_endings)
        ):
            # `홍콩 소재 인권민주주의정보센터는`: a body the entity scan did not name
            surface = self.text[head.start : head.end]
            return Speaker(surface, surface, "ORG")
        places = [m for m in others if m.type == "LOC"]
        if places and places[-1].end >= head.end:
            return Speaker(places[-1].entity, places[-1].surface, "LOC")
        if places and (body := self._body_of(places[-1], head, self.body_endings)) is not None:
            return body  # `스웨덴 한림원은`: a body of that country
        # `트레티코프는`: a word Kiwi did not know at all, alone as the subject, is a name
        unknown = len(words) == 1 and words[0].oov and len(words[0].form) >= 3
        if (
            not inside
            and determiner is None
            and (
                all(t.tag == "NNP" for t in words)
                or (latin_aside and len(words) <= 3)
                or (unknown and words[0].tag in ("NNG", "NNP"))
            )
        ):
            # `호나우두가 "…"고 말했다`: a proper noun the entity scan left untyped, the
            # subject of speech, is a speaker; a name unless it ends like a body.
            surface = self.text[start:end]
            kind = "ORG" if surface.endswith(self.org_endings) else "PER"
            return Speaker(surface, surface, kind)
        if determiner in _ANAPHORIC and len(words) <= 2 and self._role(head):
            # `이 관계자는`, `해당 매체는`, `이 후보는`: someone named before.
            found = (
                (self.last_titled(head.form, surname="이") if determiner == "이" else None)
                or self.last_titled(head.form)
                or self.last_speaker()
            )
            if found is not None:
                return replace(found, found="pronoun")
        if (named := _with_ssi(head.form)) is not None and len(words) <= 2:
            return Speaker(named, head.form, "PER")  # `김영오씨는`, a name Kiwi did not know
        first = words[0]
        # A word Kiwi did not know, shaped like a Korean name (노경원), is read as one here.
        name_like = first.tag == "NNP" or (first.oov and bare_korean_name(first.form))
        if (
            name_like
            and len(words) >= 2
            and (titled_aside or _ends_in_title(head.form, self.titles))
            and not self.covered(first)
        ):
            # `카다피 국가 원수는`: a proper noun before a title is the person who holds it
            title = self.text[words[1].start : end]
            return Speaker(first.form, first.form, "PER", title)
        if self._role(head) or titled_aside:
            if len(words) == 1 and head.form in self.titles:
                found = self.last_titled(head.form)
                if found is not None:
                    return replace(found, found="title")  # `대통령은`: the one named before
            while len(words) > 2 and words[0].tag == "SN" and words[1].form in _DATE_UNITS:
                words = words[2:]  # `31일 해양경찰청 관계자`: the date is not the speaker's
            surface = self.text[words[0].start : end]
            one = [k for k, t in enumerate(words) if t.tag == "MM" and t.form == "한"]
            if one and words[one[0] - 1].tag != "JKG":
                # `업계 한 관계자` -> `업계 관계자`; `대구지검의 한 검사` stays as written
                surface = " ".join(surface.replace(" 한 ", " ").split())
            org = next((m for m in others if m.end <= head.start), None)
            return Speaker(surface, surface, "ROLE", head.form, org.entity if org else None)
        return None

    def _body_of(self, owner: Mention, head: Token, endings: tuple[str, ...]) -> Speaker | None:
        """A body named after an organisation or a place it belongs to, kept as written
        with the owner as its affiliation, when the head word ends like a body."""
        if head.start <= owner.end or len(head.form) < 3 or not head.form.endswith(endings):
            return None
        if self._role(head):
            return None
        surface = self.text[owner.start : head.end]
        return Speaker(surface, surface, "ORG", None, owner.entity)

    def _person(self, person: Mention, others: Sequence[Mention], title: str | None) -> Speaker:
        phrase_org = next((m.entity for m in others if m.type == "ORG"), None) or next(
            (m.entity for m in others), None
        )
        return Speaker(
            person.entity,
            person.surface,
            "PER",
            title or person.title,
            person.affiliation or phrase_org,
        )

    def _role(self, head: Token) -> bool:
        form = head.form
        if form in self.roles or form in self.titles:
            return True
        if form.endswith("대") and form[:-1].isdigit():
            return True  # `30대가`: a person of that age
        if (form.endswith("씨") and len(form) >= 2) or form in ("모군", "모양"):
            return True  # `김 모씨는`, `양 모양은`
        # A compound ending in a title or a person noun: `업계관계자`, `교통과장`,
        # `서울항공청장` (not in a body's word: 개회사 is no 회사).
        return len(form) >= 3 and any(
            form.endswith(t)
            for t in (*self.titles, *self.roles)
            if len(t) >= 2 and t not in self.words.body_roles
        )

    # --- what came before ---------------------------------------------------------------

    def last_speaker(self, before: int | None = None) -> Speaker | None:
        """The last one who spoke: at most two sentences back, or up to four when no one
        else was the subject of a sentence in between (`"…"고 말했다. 회의는 … 끝났다.
        … 이어 "…"`)."""
        for at, speaker in reversed(self.events):
            if before is None or before - at <= _CONTINUE_WITHIN:
                return speaker
            others = {p for p, _ in (*self.subjects, *self.groups) if at < p < before}
            if before - at <= _CONTINUE_QUIET and not others:
                return speaker
            break
        return None

    def last_group(self) -> Speaker | None:
        """The group (a role or an organisation) last named as a subject, at most two
        sentences back."""
        here = self.position(self._now)
        for at, speaker in reversed(self.groups):
            if here - at > _CONTINUE_WITHIN:
                break
            return speaker
        return None

    def last_person(self) -> Speaker | None:
        """The person who spoke or was a subject last."""
        seen = [(at, sp) for at, sp in self.events if sp.type == "PER"] + self.subjects
        return max(seen, key=lambda x: x[0])[1] if seen else None

    def last_titled(self, title: str, surname: str | None = None) -> Speaker | None:
        """The person last named with this title (`국방장관` for `장관`), and this surname
        if given (`이 후보`: 이정희, not the last 후보)."""
        for m in reversed(self.mentions[: bisect.bisect_left(self.mention_starts, self._now)]):
            titled = m.type == "PER" and m.named and (m.title or "").endswith(title)
            if titled and (surname is None or m.entity.startswith(surname)):
                return Speaker(m.entity, m.surface, "PER", m.title, m.affiliation)
        return None

    # --- the quotes ---------------------------------------------------------------------

    def quotes(self) -> tuple[tuple[Quote, ...], tuple[QuotedTerm, ...]]:
        """The quotations, and the short quoted spans that are no speech."""
        out: list[Quote] = []
        terms: list[QuotedTerm] = []
        headings: list[tuple[_Pair, str, int]] = []
        done_sentences = -1
        for k, pair in enumerate(self.pairs):
            inner = " ".join(self.text[pair.open + 1 : pair.inner_end].split())
            if len(inner) < 2:
                continue
            at = self.position(pair.open)
            self._note_sentences(done_sentences + 1, at)
            done_sentences = max(done_sentences, at - 1)
            self._now = pair.open
            quote = self.read(k, pair, inner, at)
            if pair.open in self.single_opens or pair.unclosed:
                # Speech only with a speaker (and, where the outlet left the mark open, a
                # verb of saying after the words).
                said = not pair.unclosed or self.frame(k).lemma in self.words.speech_verbs
                if quote is not None and quote.speaker and said:
                    out.append(quote)
            elif quote is not None:
                out.append(quote)
            elif self.heading(pair):
                headings.append((pair, inner, at))
            elif len(inner.split()) <= _TERM_WORDS and not _CLAUSE_END.search(inner):
                terms.append(QuotedTerm(inner, self.body[at].index, pair.open, pair.close + 1))
                if self.ends_title(pair, at):
                    headings.append((pair, inner, at))
        repeated = self.repeated(headings, out)
        # A headline's closing quote that repeats a quotation is speech, not a term.
        echoed = {q.start for q in repeated}
        terms = [t for t in terms if t.start not in echoed]
        out += repeated
        return tuple(self.full_names(sorted(out, key=lambda q: q.start))), tuple(terms)

    def full_names(self, quotes: Sequence[Quote]) -> list[Quote]:
        """A speaker named by the last word of a full name given before (`데미스 허사비스 …
        허사비스는 "…"`) is that person (`consistency.fuller_name`, as for the mentions;
        this reads the speakers the rules found in the phrase, not among the mentions)."""
        people = [(m.start, m.entity) for m in self.mentions if m.type == "PER" and " " in m.entity]
        people += [(q.start, q.speaker) for q in quotes if q.speaker_type == "PER" and q.speaker]
        out = []
        for q in quotes:
            if q.speaker_type == "PER" and q.speaker:
                full = fuller_name(q.speaker, (p for at, p in people if at < q.start))
                if full is not None:
                    q = replace(q, speaker=full)
            out.append(q)
        return out

    def ends_title(self, pair: _Pair, at: int) -> bool:
        """Whether a quote closes a headline or its deck (`해솔바이오, 임상 3상 돌입…"2028년
        출시 목표"`): the words of someone the article quotes, abridged."""
        if self.body[at].part not in ("title", "deck"):
            return False
        line_end = self.text.find("\n", pair.close)
        line_end = len(self.text) if line_end == -1 else line_end
        return _HEADING_TAIL.fullmatch(self.text, pair.close + 1, line_end) is not None

    def heading(self, pair: _Pair) -> bool:
        """Whether a quote is a line of its own, a sub-headline (`■ "…"`, `[“…”]`)."""
        line_start = self.text.rfind("\n", 0, pair.open) + 1
        line_end = self.text.find("\n", pair.close)
        line_end = len(self.text) if line_end == -1 else line_end
        return (
            _HEADING_LEAD.fullmatch(self.text, line_start, pair.open) is not None
            and _HEADING_TAIL.fullmatch(self.text, pair.close + 1, line_end) is not None
        )

    def repeated(
        self, headings: Sequence[tuple[_Pair, str, int]], quotes: Sequence[Quote]
    ) -> list[Quote]:
        """Sub-headlines that repeat (or abridge) a quotation of the article: the same
        speaker's words, found `repeated`."""
        spoken = [(q, _bigrams(q.text)) for q in quotes if q.speaker]
        out = []
        for pair, inner, at in headings:
            grams = _bigrams(inner)
            if len(grams) < _HEADING_MIN_BIGRAMS:
                continue
            best = max(spoken, key=lambda qg: len(grams & qg[1]) / len(grams), default=None)
            if best is None or len(grams & best[1]) / len(grams) < _HEADING_OVERLAP:
                continue
            out.append(
                replace(
                    best[0],
                    text=inner,
                    sentence=self.body[at].index,
                    start=pair.open,
                    end=pair.close + 1,
                    verb=None,
                    how="repeated",
                )
            )
        return out

    def _note_sentences(self, first: int, last: int) -> None:
        """Remember the speakers of sentences without quotes that report speech (`홍길동은
        … 밝혔다`) and the people named as subjects, for the quotes that follow."""
        for position in range(first, last):
            if position in self.quoting:
                continue
            sentence = self.body[position]
            self._now = sentence.end
            tokens = [t for t in sentence.tokens if not self.inside_quote(t)]
            tail = tokens[-6:]
            speech = any(
                t.form in self.words.speech_verbs and t.tag in VERBAL for t in tail
            ) or any(
                # `… 지지할 것이라고 하였다`: reported speech with 하다
                a.form in ("다고", "라고", "이라고") and b.form == "하" and b.tag == "VV"
                for a, b in pairwise(tail)
            )
            for phrase, _, _ in self.subject_phrases(tokens):
                speaker = self.speaker_of(phrase)
                if speaker is None:
                    continue
                if speaker.type == "PER":
                    self.subjects.append((position, speaker))
                elif speaker.type in ("ROLE", "ORG"):
                    self.groups.append((position, speaker))
                if speech:
                    self.events.append((position, speaker))
                break

    def quote_context(
        self, pair: _Pair, frame: _Frame, opening: Sentence, at: int, inner: str
    ) -> _Quoted:
        """What the speaker rules read of a quote: its own sentence's start, and the
        tokens between that start and the quote."""
        begin = self.lead_start(opening, pair)
        tokens = [t for t in opening.tokens if t.start >= begin and t.end <= pair.open]
        lead = [t for t in tokens if not self.inside_quote(t, within=pair)]
        return _Quoted(
            pair, frame, opening, at, inner, begin, tokens, lead, self.text[begin : pair.open]
        )

    def read(self, k: int, pair: _Pair, inner: str, at: int) -> Quote | None:
        opening = self.body[at]
        frame = self.frame(k)
        if frame.kind == "quotative" and _naming(inner, self.text, pair.close, frame):
            return None  # `"내셔널메모리얼파크"라고 하면`, `"fuckers"라고 번역되었다`: a name
        quoted = self.quote_context(pair, frame, opening, at, inner)
        if frame.kind == "none":
            speaker, how = self.unframed(quoted)
        else:
            speaker, how = self.framed(quoted)
            if speaker is None and " " not in inner:
                return None  # a one-word quote with no one saying it: a term
        if frame.kind == "none" and speaker is None:
            return None  # no frame: a title, a term or a scare quote
        if speaker is not None:
            speaker = replace(speaker, surface=_unbracket(speaker.surface))
            if speaker.type == "ROLE":
                speaker = replace(speaker, name=_unbracket(speaker.name))
            self.events.append((at, replace(speaker, found="")))
            if speaker.type in ("ROLE", "ORG"):
                self.groups.append((at, replace(speaker, found="")))
        return Quote(
            text=inner,
            speaker=speaker.name if speaker else None,
            title=speaker.title if speaker else None,
            affiliation=speaker.affiliation if speaker else None,
            verb=frame.verb[0] if frame.verb else None,
            sentence=opening.index,
            start=pair.open,
            end=pair.close + 1,
            speaker_type=speaker.type if speaker else None,
            surface=speaker.surface if speaker else None,
            how=how if speaker else "",
        )

    def framed(self, quoted: _Quoted) -> tuple[Speaker | None, str]:
        """The speaker of a quote in a speech frame, by the first rule that finds one (a
        reaction that rises, `"…"는 반응이 나왔다`, has rules of its own)."""
        rules = (
            VOICES_RULES
            if quoted.frame.kind == "noun" and self.voices_rise(quoted.frame)
            else FRAMED_RULES
        )
        return _first(rules, self, quoted)

    def relative_rule(self, q: _Quoted) -> Speaker | None:
        """`"…"라고 말하는 사람들도`, `"…"고 밝힌 김 의원은`: the noun the speech verb
        modifies (not a generic one when the sentence has a topic of its own)."""
        relative = self.relative_speaker(q.frame, q.pair)
        if (
            relative is not None
            and relative.surface.endswith(self.words.anyone)
            and _has_topic(q.lead)
            and not any(t.tag == "EC" for t in q.lead[_last_topic(q.lead) :])
        ):
            return None  # `일부 네티즌들은 "…"라며 걱정하는 사람도 있었다`: the topic
        return relative

    def crowd_rule(self, q: _Quoted) -> Speaker | None:
        """`누리꾼들 사이에서 "…"는 반응이 나왔다`: the group the voices rose among."""
        return self.crowd(q.opening, q.begin, q.pair)

    def credited_rule(self, q: _Quoted) -> Speaker | None:
        """Named after the quote (see `credited_after`)."""
        return self.credited_after(q.pair)

    def subject_rule(self, q: _Quoted) -> Speaker | None:
        """The subject before the quote, or between it and its speech verb."""
        speaker = self.subject_between(q.begin, q.pair.open, q.pair)
        if speaker is None and q.frame.verb is not None:
            speaker = self.subject_between(q.frame.end, q.frame.verb[1], None)
        return speaker

    def source_rule(self, q: _Quoted) -> Speaker | None:
        """Whose account the sentence gives (see `source`)."""
        return self.source(q.lead)

    def answer_rule(self, q: _Quoted) -> Speaker | None:
        """The one asked, in this sentence or, with no subject here, the one before
        (`총무팀에 전화로 문의했다. "…"라고 답했다`)."""
        if (asked := self.addressee(q.lead)) is not None:
            return asked
        if not _has_subject(q.lead):
            return self.addressee(self._before(q.opening, q.begin))
        return None

    def pronoun_rule(self, q: _Quoted) -> Speaker | None:
        """`그는` with a particle Kiwi does not split off: the person last named, or the
        last speaker; nobody, if neither."""
        lead = q.lead
        if any(
            t.tag == "NP"
            and t.form in _PRONOUNS
            and not (k + 1 < len(lead) and lead[k + 1].tag == "JKG")
            for k, t in enumerate(lead)
        ):
            return self.last_person() or self.last_speaker(before=q.at) or NOBODY
        return None

    def continued_rule(self, q: _Quoted) -> Speaker | None:
        """No subject of its own (or `이어`, `또`): the speaker it continues; not a quote
        that opens its sentence with the subject after it (`"…"이라고 최재원 상무는
        설명했다`)."""
        first = q.lead[0].form if q.lead else ""
        if first in _CONTINUERS:
            return self.last_speaker(before=q.at)
        if _has_subject(q.lead) or (not q.lead and self.subject_after_rule(q) is not None):
            return None
        return self.last_speaker(before=q.at)

    def subject_after_rule(self, q: _Quoted) -> Speaker | None:
        """`"…"라며 김 의원은 반발했다`: the subject after the quote, to the end of the
        speech verb's clause (not `"…"고 신고했고, 해경은 …`)."""
        closing = self.body[self.position(q.pair.close)]
        end = closing.end
        if q.frame.verb is not None:
            verb = q.frame.verb[1]
            end = next(
                (
                    t.end
                    for t in closing.tokens
                    if t.start >= verb and t.tag in ("EC", "EF") and not self.inside_quote(t)
                ),
                end,
            )
        return self.subject_between(q.frame.end, end, None, locative=False)

    def voices_rise(self, frame: _Frame) -> bool:
        """Whether the speech noun of the frame is the subject of voices rising."""
        m = _VOICES_RISE.match(self.text, frame.end)
        if m is None:
            return False
        if m["particle"]:
            return True
        sentence = self.body[self.position(frame.end - 1)]
        return any(t.end == frame.end and t.tag in SUBJECT_PARTICLES for t in sentence.tokens)

    def crowd(self, opening: Sentence, begin: int, pair: _Pair) -> Speaker | None:
        """`누리꾼들 사이에서(는) "…"는 반응이 나왔다`: the group the voices rose among."""
        lead = [
            t
            for t in opening.tokens
            if begin <= t.start and t.end <= pair.open and not self.inside_quote(t, within=pair)
        ]
        for k in range(len(lead) - 1, 0, -1):
            if lead[k].form == "사이" and k + 1 < len(lead) and lead[k + 1].form == "에서":
                speaker = self.speaker_of(self.phrase_before(lead, k))
                if speaker is not None and speaker.type != "LOC":
                    return speaker
        return None

    def relative_speaker(self, frame: _Frame, pair: _Pair) -> Speaker | None:
        """`"…"라고 말하는 사람들도 있었다`, `"…"라며 … 비판하는 이들도`, `"…"고 밝힌 김 의원은`:
        a speech verb (or the verb its clause runs into) modifying a noun makes that noun
        the one speaking, whatever subject came before the quote."""
        closing = self.body[self.position(pair.close)]
        tokens = [t for t in closing.tokens if t.start >= frame.end and not self.inside_quote(t)]
        joins, clause = 0, None
        for k, t in enumerate(tokens):
            if t.tag in ("EF", "SF", "SSO", "JKS") or (t.tag == "JX" and t.form in "은는"):
                return None
            if t.tag == "EC":
                joins += 1
                if joins > 1 or t.form not in ("며", "면서", "고", "라며", "으며"):
                    return None
                clause = tokens[k + 1] if k + 1 < len(tokens) else None
            if t.tag != "ETM":
                continue
            head = []
            for u in tokens[k + 1 :]:
                if u.tag not in NOMINAL and u.tag != "MM":
                    break
                head.append(u)
            if not head or k + 1 + len(head) >= len(tokens):
                return None
            marker = tokens[k + 1 + len(head)]
            # `"…"고 인정한 감사원 고위 인사의 녹음 파일`: theirs, so them
            owner = marker.tag == "JKG" and (speaker := self.speaker_of(head)) is not None
            if owner and speaker is not None and speaker.type in ("PER", "ROLE"):
                return replace(speaker, found="after")
            if not (marker.tag in SUBJECT_PARTICLES or marker.form in ("역시", "또한")):
                return None
            generic = self.text[head[0].start : head[-1].end].endswith(self.words.anyone)
            if (head[0].form == "이" and head[0].tag == "NNB") or generic:
                # `비판하는 이들`, `비관적으로 보는 사람`: described by their clause, as written
                if clause is None and (frame.verb is None or tokens[0].start != frame.verb[1]):
                    clause = tokens[0]  # `"…"라며 세대 혐오를 하는 이들`
                surface = self.text[(clause or head[0]).start : head[-1].end]
                return Speaker(surface, surface, "ROLE")
            speaker = self.speaker_of(head)
            if speaker is None or speaker.type == "LOC":
                return None
            return speaker
        return None

    def credited_after(self, pair: _Pair) -> Speaker | None:
        """The speaker named after the quote: `"…"(박지영 한빛은행 부행장)`, `"…"는 게 업계의
        설명이다`, `"…." 한빛은행 박지영 부행장의 말이다.` (in the quote's sentence, or in a
        short sentence right after it)."""
        after = self.text[pair.close + 1 : pair.close + 60]
        aside = re.match(r"\s*\(([^()]{2,40})\)", after)
        position = self.position(pair.close)
        sentences = [self.body[position]]
        if position + 1 < len(self.body):
            sentences.append(self.body[position + 1])
        tokens = [
            t
            for s in sentences
            for t in s.tokens
            if t.start > pair.close and not self.inside_quote(t)
        ]
        if aside is not None:
            closing = pair.close + aside.end()  # the offset of `)`
            inside = [t for t in tokens if t.end <= closing and t.tag not in BRACKETS]
            speaker = self.speaker_of(self.phrase_before(inside, len(inside)))
            if speaker is not None and speaker.type in ("PER", "ROLE"):
                return speaker
        ends_sentence = not self.text[pair.close + 1 : sentences[0].end].strip(" .\"'”’")
        said = (
            self._said_sentence(sentences[-1], pair)
            if len(sentences) > 1 and ends_sentence
            else None
        )
        if said is not None:
            return said
        for k in range(1, len(tokens) - 2):
            if tokens[k].tag != "JKG":
                continue
            # X의 말이다 / 설명이다 / 분석이다, also with a modifier: X의 공통된 지적이다
            for j in range(k + 1, min(k + 5, len(tokens) - 1)):
                between = tokens[k + 1 : j]
                if between and between[-1].tag != "ETM":
                    continue
                noun, copula = tokens[j], tokens[j + 1]
                closes = copula.tag == "VCP" and any(u.tag == "EF" for u in tokens[j + 2 : j + 5])
                likened = copula.form in ("처럼", "대로")  # `"…"고 본 X의 말처럼`
                if _speech_noun(noun.form) and (closes or likened):
                    speaker = self.speaker_of(self.phrase_before(tokens, k))
                    if speaker is not None:
                        return speaker
                    break
        return None

    def _said_sentence(self, sentence: Sentence, pair: _Pair) -> Speaker | None:
        """`"…." 박지영 대표가 23일 간담회에서 한 말이다.`, `"…" 박지영 대표는 23일 이같이
        말했다.`: a sentence right after the quote that is only `X가 … (한) 말이다`, or that
        says X spoke thus (the press's lede: the quote first, then who said it)."""
        if sentence.start < pair.close or any(
            sentence.start <= p.open < sentence.end for p in self.pairs
        ):
            return None
        tokens = list(sentence.tokens)
        thus = _THUS.search(self.text, sentence.start, sentence.end)
        if thus is not None:
            k = next((k for k, t in enumerate(tokens) if t.start >= thus.start()), len(tokens))
            verbs = [t for t in tokens[k : k + 6] if t.tag in VERBAL]
            if (
                verbs
                and verbs[0].form in self.words.speech_verbs
                and any(t.tag == "EF" for t in tokens[k:])
            ):
                for phrase, kind, _ in self.subject_phrases(tokens[:k]):
                    if kind in ("nominative", "topic"):
                        return self.speaker_of(phrase)
            return None
        ends = [k for k, t in enumerate(tokens) if t.tag == "VCP"]
        if not ends or not _speech_noun(tokens[ends[-1] - 1].form if ends[-1] else ""):
            return None
        for phrase, kind, _ in self.subject_phrases(tokens[: ends[-1]]):
            if kind == "nominative":
                return self.speaker_of(phrase)
        return None

    def colon_speaker(self, opening: Sentence, begin: int, pair: _Pair) -> Speaker | None:
        """`박지영: "…"` (an interview's or a transcript's speaker before a colon)."""
        lead = [t for t in opening.tokens if begin <= t.start and t.end <= pair.open]
        if len(lead) >= 2 and lead[-1].form in (":", "："):
            return self.speaker_of(self.phrase_before(lead, len(lead) - 1))
        return None

    def _before(self, opening: Sentence, begin: int) -> list[Token]:
        """The sentence before the one beginning at `begin` (Kiwi may have kept both in
        `opening`), outside quotes."""
        if begin > opening.start:
            tokens = [t for t in opening.tokens if t.end <= begin]
        elif opening.index > 0 and (at := self.position(opening.start)) > 0:
            tokens = list(self.body[at - 1].tokens)
        else:
            return []
        ends = [k for k, t in enumerate(tokens[:-1]) if t.tag == "SF"]
        tokens = tokens[ends[-1] + 1 :] if ends else tokens
        return [t for t in tokens if not self.inside_quote(t)]

    def addressee(self, lead: Sequence[Token]) -> Speaker | None:
        """`연구소 측에 … 묻자 "…"는 답변이 돌아왔다`, `국무부에 이메일을 보냈으나 "…"라며`: with
        no subject of its own, the quote answers the one the question went to."""
        asked = next(
            (
                k
                for k in range(len(lead) - 1, 0, -1)
                if lead[k].form in self.words.asking
                and lead[k].tag in VERBAL
                # `… 질문에 "…"고 답했다`: the question answered, not someone asked
                and not (lead[k].tag == "NNG" and k + 1 < len(lead) and lead[k + 1].form == "에")
            ),
            None,
        )
        if asked is None:
            return None
        for k in range(asked - 1, 0, -1):
            if lead[k].form in ("에게", "에", "한테", "께") and lead[k].tag == "JKB":
                speaker = self.speaker_of(self.phrase_before(lead, k))
                if speaker is not None and speaker.type != "LOC":
                    return speaker
        return None

    def lead_start(self, opening: Sentence, pair: _Pair) -> int:
        """Where the quote's own sentence begins: Kiwi keeps sentences around quotes
        together (`…고 밝혔다. "…"며`), so after the last full stop before the quote."""
        begin = opening.start
        for t in opening.tokens:
            if t.end > pair.open:
                break
            if t.tag == "SF" and not self.inside_quote(t, within=pair):
                begin = t.end
        return begin

    def unframed(self, quoted: _Quoted) -> tuple[Speaker | None, str]:
        """A quote with no frame after it is speech only when a rule finds its speaker:
        introduced before (`…은 다음과 같이 말했다.` then the quote as a paragraph), under a
        headline's name, and so on (`UNFRAMED_RULES`); a one-word quote never is."""
        if " " not in quoted.inner:
            return None, ""
        return _first(UNFRAMED_RULES, self, quoted)

    def introduced_rule(self, q: _Quoted) -> Speaker | None:
        """A paragraph that is only a quote, after `…은 다음과 같이 말했다.`"""
        if not q.lead_text.strip() and q.at > 0 and _INTRODUCER.search(self.body[q.at - 1].text):
            return self.last_speaker(before=q.at)
        return None

    def headline_rule(self, q: _Quoted) -> Speaker | None:
        """`민경욱 "…"`: a person named right before the quote."""
        return self._headline(q.pair, q.opening)

    def colon_rule(self, q: _Quoted) -> Speaker | None:
        """`박지영: "…"` (see `colon_speaker`)."""
        return self.colon_speaker(q.opening, q.begin, q.pair)

    def paragraph_rule(self, q: _Quoted) -> Speaker | None:
        """A paragraph that is only a quote, right after someone spoke: theirs."""
        if (
            not q.lead_text.strip()
            and _CLAUSE_END.search(q.inner)
            and (continued := self.last_speaker(before=q.at)) is not None
            and self.events
            and q.at - self.events[-1][0] <= 1
        ):
            return continued
        return None

    def title_rule(self, q: _Quoted) -> Speaker | None:
        """`"…"가 눈에 띈다`, `"…"라는 제목의`: a quote followed by a particle or an
        adnominal ending is a title, not speech: nobody said it."""
        after = q.pair.close + 1
        if _PARTICLE_AFTER.match(self.text, after) or _ADNOMINAL.match(self.text, after):
            return NOBODY
        return None

    def said_source_rule(self, q: _Quoted) -> Speaker | None:
        """`윤치호의 "… 달아오른다"와`: a clause, not a title, after a genitive is that
        one's words, though a particle follows it (`봉준호 감독의 "기생충"이` stays a title,
        and so does what an adnominal ending makes a name of: `아인슈타인의 "…"는 이론`)."""
        if _CLAUSE_END.search(q.inner) is None or _ADNOMINAL.match(self.text, q.pair.close + 1):
            return None
        return self.source(q.tokens, right_before=True)

    def source_before_rule(self, q: _Quoted) -> Speaker | None:
        """`X의 "…"`: a genitive right before the quote."""
        return self.source(q.tokens, right_before=True)

    def sentences_source_rule(self, q: _Quoted) -> Speaker | None:
        """`중앙정보부에 따르면 “… 기획했다”.`: whole sentences after a source are still
        speech, with the closing mark lost or no verb after it."""
        return self.source(q.tokens) if _CLAUSE_END.search(q.inner) else None

    def sentences_subject_rule(self, q: _Quoted) -> Speaker | None:
        """`강정수 센터장은 "… 않는다. …`: whole sentences after a subject, the same."""
        if _CLAUSE_END.search(q.inner) is None:
            return None
        return self.subject_between(q.begin, q.pair.open, q.pair)

    def source(self, lead: Sequence[Token], right_before: bool = False) -> Speaker | None:
        """Whose words, when the sentence gives no subject: `잭 런던의 "…"`, `외교부 대변인
        명의의 논평을 통해 "…"`, `스가 관방장관의 담화문의 "…"` (a genitive right before
        the quote, or before a word for a statement)."""
        for k in range(len(lead) - 2, 0, -1):
            # `중앙정보부에 따르면 "…"`: whose account the sentence gives
            if lead[k].form == "에" and lead[k + 1].form == "따르" and not right_before:
                speaker = self.speaker_of(self.phrase_before(lead, k))
                if speaker is not None:
                    return speaker
        for k in range(len(lead) - 1, 0, -1):
            t = lead[k]
            if t.tag != "JKG":
                continue
            rest = lead[k + 1 :]
            statement = bool(rest) and rest[0].form in self.words.statements
            linking = all(u.form in _SOURCE_LINKS or u.tag == "SP" for u in rest[1:])
            if not rest or (statement and linking):
                phrase = self.phrase_before(lead, k)
                if phrase and phrase[-1].form == "명의":  # `외교부 대변인 명의의 논평`
                    phrase = phrase[:-1]
                speaker = self.speaker_of(phrase) if phrase else None
                if speaker is not None and speaker.type != "LOC":
                    return speaker
            if right_before:
                return None
        return None

    def _headline(self, pair: _Pair, opening: Sentence) -> Speaker | None:
        """`민경욱 "…"`: a person named right before the quote, nothing between."""
        gap = self.text[opening.start : pair.open]
        people = [m for m in self.mentions_in(opening.start, pair.open) if m.type == "PER"]
        if people and not gap[people[-1].end - opening.start :].strip(" ,"):
            p = people[-1]
            return Speaker(p.entity, p.surface, "PER", p.title, p.affiliation)
        return None


@dataclass(frozen=True)
class _Quoted:
    """A quote as the speaker rules read it: its marks, its frame, the sentence it opens
    in (and that sentence's place in the body), its text, where its own sentence begins
    (`begin`), the tokens from there to the quote (`tokens`; `lead`: those outside other
    quotes) and that stretch as text."""

    pair: _Pair
    frame: _Frame
    opening: Sentence
    at: int
    inner: str
    begin: int
    tokens: list[Token]
    lead: list[Token]
    lead_text: str


NOBODY = Speaker("", "", "")
"""A rule's verdict that the quote has no speaker: the rules after it are not tried."""


@dataclass(frozen=True)
class SpeakerRule:
    """One way of finding a quote's speaker. Its name is the quotes table's `how`; a rule
    that reads a subject phrase (`read`) gives instead what the phrase turned out to be:
    a name (`subject`), a description (`role`), or a title or a pronoun resolved to the
    person meant (`title`, `pronoun`)."""

    name: str
    find: Callable[[_Reader, _Quoted], Speaker | None]
    read: bool = False


FRAMED_RULES = (
    SpeakerRule("relative", _Reader.relative_rule, read=True),
    SpeakerRule("subject", _Reader.subject_rule, read=True),
    SpeakerRule("source", _Reader.source_rule),
    SpeakerRule("answer", _Reader.answer_rule),
    SpeakerRule("after", _Reader.credited_rule),
    SpeakerRule("pronoun", _Reader.pronoun_rule),
    SpeakerRule("continued", _Reader.continued_rule),
    SpeakerRule("subject after", _Reader.subject_after_rule, read=True),
)
"""A quote in a speech frame (`"…"라고 말했다`, `"…"라는 입장을 밝혔다`): the rules in order."""

VOICES_RULES = (
    SpeakerRule("relative", _Reader.relative_rule, read=True),
    SpeakerRule("crowd", _Reader.crowd_rule),
    SpeakerRule("after", _Reader.credited_rule),
)
"""A reaction that is itself the subject (`"…" 등의 반응이 잇따랐다`): never the sentence's
topic, only the group it rose among or one named after it."""

UNFRAMED_RULES = (
    SpeakerRule("introduced", _Reader.introduced_rule),
    SpeakerRule("headline", _Reader.headline_rule),
    SpeakerRule("after", _Reader.credited_rule),
    SpeakerRule("colon", _Reader.colon_rule),
    SpeakerRule("continued", _Reader.paragraph_rule),
    SpeakerRule("source", _Reader.said_source_rule),
    SpeakerRule("title", _Reader.title_rule),
    SpeakerRule("source", _Reader.source_before_rule),
    SpeakerRule("source", _Reader.sentences_source_rule),
    SpeakerRule("subject", _Reader.sentences_subject_rule, read=True),
)
"""A quote with no frame after it: speech only when one of these finds its speaker."""


def _first(
    rules: Sequence[SpeakerRule], reader: _Reader, quoted: _Quoted
) -> tuple[Speaker | None, str]:
    """The speaker found by the first rule that finds one, and how."""
    for rule in rules:
        speaker = rule.find(reader, quoted)
        if speaker is NOBODY:
            return None, ""
        if speaker is not None:
            return speaker, _how(speaker) if rule.read else rule.name
    return None, ""


def _head(words: Sequence[Token]) -> Token:
    """The phrase's head: its last word as written (`누리꾼` from 누리 + 꾼 + 들,
    `미래창조과학부` from 미래 + 창조 + 과학부), less a plural 들."""
    kept = [t for t in words if t.tag not in ("SSC", "SSO", "SH")]
    if not kept:
        return words[-1]
    if len(kept) > 1 and kept[-1].tag == "XSN" and kept[-1].form == "들":
        kept = kept[:-1]
    first = len(kept) - 1
    while first > 0 and kept[first - 1].end == kept[first].start:
        first -= 1
    last = kept[-1]
    if first == len(kept) - 1:
        return last
    form = "".join(t.form for t in kept[first:])
    return Token(form, kept[first].tag, kept[first].start, last.end)


_DATE_UNITS = frozenset({"년", "월", "일", "시", "분"})


def _unbracket(text: str) -> str:
    """`사의재' 측` -> `사의재 측`: a name's quote marks are not part of the speaker."""
    return " ".join(re.sub("[\"'‘’“”<>《》〈〉「」『』]", "", text).split())


def _with_ssi(word: str) -> str | None:
    """`김영오씨` -> 김영오: a Korean name glued to 씨."""
    stem = word[:-1] if word.endswith("씨") else ""
    if 2 <= len(stem) <= 4 and all("가" <= c <= "힣" for c in stem) and stem[0] != "모":
        return stem
    return None


def _how(speaker: Speaker) -> str:
    """How a speaker read from a subject phrase was found: as resolved (title, pronoun,
    continued), else a description (role) or a name (subject)."""
    return speaker.found or ("role" if speaker.type == "ROLE" else "subject")


def _ends_in_title(form: str, titles: frozenset[str]) -> bool:
    """A title, or a compound ending in one (`국가원수`, `교통과장`)."""
    return form in titles or any(form.endswith(t) for t in titles if len(t) >= 2)


def _speech_noun(noun: str) -> bool:
    return any(
        noun == n or (noun.startswith(n) and len(noun) - len(n) <= 2)
        for n in resources.quote_words().speech_nouns
    )


_THUS = re.compile(r"(?<![가-힣])(?:이같이|이와\s*같이|이렇게|이처럼)(?![가-힣])")
"""`… 교수는 이같이 말했다`: the words just quoted, said by the sentence's subject."""

_CLAUSE_END = re.compile(r"(?:[다요죠까네지라자오군며나냐고니]|습니다|[.?!…~])[\s\"'”’)]*$")


_PARTICLE_AFTER = re.compile(
    r"(?:을|를|이|가|은|는|의|에|에서|로|으로|과|와|도|만|처럼|보다)(?![가-힣])"
)


def _naming(inner: str, text: str, close: int, frame: _Frame) -> bool:
    """A few words quoted with 라고/고 and a verb of naming or translating, not of saying:
    `"내셔널메모리얼파크"라고 하면`, `"fuckers"라고 번역되었다`. A quotative 며/면서 and the
    other verbs keep it a quotation (`"재앙"이라며 비판했다`, `"환율이 변수"라고 짚었다`)."""
    if len(inner.split()) > 3 or _CLAUSE_END.search(inner):
        return False
    after = text[close + 1 : close + 12]
    if re.match(r"\s*(?:\(?이\)?)?(?:라며|라면서|며|면서)", after):
        return False
    if frame.lemma == "하" and frame.verb is not None:
        return frame.verb[0].startswith(("하면", "하는", "한다", "하고"))
    return frame.lemma in resources.quote_words().naming_verbs


def _closure(after: Sequence[Token]) -> int:
    """How the clause of a subject is ended by the tokens after it, read from its last
    ending: 0 no ending (open), 1 a plain connective (`… 청문회에 나와 "…"`), 2 a sentence
    end, a reported clause (`나열했다며`), or a relative or nominalised predicate with no
    connective after it (`위원회가 나열한 실패점`)."""
    endings = [(k, u) for k, u in enumerate(after) if u.tag in ("EF", "EC", "ETM", "ETN")]
    if not endings:
        return 0
    if any(u.tag == "EF" or u.form in _REPORTING_ENDINGS for _, u in endings):
        return 2
    if any(u.form.endswith("지") and u.form[:-1] in _QUESTION_STEMS for _, u in endings):
        return 2  # `요구사항이 있었는지에 대한 질문에는`: an embedded question
    k, last = endings[-1]
    # `30대가 범행을 저지른 당시 "…"`: a clause on a time noun goes on with its subject
    timed = last.tag == "ETM" and k + 1 < len(after) and after[k + 1].form in _TIME_NOUNS
    return 1 if last.tag == "EC" or timed else 2


def _has_topic(tokens: Sequence[Token]) -> bool:
    """A topic marked 은/는 (not the question answered, `… 질문에는 "…"고 답했다`, nor the
    one spoken to, `안산 선수에게는 "…"라고 축하했다`)."""
    questions = resources.quote_words().questions
    return any(
        t.tag == "JX"
        and t.form in ("은", "는")
        and not (k > 1 and tokens[k - 1].form == "에" and tokens[k - 2].form in questions)
        and not (k and tokens[k - 1].form in ("에게", "한테", "께"))
        and not (k and tokens[k - 1].tag == "EC")  # `거취에 대해서는`
        for k, t in enumerate(tokens)
    )


def _last_topic(tokens: Sequence[Token]) -> int:
    return max(
        (k for k, t in enumerate(tokens) if t.tag == "JX" and t.form in ("은", "는")), default=0
    )


def _has_subject(tokens: Sequence[Token]) -> bool:
    """A topic, or a nominative whose clause runs on (one inside a relative or reported
    clause, `의원의 교과서가 … 기술했다는 질문에`, is not the sentence's)."""
    return _has_topic(tokens) or any(
        t.tag == "JKS" and _closure(tokens[k + 1 :]) < 2 for k, t in enumerate(tokens)
    )


def find_quotes(
    sentences: Sequence[Sentence],
    text: str,
    mentions: Sequence[Mention],
    *,
    roles: frozenset[str] = frozenset(),
    titles: frozenset[str] = frozenset(),
    org_endings: tuple[str, ...] = (),
    places: frozenset[str] = frozenset(),
) -> tuple[tuple[Quote, ...], tuple[QuotedTerm, ...]]:
    """Every direct quotation of a document with its speaker (see the module docstring),
    and the short quoted spans that are no speech (terms, titles, scare quotes)."""
    endings = tuple(e for e in org_endings if len(e) >= 2) + resources.org_endings().speaker
    reader = _Reader(sentences, text, mentions, roles, titles, endings, places)
    if not reader.body:
        return (), ()
    return reader.quotes()
