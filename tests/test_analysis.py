"""Keyword and TF-IDF tables on small texts whose counts can be checked by hand."""

from __future__ import annotations

import math

from ai_discourse import analysis
from ai_discourse.analysis.keywords import KeywordFold
from ai_discourse.analysis.tfidf import TermMatrix

from .conftest import article, folded

TEXTS = [
    article("네이버가 검색 광고를 늘렸다. 네이버 광고 매출이 올랐다.", id="n1", kind="news"),
    article("카카오가 광고 사업을 줄였다.", id="n2", kind="news"),
    article("나는 네이버 지도를 자주 쓴다.", id="b1", kind="blog"),
]


def test_keyword_table_counts(make_docs) -> None:  # type: ignore[no-untyped-def]
    docs = make_docs(*TEXTS)
    table = folded(KeywordFold(), docs).table(top=3)
    assert list(table.columns) == ["rank", "term", "tf", "df", "share", "tf_news", "tf_blog"]
    rows = table.to_dict(orient="records")
    total = sum(len(d.terms) for d in docs)
    # 광고 and 네이버 tie on tf and df: the alphabetical order decides, stably.
    assert rows[0] == {
        "rank": 1,
        "term": "광고",
        "tf": 3,
        "df": 2,
        "share": round(3 / total, 4),
        "tf_news": 3,
        "tf_blog": 0,
    }
    assert rows[1] == {
        "rank": 2,
        "term": "네이버",
        "tf": 3,
        "df": 2,
        "share": round(3 / total, 4),
        "tf_news": 2,
        "tf_blog": 1,
    }


def test_keyword_table_keeps_the_top_then_terms_seen_twice(make_docs) -> None:  # type: ignore[no-untyped-def]
    docs = make_docs(*TEXTS)
    assert list(folded(KeywordFold(), docs).table(top=1, min_tf=2).term) == ["광고", "네이버"]
    assert list(folded(KeywordFold(), docs).table(top=1, min_tf=2, limit=1).term) == ["광고"]
    everything = folded(KeywordFold(), docs).table()  # fewer than 100 terms: all of them
    assert len(everything) == len({t for d in docs for t in d.terms})


def test_tfidf_matches_the_textbook_formula(make_docs) -> None:  # type: ignore[no-untyped-def]
    docs = make_docs(*TEXTS)
    table = folded(TermMatrix(), docs).table(top=50).to_pandas()
    n = len(docs)

    def idf(df: int) -> float:
        return math.log((1 + n) / (1 + df)) + 1

    first = docs[0]
    raw = {
        t: (1 + math.log(first.terms.count(t))) * idf(sum(t in d.terms for d in docs))
        for t in set(first.terms)
    }
    norm = math.sqrt(sum(v * v for v in raw.values()))
    got = {r.term: r.tfidf for r in table[table.doc_id == "n1"].itertuples()}
    assert got == {t: round(v / norm, 4) for t, v in raw.items()}
    # A word only this document uses outranks a word every document shares.
    ranks = {r.term: r.rank for r in table[table.doc_id == "b1"].itertuples()}
    assert ranks["지도"] < ranks["네이버"]


def test_overview_totals(make_docs) -> None:  # type: ignore[no-untyped-def]
    docs = make_docs(*TEXTS)
    summary = analysis.run(docs).overview
    assert summary["documents"] == 3
    assert summary["kinds"] == {"blog": 1, "news": 2}
    assert summary["sentences"] == 4
    assert summary["characters"] == sum(len(t.body) for t in TEXTS)


def test_empty_corpus_gives_empty_tables() -> None:
    result = analysis.run([])
    assert result.keywords.empty and result.tfidf.empty and result.documents.empty


def test_seed_keywords_are_content_words(seed_analysis) -> None:  # type: ignore[no-untyped-def]
    top = list(seed_analysis.keywords.term[:10])
    for word in ("AI", "딥시크", "네이버", "카카오"):
        assert word in top
    boilerplate = {
        "본문",
        "바로가기",
        "카테고리",
        "반응형",
        "댓글",
        "저작권자",
        "무단전재",
        "재배포",
        "기자",
        "사진",
        "기사",
        "이미지",
        "머니투데이",
        "김소연",
        "https",
        "Open",
        "챗",
        "테크",
        "오케스트",
        "하이퍼클로",
    }
    shown = set(seed_analysis.keywords.term) | set(seed_analysis.tfidf.term)
    assert not (shown & boilerplate)
