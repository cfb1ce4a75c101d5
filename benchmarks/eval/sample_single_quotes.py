"""Draw the single-quote set: every span in single quotes in the Korean Wikinews corpus.

    python benchmarks/eval/sample_single_quotes.py [CORPUS_JSONL] [--out DIR]

Korean news puts terms, titles and slogans in single quotes (`'팝의 황제'`), and some
outlets put speech there too (`국립 기상청은 '…'고 밝혔다`). Every span is kept, speech or
not, with its sentence and up to three sentences before it, so that the labels say both how
many quotations the tool finds there and whether it mistakes terms for speech. The draw is
deterministic and does not use the analyzer: sentences are cut as in `sample_wikinews.py`,
and each article keeps the half (`tune` or `locked`) that script gave it.
"""

from __future__ import annotations

import random
import re

from sample_wikinews import SEED, corpus_arguments, halves, sentences

# Straight or curly single quotes around 2 to 300 characters, not an apostrophe in Latin
# text (`don't`), holding at least one Hangul letter.
SINGLE_QUOTED = re.compile(r"(?<![A-Za-z])['‘]([^'‘’\n]{2,300}?)['’](?![A-Za-z])")


def main() -> None:
    articles, out = corpus_arguments(__doc__)
    split = halves(articles, random.Random(SEED))
    spans = []
    for a in sorted(articles, key=lambda a: a["id"]):
        before: list[str] = []
        for n, sentence in enumerate(sentences(a["text"])):
            for k, match in enumerate(SINGLE_QUOTED.finditer(sentence)):
                if re.search("[가-힣]", match.group(1)):
                    spans.append((a["id"], n, k, match.group(1), sentence, " ".join(before[-3:])))
            before.append(sentence)
    random.Random(SEED + 11).shuffle(spans)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "single_quotes.tsv"
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("id\tsplit\tarticle\tquote\tsentence\tcontext\n")
        for i, (article_id, n, k, quote, sentence, context) in enumerate(spans, 1):
            where = f"{article_id}#{n}.{k}"
            f.write(f"s{i:04d}\t{split[article_id]}\t{where}\t{quote}\t{sentence}\t{context}\n")
    print(f"{path}: {len(spans)} spans")


if __name__ == "__main__":
    main()
