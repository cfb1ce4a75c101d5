"""Draw the sentences of the training set from the `tune` half of Korean Wikinews.

    python benchmarks/train/sample_train.py [CORPUS_JSONL] [--out DIR]

The learned components (issue 20) train on labels the project owns. Real sentences come
only from the articles that benchmarks/eval/sample_wikinews.py put in the `tune` half (the
same split, recomputed with the same seed): the `locked` half is never drawn. Whole
articles are drawn, every sentence of each in order (cut by the same plain punctuation
rule), so that a name keeps its type across the article and short forms can be linked
back; articles are taken in a shuffled order (their own seed) until `SENTENCES`, and
written in chunks of whole articles, one per annotator. The draw is deterministic and
does not use the analyzer.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "eval"))

from sample_wikinews import SEED, corpus_arguments, halves, sentences  # noqa: E402

TRAIN_SEED = 20261202
SENTENCES = 1000
CHUNKS = 5


def main() -> None:
    articles, out = corpus_arguments(__doc__)
    split = halves(articles, random.Random(SEED))
    tune = sorted((a for a in articles if split[a["id"]] == "tune"), key=lambda a: a["id"])
    random.Random(TRAIN_SEED).shuffle(tune)

    drawn: list[list[tuple[str, str]]] = []
    total = 0
    for article in tune:
        rows = [(f"{article['id']}#{n}", s) for n, s in enumerate(sentences(article["text"]))]
        if rows:
            drawn.append(rows)
            total += len(rows)
        if total >= SENTENCES:
            break

    out.mkdir(parents=True, exist_ok=True)
    per_chunk = total / CHUNKS
    chunk, written, number = 1, 0, 1
    handle = (out / "ner1.tsv").open("w", encoding="utf-8", newline="")
    handle.write("id\tarticle\ttext\n")
    for rows in drawn:
        if written >= per_chunk * chunk and chunk < CHUNKS:
            handle.close()
            chunk += 1
            handle = (out / f"ner{chunk}.tsv").open("w", encoding="utf-8", newline="")
            handle.write("id\tarticle\ttext\n")
        for article, text in rows:
            handle.write(f"t{number:05d}\t{article}\t{text}\n")
            number += 1
            written += 1
    handle.close()
    print(f"{out}: {total} sentences of {len(drawn)} tune articles in {CHUNKS} chunks")


if __name__ == "__main__":
    main()
