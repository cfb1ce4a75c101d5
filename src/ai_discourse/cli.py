"""The `ai-discourse` command. The only module that imports typer; it parses options and
calls the library. Heavy imports happen inside the commands so `--help` is instant.

Options are declared as data (`config.Option`), in groups by concern (input, resources,
engine, output) that commands take as decorators; the commands of the analyses
(`trends`, `network` …) are made from their specs (`analysis.registry`), with their
own options. A project file's values are checked against the same declarations.
"""

from __future__ import annotations

import os
import sys
import threading
import time
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from enum import Enum, StrEnum
from functools import partial, wraps
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO, NoReturn

import typer

from ai_discourse.config import DEFAULT_MAX_SIZE, MAX_DOC_CHARS, Option, parse_size
from ai_discourse.errors import AiDiscourseError, ExitCode, StrictInputError
from ai_discourse.version import __version__

if TYPE_CHECKING:
    from ai_discourse.analysis import Analysis, DocSummary
    from ai_discourse.analysis.spec import Plan, Spec
    from ai_discourse.config import Settings
    from ai_discourse.records import Note

EPILOG = """\
Examples:

  ai-discourse analyze seeds/

  ai-discourse analyze seeds/ --out out/     # CSV tables + summary.json for Excel/pandas

  ai-discourse analyze news/ --format json | jq '.keywords[:5]'

  ai-discourse stance seeds/ --evidence         # per-company tone, frames, sentences

  ai-discourse stance news/ --targets my_targets.toml

  ai-discourse analyze year/ -j 4 --out out/   # 4 worker processes; cached for next time

  ai-discourse analyze year/ --engine dask --scheduler tcp://10.0.0.5:8786

  ai-discourse cache info                       # where the cache is, how big

  ai-discourse trends news/ --by week           # mentions and tone per period

  ai-discourse network news/ --out net/         # co-occurrence, communities, GraphML

  ai-discourse keyness news/ --group-by source  # what sets each outlet apart

  ai-discourse topics news/ -k 8                # NMF topics, shares per target

  ai-discourse kwic news/ --term 딥시크         # every use, in context

  ai-discourse analyze news/ -o out/ --export csv,parquet,xlsx

  ai-discourse config show                      # settings from ./ai-discourse.toml

Exit codes: 0 ok, 1 failure (a bug, or a dask cluster that failed), 2 bad usage or
option file, 3 some inputs skipped, 4 no usable input, 5 --strict and some input
unreadable.
"""

app = typer.Typer(
    name="ai-discourse",
    help="Analyse Korean news articles and blog posts: keywords, TF-IDF, people and "
    "organisations, quotes, and each company's portrayal with evidence.",
    epilog=EPILOG,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=True,
)


# --- options as data, and their groups -----------------------------------------------------


def _opt(default: Any, help: str, **declared: Any) -> Any:
    """A group field that is a command-line option (see `group_options`)."""
    return field(default=default, metadata={"help": help, **declared})


def _check_columns(value: str) -> None:
    from ai_discourse.load.tabular import parse_columns

    parse_columns(value)


def _check_export(value: str) -> None:
    from ai_discourse.render.export import parse_formats

    parse_formats(value)


@dataclass(frozen=True)
class InputOptions:
    """How the inputs are read and which of them count."""

    encoding: str | None = _opt(None, "Read every input with this encoding (e.g. cp949).")
    columns: str | None = _opt(
        None,
        "Column names for CSV/Excel/JSONL inputs, e.g. text=본문,title=제목,date=일자.",
        check=_check_columns,
    )
    include_excluded: bool = _opt(
        False, "Keep BigKinds rows marked in 분석제외 여부 (중복, 예외, 제외)."
    )
    strict: bool = _opt(False, "Fail (exit 5) without analysing if any input cannot be read.")
    max_doc_chars: int = _opt(
        MAX_DOC_CHARS,
        "Characters one document (a .txt page, a table row) may have; a longer one is "
        "skipped with a message, since its analysis would take minutes.",
        minimum=1,
        metavar="N",
    )
    collapse_near_duplicates: bool = _opt(
        False,
        "Count each cluster of near-duplicate articles (one wire story in several outlets, "
        "lightly rewritten) once: only its first article is analysed.",
    )


@dataclass(frozen=True)
class ResourceOptions:
    """The user's own resource files, added to or replacing the shipped ones."""

    targets: Path | None = _opt(
        None, "Targets to compare (TOML: [[target]] name, aliases); default data/."
    )
    userdict: Path | None = _opt(
        None, "Your Kiwi user dictionary (word<TAB>tag<TAB>score), added to ours."
    )
    stopwords: Path | None = _opt(None, "Your stopword list (one term per line), added to ours.")
    keep_verbal_nouns: bool = _opt(
        False,
        "Count a noun used as a predicate (발생했다, 사용되는) as a term; by default only its "
        "noun uses count (사고 발생, 사용 방법).",
    )
    tone_lexicon: Path | None = _opt(None, "Your tone lexicon (form<TAB>tag<TAB>±1<TAB>weight).")
    frames: Path | None = _opt(None, "Your frames file (TOML: [frame.NAME] cues = [...]).")

    def settings(self, inputs: InputOptions, *, top: int | None = None) -> Settings:
        """The settings of a run: the shipped resources with these files (see
        `Settings.combined`) and the input options."""
        from ai_discourse.config import Settings
        from ai_discourse.load.tabular import parse_columns

        try:
            columns = parse_columns(inputs.columns)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--columns") from None
        return Settings().combined(
            userdict=self.userdict,
            stopwords=self.stopwords,
            targets=self.targets,
            tone_lexicon=self.tone_lexicon,
            frames=self.frames,
            top=top,
            keep_verbal_nouns=self.keep_verbal_nouns,
            encoding=inputs.encoding,
            columns=columns,
            include_excluded=inputs.include_excluded,
            strict=inputs.strict,
            max_doc_chars=inputs.max_doc_chars,
        )


@dataclass(frozen=True)
class EngineOptions:
    """Where the per-document stage runs, and its cache."""

    jobs: int | None = _opt(
        None,
        "Worker processes for tokenizing and the per-document analysis (default: all "
        "cores). Results are the same whatever the number.",
        short="-j",
        minimum=1,
    )
    cache: Path | None = _opt(
        None,
        "Folder of the token cache (default: $XDG_CACHE_HOME/ai-discourse, "
        "~/.cache/ai-discourse). A second run over the same articles reads it instead of "
        "tokenizing again.",
    )
    no_cache: bool = _opt(False, "Neither read nor write the cache.")
    cache_max_size: str = _opt(
        DEFAULT_MAX_SIZE,
        "The cache's size bound (500MB, 4GB, ...): after a run, the entries used longest "
        "ago are dropped until both levels fit.",
        check=parse_size,
    )
    engine: str = _opt(
        "local",
        "local (worker processes on this machine) or dask (a dask.distributed LocalCluster "
        "of --jobs workers, or the cluster at --scheduler; needs pip install "
        "'ai-discourse[dask]').",
        choices=("local", "dask"),
    )
    scheduler: str | None = _opt(
        None, "With --engine dask: an existing cluster, e.g. tcp://10.0.0.5:8786."
    )

    def max_cache_bytes(self) -> int:
        try:
            return parse_size(self.cache_max_size)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--cache-max-size") from None

    def cache_dir(self) -> Path | None:
        from ai_discourse.engine import default_cache_dir

        return None if self.no_cache else self.cache or default_cache_dir()

    def job_count(self, *, quiet: bool = False) -> int:
        """The worker processes to start: --jobs (default: the cores), held to what the
        machine can run (see processes.plan_jobs), with a note when lowered."""
        from ai_discourse.processes import plan_jobs

        if self.engine == "dask" and self.scheduler:
            return self.jobs or 1  # the cluster's own workers do the work
        plan = plan_jobs(self.jobs)
        if plan.lowered and not quiet:
            _note(f"note: {plan.lowered}")
        return plan.jobs


_TOP: dict[str, Any] = {
    "default": None,
    "help": "Rows of every terminal table. Default per table: keywords 30, TF-IDF documents "
    "10, entities 15, quotes 10, per-document stance rows 15, frames 30, distinctive words 15 "
    "and evidence 10 per target. A line under each cut table says how many rows are left out; "
    "--out writes them all.",
    "short": "-n",
    "minimum": 1,
}
_FORMAT: dict[str, Any] = {
    "default": "table",
    "help": "table (for people) or json (stdout).",
    "flags": ("--format", "-f"),
    "choices": ("table", "json"),
}
_QUIET: dict[str, Any] = {
    "default": False,
    "help": "No progress or notes on stderr.",
    "short": "-q",
}


@dataclass(frozen=True)
class OutputOptions:
    """What is shown, and what is written where."""

    top: int | None = _opt(**_TOP)
    out: Path | None = _opt(None, "Folder to write the CSV and JSON files to.", short="-o")
    output_format: str = _opt(**_FORMAT)
    export: str | None = _opt(
        None,
        "With --out: the formats to write, comma-separated: csv (a UTF-8 file per table, for "
        "Excel), parquet (a file per table, for pandas/R), xlsx (one workbook, a sheet per "
        "table), json (summary.json). Default: csv,json.",
        short="-x",
        check=_check_export,
    )
    report: Path | None = _opt(
        None,
        "Also write a self-contained HTML report (charts, sortable tables, the evidence "
        "sentences) to this file: it opens offline in any browser.",
    )
    quiet: bool = _opt(**_QUIET)

    @property
    def json(self) -> bool:
        return self.output_format == "json"

    def formats(self) -> tuple[str, ...]:
        """The --export formats, checked (a usage error names a wrong one)."""
        from ai_discourse.render.export import parse_formats

        try:
            return parse_formats(self.export)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--export") from None


@dataclass(frozen=True)
class RowOutputOptions:
    """What is shown, and where the one table is written (kwic)."""

    top: int | None = _opt(**_TOP)
    out: Path | None = _opt(None, "Folder to write the table to.", short="-o")
    output_format: str = _opt(**_FORMAT)
    quiet: bool = _opt(**_QUIET)


GROUPS = (InputOptions, ResourceOptions, EngineOptions, OutputOptions, RowOutputOptions)


def group_options(group: type) -> tuple[Option, ...]:
    """A group's fields as options: the field's type (None allowed) gives the kind."""
    hints = typing.get_type_hints(group)
    options = []
    for f in fields(group):
        kinds = [t for t in typing.get_args(hints[f.name]) or (hints[f.name],)]
        kind = next(t for t in kinds if t is not type(None))
        meta = dict(f.metadata)
        options.append(Option(f.name, kind, f.default, meta.pop("help"), **meta))
    return tuple(options)


_COMMAND_OPTIONS: dict[str, tuple[Option, ...]] = {}
"""Every command's options by command name (`cache info`): what a project file may set."""


def _parameter(option: Option) -> Any:
    """The typer annotation of an option: its kind (an enum for a choice list)."""
    kind: Any = _choices(option) if option.choices else option.kind
    declared: dict[str, Any] = {"help": option.help}
    if option.minimum is not None:
        declared["min"] = option.minimum
    if option.metavar:
        declared["metavar"] = option.metavar
    names = list(option.flags or (option.flag,))
    if option.short and option.short not in names:
        names.append(option.short)
    optional = option.default is None and kind is not bool
    return Annotated[kind | None if optional else kind, typer.Option(*names, **declared)]


def _choices(option: Option) -> type[StrEnum]:
    """An option's choices as an enum (what typer offers, completes and checks)."""
    name = option.name.title().replace("_", "") + "Choice"
    made: type[StrEnum] = StrEnum(name, {c: c for c in option.choices})  # type: ignore[misc]
    return made


def _signature(own: Sequence[Any], options: Sequence[Option]) -> tuple[list[Any], list[Any]]:
    import inspect

    params = [
        inspect.Parameter(
            o.name,
            inspect.Parameter.KEYWORD_ONLY,
            default=o.default.value if isinstance(o.default, Enum) else o.default,
            annotation=_parameter(o),
        )
        for o in options
    ]
    return list(own), params


def _values(kwargs: dict[str, Any], options: Sequence[Option]) -> dict[str, Any]:
    """The option values a command got (enums as their strings), taken out of `kwargs`."""
    values = {}
    for o in options:
        value = kwargs.pop(o.name)
        values[o.name] = value.value if isinstance(value, Enum) else value
    return values


def _command(
    name: str,
    own: Sequence[Option] = (),
    *,
    groups: Sequence[type] = (),
    arguments: Sequence[Any] = (),
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Declare a command: its own options (as data), the option groups it takes (each
    passed to it as an instance, by the group's parameter name), its positional
    arguments; SIGTERM/SIGHUP handled (see `_interruptible`)."""

    def declare(run: Callable[..., None]) -> Callable[..., None]:
        import inspect

        by_group = {g: group_options(g) for g in groups}
        every = [*own, *(o for options in by_group.values() for o in options)]
        _COMMAND_OPTIONS[name] = tuple(every)
        _, params = _signature(arguments, every)

        @wraps(run)
        def wrapper(*args: Any, **kwargs: Any) -> None:
            for group, options in by_group.items():
                kwargs[_GROUP_NAMES[group]] = group(**_values(kwargs, options))
            kwargs["values"] = _values(kwargs, own)
            _interruptible(run)(*args, **kwargs)

        del wrapper.__wrapped__  # typer must read the signature below, not the function's
        wrapper.__signature__ = inspect.Signature([*arguments, *params])  # type: ignore[attr-defined]
        wrapper.__annotations__ = {p.name: p.annotation for p in (*arguments, *params)}
        return wrapper

    return declare


_GROUP_NAMES = {
    InputOptions: "inputs",
    ResourceOptions: "resources",
    EngineOptions: "engine",
    OutputOptions: "output",
    RowOutputOptions: "output",
}
ANALYSING = (InputOptions, ResourceOptions, EngineOptions, OutputOptions)


def _paths_argument() -> Any:
    import inspect

    return inspect.Parameter(
        "paths",
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
        annotation=Annotated[
            list[Path],
            typer.Argument(
                help="Files or folders (searched recursively): .txt, .jsonl, .csv, .tsv, .xlsx."
            ),
        ],
    )


def _context_argument() -> Any:
    import inspect

    return inspect.Parameter(
        "ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context
    )


# --- the program -----------------------------------------------------------------------


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ai-discourse {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            help="Project file of option values (default: ./ai-discourse.toml when "
            "present); options given on the command line override it.",
        ),
    ] = None,
) -> None:
    """Analyse Korean news articles and blog posts."""
    from ai_discourse.config import find_project_file

    try:
        project = find_project_file(config)
        if project is not None:
            ctx.default_map = project.defaults(_COMMAND_OPTIONS)
            ctx.meta["project_file"] = project.path
    except AiDiscourseError as exc:
        _fail(str(exc), exc.exit_code)


_INTERRUPTED = threading.Event()
"""Set when a command was stopped by a signal: `main` then exits at once."""


def main() -> None:
    """The `ai-discourse` program. After a signal has stopped a command and its own
    cleanup has run (workers stopped, temporary files removed), the process exits at
    once: the libraries' exit handlers would only wait for workers that are gone (and
    print their tracebacks about it)."""
    try:
        app(prog_name="ai-discourse")
    except SystemExit as exc:
        if not _INTERRUPTED.is_set():
            raise
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(exc.code if isinstance(exc.code, int) else ExitCode.FAILURE)


def _interruptible(command: Callable[..., None]) -> Callable[..., None]:
    """Run a command with SIGTERM and SIGHUP handled as Ctrl-C is (see
    `processes.signals_interrupt`): the workers are stopped, no temporary file is left,
    and the command exits with 128 + the signal's number and one line on stderr."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        from ai_discourse.processes import Interrupted, signals_interrupt

        try:
            with signals_interrupt():
                command(*args, **kwargs)
        except Interrupted as exc:
            _INTERRUPTED.set()
            _fail(
                f"stopped by {exc}: the workers were stopped and no output was changed "
                "(an output folder shows a complete set only with its run.json)",
                exc.exit_code,
            )

    return run


# --- the analysing commands ---------------------------------------------------------------------


@app.command(epilog=EPILOG)
@_command("analyze", groups=ANALYSING, arguments=[_paths_argument()])
def analyze(
    paths: list[Path],
    *,
    inputs: InputOptions,
    resources: ResourceOptions,
    engine: EngineOptions,
    output: OutputOptions,
    values: dict[str, Any],
) -> None:
    """Overview, keywords, TF-IDF per document, people and organisations, quotes, the
    stance of the corpus toward each target, and (in --out) trends, the semantic network
    and near-duplicates, for the articles under PATHS."""
    from ai_discourse.analysis.registry import specs

    sections = [(s, False) for s in specs()]
    _run_and_emit(paths, inputs, resources, engine, output, plan={}, sections=sections)


def _spec_command(spec: Spec) -> None:
    """The command of an analysis (`ai-discourse trends …`), made from its spec."""
    command = spec.command
    assert command is not None

    def run(
        paths: list[Path],
        *,
        inputs: InputOptions,
        resources: ResourceOptions,
        engine: EngineOptions,
        output: OutputOptions,
        values: dict[str, Any],
    ) -> None:
        from ai_discourse.analysis.registry import off
        from ai_discourse.analysis.registry import spec as spec_named

        for option in command.options:
            if option.check is not None and values[option.name] is not None:
                try:
                    option.check(values[option.name])
                except ValueError as exc:
                    raise typer.BadParameter(str(exc), param_hint=option.flag) from None
        plan = {**(off() if command.alone else {}), **command.plan(values)}
        sections = ([(spec_named("overview"), False)] if command.overview else []) + [(spec, True)]
        result = _run_and_emit(
            paths,
            inputs,
            resources,
            engine,
            output,
            plan=plan,
            sections=sections,
            select=command.exports,
            options=values,
            exit_partial=command.files is None,
            view=command.name,
        )
        if command.files is not None:
            _write_extra(command.files(result.results.get(spec.name), values), output.quiet)
            if result.skipped:
                raise typer.Exit(ExitCode.PARTIAL)

    run.__doc__ = command.help
    run.__name__ = command.name
    declare = _command(
        command.name, command.options, groups=ANALYSING, arguments=[_paths_argument()]
    )
    app.command(name=command.name, epilog=EPILOG)(declare(run))


def _write_extra(files: Mapping[Path, str], quiet: bool) -> None:
    """A command's own files besides the tables (`terms --userdict-out`)."""
    from ai_discourse.render.export import atomic_write

    for path, text in files.items():
        try:
            atomic_write(path, text.encode("utf-8"))
        except OSError as exc:
            _fail(f"{path}: cannot write ({exc.strerror or exc})", ExitCode.FAILURE)
        if not quiet:
            _note(f"wrote {path}")


def _register_spec_commands() -> None:
    from ai_discourse.analysis.registry import commands

    for spec in commands():
        _spec_command(spec)


_register_spec_commands()


@app.command(epilog=EPILOG)
@_command(
    "kwic",
    (
        Option("term", str, ..., "The word or phrase to find.", short="-t"),
        Option("window", int, 30, "Characters of context each side.", short="-w", minimum=1),
        Option("partial", bool, False, "Also inside longer nouns (딥시크쇼크 for 딥시크)."),
    ),
    groups=(InputOptions, ResourceOptions, RowOutputOptions),
    arguments=[_paths_argument()],
)
def kwic(
    paths: list[Path],
    *,
    inputs: InputOptions,
    resources: ResourceOptions,
    output: RowOutputOptions,
    values: dict[str, Any],
) -> None:
    """Keyword in context: every place the articles under PATHS write TERM, matched as
    Kiwi reads it (딥시크는, 딥시크의 match 딥시크), with the text around it (kwic.csv)."""
    from ai_discourse.pipeline import kwic as find

    term = values["term"]
    try:
        rows, skipped = find(
            paths,
            term,
            settings=resources.settings(inputs, top=output.top),
            window=values["window"],
            partial=values["partial"],
            on_note=None if output.quiet else _print_note,
        )
    except StrictInputError as exc:
        for item in exc.skipped:
            _note(f"error: {item.message()}")
        _fail(str(exc), exc.exit_code)
    except AiDiscourseError as exc:
        _fail(str(exc), exc.exit_code)
    for item in skipped:
        _note(f"error: {item.message()}")
    _emit_rows(rows, output, name="kwic", title=f"{term}: {len(rows):,} places")
    if skipped:
        raise typer.Exit(ExitCode.PARTIAL)


# --- the cache and the project file ------------------------------------------------------------

cache_app = typer.Typer(
    help="The token cache: what a second run over the same articles reads instead of "
    "tokenizing again.",
    no_args_is_help=True,
)
app.add_typer(cache_app, name="cache")
_CACHE = Option("cache", Path, None, EngineOptions.__dataclass_fields__["cache"].metadata["help"])


@cache_app.command("info")
@_command("cache info", (_CACHE,))
def cache_info(*, values: dict[str, Any]) -> None:
    """Where the cache is, how many documents it holds and its size on disk, and each
    level's entries and bytes: readings (the token cache), summaries and whole runs'
    reduced tables (JSON on stdout)."""
    import json

    from ai_discourse.engine import cache_info as read_info
    from ai_discourse.engine import default_cache_dir

    info = read_info(values["cache"] or default_cache_dir())
    payload = {
        "path": str(info.path),
        "documents": info.entries,
        "bytes": info.bytes,
        "problem": info.problem,
        "levels": {
            "readings": {"entries": info.readings, "bytes": info.reading_bytes},
            "summaries": {"entries": info.entries, "bytes": info.summary_bytes},
            "runs": {"entries": info.runs, "bytes": info.run_bytes},
        },
    }
    sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")


@cache_app.command("clear")
@_command("cache clear", (_CACHE,))
def cache_clear(*, values: dict[str, Any]) -> None:
    """Delete the cache (the next run tokenizes everything again)."""
    from ai_discourse.engine import clear_cache, default_cache_dir

    folder = values["cache"] or default_cache_dir()
    try:
        freed = clear_cache(folder)
    except OSError as exc:
        _fail(f"{folder}: cannot clear ({exc.strerror or exc})", ExitCode.FAILURE)
    _note(f"cleared {folder} ({freed / 1e6:.1f} MB)")


config_app = typer.Typer(
    help="The project file (./ai-discourse.toml or --config FILE): option values for "
    "every command, which the command line overrides.",
    no_args_is_help=True,
)
app.add_typer(config_app, name="config")


@config_app.command("show")
@_command("config show", groups=ANALYSING, arguments=[_context_argument()])
def config_show(
    ctx: typer.Context,
    *,
    inputs: InputOptions,
    resources: ResourceOptions,
    engine: EngineOptions,
    output: OutputOptions,
    values: dict[str, Any],
) -> None:
    """The effective settings of an analysing command and where each came from: the
    default, the project file, or an option given here (try `config show --top 3`)."""
    import json

    project = ctx.find_root().meta.get("project_file")
    rows = []
    for group in (output, resources, inputs, engine):
        for f in fields(group):
            source = ctx.get_parameter_source(f.name)
            origin = {"DEFAULT_MAP": str(project), "COMMANDLINE": "option"}.get(
                source.name if source is not None else "", "default"
            )
            value = getattr(group, f.name)
            rows.append(
                {
                    "setting": f.name.replace("_", "-"),
                    "value": None if value is None else str(value),
                    "from": origin,
                }
            )
    if output.json:
        payload = {"project_file": str(project) if project else None, "settings": rows}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
        return
    from rich.table import Table

    from ai_discourse.render.safe import cell, terminal_console

    table = Table(title=cell(f"Settings (project file: {project or 'none'})"), title_justify="left")
    for name in ("setting", "value", "from"):
        table.add_column(name)
    for row in rows:
        style = "" if row["from"] == "default" else "bold"
        table.add_row(
            row["setting"], cell(row["value"] or ""), cell(row["from"] or ""), style=style
        )
    terminal_console().print(table)


# --- running and showing --------------------------------------------------------------------


def _run_and_emit(
    paths: list[Path],
    inputs: InputOptions,
    resources: ResourceOptions,
    engine: EngineOptions,
    output: OutputOptions,
    *,
    plan: Plan,
    sections: Sequence[tuple[Spec, bool]],
    select: tuple[str, ...] | None = None,
    options: dict[str, Any] | None = None,
    exit_partial: bool = True,
    view: str = "analyze",
) -> Analysis:
    """What every analysing command does after reading its options: analyse, write the
    files, show, and exit with PARTIAL when some input was skipped (unless the command
    has more to do first)."""
    from ai_discourse.analysis.neardup import NearOptions

    settings = resources.settings(inputs, top=output.top)
    formats = output.formats()
    plan = dict(plan)
    if not plan and output.out is None and output.report is None and not output.json:
        # analyze and stance print no trends and no network: compute them only when a
        # file (--out, --report) or the JSON document will hold them.
        plan |= {"trends": None, "network": None}
    if inputs.collapse_near_duplicates:
        plan["near_duplicates"] = NearOptions(collapse=True)
        if select is not None:
            select = (*select, "near_duplicates")
    result = _run(
        paths, settings, quiet=output.quiet, chatty=not output.json, engine=engine, plan=plan
    )
    result.select = select
    # The files first: whatever happens while the terminal is drawn, the run is kept.
    _write_files(
        result,
        out=output.out,
        formats=formats,
        report=output.report,
        quiet=output.quiet,
        view=view,
    )
    if output.json:
        from ai_discourse.render.export import document_text

        sys.stdout.write(document_text(result))
    else:
        from ai_discourse.render.console import render
        from ai_discourse.render.safe import terminal_console

        render(
            result,
            terminal_console(),
            sections,
            top=settings.top,
            out=output.out,
            options=options,
        )
    if exit_partial and result.skipped:
        raise typer.Exit(ExitCode.PARTIAL)
    return result


def _emit_rows(
    rows: list[dict[str, object]], output: RowOutputOptions, *, name: str, title: str
) -> None:
    """A command's one table of rows (kwic): JSON rows or a rich table on stdout, and
    `<name>.csv` under --out."""
    import json

    import pandas as pd

    from ai_discourse.analysis.kwic import COLUMNS
    from ai_discourse.render import export

    table = pd.DataFrame(rows, columns=COLUMNS)
    if output.out is not None:
        from ai_discourse.render.publish import publish

        files = {f"{name}.csv": lambda handle: export.write_csv(table, handle)}
        try:
            publish(output.out, files, extra={"command": name})
        except OSError as exc:
            _fail(f"{output.out}: cannot write ({exc.strerror or exc})", ExitCode.FAILURE)
        if not output.quiet:
            _note(f"wrote {output.out / f'{name}.csv'}")
    if output.output_format == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    else:
        from ai_discourse.render.console import render_rows
        from ai_discourse.render.safe import terminal_console

        render_rows(
            table, terminal_console(), name=name, title=title, top=output.top, out=output.out
        )


def _note(message: str) -> None:
    """A message for the person at the terminal: stderr, unwrapped, so scripts can grep it."""
    from ai_discourse.render.safe import terminal_text

    typer.echo(terminal_text(message), err=True)


def _fail(message: str, code: int) -> NoReturn:
    _note(f"error: {message}")
    raise typer.Exit(code)


def _run(
    paths: list[Path],
    settings: Settings,
    *,
    quiet: bool,
    chatty: bool = True,
    engine: EngineOptions,
    plan: Plan | None = None,
) -> Analysis:
    """Analyse; a progress bar on stderr (documents, characters per second, time left)
    when stderr is a terminal and nothing asked for silence. `quiet` (-q): no progress,
    notes or warnings, library warnings included (errors are still printed); not
    `chatty` (JSON on stdout): warnings only."""
    from ai_discourse.pipeline import analyze as run_pipeline
    from ai_discourse.render.safe import terminal_console

    err = terminal_console(stderr=True)
    run = partial(
        run_pipeline,
        paths,
        settings=settings,
        jobs=engine.job_count(quiet=quiet or not chatty),
        cache_dir=engine.cache_dir(),
        cache_max_bytes=engine.max_cache_bytes(),
        engine=engine.engine,
        scheduler=engine.scheduler,
        depth=plan,
        quiet=quiet,
    )
    if quiet:
        run = partial(_quietly, run)
    try:
        if quiet or not chatty or not err.is_terminal:
            result = run()
        else:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            columns = (
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[speed]}"),
                TimeRemainingColumn(),
            )
            with Progress(*columns, console=err, transient=True) as progress:
                task = progress.add_task("analysing", total=None, speed="")
                started = time.perf_counter()
                chars = 0

                def advance(summary: DocSummary) -> None:
                    nonlocal chars
                    chars += summary.chars
                    rate = chars / max(time.perf_counter() - started, 1e-6)
                    progress.update(task, advance=1, speed=f"{rate:,.0f} chars/s")

                result = run(on_loaded=lambda n: progress.update(task, total=n), on_doc=advance)
    except StrictInputError as exc:
        for skipped in exc.skipped:
            _note(f"error: {skipped.message()}")
        _fail(str(exc), exc.exit_code)
    except AiDiscourseError as exc:
        _fail(str(exc), exc.exit_code)
    for skipped in result.skipped:
        _note(f"error: {skipped.message()}")
    for note in result.notes:
        if not quiet and (chatty or note.kind == "warning"):
            _print_note(note)
    return result


def _quietly(call: Callable[..., Analysis], *args: Any, **kwargs: Any) -> Analysis:
    """`call` with the libraries' own warnings and log messages (dask's scheduler and
    workers) silenced, as -q asks; errors still reach the user as our own messages."""
    import logging
    import warnings

    logger = logging.getLogger("distributed")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return call(*args, **kwargs)
    finally:
        logger.setLevel(level)


def _print_note(note: Note) -> None:
    _note(f"{'warning' if note.kind == 'warning' else 'note'}: {note.text()}")


def _write_files(
    result: Analysis,
    *,
    out: Path | None,
    formats: tuple[str, ...],
    report: Path | None,
    quiet: bool,
    view: str,
) -> None:
    """The run's files: the tables under `out` as one set (see render.publish), and the
    report. A report inside `out` is part of the set; one elsewhere is written first,
    and the set's run.json records its SHA-256, so a reader can tell whether the two
    come from the same run."""
    from ai_discourse.render import export
    from ai_discourse.render.publish import Writer, atomic_file, sha256

    report_writer: Writer | None = None
    if report is not None:
        from ai_discourse.render.report import write_report

        def report_writer(handle: BinaryIO) -> None:
            shown = result.select
            result.select = None  # the report shows every table the run computed
            try:
                write_report(result, handle)
            finally:
                result.select = shown

    inside = report is not None and out is not None and _same_folder(report.parent, out)
    manifest: dict[str, object] = {"command": view}
    if report is not None and report_writer is not None and not inside:
        try:
            atomic_file(report, report_writer)
        except OSError as exc:
            _fail(f"{report}: cannot write ({exc.strerror or exc})", ExitCode.FAILURE)
        if not quiet:
            _note(f"wrote the report to {report}")
        manifest["report"] = {"path": str(report.absolute()), "sha256": sha256(report)}
    if out is not None:
        extra = {report.name: report_writer} if inside and report and report_writer else {}
        try:
            written = export.export(result, out, formats=formats, extra=extra, manifest=manifest)
        except OSError as exc:
            _fail(f"{out}: cannot write ({exc.strerror or exc})", ExitCode.FAILURE)
        if not quiet:
            _note(f"wrote {len(written)} files to {out}")


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False
