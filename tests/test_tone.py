"""Tone scoring on morphemes: lexicon hits, negation, reversal, contrast, phrases.

Sentences written for these tests; none is from the seeds or benchmarks/eval.
"""

from __future__ import annotations

import pytest

from ai_discourse.config import Settings
from ai_discourse.nlp.tone import score_tokens, tone_label, total
from ai_discourse.resources import ToneLexicon, load_tone_lexicon


@pytest.fixture(scope="module")
def shipped() -> ToneLexicon:
    return load_tone_lexicon(Settings().tone_lexicon)


def tone(make_docs, lexicon: ToneLexicon, text: str) -> tuple[str, list[str]]:  # type: ignore[no-untyped-def]
    (doc,) = make_docs(text)
    tokens = [t for s in doc.sentences for t in s.tokens]
    hits = score_tokens(tokens, lexicon)
    return tone_label(total(hits)), [h.label() for h in hits]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("한빛전자는 올해 매출이 크게 성장했다.", "pos"),
        ("한빛전자의 주가가 급락했다.", "neg"),
        ("한빛전자는 신제품 판매 부진으로 고전했다.", "neg"),
        ("한빛전자는 내년 사업 계획을 발표했다.", "neu"),
        # negation after the word, on morphemes, however it is spelled
        ("한빛전자는 시장의 기대에 미치지 못했다.", "neg"),
        ("한빛전자는 성과를 내지 못했다.", "neg"),
        ("한빛전자의 실적 악화 우려는 크지 않다.", "pos"),
        ("점검 결과 한빛전자에는 별다른 문제가 없다.", "pos"),
        # negation before the verb and negating prefixes
        ("한빛전자의 올해 실적은 안 좋다.", "neg"),
        ("한빛전자의 공급망은 불안정하다.", "neg"),
        # reversal: a negative word undone by its verb, and that undone again
        ("한빛전자는 유동성 위기를 극복했다.", "pos"),
        ("한빛전자는 유동성 우려를 해소하지 못했다.", "neg"),
        # contrast: the verdict after 지만 / 반면 decides
        ("한빛전자는 상반기에 부진했지만 하반기에는 흑자를 냈다.", "pos"),
        ("한빛전자는 매출이 성장한 반면 이익은 급감했다.", "neg"),
        # phrases
        ("한빛전자는 3분기 사상 최대 매출을 올렸다.", "pos"),
        ("한빛전자는 인력 확보에 애를 먹고 있다.", "neg"),
        ("한빛전자의 신제품이 품질을 인정받았다.", "pos"),
        # first place taken, kept or lost; failing to do something
        ("한빛전자는 국내 앱마켓 매출 1위에 올랐다.", "pos"),
        ("한빛전자는 점유율 1위 자리를 경쟁사에 내줬다.", "neg"),
        ("한빛전자는 1위 업체와 협약을 맺었다.", "neu"),
        ("한빛전자는 올해도 목표 점유율에 도달하지 못했다.", "neg"),
    ],
)
def test_shipped_lexicon_with_negation_and_contrast(make_docs, shipped, text, label) -> None:  # type: ignore[no-untyped-def]
    got, hits = tone(make_docs, shipped, text)
    assert got == label, hits


def test_double_negation_cancels(make_docs) -> None:  # type: ignore[no-untyped-def]
    lexicon = ToneLexicon({("성장", "NNG"): 1.0})
    label, hits = tone(make_docs, lexicon, "한빛전자는 성장하지 않을 수 없다.")
    assert (label, hits) == ("pos", ["+성장"])


def test_hits_are_explained(make_docs) -> None:  # type: ignore[no-untyped-def]
    lexicon = ToneLexicon({("부진", "NNG"): -1.0, ("흑자", "NNG"): 1.0, ("기대", "NNG"): 1.0})
    _, hits = tone(make_docs, lexicon, "상반기에 부진했지만 흑자를 냈다.")
    assert hits == ["−부진(역접 앞)", "+흑자"]
    _, hits = tone(make_docs, lexicon, "기대에 미치지 못했다.")
    assert hits == ["−기대(부정됨)"]


def test_no_lexicon_means_neutral(make_docs) -> None:  # type: ignore[no-untyped-def]
    assert tone(make_docs, ToneLexicon(), "한빛전자가 크게 성장했다.") == ("neu", [])


@pytest.mark.parametrize(
    ("text", "label", "cue"),
    [
        # a rise or fall of something good or bad: the amount gives the change its tone
        ("누리소프트의 3분기 영업이익이 전년보다 30% 늘었다.", "pos", "+이익·늘"),
        ("한빛전자의 적자 폭이 크게 줄었다.", "pos", "+적자·줄"),
        ("수요 감소로 한빛전자의 매출이 줄었다.", "neg", "−매출·줄"),
        ("누리소프트의 부채 비율이 상승했다.", "neg", "−부채·상승"),
        ("한빛전자는 비용을 20% 절감했다.", "pos", "+비용·절감"),
        ("누리소프트는 인력을 감축하기로 했다.", "neg", "−인력·감축"),
        ("지난해 증가한 영업이익은 대부분 해외에서 나왔다.", "pos", "+이익·증가"),
        ("한빛전자의 점유율이 하락세를 이어갔다.", "neg", "−점유·하락세"),
        # the composed cue is negated like any other
        ("누리소프트의 매출은 늘지 않았다.", "neg", "−매출·늘(부정됨)"),
        # amounts compared with a reference, however far the change word stands
        ("세전 이익은 120억원으로 전년 동기 150억원에 비해 줄었다.", "neg", "−이익·줄"),
        ("분기 매출은 2억 달러로, 1년 전의 1억 8천만 달러보다 많았다.", "pos", "+매출·많"),
        ("순이익은 전년보다 적은 50억원이었다.", "neg", "−순이익·적"),
    ],
)
def test_amount_and_change_compose(make_docs, shipped, text, label, cue) -> None:  # type: ignore[no-untyped-def]
    got, cues = tone(make_docs, shipped, text)
    assert (got, cue in cues) == (label, True), cues


@pytest.mark.parametrize(
    ("text", "label", "cue"),
    [
        # no change word: the figure and its earlier value give the change
        (
            "한빛전자의 영업이익은 1,420억원(전년 동기 1,180억원)이었다.",
            "pos",
            "+이익·1,180억→1,420억",
        ),
        ("누리소프트의 주당순이익은 0.09달러(0.16달러)였다.", "neg", "−순이익·0.16→0.09"),
        ("영업손실은 620만 달러에서 150만 달러가 됐다.", "pos", "+손실·620만→150만"),
        (
            "매출은 2023년 1억 2천만 달러에서 2024년 9천만 달러로 바뀌었다.",
            "neg",
            "−매출·1억 2천만→9천만",
        ),
    ],
)
def test_figures_compose_with_their_amount(make_docs, shipped, text, label, cue) -> None:  # type: ignore[no-untyped-def]
    got, cues = tone(make_docs, shipped, text)
    assert (got, cues) == (label, [cue])


@pytest.mark.parametrize(
    "text",
    [
        "매출은 3분기 1,200억원, 4분기 1,500억원이었다.",  # two figures, no comparison
        "영업이익은 500억원이다.",
        "직원은 2019년 120명에서 일하기 시작했다.",  # a date is no figure
    ],
)
def test_figures_without_a_comparison_are_neutral(make_docs, shipped, text) -> None:  # type: ignore[no-untyped-def]
    assert tone(make_docs, shipped, text) == ("neu", [])


def test_a_change_word_alone_is_not_composed(make_docs, shipped) -> None:  # type: ignore[no-untyped-def]
    got, cues = tone(make_docs, shipped, "회원 수가 작년보다 늘었다.")
    assert (got, cues) == ("neu", [])


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # a content verb between the polar word and the negator takes the negation
        ("사고 원인은 아직 밝혀지지 않았다.", "neg"),
        # a light verb passes it on
        ("이번 점검에서 피해는 발생하지 않았다.", "pos"),
        ("한빛전자는 유동성 우려를 해소하지 못했다.", "neg"),
    ],
)
def test_negation_scope(make_docs, shipped, text, label) -> None:  # type: ignore[no-untyped-def]
    assert tone(make_docs, shipped, text)[0] == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # the blog and review register
        ("새 요금제는 솔직히 좀 아쉽네요.", "neg"),
        ("배터리는 별로예요.", "neg"),
        ("이 가격이면 쓸 만하다.", "pos"),
        ("주변에 강추합니다!", "pos"),
        ("솔직히 비추입니다.", "neg"),
        ("석 달 써 봤는데 후회 안 해요.", "pos"),
        ("앱 화면이 빠르게 바뀌었다.", "neu"),
    ],
)
def test_blog_register(make_docs, shipped, text, label) -> None:  # type: ignore[no-untyped-def]
    assert tone(make_docs, shipped, text)[0] == label


def test_the_shipped_lexicon_lists_each_entry_once() -> None:
    from ai_discourse.config import read_lines

    path = Settings().tone_lexicon
    assert path is not None
    keys = [tuple(line.split("\t")[:2]) for line in read_lines(path)]
    assert len(keys) == len(set(keys)), [k for k in set(keys) if keys.count(k) > 1]


def test_a_harm_named_only_to_be_prevented_counts_for_nothing(make_docs, shipped) -> None:  # type: ignore[no-untyped-def]
    assert tone(make_docs, shipped, "시는 겨울철 화재 예방 캠페인을 열었다.") == (
        "neu",
        ["−화재(예방)"],
    )
    assert tone(make_docs, shipped, "공장에서 화재가 났다.")[0] == "neg"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # a purpose, not a fact: the harm is only to be avoided
        ("시는 피해가 발생하지 않도록 주의를 당부했다.", "neu"),
        ("같은 사고가 일어나지 않기 위해 점검을 늘린다.", "neu"),
        # failing to act on something bad is no good news; failing to do good is bad
        ("정부는 끝내 어떠한 항의도 하지 못했다.", "neg"),
        ("한빛전자는 올해 성과를 내지 못했다.", "neg"),
    ],
)
def test_purpose_and_failure(make_docs, shipped, text, label) -> None:  # type: ignore[no-untyped-def]
    assert tone(make_docs, shipped, text)[0] == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # hard to judge is no hardship
        ("그 발언을 부적절하다고 단정하기는 어렵다.", "neu"),
        ("경영 환경이 어렵다.", "neg"),
        # a rhetorical question doubts the good it names
        ("이번 대책은 과연 신뢰할 수 있을까요?", "neg"),
        ("이번 대책은 신뢰할 수 있다.", "pos"),
    ],
)
def test_epistemic_difficulty_and_rhetorical_doubt(make_docs, shipped, text, label) -> None:  # type: ignore[no-untyped-def]
    assert tone(make_docs, shipped, text)[0] == label


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # a word, with the ending Kiwi fused into it
        ("한빛전자의 실적은 안타까운 수준이다.", [("−안타깝", "안타까운")]),
        # a phrase, an amount and its change, first place: all the words read
        ("한빛전자는 매출 기록을 새로 썼다.", [("+기록 을 새로 쓰", "기록을 새로 썼")]),
        ("누리소프트의 영업이익이 30% 늘었다.", [("+이익·늘", "이익이 30% 늘")]),
        ("늘어난 매출이 한빛전자를 살렸다.", [("+매출·늘어나", "늘어난 매출")]),
        ("한빛전자는 국내 앱마켓 1위에 올랐다.", [("+1위", "1위")]),
        ("한빛전자는 목표에 도달하지 못했다.", [("−못하", "못했")]),
        (
            "영업손실은 540만 유로에서 210만 유로가 됐다.",
            [("+손실·540만→210만", "손실은 540만 유로에서 210만")],
        ),
    ],
)
def test_hits_know_where_they_stand(make_docs, shipped, text, read) -> None:  # type: ignore[no-untyped-def]
    (doc,) = make_docs(text)
    hits = score_tokens([t for s in doc.sentences for t in s.tokens], shipped)
    assert [(h.label(), doc.text[h.start : h.end]) for h in hits] == read
