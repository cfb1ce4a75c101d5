"""Draw the sentences of the per-target tone training set: real Wikinews sentences of the
`tune` half naming two or more parties, to be labelled blind for each party
(benchmarks/eval/GUIDE_parties.md), as the evaluation set was.

    python benchmarks/train/sample_parties_train.py [CORPUS_JSONL] [--out DIR]

Two sources, both read without the analyzer, both from `tune` articles only:
- the sentences of the name-training articles (benchmarks/train/labelled/ner*.tsv) whose
  blind labels hold two or more names (PER, ORG or LOC);
- the rest of the evaluation sampler's shuffled pool (benchmarks/eval/sample_parties.py:
  sentences holding two or more names of the shipped word lists) after the 500 it drew,
  `tune` articles only.
A sentence already in the evaluation set (either half) is left out. The draw is
deterministic; it is written in `CHUNKS` files, one per annotator.
"""

from __future__ import annotations

import csv
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE.parent / "eval"))

import sample_parties  # noqa: E402
from sample_wikinews import SEED, corpus_arguments, halves, sentences  # noqa: E402

CHUNKS = 4
_SPAN = re.compile(r"\[(?:PER|ORG|LOC) ([^\]]+)\]")


def _rows(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line]
    return list(csv.DictReader((x for x in lines if not x.startswith("#")), delimiter="\t"))


def main() -> None:
    articles, out = corpus_arguments(__doc__)
    split = halves(articles, random.Random(SEED))
    taken = {row["text"] for row in _rows(ROOT / "benchmarks/eval/wikinews_parties.tsv")}

    drawn: list[tuple[str, str]] = []
    seen: set[str] = set()

    def add(article: str, text: str) -> None:
        if text not in taken and text not in seen:
            seen.add(text)
            drawn.append((article, text))

    for n in range(1, 6):
        plain = {r["id"]: r for r in _rows(HERE / "unlabelled" / f"ner{n}.tsv")}
        for line in (HERE / "labelled" / f"ner{n}.tsv").read_text(encoding="utf-8").splitlines():
            sid, _, marked = line.partition("\t")
            if sid in plain and len(set(_SPAN.findall(marked))) >= 2:
                add(plain[sid]["article"], plain[sid]["text"])

    pattern = re.compile(
        r"(?<![가-힣A-Za-z])(" + "|".join(re.escape(n) for n in sample_parties.names()) + r")"
    )
    pool = []
    for article in sorted(articles, key=lambda a: a["id"]):
        for n, sentence in enumerate(sentences(article["text"])):
            if len(set(pattern.findall(sentence))) >= 2:
                pool.append((article["id"], n, sentence))
    random.Random(sample_parties.PARTIES_SEED).shuffle(pool)
    drawn_before = sample_parties.SENTENCES + sample_parties.SECOND_DRAW
    for article_id, n, sentence in pool[drawn_before:]:
        if split[article_id] == "tune":
            add(f"{article_id}#{n}", sentence)

    out.mkdir(parents=True, exist_ok=True)
    size = -(-len(drawn) // CHUNKS)
    for chunk in range(CHUNKS):
        with (out / f"parties{chunk + 1}.tsv").open("w", encoding="utf-8", newline="") as f:
            f.write("id\tarticle\ttext\n")
            for i in range(chunk * size, min(len(drawn), (chunk + 1) * size)):
                article, text = drawn[i]
                f.write(f"q{i + 1:04d}\t{article}\t{text}\n")
    print(f"{out}: {len(drawn)} tune sentences in {CHUNKS} chunks")


if __name__ == "__main__":
    main()
