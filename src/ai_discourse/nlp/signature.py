"""A document's MinHash signature: what near-duplicate detection keeps of its text.

Computed per document (in the workers, and cached with the summary); the corpus layer
(`analysis.neardup`) only compares signatures. A wire story republished by ten outlets
with small edits shares most of its character 5-grams with the original, so the
estimated Jaccard similarity of the shingle sets stays high while unrelated articles
share almost none.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["EMPTY", "SHINGLE", "SIGNATURE_SIZE", "signature", "similarity", "slots"]

SIGNATURE_SIZE = 64
"""Number of MinHash permutations (uint32 slots) in a signature."""
SHINGLE = 5
"""Characters per shingle, counted after whitespace and punctuation are dropped."""
_DROP = re.compile(r"[\W_]+")
"""Whitespace and punctuation (anything not str.isalnum), so re-wrapped or
re-punctuated copies shingle alike; Hangul syllables are alphanumeric."""

_SEED = 20_240_917
"""Fixed so signatures agree across processes, runs and machines. The multipliers come
from numpy's Generator stream for this seed; tests pin a signature so that a numpy
release which changed that stream would be noticed before stored signatures mismatch."""

# Multiplier of the polynomial shingle hash: odd, so multiplying by it loses no
# bits mod 2**64, and with well-spread bits (2**64 over the golden ratio).
_BASE = 0x9E3779B97F4A7C15

EMPTY = b"\xff" * (SIGNATURE_SIZE * 4)

_params: tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64], npt.NDArray[np.uint64]] | None = None


def _hash_params() -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    """Shingle-hash powers and the multiply-shift multipliers and offsets, made once."""
    global _params
    if _params is None:
        import numpy as np

        rng = np.random.default_rng(_SEED)
        # Multiply-shift (a*x + b) >> 32 needs an odd multiplier a to spread the
        # low bits of x into the top 32 bits that are kept.
        mult = rng.integers(0, 2**64, size=SIGNATURE_SIZE, dtype=np.uint64, endpoint=False)
        mult |= np.uint64(1)
        add = rng.integers(0, 2**64, size=SIGNATURE_SIZE, dtype=np.uint64, endpoint=False)
        powers = np.empty(SHINGLE, dtype=np.uint64)
        powers[-1] = 1
        with np.errstate(over="ignore"):
            for k in range(SHINGLE - 2, -1, -1):
                powers[k] = powers[k + 1] * np.uint64(_BASE)
        _params = (powers, mult[:, None], add[:, None])
    return _params


def _shingle_hashes(codes: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """64-bit polynomial hash of each SHINGLE-gram of the code points (of the whole
    text when it is shorter), distinct values only."""
    import numpy as np

    powers, _, _ = _hash_params()
    width = min(SHINGLE, len(codes))
    count = len(codes) - width + 1
    # One pass per shingle position, not per character: the sum of
    # codes[i + k] * BASE**(width-1-k) over k, wrapping mod 2**64.
    hashes = np.zeros(count, dtype=np.uint64)
    for k, power in enumerate(powers[SHINGLE - width :]):
        hashes += codes[k : k + count] * power
    unique: npt.NDArray[np.uint64] = np.unique(hashes)
    return unique


def signature(text: str) -> bytes:
    """MinHash signature (SIGNATURE_SIZE uint32 values, little-endian bytes) of the text's
    character shingles, after dropping whitespace and punctuation (so re-wrapped or
    re-punctuated copies match). Deterministic across processes and Python runs (no use of
    Python's salted hash()). Texts shorter than one shingle get a signature too (of the
    whole text) and an empty text gets all-0xFFFFFFFF."""
    import numpy as np

    kept = _DROP.sub("", text)
    if not kept:
        return EMPTY
    codes = np.frombuffer(kept.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    shingles = _shingle_hashes(codes)
    _, mult, add = _hash_params()
    # (SIGNATURE_SIZE, shingles) table of hashed values; the top 32 bits of the
    # multiply-shift are the well-mixed ones.
    hashed = (mult * shingles[None, :] + add) >> np.uint64(32)
    packed: bytes = hashed.min(axis=1).astype("<u4").tobytes()
    return packed


def slots(sig: bytes) -> npt.NDArray[np.uint32]:
    """A signature as its SIGNATURE_SIZE uint32 slots (ValueError for a wrong size)."""
    import numpy as np

    if len(sig) != SIGNATURE_SIZE * 4:
        raise ValueError(
            f"a signature has {SIGNATURE_SIZE * 4} bytes ({SIGNATURE_SIZE} uint32), not {len(sig)}"
        )
    slots: npt.NDArray[np.uint32] = np.frombuffer(sig, dtype="<u4")
    return slots


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity: the fraction of equal signature slots."""
    return float((slots(a) == slots(b)).mean())
