"""The editable resources of data/ as typed objects: targets, gazetteer, tone lexicon, frames,
and every word list a rule reads (organisation endings, the entity extractor's and the quote
finder's words, page furniture, platforms).

Each loader names the file and the entry when something is wrong (ConfigError, exit 2). The
shipped word lists are read once per process; a rule module holds no copy of them (see
tests/test_word_lists.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
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
    """A tracked company: canonical name and the spellings that mean it; like a monitoring
    tool's query, `exclude` patterns (regular expressions: a mention inside a match does
    not count, `MS-\\d`) and `context` words (an alias counts only in a document that
    holds one of them: `MS` only where 윈도 or 오피스 appears; the name always counts)."""

    name: str
    aliases: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    context: tuple[str, ...] = ()

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
        exclude = tuple(_strings(entry.get("exclude", []), f"{path}: {name}.exclude"))
        for pattern in exclude:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ConfigError(
                    f"{path}: {name}.exclude: {pattern!r} is no regular expression ({exc})"
                ) from None
        target = Target(
            name.strip(),
            tuple(_strings(entry.get("aliases", []), f"{path}: {name}.aliases")),
            exclude,
            tuple(_strings(entry.get("context", []), f"{path}: {name}.context")),
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
    """Endings of organisations' names (data/org_endings.txt, kind `org`), longest first."""
    roles: frozenset[str] = frozenset()
    """Nouns that describe a speaker without naming one (관계자, 목격자, 유가족, 정부): the
    roles and body roles of data/quote_words.txt."""


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

    The shipped public institutions (data/institutions.toml), places (data/places.txt),
    organisation endings (data/org_endings.txt) and speaker roles (data/quote_words.txt)
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
    suffixes = sorted(
        (*org_endings().org, *_strings(data.get("org_suffixes", []), f"{path}: org_suffixes")),
        key=len,
    )
    words = quote_words()
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
        roles=frozenset(
            (*words.roles, *words.body_roles, *_strings(data.get("roles", []), f"{path}: roles"))
        ),
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


# --- the word lists of the rules ------------------------------------------------------------


def read_sections(path: Path, names: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """A word list in sections: a `[name]` line opens a section, the lines after it are its
    entries (one a line, `#` comments), in file order. Every name in `names` is in the
    result (empty when the file has no such section)."""
    sections: dict[str, list[str]] = {name: [] for name in names}
    current: list[str] | None = None
    for line in read_lines(path):
        if line.startswith("[") and line.endswith("]"):
            name = " ".join(line[1:-1].split())
            if name not in sections:
                expected = ", ".join(f"[{n}]" for n in names)
                raise ConfigError(f"{path}: unknown section [{name}] (expected {expected})")
            current = sections[name]
        elif current is None:
            raise ConfigError(f"{path}: {line!r} stands before any [section]")
        else:
            current.append(line)
    return {name: tuple(entries) for name, entries in sections.items()}


ORG_ENDING_KINDS = (
    *("org", "public", "not-public", "head", "lead", "school", "speaker", "body", "unit"),
    "generic",
)
"""The kinds of data/org_endings.txt; its header says which rule reads each."""


@dataclass(frozen=True)
class OrgEndings:
    """data/org_endings.txt by kind: which endings make (or only seem to make) a word the
    name of an organisation, for the entity extractor and the quote finder."""

    org: tuple[str, ...]
    """Endings of organisations' names (한빛전자, 누리증권); see also Gazetteer.org_suffixes."""
    public: tuple[str, ...]
    """Endings of public bodies written as one common noun (법무부, 소방청, 감사원)."""
    not_public: tuple[str, ...]
    """Words that end like a public body but name none (거래처, 행정부, 직원)."""
    heads: frozenset[str]
    """Last words of organisations' names written with spaces (대학교, 이글스, 위원회)."""
    leads: frozenset[str]
    """First words of clubs' names written with spaces (FC 서울, AC 밀란)."""
    schools: frozenset[str]
    """Endings of schools' short names (한빛고, 대전여고, 서울고)."""
    speaker: tuple[str, ...]
    """Endings of bodies that speak in quotes besides the `org` ones (센터, 이사회)."""
    body: tuple[str, ...]
    """One-syllable endings of bodies, on long words (부, 처, 청, 위)."""
    unit: tuple[str, ...]
    """Endings of units inside a body (대, 팀, 과, 센터)."""
    generic: tuple[str, ...]
    """Endings that look like an organisation's but name a part or a group (본부, 정부)."""


@cache
def org_endings() -> OrgEndings:
    """The shipped data/org_endings.txt, read once per process."""
    return load_org_endings(data_file("org_endings.txt"))


def load_org_endings(path: Path) -> OrgEndings:
    """`ending kind kind …` lines (kinds: ORG_ENDING_KINDS)."""
    by_kind: dict[str, list[str]] = {kind: [] for kind in ORG_ENDING_KINDS}
    for line in read_lines(path):
        ending, *kinds = line.split()
        if not kinds:
            raise ConfigError(f"{path}: {ending!r} has no kind (one or more of: org, public, …)")
        for kind in kinds:
            if kind not in by_kind:
                raise ConfigError(
                    f"{path}: {ending!r}: unknown kind {kind!r} "
                    f"(expected {', '.join(ORG_ENDING_KINDS)})"
                )
            by_kind[kind].append(ending)
    return OrgEndings(
        org=tuple(by_kind["org"]),
        public=tuple(by_kind["public"]),
        not_public=tuple(by_kind["not-public"]),
        heads=frozenset(by_kind["head"]),
        leads=frozenset(by_kind["lead"]),
        schools=frozenset(by_kind["school"]),
        speaker=tuple(by_kind["speaker"]),
        body=tuple(by_kind["body"]),
        unit=tuple(by_kind["unit"]),
        generic=tuple(by_kind["generic"]),
    )


@dataclass(frozen=True)
class EntityWords:
    """data/entity_words.txt: the entity extractor's word lists (see the file's header)."""

    company_words: frozenset[str]
    affiliate_tails: frozenset[str]
    academic_titles: frozenset[str]
    governments: frozenset[str]
    relations: frozenset[str]
    name_openers: frozenset[str]
    place_heads: frozenset[str]
    acronyms: frozenset[str]
    title_like_places: frozenset[str]
    kind_nouns: frozenset[str]


@cache
def entity_words() -> EntityWords:
    """The shipped data/entity_words.txt, read once per process."""
    names = (
        *("company words", "affiliate tails", "academic titles", "governments"),
        *("relations", "name openers", "place heads", "acronyms", "title-like places"),
        "kind nouns",
    )
    found = read_sections(data_file("entity_words.txt"), names)
    return EntityWords(*(frozenset(found[name]) for name in names))


@dataclass(frozen=True)
class QuoteWords:
    """data/quote_words.txt: the quote finder's word lists (see the file's header)."""

    speech_verbs: frozenset[str]
    speech_nouns: frozenset[str]
    naming_verbs: frozenset[str]
    roles: frozenset[str]
    body_roles: frozenset[str]
    anyone: tuple[str, ...]
    group_heads: frozenset[str]
    org_appositions: frozenset[str]
    statements: frozenset[str]
    title_nouns: tuple[str, ...]
    asking: frozenset[str]
    questions: frozenset[str]


@cache
def quote_words() -> QuoteWords:
    """The shipped data/quote_words.txt, read once per process."""
    found = read_sections(
        data_file("quote_words.txt"),
        (
            *("speech verbs", "speech nouns", "naming verbs", "roles", "body roles", "anyone"),
            *("group heads", "org appositions", "statements", "title nouns", "asking"),
            "questions",
        ),
    )
    return QuoteWords(
        speech_verbs=frozenset(found["speech verbs"]),
        speech_nouns=frozenset(found["speech nouns"]),
        naming_verbs=frozenset(found["naming verbs"]),
        roles=frozenset(found["roles"]),
        body_roles=frozenset(found["body roles"]),
        anyone=found["anyone"],
        group_heads=frozenset(found["group heads"]),
        org_appositions=frozenset(found["org appositions"]),
        statements=frozenset(found["statements"]),
        title_nouns=found["title nouns"],
        asking=frozenset(found["asking"]),
        questions=frozenset(found["questions"]),
    )


@dataclass(frozen=True)
class UiWords:
    """data/ui_words.txt: the furniture of web pages, as written (the page loader builds
    its matchers from them)."""

    ui: tuple[str, ...]
    nav: tuple[str, ...]
    tail: tuple[str, ...]
    related: tuple[str, ...]
    press: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]
    """(press name, web domains, other spellings)."""


@cache
def ui_words() -> UiWords:
    """The shipped data/ui_words.txt, read once per process."""
    found = read_sections(data_file("ui_words.txt"), ("ui", "nav", "tail", "related", "press"))
    press = []
    for row in found["press"]:
        name, *rest = [cell.strip() for cell in row.split("\t")]
        domains = tuple(d.strip().lower() for d in rest[0].split(",") if d.strip()) if rest else ()
        spellings = tuple(s.strip() for cell in rest[1:] for s in cell.split(",") if s.strip())
        press.append((name, domains, spellings))
    return UiWords(found["ui"], found["nav"], found["tail"], found["related"], tuple(press))


PLATFORM_KINDS = ("blog", "portal")
"""A platform's kinds: a blog platform, or a portal that carries presses' articles."""


@dataclass(frozen=True)
class Platform:
    """A blog platform or news portal of data/platforms.toml and the signs of a page on it."""

    name: str
    kind: str
    """`blog` (a page on it is a blog post) or `portal` (it carries presses' articles)."""
    hosts: tuple[str, ...] = ()
    marks: tuple[str, ...] = ()
    lines: tuple[str, ...] = ()
    starts: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()


@cache
def platforms() -> tuple[Platform, ...]:
    """The shipped data/platforms.toml, in file order (the first wins a tie)."""
    return load_platforms(data_file("platforms.toml"))


def load_platforms(path: Path) -> tuple[Platform, ...]:
    """`[[platform]]` entries: name, kind (blog or portal), hosts, marks, lines, starts and
    patterns (regular expressions, checked here)."""
    entries = read_toml(path).get("platform")
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f'{path}: no [[platform]] entries (each needs name = "...")')
    out: list[Platform] = []
    for i, entry in enumerate(entries, start=1):
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(f"{path}: platform {i} has no name")
        name = name.strip()
        if any(p.name == name for p in out):
            raise ConfigError(f"{path}: platform {name!r} is listed twice")
        kind = entry.get("kind")
        if kind not in PLATFORM_KINDS:
            raise ConfigError(f"{path}: {name}.kind must be one of {', '.join(PLATFORM_KINDS)}")
        lists = {
            key: tuple(_strings(entry.get(key, []), f"{path}: {name}.{key}"))
            for key in ("hosts", "marks", "lines", "starts", "patterns")
        }
        for pattern in lists["patterns"]:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ConfigError(f"{path}: {name}.patterns: {pattern!r}: {exc}") from None
        out.append(
            Platform(
                name=name,
                kind=kind,
                hosts=tuple(h.lower() for h in lists["hosts"]),
                marks=lists["marks"],
                lines=lists["lines"],
                starts=lists["starts"],
                patterns=lists["patterns"],
            )
        )
    return tuple(out)
