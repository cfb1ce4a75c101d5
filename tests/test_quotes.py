"""Quote parsing on passages written for these tests (not from the seeds)."""

from __future__ import annotations

import pytest

from ai_discourse import analysis

from .conftest import article


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
    table = analysis.run(docs).quotes
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


def speakers(make_docs, text: str) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    (doc,) = make_docs(text)
    return [(q.speaker or "", q.speaker_type or "", q.how) for q in doc.quotes]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # name, affiliation and title in any order: the person speaks
        ('홍길동 서울시 교통과장은 "노선을 바꾼다"고 말했다.', ("홍길동", "PER", "subject")),
        ('서울시 홍길동 과장은 "노선을 바꾼다"고 말했다.', ("홍길동", "PER", "subject")),
        ('한빛당 김철수 의원은 "예산이 부족하다"고 지적했다.', ("김철수", "PER", "subject")),
        ('김철수 한빛당 의원은 "예산이 부족하다"고 지적했다.', ("김철수", "PER", "subject")),
        # the object spoken about is never the speaker
        ('박민수 대표는 누리전자를 "혁신의 아이콘"이라고 평가했다.', ("박민수", "PER", "subject")),
        ('최서연 장관은 한빛당을 "무책임하다"라고 비난했다.', ("최서연", "PER", "subject")),
        # no name: the description as written, with its organisation
        ('역학조사팀 관계자는 "추가 감염은 없다"고 말했다.', ("역학조사팀 관계자", "ROLE", "role")),
        ('목격자들은 "큰 소리가 났다"고 전했다.', ("목격자들", "ROLE", "role")),
        ('대리인단은 "탄핵 사유가 없다"고 주장했다.', ("대리인단", "ROLE", "role")),
        # an organisation speaks as itself, also with 에서는
        ('부산시에서는 "외출을 자제해야 한다"고 강조했다.', ("부산시", "LOC", "subject")),
        # a nominative in a clause that ended before the quote is someone else's subject
        (
            '한빛일보는 당국이 수치를 과장했다며 "의도가 의심된다"고 보도했다.',
            ("한빛일보", "ORG", "subject"),
        ),
    ],
)
def test_speaker_is_the_subject_of_the_speech_verb(make_docs, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert speakers(make_docs, text) == [expected]


def test_title_and_affiliation_of_a_person_speaker(make_docs) -> None:  # type: ignore[no-untyped-def]
    (doc,) = make_docs('주호영 국민의힘 원내대표는 "협상은 없다"고 말했다.')
    (quote,) = doc.quotes
    assert (quote.speaker, quote.title, quote.affiliation) == ("주호영", "원내대표", "국민의힘")


def test_continuation_and_pronoun(make_docs) -> None:  # type: ignore[no-untyped-def]
    text = (
        '누리부는 보도자료를 통해 "재발 방지에 힘쓰겠다"고 밝혔다. '
        '이어 "관련 규정을 손보겠다"고 덧붙였다. '
        "한편 고태호 선수가 기자회견에서 은퇴를 발표했다. "
        '그는 "행복했다"고 말했다.'
    )
    assert [(s, h) for s, _, h in speakers(make_docs, text)] == [
        ("누리부", "subject"),
        ("누리부", "continued"),
        ("고태호", "pronoun"),
    ]


def test_continuation_does_not_reach_far(make_docs) -> None:  # type: ignore[no-untyped-def]
    text = (
        '고태호 대표는 "내년에 상장한다"고 말했다. 회사는 지난해 흑자로 돌아섰다. '
        "공장은 두 곳이다. 직원은 300명이다. "
        '"새 공장을 짓는다"고 덧붙였다.'
    )
    found = speakers(make_docs, text)
    assert found[0] == ("고태호", "PER", "subject")
    assert found[1][0] == ""  # four sentences back: the text no longer says who


def test_a_pronoun_with_no_one_before_gives_no_name(make_docs) -> None:  # type: ignore[no-untyped-def]
    assert speakers(make_docs, '그는 한빛전자를 "굼뜬 회사"라고 말했다.') == [("", "", "")]


@pytest.mark.parametrize(
    "text",
    [
        '회사는 "초격차" 전략을 내세웠다.',
        '이 책의 제목은 "달러구트 꿈 백화점"이다.',
        '한빛당은 "국민 행복 시대"라는 제목의 보고서를 냈다.',
        '시민들은 이 공원을 "서울의 허파"라고 부른다.',
        '외신은 그를 "fuckers"라고 번역했다.',
    ],
)
def test_titles_names_and_scare_quotes_are_not_quotations(make_docs, text) -> None:  # type: ignore[no-untyped-def]
    assert speakers(make_docs, text) == []


def test_a_list_of_quotes_shares_its_frame(make_docs) -> None:  # type: ignore[no-untyped-def]
    text = '누리꾼들은 "너무 비싸다", "살 이유가 없다"라고 반응했다.'
    assert [s for s, _, _ in speakers(make_docs, text)] == ["누리꾼들", "누리꾼들"]


def test_an_answer_is_said_by_the_one_asked(make_docs) -> None:  # type: ignore[no-untyped-def]
    text = '취재진이 한빛연구소 측에 자료를 요청하자 "링크를 보내주겠다"는 답변이 돌아왔다.'
    assert speakers(make_docs, text) == [("한빛연구소", "ORG", "answer")]


def test_a_source_named_with_ttareumyeon(make_docs) -> None:  # type: ignore[no-untyped-def]
    text = '누리경찰청에 따르면 "용의자는 이미 출국했다"고 한다.'
    assert [(s, h) for s, _, h in speakers(make_docs, text)] == [("누리경찰청", "source")]


def test_part_of_a_group_named_just_before(make_docs) -> None:  # type: ignore[no-untyped-def]
    text = (
        '누리꾼들은 서비스 종료에 아쉬움을 나타냈다. 일부는 "돈이 안 되니 없앴다"는 반응을 보였다.'
    )
    assert speakers(make_docs, text) == [("누리꾼들", "ROLE", "continued")]


def test_a_body_as_subject_with_eseo_but_not_a_place(make_docs) -> None:  # type: ignore[no-untyped-def]
    assert speakers(make_docs, '이후 한빛시청에서 "오해가 있었다"라고 해명했다.')[0][1:] == (
        "ORG",
        "subject",
    )
    # a place with 에서 is where it was said, not who said it
    assert speakers(make_docs, '서울에서 "시민들이 모였다"고 전했다.') == [("", "", "")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a clause on a time noun keeps its subject
        ('한 30대가 범행을 저지른 당시 "나는 모른다"고 외쳤다.', ("30대", "ROLE", "role")),
        # a gloss in parentheses between the quote and its frame
        (
            '이란 외교부는 "간섭하기 좋아한다"(meddlesome)는 평가를 내놨다.',
            ("외교부", "ORG", "subject"),
        ),
        # a source with 에 따르면 and no verb after the quote
        ('누리정보원에 따르면 "이들은 조직을 결성했다".', ("누리정보원", "ORG", "source")),
    ],
)
def test_more_frames_and_subjects(make_docs, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert speakers(make_docs, text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the speaker credited after the quote, as Korean papers write it
        ('"반도체 경기가 바닥을 지났다"는 게 업계의 설명이다.', ("업계", "ROLE", "after")),
        (
            '"내년 상반기에는 회복될 것"이라는 게 한결증권 김민수 연구원의 분석이다.',
            ("김민수", "PER", "after"),
        ),
        ('"금리 인하는 시기상조다." 한빛은행 박지영 부행장의 말이다.', ("박지영", "PER", "after")),
        (
            '"금리 인하는 시기상조다"(박지영 한빛은행 부행장)라는 지적도 나온다.',
            ("박지영", "PER", "after"),
        ),
        (
            '"올해는 수익성 개선에 집중하겠다." 박지영 한빛전자 대표가 23일 간담회에서 한 말이다.',
            ("박지영", "PER", "after"),
        ),
        (
            '"규제가 답은 아니다"고 본 나상윤 한빛연구소 정책위원의 말처럼, 시장은 움직였다.',
            ("나상윤", "PER", "after"),
        ),
        # the lede: the quote first, then who said it thus (same paragraph or the next)
        (
            '"수출 회복은 하반기에나 가능하다." 오세린 누리증권 연구원은 5일 이같이 전망했다.',
            ("오세린", "PER", "after"),
        ),
        (
            '"공장 증설은 계획대로 간다"\n\n한빛소재 측은 이날 콘퍼런스콜에서 이렇게 밝혔다.',
            ("한빛소재", "ORG", "after"),
        ),
        # a name Kiwi does not know, before an affiliation and a title in parentheses
        (
            '노경원 교육과학기술부 전략기술개발관(국장)도 이날 "허가가 날 수 있다"고 말했다.',
            ("노경원", "PER", "subject"),
        ),
        # a foreign name Kiwi does not know
        (
            '재단 사무총장 릴라 트레티코프는 "검열을 멈춰라"고 말했다.',
            ("트레티코프", "PER", "subject"),
        ),
        # one of a group, without the 한
        (
            '업계 한 관계자는 "가격 경쟁이 심해지고 있다"고 귀띔했다.',
            ("업계 관계자", "ROLE", "role"),
        ),
        # a transcript's speaker before a colon
        ('박지영: "금리 인하는 시기상조다."', ("박지영", "PER", "colon")),
    ],
)
def test_speaker_named_after_the_quote_or_before_a_colon(make_docs, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert speakers(make_docs, text) == [expected]


def test_a_quote_paragraph_right_after_a_speaker_continues_them(make_docs) -> None:  # type: ignore[no-untyped-def]
    text = (
        '김철수 의원은 "예산이 부족하다"고 말했다.\n\n'
        '"내년에는 달라져야 한다. 국민이 기다린다."\n\n'
        "회의는 오후에 끝났다. 안건은 다음 주에 다시 다룬다. 표결은 없었다.\n\n"
        '"이제 시간이 없다."'
    )
    assert [(s, h) for s, _, h in speakers(make_docs, text)] == [
        ("김철수", "subject"),
        ("김철수", "continued"),
    ]


def test_continuation_reaches_over_sentences_that_name_no_one(make_docs) -> None:  # type: ignore[no-untyped-def]
    text = (
        '고태호 대표는 "내년에 상장한다"고 말했다. 간담회는 두 시간 동안 이어졌다. '
        "질문이 쏟아졌다. "
        '이어 "새 공장을 짓는다"고 덧붙였다.'
    )
    assert [s for s, _, _ in speakers(make_docs, text)] == ["고태호", "고태호"]


def test_quoted_terms_are_kept_apart(make_docs) -> None:  # type: ignore[no-untyped-def]
    text = (
        '회사는 "초격차" 전략을 내세웠다. 업계는 이를 "초격차" 경쟁이라 부른다. '
        '"AI 반도체 시대"라는 책도 나왔다. 박민수 대표는 "초격차는 끝났다"고 말했다.'
    )
    docs = make_docs(text)
    (doc,) = docs
    assert [q.text for q in doc.quotes] == ["초격차는 끝났다"]
    assert [t.text for t in doc.quoted_terms] == ["초격차", "초격차", "AI 반도체 시대"]
    table = analysis.run(docs).quoted_terms
    assert table.to_dict(orient="records")[0] == {
        "term": "초격차",
        "count": 2,
        "documents": 1,
        "first_doc_id": "d0",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('정부는 "연내에 법안을 처리한다"는 방침이다.', ("정부", "ROLE", "role")),
        ('누리전자는 "내년까지 공장을 두 배로 늘린다"는 계획이다.', ("누리전자", "ORG", "subject")),
        ('한빛전자의 한 임원은 "그렇다"고 말했다.', ("한빛전자의 한 임원", "ROLE", "role")),
    ],
)
def test_plans_and_one_of_a_body(make_docs, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert speakers(make_docs, text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the one a speech verb's relative clause describes speaks, not the subject before
        (
            '반면 학생들도 모이는 곳이라는 점을 들어 "외부인이 한 일"이라고 말하는 사람들도 있었다.',
            [("사람들", "ROLE", "role")],
        ),
        (
            '"이번 조치는 너무 늦었다"라며 정부의 대응을 비판하는 이들도 있었다.',
            [("정부의 대응을 비판하는 이들", "ROLE", "role")],
        ),
        ('이에 "반대한다"고 밝힌 윤태경 의원은 회의장을 떠났다.', [("윤태경", "PER", "subject")]),
        # two who speak together: the first one named
        (
            "오세진 누리대 교수와 시민단체 '바른교육연대'는 \"교재를 낼 예정\"이라고 밝혔다.",
            [("오세진", "PER", "subject")],
        ),
        # the name, stressed by 자신
        (
            '누리해커스 자신들은 "우리는 개인 집단"이라고 주장했다.',
            [("누리해커스", "PER", "subject")],
        ),
        # a nominative inside a relative clause does not stop a continuation
        (
            "한정민 총리가 교과서를 옹호하는 발언을 했다.\n"
            '국회에서 한 의원의 교과서가 부적절하다는 질문에 "맥락을 볼 필요도 있다"고 했다.',
            [("한정민", "PER", "continued")],
        ),
    ],
)
def test_speakers_of_relatives_pairs_and_continued_leads(make_docs, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert speakers(make_docs, text) == expected


def test_a_post_glossed_by_its_rank_is_a_title(make_docs) -> None:  # type: ignore[no-untyped-def]
    text = (
        "차경민 과학기술부 우주기술개발관(국장)도 이날 일정을 설명했다. "
        '다만, 차 국장은 "부품이 오면 재발사를 추진한다"고 말했다.'
    )
    (doc,) = make_docs(text)
    person = next(m for m in doc.mentions if m.type == "PER")
    assert (person.entity, person.title) == ("차경민", "우주기술개발관")
    assert [(q.speaker, q.how) for q in doc.quotes] == [("차경민", "subject")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the reaction is the subject: no speaker from the sentence's topic ...
        (
            '한태오 선수의 기권은 최선의 선택이었지만, "정말 귀를 의심했다", "이건 황당하다" '
            "등의 반응이 잇따랐다.",
            [("", "", ""), ("", "", "")],
        ),
        # ... but the group it rose among
        ('시청자들 사이에서는 "너무 늦었다"는 반응이 나왔다.', [("시청자들", "ROLE", "crowd")]),
        # someone of a person's, or something of theirs
        (
            '박서윤 의원의 보좌관은 "모르는 일"이라고 말했다.',
            [("박서윤 의원의 보좌관", "ROLE", "role")],
        ),
        (
            '박서윤 의원의 발언이 화제다. 그는 "모르는 일"이라고 말했다.',
            [("박서윤", "PER", "pronoun")],
        ),
    ],
)
def test_reactions_and_what_belongs_to_a_person(make_docs, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert speakers(make_docs, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a long foreign name before its state and title is one person
        (
            '알렉산드로 루카셴코 벨라루스 대통령은 "협상은 없다"고 말했다.',
            [("알렉산드로 루카셴코", "PER", "subject")],
        ),
        # a surname with a former title finds the full name given before
        (
            '누리당의 한지석 전 대표도 입을 열었다. 한 전 대표는 "대단히 유감"이라고 말했다.',
            [("한지석", "PER", "subject")],
        ),
        # a unit of a named body speaks as written
        (
            '사건을 수사한 부산지방경찰청 사이버수사대는 "계좌를 추적하고 있다"고 밝혔다.',
            [("부산지방경찰청 사이버수사대", "ORG", "subject")],
        ),
        # bodies known by their short forms
        ('합참은 "경고사격을 실시했다"고 설명했다.', [("합동참모본부", "ORG", "subject")]),
        (
            '목격자인 정 모양은 "갑자기 물에 빠졌다. 아무도 몰랐다."라 했다.',
            [("정 모양", "ROLE", "role")],
        ),
        # the question answered is no subject: the one who answered before goes on
        (
            '이에 대한 질문에 외교부 관계자가 "충분히 협의한 결과"라고 답했다. '
            '요구사항이 있었는지에 대한 질문에는 "세부 협의는 없었다"고 대답했다.',
            [("외교부 관계자", "ROLE", "role"), ("외교부 관계자", "ROLE", "continued")],
        ),
        # a topic names those a generic relative head describes
        (
            '일부 시청자들은 "방송사가 너무했다"라며 걱정하는 사람도 있었다.',
            [("일부 시청자들", "ROLE", "role")],
        ),
        # the subject after the quote only in the speech verb's own clause
        (
            '그러자 인근 주민이 "배가 기울었다"고 신고했고, 해경은 경비정을 보냈다.',
            [("인근 주민", "ROLE", "role")],
        ),
    ],
)
def test_names_units_short_forms_and_answers(make_docs, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert speakers(make_docs, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a named side in quote marks, and a body of a country
        (
            "정책 포럼 '누리재' 측도 \"근거 없이 책임만 떠넘긴다\"고 반박했다.",
            [("누리재 측", "ROLE", "role")],
        ),
        (
            '노르웨이 한림원은 "새로운 시적 표현을 창조했다"고 평가했다.',
            [("노르웨이 한림원", "ORG", "subject")],
        ),
        # the one spoken to is no subject: the speaker goes on
        (
            '김하늘 시장은 "모두 축하한다"고 밝혔다. 특히 박 선수에게는 "정말 자랑스럽다"고 축하했다.',
            [("김하늘", "PER", "subject"), ("김하늘", "PER", "continued")],
        ),
        # an answer from the body asked in the sentence before
        (
            "확인을 위해 한빛전자 총무팀에 전화로 문의했다. "
            '"아직 매각 절차가 진행 중이 아니다"라고 답했다.',
            [("한빛전자 총무팀", "ORG", "answer")],
        ),
        (
            '중계하던 누리방송 캐스터가 "원했던 메달은 아니다"라고 말했다.',
            [("누리방송 캐스터", "ROLE", "role")],
        ),
    ],
)
def test_sides_bodies_addressees_and_answers(make_docs, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert speakers(make_docs, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a list of quotes in one frame: the earlier quote's frame does not end the clause
        (
            '누리일보는 보도를 통해 국방부 관계자가 "훈련을 하기로 했다"면서 "우리 해역에서 한다"고 '
            "밝혔다고 전했다.",
            [("국방부 관계자", "ROLE", "role"), ("국방부 관계자", "ROLE", "role")],
        ),
        # the question answered, `그의` (not a subject), `… 대해서는` (not a topic)
        (
            '정보당국은 상태를 확인할 수 없다고 말했다. 그의 거취에 대해서는 "확인된 건 없다"는 입장이다.',
            [("정보당국", "ORG", "continued")],
        ),
        # `…이라고 하였다` reports speech; a sentence in single quotes has no subject for us,
        # and is that speaker's words too when framed as speech (`'…' 라며`)
        (
            "한도윤 교수는 바이든을 지지할 것이라고 하였다. 그리고 '과거에 동맹을 중심에 넣었다' "
            '라며 "그런 구조가 부활될 것"이라는 전망을 냈다.',
            [("한도윤", "PER", "continued"), ("한도윤", "PER", "continued")],
        ),
        # a share of a group
        (
            '조사에서 응답자의 56%가 "합법화하면 안 된다"고 답했다.',
            [("응답자의 56%", "ROLE", "role")],
        ),
        # a generic relative head after a closed clause of the topic: the head, as written
        (
            '여러 사람들은 기대하고 있지만, "그래도 탈 사람은 탄다" 라고 하며 비관적으로 보는 사람도 있다.',
            [("비관적으로 보는 사람", "ROLE", "role")],
        ),
    ],
)
def test_lists_reports_shares_and_generic_heads(make_docs, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert speakers(make_docs, text) == expected


def test_a_foreign_name_that_starts_like_a_surname(make_docs) -> None:  # type: ignore[no-untyped-def]
    (doc,) = make_docs('이날 폴란드를 방문한 조 바이든 미국 부통령도 "점령을 배격한다"고 비판했다.')
    person = next(m for m in doc.mentions if m.type == "PER")
    assert (person.entity, person.title, person.named) == ("조 바이든", "부통령", True)
    assert [q.speaker for q in doc.quotes] == ["조 바이든"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the one a speech verb's relative clause describes, before a genitive
        (
            '누리저널은 "조사에 외압이 있었다"고 인정한 감사원 고위 인사의 녹음 파일을 입수했다.',
            [("감사원 고위 인사", "ROLE", "after")],
        ),
        # a magazine's name ends like one
        ('누리저널은 "외압이 있었다"고 보도했다.', [("누리저널", "ORG", "subject")]),
    ],
)
def test_relative_owners_and_publications(make_docs, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert speakers(make_docs, text) == expected


# --- the press's quote-mark habits (invented passages, regression tests) -----------------


def test_mark_glued_to_the_word_before(make_docs) -> None:  # type: ignore[no-untyped-def]
    text = '한결대 윤서진 교수는"이번 결과는 새로운 방향을 보여준다"고 말했다.'
    assert rows(make_docs, text) == [("윤서진", "말했다", "이번 결과는 새로운 방향을 보여준다")]


def test_unclosed_mark_does_not_throw_off_the_next_paragraphs(make_docs) -> None:  # type: ignore[no-untyped-def]
    text = (
        '고태호 모아전자 대표는 "올해 매출이 두 배로 늘었다고 말했다.\n\n'
        "“수요가 회복되고 있다”는 평가도 나왔다.\n\n"
        "윤상훈 누리은행 부행장은 “금리 인하가 늦어질 수 있다”고 밝혔다."
    )
    assert rows(make_docs, text)[-1] == ("윤상훈", "밝혔다", "금리 인하가 늦어질 수 있다")


def test_curly_mark_left_open_before_a_new_quote(make_docs) -> None:  # type: ignore[no-untyped-def]
    (doc,) = make_docs(
        "업계에서는 “시장이 바뀌었다는 분석이 많다. 윤상훈 누리은행 부행장은 "
        "“금리 인하가 늦어질 수 있다”고 밝혔다."
    )
    (quote,) = [q for q in doc.quotes if q.speaker]
    assert (quote.speaker, quote.text) == ("윤상훈", "금리 인하가 늦어질 수 있다")


def test_quotation_running_over_two_paragraphs(make_docs) -> None:  # type: ignore[no-untyped-def]
    text = (
        '고태호 모아전자 대표는 "올해 매출이 두 배로 늘었다.\n\n'
        '내년에는 해외 시장에 진출할 계획"이라고 말했다.'
    )
    ((speaker, verb, quote),) = rows(make_docs, text)
    assert (speaker, verb) == ("고태호", "말했다")
    assert quote == "올해 매출이 두 배로 늘었다. 내년에는 해외 시장에 진출할 계획"


def test_sub_headline_repeating_a_quotation(make_docs) -> None:  # type: ignore[no-untyped-def]
    (doc,) = make_docs(
        "모아전자, 새 전략 발표\n\n"
        '■ "AI가 일자리 바꾼다"\n\n'
        '■ "우리는 준비가 됐다"\n\n'
        '이영희 모아전자 상무는 "AI가 일자리를 바꾼다"고 밝혔다.'
    )
    found = [(q.speaker, q.how, q.text) for q in doc.quotes]
    assert found == [
        ("이영희", "repeated", "AI가 일자리 바꾼다"),
        ("이영희", "subject", "AI가 일자리를 바꾼다"),
    ]


def test_note_between_name_and_title(make_docs) -> None:  # type: ignore[no-untyped-def]
    text = '윤서진(사진) 한결대 교수는 "이번 결과는 새로운 방향을 보여준다"고 말했다.'
    (doc,) = make_docs(text)
    assert rows(make_docs, text) == [("윤서진", "말했다", "이번 결과는 새로운 방향을 보여준다")]
    assert doc.quotes[0].affiliation == "한결대학교"


def test_a_clause_after_a_genitive_is_its_words_though_a_particle_follows(make_docs) -> None:  # type: ignore[no-untyped-def]
    text = (
        '업계에서는 최은영 한결증권 연구원의 "반도체 업황은 이미 바닥을 지났다"와 '
        '윤상훈 누리은행 부행장의 "금리 인하가 늦어질 수 있다"가 자주 인용된다.'
    )
    assert [(s, q) for s, _, q in rows(make_docs, text)] == [
        ("최은영", "반도체 업황은 이미 바닥을 지났다"),
        ("윤상훈", "금리 인하가 늦어질 수 있다"),
    ]
    # a title after a genitive, and a clause an adnominal ending names, stay no speech
    assert rows(make_docs, '봉준호 감독의 "기생충"이 상을 받았다.') == []
    assert rows(make_docs, '아인슈타인의 "빛보다 빠른 것은 없다"는 이론이 흔들렸다.') == []


def test_speech_in_single_quotes_needs_a_frame_and_a_speaker(make_docs) -> None:  # type: ignore[no-untyped-def]
    text = (
        "누리시 관계자는 '배수로 공사를 이달 안에 마치겠다'고 밝혔다. "
        "주민들은 '수년 전부터 보수를 요구해왔다'며 반발했다. "
        "이 저수지는 '누리호수'라고 불린다. "
        "시는 '안전 점검'이라는 이름의 캠페인을 열었다. "
        "한빛전자는 '누리칩'을 공개했다."
    )
    assert rows(make_docs, text) == [
        ("누리시 관계자", "밝혔다", "배수로 공사를 이달 안에 마치겠다"),
        ("주민들", "반발했다", "수년 전부터 보수를 요구해왔다"),
    ]
    (doc,) = make_docs(text)
    assert [t.text for t in doc.quoted_terms] == []  # single-quoted terms stay plain text


def test_words_of_a_mark_left_unclosed_end_at_their_quotative(make_docs) -> None:  # type: ignore[no-untyped-def]
    text = (
        '고태호 모아전자 대표는 "올해 매출이 두 배로 늘었다고 말했다.\n\n'
        '오민지 한결증권 연구원은 “환율이 변수라며 "하반기가 관건"이라고 짚었다.\n\n'
        '윤상훈 누리은행 부행장은 "금리 인하가 늦어질 수 있다"고 밝혔다.\n\n'
        '누리시는 "시민 안전 주간을 운영한다.'
    )
    assert rows(make_docs, text) == [
        ("고태호", "말했다", "올해 매출이 두 배로 늘었다"),
        ("오민지", "짚었다", "환율이 변수"),
        ("오민지", "짚었다", "하반기가 관건"),
        ("윤상훈", "밝혔다", "금리 인하가 늦어질 수 있다"),
    ]


def test_a_headline_closing_on_a_quotation_repeats_it(make_docs) -> None:  # type: ignore[no-untyped-def]
    body = '정윤아 해솔바이오 대표는 "2028년 국내 출시가 목표"라고 말했다.'
    (doc,) = make_docs(article(body, title='해솔바이오, 임상 3상 돌입…"2028년 출시 목표"'))
    found = [(q.speaker, q.how, q.text) for q in doc.quotes]
    assert found == [
        ("정윤아", "repeated", "2028년 출시 목표"),
        ("정윤아", "subject", "2028년 국내 출시가 목표"),
    ]
    assert doc.quoted_terms == ()
    # a quoted term in a headline stays a term
    (doc,) = make_docs(article(body, title='해솔바이오, "초격차" 전략 발표'))
    assert [t.text for t in doc.quoted_terms] == ["초격차"]


def test_a_quote_opening_its_sentence_is_the_subjects_after_it(make_docs) -> None:  # type: ignore[no-untyped-def]
    text = (
        '일론 머스크는 "로보택시는 내년에 출시된다"고 적었다.\n\n'
        '"배터리 가격이 더 내려갈 것"이라고 최재원 한빛배터리 상무는 설명했다.\n\n'
        '"충전 인프라가 부족하다"는 게 업계의 공통된 지적이다.'
    )
    (doc,) = make_docs(text)
    # Kiwi ends a sentence at `것"`; the words glued after it belong to that sentence
    assert any(s.text.startswith('"배터리') and s.text.endswith("설명했다.") for s in doc.sentences)
    assert [(q.speaker, q.how) for q in doc.quotes] == [
        ("일론 머스크", "subject"),
        ("최재원", "subject"),
        ("업계", "after"),
    ]


def test_a_speaker_named_by_the_last_word_of_a_full_name_is_that_person(make_docs) -> None:  # type: ignore[no-untyped-def]
    text = (
        '구글 딥마인드의 데미스 허사비스 CEO는 "AGI는 10년 안에 온다"고 전망했다. '
        '허사비스는 또 "안전성 연구가 더 중요해질 것"이라고 했다. '
        '두산 김재환은 "책임을 지겠다"고 말했다. 김재환은 "좋은 곳에 쓰겠다"고 했다.'
    )
    (doc,) = make_docs(text)
    speakers = [q.speaker for q in doc.quotes]
    assert speakers[:2] == ["데미스 허사비스", "데미스 허사비스"]
    assert speakers[3] == "김재환"  # a Korean name is whole in itself
