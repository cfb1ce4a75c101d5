"""Tables with a row per document (or per quote, per sentence): written to disk as the
folds make them and read back in batches, so that a run's memory does not grow with its
corpus.

A fold appends rows to a `RowSink`; every `BATCH_ROWS` rows go to a temporary Arrow IPC
file (Arrow's own columnar format, compressed, a batch at a time). `close()` gives a
`DiskTable`: the terminal and the report read its first rows (`head`), the exports read
it batch by batch (`batches`), and a caller that wants the whole table asks for it
(`to_pandas`). The file goes with the table (when it is collected, or when the process
ends); a killed process may leave it in the system's temporary folder.

Small tables (the corpus-wide counts) stay pandas DataFrames; code that takes either
reads them through `frames`, `head_of` and `length`.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

BATCH_ROWS = 50_000
"""Rows held before they are written out, and rows per batch read back."""

_TYPES = ("str", "int", "float", "bool")


def _arrow_type(name: str) -> pa.DataType:
    import pyarrow as pa

    return {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}[name]


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.remove(path)


class RowSink:
    """Rows of one table, appended in order and written out in batches. `columns` maps
    each column to its type: `str` (None allowed), `int`, `float` or `bool`."""

    def __init__(self, columns: Mapping[str, str], *, batch_rows: int = BATCH_ROWS) -> None:
        unknown = [t for t in columns.values() if t not in _TYPES]
        if unknown:
            raise ValueError(f"column types are {', '.join(_TYPES)}, not {unknown}")
        self.columns = dict(columns)
        self.batch_rows = batch_rows
        self.rows: list[Sequence[Any]] = []
        self.count = 0
        self._writer: Any = None
        self._path = ""
        self._cleanup: weakref.finalize[Any, Any] | None = None

    @property
    def schema(self) -> pa.Schema:
        import pyarrow as pa

        return pa.schema([(name, _arrow_type(t)) for name, t in self.columns.items()])

    def __len__(self) -> int:
        """Rows appended so far."""
        return self.count + len(self.rows)

    def append(self, row: Sequence[Any]) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.batch_rows:
            self.flush()

    def extend(self, rows: Iterable[Sequence[Any]]) -> None:
        for row in rows:
            self.append(row)

    def write_columns(self, columns: Mapping[str, Any]) -> None:
        """Rows given as whole columns (lists or numpy arrays, one per column, in order):
        written as one batch after the rows held."""
        import pyarrow as pa

        self.flush()
        arrays = [
            pa.array(columns[name], type=_arrow_type(kind)) for name, kind in self.columns.items()
        ]
        self._write(pa.RecordBatch.from_arrays(arrays, schema=self.schema))

    def copy(self, table: DiskTable) -> None:
        """Append every row of `table` (of these columns), batch by batch."""
        import pyarrow as pa

        self.flush()
        with pa.memory_map(table.path) as source:
            reader = pa.ipc.open_file(source)
            for k in range(reader.num_record_batches):
                self._write(reader.get_batch(k))

    def flush(self) -> None:
        """Write the rows held as one batch."""
        import pyarrow as pa

        if not self.rows:
            return
        values = list(zip(*self.rows, strict=True))
        arrays = [
            pa.array(values[k], type=_arrow_type(kind))
            for k, kind in enumerate(self.columns.values())
        ]
        self.rows = []
        self._write(pa.RecordBatch.from_arrays(arrays, schema=self.schema))

    def _write(self, batch: pa.RecordBatch) -> None:
        import pyarrow as pa

        if self._writer is None:
            handle, self._path = tempfile.mkstemp(prefix="ai-discourse-", suffix=".arrow")
            os.close(handle)
            self._cleanup = weakref.finalize(self, _remove, self._path)
            options = pa.ipc.IpcWriteOptions(compression="lz4")
            self._writer = pa.ipc.new_file(self._path, self.schema, options=options)
        if batch.num_rows:
            self._writer.write_batch(batch)
            self.count += batch.num_rows

    def close(self) -> DiskTable:
        """The table of every row appended (the sink is done with)."""
        self.flush()
        if self._writer is None:
            self._write(_empty(self))  # an empty table has its file too, with its columns
        self._writer.close()
        assert self._cleanup is not None
        self._cleanup.detach()  # the table removes the file now
        return DiskTable(self._path, self.count)


def _empty(sink: RowSink) -> pa.RecordBatch:
    import pyarrow as pa

    return pa.RecordBatch.from_pylist([], schema=sink.schema)


class DiskTable:
    """A table in an Arrow IPC file (see the module): its length and columns, its first
    rows, its batches in order, or the whole of it as a DataFrame. Read back, text columns
    are pandas' text, `int` columns int64, `float` float64, as the same rows given to
    `pd.DataFrame` would be."""

    def __init__(self, path: str, rows: int, *, owned: bool = True) -> None:
        self.path = path
        self.rows = rows
        if owned:
            weakref.finalize(self, _remove, path)

    @classmethod
    def from_bytes(cls, data: bytes) -> DiskTable:
        """A table from the bytes of its file (a stored run), in a file of its own."""
        import pyarrow as pa

        handle, path = tempfile.mkstemp(prefix="ai-discourse-", suffix=".arrow")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        with pa.memory_map(path) as source:
            reader = pa.ipc.open_file(source)
            rows = sum(reader.get_batch(k).num_rows for k in range(reader.num_record_batches))
        return cls(path, rows)

    def data(self) -> bytes:
        return Path(self.path).read_bytes()

    def __len__(self) -> int:
        return self.rows

    def __repr__(self) -> str:
        return f"DiskTable({self.rows:,} rows, {list(self.columns)})"

    @property
    def empty(self) -> bool:
        return self.rows == 0

    @property
    def columns(self) -> list[str]:
        import pyarrow as pa

        with pa.memory_map(self.path) as source:
            return list(pa.ipc.open_file(source).schema.names)

    def batches(self, columns: Sequence[str] | None = None) -> Iterator[pd.DataFrame]:
        """The rows in order, a DataFrame per stored batch, indexed by row number from 0
        over the whole table; `columns`: only those."""
        import pandas as pd
        import pyarrow as pa

        start = 0
        with pa.memory_map(self.path) as source:
            reader = pa.ipc.open_file(source)
            for k in range(reader.num_record_batches):
                batch = reader.get_batch(k)
                if columns is not None:
                    batch = batch.select(list(columns))
                frame = batch.to_pandas()
                frame.index = pd.RangeIndex(start, start + len(frame))
                start += len(frame)
                yield frame

    def head(self, n: int = 5) -> pd.DataFrame:
        """The first `n` rows."""
        import pandas as pd

        parts, have = [], 0
        for frame in self.batches():
            parts.append(frame.head(n - have))
            have += len(parts[-1])
            if have >= n:
                break
        if not parts:
            return self.to_pandas()
        return parts[0] if len(parts) == 1 else pd.concat(parts)

    def to_pandas(self) -> pd.DataFrame:
        """The whole table in memory."""
        import pyarrow as pa

        with pa.memory_map(self.path) as source:
            frame: pd.DataFrame = pa.ipc.open_file(source).read_all().to_pandas()
        return frame


Table = Any
"""A table of a run: a pandas DataFrame or a `DiskTable` (typed loosely: pandas is not
imported to name it)."""


def frames(table: Table) -> Iterator[pd.DataFrame]:
    """A table's rows as DataFrames in order: the frame itself, or a disk table's batches."""
    if isinstance(table, DiskTable):
        yield from table.batches()
    else:
        yield table


def materialize(table: Table) -> pd.DataFrame:
    """The whole table as a DataFrame."""
    frame: pd.DataFrame = table.to_pandas() if isinstance(table, DiskTable) else table
    return frame


def top_rows(
    table: Table,
    n: int,
    by: Sequence[str],
    prepare: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
) -> tuple[pd.DataFrame, int]:
    """The `n` rows largest by the columns `by` (ties: the earlier row first), largest
    first, and how many rows there were; `prepare` filters each batch (and may add the
    columns to sort by). Read batch by batch: memory holds `n` rows and a batch. The same
    rows as a stable descending sort of the whole (prepared) table, cut to `n`."""
    import pandas as pd

    best: pd.DataFrame | None = None
    total = 0
    for frame in frames(table):
        if prepare is not None:
            frame = prepare(frame)
        total += len(frame)
        pool = frame if best is None else pd.concat([best.sort_index(), frame])
        best = pool.sort_values(list(by), ascending=False, kind="stable").head(n)
    if best is None:  # a table without batches
        best = prepare(materialize(table)) if prepare is not None else materialize(table)
    return best, total
