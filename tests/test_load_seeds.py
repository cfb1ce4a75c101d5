"""The loader gets every field of both seed pages right, and no boilerplate survives."""

from __future__ import annotations

import pytest

from ai_discourse.load import load_corpus

from .conftest import BLOG_SEED, NEWS_SEED, SEEDS


@pytest.fixture(scope="module")
def news():  # type: ignore[no-untyped-def]
    (a,) = load_corpus([NEWS_SEED]).articles
    return a


@pytest.fixture(scope="module")
def blog():  # type: ignore[no-untyped-def]
    (a,) = load_corpus([BLOG_SEED]).articles
    return a


def test_news_metadata(news) -> None:  # type: ignore[no-untyped-def]
    assert news.kind == "news"
    assert news.source == "머니투데이"
    assert news.date == "2025-02-09"
    assert news.author == "김소연"
    assert news.title is None
    assert news.id == "000_069fa59ddfa03867"


def test_news_deck_is_kept_and_marked(news) -> None:  # type: ignore[no-untyped-def]
    assert news.deck == (
        "전문가들 제언",
        '10년간 산업 답보 자각... "언젠간 겪을 필연적 모멘트"',
        '네이버·카카오 상반된 전략엔 "모두 필요한 방향"',
        '"기업 노력 외 기반 산업·인력육성 등 정부 뒷받침 중요"',
    )
    assert "전문가들 제언" not in news.body


def test_news_body_is_clean(news) -> None:  # type: ignore[no-untyped-def]
    body = news.body
    assert body.startswith(
        "중국발 인공지능(AI) '딥시크' 쇼크에 한국 양대 빅테크인 네이버(NAVER), 카카오가"
    )
    assert body.endswith('서비스를 개발할 필요가 있다"고 제언했다.')
    for junk in (
        "![",
        "https://",
        "228,500원",
        "▲",
        "+0.44%",
        "주요 기사",
        "기사 이미지",
        "기자 사진",
        "김소연 기자",
        "저작권자",
        "무단전재",
        "정보 유출 겁난다",
    ):
        assert junk not in body, junk
    assert len(body.split("\n\n")) == 10


def test_news_tickers_and_related_in_meta(news) -> None:  # type: ignore[no-untyped-def]
    assert news.meta["tickers"] == [
        {"name": "NAVER", "price": "228,500원", "change": "▲1,000", "pct": "+0.44%"},
        {"name": "카카오", "price": "42,550원", "change": "▲50", "pct": "+0.12%"},
    ]
    assert len(news.meta["related_articles"]) == 3


def test_news_captions_apart_from_body(news) -> None:  # type: ignore[no-untyped-def]
    assert [(c.text, c.credit) for c in news.captions] == [
        ("딥시크와 챗GPT 이미지", "뉴스1"),
        ("김기응 카이스트 교수", "카이스트 홈페이지"),
        ("한국 양대 빅테크 AI 전략", "김지영"),
        ("(왼쪽부터) 이성엽 고려대 교수, 우운택 카이스트 교수", "각 대학 홈페이지"),
    ]


def test_blog_metadata(blog) -> None:  # type: ignore[no-untyped-def]
    assert blog.kind == "blog"
    assert blog.source == "Tistory"
    assert blog.title == "AI 딥시크 돌풍 속 네이버와 카카오의 AI 행보"
    assert blog.author == "선라이저"
    assert blog.date == "2025-02-10"


def test_blog_body_is_clean(blog) -> None:  # type: ignore[no-untyped-def]
    body = blog.body
    assert body.startswith("2025년 1월 20일 트럼프 대통령 취임일에")
    assert body.endswith("AI 모습을 기대해 본다.")
    assert "\u00a0" not in body
    assert "  " not in body
    lines = body.split("\n\n")
    for junk in (
        "본문 바로가기",
        "카테고리 없음",
        "반응형",
        "댓글",
        "by 선라이저",
        "사이버네틱스(인공두뇌학)",
        "다시 반등을 보이는 카카오 주가",
    ):
        assert junk not in lines, junk
    assert "1. Deepseek 돌풍" in lines


def test_blog_repeated_captions_kept_once(blog) -> None:  # type: ignore[no-untyped-def]
    assert [c.text for c in blog.captions] == [
        "사이버네틱스(인공두뇌학)",
        "다시 반등을 보이는 카카오 주가",
    ]


def test_folder_order_is_deterministic() -> None:
    first = [a.id for a in load_corpus([SEEDS]).articles]
    again = [a.id for a in load_corpus([BLOG_SEED, SEEDS]).articles]
    assert first == ["000_069fa59ddfa03867", "002_17c3983ae803864c"]
    # The blog given twice (file and folder) is one article; the copy is counted.
    assert again == ["002_17c3983ae803864c", "000_069fa59ddfa03867"]
    assert load_corpus([BLOG_SEED, SEEDS]).duplicates == 1
