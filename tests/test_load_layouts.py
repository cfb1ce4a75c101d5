"""Page layouts other than the seeds: other presses, other blog platforms, plain text.

These pages were written for the tests (not copied from any site); they follow the
conventions of Korean wire services, newspapers and blog platforms.
"""

from __future__ import annotations

from pathlib import Path

from ai_discourse.load import load_corpus
from ai_discourse.load.text import parse_page, strip_tickers

WIRE = """\
삼성전자, 3분기 영업이익 9조원…반도체 회복세 뚜렷
송고2024-10-08 08:45
(서울=연합뉴스) 홍길동 기자 = 삼성전자가 올해 3분기 연결 기준 영업이익이 9조1천억원으로 잠정 집계됐다고 8일 공시했다.

메모리 반도체 가격이 오르면서 실적이 크게 개선됐다는 분석이 나온다.

gildong@yna.co.kr

관련 뉴스
- 삼성전자 주가 4% 급등
- SK하이닉스도 호실적 기대

<저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>
"""

PAPER = """\
카카오페이, 해외 결제 확대
[한국경제 박민수 기자] 카카오페이(35,200원 ▼400 -1.12%)가 일본과 싱가포르에서 결제 서비스를 넓힌다고 12일 밝혔다.
회사 측은 연내 가맹점을 두 배로 늘리겠다고 말했다.
Copyright ⓒ 한국경제. All rights reserved.
"""

NAVER_BLOG = """\
블로그 메뉴
프롤로그
카카오 실적 발표 후기
투자일기 · 2024. 11. 8. 9:30
이웃추가
본문 기타 기능
오늘 카카오가 3분기 실적을 발표했다. 광고 매출이 기대보다 약했다.

톡비즈 성장은 이어지고 있어서 장기적으로는 괜찮아 보인다.
공감 12
댓글 3
"""


def test_wire_story(tmp_path: Path) -> None:
    a = parse_page(WIRE, path="w.txt", article_id="w")
    assert a.kind == "news"
    assert a.source == "연합뉴스"
    assert a.author == "홍길동"
    assert a.date == "2024-10-08"
    assert a.title == "삼성전자, 3분기 영업이익 9조원…반도체 회복세 뚜렷"
    assert a.body.startswith("삼성전자가 올해 3분기")
    assert "연합뉴스" not in a.body and "홍길동" not in a.body
    assert "주가 4% 급등" not in a.body
    assert a.meta["related_articles"] == ["삼성전자 주가 4% 급등", "SK하이닉스도 호실적 기대"]


def test_newspaper_with_bracket_byline_and_falling_ticker() -> None:
    a = parse_page(PAPER, path="p.txt", article_id="p")
    assert a.kind == "news"
    assert a.source == "한국경제"
    assert a.author == "박민수"
    assert a.body.startswith("카카오페이가 일본과 싱가포르에서")
    assert a.meta["tickers"] == [
        {"name": "카카오페이", "price": "35,200원", "change": "▼400", "pct": "-1.12%"}
    ]


def test_naver_blog() -> None:
    a = parse_page(NAVER_BLOG, path="b.txt", article_id="b")
    assert a.kind == "blog"
    assert a.source == "Naver Blog"
    assert a.title == "카카오 실적 발표 후기"
    assert a.author == "투자일기"
    assert a.date == "2024-11-08"
    assert a.body == (
        "오늘 카카오가 3분기 실적을 발표했다. 광고 매출이 기대보다 약했다.\n\n"
        "톡비즈 성장은 이어지고 있어서 장기적으로는 괜찮아 보인다."
    )


def test_plain_text_is_unknown_with_best_effort_title() -> None:
    a = parse_page(
        "회의 메모\n네이버와 카카오의 AI 전략을 비교했다.\n다음 주에 다시 논의한다.",
        path="m.txt",
        article_id="m",
    )
    assert a.kind == "unknown"
    assert a.title == "회의 메모"
    assert a.body == "네이버와 카카오의 AI 전략을 비교했다.\n\n다음 주에 다시 논의한다."


def test_single_paragraph_without_title() -> None:
    a = parse_page("네이버가 새 모델을 공개했다.", path="x.txt", article_id="x")
    assert a.kind == "unknown"
    assert a.title is None
    assert a.body == "네이버가 새 모델을 공개했다."


def test_tickers_in_running_text() -> None:
    text, found = strip_tickers(
        "LG전자(95,000원 ▲1,500 +1.60%)와 현대차 (250,000원 0 0.00%)가 올랐다."
    )
    assert text == "LG전자와 현대차가 올랐다."
    assert [t["name"] for t in found] == ["LG전자", "현대차"]
    assert found[1]["change"] == "0"


def test_parenthesis_that_is_not_a_ticker_is_kept() -> None:
    text, found = strip_tickers("한국과학기술원(KAIST)은 73개국(2024년 기준)을 조사했다.")
    assert text == "한국과학기술원(KAIST)은 73개국(2024년 기준)을 조사했다."
    assert found == []


def test_jsonl_records(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(
        '{"id": "a1", "title": "제목", "text": "첫 문단.\\n둘째 문단.", "date": "2024.3.5", '
        '"source": "연합뉴스", "section": "IT"}\n'
        "\n"
        "not json\n"
        '{"title": "본문 없음"}\n'
        '{"text": "두 번째 기사다."}\n',
        encoding="utf-8",
    )
    corpus = load_corpus([path])
    assert [a.id for a in corpus.articles] == ["a1", "news#5"]
    first = corpus.articles[0]
    assert first.body == "첫 문단.\n\n둘째 문단."
    assert first.date == "2024-03-05"
    assert first.kind == "news"
    assert first.meta == {"section": "IT"}
    assert [(s.path, s.reason) for s in corpus.skipped] == [
        (str(path), "line 3 is not a JSON object"),
        (str(path), "line 4 has no text"),
    ]
