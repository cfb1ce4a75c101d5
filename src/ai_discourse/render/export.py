"""CSV (UTF-8 with BOM, for Excel), JSON and atomic file writes."""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ai_discourse import __version__

if TYPE_CHECKING:
    import pandas as pd

    from ai_discourse.analysis import Analysis

SCHEMA_VERSION = 1
"""Bumped whenever a key of the JSON output is renamed or removed (additions keep it)."""


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never half.

    The bytes go to a temporary file in the same folder, are flushed to disk, then renamed
    over the target (an atomic rename on POSIX and Windows).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600 files; give the usual mode
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


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
    text_columns = [c for c in table.columns if not any(test(table[c]) for test in kept)]
    if not text_columns:
        return table
    safe = table.copy()
    for column in text_columns:
        safe[column] = safe[column].map(neutralise_formula)
    return safe


def csv_bytes(table: pd.DataFrame) -> bytes:
    """A table as CSV bytes in UTF-8 with BOM, so Excel shows Korean without an import wizard.

    Text cells that would run as formulas in a spreadsheet are neutralised (see
    `neutralise_formula`); JSON output keeps the text as it is.
    """
    buffer = io.StringIO()
    spreadsheet_safe(table).to_csv(buffer, index=False, lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")


def _clean(value: Any) -> Any:
    """JSON-safe plain values: NaN -> null, numpy scalars -> Python numbers."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return _clean(value.item())
    return value


def records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """A table as a list of JSON-ready dicts."""
    return [{str(k): _clean(v) for k, v in row.items()} for row in table.to_dict(orient="records")]


def to_json_head(result: Analysis) -> dict[str, Any]:
    """The document's keys before the tables."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "ai-discourse", "version": __version__},
        "overview": result.overview,
        "skipped": [{"path": s.path, "reason": s.reason, "hint": s.hint} for s in result.skipped],
    }


def to_json_document(result: Analysis) -> dict[str, Any]:
    """The stable JSON document of `--format json` and summary.json."""
    doc = to_json_head(result)
    for name, table in result.tables().items():
        doc[name] = records(table)
    return doc


def json_text(document: Mapping[str, Any]) -> str:
    """The document with one key per line and, in tables, one row per line: readable,
    greppable, and written by the C encoder (an indented dump of a large corpus's
    tables takes seconds in the pure-Python one)."""

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = []
    for key, value in document.items():
        if isinstance(value, list) and value:
            rows = ",\n    ".join(dump(v) for v in value)
            lines.append(f"  {dump(key)}: [\n    {rows}\n  ]")
        else:
            lines.append(f"  {dump(key)}: {dump(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def document_text(result: Analysis) -> str:
    """`json_text(to_json_document(result))`, with each table's rows written by pandas'
    C JSON writer (the same document once parsed; a large corpus's tables are written
    in a fraction of the time)."""
    head = to_json_head(result)
    lines = [f"  {json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}"
             for k, v in head.items()]  # fmt: skip
    for name, table in result.tables().items():
        if table.empty:
            lines.append(f"  {json.dumps(name)}: []")
            continue
        rows = table.to_json(orient="records", lines=True, force_ascii=False).strip()
        lines.append(f"  {json.dumps(name)}: [\n    " + rows.replace("\n", ",\n    ") + "\n  ]")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def export(result: Analysis, out_dir: Path) -> list[Path]:
    """Write every table as `<name>.csv` plus `summary.json` into `out_dir`; returns the paths.

    All files are rendered in memory first, so a failure while rendering writes nothing.
    """
    files: dict[Path, bytes] = {
        out_dir / f"{name}.csv": csv_bytes(table) for name, table in result.tables().items()
    }
    files[out_dir / "summary.json"] = document_text(result).encode("utf-8")
    for path, data in files.items():
        atomic_write(path, data)
    return list(files)
