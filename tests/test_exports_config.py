"""Exports for every tool (CSV, Parquet, one Excel workbook, JSON) and the project file
(`ai-discourse.toml`, `--config`, `config show`), through the real CLI on real pages."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from ai_discourse.cli import app

from .conftest import SEEDS

runner = CliRunner()
HOSTILE_TITLE = '=HYPERLINK("http://evil.example","클릭")'


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real seed page's text under a title that a spreadsheet would run as a formula."""
    folder = tmp_path_factory.mktemp("hostile")
    body = (SEEDS / "000_069fa59ddfa03867.txt").read_text(encoding="utf-8")
    record = {"id": "h1", "title": HOSTILE_TITLE, "text": body[:1500], "source": "@출처"}
    (folder / "h.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    return folder


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, hostile: Path) -> Path:
    out = tmp_path_factory.mktemp("exports") / "out"
    result = runner.invoke(
        app,
        ["analyze", str(SEEDS), str(hostile), "-o", str(out), "-x", "csv,parquet,xlsx,json", "-q"],
    )
    assert result.exit_code == 0, result.output
    return out


def test_every_format_holds_every_table_with_the_same_columns(exported: Path) -> None:
    csvs = sorted(p.stem for p in exported.glob("*.csv"))
    assert sorted(p.stem for p in exported.glob("*.parquet")) == csvs
    book = pd.read_excel(exported / "ai-discourse.xlsx", sheet_name=None)
    assert sorted(book) == csvs
    for name in csvs:
        csv = pd.read_csv(exported / f"{name}.csv", encoding="utf-8-sig")
        parquet = pd.read_parquet(exported / f"{name}.parquet")
        assert list(parquet.columns) == list(csv.columns) == list(book[name].columns), name
        assert len(parquet) == len(csv) == len(book[name]), name
    assert (exported / "summary.json").exists()


def test_the_workbook_is_readable_in_excel(exported: Path) -> None:
    book = load_workbook(exported / "ai-discourse.xlsx", read_only=False)
    quotes = book["quotes"]
    assert quotes.freeze_panes == "A2"
    header = [c.value for c in quotes[1]]
    assert header[:3] == ["doc_id", "speaker", "speaker_type"]
    speakers = {row[1] for row in quotes.iter_rows(min_row=2, values_only=True)}
    assert "김기응" in speakers  # Korean intact
    quote_column = header.index("quote") + 1
    width = quotes.column_dimensions[quotes.cell(1, quote_column).column_letter].width
    assert width == 60  # long Korean text: as wide as allowed
    assert quotes.column_dimensions["C"].width < 20


def test_a_formula_title_is_text_in_excel_and_exact_in_parquet(exported: Path) -> None:
    book = load_workbook(exported / "ai-discourse.xlsx")
    documents = book["documents"]
    header = [c.value for c in documents[1]]
    titles = [documents.cell(r, header.index("title") + 1) for r in range(2, 5)]
    hostile = next(c for c in titles if "HYPERLINK" in str(c.value))
    assert hostile.data_type == "s"  # a string cell, never a formula
    assert hostile.value == "'" + HOSTILE_TITLE  # neutralised as in the CSV
    sources = [documents.cell(r, header.index("source") + 1).value for r in range(2, 5)]
    assert "'@출처" in sources
    csv = (exported / "documents.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in csv
    parquet = pd.read_parquet(exported / "documents.parquet")
    assert HOSTILE_TITLE in set(parquet["title"])  # for pandas and R: the text as found


def test_only_the_formats_asked_for_are_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["trends", str(SEEDS), "-o", str(out), "-x", "xlsx", "-q"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["ai-discourse.xlsx", "run.json", "trends.svg"]
    assert load_workbook(out / "ai-discourse.xlsx").sheetnames == ["trends"]


def test_an_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(SEEDS), "-o", str(tmp_path), "-x", "csv,pdf"])
    assert result.exit_code == 2
    assert "'pdf'" in result.output and "parquet" in result.output


# --- the project file -------------------------------------------------------------------


def _in(folder: Path, text: str) -> Path:
    path = folder / "ai-discourse.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_top_in_the_project_file_shows_five_keywords(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _in(tmp_path, "top = 5\n")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["analyze", str(SEEDS), "-q"])
    assert result.exit_code == 0, result.output
    table = result.stdout.split("Top keywords")[1].split("more terms")[0]
    rows = [line for line in table.splitlines() if line.startswith("│")]
    assert [int(r.split("│")[1]) for r in rows] == [1, 2, 3, 4, 5]
    shown = runner.invoke(app, ["config", "show", "-f", "json"])
    assert shown.exit_code == 0, shown.output
    settings = {s["setting"]: s for s in json.loads(shown.stdout)["settings"]}
    assert settings["top"] == {
        "setting": "top",
        "value": "5",
        "from": str(tmp_path / "ai-discourse.toml"),
    }
    assert settings["jobs"]["from"] == "default"


def test_the_command_line_overrides_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _in(tmp_path, 'top = 5\nexport = ["csv", "parquet"]\n')
    monkeypatch.chdir(tmp_path)
    shown = runner.invoke(app, ["config", "show", "--top", "3", "-f", "json"])
    settings = {s["setting"]: s for s in json.loads(shown.stdout)["settings"]}
    assert settings["top"]["value"] == "3" and settings["top"]["from"] == "option"
    assert settings["export"]["value"] == "csv,parquet"
    out = tmp_path / "out"
    result = runner.invoke(app, ["trends", str(SEEDS), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert {p.suffix for p in out.iterdir() if p.name != "run.json"} == {".csv", ".parquet", ".svg"}


def test_a_command_table_and_paths_relative_to_the_file(tmp_path: Path) -> None:
    targets = tmp_path / "conf" / "mine.toml"
    targets.parent.mkdir()
    targets.write_text('[[target]]\nname = "딥시크"\naliases = ["DeepSeek"]\n', "utf-8")
    config = targets.parent / "project.toml"
    config.write_text('targets = "mine.toml"\n[network]\nnodes = 12\n', "utf-8")
    result = runner.invoke(app, ["--config", str(config), "network", str(SEEDS), "-f", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert len(document["network_nodes"]) == 12
    assert {r["target"] for r in document["network_ego"]} == {"딥시크"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colour = 1\n", "unknown key 'colour'"),
        ('top = "five"\n', "top = 'five': expected a whole number"),
        ("top = 0\n", "top = 0: expected at least 1"),
        ('engine = "spark"\n', "engine = 'spark': expected one of local, dask"),
        ("[netwrok]\nnodes = 3\n", "[netwrok]: no such command"),
        ("[trends]\nnodes = 3\n", "[trends] 'nodes': not an option of trends"),
        ("top = \n", "not valid TOML"),
    ],
)
def test_a_bad_project_file_is_a_usage_error_naming_the_file_and_key(
    text: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _in(tmp_path, text)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["analyze", str(SEEDS), "-q"])
    assert result.exit_code == 2
    assert f"error: {path}: " in result.output and message in result.output


def test_a_missing_config_file_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--config", str(tmp_path / "no.toml"), "analyze", str(SEEDS)])
    assert result.exit_code == 2
    assert "no.toml: file not found" in result.output


# --- terminals ----------------------------------------------------------------------------


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return subprocess.run(
        [sys.executable, "-m", "ai_discourse", *args],
        capture_output=True,
        text=True,
        env=environment | env,
        check=False,
    )


COLOUR = re.compile(r"\x1b\[(3\d|9\d|38;)")


def test_no_colour_when_piped_or_asked(tmp_path: Path) -> None:
    piped = _run("stance", str(SEEDS), "-q", "-n", "3")
    assert piped.returncode == 0 and "\x1b[" not in piped.stdout
    forced = _run("stance", str(SEEDS), "-q", "-n", "3", FORCE_COLOR="1")
    assert COLOUR.search(forced.stdout)  # a colour terminal gets colour (net tone) …
    plain = _run("stance", str(SEEDS), "-q", "-n", "3", FORCE_COLOR="1", NO_COLOR="1")
    assert plain.returncode == 0 and not COLOUR.search(plain.stdout)  # … unless NO_COLOR


def test_shell_completion_is_offered() -> None:
    result = runner.invoke(app, ["--help"])
    assert "--install-completion" in result.output and "--show-completion" in result.output


def test_the_data_dictionary_describes_every_column_and_is_in_the_readme() -> None:
    import ai_discourse
    from ai_discourse.analysis.kwic import KWIC
    from ai_discourse.analysis.registry import dictionary_markdown, specs
    from ai_discourse.analysis.topics import TopicOptions

    from .test_depth import LAYOUTS

    depth = ai_discourse.Depth(
        keyness="kind", topics=TopicOptions(k=3), compounds=2, trend_keywords=3
    )
    result = ai_discourse.analyze([SEEDS, LAYOUTS], jobs=1, depth=depth)
    tables = {name: list(t.columns) for name, t in result.tables().items()}
    tables["kwic"] = ["doc_id", "title", "sentence", "start", "end", "left", "term", "right"]
    documented = {t.name: t for s in specs() for t in s.tables} | {"kwic": KWIC}
    assert set(tables) == set(documented)
    missing = [
        (t, c) for t, columns in tables.items() for c in columns if not documented[t].describe(c)
    ]
    assert missing == []
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert dictionary_markdown() in readme


def test_the_report_option_writes_one_self_contained_page(tmp_path: Path, hostile: Path) -> None:
    report = tmp_path / "report.html"
    result = runner.invoke(app, ["stance", str(SEEDS), str(hostile), "--report", str(report), "-q"])
    assert result.exit_code == 0, result.output
    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "네이버" in page and "<svg" in page
    assert "=HYPERLINK(&quot;http://evil.example&quot;" in page  # shown, escaped
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", page)
    assert list(tmp_path.iterdir()) == [report]  # no temporary file left behind
