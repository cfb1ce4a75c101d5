"""The exported formats: CSV (UTF-8 with BOM, for Excel), Parquet, one XLSX workbook,
JSON; written as one set (see `publish`)."""

from __future__ import annotations

import io
import itertools
import json
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

from ai_discourse.analysis.disk import DiskTable, Table, frames, materialize
from ai_discourse.render.publish import Writer, atomic_file, publish
from ai_discourse.version import __version__

if TYPE_CHECKING:
    import pandas as pd

    from ai_discourse.analysis import Analysis

SCHEMA_VERSION = 1
"""Bumped whenever a key of the JSON output is renamed or removed (additions keep it)."""


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never half
    (see `publish.atomic_file`)."""
    atomic_file(path, lambda handle: handle.write(data))


# A spreadsheet reads a cell starting with one of these as a formula (OWASP, "CSV Injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, made inert with a leading `'`.

    `=HYPERLINK(…)` -> `'=HYPERLINK(…)`; numbers, None and ordinary text pass unchanged.
    Excel hides the apostrophe and shows the text as written.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_safe(table: pd.DataFrame) -> pd.DataFrame:
    """The table with every text cell neutralised; numeric columns are not touched."""
    from pandas.api.types import is_bool_dtype, is_datetime64_any_dtype, is_numeric_dtype

    kept = (is_numeric_dtype, is_bool_dtype, is_datetime64_any_dtype)
    safe = table
    for column in table.columns:
        values = table[column]
        if any(test(values) for test in kept):
            continue
        try:
            formulas = values.str.startswith(_FORMULA_STARTS, na=False)
        except AttributeError:  # objects that are not text: cell by cell
            formulas = values.map(lambda v: neutralise_formula(v) is not v)
        if not formulas.any():
            continue  # the usual case: nothing to copy
        if safe is table:
            safe = table.copy()
        fixed = values.astype(object)
        fixed[formulas] = "'" + values[formulas].astype(str)
        safe[column] = fixed.astype(values.dtype)
    return safe


def csv_bytes(table: pd.DataFrame) -> bytes:
    """A table as CSV bytes in UTF-8 with BOM, so Excel shows Korean without an import wizard.

    Text cells that would run as formulas in a spreadsheet are neutralised (see
    `neutralise_formula`); JSON output keeps the text as it is.
    """
    buffer = io.BytesIO()
    write_csv(table, buffer)
    return buffer.getvalue()


def write_csv(table: Table, handle: BinaryIO) -> None:
    """`csv_bytes`, written to a binary file (a disk table batch by batch)."""
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="", write_through=True)
    header = True
    for frame in frames(table):
        spreadsheet_safe(frame).to_csv(text, index=False, header=header, lineterminator="\r\n")
        header = False
    if header:  # a disk table without rows: its header
        spreadsheet_safe(materialize(table)).to_csv(text, index=False, lineterminator="\r\n")
    text.flush()
    text.detach()


def to_json_head(result: Analysis) -> dict[str, Any]:
    """The document's keys before the tables."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "ai-discourse", "version": __version__},
        "overview": result.overview,
        "skipped": [{"path": s.path, "reason": s.reason, "hint": s.hint} for s in result.skipped],
        "notes": [{"path": n.path, "message": n.message, "kind": n.kind} for n in result.notes],
    }


def document_text(result: Analysis) -> str:
    """The stable JSON document of `--format json` and summary.json (see
    `write_document`)."""
    out = io.StringIO()
    write_document(result, out)
    return out.getvalue()


def write_document(result: Analysis, out: TextIO) -> None:
    """The JSON document, one key per line and one table row per line, written table by
    table (a large corpus's document is never one string in memory)."""

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    out.write("{")
    first = True
    for key, value in to_json_head(result).items():
        out.write(("\n" if first else ",\n") + f"  {dump(key)}: {dump(value)}")
        first = False
    for name, table in result.tables().items():
        out.write(f",\n  {dump(name)}: ")
        if table.empty:
            out.write("[]")
            continue
        first = True
        for frame in frames(table):
            if frame.empty:
                continue
            rows = frame.to_json(orient="records", lines=True, force_ascii=False).strip()
            out.write(("[\n    " if first else ",\n    ") + rows.replace("\n", ",\n    "))
            first = False
        out.write("\n  ]")
    out.write("\n}\n")


def text_writer(make: Callable[[], str]) -> Callable[[BinaryIO], None]:
    """A writer of UTF-8 text made only when the file is written."""

    def write(handle: BinaryIO) -> None:
        handle.write(make().encode("utf-8"))

    return write


FORMATS = ("csv", "parquet", "xlsx", "json")
"""What `--export` may list: a CSV file per table (UTF-8 with BOM), a Parquet file per
table, one Excel workbook with a sheet per table, and summary.json (the whole run)."""
DEFAULT_FORMATS = ("csv", "json")
WORKBOOK = "ai-discourse.xlsx"
XLSX_ROWS = 1_048_575
"""Data rows per Excel sheet (its limit, less the header): longer tables go on."""
XLSX_CELL = 32_767
"""Characters per Excel cell, its limit: longer text is cut (the CSV keeps it whole)."""


def parse_formats(text: str | None) -> tuple[str, ...]:
    """`csv,xlsx` -> ("csv", "xlsx"), checked (None: the default formats)."""
    if text is None:
        return DEFAULT_FORMATS
    return check_formats([f.strip().lower() for f in text.split(",") if f.strip()])


def check_formats(formats: Sequence[str]) -> tuple[str, ...]:
    """The formats, checked and in a stable order; ValueError names an unknown one."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ValueError(
            f"unknown export format {', '.join(map(repr, unknown)) or '(none)'}: "
            f"choose from {', '.join(FORMATS)}"
        )
    return tuple(f for f in FORMATS if f in formats)


def write_parquet(table: Table, handle: BinaryIO) -> None:
    """A table as Parquet (pyarrow), its text exactly as found (for pandas, R, DuckDB);
    a disk table a row group per batch."""
    if not isinstance(table, DiskTable):
        table.to_parquet(handle, engine="pyarrow", index=False)
        return
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer = None
    for frame in table.batches():
        batch = pa.Table.from_pandas(frame, preserve_index=False)
        if writer is None:
            writer = pq.ParquetWriter(handle, batch.schema)
        writer.write_table(batch)
    if writer is None:
        table.to_pandas().to_parquet(handle, engine="pyarrow", index=False)
    else:
        writer.close()


def write_xlsx(tables: Mapping[str, Table], handle: BinaryIO) -> None:
    """One workbook, a sheet per table (streamed: openpyxl's write-only mode; a disk
    table batch by batch), with a frozen header row and columns as wide as their content;
    text cells that Excel would run as formulas are neutralised as in the CSV files and
    stored as text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    for name, table in tables.items():
        parts = max(1, -(-len(table) // XLSX_ROWS))
        source = _Rows(spreadsheet_safe(f) for f in frames(table))
        for part in range(parts):
            title = name if part == 0 else f"{name[:26]} ({part + 1})"
            sheet = book.create_sheet(title=title[:31])
            sheet.freeze_panes = "A2"
            chunks = source.take(XLSX_ROWS)
            leading = list(itertools.islice(chunks, 1))
            while leading and sum(map(len, leading)) < WIDTH_ROWS:
                more = next(chunks, None)
                if more is None:
                    break
                leading.append(more)
            if not leading:  # a table without rows: its header
                leading = [spreadsheet_safe(materialize(table)).iloc[0:0]]
            first = leading[0]
            for k, column in enumerate(first.columns, start=1):
                seen = itertools.chain.from_iterable(c[column] for c in leading)
                sheet.column_dimensions[get_column_letter(k)].width = _width(
                    str(column), itertools.islice(seen, WIDTH_ROWS)
                )
            sheet.append([str(c) for c in first.columns])
            for chunk in itertools.chain(leading, chunks):
                for values in chunk.itertuples(index=False, name=None):
                    cells = []
                    for value in values:
                        if isinstance(value, str):
                            text = ILLEGAL_CHARACTERS_RE.sub("", value)
                            if len(text) > XLSX_CELL:
                                text = text[: XLSX_CELL - 1] + "…"
                            cell = WriteOnlyCell(sheet, value=text)
                            cell.data_type = "s"  # never a formula, whatever it starts with
                            cells.append(cell)
                        elif value is None or (isinstance(value, float) and value != value):
                            cells.append(None)
                        else:
                            cells.append(value.item() if hasattr(value, "item") else value)
                    sheet.append(cells)
    # openpyxl stamps the time of saving into the file (its properties and every zip
    # entry): saved aside, then copied with fixed stamps, the same tables give the same
    # bytes.
    with tempfile.TemporaryFile() as saved:
        book.save(saved)
        saved.seek(0)
        _stamp_zip(saved, handle)


class _Rows:
    """A table's frames, taken `limit` rows at a time (a sheet), in order."""

    def __init__(self, source: Iterator[pd.DataFrame]) -> None:
        self.source = source
        self.carry: pd.DataFrame | None = None

    def take(self, limit: int) -> Iterator[pd.DataFrame]:
        room = limit
        while room > 0:
            frame, self.carry = self.carry, None
            if frame is None:
                frame = next(self.source, None)
                if frame is None:
                    return
            if len(frame) > room:
                frame, self.carry = frame.iloc[:room], frame.iloc[room:]
            room -= len(frame)
            yield frame


XLSX_TIME = "2000-01-01T00:00:00Z"
"""The creation and modification time written into every workbook (`SOURCE_DATE_EPOCH`,
when set, takes its place, as reproducible builds do)."""


def _fixed_time() -> tuple[str, tuple[int, int, int, int, int, int]]:
    from datetime import UTC, datetime

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    when = (
        datetime.fromtimestamp(int(epoch), UTC)
        if epoch.isdigit()
        else datetime.fromisoformat(XLSX_TIME)
    )
    when = max(when, datetime(1980, 1, 1, tzinfo=UTC))  # a zip cannot date before 1980
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    return stamp, (when.year, when.month, when.day, when.hour, when.minute, when.second)


_CORE_TIMES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def _stamp_zip(source: BinaryIO, handle: BinaryIO) -> None:
    """Copy a zip (an .xlsx) entry by entry, streamed, with a fixed time on every entry
    and in the document properties (docProps/core.xml)."""
    stamp, date_time = _fixed_time()
    with (
        zipfile.ZipFile(source) as old,
        zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as new,
    ):
        for info in old.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            if info.filename == "docProps/core.xml":
                core = _CORE_TIMES.sub(rb"\g<1>" + stamp.encode() + rb"\g<2>", old.read(info))
                new.writestr(entry, core)
                continue
            with old.open(info) as src, new.open(entry, "w", force_zip64=True) as dst:
                shutil.copyfileobj(src, dst, 1 << 20)


WIDTH_ROWS = 200
"""The rows of a sheet whose cells set its columns' widths."""


def _width(header: str, values: Iterable[Any]) -> float:
    """A column's width in Excel's units: its widest cell among the first rows, Hangul
    counted double, between 6 and 60."""
    from rich.cells import cell_len

    widest = max([cell_len(header), *(cell_len(str(v)) for v in values if v is not None)])
    return float(min(60, max(6, widest + 2)))


def export(
    result: Analysis,
    out_dir: Path,
    *,
    formats: Sequence[str] = DEFAULT_FORMATS,
    extra: Mapping[str, Writer] | None = None,
    manifest: Mapping[str, Any] | None = None,
) -> list[Path]:
    """Write the run's tables into `out_dir` in `formats` (see `FORMATS`): `<name>.csv`,
    `<name>.parquet`, one `ai-discourse.xlsx`, `summary.json`; with the network also
    `network.graphml` and `network.svg`, with the trends `trends.svg`; `extra` files
    (name -> writer, e.g. the report) beside them; and last `run.json`. The folder is
    replaced as one set (see `publish`): a failure or a death at any point leaves the
    previous complete set. Returns the paths, `run.json` last."""
    return publish(
        out_dir, output_files(result, formats=formats) | dict(extra or {}), extra=manifest
    )


def output_files(
    result: Analysis, *, formats: Sequence[str] = DEFAULT_FORMATS
) -> dict[str, Writer]:
    """The files of `export`, by name, each with its writer (nothing is rendered yet)."""
    formats = check_formats(formats)

    def csv_writer(table: Table) -> Writer:
        return lambda handle: write_csv(table, handle)

    def parquet_writer(table: Table) -> Writer:
        return lambda handle: write_parquet(table, handle)

    def json_writer(handle: BinaryIO) -> None:
        text = io.TextIOWrapper(handle, encoding="utf-8", newline="\n", write_through=True)
        write_document(result, text)
        text.flush()
        text.detach()

    tables = result.tables()
    files: dict[str, Writer] = {}
    if "csv" in formats:
        files |= {f"{name}.csv": csv_writer(table) for name, table in tables.items()}
    if "parquet" in formats:
        files |= {f"{name}.parquet": parquet_writer(table) for name, table in tables.items()}
    if "xlsx" in formats:
        files[WORKBOOK] = lambda handle: write_xlsx(tables, handle)
    network = result.network
    if network is not None and "network_nodes" in tables:
        from ai_discourse.analysis.network import write_graphml
        from ai_discourse.render.svg import network_svg

        files["network.graphml"] = lambda handle: write_graphml(network.graph, handle)
        files["network.svg"] = text_writer(lambda: network_svg(network.graph))
    trends = tables.get("trends")
    if trends is not None and result.targets:
        from ai_discourse.render.svg import trends_svg

        files["trends.svg"] = text_writer(lambda: trends_svg(trends))
    if "json" in formats:
        files["summary.json"] = json_writer
    return files
