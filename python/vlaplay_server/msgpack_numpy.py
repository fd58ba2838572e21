"""openpi's msgpack convention for NumPy arrays: openpi-client's encoder, a checked decoder.

An array travels as a msgpack map whose four keys are msgpack *bin* (bytes, not str):

    {b"__ndarray__": True, b"data": <bin: raw bytes, C order>, b"dtype": "<f4", b"shape": [H, D]}

and a NumPy scalar as {b"__npgeneric__": True, b"data": <value>, b"dtype": "<i8"}.
dtype strings are numpy's ``dtype.str`` ("<f4", "<f8", "|u1", "|b1", ...).

Encoding is ``openpi_client.msgpack_numpy.pack_array`` itself, so the bytes we send
are openpi's by construction. Decoding is NOT openpi-client's: its ``unpack_array``
builds ``np.ndarray(buffer=..., dtype=...)`` with whatever dtype the client names,
including object (``|O``), so a 150-byte message makes NumPy read client bytes as
object pointers and crashes the server (issue 15; openpi only refuses object arrays
when *sending*). Ours goes through ``array_checks``: plain number dtypes only, and data
exactly shape × itemsize bytes; anything else raises ``RefusedArray``.
python/tests/test_msgpack_numpy.py checks both directions against openpi-client.
"""

from __future__ import annotations

from typing import Any

import msgpack
from openpi_client.msgpack_numpy import pack_array

from .array_checks import RefusedArray, array_from_bytes, scalar_from_value

__all__ = ["pack_array", "unpack_array", "packb", "unpackb", "Packer", "RefusedArray"]


def unpack_array(obj: dict) -> Any:
    """msgpack ``object_hook``: openpi's maps back to arrays and NumPy scalars, checked."""
    if b"__ndarray__" in obj:
        return array_from_bytes(obj.get(b"data"), obj.get(b"dtype"), obj.get(b"shape"))
    if b"__npgeneric__" in obj:
        return scalar_from_value(obj.get(b"dtype"), obj.get(b"data"))
    return obj


def packb(obj: Any) -> bytes:
    return msgpack.packb(obj, default=pack_array)


def unpackb(data: bytes) -> Any:
    return msgpack.unpackb(data, object_hook=unpack_array)


def Packer() -> msgpack.Packer:  # noqa: N802 - mirrors openpi_client's name
    return msgpack.Packer(default=pack_array)
