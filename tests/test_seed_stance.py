"""The sanity checks the stance issue names for the seed corpus (read, not tuned to)."""

from __future__ import annotations


def evidence(seed_analysis, target: str, contains: str) -> list[str]:  # type: ignore[no-untyped-def]
    table = seed_analysis.frame("stance_evidence")
    rows = table[(table.target == target) & table.text.str.contains(contains, regex=False)]
    return list(rows.tone)


def test_naver_own_llm_and_kakao_orchestration_frames(seed_analysis) -> None:  # type: ignore[no-untyped-def]
    frames = seed_analysis.stance.frames
    naver = set(frames[frames.target == "네이버"].frame)
    kakao = set(frames[frames.target == "카카오"].frame)
    assert "소버린 AI" in naver
    assert "AI 오케스트레이션" in kakao
    news = seed_analysis.frame("stance_evidence")
    split = news[news.text.str.startswith("네이버는 자체 LLM")]
    assert dict(zip(split.target, split.frames, strict=True)) == {
        "네이버": "소버린 AI; 경쟁·기술",
        "카카오": "AI 오케스트레이션",
    }


def test_blog_verdicts(seed_analysis) -> None:  # type: ignore[no-untyped-def]
    assert evidence(seed_analysis, "네이버", "감감무소식") == ["neg"]
    assert evidence(seed_analysis, "카카오", "자체 언어모델을 접었다") == ["neg"]
    assert evidence(seed_analysis, "네이버", "진일보한 모습을 보여주지 못하고") == ["neg"]
    assert evidence(seed_analysis, "카카오", "진일보한 모습을 보여주지 못하고") == ["neg"]


def test_news_experts_rate_both_strategies_as_needed(seed_analysis) -> None:  # type: ignore[no-untyped-def]
    for target in ("네이버", "카카오"):
        assert evidence(seed_analysis, target, "한국 회사라 다행") == ["pos"]
        assert "neg" not in evidence(seed_analysis, target, "모두 필요한 방향")
