"""The editable resources of data/ as typed objects: targets, gazetteer, tone lexicon, frames.

Each loader names the file and the entry when something is wrong (ConfigError, exit 2).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from ai_discourse.config import data_file, read_lines, read_toml
from ai_discourse.errors import ConfigError


@lru_cache(maxsize=1 << 16)
def phrase_key(text: str) -> str:
    """How spellings are compared: `Open AI`, `OpenAI` and `openai` are one key (the
    same short words are looked up again and again: the keys are kept)."""
    return "".join(text.split()).casefold()


def _strings(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of strings")
    return [v.strip() for v in value if v.strip()]


@dataclass(frozen=True)
class Target:
    """A tracked company: canonical name and the spellings that mean it."""

    name: str
    aliases: tuple[str, ...] = ()

    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def load_targets(path: Path) -> tuple[Target, ...]:
    """`[[target]] name = "네이버" aliases = [...]` entries, at least one."""
    data = read_toml(path)
    entries = data.get("target")
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f'{path}: no [[target]] entries (each needs name = "...")')
    targets: list[Target] = []
    seen: dict[str, str] = {}
    entry_of: dict[str, int] = {}
    for i, entry in enumerate(entries, start=1):
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(f"{path}: target {i} has no name")
        # Listed twice, a target would be counted as two and split its share of voice.
        if (first := entry_of.setdefault(phrase_key(name), i)) != i:
            raise ConfigError(
                f"{path}: target {name.strip()!r} is listed twice (entries {first} and {i}); "
                "give each target one [[target]] entry"
            )
        target = Target(
            name.strip(), tuple(_strings(entry.get("aliases", []), f"{path}: {name}.aliases"))
        )
        for spelling in target.spellings():
            key = phrase_key(spelling)
            if key in seen and seen[key] != target.name:
                raise ConfigError(
                    f"{path}: {spelling!r} is an alias of both {seen[key]} and {target.name}"
                )
            seen[key] = target.name
        targets.append(target)
    return tuple(targets)


@dataclass(frozen=True, eq=False)
class Gazetteer:
    """Known organisations and people (variants -> canonical), places, titles, org endings.

    Compared by identity: it is built once per run and serves as a cache key."""

    orgs: dict[str, tuple[str, str]] = field(default_factory=dict)
    """phrase_key(spelling) -> (canonical name, org type)"""
    people: dict[str, str] = field(default_factory=dict)
    """phrase_key(spelling) -> canonical name"""
    places: frozenset[str] = frozenset()
    non_entities: frozenset[str] = frozenset()
    """Proper nouns that are neither organisations nor people: indices, products."""
    titles: frozenset[str] = frozenset()
    org_suffixes: tuple[str, ...] = ()
    roles: frozenset[str] = frozenset()
    """Nouns that describe a speaker without naming one (관계자, 대변인, 목격자, 유가족)."""


@cache
def _institutions() -> dict[str, Any]:
    """The shipped public institutions (data/institutions.toml), parsed once per process:
    `tone(text, target=…)` builds a gazetteer on every call."""
    return read_toml(data_file("institutions.toml"))


@cache
def _place_lexicon() -> tuple[str, ...]:
    """The shipped place names (data/places.txt: countries, Korean and world places), read
    once per process; a gazetteer's own `places` add to them."""
    return tuple(read_lines(data_file("places.txt")))


def load_gazetteer(path: Path, targets: tuple[Target, ...] = ()) -> Gazetteer:
    """The entity gazetteer, with the targets added as organisations of type `target`.

    The shipped public institutions (data/institutions.toml) and places (data/places.txt)
    are always read; `path`'s own entries add to them and win on a clash."""
    data = read_toml(path)
    institutions_path = data_file("institutions.toml")
    institutions = _institutions()
    orgs: dict[str, tuple[str, str]] = {}
    for common in _strings(institutions.get("common", []), f"{institutions_path}: common"):
        orgs[phrase_key(common)] = (common, "institution")
    # The shipped public institutions first, so that the user's gazetteer overrides them.
    for source, entries in ((institutions_path, institutions), (path, data)):
        for entry in entries.get("org", []):
            name = entry["name"]
            for spelling in (name, *_strings(entry.get("aliases", []), f"{source}: {name}")):
                orgs[phrase_key(spelling)] = (name, entry.get("type", "organization"))
    for target in targets:
        for spelling in target.spellings():
            orgs[phrase_key(spelling)] = (target.name, "target")
    people: dict[str, str] = {}
    for entry in data.get("person", []):
        name = entry["name"]
        for spelling in (name, *_strings(entry.get("aliases", []), f"{path}: {name}")):
            people[phrase_key(spelling)] = name
    suffixes = sorted(_strings(data.get("org_suffixes", []), f"{path}: org_suffixes"), key=len)
    return Gazetteer(
        orgs=orgs,
        people=people,
        places=frozenset(
            phrase_key(p)
            for p in (
                *_strings(data.get("places", []), f"{path}: places"),
                *_place_lexicon(),
            )
        ),
        non_entities=frozenset(
            phrase_key(p) for p in _strings(data.get("non_entities", []), f"{path}: non_entities")
        ),
        titles=frozenset(_strings(data.get("titles", []), f"{path}: titles")),
        roles=frozenset(_strings(data.get("roles", []), f"{path}: roles")),
        org_suffixes=tuple(reversed(suffixes)),
    )


@dataclass(frozen=True)
class ToneLexicon:
    """Polar morphemes: (form, tag) -> signed weight (+ praise, − criticism), and polar
    phrases: consecutive morpheme forms (`사상 최대`, `애 를 먹`) -> signed weight."""

    entries: dict[tuple[str, str], float] = field(default_factory=dict)
    phrases: dict[tuple[str, ...], float] = field(default_factory=dict)
    quantities: dict[str, float] = field(default_factory=dict)
    """Nouns of amounts whose rise is good (+1: 매출, 점유율) or bad (−1: 적자, 부채)."""
    directions: dict[str, float] = field(default_factory=dict)
    """Words of change: up (+1: 늘, 증가, 상승) or down (−1: 줄, 감소, 하락)."""

    def polarity(self, form: str, tag: str) -> float:
        return self.entries.get((form, tag), 0.0)


def load_tone_lexicon(path: Path | None) -> ToneLexicon:
    """`form<TAB>tag<TAB>polarity(+1/-1)<TAB>weight` lines; a missing weight means 1.

    A form with spaces and the tag `*` is a phrase: its morphemes in a row (`애 를 먹`).
    The tag `QTY` marks an amount noun (polarity: whether more of it is good), the tag `DIR`
    a word of change (polarity: up or down); the scorer composes the two."""
    if path is None:
        return ToneLexicon()
    entries: dict[tuple[str, str], float] = {}
    phrases: dict[tuple[str, ...], float] = {}
    quantities: dict[str, float] = {}
    directions: dict[str, float] = {}
    for line in read_lines(path):
        fields = [f.strip() for f in line.split("\t")]
        if len(fields) < 3:
            raise ConfigError(f"{path}: {line!r}: expected form<TAB>tag<TAB>polarity[<TAB>weight]")
        try:
            polarity = float(fields[2])
            weight = float(fields[3]) if len(fields) > 3 and fields[3] else 1.0
        except ValueError:
            raise ConfigError(f"{path}: {line!r}: polarity and weight must be numbers") from None
        if polarity == 0:
            continue
        signed = (1 if polarity > 0 else -1) * weight
        if fields[1] == "QTY":
            quantities[fields[0]] = signed
        elif fields[1] == "DIR":
            directions[fields[0]] = signed
        elif " " in fields[0]:
            phrases[tuple(fields[0].split())] = signed
        else:
            entries[(fields[0], fields[1].split("-", 1)[0])] = signed
    return ToneLexicon(entries, phrases, quantities, directions)


@dataclass(frozen=True)
class Frames:
    """Frame name -> cues, each cue a tuple of phrase keys matched on consecutive tokens."""

    cues: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)


def load_frames(path: Path) -> Frames:
    data = read_toml(path)
    frames = data.get("frame")
    if not isinstance(frames, dict) or not frames:
        raise ConfigError(f'{path}: no [frame."NAME"] tables with cues = [...]')
    cues: dict[str, tuple[tuple[str, ...], ...]] = {}
    for name, entry in frames.items():
        words = _strings(
            entry.get("cues", []) if isinstance(entry, dict) else None, f"{path}: frame {name}.cues"
        )
        cues[name] = tuple(tuple(phrase_key(w) for w in cue.split()) for cue in words)
    return Frames(cues)
