"""Reads a Parquet file with pyarrow and prints what it holds as JSON, for Swift tests.

    .venv-remote/bin/python python/tools/parquet_peer.py FILE

Prints {"types": {column: arrow type}, "rows": [...], "row_groups": N, "metadata": {...}};
bytes print as {"bytes_hex": "..."}, float32 values as the doubles they widen to.
"""

from __future__ import annotations

import json
import sys

import pyarrow.parquet as pq


def plain(value):
    if isinstance(value, bytes):
        return {"bytes_hex": value.hex()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def main() -> None:
    path = sys.argv[1]
    f = pq.ParquetFile(path)
    table = f.read()
    meta = {k.decode(): v.decode() for k, v in (f.schema_arrow.metadata or {}).items()}
    print(json.dumps({
        "types": {field.name: str(field.type) for field in table.schema},
        "rows": [plain(r) for r in table.to_pylist()],
        "row_groups": f.num_row_groups,
        "metadata": meta,
    }))


if __name__ == "__main__":
    main()
