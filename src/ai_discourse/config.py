"""Settings and the editable resources in data/ (user dictionary, stopwords, targets …)."""

from __future__ import annotations

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
