"""Statistics shared by the analyses: log-odds with an informative Dirichlet prior
(stance's distinctive words, keyness) and Dunning's log-likelihood G², in the keyness
form (a term's count in two corpora) and over a full 2×2 table (the network's term
pairs)."""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt


def log_odds_dirichlet(
    counts_a: Counter[str], counts_b: Counter[str], prior: Counter[str], *, prior_size: float = 0.0
) -> dict[str, tuple[float, float]]:
    """Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008).

    Returns term -> (delta, z) for a against b; the prior counts are the background corpus
    (scaled to `prior_size` total pseudo-counts when given, else used as they are).
    """
    total_prior = sum(prior.values())
    scale = prior_size / total_prior if prior_size and total_prior else 1.0
    alpha = {w: c * scale for w, c in prior.items()}
    a0 = sum(alpha.values())
    n_a, n_b = sum(counts_a.values()), sum(counts_b.values())
    out: dict[str, tuple[float, float]] = {}
    for w in set(counts_a) | set(counts_b):
        aw = alpha.get(w, 0.0)
        if aw <= 0:
            continue
        ya, yb = counts_a.get(w, 0), counts_b.get(w, 0)
        rest_a, rest_b = n_a + a0 - ya - aw, n_b + a0 - yb - aw
        if rest_a <= 0 or rest_b <= 0:
            continue  # the word is all there is (a one-word corpus): no odds to compare
        delta = math.log((ya + aw) / rest_a) - math.log((yb + aw) / rest_b)
        variance = 1.0 / (ya + aw) + 1.0 / (yb + aw)
        out[w] = (delta, delta / math.sqrt(variance))
    return out


def g2(a: int, b: int, n_a: int, n_b: int) -> float:
    """Dunning's log-likelihood of a term seen `a` times in `n_a` terms against `b` in
    `n_b`, negative when the term is rarer in the first."""
    total = n_a + n_b
    if not a + b or not n_a or not n_b:
        return 0.0
    e_a, e_b = n_a * (a + b) / total, n_b * (a + b) / total
    value = 2 * sum(o * math.log(o / e) for o, e in ((a, e_a), (b, e_b)) if o)
    return value if a / n_a >= b / n_b else -value


def g2_table(
    k: npt.NDArray[np.int64], a: npt.NDArray[np.int64], b: npt.NDArray[np.int64], n: int
) -> npt.NDArray[np.float64]:
    """Dunning's log-likelihood 2·Σ O·ln(O/E) over the 2×2 table of `n` events (with/without
    x × with/without y; `a` with x, `b` with y, `k` with both; E = row total · column total
    / n, a cell with O = 0 adds 0), negative when k is below its expectation a·b/n."""
    import numpy as np

    kf, af, bf = (x.astype(np.float64) for x in (k, a, b))
    total = float(n)
    observed = (kf, af - kf, bf - kf, total - af - bf + kf)
    expected = (
        af * bf / total,
        af * (total - bf) / total,
        (total - af) * bf / total,
        (total - af) * (total - bf) / total,
    )
    g2 = np.zeros_like(kf)
    for o, e in zip(observed, expected, strict=True):
        positive = o > 0
        g2[positive] += o[positive] * np.log(o[positive] / e[positive])
    g2 = np.maximum(2.0 * g2, 0.0)  # rounding can leave a tiny negative at independence
    result: npt.NDArray[np.float64] = np.where(kf * total < af * bf, -g2, g2)
    return result
