"""Near-duplicate detection on real Korean Wikinews articles and edited copies of them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ai_discourse.analysis.neardup import BANDS, DEFAULT_THRESHOLD, ROWS, NearDuplicates
from ai_discourse.nlp.signature import SHINGLE, SIGNATURE_SIZE, signature, similarity

CORPUS = Path("/work/shared/corpora/ko-wikinews/articles.jsonl")
EMPTY = b"\xff" * (SIGNATURE_SIZE * 4)

STATUE = 37  # 서울시, 이순신 장군 동상 보수 공사 실시 (1,238 characters)
MUSEUM = 60  # 국립경주박물관, 신라 유물 전시회 개최 (923 characters)


@pytest.fixture(scope="module")
def articles() -> list[dict[str, str]]:
    """All 637 Korean Wikinews articles (CC BY 2.5), in corpus order."""
    if not CORPUS.exists():
        pytest.skip(f"{CORPUS} is not on this machine")
    with CORPUS.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


@pytest.fixture(scope="module")
def signatures(articles: list[dict[str, str]]) -> list[bytes]:
    return [signature(a["text"]) for a in articles]


def rewrite_statue(text: str) -> str:
    """A light rewrite as another outlet would make it: a few words changed, one
    sentence dropped, one added, quotes and commas changed, lines re-wrapped."""
    dropped = "그리고 지진 발생 시에도 동상이 쓰러지지 않도록 동상과 동상을 받치는 기단부에 견고하게 앵커볼트를 설치하게 된다."
    assert dropped in text
    edited = (
        text.replace(dropped, "")
        .replace("서울특별시가", "서울시가")
        .replace("약 40일 정도", "약 40일간")
        .replace("대표적인 조형물로", "대표 조형물로")
        .replace("시는 설명했다", "서울시는 설명했다")
        .replace("‘", '"')
        .replace("’", '"')
        .replace("“", "'")
        .replace("”", "'")
        .replace(", ", " ")
    )
    edited += " 동상이 자리를 비우는 동안 광장에는 안내판이 설치된다."
    return textwrap.fill(edited, width=38)


def test_signature_size_and_determinism_across_processes(articles: list[dict[str, str]]) -> None:
    text = articles[STATUE]["text"]
    sig = signature(text)
    assert isinstance(sig, bytes)
    assert len(sig) == SIGNATURE_SIZE * 4 == 256
    assert signature(text) == sig
    # A new interpreter with a different str hash salt computes the same bytes.
    code = (
        "import sys\n"
        "from ai_discourse.nlp.signature import signature\n"
        "sys.stdout.write(signature(sys.stdin.read()).hex())\n"
    )
    for seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", code],
            input=text,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            check=True,
        )
        assert bytes.fromhex(out.stdout) == sig


def test_signature_is_pinned() -> None:
    """Signatures stored by one version must compare with those of the next: a change
    of seed, hash or numpy random stream shows up here first."""
    assert signature("이순신 장군 동상").hex()[:32] == "be38733ca41dfa891205a2a6b2042d20"


def test_whitespace_and_punctuation_are_ignored(articles: list[dict[str, str]]) -> None:
    text = articles[MUSEUM]["text"]
    rewrapped = textwrap.fill(text.replace(", ", "·").replace(".", "!"), width=30)
    assert signature(rewrapped) == signature(text)
    assert similarity(signature(text), signature(text)) == 1.0


def test_light_rewrite_is_similar_and_clustered(articles: list[dict[str, str]]) -> None:
    original = articles[STATUE]["text"]
    copy = rewrite_statue(original)
    assert copy != original
    score = similarity(signature(original), signature(copy))
    # The true shingle Jaccard of the two texts is 0.877.
    assert score == 0.921875
    near = NearDuplicates()
    assert near.add("original", signature(original)) is None
    assert near.add("unrelated", signature(articles[MUSEUM]["text"])) is None
    assert near.add("copy", signature(copy)) == ("original", 0.921875)


def test_different_articles_are_far(
    articles: list[dict[str, str]], signatures: list[bytes]
) -> None:
    assert similarity(signatures[STATUE], signatures[MUSEUM]) == 0.0
    assert similarity(signatures[0], signatures[1]) == 0.0
    first = signatures[:200]
    scores = sorted(
        (similarity(first[i], first[j]), i, j)
        for i in range(len(first))
        for j in range(i + 1, len(first))
    )
    # Over all 19,900 pairs of the first 200 articles the highest estimate is two
    # follow-up stories on the same octopus (true shingle Jaccard 0.114).
    assert scores[-1] == (0.171875, 10, 12)
    assert "파울" in articles[10]["title"] and "파울" in articles[12]["title"]
    assert sum(score >= 0.1 for score, _, _ in scores) == 4
    assert sum(score for score, _, _ in scores) / len(scores) < 0.002


def test_corpus_has_no_near_duplicates(
    articles: list[dict[str, str]], signatures: list[bytes]
) -> None:
    """Wikinews has follow-up stories (weekly polls, daily COVID counts, news briefings),
    but none is a copy: the closest pair, two weekly poll stories, estimates 0.344."""
    near = NearDuplicates()
    found = [near.add(a["id"], sig) for a, sig in zip(articles, signatures, strict=True)]
    assert found == [None] * len(articles) == [None] * 637
    assert len(near) == 637
    assert near.table().empty
    assert list(near.table().columns) == ["cluster", "doc_id", "similarity", "size"]
    assert similarity(signatures[426], signatures[428]) == 0.34375


def test_wire_story_in_five_outlets(articles: list[dict[str, str]]) -> None:
    wire = articles[MUSEUM]["text"]
    outlets = [
        ("yonhap", "(경주=연합뉴스) 김철수 기자 = " + wire + " ⓒ연합뉴스 무단전재 재배포 금지"),
        ("gyeongju", "[경주일보] " + wire.replace("내일부터", "오는 12월 21일부터")),
        ("daegu", wire.replace("(관장 이영훈)", "") + " 대구일보 박영희 기자"),
        (
            "busan",
            textwrap.fill(wire.replace("특히 ", "").replace("밝혔다", "전했다"), width=40),
        ),
        ("seoul", wire.split("\n")[0] + "\n" + wire.split("\n")[1] + "\n관람료는 무료다."),
    ]
    near = NearDuplicates()
    results = {}
    fillers = iter(articles[100:120])
    for doc_id, text in outlets:
        for _ in range(3):
            filler = next(fillers)
            assert near.add(filler["id"], signature(filler["text"])) is None
        results[doc_id] = near.add(doc_id, signature(text))
    # True shingle Jaccard with the first copy: 0.937, 0.934, 0.898, 0.626.
    assert results == {
        "yonhap": None,
        "gyeongju": ("yonhap", 0.9375),
        "daegu": ("yonhap", 0.921875),
        "busan": ("yonhap", 0.84375),
        "seoul": ("yonhap", 0.625),
    }
    table = near.table()
    assert list(table.columns) == ["cluster", "doc_id", "similarity", "size"]
    assert table.to_dict(orient="records") == [
        {"cluster": 1, "doc_id": "yonhap", "similarity": 1.0, "size": 5},
        {"cluster": 1, "doc_id": "gyeongju", "similarity": 0.938, "size": 5},
        {"cluster": 1, "doc_id": "daegu", "similarity": 0.922, "size": 5},
        {"cluster": 1, "doc_id": "busan", "similarity": 0.844, "size": 5},
        {"cluster": 1, "doc_id": "seoul", "similarity": 0.625, "size": 5},
    ]
    assert len(near) == 20


def test_two_clusters_numbered_by_first_document(articles: list[dict[str, str]]) -> None:
    statue, museum = articles[STATUE]["text"], articles[MUSEUM]["text"]
    near = NearDuplicates()
    near.add("m1", signature(museum))
    near.add("s1", signature(statue))
    near.add("lone", signature(articles[0]["text"]))
    near.add("s2", signature(rewrite_statue(statue)))
    near.add("m2", signature(museum + " 끝."))
    table = near.table()
    assert table[["cluster", "doc_id", "size"]].values.tolist() == [
        [1, "m1", 2],
        [1, "m2", 2],
        [2, "s1", 2],
        [2, "s2", 2],
    ]


def test_empty_and_short_texts() -> None:
    assert signature("") == EMPTY
    assert signature(" \n\t  ") == EMPTY
    assert signature("…!?, ·") == EMPTY
    short = signature("가나다")
    assert len("가나다") < SHINGLE
    assert short != EMPTY and len(short) == SIGNATURE_SIZE * 4
    # A text shorter than a shingle is one shingle: its punctuation is still ignored.
    assert signature(" 가나, 다! ") == short
    assert similarity(short, signature("가나라")) == 0.0
    assert similarity(EMPTY, EMPTY) == 1.0
    # Empty texts carry no evidence, so they never cluster, not even with each other.
    near = NearDuplicates()
    assert near.add("e1", signature("")) is None
    assert near.add("e2", signature("   ")) is None
    assert near.add("s1", short) is None
    assert near.add("s2", signature("가나 다")) == ("s1", 1.0)
    assert near.table()["doc_id"].tolist() == ["s1", "s2"]


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="256 bytes"):
        similarity(b"\x00" * 8, EMPTY)
    with pytest.raises(ValueError, match="threshold"):
        NearDuplicates(threshold=0.0)


def test_banding_covers_the_signature() -> None:
    assert BANDS * ROWS == SIGNATURE_SIZE
    assert DEFAULT_THRESHOLD == 0.5
    recall = 1 - (1 - DEFAULT_THRESHOLD**ROWS) ** BANDS
    assert recall > 0.9998


def test_no_false_negatives_near_the_threshold(articles: list[dict[str, str]]) -> None:
    """50 pairs built at 0.55-0.7 estimated similarity (a real article and the same
    article with its tail swapped for another article's text) are all found."""
    pool = [a["text"] for a in articles if len(a["text"]) >= 600]
    pairs: list[tuple[bytes, bytes, float]] = []
    for i, text in enumerate(pool):
        if len(pairs) == 50:
            break
        # Keeping a share k of the text and swapping in (1 - k) of another text gives
        # a shingle Jaccard of about k / (2 - k): 0.71-0.82 aims at 0.55-0.7.
        keep = 0.71 + 0.11 * (i % 12) / 11
        cut = int(len(text) * keep)
        other = pool[(i + len(pool) // 2) % len(pool)]
        variant = text[:cut] + other[: len(text) - cut]
        a, b = signature(text), signature(variant)
        score = similarity(a, b)
        if 0.55 <= score <= 0.7:
            pairs.append((a, b, score))
    assert len(pairs) == 50
    near = NearDuplicates()
    for n, (a, b, score) in enumerate(pairs):
        assert near.add(f"a{n}", a) is None
        assert near.add(f"b{n}", b) == (f"a{n}", score)
    table = near.table()
    assert table["cluster"].max() == 50
    assert (table["size"] == 2).all()
