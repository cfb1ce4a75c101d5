"""Tone of a span of morphemes: a polarity lexicon applied to Kiwi lemmas, with negation.

Negation is read on morphemes, so spelling and spacing do not matter:
- after a polar word: `~지 않다` (않), `~지 못하다` (못하, 못 + 하), `~이 아니다` (아니),
  `없다` right after a noun (`문제가 없다` flips 문제, `성과가 없다` flips 성과);
- before a polar verb: `안 좋다`, `못 미치다`;
- reversal verbs undo a negative noun: `우려를 해소했다`, `부진에서 벗어났다`;
- negating prefixes Kiwi splits off: `불안정` (불 + 안정), `역성장` (역 + 성장).
Each negator flips the nearest polar word before it (after it, for 안/못 in front), so a
double negation cancels (`성장하지 않을 수 없다`).

Composition: a word of change takes its tone from the amount it moves (data/tone_lexicon.tsv,
tags `QTY` and `DIR`): `영업이익이 30% 늘었다` and `적자 폭이 줄었다` are good news, `매출이
줄었다` and `부채 비율이 상승했다` bad; the amount's own tone (적자 −) and the change word's
(상승 +) give way to the composed cue (`+적자·줄`). The amount is the nearest amount noun before
the change word in its clause (`수요 감소로 매출이 줄었다`: 수요·감소, 매출·줄), or the noun the
change word modifies (`늘어난 매출`). Without a change word, two figures after the amount
give the change: `영업이익 1,310만 유로(전년 870만 유로)`, `영업손실은 540만 유로에서 210만
유로가 됐다` (`+손실·540만→210만`).

Contrast: in `A했지만 B했다`, `A한 반면 B`, `A에도 불구하고 B` the sentence's verdict is B,
so polar words before the last contrast marker count for nothing when polar words follow
it (they stay in the evidence, marked).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from ai_discourse.records import Token
from ai_discourse.resources import ToneLexicon

_REVERSERS = frozenset(
    "해소 극복 씻 벗어나 탈피 만회 불식 해결 타개 완화 털어내 잠재우 덜 줄이 낮추 막 피하 "
    "상쇄 메우 딛 벗".split()
)
_PREVENTERS = frozenset({"예방", "방지", "대비", "예방책", "방지책"})
_CONTRAST_ENDINGS = frozenset({"지만", "으나", "는데", "은데", "ᆫ데", "는데도", "지마는"})
# Rank talk of business news: `1위에 올랐다/를 지켰다` praise, `1위를 내줬다` blames.
_RANK_UP = frozenset({"오르", "차지", "지키", "굳히", "탈환", "등극", "올라서", "수성"})
_RANK_DOWN = frozenset({"내주", "밀려나", "뺏기", "빼앗기", "내어주", "떨어지", "추락"})
_RANK_WINDOW = 6
# Contests: the object of a win (`카카오를 제치고`) and the one a loss is to (`알파고에게
# 패했다`) get the verb's tone reversed (read in analysis.stance, for each target).
CONTEST_WINS = frozenset("제치 앞지르 따돌리 꺾 이기 물리치 누르 격파 추월 압도 앞서".split())
CONTEST_LOSSES = frozenset("패하 패 패배 참패 완패 석패 밀리 뒤지 뒤처지".split())
_FAILED_TO = -0.5
"""`~지 못하다` with nothing polar before it: failing to do something (도달하지 못했다)."""
_MAX_PHRASE = 4
_PRE_NEGATORS = frozenset({"안", "못"})
# Negating prefixes Kiwi splits off: 불안정 = 불 + 안정, 미흡 stays whole, 역성장 = 역 + 성장.
_NEGATING_PREFIXES = frozenset({"불", "비", "무", "미", "역", "부"})
_NOUNISH = frozenset({"NNG", "NNP", "XR", "SL"})
_CHANGE_TAGS = frozenset({"VV", "VA", "NNG", "XR"})
_AMOUNT_WINDOW = 20
"""How far before a change word its amount may stand (morphemes, within the clause)."""
# Verbs that only relate an amount to a reference (`전년에 비해 줄었다`, `이에 따라`).
_TRANSPARENT_VERBS = frozenset("비하 대비하 대하 따르 의하 걸치 거치 견주".split())
# Clause-linking endings: an amount does not reach a change word across them (`크게`'s
# 게 and `늘어나`'s 어 are endings too, but inside the clause).
_CLAUSE_LINKS = frozenset(
    "고 며 으며 면서 으면서 지만 는데 은데 ᆫ데 으나 어서 아서 니 으니 다가".split()
)
# Number words Kiwi tags NR after digits: `1억 3천만`, `870만`.
_MAGNITUDES = {"십": 1e1, "백": 1e2, "천": 1e3, "만": 1e4, "십만": 1e5, "백만": 1e6, "천만": 1e7}
_MAGNITUDES |= {"억": 1e8, "십억": 1e9, "백억": 1e10, "천억": 1e11, "조": 1e12}
_DATE_UNITS = frozenset("년 월 일 분기 반기 시 분 초 주 위 차 회 세".split())
# What may stand between the figure and its earlier value in `(전년 동기 870만 유로)`.
_REFERENCE_WORDS = frozenset("전년 전년도 작년 지난해 전기 전분기 동기 같은 기간 대비 비".split())


@dataclass(frozen=True)
class Hit:
    """One polar word found: its lemma, the signed weight it contributes, whether a
    negator or reversal flipped it, and where it stands."""

    form: str
    score: float
    flipped: bool
    start: int
    end: int
    """Offsets into `Doc.text` of the token(s) it was read from: one word, or all of a
    phrase (`기록을 새로 썼`), of an amount and its change (`이익이 30% 늘`), of `1위`."""
    discounted: bool = False
    """Before a contrast marker with polar words after it: shown, but counted as 0."""
    prevented: bool = False
    """A harm named only as what is to be prevented (`사고를 예방`): shown, counted as 0."""
    rival: bool = False
    """Read for the other side of a contest (`카카오를 제치고`: −제치(상대) for 카카오)."""

    @property
    def counted(self) -> float:
        """The weight it adds to its span's score (0 when discounted or prevented)."""
        return 0.0 if self.discounted or self.prevented else self.score

    def label(self) -> str:
        """Sign, lemma and marks, as the evidence shows it: `+성장`, `−부진(부정됨)`."""
        sign = "+" if self.score > 0 else "−"
        marks = (
            ("(부정됨)" if self.flipped else "")
            + ("(역접 앞)" if self.discounted else "")
            + ("(예방)" if self.prevented else "")
            + ("(상대)" if self.rival else "")
        )
        return f"{sign}{self.form}{marks}"


@dataclass
class _Polar:
    index: int
    form: str
    weight: float
    flips: int = 0
    noun: bool = False
    prevented: bool = False
    tokens: tuple[int, int] | None = None
    """First and last token read, when more than the one at `index` (which orders the
    word for negation and contrast)."""

    @property
    def current(self) -> float:
        return -self.weight if self.flips % 2 else self.weight

    def span(self, tokens: Sequence[Token]) -> tuple[int, int]:
        """Its offsets in the text. A fused morpheme can end after the next one starts
        (안타깝 covers 안타까운, its ending 은 only 운), hence the widest end."""
        first, last = self.tokens or (self.index, self.index)
        return tokens[first].start, max(t.end for t in tokens[first : last + 1])


def score_tokens(tokens: Sequence[Token], lexicon: ToneLexicon) -> list[Hit]:
    """The polar words of a span (a clause or a sentence), after negation and contrast."""
    polar: list[_Polar] = []
    contrast_at = -1
    skip_until = -1
    composed: set[int] = set()  # amounts already read with their change word
    for i, token in enumerate(tokens):
        if i < skip_until or i in composed:
            continue
        if _is_contrast(tokens, i):
            contrast_at = i
            continue
        phrase = _phrase_at(tokens, i, lexicon)
        if phrase is not None:
            form, weight, size = phrase
            polar.append(_Polar(i + size - 1, form, weight, tokens=(i, i + size - 1)))
            skip_until = i + size
            continue
        adverbial = token.tag == "VA" and i + 1 < len(tokens) and tokens[i + 1].form == "게"
        if token.tag in _CHANGE_TAGS and token.form in lexicon.directions and not adverbial:
            amount = _amount_of(tokens, i, lexicon, composed)
            if amount is not None:
                at, form = amount
                # The amount's own tone (적자 −) is replaced by the composed one.
                polar[:] = [p for p in polar if p.index != at]
                composed.add(at)
                weight = lexicon.quantities[form] * lexicon.directions[token.form]
                read = (min(at, i), max(at, i))  # `늘어난 매출`: the amount comes after
                polar.append(_Polar(i, f"{form}·{token.form}", weight, tokens=read))
                continue
        if (
            token.tag == "MAG"
            and token.form in _PRE_NEGATORS
            and i + 1 < len(tokens)
            and tokens[i + 1].form in ("하", "되")
            and polar
            and i - polar[-1].index <= 2
        ):
            # `후회 안 해요`, `실망 안 했다`: 안/못 before a light verb negates the noun.
            polar[-1].flips += 1
            continue
        if token.form in _REVERSERS and token.tag in ("VV", "NNG", "VA"):
            _flip_previous(polar, i, only_negative=True, max_gap=6)
            continue
        if token.form in _PREVENTERS and token.tag == "NNG":
            # `충돌 사고를 예방`, `피해 방지 대책`: the harm is not reported, only guarded
            # against; the sentence says nothing good or bad of anyone by naming it.
            for p in reversed(polar):
                if i - p.index > 6:
                    break
                if p.current < 0:
                    p.prevented = True
            continue
        weight = lexicon.polarity(token.form, token.tag)
        if weight and _is_epistemic(tokens, i):
            continue  # `판정하기는 어렵다`: hard to say, not hard times
        if weight:
            before = tokens[i - 1] if i else None
            pre = before is not None and (
                (before.form in _PRE_NEGATORS and before.tag == "MAG")
                or (
                    before.tag == "XPN"
                    and before.form in _NEGATING_PREFIXES
                    and before.end == token.start
                )
            )
            polar.append(_Polar(i, token.form, weight, 1 if pre else 0, token.tag == "NNG"))
            continue
        if token.tag == "NNB" and token.form == "위" and i and tokens[i - 1].form == "1":
            rank = _rank(tokens, i)
            if rank:
                polar.append(_Polar(i, "1위", rank, tokens=(i - 1, i)))
            continue
        if _is_post_negator(tokens, i):
            # `~지 않을 수 없다` negates the whole predicate before it, like 않다.
            whole = token.form != "없" or (i >= 1 and tokens[i - 1].form == "수")
            gap = 12 if whole else 3
            reaches = not polar or _negation_reaches(tokens, polar[-1].index, i)
            if reaches and polar and i - polar[-1].index <= gap and _is_purpose(tokens, i):
                # `피해가 발생하지 않도록`, `일어나지 않기 위해`: a harm to avoid, not a
                # report that it did not happen.
                if polar[-1].current < 0:
                    polar[-1].prevented = True
                continue
            failure = _is_failure(tokens, i)
            # Failing to act on something bad is no good news (`항의를 하지 못했다`):
            # 못하다 flips only what was good.
            flippable = not (failure and polar and polar[-1].current < 0)
            flipped = (
                reaches and flippable and _flip_previous(polar, i, only_negative=False, max_gap=gap)
            )
            if not flipped and failure:
                # `못했다` is 못 + 하 + 었: the cue reads both.
                light = i + 1 < len(tokens) and tokens[i + 1].form == "하"
                polar.append(_Polar(i, "못하", _FAILED_TO, tokens=(i, i + 1 if light else i)))
    for k, token in enumerate(tokens):
        if token.tag in ("NNG", "NNP") and token.form in lexicon.quantities and k not in composed:
            change = _figure_change(tokens, k)
            if change is not None:
                sign, was, now, last = change
                polar[:] = [p for p in polar if p.index != k]
                weight = lexicon.quantities[token.form] * sign
                polar.append(_Polar(k, f"{token.form}·{was}→{now}", weight, tokens=(k, last)))
    polar.sort(key=lambda p: p.index)
    _doubt_rhetorical(tokens, polar)
    after = any(p.index > contrast_at for p in polar) and contrast_at >= 0
    return [
        Hit(
            p.form,
            p.current,
            bool(p.flips % 2),
            *p.span(tokens),
            discounted=after and p.index < contrast_at,
            prevented=p.prevented,
        )
        for p in polar
    ]


def _amount_of(
    tokens: Sequence[Token], i: int, lexicon: ToneLexicon, taken: set[int]
) -> tuple[int, str] | None:
    """(index, form) of the amount the change word at `i` moves, if any: the nearest amount
    noun before it in its clause (`적자 폭이 줄었다` -> 적자), else the noun it modifies
    (`증가한 영업이익` -> 이익)."""
    for k in range(i - 1, max(-1, i - 1 - _AMOUNT_WINDOW), -1):
        token = tokens[k]
        if (
            token.tag in ("SF", "EF")
            or (token.tag == "VV" and token.form not in _TRANSPARENT_VERBS)
            or (token.tag == "EC" and token.form in _CLAUSE_LINKS)
        ):
            break  # another predicate or clause: the amount, if any, is not this one's
        if token.tag in ("NNG", "NNP") and token.form in lexicon.quantities and k not in taken:
            return k, token.form
    # `늘어난 매출`, `증가한 영업 이익`: change word (+ 하/되) + ETM, then the noun phrase.
    k = i + 1
    while k < len(tokens) and tokens[k].tag in ("XSV", "XSA", "EP"):
        k += 1
    if k >= len(tokens) or tokens[k].tag != "ETM":
        return None
    k += 1
    head = None
    while k < len(tokens) and tokens[k].tag in ("NNG", "NNP", "XSN"):
        if tokens[k].form in lexicon.quantities:
            head = (k, tokens[k].form)
        k += 1
    return head


def _figure_change(tokens: Sequence[Token], k: int) -> tuple[int, str, str, int] | None:
    """+1/−1, the two figures (earlier, later) and the index of the figures' last token,
    when the amount at `k` is followed, in its clause, by a figure and its earlier value:
    `B(전년 A)` or `A에서 B로/가`."""
    figures: list[tuple[float, str, int, int]] = []  # value, text, first and last index
    j = k + 1
    while j < len(tokens) and j <= k + _AMOUNT_WINDOW and len(figures) < 2:
        t = tokens[j]
        if t.tag in ("SF", "EF") or (t.tag == "EC" and t.form in _CLAUSE_LINKS) or t.tag == "VV":
            break
        if t.tag == "SN":
            value, text, end = _figure_at(tokens, j)
            dated = end + 1 < len(tokens) and tokens[end + 1].form in _DATE_UNITS
            if not dated:  # `2021년`, `3분기`: when, not how much
                figures.append((value, text, j, end))
            j = end + 1
            continue
        if figures and t.tag not in ("NNB", "NNG", "SSO", "SSC", "SP", "JKB", "JKC", "JX"):
            return None
        j += 1
    if len(figures) != 2:
        return None
    (first, first_text, _, first_end), (second, second_text, second_at, last) = figures
    between = tokens[first_end + 1 : second_at]
    unit = [t for t in between if t.tag == "NNB"]
    words = {t.form for t in between if t.tag == "NNG"}
    opens = [t.form for t in between if t.tag == "SSO"]
    if opens and words <= _REFERENCE_WORDS and len(unit) <= 1:
        was, now, was_text, now_text = second, first, second_text, first_text  # B(전년 A)
    elif any(t.form == "에서" and t.tag == "JKB" for t in between) and not words:
        after = tokens[second_at:]
        marked = any(t.form in ("로", "으로", "가", "이") for t in after[:6])
        if not marked:
            return None
        was, now, was_text, now_text = first, second, first_text, second_text  # A에서 B로
    else:
        return None
    if was == now:
        return None
    return (1 if now > was else -1), was_text, now_text, last


def _figure_at(tokens: Sequence[Token], j: int) -> tuple[float, str, int]:
    """The value of the figure starting at `j` (`1억 3천만` = 130,000,000), its text and
    last index."""
    total, text, end = 0.0, "", j
    while end < len(tokens) and tokens[end].tag == "SN":
        try:
            value = float(tokens[end].form.replace(",", ""))
        except ValueError:
            break
        text += tokens[end].form
        scale = 1.0
        if end + 1 < len(tokens) and tokens[end + 1].tag == "NR":
            scale = _MAGNITUDES.get(tokens[end + 1].form, 1.0)
            text += tokens[end + 1].form
            end += 1
        total += value * scale
        if not (end + 1 < len(tokens) and tokens[end + 1].tag == "SN" and scale > 1):
            break
        end += 1
        text += " "
    return total, text, end


def _phrase_at(
    tokens: Sequence[Token], i: int, lexicon: ToneLexicon
) -> tuple[str, float, int] | None:
    for size in range(min(_MAX_PHRASE, len(tokens) - i), 1, -1):
        forms = tuple(t.form for t in tokens[i : i + size])
        if forms in lexicon.phrases:
            return " ".join(forms), lexicon.phrases[forms], size
    return None


def _is_contrast(tokens: Sequence[Token], i: int) -> bool:
    """`~지만`, `~으나`, `~는데`; `~ㄴ 반면`; `~에도 (불구하고)`."""
    token = tokens[i]
    if token.tag == "EC" and token.form in _CONTRAST_ENDINGS:
        return True
    if token.form == "반면" and i and tokens[i - 1].tag == "ETM":
        return True
    return token.form == "불구" or (
        token.form == "도"
        and i > 0
        and tokens[i - 1].form == "에"
        and i + 1 < len(tokens)
        and tokens[i + 1].form == "불구"
    )


def _is_post_negator(tokens: Sequence[Token], i: int) -> bool:
    token = tokens[i]
    previous = tokens[i - 1] if i else None
    if token.tag == "VX" and token.form in ("않", "못하"):
        return True
    if token.tag == "MAG" and token.form == "못":
        # `~지 못했다` is 지 + 못 + 하: negation of what came before.
        return previous is not None and previous.tag == "EC"
    if token.tag == "VA" and token.form == "없":
        return True
    if token.tag == "VCN" and token.form == "아니":
        return previous is not None and previous.tag in ("JKC", "JKS")
    return False


def _rank(tokens: Sequence[Token], i: int) -> float:
    """+1 for taking or keeping first place, −1 for losing it, 0 for a mere mention."""
    for token in tokens[i + 1 : i + 1 + _RANK_WINDOW]:
        if token.form in _RANK_UP:
            return 1.0
        if token.form in _RANK_DOWN:
            return -1.0
    return 0.0


def _doubt_rhetorical(tokens: Sequence[Token], polar: list[_Polar]) -> None:
    """`과연 신뢰할 수 있을까요?`: a rhetorical question doubts the good it names, so the
    praise after 과연 turns to doubt (flipped)."""
    at = next((k for k, t in enumerate(tokens) if t.form == "과연" and t.tag == "MAG"), None)
    if at is None:
        return
    asks = any(
        t.form == "?" or (t.tag == "EF" and t.form.endswith(("까", "까요"))) for t in tokens[at:]
    )
    if not asks:
        return
    for p in polar:
        if p.index > at and p.current > 0:
            p.flips += 1


def _is_epistemic(tokens: Sequence[Token], i: int) -> bool:
    """`~기(는) 어렵다`, `~기 힘들다`: a judgement is hard to make, nobody is in difficulty."""
    if tokens[i].form not in ("어렵", "힘들") or i < 1:
        return False
    k = i - 1
    if tokens[k].tag in ("JX", "JKS") and k >= 1:
        k -= 1
    return tokens[k].tag == "ETN" and tokens[k].form == "기"


def _is_purpose(tokens: Sequence[Token], i: int) -> bool:
    """`~지 않도록`, `~지 않기 위해`: the negation states a purpose, not a fact."""
    after = [t.form for t in tokens[i + 1 : i + 4]]
    return after[:1] == ["도록"] or after[:2] == ["기", "위하"]


def _is_failure(tokens: Sequence[Token], i: int) -> bool:
    """`~지 못하다` / `~지 못했다` (not `못지않다`): the subject failed to do something."""
    token = tokens[i]
    return (token.form == "못하" and token.tag == "VX") or (
        token.form == "못" and i > 0 and tokens[i - 1].form == "지"
    )


# Predicates that carry no meaning of their own between a polar word and its negator:
# `피해가 발생하지 않았다` negates 피해, `성과를 내지 못했다` negates 성과.
_LIGHT_PREDICATES = frozenset(
    "하 되 있 발생 일어나 나타나 보이 이루어지 생기 나 받 겪 입 주 내 들 가 오 빚 따르 "
    "크 많 심하 적 드러나 미치 부응 충족 달하 도달 이르".split()
)


def _negation_reaches(tokens: Sequence[Token], polar_at: int, negator_at: int) -> bool:
    """Whether a negator after a polar word negates it: not when a content word stands
    between them (`추락 원인은 밝혀지지 않았다` negates 밝혀지, not 추락)."""
    for token in tokens[polar_at + 1 : negator_at]:
        if token.tag in ("VV", "VA", "NNG", "NNP") and not (
            token.form in _LIGHT_PREDICATES or token.form in _REVERSERS
        ):
            return False
    return True


def _flip_previous(polar: list[_Polar], i: int, *, only_negative: bool, max_gap: int) -> bool:
    """Flip the nearest polar word before i, with the nouns compounded with it
    (`악화 우려는 크지 않다` undoes both 악화 and 우려). Returns whether it flipped."""
    if not polar or i - polar[-1].index > max_gap:
        return False
    if only_negative and polar[-1].current >= 0:
        return False
    k = len(polar) - 1
    polar[k].flips += 1
    while (
        k > 0 and polar[k].noun and polar[k - 1].noun and polar[k].index - polar[k - 1].index == 1
    ):
        k -= 1
        polar[k].flips += 1
    return True


def for_rival(hits: Sequence[Hit], verbs: set[str]) -> list[Hit]:
    """The contest words among `hits`, as the other side of the contest reads them."""
    return [
        replace(h, score=-h.score, rival=True)
        for h in hits
        if h.form in verbs and not h.flipped and not h.discounted
    ]


def total(hits: Sequence[Hit]) -> float:
    """The tone score of a span: the sum of its counted hits."""
    return sum(h.counted for h in hits)


def tone_label(score: float) -> str:
    """pos / neg / neu from a summed score."""
    return "pos" if score > 0 else "neg" if score < 0 else "neu"
