"""Arrays that arrive from clients are checked before NumPy sees them.

Both wire formats (openpi's msgpack maps and json_numpy's JSON dicts) let the client
name an array's dtype and shape and send its raw bytes. Building
``np.ndarray(buffer=data, dtype=dtype, shape=shape)`` from those unchecked lets a
client choose dtype ``|O`` (object): NumPy then reads the client's bytes as object
pointers, and one 150-byte message crashes the server (issue 15). So only plain
numbers are accepted — bool, signed and unsigned integers, floats — never object,
void, structured, sub-array, string, complex or datetime dtypes; the data must be
exactly shape × itemsize bytes; and a refusal is a ``RefusedArray`` whose message
says what arrived and what is allowed.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["RefusedArray", "checked_dtype", "array_from_bytes", "scalar_from_value"]

# dtype.kind: b bool, i signed, u unsigned, f float. Everything else either holds
# pointers (O), arbitrary records (V) or is not a number a policy reads.
ALLOWED_KINDS = {"b": "bool", "i": "int", "u": "uint", "f": "float"}
ALLOWED = "bool, int8-64, uint8-64, float16-64 (e.g. '<f4', '|u1', '|b1')"
# NumPy's own limit is 64 dimensions; no observation has more than a handful.
MAX_DIMS = 32


class RefusedArray(ValueError):
    """An array or scalar from a client that the server will not build."""


def checked_dtype(name: Any) -> np.dtype:
    """The dtype a client named, if it is a plain number type; else RefusedArray."""
    if not isinstance(name, str):
        raise RefusedArray(f"refused array: dtype must be a string such as '<f4', got {type(name).__name__}")
    try:
        dtype = np.dtype(name)
    except Exception as e:  # noqa: BLE001 - NumPy's dtype parser also raises SyntaxError (",")
        raise RefusedArray(f"refused array: dtype {name!r} is not a NumPy dtype ({e})") from None
    if dtype.kind not in ALLOWED_KINDS or dtype.fields is not None or dtype.subdtype is not None:
        raise RefusedArray(f"refused array: dtype {name!r} ({dtype}) is not allowed; allowed: {ALLOWED}")
    return dtype


def checked_shape(shape: Any) -> tuple[int, ...]:
    if not isinstance(shape, (list, tuple)) or len(shape) > MAX_DIMS:
        raise RefusedArray(f"refused array: shape must be a list of at most {MAX_DIMS} sizes, got {shape!r:.80}")
    # bool is an int subclass; True as a size is a client bug, not 1.
    if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in shape):
        raise RefusedArray(f"refused array: shape must hold whole numbers >= 0, got {shape!r:.80}")
    return tuple(shape)


def array_from_bytes(data: Any, dtype_name: Any, shape: Any) -> np.ndarray:
    """A read-only array over ``data``, once dtype, shape and length agree."""
    dtype = checked_dtype(dtype_name)
    dims = checked_shape(shape)
    if not isinstance(data, (bytes, bytearray)):
        raise RefusedArray(f"refused array: data must be bytes, got {type(data).__name__}")
    count = 1
    for n in dims:
        count *= n  # Python ints: no overflow however large the declared shape
    if len(data) != count * dtype.itemsize:
        raise RefusedArray(f"refused array: shape {list(dims)} of {dtype.str} needs {count * dtype.itemsize} bytes, "
                           f"got {len(data)}")
    return np.ndarray(buffer=data, dtype=dtype, shape=dims)


def scalar_from_value(dtype_name: Any, value: Any) -> np.generic:
    """A NumPy scalar of a plain number type from a bool, int or float."""
    dtype = checked_dtype(dtype_name)
    if not isinstance(value, (bool, int, float)):
        raise RefusedArray(f"refused scalar: {dtype.str} from a {type(value).__name__}")
    try:
        return dtype.type(value)
    except (OverflowError, ValueError, TypeError) as e:
        raise RefusedArray(f"refused scalar: {value!r:.40} as {dtype.str} ({e})") from None
