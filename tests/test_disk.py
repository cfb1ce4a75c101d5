"""Tables kept on disk (analysis.disk): the rows read back are the rows written, in
order and with pandas' dtypes; the exports of a disk table are those of the same
DataFrame; the top rows are those of a sort of the whole."""

from __future__ import annotations

import gc
import io
import os
import random

import pandas as pd
import pytest

from ai_discourse.analysis.disk import DiskTable, RowSink, frames, top_rows
from ai_discourse.analysis.stored import decode, encode
from ai_discourse.render.export import csv_bytes, write_csv, write_parquet, write_xlsx

TYPES = {"doc_id": "str", "n": "int", "score": "float", "ok": "bool", "note": "str"}


def _rows(count: int, seed: int = 7) -> list[tuple[object, ...]]:
    rng = random.Random(seed)
    words = ["삼성전자", "네이버", "=HYPERLINK(1)", '카카오 "AI"', "", "a,b\nc"]
    return [
        (
            f"d{k // 3}",
            rng.randrange(-5, 50),
            round(rng.uniform(-1, 1), 3),
            rng.random() < 0.5,
            None if rng.random() < 0.2 else rng.choice(words),
        )
        for k in range(count)
    ]


def _table(rows: list[tuple[object, ...]], batch_rows: int = 7) -> DiskTable:
    sink = RowSink(TYPES, batch_rows=batch_rows)
    sink.extend(rows)
    assert len(sink) == len(rows)
    return sink.close()


def test_rows_come_back_as_a_dataframe_of_them_would_hold_them() -> None:
    rows = _rows(50)
    table = _table(rows)
    expected = pd.DataFrame(rows, columns=list(TYPES))
    assert len(table) == 50 and not table.empty and table.columns == list(TYPES)
    pd.testing.assert_frame_equal(table.to_pandas(), expected)
    batches = list(table.batches())
    assert [len(b) for b in batches] == [7] * 7 + [1]
    pd.testing.assert_frame_equal(pd.concat(batches), expected)
    pd.testing.assert_frame_equal(table.head(10), expected.head(10))
    pd.testing.assert_frame_equal(table.head(500), expected)
    assert list(next(table.batches(["n"])).columns) == ["n"]


def test_an_empty_table_keeps_its_columns() -> None:
    table = RowSink(TYPES).close()
    assert len(table) == 0 and table.empty
    assert list(table.to_pandas().columns) == list(TYPES)
    assert list(table.head(3).columns) == list(TYPES)
    assert csv_bytes(table) == csv_bytes(pd.DataFrame(columns=list(TYPES)))


def test_columns_appended_whole_and_copied_tables_keep_the_order() -> None:
    rows = _rows(20)
    sink = RowSink(TYPES, batch_rows=4)
    sink.extend(rows[:5])
    sink.write_columns({name: [r[k] for r in rows[5:9]] for k, name in enumerate(TYPES)})
    sink.copy(_table(rows[9:], batch_rows=3))
    pd.testing.assert_frame_equal(sink.close().to_pandas(), pd.DataFrame(rows, columns=list(TYPES)))


def test_unknown_column_types_are_refused() -> None:
    with pytest.raises(ValueError, match="column types"):
        RowSink({"a": "date"})


def test_the_file_goes_with_the_table() -> None:
    table = _table(_rows(10))
    path = table.path
    assert os.path.exists(path)
    del table
    gc.collect()
    assert not os.path.exists(path)


@pytest.mark.parametrize("n", [0, 1, 5, 200])
def test_top_rows_are_a_stable_sort_of_the_whole(n: int) -> None:
    rows = _rows(120, seed=n)
    table = _table(rows, batch_rows=11)
    whole = pd.DataFrame(rows, columns=list(TYPES))

    def prepare(frame: pd.DataFrame) -> pd.DataFrame:
        kept = frame[frame.ok]
        return kept.assign(strength=kept.score.abs())

    top, total = top_rows(table, n, ["n", "strength"], prepare)
    expected = prepare(whole).sort_values(["n", "strength"], ascending=False, kind="stable")
    assert total == len(expected)
    pd.testing.assert_frame_equal(top, expected.head(n))


def test_exports_of_a_disk_table_are_those_of_the_dataframe() -> None:
    """CSV and the workbook byte for byte (widths from the first 200 rows across
    batches, a sheet cut across batches), Parquet read back equal."""
    from ai_discourse.render import export

    rows = _rows(530)
    table = _table(rows, batch_rows=60)
    whole = pd.DataFrame(rows, columns=list(TYPES))
    assert csv_bytes(table) == csv_bytes(whole)
    out = io.BytesIO()
    write_csv(table, out)
    assert out.getvalue() == csv_bytes(whole)
    limit = export.XLSX_ROWS
    try:
        export.XLSX_ROWS = 250  # three sheets
        books = []
        for t in (table, whole):
            book = io.BytesIO()
            write_xlsx({"t": t}, book)
            books.append(book.getvalue())
        assert books[0] == books[1]
    finally:
        export.XLSX_ROWS = limit
    parquet = io.BytesIO()
    write_parquet(table, parquet)
    parquet.seek(0)
    pd.testing.assert_frame_equal(pd.read_parquet(parquet), whole)


def test_a_stored_run_keeps_its_disk_tables() -> None:
    rows = _rows(30)
    results, overview = decode(encode({"t": _table(rows)}, {"documents": 10}))
    assert overview == {"documents": 10}
    assert isinstance(results["t"], DiskTable)
    pd.testing.assert_frame_equal(results["t"].to_pandas(), pd.DataFrame(rows, columns=list(TYPES)))
    assert [len(f) for f in frames(results["t"])] == [7, 7, 7, 7, 2]
