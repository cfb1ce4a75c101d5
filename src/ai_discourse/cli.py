"""The `ai-discourse` command. The only module that imports typer; it parses options and
calls the library. Heavy imports happen inside the commands so `--help` is instant."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from ai_discourse import __version__
from ai_discourse.errors import AiDiscourseError, ExitCode, StrictInputError

if TYPE_CHECKING:
    from ai_discourse.analysis import Analysis, DocSummary
    from ai_discourse.config import Settings

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
    add_completion=False,
)


class OutputFormat(StrEnum):
    table = "table"
    json = "json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ai-discourse {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Analyse Korean news articles and blog posts."""


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

    def job_count(self) -> int:
        from ai_discourse.engine import default_jobs

        return self.jobs or default_jobs()


def _settings(
    *,
    top: int | None = None,
    keep_verbal_nouns: bool = False,
    encoding: str | None,
    userdict: Path | None,
    stopwords: Path | None,
    targets: Path | None,
    tone_lexicon: Path | None,
    frames: Path | None,
    columns: str | None,
    include_excluded: bool,
    strict: bool,
) -> Settings:
    from dataclasses import replace

    from ai_discourse.config import Settings

    settings = Settings()  # the shipped resources, which the user's files add to or replace
    return replace(
        settings,
        top=top,
        keep_verbal_nouns=keep_verbal_nouns,
        encoding=encoding,
        columns=_parse_columns(columns),
        include_excluded=include_excluded,
        strict=strict,
        userdicts=settings.userdicts + ((userdict,) if userdict else ()),
        stopwords=settings.stopwords + ((stopwords,) if stopwords else ()),
        targets=targets or settings.targets,
        tone_lexicon=tone_lexicon or settings.tone_lexicon,
        frames=frames or settings.frames,
    )


@app.command(epilog=EPILOG)
def analyze(
    paths: PathsArg,
    top: TopOpt = None,
    out: OutOpt = None,
    output_format: FormatOpt = OutputFormat.table,
    userdict: UserdictOpt = None,
    stopwords: StopwordsOpt = None,
    keep_verbal_nouns: KeepVerbalOpt = False,
    encoding: EncodingOpt = None,
    columns: ColumnsOpt = None,
    include_excluded: IncludeExcludedOpt = False,
    strict: StrictOpt = False,
    targets: TargetsOpt = None,
    tone_lexicon: ToneOpt = None,
    frames: FramesOpt = None,
    quiet: QuietOpt = False,
    jobs: JobsOpt = None,
    cache: CacheOpt = None,
    no_cache: NoCacheOpt = False,
    engine: EngineOpt = EngineKind.local,
    scheduler: SchedulerOpt = None,
) -> None:
    """Overview, keywords, TF-IDF per document, people and organisations, quotes, and the
    stance of the corpus toward each target, for the articles under PATHS."""
    settings = _settings(
        top=top,
        keep_verbal_nouns=keep_verbal_nouns,
        encoding=encoding,
        userdict=userdict,
        stopwords=stopwords,
        targets=targets,
        tone_lexicon=tone_lexicon,
        frames=frames,
        columns=columns,
        include_excluded=include_excluded,
        strict=strict,
    )
    _run_and_emit(
        paths,
        settings,
        out=out,
        output_format=output_format,
        quiet=quiet,
        view="analyze",
        engine=_Engine(jobs, cache, no_cache, engine.value, scheduler),
    )


@app.command(epilog=EPILOG)
def stance(
    paths: PathsArg,
    evidence: EvidenceOpt = False,
    targets: TargetsOpt = None,
    top: TopOpt = None,
    out: OutOpt = None,
    output_format: FormatOpt = OutputFormat.table,
    tone_lexicon: ToneOpt = None,
    frames: FramesOpt = None,
    userdict: UserdictOpt = None,
    stopwords: StopwordsOpt = None,
    keep_verbal_nouns: KeepVerbalOpt = False,
    encoding: EncodingOpt = None,
    columns: ColumnsOpt = None,
    include_excluded: IncludeExcludedOpt = False,
    strict: StrictOpt = False,
    quiet: QuietOpt = False,
    jobs: JobsOpt = None,
    cache: CacheOpt = None,
    no_cache: NoCacheOpt = False,
    engine: EngineOpt = EngineKind.local,
    scheduler: SchedulerOpt = None,
) -> None:
    """How the articles under PATHS portray each target: mentions, share of voice, tone,
    frames and distinctive words, with --evidence the sentences behind every count."""
    settings = _settings(
        top=top,
        keep_verbal_nouns=keep_verbal_nouns,
        encoding=encoding,
        userdict=userdict,
        stopwords=stopwords,
        targets=targets,
        tone_lexicon=tone_lexicon,
        frames=frames,
        columns=columns,
        include_excluded=include_excluded,
        strict=strict,
    )
    _run_and_emit(
        paths,
        settings,
        out=out,
        output_format=output_format,
        quiet=quiet,
        view="stance",
        evidence=evidence,
        engine=_Engine(jobs, cache, no_cache, engine.value, scheduler),
    )


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
    payload = {"path": str(info.path), "documents": info.entries, "bytes": info.bytes}
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


def _run_and_emit(
    paths: list[Path],
    settings: Settings,
    *,
    out: Path | None,
    output_format: OutputFormat,
    quiet: bool,
    view: str,
    evidence: bool = False,
    engine: _Engine | None = None,
) -> None:
    """What every command does after reading its options: analyse, show, export, and exit
    with PARTIAL when some input was skipped."""
    result = _run(
        paths,
        settings,
        quiet=quiet or output_format is OutputFormat.json,
        engine=engine or _Engine(),
    )
    _emit(
        result,
        out=out,
        output_format=output_format,
        quiet=quiet,
        view=view,
        evidence=evidence,
        top=settings.top,
    )
    if result.skipped:
        raise typer.Exit(ExitCode.PARTIAL)


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
    typer.echo(message, err=True)


def _fail(message: str, code: ExitCode) -> NoReturn:
    _note(f"error: {message}")
    raise typer.Exit(code)


def _run(paths: list[Path], settings: Settings, *, quiet: bool, engine: _Engine) -> Analysis:
    """Analyse; a progress bar on stderr (documents, characters per second, time left)
    when stderr is a terminal and nothing asked for silence."""
    from rich.console import Console

    from ai_discourse.pipeline import analyze as run_pipeline

    err = Console(stderr=True)
    run = partial(
        run_pipeline,
        paths,
        settings=settings,
        jobs=engine.job_count(),
        cache_dir=engine.cache_dir(),
        engine=engine.kind,
        scheduler=engine.scheduler,
    )
    try:
        if quiet or not err.is_terminal:
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
    if not quiet:
        for note in result.notes:
            _note(f"note: {note.text()}")
    return result


def _emit(
    result: Analysis,
    *,
    out: Path | None,
    output_format: OutputFormat,
    quiet: bool,
    view: str,
    evidence: bool = False,
    top: int | None = None,
) -> None:
    from ai_discourse.render import export

    if output_format is OutputFormat.json:
        sys.stdout.write(export.document_text(result))
    else:
        from rich.console import Console

        from ai_discourse.render.console import render_analysis, render_stance

        console = Console(highlight=False)
        if view == "stance":
            render_stance(result, console, evidence=evidence, top=top, out=out)
        else:
            render_analysis(result, console, top=top, out=out)
    if out is not None:
        try:
            written = export.export(result, out)
        except OSError as exc:
            _fail(f"{out}: cannot write ({exc.strerror or exc})", ExitCode.FAILURE)
        if not quiet:
            _note(f"wrote {len(written)} files to {out}")
