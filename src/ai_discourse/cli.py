"""The `ai-discourse` command. The only module that imports typer; it parses options and
calls the library. Heavy imports happen inside the commands so `--help` is instant."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum, StrEnum
from functools import partial, wraps
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO, NoReturn

import typer

from ai_discourse import __version__
from ai_discourse.config import MAX_DOC_CHARS
from ai_discourse.errors import AiDiscourseError, ExitCode, StrictInputError

if TYPE_CHECKING:
    from ai_discourse.analysis import Analysis, Depth, DocSummary
    from ai_discourse.config import ProjectFile, Settings
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


class OutputFormat(StrEnum):
    table = "table"
    json = "json"


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
    except AiDiscourseError as exc:
        _fail(str(exc), exc.exit_code)
    if project is not None:
        ctx.default_map = _default_map(project, ctx)
        ctx.meta["project_file"] = project.path


def _default_map(project: ProjectFile, ctx: typer.Context) -> dict[str, Any]:
    """The project file as click's default_map: each command's options take their
    defaults from it (flat keys for every command that has the option, a `[command]`
    table for one). An unknown key or a value of the wrong kind is a usage error naming
    the file and the key; paths are read relative to the file."""
    options = _command_options()
    known = {key for params in options.values() for key in params}
    for key in project.common:
        if key not in known:
            _fail(
                f"{project.path}: unknown key {key!r} (keys are long option names, e.g. "
                "top, targets, export, jobs)",
                ExitCode.USAGE,
            )
    for command, values in project.commands.items():
        if command not in options:
            _fail(f"{project.path}: [{command}]: no such command", ExitCode.USAGE)
        for key in values:
            if key not in options[command]:
                _fail(
                    f"{project.path}: [{command}] {key!r}: not an option of {command}",
                    ExitCode.USAGE,
                )
    mapping: dict[str, Any] = {}
    for name, params in options.items():
        values = {k: v for k, v in project.common.items() if k in params}
        values |= project.commands.get(name, {})
        if not values:
            continue
        node = mapping
        *groups, last = name.split(" ")
        for group in groups:
            node = node.setdefault(group, {})
        node[last] = {k: _file_value(project, k, v, *params[k]) for k, v in values.items()}
    return mapping


def _command_options() -> dict[str, dict[str, tuple[Any, Any]]]:
    """Every command's options (`cache info` for a nested one): name -> (the Python type
    it reads, its typer.Option)."""
    import inspect
    import typing

    def options_of(callback: Callable[..., Any]) -> dict[str, tuple[Any, Any]]:
        found = {}
        for param in inspect.signature(callback).parameters.values():
            hint = param.annotation
            if isinstance(hint, str):
                hint = typing.get_type_hints(callback, include_extras=True)[param.name]
            base, *extras = typing.get_args(hint) or (hint,)
            info = next((e for e in extras if type(e).__name__ == "OptionInfo"), None)
            if info is None:
                continue  # an argument (PATHS) or the context
            kinds = [t for t in typing.get_args(base) or (base,) if t is not type(None)]
            found[param.name] = (kinds[0], info)
        return found

    commands: dict[str, dict[str, tuple[Any, Any]]] = {}
    for info in app.registered_commands:
        if info.callback is not None:
            name = info.name or info.callback.__name__.replace("_", "-")
            commands[name] = options_of(info.callback)
    for group in app.registered_groups:
        for info in group.typer_instance.registered_commands if group.typer_instance else ():
            if info.callback is not None:
                name = info.name or info.callback.__name__.replace("_", "-")
                commands[f"{group.name} {name}"] = options_of(info.callback)
    return commands


def _file_value(project: ProjectFile, key: str, value: object, kind: Any, info: Any) -> object:
    """A project-file value checked against the option's type, as the command line would
    give it (a list is joined with commas, a path made relative to the file)."""
    if isinstance(value, list) and kind is str:
        value = ",".join(str(v) for v in value)
    problem = None
    if kind is bool and not isinstance(value, bool):
        problem = "expected true or false"
    elif kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        problem = "expected a whole number"
    elif kind is int and info.min is not None and value < info.min:
        problem = f"expected at least {info.min}"
    elif kind in (str, Path) and not isinstance(value, str):
        problem = "expected a string"
    elif isinstance(kind, type) and issubclass(kind, Enum):
        choices = [m.value for m in kind]
        if value not in choices:
            problem = f"expected one of {', '.join(choices)}"
    check = _VALUE_CHECKS.get(key)
    if problem is None and check is not None and isinstance(value, str):
        try:
            check(value)
        except (ValueError, typer.BadParameter) as exc:
            problem = exc.message if isinstance(exc, typer.BadParameter) else str(exc)
    if problem:
        _fail(f"{project.path}: {key} = {value!r}: {problem}", ExitCode.USAGE)
    if kind is Path:
        return str((project.path.parent / str(value)).expanduser())
    return value


def _check_export(value: str) -> None:
    from ai_discourse.render.export import check_formats

    check_formats([f.strip().lower() for f in value.split(",") if f.strip()])


def _check_group_by(value: str) -> None:
    from ai_discourse.analysis.keyness import check_grouping

    check_grouping(value)


_VALUE_CHECKS: dict[str, Callable[[str], object]] = {
    "export": _check_export,
    "columns": lambda value: _parse_columns(value),
    "group_by": _check_group_by,
}
"""Options whose values are checked beyond their type: a project file's value is
checked when the file is read, so that its error names the file (the command line's
are checked by the command)."""


PathsArg = Annotated[
    list[Path],
    typer.Argument(
        help="Files or folders (searched recursively): .txt, .jsonl, .csv, .tsv, .xlsx."
    ),
]
TopOpt = Annotated[
    int | None,
    typer.Option(
        "--top",
        "-n",
        min=1,
        help="Rows of every terminal table. Default per table: keywords 30, TF-IDF "
        "documents 10, entities 15, quotes 10, per-document stance rows 15, frames 30, "
        "distinctive words 15 and evidence 10 per target. A line under each cut table "
        "says how many rows are left out; --out writes them all.",
    ),
]
KeepVerbalOpt = Annotated[
    bool,
    typer.Option(
        "--keep-verbal-nouns",
        help="Count a noun used as a predicate (발생했다, 사용되는) as a term; by default "
        "only its noun uses count (사고 발생, 사용 방법).",
    ),
]
OutOpt = Annotated[
    Path | None, typer.Option("--out", "-o", help="Folder to write the CSV and JSON files to.")
]
FormatOpt = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="table (for people) or json (stdout).")
]
UserdictOpt = Annotated[
    Path | None,
    typer.Option(help="Your Kiwi user dictionary (word<TAB>tag<TAB>score), added to ours."),
]
StopwordsOpt = Annotated[
    Path | None, typer.Option(help="Your stopword list (one term per line), added to ours.")
]
EncodingOpt = Annotated[
    str | None, typer.Option(help="Read every input with this encoding (e.g. cp949).")
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress or notes on stderr.")]
ColumnsOpt = Annotated[
    str | None,
    typer.Option(
        help="Column names for CSV/Excel/JSONL inputs, e.g. text=본문,title=제목,date=일자.",
    ),
]
IncludeExcludedOpt = Annotated[
    bool,
    typer.Option(help="Keep BigKinds rows marked in 분석제외 여부 (중복, 예외, 제외)."),
]
MaxDocCharsOpt = Annotated[
    int,
    typer.Option(
        "--max-doc-chars",
        min=1,
        metavar="N",
        help="Characters one document (a .txt page, a table row) may have; a longer one is "
        "skipped with a message, since its analysis would take minutes.",
    ),
]
StrictOpt = Annotated[
    bool, typer.Option(help="Fail (exit 5) without analysing if any input cannot be read.")
]
TargetsOpt = Annotated[
    Path | None,
    typer.Option(help="Targets to compare (TOML: [[target]] name, aliases); default data/."),
]
ToneOpt = Annotated[
    Path | None,
    typer.Option("--tone-lexicon", help="Your tone lexicon (form<TAB>tag<TAB>±1<TAB>weight)."),
]
FramesOpt = Annotated[
    Path | None, typer.Option(help="Your frames file (TOML: [frame.NAME] cues = [...]).")
]
EvidenceOpt = Annotated[
    bool, typer.Option("--evidence", "-e", help="Print the sentences behind every count.")
]
JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Worker processes for tokenizing and the per-document analysis (default: all "
        "cores). Results are the same whatever the number.",
    ),
]
CacheOpt = Annotated[
    Path | None,
    typer.Option(
        "--cache",
        help="Folder of the token cache (default: $XDG_CACHE_HOME/ai-discourse, "
        "~/.cache/ai-discourse). A second run over the same articles reads it instead of "
        "tokenizing again.",
    ),
]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.")]


class EngineKind(StrEnum):
    local = "local"
    dask = "dask"


EngineOpt = Annotated[
    EngineKind,
    typer.Option(
        "--engine",
        help="local (worker processes on this machine) or dask (a dask.distributed "
        "LocalCluster of --jobs workers, or the cluster at --scheduler; needs "
        "pip install 'ai-discourse[dask]').",
    ),
]
SchedulerOpt = Annotated[
    str | None,
    typer.Option(
        "--scheduler", help="With --engine dask: an existing cluster, e.g. tcp://10.0.0.5:8786."
    ),
]


ExportOpt = Annotated[
    str | None,
    typer.Option(
        "--export",
        "-x",
        help="With --out: the formats to write, comma-separated: csv (a UTF-8 file per "
        "table, for Excel), parquet (a file per table, for pandas/R), xlsx (one workbook, "
        "a sheet per table), json (summary.json). Default: csv,json.",
    ),
]
ReportOpt = Annotated[
    Path | None,
    typer.Option(
        "--report",
        help="Also write a self-contained HTML report (charts, sortable tables, the "
        "evidence sentences) to this file: it opens offline in any browser.",
    ),
]
CollapseOpt = Annotated[
    bool,
    typer.Option(
        help="Count each cluster of near-duplicate articles (one wire story in several "
        "outlets, lightly rewritten) once: only its first article is analysed.",
    ),
]


@dataclass(frozen=True)
class _Engine:
    jobs: int | None = None
    cache: Path | None = None
    no_cache: bool = False
    kind: str = "local"
    scheduler: str | None = None

    def cache_dir(self) -> Path | None:
        from ai_discourse.engine import default_cache_dir

        return None if self.no_cache else self.cache or default_cache_dir()

    def job_count(self, *, quiet: bool = False) -> int:
        """The worker processes to start: --jobs (default: the cores), held to what the
        machine can run (see processes.plan_jobs), with a note when lowered."""
        from ai_discourse.processes import plan_jobs

        if self.kind == "dask" and self.scheduler:
            return self.jobs or 1  # the cluster's own workers do the work
        plan = plan_jobs(self.jobs)
        if plan.lowered and not quiet:
            _note(f"note: {plan.lowered}")
        return plan.jobs


@dataclass(frozen=True)
class _Common:
    """The options every analysing command takes (see `_with_common_options`)."""

    top: int | None = None
    out: Path | None = None
    output_format: OutputFormat = OutputFormat.table
    targets: Path | None = None
    userdict: Path | None = None
    stopwords: Path | None = None
    keep_verbal_nouns: bool = False
    tone_lexicon: Path | None = None
    frames: Path | None = None
    encoding: str | None = None
    columns: str | None = None
    include_excluded: bool = False
    strict: bool = False
    max_doc_chars: int = MAX_DOC_CHARS
    quiet: bool = False
    jobs: int | None = None
    cache: Path | None = None
    no_cache: bool = False
    engine: EngineKind = EngineKind.local
    scheduler: str | None = None
    collapse_near_duplicates: bool = False
    export: str | None = None
    report: Path | None = None

    def formats(self) -> tuple[str, ...]:
        """The --export formats, checked (a usage error names a wrong one)."""
        from ai_discourse.render.export import DEFAULT_FORMATS, check_formats

        if self.export is None:
            return DEFAULT_FORMATS
        names = [f.strip().lower() for f in self.export.split(",") if f.strip()]
        try:
            return check_formats(names)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--export") from None

    def settings(self) -> Settings:
        from dataclasses import replace

        from ai_discourse.config import Settings

        settings = Settings()  # the shipped resources, which the user's files add to or replace
        return replace(
            settings,
            top=self.top,
            keep_verbal_nouns=self.keep_verbal_nouns,
            encoding=self.encoding,
            columns=_parse_columns(self.columns),
            include_excluded=self.include_excluded,
            strict=self.strict,
            max_doc_chars=self.max_doc_chars,
            userdicts=settings.userdicts + ((self.userdict,) if self.userdict else ()),
            stopwords=settings.stopwords + ((self.stopwords,) if self.stopwords else ()),
            targets=self.targets or settings.targets,
            tone_lexicon=self.tone_lexicon or settings.tone_lexicon,
            frames=self.frames or settings.frames,
        )

    def run_engine(self) -> _Engine:
        return _Engine(self.jobs, self.cache, self.no_cache, self.engine.value, self.scheduler)


_COMMON_OPTIONS: dict[str, tuple[object, object]] = {
    "top": (TopOpt, None),
    "out": (OutOpt, None),
    "export": (ExportOpt, None),
    "report": (ReportOpt, None),
    "output_format": (FormatOpt, OutputFormat.table),
    "targets": (TargetsOpt, None),
    "userdict": (UserdictOpt, None),
    "stopwords": (StopwordsOpt, None),
    "keep_verbal_nouns": (KeepVerbalOpt, False),
    "tone_lexicon": (ToneOpt, None),
    "frames": (FramesOpt, None),
    "encoding": (EncodingOpt, None),
    "columns": (ColumnsOpt, None),
    "include_excluded": (IncludeExcludedOpt, False),
    "strict": (StrictOpt, False),
    "max_doc_chars": (MaxDocCharsOpt, MAX_DOC_CHARS),
    "quiet": (QuietOpt, False),
    "jobs": (JobsOpt, None),
    "cache": (CacheOpt, None),
    "no_cache": (NoCacheOpt, False),
    "engine": (EngineOpt, EngineKind.local),
    "scheduler": (SchedulerOpt, None),
    "collapse_near_duplicates": (CollapseOpt, False),
}


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


def _with_common_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command every option of `_Common` after its own: the command is written
    as `def name(paths, own options…, *, common: _Common)` and typer sees one flat list
    (the options are declared once, not once per command)."""
    import inspect
    import typing

    hints = typing.get_type_hints(command, include_extras=True)
    own = [
        p.replace(annotation=hints[p.name])
        for p in inspect.signature(command).parameters.values()
        if p.name != "common"
    ]
    shared = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=hint)
        for name, (hint, default) in _COMMON_OPTIONS.items()
    ]

    @wraps(command)
    @_interruptible
    def wrapper(*args: Any, **kwargs: Any) -> None:
        common = _Common(**{name: kwargs.pop(name) for name in _COMMON_OPTIONS})
        command(*args, common=common, **kwargs)

    del wrapper.__wrapped__  # typer must read the signature below, not the command's
    wrapper.__signature__ = inspect.Signature([*own, *shared])  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in (*own, *shared)}
    return wrapper


@app.command(epilog=EPILOG)
@_with_common_options
def analyze(paths: PathsArg, *, common: _Common) -> None:
    """Overview, keywords, TF-IDF per document, people and organisations, quotes, the
    stance of the corpus toward each target, and (in --out) trends, the semantic network
    and near-duplicates, for the articles under PATHS."""
    _run_and_emit(paths, common, view="analyze", depth=_shown_only(common))


@app.command(epilog=EPILOG)
@_with_common_options
def stance(paths: PathsArg, evidence: EvidenceOpt = False, *, common: _Common) -> None:
    """How the articles under PATHS portray each target: mentions, share of voice, tone,
    frames and distinctive words, with --evidence the sentences behind every count."""
    _run_and_emit(paths, common, view="stance", evidence=evidence, depth=_shown_only(common))


def _shown_only(common: _Common) -> Depth:
    """analyze and stance print no trends and no network: compute them only when a file
    (--out, --report) or the JSON document will hold them."""
    from ai_discourse.analysis import Depth

    if common.out is None and common.report is None and common.output_format is OutputFormat.table:
        return Depth(trends=None, network=False)
    return Depth()


class Period(StrEnum):
    day = "day"
    week = "week"
    month = "month"


@app.command(epilog=EPILOG)
@_with_common_options
def trends(
    paths: PathsArg,
    by: Annotated[Period, typer.Option("--by", help="The period of each row.")] = Period.month,
    keywords: Annotated[
        int, typer.Option("--keywords", min=0, help="Top keywords per period (0: none).")
    ] = 0,
    *,
    common: _Common,
) -> None:
    """Per day, week or month: documents, and for each target mentions, attributed
    sentences, positive and negative counts and net tone (trends.csv). Periods with
    fewer than 5 documents are flagged `sparse`."""
    from ai_discourse.analysis import Depth

    depth = Depth(trends=by.value, trend_keywords=keywords, network=False, near_duplicates=None)
    select = ("trends", "trend_keywords")
    _run_and_emit(paths, common, view="trends", depth=depth, select=select)


class Measure(StrEnum):
    frequency = "frequency"
    pmi = "pmi"
    jaccard = "jaccard"
    g2 = "g2"


class Communities(StrEnum):
    louvain = "louvain"
    concor = "concor"


@app.command(epilog=EPILOG)
@_with_common_options
def network(
    paths: PathsArg,
    nodes: Annotated[
        int, typer.Option(min=2, help="At most this many nodes: the terms in most sentences.")
    ] = 100,
    min_count: Annotated[
        int, typer.Option(min=1, help="Sentences a term must occur in to be a node.")
    ] = 3,
    min_edge: Annotated[
        int, typer.Option(min=1, help="Sentences two terms must share to be linked.")
    ] = 3,
    edges: Annotated[int, typer.Option(min=1, help="At most this many edges, best first.")] = 500,
    measure: Annotated[
        Measure, typer.Option(help="Edge score: frequency, pmi, jaccard or g2 (log-likelihood).")
    ] = Measure.frequency,
    communities: Annotated[
        Communities, typer.Option(help="louvain (modularity) or concor (block model).")
    ] = Communities.louvain,
    *,
    common: _Common,
) -> None:
    """The semantic network: terms that occur in the same sentence, with degree,
    betweenness and eigenvector centrality, communities, and each target's neighbours
    (network_nodes.csv, network_edges.csv, network_ego.csv, network.graphml)."""
    from ai_discourse.analysis import Depth
    from ai_discourse.analysis.network import NetworkOptions

    options = NetworkOptions(
        nodes=nodes,
        min_count=min_count,
        min_edge=min_edge,
        edges=edges,
        measure=measure.value,
        communities=communities.value,
    )
    depth = Depth(trends=None, near_duplicates=None, network_options=options)
    select = ("network_nodes", "network_edges", "network_ego")
    _run_and_emit(paths, common, view="network", depth=depth, select=select)


@app.command(epilog=EPILOG)
@_with_common_options
def keyness(
    paths: PathsArg,
    group_by: Annotated[
        str,
        typer.Option(
            "--group-by",
            "-g",
            help="kind, source, month, target (the documents that mention each) or "
            "meta.FIELD (a column or key of the inputs).",
        ),
    ] = "kind",
    min_count: Annotated[
        int, typer.Option(min=1, help="Times a term must occur in a group to be key.")
    ] = 5,
    *,
    common: _Common,
) -> None:
    """The words that set each group of documents apart from the rest: log-odds with an
    informative Dirichlet prior and z-scores, G² and its p-value, and an example of
    each in context (keyness.csv)."""
    from ai_discourse.analysis import Depth
    from ai_discourse.analysis.keyness import check_grouping

    try:
        check_grouping(group_by)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--group-by") from None
    depth = Depth(
        trends=None, network=False, near_duplicates=None, keyness=group_by, keyness_min=min_count
    )
    _run_and_emit(paths, common, view="keyness", depth=depth, select=("keyness",))


class TopicMethod(StrEnum):
    nmf = "nmf"
    lda = "lda"


@app.command(epilog=EPILOG)
@_with_common_options
def topics(
    paths: PathsArg,
    k: Annotated[int, typer.Option("--k", "-k", min=1, help="Number of topics.")] = 10,
    method: Annotated[
        TopicMethod, typer.Option(help="nmf (on TF-IDF) or lda (on counts).")
    ] = TopicMethod.nmf,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed, the same topics.")] = 42,
    by: Annotated[
        Period, typer.Option("--by", help="The period of the topic shares over time.")
    ] = Period.month,
    *,
    common: _Common,
) -> None:
    """Topics (scikit-learn NMF or LDA on the Kiwi terms): top words, representative
    documents, each document's topics, and topic shares per target and period
    (topics.csv, topic_documents.csv, doc_topics.csv, topic_shares.csv)."""
    from ai_discourse.analysis import Depth
    from ai_discourse.analysis.topics import TopicOptions

    options = TopicOptions(k=k, method=method.value, seed=seed, by=by.value)
    depth = Depth(trends=None, network=False, near_duplicates=None, topics=options)
    select = ("topics", "topic_documents", "doc_topics", "topic_shares")
    _run_and_emit(paths, common, view="topics", depth=depth, select=select)


@app.command(epilog=EPILOG)
@_with_common_options
def terms(
    paths: PathsArg,
    min_count: Annotated[
        int, typer.Option(min=2, help="Times a compound must occur to be listed.")
    ] = 3,
    userdict_out: Annotated[
        Path | None,
        typer.Option(help="Also write the terms as a user dictionary for --userdict."),
    ] = None,
    *,
    common: _Common,
) -> None:
    """Compound terms that should be one unit (소버린 AI, 거대언어모델): adjacent nouns
    scored by cohesion (normalised PMI) and branching entropy (terms.csv)."""
    from ai_discourse.analysis import Depth

    depth = Depth(trends=None, network=False, near_duplicates=None, compounds=min_count)
    result = _run_and_emit(
        paths, common, view="terms", depth=depth, select=("terms",), exit_partial=False
    )
    if userdict_out is not None and result.terms is not None:
        from ai_discourse.analysis.terms import userdict_text
        from ai_discourse.render.export import atomic_write

        try:
            atomic_write(userdict_out, userdict_text(result.terms).encode("utf-8"))
        except OSError as exc:
            _fail(f"{userdict_out}: cannot write ({exc.strerror or exc})", ExitCode.FAILURE)
        if not common.quiet:
            _note(f"wrote {len(result.terms)} terms to {userdict_out}")
    if result.skipped:
        raise typer.Exit(ExitCode.PARTIAL)


@app.command(epilog=EPILOG)
@_interruptible
def kwic(
    paths: PathsArg,
    term: Annotated[str, typer.Option("--term", "-t", help="The word or phrase to find.")],
    window: Annotated[
        int, typer.Option("--window", "-w", min=1, help="Characters of context each side.")
    ] = 30,
    partial: Annotated[
        bool,
        typer.Option(help="Also inside longer nouns (딥시크쇼크 for 딥시크)."),
    ] = False,
    top: TopOpt = None,
    out: OutOpt = None,
    output_format: FormatOpt = OutputFormat.table,
    userdict: UserdictOpt = None,
    encoding: EncodingOpt = None,
    columns: ColumnsOpt = None,
    include_excluded: IncludeExcludedOpt = False,
    strict: StrictOpt = False,
    max_doc_chars: MaxDocCharsOpt = MAX_DOC_CHARS,
    quiet: QuietOpt = False,
) -> None:
    """Keyword in context: every place the articles under PATHS write TERM, matched as
    Kiwi reads it (딥시크는, 딥시크의 match 딥시크), with the text around it (kwic.csv)."""
    from ai_discourse.pipeline import kwic as find

    common = _Common(
        top=top,
        out=out,
        output_format=output_format,
        userdict=userdict,
        encoding=encoding,
        columns=columns,
        include_excluded=include_excluded,
        strict=strict,
        max_doc_chars=max_doc_chars,
        quiet=quiet,
    )
    try:
        rows, skipped = find(
            paths,
            term,
            settings=common.settings(),
            window=window,
            partial=partial,
            on_note=None if quiet else _print_note,
        )
    except StrictInputError as exc:
        for item in exc.skipped:
            _note(f"error: {item.message()}")
        _fail(str(exc), exc.exit_code)
    except AiDiscourseError as exc:
        _fail(str(exc), exc.exit_code)
    for item in skipped:
        _note(f"error: {item.message()}")
    _emit_rows(rows, common, name="kwic", title=f"{term}: {len(rows):,} places")
    if skipped:
        raise typer.Exit(ExitCode.PARTIAL)


cache_app = typer.Typer(
    help="The token cache: what a second run over the same articles reads instead of "
    "tokenizing again.",
    no_args_is_help=True,
)
app.add_typer(cache_app, name="cache")


@cache_app.command("info")
def cache_info(cache: CacheOpt = None) -> None:
    """Where the cache is, how many documents it holds and its size (JSON on stdout)."""
    import json

    from ai_discourse.engine import cache_info as read_info
    from ai_discourse.engine import default_cache_dir

    info = read_info(cache or default_cache_dir())
    payload = {
        "path": str(info.path),
        "documents": info.entries,
        "bytes": info.bytes,
        "problem": info.problem,
    }
    sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")


@cache_app.command("clear")
def cache_clear(cache: CacheOpt = None) -> None:
    """Delete the cache (the next run tokenizes everything again)."""
    from ai_discourse.engine import clear_cache, default_cache_dir

    folder = cache or default_cache_dir()
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
@_with_common_options
def config_show(ctx: typer.Context, *, common: _Common) -> None:
    """The effective settings of an analysing command and where each came from: the
    default, the project file, or an option given here (try `config show --top 3`)."""
    import json
    from dataclasses import fields

    project = ctx.find_root().meta.get("project_file")
    rows = []
    for f in fields(common):
        source = ctx.get_parameter_source(f.name)
        origin = {"DEFAULT_MAP": str(project), "COMMANDLINE": "option"}.get(
            source.name if source is not None else "", "default"
        )
        value = getattr(common, f.name)
        shown = value.value if isinstance(value, Enum) else value
        rows.append(
            {
                "setting": f.name.replace("_", "-"),
                "value": None if shown is None else str(shown),
                "from": origin,
            }
        )
    if common.output_format is OutputFormat.json:
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


def _run_and_emit(
    paths: list[Path],
    common: _Common,
    *,
    view: str,
    evidence: bool = False,
    depth: Depth | None = None,
    select: tuple[str, ...] | None = None,
    exit_partial: bool = True,
) -> Analysis:
    """What every analysing command does after reading its options: analyse, show,
    export (`select`: only these tables), and exit with PARTIAL when some input was
    skipped (unless the command has more to do first)."""
    from dataclasses import replace

    from ai_discourse.analysis import Depth

    settings = common.settings()
    formats = common.formats()
    depth = depth or Depth()
    if common.collapse_near_duplicates:
        threshold = depth.near_duplicates or Depth().near_duplicates
        depth = replace(depth, near_duplicates=threshold, collapse=True)
        if select is not None:
            select = (*select, "near_duplicates")
    result = _run(
        paths,
        settings,
        quiet=common.quiet,
        chatty=common.output_format is not OutputFormat.json,
        engine=common.run_engine(),
        depth=depth,
    )
    result.select = select
    _emit(
        result,
        out=common.out,
        output_format=common.output_format,
        quiet=common.quiet,
        view=view,
        evidence=evidence,
        top=settings.top,
        formats=formats,
        report=common.report,
    )
    if exit_partial and result.skipped:
        raise typer.Exit(ExitCode.PARTIAL)
    return result


def _emit_rows(rows: list[dict[str, object]], common: _Common, *, name: str, title: str) -> None:
    """A command's one table of rows (kwic): JSON rows or a rich table on stdout, and
    `<name>.csv` under --out."""
    import json

    import pandas as pd

    from ai_discourse.render import export

    table = pd.DataFrame(rows, columns=_ROW_COLUMNS[name])
    if common.output_format is OutputFormat.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    else:
        from ai_discourse.render.depth import render_rows
        from ai_discourse.render.safe import terminal_console

        console = terminal_console()
        render_rows(table, console, name=name, title=title, top=common.top, out=common.out)
    if common.out is not None:
        from ai_discourse.render.publish import publish

        files = {f"{name}.csv": lambda handle: export.write_csv(table, handle)}
        try:
            publish(common.out, files, extra={"command": name})
        except OSError as exc:
            _fail(f"{common.out}: cannot write ({exc.strerror or exc})", ExitCode.FAILURE)
        if not common.quiet:
            _note(f"wrote {common.out / f'{name}.csv'}")


_ROW_COLUMNS = {"kwic": ["doc_id", "title", "sentence", "start", "end", "left", "term", "right"]}


def _parse_columns(value: str | None) -> tuple[tuple[str, str], ...]:
    """`text=본문,title=제목` -> (("text", "본문"), ("title", "제목"))."""
    from ai_discourse.load.tabular import FIELDS

    if not value:
        return ()
    pairs = []
    for item in value.split(","):
        name, sep, column = item.partition("=")
        name = name.strip().lower()
        if not sep or not column.strip() or name not in FIELDS:
            raise typer.BadParameter(
                f"{item.strip()!r}: expected FIELD=COLUMN with FIELD one of {', '.join(FIELDS)}",
                param_hint="--columns",
            )
        pairs.append((name, column.strip()))
    return tuple(pairs)


def _note(message: str) -> None:
    """A message for the person at the terminal: stderr, unwrapped, so scripts can grep it."""
    from ai_discourse.render.safe import terminal_text

    # Messages quote file names and document text: no control of theirs may reach stderr.
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
    engine: _Engine,
    depth: Depth | None = None,
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
        engine=engine.kind,
        scheduler=engine.scheduler,
        depth=depth,
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


def _emit(
    result: Analysis,
    *,
    out: Path | None,
    output_format: OutputFormat,
    quiet: bool,
    view: str,
    evidence: bool = False,
    top: int | None = None,
    formats: tuple[str, ...] = ("csv", "json"),
    report: Path | None = None,
) -> None:
    from ai_discourse.render import export

    # The files first: whatever happens while the terminal is drawn, the run is kept.
    _write_files(result, out=out, formats=formats, report=report, quiet=quiet, view=view)
    if output_format is OutputFormat.json:
        sys.stdout.write(export.document_text(result))
    else:
        from ai_discourse.render.console import render_analysis, render_stance
        from ai_discourse.render.safe import terminal_console

        console = terminal_console()
        if view == "stance":
            render_stance(result, console, evidence=evidence, top=top, out=out)
        elif view == "analyze":
            render_analysis(result, console, top=top, out=out)
        else:
            from ai_discourse.render.depth import render_depth

            render_depth(result, console, view, top=top, out=out)


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
