"""Targets as analysts define them (nlp/targets.py): whole-word Latin aliases, `exclude`
patterns and `context` words, read from a real targets file through the stage."""

from __future__ import annotations

from pathlib import Path

import pytest

from ai_discourse.config import Settings
from ai_discourse.errors import ConfigError
from ai_discourse.nlp import Lexicon, annotate
from ai_discourse.resources import load_targets

from .conftest import article

TARGETS = """
[[target]]
name = "마이크로소프트"
aliases = ["MS"]
exclude = ["MS 오피스 강좌"]
context = ["윈도", "오피스", "애저"]

[[target]]
name = "구글"
aliases = ["Google"]
"""


@pytest.fixture(scope="module")
def tracked(tmp_path_factory: pytest.TempPathFactory, lexicon: Lexicon) -> Lexicon:
    from dataclasses import replace

    from ai_discourse.resources import load_gazetteer

    path = tmp_path_factory.mktemp("targets") / "targets.toml"
    path.write_text(TARGETS, encoding="utf-8")
    targets = load_targets(path)
    gazetteer = load_gazetteer(Settings().entities, targets)
    return replace(lexicon, gazetteer=gazetteer, targets=targets)


def targets_in(lexicon: Lexicon, text: str) -> list[tuple[str, str | None]]:
    (doc,) = annotate([article(text)], lexicon=lexicon)
    return [(m.surface, m.target) for m in doc.mentions if m.target]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("한빛항공은 드론 MS-3를 공개했다.", []),  # a model, not the company
        ("MS는 새 윈도 버전을 발표했다.", [("MS", "마이크로소프트")]),
        ("MS는 새 제품을 발표했다.", []),  # an alias with no context word in the document
        ("마이크로소프트는 새 제품을 발표했다.", [("마이크로소프트", "마이크로소프트")]),
        ("MS 오피스 강좌가 구민회관에서 열렸다.", []),  # excluded, though 오피스 is context
        ("구글은 애저를 가진 MS와 경쟁한다.", [("구글", "구글"), ("MS", "마이크로소프트")]),
    ],
)
def test_a_target_counts_where_the_text_is_about_it(
    tracked: Lexicon, text: str, found: list[tuple[str, str]]
) -> None:
    assert targets_in(tracked, text) == found


def test_a_bad_exclude_pattern_names_the_file_and_target(tmp_path: Path) -> None:
    path = tmp_path / "targets.toml"
    path.write_text('[[target]]\nname = "한빛"\nexclude = ["MS-("]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"targets\.toml: 한빛\.exclude: 'MS-\(' is no regular"):
        load_targets(path)
