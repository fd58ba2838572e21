#!/usr/bin/env python3
"""A msgpack peer made of openpi's own code (openpi_client.msgpack_numpy), for
vlaplay's Swift tests of its msgpack codec.

  msgpack_peer.py decode FILE   read one msgpack message, print a JSON description
  msgpack_peer.py encode FILE   write the fixed sample reply below, packed by openpi

decode prints a JSON object: maps are walked recursively; each NumPy array becomes
  {"ndarray": true, "dtype": "<f4", "shape": [10, 7], "sum": <float>, "first": [<up to 8 values>]}
a NumPy scalar becomes {"npgeneric": true, "dtype": "<i8", "value": <value>}, bytes
become {"bytes": <length>}, and everything else (str, int, float, bool, None, lists)
is printed as itself (lists are walked too; NaN/Infinity as JSON's NaN/Infinity).

encode writes exactly this map, packed with openpi_client.msgpack_numpy.packb:
  {
    "actions": np.arange(70, dtype=np.float32).reshape(10, 7) / 10,   # float32 [10, 7]: 0.0, 0.1, ..., 6.9
    "server_timing": {"infer_ms": 1.5},
    "flag": np.bool_(True),                                           # npgeneric "|b1"
    "count": np.int64(3),                                             # npgeneric "<i8"
    "img": np.arange(24, dtype=np.uint8).reshape(2, 4, 3),            # uint8 [2, 4, 3]: 0..23
    "f64": np.array([1.0, -2.5], dtype=np.float64),                   # float64 [2]
    "name": "demo",
    "nested": {"list": [1, 2.5, "x", None, True]},
  }
(np.arange(70, dtype=np.float32) / 10 stays float32: element k is float32(k) / float32(10).)

Run with the project's venv:  .venv-remote/bin/python python/tools/msgpack_peer.py encode /tmp/sample.msgpack
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
from openpi_client import msgpack_numpy


def sample() -> dict[str, Any]:
    return {
        "actions": np.arange(70, dtype=np.float32).reshape(10, 7) / 10,
        "server_timing": {"infer_ms": 1.5},
        "flag": np.bool_(True),
        "count": np.int64(3),
        "img": np.arange(24, dtype=np.uint8).reshape(2, 4, 3),
        "f64": np.array([1.0, -2.5], dtype=np.float64),
        "name": "demo",
        "nested": {"list": [1, 2.5, "x", None, True]},
    }


def describe(v: Any) -> Any:
    if isinstance(v, np.ndarray):
        flat = v.reshape(-1)
        numeric = v.dtype.kind in "biuf"
        return {
            "ndarray": True,
            "dtype": v.dtype.str,
            "shape": list(v.shape),
            "sum": float(flat.astype(np.float64).sum()) if numeric else None,
            "first": [x.item() for x in flat[:8]],
        }
    if isinstance(v, np.generic):
        return {"npgeneric": True, "dtype": v.dtype.str, "value": v.item()}
    if isinstance(v, dict):
        return {(k.decode("utf-8", "replace") if isinstance(k, bytes) else str(k)): describe(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [describe(x) for x in v]
    if isinstance(v, (bytes, bytearray)):
        return {"bytes": len(v)}
    return v


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("command", choices=["decode", "encode"])
    p.add_argument("file", type=Path)
    a = p.parse_args(argv)
    if a.command == "encode":
        a.file.write_bytes(msgpack_numpy.packb(sample()))
        return 0
    try:
        value = msgpack_numpy.unpackb(a.file.read_bytes())
    except Exception as e:  # noqa: BLE001 - report any decoding failure plainly
        print(f"msgpack_peer: cannot decode {a.file}: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    json.dump(describe(value), sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
