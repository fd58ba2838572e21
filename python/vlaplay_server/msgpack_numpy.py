"""openpi's msgpack convention for NumPy arrays, without depending on openpi-client.

An array travels as a msgpack map whose four keys are msgpack *bin* (bytes, not str):

    {b"__ndarray__": True, b"data": <bin: raw bytes, C order>, b"dtype": "<f4", b"shape": [H, D]}

and a NumPy scalar as {b"__npgeneric__": True, b"data": <value>, b"dtype": "<i8"}.
dtype strings are numpy's ``dtype.str`` ("<f4", "<f8", "|u1", "|b1", ...). Object,
void and complex arrays are refused, as openpi does (no pickle fallback).

The bytes this module writes are identical to ``openpi_client.msgpack_numpy.packb``
(python/tests/test_msgpack_numpy.py checks it both ways).
"""

from __future__ import annotations

from typing import Any

import msgpack
import numpy as np

__all__ = ["pack_array", "unpack_array", "packb", "unpackb", "Packer"]


def pack_array(obj: Any) -> Any:
    """msgpack ``default`` hook: arrays and NumPy scalars to openpi's maps."""
    if isinstance(obj, (np.ndarray, np.generic)) and obj.dtype.kind in ("V", "O", "c"):
        raise ValueError(f"Unsupported dtype: {obj.dtype}")
    if isinstance(obj, np.ndarray):
        return {
            b"__ndarray__": True,
            b"data": obj.tobytes(),
            b"dtype": obj.dtype.str,
            b"shape": obj.shape,
        }
    if isinstance(obj, np.generic):
        return {
            b"__npgeneric__": True,
            b"data": obj.item(),
            b"dtype": obj.dtype.str,
        }
    return obj


def unpack_array(obj: dict) -> Any:
    """msgpack ``object_hook``: openpi's maps back to arrays and NumPy scalars."""
    if b"__ndarray__" in obj:
        return np.ndarray(buffer=obj[b"data"], dtype=np.dtype(obj[b"dtype"]), shape=obj[b"shape"])
    if b"__npgeneric__" in obj:
        return np.dtype(obj[b"dtype"]).type(obj[b"data"])
    return obj


def packb(obj: Any) -> bytes:
    return msgpack.packb(obj, default=pack_array)


def unpackb(data: bytes) -> Any:
    return msgpack.unpackb(data, object_hook=unpack_array)


def Packer() -> msgpack.Packer:  # noqa: N802 - mirrors openpi_client's name
    return msgpack.Packer(default=pack_array)
