"""Output that stays readable at any size: terminal tables cut to their top rows, one line
under each cut table pointing to the file that holds every row, stance rows only where a
target is mentioned. A generated corpus of 40 articles, larger than every cap.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from ai_discourse.cli import app

runner = CliRunner()

TARGETS_TOML = (
    '[[target]]\nname = "한빛전자"\naliases = ["한빛"]\n\n'
    '[[target]]\nname = "누리소프트"\naliases = ["누리"]\n'
)
SURNAMES = "김이박최정강조윤장임"
GIVEN = ("민수", "서연", "지훈", "유진")
TOPICS = (
    "반도체 클라우드 검색 광고 결제 지도 쇼핑 웹툰 음악 게임 배터리 로봇 보안 물류 의료 교육 "
    "금융 여행 날씨 번역 자율주행 스마트폰 메모리 디스플레이 통신 위성 드론 에너지 농업 "
    "패션 식품 건설 항공 해운 철강 화학 제약 보험 부동산 방송"
).split()
N_ARTICLES = 40
SILENT = {i for i in range(N_ARTICLES) if i % 5 == 4}  # 8 articles name no target


def _article(i: int) -> dict[str, str]:
    """A short, plausible business-news article; most name one of the two targets."""
    name = SURNAMES[i % 10] + GIVEN[i // 10]
    topic, other = TOPICS[i], TOPICS[(i + 7) % len(TOPICS)]
    company = "한빛전자" if i % 2 == 0 else "누리소프트"
    if i in SILENT:
        company = "업계"
    body = (
        f"{company}는 {topic} 사업을 크게 확대한다고 밝혔다. "
        f"{company}의 {topic} 매출은 지난해보다 두 배 늘었고 영업이익도 개선됐다. "
        f'{name} 한결증권 연구원은 "{topic} 시장의 성장세가 당분간 이어질 것"이라고 말했다. '
        f"업계에서는 {other} 분야의 경쟁이 치열해질 것으로 보고 있다. "
        f"{topic} 수요는 올해 하반기에 더 늘어날 전망이다."
    )
    if i % 3 == 0 and i not in SILENT:  # some articles name their company once more
        body += f" {company}는 내년에도 {topic} 투자를 이어갈 계획이다."
    return {
        "id": f"a{i:02d}",
        "title": f"{company} {topic} 사업 확대",
        "date": f"2024-03-{i % 28 + 1:02d}",
        "source": "한결일보",
        "text": body,
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("corpus")
    lines = [json.dumps(_article(i), ensure_ascii=False) for i in range(N_ARTICLES)]
    (folder / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    targets = folder.parent / "targets.toml"
    targets.write_text(TARGETS_TOML, encoding="utf-8")
    return folder, targets


@pytest.fixture(scope="module")
def full(corpus: tuple[Path, Path]) -> dict:  # type: ignore[type-arg]
    """The JSON document of the same run: every row of every table."""
    folder, targets = corpus
    result = runner.invoke(app, ["analyze", str(folder), "--targets", str(targets), "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _invoke(*args: str) -> str:
    # A wide terminal so that no table row wraps: one row, one line.
    result = runner.invoke(app, list(args), env={"COLUMNS": "220"})
    assert result.exit_code == 0, result.output
    return result.stdout


def _table_rows(out: str, title: str) -> list[str]:
    """The body rows of the table titled `title` (the lines between ├/┡ and └)."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith(title))
    body = next(i for i in range(start, len(lines)) if lines[i].startswith(("┡", "├")))
    end = next(i for i in range(body, len(lines)) if lines[i].startswith("└"))
    return [line for line in lines[body + 1 : end] if line.startswith("│")]


def _named(full: dict) -> int:  # type: ignore[type-arg]
    """People and organisations (the terminal table); places get a line of their own."""
    return sum(1 for e in full["entities"] if e["type"] != "LOC")


def _pointers(out: str) -> list[str]:
    return [line.rstrip() for line in out.splitlines() if line.startswith("… ")]


def test_the_generated_corpus_is_larger_than_every_cap(full: dict) -> None:  # type: ignore[type-arg]
    assert full["overview"]["documents"] == N_ARTICLES
    assert len({r["doc_id"] for r in full["tfidf"]}) == N_ARTICLES
    assert len(full["quotes"]) == N_ARTICLES
    assert len(full["keywords"]) >= 100
    assert _named(full) > 15


def test_analyze_shows_the_default_top_rows_and_says_where_the_rest_is(
    corpus: tuple[Path, Path],
    full: dict,  # type: ignore[type-arg]
) -> None:
    folder, targets = corpus
    out = _invoke("analyze", str(folder), "--targets", str(targets))
    assert len(_table_rows(out, "Top keywords")) == 30
    assert len(_table_rows(out, "Characteristic words per document")) == 10
    assert len(_table_rows(out, "People and organisations")) == 15
    assert _pointers(out) == [
        f"… {len(full['keywords']) - 30} more terms (--out DIR writes them all to keywords.csv)",
        "… 30 more documents (--out DIR writes them all to tfidf.csv)",
        f"… {_named(full) - 15} more people and organisations (--out DIR writes them all to entities.csv)",
        "… 30 more quotes (--out DIR writes them all to quotes.csv)",
    ]
    # The first ten documents, in corpus order; the eleventh is left to the file.
    assert "한빛전자 반도체 사업 확대" in out and "한빛전자 날씨 사업 확대" not in out


def test_top_sets_every_table_and_out_names_the_files(
    corpus: tuple[Path, Path],
    full: dict,  # type: ignore[type-arg]
    tmp_path: Path,
) -> None:
    folder, targets = corpus
    dest = tmp_path / "out"
    out = _invoke("analyze", str(folder), "--targets", str(targets), "--top", "5", "-o", str(dest))
    assert len(_table_rows(out, "Top keywords")) == 5
    assert len(_table_rows(out, "Characteristic words per document")) == 5
    assert len(_table_rows(out, "People and organisations")) == 5
    assert _pointers(out) == [
        f"… {len(full['keywords']) - 5} more terms in {dest / 'keywords.csv'}",
        f"… 35 more documents in {dest / 'tfidf.csv'}",
        f"… {_named(full) - 5} more people and organisations in {dest / 'entities.csv'}",
        f"… 35 more quotes in {dest / 'quotes.csv'}",
    ]
    # Nothing the terminal dropped is missing from the files, and JSON says the same.
    tfidf = pd.read_csv(dest / "tfidf.csv", encoding="utf-8-sig")
    assert tfidf.doc_id.nunique() == N_ARTICLES
    assert len(pd.read_csv(dest / "quotes.csv", encoding="utf-8-sig")) == N_ARTICLES
    keywords = pd.read_csv(dest / "keywords.csv", encoding="utf-8-sig")
    assert list(keywords.term) == [k["term"] for k in full["keywords"]]
    assert (keywords[keywords["rank"] > 100].tf >= 2).all()  # after the first 100: tf ≥ 2
    summary = json.loads((dest / "summary.json").read_text(encoding="utf-8"))
    assert len(summary["keywords"]) == len(keywords)


def test_stance_lists_only_documents_that_mention_a_target(
    corpus: tuple[Path, Path],
    full: dict,  # type: ignore[type-arg]
) -> None:
    folder, targets = corpus
    out = _invoke("stance", str(folder), "--targets", str(targets), "--evidence")
    rows = _table_rows(out, "Stance by document kind")
    kinds, documents = rows[:2], rows[2:]
    assert [r.split("│")[2].strip() for r in kinds] == ["한빛전자", "누리소프트"]
    assert len(documents) == 15
    # Most mentions first (ties in corpus order): the first 15 of the JSON's rows so sorted.
    doc_rows = [r for r in full["stance"] if r["scope_type"] == "document"]
    expected = sorted(
        (r for r in doc_rows if r["mentions"]), key=lambda r: (-r["mentions"], -r["sentences"])
    )[:15]
    assert [(r.split("│")[1].strip(), int(r.split("│")[3])) for r in documents] == [
        (f"document: {r['scope']}", r["mentions"]) for r in expected
    ]
    assert expected[0]["mentions"] > expected[-1]["mentions"]
    silent = len(SILENT)
    mentioned = N_ARTICLES - silent
    evidence = pd.DataFrame(full["stance_evidence"])
    per_target = evidence.target.value_counts()
    assert _pointers(out) == [
        f"… {mentioned - 15} more document rows (--out DIR writes them all to stance.csv); "
        f"{silent} documents mention no target",
        f"… {sum(w['rank'] > 15 for w in full['stance_words'])} more words (--out DIR writes "
        "them all to stance_words.csv)",
        *(
            f"… {per_target[t] - 10} more sentences about {t} (--out DIR writes them all to "
            "stance_evidence.csv)"
            for t in ("한빛전자", "누리소프트")
        ),
    ]
    for target in ("한빛전자", "누리소프트"):
        shown = _table_rows(out, f"Evidence: {target}")
        assert len([r for r in shown if r.startswith("│ a")]) == 10
    # stance.csv (and JSON) keep every (document, target) row, zeros included.
    assert len(doc_rows) == 2 * N_ARTICLES
    assert sum(1 for r in doc_rows if r["mentions"]) == mentioned


def test_stance_top_caps_the_document_rows(corpus: tuple[Path, Path]) -> None:
    folder, targets = corpus
    out = _invoke("stance", str(folder), "--targets", str(targets), "--top", "3")
    assert len(_table_rows(out, "Stance by document kind")) == 2 + 3
    assert _pointers(out)[0] == (
        f"… {N_ARTICLES - len(SILENT) - 3} more document rows (--out DIR writes them all to "
        f"stance.csv); {len(SILENT)} documents mention no target"
    )


def test_distinctive_words_title_shows_the_minimum_count(corpus: tuple[Path, Path]) -> None:
    folder, targets = corpus
    out = _invoke("stance", str(folder), "--targets", str(targets))
    assert "Distinctive words (log-odds, informative Dirichlet prior; z-score; min count" in out
    match = re.search(r"min count (\d)\)", out)
    assert match is not None
    full = json.loads(_invoke("stance", str(folder), "--targets", str(targets), "-f", "json", "-q"))
    minimum = full["overview"]["distinctive_min_count"]
    assert int(match.group(1)) == minimum == 1  # 40 short articles: under 2,000 terms
    assert all(w["count"] >= minimum for w in full["stance_words"])


def test_stance_says_how_many_documents_mention_no_target_when_nothing_is_cut(
    corpus: tuple[Path, Path],
) -> None:
    folder, targets = corpus
    out = _invoke("stance", str(folder), "--targets", str(targets), "--top", "100")
    assert len(_table_rows(out, "Stance by document kind")) == 2 + N_ARTICLES - len(SILENT)
    assert f"{len(SILENT)} documents mention no target\n" in out
    assert _pointers(out) == []


def test_places_get_one_line_under_the_people_and_organisations(tmp_path: Path) -> None:
    folder = tmp_path / "places"
    folder.mkdir()
    cities = ["부산", "대구", "인천", "광주", "대전", "울산", "수원시", "전주시"]
    lines = [
        json.dumps(
            {
                "title": f"{city} 소식",
                "text": f"{city}에서 한빛전자가 새 공장을 열었다. 서울 본사도 바빴다.",
            },
            ensure_ascii=False,
        )
        for city in cities
    ]
    (folder / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = _invoke("analyze", str(folder), "--top", "3")
    places = [line for line in out.splitlines() if line.startswith("Places: ")]
    assert places == ["Places: 서울 8, 광주 2, 대구 2"]  # each city in its title and body
    assert "… 6 more places (--out DIR writes them all to entities.csv)" in _pointers(out)
    assert "서울" not in "\n".join(_table_rows(out, "People and organisations"))
