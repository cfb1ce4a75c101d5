"""The learned components: the name tagger (nlp/names.py) and the tone layer
(nlp/tone_model.py), with the rules among their features and as their explanation; their
weights rebuild byte for byte from the labelled files."""

from __future__ import annotations

import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path

import pytest

import ai_discourse
from ai_discourse.nlp import Lexicon, annotate
from ai_discourse.nlp.names import Span, bio, confidence, spans_of, tag_sentence
from ai_discourse.nlp.tone_model import LABELS, ToneModel, features, shipped
from ai_discourse.records import Mention, Token

from .conftest import article

ROOT = Path(__file__).resolve().parents[1]


def test_bio_tags_and_spans_round_trip() -> None:
    tokens = [
        Token("마이클", "NNP", 0, 3),
        Token("로런스", "NNP", 4, 7),
        Token("교수", "NNG", 8, 10),
    ]
    spans = [Span("PER", 0, 7)]
    tags = bio(tokens, spans)
    assert tags == ["B-PER", "I-PER", "O"]
    assert list(spans_of(tokens, tags)) == spans
    # an I- tag after another type opens a name of its own
    assert list(spans_of(tokens, ["B-ORG", "I-PER", "O"])) == [Span("ORG", 0, 3), Span("PER", 4, 7)]


def names(lexicon: Lexicon, text: str, mode: str = "both") -> list[tuple[str, str, str]]:
    (doc,) = annotate([article(text)], lexicon=replace(lexicon, names=mode))
    return [(m.type, m.surface, m.how) for m in doc.mentions if m.named]


def test_a_verb_form_before_a_name_is_never_the_name(lexicon: Lexicon) -> None:
    text = "연구를 이끈 마이클 로런스 교수는 새 물질의 구조를 밝혔다고 설명했다."
    found = names(lexicon, text)
    assert ("PER", "마이클 로런스") in {(t, s) for t, s, _ in found}
    assert not [s for t, s, _ in found if t == "PER" and ("이끈" in s or s == "로런스")]


def test_the_model_never_widens_a_name_over_a_verb_form(lexicon: Lexicon) -> None:
    # The tagger once read `새면서` (새+면서) into the organisation after it: a model span
    # over a verb form never widens the rule's name (checked on the combination itself,
    # whatever the shipped weights say of this sentence).
    from ai_discourse.nlp.names import _combine

    text = "지붕 곳곳에서 빗물이 새면서 시설공단의 관리 능력이 도마에 올랐다."
    (doc,) = annotate([article(text)], lexicon=replace(lexicon, names="rules"))
    sentence = doc.sentences[0]
    rule = [m for m in doc.mentions if m.surface == "시설공단"]
    assert rule
    verb = next(t for t in sentence.tokens if t.form == "새")
    wide = Span("ORG", verb.start, rule[0].end)
    kept = _combine(sentence, doc.text, rule, [wide], lexicon.gazetteer, lambda s: True)
    assert [(m.type, m.surface) for m in kept] == [("ORG", "시설공단")]


def test_a_given_name_the_model_adds_to_a_listed_surname_is_another_person(
    lexicon: Lexicon,
) -> None:
    # `트럼프` alone is the gazetteer's 도널드 트럼프; the model reading `멜라니아 트럼프`
    # must not make her him, while `조 바이든` stays the listed 조 바이든 (checked on the
    # combination itself, whatever the shipped weights say of these sentences).
    from ai_discourse.nlp.names import _combine

    for text, listed, widened in (
        ("멜라니아 트럼프 여사는 행사에 참석했다.", "도널드 트럼프", "멜라니아 트럼프"),
        ("조 바이든 대통령은 연설했다.", "조 바이든", "조 바이든"),
    ):
        (doc,) = annotate([article(text)], lexicon=replace(lexicon, names="rules"))
        surname = widened.split()[-1]
        start = text.index(surname)
        rule = Mention(listed, "PER", 0, start, start + len(surname), surname)
        wide = Span("PER", 0, len(widened))
        kept = _combine(
            doc.sentences[0], doc.text, [rule], [wide], lexicon.gazetteer, lambda s: True
        )
        assert [(m.surface, m.entity) for m in kept] == [(widened, widened)]


def test_a_place_the_model_reads_as_the_start_of_a_longer_name_is_part_of_it(
    lexicon: Lexicon,
) -> None:
    # A club carries its city's name: the model's surer, longer organisation wins over
    # the place lexicon (on the combination itself); a place before another name the
    # rules read stays a place (`전남 나주경찰서`).
    from ai_discourse.nlp.names import _combine

    text = "시애틀 시호크스는 어제 경기에서 이겼다."
    (doc,) = annotate([article(text)], lexicon=replace(lexicon, names="rules"))
    place = Mention("시애틀", "LOC", 0, 0, 3, "시애틀", how="place")
    club = Span("ORG", 0, len("시애틀 시호크스"))
    sentence = doc.sentences[0]
    kept = _combine(sentence, doc.text, [place], [club], lexicon.gazetteer, lambda s: True)
    assert [(m.type, m.surface, m.how) for m in kept] == [("ORG", "시애틀 시호크스", "model")]
    unsure = _combine(sentence, doc.text, [place], [club], lexicon.gazetteer, lambda s: False)
    assert [(m.type, m.surface) for m in unsure] == [("LOC", "시애틀")]

    text = "전남 나주경찰서는 수사에 나섰다."
    (doc,) = annotate([article(text)], lexicon=replace(lexicon, names="rules"))
    place = Mention("전남", "LOC", 0, 0, 2, "전남", how="place")
    station = Mention("나주경찰서", "ORG", 0, 3, 8, "나주경찰서", how="suffix")
    wide = Span("ORG", 0, 8)
    kept = _combine(
        doc.sentences[0], doc.text, [place, station], [wide], lexicon.gazetteer, lambda s: True
    )
    assert [(m.type, m.surface) for m in kept] == [("LOC", "전남"), ("ORG", "나주경찰서")]


def test_the_rules_alone_are_what_they_were(lexicon: Lexicon) -> None:
    text = "박서윤 한빛소프트 대표는 간담회에 참석했다."
    rules = names(lexicon, text, "rules")
    assert ("PER", "박서윤", "title") in rules
    both = names(lexicon, text)
    # where the model agrees, the name keeps the rule that found it (the explanation)
    assert ("PER", "박서윤", "title") in both


def test_a_name_only_the_model_finds_says_so(lexicon: Lexicon) -> None:
    text = "홈플랜은 올해 매출이 늘었다고 밝혔다. 홈플랜 관계자는 신제품을 내놓겠다고 했다."
    rules = {s for t, s, _ in names(lexicon, text, "rules")}
    both = names(lexicon, text)
    added = [(t, s, how) for t, s, how in both if s not in rules]
    assert all(how == "model" for _, _, how in added)


def test_each_thread_reads_its_own_tagger(lexicon: Lexicon) -> None:
    """The tagger keeps the lattice of its last sentence for `confidence`: a sentence
    tagged in another thread in between must not replace it (two runs in one process)."""
    (long,) = annotate(
        [article("이수민 한빛소프트 대표는 서울 본사에서 열린 간담회에서 새 제품을 소개했다.")],
        lexicon=lexicon,
    )
    (short,) = annotate([article("김 씨가 왔다.")], lexicon=lexicon)
    sentence = long.sentences[0]
    last = sentence.tokens[-1]
    span = Span("PER", last.start, last.end)
    alone = tag_sentence(sentence, long.text, (), lexicon.gazetteer)
    assert alone is not None
    expected = confidence(span, sentence.tokens, alone, None)
    assert len(short.sentences[0].tokens) < len(sentence.tokens)

    between = threading.Barrier(2)
    seen: list[float] = []
    errors: list[BaseException] = []

    def first() -> None:
        try:
            tags = tag_sentence(sentence, long.text, (), lexicon.gazetteer)
            between.wait()  # the other thread tags its short sentence now
            between.wait()
            assert tags is not None
            seen.append(confidence(span, sentence.tokens, tags, None))
        except BaseException as exc:  # reported below
            errors.append(exc)

    def second() -> None:
        between.wait()
        tag_sentence(short.sentences[0], short.text, (), lexicon.gazetteer)
        between.wait()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert seen == [expected]


def test_the_tone_layer_explains_its_label() -> None:
    model = shipped()
    assert model is not None
    result = ai_discourse.tone("한빛전자의 영업이익은 시장 예상치를 크게 밑돌았다.")
    assert result["label"] in LABELS
    assert result["because"], "the label comes with the features behind it"
    assert all(" +" in reason for reason in result["because"])


def test_tone_model_scores_are_probabilities() -> None:
    model = ToneModel({"w=부진/NN": (2.0, 0.0, -2.0), "bias": (0.0, 0.5, 0.0)})
    feats = features([Token("부진", "NNG", 0, 2)], [])
    probs = model.scores(feats)
    assert abs(sum(probs) - 1) < 1e-9
    assert model.label(feats) == "neg"
    assert model.explain(feats, "neg") == ["w=부진/NN +3.00"]


@pytest.mark.slow
def test_the_shipped_weights_rebuild_byte_for_byte() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "train.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    for model in ("names.crfsuite", "tone_model.json", "party_tone.json"):
        assert model in run.stdout
    assert "DIFFERENT" not in run.stdout


@pytest.mark.parametrize(
    ("text", "target", "label"),
    [
        # the target only reports: what it says is about others
        ("한빛전자는 누리소프트의 실적이 부진하다고 밝혔다.", "한빛전자", "neu"),
        (
            '바른정당의 오신환 대변인은 논평에서 "북한의 위협이 커졌다"라고 밝혔다.',
            "바른정당",
            "neu",
        ),
        # the one spoken of keeps the tone
        ("한빛전자는 누리소프트의 실적이 부진하다고 밝혔다.", "누리소프트", "neg"),
        # named again in what it says: it speaks of itself
        ("한빛전자는 한빛전자의 매출이 크게 늘었다고 밝혔다.", "한빛전자", "pos"),
    ],
)
def test_a_target_that_only_reports_is_neutral(text: str, target: str, label: str) -> None:
    result = ai_discourse.tone(text, target=target)
    assert result["label"] == label, result
    if label == "neu":
        assert result["because"] == ["reports (its speech is about others)"]


# --- the party layer (nlp/party_tone.py) ----------------------------------------------------


def _placed(text: str, target: str) -> dict[str, float]:
    """The party layer's features for `target` in `text`, as `tone(text, target=…)` reads them."""
    from ai_discourse.api import _resources, attributions_of
    from ai_discourse.config import Settings
    from ai_discourse.nlp import party_tone
    from ai_discourse.nlp.attribution import _own_tokens
    from ai_discourse.nlp.tone import score_tokens

    lexicon = _resources(Settings())[1]
    model = shipped()
    assert model is not None
    doc, about = attributions_of(text, target)
    (a,) = about
    own = _own_tokens(a.tokens, doc, target)
    hits = score_tokens(own, lexicon)
    whole = score_tokens(a.sentence.tokens, lexicon)
    return party_tone.features(
        doc,
        a.sentence,
        target,
        hits,
        model.scores(features(own, hits)),
        whole,
        model.scores(features(a.sentence.tokens, whole)),
        a.how,
    )


@pytest.mark.parametrize(
    ("text", "target", "role"),
    [
        ("이재용 삼성전자 부회장은 오늘 법원에 출석했다.", "이재용", "topic"),  # through its title
        ("누리소프트는 한빛전자를 상대로 소송을 냈다.", "한빛전자", "obj"),
        ("누리소프트는 한빛전자를 상대로 소송을 냈다.", "누리소프트", "topic"),
        ("한빛전자와 누리소프트가 손을 잡았다.", "한빛전자", "joined"),
        ("대성화학의 공장에서 불이 났다.", "대성화학", "gen"),
        ("검찰은 대성화학에 과징금을 부과했다.", "대성화학", "에"),
    ],
)
def test_the_party_layer_reads_the_targets_role(text: str, target: str, role: str) -> None:
    feats = _placed(text, target)
    assert feats[f"role={role}"] == 1.0, sorted(k for k in feats if k.startswith("role="))


def test_the_party_layer_decides_only_where_the_sentence_sets_the_target_apart() -> None:
    from ai_discourse.nlp.party_tone import sets_apart

    assert not sets_apart(
        _placed("누리소프트는 새 모델을 공개했고, 시장 반응에 실망했다.", "누리소프트")
    )
    assert not sets_apart(_placed("한빛전자와 누리소프트가 나란히 적자를 냈다.", "한빛전자"))
    # a list is one subject whichever name comes first
    assert not sets_apart(_placed("한빛전자와 누리소프트가 나란히 적자를 냈다.", "누리소프트"))
    assert not sets_apart(_placed("한빛전자·누리소프트는 적자를 냈다.", "누리소프트"))
    contrast = "한빛전자와 누리소프트는 적자를 냈지만 해솔바이오는 흑자로 돌아섰다."
    assert all(sets_apart(_placed(contrast, t)) for t in ("한빛전자", "누리소프트", "해솔바이오"))
    assert sets_apart(
        _placed("서울중앙지법은 한빛전자 김민수 대표에게 징역 2년을 선고했다.", "서울중앙지법")
    )


def test_the_party_layer_overrides_the_sentence_of_a_blog_only_by_a_margin() -> None:
    from ai_discourse.nlp.party_tone import MARGIN, decide, margin

    assert margin("blog") == MARGIN > 0 == margin("news") == margin("unknown")
    apart = {"others=2": 1.0, "bias": 1.0}
    # neu a little likelier than neg: on news the layer's neu, on a blog the sentence's neg
    close = ToneModel({"bias": (0.0, 0.1, -5.0)})
    assert decide(close, apart, "neg", margin("news")) == "neu"
    assert decide(close, apart, "neg", margin("blog")) == "neg"
    # neu far likelier: the layer's neu wins, and only where the target is set apart
    sure = ToneModel({"bias": (0.0, 3.0, -5.0)})
    probs = sure.scores(apart)
    assert probs[1] - probs[0] >= MARGIN
    assert decide(sure, apart, "neg", margin("blog")) == "neu"
    assert decide(sure, {"others=0": 1.0, "bias": 1.0}, "neg") == "neg"


def test_a_person_named_as_the_target_is_attributed() -> None:
    # a person found by its title is the tracked target too (was: no sentence about it)
    result = ai_discourse.tone("이재용 삼성전자 부회장은 2020년 구속됐다.", target="이재용")
    assert result["label"] == "neg"
    assert result["cues"]
