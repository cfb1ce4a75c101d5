"""Draw the sentences of the independent evaluation sets from the Korean Wikinews corpus.

    python benchmarks/eval/sample_wikinews.py [CORPUS_JSONL] [--out DIR]

Run once, before any labelling, to make the unlabelled sets that were then labelled blind
(see benchmarks/eval/README.md). Kept so that anyone can see how the sample was drawn; the
labelled files are the record. The draw is deterministic (fixed seed) and does not use the
analyzer: sentences are cut with a plain punctuation rule, and the only filter besides
length is, for half of the tone sample, a list of business topic nouns (no tone words), so
that company news is well represented.

Each sentence gets its split now, before labelling: whole articles go to `tune` or
`locked`, so that no article has sentences on both sides. A second tone draw
(`tone2.tsv`, ids u0001…) takes more sentences from the `tune` articles only, to tune on;
it leaves the first draw and the locked half exactly as they were. The quote-speaker set
(`quotes.tsv`, q0001…) has its own seed; its second draw (`quotes2.tsv`, r0001…) holds the
remaining spans of the `tune` articles.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = 20261129
ENTITY_SENTENCES = 560
TONE_SENTENCES = 720
EXTRA_TUNE_SENTENCES = 640
QUOTE_SPANS = 400
# A quoted span: straight or curly double quotes around 2 to 400 characters.
QUOTED = re.compile(r'[“"]([^”"\n]{2,400})[”"]')
# Topic nouns only: what the sentence is about, never how it speaks of it.
BUSINESS_TOPICS = (
    "기업 회사 그룹 전자 매출 이익 영업 주가 주식 증시 시장 투자 경제 실적 수출 산업 은행 "
    "증권 제품 서비스 출시 인수 합병 계약 직원 고용 사업 브랜드 소비자 가격 금융 무역"
).split()


def sentences(text: str) -> list[str]:
    """Paragraphs, then sentence ends (. ? ! followed by a space); a plain rule on purpose."""
    out = []
    for paragraph in text.split("\n"):
        for sentence in re.split(r"(?<=[.?!])\s+", paragraph.strip()):
            sentence = sentence.strip()
            if 15 <= len(sentence) <= 240 and re.search("[가-힣]", sentence):
                out.append(sentence)
    return out


def halves(articles: list[dict[str, str]], rng: random.Random) -> dict[str, str]:
    """Each article's half, `tune` or `locked`: every other article of the ids shuffled
    with `rng` (a `random.Random(SEED)` fresh for the draw)."""
    ids = sorted(a["id"] for a in articles)
    rng.shuffle(ids)
    return {article_id: ("tune" if i % 2 == 0 else "locked") for i, article_id in enumerate(ids)}


def corpus_arguments(doc: str) -> tuple[list[dict[str, str]], Path]:
    """A draw script's arguments (`[CORPUS_JSONL] [--out DIR]`, described by the first
    paragraph of `doc`): the corpus's articles and the output folder."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    default = ROOT.parent / "shared" / "corpora" / "ko-wikinews" / "articles.jsonl"
    parser.add_argument("corpus", nargs="?", type=Path, default=default)
    parser.add_argument("--out", type=Path, default=Path("unlabelled"))
    args = parser.parse_args()
    lines = args.corpus.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines], args.out


def main() -> None:
    articles, out = corpus_arguments(__doc__)
    rng = random.Random(SEED)
    split = halves(articles, rng)

    pool = [
        (a["id"], n, s)
        for a in sorted(articles, key=lambda a: a["id"])
        for n, s in enumerate(sentences(a["text"]))
    ]
    rng.shuffle(pool)
    entity_rows = pool[:ENTITY_SENTENCES]
    rest = pool[ENTITY_SENTENCES:]
    business = [row for row in rest if any(word in row[2] for word in BUSINESS_TOPICS)]
    chosen = business[: TONE_SENTENCES // 2]
    taken = {(a, n) for a, n, _ in chosen}
    chosen += [row for row in rest if (row[0], row[1]) not in taken][: TONE_SENTENCES // 2]
    rng.shuffle(chosen)

    # The second draw (more sentences to tune tone on): only from `tune` articles, none drawn
    # before, same half-business, half-random recipe, after the first draw in the same
    # shuffled pool so the first draw is unchanged.
    drawn = {(a, n) for a, n, _ in (*entity_rows, *chosen)}
    fresh = [row for row in rest if (row[0], row[1]) not in drawn and split[row[0]] == "tune"]
    extra = [row for row in fresh if any(word in row[2] for word in BUSINESS_TOPICS)]
    extra = extra[: EXTRA_TUNE_SENTENCES // 2]
    picked = {(a, n) for a, n, _ in extra}
    extra += [row for row in fresh if (row[0], row[1]) not in picked][: EXTRA_TUNE_SENTENCES // 2]
    rng.shuffle(extra)

    out.mkdir(parents=True, exist_ok=True)
    write_quotes(articles, split, out / "quotes.tsv")
    for name, rows in (("entities", entity_rows), ("tone", chosen), ("tone2", extra)):
        with (out / f"{name}.tsv").open("w", encoding="utf-8", newline="") as f:
            f.write("id\tsplit\tarticle\ttext\n")
            for i, (article_id, n, text) in enumerate(rows, 1):
                # Plain TSV, no quoting: the sentences hold no tabs (cut on whitespace).
                prefix = "u" if name == "tone2" else name[0]
                f.write(f"{prefix}{i:04d}\t{split[article_id]}\t{article_id}#{n}\t{text}\n")
        print(f"{out / name}.tsv: {len(rows)} sentences")


def write_quotes(articles: list[dict[str, str]], split: dict[str, str], out: Path) -> None:
    """The quote-speaker set: double-quoted spans in the articles, each with the sentence it is
    in and up to three sentences before it (its context), drawn with their own seed so the
    other draws are unchanged. Every span is kept, quotation or not: telling a quotation from
    a quoted title or scare quote is part of what is labelled."""
    spans = []
    for a in sorted(articles, key=lambda a: a["id"]):
        before: list[str] = []
        for n, sentence in enumerate(sentences(a["text"])):
            for k, match in enumerate(QUOTED.finditer(sentence)):
                spans.append((a["id"], n, k, match.group(1), sentence, " ".join(before[-3:])))
            before.append(sentence)
    random.Random(SEED + 9).shuffle(spans)
    # The second draw (more spans to tune on): the rest of the `tune` articles' spans, in the
    # same shuffled order, so the first draw and the locked half are unchanged.
    more = [s for s in spans[QUOTE_SPANS:] if split[s[0]] == "tune"]
    for name, prefix, rows in (("quotes", "q", spans[:QUOTE_SPANS]), ("quotes2", "r", more)):
        path = out.with_name(f"{name}.tsv")
        with path.open("w", encoding="utf-8", newline="") as f:
            f.write("id\tsplit\tarticle\tquote\tsentence\tcontext\n")
            for i, (article_id, n, k, quote, sentence, context) in enumerate(rows, 1):
                where = f"{article_id}#{n}.{k}"
                f.write(
                    f"{prefix}{i:04d}\t{split[article_id]}\t{where}\t{quote}\t{sentence}\t{context}\n"
                )
        print(f"{path}: {len(rows)} quoted spans of {len(spans)}")


if __name__ == "__main__":
    main()
