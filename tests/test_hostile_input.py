"""Hostile and careless inputs: one document too large to analyse, folders that cannot be
listed, NUL bytes after the first 8 KB, free text in a forced date column, a target listed
twice, a user-dictionary line written with spaces. Each fails clearly: a Skipped entry, a
Note or a ConfigError with the exact line the user reads; the rest still loads."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from ai_discourse.cli import app
from ai_discourse.config import MAX_DOC_CHARS
from ai_discourse.errors import ConfigError, ExitCode
from ai_discourse.load import LoadOptions, load_corpus
from ai_discourse.nlp.kiwi import userdict_warnings
from ai_discourse.resources import load_targets

runner = CliRunner()

GOOD = "네이버가 새 AI 모델을 공개했다. 업계는 긍정적으로 평가했다.\n"
HINT = "(--max-doc-chars N raises the limit)"


def messages(*paths: Path, **options: object) -> list[str]:
    corpus = load_corpus(paths, options=LoadOptions(**options))  # type: ignore[arg-type]
    return [s.message() for s in corpus.skipped]


# --- 1. one document too large ----------------------------------------------------------


def _xlsx_part(name: str, body: str) -> tuple[str, str]:
    return name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + body


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"


def write_hostile_xlsx(path: Path, cell_chars: int, *, shared: bool) -> None:
    """A workbook (written as a zip, since openpyxl cuts cells at Excel's 32,767
    characters) with a 본문/제목 header, a normal row, and in row 3 a cell of `cell_chars`
    Hangul syllables: a shared string, as Excel writes text, or an inline string."""
    huge = '<c r="A3" t="s"><v>0</v></c>' if shared else '<c r="A3" t="inlineStr"><is><t>'
    parts = [
        _xlsx_part(
            "[Content_Types].xml",
            f'<Types xmlns="{_CONTENT_TYPES}">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPES}.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            f'ContentType="{_TYPES}.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" '
            f'ContentType="{_TYPES}.sharedStrings+xml"/></Types>',
        ),
        _xlsx_part(
            "_rels/.rels",
            f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
            f'Type="{_DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        ),
        _xlsx_part(
            "xl/workbook.xml",
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        ),
        _xlsx_part(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{_RELS}">'
            f'<Relationship Id="rId1" Type="{_DOC_RELS}/worksheet" '
            'Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{_DOC_RELS}/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>',
        ),
    ]
    head = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>본문</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>제목</t></is></c></row>'
        f'<row r="2"><c r="A2" t="inlineStr"><is><t>{GOOD.strip()}</t></is></c>'
        '<c r="B2" t="inlineStr"><is><t>정상</t></is></c></row>'
        f'<row r="3">{huge}'
    )
    chunk = ("가" * 1_000_000).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts:
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(head.encode())
            if not shared:
                for _ in range(cell_chars // 1_000_000):
                    sheet.write(chunk)
                sheet.write(("가" * (cell_chars % 1_000_000)).encode())
                sheet.write(b"</t></is></c>")
            sheet.write(b"</row></sheetData></worksheet>")
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as strings:
            strings.write(f'<?xml version="1.0"?><sst xmlns="{_MAIN}"><si><t>'.encode())
            if shared:
                for _ in range(cell_chars // 1_000_000):
                    strings.write(chunk)
                strings.write(("가" * (cell_chars % 1_000_000)).encode())
            strings.write(b"</t></si></sst>")


def test_xlsx_with_a_cell_of_120_million_characters_is_refused_before_openpyxl(
    tmp_path: Path,
) -> None:
    # The workbook the review reproduced: a few hundred KB that unzip to one cell of
    # 360 MB. openpyxl would build it whole (5-7 s, 500 MB); it is refused from the zip.
    hostile = tmp_path / "export.xlsx"
    write_hostile_xlsx(hostile, 120_000_000, shared=True)
    assert hostile.stat().st_size < 1_000_000
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    corpus = load_corpus([tmp_path])
    assert [a.id for a in corpus.articles] == ["good"]
    assert [s.message() for s in corpus.skipped] == [
        f"{hostile}: xl/sharedStrings.xml holds a cell of more than 200,000 characters, over "
        f"the limit per document; the workbook was not read {HINT}"
    ]


def test_xlsx_inline_string_over_the_limit_and_rows_under_it(tmp_path: Path) -> None:
    inline = tmp_path / "inline.xlsx"
    write_hostile_xlsx(inline, 3_000, shared=False)
    assert messages(inline, max_doc_chars=2_000) == [
        f"{inline}: xl/worksheets/sheet1.xml holds a cell of more than 2,000 characters, over "
        f"the limit per document; the workbook was not read {HINT}"
    ]
    # Under the limit, the same workbook reads: both rows, the long one whole.
    corpus = load_corpus([inline], options=LoadOptions(max_doc_chars=3_000))
    assert [len(a.body) for a in corpus.articles] == [len(GOOD.strip()), 3_000]


def test_xlsx_row_whose_cells_add_up_over_the_limit(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["본문", "제목"])
    sheet.append([GOOD.strip(), "짧은 제목"])
    sheet.append(["가" * 60, "나" * 60])  # each cell within 100, the row not
    path = tmp_path / "rows.xlsx"
    book.save(path)
    corpus = load_corpus([path], options=LoadOptions(max_doc_chars=100))
    assert [a.title for a in corpus.articles] == ["짧은 제목"]
    assert [s.message() for s in corpus.skipped] == [
        f"{path}: row 3 has 120 characters, over the limit of 100 per document {HINT}"
    ]


def test_txt_of_one_50_mb_hangul_line_is_refused_by_its_size(tmp_path: Path) -> None:
    line = tmp_path / "line.txt"
    line.write_bytes(("가" * (49_990_000 // 3)).encode())  # 49,989,999 bytes, no newline
    assert messages(line) == [
        f"{line}: at least 12,497,498 characters (50.0 MB), over the limit of 200,000 per "
        f"document {HINT}"
    ]


def test_txt_over_the_limit_by_characters_and_at_the_limit(tmp_path: Path) -> None:
    text = "가나다라마바사아자. " * 100  # 1,100 characters, 2,900 bytes: decoded to count
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    (tmp_path / "exact.txt").write_text(text[:1_000], encoding="utf-8")
    corpus = load_corpus([tmp_path], options=LoadOptions(max_doc_chars=1_000))
    assert [a.id for a in corpus.articles] == ["exact"]
    assert [s.message() for s in corpus.skipped] == [
        f"{tmp_path / 'long.txt'}: 1,100 characters, over the limit of 1,000 per document {HINT}"
    ]


def test_jsonl_lines_over_the_limit_are_skipped_together(tmp_path: Path) -> None:
    lines = [
        {"title": "하나", "text": GOOD},
        {"title": "둘", "text": "가" * 1_500},
        {"title": "셋", "text": GOOD + "셋"},
        {"title": "넷", "text": "나" * 3_000},
    ]
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in lines) + "\n", encoding="utf-8")
    corpus = load_corpus([path], options=LoadOptions(max_doc_chars=1_000))
    assert [a.title for a in corpus.articles] == ["하나", "셋"]
    assert [s.message() for s in corpus.skipped] == [
        f"{path}: 2 lines (2, 4) have up to 3,001 characters, over the limit of 1,000 per "
        f"document {HINT}"
    ]


def test_csv_field_longer_than_the_csv_module_allows_still_loads(tmp_path: Path) -> None:
    # csv refuses fields over 131,072 characters and with them the whole file; a long
    # article under --max-doc-chars must load, and the module's limit be put back.
    path = tmp_path / "long.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["본문", "제목"])
        writer.writerow(["가" * 150_000, "긴 글"])
        writer.writerow(["나" * 250_000, "너무 긴 글"])
        writer.writerow([GOOD, "짧은 글"])
    before = csv.field_size_limit()
    corpus = load_corpus([path])
    assert csv.field_size_limit() == before
    assert [a.title for a in corpus.articles] == ["긴 글", "짧은 글"]
    assert [s.message() for s in corpus.skipped] == [
        f"{path}: row 3 has 250,006 characters, over the limit of 200,000 per document {HINT}"
    ]


def test_the_real_corpus_is_not_touched_by_the_default_limit() -> None:
    real = Path("/work/shared/corpora/ko-wikinews/articles.jsonl")
    if not real.exists():
        pytest.skip("the Korean Wikinews corpus is not on this machine")
    corpus = load_corpus([real])
    assert (len(corpus.articles), corpus.skipped) == (637, [])
    assert max(len(a.body) for a in corpus.articles) < MAX_DOC_CHARS / 10


# --- 2. folders that cannot be listed ----------------------------------------------------

_AS_NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]


def _unprivileged(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run `args` as a user whom permission bits bind: this one, or nobody when root
    (root lists any folder whatever its mode)."""
    prefix = _AS_NOBODY if os.geteuid() == 0 else []
    return subprocess.run(
        [*prefix, *args], capture_output=True, text=True, env={**os.environ, **env}, timeout=120
    )


@pytest.fixture
def locked_tree() -> Iterator[Path]:
    """news/ with a readable article, and locked/ (mode 000) holding another, nested as
    news/locked/. Made outside pytest's private tmp folder, which the user nobody cannot reach."""
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: no way to drop the privilege")
    root = Path(tempfile.mkdtemp(prefix="locked-tree-"))
    root.chmod(0o755)
    news = root / "news"
    locked = news / "locked"
    locked.mkdir(parents=True)
    news.chmod(0o755)
    (news / "good.txt").write_text(GOOD, encoding="utf-8")
    (locked / "hidden.txt").write_text(GOOD + "다른 기사.", encoding="utf-8")
    for file in (news / "good.txt", locked / "hidden.txt"):
        file.chmod(0o644)
    locked.chmod(0)
    probe = _unprivileged([sys.executable, "-c", "import ai_discourse.load"], {})
    if probe.returncode != 0:
        shutil.rmtree(root)
        pytest.skip(f"cannot run the package as an unprivileged user: {probe.stderr[-200:]}")
    yield news
    locked.chmod(0o755)
    shutil.rmtree(root)


_LOAD = (
    "import json, sys\n"
    "from ai_discourse.load import load_corpus\n"
    "corpus = load_corpus(sys.argv[1:])\n"
    "print(json.dumps([[a.id for a in corpus.articles], "
    "[s.message() for s in corpus.skipped]], ensure_ascii=False))\n"
)


def test_unreadable_folder_nested_or_given_is_skipped_with_its_reason(locked_tree: Path) -> None:
    locked = locked_tree / "locked"
    nested = _unprivileged([sys.executable, "-c", _LOAD, str(locked_tree)], {})
    assert nested.returncode == 0, nested.stderr
    assert json.loads(nested.stdout) == [
        ["good"],
        [f"{locked}: permission denied (check the folder's permissions)"],
    ]
    given = _unprivileged([sys.executable, "-c", _LOAD, str(locked)], {})
    assert json.loads(given.stdout) == [
        [],
        [f"{locked}: permission denied (check the folder's permissions)"],
    ]


def test_unreadable_folder_fails_strict_runs(locked_tree: Path) -> None:
    home = locked_tree.parent
    command = ["analyze", str(locked_tree), "--strict", "-q", "--no-cache"]
    run = _unprivileged(
        [sys.executable, "-m", "ai_discourse", *command],
        {"HOME": str(home), "XDG_CACHE_HOME": str(home / "cache")},
    )
    assert run.returncode == ExitCode.STRICT
    assert run.stderr == (
        f"error: {locked_tree / 'locked'}: permission denied (check the folder's permissions)\n"
        "error: --strict: 1 input could not be read; nothing was analysed\n"
    )
    assert run.stdout == ""


# --- 3. NUL bytes ------------------------------------------------------------------------


def test_nul_after_the_first_8_kb_is_binary_like_one_before(tmp_path: Path) -> None:
    text = (GOOD * 200).encode()  # 16,800 bytes of text
    late = tmp_path / "late.txt"
    late.write_bytes(text[:9_000] + b"\x00" + text[9_000:])
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + text[:100] + b"\x00" + text[100:])
    rows = tmp_path / "rows.jsonl"
    rows.write_bytes(json.dumps({"text": GOOD * 200}).encode() + b"\n\x00\n")
    forced = tmp_path / "forced.txt"
    forced.write_bytes(GOOD.encode("cp949") + b"\x00")
    binary = "(pass text, .jsonl, .csv or .xlsx files)"
    assert messages(late, bom, rows) == [
        f"{late}: binary file, not text (a NUL byte at offset 9000) {binary}",
        f"{bom}: binary file, not text (a NUL byte at offset 103) {binary}",
        f"{rows}: binary file, not text (a NUL byte at offset 31413) {binary}",
    ]
    assert messages(forced, encoding="cp949") == [
        f"{forced}: binary file, not text (a NUL byte at offset 60) {binary}"
    ]


def test_utf16_is_still_detected(tmp_path: Path) -> None:
    text = GOOD * 200  # past the first 8 KB, where the old check stopped looking
    (tmp_path / "le.txt").write_bytes(text.encode("utf-16-le"))
    (tmp_path / "bom.txt").write_bytes(text.encode("utf-16"))
    corpus = load_corpus([tmp_path / "le.txt"])
    assert corpus.skipped == [] and corpus.articles[0].body.startswith("네이버가")
    assert load_corpus([tmp_path / "bom.txt"]).skipped == []


# --- 4. a forced date column ---------------------------------------------------------------


def test_forced_date_column_takes_only_dates(tmp_path: Path) -> None:
    path = tmp_path / "clips.csv"
    path.write_text(
        "본문,메모\n"
        f"{GOOD.strip()} 하나,2025-02-10\n"
        f"{GOOD.strip()} 둘,네이버가 2025.02.11 발표한 자료\n"
        f"{GOOD.strip()} 셋,2025. 2. 12. 오후 2:30\n"
        f"{GOOD.strip()} 넷,\n"
        f"{GOOD.strip()} 다섯,3\n",
        encoding="utf-8",
    )
    corpus = load_corpus([path], options=LoadOptions(columns={"date": "메모"}))
    assert [a.date for a in corpus.articles] == ["2025-02-10", None, "2025-02-12", None, None]
    assert [(n.text(), n.count, n.kind) for n in corpus.notes] == [
        (
            f"{path}: 2 rows (3, 6) have no date in their date column '메모'; their dates are "
            "left empty",
            2,
            "dates",
        )
    ]
    # A guessed date column keeps reading the first date it finds, as before.
    guessed = tmp_path / "guessed.csv"
    guessed.write_text(f"본문,날짜\n{GOOD.strip()},입력 2025.02.11 14:30\n", encoding="utf-8")
    assert [a.date for a in load_corpus([guessed]).articles] == ["2025-02-11"]


def test_forced_date_column_of_excel_dates(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["본문", "작성"])
    sheet.append([GOOD.strip(), datetime(2025, 2, 9, 17, 47)])
    sheet.append([GOOD.strip() + " 둘", "어제"])
    path = tmp_path / "dates.xlsx"
    book.save(path)
    corpus = load_corpus([path], options=LoadOptions(columns={"date": "작성"}))
    assert [a.date for a in corpus.articles] == ["2025-02-09", None]
    assert [n.text() for n in corpus.notes] == [
        f"{path}: row 3 has no date in its date column '작성'; its date is left empty"
    ]


# --- 5. a target listed twice --------------------------------------------------------------

TWICE = """\
[[target]]
name = "네이버"
aliases = ["NAVER"]

[[target]]
name = "카카오"

[[target]]
name = "네이버"
aliases = ["하이퍼클로바X"]
"""


def test_target_listed_twice_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "targets.toml"
    path.write_text(TWICE, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_targets(path)
    assert str(info.value) == (
        f"{path}: target '네이버' is listed twice (entries 1 and 3); give each target one "
        "[[target]] entry"
    )
    corpus = tmp_path / "news"
    corpus.mkdir()
    (corpus / "a.txt").write_text(GOOD, encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(corpus), "--targets", str(path), "-q"])
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == f"error: {info.value}\n"


# --- 6. a user-dictionary line with spaces -------------------------------------------------


def test_userdict_line_with_spaces_instead_of_tabs_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "my_words.tsv"
    path.write_text(
        "# my words\n\n딥시크 NNP 10\n샘 알트만\n오픈AI\tNNP\t5\nOpen AI\tNNP\t0\t오픈AI\n",
        encoding="utf-8",
    )
    warnings = userdict_warnings([path])
    assert [(n.path, n.message, n.kind) for n in warnings] == [
        (
            str(path),
            "line 3: '딥시크 NNP 10' has spaces where tabs belong, so it is read as one phrase "
            "(write word<TAB>tag<TAB>score)",
            "warning",
        )
    ]


# --- through the command line ---------------------------------------------------------------


def test_command_line_reports_each_case_and_exits_3(tmp_path: Path) -> None:
    news = tmp_path / "news"
    news.mkdir()
    (news / "good.txt").write_text(GOOD, encoding="utf-8")
    (news / "long.txt").write_text("가나다라마바사아자. " * 500, encoding="utf-8")
    (news / "nul.txt").write_bytes((GOOD * 200).encode()[:9_000] + b"\x00")
    (news / "rows.csv").write_text(
        f"본문,메모\n{GOOD.strip()} 하나,2025-02-10\n{GOOD.strip()} 둘,어제 발표\n"
        f"{'가' * 5_200},2025-02-12\n",
        encoding="utf-8",
    )
    userdict = tmp_path / "words.tsv"
    userdict.write_text("딥시크 NNP 10\n", encoding="utf-8")
    result = runner.invoke(
        app,
        [
            *("analyze", str(news), "--max-doc-chars", "5000", "--columns", "date=메모"),
            *("--userdict", str(userdict), "--no-cache", "-f", "json"),
        ],
    )
    assert result.exit_code == ExitCode.PARTIAL, result.output
    limit = f"over the limit of 5,000 per document {HINT}"
    assert result.stderr.splitlines() == [
        f"error: {news / 'long.txt'}: 5,500 characters, {limit}",
        f"error: {news / 'nul.txt'}: binary file, not text (a NUL byte at offset 9000) "
        "(pass text, .jsonl, .csv or .xlsx files)",
        f"error: {news / 'rows.csv'}: row 4 has 5,210 characters, {limit}",
        f"warning: {userdict}: line 1: '딥시크 NNP 10' has spaces where tabs belong, so it is "
        "read as one phrase (write word<TAB>tag<TAB>score)",
    ]
    doc = json.loads(result.stdout)
    assert [(s["path"], s["hint"]) for s in doc["skipped"]][::2] == [
        (str(news / "long.txt"), "--max-doc-chars N raises the limit"),
        (str(news / "rows.csv"), "--max-doc-chars N raises the limit"),
    ]
    assert [(n["path"], n["kind"]) for n in doc["notes"]] == [
        (str(news / "rows.csv"), "dates"),
        (str(userdict), "warning"),
    ]
    assert doc["notes"][0]["message"] == (
        "row 3 has no date in its date column '메모'; its date is left empty"
    )


def test_command_line_strict_refuses_the_hostile_workbook(tmp_path: Path) -> None:
    hostile = tmp_path / "export.xlsx"
    write_hostile_xlsx(hostile, 300_000, shared=True)
    result = runner.invoke(app, ["analyze", str(hostile), "--strict", "-q"])
    assert result.exit_code == ExitCode.STRICT
    assert result.stderr == (
        f"error: {hostile}: xl/sharedStrings.xml holds a cell of more than 200,000 characters, "
        f"over the limit per document; the workbook was not read {HINT}\n"
        "error: --strict: 1 input could not be read; nothing was analysed\n"
    )
    # Raised past the cell, the workbook reads.
    corpus = load_corpus([hostile], options=LoadOptions(max_doc_chars=300_000))
    assert [len(a.body) for a in corpus.articles] == [len(GOOD.strip()), 300_000]


def test_kwic_takes_the_limit_too(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "long.txt").write_text("네이버. " * 300, encoding="utf-8")
    result = runner.invoke(
        app, ["kwic", str(tmp_path), "-t", "네이버", "--max-doc-chars", "1000", "-f", "json"]
    )
    assert result.exit_code == ExitCode.PARTIAL, result.output
    assert result.stderr == (
        f"error: {tmp_path / 'long.txt'}: 1,500 characters, over the limit of 1,000 per "
        f"document {HINT}\n"
    )
    assert [row["doc_id"] for row in json.loads(result.stdout)] == ["good"]


def test_kwic_prints_the_user_dictionary_warning(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    words = tmp_path / "words.tsv"
    words.write_text("딥시크 NNP 10\n", encoding="utf-8")
    command = ["kwic", str(tmp_path / "good.txt"), "-t", "네이버", "--userdict", str(words)]
    result = runner.invoke(app, command)
    assert result.exit_code == ExitCode.OK, result.output
    assert (
        f"warning: {words}: line 1: '딥시크 NNP 10' has spaces where tabs belong" in result.stderr
    )
    assert "warning" not in runner.invoke(app, [*command, "-q"]).stderr


def test_a_lone_surrogate_escape_in_jsonl_is_a_replacement_character(tmp_path: Path) -> None:
    # `"\ud800"` is valid JSON but no character: it cannot be written as UTF-8 anywhere.
    news = tmp_path / "news.jsonl"
    news.write_text(
        '{"id": "x", "title": "bad \\ud800 title", "text": "네이버가 \\udc00 새 모델을 발표했다.",'
        ' "desk": {"\\ud83d": "\\ud83d\\ude00"}}\n',
        encoding="utf-8",
    )
    (article,) = load_corpus([news]).articles
    assert article.title == "bad \ufffd title"
    assert article.body == "네이버가 \ufffd 새 모델을 발표했다."
    result = runner.invoke(app, ["analyze", str(news), "-f", "json", "--no-cache"])
    assert result.exit_code == ExitCode.OK, result.output
    assert json.loads(result.stdout)["documents"][0]["title"] == "bad \ufffd title"


def test_a_corpus_of_one_word_has_no_distinctive_words_and_no_error(tmp_path: Path) -> None:
    news = tmp_path / "news.jsonl"
    news.write_text('{"id": "x", "text": "네이버가 새 모델을 발표했다."}\n', encoding="utf-8")
    result = runner.invoke(app, ["stance", str(news), "-f", "json", "--no-cache"])
    assert result.exit_code == ExitCode.OK, result.output
    assert json.loads(result.stdout)["stance_words"] == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'export = ["pdf"]',
            "export = 'pdf': unknown export format 'pdf': choose from csv, parquet, xlsx, json",
        ),
        ('columns = "본문"', "columns = '본문': '본문': expected FIELD=COLUMN with FIELD one of"),
        ('[keyness]\ngroup-by = "desk"', "group_by = 'desk': group by one of kind, source, month"),
        ("top = 0", "top = 0: expected at least 1"),
        ("nonsense = 1", "unknown key 'nonsense'"),
    ],
)
def test_every_project_file_error_names_the_file(tmp_path: Path, text: str, message: str) -> None:
    project = tmp_path / "ai-discourse.toml"
    project.write_text(text + "\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = runner.invoke(app, ["--config", str(project), "keyness", str(tmp_path / "a.txt")])
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith(f"error: {project}: {message}"), result.stderr
