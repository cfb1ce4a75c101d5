"""The command line, through typer's CliRunner (real files, real Kiwi)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from ai_discourse import __version__
from ai_discourse.cli import app
from ai_discourse.errors import ExitCode

from .conftest import SEEDS

runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"ai-discourse {__version__}\n"


def test_help_lists_examples_and_exit_codes() -> None:
    result = runner.invoke(app, ["analyze", "--help"])
    assert result.exit_code == 0
    assert "ai-discourse analyze seeds/" in result.stdout
    assert "3 some inputs skipped" in result.stdout


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys; from ai_discourse.cli import app\n"
        "heavy = {'kiwipiepy', 'pandas', 'sklearn', 'numpy'} & set(sys.modules)\n"
        "print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_analyze_seeds_table() -> None:
    result = runner.invoke(app, ["analyze", str(SEEDS)])
    assert result.exit_code == 0, result.output
    assert "Top keywords" in result.stdout
    assert "딥시크" in result.stdout
    assert result.stderr == ""


def test_analyze_json_is_the_only_stdout(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(SEEDS), "--format", "json", "--top", "5"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["schema_version"] == 1
    assert doc["tool"] == {"name": "ai-discourse", "version": __version__}
    assert doc["overview"]["documents"] == 2
    assert [k["term"] for k in doc["keywords"]][:2] == ["AI", "딥시크"]
    # --top cuts terminal tables only: JSON holds the whole table (the first 100 terms on
    # the seeds, which have fewer than 100 terms seen twice), as keywords.csv does.
    assert len(doc["keywords"]) == 100
    assert sum(k["tf"] >= 2 for k in doc["keywords"]) < 100
    assert {d["kind"] for d in doc["documents"]} == {"news", "blog"}
    assert doc["skipped"] == []


def test_out_writes_excel_ready_csv(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["analyze", str(SEEDS), "--out", str(out), "--quiet"])
    assert result.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "documents.csv",
        "entities.csv",
        "entities_by_doc.csv",
        "keywords.csv",
        "near_duplicates.csv",
        "network.graphml",
        "network.svg",
        "network_edges.csv",
        "network_ego.csv",
        "network_nodes.csv",
        "quoted_terms.csv",
        "quotes.csv",
        "run.json",
        "stance.csv",
        "stance_evidence.csv",
        "stance_frames.csv",
        "stance_words.csv",
        "summary.json",
        "tfidf.csv",
        "trends.csv",
        "trends.svg",
    ]
    raw = (out / "keywords.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfrank,term,tf,df,share")
    keywords = pd.read_csv(out / "keywords.csv", encoding="utf-8-sig")
    assert "네이버" in set(keywords.term)
    documents = pd.read_csv(out / "documents.csv", encoding="utf-8-sig")
    assert list(documents.source) == ["머니투데이", "Tistory"]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["overview"]["documents"] == 2


def test_bad_file_is_reported_and_the_rest_analysed(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(
        "카카오가 새 AI 서비스를 공개했다. 이용자 반응이 좋다.", encoding="utf-8"
    )
    bad = tmp_path / "old.txt"
    bad.write_bytes("구형 윈도 파일".encode("cp949") + b"\xff\xfe\xfa" * 3)
    result = runner.invoke(app, ["analyze", str(tmp_path), "--format", "json"])
    assert result.exit_code == ExitCode.PARTIAL == 3
    assert result.stderr.startswith(f"error: {bad}: not UTF-8 (")
    assert "--encoding" in result.stderr
    doc = json.loads(result.stdout)
    assert doc["overview"]["documents"] == 1
    assert doc["skipped"][0]["path"] == str(bad)


def test_nothing_to_analyse(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(tmp_path / "missing")])
    assert result.exit_code == ExitCode.NO_INPUT == 4
    assert result.stderr == (
        f"error: no article to analyse ({tmp_path / 'missing'}: no such file or directory "
        "(check the path))\n"
    )
    assert result.stdout == ""


def test_bad_userdict_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "dict.tsv"
    bad.write_text("단어\tWRONG\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(SEEDS), "--userdict", str(bad)])
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == f"error: {bad}: '단어' has unknown POS tag 'WRONG' (e.g. NNP, NNG)\n"


def test_user_stopwords_remove_terms(tmp_path: Path) -> None:
    stop = tmp_path / "stop.txt"
    stop.write_text("AI\n딥시크\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(SEEDS), "--stopwords", str(stop), "-f", "json"])
    terms = [k["term"] for k in json.loads(result.stdout)["keywords"]]
    assert "AI" not in terms and "딥시크" not in terms
    assert terms[:3] == ["기업", "네이버", "카카오"]


def test_stance_command_prints_the_evidence() -> None:
    result = runner.invoke(app, ["stance", str(SEEDS), "--evidence"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    for heading in (
        "Stance: 네이버 | 카카오",
        "Frames per target",
        "Distinctive words",
        "Evidence: 네이버",
        "Evidence: 카카오",
    ):
        assert heading in out
    assert "감감무소식" in out


def test_three_targets_from_a_users_file(tmp_path: Path) -> None:
    targets = tmp_path / "targets.toml"
    targets.write_text(
        '[[target]]\nname = "네이버"\naliases = ["NAVER"]\n\n'
        '[[target]]\nname = "카카오"\naliases = []\n\n'
        '[[target]]\nname = "삼성"\naliases = ["삼성전자", "Samsung"]\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["stance", str(SEEDS), "--targets", str(targets), "-f", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    overall = {r["target"]: r for r in doc["stance"] if r["scope_type"] == "corpus"}
    assert set(overall) == {"네이버", "카카오", "삼성"}
    assert overall["삼성"]["mentions"] == 3  # 삼성 twice and 삼성전자 once, all in the blog
    assert sum(r["share_of_voice"] for r in overall.values()) == pytest.approx(1.0, abs=1e-3)
    assert {e["target"] for e in doc["stance_evidence"]} == {"네이버", "카카오", "삼성"}


def test_bad_targets_file_is_a_usage_error(tmp_path: Path) -> None:
    targets = tmp_path / "targets.toml"
    targets.write_text("[[target]]\naliases = ['x']\n", encoding="utf-8")
    result = runner.invoke(app, ["stance", str(SEEDS), "--targets", str(targets)])
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == f"error: {targets}: target 1 has no name\n"


def test_json_has_entities_quotes_and_stance() -> None:
    result = runner.invoke(app, ["analyze", str(SEEDS), "-f", "json"])
    doc = json.loads(result.stdout)
    speakers = {q["speaker"] for q in doc["quotes"]}
    assert {"김기응", "이성엽", "우운택", "강정수", "손정의", "일론 머스크"} <= speakers
    people = {e["entity"]: e for e in doc["entities"] if e["type"] == "PER"}
    assert people["김기응"]["title"] == "석좌교수"
    assert people["이성엽"]["affiliation"] == "고려대학교"
    assert {r["target"] for r in doc["stance"]} == {"네이버", "카카오"}


@pytest.mark.slow
def test_output_does_not_depend_on_string_hashing() -> None:
    """The same corpus gives byte-identical JSON whatever PYTHONHASHSEED is."""
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-m", "ai_discourse", "stance", str(SEEDS), "-f", "json", "-q"],
            capture_output=True,
            env=env,
            check=True,
        )
        outputs.add(run.stdout)
    assert len(outputs) == 1


def test_cache_info_clear_and_no_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = runner.invoke(app, ["analyze", str(SEEDS), "-q", "--cache", str(cache)])
    assert first.exit_code == 0, first.output
    info = runner.invoke(app, ["cache", "info", "--cache", str(cache)])
    assert info.exit_code == 0
    shown = json.loads(info.stdout)
    assert shown["documents"] == 2
    assert shown["levels"]["readings"]["entries"] == 2 and shown["levels"]["readings"]["bytes"] > 0
    again = runner.invoke(app, ["analyze", str(SEEDS), "-q", "--cache", str(cache), "-j", "1"])
    assert again.stdout == first.stdout  # read from the cache, shown the same
    cleared = runner.invoke(app, ["cache", "clear", "--cache", str(cache)])
    assert cleared.exit_code == 0 and "cleared" in cleared.stderr
    assert json.loads(runner.invoke(app, ["cache", "info", "--cache", str(cache)]).stdout) == {
        "path": str(cache / "summaries.sqlite"),
        "documents": 0,
        "bytes": 0,
        "problem": None,
        "levels": {
            "readings": {"entries": 0, "bytes": 0},
            "summaries": {"entries": 0, "bytes": 0},
            "runs": {"entries": 0, "bytes": 0},
        },
    }
    bad = runner.invoke(app, ["analyze", str(SEEDS), "-q", "--cache-max-size", "lots"])
    assert bad.exit_code == ExitCode.USAGE and "500MB" in bad.stderr
    none = tmp_path / "none"
    result = runner.invoke(app, ["analyze", str(SEEDS), "-q", "--no-cache", "--cache", str(none)])
    assert result.exit_code == 0 and not none.exists()


def test_a_damaged_cache_says_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "summaries.sqlite").write_bytes(b"not a database" * 64)
    command = ["analyze", str(SEEDS), "--cache", str(tmp_path)]
    strict = runner.invoke(app, [*command, "-q", "--strict"])
    assert strict.exit_code == ExitCode.USAGE
    assert "--no-cache" in strict.stderr and "Traceback" not in strict.output
    # Without --strict the run goes on without the cache, and says so (not under -q).
    lenient = runner.invoke(app, command)
    assert lenient.exit_code == ExitCode.OK
    assert "warning: " in lenient.stderr and "cache clear" in lenient.stderr
    assert "warning: " not in runner.invoke(app, [*command, "-q"]).stderr
