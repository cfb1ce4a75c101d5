"""Precision, recall and F1 of the tone scorer, the entity extractor and the quote speakers
on labelled sentences.

    python benchmarks/evaluate.py [--tone FILE] [--entities FILE] [--errors]

Default data: benchmarks/eval/tone.tsv and benchmarks/eval/entities.tsv, sentences written
and labelled by the ai-discourse developers for evaluation (not from the seeds, not from
any dataset; see the files' headers). The labels were written without looking at the
implementation; where the implementation was later changed, it was changed by general
mechanisms, so treat these numbers as optimistic and confirm on your own labelled data.

Tone: each sentence is analysed as a one-sentence document with every target of the file
tracked, so a sentence naming two companies is attributed clause by clause, exactly as in
`ai-discourse stance`. Entities: exact match of (type, canonical name); the lenient score
also accepts a name that contains the gold name or is contained in it (삼성 / 삼성그룹).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "benchmarks" / "eval"


def read_tsv(path: Path) -> list[dict[str, str]]:
    lines = [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def scores(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def line(self, name: str) -> str:
        p, r, f = self.scores()
        counts = f"(tp {self.tp}, fp {self.fp}, fn {self.fn})"
        return f"{name:<12} P {p:.3f}  R {r:.3f}  F1 {f:.3f}   {counts}"


def evaluate_tone(path: Path, show_errors: bool) -> None:
    from ai_discourse.config import Settings
    from ai_discourse.nlp import Lexicon, annotate
    from ai_discourse.nlp.attribution import attribute
    from ai_discourse.nlp.tone import tone_label
    from ai_discourse.records import Article
    from ai_discourse.resources import Target, load_frames, load_tone_lexicon

    rows = read_tsv(path)
    settings = Settings()
    targets = tuple(Target(name) for name in sorted({r["target"] for r in rows}))
    lexicon = Lexicon.load(settings)
    # The eval targets are tracked like targets.toml entries (their names are their aliases).
    from dataclasses import replace

    from ai_discourse.resources import load_gazetteer, load_targets

    gazetteer = load_gazetteer(settings.entities, load_targets(settings.targets) + targets)
    lexicon = replace(lexicon, gazetteer=gazetteer)
    tone_lexicon = load_tone_lexicon(settings.tone_lexicon)
    frames = load_frames(settings.frames)
    articles = [Article.plain(r["text"], id=r["id"], kind="news") for r in rows]
    docs = list(annotate(articles, lexicon=lexicon))
    confusion: Counter[tuple[str, str]] = Counter()
    unattributed = 0
    errors = []
    for row, doc in zip(rows, docs, strict=True):
        found = [
            a for a in attribute(doc, targets, tone_lexicon, frames) if a.target == row["target"]
        ]
        if not found:
            unattributed += 1
        predicted = tone_label(sum(a.score for a in found))
        confusion[(row["label"], predicted)] += 1
        if predicted != row["label"]:
            cues = " ".join(h.label() for a in found for h in a.hits)
            errors.append(f"{row['id']} gold {row['label']} got {predicted} [{cues}] {row['text']}")
    print(f"tone: {path.relative_to(ROOT)} ({sum(confusion.values())} sentences)")
    print(f"target not found in {unattributed} sentences")
    print("\n".join(confusion_report(confusion)))
    if show_errors:
        print("\n".join(errors))


def evaluate_entities(path: Path, show_errors: bool) -> None:
    from ai_discourse.config import Settings
    from ai_discourse.nlp import Lexicon, annotate
    from ai_discourse.records import Article

    rows = read_tsv(path)
    lexicon = Lexicon.load(Settings())
    articles = [Article.plain(r["text"], id=r["id"], kind="news") for r in rows]
    exact = {"ORG": PRF(), "PER": PRF(), "all": PRF()}
    lenient = PRF()
    errors = []
    for row, doc in zip(rows, annotate(articles, lexicon=lexicon), strict=True):
        gold = {tuple(e.strip().split(":", 1)) for e in row["entities"].split("|") if e.strip()}
        # This set labels people and organisations only.
        got = {(m.type, m.entity) for m in doc.mentions if m.named and m.type != "LOC"}
        for kind in ("ORG", "PER"):
            g = {e for e in gold if e[0] == kind}
            p = {e for e in got if e[0] == kind}
            exact[kind].tp += len(g & p)
            exact[kind].fp += len(p - g)
            exact[kind].fn += len(g - p)
        exact["all"].tp += len(gold & got)
        exact["all"].fp += len(got - gold)
        exact["all"].fn += len(gold - got)

        def near(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
            return a[0] == b[0] and (a[1] in b[1] or b[1] in a[1])

        matched = {g for g in gold if any(near(g, p) for p in got)}
        lenient.tp += len(matched)
        lenient.fn += len(gold) - len(matched)
        lenient.fp += sum(1 for p in got if not any(near(g, p) for g in gold))
        if gold != got:
            errors.append(f"{row['id']} missed {sorted(gold - got)} extra {sorted(got - gold)}")
    print(f"\nentities: {path.relative_to(ROOT)} ({len(rows)} sentences)")
    for name, prf in exact.items():
        print(prf.line(f"exact {name}"))
    print(lenient.line("lenient all"))
    if show_errors:
        print("\n".join(errors))


def read_split(path: Path, split: str) -> list[dict[str, str]]:
    return [row for row in read_tsv(path) if split in ("all", row["split"])]


def confusion_report(confusion: Counter[tuple[str, str]]) -> list[str]:
    """Accuracy, per-label P/R/F1 and macro F1 from (gold, predicted) counts."""
    total = sum(confusion.values())
    correct = sum(n for (g, p), n in confusion.items() if g == p)
    lines = [f"accuracy {correct / total:.3f}"]
    f1s = []
    for label in ("pos", "neg", "neu"):
        prf = PRF(
            tp=confusion[(label, label)],
            fp=sum(n for (g, p), n in confusion.items() if p == label and g != label),
            fn=sum(n for (g, p), n in confusion.items() if g == label and p != label),
        )
        f1s.append(prf.scores()[2])
        lines.append(prf.line(label))
    lines.append(f"macro F1 {sum(f1s) / 3:.3f}")
    lines.append(
        "confusion (gold -> predicted): "
        + ", ".join(f"{g}->{p} {n}" for (g, p), n in sorted(confusion.items()))
    )
    return lines


def evaluate_wikinews_tone(path: Path, split: str, show_errors: bool) -> None:
    """Sentence tone with `ai_discourse.tone(text)`, as a user scores one sentence; rows that
    name targets are also scored per target with `tone(text, target=…)`."""
    import ai_discourse
    from train import parties_of

    rows = read_split(path, split)
    confusion: Counter[tuple[str, str]] = Counter()
    targeted: Counter[tuple[str, str]] = Counter()
    errors = []
    for row in rows:
        got = ai_discourse.tone(row["text"])
        confusion[(row["label"], got["label"])] += 1
        if got["label"] != row["label"]:
            cues = " ".join(got["cues"])
            gold = row["label"]
            errors.append(f"{row['id']} gold {gold} got {got['label']} [{cues}] {row['text']}")
        for target, label in parties_of(row["targets"]):
            per = ai_discourse.tone(row["text"], target=target)
            targeted[(label, per["label"])] += 1
    print(f"tone: {path.relative_to(ROOT)} split={split} ({len(rows)} sentences)")
    print("\n".join(confusion_report(confusion)))
    n = sum(targeted.values())
    right = sum(v for (g, p), v in targeted.items() if g == p)
    if n:
        print(f"per-target labels: {right}/{n} right ({right / n:.3f})")
    if show_errors:
        print("\n".join(errors))


def evaluate_parties(path: Path, split: str, show_errors: bool) -> None:
    """Per-target tone on sentences naming two or more parties, each labelled blind for
    each party: `tone(sentence, target=party)`, as the stance tables attribute it."""
    import ai_discourse
    from train import parties_of

    if not path.is_file():
        return
    confusion: Counter[tuple[str, str]] = Counter()
    errors = []
    sentences = 0
    for row in read_split(path, split):
        pairs = parties_of(row["parties"])
        if len(pairs) < 2:
            continue
        sentences += 1
        for party, label in pairs:
            got = ai_discourse.tone(row["text"], target=party)
            confusion[(label, got["label"])] += 1
            if got["label"] != label:
                cues = " ".join(got["cues"])
                errors.append(
                    f"{row['id']} {party} gold {label} got {got['label']} [{cues}] {row['text']}"
                )
    print(f"\nper-target tone: {path.relative_to(ROOT)} split={split} ({sentences} sentences)")
    print("\n".join(confusion_report(confusion)))
    if show_errors:
        print("\n".join(errors))


def _gold_entities(cell: str) -> list[tuple[str, str]]:
    out = []
    for item in cell.split("|"):
        kind, _, span = item.strip().partition(":")
        if span:
            out.append((kind, span.strip()))
    return out


def evaluate_wikinews_entities(
    path: Path, split: str, show_errors: bool, *, gazetteer: bool = True, names: str = "both"
) -> None:
    """Each sentence analysed as one document. A predicted mention matches a gold span when
    the types agree and its surface (the name as written) or its canonical name equals the
    gold text; each gold span and each prediction is used once."""
    from dataclasses import replace

    from ai_discourse.config import Settings
    from ai_discourse.nlp import Lexicon, annotate
    from ai_discourse.records import Article

    rows = read_split(path, split)
    lexicon = replace(Lexicon.load(Settings()), names=names)
    if not gazetteer:
        # The mechanisms alone: no listed organisations, people or targets (the place
        # lexicon, titles and endings stay: they are what the rules read).
        from dataclasses import replace

        lexicon = replace(lexicon, gazetteer=replace(lexicon.gazetteer, orgs={}, people={}))
    articles = [Article.plain(r["text"], id=r["id"], kind="news") for r in rows]
    typed = {kind: PRF() for kind in ("PER", "ORG", "LOC")}
    per_org, untyped = PRF(), PRF()
    errors = []
    scorers = [
        (per_org, ("PER", "ORG"), True),
        (untyped, ("PER", "ORG", "LOC"), False),
        *((typed[k], (k,), True) for k in typed),
    ]
    for row, doc in zip(rows, annotate(articles, lexicon=lexicon), strict=True):
        # GUIDE_entities.md leaves bare references (`김 의원`) unlabelled: so does the score
        predicted = [m for m in doc.mentions if m.named]
        miss = _score_names(_gold_entities(row["entities"]), predicted, scorers)
        if miss:
            errors.append(f"{row['id']} {miss} | {row['text']}")
    without = ("" if gazetteer else ", without the gazetteer") + (
        "" if names == "both" else f", names by the {names} alone"
    )
    print(f"\nentities: {path.relative_to(ROOT)} split={split} ({len(rows)} sentences{without})")
    print(per_org.line("PER+ORG"))
    for kind, prf in typed.items():
        print(prf.line(kind))
    print(untyped.line("untyped"))
    if show_errors:
        print("\n".join(errors))


def evaluate_article_entities(
    path: Path, split: str, show_errors: bool = False, names: str = "both"
) -> None:
    """Whole articles, analysed as the tool analyses them (every sentence of the article
    in one document, so that a name typed once or shortened later is read as in a real
    run), scored on the labelled sentences: per sentence, as the sentence-level set."""
    from train import unmark

    if not CORPUS.exists():
        print(f"\nentities, whole articles: skipped ({CORPUS} absent)")
        return
    rows = read_split(path, split)
    docs = _corpus_docs(rows, names)
    typed = {kind: PRF() for kind in ("PER", "ORG", "LOC")}
    per_org = PRF()
    scorers = [(per_org, ("PER", "ORG"), True), *((typed[k], (k,), True) for k in typed)]
    errors = []
    cursor: dict[str, int] = {}
    for row in rows:
        doc = docs[row["article"].partition("#")[0]]
        plain, spans = unmark(row["marked"])
        start = doc.text.find(plain, cursor.get(doc.id, 0))
        if start < 0:
            raise SystemExit(f"{row['id']}: sentence not found in its article")
        cursor[doc.id] = end = start + len(plain)
        gold = [(kind, plain[s:e]) for kind, s, e in spans]
        # GUIDE_ner.md marks unnamed people (`[PER 김]씨`, `[PER C]씨`): references count
        predicted = [m for m in doc.mentions if start <= m.start < end]
        miss = _score_names(gold, predicted, scorers, every_mention=True)
        if miss:
            errors.append(f"{row['id']} {miss} | {plain}")
    by = "" if names == "both" else f", names by the {names} alone"
    print(
        f"\nentities, whole articles: {path.relative_to(ROOT)} split={split} "
        f"({len(rows)} sentences of {len(docs)} articles{by})"
    )
    print(per_org.line("PER+ORG"))
    for kind, prf in typed.items():
        print(prf.line(kind))
    if show_errors:
        print("\n".join(errors))


def _score_names(
    gold: list[tuple[str, str]],
    mentions: Sequence[Any],
    scorers: Sequence[tuple[PRF, tuple[str, ...], bool]],
    *,
    every_mention: bool = False,
) -> str | None:
    """Count one sentence's gold names against the tool's mentions in each scorer (the
    types it scores, whether the type must agree); the PER/ORG miss to show, if any.
    `every_mention`: the gold marks each occurrence (GUIDE_ner.md), so each mention
    counts; else a name is listed once per sentence (GUIDE_entities.md), and so is the
    tool's."""
    named = [(m.type, m.surface, m.entity) for m in mentions]
    predicted = named if every_mention else list(dict.fromkeys(named))
    for scorer, kinds, use_type in scorers:
        g = [e for e in gold if e[0] in kinds]
        p = [e for e in predicted if e[0] in kinds]
        tp = _match(g, p, use_type)
        scorer.tp += tp
        scorer.fp += len(p) - tp
        scorer.fn += len(g) - tp
    g = [e for e in gold if e[0] in ("PER", "ORG")]
    p = [e for e in predicted if e[0] in ("PER", "ORG")]
    if _match(g, p, True) == len(g) == len(p):
        return None
    shown = [f"{t}:{s}" + (f"={e}" if e != s else "") for t, s, e in p]
    return f"gold {g} got {shown}"


def _corpus_docs(rows: list[dict[str, str]], names: str) -> dict[str, Any]:
    """The whole corpus articles the rows come from (`article-id#n`), analysed as the tool
    analyses them, by id."""
    import json
    from dataclasses import replace

    from ai_discourse.config import Settings
    from ai_discourse.nlp import Lexicon, annotate
    from ai_discourse.records import Article

    wanted = {r["article"].partition("#")[0] for r in rows}
    records = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    articles = [
        Article.plain(a["text"], id=a["id"], kind="news") for a in records if a["id"] in wanted
    ]
    lexicon = replace(Lexicon.load(Settings()), names=names)
    return {d.article.id: d for d in annotate(articles, lexicon=lexicon)}


def _match(
    gold: list[tuple[str, str]], predicted: list[tuple[str, str, str]], use_type: bool
) -> int:
    left = list(predicted)
    hits = 0
    for kind, span in gold:
        for k, (p_kind, surface, entity) in enumerate(left):
            if (not use_type or p_kind == kind) and span in (surface, entity):
                hits += 1
                del left[k]
                break
    return hits


def _norm(text: str) -> str:
    return "".join(text.split())


def speaker_matches(gold: str, predicted: Sequence[str]) -> bool:
    """The speaker is right when a predicted spelling (canonical name, or as written)
    equals the gold one, spaces ignored, or one contains the other (트럼프 / 도널드 트럼프,
    관계자 / 역학조사팀 관계자) with at least two characters on the shorter side."""
    g = _norm(gold)
    for name in filter(None, predicted):
        p = _norm(name)
        if p == g or (min(len(p), len(g)) >= 2 and (p in g or g in p)):
            return True
    return False


CORPUS = ROOT.parent / "shared" / "corpora" / "ko-wikinews" / "articles.jsonl"


def evaluate_wikinews_quotes(
    path: Path, split: str, show_errors: bool, names: str = "both", *, single: bool = False
) -> None:
    """Each quoted span found in its whole article, analysed as the tool analyses it (the
    annotator read the sentence and up to three sentences before it). A gold quotation must
    be found as a quote covering the span, with the right speaker; a gold mention (a title,
    a scare quote) must not be reported as a quote; a speaker the text does not give (`?`)
    must be left empty. With `single` (spans in single quotes), the quote found must open
    at the span's own mark: a term inside someone's double-quoted words is not that
    quote."""
    if not CORPUS.exists():
        print(f"\nquotes: skipped, the articles are read from {CORPUS} (absent)")
        return
    rows = read_split(path, split)
    docs = _corpus_docs(rows, names)
    counts: Counter[str] = Counter()
    detection = PRF()
    errors = []
    for row in rows:
        doc = docs[row["article"].partition("#")[0]]
        at = doc.text.find(row["sentence"])
        if single:
            marked = [k for m in "'‘" if (k := row["sentence"].find(m + row["quote"])) >= 0]
            at = at + 1 + min(marked) if at >= 0 and marked else -1
            found = next((q for q in doc.quotes if q.start == at - 1), None)
        else:
            at = at + row["sentence"].find(row["quote"]) if at >= 0 else -1
            found = next((q for q in doc.quotes if q.start < at < q.end), None)
        found = found if at >= 0 else None
        quote = row["kind"] == "quote"
        detection.tp += quote and found is not None
        detection.fp += (not quote) and found is not None
        detection.fn += quote and found is None
        if not quote:
            ok = found is None
        elif row["speaker"] == "?":
            counts["unknown"] += 1
            ok = found is None or not found.speaker
            counts["unknown left empty"] += ok
        else:
            counts["named"] += 1
            spellings = [found.speaker, getattr(found, "surface", None)] if found else []
            ok = found is not None and speaker_matches(row["speaker"], spellings)
            counts["right"] += ok
            counts["missed quote"] += found is None
            counts["no speaker"] += found is not None and not found.speaker
            counts["wrong speaker"] += found is not None and bool(found.speaker) and not ok
        if not ok:
            got = (
                "not a quote" if found is None else f"{found.speaker} [{getattr(found, 'how', '')}]"
            )
            errors.append(
                f"{row['id']} {row['kind']} gold {row['speaker']} got {got} | "
                f"«{row['quote'][:40]}» {row['sentence']}"
            )
    by = "" if names == "both" else f", names by the {names} alone"
    print(f"\nquotes: {path.relative_to(ROOT)} split={split} ({len(rows)} quoted spans{by})")
    print(detection.line("quotation"))
    named = counts["named"]
    print(
        f"speaker accuracy {counts['right'] / named:.3f} ({counts['right']}/{named} quotations "
        f"whose text names a speaker; {counts['wrong speaker']} wrong speaker, "
        f"{counts['no speaker']} no speaker, {counts['missed quote']} not found as quotes)"
    )
    shown = counts["right"] + counts["wrong speaker"] + counts["no speaker"]
    if shown:
        print(
            "of the quotations found whose text names a speaker: "
            f"{counts['right'] / shown:.3f} right ({counts['right']}/{shown})"
        )
    if counts["unknown"]:
        print(
            f"no speaker in the text: {counts['unknown left empty']}/{counts['unknown']} left empty"
        )
    if show_errors:
        print("\n".join(errors))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--split",
        choices=("tune", "locked", "all"),
        default="locked",
        help="which half of the independent sets (default: locked, the reported one)",
    )
    parser.add_argument(
        "--regression",
        action="store_true",
        help="also score the self-written regression sets (tone.tsv, entities.tsv)",
    )
    parser.add_argument("--tone", type=Path, default=EVAL / "tone.tsv")
    parser.add_argument("--entities", type=Path, default=EVAL / "entities.tsv")
    parser.add_argument(
        "--errors", action="store_true", help="list every wrong sentence (tune split only)"
    )
    parser.add_argument(
        "--names",
        choices=("both", "rules", "model", "compare"),
        default="both",
        help="who finds names: the rules and the learned tagger together (the tool), one "
        "of them alone, or all three in turn (compare)",
    )
    args = parser.parse_args()
    if args.errors and args.split != "tune":
        parser.error("--errors lists mistakes to learn from: only with --split tune")
    evaluate_wikinews_tone(EVAL / "wikinews_tone.tsv", args.split, args.errors)
    if args.split == "tune":
        # The second tuning draw (tune articles only): more sentences to learn from.
        evaluate_wikinews_tone(EVAL / "wikinews_tone_tune2.tsv", "tune", args.errors)
    evaluate_parties(EVAL / "wikinews_parties.tsv", args.split, args.errors)
    modes = ("rules", "model", "both") if args.names == "compare" else (args.names,)
    for names in modes:
        entities = EVAL / "wikinews_entities.tsv"
        evaluate_wikinews_entities(entities, args.split, args.errors, names=names)
        evaluate_wikinews_entities(entities, args.split, False, gazetteer=False, names=names)
        if (EVAL / "wikinews_articles.tsv").exists():
            articles = EVAL / "wikinews_articles.tsv"
            evaluate_article_entities(articles, args.split, args.errors, names)
    for names in modes:
        evaluate_wikinews_quotes(EVAL / "wikinews_quotes.tsv", args.split, args.errors, names)
    if args.split == "tune":
        # The second quote draw (the rest of the tune articles' quoted spans).
        evaluate_wikinews_quotes(EVAL / "wikinews_quotes_tune2.tsv", "tune", args.errors)
    singles = EVAL / "wikinews_single_quotes.tsv"
    evaluate_wikinews_quotes(singles, args.split, args.errors, single=True)
    if args.regression:
        print("\n-- regression sets (self-written; not a claim) --")
        evaluate_tone(args.tone.resolve(), args.errors)
        evaluate_entities(args.entities.resolve(), args.errors)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
