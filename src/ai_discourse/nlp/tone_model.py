"""A learned tone layer: a linear model (multinomial logistic regression) over a span's
morphemes and their pairs, with the hand rules' verdict and cues among its features.

The rules (`nlp.tone.score_tokens`) find the cues a reader sees; the model weighs them with
the words around them (`전망`, `기대`, `예상치를 밑돌`), which no rule lists, and settles
the label. It explains itself: `explain` gives the features that pushed the span towards
its label most, shown beside the cues.

Its weights are data/tone_model.json, rebuilt from the labelled files by
`python benchmarks/train.py` (rounded, so that the file rebuilds byte for byte).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

from ai_discourse.config import data_file
from ai_discourse.nlp.tone import Hit, tone_label, total
from ai_discourse.records import Token

MODEL = "tone_model.json"
LABELS = ("neg", "neu", "pos")
_WORD_TAGS = ("NNG", "NNP", "VV", "VA", "XR", "MAG", "VX", "SL")
_GRAMMAR_TAGS = ("EP", "EF", "EC", "ETM", "VCN", "JX")


def features(tokens: Sequence[Token], hits: Sequence[Hit]) -> dict[str, float]:
    """A span's features: its words (`w=부진/NNG`), pairs of neighbouring words, a few
    grammatical morphemes (tense, negation, connectives), the rules' verdict and score,
    and each cue as the rules read it (`cue=−부진(부정됨)`)."""
    out: dict[str, float] = {}
    words = []
    for t in tokens:
        tag = t.tag
        if tag in _WORD_TAGS:
            key = f"{t.form}/{tag[:2]}"
            words.append(key)
            out[f"w={key}"] = 1.0
        elif tag in _GRAMMAR_TAGS:
            out[f"g={t.form}/{tag}"] = 1.0
    for a, b in pairwise(words):
        out[f"p={a}|{b}"] = 1.0
    score = total(hits)
    out[f"rule={tone_label(score)}"] = 1.0
    out["rule_score"] = max(-3.0, min(3.0, score)) / 3
    for h in hits:
        out[f"cue={h.label()}"] = 1.0
        if h.counted:
            sign = "cues+" if h.counted > 0 else "cues-"
            out[sign] = out.get(sign, 0.0) + 1.0
    out["bias"] = 1.0
    return out


@dataclass(frozen=True)
class ToneModel:
    """The weights: per feature, one weight per label (`LABELS` order)."""

    weights: dict[str, tuple[float, float, float]]

    @classmethod
    def read(cls, path: Path) -> ToneModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        if tuple(data["labels"]) != LABELS:
            raise ValueError(f"{path}: labels {data['labels']} are not {LABELS}")
        return cls({k: (w[0], w[1], w[2]) for k, w in data["weights"].items()})

    def scores(self, feats: dict[str, float]) -> list[float]:
        """Each label's probability."""
        sums = [0.0, 0.0, 0.0]
        for name, value in feats.items():
            w = self.weights.get(name)
            if w is not None:
                for k in range(3):
                    sums[k] += w[k] * value
        top = max(sums)
        exp = [math.exp(s - top) for s in sums]
        norm = sum(exp)
        return [e / norm for e in exp]

    def label(self, feats: dict[str, float]) -> str:
        """The most probable label."""
        probs = self.scores(feats)
        return LABELS[max(range(3), key=probs.__getitem__)]

    def explain(self, feats: dict[str, float], label: str, top: int = 3) -> list[str]:
        """The features that pushed most towards `label` against the other labels
        (`w=전망/NN +0.84`), strongest first; the bias is left out."""
        k = LABELS.index(label)
        pushes = []
        for name, value in feats.items():
            w = self.weights.get(name)
            if w is None or name == "bias":
                continue
            push = value * (w[k] - (sum(w) - w[k]) / 2)
            if push > 0:
                pushes.append((push, name))
        pushes.sort(key=lambda p: (-p[0], p[1]))
        return [f"{name} +{push:.2f}" for push, name in pushes[:top]]


@cache
def _model(path: str) -> ToneModel | None:
    file = Path(path)
    return ToneModel.read(file) if file.is_file() else None


def shipped(path: Path | None = None) -> ToneModel | None:
    """The tone model at `path` (None: the shipped data/tone_model.json), read once per
    process; None when there is none."""
    return _model(str(path or data_file(MODEL)))
