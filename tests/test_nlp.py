"""Kiwi front end: user dictionary, terms, sentences and offsets."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from ai_discourse.config import Settings
from ai_discourse.errors import ConfigError
from ai_discourse.nlp import Lexicon, annotate, get_kiwi

from .conftest import article


@pytest.mark.parametrize(
    "word",
    ["딥시크", "챗GPT", "빅테크", "하이퍼클로바X", "소버린", "오케스트레이션", "모먼트", "오픈AI"],
)
def test_domain_words_come_out_whole(make_docs, word: str) -> None:  # type: ignore[no-untyped-def]
    (doc,) = make_docs(f"업계는 {word}에 주목했다.")
    assert word in doc.terms


def test_spelling_variants_are_merged(make_docs) -> None:  # type: ignore[no-untyped-def]
    (doc,) = make_docs(
        "Open AI와 OpenAI, 오픈 AI는 같은 회사다. 하이퍼 클로버 X도 나왔다. Deepseek와 딥시크."
    )
    assert doc.terms.count("오픈AI") == 3
    assert "하이퍼클로바X" in doc.terms
    assert doc.terms.count("딥시크") == 2  # an English spelling renamed stays a term
    assert "Open" not in doc.terms


def test_terms_skip_stopwords_particles_and_surnames(make_docs) -> None:  # type: ignore[no-untyped-def]
    (doc,) = make_docs("김 교수는 지난 3일 LLM 개발 등 여러 과제를 말했다.")
    assert doc.terms == ("교수", "LLM", "개발", "과제")


def test_sentences_carry_offsets_and_parts(make_docs) -> None:  # type: ignore[no-untyped-def]
    a = article("첫 문장이다. 둘째 문장이다.\n\n새 문단이다", title="제목 줄")
    (doc,) = make_docs(a)
    assert [(s.part, s.text) for s in doc.sentences] == [
        ("title", "제목 줄"),
        ("body", "첫 문장이다."),
        ("body", "둘째 문장이다."),
        ("body", "새 문단이다"),
    ]
    for s in doc.sentences:
        assert doc.text[s.start : s.end] == s.text
        for token in s.tokens:
            assert s.start <= token.start < token.end <= s.end


def test_headings_without_punctuation_do_not_merge_into_next_paragraph(make_docs) -> None:  # type: ignore[no-untyped-def]
    (doc,) = make_docs("1. 딥시크 돌풍\n\n딥시크가 모델을 공개했다.")
    assert [s.text for s in doc.sentences] == ["1. 딥시크 돌풍", "딥시크가 모델을 공개했다."]


def test_user_dictionary_option(tmp_path: Path, settings: Settings) -> None:
    mine = tmp_path / "mine.tsv"
    mine.write_text(
        "# 내 사전\n뉴로클라우드\tNNP\t0\n엔클\tNNP\t0\t뉴로클라우드\n", encoding="utf-8"
    )
    lexicon = Lexicon.load(replace(settings, userdicts=(*settings.userdicts, mine)))
    docs = list(annotate([article("뉴로클라우드와 엔클은 같은 서비스다.")], lexicon=lexicon))
    assert docs[0].terms.count("뉴로클라우드") == 2


def test_bad_user_dictionary_is_a_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("단어\tXYZ\t0\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.tsv: '단어' has unknown POS tag 'XYZ'"):
        get_kiwi((bad,))
    with pytest.raises(ConfigError, match="user dictionary not found"):
        get_kiwi((tmp_path / "missing.tsv",))


def test_kiwi_is_built_once(settings: Settings) -> None:
    assert get_kiwi(settings.userdicts) is get_kiwi(settings.userdicts)


def test_a_noun_used_as_a_predicate_is_not_a_term(make_docs, lexicon: Lexicon) -> None:  # type: ignore[no-untyped-def]
    """발생했다 / 시작했다 / 사용되는 are verb uses; 사고 발생, 사용 방법 are noun uses."""
    texts = (
        "공장에서 화재가 발생했다. 사고 발생 이후 경찰이 조사를 시작했다.",
        "이 방법은 널리 사용되는 방식이다. 사용 방법은 간단하다.",
    )
    fire, method = make_docs(*texts)
    assert fire.terms == ("공장", "화재", "사고", "발생", "경찰", "조사")
    assert method.terms == ("방법", "방식", "사용", "방법")
    keep = replace(lexicon, keep_verbal_nouns=True)
    fire, method = annotate([article(t, id=f"k{i}") for i, t in enumerate(texts)], lexicon=keep)
    assert fire.terms == ("공장", "화재", "발생", "사고", "발생", "경찰", "조사", "시작")
    assert method.terms == ("방법", "사용", "방식", "사용", "방법")


def test_keep_verbal_nouns_comes_from_the_settings() -> None:
    assert Settings().keep_verbal_nouns is False
    settings = replace(Settings(), keep_verbal_nouns=True)
    assert Lexicon.load(settings).keep_verbal_nouns is True


def test_a_new_line_after_a_finished_sentence_starts_a_sentence(make_docs) -> None:  # type: ignore[no-untyped-def]
    # Kiwi carries `<누리일보>` back into the sentence before; the line is given back whole.
    text = (
        '<누리일보>는 기사를 통해 "문제다"고 썼다. \n'
        '<누리일보>는 당국이 나열했다며 "의도가 있다"고 지적했다.'
    )
    (doc,) = make_docs(text)
    assert [s.text for s in doc.sentences] == [
        '<누리일보>는 기사를 통해 "문제다"고 썼다.',
        '<누리일보>는 당국이 나열했다며 "의도가 있다"고 지적했다.',
    ]
    assert [q.speaker for q in doc.quotes] == ["누리일보", "누리일보"]


def test_an_unknown_word_with_its_genitive_is_cut_before_the_genitive(make_docs) -> None:  # type: ignore[no-untyped-def]
    # Kiwi reads `부르키나파소의` as one unknown noun.
    (doc,) = make_docs("부르키나파소의 대통령은 회의에 참석했다.")
    forms = [(t.form, t.tag) for t in doc.sentences[0].tokens[:3]]
    assert forms == [("부르키나파소", "NNP"), ("의", "JKG"), ("대통령", "NNG")]


def test_a_particle_after_a_percent_sign_is_a_particle(make_docs) -> None:  # type: ignore[no-untyped-def]
    # Kiwi reads `59%는` as 늘 + ㄴ and `56%가` as the verb 가다.
    (doc,) = make_docs("지지자들 중의 59%는 찬성했고 국민의 56%가 반대했다.")
    pairs = [(t.form, t.tag) for t in doc.sentences[0].tokens]
    assert ("%", "SW") in pairs
    assert pairs[pairs.index(("%", "SW")) + 1] == ("는", "JX")
    assert ("가", "JKS") in pairs
