"""Exception types and process exit codes, defined once (documented in README.md)."""

from __future__ import annotations

from enum import IntEnum
from typing import Any


class ExitCode(IntEnum):
    """What `ai-discourse` returns to the shell."""

    OK = 0
    """Every input was analysed."""
    FAILURE = 1
    """An unexpected internal error (a bug: please report it)."""
    USAGE = 2
    """Bad command-line usage or an unreadable option file (typer/click also use 2)."""
    PARTIAL = 3
    """The analysis ran, but some inputs were skipped (listed on stderr and in the JSON)."""
    NO_INPUT = 4
    """No usable article was found in the given paths."""
    STRICT = 5
    """With --strict: some inputs could not be read, so nothing was analysed."""


class AiDiscourseError(Exception):
    """Base class of every error this package raises on purpose."""

    exit_code: ExitCode = ExitCode.FAILURE


class InputError(AiDiscourseError):
    """An input file cannot be read as articles; carries the path and a hint for the user."""

    exit_code = ExitCode.PARTIAL

    def __init__(self, path: str, reason: str, hint: str | None = None) -> None:
        self.path = path
        self.reason = reason
        self.hint = hint
        super().__init__(f"{path}: {reason}" + (f" ({hint})" if hint else ""))


class NoInputError(AiDiscourseError):
    """None of the given paths held a usable article."""

    exit_code = ExitCode.NO_INPUT


class ConfigError(AiDiscourseError):
    """A resource file (user dictionary, stopwords, targets …) is missing or malformed."""

    exit_code = ExitCode.USAGE


class StrictInputError(AiDiscourseError):
    """--strict: some inputs could not be read; carries their Skipped entries."""

    exit_code = ExitCode.STRICT

    def __init__(self, skipped: list[Any]) -> None:
        self.skipped = skipped
        n = len(skipped)
        super().__init__(
            f"--strict: {n} input{'s' if n != 1 else ''} could not be read; nothing was analysed"
        )


class DistributedError(AiDiscourseError):
    """The distributed engine failed (a worker lost for good, a cluster gone): the run
    stops without writing any table."""

    exit_code = ExitCode.FAILURE


class CacheError(ConfigError):
    """The summary cache cannot be opened, read or written (a damaged file, a full disk, a
    read-only or locked folder). A run goes on without the cache and says so in a
    warning; only with --strict is it an error. A ConfigError, as the `--cache` folder is
    a setting: code that caught the old "cannot use as a cache" error still does."""

    exit_code = ExitCode.USAGE

    def __init__(self, path: str, problem: str, remedy: str) -> None:
        self.path = path
        self.problem = problem
        """What went wrong: `the cache cannot be read (database disk image is malformed)`."""
        self.remedy = remedy
        """What to do: `clear it with: ai-discourse cache clear --cache DIR`."""
        super().__init__(f"{path}: {problem}; {remedy} (or run with --no-cache)")
