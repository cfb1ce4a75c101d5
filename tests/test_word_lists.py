"""Every word list a user may extend lives in data/, once: a rule module that defines a Korean
word list which data/ also holds fails here.

A word added to data/ must reach every rule that reads such words; a copy of the list kept
in a module would not see it (issue 19: an organisation ending added to data/ reached some
rules and not others). The scan reads the source of every module (ast, nothing is imported):
module- and class-level constants whose value is a collection of strings, and compares their
Hangul strings with the entries of data/'s word lists, as the loaders read them.

Grammar stays in code (particles, endings, determiners, surnames, POS tags) and its one-
syllable words often coincide with one-syllable entries (the ending 부, the role 측): a one-
syllable string counts only when a constant's one-syllable strings, three or more, are all
entries of one file (a list of endings such as 부 처 청 원 moved back into code).
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import ai_discourse
from ai_discourse import resources
from ai_discourse.config import data_dir, data_file, read_lines, read_toml
from ai_discourse.errors import ConfigError

SRC = Path(ai_discourse.__file__).parent
_HANGUL = re.compile("[가-힣]")

USER_LEXICONS = {
    "stopwords.txt": "terms left out of the counts, a matter of counting: 이후 is a stopword "
    "and, in the quote finder, a discourse word",
    "userdict.tsv": "words Kiwi should know: any word a rule reads may be one",
    "tone_lexicon.tsv": "the tone of words: a word's polarity and its part in a rule are two "
    "facts (극복 is positive, and it undoes a negative noun)",
    "frames.toml": "the user's study: what the stance tables look for",
    "targets.toml": "the user's study: the companies tracked",
}
"""Files of data/ that are not word lists of the rules, and why."""

MODELS = {
    "names.crfsuite": "the learned name tagger's weights (benchmarks/train.py)",
    "tone_model.json": "the learned tone layer's weights (benchmarks/train.py)",
    "party_tone.json": "the learned party layer's weights (benchmarks/train.py)",
}
"""Files of data/ that hold learned weights, rebuilt from labelled files, not word lists."""

HOMOGRAPHS = {
    ("load/layout.py", "_PUBLISHED"): {
        "게재": "a date line's label (`게재 2025.02.10`), not the speech verb of quotes",
        "게시": "a date line's label (`게시 2025.02.10`), not the speech verb of quotes",
    },
    ("load/tabular.py", "_BIGKINDS_META"): {
        "기관": "a BigKinds column (its organisations), not the apposition `기관` of quotes",
    },
    ("load/tabular.py", "_BIGKINDS_SIGNS"): {
        "언론사": "a BigKinds column (the press), not the speaker role `언론사` of quotes",
    },
    ("nlp/quotes.py", "_PARTITIVES"): {
        "일부": "`일부는`, part of the group named before, not the ending of `…일부`",
    },
    ("nlp/quotes.py", "_TIME_NOUNS"): {
        "다음": '`… 다음 "…"`, after a time, not the button `다음` of web pages',
    },
}
"""Strings of a rule module that are spelt like an entry of data/ but are another word."""


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _strings(item)


def _gazetteer_file(name: str) -> frozenset[str]:
    return frozenset(_strings(read_toml(data_file(name))))


def _sections(value: object) -> frozenset[str]:
    return frozenset(_strings(list(vars(value).values())))


def _ui_words() -> frozenset[str]:
    ui = resources.ui_words()
    press = [(name, *spellings) for name, _, spellings in ui.press]
    return frozenset(_strings([ui.ui, ui.nav, ui.tail, ui.related, press]))


def _platforms() -> frozenset[str]:
    return frozenset(
        _strings([(p.name, p.marks, p.lines, p.starts) for p in resources.platforms()])
    )


WORD_LISTS = {
    "entities.toml": lambda: _gazetteer_file("entities.toml"),
    "institutions.toml": lambda: _gazetteer_file("institutions.toml"),
    "places.txt": lambda: frozenset(read_lines(data_file("places.txt"))),
    "entity_words.txt": lambda: _sections(resources.entity_words()),
    "quote_words.txt": lambda: _sections(resources.quote_words()),
    "org_endings.txt": lambda: _sections(resources.org_endings()),
    "ui_words.txt": _ui_words,
    "platforms.toml": _platforms,
}
"""How to read the entries of each word list of data/."""


@pytest.fixture(scope="module")
def entries() -> dict[str, frozenset[str]]:
    """The entries of data/'s word lists, by file."""
    return {name: read() for name, read in WORD_LISTS.items()}


# --- reading constants from source ---------------------------------------------------------


class _NotConstant(Exception):
    pass


def _value(node: ast.expr, known: Mapping[str, Any]) -> Any:
    """The value of a constant expression as word lists are written (literals, `|`, `+`,
    `frozenset(…)`, `"… …".split()`, earlier constants); _NotConstant for anything else."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        items: list[Any] = []
        for element in node.elts:
            if isinstance(element, ast.Starred):
                items.extend(_value(element.value, known))
            else:
                items.append(_value(element, known))
        return tuple(items)
    if isinstance(node, ast.Dict):
        return tuple(_value(k, known) for k in node.keys if k is not None)
    if isinstance(node, ast.Name) and node.id in known:
        return known[node.id]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr | ast.Add | ast.Sub):
        left, right = _value(node.left, known), _value(node.right, known)
        if isinstance(left, str) and isinstance(right, str):
            return left + right
        if isinstance(node.op, ast.Sub):
            return tuple(item for item in left if item not in right)
        return (*left, *right)
    if isinstance(node, ast.Call) and not node.keywords and len(node.args) <= 1:
        func = node.func
        if isinstance(func, ast.Name) and func.id in ("frozenset", "set", "tuple", "list"):
            return tuple(_value(node.args[0], known)) if node.args else ()
        if isinstance(func, ast.Attribute) and func.attr == "split" and not node.args:
            text = _value(func.value, known)
            if isinstance(text, str):
                return tuple(text.split())
    raise _NotConstant


@dataclass(frozen=True)
class Constant:
    """A module- or class-level constant holding Hangul strings."""

    name: str
    line: int
    words: tuple[str, ...]


def constants(source: str) -> list[Constant]:
    """The constants of a module's source whose value is a collection of strings with Hangul."""
    found: list[Constant] = []

    def walk(body: list[ast.stmt], prefix: str) -> None:
        known: dict[str, Any] = {}
        for statement in body:
            if isinstance(statement, ast.ClassDef):
                walk(statement.body, f"{prefix}{statement.name}.")
                continue
            if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
                target, value = statement.targets[0], statement.value
            elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
                target, value = statement.target, statement.value
            else:
                continue
            if not isinstance(target, ast.Name):
                continue
            try:
                known[target.id] = result = _value(value, known)
            except (_NotConstant, TypeError):
                continue
            if isinstance(result, tuple):
                words = tuple(w for w in result if isinstance(w, str) and _HANGUL.search(w))
                if words:
                    found.append(Constant(prefix + target.id, statement.lineno, words))

    walk(ast.parse(source).body, "")
    return found


def duplicates(source: str, entries: Mapping[str, frozenset[str]]) -> list[tuple[str, str, str]]:
    """(constant, string, data file) for each string of a word list in `source` that a
    word list of data/ holds too (see the module docstring for one-syllable strings)."""
    out: list[tuple[str, str, str]] = []
    for constant in constants(source):
        for word in dict.fromkeys(w for w in constant.words if len(w) > 1):
            out.extend(
                (constant.name, word, name) for name, words in entries.items() if word in words
            )
        syllables = sorted({w for w in constant.words if len(w) == 1})
        if len(syllables) >= 3:
            for name, words in entries.items():
                if all(s in words for s in syllables):
                    out.extend((constant.name, s, name) for s in syllables)
    return out


def _modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


# --- the tests -----------------------------------------------------------------------------


def test_every_data_file_is_a_word_list_or_a_user_lexicon() -> None:
    """A new file in data/ is read here (WORD_LISTS) or said not to be a word list."""
    files = {p.name for p in data_dir().iterdir() if p.is_file()}
    assert files == set(WORD_LISTS) | set(USER_LEXICONS) | set(MODELS)


def test_no_rule_module_holds_a_word_list_of_data(entries: dict[str, frozenset[str]]) -> None:
    found = []
    for path in _modules():
        module = path.relative_to(SRC).as_posix()
        for constant, word, name in duplicates(path.read_text(encoding="utf-8"), entries):
            if word not in HOMOGRAPHS.get((module, constant), {}):
                found.append(f"{module} {constant}: {word!r} is also in data/{name}")
    assert not found, (
        "word lists belong in data/, read through ai_discourse.resources (a homograph, "
        "spelt like an entry but another word, goes in HOMOGRAPHS with its reason):\n"
        + "\n".join(found)
    )


def test_every_homograph_is_still_one(entries: dict[str, frozenset[str]]) -> None:
    """An entry of HOMOGRAPHS that no module holds any more is taken out."""
    held = {
        (path.relative_to(SRC).as_posix(), constant, word)
        for path in _modules()
        for constant, word, _ in duplicates(path.read_text(encoding="utf-8"), entries)
    }
    stale = [
        (module, constant, word)
        for (module, constant), words in HOMOGRAPHS.items()
        for word in words
        if (module, constant, word) not in held
    ]
    assert not stale


# --- the scan finds what it should (planted duplicates) -----------------------------------

PLANTED = """
import re

_SPEAKERS = frozenset("관계자 대변인 목격자".split())
_BODY_ENDINGS = ("부", "처", "청", "원")
_UNITS = (*_BODY_ENDINGS, "팀", "센터")
_SURNAMES = frozenset("김이박부")
_PATTERN = re.compile("관계자")


class Rules:
    VERBS: frozenset[str] = frozenset({"밝히", "말하"})
"""


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    """A module in a temporary folder that copies word lists of data/."""
    path = tmp_path / "planted.py"
    path.write_text(PLANTED, encoding="utf-8")
    return path


def test_a_planted_copy_of_a_data_list_fails(
    planted: Path, entries: dict[str, frozenset[str]]
) -> None:
    found = duplicates(planted.read_text(encoding="utf-8"), entries)
    by_constant = {(constant, word) for constant, word, _ in found}
    # Roles and speech verbs of data/quote_words.txt, at module and at class level.
    assert {
        ("_SPEAKERS", "관계자"),
        ("_SPEAKERS", "대변인"),
        ("_SPEAKERS", "목격자"),
    } <= by_constant
    assert ("Rules.VERBS", "밝히") in by_constant
    # One-syllable endings all in data/org_endings.txt, also through an unpacked constant.
    assert {("_BODY_ENDINGS", s) for s in "부처청원"} <= by_constant
    assert {("_UNITS", "센터"), ("_UNITS", "부")} <= by_constant
    assert ("_BODY_ENDINGS", "부", "org_endings.txt") in found
    # A surname that is also an ending is grammar, and a regex is no word list.
    assert not [c for c, _ in by_constant if c in ("_SURNAMES", "_PATTERN")]


def test_the_module_test_fails_on_a_planted_module(
    planted: Path, entries: dict[str, frozenset[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole-package test itself fails when a module holds a copy."""
    here = sys.modules[__name__]
    monkeypatch.setattr(here, "SRC", planted.parent)
    monkeypatch.setattr(here, "_modules", lambda: [planted])
    with pytest.raises(
        AssertionError, match=re.escape("_SPEAKERS: '관계자' is also in data/quote_words.txt")
    ):
        test_no_rule_module_holds_a_word_list_of_data(entries)


# --- the loaders say what is wrong with a user's edit ------------------------------------


def test_a_section_file_names_an_unknown_section(tmp_path: Path) -> None:
    path = tmp_path / "words.txt"
    path.write_text("# roles\n[roles]\n관계자\n[role]\n대변인\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"unknown section \[role\] \(expected \[roles\]\)"):
        resources.read_sections(path, ("roles",))
    path.write_text("관계자\n[roles]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="'관계자' stands before any"):
        resources.read_sections(path, ("roles",))


def test_sections_keep_their_entries_in_order(tmp_path: Path) -> None:
    path = tmp_path / "words.txt"
    path.write_text("[ speech  verbs ]\n말하\n# a comment\n밝히\n[roles]\n", encoding="utf-8")
    assert resources.read_sections(path, ("speech verbs", "roles", "anyone")) == {
        "speech verbs": ("말하", "밝히"),
        "roles": (),
        "anyone": (),
    }


def test_an_org_ending_needs_a_known_kind(tmp_path: Path) -> None:
    path = tmp_path / "org_endings.txt"
    path.write_text("재단   org head\n협회\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="'협회' has no kind"):
        resources.load_org_endings(path)
    path.write_text("재단   org haed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="'재단': unknown kind 'haed'"):
        resources.load_org_endings(path)
    path.write_text("재단   org head\n부  public body\n", encoding="utf-8")
    endings = resources.load_org_endings(path)
    assert (endings.org, endings.heads, endings.public, endings.body) == (
        ("재단",),
        frozenset({"재단"}),
        ("부",),
        ("부",),
    )


def test_a_platform_needs_a_kind_and_patterns_that_compile(tmp_path: Path) -> None:
    path = tmp_path / "platforms.toml"
    path.write_text('[[platform]]\nname = "Egloos"\nkind = "blogs"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"Egloos\.kind must be one of blog, portal"):
        resources.load_platforms(path)
    path.write_text(
        '[[platform]]\nname = "Egloos"\nkind = "blog"\npatterns = ["^(이글루"]\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=r"Egloos\.patterns"):
        resources.load_platforms(path)


def test_a_platform_added_to_data_is_recognised(monkeypatch: pytest.MonkeyPatch) -> None:
    """A platform is one entry of data/platforms.toml: its hosts and signs reach the parser."""
    from ai_discourse.load import layout
    from ai_discourse.load.text import parse_page

    egloos = resources.Platform("Egloos", "blog", hosts=("egloos.com",), lines=("이글루스 홈",))
    monkeypatch.setattr(layout, "platforms", lambda: (*resources.platforms(), egloos))
    monkeypatch.setattr(
        "ai_discourse.load.text.platforms", lambda: (*resources.platforms(), egloos)
    )
    layout._platform_signs.cache_clear()
    try:
        assert layout.platform_of_host("valley.egloos.com") == "Egloos"
        assert layout.platform_signs("이글루스  홈") == ["Egloos"]
        page = parse_page(
            "이글루스 홈\n\n봄 여행 기록\n\nby 산책자 2025. 3. 2.\n\n"
            "벚꽃이 피기 시작한 길을 따라 오래 걸었다. 사진을 많이 찍었다.\n",
            path="p.txt",
            article_id="p",
        )
        assert (page.kind, page.source) == ("blog", "Egloos")
    finally:
        layout._platform_signs.cache_clear()
