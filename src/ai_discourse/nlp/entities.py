"""Organisations and people in a Doc: Kiwi proper nouns + title patterns + the gazetteer.

Kiwi has no named-entity recognizer, so a mention is found by one of, in order:
1. the gazetteer (data/entities.toml, data/institutions.toml, data/places.txt) and the
   targets: every variant -> canonical name;
2. a person pattern: a name followed by a title, optionally with an affiliation and a
   department in between (`김기응 석좌교수`, `강정수 블루닷 AI연구센터장`, `한지민 연세대
   경영학과 교수`), or an organisation before it (`삼성 이재용 회장`), or the title before
   it (`오픈AI의 CEO인 샘 알트만`). Names Kiwi cuts apart are rejoined: Korean names
   (`김택진` -> 김 + 택 + 진) and two-word foreign names (`사티아 나델라`);
3. an organisation pattern: a name ending in an organisation suffix (…전자, …위원회:
   data/org_endings.txt); `…대` becomes `…대학교`;
4. other proper nouns: a common surname + two syllables reads as a person; a word Kiwi
   knows as a proper noun, or one next to company words (매출, 주가, 관계자 …), as an
   organisation; places never count.
The word lists these rules read (company words, affiliate tails, place heads …) are
data/entity_words.txt.
Short references are resolved within the document: `김 교수` and `손회장` go to the person
with that surname (and title) named before, `황 CEO` to `젠슨 황`, `알트만` to `샘 알트만`.
Captions are read for names (the only full mention of `이성엽` may be under a photo).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from ai_discourse.nlp.tags import NAME_PARTS, NAME_STARTS, NOMINAL, NOUNS, PROPER, TERM_TAGS
from ai_discourse.records import Mention, Sentence, Token
from ai_discourse.resources import Gazetteer, entity_words, org_endings, phrase_key

# The commonest surnames: with them, an unknown three-syllable proper noun reads as a person.
_COMMON_SURNAMES = frozenset("김이박최정강조윤장임")
_SURNAMES = _COMMON_SURNAMES | frozenset(
    "한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄채원천방공현함변염"
    "여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부"
)
_MAX_RUN = 4
_WEAK = frozenset({"context", "lexicon", "guess"})
# Particles a name may carry in running text, longest first ("" = the bare word).
_PARTICLE_CUTS = (
    "에서는",
    "으로는",
    "에게서",
    "까지",
    "에서",
    "에게",
    "으로",
    "처럼",
    "보다",
    "부터",
    "마저",
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "의",
    "와",
    "과",
    "도",
    "에",
    "로",
    "만",
    "",
)
_NOTE = re.compile(
    r"(?:사진|그림|영상)?\s*(?:맨?\s*(?:왼쪽|오른쪽|가운데|앞줄|뒷줄|위|아래)(?:\s*(?:에서\s*)?\S{1,4}째)?)?"
    r"|\d{1,3}(?:세)?(?:\s*[·,]\s*(?:남|여|남성|여성))?|(?:남|여)\s*[·,]\s*\d{1,3}(?:세)?"
)
"""A note glued to a name: where the person stands in the photo, an age (and sex)."""
_NOTE_TOKENS = 6
_CONTEXT_WINDOW = 4
_PLACE_ENDING = re.compile(r"(?:특별시|광역시|[시도군읍면동]|(?<!기)구|주)$")  # not 기구


def _ends_generic(text: str) -> bool:
    """Ends like an organisation but names a part of one or a group (사업본부, 업계)."""
    return text.endswith(org_endings().generic)


@dataclass(frozen=True)
class _Span:
    """Consecutive tokens read as one name candidate."""

    tokens: tuple[Token, ...]
    text: str

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end


FORMER = frozenset({"전", "현", "前", "現"})
"""Determiners of a former or current post (`전 대표`, `現 회장`): the title stays a title."""


@dataclass(frozen=True)
class _Role:
    """What follows a name: its title, the affiliation, and the organisation spans seen."""

    title: str
    affiliation: str | None
    orgs: tuple[tuple[_Span, str, str], ...]  # (span, canonical, how)
    end: int  # index of the token after the title
    places: tuple[_Span, ...] = ()  # `서울시` in `홍길동 서울시 교통과장`


def _strip_brackets(text: str) -> str:
    """`(KAIST) ` -> ` `: what stands between two names, less a parenthesis."""
    return re.sub(r"\([^)]*\)", "", text)


def _is_hangul(text: str) -> bool:
    return bool(text) and all(0xAC00 <= ord(ch) <= 0xD7A3 for ch in text)


def _korean_name_shaped(text: str, surnames: frozenset[str] = _SURNAMES) -> bool:
    return len(text) in (2, 3, 4) and _is_hangul(text) and text[0] in surnames


def _transliterated(syllable: str) -> bool:
    """A syllable that no Sino-Korean reading has, so that Korean given names (chosen
    from Hanja readings, or native words such as 하늘, 보람) hardly use it, while
    transliterated names are full of them: 으 with no final consonant (르, 스, 크, 트),
    ㅔ or ㅐ before ㄹ (벨, 엘), ㅋ at the start (카, 코), 티/테/터, 퍼/페/푸, 네/레/데/베/게/
    메/에/헤, 바, 샤/쇼/슈/셰."""
    code = ord(syllable) - 0xAC00
    if not 0 <= code < 11172:
        return False
    initial, vowel, final = code // 588, (code % 588) // 28, code % 28
    # jamo indices: initial ㄱ0 ㄴ2 ㄷ3 ㄹ5 ㅁ6 ㅂ7 ㅅ9 ㅇ11 ㅋ15 ㅌ16 ㅍ17 ㅎ18;
    # vowel ㅏ0 ㅐ1 ㅑ2 ㅓ4 ㅔ5 ㅖ7 ㅗ8 ㅛ12 ㅜ13 ㅠ17 ㅡ18 ㅣ20; final ㄹ8
    if vowel == 18 and final == 0:
        return True
    if vowel in (1, 5, 7) and final == 8:
        return True
    if initial == 15 and syllable != "쾌":
        return True
    if final:
        return False
    return (
        (initial == 16 and vowel in (4, 5, 20))
        or (initial == 17 and vowel in (4, 5, 13))
        or (vowel == 5 and initial in (0, 2, 3, 5, 6, 7, 11, 18))
        or (initial == 7 and vowel == 0)
        or (initial == 9 and vowel in (2, 7, 12, 17))
    )


def _foreign_given_name(text: str) -> bool:
    """A given name that only looks like a Korean name (이바나, 이사벨, 이고르): a syllable
    after the first that no Korean given name would use."""
    return any(_transliterated(c) for c in text[1:])


# Last syllables of common nouns, places and foreign words that Kiwi tags as proper nouns
# (한국어, 경인선, 남해안, 공한증, 나고야, 하와이, 나로호): no given name ends so after a
# rare surname.
_NOT_GIVEN_NAME_ENDINGS = frozenset(
    "어선안증균역항산강섬도시군구동읍면리국당청부관단회법론학병호함" + "센야오이아트스크드르프"
)


def bare_korean_name(text: str) -> bool:
    """A proper noun shaped like a Korean name without a title: a common surname and two
    syllables (김정남, 이승만), or a rarer surname and a plausible given name (심상정)."""
    if len(text) != 3 or not _is_hangul(text):
        return False
    if text[0] in _COMMON_SURNAMES:
        return True
    return text[0] in _SURNAMES and text[-1] not in _NOT_GIVEN_NAME_ENDINGS


# For telling a Korean name from a foreign given name (사티아, 마크): the thirty commonest
# surnames only, since 사 or 마 would make every foreign name look Korean.
_FREQUENT_SURNAMES = frozenset("김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남")


class _Scanner:
    """Finds the mentions of one sentence, left to right."""

    def __init__(self, sentence: Sentence, text: str, gaz: Gazetteer) -> None:
        self.sentence = sentence
        self.tokens = sentence.tokens
        self.text = text
        self.gaz = gaz
        self.words = entity_words()
        self.endings = org_endings()
        self.out: list[Mention] = []
        self.suffix_set, self.suffix_lengths = _suffix_index(gaz)
        self.starts = _name_starts(gaz)
        self.leads = _lead_starts(gaz)
        # person_at asks first and org_at then takes it: read each start once.
        self._spaced_orgs: dict[int, _Span | None] = {}

    # --- helpers over tokens ----------------------------------------------------------

    def span(self, i: int, size: int) -> _Span:
        run = tuple(self.tokens[i : i + size])
        return _Span(run, self.text[run[0].start : run[-1].end])

    def attached(self, i: int) -> int:
        """How many noun tokens from `i` are glued together without a space."""
        tokens, j = self.tokens, i + 1
        while (
            j < len(tokens)
            and j - i < _MAX_RUN
            and tokens[j].tag in NAME_PARTS
            and tokens[j].start == tokens[j - 1].end
        ):
            j += 1
        return j - i

    def spaced(self, i: int, size: int, *, known: bool = True) -> _Span | None:
        """`size` noun tokens from `i` separated by single spaces (`일론 머스크`); with
        `known`, only when a gazetteer name starts like them (a cheap early exit)."""
        run = self.tokens[i : i + size]
        if len(run) < size or any(t.tag not in TERM_TAGS for t in run):
            return None
        if any(run[k + 1].start - run[k].end != 1 for k in range(size - 1)):
            return None
        text = self.text[run[0].start : run[-1].end]
        if known and phrase_key(text)[:2] not in self.starts:
            return None
        return _Span(tuple(run), text)

    def mention(self, span: _Span, entity: str, kind: str, how: str, **extra: str | None) -> None:
        target = extra.get("target")
        if target is None and kind != "LOC":
            # A tracked person (or an organisation another rule read) is the target too.
            orgs = self.gaz.orgs
            known = orgs.get(phrase_key(entity)) or orgs.get(phrase_key(span.text))
            if known is not None and known[1] == "target":
                target = known[0]
        self.out.append(
            Mention(
                entity=entity,
                type="PER" if kind == "PER" else "LOC" if kind == "LOC" else "ORG",
                sentence=self.sentence.index,
                start=span.start,
                end=span.end,
                surface=span.text,
                title=extra.get("title"),
                affiliation=extra.get("affiliation"),
                target=target,
                how=how,
            )
        )

    def word_at(self, i: int) -> _Span | None:
        """The tokens of the space-delimited word starting at token i, if they cover it."""
        start = self.tokens[i].start
        space = _SPACE.search(self.text, start)
        end = space.start() if space else len(self.text)
        k = i
        while k < len(self.tokens) and self.tokens[k].end <= end:
            k += 1
        if k == i or self.tokens[k - 1].end != end:
            return None
        return _Span(tuple(self.tokens[i:k]), self.text[start:end])

    def org_name(self, span: _Span, *, proper: bool = False) -> tuple[str, str] | None:
        """(canonical, type) when the span names an organisation (`proper`: judge the text
        as a proper noun whatever Kiwi's tags)."""
        key = phrase_key(span.text)
        known = self.gaz.orgs.get(key)
        if known is None and len(span.tokens) == 1:
            # A token merged from a spelling variant carries the canonical form
            # (`하이퍼 클로버 X` -> 하이퍼클로바X): look that up too.
            known = self.gaz.orgs.get(phrase_key(span.tokens[0].form))
        if known:
            return known
        if self.excluded(key):
            return None
        if span.text in self.gaz.titles or (
            len(span.tokens) > 1 and span.tokens[-1].form in self.gaz.titles
        ):
            return None  # 책임연구원 is a title, not an institute
        head = span.tokens[0].tag
        for suffix in self.suffixes_of(span.text):
            if _ends_generic(span.text):
                return None
            if len(suffix) == 1 and _PLACE_ENDING.search(span.text):
                return None  # 텍사스주, 성남시: places
            # A common-noun compound names an organisation only with a telling ending of
            # two syllables or more (개인정보보호위원회), or one syllable after a long
            # enough name (질병관리청, 국토교통부).
            strong = len(suffix) >= 2 or len(span.text) >= 4
            # Kiwi keeps an unknown long compound as one out-of-vocabulary noun.
            unknown = len(span.tokens) == 1 and span.tokens[0].oov and len(span.text) >= 5
            if proper or head in PROPER or ((len(span.tokens) > 1 or unknown) and strong):
                return span.text, "organization"
        return None

    def spaced_org(self, i: int) -> _Span | None:
        """`세인트 앤드루스 대학교`, `국제 올림픽 위원회`, `한화 이글스`: words of nouns
        separated by spaces whose last word is an organisation's head word, led by a
        proper noun, a place or a Latin name."""
        if i not in self._spaced_orgs:
            self._spaced_orgs[i] = self._read_spaced_org(i)
        return self._spaced_orgs[i]

    def club(self, i: int) -> _Span | None:
        """`FC 서울`, `AC 밀란`: a club's Latin lead word and the proper noun after it (one
        token when Kiwi knows the club, `SC 프라이부르크`)."""
        token = self.tokens[i]
        if token.tag == "NNP" and " " in token.form:
            return self.span(i, 1) if token.form.split()[0] in self.endings.leads else None
        if token.form not in self.endings.leads:
            return None
        span = self.spaced(i, 2, known=False)
        if span is None or span.tokens[1].tag != "NNP" or self.attached(i + 1) > 1:
            return None  # not `AFC 아시안컵`, an event
        return span

    def _noun_word(self, k: int) -> tuple[_Span, bool] | None:
        """The nouns of the word starting at token k, and whether they are all of it."""
        word = self.word_at(k) or self.word_at_noun_prefix(k)
        if word is None:
            return None
        cut = 0
        while cut < len(word.tokens) and word.tokens[cut].tag in ("NNP", "NNG", "SL", "SN"):
            cut += 1
        if cut == 0:
            return None
        if cut == len(word.tokens):
            return word, True
        # Only the last word may go on after its nouns (a particle, a bracket).
        return _Span(word.tokens[:cut], self.text[word.start : word.tokens[cut - 1].end]), False

    def _read_spaced_org(self, i: int) -> _Span | None:
        if self.tokens[i].tag not in PROPER:
            # Led by a common noun, the name must start with a place or a modifier (read
            # first: most nouns lead no name at all, and most do not even start like one).
            start = self.tokens[i].start
            two = phrase_key(self.text[start : start + 2])
            if two not in self.leads[0] and two[:1] not in self.leads[1]:
                return None
            leading = self._noun_word(i)
            text = leading[0].text if leading else ""
            if phrase_key(text) not in self.gaz.places and text not in self.words.name_openers:
                return None
        words: list[_Span] = []
        k = i
        while k < len(self.tokens) and len(words) < 4:
            found = self._noun_word(k)
            if found is None:
                break
            word, whole = found
            if words and self.text[words[-1].end : word.start] != " ":
                break
            words.append(word)
            if (len(words) >= 2 and word.text in self.endings.heads) or not whole:
                break
            k += len(word.tokens)
        if (
            len(words) < 2
            or words[-1].text not in self.endings.heads
            or words[-1].text in self.gaz.titles  # 최은영 한결증권 연구원: a person's title
        ):
            return None
        first = words[0]
        if self.gaz.orgs.get(phrase_key(first.text), ("", ""))[1] == "target":
            return None  # `네이버 노조`: a tracked target stays itself, for its stance
        if any(w.text in self.words.relations for w in words[1:-1]):
            return None  # `하이브 소속 신인 그룹`: a relation, not one name
        lead = first.tokens[0]
        if not (
            lead.tag in PROPER
            or phrase_key(first.text) in self.gaz.places
            or first.text in self.words.name_openers
        ):
            return None
        tokens = tuple(t for w in words for t in w.tokens)
        return _Span(tokens, self.text[tokens[0].start : tokens[-1].end])

    def word_at_noun_prefix(self, i: int) -> _Span | None:
        """The tokens from i up to the next space, even when Kiwi's last token runs past it."""
        start = self.tokens[i].start
        end = self.text.find(" ", start)
        end = len(self.text) if end == -1 else end
        tokens = tuple(t for t in self.tokens[i:] if t.end <= end)
        return _Span(tokens, self.text[start : tokens[-1].end]) if tokens else None

    def institution(self, text: str) -> bool:
        """A common noun that names one public body by its ending: 법무부, 소방청, 병무청,
        국세청, 감사원, 조달청 (three syllables or more, not 일부, 정부, 본부 …)."""
        if len(text) < 3 or not _is_hangul(text) or _ends_generic(text):
            return False
        if text.endswith(self.endings.not_public) or text in self.gaz.titles:
            return False
        if text in self.endings.heads or text in self.gaz.org_suffixes:
            return False  # 경찰서, 대학교, 연구소 alone name a kind of body, not one
        if text[-1] == "원" and len(text) < 4:
            return False  # 공무원, 회사원, 연구원: people, not bodies (감사원 is in the gazetteer)
        return text.endswith(self.endings.public)

    def suffixes_of(self, text: str) -> list[str]:
        """The organisation suffixes `text` ends with (and is longer than), longest first."""
        return [
            text[-n:] for n in self.suffix_lengths if n < len(text) and text[-n:] in self.suffix_set
        ]

    def known_word(self, i: int) -> _Span | None:
        """A gazetteer name however Kiwi cut it (배달의민족 -> 배달 + 의 + 민족): the word
        starting at token i, less a trailing particle, looked up as a whole."""
        if self.text[self.tokens[i].start : self.tokens[i].start + 2].casefold() not in self.starts:
            return None
        word = self.word_at(i)
        if word is None or len(word.tokens) < 2:
            return None
        for cut in _PARTICLE_CUTS:
            if not word.text.endswith(cut) or len(word.text) <= len(cut):
                continue
            text = word.text[: len(word.text) - len(cut)] if cut else word.text
            if phrase_key(text) not in self.gaz.orgs:
                continue
            end = word.start + len(text)
            tokens = tuple(t for t in word.tokens if t.end <= end)
            if tokens and tokens[-1].end == end and len(tokens) > 1:
                return _Span(tokens, text)
        return None

    def org_at(self, i: int) -> tuple[_Span, str, str, str] | None:
        """The longest organisation starting at token i: (span, canonical, type, how)."""
        token = self.tokens[i]
        named = self.spaced_org(i) or self.club(i)
        if named is not None:
            return named, named.text, "organization", "suffix"
        word = self.known_word(i)
        if word is not None:
            name, kind = self.gaz.orgs[phrase_key(word.text)]
            return word, name, kind, "gazetteer"
        if (
            token.tag == "NNG"
            and not token.oov
            and self.attached(i) == 1
            and phrase_key(token.form) not in self.gaz.orgs
        ):
            # A lone dictionary common noun (시장, 정부) names no organisation, unless it
            # carries an institution's ending (법무부, 소방청, 통계청, 조달청).
            if not self.institution(token.form):
                return None
            return _Span((token,), token.form), token.form, "organization", "suffix"
        for size in (3, 2):
            span = self.spaced(i, size)
            if span and phrase_key(span.text) in self.gaz.orgs:
                name, kind = self.gaz.orgs[phrase_key(span.text)]
                return span, name, kind, "gazetteer"
        size = self.attached(i)
        whole = self.span(i, size)
        if size > 1 and all(t.tag in NOUNS for t in whole.tokens) and self.institution(whole.text):
            return whole, whole.text, "organization", "suffix"  # 국립환경과학원
        for k in range(size, 0, -1):
            span = self.span(i, k)
            found = self.org_name(span)
            if (
                found
                and k < size
                and self.tokens[i + k].tag == "XSN"
                and self.tokens[i + k].form not in ("들", "측")
            ):
                return None  # `누리꾼` is not 누리 + 꾼: no name inside another word
            if found:
                how = "gazetteer" if phrase_key(span.text) in self.gaz.orgs else "suffix"
                glued = self.tokens[i + k] if k < size else None
                if (
                    how == "suffix"
                    and glued is not None
                    and glued.tag in NOUNS
                    and glued.form not in self.gaz.titles
                    and glued.form not in self.words.affiliate_tails
                ):
                    # An ending inside a longer compound names nothing (`지방교부세법`,
                    # `행정안전부령`); a title glued on still has its organisation
                    # (`소방청장`).
                    return None
                # `삼성바이오로직스`, `카카오페이`: a known name glued to more nouns is
                # another organisation (an affiliate), not a mention of the known one.
                # A dictionary common noun glued on is the topic, not a name
                # (`EU탈퇴`, `검찰개혁`, `한국철도망`): the known one is mentioned.
                rest = self.tokens[i + k : i + size]
                named_rest = any(
                    t.tag in PROPER or t.oov or t.form in self.words.affiliate_tails for t in rest
                )
                if (
                    k < size
                    and how == "gazetteer"
                    and (named_rest or self.suffixes_of(self.span(i, size).text))
                ):
                    whole = self.span(i, size)
                    if not any(t.form in self.gaz.titles for t in whole.tokens):
                        return whole, whole.text, "organization", "suffix"
                return span, found[0], found[1], how
        return None

    def title_at(self, j: int) -> _Span | None:
        """A title starting at token j (`교수`, `석좌교수`, `AI연구센터장`, `CEO`, `씨`)."""
        if j < len(self.tokens) and self.tokens[j].tag == "NNB" and self.tokens[j].form == "씨":
            return self.span(j, 1)
        if j >= len(self.tokens) or self.tokens[j].tag not in NAME_PARTS:
            return None
        for k in range(self.attached(j), 0, -1):
            span = self.span(j, k)
            last = span.tokens[-1].form
            if last in self.gaz.titles or span.text in self.gaz.titles:
                return span
            # 부행장, 수석부사장, 감사원장: a title with a prefix Kiwi keeps in the same token
            # (never a place, 주차장 = 주 + 차장, 행사장 = 행 + 사장).
            if last not in self.words.title_like_places and any(
                len(last) - n >= 2 and last[n:] in self.gaz.titles for n in (1, 2)
            ):
                return span
        return None

    def role_after(self, j: int) -> _Role | None:
        """Title after a name, with the organisation and department between, if any."""
        affiliation: str | None = None
        orgs: list[tuple[_Span, str, str]] = []
        places: list[_Span] = []
        j = self.after_note(j)
        for step in range(4):
            if (
                j < len(self.tokens)
                and self.tokens[j].tag == "MM"
                and self.tokens[j].form in FORMER
            ):
                j += 1  # `표창원 전 경찰대 교수`: a former or current title is still a title
            title = self.title_at(j)
            if title:
                end = j + len(title.tokens)
                return _Role(title.text, affiliation, tuple(orgs), end, tuple(places))
            if j >= len(self.tokens):
                return None
            if self.tokens[j].tag not in NAME_PARTS:
                # `한결증권` cut into 한결 (adverb) + 증권: judge the whole word instead.
                word = self.word_at(j)
                named = self.org_name(word, proper=True) if word else None
                if word is None or named is None:
                    return None
                affiliation = affiliation if orgs else named[0]  # an org before a place
                orgs.append((word, named[0], "suffix"))
                j += len(word.tokens)
                continue
            org = self.org_at(j)
            if org:
                span, name, _, how = org
                affiliation = affiliation if orgs else name  # `미국 스탠퍼드대`: the university
                orgs.append((span, name, how))
                j += len(span.tokens)
                continue
            size = self.attached(j)
            span = self.span(j, size)
            if (glossed := self.glossed_title(j + size)) is not None:
                # `노경원 교육과학기술부 전략기술개발관(국장)`: a post glossed by its rank
                return _Role(span.text, affiliation, tuple(orgs), glossed, tuple(places))
            if phrase_key(span.text) in self.gaz.places:
                # `홍길동 서울시 교통과장`: a place between a name and a title is where the
                # person serves (the place stays a place); before anything else, no role.
                affiliation = affiliation or span.text
                places.append(span)
                j += size
                continue
            head = self.tokens[j].tag
            university = (
                span.text.endswith("대") and 2 <= len(span.text) <= 4 and self.academic(j + size)
            )
            if (
                step == 0
                and not university
                and len(span.text) == 3
                and _korean_name_shaped(span.text, _FREQUENT_SURNAMES)
            ):
                return None  # `그린랩스 박서준 대표`: the second name is the person
            only_places = not orgs and len(places) == step
            if head in PROPER and only_places and not _PLACE_ENDING.search(span.text):
                # An unknown proper noun between a name and a title is its organisation,
                # also after the place it is in (`아로키아 나탄 영국 케임브리지대 교수`);
                # `한빛대 … 교수` names a university (한빛대학교), `광역수사대 팀장` does not.
                name = span.text + "학교" if university else span.text
                orgs.append((span, name, "context"))
                affiliation = name
            elif head not in ("NNG", "XPN") or step == 0:
                return None  # a department may only follow an organisation
            j += size
        return None

    def after_note(self, j: int) -> int:
        """Past a note in parentheses glued to a name (`박민호(사진) 한빛대 교수`,
        `김철수(45) 대표`, `이영희(왼쪽) 상무`): where the name's role then starts."""
        tokens = self.tokens
        if not (
            0 < j < len(tokens) and tokens[j].form == "(" and tokens[j].start == tokens[j - 1].end
        ):
            return j
        for k in range(j + 1, min(j + _NOTE_TOKENS + 2, len(tokens))):
            if tokens[k].form == ")":
                note = self.text[tokens[j].end : tokens[k].start]
                return k + 1 if _NOTE.fullmatch(note) else j
        return j

    def glossed_title(self, j: int) -> int | None:
        """Where `(국장)` ends when a title in parentheses starts at token j."""
        tokens = self.tokens
        if j + 2 < len(tokens) and tokens[j].form == "(" and tokens[j].start == tokens[j - 1].end:
            title = self.title_at(j + 1)
            close = j + 1 + len(title.tokens) if title else 0
            if title and close < len(tokens) and tokens[close].form == ")":
                return close + 1
        return None

    def academic(self, j: int) -> bool:
        """Whether an academic title follows within a department or two (교수, 총장 …), or a
        research group (`미시간대 연구팀`, which Kiwi cuts into 연구 + 팀)."""
        window = self.tokens[j : j + 4]
        titles = self.words.academic_titles
        return any(token.form in titles for token in window) or (
            bool(window) and self.text.startswith(tuple(titles), window[0].start)
        )

    def title_before(self, i: int) -> str | None:
        """`오픈AI의 CEO인 샘 알트만`: a title right before the name, joined by 인."""
        tokens = self.tokens
        if (
            i >= 3
            and tokens[i - 1].tag == "ETM"
            and tokens[i - 2].tag == "VCP"
            and tokens[i - 3].form in self.gaz.titles
        ):
            return tokens[i - 3].form
        return None

    def affiliation_before(self, i: int) -> str | None:
        """`삼성 이재용 회장`, `KAIST 김재철AI대학원의 김기응 교수`: the organisation(s)
        right before the name, joined (`한국과학기술원 김재철AI대학원`)."""
        chain: list[str] = []
        edge = self.tokens[i].start
        for m in reversed([m for m in self.out if m.end <= edge]):
            gap = self.text[m.end : edge]
            if m.type != "ORG" or _strip_brackets(gap).strip(" ()[]") not in ("", "의"):
                break
            if m.entity not in chain:
                chain.insert(0, m.entity)
            edge = m.start
        return " ".join(chain) or None

    # --- the scan -------------------------------------------------------------------

    def scan(self) -> list[Mention]:
        i = 0
        while i < len(self.tokens):
            if (after_quoted := self.quoted_name_at(i)) is not None:
                i = after_quoted
                continue
            # Kiwi may cut an unknown Korean name into anything (오민지 -> 오미 + 이 + ㄴ지,
            # 한미래 -> 한 + 미래): a three-syllable word before a title is tried first.
            first = self.tokens[i].form[:1]
            name = self.split_name(i) if first in _SURNAMES else None
            role = self.role_after(i + len(name.tokens)) if name else None
            if name and role:
                i = self.emit_person(name, name.text, "title", role)
                continue
            # A common surname and two syllables Kiwi cut apart, a word of its own or with a
            # case particle glued on (`박갑수를` = 박+갑+수+를), is a bare name with no title
            # too (the tagger must agree); `name` is already that word when it stands alone.
            bare = (
                (name if name is not None else self.split_name(i, particle=True))
                if first in _COMMON_SURNAMES and self.tokens[i].tag == "NNP"
                else None
            )
            if bare is not None:
                self.mention(bare, bare.text, "PER", "name")
                i += len(bare.tokens)
                continue
            if self.tokens[i].tag not in NAME_STARTS:
                i += 1
                continue
            i = self.person_at(i) or self.organisation_at(i) or self.other_at(i) or i + 1
        return self.out

    def emit_person(self, span: _Span, name: str, how: str, role: _Role | None) -> int:
        """Record a person (and the organisations of its role); returns the next index."""
        i = self.tokens.index(span.tokens[0])
        title = role.title if role else self.title_before(i)
        affiliation = role.affiliation if role and role.affiliation else None
        affiliation = affiliation or self.affiliation_before(i)
        self.mention(span, name, "PER", how, title=title, affiliation=affiliation)
        if role is None:
            return i + len(span.tokens)
        for place in role.places:
            self.mention(place, place.text, "LOC", "place")
        for org_span, org_name, org_how in role.orgs:
            self.mention(org_span, org_name, "ORG", org_how)  # a tracked one: see `mention`
        return role.end

    def person_at(self, i: int) -> int | None:
        tokens, gaz = self.tokens, self.gaz
        token = tokens[i]
        # Known people, also when written with spaces or glued: `일론 머스크`, `샘 알트만`
        # (only where a listed name could start: most tokens are no name's beginning).
        if phrase_key(self.text[token.start : token.start + 3])[:2] in self.starts:
            candidates = [s for s in (self.spaced(i, 3), self.spaced(i, 2)) if s]
            candidates += [self.span(i, k) for k in range(self.attached(i), 0, -1)]
            for span in candidates:
                if (known := gaz.people.get(phrase_key(span.text))) is not None:
                    role = self.role_after(i + len(span.tokens))
                    return self.emit_person(span, known, "gazetteer", role)
        if token.tag != "NNP" and not (token.tag == "NNG" and token.oov):
            return None  # what follows reads only proper nouns and unknown words
        if (glossed := self.glossed_name(i)) is not None:
            span, close = glossed
            return self.emit_person(span, span.text, "name", self.role_after(close + 1))
        # `김 교수`, `손회장`, `황 CEO`: a surname and a title, resolved later.
        if token.tag == "NNP" and len(token.form) == 1 and token.form in _SURNAMES:
            # `문 전 대표`: a former title is still the title
            j = i + 2 if i + 1 < len(tokens) and tokens[i + 1].form in FORMER else i + 1
            title = self.title_at(j)
            if title and title.start - tokens[j - 1].end <= 1:
                span = _Span((token,), token.form)
                self.mention(span, f"{token.form} {title.text}", "PER", "title", title=title.text)
                return j + len(title.tokens)
            # Else `조 바이든`, a foreign name that starts like a surname (not when a third
            # word follows: `장 피에르 소바주` is not read here).
            pair = self.foreign_pair(i)
            after = tokens[i + 2] if i + 2 < len(tokens) else None
            if pair is None or (
                after is not None
                and after.tag == "NNP"
                and after.start == pair.end + 1
                and not self.excluded(phrase_key(after.form))
            ):
                return None
        if self.spaced_org(i) is not None:
            return None  # `세인트 앤드루스 대학교` is an organisation, not 세인트 앤드루스
        name = self.foreign_pair(i)
        if name is None and (longer := self.foreign_pair(i, longer=True)) is not None:
            # `볼로도미르 젤렌스키 우크라이나 대통령`: longer names only before a title
            name = longer if self.role_after(i + 2) is not None else None
        if name is None and self.name_token(token):
            name = self.span(i, 1)
        if name is None:
            return None
        role = self.role_after(i + len(name.tokens))
        if role is not None:
            return self.emit_person(name, name.text, "title", role)
        if len(name.tokens) == 2 and " " in name.text:
            # A foreign pair without a title: `스티브 잡스는`.
            return self.emit_person(name, name.text, "name", None)
        return None

    def quoted_name_at(self, i: int) -> int | None:
        """`‘알라산 와타라’ 전 총리`, `'우원식' 의원`: a name the outlet put in quotes, read
        as a person by the title after the quotes; where the scan goes on."""
        tokens = self.tokens
        if tokens[i].tag != "SSO" or tokens[i].form not in "'‘\"“":
            return None
        close = next(
            (k for k in range(i + 1, min(i + 6, len(tokens))) if tokens[k].tag == "SSC"), 0
        )
        if close <= i + 1:
            return None
        inner = tokens[i + 1 : close]
        text = self.text[inner[0].start : inner[-1].end]
        words = text.split()
        if len(words) == 1:
            shaped = bare_korean_name(text) and all(t.tag in NOMINAL for t in inner)
        else:
            shaped = 2 <= len(words) <= 3 and all(t.tag == "NNP" for t in inner)
            shaped = shaped and all(_is_hangul(w) and len(w) <= 5 for w in words)
        key = phrase_key(text)
        if not shaped or key in self.gaz.orgs or self.excluded(key):
            return None
        role = self.role_after(close + 1)
        if role is None:
            return None
        span = _Span(tuple(inner), text)
        return self.emit_person(span, self.gaz.people.get(key, text), "title", role)

    def glossed_name(self, i: int) -> tuple[_Span, int] | None:
        """A foreign name of two or three words glued to its spelling in Latin letters
        (`장 피에르 소바주(Jean-Pierre Sauvage, …)`, `존 오키프(John O'Keefe)`), and
        where its parenthesis closes: capitalised words, not an acronym, so never
        `국제원자력기구(IAEA)`; not an organisation's name, nor a name that a noun after
        the parenthesis shows to be a place or an event (`산타 클라라(Santa Clara) 지역`)."""
        tokens = self.tokens
        if not any(t.form == "(" for t in tokens[i + 1 : i + 4]):
            return None  # the parenthesis must follow the name's last word at once
        for size in (3, 2, 1):
            span = self.spaced(i, size, known=False) if size > 1 else self.span(i, 1)
            if span is None or any(t.tag != "NNP" for t in span.tokens):
                continue
            words = span.text.split()
            if not 2 <= len(words) <= 3 or not all(_is_hangul(w) and len(w) <= 6 for w in words):
                continue
            k = i + len(span.tokens)
            if k >= len(tokens) or tokens[k].form != "(" or tokens[k].start != span.end:
                continue
            latin, close = [], None
            for j in range(k + 1, min(k + 12, len(tokens))):
                t = tokens[j]
                if t.tag == "SL":
                    latin.append(t.form)
                elif t.form == ")":
                    close = j
                    break
                elif t.form not in ("-", "'", "’"):
                    break
            if len(latin) < 2 or not all(w[:1].isupper() for w in latin):
                continue
            if not any(len(w) > 2 and not w.isupper() for w in latin):
                continue  # initials and acronyms only
            if any(
                self.excluded(phrase_key(w)) or phrase_key(w) in self.gaz.orgs for w in words
            ) or self.org_name(span):
                continue
            if close is None:
                close = next(
                    (j for j in range(k + 1, min(k + 30, len(tokens))) if tokens[j].form == ")"),
                    k,
                )
            after = tokens[close + 1] if close + 1 < len(tokens) else None
            if (
                after is not None
                and after.tag in ("NNG", "NNP")
                and after.start == tokens[close].end + 1
                and self.title_at(close + 1) is None
            ):
                continue  # `(Santa Clara) 지역`, `(Black Friday) 행사`: a noun it modifies
            return span, close
        return None

    def name_token(self, token: Token) -> bool:
        """A token that can be a name before a title: a proper noun (or, for names Kiwi
        does not know, an out-of-vocabulary common noun shaped like a Korean name)."""
        if not _is_hangul(token.form.replace(" ", "")) or len(token.form) < 2:
            return False
        if token.tag == "NNP":
            key = phrase_key(token.form)
            if key in self.gaz.orgs or self.excluded(key):
                return False
            if len(token.form) >= 4 and token.form.endswith("대"):
                return False  # `스트라스부르대 교수`: a university before the title
            # `정의당 대표`, `한빛전자 사장`: an organisation before a title is no name.
            return self.org_name(_Span((token,), token.form)) is None
        return token.tag == "NNG" and token.oov and _korean_name_shaped(token.form)

    def split_name(self, i: int, *, particle: bool = False) -> _Span | None:
        """A three-syllable Korean name that Kiwi cut into pieces (김택진 -> 김+택+진); with
        `particle`, also one a case particle is glued to (`박갑수를`)."""
        tokens, first = self.tokens, self.tokens[i]
        at_word_start = first.start == 0 or self.text[first.start - 1] in " \n\"'(“‘"
        if not at_word_start or first.form[:1] not in _SURNAMES or len(first.form) == 3:
            return None
        end = self.text.find(" ", first.start)
        word = self.text[first.start : end if end != -1 else len(self.text)]
        if particle and len(word) > 3:
            after = next((t for t in tokens[i + 1 :] if t.start >= first.start + 3), None)
            if after is not None and after.start == first.start + 3 and after.tag.startswith("JK"):
                word = word[:3]
        if len(word) != 3 or not _is_hangul(word):
            return None
        k = i
        while k < len(tokens) and tokens[k].end <= first.start + 3:
            k += 1
        if k - i < 2 or tokens[k - 1].end != first.start + 3:
            return None
        if tokens[k - 1].tag.startswith("J") or self.excluded(phrase_key(first.form)):
            return None  # `이란의 대통령`: a place with a particle, not a name
        if first.tag == "XPN":
            return None  # `최고령`, `최우수` = 최 (most) + a noun: a word, not a name
        pieces = tokens[i:k]
        if any(t.tag in ("XSV", "XSA") for t in pieces) or (
            pieces[-1].tag == "ETM" and pieces[-2].tag in ("VV", "VA")
        ):
            return None  # `물리학을 공부한 정 박사`: a verb form before a name is no name
        return _Span(tuple(tokens[i:k]), word)

    def foreign_pair(self, i: int, *, longer: bool = False) -> _Span | None:
        """`스티브 잡스`, `사티아 나델라`: two unknown proper nouns read as one foreign name
        (`longer`: up to five syllables each, `볼로도미르 젤렌스키`)."""
        span = self.spaced(i, 2, known=False)
        if span is None or any(t.tag != "NNP" for t in span.tokens):
            return None
        given, family = span.tokens
        if longer:
            if max(len(given.form), len(family.form)) > 5:
                return None
        elif len(given.form) > 3 or len(family.form) > 4:
            return None
        if (
            _korean_name_shaped(given.form, _FREQUENT_SURNAMES)
            and len(given.form) == 3
            and not _foreign_given_name(given.form)
        ):
            return None  # `이지은 한빛소프트 연구원`: a Korean name and its company
        for token in (given, family):
            key = phrase_key(token.form)
            if not _is_hangul(token.form) or self.excluded(key) or key in self.gaz.orgs:
                return None
            if _PLACE_ENDING.search(token.form) or self.org_name(_Span((token,), token.form)):
                return None
        if len(family.form) >= 3 and family.form.endswith("대"):
            return None  # `미 미시간대`: a university, after the country's short name
        return span

    def excluded(self, key: str) -> bool:
        """Places and known non-entities (indices, products) are never names."""
        return key in self.gaz.places or key in self.gaz.non_entities

    def organisation_at(self, i: int) -> int | None:
        found = self.org_at(i)
        if not found:
            return None
        span, name, kind, how = found
        self.mention(span, name, "ORG", how, target=name if kind == "target" else None)
        return i + len(span.tokens)

    def university_at(self, i: int) -> int | None:
        """`프린스턴대 교수`, `(…, 워싱턴대 명예교수, 82)`: a proper noun ending in 대 (or
        with 대 glued to it, 워싱턴+대) before an academic title is a university, though
        no list names it and no person stands before it (`…대` of four syllables or
        fewer is written out, 한빛대 -> 한빛대학교)."""
        token = self.tokens[i]
        if token.tag != "NNP" or not _is_hangul(token.form):
            return None
        size = self.attached(i)
        span = self.span(i, size)
        if len(span.text) < 3 or not span.text.endswith("대") or not self.academic(i + size):
            return None
        if phrase_key(span.text) in self.gaz.orgs:
            return None  # the gazetteer's names are read before
        name = span.text + "학교" if len(span.text) <= 4 else span.text
        self.mention(span, name, "ORG", "context")
        return i + size

    def other_at(self, i: int) -> int | None:
        """A proper noun no rule above explained: a place, a person, an organisation, or
        nothing, typed on the evidence in and around the word."""
        token = self.tokens[i]
        if (apposed := self.apposed_at(i)) is not None:
            return apposed
        if (school := self.school_at(i)) is not None:
            return school
        if token.tag == "SL":
            return self.acronym_at(i)
        if (university := self.university_at(i)) is not None:
            return university
        if (
            token.tag != "NNP"
            or self.attached(i) > 1
            or not _is_hangul(token.form.replace(" ", ""))
        ):
            return None
        key = phrase_key(token.form)
        if key in self.gaz.non_entities or token.form in self.gaz.titles or len(token.form) < 2:
            return None
        span = self.span(i, 1)
        if key in self.gaz.places or (len(token.form) >= 3 and _PLACE_ENDING.search(token.form)):
            # 성남시, 광진구, 텍사스주 (not 부시: two syllables are too short to tell)
            self.mention(span, token.form, "LOC", "place")
            return i + 1
        following = self.tokens[i + 1] if i + 1 < len(self.tokens) else None
        if following is not None and following.form in self.words.place_heads:
            # `나리타 공항`, `하네다 공항`, `뚝섬 한강공원`: a name before a place word is
            # the place's.
            self.mention(span, token.form, "LOC", "place")
            return i + 1
        parts = token.form.split()
        if bare_korean_name(token.form) or (
            len(parts) in (2, 3) and all(len(p) <= 4 for p in parts)
        ):
            return self.emit_person(span, token.form, "name", None)
        if (
            following is not None
            and following.form in self.words.governments
            and following.start > token.end
        ):
            # `부시 정부`, `장면 내각`: a government named after its leader.
            return self.emit_person(span, token.form, "name", None)
        if self.place_prefixed(token.form):
            # 한국갤럽, 서울교통공사: a place name glued to more names an institution.
            self.mention(span, token.form, "ORG", "context")
            return i + 1
        window = self.tokens[i + 1 : i + 1 + _CONTEXT_WINDOW]
        if any(t.form in self.words.company_words for t in window):
            self.mention(span, token.form, "ORG", "context")
        elif not token.oov:
            # A proper noun in Kiwi's dictionary that is neither a place nor a person is
            # most often a company or institution in news (쿠팡, 셀트리온, 넥슨); the
            # document must show it to be one somewhere (see _resolve).
            self.mention(span, token.form, "ORG", "lexicon")
        else:
            self.mention(span, token.form, "ORG", "guess")
        return i + 1

    def apposed_at(self, i: int) -> int | None:
        """`국제학술지 Cell Reports에`, `케이블 채널 tvK는`, `출판사 김영사의`: after a noun for a
        kind of organisation, a proper noun, a word Kiwi does not know or Latin words (up
        to four, spaced), closed by a particle or punctuation, is that organisation."""
        tokens = self.tokens
        if i == 0 or tokens[i - 1].form not in self.words.kind_nouns:
            return None
        if tokens[i].start - tokens[i - 1].end != 1:
            return None
        k = i
        if tokens[i].tag == "SL":
            while (
                k + 1 < len(tokens)
                and k - i < 3
                and tokens[k + 1].tag == "SL"
                and tokens[k + 1].start - tokens[k].end <= 1
            ):
                k += 1
        else:
            while k < len(tokens) and (
                tokens[k].tag == "NNP" or (tokens[k].tag == "NNG" and tokens[k].oov)
            ):
                if k > i and tokens[k].start != tokens[k - 1].end:
                    break
                k += 1
            k -= 1
            if k < i:
                return None
        after = tokens[k + 1] if k + 1 < len(tokens) else None
        if after is not None and not (
            after.tag.startswith("J")
            or (after.tag.startswith("S") and after.tag not in ("SL", "SN", "SH"))
            or after.form == "측"
        ):
            return None  # the phrase goes on: `채널 tvK드라마`, `기업 CSR 광고`
        span = _Span(tuple(tokens[i : k + 1]), self.text[tokens[i].start : tokens[k].end])
        key = phrase_key(span.text)
        if key in self.gaz.places or key in self.gaz.people or self.excluded(key):
            return None
        if len(span.text) < 2 or span.text in self.words.acronyms:
            return None
        self.mention(span, span.text, "ORG", "apposition")
        return k + 1

    def school_at(self, i: int) -> int | None:
        """`한빛고`, `대전여고` (a proper noun and a school's ending Kiwi cut from it), `서울고`
        (a place and the ending in one word): a school."""
        tokens, schools = self.tokens, self.endings.schools
        token = tokens[i]
        if token.tag != "NNP" or not _is_hangul(token.form):
            return None
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is not None and nxt.start == token.end and nxt.form in schools:
            if nxt.tag.startswith("NN") and (i + 2 >= len(tokens) or tokens[i + 2].tag[0] != "X"):
                span = self.span(i, 2)
                self.mention(span, span.text, "ORG", "suffix")
                return i + 2
            return None
        form = token.form
        if any(
            form.endswith(e) and phrase_key(form[: -len(e)]) in self.gaz.places for e in schools
        ):  # every ending is tried: `서울여고` ends in 고 too
            self.mention(self.span(i, 1), form, "ORG", "suffix")
            return i + 1
        return None

    def place_prefixed(self, text: str) -> bool:
        return any(
            text[:n] in self.gaz.places and len(text) - n >= 2 for n in range(2, len(text) - 1)
        )

    def acronym_at(self, i: int) -> int | None:
        """`KBS가`, `EU는`, `NASA의`: a capitalised Latin word used as a noun phrase (a case
        particle or 측 right after it) names an organisation, unless it is a common term."""
        token = self.tokens[i]
        form = token.form
        if not (2 <= len(form) <= 6 and form.isascii() and form.isalpha() and form.isupper()):
            return None
        if form in self.words.acronyms or phrase_key(form) in self.gaz.non_entities:
            return None
        following = self.tokens[i + 1] if i + 1 < len(self.tokens) else None
        if following is None or following.start != token.end:
            return None
        if not (following.tag.startswith("J") or following.form in ("측", "사")):
            return None
        if phrase_key(form) in self.gaz.places:
            self.mention(self.span(i, 1), form, "LOC", "place")
        else:
            self.mention(self.span(i, 1), form, "ORG", "acronym")
        return i + 1


@lru_cache(maxsize=8)
def _suffix_index(gaz: Gazetteer) -> tuple[frozenset[str], tuple[int, ...]]:
    """The organisation suffixes as a set, and their lengths longest first (built once per
    gazetteer, not once per sentence)."""
    lengths = tuple(sorted({len(x) for x in gaz.org_suffixes}, reverse=True))
    return frozenset(gaz.org_suffixes), lengths


_SPACE = re.compile(r"\s")


@lru_cache(maxsize=8)
def _name_starts(gaz: Gazetteer) -> frozenset[str]:
    """The first two characters of every gazetteer name: a cheap test that skips most
    tokens before any span is built."""
    return frozenset(key[:2] for key in (*gaz.orgs, *gaz.people))


@lru_cache(maxsize=8)
def _lead_starts(gaz: Gazetteer) -> tuple[frozenset[str], frozenset[str]]:
    """How the places and modifiers that may lead a spaced organisation name begin: their
    first two characters, and the one-character ones whole."""
    keys = {phrase_key(x) for x in (*gaz.places, *entity_words().name_openers)}
    return frozenset(k[:2] for k in keys if len(k) > 1), frozenset(k for k in keys if len(k) == 1)


def find_mentions(sentences: Sequence[Sentence], text: str, gaz: Gazetteer) -> tuple[Mention, ...]:
    """Every organisation and person mention of a document, resolved to canonical names."""
    return resolve([m for sentence in sentences for m in scan_sentence(sentence, text, gaz)])


def scan_sentence(sentence: Sentence, text: str, gaz: Gazetteer) -> tuple[Mention, ...]:
    """The names the rules read in one sentence, before the document resolves them (this
    reads nothing outside the sentence: the token cache keeps it per sentence)."""
    found = _Scanner(sentence, text, gaz).scan()
    unnamed = _anonymised(sentence, text, found)
    return (*(m for m in found if not any(m.start == u.start for u in unnamed)), *unnamed)


def resolve(raw: Sequence[Mention]) -> tuple[Mention, ...]:
    """A document's scanned mentions, resolved: short references and bare names to the full
    person the document names, weak organisations the document never shows as one left out."""
    return tuple(_resolve(list(raw)))


_AGE = r"\(\s*\d{1,3}[^()]{0,20}\)"
_ANONYMISED = re.compile(
    rf"(?<![가-힣A-Za-z0-9])(?P<who>[A-Z]|[{''.join(sorted(_SURNAMES))}])"
    rf"(?:(?P<mark>\s?(?:모|아무개))(?:\s?{_AGE})?\s?씨"  # 이모씨, 김 모(45) 씨
    rf"|(?P<spaced>\s(?:모|아무개))(?:\s?{_AGE})?"  # 허 모와 (glued, 이모 is an aunt)
    rf"|(?:{_AGE}\s?|\s)?씨)"
    r"(?=[\s,.()\]은는이가을를의에와과도만께]|$)"
)
"""A person the outlet leaves unnamed: `C씨`, `D(37)씨`, `A 씨`, `이모씨`, `김 모 씨`,
`박 아무개씨`, `김(45)씨`, `허 모와`, `김 모(45)`; the letter or surname is the span
(GUIDE_ner.md)."""
_MAY_BE_ANONYMISED = re.compile(r"씨|\s(?:모|아무개)")
"""What every match of `_ANONYMISED` holds (a cheap test before it: `모` alone is in most
sentences, `모든`, `모습`)."""


def _anonymised(sentence: Sentence, text: str, found: Sequence[Mention]) -> list[Mention]:
    """The unnamed people of a sentence the scan left (`김 씨` with a space is a title
    reference already): references, listed per document but naming nobody across them."""
    body = text[sentence.start : sentence.end]
    if _MAY_BE_ANONYMISED.search(body) is None:
        return []
    out = []
    for match in _ANONYMISED.finditer(body):
        start = sentence.start + match.start("who")
        end = start + 1
        whole = sentence.start + match.end()
        # A longer name read inside the match (`김모씨` as a three-syllable name) is the
        # reference: the caller drops it (see `find_mentions`); `최씨` read as a surname
        # and its title stays the scan's, for the document to resolve.
        if any(
            m.start < end
            and start < m.end
            and not (m.type == "PER" and m.end <= whole and m.end - m.start > 1)
            for m in found
        ):
            continue
        who = match.group("who")
        entity = f"{who}{'모' if match.group('mark') or match.group('spaced') else ''} 씨"
        out.append(
            Mention(entity, "PER", sentence.index, start, end, who, title="씨", how="reference")
        )
    return out


def _resolve(raw: list[Mention]) -> list[Mention]:
    """Short references and bare names -> the full person named in the same document."""
    people: dict[str, Mention] = {}
    for m in raw:
        if m.type == "PER" and not _is_short(m):
            people[m.entity] = _merge(people.get(m.entity), m)
    # Organisations the document shows to be organisations somewhere (company words near
    # them, an organisation ending, the gazetteer).
    shown = {m.entity for m in raw if m.type == "ORG" and m.how not in ("lexicon", "guess")}
    out: list[Mention] = []
    for m in raw:
        if m.type == "ORG" and m.how in _WEAK:
            # A proper noun read as an organisation on weak evidence is the person when
            # the document names that person (트럼프 대통령 … 트럼프 취임일, 헤이스팅스는).
            person = people.get(m.entity) or _by_last_word(m.entity, people)
            if person is not None:
                m = replace(m, type="PER", how="name")
            elif m.how == "guess" or (m.how == "lexicon" and m.entity not in shown):
                # Kiwi knows many proper nouns that are no organisations (세월호, 코로나,
                # 한국어): one needs company words near it somewhere in the document.
                continue
        if m.type != "PER":
            out.append(m)
            continue
        full = (
            _by_surname(m, people, raw)
            if _is_short(m)
            else (people.get(m.entity) or _by_last_word(m.entity, people))
        )
        if full is not None:
            m = replace(
                m,
                entity=full.entity,
                title=m.title if m.title and not _is_short(m) else full.title or m.title,
                affiliation=m.affiliation or full.affiliation,
            )
        elif _is_short(m):
            # `박 씨`, `이 부회장` with no full name in the document: kept for quote
            # speakers, but no named entity (see Mention.named).
            m = replace(m, how="reference")
        out.append(m)
    return out


def _merge(old: Mention | None, new: Mention) -> Mention:
    if old is None:
        return new
    return replace(
        old, title=old.title or new.title, affiliation=old.affiliation or new.affiliation
    )


def _is_short(m: Mention) -> bool:
    """`김 교수` (a surname and its title), not `조 바이든`."""
    return (
        len(m.entity) >= 3
        and m.entity[1] == " "
        and m.entity[0] in _SURNAMES
        and m.entity[2:] == (m.title or "")
    )


def _by_surname(short: Mention, people: dict[str, Mention], raw: list[Mention]) -> Mention | None:
    surname, title = short.entity[0], short.title or ""
    candidates = [
        p
        for name, p in people.items()
        if (name[0] == surname and " " not in name) or name.split()[-1] == surname
    ]
    if not candidates:
        return None
    same_title = [p for p in candidates if p.title and p.title.endswith(title)]
    pool = same_title or candidates

    def last_seen(p: Mention) -> int:
        # Prefer the person named most recently before the reference (captions come last
        # in the text, so a caption-only name ranks after every body mention).
        starts = [m.start for m in raw if m.entity == p.entity and m.start < short.start]
        return max(starts) if starts else -1

    return max(pool, key=last_seen)


def _by_last_word(name: str, people: dict[str, Mention]) -> Mention | None:
    matches = [p for full, p in people.items() if " " in full and full.split()[-1] == name]
    return matches[0] if len(matches) == 1 else None
