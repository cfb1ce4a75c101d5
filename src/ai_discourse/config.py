"""Settings and the editable resources in data/ (user dictionary, stopwords, targets …)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .errors import ConfigError


@cache
def data_dir() -> Path:
    """The folder of shipped resources: inside the installed wheel, else the repo's data/."""
    packaged = Path(__file__).parent / "data"
    if packaged.is_dir():
        return packaged
    source_tree = Path(__file__).resolve().parents[2] / "data"
    if source_tree.is_dir():
        return source_tree
    raise ConfigError("the data/ folder of ai-discourse is missing; reinstall the package")


def data_file(name: str) -> Path:
    """Path of a shipped resource file, e.g. `data_file("stopwords.txt")`."""
    return data_dir() / name


def read_lines(path: Path) -> list[str]:
    """Non-empty, non-comment (#) lines of a UTF-8 resource file, stripped."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: resource files must be UTF-8") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file as a dict; ConfigError (exit 2) says what is wrong with it."""
    import tomllib

    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror or exc})") from None


MAX_DOC_CHARS = 200_000
"""The default limit on one document's characters (a .txt page, a table row). Kiwi's
time on one document grows faster than its length: 200,000 characters take about 20 s
to analyse, 1,000,000 about 5 minutes. The longest real articles are far shorter."""


@dataclass(frozen=True)
class Settings:
    """What an analysis run reads besides the articles. Defaults are the shipped data/ files."""

    userdicts: tuple[Path, ...] = field(default_factory=lambda: (data_file("userdict.tsv"),))
    stopwords: tuple[Path, ...] = field(default_factory=lambda: (data_file("stopwords.txt"),))
    targets: Path = field(default_factory=lambda: data_file("targets.toml"))
    entities: Path = field(default_factory=lambda: data_file("entities.toml"))
    tone_lexicon: Path | None = field(default_factory=lambda: data_file("tone_lexicon.tsv"))
    frames: Path = field(default_factory=lambda: data_file("frames.toml"))
    top: int | None = None
    """Rows of every terminal table when given; None = each table's own default. The
    exported tables always hold at least this many rows."""
    keep_verbal_nouns: bool = False
    """Count a noun used as a predicate (`발생했다`, `사용되는`) as a term; by default only
    its noun uses (`사고 발생`) count."""
    encoding: str | None = None
    columns: tuple[tuple[str, str], ...] = ()
    """Forced column names for tabular inputs: (("text", "본문"), ("title", "제목"))."""
    include_excluded: bool = False
    """Keep BigKinds rows marked 분석제외 (duplicates, exceptions)."""
    strict: bool = False
    """Fail before analysing when any input could not be read."""
    max_doc_chars: int = MAX_DOC_CHARS
    """Characters a document may have (a page, a row); a longer one is skipped."""

    def combined(
        self,
        *,
        userdict: Path | None = None,
        stopwords: Path | None = None,
        targets: Path | None = None,
        tone_lexicon: Path | None = None,
        frames: Path | None = None,
        **values: Any,
    ) -> Settings:
        """These settings with a user's own files and values: a user dictionary and a
        stopword list are added to the shipped ones (their words are needed as well as
        yours); targets, a tone lexicon and frames replace them (yours say what to
        track). `values` sets any other field (`top=5`, `strict=True`)."""
        from dataclasses import replace

        return replace(
            self,
            userdicts=self.userdicts + ((userdict,) if userdict else ()),
            stopwords=self.stopwords + ((stopwords,) if stopwords else ()),
            targets=targets or self.targets,
            tone_lexicon=tone_lexicon or self.tone_lexicon,
            frames=frames or self.frames,
            **values,
        )


@dataclass(frozen=True)
class Option:
    """A command-line option, as data: `cli.py` makes the typer option from it, and a
    project file's value for it is checked against it (`ProjectFile.defaults`). `--NAME`
    (underscores as dashes) plus `short`, a value of `kind`, one of `choices` when given
    (a choice list becomes an enum), at least `minimum`; `flags` replaces `--NAME`."""

    name: str
    kind: type
    default: Any
    help: str
    short: str | None = None
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    check: Callable[[Any], Any] | None = None
    """Raises ValueError for a value the type allows but the option does not."""
    flags: tuple[str, ...] = ()
    metavar: str | None = None

    @property
    def flag(self) -> str:
        """The option's long form, `--max-doc-chars`."""
        return self.flags[0] if self.flags else "--" + self.name.replace("_", "-")

    def problem(self, value: object) -> str | None:
        """What is wrong with `value` for this option (None: nothing), as a project file
        gives it (a list of strings already joined with commas)."""
        if self.kind is bool:
            return None if isinstance(value, bool) else "expected true or false"
        if self.kind in (int, float):
            number = (int, float) if self.kind is float else (int,)
            if isinstance(value, bool) or not isinstance(value, number):
                return "expected a whole number" if self.kind is int else "expected a number"
            if self.minimum is not None and value < self.minimum:
                return f"expected at least {self.minimum}"
        elif not isinstance(value, str):
            return "expected a string"
        if self.choices and value not in self.choices:
            return f"expected one of {', '.join(self.choices)}"
        if self.check is not None:
            try:
                self.check(value)
            except ValueError as exc:
                return str(exc)
        return None


DEFAULT_MAX_SIZE = "4GB"
"""The size bound when none is given (`--cache-max-size`): both levels of a Korean news
article take about 8 bytes per character of its text on disk (the 637 Wikinews articles,
478,466 characters: readings 2.2 MB, summaries 1.0 MB), so 4 GB hold some 500 M
characters, about 300,000 articles of news length."""


def parse_size(text: str) -> int:
    """`500MB`, `4GB`, `1.5G`, `800000` (bytes) -> bytes (decimal units, as disks count)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)b?\s*", text, re.I)
    if match is None:
        raise ValueError(f"{text!r} is no size: write it as 500MB, 4GB or a number of bytes")
    number, unit = match.groups()
    return int(float(number) * 1000 ** "_kmgt".index(unit.lower() or "_"))


PROJECT_FILE = "ai-discourse.toml"
"""The project file read from the working directory (or `--config FILE`)."""


@dataclass(frozen=True)
class ProjectFile:
    """The settings of a project file: keys are long option names (`top`, `targets`,
    `export`, `jobs` …), for every command; a `[command]` table holds one command's own
    (`[network] nodes = 50`)."""

    path: Path
    common: dict[str, object]
    commands: dict[str, dict[str, object]]

    def defaults(self, commands: Mapping[str, Sequence[Option]]) -> dict[str, Any]:
        """The file's values as each command's option defaults (`cache info` for a
        nested command: {"cache": {"info": {…}}}): a flat key applies to every command
        that has the option, a `[command]` table to that command. ConfigError (exit 2)
        names the file and the key of an unknown key or a value of the wrong kind; paths
        are read relative to the file, a list of strings is joined with commas."""
        known = {o.name for options in commands.values() for o in options}
        for key in self.common:
            if key not in known:
                raise ConfigError(
                    f"{self.path}: unknown key {key!r} (keys are long option names, e.g. "
                    "top, targets, export, jobs)"
                )
        for command, values in self.commands.items():
            if command not in commands:
                raise ConfigError(f"{self.path}: [{command}]: no such command")
            names = {o.name for o in commands[command]}
            for key in values:
                if key not in names:
                    raise ConfigError(
                        f"{self.path}: [{command}] {key!r}: not an option of {command}"
                    )
        mapping: dict[str, Any] = {}
        for name, options in commands.items():
            by_name = {o.name: o for o in options}
            values = {k: v for k, v in self.common.items() if k in by_name}
            values |= self.commands.get(name, {})
            if not values:
                continue
            node = mapping
            *groups, last = name.split(" ")
            for group in groups:
                node = node.setdefault(group, {})
            node[last] = {k: self._value(by_name[k], v) for k, v in values.items()}
        return mapping

    def _value(self, option: Option, value: object) -> object:
        if isinstance(value, list) and option.kind is str:
            value = ",".join(str(v) for v in value)
        problem = option.problem(value)
        if problem:
            raise ConfigError(f"{self.path}: {option.name} = {value!r}: {problem}")
        if option.kind is Path and isinstance(value, str):
            return str((self.path.parent / value).expanduser())
        return value


def read_project_file(path: Path) -> ProjectFile:
    """Read a project file; ConfigError (exit 2) names the file and what is wrong. Keys
    may be spelt with dashes or underscores (`keep-verbal-nouns`)."""
    data = read_toml(path)
    common: dict[str, object] = {}
    commands: dict[str, dict[str, object]] = {}
    for key, value in data.items():
        name = key.replace("-", "_")
        if isinstance(value, dict):
            commands[name] = {k.replace("-", "_"): v for k, v in value.items()}
        else:
            common[name] = value
    return ProjectFile(path, common, commands)


def find_project_file(explicit: Path | None, folder: Path | None = None) -> ProjectFile | None:
    """The project file to use: `explicit` (it must exist), else `ai-discourse.toml` in
    `folder` (the working directory) when there is one."""
    if explicit is not None:
        return read_project_file(explicit)
    candidate = (folder or Path.cwd()) / PROJECT_FILE
    return read_project_file(candidate) if candidate.is_file() else None
