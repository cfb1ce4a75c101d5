"""Sentence-level helpers for scripts and notebooks: tone and entities of a text.

    >>> import ai_discourse
    >>> ai_discourse.tone("한빛전자는 기대에 미치지 못했다.", target="한빛전자")
    {'label': 'neg', 'score': -0.5, 'cues': ['−기대(부정됨)'], 'because': [...]}
    >>> ai_discourse.entities("최태원 SK그룹 회장은 …")
    [{'type': 'PER', 'entity': '최태원', 'title': '회장', 'affiliation': 'SK그룹', ...}, ...]

Both use the shipped resources (or a `Settings`), one Kiwi per process, and the same code
as `ai-discourse analyze`: what they say about a sentence is what the tables say.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ai_discourse.config import Settings
from ai_discourse.records import Article, Doc
from ai_discourse.resources import Target

if TYPE_CHECKING:
    from ai_discourse.nlp.attribution import Attribution


@lru_cache(maxsize=4)
def _resources(settings: Settings) -> tuple[Any, Any, Any, tuple[Target, ...]]:
    from ai_discourse.nlp import Lexicon
    from ai_discourse.resources import load_frames, load_targets, load_tone_lexicon

    targets = load_targets(settings.targets)
    return (
        Lexicon.load(settings, targets),
        load_tone_lexicon(settings.tone_lexicon),
        load_frames(settings.frames),
        targets,
    )


def _doc(text: str, lexicon: Any) -> Doc:
    from ai_discourse.nlp import annotate

    (doc,) = annotate([Article.plain(text)], lexicon=lexicon)
    return doc


def tone(
    text: str, *, target: str | None = None, settings: Settings | None = None
) -> dict[str, Any]:
    """The tone of `text` (label pos/neg/neu, score, cues, and the learned layer's
    strongest features behind the label); with `target`, of what the text says about that
    company (attributed clause by clause, as in the stance tables). The score is the cues'
    sum; the label is the learned layer's, which weighs the cues with the words around
    them (the cues' sign when no model is shipped)."""
    from ai_discourse.nlp import party_tone
    from ai_discourse.nlp.attribution import REPORTER, with_tone
    from ai_discourse.nlp.tone import score_tokens, tone_label, total
    from ai_discourse.nlp.tone_model import features, shipped

    settings = settings or Settings()
    lexicon, tone_lexicon, _, _ = _resources(settings)
    model = shipped()
    if target is None:
        doc = _doc(text, lexicon)
        tokens = [t for s in doc.content_sentences for t in s.tokens]
        hits = score_tokens(tokens, tone_lexicon)
    else:
        doc, about = attributions_of(text, target, settings)
        found = with_tone(about, doc, tone_lexicon, model, party_tone.shipped())
        hits = [h for a in found for h in a.hits]
        # A sentence where the target only reports (see attribution.REPORTER) says nothing
        # of it: the others decide.
        spoken_of = [a for a in found if a.because != (REPORTER,)]
        tokens = [t for a in spoken_of for t in a.tokens]
    score = total(hits)
    label, because = tone_label(score), []
    if target is not None and found and not spoken_of:
        label, because = "neu", [REPORTER]
    elif target is not None and len(spoken_of) == 1 and spoken_of[0].label:
        # one sentence about the target: its label, as the stance tables count it
        label, because = spoken_of[0].label, list(spoken_of[0].because)
    elif model is not None and tokens:
        feats = features(tokens, [h for a in spoken_of for h in a.hits] if target else hits)
        label = model.label(feats)
        because = model.explain(feats, label)
    return {
        "label": label,
        "score": score,
        "cues": [h.label() for h in hits],
        "because": because,
    }


def attributions_of(
    text: str, target: str, settings: Settings | None = None
) -> tuple[Doc, list[Attribution]]:
    """The document of `text` and its sentences attributed to `target`, as `tone(text,
    target=…)` and the stance tables attribute them (the configured targets tracked too),
    before their tone is read (see `attribution.with_tone`)."""
    from ai_discourse.nlp.attribution import attribute_sentences
    from ai_discourse.resources import load_gazetteer

    settings = settings or Settings()
    lexicon, tone_lexicon, frames, targets = _resources(settings)
    known = {t.name: t for t in targets}
    wanted = known.get(target, Target(target))
    tracked = (*[t for t in targets if t.name != target], wanted)
    gazetteer = load_gazetteer(settings.entities, tracked)
    doc = _doc(text, replace(lexicon, gazetteer=gazetteer))
    about = attribute_sentences(doc, tracked, tone_lexicon, frames)
    return doc, [a for a in about if a.target == target]


def entities(text: str, *, settings: Settings | None = None) -> list[dict[str, Any]]:
    """People, organisations and places of `text`, in order, resolved to canonical names;
    a person the text never names (`박 씨`, `C씨`) is listed with `found_by` "reference"."""
    lexicon = _resources(settings or Settings())[0]
    return [
        {
            "type": m.type,
            "entity": m.entity,
            "title": m.title,
            "affiliation": m.affiliation,
            "surface": m.surface,
            "start": m.start,
            "end": m.end,
            "found_by": m.how,
        }
        for m in _doc(text, lexicon).mentions
    ]


def quotes(text: str, *, settings: Settings | None = None) -> list[dict[str, Any]]:
    """Direct quotes of `text` with speaker (and how it was found), title, affiliation and
    speech verb."""
    lexicon = _resources(settings or Settings())[0]
    return [
        {
            "speaker": q.speaker,
            "speaker_type": q.speaker_type,
            "as_written": q.surface,
            "how": q.how,
            "title": q.title,
            "affiliation": q.affiliation,
            "verb": q.verb,
            "quote": q.text,
            "start": q.start,
            "end": q.end,
        }
        for q in _doc(text, lexicon).quotes
    ]
