"""Throughput, cache and memory of `ai-discourse analyze` against bare Kiwi, in one run.

    python benchmarks/throughput.py [CORPUS] [--repeat 10] [--big] [--jobs 1,2]

CORPUS is a folder or file of articles (default: ../shared/corpora/ko-wikinews when
present, else seeds/). The corpus is measured as it is (1x) and repeated (`--repeat`,
10x by default; `--big` also builds one of 100 million characters), each copy with a
marker line so that duplicate detection keeps it. Every measurement is a whole process,
started fresh, so that its time includes start-up and its peak memory is its own:

- kiwi:     read the texts, build Kiwi with as many threads as cores, tokenize them all
            (the batch API): the cost no analysis can avoid, the baseline;
- analyze:  `ai-discourse analyze CORPUS --out DIR -q --no-cache --jobs J` for each J;
- dask:     the same with `--engine dask` (a LocalCluster of as many workers);
- cold/warm: the same with `--cache DIR`, first on an empty cache, then again; the
            files written by every run are compared byte for byte;
- edits:    on that warm cache, a run after adding one target to targets.toml, and one
            after adding one word to the tone lexicon (the summaries are rebuilt from the
            token cache, without Kiwi), each compared byte for byte with a cold run
            (`--no-cache`) with the same edit;
- stage:    the per-document stage in one process with Kiwi on one thread: each
            component's CPU seconds per CPU second of Kiwi, with the learned components
            and with the rules alone (`--stage` runs only this);
- okt:      what an analyst writes by hand (pandas + KoNLPy Okt nouns + scikit-learn
            TF-IDF + per-company counts), when KoNLPy and a JDK are installed.

Printed: seconds, characters per second and peak RSS of each, and the ratios the scale
issue sets goals for. Nothing here is asserted: it is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPORA = (ROOT.parent / "shared" / "corpora" / "ko-wikinews", ROOT / "seeds")
BIG = 100_000_000


# --- phases, each run in its own process ------------------------------------------------


def _rss() -> dict[str, float]:
    """Peak RSS in MB of this process and of its largest child (a worker)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"rss_mb": own, "worker_rss_mb": children}


def phase_kiwi(jsonl: Path) -> dict[str, float]:
    from kiwipiepy import Kiwi

    with jsonl.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle]
    kiwi = Kiwi(num_workers=os.cpu_count() or 1)
    tokens = sum(len(t) for t in kiwi.tokenize(texts))
    return {"chars": sum(map(len, texts)), "tokens": tokens, **_rss()}


def phase_analyze(args: list[str]) -> dict[str, float]:
    from ai_discourse.cli import app

    app(args, standalone_mode=False)
    return _rss()


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def phase_stage(jsonl: Path, names: str) -> dict[str, float]:
    """The per-document stage in one process, Kiwi on one thread: Kiwi's CPU seconds
    alone (tokenizing every text), then the whole stage's, and the Python components'
    own (`nlp.stage.component_seconds`)."""
    os.environ["AI_DISCOURSE_KIWI_THREADS"] = "1"
    from dataclasses import replace

    from ai_discourse.config import Settings
    from ai_discourse.engine import _Stage
    from ai_discourse.load import load_corpus
    from ai_discourse.nlp.kiwi import compose
    from ai_discourse.nlp.stage import component_seconds, time_components

    articles = load_corpus([jsonl]).articles
    stage = _Stage(Settings())
    stage.lexicon = replace(stage.lexicon, names=names)
    texts = [compose(a)[0] for a in articles]
    started = _cpu()
    for _ in stage.lexicon.kiwi.split_into_sents(texts, return_tokens=True, return_sub_sents=False):
        pass
    kiwi = _cpu() - started
    time_components()
    started = _cpu()
    for _ in stage.run(articles):
        pass
    return {"bare kiwi": kiwi, "stage": _cpu() - started, **component_seconds()}


def stage_report(jsonl: Path) -> None:
    """Each component's CPU seconds per CPU second of one-thread Kiwi (goal: the Python
    stage at most 0.25), with the learned components and with the rules alone."""
    runs = {names: _timed(_phase("stage", str(jsonl), names))[1] for names in ("both", "rules")}
    both, rules = runs["both"], runs["rules"]
    kiwi, kiwi_rules = both["bare kiwi"], rules["bare kiwi"]
    print(f"\nper-document stage, one process, Kiwi on one thread ({kiwi:.1f} CPU s):")
    print(f"{'component':<14}{'CPU s':>8}{'per Kiwi s':>12}{'rules only':>12}")
    components = [k for k in both if k not in ("bare kiwi", "stage")]
    for name in components:
        print(
            f"{name:<14}{both[name]:>8.2f}{both[name] / kiwi:>12.3f}"
            f"{rules[name] / kiwi_rules:>12.3f}"
        )
    python = sum(both[k] for k in components)
    python_rules = sum(rules[k] for k in components)
    print(
        f"{'Python stage':<14}{python:>8.2f}{python / kiwi:>12.3f}"
        f"{python_rules / kiwi_rules:>12.3f}   (goal: at most 0.25 per Kiwi second)"
    )
    print(
        f"whole stage, Kiwi included: {both['stage']:.1f} CPU s with the learned components, "
        f"{rules['stage']:.1f} with the rules alone (+{both['stage'] / rules['stage'] - 1:.0%})"
    )


def phase_okt(jsonl: Path) -> dict[str, float]:
    import pandas as pd
    from konlpy.tag import Okt
    from sklearn.feature_extraction.text import TfidfVectorizer

    frame = pd.read_json(jsonl, lines=True)
    okt = Okt()
    frame["nouns"] = frame["text"].map(lambda t: [n for n in okt.nouns(t) if len(n) > 1])
    counts = pd.Series([n for ns in frame["nouns"] for n in ns]).value_counts()
    tfidf = TfidfVectorizer(analyzer=lambda ns: ns).fit_transform(frame["nouns"])
    companies = {c: int(frame["text"].str.count(c).sum()) for c in ("네이버", "카카오")}
    return {"terms": len(counts), "shape": tfidf.shape[0], **companies, **_rss()}


# --- the driver -------------------------------------------------------------------------


def _timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, dict]:
    start = time.perf_counter()
    out = subprocess.run(command, check=True, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    return seconds, json.loads(out.stdout.strip().splitlines()[-1])


def _phase(name: str, *args: str) -> list[str]:
    return [sys.executable, __file__, "--phase", name, *args]


def build_corpus(source: Path, out: Path, *, repeat: int = 1, chars: int = 0) -> tuple[int, int]:
    """Write the articles of `source` as JSONL, `repeat` times (or until `chars`)."""
    from ai_discourse.load import load_corpus

    articles = load_corpus([source]).articles
    n = total = copy = 0
    with out.open("w", encoding="utf-8") as handle:
        while copy < repeat or total < chars:
            for a in articles:
                body = a.body if copy == 0 else f"{a.body}\n\n(사본 {copy})"
                record = {"id": f"{a.id}~{copy}", "text": body, "title": a.title}
                record |= {"date": a.date, "source": a.source}
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                n, total = n + 1, total + len(body)
            copy += 1
    return n, total


def _same_files(a: Path, b: Path) -> bool:
    """The same files with the same bytes; of run.json, the files it lists (its time of
    finishing is each run's own)."""
    names = sorted(p.name for p in a.iterdir())
    if names != sorted(p.name for p in b.iterdir()):
        return False
    for name in names:
        if name == "run.json":
            listed = [json.loads((d / name).read_text(encoding="utf-8"))["files"] for d in (a, b)]
            if listed[0] != listed[1]:
                return False
        elif not filecmp.cmp(a / name, b / name, shallow=False):
            return False
    return True


def measure(jsonl: Path, tmp: Path, jobs: list[int]) -> dict[str, dict]:
    rows: dict[str, dict] = {}
    seconds, kiwi = _timed(_phase("kiwi", str(jsonl)))
    rows["kiwi"] = {"seconds": seconds, **kiwi}
    base = ["analyze", str(jsonl), "-q", "--out"]
    for j in jobs:
        out = tmp / f"out-j{j}"
        cmd = _phase("analyze", *base, str(out), "--no-cache", "--jobs", str(j))
        seconds, rss = _timed(cmd)
        rows[f"analyze -j{j}"] = {"seconds": seconds, **rss}
    try:
        import distributed  # noqa: F401

        out = tmp / "out-dask"
        cmd = _phase("analyze", *base, str(out), "--no-cache", "--engine", "dask")
        seconds, rss = _timed([*cmd, "--jobs", str(max(jobs))])
        rows[f"dask -j{max(jobs)}"] = {"seconds": seconds, **rss}
    except ImportError:
        print("dask: skipped (pip install 'ai-discourse[dask]')")
    cache = tmp / "cache"
    for state in ("cold", "warm"):
        out = tmp / f"out-{state}"
        seconds, rss = _timed(_phase("analyze", *base, str(out), "--cache", str(cache)))
        rows[f"cache {state}"] = {"seconds": seconds, **rss}
    outs = [tmp / f"out-j{j}" for j in jobs] + [tmp / "out-cold", tmp / "out-warm"]
    outs += [tmp / "out-dask"] if (tmp / "out-dask").exists() else []
    rows["identical"] = {"files": all(_same_files(outs[0], o) for o in outs[1:])}
    same_after_edits = True
    for name, option, path in edits(tmp):
        warm, cold = tmp / f"out-{name}-warm", tmp / f"out-{name}-cold"
        cmd = _phase("analyze", *base, str(warm), "--cache", str(cache), option, str(path))
        seconds, rss = _timed(cmd)
        rows[f"edit {name}"] = {"seconds": seconds, **rss}
        _timed(_phase("analyze", *base, str(cold), "--no-cache", option, str(path)))
        same_after_edits &= _same_files(warm, cold)
    rows["identical after edits"] = {"files": same_after_edits}
    shutil.rmtree(cache, ignore_errors=True)
    return rows


def edits(tmp: Path) -> list[tuple[str, str, Path]]:
    """An analyst's edits between runs: one more target, one more tone word."""
    from ai_discourse.config import data_file

    targets = tmp / "targets.toml"
    targets.write_text(
        data_file("targets.toml").read_text(encoding="utf-8")
        + '\n[[target]]\nname = "삼성전자"\naliases = ["삼성", "Samsung"]\n',
        encoding="utf-8",
    )
    tone = tmp / "tone_lexicon.tsv"
    tone.write_text(
        data_file("tone_lexicon.tsv").read_text(encoding="utf-8") + "질주\tNNG\t+1\t1\n",
        encoding="utf-8",
    )
    return [("target", "--targets", targets), ("tone word", "--tone-lexicon", tone)]


def okt_available() -> str | None:
    """Why the Okt comparison cannot run here, or None when it can."""
    try:
        import konlpy  # noqa: F401
    except ImportError:
        return "KoNLPy is not installed (pip install konlpy; it needs a JDK)"
    if shutil.which("java") is None:
        return "no JDK (java) on PATH, which KoNLPy's Okt needs"
    return None


def report(label: str, chars: int, n: int, rows: dict[str, dict], jobs: list[int]) -> None:
    kiwi = rows["kiwi"]
    print(f"\n{label}: {n:,} articles, {chars:,} characters, {os.cpu_count()} cores")
    print(f"{'':<14}{'seconds':>9}{'chars/s':>12}{'vs kiwi':>9}{'RSS MB':>9}{'worker MB':>11}")
    for name, r in rows.items():
        if "seconds" not in r:
            continue
        rate = chars / r["seconds"]
        ratio = kiwi["seconds"] / r["seconds"]
        print(
            f"{name:<14}{r['seconds']:>9.2f}{rate:>12,.0f}{ratio:>8.2f}x"
            f"{r['rss_mb']:>9.0f}{r['worker_rss_mb']:>11.0f}"
        )
    best = max((rows[f"analyze -j{j}"] for j in jobs), key=lambda r: -r["seconds"])
    cold = rows["cache cold"]["seconds"]
    print(
        f"analyze throughput / bare Kiwi: {kiwi['seconds'] / best['seconds']:.2f}x (goal 0.55x); "
        f"warm cache {cold / rows['cache warm']['seconds']:.1f}x "
        f"faster than cold (goal 10x); outputs identical across runs: "
        f"{rows['identical']['files']}"
    )
    target, word = (rows[f"edit {name}"]["seconds"] / cold for name in ("target", "tone word"))
    print(
        f"after an edit, on the warm cache: one more target {target:.2f}x "
        f"a cold run's time, one more tone word {word:.2f}x "
        f"(goal 0.2x); outputs identical to a cold run with the edit: "
        f"{rows['identical after edits']['files']}"
    )


def run_phase(name: str, rest: list[str]) -> None:
    if name == "kiwi":
        print(json.dumps(phase_kiwi(Path(rest[0]))))
    elif name == "stage":
        print(json.dumps(phase_stage(Path(rest[0]), rest[1])))
    elif name == "okt":
        print(json.dumps(phase_okt(Path(rest[0]))))
    else:
        print(json.dumps(phase_analyze(rest)))


def main() -> None:
    if sys.argv[1:2] == ["--phase"]:
        run_phase(sys.argv[2], sys.argv[3:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--big", action="store_true", help="also 100 M characters")
    parser.add_argument("--jobs", default=",".join(map(str, range(1, (os.cpu_count() or 1) + 1))))
    parser.add_argument(
        "--stage", action="store_true", help="only the per-document stage, per component (1x)"
    )
    args = parser.parse_args()

    source = args.corpus or next(p for p in DEFAULT_CORPORA if p.exists())
    if args.stage:
        with tempfile.TemporaryDirectory() as folder:
            jsonl = Path(folder) / "1x.jsonl"
            build_corpus(source, jsonl)
            stage_report(jsonl)
        return
    jobs = [int(j) for j in args.jobs.split(",")]
    sizes = [("1x", {"repeat": 1}), (f"{args.repeat}x", {"repeat": args.repeat})]
    if args.big:
        sizes.append(("100M", {"chars": BIG}))
    peaks = {}
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        for label, size in sizes:
            jsonl = tmp / f"{label}.jsonl"
            n, chars = build_corpus(source, jsonl, **size)
            work = tmp / label
            work.mkdir()
            if label == "100M":
                cmd = _phase("analyze", "analyze", str(jsonl), "-q", "--no-cache", "--out")
                seconds, rss = _timed([*cmd, str(work / "out")])
                rows = {"analyze": {"seconds": seconds, **rss}}
                print(f"\n100M: {n:,} articles, {chars:,} characters: {seconds:,.0f} s")
                peaks[label] = rss["rss_mb"]
                continue
            rows = measure(jsonl, work, jobs)
            report(f"{source.name} {label}", chars, n, rows, jobs)
            peaks[label] = max(r.get("rss_mb", 0) for k, r in rows.items() if "analyze" in k)
            if label == "1x":
                stage_report(jsonl)
                why = okt_available()
                if why is None:
                    seconds, _ = _timed(_phase("okt", str(jsonl)))
                    best = min(rows[f"analyze -j{j}"]["seconds"] for j in jobs)
                    print(f"okt script: {seconds:.2f} s; analyze is {seconds / best:.2f}x faster")
                else:
                    print(f"okt script: skipped ({why})")
            os.remove(jsonl)
    listed = ", ".join(f"{k} {v:.0f} MB" for k, v in peaks.items())
    print(f"\npeak RSS of analyze (main process): {listed}")
    big = f"{args.repeat}x"
    if "1x" in peaks and big in peaks:
        print(f"{big} / 1x: {peaks[big] / peaks['1x']:.2f} (goal at most 1.5)")
    if "100M" in peaks:
        print(f"100M: {peaks['100M']:,.0f} MB (goal at most 1,000 MB)")


if __name__ == "__main__":
    main()
