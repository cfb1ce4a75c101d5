"""Compound terms: noun n-grams that Korean news writes as one unit (소버린 AI, 거대언어모델).

The caller gives each document's noun runs: maximal sequences of adjacent noun tokens
within a sentence, each token after the first prefixed by " " when a space separates it
from the previous one (`소버린 AI 전략을` -> `("소버린", " AI", " 전략")`). Every n-gram of
2..`MAX_N` tokens inside a run is a candidate, scored by how cohesive it is (normalised
PMI against the corpus' unigram counts) and how freely it combines with its neighbours
(branching entropy), so that a term ranks above both its fragments and chance pairs.

Formulas (natural logs; `c(g)` the n-gram's count in runs, `T` the corpus' noun tokens):

- key: the token forms without spaces, so `소버린 AI` and `소버린AI` are one term; its
  surface is its commonest spelling, ties going to the one with more spaces (it reads
  better, and the tool matches multi-word dictionary entries with or without spaces).
- npmi = (ln p(g) - sum_i ln p(w_i)) / (-(n - 1) ln p(g)), with p(g) = c(g) / T and
  p(w) = unigrams[w] / T (never below w's count within runs, which stands in for a
  missing entry, so p(w) is never 0). The numerator is PMI generalised to n tokens (log of p(g) over
  the probability under independence); the denominator is its largest value, reached
  when every token occurs only inside g (p(w_i) = p(g)), so npmi is at most 1, as for
  the usual two-token NPMI (which it equals when n = 2); 0 means independence.
- right_entropy = -sum_x q(x) ln q(x) over the token x that follows g inside its run,
  q(x) = c(g + x) / c(g), where each occurrence at the end of a run is an outcome of its
  own (a boundary could be followed by anything). This equals
  ln c(g) - sum_x c(g + x) ln c(g + x) / c(g), which is how it is computed: from the
  (n + 1)-gram counts, without a neighbour table per n-gram. left_entropy likewise.
- kept: c(g) >= min_count and npmi > 0, and g is not a fragment: no kept n-gram one token
  longer (g + x or x + g) has FRAGMENT_SHARE (70%) of c(g) or more. Then most of the
  time g is written as part of that longer term, which is listed instead (or its own
  longer term: `MAX_N`-grams are never fragments, so some term of the chain is listed).
- score = npmi * log2(1 + c(g)) * min(1, 0.5 + min(left_entropy, right_entropy)):
  cohesion, weighted by frequency with diminishing returns, and halved at most for an
  n-gram whose one side is nearly fixed (a fragment the 70% rule did not catch).

Memory grows with the number of distinct n-grams of 1..MAX_N + 1 tokens in the runs
(the longest only to measure what follows a `MAX_N`-gram), not with the number of
documents as such: about 240 bytes per distinct n-gram (38k of them, 9 MB, for the 637
Korean Wikinews articles), so on the order of gigabytes for 100k long news articles.
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ai_discourse.analysis.spec import (
    Col,
    Command,
    Finish,
    Option,
    Results,
    Setup,
    Show,
    Spec,
    TableDoc,
    columns,
    one_table,
)

if TYPE_CHECKING:
    import pandas as pd

    from ai_discourse.analysis.keywords import KeywordFold
    from ai_discourse.nlp.summary import DocSummary

MAX_N = 4
"""The longest n-gram considered (tokens)."""

FRAGMENT_SHARE = 0.7
"""An n-gram is a fragment when a kept n-gram one token longer has this share of its count."""

TERMS = TableDoc(
    "terms",
    "one row per compound term with `terms`",
    columns(
        rank="1 = best",
        term="the commonest spelling (with or without spaces)",
        tokens="nouns in it",
        count="occurrences",
        docs="documents",
        npmi="normalised PMI of its nouns (1: they occur only together)",
        left_entropy="branching entropy of the noun before it",
        right_entropy="branching entropy of the noun after it",
        score="npmi × log2(1 + count) × min(1, 0.5 + the smaller entropy)",
    ),
)
COLUMNS = [c.name for c in TERMS.columns]
ROWS = 500
"""Compound terms in terms.csv (more with a larger `top`)."""
SHOWN = 30
"""Compound terms the terminal shows (`--top` sets it)."""

Gram = tuple[str, ...]


class CompoundCounts:
    """n-gram counts over noun runs (2..MAX_N tokens) and their left/right neighbours
    within the runs, added document by document.

    Neighbours are not kept per n-gram: the (n + 1)-gram counts already hold them (what
    follows `g` is the last token of each `g + x`), which is why n-grams are counted up to
    `MAX_N + 1` tokens (and single tokens too, for unigrams missing from the caller's).
    """

    def __init__(self) -> None:
        self.counts: Counter[Gram] = Counter()
        self.docs: Counter[Gram] = Counter()
        # (n-gram, bit j set when a space precedes its token j): how it is spelt.
        self.spellings: Counter[tuple[Gram, int]] = Counter()
        self._seen: set[Gram] | None = None  # the current document's n-grams, for docs

    def add(self, runs: Sequence[Sequence[str]], *, doc: bool = True) -> None:
        """One document's noun runs (the doc flag lets the caller count document frequency).

        With `doc=False` the runs continue the previous call's document (its body after
        its title, say): document frequency then counts each n-gram once across the calls.
        """
        if doc or self._seen is None:
            self._seen = set()
        seen, counts, spellings = self._seen, self.counts, self.spellings
        for run in runs:
            spaced = [token.startswith(" ") for token in run]
            # Interned, so the n-grams sharing a token share one string (memory).
            forms = tuple(sys.intern(t[1:] if s else t) for t, s in zip(run, spaced, strict=True))
            for i in range(len(forms)):
                mask = 0
                for n in range(1, min(MAX_N + 1, len(forms) - i) + 1):
                    gram = forms[i : i + n]
                    counts[gram] += 1
                    if n == 1 or n > MAX_N:
                        continue
                    if spaced[i + n - 1]:
                        mask |= 1 << (n - 1)
                    spellings[gram, mask] += 1
                    if gram not in seen:
                        seen.add(gram)
                        self.docs[gram] += 1

    def table(
        self, unigrams: Mapping[str, int], total: int, *, min_count: int = 3, top: int = 500
    ) -> pd.DataFrame:
        """Candidate compound terms, best first. Columns: rank, term (surface, with the
        spaces of its commonest spelling), tokens (n), count, docs, npmi, left_entropy,
        right_entropy, score.

        `unigrams` counts each single noun in the whole corpus and `total` is the number
        of noun tokens (the module docstring gives the formulas). Ranked by score, then
        count, then term; a surface that two tokenizations share is listed once, for the
        better one. At most `top` rows.
        """
        import pandas as pd

        if total <= 0:
            raise ValueError(f"total must be a positive number of noun tokens, not {total}")
        counts = self.counts
        npmis: dict[Gram, float] = {}
        for gram, count in counts.items():
            if 2 <= len(gram) <= MAX_N and count >= min_count:
                value = _npmi(gram, count, unigrams, counts, total)
                if value > 0:
                    npmis[gram] = value

        # One pass over the longer n-grams gives every kept n-gram's neighbour sums
        # (for the entropies) and whether a longer kept n-gram makes it a fragment.
        right_sum: dict[Gram, float] = dict.fromkeys(npmis, 0.0)
        left_sum: dict[Gram, float] = dict.fromkeys(npmis, 0.0)
        fragments: set[Gram] = set()
        for gram, count in counts.items():
            if len(gram) < 3:
                continue
            weight = count * math.log(count)
            longer_kept = gram in npmis
            for part, sums in ((gram[:-1], right_sum), (gram[1:], left_sum)):
                if part in sums:
                    sums[part] += weight
                    if longer_kept and count >= FRAGMENT_SHARE * counts[part]:
                        fragments.add(part)

        rows = []
        for gram, npmi in npmis.items():
            if gram in fragments:
                continue
            count = counts[gram]
            left = _entropy(count, left_sum[gram])
            right = _entropy(count, right_sum[gram])
            score = npmi * math.log2(1 + count) * min(1.0, 0.5 + min(left, right))
            rows.append((self.surface(gram), gram, count, npmi, left, right, score))
        rows.sort(key=lambda r: (-r[6], -r[2], r[0]))

        records: list[tuple[int, str, int, int, int, float, float, float, float]] = []
        listed: set[str] = set()
        for term, gram, count, npmi, left, right, score in rows:
            if len(records) >= top:
                break
            joined = "".join(gram)
            if joined in listed:
                continue
            listed.add(joined)
            rank = len(records) + 1
            records.append(
                (rank, term, len(gram), count, self.docs[gram], npmi, left, right, score)
            )
        return pd.DataFrame(records, columns=COLUMNS)

    def surface(self, gram: Gram) -> str:
        """The n-gram as most often written (ties: more spaces, then spaces further right)."""
        masks = {
            mask: self.spellings[gram, mask]
            for mask in range(1 << len(gram))
            if (gram, mask) in self.spellings
        }
        best = max(masks, key=lambda m: (masks[m], m.bit_count(), m), default=0)
        return "".join((" " if best >> j & 1 else "") + form for j, form in enumerate(gram))


def _npmi(
    gram: Gram, count: int, unigrams: Mapping[str, int], counts: Counter[Gram], total: int
) -> float:
    log_pg = math.log(count / total)
    if log_pg >= 0:
        return 1.0  # the n-gram is all there is (only in degenerate inputs): fully cohesive
    # A noun occurs at least as often as it was seen in runs: that is the count when the
    # caller's unigrams lack it (or undercount it), and p(w) is never 0.
    log_pw = sum(math.log(max(unigrams.get(w, 0), counts[(w,)]) / total) for w in gram)
    return (log_pg - log_pw) / (-(len(gram) - 1) * log_pg)


def _entropy(count: int, neighbour_sum: float) -> float:
    """Branching entropy from c(g) and sum_x c(g + x) ln c(g + x) (boundaries add 0)."""
    return max(0.0, math.log(count) - neighbour_sum / count)


def userdict_text(table: pd.DataFrame, *, top: int | None = None) -> str:
    """The terms as a user dictionary the tool reads with --userdict: a header comment,
    then one `term<TAB>NNP<TAB>0` line per term (UTF-8 text, trailing newline)."""
    terms: Iterable[str] = (str(term) for term in table["term"])
    if top is not None:
        terms = list(terms)[: max(top, 0)]
    header = [
        "# Compound terms found in a corpus by ai-discourse: word <TAB> POS tag <TAB> score.",
        "# Found by statistics, not checked: delete the lines that are not terms before use.",
        "# Pass it with --userdict FILE.",
    ]
    return "\n".join([*header, *(f"{term}\tNNP\t0" for term in terms)]) + "\n"


class CompoundFold:
    """The compound-term candidates of a run: each document's noun runs, scored at the
    end against the corpus' noun counts (the keywords' term frequencies)."""

    def __init__(self, setup: Setup) -> None:
        self.min_count: int = setup.options
        self.counts = CompoundCounts()

    def add(self, doc: DocSummary) -> None:
        self.counts.add(doc.noun_runs)

    def finish(self, run: Finish) -> pd.DataFrame:
        keywords: KeywordFold = run.folds["keywords"]  # type: ignore[assignment]
        top = max(ROWS, run.top or 0)
        total = sum(keywords.tf.values())
        return self.counts.table(keywords.tf, total, min_count=self.min_count, top=top)


def show(analysis: Results, out: Show) -> None:
    """The best compound terms with their cohesion and branching entropies."""
    if not out.full:
        return
    terms = analysis.table("terms")
    if terms is None or terms.empty:
        out.line("No compound terms above the minimum count.", style="dim")
        return
    n = out.rows(SHOWN)
    names = ("#", "term", "count", "docs", "npmi", "left H", "right H", "score")
    layout = [Col(name, justify="left" if name == "term" else "right") for name in names]
    rows = [
        [
            str(row.rank),
            str(row.term),
            str(row.count),
            str(row.docs),
            f"{row.npmi:.2f}",
            f"{row.left_entropy:.2f}",
            f"{row.right_entropy:.2f}",
            f"{row.score:.2f}",
        ]
        for row in terms.head(n).itertuples(index=False)
    ]
    out.table("Compound terms", layout, rows)
    out.more(len(terms) - n, "terms", "terms.csv")


def _files(result: pd.DataFrame | None, values: Mapping[str, Any]) -> dict[Path, str]:
    """`--userdict-out FILE`: the terms as a user dictionary, beside the tables."""
    target = values.get("userdict_out")
    if target is None or result is None:
        return {}
    return {Path(target): userdict_text(result)}


SPEC = Spec(
    name="terms",
    fold=CompoundFold,
    tables=(TERMS,),
    tables_of=one_table("terms"),
    console=show,
    needs=("keywords",),
    command=Command(
        name="terms",
        help="Compound terms that should be one unit (소버린 AI, 거대언어모델): adjacent "
        "nouns scored by cohesion (normalised PMI) and branching entropy (terms.csv).",
        options=(
            Option("min_count", int, 3, "Times a compound must occur to be listed.", minimum=2),
            Option(
                "userdict_out",
                Path,
                None,
                "Also write the terms as a user dictionary for --userdict.",
            ),
        ),
        plan=lambda values: {"terms": values["min_count"]},
        exports=("terms",),
        files=_files,
    ),
)
