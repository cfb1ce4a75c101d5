"""The per-document stage as an ordered list of components (nlp/stage.py): each step is
named, reads the files it names, and does its own part (the tone step gives attributed
sentences their cues; the attribution step alone gives none)."""

from __future__ import annotations

from ai_discourse.config import data_file
from ai_discourse.nlp import Lexicon
from ai_discourse.nlp.stage import (
    COMPONENTS,
    DOC_COMPONENTS,
    SUMMARY_COMPONENTS,
    Work,
    annotate,
    summarize,
)
from ai_discourse.nlp.summary import StanceSetup
from ai_discourse.resources import Target, ToneLexicon

from .conftest import article

TARGET = Target("카카오", ())
TONE = ToneLexicon({("부진", "NNG"): -1.0, ("성장", "NNG"): 1.0})


def test_the_stage_runs_in_the_documented_order() -> None:
    assert [c.name for c in COMPONENTS] == [
        "kiwi",
        "entities",
        "names",
        "consistency",
        "targets",
        "quotes",
        "terms",
        "attribution",
        "tone",
        "signature",
        "summary",
    ]
    assert (*DOC_COMPONENTS, *SUMMARY_COMPONENTS) == COMPONENTS


def test_every_file_a_component_reads_is_shipped() -> None:
    named = {name for c in COMPONENTS for name in c.data}
    assert {"entities.toml", "quote_words.txt", "tone_lexicon.tsv", "stopwords.txt"} <= named
    assert all(data_file(name).is_file() for name in named)


def test_the_first_half_makes_the_doc_a_component_at_a_time(lexicon: Lexicon) -> None:
    text = '카카오는 오픈AI와 손잡았다. 정신아 카카오 대표는 "협력을 넓히겠다"고 말했다.'
    (doc,) = annotate([article(text)], lexicon=lexicon)
    assert [s.text for s in doc.sentences][:2] == [
        "카카오는 오픈AI와 손잡았다.",
        '정신아 카카오 대표는 "협력을 넓히겠다"고 말했다.',
    ]
    assert {"카카오", "오픈AI", "정신아"} <= {m.entity for m in doc.mentions}
    assert [(q.speaker, q.text, q.how) for q in doc.quotes] == [
        ("정신아", "협력을 넓히겠다", "subject")
    ]
    assert "협력" in doc.terms


def test_attribution_then_tone(lexicon: Lexicon) -> None:
    (doc,) = annotate([article("카카오는 지난해 실적 부진을 겪었다.")], lexicon=lexicon)
    setup = StanceSetup((TARGET,), TONE)
    work = Work.of(doc)
    attribution, tone = SUMMARY_COMPONENTS[0], SUMMARY_COMPONENTS[1]
    attribution.run(work, setup)
    assert [(a.target, a.how, a.hits) for a in work.attributions] == [("카카오", "mention", ())]
    tone.run(work, setup)
    assert [[h.label() for h in a.hits] for a in work.attributions] == [["−부진"]]
    (evidence,) = summarize(doc, setup).evidence
    assert (evidence.target, evidence.score) == ("카카오", -1.0)
    assert [evidence.text[c.start : c.end] for c in evidence.cues] == ["부진"]
