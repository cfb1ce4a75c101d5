"""Compound terms: counts, cohesion, branching entropy and fragments on hand-made noun
runs (values worked out by hand), then on real Korean Wikinews text tokenized by Kiwi."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from ai_discourse.analysis.terms import MAX_N, CompoundCounts, userdict_text
from ai_discourse.config import read_lines

WIKINEWS = Path("/work/shared/corpora/ko-wikinews/articles.jsonl")
NOUN_TAGS = frozenset({"NNG", "NNP", "SL", "SN"})

# Four documents: 거대언어모델 (three tokens for Kiwi) and 소버린 AI, each written both
# with and without spaces.
DOCS = [
    [("거대", "언어", "모델"), ("소버린", " AI", " 전략")],
    [("거대", "언어", "모델", " 개발"), ("소버린", " AI", " 전략")],
    [("거대", " 언어", " 모델"), ("국가", " 소버린", " AI")],
    [("거대", "언어", "모델"), ("소버린", "AI")],
]
UNIGRAMS = {"거대": 4, "언어": 6, "모델": 8, "소버린": 4, "AI": 40, "전략": 10, "국가": 10}
TOTAL = 400


def counted(*docs: Iterable[tuple[str, ...]]) -> CompoundCounts:
    counts = CompoundCounts()
    for runs in docs:
        counts.add(list(runs))
    return counts


def terms_of(table: Any) -> list[str]:
    return [str(t) for t in table["term"]]


# -- counting ------------------------------------------------------------------------


def test_counts_and_document_frequency_ignore_spaces() -> None:
    counts = counted(*DOCS)
    assert counts.counts[("거대", "언어", "모델")] == 4
    assert counts.counts[("소버린", "AI")] == 4
    assert counts.counts[("소버린", "AI", "전략")] == 2
    assert counts.counts[("거대", "언어", "모델", "개발")] == 1
    assert counts.docs[("소버린", "AI")] == 4
    assert counts.docs[("AI", "전략")] == 2
    # Single tokens are counted too (the fallback for unigrams the caller lacks).
    assert counts.counts[("소버린",)] == 4


def test_an_ngram_repeated_in_a_document_counts_one_document() -> None:
    counts = counted([("소버린", " AI"), ("소버린", " AI", " 전략")])
    assert counts.counts[("소버린", "AI")] == 2
    assert counts.docs[("소버린", "AI")] == 1


def test_doc_false_continues_the_previous_document() -> None:
    counts = CompoundCounts()
    counts.add([("소버린", " AI")])
    counts.add([("소버린", " AI", " 전략")], doc=False)  # the same document's body
    counts.add([("소버린", " AI")])
    assert counts.counts[("소버린", "AI")] == 3
    assert counts.docs[("소버린", "AI")] == 2
    assert counts.docs[("AI", "전략")] == 1


def test_ngrams_stop_at_max_n_tokens_but_five_grams_are_counted_for_neighbours() -> None:
    run = ("김정은", " 조선", " 인민군", " 최고", " 사령관")
    counts = counted([run])
    assert MAX_N == 4
    assert counts.counts[("김정은", "조선", "인민군", "최고", "사령관")] == 1
    assert counts.docs[("김정은", "조선", "인민군", "최고")] == 1
    assert ("김정은", "조선", "인민군", "최고", "사령관") not in counts.docs


# -- surface ---------------------------------------------------------------------------


def test_surface_is_the_commonest_spelling() -> None:
    counts = counted(*DOCS)
    assert counts.surface(("거대", "언어", "모델")) == "거대언어모델"  # 3 glued, 1 spaced
    assert counts.surface(("소버린", "AI")) == "소버린 AI"  # 3 spaced, 1 glued


def test_surface_tie_goes_to_the_spaced_spelling() -> None:
    counts = counted([("소버린", "AI")], [("소버린", " AI")])
    assert counts.surface(("소버린", "AI")) == "소버린 AI"
    counts = counted([("소버린", " AI")], [("소버린", "AI")])
    assert counts.surface(("소버린", "AI")) == "소버린 AI"


def test_a_leading_space_on_a_run_is_not_part_of_the_surface() -> None:
    counts = counted([(" 국가", " 소버린", " AI")])
    assert counts.surface(("국가", "소버린")) == "국가 소버린"
    assert counts.surface(("소버린", "AI")) == "소버린 AI"


# -- table -----------------------------------------------------------------------------


def test_table_values_worked_out_by_hand() -> None:
    table = counted(*DOCS).table(UNIGRAMS, TOTAL)
    assert list(table.columns) == [
        "rank",
        "term",
        "tokens",
        "count",
        "docs",
        "npmi",
        "left_entropy",
        "right_entropy",
        "score",
    ]
    # 거대 언어 and 언어 모델 are fragments (always inside 거대언어모델); every other
    # n-gram is seen fewer than 3 times.
    assert terms_of(table) == ["거대언어모델", "소버린 AI"]
    big, sovereign = table.iloc[0], table.iloc[1]
    assert list(table["rank"]) == [1, 2]
    assert (big["tokens"], big["count"], big["docs"]) == (3, 4, 4)
    assert (sovereign["tokens"], sovereign["count"], sovereign["docs"]) == (2, 4, 4)

    # p(g) = 4/400 = .01; p(거대) = .01, p(언어) = .015, p(모델) = .02.
    # pmi = ln .01 - (ln .01 + ln .015 + ln .02) = 8.111728; npmi = pmi / (-2 ln .01).
    assert big["npmi"] == pytest.approx(8.111728 / 9.210340, abs=1e-6)
    assert big["npmi"] == pytest.approx(0.880720, abs=1e-6)  # 0.8807197
    # Four occurrences, each at a run boundary or before 개발: four distinct outcomes.
    assert big["left_entropy"] == pytest.approx(math.log(4))
    assert big["right_entropy"] == pytest.approx(math.log(4))
    # score = npmi * log2(1 + 4) * min(1, 0.5 + ln 4) = 0.8807197 * 2.3219281.
    assert big["score"] == pytest.approx(2.044968, abs=1e-6)

    # p(g) = .01, p(소버린) = .01, p(AI) = .1: pmi = ln 10, npmi = ln 10 / ln 100 = 1/2.
    assert sovereign["npmi"] == pytest.approx(0.5)
    # Left: run start three times and 국가 once, four distinct outcomes.
    assert sovereign["left_entropy"] == pytest.approx(math.log(4))
    # Right: 전략 twice, run end twice: -(1/2 ln 1/2) - 2 (1/4 ln 1/4) = 1.5 ln 2.
    assert sovereign["right_entropy"] == pytest.approx(1.5 * math.log(2))
    assert sovereign["score"] == pytest.approx(0.5 * math.log2(5))


def test_a_missing_unigram_falls_back_on_its_count_within_runs() -> None:
    unigrams = {w: c for w, c in UNIGRAMS.items() if w != "소버린"}
    table = counted(*DOCS).table(unigrams, TOTAL)
    sovereign = table[table["term"] == "소버린 AI"].iloc[0]
    assert sovereign["npmi"] == pytest.approx(0.5)  # 소버린 seen 4 times in runs, as given


def test_min_count_and_negative_cohesion_filter() -> None:
    counts = counted(*DOCS, [("오늘", " 오후")] * 3)
    unigrams = {**UNIGRAMS, "오늘": 200, "오후": 200}
    # 오늘 오후: p(g) = 3/400 < p(오늘) p(오후) = 1/4, so pmi < 0: not a term.
    assert "오늘 오후" not in terms_of(counts.table(unigrams, TOTAL))
    assert terms_of(counts.table(unigrams, TOTAL, min_count=5)) == []
    # With min_count 2, 소버린 AI 전략 (2) and AI 전략 (2) qualify; 소버린 AI 전략 has
    # only half of 소버린 AI's count, so it does not make 소버린 AI a fragment, but it
    # has all of AI 전략's.
    terms = terms_of(counts.table(unigrams, TOTAL, min_count=2))
    assert "소버린 AI 전략" in terms
    assert "소버린 AI" in terms
    assert "AI 전략" not in terms


def test_fragment_threshold_is_seventy_percent_of_the_count() -> None:
    unigrams = {"조선": 10, "인민": 10, "공화국": 10}
    seven = counted([("조선", "인민", "공화국")] * 7 + [("인민", "공화국")] * 3)
    # 조선인민공화국 holds 7 of 인민공화국's 10: 인민공화국 is a fragment.
    assert terms_of(seven.table(unigrams, 100)) == ["조선인민공화국"]
    six = counted([("조선", "인민", "공화국")] * 6 + [("인민", "공화국")] * 4)
    # 6 of 10 is less than 70%: both stay (조선인민 is still a fragment: 6 of 6).
    assert sorted(terms_of(six.table(unigrams, 100))) == ["인민공화국", "조선인민공화국"]


def test_a_longer_ngram_that_is_not_kept_does_not_make_a_fragment() -> None:
    unigrams = {"조선": 10, "인민": 10, "공화국": 10}
    seven = counted([("조선", "인민", "공화국")] * 7 + [("인민", "공화국")] * 3)
    assert terms_of(seven.table(unigrams, 100, min_count=8)) == ["인민공화국"]


def test_max_n_grams_measure_neighbours_with_the_longer_run() -> None:
    run = ("김정은", " 조선", " 인민군", " 최고", " 사령관")
    counts = counted(*[[run]] * 3)
    unigrams = {w.strip(): 3 for w in run}
    table = counts.table(unigrams, 15)
    # Everything shorter is a fragment of a 4-gram; the 5-gram is longer than MAX_N.
    assert terms_of(table) == ["김정은 조선 인민군 최고", "조선 인민군 최고 사령관"]
    first, second = table.iloc[0], table.iloc[1]
    assert list(table["tokens"]) == [4, 4]
    assert first["npmi"] == pytest.approx(1.0)  # p(w) = p(g): the tokens occur only here
    assert first["right_entropy"] == pytest.approx(0.0)  # always followed by 사령관
    assert first["left_entropy"] == pytest.approx(math.log(3))
    assert second["left_entropy"] == pytest.approx(0.0)
    # score = 1 * log2(4) * min(1, 0.5 + 0): halved for the fixed side; the tie on
    # score and count is broken by the term.
    assert list(table["score"]) == pytest.approx([1.0, 1.0])


def test_top_limits_rows_and_an_empty_count_gives_an_empty_table() -> None:
    assert terms_of(counted(*DOCS).table(UNIGRAMS, TOTAL, top=1)) == ["거대언어모델"]
    assert len(counted(*DOCS).table(UNIGRAMS, TOTAL, top=0)) == 0
    empty = CompoundCounts().table({}, 1)
    assert len(empty) == 0
    assert "score" in empty.columns


def test_total_must_be_positive() -> None:
    with pytest.raises(ValueError, match="total must be a positive number"):
        CompoundCounts().table({}, 0)


# -- userdict_text ----------------------------------------------------------------------


def test_userdict_text_format_and_round_trip(tmp_path: Path) -> None:
    table = counted(*DOCS).table(UNIGRAMS, TOTAL)
    text = userdict_text(table)
    lines = text.split("\n")
    assert text.endswith("\n")
    assert lines[0].startswith("# ")
    entries = [line for line in lines if line and not line.startswith("#")]
    assert entries == ["거대언어모델\tNNP\t0", "소버린 AI\tNNP\t0"]
    # The tool's resource reader gives back every term, in order.
    path = tmp_path / "terms.tsv"
    path.write_text(text, encoding="utf-8")
    parsed = [line.split("\t") for line in read_lines(path)]
    assert all(len(fields) == 3 and fields[1:] == ["NNP", "0"] for fields in parsed)
    assert [fields[0] for fields in parsed] == terms_of(table)


def test_userdict_text_top_and_empty() -> None:
    table = counted(*DOCS).table(UNIGRAMS, TOTAL)
    entries = [ln for ln in userdict_text(table, top=1).splitlines() if not ln.startswith("#")]
    assert entries == ["거대언어모델\tNNP\t0"]
    empty = userdict_text(CompoundCounts().table({}, 1))
    assert empty.endswith("\n")
    assert all(line.startswith("#") for line in empty.splitlines())


# -- real text -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def kiwi() -> Any:
    from kiwipiepy import Kiwi

    return Kiwi()


def noun_runs(text: str, tokens: Iterable[Any]) -> list[tuple[str, ...]]:
    """Maximal runs (2+ tokens) of adjacent nouns in one sentence, glued or one space
    apart, each token after the first prefixed by " " when a space precedes it."""
    runs: list[list[str]] = []
    end, sentence = -1, -1  # end = -1: the previous token was not a noun
    for token in tokens:
        if token.tag not in NOUN_TAGS:
            end = -1
            continue
        gap = text[end : token.start]
        if end >= 0 and token.sent_position == sentence and gap in ("", " "):
            runs[-1].append(gap + token.form)
        else:
            runs.append([token.form])
        end, sentence = token.start + token.len, token.sent_position
    return [tuple(run) for run in runs if len(run) >= 2]


def test_noun_runs_helper(kiwi: Any) -> None:
    text = "FIFA 월드컵  대표팀이 왔다. 거대언어모델을 만든다 AI\n모델"
    # Two spaces, a newline and a verb end runs.
    assert noun_runs(text, kiwi.tokenize(text)) == [
        ("FIFA", " 월드컵"),
        ("대표", "팀"),
        ("거대", "언어", "모델"),
    ]


@pytest.mark.slow
@pytest.mark.skipif(not WIKINEWS.exists(), reason="Korean Wikinews corpus not available")
def test_terms_on_korean_wikinews(kiwi: Any) -> None:
    with WIKINEWS.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line, _ in zip(handle, range(150), strict=False)]
    counts = CompoundCounts()
    unigrams: Counter[str] = Counter()
    for text, tokens in zip(texts, kiwi.tokenize(texts), strict=True):
        unigrams.update(t.form for t in tokens if t.tag in NOUN_TAGS)
        counts.add(noun_runs(text, tokens))
    table = counts.table(unigrams, sum(unigrams.values()))
    top50 = terms_of(table.head(50))
    for term in ("FIFA 월드컵", "조선민주주의인민공화국", "교육과학기술부"):
        assert term in top50
    # Fragments of 조선민주주의인민공화국 and 교육과학기술부, seen often enough to be
    # candidates, are left out.
    keys = {re.sub(r"\s", "", t) for t in terms_of(table)}
    for fragment in ("조선민주주의", "민주주의인민", "인민공화국", "교육과학", "과학기술부"):
        assert max(c for g, c in counts.counts.items() if "".join(g) == fragment) >= 3
        assert fragment not in keys
