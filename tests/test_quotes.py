"""Quote parsing on passages written for these tests (not from the seeds)."""

from __future__ import annotations

from ai_discourse.analysis import quote_table


def rows(make_docs, text: str) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    (doc,) = make_docs(text)
    return [(q.speaker or "", q.verb or "", q.text) for q in doc.quotes]


def test_two_part_quote_split_by_myeo(make_docs) -> None:  # type: ignore[no-untyped-def]
    text = (
        '최은영 한결증권 연구원은 "하반기 수요가 살아나고 있다"며 '
        '"내년에는 실적이 크게 좋아질 것"이라고 분석했다.'
    )
    assert rows(make_docs, text) == [
        ("최은영", "분석했다", "하반기 수요가 살아나고 있다"),
        ("최은영", "분석했다", "내년에는 실적이 크게 좋아질 것"),
    ]


def test_pronoun_and_short_reference_speakers(make_docs) -> None:  # type: ignore[no-untyped-def]
    text = (
        '윤상훈 누리은행 부행장은 "금리 인하가 늦어질 수 있다"고 밝혔다. '
        '그는 "대출 수요는 여전하다"고 덧붙였다. '
        '오민지 한결증권 연구원은 "환율이 변수"라고 짚었다. '
        '윤 부행장은 "건전성 관리가 우선"이라고 강조했다.'
    )
    assert [(s, v) for s, v, _ in rows(make_docs, text)] == [
        ("윤상훈", "밝혔다"),
        ("윤상훈", "덧붙였다"),
        ("오민지", "짚었다"),
        ("윤상훈", "강조했다"),
    ]


def test_speaker_after_the_quote(make_docs) -> None:  # type: ignore[no-untyped-def]
    text = '고태호 모아전자 대표가 회견을 열었다. "우리는 준비가 됐다"고 고 대표는 말했다.'
    assert rows(make_docs, text) == [("고태호", "말했다", "우리는 준비가 됐다")]


def test_quote_over_several_paragraphs_introduced_before(make_docs) -> None:  # type: ignore[no-untyped-def]
    text = (
        "한미래 누리연구소 소장은 다음과 같이 설명했다.\n\n"
        '"첫째, 시장은 이미 바뀌었다. 고객은 더 빠른 서비스를 원한다.\n\n'
        '둘째, 비용 구조를 다시 짜야 한다. 그래야 살아남는다."'
    )
    ((speaker, verb, quote),) = rows(make_docs, text)
    assert (speaker, verb) == ("한미래", "")
    assert quote.startswith("첫째, 시장은 이미 바뀌었다.") and quote.endswith("그래야 살아남는다.")


def test_nested_quote_gets_its_own_speaker(make_docs) -> None:  # type: ignore[no-untyped-def]
    text = (
        '서지훈 누리대 교수는 "일론 머스크는 "그건 불가능하다"고 말한 적이 있다. '
        '하지만 지금은 다르다"고 말했다.'
    )
    found = rows(make_docs, text)
    assert ("일론 머스크", "말한", "그건 불가능하다") in found
    assert any(s == "서지훈" and q.startswith("일론 머스크는") for s, _, q in found)


def test_scare_quotes_and_titles_are_not_speech(make_docs) -> None:  # type: ignore[no-untyped-def]
    text = '회사는 "초격차" 전략과 \'온디바이스 AI\'를 내세웠다. "AI 반도체 시대"라는 책도 나왔다.'
    assert rows(make_docs, text) == []


def test_quote_table_columns(make_docs) -> None:  # type: ignore[no-untyped-def]
    docs = make_docs('박은서 누리은행 팀장은 "예금 금리를 올린다"고 말했다.')
    table = quote_table(docs)
    assert table.to_dict(orient="records")[0] == {
        "doc_id": "d0",
        "speaker": "박은서",
        "speaker_type": "PER",
        "as_written": "박은서",
        "how": "subject",
        "title": "팀장",
        "affiliation": "누리은행",
        "verb": "말했다",
        "quote": "예금 금리를 올린다",
        "sentence": 0,
        "start": 13,
        "end": 25,
    }


def test_organisation_or_role_as_speaker(make_docs) -> None:  # type: ignore[no-untyped-def]
    text = (
        '누리기상청 관계자는 "내일까지 비가 이어진다"고 말했다. '
        '한결일보는 군 관계자가 "훈련은 예정대로 진행된다"고 밝혔다고 전했다.'
    )
    assert [(s, q) for s, _, q in rows(make_docs, text)] == [
        ("누리기상청 관계자", "내일까지 비가 이어진다"),
        ("군 관계자", "훈련은 예정대로 진행된다"),
    ]
