"""CSV, TSV, JSON Lines and Excel inputs, BigKinds exports, and encodings end to end.

Fixtures are written by the tests themselves (openpyxl for the Excel files) with Korean
text written for them: no third-party data.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from ai_discourse import pipeline
from ai_discourse.cli import app
from ai_discourse.errors import ExitCode
from ai_discourse.load import LoadOptions, load_corpus
from ai_discourse.load.dates import parse_date
from ai_discourse.load.encoding import normalize_text
from ai_discourse.records import Article, Skipped

runner = CliRunner()

BIGKINDS_HEADER = [
    "뉴스 식별자",
    "일자",
    "언론사",
    "기고자",
    "제목",
    "통합 분류1",
    "통합 분류2",
    "통합 분류3",
    "사건/사고 분류1",
    "사건/사고 분류2",
    "사건/사고 분류3",
    "인물",
    "위치",
    "기관",
    "키워드",
    "특성추출(가중치순 상위 50개)",
    "본문",
    "URL",
    "분석제외 여부",
]
BODY_A = "한빛전자가 새 인공지능 칩을 공개했다. 업계는 성능이 크게 개선됐다고 평가했다."
BODY_B = "누리소프트는 클라우드 사업 부진으로 3분기 적자를 냈다."
BODY_C = "모아텔레콤이 요금제를 개편했다. 이용자 반응은 엇갈렸다."


def bigkinds_row(ident: str, date: str, body: str, excluded: str = "") -> list[object]:
    return [
        ident,
        date,
        "한빛일보",
        "김하늘 기자",
        "제목 " + ident[-3:],
        "경제>반도체",
        "",
        "",
        "",
        "",
        "",
        "김하늘",
        "서울",
        "한빛전자,누리소프트",
        "인공지능,반도체",
        "칩,성능",
        body,
        f"https://news.example/{ident}",
        excluded,
    ]


def write_xlsx(path: Path, rows: list[list[object]], header: list[str] = BIGKINDS_HEADER) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_bigkinds_export(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "NewsResult_20250201-20250210.xlsx",
        [
            bigkinds_row("01100101.20250209123456001", "20250209", BODY_A),
            bigkinds_row("01100101.20250209123456002", "20250209", BODY_B, excluded="중복"),
            bigkinds_row("01100101.20250210080000003", "20250210", BODY_C),
        ],
    )
    corpus = load_corpus([path])
    assert [a.id for a in corpus.articles] == [
        "01100101.20250209123456001",
        "01100101.20250210080000003",
    ]
    first = corpus.articles[0]
    assert (first.kind, first.source, first.author, first.date) == (
        "news",
        "한빛일보",
        "김하늘 기자",
        "2025-02-09",
    )
    assert first.body == BODY_A
    assert first.url == "https://news.example/01100101.20250209123456001"
    assert first.meta["bigkinds"]["organizations"] == "한빛전자,누리소프트"
    assert first.meta["bigkinds"]["features"] == "칩,성능"
    assert corpus.excluded == 1
    assert [n.kind for n in corpus.notes] == ["excluded", "bigkinds"]
    assert corpus.notes[0].message.startswith("row 3 is marked in 분석제외 여부")
    kept = load_corpus([path], options=LoadOptions(include_excluded=True))
    assert len(kept.articles) == 3 and kept.excluded == 0
    summary = pipeline.analyze([path]).overview
    assert (summary["bigkinds_documents"], summary["excluded"]) == (2, 1)


def test_bigkinds_header_drift_and_numeric_identifier(tmp_path: Path) -> None:
    header = [h.replace(" ", "") for h in BIGKINDS_HEADER]
    header[15] = "특성추출"
    row = bigkinds_row("x", "2025-02-09", BODY_A)
    row[0] = 1100101202502091  # stored as a number by some tools
    path = write_xlsx(tmp_path / "drift.xlsx", [row], header=header)
    (article,) = load_corpus([path]).articles
    assert article.id == "1100101202502091"
    assert article.meta["bigkinds"]["features"] == "칩,성능"


def test_generic_excel_with_dates_as_cells(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "clips.xlsx",
        [
            ["한빛전자 칩 공개", datetime(2025, 2, 9, 17, 30), BODY_A, "한빛일보"],
            ["누리 적자", 45698, BODY_B, "누리경제"],
        ],
        header=["기사 제목", "날짜", "내용", "매체"],
    )
    articles = load_corpus([path]).articles
    assert [(a.title, a.date, a.source) for a in articles] == [
        ("한빛전자 칩 공개", "2025-02-09", "한빛일보"),
        ("누리 적자", "2025-02-10", "누리경제"),
    ]


def test_csv_with_bom_quotes_multiline_cells_and_date_formats(tmp_path: Path) -> None:
    path = tmp_path / "crawl.csv"
    path.write_text(
        "제목,본문,일자,URL\n"
        f'"칩, 공개","{BODY_A}\n\n둘째 문단이다.",2025.02.09,https://a.example/1\n'
        f'적자,"{BODY_B}",20250210,https://a.example/2\n'
        f'개편,"{BODY_C}","2025. 2. 11.",https://a.example/3\n'
        ",,,\n"
        ",,2025-02-12,\n",
        encoding="utf-8-sig",
    )
    corpus = load_corpus([path])
    assert [(a.title, a.date) for a in corpus.articles] == [
        ("칩, 공개", "2025-02-09"),
        ("적자", "2025-02-10"),
        ("개편", "2025-02-11"),
    ]
    assert corpus.articles[0].body == f"{BODY_A}\n\n둘째 문단이다."
    # An empty row is no article and no error; a row with a date and no text is reported.
    assert [s.reason for s in corpus.skipped] == ["row 6 has no text"]


def test_tsv_and_forced_columns(tmp_path: Path) -> None:
    path = tmp_path / "export.tsv"
    path.write_text(f"headline_kr\tstory\n칩 공개\t{BODY_A}\n", encoding="utf-8")
    corpus = load_corpus([path])
    assert corpus.articles == []
    assert corpus.skipped[0].reason == "no text column (columns: headline_kr, story)"
    assert corpus.skipped[0].hint == "name it 본문 or text, or pass --columns text=COLUMN"
    forced = load_corpus(
        [path], options=LoadOptions(columns={"text": "story", "title": "headline_kr"})
    )
    assert [(a.title, a.body) for a in forced.articles] == [("칩 공개", BODY_A)]


def test_rows_without_text_are_reported_together(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(f"title,text\na,{BODY_A}\nb,\nc,\nd,{BODY_B}\n", encoding="utf-8")
    corpus = load_corpus([path])
    assert len(corpus.articles) == 2
    assert [(s.reason, s.hint) for s in corpus.skipped] == [
        ("2 rows (3, 4) have no text", "fill the text column or drop those rows")
    ]


def test_corrupt_excel_and_cp949_csv(tmp_path: Path) -> None:
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip file")
    (tmp_path / "windows.csv").write_bytes(f"제목,본문\n칩,{BODY_A}\n".encode("cp949"))
    corpus = load_corpus([tmp_path])
    assert [a.body for a in corpus.articles] == [BODY_A]
    (broken,) = corpus.skipped
    assert broken.path == str(tmp_path / "broken.xlsx")
    assert broken.reason == "not a readable Excel file (BadZipFile)"


def test_duplicates_across_formats_are_counted_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY_A, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(
        json.dumps({"text": BODY_A, "url": "https://x.example/1"}, ensure_ascii=False)
        + "\n"
        + json.dumps({"text": BODY_B, "url": "https://x.example/1"}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    corpus = load_corpus([tmp_path])
    assert len(corpus.articles) == 1 and corpus.duplicates == 2


def test_huge_single_article_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "dump.txt"
    with big.open("wb") as handle:
        handle.truncate(200_000_000)  # a real 200 MB file (sparse on disk)
    (skipped,) = load_corpus([big]).skipped
    assert skipped.reason == "200 MB is too large for one article (limit 50 MB)"


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2025-02-09", "2025-02-09"),
        ("2025.02.09", "2025-02-09"),
        ("20250209", "2025-02-09"),
        ("2025. 2. 10.", "2025-02-10"),
        ("2025년 2월 9일", "2025-02-09"),
        ("2025-02-09T17:47:12+09:00", "2025-02-09"),
        (45697, "2025-02-09"),
        (45697.75, "2025-02-09"),
        (datetime(2025, 2, 9, 23, 59), "2025-02-09"),
        ("2025-02-30", None),
        ("어제", None),
    ],
)
def test_dates(value: object, iso: str | None) -> None:
    assert parse_date(value) == iso


def test_full_width_and_jamo_are_normalized() -> None:
    assert normalize_text("ＡＩ　반도체，２０２５") == "AI 반도체,2025"
    assert normalize_text("\u1112\u1161\u11ab\u1100\u116e\u11a8") == "한국"


@pytest.mark.slow
def test_mixed_folder_in_one_command(tmp_path: Path) -> None:
    """The issue's acceptance run: CP949 and UTF-8 .txt, a CSV export, a BigKinds .xlsx and
    broken files, analysed together; the good files count as their UTF-8 .txt twins do."""
    mixed, twins = tmp_path / "mixed", tmp_path / "twins"
    mixed.mkdir()
    twins.mkdir()
    (mixed / "a_utf8.txt").write_text(BODY_A, encoding="utf-8")
    (mixed / "b_cp949.txt").write_bytes(BODY_B.encode("cp949"))
    (mixed / "c_export.csv").write_text(f"text,date\n{BODY_C},2025-02-11\n", encoding="utf-8")
    extra = "한빛전자는 공장을 증설한다. 투자 규모는 2조원이다."
    write_xlsx(mixed / "d_bigkinds.xlsx", [bigkinds_row("01100101.1", "20250209", extra)])
    (mixed / "e_broken.xlsx").write_bytes(b"garbage")
    (mixed / "f_binary.txt").write_bytes(bytes(range(256)) * 8)
    (mixed / "g_empty.txt").write_bytes(b"")
    for name, body in (("a", BODY_A), ("b", BODY_B), ("c", BODY_C), ("d", f"제목 0.1\n{extra}")):
        (twins / f"{name}.txt").write_text(body, encoding="utf-8")

    result = runner.invoke(app, ["analyze", str(mixed), "-f", "json", "--top", "50"])
    assert result.exit_code == ExitCode.PARTIAL
    doc = json.loads(result.stdout)
    assert sorted(s["path"] for s in doc["skipped"]) == [
        str(mixed / "e_broken.xlsx"),
        str(mixed / "f_binary.txt"),
        str(mixed / "g_empty.txt"),
    ]
    assert result.stderr.count("error: ") == 3
    twin = json.loads(
        runner.invoke(app, ["analyze", str(twins), "-f", "json", "--top", "50"]).stdout
    )
    assert doc["overview"]["documents"] == twin["overview"]["documents"] == 4
    assert doc["overview"]["terms"] == twin["overview"]["terms"]
    counts = {k["term"]: k["tf"] for k in doc["keywords"]}
    assert counts == {k["term"]: k["tf"] for k in twin["keywords"]}
    strict = runner.invoke(app, ["analyze", str(mixed), "--strict"])
    assert strict.exit_code == ExitCode.STRICT == 5
    assert strict.stdout == ""
    assert strict.stderr.endswith(
        "error: --strict: 3 inputs could not be read; nothing was analysed\n"
    )


def test_columns_option_is_checked() -> None:
    result = runner.invoke(app, ["analyze", "seeds", "--columns", "body"])
    assert result.exit_code == ExitCode.USAGE
    assert "expected FIELD=COLUMN" in result.stderr


def test_semicolon_csv_with_commas_in_the_text(tmp_path: Path) -> None:
    path = tmp_path / "excel_de.csv"
    path.write_text(f"제목;본문\n칩;{BODY_A} 가격, 성능, 전력 모두 좋다.\n", encoding="utf-8")
    (article,) = load_corpus([path]).articles
    assert article.title == "칩" and article.body.endswith("가격, 성능, 전력 모두 좋다.")


# --- JSON Lines read line by line ---------------------------------------------------------


def _entries(path: Path, **options: object) -> list[object]:
    from ai_discourse.load import iter_inputs

    return list(iter_inputs([path], options=LoadOptions(**options)))  # type: ignore[arg-type]


def _whole(path: Path) -> list[object]:
    """What the readers make of the file decoded whole: the streamed readers' reference."""
    from ai_discourse.load.encoding import decode
    from ai_discourse.load.tabular import read_delimited, read_jsonl

    text = normalize_text(decode(path.read_bytes(), str(path)))
    read = read_jsonl if path.suffix == ".jsonl" else read_delimited
    return list(read(text, path=str(path), options=LoadOptions().table()))


def test_jsonl_streamed_reads_as_the_whole_text(tmp_path: Path) -> None:
    """Line ends (CRLF, a lone CR, CR CR LF), a BOM, blank and bad lines, keys that come
    later, escaped lone surrogates, NBSP and full-width letters: the file read line by
    line gives the records, numbers and messages of the text decoded whole."""
    lines = [
        json.dumps({"id": "a", "text": "삼성전자가\u00a0발표했다."}, ensure_ascii=False),
        "",
        "not json",
        json.dumps(
            {"id": "b", "text": "ＡＩ 반도체 수출이 늘었다.", "title": "수출"}, ensure_ascii=False
        ),
        json.dumps({"id": "c", "text": "half \ud800 pair"}),
        "[1, 2]",
        json.dumps({"id": "d", "date": "2025-02-03", "text": "네이버는 자체 모델을 만든다."}),
        json.dumps({"id": "e", "text": ""}),
    ]
    raw = "\ufeff" + lines[0] + "\r\n" + "\r\n".join(lines[1:4]) + "\r\r\n"
    raw += "\r".join(lines[4:6]) + "\n" + "\n".join(lines[6:]) + "\n"
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(raw.encode("utf-8"))
    streamed = _entries(path)
    assert streamed == _whole(path)
    articles = [e for e in streamed if isinstance(e, Article)]
    assert [a.id for a in articles] == ["a", "b", "c", "d"]
    assert articles[1].body.startswith("AI 반도체") and "\u00a0" not in articles[0].body
    assert any(isinstance(e, Skipped) and "(3, 7)" in e.reason for e in streamed)


def test_csv_streamed_reads_as_the_whole_text(tmp_path: Path) -> None:
    """Quoted cells over several lines (CRLF inside and out), a lone CR, a BOM, blank
    rows, a row without text, a semicolon delimiter: parsed as the file is read, the
    rows, numbers and messages of the text decoded whole."""
    raw = (
        "\ufeff제목;본문;일자\r\n"
        '한빛;"한빛전자가\r\n새 공장을; 지었다.";2025-02-03\r\n'
        "\r\n"
        "누리;누리소프트는 ＡＩ 모델을 공개했다.;2025.2.4\r"
        '모아;"여러 줄\n\n인용 ""따옴표""";\n'
        "빈 행;;2025-02-05\n"
        "마지막;끝 줄"
    )
    path = tmp_path / "mixed.csv"
    path.write_bytes(raw.encode("utf-8"))
    streamed = _entries(path)
    assert streamed == _whole(path)
    articles = [e for e in streamed if isinstance(e, Article)]
    assert [a.title for a in articles] == ["한빛", "누리", "모아", "마지막"]
    assert articles[0].body.startswith("한빛전자가") and articles[0].body.endswith("지었다.")
    assert "AI 모델" in articles[1].body and articles[2].body == '여러 줄\n\n인용 "따옴표"'
    assert any(isinstance(e, Skipped) and "has no text" in e.reason for e in streamed)


def test_jsonl_in_cp949_or_with_nul_bytes_is_read_whole(tmp_path: Path) -> None:
    """A JSON Lines file that is not UTF-8 is detected on the whole file, as before."""
    record = {"id": "k", "text": "카카오는 오픈AI와 손을 잡았다. " * 5}
    path = tmp_path / "cp949.jsonl"
    path.write_bytes((json.dumps(record, ensure_ascii=False) + "\n").encode("cp949"))
    (article,) = _entries(path)
    assert isinstance(article, Article) and article.body.startswith("카카오는 오픈AI와")
    nul = tmp_path / "nul.jsonl"
    nul.write_bytes(json.dumps(record).encode() + b"\n\x00\x00\n")
    (skipped,) = _entries(nul)
    assert isinstance(skipped, Skipped) and "binary file" in skipped.reason
    blank = tmp_path / "blank.jsonl"
    blank.write_bytes(b"\n \r\n\t\n")
    assert _entries(blank) == [Skipped(str(blank), "empty file")]


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_rows_files_are_not_held_whole(tmp_path: Path, suffix: str) -> None:
    """Scanning and reading an 8 MB JSON Lines or CSV file holds about a line at a
    time: the traced peak stays a small fraction of the file (read whole it was several
    times the file)."""
    import csv
    import tracemalloc

    from ai_discourse.load import CorpusStream

    path = tmp_path / f"big{suffix}"
    body = "인공지능 경쟁이 치열해지고 있다. " * 960
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        if suffix == ".csv":
            writer.writerow(["id", "text", "source"])
        for k in range(200):
            record = {"id": f"n{k}", "text": f"{body}{k}", "source": f"s{k % 7}"}
            if suffix == ".csv":
                writer.writerow(record.values())
            else:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    size = path.stat().st_size
    assert size > 6_000_000
    tracemalloc.start()
    try:
        stream = CorpusStream([path])
        stream.scan()
        assert sum(1 for _ in stream.articles()) == 200
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < size / 5, (peak, size)
