"""The sentence-level helpers give what the tables give (sentences written for the tests)."""

from __future__ import annotations

import ai_discourse


def test_tone_for_a_target_and_for_the_whole_text() -> None:
    assert (
        ai_discourse.tone("한빛전자는 성장했지만 누리소프트는 부진했다.", target="누리소프트")[
            "label"
        ]
        == "neg"
    )
    assert (
        ai_discourse.tone("한빛전자는 성장했지만 누리소프트는 부진했다.", target="한빛전자")[
            "label"
        ]
        == "pos"
    )
    whole = ai_discourse.tone("한빛전자의 실적 악화 우려는 크지 않다.")
    assert whole["label"] == "pos" and whole["cues"] == ["+악화(부정됨)", "+우려(부정됨)"]


def test_entities_and_quotes() -> None:
    text = '윤서진 한결증권 연구원은 "누리소프트의 성장이 계속될 것"이라고 말했다.'
    found = ai_discourse.entities(text)
    assert [(e["type"], e["entity"], e["title"]) for e in found][:2] == [
        ("PER", "윤서진", "연구원"),
        ("ORG", "한결증권", None),
    ]
    (quote,) = ai_discourse.quotes(text)
    assert (quote["speaker"], quote["verb"], quote["quote"]) == (
        "윤서진",
        "말했다",
        "누리소프트의 성장이 계속될 것",
    )
