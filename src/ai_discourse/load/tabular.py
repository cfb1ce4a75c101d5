"""One-article-per-row inputs: JSON Lines, CSV/TSV and Excel (BigKinds exports included).

Columns are mapped to Article fields by their common names, Korean or English (제목/title,
본문/내용/text/body, 일자/날짜/date, 언론사/source, 기고자/기자/author, URL/link, id), after
folding case, spaces and punctuation, so header names that drift between export versions
(`분석제외 여부` / `분석제외여부`, `특성추출(가중치순 상위 50개)`) still match. A user's
`--columns text=본문,title=제목` wins over the guesses.

BigKinds (한국언론진흥재단) Excel exports are recognised by their columns: rows marked in
`분석제외 여부` (중복, 예외, 제외) are left out unless asked for, `뉴스 식별자` stays text,
and BigKinds' own 인물/위치/기관/키워드/분류 columns go to `meta["bigkinds"]` so they can be
compared with ours. Their bodies hold only the first ~200 characters of each article.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ai_discourse.config import MAX_DOC_CHARS
from ai_discourse.errors import InputError
from ai_discourse.load.dates import parse_date
from ai_discourse.load.encoding import text_lines
from ai_discourse.load.limits import LIMIT_HINT, oversized_xlsx_part
from ai_discourse.records import Article, Kind, Note, Skipped

FIELDS = ("text", "title", "date", "source", "author", "url", "id", "kind")
_ALIASES: dict[str, tuple[str, ...]] = {
    "text": (
        "본문",
        "내용",
        "기사",
        "기사본문",
        "본문내용",
        "원문",
        "text",
        "body",
        "content",
        "article",
        "contents",
        "fulltext",
        "description",
    ),
    "title": ("제목", "기사제목", "헤드라인", "타이틀", "title", "headline", "subject"),
    "date": (
        "일자",
        "날짜",
        "작성일",
        "게재일",
        "발행일",
        "등록일",
        "입력일",
        "보도일",
        "date",
        "published",
        "publishedat",
        "pubdate",
        "datetime",
        "created",
        "createdat",
    ),
    "source": (
        "언론사",
        "매체",
        "매체명",
        "출처",
        "신문사",
        "source",
        "press",
        "media",
        "publisher",
        "outlet",
        "platform",
    ),
    "author": (
        "기고자",
        "기자",
        "작성자",
        "저자",
        "필자",
        "author",
        "byline",
        "writer",
        "reporter",
    ),
    "url": ("url", "링크", "주소", "원문링크", "기사url", "link", "href"),
    "id": ("뉴스식별자", "식별자", "기사id", "id", "docid", "articleid", "uid"),
    "kind": ("kind", "유형", "문서유형", "type"),
}
# BigKinds columns kept in meta["bigkinds"], by folded header name.
_BIGKINDS_META = {
    "인물": "people",
    "위치": "places",
    "기관": "organizations",
    "키워드": "keywords",
    "특성추출": "features",
    "통합분류1": "category1",
    "통합분류2": "category2",
    "통합분류3": "category3",
    "사건사고분류1": "incident1",
    "사건사고분류2": "incident2",
    "사건사고분류3": "incident3",
}
_BIGKINDS_EXCLUDE = "분석제외여부"
_BIGKINDS_SIGNS = {"뉴스식별자", _BIGKINDS_EXCLUDE, "통합분류1", "특성추출", "기고자", "언론사"}
_MAX_LISTED = 5


def header_key(name: object) -> str:
    """A header as compared: no BOM, case, spaces, punctuation or parenthesised notes."""
    text = re.sub(r"\([^)]*\)", "", str(name or "").replace("\ufeff", ""))
    return re.sub(r"[\s_\-/.·:]+", "", text).casefold()


@dataclass(frozen=True)
class TableOptions:
    """How to read tabular inputs: forced column names, BigKinds' excluded rows, and the
    characters one row may have."""

    columns: Mapping[str, str] = field(default_factory=dict)
    include_excluded: bool = False
    max_doc_chars: int = MAX_DOC_CHARS


class ColumnMap:
    """Which column holds which Article field, for one table's header row."""

    def __init__(self, headers: Sequence[object], path: str, options: TableOptions) -> None:
        keys = [header_key(h) for h in headers]
        self.headers = [str(h).strip() if h is not None else "" for h in headers]
        self.index: dict[str, int] = {}
        for name, wanted in options.columns.items():
            key = header_key(wanted)
            if key not in keys:
                shown = ", ".join(h for h in self.headers if h) or "none"
                raise InputError(
                    path, f"no column {wanted!r} for {name} (columns: {shown})", "check --columns"
                )
            self.index[name] = keys.index(key)
        for name in FIELDS:
            if name in self.index:
                continue
            for alias in _ALIASES[name]:
                if alias in keys:
                    self.index[name] = keys.index(alias)
                    break
        if "text" not in self.index:
            shown = ", ".join(h for h in self.headers if h) or "none"
            raise InputError(
                path,
                f"no text column (columns: {shown})",
                "name it 본문 or text, or pass --columns text=COLUMN",
            )
        # A column the user named as the date is taken at its word only for cells that
        # are dates: free text in it would yield whatever date it mentions.
        self.forced_date = "date" in options.columns
        self.bigkinds = len(_BIGKINDS_SIGNS & set(keys)) >= 3
        self.meta_index = {
            _BIGKINDS_META[k]: i
            for i, k in enumerate(keys)
            if self.bigkinds and k in _BIGKINDS_META
        }
        self.exclude_index = keys.index(_BIGKINDS_EXCLUDE) if _BIGKINDS_EXCLUDE in keys else None
        used = set(self.index.values()) | set(self.meta_index.values())
        if self.exclude_index is not None:
            used.add(self.exclude_index)
        self.other = {i: h for i, h in enumerate(self.headers) if i not in used and h}

    def excluded(self, row: Sequence[Any]) -> bool:
        if self.exclude_index is None or self.exclude_index >= len(row):
            return False
        return bool(_cell(row[self.exclude_index]))

    def date_cell(self, row: Sequence[Any]) -> Any:
        """The row's date cell as read (None when there is no date column)."""
        i = self.index.get("date")
        return row[i] if i is not None and i < len(row) else None

    def not_a_date(self, row: Sequence[Any]) -> bool:
        """Whether the forced date column holds something other than a date here."""
        cell = self.date_cell(row)
        return self.forced_date and _cell(cell) is not None and self.date(cell) is None

    def date(self, cell: Any) -> str | None:
        """The ISO date of a date cell; a forced date column's cell must be a date."""
        if cell in (None, ""):
            return None
        return parse_date(cell, whole=self.forced_date)

    def article(self, row: Sequence[Any], *, where: str, default_id: str) -> Article | None:
        """The row as an Article, or None when its text cell is empty."""

        def get(name: str) -> str | None:
            i = self.index.get(name)
            return _cell(row[i]) if i is not None and i < len(row) else None

        body = get("text")
        if not body:
            return None
        paragraphs = [p.strip() for p in body.replace("\r", "\n").split("\n") if p.strip()]
        meta: dict[str, Any] = {
            h: v for i, h in self.other.items() if i < len(row) and (v := _cell(row[i]))
        }
        if self.bigkinds:
            meta["bigkinds"] = {
                name: _cell(row[i]) for name, i in self.meta_index.items() if i < len(row)
            }
        kind = (get("kind") or "").lower()
        return Article(
            id=get("id") or default_id,
            path=where,
            kind=_kind(kind, bigkinds=self.bigkinds, has_source=bool(get("source"))),
            source=get("source"),
            title=get("title"),
            date=self.date(self.date_cell(row)),
            author=get("author"),
            url=get("url"),
            body="\n\n".join(paragraphs),
            meta=meta,
        )


def _kind(kind: str, *, bigkinds: bool, has_source: bool) -> Kind:
    if kind in ("news", "blog"):
        return "news" if kind == "news" else "blog"
    if bigkinds or kind in ("뉴스", "기사") or has_source:
        return "news"
    return "blog" if kind in ("블로그",) else "unknown"


def _cell(value: Any) -> str | None:
    """A cell as clean text: numbers without a float tail (IDs), dates as ISO."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "isoformat") and not isinstance(value, str):
        value = value.isoformat()
    text = str(value).strip()
    return text or None


def rows_to_articles(
    rows: Iterable[Sequence[Any]],
    *,
    path: str,
    options: TableOptions,
    first_row: int = 2,
) -> Iterator[Article | Skipped | Note]:
    """Articles from a header row and data rows; one summary entry per kind of problem."""
    iterator = iter(rows)
    header = next((r for r in iterator if sum(1 for c in r if _cell(c)) >= 1), None)
    if header is None:
        yield Skipped(path, "no header row (the file has no rows)")
        return
    columns = ColumnMap(header, path, options)
    numbered = (
        (number, row)
        for number, row in enumerate(iterator, start=first_row)
        if any(_cell(c) for c in row)
    )
    seen = False
    for item in _articles(
        columns,
        numbered,
        path=path,
        options=options,
        noun="row",
        hint="fill the text column or drop those rows",
    ):
        seen = True
        yield item
    if not seen:
        yield Skipped(path, "no data rows under the header")
    if columns.bigkinds:
        yield Note(
            path,
            "BigKinds export: its bodies hold only the first ~200 characters of each article",
            kind="bigkinds",
        )


def _articles(
    columns: ColumnMap,
    numbered: Iterable[tuple[int, Sequence[Any]]],
    *,
    path: str,
    options: TableOptions,
    noun: str,
    hint: str,
) -> Iterator[Article | Skipped | Note]:
    """The Articles of numbered rows, then one entry for the rows without text and one
    for the rows BigKinds marked 분석제외."""
    stem = Path(path).stem
    empty: list[int] = []
    excluded: list[int] = []
    too_long: list[tuple[int, int]] = []
    undated: list[int] = []
    for number, row in numbered:
        if columns.excluded(row) and not options.include_excluded:
            excluded.append(number)
            continue
        size = sum(len(text) for text in map(_cell, row) if text)
        if size > options.max_doc_chars:
            too_long.append((number, size))
            continue
        article = columns.article(row, where=f"{path}:{number}", default_id=f"{stem}#{number}")
        if article is None:
            empty.append(number)
            continue
        if columns.not_a_date(row):
            undated.append(number)
        yield article
    if empty:
        yield Skipped(path, _rows(empty, noun, "has no text", "have no text"), hint)
    if too_long:
        longest = max(size for _, size in too_long)
        limit = f"over the limit of {options.max_doc_chars:,} per document"
        yield Skipped(
            path,
            _rows(
                [number for number, _ in too_long],
                noun,
                f"has {longest:,} characters, {limit}",
                f"have up to {longest:,} characters, {limit}",
            ),
            LIMIT_HINT,
        )
    if undated:
        column = options.columns["date"]
        yield Note(
            path,
            _rows(
                undated,
                noun,
                f"has no date in its date column {column!r}; its date is left empty",
                f"have no date in their date column {column!r}; their dates are left empty",
            ),
            count=len(undated),
            kind="dates",
        )
    if excluded:
        yield Note(
            path,
            _rows(excluded, noun, "is", "are")
            + " marked in 분석제외 여부 (중복/예외/제외) and left out;"
            " --include-excluded keeps them",
            count=len(excluded),
            kind="excluded",
        )


def _rows(numbers: list[int], noun: str, singular: str, plural: str) -> str:
    """`row 7 has no text`, `3 rows (2, 5, 9) have no text`: the rows a message is about."""
    if len(numbers) == 1:
        return f"{noun} {numbers[0]} {singular}"
    listed = ", ".join(map(str, numbers[:_MAX_LISTED])) + (
        ", …" if len(numbers) > _MAX_LISTED else ""
    )
    return f"{len(numbers)} {noun}s ({listed}) {plural}"


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _whole_characters(value: Any) -> Any:
    """A JSON value with every lone surrogate (`"\\ud800"` escaped alone: valid JSON, no
    character, and no UTF-8 either) replaced by U+FFFD, in keys and strings alike."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_whole_characters(k): _whole_characters(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_whole_characters(v) for v in value]
    return value


def read_jsonl(
    text: str, *, path: str, options: TableOptions
) -> Iterator[Article | Skipped | Note]:
    """One JSON object per line; bad lines are reported together, the rest load."""
    return _read_jsonl(lambda: enumerate(text.split("\n"), start=1), path=path, options=options)


def read_jsonl_file(
    path: Path, *, shown: str, options: TableOptions
) -> Iterator[Article | Skipped | Note]:
    """`read_jsonl` of a UTF-8 file (see `encoding.utf8_file`), read line by line, twice
    (the columns, then the records), so that memory holds a line and never the file: the
    lines and their numbers are those of the text decoded whole."""

    def lines() -> Iterator[tuple[int, str]]:
        for number, line in enumerate(text_lines(path), start=1):
            yield number, line.removesuffix("\n")

    return _read_jsonl(lines, path=shown, options=options)


def _record(line: str) -> dict[str, Any] | None:
    """A line's JSON object (None: not one)."""
    try:
        record: object = json.loads(line)
    except (ValueError, RecursionError):  # bad JSON, 4,300-digit numbers, deep nesting
        return None
    if not isinstance(record, dict):
        return None
    if "\\ud" in line or "\\uD" in line:  # a `\ud800` escape may be half a pair
        return dict(_whole_characters(record))
    return record


def _read_jsonl(
    lines: Callable[[], Iterable[tuple[int, str]]], *, path: str, options: TableOptions
) -> Iterator[Article | Skipped | Note]:
    """`read_jsonl` of numbered lines that can be read twice: once for the bad lines and
    the columns (every record's keys), once for the articles. Nothing is held but the
    line numbers of bad lines and the keys."""
    bad: list[int] = []
    headers: dict[str, None] = {}
    records = 0
    for number, line in lines():
        if not line.strip():
            continue
        record = _record(line)
        if record is None:
            bad.append(number)
        else:
            records += 1
            headers.update(dict.fromkeys(record))
    if bad:
        yield Skipped(
            path,
            _rows(bad, "line", "is not a JSON object", "are not JSON objects"),
            "one JSON object per line",
        )
    if not records:
        if not bad:
            yield Skipped(path, "no records")
        return
    names = list(headers)
    columns = ColumnMap(names, path, options)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        for number, line in lines():
            record = _record(line) if line.strip() else None
            if record is not None:
                yield number, [record.get(h) for h in names]

    yield from _articles(
        columns,
        rows(),
        path=path,
        options=options,
        noun="line",
        hint="give each line a text (or body, content, 본문) field",
    )


def read_delimited(
    text: str, *, path: str, options: TableOptions
) -> Iterator[Article | Skipped | Note]:
    """CSV or TSV, quoted multi-line cells included. The delimiter is the one among
    , TAB ; | that the header line uses most (exports from Korean tools vary)."""
    lines = io.StringIO(text, newline="")
    return _read_delimited(
        lines, text.split("\n", 1)[0], path=path, options=options, size=len(text)
    )


def _read_delimited(
    lines: Iterable[str], header: str, *, path: str, options: TableOptions, size: int
) -> Iterator[Article | Skipped | Note]:
    """`read_delimited` of the text's lines, its first line `header`; no field is longer
    than `size`."""
    default = "\t" if path.lower().endswith(".tsv") else ","
    counts = {d: header.count(d) for d in (",", "\t", ";", "|")}
    delimiter = max(counts, key=lambda d: (counts[d], d == default))
    if counts[delimiter] == 0:
        delimiter = default
    reader = csv.reader(lines, delimiter=delimiter)
    # The csv module refuses a field over 131,072 characters, and with it the whole file:
    # a long article is a row over --max-doc-chars, skipped alone. No field is longer than
    # the text it is read from. (The limit is the module's, so it is put back.)
    field_limit = csv.field_size_limit(max(csv.field_size_limit(), size))
    try:
        yield from rows_to_articles(reader, path=path, options=options)
    except csv.Error as exc:
        raise InputError(
            path, f"not valid CSV ({exc})", "check the quoting, or export again"
        ) from None
    finally:
        csv.field_size_limit(field_limit)


def read_delimited_file(
    path: Path, *, shown: str, options: TableOptions
) -> Iterator[Article | Skipped | Note]:
    """`read_delimited` of a UTF-8 file (see `encoding.utf8_file`), parsed as it is read,
    a line at a time: the rows of the text decoded whole."""
    lines = text_lines(path)
    header = next(lines, "")
    return _read_delimited(
        itertools.chain([header], lines),
        header,
        path=shown,
        options=options,
        size=path.stat().st_size,
    )


def read_xlsx(path: Path, *, options: TableOptions) -> Iterator[Article | Skipped | Note]:
    """Every sheet with a text column of an .xlsx workbook (openpyxl, read-only, streamed)."""
    from openpyxl import load_workbook

    shown = str(path)
    part = oversized_xlsx_part(path, options.max_doc_chars)
    if part is not None:
        raise InputError(
            shown,
            f"{part} holds a cell of more than {options.max_doc_chars:,} characters, "
            "over the limit per document; the workbook was not read",
            LIMIT_HINT,
        )
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zip, XML and key errors for broken files
        raise InputError(
            shown,
            f"not a readable Excel file ({type(exc).__name__})",
            "open and re-save it in Excel, or export it as CSV",
        ) from None
    try:
        problems: list[InputError] = []
        found = False
        for sheet in workbook.worksheets:
            where = shown if len(workbook.worksheets) == 1 else f"{shown}[{sheet.title}]"
            try:
                for item in rows_to_articles(
                    sheet.iter_rows(values_only=True), path=where, options=options
                ):
                    found = found or isinstance(item, Article)
                    yield item
            except InputError as exc:
                problems.append(exc)
            except Exception as exc:  # read-only sheets are parsed lazily: XML, value errors
                problems.append(
                    InputError(
                        where,
                        f"not a readable Excel sheet ({type(exc).__name__})",
                        "open and re-save it in Excel, or export it as CSV",
                    )
                )
        if problems and not found:
            raise problems[0]
        for problem in problems if found else ():
            yield Skipped(problem.path, problem.reason, problem.hint)
    finally:
        workbook.close()


def parse_columns(value: str | None) -> tuple[tuple[str, str], ...]:
    """`text=본문,title=제목` -> (("text", "본문"), ("title", "제목")); ValueError names
    an item that is not FIELD=COLUMN with a known FIELD."""
    if not value:
        return ()
    pairs = []
    for item in value.split(","):
        name, sep, column = item.partition("=")
        name = name.strip().lower()
        if not sep or not column.strip() or name not in FIELDS:
            raise ValueError(
                f"{item.strip()!r}: expected FIELD=COLUMN with FIELD one of {', '.join(FIELDS)}"
            )
        pairs.append((name, column.strip()))
    return tuple(pairs)
