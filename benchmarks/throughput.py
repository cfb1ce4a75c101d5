"""Throughput and memory of `analyze` against bare Kiwi tokenization, measured in one run.

    python benchmarks/throughput.py [CORPUS] [--repeat N]

CORPUS is a folder or file of articles (default: ../shared/corpora/ko-wikinews when present,
else seeds/). Each article is repeated N times with a marker line so that duplicate
detection keeps every copy. Each phase runs in a fresh subprocess so that peak memory
(max RSS) belongs to that phase alone:

- baseline: Kiwi built, then `kiwi.tokenize` over every article body (batch API);
- analyze:  `ai_discourse.analyze` end to end (load, tokenize, every table).

Printed: characters per second for each, and analyze / baseline ratios for speed and
memory. Nothing here is asserted: it is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPORA = (ROOT.parent / "shared" / "corpora" / "ko-wikinews", ROOT / "seeds")


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _bodies(jsonl: Path) -> list[str]:
    from ai_discourse.load import load_corpus

    return [a.body for a in load_corpus([jsonl]).articles]


def phase_baseline(jsonl: Path) -> dict[str, float]:
    from kiwipiepy import Kiwi

    texts = _bodies(jsonl)
    kiwi = Kiwi(num_workers=os.cpu_count() or 1)  # the same threads as ai-discourse uses
    start = time.perf_counter()
    n_tokens = sum(len(tokens) for tokens in kiwi.tokenize(texts))
    seconds = time.perf_counter() - start
    return {
        "chars": sum(map(len, texts)),
        "seconds": seconds,
        "tokens": n_tokens,
        "max_rss_mb": _max_rss_mb(),
    }


def phase_analyze(jsonl: Path) -> dict[str, float]:
    import ai_discourse
    from ai_discourse.config import Settings
    from ai_discourse.nlp import get_kiwi

    get_kiwi(Settings().userdicts)  # build outside the timer, as the baseline does
    start = time.perf_counter()
    result = ai_discourse.analyze([jsonl])
    seconds = time.perf_counter() - start
    return {
        "chars": result.overview["characters"],
        "seconds": seconds,
        "tokens": result.overview["tokens"],
        "max_rss_mb": _max_rss_mb(),
    }


def build_corpus(source: Path, repeat: int, out: Path) -> int:
    """Write the articles of `source`, `repeat` times each, as one JSONL file."""
    from ai_discourse.load import load_corpus

    corpus = load_corpus([source])
    n = 0
    with out.open("w", encoding="utf-8") as handle:
        for copy in range(repeat):
            for a in corpus.articles:
                body = a.body if copy == 0 else f"{a.body}\n\n(사본 {copy})"
                record = {
                    "id": f"{a.id}~{copy}",
                    "text": body,
                    "title": a.title,
                    "date": a.date,
                    "source": a.source,
                }
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                n += 1
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--phase", choices=["baseline", "analyze"], help=argparse.SUPPRESS)
    parser.add_argument("--jsonl", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.phase:
        run = phase_baseline if args.phase == "baseline" else phase_analyze
        print(json.dumps(run(args.jsonl)))
        return

    source = args.corpus or next(p for p in DEFAULT_CORPORA if p.exists())
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "corpus.jsonl"
        n = build_corpus(source, args.repeat, jsonl)
        results = {}
        for phase in ("baseline", "analyze"):
            out = subprocess.run(
                [sys.executable, __file__, "--phase", phase, "--jsonl", str(jsonl)],
                check=True,
                capture_output=True,
                text=True,
            )
            results[phase] = json.loads(out.stdout.strip().splitlines()[-1])

    base, full = results["baseline"], results["analyze"]
    print(f"corpus: {source} x{args.repeat} = {n} articles, {full['chars']:,} characters")
    print(f"{'phase':<10}{'chars/s':>12}{'seconds':>10}{'tokens':>12}{'max RSS MB':>12}")
    for name, r in results.items():
        print(
            f"{name:<10}{r['chars'] / r['seconds']:>12,.0f}{r['seconds']:>10.2f}"
            f"{r['tokens']:>12,}{r['max_rss_mb']:>12.0f}"
        )
    speed = (full["chars"] / full["seconds"]) / (base["chars"] / base["seconds"])
    memory = full["max_rss_mb"] / base["max_rss_mb"]
    print(f"analyze/baseline: throughput {speed:.2f}x, memory {memory:.2f}x")


if __name__ == "__main__":
    main()
