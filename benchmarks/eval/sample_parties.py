"""Draw the sentences of the per-target tone set: real Wikinews sentences naming two or more
parties (organisations, people, countries), to be labelled blind for each party.

    python benchmarks/eval/sample_parties.py [CORPUS_JSONL] [--out DIR]

Candidates are the sentences (the plain punctuation split of sample_wikinews.py) in which
two or more distinct names of the shipped word lists appear as words (the organisations,
people and places of data/entities.toml, the institutions of data/institutions.toml):
a list lookup, no use of the analyzer. Each sentence keeps its article's half from the
first draw (`tune` or `locked`, recomputed with its seed), so that tuning on this set
never reads an article of the other sets' locked half. The draw is deterministic.
"""

from __future__ import annotations

import random
import re
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from sample_wikinews import SEED, corpus_arguments, halves, sentences  # noqa: E402

PARTIES_SEED = 20261203
SENTENCES = 400
SECOND_DRAW = 100
"""A second draw, the next sentences of the same shuffled pool (ids p0401 …), so that the
locked half holds at least 150 sentences naming two or more parties; the first draw is
unchanged."""
NOT_PARTIES = frozenset(
    "국내 해외 글로벌 중동 북미 남미 아시아 유럽 아프리카 강남 여의도 판교 실리콘밸리".split()
)
"""Places of the lists that name a region or a market, never a party."""


def names() -> list[str]:
    """Every name and variant of the shipped organisations, people, institutions and
    places, longest first (two characters or more)."""
    found: set[str] = set()
    entities = tomllib.loads((ROOT / "data" / "entities.toml").read_text(encoding="utf-8"))
    found.update(entities.get("places", []))
    for kind in ("org", "person"):
        for entry in entities.get(kind, []):
            found.add(entry["name"])
            found.update(entry.get("aliases", []))
    institutions = tomllib.loads((ROOT / "data" / "institutions.toml").read_text(encoding="utf-8"))
    for value in institutions.values():
        for entry in value if isinstance(value, list) else []:
            if isinstance(entry, dict) and "name" in entry:
                found.add(entry["name"])
                found.update(entry.get("aliases", []))
    found -= NOT_PARTIES
    return sorted((n for n in found if len(n) >= 2), key=lambda n: (-len(n), n))


def main() -> None:
    articles, out = corpus_arguments(__doc__)
    split = halves(articles, random.Random(SEED))
    # A name as a word: not inside a longer Hangul or Latin word before it; particles may
    # follow it.
    pattern = re.compile(r"(?<![가-힣A-Za-z])(" + "|".join(re.escape(n) for n in names()) + r")")
    pool = []
    for article in sorted(articles, key=lambda a: a["id"]):
        for n, sentence in enumerate(sentences(article["text"])):
            if len(set(pattern.findall(sentence))) >= 2:
                pool.append((article["id"], n, sentence))
    random.Random(PARTIES_SEED).shuffle(pool)
    drawn = pool[:SENTENCES]
    out.mkdir(parents=True, exist_ok=True)
    second = pool[SENTENCES : SENTENCES + SECOND_DRAW]
    for name, rows, first in (("parties", drawn, 1), ("parties2", second, SENTENCES + 1)):
        with (out / f"{name}.tsv").open("w", encoding="utf-8", newline="") as f:
            f.write("id\tsplit\tarticle\ttext\n")
            for i, (article_id, n, text) in enumerate(rows, first):
                f.write(f"p{i:04d}\t{split[article_id]}\t{article_id}#{n}\t{text}\n")
    halves_count = sum(split[a] == "locked" for a, _, _ in drawn)
    print(f"{len(pool)} candidates; {len(drawn)} drawn ({halves_count} locked)")


if __name__ == "__main__":
    main()
