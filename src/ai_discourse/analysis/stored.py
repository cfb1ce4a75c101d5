"""A run's reduced results as bytes and back, stored as data only: what lets an unchanged
(corpus, settings) pair skip the reduce step (the third table of the cache).

The results are the analyses' own records (dataclasses of this package), tables, graphs
and plain values. They are written as one JSON tree, the tables each as an Arrow file and the
graphs as their nodes and edges in order, and read back by constructing only those: a
dataclass of `ai_discourse` named in the tree, a DataFrame, a networkx graph, numbers,
text, lists, tuples and dicts; a table kept on disk (`disk.DiskTable`) is stored as its
file. Anything else (a result a third-party analysis returns
in another shape) makes `encode` raise `NotStorable`, and the run is simply not stored.

    b"ADRR1" | header length (8 bytes) | zlib(JSON tree) | (length, Arrow IPC table)…
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import struct
import zlib
from typing import Any

from ai_discourse.analysis.disk import DiskTable

MAGIC = b"ADRR1"


class NotStorable(TypeError):
    """A value the store cannot write and read back faithfully."""


def encode(results: dict[str, Any], overview: dict[str, Any]) -> bytes:
    """The results and the overview as bytes (NotStorable: a value of another shape)."""
    tables: list[bytes] = []
    tree = _encode({"results": results, "overview": overview}, tables)
    header = zlib.compress(
        json.dumps(tree, ensure_ascii=False, separators=(",", ":"), allow_nan=True).encode()
    )
    parts = [MAGIC, struct.pack("<Q", len(header)), header]
    for blob in tables:
        parts += [struct.pack("<Q", len(blob)), blob]
    return b"".join(parts)


def decode(blob: bytes) -> tuple[dict[str, Any], dict[str, Any]]:
    """The results and the overview back; ValueError for bytes that are not a stored run."""
    if not blob.startswith(MAGIC):
        raise ValueError("not a stored run")
    view = memoryview(blob)
    at = len(MAGIC)
    tables: list[bytes] = []
    (size,) = struct.unpack_from("<Q", view, at)
    header = bytes(view[at + 8 : at + 8 + size])
    at += 8 + size
    while at < len(view):
        (n,) = struct.unpack_from("<Q", view, at)
        tables.append(bytes(view[at + 8 : at + 8 + n]))
        at += 8 + n
    if at != len(view):
        raise ValueError("a truncated stored run")
    tree = json.loads(zlib.decompress(header))
    value = _decode(tree, tables)
    if not isinstance(value, dict):
        raise ValueError("a stored run of another shape")
    return value["results"], value["overview"]


# --- the tree ---------------------------------------------------------------------------------


def _encode(value: Any, tables: list[bytes]) -> Any:
    import numpy as np
    import pandas as pd

    if value is None or type(value) in (bool, int, float, str):
        return value
    if isinstance(value, np.generic):
        return {"np": value.dtype.str, "v": value.item()}
    if type(value) is list:
        return [_encode(v, tables) for v in value]
    if type(value) is tuple:
        return {"t": [_encode(v, tables) for v in value]}
    if type(value) is dict:
        return {"d": [[_encode(k, tables), _encode(v, tables)] for k, v in value.items()]}
    if type(value) is DiskTable:
        tables.append(value.data())  # an Arrow IPC file already
        return {"disk": len(tables) - 1}
    if type(value) is pd.DataFrame:
        tables.append(_arrow(value))
        # Columns of Python objects (text with None): pandas would read them back as its
        # string dtype, with NaN for None.
        objects = [k for k, dtype in enumerate(value.dtypes) if str(dtype) == "object"]
        return {"df": len(tables) - 1, "obj": objects}
    if _is_graph(value):
        return {
            "graph": type(value).__name__,
            "attrs": _encode(dict(value.graph), tables),
            "nodes": [[_encode(n, tables), _encode(a, tables)] for n, a in value.nodes(data=True)],
            "edges": [
                [_encode(u, tables), _encode(v, tables), _encode(a, tables)]
                for u, v, a in value.edges(data=True)
            ],
        }
    cls = type(value)
    if dataclasses.is_dataclass(value) and cls.__module__.startswith("ai_discourse."):
        fields = dataclasses.fields(value)
        if any(not f.init for f in fields):
            raise NotStorable(f"{cls.__qualname__}: a field outside __init__")
        return {
            "dc": f"{cls.__module__}:{cls.__qualname__}",
            "f": {f.name: _encode(getattr(value, f.name), tables) for f in fields},
        }
    raise NotStorable(f"a value of type {cls.__module__}.{cls.__qualname__}")


def _decode(tree: Any, tables: list[bytes]) -> Any:
    if tree is None or type(tree) in (bool, int, float, str):
        return tree
    if type(tree) is list:
        return [_decode(v, tables) for v in tree]
    if type(tree) is not dict or len(tree) not in (1, 2, 4):
        raise ValueError("a stored value of another shape")
    if "t" in tree:
        return tuple(_decode(v, tables) for v in tree["t"])
    if "d" in tree:
        return {_decode(k, tables): _decode(v, tables) for k, v in tree["d"]}
    if "np" in tree:
        import numpy as np

        return np.dtype(str(tree["np"])).type(tree["v"])
    if "disk" in tree:
        return DiskTable.from_bytes(tables[int(tree["disk"])])
    if "df" in tree:
        return _frame(tables[int(tree["df"])], [int(k) for k in tree["obj"]])
    if "graph" in tree:
        return _graph(tree, tables)
    if "dc" in tree:
        cls = _dataclass(str(tree["dc"]))
        return cls(**{k: _decode(v, tables) for k, v in dict(tree["f"]).items()})
    raise ValueError("a stored value of another shape")


def _dataclass(name: str) -> Any:
    """A dataclass of this package by `module:qualname`, and nothing else."""
    module, _, qualname = name.partition(":")
    if not module.startswith("ai_discourse.") or not all(
        part.isidentifier() for part in (*module.split("."), *qualname.split("."))
    ):
        raise ValueError(f"{name!r} is no record of ai-discourse")
    found: Any = importlib.import_module(module)
    for part in qualname.split("."):
        found = getattr(found, part)
    if not (isinstance(found, type) and dataclasses.is_dataclass(found)):
        raise ValueError(f"{name!r} is no record of ai-discourse")
    return found


def _is_graph(value: Any) -> bool:
    module = type(value).__module__
    return module.startswith("networkx.") and type(value).__name__ in ("Graph", "DiGraph")


def _graph(tree: dict[str, Any], tables: list[bytes]) -> Any:
    import networkx as nx

    kinds = {"Graph": nx.Graph, "DiGraph": nx.DiGraph}
    graph = kinds[str(tree["graph"])]()
    graph.graph.update(_decode(tree["attrs"], tables))
    for node, attrs in tree["nodes"]:
        graph.add_node(_decode(node, tables), **_decode(attrs, tables))
    for u, v, attrs in tree["edges"]:
        graph.add_edge(_decode(u, tables), _decode(v, tables), **_decode(attrs, tables))
    return graph


def _arrow(frame: Any) -> bytes:
    """A table as an Arrow IPC file (zstd): pandas' dtypes and index kept in its schema,
    read back without pyarrow's Parquet and dataset modules (a third of a second)."""
    import pyarrow as pa

    try:
        table = pa.Table.from_pandas(frame, preserve_index=None)
    except (pa.ArrowException, ValueError, TypeError) as exc:
        raise NotStorable(f"a table Arrow cannot hold ({exc})") from None
    sink = pa.BufferOutputStream()
    options = pa.ipc.IpcWriteOptions(compression="zstd")
    with pa.ipc.new_file(sink, table.schema, options=options) as writer:
        writer.write_table(table)
    return bytes(sink.getvalue())


def _frame(blob: bytes, objects: list[int]) -> Any:
    import pandas as pd
    import pyarrow as pa

    table = pa.ipc.open_file(pa.py_buffer(blob)).read_all()
    frame = table.to_pandas()
    for k in objects:
        name = frame.columns[k]
        values = table.column(table.schema.get_field_index(str(name))).to_pylist()
        frame[name] = pd.Series(values, dtype=object, index=frame.index)
    return frame
