"""Stance: attribution of sentences to targets, tone per target, frames, distinctive words.

Sentences written for these tests with fictional companies (not the seeds, not the eval set).
"""

from __future__ import annotations

import math
from collections import Counter

import pandas as pd
import pytest

from ai_discourse.analysis.stance import StanceCounts, StanceResult
from ai_discourse.analysis.stats import log_odds_dirichlet
from ai_discourse.nlp import Lexicon
from ai_discourse.nlp.attribution import attribute, clauses
from ai_discourse.nlp.summary import StanceSetup
from ai_discourse.records import Doc
from ai_discourse.resources import Frames, Gazetteer, Target, ToneLexicon, phrase_key

from .conftest import article, folded

TARGETS = (
    Target("한빛전자", ("한빛",)),
    Target("누리소프트", ("누리", "NURI")),
    Target("모아텔레콤", ("모아텔",)),
)
TONE = ToneLexicon(
    {
        ("성장", "NNG"): 1.0,
        ("호조", "NNG"): 1.0,
        ("부진", "NNG"): -1.0,
        ("실망", "NNG"): -1.0,
        ("우려", "NNG"): -1.0,
        ("다행", "NNG"): 1.0,
    }
)
FRAMES = Frames({"제휴": (("제휴",), ("파트너십",)), "자체 개발": (("자체", "개발"),)})


@pytest.fixture(scope="module")
def docs_for(lexicon: Lexicon):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from ai_discourse.nlp import annotate

    orgs = dict(lexicon.gazetteer.orgs)
    for target in TARGETS:
        for spelling in target.spellings():
            orgs[phrase_key(spelling)] = (target.name, "target")
    gaz = Gazetteer(
        orgs=orgs,
        people=lexicon.gazetteer.people,
        places=lexicon.gazetteer.places,
        non_entities=lexicon.gazetteer.non_entities,
        titles=lexicon.gazetteer.titles,
        org_suffixes=lexicon.gazetteer.org_suffixes,
    )
    local = replace(lexicon, gazetteer=gaz)

    def make(*bodies: str) -> list[Doc]:
        return list(annotate([article(b, id=f"s{i}") for i, b in enumerate(bodies)], lexicon=local))

    return make


def verdicts(doc: Doc) -> list[tuple[int, str, str, str]]:
    return [
        (a.sentence.index, a.target, a.how, a.tone) for a in attribute(doc, TARGETS, TONE, FRAMES)
    ]


def test_two_targets_in_one_sentence_get_their_own_clauses(docs_for) -> None:  # type: ignore[no-untyped-def]
    (doc,) = docs_for("한빛전자는 실적이 호조를 보였고, 누리소프트는 부진했다.")
    assert sorted(verdicts(doc)) == [
        (0, "누리소프트", "mention", "neg"),
        (0, "한빛전자", "mention", "pos"),
    ]


def test_joint_subject_counts_for_both(docs_for) -> None:  # type: ignore[no-untyped-def]
    (doc,) = docs_for("한빛전자와 누리소프트 모두 신사업에서 부진했다.")
    assert sorted(verdicts(doc)) == [
        (0, "누리소프트", "mention", "neg"),
        (0, "한빛전자", "mention", "neg"),
    ]


CONTESTS = ToneLexicon(
    {
        ("제치", "VV"): 1.0,
        ("밀리", "VV"): -0.5,
        ("호조", "NNG"): 1.0,
        ("부진", "NNG"): -1.0,
    }
)


def cues(doc: Doc) -> dict[str, list[str]]:
    return {
        a.target: [h.label() for h in a.hits] for a in attribute(doc, TARGETS, CONTESTS, FRAMES)
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the object of a win is the loser; the rest of the clause is the winner's
        (
            "한빛전자가 누리소프트를 제치고 판매 호조를 이어갔다.",
            {"한빛전자": ["+제치", "+호조"], "누리소프트": ["−제치(상대)"]},
        ),
        # the one a loss is to is the winner
        (
            "모아텔레콤은 한빛전자에 밀려 부진했다.",
            {"모아텔레콤": ["−밀리", "−부진"], "한빛전자": ["+밀리(상대)"]},
        ),
        # a win that did not happen is no loss for the other side: the clause is the
        # subject's, as any clause with two names
        (
            "한빛전자는 누리소프트를 제치지 못했다.",
            {"한빛전자": ["−제치(부정됨)"]},
        ),
    ],
)
def test_the_other_side_of_a_contest(docs_for, text, expected) -> None:  # type: ignore[no-untyped-def]
    (doc,) = docs_for(text)
    assert cues(doc) == expected


def test_clause_without_a_name_continues_the_previous_one(docs_for) -> None:  # type: ignore[no-untyped-def]
    (doc,) = docs_for("누리소프트는 새 모델을 공개했고, 시장 반응에 실망했다.")
    assert verdicts(doc) == [(0, "누리소프트", "mention", "neg")]


def test_dropped_subject_carries_within_the_paragraph_only(docs_for) -> None:  # type: ignore[no-untyped-def]
    (doc,) = docs_for(
        "모아텔레콤은 요금제를 바꿨다. 가입자 반응은 실망스러웠다.\n\n업계 전체가 성장했다."
    )
    assert verdicts(doc) == [
        (0, "모아텔레콤", "mention", "neu"),
        (1, "모아텔레콤", "context", "neg"),
    ]


def test_aliases_particles_and_no_match_inside_words(docs_for) -> None:  # type: ignore[no-untyped-def]
    (doc,) = docs_for(
        "NURI의 매출이 성장했다. 누리꾼들은 한빛이 성장했다고 본다. 모아텔레콤서비스는 별개다."
    )
    found = [(m.surface, m.target) for m in doc.mentions if m.target]
    assert found == [("NURI", "누리소프트"), ("한빛", "한빛전자")]


def test_stance_table_counts_share_and_tone(docs_for) -> None:  # type: ignore[no-untyped-def]
    docs = docs_for(
        "한빛전자는 성장했다. 한빛전자는 다시 성장했다.",
        "누리소프트는 부진했다. 한빛전자와 제휴한 누리소프트는 호조를 보였다.",
    )
    result = stance(docs)
    overall = result.scopes[result.scopes.scope_type == "corpus"].set_index("target")
    assert overall.loc["한빛전자", "mentions"] == 3
    assert overall.loc["누리소프트", "mentions"] == 2
    assert overall.loc["모아텔레콤", "mentions"] == 0
    assert overall.loc["한빛전자", "share_of_voice"] == pytest.approx(0.6)
    # `한빛전자와 제휴한 누리소프트는 …` is about 누리소프트, the subject: 한빛전자 is
    # mentioned there (3 mentions) but has two sentences of its own.
    assert (overall.loc["한빛전자", "positive"], overall.loc["한빛전자", "sentences"]) == (2, 2)
    assert (overall.loc["누리소프트", "positive"], overall.loc["누리소프트", "negative"]) == (1, 1)
    assert overall.loc["누리소프트", "net_tone"] == 0.0
    frames = result.frames.set_index(["target", "frame"])
    assert frames.loc[("누리소프트", "제휴"), "sentences"] == 1
    # Every count has its sentence in the evidence table.
    evidence = result.evidence.to_pandas()
    assert len(evidence[evidence.target == "한빛전자"]) == 2
    row = evidence[(evidence.target == "누리소프트") & (evidence.tone == "pos")].iloc[0]
    assert row.text == "한빛전자와 제휴한 누리소프트는 호조를 보였다."
    assert row.cues == "+호조"


def test_clauses_do_not_cut_progressive_or_inside_words(docs_for) -> None:  # type: ignore[no-untyped-def]
    (doc,) = docs_for("한빛전자는 성과를 보여주지 못하고 있으며, 누리소프트는 성장하고 있다.")
    cut = [doc.text[c[0].start : c[-1].end] for c in clauses(doc.sentences[0], doc.text)]
    assert cut == ["한빛전자는 성과를 보여주지 못하고 있으며,", "누리소프트는 성장하고 있다."]


def test_log_odds_with_informative_dirichlet_prior_matches_the_formula() -> None:
    a = Counter({"제휴": 3, "모델": 1})
    b = Counter({"모델": 4, "반도체": 2})
    prior = Counter({"제휴": 5, "모델": 10, "반도체": 5})
    got = log_odds_dirichlet(a, b, prior)
    n_a, n_b, a0 = 4, 6, 20
    ya, yb, aw = 3, 0, 5
    delta = math.log((ya + aw) / (n_a + a0 - ya - aw)) - math.log((yb + aw) / (n_b + a0 - yb - aw))
    z = delta / math.sqrt(1 / (ya + aw) + 1 / (yb + aw))
    assert got["제휴"] == pytest.approx((delta, z))
    assert got["모델"][1] < 0 < got["제휴"][1]
    assert set(got) == {"제휴", "모델", "반도체"}


def test_distinctive_words_leave_out_the_targets_names(docs_for) -> None:  # type: ignore[no-untyped-def]
    docs = docs_for(
        "한빛전자는 반도체 투자를 늘렸다. 한빛전자는 반도체 공장을 지었다.",
        "누리소프트는 클라우드 제휴를 맺었다. 누리소프트는 클라우드 사업을 키웠다.",
    )
    words = stance(docs).distinctive
    hanbit = list(words[words.target == "한빛전자"].term)
    nuri = list(words[words.target == "누리소프트"].term)
    assert hanbit[0] == "반도체" and nuri[0] == "클라우드"
    assert "한빛전자" not in hanbit and "누리소프트" not in nuri


def test_distinctive_words_need_the_minimum_count(docs_for) -> None:  # type: ignore[no-untyped-def]
    docs = docs_for(
        "한빛전자는 반도체 투자를 늘렸다. 한빛전자는 반도체 공장을 지었다. "
        "한빛전자는 반도체 인력을 뽑았다. 한빛전자는 드론 시장도 본다.",
        "누리소프트는 클라우드 제휴를 맺었다. 누리소프트는 클라우드 사업을 키웠다. "
        "누리소프트는 클라우드 인력을 뽑았다. 누리소프트는 위성 시장도 본다.",
    )
    loose = stance(docs, min_count=1)
    strict = stance(docs, min_count=3)
    assert loose.min_count == 1 and strict.min_count == 3
    hanbit = loose.distinctive[loose.distinctive.target == "한빛전자"]
    assert {"반도체", "드론", "공장"} <= set(hanbit.term)  # seen once: 드론, 공장
    words = strict.distinctive
    assert list(words[words.target == "한빛전자"].term) == ["반도체"]
    assert list(words[words.target == "누리소프트"].term) == ["클라우드"]
    assert list(words["count"]) == [3, 3]


def test_the_default_minimum_count_grows_with_the_corpus() -> None:
    from ai_discourse.analysis.stance import min_count_for

    sizes = (0, 1_999, 2_000, 3_999, 4_000, 80_000)
    assert [min_count_for(n) for n in sizes] == [1, 1, 2, 2, 3, 3]


def stance(docs: list[Doc], *, min_count: int | None = None) -> StanceResult:
    """The stance tables of these documents, from the fold the reducer uses."""
    setup = StanceSetup(tuple(TARGETS), TONE, FRAMES)
    return folded(StanceCounts(TARGETS), docs, setup).result(min_count=min_count)


def test_the_kept_sentences_are_the_strongest_of_the_evidence_table(docs_for) -> None:  # type: ignore[no-untyped-def]
    """The fold keeps only each target's `examples` sentences of the strongest tone:
    the same sentences as the evidence table's largest |score| (earlier first on ties),
    in reading order; each document row is the corpus row of that document alone."""
    texts = [
        "한빛전자는 회의를 열었다. 누리소프트는 부진했다.",
        "한빛전자는 호조를 보였다. 누리소프트는 적자를 냈다. 한빛전자는 발표했다.",
        "누리소프트는 성장했다. 한빛전자는 부진했다.",
        "한빛전자는 사상 최대 실적으로 질주했다. 누리소프트는 회의를 열었다.",
    ]
    docs = docs_for(*texts)
    setup = StanceSetup(tuple(TARGETS), TONE, FRAMES)
    result = folded(StanceCounts(TARGETS, examples=2), docs, setup).result()
    evidence = result.evidence.to_pandas()
    for target in ("한빛전자", "누리소프트"):
        mine = evidence[evidence.target == target]
        strength = mine.score.abs().sort_values(ascending=False, kind="stable")
        expected = mine.loc[sorted(strength.index[:2])]
        kept = [a for a in result.strongest if a.target == target]
        assert [(a.doc_id, a.sentence) for a in kept] == list(
            zip(expected.doc_id, expected.sentence, strict=True)
        )
        assert result.sentences[target] == len(mine)
    table = result.table.to_pandas()
    for doc in docs:
        alone = folded(StanceCounts(TARGETS), [doc], setup).result().scopes
        corpus = alone[alone.scope_type == "corpus"].drop(columns=["scope_type", "scope"])
        rows = table[(table.scope_type == "document") & (table.scope == doc.id)]
        pd.testing.assert_frame_equal(
            rows.drop(columns=["scope_type", "scope"]).reset_index(drop=True),
            corpus.reset_index(drop=True),
        )
