"""Near-duplicate stories: MinHash signatures of character shingles, clustered online.

A wire story republished by ten outlets with small edits shares most of its
character 5-grams with the original, so the estimated Jaccard similarity of
the shingle sets stays high while unrelated articles share almost none.
Exact duplicates are removed before this runs; this finds the near ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ai_discourse.analysis.spec import Finish, Setup, Spec, TableDoc, columns
from ai_discourse.nlp.signature import EMPTY, SIGNATURE_SIZE, similarity, slots

if TYPE_CHECKING:
    import pandas as pd

    from ai_discourse.nlp.summary import DocSummary

__all__ = ["BANDS", "DEFAULT_THRESHOLD", "ROWS", "TABLE_COLUMNS", "NearDuplicates"]

DEFAULT_THRESHOLD = 0.5
"""Estimated Jaccard similarity at or above which a document joins a cluster."""

# LSH banding: a pair becomes a candidate when all ROWS slots of any one band
# agree, with probability 1 - (1 - J**ROWS)**BANDS for Jaccard similarity J.
# With 64 slots the splits are 64x1, 32x2, 16x4 and 8x8:
#   16x4 at J=0.5: 1 - (1 - 0.0625)**16 = 0.644   (misses a third of real pairs)
#   32x2 at J=0.5: 1 - (1 - 0.25)**32   = 0.9999  (1 miss in 10,000)
#        at J=0.6: 0.999999; J=0.4: 0.996; J=0.3: 0.95
#        at J=0.1: 0.275; J=0.05: 0.077; J=0.02: 0.013
# 32x2 is the only split that keeps recall >= 0.99 at the 0.5 threshold. With
# 2 rows it is even a guarantee above 0.5: 33 or more equal slots in 32 bands
# leave at least one band wholly equal, so no pair whose estimate exceeds 0.5
# is ever missed (at exactly 0.5, only if each band holds one equal slot:
# 2**32 / C(64, 32), about 2e-9). Its
# price is that some pairs far below the threshold become candidates too;
# unrelated news articles share very few 5-grams (J around 0.01-0.02), so
# about one earlier document in a hundred is checked, and that check is one
# vectorised comparison over all candidates at once.
BANDS = 32
"""LSH bands per signature."""
ROWS = SIGNATURE_SIZE // BANDS
"""Signature slots per band."""
# Two uint32 rows make one uint64 band key (so this holds for ROWS == 2 only).
# Keys are folded to 60 bits, which CPython stores in 32 bytes rather than 36;
# a folded collision only adds a candidate that the similarity check rejects.
_BAND_DTYPE = "<u8"
_BAND_FOLD = (1 << 60) - 1

NEAR_DUPLICATES = TableDoc(
    "near_duplicates",
    "one row per document in a cluster of near-duplicates",
    columns(
        cluster="1, 2 … in the order of each cluster's first document",
        doc_id="the article",
        similarity="estimated Jaccard similarity to the cluster's first document",
        size="documents in the cluster",
    ),
)
TABLE_COLUMNS = [c.name for c in NEAR_DUPLICATES.columns]


@dataclass(frozen=True)
class NearOptions:
    """The similarity that makes two documents near-duplicates, and whether each cluster
    counts once (only its first document reaches the other analyses)."""

    threshold: float = DEFAULT_THRESHOLD
    collapse: bool = False


class NearDuplicates:
    """Clusters documents whose signatures are near, online and in corpus order, with
    LSH banding (bands x rows = SIGNATURE_SIZE) for candidates.

    Per document it keeps the id, the signature and one bucket entry per band;
    only documents that join a cluster cost a little more (their cluster and
    similarity). Texts are never kept.
    """

    def __init__(self, *, threshold: float = DEFAULT_THRESHOLD) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], not {threshold}")
        self.threshold = threshold
        self._ids: list[str] = []
        self._sigs: list[bytes] = []
        # A bucket holds a bare index until a second document arrives: most
        # buckets never get one, and a list per entry would double the memory.
        self._buckets: list[dict[int, int | list[int]]] = [{} for _ in range(BANDS)]
        # Only for documents in clusters of two or more: document -> first
        # document of its cluster, and first document -> (member, similarity).
        self._first: dict[int, int] = {}
        self._members: dict[int, list[tuple[int, float]]] = {}

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, doc_id: str, sig: bytes) -> tuple[str, float] | None:
        """Add a document; when it is a near-duplicate of an earlier one, return
        (the id of its cluster's first document, the similarity to that first document),
        else None (it starts its own cluster)."""
        import numpy as np

        own = slots(sig)
        index = len(self._ids)
        self._ids.append(doc_id)
        self._sigs.append(sig)
        if sig == EMPTY:
            # An empty text carries no evidence: every empty text would
            # otherwise match every other one at 1.0. It stays unbucketed.
            return None

        keys: list[int] = (np.frombuffer(sig, dtype=_BAND_DTYPE) & _BAND_FOLD).tolist()
        candidates: set[int] = set()
        for bucket, key in zip(self._buckets, keys, strict=True):
            found = bucket.get(key)
            if isinstance(found, int):
                candidates.add(found)
            elif found is not None:
                candidates.update(found)

        result: tuple[str, float] | None = None
        if candidates:
            order = sorted(candidates)
            # All candidates in one comparison: a hot bucket can hold hundreds.
            others = np.frombuffer(b"".join(self._sigs[c] for c in order), dtype="<u4")
            scores = (others.reshape(len(order), SIGNATURE_SIZE) == own).mean(axis=1)
            best = int(np.argmax(scores))  # the first maximum: the earliest document
            if scores[best] >= self.threshold:
                match = order[best]
                first = self._first.get(match, match)
                score = similarity(sig, self._sigs[first])
                self._first[index] = first
                if first not in self._members:
                    self._first[first] = first
                    self._members[first] = [(first, 1.0)]
                self._members[first].append((index, score))
                result = (self._ids[first], score)

        for bucket, key in zip(self._buckets, keys, strict=True):
            found = bucket.get(key)
            if found is None:
                bucket[key] = index
            elif isinstance(found, int):
                bucket[key] = [found, index]
            else:
                found.append(index)
        return result

    def table(self) -> pd.DataFrame:
        """Clusters of two or more documents: columns cluster (1, 2, … in the order of each
        cluster's first document), doc_id, similarity (to the cluster's first document,
        rounded to 3 places; 1.0 for the first), size (documents in the cluster), rows in
        corpus order within each cluster."""
        import pandas as pd

        rows: list[tuple[int, str, float, int]] = []
        for number, first in enumerate(sorted(self._members), start=1):
            members = self._members[first]
            rows.extend(
                (number, self._ids[member], round(score, 3), len(members))
                for member, score in members
            )
        table = pd.DataFrame(rows, columns=TABLE_COLUMNS)
        return table.astype({"cluster": "int64", "similarity": "float64", "size": "int64"})


class NearDuplicateGate:
    """Near-duplicates as a run's gate: every document's signature is clustered before
    the other analyses see it; with `collapse`, a document that joins a cluster is kept
    from them (one story counts once: its first document speaks for it)."""

    def __init__(self, setup: Setup) -> None:
        options: NearOptions = setup.options
        self.index = NearDuplicates(threshold=options.threshold)
        self.collapse = options.collapse
        self.collapsed = 0

    def admit(self, doc: DocSummary) -> bool:
        if not doc.signature:
            return True
        earlier = self.index.add(doc.id, doc.signature)
        if earlier is not None and self.collapse:
            self.collapsed += 1
            return False
        return True

    def add(self, doc: DocSummary) -> None:
        """Nothing more to count: `admit` has seen the document."""

    def finish(self, run: Finish) -> NearResult:
        return NearResult(self.index.table(), self.collapsed)


@dataclass
class NearResult:
    """The clusters, and how many documents `collapse` kept from the other analyses."""

    table: pd.DataFrame
    collapsed: int = 0


def summary(result: NearResult) -> dict[str, Any]:
    """The overview's near-duplicate lines: clusters, documents in them, left out."""
    return {
        "near_duplicate_clusters": int(result.table["cluster"].nunique()),
        "near_duplicate_documents": len(result.table),
        "near_duplicates_collapsed": result.collapsed,
    }


SPEC = Spec(
    name="near_duplicates",
    fold=NearDuplicateGate,
    tables=(NEAR_DUPLICATES,),
    tables_of=lambda result: {"near_duplicates": result.table},
    default=NearOptions(),
    summary=summary,
    gate=True,
)
