"""Entity extraction on sentences written for these tests (not from the seeds)."""

from __future__ import annotations

import pytest

from ai_discourse import analysis
from ai_discourse.records import Doc


def people(doc: Doc) -> list[tuple[str, str | None, str | None, str]]:
    return [(m.entity, m.title, m.affiliation, m.surface) for m in doc.mentions if m.type == "PER"]


def orgs(doc: Doc) -> list[str]:
    return [m.entity for m in doc.mentions if m.type == "ORG"]


def test_name_department_title_and_short_reference(make_docs) -> None:  # type: ignore[no-untyped-def]
    (doc,) = make_docs(
        '정민호 한빛대 전자공학과 교수는 "설계 인력이 부족하다"고 말했다. '
        '정 교수는 "정부 지원이 시급하다"고 덧붙였다.'
    )
    assert people(doc) == [
        ("정민호", "교수", "한빛대학교", "정민호"),
        ("정민호", "교수", "한빛대학교", "정"),
    ]
    assert orgs(doc) == ["한빛대학교"]


def test_organisation_before_the_name_and_two_people(make_docs) -> None:  # type: ignore[no-untyped-def]
    (doc,) = make_docs(
        "그린랩스 박서준 대표와 모아전자 이하나 상무가 만났다. "
        '박 대표는 "협력을 늘리겠다"고 밝혔다.'
    )
    assert people(doc) == [
        ("박서준", "대표", "그린랩스", "박서준"),
        ("이하나", "상무", "모아전자", "이하나"),
        ("박서준", "대표", "그린랩스", "박"),
    ]


def test_foreign_names_split_by_kiwi_and_last_name_reference(make_docs) -> None:  # type: ignore[no-untyped-def]
    (doc,) = make_docs(
        "리드 헤이스팅스 넷플릭스 창업자가 서울을 찾았다. "
        '헤이스팅스는 "한국 콘텐츠가 세계 시장을 바꿨다"고 말했다.'
    )
    assert [m.entity for m in doc.mentions if m.type == "PER"] == ["리드 헤이스팅스"] * 2
    assert "넷플릭스" in orgs(doc)


def test_variants_are_one_entity_and_places_are_not_organisations(make_docs) -> None:  # type: ignore[no-untyped-def]
    (doc,) = make_docs(
        "카이스트와 KAIST, 한국과학기술원은 같은 학교다. "
        "부산시와 텍사스주, 한빛전자, 누리금융지주가 협약을 맺었다."
    )
    assert orgs(doc) == ["한국과학기술원"] * 3 + ["한빛전자", "누리금융지주"]


def test_titles_are_not_institutes(make_docs) -> None:  # type: ignore[no-untyped-def]
    (doc,) = make_docs("최유진 한국바이오연구원 책임연구원이 발표했다.")
    assert people(doc) == [("최유진", "책임연구원", "한국바이오연구원", "최유진")]
    assert orgs(doc) == ["한국바이오연구원"]


def test_targets_are_marked_and_affiliates_are_not_the_target(make_docs) -> None:  # type: ignore[no-untyped-def]
    (doc,) = make_docs("네이버는 성장했고 카카오톡 이용자도 늘었지만 카카오페이는 부진했다.")
    marked = [(m.entity, m.target) for m in doc.mentions]
    assert ("네이버", "네이버") in marked
    assert ("카카오", "카카오") in marked  # 카카오톡 is an alias of the target
    assert ("카카오페이", None) in marked  # an affiliate, tracked only if listed


def test_entity_table_counts_and_spellings(make_docs) -> None:  # type: ignore[no-untyped-def]
    docs = make_docs(
        "카이스트 연구진이 성과를 냈다. KAIST는 이를 발표했다.",
        "한국과학기술원이 새 연구소를 열었다.",
    )
    table = analysis.run(docs).entities
    row = table[table.entity == "한국과학기술원"].iloc[0]
    assert (row.mentions, row.documents, row.type) == (3, 2, "ORG")
    assert set(row.spellings.split(", ")) == {"카이스트", "KAIST", "한국과학기술원"}


def test_parties_places_and_unknown_proper_nouns(make_docs) -> None:  # type: ignore[no-untyped-def]
    (doc,) = make_docs(
        "미래정의당 대표는 회견을 열었다. 이란의 대통령은 연설했다. "
        "세월호 참사 10주기를 맞았다. 코로나 확산세가 꺾였다."
    )
    assert [(m.entity, m.type) for m in doc.mentions] == [("미래정의당", "ORG"), ("이란", "LOC")]


def test_a_known_proper_noun_counts_with_company_words_nearby(make_docs) -> None:  # type: ignore[no-untyped-def]
    # 빙그레 is in Kiwi's dictionary but not in the gazetteer: once the document shows it
    # is a company (매출), every mention counts; alone, the word proves nothing.
    (with_context,) = make_docs("빙그레의 3분기 매출이 늘었다. 빙그레는 새 제품을 낸다.")
    (without,) = make_docs("빙그레 아이스크림을 먹었다.")
    assert [(m.entity, m.how) for m in with_context.mentions] == [
        ("빙그레", "context"),
        ("빙그레", "lexicon"),
    ]
    assert without.mentions == ()


def test_entities_by_doc_keeps_the_spellings_of_each_merge(make_docs) -> None:  # type: ignore[no-untyped-def]
    docs = make_docs(
        "도널드 트럼프 대통령은 회견을 열었다. 트럼프는 관세를 언급했다. 트럼프 대통령은 떠났다.",
        "트럼프는 다시 말했다.",
    )
    table = analysis.run(docs).entities_by_doc
    first = table[(table.doc_id == docs[0].id) & (table.entity == "도널드 트럼프")]
    assert list(first.mentions) == [3]
    assert list(first.spellings) == ["트럼프, 도널드 트럼프"]
    assert list(table[table.doc_id == docs[1].id].spellings) == ["트럼프"]


def test_public_institutions_by_their_short_forms(make_docs) -> None:  # type: ignore[no-untyped-def]
    (doc,) = make_docs(
        "행안부와 복지부는 공동 대책을 내놓았다. 검찰은 수사에 착수했고 선관위는 입장을 밝혔다."
    )
    got = [(m.surface, m.entity, m.type) for m in doc.mentions]
    assert got == [
        ("행안부", "행정안전부", "ORG"),
        ("복지부", "보건복지부", "ORG"),
        ("검찰", "검찰", "ORG"),
        ("선관위", "중앙선거관리위원회", "ORG"),
    ]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # a name before a place word is the place's, not a person
        ("지진으로 나리타 공항의 이착륙이 중단됐다.", [("나리타", "LOC")]),
        # a common noun glued to a known name is its topic, not another organisation
        ("EU탈퇴 논의가 이어졌다.", [("EU", "ORG")]),
        # a foreign university before an academic title is no person: it is a university
        ("네덜란드 흐로닝언대 교수가 상을 받았다.", [("네덜란드", "LOC"), ("흐로닝언대", "ORG")]),
    ],
)
def test_place_words_glued_topics_and_universities(make_docs, text, found) -> None:  # type: ignore[no-untyped-def]
    (doc,) = make_docs(text)
    assert [(m.surface, m.type) for m in doc.mentions if m.named] == found


# --- one article, one reading of each name (nlp/consistency.py) ------------------------------


def test_short_form_links_back_to_the_name(make_docs) -> None:  # type: ignore[no-untyped-def]
    (doc,) = make_docs(
        "홈플랜(이하 ‘홈플’)은 새 구독 서비스를 내놨다. 홈플은 이달 가입자가 늘었다고 밝혔다."
    )
    found = [(m.entity, m.type, m.surface) for m in doc.mentions]
    assert ("홈플랜", "ORG", "홈플랜") in found
    assert ("홈플랜", "ORG", "홈플") in found
    assert all(m.entity != "홈플" for m in doc.mentions)


def test_short_form_of_a_common_noun_is_no_name(make_docs) -> None:  # type: ignore[no-untyped-def]
    (doc,) = make_docs("인공지능(이하 AI)은 빠르게 퍼지고 있다. AI는 일상이 됐다.")
    assert all(m.entity != "인공지능" for m in doc.mentions)


def test_verb_form_before_a_surname_is_no_name(make_docs) -> None:  # type: ignore[no-untyped-def]
    (doc,) = make_docs("물리학을 공부한 정 박사가 새 연구를 발표했다.")
    assert [(m.entity, m.how) for m in doc.mentions if m.type == "PER"] == [
        ("정 박사", "reference")
    ]


def test_one_type_per_name_in_an_article() -> None:
    from ai_discourse.nlp.consistency import consistent
    from ai_discourse.records import Mention

    mentions = [
        Mention("한솔", "PER", 0, 0, 2, "한솔", title="대표", how="title"),
        Mention("한솔", "ORG", 1, 20, 22, "한솔", how="model"),
        Mention("한솔", "ORG", 2, 40, 42, "한솔", how="context"),
    ]
    assert [m.type for m in consistent(mentions, [], "")] == ["PER", "PER", "PER"]


def test_a_family_name_after_the_full_name_is_that_person() -> None:
    from ai_discourse.nlp.consistency import consistent
    from ai_discourse.records import Mention

    mentions = [
        Mention("데미스 허사비스", "PER", 0, 0, 8, "데미스 허사비스", how="model"),
        Mention("허사비스", "PER", 1, 30, 34, "허사비스", how="model"),
        Mention("도널드 트럼프", "PER", 2, 50, 57, "도널드 트럼프"),
        Mention("멜라니아 트럼프", "PER", 2, 60, 68, "멜라니아 트럼프", how="model"),
        Mention("트럼프", "PER", 3, 80, 83, "트럼프"),  # which one: left alone
        Mention("두산 김재환", "PER", 4, 90, 96, "두산 김재환", how="model"),
        Mention("김재환", "PER", 5, 100, 103, "김재환", how="model"),  # a whole Korean name
    ]
    assert [m.entity for m in consistent(mentions, [], "")] == [
        "데미스 허사비스",
        "데미스 허사비스",
        "도널드 트럼프",
        "멜라니아 트럼프",
        "트럼프",
        "두산 김재환",
        "김재환",
    ]


def test_an_organisation_ending_inside_a_longer_compound_names_nothing(make_docs) -> None:  # type: ignore[no-untyped-def]
    (doc,) = make_docs(
        "예산은 지방교부세법 개정에 따라 소방안전교부세로 충당한다. 한빛전자서비스는 밝혔다."
    )
    assert [m.type for m in doc.mentions] == ["ORG"]  # the company only
    assert doc.mentions[0].entity.startswith("한빛전자")


def test_a_compound_of_common_nouns_is_no_organisation_of_the_tagger_alone() -> None:
    from ai_discourse.nlp.names import Span, _name_shaped
    from ai_discourse.records import Token
    from ai_discourse.resources import Gazetteer

    gazetteer = Gazetteer(org_suffixes=("원", "재단"))
    common = [Token("소방", "NNG", 0, 2), Token("공무원", "NNG", 2, 5)]
    founded = [Token("한빛의료", "NNG", 0, 4), Token("재단", "NNG", 4, 6)]
    assert not _name_shaped(Span("ORG", 0, 5), common, gazetteer)
    assert _name_shaped(Span("ORG", 0, 6), founded, gazetteer)
    assert _name_shaped(Span("ORG", 0, 2), common[:1], gazetteer)  # one noun: 경찰, 국회


@pytest.mark.parametrize(
    ("text", "person", "affiliation"),
    [
        # a foreign given name that starts like a Korean surname (이, 조) is no Korean name
        # when a syllable of it is none a Korean given name uses (사벨, 고르)
        ("이사벨 로드리게스 교수는 이번 결과가 놀랍다고 말했다.", "이사벨 로드리게스", None),
        ("이고르 바실리예프 연구원이 실험을 이끌었다.", "이고르 바실리예프", None),
        # a Korean name before an unknown company and a title keeps the company
        ("박소희 누리브릿지 대표는 투자를 유치했다고 밝혔다.", "박소희", "누리브릿지"),
    ],
)
def test_foreign_full_names_that_start_like_korean_names(
    text: str, person: str, affiliation: str | None
) -> None:
    import ai_discourse

    people = [e for e in ai_discourse.entities(text) if e["type"] == "PER"]
    assert [(e["entity"], e["affiliation"]) for e in people] == [(person, affiliation)]


def _named(text: str) -> set[tuple[str, str]]:
    import ai_discourse

    return {(e["type"], e["entity"]) for e in ai_discourse.entities(text)}


def test_a_foreign_name_glossed_in_latin_letters_and_its_university() -> None:
    # three words, glued to its Latin spelling; the university inside the parenthesis is
    # read by its academic title, though no person stands right before it
    found = _named("안나 마리아 로시(Anna Maria Rossi, 이탈리아 볼로냐대 교수)가 수상했다.")
    assert {("PER", "안나 마리아 로시"), ("ORG", "볼로냐대학교")} <= found
    assert ("PER", "로시") not in found
    # an acronym is no person's spelling
    assert _named("국제해사기구(IMO)는 새 규정을 발표했다.") == {("ORG", "국제해사기구")}


def test_a_university_after_the_place_it_is_in() -> None:
    import ai_discourse

    (person,) = [
        e
        for e in ai_discourse.entities("유진 카펠로 미국 노스웨스턴대 교수는 결과를 설명했다.")
        if e["type"] == "PER"
    ]
    assert (person["entity"], person["title"], person["affiliation"]) == (
        "유진 카펠로",
        "교수",
        "노스웨스턴대",
    )


def test_words_that_only_end_like_names_or_titles() -> None:
    # 기구 ends an organisation, not a district (구)
    assert _named("국제해사기구는 새 규정을 발표했다.") == {("ORG", "국제해사기구")}
    # 주차장 is no title (차장), 최고령 no name (최 + 고령)
    assert ("ORG", "경기도청") in _named("경기도청 주차장에서 사고가 났다.")
    assert not [e for e in _named("경기도청 주차장에서 사고가 났다.") if e[0] == "PER"]
    assert _named("최신 자료를 분석한 최고령 참가자는 80세였다.") == set()


def test_a_korean_name_kiwi_cut_apart_before_a_particle() -> None:
    # 윤+갑+석+을: a common surname and two syllables, glued to a case particle
    assert ("PER", "윤갑석") in _named("경찰은 윤갑석을 불러 조사했다.")
    assert _named("이번주를 기다렸다.") == set()


def test_a_name_in_quotes_before_its_title() -> None:
    found = _named("지지자들은 ‘마누엘 세라노’ 전 총리의 복귀를 요구했다.")
    assert ("PER", "마누엘 세라노") in found
    # a word in quotes before a title is no name unless shaped as one
    assert not [e for e in _named("그는 '정의' 의원이라 불렸다.") if e[0] == "PER"]


def test_people_the_outlet_leaves_unnamed_are_references(make_docs) -> None:  # type: ignore[no-untyped-def]
    (doc,) = make_docs(
        "경찰은 운전자 F(52)씨와 동승자 정모 씨를 조사했다. "
        "목격자 K 씨에 따르면 한 아무개씨가 먼저 차에서 내렸다. "
        "씨앗을 심던 주민들은 놀랐다. 이모와 부모가 왔고, 이 모든 일에 놀랐다. "
        "검찰은 노 모(61)를 기소했다."
    )
    found = [(m.surface, m.entity, m.how) for m in doc.mentions if m.type == "PER"]
    assert found == [
        ("F", "F 씨", "reference"),
        ("정", "정모 씨", "reference"),
        ("K", "K 씨", "reference"),
        ("한", "한모 씨", "reference"),
        ("노", "노모 씨", "reference"),
    ]


def test_references_are_listed_per_document_but_not_across_documents(make_docs) -> None:  # type: ignore[no-untyped-def]
    from ai_discourse.analysis.entities import EntityFold
    from ai_discourse.nlp.stage import summarize

    docs = make_docs(
        "정모 씨는 한빛은행 지점에서 돈을 찾았다.",
        "다른 사건에서 정모 씨가 한빛은행 직원에게 항의했다.",
    )
    fold = EntityFold()
    for doc in docs:
        fold.add(summarize(doc))
    corpus = fold.entity_table()
    assert "정모 씨" not in set(corpus.entity)  # two unnamed people, not one
    by_doc = fold.by_doc_table().to_pandas()
    assert sorted(by_doc[by_doc.entity == "정모 씨"].mentions) == [1, 1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # after a noun for its kind: a journal, a channel, a publisher, a start-up
        ("이 연구는 국제학술지 Nano Letters에 실렸다.", ("ORG", "Nano Letters", "apposition")),
        ("케이블 채널 qTV는 새 드라마를 편성했다.", ("ORG", "qTV", "apposition")),
        ("출판사 책마루의 신간이 나왔다.", ("ORG", "책마루", "apposition")),
        # a club led by its Latin lead word
        ("AC 몬차는 홈에서 비겼다.", ("ORG", "AC 몬차", "suffix")),
        ("SC 프라이부르크는 홈에서 비겼다.", ("ORG", "SC 프라이부르크", "suffix")),
        # a school's short name: a proper noun and the ending Kiwi cut, a place in one word
        ("새빛고 학생들이 대회에서 입상했다.", ("ORG", "새빛고", "suffix")),
        ("부산고 출신인 그는 감독이 됐다.", ("ORG", "부산고", "suffix")),
        # one word ending in both 고 and 여고: every ending is tried, in any process
        ("경기여고 동문회가 열렸다.", ("ORG", "경기여고", "suffix")),
    ],
)
def test_kinds_of_organisations_named_by_their_form(make_docs, text, expected) -> None:  # type: ignore[no-untyped-def]
    (doc,) = make_docs(text)
    assert expected in [(m.type, m.entity, m.how) for m in doc.mentions]


def test_no_organisation_where_the_phrase_goes_on_or_a_place_ends_in_the_same_way(
    make_docs,  # type: ignore[no-untyped-def]
) -> None:
    (doc,) = make_docs("기업 ESG 보고서가 늘었다. 그는 시카고에서 자랐다. 채널 개편이 있었다.")
    assert [(m.type, m.entity) for m in doc.mentions] == [("LOC", "시카고")]


def test_a_university_after_a_country_is_no_person(make_docs) -> None:  # type: ignore[no-untyped-def]
    (doc,) = make_docs("영 에든버러대 연구진은 새 백신 후보를 공개했다.")
    assert [(m.type, m.entity) for m in doc.mentions if m.type != "LOC"] == [("ORG", "에든버러대")]
