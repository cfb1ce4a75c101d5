"""Draw whole business, IT and science articles from Korean Wikinews for a second blind
name set (issue 20: names measured on whole articles of other registers).

    python benchmarks/eval/sample_articles.py [CORPUS_JSONL] [--out DIR]

The corpus holds no other redistributable news, so the "other registers" are Wikinews's
own business, technology and science articles: those whose title and text name at least
`MIN_TOPICS` different topic nouns of the list below (topics only, no names of companies
and no words the analyzer reads), of `MIN_CHARS` to `MAX_CHARS` characters. Only articles
of the `locked` half of benchmarks/eval/sample_wikinews.py are drawn (the training set
took whole `tune` articles; none of these was ever trained or tuned on; some of their
sentences are also in the locked half of the sentence-level set). Every sentence of each article is
kept in order (the plain punctuation rule of sample_wikinews.py), so that the tool is
measured as it runs, on whole articles, where a name comes back short or typed once.

Articles are taken in a shuffled order (their own seed) until `SENTENCES`, and each gets
its half of this set now, before labelling (alternately `tune` or `locked`).
They are written in chunks of whole articles, one per annotator. Deterministic, and
independent of the analyzer.
"""

from __future__ import annotations

import random

from sample_wikinews import SEED, corpus_arguments, halves, sentences

ARTICLES_SEED = 20261203
SENTENCES = 320
CHUNKS = 4
MIN_CHARS, MAX_CHARS = 300, 6000
MIN_TOPICS = 3
TOPICS = (
    "기업 회사 매출 영업이익 주가 주식 증시 투자 실적 수출 산업 시장 제품 출시 서비스 "
    "인수 합병 반도체 스마트폰 인공지능 소프트웨어 인터넷 플랫폼 통신 게임 기술 개발 "
    "연구진 연구팀 연구소 과학 우주 위성 로봇 데이터 컴퓨터 전기차 배터리 특허"
).split()


def main() -> None:
    articles, out = corpus_arguments(__doc__)
    split = halves(articles, random.Random(SEED))
    pool = sorted(
        (
            a
            for a in articles
            if split[a["id"]] == "locked"
            and MIN_CHARS <= len(a["text"]) <= MAX_CHARS
            and sum(topic in a["title"] + a["text"] for topic in TOPICS) >= MIN_TOPICS
        ),
        key=lambda a: a["id"],
    )
    random.Random(ARTICLES_SEED).shuffle(pool)

    drawn: list[tuple[str, list[str]]] = []
    total = 0
    for article in pool:
        rows = sentences(article["text"])
        if rows:
            drawn.append((article["id"], rows))
            total += len(rows)
        if total >= SENTENCES:
            break

    out.mkdir(parents=True, exist_ok=True)
    chunks: list[list[str]] = [[] for _ in range(CHUNKS)]
    number = 1
    for k, (article_id, rows) in enumerate(drawn):
        half = "tune" if k % 2 == 0 else "locked"
        chunk = min(chunks, key=len)  # whole articles, chunks of about the same size
        for n, text in enumerate(rows):
            chunk.append(f"a{number:04d}\t{half}\t{article_id}#{n}\t{text}\n")
            number += 1
    for k, lines in enumerate(chunks, start=1):
        with (out / f"articles{k}.tsv").open("w", encoding="utf-8", newline="") as handle:
            handle.write("id\tsplit\tarticle\ttext\n")
            handle.writelines(lines)
    print(
        f"{out}: {total} sentences of {len(drawn)} locked-half articles ({len(pool)} in the pool)"
    )


if __name__ == "__main__":
    main()
