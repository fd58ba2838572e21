"""The json_numpy convention (PyPI ``json-numpy``, used by OpenVLA's deploy.py).

An array in JSON is ``{"__numpy__": <base64 of the raw bytes>, "dtype": "<f4",
"shape": [H, W, 3]}``; shape [] is a scalar. Implemented here in a few lines so the
server needs only NumPy; python/tests/test_http.py checks it against the real package.
Decoding accepts plain number dtypes only, with data exactly shape × itemsize bytes
(see array_checks: a client must not choose what NumPy builds from its bytes).
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

import numpy as np

from .array_checks import RefusedArray, array_from_bytes

__all__ = ["object_hook", "encode_array"]


def object_hook(d: dict) -> Any:
    """``json.loads(..., object_hook=object_hook)``: decodes json_numpy dicts."""
    if "__numpy__" in d:
        # Structured dtypes arrive as descr lists; only a plain dtype string is a number type.
        if not isinstance(d["__numpy__"], str):
            raise RefusedArray("refused array: __numpy__ must be a base64 string")
        try:
            data = base64.b64decode(d["__numpy__"], validate=True)
        except binascii.Error as e:
            raise RefusedArray(f"refused array: __numpy__ is not base64 ({e})") from None
        shape = d.get("shape") or []
        arr = array_from_bytes(data, d.get("dtype"), shape)
        return arr if shape else arr[()]
    return d


def encode_array(a: np.ndarray) -> dict:
    """One array as a json_numpy dict (what ``json_numpy.dumps(a)`` writes)."""
    # Not np.ascontiguousarray: it turns a 0-d array (a scalar) into shape [1].
    a = np.asarray(a)
    a = a if a.flags.c_contiguous else a.copy(order="C")
    return {
        "__numpy__": base64.b64encode(a.tobytes()).decode("ascii"),
        "dtype": np.lib.format.dtype_to_descr(a.dtype),
        "shape": list(a.shape),
    }
