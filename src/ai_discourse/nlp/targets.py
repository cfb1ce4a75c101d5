"""Targets as analysts define them: a mention of a tracked company counts only where the
text is about the company.

- A Latin-letter alias matches only as a whole word: never glued to other letters or
  digits, never before `-3` (`드론 MS-3` is a model, not Microsoft).
- A target's `exclude` patterns (targets.toml) remove the mentions inside their matches in
  the sentence (`MS-\\d`, `MS 오피스 강좌`).
- A target's `context` words make its aliases count only in documents that hold one of
  them (`MS` only where 윈도, 오피스 or 마이크로소프트 appears); its name always counts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from ai_discourse.records import Mention, Sentence
from ai_discourse.resources import Target, phrase_key

_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9&.\- ]*")
_GLUED_BEFORE = re.compile(r"[A-Za-z0-9\-]$")
_GLUED_AFTER = re.compile(r"[A-Za-z0-9]|-[A-Za-z0-9]")


def in_context(
    mentions: Sequence[Mention],
    text: str,
    sentences: Sequence[Sentence],
    targets: Sequence[Target],
) -> tuple[Mention, ...]:
    """The mentions, those of targets kept only where the text is about the target (see
    the module's docstring); a mention dropped as a target's is dropped (it named
    something else)."""
    tracked = {t.name: t for t in targets}
    if not tracked or not any(m.target for m in mentions):
        return tuple(mentions)
    by_index = {s.index: s for s in sentences}
    lowered = text.lower()
    kept = []
    for m in mentions:
        target = tracked.get(m.target or "")
        if target is not None and not _about(m, target, text, lowered, by_index):
            continue
        kept.append(m)
    return tuple(kept)


def _about(
    m: Mention, target: Target, text: str, lowered: str, sentences: dict[int, Sentence]
) -> bool:
    if _LATIN.fullmatch(m.surface) and _glued(text, m.start, m.end):
        return False
    sentence = sentences.get(m.sentence)
    if target.exclude and sentence is not None:
        for pattern in _patterns(target.exclude):
            for match in pattern.finditer(sentence.text):
                start, end = sentence.start + match.start(), sentence.start + match.end()
                if start < m.end and m.start < end:
                    return False
    if target.context and phrase_key(m.surface) != phrase_key(target.name):
        return any(word.lower() in lowered for word in target.context)
    return True


def _glued(text: str, start: int, end: int) -> bool:
    """Whether a Latin word runs on into letters, digits or a hyphenated part."""
    return bool(_GLUED_BEFORE.search(text[max(0, start - 1) : start])) or bool(
        _GLUED_AFTER.match(text, end)
    )


@cache
def _patterns(sources: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(source) for source in sources)
