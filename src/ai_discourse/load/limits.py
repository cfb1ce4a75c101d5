"""Bounds on a single document: the messages, and the checks made before expensive reading.

One document over `max_doc_chars` (a page, a table row, a spreadsheet cell) would hold Kiwi
for minutes and memory for gigabytes. It is refused by what is cheap to know first: a file's
byte size, a zip entry's uncompressed size, text counted as it streams past.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import IO

LIMIT_HINT = "--max-doc-chars N raises the limit"
MAX_BYTES_PER_CHAR = 4
"""UTF-8 and UTF-16 (surrogate pairs) take at most 4 bytes per character, CP949 2."""


def over_limit(chars: int, limit: int) -> str:
    """`1,500,000 characters, over the limit of 200,000 per document`."""
    return f"{chars:,} characters, over the limit of {limit:,} per document"


def bytes_over_limit(size: int, limit: int) -> str | None:
    """The reason a text file of `size` bytes is over the limit without decoding it, when
    its size alone proves it (a BOM of up to 4 bytes aside), else None."""
    at_least = (size - MAX_BYTES_PER_CHAR) // MAX_BYTES_PER_CHAR
    if at_least <= limit:
        return None
    shown = f"{size / 1e6:.1f} MB" if size >= 1_000_000 else f"{size:,} bytes"
    return f"at least {at_least:,} characters ({shown}), over the limit of {limit:,} per document"


def oversized_xlsx_part(path: Path, limit: int) -> str | None:
    """The part of an .xlsx workbook (a zip of XML files) that holds a cell of more than
    `limit` characters, if one does.

    openpyxl's read-only mode builds every shared string, and each cell's value, whole: a
    workbook of a few hundred KB can unzip to a cell of 120 million characters. Parts whose
    uncompressed size is within the limit cannot hold such a cell (a character takes at
    least a byte); the others are streamed and counted, and the count stops at the first
    cell over the limit, so the monster is never built. Excel itself writes at most
    32,767 characters per cell."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # openpyxl reports the broken file with its own message
    with archive:
        for info in archive.infolist():
            if info.file_size <= limit or info.is_dir():
                continue
            try:
                with archive.open(info) as stream:
                    if _holds_long_cell(stream, limit):
                        return info.filename
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
                continue  # a damaged entry: openpyxl reports it
    return None


class _LongCell(Exception):
    """Raised from inside the XML parser to stop reading at the first long cell."""


_CELLS = frozenset({"si", "c"})
"""A shared string (its rich-text runs counted together) and a worksheet cell."""


def _holds_long_cell(stream: IO[bytes], limit: int) -> bool:
    """Whether the XML in `stream` has a cell (or any text outside cells) longer than
    `limit` characters; a part that is not XML (an image) holds none."""
    from xml.parsers import expat

    parser = expat.ParserCreate()
    parser.buffer_text = True
    count = 0
    inside = 0  # depth of elements within the current cell, 0 outside cells

    def start(name: str, _attributes: object) -> None:
        nonlocal count, inside
        if inside:
            inside += 1
            return
        count = 0
        if name.rpartition(":")[2] in _CELLS:
            inside = 1

    def end(_name: str) -> None:
        nonlocal count, inside
        if inside:
            inside -= 1
            if inside:
                return
        count = 0

    def text(data: str) -> None:
        nonlocal count
        count += len(data)
        if count > limit:
            raise _LongCell

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        while chunk := stream.read(1 << 16):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _LongCell:
        return True
    except expat.ExpatError:
        return False
    return False
